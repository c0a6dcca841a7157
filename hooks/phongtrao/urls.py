"""Site URLs: relative links between pages, as MkDocs and any other generator write them."""
from __future__ import annotations

import posixpath
from functools import lru_cache


@lru_cache(maxsize=None)
def _parts(path: str) -> tuple[str, ...]:
    path = posixpath.normpath("/" + path.lstrip("/"))[1:]
    return tuple(path.split("/")) if path else ()


def relative_url(url: str, other: str) -> str:
    """`url` relative to the page at `other` (both site paths; a last part with a dot is a file)."""
    dirname, _, basename = other.rpartition("/")
    if "." in basename:
        other = dirname
    other_parts, dest_parts = _parts(other), _parts(url)
    common = 0
    for a, b in zip(other_parts, dest_parts):
        if a != b:
            break
        common += 1
    rel = "/".join([".."] * (len(other_parts) - common) + list(dest_parts[common:])) or "."
    return rel + "/" if url.endswith("/") else rel


def page_url(docs_path: str | None) -> str | None:
    """Site URL (directory style) of a docs-relative Markdown path: ke-hoach/ia-bang.md -> ke-hoach/ia-bang/."""
    if not docs_path:
        return None
    stem = docs_path[:-3] if docs_path.endswith(".md") else docs_path
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def base_of(url: str) -> str:
    """Relative prefix from a page URL back to the site root: "don-vi/x/" -> "../../"."""
    return "../" * len([p for p in url.split("/") if p])
