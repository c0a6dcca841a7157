"""The two plans: faithful text on their pages, stable anchors, structure data and hierarchy."""
from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path

import pytest

from phongtrao.pages import seeds
from phongtrao.reading.load import load_dataset
from phongtrao.text import nfc, squash

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
PAGES = {"ia-bang-2025": "ke-hoach/ia-bang/index.html", "buon-ma-thuot-2025": "ke-hoach/buon-ma-thuot/index.html"}
SECTIONS = ("muc-dich-yeu-cau", "noi-dung", "tieu-chi", "giai-phap", "thoi-gian-trach-nhiem", "noi-nhan")

_BLOCK = re.compile(r"</?(?:p|h[1-6]|li|ul|ol|td|th|tr|table|thead|tbody|div|br|blockquote|details|summary|dl|dt|dd|hr)"
                    r"\b[^>]*>", re.I)


def page_text(page_html: str) -> str:
    """What a reader sees in the article: tags stripped (blocks become spaces), no ¶ permalinks, NFC."""
    article = page_html.split("<article", 1)[1].split(">", 1)[1].split("</article>", 1)[0]
    article = re.sub(r'<a class="headerlink"[^>]*>.*?</a>', "", article, flags=re.S)
    article = _BLOCK.sub(" ", article)
    article = re.sub(r"<[^>]+>", "", article)
    return squash(nfc(html.unescape(article)))


@pytest.fixture(scope="module")
def dataset():
    result = load_dataset(DATA)
    return result.dataset


def _page(built_site, plan_id: str) -> str:
    return (built_site / PAGES[plan_id]).read_text(encoding="utf-8")


def test_paragraph_splitter_joins_wrapped_lines_and_splits_items():
    text = ("I. MỤC ĐÍCH \n\n1. Mục đích  \n\na) Phát huy truyền thống thi đua yêu nước, tăng cường \n\n"
            "sự lãnh đạo toàn diện.  \n\n- Hoàn thành có chất lượng; \n\nCăn cứ Kế hoạch số 36/KH-UBND \n\n"
            "Số:     /KH-UBND Buôn Ma Thuột, ngày   tháng 8 năm 2025 \n")
    assert seeds.paragraphs(text) == [
        "I. MỤC ĐÍCH", "1. Mục đích",
        "a) Phát huy truyền thống thi đua yêu nước, tăng cường sự lãnh đạo toàn diện.",
        "- Hoàn thành có chất lượng;", "Căn cứ Kế hoạch số 36/KH-UBND",
        "Số: /KH-UBND", "Buôn Ma Thuột, ngày tháng 8 năm 2025",
    ]


def test_restoration_table_fragments_are_exact_and_keep_length():
    for plan_id, fixes in seeds.RESTORATIONS.items():
        raw = seeds.read_source(DATA, plan_id)
        for broken, fixed in fixes:
            assert raw.count(broken) == 1, f"{plan_id}: fragment {broken!r} should occur exactly once"
            assert len(broken) == len(fixed), f"{plan_id}: a lost letter became a space, so {broken!r} keeps its length"


@pytest.mark.parametrize("plan_id", sorted(PAGES))
def test_every_seed_paragraph_is_on_the_plan_page(built_site, plan_id):
    text = page_text(_page(built_site, plan_id))
    restored = seeds.restore(seeds.read_source(DATA, plan_id), plan_id)
    paragraphs = seeds.paragraphs(restored)
    assert len(paragraphs) > 80
    missing = [p for p in paragraphs if p not in text]
    assert not missing, f"{plan_id}: {len(missing)} paragraph(s) of the seed are not on the page, first: {missing[0]!r}"


@pytest.mark.parametrize("plan_id", sorted(PAGES))
def test_no_broken_fragment_remains(built_site, plan_id):
    page_html = _page(built_site, plan_id)
    text = page_text(page_html)
    restored = seeds.restore(seeds.read_source(DATA, plan_id), plan_id)
    for broken, _ in seeds.RESTORATIONS.get(plan_id, ()):
        assert broken not in restored
        assert broken not in text
    for fragment in ("KẾ  OẠC", " uôn Ma", "ĐÍC ,", "T I ĐU", " guyễn"):
        assert fragment not in restored and fragment not in text
    # header lines in capitals never keep a gap where a letter was lost
    for line in restored.splitlines():
        if any(ch.isalpha() for ch in line) and not any(ch.islower() for ch in line):
            assert "  " not in line.strip(), f"gap left in {line!r}"



