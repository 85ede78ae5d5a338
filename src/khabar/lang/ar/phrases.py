"""Arabic phrase facts the argument finders share: conjunctions and parentheticals, which actors are usable,
generic or arguable, the preposition governing an actor, quantities before a noun, agreement with a verb."""

from __future__ import annotations

from functools import cache
from operator import attrgetter

from khabar.clauses.view import SentenceView
from khabar.model import Mention

_FEMININE_PRONOUNS = ("ها",)


_PLURAL_PRONOUNS = ("هم", "هما", "هن")


def strip_conj(word: str) -> str:
    """The word without a leading conjunction و/ف (وحيث → حيث); short words keep their first letter (ولد)."""
    return word[1:] if len(word) > 2 and word[0] in "وف" else word


def actors_before(view: SentenceView, end: int, start: int = 0) -> list[Mention]:
    """The actors ending in tokens [start, end), the nearest first (the last-ending; stable among equal ends)."""
    return sorted([a for a in view.actors if start <= a.last < end], key=_LAST, reverse=True)


_LAST = attrgetter("last")


def before_parenthetical(view: SentenceView, i: int, reach: int) -> int:
    """If token i closes a "، … ،" parenthetical of at most ``reach`` words, the token before it opens; else -1."""
    if view.norm(i) != ",":
        return i
    j = i - 1
    while j >= 0 and view.norm(j) != "," and i - j < reach:
        j -= 1
    return j - 1 if view.norm(j) == "," else -1


def usable(m: Mention | None) -> bool:
    """An actor coded down to its country or organization (a countryless generic agent like "مسؤول" is not):
    the only kind the guessing rules (pro-drop, nearest actor, pronoun referents) may pick."""
    if m is None or m.kind not in ("actor", "place") or m.actor is None:
        return False
    code = m.actor.code
    return code is not None and code != "" and code[:3] != "---"  # (a slice, not startswith: asked ~8 a sentence)


def generic(m: Mention | None) -> bool:
    """A role-only actor (مسلحون → ---UAF, متظاهرون → ---CVL, الشرطة → ---COP): CAMEO codes the role when the text
    names no country, so it is an event argument wherever the grammar names it (subject, object, prepositions)."""
    return (m is not None and m.kind == "actor" and m.actor is not None and len(m.actor.code or "") == 6
            and (m.actor.code or "").startswith("---"))


def arguable(m: Mention | None) -> bool:
    """An actor the grammar may name as an event argument: coded, or generic with a role."""
    return usable(m) or generic(m)


def governed_by_prep(view: SentenceView, m: Mention) -> str | None:
    """The preposition introducing actor m, as a separate word or a clitic (بموسكو → ب); remembered in
    ``view.memo`` while there is one (every trigger of a sentence asks about the same actors)."""
    return view.remembered("governing", m, _governing)


def _governing(view: SentenceView, m: Mention) -> str | None:
    prefix = m.prefix.lstrip("وف")
    if prefix in ("ب", "ل", "ك"):
        return prefix
    head = view.by_token.get(m.first - 1)
    if m.prefix.startswith("و") and head is not None and head.kind == "actor" and head is not m:
        return governed_by_prep(view, head)  # مع مصر والأردن: the conjunct shares its head's preposition
    i, word = m.first - 1, view.norm(m.first - 1)  # (head: the mention on that word, if any)
    if m.parts and m.parts[0].kind == "demonym" and head is None and word.startswith("ال"):
        i -= 1  # احتجاجا على التحركات الأمريكية: the preposition governs the noun the demonym modifies
    elif head is None and word in view.words("directions"):
        i -= 1  # على مدينة رفح، في جنوب لبنان
    elif (q := quantity_start(view, m)) < m.first:
        i = q - 1  # فرض عقوبات على أربعة مستوطنين، مقتل ثمانية من عناصر الشرطة
    elif head is None and _relational(view, word):
        return word[0]  # أشاد بدور قطر: the preposition on the relational noun governs its owner
    elif _possessed_noun(view, i) and strip_conj(view.norm(i - 1)) in view.words("prepositions"):
        return strip_conj(view.norm(i - 1))  # احتجاجا على قرار الحكومة، ضد زيارة بوش: through the possessed noun
    prev = view.norm(i)
    prev = prev[1:] if len(prev) > 2 and prev[0] in "وف" else prev
    if prev == "من" and i == m.first - 1 and _unit_of(view, m):
        return None  # قوة من الشرطة العراقية، دورية من الجيش: the body the unit belongs to heads the phrase
    return prev if prev in view.words("prepositions") else None


