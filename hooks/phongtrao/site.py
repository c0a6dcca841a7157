"""The build, in named phases that the MkDocs hook file calls.

resolve  — load and validate data (on_config)
generate — add generated pages and assets to the file list (on_files)
render   — fill pages that need data (on_page_markdown), sanitise contributed HTML (on_page_content)
publish  — write open-data files after the build (on_post_build)
"""
from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

import importlib

from .pages import markers
from . import registry
from .config import PhongTraoConfig, load_config, preview_localities
from .reading.datacache import DataCache, default_folder
from .reading.load import LoadResult, commit_timestamp, load_dataset
from .reading.paths import symlinks_under
from .reading.problems import BuildAbort
from .text import toc_slugify
from .untrusted import log_text, safe_blog_authors, safe_page_strings

log = logging.getLogger("mkdocs.hooks.phongtrao")

# The mkdocs command running ("build", "serve", "gh-deploy"), set by on_startup;
# `serve` injects a live-reload inline script, so csp adds no policy there.
COMMAND: str = "build"

# Feature modules register markers, generators, filters and publishers on import.
# Append yours here (module names inside the phongtrao package).
FEATURE_MODULES: list[str] = [
    "pages.plan_pages",  # plan hierarchy, plan structure summaries, editorial notes on plan texts
    "pages.rawhtml",  # generated pages' HTML tables set aside from the Markdown parser, put back after it
    "pages.sanitize",  # nh3 allow-list for contributed pages and unit pages
    "publishing.csp",  # Content-Security-Policy meta with hashes of inline scripts
    "publishing.search_fold",  # search: Material's share button without a javascript: URL
    "pages.practices",  # good practices and exemplars: front matter checks, slugs → URLs, galleries, unit lists
    "pages.awards",  # awards page (marker `awards`)
    "publishing.feed",  # Atom/RSS feeds of the news posts
    "publishing.permalinks",  # post slug checks, redirects from permalinks.yml
    "publishing.social",  # Open Graph facts and social card images
    "pages.generate_pages",  # locality progress, unit directory and unit pages, overdue list, periodic reports
    "pages.dashboard",  # home page markers: headline figures, progress bars
    "publishing.opendata",  # /du-lieu/: tables as CSV and JSON, zip, datapackage.json, schemas
    "publishing.schemas_publish",  # /schemas/*.schema.json for editors; marker `schema-fields` (contributor guide)
]


def import_features() -> None:
    for name in FEATURE_MODULES:
        importlib.import_module(f"{__package__}.{name}")


@dataclass
class BuildState:
    config: PhongTraoConfig
    data_dir: Path
    result: LoadResult
    extras: dict = field(default_factory=dict)  # per-feature state (computed tables …)
    preview: set[str] | None = None  # the localities of a one-commune preview, None for the whole site
    theme_dirs: tuple[str, ...] = ()  # template folders (overrides, then the theme): csp reads their scripts

    @property
    def dataset(self):
        return self.result.dataset


def resolve(mkdocs_config) -> BuildState:
    import_features()
    # Heading anchors fold Vietnamese like every other slug ("Vấn đề" → #van-de, not #van-e):
    # Python-Markdown's default slugify drops đ, so deep links would read wrongly.
    mkdocs_config["mdx_configs"].setdefault("toc", {})["slugify"] = toc_slugify
    blog = mkdocs_config["plugins"].get("material/blog")
    if blog is not None and getattr(blog, "authors", None):  # read by the blog in its on_config, before ours
        safe_blog_authors(blog.authors)
    cfg, data_dir = load_config(mkdocs_config)
    root = Path(mkdocs_config["config_file_path"]).resolve().parent
    links = symlinks_under(Path(mkdocs_config["docs_dir"]))
    if links:  # MkDocs would publish what they point at (or loop on a linked folder): refuse before it lists files
        raise BuildAbort("Thư mục docs/ có liên kết tượng trưng (symlink), trang không được dựng: "
                         + "; ".join(log_text(p.relative_to(root) if p.is_relative_to(root) else p) for p in links)
                         + ". Hãy xoá liên kết và đặt nội dung vào tệp thường trong kho.")
    # the sitemap's dates (and its .gz header) come from the last commit, never from the day of the build
    stamp = commit_timestamp(root)
    if stamp is not None:
        os.environ.setdefault("SOURCE_DATE_EPOCH", str(stamp))
    # files unchanged since the last build are not read again (a `serve` rebuild, a CI run with .cache restored)
    preview = preview_localities()
    if preview:
        log.info("Chỉ xem trước địa bàn %s (PHONGTRAO_LOCALITY): trang của các địa bàn khác không được dựng.",
                 ", ".join(sorted(preview)))
    cache_folder = default_folder(root)
    result = load_dataset(data_dir, cache=DataCache(cache_folder), localities=preview)
    for problem in result.problems:
        # a warning, so `mkdocs build --strict` fails on bad data while `serve` keeps going
        log.warning("Dữ liệu không hợp lệ (tệp bị bỏ qua): %s", problem.format(root))
    return BuildState(config=cfg, data_dir=data_dir, result=result, preview=preview,
                      theme_dirs=tuple(str(d) for d in mkdocs_config["theme"].dirs))


def generate(files, mkdocs_config, state: BuildState):
    for _, func in registry.GENERATORS:
        func(files, mkdocs_config, state)
    return files


def render_markdown(markdown: str, page, state: BuildState) -> str:
    return markers.fill(markdown, state, page)


def filter_content(html: str, page, state: BuildState) -> str:
    for _, func in registry.PAGE_FILTERS:
        html = func(html, page, state)
    # before any template renders this page or a neighbour's link to it (see untrusted.py)
    safe_page_strings(page)
    return html


def finish_page(output: str, page, state: BuildState) -> str:
    for _, func in registry.POST_PAGE:
        output = func(output, page, state)
    return output


def publish(mkdocs_config, state: BuildState) -> None:
    site_dir = Path(mkdocs_config["site_dir"])
    for _, func in registry.PUBLISHERS:
        func(site_dir, mkdocs_config, state)
