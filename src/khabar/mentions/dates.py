"""Find date expressions in Arabic (and some English) news text and resolve them to ISO dates.

Words come from the lexicon (``lexicon/data/ar/dates.yaml`` plus overlays, :class:`DateWords`); the grammar here
combines them. All is compiled once per lexicon (:func:`_lexicon`) and run over a normalized copy of the text
(diacritics, tatweel, directional marks dropped; hamza/ya/ta-marbuta folded; Arabic-Indic and Persian digits
made ASCII) with an index map back, so offsets point into the text as given. Rules only run near anchor words
(month, unit, day names, years).

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

import functools
import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

import regex

from khabar.lexicon.records import DateWords
from khabar.model import Mention, Sentence
from khabar.text.normalize import DROPPED, MARKS, translator

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


_DELETE = regex.compile(f"[{DROPPED}]+")
_TRAILING_MARKS = regex.compile(f"[{MARKS}]+")
_FOLD = {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي", "ی": "ي", "ک": "ك"}
_DIGITS = {chr(base + i): str(i) for base in (0x660, 0x6F0) for i in range(10)}
_TABLE = str.maketrans({**_FOLD, **_DIGITS, "\u060d": "/"})
_TRANSLATE = translator(_TABLE)  # text.translate(_TABLE), faster on Arabic
_REL_NAMES = {-2: "before_last", -1: "last", 0: "this", 1: "next", 2: "after_next"}
_BEFORE, _AFTER = 90, 70  # chars around an anchor word: more than an expression can reach, plus context
_WORD_TAIL = regex.compile(r"[\p{L}\p{N}]*")

# Regex building blocks; {NAME} is filled from here or from the lexicon (_slots).
_BLOCKS = {
    "LB": r"(?<![\p{L}\p{N}])",
    "RB": r"(?![\p{L}\p{N}])",
    "WS": r"[^\S\n]{1,3}",
    "PRE": r"{LB}[وف]?(?:(?P<rel>{REL}){WS})??[وف]?[بلك]?",
    "RELPRE": r"{LB}[وف]?(?P<rel>{REL}){WS}",
    "TRIG_LB": r"(?<={LB}[وف]?(?:{TRIG}){WS})",
    "YEAR": r"(?<![0-9])(?:1[89][0-9]{2}|20[0-9]{2})(?![0-9])",
    "YSUF": r"(?:[^\S\n]{0,3}م(?![\p{L}\p{N}]))?",
    "DNUM": r"(?<![0-9])(?:3[01]|[12][0-9]|0?[1-9])(?![0-9])",
    "DAY": r"{DNUM}(?:st|nd|rd|th)?",
    "MNUM": r"(?<![0-9])(?:1[0-2]|0?[1-9])(?![0-9])",
    "NUM": r"(?:[0-9]{1,3}|{NUMWORD})",
    "MONTHX": r"(?:{MPFX}{WS})?{MONTHS}",
    "YSPEC": r"(?:[،,]?[^\S\n]{0,3}(?:{LINK}{WS})?(?:{YKW}{WS})?(?P<y>{YEAR}){YSUF}"
    r"|{WS}(?:{LINK}{WS})?(?:(?P<yn>{YNOUN}){WS}(?P<yadj>{ADJ})|(?P<ypn>{PRENOM}){WS}(?P<yn>{YNOUN})))",
    "DMY": r"(?P<d>{DNUM})(?P<sep>[/.\-])(?P<mn>{MNUM})(?P=sep)(?P<y>{YEAR})",
    "YMD": r"(?P<y>{YEAR})(?P<sep>[/.\-])(?P<mn>{MNUM})(?P=sep)(?P<d>{DNUM})",
    "REL_NOUN": r"(?:(?P<rn>{RNOUN}){WS}(?P<adj>{ADJ})|(?P<pn>{PRENOM}){WS}(?P<rn>{RNOUN}))",
}

# (resolver, anchor kind that every match contains, pattern); earlier rules win ties of equal length.
_RULES = (
    ("numeric", "year", r"{PRE}(?:{DMY}|{YMD}){RB}"),
    ("calendar", "month", r"{PRE}(?:(?:{DPFX}{WS})?(?P<wd>{WEEKDAY})[،,]?{WS})?(?:{DPFX}{WS})?"
     r"(?:(?P<d>{DAY})(?:{WS}{LINK})?|(?P<o>{ORD}){WS}{LINK}){WS}{MONTHX}(?:{YSPEC}|{WS}(?P<adj>{ADJ}))?{RB}"),
    ("calendar", "month", r"{PRE}(?P<m>{MONTH_EN}){WS}(?P<d>{DAY})(?:,?{WS}(?P<y>{YEAR}))?{RB}"),
    ("calendar", "month", r"{PRE}{MONTHX}{YSPEC}{RB}"),
    ("month", "month", r"{PRE}{MONTHX}{WS}(?P<adj>{ADJ}){RB}"),
    ("month", "month", r"(?:{TRIG_LB}|{RELPRE}|{LB}[وف]?[بلك]?(?={MPFX}{WS})){MONTHX}{RB}"),
    ("year", "year", r"(?:{PRE}(?P<kw>{YKW}){WS}|{TRIG_LB}|{RELPRE})(?P<y>{YEAR}){YSUF}{RB}"),
    ("year", "year", r"(?<![\p{L}\p{N}/][^\S\n]{0,3})(?P<y>{YEAR}){YSUF}(?![^\S\n]{0,3}[\p{L}\p{N}/])"),
    ("relative", "rnoun", r"(?<!{LB}(?:{RNOT}){WS}){PRE}{REL_NOUN}{RB}"),
    ("ago", "unit", r"{LB}[وف]?(?P<dir>{AGO_PRE}){WS}(?:(?P<n>{NUM}){WS})?(?P<u>{UNIT}){RB}"
     r"(?!{WS}(?:{AGO_NOT}){RB})"),
    ("ago", "ago_post", r"{LB}(?:(?P<n>{NUM}){WS})?(?P<u>{UNIT}){WS}(?P<dir>{AGO_POST}){RB}"),
    ("weekday", "weekday", r"{PRE}(?:(?:{DPFX}|(?P<dw>{DAYWORD})){WS})?(?:(?P<pn>{PRENOM}){WS})?"
     r"(?<!{LB}(?:{WDNOT}){WS})(?P<wd>{WEEKDAY})(?:{WS}(?P<adj>{ADJ}))?{RB}"),
    ("day", "day", r"{PRE}(?:{DPFX}{WS})?(?P<dw>{DAYWORD}){RB}"),
)


def _norm_word(word: Any) -> str:
    return " ".join(_DELETE.sub("", str(word).translate(_TABLE)).split())


def _key(text: str) -> str:
    return " ".join(text.split()).lower()


def _frags(word: str) -> list[str]:
    """Regex pieces of a normalized word: "ال" also matches its contraction after ل; a space, a short run."""
    fold, out = word[0].isascii() and word[0].islower(), []
    if word.startswith("ال") and len(word.split()[0]) > 3:
        out, word = ["(?:ال|(?<=ل)ل)"], word[2:]
    return out + ["{WS}" if c == " " else f"[{c}{c.upper()}]" if fold and c.isalpha() else regex.escape(c)
                  for c in word]


def _emit(node: dict[str, Any]) -> str:
    kids = [frag + _emit(sub) for frag, sub in node.items() if frag]
    return "(?:" + "|".join(kids) + ")" + ("?" if "" in node else "") if kids else ""


def _alt(words: Any) -> str:
    """Words as a trie-shaped regex: cheaper than a flat alternation, and longest first."""
    trie: dict[str, Any] = {}
    for word in {_norm_word(w) for w in words}:
        node = trie
        for frag in _frags(word):
            node = node.setdefault(frag, {})
        node[""] = {}
    return _emit(trie) or "(?!)"


def _flat(mapping: dict[Any, Any]) -> list[Any]:
    return [w for words in mapping.values() for w in words]


def _invert(mapping: dict[Any, Any]) -> dict[str, Any]:
    return {_key(_norm_word(w)): k for k, words in mapping.items() for w in words}


@dataclass(frozen=True, slots=True)
class _Lexicon:
    tables: dict[str, dict[str, Any]]
    rules: tuple[tuple[str, str, Any], ...]
    anchor: re.Pattern[str]
    kinds: dict[str, tuple[str, ...]]

    def get(self, slot: str, text: str | None) -> Any:
        """The value of a matched word (None if absent); handles the "لل" contraction of "ال"."""
        if text is None:
            return None
        table, key = self.tables[slot], _key(text)
        if key not in table and key.startswith("ل"):
            key = "ا" + key
        return table.get(key)


def _tables(d: dict[str, Any]) -> dict[str, dict[str, Any]]:
    counts = {"one": 1, "two": 2, "many": 0}
    units = {(u, counts[f]): words for u, forms in d["units"].items() for f, words in forms.items()}
    ago = {**d["ago_before"], **d["ago_after"]}
    named = {"month": "months", "weekday": "weekdays", "ordinal": "ordinal_days", "number": "numbers",
             "rnoun": "relative_nouns", "adj": "adjectives", "prenom": "prenominal", "relation": "relations"}
    return {
        **{slot: _invert(d[key]) for slot, key in named.items()},
        "day": _invert({(name, e["offset"]): e["words"] for name, e in d["day_words"].items()}),
        "unit": _invert(units),
        "ago": {_key(_norm_word(w)): (v["sign"], v["relation"]) for w, v in ago.items()},
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


def _months(d: dict[str, Any]) -> str:
    """A month name, maybe paired with another name of it ("كانون الثاني/يناير", "آذار (مارس)")."""
    seps = (r"[^\S\n]{0,3}/[^\S\n]{0,3}", "{WS}", r"[^\S\n]{0,3}\([^\S\n]{0,3}")
    branches = []
    for words in d["months"].values():
        a = _alt(words)
        pair = "|".join(f"{sep}(?P<m2>{a})" + (r"[^\S\n]{0,3}\)" if "(" in sep else "") for sep in seps)
        branches.append(f"(?P<m>{a})(?:{pair})?")
    return "(?:" + "|".join(branches) + ")"


def _slots(d: dict[str, Any]) -> dict[str, str]:
    lists = {"MPFX": "month_prefix", "WDNOT": "weekday_not_after", "DPFX": "day_prefix",
             "LINK": "day_month_link", "AGO_PRE": "ago_before", "AGO_POST": "ago_after",
             "AGO_NOT": "ago_not_before", "RNOT": "relative_not_after", "YKW": "year_keywords",
             "TRIG": "triggers"}
    maps = {"WEEKDAY": "weekdays", "ORD": "ordinal_days", "NUMWORD": "numbers", "RNOUN": "relative_nouns",
            "ADJ": "adjectives", "PRENOM": "prenominal", "REL": "relations"}
    return {
        **{slot: _alt(d[key]) for slot, key in lists.items()},
        **{slot: _alt(_flat(d[key])) for slot, key in maps.items()},
        "MONTHS": _months(d),
        "MONTH_EN": _alt(w for w in _flat(d["months"]) if w.isascii()),
        "DAYWORD": _guarded(d["day_words"].values()),
        "UNIT": _alt(w for forms in d["units"].values() for w in _flat(forms)),
        "YNOUN": _alt(d["relative_nouns"]["year"]),
    }


def _fill(template: str, parts: dict[str, str]) -> str:
    """Expand {NAME} placeholders until none is left (blocks may contain placeholders)."""
    name = regex.compile(r"(?<!\\p)\{([A-Z][A-Z0-9_]*)\}")
    while name.search(template):
        template = name.sub(lambda m: parts[m[1]], template)
    return template


def _stem(word: str) -> str:
    return (word[2:] if word.startswith("ال") and len(word) > 3 else word).lower()


def _anchor(d: dict[str, Any]) -> tuple[re.Pattern[str], dict[str, tuple[str, ...]]]:
    """A cheap regex for a year or a stem (one of which every rule needs) and the anchor kinds of each stem.

    A multi-word entry is anchored by its word that is a one-word entry of the same kind, else by its first
    word that is not a function word ("بعد غد" -> غد)."""
    groups = {"month": d["months"].values(), "weekday": d["weekdays"].values(), "ago_post": [d["ago_after"]],
              "rnoun": d["relative_nouns"].values(), "day": [e["words"] for e in d["day_words"].values()],
              "unit": [words for forms in d["units"].values() for words in forms.values()]}
    function = [*_flat(d["relations"]), *_flat(d["prenominal"]), *_flat(d["adjectives"]), *d["ago_before"]]
    function = {_stem(_norm_word(w)) for w in [*function, *d["day_month_link"], *d["triggers"]]}
    kinds: dict[str, set[str]] = {}
    for kind, lists in groups.items():
        entries = [[_stem(p) for p in _norm_word(w).split()] for words in lists for w in words]
        singles = {e[0] for e in entries if len(e) == 1}
        for parts in entries:
            if len(parts) == 1 or not singles.intersection(parts):
                kinds.setdefault(next((p for p in parts if p not in function), parts[0]), set()).add(kind)
    for stem, ks in kinds.items():  # the regex reports the longest stem: give it the kinds of its prefixes
        ks.update(*(kinds[s] for s in kinds if stem.startswith(s)))
    trie = _fill(_alt(kinds), {"WS": " "})
    pattern = re.compile(rf"(?<![0-9])(?:1[89]|20)[0-9]{{2}}|(?<!\w)[وف]{{0,2}}[بلك]?(?:ال|ل)?(?P<s>{trie})")
    return pattern, {stem: tuple(sorted(ks)) for stem, ks in kinds.items()}


def _lexicon(words: DateWords | None = None) -> _Lexicon:
    """The grammar built from ``words`` (default: the packaged lexicon's)."""
    if words is None:
        from khabar.lexicon.compile import load_lexicon

        words = load_lexicon().dates
    return _grammar(words)


@functools.cache
def _grammar(data: DateWords) -> _Lexicon:
    parts = {**_BLOCKS, **_slots(data)}
    rules = tuple((name, kind, regex.compile(_fill(tpl, parts), regex.V0)) for name, kind, tpl in _RULES)
    return _Lexicon(_tables(data), rules, *_anchor(data))


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


def _offset(g: Groups, lex: _Lexicon, adj: str = "adj", pre: str = "pn") -> int | None:
    k = lex.get("adj", g.get(adj))
    return k if k is not None else lex.get("prenom", g.get(pre))


def _r_numeric(g: Groups, ad: date | None, lex: _Lexicon) -> Resolved:
    value = _iso(int(g["y"]), int(g["mn"]), int(g["d"]))
    order = "ymd" if g["_m"].start("y") < g["_m"].start("d") else "dmy"
    return None if value is None else (value, f"numeric_{order}")


def _r_calendar(g: Groups, ad: date | None, lex: _Lexicon) -> Resolved:
    month, day = lex.get("month", g["m"]), lex.get("ordinal", g.get("o"))
    if g.get("d"):
        day = int(g["d"].rstrip("stndrh"))
    name, k = ("day_" if day else "") + "month", lex.get("adj", g.get("adj"))
    year = ad.year if ad else None
    if k is not None:
        year = _month_year(month, k, ad, day) if ad and month else None
        name = f"{name}:{_REL_NAMES.get(k, k)}"
    elif g.get("y"):
        year, name = int(g["y"]), name + "_year"
    elif g.get("yn"):
        k = _offset(g, lex, "yadj", "ypn") or 0
        year, name = (ad.year + k if ad else None), f"{name}_year:{_REL_NAMES.get(k, k)}_year"
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


def _r_month(g: Groups, ad: date | None, lex: _Lexicon) -> Resolved:
    month, k = lex.get("month", g["m"]), lex.get("adj", g.get("adj"))
    name = "month" if k is None else f"month:{_REL_NAMES.get(k, k)}"
    if month is None or ad is None:
        return None if month is None else (None, name)
    return _iso(_month_year(month, k, ad), month), name


def _r_year(g: Groups, ad: date | None, lex: _Lexicon) -> Resolved:
    year = int(g["y"])
    return None if year < 1900 and not g.get("kw") else (_iso(year), "year")


def _r_relative(g: Groups, ad: date | None, lex: _Lexicon) -> Resolved:
    unit, k = lex.get("rnoun", g["rn"]), _offset(g, lex)
    if unit is None or k is None:
        return None
    name = f"relative:{_REL_NAMES.get(k, k)}_{unit}"
    if ad is None:
        return None, name
    if unit == "year":
        return _iso(ad.year + k), name
    if unit == "month":
        return _iso(*_add_months(ad, k)), name
    day = ad + timedelta(days=7 * k)
    return _iso(day.year, day.month), name


def _r_ago(g: Groups, ad: date | None, lex: _Lexicon) -> Resolved:
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


def _r_weekday(g: Groups, ad: date | None, lex: _Lexicon) -> Resolved:
    if g.get("dw"):  # "أمس الأحد", "اليوم الثلاثاء": the day word decides
        return _r_day(g, ad, lex)
    wd, k = lex.get("weekday", g["wd"]), _offset(g, lex)
    name = "weekday" if not k else f"weekday:{_REL_NAMES.get(k, k)}"
    if wd is None or ad is None:
        return None if wd is None else (None, name)
    if not k:
        day = ad - timedelta(days=(ad.weekday() - wd) % 7)
    elif k < 0:
        day = ad - timedelta(days=(ad.weekday() - wd - 1) % 7 + 1 + 7 * (-k - 1))
    else:
        day = ad + timedelta(days=(wd - ad.weekday() - 1) % 7 + 1 + 7 * (k - 1))
    return day.isoformat(), name


def _r_day(g: Groups, ad: date | None, lex: _Lexicon) -> Resolved:
    name, offset = lex.get("day", g["dw"]) or (None, None)
    if name is None:
        return None
    return ((ad + timedelta(days=offset)).isoformat() if ad else None), f"relative:{name}"


_RESOLVERS: dict[str, Callable[[Groups, date | None, _Lexicon], Resolved]] = {
    "numeric": _r_numeric, "calendar": _r_calendar, "month": _r_month, "year": _r_year,
    "relative": _r_relative, "ago": _r_ago, "weekday": _r_weekday, "day": _r_day,
}


# ---------------------------------------------------------------------------------------------- finding


class _IndexMap:
    """The normalized text, and offsets in it mapped back to the original (only deletions shift them)."""

    def __init__(self, text: str) -> None:
        folded = _TRANSLATE(text)
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


def _windows(norm: str, lex: _Lexicon) -> dict[str, list[tuple[int, int]]]:
    """Per anchor kind, the merged stretches of text around its anchors; every date lies in one."""
    out: dict[str, list[tuple[int, int]]] = {}
    for m in lex.anchor.finditer(norm):
        s, e = max(0, m.start() - _BEFORE), _WORD_TAIL.match(norm, min(len(norm), m.end() + _AFTER)).end()
        for kind in lex.kinds[m["s"].lower()] if m["s"] else ("year",):
            spans = out.setdefault(kind, [])
            if spans and s <= spans[-1][1]:
                spans[-1] = (spans[-1][0], max(e, spans[-1][1]))
            else:
                spans.append((s, e))
    return out


def _candidates(norm: str, ad: date | None, everywhere: bool = False, words: DateWords | None = None) -> list[Any]:
    """(start, end, rule index, (value, rule, relation)) of rule matches near their anchors (or anywhere)."""
    lex, out = _lexicon(words), []
    windows = _windows(norm, lex)
    for prio, (name, kind, pattern) in enumerate(lex.rules):
        for s, e in [(0, len(norm))] if everywhere else windows.get(kind, []):
            for m in pattern.finditer(norm, s, e):
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
        if imap.shifted and (marks := _TRAILING_MARKS.match(text, end)):
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
