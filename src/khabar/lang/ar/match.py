"""Lexicon matching: each token is split once into (proclitics, stem, pronoun suffix) and the stems looked up.

Names are looked up as whole keys before any clitic is considered: a key is accepted only when what precedes it in
its first token is a valid proclitic chain for that kind of word (و ف ب ل ك س) and what follows it in its last token
is a valid pronoun suffix. So بوتين matches as a name (never ب+وتين), وبموسكو as و+ب+موسكو, استنزفتها is not ن+زف…

A :class:`Matcher` (one per Coder, in the Arabic resources) holds the lexicon's keys as a dict, the word prefixes of
its multi-word keys, and a bounded memo of each token form's readings, so a word met before costs one dict lookup.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import compress, repeat
from operator import attrgetter, itemgetter
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
_UNSEEN: Any = object()  # truthy, unlike a remembered "nothing to read" (None)
MEMO_SIZE = 32768  # token forms whose readings a Matcher remembers (cleared when full)

# A token form's best reading as one whole key, ready to become a mention: (-len(key), clitic length, rank of the
# first surface, prefix length, key, prefix, suffix, the surfaces that accept those clitics, where the key ends in
# the normalized token, the first surface's kind and entry). Its first four fields order the readings.
Best = tuple[int, int, int, int, str, str, str, tuple[Surface, ...], int, str, str]
# What a token form reads as: its best single-token reading, the best one when the token is written with a final ة
# (the same object when that changes nothing), each (prefix, rest of the token) that starts a multi-word key, and
# every word that may come next in one of those keys.
Readings = tuple[Best | None, Best | None, tuple[tuple[str, str], ...], frozenset[str]]
# A leading run of whole words of multi-word keys → (the words ending a key right after it, the words continuing it).
Phrase = tuple[frozenset[str], frozenset[str]]
# One token further along multi-word keys: (each key the token ends, as (key, suffix, surfaces accepted, those
# accepted when the token is written with a final ة)), and the longer phrase to walk on with ("" where none goes on).
Step = tuple[tuple[tuple[str, str, tuple[Surface, ...], tuple[Surface, ...]], ...], str]
_FIRST, _SURFACES = attrgetter("first"), attrgetter("surfaces")
_ORDER = itemgetter(0, 1, 2, 3)  # of a Best: longer key, fewer clitics, the more specific kind, shorter prefix


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

    __slots__ = ("keys", "memo", "memo_size", "phrases", "reach", "steps")

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
        self.steps: dict[tuple[str, str, str], Step | None] = {}  # (prefix, phrase, next token form) → the step
        self.memo_size = memo_size

    def readings(self, word: str) -> Readings | None:
        """How the normalized token ``word`` reads (see :data:`Readings`): the best of the ways it reads as
        proclitics + a key + a pronoun suffix (with the surfaces that accept those clitics), and every proclitic split
        whose rest starts a multi-word key; None when there is neither (most words)."""
        found = self.memo.get(word, _UNSEEN)
        return self._remember(self.memo, word, self._read, word) if found is _UNSEEN else found

    def next_words(self, phrase: str) -> frozenset[str]:
        """Every token that can follow ``phrase`` in a key: a word continuing it, or one ending a key, bare or with a
        pronoun suffix. Made the first time a token starting the phrase is read (most phrases are never met)."""
        found = self.reach.get(phrase)
        if found is None:
            ends, conts = self.phrases[phrase]
            found = self.reach[phrase] = conts | {e + x for e in ends for x in PRONOUN_SUFFIXES}
        return found

    def step(self, prefix: str, phrase: str, word: str) -> Step | None:
        """A walk along multi-word keys after ``prefix`` + ``phrase``, one token ``word`` further (see :data:`Step`);
        None when no key goes on with ``word`` (remembered like readings)."""
        key = (prefix, phrase, word)
        found = self.steps.get(key, _UNSEEN)
        return self._remember(self.steps, key, self._step, *key) if found is _UNSEEN else found

    def _remember(self, table: dict[Any, Any], key: Any, compute: Callable[..., Any], *args: Any) -> Any:
        """``compute(*args)``, kept in ``table`` under ``key``; a full table (``memo_size``) is emptied first, so
        memory stays bounded however many forms a corpus holds."""
        if len(table) >= self.memo_size:
            table.clear()
        found = table[key] = compute(*args)
        return found

    def _step(self, prefix: str, phrase: str, word: str) -> Step | None:
        if word not in self.next_words(phrase):
            return None
        ends, conts = self.phrases[phrase]
        found: list[tuple[str, str, tuple[Surface, ...], tuple[Surface, ...]]] = []
        for stem, suffix in _splits(word):
            if stem in ends:
                key = f"{phrase} {stem}"
                ok = _accepted(self.keys[key], key, prefix, suffix, "")
                ok_ta = _accepted(self.keys[key], key, prefix, suffix, "ة") if suffix == "ه" else ok
                found.append((key, suffix, ok, ok_ta))
        return tuple(found), f"{phrase} {word}" if word in conts else ""

    def _read(self, word: str) -> Readings | None:
        plain: list[Best] = []  # readings of the token as written without a final ة …
        ta: list[Best] = []  # … and with one (ه then is no pronoun)
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
                ok = _accepted(surfaces, key, prefix, suffix, "")
                ok_ta = _accepted(surfaces, key, prefix, suffix, "ة") if suffix == "ه" else ok
                for found, accepted in ((plain, ok), (ta, ok_ta)):
                    if accepted:
                        found.append((-len(key), len(prefix) + len(suffix), _RANK.get(accepted[0].kind, 99),
                                      len(prefix), key, prefix, suffix, accepted, n - len(suffix), accepted[0].kind,
                                      accepted[0].entry))
            if body in self.phrases:
                starts.append((prefix, body))
        if not (plain or ta or starts):
            return None
        # On one token only the first reading in order can win (the others overlap it), so only that one is kept;
        # min() keeps the earliest of equals, as a stable sort would.
        best = min(plain, key=_ORDER) if plain else None
        best_ta = (min(ta, key=_ORDER) if ta else None) if ta != plain else best
        follow = frozenset().union(*(self.next_words(phrase) for _, phrase in starts))
        return best, best_ta, tuple(starts), follow


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


def _start(token: Any, char: int) -> int:
    """Original offset of the token's normalized character ``char``."""
    return token.start + char if len(token.text) == len(token.norm) else _span(token, char, char)[0]


