"""Lexicon matching: one Aho-Corasick pass over a sentence's normalized token stream.

Names are looked up as whole keys before any clitic is considered: a key found inside a token is accepted only when
what precedes it in the token is a valid proclitic chain for that kind of word (و ف ب ل ك س) and what follows is a
valid pronoun suffix. So بوتين matches as a name (never ب+وتين), وبموسكو as و+ب+موسكو, استنزفتها is not ن+زف…
"""

from __future__ import annotations

from functools import lru_cache

from khabar.lexicon.compile import PROCLITICS, PRONOUN_SUFFIXES, Lexicon, Surface
from khabar.mentions.kinds import ACTOR_KINDS, KIND_PRIORITY
from khabar.model import Mention, Sentence
from khabar.text.normalize import normalize

_RANK = {k: i for i, k in enumerate(KIND_PRIORITY)}
_LAM_PREFIXES = frozenset({"ل", "ول", "فل"})
# Any clitic some class accepts: most automaton hits (a key inside a longer word) fail these set tests, so they are
# dropped before the per-surface checks of _accepts; the lengths reject them before the text is even sliced.
_ANY_PROCLITIC = frozenset().union(*PROCLITICS.values())
_MAX_PROCLITIC = max(map(len, _ANY_PROCLITIC))
_MAX_SUFFIX = max(map(len, PRONOUN_SUFFIXES))


def _stream(sentence: Sentence) -> tuple[str, list[int], list[int], list[int]]:
    """The sentence's token norms joined by single spaces, each token's [start, end) in that text, and the token
    index owning each character (-1 for the separating spaces)."""
    norms = [tok.norm for tok in sentence.tokens]
    starts, ends, owner = [], [], []
    pos = 0
    for i, n in enumerate(norms):  # tokens[i].index == i
        starts.append(pos)
        pos += len(n)
        ends.append(pos)
        pos += 1
        owner += [i] * len(n)
        owner.append(-1)
    return " ".join(norms), starts, ends, owner


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


@lru_cache(maxsize=65536)
def _offsets(word: str) -> tuple[int, ...]:
    return normalize(word).offsets


def _orig_span(sentence: Sentence, tok_i: int, char_from: int, tok_j: int, char_to: int) -> tuple[int, int]:
    """Original offsets of normalized chars [char_from in token i, char_to in token j)."""
    ti, tj = sentence.tokens[tok_i], sentence.tokens[tok_j]
    oi, oj = _offsets(ti.text), _offsets(tj.text)
    start = ti.start + oi[char_from]
    end = tj.start + (oj[char_to - 1] + 1 if char_to > 0 else 0)
    return start, end


def match_sentence(sentence: Sentence, lexicon: Lexicon) -> list[Mention]:
    """All lexicon mentions in ``sentence``, non-overlapping (each token in at most one mention)."""
    text, starts, ends, owner = _stream(sentence)
    candidates = []
    for end_idx, (key, surfaces) in lexicon.automaton.iter(text):
        begin = end_idx - len(key) + 1
        first, last = owner[begin], owner[end_idx]
        if first < 0 or last < 0 or begin - starts[first] > _MAX_PROCLITIC or ends[last] - end_idx > _MAX_SUFFIX + 1:
            continue
        prefix = text[starts[first]:begin]
        suffix = text[end_idx + 1:ends[last]]
        if prefix not in _ANY_PROCLITIC or suffix not in PRONOUN_SUFFIXES:
            continue  # no surface could accept these clitics (see _accepts)
        raw = sentence.tokens[last].text
        ok = [s for s in surfaces if _accepts(s, key, prefix, suffix, raw)]
        if ok:
            if len(ok) > 1:
                ok.sort(key=lambda s: _RANK.get(s.kind, 99))
            candidates.append((begin, end_idx + 1, first, last, key, ok, prefix, suffix))
    candidates.sort(key=lambda c: (-len(c[4]), len(c[6]) + len(c[7]), _RANK.get(c[5][0].kind, 99), c[0]))
    taken: set[int] = set()
    mentions = []
    for begin, end, first, last, key, ok, prefix, suffix in candidates:
        span = range(first, last + 1)
        if not taken.isdisjoint(span):
            continue
        taken.update(span)
        start, stop = _orig_span(sentence, first, begin - starts[first], last, end - starts[last])
        # positional (kind … actor, surfaces, prefix, suffix, key): the hottest constructor of the coder
        mentions.append(Mention(ok[0].kind, start, stop, _slice(sentence, start, stop), first, last, ok[0].entry,
                                None, ok, prefix, suffix, key))
    mentions.sort(key=lambda m: m.first)
    return mentions


def _slice(sentence: Sentence, start: int, end: int) -> str:
    return sentence.text[start - sentence.start:end - sentence.start]


def prefer_nouns(sentence: Sentence, mentions: list[Mention], prepositions: frozenset[str]) -> None:
    """Read a form that is both a verb and a verbal noun (نقل، سحق) as the noun where a verb cannot stand:
    after a preposition (إلى سحق), or joined by و to a preceding verbal noun (الحصول على …، ونقل)."""
    previous: Mention | None = None
    for m in mentions:
        surfaces = m.surfaces or []
        kinds = {s.cls for s in surfaces}
        if m.kind == "trigger" and "verb" in kinds and kinds - {"verb"}:
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
        if m.kind == "trigger":
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
