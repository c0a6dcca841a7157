"""Search: a Pagefind index (site/pagefind/) that a phone loads piece by piece, written after the pages.

What is indexed, page by page (post_page step `remember_page`): the article's text without the parts
marked data-search-exclude, so plans, practices, exemplars, news and guides count in full while unit,
locality and report pages count by their title and summary, not their tables (their templates mark
the detailed sections). Each page becomes one small HTML record for Pagefind's indexer:

- the text with đ written d (`d_fold`): Pagefind already matches tone marks loosely (“binh” finds
  “bình”) but takes đ for a letter of its own, so “duong” would miss “đường”; the browser folds the
  query whole (lower case, đ → d, tone marks dropped: overrides/assets/javascripts/phongtrao-search.js),
  so a query typed without diacritics finds exactly what its accented form finds;
- the title (d-folded) as metadata “t”, which the search weighs most: a page whose title matches comes first;
- the accented title as metadata, and “dd”: the page's words that are written with đ, so that the
  excerpt the results show (cut in the browser from the indexed text) is spelled right again;
- one filter with the commune or ward (xa:…) and the kind of page (loai:…).
The text is stored once (Pagefind keeps the indexed text to cut excerpts from): a result costs the
phone its page's text, not twice that.

The records are added in URL order and Pagefind names its files by their content: the same pages
give the same index bytes. The indexer runs as the pagefind binary from the `pagefind-bin` wheel,
through its Python API, once per build (publish step `write_index`).
"""
from __future__ import annotations

import asyncio
import gzip
import hashlib
import html
import json
import logging
import re
import shutil
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from ..text import nfc
from ..untrusted import plain

log = logging.getLogger("phongtrao")

FOLDER = "pagefind"
FILTER = "loc"
KINDS = {"ke-hoach": "Kế hoạch", "mo-hinh-hay": "Mô hình hay", "dien-hinh": "Điển hình tiên tiến",
         "tin-tuc": "Tin tức", "don-vi": "Đơn vị", "dia-ban": "Xã, phường", "bao-cao": "Báo cáo",
         "bao-cao-tinh": "Báo cáo", "tinh": "Tỉnh", "dong-gop": "Hướng dẫn", "sua-du-lieu": "Hướng dẫn"}
