"""Read queries over the store: filtered events, clusters, dyad time series, top actors, the actor network.

Every filter becomes a fixed SQL fragment with ``?`` placeholders; user values only ever travel as parameters, so a
filter such as ``actor="x'; DROP TABLE events; --"`` is just a code prefix that matches nothing. Only functions both
DuckDB and PostgreSQL have are used (``starts_with``, ``strpos``, ``substr``, ``length``). Periods (ISO weeks,
months) are computed in Python, because the two databases spell week arithmetic differently.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from khabar.model import check_actors
from khabar.store.db import Backend
from khabar.store.dedup import interval
from khabar.store.rows import EVENT_COLUMNS, row_to_event

EVENT_FILTERS = frozenset(
    {"actor", "source", "target", "country", "cameo", "root", "plover", "modality", "attributed_to", "since",
     "until", "text", "article_id", "cluster_id", "actors", "language"}
)  # fmt: skip
CLUSTER_FILTERS = frozenset(
    {"actor", "source", "target", "cameo", "modality", "country", "since", "until", "min_mentions", "min_sources",
     "min_articles", "actors"}
)  # fmt: skip
_IN_CHUNK = 500


class Where:
    """AND-ed SQL conditions and their parameters, in order."""

    def __init__(self) -> None:
        self.clauses: list[str] = []
        self.params: list[Any] = []

    def add(self, clause: str, *params: Any) -> None:
        self.clauses.append(clause)
        self.params.extend(params)

    @property
    def sql(self) -> str:
        return " AND ".join(self.clauses) if self.clauses else "TRUE"


def _check(filters: dict[str, Any], allowed: Iterable[str], what: str) -> None:
    unknown = sorted(set(filters) - set(allowed))
    if unknown:
        raise TypeError(f"unknown {what} filter(s): {', '.join(unknown)} (known: {', '.join(sorted(allowed))})")


def date_bound(value: str | date | datetime, *, end: bool) -> str:
    """An ISO day for since (first day) / until (last day) of YYYY, YYYY-MM, YYYY-MM-DD or a date."""
    if isinstance(value, datetime):
        value = value.date()
    span = interval(value.isoformat() if isinstance(value, date) else str(value).strip())
    if span is None:
        raise ValueError(f"not a date (YYYY, YYYY-MM or YYYY-MM-DD): {value!r}")
    return span[1 if end else 0].isoformat()


def add_date_range(where: Where, column: str, since: Any, until: Any) -> None:
    """Dates of any precision overlap the range: compare at the stored date's own precision."""
    if since is not None:
        where.add(f"{column} >= substr(CAST(? AS VARCHAR), 1, length({column}))", date_bound(since, end=False))
    if until is not None:
        where.add(f"{column} <= substr(CAST(? AS VARCHAR), 1, length({column}))", date_bound(until, end=True))


def _codes(where: Where, first: str, second: str, value: str | None) -> None:
    if value:
        where.add(f"(starts_with({first}, ?) OR starts_with({second}, ?))", value.upper(), value.upper())


def _modality(where: Where, column: str, values: str | Sequence[str] | None) -> None:
    if values is None:
        return
    items = [v.lower() for v in ([values] if isinstance(values, str) else values)]  # modalities are lower case
    if not items:
        where.add("FALSE")
        return
    where.add(f"{column} IN ({', '.join('?' * len(items))})", *items)


def resolved_sql(column: str) -> str:
    """SQL twin of :func:`khabar.model.actor_resolved` over a stored actor-code column: a non-empty code
    (``---CVL`` counts; NULL and '' do not)."""
    return f"COALESCE({column}, '') <> ''"


def add_actors(where: Where, alias: str, actors: str | None) -> None:
    """The ``actors`` filter: any (no condition), one (source or target resolved), both (source and target)."""
    wanted = check_actors(actors)
    source, target = resolved_sql(f"{alias}.source_code"), resolved_sql(f"{alias}.target_code")
    if wanted == "one":
        where.add(f"({source} OR {target})")
    elif wanted == "both":
        where.add(f"{source} AND {target}")


def _dyad_filters(w: Where, alias: str, f: dict[str, Any]) -> None:
    """actor (either side), source and target code prefixes, and ``actors``: the same for events and clusters."""
    _codes(w, f"{alias}.source_code", f"{alias}.target_code", f.get("actor"))
    for side in ("source", "target"):
        if f.get(side):
            w.add(f"starts_with({alias}.{side}_code, ?)", f[side].upper())
    add_actors(w, alias, f.get("actors"))


