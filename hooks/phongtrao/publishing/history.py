"""What changed: the units' data changes over time, read from the git history of data/units/.

For each of the last commits touching unit files (at most MAX_COMMITS), each unit file is read as it
was before and after the commit (git's objects only: `git cat-file --batch`, no checkout, nothing of
it run) with the strict YAML reader, and compared field by field: a criterion's status, a report
submitted, an indicator value, an award, the unit's own plan. Pages: /cap-nhat/ (the whole site) and
/cap-nhat/<locality>/, and an Atom feed per locality; every entry names its date (the commit's),
the unit, each field before → after, and links to the commit. The same commit always gives the same
pages: nothing here reads the clock.
"""
from __future__ import annotations

import datetime as dt
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from ..reading import model as m
from ..reading.yamlio import load_bytes
from ..text import date_vi

MAX_COMMITS = 200
FOLDER = "cap-nhat"
ATOM_NS = "http://www.w3.org/2005/Atom"


@dataclass(frozen=True)
class FieldChange:
    field: str                  # in Vietnamese: "tiêu chí cq-3 (01/06/2026): tình trạng"
    before: str | None
    after: str | None


@dataclass(frozen=True)
class UnitChange:
    commit: str
    date: dt.date
    unit_id: str
    locality: str
    fields: tuple[FieldChange, ...]


def _show(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.date):
        return date_vi(value)
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def flatten(data, indicator_names: dict[str, str] | None = None) -> dict[str, str]:
    """A unit file's data as labelled values a reader can compare (lists keyed by what they are about)."""
    if not isinstance(data, dict):
        return {}
    names = indicator_names or {}
    out: dict[str, str] = {}
    for key in ("name", "kind", "cluster", "target_group"):
        if data.get(key) is not None:
            value = m.UNIT_KINDS.get(data[key], (data[key],))[0] if key == "kind" else data[key]
            out[{"name": "tên", "kind": "loại đơn vị", "cluster": "khối, cụm", "target_group": "đối tượng"}[key]] = \
                _show(value)
    for key, label in (("number", "số"), ("issued", "ngày ban hành"), ("link", "đường liên kết")):
        value = (data.get("sub_plan") or {}).get(key) if isinstance(data.get("sub_plan"), dict) else None
        if value is not None:
            out[f"kế hoạch của đơn vị: {label}"] = _show(value)
    for item in data.get("progress") or ():
        if isinstance(item, dict):
            what = item.get("criterion") or item.get("content_area")
            when = f" ({_show(item.get('date'))})" if item.get("date") else ""
            for key, label in (("status", "tình trạng"), ("percent", "mức độ (%)")):
                if item.get(key) is not None:
                    value = m.STATUSES.get(item[key], item[key]) if key == "status" else item[key]
                    out[f"tiêu chí {what}{when}: {label}"] = _show(value)
    for item in data.get("reports") or ():
        if isinstance(item, dict):
            out[f"báo cáo kỳ {item.get('period')}: ngày nộp"] = _show(item.get("submitted")) or "chưa nộp"
    for item in data.get("indicators") or ():
        if isinstance(item, dict):
            for key, value in (item.get("values") or {}).items():
                out[f"chỉ số “{names.get(key, key)}” kỳ {item.get('period')}"] = _show(value)
    for item in data.get("awards") or ():
        if isinstance(item, dict):
            out[f"khen thưởng {item.get('form')} {item.get('decision') or ''}".strip()] = _show(item.get("date")) or "có"
    return out


def diff(before, after, indicator_names: dict[str, str] | None = None) -> tuple[FieldChange, ...]:
    a, b = flatten(before, indicator_names), flatten(after, indicator_names)
    return tuple(FieldChange(k, a.get(k), b.get(k)) for k in sorted(set(a) | set(b)) if a.get(k) != b.get(k))


def _git(repo: Path, *args: str, stdin: bytes | None = None) -> bytes:
    return subprocess.run(["git", *args], cwd=repo, input=stdin, capture_output=True, check=True, timeout=120).stdout


def _objects(repo: Path, specs: list[str]) -> list[bytes | None]:
    """The contents of `rev:path` objects (None where missing), through one `git cat-file --batch`."""
    if not specs:
        return []
    out = _git(repo, "cat-file", "--batch", stdin=("\n".join(specs) + "\n").encode())
    found, i = [], 0
    for _ in specs:
        end = out.index(b"\n", i)
        header = out[i:end].split(b" ")
        i = end + 1
        if header[-1] == b"missing" or len(header) < 3:
            found.append(None)
            continue
        size = int(header[2])
        found.append(out[i:i + size])
        i += size + 1
    return found


