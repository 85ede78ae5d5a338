"""From event triggers to coded events: one event per source–target pair, each with its evidence.

Order of work for one trigger: guards that need no arguments (guards); support verbs hand over to their event
noun (شنت … هجوما، لعقد قمة); a verb whose lexicon entry maps its object (تعزيز التحالفات، توسيع التعاون) absorbs that
object (objects); arguments are found (arguments, and participants for undergoers, protesters, claimants); the
mention is checked for being tied to one happening (guards); modality and attribution are attached; every rule
that fired is kept. Casualties, weapons and relative clauses then fold into their attack (fold).
"""

from __future__ import annotations

from functools import lru_cache

from khabar.clauses.modality import modality_at
from khabar.clauses.view import SentenceView, frame_at
from khabar.events.candidate import (
    GUESSED,
    HOSTILE,
    REPORTED_ALONE,
    Basis,
    Candidate,
    Rule,
    basis_of,
    found_by,
    is_verb,
    surface,
)
from khabar.lang.ar import arguments as args
from khabar.lang.ar import crowds, nouns, owners, phrases, subjects
from khabar.lang.ar import participants as who
from khabar.lang.ar.fold import fold_attack_parts
from khabar.lang.ar.guards import anchored, dated, lexical_guard, not_reported
from khabar.lang.ar.objects import object_code
from khabar.model import Mention
from khabar.text.normalize import norm

_ABOUT_AN_ACT = ("13",)  # a threat's target is the target of the hostile act it threatens
# Role-only participants (---CVL civilians, ---UAF gunmen, ---COP police) are coded in material conflict and protest,
# as CAMEO coders do; in verbal and diplomatic events a role with no country names no usable party.
_MATERIAL = "14"
_BY_AGENT = frozenset({Basis.PASSIVE_AGENT})
_GUESSED_SOURCE = GUESSED | {Basis.GENITIVE}  # a source the grammar did not name: the protesters may be it


def _direct_complement(view: SentenceView, trig: Mention) -> bool:
    frame = frame_at(view, trig.first)
    return frame is not None and 0 <= trig.first - frame.start <= 3


_DIRECTIONAL = tuple(norm(p) for p in ("على", "ضد", "تجاه", "باتجاه", "نحو", "صوب"))


@lru_cache(maxsize=1024)
def _ways(listed: tuple[str, ...], hostile: bool) -> tuple[str, ...]:
    """The ways an entry names its target (OBJ or a preposition's matching form); a hostile act (13 and up) aims
    with the directional prepositions too: أطلقوا صواريخ باتجاه إسرائيل."""
    ways = [p if p == "OBJ" else norm(p) for p in listed]
    return (*ways, *(p for p in _DIRECTIONAL if p not in ways)) if hostile else tuple(ways)


def _party_within(view: SentenceView, trig: Mention, limit: int) -> bool:
    """Is an actor or a place written after the trigger, starting no later than ``limit``? Every way of naming a target
    finds one there (the direct object, an actor a preposition governs, the owner after a building noun at most at
    ``limit``); with none, no way finds anything."""
    for m in view.mentions:
        if m.kind in ("actor", "place") and m.last > trig.last and m.first <= limit:
            return True
    return False


def _targets(view: SentenceView, trig: Mention, entry: dict, sources: list[Mention], limit: int) -> list[Mention]:
    """Targets in the order the entry lists its ways of naming them (زار … القاهرة: OBJ before إلى)."""
    if not _party_within(view, trig, limit):
        return []  # (most triggers: nothing to name, so the ways are not tried one by one)
    ways = _ways(tuple(entry.get("target", ())), int(entry["cameo"][:2]) >= 13)
    governed: list[tuple[Mention, str | None]] | None = None  # worked out when a preposition is first tried
    present: set[str | None] = set()
    for way in ways:
        if way == "OBJ":
            obj = args.direct_object(view, trig, sources, limit, owner=entry["cameo"][:2] in HOSTILE)
            if obj is None:
                continue
            found = [t if phrases.usable(t) else owners.owner_country(view, t) or t
                     for t in args.coordinated(view, obj, limit)]
        else:
            if governed is None:
                governed = args.governed_after(view, trig, limit)
                # the prepositions that can introduce a target here: governing an actor, or a word just after the
                # trigger (args._receiver_after); any other way finds nothing, so prep_targets is not asked
                present = {p for _, p in governed}
                for i in range(trig.last + 1, min(trig.last + 4, limit)):
                    if i not in view.by_token:
                        present.add(phrases.strip_conj(view.norm(i)))
            if way not in present:
                continue
            found = args.prep_targets(view, trig, [way], limit, governed)
        found = [who.unless_own_country(view, t, sources) for t in found]
        found = [t for t in found if phrases.arguable(t) and all(t is not s for s in sources)
                 and not who.own_forces(t, sources)]
        if found:
            return found
    return []


