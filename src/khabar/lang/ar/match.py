"""Lexicon matching: each token is split once into (proclitics, stem, pronoun suffix) and the stems looked up.

Names are looked up as whole keys before any clitic is considered: a key is accepted only when what precedes it in
its first token is a valid proclitic chain for that kind of word (و ف ب ل ك س) and what follows it in its last token
is a valid pronoun suffix. So بوتين matches as a name (never ب+وتين), وبموسكو as و+ب+موسكو, استنزفتها is not ن+زف…

A :class:`Matcher` (one per Coder, in the Arabic resources) holds the lexicon's keys as a dict, the word prefixes of
its multi-word keys, and a bounded memo of each token form's readings, so a word met before costs one dict lookup.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from khabar.lexicon.compile import PROCLITICS, PRONOUN_SUFFIXES, Lexicon, Surface
from khabar.mentions.kinds import ACTOR_KINDS, KIND_PRIORITY
from khabar.model import Mention, Sentence
from khabar.text.normalize import normalize

_RANK = {k: i for i, k in enumerate(KIND_PRIORITY)}
_LAM_PREFIXES = frozenset({"ل", "ول", "فل"})
# Any clitic some class accepts; a token is only ever split at these (see _accepts for which class takes which).
_ANY_PROCLITIC = frozenset().union(*PROCLITICS.values())
_LONGEST_SUFFIX = max(map(len, PRONOUN_SUFFIXES))
_SUFFIX_LAST = frozenset(x[-1] for x in PRONOUN_SUFFIXES if x)  # only a word ending in one of these has a suffix
_UNSEEN = object()
MEMO_SIZE = 32768  # token forms whose readings a Matcher remembers (cleared when full)

# One reading of a whole token, with its sort keys made once: (-len(key), clitic length, prefix length, key,
# prefix, suffix, surfaces accepted, rank of the first, those accepted when the word is written with a final ة, rank).
Single = tuple[int, int, int, str, str, str, tuple[Surface, ...], int, tuple[Surface, ...], int]
# A token's readings: its single-token readings, and each (prefix, rest of the token) that starts a multi-word key.
Readings = tuple[tuple[Single, ...], tuple[tuple[str, str], ...]]
# A leading run of whole words of multi-word keys → (the words ending a key right after it, the words continuing it).
Phrase = tuple[frozenset[str], frozenset[str]]


def _accepts(s: Surface, key: str, prefix: str, suffix: str, token_text: str) -> bool:
    if s.lam and prefix not in _LAM_PREFIXES:
        return False
    if s.cls == "verb" and prefix.endswith(("ل", "س")) and not s.feats.startswith("pres"):
        return False  # ل/س + perfect is not a verb form: لعقد is ل + the noun عقد; ستقدم is س + يقدم's تقدم
    procl = PROCLITICS["verb" if s.cls == "verb" else "particle" if s.cls == "particle" else "name"]
    if prefix not in procl:
        return False
    if s.cls in ("name", "adj", "particle"):
        return suffix == ""
    if suffix not in PRONOUN_SUFFIXES:
        return False
    if s.feats.endswith("-construct") and not suffix:
        return False
    if suffix and s.cls == "noun" and (key.startswith("ال") or s.lam):
        return False  # a definite noun takes no possessive pronoun
    return not (suffix == "ه" and token_text.endswith("ة"))  # ة is a ta marbuta, not the pronoun ه


def _accepted(surfaces: Sequence[Surface], key: str, prefix: str, suffix: str, token_text: str) -> tuple[Surface, ...]:
    """The surfaces that take these clitics, the most specific kind first (stable among equals)."""
    ok = [s for s in surfaces if _accepts(s, key, prefix, suffix, token_text)]
    if len(ok) > 1:
        ok.sort(key=lambda s: _RANK.get(s.kind, 99))
    return tuple(ok)


class Matcher:
    """The lexicon's keys for clitic-aware lookup, built once per Coder from ``Lexicon.automaton``: ``keys`` maps a
    normalized key to its surfaces, ``phrases`` every leading run of whole words of a multi-word key (الولايات of
    ``الولايات المتحدة``) to the words that end or continue a key after it, and ``memo`` what each token form met so
    far reads as (at most ``memo_size`` forms)."""

    __slots__ = ("keys", "memo", "memo_size", "phrases", "reach")

    def __init__(self, lexicon: Lexicon, memo_size: int = MEMO_SIZE) -> None:
        self.keys: dict[str, tuple[Surface, ...]] = {key: surfaces for key, (_, surfaces) in lexicon.automaton.items()}
        ends: dict[str, set[str]] = {}
        conts: dict[str, set[str]] = {}
        for key in self.keys:
            parts = key.split(" ")
            for k in range(1, len(parts)):
                head = " ".join(parts[:k])
                ends.setdefault(head, set())
                conts.setdefault(head, set())
                (ends if k == len(parts) - 1 else conts)[head].add(parts[k])
        self.phrases: dict[str, Phrase] = {h: (frozenset(ends[h]), frozenset(conts[h])) for h in ends}
        self.reach: dict[str, frozenset[str]] = {}  # phrase → every word that can come next (see next_words)
        self.memo: dict[str, Readings | None] = {}  # token form → its readings (cleared when full)
        self.memo_size = memo_size

    def readings(self, word: str) -> Readings | None:
        """Every way the normalized token ``word`` reads as proclitics + a key + a pronoun suffix (with the
        surfaces that accept those clitics), and every proclitic split whose rest starts a multi-word key; None
        when there is neither (most words)."""
        found = self.memo.get(word, _UNSEEN)
        if found is _UNSEEN:
            if len(self.memo) >= self.memo_size:
                self.memo.clear()
            found = self.memo[word] = self._read(word)
        return found  # type: ignore[return-value]

    def next_words(self, phrase: str) -> frozenset[str]:
        """Every token that can follow ``phrase`` in a key: a word continuing it, or one ending a key, bare or with a
        pronoun suffix. Made the first time a sentence reaches the phrase (most phrases are never reached)."""
        found = self.reach.get(phrase)
        if found is None:
            ends, conts = self.phrases[phrase]
            found = self.reach[phrase] = conts | {e + x for e in ends for x in PRONOUN_SUFFIXES}
        return found

    def _read(self, word: str) -> Readings | None:
        singles: list[Single] = []
        starts: list[tuple[str, str]] = []
        keys, n = self.keys, len(word)
        for prefix in ("", word[:1], word[:2])[:min(n, 3)]:
            if prefix not in _ANY_PROCLITIC:
                continue
            body = word[len(prefix):]
            for key, suffix in _splits(body):
                surfaces = keys.get(key)
                if surfaces is None:
                    continue
                plain = _accepted(surfaces, key, prefix, suffix, "")
                ta = _accepted(surfaces, key, prefix, suffix, "ة") if suffix == "ه" else plain
                if plain or ta:
                    singles.append((-len(key), len(prefix) + len(suffix), len(prefix), key, prefix, suffix,
                                    plain, _rank(plain), ta, _rank(ta)))
            if body in self.phrases:
                starts.append((prefix, body))
        return (tuple(singles), tuple(starts)) if singles or starts else None


def _rank(ok: tuple[Surface, ...]) -> int:
    return _RANK.get(ok[0].kind, 99) if ok else 99


def _splits(word: str) -> list[tuple[str, str]]:
    """(stem, pronoun suffix) for each suffix ``word`` may end with, the bare word first; the stem is never empty."""
    out = [(word, "")]
    m = len(word)
    if m > 1 and word[-1] in _SUFFIX_LAST:
        for k in range(1, min(m, _LONGEST_SUFFIX + 1)):
            if word[m - k:] in PRONOUN_SUFFIXES:
                out.append((word[:m - k], word[m - k:]))
    return out


def _span(token: Any, char_from: int, char_to: int) -> tuple[int, int]:
    """Original offsets of the token's normalized characters [char_from, char_to)."""
    if len(token.text) == len(token.norm):  # nothing dropped: normalized character i is original character i
        return token.start + char_from, token.start + char_to
    offsets = normalize(token.text).offsets
    return token.start + offsets[char_from], token.start + (offsets[char_to - 1] + 1 if char_to > 0 else 0)


