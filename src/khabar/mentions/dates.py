"""Find date expressions in Arabic (and some English) news text and resolve them to ISO dates.

Words come from the lexicon (``lexicon/data/ar/dates.yaml`` plus overlays, :class:`DateWords`); the grammar here
combines them. All is compiled once per lexicon (:func:`date_grammar`) and run over a normalized copy of the text
(diacritics, tatweel, directional marks dropped; hamza/ya/ta-marbuta folded; Arabic-Indic and Persian digits
made ASCII) with an index map back, so offsets point into the text as given. Rules only run near anchor words
(month, unit, day names, years), found in one Aho-Corasick pass (khabar.mentions.date_scan).

Spans start at the first word, proclitics included ("والعام الماضي"), and include relation words (منذ/قبل/
حتى/بعد set ``relation`` since/before/until/after), "يوم"/"شهر" and year keywords; licensing words ("في",
"خلال") stay outside ("في مارس" -> "مارس"). Words of one expression are at most 3 spaces apart. Of
overlapping candidates the longest wins.

Resolution against ``article_date`` (``value`` is None when it is needed but not given):
- day + month without a year ("الخامس من سبتمبر", "15 يناير") takes the article's year.
- a month alone ("في مارس") is in the article's year unless after the article's month (then the year
  before). "سبتمبر الماضي": the latest September strictly before the article's month; "مارس المقبل": the
  first March strictly after it; "سبتمبر الجاري": the article's year. With a day ("15 سبتمبر الماضي") the
  comparison is with the article's day. A weekday before a full date ("الخميس 31 آب 2023") joins it.
- "الأسبوع الماضي/المقبل/الجاري" is a week, not a day: the year-month of the article date -7/+7/+0 days.
- "قبل/منذ/بعد N يوم|أسبوع" is a day (a week = 7 days), "... شهر" a year-month, "... عام" a year. A
  duration followed by من/على ("بعد يومين من الهجوم") is anchored elsewhere: no match.
- a weekday is the latest such day on or before the article date; + المقبل the first one strictly after,
  + الماضي the latest strictly before; after a day word ("أمس الأحد") the day word decides.
- a bare year counts after a relation word or trigger ("في 2023") or between punctuation ("(2023)"), not
  in "قتل 2000 شخص". Years are 1900-2099 (1800-2099 after عام/سنة).
Not covered: Hijri dates, ranges ("بين 2019 و2021", "عامي"), times, vague spans ("قبل أيام", "مطلع
الشهر"), "الخامس من الشهر الجاري". No dateparser fallback: it reads ordinary words as dates ("الآن")
and fills a missing day from the base date ("سبتمبر" -> a day; false precision).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from khabar.lexicon.records import DateWords
from khabar.mentions.date_grammar import (
    DELETE,
    REL_NAMES,
    TRAILING_MARKS,
    TRANSLATE,
    DateGrammar,
    date_grammar,
)
from khabar.model import Mention, Sentence

# Where a rule's match can start: [^\W_] is [\p{L}\p{N}] in the Unicode of the stdlib (regex may know newer letters,
# none of which starts a rule) and the stdlib engine finds them faster.
_WORD_START = re.compile(r"(?<![^\W_])[^\W_]")

__all__ = ["DateMatch", "find_dates"]


@dataclass(frozen=True, slots=True)
class DateMatch:
    """A date expression: offsets into the original text (end exclusive) and its resolved ISO value."""

    start: int
    end: int
    text: str
    value: str | None
    rule: str
    relation: str = "at"


# ---------------------------------------------------------------------------------------------- resolution

Resolved = tuple[str | None, str] | tuple[str | None, str, str] | None  # value, rule[, relation]; None: drop
Groups = dict[str, Any]


def _iso(y: int, m: int | None = None, d: int | None = None) -> str | None:
    """"YYYY", "YYYY-MM" or "YYYY-MM-DD"; None if the day does not exist."""
    try:
        return f"{y:04d}" if m is None else f"{y:04d}-{m:02d}" if d is None else date(y, m, d).isoformat()
    except ValueError:
        return None


def _add_months(ad: date, k: int) -> tuple[int, int]:
    total = ad.year * 12 + ad.month - 1 + k
    return total // 12, total % 12 + 1


def _offset(g: Groups, lex: DateGrammar, adj: str = "adj", pre: str = "pn") -> int | None:
    k = lex.get("adj", g.get(adj))
    return k if k is not None else lex.get("prenom", g.get(pre))


def _r_numeric(g: Groups, ad: date | None, lex: DateGrammar) -> Resolved:
    value = _iso(int(g["y"]), int(g["mn"]), int(g["d"]))
    order = "ymd" if g["_m"].start("y") < g["_m"].start("d") else "dmy"
    return None if value is None else (value, f"numeric_{order}")


def _r_calendar(g: Groups, ad: date | None, lex: DateGrammar) -> Resolved:
    month, day = lex.get("month", g["m"]), lex.get("ordinal", g.get("o"))
    if g.get("d"):
        day = int(g["d"].rstrip("stndrh"))
    name, k = ("day_" if day else "") + "month", lex.get("adj", g.get("adj"))
    year = ad.year if ad else None
    if k is not None:
        year = _month_year(month, k, ad, day) if ad and month else None
        name = f"{name}:{REL_NAMES.get(k, k)}"
    elif g.get("y"):
        year, name = int(g["y"]), name + "_year"
    elif g.get("yn"):
        k = _offset(g, lex, "yadj", "ypn") or 0
        year, name = (ad.year + k if ad else None), f"{name}_year:{REL_NAMES.get(k, k)}_year"
    if month is None or _iso(year or 2000, month, day) is None:  # no such day (2000 is a leap year)
        return None
    return (None if year is None else _iso(year, month, day)), name


def _month_year(month: int, k: int | None, ad: date, day: int | None = None) -> int:
    """Year of a month (and day) named alone (k None) or with an adjective of offset k (الماضي -1)."""
    here, there = (ad.month, ad.day if day else 0), (month, day or 0)
    if k is None:
        return ad.year if there <= here else ad.year - 1
    if k < 0:
        return (ad.year if there < here else ad.year - 1) + k + 1
    return (ad.year if there > here else ad.year + 1) + k - 1 if k > 0 else ad.year


def _r_month(g: Groups, ad: date | None, lex: DateGrammar) -> Resolved:
    month, k = lex.get("month", g["m"]), lex.get("adj", g.get("adj"))
    name = "month" if k is None else f"month:{REL_NAMES.get(k, k)}"
    if month is None or ad is None:
        return None if month is None else (None, name)
    return _iso(_month_year(month, k, ad), month), name


def _r_year(g: Groups, ad: date | None, lex: DateGrammar) -> Resolved:
    year = int(g["y"])
    return None if year < 1900 and not g.get("kw") else (_iso(year), "year")


def _r_relative(g: Groups, ad: date | None, lex: DateGrammar) -> Resolved:
    unit, k = lex.get("rnoun", g["rn"]), _offset(g, lex)
    if unit is None or k is None:
        return None
    name = f"relative:{REL_NAMES.get(k, k)}_{unit}"
    if ad is None:
        return None, name
    if unit == "year":
        return _iso(ad.year + k), name
    if unit == "month":
        return _iso(*_add_months(ad, k)), name
    day = ad + timedelta(days=7 * k)
    return _iso(day.year, day.month), name


def _r_ago(g: Groups, ad: date | None, lex: DateGrammar) -> Resolved:
    (sign, relation), (unit, count), n = lex.get("ago", g["dir"]), lex.get("unit", g["u"]), g.get("n")
    if n is not None:
        count = int(n) if n.isdigit() else lex.get("number", n)
    if not count:
        return None
    name, k = f"{'ago' if sign < 0 else 'later'}:{unit}", sign * count
    if ad is None:
        return None, name, relation
    if unit in ("day", "week"):
        return (ad + timedelta(days=k * (7 if unit == "week" else 1))).isoformat(), name, relation
    return (_iso(*_add_months(ad, k)) if unit == "month" else _iso(ad.year + k)), name, relation


def _r_weekday(g: Groups, ad: date | None, lex: DateGrammar) -> Resolved:
    if g.get("dw"):  # "أمس الأحد", "اليوم الثلاثاء": the day word decides
        return _r_day(g, ad, lex)
    wd, k = lex.get("weekday", g["wd"]), _offset(g, lex)
    name = "weekday" if not k else f"weekday:{REL_NAMES.get(k, k)}"
    if wd is None or ad is None:
        return None if wd is None else (None, name)
    if not k:
        day = ad - timedelta(days=(ad.weekday() - wd) % 7)
    elif k < 0:
        day = ad - timedelta(days=(ad.weekday() - wd - 1) % 7 + 1 + 7 * (-k - 1))
    else:
        day = ad + timedelta(days=(wd - ad.weekday() - 1) % 7 + 1 + 7 * (k - 1))
    return day.isoformat(), name


def _r_day(g: Groups, ad: date | None, lex: DateGrammar) -> Resolved:
    name, offset = lex.get("day", g["dw"]) or (None, None)
    if name is None or offset is None:
        return None
    return ((ad + timedelta(days=offset)).isoformat() if ad else None), f"relative:{name}"


_RESOLVERS: dict[str, Callable[[Groups, date | None, DateGrammar], Resolved]] = {
    "numeric": _r_numeric, "calendar": _r_calendar, "month": _r_month, "year": _r_year,
    "relative": _r_relative, "ago": _r_ago, "weekday": _r_weekday, "day": _r_day,
}


# ---------------------------------------------------------------------------------------------- finding


class _IndexMap:
    """The normalized text, and offsets in it mapped back to the original (only deletions shift them)."""

    def __init__(self, text: str) -> None:
        folded = TRANSLATE(text)
        self.norm_starts, self.orig_starts, parts = [0], [0], []
        pos = 0
        for m in DELETE.finditer(folded):
            parts.append(folded[pos : m.start()])
            pos = m.end()
            self.norm_starts.append(self.norm_starts[-1] + len(parts[-1]))
            self.orig_starts.append(pos)
        parts.append(folded[pos:])
        self.text, self.shifted = "".join(parts), len(parts) > 1

    def orig(self, i: int) -> int:
        k = bisect_right(self.norm_starts, i) - 1
        return self.orig_starts[k] + i - self.norm_starts[k]


def _word_starts(norm: str, spans: list[tuple[int, int]]) -> list[int]:
    """The starts of words (a letter or digit after neither) in the sorted inclusive ``spans`` of ``norm``."""
    out: list[int] = []
    lo, hi = spans[0]
    for s, e in [*spans[1:], (len(norm) + 2, 0)]:
        if s > hi + 1:
            out += [m.start() for m in _WORD_START.finditer(norm, lo, hi + 1)]
            lo, hi = s, e
        else:
            hi = max(hi, e)
    return out


def _matches(lex: DateGrammar, norm: str, everywhere: bool) -> Iterator[tuple[int, Any]]:
    """(rule index, match) of every rule in ``norm``, each rule's matches as ``finditer`` finds them (leftmost,
    not overlapping). A rule is only tried at the starts of words at most its ``heads`` characters before the end of
    an anchor of its kind (khabar.mentions.date_scan), the only places its matches can start; ``everywhere``: at
    every position, the reference the tests compare with."""
    if everywhere or lex.heads is None:
        for prio, (_name, _kind, pattern) in enumerate(lex.rules):
            for m in pattern.finditer(norm):
                yield prio, m
        return
    ends = lex.scanner.ends(norm)
    if not ends:
        return
    starts = _word_starts(norm, sorted((max(0, e - lex.reach[kind]), e) for kind, es in ends.items() for e in es))
    for prio, (_name, kind, pattern) in enumerate(lex.rules):
        if kind not in ends:
            continue
        head, k, last = lex.heads[prio], 0, 0
        for e in ends[kind]:
            k = max(k, bisect_left(starts, max(e - head, last)))
            stop = bisect_right(starts, e)
            while k < stop:
                m = pattern.match(norm, starts[k])
                k += 1
                if m is not None:
                    yield prio, m
                    last = m.end()
                    k = max(k, bisect_left(starts, last))


def _candidates(norm: str, ad: date | None, everywhere: bool = False, words: DateWords | None = None) -> list[Any]:
    """(start, end, rule index, (value, rule, relation)) of rule matches near their anchors (or anywhere)."""
    lex, out = date_grammar(words), []
    for prio, m in _matches(lex, norm, everywhere):
        name = lex.rules[prio][0]
        g = m.groupdict()
        g["_m"] = m
        res = _RESOLVERS[name](g, ad, lex)
        if res is not None:
            relation = res[2] if len(res) == 3 else lex.get("relation", g.get("rel")) or "at"
            out.append((m.start(), m.end(), prio, (res[0], res[1], relation)))
    return out


def find_dates(text: str, article_date: date | None = None, words: DateWords | None = None) -> list[DateMatch]:
    """All non-overlapping date expressions in ``text`` in order, resolved against ``article_date``, with the date
    words of a lexicon (``Lexicon.dates``; default: the packaged lexicon's)."""
    if not text:
        return []
    ad = date(article_date.year, article_date.month, article_date.day) if article_date else None
    imap = _IndexMap(text)
    taken = bytearray(len(imap.text))
    chosen = []
    for s, e, _prio, res in sorted(_candidates(imap.text, ad, words=words), key=lambda c: (c[0] - c[1], c[0], c[2])):
        if taken.find(1, s, e) == -1:
            taken[s:e] = b"\x01" * (e - s)
            chosen.append((s, e, res))
    out = []
    for s, e, (value, rule, relation) in sorted(chosen, key=lambda c: c[0]):
        start, end = imap.orig(s), imap.orig(e - 1) + 1
        if imap.shifted and (marks := TRAILING_MARKS.match(text, end)):
            end = marks.end()
        out.append(DateMatch(start, end, text[start:end], value, f"dates.yaml#{rule}", relation))
    return out


def sentence_dates(sentence: Sentence, article_date: date | None, words: DateWords | None = None) -> list[DateMatch]:
    """The dates of one sentence, with offsets into the whole text."""
    return [replace(d, start=d.start + sentence.start, end=d.end + sentence.start)
            for d in find_dates(sentence.text, article_date, words)]


def date_mention(d: DateMatch) -> Mention:
    """A date as a sentence mention (kept with the other evidence)."""
    return Mention("date", d.start, d.end, d.text, -1, -1, d.rule, value=d.value, relation=d.relation)
