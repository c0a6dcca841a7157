"""Resolve phase: read every data file, validate it, and build the domain model.

One bad file never stops the others: its problems are collected and the file is
left out, so every other unit's data still reaches the site and the checker
reports all the mistakes at once.
"""
from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import gc
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from . import model as m
from .paths import data_files, symlink_problem
from .problems import DataError, Problem
from ..text import slugify
from .datacache import DataCache
from .validate import award_forms, check_document, cross_check
from .yamlio import YamlDocument, load_bytes, read_bytes


@dataclass
class LoadResult:
    dataset: m.Dataset
    problems: list[Problem] = field(default_factory=list)
    documents: dict[Path, YamlDocument] = field(default_factory=dict)


def _date(value) -> dt.date | None:
    return value if isinstance(value, dt.date) else None


def _tuple(values) -> tuple:
    return tuple(values or ())


# ---------------------------------------------------------------- builders


def build_plan(d: dict, source: Path) -> m.Plan:
    areas = tuple(
        m.ContentArea(id=a["id"], number=a["number"], title=a["title"], text=a.get("text", ""),
                      anchor=f"noi-dung-{a['number']}", pillar=a.get("pillar"))
        for a in d.get("content_areas", ())
    )
    groups = []
    for g in d.get("target_groups", ()):
        criteria = tuple(
            m.Criterion(id=c["id"], target_group=g["id"], number=i, text=c.get("text", ""),
                        anchor=f"tieu-chi-{c['id']}", content_areas=_tuple(c.get("content_areas")))
            for i, c in enumerate(g.get("criteria", ()), start=1)
        )
        groups.append(m.TargetGroup(id=g["id"], title=g["title"], anchor=f"doi-tuong-{g['id']}", criteria=criteria))
    phases = tuple(
        m.Phase(id=p["id"], title=p["title"], start=p["start"], end=p["end"], text=p.get("text", ""), anchor=p["id"])
        for p in d.get("phases", ())
    )
    milestones = tuple(
        m.Milestone(id=x["id"], title=x["title"], kind=x["kind"], deadline=x["deadline"], phase=x.get("phase"),
                    text=x.get("text", ""), anchor=f"moc-{x['id']}")
        for x in d.get("milestones", ())
    )
    awards = tuple(
        m.AwardForm(id=a["id"], title=a["title"], stage=a["stage"], anchor=f"khen-thuong-{a['id']}",
                    form=a.get("form", a["id"]))
        for a in d.get("award_forms", ())
    )
    duties = tuple(
        m.Responsibility(id=r["id"], party=r["party"], text=r.get("text", ""), anchor=f"trach-nhiem-{r['id']}")
        for r in d.get("responsibilities", ())
    )
    refs = tuple(
        m.DocumentRef(number=r.get("number", ""), date=_date(r.get("date")), issuer=r.get("issuer", ""),
                      title=r.get("title", ""), plan_id=r.get("plan"))
        for r in d.get("based_on", ())
    )
    signer = d.get("signer") or {}
    return m.Plan(
        id=d["id"], title=d["title"], short_title=d.get("short_title", d["title"]), level=d["level"],
        issuer=d["issuer"], number=d.get("number", ""), place=d.get("place", ""), issued=d.get("issued", ""),
        issued_month=_date(d.get("issued_month")), signer_name=signer.get("name"), signer_title=signer.get("title"),
        parent=d.get("parent"), based_on=refs, recipients=_tuple(d.get("recipients")), page=d.get("page"),
        content_areas=areas, target_groups=tuple(groups), phases=phases, milestones=milestones,
        award_forms=awards, responsibilities=duties, reporting=d.get("reporting", ""), source=source,
    )


def build_locality(d: dict, source: Path) -> m.Locality:
    return m.Locality(
        id=d["id"], name=d["name"], kind=d["kind"], province=d["province"], plan=d["plan"], office=d["office"],
        clusters=tuple(m.Cluster(id=c["id"], name=c["name"]) for c in d.get("clusters", ())),
        report_periods=tuple(
            m.ReportPeriod(id=str(p["id"]), label=p["label"], start=p["start"], end=p["end"], due=p["due"])
            for p in d.get("report_periods", ())
        ),
        source=source,
    )


