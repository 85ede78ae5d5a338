"""One attack told in several words is one event: casualties, the weapon used and relative clauses fold into the
attack they tell of (GDELT codes the attack, not each of its words)."""

from __future__ import annotations

from khabar.clauses.view import SentenceView
from khabar.events.candidate import HOSTILE, Basis, Candidate, found_by, is_verb, surface
from khabar.lang.ar.subjects import event_subject

_PLACED = frozenset({Basis.PLACE_STATE})


def _part_of_attack(view: SentenceView, c: Candidate) -> str:
    """Why candidate c tells part of another attack in its sentence ("" if it does not): its casualties (قتل خمسة
    أشخاص في هجوم), the weapon used in it (استخدمت صواريخ في قصف), or a relative clause about it (التفجير الذي
    استهدف مسجدا)."""
    if c.entry.get("casualty"):
        return "casualties"
    if c.entry.get("instrument"):
        return "weapon"
    if is_verb(c.trigger) and (m := event_subject(view, c.trigger)) is not None and (
            surface(m).ref["cameo"][:2] in HOSTILE):  # التفجير الذي استهدف مسجدا، هجوم انتحاري استهدف دورية
        return "relative clause"
    return ""


def fold_attack_parts(view: SentenceView, candidates: list[Candidate]) -> list[Candidate]:
    """One attack told in several words is one event, as GDELT codes the attack: in "قتل خمسة أشخاص في هجوم انتحاري"
    the suicide attack (1831) takes the dead as its target and the killing is not coded again; likewise the weapon
    used in it and a relative clause about it. A casualty report with no attack in its sentence stays an event (190)."""
    parts = {id(c): _part_of_attack(view, c) for c in candidates
             if c.cameo[:2] in HOSTILE and c.modality == "asserted"}
    attacks = [c for c in candidates if c.cameo[:2] in HOSTILE and not parts.get(id(c))]
    if not attacks:  # ارتفعت حصيلة القتلى إلى عشرين قتيلا: one toll, told twice
        tolls = [c for c in candidates if parts.get(id(c)) == "casualties" and not c.sources]
        attacks = tolls[:1]
        parts = {k: v for k, v in parts.items() if not (tolls and k == id(tolls[0]))}
        if not attacks:
            return candidates
    out = []
    for c in candidates:
        why = parts.get(id(c))
        if not why:
            out.append(c)
            continue
        attack = min(attacks, key=lambda a: abs(a.trigger.first - c.trigger.first))
        victims = {(t.actor.code if t.actor else None) for t in c.targets}
        if any((s.actor.code if s.actor else None) in victims for s in attack.sources):
            # قتلوا في التفجير: the dead are not who set the bomb off, though they were named nearest to it
            attack.sources = [s for s in attack.sources if (s.actor.code if s.actor else None) not in victims]
            attack.rules.append("source: the casualties named before the attack are its victims, not its doers")
        placed = found_by(attack.rules, _PLACED)
        aimed = why == "relative clause" and not found_by(c.rules, _PLACED)
        if c.targets and (not attack.targets or placed or aimed):  # قتل جندي أمريكي برصاص مسلحين في العراق: the
            attack.targets = c.targets  # soldier; هجوم استهدف دورية للجيش: what it aimed at, more than its dead
        if not attack.sources and c.sources:
            attack.sources = c.sources
        attack.rules.append(f"{why} {c.trigger.text} ({c.entry_ref}) folded into this attack")
    return out
