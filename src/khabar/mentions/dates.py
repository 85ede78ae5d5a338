"""Find date expressions in Arabic (and some English) news text and resolve them to ISO dates.

Words come from ``lexicon/data/ar/dates.yaml``; the grammar below only combines them. Patterns are compiled
once (:func:`_lexicon` is cached) and run over a normalized copy of the text (diacritics, tatweel and
directional marks removed, hamza/ya/ta-marbuta folded, Arabic-Indic and Persian digits made ASCII) with an
index map back to the original, so ``DateMatch.start/end`` always point into the text as given.

Spans: a span starts at its first word, proclitics included ("والعام الماضي"), and includes a relation word
(منذ/قبل/حتى/بعد, which sets ``relation``) and "يوم"/"شهر"/year keywords; licensing prepositions such as "في" or
"خلال" stay outside ("في مارس" -> "مارس"). Overlapping candidates: the longest wins, then the earlier rule.

Resolution (``value``) against ``article_date`` (None when it is needed but not given):
- day + month without a year ("الخامس من سبتمبر", "15 يناير") takes the article's year.
- a month alone ("في مارس") is the article's year if the month is not after the article's month, else the
  year before. "سبتمبر الماضي" is the latest September strictly before the article's month, "مارس المقبل" the
  first March strictly after it, "سبتمبر الجاري" the article's year.
- "الأسبوع الماضي/المقبل/الجاري" is a span, not a day: the year-month of article date -7/+7/+0 days.
  "قبل أسبوع" (a point, a week ago) is the day article date -7.
- durations: "قبل/منذ/بعد N يوم|أسبوع" -> day, "... شهر" -> year-month, "... عام" -> year. "منذ" sets relation
  "since"; a duration followed by من/على ("بعد يومين من الهجوم") is anchored elsewhere and is not matched.
- weekdays: the latest such day on or before the article date; with المقبل the first one strictly after,
  with الماضي the latest strictly before.
- a bare year ("2023") counts only after a relation word or trigger ("في 2023"), or standing alone between
  punctuation ("(2023)"); "قتل 2000 شخص" is not a date. Years are 1800-2099 (1900-2099 when bare).
Not covered: Hijri dates, ranges ("بين 2019 و2021", "عامي"), clock times, vague spans ("قبل أيام", "مطلع الشهر"
beyond the month itself), "الخامس من الشهر الجاري". dateparser is not used as a fallback: it marks ordinary
words as dates ("الآن", "السبت الأسود") and fills missing day/month from the base date (false precision).
"""

from __future__ import annotations

import functools
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from importlib.resources import files
from typing import Any

import regex
import yaml

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


