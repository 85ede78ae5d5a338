"""Who takes part: the participant rules real news needs beyond the grammar of arguments.

Which subject undergoes a harm verb (قتل خمسة أشخاص), who did an attack with no subject of its own (the armed actor just
named; who claims responsibility), who protests and against whom, whose announcement is a measure of its own; and
the two filters that keep a source's own forces or country out of its targets.
"""

from __future__ import annotations

from functools import lru_cache

from khabar.clauses.view import SentenceView, frame_at
from khabar.events.candidate import Basis, Rule, basis_of, is_verb, surface
from khabar.lang.ar import arguments as args
from khabar.lang.ar import phrases, subjects
from khabar.model import Mention

# Roles that casualty and arrest reports count as the people harmed, not as the ones acting.
_VICTIM_ROLES = frozenset({"CVL", "REF", "EDU", "MED", "HLH", "REL", "BUS", "LAB", "AGR", "ELI", "NGO"})


# Armed groups outside the state: as the bare subject of a harm verb they are the doers, not the harmed.
_IRREGULARS = frozenset({"UAF", "REB", "INS", "RAD", "SEP", "CRM"})
# Roles that carry out attacks: a dropped subject of a hostile verb is the nearest of them named before it.
_ARMED = frozenset({"UAF", "REB", "INS", "RAD", "SEP", "CRM", "MIL", "COP"})


_REPORTERS = frozenset({"MED", "NGO", "CVL", "EDU", "HLH", "REF"})  # they announce what others did


PROTESTERS = frozenset({"CVL", "OPP", "LAB", "EDU"})  # roles of the people a protest report names


def unless_own_country(view: SentenceView, target: Mention, sources: list[Mention]) -> Mention:
    """A role word that took the article's country keeps its bare role when the source is of that country: the drone
    Jordan's jets shot down (مقاتلاته أسقطت طائرة مسيرة) is not Jordan's."""
    code = (target.actor.code or "")[:3] if target.actor else ""
    if target.country_from == "article" and any((s.actor.code or "")[:3] == code for s in sources
                                                            if s.actor):
        return view.by_token.get(target.first) or target
    return target


def own_forces(target: Mention, sources: list[Mention]) -> bool:
    """تسحب الولايات المتحدة قواتها: a source's own people (a role word with its possessive) are not its target."""
    code = target.actor.code if target.actor else ""
    return target.country_from == "possessor" and any(
        (s.actor.code or "")[:3] == (code or "")[:3] for s in sources if s.actor)


def undergoer(view: SentenceView, trig: Mention, head: Mention, entry: dict, subject: Mention | None, rule: str,
               targets: list[Mention]) -> str:
    """Why the grammatical subject undergoes the event (a rule to cite), or "" when it does it.

    - ``undergoer`` entries say so themselves: أصيب، لقي حتفه، تعرض ل (support verb).
    - ``unmarked_passive`` verbs (قتل، اعتقل، خطف) are written the same in the active and the passive: a perfect
      with no object whose subject is counted (خمسة أشخاص), has a victim's role (مدنيون، صحفي) or is an
      indefinite role noun (قتل جندي أمريكي) is read as passive; a definite agent (قتلت القوات الأمريكية) acts.
    - a noun whose genitive is its object (``object_genitive``: اعتقال ناشط، مقتل خمسة جنود): the genitive."""
    if subject is None:
        return ""
    if surface(head).ref.get("undergoer") or entry.get("undergoer"):
        return f"subject undergoes the event ({(head if surface(head).ref.get('undergoer') else trig).entry})"
    if not is_verb(head):
        genitive = basis_of(rule) is Basis.GENITIVE and (
            not demonym_only(subject) or phrases.quantified(view, subject))  # مقتل 9 إسرائيليين: counted people
        return "object genitive of the event noun (object_genitive)" if genitive and entry.get(
            "object_genitive") else ""
    if not entry.get("unmarked_passive") or head is not trig or targets or basis_of(rule) is not Basis.SUBJECT or (
            not surface(head).feats.startswith("past")):  # a guessed or relative subject may as well act
        return ""
    if head.suffix:
        return ""  # خطفهم مقاتلو الطوارق: an object pronoun makes the verb active
    code = (subject.actor.code or "") if subject.actor else ""
    definite = view.norm(subject.first).removeprefix("و").startswith(("ال", "لل"))
    before_verb = subject.last < head.first
    if phrases.quantified(view, subject):
        return "unvocalized passive: counted subject with no object (قتل خمسة أشخاص)"
    if code[3:] in _VICTIM_ROLES:
        return f"unvocalized passive: subject with a victim's role ({code[3:]}) and no object"
    if phrases.counted_after(view, subject) or before_verb:
        return ""  # اختطف مسلحون أكثر من 280 تلميذا، مسلحون اغتالوا إمام الجامع: an object follows, or SVO
    if code[3:] in _IRREGULARS:
        return ""  # خطف مسلحون، قبل خمسة أيام، عددا من الأشخاص: bare gunmen and rebels do the kidnapping
    if not definite and subject.actor is not None and (subject.actor.kind in ("agent", "org") or demonym_only(
            subject)):  # قتل عراقيان، قتل جندي أمريكي
        return "unvocalized passive: indefinite subject with no object (قتل جندي)"
    return ""


