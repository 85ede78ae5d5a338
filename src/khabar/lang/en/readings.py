"""How an English sentence's words are read before and after its candidates are built: names and participles that
are no events, gerunds and infinitives that are another event's content or purpose (and whose doer they take),
what a call or appeal answers, attacks with their tolls folded together, and the late by-phrase of a passive ("was
accused of stealing funds by prosecutors")."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from khabar.clauses.view import frame_at
from khabar.events.candidate import HOSTILE, Basis, Candidate, basis_of
from khabar.lang.en.arguments import EnglishArguments, surfaces_of
from khabar.model import Mention

_ORDER = frozenset({"order", "orders", "ordered", "ordering"})  # "ordered X to leave"
_ASK = frozenset({"ask", "asks", "asked", "asking"})  # "asked X for Y"
# Appeals, demands, accusations, threats and coercion: the one they address does what the infinitive after them says.
OBJECT_CONTROL = ("02", "10", "11", "13", "17")


class EnglishReadings(EnglishArguments):
    def _consume_compound(self, m: Mention, consumed: set[int]) -> None:
        """ "a car bomb explosion", "an air strike attack": two attack nouns in a row name one attack."""
        nxt = self.view.by_token.get(m.last + 1)
        if nxt is not None and nxt.kind == "trigger" and self._is_noun(nxt) and any(
                str(s.ref.get("cameo", ""))[:2] in HOSTILE for s in nxt.surfaces) and any(
                str(s.ref.get("cameo", ""))[:2] in HOSTILE for s in m.surfaces):
            consumed.add(nxt.first)

    def _fold_casualties(self, candidates: list[Candidate]) -> list[Candidate]:
        """ "A drone strike on a vehicle killed three fighters": the killing is the strike's toll, not a second event
        with a doer of its own. A casualty verb with no source, after an attack noun in its sentence, folds into that
        attack, whose target becomes the casualties (in place of the state where it happened), as in Arabic."""
        out: list[Candidate] = []
        for c in candidates:
            attacks = [a for a in out if a.cameo[:2] in HOSTILE and a.trigger.last < c.trigger.first
                       and self._is_noun(a.trigger)]
            attacks += [a for a in candidates if a is not c and self._caused_by(c, a)]
            if not (c.entry.get("casualty") and not c.sources and attacks):
                out.append(c)
                continue
            attack = attacks[-1]
            victims = {t.actor.code for t in c.targets if t.actor is not None}
            if any(x.actor is not None and x.actor.code in victims for x in attack.sources):
                # "a journalist was killed in a car bomb explosion": the dead did not set it off
                attack.sources = [x for x in attack.sources if x.actor is None or x.actor.code not in victims]
            placed = any(basis_of(r) is Basis.PLACE_STATE for r in attack.rules)
            if c.targets and (not attack.targets or placed):
                attack.targets = c.targets
            attack.rules.append(f"casualties {c.trigger.text} ({c.entry_ref}) folded into this attack")
        return [c for c in out if id(c) not in self.provisional or c.targets]

    def _controller(self, verb: Mention) -> tuple[Mention | None, str]:
        """Who does an infinitive after an earlier verb of the sentence: its object after an appeal, demand,
        threat or coercion ("urged Israel to step back"), else its subject ("visited Tokyo to meet officials")."""
        if verb.first < 1 or self.toks[verb.first - 1].norm != "to" or self.last_verb is None:
            return None, ""
        main, cameo, subject, obj = self.last_verb
        if main.last >= verb.first or any(self.toks[k].norm in (".", ";") for k in range(main.last, verb.first)):
            return None, ""
        if cameo[:2] in OBJECT_CONTROL:
            return obj, "source: the one urged, asked or forced by the verb before ('urged X to …')"
        return subject, "source: the subject of the verb whose purpose this is ('visited X to meet …')"

    def _object_author(self, verb: Mention, end: int) -> Mention | None:
        """ "rejected recent calls by Belarus's rulers", "dismissed an appeal from the president": when the object
        is a thing said or asked, whose it is (after by/from) is the target of the answer."""
        k = verb.last + 1
        saw_noun = False
        while k < min(end, verb.last + 6):
            word = self.toks[k].norm
            m = self.view.by_token.get(k)
            if m is not None and m.kind == "actor":
                return None  # an actor object is handled as the object itself
            if word in ("by", "from") and saw_noun:
                j = k + 1
                while j < end and self.toks[j].norm in ("the", "a", "an"):
                    j += 1
                a = self.view.by_token.get(j)
                return a if a is not None and a.kind == "actor" and a.actor is not None and a.actor.code else None
            if word in (",", ";", ".", "that", "to") or (word in self.preps and word not in ("by", "from")):
                return None
            saw_noun = saw_noun or word not in self.words["determiners"]
            k += 1
        return None

    def _caused_by(self, casualty: Candidate, attack: Candidate) -> bool:
        """ "was killed in a car bomb explosion", "died in an air strike": an attack noun a few words after the
        casualty verb, introduced by in/by/during, is what caused it."""
        gap = range(casualty.trigger.last + 1, attack.trigger.first)
        if attack.cameo[:2] not in HOSTILE or not self._is_noun(attack.trigger) or not 0 < len(gap) <= 4:
            return False
        words = [self.toks[k].norm for k in gap]
        return words[0] in ("in", "by", "during") and all(
            self.view.by_token.get(k) is None or self.view.by_token[k].kind == "actor" for k in gap)

    def _participle_clause(self, verb: Mention) -> bool:
        """ ", killing one person", ", killing one and arresting 12": an -ing verb opening a clause after a comma
        (or coordinated with one) has the subject of the clause before it."""
        if not verb.text.lower().endswith("ing") or verb.first < 1:
            return False
        before = self.toks[verb.first - 1].norm
        if before == ",":
            return True
        if before == "and":
            k = verb.first - 2
            while k >= 0 and self.toks[k].norm not in (",", ".", ";"):
                if self.toks[k].text.lower().endswith("ing") and self.view.by_token.get(k) is not None:
                    return self.toks[k - 1].norm == "," if k >= 1 else False
                k -= 1
        return False

    def _participle_adjective(self, m: Mention) -> bool:
        """A one-word past participle between an article or possessive and a noun ("the detained journalists",
        "its shelled villages") describes the noun: no event of its own (casualty words excepted: "the wounded")."""
        verbs = surfaces_of(m, "verb")
        if m.first != m.last or not any(s.feats == "VBN" for s in verbs) or any(
                s.feats not in ("VBN", "VBD") for s in verbs):
            return False
        if any(s.ref.get("casualty") for s in m.surfaces):
            return False
        if m.first == 0:  # "Ousted president Aristide said …", "Detained opposition leaders went on hunger strike"
            after_m = self.view.by_token.get(m.last + 1)
            return after_m is not None and after_m.kind == "actor"
        before, k = self.toks[m.first - 1].norm, m.last + 1
        after = self.toks[k].norm if k < len(self.toks) else "."
        return (before in ("the", "a", "an", "its", "their", "his", "her", "'s") and after not in self.preps
                and after not in (",", ".", ";", "by", "and", "or"))

    def _ambiguous_plural(self, m: Mention) -> bool:
        """ "raids", "charges", "sanctions": an -s form that is also a plural noun is no sure verb, so it does not
        make an event without a target."""
        return m.text.lower().endswith("s") and bool(surfaces_of(m, "noun"))

    def _content_gerund(self, m: Mention) -> bool:
        """ "talks on joining the EU", "a plan for buying arms": a gerund after an event noun's preposition is what
        that event is about, not an event of its own (the Arabic coder treats a masdar there the same way)."""
        k = m.first - 1
        if not m.text.lower().endswith("ing") or k < 1 or self.toks[k].norm not in self.preps or (
                self.toks[k].norm == "by"):
            return False
        before = self.view.by_token.get(k - 1)
        if before is not None and before.kind == "trigger" and not bool(surfaces_of(before, "noun")):
            # "agreed to cooperate in fighting terrorism": a cooperative verb's gerund is what they cooperate on
            return str(surfaces_of(before)[0].ref.get("cameo", ""))[:2] in ("03", "04", "05", "06")
        return before is not None and before.kind == "trigger" and bool(surfaces_of(before, "noun"))

    def _inside_name(self, m: Mention) -> bool:
        """ "the Asan Institute for Policy Studies": a capitalized word inside a name is no event."""
        tok = self.toks[m.first]
        if m.first == 0 or not tok.text[:1].isupper():
            return False
        before = self.toks[m.first - 1]
        after = self.toks[m.last + 1] if m.last + 1 < len(self.toks) else None
        return (before.text[:1].isupper() and before.text.isalpha()) or before.norm in ("for", "of") or (
            after is not None and after.text[:1].isupper() and after.text.isalpha())

    def _late_agent(self, verb: Mention, end: int) -> Mention | None:
        """ "X was accused of stealing public funds by prosecutors": the by-phrase of a passive after its "of" or
        "with" complement, unless a conflict event noun right before it owns it ("accused of links to attacks by
        Hamas")."""
        k = verb.last + 1
        if k >= end or self.toks[k].norm not in ("of", "with"):
            return None
        j, aside = k + 1, False
        while j < min(end, k + 15 + (12 if aside else 0)):
            if self.toks[j].norm == "," and not aside:
                close = next((c for c in range(j + 1, min(end, j + 13)) if self.toks[c].norm == ","), None)
                if close is None or close + 1 >= end or self.toks[close + 1].norm != "by":
                    return None
                j, aside = close + 1, True  # "accused of misusing funds, much of it embezzled, by officials"
            if self.toks[j].norm in (",", ";", ".", "that", "and"):
                return None
            if self.toks[j].norm != "by":
                j += 1
                continue
            owner = self.view.by_token.get(j - 1)
            if owner is not None and owner.kind == "trigger" and str(surfaces_of(owner)[0].ref.get(
                    "cameo", ""))[:2] >= "14":
                return None  # "accused of links to attacks by Hezbollah": the attacks are Hezbollah's
            i = j + 1
            while i < min(end, j + 4) and self.view.by_token.get(i) is None and self.toks[i].text.isalpha() and (
                    self.toks[i].text.islower()):
                i += 1  # "by the current Haitian government": articles and adjectives before the actor
            agent = self.view.by_token.get(i)
            return agent if agent is not None and agent.kind == "actor" else None
        return None

    def _passive_accusations(self) -> list[Candidate]:
        """ "Mubarak has been accused of stealing public funds by Egyptian prosecutors": the cue "accused of" (what
        follows is suspected) is also an accusation (112) when a by-phrase after its complement names the accuser."""
        out: list[Candidate] = []
        if "ccused of" not in self.view.sentence.text:
            return out
        for cue in self.view.mentions:
            if cue.kind != "cue" or cue.key != "accused of":
                continue
            k = cue.first - 1
            while k >= 0 and self.toks[k].norm in self.words["auxiliaries"]:
                k -= 1
            if k < 0 or self.toks[k].norm not in self.words["be"]:
                continue
            start, end = self._limits(cue)
            found = self.en.automaton.get("accused", None)
            s = next((x for x in (found[1] if found else ()) if x.cls == "verb" and x.feats == "VBN"), None)
            first = Mention(cue.kind, cue.start, cue.end, cue.text, cue.first, cue.first, cue.entry)
            agent = self._late_agent(first, end)
            subject, _ = self._subject(cue, start)
            if s is None or agent is None or subject is None or agent is subject or not _named(agent) or (
                    subject.actor is None or not subject.actor.code):
                continue
            frame = frame_at(self.view, cue.first)
            rules = [s.entry, "passive 'accused of … by X': X accuses the subject"]
            out.append(Candidate(cue, s.ref, s.entry, str(s.ref["cameo"]), [agent], [subject], "asserted",
                                 frame.speaker if frame else None, frame.verb if frame else None, rules, 0.8,
                                 self.toks[min(end, len(self.toks)) - 1].end))
        return out

    def _ordered_out(self) -> list[Candidate]:
        """ "Iraq ordered UN inspectors to leave the country": ordering someone to leave is expelling them (166), the
        orderer the source and the one ordered out the target."""
        if "rder" not in self.view.sentence.text:  # order, ordered, Ordered
            return []
        return [self._told(verb, s, str(s.ref["cameo"]), source, target,
                           [s.entry, "'ordered X to leave': X is expelled"], end)
                for s, verb, source, target, end in self._verb_of_object("expel", _ORDER, self._to_leave)]

    def _to_leave(self, target: Mention) -> bool:
        j = target.last + 1
        while j < min(len(self.toks), target.last + 3) and self.toks[j].text.isalpha() and self.toks[j].norm != "to":
            j += 1  # "UN weapons inspectors": plain words after the actor's name
        return j + 1 < len(self.toks) and (self.toks[j].norm, self.toks[j + 1].norm) == ("to", "leave")

    def _asked_for(self) -> list[Candidate]:
        """ "Iran asked Russia for help", "Croatia asked the UN for more troops": asking someone for something is a
        request of them (020; the aid asked for gives its own code, an appeal for aid 023x)."""
        out: list[Candidate] = []
        if "sk" not in self.view.sentence.text:  # ask, asked, Asked
            return out
        then_for = lambda t: t.last + 1 < len(self.toks) and self.toks[t.last + 1].norm == "for"  # noqa: E731
        for s, verb, source, target, end in self._verb_of_object("ask for", _ASK, then_for):
            cameo, rules = str(s.ref["cameo"]), [s.entry, "'asked X for Y': a request of X"]
            for j in range(target.last + 2, min(end, target.last + 6)):
                what = self.view.by_token.get(j)
                if what is None or what.kind != "trigger":
                    continue
                act = str(surfaces_of(what)[0].ref.get("cameo", ""))
                if act[:2] == "07":  # aid of a kind (071-074) asked for: an appeal for that aid (0231-0234)
                    cameo = "023" + act[2:3] if act[2:3] in ("1", "2", "3", "4") else "023"
                    rules.append(f"asked for {what.text!r} ({act}) → {cameo}")
                break
            out.append(self._told(verb, s, cameo, source, target, rules, end))
        return out

    def _verb_of_object(self, key: str, forms: frozenset[str], fits: Callable[[Mention], bool],
                        ) -> Iterator[tuple[Any, Mention, Mention, Mention, int]]:
        """(the ``key`` entry's verb surface, the verb, its named subject, its object, the clause end) for each word of
        ``forms`` the lexicon did not read whose object, past determiners, is an actor that ``fits`` accepts."""
        found = self.en.automaton.get(key, None)
        s = next((x for x in (found[1] if found else ()) if x.cls == "verb"), None)
        if s is None:
            return
        for k, tok in enumerate(self.toks):
            if tok.norm not in forms or self.view.by_token.get(k) is not None:
                continue
            i = k + 1
            while i < len(self.toks) and self.toks[i].norm in self.words["determiners"]:
                i += 1  # "ordered all two hundred …", "asked the UN"
            target = self.view.by_token.get(i)
            if target is None or target.kind != "actor" or not fits(target):
                continue
            verb = Mention("trigger", tok.start, tok.end, tok.text, k, k, s.entry)
            start, end = self._limits(verb)
            source, _ = self._subject(verb, start)
            if source is None or not _named(source) or target.actor is None or not target.actor.code:
                continue
            yield s, verb, source, target, end

    def _told(self, verb: Mention, s: Any, cameo: str, source: Mention, target: Mention, rules: list[str],
              end: int) -> Candidate:
        frame = frame_at(self.view, verb.first)
        return Candidate(verb, s.ref, s.entry, cameo, [source], [target], "asserted", frame.speaker if frame else None,
                         frame.verb if frame else None, rules, 0.8, self.toks[min(end, len(self.toks)) - 1].end)


def _named(m: Mention) -> bool:
    """Coded down to a country or an organization (contents.usable, which imports this module)."""
    return m.actor is not None and bool(m.actor.code) and not (m.actor.code or "").startswith("---")
