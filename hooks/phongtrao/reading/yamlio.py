"""Strict YAML reading for files edited by hand in a web editor.

PyYAML alone follows YAML 1.1: it silently keeps the last of two duplicate
keys, reads `no` as False, `0241234567` as a number and `1:30` as 90. Here the
file is composed into nodes (by the C parser where present, for speed) and
converted with stricter rules, closer to YAML 1.2's core schema:

- duplicate keys, aliases (`*name`), merge keys (`<<`) and tags other than the
  core ones (`!!str`, `!!int`…) are problems: `!!python/name:…` or `!!binary` are
  not data an official means to write;
- only `true`/`false` are booleans; `yes`, `no`, `on`, `off` stay text, and the
  schema then says which to write;
- numbers with a leading zero (phone numbers) and `1:30` stay text;
- `YYYY-MM-DD` is a date, and an impossible date (2025-02-30) is a problem;
- every string is normalised to Unicode NFC (not an error: keyboards differ).

Every value keeps the line and column it came from, so a later check (JSON
Schema, unknown IDs) can point the editor at the exact place.
"""
from __future__ import annotations

import datetime as dt
import errno
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .problems import Problem
from ..text import nfc

try:  # libyaml makes composing about ten times faster
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader

MAX_BYTES = 256 * 1024  # a unit file is a few KB; anything larger is a mistake or an attack
# Nesting levels a data file may have: a plan, the deepest file, has six. libyaml's composer
# recurses in C and crashes the whole process on a few thousand levels (30,000 "[" in 60 KB),
# Python's own steps raise RecursionError at about a thousand: the depth is bounded first.
MAX_DEPTH = 20

