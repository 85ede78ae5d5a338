"""Actor phrases: lexicon mentions combined into coded actors, plus in-article coreference.

Combinations (each a rule named in the evidence):
  agent + demonym        مسؤول أمريكي → USAGOV;  وكالة التجسس الكورية الجنوبية → KORSPY
  agent + state          وزير خارجية إيران → IRNGOV
  [agent (+demonym)] + person   الرئيس فلاديمير بوتين → the person's dated role
  NAME، agent            دو هيون تشا، المحلل … → a named person with the agent's role (unknown names)
  demonym alone          التحركات الأمريكية → USA;  capital/seat alone → state / state+GOV
  short name             كيم → Kim Jong Un only after the full name, and not when a name continues (كيم تيوو)
  anaphors               الزعيمان → the last two leaders; البلاد/الدولة → the most mentioned state
"""

from __future__ import annotations

from collections.abc import Sequence
from operator import attrgetter
from typing import Any

from khabar.clauses.view import tokens_covered
from khabar.lexicon.compile import Lexicon
from khabar.mentions.discourse import Discourse, person_code
from khabar.mentions.kinds import ACTOR_KINDS
from khabar.model import Actor, Mention, Sentence
from khabar.text.normalize import norm

_METONYM_POPULATION = 1_000_000
_LOCATIVE = frozenset({"في", "بمدينه", "مدينه", "بلده", "قريه", "محافظه", "منطقه", "مخيم", "قرب", "شمال", "جنوب", "شرق",
                       "غرب", "وسط", "اقليم", "ولايه"})


_NOT_NAMES = ("non_name_words", "clause_boundaries", "complementizers", "relative_pronouns", "skippable")
_KIND = attrgetter("kind")
ACTOR_CACHE_SIZE = 8192  # lexicon entries whose lone Actor an ActorTables keeps (cleared when full)


class ActorTables:
    """What actor composition looks up, arranged once per Coder (in the Arabic resources): the lexicon, the function
    words no foreign name is made of (one set instead of five), and the Actor each lexicon entry codes on its own,
    made the first time the entry is met (at most ``size``): the same entry always codes the same, immutable Actor."""

    __slots__ = ("actors", "lexicon", "not_names", "size")

    def __init__(self, lexicon: Lexicon, size: int = ACTOR_CACHE_SIZE) -> None:
        self.lexicon = lexicon
        self.not_names: frozenset[str] = frozenset().union(*(lexicon.words[k] for k in _NOT_NAMES))
        self.actors: dict[tuple[str, str], tuple[Any, Actor]] = {}  # (kind, entry) → (its ref, its Actor)
        self.size = size

    def actor(self, kind: str, ref: Any, rule: str) -> Actor:
        """The Actor of lexicon entry ``ref`` read as ``kind`` alone (any actor kind but a short name's)."""
        found = self.actors.get((kind, rule))
        if found is None or found[0] is not ref:  # the ref is kept with it, so another entry never matches
            if len(self.actors) >= self.size:
                self.actors.clear()
            found = self.actors[kind, rule] = (ref, _lone_actor(kind, ref, rule))
        return found[1]


def _lone_actor(kind: str, ref: Any, rule: str) -> Actor:
    # Actor(code, name, kind, role, entry), positional
    if kind == "agent":
        return Actor("---" + ref.get("role", ""), ref.get("en"), "agent", ref.get("en"), rule)
    if kind == "place":  # a city: as a metonym, its country
        return Actor(ref.get("country") or None, ref.get("name_en"), "place", None, rule)
    if kind == "org":
        return Actor(ref["code"], ref.get("en"), ref.get("kind", "org"), None, rule)
    if kind == "seat":
        return Actor(ref["code"] + "GOV", ref.get("en"), "state", None, rule)
    return Actor(ref["code"], ref.get("en"), "state", None, rule)  # state, demonym, capital


def _ref(m: Mention) -> dict[str, Any]:
    return m.surfaces[0].ref


def _feats(m: Mention) -> str:
    f = m.surfaces[0].feats
    return f.removeprefix("adj-")


def _state_code(m: Mention) -> str:
    return _ref(m)["code"]


