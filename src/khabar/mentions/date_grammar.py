"""The date grammar: the lexicon's date words (``ar/dates.yaml`` plus overlays, :class:`DateWords`) combined into
regular expressions over a normalized copy of the text, compiled once per lexicon. The rules and their resolution
into ISO dates are described in khabar.mentions.dates, which runs this grammar."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

import regex

from khabar.lexicon.records import DateWords
from khabar.mentions.date_scan import DateScanner
from khabar.text.normalize import DROPPED, MARKS, translator

DELETE = re.compile(f"[{DROPPED}]+")  # code point classes: the stdlib engine reads them alike, faster
TRAILING_MARKS = re.compile(f"[{MARKS}]+")
_FOLD = {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي", "ی": "ي", "ک": "ك"}
_DIGITS = {chr(base + i): str(i) for base in (0x660, 0x6F0) for i in range(10)}
_TABLE = str.maketrans({**_FOLD, **_DIGITS, "\u060d": "/"})
TRANSLATE = translator(_TABLE)  # text.translate(_TABLE), faster on Arabic
REL_NAMES = {-2: "before_last", -1: "last", 0: "this", 1: "next", 2: "after_next"}

# Regex building blocks; {NAME} is filled from here or from the lexicon (_slots).
_BLOCKS = {
    "AEND": "",
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

# (resolver, anchor kind that every match contains, pattern); earlier rules win ties of equal length. {AEND} marks
# where the anchor word of the kind has been read (nothing in the pattern): a match starts at most as many characters
# before the anchor's end as the pattern up to {AEND} can be long (DateGrammar.heads).
_RULES = (
    ("numeric", "year", r"{PRE}(?:{DMY}|{YMD}){AEND}{RB}"),
    ("calendar", "month", r"{PRE}(?:(?:{DPFX}{WS})?(?P<wd>{WEEKDAY})[،,]?{WS})?(?:{DPFX}{WS})?"
     r"(?:(?P<d>{DAY})(?:{WS}{LINK})?|(?P<o>{ORD}){WS}{LINK}){WS}{MONTHX}{AEND}(?:{YSPEC}|{WS}(?P<adj>{ADJ}))?{RB}"),
    ("calendar", "month", r"{PRE}(?P<m>{MONTH_EN}){AEND}{WS}(?P<d>{DAY})(?:,?{WS}(?P<y>{YEAR}))?{RB}"),
    ("calendar", "month", r"{PRE}{MONTHX}{AEND}{YSPEC}{RB}"),
    ("month", "month", r"{PRE}{MONTHX}{AEND}{WS}(?P<adj>{ADJ}){RB}"),
    ("month", "month", r"(?:{TRIG_LB}|{RELPRE}|{LB}[وف]?[بلك]?(?={MPFX}{WS})){MONTHX}{AEND}{RB}"),
    ("year", "year", r"(?:{PRE}(?P<kw>{YKW}){WS}|{TRIG_LB}|{RELPRE})(?P<y>{YEAR}){AEND}{YSUF}{RB}"),
    ("year", "year", r"(?<![\p{L}\p{N}/][^\S\n]{0,3})(?P<y>{YEAR}){AEND}{YSUF}(?![^\S\n]{0,3}[\p{L}\p{N}/])"),
    ("relative", "rnoun", r"(?<!{LB}(?:{RNOT}){WS}){PRE}{REL_NOUN}{AEND}{RB}"),
    ("ago", "unit", r"{LB}[وف]?(?P<dir>{AGO_PRE}){WS}(?:(?P<n>{NUM}){WS})?(?P<u>{UNIT}){AEND}{RB}"
     r"(?!{WS}(?:{AGO_NOT}){RB})"),
    ("ago", "ago_post", r"{LB}(?:(?P<n>{NUM}){WS})?(?P<u>{UNIT}){WS}(?P<dir>{AGO_POST}){AEND}{RB}"),
    ("weekday", "weekday", r"{PRE}(?:(?:{DPFX}|(?P<dw>{DAYWORD})){WS})?(?:(?P<pn>{PRENOM}){WS})?"
     r"(?<!{LB}(?:{WDNOT}){WS})(?P<wd>{WEEKDAY}){AEND}(?:{WS}(?P<adj>{ADJ}))?{RB}"),
    ("day", "day", r"{PRE}(?:{DPFX}{WS})?(?P<dw>{DAYWORD}){AEND}{RB}"),
)


def _norm_word(word: Any) -> str:
    return " ".join(DELETE.sub("", str(word).translate(_TABLE)).split())


def word_key(text: str) -> str:
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
    return {word_key(_norm_word(w)): k for k, words in mapping.items() for w in words}


@dataclass(frozen=True, slots=True)
class DateGrammar:
    tables: dict[str, dict[str, Any]]
    rules: tuple[tuple[str, str, Any], ...]
    scanner: DateScanner
    heads: tuple[int, ...] | None  # per rule, how far before its anchor's end a match can start (None: anywhere)
    reach: dict[str, int]  # per anchor kind, the longest of its rules' heads

    def get(self, slot: str, text: str | None) -> Any:
        """The value of a matched word (None if absent); handles the "لل" contraction of "ال"."""
        if text is None:
            return None
        table, key = self.tables[slot], word_key(text)
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
        "ago": {word_key(_norm_word(w)): (v["sign"], v["relation"]) for w, v in ago.items()},
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


def _scanner(d: dict[str, Any]) -> DateScanner:
    """The anchor words (stems: normalized, lowercase, "ال" dropped; one of which, or a year, every rule needs) and
    their kinds, in one automaton.

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
    glue = [_norm_word(w) for w in [*d["day_month_link"], *d["year_keywords"]]]  # what YSPEC lets touch a month
    return DateScanner(kinds, glue)


