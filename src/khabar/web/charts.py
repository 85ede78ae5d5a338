"""A tiny SVG chart, written here (no library): per-period bars stacked by modality, and a Goldstein-sum line.

Built as markup from numbers and escaped labels only; each bar links to the events behind its period.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from markupsafe import Markup, escape

COLORS = {"asserted": "#2f6f9f", "negated": "#9f2f2f", "possible": "#d9a21b", "probable": "#c77c12",
          "uncertain": "#8c8c8c", "intended": "#6a9f2f", "planned": "#3f9f7f", "suspected": "#8f4f9f",
          "doubted": "#b35f8f", "hypothetical": "#5f6fbf"}
WIDTH, HEIGHT, PAD = 760, 300, 40


def modality_color(label: str) -> str:
    return COLORS.get(label, "#777777")


def _scale(lo: float, hi: float, top: float, bottom: float) -> Callable[[float], float]:
    span = (hi - lo) or 1.0
    return lambda v: bottom - (v - lo) / span * (bottom - top)


def _bars(rows: list[dict[str, Any]], href: Callable[[str], str], x0: float, step: float,
          y: Callable[[float], float]) -> list[str]:
    out = []
    width = min(max(step * 0.7, 1.0), 48.0)
    for i, row in enumerate(rows):
        period = str(row["period"] or "?")
        x, base = x0 + i * step + (step - width) / 2, 0
        parts = [f'<a href="{escape(href(period))}" class="bar" data-period="{escape(period)}">',
                 f"<title>{escape(period)}: {int(row['events'])}</title>"]
        for label, n in sorted(row["by_modality"].items()):
            top, bottom = y(base + n), y(base)
            parts.append(f'<rect x="{x:.1f}" y="{top:.1f}" width="{width:.1f}" height="{bottom - top:.1f}" '
                         f'fill="{modality_color(label)}" data-modality="{escape(label)}"/>')
            base += n
        parts.append("</a>")
        out.append("".join(parts))
    return out


def dyad_chart(rows: list[dict[str, Any]], href: Callable[[str], str], labels: dict[str, str]) -> Markup:
    """SVG of a dyad series (``store.dyad`` rows); ``href(period)`` is the link of each bar."""
    rows = [r for r in rows if r["period"]]
    if not rows:
        return Markup("")
    step = (WIDTH - 2 * PAD) / len(rows)
    count_max = max(r["events"] for r in rows)
    y = _scale(0, count_max, PAD, HEIGHT - PAD)
    sums = [float(r["goldstein_sum"] or 0) for r in rows]
    lo, hi = min([*sums, 0.0]), max([*sums, 0.0])
    gy = _scale(lo, hi, PAD, HEIGHT - PAD)
    points = " ".join(f"{PAD + (i + 0.5) * step:.1f},{gy(s):.1f}" for i, s in enumerate(sums))
    every = max(1, len(rows) // 12)
    ticks = [f'<text x="{PAD + (i + 0.5) * step:.1f}" y="{HEIGHT - PAD + 16}" class="tick">{escape(r["period"])}'
             "</text>" for i, r in enumerate(rows) if i % every == 0]
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" class="chart" role="img" '
             f'aria-label="{escape(labels["title"])}" direction="ltr">',
             f'<line x1="{PAD}" y1="{HEIGHT - PAD}" x2="{WIDTH - PAD}" y2="{HEIGHT - PAD}" class="axis"/>',
             f'<line x1="{PAD}" y1="{gy(0):.1f}" x2="{WIDTH - PAD}" y2="{gy(0):.1f}" class="zero"/>',
             f'<text x="4" y="{PAD - 8}" class="tick">{escape(labels["events"])} ≤ {count_max}</text>',
             f'<text x="{WIDTH - 4}" y="{PAD - 8}" class="tick gold" text-anchor="end">'
             f'{escape(labels["goldstein"])} {lo:.0f}…{hi:.0f}</text>',
             *_bars(rows, href, PAD, step, y),
             f'<polyline points="{points}" class="goldline"/>',
             *(f'<circle cx="{PAD + (i + 0.5) * step:.1f}" cy="{gy(v):.1f}" r="3" class="goldpoint"/>'
               for i, v in enumerate(sums)),
             *ticks, "</svg>"]
    return Markup("".join(parts))
