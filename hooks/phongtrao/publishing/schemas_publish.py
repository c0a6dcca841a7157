"""The data files' JSON Schemas on the site, and the field tables of the contributor guide.

- `/schemas/<kind>.schema.json`: editors (VS Code with the YAML extension, and any
  tool reading `# yaml-language-server: $schema=…`) autocomplete and check unit
  files against the same schema `make check` uses.
- marker `<!-- phongtrao: schema-fields unit -->`: a table of every field, its
  Vietnamese meaning and how to write it, generated from the schema so the guide
  never drifts from the checker.
"""
from __future__ import annotations

import posixpath
from html import escape

from ..pages.markers import marker
from ..reading.validate import KINDS, SCHEMA_DIR, schema

SITE_DIR = "schemas"


def add_schema_files(changes, state, existing: set[str]) -> None:
    """/schemas/<kind>.schema.json, the very files the checker uses (they replace any copy in docs/)."""
    for kind in KINDS:
        path = SCHEMA_DIR / f"{kind}.schema.json"
        changes.add(f"{SITE_DIR}/{path.name}", path.read_bytes())


def _cell(text) -> str:
    return escape(str(text), quote=False).replace("|", "&#124;").replace("\n", " ")


def _how(node: dict) -> str:
    """How to write a value of this field, in Vietnamese."""
    if "enum" in node:
        labels = node.get("enumDescriptions") or [""] * len(node["enum"])
        return "một trong: " + "; ".join(f"`{v}` ({l})" if l else f"`{v}`" for v, l in zip(node["enum"], labels) if v is not None)
    kind = node.get("type")
    kinds = set(kind) if isinstance(kind, list) else {kind}
    if node.get("format") == "date":
        return "ngày NĂM-THÁNG-NGÀY, ví dụ `2025-10-15`"
    if "pattern" in node and str(node["pattern"]).startswith("^https?"):
        return "đường liên kết bắt đầu bằng `https://`"
    if node.get("pattern") == "^[a-z0-9]+(-[a-z0-9]+)*$":
        return "mã: chữ thường không dấu, số, gạch ngang"
    if "boolean" in kinds:
        return "`true` hoặc `false`"
    if kinds & {"number", "integer"}:
        low, high = node.get("minimum"), node.get("maximum")
        rng = f" từ {low} đến {high}" if low is not None and high is not None else (f" ≥ {low}" if low is not None else "")
        return f"con số{rng}, không dấu phân cách hàng nghìn"
    if "array" in kinds:
        return "danh sách: mỗi mục một dòng bắt đầu bằng `- `"
    if "object" in kinds:
        return "các trường con (xem các dòng bên dưới)"
    return "chữ"


def field_rows(node: dict, prefix: str = "", required=()) -> list[tuple[str, str, str, str]]:
    """(field path, meaning, how to write, required?) for every field, depth first."""
    rows = []
    props = node.get("properties") or {}
    for key, sub in props.items():
        name = f"{prefix}{key}"
        meaning = f"**{sub.get('title', '')}.** {sub.get('description', '')}".strip()
        rows.append((name, meaning, _how(sub), "bắt buộc" if key in required else ""))
        if sub.get("type") == "object" and sub.get("properties"):
            rows += field_rows(sub, f"{name}.", sub.get("required", ()))
        items = sub.get("items")
        if isinstance(items, dict) and items.get("properties"):
            rows += field_rows(items, f"{name}[].", items.get("required", ()))
    return rows


@marker("schema-fields")
def render_schema_fields(state, page, kind: str = "unit") -> str:
    if kind not in KINDS:
        return f"<!-- schema-fields: không có loại tệp {escape(kind)} -->"
    s = schema(kind)
    base = s.get("items") if s.get("type") == "array" else s
    lines = ["| Trường | Ý nghĩa | Cách ghi | |", "|---|---|---|---|"]
    for name, meaning, how, req in field_rows(base, "", base.get("required", ())):
        lines.append(f"| `{_cell(name)}` | {_cell(meaning)} | {_cell(how)} | {req} |")
    name = f"{kind}.schema.json"
    here = posixpath.dirname(page.src_uri) if page is not None else ""
    link = posixpath.relpath(f"{SITE_DIR}/{name}", here or ".")
    lines += ["", f"Lược đồ đầy đủ (JSON Schema, dùng cho trình soạn thảo): [{escape(name)}]({escape(link)})."]
    return "\n".join(lines)
