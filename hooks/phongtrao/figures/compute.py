"""Completion figures: pure functions from the Dataset to result dataclasses.

No MkDocs here. Every rule below is explained in plain Vietnamese on
docs/cach-tinh.md (the anchors named in `EXPLAIN`); change both together.
"Today" is always `dataset.as_of`, never the clock, so a commit always gives
the same figures.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from ..reading import model as m
from ..text import slugify, sort_vi

# ---------------------------------------------------------------- statuses

ON_TIME = "dung-han"
LATE = "tre-han"
MISSING = "chua-ban-hanh"       # sub-plan not issued (overdue when as_of > deadline)
OVERDUE = "qua-han"             # report not submitted and as_of > due
NOT_DUE = "chua-den-han"        # report not submitted, due date not passed yet

SUB_PLAN_LABELS = {ON_TIME: "Đúng hạn", LATE: "Trễ hạn", MISSING: "Chưa ban hành"}
REPORT_LABELS = {ON_TIME: "Đúng hạn", LATE: "Trễ hạn", OVERDUE: "Quá hạn, chưa nộp", NOT_DUE: "Chưa đến hạn"}
PHASE_LABELS = {True: "Đúng tiến độ", False: "Chậm tiến độ", None: "Chưa có dữ liệu"}

# Anchors on /cach-tinh/ that each table links to.
EXPLAIN = {
    "sub_plan": "ke-hoach-cua-don-vi",
    "areas": "noi-dung-thi-dua",
    "criteria": "tieu-chi-da-hoan-thanh",
    "reports": "bao-cao-dinh-ky",
    "indicators": "chi-so",
    "phase": "tien-do-giai-doan",
    "groups": "nhom-don-vi",
    "overdue": "danh-sach-qua-han",
    "timeline": "dien-bien-theo-thang",
}

# Work done may trail time elapsed by this many percentage points and still be on track.
PHASE_TOLERANCE = 10.0


def round1(value: float | None) -> float | None:
    """One decimal, halves rounded up (66.65 → 66.7), the way people round by hand."""
    if value is None:
        return None
    return float(Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def percent(part: int, whole: int) -> float | None:
    return None if whole == 0 else round1(100.0 * part / whole)


def format_number(value: float | None, missing: str = "—") -> str:
    """Vietnamese number: 1.234,5 (dot groups thousands, comma marks decimals)."""
    if value is None:
        return missing
    value = round1(value)
    whole = int(abs(value))
    frac = round(abs(value) - whole, 1)
    text = f"{whole:,}".replace(",", ".")
    if frac:
        text += "," + f"{frac:.1f}"[2:]
    return ("-" if value < 0 else "") + text


def format_pct(value: float | None, missing: str = "—") -> str:
    return missing if value is None else format_number(value) + "%"


# ---------------------------------------------------------------- counts


@dataclass(frozen=True)
class Tally:
    """How many items have each status, with percentages of the total."""
    counts: dict[str, int]
    total: int

    def count(self, status: str) -> int:
        return self.counts.get(status, 0)

    def pct(self, status: str) -> float | None:
        return percent(self.count(status), self.total)

    @property
    def shares(self) -> dict[str, float | None]:
        """Status → percentage of the total, for every status counted (what a table row shows)."""
        return {k: self.pct(k) for k in self.counts}

    # the figures pages show, by name (templates never spell a status)
    @property
    def on_time(self) -> int:
        return self.count(ON_TIME)

    @property
    def on_time_pct(self) -> float | None:
        return self.pct(ON_TIME)

    @property
    def late(self) -> int:
        return self.count(LATE)

    @property
    def missing(self) -> int:
        return self.count(MISSING)

    @property
    def overdue(self) -> int:
        return self.count(OVERDUE)

    @property
    def not_due(self) -> int:
        return self.count(NOT_DUE)

    @property
    def issued(self) -> int:
        """Sub-plans issued, on time or late."""
        return self.on_time + self.late

    @property
    def issued_pct(self) -> float | None:
        return percent(self.issued, self.total)


def tally(statuses, keys) -> Tally:
    statuses = list(statuses)
    return Tally(counts={k: sum(1 for s in statuses if s == k) for k in keys}, total=len(statuses))


# ---------------------------------------------------------------- per unit: sub-plan


@dataclass(frozen=True)
class SubPlanCheck:
    status: str                 # ON_TIME | LATE | MISSING
    deadline: dt.date | None
    issued: dt.date | None
    overdue: bool               # missing and the deadline has passed
    days_late: int | None       # late: issued − deadline; missing and overdue: as_of − deadline


def sub_plan_check(unit: m.Unit, plan: m.Plan | None, as_of: dt.date) -> SubPlanCheck:
    milestone = plan.milestone("sub_plan") if plan else None
    deadline = milestone.deadline if milestone else None
    if deadline is not None and unit.joined is not None and deadline < unit.joined:
        deadline = None   # the unit did not exist (or was not followed) when its sub-plan was due
    issued = unit.sub_plan.issued if unit.sub_plan else None
    if issued is None:
        overdue = deadline is not None and as_of > deadline
        return SubPlanCheck(MISSING, deadline, None, overdue, (as_of - deadline).days if overdue else None)
    if deadline is None or issued <= deadline:   # the deadline day itself is on time
        return SubPlanCheck(ON_TIME, deadline, issued, False, None)
    return SubPlanCheck(LATE, deadline, issued, False, (issued - deadline).days)


# ---------------------------------------------------------------- per unit: criteria


def _latest(entries):
    """The most recent entry (by date; later in the file wins a tie, undated counts as oldest)."""
    best, best_key = None, None
    for index, entry in enumerate(entries):
        key = (entry.date or dt.date.min, index)
        if best_key is None or key >= best_key:
            best, best_key = entry, key
    return best


@dataclass(frozen=True)
class CriterionState:
    criterion: m.Criterion
    entry: m.Progress | None    # the latest progress entry for it, None when never reported

    @property
    def status(self) -> str | None:
        return self.entry.status if self.entry else None

    @property
    def done(self) -> bool:
        return self.status == "hoan-thanh"


def criterion_states(unit: m.Unit, plan: m.Plan | None) -> list[CriterionState]:
    if plan is None:
        return []
    return [CriterionState(c, _latest([p for p in unit.progress if p.criterion == c.id]))
            for c in plan.criteria_for(unit.target_group)]


def area_entries(unit: m.Unit) -> dict[str, m.Progress]:
    """Latest progress entry reported for a content area as a whole (not through a criterion)."""
    areas = sorted({p.content_area for p in unit.progress if p.content_area and not p.criterion})
    return {a: _latest([p for p in unit.progress if p.content_area == a and not p.criterion]) for a in areas}


@dataclass(frozen=True)
class UnitCompletion:
    applicable: int
    completed: int
    in_progress: int

    @property
    def pct(self) -> float | None:
        return percent(self.completed, self.applicable)


def unit_completion(states: list[CriterionState]) -> UnitCompletion:
    return UnitCompletion(applicable=len(states), completed=sum(s.done for s in states),
                          in_progress=sum(s.status == "dang-thuc-hien" for s in states))


ACTIVE = ("dang-thuc-hien", "hoan-thanh")


def area_activity(unit: m.Unit, plan: m.Plan, area_id: str, states: list[CriterionState]) -> tuple[bool, bool]:
    """(active, completed) of one unit in one content area.

    Active: the latest entry for the area, or for a criterion mapped to it, is under way or done.
    Completed: the area entry itself is done, or every applicable criterion mapped to the area is done.
    """
    mapped = [s for s in states if area_id in s.criterion.content_areas]
    own = area_entries(unit).get(area_id)
    active = (own is not None and own.status in ACTIVE) or any(s.status in ACTIVE for s in mapped)
    completed = (own is not None and own.status == "hoan-thanh") or (bool(mapped) and all(s.done for s in mapped))
    return active, completed


# ---------------------------------------------------------------- per unit: reports


@dataclass(frozen=True)
class ReportCheck:
    period: m.ReportPeriod
    status: str                 # ON_TIME | LATE | OVERDUE | NOT_DUE
    report: m.Report | None
    days_late: int | None       # late: submitted − due; overdue: as_of − due

    @property
    def submitted(self) -> dt.date | None:
        return self.report.submitted if self.report else None

    @property
    def delay_days(self) -> int | None:
        """Days after the due date: 0 on time, the days late, the days so far when still missing,
        None before the due date (nothing is owed yet)."""
        if self.status == NOT_DUE:
            return None
        return 0 if self.status == ON_TIME else self.days_late


def report_checks(unit: m.Unit, locality: m.Locality, as_of: dt.date) -> list[ReportCheck]:
    by_period = {r.period: r for r in unit.reports if r.submitted is not None}
    checks = []
    for period in locality.report_periods:
        if unit.joined is not None and period.due < unit.joined and period.id not in by_period:
            continue   # due before the unit joined: neither owed nor counted (a report sent anyway still counts)
        report = by_period.get(period.id)
        if report is not None:
            late = report.submitted > period.due
            checks.append(ReportCheck(period, LATE if late else ON_TIME, report,
                                      (report.submitted - period.due).days if late else None))
        elif as_of > period.due:
            checks.append(ReportCheck(period, OVERDUE, None, (as_of - period.due).days))
        else:
            checks.append(ReportCheck(period, NOT_DUE, None, None))
    return checks


# ---------------------------------------------------------------- per unit: all together


@dataclass(frozen=True)
class UnitStatus:
    unit: m.Unit
    kind_label: str
    cluster_name: str | None
    sub_plan: SubPlanCheck
    criteria: list[CriterionState]
    completion: UnitCompletion
    reports: list[ReportCheck]
    areas: dict[str, tuple[bool, bool]]   # content area id -> (active, completed)

    @property
    def has_data(self) -> bool:
        u = self.unit
        return bool(u.sub_plan or u.progress or u.reports or u.indicators or u.awards)

    @property
    def overdue_reports(self) -> int:
        """Reports past their due date and not submitted (the directory and the open data show it)."""
        return sum(1 for check in self.reports if check.status == OVERDUE)

    @property
    def reports_after_due(self) -> int:
        """Reports sent late or still missing past their due date."""
        return sum(1 for ch in self.reports if ch.status in (LATE, OVERDUE))


def unit_status(unit: m.Unit, plan: m.Plan | None, locality: m.Locality, as_of: dt.date) -> UnitStatus:
    states = criterion_states(unit, plan)
    clusters = {c.id: c.name for c in locality.clusters}
    areas = {a.id: area_activity(unit, plan, a.id, states) for a in plan.content_areas} if plan else {}
    return UnitStatus(
        unit=unit, kind_label=m.UNIT_KINDS.get(unit.kind, (unit.kind,))[0], cluster_name=clusters.get(unit.cluster),
        sub_plan=sub_plan_check(unit, plan, as_of), criteria=states, completion=unit_completion(states),
        reports=report_checks(unit, locality, as_of), areas=areas,
    )


# ---------------------------------------------------------------- per locality


@dataclass(frozen=True)
class GroupRow:
    """Units grouped by kind or by cluster: sub-plan status and criteria completed."""
    key: str
    label: str
    units: int
    sub_plan: Tally
    applicable: int
    completed: int

    @property
    def pct(self) -> float | None:
        return percent(self.completed, self.applicable)


@dataclass(frozen=True)
class AreaRow:
    area: m.ContentArea
    units: int
    active: int
    completed: int

    @property
    def active_pct(self) -> float | None:
        return percent(self.active, self.units)

    @property
    def completed_pct(self) -> float | None:
        return percent(self.completed, self.units)


@dataclass(frozen=True)
class PeriodRow:
    period: m.ReportPeriod
    reports: Tally
    closed: bool = True     # its due date has passed: every report owed for it is in, late or missing


@dataclass(frozen=True)
class IndicatorCell:
    period: m.ReportPeriod
    value: float | None         # sum, or mean, over the units that reported it
    reporters: int
    change: float | None        # versus `compared_with`: only like with like (see indicator_rows)
    compared_with: m.ReportPeriod | None = None
    closed: bool = True         # the period's due date has passed: its figure is final


def period_closed(period: m.ReportPeriod, as_of: dt.date | None) -> bool:
    """A period is over, its figures final, once its due date has passed (no date: everything counts)."""
    return as_of is None or period.due <= as_of


LIKE_SPAN_DAYS = 31  # two periods are alike when their lengths differ by at most a month


def _alike(a: m.ReportPeriod, b: m.ReportPeriod) -> bool:
    return abs((a.end - a.start).days - (b.end - b.start).days) <= LIKE_SPAN_DAYS


@dataclass(frozen=True)
class IndicatorRow:
    indicator: m.Indicator
    cells: list[IndicatorCell]


@dataclass(frozen=True)
class PhaseProgress:
    phase: m.Phase
    elapsed_pct: float
    done_pct: float | None
    on_track: bool | None

    @property
    def label(self) -> str:
        return PHASE_LABELS[self.on_track]


@dataclass(frozen=True)
class LocalityReport:
    locality: m.Locality
    plan: m.Plan | None
    as_of: dt.date
    units: list[UnitStatus]             # sorted by name (Vietnamese collation)
    sub_plan: Tally
    sub_plan_overdue: int
    by_kind: list[GroupRow]
    by_cluster: list[GroupRow]
    areas: list[AreaRow]
    periods: list[PeriodRow]
    indicators: list[IndicatorRow]
    phase: PhaseProgress | None
    applicable: int
    completed: int
    timeline: Timeline | None = None    # criteria completed month by month (None without a plan)

    @property
    def completion_pct(self) -> float | None:
        return percent(self.completed, self.applicable)

    @property
    def indicator_scales(self) -> dict[str, float]:
        return indicator_scales(self.indicators)

    @property
    def overdue(self) -> int:
        """Late items of the locality: its part of the overdue list (sub-plans and reports past due)."""
        return len(overdue_items([self]))


SUB_PLAN_KEYS = (ON_TIME, LATE, MISSING)
REPORT_KEYS = (ON_TIME, LATE, OVERDUE, NOT_DUE)


def _group(rows: list[UnitStatus], key, label, order: list[str]) -> list[GroupRow]:
    groups: dict[str, list[UnitStatus]] = {}
    for row in rows:
        groups.setdefault(key(row), []).append(row)
    ordered = [k for k in order if k in groups] + sort_vi([k for k in groups if k not in order], key=str)
    return [GroupRow(key=k, label=label(k), units=len(groups[k]),
                     sub_plan=tally((r.sub_plan.status for r in groups[k]), SUB_PLAN_KEYS),
                     applicable=sum(r.completion.applicable for r in groups[k]),
                     completed=sum(r.completion.completed for r in groups[k]))
            for k in ordered]


def indicator_rows(units: list[m.Unit], locality: m.Locality, indicators: dict[str, m.Indicator],
                   as_of: dt.date | None = None) -> list[IndicatorRow]:
    """Per indicator and period: the total (or mean) of the units that reported, and the change.

    Like with like only: a change is shown for a period whose due date has passed, against the latest
    earlier closed period of about the same length (a half-year is never compared with a year, an open
    period never as if final)."""
    rows = []
    for ind in indicators.values():
        cells: list[IndicatorCell] = []
        for period in locality.report_periods:
            values = [iv.values[ind.id] for u in units for iv in u.indicators
                      if iv.period == period.id and iv.values.get(ind.id) is not None]
            value = None
            if values:
                value = sum(values) / len(values) if ind.aggregate == "mean" else sum(values)
                value = round1(value)
            closed = period_closed(period, as_of)
            earlier = [c for c in cells if c.value is not None and c.closed and _alike(c.period, period)]
            before = earlier[-1] if earlier and value is not None and closed else None
            change = round1(value - before.value) if before else None
            cells.append(IndicatorCell(period, value, len(values), change, before.period if before else None, closed))
        if any(c.value is not None for c in cells):
            rows.append(IndicatorRow(ind, cells))
    return rows


def indicator_scales(rows: list[IndicatorRow]) -> dict[str, float]:
    """The top of each indicator chart's scale, so charts read side by side compare honestly: 0–100 for
    a percentage; otherwise the largest value among the indicators counted in the same unit (two charts
    in "người" share one scale; "hồ sơ" has its own)."""
    highest: dict[str, float] = {}
    for row in rows:
        values = [c.value for c in row.cells if c.value is not None]
        if values:
            highest[row.indicator.unit] = max(highest.get(row.indicator.unit, 0.0), max(values))
    return {row.indicator.id: 100.0 if row.indicator.unit == "%" else (highest.get(row.indicator.unit) or 1.0)
            for row in rows}


# ---------------------------------------------------------------- progress over time


@dataclass(frozen=True)
class MonthPoint:
    month: dt.date          # the first day of the month
    end: dt.date            # the last day counted: the month's last day, or as_of in the current month
    completed: int          # criteria whose latest state on `end` is "hoàn thành"
    in_progress: int        # … "đang thực hiện"

    @property
    def closed(self) -> bool:
        return self.end == _month_end(self.month)

    @property
    def label(self) -> str:
        return f"{self.month.month}/{self.month.year}"


@dataclass(frozen=True)
class Timeline:
    points: tuple[MonthPoint, ...]
    applicable: int         # criteria that apply, the chart's scale
    undated: int            # criteria whose state was reported without a date: not placed in time


def _month_end(first: dt.date) -> dt.date:
    following = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def completion_timeline(rows: list[UnitStatus], start: dt.date, as_of: dt.date) -> Timeline:
    """Month by month from `start` to `as_of`: how many criteria were done, or under way, at each month's
    end, from the dated progress entries the units keep (a criterion's state on a day is its latest
    entry dated on or before it). Entries without a date cannot be placed and are counted apart."""
    dated: list[list[m.Progress]] = []
    undated = 0
    for row in rows:
        for state in row.criteria:
            entries = [p for p in row.unit.progress if p.criterion == state.criterion.id]
            if state.entry is not None and state.entry.date is None:
                undated += 1
            dated.append([p for p in entries if p.date is not None])
    points = []
    month = dt.date(start.year, start.month, 1)
    while month <= as_of:
        end = min(_month_end(month), as_of)
        latest = [_latest([p for p in entries if p.date <= end]) for entries in dated]
        points.append(MonthPoint(month, end, sum(1 for e in latest if e is not None and e.status == "hoan-thanh"),
                                 sum(1 for e in latest if e is not None and e.status == "dang-thuc-hien")))
        month = end + dt.timedelta(days=1)
    return Timeline(tuple(points), sum(len(r.criteria) for r in rows), undated)


def timeline_start(plan: m.Plan | None) -> dt.date | None:
    """The month progress is drawn from: the plan's first phase."""
    return min((p.start for p in plan.phases), default=None) if plan else None


