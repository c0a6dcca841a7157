"""Measurements: data stage, full builds (real and plain), site size, serve rebuild, search in chromium.

Every build and server is a subprocess bounded by a timeout; servers listen on
127.0.0.1 only and are stopped before the function returns.
"""
from __future__ import annotations

import gzip
import json
import os
import queue
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def _env(**extra) -> dict:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONPATH=os.pathsep.join([str(ROOT / "hooks"), str(ROOT)]))
    # Builds are timed as on a usual machine, where Python keeps its compiled modules: with
    # PYTHONDONTWRITEBYTECODE set (some containers set it) our hook modules were compiled again at
    # every build, while MkDocs and Material, compiled when pip installed them, were not.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.update(extra)
    return env


# ---------------------------------------------------------------- (a) data stage


def yaml_loader() -> str:
    """Which YAML loader the project's strict reader composes with."""
    import yaml

    from phongtrao.reading import yamlio
    return f"{yamlio._BaseLoader.__name__} (libyaml {'yes' if yaml.__with_libyaml__ else 'no'})"


def data_stage(data_dir: Path, repeat: int = 3) -> dict:
    """load + validate + cross-check of the whole data folder, in this process (best of `repeat`).

    Twice: every file read and checked (cold: a fresh clone), and with the data cache
    filled by a first load (warm: a `serve` rebuild or a CI run with .cache restored,
    where only changed files are read).
    """
    import tempfile

    from phongtrao.reading.datacache import DataCache
    from phongtrao.reading.load import load_dataset

    def best_of(cache_folder: Path | None) -> tuple[float, object]:
        best, result = None, None
        for _ in range(repeat):
            start = time.perf_counter()  # the cache's pack is read inside the timed part, as a build does
            result = load_dataset(data_dir, cache=DataCache(cache_folder) if cache_folder else None)
            elapsed = time.perf_counter() - start
            best = elapsed if best is None else min(best, elapsed)
        return best, result

    cold, result = best_of(None)
    with tempfile.TemporaryDirectory(prefix="bench-data-cache-") as folder:
        load_dataset(data_dir, cache=DataCache(Path(folder)))  # fills the cache
        warm, _ = best_of(Path(folder))
    files = len(list((data_dir / "units").glob("**/*.y*ml")))
    return {"unit_files": files, "units_loaded": len(result.dataset.units), "seconds": cold,
            "files_per_s": files / cold if cold else 0.0,
            "warm_seconds": warm, "warm_files_per_s": files / warm if warm else 0.0,
            "problems": [f"{p.file}:{p.line}: {p.message}" for p in result.problems]}


def profile_data_stage(data_dir: Path, top: int = 15) -> str:
    """cProfile of one data-stage run: where the time goes (cumulative)."""
    import cProfile
    import io
    import pstats

    from phongtrao.reading.load import load_dataset
    prof = cProfile.Profile()
    prof.enable()
    load_dataset(data_dir)
    prof.disable()
    out = io.StringIO()
    pstats.Stats(prof, stream=out).sort_stats("tottime").print_stats(top)
    return out.getvalue()


# ---------------------------------------------------------------- (b, c) builds


@dataclass
class Build:
    seconds: float
    cpu_seconds: float  # user + system time of the build process: steadier than wall time on a shared VM
    peak_mb: float
    exit: int
    hook_seconds: float | None
    features: dict
    warnings: int
    log: Path
    tree_peak_mb: float = 0.0  # the build and every process it started (Pagefind's indexer), summed


def _tree_rss_mb(root: int) -> float:
    """Resident memory of a process and all its descendants, now (from /proc)."""
    parents, rss = {}, {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/status", encoding="utf-8") as fh:
                fields = dict(line.split(":", 1) for line in fh if ":" in line)
        except OSError:
            continue
        parents[int(entry)] = int(fields.get("PPid", "0").strip() or 0)
        rss[int(entry)] = int((fields.get("VmRSS", "0 kB").split() or ["0"])[0])
    tree, grew = {root}, True
    while grew:
        more = {pid for pid, parent in parents.items() if parent in tree} - tree
        grew = bool(more)
        tree |= more
    return sum(rss.get(pid, 0) for pid in tree) / 1024


def run_build(project: Path, site_dir: Path, log: Path, timeout: float = 1800, timed_hooks: bool = True,
              config: str = "mkdocs.yml") -> Build:
    """`mkdocs build` of project into site_dir in a subprocess; wall time and that process's peak RSS."""
    if site_dir.exists():
        shutil.rmtree(site_dir)
    times = log.with_suffix(".hooks.json")
    runner = ["-m", "bench.hooktime", str(times)] if timed_hooks else ["-m", "mkdocs"]
    cmd = [sys.executable, *runner, "build", "-f", str(project / config), "-d", str(site_dir)]
    with open(log, "w", encoding="utf-8") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=project, env=_env(), stdout=out, stderr=subprocess.STDOUT)
        deadline = start + timeout
        tree_peak, tick = 0.0, 0
        while True:  # os.wait4 gives this child's own rusage (peak RSS), not all children's
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            tick += 1
            if tick % 4 == 0:   # every 0.2 s: the build and Pagefind's indexer together
                tree_peak = max(tree_peak, _tree_rss_mb(proc.pid))
            if time.perf_counter() > deadline:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.05)
        elapsed = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
    text = log.read_text(encoding="utf-8", errors="replace")
    hooks, features = None, {}
    if timed_hooks and times.exists():
        timing = json.loads(times.read_text())
        hooks, features = timing["hooks"], timing.get("features", {})
    return Build(seconds=elapsed, cpu_seconds=usage.ru_utime + usage.ru_stime, peak_mb=usage.ru_maxrss / 1024, exit=proc.returncode, hook_seconds=hooks,
                 features=features, tree_peak_mb=tree_peak,
                 warnings=len(re.findall(r"^WARNING", text, re.M)), log=log)


