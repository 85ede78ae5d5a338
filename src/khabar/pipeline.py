"""The coder: text → sentences → mentions → clauses → events, as small stages over one Document.

``Coder`` owns an immutable compiled Lexicon (no global state: two coders with different lexicon overlays can live
in one process). ``code_text`` is the one-call API.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from datetime import date as Date
from functools import cache
from pathlib import Path
from typing import Any

import regex

from khabar.clauses.view import Frame, SentenceView
from khabar.daterange import clamp_date
from khabar.events.assemble import fold_repeats, to_events
from khabar.lang import CODED_LANGUAGES, Language, get_language
from khabar.lexicon.compile import Lexicon, load_lexicon, load_mapping
from khabar.mentions.dates import DateMatch, date_mention, sentence_dates
from khabar.model import Document, Event, Sentence
from khabar.text.normalize import normalize_text
from khabar.text.segment import split_sentences

# Runs, not single letters: findall then returns one string per word instead of one per letter.
_ARABIC = regex.compile(r"\p{Arabic}+")
_LATIN = regex.compile(r"[A-Za-z]+")


def _letters(pattern: regex.Pattern[str], text: str) -> int:
    """How many characters of ``text`` the one-character class ``pattern`` (repeated with +) matches."""
    return sum(map(len, pattern.findall(text)))


_SHORT = 40  # letters: below this a Latin-script text is too short for a statistical guess and is taken as English


def detect_language(text: str, overlays: tuple[Path, ...] = ()) -> str:
    """'ar', 'en', another ISO 639-1 code, or 'und' (no letters).

    Arabic script decides Arabic; a Latin-script text by its function words (``language_hints.yaml``, with the
    lexicon ``overlays``) when one language clearly leads, else with py3langid (its model ships inside the package,
    so this works offline), so French or Spanish news is skipped with a reason instead of mis-coded."""
    sample = text[:20000]
    ar, la = _letters(_ARABIC, sample), _letters(_LATIN, sample)
    if ar == 0 and la == 0:
        return "und"
    if ar >= la:
        return "ar"
    if la < _SHORT:
        return "en"
    return _identify(sample[:5000], overlays)


_HINT_WORDS = 200  # words of an article counted against the function-word lists
_HINT_SHARE = 0.1  # a language whose function words are at least this share of them …
_HINT_LEAD = 3.0  # … and this many times the next language's leads without the model


@cache
def _hints(overlays: tuple[Path, ...] = ()) -> dict[str, frozenset[str]]:
    """Each language's function words that no other listed language shares ("a" is English and Portuguese)."""
    data = {code: frozenset(words) for code, words in load_mapping("language_hints.yaml", overlays).items()}
    return {code: words - frozenset().union(*(w for c, w in data.items() if c != code)) for code, words in data.items()}


def _identify(sample: str, overlays: tuple[Path, ...] = ()) -> str:
    """The language of a Latin-script sample: by function words when one language clearly leads (no model in
    memory for plain English news), else by py3langid's packaged model."""
    words = [w.lower() for w in _LATIN.findall(sample[:3000])][:_HINT_WORDS]
    if words:
        shares = sorted(((sum(w in hint for w in words) / len(words), code) for code, hint in _hints(overlays).items()),
                        reverse=True)
        (best, code), (second, _) = shares[0], shares[1]
        if best >= _HINT_SHARE and best >= _HINT_LEAD * second:
            return code
    import py3langid

    lang, _ = py3langid.classify(sample)
    return str(lang)


def article_id_for(text: str) -> str:
    # surrogatepass: a lone surrogate (a stray JSON escape) must not crash hashing; valid text hashes as before
    return hashlib.sha256(normalize_text(text).encode("utf-8", "surrogatepass")).hexdigest()


class Coder:
    """Codes articles with one lexicon. Thread-safe for reading; build once, reuse for many articles.

    One loop for every language: the article's language (khabar.lang) supplies sentences, per-sentence analysis
    and event candidates; dates, assembly into Events and folding repeats are shared.
    """

    def __init__(self, lexicon: Lexicon | None = None, *, overlays: Iterable[Path] = (),
                 languages: Mapping[str, Language] | None = None) -> None:
        """``languages`` adds or replaces languages for this coder only (a language under development, a test)."""
        self.overlays = tuple(Path(p) for p in overlays)
        self.lexicon = lexicon or load_lexicon(self.overlays)
        self._languages: dict[str, Language] = dict(languages or {})
        self._coded = CODED_LANGUAGES | frozenset(self._languages)
        self._resources: dict[str, Any] = {}

    @property
    def languages(self) -> frozenset[str]:
        """The language codes this coder codes."""
        return self._coded

    def language(self, code: str) -> Language:
        if code not in self._languages:  # resolved once per coder: the registry imports the language module
            self._languages[code] = get_language(code)
        return self._languages[code]

    def resources(self, language: Language) -> Any:
        """The language's compiled data, loaded the first time an article in that language comes."""
        if language.code not in self._resources:
            self._resources[language.code] = language.load(self.lexicon, self.overlays)
        return self._resources[language.code]

    def code(self, text: str, *, date: Date | None = None, article_id: str | None = None,
             language: str | None = None) -> Document:
        date = clamp_date(date)  # relative dates must not step off the calendar (see khabar.daterange)
        doc = Document(text, article_id or article_id_for(text), language or detect_language(text, self.overlays),
                       date)
        if doc.language not in self.languages:
            doc.sentences = split_sentences(text, self.lexicon.segmentation)
            doc.warnings.append(f"language {doc.language!r} is not coded (Arabic and English only): no events")
            return doc
        lang = self.language(doc.language)
        res = self.resources(lang)
        doc.sentences = lang.sentences(text, res)
        discourse = lang.discourse(date)
        previous: Frame | None = None
        events: list[Event] = []
        for sentence in doc.sentences:
            dates = sentence_dates(sentence, date, self.lexicon.dates)
            view = lang.analyse(sentence, res, discourse, previous, dates)
            sentence.mentions = [*view.mentions, *(date_mention(d) for d in dates)]  # the one write per sentence
            for cand in lang.candidates(view, res):
                events += to_events(cand, view, self.lexicon, doc.article_id, doc.language, dates)
            if view.frames:
                previous = view.frames[-1]
        doc.events = fold_repeats(events)
        return doc

    def analyse(self, sentence: Sentence, discourse: Any, previous: Frame | None = None,
                dates: list[DateMatch] | None = None, *, language: str = "ar") -> SentenceView:
        """Mentions and clause structure of one sentence (the stages before event coding), for inspection."""
        lang = self.language(language)
        return lang.analyse(sentence, self.resources(lang), discourse, previous, dates or [])


_DEFAULT: dict[str, Any] = {}


def code_text(text: str, *, date: Date | str | None = None, language: str | None = None,
              article_id: str | None = None) -> Document:
    """Code one article with the packaged lexicons: ``khabar.code_text(text, date="2023-09-05").events``."""
    if isinstance(date, str):
        date = Date.fromisoformat(date)
    coder = _DEFAULT.get("coder") or _DEFAULT.setdefault("coder", Coder())
    return coder.code(text, date=date, language=language, article_id=article_id)
