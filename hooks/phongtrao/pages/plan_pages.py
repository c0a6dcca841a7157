"""Plan pages: the hierarchy of plans, a linked summary of each plan's structure,
and the editorial note on a plan's text.

Markers:
    <!-- phongtrao: plan-hierarchy -->            nested list, national movement → provinces → communes
    <!-- phongtrao: plan-structure PLAN_ID -->    content areas, criteria, phases, milestones, award forms
    <!-- phongtrao: plan-note PLAN_ID -->         "Ghi chú biên tập": source and restored letters

Every item links to its anchor on the plan page (anchors come from load.build_plan
and are stable). All data is escaped here; the output is Markdown with inline HTML.
"""
from __future__ import annotations

import posixpath
import re

from markupsafe import escape

from ..reading import model as m
from .markers import marker
from .seeds import RESTORATIONS, RESTORED_HEADER, SOURCE_DIR, lost_letters
from ..text import collation_key, date_vi

LEVELS = {"quoc-gia": "Cả nước", "tinh": "Tỉnh", "xa": "Xã, phường"}
STAGES = {"hang-nam": "Khen thưởng hằng năm", "so-ket": "Khen thưởng sơ kết", "tong-ket": "Khen thưởng tổng kết"}
SHORT_WORDS = 14   # words of a criterion shown in the summary; the full text is on the plan page


def _href(page, target: str, anchor: str = "") -> str:
    """Link from the current page to a docs-relative Markdown file (the generator checks it and its anchor)."""
    here = posixpath.dirname(page.src_uri) if page is not None else ""
    rel = posixpath.relpath(target, here or ".")
    return f"{rel}#{anchor}" if anchor else rel


def _text(text: str) -> str:
    """Data text made safe for Markdown: HTML escaped, Markdown punctuation neutralised."""
    safe = str(escape(text)).replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]") \
        .replace("*", "\\*").replace("_", "\\_").replace("`", "\\`")
    return re.sub(r"^(\d+)\.", r"\1\\.", safe)   # "2. Yêu cầu" is text, not a list item


def _link(page, plan: m.Plan, anchor: str, text: str) -> str:
    """A Markdown link, so MkDocs rewrites it to the page URL and checks that the anchor exists."""
    if not plan.page:
        return _text(text)
    return f"[{_text(text)}]({_href(page, plan.page, anchor)})"


def _short(text: str, words: int = SHORT_WORDS) -> str:
    parts = text.split()
    return text if len(parts) <= words else " ".join(parts[:words]) + " …"


def _describe(plan: m.Plan) -> str:
    bits = [plan.number and f"Số {plan.number}", plan.issued, plan.issuer]
    return " · ".join(_text(b) for b in bits if b)


# ---------------------------------------------------------------- hierarchy

_LEVEL_ORDER = {"quoc-gia": 0, "tinh": 1, "xa": 2}


def hierarchy_markdown(plans: dict[str, m.Plan], page) -> str:
    children: dict[str | None, list[m.Plan]] = {}
    for plan in plans.values():
        parent = plan.parent if plan.parent in plans else None
        children.setdefault(parent, []).append(plan)

    def branch(parent: str | None, depth: int) -> list[str]:
        kids = sorted(children.get(parent, ()),
                      key=lambda p: (_LEVEL_ORDER.get(p.level, 9), collation_key(p.short_title)))
        out = []
        pad = "    " * depth
        for plan in kids:
            level = _text(LEVELS.get(plan.level, plan.level))
            out.append(f"{pad}- **{_link(page, plan, '', plan.short_title)}** ({level})  ")
            out.append(f"{pad}  {_describe(plan)}")
            out.extend(branch(plan.id, depth + 1))
        return out

    return "\n".join(branch(None, 0)) + "\n"


@marker("plan-hierarchy")
def render_hierarchy(state, page, *args) -> str:
    return hierarchy_markdown(state.dataset.plans, page)


# ---------------------------------------------------------------- structure


