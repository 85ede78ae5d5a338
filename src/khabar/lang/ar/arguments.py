"""Argument roles: who is the source and who are the targets of an event trigger.

Verbs: a relative clause takes its antecedent (…قرارات الأمم المتحدة، المدعومة من روسيا، التي تحظر → UN); SVO takes
the actor right before the verb; VSO the first actor after it that no preposition governs; otherwise the subject is
dropped and the nearest earlier actor agreeing with the verb's person/gender/number stands in (pro-drop).
Nouns: a possessive pronoun (حربها، تحالفاتها), the genitive or demonym after the noun (زيارة بوتين، الهجوم
الأوكراني), the verb that governs the noun (تسعى لشراء، ترغب في الحصول، يدفع X إلى) or, last, the nearest actor in
the clause. Targets come through the prepositions the lexicon entry names, or as the direct object; coordinated
actors (مع كوريا الجنوبية واليابان) each become a target.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from khabar.clauses.view import SentenceView
from khabar.events.candidate import Basis, Rule, is_verb
from khabar.lang.ar.owners import affiliation
from khabar.lang.ar.phrases import (
    _is_quantity,
    _phrase_at,
    arguable,
    first_words,
    governed_by_prep,
    strip_conj,
    usable,
)
from khabar.lang.ar.subjects import _nisba
from khabar.model import Mention


@dataclass(slots=True)
class Arguments:
    source: Mention | None = None
    targets: list[Mention] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)
    confidence: float = 0.9


def direct_object(view: SentenceView, trig: Mention, subjects: list[Mention] | None, limit: int,
                  owner: bool = False) -> Mention | None:
    """First actor after the verb (and after a VSO subject) that no preposition governs. With ``owner`` (hostile
    acts), the owner of a thing struck counts too: استهدف دورية للجيش الأمريكي → the US army."""
    start = trig.last + 1
    for s in subjects or ():
        if s.first > trig.last:
            start = max(start, s.last + 1)  # past a VSO subject
    start = _past_parenthetical(view, start, limit)  # التقى، في وقت سابق، وفد الحكومة
    i = start
    while i < limit and i - start <= 5:
        m = view.by_token.get(i)
        if m is not None and m.kind == "actor" and not any(m is s for s in subjects or ()):
            apposition = any(s.actor.code == m.actor.code or (s.last + 1 == m.first and (s.actor.code or "")[:3] == (  # type: ignore[union-attr]
                m.actor.code or "")[:3] != "---") for s in subjects or ())  # type: ignore[union-attr]  # two bare roles are no apposition
            if not governed_by_prep(view, m) and not apposition:
                return m
            if owner and not apposition and i > start and m.prefix.lstrip("و") == "ل" and (
                    view.by_token.get(i - 1) is None and view.norm(i - 1) not in view.words("prepositions")):
                return m  # the thing struck (دورية، مقرا، نقطة تفتيش) belongs to the actor after ل
            i = m.last + 1
            continue
        if (m is not None and m.kind == "report") or (m is not None and m.kind == "trigger" and m.surfaces
                and m.surfaces[0].cls == "verb" and m is not trig):
            return None
        if owner and m is None and i > start and _owned_place(view, i):
            nxt = view.by_token.get(i + 1)  # استهدف موكبا لسفارة الولايات المتحدة: the embassy's state
            if nxt is not None and nxt.kind == "actor" and not nxt.prefix:
                return nxt
        i = m.last + 1 if m is not None else i + 1
    return None


def _past_parenthetical(view: SentenceView, i: int, limit: int) -> int:
    """The token after a "، … ،" parenthetical of at most five words that starts at i (and a colon after it), else i."""
    if view.norm(i) != ",":
        return i
    for k in range(i + 1, min(i + 7, limit)):
        if view.by_token.get(k) is not None and view.by_token[k].kind in ("actor", "trigger", "report"):
            return i  # an actor or an event inside: no parenthetical, a new phrase
        if view.norm(k) == ",":
            return k + 2 if view.norm(k + 1) == ":" else k + 1
    return i


def _owned_place(view: SentenceView, i: int) -> bool:
    """ل + a building or body noun (لسفارة، لمقر، للبعثة): what it belongs to follows."""
    word = view.norm(i)
    return word[:1] == "ل" and (word[1:].removeprefix("ل") in view.words("possessed_places") or (
        word[1:].removeprefix("ال") in view.words("possessed_places")))


def coordinated(view: SentenceView, first: Mention, limit: int) -> list[Mention]:
    """first plus the actors joined to it by و (مع كوريا الجنوبية واليابان; بين كوريا والولايات المتحدة واليابان)."""
    out = [first]
    cur = first
    while True:
        nxt = view.by_token.get(cur.last + 1)
        if nxt is None or nxt.kind != "actor" or nxt.first >= limit or not nxt.prefix.startswith("و"):
            return out
        out.append(nxt)
        cur = nxt


def governed_after(view: SentenceView, trig: Mention, limit: int) -> list[tuple[Mention, str | None]]:
    """Actors and places between a trigger and ``limit``, each with the preposition that governs it (or None)."""
    return [(m, governed_by_prep(view, m)) for m in view.mentions if trig.last < m.first < limit and (
        m.kind == "actor" or (m.kind == "place" and m.actor is not None and m.actor.code))]


def prep_targets(view: SentenceView, trig: Mention, preps: list[str], limit: int,
                 governed: list[tuple[Mention, str | None]] | None = None) -> list[Mention]:
    """Actors introduced by the entry's prepositions, tried in the entry's order (قدم شكوى إلى مجلس الأمن ضد تركيا:
    ضد before إلى), with the actors coordinated to them. ``governed``: :func:`governed_after`, when known."""
    if governed is None:
        governed = governed_after(view, trig, limit)
    for prep in preps:
        first = _governed_by(governed, prep) or _receiver_after(view, trig, prep, limit)
        if first is None:
            continue
        found: list[Mention] = []
        for a in coordinated(view, first, limit):
            a = a if usable(a) else affiliation(view, a, limit) or a
            if arguable(a) and not any(a is f for f in found):
                found.append(a)
        return found
    return []


def _governed_by(governed: list[tuple[Mention, str | None]], prep: str) -> Mention | None:
    """The first actor ``prep`` governs."""
    for m, p in governed:
        if p == prep:
            return m
    return None


def _receiver_after(view: SentenceView, trig: Mention, prep: str, limit: int) -> Mention | None:
    """حظر على مبيعات السلاح لروسيا: the preposition governs a thing (sales of arms); the actor after ل, at most
    three words on, is whom the thing concerns."""
    for i in range(trig.last + 1, min(trig.last + 4, limit)):
        if strip_conj(view.norm(i)) != prep or view.by_token.get(i) is not None:
            continue
        for k in range(i + 1, min(i + 5, limit)):
            m = view.by_token.get(k)
            if m is not None:
                return m if m.kind == "actor" and m.prefix.lstrip("و") == "ل" and k > i + 1 else None
            if view.sentence.tokens[k].is_punct:
                return None
    return None


def group(view: SentenceView, m: Mention | None) -> list[Mention]:
    """An actor with its coordinated neighbours (أدانت السعودية وقطر / السعودية وقطر أدانتا)."""
    if m is None:
        return []
    first = m
    while first.prefix.startswith("و"):
        prev = view.by_token.get(first.first - 1)
        if prev is None or prev.kind != "actor":
            break
        first = prev
    out = []
    for a in coordinated(view, first, len(view.sentence.tokens)):
        a = a if usable(a) else affiliation(view, a, len(view.sentence.tokens)) or a
        if arguable(a):
            out.append(a)  # المجلس العسكري الحاكم في النيجر → NER
    return out


def passive_agent(view: SentenceView, trig: Mention, limit: int) -> Mention | None:
    """The actor after على يد / من قبل / من جانب in the trigger's clause: the doer of a passive event."""
    if view.passive_phrases is None:
        agent_phrases = view.words("passive_agent")
        firsts = first_words(agent_phrases)
        # (lstrip called only on a word that starts with و or ف)
        view.passive_phrases = [(i, n) for i, w in enumerate(view.norms)
                                if (w.lstrip("وف") if w[:1] in "وف" else w) in firsts
                                and (n := _phrase_at(view, i, agent_phrases))]
    for i, n in view.passive_phrases:
        if trig.last < i <= limit:  # برصاص مسلحين: the agent phrase may itself be the next trigger
            for k in range(i + n, i + n + 3):  # على يد عشرة متمردين، على أيدي رجال مسلحين
                m = view.by_token.get(k)
                if m is not None:
                    return m if arguable(m) else None
                if not (_is_quantity(view, k) or _nisba(view.norm(k)) or view.norm(k) in ("رجال", "عناصر")):
                    return None
            return None
    return None


