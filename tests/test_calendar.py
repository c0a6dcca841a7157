"""Deadlines a phone calendar can subscribe to: /lich/<locality>.ics, valid iCalendar, the same bytes every build."""
from __future__ import annotations

import datetime as dt

from icalendar import Calendar

from fixtures.tinh_toan import fixture_site


def _events(path):
    cal = Calendar.from_ical(path.read_bytes())
    assert cal["version"] == "2.0" and cal["prodid"]
    return {str(e["uid"]): (e.decoded("dtstart"), str(e["summary"])) for e in cal.walk("VEVENT")}


def test_a_locality_calendar_lists_its_deadlines(tmp_path_factory):
    site = fixture_site(tmp_path_factory)
    events = _events(site / "lich" / "xa-mau.ics")
    # every report period's due date
    assert events["xa-mau-bao-cao-2025@phong-trao-thi-dua"] == (dt.date(2025, 12, 15), "Hạn nộp báo cáo: Năm 2025")
    assert events["xa-mau-bao-cao-2026-6t@phong-trao-thi-dua"][0] == dt.date(2026, 6, 20)
    # the plan's milestones (own plans due, sơ kết, tổng kết)
    assert any(uid.startswith("xa-mau-moc-") for uid in events)
    # the open finding of the inspection, not the resolved one
    assert events["xa-mau-2026-dot-1-xa-mau-thon-ea-nam@phong-trao-thi-dua"] == (
        dt.date(2026, 6, 15), "Hạn khắc phục kiến nghị: Thôn Ea Nam")
    assert "xa-mau-2026-dot-1-xa-mau-phong-kinh-te@phong-trao-thi-dua" not in events
    # events are whole days and stamped from the data's as-of date, never the clock
    cal = Calendar.from_ical((site / "lich" / "xa-mau.ics").read_bytes())
    assert {e.decoded("dtstamp") for e in cal.walk("VEVENT")} == {dt.datetime(2026, 7, 1, tzinfo=dt.timezone.utc)}


def test_the_locality_page_links_its_calendar(tmp_path_factory):
    site = fixture_site(tmp_path_factory)
    page = (site / "dia-ban/xa-mau/index.html").read_text(encoding="utf-8")
    assert 'href="../../lich/xa-mau.ics"' in page
