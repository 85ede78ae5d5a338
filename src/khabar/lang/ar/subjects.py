"""Arabic subjects: the actor before the verb (SVO), the first ungoverned actor after it (VSO), a relative
clause's antecedent, a resumptive or complementizer pronoun, and the dropped subject of a pro-drop verb (the nearest
earlier actor agreeing in person, gender and number)."""

from __future__ import annotations

from khabar.clauses.view import SentenceView, frame_at
from khabar.events.candidate import Basis, Rule, is_verb
from khabar.lang.ar.phrases import (
    _FEMININE_PRONOUNS,
    _PLURAL_PRONOUNS,
    _demonym_part,
    _is_quantity,
    actors_before,
    agrees,
    arguable,
    before_parenthetical,
    governed_by_prep,
    strip_conj,
    usable,
)
from khabar.model import Mention


def resumptive_subject(view: SentenceView, noun: Mention) -> Mention | None:
    """هجوم شنه مستوطنون، عبوة ناسفة زرعها مسلحو الحركة: a verb right after an event noun, with a pronoun that
    points back at the noun, describes it; the actor right after that verb did it."""
    i = noun.last + 1
    nxt = view.by_token.get(i)
    if nxt is not None and ((nxt.kind == "actor" and _demonym_part(nxt)) or (
            nxt.kind == "trigger" and nxt.surfaces[0].cls != "verb")):
        i = nxt.last + 1  # هجوم إسرائيلي شنه …، انفجار عبوة ناسفة زرعها …: past an adjective or the device
    verb = view.by_token.get(i)
    raw = view.sentence.tokens[i].text if i < len(view.sentence.tokens) else ""
    if verb is not None and (verb.kind not in ("trigger", "cue") or verb.suffix not in ("ه", "ها")):
        return None
    word = view.norm(i)
    closed = word in view.words("prepositions") or word in view.words("non_name_words")
    if verb is None and not (len(raw) >= 4 and raw.endswith(("ه", "ها")) and not _is_quantity(view, i)
                             and not closed and not word.startswith("ال")):
        return None  # the pronoun is written ه، never ة; تجاه and the like are no verbs
    m = view.by_token.get((verb.last if verb is not None else i) + 1)
    return m if m is not None and m.kind == "actor" and arguable(m) and not m.prefix else None


def pronoun_referent(view: SentenceView, before: int, suffix: str, exclude: Mention | None = None) -> Mention | None:
    """Earlier actor a pronoun suffix can refer to (ها: feminine singular — states, feminine nouns).

    An agreeing actor right before (within 3 words) wins; further back, actors inside prepositional phrases
    (…ذخيرة من كوريا الشمالية) are passed over for the clause's subject.
    """
    for m in actors_before(view, before):
        if m is exclude or not usable(m) or (before - m.last > 3 and governed_by_prep(view, m)):
            continue
        feats = m.feats
        if suffix in _FEMININE_PRONOUNS and (feats in ("fs", "fp") or m.actor.kind == "state"):  # type: ignore[union-attr]
            return m
        if suffix in _PLURAL_PRONOUNS and feats in ("mp", "d", "fp"):
            return m
        if suffix in _PLURAL_PRONOUNS and m.prefix.startswith("و"):
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
    # زودت الحوثيين بالصواريخ التي استخدمت: a prepositional noun between is the antecedent, not the actor before it
    if any(strip_conj(view.norm(k)).startswith(("بال", "لل", "كال")) and view.by_token.get(k) not in view.actors
           for k in range(nearest.last + 1, i + 1)):
        return None
    # …قاعدة عين الأسد في العراق التي تستضيف: an actor inside a prepositional phrase is not the antecedent
    return None if governed_by_prep(view, nearest) else nearest


_MASCULINE_RELATIVES = frozenset({"الذي", "الذين", "اللذين", "اللذان"})


def _owner_of_antecedent(view: SentenceView, trig: Mention) -> Mention | None:
    """بيان الرياض للمعارضة السورية الذي طالبت فيه …، خطة الحكومة التي أعلن فيها …: when the verb after the relative
    pronoun disagrees with it in gender, the antecedent noun is not its subject; the verb's subject is the owner
    named with ل right before the pronoun, if it agrees with the verb."""
    feats = trig.surfaces[0].feats if trig.surfaces else ""
    want = feats.split("-")[-1]
    masculine = view.norm(trig.first - 1) in _MASCULINE_RELATIVES
    if want not in ("3fs", "3ms") or masculine == (want == "3ms"):
        return None
    owner = next((a for a in view.actors if a.last == trig.first - 2), None)
    if owner is None or owner.prefix.lstrip("و") != "ل" or not usable(owner) or not agrees(owner, feats):
        return None
    return owner


