"""Sentence splitting and tokenization over the original text (offsets are original offsets).

Sentences end at . ! ? ؟ and at line breaks (headlines and sub-headings stand on their own line), never at
commas, decimal points ("3.5") or known abbreviations (the lexicon's ``segment.yaml`` plus overlays).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import regex

from khabar.model import Sentence, new_token
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


def _ends_sentence(raw: list[tuple[str, int, int]], i: int, text: str, abbreviations: frozenset[str]) -> bool:
    tok = raw[i][0]
    if tok not in _ENDERS:
        return False
    if tok == ".":
        prev = raw[i - 1][0] if i else ""
        if prev in abbreviations or norm(prev) in abbreviations:
            return False
        # A single letter before a dot is an initial ("د. أحمد", "J. Smith").
        if len(prev) == 1 and prev.isalpha():
            return False
    return True


def split_sentences(text: str, segmentation: Segmentation, *, tokens: bool = True) -> list[Sentence]:
    """Split ``text`` into sentences with their tokens, by a lexicon's rules (``Lexicon.segmentation``); empty lines
    yield nothing. ``tokens=False``: sentences without tokens (a language that tokenizes them its own way)."""
    with_tokens = tokens
    abbreviations = segmentation.abbreviations
    # Same as iterating tokenize(text), without a generator frame per token.
    raw = [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]
    sentences: list[Sentence] = []
    words: list[tuple[str, int, int]] = []  # the current sentence's tokens; a newline always ends a sentence

    def flush() -> None:
        if words:
            s, e = words[0][1], words[-1][2]
            toks = [
                new_token(k, t, ts, te, norm(t), not t[0].isalnum() and t[0] != "_")
                for k, (t, ts, te) in enumerate(words)
            ] if with_tokens else []
            sentences.append(Sentence(len(sentences), s, e, text[s:e], toks))
        words.clear()

    for i, item in enumerate(raw):
        if item[0] != "\n":
            words.append(item)
        # _ends_sentence is only true of an ender, so the set test spares the call for every other token.
        if (item[0] in _ENDERS and _ends_sentence(raw, i, text, abbreviations)) or len(words) >= _MAX_SENTENCE_TOKENS:
            flush()
    flush()
    return sentences
