"""The form editor's files (/sua-du-lieu/): an official updates their unit without touching YAML.

- `sua-du-lieu/index.md`: the page (pages/templates/editor.md.j2); the form itself is drawn in the
  browser by overrides/assets/javascripts/phongtrao-editor.js, which loads only on that page.
- `sua-du-lieu/mau.json`: what the form is made of: the unit JSON Schema the checker uses (one
  source: a field added there appears in the form), the lists that schema's `x-lua-chon` fields
  choose from (criteria per plan and target group, content areas, report periods and clusters per
  locality, indicators, award forms), the repository a pull request goes to, and the list of units.
- `sua-du-lieu/tep/<locality>/<file>.yml`: each unit file's bytes as committed, so the form edits
  the real file (comments and layout kept) from the site's own origin.

Why a form of our own over the schemas rather than Decap or Sveltia CMS: see docs/dong-gop/bieu-mau.md.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from urllib.parse import urlsplit

from ..pages.generate_pages import render
from ..reading.practices import SECTIONS
from ..reading.validate import schema
from ..text import sort_vi

FOLDER = "sua-du-lieu"
DEFAULT_API = "https://api.github.com"


def _short(text: str, limit: int = 110) -> str:
    """A criterion's words, cut between words (a select option must fit a phone's width)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"


def repository(repo_url: str) -> tuple[str, str] | None:
    """(owner, name) of a GitHub repository URL."""
    parts = urlsplit(repo_url or "")
    bits = [b for b in parts.path.split("/") if b]
    if parts.netloc != "github.com" or len(bits) < 2:
        return None
    return bits[0], bits[1].removesuffix(".git")


def api_url() -> str:
    """Where pull requests are opened: GitHub's API, or (PHONGTRAO_EDITOR_API) a local backend in
    the tests and `make edit`, a path on the site's own origin."""
    return os.environ.get("PHONGTRAO_EDITOR_API", "").strip() or DEFAULT_API


def manifest(state) -> dict:
    ds = state.dataset
    plans = {}
    for plan in ds.plans.values():
        plans[plan.id] = {
            "criteria": {g.id: [{"id": c.id, "label": f"{_short(c.text)} ({c.id})"} for c in g.criteria]
                         for g in plan.target_groups},
            "areas": [{"id": a.id, "label": f"{a.number}. {a.title} ({a.id})"} for a in plan.content_areas],
            "awards": [{"id": a.form or a.id, "label": a.title} for a in plan.award_forms],
        }
    localities = {}
    for loc in sort_vi(ds.localities.values(), key=lambda l: l.name):
        localities[loc.id] = {
            "name": loc.name, "plan": loc.plan,
            "clusters": [{"id": c.id, "label": c.name} for c in loc.clusters],
            "periods": [{"id": p.id, "label": f"{p.label} (hạn nộp {p.due:%d/%m/%Y})"} for p in loc.report_periods],
        }
    units = [{"id": u.id, "name": u.name, "locality": u.locality, "target_group": u.target_group, "plan": u.plan,
              "path": _repo_path(state, u.source), "copy": f"tep/{u.locality}/{u.source.name}"}
             for u in sort_vi(ds.units.values(), key=lambda u: u.name)]
    owner_name = repository(state.site.repo_url)
    return {
        "schema": schema("unit"),
        "practice_schema": schema("practice"),
        "sections": dict(SECTIONS),
        "repository": {"owner": owner_name[0], "name": owner_name[1]} if owner_name else None,
        "branch": "main",
        "api": api_url(),
        "web": "https://github.com",
        "plans": plans,
        "localities": localities,
        "indicators": [{"id": i.id, "label": f"{i.name} ({i.unit})"} for i in ds.indicators.values()],
        "award_forms": [{"id": k, "label": v} for k, v in ds.award_forms.items()],
        "units": units,
    }


def _repo_path(state, source) -> str:
    """The file's path in the repository: data/… (the data folder sits at the repository's top)."""
    data_dir, path = Path(state.data_dir).resolve(), Path(source).resolve()
    return f"{data_dir.name}/{path.relative_to(data_dir).as_posix()}" if path.is_relative_to(data_dir) else path.name


def add_editor(changes, state, existing: set[str]) -> None:
    if not state.dataset.units:
        return
    data = manifest(state)
    changes.add(f"{FOLDER}/mau.json", json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"))
    for unit in state.dataset.units.values():
        changes.add(f"{FOLDER}/tep/{unit.locality}/{unit.source.name}", unit.source.read_bytes())
    changes.add(f"{FOLDER}/index.md", render("editor.md.j2", f"{FOLDER}/", repository=data["repository"],
                                             branch=data["branch"], units=len(data["units"])))