def event_where(filters: dict[str, Any]) -> Where:
    """The WHERE clause for :func:`events` filters, over the events table aliased ``e``."""
    _check(filters, EVENT_FILTERS, "event")
    f, w = filters, Where()
    _dyad_filters(w, "e", f)
    if f.get("country"):
        country = f["country"].upper()[:3]
        w.add("(substr(e.source_code, 1, 3) = ? OR substr(e.target_code, 1, 3) = ?)", country, country)
    if f.get("cameo"):
        w.add("starts_with(e.cameo, ?)", str(f["cameo"]))
    if f.get("root") is not None:
        w.add("e.cameo_root = ?", str(f["root"]).zfill(2))
    if f.get("plover"):
        w.add("e.plover_type = ?", f["plover"].upper())
    _modality(w, "e.modality", f.get("modality"))
    if f.get("attributed_to"):
        who = f["attributed_to"]
        w.add("(starts_with(e.speaker_code, ?) OR strpos(e.speaker_text, ?) > 0)", who.upper(), who)
    add_date_range(w, "e.effective_date", f.get("since"), f.get("until"))
    if f.get("text"):
        w.add("strpos(e.sentence_text, ?) > 0", f["text"])
    for exact in ("article_id", "cluster_id", "language"):
        if f.get(exact):
            w.add(f"e.{exact} = ?", f[exact])
    return w


def page(limit: int | None, offset: int | None) -> tuple[str, list[int]]:
    sql, params = "", []
    if limit is not None:
        sql, params = " LIMIT ?", [int(limit)]
    if offset:
        sql, params = sql + " OFFSET ?", [*params, int(offset)]
    return sql, params


def _iso(value: Any) -> str | None:
    return value.isoformat() if isinstance(value, date) else value


def select_events(db: Backend, filters: dict[str, Any], limit: int | None = None, offset: int | None = None
                  ) -> list[dict[str, Any]]:
    """Event dicts (Event.to_dict shape) plus outlet, url, published (ISO), title and cluster_id."""
    where = event_where(filters)
    paging, page_params = page(limit, offset)
    columns = ", ".join(f"e.{c}" for c in EVENT_COLUMNS)
    sql = (f"SELECT {columns}, e.cluster_id, a.outlet, a.url, a.published, a.title "
           "FROM events e JOIN articles a ON a.article_id = e.article_id "
           f"WHERE {where.sql} "
           "ORDER BY a.published NULLS LAST, e.article_id, e.sentence_index, e.trigger_start, e.event_id" + paging)
    out = []
    n = len(EVENT_COLUMNS)
    for row in db.query(sql, [*where.params, *page_params]):
        event = row_to_event(row[:n])
        cluster_id, outlet, url, published, title = row[n:]
        event.update(outlet=outlet, url=url, published=_iso(published), title=title, cluster_id=cluster_id)
        out.append(event)
    return out


def period_of(event_date: str | None, published: date | None, by: str) -> str | None:
    """ISO week ``YYYY-Www`` or month ``YYYY-MM``: from the event date when precise enough, else the article date."""
    need = 10 if by == "week" else 7
    for candidate in (event_date, _iso(published)):
        if candidate and len(candidate) >= need and interval(candidate):
            if by == "month":
                return candidate[:7]
            year, week, _ = date.fromisoformat(candidate[:10]).isocalendar()
            return f"{year}-W{week:02d}"
    return None


def _series_row(period: str | None, items: list[tuple[float | None, int | None, str | None]],
                languages: Counter[str] | None = None) -> dict[str, Any]:
    scores = [g for g, _, _ in items if g is not None]
    quads = Counter(q for _, q, _ in items)
    total = sum(scores)
    return {
        "period": period,
        "events": len(items),
        "goldstein_sum": round(total, 4),
        "goldstein_mean": round(total / len(scores), 4) if scores else None,
        **{f"quad{q}": quads.get(q, 0) for q in (1, 2, 3, 4)},
        "by_modality": dict(sorted(Counter(m for _, _, m in items if m).items())),
        **({"by_language": dict(sorted(languages.items()))} if languages is not None else {}),
    }


def dyad(db: Backend, a: str, b: str, by: str = "month", asserted_only: bool = False) -> list[dict[str, Any]]:
    """Per-period counts for events between code prefixes ``a`` and ``b`` in either direction."""
    if by not in ("month", "week"):
        raise ValueError(f"by must be 'month' or 'week', not {by!r}")
    a, b = a.upper(), b.upper()
    where = Where()
    where.add("((starts_with(e.source_code, ?) AND starts_with(e.target_code, ?)) OR "
              "(starts_with(e.source_code, ?) AND starts_with(e.target_code, ?)))", a, b, b, a)
    add_actors(where, "e", "both")  # an empty prefix must not pair an actor with a missing one
    if asserted_only:
        where.add("e.modality = ?", "asserted")
    rows = db.query("SELECT e.event_date, a.published, e.goldstein, e.quad_class, e.modality, e.language "
                    f"FROM events e JOIN articles a ON a.article_id = e.article_id WHERE {where.sql}", where.params)
    groups: dict[str | None, list[tuple[float | None, int | None, str | None]]] = defaultdict(list)
    languages: dict[str | None, Counter[str]] = defaultdict(Counter)
    for event_date, published, goldstein, quad, modality, language in rows:
        period = period_of(event_date, published, by)
        groups[period].append((goldstein, quad, modality))
        languages[period][language or "und"] += 1
    order = sorted(groups, key=lambda p: (p is None, p or ""))
    return [_series_row(p, groups[p], languages[p]) for p in order]


