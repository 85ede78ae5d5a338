"""Arabic event nouns: who does what a verbal noun names (its possessive pronoun, the verb that governs it, a
resumptive verb after it, the genitive or adjective after it, or the nearest actor in its clause), and whether the
noun is an event of its own or the content of another (a support verb before it, an embedding verb, a threat)."""

from __future__ import annotations

from collections.abc import Iterator
from operator import attrgetter

from khabar.clauses.view import SentenceView, frame_at
from khabar.events.backref import REACTIONS
from khabar.events.candidate import Basis, Rule, basis_of, is_verb, surface
from khabar.lang.ar import arguments as args
from khabar.lang.ar import phrases, subjects
from khabar.lang.ar.phrases import strip_conj
from khabar.model import Mention
from khabar.text.normalize import norm

POSSESSIVE = ("ها", "هم", "هما", "ه", "هن")
_COMPLEMENT_PREPS = frozenset(norm(w) for w in ("إلى", "في", "على", "ل", "من أجل"))


def _governor(view: SentenceView, trig: Mention) -> Mention | None:
    """The verb (event, cue or support verb) that a verbal noun depends on, in the same sentence."""
    for m in _last_first(view):
        if m.last >= trig.first:
            continue
        if m.kind in ("trigger", "cue") and m.surfaces and is_verb(m):
            return m
        if m.kind in ("report",):
            return None
    return None


def _linked_to_governor(view: SentenceView, trig: Mention, gov: Mention) -> bool:
    """ل+masdar (purpose), a masdar right after a control verb, or coordinated with such a masdar."""
    prefix = trig.prefix
    dated = view.date_tokens
    if (prefix.endswith("ل") or trig.surfaces[0].lam) and sum(
            1 for i in range(gov.last + 1, trig.first) if view.by_token.get(i) is None and i not in dated) <= 3:
        return True  # purpose: يسافر إلى روسيا لعقد قمة (but not a ل-noun far down another phrase)
    free: list[str] = []  # the words between that no mention reads, up to the fourth (then they are too many)
    for i in range(gov.last + 1, trig.first):
        if view.by_token.get(i) is None:
            free.append(view.norm(i))
            if len(free) > 3:
                break
    if len(free) <= 3 and all(w in _COMPLEMENT_PREPS for w in free):
        return True  # تسعى روسيا إلى سحق…، استخدمت صواريخ كورية شمالية في قصف…
    return prefix.startswith("و")


