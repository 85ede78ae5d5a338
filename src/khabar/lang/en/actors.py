"""Coded actors from English mentions: names, demonyms and possessives joined to agents ("US officials",
"South Korea's spy agency", "officials in Washington"), titles joined to people ("Russian President Vladimir
Putin"), unknown people known by their apposition ("Park Won Gon, a professor at … in Seoul"), coordination
("South Korea, the United States and Japan" → one group), anaphors ("the two leaders", "the country", "he").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from khabar.lang.en.phrases import ARTICLES, EnglishDiscourse, actor_mention, name_word, ref, surface
from khabar.lang.en.references import anaphors, coordinate
from khabar.lexicon.compile import Lexicon
from khabar.lexicon.english import EnglishLexicon
from khabar.mentions.discourse import person_code
from khabar.mentions.kinds import ACTOR_KINDS, STATE_ROLES
from khabar.model import Actor, Mention, Sentence

# roles an organization's or seat's own code may end in (PSEINS Hamas, YEMREB the Houthis, USAGOV the White House):
# "Hamas fighters" are PSEINS, never PSEINSUAF
_CARRIED_ROLES = STATE_ROLES | {"INS", "REB", "SEP", "UAF", "RAD", "CRM", "OPP", "PTY"}
_ETHNIC_ROLE = "CVL"  # an ethnic group named by its demonym is civilians ("ethnic Albanians demonstrated")
_OF = frozenset({"of", "in", "from", "at", "for", "with", "throughout", "across"})
# an adjective of allegiance before "to"/"with": the agent belongs to whom it is tied ("militants loyal to X")
_TIED = frozenset({("loyal", "to"), ("affiliated", "with"), ("affiliated", "to"), ("allied", "to"), ("allied", "with"),
                   ("belonging", "to"), ("aligned", "with"), ("linked", "to"), ("attached", "to")})


def _rule(m: Mention) -> str | None:
    """How an English actor mention was composed (its one rule), None for a plain lexicon mention."""
    return m.rules[0] if m.rules else None


def _state_actor(m: Mention) -> Actor:
    e = ref(m)
    return Actor(e["code"], e.get("en"), "state", entry=m.entry)


def _base_actor(m: Mention, discourse: EnglishDiscourse) -> Actor | None:
    e = ref(m)
    if m.kind in ("state", "capital", "demonym"):
        return _state_actor(m)
    if m.kind == "seat":
        return Actor(e["code"], m.text, "org", entry=m.entry)
    if m.kind == "org":
        return Actor(e["code"], e.get("en") or m.text, "org", entry=m.entry)
    if m.kind == "person":
        code, title = person_code(e, discourse.article_date)
        return Actor(code, e["en"], "person", title, m.entry, e["en"])
    return None


def _role_code(country: str | None, agent: Mention) -> str:
    """Country (or organization) + the agent's role; an organization or seat code that already carries the role
    keeps it ("NATO peacekeepers" IGONAT, "White House officials" USAGOV, never USAGOVGOV)."""
    role = ref(agent)["role"]
    if country and len(country) > 3 and (country.endswith(role) or country.startswith(role) or (
            len(country) == 6 and country[3:] in _CARRIED_ROLES)):
        return country
    return f"{country or '---'}{role}"


def _describing(gap: list[str], prev: Mention, nxt: Mention, words) -> bool:
    """ "Irish nationalist guerrillas", "Iraqi Shiite militias", "Kurdish separatist rebels": one or two plain words
    (no lexicon or function word) between a demonym adjective and an agent describe the agent, which stays that
    state's."""
    if prev.kind != "demonym" or nxt.kind != "agent" or not 1 <= len(gap) <= 2 or surface(prev).feats.endswith("NNS"):
        return False
    function = words["determiners"] | words["prepositions"] | words["auxiliaries"] | words["coordinators"]
    return all(w.isalpha() and w not in function for w in gap)


def _country_of(actor: Actor) -> str | None:
    return actor.code if actor.kind == "org" else (actor.code or "")[:3] or None


