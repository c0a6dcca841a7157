"""Search on a phone, old engine (Material's lunr) against new (Pagefind), in Debian's chromium.

A phone is modelled so that the slowing reaches every thread of the browser, Pagefind's and lunr's
search workers included (Chrome's CPU throttling through DevTools applies to the page only: "Operation
is only supported for pages, not workers"):

- CPU: chromium runs inside a cgroup whose quota is a quarter of one core (cpu.cfs_quota_us), the
  page, its workers and the browser process together; where cgroups cannot be written (no root) the
  DevTools throttling of the page is used instead, and the table says so;
- network: the bench's own server answers every request (page or worker alike) after 150 ms and at
  1.6 Mbps, gzip-compressing text as a CDN would, and counts the bytes it sends.

`first_query` opens the home page, waits until it has loaded and the network is quiet, opens the search
as a reader does (the header's search button), types the query, and times until the first result is
drawn; bytes are those sent after the search was opened (what the search costs), and before typing
(what it preloads while the reader is still reading).
"""
from __future__ import annotations

import gzip
import os
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-gpu-compositing"]
LATENCY_S = 0.150
BYTES_PER_S = 1_600_000 / 8
CPU_SHARE = 0.25
CGROUP = Path("/sys/fs/cgroup/cpu/phongtrao-bench")
_TEXT = (".html", ".js", ".css", ".json", ".svg", ".xml", ".txt", "/")


class _Counter:
    def __init__(self):
        self.lock = threading.Lock()
        self.bytes = 0
        self.requests = 0
        self.log: list[tuple[float, str, int]] = []

    def add(self, n: int, path: str = "") -> None:
        with self.lock:
            self.bytes += n
            self.requests += 1
            self.log.append((time.perf_counter(), path, n))

    def read(self) -> tuple[int, int]:
        with self.lock:
            return self.bytes, self.requests


class _SlowHandler(SimpleHTTPRequestHandler):
    """Static files after `latency`, paced at `rate` bytes/s, text gzip-compressed when asked."""
    counter: _Counter
    latency: float = 0.0
    rate: float = 0.0
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):
        path = Path(self.translate_path(self.path.split("?")[0]))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                self.send_response(301)
                self.send_header("Location", self.path.split("?")[0] + "/")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            path = path / "index.html"
        if not path.is_file():
            self.send_error(404)
            return
        body = path.read_bytes()
        compress = "gzip" in (self.headers.get("Accept-Encoding") or "") and str(path).endswith(_TEXT)
        if compress:
            body = gzip.compress(body, 6, mtime=0)
        if self.latency:
            time.sleep(self.latency)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=3600")
        if compress:
            self.send_header("Content-Encoding", "gzip")
        self.end_headers()
        step = 16_384
        for start in range(0, len(body), step):
            chunk = body[start:start + step]
            self.wfile.write(chunk)
            if self.rate:
                time.sleep(len(chunk) / self.rate)
        self.counter.add(len(body), self.path)


@contextmanager
def serve(root: Path, slow: bool):
    counter = _Counter()
    handler = type("Handler", (_SlowHandler,), {"counter": counter, "latency": LATENCY_S if slow else 0.0,
                                                 "rate": BYTES_PER_S if slow else 0.0})
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", counter
    finally:
        server.shutdown()
        server.server_close()


def cgroup_ready() -> bool:
    """A cgroup holding a quarter of one core, if this machine lets us make one."""
    try:
        CGROUP.mkdir(exist_ok=True)
        period = int((CGROUP / "cpu.cfs_period_us").read_text())
        (CGROUP / "cpu.cfs_quota_us").write_text(str(int(period * CPU_SHARE)))
        return True
    except OSError:
        return False


def _throttled_executable(folder: Path) -> Path:
    """A chromium that puts itself (and so every process it starts) into the cgroup first."""
    script = folder / "chromium-phone"
    script.write_text(f'#!/bin/sh\necho $$ > {CGROUP}/cgroup.procs\nexec {CHROMIUM} "$@"\n', encoding="utf-8")
    script.chmod(0o755)
    return script


