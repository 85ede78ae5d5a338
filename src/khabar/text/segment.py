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
    yield nothing. One pass over the token matches: each word becomes its Token as it is read. ``tokens=False``:
    sentences without tokens (for a language that tokenizes them its own way)."""
    with_tokens = tokens
    abbreviations = segmentation.abbreviations
    sentences: list[Sentence] = []
    toks: list[Token] = []  # the current sentence's; a newline always ends a sentence
    prev, end, k, add = "", 0, 0, toks.append
    first_start = last_end = 0  # the current sentence's span
    find = text.find
    for tok in _TOKEN.findall(text):
        # Only whitespace lies between two matches, and no token starts with whitespace but "\n", which no skipped
        # character equals: the next occurrence of the token's text is where it was matched.
        start = find(tok, end)
        end = start + len(tok)
        if tok != "\n":
            if not k:
                first_start = start
            last_end = end
            if with_tokens:
                first = tok[0]
                add(Token(k, tok, start, end, norm(tok), not first.isalnum() and first != "_"))
            k += 1
        # _ends_sentence is only true of an ender, so the set test spares the call for every other token.
        if (tok in _ENDERS and _ends_sentence(tok, prev, abbreviations)) or k >= _MAX_SENTENCE_TOKENS:
            if k:
                sentences.append(Sentence(len(sentences), first_start, last_end, text[first_start:last_end], toks))
                toks, k = [], 0
                add = toks.append
        prev = tok
    if k:
        sentences.append(Sentence(len(sentences), first_start, last_end, text[first_start:last_end], toks))
    return sentences
