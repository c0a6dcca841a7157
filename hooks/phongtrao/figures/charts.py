"""SVG charts drawn at build time: readable without JavaScript, accessible, printable.

Each chart is an inline <svg role="img"> with an aria-label, a <title> and a
<desc> that states the figures in words, and what the scale is; the page always
shows the same figures in a table next to it (the text alternative). Colours
come from CSS classes (phongtrao.css), so print and dark schemes can restyle them.
Every text is escaped with markupsafe.

Sized for a phone first: the drawing is WIDTH units wide and shown at most
about that many pixels wide on a phone (a 360 px screen shows it at 0,96), so a
13-unit text stays about 12 px high there. Labels are never cut: a long one is
wrapped between words (a Vietnamese word is one syllable; none is split).
"""
from __future__ import annotations

from markupsafe import Markup, escape

from .compute import format_number, format_pct

WIDTH = 340          # drawing units; CSS shows a chart at most 440 px wide
LINE = 16            # one line of 13-unit text
CHARS_PER_LINE = 46  # label characters on one line across the drawing


def _svg(width: int, height: int, label: str, desc: str, body: str, css: str) -> Markup:
    label, desc = escape(label), escape(desc)
    return Markup(
        f'<svg class="pt-chart {css}" role="img" aria-label="{label}" viewBox="0 0 {width} {height}" '
        f'width="100%" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{label}</title><desc>{desc}</desc>{body}</svg>"
    )


