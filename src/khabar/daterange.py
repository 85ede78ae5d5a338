"""The range of article dates the coder accepts: the calendar's ends, pulled in by a year.

Why: relative dates are resolved by date arithmetic (أمس is the article date minus a day, "next week" plus seven
days), and Python's calendar stops at 0001-01-01 and 9999-12-31. Feeds really do send those ends: Go's zero time
is 0001-01-01, and 9999-12-31 is a common "no date" sentinel. An article dated there made the arithmetic raise
OverflowError, which crashed ``khabar code`` and dropped the article in ``khabar ingest``. A year of margin covers
every relative expression the coder resolves (at most a year or so either way).
"""

from __future__ import annotations

from datetime import date

EARLIEST = date(2, 1, 1)
LATEST = date(9998, 12, 31)


def clamp_date(value: date | None) -> date | None:
    """``value`` moved into [EARLIEST, LATEST]; None stays None.

    >>> clamp_date(date(1, 1, 1)), clamp_date(date(9999, 12, 31)), clamp_date(date(2024, 3, 1))
    (datetime.date(2, 1, 1), datetime.date(9998, 12, 31), datetime.date(2024, 3, 1))
    """
    if value is None:
        return None
    return min(max(value, EARLIEST), LATEST)
