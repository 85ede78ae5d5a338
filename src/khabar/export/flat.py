"""The flat event record shared by the CSV and Parquet exports: one column per leaf field of the event dict.

``flatten`` turns an event dict (docs/event-format.md, plus the store's metadata keys) into one row; ``unflatten``
rebuilds the nested dict. Round trip rules:

- ``source``/``target``/``attribution``/``place`` come back as ``None`` when all their columns are empty;
  ``sentence``/``trigger``/``plover`` are always dicts.
- ``source.role``/``target.role`` and ``num_mentions``/``num_sources``/``num_articles`` are only present when set
  (as ``Event.to_dict`` and the store produce them); ``outlet``/``url``/``published``/``title``/``cluster_id`` are
  always present (``None`` when unknown), as ``store.events()`` returns them.
- keys this schema does not know (fields added later) travel in the ``extra`` column as JSON and are merged back.
- the event's own ``date`` (``2023``, ``2023-09``, ``2023-09-05``) is written as a real date, the first day of the
  period, plus ``date_precision`` (year, month, day), so every reader gets one date type; reading them back gives
  the partial form again.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from khabar.export._io import as_date, json_default

_ACTOR = ("code", "text", "start", "end", "name", "role")
_ACTOR_KINDS = ("str", "str", "int32", "int32", "str", "str")


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    kind: str  # str | int32 | int64 | float64 | date | id (int or str)
    path: tuple[str, ...]


def _group(prefix: tuple[str, ...], keys: tuple[str, ...], kinds: tuple[str, ...]) -> list[Column]:
    return [Column("_".join((*prefix, k)), kind, (*prefix, k)) for k, kind in zip(keys, kinds, strict=True)]


def _top(name: str, kind: str = "str") -> Column:
    return Column(name, kind, (name,))


COLUMNS: tuple[Column, ...] = (
    _top("event_id"), _top("article_id"), _top("language"),
    *_group(("sentence",), ("index", "text", "start", "end"), ("int32", "str", "int32", "int32")),
    *_group(("trigger",), ("text", "start", "end"), ("str", "int32", "int32")),
    *_group(("source",), _ACTOR, _ACTOR_KINDS),
    *_group(("target",), _ACTOR, _ACTOR_KINDS),
    _top("cameo"), _top("goldstein", "float64"), _top("quad_class", "int32"),
    *_group(("plover",), ("type", "mode"), ("str", "str")),
    _top("modality"),
    *_group(("attribution", "speaker"), _ACTOR[:5], _ACTOR_KINDS[:5]),
    *_group(("attribution",), ("verb", "rule"), ("str", "str")),
    _top("date", "date"), Column("date_precision", "str", ()),
    *_group(("place",), ("name", "country", "lat", "lon", "geonames_id"),
            ("str", "str", "float64", "float64", "int64")),
    _top("rule"), _top("confidence", "float64"),
    _top("outlet"), _top("url"), _top("published", "date"), _top("title"), _top("cluster_id", "id"),
    _top("num_mentions", "int32"), _top("num_sources", "int32"), _top("num_articles", "int32"),
    _top("extra"),
)
COLUMN_NAMES: tuple[str, ...] = tuple(c.name for c in COLUMNS)
#: The columns holding event-dict fields (``date_precision`` and ``extra`` describe them instead).
_FIELDS = tuple(c for c in COLUMNS[:-1] if c.path)
#: Text columns, for readers that would otherwise guess types: ``pandas.read_csv(f, dtype=STRING_COLUMNS)`` keeps
#: CAMEO ``057`` as the text '057' (not the number 57).
STRING_COLUMNS: dict[str, str] = {c.name: "string" for c in COLUMNS if c.kind == "str"}
PRECISIONS = ("year", "month", "day")
_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
NULLABLE_GROUPS = frozenset({"source", "target", "attribution", "place"})
ALWAYS_GROUPS = frozenset({"sentence", "trigger", "plover"})
METADATA = ("outlet", "url", "published", "title", "cluster_id")
ONLY_WHEN_SET = frozenset({("source", "role"), ("target", "role"), ("num_mentions",), ("num_sources",),
                           ("num_articles",)})


def _tree() -> dict[str, Any]:
    tree: dict[str, Any] = {}
    for col in _FIELDS:
        node = tree
        for key in col.path[:-1]:
            node = node.setdefault(key, {})
        node[col.path[-1]] = None
    return tree


_TREE = _tree()


def _get(event: dict[str, Any], path: tuple[str, ...]) -> Any:
    value: Any = event
    for key in path:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


def _residual(value: dict[str, Any], tree: dict[str, Any]) -> dict[str, Any]:
    """The parts of ``value`` the schema has no column for."""
    out: dict[str, Any] = {}
    for key, item in value.items():
        if key not in tree:
            out[key] = item
        elif isinstance(tree[key], dict) and item is not None:
            if not isinstance(item, dict):
                out[key] = item
            elif rest := _residual(item, tree[key]):
                out[key] = rest
    return out


def coerce(kind: str, value: Any) -> Any:
    """A cell value as the column's Python type (None stays None; '' is None for non-text columns)."""
    if value is None or (value == "" and kind != "str"):
        return None
    if kind in ("int32", "int64"):
        return int(value)
    if kind == "float64":
        return float(value)
    if kind == "date":
        return as_date(value)
    if kind == "id":  # cluster ids keep their own type (int or str)
        return value if isinstance(value, int | str) else str(value)
    return value if isinstance(value, str) else str(value)


