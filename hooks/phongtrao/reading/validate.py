"""Validation of data files: JSON Schema per kind of file, then cross-references.

The schemas (schemas/<kind>.schema.json, Draft 2020-12) are the single source
of truth for what a file may contain: the checker, the editor's autocomplete
(published on the site under /schemas/) and the field table of the contributor
guide all read them.

Every jsonschema error is turned into a Vietnamese message that names the line
and column and says what to write instead: the people who edit these files are
office staff working in GitHub's web editor, not programmers.
"""
from __future__ import annotations

import datetime as dt
import difflib
import json
import re
from functools import lru_cache
from pathlib import Path

import fastjsonschema
from jsonschema import Draft202012Validator, FormatChecker, validators

from .problems import Problem
from ..text import fold, slugify
from ..untrusted import PLAIN_TEXT_PATTERN, plain_text_message
from .yamlio import YamlDocument, load_file

SCHEMA_DIR = Path(__file__).resolve().parent / "schemas"
KINDS = ("unit", "plan", "locality", "indicators", "site", "award-forms", "assessment", "inspection",
         "award-round")  # published at /schemas/
# practices' and exemplars' front matter (reading/practices.py) is checked against schemas/practice.schema.json

# Words people write for a status, folded (no accents, lower case) → the value to write.
_STATUS_WORDS = {
    "xong": "hoan-thanh", "da xong": "hoan-thanh", "hoan thanh": "hoan-thanh", "da hoan thanh": "hoan-thanh",
    "done": "hoan-thanh", "completed": "hoan-thanh", "ok": "hoan-thanh",
    "dang lam": "dang-thuc-hien", "dang trien khai": "dang-thuc-hien", "dang thuc hien": "dang-thuc-hien",
    "in progress": "dang-thuc-hien", "chua": "chua-bat-dau", "chua lam": "chua-bat-dau",
    "chua trien khai": "chua-bat-dau", "chua thuc hien": "chua-bat-dau", "not started": "chua-bat-dau",
}
_YES_NO = {"yes", "no", "on", "off", "y", "n", "co", "khong", "dung", "sai"}
_LEADING_ZERO = re.compile(r"[-+]?0[0-9]+(\.[0-9]+)?\Z")
_SEXAGESIMAL = re.compile(r"[0-9]+(:[0-5]?[0-9])+\Z")
_COMMA_NUMBER = re.compile(r"[0-9]+([.,][0-9]+)+\Z")


# ---------------------------------------------------------------- schemas


@lru_cache(maxsize=None)
def schema(kind: str) -> dict:
    """The JSON Schema of one kind of data file."""
    return json.loads((SCHEMA_DIR / f"{kind}.schema.json").read_text(encoding="utf-8"))


def _type_allowing_dates(validator, types, instance, schema_):
    # YAML dates arrive as datetime.date; a field declared {"type": "string", "format": "date"}
    # (what editors understand) accepts exactly those.
    if isinstance(instance, dt.date) and schema_.get("format") == "date":
        return
    yield from Draft202012Validator.VALIDATORS["type"](validator, types, instance, schema_)


_Validator = validators.extend(Draft202012Validator, validators={"type": _type_allowing_dates})
FORMATS = _FORMATS = FormatChecker(formats=())


def validator_class():
    """The JSON Schema validator of every data file (front matter included): YAML dates where
    {"type": "string", "format": "date"} is declared."""
    return _Validator


@_FORMATS.checks("date")
def _is_date(value) -> bool:
    # a quoted "2025-10-15" is text: build_unit would not see a date, so it must be unquoted
    return isinstance(value, dt.date)


@lru_cache(maxsize=None)
def _validator(kind: str):
    return _Validator(schema(kind), format_checker=_FORMATS)


# ---------------------------------------------------------------- fast path for valid files
#
# jsonschema walks the schema in Python for every value (about 0.7 ms a unit file);
# fastjsonschema compiles it once into plain Python code (about 0.1 ms). Most files
# are valid, so they only go through the compiled check; a file it rejects is checked
# again by jsonschema, whose errors carry what the Vietnamese messages need.
# The compiled check may only ever be stricter than jsonschema, never more lenient.


