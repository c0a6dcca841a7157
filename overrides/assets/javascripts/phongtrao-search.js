// The site's search box (partials/phongtrao-search.html), backed by Pagefind (site/pagefind/).
//
// - Pagefind is loaded when the citizen opens the search or focuses the box (while still reading),
//   not with every page: a phone that never searches fetches none of it.
// - The query is folded as the index was (lower case, đ → d, tone marks dropped:
//   publishing/search_index.py), so "binh dan hoc vu so" and "Bình dân học vụ số" find the same pages.
// - Results show the accented title and an excerpt cut from the accented text, the searched words
//   marked; the page being read is marked too; filters by commune or ward and by kind of page.
// - Everything from the index is put in the page as text (textContent), never as HTML.
// - Works with Material's instant navigation and under the site's CSP (script-src 'self'
//   'wasm-unsafe-eval': Pagefind searches in WebAssembly).
(function () {
  "use strict";
  var here = document.currentScript && document.currentScript.src;
  var SITE = new URL("../../", here);                 // this file is assets/javascripts/…
  var SHOWN = 6;   // results drawn at first, each loading its fragment: what a phone screen shows, one round of requests
  var EXCERPT_WORDS = 28;
  var pagefind = null, loading = null, filters = {}, counter = 0, filtersLoaded = false;

  function options() {
    var chosen = Object.keys(filters).map(function (k) { return k + ":" + filters[k]; });
    return chosen.length ? { filters: { loc: { all: chosen } } } : {};
  }

  function fold(text) {
    return String(text || "").toLowerCase().replace(/đ/g, "d").normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }
  function terms(query) { return fold(query).split(/[^a-z0-9]+/).filter(Boolean); }
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") node.textContent = attrs[k]; else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) node.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return node;
  }

  function load() {
    if (!loading) {
      // the worker script and the WebAssembly come after pagefind.js, one round trip each: asked for at
      // once beside it, they are in the browser's cache by the time Pagefind asks (a slow link's latency, twice)
      ["pagefind/pagefind-worker.js", "pagefind/wasm.unknown.pagefind"].forEach(function (path) {
        fetch(new URL(path, SITE).href).catch(function () {});
      });
      loading = import(new URL("pagefind/pagefind.js", SITE).href).then(function (module) {
        pagefind = module;
        // the folded title (meta "t") weighs most; the accented copies shown to the reader are not searched
        return pagefind.options({ baseUrl: SITE.pathname, excerptLength: 0, ranking: { metaWeights: { t: 10, title: 0, dd: 0 } } })
          .then(function () { return pagefind.init(); });
      });
    }
    return loading;
  }

  // the index holds each page's text with đ written d; "dd" lists the page's words that have đ
  function respell(word, dd) {
    var bare = word.toLowerCase().replace(/[^a-zà-ỹ]/g, "");
    if (!dd[bare]) return word;
    var at = word.search(/[dD]/);
    return word.slice(0, at) + (word[at] === "D" ? "Đ" : "đ") + word.slice(at + 1);
  }

  // the stretch of the page's text with the most searched words, those words marked
  function excerpt(text, wanted, dd) {
    var words = String(text || "").split(/\s+/).filter(Boolean).map(function (w) { return respell(w, dd); });
    if (!words.length) return null;
    var hits = words.map(function (w) {
      var f = fold(w).replace(/[^a-z0-9]/g, "");
      return wanted.some(function (t) { return f.indexOf(t) === 0; });
    });
    var best = 0, bestCount = -1;
    for (var start = 0; start < Math.max(1, words.length - EXCERPT_WORDS + 1); start++) {
      var count = 0;
      for (var i = start; i < Math.min(words.length, start + EXCERPT_WORDS); i++) count += hits[i] ? 1 : 0;
      if (count > bestCount) { best = start; bestCount = count; }
      if (words.length > 4000 && start > 2000) break;   // a very long page: its first half is enough to choose from
    }
    var p = el("p", { class: "md-search-result__teaser" });
    if (best > 0) p.appendChild(document.createTextNode("… "));
    words.slice(best, best + EXCERPT_WORDS).forEach(function (w, k) {
      p.appendChild(hits[best + k] ? el("mark", { text: w }) : document.createTextNode(w));
      p.appendChild(document.createTextNode(" "));
    });
    if (best + EXCERPT_WORDS < words.length) p.appendChild(document.createTextNode("…"));
    return p;
  }

  // Pagefind scores each word alone; a citizen expects the page with the words side by side before a
  // page where they are scattered. The matched word positions come with the results: no extra download.
  function phraseRun(positions, n) {
    var sorted = positions.slice().sort(function (a, b) { return a - b; }), run = 1, start = sorted[0];
    for (var i = 1; i < sorted.length && n > 1; i++) {
      run = sorted[i] === sorted[i - 1] + 1 ? run + 1 : 1;
      if (run >= n) return sorted[i] - n + 1;
    }
    return n === 1 && sorted.length ? start : -1;
  }
  function rerank(results, n) {
    return results.map(function (r, i) {
      var at = n > 1 ? phraseRun(r.words || [], n) : -1;
      var boost = at < 0 ? 1 : 1.5;
      return { r: r, key: r.score * boost, i: i };
    }).sort(function (a, b) { return b.key - a.key || a.i - b.i; }).map(function (x) { return x.r; });
  }

  function resultItem(data, query, wanted) {
    var url = new URL(data.url, location.href);
    url.searchParams.set("h", query);     // phongtrao-highlight.js marks the words on the page opened
    var current = new URL(data.url, location.href).pathname === location.pathname;
    var tags = split(data.filters.loc || []), kind = (tags.loai || [])[0], place = (tags.xa || [])[0];
    var dd = {};
    String(data.meta.dd || "").split(" ").forEach(function (w) { if (w) dd[w] = true; });
    var article = el("article", { class: "md-search-result__article md-typeset" }, [
      el("h1", { text: data.meta.title || data.url }),
      el("p", { class: "pt-search-kind", text: [kind, place].filter(Boolean).join(" · ") + (current ? " · trang đang xem" : "") }),
      excerpt(data.content, wanted, dd)]);
    var link = el("a", { href: url.href, class: "md-search-result__link", tabindex: "-1" }, [article]);
    if (current) link.setAttribute("aria-current", "page");
    return el("li", { class: "md-search-result__item" }, [link]);
  }

  // the index has one filter, "loc", whose values are "xa:<commune or ward>" and "loai:<kind of page>"
  function split(values) {
    var out = {};
    values.forEach(function (v) {
      var at = v.indexOf(":");
      (out[v.slice(0, at)] = out[v.slice(0, at)] || []).push(v.slice(at + 1));
    });
    return out;
  }

  function drawFilters(root, counts, rerun) {
    var available = {};
    Object.keys(counts).forEach(function (v) {
      var at = v.indexOf(":"), name = v.slice(0, at);
      (available[name] = available[name] || {})[v.slice(at + 1)] = counts[v];
    });
    var box = root.querySelector("[data-pt-search-filters]");
    box.textContent = "";
    [["xa", "Xã, phường"], ["loai", "Loại trang"]].forEach(function (pair) {
      var name = pair[0], values = available[name] || {};
      var keys = Object.keys(values).sort(function (a, b) { return a.localeCompare(b, "vi"); });
      if (!keys.length) return;
      var id = "pt-search-" + name;
      var select = el("select", { id: id }, [el("option", { value: "", text: "Tất cả" })]);
      keys.forEach(function (k) { select.appendChild(el("option", { value: k, text: k + " (" + values[k] + ")" })); });
      select.value = filters[name] || "";
      select.addEventListener("change", function () {
        if (select.value) filters[name] = select.value; else delete filters[name];
        rerun();
      });
      box.appendChild(el("label", { for: id, text: pair[1] }));
      box.appendChild(select);
    });
    box.hidden = !box.childNodes.length;
  }

  // One search at a time: typing on a slow phone would otherwise queue a search per keystroke in
  // Pagefind's worker, each fetching its part of the index, and the last one (the query) waits behind them
  // all (9 s after the last keystroke at province size, against 5 s for the same query pasted).
  var busy = false, again = null;
  function run(root, input) {
    if (busy) { again = [root, input]; return; }
    busy = true;
    var done = function () {
      busy = false;
      if (again) { var next = again; again = null; run(next[0], next[1]); }
    };
    try { search(root, input).then(done, done); } catch (e) { done(); }
  }

  function search(root, input) {
    var query = input.value.trim(), mine = ++counter;
    var meta = root.querySelector("[data-pt-search-meta]"), list = root.querySelector("[data-pt-search-list]");
    if (!query) { list.textContent = ""; meta.textContent = "Gõ từ cần tìm: kế hoạch, đơn vị, mô hình hay, tin tức…"; return Promise.resolve(); }
    var wanted = terms(query);
    return load().then(function () {
      return pagefind.search(wanted.join(" "), options());
    }).then(function (search) {
      if (mine !== counter || !search) return;
      var results = rerank(search.results, wanted.length);
      meta.textContent = results.length ? "Tìm thấy " + results.length + " trang" : "Không tìm thấy trang nào. Hãy thử từ khác, hoặc bỏ bớt bộ lọc.";
      // the filters' counts need the filter file: fetched once the results are drawn, never before them
      var redo = function () { run(root, input); };
      var filtersNow = function () {
        if (filtersLoaded) { drawFilters(root, (search.filters || {}).loc || {}, redo); return; }
        pagefind.filters().then(function () {
          filtersLoaded = true;
          return pagefind.search(wanted.join(" "), options());
        }).then(function (again) { if (mine === counter) drawFilters(root, (again.filters || {}).loc || {}, redo); });
      };
      // each result is drawn as soon as its page's record arrives, in rank order
      list.textContent = "";
      list.setAttribute("data-pt-query", query);   // which query the list answers (tests and the bench wait on it)
      var slots = results.slice(0, SHOWN).map(function () { return list.appendChild(el("li", { hidden: "" })); });
      return Promise.all(results.slice(0, SHOWN).map(function (r, i) {
        return r.data().then(function (data) {
          if (mine !== counter) return;
          var item = resultItem(data, query, wanted);
          list.replaceChild(item, slots[i]);
          slots[i] = item;
        });
      })).then(function () {
        if (mine !== counter) return;
        filtersNow();
        if (results.length > SHOWN) {
          var more = el("button", { type: "button", class: "md-button pt-search-more", text: "Xem thêm " + (results.length - SHOWN) + " trang" });
          more.addEventListener("click", function () {
            more.disabled = true;
            Promise.all(results.slice(SHOWN).map(function (r) { return r.data(); })).then(function (rest) {
              more.remove();
              rest.forEach(function (data) { list.appendChild(resultItem(data, query, wanted)); });
            });
          });
          list.appendChild(el("li", {}, [more]));
        }
      });
    }).catch(function () {
      if (mine === counter) meta.textContent = "Chưa tìm được: không tải được chỉ mục tìm kiếm. Hãy thử lại.";
    });
  }

  // The engine starts loading at the first sign the citizen is about to search (a finger or the mouse on
  // the search button or box), not on every page view: a reader who never searches on a metered phone
  // fetches none of it, and one who does has it coming while the search opens and the words are typed.
  function preloadOnIntent() {
    document.querySelectorAll('label[for="__search"], [data-pt-search-input]').forEach(function (node) {
      ["pointerenter", "touchstart", "pointerdown", "focus"].forEach(function (type) {
        node.addEventListener(type, load, { passive: true, once: true });
      });
    });
  }

  function init() {
    var root = document.querySelector("[data-pt-search]");
    if (!root || root.getAttribute("data-ready")) return;
    root.setAttribute("data-ready", "1");
    var input = root.querySelector("[data-pt-search-input]"), toggle = document.getElementById("__search");
    var timer = null;
    input.addEventListener("focus", load);
    var later = function () { clearTimeout(timer); timer = setTimeout(function () { run(root, input); }, 120); };
    input.addEventListener("input", later);
    input.addEventListener("search", later);   // Escape in a search box empties it with this event only
    root.querySelector("form").addEventListener("submit", function (e) { e.preventDefault(); clearTimeout(timer); run(root, input); });
    root.querySelector("form").addEventListener("reset", function () { setTimeout(function () { run(root, input); }, 0); });
    if (toggle) toggle.addEventListener("change", function () {
      if (toggle.checked) { load(); setTimeout(function () { input.focus(); }, 50); }
    });
    document.addEventListener("keydown", function (e) {
      var typing = /^(INPUT|TEXTAREA|SELECT)$/.test((document.activeElement || {}).tagName || "");
      if (!typing && (e.key === "/" || e.key === "s" || e.key === "f") && !e.ctrlKey && !e.metaKey && !e.altKey) {
        e.preventDefault();
        if (toggle) { toggle.checked = true; toggle.dispatchEvent(new Event("change")); }
        input.focus();
      } else if (e.key === "Escape" && toggle && toggle.checked) {
        toggle.checked = false; input.blur();
      }
    });
    preloadOnIntent();
    var wanted = new URLSearchParams(location.search).get("q");
    if (wanted && location.pathname.replace(/\/$/, "").endsWith("/tim-kiem")) {   // the no-JavaScript form, with JavaScript after all
      input.value = wanted;
      if (toggle) toggle.checked = true;
      run(root, input);
    }
  }
  if (typeof window.document$ !== "undefined" && window.document$.subscribe) window.document$.subscribe(init);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