def noun_source(view: SentenceView, trig: Mention, obj_suffix: str, obj_index: int | None) -> tuple[
        Mention | None, str, bool]:
    """(source, rule, governed) for an event noun."""
    suffix = trig.suffix
    if suffix in POSSESSIVE:
        m = subjects.pronoun_referent(view, trig.first, suffix)
        if m is not None:
            return m, f"source: possessive pronoun -{suffix}", False
    if obj_suffix and obj_index is not None:
        m = subjects.pronoun_referent(view, trig.first, obj_suffix)
        if m is not None:
            return m, f"source: possessive pronoun on the object -{obj_suffix}", False
    gov = _governor(view, trig)
    adverbial = surface(trig).feats.endswith("-acc") and trig.prefix == ""
    if gov is not None and (adverbial or _linked_to_governor(view, trig, gov)):
        cue = next((c for c in view.cues if c.mention is gov), None)
        if cue is not None and cue.control == "object":
            obj = args.direct_object(view, gov, None, len(view.sentence.tokens))
            if obj is not None:
                return obj, "source: object of control verb " + gov.entry, True
        subj, rule = subjects.verb_subject(view, gov, surface(gov).feats)
        if subj is not None:
            return subj, Rule(f"source: subject of governing verb {gov.text} ({rule})", basis_of(rule)), True
    meeting = purpose_of(view, trig)
    if meeting is not None:
        found = (subjects.verb_subject(view, meeting, surface(meeting).feats) if is_verb(meeting) else
                 noun_source(view, meeting, "", None)[:2])
        if found[0] is not None:
            return found[0], Rule(f"source: who holds the meeting or visit {meeting.text} it is the purpose of ("
                                  f"{found[1]})", basis_of(found[1])), True
    resumptive = subjects.resumptive_subject(view, trig)
    if resumptive is not None:
        return resumptive, "source: subject of the verb describing the noun (هجوم شنه مستوطنون)", False
    for k in (1, 2):
        m = view.by_token.get(trig.last + k)
        if m is None or m.kind != "actor":
            continue  # (most words after the noun: no actor, nothing more to ask)
        instrument = m.prefix == "ب" and (m.actor is not None) and (
            m.actor.code or "").endswith("MIL")  # هجوم بطائرات مسيرة روسية: the weapons' owner did it
        fits = phrases.arguable(m) if surface(trig).ref.get("object_genitive") else phrases.usable(m)  # مقتل جنود
        if (not m.prefix or instrument) and fits and (
                m.actor.kind != "place"):  # type: ignore[union-attr]  # محادثات جدة: a place after the noun is where, not who
            between = trig.last + 1
            definite = view.norm(trig.first).startswith("ال") or trig.surfaces[0].lam
            if k == 1 or (view.by_token.get(between) is None and view.norm(between).startswith("ال") == definite
                          and view.norm(between) not in view.words("prepositions")):
                return m, Rule("source: genitive/adjective after the noun", Basis.GENITIVE), False
    clause_start, _ = view.clause_of(trig.first)
    frame = frame_at(view, trig.first)
    speaker = frame.speaker if frame else None
    for m in phrases.actors_before(view, trig.first, clause_start):
        if trig.first - m.last > 4:
            break  # farther back, the nearest actor is rarely the doer
        if m is not speaker and phrases.usable(m) and not phrases.governed_by_prep(view, m):
            return m, Rule("source: nearest actor in the clause", Basis.NEAREST), False
    return None, "", False


def purpose_of(view: SentenceView, trig: Mention) -> Mention | None:
    """The meeting, visit or trip (04x) an ل+masdar states the purpose of, earlier in its clause: بدأ السفراء
    اجتماعا في مقر المجلس لاعتماد عقوبات، وصل الوزير إلى موسكو في زيارة لبحث … — who meets or travels does it."""
    if not trig.prefix.endswith("ل"):
        return None
    for m in _before_in_clause(view, trig, 15):
        if m.kind == "trigger" and not surface(m).ref.get("light"):
            return m if surface(m).ref["cameo"].startswith("04") else None
    return None


def _last_first(view: SentenceView) -> list[Mention]:
    """The sentence's mentions from the last to the first (stable among equal starts), sorted once while events are
    found (``view.memo``)."""
    return view.remembered("last_first", view.mentions, _sorted_last_first)


def _sorted_last_first(view: SentenceView, mentions: list[Mention]) -> list[Mention]:
    return sorted(mentions, key=_FIRST, reverse=True)  # (a reverse sort keeps equal starts in their order too)


_FIRST = attrgetter("first")


def _before_in_clause(view: SentenceView, m: Mention, reach: int) -> Iterator[Mention]:
    """The mentions before ``m`` in its clause, at most ``reach`` tokens from it, the nearest first; none past a
    reporting verb (what stands before it is another clause's)."""
    clause_start, _ = view.clause_of(m.first)
    for x in _last_first(view):
        if x.first < clause_start:
            return  # (and so does every mention after it: they start no later)
        if x.last >= m.first or m.first - x.last > reach:
            continue
        if x.kind == "report":
            return
        yield x


def light_verb(view: SentenceView, noun: Mention) -> Mention | None:
    """A support verb (شن، عقد، أجرى، فرض) shortly before an event noun, with no other trigger between; or one in a
    relative clause right after it (الهجوم الذي شنته القوات)."""
    after = _relative_support(view, noun)
    if after is not None:
        return after
    for m in _before_in_clause(view, noun, 8):
        if m.kind == "trigger":
            ref = surface(m).ref
            if ref.get("objects") and not is_verb(m):  # a support noun supports only what it names (تجربة صاروخ)
                return m if ref.get("light") and support_code(view, m, noun) is not None else None
            return m if ref.get("light") and not _relies_on(view, m) else None
    return None