class _Date(str):
    """A YAML date, seen by the compiled check as text in “date” format."""
    __slots__ = ()


def _with_dates_as_text(value):
    if isinstance(value, dict):
        return {k: _with_dates_as_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_with_dates_as_text(v) for v in value]
    if isinstance(value, dt.date):
        return _Date(value.isoformat())
    return value


_SUBSCHEMA_MAPS = ("properties", "patternProperties", "$defs", "definitions")
_SUBSCHEMA_LISTS = ("anyOf", "allOf", "oneOf", "prefixItems")
_SUBSCHEMAS = ("items", "additionalProperties", "propertyNames", "not", "if", "then", "else", "contains")


def _fast_schema(node):
    """The schema as the compiled check needs it: a date field takes only a _Date, and
    every other text field refuses one (jsonschema refuses a date where text is due)."""
    if not isinstance(node, dict):
        return node
    out = dict(node)
    types = node.get("type")
    types = set(types) if isinstance(types, list) else {types}
    if "string" in types and "format" not in node:
        out["format"] = "not-a-date"
    for key in _SUBSCHEMA_MAPS:
        if isinstance(node.get(key), dict):
            out[key] = {k: _fast_schema(v) for k, v in node[key].items()}
    for key in _SUBSCHEMA_LISTS:
        if isinstance(node.get(key), list):
            out[key] = [_fast_schema(v) for v in node[key]]
    for key in _SUBSCHEMAS:
        if key in node:
            out[key] = _fast_schema(node[key])
    return out


@lru_cache(maxsize=None)
def _compiled(kind: str):
    sch = _fast_schema(schema(kind))
    sch.pop("$schema", None)  # fastjsonschema knows drafts up to 2019-09; these schemas use nothing newer
    return fastjsonschema.compile(sch, formats={
        "date": lambda value: isinstance(value, _Date),
        "not-a-date": lambda value: not isinstance(value, _Date),
    })


def is_valid(data, kind: str) -> bool:
    """Quick yes/no: does the data pass the schema of its kind (compiled check)?"""
    try:
        _compiled(kind)(_with_dates_as_text(data))
    except fastjsonschema.JsonSchemaException:
        return False
    return True


# ---------------------------------------------------------------- messages


def _show(value) -> str:
    if value is None:
        return "(trống)"
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return "(nhiều dòng)"
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "…"


def _field(error) -> str:
    """“status” (Tình trạng) — the field's key and its Vietnamese title."""
    keys = [p for p in error.absolute_path if isinstance(p, str)]
    key = keys[-1] if keys else None
    title = error.schema.get("title") if isinstance(error.schema, dict) else None
    if key and title:
        return f"“{key}” ({title})"
    if key:
        return f"“{key}”"
    return f"“{title}”" if title else "này"


def _closest(value, options) -> str | None:
    options = [str(o) for o in options]
    if not isinstance(value, str) or not options:
        return None
    if value in options:
        return None
    found = difflib.get_close_matches(value, options, n=1, cutoff=0.6)
    return found[0] if found else None


def _suggest_enum(value, options: list, labels: list) -> str | None:
    if not isinstance(value, str):
        return None
    folded = fold(value).strip()
    if _STATUS_WORDS.get(folded) in options:
        return _STATUS_WORDS[folded]
    slug = slugify(value)
    if slug in options:
        return slug
    for option, label in zip(options, labels):
        if fold(label) == folded:
            return option
    return _closest(slug, options)


