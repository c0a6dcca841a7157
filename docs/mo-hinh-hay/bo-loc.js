// Bộ lọc danh sách mô hình hay / điển hình tiên tiến (tăng cường dần).
// Without JavaScript the gallery already lists every card, then the same pages
// grouped by content area, pillar, locality and unit kind. With it, this script
// builds one <select> per facet from those facet headings (h2.phongtrao-facet,
// h3.phongtrao-facet-value id="FACET--VALUE") and hides the cards (li with
// class "pt-FACET--VALUE") that do not match. No inline script, no on* attribute.
(function () {
  "use strict";

  function setup() {
    var gallery = document.querySelector(".phongtrao-gallery");
    if (!gallery || gallery.querySelector(".phongtrao-filter")) return;
    var items = Array.prototype.slice.call(gallery.querySelectorAll("li.phongtrao-item"));
    var facets = Array.prototype.slice.call(document.querySelectorAll("h2.phongtrao-facet"));
    if (!items.length || !facets.length) return;

    var form = document.createElement("form");
    form.className = "phongtrao-filter";
    form.setAttribute("aria-label", "Lọc danh sách");
    var selects = [];
    facets.forEach(function (heading) {
      var name = heading.id.replace(/^theo-/, "");
      var values = Array.prototype.slice.call(document.querySelectorAll("h3.phongtrao-facet-value"))
        .filter(function (h) { return h.id.indexOf(name + "--") === 0; });
      if (!values.length) return;
      var label = document.createElement("label");
      label.appendChild(document.createTextNode((heading.getAttribute("title") || name) + " "));
      var select = document.createElement("select");
      select.name = name;
      select.appendChild(new Option("Tất cả", ""));
      values.forEach(function (h) { select.appendChild(new Option(h.textContent, h.id)); });
      label.appendChild(select);
      form.appendChild(label);
      form.appendChild(document.createTextNode(" "));
      selects.push(select);
    });
    var count = document.createElement("output");
    count.setAttribute("aria-live", "polite");
    form.appendChild(count);

    function apply() {
      var shown = 0;
      items.forEach(function (li) {
        var ok = selects.every(function (s) { return !s.value || li.classList.contains("pt-" + s.value); });
        li.hidden = !ok;
        if (ok) shown += 1;
      });
      count.textContent = "Đang hiện " + shown + "/" + items.length;
    }
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    gallery.insertBefore(form, gallery.firstChild);
    apply();
  }

  // Material's instant navigation swaps pages without reloading: re-run on each page.
  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(setup);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
