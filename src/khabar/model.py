"""The one data model every stage reads and writes.

A :class:`Document` owns the original text. Everything else points into it by character offsets (end exclusive)
into the *original* text, never the normalized one, so evidence can always be shown to a user as it was written.
Stages fill ``Document.sentences[*].tokens/mentions/clauses`` and finally ``Document.events``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date as Date
from typing import Any, Literal, get_args

Modality = Literal[
    "asserted",
    "negated",
    "possible",
    "probable",
    "uncertain",
    "intended",
    "planned",
    "suspected",
    "doubted",
    "hypothetical",
]
MODALITIES: tuple[str, ...] = get_args(Modality)


@dataclass(frozen=True, slots=True)
class Token:
    """A whitespace/punctuation-delimited word. ``norm`` is its matching form (see text.normalize)."""

    index: int
    text: str
    start: int
    end: int
    norm: str
    is_punct: bool = False


@dataclass(frozen=True, slots=True)
class Actor:
    """A coded actor: CAMEO-style ``code`` (country + roles), a readable ``name`` and where it came from."""

    code: str | None
    name: str | None = None
    kind: str = "state"  # state | org | person | agent | group
    role: str | None = None  # free-text role of a person ("analyst"), for the brief
    entry: str | None = None  # lexicon reference, e.g. "ar/people.yaml#kim_jong_un"
    person: str | None = None  # canonical person name when the actor is a known or named person


@dataclass(slots=True)
class Mention:
    """A matched lexicon item in a sentence. ``first``/``last`` are token indexes (inclusive)."""

    kind: str
    start: int
    end: int
    text: str
    first: int
    last: int
    entry: str
    actor: Actor | None = None
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)


@dataclass(frozen=True, slots=True)
class Attribution:
    """Who presents a claim: the speaker mention and the reporting verb as written."""

    speaker: Actor | None
    text: str
    start: int
    end: int
    verb: str
    entry: str

    def to_dict(self) -> dict[str, Any]:
        speaker = {
            "code": self.speaker.code if self.speaker else None,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "name": self.speaker.name if self.speaker else None,
        }
        return {"speaker": speaker, "verb": self.verb, "rule": self.entry}


@dataclass(slots=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str
    tokens: list[Token] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ActorRef:
    """An event argument: the actor plus the exact span that names it in the text."""

    actor: Actor
    text: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "code": self.actor.code,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "name": self.actor.name,
        }
        if self.actor.role:
            out["role"] = self.actor.role
        return out


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    country: str | None
    lat: float | None
    lon: float | None
    geonames_id: int | None = None
    text: str | None = None
    start: int | None = None
    end: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "country": self.country,
            "lat": self.lat,
            "lon": self.lon,
            "geonames_id": self.geonames_id,
        }


@dataclass(frozen=True, slots=True)
class Event:
    """One coded event between one source and one target (either may be absent).

    Fields mirror the event JSON documented in docs/event-format.md; ``rules`` lists every lexicon entry and rule
    that fired, in order, so ``rule`` (their join) answers "why was this coded?".
    """

    event_id: str
    article_id: str
    language: str
    sentence: Sentence
    trigger_text: str
    trigger_start: int
    trigger_end: int
    source: ActorRef | None
    target: ActorRef | None
    cameo: str
    goldstein: float
    quad_class: int
    plover_type: str | None
    plover_mode: str | None
    modality: Modality
    attribution: Attribution | None
    date: str | None
    place: Place | None
    rules: tuple[str, ...]
    confidence: float

    @property
    def rule(self) -> str:
        return "; ".join(self.rules)

    def to_dict(self) -> dict[str, Any]:
        s = self.sentence
        return {
            "event_id": self.event_id,
            "article_id": self.article_id,
            "language": self.language,
            "sentence": {"index": s.index, "text": s.text, "start": s.start, "end": s.end},
            "trigger": {"text": self.trigger_text, "start": self.trigger_start, "end": self.trigger_end},
            "source": self.source.to_dict() if self.source else None,
            "target": self.target.to_dict() if self.target else None,
            "cameo": self.cameo,
            "goldstein": self.goldstein,
            "quad_class": self.quad_class,
            "plover": {"type": self.plover_type, "mode": self.plover_mode},
            "modality": self.modality,
            "attribution": self.attribution.to_dict() if self.attribution else None,
            "date": self.date,
            "place": self.place.to_dict() if self.place else None,
            "rule": self.rule,
            "confidence": self.confidence,
        }


@dataclass(slots=True)
class Document:
    """An article being coded. ``date`` is the article (publication) date used to resolve relative dates."""

    text: str
    article_id: str
    language: str = "ar"
    date: Date | None = None
    source_name: str | None = None
    sentences: list[Sentence] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def span_text(self, start: int, end: int) -> str:
        return self.text[start:end]