def _type_message(error) -> str:
    value, expected = error.instance, error.validator_value
    expected = set(expected) if isinstance(expected, list) else {expected}
    field = _field(error)
    if value is None:
        return f"Trường {field} đang để trống. Hãy ghi giá trị, hoặc xoá cả dòng nếu không có thông tin."
    if "boolean" in expected:
        if isinstance(value, str) and fold(value).strip() in _YES_NO:
            return (f"Trường {field} chỉ nhận true (đúng, có) hoặc false (sai, không). "
                    f"Hãy thay “{_show(value)}” bằng {'false' if fold(value) in {'no', 'off', 'n', 'khong', 'sai'} else 'true'}.")
        return f"Trường {field} chỉ nhận true hoặc false; đang ghi “{_show(value)}”."
    if expected & {"number", "integer"} and isinstance(value, str):
        text = value.strip()
        if _LEADING_ZERO.match(text):
            return (f"Số “{text}” ở trường {field} có chữ số 0 ở đầu nên bị đọc thành chữ. "
                    f"Hãy bỏ số 0 ở đầu: viết {text.lstrip('+-').lstrip('0') or '0'}.")
        if _SEXAGESIMAL.match(text):
            return (f"“{text}” ở trường {field} không phải là một con số (YAML cũ còn đọc “1:30” thành 90). "
                    "Hãy ghi một con số, ví dụ 30; giờ giấc thì ghi vào trường note.")
        if text.endswith("%"):
            return f"Trường {field} chỉ ghi con số, không kèm dấu %: viết {text.rstrip('%').strip()}."
        if _COMMA_NUMBER.match(text):
            return (f"“{text}” ở trường {field} không phải là số viết đúng cách. Không dùng dấu phân cách hàng nghìn; "
                    "phần thập phân dùng dấu chấm: viết 1500 thay cho 1.500 hay 1,500; 62.5 thay cho 62,5.")
        return f"Trường {field} phải là một con số (ví dụ 60), không phải chữ “{_show(value)}”."
    if "string" in expected and isinstance(value, dt.date):
        return f"Trường {field} là chữ, không phải ngày: hãy đặt giá trị trong dấu nháy kép, ví dụ \"{value.isoformat()}\"."
    if "string" in expected and isinstance(value, (int, float, bool)):
        return f"Trường {field} là chữ: hãy đặt giá trị trong dấu nháy kép, ví dụ \"{_show(value)}\"."
    if "array" in expected:
        return (f"Trường {field} là một danh sách: mỗi mục viết trên một dòng riêng, thụt vào 2 dấu cách "
                "và bắt đầu bằng “- ” (gạch ngang và dấu cách).")
    if "object" in expected:
        if not error.absolute_path:
            return ("Tệp phải gồm các dòng “tên_trường: giá trị” (ví dụ `name: Phòng Văn hóa – Xã hội`). "
                    "Hãy chép tệp mẫu trong hướng dẫn rồi điền thông tin.")
        return (f"Trường {field} gồm các trường con: viết `tên_trường: giá trị` trên các dòng bên dưới, "
                "mỗi dòng thụt vào 2 dấu cách.")
    if "string" in expected:
        return f"Trường {field} phải là một dòng chữ."
    names = {"number": "một con số", "integer": "một số nguyên", "array": "một danh sách", "object": "các trường con"}
    return f"Trường {field} phải là {', '.join(names.get(t, t) for t in sorted(expected))}."