def current_phase(plan: m.Plan, as_of: dt.date) -> m.Phase | None:
    """The phase containing as_of; before the first, the first; after the last, the last."""
    if not plan.phases:
        return None
    phases = sorted(plan.phases, key=lambda p: p.start)
    for phase in phases:
        if phase.start <= as_of <= phase.end:
            return phase
    return phases[0] if as_of < phases[0].start else phases[-1]


def phase_progress(plan: m.Plan | None, as_of: dt.date, completed: int, applicable: int) -> PhaseProgress | None:
    phase = current_phase(plan, as_of) if plan else None
    if phase is None:
        return None
    length = (phase.end - phase.start).days
    elapsed = min(max((as_of - phase.start).days, 0), length)
    elapsed_pct = round1(100.0 * elapsed / length) if length > 0 else 100.0
    done = percent(completed, applicable)
    on_track = None if done is None else done >= elapsed_pct - PHASE_TOLERANCE
    return PhaseProgress(phase, elapsed_pct, done, on_track)


def locality_report(ds: m.Dataset, locality: m.Locality) -> LocalityReport:
    plan = ds.plans.get(locality.plan)
    units = sort_vi(ds.units_of(locality.id), key=lambda u: u.name)
    rows = [unit_status(u, ds.plans.get(u.plan), locality, ds.as_of) for u in units]
    clusters = {c.id: c.name for c in locality.clusters}
    applicable = sum(r.completion.applicable for r in rows)
    completed = sum(r.completion.completed for r in rows)
    areas = [AreaRow(a, len(rows), sum(r.areas.get(a.id, (False, False))[0] for r in rows),
                     sum(r.areas.get(a.id, (False, False))[1] for r in rows))
             for a in (plan.content_areas if plan else ())]
    return LocalityReport(
        locality=locality, plan=plan, as_of=ds.as_of, units=rows,
        sub_plan=tally((r.sub_plan.status for r in rows), SUB_PLAN_KEYS),
        sub_plan_overdue=sum(r.sub_plan.overdue for r in rows),
        by_kind=_group(rows, lambda r: r.unit.kind, lambda k: m.UNIT_KINDS.get(k, (k,))[0], list(m.UNIT_KINDS)),
        by_cluster=_group(rows, lambda r: r.unit.cluster or "", lambda k: clusters.get(k, "Chưa xếp khối, cụm"),
                          [c.id for c in locality.clusters]),
        areas=areas,
        periods=[PeriodRow(p, tally((c.status for r in rows for c in r.reports if c.period.id == p.id), REPORT_KEYS),
                           period_closed(p, ds.as_of))
                 for p in locality.report_periods],
        indicators=indicator_rows(units, locality, ds.indicators, ds.as_of),
        phase=phase_progress(plan, ds.as_of, completed, applicable),
        applicable=applicable, completed=completed,
        timeline=completion_timeline(rows, start, ds.as_of) if (start := timeline_start(plan)) else None,
    )


