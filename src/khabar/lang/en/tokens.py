"""English sentences: boundaries from text.segment, then tokens from text.english_tokens (clitics split off)."""

from __future__ import annotations

from khabar.model import Sentence
from khabar.text.english_tokens import english_tokens
from khabar.text.segment import Segmentation, split_sentences


def english_sentences(text: str, segmentation: Segmentation) -> list[Sentence]:
    """Sentences (offsets into ``text``) with English tokens."""
    sentences = split_sentences(text, segmentation, tokens=False)  # its tokens are English ones, made below
    for s in sentences:
        s.tokens = english_tokens(text, s.start, s.end)
    return [s for s in sentences if s.tokens]
