"""Generated pages: locality progress, unit directory, unit pages, overdue list, periodic reports.

Pages are handed to the site generator as generated files (never written
into docs/) and rendered from Jinja2 templates with autoescape on, so every
string from the data is escaped. Only a few of them are in the nav.

URLs (stable, the press links to them):
  /dia-ban/                      progress of every locality        (nav: "Tiến độ")
  /dia-ban/<locality>/           one locality and its plan
  /don-vi/                       unit directory                    (nav: "Đơn vị")
  /don-vi/<unit-id>/             one unit
  /qua-han/                      overdue sub-plans and reports
  /bao-cao/<locality>/<period>/  printable periodic report to the province
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from ..figures import charts, compute, scores
from . import rawhtml
from .table_cards import label_wide_tables
from ..publishing import history
from ..reading import model as m
from ..text import date_vi
from ..urls import base_of, page_url

TEMPLATES = Path(__file__).resolve().parent / "templates"

_MD_SPECIAL = "\\`*_[]#<>!|"


def md_text(value) -> Markup:
    """Data text for a Markdown line (a heading): HTML-escaped, Markdown punctuation backslash-escaped."""
    text = str(escape(value))
    return Markup("".join("\\" + ch if ch in _MD_SPECIAL else ch for ch in text))


def web_link(url) -> str | None:
    """A link from data is used only when it is http(s); anything else (javascript:, data:) is dropped."""
    if isinstance(url, str) and url.strip().lower().startswith(("http://", "https://")):
        return url.strip()
    return None


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters.update(date=date_vi, pct=compute.format_pct, num=compute.format_number, md=md_text,
                       link=web_link)
    # templates only display: every figure comes computed (figures/compute.py), never a module to compute with
    env.globals.update(page_url=page_url, explain=compute.EXPLAIN,
                       sub_plan_labels=compute.SUB_PLAN_LABELS, report_labels=compute.REPORT_LABELS,
                       sub_plan_keys=compute.SUB_PLAN_KEYS, report_keys=compute.REPORT_KEYS,
                       statuses=m.STATUSES, unit_kinds=m.UNIT_KINDS,
                       progress_bar=charts.progress_bar, bar_list=charts.bar_list, columns=charts.columns,
                       phase_bars=charts.phase_bars, area_bars=area_bars, indicator_points=indicator_points,
                       timeline_points=timeline_points, report_points=report_points, delay_points=delay_points)
    return env


def area_bars(rep: compute.LocalityReport) -> list[tuple[str, float, str]]:
    return [(f"{a.area.number}. {a.area.title}", a.active, f"{a.active}/{a.units}") for a in rep.areas]


def indicator_points(row: compute.IndicatorRow) -> list[tuple[str, float | None, bool]]:
    return [(cell.period.label, cell.value, cell.closed) for cell in row.cells]


def timeline_points(timeline: compute.Timeline) -> list[tuple[str, float, bool]]:
    return [(p.label, p.completed, p.closed) for p in timeline.points]


def delay_points(row: compute.UnitStatus) -> list[tuple[str, float | None, bool]]:
    """A unit's reports: days after the due date per period (a missing one says so)."""
    return [(ch.period.label + (" (chưa nộp)" if ch.status == compute.OVERDUE else ""), ch.delay_days,
             ch.status != compute.NOT_DUE) for ch in row.reports]


def report_points(rep: compute.LocalityReport) -> list[tuple[str, float | None, bool]]:
    # a period not yet due has no share on time to show: its reports are still coming in
    return [(p.period.label, p.reports.on_time_pct if p.closed else None, p.closed) for p in rep.periods]


def render(template: str, url: str, **context) -> str:
    """A whole generated page (its links relative to `url`)."""
    return label_wide_tables(environment().get_template(template).render(base=base_of(url), url=url, **context))


