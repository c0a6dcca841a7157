"""Vietnamese search (Pagefind): queries with or without diacritics find the same pages, the page whose
title holds the words first; đ words; filters by commune and kind; the no-JavaScript list; the CSP."""
from __future__ import annotations

import gzip
import json
import unicodedata
from pathlib import Path

import pytest

from browser import browser, new_page, site_url  # noqa: F401  (pytest fixtures)

ROOT = Path(__file__).resolve().parent.parent
PRACTICE = "Lớp “Bình dân học vụ số” buổi tối tại nhà văn hoá thôn"


def fold(text: str) -> str:
    text = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def fragments(site: Path) -> dict[str, dict]:
    """URL → Pagefind's record of the page (what a result loads), read from the built index."""
    out = {}
    for path in (site / "pagefind/fragment").glob("*.pf_fragment"):
        data = json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))
        out[data["url"].lstrip("/")] = data
    return out


# ---------------------------------------------------------------- what is indexed


def test_every_page_is_indexed_with_folded_words_and_accented_text(built_site):
    records = fragments(built_site)
    pages = {p.parent.relative_to(built_site).as_posix() + "/" for p in built_site.glob("**/index.html")
             if 'http-equiv="refresh"' not in p.read_text(encoding="utf-8")}   # a moved page's redirect
    pages = {"" if p == "./" else p for p in pages}
    # every page but the printable province reports (their front matter says search: exclude)
    assert pages - set(records) == {p for p in pages if p.startswith("bao-cao-tinh/")}
    unit = records["don-vi/ia-bang-phong-van-hoa-xa-hoi/"]
    assert unit["meta"]["title"] == "Phòng Văn hóa – Xã hội"
    # the text keeps its tone marks (Pagefind matches them loosely) but writes đ as d, which Pagefind
    # would take for another letter; "dd" lists the page's đ words, to spell the excerpt right again
    assert "Xã Ia Băng" in unit["content"] and not [r for r in records.values() if "đ" in r["content"].lower()]
    plan_words = records["ke-hoach/ia-bang/"]["meta"]["dd"].split()
    assert "dơn" in plan_words and "dân" not in plan_words
    assert unit["filters"] == {"loc": ["loai:Đơn vị", "xa:Xã Ia Băng"]}   # one filter: its order is fixed


def test_figure_pages_count_by_title_and_summary_and_texts_in_full(built_site):
    records = fragments(built_site)
    # a unit page: found by its name, kind, commune or ward and cluster; none of its facts or tables
    unit = records["don-vi/ia-bang-phong-van-hoa-xa-hoi/"]["content"]
    assert unit == "Phòng Văn hóa – Xã hội. Phòng, ban chuyên môn · Xã Ia Băng · Khối các cơ quan chuyên môn.", unit
    locality = records["dia-ban/ia-bang/"]["content"]   # a locality page: its summary, not its tables
    assert "Xã Ia Băng" in locality and "Buôn Kosier" not in locality
    for url in ("don-vi/", "qua-han/"):   # the directory and overdue tables list every unit: not indexed
        assert "Buôn Kosier" not in records[url]["content"]
    plan = records["ke-hoach/ia-bang/"]
    assert len(plan["content"]) > 5000 and "loai:Kế hoạch" in plan["filters"]["loc"]
    practice = next(r for r in records.values() if r["meta"]["title"] == PRACTICE)
    assert len(practice["content"]) > 500 and "loai:Mô hình hay" in practice["filters"]["loc"]
    # Pagefind's own result pages are not published: the site has its own search box
    assert not (built_site / "pagefind/pagefind-ui.js").exists()


