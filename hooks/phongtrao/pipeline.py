"""The build, in named phases, with the order of its steps declared once (below).

    resolve  → read and check every data file and every practice, exemplar and post's front matter
    generate → the pages and files the site adds (unit pages, open data, schemas …), and where
               practices are served
    render   → markers filled in pages; contributed HTML sanitised; CSP on every page
    publish  → files written after the pages: feeds, social cards, redirects

Nothing here knows which site generator runs it. The generator's adapter
(`adapter.py`, for MkDocs and ProperDocs) turns its config, files and pages into
the plain objects below, calls the phases, and applies what they return;
`python -m phongtrao.cli generate OUT/` calls the same phases without any.
"""
from __future__ import annotations

import functools
import gc
import logging
from dataclasses import dataclass, field
from pathlib import Path

from .config import PhongTraoConfig, preview_localities, site_province
from .figures import compute
from .reading.datacache import DataCache, default_folder
from .reading.load import LoadResult, commit_timestamp, load_dataset
from .reading.paths import symlinks_under
from .reading.problems import BuildAbort
from .untrusted import log_text

log = logging.getLogger("phongtrao")


# ---------------------------------------------------------------- what the adapter hands over


@dataclass(frozen=True)
class SiteConfig:
    """The facts about the site the build needs, from the generator's config."""
    root: Path                      # the folder of the site's config file
    docs_dir: Path
    site_dir: Path
    site_url: str                   # "" when unknown
    site_name: str
    site_description: str
    theme_dirs: tuple[str, ...]     # template folders, overrides first: csp reads their inline scripts
    extra: dict                     # the `extra.phongtrao` settings
    serving: bool = False           # a live preview (it injects its own script: no CSP then)
    markdown_extensions: tuple = ()  # as the config file lists them (standalone.py renders with them)
    repo_url: str = ""               # the repository, for links to the commits of the data's history


@dataclass
class PageView:
    """A page as the build's steps see it; `meta` is the page's own front matter dict (shared)."""
    src_uri: str                    # docs-relative source path, e.g. "mo-hinh-hay/x.md"
    url: str                        # site-relative URL, e.g. "mo-hinh-hay/x/"
    title: str | None = None
    meta: dict = field(default_factory=dict)
    canonical_url: str | None = None


@dataclass
class FileChanges:
    """What the generate phase asks of the generator's file list."""
    added: dict[str, str | bytes] = field(default_factory=dict)   # docs-relative path → content
    moved: dict[str, str] = field(default_factory=dict)           # src_uri → URL it is served at
    removed: set[str] = field(default_factory=set)                # src_uris left out of the site

    def add(self, path: str, content: str | bytes) -> None:
        self.added[path] = content


def _merged(base: dict, over: dict) -> dict:
    out = dict(base)
    for key, value in over.items():
        out[key] = _merged(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


def read_site_config(config_file: Path, site_dir: Path | None = None) -> SiteConfig:
    """The SiteConfig of a site config file, read without any site generator (cli generate, tests).

    The file is the site team's own; tags such as `!!python/name:` (a generator's option) read as None."""
    import importlib.util

    import yaml

    class _Reader(yaml.SafeLoader):
        pass
    _Reader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
    config_file = Path(config_file).resolve()
    data = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_Reader) or {}
    while data.get("INHERIT"):  # a config inheriting another: merged as the generator merges them
        parent_file = (config_file.parent / data.pop("INHERIT")).resolve()
        parent = yaml.load(parent_file.read_text(encoding="utf-8"), Loader=_Reader) or {}
        data = _merged(parent, data)
    root = config_file.parent
    theme = data.get("theme") or {}
    dirs = [str((root / theme["custom_dir"]).resolve())] if theme.get("custom_dir") else []
    spec = importlib.util.find_spec(theme.get("name") or "material")
    if spec and spec.submodule_search_locations:
        dirs.append(str(Path(list(spec.submodule_search_locations)[0]) / "templates"))
    return SiteConfig(
        root=root, docs_dir=(root / data.get("docs_dir", "docs")).resolve(),
        site_dir=Path(site_dir) if site_dir else (root / data.get("site_dir", "site")).resolve(),
        site_url=data.get("site_url") or "", site_name=data.get("site_name") or "",
        site_description=data.get("site_description") or "", theme_dirs=tuple(dirs),
        extra=dict((data.get("extra") or {}).get("phongtrao") or {}),
        markdown_extensions=tuple(data.get("markdown_extensions") or ()), repo_url=data.get("repo_url") or "")


# ---------------------------------------------------------------- state shared by the steps


@dataclass
class BuildState:
    config: PhongTraoConfig
    site: SiteConfig
    data_dir: Path
    result: LoadResult
    preview: set[str] | None = None                  # the localities of a one-commune preview
    overview: compute.Overview | None = None         # every figure, computed once (figures/compute.py)
    emulation: object | None = None                  # scores, rankings, inspections (figures/scores.py)
    raw_html: dict[str, list[str]] = field(default_factory=dict)   # generated pages' HTML set aside
    cards: dict = field(default_factory=dict)        # site path → social card to draw
    feed_entries: dict = field(default_factory=dict)  # post src_uri → feed entry
    indexes: dict = field(default_factory=dict)      # lookups built once per build (practices by unit …)
    practices_left_out: dict = field(default_factory=dict)  # src_uri → another commune's practice (preview, province)
    province: str | None = None      # the province this site is built for (PHONGTRAO_PROVINCE), None for all
    commit_time: int | None = None  # Unix time of the last commit: the date of anything not dated by the data
    search_records: list = field(default_factory=list)  # what each page gives the search index (publishing/search_index)

    @property
    def dataset(self):
        return self.result.dataset

    @property
    def serving(self) -> bool:
        return self.site.serving

    @property
    def theme_dirs(self) -> tuple[str, ...]:
        return self.site.theme_dirs