def _end(token: Any, char: int) -> int:
    """Original offset just after the token's normalized characters [0, char)."""
    return token.start + char if len(token.text) == len(token.norm) else _span(token, 0, char)[1]


def match_sentence(sentence: Sentence, matcher: Matcher, norms: Sequence[str] | None = None) -> list[Mention]:
    """All lexicon mentions in ``sentence``, non-overlapping (each token in at most one mention): longer keys first,
    then fewer clitics, then the more specific kind, then the earlier one. ``norms``: each token's matching form, if
    the caller has them."""
    tokens, text, offset = sentence.tokens, sentence.text, sentence.start
    if norms is None:
        norms = [t.norm for t in tokens]
    # every token's readings in one C-level pass; only tokens with some (or not read yet) are visited below
    found: list[Any] = list(map(matcher.memo.get, norms, repeat(_UNSEEN)))  # Readings, None or _UNSEEN
    singles: list[Mention] = []
    phrases: list[Mention] = []
    for i in compress(range(len(norms)), found):
        readings = found[i]
        if readings is _UNSEEN:
            readings = matcher.readings(norms[i])
            if readings is None:
                continue
        best, best_ta, starts, follow = readings  # type: ignore[misc]
        tok = tokens[i]
        if best_ta is not best and tok.text.endswith("ة"):
            best = best_ta
        if best is not None:  # the mention of the token read as one key (made here: the commonest mention)
            _, _, _, plen, key, prefix, suffix, ok, stop, kind, entry = best
            if len(tok.text) == len(norms[i]):  # _span's common case, inline: nothing dropped by normalizing
                start, end = tok.start + plen, tok.start + stop
            else:
                start, end = _span(tok, plen, stop)
            # the token's own text when the key is all of it (most mentions), else a slice
            said = tok.text if start == tok.start and end == tok.end else text[start - offset:end - offset]
            # positional (kind … actor, surfaces, prefix, suffix, key): the hottest constructor of the coder
            singles.append(Mention(kind, start, end, said, i, i, entry, None, list(ok), prefix, suffix, key))
        if starts and i + 1 < len(norms) and norms[i + 1] in follow:
            phrases += _phrase_mentions(sentence, matcher, i, starts)
    return _overlapping(singles, phrases) if phrases else singles  # else no two readings share a token


