"""Validation of lexicon data files: JSON Schemas from data/schemas.yaml plus cross-checks (known CAMEO codes,
dated roles that make sense). Every error names file:line.

Every data file has a schema, in one of three sections of schemas.yaml: ``files`` (list files: one entry),
``mappings`` (mapping files: the whole file; an overlay's keys are all optional) and ``tables`` (tab-separated files:
one row, keyed by column).
"""

from __future__ import annotations

import csv
import re
from functools import cache
from typing import Any

import jsonschema
import yaml

from khabar.errors import KhabarError
from khabar.lexicon.entries import flat_entry
from khabar.lexicon.resources import Item, construct, load_yaml

SHAPES = ("files", "mappings", "tables")


@cache
def _schemas() -> dict[str, Any]:
    return load_yaml("schemas.yaml")


def data_files() -> dict[str, str]:
    """Every data file with a schema (the files `khabar lexicon check` reads) → its shape: files, mappings, tables."""
    data = _schemas()
    return {rel: shape for shape in SHAPES for rel in data.get(shape) or {}}


@cache
def _validator(rel: str, shape: str = "files", partial: bool = False) -> jsonschema.Draft7Validator | None:
    data = _schemas()
    schema = (data.get(shape) or {}).get(rel)
    if schema is None:
        return None
    definitions = data["definitions"]
    if partial:
        schema, definitions = _optional(schema), _optional(definitions)
    return jsonschema.Draft7Validator({**schema, "definitions": definitions})


def _optional(schema: Any) -> Any:
    """``schema`` with no ``required`` anywhere: an overlay's mapping file merges key by key into the packaged one."""
    if isinstance(schema, dict):
        return {k: _optional(v) for k, v in schema.items() if k != "required"}
    if isinstance(schema, list):
        return [_optional(v) for v in schema]
    return schema