def _limit(view: SentenceView, trig: Mention, skip: set[int]) -> int:
    """Where a trigger's arguments stop: the next verb, or the next event noun starting a new phrase (لعقد، ونقل)."""
    _, clause_end = view.clause_of(trig.first)
    for m in view.mentions:
        if m.first > trig.last and m.kind == "trigger" and id(m) not in skip and m.first < clause_end and (
                is_verb(m) or m.prefix):
            return m.first
    return clause_end


def _content_targets(view: SentenceView, verb: Mention, sources: list[Mention]) -> list[Mention]:
    """The targets of the event noun a verb is about: هدد أردوغان بشن عملية برية ضد المقاتلين … → their target."""
    _, clause_end = view.clause_of(verb.first)
    for m in view.mentions:
        if m.first <= verb.last or m.first >= clause_end or m.kind != "trigger" or is_verb(m):
            continue
        entry = surface(m).ref
        if entry.get("light"):
            continue
        if int(entry["cameo"][:2]) < 15:
            return []  # only hostile acts (attacks, sanctions, blockades) lend their target to the threat
        return _targets(view, m, entry, sources, clause_end)
    return []


def _has_content(view: SentenceView, verb: Mention) -> bool:
    """Is the verb's object an event noun (استضافت محادثات)? Then its subjects act together on that event."""
    _, clause_end = view.clause_of(verb.first)
    nxt = next((m for m in view.mentions if verb.last < m.first < clause_end and m.kind in ("trigger", "actor")), None)
    return nxt is not None and nxt.kind == "trigger" and not is_verb(nxt) and not nxt.prefix


def _intended(view: SentenceView, i: int) -> bool:
    return any(c.label == "intended" and c.start <= i < c.end for c in view.cues)


def _head(view: SentenceView, trig: Mention, rules: list[str]) -> Mention | None:
    """The word carrying the event's grammar: a support verb before an event noun, else the trigger itself.
    None when the trigger is a bare noun inside another event's object (that event's content)."""
    if is_verb(trig):
        return trig
    light = nouns.light_verb(view, trig)
    if light is not None:
        if surface(light).cls != "verb" and nouns.is_embedded(view, light):
            return None  # هددت الصين بفرض عقوبات: the threatened sanction is the threat's content
        rules.append(f"support verb {light.text} ({light.entry})")
        return light
    return None if nouns.is_embedded(view, trig) else trig


