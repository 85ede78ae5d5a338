"""What an article has said so far, shared by every language's actor composer: the states it keeps naming (for
"the country" and for state institutions), the leaders and people named in full (for short names and anaphors), and
a person's dated role (``person_code``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Container
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from khabar.model import Actor


@dataclass(slots=True)
class Discourse:
    """What the article has said so far: people named in full, how often each state came up, recent leaders."""

    article_date: date | None
    persons_seen: set[str] = field(default_factory=set)
    state_counts: Counter[str] = field(default_factory=Counter)
    recent_leaders: list[Actor] = field(default_factory=list)
    recent_states: list[str] = field(default_factory=list)
    #: organizations named in full, by the definite head noun that refers back to them (الاتحاد → the EU)
    org_heads: dict[str, Actor] = field(default_factory=dict)

    def dominant_state(self) -> str | None:
        return dominant_state(self.state_counts)

    def note(self, actor: Actor, states: Container[str] = frozenset()) -> None:
        if actor.code and actor.code[:3] in states:  # IGOUNO or ---GOV are no state to refer back to
            self.state_counts[actor.code[:3]] += 1
            self.recent_states = [c for c in self.recent_states if c != actor.code[:3]] + [actor.code[:3]]
        if actor.kind == "person" and actor.code and actor.code.endswith("GOV"):
            self.recent_leaders = [a for a in self.recent_leaders if a.name != actor.name] + [actor]


def person_code(person: dict[str, Any], on: date | None) -> tuple[str | None, str | None]:
    """(code, title) of a person's role on the article date; the latest role when the date is unknown."""
    roles = person.get("roles", [])
    if on is not None:
        iso = on.isoformat()
        for role in roles:
            start, end = role.get("from") or "0000", role.get("to") or "9999"
            if str(start) <= iso <= str(end):
                return role["code"], role.get("title")
        past = [r for r in roles if str(r.get("from") or "0000") <= iso]
        if past:  # out of office: still of that country, no longer in the role
            return past[-1]["code"][:3], None
        return None, None
    return (roles[-1]["code"], roles[-1].get("title")) if roles else (None, None)


def dominant_state(state_counts: Counter[str]) -> str | None:
    """The state an article is about so far: named at least twice and more often than any other."""
    if not state_counts:
        return None  # the article's first sentences: most_common would sort nothing, slowly
    top = state_counts.most_common(2)
    if not top or top[0][1] < 2 or (len(top) > 1 and top[1][1] == top[0][1]):
        return None
    return top[0][0]
