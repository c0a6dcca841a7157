"""Sharing: Open Graph/Twitter facts for every page and 1200×630 social card images.

Material's social plugin downloads Google Fonts at build time; here cards are
drawn with Pillow and DejaVu Sans, vendored in ./fonts (licence beside it), so
Vietnamese renders correctly offline. Cards are drawn only for pages people
share (news, practices, exemplars, plans, localities, home); other pages use the
site card. A unit page shows its locality's card: at province size (5,000 units)
a card per unit was most of the drawing time and a third of the site's bytes.
Same text → same pixels → same PNG bytes (no timestamps, no clock).
"""
from __future__ import annotations

import contextlib
import hashlib
import io
import logging
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import PIL
from PIL import Image, ImageDraw, ImageFont

from ..reading import sealed
from ..text import date_vi, nfc
from ..untrusted import plain

log = logging.getLogger("phongtrao")

FONTS = Path(__file__).resolve().parent / "fonts"
WIDTH, HEIGHT = 1200, 630
CARDS_DIR = "assets/the-chia-se"
DEFAULT_CARD = f"{CARDS_DIR}/trang-web.png"
RED, AMBER, INK, GREY, WHITE = (183, 28, 28), (255, 179, 0), (33, 33, 33), (90, 90, 90), (255, 255, 255)
SITE_LABEL = "Phong trào thi đua Chuyển đổi số – Bình dân học vụ số"

# (prefix of the source path, label on the card, og:type)
KINDS = [
    ("tin-tuc/posts/", "Tin tức", "article"),
    ("mo-hinh-hay/", "Mô hình hay", "article"),
    ("dien-hinh/", "Điển hình tiên tiến", "article"),
    ("ke-hoach/", "Kế hoạch", "website"),
    ("don-vi/", "Đơn vị", "website"),
    ("dia-ban/", "Địa bàn", "website"),
    ("khen-thuong", "Khen thưởng", "website"),
    ("index.md", "Trang chủ", "website"),
    ("tin-tuc/index.md", "Tin tức", "website"),
]


@dataclass(frozen=True)
class Card:
    path: str            # site-relative PNG path
    label: str
    title: str
    subtitle: str
    illustrative: bool


# One set of faces per drawing thread (a FreeType face must not be used by two threads at once),
# gone with the thread: `serve` starts new drawing threads at every rebuild.
_FACES = threading.local()


def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    faces = _FACES.__dict__.setdefault("faces", {})
    if (size, bold) not in faces:
        name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
        # BASIC layout: the same glyph positions whether or not libraqm is installed
        faces[size, bold] = ImageFont.truetype(str(FONTS / name), size, layout_engine=ImageFont.Layout.BASIC)
    return faces[size, bold]