def build_indicator(d: dict) -> m.Indicator:
    return m.Indicator(id=d["id"], name=d["name"], unit=d["unit"], aggregate=d.get("aggregate", "sum"),
                       description=d.get("description", ""), content_area=d.get("content_area"))


def build_unit(d: dict, source: Path, illustrative: bool) -> m.Unit:
    contact = d.get("contact") or {}
    sub = d.get("sub_plan")
    kind = d["kind"]
    return m.Unit(
        id=d["id"], name=d["name"], kind=kind,
        target_group=d.get("target_group") or m.UNIT_KINDS[kind][1],
        locality=d["locality"], cluster=d.get("cluster"), plan=d["plan"],
        maintainers=_tuple(d.get("maintainers")),
        contact=m.Contact(office=contact.get("office"), phone=contact.get("phone"),
                          email=contact.get("email"), address=contact.get("address")),
        sub_plan=None if not sub else m.SubPlan(number=sub.get("number"), issued=_date(sub.get("issued")),
                                                 link=sub.get("link"), title=sub.get("title")),
        progress=tuple(
            m.Progress(criterion=p.get("criterion"), content_area=p.get("content_area"), status=p["status"],
                       percent=p.get("percent"), date=_date(p.get("date")), evidence=_tuple(p.get("evidence")),
                       note=p.get("note"))
            for p in d.get("progress") or ()
        ),
        reports=tuple(
            m.Report(period=str(r["period"]), submitted=_date(r.get("submitted")), summary=r.get("summary"),
                     link=r.get("link"))
            for r in d.get("reports") or ()
        ),
        indicators=tuple(
            m.IndicatorValues(period=str(i["period"]), values=dict(i.get("values") or {}))
            for i in d.get("indicators") or ()
        ),
        awards=tuple(
            m.Award(form=a["form"], decision=a.get("decision"), date=_date(a.get("date")), issuer=a.get("issuer"),
                    recipient=a.get("recipient"), note=a.get("note"))
            for a in d.get("awards") or ()
        ),
        updated=_date(d.get("updated")),
        illustrative=bool(d.get("illustrative", illustrative)),
        source=source,
        joined=_date(d.get("joined")),
    )


def build_scheme(d: dict, source: Path) -> m.AssessmentScheme:
    return m.AssessmentScheme(
        id=d["id"], title=d["title"], year=d["year"], localities=_tuple(d["localities"]), kinds=_tuple(d["kinds"]),
        pillars=tuple(m.Pillar(id=p["id"], title=p["title"], indicators=tuple(
            m.ScoreIndicator(id=i["id"], title=i["title"], measure=i["measure"], points=i["points"],
                             indicator=i.get("indicator"), target=i.get("target"))
            for i in p["indicators"])) for p in d["pillars"]),
        issuer=d.get("issuer"), decision=d.get("decision"), illustrative=bool(d.get("illustrative", False)),
        source=source)


def build_inspection(d: dict, source: Path) -> m.Inspection:
    return m.Inspection(
        id=d["id"], locality=d["locality"], date=d["date"], title=d["title"], team=_tuple(d["team"]),
        units=_tuple(d["units"]), decision=d.get("decision"), illustrative=bool(d.get("illustrative", False)),
        findings=tuple(m.Finding(unit=f["unit"], finding=f["finding"], recommendation=f["recommendation"],
                                 due=f["due"], resolved=_date(f.get("resolved"))) for f in d.get("findings") or ()),
        source=source)


def build_round(d: dict, source: Path) -> m.AwardRound:
    return m.AwardRound(
        id=d["id"], title=d["title"], stage=d["stage"], locality=d["locality"], scheme=d["scheme"],
        per_cluster=d["per_cluster"], forms=_tuple(d["forms"]), min_pct=float(d.get("min_pct", 0)),
        decisions=tuple(m.AwardDecision(unit=x["unit"], form=x["form"], decision=x["decision"], date=x["date"],
                                        issuer=x.get("issuer")) for x in d.get("decisions") or ()),
        source=source)


