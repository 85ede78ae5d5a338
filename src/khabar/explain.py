"""`khabar lexicon explain TEXT`: what each span matches and why (lexicon entry, clitics, composed actor code),
the reporting frames and modality cues, the candidate events, and for a word not coded the guard that stopped it.

The text goes through the same language components as ``Coder.code`` (khabar.lang), so the explanation is the
coder's own reading, in Arabic or English.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date as Date
from pathlib import Path

from khabar.events.backref import ActMemory
from khabar.lang import CODED_LANGUAGES, get_language
from khabar.model import Mention
from khabar.pipeline import Coder, detect_language


def _codes(mentions: list[Mention]) -> str:
    return "+".join(m.actor.code or "" for m in mentions if m.actor) or "—"


def explain(text: str, *, date: Date | None = None, overlays: tuple[Path, ...] = (),
            language: str | None = None) -> Iterator[str]:
    code = language or detect_language(text, tuple(overlays))
    if code not in CODED_LANGUAGES:
        yield f"language {code!r} is not coded (coded: {', '.join(sorted(CODED_LANGUAGES))})"
        return
    coder = Coder(overlays=overlays)
    lang = get_language(code)
    res = coder.resources(lang)
    discourse = lang.discourse(date)
    told = ActMemory()  # as the pipeline does: a reaction to an act told earlier takes its doer as target
    for sentence in lang.sentences(text, res):
        view = lang.analyse(sentence, res, discourse, None, [])
        yield f"sentence {sentence.index}: {sentence.text}"
        for m in view.mentions:
            clitics = "+".join(x for x in (m.prefix, "·", m.suffix) if x)
            code_ = f" → {m.actor.code}" if m.actor is not None else ""
            rules = " + ".join(m.rules or [m.entry])
            shown = f"  clitics {clitics}" if clitics != "·" else ""
            yield f"  [{m.start}:{m.end}] {m.text!r} {m.kind}{code_}  ({rules}){shown}"
        for f in view.frames:
            who = f.speaker.text if f.speaker else "?"
            yield f"  frame: {f.verb.text} by {who!r} over tokens {f.start}-{f.end} ({f.verb.entry})"
        for c in view.cues:
            yield f"  cue: {c.mention.text} → {c.label} over tokens {c.start}-{c.end} ({c.mention.entry})"
        for cand in told.keep(lang.candidates(view, res)):
            yield (f"  event: {_codes(cand.sources)} {cand.cameo} {_codes(cand.targets)} {cand.modality}"
                   f"  ({cand.trigger.text})")
            yield f"    why: {' · '.join(cand.rules)}"  # the rules the event record carries, in the order they fired
        for trig, reason in view.guarded:
            yield f"  not coded: {trig.text!r} — {reason}"
