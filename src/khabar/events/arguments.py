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

from dataclasses import dataclass, field, replace
from functools import cache

from khabar.clauses.structure import SentenceView, before_parenthetical
from khabar.model import Mention

_FEMININE_PRONOUNS = ("ها",)
_PLURAL_PRONOUNS = ("هم", "هما", "هن")


@dataclass(slots=True)
class Arguments:
    source: Mention | None = None
    targets: list[Mention] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)
    confidence: float = 0.9


def usable(m: Mention | None) -> bool:
    """An actor coded down to its country or organization (a countryless generic agent like "مسؤول" is not):
    the only kind the guessing rules (pro-drop, nearest actor, pronoun referents) may pick."""
    return (m is not None and m.kind in ("actor", "place") and m.actor is not None and bool(m.actor.code)
            and not m.actor.code.startswith("---"))


def generic(m: Mention | None) -> bool:
    """A role-only actor (مسلحون → ---UAF, متظاهرون → ---CVL, الشرطة → ---COP): CAMEO codes the role when the text
    names no country, so it is an event argument wherever the grammar names it (subject, object, prepositions)."""
    return (m is not None and m.kind == "actor" and m.actor is not None and len(m.actor.code or "") == 6
            and (m.actor.code or "").startswith("---"))


def arguable(m: Mention | None) -> bool:
    """An actor the grammar may name as an event argument: coded, or generic with a role."""
    return usable(m) or generic(m)


def governed_by_prep(view: SentenceView, m: Mention) -> str | None:
    """The preposition introducing actor m, as a separate word or a clitic (بموسكو → ب)."""
    prefix = m.data.get("prefix", "").lstrip("وف")
    if prefix in ("ب", "ل", "ك"):
        return prefix
    head = view.by_token.get(m.first - 1)
    if m.data.get("prefix", "").startswith("و") and head is not None and head.kind == "actor" and head is not m:
        return governed_by_prep(view, head)  # مع مصر والأردن: the conjunct shares its head's preposition
    i = m.first - 1
    if m.data.get("parts") and m.data["parts"][0].kind == "demonym" and view.by_token.get(i) is None and view.norm(
            i).startswith("ال"):
        i -= 1  # احتجاجا على التحركات الأمريكية: the preposition governs the noun the demonym modifies
    elif view.by_token.get(i) is None and view.norm(i) in view.words("directions"):
        i -= 1  # على مدينة رفح، في جنوب لبنان
    elif (q := quantity_start(view, m)) < m.first:
        i = q - 1  # فرض عقوبات على أربعة مستوطنين، مقتل ثمانية من عناصر الشرطة
    elif view.by_token.get(i) is None and _relational(view, view.norm(i)):
        return view.norm(i)[0]  # أشاد بدور قطر: the preposition on the relational noun governs its owner
    elif _possessed_noun(view, i) and _strip_conj(view.norm(i - 1)) in view.words("prepositions"):
        return _strip_conj(view.norm(i - 1))  # احتجاجا على قرار الحكومة، ضد زيارة بوش: through the possessed noun
    prev = view.norm(i)
    prev = prev[1:] if len(prev) > 2 and prev[0] in "وف" else prev
    return prev if prev in view.words("prepositions") else None


def _is_quantity(view: SentenceView, i: int) -> bool:
    word = view.norm(i)
    return view.by_token.get(i) is None and (word in view.words("quantities") or word.isdigit() or (
        word[:1] == "و" and word[1:] in view.words("quantities")))  # خمسة وعشرون


def quantity_start(view: SentenceView, m: Mention) -> int:
    """First token of a count before actor m (خمسة، 28، نحو عشرين، ثمانية من، عشرات من), else m.first.

    A partitive من after a count does not govern the actor: in مقتل ثمانية من عناصر الشرطة the policemen are the
    ones killed, not where something comes from."""
    i = m.first - 1
    if view.norm(i) == "من" and _is_quantity(view, i - 1):
        i -= 1
    start = m.first
    while i >= 0 and _is_quantity(view, i):
        start = i
        i -= 1
    return start


