"""Arabic normalization for matching, with a map back to original character offsets.

Normalization only ever maps one original character to zero or one normalized character, so an offset map is a
plain list: ``offsets[i]`` is the original index of normalized character ``i``. The folded forms (ة→ه, ى→ي, أ→ا)
are for matching only; nothing shown to a user is ever taken from the normalized text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache

# The one set of characters every normalization drops (matching, dates, evaluation), as code point ranges:
# Arabic diacritics and Quranic marks (honorific signs, harakat, shadda, sukun, superscript alef, small high letters
# and signs, end of ayah), tatweel, and invisible format characters (soft hyphen, ALM, Mongolian vowel separator,
# ZWSP, ZWNJ, ZWJ, LRM/RLM, bidi embeddings and isolates, word joiner and invisible operators, BOM).
_MARK_RANGES = ((0x0610, 0x061A), (0x064B, 0x065F), (0x0670, 0x0670), (0x06D6, 0x06ED), (0x0640, 0x0640))
_INVISIBLE_RANGES = ((0x00AD, 0x00AD), (0x061C, 0x061C), (0x180E, 0x180E), (0x200B, 0x200F), (0x202A, 0x202E),
                     (0x2060, 0x2064), (0x2066, 0x2069), (0xFEFF, 0xFEFF))


def _char_class(ranges: tuple[tuple[int, int], ...]) -> str:
    return "".join(chr(a) if a == b else f"{chr(a)}-{chr(b)}" for a, b in ranges)


MARKS = _char_class(_MARK_RANGES)  # diacritics, Quranic marks and tatweel, for a regex character class: f"[{MARKS}]"
DROPPED = _char_class(_MARK_RANGES + _INVISIBLE_RANGES)  # every dropped character, for a regex character class
_DROP = {chr(c) for a, b in _MARK_RANGES + _INVISIBLE_RANGES for c in range(a, b + 1)}
_DROP_RUN = re.compile(f"[{DROPPED}]+")


def strip_marks(text: str) -> str:
    """``text`` without the dropped characters (diacritics, tatweel, invisible marks) and nothing else changed."""
    return _DROP_RUN.sub("", text)


_FOLD = {
    "أ": "ا",
    "إ": "ا",
    "آ": "ا",
    "ٱ": "ا",
    "ى": "ي",
    "ة": "ه",
    "ؤ": "ؤ",
    "ئ": "ئ",
    "ی": "ي",  # Persian ya
    "ک": "ك",  # Persian kaf
    "،": ",",
    "؛": ";",
    "؟": "?",
    "٪": "%",
    "«": '"',
    "»": '"',
    "\u00a0": " ",
}
for _i, _d in enumerate("٠١٢٣٤٥٦٧٨٩"):
    _FOLD[_d] = str(_i)
for _i, _d in enumerate("۰۱۲۳۴۵۶۷۸۹"):
    _FOLD[_d] = str(_i)


@dataclass(frozen=True, slots=True)
class Normalized:
    """Normalized text plus ``offsets`` (len(text) + 1 entries; the last one is len(original))."""

    text: str
    offsets: tuple[int, ...]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a normalized [start, end) span to the original text."""
        if end <= start:
            o = self.offsets[start]
            return (o, o)
        return (self.offsets[start], self.offsets[end - 1] + 1)


def fold_char(ch: str) -> str:
    """The matching form of one character ('' when it is dropped)."""
    if ch in _DROP:
        return ""
    if ch.isspace():
        return " "
    f = _FOLD.get(ch, ch)
    if f.isupper():
        low = f.lower()
        # Only 1:1 case folds keep the offset map a plain list (İ lowercases to two characters).
        return low if len(low) == 1 else f
    return f


class _Folds(dict[int, str]):
    """fold_char of every character met so far, keyed by code point: a table for str.translate."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = fold_char(chr(code))
        return folded


_FOLDS = _Folds()


def normalize(text: str) -> Normalized:
    """Normalize ``text`` for matching; whitespace runs collapse to one space."""
    folded = text.translate(_FOLDS)
    if len(folded) == len(text) and "  " not in folded:
        # The common case (a word without harakat or tatweel): nothing dropped and no whitespace run to collapse,
        # so the folded text is the result and normalized character i is original character i.
        return Normalized(folded, tuple(range(len(text) + 1)))
    out: list[str] = []
    offsets: list[int] = []
    prev_space = False
    for i, ch in enumerate(text):
        f = fold_char(ch)
        if not f:
            continue
        if f == " ":
            if prev_space:
                continue
            prev_space = True
        else:
            prev_space = False
        out.append(f)
        offsets.append(i)
    offsets.append(len(text))
    return Normalized("".join(out), tuple(offsets))


def translator(table: Mapping[int, str | None]) -> Callable[[str], str]:
    """A function equal to ``str.translate(table)`` for a table of one-character keys, made of ``str.replace``
    calls: on Arabic text str.translate looks every character up in the table, while ``in`` and ``replace`` scan
    at C speed, so the chain is several times faster, short or long text alike. The chain is only taken when no
    replacement contains a key (then the order of the replacements cannot matter); otherwise str.translate."""
    pairs = tuple((chr(k), v or "") for k, v in table.items() if chr(k) != v)
    if any(c in r for _, r in pairs for c, _ in pairs):
        return lambda text: text.translate(table)

    def translate(text: str) -> str:
        for c, r in pairs:
            if c in text:
                text = text.replace(c, r)
        return text

    return translate


_TABLE = {ord(c): None for c in _DROP} | {ord(k): v for k, v in _FOLD.items()}
_TRANSLATE = translator(_TABLE)


def normalize_text(text: str) -> str:
    """``normalize(text).text`` without the offset map, for hashing whole articles (see ``translator``).
    Letters are not case-folded here: article identity is case-sensitive for Latin script."""
    return collapse_spaces(_TRANSLATE(text))


def collapse_spaces(text: str) -> str:
    """``re.sub(r"\\s+", " ", text)``: every whitespace run as one space. str.split knows the same whitespace as
    re's ``\\s`` (str.isspace) and splits at C speed, where the regex builds a replacement for every single space."""
    words = text.split()
    if not words:
        return " " if text else ""
    out = " ".join(words)
    if text[0].isspace():
        out = " " + out
    return out + " " if text[-1].isspace() else out


@cache
def norm(text: str) -> str:
    """Normalized form of a short string (lexicon keys, cue words); cached because lexicons repeat them."""
    return normalize(text.strip()).text
