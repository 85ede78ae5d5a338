"""Compile the English side of the lexicon into one Aho-Corasick automaton over lower-cased token streams.

English shares every entry, code and ontology with Arabic: states, organizations and people carry their English
names (``en``, ``en_names``, ``en_demonym``, ``capital_en``, short names ``en_short``/``en_alone``), event triggers
their English verbs and nouns (the ``en:`` block of an ar/verbs.yaml entry, compiled as ``en``, ``en_nouns``,
``en_target``, ``en_objects``), so the same event told in both languages gets the same code and rule. The files
under ``en/`` add what only English needs (agents, seats, reporting verbs, modality cues, function words, support
verbs). Verb and noun inflections are generated with lemminflect at compile time.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from khabar.lexicon import compile as ar_compile
from khabar.lexicon.cache import load_cached
from khabar.lexicon.compile import Automaton, Surface, build_automaton, frozen_items
from khabar.lexicon.frozen import FrozenDict, freeze
from khabar.lexicon.resources import Item, fingerprint
from khabar.lexicon.schema import validate_items

EN_LEXICON_FILES = ("en/agents.yaml", "en/seats.yaml", "en/verbs.yaml", "en/reporting.yaml", "en/modality.yaml")


def en_words(text: str) -> list[str]:
    """The lower-cased tokens of a phrase, split the way English sentences are (Russia's → russia 's)."""
    from khabar.text.english_tokens import english_tokens

    return [t.norm for t in english_tokens(text, 0, len(text))]


def en_key(text: str) -> str:
    return " ".join(en_words(text))


def is_acronym(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    return 1 < len(letters) <= 6 and all(c.isupper() for c in letters)


@dataclass(frozen=True, slots=True)
class EnglishLexicon:
    """The compiled English lexicon: frozen and read-only like the Arabic one (lexicon.compile.Lexicon)."""

    automaton: Automaton
    words: Mapping[str, frozenset[str]]
    groups: Mapping[str, Mapping[str, frozenset[str]]]
    people: Mapping[str, Mapping[str, Any]]
    version: str
    # ontology/announced.yaml: what an announced, threatened or refused act codes (intent/threat/refusal → table)
    announced: Mapping[str, Mapping[str, str]] = field(default_factory=FrozenDict)
    surfaces: int = 0
    warnings: tuple[str, ...] = ()
    # the anaphor phrases (dual_anaphors, state_anaphors) in list order as (phrase, kind, words), the indexes of those
    # a token can start only as their first word (keyed by it), and of those that may start anywhere
    anaphors: tuple[tuple[str, str, tuple[str, ...]], ...] = ()
    anaphor_starts: Mapping[str, tuple[int, ...]] = field(default_factory=FrozenDict)
    anaphor_anywhere: tuple[int, ...] = ()


def _verb_forms(phrase: str) -> list[tuple[str, str]]:
    """Every inflection of a verb phrase: its first word inflects (pay a visit to → paid a visit to)."""
    from lemminflect import getAllInflections, getAllInflectionsOOV

    words = en_words(phrase)
    if not words:
        return []
    head, rest = words[0], words[1:]
    forms = getAllInflections(head, upos="VERB") or getAllInflectionsOOV(head, upos="VERB")
    out = {("VB", head)}
    for tag, values in forms.items():
        out.update((tag, v.lower()) for v in values)
    if "VBD" in forms and "VBN" not in forms:
        out.update(("VBN", v.lower()) for v in forms["VBD"])
    return [(" ".join([form, *rest]), tag) for tag, form in sorted(out)]


def _noun_forms(phrase: str) -> list[tuple[str, str]]:
    """Singular and plural of a noun phrase: its last word inflects (missile test → missile tests)."""
    from lemminflect import getAllInflections, getAllInflectionsOOV

    words = en_words(phrase)
    if not words:
        return []
    *rest, head = words
    out = [(" ".join(words), "NN")]
    if head.endswith("s") and len(head) > 3 and not head.endswith(("ss", "us", "is")):
        return out  # already plural (talks, forces, authorities)
    plural = getAllInflections(head, upos="NOUN").get("NNS") or getAllInflectionsOOV(head, upos="NOUN").get("NNS")
    for p in plural or ():
        if p.lower() != head:
            out.append((" ".join([*rest, p.lower()]), "NNS"))
    return out


def _add(table: dict[str, list[Surface]], key: str, surface: Surface) -> None:
    if key:
        table[key].append(surface)


def _name(table: dict[str, list[Surface]], name: str, kind: str, ref: str, entry: Any) -> None:
    _add(table, en_key(name), Surface(kind, ref, "name", "acro" if is_acronym(name) else "cap", entry))


def _states(items: list[Item], table: dict[str, list[Surface]]) -> None:
    for it in items:
        e = it.value
        ref = f"ar/states.yaml#{e['code']}"
        for name in {e["en"], *e.get("en_names", [])}:
            _name(table, name, "state", ref, e)
        if e.get("capital_en"):
            _name(table, e["capital_en"], "capital", ref, e)
        for dem in e.get("en_demonym", []):
            for form, tag in _noun_forms(dem):
                _add(table, form, Surface("demonym", ref, "name", f"cap-{tag}", e))


def _places(table: dict[str, list[Surface]], people_words: set[str], overlays: tuple[Path, ...]) -> None:
    from lemminflect import getAllLemmas

    for row in ar_compile._read_places(overlays):
        name = row.get("name_en") or ""
        key = en_key(name)
        if len(key) < 4 or key in table or key in people_words:
            continue
        if " " not in key and getAllLemmas(key):  # an English word (Mobile, Reading, Split) is no safe place name
            continue
        _name(table, name, "place", f"ar/places.tsv#{row['geonames_id'] or row['name_en']}", row)


def _orgs(items: list[Item], table: dict[str, list[Surface]]) -> None:
    for it in items:
        e = it.value
        for name in {*(e.get("en_names") or []), *([e["en"]] if e.get("en") else [])}:
            _name(table, name, "org", f"ar/organizations.yaml#{e['id']}", e)


def _people(items: list[Item], table: dict[str, list[Surface]]) -> dict[str, dict[str, Any]]:
    """Full names match anywhere; a short name (``en_short``: Kim, Putin) only after the full name, unless it is also
    in ``en_alone`` (safe alone, like the Arabic entry's ``alone``)."""
    people = {}
    for it in items:
        e = it.value
        ref = f"ar/people.yaml#{e['id']}"
        people[e["id"]] = e
        for name in {e["en"], *e.get("en_names", [])}:
            _name(table, name, "person", ref, e)
        alone = e.get("en_alone", ())
        for short in e.get("en_short", ()):
            _add(table, en_key(short), Surface("person" if short in alone else "person_short", ref, "name", "cap", e))
    return people


def _agents(items: list[Item], table: dict[str, list[Surface]]) -> None:
    for it in items:
        e = it.value
        ref = f"en/agents.yaml#{e['id']}"
        for word in e["en"]:
            if word[:1].isupper() and not is_acronym(word):
                _name(table, word, "agent", ref, e)
                continue
            for form, tag in _noun_forms(word):
                _add(table, form, Surface("agent", ref, "noun", tag, e))
        for word in e.get("plural", []):
            _add(table, en_key(word), Surface("agent", ref, "noun", "NNS", e))


def _seats(items: list[Item], table: dict[str, list[Surface]]) -> None:
    for it in items:
        for name in it.value["en"]:
            _name(table, name, "seat", f"en/seats.yaml#{it.value['id']}", it.value)


def _triggers(shared: list[Item], own: list[Item], weak: frozenset[str], table: dict[str, list[Surface]],
              past_codes: frozenset[str] = frozenset()) -> None:
    """Every trigger's inflections. A weak word codes nothing alone, except the past and participle of those in
    ``past_codes`` (shell, bomb: "shelled", "bombed" are verbs where "shell", "bomb" are mostly nouns)."""
    entries = [(f"ar/verbs.yaml#{it.value['id']}", FrozenDict({**it.value, "target": it.value.get("en_target", ())}),
                it.value.get("en", []), it.value.get("en_nouns", [])) for it in shared]
    entries += [(f"en/verbs.yaml#{it.value['id']}", it.value, it.value.get("verbs", []), it.value.get("nouns", []))
                for it in own]
    for ref, entry, verbs, nouns in entries:
        for phrase in verbs:
            key = en_key(phrase)
            weak_word = key in weak and not entry.get("light")
            if weak_word and key not in past_codes:
                continue
            for form, tag in _verb_forms(phrase):
                if weak_word and (tag not in ("VBD", "VBN") or form == key):
                    continue
                _add(table, form, Surface("trigger", ref, "verb", tag, entry))
        for noun in nouns:
            if en_key(noun) in weak:
                continue
            for form, tag in _noun_forms(noun):
                _add(table, form, Surface("trigger", ref, "noun", tag, entry))


def _frames(items: list[Item], kind: str, file: str, table: dict[str, list[Surface]]) -> None:
    for it in items:
        e = it.value
        ref = f"{file}#{e['id']}"
        for phrase in e.get("verbs", []):
            for form, tag in _verb_forms(phrase):
                _add(table, form, Surface(kind, ref, "verb", tag, e))
        for phrase in e.get("phrases", []):
            _add(table, en_key(phrase), Surface(kind, ref, "particle", "x", e))


def _function_words(overlays: tuple[Path, ...] = ()) -> tuple[dict[str, frozenset[str]],
                                                              dict[str, dict[str, frozenset[str]]]]:
    data = ar_compile.load_mapping("en/function_words.yaml", overlays)
    words: dict[str, frozenset[str]] = {}
    groups: dict[str, dict[str, frozenset[str]]] = {}
    for key, value in data.items():
        if isinstance(value, dict):
            groups[key] = {sub: frozenset(en_key(w) for w in ws) for sub, ws in value.items()}
        else:
            words[key] = frozenset(en_key(w) for w in value)
    return words, groups


def compile_english(overlays: tuple[Path, ...] = ()) -> EnglishLexicon:
    cameo = ar_compile._ontology(overlays)
    shared = ("ar/states.yaml", "ar/organizations.yaml", "ar/people.yaml", "ar/verbs.yaml")
    loaded = {rel: ar_compile._items(rel, overlays) for rel in (*EN_LEXICON_FILES, *shared)}
    for rel in (*EN_LEXICON_FILES, *shared):  # the shared files too: English may be compiled first
        validate_items(rel, loaded[rel], cameo)
    loaded = frozen_items(loaded)
    words, groups = _function_words(overlays)
    table: dict[str, list[Surface]] = defaultdict(list)
    _states(loaded["ar/states.yaml"], table)
    _orgs(loaded["ar/organizations.yaml"], table)
    _seats(loaded["en/seats.yaml"], table)
    people = _people(loaded["ar/people.yaml"], table)
    _agents(loaded["en/agents.yaml"], table)
    _triggers(loaded["ar/verbs.yaml"], loaded["en/verbs.yaml"], words.get("weak_triggers", frozenset()), table,
              words.get("weak_past_codes", frozenset()))
    for phrase in sorted(words.get("not_events", frozenset())):
        for form, _tag in _verb_forms(phrase):  # longer than the trigger inside it, and first in rank: no event
            _add(table, form, Surface("discard", "en/function_words.yaml#not_events", "particle", "x", {}))
    _frames(loaded["en/reporting.yaml"], "report", "en/reporting.yaml", table)
    _frames(loaded["en/modality.yaml"], "cue", "en/modality.yaml", table)
    person_words = {w for k, ss in table.items() for s in ss if s.kind.startswith("person") for w in k.split()}
    _places(table, person_words, overlays)
    announced = ar_compile.load_mapping("ontology/announced.yaml", overlays)
    anaphors, starts, anywhere = _anaphor_table(groups, words)
    return EnglishLexicon(build_automaton(table), freeze(words), freeze(groups), FrozenDict(people),
                          fingerprint(overlays), freeze(announced), surfaces=len(table), anaphors=anaphors,
                          anaphor_starts=starts, anaphor_anywhere=anywhere)


def _anaphor_table(groups: Mapping[str, Any], words: Mapping[str, Any]) -> tuple[
        tuple[tuple[str, str, tuple[str, ...]], ...], FrozenDict, tuple[int, ...]]:
    """The anaphor phrases indexed by the word a match must start with, so a sentence tries at each token only the
    phrases that can start there. A phrase that may follow an adjective ("X leaders" with one word of the phrase
    alone) or is not written with single spaces can start anywhere."""
    dual = groups.get("dual_anaphors", {})
    pairs = [(p, "person") for p in dual.get("person", ())] + [(p, "state") for p in dual.get("state", ())]
    pairs += [(p, "country") for p in words.get("state_anaphors", ())]
    phrases = tuple((phrase, kind, tuple(phrase.split())) for phrase, kind in pairs)
    starts: dict[str, list[int]] = {}
    anywhere: list[int] = []
    for k, (phrase, kind, parts) in enumerate(phrases):
        if not parts or " ".join(parts) != phrase or (kind != "country" and len(parts) == 1):
            anywhere.append(k)
        else:
            starts.setdefault(parts[0], []).append(k)
    return phrases, FrozenDict({w: tuple(ks) for w, ks in starts.items()}), tuple(anywhere)


@cache
def load_english(overlays: tuple[Path, ...] = ()) -> EnglishLexicon:
    """The compiled English lexicon, cached on disk like the Arabic one (lexicon.cache.load_cached), keyed also by
    the shared compiler it builds on."""
    return load_cached("lexicon-en", EnglishLexicon, lambda: compile_english(overlays), overlays,
                       (ar_compile, sys.modules[__name__]))
