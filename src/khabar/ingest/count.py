"""How many records an ingest will read, counted cheaply before it starts, so its progress bar has an end and an ETA.

Counting never parses article text: a text or HTML file is one article, JSONL counts its non-blank lines, CSV its
rows, JSON its list items, a feed its entries and Parquet the rows in its footer. Bad lines are counted too (the
ingest reports them), so the count is what the bar advances through. Standard input cannot be read twice, so a run
reading ``-`` has no total.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterable
from pathlib import Path

from khabar.ingest.sources import FEED_SUFFIXES, JSONL_SUFFIXES, _expand

_LIMIT = 50_000_000


def count_records(paths: Iterable[str | os.PathLike[str]]) -> int | None:
    """The number of records (articles and bad records) of ``paths``; None when one of them is stdin."""
    total = 0
    seen: set[str] = set()
    for path in paths:
        for file, error in _expand(path):
            if file == "-" and error is None:
                return None
            real = os.path.realpath(file)
            if error is None and real in seen:
                continue
            seen.add(real)
            total += 1 if error is not None else _count_file(file)
    return total


def _count_file(path: str) -> int:
    suffix = Path(path).suffix.lower()
    try:
        if suffix in (".parquet", ".pq"):
            import pyarrow.parquet as pq

            return max(1, pq.ParquetFile(path).metadata.num_rows)
        if suffix not in JSONL_SUFFIXES | FEED_SUFFIXES | {".csv", ".json"} or os.path.getsize(path) > _LIMIT:
            return 1
        data = Path(path).read_bytes()
        if suffix in JSONL_SUFFIXES:
            return max(1, sum(1 for line in data.splitlines() if line.strip()))
        text = data.decode("utf-8-sig", errors="replace")
        if suffix == ".csv":
            csv.field_size_limit(_LIMIT)
            return max(1, sum(1 for row in csv.reader(io.StringIO(text, newline="")) if any(row)) - 1)
        if suffix == ".json":
            value = json.loads(text)
            return max(1, len(value)) if isinstance(value, list) else 1
        import feedparser

        return max(1, len(feedparser.parse(data).entries))
    except (OSError, ValueError, csv.Error):  # unreadable or malformed: the ingest reports it as one bad record
        return 1
