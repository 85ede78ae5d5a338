"""Modality: which cues scope over an event trigger, and how stacked cues combine into one label.

Stacked cues resolve by strength: what a reporting frame itself says (نفى/اشتبه/شكك) and negation win over hedges,
and an epistemic hedge (قد، من المرجح) wins over intention (يسعى، يرغب), which wins over plain assertion:
"من المرجح أن ترغب كوريا في…" is *probable*; "قد يسعى" is *possible*.
"""

from __future__ import annotations

from khabar.clauses.structure import Cue, SentenceView, frame_at
from khabar.model import Mention

STRENGTH = ("negated", "doubted", "suspected", "hypothetical", "uncertain", "possible", "probable", "planned",
            "intended", "asserted")
_RANK = {label: i for i, label in enumerate(STRENGTH)}


def strongest(labels: list[str]) -> str:
    return min(labels, key=lambda x: _RANK[x]) if labels else "asserted"


def _verb_at(view: SentenceView, i: int, tense: str) -> bool:
    """Is token i a verb of the given tense ("verb" = any)? An unknown word counts as a verb of any tense,
    since قد/لم/إذا are followed by verbs whether or not the lexicon knows them."""
    m = view.by_token.get(i)
    if m is None:
        word = view.norm(i)
        imperfect = len(word) >= 4 and word[0] in "يتنا"  # an unknown word shaped like an imperfect verb
        return tense == "verb" or (tense == "present_verb" and imperfect)
    if not m.data.get("surfaces"):
        return False
    s = next((x for x in m.data["surfaces"] if x.cls == "verb"), None)
    if s is None:
        return False
    return tense == "verb" or s.feats.startswith("past" if tense == "past_verb" else "pres")


def _fits(view: SentenceView, i: int, before: str) -> bool:
    if before == "lam":  # تحضر لفرض: a ل + masdar of purpose follows
        word = view.norm(i)
        return len(word) > 3 and word[0] == "ل"
    return _verb_at(view, i, before)


def _reread_as_trigger(m: Mention) -> None:
    """A cue whose condition fails is read as the event word it also spells, if there is one (يحضر = attends)."""
    surfaces = m.data.get("surfaces") or []
    trigger = next((s for s in surfaces if s.kind == "trigger"), None)
    if trigger is not None:
        m.kind, m.entry = "trigger", trigger.entry
        m.data["surfaces"] = [trigger, *(s for s in surfaces if s is not trigger)]


def find_cues(view: SentenceView) -> list[Cue]:
    cues = []
    for m in view.mentions:
        if m.kind == "trigger" and m.data["surfaces"][0].ref.get("negates_subject"):
            # ما نشرته القناة عن اغتيال … عار عن الصحة: what the predicate declares false does not happen
            frame = frame_at(view, m.first)
            cues.append(Cue(m, "negated", frame.start if frame else 0, m.first, None))
            continue
        if m.kind != "cue":
            continue
        ref = m.data["surfaces"][0].ref
        before = ref.get("before")
        if before and not _fits(view, m.last + 1, before):
            _reread_as_trigger(m)
            continue
        clause_start, clause_end = view.clause_of(m.first)
        scope = ref.get("scope")
        if scope == "preceding":  # رحلة كيم المحتملة: an adjective qualifies the noun phrase just before it
            cues.append(Cue(m, ref.get("label"), max(clause_start, m.first - 3), m.first, None))
            continue
        start = clause_start if scope == "clause" else m.first
        cues.append(Cue(m, ref.get("label"), start, clause_end, ref.get("control")))
    return cues


def modality_at(view: SentenceView, i: int, *, future_prefix: bool = False,
                cues: list[Cue] | None = None) -> tuple[str, list[str]]:
    """(label, rules) for an event whose trigger starts at token i; ``cues`` narrows the sentence's cues."""
    labels, rules = [], []
    for cue in view.cues if cues is None else cues:
        if cue.label and cue.start <= i < cue.end and i != cue.mention.first:
            labels.append(cue.label)
            rules.append(f"{cue.mention.entry} → {cue.label}")
    frames = [f for f in view.frames if f.modality and f.start <= i < f.end]
    for f in frames:
        labels.append(f.modality)
        rules.append(f"{f.verb.entry} → {f.modality}")
    if future_prefix and not labels:
        labels.append("planned")
        rules.append("future prefix س → planned")
    label = strongest(labels)
    return label, [r for r in rules if r.endswith(label)] or rules
