"""English references: anaphors ("the two leaders", "the country", "he") resolved against the article so far,
and coordination ("South Korea, the United States and Japan" → one group of actors)."""

from __future__ import annotations

from collections.abc import Mapping

from khabar.lang.en.phrases import (
    ARTICLES,
    PRONOUNS_PERSON,
    EnglishDiscourse,
    actor_mention,
    by_token_kind,
)
from khabar.lexicon.english import EnglishLexicon
from khabar.model import Actor, Mention, Sentence


def anaphors(out: list[Mention], sentence: Sentence, en: EnglishLexicon, discourse: EnglishDiscourse) -> list[Mention]:
    """"the two leaders" → the last two people; "the two countries" → the last two states; "the country" → the
    article's most mentioned state; "he/she" → the last person named."""
    toks = sentence.tokens
    covered = {t for m in out for t in range(m.first, m.last + 1)}
    res = list(out)
    phrases, starts, anywhere = en.anaphors, en.anaphor_starts, en.anaphor_anywhere
    norms = [t.norm for t in toks]
    for i in range(len(toks)):
        if i in covered:
            continue
        first = starts.get(norms[i])
        for k in sorted(first + anywhere) if first else anywhere:  # the phrases that can start here, in list order
            phrase, kind, parts = phrases[k]
            n = len(parts)
            words = norms[i:i + n + 1]
            if kind != "country" and len(words) == n + 1 and (*words[:n - 1], *words[n:]) == parts:
                n += 1  # one adjective inside: "the two isolated leaders"
            elif " ".join(words[:n]) != phrase:
                continue
            if any(t in covered and by_token_kind(out, t) != "actor_agent" for t in range(i, i + n)):
                continue
            group = _referents(kind, discourse)
            if not group:
                continue
            start, end = toks[i].start, toks[i + n - 1].end
            text = sentence.text[start - sentence.start:end - sentence.start]
            m = Mention("actor", start, end, text, i, i + n - 1, "en/function_words.yaml#anaphor", group[0])
            m.rules, m.group, m.plural = [f"anaphor '{phrase}'"], group if len(group) > 1 else None, len(group) > 1
            res = [x for x in res if not (i <= x.first and x.last < i + n)]  # the bare "leaders" agent
            res.append(m)
            covered.update(range(i, i + n))
            break
        else:
            if toks[i].norm in PRONOUNS_PERSON and discourse.recent_people:
                actor = discourse.recent_people[-1]
                m = Mention("actor", toks[i].start, toks[i].end, toks[i].text, i, i, "en/function_words.yaml#pronoun",
                            actor)
                m.rules, m.pronoun = [f"pronoun '{toks[i].norm}' → {actor.name}"], True
                res.append(m)
    return sorted(res, key=lambda m: m.first)


def _referents(kind: str, discourse: EnglishDiscourse) -> list[Actor]:
    if kind == "person":
        return discourse.recent_people[-2:] if len(discourse.recent_people) >= 2 else []
    if kind == "state":
        return [Actor(c, c, "state") for c in discourse.recent_states[-2:]] if len(discourse.recent_states) >= 2 else []
    if discourse.state_counts:
        return [Actor(discourse.state_counts.most_common(1)[0][0], None, "state")]
    return []


def coordinate(out: list[Mention], sentence: Sentence, words: Mapping[str, frozenset[str]]) -> list[Mention]:
    """Actors joined by "and", commas, "as well as" or a hyphen ("a U.S.-French proposal") are one group: "with
    Russia and China" → two targets."""
    toks = sentence.tokens
    res: list[Mention] = []
    coordinators = words["coordinators"]
    for m in sorted(out, key=lambda x: x.first):
        prev = res[-1] if res else None
        if (m.kind == "actor" and prev is not None and prev.kind == "actor" and prev.actor is not None
                and m.actor is not None and not m.pronoun):
            # "the government and southern rebels": a direction word before the second actor joins it too
            gap = [t.norm for t in toks[prev.last + 1:m.first] if t.norm not in ARTICLES and (
                t.norm not in words.get("directions", frozenset()))]
            joined = " ".join(gap)
            tight = joined == "-" and toks[m.first - 1].end == toks[m.first].start  # "U.S.-French", "Franco-German"
            if joined in coordinators or joined in (",", ", and", ", as well as") or tight:
                if joined == "," and not _list_ends_with_and(toks, m, res, coordinators):
                    res.append(m)
                    continue
                members = (prev.group or [prev.actor]) + (m.group or [m.actor])
                merged = actor_mention([prev, m], prev.actor, "coordination", sentence, group=members, plural=True)
                merged.members = [*(prev.members or [prev]), m]
                res[-1] = merged
                continue
        res.append(m)
    return res


def _list_ends_with_and(toks, m: Mention, res: list[Mention], coordinators: frozenset[str]) -> bool:
    """"A, B and C": a comma joins actors only inside a list that ends with a coordinator."""
    k = m.last + 1
    while k < len(toks) and toks[k].norm in (",", "the"):
        k += 1
    return k < len(toks) and toks[k].norm in coordinators