def structure_markdown(plan: m.Plan, page) -> str:
    def link(anchor: str, text: str) -> str:
        return _link(page, plan, anchor, text)

    out: list[str] = []
    if plan.content_areas:
        out += [f"**{link('noi-dung', 'Nội dung thi đua')}**", ""]
        out += [f"{a.number}. {link(a.anchor, a.title)}" for a in plan.content_areas]
        out.append("")
    if plan.target_groups:
        out += [f"**{link('tieu-chi', 'Tiêu chí thi đua theo đối tượng')}**", ""]
        for group in plan.target_groups:
            out.append(f"- {link(group.anchor, group.title)} ({len(group.criteria)} tiêu chí)")
            out += [f"    {c.number}. {link(c.anchor, _short(c.text))}" for c in group.criteria]
        out.append("")
    if plan.phases:
        out += [f"**{link('thoi-gian-trach-nhiem', 'Giai đoạn')}**", ""]
        out += [f"- {link(p.anchor, p.title)}: {date_vi(p.start)} – {date_vi(p.end)}" for p in plan.phases]
        out.append("")
    if plan.milestones:
        out += ["**Mốc thời gian**", ""]
        out += [f"- {link(x.anchor, x.title)}: hạn {date_vi(x.deadline)}" for x in plan.milestones]
        out.append("")
    if plan.award_forms:
        out += [f"**{link('khen-thuong', 'Hình thức khen thưởng')}**", ""]
        for stage, label in STAGES.items():
            forms = [a for a in plan.award_forms if a.stage == stage]
            if forms:
                out.append(f"- {_text(label)}: " + "; ".join(link(a.anchor, a.title) for a in forms))
        out.append("")
    if plan.responsibilities:
        out += [f"**{link('trach-nhiem', 'Trách nhiệm thực hiện')}**", ""]
        out += [f"- {link(r.anchor, r.party + ': ' + _short(r.text, 10))}" for r in plan.responsibilities]
        out.append("")
    return "\n".join(out)


@marker("plan-structure")
def render_structure(state, page, plan_id: str = "", *args) -> str:
    plan = state.dataset.plans.get(plan_id)
    if plan is None:
        return f"*Không có kế hoạch “{_text(plan_id)}” trong dữ liệu.*"
    return structure_markdown(plan, page)


# ---------------------------------------------------------------- editorial note


def note_markdown(plan_id: str) -> str:
    """An admonition saying where the text comes from and what the editors restored."""
    lines = ['!!! note "Ghi chú biên tập"', "",
             f"    Văn bản được chép nguyên văn từ bản trích chữ của tệp PDF "
             f"(lưu tại `data/{escape(SOURCE_DIR)}/{escape(plan_id)}.txt`); các dòng bị ngắt được nối lại thành đoạn.",
             ""]
    fixes = RESTORATIONS.get(plan_id, ())
    if fixes:
        lines += ["    Bản trích chữ bị mất một số chữ in hoa (ô □ là chữ bị mất). Đã phục hồi:", ""]
        lines += [f"    - {_text(lost_letters(broken, fixed))} → **{_text(fixed.strip())}**" for broken, fixed in fixes]
        lines.append("")
    header = RESTORED_HEADER.get(plan_id, ())
    if header:
        lines += ["    Bản trích chữ mất cả khối bên trái của phần đầu văn bản. Phần đặt trong ngoặc vuông [ ] "
                  "ở đầu trang do biên tập bổ sung:", ""]
        lines += [f"    - {_text(text)} — {_text(why)}" for text, why in header]
        lines.append("")
    return "\n".join(lines)


@marker("plan-note")
def render_note(state, page, plan_id: str = "", *args) -> str:
    return note_markdown(plan_id)


# ---------------------------------------------------------------- page step: a visible ¶ on every anchored paragraph

_ANCHORED = re.compile(r'<(p|li)( id="((?:noi-dung|tieu-chi)-[a-z0-9-]+)")>(.*?)</\1>', re.S)


def paragraph_links(html: str, page, state) -> str:
    """Content areas and criteria of a plan page get the ¶ its headings have, so a reader (or a reporter)
    can copy the link to one criterion; CSS marks the paragraph a link opens (:target)."""
    if not page.src_uri.startswith("ke-hoach/"):
        return html
    return _ANCHORED.sub(lambda m: f'<{m[1]}{m[2]} class="pt-anchored">{m[4]} <a class="headerlink" href="#{m[3]}" '
                                   f'title="Liên kết tới đoạn này">¶</a></{m[1]}>', html)
