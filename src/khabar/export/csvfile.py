"""CSV: the flat record (khabar.export.flat), one column per leaf field, a header row, UTF-8.

Empty cells are nulls (an empty string reads back as None). ``bom=True`` writes a UTF-8 byte-order mark so that
Excel shows Arabic correctly; the reader accepts files with or without it. Open text streams with ``newline=""``.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from typing import Any

from khabar.export._io import Target, text_in, text_out
from khabar.export.flat import COLUMN_NAMES, COLUMNS, flatten, unflatten

_KINDS = {c.name: c.kind for c in COLUMNS}


def write_csv(events: Iterable[dict[str, Any]], out: Target, *, bom: bool = False) -> int:
    """Write the flat CSV (header + one row per event); returns the number of events."""
    n = 0
    with text_out(out) as fh:
        if bom:
            fh.write("\ufeff")
        writer = csv.DictWriter(fh, fieldnames=COLUMN_NAMES, lineterminator="\n")
        writer.writeheader()
        for event in events:
            writer.writerow(flatten(event))
            n += 1
    return n


def _typed(row: dict[str, str | None]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in row.items():
        if name not in _KINDS or value is None or value == "":
            continue
        if _KINDS[name] == "id" and value.lstrip("-").isdigit() and value != "-":
            out[name] = int(value)  # a numeric cluster id
        else:
            out[name] = value
    return out


def iter_csv(src: Target) -> Iterator[dict[str, Any]]:
    """Nested event dicts from a khabar CSV export (unknown columns are ignored, missing ones read as null)."""
    with text_in(src) as fh:
        reader = csv.DictReader(fh)
        if reader.fieldnames:
            reader.fieldnames = [reader.fieldnames[0].lstrip("\ufeff"), *reader.fieldnames[1:]]
        for row in reader:
            yield unflatten(_typed(row))


def read_csv(src: Target) -> list[dict[str, Any]]:
    """All events of a CSV export (the inverse of :func:`write_csv`)."""
    return list(iter_csv(src))