def quantified(view: SentenceView, m: Mention) -> bool:
    """Is actor m counted (خمسة أشخاص، 20 شخصا، ثلاثة من الجنود)? Counted people are news as victims far more
    often than as doers."""
    return quantity_start(view, m) < m.first


def counted_after(view: SentenceView, m: Mention) -> bool:
    """Does a count follow actor m (اختطف مسلحون أكثر من 280 تلميذا)? Then the verb has an object m is not."""
    return _is_quantity(view, m.last + 1)


def resumptive_subject(view: SentenceView, noun: Mention) -> Mention | None:
    """هجوم شنه مستوطنون، عبوة ناسفة زرعها مسلحو الحركة: a verb right after an event noun, with a pronoun that
    points back at the noun, describes it; the actor right after that verb did it."""
    i = noun.last + 1
    nxt = view.by_token.get(i)
    if nxt is not None and ((nxt.kind == "actor" and _demonym_part(nxt)) or (
            nxt.kind == "trigger" and nxt.data["surfaces"][0].cls != "verb")):
        i = nxt.last + 1  # هجوم إسرائيلي شنه …، انفجار عبوة ناسفة زرعها …: past an adjective or the device
    verb = view.by_token.get(i)
    raw = view.sentence.tokens[i].text if i < len(view.sentence.tokens) else ""
    if verb is not None and (verb.kind not in ("trigger", "cue") or verb.data.get("suffix") not in ("ه", "ها")):
        return None
    closed = view.words("prepositions") | view.words("non_name_words")
    if verb is None and not (len(raw) >= 4 and raw.endswith(("ه", "ها")) and not _is_quantity(view, i)
                             and view.norm(i) not in closed and not view.norm(i).startswith("ال")):
        return None  # the pronoun is written ه، never ة; تجاه and the like are no verbs
    m = view.by_token.get((verb.last if verb is not None else i) + 1)
    return m if m is not None and m.kind == "actor" and arguable(m) and not m.data.get("prefix") else None


def _demonym_part(m: Mention) -> bool:
    parts = m.data.get("parts") or []
    return len(parts) == 1 and parts[0].kind == "demonym"


def _strip_conj(word: str) -> str:
    return word[1:] if len(word) > 2 and word[0] in "وف" else word


def _possessed_noun(view: SentenceView, i: int) -> bool:
    """Is token i a noun whose genitive is the actor after it: a relational noun (قرار، سياسة) or an event noun
    (زيارة)? Not a noun whose genitive is its own object (إلى مقتل جنود: the soldiers are the ones killed)."""
    m = view.by_token.get(i)
    if m is None:
        return view.norm(i) in view.words("relational_nouns")
    return m.kind == "trigger" and m.first == m.last == i and m.data["surfaces"][0].cls == "noun" and not (
        m.data.get("prefix")) and not m.data["surfaces"][0].ref.get("object_genitive")


def _relational(view: SentenceView, word: str) -> bool:
    return word[:1] in "بل" and word[1:].removeprefix("ال") in view.words("relational_nouns")


def agrees(actor: Mention, feats: str) -> bool:
    """Does an actor agree with a verb form's subject features (3fs, 3ms, 3mp, 3d…)?"""
    have = actor.data.get("feats", "")
    if not feats or feats[-2:] in ("-1", "-2") or feats.endswith(("1", "2")):
        return True
    want = feats.split("-")[-1]
    if want == "3fs":
        return have in ("fs", "fp") or (actor.actor is not None and actor.actor.kind in ("state", "igo", "org"))
    if want == "3ms":
        return have in ("ms", "") and (actor.actor is None or actor.actor.kind not in ("state",))
    if want in ("3mp", "3fp"):
        return have in ("mp", "fp", "d")
    if want == "3d":
        return have in ("d", "mp")
    return True


