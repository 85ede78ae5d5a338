"""`khabar lexicon check`: every problem in the packaged lexicons or in overlay folders, each with file:line."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from khabar.lexicon import morph
from khabar.lexicon.compile import LEXICON_FILES, _ontology
from khabar.lexicon.resources import Item, load_yaml, load_yaml_items
from khabar.lexicon.schema import entry_errors
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


def _unknown_codes(loaded: dict[str, list[Item]], states: set[str]) -> list[str]:
    """Actor codes must be a known state (or IGO/NGO/IMG) followed by known role codes (ontology/roles.yaml)."""
    roles = {r["code"] for r in load_yaml("ontology/roles.yaml") or []}
    out = []

    def bad(code: str) -> bool:
        if code[:3] in _TRANSNATIONAL:
            return False
        return code[:3] not in states or any(code[i:i + 3] not in roles for i in range(3, len(code), 3))

    for item in loaded.get("ar/agents.yaml", []):
        if isinstance(item.value, dict) and item.value.get("role") not in roles:
            out.append(f"{item.where}: unknown role code {item.value.get('role')!r} (see ontology/roles.yaml)")
    for rel in ("ar/organizations.yaml", "ar/people.yaml"):
        for item in loaded.get(rel, []):
            e = item.value if isinstance(item.value, dict) else {}
            roles_of = [r.get("code") for r in e.get("roles", [])]
            codes = [e.get("code")] if rel.endswith("organizations.yaml") else roles_of
            out += [f"{item.where}: unknown actor code {c!r}" for c in codes if c and bad(c)]
    return out


def check(folders: tuple[Path, ...] = ()) -> tuple[list[str], dict[str, int]]:
    """(problems, entry counts per file). With folders, the overlays are checked; else the packaged data."""
    cameo = _ontology()
    problems: list[str] = []
    counts: dict[str, int] = {}
    roots: list[Path | None] = list(folders) or [None]
    for root in roots:
        loaded = {rel: load_yaml_items(rel, root) for rel in LEXICON_FILES}
        for rel, items in loaded.items():
            seen: dict[str, str] = {}
            for item in items:
                problems += entry_errors(rel, item, cameo)
                key = item.value.get("id") or item.value.get("code") if isinstance(item.value, dict) else None
                if key in seen:
                    problems.append(f"{item.where}: duplicate id {key!r} (first at {seen[key]})")
                elif key:
                    seen[key] = item.where
            counts[rel.split("/")[-1].removesuffix(".yaml")] = counts.get(rel, 0) + len(items)
        problems += _conflicts(loaded)
        known = {it.value.get("code") for it in [*load_yaml_items("ar/states.yaml"), *loaded["ar/states.yaml"]]
                 if isinstance(it.value, dict)}
        problems += _unknown_codes(loaded, known)
    return problems, counts
