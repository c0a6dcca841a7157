"""The emulation itself: scores under an assessment scheme, ranks within clusters and kinds, tie-breaks,
inspections and their follow-up — exact figures on the fixed data (tests/fixtures/tinh-toan, as of
01/07/2026), worked out by hand below each assertion."""
from __future__ import annotations

import dataclasses
import datetime as dt
import shutil

import pytest

from fixtures.tinh_toan import fixture_site, make_data_dir, table_rows
from phongtrao.figures import compute, scores
from phongtrao.reading import model as m
from phongtrao.reading.load import load_dataset


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    data = make_data_dir(tmp_path_factory.mktemp("data") / "data")
    result = load_dataset(data)
    assert [p for p in result.problems if "xa-mau" in str(p.file)] == []
    return result.dataset


@pytest.fixture(scope="module")
def emu(dataset):
    return scores.emulation(dataset, compute.overview(dataset))


def _points(emu, unit_id):
    s = emu.scores[f"xa-mau-{unit_id}"]
    return {c.indicator.id: c.points for c in s.components}, s.total, s.possible


def test_exact_scores_component_by_component(emu):
    # Mặt trận: 1/2 criteria → 40 × ½ = 20; plan on its deadline → 10; the 6-month report late → 0/1 → 0;
    # 150 trained against a target of 200 (the latest period of 2026) → 20 × 0,75 = 15; no finding → 10
    assert _points(emu, "mat-tran") == ({"tieu-chi": 20.0, "ke-hoach": 10.0, "bao-cao": 0.0, "tap-huan": 15.0,
                                         "kiem-tra": 10.0}, 55.0, 100.0)
    # Phòng Kinh tế: 3/4 → 30; plan a day late → half of 10; report overdue → 0; 30/200 → 3; finding resolved → 10
    assert _points(emu, "phong-kinh-te") == ({"tieu-chi": 30.0, "ke-hoach": 5.0, "bao-cao": 0.0, "tap-huan": 3.0,
                                              "kiem-tra": 10.0}, 48.0, 100.0)
    # Thôn Ea Nam: 0/2; on time → 10; report on its due day → 20; no figure in 2026 → 0; finding overdue → 0
    assert _points(emu, "thon-ea-nam") == ({"tieu-chi": 0.0, "ke-hoach": 10.0, "bao-cao": 20.0, "tap-huan": 0.0,
                                            "kiem-tra": 0.0}, 30.0, 100.0)


def test_a_unit_with_no_data_scores_only_what_the_rule_gives(emu):
    # Đoàn Thanh niên has no data at all: nothing earned but "no finding of the inspection team" (stated rule)
    points, total, _ = _points(emu, "doan-thanh-nien")
    assert total == 10.0 and points["kiem-tra"] == 10.0
    s = emu.scores["xa-mau-doan-thanh-nien"]
    assert s.best_gain.indicator.id == "tieu-chi" and s.best_gain.missing == 40.0


def test_a_scheme_that_does_not_apply_to_a_kind(emu, dataset):
    # the fixture's scheme scores agencies, organisations and villages, not enterprises
    assert dataset.units["xa-mau-cong-ty-so-xanh"].kind == "doanh-nghiep"
    assert "xa-mau-cong-ty-so-xanh" not in emu.scores
    assert not any(e.score.unit.id == "xa-mau-cong-ty-so-xanh" for r in emu.rankings for e in r.entries)


def test_ranks_within_clusters_and_kinds_with_the_gap_to_the_unit_above(emu):
    ranks = {(r.by, r.key): [(e.rank, e.score.unit.id.removeprefix("xa-mau-"), e.gap) for e in r.entries]
             for r in emu.rankings_of("xa-mau")}
    assert ranks[("cum", "khoi-doan-the")] == [(1, "mat-tran", None), (2, "doan-thanh-nien", 45.0)]
    assert ranks[("loai", "mttq-doan-the")] == [(1, "mat-tran", None), (2, "doan-thanh-nien", 45.0)]
    assert ranks[("cum", "khoi-co-quan")] == [(1, "phong-kinh-te", None)]
    assert set(ranks) == {("cum", "khoi-doan-the"), ("cum", "khoi-co-quan"), ("cum", "cum-thon"),
                          ("loai", "mttq-doan-the"), ("loai", "phong-ban"), ("loai", "thon-to-dan-pho")}