def pronoun_referent(view: SentenceView, before: int, suffix: str, exclude: Mention | None = None) -> Mention | None:
    """Earlier actor a pronoun suffix can refer to (ها: feminine singular — states, feminine nouns).

    An agreeing actor right before (within 3 words) wins; further back, actors inside prepositional phrases
    (…ذخيرة من كوريا الشمالية) are passed over for the clause's subject.
    """
    for m in sorted((a for a in view.actors if a.last < before), key=lambda a: -a.last):
        if m is exclude or not usable(m) or (before - m.last > 3 and governed_by_prep(view, m)):
            continue
        feats = m.data.get("feats", "")
        if suffix in _FEMININE_PRONOUNS and (feats in ("fs", "fp") or m.actor.kind == "state"):
            return m
        if suffix in _PLURAL_PRONOUNS and feats in ("mp", "d", "fp"):
            return m
        if suffix in _PLURAL_PRONOUNS and m.data.get("prefix", "").startswith("و"):
            head = view.by_token.get(m.first - 1)
            if head is not None and head.kind == "actor":  # اتفاقهما after السعودية وإيران: the pair
                return head
        if suffix == "ه" and feats in ("ms", ""):
            return m
    return None


def relative_antecedent(view: SentenceView, rel_index: int) -> Mention | None:
    """The actor a relative pronoun refers to, skipping a parenthetical right before it."""
    i = rel_index - 1
    if view.norm(i) == ",":
        i = before_parenthetical(view, i, 10)
        if i < 0:
            i = rel_index - 2  # a lone comma before the relative pronoun
    candidates = [a for a in view.actors if a.last <= i and i - a.last <= 3]
    if not candidates:
        return None
    nearest = max(candidates, key=lambda a: a.last)
    # …قاعدة عين الأسد في العراق التي تستضيف: an actor inside a prepositional phrase is not the antecedent
    return None if governed_by_prep(view, nearest) else nearest


def explicit_subject(view: SentenceView, trig: Mention) -> tuple[Mention | None, str]:
    """The subject a verb names itself: relative antecedent, pronoun on أن, SVO or VSO."""
    prev = view.norm(trig.first - 1)
    if prev in view.words("relative_pronouns"):
        return relative_antecedent(view, trig.first - 1), "subject: relative-clause antecedent"
    clause_start, clause_end = view.clause_of(trig.first)
    pronoun = _complementizer_pronoun(view, trig)
    if pronoun is not None:
        return pronoun, "subject: pronoun on أن/إن (أنه، أنها)"
    i = trig.first - 1
    while i >= clause_start and trig.first - i <= 4:
        m = view.by_token.get(i)
        if m is not None and m.kind == "actor":
            speaker = any(f.speaker is m and f.verb.first < m.first for f in view.frames)
            if not governed_by_prep(view, m) and not speaker:  # وبحسب وكالة الأنباء، تلقى …: not the subject
                return m, "subject: SVO"
            break
        if m is None and i == trig.first - 1 and _nisba(view.norm(i)):
            i -= 1  # قوات أجنبية قتلت: an adjective the lexicon does not know, between the subject and its verb
            continue
        if (m is None and view.norm(i) != ",") or (m is not None and m.kind != "cue"):
            break
        i = m.first - 1 if m is not None else i - 1
    i = trig.last + 1
    while i < clause_end and i - trig.last <= 3:
        m = view.by_token.get(i)
        if m is not None and m.kind == "actor":
            if not governed_by_prep(view, m):
                return m, "subject: VSO"
            break
        if m is not None and m.kind in ("trigger", "report"):
            break
        i += 1
    return None, ""


def _nisba(word: str) -> bool:
    """An unknown word shaped like a relational adjective (أجنبية، محليون، مجهولين)."""
    return len(word) >= 5 and word.endswith(("يه", "يون", "يين", "ي", "ون", "ين")) and not word.startswith("ال")


def verb_subject(view: SentenceView, trig: Mention, feats: str) -> tuple[Mention | None, str]:
    """Subject of a finite verb and the rule that found it; a dropped subject is the previous verb's subject
    (هاجم الحوثيون سفينة … وأعلنوا أنهم …) or else the nearest earlier actor agreeing with the verb."""
    if _shares_subject(view, trig, feats):
        return dropped_subject(view, trig, feats)
    subject, rule = explicit_subject(view, trig)
    if subject is not None:
        return subject, rule
    return dropped_subject(view, trig, feats)