def compose_english(sentence: Sentence, raw: list[Mention], en: EnglishLexicon, lexicon: Lexicon,
                    discourse: EnglishDiscourse) -> list[Mention]:
    toks = sentence.tokens
    words = en.words
    states = lexicon.state_codes
    out: list[Mention] = []
    ordered = [m for m in sorted(raw, key=lambda m: m.first) if not _adjective(m, raw, sentence, words)]
    k = 0
    while k < len(ordered):
        m = ordered[k]
        if m.kind not in ACTOR_KINDS:
            out.append(m)
            k += 1
            continue
        # a run of adjacent actor-ish mentions: [the] modifiers… agent/person  ("the North Korean leader, Kim …")
        run = [m]
        j = k + 1
        while j < len(ordered):
            nxt, prev = ordered[j], run[-1]
            gap = [t.norm for t in toks[prev.last + 1:nxt.first]]
            if nxt.kind not in ACTOR_KINDS or nxt.kind == "place":
                break
            if gap in ([], ["'s"]) or (gap == ["and"] and prev.kind == "demonym" and nxt.kind == "demonym") or (
                    _describing(gap, prev, nxt, words)):
                run.append(nxt)
                j += 1
                continue
            break
        out += _compose_run(run, sentence, en, discourse)
        k = j
    out = _capital_places(out, sentence, words)
    out = _unknown_people(out, sentence, en, lexicon, discourse)
    out = _apposition_roles(out, sentence, en)
    out = anaphors(out, sentence, en, discourse)
    out = _agent_affiliation(out, sentence, words["directions"])
    out = coordinate(out, sentence, words)
    for m in out:
        if m.kind == "actor" and m.actor is not None:
            discourse.note(m, states)
    return sorted(out, key=lambda m: m.first)


