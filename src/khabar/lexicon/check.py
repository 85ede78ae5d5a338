"""`khabar lexicon check`: every problem in the packaged data files of both languages (and the ontology) or in
overlay folders, each with file:line."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from khabar.errors import KhabarError
from khabar.lexicon import morph
from khabar.lexicon.compile import _ontology, load_mapping
from khabar.lexicon.resources import Item, construct, load_yaml_items, load_yaml_node, read_text
from khabar.lexicon.schema import data_files, document_errors, items_errors, table_rows
from khabar.text.normalize import norm

_NAME_FIELDS = {
    "ar/states.yaml": ("ar", "capital"),
    "ar/organizations.yaml": ("ar",),
    "ar/people.yaml": ("ar", "alone"),
}


def _code_of(rel: str, entry: dict) -> str | None:
    if rel.endswith("people.yaml"):
        roles = entry.get("roles") or [{}]
        return (roles[-1].get("code") or "")[:3] or None
    return entry.get("code")


def _conflicts(loaded: dict[str, list[Item]]) -> list[str]:
    """A surface name that maps to two different actors' codes is ambiguous: report both places."""
    owners: dict[str, dict[str, str]] = defaultdict(dict)
    for rel, fields in _NAME_FIELDS.items():
        for item in loaded.get(rel, []):
            if not isinstance(item.value, dict):
                continue
            code = _code_of(rel, item.value)
            for f in fields:
                for name in item.value.get(f) or []:
                    owners[norm(name)].setdefault(code or "?", item.where)
    for item in loaded.get("ar/states.yaml", []):
        for dem in (item.value.get("demonym") or []) if isinstance(item.value, dict) else []:
            for form, _ in morph.adjective_forms(dem):
                owners[form].setdefault(item.value.get("code", "?"), item.where)
    return [f"{min(w.values())}: surface {key!r} maps to several codes: "
            + ", ".join(f"{c} ({w})" for c, w in sorted(w.items()))
            for key, w in sorted(owners.items()) if len(w) > 1]


_TRANSNATIONAL = ("IGO", "NGO", "IMG")  # IGOUNO, NGOIRC, IMGREB: no country part


def _unknown_codes(loaded: dict[str, list[Item]], states: set[str], roles: set[str]) -> list[str]:
    """Actor codes must be a known state (or IGO/NGO/IMG) followed by known role codes (ontology/roles.yaml)."""
    out = []

    def bad(code: str) -> bool:
        if code[:3] in _TRANSNATIONAL:
            return False
        return code[:3] not in states or any(code[i:i + 3] not in roles for i in range(3, len(code), 3))

    for rel in ("ar/agents.yaml", "en/agents.yaml"):
        for item in loaded.get(rel, []):
            if isinstance(item.value, dict) and item.value.get("role") not in roles:
                out.append(f"{item.where}: unknown role code {item.value.get('role')!r} (see ontology/roles.yaml)")
    for rel in ("ar/organizations.yaml", "ar/people.yaml", "en/seats.yaml"):
        for item in loaded.get(rel, []):
            e = item.value if isinstance(item.value, dict) else {}
            roles_of = [r.get("code") for r in e.get("roles", [])]
            codes = roles_of if rel.endswith("people.yaml") else [e.get("code")]
            out += [f"{item.where}: unknown actor code {c!r}" for c in codes if c and bad(c)]
    return out


def _problem(exc: KhabarError) -> str:
    where = f"{exc.path}:{exc.line}" if exc.line is not None else str(exc.path)
    return f"{where}: {exc.message}"


def _count_name(rel: str) -> str:
    """states, verbs, … for the Arabic files (as before), en/verbs, ontology/roles, … for the others."""
    name = rel.rsplit(".", 1)[0]
    return name.removeprefix("ar/")


def check(folders: tuple[Path, ...] = ()) -> tuple[list[str], dict[str, int]]:
    """(problems, entry counts per file) for every data file of both languages. With folders, the overlays are checked
    (each file in them that has a schema; an overlay's mapping keys are all optional); else the packaged data."""
    problems: list[str] = []
    counts: dict[str, int] = {}
    try:
        cameo = _ontology(tuple(folders))
    except KhabarError as exc:  # reported below with the table's other problems
        cameo = _ontology()
        problems.append(_problem(exc))
    roots: list[Path | None] = list(folders) or [None]
    for root in roots:
        loaded: dict[str, list[Item]] = {}
        for rel, shape in data_files().items():
            try:
                if shape == "files":
                    items = loaded[rel] = load_yaml_items(rel, root)
                    problems += items_errors(rel, items, cameo)
                    size = len(items)
                elif shape == "mappings":
                    found = load_yaml_node(rel, root)
                    if found is None:
                        continue
                    problems += document_errors(rel, *found, partial=root is not None)
                    if root is not None and not problems:  # merged into the packaged file, it must be whole
                        merged = load_mapping(rel, (root,))
                        problems += document_errors(rel, *found, value=merged)
                    size = len(construct(found[1]) or {})
                else:
                    text = read_text(rel, root)
                    if text is None:
                        continue
                    rows, errors = table_rows(rel, *text)
                    problems += errors
                    size = len(rows)
            except KhabarError as exc:  # a file that is not YAML at all
                problems.append(_problem(exc))
                continue
            if root is None or size:
                counts[_count_name(rel)] = counts.get(_count_name(rel), 0) + size
        problems += _conflicts(loaded)
        known = {it.value.get("code") for it in [*load_yaml_items("ar/states.yaml"), *loaded.get("ar/states.yaml", [])]
                 if isinstance(it.value, dict)}
        roles = {it.value.get("code") for it in [*load_yaml_items("ontology/roles.yaml"),
                                                 *loaded.get("ontology/roles.yaml", [])] if isinstance(it.value, dict)}
        problems += _unknown_codes(loaded, known, roles)
    return list(dict.fromkeys(problems)), counts  # a bad overlay codebook is reported once, not twice
