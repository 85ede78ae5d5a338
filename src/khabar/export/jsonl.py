"""JSON Lines: one event dict per line, exactly as the coder/store gives it (dates as ISO strings)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from khabar.export._io import Target, json_default, text_in, text_out
from khabar.export.flat import published_value


def write_jsonl(events: Iterable[dict[str, Any]], out: Target) -> int:
    """Write one JSON object per line (UTF-8, Arabic unescaped); returns the number of events."""
    n = 0
    with text_out(out) as fh:
        for event in events:
            fh.write(json.dumps(event, ensure_ascii=False, default=json_default) + "\n")
            n += 1
    return n


def iter_jsonl(src: Target) -> Iterator[dict[str, Any]]:
    """Events from a JSONL file or stream; blank lines are skipped, ``published`` days become ``datetime.date``."""
    with text_in(src) as fh:
        for line in fh:
            if not line.strip():
                continue
            event = json.loads(line)
            if "published" in event:
                event["published"] = published_value(event["published"])
            yield event


def read_jsonl(src: Target) -> list[dict[str, Any]]:
    """All events of a JSONL export (the inverse of :func:`write_jsonl`)."""
    return list(iter_jsonl(src))
