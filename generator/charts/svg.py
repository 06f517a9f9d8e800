"""Hand-written SVG charts: deterministic text, no external requests, readable on a phone.

Every chart is one ``<svg>`` with a ``viewBox`` (so it scales to a 390 px screen), a
``<title>`` and a ``<desc>`` that says the numbers in words (screen readers, search, tests),
and ``data-*`` attributes on every bar and point carrying the exact figures. Colours come
from Material's CSS variables with fallbacks, text uses ``currentColor`` so dark mode works.
Everything from the data is XML-escaped; nothing in here can load or run anything.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

# A phone's content column is ~300–360 px wide: at this width the drawing is shown at about
# its own size there, so 13-unit text stays ~12 px; on a desktop it grows to at most 480 px.
WIDTH = 320
FONT = 13
LABEL_W = 108  # left column for bar labels
BAR_X = LABEL_W + 4
BAR_MAX = WIDTH - BAR_X - 34  # room for the value after the bar
ROW_H = 26
BAR_H = 16
PAD = 8
LABEL_COLS = 14  # display columns a label may take (CJK counts 2)

BAR_STYLE = "fill:var(--md-primary-fg-color,#4051b5)"
LINE_STYLE = "fill:none;stroke:var(--md-primary-fg-color,#4051b5);stroke-width:2"
REF_STYLES = {"cap": "stroke:#e53935;stroke-width:1.5;stroke-dasharray:6 4",
              "minimum": "stroke:#fb8c00;stroke-width:1.5;stroke-dasharray:2 3"}
AXIS_STYLE = "stroke:currentColor;stroke-opacity:.35;stroke-width:1"
TEXT_STYLE = "fill:currentColor"


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    note: str = ""  # tooltip text; defaults to "label: value"


@dataclass(frozen=True)
class Point:
    key: str  # e.g. "2026-11"
    value: int


@dataclass(frozen=True)
class Ref:
    name: str  # cap, minimum
    label: str
    value: int


def a(value: object) -> str:
    """An attribute value, quoted and escaped."""
    return quoteattr(str(value))


def t(value: object) -> str:
    """Element text, escaped."""
    return escape(str(value))


def width_of(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def clip(text: str, cols: int = LABEL_COLS) -> str:
    """Shorten to ``cols`` display columns with an ellipsis (the tooltip keeps it whole)."""
    if width_of(text) <= cols:
        return text
    out, used = "", 0
    for ch in text:
        w = width_of(ch)
        if used + w > cols - 1:
            break
        out, used = out + ch, used + w
    return out + "…"


def _open(chart_id: str, height: int, title: str, desc: str, extra: str = "") -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
            f'width="100%" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
            f'class="cy-svg" data-chart={a(chart_id)}{extra} font-size="{FONT}" '
            f'style="max-width:480px;height:auto">'
            f'<title id="{chart_id}-title">{t(title)}</title>'
            f'<desc id="{chart_id}-desc">{t(desc)}</desc>')


def bar_chart(chart_id: str, title: str, desc: str, bars: list[Bar], empty: str,
              label_above: bool = False) -> str:
    """Horizontal bars, one row each, the value after the bar. Short labels (names,
    cities) sit on the left; long ones (event titles) go above their bar, full width."""
    row = ROW_H + (FONT + 4 if label_above else 0)
    bar_x, bar_max = (2, WIDTH - 36) if label_above else (BAR_X, BAR_MAX)
    height = PAD * 2 + max(len(bars), 1) * row
    top = max((b.value for b in bars), default=0)
    out = [_open(chart_id, height, title, desc,
                 f' data-count="{len(bars)}" data-total="{sum(b.value for b in bars)}"')]
    if not bars:
        out.append(f'<text x="{WIDTH // 2}" y="{PAD + 16}" text-anchor="middle" '
                   f'style="{TEXT_STYLE}">{t(empty)}</text>')
    for i, b in enumerate(bars):
        y = PAD + i * row + (row - ROW_H)  # the bar's own row, below any label
        w = 0 if top == 0 else round(b.value * bar_max / top, 1)
        mid = y + ROW_H / 2 + 4
        label = (f'<text x="{bar_x}" y="{y:g}" style="{TEXT_STYLE}">'
                 f'{t(clip(b.label, 2 * LABEL_COLS + 14))}</text>' if label_above else
                 f'<text x="{LABEL_W}" y="{mid:g}" text-anchor="end" style="{TEXT_STYLE}">'
                 f'{t(clip(b.label))}</text>')
        out.append(
            f'<g class="bar" data-label={a(b.label)} data-value="{b.value}">'
            f'<title>{t(b.note or f"{b.label}: {b.value}")}</title>{label}'
            f'<rect x="{bar_x}" y="{y + (ROW_H - BAR_H) / 2:g}" width="{w:g}" height="{BAR_H}" '
            f'rx="2" style="{BAR_STYLE}"/>'
            f'<text x="{bar_x + w + 4:g}" y="{mid:g}" style="{TEXT_STYLE}">{b.value}</text></g>')
    out.append("</svg>")
    return "".join(out)


def _nice_top(value: int) -> int:
    """A round axis maximum at or above ``value`` (10, 20, 25, 50, 100 …)."""
    step = 1
    while True:
        for m in (1, 2, 2.5, 5):
            top = int(step * m)
            if top >= value and top > 0:
                return top
        step *= 10


def line_chart(chart_id: str, title: str, desc: str, points: list[Point], refs: list[Ref],
               tick: Callable[[str], str | None], empty: str) -> str:
    """A line over time with dashed reference lines (cap, minimum). ``tick`` names the x
    positions that get a label (e.g. each January)."""
    height, left, right, top_y, bottom_y = 200, 30, WIDTH - 6, 16, 166
    vmax = _nice_top(max([p.value for p in points] + [r.value for r in refs] + [1]))
    out = [_open(chart_id, height, title, desc,
                 f' data-count="{len(points)}" data-max="{vmax}"')]

    def y_of(v: int) -> float:
        return round(bottom_y - v * (bottom_y - top_y) / vmax, 1)

    def x_of(i: int) -> float:
        span = max(len(points) - 1, 1)
        return round(left + i * (right - left) / span, 1)

    out.append(f'<line x1="{left}" y1="{bottom_y}" x2="{right}" y2="{bottom_y}" '
               f'style="{AXIS_STYLE}"/>')
    for v in sorted({0, vmax}):
        out.append(f'<text x="{left - 4}" y="{y_of(v) + 4:g}" text-anchor="end" '
                   f'style="{TEXT_STYLE}">{v}</text>')
    for r in refs:
        y = y_of(r.value)
        out.append(f'<g class="ref" data-ref={a(r.name)} data-value="{r.value}">'
                   f'<title>{t(f"{r.label}: {r.value}")}</title>'
                   f'<line x1="{left}" y1="{y:g}" x2="{right}" y2="{y:g}" '
                   f'style="{REF_STYLES.get(r.name, AXIS_STYLE)}"/>'
                   f'<text x="{right}" y="{y - 4:g}" text-anchor="end" style="{TEXT_STYLE}">'
                   f'{t(f"{r.label} {r.value}")}</text></g>')
    if not points:
        out.append(f'<text x="{WIDTH // 2}" y="{height // 2}" text-anchor="middle" '
                   f'style="{TEXT_STYLE}">{t(empty)}</text></svg>')
        return "".join(out)
    coords = " ".join(f"{x_of(i):g},{y_of(p.value):g}" for i, p in enumerate(points))
    out.append(f'<polyline points="{coords}" style="{LINE_STYLE}"/>')
    for i, p in enumerate(points):
        out.append(f'<circle class="point" cx="{x_of(i):g}" cy="{y_of(p.value):g}" r="2.5" '
                   f'data-key={a(p.key)} data-value="{p.value}" style="{BAR_STYLE}">'
                   f'<title>{t(f"{p.key}: {p.value}")}</title></circle>')
        label = tick(p.key)
        if label:
            out.append(f'<text x="{x_of(i):g}" y="{bottom_y + 16}" text-anchor="middle" '
                       f'style="{TEXT_STYLE}">{t(label)}</text>')
    last = points[-1]
    out.append(f'<text x="{x_of(len(points) - 1):g}" y="{y_of(last.value) - 8:g}" '
               f'text-anchor="end" font-weight="bold" style="{TEXT_STYLE}">{last.value}</text>')
    out.append("</svg>")
    return "".join(out)
