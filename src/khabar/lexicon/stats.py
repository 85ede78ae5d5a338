"""`khabar lexicon stats`: real counts of what the shipped (or overlaid) lexicons know, for the README."""

from __future__ import annotations

from pathlib import Path

from khabar.lexicon.compile import LEXICON_FILES, _items, entries, load_lexicon


def trigger_codes(entries: list[dict]) -> set[str]:
    """CAMEO codes an event-trigger list can produce (entry codes, object overrides and 'wanted' codes)."""
    codes: set[str] = set()
    for e in entries:
        codes.add(e["cameo"])
        codes.update((e.get("objects") or {}).values())
        if e.get("wanted"):
            codes.add(e["wanted"])
    return codes


def stats(overlays: tuple[Path, ...] = ()) -> dict[str, int]:
    lexicon = load_lexicon(overlays)
    loaded = {rel.split("/")[-1].removesuffix(".yaml"): entries(rel, overlays) for rel in LEXICON_FILES}
    base = {c for c, info in lexicon.cameo.items() if len(c) == 3}
    covered = {c[:3] for c in trigger_codes(loaded["verbs"]) if len(c) >= 3}
    documented = {it.value["code"] for it in _items("ontology/not_lexicalized.yaml", overlays)}
    places = len(lexicon.places)
    return {
        "states and territories": len(loaded["states"]),
        "organizations": len(loaded["organizations"]),
        "people": len(loaded["people"]),
        "dated roles": sum(len(p.get("roles", [])) for p in loaded["people"]),
        "agents (role words)": len(loaded["agents"]),
        "event triggers (entries)": len(loaded["verbs"]),
        "reporting frames": len(loaded["reporting"]),
        "modality cues": len(loaded["modality"]),
        "places": places,
        "CAMEO base codes": len(base),
        "CAMEO base codes with a trigger": len(base & covered),
        "CAMEO base codes documented as not lexicalized": len(base & documented),
        "compiled surface forms": lexicon.surfaces,
    }

