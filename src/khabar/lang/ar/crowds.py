"""Protests told through their protesters: what protesters do as the subject of a verb is the protest
(ورفع المتظاهرون لافتات، خرج مئات المتظاهرين), and whom a protest addresses when its trigger names no one."""

from __future__ import annotations

from khabar.clauses.modality import modality_at
from khabar.clauses.view import SentenceView, frame_at
from khabar.events.candidate import HOSTILE, Candidate, is_verb, surface
from khabar.lang.ar import participants as who
from khabar.lang.ar import phrases
from khabar.model import Mention

_CROWD = frozenset({"ar/agents.yaml#protester", "ar/agents.yaml#demonstrator", "ar/agents.yaml#rioter"})
_HOSTILE_OR_COERCIVE = frozenset({*HOSTILE, "17"})  # a crowd that attacks or coerces (17) is violent


def protesters_acts(view: SentenceView) -> list[Candidate]:
    """ورفع المتظاهرون لافتات، خرج مئات المتظاهرين، المتظاهرون حطموا مقر الحزب: what protesters do as the subject of a
    verb is the protest (141; a hostile act of theirs is a riot, 145), whether or not the verb is in the lexicon.
    Only when the sentence codes no protest already, and never for what is said (قال المتظاهرون)."""
    out = []
    for crowd in view.actors:
        if _CROWD.isdisjoint(crowd.rules):
            continue
        verb_at = _verb_of(view, crowd)
        if verb_at is None:
            continue
        verb = view.by_token.get(verb_at)
        hostile = verb is not None and surface(verb).ref["cameo"][:2] in _HOSTILE_OR_COERCIVE
        cameo = "145" if hostile else "141"
        tok = view.sentence.tokens[verb_at]
        trig = verb or Mention("trigger", tok.start, tok.end, tok.text, verb_at, verb_at, "rule:protesters-act")
        entry = view.lexicon.by_cameo.get(cameo) or view.lexicon.by_cameo["141"]
        targets, rule = who.protest_target(view, trig, [crowd])
        frame = frame_at(view, verb_at)
        modality, mod_rules = modality_at(view, verb_at)
        rules = [f"rule:protesters-act → {cameo}", f"source: the protesters who {tok.text} ({crowd.text})"]
        if rule:
            rules.append(rule)
        clause_end = view.clause_of(verb_at)[1]
        end_char = view.sentence.tokens[clause_end - 1].end if clause_end else view.sentence.end
        out.append(Candidate(trig, entry, "rule:protesters-act", cameo, [crowd], targets, modality,  # type: ignore[arg-type]
                             frame.speaker if frame else None, frame.verb if frame else None, rules + mod_rules,
                             0.7, end_char))
    return out[:1]


def _verb_of(view: SentenceView, crowd: Mention) -> int | None:
    """The token of the verb a protester phrase is the subject of: right before it (VSO, nominative المتظاهرون, or past
    a count: خرج مئات من المتظاهرين) or right after it (SVO: المتظاهرون حطموا، plural -وا). A reporting verb or a cue is
    no act; an oblique المتظاهرين right after a word is its object or genitive (انتقد المتظاهرين، غضب المتظاهرين)."""
    before = phrases.quantity_start(view, crowd) - 1
    oblique = view.norm(crowd.last).endswith("ين") and before == crowd.first - 1
    m = None if oblique else view.by_token.get(before)  # انتقد المتظاهرين، غضب المتظاهرين: object or genitive
    word = view.norm(before)
    if m is not None:
        if m.kind == "trigger" and is_verb(m) and not phrases.governed_by_prep(view, crowd):
            return before
    elif not oblique and before >= 0 and len(word) >= 3 and not view.sentence.tokens[before].is_punct and (
            not word.startswith(("ال", "وال"))) and word.lstrip("وف") not in view.words("prepositions") | view.words(
            "non_name_words") and not crowd.prefix and word.lstrip("وف")[:1] not in "يتن":
        return before  # an unknown perfect right before its subject: وساروا، توجه، أعاق
    after = crowd.last + 1
    m = view.by_token.get(after)
    if m is not None and m.kind == "trigger" and is_verb(m) and surface(m).feats.endswith(("3mp", "3fp")):
        return after
    if m is None and view.norm(after).endswith("وا") and len(view.norm(after)) >= 4 and not view.norm(after).startswith(
            "ال"):
        return after  # المتظاهرون حطموا
    return None