_WHERE = frozenset({"في", "بمدينه", "بمدينة"})


def location_actor(view: SentenceView, trig: Mention, limit: int) -> Mention | None:
    """The state named as where an event happens: في [جنوب] لبنان، في دمشق."""
    if _WHERE.isdisjoint(view.norms[trig.last + 1:limit]):
        return None  # (one set test: most triggers have no في after them)
    for i in range(trig.last + 1, limit):
        if view.norm(i) not in _WHERE:
            continue
        k = i + 1
        while view.norm(k) in view.words("directions") and k < i + 3:
            k += 1
        m = view.by_token.get(k)
        if m is not None and m.kind in ("actor", "place") and m.actor is not None and m.actor.code and (
                m.actor.kind in ("state", "place")):
            return m
    return None


def relative_object(view: SentenceView, noun: Mention) -> Mention | None:
    """الأطراف الروسية التي تطولها عقوبات الاتحاد: an event noun right after a relative clause's verb that carries an
    object pronoun is that verb's subject, and what the pronoun points back to, the relative's antecedent, is the
    one the event is aimed at; so is it for an event verb with the pronoun (القرى التي استهدفها القصف)."""
    i = noun.first - 1
    if is_verb(noun):
        i = noun.first  # القرى التي استهدفها القصف: the verb itself, its subject after it
    if view.norm(i - 1) not in view.words("relative_pronouns"):
        return None  # (asked first: most words have no relative pronoun before them)
    verb = view.by_token.get(i)
    raw = view.sentence.tokens[i].text if i >= 0 else ""
    if verb is not None and not (verb.kind == "trigger" and is_verb(verb)):
        return None
    if len(raw) < 4 or not raw.endswith(("ه", "ها", "هم", "هما")) or raw.endswith("اه"):
        return None
    # the actor the relative pronoun follows, even inside a prepositional phrase (قائمة من الأطراف الروسية التي …)
    antecedent = next((a for a in view.actors if a.last == i - 2), None)  # right before the relative pronoun
    return antecedent if arguable(antecedent) else None


def relative_targets(view: SentenceView, antecedent: Mention, sources: list[Mention],
                     rules: list[str]) -> list[Mention]:
    """The antecedent of ``relative_object`` with its coordinated actors, as targets (the rule appended to rules)."""
    targets = [t for t in group(view, antecedent) if all(t is not s for s in sources)]
    if targets:
        rules.append(Rule("target: the antecedent of the relative clause (التي تطولها العقوبات)", Basis.RELATIVE))
    return targets
