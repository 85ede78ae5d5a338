"""Whose an English role word is, when it names no country itself.

- A title followed by a name the lexicon does not know is that person, with the title's role ("President Yoweri
  Museveni", "General Michel Aoun"): the name is part of the mention and the actor is a person; "of" and a state
  right after the name make the role that state's ("King Hassan of Morocco" → MARGOV).
- A state institution or official with no country (---GOV, ---MIL, ---COP, ---JUD, ---LEG, ---SPY), named in the
  singular ("officials" or "both leaders" may be anyone's), takes the state
  the article is about so far, or else the one state its sentence names as an actor (not after a preposition that
  introduces a party:
  "President Bush threatened action against Russia" says nothing of whose president), as CAMEO coders do and as the
  Arabic coder does ("the government", "police arrested three journalists in Cairo"). A place is where things
  happen, not whose they are, so places do not count.
"""

from __future__ import annotations

from dataclasses import replace

from khabar.lang.en.phrases import name_word
from khabar.mentions.kinds import STATE_ROLES
from khabar.model import Mention, Sentence

_MAX_NAME_WORDS = 4


def titled_names(out: list[Mention], sentence: Sentence) -> list[Mention]:
    toks = sentence.tokens
    covered = {t for m in out for t in range(m.first, m.last + 1)}
    single = {m.first: m for m in out if m.first == m.last and m.kind == "actor"}
    states = {m.first: m for m in out if m.kind == "actor" and m.actor is not None and m.actor.kind == "state"}
    res = []
    swallowed: set[int] = set()  # "aid worker Sarah Jordan": a one-word name after a first name is a surname
    for m in out:
        title = m.parts[-1] if m.parts else None
        if (m.kind == "actor" and m.actor is not None and m.actor.kind == "agent" and title is not None
                and title.surfaces and title.surfaces[0].ref.get("person")):
            k, names = m.last + 1, list[int]()
            while k < len(toks) and k not in covered and len(names) < _MAX_NAME_WORDS and name_word(toks[k].text):
                names.append(k)
                k += 1
            surname = names and k in single and name_word(toks[k].text) and len(names) < _MAX_NAME_WORDS
            if surname:
                names.append(k)
            # a capitalized title names whoever follows ("President Museveni"); a lower-case one ("aid worker
            # Sarah Jordan") only a first name and a surname
            if names and (toks[m.last].text[:1].isupper() or len(names) >= 2):
                if surname:
                    swallowed.add(id(single[names[-1]]))
                name = " ".join(toks[i].text for i in names)
                end = toks[names[-1]].end
                text = sentence.text[m.start - sentence.start:end - sentence.start]
                code = m.actor.code
                rules = [*m.rules, "title + a name the lexicon does not know: that person, in its role"]
                state = states.get(names[-1] + 2) if names[-1] + 1 < len(toks) and (
                    toks[names[-1] + 1].norm == "of") else None
                if state is not None and code and code.startswith("---") and state.actor is not None:
                    code = (state.actor.code or "---")[:3] + code[3:]  # "King Hassan of Morocco": Morocco's king
                    rules.append(f"of {state.text}: that state's")
                m = replace(m, end=end, last=names[-1], text=text,
                            actor=replace(m.actor, kind="person", name=name, person=name, code=code), rules=rules)
        res.append(m)
    return [m for m in res if id(m) not in swallowed]


def _governed(m: Mention, sentence: Sentence, prepositions: frozenset[str]) -> bool:
    """Is the mention after a preposition ("against Russia", "with Iran"): a party the sentence acts on, not the
    country its officials belong to."""
    k = m.first - 1
    while k >= 0 and sentence.tokens[k].norm in ("the", "a", "an"):
        k -= 1
    return k >= 0 and sentence.tokens[k].norm in prepositions


def possessed_roles(out: list[Mention], sentence: Sentence) -> list[Mention]:
    """ "Russia claimed its forces had captured …", "Hamas said their fighters …": a role word after its/their
    belongs to the nearest state or organization named before it (as قواتها in Arabic)."""
    toks = sentence.tokens
    res: list[Mention] = []
    for m in out:
        code = m.actor.code if m.kind == "actor" and m.actor is not None else None
        if code and code.startswith("---") and m.first > 0 and toks[m.first - 1].norm in ("its", "their"):
            owner = next((x for x in reversed(res) if x.kind == "actor" and x.actor is not None and x.actor.code
                          and not x.actor.code.startswith("---") and x.actor.kind in ("state", "org")), None)
            if owner is not None and owner.actor is not None and owner.actor.code and m.actor is not None:
                country = owner.actor.code if owner.actor.kind == "org" else owner.actor.code[:3]
                m = replace(m, actor=replace(m.actor, code=country + code[3:], entry=f"{m.actor.entry} + possessor "
                                             f"{owner.text}"), country_from="possessor",
                            rules=[*m.rules, f"possessive {toks[m.first - 1].text}: {owner.text}"])
        res.append(m)
    return res


def state_institutions(out: list[Mention], article_state: str | None, states: frozenset[str],
                       sentence: Sentence, prepositions: frozenset[str]) -> list[Mention]:
    named = {(m.actor.code or "")[:3] for m in out if m.kind == "actor" and m.actor is not None
             and (m.actor.code or "")[:3] in states and not _governed(m, sentence, prepositions)}
    state = article_state or (named.pop() if len(named) == 1 else None)
    if state is None:
        return out
    res = []
    for m in out:
        code = m.actor.code if m.kind == "actor" and m.actor is not None else None
        if code and code.startswith("---") and code[3:6] in STATE_ROLES and m.actor is not None and not m.plural:
            m = replace(m, actor=replace(m.actor, code=state + code[3:], entry=f"{m.actor.entry} + country of the "
                                         f"article ({state})"), country_from="article",
                        rules=[*m.rules, f"a state institution takes the article's state ({state})"])
        res.append(m)
    return res
