// The national page: one search over every province site's Pagefind index (mergeIndex), folded as on
// each province's own search (đ → d, tone marks off), results drawn with textContent only.
(function () {
  var form = document.querySelector("[data-pt-national]");
  if (!form) return;
  var sites = JSON.parse(form.getAttribute("data-sites") || "[]"), base = form.getAttribute("data-base") || "/";
  if (!sites.length) return;
  var input = form.querySelector("input"), meta = document.querySelector("[data-pt-national-meta]");
  var list = document.querySelector("[data-pt-national-list]");
  var names = {};
  sites.forEach(function (s) { names[s.slug] = s.name; });
  var SHOWN = 10, ready = null, turn = 0, timer = null;
  function fold(text) {
    return String(text).toLowerCase().replace(/đ/g, "d").normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }
  function load() {
    // the first province's engine, then each other province's index merged into it
    ready = ready || import(base + sites[0].slug + "/pagefind/pagefind.js").then(function (pf) {
      return pf.options({ baseUrl: base + sites[0].slug + "/", excerptLength: 0,
                          ranking: { metaWeights: { t: 10, title: 0, dd: 0 } } })
        .then(function () {
          return sites.slice(1).reduce(function (p, s) {
            return p.then(function () { return pf.mergeIndex(base + s.slug + "/pagefind/", { baseUrl: base + s.slug + "/" }); });
          }, Promise.resolve());
        })
        .then(function () { return pf.init(); }).then(function () { return pf; });
    });
    return ready;
  }
  function province(url) {
    var rest = url.indexOf(base) === 0 ? url.slice(base.length) : url.replace(/^\//, "");
    return names[rest.split("/")[0]] || "";
  }
  function run() {
    var mine = ++turn, words = fold(input.value).split(/[^a-z0-9]+/).filter(Boolean);
    if (!words.length) { list.textContent = ""; meta.textContent = ""; return; }
    load().then(function (pf) { return pf.search(words.join(" ")); }).then(function (search) {
      if (mine !== turn) return null;
      meta.textContent = search.results.length ? "Tìm thấy " + search.results.length + " trang" : "Không tìm thấy trang nào.";
      return Promise.all(search.results.slice(0, SHOWN).map(function (r) { return r.data(); }));
    }).then(function (found) {
      if (!found || mine !== turn) return;
      list.textContent = "";
      list.setAttribute("data-pt-query", input.value.trim());
      found.forEach(function (d) {
        var li = document.createElement("li"), a = document.createElement("a"), where = document.createElement("span");
        li.className = "pt-national-result";
        a.href = d.url;
        a.textContent = (d.meta && d.meta.title) || d.url;
        where.textContent = " — " + province(d.url);
        li.appendChild(a); li.appendChild(where); list.appendChild(li);
      });
    }).catch(function () {
      if (mine === turn) meta.textContent = "Chưa tìm được: không tải được chỉ mục tìm kiếm. Hãy thử lại.";
    });
  }
  input.addEventListener("focus", load, { once: true });
  input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 150); });
  form.addEventListener("submit", function (e) { e.preventDefault(); clearTimeout(timer); run(); });
})();
