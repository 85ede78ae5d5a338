"""JSON Lines: one event dict per line, as the coder/store gives it, with one change for typed readers.

The event's own ``date`` (partial: ``2023``, ``2023-09``) is written as the first day of its period
(``2023-09-01``) with ``date_precision`` (year, month, day) beside it, so a reader that parses dates (pandas
``read_json`` does) gets one date type and knows how precise each is; :func:`read_jsonl` restores the partial form.
JSON has no date type: dates are ISO strings.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from khabar.export._io import Target, json_default, text_in, text_out
from khabar.export.flat import join_date, published_value, split_date


def typed_date(event: dict[str, Any]) -> dict[str, Any]:
    """The event with ``date`` as a full ISO day and ``date_precision`` (both None when the date is unknown)."""
    day, precision = split_date(event.get("date"))
    if day is None and event.get("date") is not None:
        return event  # not an ISO date: left as it is
    out = dict(event)
    out["date"], out["date_precision"] = (day.isoformat() if day else None), precision
    return out


def write_jsonl(events: Iterable[dict[str, Any]], out: Target) -> int:
    """Write one JSON object per line (UTF-8, Arabic unescaped); returns the number of events."""
    n = 0
    with text_out(out) as fh:
        for event in events:
            fh.write(json.dumps(typed_date(event), ensure_ascii=False, default=json_default) + "\n")
            n += 1
    return n


def iter_jsonl(src: Target) -> Iterator[dict[str, Any]]:
    """Events from a JSONL file or stream; blank lines are skipped, ``published`` days become ``datetime.date`` and
    ``date`` + ``date_precision`` the event's partial date again."""
    with text_in(src) as fh:
        for line in fh:
            if not line.strip():
                continue
            event = json.loads(line)
            if "published" in event:
                event["published"] = published_value(event["published"])
            if "date_precision" in event:
                event["date"] = join_date(event["date"], event.pop("date_precision"))
            yield event


def read_jsonl(src: Target) -> list[dict[str, Any]]:
    """All events of a JSONL export (the inverse of :func:`write_jsonl`)."""
    return list(iter_jsonl(src))