def _is_unknown(sentence: Sentence, i: int, covered: dict[int, Mention], tables: ActorTables) -> bool:
    """A token that could be part of a foreign name: not matched, not a function word, not definite."""
    if i < 0 or i >= len(sentence.tokens):
        return False
    tok = sentence.tokens[i]
    n = tok.norm
    if n.startswith("ال") or tok.is_punct or len(n) < 2 or n in tables.not_names or n.isdigit():
        return False  # (the commonest first: a definite word)
    if n[0] in "وف" and n[1:] in tables.lexicon.words["non_name_words"]:
        return False  # وكان دي ميستورا قد التقى: a function word with its conjunction is no given name either
    m = covered.get(i)
    return m is None or m.kind == "person_short"


def _new(kind: str, parts: list[Mention], sentence: Sentence, actor: Actor, feats: str, rule: str) -> Mention:
    first, last = parts[0], parts[-1]
    # one part (most actor phrases): its own text, which is that span of the sentence already
    text = first.text if first is last else sentence.text[first.start - sentence.start:last.end - sentence.start]
    # positional up to ``rules`` (surfaces, suffix, key and reading at their defaults): made for every actor phrase
    return Mention(kind, first.start, last.end, text, first.first, last.last, rule, actor, (), first.prefix, "", "", "",
                   parts, feats, [p.entry for p in parts])


def _token_mention(sentence: Sentence, first: int, last: int, rule: str) -> Mention:
    a, b = sentence.tokens[first], sentence.tokens[last]
    return Mention("name", a.start, b.end, sentence.text[a.start - sentence.start:b.end - sentence.start],
                   first, last, rule)


def _chainable(chain: list[Mention], nxt: Mention, units: frozenset[str] = frozenset()) -> bool:
    kinds = [c.kind for c in chain]
    if nxt.prefix == "ل" and chain[-1].kind == "agent" and nxt.kind in ("org", "state"):
        return True  # الأمين العام للأمم المتحدة
    if nxt.prefix:
        return False  # وروسيا، بموسكو: a clitic starts a new phrase
    if "person" in kinds:
        return False
    if nxt.kind == "person":
        return kinds[-1] in ("agent", "demonym")
    if kinds[-1] == "agent" and nxt.kind == "demonym":
        return True
    if kinds[-1] == "agent" and nxt.kind in ("state", "capital", "org"):
        return not chain[-1].key.startswith("ال")  # construct state: وزير خارجية إيران
    if kinds[-1] == "agent" and nxt.kind == "agent":  # وزير خارجية، متحدث باسم الحكومة
        if chain[-1].key.endswith("باسم") or (chain[-1].key in units and len(chain) == 1):
            return True  # قوات الدرك، أفراد الجيش: a unit noun's genitive is the body it belongs to
        # a construct's head takes no article, its genitive no accusative alef: الشرطة ناشطا is subject + object;
        # nor is a nominative sound plural a construct's head (it drops its ن: مسلحو الحركة), so one before a word
        # in another case is subject + object (مسلحون صحفيين), in the same case noun + adjective (متظاهرون معارضون)
        return not chain[-1].key.startswith("ال") and not nxt.key.startswith("ال") and not (
            nxt.key.endswith("ا")) and not _subject_then_object(chain[-1], nxt)
    return False


def _subject_then_object(head: Mention, nxt: Mention) -> bool:
    """مسلحون صحفيين: a nominative sound masculine plural (-ون) then an oblique one (-ين) are two phrases."""
    return _feats(head) == "mp" and head.key.endswith("ون") and nxt.key.endswith("ين")


