"""Event dicts ↔ flat table rows, the article record, and the rows one saved article becomes (:func:`article_rows`).

The events table flattens the nested event JSON (docs/event-format.md) into typed columns so it can be filtered and
aggregated in SQL; :func:`row_to_event` rebuilds exactly the dict :meth:`khabar.model.Event.to_dict` produced (same
keys, same ``None``s, ``role`` only when present), so storing and loading an event is lossless. Top-level keys this
schema does not know yet are kept as JSON in ``extra`` and merged back, because the format may gain fields.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

#: Column order of the events table as the store writes it (cluster_id is set by recluster, not here).
EVENT_COLUMNS: tuple[str, ...] = (
    "event_id", "article_id", "language",
    "sentence_index", "sentence_text", "sentence_start", "sentence_end",
    "trigger_text", "trigger_start", "trigger_end",
    "source_code", "source_text", "source_name", "source_role", "source_start", "source_end",
    "target_code", "target_text", "target_name", "target_role", "target_start", "target_end",
    "cameo", "cameo_root", "goldstein", "quad_class", "plover_type", "plover_mode", "modality",
    "speaker_code", "speaker_text", "speaker_name", "speaker_start", "speaker_end", "report_verb", "attribution_rule",
    "event_date", "effective_date", "place_name", "place_country", "lat", "lon", "geonames_id",
    "rule", "confidence", "extra",
)  # fmt: skip

#: An article text longer than this many characters is stored in pieces of this size in the article_parts table
#: (articles.text is then NULL), so no single value the store writes or reads holds a whole long text.
PART_CHARS = 1_000_000

_KNOWN_KEYS = frozenset(
    {"event_id", "article_id", "language", "sentence", "trigger", "source", "target", "cameo", "goldstein",
     "quad_class", "plover", "modality", "attribution", "date", "place", "rule", "confidence"}
)  # fmt: skip
_ACTOR_KEYS = ("code", "text", "name", "role", "start", "end")


@dataclass(frozen=True)
class ArticleRecord:
    """One article as the store keeps it; ``article_id`` is ``khabar.pipeline.article_id_for(text)`` by default."""

    article_id: str
    text: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: date | None = None
    language: str = "ar"
    source_path: str | None = None  # file (and line for JSONL/CSV) it came from


def _part(event: dict[str, Any], key: str) -> dict[str, Any]:
    value = event.get(key)
    return value if isinstance(value, dict) else {}


def _actor(value: Any) -> list[Any]:
    actor = value if isinstance(value, dict) else {}
    return [actor.get(k) for k in _ACTOR_KEYS]


def _root(cameo: str | None) -> str | None:
    return cameo[:2] if cameo else None


def event_to_row(event: dict[str, Any], published: date | None) -> list[Any]:
    """The events-table row for one event dict (in :data:`EVENT_COLUMNS` order)."""
    sentence, trigger, plover = _part(event, "sentence"), _part(event, "trigger"), _part(event, "plover")
    attribution, place = _part(event, "attribution"), _part(event, "place")
    speaker = attribution.get("speaker") if isinstance(attribution.get("speaker"), dict) else {}
    extra = {k: v for k, v in event.items() if k not in _KNOWN_KEYS}
    event_date = event.get("date")
    effective = event_date or (published.isoformat() if published else None)
    return [
        event["event_id"], event["article_id"], event.get("language"),
        sentence.get("index"), sentence.get("text"), sentence.get("start"), sentence.get("end"),
        trigger.get("text"), trigger.get("start"), trigger.get("end"),
        *_actor(event.get("source")), *_actor(event.get("target")),
        event.get("cameo"), _root(event.get("cameo")), event.get("goldstein"), event.get("quad_class"),
        plover.get("type"), plover.get("mode"), event.get("modality"),
        speaker.get("code"), speaker.get("text"), speaker.get("name"), speaker.get("start"), speaker.get("end"),
        attribution.get("verb"), attribution.get("rule"),
        event_date, effective, place.get("name"), place.get("country"), place.get("lat"), place.get("lon"),
        place.get("geonames_id"),
        event.get("rule"), event.get("confidence"), json.dumps(extra, ensure_ascii=False) if extra else None,
    ]  # fmt: skip


def _actor_dict(code: Any, text: Any, name: Any, role: Any, start: Any, end: Any) -> dict[str, Any] | None:
    if code is None and text is None and name is None and start is None and end is None:
        return None
    out = {"code": code, "text": text, "start": start, "end": end, "name": name}
    if role is not None:
        out["role"] = role
    return out


def _attribution(code: Any, text: Any, name: Any, start: Any, end: Any, verb: Any, rule: Any) -> dict[str, Any] | None:
    if all(v is None for v in (code, text, name, start, end, verb, rule)):
        return None
    speaker = {"code": code, "text": text, "start": start, "end": end, "name": name}
    return {"speaker": speaker, "verb": verb, "rule": rule}


def _place(name: Any, country: Any, lat: Any, lon: Any, geonames_id: Any) -> dict[str, Any] | None:
    if all(v is None for v in (name, country, lat, lon, geonames_id)):
        return None
    return {"name": name, "country": country, "lat": lat, "lon": lon, "geonames_id": geonames_id}


def row_to_event(row: tuple[Any, ...] | list[Any]) -> dict[str, Any]:
    """The event dict (Event.to_dict shape) from a row selected in :data:`EVENT_COLUMNS` order."""
    r = dict(zip(EVENT_COLUMNS, row, strict=True))
    event: dict[str, Any] = {
        "event_id": r["event_id"],
        "article_id": r["article_id"],
        "language": r["language"],
        "sentence": {"index": r["sentence_index"], "text": r["sentence_text"], "start": r["sentence_start"],
                     "end": r["sentence_end"]},
        "trigger": {"text": r["trigger_text"], "start": r["trigger_start"], "end": r["trigger_end"]},
        "source": _actor_dict(*(r[f"source_{k}"] for k in _ACTOR_KEYS)),
        "target": _actor_dict(*(r[f"target_{k}"] for k in _ACTOR_KEYS)),
        "cameo": r["cameo"],
        "goldstein": r["goldstein"],
        "quad_class": r["quad_class"],
        "plover": {"type": r["plover_type"], "mode": r["plover_mode"]},
        "modality": r["modality"],
        "attribution": _attribution(r["speaker_code"], r["speaker_text"], r["speaker_name"], r["speaker_start"],
                                    r["speaker_end"], r["report_verb"], r["attribution_rule"]),
        "date": r["event_date"],
        "place": _place(r["place_name"], r["place_country"], r["lat"], r["lon"], r["geonames_id"]),
        "rule": r["rule"],
        "confidence": r["confidence"],
    }  # fmt: skip
    if r["extra"]:
        event.update(json.loads(r["extra"]))
    return event


def as_date(value: date | str | None) -> date | None:
    """A date from a date, a datetime or ISO text (its first ten characters); None stays None."""
    if value is None or (isinstance(value, date) and not isinstance(value, datetime)):
        return value
    if isinstance(value, datetime):
        return value.date()
    return date.fromisoformat(str(value)[:10])


def article_rows(record: ArticleRecord, events: Sequence[dict[str, Any]], sentences: Sequence[dict[str, Any]],
                 mentions: Sequence[dict[str, Any]]) -> tuple[list[list[Any]], list[list[Any]], list[list[Any]]]:
    """The event, sentence and mention rows of one article, checked (events belong to it, ids present and unique)."""
    published = as_date(record.published)
    rows, seen = [], set()
    for event in events:
        owner = event.get("article_id") or record.article_id
        if owner != record.article_id:
            raise ValueError(f"event {event.get('event_id')} belongs to article {owner}, not {record.article_id}")
        if not event.get("event_id") or event["event_id"] in seen:
            raise ValueError(f"article {record.article_id}: missing or repeated event_id {event.get('event_id')!r}")
        seen.add(event["event_id"])
        rows.append(event_to_row({**event, "article_id": owner}, published))
    sentence_rows = [[record.article_id, s["index"], s["start"], s["end"], s["text"]] for s in sentences]
    mention_rows = [[record.article_id, m["sentence_index"], m["kind"], m["start"], m["end"], m["text"],
                     m.get("code"), m.get("name"), m.get("rule")] for m in mentions]
    return rows, sentence_rows, mention_rows


def text_parts(article_id: str, text: str, size: int = PART_CHARS) -> Iterator[list[Any]]:
    """The article_parts rows of ``text``: ``[article_id, part, piece]``, pieces of ``size`` characters, cut one by
    one as they are asked for.

    >>> [row[1:] for row in text_parts("a", "abcde", 2)]
    [[0, 'ab'], [1, 'cd'], [2, 'e']]
    """
    for part, start in enumerate(range(0, len(text), size)):
        yield [article_id, part, text[start:start + size]]
