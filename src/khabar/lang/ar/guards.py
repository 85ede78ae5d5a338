"""Precision guards: words that look like an event report but do not report one.

Real news mentions violence and protest far more often than it reports it: a backgrounder names an old war, an
editorial a "media attack", a list of charges "murder", a sports page an "attack". Each guard returns the reason a
trigger is *not* an event here ("" when it is); the reasons are closed-class word lists in
``ar/function_words.yaml`` (``non_event_heads``, ``figurative_qualifiers``, ``sports_words``, ``commemoration``),
so a user can read why nothing was coded and extend the lists in an overlay.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from khabar.clauses.view import SentenceView
from khabar.events.candidate import HOSTILE, REPORTED_ALONE, is_verb, surface
from khabar.lang.ar.participants import PROTESTERS, responsible
from khabar.model import Mention

_MATERIAL = ("14", "15", "16", "17", "18", "19", "20")


def _bare(word: str) -> str:
    """A word without a conjunction, the article and the accusative alef: والجرائم → جرائم، إعلاميا → إعلامي."""
    word = word[1:] if len(word) > 3 and word[0] in "وف" else word
    word = word[2:] if word.startswith("ال") and len(word) > 3 else word
    return word[:-1] if word.endswith("يا") and len(word) > 4 else word


@lru_cache(maxsize=64)
def _bare_all(words: frozenset[str]) -> frozenset[str]:
    return frozenset(_bare(w) for w in words)


@lru_cache(maxsize=64)
def _forms(words: frozenset[str]) -> frozenset[str]:
    """Every token form whose _bare can be in _bare_all(words): و/ف, then ال, then the accusative alef around it
    (a superset: a set test rules most tokens out before _bare is called)."""
    return frozenset(p + q + b + s for b in _bare_all(words) for p in ("", "و", "ف") for q in ("", "ال")
                     for s in ("", "ا"))


def _in(view: SentenceView, word: str, name: str) -> bool:
    """Is a sentence word, bared, in the word list ``name`` (bared the same way)?"""
    words = view.words(name)
    return word in _forms(words) and _bare(word) in _bare_all(words)


def _any_in(view: SentenceView, words: Sequence[str], name: str) -> bool:
    """Is one of the sentence words ``words``, bared, in the word list ``name``?"""
    listed = view.words(name)
    forms = _forms(listed)
    if forms.isdisjoint(words):
        return False  # most sentences: no token could bare to a listed word
    bared = _bare_all(listed)
    return any(_bare(n) in bared for n in words if n in forms)


def _any_before(view: SentenceView, end: int, name: str) -> bool:
    """Does a word of the list ``name`` occur among the sentence's first ``end`` tokens?"""
    return _any_in(view, view.norms[:end], name)


def _chain_start(view: SentenceView, trig: Mention) -> int:
    """The first noun of a coordinated list the trigger closes (بتهم القتل والتعذيب والاغتصاب → القتل): what governs
    the list governs each of its nouns."""
    i = trig.first
    while trig.prefix.startswith("و") and (m := view.by_token.get(i - 1)) is not None and (
            m.kind == "trigger" and m.surfaces[0].cls != "verb"):
        i, trig = m.first, m
    return i


def _object_window(view: SentenceView, trig: Mention) -> Sequence[str]:
    """The words after a trigger where its object stands: up to four, past a subject (فجر قرار الحكومة أزمة), not
    past punctuation."""
    tokens = view.sentence.tokens
    end, stop = trig.last + 1, min(trig.last + 5, len(tokens))
    while end < stop and not tokens[end].is_punct:
        end += 1
    return view.norms[trig.last + 1:end]


def _around(view: SentenceView, trig: Mention) -> tuple[str, ...]:
    """The words from three before a trigger to three after it, its first word left out (a listed word is never
    empty, so the words outside the sentence, read as "", need not be looked at)."""
    norms = view.norms
    return (*norms[max(trig.first - 3, 0):trig.first], *norms[trig.first + 1:trig.last + 4])


def lexical_guard(view: SentenceView, trig: Mention, cameo: str) -> str:
    """Why the words around ``trig`` (coded ``cameo``) make it a mention, not a report ("" if they do not): checked
    before the arguments are looked for, since none of these depends on them."""
    root = cameo[:2]  # (the code lists hold two-digit roots: a slice and a tuple test, not startswith)
    if root not in _MATERIAL:
        return ""
    before = view.norm(_chain_start(view, trig) - 1)
    # قضية خطف: خطف read as a noun here (the word list first: it rules out most triggers at once)
    if _in(view, before, "non_event_heads") and any(s.cls != "verb" for s in trig.surfaces):
        return f"guard: a kind of act, not an act ({view.sentence.tokens[trig.first - 1].text} + noun)"
    if root in REPORTED_ALONE and _any_in(view, _object_window(view, trig), "figurative_objects"):
        return "guard: figurative (what explodes or is attacked is a crisis, anger, a debate)"
    if not is_verb(trig):
        if _in(view, before, "background_prepositions") or (view.norm(trig.first - 1) == "من" and any(
                _in(view, view.norm(i), "background_prepositions") for i in range(trig.first - 4, trig.first - 1))):
            # بعد مقتله، بعد أسبوعين من اختطافه
            return f"guard: background to the report ({view.sentence.tokens[trig.first - 1].text} + noun)"
        if _in(view, before, "commemoration") or _in(view, view.norm(trig.first - 2), "commemoration"):
            return "guard: an anniversary or memory of the event, not the event"
        if _in(view, view.norm(trig.last + 1), "figurative_qualifiers") and root != "16":
            # (عقوبات اقتصادية، مقاطعة دبلوماسية: sanctions and boycotts are economic or diplomatic in earnest)
            return f"guard: figurative ({view.sentence.tokens[trig.last + 1].text})"
    if root in HOSTILE and is_verb(trig) and _any_in(view, _around(view, trig), "natural_forces"):
        return "guard: a natural force or a crisis hits (ضرب الإعصار، أزمة ضربت الاقتصاد), nobody attacks"
    if root in HOSTILE and _any_before(view, trig.first, "verdict_words"):
        return "guard: the charge in a trial or a verdict, not a new event"  # not protests: crowds protest verdicts
    if trig.surfaces[0].ref.get("sports_sense") and _any_before(
            view, len(view.sentence.tokens), "sports_words"):
        return "guard: sports report (an attack on the pitch is no assault)"
    return ""