def _messages(error) -> list[tuple[tuple, str]]:
    """(path in the document, message) pairs for one jsonschema error."""
    path = tuple(error.absolute_path)
    kind = error.validator
    sch = error.schema if isinstance(error.schema, dict) else {}
    field = _field(error)
    hint = sch.get("errorMessage")
    value = error.instance

    if kind == "additionalProperties":
        allowed = list((sch.get("properties") or {}).keys())
        out = []
        for key in value:
            if key in allowed:
                continue
            guess = _closest(key, allowed) or _closest(slugify(key).replace("-", "_"), allowed)
            text = f"Trường “{key}” không có trong mẫu."
            if guess:
                text += f" Có thể bạn muốn viết “{guess}”?"
            text += f" Các trường được phép ở đây: {', '.join(allowed)}."
            out.append((path + (key, "__key__"), text))
        return out
    if kind == "required":
        out = []
        props = sch.get("properties") or {}
        for key in error.validator_value:
            if isinstance(value, dict) and key in value:
                continue
            sub = props.get(key) or {}
            label = f" ({sub['title']})" if sub.get("title") else ""
            desc = f" {sub['description']}" if sub.get("description") else ""
            out.append((path, f"Thiếu trường “{key}”{label}.{desc} Hãy thêm dòng `{key}: …`."))
        return out
    if kind == "enum":
        options = list(error.validator_value)
        labels = list(sch.get("enumDescriptions") or [""] * len(options))
        listed = ", ".join(f"{o} ({l})" if l else str(o) for o, l in zip(options, labels) if o is not None)
        guess = _suggest_enum(value, [o for o in options if o is not None], labels)
        text = f"“{_show(value)}” không phải giá trị hợp lệ của trường {field}."
        if guess:
            text += f" Hãy viết “{guess}”."
        return [(path, f"{text} Các giá trị được phép: {listed}.")]
    if kind == "type":
        return [(path, _type_message(error))]
    if kind == "format" and error.validator_value == "date":
        if isinstance(value, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value.strip()):
            return [(path, f"Ngày ở trường {field} đang nằm trong dấu nháy nên bị hiểu là chữ. "
                           f"Hãy bỏ dấu nháy: viết {value.strip()}.")]
        return [(path, f"“{_show(value)}” ở trường {field} không phải là ngày. "
                       "Hãy ghi NĂM-THÁNG-NGÀY, ví dụ 15/10/2025 thì ghi 2025-10-15.")]
    if kind == "pattern" and error.validator_value == PLAIN_TEXT_PATTERN:
        return [(path, plain_text_message(f"Trường {field}"))]
    if kind == "pattern":
        shown = _show(value)
        if isinstance(value, str) and re.match(r"\s*(javascript|data|vbscript|file):", value, re.I):
            return [(path, f"Không chấp nhận đường liên kết “{shown}” ở trường {field}. "
                           "Chỉ ghi liên kết công khai bắt đầu bằng https://, ví dụ https://example.gov.vn/bao-cao.pdf.")]
        extra = f" Gợi ý: “{slugify(value)}”." if isinstance(value, str) and "Mã" in (hint or "") and slugify(value) else ""
        return [(path, f"Giá trị “{shown}” ở trường {field} chưa đúng dạng. {hint or ''}{extra}".rstrip())]
    if kind == "propertyNames":
        return [(path + (value, "__key__"), f"Mã “{_show(value)}” chưa đúng dạng. {hint or ''}".rstrip())]
    if kind in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        low, high = sch.get("minimum"), sch.get("maximum")
        if low is not None and high is not None:
            return [(path, f"Trường {field} phải từ {low} đến {high}; đang ghi {_show(value)}.")]
        if low is not None:
            return [(path, f"Trường {field} không được nhỏ hơn {low}; đang ghi {_show(value)}.")]
        return [(path, f"Trường {field} không được lớn hơn {high}; đang ghi {_show(value)}.")]
    if kind == "minLength":
        return [(path, f"Trường {field} đang để trống. Hãy ghi nội dung, hoặc xoá cả dòng.")]
    if kind == "maxLength":
        return [(path, f"Trường {field} quá dài ({len(value)} ký tự, tối đa {error.validator_value}). "
                       "Hãy rút gọn; nội dung dài thì đưa lên trang của đơn vị và ghi đường liên kết.")]
    if kind == "minItems":
        return [(path, f"Danh sách {field} cần ít nhất {error.validator_value} mục.")]
    if kind == "maxItems":
        return [(path, f"Danh sách {field} có quá nhiều mục (tối đa {error.validator_value}).")]
    if kind == "uniqueItems":
        return [(path, f"Danh sách {field} có mục bị ghi hai lần. Hãy xoá mục trùng.")]
    if hint:
        return [(path, hint)]
    return [(path, f"Giá trị ở trường {field} chưa đúng dạng của mẫu. Hãy so với tệp mẫu trong hướng dẫn "
                   "“Góp dữ liệu” hoặc sửa bằng biểu mẫu trên trang web.")]


