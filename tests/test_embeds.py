"""Embeds for commune portals and newspapers: an SVG badge and a progress card per locality and unit,
with the figures of the pages and a link back; documented with a snippet on the open data page."""
from __future__ import annotations

import xml.etree.ElementTree as ET

from fixtures.tinh_toan import fixture_site, table_rows


def test_a_locality_badge_carries_its_figure_and_says_it_in_words(tmp_path_factory):
    site = fixture_site(tmp_path_factory)
    svg = ET.parse(site / "nhung" / "xa-mau.svg").getroot()
    ns = "{http://www.w3.org/2000/svg}"
    assert svg.get("role") == "img" and svg.get("aria-label") == "Xã Mẫu: 5/11 tiêu chí hoàn thành (45,5%)"
    assert [t.text for t in svg.iter(f"{ns}text")] == ["Tiến độ", "45,5%"]


def test_a_unit_card_is_a_table_with_a_link_back_and_no_script(tmp_path_factory):
    site = fixture_site(tmp_path_factory)
    html = (site / "nhung" / "don-vi" / "xa-mau-phong-kinh-te.html").read_text(encoding="utf-8")
    assert "<script" not in html and "default-src 'none'" in html
    assert 'href="https://phong-trao-so.github.io/theo-doi/don-vi/xa-mau-phong-kinh-te/"' in html
    rows = table_rows(html.replace("<table>", '<table id="the">'), "the")
    assert rows == [["Kế hoạch của đơn vị", "Trễ hạn"], ["Tiêu chí hoàn thành", "3/4 (75%)"], ["Báo cáo quá hạn", "1"]]


def test_the_snippet_is_documented(built_site):
    html = (built_site / "du-lieu-mo/index.html").read_text(encoding="utf-8")
    assert "nhung/ia-bang.svg" in html and "iframe</span>" in html  # a highlighted code block
    assert (built_site / "nhung" / "ia-bang.svg").is_file() and (built_site / "nhung" / "ia-bang.html").is_file()