def _single(m: Mention, sentence: Sentence, discourse: Discourse, tables: ActorTables) -> Mention | None:
    kind, rule, ref = m.kind, m.entry, m.surfaces[0].ref
    if kind == "person_short":
        if ref["id"] not in discourse.persons_seen:
            return None
        code, title = person_code(ref, discourse.article_date)
        return _new("actor", [m], sentence, Actor(code, ref["en"], "person", title, rule + " (short name)", ref["en"]),
                    _feats(m), rule)
    if kind not in ACTOR_KINDS or kind == "person":
        return None
    actor = tables.actor(kind, ref, rule)
    if kind == "place":  # a city as a metonym for its country when it acts or is acted on; else a location
        before = sentence.tokens[m.first - 1].norm if m.first > 0 else ""
        locative = before in _LOCATIVE or m.key.split(" ")[0] in _LOCATIVE  # في رفح، مدينة رفح
        if locative or before in tables.lexicon.words["prepositions"] or m.prefix or not actor.code:
            return _new("place", [m], sentence, actor, "fs", rule + " (place)")
        if ref.get("kind") == "city" and int(ref.get("population") or 0) < _METONYM_POPULATION:
            return None  # outside a locative phrase a small town's name is far more often a word (القائم، طراز)
    elif kind == "capital" and m.first > 0 and sentence.tokens[m.first - 1].norm in _LOCATIVE:
        return _new("place", [m], sentence, actor, "fs", rule + " (capital as place)")
    return _new("actor", [m], sentence, actor, _feats(m), rule)


def _chain_actor(chain: list[Mention], sentence: Sentence, discourse: Discourse) -> Mention:
    person = agent = place = org = None  # the first of each kind in the chain; the last agent
    for c in chain:
        kind = c.kind
        if kind == "agent":
            agent = c  # وزير خارجية: the last agent rules
        elif kind == "person":
            person = person or c
        elif kind in ("demonym", "state", "capital"):
            place = place or c
        elif kind == "org":
            org = org or c
    rules = " + ".join([c.entry for c in chain])
    if person is not None:
        ref = _ref(person)
        code, title = person_code(ref, discourse.article_date)
        actor = Actor(code, ref["en"], "person", role=title, entry=rules, person=ref["en"])
        return _new("actor", chain, sentence, actor, "ms", rules)
    owner = place or org
    role = _ref(agent)["role"] if agent else ""
    owner_code = _ref(owner)["code"] if owner else "---"
    code = owner_code if owner is org and len(owner_code) > 3 else owner_code + role  # رئيسة مجلس النواب: USALEG
    name = " ".join(x for x in ((_ref(owner).get("en") if owner else None),
                                (_ref(agent).get("en") if agent else None)) if x)
    kind = "agent" if agent and _ref(agent).get("person", True) else "org"
    actor = Actor(code, name or None, kind, role=_ref(agent).get("en") if agent else None, entry=rules)
    return _new("actor", chain, sentence, actor, _feats(chain[0]), rules)


def compose_actors(sentence: Sentence, mentions: list[Mention], tables: ActorTables, discourse: Discourse,
                   norms: Sequence[str]) -> list[Mention]:
    """Replace raw actor-ish mentions by composed actor (or place) mentions; other mentions pass through. ``norms``:
    each token's matching form."""
    lexicon = tables.lexicon
    covered = tokens_covered(mentions)
    if discourse.persons_seen:  # else no short name can be of a known person
        for m in mentions:
            _prefer_known_person(m, discourse)
    if "person" in map(_KIND, mentions):  # (a scan at C speed: most sentences name no person in full)
        mentions = [m for m in mentions
                    if m.kind != "person" or not _other_person_with_surname(sentence, m, covered, tables)]
    out: list[Mention] = []
    units, actor_kinds = lexicon.words["unit_nouns"], ACTOR_KINDS
    after_chain = 0  # the mentions before this one were taken into the last chain
    for i, m in enumerate(mentions):
        if i < after_chain:
            continue
        if m.kind not in actor_kinds:
            out.append(m)
            continue
        adjacent = i + 1 < len(mentions) and mentions[i + 1].first == m.last + 1
        chain = _chain(mentions, i, units) if adjacent else [m]  # nothing chains onto a mention not followed by one
        after_chain = i + len(chain)
        if m.kind == "person_short" and _is_unknown(sentence, m.last + 1, covered, tables):
            continue  # كيم تيوو: a different person whose name starts like a known short name
        built = _chain_actor(chain, sentence, discourse) if len(chain) > 1 or m.kind == "person" else _single(
            m, sentence, discourse, tables)
        if built is not None:
            if out and built.prefix.startswith("و"):
                _share_role(out[-1], built)
            out.append(built)
    found = _anaphors(sentence, covered, lexicon, discourse) + _named_people(sentence, out, covered, tables, norms)
    if found:  # else out is in token order already
        out += found
        out.sort(key=lambda x: x.first)
    _remember(out, lexicon, discourse)
    return out