# ---------------------------------------------------------------- (d) site size


def site_stats(site_dir: Path) -> dict:
    files = [p for p in site_dir.rglob("*") if p.is_file()]
    pages = [p for p in files if p.suffix == ".html" and p.name != "404.html"]
    index = site_dir / "search" / "search_index.json"
    raw = index.read_bytes() if index.exists() else b""
    docs = len(json.loads(raw)["docs"]) if raw else 0
    pagefind = [p for p in files if "pagefind" in p.relative_to(site_dir).parts[:1]]
    entry = site_dir / "pagefind" / "pagefind-entry.json"
    return {"files": len(files), "bytes": sum(p.stat().st_size for p in files), "pages": len(pages),
            "index_bytes": len(raw), "index_gzip": len(gzip.compress(raw, 6)) if raw else 0, "index_docs": docs,
            "pagefind_bytes": sum(p.stat().st_size for p in pagefind), "pagefind_files": len(pagefind),
            "pagefind_pages": sum(v["page_count"] for v in json.loads(entry.read_text())["languages"].values())
            if entry.exists() else 0}


# ---------------------------------------------------------------- (c) plain MkDocs + Material comparison

_ARTICLE = re.compile(r'<article class="md-content__inner[^"]*">(.*?)</article>', re.S)


def _strip(fragment: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", fragment)).strip()


def html_to_markdown(fragment: str) -> str:
    """The text of a built page as plain Markdown: headings, tables, lists and paragraphs."""
    fragment = re.sub(r"<(script|style|svg)\b.*?</\1>", "", fragment, flags=re.S)
    fragment = re.sub(r'<a class="headerlink".*?</a>', "", fragment, flags=re.S)

    def table(match) -> str:
        rows = []
        for row in re.findall(r"<tr\b.*?</tr>", match[0], re.S):
            cells = [_strip(c).replace("|", "\\|") for c in re.findall(r"<t[hd]\b[^>]*>(.*?)</t[hd]>", row, re.S)]
            if cells:
                rows.append("| " + " | ".join(cells) + " |")
                if len(rows) == 1:
                    rows.append("|" + " --- |" * len(cells))
        return "\n\n" + "\n".join(rows) + "\n\n"

    fragment = re.sub(r"<table\b.*?</table>", table, fragment, flags=re.S)
    fragment = re.sub(r"<h([1-6])\b[^>]*>(.*?)</h\1>",
                      lambda m: "\n\n" + "#" * int(m[1]) + " " + _strip(m[2]) + "\n\n", fragment, flags=re.S)
    fragment = re.sub(r"<li\b[^>]*>(.*?)</li>", lambda m: "\n- " + _strip(m[1]) + "\n", fragment, flags=re.S)
    fragment = re.sub(r"</?(p|div|section|br|ul|ol|dl|dd|dt|details|summary|figure)\b[^>]*>", "\n\n", fragment)
    lines = []
    for line in fragment.split("\n"):
        if line.startswith(("|", "#", "- ")):
            lines.append(line)
        else:
            lines.append(re.sub(r"<[^>]+>", "", line).strip())
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


def _plain_config(real: Path) -> str:
    """The real mkdocs.yml without hooks and the theme's custom_dir: plain MkDocs + Material."""
    out, skipping = [], False
    for line in (real / "mkdocs.yml").read_text(encoding="utf-8").splitlines():
        if skipping and (not line.strip() or line[0] in " \t-#"):
            continue
        skipping = False
        if re.match(r"hooks:", line):
            skipping = True
            continue
        if re.match(r"\s+custom_dir:", line):
            continue
        out.append(line)
    return "\n".join(out) + "\n"


def write_plain_project(real: Path, real_site: Path, dest: Path) -> int:
    """A hook-free project with one plain Markdown page per page of the real site; returns its page count.

    Every page of the real site (hand-written or generated, wherever the hooks
    put it) becomes a Markdown page at the same URL with the same headings,
    tables, lists and text; the docs' other files (CSS, JS, images) are copied.
    """
    if dest.exists():
        shutil.rmtree(dest)
    docs = dest / "docs"
    shutil.copytree(real / "docs", docs, ignore=shutil.ignore_patterns("*.md"))
    config = _plain_config(real)
    (dest / "mkdocs.yml").write_text(config, encoding="utf-8")
    sources = {p.relative_to(real / "docs").with_suffix("").as_posix() for p in (real / "docs").rglob("*.md")}
    # Material's blog plugin (not ours) makes the news pages: give it the same posts
    blog = re.search(r"(?m)^\s+blog_dir:\s*([\w./-]+)", config)
    blog_dir = blog[1].strip("/") if blog else ("blog" if re.search(r"(?m)^\s+- blog\b", config) else None)
    count = 0
    if blog_dir and (real / "docs" / blog_dir).is_dir():
        for md in (real / "docs" / blog_dir).rglob("*.md"):
            target = docs / md.relative_to(real / "docs")
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(md, target)
    for page in sorted(real_site.rglob("*.html")):
        rel = page.relative_to(real_site).as_posix()
        if rel == "404.html":
            continue
        if blog_dir and rel.startswith(blog_dir + "/"):
            count += 1  # built by the blog plugin in both projects
            continue
        match = _ARTICLE.search(page.read_text(encoding="utf-8", errors="replace"))
        if not match:
            continue  # not a page (a redirect stub, an embedded widget …)
        stem = rel[: -len("/index.html")] if rel.endswith("/index.html") else rel[: -len(".html")]
        if rel == "index.html":
            stem = "index"
        # the same source name as the real docs where there is one, so the nav resolves
        name = f"{stem}.md" if stem in sources or stem == "index" else f"{stem}/index.md"
        target = docs / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html_to_markdown(match[1]), encoding="utf-8")
        count += 1
    return count


