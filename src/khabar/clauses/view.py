"""The shared view of one sentence that every language's clause and event stages read.

A :class:`SentenceView` bundles a sentence's tokens and composed mentions with the indexes the argument finders
need; :class:`Frame` (who is reported as saying what) and :class:`Cue` (a modality cue and its scope) are what each
language's clause finder produces, in token positions, so modality and attribution are resolved once for all
languages (clauses.modality, events.assemble).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from khabar.lexicon.compile import Lexicon
from khabar.model import Actor, Mention, Sentence

T = TypeVar("T")
U = TypeVar("U")


@dataclass(slots=True)
class Frame:
    """A reporting frame: ``speaker`` says what lies in tokens [start, end)."""

    verb: Mention
    speaker: Mention | None
    start: int
    end: int
    modality: str | None


@dataclass(slots=True)
class Cue:
    mention: Mention
    label: str | None
    start: int
    end: int
    control: str | None


class _Norms(dict[int, str]):
    """Token index → matching form; any other index (before or after the sentence) reads as ""."""

    __slots__ = ()

    def __missing__(self, i: int) -> str:
        return ""


@dataclass(slots=True)
class SentenceView:
    sentence: Sentence
    mentions: list[Mention]
    lexicon: Lexicon
    boundaries: list[int] = field(default_factory=list)
    frames: list[Frame] = field(default_factory=list)
    cues: list[Cue] = field(default_factory=list)
    by_token: dict[int, Mention] = field(default_factory=dict)
    date_tokens: frozenset[int] = frozenset()  # tokens inside a date expression (not event words, anchors)
    article_state: str | None = None  # the state the article is about so far (for institutions without one)
    guarded: list[tuple[Mention, str]] = field(default_factory=list)  # triggers a guard stopped, and why
    after_relative: dict[int, int] = field(default_factory=dict)  # English: token after a relative clause → its pronoun
    # per-sentence lookups computed on first use (None until then)
    passive_phrases: list[tuple[int, int]] | None = None
    #: while events are found (the mentions no longer change), what a language's argument finders worked out about a
    #: mention (or the mention list), by (question, id(it)) → (it, answer): it is kept with the answer, so a reused id
    #: never matches. None at other times (nothing is remembered)
    memo: dict[tuple[str, int], tuple[Any, Any]] | None = None
    norms: tuple[str, ...] = ()  # each token's matching form (made from the tokens unless the caller has them)
    actors: list[Mention] = field(init=False)  # the actor mentions (fixed once the view is built)
    #: ``norm(i)``: token i's matching form, "" outside the sentence. Read ~100 times a sentence, so it is a C-level
    #: dict lookup (a bound ``__getitem__``), not a Python method.
    norm: Callable[[int], str] = field(init=False)
    #: ``words(name)``: the lexicon's function-word list ``name`` (a bound ``__getitem__`` too)
    words: Callable[[str], frozenset[str]] = field(init=False)

    def __post_init__(self) -> None:
        self.by_token = tokens_covered(self.mentions)
        self.actors = [m for m in self.mentions if m.kind == "actor"]
        if len(self.norms) != len(self.sentence.tokens):
            self.norms = tuple([t.norm for t in self.sentence.tokens])
        self.norm = _Norms(enumerate(self.norms)).__getitem__
        self.words = self.lexicon.words.__getitem__

    def remembered(self, question: str, it: U, answer: Callable[[SentenceView, U], T]) -> T:
        """``answer(self, it)``, remembered in ``memo`` under (question, it) while events are found; computed afresh at
        other times. ``it`` is kept with its answer, so a reused id never matches. (A function of the view and ``it``,
        not a closure: asked ~10 times a sentence, mostly answered from the memo.)"""
        memo = self.memo
        if memo is None:
            return answer(self, it)
        found = memo.get((question, id(it)))
        if found is None or found[0] is not it:
            found = memo[question, id(it)] = (it, answer(self, it))
        return found[1]  # type: ignore[no-any-return]

    def clause_of(self, i: int) -> tuple[int, int]:
        """[start, end) token range of the clause containing token i."""
        boundaries = self.boundaries
        k = bisect_right(boundaries, i)
        start = boundaries[k - 1] if k else 0
        end = boundaries[k] if k < len(boundaries) else len(self.sentence.tokens)
        return start, end


def tokens_covered(mentions: list[Mention]) -> dict[int, Mention]:
    """Token index → the mention over it (the later one where two overlap). A loop, not a comprehension with a range
    per mention: most mentions are one token, and this runs for every sentence."""
    out: dict[int, Mention] = {}
    for m in mentions:
        if m.first == m.last:
            out[m.first] = m
        else:
            for t in range(m.first, m.last + 1):
                out[t] = m
    return out


def frame_at(view: SentenceView, i: int) -> Frame | None:
    """The innermost frame whose scope holds token i."""
    innermost = None  # (the first of those starting last, as max() would give; a loop: asked a few times a trigger)
    for f in view.frames:
        if f.start <= i < f.end and not (f.verb.first <= i <= f.verb.last) and (
                innermost is None or f.start > innermost.start):
            innermost = f
    return innermost


def speaker_actor(frame: Frame) -> Actor | None:
    return frame.speaker.actor if frame.speaker is not None else None
