"""English event candidates: for each trigger, its reading (verb or noun, active or passive), its source and
target actors, modality and attribution.

Arguments by English word order: the subject is the nearest actor before a verb that no preposition governs (over
auxiliaries, modals and cue verbs: "Russia is seeking to buy"); a relative pronoun hands over its antecedent
("resolutions, which ban …"); "was attacked by X" swaps the roles; a noun takes its source from a possessive or
demonym ("Russia's war", "the Ukrainian counteroffensive") or from the clause subject ("Kim will travel to Russia
to hold a summit with Putin"), its target from a preposition of its entry ("with", "to", "against", "between").
"""

from __future__ import annotations

from dataclasses import replace

from khabar.clauses.modality import modality_at
from khabar.clauses.view import frame_at
from khabar.events.candidate import HOSTILE, REPORTED_ALONE, Basis, Candidate, Rule
from khabar.lang.en.announced import complement_act, content_code
from khabar.lang.en.arguments import surfaces_of
from khabar.lang.en.contents import MUTUAL, EnglishContents, coded, members_of, role_only, usable
from khabar.lang.en.readings import OBJECT_CONTROL
from khabar.mentions.kinds import STATE_ROLES
from khabar.model import Mention

# Role-only participants (civilians, gunmen, police) are coded in material conflict and protest (roots 14-20), as
# CAMEO coders do; in verbal and diplomatic events a role with no country names no usable party.
_MATERIAL = "14"
# Demands and threats are news with a group of no country as their source ("protesters demanded his resignation",
# "ethnic Albanians vowed to fight"), as protest and violence are.
_GROUP_VOICE = ("10", "13")
# Intents, refusals and threats: an infinitive after them names what is offered, refused or threatened (never coded
# as done): "refused to lift the curfew" is a rejection (12), not a lifting.
_CONTENT_ROOTS = ("03", "12", "13")
# Agreeing, yielding and refusing are news with the doer named though the other party is not ("Denmark accepted a
# formula", "the two sides agreed to a ceasefire", "the UN rejected a call for troops").
_AGREEMENT = ("03", "08", "12")
# Articles and possessives: a word after them is no verb ("a close ally")
_NO_VERB_AFTER = frozenset({"a", "an", "the", "its", "their", "his", "her"})


