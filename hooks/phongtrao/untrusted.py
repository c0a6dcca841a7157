"""Contributed strings, made safe for the place they land.

Every name, title and description on the site comes from a file a contributor
controls (a unit's YAML, a practice's or a post's front matter, a Markdown
heading). Two rules, applied everywhere such a string leaves our code:

- `plain(value)`: the text a reader should see, whatever markup it carried
  (tags dropped, character references decoded, spaces folded, NFC). Used for
  text that is not HTML: social cards, feeds, JSON, log lines.
- `html_text(value)`: that text escaped for HTML text *and* attributes
  (`& < > " '`). MkDocs treats `page.title` as HTML and Material prints it raw
  in the header, the navigation, the footer links and the search index, and
  prints `page.meta.description` raw inside `<meta content="…">`; the adapter
  replaces a page's strings by this form before any template sees them.

Material's `<title>` applies `striptags`, which turns `&lt;` back into `<`;
overrides/main.html writes the title itself with `| striptags | e`.

`markup_like(value)` is the check behind the Vietnamese message that a plain
name or title may not carry tags or character references at all.
"""
from __future__ import annotations

import html
import re

from markupsafe import Markup, escape

from .logsafe import printable
from .text import nfc

# "<" opening a tag, a closing tag, a comment or a processing instruction; "&…;" a character reference
_MARKUP = re.compile(r"<\s*[A-Za-z/!?]|&(#[0-9]+|#[xX][0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]*);")
# the same rule as a JSON Schema pattern (schemas/*.json use it for every plain text field)
PLAIN_TEXT_PATTERN = r"^(?![\s\S]*(<\s*[A-Za-z/!?]|&(#[0-9]+|#[xX][0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]*);))"



def plain_text_message(field: str) -> str:
    """The Vietnamese message for markup where plain text is due; `field` names the field as the reader sees it."""
    return (f"{field} chỉ ghi chữ thường: không ghi thẻ HTML (như <b>, <script>) hay mã ký tự (như &lt;, &#60;). "
            "Hãy xoá phần nằm giữa dấu < > (hoặc từ & tới ;) và chỉ giữ lại lời văn.")


def markup_like(value) -> bool:
    """Does a string carry a tag or a character reference (not allowed where a plain name is due)?"""
    return isinstance(value, str) and _MARKUP.search(value) is not None


def plain(value) -> str:
    """The readable text of a possibly-HTML string: tags dropped, references decoded, spaces folded."""
    if value is None:
        return ""
    text = Markup(str(value)).striptags()  # drops tags and comments, decodes &lt; &amp; …
    return nfc(" ".join(text.split()))


def html_text(value) -> str:
    """`plain(value)` escaped for HTML text and attribute values alike."""
    return str(escape(plain(value)))


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~&:])")


def md_text(value) -> str:
    """A contributed string as literal text in Markdown (a job summary, a table cell): every character
    Markdown or HTML could read as syntax is backslash-escaped, lines are joined."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(printable(value).split()))


def log_text(value) -> str:
    """A contributed string as it may appear in a log line or a CI annotation (see logsafe)."""
    return printable(value)


_WEB_OR_RELATIVE = re.compile(r"(https?://|/|\.{0,2}/|[A-Za-z0-9_-])", re.ASCII)


def safe_link(value) -> str | None:
    """A link a contributor wrote, if it is a web (http/https) or site-relative address; else None."""
    text = "".join(str(value or "").split())
    if not text or re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", text) and not re.match(r"https?://", text, re.I):
        return None  # javascript:, data:, vbscript: … however they are spelled
    return text if _WEB_OR_RELATIVE.match(text) else None
