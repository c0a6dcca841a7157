"""The plan texts as extracted from their PDFs, and the editorial restoration of them.

The extracted texts are kept verbatim in data/plans/nguon/<plan id>.txt. The
Buôn Ma Thuột extraction lost some capital letters (each became a space, so the
fragment keeps its length: "KẾ  OẠC " is "KẾ HOẠCH"). RESTORATIONS is the single
list of those repairs: the published page follows it, its "Ghi chú biên tập"
box is rendered from it, and the tests apply it to the seed before checking that
every paragraph of the seed is on the page.
"""
from __future__ import annotations

import re
from pathlib import Path

from ..text import nfc, squash

SOURCE_DIR = "plans/nguon"   # relative to the data folder

# plan id -> ((fragment as extracted, restored), ...). Fragments are exact
# substrings of the extracted text (spaces included) and occur once each.
RESTORATIONS: dict[str, tuple[tuple[str, str], ...]] = {
    "buon-ma-thuot-2025": (
        ("Tự do -  ạnh phúc", "Tự do - Hạnh phúc"),
        ("KẾ  OẠC ", "KẾ HOẠCH"),
        ("phường  uôn Ma Thuột", "phường Buôn Ma Thuột"),
        ("MỤC ĐÍC ,  ÊU CẦU", "MỤC ĐÍCH, YÊU CẦU"),
        ("2.  êu cầu", "2. Yêu cầu"),
        ("II.  ỘI  U G P O G TRÀO T I ĐU ", "II. NỘI DUNG PHONG TRÀO THI ĐUA"),
        ("TIÊU C Í T I ĐU  VÀ  Ì   T ỨC K E  T ƯỞ G", "TIÊU CHÍ THI ĐUA VÀ HÌNH THỨC KHEN THƯỞNG"),
        ("GIẢI P ÁP T ỰC  IỆ ", "GIẢI PHÁP THỰC HIỆN"),
        ("T ỜI GI   VÀ TRÁC    IỆM T ỰC  IỆ ", "THỜI GIAN VÀ TRÁCH NHIỆM THỰC HIỆN"),
        (" C   TỊC ", " CHỦ TỊCH"),
        (" guyễn Thanh Vũ", "Nguyễn Thanh Vũ"),
    ),
}

# Header lines the extraction lost entirely; shown on the page, marked as restored.
RESTORED_HEADER: dict[str, tuple[tuple[str, str], ...]] = {
    "buon-ma-thuot-2025": (
        ("ỦY BAN NHÂN DÂN PHƯỜNG BUÔN MA THUỘT",
         "tên cơ quan ban hành, theo nội dung văn bản (“UBND phường Buôn Ma Thuột ban hành Kế hoạch”)"),
        ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "quốc hiệu, dòng luôn đứng trên tiêu ngữ"),
    ),
}


def source_path(data_dir: Path, plan_id: str) -> Path:
    return Path(data_dir) / SOURCE_DIR / f"{plan_id}.txt"


def read_source(data_dir: Path, plan_id: str) -> str:
    return nfc(source_path(data_dir, plan_id).read_text(encoding="utf-8"))


def restore(text: str, plan_id: str) -> str:
    """Apply the restoration table of one plan to its extracted text."""
    for broken, fixed in RESTORATIONS.get(plan_id, ()):
        text = text.replace(broken, fixed)
    return text


def lost_letters(broken: str, fixed: str) -> str:
    """The broken fragment with each lost letter shown as □, for the editorial note."""
    if len(broken) != len(fixed):
        return broken
    return "".join("□" if b == " " and f != " " else b for b, f in zip(broken, fixed)).strip()


# ---------------------------------------------------------------- paragraphs

# A line that starts a list item or a heading: "I.", "1.", "a)", "-", "+".
_ITEM = re.compile(r"^(?:[IVX]+\.|\d+\.|[a-zđ]\)|[-+])(?:\s|(?=\S))")
# A line that ends a paragraph: sentence or clause end, possibly inside closing quotes.
_END = re.compile(r"(?:[.:;!?]|\./\.)[”\")]*$")
# Page furniture that stands on its own line in the document header.
_FURNITURE = re.compile(r"^(?:Số:|Độc lập - Tự do|Nơi nhận:)|, ngày .* năm \d{4}$")
# The extraction sometimes puts the number and the place/date on one line.
_FURNITURE_SPLIT = re.compile(r"(?<=^Số: /KH-UBND) (?=\S)")
# Preamble paragraphs of an administrative document open with these words.
_OPENER = re.compile(r"^(?:Căn cứ|Thực hiện) ")
_SHORT_ITEM = 50   # a list item shorter than this with no end mark is a run-in heading


def _ends_paragraph(line: str) -> bool:
    """The line ends a sentence or clause, is a heading in capitals, or is a short run-in heading."""
    return bool(_END.search(line) or _is_caps(line) or _FURNITURE.search(line)
                or (_ITEM.match(line) and len(line) < _SHORT_ITEM))


def _is_caps(line: str) -> bool:
    """A heading or header line: letters, none of them lower case."""
    return any(ch.isalpha() for ch in line) and not any(ch.islower() for ch in line)


def paragraphs(text: str) -> list[str]:
    """Split an extracted plan text into paragraphs.

    The PDF extraction puts a blank line after every printed line, so blank
    lines do not mark paragraphs. A paragraph starts at a list marker, after a
    line that ends a sentence or clause, and around header lines in capitals or
    page furniture (number, motto, place and date). Wrapped lines are joined
    with one space (Vietnamese has no hyphenation) and white space is squashed.
    """
    out: list[list[str]] = []
    previous = ""
    for raw in nfc(text).splitlines():
        line = squash(raw)
        if not line:
            continue
        new = (not out or _ends_paragraph(previous) or _ITEM.match(line) or _OPENER.match(line)
               or _is_caps(line) or _FURNITURE.search(line))
        if new:
            out.append([line])
        else:
            out[-1].append(line)
        previous = line
    pieces: list[str] = []
    for para in out:
        pieces.extend(_FURNITURE_SPLIT.split(" ".join(para)))
    return pieces
