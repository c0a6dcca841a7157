"""The pipeline without any site generator: what `python -m phongtrao.cli generate OUT/` writes,
and what the tests render pages with.

- `state(config_file)`: the resolve phase, from the site's config file read as plain YAML.
- `generated(state)`: every page and data file the build adds, as a generator would receive
  it (generated pages whole, their HTML tables put back where the build set them aside).
- `write(out, state)`: those files under OUT/, the same bytes the build publishes for data
  files (open data, schemas), the same Markdown for pages.
- `page_html(state, src_uri, text)`: a page's body as HTML, rendered with Python-Markdown and
  the site's Markdown extensions, then the render phase's page steps (sanitiser …): the tests
  read tables and figures from it without building the site.
"""
from __future__ import annotations

from pathlib import Path

import markdown

from . import pipeline
from .pages import markers, rawhtml
from .text import toc_slugify
from .urls import page_url


def state(config_file: Path, site_dir: Path | None = None) -> pipeline.BuildState:
    return pipeline.resolve(pipeline.read_site_config(config_file, site_dir))


def generated(state_: pipeline.BuildState) -> dict[str, str | bytes]:
    """Docs-relative path → content of every generated file (hand-written pages win, as in the build)."""
    existing = {p.relative_to(state_.site.docs_dir).as_posix()
                for p in state_.site.docs_dir.rglob("*") if p.is_file()}
    changes = pipeline.generate(state_, existing)
    out = {}
    for path, content in changes.added.items():
        blocks = state_.raw_html.get(path)
        out[path] = rawhtml.put_back(content, blocks) if blocks else content
    return out


def write(out: Path, state_: pipeline.BuildState) -> int:
    """Write every generated file under `out`; returns how many."""
    files = generated(state_)
    for path, content in sorted(files.items()):
        target = Path(out) / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    return len(files)


def _markdown(site: pipeline.SiteConfig) -> markdown.Markdown:
    extensions, configs = [], {}
    for item in site.markdown_extensions:
        name, config = (item, {}) if isinstance(item, str) else next(iter(item.items()))
        extensions.append(name)
        configs[name] = dict(config or {})
    configs.setdefault("toc", {})["slugify"] = toc_slugify
    if "toc" not in extensions:
        extensions.append("toc")
    return markdown.Markdown(extensions=extensions, extension_configs=configs)


def page_html(state_: pipeline.BuildState, src_uri: str, text: str) -> str:
    """The HTML body of one page (a generated page's text or a docs page's source)."""
    page = pipeline.PageView(src_uri=src_uri, url=page_url(src_uri) or "")
    filled = markers.fill(text, state_, page)
    shortened, blocks = rawhtml.set_aside(filled)
    rawhtml.remember(state_, src_uri, blocks)
    html = _markdown(state_.site).convert(shortened)
    return pipeline.page_content(html, page, state_)


def url_of(src_uri: str) -> str:
    return page_url(src_uri) or ""


def docs_sources(state_: pipeline.BuildState) -> dict[str, str]:
    """Docs-relative path → Markdown body (front matter left out) of every hand-written page."""
    from .reading.frontmatter import read as read_front_matter
    out = {}
    for p in sorted(state_.site.docs_dir.rglob("*.md")):
        text = p.read_text(encoding="utf-8", errors="replace")
        src_uri = p.relative_to(state_.site.docs_dir).as_posix()
        out[src_uri] = read_front_matter(text, Path(src_uri))[1] if text.startswith("---") else text
    return out


def pages_html(state_: pipeline.BuildState, files: dict[str, str | bytes] | None = None) -> dict[str, str]:
    """URL → HTML body of every generated page and every docs page (front matter left out);
    `files`: what `generated(state_)` gave, when the caller has it already."""
    sources = docs_sources(state_)
    out = {url_of(src_uri): page_html(state_, src_uri, body) for src_uri, body in sources.items()}
    for path, content in (generated(state_) if files is None else files).items():
        if path.endswith(".md") and path not in sources:
            out[url_of(path)] = page_html(state_, path, content)
    return out
