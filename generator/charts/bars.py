"""A small, deterministic grouped bar chart as a self-contained SVG string.

Why our own: the charts are generated at build time with no script and no external request,
must be byte-identical from one build to the next, and must carry their numbers in text
(``<title>``, ``<desc>`` and ``data-*`` attributes) so screen readers and tests can read them.
Every piece of text is XML-escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

PALETTE = ("#3f51b5", "#009688", "#ff9800", "#e91e63", "#795548", "#607d8b", "#8bc34a")
WIDTH, HEIGHT = 640, 280
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 56, 28


def _n(x: float) -> str:
    """Coordinates with at most one decimal, never "-0" (stable bytes)."""
    r = round(x, 1)
    if r == int(r):
        return str(int(r)) if r else "0"
    return f"{r:.1f}"


def _ticks(top: int) -> list[int]:
    """Up to five round gridline values from 0 to at least ``top``."""
    if top <= 0:
        return [0, 1]
    step = 1
    while top / step > 5:
        for mult in (2, 5, 10):
            if top / (step * mult) <= 5:
                step *= mult
                break
        else:
            step *= 10
    return list(range(0, top + step, step))


def bar_chart(chart_id: str, title: str, desc: str, x_labels: Sequence[str],
              series: Sequence[tuple[str, str, Sequence[int]]]) -> str:
    """Grouped bars: one group per x label, one bar per series ``(key, label, values)``."""
    ticks = _ticks(max((v for _k, _l, vals in series for v in vals), default=0))
    ymax = ticks[-1] or 1
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    group_w = plot_w / max(len(x_labels), 1)
    bar_w = group_w * 0.8 / max(len(series), 1)
    bar_px = _n(max(bar_w - 1, 1))
    cid = escape(chart_id)
    out = [
        (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
         f'width="{WIDTH}" height="{HEIGHT}" role="img" class="courtyard-chart" id="{cid}" '
         f'aria-labelledby="{cid}-title {cid}-desc" '
         f'style="max-width:100%;height:auto;font-family:sans-serif;font-size:11px">'),
        f'<title id="{cid}-title">{escape(title)}</title>',
        f'<desc id="{cid}-desc">{escape(desc)}</desc>',
    ]
    for i, (_key, label, _vals) in enumerate(series):  # legend, two rows of up to four
        x, y = LEFT + (i % 4) * 148, 14 + (i // 4) * 16
        out.append(f'<rect x="{x}" y="{y - 9}" width="10" height="10" '
                   f'fill="{PALETTE[i % len(PALETTE)]}"/>'
                   f'<text x="{x + 14}" y="{y}">{escape(label)}</text>')
    for t in ticks:
        ty = TOP + plot_h - plot_h * t / ymax
        out.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{_n(ty)}" y2="{_n(ty)}" '
                   f'stroke="#ddd"/><text x="{LEFT - 4}" y="{_n(ty + 4)}" '
                   f'text-anchor="end" fill="#666">{t}</text>')
    labels = [(escape(key), escape(label)) for key, label, _vals in series]
    for g, xl in enumerate(x_labels):
        gx = LEFT + g * group_w + group_w * 0.1
        ex = escape(xl)
        out.append(f'<g data-x="{ex}">')
        for i, (_key, _label, vals) in enumerate(series):
            v = int(vals[g]) if g < len(vals) else 0
            h = plot_h * v / ymax
            ek, el = labels[i]
            out.append(f'<rect x="{_n(gx + i * bar_w)}" y="{_n(TOP + plot_h - h)}" '
                       f'width="{bar_px}" height="{_n(h)}" '
                       f'fill="{PALETTE[i % len(PALETTE)]}" data-series="{ek}" '
                       f'data-value="{v}"><title>{ex} · {el}: {v}</title></rect>')
        out.append(f'<text x="{_n(LEFT + g * group_w + group_w / 2)}" y="{HEIGHT - 10}" '
                   f'text-anchor="middle">{ex}</text></g>')
    out.append("</svg>")
    return "".join(out)


def describe(x_labels: Sequence[str], series: Sequence[tuple[str, str, Sequence[int]]],
             sep: str = "; ") -> str:
    """The chart's numbers as one sentence, for ``<desc>``: "2025: events 3, posts 1; …"."""
    parts = []
    for g, xl in enumerate(x_labels):
        vals = ", ".join(f"{label} {vals[g] if g < len(vals) else 0}"
                         for _k, label, vals in series)
        parts.append(f"{xl}: {vals}")
    return sep.join(parts)