def fragment(template: str, **context) -> str:
    """A block a marker or a page step inserts (a practice's facts, the awards table)."""
    return label_wide_tables(environment().get_template(template).render(**context))


# ---------------------------------------------------------------- what is generated


def overview(state) -> compute.Overview:
    """Figures computed once per build and shared by pages, dashboard and open data."""
    if state.overview is None:
        state.overview = compute.overview(state.dataset)
    return state.overview


def emulation(state) -> scores.Emulation:
    """Scores, rankings and inspection follow-up, computed once per build."""
    if state.emulation is None:
        state.emulation = scores.emulation(state.dataset, overview(state))
    return state.emulation


def _award_titles(ds) -> dict[str, str]:
    """A unit's award form (data/award-forms.yml, or a plan's own award form) → its words."""
    return {**ds.award_forms, **{a.id: a.title for p in ds.plans.values() for a in p.award_forms}}


HISTORY_ON_UNIT_PAGE = 10   # the latest changes; the locality's page of changes has them all


def unit_context(state, row: compute.UnitStatus, locality_report: compute.LocalityReport) -> dict:
    ds = state.dataset
    plan = ds.plans.get(row.unit.plan)
    group = next((g for g in plan.target_groups if g.id == row.unit.target_group), None) if plan else None
    area_entries = compute.area_entries(row.unit)
    award_titles = _award_titles(ds)
    return dict(row=row, unit=row.unit, plan=plan, group=group, locality=locality_report.locality,
                area_entries=[(next((a for a in plan.content_areas if a.id == k), None) if plan else None, v)
                              for k, v in area_entries.items()],
                unit_indicators=[i for i in ds.indicators.values()
                                 if any(iv.values.get(i.id) is not None for iv in row.unit.indicators)],
                period_labels={p.id: p.label for p in locality_report.locality.report_periods},
                award_titles=award_titles, as_of=ds.as_of,
                score=emulation(state).scores.get(row.unit.id), places=emulation(state).places_of(row.unit.id),
                unit_findings=emulation(state).findings_of(row.unit.id),
                unit_inspections=scores.inspections_of(ds, row.unit.id) if ds.inspections else [],
                timeline=(compute.completion_timeline([row], start, ds.as_of)
                          if (start := compute.timeline_start(plan)) and row.criteria else None),
                history=(changes := history.changes_of_unit(state, row.unit.id))[:HISTORY_ON_UNIT_PAGE],
                history_more=len(changes) > HISTORY_ON_UNIT_PAGE,
                indicator_rows=(own := compute.indicator_rows([row.unit], locality_report.locality, ds.indicators,
                                                              ds.as_of)),
                scales=compute.indicator_scales(own),
                repo=state.site.repo_url.rstrip("/"))


