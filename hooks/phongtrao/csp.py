"""Content-Security-Policy for every page, as a <meta http-equiv> early in <head>.

Scripts run only from our own origin or when their exact text was hashed at
build time: the policy lists a sha256 hash of every inline <script> on the
page (Material's small bootstrap scripts), computed from the final HTML, and
never 'unsafe-inline' for scripts. Injected markup therefore cannot run script
even if something slipped past the sanitiser.

Material's instant navigation re-runs the inline scripts found inside the new
page's content container under the policy of the page first loaded, so those
scripts must be the same on every page (Material's are); a feature that needs
page-specific script should ship it as a file (extra_javascript), not inline.

`mkdocs serve` injects a live-reload inline script after this hook has run, so
no policy is added while serving (see `site.COMMAND`).
"""
from __future__ import annotations

import base64
import hashlib
import re

from pathlib import Path
from urllib.parse import urlsplit

from . import search_fold, site
from .registry import post_page, publisher

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
    "script-src": ["'self'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "https:"],
    "font-src": ["'self'", "data:"],
    # Material's header shows the GitHub repository's stars and latest release (repo_url)
    "connect-src": ["'self'", "https://api.github.com"],
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


def script_hash(body: str) -> str:
    digest = hashlib.sha256(body.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def site_origin(url: str | None) -> str | None:
    """https://host of the published site, from site_url or a page's canonical URL."""
    parts = urlsplit(url or "")
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") and parts.netloc else None


def policy(html: str, origin: str | None = None) -> str:
    """The policy text for a page: base directives plus a hash per inline script.

    `origin` is the published site's origin: Material fetches sitemap.xml next to
    every <link rel="alternate"> (meant for language versions, but the feeds'
    absolute links count too), which is 'self' once published and another
    origin in a local preview.
    """
    directives = {name: list(values) for name, values in BASE_DIRECTIVES.items()}
    if origin:
        directives["connect-src"].append(origin)
    for digest in dict.fromkeys(script_hash(body) for body in inline_scripts(html)):
        directives["script-src"].append(digest)
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


def add_policy(html: str, origin: str | None = None) -> str:
    """Insert the CSP meta right after <meta charset> (or <head>), before any script."""
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy(html, origin)}">'
    for anchor in _HEAD_ANCHORS:
        match = anchor.search(html)
        if match:
            return html[: match.end()] + meta + html[match.end():]
    return html


@post_page(order=100)  # last: hashes must see the final HTML
def content_security_policy(output: str, page, state) -> str:
    if site.COMMAND == "serve":
        return output
    return add_policy(output, site_origin(getattr(page, "canonical_url", None)))


@publisher(order=100)
def policy_for_template_pages(site_dir: Path, mkdocs_config, state) -> None:
    """404.html is rendered from a theme template, without on_post_page: add the policy there too."""
    if site.COMMAND == "serve":
        return
    for path in site_dir.glob("*.html"):
        text = path.read_text(encoding="utf-8")
        if 'http-equiv="Content-Security-Policy"' in text:
            continue
        text = search_fold.search_dialog_markup(text, None, state)
        path.write_text(add_policy(text, site_origin(mkdocs_config.get("site_url"))), encoding="utf-8")
