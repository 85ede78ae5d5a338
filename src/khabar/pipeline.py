"""The coder: text → sentences → mentions → clauses → events, as small stages over one Document.

``Coder`` owns an immutable compiled Lexicon (no global state: two coders with different lexicon overlays can live
in one process). ``code_text`` is the one-call API.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import date as Date
from pathlib import Path
from typing import Any

import regex

from khabar.clauses.modality import find_cues
from khabar.clauses.structure import Frame, SentenceView, find_boundaries, find_frames
from khabar.daterange import clamp_date
from khabar.english.coder import code_english
from khabar.events.assemble import fold_repeats, to_events
from khabar.events.build import find_candidates
from khabar.lexicon.compile import Lexicon, load_lexicon
from khabar.lexicon.english import EnglishLexicon, load_english
from khabar.mentions.actors import Discourse, compose_actors
from khabar.mentions.dates import DateMatch, date_mention, sentence_dates
from khabar.mentions.match import match_sentence, prefer_nouns
from khabar.model import Document, Event, Mention, Sentence
from khabar.text.normalize import normalize_text
from khabar.text.segment import split_sentences

# Runs, not single letters: findall then returns one string per word instead of one per letter.
_ARABIC = regex.compile(r"\p{Arabic}+")
_LATIN = regex.compile(r"[A-Za-z]+")


def _letters(pattern: regex.Pattern[str], text: str) -> int:
    """How many characters of ``text`` the one-character class ``pattern`` (repeated with +) matches."""
    return sum(map(len, pattern.findall(text)))


CODED_LANGUAGES = frozenset({"ar", "en"})
_SHORT = 40  # letters: below this a Latin-script text is too short for a statistical guess and is taken as English


def detect_language(text: str) -> str:
    """'ar', 'en', another ISO 639-1 code, or 'und' (no letters).

    Arabic script decides Arabic; a Latin-script text is identified with py3langid (its model ships inside the
    package, so this works offline), so French or Spanish news is skipped with a reason instead of mis-coded."""
    sample = text[:20000]
    ar, la = _letters(_ARABIC, sample), _letters(_LATIN, sample)
    if ar == 0 and la == 0:
        return "und"
    if ar >= la:
        return "ar"
    if la < _SHORT:
        return "en"
    return _identify(sample[:5000])


def _identify(sample: str) -> str:
    import py3langid

    lang, _ = py3langid.classify(sample)
    return str(lang)


def article_id_for(text: str) -> str:
    # surrogatepass: a lone surrogate (a stray JSON escape) must not crash hashing; valid text hashes as before
    return hashlib.sha256(normalize_text(text).encode("utf-8", "surrogatepass")).hexdigest()


class Coder:
    """Codes articles with one lexicon. Thread-safe for reading; build once, reuse for many articles."""

    def __init__(self, lexicon: Lexicon | None = None, *, overlays: Iterable[Path] = ()) -> None:
        self.overlays = tuple(Path(p) for p in overlays)
        self.lexicon = lexicon or load_lexicon(self.overlays)
        self._english: EnglishLexicon | None = None

    @property
    def english(self) -> EnglishLexicon:
        """The English lexicon, compiled (or read from the cache) the first time an English article comes."""
        if self._english is None:
            self._english = load_english(self.overlays)
        return self._english

    def code(self, text: str, *, date: Date | None = None, article_id: str | None = None,
             language: str | None = None) -> Document:
        date = clamp_date(date)  # relative dates must not step off the calendar (see khabar.daterange)
        doc = Document(text, article_id or article_id_for(text), language or detect_language(text), date)
        if doc.language == "en":
            code_english(doc, self.english, self.lexicon)
            return doc
        doc.sentences = split_sentences(text)
        if doc.language != "ar":
            doc.warnings.append(f"language {doc.language!r} is not coded (Arabic and English only): no events")
            return doc
        discourse = Discourse(date)
        previous: Frame | None = None
        events: list[Event] = []
        for sentence in doc.sentences:
            dates = sentence_dates(sentence, date)
            view = self.analyse(sentence, discourse, previous, dates)
            sentence.mentions = [*sentence.mentions, *(date_mention(d) for d in dates)]
            for cand in find_candidates(view):
                events += to_events(cand, view, self.lexicon, doc.article_id, doc.language, dates)
            if view.frames:
                previous = view.frames[-1]
        doc.events = fold_repeats(events)
        return doc

    def analyse(self, sentence: Sentence, discourse: Discourse, previous: Frame | None = None,
                dates: list[DateMatch] | None = None) -> SentenceView:
        """Mentions and clause structure of one sentence (the stages before event coding)."""
        article_state = discourse.dominant_state()  # before this sentence's own actors are counted
        raw = match_sentence(sentence, self.lexicon)
        if dates:  # آذار/مارس 2023: a month name inside a date is not the verb مارس
            raw = [m for m in raw if not any(d.start < m.end and m.start < d.end for d in dates)]
        prefer_nouns(sentence, raw, self.lexicon.words["prepositions"])
        mentions = compose_actors(sentence, raw, self.lexicon, discourse)
        sentence.mentions = mentions
        view = SentenceView(sentence, mentions, self.lexicon)
        view.cache["date_tokens"] = {t.index for t in sentence.tokens for d in dates or ()
                                     if d.start < t.end and t.start < d.end}
        view.cache["article_state"] = article_state or _only_state(mentions, self.lexicon)
        view.boundaries = find_boundaries(view)
        view.frames = find_frames(view, previous)
        view.cues = find_cues(view)
        return view


def _only_state(mentions: list[Mention], lexicon: Lexicon) -> str | None:
    """The one state a sentence names as an actor (وكالة الأنباء السورية، الجيش الأردني), when it names exactly one.
    A place is where things happen, not whose they are: in شرطي في بغداد the policeman stays ---COP."""
    states = {(m.actor.code or "")[:3] for m in mentions if m.kind == "actor" and m.actor is not None
              and (m.actor.code or "")[:3] in lexicon.states}
    return states.pop() if len(states) == 1 else None


_DEFAULT: dict[str, Any] = {}


def code_text(text: str, *, date: Date | str | None = None, language: str | None = None,
              article_id: str | None = None) -> Document:
    """Code one article with the packaged lexicons: ``khabar.code_text(text, date="2023-09-05").events``."""
    if isinstance(date, str):
        date = Date.fromisoformat(date)
    coder = _DEFAULT.get("coder") or _DEFAULT.setdefault("coder", Coder())
    return coder.code(text, date=date, language=language, article_id=article_id)