def node_line(node: Any, path: list[Any], err: jsonschema.ValidationError | None = None) -> int:
    """The line of the value at ``path`` under a YAML node (as deep as the path can be followed); for an unknown key
    (additionalProperties), the line of that key."""
    line = node.start_mark.line + 1
    for key in path:
        if isinstance(node, yaml.MappingNode):
            found = next(((k, v) for k, v in node.value if getattr(k, "value", None) == str(key)), None)
            if found is None:
                return line
            line, node = found[0].start_mark.line + 1, found[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
            line = node.start_mark.line + 1
        else:
            return line
    if err is not None and "propertyNames" in err.schema_path and isinstance(node, yaml.MappingNode):
        odd = next((k for k, _ in node.value if getattr(k, "value", None) == str(err.instance)), None)
        return line if odd is None else int(odd.start_mark.line) + 1
    if err is not None and err.validator == "additionalProperties" and isinstance(node, yaml.MappingNode):
        known = {str(k) for k in (err.schema.get("properties") or {}) if isinstance(err.schema, dict)}
        odd = next((k for k, _ in node.value if getattr(k, "value", None) not in known), None)
        if odd is not None:
            return int(odd.start_mark.line) + 1
    return line


def _where(item: Item, err: jsonschema.ValidationError) -> str:
    if item.node is None:
        return item.where
    return f"{item.file}:{node_line(item.node, list(err.absolute_path), err)}"


def entry_errors(rel: str, item: Item, cameo: dict[str, Any]) -> list[str]:
    """Every problem with one entry, as 'file:line: message' strings."""
    validator = _validator(rel)
    errors = []
    if validator is not None:
        for err in validator.iter_errors(item.value):
            at = "/".join(str(p) for p in err.absolute_path) or "entry"
            errors.append(f"{_where(item, err)}: {at}: {err.message}")
    if errors or not isinstance(item.value, dict):
        return errors
    e = flat_entry(rel, item.value)  # trigger entries' ar:/en: blocks as the compiler flattens them
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


def items_errors(rel: str, items: list[Item], cameo: dict[str, Any]) -> list[str]:
    """Every problem with the entries of one list file, duplicate ids included."""
    errors: list[str] = []
    seen: dict[str, str] = {}
    for item in items:
        errors += entry_errors(rel, item, cameo)
        key = item.value.get("id") or item.value.get("code") if isinstance(item.value, dict) else None
        if key and key in seen and seen[key].rsplit(":", 1)[0] == item.file:
            errors.append(f"{item.where}: duplicate id {key!r} (first at {seen[key]})")
        if key:
            seen.setdefault(key, item.where)
    return errors


def validate_items(rel: str, items: list[Item], cameo: dict[str, Any]) -> None:
    """Raise E201 naming the first bad entry (file:line); `khabar lexicon check` lists them all."""
    raise_first(items_errors(rel, items, cameo))


def document_errors(rel: str, name: str, node: Any, partial: bool = False, value: Any = None) -> list[str]:
    """Every problem with a mapping file (``partial``: an overlay, whose keys are all optional). With ``value`` (the
    packaged file merged with this overlay), the merged mapping is checked, lines named in the overlay."""
    value = construct(node) if value is None else value
    if value is None:
        return []
    if not isinstance(value, dict):
        return [f"{name}:{node.start_mark.line + 1}: expected a mapping of keys to words"]
    validator = _validator(rel, "mappings", partial)
    if validator is None:
        return []
    out = []
    for err in sorted(validator.iter_errors(value), key=lambda e: node_line(node, list(e.absolute_path), e)):
        at = "/".join(str(p) for p in err.absolute_path) or "file"
        out.append(f"{name}:{node_line(node, list(err.absolute_path), err)}: {at}: {err.message}")
    return out


@cache
def _cell_checks(rel: str) -> dict[str, Any] | None:
    """Per column, a fast test of a cell (pattern, enum, minLength on text), or None when the row schema needs more:
    jsonschema takes ~150 µs a row, too slow for the 9,000-row gazetteer at every compile; it still words the
    message of a row that fails."""
    schema = (_schemas().get("tables") or {}).get(rel) or {}
    checks = {}
    for column, prop in (schema.get("properties") or {}).items():
        if set(prop) - {"type", "pattern", "enum", "minLength"} or prop.get("type", "string") != "string":
            return None
        pattern = re.compile(prop["pattern"]) if "pattern" in prop else None
        checks[column] = (pattern, prop.get("enum"), prop.get("minLength", 0))
    return checks


def _row_ok(checks: dict[str, Any], row: dict[str, str]) -> bool:
    for column, value in row.items():
        if column not in checks:
            return False
        pattern, enum, least = checks[column]
        if len(value) < least or (enum is not None and value not in enum) or (pattern and not pattern.search(value)):
            return False
    return True


def table_rows(rel: str, name: str, text: str) -> tuple[list[tuple[int, dict[str, str]]], list[str]]:
    """(line, row) of every row of a tab-separated file (``#`` lines are comments, the first other line the header),
    and every problem with the header and the rows."""
    validator = _validator(rel, "tables")
    schema = (_schemas().get("tables") or {}).get(rel) or {}
    header: list[str] | None = None
    rows: list[tuple[int, dict[str, str]]] = []
    errors: list[str] = []
    header_ok = True
    checks = _cell_checks(rel)
    for number, line in enumerate(text.splitlines(), 1):
        if not line or line.startswith("#"):
            continue
        cells = next(csv.reader([line], delimiter="\t"), [])
        if header is None:
            header = cells
            missing = [c for c in schema.get("required", []) if c not in header]
            unknown = [c for c in header if c not in (schema.get("properties") or {})] if schema else []
            if missing or unknown:
                header_ok = False
                errors.append(f"{name}:{number}: header: " + "; ".join(
                    ([f"missing column(s) {', '.join(missing)}"] if missing else [])
                    + ([f"unknown column(s) {', '.join(unknown)}"] if unknown else [])))
            continue
        if len(cells) > len(header):
            errors.append(f"{name}:{number}: {len(cells)} cells for {len(header)} columns")
        row = dict(zip(header, cells + [""] * (len(header) - len(cells)), strict=False))
        rows.append((number, row))
        if validator is not None and header_ok and (checks is None or not _row_ok(checks, row)):
            errors += [f"{name}:{number}: {'/'.join(str(p) for p in err.absolute_path) or 'row'}: {err.message}"
                       for err in validator.iter_errors(row)]
    return rows, errors


def raise_first(errors: list[str]) -> None:
    """Raise E201 naming the first problem (``file:line: message``), if any."""
    if errors:
        where, _, message = errors[0].partition(": ")
        file, _, line = where.rpartition(":")
        if not line.isdigit():
            file, line = where, ""
        raise KhabarError("E201", message, path=file, line=int(line) if line else None)
