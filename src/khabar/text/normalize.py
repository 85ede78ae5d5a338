"""Arabic normalization for matching, with a map back to original character offsets.

Normalization only ever maps one original character to zero or one normalized character, so an offset map is a
plain list: ``offsets[i]`` is the original index of normalized character ``i``. The folded forms (ة→ه, ى→ي, أ→ا)
are for matching only; nothing shown to a user is ever taken from the normalized text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

# Characters dropped entirely: harakat, shadda, sukun, superscript alef, Quranic marks, tatweel, bidi controls.
_DROP = set(
    [chr(c) for c in range(0x064B, 0x0660)]
    + ["\u0670", "\u0640", "\u200c", "\u200d", "\u200e", "\u200f", "\u061c", "\ufeff"]
    + [chr(c) for c in range(0x06D6, 0x06EE) if c not in (0x06E5, 0x06E6)]
    + [chr(c) for c in range(0x202A, 0x202F)]
    + [chr(c) for c in range(0x2066, 0x206A)]
)

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


def normalize(text: str) -> Normalized:
    """Normalize ``text`` for matching; whitespace runs collapse to one space."""
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


_TABLE = {ord(c): None for c in _DROP} | {ord(k): v for k, v in _FOLD.items()}
_SPACES = re.compile(r"\s+")


def normalize_text(text: str) -> str:
    """``normalize(text).text`` without the offset map, for hashing whole articles (str.translate speed).
    Letters are not case-folded here: article identity is case-sensitive for Latin script."""
    return _SPACES.sub(" ", text.translate(_TABLE))


@cache
def norm(text: str) -> str:
    """Normalized form of a short string (lexicon keys, cue words); cached because lexicons repeat them."""
    return normalize(text.strip()).text