def _score(emu, unit_id, name, total, completion, issued):
    """A copy of a fixture unit's score with chosen totals and tie-break values."""
    base = emu.scores[f"xa-mau-{unit_id}"]
    unit = dataclasses.replace(base.unit, id=f"x-{name}", name=name)
    ind = m.ScoreIndicator(id="i", title="i", measure="tieu-chi-hoan-thanh", points=100)
    pillar = m.Pillar(id="p", title="p", indicators=(ind,))
    return scores.UnitScore(unit, base.scheme, (scores.Component(pillar, ind, total / 100, ""),), completion, issued)


def test_ties_are_broken_by_the_stated_rule(emu):
    a = _score(emu, "mat-tran", "An", 60, 50.0, dt.date(2025, 10, 20))
    b = _score(emu, "mat-tran", "Bình", 60, 75.0, dt.date(2025, 10, 30))   # same points, more criteria done
    c = _score(emu, "mat-tran", "Cường", 60, 50.0, dt.date(2025, 10, 1))   # same points and criteria, earlier plan
    d = _score(emu, "mat-tran", "Dũng", 60, 50.0, dt.date(2025, 10, 1))    # the same as Cường on all three
    e = _score(emu, "mat-tran", "Đào", 70, 0.0, None)
    entries = scores.rank([a, b, c, d, e])
    assert [(x.rank, x.score.unit.name, x.tied) for x in entries] == [
        (1, "Đào", False), (2, "Bình", False), (3, "Cường", True), (3, "Dũng", True), (5, "An", False)]
    assert [x.gap for x in entries] == [None, 10.0, 0.0, 0.0, 0.0]


def test_inspection_with_an_unresolved_finding(emu, dataset):
    found = {f.finding.unit: (f.status, f.days_overdue) for f in scores.findings_of(dataset, locality="xa-mau")}
    # due 15/06/2026, not resolved by 01/07/2026: 16 days overdue; the other resolved on 10/06/2026
    assert found == {"xa-mau-thon-ea-nam": (scores.OVERDUE, 16), "xa-mau-phong-kinh-te": (scores.RESOLVED, None)}
    assert [f.finding.unit for f in emu.open_findings if f.inspection.locality == "xa-mau"] == ["xa-mau-thon-ea-nam"]


def test_an_open_period_is_never_scored_as_closed(dataset):
    # as of 01/06/2026 no report period of 2026 has come due: the report indicator is left out, and says so
    early = dataclasses.replace(dataset, as_of=dt.date(2026, 6, 1))
    s = scores.emulation(early, compute.overview(early)).scores["xa-mau-thon-ea-nam"]
    report = next(c for c in s.components if c.indicator.id == "bao-cao")
    assert report.points is None and "chưa tính" in report.detail
    assert s.possible == 80.0