def check_document(doc: YamlDocument, kind: str) -> list[Problem]:
    """Schema problems of one document (empty when valid), sorted by line."""
    if doc.data is None:
        return [Problem(doc.file, 1, 1, "Tệp trống. Hãy chép tệp mẫu trong hướng dẫn rồi điền thông tin.")]
    if is_valid(doc.data, kind):
        return []
    found: dict[tuple, Problem] = {}
    errors = list(_validator(kind).iter_errors(doc.data))
    # a misspelt key ("stauts") also makes the real one ("status") missing: report the spelling only
    misspelt = {(tuple(e.absolute_path), _closest(k, list((e.schema.get("properties") or {}))))
                for e in errors if e.validator == "additionalProperties" for k in e.instance}
    for error in errors:
        for path, message in _messages(error):
            if error.validator == "required" and any(
                    (path, key) in misspelt for key in error.validator_value if f"“{key}”" in message):
                continue
            line, column = doc.where(path)
            found.setdefault((line, column, message), Problem(doc.file, line, column, message))
    return sorted(found.values(), key=lambda p: (p.line or 0, p.column or 0))


# ---------------------------------------------------------------- cross-references


def unit_file_name(unit_id: str, locality: str) -> str:
    """The file a unit lives in: its id without the locality prefix (ia-bang-x → x.yml)."""
    prefix = f"{locality}-"
    return f"{unit_id[len(prefix):] if unit_id.startswith(prefix) else unit_id}.yml"


def expected_unit_path(data_dir: Path, unit_id: str, locality: str) -> Path:
    return Path(f"{data_dir}/units/{locality}/{unit_file_name(unit_id, locality)}")


def _unknown(what: str, value, options, where: str = "") -> str:
    options = sorted(str(o) for o in options)
    guess = _closest(str(value), options)
    text = f"Không có {what} “{value}”{where}."
    if guess:
        text += f" Có thể bạn muốn viết “{guess}”?"
    if options and len(options) <= 12:
        text += f" Các mã có thể dùng: {', '.join(options)}."
    return text


def award_forms(data_dir: Path, result=None) -> dict[str, str]:
    """The award form vocabulary (id → title) of data/award-forms.yml; problems go to result."""
    path = Path(data_dir) / "award-forms.yml"
    if not path.exists():
        return {}
    doc = load_file(path)
    problems = list(doc.problems) or check_document(doc, "award-forms")
    if result is not None:
        result.documents[path] = doc
        result.problems.extend(problems)
    if problems:
        return {}
    return {item["id"]: item["title"] for item in doc.data}


def cross_check(result, data_dir: Path) -> list[Problem]:
    """Problems that need the whole dataset: unknown IDs, wrong file location."""
    data_dir = Path(data_dir)
    ds = result.dataset
    problems: list[Problem] = []
    vocabulary = ds.award_forms
    forms = dict(vocabulary)
    for plan in ds.plans.values():
        doc = result.documents.get(plan.source)
        for i, award in enumerate(plan.award_forms):
            forms[award.id] = award.title
            form = getattr(award, "form", "")
            if form and vocabulary and form not in vocabulary and doc is not None:
                problems.append(doc.problem(("award_forms", i, "form"), _unknown(
                    "hình thức khen thưởng", form, vocabulary, " trong data/award-forms.yml")))

    for loc in ds.localities.values():
        doc = result.documents.get(loc.source)
        if doc is not None and loc.plan not in ds.plans:
            problems.append(doc.problem(("plan",), _unknown("kế hoạch", loc.plan, ds.plans, " trong data/plans/")))

    for unit in ds.units.values():
        doc = result.documents.get(unit.source)
        if doc is None:
            continue
        problems.extend(_check_unit(unit, doc, ds, data_dir, forms))
    for scheme in ds.schemes.values():
        doc = result.documents.get(scheme.source)
        if doc is not None:
            problems.extend(_check_scheme(scheme, doc, ds))
    for round_ in ds.award_rounds.values():
        doc = result.documents.get(round_.source)
        if doc is not None:
            problems.extend(_check_round(round_, doc, ds, vocabulary))
    for inspection in ds.inspections.values():
        doc = result.documents.get(inspection.source)
        if doc is not None:
            problems.extend(_check_inspection(inspection, doc, ds, data_dir))
    return problems


