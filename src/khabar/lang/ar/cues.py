"""Arabic modality cues: which words (قد، لم، إذا، من المرجح…) open a modality scope, and over which tokens.

A cue with a ``before`` condition (قد before a verb, تحضر before ل + masdar) only counts when the condition holds;
otherwise the word is read as the event word it also spells. The purpose of a meeting or a trip (اجتمعوا لاعتماد
عقوبات) is intended; an imperfect dated after the article's day (يلتقي … غدا) is planned. The labels are combined by
clauses.modality.
"""

from __future__ import annotations

from datetime import date as Date

from khabar.clauses.view import Cue, SentenceView, frame_at
from khabar.events.candidate import is_verb
from khabar.lang.ar.nouns import purpose_of
from khabar.mentions.dates import DateMatch
from khabar.model import Mention
from khabar.text.normalize import norm

_BACKGROUND = frozenset(norm(w) for w in ("بعد", "منذ", "عقب", "إثر"))


def _verb_at(view: SentenceView, i: int, tense: str) -> bool:
    """Is token i a verb of the given tense ("verb" = any)? An unknown word counts as a verb of any tense,
    since قد/لم/إذا are followed by verbs whether or not the lexicon knows them."""
    m = view.by_token.get(i)
    if m is None:
        word = view.norm(i)
        imperfect = len(word) >= 4 and word[0] in "يتنا"  # an unknown word shaped like an imperfect verb
        return tense == "verb" or (tense == "present_verb" and imperfect)
    if not m.surfaces:
        return False
    s = next((x for x in m.surfaces if x.cls == "verb"), None)
    if s is None:
        return False
    return tense == "verb" or s.feats.startswith("past" if tense == "past_verb" else "pres")


def _fits(view: SentenceView, i: int, before: str) -> bool:
    if before == "lam":  # تحضر لفرض: a ل + masdar of purpose follows
        word = view.norm(i)
        return len(word) > 3 and word[0] == "ل"
    return _verb_at(view, i, before)


def _reread_as_trigger(m: Mention) -> None:
    """A cue whose condition fails is read as the event word it also spells, if there is one (يحضر = attends)."""
    surfaces = m.surfaces or []
    trigger = next((s for s in surfaces if s.kind == "trigger"), None)
    if trigger is not None:
        m.kind, m.entry = "trigger", trigger.entry
        m.surfaces = [trigger, *(s for s in surfaces if s is not trigger)]


def find_cues(view: SentenceView) -> list[Cue]:
    cues = []
    for m in view.mentions:
        if m.kind == "trigger" and m.surfaces[0].ref.get("negates_subject"):
            # ما نشرته القناة عن اغتيال … عار عن الصحة: what the predicate declares false does not happen
            frame = frame_at(view, m.first)
            cues.append(Cue(m, "negated", frame.start if frame else 0, m.first, None))
            continue
        if m.kind != "cue":
            continue
        ref = m.surfaces[0].ref
        before = ref.get("before")
        if before and not _fits(view, m.last + 1, before):
            _reread_as_trigger(m)
            continue
        clause_start, clause_end = view.clause_of(m.first)
        scope = ref.get("scope")
        if scope == "preceding":  # رحلة كيم المحتملة: an adjective qualifies the noun phrase just before it
            cues.append(Cue(m, ref.get("label"), max(clause_start, m.first - 3), m.first, None))
            continue
        start = clause_start if scope == "clause" else m.first
        label = ref.get("label")
        background = _background_in(view, m.last + 1, clause_end) if scope != "clause" and label != "negated" else ()
        if not background:  # the common case: one scope
            cues.append(Cue(m, label, start, clause_end, ref.get("control")))
            continue
        for a, b in zip((start, *(i + 1 for i in background)), (*background, clause_end), strict=True):
            cues.append(Cue(m, label, a, b, ref.get("control")))
    return cues + _purposes(view)


def _background_in(view: SentenceView, start: int, end: int) -> tuple[int, ...]:
    """The event nouns right after بعد/منذ in a forward scope (تستعد لفرض عقوبات بعد تجربتها لإطلاق صاروخ): the act
    told as the background happened, whatever is planned or wanted around it, so the scope skips that noun. Not
    for negation: لم يتم بعد اعتقال is "not yet"."""
    if _BACKGROUND.isdisjoint(view.norms[start + 1:end - 1]):
        return ()  # the common case, found at C speed: no بعد/منذ in the scope
    return tuple(i + 1 for i in range(start + 1, end - 1) if view.norm(i) in _BACKGROUND and (
        (nxt := view.by_token.get(i + 1)) is not None and nxt.kind == "trigger" and not is_verb(nxt)))


def _purposes(view: SentenceView) -> list[Cue]:
    """بدأ السفراء اجتماعا لاعتماد عقوبات، يصل الوزير إلى أنقرة لبحث …: what a meeting or a trip is for (ل + masdar)
    is intended, not yet done; the meeting or trip is the cue, from the masdar to a verb joined by و/ف or the
    clause end."""
    out = []
    for m in view.mentions:
        if m.kind == "trigger" and m.prefix.endswith("ل") and not is_verb(m):
            meeting = purpose_of(view, m)
            if meeting is not None:  # up to a verb joined by و/ف: وطلب من السلطات … is told, not intended
                end = view.clause_of(m.first)[1]
                end = next((v.first for v in view.mentions if m.last < v.first < end and v.surfaces
                            and v.prefix[:1] in ("و", "ف") and is_verb(v)), end)
                out.append(Cue(meeting, "intended", m.first, end, None))
    return out




def future_dated(view: SentenceView, dates: list[DateMatch], today: Date | None) -> list[Cue]:
    """يلتقي الرئيسان غدا، يزور الرئيس الجزائر الأحد المقبل: an imperfect verb (an event or a support verb) in a clause
    with a date after the article's own day, told relative to it (غدا، المقبل), tells what is planned; the date is the
    cue, the verb its scope. A perfect (وافق البرلمان على عقد جلسة الأحد المقبل) stays as told."""
    if today is None or not dates:
        return []
    out = []
    for d in dates:
        relative = "relative:" in d.rule or d.rule.endswith(":next")  # not 14 آذار, a movement's name as often
        ahead = "next" in d.rule  # الأسبوع المقبل: in this month, still ahead
        if not d.value or not relative or (d.value <= today.isoformat()[:len(d.value)] and not ahead):
            continue
        first = next((t.index for t in view.sentence.tokens if t.start < d.end and d.start < t.end), None)
        if first is None:
            continue
        clause = view.clause_of(first)
        cue = Mention("cue", d.start, d.end, d.text, first, first, "rule:future-date")
        out += [Cue(cue, "planned", m.first, m.last + 1, None) for m in view.mentions
                if m.kind == "trigger" and clause[0] <= m.first < clause[1] and m.surfaces and is_verb(m)
                and m.surfaces[0].feats.startswith("pres")]
    return out