def _relative_support(view: SentenceView, noun: Mention) -> Mention | None:
    """A support verb in a relative clause after its event noun, with the pronoun standing for it: الهجوم الذي شنته
    القوات، الغارات التي نفذها الجيش (its subject follows it)."""
    k = _relative_after(view, noun, 2)  # an adjective or two between: الهجوم الدامي الذي
    if k is None:
        return None
    m = view.by_token.get(k + 1)
    if m is None or m.kind != "trigger" or not is_verb(m) or not surface(m).ref.get("light"):
        return None
    return m if m.suffix in ("ه", "ها", "هم") else None


def _relative_after(view: SentenceView, noun: Mention, adjectives: int) -> int | None:
    """The token of the relative pronoun right after an event noun, past at most ``adjectives`` words the lexicon
    does not read (a mention between ends the search)."""
    relative = view.words("relative_pronouns")
    if relative.isdisjoint(view.norms[noun.last + 1:noun.last + adjectives + 2]):
        return None  # (one set test: most nouns have no relative pronoun after them)
    k = noun.last + 1
    while k <= noun.last + adjectives and view.by_token.get(k) is None and view.norm(k) not in relative:
        k += 1
    return k if view.norm(k) in relative else None


def adjective_doer(view: SentenceView, noun: Mention) -> tuple[Mention | None, str]:
    """فرضت عقوبات أمريكية جديدة على …، فرضت عقوبات الاتحاد الأوروبي على …: when the support verb names no subject,
    the demonym or genitive right after the event noun (or past one adjective the lexicon does not know) says
    whose act it is."""
    for k in (noun.last + 1, noun.last + 2):
        m = view.by_token.get(k)
        if m is not None and m.kind == "actor" and not m.prefix and phrases.usable(m) and m.actor.kind != "place":  # type: ignore[union-attr]
            between = noun.last + 1
            if k == between or (view.by_token.get(between) is None and view.norm(between) not in view.words(
                    "prepositions") and not view.sentence.tokens[between].is_punct):
                return m, Rule("source: whose the event noun is, after a support verb with no subject", Basis.GENITIVE)
    return None, ""


def _relies_on(view: SentenceView, verb: Mention) -> bool:
    """اعتمدت القوات على الغارات الروسية: على right after a support verb (and its subject) that does not take its
    target with على makes another verb of it (relies on), with no event noun to support."""
    i = verb.last + 1
    while (m := view.by_token.get(i)) is not None and m.kind == "actor":
        i = m.last + 1
    return view.norm(i) == norm("على") and norm("على") not in [norm(p) for p in surface(verb).ref.get("target", [])]


def support_code(view: SentenceView, support: Mention, noun: Mention) -> str | None:
    """The code a support noun gives the event noun after it, from its ``objects`` (أجرت تجربة لإطلاق صاروخ، تجربتها
    الصاروخ الباليستي → 150: a weapon tested is a show of force, not its use): the first word between them, or the
    event noun itself, that the objects name, read without ل، ب، و and the article."""
    objects = {norm(k): v for k, v in (surface(support).ref.get("objects") or {}).items()}
    for i in range(support.last + 1, noun.last + 1):
        word = view.norm(i)
        for bare in (word, word.lstrip("وبل"), word.lstrip("وبل").removeprefix("ال")):
            if bare in objects:
                return objects[bare]
    return None


def _threat_before(view: SentenceView, noun: Mention) -> bool:
    """Is there a threat verb (13x) earlier in the noun's clause, commas and all?"""
    clause_start, _ = view.clause_of(noun.first)
    for m in view.mentions:
        if m.kind == "trigger" and clause_start <= m.first < noun.first and is_verb(m) and (
                surface(m).ref["cameo"].startswith("13")):
            return True
    return False


