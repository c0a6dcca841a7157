"""Readers on phones (issue 16): Vietnamese breaks lines only between syllables, and no table is wider
than the screen (a wide one scrolls in its own box). Screenshots at 360 px and 1280 px are taken of
every page checked, so a person can look at them (tests write them under pytest's tmp folder)."""
from __future__ import annotations

import pytest

from browser import browser, new_page, site_url  # noqa: F401  (pytest fixtures)

pytestmark = pytest.mark.browser

PAGES = ["", "dia-ban/ia-bang/", "don-vi/ia-bang-phong-kinh-te/", "don-vi/", "ke-hoach/ia-bang/",
         "bao-cao/ia-bang/2025/", "khen-thuong/", "tinh/gia-lai/"]

# Words (letters only: a Vietnamese syllable) of table cells laid out on more than one line.
BROKEN_SYLLABLES = r"""
() => {
  const out = [];
  for (const cell of document.querySelectorAll('article table td, article table th')) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    let node;
    while ((node = walker.nextNode())) {
      const re = /[\p{L}\p{M}]+/gu; let m;
      while ((m = re.exec(node.textContent))) {
        const r = document.createRange(); r.setStart(node, m.index); r.setEnd(node, m.index + m[0].length);
        const tops = new Set([...r.getClientRects()].filter(x => x.width > 0).map(x => Math.round(x.top)));
        if (tops.size > 1) out.push(m[0]);
      }
    }
  }
  return out;
}
"""
# Tables wider than the screen, or holding columns the reader would have to swipe to (inside the table
# or its scroll box): on a phone a wide table shows its rows as cards instead.
TOO_WIDE = """() => [...document.querySelectorAll('article table')].filter(t => {
    const box = t.closest('.md-typeset__scrollwrap') || t;
    return t.getBoundingClientRect().right > window.innerWidth + 1 || t.scrollWidth > t.clientWidth + 1
        || box.scrollWidth > box.clientWidth + 1;
  }).map(t => t.id || t.className)"""


@pytest.mark.parametrize("width, height", [(360, 740), (1280, 900)])
def test_tables_never_break_a_syllable_nor_leave_the_screen(browser, site_url, tmp_path, width, height):  # noqa: F811
    context, page = new_page(browser, width, height)
    found = {}
    try:
        for path in PAGES:
            page.goto(site_url + path)
            page.locator("article").first.wait_for()
            shot = tmp_path / f"{(path.strip('/') or 'trang-chu').replace('/', '_')}-{width}.png"
            page.screenshot(path=str(shot), full_page=False)
            assert shot.stat().st_size > 10_000, shot
            broken, wide = page.evaluate(BROKEN_SYLLABLES), page.evaluate(TOO_WIDE)
            if page.evaluate("document.documentElement.scrollWidth > window.innerWidth"):
                wide.append("the page itself scrolls sideways")
            if broken or wide:
                found[path] = (broken[:5], wide)
    finally:
        context.close()
    assert found == {}


def test_the_directory_shows_each_unit_as_a_card_on_a_phone(browser, site_url):  # noqa: F811
    context, page = new_page(browser, 360, 740)
    try:
        page.goto(site_url + "don-vi/")
        table = page.locator("#bang-danh-ba")
        table.wait_for()
        box = page.evaluate("""() => { const t = document.getElementById('bang-danh-ba');
          const row = t.tBodies[0].rows[0], cell = row.cells[1];
          return {inner: t.scrollWidth - t.clientWidth, rowWidth: row.getBoundingClientRect().width,
                  label: getComputedStyle(cell, '::before').content, view: window.innerWidth}; }""")
        assert box["inner"] <= 1 and box["rowWidth"] <= box["view"]  # nothing to swipe: every column is in the card
        assert box["label"] == '"Loại: "'
    finally:
        context.close()
    context, page = new_page(browser, 1280, 900)
    try:
        page.goto(site_url + "don-vi/")
        assert page.evaluate("getComputedStyle(document.querySelector('#bang-danh-ba thead')).position") != "absolute"
    finally:
        context.close()


# The size a reader sees of each chart text: its font size times the drawing's scale on the screen.
CHART_TEXT_SIZES = """() => [...document.querySelectorAll('article svg.pt-chart')].flatMap(svg => {
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    return [...svg.querySelectorAll('text')].map(t => [t.textContent, parseFloat(getComputedStyle(t).fontSize) * scale]);
  })"""


@pytest.mark.parametrize("width, height", [(360, 740), (1280, 900)])
def test_chart_labels_and_values_are_readable_on_a_phone(browser, site_url, width, height):  # noqa: F811
    """The issue measured 7 px labels on a phone: every word of a chart is at least 10 px high (the
    scale's note) and labels and values at least 11,5 px, on a phone and on a desktop, and no chart
    is blown up to the width of a desktop column (at most 18 px, about the body text)."""
    context, page = new_page(browser, width, height)
    small = []
    try:
        for path in ("dia-ban/ia-bang/", "don-vi/ia-bang-doan-thanh-nien/", ""):
            page.goto(site_url + path)
            sizes = page.evaluate(CHART_TEXT_SIZES)
            assert sizes or path == "", path
            small += [(path, text, round(size, 1)) for text, size in sizes
                      if size < (10 if text.startswith("Thang đo") else 11.5) or size > 18]   # nor shouting
    finally:
        context.close()
    assert small == []
