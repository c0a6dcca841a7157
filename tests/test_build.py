"""The real site builds strictly from the sample data and says the data is illustrative."""


def test_strict_build_produces_home_page_in_vietnamese(built_site):
    html = (built_site / "index.html").read_text(encoding="utf-8")
    assert '<html lang="vi"' in html
    assert "Dữ liệu minh hoạ" in html