# ---------------------------------------------------------------- overdue list and overview


@dataclass(frozen=True)
class OverdueItem:
    unit: m.Unit
    locality: m.Locality
    what: str                   # "ke-hoach" | "bao-cao"
    label: str                  # Vietnamese description of what is missing
    deadline: dt.date
    days: int                   # days past the deadline at as_of
    period: str | None = None


def overdue_items(reports: list[LocalityReport]) -> list[OverdueItem]:
    """Missing sub-plans past their deadline and reports not submitted past their due date.

    Most overdue first, then by unit name.
    """
    items = []
    for rep in reports:
        for row in rep.units:
            if row.sub_plan.overdue:
                items.append(OverdueItem(row.unit, rep.locality, "ke-hoach", "Kế hoạch triển khai của đơn vị",
                                         row.sub_plan.deadline, row.sub_plan.days_late))
            for check in row.reports:
                if check.status == OVERDUE:
                    items.append(OverdueItem(row.unit, rep.locality, "bao-cao", f"Báo cáo {check.period.label}",
                                             check.period.due, check.days_late, check.period.id))
    items = sort_vi(items, key=lambda i: i.unit.name)
    return sorted(items, key=lambda i: -i.days)   # stable: ties keep name order


@dataclass(frozen=True)
class Overview:
    as_of: dt.date
    localities: list[LocalityReport]   # sorted by name
    units: int
    sub_plan: Tally
    sub_plan_overdue: int
    applicable: int
    completed: int
    reports_overdue: int
    overdue: list[OverdueItem] = field(default_factory=list)

    @property
    def completion_pct(self) -> float | None:
        return percent(self.completed, self.applicable)