def unit_changes(repo: Path, data_dir: Path, indicator_names: dict[str, str] | None = None) -> list[UnitChange]:
    """Newest first. Empty outside a git repository or when the data folder is not in it."""
    try:
        top = Path(_git(repo, "rev-parse", "--show-toplevel").decode().strip())
        units = Path(data_dir).resolve() / "units"
        rel = units.relative_to(top.resolve()).as_posix()
        log = _git(top, "log", f"-n{MAX_COMMITS}", "--format=%x00%H %cs", "--name-only", "--no-renames", "--", rel)
    except (OSError, ValueError, subprocess.SubprocessError):
        return []
    entries: list[tuple[str, dt.date, str]] = []
    for block in log.decode("utf-8", "replace").split("\0")[1:]:
        lines = [line for line in block.splitlines() if line.strip()]
        sha, day = lines[0].split(" ")
        for path in lines[1:]:
            if path.endswith(".yml"):
                entries.append((sha, dt.date.fromisoformat(day), path))
    specs = [s for sha, _, path in entries for s in (f"{sha}^:{path}", f"{sha}:{path}")]
    blobs = _objects(top, specs)
    out = []
    for n, (sha, day, path) in enumerate(entries):
        before, after = blobs[2 * n], blobs[2 * n + 1]
        old = load_bytes(before, Path(path)).data if before else None
        new = load_bytes(after, Path(path)).data if after else None
        fields = diff(old, new, indicator_names)
        if old is None and fields:
            # a unit's first file is one event, not a list of its every field added from nothing
            fields = (FieldChange("tệp dữ liệu", None, f"tạo mới ({len(fields)} mục)"),)
        ident = (new or old or {}).get("id") if isinstance(new or old, dict) else None
        if fields and isinstance(ident, str):
            out.append(UnitChange(sha, day, ident, Path(path).parent.name, fields))
    return out


def atom(items: list[UnitChange], feed_url: str, page_url: str, title: str, units: dict, commit_url) -> bytes:
    feed = ET.Element("feed", {"xmlns": ATOM_NS, "xml:lang": "vi"})
    ET.SubElement(feed, "id").text = feed_url
    ET.SubElement(feed, "title").text = title
    ET.SubElement(feed, "link", rel="self", type="application/atom+xml", href=feed_url)
    ET.SubElement(feed, "link", rel="alternate", type="text/html", href=page_url)
    newest = max((c.date for c in items), default=dt.date(2025, 1, 1))
    ET.SubElement(feed, "updated").text = f"{newest.isoformat()}T00:00:00+07:00"
    ET.SubElement(ET.SubElement(feed, "author"), "name").text = title
    for c in items:
        entry = ET.SubElement(feed, "entry")
        ET.SubElement(entry, "id").text = f"{feed_url}#{c.commit}-{c.unit_id}"
        name = units.get(c.unit_id, c.unit_id)
        ET.SubElement(entry, "title").text = f"{name}: {len(c.fields)} thay đổi"
        ET.SubElement(entry, "updated").text = f"{c.date.isoformat()}T00:00:00+07:00"
        if commit_url:
            ET.SubElement(entry, "link", rel="alternate", type="text/html", href=commit_url(c.commit))
        ET.SubElement(entry, "summary", type="text").text = "; ".join(
            f"{f.field}: {f.before or '—'} → {f.after or '—'}" for f in c.fields)
    ET.indent(feed)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="utf-8") + b"\n"


def changes_of_site(state) -> list[UnitChange]:
    """The site's changes, newest first, read from git once per build (the unit pages show their own)."""
    if "history" not in state.indexes:
        ds = state.dataset
        names = {i.id: i.name for i in ds.indicators.values()}
        items = [c for c in unit_changes(state.site.root, state.data_dir, names) if c.locality in ds.localities]
        by_unit: dict[str, list[UnitChange]] = {}
        for c in items:
            by_unit.setdefault(c.unit_id, []).append(c)
        state.indexes["history"] = (items, by_unit)
    return state.indexes["history"][0]


def changes_of_unit(state, unit_id: str) -> list[UnitChange]:
    changes_of_site(state)
    return state.indexes["history"][1].get(unit_id, [])


def add_history(changes, state, existing: set[str]) -> None:
    from ..pages.generate_pages import render
    ds = state.dataset
    items = changes_of_site(state)
    repo = state.site.repo_url.rstrip("/")
    units = {u.id: u.name for u in ds.units.values()}
    commit_url = (lambda sha: f"{repo.rstrip('/')}/commit/{sha}") if repo else None
    site = (state.site.site_url or "/").rstrip("/") + "/"
    changes.add(f"{FOLDER}/index.md", render("history.md.j2", f"{FOLDER}/", items=items[:100], units=units,
                                                 repo=repo, scope=None, units_dir=state.config.units_dir.strip("/")))
    for loc in ds.localities.values():
        mine = [c for c in items if c.locality == loc.id]
        changes.add(f"{FOLDER}/{loc.id}.md", render("history.md.j2", f"{FOLDER}/{loc.id}/", items=mine, units=units,
                                                    repo=repo, scope=loc, units_dir=state.config.units_dir.strip("/")))
        changes.add(f"{FOLDER}/{loc.id}.xml", atom(mine[:50], f"{site}{FOLDER}/{loc.id}.xml", f"{site}{FOLDER}/{loc.id}/",
                                                   f"Cập nhật dữ liệu – {loc.name}", units, commit_url))
