"""`khabar lexicon explain TEXT`: what each span matches and why (lexicon entry, clitics, composed actor code)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date as Date
from pathlib import Path

from khabar.events.build import find_candidates
from khabar.mentions.actors import Discourse
from khabar.model import Mention
from khabar.pipeline import Coder
from khabar.text.segment import split_sentences


def _codes(mentions: list[Mention]) -> str:
    return "+".join(m.actor.code or "" for m in mentions if m.actor) or "—"


def explain(text: str, *, date: Date | None = None, overlays: tuple[Path, ...] = ()) -> Iterator[str]:
    coder = Coder(overlays=overlays)
    discourse = Discourse(date)
    for sentence in split_sentences(text, coder.lexicon.segmentation):
        view = coder.analyse(sentence, discourse)
        yield f"sentence {sentence.index}: {sentence.text}"
        for m in view.mentions:
            clitics = "+".join(x for x in (m.data.get("prefix"), "·", m.data.get("suffix")) if x)
            code = f" → {m.actor.code}" if m.actor is not None else ""
            rules = " + ".join(m.data.get("rules") or [m.entry])
            shown = f"  clitics {clitics}" if clitics != "·" else ""
            yield f"  [{m.start}:{m.end}] {m.text!r} {m.kind}{code}  ({rules}){shown}"
        for f in view.frames:
            who = f.speaker.text if f.speaker else "?"
            yield f"  frame: {f.verb.text} by {who!r} over tokens {f.start}-{f.end} ({f.verb.entry})"
        for c in view.cues:
            yield f"  cue: {c.mention.text} → {c.label} over tokens {c.start}-{c.end} ({c.mention.entry})"
        for cand in find_candidates(view):
            yield (f"  event: {_codes(cand.sources)} {cand.cameo} {_codes(cand.targets)} {cand.modality}"
                   f"  ({cand.trigger.text})")
        for trig, reason in view.cache.get("guarded", []):
            yield f"  not coded: {trig.text!r} — {reason}"