def _check_scheme(scheme, doc: YamlDocument, ds) -> list[Problem]:
    out: list[Problem] = []
    add = lambda path, message: out.append(doc.problem(path, message))  # noqa: E731
    for i, loc in enumerate(scheme.localities):
        if loc not in ds.localities:
            add(("localities", i), _unknown("địa bàn", loc, ds.localities, " trong data/localities/"))
    seen: set[str] = set()
    for p, pillar in enumerate(scheme.pillars):
        for k, ind in enumerate(pillar.indicators):
            where = ("pillars", p, "indicators", k)
            if ind.id in seen:
                add(where + ("id",), f"Mã chỉ số đánh giá “{ind.id}” đã dùng ở trên. Mỗi chỉ số cần một mã riêng.")
            seen.add(ind.id)
            if ind.measure == "chi-so-dat-muc-tieu" and ind.indicator not in ds.indicators:
                add(where + ("indicator",) if ind.indicator else where,
                    _unknown("chỉ số", ind.indicator or "(chưa ghi)", ds.indicators, " trong data/indicators.yml")
                    + " Cách tính chi-so-dat-muc-tieu cần trường `indicator:` và `target:`.")
            if ind.measure in ("chi-so-dat-muc-tieu", "mo-hinh-duoc-cong-nhan") and ind.target is None:
                add(where, f"Chỉ số “{ind.id}” tính theo {ind.measure} cần trường `target:` (giá trị đạt đủ điểm), ví dụ target: 200.")
    return out


def _check_round(round_, doc: YamlDocument, ds, vocabulary: dict) -> list[Problem]:
    out: list[Problem] = []
    add = lambda path, message: out.append(doc.problem(path, message))  # noqa: E731
    if round_.locality not in ds.localities:
        add(("locality",), _unknown("địa bàn", round_.locality, ds.localities, " trong data/localities/"))
    if round_.scheme not in ds.schemes:
        add(("scheme",), _unknown("bộ chỉ số", round_.scheme, ds.schemes, " trong data/assessment/"))
    for i, form in enumerate(round_.forms):
        if vocabulary and form not in vocabulary:
            add(("forms", i), _unknown("hình thức khen thưởng", form, vocabulary, " trong data/award-forms.yml"))
    for i, d in enumerate(round_.decisions):
        if d.unit not in ds.units or ds.units[d.unit].locality != round_.locality:
            add(("decisions", i, "unit"), _unknown("đơn vị", d.unit, [u.id for u in ds.units_of(round_.locality)],
                                                   f" ở địa bàn {round_.locality}"))
        if d.form not in round_.forms:
            add(("decisions", i, "form"), f"Hình thức “{d.form}” không có trong `forms` của đợt xét. "
                                          f"Các hình thức của đợt: {', '.join(round_.forms)}.")
    return out


def _check_inspection(inspection, doc: YamlDocument, ds, data_dir: Path) -> list[Problem]:
    out: list[Problem] = []
    add = lambda path, message: out.append(doc.problem(path, message))  # noqa: E731
    if inspection.locality not in ds.localities:
        add(("locality",), _unknown("địa bàn", inspection.locality, ds.localities, " trong data/localities/"))
    own = [u.id for u in ds.units.values() if u.locality == inspection.locality]
    for i, unit_id in enumerate(inspection.units):
        # a unit whose own file is there but broken is reported there, not once more here
        if unit_id not in own and not expected_unit_path(data_dir, unit_id, inspection.locality).exists():
            add(("units", i), _unknown("đơn vị", unit_id, own, f" ở địa bàn {inspection.locality}"))
    for i, finding in enumerate(inspection.findings):
        if finding.unit not in inspection.units:
            add(("findings", i, "unit"), f"Kiến nghị cho đơn vị “{finding.unit}”, nhưng đơn vị này không có trong "
                                         "danh sách `units` của đợt kiểm tra. Hãy thêm đơn vị vào `units` hoặc sửa mã.")
        if finding.resolved is not None and finding.resolved < inspection.date:
            add(("findings", i, "resolved"), f"Ngày khắc phục {finding.resolved:%d/%m/%Y} trước ngày kiểm tra "
                                             f"{inspection.date:%d/%m/%Y}. Hãy kiểm tra lại ngày.")
    return out


