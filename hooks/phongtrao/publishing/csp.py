"""Content-Security-Policy for every page, as a <meta http-equiv> early in <head>.

Scripts run only from our own origin or when their exact text was hashed at
build time, and never 'unsafe-inline'. Only scripts the theme's own templates
write are hashed: the inline <script> bodies of the template files (Material's
small bootstrap scripts, with the `{{ … }}` slots they fill from the config,
such as the page's base URL) are read once, and every inline script of a built
page must be one of them. Anything else (markup that slipped past every other
check) is not hashed and stops the build with a message naming the page: a
hash computed from whatever the final HTML contains would allow an injected
script too.

Material's instant navigation re-runs the inline scripts found inside the new
page's content container under the policy of the page first loaded, so those
scripts must be the same on every page (Material's are); a feature that needs
page-specific script should ship it as a file (extra_javascript), not inline.

A live preview injects a live-reload inline script after this step has run, so
no policy is added while serving (`state.serving`).
"""
from __future__ import annotations

import base64
import hashlib
import re
from functools import lru_cache

from pathlib import Path
from urllib.parse import urlsplit

from . import editor, search_fold
from ..reading.problems import BuildAbort
from ..untrusted import log_text

# <script ...>body</script>; the body is hashed exactly as the browser sees it.
SCRIPT = re.compile(r"<script(?P<attrs>(?:\s[^>]*)?)>(?P<body>.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
_SRC = re.compile(r"""\ssrc\s*=""", re.IGNORECASE)
_TYPE = re.compile(r"""\stype\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)
# script types the browser executes; others (application/json config) are data
_EXECUTED_TYPES = {"", "text/javascript", "application/javascript", "module", "text/ecmascript"}

# Everything else comes from our origin. Styles keep 'unsafe-inline': Markdown
# tables align cells with style attributes and CSS cannot run script.
# frame-ancestors/report-uri are not allowed in a <meta> policy, so not here.
BASE_DIRECTIVES = {
    "default-src": ["'self'"],
    # 'wasm-unsafe-eval' lets WebAssembly compile (Pagefind's search), nothing else: no JavaScript eval
    "script-src": ["'self'", "'wasm-unsafe-eval'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "https:"],
    "font-src": ["'self'", "data:"],
    # no third party: overrides/partials/source.html drops Material's repository widget (api.github.com)
    "connect-src": ["'self'"],
    "worker-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
}

_HEAD_ANCHORS = (
    re.compile(r"<meta\s+charset=[\"']?[\w-]+[\"']?\s*/?>", re.IGNORECASE),
    re.compile(r"<head(?:\s[^>]*)?>", re.IGNORECASE),
)


def inline_scripts(html: str) -> list[str]:
    """Texts of the inline scripts a browser would execute, in page order."""
    found = []
    for match in SCRIPT.finditer(html):
        attrs = match["attrs"]
        if _SRC.search(attrs):
            continue
        kind = _TYPE.search(attrs)
        if (kind[1].lower() if kind else "") not in _EXECUTED_TYPES:
            continue
        found.append(match["body"])
    return found


# a template's inline script; `{{ … }}` slots are filled from the config (base_url, scope)
_TEMPLATE_SCRIPT = re.compile(r"<script>(?P<body>.*?)</script>", re.DOTALL)
_SLOT = re.compile(r"\{\{.*?\}\}")
# what a slot may hold: a relative or site path inside a JS string, nothing that ends the string
_SLOT_VALUE = r"[A-Za-z0-9_./:-]*"


@lru_cache(maxsize=None)
def template_scripts(template_dirs: tuple[str, ...]) -> tuple[re.Pattern, ...]:
    """Patterns of the inline scripts the theme's template files can write, read from those files."""
    patterns: dict[str, re.Pattern] = {}
    for folder in template_dirs:
        for path in sorted(Path(folder).rglob("*.html")):
            for match in _TEMPLATE_SCRIPT.finditer(path.read_text(encoding="utf-8")):
                body = match["body"]
                if "{%" in body:
                    continue  # a script whose text is built by template logic is never allowed
                pieces = _SLOT.split(body)
                pattern = _SLOT_VALUE.join(re.escape(piece) for piece in pieces)
                patterns.setdefault(pattern, re.compile(pattern, re.DOTALL))
    return tuple(patterns.values())


def unknown_scripts(html: str, known: tuple[re.Pattern, ...]) -> list[str]:
    """Inline scripts of a page that no template writes (injected, or a feature that forgot extra_javascript)."""
    return [body for body in inline_scripts(html) if not any(p.fullmatch(body) for p in known)]


def script_hash(body: str) -> str:
    digest = hashlib.sha256(body.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def site_origin(url: str | None) -> str | None:
    """https://host of the published site, from site_url or a page's canonical URL."""
    parts = urlsplit(url or "")
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") and parts.netloc else None


def policy(html: str, origin: str | None, known: tuple[re.Pattern, ...]) -> str:
    """The policy text for a page: base directives plus a hash per inline script.

    `origin` is the published site's origin: Material fetches sitemap.xml next to
    every <link rel="alternate"> (meant for language versions, but the feeds'
    absolute links count too), which is 'self' once published and another
    origin in a local preview.
    """
    directives = {name: list(values) for name, values in BASE_DIRECTIVES.items()}
    if origin:
        directives["connect-src"].append(origin)
    # the form editor (/sua-du-lieu/) opens pull requests through GitHub's API; instant navigation
    # keeps the policy of the first page loaded, so every page allows that one address
    api = site_origin(editor.api_url())
    if api:
        directives["connect-src"].append(api)
    bodies = [body for body in inline_scripts(html) if any(p.fullmatch(body) for p in known)]
    for digest in dict.fromkeys(script_hash(body) for body in bodies):
        directives["script-src"].append(digest)
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


def add_policy(html: str, origin: str | None, known: tuple[re.Pattern, ...]) -> str:
    """Insert the CSP meta right after <meta charset> (or <head>), before any script."""
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy(html, origin, known)}">'
    for anchor in _HEAD_ANCHORS:
        match = anchor.search(html)
        if match:
            return html[: match.end()] + meta + html[match.end():]
    return html


def checked_policy(html: str, where: str, origin: str | None, state) -> str:
    """The page with its policy; an inline script no template writes stops the build."""
    known = template_scripts(tuple(state.theme_dirs))
    strangers = unknown_scripts(html, known)
    if strangers:
        raise BuildAbort(
            f"Trang {where} có {len(strangers)} đoạn mã <script> không do giao diện của trang viết ra "
            f"(bắt đầu bằng “{log_text(strangers[0][:60])}”). Trang không được dựng: hãy tìm chuỗi này trong "
            "dữ liệu hoặc trang Markdown đã đổi và xoá nó; mã cần cho một tính năng phải là tệp trong "
            "extra_javascript, không viết thẳng vào trang.")
    return add_policy(html, origin, known)


def content_security_policy(output: str, page, state) -> str:
    """Last of a page's steps (pipeline order): the hashes must see the final HTML."""
    if state.serving:
        return output
    return checked_policy(output, page.src_uri, site_origin(page.canonical_url), state)


def policy_for_template_pages(state) -> None:
    """404.html is rendered from a theme template, not as a page: add the policy there too (last step)."""
    if state.serving:
        return
    for path in state.site.site_dir.glob("*.html"):
        text = path.read_text(encoding="utf-8")
        if 'http-equiv="Content-Security-Policy"' in text:
            continue
        text = search_fold.search_dialog_markup(text, None, state)
        text = checked_policy(text, path.name, site_origin(state.site.site_url), state)
        path.write_text(text, encoding="utf-8")