def is_embedded(view: SentenceView, noun: Mention) -> bool:
    """A bare event noun inside another event's object is that event's content (اقترحت … الانضمام إلى التدريبات)."""
    before = None  # the last trigger ending one or two words before the noun
    for m in view.mentions:
        if m.first >= noun.first:
            break  # (mentions come in the order of their first tokens: the rest end after the noun starts)
        if m.kind == "trigger" and noun.first - m.last in (1, 2):
            before = m
    if before is not None and surface(before).ref["cameo"].startswith("03"):
        return True  # استعدادهما لتوقيع معاهدة: what is offered or intended is the intent's content
    if noun.prefix.lstrip("و") == "ب" and _threat_before(view, noun):
        return True  # هدد الوزير، في تصريح، باغتيال رئيس الحكومة: the threatened act is the threat's content
    if noun.prefix.endswith("ل") or noun.suffix or noun.prefix == "و":
        return False  # purpose (لعقد قمة), possessed (حربها) and coordinated (ونقل) nouns are events of their own
    if surface(noun).feats.endswith("-acc") and not noun.prefix and view.norm(noun.first - 1) == ",":
        return False  # …، احتجاجا على: a detached adverbial masdar is an event of its own
    clause_start, _ = view.clause_of(noun.first)
    norms = view.norms  # the last comma before the noun in its clause: is it after a mention, the mention is cut off
    comma = clause_start
    for i in range(noun.first - 1, clause_start, -1):
        if norms[i] == ",":
            comma = i
            break
    for m in _last_first(view):
        if m.first < clause_start:
            break  # (and so does every mention after it: they start no later)
        if m.last >= noun.first:
            continue
        if comma > m.last:
            return False
        if m.kind == "trigger" and not surface(m).ref.get("light") and not surface(m).ref.get("casualty") and (
                surface(m).ref["cameo"] != "015") and (is_verb(m) or noun.first - m.last <= 2):
            return True  # not after a toll (قتلى في تفجير) or a claim (مسؤوليته عن التفجير): those are events too
        if m.kind == "report" or (m.kind == "cue" and is_verb(m)):
            return False
    return False


def reacted_noun(view: SentenceView, verb: Mention, sources: list[Mention], cameo: str) -> Mention | None:
    """The definite event noun a reaction names instead of a party: أدانت مصر الغارات، رحبت الجامعة بهذا الاتفاق — an
    act told before, whose doer is the target (khabar.events.backref). An indefinite noun (أدانت هجمات على
    المدنيين) refers to no act in particular."""
    if cameo[:2] not in REACTIONS:
        return None
    _, clause_end = view.clause_of(verb.first)
    k = max([verb.last, *(s.last for s in sources if s.first > verb.last)]) + 1  # past a VSO subject
    pointed = False
    if k < clause_end and view.by_token.get(k) is None and strip_conj(view.norm(k)) in (
            view.words("demonstratives")):
        pointed, k = True, k + 1  # بهذا الاتفاق، هذه الهجمات
    m = view.by_token.get(k)
    if m is None or k >= clause_end or m.kind != "trigger" or is_verb(m) or surface(m).ref.get("light"):
        return None
    definite = m.key.startswith("ال") or pointed or (m.prefix.endswith("ل") and surface(m).lam)
    return m if definite and m.prefix.lstrip("وف") in ("", "ب", "ل") else None


def relative_doer(view: SentenceView, noun: Mention) -> Mention | None:
    """The doer a relative clause names for an event noun: الهجوم الذي شنته القوات الإسرائيلية، الغارات التي نفذها
    الجيش → the actor after the clause's verb (its subject, VSO); None when no such clause follows the noun."""
    rel = _relative_after(view, noun, 1)  # an adjective may stand between the noun and its relative pronoun
    if rel is None:
        return None
    verb = view.by_token.get(rel + 1)
    if view.sentence.tokens[rel + 1].is_punct if rel + 1 < len(view.sentence.tokens) else True:
        return None
    if verb is not None and verb.kind != "trigger":
        return None
    for k in range(rel + 2, min(rel + 4, len(view.sentence.tokens))):
        m = view.by_token.get(k)
        if m is not None and m.kind == "actor":
            return m if phrases.arguable(m) and not phrases.governed_by_prep(view, m) else None
    return None