OTHER_KIND = "Trang khác"
_SKIPPED = {"script", "style", "svg", "noscript", "template", "button", "select", "form"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass(frozen=True)
class Record:
    url: str           # site-relative, e.g. "don-vi/ia-bang-lang-bi/"
    title: str
    text: str          # what is indexed, accented
    kind: str          # KINDS value
    localities: tuple[str, ...]


class _ArticleText(HTMLParser):
    """The text of <article>, without what is marked data-search-exclude (as Material's search reads it:
    on a heading, its whole section up to the next heading of the same or a higher level; on any other
    element, that element), nor scripts, charts or controls."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0           # inside <article> when > 0
        self.skip = 0            # inside a skipped element when > 0
        self.section = 0         # level of the excluded section's heading (0: none)
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in _VOID:
            return
        if self.depth == 0:
            if tag == "article":
                self.depth = 1
            return
        self.depth += 1
        heading = int(tag[1]) if len(tag) == 2 and tag[0] == "h" and tag[1] in "123456" else 0
        marked = any(k == "data-search-exclude" for k, _ in attrs)
        if heading and not self.skip:
            if self.section and heading <= self.section:
                self.section = 0          # the excluded section ends here
            if marked:
                self.section = heading
        if self.skip:
            self.skip += 1
        elif tag in _SKIPPED or (marked and not heading) or tag == "h1":
            self.skip = 1      # (the title is indexed on its own, with its weight)
        if tag in ("p", "li", "td", "th", "h2", "h3", "h4", "dt", "dd", "div", "tr", "br"):
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in _VOID or self.depth == 0:
            return
        self.depth -= 1
        if self.skip:
            self.skip -= 1
        self.parts.append(" ")

    def handle_data(self, data):
        if self.depth and not self.skip and not self.section:
            self.parts.append(data)

    def text(self) -> str:
        return " ".join("".join(self.parts).split())


_HEADING = re.compile(r"<h([1-6])\b([^>]*)>")


def _without_excluded_sections(article: str) -> str:
    """The article without the sections whose heading is marked data-search-exclude, cut by offsets before
    any parsing: on a locality or report page they are nearly all of its bytes (the tables of every unit)."""
    kept, cut_from, level = [], None, 0
    position = 0
    for match in _HEADING.finditer(article):
        h = int(match[1])
        if cut_from is not None and h <= level:
            position, cut_from = match.start(), None      # the excluded section ends at this heading
        if cut_from is None and "data-search-exclude" in match[2]:
            kept.append(article[position:match.start()])
            cut_from, level = match.start(), h
    if cut_from is None:
        kept.append(article[position:])
    return "".join(kept)


_BLOCK = re.compile(r"<(/?)(p|li|td|th|h[2-6]|dt|dd|div|tr|br|section|blockquote|figcaption|table)\b", re.I)
_DROPPED = {"script", "style", "svg", "noscript", "template", "button", "select", "form", "h1", "textarea", "math"}


def article_text(page_html: str) -> str:
    # only the <article> is read: the header, navigation and footer around it are most of a page's bytes
    start = page_html.find("<article")
    end = page_html.rfind("</article>")
    article = page_html[start:end + len("</article>")] if 0 <= start < end else page_html
    article = _without_excluded_sections(article)
    if "data-search-exclude" in article:
        # an element (not a section) left out, such as the directory's table: the careful parser
        parser = _ArticleText()
        parser.feed(article + "</article>")
        parser.close()
        return nfc(parser.text())
    # the common case, a few hundred pages of a province: nh3 (the sanitiser's Rust HTML parser) drops the
    # tags and the elements not read, twenty times faster than html.parser; a space stands for each block edge
    import nh3
    text = nh3.clean(_BLOCK.sub(r" <\1\2", article), tags=set(), clean_content_tags=_DROPPED)
    return nfc(" ".join(html.unescape(text).split()))


def _localities_of(src_uri: str, state) -> tuple[str, ...]:
    """The commune or ward a page is about, by name (the filter a citizen picks)."""
    ds = state.dataset
    parts = src_uri.removesuffix(".md").split("/")
    units_dir, loc_dir = state.config.units_dir.strip("/"), state.config.localities_dir.strip("/")
    loc_id = None
    if parts[0] == units_dir and len(parts) == 2 and parts[1] in ds.units:
        loc_id = ds.units[parts[1]].locality
    elif parts[0] in (loc_dir, "ke-hoach", "cap-nhat", "bao-cao", "qua-han") and len(parts) >= 2:
        loc_id = parts[1]
    else:
        practice = next((p for p in ds.practices if p.src_uri == src_uri), None)
        if practice is not None and practice.unit in ds.units:
            loc_id = ds.units[practice.unit].locality
    loc = ds.localities.get(loc_id) if loc_id else None
    return (loc.name,) if loc else ()


def _unit_line(src_uri: str, state) -> str | None:
    """What a unit page is found by: its kind, commune or ward and cluster (its name is the title).
    A province has 5,000 unit pages: indexing their facts too made every common word's entry in the
    index (and so the first query on a phone) several times larger, for words nobody searches a unit by."""
    parts = src_uri.removesuffix(".md").split("/")
    if parts[0] != state.config.units_dir.strip("/") or len(parts) != 2:
        return None
    unit = state.dataset.units.get(parts[1])
    if unit is None:
        return None
    from ..reading.model import UNIT_KINDS
    loc = state.dataset.localities.get(unit.locality)
    cluster = next((c.name for c in loc.clusters if c.id == unit.cluster), None) if loc else None
    return " · ".join(x for x in (UNIT_KINDS.get(unit.kind, (unit.kind,))[0], loc.name if loc else None, cluster) if x)


def remember_page(output: str, page, state) -> str:
    """post_page step: note what the page contributes to the index (the page itself is unchanged)."""
    search = (page.meta or {}).get("search")
    if isinstance(search, dict) and search.get("exclude"):
        return output
    url = page.url or ""
    if url.endswith("404.html") or url.startswith(FOLDER + "/"):
        return output
    first = page.src_uri.split("/", 1)[0] if "/" in page.src_uri else ""
    # the title as a reader sees it: text, never markup (a contributed title may carry either)
    text = _unit_line(page.src_uri, state)   # a unit page is not parsed at all: most of a province's pages
    state.search_records.append(Record(url=url, title=plain(page.title or ""), text=article_text(output) if text is None else text,
                                       kind=KINDS.get(first, OTHER_KIND), localities=_localities_of(page.src_uri, state)))
    return output


def d_fold(text: str) -> str:
    return text.replace("đ", "d").replace("Đ", "D")


_WORD = re.compile(r"[^\W\d_]+")


def d_words(text: str) -> str:
    """The page's words written with đ, as they read with d (lower case), where that is unambiguous:
    "đường đi" → "dường"; a word the page writes both ways (đa and da) is left as it is indexed."""
    with_d, plain_d = set(), set()
    for word in _WORD.findall(text.lower()):
        if "đ" in word:
            with_d.add(word.replace("đ", "d"))
        elif "d" in word:
            plain_d.add(word)
    return " ".join(sorted(with_d - plain_d))


def record_html(record: Record) -> str:
    """The document Pagefind indexes for one page: d-folded words to search, the means to show them accented."""
    e = html.escape
    # one filter key: Pagefind writes several keys in no fixed order, and the index must be the same
    # bytes every build; the browser splits "xa:…" (commune or ward) and "loai:…" (kind of page)
    filters = "".join(f'<span data-pagefind-filter="{FILTER}">xa:{e(name)}</span>' for name in record.localities)
    return (
        '<!doctype html><html lang="vi"><head><meta charset="utf-8"></head><body><main data-pagefind-body>'
        f'<h1>{e(d_fold(record.title))}</h1><p>{e(d_fold(record.text))}</p>'
        '<div data-pagefind-ignore>'
        f'<span data-pagefind-meta="title">{e(record.title)}</span>'
        f'<span data-pagefind-meta="t">{e(d_fold(record.title))}</span>'
        f'<span data-pagefind-meta="dd">{e(d_words(record.title + " " + record.text))}</span>'
        f'<span data-pagefind-filter="{FILTER}">loai:{e(record.kind)}</span>{filters}'
        '</div></main></body></html>')


_SIGNATURE = b"pagefind_dcd"


def _read_cbor(path: Path):
    import cbor2
    raw = gzip.decompress(path.read_bytes())
    return cbor2.loads(raw[len(_SIGNATURE):]) if raw.startswith(_SIGNATURE) else cbor2.loads(raw)


def _write_cbor(folder: Path, prefix: str, digits: int, suffix: str, data) -> str:
    """Write data as Pagefind does (signature, CBOR, gzip), named by its own content; returns the hash part."""
    import cbor2
    raw = _SIGNATURE + cbor2.dumps(data)
    name = f"vi_{hashlib.sha256(raw).hexdigest()[:digits]}"
    (folder / f"{prefix}{name}{suffix}").write_bytes(gzip.compress(raw, mtime=0))
    return name


def _canonical(out: Path) -> None:
    """Pagefind 1.5 writes a filter's values, their pages, and the filters in no fixed order (hash maps,
    files read in parallel), different on every run: sort them and rename the files by their content, so
    the same pages give the same bytes."""
    entry_file = out / "pagefind-entry.json"
    entry = json.loads(entry_file.read_text(encoding="utf-8"))
    for lang, info in entry["languages"].items():
        meta_file = out / f"pagefind.{info['hash']}.pf_meta"
        meta = _read_cbor(meta_file)
        renamed = {}
        for old in sorted((out / "filter").glob("*.pf_filter")):
            name, values = _read_cbor(old)
            values = sorted(([value, sorted(pages)] for value, pages in values), key=lambda v: v[0])
            renamed[old.stem] = _write_cbor(out / "filter", "", 7, ".pf_filter", [name, values])
            if renamed[old.stem] != old.stem:
                old.unlink()
        meta[3] = sorted([[name, renamed.get(h, h)] for name, h in meta[3]])
        info["hash"] = _write_cbor(out, "pagefind.", 10, ".pf_meta", meta)
        if meta_file.name != f"pagefind.{info['hash']}.pf_meta":
            meta_file.unlink()
    entry_file.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


async def _write(records: list[Record], out: Path) -> int:
    """Pagefind reads the records as files of a folder laid out like the site (one call: adding them one
    by one through the API cost a round trip each, 0.1 s a page)."""
    import tempfile
    from pagefind.index import IndexConfig
    from pagefind.service import PagefindService
    with tempfile.TemporaryDirectory(prefix="phongtrao-search-") as tmp:
        for record in records:
            target = Path(tmp) / record.url / "index.html" if record.url.endswith("/") or not record.url else \
                Path(tmp) / record.url
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(record_html(record), encoding="utf-8")
        # The service, not PagefindIndex's context manager: that one writes the bundle again as it closes
        # (1,4 s more at province size) and stops the indexer at once, which under load once left an
        # empty pagefind-entry.json. The indexer is stopped here only once what it wrote is whole.
        async with PagefindService() as service:
            index = await service.create_index(IndexConfig(force_language="vi"))
            await index.add_directory(path=tmp)
            await index.write_files(output_path=str(out))
            await _settled(out)
    _canonical(out)
    return len(records)


async def _settled(out: Path, timeout_s: float = 60.0) -> None:
    """Wait until the bundle in `out` is whole: its entry file names a page list that is there, no file
    is empty, and nothing more appears between two looks."""
    import time
    deadline, before = time.monotonic() + timeout_s, None
    while time.monotonic() < deadline:
        files = {p: p.stat().st_size for p in out.rglob("*") if p.is_file()}
        try:
            entry = json.loads((out / "pagefind-entry.json").read_text(encoding="utf-8"))
            whole = all(size > 0 for size in files.values()) and all(
                (out / f"pagefind.{info['hash']}.pf_meta").is_file() for info in entry["languages"].values())
        except (OSError, ValueError, KeyError, TypeError):
            whole = False
        if whole and files == before:
            return
        before = files
        await asyncio.sleep(0.05)
    raise RuntimeError(f"Pagefind chưa ghi xong chỉ mục tìm kiếm vào {out} sau {timeout_s:.0f} giây.")


def run_coroutine(coroutine):
    """asyncio.run, also from a thread whose event loop is already running (a test driving chromium
    through Playwright, a server building in process): then the indexer gets a thread of its own."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    from concurrent.futures import ThreadPoolExecutor
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def write_index(state) -> None:
    """publish step: the index of every page remembered, under site/pagefind/ (replacing any before)."""
    out = Path(state.site.site_dir) / FOLDER
    if out.exists():
        shutil.rmtree(out)
    records = sorted({r.url: r for r in state.search_records}.values(), key=lambda r: r.url)
    count = run_coroutine(_write(records, out))
    # the default UIs Pagefind writes are not used (the site has its own search box): not published
    for name in ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
                 "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js"):
        (out / name).unlink(missing_ok=True)
    log.info("Tìm kiếm: %d trang trong chỉ mục Pagefind.", count)