def _shares_subject(view: SentenceView, trig: Mention, feats: str) -> bool:
    """زار الملك القاهرة … والتقى الرئيس: a verb joined by و (no comma) to an earlier verb shares its subject,
    so the actor after it is its object."""
    if not trig.data.get("prefix", "").startswith("و") or trig.first == 0:
        return False
    earlier = [m for m in view.mentions if m.last < trig.first and m.kind == "trigger" and m.data.get("surfaces")
               and m.data["surfaces"][0].cls == "verb"]
    if not earlier or any(view.norm(i) == "," for i in range(earlier[-1].last + 1, trig.first)):
        return False
    subject, _ = explicit_subject(view, earlier[-1])
    return usable(subject) and agrees(subject, feats)


def dropped_subject(view: SentenceView, trig: Mention, feats: str) -> tuple[Mention | None, str]:
    verbs = [m for m in view.mentions if m.last < trig.first and m.data.get("surfaces")
             and m.data["surfaces"][0].cls == "verb"]
    if verbs:
        subject, _ = explicit_subject(view, verbs[-1])
        if usable(subject) and agrees(subject, feats):
            return subject, "subject: pro-drop (subject of the previous verb)"
    for m in sorted((a for a in view.actors if a.last < trig.first), key=lambda a: -a.last):
        if usable(m) and agrees(m, feats) and not governed_by_prep(view, m):
            return m, "subject: pro-drop (agreement with nearest actor)"
    return None, ""


_AUXILIARIES = frozenset({"تكون", "يكون", "كان", "كانت", "قد", "يكونوا", "تكونا", "يكونا"})
_PRONOUN_COMPLEMENTIZERS = {"انه": "ه", "بانه": "ه", "انها": "ها", "بانها": "ها", "انهم": "هم", "بانهم": "هم",
                            "انهما": "هما"}


def _complementizer_pronoun(view: SentenceView, trig: Mention) -> Mention | None:
    """وأعلن أنه سيزور البرازيل: the pronoun on أن is the subject; it refers to the frame's speaker when it can."""
    from khabar.clauses.structure import frame_at

    i = trig.first - 1
    auxiliary = False
    while i >= 0 and (((m := view.by_token.get(i)) is not None and m.kind == "cue") or view.norm(i) in _AUXILIARIES):
        auxiliary = auxiliary or view.norm(i) in _AUXILIARIES
        i = m.first - 1 if m is not None else i - 1
    word = view.norm(i)
    word = word[1:] if word[:1] in "وف" and len(word) > 3 else word
    suffix = _PRONOUN_COMPLEMENTIZERS.get(word)
    frame = frame_at(view, trig.first)
    if suffix is None and auxiliary and word in ("ان", "بان") and frame is not None and usable(frame.speaker):
        return frame.speaker  # نفت إيران أن تكون قد زودت روسيا: the speaker is the subject of the denied act
    if suffix is None:
        return None
    if frame is not None and usable(frame.speaker):
        return frame.speaker
    return pronoun_referent(view, i, suffix)


def direct_object(view: SentenceView, trig: Mention, subjects: list[Mention] | None, limit: int,
                  owner: bool = False) -> Mention | None:
    """First actor after the verb (and after a VSO subject) that no preposition governs. With ``owner`` (hostile
    acts), the owner of a thing struck counts too: استهدف دورية للجيش الأمريكي → the US army."""
    start = max([trig.last, *(s.last for s in subjects or () if s.first > trig.last)]) + 1
    i = start
    while i < limit and i - start <= 5:
        m = view.by_token.get(i)
        if m is not None and m.kind == "actor" and not any(m is s for s in subjects or ()):
            apposition = any(s.actor.code == m.actor.code or (s.last + 1 == m.first and (s.actor.code or "")[:3] == (
                m.actor.code or "")[:3] != "---") for s in subjects or ())  # two bare roles are no apposition
            if not governed_by_prep(view, m) and not apposition:
                return m
            if owner and not apposition and i > start and m.data.get("prefix", "").lstrip("و") == "ل" and (
                    view.by_token.get(i - 1) is None and view.norm(i - 1) not in view.words("prepositions")):
                return m  # the thing struck (دورية، مقرا، نقطة تفتيش) belongs to the actor after ل
            i = m.last + 1
            continue
        if (m is not None and m.kind == "report") or (m is not None and m.kind == "trigger" and m.data.get(
                "surfaces") and m.data["surfaces"][0].cls == "verb" and m is not trig):
            return None
        if owner and m is None and i > start and _owned_place(view, i):
            nxt = view.by_token.get(i + 1)  # استهدف موكبا لسفارة الولايات المتحدة: the embassy's state
            if nxt is not None and nxt.kind == "actor" and not nxt.data.get("prefix"):
                return nxt
        i = m.last + 1 if m is not None else i + 1
    return None


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
        if nxt is None or nxt.kind != "actor" or nxt.first >= limit or not nxt.data.get("prefix", "").startswith("و"):
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
        first = next((m for m, p in governed if p == prep), None) or _receiver_after(view, trig, prep, limit)
        if first is None:
            continue
        found: list[Mention] = []
        for a in coordinated(view, first, limit):
            a = a if usable(a) else affiliation(view, a, limit) or a
            if arguable(a) and not any(a is f for f in found):
                found.append(a)
        return found
    return []


