"""Turn event candidates into :class:`model.Event` records: one per source–target pair, with date, place,
attribution, ontology fields and evidence; and fold within-article repeats of the same event."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from khabar.clauses.view import SentenceView
from khabar.events.candidate import Candidate
from khabar.lexicon.compile import Lexicon
from khabar.mentions.dates import DateMatch
from khabar.model import Actor, ActorRef, Attribution, Event, Mention, Place, SentenceRef


def _refs(m: Mention | None) -> list[ActorRef | None]:
    if m is None or m.actor is None:
        return [None]
    group: list[Actor] = m.group or [m.actor]
    return [ActorRef(a, m.text, m.start, m.end) for a in group]


def _attribution(c: Candidate) -> Attribution | None:
    if c.frame_speaker is None or c.frame_verb is None:
        return None
    sp = c.frame_speaker
    return Attribution(sp.actor, sp.text, sp.start, sp.end, c.frame_verb.text, c.frame_verb.entry)


def _date(c: Candidate, dates: list[DateMatch]) -> tuple[str | None, str | None]:
    """The date expression that dates the trigger: the nearest one after it in its clause (يزور القاهرة يوم الأحد
    المقبل), else the nearest in the sentence (منذ العام الماضي، اشتبه …)."""
    if not dates:
        return None, None
    after = [d for d in dates if c.trigger.end <= d.start < c.clause_end]
    best = min(after or dates, key=lambda d: abs(d.start - c.trigger.start))
    return best.value, f"date {best.text} → {best.value} ({best.rule})"


def _place(c: Candidate, places: list[Mention], lexicon: Lexicon, target: ActorRef | None) -> Place | None:
    """Where the event happens: a visit where it goes (its target state); else the place named nearest the trigger
    (في سيول، بمحافظة شبوة), with the gazetteer's coordinates. ``places``: the sentence's place mentions."""
    visit = c.cameo.startswith("042") and target is not None and target.actor.kind in ("state", "place")
    if visit or not places:
        if visit and target is not None:
            state = lexicon.states.get((target.actor.code or "")[:3])
            if state:
                return Place(state.get("en", ""), state["code"], state.get("lat"), state.get("lon"),
                             state.get("geonames_id"))
        if not places:
            return None
    p = min(places, key=lambda m: abs(m.first - c.trigger.first))
    row = p.parts[0].surfaces[0].ref
    if "lat" in row and "name_en" in row:  # a gazetteer place: its own coordinates
        return Place(row["name_en"], row.get("country") or None, row["lat"], row["lon"], row.get("geonames_id"),
                     p.text, p.start, p.end)
    state = lexicon.states.get((p.actor.code or "")[:3], {})  # type: ignore[union-attr]
    return Place(p.text, state.get("code"), state.get("lat"), state.get("lon"), None, p.text, p.start, p.end)


def _event_id(article_id: str, sentence: int, c: Candidate, src: ActorRef | None, tgt: ActorRef | None) -> str:
    key = "|".join([article_id, str(sentence), f"{c.trigger.start}-{c.trigger.end}",
                    src.actor.code or "" if src else "", tgt.actor.code or "" if tgt else ""])
    return hashlib.sha256(key.encode()).hexdigest()[:20]


def to_events(c: Candidate, view: SentenceView, lexicon: Lexicon, article_id: str, language: str,
              dates: list[DateMatch]) -> list[Event]:
    info = lexicon.cameo_info(c.cameo)
    date, date_rule = _date(c, dates)
    rules = tuple(c.rules + ([date_rule] if date_rule else []))
    attribution = _attribution(c)
    events = []
    seen: set[tuple[str | None, str | None]] = set()
    sources: list[ActorRef | None] = [r for m in c.sources for r in _refs(m)] or [None]
    targets: list[ActorRef | None] = [r for t in c.targets for r in _refs(t)] or [None]
    sentence = SentenceRef.of(view.sentence)  # (one for all the candidate's events: it is immutable)
    places = [m for m in view.mentions if m.kind == "place" and m.actor is not None]
    for src in sources:
        for tgt in targets:
            if src and tgt and src.actor.code == tgt.actor.code:
                continue
            key = (src.actor.code if src else None, tgt.actor.code if tgt else None)
            if key in seen:
                continue
            seen.add(key)
            events.append(Event(
                _event_id(article_id, view.sentence.index, c, src, tgt), article_id, language, sentence,
                c.trigger.text, c.trigger.start, c.trigger.end, src, tgt, c.cameo, info.goldstein,
                info.quad_class, info.plover_type, info.plover_mode, c.modality,  # type: ignore[arg-type]
                attribution, date, _place(c, places, lexicon, tgt), rules, round(c.confidence, 2)))
    return events


def _who(ref: ActorRef | None) -> str | None:
    """Which one of a country's role-bearers a source is: its role words (وزير الداخلية، وزير الدفاع); None for
    states, organizations and named people, whose code says who they are."""
    if ref is None or ref.actor.kind != "agent":
        return None
    return ref.actor.role or ref.actor.name


def fold_repeats(events: Iterable[Event]) -> list[Event]:
    """Keep the first telling of an event retold later in the same article.

    Same means: same dyad, CAMEO code, modality and lexicon entry, and for a source named by its role the same role
    (the interior minister and the defence minister each denying a report are two denials); and what protesters are
    said to do (ورفع
    المتظاهرون لافتات) after a protest was told is a detail of that protest, not another one."""
    out, seen, protests = [], set(), set()
    for e in events:
        source = e.source.actor.code if e.source else None
        key = (source, e.target.actor.code if e.target else None, e.cameo, e.modality, e.rules[0], _who(e.source))
        if key in seen or (e.rules[0].startswith("rule:protesters-act") and e.modality in protests):
            continue
        seen.add(key)
        if e.cameo.startswith("14"):
            protests.add(e.modality)
        out.append(e)
    return out