def _compose_run(run: list[Mention], sentence: Sentence, en: EnglishLexicon,
                 discourse: EnglishDiscourse) -> list[Mention]:
    """One actor from a run of adjacent mentions, or several when the run holds more than one head."""
    out: list[Mention] = []
    modifiers: list[Mention] = []
    actor: Actor | None  # (declared: compiled code checks every assignment against the first one's type)
    for m in run:
        if m.kind == "place":
            out.append(_place(m, sentence))
            continue
        if m.kind == "person_short":
            e = ref(m)
            nxt = sentence.tokens[m.last + 1] if m.last + 1 < len(sentence.tokens) else None
            other_name = nxt is not None and nxt.text[:1].isupper() and nxt.text.isalpha()
            titled = bool(modifiers) and modifiers[-1].kind == "actor" and modifiers[-1].actor is not None and (
                modifiers[-1].actor.kind == "agent") and modifiers[-1].last + 1 == m.first
            if not titled and any(x.kind == "agent" and x.first == m.last + 1 for x in run):
                # "the Bush administration", "the Netanyahu government": the person's state owns the role after it
                code, title = person_code(e, discourse.article_date)
                actor = Actor(code, e["en"], "person", title, m.entry, e["en"])
                modifiers = [actor_mention([m], actor, f"{m.entry} (short name before a role)", sentence)]
                continue
            if (e["id"] in discourse.persons_seen or titled) and not other_name:
                # after the full name, or right after a title ("President Bush", "Chancellor Kohl")
                code, title = person_code(e, discourse.article_date)
                if code is None and e["id"] not in discourse.persons_seen:
                    # a title before a short name of someone with no role yet on the article's date ("King Hassan"
                    # in 1990 is not a minister of 2024): another person, whom the title names (owners.titled_names)
                    modifiers = []
                    continue
                actor = Actor(code, e["en"], "person", title, m.entry, e["en"])
                out.append(actor_mention([*modifiers, m], actor, f"{m.entry} (short name, after the full name)",
                                          sentence))
            modifiers = []
            continue
        if m.kind == "person":
            discourse.persons_seen.add(ref(m)["id"])
            actor = _base_actor(m, discourse)
            assert actor is not None
            if actor.code is None and modifiers:  # a named person the lexicon has no role for: the title codes
                actor = Actor(_title_code(modifiers), actor.name, "person", None, m.entry, actor.person)
            rule = m.entry + (" (with title)" if modifiers else "")
            out.append(actor_mention([*modifiers, m], actor, rule, sentence))
            modifiers = []
            continue
        if m.kind == "agent":
            country_mods = [x for x in modifiers if x.kind != "agent"]
            if len(country_mods) > 1 and all(x.kind == "demonym" for x in country_mods) and len(
                    [x for x in country_mods if x.kind == "demonym"]) > 1 and not _ethnic(*country_mods[-2:]):
                group = [Actor(_role_code(_country_of(_state_actor(x)), m), m.text, "agent", entry=m.entry)
                         for x in country_mods]
                out.append(actor_mention([*modifiers, m], group[0], f"{m.entry} + coordinated demonyms", sentence,
                                          group=group, plural=True))
                modifiers = []
                continue
            country = None
            if country_mods:
                last_mod = _country_modifier(country_mods)
                base = last_mod.actor if last_mod.kind == "actor" else _base_actor(last_mod, discourse)
                country = _country_of(base) if base else None
            org_mod = next((x for x in country_mods if x.kind == "org"), None)
            country_mods = [x for x in country_mods if x.kind != "actor"]
            code = ref(org_mod)["code"] if org_mod is not None and ref(m)["role"] == "GOV" else _role_code(country, m)
            actor = Actor(code, m.text, "agent", ref(m)["en"][0], m.entry)
            plural = surface(m).feats == "NNS"
            rule = " + ".join(x.entry for x in [*country_mods, m])
            modifiers = [*modifiers, m]
            out.append(actor_mention(modifiers, actor, rule, sentence, plural=plural, agent=m))
            modifiers = [out[-1]]  # a title may still be followed by a person: "North Korean leader Kim Jong Un"
            continue
        modifiers.append(m)
    # modifiers left over (a country or organization on its own, or a title before a name) are actors themselves
    for i, x in enumerate(modifiers):
        if x.kind == "actor" or _compound_adjective(x, sentence, en.words.get("owner_participles", frozenset())) or (
                i and _ethnic(modifiers[i - 1], x)):
            continue
        actor = _base_actor(x, discourse)
        if actor is not None and x.kind == "demonym" and x.first > 0 and (
                sentence.tokens[x.first - 1].norm in en.words.get("ethnic_markers", frozenset())):
            # "ethnic Albanians (in Serbia)": civilians of an ethnic group, not the state of its name
            plural = surface(x).feats.endswith("NNS")
            out.append(actor_mention([x], Actor(f"---{_ETHNIC_ROLE}", x.text, "agent", "ethnic group", x.entry),
                                     f"{x.entry} (ethnic group: civilians)", sentence, plural=plural))
            continue
        if actor is not None:
            after = modifiers[i + 1] if i + 1 < len(modifiers) else None
            parts = [x, after] if after is not None and _ethnic(x, after) else [x]
            plural = parts[-1].kind == "demonym" and surface(parts[-1]).feats.endswith("NNS")
            rule = x.entry + (" (the state of an ethnic group: Bosnian Serbs)" if len(parts) > 1 else "")
            out.append(actor_mention(parts, actor, rule, sentence, plural=plural))
    # a title followed by the person it names is one actor: keep the person, drop the bare title
    people = [m for m in out if m.actor is not None and m.actor.kind == "person"]
    out = [m for m in out if not (m.actor is not None and m.actor.kind == "agent"
                                   and any(p.first <= m.first and m.last <= p.last for p in people))]
    return out


def _adjective(m: Mention, raw: list[Mention], sentence: Sentence, words) -> bool:
    """ "all official contact", "in police custody": a role word that is also an adjective, before a plain noun
    (no lexicon word, no function word, no past form), names nobody."""
    if m.kind != "agent" or m.key not in words.get("adjectival_agents", frozenset()):
        return False
    k = m.last + 1
    toks = sentence.tokens
    if k >= len(toks) or not toks[k].text.isalpha() or not toks[k].text.islower() or toks[k].norm.endswith("ed"):
        return False
    if any(x.first <= k <= x.last for x in raw) or any(toks[k].norm in ws for key, ws in words.items()
                                                       if key not in ("weak_triggers", "collectives")):
        return False
    return True


def _ethnic(first: Mention, second: Mention) -> bool:
    """ "Bosnian Serbs", "Iraqi Kurds", "Croatian Serb refugees": a demonym right after another names an ethnic group
    of the first one's state."""
    return first.kind == "demonym" and second.kind == "demonym" and first.last + 1 == second.first


def _country_modifier(mods: list[Mention]) -> Mention:
    """The modifier that gives an agent its country: the last one, unless it is the ethnic group of the state before
    it ("Bosnian Serb forces" are Bosnia's)."""
    if len(mods) >= 2 and _ethnic(mods[-2], mods[-1]):
        return mods[-2]
    return mods[-1]