def explicit_subject(view: SentenceView, trig: Mention) -> tuple[Mention | None, str]:
    """The subject a verb names itself: relative antecedent, pronoun on أن, SVO or VSO (remembered in ``view.memo``
    while there is one: a later pro-drop verb asks again about this one)."""
    return view.remembered("subject", trig, _explicit_subject)


def _explicit_subject(view: SentenceView, trig: Mention) -> tuple[Mention | None, str]:
    prev = view.norm(trig.first - 1)
    if prev in view.words("relative_pronouns") and trig.suffix not in _OBJECT_PRONOUNS:
        owner = _owner_of_antecedent(view, trig)
        if owner is not None:
            return owner, Rule("subject: owner of the relative clause's antecedent (بيان للمعارضة الذي طالبت فيه)",
                               Basis.RELATIVE)
        return relative_antecedent(view, trig.first - 1), Rule("subject: relative-clause antecedent", Basis.RELATIVE)
    # القرى التي استهدفها القصف: a pronoun on the verb is the antecedent (its object); the subject follows (VSO)
    clause_start, clause_end = view.clause_of(trig.first)
    pronoun = _complementizer_pronoun(view, trig)
    if pronoun is not None:
        return pronoun, Rule("subject: pronoun on أن/إن (أنه، أنها)", Basis.SUBJECT)
    i = trig.first - 1 if not trig.prefix.startswith(("و", "ف")) else -1  # ورددوا: a new clause, no SVO subject
    while i >= clause_start and trig.first - i <= 4:
        m = view.by_token.get(i)
        if m is not None and m.kind == "actor":
            speaker = any(f.speaker is m and f.verb.first < m.first for f in view.frames)
            if not governed_by_prep(view, m) and not speaker:  # وبحسب وكالة الأنباء، تلقى …: not the subject
                return m, Rule("subject: SVO", Basis.SUBJECT)
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
                return m, Rule("subject: VSO", Basis.SUBJECT)
            break
        if m is not None and m.kind == "trigger" and i == trig.last + 1 and m.surfaces and m.surfaces[0].cls != "verb":
            doer = view.by_token.get(m.last + 1)  # استهدف القصف الإسرائيلي القرى: the event noun's doer acts
            if doer is not None and doer.kind == "actor" and not doer.prefix and arguable(doer):
                return doer, Rule("subject: VSO (the doer of the event noun that is the subject)", Basis.SUBJECT)
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
    if subject is not None and subject.last < trig.first:
        return subject, rule
    if event_subject(view, trig) is not None:  # هجوم انتحاري بسيارة مفخخة استهدف دورية: the attack did it, and the
        return None, Rule("subject: the event noun before the verb (هجوم استهدف …)", Basis.SUBJECT)  # actor after
    if subject is not None:  # the verb is its object
        return subject, rule
    if view.norm(trig.first - 1) in view.words("relative_pronouns") and "\u064f" in trig.text[:4]:
        return None, ""  # الصواريخ التي استُخدمت: a passive's antecedent, no actor, is its subject (الذي طالبت فيه
        # keeps its own dropped subject: the antecedent is where, not who)
    return dropped_subject(view, trig, feats)


def event_subject(view: SentenceView, verb: Mention) -> Mention | None:
    """The event noun a verb follows, past its adjectives and the instrument (هجوم انتحاري بسيارة مفخخة استهدف، التفجير
    الذي استهدف): that event is the verb's subject, or the verb a relative clause about it (after an indefinite noun
    Arabic writes none: هجوم استهدف = an attack that targeted)."""
    i = verb.first - 1
    if view.norm(i) in view.words("relative_pronouns"):
        if verb.suffix in _OBJECT_PRONOUNS:
            return None  # الهجوم الذي شنته القوات: the pronoun is the event, the verb's object; its subject follows
        i -= 1
    while i >= 0 and verb.first - i <= 6:
        m = view.by_token.get(i)
        if m is None:
            if not _nisba(view.norm(i)):
                return None
            i -= 1  # انتحاري، صاروخي: an adjective the lexicon does not know
            continue
        if m.kind != "trigger" or (m.surfaces and m.surfaces[0].cls == "verb"):
            return None
        if not m.prefix:
            return m
        i = m.first - 1  # بسيارة مفخخة، بالقذائف: the instrument of the attack before it
    return None


