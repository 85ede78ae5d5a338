"""The one data model every stage reads and writes.

A :class:`Document` owns the original text. Everything else points into it by character offsets (end exclusive)
into the *original* text, never the normalized one, so evidence can always be shown to a user as it was written.
Stages fill ``Document.sentences[*].tokens/mentions/clauses`` and finally ``Document.events``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date as Date
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, TypeVar, get_args, overload

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


class Token(NamedTuple):
    """A whitespace/punctuation-delimited word. ``norm`` is its matching form (see text.normalize).

    A named tuple, not a dataclass: the coder makes one Token per word, and a tuple is built in C
    (``tuple.__new__(Token, fields)`` in the tokenizers' loops: 102 ns a token, against 391 ns for a frozen
    dataclass's ``__init__`` setting six slots); its fields read as fast."""

    index: int  # type: ignore[assignment]  # (a field, where a plain tuple has the method index)
    text: str
    start: int
    end: int
    norm: str
    is_punct: bool = False


@dataclass(frozen=True, slots=True, init=False)
class Actor:
    """A coded actor: CAMEO-style ``code`` (country + roles), a readable ``name`` and where it came from."""

    code: str | None
    name: str | None = None
    kind: str = "state"  # state | org | person | agent | group
    role: str | None = None  # free-text role of a person ("analyst"), for the brief
    entry: str | None = None  # lexicon reference, e.g. "ar/people.yaml#kim_jong_un"
    person: str | None = None  # canonical person name when the actor is a known or named person

    if TYPE_CHECKING:  # the signature type checkers (and mypyc) see; the __init__ that runs is _actor_init's
        def __init__(self, code: str | None, name: str | None = None, kind: str = "state", role: str | None = None,
                     entry: str | None = None, person: str | None = None) -> None: ...


def _actor_init() -> Any:
    """Actor's ``__init__``: what a frozen dataclass generates, but setting the slots through their descriptors
    instead of ``object.__setattr__`` by name (several actors are composed for every sentence)."""
    set_code, set_name, set_kind, set_role, set_entry, set_person = (Actor.__dict__[f].__set__ for f in Actor.__slots__)

    def __init__(self: Actor, code: str | None, name: str | None = None, kind: str = "state", role: str | None = None,
                 entry: str | None = None, person: str | None = None) -> None:
        set_code(self, code)
        set_name(self, name)
        set_kind(self, kind)
        set_role(self, role)
        set_entry(self, entry)
        set_person(self, person)

    return __init__


Actor.__init__ = _actor_init()  # type: ignore[method-assign]


@dataclass(slots=True)
class Mention:
    """A matched lexicon item in a sentence, or an actor composed of several. ``first``/``last`` are token indexes
    (inclusive). The fields after ``actor`` are filled by the stage that knows them and stay at their defaults
    otherwise; every language uses the same fields."""

    kind: str
    start: int
    end: int
    text: str
    first: int
    last: int
    entry: str
    actor: Actor | None = None
    #: the lexicon readings of the span (lexicon.compile.Surface), the one it was read as first
    surfaces: Sequence[Any] = ()
    prefix: str = ""  # the proclitic chain before the matched key (وب in وبموسكو)
    suffix: str = ""  # the pronoun suffix after it (ها in حربها)
    key: str = ""  # the normalized lexicon key matched
    reading: str = ""  # why the matcher chose the reading it did ("noun (after a preposition)")
    #: an actor's parts: the mentions it was composed of (agent + demonym, title + person…)
    parts: Sequence[Mention] = ()
    feats: str = ""  # agreement of an actor (ms, fs, mp, fp, d): who a pro-drop verb can refer to
    rules: Sequence[str] = ()  # how an actor was composed, for `khabar lexicon explain`
    group: list[Actor] | None = None  # coordinated actors read as one (السعودية وقطر), each a source or target
    members: list[Mention] | None = None  # the mentions a coordination joined
    plural: bool = False  # names several actors ("officials", the two leaders)
    pronoun: bool = False  # a pronoun resolved to its referent ("he")
    agent: Mention | None = None  # the role word an English actor was built around
    appositive_of: Mention | None = None  # a role in apposition to this named person (دو هيون تشا، المحلل)
    country_from: Literal["", "possessor", "article"] = ""  # where a role word's country came from, if not its own
    value: str | None = None  # a date mention's resolved value (2023-09-05, 2023-09)
    relation: str | None = None  # a date mention's relation to the event (on, since, until)

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
class SentenceRef:
    """Where an event was read: the sentence's index in its document, its span and its text. Immutable, unlike the
    :class:`Sentence` the coder works on (whose mentions grow while it is analysed), so an Event can be hashed,
    compared and shared between threads."""

    index: int
    start: int
    end: int
    text: str

    @classmethod
    def of(cls, sentence: Sentence | SentenceRef) -> SentenceRef:
        if isinstance(sentence, SentenceRef):
            return sentence
        return cls(sentence.index, sentence.start, sentence.end, sentence.text)


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
    sentence: SentenceRef  # a Sentence given here is kept as its SentenceRef
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

    def __post_init__(self) -> None:
        if not isinstance(self.sentence, SentenceRef):
            object.__setattr__(self, "sentence", SentenceRef.of(self.sentence))
        if not isinstance(self.rules, tuple):
            object.__setattr__(self, "rules", tuple(self.rules))

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


# --- which events name their actors ------------------------------------------------------------------------------

ActorsFilter = Literal["any", "one", "both"]
#: ``any``: every event; ``one``: source or target resolved (GDELT never publishes an event with both actors blank);
#: ``both``: source and target resolved (dyadic, as ICEWS).
ACTORS_FILTERS: tuple[str, ...] = get_args(ActorsFilter)


def actor_resolved(ref: ActorRef | Mapping[str, Any] | None) -> bool:
    """Is this event argument a resolved actor? The one rule every layer uses (the store's SQL mirrors it).

    Resolved means a non-empty actor code. A role-only code such as ``---CVL`` (civilians, country unknown) is a
    coded generic actor and counts; no argument, a missing code or an empty code does not.

    >>> actor_resolved({"code": "---CVL", "text": "مدنيين"}), actor_resolved({"code": None, "text": "x"})
    (True, False)
    >>> actor_resolved(None), actor_resolved({"code": ""})
    (False, False)
    """
    if isinstance(ref, ActorRef):
        return bool(ref.actor.code)
    if isinstance(ref, Mapping):
        return bool(ref.get("code"))
    return False


def check_actors(actors: str | None) -> ActorsFilter:
    """``actors`` validated (None means ``any``); a ValueError names the allowed values.

    >>> check_actors("both"), check_actors(None)
    ('both', 'any')
    """
    value = "any" if actors is None else actors
    if value not in ACTORS_FILTERS:
        raise ValueError(f"actors must be one of {', '.join(ACTORS_FILTERS)}, not {actors!r}")
    return value  # type: ignore[return-value]


def event_has_actors(event: Event | Mapping[str, Any], actors: str | None = "any") -> bool:
    """Does ``event`` (an Event or an event dict) pass the ``actors`` filter (any | one | both)?"""
    wanted = check_actors(actors)
    if wanted == "any":
        return True
    if isinstance(event, Event):
        sides: tuple[Any, Any] = (event.source, event.target)
    else:
        sides = (event.get("source"), event.get("target"))
    resolved = sum(actor_resolved(side) for side in sides)
    return resolved >= (1 if wanted == "one" else 2)


_E = TypeVar("_E", bound="Event | Mapping[str, Any]")


@overload
def filter_events(events: Document, actors: str | None = "any") -> list[Event]: ...
@overload
def filter_events(events: Iterable[_E], actors: str | None = "any") -> list[_E]: ...
def filter_events(events: Document | Iterable[Any], actors: str | None = "any") -> list[Any]:
    """The events (of a Document, or Event objects, or event dicts) that pass the ``actors`` filter, in order.

    >>> e = {"source": {"code": "EGY"}, "target": None}
    >>> [len(filter_events([e], a)) for a in ("any", "one", "both")]
    [1, 1, 0]
    """
    wanted = check_actors(actors)
    items = events.events if isinstance(events, Document) else events
    return [e for e in items if event_has_actors(e, wanted)]