def _title_code(mods: list[Mention]) -> str | None:
    agent = next((m for m in mods if m.kind == "actor"), None)
    return agent.actor.code if agent is not None and agent.actor is not None else None


def _place(m: Mention, sentence: Sentence) -> Mention:
    row = ref(m)
    code = row.get("country") or (row.get("code") if m.kind == "capital" else None)
    p = Mention("place", m.start, m.end, m.text, m.first, m.last, m.entry, Actor(code or None, m.text, "place"))
    p.parts, p.rules = [m], [m.entry]
    return p


def _capital_places(out: list[Mention], sentence: Sentence, words: Mapping[str, frozenset[str]]) -> list[Mention]:
    """A capital after "in/at/near" is where something happens, not who acts ("talks in Moscow")."""
    res = []
    for m in out:
        parts = m.parts or []
        if (m.kind == "actor" and len(parts) == 1 and parts[0].kind == "capital" and m.first > 0
                and sentence.tokens[m.first - 1].norm in words["locative"]):
            p = Mention("place", m.start, m.end, m.text, m.first, m.last, m.entry, Actor(m.actor.code, m.text, "place"))  # type: ignore[union-attr]
            p.parts, p.rules = [_capital_row(parts[0])], [f"{m.entry} (capital after a locative preposition)"]
            res.append(p)
            continue
        res.append(m)
    return res


def _capital_row(m: Mention) -> Mention:
    """A capital as a gazetteer-like place for events.assemble (its state's coordinates)."""
    e = ref(m)
    row = {"name_en": e.get("capital_en") or m.text, "country": e["code"], "lat": e.get("lat"), "lon": e.get("lon")}
    return Mention(m.kind, m.start, m.end, m.text, m.first, m.last, m.entry,
                   surfaces=[type(surface(m))(m.kind, m.entry, "name", "cap", row)])


def _unknown_people(out: list[Mention], sentence: Sentence, en: EnglishLexicon, lexicon: Lexicon,
                    discourse: EnglishDiscourse) -> list[Mention]:
    """A run of capitalized unknown words followed by ", a/an/the … <agent>" is a person with that role:
    "Du Hyeon Cha, an analyst at the Asan Institute in Seoul" → KOREDU; "Kim Taewoo, a former director" is not
    Kim Jong Un."""
    toks = sentence.tokens
    covered = {t for m in out for t in range(m.first, m.last + 1) if m.kind in ("actor", "place")}
    res = list(out)
    i = 0
    while i < len(toks):
        if i in covered or not name_word(toks[i].text) or toks[i].norm in en.words["determiners"]:
            i += 1
            continue
        j = i
        while j + 1 < len(toks) and j + 1 not in covered and name_word(toks[j + 1].text):
            j += 1
        if j > i and j + 1 < len(toks) and toks[j + 1].text == ",":
            agent = _apposition_agent(res, j + 2, toks, en)
            if agent is not None and agent.actor is not None:
                country = agent.actor.code[:3] if agent.actor.code else "---"
                if country == "---":
                    country = _apposition_country(res, agent, toks) or "---"
                code = country + (agent.actor.code or "")[3:]
                start, end = toks[i].start, toks[j].end
                name = sentence.text[start - sentence.start:end - sentence.start]
                person = Actor(code, name, "person", agent.actor.role, agent.entry, name)
                m = Mention("actor", start, end, name, i, j, agent.entry, person)
                m.parts, m.rules = [agent], [f"unknown name + apposition ({_rule(agent)})"]
                res = [x for x in res if not (i <= x.first <= j)]
                res.append(m)
                discourse.recent_people = [*discourse.recent_people, person]
        i = j + 1
    return sorted(res, key=lambda m: m.first)


def _apposition_roles(out: list[Mention], sentence: Sentence, en: EnglishLexicon) -> list[Mention]:
    """A known person with no role at the article's date takes the role of the apposition after the name:
    "Antony Blinken, the US Secretary of State, said" (in 2008) → USAGOV."""
    toks = sentence.tokens
    res = []
    for m in out:
        if m.kind == "actor" and m.actor is not None and m.actor.kind == "person" and not m.actor.code and (
                m.last + 2 < len(toks) and toks[m.last + 1].norm == ","):
            agent = _apposition_agent(out, m.last + 2, toks, en)
            code = agent.actor.code if agent is not None and agent.actor is not None else None
            if code and not code.startswith("---"):
                m = replace(m, actor=replace(m.actor, code=code),
                            rules=[*m.rules, f"role from the apposition ({agent.text})"])  # type: ignore[union-attr]
        res.append(m)
    return res