def wrap(text: str, chars: int) -> list[str]:
    """Lines of at most `chars` characters, broken between words only (a longer word has its own line)."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= chars:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def _share(value: float | None, maximum: float) -> float:
    return max(0.0, min(1.0, (value or 0.0) / maximum)) if maximum else 0.0


def progress_bar(label: str, pct: float | None, css: str = "") -> Markup:
    """One horizontal bar, 0–100%."""
    text = format_pct(pct, "chưa có số liệu")
    width = 400
    filled = round(width * _share(pct, 100), 1)
    body = (f'<rect class="pt-track" x="0" y="0" width="{width}" height="20" rx="3"/>'
            f'<rect class="pt-fill" x="0" y="0" width="{filled}" height="20" rx="3"/>')
    return _svg(width, 20, f"{label}: {text}", f"{label}: {text}, trên thang 0–100%.", body, f"pt-bar {css}".strip())


def _labelled_bars(rows: list[tuple[str, float | None, str, str]], maximum: float) -> tuple[str, int]:
    """Rows of (label, value, value text, css): the label on its own line(s), the bar under it."""
    scale = WIDTH - 78
    body, y = [], 0
    for name, value, shown, css in rows:
        for line in wrap(name, CHARS_PER_LINE):
            body.append(f'<text x="0" y="{y + 13}" class="pt-label">{escape(line)}</text>')
            y += LINE
        w = round(scale * _share(value, maximum), 1)
        body.append(f'<rect class="pt-track" x="0" y="{y + 2}" width="{scale}" height="14" rx="2"/>'
                    f'<rect class="{css}" x="0" y="{y + 2}" width="{w}" height="14" rx="2"/>'
                    f'<text x="{scale + 6}" y="{y + 14}" class="pt-value">{escape(shown)}</text>')
        y += 24
    return "".join(body), y


def phase_bars(elapsed_pct: float, done_pct: float | None, on_track: bool | None, label: str) -> Markup:
    """Time elapsed of the phase versus work done, as two bars on one scale (0–100%)."""
    rows = [("Thời gian đã qua", elapsed_pct, format_pct(elapsed_pct), "pt-elapsed"),
            ("Công việc đã xong", done_pct, format_pct(done_pct), "pt-done")]
    body, height = _labelled_bars(rows, 100)
    desc = (f"Thời gian đã qua {format_pct(elapsed_pct)}, công việc đã xong {format_pct(done_pct)}: "
            f"{label}. Thang đo 0–100%.")
    return _svg(WIDTH, height, f"Tiến độ giai đoạn: {label}", desc, body,
                "pt-phase " + ("pt-on-track" if on_track else "pt-behind" if on_track is False else ""))


def bar_list(title: str, rows: list[tuple[str, float, str]], maximum: float, unit: str = "đơn vị") -> Markup:
    """Labelled horizontal bars: rows of (label, value, value text), on a scale of 0 to `maximum`."""
    body, height = _labelled_bars([(name, value, shown, "pt-fill") for name, value, shown in rows], maximum)
    words = "; ".join(f"{name}: {shown}" for name, _, shown in rows)
    desc = f"{words}. Thang đo 0–{format_number(maximum)} {unit}.".replace(" .", ".")
    return _svg(WIDTH, max(height, LINE), title, desc, body, "pt-bars")


def _inside(middle: float, line: str) -> str:
    """x and anchor of a label centred under its column, moved in when it would leave the drawing."""
    half = len(line) * 3.4          # about half the width of a 13-unit line of this many characters
    if middle - half < 0:
        return 'x="0" text-anchor="start"'
    if middle + half > WIDTH:
        return f'x="{WIDTH}" text-anchor="end"'
    return f'x="{middle}" text-anchor="middle"'


def columns(title: str, points: list[tuple[str, float | None, bool]], unit: str, top: float | None = None,
            label_every: int = 1) -> Markup:
    """Columns of one series over time: points are (label, value, closed).

    `top` is the scale's upper end, shared by the charts a reader compares (the same unit on one page);
    a missing value is written "—"; a period not yet over is drawn paler and says so under its label."""
    top_margin, plot = 34, 104      # the scale's words above the top line, clear of a full column's value
    base = top_margin + plot
    n = max(len(points), 1)
    slot = WIDTH / n
    highest = max((value for _, value, _ in points if value is not None), default=0)
    top = top or highest or 1
    chars = max(4, int(slot / 7))
    body = [f'<line class="pt-axis" x1="0" y1="{base}" x2="{WIDTH}" y2="{base}"/>',
            f'<line class="pt-grid" x1="0" y1="{base - plot}" x2="{WIDTH}" y2="{base - plot}"/>',
            f'<text class="pt-scale" x="0" y="12">Thang đo: 0–{escape(format_number(top))} {escape(unit)}</text>']
    words, lowest = [], base
    for i, (name, value, closed) in enumerate(points):
        x = round(i * slot + slot * 0.15, 1)
        w = round(slot * 0.7, 1)
        middle = round(x + w / 2, 1)
        h = round(plot * _share(value, top), 1)
        css = "pt-fill" if closed else "pt-fill pt-open"
        if value is not None:
            body.append(f'<rect class="{css}" x="{x}" y="{base - h}" width="{w}" height="{h}"/>')
        if len(points) <= 8 or i == len(points) - 1:
            body.append(f'<text class="pt-value" x="{middle}" y="{base - h - 4}" text-anchor="middle">'
                        f'{escape(format_number(value))}</text>')
        last = i == len(points) - 1
        if last or (i % label_every == 0 and len(points) - 1 - i >= label_every):
            lines = wrap(name, chars) + ([] if closed else ["(chưa hết kỳ)"])
            for k, line in enumerate(lines):
                body.append(f'<text class="pt-label" y="{base + 16 + k * LINE}" {_inside(middle, line)}>'
                            f'{escape(line)}</text>')
            lowest = max(lowest, base + 16 + (len(lines) - 1) * LINE)
        shown = f"{format_number(value)} {unit}".strip() if value is not None else "chưa có số liệu"
        words.append(f"{name}: {shown}" + ("" if closed else " (kỳ chưa kết thúc)"))
    desc = "; ".join(words) + f". Thang đo 0–{format_number(top)} {unit}.".replace(" .", ".")
    return _svg(WIDTH, lowest + 6, title, desc, "".join(body), "pt-columns")
