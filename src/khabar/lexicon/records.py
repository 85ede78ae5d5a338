"""Typed records of the compiled lexicon's non-entry data: the date words (the segmentation rules' record,
``Segmentation``, is defined by the stage that reads it, :mod:`khabar.text.segment`, below the lexicon).

They are built by :mod:`khabar.lexicon.compile` from the packaged files plus overlay folders (``ar/dates.yaml``,
``segment.yaml``) and handed by the coder to the stages that use them (``mentions.dates``, ``text.segment``), so an
overlay reaches those stages like every other lexicon file. Like the rest of a compiled lexicon they are read-only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any


@dataclass(frozen=True, slots=True, eq=False)
class DateWords:
    """The words of the date grammar (``ar/dates.yaml``, one field per key; see the comments in that file), as written:
    ``mentions.dates`` normalizes and combines them. Compared by identity, so the grammar built from one record is
    compiled once."""

    months: Mapping[int, tuple[str, ...]]
    month_prefix: tuple[str, ...]
    weekdays: Mapping[int, tuple[str, ...]]
    weekday_not_after: tuple[str, ...]
    day_prefix: tuple[str, ...]
    day_words: Mapping[str, Mapping[str, Any]]  # name → {offset, words, not_after?, not_before?}
    ordinal_days: Mapping[int, tuple[str, ...]]
    day_month_link: tuple[str, ...]
    numbers: Mapping[int, tuple[str, ...]]
    units: Mapping[str, Mapping[str, tuple[str, ...]]]  # unit → {one, two, many} → words
    ago_before: Mapping[str, Mapping[str, Any]]  # word → {sign, relation}
    ago_after: Mapping[str, Mapping[str, Any]]
    ago_not_before: tuple[str, ...]
    relative_nouns: Mapping[str, tuple[str, ...]]
    relative_not_after: tuple[str, ...]
    adjectives: Mapping[int, tuple[str, ...]]
    prenominal: Mapping[int, tuple[str, ...]]
    year_keywords: tuple[str, ...]
    relations: Mapping[str, tuple[str, ...]]
    triggers: tuple[str, ...]

    def __getitem__(self, key: str) -> Any:
        """``words["months"]``: the grammar reads the record like the file it comes from."""
        if key not in _DATE_FIELDS:
            raise KeyError(key)
        return getattr(self, key)


_DATE_FIELDS = frozenset(f.name for f in fields(DateWords))
