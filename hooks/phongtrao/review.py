"""What a pull request changes, for the people who review it: which units changed (each field
before → after), how the site's figures move (unit completion, locality totals, overdue list)
and which pages change, between the base branch and the pull request.

Runs from the base branch's checkout (ownership.yml, pull_request_target): the pull request's
files are read from git's objects only (`git ls-tree`, `git cat-file --batch`), written as plain
files into a temporary folder (no symlink, no submodule, nothing executable kept), and built
with the base branch's code and configuration, exactly as its own data would be. Nothing of the
pull request runs. Both sides are built the same way, so every difference comes from the data.

The summary is Markdown for the job summary ($GITHUB_STEP_SUMMARY): no write token is needed,
and every value from the pull request is escaped (untrusted.md_text).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import os
import subprocess
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from . import pipeline, standalone
from .figures import compute
from .figures.compute import format_number, format_pct
from .publishing.history import FieldChange, _objects, diff
from .reading.yamlio import load_bytes
from .untrusted import md_text

# what a pull request's data may carry into the build: the content folders and the redirects
CONTENT = ("data", "docs", "permalinks.yml")
MAX_PAGES_LISTED = 60


@dataclass(frozen=True)
class UnitDiff:
    path: str                       # data/units/<locality>/<file>.yml
    name: str
    change: str                     # "sửa" | "thêm" | "xoá"
    fields: tuple[FieldChange, ...]


@dataclass(frozen=True)
class FigureMove:
    what: str                       # “Làng Bi: tiêu chí đã hoàn thành”
    before: str
    after: str


@dataclass
class Review:
    base: str
    head: str
    units: list[UnitDiff] = field(default_factory=list)
    other_files: list[str] = field(default_factory=list)     # every other changed file, code included
    figures: list[FigureMove] = field(default_factory=list)
    overdue_gone: list[str] = field(default_factory=list)
    overdue_new: list[str] = field(default_factory=list)
    pages_changed: list[str] = field(default_factory=list)
    pages_added: list[str] = field(default_factory=list)
    pages_removed: list[str] = field(default_factory=list)
    files_changed: list[str] = field(default_factory=list)   # open data and other generated files
    problems: dict[str, list[str]] = field(default_factory=dict)  # side → problems in its data


# ---------------------------------------------------------------- reading a revision's files


def _git(repo: Path, *args: str) -> bytes:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, check=True, timeout=300).stdout


def tree_files(repo: Path, rev: str) -> dict[str, str]:
    """path → blob id of the regular files of the content folders at `rev` (symlinks and submodules left out)."""
    out = _git(repo, "ls-tree", "-r", "-z", "--full-tree", rev, "--", *CONTENT)
    files = {}
    for entry in out.split(b"\0"):
        if not entry:
            continue
        meta, path = entry.split(b"\t", 1)
        mode, kind, blob = meta.decode().split(" ")
        if kind == "blob" and mode in ("100644", "100755"):
            files[path.decode("utf-8", "surrogateescape")] = blob
    return files


def export(repo: Path, files: dict[str, str], dest: Path) -> None:
    """Write the blobs as plain, non-executable files under dest (paths stay inside it)."""
    paths = sorted(files)
    blobs = _objects(repo, [files[p] for p in paths])
    root = dest.resolve()
    for path, blob in zip(paths, blobs):
        target = (dest / path).resolve()
        if blob is None or not target.is_relative_to(root) or ".." in Path(path).parts:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(blob)


# ---------------------------------------------------------------- building one side


@dataclass
class Side:
    state: pipeline.BuildState
    reports: list[compute.LocalityReport]
    pages: dict[str, str]            # URL → HTML body
    files: dict[str, bytes]          # generated non-page files → bytes


@contextmanager
def _environment(**values: str):
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def build_side(config_file: Path, folder: Path, as_of: dt.date | None) -> Side:
    """The base branch's build over the content in `folder` (its data/, docs/, permalinks.yml)."""
    site = pipeline.read_site_config(config_file)
    site = dataclasses.replace(site, root=folder, docs_dir=folder / "docs")
    (folder / "docs").mkdir(exist_ok=True)
    # no cache: a pull request's data never enters a cache the site is later built from
    with _environment(PHONGTRAO_DATA=str(folder / "data"), PHONGTRAO_DATA_CACHE="off", PHONGTRAO_CARD_CACHE="off"):
        state = pipeline.resolve(site)
        if state.dataset.as_of is None:
            state.dataset.as_of = as_of       # no as_of in site.yml: both sides count at the head commit's date
        generated = standalone.generated(state)
        pages = standalone.pages_html(state, generated)
    files = {p: c if isinstance(c, bytes) else c.encode("utf-8") for p, c in generated.items() if not p.endswith(".md")}
    ds = state.dataset
    reports = [compute.locality_report(ds, loc) for _, loc in sorted(ds.localities.items())]
    return Side(state, reports, pages, files)


