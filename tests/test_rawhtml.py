"""Generated pages' HTML blocks skip the Markdown parser and come back unchanged."""
from __future__ import annotations

import sys
from pathlib import Path
from types import SimpleNamespace

import markdown
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

from phongtrao.pages import generate_pages, rawhtml  # noqa: E402
from phongtrao import pipeline  # noqa: E402


@pytest.fixture(scope="module")
def generated():
    """Every generated page of the sample data (Markdown), and the site's own Markdown settings."""
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"))
    state = pipeline.resolve(pipeline.read_site_config(ROOT / "mkdocs.yml"))
    return generate_pages.pages(state), config


def _html(text: str, config) -> str:
    md = markdown.Markdown(extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"])
    return md.convert(text)


def test_every_generated_page_renders_the_same_with_its_html_set_aside(generated):
    pages, config = generated
    assert len(pages) > 30
    tables = 0
    for src_uri, text in pages.items():
        plain = _html(text, config)
        shortened, blocks = rawhtml.set_aside(text)
        tables += sum(b.count("<table") for b in blocks)
        assert len(shortened) < len(text), f"{src_uri}: nothing set aside"
        assert rawhtml.put_back(_html(shortened, config), blocks) == plain, src_uri
    assert tables > 100  # the tables are what is set aside


def test_headings_stay_markdown_so_the_table_of_contents_still_lists_them(generated):
    pages, _ = generated
    unit = next(text for uri, text in pages.items() if uri.startswith("don-vi/") and uri != "don-vi/index.md")
    shortened, _ = rawhtml.set_aside(unit)
    assert "## Tiến độ theo tiêu chí {: #tien-do-tieu-chi" in shortened
    assert "<table" not in shortened


def test_a_placeholder_written_on_a_contributed_page_pulls_in_nothing():
    state = SimpleNamespace(raw_html={})
    rawhtml.remember(state, "don-vi/a.md", ["<table><tr><td>của đơn vị A</td></tr></table>"])
    forged = '<p>x</p>\n<div data-phongtrao-html="0"></div>'
    page = pipeline.PageView(src_uri="mo-hinh-hay/bai-viet.md", url="mo-hinh-hay/bai-viet/")
    assert rawhtml.restore_raw_html(forged, page, state) == forged
    own = pipeline.PageView(src_uri="don-vi/a.md", url="don-vi/a/")
    assert "của đơn vị A" in rawhtml.restore_raw_html(forged, own, state)