def test_buon_ma_thuot_page_marks_the_restored_header_and_lists_the_restorations(built_site):
    text = page_text(_page(built_site, "buon-ma-thuot-2025"))
    assert "[ỦY BAN NHÂN DÂN PHƯỜNG BUÔN MA THUỘT]" in text
    assert "[CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM]" in text
    assert "Ghi chú biên tập" in text
    assert "KẾ □OẠC□ → KẾ HOẠCH" in text
    for expected in ("KẾ HOẠCH", "Hạnh phúc", "2. Yêu cầu", "CHỦ TỊCH", "Nguyễn Thanh Vũ", "II. NỘI DUNG PHONG TRÀO THI ĐUA",
                     "III. TIÊU CHÍ THI ĐUA VÀ HÌNH THỨC KHEN THƯỞNG", "V. THỜI GIAN VÀ TRÁCH NHIỆM THỰC HIỆN"):
        assert expected in text
    assert "Số: /KH-UBND" in text and "Buôn Ma Thuột, ngày tháng 8 năm 2025" in text


def _anchors(plan):
    yield from (a.anchor for a in plan.content_areas)
    for group in plan.target_groups:
        yield group.anchor
        yield from (c.anchor for c in group.criteria)
    yield from (p.anchor for p in plan.phases)
    yield from (x.anchor for x in plan.milestones)
    yield from (a.anchor for a in plan.award_forms)
    yield from (r.anchor for r in plan.responsibilities)


@pytest.mark.parametrize("plan_id", sorted(PAGES))
def test_every_anchor_from_the_data_is_an_id_on_the_page(built_site, dataset, plan_id):
    page_html = _page(built_site, plan_id)
    ids = re.findall(r'\bid="([^"]+)"', page_html)
    assert len(ids) == len(set(ids)), "duplicate ids on the page"
    plan = dataset.plans[plan_id]
    wanted = list(_anchors(plan)) + list(SECTIONS) + (["khen-thuong"] if plan.award_forms else [])
    missing = [a for a in wanted if a not in ids]
    assert not missing, f"{plan_id}: anchors missing on the page: {missing}"


@pytest.mark.parametrize("plan_id", sorted(PAGES))
def test_data_texts_are_the_plan_sentences(built_site, dataset, plan_id):
    """Texts in data/plans are copied from the plan: each one is on the page word for word."""
    text = page_text(_page(built_site, plan_id))
    plan = dataset.plans[plan_id]
    texts = [a.text for a in plan.content_areas] + [c.text for g in plan.target_groups for c in g.criteria]
    texts += [x.text for x in plan.milestones] + [r.text for r in plan.responsibilities] + list(plan.recipients)
    texts += [a.title for a in plan.award_forms]
    for t in texts:
        assert t and squash(t) in text, f"{plan_id}: not in the plan text: {t!r}"


EXPECTED_COUNTS = {
    "ia-bang-2025": {"co-quan-don-vi": 6, "mttq-doan-the": 2, "doanh-nghiep": 3, "ca-nhan": 2},
    "buon-ma-thuot-2025": {"co-quan-don-vi": 5, "mttq-doan-the": 2, "doanh-nghiep": 3, "ca-nhan": 2},
}
DEADLINES = {
    "ia-bang-2025": {"ban-hanh-ke-hoach": dt.date(2025, 10, 31), "so-ket": dt.date(2027, 12, 31),
                     "tong-ket": dt.date(2030, 12, 31)},
    "buon-ma-thuot-2025": {"ban-hanh-ke-hoach": dt.date(2025, 9, 30), "so-ket": dt.date(2027, 12, 31),
                           "tong-ket": dt.date(2030, 12, 31)},
}


@pytest.mark.parametrize("plan_id", sorted(PAGES))
def test_plan_structure(dataset, plan_id):
    plan = dataset.plans[plan_id]
    assert [a.number for a in plan.content_areas] == [1, 2, 3, 4, 5, 6, 7]
    assert {g.id: len(g.criteria) for g in plan.target_groups} == EXPECTED_COUNTS[plan_id]
    assert {x.id: x.deadline for x in plan.milestones} == DEADLINES[plan_id]
    area_ids = {a.id for a in plan.content_areas}
    for group in plan.target_groups:
        for crit in group.criteria:
            assert set(crit.content_areas) <= area_ids
    assert [p.id for p in plan.phases] == ["giai-doan-1", "giai-doan-2"]