def match_sentence(sentence: Sentence, matcher: Matcher) -> list[Mention]:
    """All lexicon mentions in ``sentence``, non-overlapping (each token in at most one mention): longer keys first,
    then fewer clitics, then the more specific kind, then the earlier one."""
    tokens = sentence.tokens
    n = len(tokens)
    keys, phrases, reach, memo, unseen = matcher.keys, matcher.phrases, matcher.reach, matcher.memo, _UNSEEN
    # (-len(key), clitic length, rank, first token, prefix length, last token, key, prefix, suffix, surfaces)
    candidates: list[tuple[Any, ...]] = []
    for i, tok in enumerate(tokens):
        found = memo.get(tok.norm, unseen)
        if found is unseen:
            found = matcher.readings(tok.norm)
        if found is None:
            continue  # most words: nothing to read
        singles, starts = found  # type: ignore[misc]
        for neg, clitics, plen, key, prefix, suffix, ok, rank, ta, ta_rank in singles:
            if suffix == "ه" and tok.text.endswith("ة"):
                ok, rank = ta, ta_rank
            if ok:
                candidates.append((neg, clitics, rank, i, plen, i, key, prefix, suffix, ok))
        for prefix, phrase in starts:  # a multi-word key: whole words up to its last, which may take a suffix
            for j in range(i + 1, n):
                word = tokens[j].norm
                if word not in (reach.get(phrase) or matcher.next_words(phrase)):
                    break  # most walks: the word after في or من is no next word of any key
                ends, conts = phrases[phrase]
                for stem, suffix in _splits(word):
                    if stem in ends:
                        key = f"{phrase} {stem}"
                        ok = _accepted(keys[key], key, prefix, suffix, tokens[j].text)
                        if ok:
                            candidates.append((-len(key), len(prefix) + len(suffix), _RANK.get(ok[0].kind, 99), i,
                                               len(prefix), j, key, prefix, suffix, ok))
                if word not in conts:
                    break
                phrase = f"{phrase} {word}"
    candidates.sort(key=lambda c: c[:5])
    taken: set[int] = set()
    mentions = []
    offset = sentence.start
    for _, _, _, first, plen, last, key, prefix, suffix, ok in candidates:
        if first == last:
            if first in taken:
                continue
            taken.add(first)
            tok = tokens[first]
            start, stop = _span(tok, plen, len(tok.norm) - len(suffix))
        else:
            span = range(first, last + 1)
            if not taken.isdisjoint(span):
                continue
            taken.update(span)
            start, stop = _span(tokens[first], plen, plen)[0], _span(tokens[last], 0, len(tokens[last].norm) - len(
                suffix))[1]
        # positional (kind … actor, surfaces, prefix, suffix, key): the hottest constructor of the coder
        mentions.append(Mention(ok[0].kind, start, stop, sentence.text[start - offset:stop - offset], first, last,
                                ok[0].entry, None, list(ok), prefix, suffix, key))
    mentions.sort(key=lambda m: m.first)
    return mentions


