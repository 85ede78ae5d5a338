"""English lexicon matching: one Aho-Corasick pass over a sentence's lower-cased token stream.

Keys match whole tokens only. Names keep their case: an acronym matches only as written ("US" never "us"), other
names only when capitalized ("Turkey", not "turkey"; "May" the person, not "may").
"""

from __future__ import annotations

import re

from khabar.lexicon.compile import Surface
from khabar.lexicon.english import EnglishLexicon
from khabar.mentions.kinds import KIND_PRIORITY
from khabar.model import Mention, Sentence

_RANK = {k: i for i, k in enumerate(KIND_PRIORITY)}
_ARTICLE_NAME = re.compile(r"^(?:al|el|ad|ash|as|at|az|an|ar)-[A-Z]")


def _stream(sentence: Sentence) -> tuple[str, dict[int, int], dict[int, int]]:
    """The lower-cased token stream, and which token starts / ends at each character position."""
    parts: list[str] = []
    starts: dict[int, int] = {}
    ends: dict[int, int] = {}
    pos = 0
    for tok in sentence.tokens:
        if parts:
            pos += 1
        starts[pos] = tok.index
        parts.append(tok.norm)
        pos += len(tok.norm)
        ends[pos - 1] = tok.index
    return " ".join(parts), starts, ends


def _case_ok(s: Surface, sentence: Sentence, first: int, last: int) -> bool:
    if s.cls != "name":
        return True
    toks = sentence.tokens[first:last + 1]
    if s.feats == "acro":
        return all(not c.isalpha() or c.isupper() for t in toks for c in t.text)
    word = toks[0].text
    # a name may open with a lower-case Arabic article: "al-Qaeda", "el-Sisi", "al-Shabaab"
    return word[:1].isupper() or word[:1].isdigit() or bool(_ARTICLE_NAME.match(word))


def match_english(sentence: Sentence, lexicon: EnglishLexicon) -> list[Mention]:
    """All lexicon mentions in ``sentence``, longest first, each token in at most one mention."""
    text, starts, ends = _stream(sentence)
    candidates = []
    for end_idx, (key, surfaces) in lexicon.automaton.iter(text):
        begin = end_idx - len(key) + 1
        if begin not in starts or end_idx not in ends:
            continue
        first, last = starts[begin], ends[end_idx]
        ok = [s for s in surfaces if _case_ok(s, sentence, first, last)]
        if ok:
            ok.sort(key=lambda s: _RANK.get(s.kind, 99))
            candidates.append((first, last, key, ok))
    candidates.sort(key=lambda c: (-(c[1] - c[0]), -len(c[2]), _RANK.get(c[3][0].kind, 99), c[0]))
    taken: set[int] = set()
    mentions = []
    for first, last, key, ok in candidates:
        span = range(first, last + 1)
        if any(t in taken for t in span):
            continue
        taken.update(span)
        start, stop = sentence.tokens[first].start, sentence.tokens[last].end
        m = Mention(ok[0].kind, start, stop, sentence.text[start - sentence.start:stop - sentence.start], first, last,
                    ok[0].entry)
        m.surfaces, m.key = ok, key
        mentions.append(m)
    mentions += _owners(sentence, lexicon, taken)
    mentions.sort(key=lambda m: m.first)
    return mentions


def _owners(sentence: Sentence, lexicon: EnglishLexicon, taken: set[int]) -> list[Mention]:
    """ "a British-owned ship", "an Israeli-managed tanker": the name before a hyphen and an owner participle (one
    token) is a mention of its own, the owner of what follows (en/function_words.yaml#owner_participles)."""
    if "-" not in sentence.text:
        return []
    owners = lexicon.words.get("owner_participles", frozenset())
    out = []
    for tok in sentence.tokens:
        if tok.index in taken or "-" not in tok.text:
            continue
        name, _, part = tok.text.rpartition("-")
        if part.lower() not in owners or not name[:1].isupper():
            continue
        found = lexicon.automaton.get(name.lower(), None)
        ok = [x for x in (found[1] if found else ()) if x.kind in ("demonym", "state", "org") and _case_ok(
            x, sentence, tok.index, tok.index)]
        if ok:
            m = Mention(ok[0].kind, tok.start, tok.start + len(name), name, tok.index, tok.index, ok[0].entry)
            m.surfaces, m.key = ok, name.lower()
            out.append(m)
    return out
