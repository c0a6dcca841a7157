"""Vietnamese text helpers: NFC, diacritic folding, slugs, collation, dates."""
from __future__ import annotations

import datetime as _dt
import re
import unicodedata

from slugify import slugify as _slugify

# Vietnamese alphabet order: a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y,
# with the tones ordered  (none) huyền hỏi ngã sắc nặng  — the order of Vietnamese dictionaries.
_ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
_BASE_RANK = {ch: i for i, ch in enumerate(_ALPHABET)}
_TONE_RANK = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_VOWEL_MARKS = {"\u0306": "ă", "\u0302": "^", "\u031b": "ư"}


def nfc(text: str) -> str:
    """Unicode NFC: the same word typed on different keyboards compares equal."""
    if text.isascii():  # most YAML keys and values: nothing to compose
        return text
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """Lower-case and strip every diacritic, folding đ to d: "Đắk Lắk" → "dak lak"."""
    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d").replace("Đ", "d"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def slugify(text: str, separator: str = "-") -> str:
    """URL slug with Vietnamese folding: "Đắk Lắk" → "dak-lak"."""
    return _slugify(nfc(text).replace("đ", "d").replace("Đ", "D"), separator=separator)


def toc_slugify(value: str, separator: str = "-") -> str:
    """Heading anchors for Python-Markdown's toc extension (its slugify(value, separator) call)."""
    return slugify(value, separator)


def _letter_key(ch: str) -> tuple[int, int]:
    """(base-letter rank, tone rank) of one lower-case NFC character."""
    parts = unicodedata.normalize("NFD", ch)
    base, marks = parts[0], parts[1:]
    tone = 0
    for mark in marks:
        if mark in _TONE_RANK:
            tone = _TONE_RANK[mark]
        elif mark == "\u0306" and base == "a":
            base = "ă"
        elif mark == "\u0302" and base in "aeo":
            base = {"a": "â", "e": "ê", "o": "ô"}[base]
        elif mark == "\u031b" and base in "ou":
            base = {"o": "ơ", "u": "ư"}[base]
    if base in _BASE_RANK:
        return (_BASE_RANK[base] + 1000, tone)
    return (ord(base) if ord(base) < 1000 else ord(base) + 2000, tone)


def collation_key(text: str) -> tuple:
    """Sort key in Vietnamese dictionary order: letters first, tones as tie-breakers."""
    lowered = nfc(text).lower()
    letters = tuple(_letter_key(ch) for ch in lowered)
    return (tuple(k[0] for k in letters), tuple(k[1] for k in letters), text)


def sort_vi(items, key=lambda item: item):
    """Sort items by a text key in Vietnamese collation."""
    return sorted(items, key=lambda item: collation_key(key(item)))


def date_vi(value: _dt.date | None, missing: str = "—") -> str:
    """Date as Vietnamese readers write it: dd/mm/yyyy."""
    if value is None:
        return missing
    return value.strftime("%d/%m/%Y")


_SPACES = re.compile(r"\s+")


def squash(text: str) -> str:
    """Collapse runs of white space, for comparing text across line breaks."""
    return _SPACES.sub(" ", nfc(text)).strip()
