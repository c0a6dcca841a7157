// Loads the form editor only where its container is (/sua-du-lieu/): the libraries (yaml,
// JSON Schema check: 37 KB gzipped) never reach a citizen's phone on any other page.
// Files from the site's own origin only (CSP script-src 'self'); works with instant navigation.
(function () {
  "use strict";
  var here = document.currentScript && document.currentScript.src;
  function load(src) {
    return new Promise(function (resolve, reject) {
      var s = document.createElement("script");
      s.src = new URL(src, here).href;
      s.onload = resolve;
      s.onerror = reject;
      document.head.appendChild(s);
    });
  }
  var loading = null;
  function init() {
    var root = document.getElementById("pt-editor");
    if (!root || root.getAttribute("data-started")) return;
    root.setAttribute("data-started", "1");
    loading = loading || load("vendor/phongtrao-editor-libs.js").then(function () { return load("phongtrao-editor.js"); });
    loading.then(function () { window.PhongTraoEditor.start(root); }, function () {
      root.querySelector(".pt-editor-loading").textContent = "Không tải được biểu mẫu. Hãy tải lại trang.";
    });
  }
  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
