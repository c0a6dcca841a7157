"""Deadlines as iCalendar files a phone calendar can subscribe to: /lich/<locality>.ics.

One all-day event per dated obligation of the locality: its plan's milestones (units' own plans due,
sơ kết, tổng kết) and the due date of every report period, and the due date of each open finding of
the council's inspections. Written with the icalendar library; every stamp comes from the data's
as-of date, so one commit always writes the same bytes.
"""
from __future__ import annotations

import datetime as dt

from icalendar import Calendar, Event

from ..figures import scores

FOLDER = "lich"


def _event(uid: str, day: dt.date, summary: str, description: str, stamp: dt.datetime, url: str) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", day)
    event.add("dtend", day + dt.timedelta(days=1))
    event.add("summary", summary)
    event.add("description", description)
    event.add("url", url)
    event.add("transp", "TRANSPARENT")
    return event


def locality_calendar(state, locality) -> bytes:
    ds = state.dataset
    site = (state.site.site_url or "/").rstrip("/") + "/"
    page = f"{site}{state.config.localities_dir.strip('/')}/{locality.id}/"
    stamp = dt.datetime.combine(ds.as_of, dt.time(0, 0), tzinfo=dt.timezone.utc)
    cal = Calendar()
    cal.add("prodid", "-//Phong trao thi dua Chuyen doi so//Theo doi//VI")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"Hạn chót Phong trào thi đua – {locality.name}")
    cal.add("x-wr-timezone", "Asia/Ho_Chi_Minh")
    domain = "phong-trao-thi-dua"
    plan = ds.plans.get(locality.plan)
    events = []
    for milestone in (plan.milestones if plan else ()):
        events.append(_event(f"{locality.id}-moc-{milestone.id}@{domain}", milestone.deadline, milestone.title,
                             f"{milestone.text} ({plan.short_title})", stamp, page))
    for period in locality.report_periods:
        events.append(_event(f"{locality.id}-bao-cao-{period.id}@{domain}", period.due,
                             f"Hạn nộp báo cáo: {period.label}",
                             f"Các đơn vị báo cáo kết quả Phong trào thi đua kỳ {period.label} về UBND {locality.name}.",
                             stamp, page))
    for f in scores.findings_of(ds, locality=locality.id):
        if f.status != scores.RESOLVED:
            unit = ds.units.get(f.finding.unit)
            events.append(_event(f"{f.inspection.id}-{f.finding.unit}@{domain}", f.finding.due,
                                 f"Hạn khắc phục kiến nghị: {unit.name if unit else f.finding.unit}",
                                 f"{f.finding.recommendation} ({f.inspection.title})", stamp, page))
    for event in sorted(events, key=lambda e: (e.decoded("dtstart"), str(e["uid"]))):
        cal.add_component(event)
    return cal.to_ical()


def add_calendars(changes, state, existing: set[str]) -> None:
    if state.dataset.as_of is None:
        return
    for locality in state.dataset.localities.values():
        changes.add(f"{FOLDER}/{locality.id}.ics", locality_calendar(state, locality))
