"""The MkDocs adapter: the only module that imports `mkdocs` or touches its objects.

MkDocs 1.6 and ProperDocs (its maintained fork, which answers to the `mkdocs`
module name) call these handlers through `hooks/mkdocs_hooks.py`. Each one turns
MkDocs' config, files and pages into the plain objects of `pipeline.py`, calls
a phase, and applies what it returns. Moving the site to another generator
means writing another module like this one; nothing else changes.

What only this module does, because it concerns MkDocs' own objects:
- logging: the build's logger (`phongtrao`) is forwarded to MkDocs', so a
  warning fails `mkdocs build --strict`;
- Material's blog authors and every page's title and front-matter strings are
  made safe before a template prints them (see untrusted.py);
- heading anchors fold Vietnamese (toc's slugify);
- a `BuildAbort` becomes MkDocs' PluginError (a message, no traceback).
"""
from __future__ import annotations

import functools
import logging
import os
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from . import pipeline
from .reading.problems import BuildAbort
from .text import toc_slugify
from .untrusted import html_text, safe_link

_state: pipeline.BuildState | None = None
_serving = False


class _ToMkDocs(logging.Handler):
    """Hands the build's log records to MkDocs' logger (which counts warnings for --strict)."""

    def emit(self, record: logging.LogRecord) -> None:
        target = logging.getLogger("mkdocs.plugins.phongtrao")
        if target.isEnabledFor(record.levelno):  # `mkdocs build -q` keeps only warnings
            target.handle(record)


_ours = logging.getLogger("phongtrao")
if not any(isinstance(h, _ToMkDocs) for h in _ours.handlers):
    _ours.addHandler(_ToMkDocs())
    _ours.propagate = False
    _ours.setLevel(logging.DEBUG)


def _messages(handler):
    """A BuildAbort ends the build with its Vietnamese message instead of a traceback."""
    @functools.wraps(handler)
    def run(*args, **kwargs):
        try:
            return handler(*args, **kwargs)
        except BuildAbort as err:
            raise PluginError(str(err)) from None
    return run


def _view(page) -> pipeline.PageView:
    return pipeline.PageView(src_uri=page.file.src_uri, url=page.url, title=page.title,
                             meta=page.meta if isinstance(page.meta, dict) else {},
                             canonical_url=page.canonical_url)


def _safe_strings(page) -> None:
    """A page's title and front-matter title/description/author as escaped text (untrusted.py):
    MkDocs treats `page.title` as HTML and Material prints these unescaped."""
    meta = page.meta if isinstance(page.meta, dict) else {}
    for key in ("title", "description", "author"):
        if isinstance(meta.get(key), str):
            meta[key] = html_text(meta[key])
    if page.title is not None:
        page.title = html_text(page.title)


def _safe_blog_authors(config) -> None:
    """Material's blog prints an author's name, description, avatar and link unescaped."""
    blog = config["plugins"].get("material/blog")
    for author in (getattr(blog, "authors", None) or {}).values():
        for key in ("name", "description"):
            if isinstance(author.get(key), str):
                author[key] = html_text(author[key])
        for key in ("avatar", "url"):
            if author.get(key) is not None:
                author[key] = safe_link(author[key])


# ---------------------------------------------------------------- MkDocs events


def on_startup(command, dirty):
    global _serving
    _serving = command == "serve"  # live reload injects its own inline script: no CSP while serving


@_messages
def on_config(config):
    global _state
    # heading anchors fold Vietnamese like every other slug ("Vấn đề" → #van-de, not #van-e)
    config["mdx_configs"].setdefault("toc", {})["slugify"] = toc_slugify
    _safe_blog_authors(config)  # the blog read them in its own on_config, which runs before ours
    site = pipeline.SiteConfig(
        root=Path(config["config_file_path"]).resolve().parent, docs_dir=Path(config["docs_dir"]),
        site_dir=Path(config["site_dir"]), site_url=config.get("site_url") or "",
        site_name=config["site_name"], site_description=config.get("site_description") or "",
        theme_dirs=tuple(str(d) for d in config["theme"].dirs),
        extra=dict((config.get("extra") or {}).get("phongtrao") or {}), serving=_serving,
        repo_url=config.get("repo_url") or "")
    try:
        _state = pipeline.resolve(site)
    except ValueError as err:  # a wrong extra.phongtrao setting
        raise PluginError(str(err)) from None
    config.extra["illustrative_data"] = _state.dataset.illustrative
    # the sitemap's dates (and its .gz header) come from the last commit, never from the day of the build
    if _state.commit_time is not None:
        os.environ.setdefault("SOURCE_DATE_EPOCH", str(_state.commit_time))
    return config


@_messages
def on_files(files, config):
    existing = {f.src_uri for f in files}
    changes = pipeline.generate(_state, existing)
    for src_uri in sorted(changes.removed):
        found = files.get_file_from_path(src_uri)
        if found is not None:
            files.remove(found)
    for src_uri, url in sorted(changes.moved.items()):
        found = files.get_file_from_path(src_uri)
        if found is None:
            continue
        stem = url.rstrip("/")
        found.dest_uri = f"{stem}/index.html" if found.use_directory_urls else f"{stem}.html"
        found.url = url if found.use_directory_urls else found.dest_uri
    for path, content in changes.added.items():
        found = files.get_file_from_path(path)
        if found is not None:  # asked to replace a copy in docs/ (the published schemas)
            files.remove(found)
        files.append(File.generated(config, path, content=content))
    return files


def on_page_markdown(markdown, page, config, files):
    return pipeline.render_markdown(markdown, _view(page), _state)


@_messages
def on_page_content(html, page, config, files):
    html = pipeline.page_content(html, _view(page), _state)
    _safe_strings(page)  # before any template renders this page or a neighbour's link to it
    return html


@_messages
def on_post_page(output, page, config):
    return pipeline.finish_page(output, _view(page), _state)


@_messages
def on_post_build(config):
    pipeline.publish(_state)
