"""Acts announced by their own doer, and the acts that intents, threats and refusals are about (CAMEO's parallel
codes, by the tables of ontology/announced.yaml):

- "Canada said it would resettle 20,000 refugees": the speaker is the doer and the act is future, so what is news is
  the intent (033), not a resettlement; "the farmers said they would blockade Paris" is a threat (1381); "Syria says
  it will not accept more refugees" (a future negated by its doer) is a refusal (12x), asserted. Someone else's
  report of a plan ("Russia will attack, Kyiv said") stays the act, planned.
- "threatened to impose a curfew", "is prepared to impose martial law", "refused to allow UN planes to land": a
  generic intent, threat or refusal takes its specific code from the act in its complement (1323, 1324, 1245).
"""

from __future__ import annotations

from collections.abc import Mapping

from khabar.clauses.view import Cue, Frame, SentenceView
from khabar.lang.en.arguments import surfaces_of
from khabar.model import Mention

_COOPERATIVE = ("03", "04", "05", "06", "07", "08")
_HOSTILE_FROM = "14"
_ORGANIZATIONS = frozenset({"IGO", "NGO", "IMG", "MNC"})


def code_in(table: Mapping[str, str], cameo: str) -> str | None:
    """The table's code for the longest listed prefix of ``cameo``."""
    for n in range(len(cameo), 1, -1):
        code = table.get(cameo[:n])
        if code:
            return code
    return None


def announced_act(cameo: str, modality: str, tables: Mapping[str, Mapping[str, str]],
                  refused: bool) -> tuple[str, str] | None:
    """The code and modality of an act its doer announces: a future (planned) act is an intent or a threat, a
    future negated by "will not" (``refused``) a refusal; None when the act has no announced counterpart."""
    if modality in ("planned", "hypothetical"):  # "said it would meet him if …": a conditional offer or threat
        table = "threat" if cameo[:2] >= _HOSTILE_FROM else "intent" if cameo[:2] in _COOPERATIVE[1:] else None
        code = code_in(tables[table], cameo) if table else None
        return (code, modality) if code else None
    if modality == "negated" and refused and cameo[:2] in _COOPERATIVE:
        code = code_in(tables["refusal"], cameo)
        return (code, "asserted") if code else None
    return None


def content_code(generic: str, act: str, tables: Mapping[str, Mapping[str, str]]) -> str | None:
    """The specific code of a generic intent (030), threat (130), refusal (120) or demand (100) from the act it is
    about: "prepared to impose martial law" → 1324, "threatened to cut aid" → 1311, "refused to release" → 1243,
    "demanded a halt to the fighting" → 107."""
    if generic not in ("030", "130", "120", "100") or act[:2] in ("01", "02", "09", "10", "11", "12", "13"):
        return None
    if generic == "100":  # "demanded a halt to the fighting" → 107
        return code_in(tables["demand"], act)
    hostile = act[:2] >= _HOSTILE_FROM or act[:2] == "16"
    if generic == "120":
        return code_in(tables["refusal"], act) if not hostile else None
    if hostile:
        return code_in(tables["threat"], act)
    return code_in(tables["intent"], act) if generic == "030" else None


def same_party(speaker: Mention | None, source: Mention | None) -> bool:
    """Is the one who speaks the one who acts (the same mention, or actors of the same country or organization)?"""
    if speaker is None or source is None:
        return False
    if speaker is source:
        return True
    a, b = (speaker.actor.code or "") if speaker.actor else "", (source.actor.code or "") if source.actor else ""
    width = 6 if a[:3] in _ORGANIZATIONS else 3  # one IGO is not another (IGOUNO, IGONAT)
    return len(a) >= 3 and len(b) >= 3 and a[:width] == b[:width] and a[:3] != "---"


def announcing(frame: Frame | None, frames: frozenset[str]) -> bool:
    """A reporting frame in which the speaker tells of his own act ("said", "announced", not "believes")."""
    if frame is None or frame.speaker is None or not frame.verb.surfaces:
        return False
    return frame.verb.surfaces[0].entry.rpartition("#")[2] in frames


def refused_future(view: SentenceView, verb: Mention, negations: frozenset[str]) -> bool:
    """Is the verb governed by a negated future ("will not", "would not", "won't")?"""
    cues: list[Cue] = view.cues
    return any(c.label == "negated" and c.start <= verb.first < c.end and c.mention.last < verb.first
               and c.mention.key in negations for c in cues)


def complement_act(view: SentenceView, start: int, end: int, reach: int = 6) -> str | None:
    """The code of the act a complement names: its verb ("to ban voting"), or the noun after its support verb ("to
    impose martial law"); None when its verb is no event word ("agreed to postpone the demonstration")."""
    toks = view.sentence.tokens
    k = start
    while k < end and toks[k].norm in ("to", "not", "also", "immediately", "again", "further"):
        k += 1
    m = view.by_token.get(k)
    if m is None or m.kind != "trigger":
        return None
    s = surfaces_of(m, "verb") or surfaces_of(m)
    if not s[0].ref.get("light"):
        return str(s[0].ref.get("cameo", "")) or None
    for j in range(m.last + 1, min(end, m.last + reach)):  # the support verb's event noun
        if toks[j].norm in (",", ";", ".", "that", "to"):
            return None
        n = view.by_token.get(j)
        if n is not None and n.kind == "trigger":
            nouns = surfaces_of(n, "noun") or surfaces_of(n)
            return str(nouns[0].ref.get("cameo", "")) or None
    return None


def planned_by_subject(view: SentenceView, verb: Mention, cues: frozenset[str]) -> bool:
    """Is the verb governed by a cue in which its subject plans it ("Greece plans to impose restrictions")?"""
    return any(c.start <= verb.first < c.end and c.mention.last < verb.first and c.mention.surfaces
               and c.mention.surfaces[0].entry.rpartition("#")[2] in cues for c in view.cues)