def _arguments(view: SentenceView, trig: Mention, head: Mention, entry: dict, obj: tuple, absorbed: set[int],
               rules: list[str]) -> tuple[list[Mention], list[Mention]]:
    """(sources, targets) of one trigger; the rules that decided them are appended to ``rules``."""
    limit = _limit(view, trig, absorbed)
    verb, verb_head = is_verb(trig), is_verb(head)
    claimant = who.responsible(view, trig) if entry["cameo"][:2] in HOSTILE and not verb else None
    source: Mention | None  # (declared: compiled code checks every assignment against the first one's type)
    if claimant is not None:  # أعلن التنظيم مسؤوليته عن التفجير، قال حزب الله: لسنا مسؤولين عن الضربة
        source, rule = claimant, "source: who claims or denies responsibility for it"
    elif verb_head:
        source, rule = subjects.verb_subject(view, head, surface(head).feats)
        if source is None and entry["cameo"][:2] in HOSTILE and not rule:
            source = who.armed_actor_before(view, head)
            rule = Rule("subject: pro-drop (the armed actor just named: انتحاريا يقود سيارة، فجر نفسه)",
                        Basis.PRO_DROP) if source else ""
        elif source is None and head is not trig:  # فرضت عقوبات أمريكية على …: whose sanctions they are
            source, rule = nouns.adjective_doer(view, trig)
    else:
        source, rule, _ = nouns.noun_source(view, head, obj[2], obj[1])
    sources = args.group(view, source)  # with coordinated subjects; a countryless one takes its affiliation
    # الأطراف التي تطولها العقوبات، القرى التي استهدفها القصف: the antecedent the pronoun on the relative clause's
    # verb points back to is the target (of an event verb first of all: its object is that pronoun)
    aimed = args.relative_object(view, trig) if verb else None
    # الهجوم الذي شنته القوات على المخيم: a support verb after its noun (relative clause) has the arguments after it
    after = head.first > trig.last
    targets = [] if aimed is not None else _targets(view, head if after else trig, entry, sources,
                                                     _limit(view, head, absorbed) if after else limit)
    if not targets and (aimed := aimed if verb else args.relative_object(view, trig)) is not None:
        targets = args.relative_targets(view, aimed, sources, rules)
    if surface(head).ref.get("receive"):  # تلقى ولي العهد اتصالا من الرئيس الإيراني: roles swap
        giver = args.prep_targets(view, trig, [norm("من")], limit)
        if giver:
            sources, targets = giver, sources
            rules.append("receiving verb: the giver (من) is the source, the receiver the target")
            return sources, targets
    undergoes = who.undergoer(view, trig, head, entry, source, rule, targets)
    if undergoes:  # قتل خمسة أشخاص، أصيب عشرة، تعرض صحفي للضرب: the subject is the one the event happens to
        rules += [Rule(rule.replace("subject:", "target: subject", 1).replace("source:", "target:", 1), basis_of(rule)),
                  undergoes]
        targets, sources, rule = [t for t in sources if phrases.arguable(t)] or targets, [], ""
    # an unvocalized passive with no object shows itself by its agent: ضابط في الجيش خطف من منزله على يد مسلحين
    unmarked = verb_head and head is trig and bool(entry.get("unmarked_passive"))
    agent = args.passive_agent(view, trig, limit) if (
        not verb_head or not sources or _passive(head) or unmarked) else None
    if agent is not None and sources and verb_head and not _passive(head) and any(
            t.first < agent.first or t.first > agent.last for t in targets):
        agent = None  # قتلت القوات ثلاثة مسلحين برصاص قناصتها: an active verb with its own object
    if agent is not None:  # اعتقل صحفي … على يد الشرطة: the agent acts, the subject undergoes
        targets = [t for t in sources if phrases.arguable(t)] or targets
        sources, rule = args.group(view, agent), Rule("source: passive agent (على يد/من قبل)", Basis.PASSIVE_AGENT)
    if rule:
        rules.append(rule)
    if not sources and targets and norm("بين") in [norm(p) for p in entry.get("target", [])]:
        sources, targets = targets[:1], targets[1:]
        rules.append("source: first of a بين list")
    if not targets and (int(entry["cameo"][:2]) >= 15 or entry["cameo"][:2] == "07") and not entry.get("casualty"):
        # (a toll or bodies found: the place is where, the dead are who; no state is the target)
        place = args.location_actor(view, trig, limit)
        if place is not None and all(place.actor.code != s.actor.code for s in sources):  # type: ignore[union-attr]
            targets = [place]
            rules.append(Rule("target: the state where a conflict event happens (في …)", Basis.PLACE_STATE))
    return sources, targets


def _role_code(entry: dict, sources: list[Mention]) -> str | None:
    """The code the entry's ``by_role`` gives the event for the role of its first source, if any."""
    by_role = entry.get("by_role")
    if not by_role or not sources:
        return None
    return next((c for r, c in by_role.items() if (sources[0].actor.code or "").endswith(r)), None)  # type: ignore[union-attr]


def _passive(trig: Mention) -> bool:
    """A vocalized passive perfect (قُتل، اعتُقل، فُرضت): damma early in the stem of a past-tense form."""
    s = surface(trig)
    return s.cls == "verb" and s.feats.startswith("past") and "\u064f" in trig.text[:4]


