"""Feature registries: each feature module registers the work it adds to a phase.

- `@generator`  (files, mkdocs_config, state) -> None   during on_files: add generated pages/assets
- `@page_filter` (html, page, state) -> html            during on_page_content (e.g. sanitising)
- `@post_page`  (output, page, state) -> output         during on_post_page (e.g. CSP meta)
- `@publisher`  (site_dir: Path, mkdocs_config, state)  during on_post_build (open data, feeds …)

Order within a registry is the import order of `site.FEATURE_MODULES`, then `order`.
"""
from __future__ import annotations

from typing import Callable

GENERATORS: list[tuple[int, Callable]] = []
PAGE_FILTERS: list[tuple[int, Callable]] = []
POST_PAGE: list[tuple[int, Callable]] = []
PUBLISHERS: list[tuple[int, Callable]] = []


def _register(registry: list, order: int):
    def add(func: Callable) -> Callable:
        if all(f is not func for _, f in registry):
            registry.append((order, func))
            registry.sort(key=lambda item: item[0])
        return func
    return add


def generator(func=None, *, order: int = 0):
    return _register(GENERATORS, order)(func) if func else _register(GENERATORS, order)


def page_filter(func=None, *, order: int = 0):
    return _register(PAGE_FILTERS, order)(func) if func else _register(PAGE_FILTERS, order)


def post_page(func=None, *, order: int = 0):
    return _register(POST_PAGE, order)(func) if func else _register(POST_PAGE, order)


def publisher(func=None, *, order: int = 0):
    return _register(PUBLISHERS, order)(func) if func else _register(PUBLISHERS, order)