def actors(db: Backend, limit: int = 20, role: str | None = None, **filters: Any) -> list[dict[str, Any]]:
    """Top actor codes by participation (as source, as target, total); ``role`` ranks by one side only."""
    order = {None: ("total", "s + t"), "source": ("as_source", "s"), "target": ("as_target", "t")}
    if role not in order:
        raise ValueError(f"role must be 'source', 'target' or None, not {role!r}")
    rank, counted = order[role]
    where = event_where(filters)
    source, target = resolved_sql("e.source_code"), resolved_sql("e.target_code")  # unresolved sides are no actor
    sql = (
        "SELECT code, SUM(s) AS as_source, SUM(t) AS as_target, SUM(s) + SUM(t) AS total FROM ("
        f"SELECT e.source_code AS code, 1 AS s, 0 AS t FROM events e WHERE {source} AND {where.sql} "
        f"UNION ALL SELECT e.target_code, 0, 1 FROM events e WHERE {target} AND {where.sql}"
        f") x GROUP BY code HAVING SUM({counted}) > 0 ORDER BY {rank} DESC, code LIMIT ?"
    )
    rows = db.query(sql, [*where.params, *where.params, int(limit)])
    return [{"code": c, "events_as_source": int(s), "events_as_target": int(t), "total": int(n)}
            for c, s, t, n in rows]


def network(db: Backend, **filters: Any) -> list[dict[str, Any]]:
    """Directed source → target edges with event counts and Goldstein sum/mean (events naming both actors)."""
    where = event_where(filters)
    add_actors(where, "e", "both")
    sql = ("SELECT e.source_code, e.target_code, COUNT(*), SUM(e.goldstein), AVG(e.goldstein) FROM events e "
           f"WHERE {where.sql} "
           "GROUP BY e.source_code, e.target_code ORDER BY 3 DESC, 1, 2")
    return [{"source": s, "target": t, "events": int(n), "goldstein_sum": round(float(g or 0), 4),
             "goldstein_mean": round(float(m), 4) if m is not None else None}
            for s, t, n, g, m in db.query(sql, where.params)]


def cluster_where(filters: dict[str, Any]) -> Where:
    """The WHERE clause for :func:`select_clusters` filters, over the clusters table aliased ``c``."""
    _check(filters, CLUSTER_FILTERS, "cluster")
    f, w = filters, Where()
    _dyad_filters(w, "c", f)
    if f.get("cameo"):
        w.add("starts_with(c.cameo_base, ?)", str(f["cameo"])[:3])
    if f.get("country"):
        w.add("c.place_country = ?", f["country"].upper())
    _modality(w, "c.modality", f.get("modality"))
    add_date_range(w, "c.event_date", f.get("since"), f.get("until"))
    for name in ("mentions", "sources", "articles"):
        if f.get(f"min_{name}") is not None:
            w.add(f"c.num_{name} >= ?", int(f[f"min_{name}"]))
    return w


def select_clusters(db: Backend, filters: dict[str, Any], limit: int | None = None, offset: int | None = None
                    ) -> list[dict[str, Any]]:
    """Clusters, most-mentioned first, each with the sorted ids of its member events."""
    where = cluster_where(filters)
    paging, page_params = page(limit, offset)
    rows = db.query("SELECT c.cluster_id, c.source_code, c.target_code, c.cameo_base, c.event_date, c.place_country,"
                    " c.modality, c.num_mentions, c.num_sources, c.num_articles FROM clusters c "
                    f"WHERE {where.sql} ORDER BY c.num_mentions DESC, c.cluster_id" + paging,
                    [*where.params, *page_params])
    keys = ("cluster_id", "source", "target", "cameo", "date", "place_country", "modality", "num_mentions",
            "num_sources", "num_articles")
    clusters = [dict(zip(keys, row, strict=True)) for row in rows]
    members: dict[str, list[str]] = defaultdict(list)
    ids = [c["cluster_id"] for c in clusters]
    for start in range(0, len(ids), _IN_CHUNK):
        chunk = ids[start : start + _IN_CHUNK]
        sql = f"SELECT cluster_id, event_id FROM events WHERE cluster_id IN ({', '.join('?' * len(chunk))})"
        for cluster_id, event_id in db.query(sql, chunk):
            members[cluster_id].append(event_id)
    for c in clusters:
        c["event_ids"] = sorted(members[c["cluster_id"]])
    return clusters