def overview(ds: m.Dataset) -> Overview:
    reports = [locality_report(ds, loc) for loc in sort_vi(ds.localities.values(), key=lambda l: l.name)]
    rows = [r for rep in reports for r in rep.units]
    items = overdue_items(reports)
    return Overview(
        as_of=ds.as_of, localities=reports, units=len(rows),
        sub_plan=tally((r.sub_plan.status for r in rows), SUB_PLAN_KEYS),
        sub_plan_overdue=sum(r.sub_plan.overdue for r in rows),
        applicable=sum(r.completion.applicable for r in rows),
        completed=sum(r.completion.completed for r in rows),
        reports_overdue=sum(1 for i in items if i.what == "bao-cao"),
        overdue=items,
    )


# ---------------------------------------------------------------- roll-up to the province


@dataclass(frozen=True)
class ProvincePeriod:
    """One report period across the communes of a province that have it (same id), like with like."""
    id: str
    label: str
    due_dates: tuple[dt.date, ...]
    rows: list[tuple[LocalityReport, Tally]]   # each commune's reports of that period
    reports: Tally                             # all of them

    @property
    def closed(self) -> bool:
        """Every commune's due date has passed: the period's figures are final."""
        return all(d < self.rows[0][0].as_of for d in self.due_dates) if self.rows else False