def _remember(actors: list[Mention], lexicon: Lexicon, discourse: Discourse) -> None:
    """What the article has now said, in text order: the people named in full, the states, the organizations."""
    states = lexicon.states
    for a in actors:
        actor = a.actor
        if actor is None or a.kind != "actor":
            continue
        parts = a.parts
        for part in parts:
            if part.kind == "person":
                discourse.persons_seen.add(_ref(part)["id"])
        discourse.note(actor, states)
        if len(parts) == 1 and parts[0].kind == "org" and " " in parts[0].key:
            head = parts[0].key.split(" ")[0]
            head = head if head.startswith("ال") else "ال" + head  # حلف شمال الأطلسي → الحلف
            if head in lexicon.words["org_heads"]:
                discourse.org_heads[head] = actor


def _chain(mentions: list[Mention], i: int, units: frozenset[str]) -> list[Mention]:
    """The actor phrase starting at mentions[i]: the adjacent mentions that chain onto it."""
    chain, j = [mentions[i]], i + 1
    while j < len(mentions) and mentions[j].first == chain[-1].last + 1 and _chainable(chain, mentions[j], units):
        chain.append(mentions[j])
        j += 1
    if (j + 1 < len(mentions) and chain[-1].kind in ("demonym", "agent") and mentions[j].kind == "agent"
            and mentions[j + 1].kind == "person" and chain[-1].last + 1 == mentions[j].first
            and mentions[j].last + 1 == mentions[j + 1].first):  # نظيره السعودي الأمير فيصل بن فرحان
        chain += mentions[j:j + 2]
    return chain


def _share_role(prev: Mention, m: Mention) -> None:
    """القوات المصرية والسعودية: a bare demonym joined by و to the agent phrase just before shares its role (SAUMIL)."""
    parts = m.parts or []
    head = prev.actor
    if (m.kind == "actor" and prev.kind == "actor" and prev.last + 1 == m.first and len(parts) == 1
            and parts[0].kind == "demonym" and m.prefix.startswith("و") and head is not None
            and head.kind == "agent" and head.code and len(head.code) == 6 and m.actor is not None):
        m.actor = Actor((m.actor.code or "")[:3] + head.code[3:], m.actor.name, "agent", role=head.role,
                        entry=f"{m.actor.entry} + role shared with {prev.text}")


def _prefer_known_person(m: Mention, discourse: Discourse) -> None:
    """السوداني after "محمد شياع السوداني" is the prime minister, not Sudan: a short name of a person already
    named in the article wins over the other readings of the same word."""
    surfaces = m.surfaces or []
    known = [s for s in surfaces if s.kind == "person_short" and s.ref["id"] in discourse.persons_seen]
    if known and m.kind != "person_short":
        m.kind, m.entry = "person_short", known[0].entry
        m.surfaces = known + [s for s in surfaces if s not in known]


def _other_person_with_surname(sentence: Sentence, m: Mention, covered: dict[int, Mention],
                               tables: ActorTables) -> bool:
    """هانتر بايدن is not Joe Biden: a surname matched alone, right after an unknown given name."""
    if m.kind != "person" or m.key in {norm(n) for n in _ref(m).get("ar", [])}:
        return False
    return _is_unknown(sentence, m.first - 1, covered, tables) and m.first - 1 not in covered