# ---------------------------------------------------------------- resolve


def _read(result: LoadResult, path: Path, kind: str, cache: DataCache | None = None):
    """Read and validate one file; None (with problems recorded) when it is unusable."""
    if path.is_symlink():  # a link could publish any file of the build machine
        problem = symlink_problem(path)
        result.documents[path] = YamlDocument(file=path, problems=[problem])
        result.problems.append(problem)
        return None
    raw, failed = read_bytes(path)
    if raw is None:
        result.documents[path] = failed
        result.problems.extend(failed.problems)
        return None
    if cache is not None:
        hit, data = cache.get(raw, kind)
        if hit:  # the same bytes were valid before: no reading, no schema check
            doc = result.documents[path] = YamlDocument(file=path, data=data, marks=None)
            return doc
    doc = load_bytes(raw, path, marks=False)  # where values stood is read again only for a message
    result.documents[path] = doc
    problems = list(doc.problems)
    if not problems:
        problems = check_document(doc, kind)
    result.problems.extend(problems)
    if problems:
        return None
    if cache is not None:
        cache.put(raw, kind, doc.data)
    return doc


def commit_date(repo: Path) -> dt.date | None:
    """Date of the last commit touching the data: the default "as of" date (reproducible)."""
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%cs", "--", "."], cwd=repo,
                             capture_output=True, text=True, timeout=10, check=False).stdout.strip()
        return dt.date.fromisoformat(out) if out else None
    except (OSError, ValueError, subprocess.SubprocessError):
        return None


def commit_timestamp(repo: Path) -> int | None:
    """Unix time of the last commit (SOURCE_DATE_EPOCH for the sitemap); None outside git."""
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=repo,
                             capture_output=True, text=True, timeout=10, check=False).stdout.strip()
        return int(out) if out.isdigit() else None
    except (OSError, subprocess.SubprocessError):
        return None