def date_grammar(words: DateWords | None = None) -> DateGrammar:
    """The grammar built from ``words`` (default: the packaged lexicon's)."""
    if words is None:
        from khabar.lexicon.compile import load_lexicon

        words = load_lexicon().dates
    return _grammar(words)


def _for_width(pattern: str) -> str:
    """A rule as the stdlib parser reads it, every piece as wide as in the rule: letter and digit classes as one
    letter or digit, the separator back-reference as one character, groups unnamed (rules repeat names)."""
    pattern = pattern.replace(r"\p{L}", "a").replace(r"\p{N}", "0").replace("(?P=sep)", "/")
    return regex.sub(r"\(\?P<\w+>", "(?:", pattern)


def _word_char(c: str) -> bool:
    return c.isalpha() or c.isnumeric()


def _first(items: Any, sre: Any) -> str:
    """'ok' if every match of the parsed pattern ``items`` starts with a letter or digit, 'empty' if it may also be
    empty, 'bad' if it may start otherwise (or with what this does not read)."""
    for op, av in items:
        if op in (sre.ASSERT, sre.ASSERT_NOT, sre.AT):
            continue  # zero width
        if op is sre.LITERAL:
            return "ok" if _word_char(chr(av)) else "bad"
        if op is sre.IN:
            word = all((o is sre.LITERAL and _word_char(chr(v)))
                       or (o is sre.RANGE and all(_word_char(chr(c)) for c in range(v[0], v[1] + 1))) for o, v in av)
            return "ok" if word else "bad"
        if op is sre.BRANCH:
            subs, optional = av[1], False
        elif op is sre.SUBPATTERN:
            subs, optional = [av[-1]], False
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
            subs, optional = [av[2]], av[0] == 0
        else:
            return "bad"
        firsts = [_first(sub, sre) for sub in subs]
        if "bad" in firsts:
            return "bad"
        if optional or "empty" in firsts:
            continue  # what follows may come first
        return "ok"
    return "empty"


def _heads(patterns: list[str]) -> tuple[int, ...] | None:
    """For each rule (pattern up to its anchor's end), the longest that part can be: a match starts at most this many
    characters before the end of an anchor of its kind, at the start of a word (every rule starts with a letter or
    digit after one that is neither). None when the stdlib parser cannot tell (then the rules run everywhere)."""
    try:
        from re import _constants as sre  # widths and first characters only, from the stdlib's pattern parser
        from re import _parser as parser

        trees = [parser.parse(_for_width(p)) for p in patterns]
        if any(_first(t, sre) != "ok" for t in trees):
            return None
        widths = tuple(t.getwidth()[1] for t in trees)
    except Exception:  # another Python's parser
        return None
    return widths if max(widths) < 10_000 else None


@functools.cache
def _grammar(data: DateWords) -> DateGrammar:
    parts = {**_BLOCKS, **_slots(data)}
    rules = tuple((name, kind, regex.compile(_fill(tpl, parts), regex.V0)) for name, kind, tpl in _RULES)
    heads = _heads([_fill(tpl.split("{AEND}")[0], parts) for _, _, tpl in _RULES])
    reach: dict[str, int] = {}
    for (_, kind, _), head in zip(_RULES, heads or (), strict=False):
        reach[kind] = max(reach.get(kind, 0), head)
    return DateGrammar(_tables(data), rules, _scanner(data), heads, reach)
