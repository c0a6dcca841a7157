"""Generated pages built from the fixed data (tests/fixtures/tinh-toan): exact figures in the HTML tables."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from fixtures.tinh_toan import fixture_site, table_rows


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return fixture_site(tmp_path_factory)


def page(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def xa_mau(rows):
    return [r for r in rows if "Xã Mẫu" in " ".join(r)]


def test_locality_sub_plans_phase_and_groups(site):
    html = page(site, "dia-ban/xa-mau")
    assert "Số liệu tính đến ngày 01/07/2026 ." in text(html)
    assert table_rows(html, "bang-ke-hoach")[1] == ["5", "2 (40%)", "2 (40%)", "1 (20%)", "1"]
    assert table_rows(html, "bang-tien-do-giai-doan")[1] == ["35,6%", "45,5% (5/11 tiêu chí)", "Đúng tiến độ"]
    assert table_rows(html, "bang-theo-loai")[1:] == [
        ["Phòng, ban chuyên môn", "1", "0 (0%)", "1 (100%)", "0 (0%)", "3/4", "75%"],
        ["Mặt trận Tổ quốc và đoàn thể", "2", "1 (50%)", "0 (0%)", "1 (50%)", "1/4", "25%"],
        ["Thôn, buôn, tổ dân phố", "1", "1 (100%)", "0 (0%)", "0 (0%)", "0/2", "0%"],
        ["Doanh nghiệp", "1", "0 (0%)", "1 (100%)", "0 (0%)", "1/1", "100%"],
    ]
    assert [r[0] for r in table_rows(html, "bang-theo-khoi")[1:]] == [
        "Khối các cơ quan chuyên môn", "Khối Mặt trận và đoàn thể", "Cụm các thôn", "Chưa xếp khối, cụm"]


def test_locality_content_areas_reports_and_indicators(site):
    html = page(site, "dia-ban/xa-mau")
    assert table_rows(html, "bang-noi-dung")[1:] == [
        ["1. Nâng cao nhận thức", "3 (60%)", "2 (40%)", "5"],
        ["2. Hạ tầng số", "0 (0%)", "0 (0%)", "5"],
        ["3. Chính quyền số", "1 (20%)", "1 (20%)", "5"],
        ["4. Kinh tế số", "1 (20%)", "1 (20%)", "5"],
        ["5. Bình dân học vụ số", "2 (40%)", "1 (20%)", "5"],
        ["6. An toàn thông tin", "0 (0%)", "0 (0%)", "5"],
        ["7. Hợp tác công tư", "0 (0%)", "0 (0%)", "5"],
    ]
    assert table_rows(html, "bang-bao-cao")[1:] == [
        ["Năm 2025", "15/12/2025", "3 (60%)", "1 (20%)", "1 (20%)", "0 (0%)", "Xem, in"],
        ["6 tháng đầu năm 2026", "20/06/2026", "2 (40%)", "1 (20%)", "2 (40%)", "0 (0%)", "Xem, in"],
        ["Năm 2026", "15/12/2026", "1 (20%)", "0 (0%)", "0 (0%)", "4 (80%)", "Xem, in"],
    ]
    rows = {r[0]: r[2:] for r in table_rows(html, "bang-chi-so")[1:]}
    # the misleading "▼ -1.035": no change between periods of different lengths, and an open period says so
    assert rows["Người được tập huấn kỹ năng số (người)"] == ["230 3 đơn vị", "180 2 đơn vị", "—"]
    assert rows["Tỷ lệ giao dịch không dùng tiền mặt (%)"] == ["52,5 2 đơn vị", "40 1 đơn vị", "—"]


def test_locality_unit_list_in_vietnamese_order_with_deadline_edge_cases(site):
    rows = table_rows(page(site, "dia-ban/xa-mau"), "bang-don-vi")[1:]
    assert [(r[0], r[2], r[3], r[4]) for r in rows] == [
        ("Công ty TNHH Số Xanh", "Trễ hạn (31 ngày)", "1/1", "100%"),
        ("Đoàn Thanh niên", "Chưa ban hành (243 ngày quá hạn)", "0/2", "0%"),   # no data at all
        ("Phòng Kinh tế", "Trễ hạn (1 ngày)", "3/4", "75%"),                     # a day after the deadline
        ("Thôn Ea Nam", "Đúng hạn", "0/2", "0%"),
        ("Ủy ban Mặt trận Tổ quốc", "Đúng hạn", "1/2", "50%"),                   # on the deadline day
    ]


def test_unit_page_reports_and_escaped_note(site):
    html = page(site, "don-vi/xa-mau-thon-ea-nam")
    assert table_rows(html, "bang-bao-cao-don-vi")[1:] == [
        ["Năm 2025", "15/12/2025", "20/12/2025", "Trễ hạn (5 ngày)", ""],
        ["6 tháng đầu năm 2026", "20/06/2026", "20/06/2026", "Đúng hạn", ""],   # on the due day
        ["Năm 2026", "15/12/2026", "30/06/2026", "Đúng hạn", ""],
    ]
    # the note's markup is shown as text, never run
    assert "&lt;script&gt;alert(" in html
    assert "<script>alert(" not in html and "<b>đậm</b>" not in html
    assert table_rows(html, "bang-tieu-chi")[1][1:4] == ["Đang thực hiện", "30%", "01/04/2026"]


def test_unit_without_data(site):
    html = page(site, "don-vi/xa-mau-doan-thanh-nien")
    assert "Đơn vị chưa cập nhật dữ liệu nào" in text(html)
    assert table_rows(html, "bang-ke-hoach-don-vi")[1] == ["—", "—", "31/10/2025", "Chưa ban hành (243 ngày quá hạn)"]
    assert [r[3] for r in table_rows(html, "bang-bao-cao-don-vi")[1:]] == [
        "Quá hạn, chưa nộp (198 ngày)", "Quá hạn, chưa nộp (11 ngày)", "Chưa đến hạn"]
    assert [r[1] for r in table_rows(html, "bang-tieu-chi")[1:]] == ["Chưa báo cáo", "Chưa báo cáo"]


def test_unit_page_has_award_indicators_and_practices_block(site):
    html = page(site, "don-vi/xa-mau-mat-tran")
    assert table_rows(html, "bang-khen-thuong")[1][1:4] == ["15/QĐ-UBND", "20/01/2026", "Chủ tịch UBND xã Mẫu"]
    assert table_rows(html, "bang-chi-so-don-vi")[0] == ["Chỉ số", "Năm 2025", "6 tháng đầu năm 2026"]
    assert 'id="mo-hinh-hay"' in html


def test_unit_page_links_criteria_to_plan_anchors(built_site):
    """On the real site a criterion links to its anchor on the plan page, and the anchor exists."""
    html = page(built_site, "don-vi/ia-bang-phong-van-hoa-xa-hoi")
    assert 'href="../../ke-hoach/ia-bang/#tieu-chi-cq-1"' in html
    assert 'id="tieu-chi-cq-1"' in page(built_site, "ke-hoach/ia-bang")


def test_overdue_list(site):
    rows = xa_mau(table_rows(page(site, "qua-han"), "bang-qua-han")[1:])
    assert rows == [
        ["Đoàn Thanh niên", "Xã Mẫu", "Kế hoạch triển khai của đơn vị", "31/10/2025", "243"],
        ["Đoàn Thanh niên", "Xã Mẫu", "Báo cáo Năm 2025", "15/12/2025", "198"],
        ["Đoàn Thanh niên", "Xã Mẫu", "Báo cáo 6 tháng đầu năm 2026", "20/06/2026", "11"],
        ["Phòng Kinh tế", "Xã Mẫu", "Báo cáo 6 tháng đầu năm 2026", "20/06/2026", "11"],
    ]


def test_directory_is_a_plain_table_with_filter_data(site):
    html = page(site, "don-vi")
    rows = xa_mau(table_rows(html, "bang-danh-ba")[1:])
    assert [r[0] for r in rows] == ["Công ty TNHH Số Xanh", "Đoàn Thanh niên", "Phòng Kinh tế", "Thôn Ea Nam",
                                    "Ủy ban Mặt trận Tổ quốc"]
    assert rows[2][4:7] == ["Trễ hạn (1 ngày)", "3/4 (75%)", "1"]
    assert 'data-kind="thon-to-dan-pho" data-locality="xa-mau"' in html


def test_the_built_site_loads_the_directory_filter_and_the_print_styles(built_site):
    """The theme (not the pages) links the filter script and the print styles on every page."""
    directory = (built_site / "don-vi/index.html").read_text(encoding="utf-8")
    assert "assets/javascripts/phongtrao-directory.js" in directory
    report = next((built_site / "bao-cao").glob("*/*/index.html")).read_text(encoding="utf-8")
    assert "assets/stylesheets/phongtrao-print.css" in report


def test_periodic_report_is_printable(site):
    html = page(site, "bao-cao/xa-mau/2026-6t")
    rows = table_rows(html, "bang-bao-cao-ky")[1:]
    assert [(r[0], r[1], r[2]) for r in rows] == [
        ("Công ty TNHH Số Xanh", "01/06/2026", "Đúng hạn"),
        ("Đoàn Thanh niên", "—", "Quá hạn, chưa nộp (11 ngày)"),
        ("Phòng Kinh tế", "—", "Quá hạn, chưa nộp (11 ngày)"),
        ("Thôn Ea Nam", "20/06/2026", "Đúng hạn"),
        ("Ủy ban Mặt trận Tổ quốc", "25/06/2026", "Trễ hạn (5 ngày)"),
    ]
    assert table_rows(html, "bang-chi-so-ky")[1] == ["Người được tập huấn kỹ năng số (người)", "180", "không có", "—", "2"]
    assert table_rows(html, "bang-khen-thuong-ky")[1][0] == "Ủy ban Mặt trận Tổ quốc"   # award of 20/01/2026


def test_home_dashboard(site):
    html = page(site, "")
    assert "Số liệu tính đến ngày 01/07/2026 ." in text(html)
    row = xa_mau(table_rows(html, "bang-tong-hop-dia-ban"))[0]
    assert row == ["Xã Mẫu", "5", "2/5 (40%)", "5/11 (45,5%)", "Đúng tiến độ"]
    assert 'href="dia-ban/xa-mau/"' in html and 'href="qua-han/"' in html


def test_the_home_page_shows_where_each_commune_stands_and_what_is_late(site):
    """At a glance: a card per commune (its share of criteria done, its pace, its late items linked to
    the commune's own list), then the most overdue items, most overdue first."""
    html = page(site, "")
    cards = re.findall(r'<li class="pt-place">(.*?)</li>', html, re.S)
    card = text(next(c for c in cards if "Xã Mẫu" in c))
    assert "Đúng tiến độ" in card and "45,5% tiêu chí hoàn thành (5/11)" in card and "kế hoạch đúng hạn 2/5" in card
    late = re.search(r'href="dia-ban/xa-mau/#viec-qua-han">(\d+) việc quá hạn', html)
    locality = page(site, "dia-ban/xa-mau")
    listed = re.findall(r"<li>.*?quá (\d+) ngày", locality.split('id="viec-qua-han-dia-ban"', 1)[1].split("</ol>", 1)[0])
    assert late and int(late[1]) == len(listed) == len(xa_mau(table_rows(page(site, "qua-han"), "bang-qua-han")[1:]))
    assert 'id="viec-qua-han"' in locality
    top = [int(d) for d in re.findall(r"quá (\d+) ngày", html.split('id="viec-qua-han-nhat"', 1)[1].split("</ol>", 1)[0])]
    assert 0 < len(top) <= 5 and top == sorted(top, reverse=True)


GENERATED = ["", "dia-ban", "dia-ban/xa-mau", "don-vi", "don-vi/xa-mau-thon-ea-nam", "qua-han", "bao-cao/xa-mau/2025",
             "du-lieu-mo"]


@pytest.mark.parametrize("url", GENERATED)
def test_no_inline_event_handlers_or_javascript_links(site, url):
    article = page(site, url)  # the page's body: what the theme puts in <article>
    assert not re.search(r"<[^>]+\son[a-z]+\s*=", article)
    assert "javascript:" not in article


def test_every_explain_link_points_to_an_existing_anchor(site):
    anchors = set(re.findall(r'id="([^"]+)"', page(site, "cach-tinh")))
    links = set()
    for url in GENERATED:
        links |= set(re.findall(r'href="[./]*cach-tinh/#([^"]+)"', page(site, url)))
    assert links and links <= anchors, links - anchors
    assert {"ke-hoach-cua-don-vi", "bao-cao-dinh-ky", "tien-do-giai-doan", "chi-so"} <= links


def test_charts_are_accessible_svg_with_the_same_figures_in_a_table(site):
    html = page(site, "dia-ban/xa-mau")
    svgs = re.findall(r"<svg\b[^>]*>.*?</svg>", html, flags=re.S)
    charts = [s for s in svgs if "pt-chart" in s]
    assert len(charts) >= 4
    for svg in charts:
        assert 'role="img"' in svg and "aria-label=" in svg and "<title>" in svg and "<desc>" in svg
    phase = next(s for s in charts if "pt-phase" in s)
    assert "Thời gian đã qua 35,6%, công việc đã xong 45,5%" in phase


def test_generated_pages_are_not_written_into_docs(repo_root):
    docs = repo_root / "docs"
    assert not (docs / "don-vi").exists() and not (docs / "dia-ban").exists() and not (docs / "qua-han.md").exists()


def test_links_from_data_only_when_http_and_headings_escape_markdown():
    from phongtrao.pages.generate_pages import md_text, web_link

    assert web_link("https://example.gov.vn/a.pdf") == "https://example.gov.vn/a.pdf"
    assert web_link(" JavaScript:alert(1)") is None and web_link("data:text/html,x") is None and web_link(None) is None
    assert str(md_text("Tổ *1* <b>")) == "Tổ \\*1\\* &lt;b&gt;"


def test_plan_page_opens_with_its_localities_progress(site):
    """The plan's own page shows the same figures as the home dashboard, linked to the locality's tables."""
    home = {r[0]: r for r in table_rows(page(site, ""), "bang-tong-hop-dia-ban")[1:]}
    for plan_page, locality, name in (("ke-hoach/ia-bang", "ia-bang", "Xã Ia Băng"),
                                      ("ke-hoach/buon-ma-thuot", "buon-ma-thuot", "Phường Buôn Ma Thuột")):
        html = page(site, plan_page)
        rows = table_rows(html, "bang-tien-do-ke-hoach")[1:]
        assert rows == [home[name]]  # only the locality that follows this plan
        assert f'href="../../dia-ban/{locality}/"' in html
        assert "Số liệu tính đến ngày 01/07/2026" in text(html)
        # the box comes before the plan's own text
        article = html  # the page body
        assert article.index("</aside>") < article.index("<table>")  # the document header's table


def test_unit_names_in_a_periodic_report_link_to_their_pages(site):
    html = page(site, "bao-cao/xa-mau/2026-6t")
    assert '<a href="../../../don-vi/xa-mau-thon-ea-nam/">Thôn Ea Nam</a>' in html


def test_a_unit_page_names_each_criterion_in_words_before_its_code(site):
    html = page(site, "don-vi/xa-mau-phong-kinh-te")
    first = table_rows(html, "bang-tieu-chi")[1][0]
    assert first.endswith("(cq-1)") and len(first) > 20 and not first.startswith("cq-1")


def test_wide_tables_get_their_column_names_on_each_cell_for_the_phone_cards():
    from phongtrao.pages.table_cards import label_wide_tables
    wide = ('<table class="pt-table" id="t"><thead><tr><th scope="col">Đơn vị</th><th scope="col">Loại <a href="#x">ⓘ</a></th>'
            '<th scope="col">Tiêu chí &amp; kế hoạch</th><th scope="col">Cập nhật</th></tr></thead><tbody>'
            '<tr><th scope="row">&lt;td&gt;Xã</th><td>Phòng</td><td data-label="Riêng">1/2</td><td>01/06/2026</td></tr>'
            '</tbody></table>')
    out = label_wide_tables(wide)
    assert out.startswith('<table class="pt-table pt-cards" id="t">')
    assert '<th scope="row">&lt;td&gt;Xã</th>' in out                      # the row's own header stays on top
    assert '<td data-label="Loại ⓘ">Phòng</td>' in out
    assert '<td data-label="Riêng">1/2</td>' in out                         # a label written by hand is kept
    assert '<td data-label="Cập nhật">01/06/2026</td>' in out
    narrow = '<table class="pt-table"><thead><tr><th>A</th><th>B</th></tr></thead><tbody><tr><td>1</td><td>2</td></tr></tbody></table>'
    assert label_wide_tables(narrow) == narrow                              # three columns or fewer fit a phone
    spanning = wide.replace("<td>Phòng</td>", '<td colspan="2">Phòng</td>')
    assert label_wide_tables(spanning) == spanning


def test_progress_over_time_counts_each_criterion_by_its_dated_entries(site):
    """Month by month, a criterion counts as done from the date of its "hoàn thành" entry: Phòng Kinh tế's
    cq-3 was under way from 01/03/2026 and done on 01/06/2026; the last month runs to the as-of date."""
    html = page(site, "dia-ban/xa-mau")
    rows = table_rows(html, "bang-dien-bien")
    applicable = rows[1][1].split("/")[1]
    done = {r[0]: (r[1].split("/")[0], r[2]) for r in rows[1:]}
    assert list(done)[:2] == ["9/2025", "10/2025"] and list(done)[-1] == "7/2026 (đến 01/07/2026)"
    assert done["1/2026"] == ("0", "0") and done["2/2026"] == ("2", "0") and done["3/2026"] == ("3", "1")
    assert done["4/2026"] == ("4", "2") and done["5/2026"] == ("4", "3") and done["6/2026"] == ("5", "2")
    assert f"trên {applicable} tiêu chí phải thực hiện" in html
    chart = re.search(r'<svg class="pt-chart pt-columns"[^>]*aria-label="Tiêu chí đã hoàn thành, cộng dồn theo tháng".*?</svg>',
                      html, re.S).group(0)
    assert f"Thang đo 0–{applicable} tiêu chí" in chart and "7/2026: 5 tiêu chí (kỳ chưa kết thúc)" in chart


def test_charts_share_a_scale_per_unit_say_what_they_count_and_never_cut_a_label(site):
    html = page(site, "dia-ban/xa-mau")
    charts = re.findall(r"<svg class=\"pt-chart[^\"]*\".*?</svg>", html, re.S)
    assert charts and not any("…" in c for c in charts)
    figures = re.findall(r'<figure class="pt-figure pt-indicator">\s*<figcaption>[^<(]*\(([^,]+),.*?</figcaption>\s*(<svg.*?</svg>)',
                         html, re.S)
    scales: dict[str, set[str]] = {}
    for unit, svg in figures:
        scales.setdefault(unit, set()).add(re.search(r"Thang đo: 0–([\d.,]+)", svg).group(1))
    assert len(figures) >= 2 and all(len(tops) == 1 for tops in scales.values()), scales
    assert scales.get("%") == {"100"}
    areas = next(c for c in charts if "theo nội dung thi đua" in c)
    assert "1. Nâng cao nhận thức: 3/5" in areas and "Thang đo 0–5 đơn vị" in areas
    reports = next(c for c in charts if 'aria-label="Tỷ lệ báo cáo nộp đúng hạn theo kỳ"' in c)
    # the open period (Năm 2026, due 15/12/2026) has no share on time yet: no column, and it says so
    assert "Năm 2026: chưa có số liệu (kỳ chưa kết thúc)" in reports and reports.count("<rect") == 2


def test_a_unit_page_charts_how_late_each_report_was_and_its_indicators(site):
    """Thôn Ea Nam sent the 2025 report 5 days late, the next two on time: the chart says so, period by
    period, on a scale it names; its indicators are drawn over the periods with the same scale per unit."""
    html = page(site, "don-vi/xa-mau-thon-ea-nam")
    delays = re.search(r'<svg class="pt-chart pt-columns"[^>]*aria-label="Số ngày nộp báo cáo sau hạn theo kỳ".*?</svg>',
                       html, re.S).group(0)
    assert "Năm 2025: 5 ngày; 6 tháng đầu năm 2026: 0 ngày; Năm 2026: 0 ngày" in delays
    assert "Thang đo 0–5 ngày." in delays
    charts = re.findall(r'<figure class="pt-figure pt-indicator">.*?</figure>', html, re.S)
    assert charts and all("Thang đo: 0–" in c for c in charts)
    missing = page(site, "don-vi/xa-mau-phong-kinh-te")   # its half-year report is 11 days overdue, not sent
    desc = re.search(r'aria-label="Số ngày nộp báo cáo sau hạn theo kỳ".*?<desc>(.*?)</desc>', missing, re.S).group(1)
    assert "6 tháng đầu năm 2026 (chưa nộp): 11 ngày" in desc, desc
