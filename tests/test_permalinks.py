"""Permalinks: explicit folded unique slugs, redirects for renamed pages, published URLs never disappear."""
from __future__ import annotations

from pathlib import Path

import yaml

from phongtrao.publishing import permalinks
from phongtrao.text import slugify

ROOT = Path(__file__).resolve().parent.parent
REGISTRY = ROOT / "tests" / "published-urls.txt"


def front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])


def test_slugify_folds_vietnamese():
    assert slugify("Đắk Lắk") == "dak-lak"
    assert slugify("Bình dân học vụ số") == "binh-dan-hoc-vu-so"


def test_every_story_and_practice_has_an_explicit_folded_unique_slug():
    for folder in ("mo-hinh-hay", "dien-hinh", "tin-tuc/posts"):
        pages = [p for p in (ROOT / "docs" / folder).glob("*.md") if p.name != "index.md"]
        assert pages, folder
        slugs = [front_matter(p).get("slug") for p in pages]
        assert all(slugs), folder
        assert all(s == slugify(s) for s in slugs), slugs
        assert len(set(slugs)) == len(slugs), slugs


def test_pages_are_served_at_their_slug(built_site):
    for folder in ("mo-hinh-hay", "dien-hinh"):
        for page in (ROOT / "docs" / folder).glob("*.md"):
            if page.name != "index.md":
                assert (built_site / folder / front_matter(page)["slug"] / "index.html").exists(), page
    for post in (ROOT / "docs" / "tin-tuc" / "posts").glob("*.md"):
        meta = front_matter(post)
        assert (built_site / "tin-tuc" / f"{meta['date']:%Y/%m/%d}" / meta["slug"] / "index.html").exists(), post


def test_news_categories_have_folded_urls(built_site):
    categories = {c for p in (ROOT / "docs/tin-tuc/posts").glob("*.md") for c in front_matter(p)["categories"]}
    for name in categories:
        assert (built_site / "tin-tuc" / "category" / slugify(name) / "index.html").exists(), name


def test_redirect_pages_lead_to_built_pages(built_site):
    table, problems = permalinks.load_redirects(ROOT)
    assert problems == [] and table
    for old, new in table.items():
        page = permalinks.built_path(built_site, old)
        html = page.read_text(encoding="utf-8")
        assert 'http-equiv="refresh"' in html and "<script" not in html
        assert permalinks.built_path(built_site, new).exists(), new
        target = html.split('url=')[1].split('"')[0]
        assert (page.parent / target / "index.html").resolve() == permalinks.built_path(built_site, new).resolve()


def test_no_published_url_disappears(built_site):
    registered = permalinks.read_registry(REGISTRY)
    assert len(registered) > 30
    missing = permalinks.missing_urls(built_site, registered)
    assert missing == [], ("Published URLs missing from the site; add redirects in permalinks.yml: " + ", ".join(missing))


def test_registry_check_catches_a_removed_page(built_site, tmp_path):
    fake = ["mo-hinh-hay/trang-da-xoa/"] + permalinks.read_registry(REGISTRY)[:3]
    assert permalinks.missing_urls(built_site, fake) == ["mo-hinh-hay/trang-da-xoa/"]


def test_registry_lists_the_current_site(built_site):
    """New pages are added to the registry (make published-urls) so they are protected too."""
    current = set(permalinks.published_urls(built_site))
    registered = set(permalinks.read_registry(REGISTRY))
    mine = {u for u in current if u.startswith(("mo-hinh-hay/", "dien-hinh/", "tin-tuc/", "khen-thuong/"))}
    assert mine <= registered, sorted(mine - registered)


def test_post_without_slug_or_with_accents_is_reported(tmp_path):
    posts = tmp_path / "docs" / "tin-tuc" / "posts"
    posts.mkdir(parents=True)
    (posts / "a.md").write_text("---\ntitle: Đắk Lắk phát động\ndate: 2026-01-01\n---\n\nNội dung\n", encoding="utf-8")
    (posts / "b.md").write_text("---\ntitle: B\nslug: Đắk-Lắk\ndate: 2026-01-02\n---\n", encoding="utf-8")
    (posts / "c.md").write_text("---\ntitle: C\nslug: dak-lak\ndate: 2026-01-03\n---\n", encoding="utf-8")
    (posts / "d.md").write_text("---\ntitle: D\nslug: dak-lak\ndate: 2026-01-04\n---\n", encoding="utf-8")
    lines = permalinks.check_post_slugs(tmp_path / "docs", tmp_path)
    assert len(lines) == 3
    assert lines[0].startswith("docs/tin-tuc/posts/a.md") and "slug: dak-lak-phat-dong" in lines[0]
    assert lines[1].startswith("docs/tin-tuc/posts/b.md:3") and "“dak-lak”" in lines[1]
    assert lines[2].startswith("docs/tin-tuc/posts/d.md:3") and "c.md" in lines[2]


def test_heading_anchors_fold_vietnamese(built_site):
    """A press link to the "Vấn đề" section reads #van-de (đ folded to d, not dropped)."""
    slug = front_matter(ROOT / "docs" / "mo-hinh-hay" / "cho-khong-dung-tien-mat.md")["slug"]
    html = (built_site / "mo-hinh-hay" / slug / "index.html").read_text(encoding="utf-8")
    assert 'id="van-de"' in html
    assert 'id="van-e"' not in html