def test_pages_explain_every_score_in_plain_vietnamese(tmp_path_factory):
    site = fixture_site(tmp_path_factory)
    unit = (site / "don-vi/xa-mau-phong-kinh-te/index.html").read_text(encoding="utf-8")
    rows = table_rows(unit, "bang-diem-thi-dua")[1:]
    assert rows[0] == ["Chính quyền số", "Tiêu chí thi đua đã hoàn thành", "3/4 tiêu chí đã hoàn thành", "40", "30"]
    assert rows[1] == ["Chính quyền số", "Ban hành kế hoạch của đơn vị đúng hạn", "Trễ hạn", "10", "5"]
    assert "48/100 điểm" in unit and "Hạng <strong>1/1</strong>" in unit
    village = (site / "don-vi/xa-mau-thon-ea-nam/index.html").read_text(encoding="utf-8")
    assert table_rows(village, "bang-kien-nghi-don-vi")[1][-1] == "Quá hạn, chưa khắc phục (16 ngày)"
    locality = (site / "dia-ban/xa-mau/index.html").read_text(encoding="utf-8")
    assert table_rows(locality, "bang-xep-hang-cum-khoi-doan-the")[1:] == [
        ["1", "Ủy ban Mặt trận Tổ quốc", "55/100", "55%", "—"], ["2", "Đoàn Thanh niên", "10/100", "10%", "45 điểm"]]
    scheme = (site / "danh-gia/xa-mau-2026/index.html").read_text(encoding="utf-8")
    assert "Điểm đạt được = số điểm tối đa × mức đạt" in scheme and "đồng hạng" in scheme
    company = (site / "don-vi/xa-mau-cong-ty-so-xanh/index.html").read_text(encoding="utf-8")
    assert "Chưa có bộ chỉ số đánh giá nào áp dụng cho đơn vị này" in company


def test_scores_rankings_and_inspections_are_open_data(tmp_path_factory):
    import csv
    import io
    site = fixture_site(tmp_path_factory)

    def rows(name):
        return list(csv.DictReader(io.StringIO((site / "du-lieu" / f"{name}.csv").read_bytes().decode("utf-8-sig"))))
    points = [r for r in rows("diem-thi-dua") if r["ma_don_vi"] == "xa-mau-mat-tran"]
    assert [(r["chi_so"], r["diem_dat"]) for r in points] == [
        ("tieu-chi", "20"), ("ke-hoach", "10"), ("bao-cao", "0"), ("tap-huan", "15"), ("kiem-tra", "10")]
    ranks = [(r["nhom"], r["hang"], r["ma_don_vi"], r["tong_diem"]) for r in rows("xep-hang") if r["dia_ban"] == "xa-mau"
             and r["theo"] == "cum"]
    assert ("khoi-doan-the", "2", "xa-mau-doan-thanh-nien", "10") in ranks
    visits = [(r["ma_don_vi"], r["tinh_trang"], r["so_ngay_qua_han"]) for r in rows("kiem-tra") if r["dia_ban"] == "xa-mau"]
    assert visits == [("xa-mau-phong-kinh-te", "da-khac-phuc", ""), ("xa-mau-thon-ea-nam", "qua-han", "16")]


def test_a_scheme_naming_an_unknown_indicator_is_refused_with_its_line(tmp_path):
    data = make_data_dir(tmp_path / "data")
    path = data / "assessment" / "xa-mau-2026.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("indicator: nguoi-duoc-tap-huan-ky-nang-so",
                                                             "indicator: nguoi-tap-huan"), encoding="utf-8")
    result = load_dataset(data)
    ours = [p for p in result.problems if p.file == path]
    line = next(i for i, t in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if "nguoi-tap-huan" in t)
    assert [p.line for p in ours] == [line] and "Không có chỉ số “nguoi-tap-huan”" in ours[0].message
    assert "xa-mau-2026" not in result.dataset.schemes and "xa-mau-mat-tran" in result.dataset.units


# ---------------------------------------------------------------- award consideration


def test_the_shortlist_per_cluster_with_reasons_and_the_decision(emu):
    cands = {c.unit.id.removeprefix("xa-mau-"): c for c in emu.candidates["xa-mau-2026-hang-nam"]}
    # one unit per cluster, at least 50 % of the points counted, no overdue finding
    assert set(cands) == {"mat-tran", "phong-kinh-te", "thon-ea-nam"}
    assert cands["mat-tran"].proposed and cands["mat-tran"].reason == "hạng 1 khối, cụm, đạt 55% số điểm"
    assert [d.decision for d in cands["mat-tran"].decisions] == ["30/QĐ-UBND"]
    assert not cands["phong-kinh-te"].proposed and cands["phong-kinh-te"].reason == "chưa đạt 50% số điểm"
    assert not cands["thon-ea-nam"].proposed and cands["thon-ea-nam"].overdue_findings == 1


