"""Arabic clause structure of one sentence: where clauses start, who is reported as saying what, and modality scopes.

A :class:`SentenceView` bundles a sentence's tokens and composed mentions with the indexes the argument finder needs.
Clause boundaries are closed-class words (relative pronouns, حيث، بينما، لكن…) from function_words.yaml; a
reporting frame's scope runs from its complement (إن/أن/بأن/في) to the end of the sentence, so frames nest by
position; a modality cue scopes forward to the next clause boundary (or over its whole clause for adverbs such as
على الأرجح).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from operator import attrgetter

from khabar.clauses.view import Frame, SentenceView
from khabar.lang.ar.owners import affiliation
from khabar.lang.ar.phrases import before_parenthetical, first_words, strip_conj
from khabar.lang.ar.subjects import dropped_subject
from khabar.model import Mention

_KIND = attrgetter("kind")


@dataclass(frozen=True, slots=True)
class ClauseWords:
    """The lexicon's clause words arranged once per Coder (in the Arabic resources): the first word of each
    boundary (في of في حين: only then is the pair looked up), every token form that may open a clause (a relative
    pronoun or a boundary's first word, bare or after و/ف, and ; :), so a sentence with none is passed over at once,
    and the closed-class words no name in a speaker's title is made of."""

    heads: frozenset[str]
    openers: frozenset[str]
    closed: frozenset[str]

    @classmethod
    def of(cls, words: Mapping[str, frozenset[str]]) -> ClauseWords:
        heads = first_words(words["clause_boundaries"])
        starts = heads | words["relative_pronouns"]
        return cls(heads, starts | {c + w for c in "وف" for w in starts} | {";", ":"},
                   words["non_name_words"] | words["complementizers"] | words["prepositions"])


def find_boundaries(view: SentenceView, clause_words: ClauseWords) -> list[int]:
    """Token indexes that start a new clause."""
    norms, openers = view.norms, clause_words.openers
    if openers.isdisjoint(norms):
        return []  # most sentences of one clause: no token can open another
    rel, bounds, firsts = view.words("relative_pronouns"), view.words("clause_boundaries"), clause_words.heads
    out = []
    for i in [i for i, n in enumerate(norms) if n in openers]:
        n = norms[i]
        w = strip_conj(n)
        if w in rel or n in rel or (w in firsts and (w in bounds or f"{w} {view.norm(i + 1)}" in bounds)):
            out.append(i)
        elif n in (";", ":") and i:
            out.append(i)
    return out


def _skip_words(view: SentenceView, i: int) -> int:
    while i < len(view.sentence.tokens) and view.norm(i) in view.words("skippable"):
        i += 1
    return i


def _speaker_after(view: SentenceView, verb: Mention, closed: frozenset[str],
                   allow_lam: bool = False) -> Mention | None:
    i = _skip_words(view, verb.last + 1)
    m = view.by_token.get(i)
    if m is not None and m.kind == "actor" and m.prefix in (("", "ل") if allow_lam else ("",)):
        return m
    if m is None and not allow_lam:
        return _titled_speaker(view, i, closed)
    return None


def _titled_speaker(view: SentenceView, i: int, closed: frozenset[str]) -> Mention | None:
    """وقال العماد حسن توركماني معاون نائب رئيس الجمهورية: a rank and a name the lexicon does not know, then the role
    in apposition (no comma): the role speaks. At most four unknown words, no punctuation or function word (one of
    ``closed``) between."""
    for k in range(i, min(i + 5, len(view.sentence.tokens))):
        m = view.by_token.get(k)
        if m is not None:
            return m if k > i and m.kind == "actor" and m.actor is not None and m.actor.kind in (
                "agent", "person") and not m.prefix else None
        if view.sentence.tokens[k].is_punct or view.norm(k) in closed:
            return None
    return None


def _speaker_before(view: SentenceView, verb: Mention) -> Mention | None:
    i = before_parenthetical(view, verb.first - 1, 16)  # NAME، apposition، VERB
    m = view.by_token.get(i)
    if m is not None and m.kind == "actor":
        return m
    return None


def _complement_start(view: SentenceView, after: int) -> int:
    comps = view.words("complementizers")
    for i in range(after, min(after + 4, len(view.sentence.tokens))):
        w = view.norm(i)
        if w in comps or strip_conj(w) in comps or f"{w} {view.norm(i + 1)}" in comps:
            return i
    return after


def find_frames(view: SentenceView, previous: Frame | None, clause_words: ClauseWords) -> list[Frame]:
    """Reporting frames of the sentence; a verb with no explicit speaker continues ``previous`` (وأضاف …)."""
    if "report" not in map(_KIND, view.mentions):
        return []  # (found at C speed) most sentences report nobody
    frames: list[Frame] = []
    n = len(view.sentence.tokens)
    for m in view.mentions:
        if m.kind != "report":
            continue
        surface = m.surfaces[0]
        modality = surface.ref.get("modality")
        if m.suffix:
            continue  # أعلنها "announced it" takes an object, not a reported clause
        if surface.ref.get("position") == "participle":  # …، مؤكدا أنه يحقق: a new claim by the same subject
            speaker = _dropped_speaker(view, m, previous)
            for f in frames:
                if f.start <= m.first < f.end:
                    f.end = m.first  # what the participle adds is not part of what was denied or suspected before
            if speaker is not None:
                frames.append(Frame(m, speaker, _complement_start(view, m.last + 1), n, modality))
            continue
        if surface.cls == "particle":  # بحسب X، وفقا لـ X: the whole sentence is X's
            speaker = _speaker_after(view, m, clause_words.closed, allow_lam=True)  # وفقا لمسؤولين
            if speaker is not None:
                frames.append(Frame(m, speaker, 0, n, modality))
            continue
        speaker = _speaker_after(view, m, clause_words.closed) or _speaker_before(view, m)
        if speaker is not None and speaker.appositive_of is not None:
            speaker = speaker.appositive_of
        if speaker is not None:
            speaker = _affiliated_speaker(view, speaker)
        after = max(m.last, speaker.last if speaker and speaker.first > m.last else m.last) + 1
        if speaker is None:
            speaker = _dropped_speaker(view, m, previous)
            if speaker is None:
                continue
        frames.append(Frame(m, speaker, _complement_start(view, after), n, modality))
    return frames


def _affiliated_speaker(view: SentenceView, speaker: Mention) -> Mention:
    """مسؤول في الخارجية الأمريكية: a countryless speaker takes the country of the phrase after it (USAGOV)."""
    if speaker.actor is None or not (speaker.actor.code or "").startswith("---"):
        return speaker
    owner = affiliation(view, speaker, len(view.sentence.tokens))
    if owner is None or owner.actor is None or not owner.actor.code:
        return speaker
    text = view.sentence.text[speaker.start - view.sentence.start:owner.end - view.sentence.start]
    actor = replace(speaker.actor, code=owner.actor.code[:3] + speaker.actor.code[3:],  # type: ignore[index]
                    entry=f"{speaker.actor.entry} + affiliation {owner.entry}")
    return replace(speaker, kind="actor", end=owner.end, text=text, last=owner.last, actor=actor)


def _dropped_speaker(view: SentenceView, verb: Mention, previous: Frame | None) -> Mention | None:
    """وأضاف أن…: the speaker of a sentence-initial verb is the previous frame's; inside a sentence
    (…، وأعلن أنه) it is the nearest earlier subject agreeing with the verb."""
    if verb.first <= 1 and previous is not None and verb.prefix in ("و", "ف"):
        return previous.speaker
    return dropped_subject(view, verb, verb.surfaces[0].feats)[0]


