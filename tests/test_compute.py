"""Completion figures computed from the fixed data set (tests/fixtures/tinh-toan), checked by hand."""
from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from fixtures.tinh_toan import make_data_dir
from phongtrao.figures import compute as c
from phongtrao.reading import model as m
from phongtrao.reading.load import load_dataset


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    data = make_data_dir(tmp_path_factory.mktemp("data") / "data")
    result = load_dataset(data)
    # only the fixture's own files must be valid (the copied real plans belong to others)
    assert [p for p in result.problems if "xa-mau" in str(p.file) or p.file.name == "site.yml"] == []
    return result.dataset


@pytest.fixture(scope="module")
def report(dataset):
    return c.locality_report(dataset, dataset.localities["xa-mau"])


def _unit(report, unit_id):
    return next(r for r in report.units if r.unit.id == unit_id)


def test_units_are_listed_in_vietnamese_order(report):
    # Đ sorts after D and before P; Ủ after T — not by code point
    assert [r.unit.name for r in report.units] == [
        "Công ty TNHH Số Xanh", "Đoàn Thanh niên", "Phòng Kinh tế", "Thôn Ea Nam", "Ủy ban Mặt trận Tổ quốc"]


def test_sub_plan_on_deadline_day_is_on_time_and_a_day_after_is_late(report):
    on_day = _unit(report, "xa-mau-mat-tran").sub_plan
    assert (on_day.status, on_day.issued, on_day.deadline) == (c.ON_TIME, dt.date(2025, 10, 31), dt.date(2025, 10, 31))
    late = _unit(report, "xa-mau-phong-kinh-te").sub_plan
    assert (late.status, late.days_late) == (c.LATE, 1)
    missing = _unit(report, "xa-mau-doan-thanh-nien").sub_plan
    assert (missing.status, missing.overdue, missing.days_late) == (c.MISSING, True, 243)


def test_sub_plan_tally_for_the_locality(report):
    assert report.sub_plan.counts == {c.ON_TIME: 2, c.LATE: 2, c.MISSING: 1}
    assert (report.sub_plan.pct(c.ON_TIME), report.sub_plan.pct(c.LATE), report.sub_plan.pct(c.MISSING)) == (40.0, 40.0, 20.0)
    assert report.sub_plan_overdue == 1


def test_missing_sub_plan_is_not_overdue_before_the_deadline(dataset):
    unit = dataset.units["xa-mau-doan-thanh-nien"]
    plan = dataset.plans["xa-mau-2025"]
    assert c.sub_plan_check(unit, plan, dt.date(2025, 10, 31)).overdue is False
    assert c.sub_plan_check(unit, plan, dt.date(2025, 11, 1)).overdue is True


def test_criteria_completed_out_of_those_of_the_target_group(report):
    got = {r.unit.id: (r.completion.completed, r.completion.applicable, r.completion.pct) for r in report.units}
    assert got == {
        "xa-mau-cong-ty-so-xanh": (1, 1, 100.0),
        "xa-mau-doan-thanh-nien": (0, 2, 0.0),       # no data at all
        "xa-mau-phong-kinh-te": (3, 4, 75.0),        # the later cq-3 entry (done) wins over the earlier one
        "xa-mau-thon-ea-nam": (0, 2, 0.0),
        "xa-mau-mat-tran": (1, 2, 50.0),
    }
    assert (report.completed, report.applicable, report.completion_pct) == (5, 11, 45.5)


def test_unit_without_data_has_no_data(report):
    assert _unit(report, "xa-mau-doan-thanh-nien").has_data is False
    assert _unit(report, "xa-mau-mat-tran").has_data is True


def test_content_areas_active_and_completed(report):
    got = {a.area.id: (a.active, a.completed) for a in report.areas}
    assert got == {"nd1": (3, 2), "nd2": (0, 0), "nd3": (1, 1), "nd4": (1, 1),
                   "nd5": (2, 1), "nd6": (0, 0), "nd7": (0, 0)}  # nd6 "chưa bắt đầu" is not activity
    assert all(a.units == 5 for a in report.areas)


def test_reports_per_period(report):
    got = {p.period.id: p.reports.counts for p in report.periods}
    assert got == {
        "2025": {c.ON_TIME: 3, c.LATE: 1, c.OVERDUE: 1, c.NOT_DUE: 0},      # submitted on the due day = on time
        "2026-6t": {c.ON_TIME: 2, c.LATE: 1, c.OVERDUE: 2, c.NOT_DUE: 0},
        "2026": {c.ON_TIME: 1, c.LATE: 0, c.OVERDUE: 0, c.NOT_DUE: 4},      # not due yet at as_of
    }
    village = {ch.period.id: (ch.status, ch.days_late) for ch in _unit(report, "xa-mau-thon-ea-nam").reports}
    assert village == {"2025": (c.LATE, 5), "2026-6t": (c.ON_TIME, None), "2026": (c.ON_TIME, None)}


