"""Domain model: plans (from the plan texts) and units (from their YAML files).

Plain dataclasses, built by `phongtrao.load` from validated YAML. IDs are stable:
they are part of URLs and anchors that the press links to, so never rename one
(add a redirect instead).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

# ---------------------------------------------------------------- plans


@dataclass(frozen=True)
class ContentArea:
    """One of the seven "Nội dung" of a plan (II. NỘI DUNG PHONG TRÀO THI ĐUA)."""
    id: str            # e.g. "nd3"
    number: int        # 1..7
    title: str         # short Vietnamese title for tables
    text: str          # the full sentence(s) of the plan
    anchor: str        # anchor on the plan page, e.g. "noi-dung-3"
    pillar: str | None = None  # chinh-quyen-so | kinh-te-so | xa-hoi-so | None


@dataclass(frozen=True)
class Criterion:
    """One dash item of "TIÊU CHÍ THI ĐUA" for one target group."""
    id: str            # e.g. "cq-2" — stable
    target_group: str  # TargetGroup.id
    number: int
    text: str
    anchor: str
    content_areas: tuple[str, ...] = ()


@dataclass(frozen=True)
class TargetGroup:
    """cơ quan/đơn vị; MTTQ và tổ chức chính trị – xã hội; doanh nghiệp; cá nhân."""
    id: str            # co-quan-don-vi | mttq-doan-the | doanh-nghiep | ca-nhan
    title: str
    anchor: str
    criteria: tuple[Criterion, ...] = ()


@dataclass(frozen=True)
class Phase:
    id: str            # giai-doan-1
    title: str
    start: dt.date
    end: dt.date
    text: str
    anchor: str


@dataclass(frozen=True)
class Milestone:
    """A dated obligation: sub-plan issue, sơ kết, tổng kết."""
    id: str            # ban-hanh-ke-hoach | so-ket | tong-ket
    title: str
    kind: str          # sub_plan | review | final_review
    deadline: dt.date
    phase: str | None
    text: str
    anchor: str


@dataclass(frozen=True)
class AwardForm:
    id: str            # <stage>-<form>, e.g. so-ket-bang-khen-chu-tich-ubnd-tinh
    title: str
    stage: str         # hang-nam | so-ket | tong-ket
    anchor: str
    form: str = ""     # the stage-free form unit award records use, e.g. bang-khen-chu-tich-ubnd-tinh


@dataclass(frozen=True)
class Responsibility:
    id: str
    party: str         # who ("Phòng Văn hóa – Xã hội")
    text: str
    anchor: str


@dataclass(frozen=True)
class DocumentRef:
    """A document the plan is based on or that it implements (Căn cứ / Thực hiện)."""
    number: str
    date: dt.date | None
    issuer: str
    title: str
    plan_id: str | None = None  # when the referenced plan is itself on this site


@dataclass(frozen=True)
class Plan:
    id: str                      # e.g. "ia-bang-2025"
    title: str                   # KẾ HOẠCH … (the title line)
    short_title: str
    level: str                   # quoc-gia | tinh | xa
    issuer: str
    number: str                  # "…/KH-UBND" as printed (may lack the number)
    place: str
    issued: str                  # as printed: "ngày … tháng 9 năm 2025"
    issued_month: dt.date | None  # first of the month, for ordering
    signer_name: str | None
    signer_title: str | None
    parent: str | None           # Plan.id of the plan it implements
    based_on: tuple[DocumentRef, ...]
    recipients: tuple[str, ...]
    page: str | None             # docs-relative path of the full text, None for parents not published
    content_areas: tuple[ContentArea, ...] = ()
    target_groups: tuple[TargetGroup, ...] = ()
    phases: tuple[Phase, ...] = ()
    milestones: tuple[Milestone, ...] = ()
    award_forms: tuple[AwardForm, ...] = ()
    responsibilities: tuple[Responsibility, ...] = ()
    reporting: str = ""          # how often units report, as the plan says it
    source: Path | None = None

    def criterion(self, criterion_id: str) -> Criterion | None:
        for group in self.target_groups:
            for crit in group.criteria:
                if crit.id == criterion_id:
                    return crit
        return None

    def criteria_for(self, target_group: str) -> tuple[Criterion, ...]:
        for group in self.target_groups:
            if group.id == target_group:
                return group.criteria
        return ()

    def milestone(self, kind: str) -> Milestone | None:
        return next((m for m in self.milestones if m.kind == kind), None)


# ---------------------------------------------------------------- localities


@dataclass(frozen=True)
class ReportPeriod:
    id: str             # "2025", "2026-6t" …
    label: str          # "Năm 2025"
    start: dt.date
    end: dt.date
    due: dt.date        # reports submitted after this day are late


@dataclass(frozen=True)
class Cluster:
    id: str
    name: str


@dataclass(frozen=True)
class Locality:
    """A commune (xã) or ward (phường) running the movement."""
    id: str             # "ia-bang"
    name: str           # "Xã Ia Băng"
    kind: str           # xa | phuong
    province: str       # "Gia Lai"
    plan: str           # Plan.id
    office: str         # the office that compiles reports (Phòng Văn hóa – Xã hội)
    clusters: tuple[Cluster, ...]
    report_periods: tuple[ReportPeriod, ...]
    source: Path | None = None


@dataclass(frozen=True)
class Indicator:
    id: str
    name: str
    unit: str           # "người", "%"
    aggregate: str      # sum | mean
    description: str
    content_area: str | None = None


# ---------------------------------------------------------------- units


@dataclass(frozen=True)
class SubPlan:
    number: str | None
    issued: dt.date | None
    link: str | None
    title: str | None = None


@dataclass(frozen=True)
class Progress:
    criterion: str | None     # Criterion.id
    content_area: str | None  # ContentArea.id
    status: str               # chua-bat-dau | dang-thuc-hien | hoan-thanh
    percent: float | None
    date: dt.date | None
    evidence: tuple[str, ...]
    note: str | None


@dataclass(frozen=True)
class Report:
    period: str               # ReportPeriod.id
    submitted: dt.date | None
    summary: str | None
    link: str | None


@dataclass(frozen=True)
class IndicatorValues:
    period: str
    values: dict[str, float]


@dataclass(frozen=True)
class Award:
    form: str                 # AwardForm.id or free text
    decision: str | None
    date: dt.date | None
    issuer: str | None
    recipient: str | None     # a person in the unit, or None for the unit itself
    note: str | None


@dataclass(frozen=True)
class Contact:
    office: str | None
    phone: str | None
    email: str | None
    address: str | None


@dataclass(frozen=True)
class Unit:
    id: str
    name: str
    kind: str                 # UNIT_KINDS key
    target_group: str         # TargetGroup.id the criteria come from
    locality: str             # Locality.id
    cluster: str | None       # Cluster.id
    plan: str                 # Plan.id
    maintainers: tuple[str, ...]
    contact: Contact
    sub_plan: SubPlan | None
    progress: tuple[Progress, ...]
    reports: tuple[Report, ...]
    indicators: tuple[IndicatorValues, ...]
    awards: tuple[Award, ...]
    updated: dt.date | None
    illustrative: bool
    source: Path
    joined: dt.date | None = None   # joined after the launch: deadlines before it do not bind the unit


# Kinds of unit and the target group whose criteria apply by default.
UNIT_KINDS: dict[str, tuple[str, str]] = {
    "phong-ban": ("Phòng, ban chuyên môn", "co-quan-don-vi"),
    "don-vi-su-nghiep": ("Đơn vị sự nghiệp", "co-quan-don-vi"),
    "mttq-doan-the": ("Mặt trận Tổ quốc và đoàn thể", "mttq-doan-the"),
    "thon-to-dan-pho": ("Thôn, buôn, tổ dân phố", "mttq-doan-the"),
    "truong-hoc": ("Trường học", "co-quan-don-vi"),
    "tram-y-te": ("Trạm y tế", "co-quan-don-vi"),
    "doanh-nghiep": ("Doanh nghiệp", "doanh-nghiep"),
}

STATUSES: dict[str, str] = {
    "chua-bat-dau": "Chưa bắt đầu",
    "dang-thuc-hien": "Đang thực hiện",
    "hoan-thanh": "Hoàn thành",
}


# ---------------------------------------------------------------- the emulation: assessment and inspections


@dataclass(frozen=True)
class ScoreIndicator:
    """One line of an assessment scheme: how many points, and how the unit's data earns them."""
    id: str
    title: str
    measure: str              # MEASURES key
    points: float
    indicator: str | None = None   # Indicator.id, for chi-so-dat-muc-tieu
    target: float | None = None