def _receiver_after(view: SentenceView, trig: Mention, prep: str, limit: int) -> Mention | None:
    """حظر على مبيعات السلاح لروسيا: the preposition governs a thing (sales of arms); the actor after ل, at most
    three words on, is whom the thing concerns."""
    for i in range(trig.last + 1, min(trig.last + 4, limit)):
        if _strip_conj(view.norm(i)) != prep or view.by_token.get(i) is not None:
            continue
        for k in range(i + 1, min(i + 5, limit)):
            m = view.by_token.get(k)
            if m is not None:
                return m if m.kind == "actor" and m.data.get("prefix", "").lstrip("و") == "ل" and k > i + 1 else None
            if view.sentence.tokens[k].is_punct:
                return None
    return None


def affiliation(view: SentenceView, agent: Mention, limit: int) -> Mention | None:
    """A countryless agent's country from the phrase after it: قادة في الجيش السوداني → SDNMIL; or from its
    possessive pronoun: مقاتلاته after الجيش الأردني → JORMIL."""
    owned = possessed(view, agent)
    if owned is not None:
        return owned
    i = agent.last + 1
    if view.norm(i) in ("في", "من", "لدي", "ب") or (m := view.by_token.get(i)) is None or not usable(m):
        i += 1
    if view.norm(i) in ("في", "من") and view.by_token.get(i) is None:
        i += 1  # المجلس العسكري الحاكم في النيجر
    m = view.by_token.get(i)
    if m is not None and m.first < limit and generic(m) and view.norm(agent.last + 1) in ("في", "من") and (
            generic(agent) and m.actor is not None and agent.actor is not None):
        # ضابط في الشرطة، عنصر من الجيش: a member takes the role of the body he belongs to (---COP, ---MIL)
        actor = replace(agent.actor, code=(m.actor.code or "")[:6], entry=f"{agent.actor.entry} + member of {m.text}")
        return Mention("actor", agent.start, agent.end, agent.text, agent.first, agent.last, agent.entry, actor,
                       dict(agent.data))
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
_STATE_ROLES = frozenset({"GOV", "MIL", "COP", "JUD", "LEG", "SPY"})


def owner_country(view: SentenceView, agent: Mention) -> Mention | None:
    """A role word's country from its possessive pronoun or from the article, never from a place after it: in
    قتلت القوات ثلاثة مسلحين في سوريا the gunmen are in Syria, not Syria's."""
    return possessed(view, agent) or _member_of(view, agent) or _article_country(view, agent)


def _member_of(view: SentenceView, agent: Mention) -> Mention | None:
    """11 مسلحا من تنظيم «القاعدة»، 150 متمردا من طالبان: role words followed by من + an organization are its
    members; the organization is the actor (a state after من is only where they come from)."""
    k = agent.last + 1
    if view.norm(k) != "من" or view.by_token.get(k) is not None:
        return None
    k += 1
    while k < len(view.sentence.tokens) and view.sentence.tokens[k].is_punct and view.norm(k) not in (",", "."):
        k += 1  # من «القاعدة»
    m = view.by_token.get(k)
    if m is None or m.kind != "actor" or m.actor is None or m.actor.kind in ("state", "place", "agent", "person"):
        return None
    return m if usable(m) else None


