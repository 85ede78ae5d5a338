"""English event candidates: for each trigger, its reading (verb or noun, active or passive), its source and
target actors, modality and attribution.

Arguments by English word order: the subject is the nearest actor before a verb that no preposition governs (over
auxiliaries, modals and cue verbs: "Russia is seeking to buy"); a relative pronoun hands over its antecedent
("resolutions, which ban …"); "was attacked by X" swaps the roles; a noun takes its source from a possessive or
demonym ("Russia's war", "the Ukrainian counteroffensive") or from the clause subject ("Kim will travel to Russia
to hold a summit with Putin"), its target from a preposition of its entry ("with", "to", "against", "between").
"""

from __future__ import annotations

from khabar.clauses.modality import modality_at
from khabar.clauses.structure import SentenceView, frame_at
from khabar.events.build import Candidate
from khabar.lexicon.english import EnglishLexicon
from khabar.model import Mention

_SKIP_NOUN_PHRASE = 5  # how many modifier words may stand between a light verb and its event noun


def _surfaces(m: Mention, cls: str | None = None):
    return [s for s in m.data["surfaces"] if cls is None or s.cls == cls]


class EnglishEvents:
    """Event candidates of one analysed sentence (a SentenceView with English frames and cues)."""

    def __init__(self, view: SentenceView, en: EnglishLexicon) -> None:
        self.view = view
        self.en = en
        self.toks = view.sentence.tokens
        self.words = en.words
        self.actors = [m for m in view.mentions if m.kind == "actor"]
        self.preps = en.words["prepositions"]
        self.last_subject: Mention | None = None

    # ------------------------------------------------------------------ reading of the trigger
    def _is_noun(self, m: Mention) -> bool:
        verbs, nouns = _surfaces(m, "verb"), _surfaces(m, "noun")
        if not verbs:
            return True
        if not nouns:
            return False
        before = self.toks[m.first - 1].norm if m.first else ""
        if before in self.words["determiners"] or before in ("'s", "of", "for", "in", "on", "with", "between"):
            return True
        prev = self.view.by_token.get(m.first - 1)
        if prev is not None and prev.kind == "actor" and before not in ("'s",):
            # "Russia attacks Ukraine" (verb) vs "the US-led strikes" (noun): a verb agrees with a bare subject
            return self._prev_is_modifier(prev)
        if prev is not None and prev.kind == "trigger":
            return True  # "missile tests", "arms trade": the second of two triggers heads a compound noun
        return False

    def _prev_is_modifier(self, prev: Mention) -> bool:
        parts = prev.data.get("parts") or []
        return bool(parts) and parts[-1].kind == "demonym" and len(parts) == 1

    def _is_passive(self, m: Mention) -> bool:
        verbs = _surfaces(m, "verb")
        if not any(s.feats == "VBN" for s in verbs):
            return False
        i = m.first - 1
        while i >= 0 and self.toks[i].norm in self.words["auxiliaries"]:
            i -= 1
        if i >= 0 and self.toks[i].norm in self.words["be"]:
            return True
        # a reduced relative: "resolutions, backed by Russia," / "the shells supplied by Pyongyang"
        k = m.last + 1
        return k < len(self.toks) and self.toks[k].norm == "by" and i >= 0 and self.toks[i].norm in (",", "the")

    # ------------------------------------------------------------------ arguments
    def _governed(self, a: Mention) -> str | None:
        """The preposition right before an actor (over articles), if any."""
        k = a.first - 1
        while k >= 0 and self.toks[k].norm in ("the", "a", "an"):
            k -= 1
        if k >= 0 and self.toks[k].norm in self.preps:
            return self.toks[k].norm
        return None

    def _limits(self, m: Mention) -> tuple[int, int]:
        start, end = self.view.clause_of(m.first)
        frame = frame_at(self.view, m.first)
        if frame is not None:
            start, end = max(start, frame.start), min(end, frame.end)
        return start, end

    def _subject(self, m: Mention, start: int) -> tuple[Mention | None, str]:
        """Nearest ungoverned actor before the trigger inside its clause."""
        toks = self.toks
        k = m.first - 1
        # a relative pronoun right before the verb stands for the actor before it
        j = k
        while j >= start and toks[j].norm in self.words["auxiliaries"]:
            j -= 1
        if j >= 0 and toks[j].norm in ("which", "who", "that") and j > 0:
            ante = self._antecedent(j)
            if ante is not None:
                return ante, "relative pronoun → antecedent"
        best = None
        for a in reversed(self.actors):
            if a.last >= m.first or a.first < start:
                continue
            if self._governed(a) in self.preps - {"'s"}:
                continue
            if self._is_speaker(a, m):
                continue
            best = a
            break
        if best is not None:
            return best, "subject before the verb"
        return None, ""

    def _antecedent(self, rel: int) -> Mention | None:
        k = rel - 1
        if k >= 0 and self.toks[k].norm == ",":
            k -= 1
        for a in reversed(self.actors):
            if a.last <= k and a.last >= k - 6:
                return a
        return None

    def _is_speaker(self, a: Mention, m: Mention) -> bool:
        return any(f.speaker is a and not (f.start <= m.first < f.end and f.start > a.last) for f in self.view.frames
                   if f.speaker is not None) and not any(f.start <= a.first < f.end for f in self.view.frames)

    def _object(self, m: Mention, end: int) -> Mention | None:
        """The first actor after a verb, over articles, adverbs and modifiers, that no preposition governs."""
        k = m.last + 1
        limit = min(end, m.last + 5)
        while k < limit:
            a = self.view.by_token.get(k)
            if a is not None and a.kind == "actor":
                return a if self._governed(a) is None else None
            if a is not None and a.kind in ("trigger", "report"):
                return None
            if self.toks[k].norm in self.preps or self.toks[k].norm in (",", ".", "that", "to"):
                return None
            k += 1
        return None

    def _prep_target(self, m: Mention, preps: list[str], end: int, reach: int = 8) -> tuple[Mention | None, str]:
        k = m.last + 1
        limit = min(end, m.last + 1 + reach)
        while k < limit:
            tok = self.toks[k].norm
            if tok in preps:
                j = k + 1
                while j < limit and (self.toks[j].norm in self.words["determiners"] or self.toks[j].norm in ("the",)):
                    j += 1
                a = self.view.by_token.get(j)
                if a is not None and a.kind == "actor":
                    return a, tok
            other = self.view.by_token.get(k)
            if other is not None and other.kind in ("trigger", "report") and other is not m:
                break
            if tok in (".", ";"):
                break
            k += 1
        return None, ""

    def _possessor(self, m: Mention, start: int) -> Mention | None:
        """ "Russia's war", "Kim's possible trip", "the Ukrainian counteroffensive", "North Korea's missile tests"."""
        k = m.first - 1
        steps = 0
        while k >= start and steps < 4:
            a = self.view.by_token.get(k)
            if a is not None and a.kind == "actor":
                return a if (k + 1 < len(self.toks) and self.toks[k + 1].norm == "'s") or self._prev_is_modifier(a) \
                    else None
            tok = self.toks[k].norm
            if tok in self.preps or tok in (",", "."):
                return None
            k -= 1
            steps += 1
        return None

    # ------------------------------------------------------------------ candidates
    def candidates(self) -> list[Candidate]:
        out: list[Candidate] = []
        consumed: set[int] = set()
        triggers = [m for m in self.view.mentions if m.kind == "trigger"]
        for m in triggers:
            if m.first in consumed:
                continue
            noun = self._is_noun(m)
            entry_surfaces = _surfaces(m, "noun" if noun else "verb") or _surfaces(m)
            s = entry_surfaces[0]
            if s.ref.get("light"):
                head = self._light_noun(m, triggers)
                if head is None:
                    continue
                consumed.add(head.first)
                cand = self._candidate(m, head, noun=False, support=True)
            else:
                cand = self._candidate(m, m, noun=noun, support=False)
            if cand is not None:
                out.append(cand)
        return out

    def _light_noun(self, m: Mention, triggers: list[Mention]) -> Mention | None:
        for t in triggers:
            if m.last < t.first <= m.last + _SKIP_NOUN_PHRASE and not _surfaces(t, "noun")[0:1] == []:
                between = self.toks[m.last + 1:t.first]
                if all(x.norm not in (",", ".", "to", "that") for x in between):
                    return t
        return None

    def _pick_entry(self, head: Mention, noun: bool, end: int):
        surfaces = _surfaces(head, "noun" if noun else "verb") or _surfaces(head)
        surfaces = [s for s in surfaces if not s.ref.get("light")] or surfaces
        if len({s.entry for s in surfaces}) > 1:
            for s in surfaces:
                preps = [p for p in s.ref.get("target", []) if p != "OBJ"]
                if preps and self._prep_target(head, preps, end)[0] is not None:
                    return s
        return surfaces[0]

    def _candidate(self, verb: Mention, head: Mention, *, noun: bool, support: bool) -> Candidate | None:
        start, end = self._limits(verb)
        s = self._pick_entry(head, noun, end)
        entry = s.ref
        rules = [s.entry + (f" (support verb {verb.text!r} + noun)" if support else (" (noun)" if noun else ""))]
        preps = [p for p in entry.get("target", []) if p != "OBJ"]
        if "between" not in preps:
            preps.append("between") if entry.get("reciprocal") or noun else None
        source: Mention | None = None
        targets: list[Mention] = []
        passive = not noun and not support and self._is_passive(verb)
        if passive:
            agent, _ = self._prep_target(verb, ["by"], end, reach=4)
            subject, why = self._subject(verb, start)
            source = agent
            if subject is not None:
                targets = [subject]
            rules.append("passive: subject is the target" + (", by-phrase the source" if agent else ""))
        else:
            if noun and not support:
                source = self._possessor(head, start)
                if source is not None:
                    rules.append("possessor/demonym is the source")
                else:
                    by, _ = self._prep_target(head, ["by"], end, reach=3)
                    if by is not None:
                        source = by
                        rules.append("by-phrase is the source")
            if source is None:
                source, why = self._subject(verb, start)
                if source is not None:
                    rules.append(why)
                elif self.last_subject is not None and verb.first > 0 and self._coordinated_verb(verb):
                    source = self.last_subject
                    rules.append("shared subject of a coordinated verb")
            # targets
            if "OBJ" in entry.get("target", []) and not noun:
                obj = self._object(head if support else verb, end)
                if obj is not None and obj is not source:
                    targets = [obj]
                    rules.append("direct object is the target")
            if not targets:
                look = preps + (["of"] if noun and "OBJ" in entry.get("target", []) else [])
                tgt, prep = self._prep_target(head, look, end)
                if tgt is not None and tgt is not source:
                    if (prep == "between" and source is None) or (prep == "between" and tgt.data.get("group")):
                        members = tgt.data.get("members") or []
                        if len(members) >= 2 and (source is None or not noun):
                            source, targets = members[0], members[1:]
                            rules.append("between A and B: first is the source, the others targets")
                        else:
                            targets = [tgt]
                    else:
                        targets = [tgt]
                    rules.append(f"target after '{prep}'")
        if source is None and not targets:
            return None
        if source is None and not entry.get("target_optional") and not noun and not passive:
            pass
        if not passive and source is not None:
            self.last_subject = source
        modality, mod_rules = modality_at(self.view, verb.first)
        rules += mod_rules
        frame = frame_at(self.view, verb.first)
        clause_end_tok = min(end, len(self.toks)) - 1
        return Candidate(
            head, entry, s.entry, entry["cameo"], [source] if source is not None else [], targets, modality,
            frame.speaker if frame else None, frame.verb if frame else None, rules, 0.8,
            self.toks[max(clause_end_tok, head.last)].end)

    def _coordinated_verb(self, verb: Mention) -> bool:
        """ "… seeks to crush the counteroffensive and (to) prolong the war": a verb after "and" shares the subject."""
        k = verb.first - 1
        while (k >= 0 and self.toks[k].norm in ("to", "also")) or (k >= 0 and self.toks[k].norm in self.words["auxiliaries"]):
            k -= 1
        return k >= 0 and self.toks[k].norm in ("and", "or", "then", ",")