def add_link_list(changes, state, existing: set[str]) -> None:
    """generate step: /tim-kiem/, the list of pages the search box falls back to without JavaScript."""
    from ..pages.generate_pages import render
    from ..text import sort_vi
    from ..urls import page_url
    ds = state.dataset
    loc_dir = state.config.localities_dir.strip("/")
    plans = [(p.short_title or p.title, page_url(p.page)) for p in ds.plans.values() if p.page]
    places = [(loc.name, f"{loc_dir}/{loc.id}/") for loc in sort_vi(ds.localities.values(), key=lambda l: l.name)]
    practices = {section: [(p.title, p.url) for p in sort_vi(ds.practices, key=lambda p: p.title)
                           if p.section == section and p.url] for section in ("mo-hinh-hay", "dien-hinh")}
    guides = [("Góp dữ liệu", "dong-gop/"), ("Sửa dữ liệu bằng biểu mẫu", "sua-du-lieu/"),
              ("Cách dùng biểu mẫu", "dong-gop/bieu-mau/"), ("Lỗi thường gặp", "dong-gop/loi-thuong-gap/"),
              ("Dữ liệu mở", "du-lieu-mo/"), ("Tin tức", "tin-tuc/"), ("Danh bạ đơn vị", f"{state.config.units_dir.strip('/')}/")]
    groups = [("Kế hoạch", plans), ("Xã, phường", places), ("Mô hình hay", practices["mo-hinh-hay"]),
              ("Điển hình tiên tiến", practices["dien-hinh"]), ("Hướng dẫn và trang khác", guides)]
    changes.add("tim-kiem/index.md", render("search_links.md.j2", "tim-kiem/", groups=groups))
