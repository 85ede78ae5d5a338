"""The event candidate: a trigger with its arguments, before it becomes model.Event records; and the lexicon-surface
helpers every event stage reads."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from khabar.model import Mention

# Roots of hostile material acts (assault, fight, mass violence): casualties and weapons fold into them.
HOSTILE = ("18", "19", "20")


@dataclass(slots=True)
class Candidate:
    """An event before it is turned into model.Event records (one per target)."""

    trigger: Mention
    entry: dict
    entry_ref: str
    cameo: str
    sources: list[Mention]
    targets: list[Mention]
    modality: str
    frame_speaker: Mention | None
    frame_verb: Mention | None
    rules: list[str] = field(default_factory=list)
    confidence: float = 0.9
    clause_end: int = 0  # character offset where the trigger's clause ends (for dating)


def surface(m: Mention) -> Any:
    """The lexicon surface a mention was read as (its first reading)."""
    return m.data["surfaces"][0]


def is_verb(m: Mention) -> bool:
    """Was the mention read as a verb form?"""
    return surface(m).cls == "verb"
