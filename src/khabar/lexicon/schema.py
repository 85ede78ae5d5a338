"""Validation of lexicon entries: JSON Schemas from data/schemas.yaml plus cross-checks (known CAMEO codes,
dated roles that make sense). Every error names file:line."""

from __future__ import annotations

from functools import cache
from typing import Any

import jsonschema

from khabar.errors import KhabarError
from khabar.lexicon.resources import Item, load_yaml


@cache
def _schemas() -> dict[str, Any]:
    return load_yaml("schemas.yaml")


def _validator(rel: str) -> jsonschema.Draft7Validator | None:
    data = _schemas()
    schema = data["files"].get(rel)
    if schema is None:
        return None
    return jsonschema.Draft7Validator({**schema, "definitions": data["definitions"]})


def entry_errors(rel: str, item: Item, cameo: dict[str, Any]) -> list[str]:
    """Every problem with one entry, as 'file:line: message' strings."""
    validator = _validator(rel)
    errors = []
    if validator is not None:
        for err in validator.iter_errors(item.value):
            at = "/".join(str(p) for p in err.absolute_path) or "entry"
            errors.append(f"{item.where}: {at}: {err.message}")
    if errors or not isinstance(item.value, dict):
        return errors
    e = item.value
    codes = [e.get("cameo"), *(e.get("objects") or {}).values(), *(e.get("en_objects") or {}).values()]
    errors += [f"{item.where}: unknown CAMEO code {c!r}" for c in codes if c and c not in cameo]
    roles = e.get("roles", [])
    for role in roles:
        start, end = role.get("from"), role.get("to")
        if start and end and end < start:
            errors.append(f"{item.where}: role {role.get('code')} ends ({end}) before it starts ({start})")
    errors += _overlaps(item, roles)
    if rel.endswith(("verbs.yaml", "reporting.yaml")) and not any(
            e.get(k) for k in ("past", "nouns", "ar", "plurals", "verbs", "phrases")):
        errors.append(f"{item.where}: entry has no surface form (past/present, nouns or ar)")
    return errors


def _overlaps(item: Item, roles: list[dict[str, Any]]) -> list[str]:
    """Two roles with the same code whose date ranges overlap: one of them has a wrong date."""
    out = []
    for i, a in enumerate(roles):
        for b in roles[i + 1:]:
            if a.get("code") != b.get("code"):
                continue
            a0, a1 = a.get("from") or "0000", a.get("to") or "9999"
            b0, b1 = b.get("from") or "0000", b.get("to") or "9999"
            if a0 < b1 and b0 < a1:
                out.append(f"{item.where}: roles {a.get('title')!r} and {b.get('title')!r} ({a.get('code')}) overlap "
                           f"({a0}–{a1} and {b0}–{b1})")
    return out


def validate_items(rel: str, items: list[Item], cameo: dict[str, Any]) -> None:
    """Raise E201 naming the first bad entry (file:line); `khabar lexicon check` lists them all."""
    seen: dict[str, str] = {}
    for item in items:
        errors = entry_errors(rel, item, cameo)
        key = item.value.get("id") or item.value.get("code") if isinstance(item.value, dict) else None
        if key and key in seen and seen[key].split(":")[0] == item.file:
            errors.append(f"{item.where}: duplicate id {key!r} (first at {seen[key]})")
        if key:
            seen.setdefault(key, item.where)
        if errors:
            where, _, message = errors[0].partition(": ")
            file, _, line = where.rpartition(":")
            raise KhabarError("E201", message, path=file, line=int(line) if line.isdigit() else None)