# ---------------------------------------------------------------- comparing


def _completion(c: compute.UnitCompletion) -> str:
    return f"{c.completed}/{c.applicable} ({format_pct(c.pct)})"


def _overdue_lines(reports) -> dict[tuple, str]:
    out = {}
    for item in compute.overdue_items(reports):
        what = "kế hoạch của đơn vị" if item.what == "ke-hoach" else f"báo cáo kỳ {item.period}"
        out[(item.unit.id, item.what, item.period)] = (f"{item.unit.name} ({item.locality.name}): {what}, "
                                                        f"quá hạn {format_number(item.days)} ngày")
    return out


def _unit_figures(side: Side) -> dict[str, dict[str, str]]:
    out = {}
    emulation = side.state.emulation
    for rep in side.reports:
        for row in rep.units:
            figures = {"tiêu chí đã hoàn thành": _completion(row.completion),
                       "báo cáo quá hạn": format_number(row.overdue_reports),
                       "kế hoạch của đơn vị": compute.SUB_PLAN_LABELS.get(row.sub_plan.status, row.sub_plan.status)}
            score = emulation.scores.get(row.unit.id) if emulation else None
            if score is not None:
                figures["điểm thi đua"] = f"{format_number(score.total)}/{format_number(score.possible)}"
            for ranking, entry in (emulation.places_of(row.unit.id) if emulation else ()):
                figures[f"xếp hạng {ranking.label}"] = f"{entry.rank}/{len(ranking.entries)}"
            out[row.unit.id] = figures
    return out


def _locality_figures(side: Side) -> dict[str, dict[str, str]]:
    out = {}
    for rep in side.reports:
        figures = {"đơn vị": format_number(len(rep.units)),
                   "tiêu chí đã hoàn thành": f"{format_number(rep.completed)}/{format_number(rep.applicable)} "
                                             f"({format_pct(rep.completion_pct)})",
                   "kế hoạch của đơn vị đã ban hành": f"{rep.sub_plan.issued}/{rep.sub_plan.total}",
                   "kế hoạch của đơn vị quá hạn": format_number(rep.sub_plan_overdue)}
        for period in rep.periods:
            t = period.reports
            figures[f"báo cáo {period.period.label}: đúng hạn / trễ / quá hạn"] = (
                f"{t.count(compute.ON_TIME)} / {t.count(compute.LATE)} / {t.count(compute.OVERDUE)}")
        out[rep.locality.name] = figures
    return out


def _moves(before: dict, after: dict, names: dict) -> list[FigureMove]:
    moves = []
    for key in sorted(set(before) | set(after), key=lambda k: names.get(k, k)):
        a, b = before.get(key, {}), after.get(key, {})
        for what in dict.fromkeys([*a, *b]):
            if a.get(what) != b.get(what):
                moves.append(FigureMove(f"{names.get(key, key)}: {what}", a.get(what, "—"), b.get(what, "—")))
    return moves


def compare(repo: Path, base: str, head: str, config_file: Path) -> Review:
    repo = Path(repo)
    base_sha = _git(repo, "rev-parse", "--verify", f"{base}^{{commit}}").decode().strip()
    head_sha = _git(repo, "rev-parse", "--verify", f"{head}^{{commit}}").decode().strip()
    review = Review(base=base_sha, head=head_sha)
    day = _git(repo, "log", "-1", "--format=%cs", head_sha).decode().strip()
    as_of = dt.date.fromisoformat(day) if day else None
    old_files, new_files = tree_files(repo, base_sha), tree_files(repo, head_sha)
    changed = sorted(p for p in set(old_files) | set(new_files) if old_files.get(p) != new_files.get(p))
    unit_paths = [p for p in changed if p.startswith("data/units/") and p.endswith(".yml")]
    every = _git(repo, "diff", "--name-only", "-z", "--no-renames", base_sha, head_sha).decode("utf-8", "replace")
    review.other_files = sorted(p for p in every.split("\0") if p and p not in unit_paths)  # code too: the reviewer sees it
    blobs = _objects(repo, [old_files.get(p, "0" * 40) for p in unit_paths] +
                     [new_files.get(p, "0" * 40) for p in unit_paths])
    with tempfile.TemporaryDirectory(prefix="phongtrao-review-") as tmp:
        sides = {}
        for label, files in (("base", old_files), ("head", new_files)):
            folder = Path(tmp) / label
            export(repo, files, folder)
            sides[label] = build_side(config_file, folder, as_of)
    old, new = sides["base"], sides["head"]
    names = {**{u.id: u.name for u in old.state.dataset.units.values()},
             **{u.id: u.name for u in new.state.dataset.units.values()}}
    indicator_names = {k: i.name for k, i in new.state.dataset.indicators.items()}
    for i, path in enumerate(unit_paths):
        before_raw, after_raw = blobs[i], blobs[len(unit_paths) + i]
        before = load_bytes(before_raw, Path(path)).data if before_raw else None
        after = load_bytes(after_raw, Path(path)).data if after_raw else None
        data = after if isinstance(after, dict) else before if isinstance(before, dict) else {}
        name = data.get("name") if isinstance(data.get("name"), str) else Path(path).stem
        change = "thêm" if before_raw is None else "xoá" if after_raw is None else "sửa"
        review.units.append(UnitDiff(path, name, change, diff(before, after, indicator_names)))
    review.figures = (_moves(_unit_figures(old), _unit_figures(new), names)
                      + _moves(_locality_figures(old), _locality_figures(new), {}))
    late_before, late_after = _overdue_lines(old.reports), _overdue_lines(new.reports)
    review.overdue_gone = [late_before[k] for k in late_before if k not in late_after]
    review.overdue_new = [late_after[k] for k in late_after if k not in late_before]
    review.pages_added = sorted(set(new.pages) - set(old.pages))
    review.pages_removed = sorted(set(old.pages) - set(new.pages))
    review.pages_changed = sorted(u for u in set(old.pages) & set(new.pages) if old.pages[u] != new.pages[u])
    review.files_changed = sorted(p for p in set(old.files) | set(new.files) if old.files.get(p) != new.files.get(p))
    for label, side in sides.items():
        problems = [p.format(side.state.site.root) for p in side.state.result.problems]
        if problems:
            review.problems[label] = problems
    return review


