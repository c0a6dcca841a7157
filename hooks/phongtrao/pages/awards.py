"""The awards page (marker `awards`): who received which award form under the movement.

Rows come from the units' `awards` and from exemplars' `award` front matter;
an exemplar repeating a unit's decision is shown once (with its story linked).
Sorted by date, then recipient in Vietnamese order.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from . import practices as pr
from .generate_pages import fragment
from .markers import marker
from ..text import collation_key


@dataclass
class Row:
    date: dt.date | None
    recipient: str
    unit: object | None
    locality: str | None
    form: str
    form_title: str
    form_href: str | None        # site URL of the plan's award anchor
    decision: str | None
    issuer: str | None
    story: str | None            # site URL of the exemplar page
    story_title: str | None


def rows(state) -> list[Row]:
    ds = state.dataset
    out: dict[tuple, Row] = {}
    for unit in ds.units.values():
        plan = pr.plan_of(ds, unit.id)
        loc = ds.localities.get(unit.locality)
        for a in unit.awards:
            key = (unit.id, a.form, a.decision or "", a.recipient or "")
            out[key] = Row(a.date, a.recipient or unit.name, unit, loc.name if loc else None, a.form,
                           pr.award_form_title(state, a.form, plan, a.date), pr.award_form_url(plan, a.form, a.date),
                           a.decision, a.issuer, None, None)
    for p in pr.practices(state):
        if p.award is None or p.section != "dien-hinh":
            continue
        unit = ds.units.get(p.unit) if p.unit else None
        plan = pr.plan_of(ds, p.unit)
        loc = ds.localities.get(unit.locality) if unit else None
        recipient = p.person or (unit.name if unit else p.title)
        key = (p.unit, p.award.form, p.award.decision or "", "" if p.kind != "ca-nhan" else recipient)
        row = out.get(key)
        if row is None:
            row = out[key] = Row(p.award.date, recipient, unit, loc.name if loc else None, p.award.form,
                                 pr.award_form_title(state, p.award.form, plan, p.award.date), pr.award_form_url(plan, p.award.form, p.award.date),
                                 p.award.decision, p.award.issuer, None, None)
        row.story, row.story_title = p.url, p.title
    return sorted(out.values(), key=lambda r: (r.date or dt.date.max, collation_key(r.recipient)))




@marker("award-rounds")
def award_rounds(state, page, *_args) -> str:
    """Each award round: the candidates per cluster from the scores, proposed or not and why, the decision."""
    from .generate_pages import emulation
    from ..reading.model import STAGES
    from ..urls import base_of
    emu = emulation(state)
    rounds = [(state.dataset.award_rounds[rid], cands) for rid, cands in emu.candidates.items()]
    return fragment("award_rounds.html.j2", rounds=rounds, stages=STAGES, base=base_of(page.url if page else ""),
                    award_titles=state.dataset.award_forms)


@marker("awards")
def awards_table(state, page, *_args) -> str:
    items = [(r,
              pr.rel(page, pr.unit_url(state, r.unit.id)) if r.unit else None,
              pr.rel(page, r.form_href) if r.form_href else None,
              pr.rel(page, r.story) if r.story else None) for r in rows(state)]
    return fragment("awards.html.j2", items=items, count=len(items))
