"""Date anchors in one Aho-Corasick pass: where in a normalized text each kind of date rule can match.

Every date rule (khabar.mentions.date_grammar) contains an anchor word of its kind: a month name, a weekday, a day
word ("أمس"), a unit ("أيام"), a relative noun ("الأسبوع"), an "ago" word, or a year (1800-2099). The scanner
finds them all in one pass of a pyahocorasick automaton over the (ASCII-lowercased) normalized text, and keeps an
occurrence only where a rule could use it:

- on the left, the word starts after a character that is no letter or digit, maybe after proclitics
  (``[وف]{0,2}[بلك]?(?:ال|ل)?``);
- on the right, the word is not glued to a letter ("اب" in "ابو", "غدا" in "بغداد", "احد" in "الاحداث"): every
  rule follows these words with a space, punctuation, a digit or the end. Only a month may be glued to the
  words of a year phrase the grammar allows right after it ("ينايرمن 2020": a day-month link or a year keyword);
- a year is not inside a longer run of digits.

:meth:`DateScanner.ends` gives where the anchors of each kind end; :func:`khabar.mentions.dates.find_dates` tries each
rule only at the word starts a little before those ends (as far as the rule's text before its anchor can reach), so a
sentence without anchors runs no rule at all.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import ahocorasick

__all__ = ["Anchor", "DateScanner"]

Anchor = tuple[int, int, tuple[str, ...]]  # word start (proclitics included), end of the anchor word, its kinds

YEAR_KIND = ("year",)
_DIGITS = frozenset("0123456789")
_ASCII_LOWER = str.maketrans({chr(c): chr(c + 32) for c in range(ord("A"), ord("Z") + 1)})


def _proclitics() -> frozenset[str]:
    """Every string of ``[وف]{0,2}[بلك]?(?:ال|ل)?``: what may stand between a word boundary and an anchor word."""
    conj = ["", "و", "ف", "وو", "وف", "فو", "فف"]
    return frozenset(a + b + c for a in conj for b in ("", "ب", "ل", "ك") for c in ("", "ال", "ل"))


_PROCLITICS = _proclitics()
_PROCLITIC_CHARS = frozenset("".join(_PROCLITICS))
_LONGEST_PROCLITIC = max(map(len, _PROCLITICS))


def _is_word_char(c: str) -> bool:
    """A letter or a digit (``[\\p{L}\\p{N}]``, what the rules' word boundaries read)."""
    return c.isalpha() or c.isnumeric()


class DateScanner:
    """The anchor words of a date grammar in one automaton.

    ``kinds`` maps each anchor word (normalized, lowercase, without "ال") to the rule kinds it anchors;
    ``month_glue`` lists the words that may follow a month with no space between (see the module docstring)."""

    def __init__(self, kinds: Mapping[str, Iterable[str]], month_glue: Iterable[str] = ()) -> None:
        self.automaton = ahocorasick.Automaton()
        for word, ks in kinds.items():
            self.automaton.add_word(word, (len(word), tuple(sorted(ks))))
        for year in range(1800, 2100):
            self.automaton.add_word(str(year), (4, YEAR_KIND))
        self.automaton.make_automaton()
        glue = {w.lower() for w in month_glue if w}
        glue |= {"ل" + w[2:] for w in glue if w.startswith("ال")}  # "ايلوللعام": "ال" contracted after ل
        self.month_glue = tuple(sorted(glue))

    def _word_start(self, low: str, start: int) -> int:
        """Where the word holding an anchor word at ``start`` begins (proclitics before it), -1 if it does not."""
        for k in range(min(start, _LONGEST_PROCLITIC) + 1):
            w = start - k
            if k and low[w] not in _PROCLITIC_CHARS:
                break
            if (w == 0 or not _is_word_char(low[w - 1])) and low[w:start] in _PROCLITICS:
                return w
        return -1

    def anchors(self, norm: str) -> list[Anchor]:
        """The anchors of ``norm`` (a text normalized as the date grammar reads it), in order of their word."""
        low = norm.lower()
        if len(low) != len(norm):  # a character whose lowercase is longer ("İ"): keep the offsets
            low = norm.translate(_ASCII_LOWER)
        n, out = len(low), list[Anchor]()
        for last, (size, kinds) in self.automaton.iter(low):
            end = last + 1
            start = end - size
            if kinds == YEAR_KIND:  # equality, not identity: compiled (mypyc) tuples are values
                if (start and low[start - 1] in _DIGITS) or (end < n and low[end] in _DIGITS):
                    continue
                out.append((start, end, kinds))
                continue
            if end < n and low[end].isalpha():
                if "month" not in kinds or not low.startswith(self.month_glue, end):
                    continue
                kinds = ("month",)
            word = self._word_start(low, start)
            if word >= 0:
                out.append((word, end, kinds))
        out.sort(key=lambda a: a[0])
        return out

    def ends(self, norm: str) -> dict[str, list[int]]:
        """Per anchor kind, where its anchor words end in ``norm``, in order."""
        out: dict[str, set[int]] = {}
        for _start, end, kinds in self.anchors(norm):
            for kind in kinds:
                out.setdefault(kind, set()).add(end)
        return {kind: sorted(ends) for kind, ends in out.items()}
