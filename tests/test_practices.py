"""Good practices and exemplars: front matter checks, galleries, unit lists, cross-links, awards page."""
from __future__ import annotations

import dataclasses
import datetime as dt
import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import unquote, urlsplit

import pytest

from phongtrao.pages import practices as pr
from phongtrao.reading import practices as rp
from phongtrao.reading.load import load_dataset
from phongtrao.text import collation_key

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted(p for section in rp.SECTIONS for p in (ROOT / "docs" / section).glob("*.md") if p.name != "index.md")


class Links(HTMLParser):
    """hrefs inside the page's article (not the theme's navigation)."""

    def __init__(self):
        super().__init__()
        self.depth = 0
        self.hrefs: list[str] = []
        self.ids: set[str] = set()
        self.scripts_inline = 0
        self.handlers: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        if a.get("name"):
            self.ids.add(a["name"])
        if tag == "article":
            self.depth += 1
        if tag == "a" and self.depth and a.get("href"):
            self.hrefs.append(a["href"])
        if tag == "script" and not a.get("src"):
            self.scripts_inline += 1
        self.handlers += [k for k in a if k.startswith("on")]

    def handle_endtag(self, tag):
        if tag == "article":
            self.depth -= 1


def parse(path: Path) -> Links:
    p = Links()
    p.feed(path.read_text(encoding="utf-8"))
    return p


def page_file(site: Path, url: str) -> Path:
    return site / (url + "index.html" if url.endswith("/") or url == "" else url)


def resolve(site: Path, page_url: str, href: str) -> tuple[Path, str] | None:
    """Built file and fragment a relative link points to; None for external links."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith("mailto:"):
        return None
    target = posixpath.normpath(posixpath.join(page_url, unquote(parts.path))) if parts.path else page_url.rstrip("/")
    target = "" if target == "." else target
    if parts.path.endswith("/") or not parts.path:
        target = (target + "/") if target else ""
    return page_file(site, target), parts.fragment


def check_links(site: Path, page_url: str) -> list[str]:
    """Internal links of a built page that do not reach a built file and anchor."""
    broken = []
    for href in parse(page_file(site, page_url)).hrefs:
        found = resolve(site, page_url, href)
        if found is None:
            continue
        path, fragment = found
        if not path.exists():
            broken.append(f"{page_url}: {href} (no file {path.relative_to(site)})")
        elif fragment and path.suffix == ".html" and fragment not in parse(path).ids:
            broken.append(f"{page_url}: {href} (no anchor #{fragment})")
    return broken


@pytest.fixture(scope="session")
def dataset():
    return load_dataset(ROOT / "data").dataset


def practice_list(dataset) -> list[rp.Practice]:
    items = [rp.parse(p.read_text(encoding="utf-8"), p, p.parent.name, f"{p.parent.name}/{p.name}") for p in SOURCES]
    rp.cross_check(items, dataset)
    for item in items:
        item.url = f"{item.section}/{item.slug}/"
    return items


# ---------------------------------------------------------------- front matter


def test_sample_pages_are_valid_and_marked_illustrative(dataset):
    items = practice_list(dataset)
    assert len([p for p in items if p.section == "mo-hinh-hay"]) >= 4
    exemplars = [p for p in items if p.section == "dien-hinh"]
    assert {p.kind for p in exemplars} == {"tap-the", "ca-nhan"}
    assert all(p.person and "hư cấu" in p.person for p in exemplars if p.kind == "ca-nhan")
    for p in items:
        assert p.problems == [], [x.format(ROOT) for x in p.problems]
        assert p.illustrative
    localities = {dataset.units[p.unit].locality for p in items}
    assert localities == {"ia-bang", "buon-ma-thuot"}


BAD = """---
title: Mô hình thử
slug: Mô hình thử
unit: khong-co-don-vi
content_areas: [nd5, nd9]
pillar: xa-hoi-so
status: da-xong
date: 2026-02-30
figures:
  - {name: Người học, before: 1, after: nhiều}
colour: do
---