# Roles that carry out attacks: a dropped subject of a hostile verb is the nearest of them named before it.


def armed_actor_before(view: SentenceView, verb: Mention) -> Mention | None:
    """The armed actor (a role without a country) closest before a hostile verb that has no subject of its own,
    within its clause or the eight words before it, not inside a prepositional phrase."""
    clause_start, _ = view.clause_of(verb.first)
    for m in phrases.actors_before(view, verb.first):
        if m.last < clause_start and verb.first - m.last > 8:
            return None
        if phrases.generic(m) and (m.actor.code or "")[3:] in _ARMED and not phrases.governed_by_prep(view, m) and (  # type: ignore[union-attr]
                not _adjective_use(view, m)):
            return m
    return None


def _adjective_use(view: SentenceView, m: Mention) -> bool:
    """في تطور عسكري: a one-word nisba right after a noun is an adjective (military), not a person (a soldier)."""
    prev = view.norm(m.first - 1)
    closed = view.words("prepositions") | view.words("complementizers") | view.words("quantities")
    return m.first == m.last and view.norm(m.first).endswith("ي") and m.first > 0 and prev not in closed and (
        not view.sentence.tokens[m.first - 1].is_punct)


def responsible(view: SentenceView, noun: Mention) -> Mention | None:
    """The one who claims or denies responsibility for an attack named after "مسؤولية/مسؤولين عن": the owner of
    the possessive (مسؤوليته), else the speaker of the claim, else the subject of the verb before it."""
    at = noun.first - 1
    if view.norm(at) in view.words("demonstratives"):
        at -= 1  # مسؤوليته عن هذه الضربة
    before = view.by_token.get(at)
    if before is not None and before.kind == "trigger" and before.key.endswith(" عن"):
        word_i = before.first  # مسؤوليته عن matched as one phrase (the 015 claim)
    elif view.norm(at) == "عن":
        word_i = at - 1
    else:
        return None
    word = view.norm(word_i)
    if word not in view.words("responsibility_words") and not word.startswith("مسوولي"):
        return None
    raw = view.sentence.tokens[word_i].text
    suffix = next((p for p in ("هما", "هم", "ها", "ه") if raw.endswith(p)), "")
    owner = subjects.pronoun_referent(view, word_i, suffix) if suffix else None
    if owner is not None:
        return owner
    frame = frame_at(view, noun.first)
    if frame is not None and phrases.arguable(frame.speaker):
        return frame.speaker
    verbs = [m for m in view.mentions if m.last < word_i and m.surfaces and is_verb(m)]
    return subjects.explicit_subject(view, verbs[-1])[0] if verbs else None


def takes_measures(speaker: Mention | None) -> bool:
    """Can the speaker of "أعلن + masdar" be the one who takes the measure? A state, an institution, an armed group
    claiming an attack; not the media, NGOs, experts or people, who announce what others did."""
    code = (speaker.actor.code or "") if speaker is not None and speaker.actor is not None else ""
    return phrases.usable(speaker) and code[3:6] not in _REPORTERS


def protesting(actors: list[Mention]) -> bool:
    return any(a.actor is not None and (a.actor.code or "")[3:] in PROTESTERS for a in actors)


def protesters(view: SentenceView, trig: Mention, targets: list[Mention]) -> Mention | None:
    """خرج متظاهرون فلسطينيون إلى الشوارع في مظاهرات: a protest noun or verb with no subject is by the protesters the
    sentence names (the nearest people of a protesting role, not a target, not after a preposition)."""
    people = [a for a in view.actors if a.actor is not None and (a.actor.code or "")[3:] in PROTESTERS
              and all(a is not t for t in targets) and not phrases.governed_by_prep(view, a)]
    return min(people, key=lambda a: abs(a.first - trig.first)) if people else None


def protest_target(view: SentenceView, trig: Mention, sources: list[Mention]) -> tuple[list[Mention], str]:
    """A protest's target when its trigger names none: whom it addresses or opposes, else the state where it is
    (with the rule that found it, or "")."""
    aim = protest_aim(view, sources)
    if aim is not None:
        return [aim], f"target: whom the protest addresses or opposes ({aim.text})"
    place = protest_place(view, trig, sources)
    if place is not None:
        return [place], Rule("target: the state where a protest happens (في …)", Basis.PLACE_STATE)
    return [], ""