def test_buon_ma_thuot_award_forms_per_stage(dataset):
    plan = dataset.plans["buon-ma-thuot-2025"]
    by_stage = {}
    for award in plan.award_forms:
        assert award.id == f"{award.stage}-{award.form}"
        by_stage.setdefault(award.stage, []).append(award.form)
    assert by_stage == {
        "so-ket": ["bang-khen-chu-tich-ubnd-tinh", "giay-khen"],
        "tong-ket": ["huan-chuong-lao-dong", "co-thi-dua-chinh-phu", "bang-khen-thu-tuong", "co-thi-dua-tinh",
                     "bang-khen-chu-tich-ubnd-tinh", "giay-khen"],
    }
    assert dataset.plans["buon-ma-thuot-2025"].content_areas[6].title == "Hợp tác quốc tế"


def test_parent_chain(dataset):
    plans = dataset.plans

    def chain(plan_id):
        out = [plan_id]
        while plans[out[-1]].parent:
            out.append(plans[out[-1]].parent)
        return out

    assert chain("ia-bang-2025") == ["ia-bang-2025", "gia-lai-36-2025"]
    assert chain("buon-ma-thuot-2025") == ["buon-ma-thuot-2025", "dak-lak-003-2025",
                                           "ca-nuoc-doi-moi-sang-tao-chuyen-doi-so"]
    assert plans["ca-nuoc-doi-moi-sang-tao-chuyen-doi-so"].level == "quoc-gia"
    assert plans["gia-lai-36-2025"].number == "36/KH-UBND"
    assert plans["dak-lak-003-2025"].number == "003/KH-UBND"


def test_hierarchy_page_links_both_plans_and_structure_deep_links(built_site, dataset):
    page_html = (built_site / "ke-hoach/index.html").read_text(encoding="utf-8")
    hrefs = re.findall(r'href="([^"]+)"', page_html)
    assert "ia-bang/" in hrefs and "buon-ma-thuot/" in hrefs
    text = page_text(page_html)
    for needle in ("Số 36/KH-UBND", "Số 003/KH-UBND", "Cả nước thi đua đổi mới sáng tạo và chuyển đổi số"):
        assert needle in text
    # the national movement comes before the province plan that implements it
    assert text.index("(Cả nước)") < text.index("Số 003/KH-UBND")
    for plan_id, slug in (("ia-bang-2025", "ia-bang"), ("buon-ma-thuot-2025", "buon-ma-thuot")):
        for anchor in _anchors(dataset.plans[plan_id]):
            assert f"{slug}/#{anchor}" in hrefs, f"summary does not link {slug}/#{anchor}"
    assert "30/09/2025" in text and "31/10/2025" in text


def test_every_criterion_and_content_area_has_a_visible_paragraph_link(built_site):
    """A reporter copies the link to one criterion: the ¶ is on the paragraph itself, and the paragraph
    a link opens is marked (CSS :target)."""
    import re
    html = (built_site / "ke-hoach/ia-bang/index.html").read_text(encoding="utf-8")
    anchored = re.findall(r'<(?:p|li) id="((?:noi-dung|tieu-chi)-[a-z0-9-]+)" class="pt-anchored">', html)
    assert len([a for a in anchored if a.startswith("noi-dung-")]) == 7 and len(anchored) > 7
    assert all(f'href="#{a}" title="Liên kết tới đoạn này">¶</a>' in html for a in anchored)
    css = (built_site / "assets/stylesheets/phongtrao.css").read_text(encoding="utf-8")
    assert ".pt-anchored:target" in css


@pytest.mark.parametrize("plan_id", sorted(PAGES))
def test_the_document_header_is_printed_once_and_every_numbered_part_is_in_the_contents(built_site, plan_id):
    """The header (issuing body, national motto, number and date) is the table at the top, not repeated
    as loose paragraphs below it; "1. Thời gian thực hiện" is a heading, so the table of contents has it."""
    page_html = _page(built_site, plan_id)
    text = page_text(page_html)
    assert text.count("Độc lập - Tự do - Hạnh phúc") == 1
    assert text.count("/KH-UBND") - text.count("/KH-UBND ngày") == 1   # the plan's own number, cited ones aside
    toc = page_html.split('class="md-nav md-nav--secondary"', 1)[1].split('<div class="md-content"', 1)[0]
    assert 'href="#thoi-gian"' in toc and 'href="#trach-nhiem"' in toc
