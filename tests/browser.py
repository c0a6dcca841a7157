"""Shared Playwright helpers: the built site on a local static server, and Debian's chromium.

Test modules that drive the browser import the fixtures:

    from browser import browser, page, site_url  # noqa: F401  (pytest fixtures)

One chromium is started per test session (a module-level singleton, closed at
the end of the session), each test gets a fresh context and page. Playwright
never downloads a browser here: Debian's /usr/bin/chromium is installed by
`make browser`.
"""
from __future__ import annotations

import atexit
import functools
import http.server
import os
import shutil
import threading
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
TIMEOUT_MS = 15_000


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".js": "text/javascript", ".json": "application/json", ".xml": "application/xml"}

    def log_message(self, format, *args):  # noqa: A002 - keep test output clean
        pass


def serve_directory(directory: Path) -> tuple[str, http.server.ThreadingHTTPServer]:
    """Serve a folder on 127.0.0.1 at a free port; returns (base URL ending in /, server)."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/", server


_RUNNING: dict = {}


def shared_browser():
    """The session's chromium, started on first use."""
    if "browser" not in _RUNNING:
        if not Path(CHROMIUM).exists() and not shutil.which(CHROMIUM):
            pytest.fail(f"{CHROMIUM} not found: run `make browser` (Debian package chromium)")
        from playwright.sync_api import sync_playwright
        playwright = sync_playwright().start()
        _RUNNING["playwright"] = playwright
        _RUNNING["browser"] = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        atexit.register(close_browser)
    return _RUNNING["browser"]


def close_browser() -> None:
    browser = _RUNNING.pop("browser", None)
    playwright = _RUNNING.pop("playwright", None)
    if browser is not None:
        browser.close()
    if playwright is not None:
        playwright.stop()


class Console:
    """Console errors, page errors and CSP violations seen by one page."""

    def __init__(self, page):
        self.errors: list[str] = []
        page.on("console", lambda msg: msg.type == "error" and self.errors.append(msg.text))
        page.on("pageerror", lambda exc: self.errors.append(f"pageerror: {exc}"))

    def csp_violations(self) -> list[str]:
        return [e for e in self.errors if "Content Security Policy" in e or "Content-Security-Policy" in e]


@pytest.fixture(scope="session")
def site_url(built_site):
    url, server = serve_directory(built_site)
    yield url
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser():
    yield shared_browser()
    # closed at interpreter exit, so other test modules reuse the same chromium


def new_page(browser, width: int = 1280, height: int = 900):
    context = browser.new_context(viewport={"width": width, "height": height}, locale="vi-VN",
                                  service_workers="block")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.console = Console(page)
    return context, page


@pytest.fixture
def page(browser):
    context, page = new_page(browser)
    yield page
    context.close()


@pytest.fixture
def mobile_page(browser):
    context, page = new_page(browser, 360, 740)
    yield page
    context.close()


def page_exists(built_site: Path, path: str) -> bool:
    """Whether the built site has the page at a site path like "don-vi/"."""
    return (built_site / path.strip("/") / "index.html").exists() or (built_site / path).is_file()
