"""Good practices and exemplars on the site: a fact box on each page, the galleries, the list on each
unit page (marker `unit-practices UNIT_ID`), the awards vocabulary they show.

Their front matter is read and checked in the resolve phase (reading/practices.py);
here they are only placed (their URL from the slug) and rendered.
"""
from __future__ import annotations

import datetime as dt

from .markers import marker
from ..reading.model import UNIT_KINDS
from ..reading.practices import EXEMPLAR_KINDS, PILLARS, SECTIONS, STATUSES, Practice, plan_of
from ..text import sort_vi
from ..urls import page_url, relative_url

def unit_url(state, unit_id: str) -> str:
    return f"{state.config.units_dir}/{unit_id}/"


def area_links(state, practice: Practice) -> list[tuple[str, str, str | None]]:
    """(id, title, site URL with anchor or None) for each content area of the practice."""
    plan = plan_of(state.dataset, practice.unit)
    areas = {a.id: a for a in (plan.content_areas if plan else ())}
    base = page_url(plan.page) if plan else None
    out = []
    for area_id in practice.content_areas:
        area = areas.get(area_id)
        title = f"Nội dung {area.number}: {area.title}" if area else f"Nội dung {area_id[2:]}"
        out.append((area_id, title, f"{base}#{area.anchor}" if area and base else None))
    return out


def award_form(plan, form: str, when: dt.date | None = None):
    """The plan's award form for a recorded award: by its own id, or by the stage-free form id.

    A plan lists the same form at several stages (so-ket-giay-khen, tong-ket-giay-khen);
    the stage is the one whose review comes first on or after the award date.
    """
    forms = plan.award_forms if plan else ()
    exact = [f for f in forms if f.id == form]
    if exact:
        return exact[0]
    same = [f for f in forms if getattr(f, "form", "") == form]
    if not same:
        return None
    if when is not None and plan is not None:
        deadlines = {m.kind: m.deadline for m in plan.milestones}
        order = [("hang-nam", None), ("so-ket", deadlines.get("review")), ("tong-ket", deadlines.get("final_review"))]
        for stage, deadline in order:
            match = [f for f in same if f.stage == stage]
            if match and (deadline is None and stage == "hang-nam" or deadline is not None and when <= deadline):
                return match[0]
    return same[0]


def award_form_title(state, form: str, plan=None, when: dt.date | None = None) -> str:
    found = award_form(plan, form, when)
    # a plan's own list first, then the vocabulary of data/award-forms.yml (one source of titles)
    return found.title if found else state.dataset.award_forms.get(form, form)


def award_form_url(plan, form: str, when: dt.date | None = None) -> str | None:
    """Plan page anchor of an award form, when the plan lists that form."""
    base = page_url(plan.page) if plan else None
    found = award_form(plan, form, when)
    return f"{base}#{found.anchor}" if found and base else None


def practices(state) -> list[Practice]:
    return state.dataset.practices


def _index(state, name: str, key) -> dict:
    """Practices grouped by `key`, built once per build: every page asks (a province has 5,000 unit pages)."""
    index = state.indexes.get(name)
    if index is None:
        index = state.indexes[name] = {}
        for p in practices(state):
            index.setdefault(key(p), []).append(p)
    return index


def place(changes, state, existing: set[str]) -> None:
    """Each practice served at its permanent URL (from the slug). A one-commune preview leaves the other
    communes' practices out; a province's site keeps their addresses, as a page pointing to the province
    site that has them (stories of the whole country link to them)."""
    if state.province is None:
        changes.removed |= set(state.practices_left_out)
    for practice in [*state.dataset.practices, *(state.practices_left_out.values() if state.province else ())]:
        if practice.slug:
            changes.moved[practice.src_uri] = practice.url


def _elsewhere(state, practice) -> str:
    """The page of another province's practice on a province's site: where to read it."""
    unit_locality = state.indexes.get("province_of")
    if unit_locality is None:  # read once per build: every other province's practice asks
        from ..country import provinces
        unit_locality = state.indexes["province_of"] = {loc: p for p in provinces(state.data_dir) for loc in p.localities}
    home = next((p for loc, p in unit_locality.items() if practice.unit and practice.unit.startswith(f"{loc}-")), None)
    site_url = state.site.site_url
    root = site_url.rstrip("/").rsplit("/", 1)[0] + "/" if site_url.rstrip("/").endswith(f"/{state.province}") else None
    href = f"{root}{home.slug}/{practice.url}" if root and home else None
    return _render("practice_elsewhere.html.j2", p=practice, province=home.name if home else None, href=href,
                   section_label=SECTIONS[practice.section])


# ---------------------------------------------------------------- rendering

