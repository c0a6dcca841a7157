"""News feeds: valid Atom and RSS, dates as the editors wrote them (+07:00), links to built pages."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import feedparser
import pytest
import yaml

from phongtrao.publishing import feed as feed_mod

ROOT = Path(__file__).resolve().parent.parent
SITE_URL = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)["site_url"]
POSTS = sorted((ROOT / "docs" / "tin-tuc" / "posts").glob("*.md"))


def front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])


def built(site: Path, url: str) -> Path:
    assert url.startswith(SITE_URL), url
    rel = url[len(SITE_URL):]
    return site / (rel + "index.html" if rel.endswith("/") or not rel else rel)


@pytest.mark.parametrize("name", ["feed.xml", "rss.xml"])
def test_feed_is_valid_and_carries_front_matter_dates(built_site, name):
    parsed = feedparser.parse((built_site / name).read_bytes())
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == ("atom10" if name == "feed.xml" else "rss20")
    posts = {front_matter(p)["title"]: front_matter(p) for p in POSTS}
    assert len(parsed.entries) == len(posts) >= 4
    for entry in parsed.entries:
        meta = posts[entry.title]
        expected = dt.datetime.combine(meta["date"], dt.time(), feed_mod.VIETNAM)
        raw = entry.get("published") or entry.get("updated")
        assert dt.datetime.fromisoformat(raw) == expected if name == "feed.xml" \
            else raw.endswith("+0700") and dt.datetime.strptime(raw, "%a, %d %b %Y %H:%M:%S %z") == expected
        # the link is absolute, carries the explicit slug and date, and is a built page
        assert entry.link == f"{SITE_URL}tin-tuc/{meta['date']:%Y/%m/%d}/{meta['slug']}/"
        assert built(built_site, entry.link).exists()
        assert [t.term for t in entry.tags] == meta["categories"]
    # newest first
    dates = [e.get("published") for e in parsed.entries]
    assert parsed.entries[0].title == max(posts.values(), key=lambda m: m["date"])["title"], dates


def test_feeds_are_deterministic_and_escape_text():
    when = dt.datetime(2026, 1, 2, tzinfo=feed_mod.VIETNAM)
    entry = feed_mod.Entry(url="tin-tuc/a/", title="A & <b>", summary="x < y", published=when, updated=when,
                           authors=("Ban biên tập",), categories=("Khen thưởng",))
    first = feed_mod.atom([entry], "https://x.example/", "T", "S")
    assert first == feed_mod.atom([entry], "https://x.example/", "T", "S")
    assert b"A &amp; &lt;b&gt;" in first
    parsed = feedparser.parse(first)
    assert parsed.bozo == 0 and parsed.entries[0].title == "A & <b>"
    assert feedparser.parse(feed_mod.rss([entry], "https://x.example/", "T", "S")).bozo == 0


def test_every_page_links_the_feeds(built_site):
    # embed cards (nhung/) are documents for other sites' iframes, not pages of this one
    pages = [p for p in built_site.rglob("*.html") if "<html" in p.read_text(encoding="utf-8")[:2000]
             and 'http-equiv="refresh"' not in p.read_text(encoding="utf-8")
             and p.relative_to(built_site).parts[0] != "nhung"]
    assert len(pages) > 20
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert f'<link rel="alternate" type="application/atom+xml" title="Tin tức (Atom)" href="{SITE_URL}feed.xml">' in html, page
