"""Data shaping shared by pages and API: clusters from their events, dyad periods, the network graph."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from fastapi import HTTPException


def cluster_summary(events: list[dict[str, Any]], cluster_id: str) -> dict[str, Any]:
    """One deduplicated event: its key fields and every telling (event dicts with outlet/url/title)."""
    if not events:
        raise HTTPException(404, f"no cluster {cluster_id!r}")
    head = events[0]
    return {
        "cluster_id": cluster_id,
        "source": (head.get("source") or {}).get("code"),
        "target": (head.get("target") or {}).get("code"),
        "cameo": head.get("cameo"),
        "modality": head.get("modality"),
        "num_mentions": len(events),
        "num_sources": len({e.get("outlet") for e in events}),
        "num_articles": len({e.get("article_id") for e in events}),
        "events": events,
    }


def period_bounds(period: str) -> tuple[str, str]:
    """First and last day (ISO) of a ``YYYY-MM`` month or ``YYYY-Www`` ISO week; 422 when malformed."""
    try:
        if "-W" in period:
            year, week = period.split("-W")
            first = date.fromisocalendar(int(year), int(week), 1)
            return first.isoformat(), (first + timedelta(days=6)).isoformat()
        first = date.fromisoformat(period + "-01")
    except ValueError:
        raise HTTPException(422, f"not a period (YYYY-MM or YYYY-Www): {period!r}") from None
    following = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
    return first.isoformat(), (following - timedelta(days=1)).isoformat()


def dyad_events(store: Any, a: str, b: str, by: str, period: str, asserted_only: bool) -> list[dict[str, Any]]:
    """The events counted in one period of ``store.dyad(a, b, by)``."""
    from khabar.store.queries import period_of

    since, until = period_bounds(period)
    a, b = a.upper(), b.upper()
    filters: dict[str, Any] = {"actor": a, "since": since, "until": until, "actors": "both"}
    if asserted_only:
        filters["modality"] = ["asserted"]
    out = []
    for e in store.events(**filters):
        s, t = (e.get("source") or {}).get("code") or "", (e.get("target") or {}).get("code") or ""
        pair = (s.startswith(a) and t.startswith(b)) or (s.startswith(b) and t.startswith(a))
        if pair and period_of(e.get("date"), date.fromisoformat(e["published"]) if e.get("published") else None,
                              by) == period:
            out.append(e)
    return out


def network_graph(edges: list[dict[str, Any]], level: str, max_edges: int) -> dict[str, Any]:
    """Nodes and edges; ``level="country"`` merges actor codes by their 3-letter country; strongest edges kept."""
    merged: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0, 0.0])
    for e in edges:
        s, t = str(e["source"] or "?"), str(e["target"] or "?")
        if level == "country":
            s, t = s[:3], t[:3]
        if s == t:
            continue
        acc = merged[(s, t)]
        acc[0] += int(e["events"])
        acc[1] += float(e["goldstein_sum"] or 0.0)
    ranked = sorted(merged.items(), key=lambda kv: (-kv[1][0], kv[0]))[:max_edges]
    out_edges = [{"source": s, "target": t, "events": int(n), "goldstein_sum": round(g, 3),
                  "goldstein_mean": round(g / n, 3) if n else 0.0} for (s, t), (n, g) in ranked]
    degree: dict[str, int] = defaultdict(int)
    for e in out_edges:
        degree[e["source"]] += e["events"]
        degree[e["target"]] += e["events"]
    nodes = [{"id": code, "events": n} for code, n in sorted(degree.items(), key=lambda kv: (-kv[1], kv[0]))]
    return {"nodes": nodes, "edges": out_edges}
