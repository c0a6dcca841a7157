"""The gallery filter in a real browser: built from the facet headings, narrows the cards, no CSP violation."""
from __future__ import annotations

from browser import browser, page, site_url  # noqa: F401  (pytest fixtures)


def visible_titles(page):  # noqa: F811
    return page.locator(".phongtrao-gallery li.phongtrao-item").evaluate_all(
        "items => items.filter(li => !li.hidden).map(li => li.querySelector('a').textContent)")


def test_gallery_filter_by_locality_and_pillar(page, site_url):  # noqa: F811
    page.goto(site_url + "mo-hinh-hay/")
    form = page.locator(".phongtrao-gallery form.phongtrao-filter")
    form.wait_for()
    total = page.locator(".phongtrao-gallery li.phongtrao-item").count()
    assert total >= 4 and len(visible_titles(page)) == total
    assert form.locator("select").count() == 4
    page.select_option("select[name=dia-ban]", "dia-ban--buon-ma-thuot")
    shown = visible_titles(page)
    assert 0 < len(shown) < total
    # the cards shown are exactly the ones listed under that locality's heading
    listed = page.locator("#dia-ban--buon-ma-thuot + ul a").all_text_contents()
    assert sorted(shown) == sorted(listed)
    page.select_option("select[name=tru-cot]", "tru-cot--chinh-quyen-so")
    both = visible_titles(page)
    assert set(both) <= set(shown) and both
    assert f"{len(both)}/{total}" in form.locator("output").text_content()
    page.select_option("select[name=dia-ban]", "")
    page.select_option("select[name=tru-cot]", "")
    assert len(visible_titles(page)) == total
    assert page.console.csp_violations() == []
    # no script error (offline network failures, e.g. the repository badge, are not ours)
    assert [e for e in page.console.errors if "Failed to load resource" not in e] == []
