"""Run the English stages over one Document (called by pipeline.Coder for English articles)."""

from __future__ import annotations

from khabar.clauses.structure import Frame, SentenceView
from khabar.english.actors import EnglishDiscourse, compose_english
from khabar.english.clauses import find_boundaries, find_cues, find_frames
from khabar.english.events import EnglishEvents
from khabar.english.match import match_english
from khabar.english.tokens import english_sentences
from khabar.events.assemble import fold_repeats, to_events
from khabar.lexicon.compile import Lexicon
from khabar.lexicon.english import EnglishLexicon
from khabar.mentions.dates import DateMatch, date_mention, sentence_dates
from khabar.model import Document, Event, Sentence


def analyse_english(sentence: Sentence, en: EnglishLexicon, lexicon: Lexicon, discourse: EnglishDiscourse,
                    previous: Frame | None = None, dates: list[DateMatch] | None = None) -> SentenceView:
    raw = match_english(sentence, en)
    if dates:  # "May 2020": a month inside a date is not the modal "may"
        raw = [m for m in raw if not any(d.start < m.end and m.start < d.end for d in dates)]
    mentions = compose_english(sentence, raw, en, lexicon, discourse)
    sentence.mentions = mentions
    view = SentenceView(sentence, mentions, lexicon)
    view.boundaries = find_boundaries(view, en)
    view.frames = find_frames(view, en, previous)
    view.cues = find_cues(view, en)
    return view


def code_english(doc: Document, en: EnglishLexicon, lexicon: Lexicon) -> None:
    """Fill ``doc.sentences`` and ``doc.events`` for an English article."""
    doc.sentences = english_sentences(doc.text, lexicon.segmentation)
    discourse = EnglishDiscourse(doc.date)
    previous: Frame | None = None
    events: list[Event] = []
    for sentence in doc.sentences:
        dates = sentence_dates(sentence, doc.date, lexicon.dates)
        view = analyse_english(sentence, en, lexicon, discourse, previous, dates)
        sentence.mentions = [*sentence.mentions, *(date_mention(d) for d in dates)]
        for cand in EnglishEvents(view, en).candidates():
            events += to_events(cand, view, lexicon, doc.article_id, doc.language, dates)
        if view.frames:
            previous = view.frames[-1]
    doc.events = fold_repeats(events)

