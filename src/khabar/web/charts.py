"""Chart data for the pages: the dyad time series as plain numbers, drawn in the browser by uPlot (vendored).

Every period between the first and the last one is present (missing ones with no events and no Goldstein value), so
a gap in the data is a gap on the time axis; ``x`` is the period's first day in Unix seconds (UTC).

>>> s = dyad_series([{"period": "2024-01", "events": 2, "goldstein_sum": -3.0, "by_modality": {"asserted": 2}},
...                  {"period": "2024-03", "events": 1, "goldstein_sum": 1.5, "by_modality": {"negated": 1}}],
...                 "month", lambda p: "/dyad?period=" + p)
>>> s["periods"], s["events"], s["goldstein"], s["by_modality"]["asserted"]
(['2024-01', '2024-02', '2024-03'], [2, 0, 1], [-3.0, None, 1.5], [2, 0, 0])
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

COLORS = {"asserted": "#2f6f9f", "negated": "#9f2f2f", "possible": "#d9a21b", "probable": "#c77c12",
          "uncertain": "#8c8c8c", "intended": "#6a9f2f", "planned": "#3f9f7f", "suspected": "#8f4f9f",
          "doubted": "#b35f8f", "hypothetical": "#5f6fbf"}
MAX_PERIODS = 5000  # a filled range longer than this keeps only the periods that have events


def modality_color(label: str) -> str:
    return COLORS.get(label, "#777777")


def period_start(period: str) -> date:
    """First day of ``YYYY-MM`` or ``YYYY-Www``."""
    if "-W" in period:
        year, week = period.split("-W")
        return date.fromisocalendar(int(year), int(week), 1)
    return date.fromisoformat(period + "-01")


def _label(day: date, by: str) -> str:
    if by == "week":
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    return day.isoformat()[:7]


def _next(day: date, by: str) -> date:
    return day + timedelta(days=7) if by == "week" else (day.replace(day=28) + timedelta(days=4)).replace(day=1)


def _all_periods(known: list[str], by: str) -> list[str]:
    first, last = period_start(known[0]), period_start(known[-1])
    out: list[str] = []
    day = first
    while day <= last and len(out) <= MAX_PERIODS:
        out.append(_label(day, by))
        day = _next(day, by)
    return out if len(out) <= MAX_PERIODS else known


def _seconds(day: date) -> int:
    return int(datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp())


def dyad_series(rows: list[dict[str, Any]], by: str, href: Callable[[str], str]) -> dict[str, Any]:
    """The uPlot data of ``store.dyad`` rows: x, counts per modality, totals, Goldstein sums, links."""
    dated = {str(r["period"]): r for r in rows if r["period"]}
    if not dated:
        return {"periods": []}
    periods = _all_periods(sorted(dated, key=period_start), by)
    modalities = sorted({m for r in dated.values() for m in r["by_modality"]})
    empty: dict[str, Any] = {"events": 0, "goldstein_sum": None, "by_modality": {}}
    series = [dated.get(p, empty) for p in periods]
    return {
        "by": by, "periods": periods, "x": [_seconds(period_start(p)) for p in periods],
        "hrefs": [href(p) if p in dated else "" for p in periods],
        "events": [int(r["events"]) for r in series],
        "goldstein": [None if r["goldstein_sum"] is None else float(r["goldstein_sum"]) for r in series],
        "modalities": modalities, "colors": {m: modality_color(m) for m in modalities},
        "by_modality": {m: [int(r["by_modality"].get(m, 0)) for r in series] for m in modalities},
    }