@contextlib.contextmanager
def _collector_paused():
    """Loading only allocates (nothing to collect until it ends), yet at province size Python's
    cyclic collector would walk the growing heap again and again: a fifth of a warm load."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def load_dataset(data_dir: Path, only: list[Path] | None = None, cache: DataCache | None = None,
                 localities: set[str] | None = None, province: str | None = None) -> LoadResult:
    """Read everything under data_dir. `only` limits unit files checked (the rest are still read for IDs).

    With a cache, files whose bytes were valid before are not read again (see datacache).
    `localities` keeps only those localities and their units (a preview of one commune).
    """
    with _collector_paused():
        return _load_dataset(Path(data_dir), only, cache, localities, province)


def _load_dataset(data_dir: Path, only: list[Path] | None, cache: DataCache | None,
                  localities: set[str] | None = None, province: str | None = None) -> LoadResult:
    ds = m.Dataset()
    result = LoadResult(dataset=ds)

    site = _read(result, data_dir / "site.yml", "site", cache) if (data_dir / "site.yml").exists() else None
    settings = (site.data if site else None) or {}
    ds.illustrative = bool(settings.get("illustrative", False))
    ds.as_of = settings.get("as_of") if isinstance(settings.get("as_of"), dt.date) else commit_date(data_dir)

    if (data_dir / "indicators.yml").exists():
        doc = _read(result, data_dir / "indicators.yml", "indicators", cache)
        for item in (doc.data if doc else None) or ():
            ds.indicators[item["id"]] = build_indicator(item)

    for kind, folder, builder, store in (
        ("plan", "plans", build_plan, ds.plans),
        ("locality", "localities", build_locality, ds.localities),
    ):
        paths, problems = data_files(data_dir / folder, recursive=False)
        result.problems.extend(problems)
        for path in paths:
            doc = _read(result, path, kind, cache)
            if doc is not None:
                try:
                    obj = builder(doc.data, path)
                except DataError as err:
                    result.problems.append(err.problem)
                    continue
                store[obj.id] = obj

    unit_folders = [data_dir / "units"]
    if province is not None:  # one province's site: its communes only (a CI matrix builds one per province)
        localities = {k for k, loc in ds.localities.items() if slugify(loc.province) == province}
        if not localities:
            result.problems.append(Problem(data_dir / "localities", None, None,
                f"Không có xã, phường nào thuộc tỉnh “{province}”. Các tỉnh có: "
                f"{', '.join(sorted({slugify(l.province) for l in ds.localities.values()}))}."))
    if localities is not None:
        for unknown in sorted(localities - set(ds.localities)):
            result.problems.append(Problem(data_dir / "localities", None, None,
                f"Không có địa bàn “{unknown}” để xem riêng. Các mã có: {', '.join(sorted(ds.localities))}."))
        ds.localities = {k: v for k, v in ds.localities.items() if k in localities}
        unit_folders = [data_dir / "units" / k for k in sorted(ds.localities)]
        kept = set(ds.localities)
    unit_paths = []
    for folder in unit_folders:
        paths, problems = data_files(folder)
        unit_paths += paths
        result.problems.extend(problems)
    for path in unit_paths:
        doc = _read(result, path, "unit", cache)
        if doc is None:
            continue
        unit = build_unit(doc.data, path, ds.illustrative)
        if unit.id in ds.units:
            other = ds.units[unit.id].source
            if path.resolve() == expected_unit_path(data_dir, unit.id, unit.locality).resolve():
                # the file at the right place keeps the id; the copy elsewhere is the one reported
                ds.units[unit.id] = unit
                unit, doc, other = ds.units[unit.id], result.documents[other], path
            result.problems.append(doc.problem(("id",),
                f"Mã đơn vị “{unit.id}” đã được dùng trong tệp {other.name}. Hãy chọn một mã khác, "
                f"ví dụ “{unit.id}-2”, và đổi tên tệp cho khớp."))
            continue
        ds.units[unit.id] = unit

    # the emulation's own records: assessment schemes and the council's inspections
    for kind, folder, builder, store, recursive in (
        ("assessment", "assessment", build_scheme, ds.schemes, False),
        ("inspection", "inspections", build_inspection, ds.inspections, True),
        ("award-round", "award-rounds", build_round, ds.award_rounds, False),
    ):
        paths, problems = data_files(data_dir / folder, recursive=recursive)
        result.problems.extend(problems)
        for path in paths:
            doc = _read(result, path, kind, cache)
            if doc is not None:
                obj = builder(doc.data, path)
                if localities is not None:  # a one-commune preview keeps that commune's schemes and visits only
                    if kind == "assessment" and not kept & set(obj.localities):
                        continue
                    if kind == "assessment":
                        obj = dataclasses.replace(obj, localities=tuple(k for k in obj.localities if k in kept))
                    elif obj.locality not in kept:  # inspections and award rounds belong to one commune
                        continue
                store[obj.id] = obj

    ds.award_forms = award_forms(data_dir, result)  # the award vocabulary, read once
    result.problems.extend(cross_check(result, data_dir))
    # a unit whose references are wrong is left out; everyone else stays
    bad_files = {p.file for p in result.problems}
    for unit_id in [u.id for u in ds.units.values() if u.source in bad_files]:
        del ds.units[unit_id]
    for store in (ds.schemes, ds.inspections, ds.award_rounds):  # a record with a wrong reference is left out
        for key in [k for k, v in store.items() if v.source in bad_files]:
            del store[key]
    if cache is not None:
        cache.save(prune=localities is None)  # a one-commune preview keeps the other communes' entries
    if only is not None:
        wanted = {Path(p).resolve() for p in only}
        result.problems = [p for p in result.problems if Path(p.file).resolve() in wanted]
    return result


def expected_unit_path(data_dir: Path, unit_id: str, locality: str) -> Path:
    """data/units/<locality>/<id without the "<locality>-" prefix>.yml (see validate.unit_file_name)."""
    from .validate import expected_unit_path as expected
    return expected(data_dir, unit_id, locality)
