"""Record fields the readers share: dates as written by feeds, JSONL/CSV exports and HTML metadata."""

from __future__ import annotations

import re
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from typing import Any

_ISO_DATE = re.compile(r"\s*(\d{4})-(\d{2})-(\d{2})")


def parse_date(value: Any) -> date | None:
    """An ISO date (``2023-09-05``, ``2023-09-05T10:00:00Z``) or an RFC 2822 date as a ``date``; else None.

    >>> parse_date("2023-09-05T10:00:00+03:00"), parse_date("Tue, 05 Sep 2023 10:00:00 GMT"), parse_date("soon")
    (datetime.date(2023, 9, 5), datetime.date(2023, 9, 5), None)
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not value.strip():
        return None
    m = _ISO_DATE.match(value)
    try:
        if m:
            return date(int(m[1]), int(m[2]), int(m[3]))
        return parsedate_to_datetime(value.strip()).date()
    except (ValueError, TypeError, IndexError):
        return None


def dated(value: Any) -> tuple[date | None, tuple[str, ...]]:
    """The record's date, and a warning when it gave one that is not a date (stored without one, not silently)."""
    published = parse_date(value)
    if published is None and value not in (None, "") and not (isinstance(value, str) and not value.strip()):
        shown = repr(value) if len(repr(value)) <= 60 else repr(value)[:57] + "..."
        return None, (f"date {shown} is not a date (YYYY-MM-DD or RFC 2822): stored without a date",)
    return published, ()
