"""GDELT 2.0 Mentions-style TSV: one row per event telling, linked to the events export by GlobalEventID.

The 16 GDELT mention columns, in order; the mapping is in docs/exports.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from khabar.export._io import Target, as_date, clean_cell, write_tsv
from khabar.export.gdelt import global_event_id, stamp
from khabar.model import actor_resolved, check_actors, event_has_actors

MENTION_COLUMNS: tuple[str, ...] = (
    "GlobalEventID", "EventTimeDate", "MentionTimeDate", "MentionType", "MentionSourceName", "MentionIdentifier",
    "SentenceID", "Actor1CharOffset", "Actor2CharOffset", "ActionCharOffset", "InRawText", "Confidence",
    "MentionDocLen", "MentionDocTone", "MentionDocTranslationInfo", "Extras",
)
MENTION_TYPE_WEB = 1
_LANGUAGE3 = {"ar": "ara", "en": "eng", "fr": "fra", "fa": "fas", "tr": "tur", "he": "heb"}


def _offset(span: dict[str, Any] | None, actor: bool = True) -> str:
    """GDELT's character offset; -1 when there is no (resolved) actor, as GDELT writes for a blank actor."""
    if actor and not actor_resolved(span):
        return "-1"
    start = span.get("start") if isinstance(span, dict) else None
    return str(start) if isinstance(start, int) else "-1"


def _confidence(value: Any) -> str:
    if not isinstance(value, int | float):
        return ""
    return str(max(0, min(100, round(value * 100))))


def _translation(language: Any) -> str:
    lang = str(language or "")
    return f"srclc:{_LANGUAGE3.get(lang, lang)}" if lang and lang != "en" else ""


def mention_row(event: dict[str, Any], added: str) -> list[str]:
    """The 16 GDELT mention cells of one event (as strings)."""
    sentence = event.get("sentence") or {}
    index = sentence.get("index")
    published = as_date(event.get("published"))
    row = [
        str(global_event_id(event.get("event_id"))), added,
        published.strftime("%Y%m%d000000") if published else added,
        str(MENTION_TYPE_WEB), event.get("outlet") or "", event.get("url") or event.get("article_id") or "",
        str(index + 1) if isinstance(index, int) else "",
        _offset(event.get("source")), _offset(event.get("target")), _offset(event.get("trigger"), actor=False),
        "1", _confidence(event.get("confidence")), "", "", _translation(event.get("language")), "",
    ]
    return [clean_cell(cell) for cell in row]


def write_mentions(events: Iterable[dict[str, Any]], out: Target, *, header: bool = False,
                   added: dt.datetime | None = None, actors: str = "one") -> int:
    """Write GDELT 2.0 Mentions-style TSV (16 columns, no header unless ``header=True``); returns the row count.

    ``added`` is the EventTimeDate (GDELT: the DATEADDED of the event row; default now, UTC, 15-minute boundary).
    ``actors`` as in :func:`khabar.export.write_gdelt` (default ``one``, so both files hold the same events).
    """
    when = stamp(added)
    wanted = check_actors(actors)
    rows = (mention_row(event, when) for event in events if event_has_actors(event, wanted))
    return write_tsv(out, MENTION_COLUMNS, rows, header=header)