# ---------------------------------------------------------------- writing the summary


def _cell(text) -> str:
    return md_text(text if text is not None else "—")


def _list(title: str, items: list[str], limit: int = MAX_PAGES_LISTED) -> list[str]:
    if not items:
        return []
    lines = [f"**{title}** ({len(items)}):", ""]
    lines += [f"- {_cell(item)}" for item in items[:limit]]
    if len(items) > limit:
        lines.append(f"- … và {len(items) - limit} mục khác")
    return lines + [""]


def markdown(review: Review) -> str:
    lines = ["## Yêu cầu hợp nhất này thay đổi gì", "",
             f"So sánh nhánh gốc `{review.base[:12]}` với yêu cầu `{review.head[:12]}`. Số liệu được tính bằng "
             "mã của nhánh gốc trên dữ liệu của hai bên; mã trong yêu cầu không được chạy.", ""]
    if review.problems.get("head"):
        lines += [f"**Dữ liệu của yêu cầu còn {len(review.problems['head'])} lỗi** (tệp lỗi bị bỏ qua khi tính "
                  "số liệu bên dưới):", ""] + [f"- {_cell(p)}" for p in review.problems["head"][:20]] + [""]
    lines += [f"### Đơn vị thay đổi ({len(review.units)})", ""]
    if not review.units:
        lines += ["Không có tệp đơn vị nào thay đổi.", ""]
    for unit in review.units:
        lines += [f"#### {_cell(unit.name)} ({unit.change}, {_cell(unit.path)})", ""]
        if unit.fields:
            lines += ["| Trường | Trước | Sau |", "|---|---|---|"]
            lines += [f"| {_cell(f.field)} | {_cell(f.before)} | {_cell(f.after)} |" for f in unit.fields]
        else:
            lines.append("Không có số liệu nào thay đổi (chỉ sửa cách viết, ghi chú hoặc chú thích).")
        lines.append("")
    lines += _list("Tệp khác thay đổi", review.other_files)
    lines += ["### Số liệu thay đổi", ""]
    if review.figures:
        lines += ["| Số liệu | Trước | Sau |", "|---|---:|---:|"]
        lines += [f"| {_cell(f.what)} | {_cell(f.before)} | {_cell(f.after)} |" for f in review.figures]
    else:
        lines.append("Không có số liệu nào thay đổi.")
    lines.append("")
    lines += _list("Hết quá hạn", review.overdue_gone) + _list("Mới quá hạn", review.overdue_new)
    lines += ["### Trang thay đổi", ""]
    if not (review.pages_changed or review.pages_added or review.pages_removed or review.files_changed):
        lines += ["Không trang nào thay đổi.", ""]
    paths = lambda urls: [f"/{u}" for u in urls]  # noqa: E731 - site paths, as a reader types them
    lines += (_list("Trang sửa", paths(review.pages_changed)) + _list("Trang mới", paths(review.pages_added))
              + _list("Trang bị bỏ", paths(review.pages_removed))
              + _list("Tệp dữ liệu mở và tệp khác", paths(review.files_changed)))
    return "\n".join(lines).rstrip() + "\n"