def _candidate(view: SentenceView, trig: Mention, absorbed: set[int]) -> list[Candidate]:
    entry = surface(trig).ref
    rules = [f"{trig.entry} → {entry['cameo']}"]
    cameo = entry["cameo"]
    obj = object_code(view, trig, entry)
    if obj[0] is not None and obj[1] is not None:
        cameo = obj[0]
        rules.append(f"object {view.sentence.tokens[obj[1]].text} → {cameo}")
        inner = view.by_token.get(obj[1])
        if inner is not None and inner.kind == "trigger":
            absorbed.add(id(inner))
    guard = lexical_guard(view, trig, cameo)
    if guard:
        view.guarded.append((trig, guard))  # shown by `khabar lexicon explain`
        return []
    head = _head(view, trig, rules)
    if head is None:
        return []
    if head is not trig and not is_verb(head) and (code := nouns.support_code(view, head, trig)) is not None:
        cameo, entry = code, view.lexicon.by_cameo.get(code, entry)  # أجرت تجربة لإطلاق صاروخ: shown, not used
        rules.append(f"support noun {head.text} → {code} (objects)")
    # قدم شكوى ضد تركيا: an object that changes the event also brings that event's way of naming its target
    roles = view.lexicon.by_cameo.get(cameo, entry) if cameo != entry["cameo"] else entry
    support = surface(head).ref.get("target", []) if head is not trig else []  # وجهت انتقادات للولايات المتحدة
    ways = entry
    if roles is not entry or support:  # (else the entry's own ways: a way listed twice finds nothing the second time)
        ways = {**entry, "target": list(dict.fromkeys([*roles.get("target", []), *entry.get("target", []), *support]))}
    sources, targets = _arguments(view, trig, head, ways, obj, absorbed, rules)
    role_code = _role_code(entry, sources) if cameo == entry["cameo"] else None  # an object's code stays
    if role_code:
        cameo = role_code
        rules.append(f"source role → {role_code} (by_role)")
    if _passive(head) and not found_by(rules, _BY_AGENT):
        sources, targets = [], targets or sources
        rules.append("passive voice (vocalized): the subject undergoes the event")
    if not targets and is_verb(trig) and entry.get("target") and cameo[:2] in _ABOUT_AN_ACT:
        targets = _content_targets(view, trig, sources)
        if targets:
            rules.append("target: from the act it is about (هدد بشن عملية ضد …)")
    if entry.get("speaker_source"):  # قال الوزير إن ما نشرته القناة عار عن الصحة: the minister denounces the channel
        frame = frame_at(view, trig.first)
        authors = [s for s in sources if s is not (frame.speaker if frame else None) and not phrases.generic(
            view.by_token.get(s.first))]  # a report's author is named (القناة، الوكالة), not a bare role word
        targets, sources = authors or targets, []
        if frame is not None and phrases.arguable(frame.speaker):
            sources = [frame.speaker]  # type: ignore[list-item]
            rules.append("source: the speaker who declares it false; target: the author of what is declared false")
    if cameo[:2] < _MATERIAL:  # "a foreign leader", "officials": a role without a country says nothing of a dyad
        if sources or targets:
            sources, targets = [s for s in sources if phrases.usable(s)], [t for t in targets if phrases.usable(t)]
    alone = cameo[:2] in REPORTED_ALONE
    about: Mention | None = None
    # تستأنف مصر وإثيوبيا المفاوضات: joint subjects act on each other (not when they act on an event together:
    # استضافتا محادثات بين الجانبين)
    joint = len(sources) > 1 and not targets and (entry.get("reciprocal") or cameo[:2] in ("03", "04", "05", "06"))
    joint = joint and not (is_verb(trig) and _has_content(view, trig))
    if not targets and entry.get("wanted") and _intended(view, trig.first):
        cameo = entry["wanted"]
        rules.append(f"wanted by its recipient → {cameo} (wanted)")
    elif joint:
        rules.append("joint subjects: each acts on the others")
    elif not targets and not entry.get("target_optional") and entry.get("target") and not alone:
        about = nouns.reacted_noun(view, trig, sources, cameo) if sources and is_verb(trig) else None
        if about is None:
            return []
        doer = nouns.relative_doer(view, about)  # أدانت مصر الهجوم الذي شنته القوات الإسرائيلية
        if doer is not None:
            targets, about = [doer], None
            rules.append(f"target: who did the act it is about, named in its relative clause ({doer.text})")
        else:
            absorbed.add(id(about))  # أدانت مصر الغارات: the strikes told before are what is condemned
            rules.append(f"about the act {about.text}: its doer, told before, is the target")
    frame = frame_at(view, trig.first)
    if not sources and frame is not None and frame.modality is None and _direct_complement(view, trig) and (
            who.takes_measures(frame.speaker)) and cameo[:2] not in HOSTILE:  # أعلن الجيش مقتل: who announces a
        # death did not cause it; أعلنت منظمة العفو اعتقال صحفي: an NGO reports an arrest, it does not make one
        sources = [frame.speaker]  # type: ignore[list-item]  # أعلن الاتحاد الأوروبي فرض عقوبات: who announces a measure takes it
        rules.append("source: the speaker of a nominal complement (أعلن/أكد + masdar)")
    if cameo[:2] == "14" and (place := who.witness(view, trig)) is not None and any(s is place for s in sources):
        sources = []  # شهدت تركيا مظاهرات: the place that saw the protest did not protest
    if not targets and cameo[:2] == "14":
        targets, rule = who.protest_target(view, trig, sources)
        if rule:
            rules.append(rule)
    if cameo[:2] == "14" and (not sources or (found_by(rules, _GUESSED_SOURCE) and not who.protesting(sources))):
        # أقدم متظاهرون غاضبون في البقاع اللبناني على قطع الطريق: the protesters, not the nearest name, protest
        protesters = who.protesters(view, trig, targets)
        if protesters is not None:
            sources = [protesters]
            rules.append(f"source: the protesters the sentence names ({protesters.text})")
    imposed = cameo[:2] >= "17" or (cameo[:2] == "16" and (head is not trig or is_verb(trig)))
    if not sources and not alone and not (targets and (imposed or _direct_complement(view, trig))):
        # اعتقل صحفي في العاصمة، فرض حظر على مبيعات السلاح لروسيا: an arrest or a measure with the one it hits
        # named is news; a verbal act needs its speaker
        return []
    guessed = found_by(rules, GUESSED)
    in_time = dated(view, trig)
    tied = head is not trig or in_time or anchored(view, trig, sources if not guessed else [], targets)
    guard = not_reported(view, trig, head, cameo, anchored=tied, dated=in_time, aimed=bool(targets),
                         dyadic=bool(sources and targets) and not guessed)
    if guard:
        view.guarded.append((trig, guard))
        return []
    if not sources:
        rules.append("source: none named")
    if not targets and about is None:
        rules.append("target: none named")
    future = is_verb(head) and head.prefix.endswith("س")
    modality, mod_rules = modality_at(view, head.first, future_prefix=future)
    clause_end = view.clause_of(trig.first)[1]
    end_char = view.sentence.tokens[clause_end - 1].end if clause_end else view.sentence.end
    pairs = [([s], [t for t in sources if t is not s]) for s in sources] if joint else [(sources, targets)]
    return [Candidate(trig, entry, trig.entry, cameo, src, tgt, modality, frame.speaker if frame else None,
                      frame.verb if frame else None, rules + mod_rules, 0.7 if guessed else 0.9, end_char, about,
                      about is not None)
            for src, tgt in pairs]


def find_candidates(view: SentenceView) -> list[Candidate]:
    """Every event the sentence codes, before expansion into source–target pairs."""
    view.memo = {}  # the mentions are final now: what the argument finders learn of each can be remembered
    try:
        return _find_candidates(view)
    finally:
        view.memo = None


def _find_candidates(view: SentenceView) -> list[Candidate]:
    absorbed: set[int] = set()
    out = []
    for trig in [m for m in view.mentions if m.kind == "trigger"]:
        if id(trig) in absorbed or trig.surfaces[0].ref.get("light"):
            continue
        out += _candidate(view, trig, absorbed)
    if not any(c.cameo[:2] == "14" for c in out) and (acts := crowds.protesters_acts(view)):
        coded = {id(c.trigger) for c in out if c.cameo[:2] in HOSTILE}  # هاجم المتظاهرون مقر الحزب: coded once
        out += [c for c in acts if id(c.trigger) not in coded]
    return fold_attack_parts(view, out) if out else out