def test_the_index_is_the_same_bytes_for_the_same_pages(built_site, tmp_path):
    from phongtrao.publishing import search_index
    records = [search_index.Record(url=f"p/{i}/", title=f"Trang {i} đường", text="Bình dân học vụ số " * i,
                                   kind=("Kế hoạch", "Đơn vị")[i % 2], localities=(("Xã Ia Băng", "Phường X")[i % 3 % 2],))
               for i in range(1, 200)]
    first, second = tmp_path / "a", tmp_path / "b"
    search_index.run_coroutine(search_index._write(records, first))
    search_index.run_coroutine(search_index._write(records, second))
    files = lambda d: {p.relative_to(d).as_posix(): p.read_bytes() for p in d.rglob("*") if p.is_file()}  # noqa: E731
    assert files(first) == files(second)


# ---------------------------------------------------------------- in the browser


@pytest.fixture(scope="module")
def search_page(browser, site_url):  # noqa: F811
    context, page = new_page(browser)
    page.goto(site_url + "ke-hoach/")
    yield page
    context.close()


def search(page, query: str) -> list[dict]:
    """Type a query into the search box; the results drawn for exactly that query."""
    box = page.locator("[data-pt-search-input]")
    page.keyboard.press("Escape")
    page.keyboard.press("/")          # the keyboard shortcut opens the search and focuses the box
    assert page.evaluate("document.activeElement && document.activeElement.hasAttribute('data-pt-search-input')")
    box.fill("")
    page.wait_for_selector(".md-search-result__item", state="detached")
    box.fill(query)
    page.locator("[data-pt-search-meta]").filter(has_text="Tìm thấy").wait_for()
    page.wait_for_timeout(150)       # results of a previous keystroke never replace these: each run checks its turn
    return page.locator(".md-search-result__item > a").evaluate_all(
        """els => els.map(a => ({href: a.getAttribute('href'), title: a.querySelector('h1').textContent.trim(),
                                 kind: a.querySelector('.pt-search-kind').textContent, html: a.innerHTML,
                                 current: a.getAttribute('aria-current')}))""")


QUERIES = [("Bình dân học vụ số", "binh dan hoc vu so"), ("Đắk Lắk", "dak lak"), ("chuyển đổi số", "chuyen doi so"),
           ("đường", "duong"), ("Làng Bi", "lang bi")]


@pytest.mark.browser
@pytest.mark.parametrize("accented, plain", QUERIES)
def test_query_finds_the_same_pages_with_or_without_diacritics(search_page, accented, plain):
    with_marks = search(search_page, accented)
    without = search(search_page, plain)
    strip = lambda items: [i["href"].split("?")[0] for i in items]  # noqa: E731
    assert with_marks and strip(with_marks) == strip(without)
    # the accented words are what is shown and marked, whatever was typed
    first_word = plain.split()[0]
    assert any(f"<mark>" in r["html"] and first_word in fold(r["html"]) for r in without)
    assert search_page.console.csp_violations() == [] and not [e for e in search_page.console.errors if "pageerror" in e]


@pytest.mark.browser
def test_a_d_word_typed_plain_is_marked_with_its_d(search_page):
    results = search(search_page, "duong")
    marked = search_page.locator(".md-search-result__item mark").all_inner_texts()
    assert results and any(m.lower().startswith("đường") for m in marked), marked[:10]


@pytest.mark.browser
def test_pages_with_the_words_in_their_title_come_first(search_page):
    results = search(search_page, "binh dan hoc vu so")
    titles = [r["title"] for r in results]
    assert PRACTICE in titles[:3], titles[:6]
    assert "binh dan hoc vu so" in fold(titles[0])
    results = search(search_page, "lang bi")
    assert results[0]["title"] == "Làng Bi", [r["title"] for r in results[:5]]
    assert results[0]["kind"].startswith("Đơn vị · Xã Ia Băng")


