"""Modality: which cues scope over an event trigger, and how stacked cues combine into one label.

Stacked cues resolve by strength: what a reporting frame itself says (نفى/اشتبه/شكك) and negation win over hedges,
and an epistemic hedge (قد، من المرجح) wins over intention (يسعى، يرغب), which wins over plain assertion:
"من المرجح أن ترغب كوريا في…" is *probable*; "قد يسعى" is *possible*.
"""

from __future__ import annotations

from khabar.clauses.view import Cue, SentenceView

STRENGTH = ("negated", "doubted", "suspected", "hypothetical", "uncertain", "possible", "probable", "planned",
            "intended", "asserted")
_RANK = {label: i for i, label in enumerate(STRENGTH)}


def strongest(labels: list[str]) -> str:
    return min(labels, key=lambda x: _RANK[x]) if labels else "asserted"


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
        labels.append(f.modality)  # type: ignore[arg-type]
        rules.append(f"{f.verb.entry} → {f.modality}")
    if future_prefix and not labels:
        labels.append("planned")
        rules.append("future prefix س → planned")
    label = strongest(labels)
    return label, [r for r in rules if r.endswith(label)] or rules