# ---------------------------------------------------------------- the steps, in order

@functools.lru_cache(maxsize=1)
def _steps():
    """Every step of every phase, in the order it runs (imported here: the feature modules
    import this module's types)."""
    from .pages import generate_pages, practices, rawhtml, sanitize
    from .publishing import (calendar, csp, editor, embeds, feed, history, opendata, permalinks, schemas_publish,
                             search_fold, search_index, social)
    # markers register themselves by name; importing their modules is what makes them known
    from .pages import awards, dashboard, plan_pages  # noqa: F401 - markers register on import
    return {
        "generate": (practices.place, generate_pages.add_pages, opendata.add_open_data,
                     schemas_publish.add_schema_files, calendar.add_calendars, embeds.add_embeds,
                     history.add_history, editor.add_editor, search_index.add_link_list),
        "page": (practices.practice_page, plan_pages.paragraph_links, feed.remember_post, social.share_facts,
                 sanitize.sanitize_contributed, rawhtml.restore_raw_html),
        "post_page": (search_fold.search_dialog_markup, search_index.remember_page, csp.content_security_policy),
        "publish": (feed.write_feeds, permalinks.write_redirects, social.write_cards,
                    csp.policy_for_template_pages, search_index.write_index),
    }


# ---------------------------------------------------------------- phases


def resolve(site: SiteConfig) -> BuildState:
    """Read and check everything the site is built from; problems are logged as warnings."""
    gc.unfreeze()   # a live preview's previous build (generate froze it) may be collected again
    from .config import load_config
    from .publishing import permalinks
    from .reading import practices
    links = symlinks_under(site.docs_dir)
    if links:  # a generator would publish what they point at (or loop on a linked folder)
        raise BuildAbort("Thư mục docs/ có liên kết tượng trưng (symlink), trang không được dựng: "
                         + "; ".join(log_text(p.relative_to(site.root) if p.is_relative_to(site.root) else p)
                                     for p in links)
                         + ". Hãy xoá liên kết và đặt nội dung vào tệp thường trong kho.")
    cfg, data_dir = load_config(site.extra, site.root)
    preview, province = preview_localities(), site_province()
    if preview:
        log.info("Chỉ xem trước địa bàn %s (PHONGTRAO_LOCALITY): trang của các địa bàn khác không được dựng.",
                 ", ".join(sorted(preview)))
    # files unchanged since the last build are not read again (a `serve` rebuild, a CI run with .cache restored)
    result = load_dataset(data_dir, cache=DataCache(default_folder(site.root)), localities=preview, province=province)
    if province:
        preview = set(result.dataset.localities)  # a province's site leaves the other provinces out, as a preview does
        log.info("Trang của tỉnh %s: %d xã, phường.", province, len(preview))
    for problem in result.problems:
        # a warning, so a strict build fails on bad data while a live preview keeps going
        log.warning("Dữ liệu không hợp lệ (tệp bị bỏ qua): %s", problem.format(site.root))
    state = BuildState(config=cfg, site=site, data_dir=data_dir, result=result, preview=preview,
                       commit_time=commit_timestamp(site.root), province=province)
    # the front matter of practices, exemplars and posts is data too: read and checked here
    found, state.practices_left_out = practices.load(site.docs_dir, state.dataset, preview)
    state.dataset.practices = found
    for problem in (problem for p in found for problem in p.problems):
        log.warning("Trang mô hình/điển hình chưa hợp lệ (trang vẫn được đăng, bỏ các trường lỗi): %s",
                    problem.format(site.root))
    for line in permalinks.check_posts(site.docs_dir, site.root):
        log.warning("Bài tin tức chưa hợp lệ: %s", line)
    return state


def generate(state: BuildState, existing: set[str]) -> FileChanges:
    """Generated files (never written into docs/; `existing` hand-written pages win) and moved pages."""
    changes = FileChanges()
    for step in _steps()["generate"]:
        step(changes, state, existing)
    # Everything read and generated so far lives until the build ends. Frozen, it is no longer walked by
    # each of Python's full collections while the pages are rendered (at province size each walk of the
    # heap took about a second, and the step that happened to allocate paid for it).
    gc.freeze()
    return changes


def render_markdown(markdown: str, page: PageView, state: BuildState) -> str:
    from .pages import markers
    return markers.fill(markdown, state, page)


def page_content(html: str, page: PageView, state: BuildState) -> str:
    for step in _steps()["page"]:
        html = step(html, page, state)
    return html


def finish_page(output: str, page: PageView, state: BuildState) -> str:
    for step in _steps()["post_page"]:
        output = step(output, page, state)
    return output


def publish(state: BuildState) -> None:
    for step in _steps()["publish"]:
        step(state)