@dataclass(frozen=True)
class Pillar:
    id: str
    title: str
    indicators: tuple[ScoreIndicator, ...]


@dataclass(frozen=True)
class AssessmentScheme:
    id: str
    title: str
    year: int
    localities: tuple[str, ...]
    kinds: tuple[str, ...]
    pillars: tuple[Pillar, ...]
    issuer: str | None = None
    decision: str | None = None
    illustrative: bool = False
    source: Path | None = None

    def applies_to(self, unit: "Unit") -> bool:
        return unit.locality in self.localities and unit.kind in self.kinds

    @property
    def max_points(self) -> float:
        return sum(i.points for p in self.pillars for i in p.indicators)


# Ways a scheme's indicator is scored from a unit's data (schemas/assessment.schema.json lists the same).
MEASURES: dict[str, str] = {
    "tieu-chi-hoan-thanh": "tỷ lệ tiêu chí thi đua áp dụng cho đơn vị đã hoàn thành",
    "ke-hoach-dung-han": "kế hoạch của đơn vị ban hành đúng hạn: đủ điểm; trễ hạn: nửa số điểm; chưa ban hành: 0",
    "bao-cao-dung-han": "tỷ lệ báo cáo định kỳ nộp đúng hạn, trong các kỳ của năm đã đến hạn",
    "chi-so-dat-muc-tieu": "giá trị chỉ số của kỳ gần nhất trong năm mà đơn vị báo cáo, so với mục tiêu (tối đa đủ điểm)",
    "mo-hinh-duoc-cong-nhan": "số mô hình hay, điển hình của đơn vị được công nhận hoặc nhân rộng trong năm, so với mục tiêu",
    "khac-phuc-kien-nghi": "tỷ lệ kiến nghị của đoàn kiểm tra trong năm đã khắc phục; không có kiến nghị: đủ điểm",
}