def test_a_unit_with_an_overdue_finding_is_not_proposed_even_when_first(emu, dataset):
    lenient = dataclasses.replace(dataset.award_rounds["xa-mau-2026-hang-nam"], min_pct=0.0)
    cands = {c.unit.id: c for c in scores.candidates(lenient, emu.rankings, dataset)}
    assert cands["xa-mau-thon-ea-nam"].reason == "còn 1 kiến nghị quá hạn chưa khắc phục"
    assert cands["xa-mau-phong-kinh-te"].proposed


def test_the_awards_page_and_a_printable_dossier(tmp_path_factory):
    site = fixture_site(tmp_path_factory)
    awards = (site / "khen-thuong/index.html").read_text(encoding="utf-8")
    rows = {r[2]: r for r in table_rows(awards, "bang-xet-khen-xa-mau-2026-hang-nam")[1:]}
    assert rows["Ủy ban Mặt trận Tổ quốc"][4:] == ["Đề nghị (hạng 1 khối, cụm, đạt 55% số điểm)",
                                                   "Giấy khen của Chủ tịch Ủy ban nhân dân xã, phường, số 30/QĐ-UBND ngày 20/12/2026"]
    assert rows["Phòng Kinh tế"][5] == "Chờ quyết định"
    dossier = (site / "xet-khen/xa-mau-2026-hang-nam/xa-mau-mat-tran/index.html").read_text(encoding="utf-8")
    for official in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập – Tự do – Hạnh phúc", "Số: …/BC-TĐKT",
                     "BÁO CÁO TÓM TẮT THÀNH TÍCH", "Xã Mẫu, ngày … tháng … năm 2026"):
        assert official in dossier, official
    assert table_rows(dossier, "bang-thanh-tich")[1][-1] == "20"


# ---------------------------------------------------------------- roll-up to the province


def test_the_province_adds_up_its_communes_like_with_like(dataset):
    provinces = {p.name: p for p in compute.province_reports(compute.overview(dataset))}
    gia_lai = provinces["Gia Lai"]  # Xã Mẫu (the fixture) and Xã Ia Băng (the sample) are both in Gia Lai
    assert [rep.locality.id for rep in gia_lai.localities] == ["ia-bang", "xa-mau"]
    assert gia_lai.units == sum(len(rep.units) for rep in gia_lai.localities) == 19
    assert gia_lai.completed == sum(rep.completed for rep in gia_lai.localities)
    assert gia_lai.applicable == sum(rep.applicable for rep in gia_lai.localities)
    # the period 6 tháng đầu năm 2026 exists in both communes: its tally adds theirs, nothing else
    half = next(p for p in gia_lai.periods if p.id == "2026-6t")
    assert [rep.locality.id for rep, _ in half.rows] == ["ia-bang", "xa-mau"]
    assert half.reports.total == 19 and half.reports.on_time == sum(t.on_time for _, t in half.rows)
    assert half.closed  # due 20/06/2026 in both, as of 01/07/2026
    year = next(p for p in gia_lai.periods if p.id == "2026")
    assert not year.closed and year.reports.not_due == year.reports.total - year.reports.on_time - year.reports.late
    assert [rep.locality.id for rep in provinces["Đắk Lắk"].localities] == ["buon-ma-thuot"]


def test_the_province_pages_show_the_communes_side_by_side(tmp_path_factory):
    site = fixture_site(tmp_path_factory)
    page = (site / "tinh/gia-lai/index.html").read_text(encoding="utf-8")
    rows = table_rows(page, "bang-xa-phuong")[1:]
    assert [r[0] for r in rows] == ["Xã Ia Băng", "Xã Mẫu", "Cả tỉnh"]
    assert rows[1][1:5] == ["5", "2/5", "5/11", "45,5%"]
    report = (site / "bao-cao-tinh/gia-lai/2026/index.html").read_text(encoding="utf-8")
    assert "chưa phải số liệu cuối cùng" in report