def protest_aim(view: SentenceView, sources: list[Mention]) -> Mention | None:
    """مطالبين الحكومة التركية، ضد الناتو، معادية للرئيس الإيراني، أمام مقر السفارة الأمريكية: the first actor within
    three words after a word of demand or opposition (``protest_aims``), through a preposition and a building,
    decision or act noun that it owns (احتجاجا على تعامل الحكومة، مطالبين باستقالة الحكومة، للتنديد بزيارة الرئيس,
    احتجاجا على ما وصفوه بانتهاكات الجيش); only when there is none, after a word of place or direction
    (``protest_places``: أمام مقر السفارة، توجهوا إلى القصر)."""
    for words in ("protest_aims", "protest_places"):
        forms = _with_wa(view.words(words))
        if forms.isdisjoint(view.norms):
            continue  # most sentences: no word of the list
        for i, word in enumerate(view.norms):
            if word in forms and (aim := _aim_after(view, i, sources)) is not None:
                return aim
    return None


@lru_cache(maxsize=16)
def _with_wa(words: frozenset[str]) -> frozenset[str]:
    """The words w whose ``w.removeprefix("و")`` is in ``words``: those not starting with و, and و + each."""
    return frozenset({w for w in words if not w.startswith("و")} | {"و" + w for w in words})


def _aim_after(view: SentenceView, i: int, sources: list[Mention]) -> Mention | None:
    k, owned, end = i + 1, 0, i + 5
    while k < end:
        m = view.by_token.get(k)
        people = phrases.generic(m) and m is not None and (m.actor.code or "")[3:] in PROTESTERS  # type: ignore[union-attr]
        if m is not None and m.kind == "actor" and phrases.arguable(m) and not people and not any(
                same_party(m, s) for s in sources):  # the protesters themselves (or their own state) are no addressee
            return args.group(view, m)[0] if args.group(view, m) else m
        if view.norm(k) == "ما" and view.norm(k + 1).endswith(("وه", "ونه")) and not owned:
            k, end = k + 2, end + 2  # احتجاجا على ما وصفوه بانتهاكات الجيش: what they called …
            continue
        if k == i + 1 and m is None:
            k += 1  # احتجاجا على، أمام: the preposition or the first word
            continue
        if owned or not _owned_noun(view, k, m):
            break
        k, owned = k + 1, 1
    return None


def protest_place(view: SentenceView, trig: Mention, sources: list[Mention]) -> Mention | None:
    """تجمع مئات المتظاهرين في وسط أنقرة: a protest that names no addressee is coded against the state where it happens
    (as the conflict events are), unless that is the protesters' own country named as such. The place is the subject
    of شهد right before it, or the first في phrase within eight words of the trigger: a state named further on is
    what the protest is about, not where."""
    if (place := witness(view, trig)) is not None:
        return None if any(same_party(place, s) for s in sources) else place
    end = min(view.clause_of(trig.first)[1], trig.last + 8)
    for i in range(trig.last + 1, end):
        if view.norm(i) not in ("في", "بمدينه"):
            continue
        place = args.location_actor(view, trig, i + 4)  # the first في decides: في الطرقات … في مدن باكستان is no place
        if place is None or place.first > i + 3 or any(same_party(place, s) for s in sources):
            return None
        return place
    return None


def witness(view: SentenceView, trig: Mention) -> Mention | None:
    """شهدت تركيا مسيرتين ضخمتين: the state or place that saw an event, as the subject of شهد right before it."""
    i = trig.first - 1
    while i > 0 and (i in view.date_tokens or view.norm(i) in view.words("skippable")):
        i -= 1  # شهدت الأردن أمس مظاهرات
    place = view.by_token.get(i)
    if place is None or place.actor is None or place.actor.kind not in ("state", "place") or not place.actor.code:
        return None
    return place if phrases.strip_conj(view.norm(place.first - 1)).startswith(("شهد", "تشهد", "يشهد")) else None


def same_party(a: Mention, b: Mention) -> bool:
    """Do two actors belong to one party: the same country, or the same role when neither names a country
    (---CVL and ---GOV are not one party because both lack a country)."""
    ca, cb = (a.actor.code or "") if a.actor else "", (b.actor.code or "") if b.actor else ""
    if not ca or not cb:
        return False
    return ca == cb if ca.startswith("---") or cb.startswith("---") else ca[:3] == cb[:3]


def _owned_noun(view: SentenceView, k: int, m: Mention | None) -> bool:
    """Is token k a noun whose genitive is the one protested (قرار الحكومة، تعامل الحكومة، باستقالة الحكومة): a building
    or decision noun, or an indefinite content word (an event noun, or no mention) in the construct state?"""
    word = view.norm(k)
    bare = word.removeprefix("ب").removeprefix("ل")
    if bare.removeprefix("ال") in view.words("possessed_places"):
        return True
    if m is not None and (m.kind != "trigger" or is_verb(m)):
        return False
    return len(bare) >= 3 and not bare.startswith("ال") and not view.sentence.tokens[k].is_punct and (
        word not in view.words("non_name_words") | view.words("prepositions") | view.words("quantities"))


def demonym_only(m: Mention) -> bool:
    parts = m.parts or []
    return len(parts) == 1 and parts[0].kind == "demonym"