def _anaphors(sentence: Sentence, covered: dict[int, Mention], lexicon: Lexicon,
              discourse: Discourse) -> list[Mention]:
    # The anaphor words the discourse can resolve so far (an empty set for the others): a sentence early in an
    # article has none to look for, and the per-token loop below is skipped.
    none: frozenset[str] = frozenset()
    leaders = lexicon.words["dual_anaphors.leaders"] if len(discourse.recent_leaders) >= 2 else none
    pairs = lexicon.words["dual_anaphors.states"] if len(discourse.recent_states) >= 2 else none
    states = lexicon.words["state_anaphors"] if discourse.state_counts else none
    orgs = discourse.org_heads
    if not (leaders or pairs or states or orgs):
        return []
    out = []
    for tok in sentence.tokens:
        if tok.index in covered:
            continue
        word = tok.norm.removeprefix("و")
        group: list[Actor] = []
        rule, prefix = "", ""
        if orgs and (org := _org_anaphor(sentence, tok.index, word, covered, orgs)) is not None:
            group, rule = [org[0]], "function_words.yaml#org_heads (the organization named in full before)"
            prefix = tok.norm[: len(tok.norm) - len(word)] + org[1]
        elif word in leaders:
            group, rule = discourse.recent_leaders[-2:], "function_words.yaml#dual_anaphors.leaders"
        elif word in pairs:
            group = [Actor(c, c, "state") for c in discourse.recent_states[-2:]]
            rule = "function_words.yaml#dual_anaphors.states"
        elif word in states:
            code = discourse.state_counts.most_common(1)[0][0]
            group, rule = [Actor(code, code, "state")], "function_words.yaml#state_anaphors (most mentioned state)"
        if not group:
            continue
        m = _token_mention(sentence, tok.index, tok.index, rule)
        m.kind, m.actor, m.prefix = "actor", group[0], prefix
        m.feats, m.group, m.rules = "d" if len(group) > 1 else "fs", group, [rule]
        out.append(m)
    return out


def _org_anaphor(sentence: Sentence, i: int, word: str, covered: dict[int, Mention],
                 orgs: dict[str, Actor]) -> tuple[Actor, str] | None:
    """عقوبات الاتحاد after الاتحاد الأوروبي: the head noun of an organization the article named in full, alone (not
    followed by an adjective or a name that makes it another body: الاتحاد الأفريقي، الاتحاد السوفيتي) → (it, the
    proclitic preposition taken off: للاتحاد → ل)."""
    clitic = ""
    if word.startswith("لل"):
        word, clitic = "ال" + word[2:], "ل"
    elif word.startswith("بال"):
        word, clitic = word[1:], "ب"
    org = orgs.get(word)
    if org is None:
        return None
    nxt = sentence.tokens[i + 1].norm if i + 1 < len(sentence.tokens) else ""
    after = covered.get(i + 1)
    if (after is not None and after.kind in ACTOR_KINDS) or nxt.startswith("ال"):
        return None
    return org, clitic


def _named_people(sentence: Sentence, actors: list[Mention], covered: dict[int, Mention], tables: ActorTables,
                  norms: Sequence[str]) -> list[Mention]:
    """Unknown names in apposition: "دو هيون تشا، المحلل في …" and "أفاد كيم تيوو، مدير …"."""
    out = []
    toks = sentence.tokens
    k = 0
    for _ in range(norms.count(",") - (norms[0] == "," if norms else 0)):  # each comma after the first token
        k = norms.index(",", k + 1)  # (count and index scan at C speed)
        first = k
        while first - 1 >= 0 and k - first < 4 and _is_unknown(sentence, first - 1, covered, tables):
            first -= 1
        if first == k:
            continue
        before = covered.get(first - 1)
        boundary = first == 0 or toks[first - 1].is_punct or (before is not None and before.kind == "report") or (
            toks[first - 1].norm in tables.lexicon.words["clause_boundaries"])
        if not boundary:
            continue
        appos = next((a for a in actors if a.first == k + 1 and a.actor and a.actor.kind in ("agent", "person")), None)
        role = appos.actor.role if appos and appos.actor else None
        country = _apposition_country(sentence, actors, k + 1)
        code = (country or "---") + (_ref(appos.parts[0]).get("role", "") if appos else "")
        m = _token_mention(sentence, first, k - 1, "rule:unknown-name-apposition")
        m.kind = "actor"
        m.actor = Actor(code if appos or country else None, m.text, "person", role=role,
                        entry="rule:unknown-name-apposition", person=m.text)
        m.feats, m.rules = "ms", ["rule:unknown-name-apposition"]
        if appos is not None:
            appos.appositive_of = m
        out.append(m)
    return out


def _apposition_country(sentence: Sentence, actors: list[Mention], start: int) -> str | None:
    """A state named inside the apposition (…المحلل في معهد أسان في سيول) gives the person's country."""
    end = next((t.index for t in sentence.tokens[start:] if t.norm == ","), len(sentence.tokens))
    for a in actors:
        if start <= a.first < end and a.kind in ("place", "actor") and a.actor and a.actor.kind == "state":
            return (a.actor.code or "")[:3] or None
    return None