# ---------------------------------------------------------------- (f) serve rebuild


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _reader(stream, lines: queue.Queue):
    for line in iter(stream.readline, ""):
        lines.put((time.perf_counter(), line.rstrip()))
    lines.put((time.perf_counter(), None))


def _wait_for(lines: queue.Queue, pattern: str, deadline: float, log: list[str]) -> float | None:
    while True:
        left = deadline - time.perf_counter()
        if left <= 0:
            return None
        try:
            stamp, line = lines.get(timeout=min(left, 1.0))
        except queue.Empty:
            continue
        if line is None:
            return None
        log.append(line)
        if re.search(pattern, line):
            return stamp


def serve_rebuild(project: Path, unit_file: Path, timeout: float, locality: str | None = None) -> dict:
    """Start `mkdocs serve` as `make serve` does, change one unit file, time until the reload.

    With `locality`, as `make serve LOCALITY=…` does: a preview of that commune only.
    """
    port = free_port()
    cmd = [sys.executable, "-m", "mkdocs", "serve", "-f", str(project / "mkdocs.yml"), "-a", f"127.0.0.1:{port}",
           "--livereload", "-w", "data", "-w", "hooks", "-w", "overrides"]
    env = _env(PHONGTRAO_LOCALITY=locality) if locality else _env()
    proc = subprocess.Popen(cmd, cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, start_new_session=True)
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=_reader, args=(proc.stdout, lines), daemon=True).start()
    log: list[str] = []
    result: dict = {"ok": False}
    try:
        start = time.perf_counter()
        ready = _wait_for(lines, r"Serving on", start + timeout, log)
        if ready is None:
            result["error"] = "serve did not start: " + " | ".join(log[-5:])
            return result
        result["first_build_s"] = ready - start
        time.sleep(1.0)  # let the watcher settle
        original = unit_file.read_text(encoding="utf-8")
        edited = re.sub(r"(?m)^(name: .*)$", r"\1 (sửa)", original, count=1)
        changed = time.perf_counter()
        unit_file.write_text(edited, encoding="utf-8")
        done = _wait_for(lines, r"Reloading browsers", changed + timeout, log)
        built = [float(m[1]) for m in (re.search(r"Documentation built in ([0-9.]+) seconds", x) for x in log) if m]
        unit_file.write_text(original, encoding="utf-8")
        if done is None:
            result["error"] = "no rebuild seen: " + " | ".join(log[-5:])
            return result
        result.update(ok=True, rebuild_s=done - changed, build_s=built[-1] if built else None)
        return result
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)


# (g) search in chromium, old engine against new: bench/search.py