def _article_country(view: SentenceView, agent: Mention) -> Mention | None:
    state = view.cache.get("article_state")
    code = agent.actor.code if agent.actor is not None else None
    if not state or not generic(agent) or not code or code[3:] not in _STATE_ROLES:
        return None
    actor = replace(agent.actor, code=state + code[3:], entry=f"{agent.actor.entry} + country of the article ({state})")
    return Mention("actor", agent.start, agent.end, agent.text, agent.first, agent.last, agent.entry, actor,
                   {**agent.data, "country_from": "article"})


def possessed(view: SentenceView, agent: Mention) -> Mention | None:
    """A role word with a possessive pronoun (قواتها، مقاتلاته، عناصرها) belongs to the actor the pronoun refers
    to: the agent keeps its span and role and takes that actor's country."""
    parts = agent.data.get("parts") or []
    suffix = parts[0].data.get("suffix", "") if len(parts) == 1 else ""
    if not suffix or agent.actor is None or not generic(agent):
        return None
    owner = pronoun_referent(view, agent.first, suffix)
    if owner is None or owner.actor is None or not owner.actor.code:
        return None
    actor = replace(agent.actor, code=owner.actor.code[:3] + (agent.actor.code or "")[3:],
                    entry=f"{agent.actor.entry} + possessor {owner.text}")
    return Mention("actor", agent.start, agent.end, agent.text, agent.first, agent.last, agent.entry, actor,
                   {**agent.data, "country_from": "possessor"})


def group(view: SentenceView, m: Mention | None) -> list[Mention]:
    """An actor with its coordinated neighbours (أدانت السعودية وقطر / السعودية وقطر أدانتا)."""
    if m is None:
        return []
    first = m
    while first.data.get("prefix", "").startswith("و"):
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


@cache
def _first_words(phrases: frozenset[str]) -> frozenset[str]:
    return frozenset(p.split(" ")[0] for p in phrases)


def _phrase_at(view: SentenceView, i: int, phrases: frozenset[str]) -> int:
    """Length in tokens of a phrase from ``phrases`` starting at token i (0 if none)."""
    for n in (3, 2, 1):
        words = " ".join(view.norm(k) for k in range(i, i + n))
        if words in phrases or (words[:1] in "وف" and words[1:] in phrases):
            return n
    return 0


def passive_agent(view: SentenceView, trig: Mention, limit: int) -> Mention | None:
    """The actor after على يد / من قبل / من جانب in the trigger's clause: the doer of a passive event."""
    if "passive" not in view.cache:
        phrases = view.words("passive_agent")
        firsts = _first_words(phrases)
        view.cache["passive"] = [(i, n) for i, tok in enumerate(view.sentence.tokens)
                                 if tok.norm.lstrip("وف") in firsts and (n := _phrase_at(view, i, phrases))]
    for i, n in view.cache["passive"]:
        if trig.last < i <= limit:  # برصاص مسلحين: the agent phrase may itself be the next trigger
            for k in range(i + n, i + n + 3):  # على يد عشرة متمردين، على أيدي رجال مسلحين
                m = view.by_token.get(k)
                if m is not None:
                    return m if arguable(m) else None
                if not (_is_quantity(view, k) or _nisba(view.norm(k)) or view.norm(k) in ("رجال", "عناصر")):
                    return None
            return None
    return None


def location_actor(view: SentenceView, trig: Mention, limit: int) -> Mention | None:
    """The state named as where an event happens: في [جنوب] لبنان، في دمشق."""
    for i in range(trig.last + 1, limit):
        if view.norm(i) not in ("في", "بمدينه", "بمدينة"):
            continue
        k = i + 1
        while view.norm(k) in view.words("directions") and k < i + 3:
            k += 1
        m = view.by_token.get(k)
        if m is not None and m.kind in ("actor", "place") and m.actor is not None and m.actor.code and (
                m.actor.kind in ("state", "place")):
            return m
    return None