# what YAML 1.1 does not allow in a stream (PyYAML's Reader.NON_PRINTABLE)
_NON_PRINTABLE = re.compile("[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\U00010000-\U0010ffff]")
_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)\Z")
_FLOAT = re.compile(r"[-+]?(0|[1-9][0-9]*)\.[0-9]+\Z")
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})\Z")
_LOOKS_LIKE_DATE = re.compile(r"[0-9]{1,4}[-/.][0-9]{1,2}[-/.][0-9]{1,4}\Z")
_NULL = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}
_STD_TAG = "tag:yaml.org,2002:"
# Tags an editor may write explicitly (none are needed); every other tag is a problem.
_CORE_TAGS = {
    yaml.ScalarNode: {_STD_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp")} | {"!"},
    yaml.SequenceNode: {_STD_TAG + "seq", "!"},
    yaml.MappingNode: {_STD_TAG + "map", "!"},
}
_UNTAGGED = {yaml.ScalarNode: _STD_TAG + "str", yaml.SequenceNode: _STD_TAG + "seq", yaml.MappingNode: _STD_TAG + "map"}


class _Loader(_BaseLoader):
    """Composes nodes without PyYAML's implicit tag resolution.

    PyYAML guesses a tag for every plain scalar with a list of regular expressions
    written in Python (a quarter of the reading time, even with libyaml); _scalar
    types values itself, so untagged nodes just get the plain str/seq/map tag.
    Explicit tags are kept as written, for the check in _convert.
    """

    def resolve(self, kind, value, implicit):
        return _UNTAGGED[kind]

    # PyYAML's path resolvers (unused here) are called twice per node by the C composer
    def descend_resolver(self, current_node, current_index):
        pass

    def ascend_resolver(self):
        pass

Path_ = tuple  # a path into the document: ("progress", 2, "status")


@dataclass
class YamlDocument:
    """Converted data plus where each value stood in the file."""
    file: Path
    data: object = None
    # None: not read yet (a document from the data cache); the file is read again on first use
    marks: dict[Path_, tuple[int, int]] | None = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def where(self, path: Path_) -> tuple[int | None, int | None]:
        """Line and column (1-based) of a value, or of its nearest parent that has one."""
        if self.marks is None:
            self.marks = load_file(self.file).marks or {}
        path = tuple(path)
        while True:
            if path in self.marks:
                return self.marks[path]
            if not path:
                return (None, None)
            path = path[:-1]

    def problem(self, path: Path_, message: str) -> Problem:
        line, column = self.where(path)
        return Problem(self.file, line, column, message)


def _mark(node) -> tuple[int, int]:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


def _decode(doc: YamlDocument, raw: bytes) -> str | None:
    if len(raw) > MAX_BYTES:
        doc.problems.append(Problem(doc.file, None, None,
            f"Tệp quá lớn ({len(raw) // 1024} KB, tối đa {MAX_BYTES // 1024} KB). "
            "Hãy bỏ nội dung dài (ảnh, văn bản đầy đủ) khỏi tệp và chỉ ghi đường liên kết tới nơi lưu trữ."))
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        # count characters, not bytes: everything before the error on this line is valid UTF-8
        column = len(raw[raw.rfind(b"\n", 0, err.start) + 1: err.start].decode("utf-8")) + 1
        doc.problems.append(Problem(doc.file, line, column,
            "Tệp không phải mã UTF-8 (có thể được lưu bằng mã TCVN3/VNI hoặc Windows-1258). "
            "Hãy lưu lại tệp với bảng mã UTF-8 (Unicode) rồi gõ lại dòng này."))
        return None
    if "\t" in text:
        at = text.index("\t")
        line = text[:at].count("\n") + 1
        column = at - (text.rfind("\n", 0, at) + 1) + 1
        doc.problems.append(Problem(doc.file, line, column,
            "Dòng này có ký tự Tab. YAML chỉ cho phép thụt lề bằng dấu cách: hãy thay Tab bằng 2 dấu cách."))
    return text


def _scalar(doc: YamlDocument, node, path: Path_):
    value = nfc(node.value)
    if node.style:  # quoted or block text: always a string, as the editor meant it
        return value
    typed, trouble = _typed(value)
    if trouble == _IMPOSSIBLE_DATE:
        doc.problems.append(doc.problem(path,
            f"Ngày “{value}” không có thật. Hãy ghi ngày theo dạng NĂM-THÁNG-NGÀY, ví dụ 2025-10-15."))
    elif trouble == _DATE_FORM:
        doc.problems.append(doc.problem(path,
            f"Ngày “{value}” chưa đúng dạng. Hãy ghi NĂM-THÁNG-NGÀY: {_iso_hint(value)}."))
    return typed


_IMPOSSIBLE_DATE, _DATE_FORM = "impossible date", "date in another form"
_NUMBER_START = frozenset("0123456789+-.")


def _typed(value: str) -> tuple[object, str | None]:
    """A plain (unquoted) scalar's value, and what is wrong with it if anything."""
    if value in _NULL:
        return None, None
    if value in _TRUE:
        return True, None
    if value in _FALSE:
        return False, None
    if value[0] not in _NUMBER_START:  # text: what almost every value is
        return value, None
    if _INT.match(value):
        return int(value), None
    if _FLOAT.match(value):
        return float(value), None
    match = _DATE.match(value)
    if match:
        try:
            return dt.date(int(match[1]), int(match[2]), int(match[3])), None
        except ValueError:
            return value, _IMPOSSIBLE_DATE
    if _LOOKS_LIKE_DATE.match(value):
        return value, _DATE_FORM
    return value, None


def _iso_hint(value: str) -> str:
    """“15/10/2025” → “viết 2025-10-15” (day first, as Vietnamese write dates)."""
    parts = re.split(r"[-/.]", value)
    if len(parts) == 3 and len(parts[2]) == 4:
        day, month, year = parts
        try:
            return f"viết {dt.date(int(year), int(month), int(day)).isoformat()}"
        except ValueError:
            pass
    return "ví dụ 15/10/2025 thì viết 2025-10-15"


def _convert(doc: YamlDocument, node, path: Path_, seen: set[int]):
    if id(node) in seen:
        # an alias is the same node object again; its own position is lost, the key's is not
        key_path = path + ("__key__",)
        doc.problems.append(doc.problem(key_path if key_path in doc.marks else path,
            "Không dùng tham chiếu YAML (dấu * hoặc &). Hãy chép đầy đủ giá trị vào chỗ này."))
        return None
    seen.add(id(node))
    doc.marks[path] = _mark(node)
    if node.tag not in _CORE_TAGS[type(node)]:
        tag = node.tag.replace(_STD_TAG, "!!", 1)  # as it was written: !!python/name:os.system
        doc.problems.append(doc.problem(path,
            f"Không dùng thẻ YAML “{tag}”. Hãy xoá thẻ này và chỉ ghi giá trị."))
        return None
    if isinstance(node, yaml.ScalarNode):
        return _scalar(doc, node, path)
    if isinstance(node, yaml.SequenceNode):
        return [_convert(doc, item, path + (i,), seen) for i, item in enumerate(node.value)]
    if isinstance(node, yaml.MappingNode):
        result: dict = {}
        first_line: dict = {}
        for key_node, value_node in node.value:
            if key_node.tag == _STD_TAG + "merge" or (isinstance(key_node, yaml.ScalarNode) and key_node.value == "<<"):
                doc.problems.append(Problem(doc.file, *_mark(key_node),
                    "Không dùng khoá gộp “<<”. Hãy chép đầy đủ các trường vào đây."))
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                doc.problems.append(Problem(doc.file, *_mark(key_node),
                    "Tên trường phải là một từ đơn giản, ví dụ `name:`."))
                continue
            if key_node.tag not in _CORE_TAGS[yaml.ScalarNode]:
                doc.problems.append(Problem(doc.file, *_mark(key_node),
                    f"Không dùng thẻ YAML “{key_node.tag.replace(_STD_TAG, '!!', 1)}”. Hãy xoá thẻ này và chỉ ghi tên trường."))
                continue
            key = nfc(key_node.value)
            if key in result:
                doc.problems.append(Problem(doc.file, *_mark(key_node),
                    f"Trường “{key}” bị ghi hai lần (lần đầu ở dòng {first_line[key]}). "
                    "Hãy giữ một lần và xoá lần còn lại; nếu cần nhiều giá trị, dùng danh sách (các dòng bắt đầu bằng “- ”)."))
                continue
            first_line[key] = key_node.start_mark.line + 1
            # the key's own line is more useful than the value's for "unknown field"
            doc.marks[path + (key, "__key__")] = _mark(key_node)
            result[key] = _convert(doc, value_node, path + (key,), seen)
        return result
    return None  # pragma: no cover - PyYAML has no other node kinds


# ---------------------------------------------------------------- quick conversion of plain files
#
# Most files have nothing _convert would complain about. For them _convert_plain
# builds the same data without recording where every value stood (the marks are
# read again only if a later check needs a line number: YamlDocument.where). At
# the first thing that needs a message it gives up, and _convert reads the file.


class _NeedsCare(Exception):
    """Something in the file needs _convert's messages."""


_SCALAR = yaml.ScalarNode
_SEQUENCE = yaml.SequenceNode
_MAPPING = yaml.MappingNode
_PLAIN_TAGS = frozenset(_UNTAGGED.values())


def _convert_plain(node):
    if node.tag not in _PLAIN_TAGS:
        raise _NeedsCare
    kind = node.__class__
    if kind is _SCALAR:
        value = nfc(node.value)
        if node.style:
            return value
        typed, trouble = _typed(value)
        if trouble:
            raise _NeedsCare
        return typed
    if kind is _MAPPING:
        result = {}
        for key_node, value_node in node.value:
            if key_node.__class__ is not _SCALAR or key_node.tag not in _PLAIN_TAGS:
                raise _NeedsCare
            key = nfc(key_node.value)
            if key in result or key == "<<":
                raise _NeedsCare
            result[key] = _convert_plain(value_node)
        return result
    if kind is _SEQUENCE:
        return [_convert_plain(item) for item in node.value]
    raise _NeedsCare  # pragma: no cover - PyYAML has no other node kinds


def _may_be_deep(text: str) -> bool:
    """Could the text nest deeper than MAX_DEPTH? A cheap upper bound: every level is a
    flow bracket or at least one column of indentation (or of "- " on the line)."""
    if text.count("[") + text.count("{") < MAX_DEPTH // 2 and all(
            len(line) - len(line.lstrip(" -?:")) < MAX_DEPTH // 2 for line in text.splitlines()):
        return False
    return True


def _too_deep_at(text: str) -> tuple[int, int] | None:
    """(line, column) where the text first nests deeper than MAX_DEPTH, else None.

    Walks libyaml's events, which its parser makes with a stack of its own (no recursion),
    before anything composes nodes. A syntax error is left to the composer's message."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_BaseLoader):
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    return event.start_mark.line + 1, event.start_mark.column + 1
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        return None
    return None


def load_text(text: str, file: Path, marks: bool = True) -> YamlDocument:
    """Read YAML text strictly. Never raises: problems are collected on the document.

    marks=False: a file without problems is converted without noting where each value
    stood (faster); YamlDocument.where reads them when a message needs a line.
    """
    doc = YamlDocument(file=file)
    if _may_be_deep(text):
        where = _too_deep_at(text)
        if where is not None:
            doc.problems.append(Problem(file, *where, _TOO_DEEP))
            return doc
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        if "quoted scalar" in (err.context or "") and err.context_mark is not None:
            mark = err.context_mark  # an unclosed quote: the line where it opens, not the end of the file
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        doc.problems.append(Problem(file, line, column, _syntax_message(err, text, mark)))
        return doc
    except yaml.reader.ReaderError:
        # libyaml's position counts bytes, not characters: find the character ourselves
        bad = _NON_PRINTABLE.search(text)
        line = text[: bad.start()].count("\n") + 1 if bad else None
        column = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1 if bad else None
        doc.problems.append(Problem(file, line, column,
            "Dòng này có ký tự điều khiển không in được (thường do chép từ Word hoặc PDF). "
            "Hãy gõ lại dòng này."))
        return doc
    except yaml.YAMLError as err:  # pragma: no cover - unmarked errors are rare
        doc.problems.append(Problem(file, None, None, "Tệp không đọc được: cú pháp chưa đúng. Hãy so với tệp mẫu trong hướng dẫn."))
        return doc
    except RecursionError:
        doc.problems.append(Problem(file, None, None, _TOO_DEEP))
        return doc
    if node is None:
        doc.data = None
        return doc
    if not marks and "&" not in text:  # without an anchor there is no alias, so no node is met twice
        try:
            doc.data = _convert_plain(node)
            doc.marks = None
            return doc
        except (_NeedsCare, RecursionError):
            pass  # the careful conversion below words the message (too deep, too)
    try:
        doc.data = _convert(doc, node, (), set())
    except RecursionError:
        doc.data = None
        doc.problems.append(Problem(file, None, None, _TOO_DEEP))
    return doc


_TOO_DEEP = (f"Tệp có quá nhiều cấp lồng nhau (quá {MAX_DEPTH} cấp, tính từ dòng này). Hãy so với tệp mẫu: "
             "dữ liệu của đơn vị chỉ có vài cấp thụt lề, và mỗi dấu [ hay { phải có dấu ] hay } đóng lại.")


_OS_REASONS = {errno.ENOENT: "không có tệp này (hãy kiểm tra tên và thư mục của tệp)",
               errno.EACCES: "máy không có quyền đọc tệp", errno.EISDIR: "đây là một thư mục, không phải tệp",
               errno.ENAMETOOLONG: "tên tệp quá dài", errno.ELOOP: "tệp là một liên kết vòng"}


def _os_reason(err: OSError) -> str:
    return _OS_REASONS.get(err.errno, f"lỗi hệ thống số {err.errno}")


def read_bytes(path: Path) -> tuple[bytes | None, YamlDocument | None]:
    """The file's bytes, or a document carrying the reason it could not be opened."""
    try:
        with open(path, "rb") as handle:  # not Path(path).read_bytes(): no new Path object per file
            return handle.read(), None
    except OSError as err:
        doc = YamlDocument(file=Path(path))
        doc.problems.append(Problem(Path(path), None, None, f"Không mở được tệp: {_os_reason(err)}."))
        return None, doc


def load_file(path: Path, marks: bool = True) -> YamlDocument:
    """Read a YAML file strictly (size, encoding, syntax, duplicates, types)."""
    raw, failed = read_bytes(path)
    return failed if raw is None else load_bytes(raw, Path(path), marks)


def load_bytes(raw: bytes, path: Path, marks: bool = True) -> YamlDocument:
    """Read a file's bytes strictly; `path` is only for the messages."""
    doc = YamlDocument(file=path)
    text = _decode(doc, raw)
    if text is None or doc.problems:
        return doc
    return load_text(text, path, marks)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _misindented(text: str, mark) -> bool:
    """Is the line of the error indented deeper than the `key: value` line above it?"""
    if mark is None:
        return False
    lines = text.splitlines()
    if not 0 < mark.line < len(lines):
        return False
    here = lines[mark.line]
    above = next((l for l in reversed(lines[: mark.line]) if l.strip() and not l.lstrip().startswith("#")), "")
    opens_block = above.rstrip().endswith(":") or above.strip() in ("-", "|", ">")
    return _indent(here) > _indent(above) and not opens_block


def _syntax_message(err: yaml.MarkedYAMLError, text: str = "", mark=None) -> str:
    problem = (err.problem or "").lower()
    if "mapping values are not allowed" in problem and _misindented(text, mark):
        hint = ("Dòng này thụt lề sâu hơn dòng trên. Các trường cùng cấp phải thẳng cột với nhau: "
                "hãy xoá bớt dấu cách ở đầu dòng cho thẳng với dòng trên.")
    elif "mapping values are not allowed" in problem:
        hint = ("Có dấu hai chấm “:” ở chỗ không được phép. Nếu giá trị chứa dấu “:” "
                "(ví dụ giờ 7:30 hoặc đường liên kết), hãy đặt cả giá trị trong dấu nháy kép \"...\".")
    elif "found character '\\t'" in problem or "tab" in problem:
        hint = "YAML không cho phép ký tự Tab: hãy thay bằng dấu cách."
    elif "could not find expected ':'" in problem or "simple key" in problem:
        hint = "Thiếu dấu hai chấm sau tên trường, hoặc một dòng bị xuống dòng giữa chừng. Hãy viết `tên_trường: giá trị` trên một dòng."
    elif "expected <block end>" in problem or "indentation" in problem or "block" in problem:
        hint = ("Thụt lề không đều. Các trường cùng cấp phải thẳng cột với nhau; "
                "mỗi cấp thụt vào 2 dấu cách.")
    elif "expected a single document" in problem or "but found another document" in problem:
        hint = "Tệp chỉ được có một phần dữ liệu: hãy xoá dòng “---” (hoặc “...”) ở giữa tệp."
    elif "found undefined alias" in problem or "alias" in problem:
        hint = "Không dùng tham chiếu YAML (dấu * hoặc &). Hãy chép đầy đủ giá trị vào chỗ này."
    elif "quoted scalar" in problem or "unexpected end of stream" in problem:
        hint = "Thiếu dấu nháy đóng. Hãy kiểm tra mỗi dấu \" mở đều có dấu \" đóng trên cùng dòng."
    else:
        hint = "Cú pháp YAML chưa đúng ở đây. Hãy so với tệp mẫu trong hướng dẫn và sửa dòng này."
    return hint   # the parser's own words are English and name grammar terms: not for the people who read this