def split_date(value: Any) -> tuple[date | None, str | None]:
    """A partial ISO date as (first day of the period, precision).

    >>> split_date("2020-01"), split_date(None)
    ((datetime.date(2020, 1, 1), 'month'), (None, None))
    """
    match = _PARTIAL_DATE.match(value) if isinstance(value, str) else None
    if not match:
        return None, None
    year, month, day = (int(g) if g else None for g in match.groups())
    try:
        return date(year, month or 1, day or 1), PRECISIONS[(month is not None) + (day is not None)]  # type: ignore[arg-type]
    except ValueError:
        return None, None


def join_date(day: Any, precision: Any) -> str | None:
    """The partial ISO date of (first day, precision): the inverse of :func:`split_date`."""
    start = as_date(day)
    if start is None:
        return None
    return start.isoformat()[:{"year": 4, "month": 7}.get(str(precision), 10)]


def flatten(event: dict[str, Any]) -> dict[str, Any]:
    """One flat row (column name → typed value, None when absent) for an event dict."""
    row = {col.name: coerce(col.kind, _get(event, col.path)) for col in _FIELDS}
    raw = event.get("date")
    row["date"], row["date_precision"] = split_date(raw)
    rest = _residual(event, _TREE)
    if raw is not None and row["date"] is None:  # not an ISO date: keep it as it was, in extra
        rest["date"] = raw
    row["extra"] = json.dumps(rest, ensure_ascii=False, default=json_default, sort_keys=True) if rest else None
    return row


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> None:
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            _merge(base[key], value)
        else:
            base[key] = value


def _prune(event: dict[str, Any]) -> dict[str, Any]:
    for group in NULLABLE_GROUPS:
        value = event.get(group)
        if isinstance(value, dict) and all(v is None for v in _leaves(value)):
            event[group] = None
    for path in ONLY_WHEN_SET:
        parent = _get(event, path[:-1]) if len(path) > 1 else event
        if isinstance(parent, dict) and parent.get(path[-1]) is None:
            parent.pop(path[-1], None)
    return event


def _leaves(value: Any) -> list[Any]:
    if isinstance(value, dict):
        return [leaf for item in value.values() for leaf in _leaves(item)]
    return [value]


def unflatten(row: dict[str, Any]) -> dict[str, Any]:
    """The nested event dict of a flat row (typed values; missing columns read as None)."""
    event: dict[str, Any] = {}
    for col in _FIELDS:
        node = event
        for key in col.path[:-1]:
            node = node.setdefault(key, {})
        node[col.path[-1]] = coerce(col.kind, row.get(col.name))
    event["date"] = join_date(event["date"], row.get("date_precision"))
    event = _prune(event)
    extra = row.get("extra")
    if extra:
        _merge(event, json.loads(extra))
    return event


def published_value(value: Any) -> Any:
    """``published`` as a ``datetime.date`` when it is an ISO day (JSON has no date type)."""
    if isinstance(value, str) and len(value) == 10:
        return as_date(value) or value
    return value


__all__ = ["COLUMNS", "COLUMN_NAMES", "METADATA", "PRECISIONS", "STRING_COLUMNS", "Column", "coerce", "flatten",
           "join_date", "published_value", "split_date", "unflatten"]