@contextmanager
def _reader_browser(root: Path, phone: bool):
    """(browser, url, counter, cgroup): chromium reading `root` from the bench's server; a phone is slowed
    (the server's link, and a quarter-core cgroup when this machine allows one)."""
    from playwright.sync_api import sync_playwright
    with tempfile.TemporaryDirectory() as tmp, serve(root, slow=phone) as (url, counter):
        cgroup = phone and cgroup_ready()
        executable = str(_throttled_executable(Path(tmp))) if cgroup else CHROMIUM
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
            try:
                yield browser, url, counter, cgroup
            finally:
                browser.close()


def first_query(root: Path, page_path: str, query: str, engine: str, phone: bool, timeout_s: float = 240,
                typing_cps: float | None = None) -> dict:
    """One reader: open `page_path` under `root`, open the search, type `query`, wait for the first result.

    typing_cps None: the query arrives at once (a paste), timed from then; a number: typed at that many
    characters a second, as on a phone, and timed from the last keystroke until the results of the whole
    query are drawn (for the old engine, the first result shown after it, which may be the previous
    keystroke's: Material does not say which query a list answers)."""
    if not Path(CHROMIUM).exists():
        return {"ok": False, "error": f"{CHROMIUM} not installed"}
    try:
        with _reader_browser(root, phone) as (browser, url, counter, cgroup):
            context = browser.new_context(viewport={"width": 412, "height": 915} if phone else
                                          {"width": 1280, "height": 800}, is_mobile=phone, has_touch=phone,
                                          locale="vi-VN", service_workers="block")
            page = context.new_page()
            page.set_default_timeout(timeout_s * 1000)
            if phone and not cgroup:
                context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": 4})
            start = time.perf_counter()
            page.goto(url + page_path, wait_until="load")
            page.wait_for_load_state("networkidle")
            loaded = time.perf_counter()
            page_bytes, _ = counter.read()
            field = page.locator("input.md-search__input")
            if phone:
                page.locator('label.md-header__button[for="__search"]').first.click()
                field.wait_for(state="visible")
                field.focus()
            else:
                field.click()
            page.wait_for_timeout(50)
            before_typing, _ = counter.read()
            if typing_cps:
                # all but the last key at that pace, then the last one alone: the clock starts as it is
                # pressed (type() also waits its delay after the last key, which hid up to 0,25 s)
                page.keyboard.type(query[:-1], delay=1000 / typing_cps)
                page.wait_for_timeout(1000 / typing_cps)
                page.keyboard.press(query[-1])
            else:
                page.keyboard.type(query)   # at once, as a paste: no loading hides behind slow typing
            typed = time.perf_counter()
            if engine == "pagefind":
                page.locator(f'[data-pt-query="{query}"] .md-search-result__item').first.wait_for(state="visible")
            else:
                page.locator(".md-search-result__item").first.wait_for(state="visible")
            found = time.perf_counter()
            after, requests = counter.read()
            if os.environ.get("BENCH_SEARCH_LOG"):
                for when, path, size in counter.log:
                    print(f"      {when - typed:+7.2f} s {size / 1000:7.1f} KB {path}")
            meta = page.locator(".md-search-result__meta").first.inner_text().strip()
            return {"ok": True, "engine": engine, "phone": phone, "typing_cps": typing_cps,
                    "cpu": "cgroup ¼ core" if cgroup else
                    ("DevTools ×4 (page only)" if phone else "none"),
                    "load_s": loaded - start, "first_result_s": found - typed,
                    "bytes_page": page_bytes, "bytes_preload": before_typing - page_bytes,
                    "bytes_search": after - page_bytes, "meta": meta}
    except Exception as exc:  # noqa: BLE001 - a missing browser or a timeout is reported, not fatal
        return {"ok": False, "engine": engine, "phone": phone,
                "error": f"{type(exc).__name__}: {str(exc).splitlines()[0][:200]}"}


