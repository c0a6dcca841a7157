"""A corpus of broken unit files, one per kind of mistake an official makes in the web editor.

Each case copies the sample data into a temporary folder, drops in one broken
file from tests/corpus/<case>/ and asserts that the checker names the file and
the exact line (and column), in Vietnamese, without a traceback, and that every
other unit is still loaded.
"""
from __future__ import annotations

import datetime as dt
import re
import shutil
import unicodedata
from pathlib import Path

import pytest

from phongtrao import cli
from phongtrao.reading.load import load_dataset
from phongtrao.reading.validate import KINDS, schema
from phongtrao.reading.yamlio import MAX_BYTES, load_file, load_text

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data"
CORPUS = Path(__file__).resolve().parent / "corpus"
VIETNAMESE = re.compile(r"[À-ỹ]")  # Latin-1 letters to Latin Extended Additional: ă â đ ê ô ơ ư and tones
LANG_BI = "units/ia-bang/lang-bi.yml"

# case: (file in the data folder, line, column, words the message must contain)
CASES = {
    "duplicate-key": (LANG_BI, 26, 5, ["“status”", "hai lần", "dòng 24"]),
    "alias": (LANG_BI, 38, 5, ["tham chiếu", "chép đầy đủ"]),
    "yes-no-boolean": (LANG_BI, 42, 15, ["true", "false", "“no”"]),
    "sexagesimal": (LANG_BI, 25, 14, ["“1:30”", "con số"]),
    "leading-zero-number": (LANG_BI, 39, 39, ["“062”", "viết 62"]),
    "impossible-date": (LANG_BI, 21, 11, ["2025-02-30", "không có thật"]),
    "date-day-month-year": (LANG_BI, 29, 16, ["15/12/2025", "viết 2025-12-15"]),
    "unknown-criterion": (LANG_BI, 23, 16, ["“mt-3”", "“mt-2”"]),
    "criterion-other-group": (LANG_BI, 23, 16, ["“cq-2”", "mt-1, mt-2"]),
    "unknown-plan": (LANG_BI, 8, 7, ["“ia-bang-2052”", "“ia-bang-2025”"]),
    "unknown-period": (LANG_BI, 30, 13, ["“2026-6th”", "“2026-6t”"]),
    "unknown-indicator": (LANG_BI, 40, 7, ["nguoi-kich-hoat-vneid-muc2", "“nguoi-kich-hoat-vneid-muc-2”"]),
    "id-without-locality": (LANG_BI, 3, 5, ["“ia-bang-lang-bi”"]),
    "wrong-location": ("units/buon-ma-thuot/lang-moi.yml", 3, 5, ["data/units/ia-bang/lang-moi.yml"]),
    "mistyped-id": (LANG_BI, 3, 5, ["Hãy kiểm tra lại mã", "“ia-bang-lang-bj”", "sửa thành “ia-bang-lang-bi”"]),
    "duplicate-unit-id": ("units/ia-bang/lang-bi-2.yml", 3, 5, ["“ia-bang-lang-bi”", "lang-bi.yml"]),
    "tab-indentation": (LANG_BI, 24, 1, ["Tab", "dấu cách"]),
    "bad-indentation": (LANG_BI, 25, 14, ["thụt lề"]),
    "unknown-field": (LANG_BI, 24, 5, ["“stauts”", "“status”"]),
    "wrong-status": (LANG_BI, 24, 13, ["“xong”", "Hãy viết “hoan-thanh”", "Hoàn thành"]),
    "missing-required": (LANG_BI, 3, 1, ["“kind”", "Loại đơn vị"]),
    "percent-out-of-range": (LANG_BI, 25, 14, ["từ 0 đến 100", "140"]),
    "javascript-link": (LANG_BI, 23, 9, ["javascript:alert(1)", "https://"]),
    "unquoted-date-in-text": (LANG_BI, 16, 10, ["dấu nháy kép"]),
    "python-tag": (LANG_BI, 22, 11, ["“!!python/name:os.system”", "xoá thẻ"]),
}


def windows_1258(text: str) -> bytes:
    """Bytes as a Windows-1258 editor saves Vietnamese: base letters precomposed, tone marks combining."""
    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = b""
    for ch in text:
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", "".join(m for m in parts if m not in tones))
            out += (base + "".join(m for m in parts if m in tones)).encode("cp1258")
    return out


