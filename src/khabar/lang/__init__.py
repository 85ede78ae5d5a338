"""Languages as plug-ins: each language registers the components the one Coder loop (khabar.pipeline) calls.

A language is a folder ``lang/xx/`` whose ``__init__`` defines ``LANGUAGE``, a :class:`Language`: how its text is cut
into sentences and tokens, how one sentence is analysed (lexicon matching, actor composition, clause boundaries,
reporting frames, modality cues) into a :class:`~khabar.clauses.view.SentenceView`, and how event candidates are
found in that view. Everything after that is shared: date resolution (mentions.dates), modality and attribution
(clauses.modality, events.assemble), assembly into Events and folding repeats. A new language is a new folder and
one line in ``REGISTRY``; the languages are imported the first time an article in them is coded.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date as Date
from importlib import import_module
from pathlib import Path
from types import MappingProxyType
from typing import Any

from khabar.clauses.view import Frame, SentenceView
from khabar.events.candidate import Candidate
from khabar.lexicon.compile import Lexicon
from khabar.mentions.dates import DateMatch
from khabar.model import Sentence

#: language code → module defining ``LANGUAGE``. The one place languages are registered (read-only: a Coder takes
#: extra languages as an argument instead of a change to this table).
REGISTRY: Mapping[str, str] = MappingProxyType({"ar": "khabar.lang.ar", "en": "khabar.lang.en"})
CODED_LANGUAGES = frozenset(REGISTRY)


@dataclass(frozen=True, slots=True)
class Language:
    """The components one language plugs into the Coder loop.

    ``resources`` is whatever ``load`` returns (the language's compiled data); every component gets it back, so a
    language keeps no module-level state and two Coders with different lexicon overlays never mix.
    """

    code: str
    #: (the shared compiled Lexicon, lexicon overlay folders) → the language's resources
    load: Callable[[Lexicon, tuple[Path, ...]], Any]
    #: (article text, resources) → sentences with their tokens (offsets into the original text)
    sentences: Callable[[str, Any], list[Sentence]]
    #: article date → the per-article memory of who has been named (short names, anaphors, the article's state)
    discourse: Callable[[Date | None], Any]
    #: (sentence, resources, discourse, previous reporting frame, the sentence's dates) → the analysed view
    analyse: Callable[[Sentence, Any, Any, Frame | None, list[DateMatch]], SentenceView]
    #: (view, resources) → event candidates, in text order
    candidates: Callable[[SentenceView, Any], Iterable[Candidate]]


def get_language(code: str) -> Language:
    """The registered language ``code``; a KeyError names the coded languages."""
    if code not in REGISTRY:
        raise KeyError(f"language {code!r} is not coded (coded: {', '.join(sorted(REGISTRY))})")
    language: Language = import_module(REGISTRY[code]).LANGUAGE
    return language
