"""The coder: text → sentences → mentions → clauses → events, as small stages over one Document.

``Coder`` owns an immutable compiled Lexicon (no global state: two coders with different lexicon overlays can live
in one process). ``code_text`` is the one-call API.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from datetime import date as Date
from functools import cache
from pathlib import Path
from typing import Any

import regex

from khabar.clauses.view import Frame, SentenceView
from khabar.daterange import clamp_date
from khabar.events.assemble import fold_repeats, to_events
from khabar.events.backref import ActMemory
from khabar.lang import CODED_LANGUAGES, Language, get_language
from khabar.lexicon.compile import Lexicon, load_lexicon, load_mapping
from khabar.mentions.dates import DateMatch, date_mention, sentence_dates
from khabar.model import Document, Event, Sentence
from khabar.text.normalize import normalize_text
from khabar.text.segment import split_sentences

# Runs, not single letters: findall then returns one string per word instead of one per letter.
_ARABIC = regex.compile(r"\p{Arabic}+")
_LATIN = re.compile(r"[A-Za-z]+")  # the stdlib engine: faster than regex on an ASCII class
_ARABIC_LETTERS = re.compile(r"[\u0621-\u063f\u0641-\u064a]+")  # the basic Arabic letters: some of \p{Arabic}
_WORDS = regex.compile(r"\p{Latin}+")  # words with their accents ("été", "según"), for the function-word hints


def _letters(pattern: re.Pattern[str] | regex.Pattern[str], text: str) -> int:
    """How many characters of ``text`` the one-character class ``pattern`` (repeated with +) matches."""
    return sum(map(len, pattern.findall(text)))


_SHORT = 40  # letters: below this a Latin-script text is too short for a statistical guess and is taken as English


def detect_language(text: str, overlays: tuple[Path, ...] = ()) -> str:
    """'ar', 'en', another ISO 639-1 code, or 'und' (no letters).

    Arabic script decides Arabic (more Arabic letters than Latin ones); a Latin-script text by its function words
    (``language_hints.yaml``, with the lexicon ``overlays``; see :func:`_identify`), so French or Spanish news is
    skipped with a reason instead of mis-coded."""
    sample = text[:20000]
    la = _letters(_LATIN, sample)
    if la == 0:  # no Latin letter (most Arabic news): no need to count the Arabic ones
        return "ar" if _ARABIC.search(sample) else "und"
    if _letters(_ARABIC_LETTERS, sample) >= la or _letters(_ARABIC, sample) >= la:
        return "ar"
    if la < _SHORT:
        return "en"
    return _identify(sample[:5000], overlays)


_HINT_WORDS = 200  # words of an article counted against the function-word lists
_HINT_SHARE = 0.1  # a language whose function words are at least this share of them …
_HINT_LEAD = 3.0  # … and this many times the next language's leads without the model
_ENGLISH_SHARE = 0.04  # English that leads the others this many times is English at this share already (names)
_HEADLINE = 12  # words: an ASCII text this short with no function word at all is taken as English (a headline)


@cache
def _hints(overlays: tuple[Path, ...] = ()) -> dict[str, str]:
    """Each function word that only one language lists (``language_hints.yaml``) → that language ("a" is English
    and Portuguese: neither)."""
    data = load_mapping("language_hints.yaml", overlays)
    owners: dict[str, set[str]] = {}
    for code, words in data.items():
        for word in words:
            owners.setdefault(str(word).lower(), set()).add(code)
    return {word: next(iter(codes)) for word, codes in owners.items() if len(codes) == 1}


def _identify(sample: str, overlays: tuple[Path, ...] = ()) -> str:
    """The language of a Latin-script sample, from the function words of its first words: the language they
    clearly point to; English when English ones lead the others ``_HINT_LEAD`` times at a share of
    ``_ENGLISH_SHARE`` (news dense with names has few function words); English for a short ASCII text without any
    (a headline of names); the one other language they point to when there are no English ones. Only what stays
    unclear (two languages close, a long text with no listed function word, a language not listed) goes to
    py3langid's packaged model (85 MB in memory, loaded at the first such text), so coding English news never
    loads it."""
    words = [w.lower() for w in _WORDS.findall(sample[:3000])][:_HINT_WORDS]
    hints = _hints(overlays)
    counts: dict[str, int] = {}
    for word in words:
        if (code := hints.get(word)) is not None:
            counts[code] = counts.get(code, 0) + 1
    ranked = [*sorted(counts.items(), key=lambda kv: -kv[1]), ("und", 0), ("und", 0)]
    (code, best), (_, second) = ranked[0], ranked[1]
    english = counts.get("en", 0)
    other = max((n for c, n in counts.items() if c != "en"), default=0)
    if words and best >= _HINT_SHARE * len(words) and best >= _HINT_LEAD * second:
        return code
    if english and english >= _ENGLISH_SHARE * len(words) and english >= _HINT_LEAD * other:
        return "en"
    if not counts and len(words) <= _HEADLINE and sample.isascii():
        return "en"
    if not english and best and best >= _HINT_LEAD * second:
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
             language: str | None = None, told: ActMemory | None = None) -> Document:
        """Code one article. ``told``: the acts its earlier part told, when ``text`` is one window of a longer
        article (khabar.ingest.windows); a reaction to one of them ("condemned the strikes") takes its doer."""
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
        told = told if told is not None else ActMemory()  # the acts told so far: reactions naming one by its noun
        events: list[Event] = []
        for sentence in doc.sentences:
            dates = sentence_dates(sentence, date, self.lexicon.dates)
            view = lang.analyse(sentence, res, discourse, previous, dates)
            sentence.mentions = [*view.mentions, *(date_mention(d) for d in dates)]  # the one write per sentence
            for cand in told.keep(lang.candidates(view, res)):
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
