"""Arabic: the components khabar.lang registers for ``ar``.

Analysis of one sentence, in order: lexicon matching with clitics (match), date words are not event words, nouns
preferred after prepositions, actor composition and coreference (actors), clause boundaries and reporting frames
(clauses), modality cues (cues). Event candidates come from build.find_candidates, with arguments, participants,
guards and folds in their own modules.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import date as Date
from operator import attrgetter
from pathlib import Path

from khabar.clauses.view import Frame, SentenceView
from khabar.lang import Language
from khabar.lang.ar.actors import ActorTables, compose_actors
from khabar.lang.ar.build import find_candidates
from khabar.lang.ar.clauses import ClauseWords, find_boundaries, find_frames
from khabar.lang.ar.cues import find_cues, future_dated
from khabar.lang.ar.match import Matcher, match_sentence, prefer_nouns
from khabar.lexicon.compile import Lexicon
from khabar.mentions.dates import DateMatch
from khabar.mentions.discourse import Discourse
from khabar.model import Mention, Sentence, Token
from khabar.text.segment import split_sentences

_START, _END = attrgetter("start"), attrgetter("end")


@dataclass(frozen=True, slots=True)
class ArabicResources:
    """The shared Lexicon (its entries are written in Arabic), this Coder's :class:`Matcher` over it, and its
    clause-boundary words and actor tables arranged for lookup."""

    lexicon: Lexicon
    matcher: Matcher
    clause_words: ClauseWords
    actor_tables: ActorTables


def analyse(sentence: Sentence, res: ArabicResources, discourse: Discourse, previous: Frame | None = None,
            dates: list[DateMatch] | None = None) -> SentenceView:
    """Mentions and clause structure of one sentence (the stages before event coding)."""
    lexicon = res.lexicon
    article_state = discourse.dominant_state()  # before this sentence's own actors are counted
    norms = tuple([t.norm for t in sentence.tokens])
    raw = match_sentence(sentence, res.matcher, norms)
    if dates:  # آذار/مارس 2023: a month name inside a date is not the verb مارس
        raw = [m for m in raw if not _in_dates(m, dates)]
    prefer_nouns(sentence, raw, lexicon.words["prepositions"])
    mentions = compose_actors(sentence, raw, res.actor_tables, discourse, norms)
    view = SentenceView(sentence, mentions, lexicon, norms=norms)
    if dates:
        view.date_tokens = _date_tokens(sentence.tokens, dates)
    view.article_state = article_state or _only_state(view.actors, lexicon)
    view.boundaries = find_boundaries(view, res.clause_words)
    view.frames = find_frames(view, previous, res.clause_words)
    view.cues = find_cues(view) + future_dated(view, dates or [], discourse.article_date)
    return view


def _date_tokens(tokens: list[Token], dates: list[DateMatch]) -> frozenset[int]:
    """The tokens overlapping a date: those between the first date's start and the last one's end (found by bisection,
    tokens being in text order), each tested against the dates when there are several."""
    first = bisect_right(tokens, dates[0].start if len(dates) == 1 else min([d.start for d in dates]), key=_END)
    stop = bisect_left(tokens, dates[-1].end if len(dates) == 1 else max([d.end for d in dates]), lo=first, key=_START)
    return frozenset([t.index for t in tokens[first:stop] if len(dates) == 1 or _in_dates(t, dates)])


def _in_dates(span: Mention | Token, dates: list[DateMatch]) -> bool:
    """Does the span overlap one of the dates?"""
    if len(dates) == 1:  # the common case
        return dates[0].start < span.end and span.start < dates[0].end
    return any(d.start < span.end and span.start < d.end for d in dates)


def _only_state(actors: list[Mention], lexicon: Lexicon) -> str | None:
    """The one state a sentence names as an actor (وكالة الأنباء السورية، الجيش الأردني), when it names exactly one.
    A place is where things happen, not whose they are: in شرطي في بغداد the policeman stays ---COP. ``actors``: the
    sentence's mentions of kind actor (SentenceView.actors)."""
    found = None
    for m in actors:
        state = (m.actor.code or "")[:3] if m.actor is not None else ""
        if state in lexicon.state_codes:
            if found is not None and found != state:
                return None  # two states
            found = state
    return found


def _load(lexicon: Lexicon, overlays: tuple[Path, ...]) -> ArabicResources:
    return ArabicResources(lexicon, Matcher(lexicon), ClauseWords.of(lexicon.words), ActorTables(lexicon))


def _sentences(text: str, res: ArabicResources) -> list[Sentence]:
    return split_sentences(text, res.lexicon.segmentation)


def _discourse(article_date: Date | None) -> Discourse:
    return Discourse(article_date)


LANGUAGE = Language("ar", _load, _sentences, _discourse, analyse, lambda view, res: find_candidates(view))
