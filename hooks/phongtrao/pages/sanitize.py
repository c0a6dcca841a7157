"""Sanitising contributed content with nh3 (the Rust `ammonia` sanitiser).

Practices, stories and news (docs/mo-hinh-hay/, docs/dien-hinh/, docs/tin-tuc/)
are written by contributors through GitHub's web editor, and unit pages are
generated from their YAML files. Their rendered HTML goes through an allow-list
before Material wraps it in the theme: no script, iframe, object/embed, form,
event handler, javascript:/data:/vbscript: URL or CSS beyond cell alignment and
widths; SVG only as static shapes and text (the site's charts). What Material's Markdown needs is kept: headings with ids and their
permalinks, tables, admonitions, details, code-highlighting spans, footnotes,
abbreviations, images with http(s) or relative sources.

On generated pages the tables our templates write (autoescaped) are set aside
before Markdown and put back after this filter (rawhtml.py): what is checked
here is what Markdown rendered, the headings and the markers' output.

`markdown_html(text)` is for other features: a data string (a unit's note,
summary …) that is meant as Markdown, returned as safe HTML.
"""
from __future__ import annotations

import re

import markdown as _markdown
import nh3


# Folders of hand-written pages whose authors are contributors, not maintainers.
CONTRIBUTED_DIRS = ("mo-hinh-hay/", "dien-hinh/", "tin-tuc/")

# Static SVG charts (charts.py draws indicator charts on unit pages): shapes and
# text only — no <a>, <use>, <animate>, <set>, <foreignObject>, no href at all.
SVG_TAGS = {"svg", "g", "title", "desc", "rect", "line", "polyline", "polygon", "circle", "ellipse",
            "path", "text", "tspan"}
_SVG_ATTRIBUTES = {"viewBox", "xmlns", "width", "height", "x", "y", "x1", "y1", "x2", "y2", "rx", "ry",
                   "r", "cx", "cy", "d", "points", "text-anchor", "dominant-baseline", "transform",
                   "focusable", "preserveAspectRatio", "dx", "dy"}
TAGS = set(nh3.ALLOWED_TAGS) | {"section", "tfoot", "progress", "meter"} | SVG_TAGS
# removed together with everything inside them
CLEAN_CONTENT_TAGS = {
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "noscript",
    "template", "textarea", "select", "xmp", "noembed", "noframes", "math",
}
_CELL = {"colspan", "rowspan", "headers", "scope", "align", "style"}
ATTRIBUTES = {
    "*": {"id", "class", "title", "lang", "dir", "role", "hidden"},
    "a": {"href", "hreflang", "rel", "type"},
    "img": {"src", "alt", "width", "height", "loading", "decoding", "style"},
    "td": _CELL,
    "th": _CELL,
    "col": {"span", "style"},
    "colgroup": {"span"},
    "ol": {"start", "type", "reversed"},
    "li": {"value"},
    "time": {"datetime"},
    "data": {"value"},
    "details": {"open"},
    "progress": {"value", "max"},
    "meter": {"value", "min", "max", "low", "high", "optimum"},
    "blockquote": {"cite"},
    "q": {"cite"},
    "del": {"cite", "datetime"},
    "ins": {"cite", "datetime"},
    "abbr": {"title"},
    **{tag: _SVG_ATTRIBUTES for tag in SVG_TAGS},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}

# Only presentational declarations Markdown itself writes (table alignment) or
# a width; anything else (url(), expression(), position …) drops the attribute.
_STYLE_DECLARATION = re.compile(
    r"\s*(text-align\s*:\s*(left|right|center|justify)|width\s*:\s*\d{1,4}(\.\d+)?(%|px|em|rem))\s*",
    re.IGNORECASE,
)


def _attribute_filter(element: str, attribute: str, value: str) -> str | None:
    if attribute == "style":
        declarations = [d for d in value.split(";") if d.strip()]
        ok = declarations and all(_STYLE_DECLARATION.fullmatch(d) for d in declarations)
        return value if ok else None
    if attribute == "id" and value.startswith("__"):
        # Material's own elements are found by ids like __config, __search, __drawer:
        # a contributed element must not shadow them (DOM clobbering).
        return None
    if attribute.startswith("data-md-"):
        return None
    return value


_CLEANER = nh3.Cleaner(
    tags=TAGS,
    clean_content_tags=CLEAN_CONTENT_TAGS,
    attributes=ATTRIBUTES,
    attribute_filter=_attribute_filter,
    generic_attribute_prefixes={"data-", "aria-"},
    url_schemes=URL_SCHEMES,
    link_rel=None,  # internal links and permalinks stay as Markdown wrote them
    strip_comments=True,
)


def clean_html(html: str) -> str:
    """HTML reduced to the allow-list above."""
    return _CLEANER.clean(html)


def markdown_html(text: str, inline: bool = False) -> str:
    """A data string written in Markdown, as sanitised HTML (inline: without the <p>)."""
    html = _markdown.markdown(text or "", extensions=["sane_lists"], output_format="html")
    if inline and html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return clean_html(html)


def is_contributed(src_uri: str, units_dir: str) -> bool:
    """Pages whose content comes from contributors or from unit data files.

    The unit directory page itself (don-vi/index.md) is built by the site from
    escaped data and carries the filter's markup, so it is not one of them.
    """
    if src_uri.startswith(CONTRIBUTED_DIRS):
        return True
    prefix = units_dir.strip("/") + "/"
    return src_uri.startswith(prefix) and src_uri != prefix + "index.md"


def sanitize_contributed(html: str, page, state) -> str:
    """After the steps that add to a page (pipeline order), so their output is sanitised too."""
    if is_contributed(page.src_uri, state.config.units_dir):
        return clean_html(html)
    return html