def sample_unit_ids() -> set[str]:
    return set(load_dataset(SAMPLE).dataset.units)


@pytest.fixture(scope="module")
def all_ids() -> set[str]:
    return sample_unit_ids()


def data_with(tmp_path: Path, case: str | None = None) -> Path:
    data = tmp_path / "data"
    shutil.copytree(SAMPLE, data)
    if case:
        shutil.copytree(CORPUS / case, data, dirs_exist_ok=True)
    return data


def run_check(data: Path, capsys, *files: str) -> tuple[int, str]:
    code = cli.main(["check", "--data", str(data), *files])
    out = capsys.readouterr()
    return code, out.out + out.err


def assert_reported(data: Path, capsys, rel: str, line, column, words) -> str:
    code, out = run_check(data, capsys)
    assert code == 1
    assert "Traceback" not in out
    location = f"{(data / rel).as_posix()}:{line}" + (f":{column}:" if column else ":")
    lines = [l for l in out.splitlines() if l.startswith(location)]
    assert lines, f"expected a problem at {location} in:\n{out}"
    message = lines[0][len(location):]
    assert VIETNAMESE.search(message), message
    for word in words:
        assert word in message, f"{word!r} not in {message!r}"
    assert re.search(r"Tìm thấy \d+ lỗi", out)
    return message


def test_sample_data_has_no_problems(capsys):
    result = load_dataset(SAMPLE)
    assert result.problems == []
    assert len(result.dataset.units) >= 24
    code, out = run_check(SAMPLE, capsys)
    assert code == 0 and "không có lỗi" in out


@pytest.mark.parametrize("case", sorted(CASES))
def test_corpus_case_is_reported_where_it_is(case, tmp_path, capsys, all_ids):
    rel, line, column, words = CASES[case]
    data = data_with(tmp_path, case)
    assert_reported(data, capsys, rel, line, column, words)
    # every other unit still reaches the site
    loaded = set(load_dataset(data).dataset.units)
    broken = {"ia-bang-lang-bi"} if rel == LANG_BI else set()
    assert all_ids - broken <= loaded
    if case == "duplicate-unit-id":  # the file at the right place keeps its data
        assert load_dataset(data).dataset.units["ia-bang-lang-bi"].source == data / LANG_BI


def test_every_corpus_folder_has_a_case():
    assert sorted(p.name for p in CORPUS.iterdir() if p.is_dir()) == sorted([*CASES, "nfd-text"])


def test_nfd_text_is_normalised_not_an_error(tmp_path, capsys):
    data = data_with(tmp_path, "nfd-text")
    raw = (data / LANG_BI).read_text(encoding="utf-8")
    assert unicodedata.normalize("NFD", "Băng") in raw  # the corpus file really is decomposed
    code, out = run_check(data, capsys)
    assert code == 0, out
    unit = load_dataset(data).dataset.units["ia-bang-lang-bi"]
    assert unit.name == "Làng Bi – Ia Băng" and unicodedata.is_normalized("NFC", unit.name)


def test_non_utf8_file_names_line_and_column(tmp_path, capsys, all_ids):
    data = data_with(tmp_path)
    text = (SAMPLE / LANG_BI).read_text(encoding="utf-8")
    # what Windows-1258 editors save: decomposed letters, tone marks as separate bytes
    (data / LANG_BI).write_bytes(windows_1258(text))
    # line 2 is "# Dữ liệu minh hoạ…": "ư" (byte 0xFD) is its 4th character
    message = assert_reported(data, capsys, LANG_BI, 2, 4, ["UTF-8"])
    assert "Windows-1258" in message or "TCVN3" in message
    assert all_ids - {"ia-bang-lang-bi"} <= set(load_dataset(data).dataset.units)


