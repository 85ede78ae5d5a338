"""What the English actor composer and its reference finder share: the article's memory of who was named
(:class:`EnglishDiscourse`), a mention's lexicon reading, and how a composed actor mention is made."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from khabar.mentions.discourse import dominant_state
from khabar.model import Actor, Mention, Sentence

ARTICLES = frozenset({"the", "a", "an"})


PRONOUNS_PERSON = frozenset({"he", "she"})


@dataclass(slots=True)
class EnglishDiscourse:
    """What the article has said so far (for short names, pronouns and anaphors)."""

    article_date: date | None
    persons_seen: set[str] = field(default_factory=set)
    state_counts: Counter[str] = field(default_factory=Counter)
    recent_states: list[str] = field(default_factory=list)
    recent_people: list[Actor] = field(default_factory=list)
    recent_plural: list[Mention] = field(default_factory=list)

    def dominant_state(self) -> str | None:
        return dominant_state(self.state_counts)

    def note(self, m: Mention, states: frozenset[str]) -> None:
        named: list[Actor | None] = list(m.group) if m.group else [m.actor]
        for actor in named:
            if actor is None:
                continue
            if actor.code and actor.code[:3] in states:
                self.state_counts[actor.code[:3]] += 1
                self.recent_states = [c for c in self.recent_states if c != actor.code[:3]] + [actor.code[:3]]
            if actor.kind == "person":
                self.recent_people = [a for a in self.recent_people if a.name != actor.name] + [actor]
        if m.group or m.plural:
            self.recent_plural = [*self.recent_plural[-3:], m]


def surface(m: Mention):
    return m.surfaces[0]


def ref(m: Mention) -> dict[str, Any]:
    return surface(m).ref


def actor_mention(parts: list[Mention], actor: Actor, rule: str, sentence: Sentence, *, plural: bool = False,
                  agent: Mention | None = None, group: list[Actor] | None = None) -> Mention:
    first, last = min(p.first for p in parts), max(p.last for p in parts)
    start, end = sentence.tokens[first].start, sentence.tokens[last].end
    return Mention("actor", start, end, sentence.text[start - sentence.start:end - sentence.start], first, last,
                   parts[0].entry, actor, parts=parts, rules=[rule], plural=plural, agent=agent, group=group)


def by_token_kind(out: list[Mention], t: int) -> str:
    """"actor_agent" when token t lies in a bare agent actor (which an anaphor may replace), else the kind."""
    for m in out:
        if m.first <= t <= m.last:
            bare = m.actor is not None and m.actor.kind == "agent" and (m.actor.code or "")[:3] == "---"
            if m.kind == "actor" and bare:
                return "actor_agent"
            return m.kind
    return ""


def name_word(text: str) -> bool:
    """A capitalized word that may be part of a name (not an acronym)."""
    return text[:1].isupper() and text.replace("-", "").isalpha() and not text.isupper()
