"""Sentence splitting and tokenization over the original text (offsets are original offsets).

Sentences end at . ! ? ؟ and at line breaks (headlines and sub-headings stand on their own line), never at
commas, decimal points ("3.5") or known abbreviations (the lexicon's ``segment.yaml`` plus overlays).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import regex

from khabar.model import Sentence, Token
from khabar.text.normalize import norm

_TOKEN = regex.compile(r"[\p{L}\p{M}\p{N}_]+(?:[.'’\-][\p{L}\p{N}]+)*|\n|[^\s\p{L}\p{M}\p{N}]")
_ENDERS = {".", "!", "?", "؟", "\n", "…"}
_MAX_SENTENCE_TOKENS = 400  # very long "sentences" (tables, run-on lines) are cut so clause analysis stays linear


@dataclass(frozen=True, slots=True, eq=False)
class Segmentation:
    """Sentence-splitting rules (``segment.yaml``, compiled into the lexicon with its overlays)."""

    abbreviations: frozenset[str]  # normalized words followed by a dot that do not end a sentence

    def __reduce__(self) -> tuple[type[Segmentation], tuple[frozenset[str]]]:
        # pickled with the lexicon's cache: rebuilt through __init__, since a compiled (mypyc) frozen class refuses
        # the attribute-by-attribute restore a dataclass's pickling does
        return Segmentation, (self.abbreviations,)


def tokenize(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[str, int, int]]:
    """Yield (token text, start, end) for text[start:end]; newlines are tokens so they can end sentences."""
    for m in _TOKEN.finditer(text, start, len(text) if end is None else end):
        yield m.group(), m.start(), m.end()


def _ends_sentence(tok: str, prev: str, abbreviations: frozenset[str]) -> bool:
    """Does the token ``tok`` (after the token ``prev``, "" at the start) end a sentence?"""
    if tok not in _ENDERS:
        return False
    if tok == ".":
        if prev in abbreviations or norm(prev) in abbreviations:
            return False
        # A single letter before a dot is an initial ("د. أحمد", "J. Smith").
        if len(prev) == 1 and prev.isalpha():
            return False
    return True


def split_sentences(text: str, segmentation: Segmentation, *, tokens: bool = True) -> list[Sentence]:
    """Split ``text`` into sentences with their tokens, by a lexicon's rules (``Lexicon.segmentation``); empty lines
    yield nothing. ``tokens=False``: sentences without tokens (for a language that tokenizes them its own way).

    The matches are read once into lists; each sentence's tokens are then built by one comprehension."""
    matches = list(_TOKEN.finditer(text))
    words = [m.group() for m in matches]
    starts = [m.start() for m in matches]
    abbreviations = segmentation.abbreviations
    # _ends_sentence is only true of an ender, so the set test spares the call for every other word
    ends = [i for i, w in enumerate(words) if w in _ENDERS and _ends_sentence(w, words[i - 1] if i else "",
                                                                              abbreviations)]
    sentences: list[Sentence] = []
    first = 0
    for last in [*ends, len(words) - 1]:
        kept = [i for i in range(first, last + 1) if words[i] != "\n"]  # a newline ends a sentence, is no token
        first = last + 1
        for cut in range(0, len(kept), _MAX_SENTENCE_TOKENS):
            piece = kept[cut:cut + _MAX_SENTENCE_TOKENS]
            begin, end = starts[piece[0]], starts[piece[-1]] + len(words[piece[-1]])
            sentences.append(Sentence(len(sentences), begin, end, text[begin:end],
                                      _tokens(piece, words, starts) if tokens else []))
    return sentences


def _tokens(piece: list[int], words: list[str], starts: list[int]) -> list[Token]:
    """The Tokens of the words at indexes ``piece`` (built by ``tuple.__new__``: see khabar.model.Token)."""
    new = tuple.__new__
    return [new(Token, (k, w, s, s + len(w), norm(w), not w[0].isalnum() and w[0] != "_"))
            for k, (w, s) in enumerate(zip([words[i] for i in piece], [starts[i] for i in piece], strict=True))]