def _shares_subject(view: SentenceView, trig: Mention, feats: str) -> bool:
    """زار الملك القاهرة … والتقى الرئيس: a verb joined by و (no comma) to an earlier verb shares its subject,
    so the actor after it is its object."""
    if not trig.prefix.startswith("و") or trig.first == 0:
        return False
    earlier = [m for m in view.mentions if m.last < trig.first and m.kind == "trigger" and m.surfaces
               and m.surfaces[0].cls == "verb"]
    if not earlier or "," in view.norms[earlier[-1].last + 1:trig.first]:
        return False
    subject, _ = explicit_subject(view, earlier[-1])
    return usable(subject) and agrees(subject, feats)  # type: ignore[arg-type]


def dropped_subject(view: SentenceView, trig: Mention, feats: str) -> tuple[Mention | None, str]:
    if _nominal_subject(view, trig):
        return None, ""
    for verb in reversed(view.mentions):  # the last verb before it
        if verb.last < trig.first and verb.surfaces and verb.surfaces[0].cls == "verb":
            subject, _ = explicit_subject(view, verb)
            if usable(subject) and agrees(subject, feats):  # type: ignore[arg-type]
                return subject, Rule("subject: pro-drop (subject of the previous verb)", Basis.PRO_DROP)
            break
    for m in actors_before(view, trig.first):
        if usable(m) and agrees(m, feats) and not governed_by_prep(view, m):
            return m, Rule("subject: pro-drop (agreement with nearest actor)", Basis.PRO_DROP)
    return None, ""


def _nominal_subject(view: SentenceView, trig: Mention) -> bool:
    """محذرا من أن اتساع رقعة الصراع قد يجر المنطقة إلى حرب: after أن/إن the clause opens with its own subject, a
    noun that names no actor; the verb after it has that subject, not a dropped one (nobody drags the region)."""
    start, _ = view.clause_of(trig.first)
    comps = view.words("complementizers")
    for k in range(trig.first - 1, max(start, trig.first - 6) - 1, -1):  # the nearest أن/إن, five words back at most
        if view.norm(k) in comps:
            break
    else:
        return False
    if k + 1 >= trig.first:
        return False
    closed = view.words("non_name_words") | view.words("prepositions")
    for j in range(k + 1, min(trig.first, k + 4)):  # a definite noun, or construct heads before one (أن اتساع الصراع)
        m, word = view.by_token.get(j), view.norm(j)
        if (m is not None and (m.kind != "trigger" or is_verb(m))) or view.sentence.tokens[j].is_punct or (
                word in closed):
            return False
        if word.startswith("ال"):
            return True
        if word[:1] in "يتن":  # an imperfect verb the lexicon does not know: أن يقوم الجيش
            return False
    return False


_OBJECT_PRONOUNS = frozenset({"ه", "ها", "هم", "هما", "هن"})
_AUXILIARIES = frozenset({"تكون", "يكون", "كان", "كانت", "قد", "يكونوا", "تكونا", "يكونا"})


_PRONOUN_COMPLEMENTIZERS = {"انه": "ه", "بانه": "ه", "انها": "ها", "بانها": "ها", "انهم": "هم", "بانهم": "هم",
                            "انهما": "هما"}


def _complementizer_pronoun(view: SentenceView, trig: Mention) -> Mention | None:
    """وأعلن أنه سيزور البرازيل: the pronoun on أن is the subject; it refers to the frame's speaker when it can."""
    i = trig.first - 1
    auxiliary = False
    while i >= 0 and (((m := view.by_token.get(i)) is not None and m.kind == "cue") or view.norm(i) in _AUXILIARIES):
        auxiliary = auxiliary or view.norm(i) in _AUXILIARIES
        i = m.first - 1 if m is not None else i - 1
    word = view.norm(i)
    word = word[1:] if word[:1] in "وف" and len(word) > 3 else word
    suffix = _PRONOUN_COMPLEMENTIZERS.get(word)
    if suffix is None and not (auxiliary and word in ("ان", "بان")):
        return None  # (most verbs: no أن before them, so no frame is looked for)
    frame = frame_at(view, trig.first)
    if suffix is None and frame is not None and usable(frame.speaker):
        return frame.speaker  # نفت إيران أن تكون قد زودت روسيا: the speaker is the subject of the denied act
    if suffix is None:
        return None
    if frame is not None and usable(frame.speaker):
        return frame.speaker
    return pronoun_referent(view, i, suffix)