class EnglishEvents(EnglishContents):
    """Event candidates of one analysed sentence (a SentenceView with English frames and cues)."""

    # ------------------------------------------------------------------ candidates
    def candidates(self) -> list[Candidate]:
        out: list[Candidate] = []
        consumed: set[int] = set()
        triggers = [m for m in self.view.mentions if m.kind == "trigger"]
        for m in triggers:
            if m.first in consumed or self._inside_name(m) or self._content_gerund(m):
                continue
            noun = self._is_noun(m)
            if noun and not surfaces_of(m, "noun"):
                continue  # "all arms": a verb form (arm → arms) where only a noun can stand
            if not noun and self._participle_adjective(m):
                continue  # "the detained journalists", "the freed hostages": a participle describing a noun
            if not noun and m.first and self.toks[m.first - 1].norm in _NO_VERB_AFTER and not any(
                    x.feats == "VBG" for x in surfaces_of(m, "verb")):
                continue  # "a close ally": no verb stands after an article or a possessive (but "a meeting with")
            s = (surfaces_of(m, "noun" if noun else "verb") or surfaces_of(m))[0]
            if not noun and not s.ref.get("light") and "OBJ" not in s.ref.get("target", []) and len(m.surfaces) > 1:
                light = next((x for x in surfaces_of(m, "verb") if x.ref.get("light")), None)
                if light is not None and self._direct_event_noun(m, triggers):
                    s = light  # "undertook a mediation mission": a support verb, not a pledge, which takes no object
            if s.ref.get("light"):
                nxt = self.toks[m.last + 1].norm if m.last + 1 < len(self.toks) else ""
                if nxt in self.words["be"] or nxt in self.words["have"]:
                    continue  # "has been killed", "had been held": an auxiliary, not a support verb
                head = self._light_noun(m, triggers)
                if head is None:
                    # "fired four shells at targets": with no event noun, the weapon fired codes the verb
                    if s.ref.get("en_objects") and self._object_override(m, s.ref, len(self.toks))[0] is not None:
                        cand = self._candidate(m, m, noun=False, support=False, consumed=consumed)
                        if cand is not None:
                            out.append(cand)
                    continue
                consumed.add(head.first)
                self._consume_compound(head, consumed)
                cand = self._candidate(m, head, noun=False, support=True, consumed=consumed)
            else:
                if noun:
                    self._consume_compound(m, consumed)
                cand = self._candidate(m, m, noun=noun, support=False, consumed=consumed)
            if cand is not None:
                out.append(cand)
        out += self._passive_accusations() + self._ordered_out() + self._asked_for()
        return self._fold_casualties(out)

    def _candidate(self, verb: Mention, head: Mention, *, noun: bool, support: bool,
                   consumed: set[int]) -> Candidate | None:
        start, end = self._limits(verb)
        if not noun and self._drafted(verb, start):
            return None  # "a draft resolution condemning Russia": what a draft says has not been done
        s = self._pick_entry(head, noun, end)
        entry = s.ref
        cameo = entry["cameo"]
        rules = [s.entry + (f" (support verb {verb.text!r} + noun)" if support else (" (noun)" if noun else ""))]
        content_noun: Mention | None = None
        if not noun and not support:
            code, absorbed, at = self._object_override(verb, entry, end)
            if code is not None:
                cameo = code
                rules.append(f"object {self.toks[at].text!r} → {code}")  # type: ignore[index]
                if absorbed is not None:
                    consumed.add(absorbed.first)
                    head = absorbed
            agreed = self._agreed_noun(verb, cameo, end)
            if agreed is not None:  # "agreed to a seven-day ceasefire": what is agreed to is done (0871)
                cameo = str((surfaces_of(agreed, "noun") or surfaces_of(agreed))[0].ref["cameo"])
                consumed.add(agreed.first)
                content_noun = agreed
                rules.append(f"agreed to the event noun {agreed.text!r} → {cameo}")
            threatened = self._threatened_noun(verb, cameo, end)
            if threatened is not None:  # "threatened new attacks on the US": the attack is what is threatened
                act = str((surfaces_of(threatened, "noun") or surfaces_of(threatened))[0].ref["cameo"])
                specific = content_code(cameo, act, self.en.announced)
                consumed.add(threatened.first)
                content_noun = threatened
                rules.append(f"the event noun {threatened.text!r} ({act}) is its content" + (
                    f" → {specific}" if specific else ""))
                cameo = specific or cameo
            governed = self._governed_noun(verb, entry, end)
            if governed is not None:
                consumed.update(range(verb.last + 1, governed + 1))
        preps = [p for p in entry.get("target", []) if p != "OBJ"]
        if head is not verb:
            preps += [p for p in self._head_preps(head) if p not in preps]
        if "between" not in preps and (entry.get("reciprocal") or noun):
            preps.append("between")
        source: Mention | None = None
        targets: list[Mention] = []
        provisional = False
        aimed = False  # a target named by the trigger's own grammar (object, preposition, place after it)
        passive = not noun and not support and self._is_passive(verb)
        undergoer = not noun and not passive and bool(entry.get("undergoer"))  # "five people were killed"
        if undergoer:
            agent, _ = self._prep_target(verb, ["by"], end, reach=4)
            subject, _why = self._subject(verb, start)
            source, targets = agent, [subject] if subject is not None else []
            rules.append("the subject undergoes the event (undergoer)" + (", by-phrase the source" if agent else ""))
        elif passive:
            agent, _ = self._prep_target(verb, ["by"], end, reach=4)
            if agent is None:
                agent = self._late_agent(verb, end)
                if agent is not None:
                    rules.append("by-phrase after the complement ('was accused of stealing funds by prosecutors')")
            subject, _why = self._subject(verb, start)
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
                    else:
                        source = self._announced_noun(head)
                        if source is not None:
                            rules.append("source: the speaker who announces it ('announced new sanctions on X')")
                        elif self._claimed(head) and self.last_subject is not None:
                            source = self.last_subject
                            rules.append("source: who claimed responsibility for it")
                        else:
                            source = self._passive_doer(head, end)
                            if source is not None:
                                rules.append("source: who it 'was carried out by'")
                            elif "OBJ" not in entry.get("target", []):
                                source = self._of_doer(head, end)
                                if source is not None:  # "the withdrawal of Russian troops from Syria"
                                    rules.append("source: the doer after 'of' of an act that takes no object")
            if source is None and not noun:
                source = self._infinitive_owner(verb, start)
                if source is not None:
                    rules.append("owner of the noun before 'to' is the source")
            if source is None and not noun and not support:
                source, why = self._controller(verb)
                if source is not None:
                    rules.append(why)
            if source is None and self.last_subject is not None and self._participle_clause(verb):
                source = self.last_subject  # "police opened fire, killing one person and arresting 12"
                rules.append("subject of the clause a participle after a comma continues")
            if source is None:
                source, why = self._subject(verb, start)
                if source is not None and (noun or self.toks[head.last].norm.endswith("ing")) and self._fled(head):
                    source = None  # "refugees fled into Thailand to escape fighting in Burma": they fight nobody
                if source is not None:
                    rules.append(why)
                elif self.last_subject is not None and verb.first > 0 and self._coordinated_verb(verb):
                    source = self.last_subject
                    rules.append("shared subject of a coordinated verb")
            if noun and not support and source is not None:
                giver = self._giver(source, head, start)
                if giver is not None:  # "gave Jordan $50 million in aid": Jordan receives, the subject gives
                    source, targets = giver, [source]
                    rules.append("double object: the actor after a giving verb receives the event noun, the verb's "
                                 "subject gives")
            if "OBJ" in entry.get("target", []) and not noun:
                obj = self._object(head if support else verb, end, places=cameo[:2] >= "15")
                if obj is not None and obj is not source:
                    targets = [obj]
                    rules.append("direct object is the target")
            last_word = self.toks[head.last].norm
            if not targets and last_word in self.preps and last_word != "of":
                # a phrase that ends in its preposition ("met with", "imposed sanctions on"): the actor after it
                tgt, _ = self._prep_target(head, [], end, reach=4, right_after=True)
                if tgt is not None and tgt is not source:
                    targets, aimed = [tgt], True
                    rules.append(f"target after the phrase's own '{last_word}'")
            if not targets and not (not noun and self._that_next(head if support else verb, end)):
                # (a that-clause right after the verb names its own target: "demanded that Moscow return …")
                look = preps + (["of"] if noun and "OBJ" in entry.get("target", []) else [])
                # a conflict event's place, and where a visitor arrives ("arrived in Amman"), name their state
                tgt, prep = self._prep_target(head, look, end, places=cameo[:2] >= "15" or cameo == "042" or (
                    cameo[:2] in ("07", "08")))  # aid into Gaza, a withdrawal from Khan Younis: that state
                if tgt is not None and tgt.kind == "place" and source is not None and source.actor is not None and (
                        source.actor.code or "")[:3] == (tgt.actor.code or "")[:3]:  # type: ignore[union-attr]
                    tgt = None  # "expelled aid workers from Darfur": a place of the doer's own state names no target
                if tgt is not None and tgt is not source:
                    members = members_of(tgt)
                    if prep == "between" and len(members) >= 2 and source is None:
                        source, targets = members[0], members[1:]
                        rules.append("between A and B: the first is the source, the others targets")
                    elif prep == "between" and len(members) >= 2:
                        targets = [x for x in members if x is not source]  # "Qatar mediated between Israel and Hamas"
                        rules.append("between A and B: each is a target of the named doer")
                    else:
                        targets = [tgt]
                    aimed = True
                    rules.append(f"target after '{prep}'")
            if not targets and not noun and "OBJ" in entry.get("target", []):
                author = self._object_author(head if support else verb, end)
                if author is not None and author is not source:
                    targets = [author]
                    rules.append("target: the author of what it answers ('rejected calls by X', 'an appeal from X')")
        if not targets and content_noun is not None:
            tgt, prep = self._prep_target(content_noun, self._head_preps(content_noun), end)
            if tgt is None:  # "demanded a halt to the fighting in Sudan": where the act asked for would happen
                tgt, prep = self._place_after(content_noun, end), "in"
            if tgt is not None and tgt is not source and (tgt.actor is None or source is None or source.actor is None
                                                           or tgt.actor.code != source.actor.code):
                targets = [tgt]
                rules.append(f"target after the content noun's '{prep}'")
        members = members_of(source) if source is not None else []
        sources = [source] if source is not None else []
        if entry.get("reciprocal") and cameo[:2] >= _MATERIAL and not noun and aimed and len(targets) == 1 and (
                source is not None and len(members) < 2):
            sources, targets = [source, targets[0]], [source, targets[0]]  # "troops exchanged fire with rebels"
            rules.append("reciprocal with a named other side: one event each way")
        if not targets and len(members) >= 2 and entry.get("reciprocal"):
            sources, targets = list(members), list(members)  # "Israel and Hezbollah exchanged fire": each on each
            rules.append("reciprocal: one event per ordered pair of the joint subject")
        elif not targets and len(members) >= 2 and {"with", "between"} & set(preps):
            if cameo[:2] in MUTUAL:  # "Iran and Saudi Arabia held talks": each with the other
                sources, targets = list(members), list(members)
                rules.append("joint subject of a cooperative act: one event per ordered pair")
            elif noun and source is not None and "-" in source.text:
                sources = list(members)  # "a U.S.-French proposal": joint authors, neither addresses the other
                rules.append("joint hyphenated owners: each a source")
            else:
                sources, targets = [members[0]], members[1:]
                rules.append("joint subject: the first is the source, the others targets")
        if noun and not support and entry.get("instrument") and not aimed and targets:
            # "negotiators returned to Geneva for talks on limiting nuclear missiles": a weapon named, with no firing
            # verb and no target of its own, is no attack between the clause's parties (as the Arabic guard)
            sources, targets = sources[:1], []
            rules.append("a weapon named with no target of its own: no target from the clause's parties")
        complement = False
        joint = len(members) >= 2 and targets == list(members)  # "Iran and Iraq agreed to exchange prisoners"
        if (not targets or joint) and not noun and not passive and not undergoer and cameo[:2] < _MATERIAL:
            comp, why = self._complement_target(verb, end)
            complement = bool(why)
            if comp is not None and comp is not source and not joint:
                targets = [comp]
            if why:
                rules.append(why)
            if complement and (cameo[:2] in _CONTENT_ROOTS or cameo[:2] in OBJECT_CONTROL):
                # "threatened to expel diplomats", "offered to hand over", "demanded that Tehran release": the act
                # is what is threatened, offered or asked for, not an event that happened (as for هدد باغتيال)
                asked = complement_act(self.view, verb.last + 1, end)
                specific = content_code(cameo, asked, self.en.announced) if asked else None
                if specific is not None:
                    rules.append(f"the act it is about ({asked}) makes it {specific}")
                    cameo = specific
                for k in range(verb.last + 1, end):
                    if self.toks[k].norm in (",", ";", "."):
                        break
                    consumed.add(k)
                rules.append("the act in the complement is this event's content, not an event of its own")
        if targets and not noun and cameo[:2] in OBJECT_CONTROL and targets[-1].last + 1 < end and (
                self.toks[targets[-1].last + 1].norm == "to"):
            # "called on Hamas to allow visits", "urged Israel to withdraw": the act asked for is what is asked,
            # not an event that happened
            for k in range(targets[-1].last + 1, end):
                if self.toks[k].norm in (",", ";", "."):
                    break
                consumed.add(k)
            rules.append("the act asked for after 'to' is this event's content, not an event of its own")
        if not targets and len(members) >= 2 and cameo[:2] in MUTUAL:
            # "Saudi Arabia and China vowed to deepen cooperation", "the army and the RSF agreed to a truce"
            sources, targets = list(members), list(members)
            rules.append("joint subject of a cooperative act: one event per ordered pair")
        if not targets and (cameo[:2] >= "15" or cameo[:2] in ("07", "08", "09")) and not entry.get("casualty"):
            place = self._place_after(head, end)  # where a conflict, aid, yielding or inquiry happens ("in Baghdad")
            if place is not None and all(place.actor.code != (x.actor.code if x.actor else None) for x in sources):  # type: ignore[union-attr]
                targets = [place]
                rules.append(Rule("target: the state where a conflict event happens (in …)", Basis.PLACE_STATE))
        if cameo[:2] == "14" and sources and role_only(sources[0]):
            place = self._place_after(head, end)  # "people blocked streets in Hong Kong": protesters there
            if place is not None and place.actor is not None and place.actor.code:
                x = sources[0]
                code = place.actor.code[:3] + (x.actor.code or "")[3:]  # type: ignore[union-attr]
                sources = [replace(x, actor=replace(x.actor, code=code)), *sources[1:]]  # type: ignore[type-var]
                rules.append(f"protesters with no country: those of the place ({place.text})")
        # a role alone is no source of a verbal event ("both leaders", "officials"); as its target it still tells
        # who was accused or threatened ("accused rebels of …")
        sources = [x for x in sources if (coded if cameo[:2] >= _MATERIAL or cameo[:2] in _GROUP_VOICE
                                          else _group_yields if cameo[:2] in ("03", "08") else usable)(x)]
        source = sources[0] if sources else None
        targets = [t for t in targets if coded(t)]
        modality, mod_rules = modality_at(self.view, verb.first, cues=self._modality_cues(head, noun, source))
        if noun and modality == "asserted":
            later = self._occurrence_cue(head, end)  # "a meeting … could take place in Riyadh"
            if later is not None:
                modality = later.label or modality
                mod_rules = [*mod_rules, f"{later.mention.text!r} before the noun's 'take place' → {modality}"]
        demand = None if noun else self._demanded(verb, cameo, source)
        if demand is not None:  # "Washington said Beijing must drop its tariffs": the speaker demands it
            speaker, cameo = demand
            rules.append(f"'must' in another's report: a demand of the doer by the speaker ({cameo})")
            sources, source, targets, modality, mod_rules = [speaker], speaker, [x for x in sources if coded(x)], \
                "asserted", []
        about, needs_act = None, False
        if not targets and not noun and not support and not passive and source is not None:
            about = self._reacted_noun(verb, cameo, end)  # "Egypt condemned the strikes": the strikes told before
            doer = self._relative_doer(about) if about is not None else None
            if about is not None and doer is not None:  # "condemned the attack that Israeli forces launched"
                targets, about = [doer], None
                rules.append(f"target: who did the act it is about, named in its relative clause ({doer.text!r})")
            elif about is not None:
                consumed.add(about.first)
                rules.append(f"about the act {about.text!r}: its doer, told before, is the target")
        if not targets and entry.get("wanted") and modality in ("intended", "probable", "possible") and any(
                c.label == "intended" and c.start <= verb.first < c.end for c in self.view.cues):
            cameo = entry["wanted"]
            rules.append(f"wanted by its would-be recipient (no giver named) → {cameo}")
        elif not targets and not entry.get("target_optional") and not passive and not undergoer and not complement \
                and content_noun is None and (
                (cameo[:2] < _MATERIAL and not (cameo[:2] in _AGREEMENT and source is not None and not noun))
                or source is None or noun or self._ambiguous_plural(head if support else verb)):
            if about is not None:
                needs_act = True  # kept only if the article told the act the noun refers to (khabar.events.backref)
            elif not (noun and source is not None and cameo[:2] in HOSTILE):
                return None  # a material act done by a named doer is news without a target ("Iran seized a tanker")
            else:
                provisional = True  # "an Israeli air strike killed five": kept only if a casualty verb gives its target
        if cameo == "190" and source is not None and source.actor is not None and (source.actor.role or "").lower() in (
                self.words.get("aerial_agents", frozenset())):  # "Ukrainian drones attacked a refinery"
            cameo = "195"
            rules.append(f"done by aircraft or drones ({source.actor.role}): aerial weapons 195")
        cameo, modality = self._announced(verb, cameo, source, modality, rules)
        alone = cameo[:2] in REPORTED_ALONE  # protest and violence are news with nobody named as doing them
        imposed = cameo[:2] >= "17" or (cameo[:2] == "16" and not noun)
        if source is None and not alone and not (targets and imposed):
            return None  # a verbal act needs its speaker; an arrest or a sanction with the one it hits is news
        if source is None and not targets and (not alone or (noun and not self._anchored(head))):
            return None
        if source is None:
            rules.append("source: none named")
        if not targets and not needs_act:
            rules.append("target: none named")
        if not passive and source is not None:
            self.last_subject = source
        if not noun:
            self.last_verb = (verb, cameo, source, targets[0] if targets else None)
        rules += mod_rules
        frame = frame_at(self.view, verb.first)
        clause_end_tok = min(end, len(self.toks)) - 1
        cand = Candidate(
            head, entry, s.entry, cameo, sources, targets, modality,
            frame.speaker if frame else None, frame.verb if frame else None, rules, 0.8,
            self.toks[max(clause_end_tok, head.last)].end, about, needs_act)
        if provisional:
            self.provisional.add(id(cand))
        return cand


def _group_yields(m: Mention) -> bool:
    """A group of no country yields or agrees to ("the rebels released 20 hostages", "the rebels agreed to lay down
    their arms"): news with the group as its source, as its demands and threats are; a state institution with no
    country is nobody."""
    return usable(m) or (coded(m) and (m.actor.code or "")[3:6] not in STATE_ROLES)  # type: ignore[union-attr]
