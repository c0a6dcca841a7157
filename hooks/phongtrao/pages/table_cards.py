"""Phone layout of the wide tables: every generated table of four columns or more becomes a "card" table.

On a phone (phongtrao-access.css, `table.pt-cards`) each row is shown as a card: its header cell on
top, then every other cell after its column's label, taken from the cell's `data-label`. Writing that
label by hand in forty tables would drift from their headers, so it is filled in here from the
table's own <thead>, once the template is rendered.

This reads only the markup of our templates: the data inside them is escaped by Jinja's autoescape
(a unit's name can hold "<td>" only as "&lt;td&gt;"), and HTML set aside by rawhtml is not in the
text yet. A table with a spanning cell is left as it is: its columns cannot be labelled one to one.
"""
from __future__ import annotations

import html
import re

from markupsafe import escape

MIN_COLUMNS = 4

_TABLE = re.compile(r'<table class="pt-table(?P<cls>[^"]*)"(?P<rest>[^>]*)>(?P<body>.*?)</table>', re.S)
_THEAD = re.compile(r"<thead>(.*?)</thead>", re.S)
_HEAD_CELL = re.compile(r"<th\b[^>]*>(.*?)</th>", re.S)
_TBODY = re.compile(r"<tbody>(.*?)</tbody>", re.S)
_ROW = re.compile(r"<tr\b[^>]*>(.*?)</tr>", re.S)
_CELL_OPEN = re.compile(r"<(td|th)\b([^>]*)>")
_TAG = re.compile(r"<[^>]+>")


def _label(cell_html: str) -> str:
    """The column's words as a reader sees them (tags dropped, spaces squashed), ready for an attribute."""
    text = " ".join(html.unescape(_TAG.sub(" ", cell_html)).split())
    return str(escape(text))


def _label_row(row: str, labels: list[str]) -> str:
    cells = iter(labels)

    def one(match: re.Match) -> str:
        label = next(cells, None)
        tag, attrs = match.group(1), match.group(2)
        if tag == "th" or label is None or "data-label=" in attrs or not label:
            return match.group(0)
        return f'<{tag}{attrs} data-label="{label}">'

    return _CELL_OPEN.sub(one, row)


def _cards(match: re.Match) -> str:
    body = match.group("body")
    head = _THEAD.search(body)
    if head is None or "colspan" in body or "rowspan" in body:
        return match.group(0)
    labels = [_label(c) for c in _HEAD_CELL.findall(head.group(1))]
    if len(labels) < MIN_COLUMNS:
        return match.group(0)

    def row(r: re.Match) -> str:
        whole, start, end = r.group(0), r.start(1) - r.start(0), r.end(1) - r.start(0)
        return whole[:start] + _label_row(r.group(1), labels) + whole[end:]

    def rows(tbody: re.Match) -> str:
        return "<tbody>" + _ROW.sub(row, tbody.group(1)) + "</tbody>"

    body = _TBODY.sub(rows, body)
    cls = match.group("cls")
    if "pt-cards" not in cls.split():
        cls += " pt-cards"
    return f'<table class="pt-table{cls}"{match.group("rest")}>{body}</table>'


def label_wide_tables(text: str) -> str:
    """`text` with every wide pt-table marked pt-cards and its body cells labelled by their column."""
    if "<table" not in text:
        return text
    return _TABLE.sub(_cards, text)
