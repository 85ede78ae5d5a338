"""Totals and facet counts of filtered events (the web events page): how many events match, and how they split by
CAMEO root, modality, language and actor. Same filters and parameterized SQL as :func:`khabar.store.queries.events`.
"""

from __future__ import annotations

from typing import Any

from khabar.store.core import Store
from khabar.store.db import Backend
from khabar.store.queries import event_where, resolved_sql

FACETS = ("root", "modality", "language", "actor")
_COLUMNS = {"root": "e.cameo_root", "modality": "e.modality", "language": "e.language"}


def count_events(db: Backend, filters: dict[str, Any]) -> int:
    """How many events match ``filters``."""
    where = event_where(filters)
    return int(db.query(f"SELECT COUNT(*) FROM events e WHERE {where.sql}", where.params)[0][0])


def _grouped(db: Backend, column: str, filters: dict[str, Any], top: int) -> list[tuple[str | None, int]]:
    where = event_where(filters)
    rows = db.query(f"SELECT {column} AS value, COUNT(*) AS n FROM events e WHERE {where.sql} "
                    "GROUP BY value ORDER BY n DESC, value LIMIT ?", [*where.params, int(top)])
    return [(value, int(n)) for value, n in rows]


def _actors(db: Backend, filters: dict[str, Any], top: int) -> list[tuple[str | None, int]]:
    """Actor codes by the number of matching events they take part in (as source or target; once per event)."""
    where = event_where(filters)
    source, target = resolved_sql("e.source_code"), resolved_sql("e.target_code")
    sql = ("SELECT code, COUNT(*) AS n FROM ("
           f"SELECT e.event_id, e.source_code AS code FROM events e WHERE {source} AND {where.sql} "
           f"UNION SELECT e.event_id, e.target_code FROM events e WHERE {target} AND {where.sql}"
           ") x GROUP BY code ORDER BY n DESC, code LIMIT ?")
    return [(code, int(n)) for code, n in db.query(sql, [*where.params, *where.params, int(top)])]


def event_facets(db: Backend, filters: dict[str, Any], top: int = 12) -> dict[str, Any]:
    """``{"total": n, "root": [(value, count), …], "modality": …, "language": …, "actor": …}``, largest first."""
    out: dict[str, Any] = {"total": count_events(db, filters)}
    for name, column in _COLUMNS.items():
        out[name] = _grouped(db, column, filters, top)
    out["actor"] = _actors(db, filters, top)
    return out


def store_facets(store: Store, filters: dict[str, Any], top: int = 12) -> dict[str, Any]:
    """:func:`event_facets` over a store (pending saves written first)."""
    store._flush()
    return event_facets(store._db, filters, top)
