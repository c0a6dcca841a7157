"""Generated HTML that does not go through the Markdown parser.

Generated pages (unit pages, locality progress, the directory, reports) are
mostly tables our Jinja templates write as HTML, with Markdown only for the
headings (so the table of contents and heading anchors work as on any page).
Python-Markdown with `md_in_html` re-parses every raw HTML block in Python,
tag by tag, only to hand the same HTML back: at province size that was a
fifth of the whole build.

So, when a page is generated, every top-level block that Markdown would pass
through as raw HTML (a paragraph starting with a block-level tag such as
`<table>`, `<div>`, `<p>`) is set aside and replaced by an empty placeholder
element; after Markdown (and after the sanitiser, which has nothing of ours to
check in a placeholder) the placeholders are replaced by the blocks again.

The blocks come from templates with autoescape on: every data string in them
is escaped and every link from data passed `web_link` (http/https only), which
tests/test_security.py checks with hostile unit files. Markdown text and the
markers' output still go through Markdown and the sanitiser as before.
"""
from __future__ import annotations

import re


# From Markdown's own list (markdown.Markdown().block_level_elements, 3.x): a paragraph that starts
# with one of these tags is raw HTML to Markdown, so setting it aside changes nothing. Tags no template
# of ours writes (script, style, iframe, object, textarea …) are left out: such a block, should one
# ever appear, goes through Markdown and the sanitiser like any other text.
BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "details", "div", "dl", "fieldset", "figcaption", "figure",
    "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "main", "menu", "nav", "ol",
    "p", "pre", "section", "table", "ul", "canvas", "colgroup", "dd", "dt", "li", "progress", "tbody", "td",
    "tfoot", "th", "thead", "tr",
})
_BLOCK_START = re.compile(r"<([a-z][a-z0-9]*)[\s>/]")
_PARAGRAPHS = re.compile(r"(\n(?:[ \t]*\n)+)")
PLACEHOLDER = '<div data-phongtrao-html="{}"></div>'
_PLACEHOLDER = re.compile(r'<div data-phongtrao-html="(\d+)"></div>')


def set_aside(markdown: str) -> tuple[str, list[str]]:
    """(Markdown with placeholders, the raw HTML blocks in order)."""
    blocks: list[str] = []
    parts = _PARAGRAPHS.split(markdown)
    for i in range(0, len(parts), 2):  # even items are paragraphs, odd ones the blank lines between
        start = _BLOCK_START.match(parts[i])
        if start and start[1] in BLOCK_TAGS:
            block = parts[i].rstrip()
            blocks.append(block)
            parts[i] = PLACEHOLDER.format(len(blocks) - 1) + parts[i][len(block):]  # the page's last newline
    return "".join(parts), blocks


def put_back(html: str, blocks: list[str]) -> str:
    """The rendered page with every placeholder replaced by its block."""
    if not blocks:
        return html
    return _PLACEHOLDER.sub(lambda m: blocks[int(m[1])] if int(m[1]) < len(blocks) else "", html)


def remember(state, src_uri: str, blocks: list[str]) -> None:
    if blocks:
        state.raw_html[src_uri] = blocks


def restore_raw_html(html: str, page, state) -> str:
    """After the sanitiser (pipeline order): the blocks are template output, escaped already."""
    blocks = state.raw_html.pop(page.src_uri, None)
    return put_back(html, blocks) if blocks else html
