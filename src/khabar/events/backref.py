"""An article's memory of the acts it has told, so that a reaction naming an act only by a definite event noun gets
the act's doer as its target: "Israeli jets struck Gaza on Friday. Egypt condemned the strikes." → EGY 111 ISR.

Languages mark such a candidate (``Candidate.about`` = the event noun, no target found in its sentence); the
pipeline asks :meth:`ActMemory.resolve` before turning it into events, and tells the memory every candidate it
keeps (:meth:`ActMemory.note`). Only a doer the article named counts, the latest act of the noun's kind first, and
never the reacting party itself (Israel does not condemn its own strikes).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from khabar.events.candidate import HOSTILE, Basis, Candidate, Rule, surface
from khabar.model import Mention

#: reactions that take the doer of the act they are about as their target: praise (05), disapproval (11), rejection
#: (12); their lexicon entries name a target, so without one the candidate would be dropped
REACTIONS = ("05", "11", "12")
#: how far back an event noun may refer: told acts kept per article (the latest first)
_KEPT = 32


def kind_of(cameo: str) -> str:
    """The kind of act an event noun can refer back to: assaults, fights and mass violence are one kind (an attack,
    a raid, the strikes); any other act its CAMEO root."""
    return "hostile" if cameo[:2] in HOSTILE else cameo[:2]


@dataclass(slots=True)
class ActMemory:
    """The acts an article has told so far, with who did them: (kind, doer, the doer's span and the trigger's start
    in article offsets). ``offset`` is where the text being coded starts in its article: 0, or a window's start
    when a long article is coded window by window (khabar.ingest.windows passes one memory through its windows)."""

    acts: list[tuple[str, Mention, int, int, int]] = field(default_factory=list)
    offset: int = 0

    def keep(self, cands: Iterable[Candidate]) -> list[Candidate]:
        """One sentence's candidates, in order, once each is remembered: those about an earlier act resolved (an act
        told earlier in the same sentence counts), those the article gives no such act dropped."""
        cands = list(cands)
        for cand in cands:
            self.note(cand)
        kept = []
        for c in cands:
            if c.about is None or c.targets or self.resolve(c):
                kept.append(c)
            elif not c.about_needed:  # "Hungary rejected the proposal": news with no proposal told before
                c.rules.append("target: none named")
                kept.append(c)
        return kept

    def note(self, cand: Candidate) -> None:
        """Remember a candidate's act and its first named doer (nothing for a denied act or one with no doer)."""
        if cand.modality == "negated" or not cand.sources or cand.sources[0].actor is None:
            return
        doer, at = cand.sources[0], self.offset
        self.acts.append((kind_of(cand.cameo), doer, doer.start + at, doer.end + at, cand.trigger.start + at))
        if len(self.acts) > _KEPT:
            del self.acts[0]

    def resolve(self, cand: Candidate) -> bool:
        """Give a reaction about an earlier act (``cand.about``) that act's doer as its target, with the rule that
        says so; False when the article told no such act before the noun (the candidate is then dropped)."""
        noun = cand.about
        if noun is None:
            return True
        kind = kind_of(str(surface(noun).ref["cameo"]))
        own = {_party(m) for m in cand.sources}  # Egypt condemning "the strikes" means no strikes by Egyptian jets
        for act_kind, doer, start, end, at in reversed(self.acts):
            if act_kind != kind or at >= noun.start + self.offset or doer.actor is None or _party(doer) in own:
                continue
            if doer.start != start - self.offset:  # told in an earlier window: placed in this one's offsets
                doer = replace(doer, start=start - self.offset, end=end - self.offset)
            cand.targets = [doer]
            cand.rules.append(Rule(f"target: who did the {noun.text} told before ({doer.text})", Basis.EARLIER_ACT))
            cand.confidence = min(cand.confidence, 0.7)
            return True
        return False


def _party(m: Mention) -> str | None:
    """Whose side an actor is on: its country (the first three letters of a country code), else its whole code."""
    code = m.actor.code if m.actor is not None else None
    return code[:3] if code and code[:3].isalpha() and not code.startswith("---") else code
