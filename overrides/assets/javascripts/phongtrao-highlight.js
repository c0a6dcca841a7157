/* The words of a search, marked on the page a result opens, with or without their accents.
 *
 * Material (feature search.highlight) opens a result at "…/?h=binh+dan" and marks the words
 * on the page, but only where the page spells them as typed: "binh dan" leaves "Bình dân"
 * unmarked, although the search (folded: publishing/search_index.py) found the page by those very words.
 * Here the page text and the words are folded alike (lower case, đ → d, accents dropped) and
 * every word that starts with a searched word is marked as Material marks it. */
(function () {
  "use strict";

  var SEPARATOR = /[\s\-]+/;
  var SKIPPED = { SCRIPT: 1, STYLE: 1, MARK: 1, SVG: 1, TEXTAREA: 1, CODE: 1 };

  function fold(text) {
    return text.toLowerCase().replace(/đ/g, "d").normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  /* The folded text, and for each of its characters the index in `text` it came from. */
  function foldWithPositions(text) {
    var folded = "";
    var positions = [];
    var index = 0;
    for (var ch of text) {
      var part = fold(ch);
      for (var k = 0; k < part.length; k++) {
        folded += part[k];
        positions.push(index);
      }
      index += ch.length;
    }
    positions.push(index);
    return { text: folded, positions: positions };
  }

  function escapeRegExp(word) {
    return word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }

  function textNodes(root) {
    var nodes = [];
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        for (var el = node.parentElement; el && el !== root; el = el.parentElement)
          if (SKIPPED[el.tagName.toUpperCase()]) return NodeFilter.FILTER_REJECT;
        return node.nodeValue.trim() ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT;
      }
    });
    while (walker.nextNode()) nodes.push(walker.currentNode);
    return nodes;
  }

  function mark(node, ranges) {
    /* from the last range back, so the earlier offsets stay right */
    for (var i = ranges.length - 1; i >= 0; i--) {
      var middle = node.splitText(ranges[i][0]);
      middle.splitText(ranges[i][1] - ranges[i][0]);
      var element = document.createElement("mark");
      element.setAttribute("data-md-highlight", "");
      middle.parentNode.replaceChild(element, middle);
      element.appendChild(middle);
    }
  }

  function highlight() {
    var query = new URLSearchParams(location.search).get("h");
    var article = document.querySelector(".md-content article");
    if (!query || !article) return;
    var words = fold(query).split(SEPARATOR).filter(function (w) { return w.length > 1; });
    if (!words.length) return;
    var pattern = new RegExp("(^|[^a-z0-9])(" + words.map(escapeRegExp).join("|") + ")", "g");
    textNodes(article).forEach(function (node) {
      var folded = foldWithPositions(node.nodeValue);
      var ranges = [];
      var match;
      pattern.lastIndex = 0;
      while ((match = pattern.exec(folded.text)) !== null) {
        var start = match.index + match[1].length;
        var end = start + match[2].length;
        ranges.push([folded.positions[start], folded.positions[end]]);
      }
      if (ranges.length) mark(node, ranges);
    });
  }

  /* Material's instant navigation swaps the page without reloading: run on every page it shows */
  if (typeof document$ !== "undefined") document$.subscribe(highlight);
  else document.addEventListener("DOMContentLoaded", highlight);
})();
