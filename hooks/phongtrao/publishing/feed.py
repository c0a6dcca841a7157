"""News feeds (Atom feed.xml and RSS 2.0 rss.xml) from the news posts' front matter.

Written here rather than with a plugin that takes dates from git: a story's date
is the one its editor wrote, shown in Vietnam's time zone (+07:00). The files
depend only on the posts, so the same commit gives the same bytes.
"""
from __future__ import annotations

import datetime as dt
import email.utils
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from ..untrusted import html_text, plain
from ..text import nfc

VIETNAM = dt.timezone(dt.timedelta(hours=7), "ICT")
NEWS_DIR = "tin-tuc"
POSTS_DIR = f"{NEWS_DIR}/posts/"
ATOM_FILE = "feed.xml"
RSS_FILE = "rss.xml"
MAX_ENTRIES = 50
ATOM_NS = "http://www.w3.org/2005/Atom"


@dataclass(frozen=True)
class Entry:
    url: str                      # site-relative
    title: str
    summary: str
    published: dt.datetime        # aware, +07:00
    updated: dt.datetime
    authors: tuple[str, ...]
    categories: tuple[str, ...]


def as_datetime(value) -> dt.datetime | None:
    """A front matter date (date, datetime, or Material's {created, updated}) as an aware datetime in +07:00."""
    if isinstance(value, dict):
        value = value.get("created")
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError:
            return None
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=VIETNAM) if value.tzinfo is None else value.astimezone(VIETNAM)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=VIETNAM)
    return None


def _authors_names(ids, authors_file: Path) -> tuple[str, ...]:
    import yaml
    try:
        data = yaml.safe_load(authors_file.read_text(encoding="utf-8")) or {}
    except OSError:
        data = {}
    table = data.get("authors") or {}
    return tuple(plain((table.get(a) or {}).get("name", a)) for a in ids or ())


def remember_post(html: str, page, state) -> str:
    """Note each news post as it is built (its final URL comes from the blog plugin)."""
    if not page.src_uri.startswith(POSTS_DIR):
        return html
    meta = page.meta or {}
    published = as_datetime(meta.get("date"))
    if published is None:
        return html
    updated = as_datetime((meta.get("date") or {}).get("updated")) if isinstance(meta.get("date"), dict) else None
    state.feed_entries[page.src_uri] = Entry(
        url=page.url, title=plain(meta.get("title") or page.title),
        summary=plain(meta.get("description")),
        published=published, updated=updated or published,
        authors=_authors_names(meta.get("authors"), state.site.docs_dir / NEWS_DIR / ".authors.yml"),
        categories=tuple(plain(c) for c in meta.get("categories") or ()),
    )
    return html


def entries(state) -> list[Entry]:
    """Newest first; ties broken by URL so the order never depends on build order."""
    items = list(state.feed_entries.values())
    return sorted(items, key=lambda e: (-e.published.timestamp(), e.url))[:MAX_ENTRIES]


def _sub(parent, tag, text=None, **attrs):
    el = ET.SubElement(parent, tag, {k.rstrip("_"): v for k, v in attrs.items()})
    if text is not None:
        el.text = text
    return el


def atom(items: list[Entry], site_url: str, title: str, subtitle: str) -> bytes:
    feed = ET.Element("feed", {"xmlns": ATOM_NS, "xml:lang": "vi"})
    _sub(feed, "id", site_url + ATOM_FILE)
    _sub(feed, "title", title)
    _sub(feed, "subtitle", subtitle)
    _sub(feed, "link", rel="self", type="application/atom+xml", href=site_url + ATOM_FILE)
    _sub(feed, "link", rel="alternate", type="text/html", href=site_url + NEWS_DIR + "/")
    newest = max((e.updated for e in items), default=dt.datetime(2025, 1, 1, tzinfo=VIETNAM))
    _sub(feed, "updated", newest.isoformat())
    _sub(_sub(feed, "author"), "name", title)
    for e in items:
        entry = _sub(feed, "entry")
        _sub(entry, "id", site_url + e.url)
        _sub(entry, "title", e.title)
        _sub(entry, "link", rel="alternate", type="text/html", href=site_url + e.url)
        _sub(entry, "published", e.published.isoformat())
        _sub(entry, "updated", e.updated.isoformat())
        for name in e.authors:
            _sub(_sub(entry, "author"), "name", name)
        for category in e.categories:
            _sub(entry, "category", term=category)
        if e.summary:
            _sub(entry, "summary", e.summary, type="text")
    ET.indent(feed)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="utf-8") + b"\n"


def rss(items: list[Entry], site_url: str, title: str, description: str) -> bytes:
    root = ET.Element("rss", {"version": "2.0", "xmlns:atom": ATOM_NS})
    channel = _sub(root, "channel")
    _sub(channel, "title", title)
    _sub(channel, "link", site_url + NEWS_DIR + "/")
    _sub(channel, "description", description)
    _sub(channel, "language", "vi")
    _sub(channel, "atom:link", rel="self", type="application/rss+xml", href=site_url + RSS_FILE)
    if items:
        _sub(channel, "lastBuildDate", email.utils.format_datetime(max(e.updated for e in items)))
    for e in items:
        item = _sub(channel, "item")
        _sub(item, "title", e.title)
        _sub(item, "link", site_url + e.url)
        _sub(item, "guid", site_url + e.url, isPermaLink="true")
        _sub(item, "pubDate", email.utils.format_datetime(e.published))
        for category in e.categories:
            _sub(item, "category", category)
        if e.summary:
            # RSS readers take <description> as HTML: the plain summary is escaped once more
            _sub(item, "description", html_text(e.summary))
    ET.indent(root)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="utf-8") + b"\n"


def write_feeds(state) -> None:
    site_url = state.site.site_url or "/"
    site_url = site_url if site_url.endswith("/") else site_url + "/"
    title = f"Tin tức – {state.site.site_name}"
    description = nfc(" ".join(state.site.site_description.split()))
    items = entries(state)
    site_dir = state.site.site_dir
    (site_dir / ATOM_FILE).write_bytes(atom(items, site_url, title, description))
    (site_dir / RSS_FILE).write_bytes(rss(items, site_url, title, description))