def test_too_large_file_is_refused(tmp_path, capsys, all_ids):
    data = data_with(tmp_path)
    text = (SAMPLE / LANG_BI).read_text(encoding="utf-8")
    filler = "".join(f"# ghi chú dài {i:06d} ........................................\n" for i in range(MAX_BYTES // 50))
    (data / LANG_BI).write_text(text + filler, encoding="utf-8")
    code, out = run_check(data, capsys)
    assert code == 1 and "Traceback" not in out
    assert f"{(data / LANG_BI).as_posix()}: Tệp quá lớn" in out
    assert all_ids - {"ia-bang-lang-bi"} <= set(load_dataset(data).dataset.units)


def test_one_bad_file_never_hides_another(tmp_path, capsys):
    data = data_with(tmp_path, "wrong-status")
    shutil.copytree(CORPUS / "unknown-plan", tmp_path / "other")
    moved = (tmp_path / "other" / LANG_BI).read_text(encoding="utf-8").replace("ia-bang-lang-bi", "ia-bang-thon-doan-ket")
    (data / "units/ia-bang/thon-doan-ket.yml").write_text(moved, encoding="utf-8")
    code, out = run_check(data, capsys)
    assert code == 1
    assert f"{(data / LANG_BI).as_posix()}:24:13:" in out
    assert f"{(data / 'units/ia-bang/thon-doan-ket.yml').as_posix()}:8:7:" in out
    assert "Tìm thấy 2 lỗi trong 2 tệp" in out


def test_check_of_given_files_reports_only_those(tmp_path, capsys):
    data = data_with(tmp_path, "wrong-status")
    other = data / "units/ia-bang/phong-kinh-te.yml"
    code, out = run_check(data, capsys, str(other))
    assert code == 0, out
    code, out = run_check(data, capsys, str(data / LANG_BI))
    assert code == 1 and ":24:13:" in out


@pytest.mark.parametrize("kind", KINDS)
def test_schemas_describe_every_field_in_vietnamese(kind):
    """Every property has a Vietnamese title and description (they feed the editor and the guide)."""
    def walk(node, where):
        if isinstance(node, dict):
            for key, sub in (node.get("properties") or {}).items():
                assert sub.get("title") and sub.get("description"), f"{kind}: {where}.{key}"
                assert VIETNAMESE.search(sub["title"] + sub["description"]), f"{kind}: {where}.{key}"
                walk(sub, f"{where}.{key}")
            if node.get("type") == "object" and "properties" in node:
                assert node.get("additionalProperties") is False, f"{kind}: {where}"
            walk(node.get("items"), f"{where}[]")
    s = schema(kind)
    assert s["$schema"].endswith("2020-12/schema")
    walk(s, kind)


def test_enum_values_have_vietnamese_meanings():
    status = schema("unit")["properties"]["progress"]["items"]["properties"]["status"]
    assert dict(zip(status["enum"], status["enumDescriptions"]))["hoan-thanh"] == "Hoàn thành"


def test_common_mistakes_page_quotes_the_checker_verbatim(tmp_path, capsys):
    """docs/dong-gop/loi-thuong-gap.md shows the checker's real output for each mistake it lists."""
    page = (ROOT / "docs/dong-gop/loi-thuong-gap.md").read_text(encoding="utf-8")
    quoted = [l for l in page.splitlines() if l.startswith("data/units/")]
    assert len(quoted) >= 15
    seen = set()
    for case in sorted(CASES):
        data = data_with(tmp_path / case, case)
        _, out = run_check(data, capsys)
        for line in out.splitlines():
            if line.startswith(str(data)):
                seen.add("data" + line[len(str(data)):])
    missing = [l for l in quoted if l not in seen]
    assert not missing, f"update docs/dong-gop/loi-thuong-gap.md; not printed by the checker: {missing}"


def test_unquoted_office_phone_with_leading_zero_stays_text(tmp_path, capsys):
    data = data_with(tmp_path)
    path = data / LANG_BI
    text = path.read_text(encoding="utf-8").replace("  email: langbi", "  phone: 02693800123\n  email: langbi")
    path.write_text(text, encoding="utf-8")
    code, out = run_check(data, capsys)
    assert code == 0, out
    assert load_dataset(data).dataset.units["ia-bang-lang-bi"].contact.phone == "02693800123"


@pytest.mark.parametrize("text, tag", [
    ("note: !!binary aGVsbG8=\n", "!!binary"),
    ("evidence: !!set {a, b}\n", "!!set"),
    ("contact: !!python/object:os.PathLike {}\n", "!!python/object:os.PathLike"),
    ("!!python/name:os.system : x\n", "!!python/name:os.system"),
    ("name: !local x\n", "!local"),
])
def test_tags_other_than_core_ones_are_problems(text, tag):
    doc = load_text(text, Path("x.yml"))
    assert [(p.line, p.message.split("”")[0]) for p in doc.problems] == [(1, f"Không dùng thẻ YAML “{tag}")]


def test_core_tags_and_plain_values_read_as_before():
    doc = load_text("a: !!str x\nb: 2025-10-15\nc: no\nd: 1:30\ne: 0241\nf: ~\ng: 1.5\nh: true\n", Path("x.yml"))
    assert doc.problems == []
    assert doc.data == {"a": "x", "b": dt.date(2025, 10, 15), "c": "no", "d": "1:30", "e": "0241",
                        "f": None, "g": 1.5, "h": True}


@pytest.mark.parametrize("text", [
    "a: 1\nb: Đắk Lắk\nc: [2025-10-15, 0241, no, 1:30, '7', ~, 1.5, true, -3]\nd: {e: f}\n",
    "ten: Đăk Lăk\n".replace("ă", "a\u0306"),  # typed decomposed (NFD): read as NFC
])
def test_quick_reading_gives_the_same_data_as_the_careful_one(text):
    quick, careful = load_text(text, Path("x.yml"), marks=False), load_text(text, Path("x.yml"))
    assert quick.problems == careful.problems == []
    assert quick.data == careful.data and repr(quick.data) == repr(careful.data)
    assert quick.marks is None and careful.marks


@pytest.mark.parametrize("text", [
    "a: 1\na: 2\n", "a: &x 1\nb: *x\n", "a: 2025-02-30\n", "a: 15/10/2025\n", "a: !!python/name:os.system x\n",
    "<<: {a: 1}\n", "? [a]\n: 1\n",
])
def test_quick_reading_leaves_every_mistake_to_the_careful_one(text):
    quick, careful = load_text(text, Path("x.yml"), marks=False), load_text(text, Path("x.yml"))
    assert careful.problems and quick.problems == careful.problems


def test_every_sample_file_reads_the_same_quickly(tmp_path):
    files = sorted(SAMPLE.glob("**/*.yml"))
    assert len(files) > 30
    for path in files:
        assert load_file(path, marks=False).data == load_file(path).data, path


def test_a_quickly_read_file_still_names_the_line_of_a_later_mistake(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(SAMPLE, data)
    unit = sorted((data / "units").glob("*/*.yml"))[0]
    lines = unit.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("locality:"))
    lines[at] = "locality: khong-co-dia-ban-nay"
    unit.write_text("\n".join(lines) + "\n", encoding="utf-8")
    problems = [p for p in load_dataset(data).problems if p.file == unit]
    assert problems and problems[0].line == at + 1


def _schema_mutations(value):
    """The sample value with one field changed at a time, in ways people get wrong."""
    if isinstance(value, dict):
        for key, item in value.items():
            for changed in [*_schema_mutations(item), None]:
                yield {**value, key: changed}
            yield {k: v for k, v in value.items() if k != key}
        yield {**value, "stauts": "x"}
    elif isinstance(value, list):
        for i, item in enumerate(value):
            for changed in _schema_mutations(item):
                yield [*value[:i], changed, *value[i + 1:]]
        yield [*value, *value[:1]]
    elif isinstance(value, dt.date):
        yield value.isoformat()
        yield "x"
    elif isinstance(value, bool):
        yield "no"
    elif isinstance(value, (int, float)):
        yield -1
        yield 1000
        yield 2.5
        yield True
        yield "062"
    elif isinstance(value, str):
        yield dt.date(2025, 10, 15)
        yield ""
        yield 12
        yield "javascript:alert(1)"
        yield value + " " * 2000


def test_compiled_schema_check_agrees_with_jsonschema():
    """Valid files take a compiled check only; it must reject whatever jsonschema rejects."""
    from phongtrao.reading.validate import _validator, is_valid

    checked = 0
    units = sorted(SAMPLE.glob("units/*/*.yml"))
    for path in [*sorted(set(SAMPLE.glob("**/*.yml")) - set(units)), *units[::8]]:  # every kind, some units
        kind = {"units": "unit", "plans": "plan", "localities": "locality", "assessment": "assessment", "award-rounds": "award-round"}.get(
            path.parent.name) or {"units": "unit", "inspections": "inspection"}.get(path.parent.parent.name) or path.stem
        data = load_file(path).data
        assert is_valid(data, kind), path
        for changed in _schema_mutations(data):
            if is_valid(changed, kind):  # (being stricter is fine: jsonschema then words the errors)
                errors = [e.message for e in _validator(kind).iter_errors(changed)]
                assert not errors, f"compiled check accepts what jsonschema rejects in {path.name}: {errors}"
            checked += 1
    assert checked > 1000
