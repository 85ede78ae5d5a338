"""The parts of an English event that lie around its trigger: a support verb's event noun, an object that recodes the
verb ("supplying Russia with shells"), and what an act announced, demanded, agreed to, threatened or claimed by
someone is (lang/en/announced.py and ontology/announced.yaml). lang/en/events.py assembles candidates on top."""

from __future__ import annotations

from dataclasses import replace

from khabar.clauses.view import Cue, frame_at
from khabar.events.backref import REACTIONS
from khabar.lang.en.announced import announced_act, announcing, code_in, planned_by_subject, refused_future, same_party
from khabar.lang.en.arguments import surfaces_of
from khabar.lang.en.readings import EnglishReadings
from khabar.model import Mention

_SKIP_NOUN_PHRASE = 5  # how many modifier words may stand between a light verb and its event noun
# Intents, meetings, diplomatic and material cooperation and yielding done by a joint subject ("X and Y met", "X and
# Y agreed to a truce") are done by each to the other: one event per ordered pair.
MUTUAL = ("03", "04", "05", "06", "08")


class EnglishContents(EnglishReadings):
    """Support verbs, objects and the contents of announcements, demands, agreements and threats."""

    def _light_noun(self, m: Mention, triggers: list[Mention]) -> Mention | None:
        for t in triggers:
            if m.last < t.first <= m.last + _SKIP_NOUN_PHRASE and surfaces_of(t, "noun"):
                between = self.toks[m.last + 1:t.first]
                if all(x.norm not in (",", ".", "to", "that") for x in between):
                    return t
        return None

    def _direct_event_noun(self, m: Mention, triggers: list[Mention]) -> bool:
        """Is the event noun a support verb would take its direct object, with no actor between ("undertook a
        mediation mission", not "met Saudi officials for talks")?"""
        t = self._light_noun(m, triggers)
        return t is not None and not any(self.view.by_token.get(k) is not None for k in range(m.last + 1, t.first))

    def _fled(self, noun: Mention) -> bool:
        """Is the event noun what the clause's subject flees or escapes ("fled the fighting", "to escape the
        violence"; en/function_words.yaml#fleeing_verbs)? Then the subject does not do it."""
        k = noun.first - 1
        while k >= 0 and self.toks[k].norm in self.words["determiners"]:
            k -= 1
        return k >= 0 and self.toks[k].norm in self.words.get("fleeing_verbs", frozenset())

    def _of_doer(self, noun: Mention, end: int) -> Mention | None:
        """ "the withdrawal of Russian troops", "the visit of the Iranian president": the actor right after "of" (over
        articles) is who does an act that takes no object."""
        k = noun.last + 1
        if k >= end or self.toks[k].norm != "of":
            return None
        k += 1
        while k < end and self.toks[k].norm in ("the", "a", "an"):
            k += 1
        m = self.view.by_token.get(k)
        return m if m is not None and m.kind == "actor" and coded(m) else None

    def _pick_entry(self, head: Mention, noun: bool, end: int):
        surfaces = surfaces_of(head, "noun" if noun else "verb") or surfaces_of(head)
        surfaces = [s for s in surfaces if not s.ref.get("light")] or surfaces
        if len({s.entry for s in surfaces}) > 1:
            for s in surfaces:
                preps = [p for p in s.ref.get("target", []) if p != "OBJ"]
                if preps and self._prep_target(head, preps, end)[0] is not None:
                    return s
        return surfaces[0]

    def _object_override(self, verb: Mention, entry: dict, end: int) -> tuple[str | None, Mention | None, int | None]:
        """An ``en_objects`` noun after the verb recodes it ("supplying Russia with artillery shells" → 072,
        "strengthen its military alliances" → 062); a trigger noun there is absorbed and gives the targets."""
        objects = entry.get("en_objects") or {}
        if not objects:
            return None, None, None
        for k in range(verb.last + 1, min(end, verb.last + 8)):
            word = self.toks[k].norm
            if word in objects:
                noun = self.view.by_token.get(k)
                return objects[word], noun if noun is not None and noun.kind == "trigger" else None, k
            if word in (".", ";") or (word in self.preps and word not in ("with", "of") and not (
                    k + 1 < end and self.toks[k + 1].text[:1].isdigit())):  # "fired about 40 rockets"
                break
        return None, None, None

    def _governed_noun(self, verb: Mention, entry: dict, triggers_after: int) -> int | None:
        """ "ban all arms trade": the noun a reducing/banning verb governs is what it bans, not an event."""
        if not str(entry.get("cameo", "")).startswith("16"):
            return None
        found = None
        for k in range(verb.last + 1, min(len(self.toks), verb.last + 5)):
            m = self.view.by_token.get(k)
            if m is not None and m.kind == "trigger":
                found = k  # the whole compound ("all arms trade"), not only its first noun
            elif self.toks[k].norm in self.preps or self.toks[k].norm in (",", ".") or found is not None:
                break
        return found

    def _infinitive_owner(self, verb: Mention, start: int) -> Mention | None:
        """ "US moves to strengthen", "Iran's efforts to acquire": the owner of the noun before "to" acts."""
        k = verb.first - 1
        if k < 1 or self.toks[k].norm != "to":
            return None
        noun = k - 1
        if self.view.by_token.get(noun) is not None:
            return None
        a = self.view.by_token.get(noun - 1)
        if a is not None and a.kind == "actor" and noun - 1 >= start:
            return a
        if noun - 2 >= start and self.toks[noun - 1].norm == "'s":
            a = self.view.by_token.get(noun - 2)
            return a if a is not None and a.kind == "actor" else None
        return None


    def _announced(self, verb: Mention, cameo: str, source: Mention | None, modality: str,
                   rules: list) -> tuple[str, str]:
        """An act its doer announces is an intent, a threat or a refusal (lang/en/announced.py)."""
        frame = frame_at(self.view, verb.first)
        if source is not None and modality == "planned" and cameo[:2] >= "14" and planned_by_subject(
                self.view, verb, self.words.get("planning_cues", frozenset())):
            found = announced_act(cameo, modality, self.en.announced, False)  # "Greece plans to impose limits"
            if found is not None:
                rules.append(f"a hostile act its doer plans: {cameo} → {found[0]}")
                return found
        if source is None or frame is None or not announcing(frame, self.words.get("announcing_frames", frozenset())) \
                or not same_party(frame.speaker, source):
            return cameo, modality
        refused = refused_future(self.view, verb, self.words.get("future_negations", frozenset()))
        found = announced_act(cameo, modality, self.en.announced, refused)
        if found is None:
            return cameo, modality
        rules.append(f"announced by its doer ({modality}): {cameo} → {found[0]}")
        return found

    def _demanded(self, verb: Mention, cameo: str, source: Mention | None) -> tuple[Mention, str] | None:
        """ "The US declared that China must drop barriers": an obligation ("must", "has to") laid on another's act
        by the speaker of a report is the speaker's demand of that doer, coded by the act demanded
        (ontology/announced.yaml#demand, else 100)."""
        if source is None or not coded(source):
            return None
        k, obliged = verb.first - 1, False
        words = self.words.get("obligations", frozenset())
        while k > source.last:
            word = self.toks[k].norm
            two = f"{self.toks[k - 1].norm} {word}" if k >= 1 else word
            if word in words or two in words:
                obliged = True
            elif word not in self.words["auxiliaries"] and word not in ("to", "has", "have", "had"):
                return None
            k -= 1
        frame = frame_at(self.view, verb.first)
        if not obliged or frame is None or frame.speaker is None or not usable(frame.speaker) or same_party(
                frame.speaker, source) or frame.start > source.first:
            return None
        return frame.speaker, code_in(self.en.announced.get("demand", {}), cameo) or "100"

    def _announced_noun(self, noun: Mention) -> Mention | None:
        """ "The White House announced a new aid package for Ukraine": an event noun that is the object of an
        announcing frame's verb (a few words after it, no "that") is the speaker's own act."""
        frame = next((f for f in self.view.frames if f.verb.last < noun.first <= f.verb.last + 6), None)
        if frame is None or frame.speaker is None or not usable(frame.speaker) or (
                frame.speaker.last > frame.verb.first) or not announcing(
                frame, self.words.get("announcing_frames", frozenset())):
            return None
        between = range(frame.verb.last + 1, noun.first)
        if any(self.toks[k].norm in ("that", ",", "to") or self.toks[k].norm in self.preps
               or self.view.by_token.get(k) is not None for k in between):
            return None
        return frame.speaker

    def _passive_doer(self, noun: Mention, end: int) -> Mention | None:
        """ "The raid … was likely carried out by Israeli commandos": the by-phrase of a passive support verb whose
        subject is the event noun."""
        for k in range(noun.last + 1, end):
            m = self.view.by_token.get(k)
            if m is None or m.kind != "trigger":
                continue
            if not (any(x.ref.get("light") for x in m.surfaces) and self._is_passive(m)):
                return None
            agent, _ = self._prep_target(m, ["by"], end, reach=3)
            return agent
        return None

    def _giver(self, actor: Mention, noun: Mention, start: int) -> Mention | None:
        """Who gives an event noun to ``actor`` when ``actor`` is the first object of a giving verb ("the EU gave
        Jordan 50 million euros in aid", "sent the Gaza Strip tons of food aid"): the verb's subject, the nearest
        ungoverned actor before the verb in the clause. None when ``actor`` follows no giving verb, or something
        other than an amount stands between it and the noun (a comma, a clause, another event or actor)."""
        k = actor.first - 1
        if k >= start and self.toks[k].norm in ("the", "a", "an"):
            k -= 1
        if k < start or self.toks[k].norm not in self.words.get("giving_verbs", frozenset()):
            return None
        for j in range(actor.last + 1, noun.first):
            other = self.view.by_token.get(j)
            if self.toks[j].norm in (",", ";", "that", "to", "and") or (other is not None and other.kind != "date"):
                return None
        for a in reversed(self.actors):
            if start <= a.first and a.last < k and self._governed(a) is None:
                return a if not self._verb_between_tokens(a.last + 1, k) else None
        return None

    def _verb_between_tokens(self, first: int, last: int) -> bool:
        """A trigger or a report verb in tokens [first, last): the actor before it is another predicate's."""
        return any((m := self.view.by_token.get(j)) is not None and m.kind in ("trigger", "report")
                   for j in range(first, last))

    def _occurrence_cue(self, noun: Mention, end: int) -> Cue | None:
        """A modality cue on the predicate an event noun is the subject of ("a meeting … could take place", "the
        summit is likely to go ahead"): it qualifies the event."""
        predicates = self.words.get("occurrence_predicates", frozenset())
        for c in self.view.cues:
            k = c.mention.last + 1
            if not noun.last < c.mention.first < min(end, noun.last + 12) or not c.label:
                continue
            while k < end and self.toks[k].norm in ("be", "to", "not"):
                k += 1
            if any(" ".join(t.norm for t in self.toks[k:k + n]) in predicates for n in (1, 2)):
                return c
        return None

    def _drafted(self, verb: Mention, start: int) -> bool:
        """ "A draft resolution condemning the annexation", "a proposed law banning protests": a participle after a
        drafted text is what the text would do, not an act."""
        if not self.toks[verb.first].text.lower().endswith("ing"):
            return False
        drafts = self.words.get("draft_words", frozenset())
        return any(self.toks[k].norm in drafts for k in range(max(start, verb.first - 6), verb.first))

    def _claimed(self, noun: Mention) -> bool:
        """ "claimed responsibility for a missile attack": the attack is the claimer's."""
        words = [self.toks[k].norm for k in range(max(0, noun.first - 6), noun.first)]
        return "responsibility" in words and "for" in words[words.index("responsibility"):]

    def _that_next(self, verb: Mention, end: int) -> bool:
        k = verb.last + 1
        while k < end and (k in self.view.date_tokens or self.toks[k].norm in self.words["complement_skip"]):
            k += 1
        return k < end and self.toks[k].norm == "that"

    def _threatened_noun(self, verb: Mention, cameo: str, end: int) -> Mention | None:
        """The event noun a generic threat or refusal governs: "threatened new attacks", "rejected talks"."""
        if cameo not in ("130", "120", "100", "020"):  # threats, refusals, demands, appeals ("called for an inquiry")
            return None
        for j in range(verb.last + 1, min(end, verb.last + 5)):
            m = self.view.by_token.get(j)
            if m is not None:
                nouns = surfaces_of(m, "noun")
                return m if m.kind == "trigger" and nouns and not nouns[0].ref.get("light") and (
                    self._is_noun(m)) else None
            if self.toks[j].norm in (",", ";", ".", "to", "that") or self.toks[j].norm in self.preps:
                return None
        return None

    def _reacted_noun(self, verb: Mention, cameo: str, end: int) -> Mention | None:
        """The definite event noun a reaction names instead of a party: "condemned the strikes", "welcomed this
        agreement" — an act told before, whose doer is the target (khabar.events.backref). An indefinite noun
        ("condemned attacks on civilians") refers to no act in particular."""
        if cameo[:2] not in REACTIONS:
            return None
        definite = False
        for j in range(verb.last + 1, min(end, verb.last + 5)):
            m = self.view.by_token.get(j)
            if m is not None:
                nouns = surfaces_of(m, "noun")
                return m if definite and m.kind == "trigger" and nouns and not nouns[0].ref.get("light") and (
                    self._is_noun(m)) else None
            word = self.toks[j].norm
            if word in self.words.get("back_references", frozenset()):
                definite = True
            elif not definite or word in self.preps or word in (",", ";", ".", "to", "that"):
                return None
        return None

    def _relative_doer(self, noun: Mention) -> Mention | None:
        """The doer a relative clause names for an event noun: "the attack that Israeli forces launched", "the
        strikes which Russia carried out" → the actor opening the clause, right before its verb."""
        k = noun.last + 1
        if k >= len(self.toks) or self.toks[k].norm not in ("that", "which"):
            return None
        m = self.view.by_token.get(k + 1)
        if m is None or m.kind != "actor":
            return None
        verb = self.view.by_token.get(m.last + 1)
        after = self.toks[m.last + 1].norm if m.last + 1 < len(self.toks) else ""
        return m if (verb is not None and verb.kind == "trigger") or after.endswith("ed") else None

    def _agreed_noun(self, verb: Mention, cameo: str, end: int) -> Mention | None:
        """The cooperative event noun a generic consent governs: "agreed to a truce", "accepted talks"."""
        if cameo != "030":
            return None
        k = verb.last + 1
        if not verb.text.lower().endswith(" to"):
            if k >= end or self.toks[k].norm != "to":
                return None  # "undertook mediation": a pledge's object is no agreed event
            k += 1
        undoing = self.words.get("undoing_verbs", frozenset())
        for j in range(k, min(end, k + 5)):
            two = f"{self.toks[j].norm} {self.toks[j + 1].norm}" if j + 1 < len(self.toks) else ""
            if self.toks[j].norm in undoing or two in undoing:
                return None  # "agreed to postpone the talks": no talks are agreed to
            m = self.view.by_token.get(j)
            if m is not None:
                nouns = surfaces_of(m, "noun")
                ok = m.kind == "trigger" and bool(nouns) and str(nouns[0].ref.get("cameo", ""))[:2] in MUTUAL[1:]
                return m if ok and not nouns[0].ref.get("light") else None
            if self.toks[j].norm in (",", ";", ".", "to", "that") or self.toks[j].norm in self.preps:
                return None
        return None

    def _anchored(self, noun: Mention) -> bool:
        """An event noun tied to a happening: a date or a place in its sentence, or casualties counted."""
        return any(m.kind in ("place", "date") for m in self.view.mentions) or bool(self.view.date_tokens) or any(
            m.kind == "trigger" and m is not noun and any(s.ref.get("casualty") for s in m.surfaces)
            for m in self.view.mentions)

    def _head_preps(self, head: Mention) -> list[str]:
        s = surfaces_of(head, "noun") or surfaces_of(head)
        return [p for p in s[0].ref.get("target", []) if p != "OBJ"]

    def _modality_cues(self, head: Mention, noun: bool, source: Mention | None) -> list[Cue] | None:
        """A possessed event noun ("its war", "Russia's war") is presupposed: only cues right before it count
        (None: all the sentence's cues)."""
        k = head.first - 1
        possessed = noun and k >= 0 and (self.toks[k].norm in ("its", "their", "his", "her") or (
            source is not None and source.last < head.first and self.toks[source.last + 1].norm == "'s"))
        if not possessed:
            return None
        return [c for c in self.view.cues if head.first - 3 <= c.mention.first < head.first]

    def _coordinated_verb(self, verb: Mention) -> bool:
        """ "… seeks to crush the counteroffensive and (to) prolong the war": a verb after "and" shares the subject."""
        k = verb.first - 1
        while k >= 0 and (self.toks[k].norm in ("to", "also") or self.toks[k].norm in self.words["auxiliaries"]):
            k -= 1
        return k >= 0 and self.toks[k].norm in ("and", "or", "then", ",")


def members_of(m: Mention) -> list[Mention]:
    """The conjuncts of a coordinated actor: its member mentions, or one mention per actor of a group named by
    coordinated demonyms ("Iranian and Saudi officials", "Armenian and Azerbaijani troops")."""
    if m.members:
        return list(m.members)
    if m.group and len(m.group) >= 2:
        return [replace(m, actor=a, group=None) for a in m.group]
    return []


def role_only(m: Mention) -> bool:
    return m.actor is not None and (m.actor.code or "").startswith("---")


def coded(m: Mention | None) -> bool:
    return m is not None and m.actor is not None and bool(m.actor.code)


def usable(m: Mention | None) -> bool:
    """Coded down to a country or an organization (a role alone, "---GOV", is not; but "---NGO", a rights or aid
    group, is coded as CAMEO codes non-governmental organizations: transnational, with no country)."""
    code = (m.actor.code or "") if m is not None and m.actor is not None else ""
    return coded(m) and (not code.startswith("---") or code == "---NGO")

