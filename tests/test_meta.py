"""Sharing: Open Graph / Twitter meta on every kind of page, and the social card images."""
from __future__ import annotations

import re
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from PIL import Image

from phongtrao.publishing import social

ROOT = Path(__file__).resolve().parent.parent
SITE_URL = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)["site_url"]


class Meta(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: dict[str, str] = {}
        self.canonical = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta" and (a.get("property") or a.get("name")):
            self.tags.setdefault(a.get("property") or a.get("name"), a.get("content"))
        if tag == "link" and a.get("rel") == "canonical":
            self.canonical = a.get("href")


# (page URL, og:type, which card: True = its own, False = the site card, a URL = that page's card)
PAGES = [
    ("", "website", True),
    ("ke-hoach/ia-bang/", "website", True),
    ("dia-ban/ia-bang/", "website", True),
    # a unit page shares its locality's card (no card is drawn per unit)
    ("don-vi/ia-bang-phong-van-hoa-xa-hoi/", "website", "dia-ban/ia-bang/"),
    ("mo-hinh-hay/to-cong-nghe-so-cong-dong-ia-bang/", "article", True),
    ("dien-hinh/tran-thi-minh-hoa/", "article", True),
    ("tin-tuc/2026/06/25/ia-bang-nhan-rong-to-cong-nghe-so/", "article", True),
    ("mo-hinh-hay/", "website", True),
    ("tin-tuc/", "website", True),
    ("tin-tuc/category/khen-thuong/", "website", False),
]


@pytest.mark.parametrize("url,og_type,which_card", PAGES)
def test_open_graph_and_twitter_meta(built_site, url, og_type, which_card):
    html = (built_site / url / "index.html").read_text(encoding="utf-8")
    meta = Meta()
    meta.feed(html)
    t = meta.tags
    assert t["og:url"] == SITE_URL + url
    assert t["og:type"] == og_type
    assert t["og:locale"] == "vi_VN"
    assert t["twitter:card"] == "summary_large_image"
    assert t["og:title"] and t["og:description"] and t["twitter:title"] == t["og:title"]
    assert t["og:image"].startswith(SITE_URL) and t["twitter:image"] == t["og:image"]
    card = built_site / t["og:image"][len(SITE_URL):]
    assert card.exists()
    with Image.open(card) as image:
        assert image.format == "PNG" and image.size == (1200, 630)
    if isinstance(which_card, str):
        assert card == built_site / social.card_path(which_card)
    else:
        assert card == built_site / (social.card_path(url) if which_card else social.DEFAULT_CARD)


def test_no_card_is_drawn_per_unit(built_site):
    """Unit pages reuse their locality's card: at province size a card per unit was a third of the site."""
    units = [p.parent.name for p in (built_site / "don-vi").glob("*/index.html")]
    assert units
    cards = built_site / social.CARDS_DIR
    assert not [u for u in units if (cards / "don-vi" / f"{u}.png").exists()]
    assert (cards / "dia-ban" / "ia-bang.png").exists() and (cards / "dia-ban" / "buon-ma-thuot.png").exists()


def test_article_description_comes_from_front_matter(built_site):
    meta = Meta()
    meta.feed((built_site / "dien-hinh/nguyen-van-mau/index.html").read_text(encoding="utf-8"))
    assert "312" not in meta.tags["og:description"] and "hư cấu" in meta.tags["og:description"]
    assert meta.tags["og:title"].startswith("Anh Nguyễn Văn Mẫu")


def test_cards_are_deterministic_and_fit_long_titles(tmp_path):
    card = social.Card("x.png", "Mô hình hay", "Đắk Lắk: " + "tổ công nghệ số cộng đồng " * 12, "Xã Ia Băng · 02/07/2026", True)
    a, b = tmp_path / "a.png", tmp_path / "b.png"
    a.write_bytes(social.png(card))
    b.write_bytes(social.png(card))
    assert a.read_bytes() == b.read_bytes()
    face, lines = social.fit_title(card.title, 1200 - 144, 4)
    assert len(lines) == 4 and lines[-1].endswith("…")
    assert all(face.getlength(line) <= 1200 - 144 for line in lines)


def test_cards_drawn_together_match_one_by_one_and_alike_cards_are_drawn_once(tmp_path):
    """Threads draw the cards; the same text (the locality card of 60 units) is drawn once, and
    nothing differs from drawing each card alone."""
    cards = {f"don-vi/{i}.png": social.Card(f"don-vi/{i}.png", "Địa bàn", f"Xã số {i % 3}", "Gia Lai", False)
             for i in range(9)}
    assert social.draw_all(cards, tmp_path / "site", tmp_path / "cache") == 3
    assert social.draw_all(cards, tmp_path / "again", tmp_path / "cache") == 0
    assert social.draw_all(cards, tmp_path / "uncached", None) == 3  # alike cards drawn once without a cache too
    for path, card in cards.items():
        alone = tmp_path / "alone.png"
        alone.write_bytes(social.png(card))
        for folder in ("site", "again", "uncached"):
            assert (tmp_path / folder / path).read_bytes() == alone.read_bytes(), (folder, path)
    assert not list((tmp_path / "cache").glob("*.part"))


def test_built_cards_match_a_fresh_render(built_site):
    """The build writes exactly what `png` draws: same text, same bytes."""
    path = built_site / social.card_path("dien-hinh/nguyen-van-mau/")
    card = social.Card("", "Điển hình tiên tiến", "Anh Nguyễn Văn Mẫu, tổ trưởng tổ công nghệ số cộng đồng",
                       "Đoàn Thanh niên Cộng sản Hồ Chí Minh xã · Xã Ia Băng · 02/07/2026", True)
    fresh = built_site.parent / "fresh-card.png"
    fresh.write_bytes(social.png(card))
    assert fresh.read_bytes() == path.read_bytes()


def test_story_sidebar_labels_are_vietnamese(built_site):
    """Material 9.8's vi.html leaves a few labels in English; a reader of a story sees Vietnamese."""
    html = (built_site / "tin-tuc/2025/10/02/xa-ia-bang-phat-dong-phong-trao/index.html").read_text(encoding="utf-8")
    assert "Thông tin bài viết" in html
    assert ">Metadata<" not in html and "Initializing search" not in html


def test_the_footer_is_vietnamese(built_site):
    """Material's footer says “Made with Material for MkDocs”: no English in the UI."""
    html = (built_site / "index.html").read_text(encoding="utf-8")
    footer = html[html.index('<div class="md-copyright">'):]
    assert "Made with" not in footer and "Trang được dựng bằng phần mềm mã nguồn mở" in footer


def test_every_page_offers_a_prefilled_report_of_a_wrong_figure(built_site):
    """No server of ours: a link opens a new issue on the repository with the page's address filled in."""
    from urllib.parse import parse_qs, urlsplit
    html = (built_site / "don-vi/ia-bang-lang-bi/index.html").read_text(encoding="utf-8")
    href = re.search(r'class="pt-feedback[^"]*"[^>]*><a href="([^"]+)"', html)[1].replace("&amp;", "&")
    parts = urlsplit(href)
    assert parts.netloc == "github.com" and parts.path.endswith("/issues/new")
    query = parse_qs(parts.query)
    assert query["title"] == ["Góp ý: Làng Bi"]
    assert query["body"][0].startswith("Trang: https://phong-trao-so.github.io/theo-doi/don-vi/ia-bang-lang-bi/\n")


def test_an_english_summary_for_foreign_readers(built_site):
    html = (built_site / "en/index.html").read_text(encoding="utf-8")
    assert '<div lang="en">' in html and "Decision No. 923/QĐ-TTg" in html  # marked English for screen readers
    assert 'href="../dia-ban/"' in html
