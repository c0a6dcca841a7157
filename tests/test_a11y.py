"""Accessibility: axe-core (bundled with axe-playwright-python) finds no serious or
critical violation on the home page, a plan page, a unit page, the directory, a story, a commune's
page, a period report and a commune's changes."""
from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from browser import browser, page, page_exists, site_url  # noqa: F401  (pytest fixtures)

pytestmark = pytest.mark.browser
_AXE = Axe()


def a_page_under(built_site, folder: str) -> str | None:
    """The first generated or written page under a folder (not its index), as a site path."""
    base = built_site / folder
    found = sorted(p.parent for p in base.glob("*/index.html")) if base.is_dir() else []
    return f"{folder}/{found[0].name}/" if found else None


def pages_to_check(built_site) -> list[tuple[str, str | None]]:
    return [
        ("trang chủ", ""),
        ("kế hoạch", "ke-hoach/ia-bang/"),
        ("đơn vị", a_page_under(built_site, "don-vi")),
        ("danh bạ đơn vị", "don-vi/" if page_exists(built_site, "don-vi/") else None),
        ("điển hình", a_page_under(built_site, "dien-hinh") or a_page_under(built_site, "mo-hinh-hay")),
        ("địa bàn", "dia-ban/ia-bang/"),
        ("báo cáo kỳ", "bao-cao/ia-bang/2025/"),
        ("cập nhật", "cap-nhat/ia-bang/"),
    ]


@pytest.mark.parametrize("name", ["trang chủ", "kế hoạch", "đơn vị", "danh bạ đơn vị", "điển hình", "địa bàn",
                                  "báo cáo kỳ", "cập nhật"])
def test_no_serious_or_critical_axe_violation(page, site_url, built_site, name):  # noqa: F811
    path = dict(pages_to_check(built_site))[name]
    if path is None:
        pytest.skip(f"no {name} page is built yet")
    page.goto(site_url + path)
    page.locator("article").first.wait_for()
    result = _AXE.run(page)
    serious = [v for v in result.response["violations"] if v["impact"] in ("serious", "critical")]
    report = "\n".join(
        f"{v['impact']}: {v['id']} — {v['help']} — "
        + "; ".join(" ".join(n["target"]) for n in v["nodes"][:5])
        for v in serious)
    assert serious == [], f"/{path}:\n{report}"
