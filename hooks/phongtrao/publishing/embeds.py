"""Figures other sites can show: an SVG progress badge and a small progress card per locality and unit.

/nhung/<locality>.svg, /nhung/don-vi/<unit>.svg: a badge (criteria completed) a commune portal or a
newspaper can put in an <img>; /nhung/<locality>.html, /nhung/don-vi/<unit>.html: a card with the
figures as a table and a link back, for an <iframe>. No script, the same figures as the pages
(figures/compute.py), written at build time like every other file.
"""
from __future__ import annotations

from ..pages.generate_pages import fragment, overview

FOLDER = "nhung"


def _badge(label: str, value: str, pct: float | None, title: str) -> str:
    # widths from the character count (DejaVu Sans at 11 px is about 7 px a character): no font at build time
    left, right = 10 + 7 * len(label), 10 + 7 * len(value)
    return fragment("badge.svg.j2", label=label, value=value, pct=pct, title=title, left=left, right=right)


def add_embeds(changes, state, existing: set[str]) -> None:
    ds = state.dataset
    if ds.as_of is None:
        return
    site = (state.site.site_url or "/").rstrip("/") + "/"
    units_dir, loc_dir = state.config.units_dir.strip("/"), state.config.localities_dir.strip("/")
    from ..figures.compute import SUB_PLAN_LABELS, format_pct
    for rep in overview(state).localities:
        loc = rep.locality
        title = f"{loc.name}: {rep.completed}/{rep.applicable} tiêu chí hoàn thành ({format_pct(rep.completion_pct)})"
        changes.add(f"{FOLDER}/{loc.id}.svg", _badge("Tiến độ", format_pct(rep.completion_pct), rep.completion_pct, title))
        changes.add(f"{FOLDER}/{loc.id}.html", fragment(
            "embed_card.html.j2", name=loc.name, href=f"{site}{loc_dir}/{loc.id}/", as_of=ds.as_of,
            rows=[("Đơn vị", str(len(rep.units))),
                  ("Kế hoạch của đơn vị đúng hạn", f"{rep.sub_plan.on_time}/{rep.sub_plan.total}"),
                  ("Tiêu chí hoàn thành", f"{rep.completed}/{rep.applicable} ({format_pct(rep.completion_pct)})"),
                  ("Tiến độ giai đoạn", rep.phase.label if rep.phase else "—")]))
        for row in rep.units:
            unit, c = row.unit, row.completion
            title = f"{unit.name}: {c.completed}/{c.applicable} tiêu chí hoàn thành ({format_pct(c.pct)})"
            changes.add(f"{FOLDER}/{units_dir}/{unit.id}.svg", _badge("Tiến độ", format_pct(c.pct), c.pct, title))
            changes.add(f"{FOLDER}/{units_dir}/{unit.id}.html", fragment(
                "embed_card.html.j2", name=f"{unit.name} – {loc.name}", href=f"{site}{units_dir}/{unit.id}/",
                as_of=ds.as_of,
                rows=[("Kế hoạch của đơn vị", SUB_PLAN_LABELS.get(row.sub_plan.status, row.sub_plan.status)),
                      ("Tiêu chí hoàn thành", f"{c.completed}/{c.applicable} ({format_pct(c.pct)})"),
                      ("Báo cáo quá hạn", str(row.overdue_reports))]))
