"""English: the components khabar.lang registers for ``en``.

English has lexicon data of its own (lexicon.english: inflected verbs, English names of the shared entries) on top
of the shared Lexicon (ontology, states, roles); both travel together as :class:`EnglishResources`. Analysis of one
sentence, in order: matching (match), date words are not event words, actor composition (actors), clause
boundaries, reporting frames and modality cues (clauses); candidates come from events.EnglishEvents.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date as Date
from pathlib import Path

from khabar.clauses.view import Frame, SentenceView
from khabar.events.candidate import Candidate
from khabar.lang import Language
from khabar.lang.en.actors import compose_english
from khabar.lang.en.clauses import find_boundaries, find_cues, find_frames
from khabar.lang.en.events import EnglishEvents
from khabar.lang.en.match import match_english
from khabar.lang.en.owners import possessed_roles, state_institutions, titled_names
from khabar.lang.en.phrases import EnglishDiscourse
from khabar.lang.en.tokens import english_sentences
from khabar.lexicon.compile import Lexicon
from khabar.lexicon.english import EnglishLexicon, load_english
from khabar.mentions.dates import DateMatch
from khabar.model import Sentence


@dataclass(frozen=True, slots=True)
class EnglishResources:
    english: EnglishLexicon
    lexicon: Lexicon


def analyse(sentence: Sentence, res: EnglishResources, discourse: EnglishDiscourse, previous: Frame | None = None,
            dates: list[DateMatch] | None = None) -> SentenceView:
    article_state = discourse.dominant_state()  # before this sentence's own actors are counted
    raw = match_english(sentence, res.english)
    if dates:  # "May 2020": a month inside a date is not the modal "may"
        raw = [m for m in raw if not any(d.start < m.end and m.start < d.end for d in dates)]
    mentions = compose_english(sentence, raw, res.english, res.lexicon, discourse)
    # a state after a preposition that introduces a party ("against Russia", "a proposal from Egypt") is not the
    # country of the sentence's institutions; one after a locative ("in Haiti") may be
    party = (res.english.words["prepositions"] - res.english.words["locative"]) | {"from"}
    mentions = state_institutions(possessed_roles(titled_names(mentions, sentence), sentence), article_state,
                                  res.lexicon.state_codes,
                                  sentence, party)
    view = SentenceView(sentence, mentions, res.lexicon, article_state=article_state)
    view.boundaries = find_boundaries(view, res.english)
    view.frames = find_frames(view, res.english, previous)
    view.cues = find_cues(view, res.english)
    return view


def _candidates(view: SentenceView, res: EnglishResources) -> Iterable[Candidate]:
    return EnglishEvents(view, res.english).candidates()


def _load(lexicon: Lexicon, overlays: tuple[Path, ...]) -> EnglishResources:
    return EnglishResources(load_english(overlays), lexicon)


def _sentences(text: str, res: EnglishResources) -> list[Sentence]:
    return english_sentences(text, res.lexicon.segmentation)


def _discourse(article_date: Date | None) -> EnglishDiscourse:
    return EnglishDiscourse(article_date)


LANGUAGE = Language("en", _load, _sentences, _discourse, analyse, _candidates)
