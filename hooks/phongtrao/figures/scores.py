"""The emulation's figures: each unit's score under its locality's assessment scheme, the rankings
within each cluster (khối, cụm thi đua) and kind of unit, and the follow-up of inspections.

A scheme (data/assessment/*.yml) gives each indicator a number of points and a way to earn them
from the unit's own data (model.MEASURES): points earned = points × achievement, the achievement
between 0 and 1. A measure that cannot be judged yet (no report period of the year has come due)
is left out of both the points earned and the points possible, and says so: an open period is
never scored as if it were closed.

Ranks: by total points, then by the share of criteria completed, then by the earlier sub-plan;
units equal on all three share a rank (đồng hạng) and are listed in Vietnamese order of names.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..reading import model as m
from ..text import collation_key
from . import compute

RESOLVED, OPEN, OVERDUE = "da-khac-phuc", "dang-khac-phuc", "qua-han"
FINDING_LABELS = {RESOLVED: "Đã khắc phục", OPEN: "Đang khắc phục (chưa đến hạn)", OVERDUE: "Quá hạn, chưa khắc phục"}
RECOGNISED = ("duoc-cong-nhan", "nhan-rong")
UNCLUSTERED = "chua-xep"


# ---------------------------------------------------------------- inspections


@dataclass(frozen=True)
class FindingStatus:
    inspection: m.Inspection
    finding: m.Finding
    status: str                  # RESOLVED | OPEN | OVERDUE
    days_overdue: int | None     # when OVERDUE

    @property
    def label(self) -> str:
        return FINDING_LABELS[self.status]


def finding_status(inspection: m.Inspection, finding: m.Finding, as_of: dt.date) -> FindingStatus:
    if finding.resolved is not None and finding.resolved <= as_of:
        return FindingStatus(inspection, finding, RESOLVED, None)
    if as_of > finding.due:
        return FindingStatus(inspection, finding, OVERDUE, (as_of - finding.due).days)
    return FindingStatus(inspection, finding, OPEN, None)


def findings_of(ds: m.Dataset, unit_id: str | None = None, locality: str | None = None) -> list[FindingStatus]:
    """Every finding (of one unit, or of one locality's inspections), oldest inspection first."""
    out = []
    for inspection in sorted(ds.inspections.values(), key=lambda i: (i.date, i.id)):
        if locality is not None and inspection.locality != locality:
            continue
        for finding in inspection.findings:
            if unit_id is None or finding.unit == unit_id:
                out.append(finding_status(inspection, finding, ds.as_of))
    return out


def recognised(ds: m.Dataset, unit_id: str, year: int) -> int:
    """Practices and exemplars of the unit recognised (or spread) in the year."""
    return sum(1 for p in ds.practices if p.unit == unit_id and p.status in RECOGNISED
               and p.date is not None and p.date.year == year)


def inspections_of(ds: m.Dataset, unit_id: str) -> list[m.Inspection]:
    return sorted((i for i in ds.inspections.values() if unit_id in i.units), key=lambda i: (i.date, i.id))


# ---------------------------------------------------------------- one unit's score


@dataclass(frozen=True)
class Component:
    pillar: m.Pillar
    indicator: m.ScoreIndicator
    achievement: float | None    # 0..1; None: not judged yet (left out of the total and of the maximum)
    detail: str                  # what was counted, in Vietnamese

    @property
    def points(self) -> float | None:
        return None if self.achievement is None else compute.round1(self.indicator.points * self.achievement)

    @property
    def achievement_pct(self) -> float | None:
        return None if self.achievement is None else compute.round1(100 * self.achievement)

    @property
    def missing(self) -> float:
        """Points this component could still earn."""
        return 0.0 if self.achievement is None else compute.round1(self.indicator.points - self.points)


@dataclass(frozen=True)
class UnitScore:
    unit: m.Unit
    scheme: m.AssessmentScheme
    components: tuple[Component, ...]
    completion_pct: float | None   # tie-break 1
    issued: dt.date | None         # tie-break 2 (the unit's own plan, earlier is better)

    @property
    def total(self) -> float:
        return compute.round1(sum(c.points for c in self.components if c.points is not None))

    @property
    def possible(self) -> float:
        return compute.round1(sum(c.indicator.points for c in self.components if c.achievement is not None))

    @property
    def pct(self) -> float | None:
        return compute.percent(self.total, self.possible)

    @property
    def pillars(self) -> list[tuple[m.Pillar, float, float]]:
        """(pillar, points earned, points possible) in the scheme's order."""
        out = []
        for pillar in self.scheme.pillars:
            parts = [c for c in self.components if c.pillar.id == pillar.id and c.achievement is not None]
            out.append((pillar, compute.round1(sum(c.points for c in parts)),
                        compute.round1(sum(c.indicator.points for c in parts))))
        return out

    @property
    def best_gain(self) -> Component | None:
        """The component with the most points still to earn (what to work on first)."""
        open_ = [c for c in self.components if c.missing > 0]
        return max(open_, key=lambda c: (c.missing, -self.components.index(c))) if open_ else None


def _year_periods(locality: m.Locality, year: int) -> list[m.ReportPeriod]:
    return [p for p in locality.report_periods if p.end.year == year]


def _component(ind: m.ScoreIndicator, pillar: m.Pillar, unit: m.Unit, status: compute.UnitStatus,
               scheme: m.AssessmentScheme, ds: m.Dataset, findings: list[FindingStatus]) -> Component:
    year, as_of = scheme.year, ds.as_of
    if ind.measure == "tieu-chi-hoan-thanh":
        c = status.completion
        return Component(pillar, ind, c.completed / c.applicable if c.applicable else 0.0,
                         f"{c.completed}/{c.applicable} tiêu chí đã hoàn thành")
    if ind.measure == "ke-hoach-dung-han":
        value = {compute.ON_TIME: 1.0, compute.LATE: 0.5}.get(status.sub_plan.status, 0.0)
        return Component(pillar, ind, value, compute.SUB_PLAN_LABELS.get(status.sub_plan.status, status.sub_plan.status))
    if ind.measure == "bao-cao-dung-han":
        locality = ds.localities[unit.locality]
        due = {p.id for p in _year_periods(locality, year) if p.due <= as_of}
        checks = [ch for ch in status.reports if ch.period.id in due]
        if not checks:
            since = f" từ khi đơn vị tham gia ({unit.joined:%d/%m/%Y})" if unit.joined else ""
            return Component(pillar, ind, None, f"chưa tính: chưa có kỳ báo cáo nào của năm {year} đến hạn{since}")
        on_time = sum(ch.status == compute.ON_TIME for ch in checks)
        return Component(pillar, ind, on_time / len(checks), f"{on_time}/{len(checks)} kỳ đã đến hạn nộp đúng hạn")
    if ind.measure == "chi-so-dat-muc-tieu":
        locality = ds.localities[unit.locality]
        order = {p.id: p for p in _year_periods(locality, year)}
        reported = [(order[v.period], v.values[ind.indicator]) for v in unit.indicators
                    if v.period in order and v.values.get(ind.indicator) is not None]
        name = ds.indicators[ind.indicator].name if ind.indicator in ds.indicators else ind.indicator
        if not reported:
            return Component(pillar, ind, 0.0, f"chưa báo cáo “{name}” trong năm {year}")
        period, value = max(reported, key=lambda pv: (pv[0].end, pv[0].start))
        return Component(pillar, ind, min(value / ind.target, 1.0),
                         f"{compute.format_number(value)}/{compute.format_number(ind.target)} ({period.label})")
    if ind.measure == "mo-hinh-duoc-cong-nhan":
        count = recognised(ds, unit.id, year)
        return Component(pillar, ind, min(count / ind.target, 1.0),
                         f"{count}/{compute.format_number(ind.target)} mô hình, điển hình được công nhận")
    if ind.measure == "khac-phuc-kien-nghi":
        found = [f for f in findings if f.inspection.date.year == year]
        if not found:
            return Component(pillar, ind, 1.0, f"không có kiến nghị nào của đoàn kiểm tra năm {year}")
        done = sum(f.status == RESOLVED for f in found)
        return Component(pillar, ind, done / len(found), f"{done}/{len(found)} kiến nghị đã khắc phục")
    raise ValueError(ind.measure)  # pragma: no cover - the schema lists every measure


def unit_score(status: compute.UnitStatus, scheme: m.AssessmentScheme, ds: m.Dataset,
               findings: list[FindingStatus] | None = None) -> UnitScore:
    """The unit's score; `findings` are its inspection findings (all of them when not given)."""
    unit = status.unit
    findings = findings_of(ds, unit.id) if findings is None else findings
    components = tuple(_component(ind, pillar, unit, status, scheme, ds, findings)
                       for pillar in scheme.pillars for ind in pillar.indicators)
    return UnitScore(unit, scheme, components, status.completion.pct, status.sub_plan.issued)


def scheme_for(unit: m.Unit, ds: m.Dataset, year: int | None = None) -> m.AssessmentScheme | None:
    """The scheme that scores the unit (the latest year, unless one is asked for)."""
    found = [s for s in ds.schemes.values() if s.applies_to(unit) and (year is None or s.year == year)]
    return max(found, key=lambda s: (s.year, s.id)) if found else None


# ---------------------------------------------------------------- rankings


@dataclass(frozen=True)
class RankEntry:
    score: UnitScore
    rank: int
    tied: bool                       # shares its rank with another unit
    above: UnitScore | None          # the nearest unit ranked better
    gap: float | None                # points behind it


@dataclass(frozen=True)
class Ranking:
    scheme: m.AssessmentScheme
    locality: m.Locality
    by: str                          # "cum" (cluster) | "loai" (kind of unit)
    key: str
    label: str
    entries: tuple[RankEntry, ...]


def _order_key(s: UnitScore) -> tuple:
    return (-s.total, -(s.completion_pct if s.completion_pct is not None else -1.0),
            (s.issued or dt.date.max).toordinal())


def rank(scores: list[UnitScore]) -> tuple[RankEntry, ...]:
    ordered = sorted(scores, key=lambda s: (_order_key(s), collation_key(s.unit.name)))
    entries: list[RankEntry] = []
    for i, s in enumerate(ordered):
        same = [e for e in entries if _order_key(e.score) == _order_key(s)]
        position = same[0].rank if same else i + 1
        better = [e for e in entries if e.rank < position]
        above = better[-1].score if better else None
        entries.append(RankEntry(s, position, False, above, compute.round1(above.total - s.total) if above else None))
    counts: dict[int, int] = {}
    for e in entries:
        counts[e.rank] = counts.get(e.rank, 0) + 1
    return tuple(RankEntry(e.score, e.rank, counts[e.rank] > 1, e.above, e.gap) for e in entries)


# ---------------------------------------------------------------- award consideration


@dataclass(frozen=True)
class Candidate:
    """A unit considered in an award round: proposed or not (and why), the evidence, the decision once taken."""
    round: m.AwardRound
    ranking: Ranking
    entry: RankEntry
    proposed: bool
    reason: str                       # why (not) proposed, in Vietnamese
    overdue_findings: int
    recognised: int                   # practices and exemplars recognised in the scheme's year
    decisions: tuple[m.AwardDecision, ...]

    @property
    def unit(self) -> m.Unit:
        return self.entry.score.unit


def candidates(round_: m.AwardRound, rankings: list[Ranking], ds: m.Dataset,
               by_unit: dict[str, list[FindingStatus]] | None = None) -> list[Candidate]:
    """Per cluster, the units ranked within `per_cluster` (ties included): proposed when they reach
    `min_pct` of the points counted and have no overdue finding; every unit with a decision is listed too.
    `by_unit`: the findings per unit, when already grouped (emulation())."""
    out = []
    for ranking in rankings:
        if ranking.scheme.id != round_.scheme or ranking.locality.id != round_.locality or ranking.by != "cum":
            continue
        for entry in ranking.entries:
            unit = entry.score.unit
            decisions = tuple(d for d in round_.decisions if d.unit == unit.id)
            if entry.rank > round_.per_cluster and not decisions:
                continue
            found = by_unit.get(unit.id, []) if by_unit is not None else findings_of(ds, unit.id)
            overdue = sum(1 for f in found if f.status == OVERDUE)
            pct = entry.score.pct or 0.0
            if entry.rank > round_.per_cluster:
                proposed, reason = False, f"ngoài {round_.per_cluster} hạng đầu của khối, cụm"
            elif pct < round_.min_pct:
                proposed, reason = False, f"chưa đạt {compute.format_pct(round_.min_pct)} số điểm"
            elif overdue:
                proposed, reason = False, f"còn {overdue} kiến nghị quá hạn chưa khắc phục"
            else:
                proposed, reason = True, f"hạng {entry.rank} khối, cụm, đạt {compute.format_pct(pct)} số điểm"
            out.append(Candidate(round_, ranking, entry, proposed, reason, overdue,
                                 recognised(ds, unit.id, ranking.scheme.year), decisions))
    return out


@dataclass(frozen=True)
class Emulation:
    """Every score and ranking of the dataset (computed once per build)."""
    scores: dict[str, UnitScore] = field(default_factory=dict)        # unit id → its score
    rankings: list[Ranking] = field(default_factory=list)
    findings: list[FindingStatus] = field(default_factory=list)
    candidates: dict[str, list[Candidate]] = field(default_factory=dict)   # award round id → candidates
    # lookups a page asks once per unit (a province has 5,000 unit pages): built once
    places: dict[str, list[tuple[Ranking, RankEntry]]] = field(default_factory=dict)
    by_unit: dict[str, list[FindingStatus]] = field(default_factory=dict)

    def rankings_of(self, locality: str) -> list[Ranking]:
        return [r for r in self.rankings if r.locality.id == locality]

    def places_of(self, unit_id: str) -> list[tuple[Ranking, RankEntry]]:
        return self.places.get(unit_id, [])

    def findings_of(self, unit_id: str) -> list[FindingStatus]:
        return self.by_unit.get(unit_id, [])

    @property
    def open_findings(self) -> list[FindingStatus]:
        return [f for f in self.findings if f.status != RESOLVED]


def emulation(ds: m.Dataset, ov: compute.Overview) -> Emulation:
    scores: dict[str, UnitScore] = {}
    rankings: list[Ranking] = []
    findings = findings_of(ds)
    by_unit: dict[str, list[FindingStatus]] = {}
    for f in findings:
        by_unit.setdefault(f.finding.unit, []).append(f)
    for rep in ov.localities:
        by_scheme: dict[str, list[UnitScore]] = {}
        for row in rep.units:
            scheme = scheme_for(row.unit, ds)
            if scheme is not None:
                scores[row.unit.id] = s = unit_score(row, scheme, ds, by_unit.get(row.unit.id, []))
                by_scheme.setdefault(scheme.id, []).append(s)
        clusters = {c.id: c.name for c in rep.locality.clusters}
        for scheme_id, group in sorted(by_scheme.items()):
            scheme = ds.schemes[scheme_id]
            for by, key_of, label_of in (
                ("cum", lambda s: s.unit.cluster or UNCLUSTERED,
                 lambda k: clusters.get(k, "Chưa xếp khối, cụm")),
                ("loai", lambda s: s.unit.kind, lambda k: m.UNIT_KINDS.get(k, (k,))[0]),
            ):
                keys = sorted({key_of(s) for s in group}, key=lambda k: collation_key(label_of(k)))
                for key in keys:
                    rankings.append(Ranking(scheme, rep.locality, by, key, label_of(key),
                                            rank([s for s in group if key_of(s) == key])))
    rounds = {r.id: candidates(r, rankings, ds, by_unit) for r in sorted(ds.award_rounds.values(), key=lambda r: r.id)}
    places: dict[str, list[tuple[Ranking, RankEntry]]] = {}
    for r in rankings:
        for e in r.entries:
            places.setdefault(e.score.unit.id, []).append((r, e))
    return Emulation(scores, rankings, findings, rounds, places, by_unit)
