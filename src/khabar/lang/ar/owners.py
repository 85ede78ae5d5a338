"""Whose an actor is: a countryless role takes the country of the phrase after it (مسؤول في الخارجية الأمريكية),
of the organization it is a member of (ضابط في الشرطة), of a possessive pronoun (قواتها) or of the article."""

from __future__ import annotations

from dataclasses import replace

from khabar.clauses.view import SentenceView
from khabar.lang.ar.phrases import generic, usable
from khabar.lang.ar.subjects import pronoun_referent
from khabar.mentions.kinds import STATE_ROLES
from khabar.model import Mention


def affiliation(view: SentenceView, agent: Mention, limit: int) -> Mention | None:
    """A countryless agent's country from the phrase after it: قادة في الجيش السوداني → SDNMIL; or from its
    possessive pronoun: مقاتلاته after الجيش الأردني → JORMIL."""
    owned = possessed(view, agent)
    if owned is not None:
        return owned
    i = agent.last + 1
    if view.norm(agent.last).endswith("ون") and view.norm(i) not in ("في", "من", "لدي"):
        # a nominative sound plural has no genitive (مسلحو الحركة drops its ن): خطف مسلحون صحفيين أمريكيين
        return _department_of(view, agent, limit) or _article_country(view, agent)
    if view.norm(i) in view.words("prepositions") and view.norm(i) not in ("في", "من", "لدي"):
        return _department_of(view, agent, limit) or _article_country(view, agent)  # متظاهرون قرب السفارة: a place
    if view.norm(i) in view.words("complementizers"):
        return _article_country(view, agent)  # أفادت مصادر مطلعة بأن الوزير الأمريكي …: whom they speak of
    if view.norm(i) in ("في", "من", "لدي", "ب") or (m := view.by_token.get(i)) is None or not usable(m):
        i += 1
    if view.norm(i) in ("في", "من") and view.by_token.get(i) is None:
        i += 1  # المجلس العسكري الحاكم في النيجر
    m = view.by_token.get(i)
    if m is not None and m.first < limit and generic(m) and view.norm(agent.last + 1) in ("في", "من") and (
            generic(agent) and m.actor is not None and agent.actor is not None):
        # ضابط في الشرطة، عنصر من الجيش: a member takes the role of the body he belongs to (---COP, ---MIL)
        actor = replace(agent.actor, code=(m.actor.code or "")[:6], entry=f"{agent.actor.entry} + member of {m.text}")
        return replace(agent, kind="actor", actor=actor)
    if m is not None and m.first < limit and usable(m) and m.kind == "actor":
        return m
    return _department_of(view, agent, limit) or _article_country(view, agent)


def _department_of(view: SentenceView, agent: Mention, limit: int) -> Mention | None:
    """مسؤول العلاقات الإعلامية في حزب الله: past a department's words the lexicon does not know, في/من/لدى + the
    body the agent serves (at most three words, no punctuation)."""
    for k in range(agent.last + 1, min(agent.last + 5, limit)):
        if view.by_token.get(k) is not None or view.sentence.tokens[k].is_punct:
            return None
        if view.norm(k) in ("في", "من", "لدي"):
            k += 1
            while k < limit and view.sentence.tokens[k].is_punct and view.norm(k) not in (",", ".", ":"):
                k += 1  # في “حزب الله”: past the quotation mark
            m = view.by_token.get(k)
            return m if m is not None and m.first < limit and usable(m) and m.kind == "actor" else None
    return None


# Roles of a state's own institutions: unnamed, they are the state the article is about (وزير الدفاع in a report on
# Syria is Syria's), or the one state their sentence names (شرطي في بغداد), as CAMEO coders read them; civilians,
# gunmen and protesters stay role-only.


def owner_country(view: SentenceView, agent: Mention) -> Mention | None:
    """A role word's country from its possessive pronoun or from the article, never from a place after it: in
    قتلت القوات ثلاثة مسلحين في سوريا the gunmen are in Syria, not Syria's."""
    return possessed(view, agent) or _member_of(view, agent) or _article_country(view, agent)


def _member_of(view: SentenceView, agent: Mention) -> Mention | None:
    """11 مسلحا من تنظيم «القاعدة»، عضوا في حركة حماس: role words followed by من/في + an organization are its
    members; the organization is the actor (a state after من is only where they come from); after a body's role
    word (ضابطا في الشرطة) they take its role."""
    k = agent.last + 1
    if view.norm(k) not in ("من", "في") or view.by_token.get(k) is not None:
        return None
    k += 1
    while k < len(view.sentence.tokens) and view.sentence.tokens[k].is_punct and view.norm(k) not in (",", "."):
        k += 1  # من «القاعدة»
    m = view.by_token.get(k)
    if m is not None and generic(m) and generic(agent) and (m.actor.code or "")[3:] in _BODIES:  # type: ignore[union-attr]
        # ضابطا في الشرطة، عضوا في البرلمان: a member takes the role of the body he belongs to
        actor = replace(agent.actor, code=(m.actor.code or "")[:6], entry=f"{agent.actor.entry} + member of {m.text}")  # type: ignore[type-var, union-attr]
        return replace(agent, kind="actor", actor=actor)
    if m is None or m.kind != "actor" or m.actor is None or m.actor.kind in ("state", "place", "agent", "person"):
        return None
    return m if usable(m) else None


# Bodies one is a member of (the police, the army, a party, parliament): a role word after في/من takes their role.
_BODIES = frozenset({"COP", "MIL", "GOV", "LEG", "JUD", "SPY", "PTY", "OPP", "REB", "INS", "MED", "EDU", "NGO"})


def _article_country(view: SentenceView, agent: Mention) -> Mention | None:
    state = view.article_state
    code = agent.actor.code if agent.actor is not None else None
    if not state or not generic(agent) or not code or code[3:] not in STATE_ROLES:
        return None
    actor = replace(agent.actor, code=state + code[3:], entry=f"{agent.actor.entry} + country of the article ({state})")  # type: ignore[type-var, union-attr]
    return replace(agent, kind="actor", actor=actor, country_from="article")


def possessed(view: SentenceView, agent: Mention) -> Mention | None:
    """A role word with a possessive pronoun (قواتها، مقاتلاته، عناصرها) belongs to the actor the pronoun refers
    to: the agent keeps its span and role and takes that actor's country."""
    parts = agent.parts or []
    suffix = parts[0].suffix if len(parts) == 1 else ""
    if not suffix or agent.actor is None or not generic(agent):
        return None
    owner = pronoun_referent(view, agent.first, suffix)
    if owner is None or owner.actor is None or not owner.actor.code:
        return None
    actor = replace(agent.actor, code=owner.actor.code[:3] + (agent.actor.code or "")[3:],
                    entry=f"{agent.actor.entry} + possessor {owner.text}")
    return replace(agent, kind="actor", actor=actor, country_from="possessor")
