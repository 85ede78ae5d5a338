"""Trigger entries as written and as compiled: one entry per event word with an ``ar:`` and an ``en:`` block in the
data files, one flat mapping for the coders. Used by the compiler and by the schema checks (which validate the flat
shape), so both read an entry the same way."""

from __future__ import annotations

from typing import Any

# A trigger entry is written with an `ar:` and an `en:` block (ar/verbs.yaml; en/verbs.yaml has only `en:`); compiled,
# it is one flat mapping, the shape the coders read: the Arabic fields under their own names (`phrases` as `ar`), the
# English ones prefixed in ar/verbs.yaml (`en`, `en_nouns`, `en_target`, `en_objects`), unprefixed in en/verbs.yaml.
_AR_BLOCK = {"phrases": "ar"}
_EN_BLOCK = {
    "ar/verbs.yaml": {"verbs": "en", "nouns": "en_nouns", "target": "en_target", "objects": "en_objects"},
    "en/verbs.yaml": {"verbs": "verbs", "nouns": "nouns", "target": "target", "objects": "en_objects"},
}


def flat_entry(rel: str, value: Any) -> Any:
    """A data entry in its compiled shape: trigger entries' ``ar:``/``en:`` blocks flattened, others as they are."""
    names = _EN_BLOCK.get(rel)
    if names is None or not isinstance(value, dict):
        return value
    out = {k: v for k, v in value.items() if k not in ("ar", "en")}
    for key, v in (value.get("ar") or {}).items():
        out[_AR_BLOCK.get(key, key)] = v
    for key, v in (value.get("en") or {}).items():
        out[names[key]] = v
    return out
