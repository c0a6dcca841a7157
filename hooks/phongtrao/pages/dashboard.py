"""Home page dashboard: headline figures and progress bars (markers in docs/index.md).

    <!-- phongtrao: dashboard-headline -->     headline figures with SVG progress bars
    <!-- phongtrao: dashboard-localities -->   a card per locality (where it stands), and the table
    <!-- phongtrao: dashboard-overdue -->       the most overdue items, with the link to all of them
    <!-- phongtrao: dashboard-recent -->        the latest data changes (git history) and news
    <!-- phongtrao: plan-progress PLAN_ID -->    on a plan's page: the localities that follow it

The figures are the same `compute.Overview` the generated pages use.
"""
from __future__ import annotations

from ..publishing import history
from .generate_pages import overview, render
from .markers import marker

NO_DATE = '<p class="pt-empty">Chưa có ngày chốt số liệu (data/site.yml, mục as_of), nên chưa tính được số liệu.</p>'


def _url(page) -> str:
    return page.url if page is not None and getattr(page, "url", None) is not None else ""


@marker("dashboard-headline")
def headline(state, page, *_args) -> str:
    if state.dataset.as_of is None:
        return NO_DATE
    return render("dashboard_headline.html.j2", _url(page), ov=overview(state), cfg=state.config)


@marker("dashboard-localities")
def localities(state, page, *_args) -> str:
    if state.dataset.as_of is None:
        return ""
    return render("dashboard_localities.html.j2", _url(page), ov=overview(state), cfg=state.config)


OVERDUE_ON_HOME = 5
RECENT_ON_HOME = 5


@marker("dashboard-overdue")
def overdue(state, page, *_args) -> str:
    if state.dataset.as_of is None:
        return ""
    ov = overview(state)
    return render("dashboard_overdue.html.j2", _url(page), ov=ov, items=ov.overdue[:OVERDUE_ON_HOME], cfg=state.config)


@marker("dashboard-recent")
def recent(state, page, *_args) -> str:
    units = state.dataset.units
    items = history.changes_of_site(state)[:RECENT_ON_HOME]
    return render("dashboard_recent.html.j2", _url(page), items=items, units=units, cfg=state.config,
                  news=(state.site.docs_dir / "tin-tuc").is_dir())


@marker("plan-progress")
def plan_progress(state, page, plan_id: str = "", *_args) -> str:
    """The plan's completion where the reader reads the plan, with links to each locality's tables."""
    if state.dataset.as_of is None:
        return NO_DATE
    ov = overview(state)
    reports = [rep for rep in ov.localities if rep.plan is not None and rep.plan.id == plan_id]
    return render("plan_progress.html.j2", _url(page), ov=ov, reports=reports, cfg=state.config,
                  illustrative=state.dataset.illustrative)