@pytest.mark.browser
def test_filters_by_commune_and_kind_of_page(search_page):
    everything = search(search_page, "binh dan hoc vu so")
    search_page.locator("#pt-search-xa").select_option("Xã Ia Băng")
    search_page.locator("[data-pt-search-meta]").filter(has_text="Tìm thấy").wait_for()
    search_page.wait_for_timeout(300)
    kinds = search_page.locator(".pt-search-kind").all_inner_texts()
    assert kinds and len(kinds) <= len(everything) and all("Xã Ia Băng" in k for k in kinds), kinds
    search_page.locator("#pt-search-loai").select_option("Mô hình hay")
    search_page.wait_for_timeout(400)
    titles = search_page.locator(".md-search-result__item h1").all_inner_texts()
    kinds = search_page.locator(".pt-search-kind").all_inner_texts()
    assert PRACTICE in titles and all(k.startswith("Mô hình hay · Xã Ia Băng") for k in kinds), kinds
    search_page.locator("#pt-search-xa").select_option("")
    search_page.locator("#pt-search-loai").select_option("")
    search_page.wait_for_timeout(300)


@pytest.mark.browser
def test_the_page_being_read_is_marked_in_the_results(browser, site_url):  # noqa: F811
    context, page = new_page(browser)
    try:
        page.goto(site_url + "don-vi/ia-bang-lang-bi/")
        results = search(page, "lang bi")
        current = [r for r in results if r["current"] == "page"]
        assert [r["title"] for r in current] == ["Làng Bi"] and "trang đang xem" in current[0]["kind"]
    finally:
        context.close()


@pytest.mark.browser
def test_a_phone_fetches_nothing_of_the_search_until_it_is_opened(browser, site_url):  # noqa: F811
    context, page = new_page(browser, 360, 740)
    try:
        fetched: list[str] = []
        page.on("request", lambda r: fetched.append(r.url))
        page.goto(site_url)
        page.wait_for_load_state("networkidle")
        assert not [u for u in fetched if "/pagefind/" in u or "search_index" in u]
        page.locator('label.md-header__button[for="__search"]').first.click()   # the phone's search button
        page.locator("[data-pt-search-input]").fill("binh dan")
        page.locator(".md-search-result__item").first.wait_for()
        assert [u for u in fetched if u.endswith("/pagefind/pagefind.js")]
        assert page.console.csp_violations() == []
    finally:
        context.close()


@pytest.mark.browser
def test_without_javascript_the_search_leads_to_a_list_of_pages(browser, site_url):  # noqa: F811
    context = browser.new_context(java_script_enabled=False, locale="vi-VN")
    try:
        page = context.new_page()
        page.goto(site_url)
        assert page.locator("form[name=tim-kiem]").get_attribute("action").endswith("tim-kiem/")
        page.goto(site_url + "tim-kiem/?q=binh+dan")
        links = page.locator("article a").all_inner_texts()
        assert "Xã Ia Băng" in links and PRACTICE in links and "Sửa dữ liệu bằng biểu mẫu" in links
    finally:
        context.close()


@pytest.mark.browser
def test_opening_a_result_marks_the_accented_words_of_a_plain_query(browser, site_url):  # noqa: F811
    """The page a result opens marks the searched words, accented, although they were typed plain."""
    context, page = new_page(browser)
    try:
        page.goto(site_url)
        results = search(page, "binh dan hoc vu so")
        page.locator(".md-search-result__item > a").first.click()
        page.wait_for_url("**?h=*")
        page.wait_for_selector(".md-content article mark[data-md-highlight]")
        marked = page.locator(".md-content article mark[data-md-highlight]").all_inner_texts()
        assert {"Bình", "dân", "học", "vụ", "số"} <= set(marked), (results[0]["href"], marked[:20])
        assert page.console.csp_violations() == []
    finally:
        context.close()


def test_the_index_is_written_into_the_site_only(built_site):
    """Reading a folder, Pagefind also writes its bundle to ./pagefind unless told where: the build, run
    from the repository's root, must leave nothing there."""
    assert (built_site / "pagefind/pagefind-entry.json").is_file()
    assert not (ROOT / "pagefind").exists()
