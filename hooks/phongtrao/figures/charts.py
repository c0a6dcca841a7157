"""SVG charts drawn at build time: readable without JavaScript, accessible, printable.

Each chart is an inline <svg role="img"> with an aria-label, a <title> and a
<desc> that states the figures in words; the page always shows the same
figures in a table next to it (the text alternative). Colours come from CSS
classes (phongtrao.css), so print and dark schemes can restyle them.
Every text is escaped with markupsafe.
"""
from __future__ import annotations

from markupsafe import Markup, escape

from .compute import format_number, format_pct


def _svg(width: int, height: int, label: str, desc: str, body: str, css: str) -> Markup:
    label, desc = escape(label), escape(desc)
    return Markup(
        f'<svg class="pt-chart {css}" role="img" aria-label="{label}" viewBox="0 0 {width} {height}" '
        f'width="100%" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{label}</title><desc>{desc}</desc>{body}</svg>"
    )


def progress_bar(label: str, pct: float | None, css: str = "") -> Markup:
    """One horizontal bar, 0–100%."""
    value = max(0.0, min(100.0, pct or 0.0))
    width = 400
    filled = round(width * value / 100, 1)
    text = format_pct(pct, "chưa có số liệu")
    body = (f'<rect class="pt-track" x="0" y="0" width="{width}" height="20" rx="3"/>'
            f'<rect class="pt-fill" x="0" y="0" width="{filled}" height="20" rx="3"/>')
    return _svg(width, 20, f"{label}: {text}", f"{label}: {text}.", body, f"pt-bar {css}".strip())


def phase_bars(elapsed_pct: float, done_pct: float | None, on_track: bool | None, label: str) -> Markup:
    """Time elapsed of the phase versus work done, as two bars on one scale."""
    width, left = 480, 150
    scale = width - left - 60
    rows = [("Thời gian đã qua", elapsed_pct, "pt-elapsed"), ("Công việc đã xong", done_pct, "pt-done")]
    body = []
    for i, (name, value, css) in enumerate(rows):
        y = i * 28
        w = round(scale * max(0.0, min(100.0, value or 0.0)) / 100, 1)
        body.append(f'<text x="0" y="{y + 15}" class="pt-label">{escape(name)}</text>'
                    f'<rect class="pt-track" x="{left}" y="{y + 2}" width="{scale}" height="18" rx="3"/>'
                    f'<rect class="{css}" x="{left}" y="{y + 2}" width="{w}" height="18" rx="3"/>'
                    f'<text x="{left + scale + 6}" y="{y + 15}" class="pt-value">{escape(format_pct(value))}</text>')
    desc = (f"Thời gian đã qua {format_pct(elapsed_pct)}, công việc đã xong {format_pct(done_pct)}: "
            f"{label}.")
    return _svg(width, 56, f"Tiến độ giai đoạn: {label}", desc, "".join(body),
                "pt-phase " + ("pt-on-track" if on_track else "pt-behind" if on_track is False else ""))


def bar_list(title: str, rows: list[tuple[str, float, str]], maximum: float, unit: str = "") -> Markup:
    """Labelled horizontal bars: rows of (label, value, value text)."""
    width, left, height = 560, 230, 24
    scale = width - left - 70
    body, words = [], []
    for i, (name, value, shown) in enumerate(rows):
        y = i * height
        w = round(scale * (value / maximum if maximum else 0), 1)
        short = name if len(name) <= 34 else name[:33] + "…"
        body.append(f'<text x="0" y="{y + 16}" class="pt-label">{escape(short)}</text>'
                    f'<rect class="pt-track" x="{left}" y="{y + 4}" width="{scale}" height="16" rx="2"/>'
                    f'<rect class="pt-fill" x="{left}" y="{y + 4}" width="{w}" height="16" rx="2"/>'
                    f'<text x="{left + scale + 6}" y="{y + 16}" class="pt-value">{escape(shown)}</text>')
        words.append(f"{name}: {shown}")
    return _svg(width, max(height * len(rows), height), title, "; ".join(words) + ".", "".join(body), "pt-bars")


def columns(title: str, points: list[tuple[str, float | None]], unit: str) -> Markup:
    """Column chart of one indicator over the report periods (trend); missing periods are marked."""
    width, height, base = 520, 180, 140
    n = max(len(points), 1)
    slot = width / n
    top = max((v for _, v in points if v is not None), default=0) or 1
    body, words = [f'<line class="pt-axis" x1="0" y1="{base}" x2="{width}" y2="{base}"/>'], []
    for i, (name, value) in enumerate(points):
        x = round(i * slot + slot * 0.2, 1)
        w = round(slot * 0.6, 1)
        shown = f"{format_number(value)} {unit}".strip() if value is not None else "chưa có số liệu"
        if value is not None:
            h = round((base - 24) * value / top, 1)
            body.append(f'<rect class="pt-fill" x="{x}" y="{base - h}" width="{w}" height="{h}"/>')
        body.append(f'<text class="pt-value" x="{x + w / 2}" y="{base - 4 - (round((base - 24) * value / top, 1) if value is not None else 0)}" '
                    f'text-anchor="middle">{escape(format_number(value))}</text>'
                    f'<text class="pt-label" x="{x + w / 2}" y="{base + 18}" text-anchor="middle">{escape(name)}</text>')
        words.append(f"{name}: {shown}")
    return _svg(width, height, title, "; ".join(words) + ".", "".join(body), "pt-columns")