def _render(template: str, **context) -> str:
    from .generate_pages import fragment  # one Jinja environment for every template
    return fragment(template, **context)


def rel(page, target: str) -> str:
    """Link from the page being built to a site URL (keeps the site working under any base path)."""
    path, _, fragment = target.partition("#")
    link = relative_url(path, page.url) if page is not None else path
    return f"{link}#{fragment}" if fragment else link


def facts(state, practice: Practice, page=None) -> dict:
    """Everything templates show about one practice, with labels and relative links."""
    ds = state.dataset
    unit = ds.units.get(practice.unit) if practice.unit else None
    locality = ds.localities.get(unit.locality) if unit else None
    plan = plan_of(ds, practice.unit)
    award = practice.award
    return {
        "p": practice,
        "href": rel(page, practice.url),
        "section_label": SECTIONS[practice.section],
        "unit": unit,
        "unit_href": rel(page, unit_url(state, unit.id)) if unit else None,
        "unit_kind": UNIT_KINDS.get(unit.kind, (unit.kind, ""))[0] if unit else None,
        "locality": locality.name if locality else None,
        "locality_id": locality.id if locality else None,
        "pillar": PILLARS.get(practice.pillar) if practice.pillar else None,
        "status": STATUSES.get(practice.status) if practice.status else None,
        "kind": EXEMPLAR_KINDS.get(practice.kind) if practice.kind else None,
        "areas": [(i, t, rel(page, u) if u else None) for i, t, u in area_links(state, practice)],
        "award_title": award_form_title(state, award.form, plan, award.date) if award else None,
        "award_href": rel(page, award_form_url(plan, award.form, award.date))
        if award and award_form_url(plan, award.form, award.date) else None,
    }





def practice_page(html: str, page, state) -> str:
    """Fact box above the story, figures and evidence below it."""
    if state.province and page.src_uri in state.practices_left_out:
        page.meta["search"] = {"exclude": True}  # found on the province site it belongs to
        return _elsewhere(state, state.practices_left_out[page.src_uri])
    found = _index(state, "practices_by_page", lambda p: p.src_uri).get(page.src_uri)
    if not found:
        return html
    practice = found[0]
    f = facts(state, practice, page)
    return _render("practice_facts.html.j2", f=f) + html + _render("practice_results.html.j2", f=f)




@marker("unit-practices")
def unit_practices(state, page, unit_id: str = "", *_args) -> str:
    """The practices and exemplars of one unit, for its unit page."""
    items = [facts(state, p, page) for p in _index(state, "practices_by_unit", lambda p: p.unit).get(unit_id, ())]
    return _render("practice_list.html.j2", items=items)




def _groups(items, key) -> list[tuple[str, str, list]]:
    """(value, label, members) for each facet value present, in Vietnamese order of labels."""
    buckets: dict[str, tuple[str, list]] = {}
    for f in items:
        for value, label in key(f):
            buckets.setdefault(value, (label, []))[1].append(f)
    return [(v, label, members) for v, (label, members) in sort_vi(buckets.items(), key=lambda kv: kv[1][0])]


@marker("practice-gallery")
def gallery(state, page, section: str = "mo-hinh-hay", *_args) -> str:
    """All practices (or exemplars) as cards, then the same grouped by each facet (works without JavaScript)."""
    items = [facts(state, p, page) for p in practices(state) if p.section == section]
    items.sort(key=lambda f: (-(f["p"].date or dt.date.min).toordinal(), f["p"].slug or ""))
    keys = [
        ("noi-dung", "Nội dung", lambda f: [(i, t) for i, t, _ in f["areas"]]),
        ("tru-cot", "Trụ cột", lambda f: [(f["p"].pillar, f["pillar"])] if f["pillar"] else []),
        ("dia-ban", "Địa bàn", lambda f: [(f["locality_id"], f["locality"])] if f["locality"] else []),
        ("loai-don-vi", "Loại đơn vị", lambda f: [(f["unit"].kind, f["unit_kind"])] if f["unit"] else []),
    ]
    grouped = [(name, label, _groups(items, key)) for name, label, key in keys]
    # content areas in plan order rather than alphabetical
    grouped[0] = (grouped[0][0], grouped[0][1], sorted(grouped[0][2], key=lambda g: g[0]))
    # facet membership as classes (the sanitiser keeps classes, not data-* attributes);
    # docs/mo-hinh-hay/bo-loc.js builds the filter controls from the facet headings
    classes = {id(f): ["phongtrao-item"] for f in items}
    for name, _label, groups in grouped:
        for value, _text, members in groups:
            for f in members:
                classes[id(f)].append(f"pt-{name}--{value}")
    items = [(f, " ".join(classes[id(f)])) for f in items]
    return _render("practice_gallery.html.j2", items=items, grouped=grouped)