@dataclass(frozen=True)
class Finding:
    unit: str
    finding: str
    recommendation: str
    due: dt.date
    resolved: dt.date | None = None


@dataclass(frozen=True)
class Inspection:
    """A visit of the emulation council's team (kiểm tra, giám sát)."""
    id: str
    locality: str
    date: dt.date
    title: str
    team: tuple[str, ...]
    units: tuple[str, ...]
    findings: tuple[Finding, ...] = ()
    decision: str | None = None
    illustrative: bool = False
    source: Path | None = None


@dataclass(frozen=True)
class AwardDecision:
    unit: str
    form: str
    decision: str
    date: dt.date
    issuer: str | None = None


@dataclass(frozen=True)
class AwardRound:
    """A round of award consideration (hằng năm, sơ kết, tổng kết): a shortlist from the scores, then decisions."""
    id: str
    title: str
    stage: str                  # hang-nam | so-ket | tong-ket
    locality: str
    scheme: str                 # AssessmentScheme.id
    per_cluster: int
    forms: tuple[str, ...]
    min_pct: float = 0.0
    decisions: tuple[AwardDecision, ...] = ()
    source: Path | None = None


STAGES = {"hang-nam": "Khen thưởng hằng năm", "so-ket": "Sơ kết giai đoạn 1 (2027)", "tong-ket": "Tổng kết Phong trào (2030)"}


@dataclass
class Dataset:
    """Everything the site is built from, after validation."""
    plans: dict[str, Plan] = field(default_factory=dict)
    localities: dict[str, Locality] = field(default_factory=dict)
    indicators: dict[str, Indicator] = field(default_factory=dict)
    units: dict[str, Unit] = field(default_factory=dict)
    as_of: dt.date | None = None       # the date figures are computed at
    illustrative: bool = True          # sample data: the site says so on every page
    award_forms: dict[str, str] = field(default_factory=dict)   # data/award-forms.yml: id → title
    practices: list = field(default_factory=list)   # practices and exemplars (reading/practices.py), read from docs/
    schemes: dict[str, AssessmentScheme] = field(default_factory=dict)   # data/assessment/
    inspections: dict[str, Inspection] = field(default_factory=dict)     # data/inspections/<locality>/
    award_rounds: dict[str, AwardRound] = field(default_factory=dict)    # data/award-rounds/

    def units_of(self, locality: str) -> list[Unit]:
        return [u for u in self.units.values() if u.locality == locality]