def _check_periods(add, section: str, entries, locality, what: str) -> None:
    """Each entry of a per-period list (reports, indicators) names a period of the locality, once."""
    periods = [p.id for p in locality.report_periods] if locality else None
    seen: dict[str, int] = {}
    for i, entry in enumerate(entries):
        if periods is not None and entry.period not in periods:
            add((section, i, "period"), _unknown("kỳ báo cáo", entry.period, periods, f" ở {locality.name}"))
        if entry.period in seen:
            add((section, i, "period"), f"{what} “{entry.period}” đã ghi ở mục thứ {seen[entry.period] + 1}. "
                                        "Mỗi kỳ chỉ ghi một lần: hãy gộp hai mục.")
        seen.setdefault(entry.period, i)


MOVEMENT_END = dt.date(2030, 12, 31)  # tổng kết 2030: no record of the movement is dated after it


def _dates(value, path=()):
    """(path, date) of every date in a document."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _dates(item, path + (key,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _dates(item, path + (i,))
    elif isinstance(value, dt.date):
        yield path, value


def _check_dates(add, doc: YamlDocument) -> None:
    for path, when in _dates(doc.data):
        if when > MOVEMENT_END:
            add(path, f"Ngày {when:%d/%m/%Y} sau khi Phong trào kết thúc (tổng kết năm 2030, "
                      f"{MOVEMENT_END:%d/%m/%Y}). Hãy kiểm tra lại năm: có thể gõ nhầm, ví dụ 2062 thay cho 2026.")


def _misplaced_message(unit, source: Path, expected: Path, data_dir: Path) -> str:
    """The id and the file's place disagree. A slip in the id is far likelier than a wrong file
    name (the file was made by `make new-unit` or copied from a colleague's): say “check the id”
    first, and rename only when the id really is new."""
    rel = expected.relative_to(data_dir.parent) if expected.is_relative_to(data_dir.parent) else expected
    folder = source.parent.name
    implied = f"{folder}-{source.stem}"   # the id this file's place stands for
    if folder == unit.locality and difflib.SequenceMatcher(None, unit.id, implied).ratio() >= 0.8:
        return (f"Hãy kiểm tra lại mã đơn vị: tệp {source.name} là của đơn vị “{implied}”, nhưng dòng này ghi "
                f"“{unit.id}”. Nếu gõ nhầm, hãy sửa thành “{implied}”. Chỉ khi đơn vị thật sự đổi mã mới "
                f"đổi tên tệp thành {expected.name}.")
    return (f"Hãy kiểm tra lại mã đơn vị “{unit.id}” và mã địa bàn “{unit.locality}”: với hai mã này, tệp phải đặt ở "
            f"{rel.as_posix()}. Nếu hai mã đúng, hãy đổi tên hoặc chuyển tệp tới đó "
            "(tên tệp là mã đơn vị bỏ phần mã địa bàn ở đầu).")


def _check_unit(unit, doc: YamlDocument, ds, data_dir: Path, forms: dict) -> list[Problem]:
    out: list[Problem] = []
    add = lambda path, message: out.append(doc.problem(path, message))  # noqa: E731

    locality = ds.localities.get(unit.locality)
    if locality is None:
        add(("locality",), _unknown("địa bàn", unit.locality, ds.localities, " trong data/localities/"))
    prefix = f"{unit.locality}-"
    if not unit.id.startswith(prefix):
        add(("id",), f"Mã đơn vị phải bắt đầu bằng mã địa bàn “{prefix}”: hãy viết “{prefix}{unit.id}”.")
    else:
        expected = expected_unit_path(data_dir, unit.id, unit.locality)
        # compare as written first: resolving paths for 5,000 units costs more than reading them
        if str(unit.source) != str(expected) and Path(unit.source).resolve() != expected.resolve():
            add(("id",), _misplaced_message(unit, Path(unit.source), expected, data_dir))

    plan = ds.plans.get(unit.plan)
    if plan is None:
        add(("plan",), _unknown("kế hoạch", unit.plan, ds.plans, " trong data/plans/"))
    if locality is not None and unit.cluster is not None and unit.cluster not in {c.id for c in locality.clusters}:
        add(("cluster",), _unknown("cụm, khối thi đua", unit.cluster, [c.id for c in locality.clusters],
                                   f" ở {locality.name}"))

    if plan is not None:
        all_criteria = {c.id: c for g in plan.target_groups for c in g.criteria}
        own = [c.id for c in plan.criteria_for(unit.target_group)]
        group_titles = {g.id: g.title for g in plan.target_groups}
        areas = [a.id for a in plan.content_areas]
        for i, item in enumerate(unit.progress):
            if item.criterion is not None:
                crit = all_criteria.get(item.criterion)
                if crit is None:
                    add(("progress", i, "criterion"), _unknown("tiêu chí", item.criterion, own or all_criteria,
                                                               f" trong kế hoạch {plan.id}"))
                elif crit.target_group != unit.target_group:
                    add(("progress", i, "criterion"),
                        f"Tiêu chí “{item.criterion}” dành cho đối tượng “{group_titles.get(crit.target_group, crit.target_group)}”, "
                        f"không áp dụng cho đơn vị này (đối tượng “{group_titles.get(unit.target_group, unit.target_group)}”). "
                        f"Các tiêu chí của đơn vị: {', '.join(own) or '(không có)'}.")
            if item.content_area is not None and item.content_area not in areas:
                add(("progress", i, "content_area"), _unknown("nội dung", item.content_area, areas,
                                                              f" trong kế hoạch {plan.id}"))
            if item.status == "hoan-thanh" and item.percent is not None and item.percent < 100:
                add(("progress", i, "percent"),
                    f"Tình trạng là hoàn thành nhưng tỷ lệ mới {item.percent:g}%. "
                    "Hãy ghi percent: 100, hoặc đổi status thành dang-thuc-hien.")

    # the same criterion on the same day with two statuses: which one is true cannot be told
    said: dict[tuple, tuple[int, str]] = {}
    for i, item in enumerate(unit.progress):
        if item.date is None or (item.criterion is None and item.content_area is None):
            continue
        key = (item.criterion, item.content_area, item.date)
        if key in said and said[key][1] != item.status:
            first, status = said[key]
            add(("progress", i, "status"),
                f"Mục này ghi “{item.criterion or item.content_area}” ngày {item.date:%d/%m/%Y} là {item.status}, "
                f"nhưng mục thứ {first + 1} cùng ngày ghi là {status}. Hãy giữ một mục đúng và xoá mục kia "
                "(mỗi lần cập nhật một tiêu chí là một ngày khác nhau).")
        said.setdefault(key, (i, item.status))
    _check_dates(add, doc)

    _check_periods(add, "reports", unit.reports, locality, "Kỳ báo cáo")
    _check_periods(add, "indicators", unit.indicators, locality, "Số liệu kỳ")
    for i, entry in enumerate(unit.indicators):
        for key, value in entry.values.items():
            indicator = ds.indicators.get(key)
            if indicator is None:
                add(("indicators", i, "values", key, "__key__"),
                    _unknown("chỉ số", key, ds.indicators, " trong data/indicators.yml"))
            elif indicator.aggregate == "sum" and isinstance(value, float) and not value.is_integer():
                add(("indicators", i, "values", key),
                    f"“{indicator.name}” đếm số {indicator.unit} nên phải là số nguyên; đang ghi {value:g}. "
                    f"Không dùng dấu chấm phân cách hàng nghìn: 1.500 thì viết 1500.")
            elif indicator.unit == "%" and value > 100:
                add(("indicators", i, "values", key), f"“{indicator.name}” là tỷ lệ phần trăm, phải từ 0 đến 100; đang ghi {value:g}.")

    for i, award in enumerate(unit.awards):
        if forms and award.form not in forms:
            add(("awards", i, "form"), _unknown("hình thức khen thưởng", award.form, forms,
                                                 " trong data/award-forms.yml"))
    return out
