"""Good practices (mô hình hay) and exemplars (điển hình tiên tiến): their front matter, read as data.

Each page in docs/mo-hinh-hay/ or docs/dien-hinh/ carries its facts in front
matter (unit, content areas, pillar, figures, award …). They are read in the
resolve phase with the unit data, checked against schemas/practice.schema.json
(problems reported like the data checker's; the page is built without the faulty
fields) and cross-checked against the data (unknown unit, content areas the plan
lacks, folded and unique slugs). pages/practices.py renders them.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from . import frontmatter
from .problems import Problem
from .validate import schema
from ..text import nfc, slugify
from ..urls import page_url

SECTIONS = {"mo-hinh-hay": "Mô hình hay", "dien-hinh": "Điển hình tiên tiến"}
PILLARS = {"chinh-quyen-so": "Chính quyền số", "kinh-te-so": "Kinh tế số", "xa-hoi-so": "Xã hội số"}
STATUSES = {"dang-ky": "Đăng ký", "duoc-cong-nhan": "Được công nhận", "nhan-rong": "Đang nhân rộng"}
EXEMPLAR_KINDS = {"tap-the": "Tập thể", "ca-nhan": "Cá nhân"}
# Award forms named in the plans; a plan's own list (award_forms) takes precedence.
CONTENT_AREA_IDS = [f"nd{i}" for i in range(1, 8)]


@dataclass(frozen=True)
class Figure:
    name: str
    before: float
    after: float
    unit: str | None


@dataclass(frozen=True)
class Evidence:
    title: str
    url: str


@dataclass(frozen=True)
class PracticeAward:
    form: str
    decision: str | None
    date: dt.date | None
    issuer: str | None


@dataclass
class Practice:
    section: str                 # mo-hinh-hay | dien-hinh
    src_uri: str                 # docs-relative source path
    title: str
    slug: str | None
    unit: str | None             # Unit.id (None when unknown)
    content_areas: tuple[str, ...]
    pillar: str | None
    status: str | None
    date: dt.date | None
    description: str | None = None
    kind: str | None = None      # exemplars: tap-the | ca-nhan
    person: str | None = None    # individual exemplars
    figures: tuple[Figure, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    award: PracticeAward | None = None
    illustrative: bool = False
    url: str = ""                # site-relative URL, e.g. "mo-hinh-hay/<slug>/"
    problems: list[Problem] = field(default_factory=list)


def _num(value):
    return int(value) if isinstance(value, float) and value.is_integer() else value


def parse(text: str, file: Path, section: str, src_uri: str) -> Practice:
    """A practice from its page source; problems recorded on it, bad fields left out."""
    doc, _body = frontmatter.read(text, file)
    problems = list(doc.problems)
    data, schema_problems = frontmatter.validate(doc, schema("practice")) if doc.data is not None or not problems else ({}, [])
    problems += schema_problems
    award = data.get("award")
    practice = Practice(
        section=section, src_uri=src_uri,
        title=nfc(data.get("title") or Path(src_uri).stem),
        slug=data.get("slug"), unit=data.get("unit"),
        content_areas=tuple(data.get("content_areas") or ()),
        pillar=data.get("pillar"), status=data.get("status"), date=data.get("date"),
        description=data.get("description"), kind=data.get("kind"), person=data.get("person"),
        figures=tuple(Figure(f["name"], _num(f["before"]), _num(f["after"]), f.get("unit")) for f in data.get("figures") or ()),
        evidence=tuple(Evidence(e["title"], e["url"]) for e in data.get("evidence") or ()),
        award=PracticeAward(award["form"], award.get("decision"), award.get("date"), award.get("issuer")) if award else None,
        illustrative=bool(data.get("illustrative", False)),
    )
    practice.problems = problems
    practice._doc = doc  # for cross-check line numbers
    return practice


def cross_check(practices: list[Practice], dataset) -> None:
    """Problems that need the data: unknown unit, content areas the plan lacks, folded and unique slugs."""
    seen: dict[tuple[str, str], Practice] = {}
    for p in practices:
        doc = p._doc
        if p.slug is not None:
            if p.slug != slugify(p.slug):
                p.problems.append(doc.problem(("slug",), f"Slug “{p.slug}” chưa ở dạng không dấu; hãy ghi “{slugify(p.slug)}”."))
                p.slug = None
            elif (p.section, p.slug) in seen:
                other = seen[(p.section, p.slug)]
                p.problems.append(doc.problem(("slug",),
                    f"Slug “{p.slug}” đã dùng cho trang {other.src_uri}. Mỗi trang cần một slug riêng, ví dụ “{p.slug}-2”."))
                p.slug = None
            else:
                seen[(p.section, p.slug)] = p
        if p.unit is not None and p.unit not in dataset.units:
            p.problems.append(doc.problem(("unit",),
                f"Không tìm thấy đơn vị “{p.unit}” trong data/units. Hãy ghi đúng trường `id` của tệp đơn vị."))
            p.unit = None
        elif p.unit is not None and p.slug:
            # a page whose address names a commune must be that commune's: a unit of another one is a slip
            # (or a unit claiming a neighbour's practice)
            home = dataset.units[p.unit].locality
            named = [loc for loc in dataset.localities.values() if f"-{loc.id}-" in f"-{p.slug}-"]
            if named and home not in {loc.id for loc in named}:
                p.problems.append(doc.problem(("unit",),
                    f"Địa chỉ trang (slug “{p.slug}”) nói về {named[0].name}, nhưng đơn vị “{p.unit}” thuộc "
                    f"{dataset.localities[home].name if home in dataset.localities else home}. Hãy ghi mã của "
                    "đơn vị ở đúng địa bàn đó, hoặc sửa slug cho đúng địa bàn của đơn vị."))
        if p.section == "dien-hinh" and p.kind is None:
            p.problems.append(doc.problem(("kind",) if "kind" in (doc.data or {}) else (),
                "Điển hình cần trường `kind`: tap-the (tập thể) hoặc ca-nhan (cá nhân)."))
        if p.kind == "ca-nhan" and not p.person:
            p.problems.append(doc.problem(("kind",), "Điển hình cá nhân cần trường `person` (họ tên người được tôn vinh)."))
        plan = plan_of(dataset, p.unit)
        if plan is not None and plan.content_areas:
            known = {a.id for a in plan.content_areas}
            for i, area in enumerate(p.content_areas):
                if area not in known:
                    p.problems.append(doc.problem(("content_areas", i), f"Kế hoạch {plan.id} không có nội dung “{area}”."))
            p.content_areas = tuple(a for a in p.content_areas if a in known)


def plan_of(dataset, unit_id: str | None):
    unit = dataset.units.get(unit_id) if unit_id else None
    if unit is None:
        return None
    plan = dataset.plans.get(unit.plan)
    if plan is None and unit.locality in dataset.localities:
        plan = dataset.plans.get(dataset.localities[unit.locality].plan)
    return plan



def sources(docs_dir: Path) -> list[tuple[str, str, Path]]:
    """(section, docs-relative path, file) of every practice and exemplar page (not the sections' index)."""
    out = []
    for section in SECTIONS:
        folder = Path(docs_dir) / section
        if folder.is_dir():
            out += [(section, f"{section}/{p.name}", p) for p in sorted(folder.glob("*.md")) if p.name != "index.md"]
    return out


def load(docs_dir: Path, dataset, preview: set[str] | None = None) -> tuple[list[Practice], dict[str, Practice]]:
    """Every practice, checked and given its URL; and (by page) those of other communes a preview leaves out."""
    found = [parse(path.read_text(encoding="utf-8-sig"), path, section, src_uri)
             for section, src_uri, path in sources(docs_dir)]
    left_out: dict[str, Practice] = {}
    if preview:
        # a one-commune preview (or a province's site) leaves out the other communes' practices
        # rather than warn about their units
        prefixes = tuple(f"{loc}-" for loc in preview)
        left_out = {p.src_uri: p for p in found if p.unit and not p.unit.startswith(prefixes)}
        found = [p for p in found if p.src_uri not in left_out]
    cross_check(found, dataset)
    for practice in [*found, *left_out.values()]:
        practice.url = f"{practice.section}/{practice.slug}/" if practice.slug else page_url(practice.src_uri)
    found.sort(key=lambda p: (p.section, p.date or dt.date.min, p.slug or ""))
    return found, left_out
