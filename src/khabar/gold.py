"""Gold files and event files for scoring: read, validated (every error names the file and the event), and
turned into :class:`GoldEvent` criteria. The matching itself is khabar.evaluate."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from khabar.errors import E_EMPTY, E_EVENTS_LINE, E_GOLD, KhabarError
from khabar.model import MODALITIES
from khabar.reader import DEFAULT_MAX_BYTES, read_text

Prefixes = tuple[str | None, ...]


@dataclass(frozen=True, slots=True)
class GoldEvent:
    """One gold event after validation. ``None`` for a criterion means it does not constrain."""

    id: str
    sentence_contains: str | None
    source: Prefixes | None
    target: Prefixes | None
    cameo: tuple[str, ...] | None
    modality: tuple[str, ...] | None
    attributed: bool
    attr_codes: tuple[str, ...]
    attr_text: str | None
    required: bool
    note: str | None


def parse_gold_events(gold: Mapping[str, Any], path: str | None = None) -> list[GoldEvent]:
    """Validate ``gold["events"]`` and return them as :class:`GoldEvent` (E301 on any problem)."""
    if not isinstance(gold, Mapping):
        raise KhabarError(E_GOLD, "gold must be a JSON object with an 'events' list", path=path)
    raw = gold.get("events")
    if not isinstance(raw, list):
        raise KhabarError(E_GOLD, "gold must have an 'events' list", path=path)
    events: list[GoldEvent] = []
    seen: set[str] = set()
    for index, item in enumerate(raw):
        event = _parse_gold_event(item, index, path)
        if event.id in seen:
            raise KhabarError(E_GOLD, f"duplicate gold event id {event.id!r}", path=path)
        seen.add(event.id)
        events.append(event)
    return events


def _parse_gold_event(item: Any, index: int, path: str | None) -> GoldEvent:
    if not isinstance(item, Mapping):
        raise KhabarError(E_GOLD, f"gold event #{index + 1} must be an object", path=path)
    gid = item.get("id", f"#{index + 1}")
    if not isinstance(gid, str | int) or isinstance(gid, bool) or str(gid) == "":
        raise KhabarError(E_GOLD, f"gold event #{index + 1}: 'id' must be a non-empty string", path=path)
    gid = str(gid)
    where = f"gold event {gid}"
    modality = _str_list(item, "modality", where, path)
    unknown = [m for m in modality or () if m not in MODALITIES]
    if unknown:
        raise KhabarError(
            E_GOLD, f"{where}: unknown modality {unknown} (known: {list(MODALITIES)})", path=path
        )
    attributed, codes, text = _parse_attributed_to(item.get("attributed_to"), where, path)
    return GoldEvent(
        id=gid,
        sentence_contains=_optional_str(item, "sentence_contains", where, path),
        source=_actor_list(item, "source", where, path),
        target=_actor_list(item, "target", where, path),
        cameo=_str_list(item, "cameo", where, path),
        modality=modality,
        attributed=attributed,
        attr_codes=codes,
        attr_text=text,
        required=_required(item, where, path),
        note=_optional_str(item, "note", where, path),
    )


def _optional_str(item: Mapping[str, Any], key: str, where: str, path: str | None) -> str | None:
    value = item.get(key)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise KhabarError(E_GOLD, f"{where}: {key!r} must be a string", path=path)
    return value


def _required(item: Mapping[str, Any], where: str, path: str | None) -> bool:
    value = item.get("required", True)
    if not isinstance(value, bool):
        raise KhabarError(E_GOLD, f"{where}: 'required' must be true or false", path=path)
    return value


def _actor_list(item: Mapping[str, Any], key: str, where: str, path: str | None) -> Prefixes | None:
    """Actor code prefixes; ``None`` entries accept an absent actor; a bare null means "must be absent"."""
    if key not in item:
        return None
    value = item[key]
    values = [value] if value is None or isinstance(value, str) else value
    if not isinstance(values, list) or not all(v is None or (isinstance(v, str) and v) for v in values):
        raise KhabarError(E_GOLD, f"{where}: {key!r} must be a list of codes or null", path=path)
    if not values:
        raise KhabarError(E_GOLD, f"{where}: {key!r} is empty, so nothing could match", path=path)
    return tuple(values)


def _str_list(item: Mapping[str, Any], key: str, where: str, path: str | None) -> tuple[str, ...] | None:
    value = item.get(key)
    if value is None:
        return None
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not all(isinstance(v, str) and v for v in values):
        raise KhabarError(E_GOLD, f"{where}: {key!r} must be a list of non-empty strings", path=path)
    if not values:
        raise KhabarError(E_GOLD, f"{where}: {key!r} is empty, so nothing could match", path=path)
    return tuple(values)


def _parse_attributed_to(
    value: Any, where: str, path: str | None
) -> tuple[bool, tuple[str, ...], str | None]:
    if value is None:
        return False, (), None
    if not isinstance(value, Mapping):
        raise KhabarError(E_GOLD, f"{where}: 'attributed_to' must be an object or null", path=path)
    raw_codes = value.get("codes")
    codes = () if raw_codes == [] else _str_list(value, "codes", f"{where} attributed_to", path) or ()
    text = _optional_str(value, "text", f"{where} attributed_to", path)
    if not codes and not text:
        raise KhabarError(E_GOLD, f"{where}: 'attributed_to' needs 'codes' or 'text'", path=path)
    return True, codes, text


# ---------------------------------------------------------------------------------------------- loading


def load_gold(path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES) -> dict[str, Any]:
    """Read and validate a gold JSON file. I/O problems raise E1xx; bad JSON or schema raise E301."""
    label = os.fspath(path)
    text = read_text(path, max_bytes=max_bytes)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        msg = f"not valid JSON: {exc.msg} (column {exc.colno})"
        raise KhabarError(E_GOLD, msg, path=label, line=exc.lineno) from exc
    parse_gold_events(data, label)
    return data


def load_events_jsonl(
    path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES
) -> list[dict[str, Any]]:
    """Read produced events, one JSON object per line (``"-"`` = stdin). Blank lines are skipped.

    An empty file means no events. A line that is not a JSON object raises E302 naming ``file:line``.
    """
    label = "<stdin>" if path == "-" else os.fspath(path)
    try:
        text = read_text(path, name=label, max_bytes=max_bytes)
    except KhabarError as exc:
        if exc.code == E_EMPTY:
            return []
        raise
    events: list[dict[str, Any]] = []
    for lineno, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            msg = f"line is not valid JSON: {exc.msg} (column {exc.colno})"
            raise KhabarError(E_EVENTS_LINE, msg, path=label, line=lineno) from exc
        if not isinstance(obj, dict):
            msg = f"expected a JSON object (one event per line), got {type(obj).__name__}"
            raise KhabarError(E_EVENTS_LINE, msg, path=label, line=lineno)
        events.append(obj)
    return events


# ---------------------------------------------------------------------------------------------- criteria