# ---------------------------------------------------------------- the old engine, for comparison


def lunr_config(project: Path) -> Path:
    """A config beside the project's that turns Material's search plugin (lunr) back on."""
    import yaml
    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    plugins = yaml.safe_load("\n".join(l for l in text.splitlines() if "!!python" not in l)).get("plugins") or []
    config = project / "mkdocs-lunr.yml"
    config.write_text(yaml.safe_dump({
        "INHERIT": "mkdocs.yml",
        "plugins": [{"search": {"lang": "vi", "pipeline": ["trimmer", "stopWordFilter"]}}] + plugins,
    }, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return config


# ---------------------------------------------------------------- several provinces, one search


def national_root(sites: dict[str, Path], folder: Path) -> Path:
    """A folder serving each province's site under /<slug>/ and, at /, the production national page
    (phongtrao.country: the provinces' figures and one search merging every province's index)."""
    from phongtrao import country
    folder.mkdir(parents=True, exist_ok=True)
    summaries = []
    for slug, site in sites.items():
        link = folder / slug
        if link.is_symlink() or link.exists():
            link.unlink()
        link.symlink_to(site.resolve(), target_is_directory=True)
        summaries.append(country.summary(country.Province(slug, slug.replace("-", " ").title(), ()), site))
    country.write_national_index(folder, summaries, "/", "Phong trào thi đua – bench")
    return folder


def national_query(root: Path, query: str, phone: bool) -> dict:
    """The first query on the national page: time, bytes, and which provinces the results come from."""
    if not Path(CHROMIUM).exists():
        return {"ok": False, "error": f"{CHROMIUM} not installed"}
    try:
        with _reader_browser(root, phone) as (browser, url, counter, cgroup):
            page = browser.new_page(viewport={"width": 412, "height": 915})
            page.set_default_timeout(240_000)
            page.goto(url, wait_until="load")
            before, _ = counter.read()
            page.locator("#tim-ca-nuoc").focus()
            typed = time.perf_counter()
            page.keyboard.insert_text(query)   # pasted: one input event
            page.locator(f'[data-pt-national-list][data-pt-query="{query}"] li').first.wait_for()
            found = time.perf_counter()
            page.wait_for_timeout(300)
            hrefs = page.locator("[data-pt-national-list] a").evaluate_all("els => els.map(a => a.getAttribute('href'))")
            after, _ = counter.read()
            return {"ok": True, "first_result_s": found - typed, "bytes_search": after - before,
                    "meta": page.locator("[data-pt-national-meta]").inner_text(),
                    "sites": sorted({h.strip("/").split("/")[0] for h in hrefs})}
    except Exception as exc:  # noqa: BLE001
        return {"ok": False, "error": f"{type(exc).__name__}: {str(exc).splitlines()[0][:200]}"}


def table(work: Path, queries: list[str]) -> list[dict]:
    """Every search run of one size: both engines, desktop and phone, pasted and typed at 4 characters a second."""
    runs = []
    for engine, site in (("lunr", work / "site-lunr"), ("pagefind", work / "site")):
        if not (site / "index.html").exists():
            continue
        for query in queries:
            for phone, cps in ((False, None), (True, None), (True, 4.0)):
                print(f"[search {time.strftime('%H:%M:%S')}] {engine}, {'phone' if phone else 'desktop'}"
                      f"{f', typed at {cps:g}/s' if cps else ''}: {query!r}", flush=True)
                runs.append(dict(first_query(site, "", query, engine, phone, typing_cps=cps), query=query))
    return runs


if __name__ == "__main__":  # python -m bench.search bench-out/100x50 QUERY…: the search table of sites already built
    import json
    work = Path(sys.argv[1])
    rows = json.loads((work.parent / "results.json").read_text()) if (work.parent / "results.json").exists() else []
    row = next((r for r in rows if r.get("size") == work.name), {"size": work.name})
    row["search_runs"] = table(work, sys.argv[2:] or ["binh dan hoc vu so"])
    from bench.__main__ import print_search
    print_search(row)