def _phrase_mentions(sentence: Sentence, matcher: Matcher, i: int,
                     starts: tuple[tuple[str, str], ...]) -> list[Mention]:
    """The multi-word keys starting at token i: whole words up to the last, which may take a pronoun suffix."""
    tokens, offset, steps = sentence.tokens, sentence.start, matcher.steps
    out: list[Mention] = []
    for prefix, phrase in starts:
        for j in range(i + 1, len(tokens)):
            step = steps.get((prefix, phrase, tokens[j].norm), _UNSEEN)
            if step is _UNSEEN:
                step = matcher.step(prefix, phrase, tokens[j].norm)
            if step is None:
                break  # the word is no next word of any key
            ends, phrase = step
            for key, suffix, ok, ok_ta in ends:
                if ok_ta is not ok and tokens[j].text.endswith("ة"):
                    ok = ok_ta
                if ok:
                    start, end = _start(tokens[i], len(prefix)), _end(tokens[j], len(tokens[j].norm) - len(suffix))
                    out.append(Mention(ok[0].kind, start, end, sentence.text[start - offset:end - offset], i, j,
                                       ok[0].entry, None, list(ok), prefix, suffix, key))
            if not phrase:
                break
    return out


def _reading_order(m: Mention) -> tuple[int, int, int, int, int]:
    """Longer keys first, then fewer clitics, the more specific kind, the earlier token, the shorter prefix."""
    return -len(m.key), len(m.prefix) + len(m.suffix), _RANK.get(m.kind, 99), m.first, len(m.prefix)


def _overlapping(singles: list[Mention], phrases: list[Mention]) -> list[Mention]:
    """The mentions when there are multi-word readings: those and the one-token readings of the tokens they span are
    taken in order (stable: as found among equals), each where no token is taken yet; any other token keeps its
    one-token reading."""
    if len(phrases) == 1:  # the common case: when the phrase comes before every reading inside it, it takes its span
        p = phrases[0]
        inside = [m for m in singles if p.first <= m.first <= p.last]
        if not inside or _reading_order(p) < min(map(_reading_order, inside)):
            return [m for m in singles if m.first < p.first] + [p] + [m for m in singles if m.first > p.last]
    spanned = {t for m in phrases for t in range(m.first, m.last + 1)}
    contested = [m for m in singles if m.first in spanned] + phrases
    contested.sort(key=_reading_order)
    out = [m for m in singles if m.first not in spanned]
    taken: set[int] = set()
    for m in contested:
        span = range(m.first, m.last + 1)
        if taken.isdisjoint(span):
            taken.update(span)
            out.append(m)
    out.sort(key=_FIRST)
    return out


def prefer_nouns(sentence: Sentence, mentions: list[Mention], prepositions: frozenset[str]) -> None:
    """Read a form that is both a verb and a verbal noun (نقل، سحق) as the noun where a verb cannot stand:
    after a preposition (إلى سحق), or joined by و to a preceding verbal noun (الحصول على …، ونقل)."""
    if max(map(len, map(_SURFACES, mentions)), default=0) < 2:
        return  # (found at C speed) no mention has two readings: nothing to prefer
    previous: Mention | None = None
    for k, m in enumerate(mentions):
        if m.kind != "trigger":
            continue
        surfaces = m.surfaces or []
        kinds = {s.cls for s in surfaces} if len(surfaces) > 1 else ()  # one reading is one class: nothing to prefer
        if "verb" in kinds and len(kinds) > 1:
            before = sentence.tokens[m.first - 1].norm if m.first else ""
            after_prep = before in prepositions
            prev = mentions[k - 1] if k else None
            object_of_verb = (prev is not None and prev.kind in ACTOR_KINDS and prev.last + 1 == m.first
                              and _verb_before(mentions, k - 1))
            coordinated = m.prefix.startswith("و") and previous is not None and (
                previous.surfaces[0].cls != "verb")
            if after_prep or coordinated or object_of_verb:
                m.surfaces = sorted(surfaces, key=lambda s: s.cls == "verb")
                m.reading = "noun (after a preposition)" if after_prep else "noun (coordinated)"
        previous = m


def _verb_before(mentions: list[Mention], i: int) -> bool:
    """Is the actor phrase ending at ``mentions[i]`` directly preceded by a verb (أكد السيسي رفض …)?"""
    while i > 0 and mentions[i - 1].kind in ACTOR_KINDS and mentions[i - 1].last + 1 == mentions[i].first:
        i -= 1
    if i == 0:
        return False
    prev = mentions[i - 1]
    return prev.last + 1 == mentions[i].first and bool(prev.surfaces) and (
        prev.surfaces[0].cls == "verb")