## Vấn đề
"""


def test_bad_front_matter_reported_with_lines_and_fields_dropped(dataset, tmp_path):
    file = tmp_path / "thu.md"
    p = rp.parse(BAD, file, "mo-hinh-hay", "mo-hinh-hay/thu.md")
    rp.cross_check([p], dataset)
    def at(line: int) -> str:
        return " | ".join(x.message for x in p.problems if x.line == line)
    # the file's own line numbers (line 1 is the opening ---)
    assert "slug" in at(3) and "dạng" in at(3)
    assert "nd9" in at(5)
    assert "da-xong" in at(7) and "dang-ky" in at(7)
    assert "2025-10-15" in at(8)                   # impossible date: write YEAR-MONTH-DAY
    assert "số" in at(10)                          # "after" must be a number
    assert "colour" in at(11)
    assert all(x.file == file for x in p.problems)
    # the page is kept, without the faulty fields
    assert p.title == "Mô hình thử" and p.pillar == "xa-hoi-so"
    assert p.slug is None and p.status is None and p.figures == () and p.date is None


def test_unknown_unit_is_flagged(dataset, tmp_path):
    text = BAD.replace("slug: Mô hình thử", "slug: mo-hinh-thu").replace("nd9", "nd4")
    p = rp.parse(text, tmp_path / "x.md", "mo-hinh-hay", "mo-hinh-hay/x.md")
    rp.cross_check([p], dataset)
    assert any("khong-co-don-vi" in x.message and x.line == 4 for x in p.problems)
    assert p.unit is None


def test_missing_front_matter_does_not_crash(dataset, tmp_path):
    p = rp.parse("# Chỉ có tiêu đề\n", tmp_path / "y.md", "mo-hinh-hay", "mo-hinh-hay/y.md")
    assert p.problems and p.problems[0].line == 1 and "front matter" in p.problems[0].message


def test_duplicate_slug_is_flagged(dataset):
    text = SOURCES[0].read_text(encoding="utf-8")
    first = rp.parse(text, SOURCES[0], SOURCES[0].parent.name, "a.md")
    twin = rp.parse(text, SOURCES[0], SOURCES[0].parent.name, "b.md")
    rp.cross_check([first, twin], dataset)
    assert first.slug and first.problems == []
    assert twin.slug is None and any("đã dùng" in x.message and "a.md" in x.message for x in twin.problems)


def test_award_form_links_to_stage_anchor(dataset):
    plan = dataset.plans["buon-ma-thuot-2025"]
    assert pr.award_form_url(plan, "giay-khen", dt.date(2026, 5, 28)) == "ke-hoach/buon-ma-thuot/#khen-thuong-so-ket-giay-khen"
    assert pr.award_form_url(plan, "giay-khen", dt.date(2029, 5, 28)) == "ke-hoach/buon-ma-thuot/#khen-thuong-tong-ket-giay-khen"
    assert pr.award_form_url(plan, "khong-co") is None


# ---------------------------------------------------------------- built site


def test_practice_pages_link_unit_and_plan_anchors(built_site, dataset):
    for p in practice_list(dataset):
        html = page_file(built_site, p.url).read_text(encoding="utf-8")
        unit = dataset.units[p.unit]
        plan_page = pr.page_url(dataset.plans[unit.plan].page)
        assert f'href="../../don-vi/{unit.id}/"' in html, p.url
        for area in p.content_areas:
            number = area[2:]
            assert f'href="../../{plan_page}#noi-dung-{number}"' in html, (p.url, area)
        assert "Nội dung minh hoạ" in html
        assert check_links(built_site, p.url) == []


def test_unit_pages_list_their_practices(built_site, dataset):
    items = practice_list(dataset)
    for unit_id in {p.unit for p in items}:
        url = f"don-vi/{unit_id}/"
        html = page_file(built_site, url).read_text(encoding="utf-8")
        for p in items:
            link = f'href="../../{p.url}"'
            assert (link in html) == (p.unit == unit_id), (unit_id, p.url)
        assert check_links(built_site, url) == []
    other = next(u for u in dataset.units if u not in {p.unit for p in items})
    assert "Chưa có mô hình hay" in page_file(built_site, f"don-vi/{other}/").read_text(encoding="utf-8")


@pytest.mark.parametrize("section", list(rp.SECTIONS))
def test_gallery_lists_every_page_grouped_by_facets_without_script(built_site, dataset, section):
    url = f"{section}/"
    html = page_file(built_site, url).read_text(encoding="utf-8")
    items = [p for p in practice_list(dataset) if p.section == section]
    for p in items:
        # one card and one entry per facet group it belongs to
        assert html.count(f'href="{p.slug}/"') >= 1 + 1 + 1 + 1 + len(p.content_areas), p.slug
    for heading in ("theo-noi-dung", "theo-tru-cot", "theo-dia-ban", "theo-loai-don-vi"):
        assert f'id="{heading}"' in html
    assert 'id="dia-ban--ia-bang"' in html and 'id="dia-ban--buon-ma-thuot"' in html
    # cards carry their facets as classes for the optional filter script
    assert re.search(r'class="phongtrao-item [^"]*pt-tru-cot--xa-hoi-so', html)
    parsed = parse(page_file(built_site, url))
    assert parsed.handlers == []
    assert (built_site / "mo-hinh-hay" / "bo-loc.js").exists()
    assert check_links(built_site, url) == []


def test_awards_page_rows_sorted_and_linked(built_site, dataset):
    html = page_file(built_site, "khen-thuong/").read_text(encoding="utf-8")
    body = html[html.index("phongtrao-awards"):html.index("</table>", html.index("phongtrao-awards"))]
    rows = re.findall(r"<tr><td[^>]*>(\d\d/\d\d/\d{4}|—)</td>\s*<td[^>]*>(.*?)</td>", body, re.S)
    expected = sum(len(u.awards) for u in dataset.units.values())
    assert len(rows) >= expected and rows
    keys = [(dt.datetime.strptime(d, "%d/%m/%Y").date() if d != "—" else dt.date.max,
             collation_key(re.sub("<[^>]+>", "", who).strip())) for d, who in rows]
    assert keys == sorted(keys)
    # the individual exemplar appears once, linked to its story
    assert body.count("Nguyễn Văn Mẫu") == 1 and 'href="../dien-hinh/nguyen-van-mau/"' in body
    # forms the plan lists link to the plan's award anchors
    assert "../ke-hoach/buon-ma-thuot/#khen-thuong-so-ket-giay-khen" in body
    assert check_links(built_site, "khen-thuong/") == []


def test_marker_output_escapes_data(dataset):
    evil = rp.Practice(section="mo-hinh-hay", src_uri="mo-hinh-hay/e.md", title="<script>alert(1)</script>",
                       slug="e", unit="ia-bang-phong-van-hoa-xa-hoi", content_areas=("nd5",), pillar=None,
                       status=None, date=None, url="mo-hinh-hay/e/")
    state = SimpleNamespace(dataset=dataclasses.replace(dataset, practices=[evil]),
                            config=SimpleNamespace(units_dir="don-vi"), indexes={})
    page = SimpleNamespace(url="don-vi/ia-bang-phong-van-hoa-xa-hoi/")
    out = pr.unit_practices(state, page, "ia-bang-phong-van-hoa-xa-hoi")
    assert "<script>" not in out and "&lt;script&gt;" in out


def test_award_titles_come_from_the_award_forms_file(dataset):
    """One source of award titles: data/award-forms.yml (the hard-coded list said only “Giấy khen”)."""
    state = SimpleNamespace(dataset=dataset)
    assert dataset.award_forms["giay-khen"] == "Giấy khen của Chủ tịch Ủy ban nhân dân xã, phường"
    assert pr.award_form_title(state, "giay-khen", plan=None) == dataset.award_forms["giay-khen"]
    assert pr.award_form_title(state, "khong-co", plan=None) == "khong-co"