@dataclass(frozen=True)
class ProvinceReport:
    """The communes of one province side by side (communes report to the province)."""
    name: str
    slug: str
    localities: list[LocalityReport]
    sub_plan: Tally
    applicable: int
    completed: int
    overdue: int                 # overdue sub-plans and reports at the as-of date
    periods: list[ProvincePeriod]

    @property
    def units(self) -> int:
        return sum(len(rep.units) for rep in self.localities)

    @property
    def completion_pct(self) -> float | None:
        return percent(self.completed, self.applicable)


def province_reports(ov: Overview) -> list[ProvinceReport]:
    by_province: dict[str, list[LocalityReport]] = {}
    for rep in ov.localities:
        by_province.setdefault(rep.locality.province, []).append(rep)
    out = []
    for name in sort_vi(by_province):
        reps = by_province[name]
        rows = [r for rep in reps for r in rep.units]
        loc_ids = {rep.locality.id for rep in reps}
        periods = []
        seen: dict[str, list] = {}
        for rep in reps:
            for p in rep.periods:
                seen.setdefault(p.period.id, []).append((rep, p))
        for pid, found in sorted(seen.items(), key=lambda kv: (min(p.period.end for _, p in kv[1]), kv[0])):
            statuses = [ch.status for rep, p in found for r in rep.units for ch in r.reports if ch.period.id == pid]
            periods.append(ProvincePeriod(pid, found[0][1].period.label, tuple(p.period.due for _, p in found),
                                          [(rep, p.reports) for rep, p in found], tally(statuses, REPORT_KEYS)))
        out.append(ProvinceReport(
            name=name, slug=slugify(name), localities=reps,
            sub_plan=tally((r.sub_plan.status for r in rows), SUB_PLAN_KEYS),
            applicable=sum(r.completion.applicable for r in rows), completed=sum(r.completion.completed for r in rows),
            overdue=sum(1 for i in ov.overdue if i.locality.id in loc_ids),
            periods=periods))
    return out
