"""The event candidate: a trigger with its arguments, before it becomes model.Event records; and the lexicon-surface
helpers every event stage reads."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from khabar.model import Mention

# Roots of hostile material acts (assault, fight, mass violence): casualties and weapons fold into them.
HOSTILE = ("18", "19", "20")
# Protests, assaults, fights and mass violence are news in themselves: "قتل خمسة أشخاص في انفجار" is coded though
# nobody is named as doing it (GDELT and PLOVER leave the actor blank); other events need at least one participant.
REPORTED_ALONE = ("14", *HOSTILE)


class Basis(Enum):
    """How an argument of an event was found: what later rules decide on (a guessed source is not trusted to anchor
    an event; a passive agent is not undone by a passive reading), instead of searching the evidence text."""

    SUBJECT = "subject"  # the verb names it (SVO, VSO, a pronoun on أن)
    RELATIVE = "relative"  # the antecedent of a relative clause
    PRO_DROP = "pro-drop"  # no subject written: the nearest earlier actor agreeing with the verb
    NEAREST = "nearest"  # the nearest actor in the clause (an event noun with nothing better)
    GENITIVE = "genitive"  # the genitive or adjective after an event noun
    PASSIVE_AGENT = "passive agent"  # على يد / من قبل / برصاص
    PLACE_STATE = "place state"  # the state where a conflict event happens (a target)
    EARLIER_ACT = "earlier act"  # who did the act an event noun refers back to (a target; khabar.events.backref)


#: sources a rule guessed rather than read off the grammar
GUESSED = frozenset({Basis.NEAREST, Basis.PRO_DROP})


class Rule(str):
    """One rule of the evidence: its words, as every output shows them, and (typed) how the argument it names was
    found. A str, so rules join and print as before; code reads ``basis``, never the words."""

    basis: Basis | None

    def __new__(cls, text: str, basis: Basis | None = None) -> Rule:
        rule = super().__new__(cls, text)
        rule.basis = basis
        return rule


def basis_of(rule: str) -> Basis | None:
    """How the argument a rule names was found (None for a rule that names no argument)."""
    return rule.basis if isinstance(rule, Rule) else None


def found_by(rules: Iterable[str], bases: Collection[Basis]) -> bool:
    """Did one of ``rules`` find its argument in one of the ways ``bases``? (A loop, not any() over basis_of: asked
    of every trigger's rules several times.)"""
    for rule in rules:
        if isinstance(rule, Rule) and rule.basis in bases:
            return True
    return False


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
    #: a reaction to an act named only by a definite event noun ("Egypt condemned the strikes"): the noun, whose doer
    #: the article told earlier becomes the target (khabar.events.backref)
    about: Mention | None = None
    #: without that doer the candidate is dropped (a condemnation needs whom it condemns; a refusal is news alone)
    about_needed: bool = False


def surface(m: Mention) -> Any:
    """The lexicon surface a mention was read as (its first reading)."""
    return m.surfaces[0]


def is_verb(m: Mention) -> bool:
    """Was the mention read as a verb form?"""
    return m.surfaces[0].cls == "verb"  # (surface(m), written out: asked ~25 times a sentence)
