"""The real site builds strictly from the sample data and says the data is illustrative."""


def test_strict_build_produces_home_page_in_vietnamese(built_site):
    html = (built_site / "index.html").read_text(encoding="utf-8")
    assert '<html lang="vi"' in html
    assert "Dữ liệu minh hoạ" in html


def test_no_page_repeats_an_id(built_site):
    """A link to #an-anchor opens one place: every id is unique on every page of the site."""
    import re
    from collections import Counter
    repeated = {}
    for page in built_site.rglob("*.html"):
        ids = Counter(re.findall(r'\sid="([^"]+)"', page.read_text(encoding="utf-8")))
        dup = sorted(i for i, n in ids.items() if n > 1)
        if dup:
            repeated[page.relative_to(built_site).as_posix()] = dup[:3]
    assert repeated == {}