def not_reported(view: SentenceView, trig: Mention, head: Mention, cameo: str, *, anchored: bool, dated: bool,
                 aimed: bool, dyadic: bool) -> str:
    """Why ``trig`` (coded ``cameo``, with grammar word ``head``) mentions but does not report an event, once its
    arguments are known; "" if it reports one. ``anchored``: a support verb, a date, a place, casualties or a
    participant tie the mention to one happening; ``dated``: a date in its clause; ``aimed``: a target is named;
    ``dyadic``: the grammar names both the doer and the target (المتظاهرون يرشقون الجنود: an imperfect that
    narrates, not a habit)."""
    if not cameo.startswith(_MATERIAL):
        return ""
    if not is_verb(trig):
        ref = trig.surfaces[0].ref
        if (ref.get("instrument") or ref.get("ongoing")) and head is trig and not aimed:
            return "guard: a weapon or a war named, no act reported (no support verb such as أطلق or سقط, no target)"
        if cameo.startswith(REPORTED_ALONE) and not anchored:
            return ("guard: an event noun with nothing tying it to a happening (no support verb, date, place, "
                    "casualties or target)")
    elif head is trig and cameo.startswith(REPORTED_ALONE) and trig.surfaces[0].feats.startswith("pres") and (
            not dated and not dyadic and not trig.prefix.endswith("ل")) and not any(
            c.start <= trig.first < c.end for c in view.cues):  # ليقتل: a result; لم يقصف، قد يقصف: no habit
        return "guard: an imperfect with no time or modality describes a habit or a state, it reports no event"
    return ""


def dated(view: SentenceView, trig: Mention) -> bool:
    """A date in the trigger's clause, or just before it (* 12 ديسمبر 2005: اغتيال …)."""
    if not view.date_tokens:
        return False  # (most sentences)
    start, end = view.clause_of(trig.first)
    return any(start <= i < end or 0 < trig.first - i <= 8 for i in view.date_tokens)


# (anchored's tests are loops, not any() over generators: every trigger that gets so far asks them)


def _place_in(view: SentenceView, start: int, end: int) -> bool:
    """Is a place named in the token range [start, end) (the trigger's clause)?"""
    for m in view.mentions:
        if m.kind == "place" and start <= m.first < end:
            return True
    return False


def _occurrence_near(view: SentenceView, trig: Mention) -> bool:
    """An occurrence verb the lexicon does not read, within four words of the trigger (و/ف-prefixed too)."""
    occurs = view.words("occurrence_verbs")
    for i in range(trig.first - 4, trig.last + 5):
        if i != trig.first and view.by_token.get(i) is None:
            word = view.norm(i)
            if word in occurs or word[1:] in occurs:
                return True
    return False


def _denied(view: SentenceView, trig: Mention) -> bool:
    """Is the trigger inside what a negation cue on a trigger denies?"""
    for c in view.cues:
        if c.label == "negated" and c.start <= trig.first < c.end and c.mention.kind == "trigger":
            return True
    return False


def _other_casualty(view: SentenceView, trig: Mention) -> bool:
    """Does another trigger of the sentence tell casualties (قتل، أصيب، قتلى)?"""
    for m in view.mentions:
        if m.kind == "trigger" and m is not trig and m.surfaces[0].ref.get("casualty"):
            return True
    return False


def anchored(view: SentenceView, trig: Mention, sources: list[Mention], targets: list[Mention]) -> bool:
    """Does something tie the mention to one happening? A named place in its clause, casualties in the
    sentence (قتل، أصيب، قتلى); for a verb or a casualty word (مقتل خمسة), also a participant the grammar names;
    for an event noun, a named doer and target."""
    start, end = view.clause_of(trig.first)
    if _place_in(view, start, end):
        return True
    if responsible(view, trig) is not None:
        return True  # a claim or a denial of responsibility is about one happening
    if _denied(view, trig):
        return True  # ما نشر عن اغتيال … عار عن الصحة: a denied report names one happening
    if _occurrence_near(view, trig):
        return True  # اندلعت مظاهرات، الاحتجاجات التي وقعت أمس، تم اغتصابها
    if surface(trig).ref["cameo"][:2] == "14" and any(
            (a.actor.code or "")[3:] in PROTESTERS for a in view.actors if a.actor is not None):
        return True  # protesters named in the sentence: the protest noun is theirs
    if _other_casualty(view, trig):
        return True
    if is_verb(trig) or surface(trig).ref.get("casualty"):
        return bool(sources or targets)
    return bool(sources and targets)  # حربها على أوكرانيا: a noun whose doer and target are both named
