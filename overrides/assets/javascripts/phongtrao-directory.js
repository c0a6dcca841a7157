// Unit directory (/don-vi/): filter by text, kind and locality, and sort by column.
// Progressive enhancement: without JavaScript the table is complete and readable.
// No inline scripts or event-handler attributes (CSP); works with Material's instant navigation.
(function () {
  "use strict";
  var fold = function (s) {
    return (s || "").toLowerCase().replace(/đ/g, "d").normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  };
  var collator = new Intl.Collator("vi", { numeric: true, sensitivity: "base" });

  function options(rows, attr, labelCell) {
    var seen = {};
    rows.forEach(function (row) {
      var key = row.getAttribute(attr);
      if (key && !seen[key]) seen[key] = row.cells[labelCell].textContent.trim();
    });
    return Object.keys(seen).map(function (k) { return [k, seen[k]]; })
      .sort(function (a, b) { return collator.compare(a[1], b[1]); });
  }

  function control(labelText, el) {
    var label = document.createElement("label");
    label.textContent = labelText;
    label.appendChild(el);
    return label;
  }

  function select(all, pairs) {
    var s = document.createElement("select");
    s.appendChild(new Option(all, ""));
    pairs.forEach(function (p) { s.appendChild(new Option(p[1], p[0])); });
    return s;
  }

  function enhance(table) {
    if (table.dataset.ptEnhanced) return;
    table.dataset.ptEnhanced = "1";
    var tbody = table.tBodies[0];
    var rows = Array.prototype.slice.call(tbody.rows);
    var text = document.createElement("input");
    text.type = "search";
    text.placeholder = "Tên đơn vị, địa bàn…";
    var kind = select("Tất cả", options(rows, "data-kind", 1));
    var place = select("Tất cả", options(rows, "data-locality", 2));
    var count = document.createElement("p");
    count.className = "pt-count";
    count.setAttribute("aria-live", "polite");
    var bar = document.createElement("div");
    bar.className = "pt-filters";
    bar.appendChild(control("Tìm", text));
    bar.appendChild(control("Loại đơn vị", kind));
    bar.appendChild(control("Địa bàn", place));
    table.parentNode.insertBefore(bar, table);
    table.parentNode.insertBefore(count, table);

    function apply() {
      var q = fold(text.value.trim());
      var shown = 0;
      rows.forEach(function (row) {
        var ok = (!q || fold(row.textContent).indexOf(q) !== -1) &&
          (!kind.value || row.getAttribute("data-kind") === kind.value) &&
          (!place.value || row.getAttribute("data-locality") === place.value);
        row.hidden = !ok;
        if (ok) shown += 1;
      });
      count.textContent = "Đang hiện " + shown + "/" + rows.length + " đơn vị.";
    }
    text.addEventListener("input", apply);
    kind.addEventListener("change", apply);
    place.addEventListener("change", apply);
    apply();

    var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
    headers.forEach(function (th, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = th.textContent;
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", function () {
        var asc = th.getAttribute("aria-sort") !== "ascending";
        headers.forEach(function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", asc ? "ascending" : "descending");
        var numeric = th.getAttribute("data-type") === "number";
        var value = function (row) {
          var cell = row.cells[index];
          return cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent.trim();
        };
        rows.sort(function (a, b) {
          var x = value(a), y = value(b);
          var r = numeric && x !== "" && y !== "" && !isNaN(x) && !isNaN(y) ? Number(x) - Number(y) : collator.compare(x, y);
          return asc ? r : -r;
        });
        rows.forEach(function (row) { tbody.appendChild(row); });
      });
    });
  }

  function init() {
    document.querySelectorAll("table.pt-sortable").forEach(enhance);
  }
  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(init);   // Material instant navigation
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
