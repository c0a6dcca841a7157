"""Front matter of Markdown pages, read with the strict YAML loader so problems carry file lines.

MkDocs parses front matter too, but silently drops it when it is broken; the
pages we hold to a schema (practices, exemplars, news) are read here again so
the editor is told what is wrong and where.
"""
from __future__ import annotations

import re
from pathlib import Path

import jsonschema

from .problems import Problem
from .validate import FORMATS as _FORMATS, validator_class
from ..untrusted import PLAIN_TEXT_PATTERN, markup_like, plain_text_message
from .yamlio import YamlDocument, load_text

_FENCE = re.compile(r"\A(?:\ufeff)?---[ \t]*\r?\n(.*?\r?\n)?(?:---|\.\.\.)[ \t]*\r?\n?", re.DOTALL)


def read(text: str, file: Path) -> tuple[YamlDocument, str]:
    """(front matter document with file-relative line numbers, Markdown body)."""
    match = _FENCE.match(text)
    if not match:
        doc = YamlDocument(file=file, data=None)
        doc.problems.append(Problem(file, 1, 1,
            "Trang thiếu phần thông tin đầu trang (front matter). Hãy mở đầu tệp bằng dòng `---`, "
            "ghi các trường `title:`, `slug:`… rồi đóng bằng dòng `---`."))
        return doc, text
    doc = load_text(match[1] or "", file)
    # the YAML starts on line 2 of the file (after the opening ---)
    doc.marks = {path: (line + 1, col) for path, (line, col) in doc.marks.items()}
    doc.problems = [Problem(p.file, p.line + 1 if p.line else p.line, p.column, p.message) for p in doc.problems]
    return doc, text[match.end():]


# the data files' validator: a field {"type": "string", "format": "date"} takes a YAML date
Validator = validator_class()

_TYPE_VI = {"string": "một đoạn chữ", "integer": "một số nguyên", "number": "một số", "array": "một danh sách",
            "object": "một nhóm trường", "boolean": "true hoặc false", "date": "một ngày dạng NĂM-THÁNG-NGÀY (2026-05-20)"}


def _field(path) -> str:
    return ".".join(str(p) for p in path) or "(đầu trang)"


def message(error: jsonschema.ValidationError) -> str:
    """A Vietnamese sentence for one schema error: what is wrong and what to write instead."""
    name = _field(error.absolute_path)
    hint = error.schema.get("description")
    if error.validator == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        text = f"Thiếu trường “{missing}”" + (f" trong “{name}”" if error.absolute_path else "") + "."
    elif error.validator == "additionalProperties":
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        text = (f"Trường “{', '.join(extra)}” không có trong mẫu. Hãy kiểm tra chính tả; các trường được dùng: "
                f"{', '.join(error.schema.get('properties', {}))}.")
    elif error.validator == "enum":
        text = f"Giá trị “{error.instance}” ở “{name}” không hợp lệ. Hãy chọn một trong: {', '.join(map(str, error.validator_value))}."
    elif error.validator in ("type", "format") and error.schema.get("format") == "date":
        text = f"“{name}” phải là {_TYPE_VI['date']}."
    elif error.validator == "type":
        wanted = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        text = f"“{name}” phải là " + " hoặc ".join(_TYPE_VI.get(t, t) for t in wanted) + "."
    elif error.validator == "pattern" and error.validator_value == PLAIN_TEXT_PATTERN:
        text = plain_text_message(f"“{name}”")
    elif error.validator == "pattern":
        text = f"“{name}” chưa đúng dạng: “{error.instance}”."
    elif error.validator in ("minLength", "minItems"):
        text = f"“{name}” đang để trống. Hãy điền giá trị."
    else:
        text = f"“{name}” chưa đúng: {error.message}."
    return f"{text} {hint}" if hint and error.validator != "additionalProperties" else text


def validate(doc: YamlDocument, schema: dict) -> tuple[dict, list[Problem]]:
    """Schema problems, and the front matter with every field that has a problem removed.

    Dropping the faulty top-level field (not the page) keeps the page online while
    the editor fixes it.
    """
    data = doc.data if isinstance(doc.data, dict) else {}
    problems: list[Problem] = []
    bad: set[str] = set()
    for error in sorted(Validator(schema, format_checker=_FORMATS).iter_errors(data),
                        key=lambda e: [str(p) for p in e.absolute_path]):
        path = tuple(error.absolute_path)
        if error.validator == "additionalProperties":
            for key in sorted(set(error.instance) - set(error.schema.get("properties", {}))):
                line, column = doc.where(path + (key, "__key__"))
                problems.append(Problem(doc.file, line, column, message(error)))
                if not path:
                    bad.add(key)
            continue
        problems.append(doc.problem(path, message(error)))
        if path:
            bad.add(str(path[0]))
    clean = {k: v for k, v in data.items() if k not in bad}
    return clean, problems


def markup_problems(doc: YamlDocument, fields: tuple[str, ...]) -> list[Problem]:
    """Problems for the named front matter fields (text, or lists of text) that carry markup."""
    data = doc.data if isinstance(doc.data, dict) else {}
    out = []
    for key in fields:
        values = data.get(key)
        items = list(enumerate(values)) if isinstance(values, list) else [(None, values)]
        for i, value in items:
            if markup_like(value):
                path = (key,) if i is None else (key, i)
                out.append(doc.problem(path, plain_text_message(f"“{key}”")))
    return out
