"""PLOVER JSON with POLECAT field names (a JSON array, or JSON Lines with ``jsonl=True``).

One record per event: PLOVER type/mode/context, the two actors, the location and the story, plus everything
khabar codes beyond PLOVER (CAMEO code, Goldstein, modality, attribution, spans) under ``"khabar"``. Field names are
listed in docs/exports.md.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from khabar.export._io import Target, as_date, json_default, text_in, text_out
from khabar.export._ref import place_kind, plover_contexts, split_actor, states
from khabar.export.flat import split_date
from khabar.model import actor_resolved


def plover_actor(ref: dict[str, Any] | None, lexicon: Any = None) -> dict[str, Any] | None:
    """A POLECAT-style actor: name, raw name as written, country, primary sector and all sectors (CAMEO codes);
    ``None`` when there is no resolved actor (the words of an uncoded span stay under ``khabar.spans``)."""
    if not actor_resolved(ref):
        return None
    assert ref is not None
    parts = split_actor(ref.get("code"), lexicon)
    return {
        "name": ref.get("name"),
        "name_raw": ref.get("text"),
        "code": ref.get("code"),
        "country": parts.country or None,
        "known_group": parts.known_group or None,
        "primary_sector": parts.types[0] if parts.types else None,
        "sectors": list(parts.types),
        "title": ref.get("role"),
    }


def plover_location(place: dict[str, Any] | None, table: dict[str, dict[str, Any]],
                    lexicon: Any = None) -> dict[str, Any] | None:
    if not place:
        return None
    return {
        "placename": place.get("name"),
        "country": place.get("country"),
        "latitude": place.get("lat"),
        "longitude": place.get("lon"),
        "geonames_id": place.get("geonames_id"),
        "feature_type": place_kind(place, table, lexicon) or None,
    }


def _khabar(event: dict[str, Any]) -> dict[str, Any]:
    sentence = event.get("sentence") or {}
    keys = ("cameo", "goldstein", "quad_class", "modality", "attribution", "date", "trigger", "confidence", "rule",
            "cluster_id", "num_mentions", "num_sources", "num_articles")
    out = {k: event.get(k) for k in keys if k in event}
    out["sentence_index"] = sentence.get("index")
    out["spans"] = {side: {k: ref.get(k) for k in ("text", "start", "end")}
                    for side in ("source", "target") if isinstance(ref := event.get(side), dict)}
    return out


def plover_record(event: dict[str, Any], table: dict[str, dict[str, Any]], lexicon: Any = None) -> dict[str, Any]:
    """The PLOVER/POLECAT record of one khabar event dict."""
    plover = event.get("plover") or {}
    sentence = event.get("sentence") or {}
    story_date = as_date(event.get("published"))
    day, precision = split_date(event.get("date"))
    if day is None and story_date is not None:  # no date of its own: the story's, a day
        day, precision = story_date, "day"
    return {
        "event_id": event.get("event_id"),
        "event_date": day.isoformat() if day else None,
        "event_date_precision": precision,
        "event_type": plover.get("type"),
        "event_mode": plover.get("mode"),
        "event_context": plover_contexts(event.get("cameo"), lexicon),
        "actors": {"source": plover_actor(event.get("source"), lexicon),
                   "target": plover_actor(event.get("target"), lexicon)},
        "location": plover_location(event.get("place"), table, lexicon),
        "story_date": story_date.isoformat() if story_date else None,
        "story_id": event.get("article_id"),
        "source": event.get("outlet"),
        "url": event.get("url"),
        "headline": event.get("title"),
        "language": event.get("language"),
        "text": sentence.get("text"),
        "khabar": _khabar(event),
    }


def write_plover(events: Iterable[dict[str, Any]], out: Target, *, jsonl: bool = False, indent: int | None = None,
                 lexicon: Any = None) -> int:
    """Write PLOVER JSON: a JSON array (default) or one record per line (``jsonl=True``); returns the count.

    Events without a PLOVER type (CAMEO codes PLOVER does not map) are written with ``event_type: null``.
    """
    table = states(lexicon)
    n = 0
    with text_out(out) as fh:
        if not jsonl:
            fh.write("[")
        for event in events:
            text = json.dumps(plover_record(event, table, lexicon), ensure_ascii=False, default=json_default,
                              indent=indent)
            if jsonl:
                fh.write(text + "\n")
            else:
                fh.write(("," if n else "") + "\n" + text)
            n += 1
        if not jsonl:
            fh.write("\n]\n" if n else "]\n")
    return n


def read_plover(src: Target) -> list[dict[str, Any]]:
    """PLOVER records from a file/stream written by :func:`write_plover` (array or JSON Lines)."""
    with text_in(src) as fh:
        text = fh.read()
    if text.lstrip().startswith("["):
        records: list[dict[str, Any]] = json.loads(text)
        return records
    return [json.loads(line) for line in text.splitlines() if line.strip()]