def test_indicator_totals_sum_mean_and_trend(report):
    got = {row.indicator.id: [(x.period.id, x.value, x.reporters, x.change) for x in row.cells] for row in report.indicators}
    # no change shown: the first half of 2026 (181 days) is not compared with "Năm 2025" (from 01/09, 121 days),
    # and "Năm 2026" is still open at 01/07/2026
    assert got == {
        "nguoi-duoc-tap-huan-ky-nang-so": [("2025", 230.0, 3, None), ("2026-6t", 180.0, 2, None), ("2026", None, 0, None)],
        "ty-le-thanh-toan-khong-dung-tien-mat": [("2025", 52.5, 2, None), ("2026-6t", 40.0, 1, None), ("2026", None, 0, None)],
    }
    assert [x.closed for x in report.indicators[0].cells] == [True, True, False]


def test_a_change_compares_like_with_like_only(dataset):
    """Two closed half-years are compared; a half-year is never compared with a year; an open period never."""
    loc = dataset.localities["xa-mau"]
    h1 = m.ReportPeriod(id="h1", label="6 tháng đầu năm 2025", start=dt.date(2025, 1, 1), end=dt.date(2025, 6, 30),
                        due=dt.date(2025, 6, 20))
    year = m.ReportPeriod(id="y", label="Năm 2025", start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31),
                          due=dt.date(2025, 12, 15))
    h2 = m.ReportPeriod(id="h2", label="6 tháng đầu năm 2026", start=dt.date(2026, 1, 1), end=dt.date(2026, 6, 30),
                        due=dt.date(2026, 6, 20))
    open_ = m.ReportPeriod(id="h3", label="6 tháng cuối năm 2026", start=dt.date(2026, 7, 1), end=dt.date(2026, 12, 31),
                           due=dt.date(2026, 12, 20))
    local = dataclasses.replace(loc, report_periods=(h1, year, h2, open_))
    ind = next(iter(dataset.indicators.values()))
    unit = dataclasses.replace(next(iter(dataset.units_of("xa-mau"))), indicators=tuple(
        m.IndicatorValues(period=p, values={ind.id: v}) for p, v in (("h1", 100), ("y", 300), ("h2", 160), ("h3", 20))))
    cells = c.indicator_rows([unit], local, {ind.id: ind}, dt.date(2026, 7, 1))[0].cells
    assert [(x.period.id, x.change, x.compared_with.id if x.compared_with else None) for x in cells] == [
        ("h1", None, None), ("y", None, None), ("h2", 60.0, "h1"), ("h3", None, None)]


def test_phase_progress_on_track_and_behind(dataset, report):
    assert (report.phase.phase.id, report.phase.elapsed_pct, report.phase.done_pct, report.phase.on_track) == (
        "giai-doan-1", 35.6, 45.5, True)   # 303 of 851 days elapsed
    plan = dataset.plans["xa-mau-2025"]
    # late in the phase (812 of 851 days: 95,4%) the same 5/11 done is behind
    late = c.phase_progress(plan, dt.date(2027, 11, 22), 5, 11)
    assert (late.elapsed_pct, late.on_track, late.label) == (95.4, False, "Chậm tiến độ")
    # exactly 10 points behind is still on track
    edge = c.phase_progress(plan, dt.date(2025, 9, 1) + dt.timedelta(days=851 * 55 // 100), 45, 100)
    assert edge.elapsed_pct == 55.0 and edge.on_track is True


def test_groups_by_kind_and_cluster(report):
    kinds = [(g.key, g.units, g.sub_plan.count(c.ON_TIME), g.sub_plan.count(c.LATE), g.sub_plan.count(c.MISSING),
              g.completed, g.applicable) for g in report.by_kind]
    assert kinds == [("phong-ban", 1, 0, 1, 0, 3, 4), ("mttq-doan-the", 2, 1, 0, 1, 1, 4),
                     ("thon-to-dan-pho", 1, 1, 0, 0, 0, 2), ("doanh-nghiep", 1, 0, 1, 0, 1, 1)]
    clusters = [(g.label, g.units, g.completed, g.applicable) for g in report.by_cluster]
    assert clusters == [("Khối các cơ quan chuyên môn", 1, 3, 4), ("Khối Mặt trận và đoàn thể", 2, 1, 4),
                        ("Cụm các thôn", 1, 0, 2), ("Chưa xếp khối, cụm", 1, 1, 1)]


def test_overdue_list_most_overdue_first(dataset):
    items = c.overview(dataset).overdue
    xa_mau = [(i.unit.id, i.what, i.period, i.days) for i in items if i.locality.id == "xa-mau"]
    assert xa_mau == [
        ("xa-mau-doan-thanh-nien", "ke-hoach", None, 243),
        ("xa-mau-doan-thanh-nien", "bao-cao", "2025", 198),
        ("xa-mau-doan-thanh-nien", "bao-cao", "2026-6t", 11),
        ("xa-mau-phong-kinh-te", "bao-cao", "2026-6t", 11),
    ]


@pytest.mark.parametrize("value, text", [(45.45, "45,5"), (1234.0, "1.234"), (52.5, "52,5"), (0.0, "0"), (-12.5, "-12,5")])
def test_vietnamese_number_format(value, text):
    assert c.format_number(value) == text
