"""The date grammar: the lexicon's date words (``ar/dates.yaml`` plus overlays, :class:`DateWords`) combined into
regular expressions over a normalized copy of the text, compiled once per lexicon. The rules and their resolution
into ISO dates are described in khabar.mentions.dates, which runs this grammar."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

import regex

from khabar.lexicon.records import DateWords
from khabar.mentions.date_scan import DateScanner
from khabar.text.normalize import DROPPED, MARKS, translator

DELETE = regex.compile(f"[{DROPPED}]+")
TRAILING_MARKS = regex.compile(f"[{MARKS}]+")
_FOLD = {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي", "ی": "ي", "ک": "ك"}
_DIGITS = {chr(base + i): str(i) for base in (0x660, 0x6F0) for i in range(10)}
_TABLE = str.maketrans({**_FOLD, **_DIGITS, "\u060d": "/"})
TRANSLATE = translator(_TABLE)  # text.translate(_TABLE), faster on Arabic
REL_NAMES = {-2: "before_last", -1: "last", 0: "this", 1: "next", 2: "after_next"}

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
    reach: dict[str, tuple[int, int]] | None  # per anchor kind, chars a rule's text can reach around an anchor

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
    letter, the separator back-reference as one character, groups unnamed (rules repeat names across branches)."""
    pattern = pattern.replace(r"\p{L}", "a").replace(r"\p{N}", "0").replace("(?P=sep)", "/")
    return regex.sub(r"\(\?P<\w+>", "(?:", pattern)


def _subpatterns(value: Any) -> Any:
    if isinstance(value, (tuple, list)) and not hasattr(value, "getwidth"):
        for v in value:
            yield from _subpatterns(v)
    elif hasattr(value, "getwidth"):
        yield value


def _lookahead(tree: Any, kinds: tuple[Any, ...]) -> int:
    """How far past the point where it stands the farthest lookahead in ``tree`` reads (nested ones added)."""
    best = 0
    for op, av in tree:
        if op in kinds and av[0] == 1:
            best = max(best, av[1].getwidth()[1] + _lookahead(av[1], kinds))
        else:
            best = max([best, *(_lookahead(sub, kinds) for sub in _subpatterns(av))])
    return best


def _reach(patterns: list[str]) -> tuple[int, int] | None:
    """(``before``, ``after``) of the windows a kind's rules need: a match is at most ``width`` characters long and
    contains its anchor, so it starts at most ``width`` before the anchor's word and ends at most ``width`` after it,
    and a lookahead reads at most ``ahead`` further (so the window runs to width + ahead). None when the stdlib
    parser cannot bound a rule (then rules run over the whole text)."""
    try:
        from re import _constants as sre  # widths only, from the stdlib's pattern parser
        from re import _parser as parser

        trees = [parser.parse(_for_width(p)) for p in patterns]
        kinds = (sre.ASSERT, sre.ASSERT_NOT)
        width = max(t.getwidth()[1] for t in trees)
        ahead = max(_lookahead(t, kinds) for t in trees)
    except Exception:  # another Python's parser: no windows, the same dates
        return None
    return (width, width + ahead) if width + ahead < 10_000 else None


@functools.cache
def _grammar(data: DateWords) -> DateGrammar:
    parts = {**_BLOCKS, **_slots(data)}
    filled = [(name, kind, _fill(tpl, parts)) for name, kind, tpl in _RULES]
    rules = tuple((name, kind, regex.compile(p, regex.V0)) for name, kind, p in filled)
    reach: dict[str, tuple[int, int]] | None = {}
    for kind in {kind for _, kind, _ in filled}:
        bounds = _reach([p for _, k, p in filled if k == kind])
        if bounds is None:
            reach = None
            break
        reach[kind] = bounds
    return DateGrammar(_tables(data), rules, _scanner(data), reach)
