"""Exports of coded events: one writer per format, ``write_<fmt>(events, out, **opts) -> int`` (events written).

``events`` are event dicts as ``khabar.model.Event.to_dict()`` and ``store.events()`` return them (the store adds
``outlet``, ``url``, ``published``, ``title``, ``cluster_id``). ``out`` is a path or an open stream: text or binary
for the text formats, binary for Parquet. Readers exist where a round trip is promised (jsonl, csv, parquet) and for
plover. Formats and column mappings: docs/exports.md.

>>> sorted(WRITERS)
['csv', 'gdelt', 'jsonl', 'mentions', 'parquet', 'plover']
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from khabar.export.csvfile import iter_csv, read_csv, write_csv
from khabar.export.flat import COLUMN_NAMES, STRING_COLUMNS, flatten, unflatten
from khabar.export.gdelt import GDELT_COLUMNS, global_event_id, write_gdelt
from khabar.export.jsonl import iter_jsonl, read_jsonl, write_jsonl
from khabar.export.mentions import MENTION_COLUMNS, write_mentions
from khabar.export.parquet import iter_parquet, read_parquet, write_parquet
from khabar.export.plover import plover_record, read_plover, write_plover

WRITERS: dict[str, Callable[..., int]] = {
    "jsonl": write_jsonl,
    "csv": write_csv,
    "parquet": write_parquet,
    "gdelt": write_gdelt,
    "mentions": write_mentions,
    "plover": write_plover,
}
READERS: dict[str, Callable[..., list[dict[str, Any]]]] = {
    "jsonl": read_jsonl,
    "csv": read_csv,
    "parquet": read_parquet,
    "plover": read_plover,
}
BINARY_FORMATS = frozenset({"parquet"})
EXTENSIONS = {"jsonl": ".jsonl", "csv": ".csv", "parquet": ".parquet", "gdelt": ".export.tsv",
              "mentions": ".mentions.tsv", "plover": ".json"}


def export(events: Any, out: Any, fmt: str, **opts: Any) -> int:
    """Write ``events`` to ``out`` in format ``fmt`` (a key of :data:`WRITERS`); returns the number written."""
    try:
        writer = WRITERS[fmt]
    except KeyError:
        raise ValueError(f"unknown export format {fmt!r}; one of {', '.join(sorted(WRITERS))}") from None
    return writer(events, out, **opts)


__all__ = ["BINARY_FORMATS", "COLUMN_NAMES", "EXTENSIONS", "GDELT_COLUMNS", "MENTION_COLUMNS", "READERS",
           "STRING_COLUMNS", "WRITERS", "export", "flatten", "global_event_id", "iter_csv", "iter_jsonl",
           "iter_parquet", "plover_record", "read_csv", "read_jsonl", "read_parquet", "read_plover", "unflatten",
           "write_csv", "write_gdelt", "write_jsonl", "write_mentions", "write_parquet", "write_plover"]