def _apposition_agent(out: list[Mention], i: int, toks, en: EnglishLexicon) -> Mention | None:
    while i < len(toks) and (toks[i].norm in en.words["determiners"] or toks[i].norm in ARTICLES):
        i += 1
    return next((m for m in out if m.kind == "actor" and m.first <= i + 1 and m.last >= i and m.actor is not None
                 and m.actor.kind == "agent"), None)


def _apposition_country(out: list[Mention], agent: Mention, toks) -> str | None:
    """The country of an apposition's institution: "an analyst at the Asan Institute in Seoul" → KOR."""
    stop = next((k for k in range(agent.last + 1, len(toks)) if toks[k].text in ",.;"), len(toks))
    for m in out:
        if agent.last < m.first < stop and m.actor is not None and m.actor.code and m.actor.code[:3] != "---":
            return m.actor.code[:3]
    return None


def _agent_affiliation(out: list[Mention], sentence: Sentence, directions: frozenset[str]) -> list[Mention]:
    """A country-less agent followed by "of/in/from/at/throughout [the] [south] X" takes X's country ("officials in
    Washington", "the foreign minister of Iran", "students throughout Indonesia"), and so does one tied to X
    ("militants loyal to Hamas", "workers affiliated with the union of Serbia"); X stays in the text but is not a
    second actor."""
    toks = sentence.tokens
    res = list(out)
    for m in out:
        if m.kind != "actor" or m.actor is None or m.actor.kind != "agent" or not (m.actor.code or "").startswith(
                "---"):
            continue
        k = m.last + 1
        tied = k + 1 < len(toks) and (toks[k].norm, toks[k + 1].norm) in _TIED
        if tied:
            k += 1  # "militants loyal to Iraq's al-Qaeda leader", "workers affiliated with the Serbian union"
        elif k >= len(toks) or toks[k].norm not in _OF:
            continue
        k += 1
        while k < len(toks) and (toks[k].norm in ARTICLES or toks[k].norm in directions):
            k += 1
        kinds = ("state", "org", "place", "agent") if tied else ("state", "org", "place")
        other = next((x for x in res if x.first == k and x.kind in ("actor", "place") and x.actor is not None
                      and x.actor.code and not x.actor.code.startswith("---") and x.actor.kind in kinds), None)
        if other is None or other.actor is None or other.actor.code is None:
            continue
        country = other.actor.code if other.actor.kind == "org" else other.actor.code[:3]
        code = country if other.actor.kind == "org" and m.actor.code.endswith("GOV") else country + m.actor.code[3:]  # type: ignore[index, union-attr]
        joined = actor_mention([m, other], Actor(code, m.actor.name, "agent", m.actor.role, m.actor.entry),
                                f"{_rule(m)} + {toks[m.last + 1].norm} {other.entry}", sentence,
                                plural=m.plural, agent=m.agent)
        res = [x for x in res if x is not m and x is not other] + [joined]
    return sorted(res, key=lambda x: x.first)


def _compound_adjective(m: Mention, sentence: Sentence, owners: frozenset[str] = frozenset()) -> bool:
    """ "U.S.-made missiles", "Saudi-led coalition": a name inside a hyphenated adjective is not an actor; but
    before a participle of ``owners`` it names whose the thing is ("a British-owned ship", "a Russian-held island"),
    and before another name the two are joint owners ("a U.S.-French proposal", references.coordinate)."""
    toks = sentence.tokens
    k = m.last + 1
    if k < len(toks) and toks[k].norm == "." and k + 1 < len(toks) and toks[k + 1].norm == "-":
        k += 1
    if k + 1 < len(toks) and toks[k].norm == "-" and (toks[k + 1].norm in owners or (
            toks[k + 1].text[:1].isupper() and toks[k].end == toks[k + 1].start)):
        return False  # "a British-owned ship"; "a U.S.-French proposal": two names joined, both actors
    return k < len(toks) and toks[k].norm == "-" and (toks[m.last].end == toks[k].start)