_MARKS = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640"
_DELETE = regex.compile(f"[{_MARKS}\u061c\u200b-\u200f\u2066-\u2069\ufeff]+")
_TRAILING_MARKS = regex.compile(f"[{_MARKS}]+")
_FOLD = {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي", "ی": "ي", "ک": "ك"}
_TABLE = str.maketrans(
    {**_FOLD, "\u060d": "/", **{chr(0x660 + i): str(i) for i in range(10)}, **{chr(0x6F0 + i): str(i) for i in range(10)}}
)
_REL_NAMES = {-2: "before_last", -1: "last", 0: "this", 1: "next", 2: "after_next"}
_DATA = "lexicon/data/ar/dates.yaml"

# Regex building blocks; {NAME} is filled from _BLOCKS or from the lexicon (see _slots).
_BLOCKS = {
    "LB": r"(?<![\p{L}\p{N}])",
    "RB": r"(?![\p{L}\p{N}])",
    "WS": r"[^\S\n]{1,3}",
    "PRE": r"{LB}[وف]?(?:(?P<rel>{REL}){WS})??[وف]?[بلك]?",
    "RELPRE": r"{LB}[وف]?(?P<rel>{REL}){WS}",
    "TRIG_LB": r"(?<=(?<![\p{L}\p{N}])[وف]?(?:{TRIG}){WS})",
    "YEAR": r"(?<![0-9])(?:1[89][0-9]{2}|20[0-9]{2})(?![0-9])",
    "YSUF": r"(?:[^\S\n]*م(?![\p{L}\p{N}]))?",
    "DNUM": r"(?<![0-9])(?:3[01]|[12][0-9]|0?[1-9])(?![0-9])",
    "DAY": r"{DNUM}(?:st|nd|rd|th)?",
    "MNUM": r"(?<![0-9])(?:1[0-2]|0?[1-9])(?![0-9])",
    "NUM": r"(?:[0-9]{1,3}|{NUMWORD})",
    "MONTHX": r"(?:{MPFX}{WS})?(?P<m>{MONTH})(?:[^\S\n]*/[^\S\n]*(?P<m2>{MONTH})"
    r"|[^\S\n]*\([^\S\n]*(?P<m2>{MONTH})[^\S\n]*\))?",
    "YSPEC": r"(?:[،,]?[^\S\n]*(?:{LINK}{WS})?(?:{YKW}{WS})?(?P<y>{YEAR}){YSUF}"
    r"|{WS}(?:{LINK}{WS})?(?:(?P<yn>{YNOUN}){WS}(?P<yadj>{ADJ})|(?P<ypn>{PRENOM}){WS}(?P<yn>{YNOUN})))",
}

# (resolver name, pattern); earlier rules win ties between equally long candidates.
_RULES = (
    ("numeric", r"{PRE}(?:(?P<d>{DNUM})(?P<sep>[/.\-])(?P<mn>{MNUM})(?P=sep)(?P<y>{YEAR})"
     r"|(?P<y>{YEAR})(?P<sep>[/.\-])(?P<mn>{MNUM})(?P=sep)(?P<d>{DNUM})){RB}"),
    ("calendar", r"{PRE}(?:{DPFX}{WS})?(?:(?P<d>{DAY})(?:{WS}{LINK})?|(?P<o>{ORD}){WS}{LINK}){WS}{MONTHX}(?:{YSPEC})?{RB}"),
    ("calendar", r"{PRE}(?P<m>{MONTH_EN}){WS}(?P<d>{DAY})(?:,?{WS}(?P<y>{YEAR}))?{RB}"),
    ("calendar", r"{PRE}{MONTHX}{YSPEC}{RB}"),
    ("month", r"{PRE}{MONTHX}{WS}(?P<adj>{ADJ}){RB}"),
    ("month", r"(?:{TRIG_LB}|{RELPRE}|{LB}[وف]?[بلك]?(?={MPFX}{WS})){MONTHX}{RB}"),
    ("year", r"(?:{PRE}(?P<kw>{YKW}){WS}|{TRIG_LB}|{RELPRE})(?P<y>{YEAR}){YSUF}{RB}"),
    ("year", r"(?<![\p{L}\p{N}][^\S\n]{0,3})(?P<y>{YEAR}){YSUF}(?![^\S\n]{0,3}[\p{L}\p{N}])"),
    ("relative", r"(?<!{LB}(?:{RNOT}){WS}){PRE}(?:(?P<rn>{RNOUN}){WS}(?P<adj>{ADJ})|(?P<pn>{PRENOM}){WS}(?P<rn>{RNOUN})){RB}"),
    ("ago", r"{LB}[وف]?(?P<dir>{AGO_PRE}){WS}(?:(?P<n>{NUM}){WS})?(?P<u>{UNIT}){RB}(?!{WS}(?:{AGO_NOT}){RB})"),
    ("ago", r"{LB}(?:(?P<n>{NUM}){WS})?(?P<u>{UNIT}){WS}(?P<dir>{AGO_POST}){RB}"),
    ("weekday", r"{PRE}(?:(?:{DPFX}|{TODAY}){WS})?(?:(?P<pn>{PRENOM}){WS})?(?<!{LB}(?:{WDNOT}){WS})(?P<wd>{WEEKDAY})"
     r"(?:{WS}(?P<adj>{ADJ}))?{RB}"),
    ("day", r"{PRE}(?:{DPFX}{WS})?(?P<dw>{DAYWORD}){RB}"),
)


def _norm_word(word: Any) -> str:
    return " ".join(_DELETE.sub("", str(word).translate(_TABLE)).split())


def _key(text: str) -> str:
    return " ".join(text.split()).lower()


def _frags(word: str) -> list[str]:
    """Regex pieces of a normalized word: "ال" also matches its contraction after ل, a space any short run."""
    fold, out = word[0].isascii() and word[0].islower(), []
    if word.startswith("ال") and len(word.split()[0]) > 3:
        out, word = ["(?:ال|(?<=ل)ل)"], word[2:]
    for ch in word:
        out.append("{WS}" if ch == " " else f"[{ch}{ch.upper()}]" if fold and ch.isalpha() else regex.escape(ch))
    return out


def _emit(node: dict[str, Any]) -> str:
    kids = [frag + _emit(sub) for frag, sub in node.items() if frag]
    if not kids:
        return ""
    return "(?:" + "|".join(kids) + ")" + ("?" if "" in node else "")


def _alt(words: Any) -> str:
    """Words as a trie-shaped regex: fast (no long alternation at each position) and longest-first."""
    trie: dict[str, Any] = {}
    for word in {_norm_word(w) for w in words}:
        node = trie
        for frag in _frags(word):
            node = node.setdefault(frag, {})
        node[""] = {}
    return _emit(trie) or "(?!)"


def _invert(mapping: dict[Any, Any]) -> dict[str, Any]:
    return {_key(_norm_word(w)): k for k, words in mapping.items() for w in words}


@dataclass(frozen=True, slots=True)
class _Lexicon:
    tables: dict[str, dict[str, Any]]
    rules: tuple[tuple[str, Any], ...]

    def get(self, slot: str, text: str | None) -> Any:
        """The value of a matched word (None if absent); handles the "لل" contraction of "ال"."""
        if text is None:
            return None
        table, key = self.tables[slot], _key(text)
        if key not in table and key.startswith("ل"):
            key = "ا" + key
        return table.get(key)


def _tables(d: dict[str, Any]) -> dict[str, dict[str, Any]]:
    days = {name: e["offset"] for name, e in d["day_words"].items()}
    units = {(u, n): forms[f] for u, forms in d["units"].items() for f, n in (("one", 1), ("two", 2), ("many", 0))}
    ago = {**d["ago_before"], **d["ago_after"]}
    return {
        "month": _invert(d["months"]),
        "weekday": _invert(d["weekdays"]),
        "day": _invert({(n, off): d["day_words"][n]["words"] for n, off in days.items()}),
        "ordinal": _invert(d["ordinal_days"]),
        "number": _invert(d["numbers"]),
        "unit": _invert(units),
        "ago": {_key(_norm_word(w)): (v["sign"], v["relation"]) for w, v in ago.items()},
        "rnoun": _invert(d["relative_nouns"]),
        "adj": _invert(d["adjectives"]),
        "prenom": _invert(d["prenominal"]),
        "relation": _invert(d["relations"]),
    }


def _guarded(entries: Any) -> str:
    """Day words; an entry's not_after / not_before context words veto it (such entries are tried first)."""
    pats, plain = [], []
    for entry in entries:
        if not (entry.get("not_after") or entry.get("not_before")):
            plain += entry["words"]
            continue
        pat = _alt(entry["words"])
        if entry.get("not_after"):
            pat = f"(?<!{{LB}}{_alt(entry['not_after'])}{{WS}}){pat}"
        if entry.get("not_before"):
            pat = f"{pat}(?!{{WS}}{_alt(entry['not_before'])}{{RB}})"
        pats.append(pat)
    return "(?:" + "|".join([*pats, _alt(plain)]) + ")"


def _slots(d: dict[str, Any]) -> dict[str, str]:
    months = [w for words in d["months"].values() for w in words]
    units = [w for forms in d["units"].values() for words in forms.values() for w in words]
    return {
        "MONTH": _alt(months),
        "MONTH_EN": _alt(w for w in months if w.isascii()),
        "MPFX": _alt(d["month_prefix"]),
        "WEEKDAY": _alt(w for words in d["weekdays"].values() for w in words),
        "WDNOT": _alt(d["weekday_not_after"]),
        "DPFX": _alt(d["day_prefix"]),
        "TODAY": _guarded([d["day_words"]["today"]]),
        "DAYWORD": _guarded(d["day_words"].values()),
        "ORD": _alt(w for words in d["ordinal_days"].values() for w in words),
        "LINK": _alt(d["day_month_link"]),
        "NUMWORD": _alt(w for words in d["numbers"].values() for w in words),
        "UNIT": _alt(units),
        "AGO_PRE": _alt(d["ago_before"]),
        "AGO_POST": _alt(d["ago_after"]),
        "AGO_NOT": _alt(d["ago_not_before"]),
        "RNOUN": _alt(w for words in d["relative_nouns"].values() for w in words),
        "YNOUN": _alt(d["relative_nouns"]["year"]),
        "RNOT": _alt(d["relative_not_after"]),
        "ADJ": _alt(w for words in d["adjectives"].values() for w in words),
        "PRENOM": _alt(w for words in d["prenominal"].values() for w in words),
        "YKW": _alt(d["year_keywords"]),
        "REL": _alt(w for words in d["relations"].values() for w in words),
        "TRIG": _alt(d["triggers"]),
    }


def _fill(template: str, parts: dict[str, str]) -> str:
    """Expand {NAME} placeholders until none is left (blocks may contain placeholders)."""
    name = regex.compile(r"(?<!\\p)\{([A-Z][A-Z0-9_]*)\}")
    while name.search(template):
        template = name.sub(lambda m: parts[m[1]], template)
    return template


@functools.cache
def _lexicon() -> _Lexicon:
    data = yaml.safe_load((files("khabar") / _DATA).read_text(encoding="utf-8"))
    parts = {**_BLOCKS, **_slots(data)}
    rules = tuple((name, regex.compile(_fill(tpl, parts), regex.V0)) for name, tpl in _RULES)
    return _Lexicon(_tables(data), rules)


# ---------------------------------------------------------------------------------------------- resolution

Resolved = tuple[str | None, str, str] | None  # (value, rule, relation); None drops the candidate
Groups = dict[str, Any]


def _iso(y: int, m: int | None = None, d: int | None = None) -> str | None:
    """"YYYY", "YYYY-MM" or "YYYY-MM-DD"; None if the day does not exist."""
    if m is None:
        return f"{y:04d}"
    if d is None:
        return f"{y:04d}-{m:02d}"
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def _add_months(ad: date, k: int) -> tuple[int, int]:
    total = ad.year * 12 + ad.month - 1 + k
    return total // 12, total % 12 + 1


def _relation(g: Groups, lex: _Lexicon) -> str:
    return lex.get("relation", g.get("rel")) or "at"


def _offset(g: Groups, lex: _Lexicon, adj: str = "adj", pre: str = "pn") -> int | None:
    k = lex.get("adj", g.get(adj))
    return k if k is not None else lex.get("prenom", g.get(pre))


def _r_numeric(g: Groups, ad: date | None, lex: _Lexicon) -> Resolved:
    value = _iso(int(g["y"]), int(g["mn"]), int(g["d"]))
    order = "ymd" if g["_m"].start("y") < g["_m"].start("d") else "dmy"
    return None if value is None else (value, f"numeric_{order}", _relation(g, lex))


def _r_calendar(g: Groups, ad: date | None, lex: _Lexicon) -> Resolved:
    month = lex.get("month", g["m"])
    day = lex.get("ordinal", g["o"]) if g.get("o") else int(regex.sub(r"\D", "", g["d"])) if g.get("d") else None
    if month is None:
        return None
    if g.get("m2") and lex.get("month", g["m2"]) != month:  # "يناير/فبراير 2020": two months, only the year
        return (_iso(int(g["y"])), "month_year:range", _relation(g, lex)) if g.get("y") and not day else None
    name = ("day_" if day else "") + "month"
    if g.get("y"):
        year: int | None = int(g["y"])
        name += "_year"
    elif g.get("yn"):
        k = _offset(g, lex, "yadj", "ypn") or 0
        year = ad.year + k if ad else None
        name += f"_year:{_REL_NAMES.get(k, k)}_year"
    else:
        year = ad.year if ad else None
    if _iso(2000 if year is None else year, month, day) is None:  # no such day (2000 is a leap year)
        return None
    return (None if year is None else _iso(year, month, day)), name, _relation(g, lex)


def _r_month(g: Groups, ad: date | None, lex: _Lexicon) -> Resolved:
    month = lex.get("month", g["m"])
    if month is None or (g.get("m2") and lex.get("month", g["m2"]) != month):
        return None
    k = lex.get("adj", g.get("adj"))
    name = "month" if k is None else f"month:{_REL_NAMES.get(k, k)}"
    if ad is None:
        return None, name, _relation(g, lex)
    if k is None:
        year = ad.year if month <= ad.month else ad.year - 1
    elif k == 0:
        year = ad.year
    elif k < 0:
        year = (ad.year if month < ad.month else ad.year - 1) + k + 1
    else:
        year = (ad.year if month > ad.month else ad.year + 1) + k - 1
    return _iso(year, month), name, _relation(g, lex)


def _r_year(g: Groups, ad: date | None, lex: _Lexicon) -> Resolved:
    year = int(g["y"])
    if year < 1900 and not g.get("kw"):
        return None
    return _iso(year), "year", _relation(g, lex)


def _r_relative(g: Groups, ad: date | None, lex: _Lexicon) -> Resolved:
    unit, k = lex.get("rnoun", g["rn"]), _offset(g, lex)
    if unit is None or k is None:
        return None
    name = f"relative:{_REL_NAMES.get(k, k)}_{unit}"
    if ad is None:
        return None, name, _relation(g, lex)
    if unit == "year":
        value = _iso(ad.year + k)
    elif unit == "month":
        value = _iso(*_add_months(ad, k))
    else:
        day = ad + timedelta(days=7 * k)
        value = _iso(day.year, day.month)
    return value, name, _relation(g, lex)


def _r_ago(g: Groups, ad: date | None, lex: _Lexicon) -> Resolved:
    sign, relation = lex.get("ago", g["dir"])
    unit, count = lex.get("unit", g["u"])
    n = g.get("n")
    if n is not None:
        count = int(n) if n.isdigit() else lex.get("number", n)
    if not count:
        return None
    name = f"{'ago' if sign < 0 else 'later'}:{unit}"
    if ad is None:
        return None, name, relation
    k = sign * count
    if unit in ("day", "week"):
        value = (ad + timedelta(days=k * (7 if unit == "week" else 1))).isoformat()
    elif unit == "month":
        value = _iso(*_add_months(ad, k))
    else:
        value = _iso(ad.year + k)
    return value, name, relation


def _r_weekday(g: Groups, ad: date | None, lex: _Lexicon) -> Resolved:
    wd, k = lex.get("weekday", g["wd"]), _offset(g, lex)
    name = "weekday" if not k else f"weekday:{_REL_NAMES.get(k, k)}"
    if wd is None or ad is None:
        return None if wd is None else (None, name, _relation(g, lex))
    if not k:
        day = ad - timedelta(days=(ad.weekday() - wd) % 7)
    elif k < 0:
        day = ad - timedelta(days=(ad.weekday() - wd - 1) % 7 + 1 + 7 * (-k - 1))
    else:
        day = ad + timedelta(days=(wd - ad.weekday() - 1) % 7 + 1 + 7 * (k - 1))
    return day.isoformat(), name, _relation(g, lex)


def _r_day(g: Groups, ad: date | None, lex: _Lexicon) -> Resolved:
    found = lex.get("day", g["dw"])
    if found is None:
        return None
    name, offset = found
    value = (ad + timedelta(days=offset)).isoformat() if ad else None
    return value, f"relative:{name}", _relation(g, lex)


_RESOLVERS: dict[str, Callable[[Groups, date | None, _Lexicon], Resolved]] = {
    "numeric": _r_numeric,
    "calendar": _r_calendar,
    "month": _r_month,
    "year": _r_year,
    "relative": _r_relative,
    "ago": _r_ago,
    "weekday": _r_weekday,
    "day": _r_day,
}


# ---------------------------------------------------------------------------------------------- finding


class _IndexMap:
    """Maps offsets in the normalized text back to the original (only deletions shift offsets)."""

    def __init__(self, text: str) -> None:
        folded = text.translate(_TABLE)
        self.norm_starts, self.orig_starts, parts = [0], [0], []
        pos = 0
        for m in _DELETE.finditer(folded):
            parts.append(folded[pos : m.start()])
            pos = m.end()
            self.norm_starts.append(self.norm_starts[-1] + len(parts[-1]))
            self.orig_starts.append(pos)
        parts.append(folded[pos:])
        self.text, self.shifted = "".join(parts), len(parts) > 1

    def orig(self, i: int) -> int:
        k = bisect_right(self.norm_starts, i) - 1
        return self.orig_starts[k] + i - self.norm_starts[k]


def _candidates(norm: str, ad: date | None) -> list[tuple[int, int, int, tuple[str | None, str, str]]]:
    lex, out = _lexicon(), []
    for prio, (name, pattern) in enumerate(lex.rules):
        resolve = _RESOLVERS[name]
        for m in pattern.finditer(norm):
            g = m.groupdict()
            g["_m"] = m
            res = resolve(g, ad, lex)
            if res is not None:
                out.append((m.start(), m.end(), prio, res))
    return out


def find_dates(text: str, article_date: date | None = None) -> list[DateMatch]:
    """All non-overlapping date expressions in ``text``, in order; relative ones resolved to ``article_date``."""
    if not text:
        return []
    ad = date(article_date.year, article_date.month, article_date.day) if article_date else None
    imap = _IndexMap(text)
    taken = bytearray(len(imap.text))
    chosen = []
    for s, e, _prio, res in sorted(_candidates(imap.text, ad), key=lambda c: (c[0] - c[1], c[0], c[2])):
        if taken.find(1, s, e) == -1:
            taken[s:e] = b"\x01" * (e - s)
            chosen.append((s, e, res))
    out = []
    for s, e, (value, rule, relation) in sorted(chosen, key=lambda c: c[0]):
        start, end = imap.orig(s), imap.orig(e - 1) + 1
        if imap.shifted and (marks := _TRAILING_MARKS.match(text, end)):
            end = marks.end()
        out.append(DateMatch(start, end, text[start:end], value, f"dates.yaml#{rule}", relation))
    return out