def wrap(text: str, face: ImageFont.FreeTypeFont, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and face.getlength(lines[-1] + " " + word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def fit_title(text: str, width: int, max_lines: int) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The largest title size that fits; very long titles are cut with an ellipsis."""
    for size in (64, 56, 50, 44):
        face = font(size, bold=True)
        lines = wrap(text, face, width)
        if len(lines) <= max_lines:
            return face, lines
    lines = lines[:max_lines]
    while lines[-1] and face.getlength(lines[-1] + " …") > width:
        lines[-1] = lines[-1].rsplit(" ", 1)[0] if " " in lines[-1] else lines[-1][:-1]
    lines[-1] += " …"
    return face, lines


def draw(card: Card) -> Image.Image:
    image = Image.new("RGB", (WIDTH, HEIGHT), WHITE)
    d = ImageDraw.Draw(image)
    margin = 72
    d.rectangle((0, 0, WIDTH, 96), fill=RED)
    d.text((margin, 48), nfc(SITE_LABEL), font=font(30, True), fill=WHITE, anchor="lm")
    d.rectangle((0, HEIGHT - 14, WIDTH, HEIGHT), fill=AMBER)
    y = 140
    d.text((margin, y), nfc(card.label).upper(), font=font(30, True), fill=RED, anchor="la")
    if card.illustrative:
        badge = "MINH HOẠ"
        face = font(24, True)
        w = face.getlength(badge)
        d.rounded_rectangle((WIDTH - margin - w - 32, y - 6, WIDTH - margin, y + 38), radius=8, fill=AMBER)
        d.text((WIDTH - margin - w - 16, y + 16), badge, font=face, fill=INK, anchor="lm")
    face, lines = fit_title(nfc(card.title), WIDTH - 2 * margin, 4)
    y += 64
    line_height = int(face.size * 1.25)
    for line in lines:
        d.text((margin, y), line, font=face, fill=INK, anchor="la")
        y += line_height
    if card.subtitle:
        sub = wrap(nfc(card.subtitle), font(30), WIDTH - 2 * margin)[:2]
        y = max(y + 16, HEIGHT - 70 - 42 * len(sub))
        for line in sub:
            d.text((margin, y), line, font=font(30), fill=GREY, anchor="la")
            y += 42
    return image


def png(card: Card) -> bytes:
    """The card's PNG bytes (same text → same bytes)."""
    out = io.BytesIO()
    # level 6: ~35 ms to encode against ~100 ms at 9, for 5 % larger files
    draw(card).save(out, format="PNG", optimize=False, compress_level=6)
    return out.getvalue()


# Drawing code, fonts and Pillow are part of the cache key, so any change redraws every card.
_VERSION = hashlib.sha256(Path(__file__).read_bytes() + PIL.__version__.encode() + b"".join(
    (FONTS / n).read_bytes()[:4096] for n in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"))).hexdigest()[:16]
CARD_LIMIT = 4 << 20  # a card is about 60 KB


def cache_key(card: Card) -> str:
    text = "\x1f".join((_VERSION, card.label, card.title, card.subtitle, str(card.illustrative)))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def draw_all(cards: dict[str, Card], site_dir: Path, cache_dir: Path | None) -> int:
    """Write every card (site path -> card) into site_dir; returns how many were drawn afresh.

    Cards that look the same (the same text) are drawn once. With a cache, a card drawn
    before is taken from it if its seal holds (sealed.py: a planted PNG is drawn afresh).
    Pillow lets go of Python's lock while it draws and compresses, so the cards to draw
    are shared among threads, one per core.
    """
    keys = {path: cache_key(card) for path, card in cards.items()}
    images: dict[str, bytes] = {}
    if cache_dir is not None:
        for key in sorted(set(keys.values())):
            payload = sealed.read(cache_dir / f"{key}.png", key, CARD_LIMIT)
            if payload is not None:
                images[key] = payload
    todo = {key: cards[path] for path, key in sorted(keys.items()) if key not in images}
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        drawn = dict(zip(todo, pool.map(png, todo.values())))
    images.update(drawn)
    for path in sorted(cards):
        out = site_dir / path
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(images[keys[path]])
    if cache_dir is not None:
        for key, payload in sorted(drawn.items()):
            with contextlib.suppress(OSError):  # a read-only checkout just draws every time
                sealed.write(cache_dir / f"{key}.png", key, payload)
    return len(drawn)


def card_path(url: str) -> str:
    """PNG path for a page URL: "mo-hinh-hay/x/" → "assets/the-chia-se/mo-hinh-hay/x.png"."""
    stem = url.strip("/").removesuffix(".html") or "trang-chu"
    return f"{CARDS_DIR}/{stem}.png"


def kind_of(src_uri: str) -> tuple[str, str] | None:
    """(card label, og:type) of pages worth a card of their own; None for the rest."""
    for prefix, label, og_type in KINDS:
        if src_uri == prefix or (not prefix.endswith(".md") and src_uri.startswith(prefix)):
            # a section's index (gallery, list) is a website page, not an article
            is_index = src_uri == "index.md" or src_uri.endswith("/index.md")
            return label, "website" if is_index else og_type
    return None


def subtitle_for(page, state) -> str:
    from ..pages import practices  # the practice facts give unit and locality
    for p in practices.practices(state):
        if p.src_uri == page.src_uri:
            unit = state.dataset.units.get(p.unit) if p.unit else None
            loc = state.dataset.localities.get(unit.locality) if unit else None
            parts = [unit.name if unit else None, loc.name if loc else None, date_vi(p.date) if p.date else None]
            return " · ".join(x for x in parts if x)
    meta = page.meta or {}
    if page.src_uri.startswith("tin-tuc/posts/"):
        from .feed import as_datetime
        when = as_datetime(meta.get("date"))
        cats = ", ".join(str(c) for c in meta.get("categories") or ())
        return " · ".join(x for x in (date_vi(when.date()) if when else None, cats) if x)
    return str(meta.get("description") or "")


def unit_of(src_uri: str, state):
    """The unit whose generated page this is (<units_dir>/<unit-id>.md), else None."""
    prefix = state.config.units_dir.strip("/") + "/"
    if not src_uri.startswith(prefix) or not src_uri.endswith(".md"):
        return None
    return state.dataset.units.get(src_uri[len(prefix):-3])


def locality_card(unit, state) -> Card | None:
    """The card of the unit's locality page, queued here too in case that page comes later."""
    loc = state.dataset.localities.get(unit.locality)
    if loc is None:
        return None
    path = card_path(f"{state.config.localities_dir.strip('/')}/{loc.id}/")
    # same title as the generated locality page (templates/locality.md.j2); when that page is
    # rendered its own card replaces this one under the same path
    return Card(path, "Địa bàn", f"Tiến độ: {loc.name}", "", state.dataset.illustrative)


def share_facts(html: str, page, state) -> str:
    """Tell the meta partial what kind of page this is and which card to show; queue the card."""
    kind = kind_of(page.src_uri)
    meta = page.meta
    share = {"type": "website", "image": DEFAULT_CARD}
    unit = unit_of(page.src_uri, state)
    if unit is not None:
        card = locality_card(unit, state)
        if card is not None:
            state.cards.setdefault(card.path, card)
            share = {"type": "website", "image": card.path}
    elif kind is not None:
        label, og_type = kind
        path = card_path(page.url)
        illustrative = bool(meta.get("illustrative")) or (state.dataset.illustrative and label in ("Đơn vị", "Địa bàn"))
        state.cards[path] = Card(path, label, plain(page.title), plain(subtitle_for(page, state)), illustrative)
        share = {"type": og_type, "image": path}
    meta["phongtrao_share"] = share
    return html


def write_cards(state) -> None:
    cards = dict(state.cards)
    cards[DEFAULT_CARD] = Card(DEFAULT_CARD, "Theo dõi công khai", state.site.site_name,
                               "Xã, phường · 2025–2030", False)
    # a cache beside the site's config file (like Material's .cache) makes live-preview rebuilds
    # instant; PHONGTRAO_CARD_CACHE=off draws every card afresh
    off = os.environ.get("PHONGTRAO_CARD_CACHE") == "off"
    cache = None if off else state.site.root / ".cache" / "phongtrao-cards"
    start = time.perf_counter()
    drawn = draw_all(cards, state.site.site_dir, cache)
    elapsed = time.perf_counter() - start
    log.info("Thẻ chia sẻ: %d ảnh (%d vẽ mới) trong %.2f s", len(cards), drawn, elapsed)
