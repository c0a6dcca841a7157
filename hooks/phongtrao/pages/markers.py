"""Markers: data-driven blocks placed in Markdown pages.

A page (hand-written or generated) asks for a block with an HTML comment on a
line of its own:

    <!-- phongtrao: unit-practices ia-bang-phong-van-hoa-xa-hoi -->

During `on_page_markdown` each marker is replaced by what its renderer returns
(Markdown or HTML). Renderers register themselves with `@marker("name")` in the
feature module that owns them; they receive the build state, the page and the
marker's arguments, and must escape any data they insert.
"""
from __future__ import annotations

import re
from typing import Callable

MARKER = re.compile(r"^[ \t]*<!--\s*phongtrao:\s*([a-z0-9-]+)((?:\s+[^\s>]+)*)\s*-->[ \t]*$", re.MULTILINE)

Renderer = Callable[..., str]
_RENDERERS: dict[str, Renderer] = {}


def marker(name: str):
    def register(func: Renderer) -> Renderer:
        _RENDERERS[name] = func
        return func
    return register


def fill(markdown: str, state, page) -> str:
    """Replace every known marker in the page; unknown markers are left as comments."""
    def replace(match: re.Match) -> str:
        renderer = _RENDERERS.get(match[1])
        if renderer is None:
            return match[0]
        return renderer(state, page, *match[2].split())
    return MARKER.sub(replace, markdown)


def names() -> list[str]:
    return sorted(_RENDERERS)