def _unit_of(view: SentenceView, m: Mention) -> bool:
    """Is actor m, right after من, the body a unit noun before it is part of (قوة من الجيش، مجموعة من المسلحين)? A
    state or a place after من is where a unit comes from (قوة من لبنان), not its body."""
    i, units = m.first - 2, view.words("unit_nouns")
    return (i >= 0 and view.by_token.get(i) is None and (view.norm(i) in units or strip_conj(view.norm(i)) in units)
            and m.actor is not None and m.actor.kind not in ("state", "place"))  # فرقة is no و/ف + رقة


def _is_quantity(view: SentenceView, i: int) -> bool:
    word = view.norm(i)
    return view.by_token.get(i) is None and (word in view.words("quantities") or word.isdigit() or (
        word[:1] == "و" and word[1:] in view.words("quantities")))  # خمسة وعشرون


def quantity_start(view: SentenceView, m: Mention) -> int:
    """First token of a count before actor m (خمسة، 28، نحو عشرين، ثمانية من، عشرات من), else m.first.

    A partitive من after a count does not govern the actor: in مقتل ثمانية من عناصر الشرطة the policemen are the
    ones killed, not where something comes from."""
    i, start = m.first - 1, m.first
    while i >= 0:
        if _is_quantity(view, i):
            start, i = i, i - 1
        elif view.norm(i) == "من" and _is_quantity(view, i - 1):
            i -= 1  # خمسة من 13 إثيوبيا: a count of a count
        else:
            break
    return start


def quantified(view: SentenceView, m: Mention) -> bool:
    """Is actor m counted (خمسة أشخاص، 20 شخصا، ثلاثة من الجنود)? Counted people are news as victims far more
    often than as doers."""
    return quantity_start(view, m) < m.first


def counted_after(view: SentenceView, m: Mention) -> bool:
    """Does a count follow actor m (اختطف مسلحون أكثر من 280 تلميذا)? Then the verb has an object m is not."""
    return _is_quantity(view, m.last + 1)


def _demonym_part(m: Mention) -> bool:
    parts = m.parts or []
    return len(parts) == 1 and parts[0].kind == "demonym"


def _possessed_noun(view: SentenceView, i: int) -> bool:
    """Is token i a noun whose genitive is the actor after it: a relational noun (قرار، سياسة) or an event noun
    (زيارة)? Not a noun whose genitive is its own object (إلى مقتل جنود: the soldiers are the ones killed)."""
    m = view.by_token.get(i)
    if m is None:
        return view.norm(i) in view.words("relational_nouns")
    return m.kind == "trigger" and m.first == m.last == i and m.surfaces[0].cls == "noun" and not (
        m.prefix) and not m.surfaces[0].ref.get("object_genitive")


def _relational(view: SentenceView, word: str) -> bool:
    return word[:1] in "بل" and word[1:].removeprefix("ال") in view.words("relational_nouns")


def agrees(actor: Mention, feats: str) -> bool:
    """Does an actor agree with a verb form's subject features (3fs, 3ms, 3mp, 3d…)?"""
    have = actor.feats
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


@cache
def first_words(phrases: frozenset[str]) -> frozenset[str]:
    """The first word of each phrase (في of في حين): only a token that is one can start a phrase."""
    return frozenset(p.split(" ")[0] for p in phrases)


def _phrase_at(view: SentenceView, i: int, phrases: frozenset[str]) -> int:
    """Length in tokens of a phrase from ``phrases`` starting at token i (0 if none)."""
    for n in (3, 2, 1):
        words = " ".join(view.norm(k) for k in range(i, i + n))
        if words in phrases or (words[:1] in "وف" and words[1:] in phrases):
            return n
    return 0