def prefer_nouns(sentence: Sentence, mentions: list[Mention], prepositions: frozenset[str]) -> None:
    """Read a form that is both a verb and a verbal noun (نقل، سحق) as the noun where a verb cannot stand:
    after a preposition (إلى سحق), or joined by و to a preceding verbal noun (الحصول على …، ونقل)."""
    previous: Mention | None = None
    for m in mentions:
        if m.kind != "trigger":
            continue
        surfaces = m.surfaces or []
        kinds = {s.cls for s in surfaces}
        if "verb" in kinds and kinds - {"verb"}:
            before = sentence.tokens[m.first - 1].norm if m.first else ""
            after_prep = before in prepositions
            prev = mentions[mentions.index(m) - 1] if mentions.index(m) else None
            object_of_verb = (prev is not None and prev.kind in ACTOR_KINDS and prev.last + 1 == m.first
                              and _verb_before(mentions, prev))
            coordinated = m.prefix.startswith("و") and previous is not None and (
                previous.surfaces[0].cls != "verb")
            if after_prep or coordinated or object_of_verb:
                m.surfaces = sorted(surfaces, key=lambda s: s.cls == "verb")
                m.reading = "noun (after a preposition)" if after_prep else "noun (coordinated)"
        previous = m


def _verb_before(mentions: list[Mention], actor: Mention) -> bool:
    """Is the actor phrase ending at ``actor`` directly preceded by a verb (أكد السيسي رفض …)?"""
    i = mentions.index(actor)
    while i > 0 and mentions[i - 1].kind in ACTOR_KINDS and mentions[i - 1].last + 1 == mentions[i].first:
        i -= 1
    if i == 0:
        return False
    prev = mentions[i - 1]
    return prev.last + 1 == mentions[i].first and bool(prev.surfaces) and (
        prev.surfaces[0].cls == "verb")
