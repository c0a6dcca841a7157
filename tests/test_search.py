"""Vietnamese search: queries with or without diacritics find the same pages, best page first."""
from __future__ import annotations

import json
import sys
import unicodedata
from pathlib import Path

import pytest

from browser import browser, new_page, site_url  # noqa: F401  (pytest fixtures)

ROOT = Path(__file__).resolve().parent.parent


def fold(text: str) -> str:
    text = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return "".join(ch for ch in text if not unicodedata.combining(ch))


# (accented query, the same query typed without diacritics, what the best page is about)
QUERIES = [
    ("Đắk Lắk", "dak lak", "buon-ma-thuot"),
    ("Bình dân học vụ số", "binh dan hoc vu so", None),
    ("chuyển đổi số", "chuyen doi so", None),
]


def test_theme_uses_our_folding_language_file(built_site):
    shipped = (built_site / "assets/javascripts/lunr/min/lunr.vi.min.js").read_text(encoding="utf-8")
    ours = (ROOT / "overrides/assets/javascripts/lunr/min/lunr.vi.min.js").read_text(encoding="utf-8")
    assert shipped == ours
    config = json.loads((built_site / "search/search_index.json").read_text(encoding="utf-8"))["config"]
    assert config["lang"] == ["vi"]
    assert "trimmer" in config["pipeline"], "Material would remove our trimmer from the pipeline"


def test_search_index_size_is_reported(built_site):
    index = built_site / "search/search_index.json"
    docs = json.loads(index.read_text(encoding="utf-8"))["docs"]
    size = index.stat().st_size
    print(f"\nsearch/search_index.json: {size / 1024:.0f} KiB, {len(docs)} entries")
    assert size < 5 * 1024 * 1024  # sanity cap only; the figure is in the benchmark/report


@pytest.fixture(scope="module")
def search_page(browser, site_url):  # noqa: F811
    context, page = new_page(browser)
    page.goto(site_url)
    yield page
    context.close()


def search(page, query: str) -> list[dict]:
    """Type a query into Material's search box; the results for exactly that query."""
    box = page.locator("input[data-md-component=search-query]")
    box.click()
    box.fill("")
    box.press("End")  # keyup: Material reads the (empty) value and clears the results
    page.wait_for_function("document.querySelectorAll('.md-search-result__item').length === 0")
    box.fill(query)
    box.press("End")  # a single keyup, so the first results shown are for the whole query
    page.wait_for_selector(".md-search-result__item")
    return page.locator(".md-search-result__item > a").evaluate_all(
        """els => els.map(a => ({href: a.getAttribute('href'),
                                 title: (a.querySelector('h1, h2') || a).textContent.trim(),
                                 html: a.innerHTML}))""")


@pytest.mark.browser
@pytest.mark.parametrize("accented, plain, about", QUERIES)
def test_query_finds_same_pages_with_or_without_diacritics(search_page, accented, plain, about):
    with_marks = search(search_page, accented)
    without = search(search_page, plain)
    strip = lambda items: [i["href"].split("?")[0] for i in items]  # noqa: E731
    assert strip(with_marks) == strip(without)
    best = without[0]
    if about:
        assert about in best["href"], best
    else:
        assert plain in fold(best["title"]), f"best result {best['title']!r} is not about {plain!r}"
    # the words found are highlighted in the accented text of the result
    assert "<mark>" in best["html"]
    assert search_page.console.csp_violations() == []


@pytest.mark.browser
def test_accented_text_is_highlighted_for_a_plain_query(search_page):
    results = search(search_page, "dak lak")
    marked = " ".join(r["html"] for r in results)
    assert "<mark>Đắk" in marked or "<mark>(Đắk" in marked