def pages(state) -> dict[str, str]:
    """src_uri -> Markdown of every generated page."""
    cfg = state.config
    units_dir, loc_dir = cfg.units_dir.strip("/"), cfg.localities_dir.strip("/")
    ov = overview(state)
    out: dict[str, str] = {}
    provinces = compute.province_reports(ov)
    out[f"{loc_dir}/index.md"] = render("localities.md.j2", f"{loc_dir}/", ov=ov, loc_dir=loc_dir, provinces=provinces)
    for rep in ov.localities:
        url = f"{loc_dir}/{rep.locality.id}/"
        out[f"{loc_dir}/{rep.locality.id}.md"] = render(
            "locality.md.j2", url, rep=rep, units_dir=units_dir, rankings=emulation(state).rankings_of(rep.locality.id),
            loc_findings=scores.findings_of(state.dataset, locality=rep.locality.id), late=[i for i in ov.overdue if i.locality.id == rep.locality.id],
            unit_names={r.unit.id: r.unit.name for r in rep.units})
        for period in rep.locality.report_periods:
            url = f"bao-cao/{rep.locality.id}/{period.id}/"
            out[f"bao-cao/{rep.locality.id}/{period.id}.md"] = render(
                "report.md.j2", url, rep=rep, period=period, units_dir=units_dir, loc_dir=loc_dir,
                **report_context(state, rep, period))
        for row in rep.units:
            url = f"{units_dir}/{row.unit.id}/"
            out[f"{units_dir}/{row.unit.id}.md"] = render("unit.md.j2", url, units_dir=units_dir, loc_dir=loc_dir,
                                                          **unit_context(state, row, rep))
    out[f"{units_dir}/index.md"] = render("directory.md.j2", f"{units_dir}/", ov=ov, units_dir=units_dir,
                                          loc_dir=loc_dir)
    out["qua-han.md"] = render("overdue.md.j2", "qua-han/", ov=ov, units_dir=units_dir, loc_dir=loc_dir)
    for prov in provinces:
        out[f"tinh/{prov.slug}.md"] = render("province.md.j2", f"tinh/{prov.slug}/", prov=prov, loc_dir=loc_dir)
        for period in prov.periods:
            out[f"bao-cao-tinh/{prov.slug}/{period.id}.md"] = render(
                "province_report.md.j2", f"bao-cao-tinh/{prov.slug}/{period.id}/", prov=prov, period=period,
                loc_dir=loc_dir)
    ds = state.dataset
    forms = dict(ds.award_forms)
    for round_id, cands in emulation(state).candidates.items():
        round_ = ds.award_rounds[round_id]
        locality = ds.localities[round_.locality]
        for cand in cands:
            url = f"xet-khen/{round_id}/{cand.unit.id}/"
            out[f"xet-khen/{round_id}/{cand.unit.id}.md"] = render(
                "dossier.md.j2", url, candidate=cand, unit=cand.unit, locality=locality, scheme=cand.ranking.scheme,
                score=cand.entry.score, units_dir=units_dir, as_of=ds.as_of, award_titles=forms,
                form_titles=", ".join(forms.get(f, f) for f in round_.forms))
    for scheme in ds.schemes.values():
        kinds = ", ".join(m.UNIT_KINDS.get(k, (k,))[0].lower() for k in scheme.kinds)
        localities = ", ".join(ds.localities[k].name for k in scheme.localities if k in ds.localities)
        out[f"danh-gia/{scheme.id}.md"] = render("scheme.md.j2", f"danh-gia/{scheme.id}/", scheme=scheme,
                                                 kinds=kinds, localities=localities, as_of=ds.as_of,
                                                 measures=m.MEASURES, indicators=ds.indicators)
    return out


def report_context(state, rep: compute.LocalityReport, period: m.ReportPeriod) -> dict:
    """Figures of one period for the printable report."""
    # a unit that joined after the period was due owes no report for it and is not listed
    checks = [(row, ch) for row in rep.units for ch in row.reports if ch.period.id == period.id]
    period_row = next(p for p in rep.periods if p.period.id == period.id)
    indicators = []
    for row in rep.indicators:
        idx = next(i for i, cell in enumerate(row.cells) if cell.period.id == period.id)
        cell = row.cells[idx]  # the period compared with is the one compute chose (like with like), if any
        prev = next((c for c in row.cells if cell.compared_with and c.period.id == cell.compared_with.id), None)
        indicators.append((row.indicator, cell, prev))
    awards = [(row.unit, a) for row in rep.units for a in row.unit.awards
              if a.date is not None and period.start <= a.date <= period.end]
    award_titles = _award_titles(state.dataset)
    return dict(checks=checks, period_row=period_row, period_indicators=indicators, awards=awards,
                award_titles=award_titles)


def add_pages(changes, state, existing: set[str]) -> None:
    if state.dataset.as_of is None:
        return
    for src_uri, content in pages(state).items():
        if src_uri in existing:   # a hand-written page wins; never shadow it
            continue
        content, blocks = rawhtml.set_aside(content)
        rawhtml.remember(state, src_uri, blocks)
        changes.add(src_uri, content)
