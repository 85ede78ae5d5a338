"""English clause structure: clause boundaries, reporting frames (who says what) and modality cues.

Frames come in the orders English news uses: "X said (that) …", "…, X said." / "…, said X.", "according to X, …" /
"…, according to X", and "…, saying …" (the clause's subject speaks again). Cues reuse the shared Cue/Frame model
so clauses.modality decides the label exactly as for Arabic.
"""

from __future__ import annotations

import re

from khabar.clauses.view import Cue, Frame, SentenceView
from khabar.lang.en.phrases import name_word
from khabar.lexicon.english import EnglishLexicon
from khabar.model import Mention

_ARTICLE_NAME = re.compile(r"^(?:al|el|ad|ash|as|at|az|an|ar)-[A-Z]")  # "al-Zarqawi", "el-Sisi"
_QUOTES = frozenset({'"', "“", "”", "'", "‘", "’"})


def find_boundaries(view: SentenceView, en: EnglishLexicon) -> list[int]:
    toks = view.sentence.tokens
    out = []
    for i, t in enumerate(toks):
        if i == 0 or (t.norm in ("(", ")") and _in_short_brackets(toks, i)):
            continue
        if t.norm in (";", ":", "—", "–", "(", ")"):
            out.append(i + 1 if t.norm != "(" else i)
        elif t.norm in en.words["clause_boundaries"] and t.norm not in ("and", "or", "that", "which", "who"):
            out.append(i)
        elif t.norm in ("which", "who", "that") and i > 0 and toks[i - 1].norm == ",":
            out.append(i)
            close = next((k for k in range(i + 1, len(toks)) if toks[k].norm == ","), None)
            if close is not None and t.norm != "that":  # ", which …, expelled": the main clause resumes
                out.append(close + 1)
                view.after_relative[close + 1] = i
        elif t.norm in ("and", "or", "but") and i > 0 and toks[i - 1].norm == "," and _starts_clause(view, i + 1):
            out.append(i)
    return sorted(set(out))


def _in_short_brackets(toks, i: int) -> bool:
    """ "workers of the Serbian Workers' Union (SSS) stopped work": brackets around one to three words (an acronym, a
    gloss) between a subject and its verb open no clause."""
    if toks[i].norm == "(":
        close = next((k for k in range(i + 1, min(len(toks), i + 5)) if toks[k].norm == ")"), None)
        return close is not None and close > i + 1 and all(toks[k].text.isalnum() for k in range(i + 1, close))
    if toks[i].norm == ")":
        open_ = next((k for k in range(i - 1, max(-1, i - 5), -1) if toks[k].norm == "("), None)
        return open_ is not None and open_ < i - 1 and all(toks[k].text.isalnum() for k in range(open_ + 1, i))
    return False


def _starts_clause(view: SentenceView, i: int) -> bool:
    """After ", and": a new subject (an actor, or a determiner + noun followed by a verb) opens a new clause."""
    m = view.by_token.get(i)
    return m is not None and m.kind == "actor"


def _actor_at(view: SentenceView, i: int) -> Mention | None:
    m = view.by_token.get(i)
    return m if m is not None and m.kind == "actor" else None


def _speaker_left(view: SentenceView, verb: Mention, en: EnglishLexicon) -> Mention | None:
    """The subject of a reporting verb: the nearest actor before it, over an apposition between commas
    ("Sergei Lavrov, Russia's foreign minister, said") and auxiliaries ("has repeatedly said")."""
    toks = view.sentence.tokens
    i = verb.first - 1
    while i >= 0 and (toks[i].norm in en.words["auxiliaries"] or toks[i].norm in en.words["have"]
                      or toks[i].norm in en.words["be"]):
        i -= 1
    if i >= 2 and toks[i].norm == ")" and toks[i - 2].norm == "(":
        # "the World Food Programme (WFP) said": the name, or the acronym in brackets that restates it
        i = i - 3 if _actor_at(view, i - 3) is not None or _actor_at(view, i - 1) is None else i - 1
    m = _actor_at(view, i)
    if m is None and i >= 0 and toks[i].norm == ",":
        # an apposition ends right before the verb: walk back to the comma that opens it
        k = i - 1
        while k >= 0 and toks[k].norm != ",":
            k -= 1
        if k > 0:
            m = _actor_at(view, k - 1) or _actor_at(view, i - 1)
    if m is None and i > 0 and (name_word(toks[i].text) or _ARTICLE_NAME.match(toks[i].text)):
        m = _subject_head(view, i)
    if m is not None and m.first >= 2 and toks[m.first - 1].norm == "of":
        owner = _actor_at(view, m.first - 2)  # "King Hassan of Morocco said": the person speaks, not the state
        if owner is not None and owner.actor is not None and owner.actor.kind == "person":
            m = owner
    return m


def _subject_head(view: SentenceView, i: int) -> Mention | None:
    """ "Militants loyal to Iraq's al-Qaeda frontman Abu Musab said …": an unknown name right before the verb ends a
    subject whose head is the actor that opens the sentence, when nothing but actors and plain words (no comma, verb
    or report) stands between."""
    toks = view.sentence.tokens
    head = next((x for x in view.mentions if x.kind == "actor"), None)
    if head is None or head.first > 1 or head.last >= i:
        return None
    for k in range(head.last + 1, i + 1):
        other = view.by_token.get(k)
        if toks[k].norm in (",", ";", ":", "that", "who", "which") or (other is not None and other.kind != "actor"):
            return None
    return head


def _speaker_right(view: SentenceView, verb: Mention, en: EnglishLexicon) -> Mention | None:
    toks = view.sentence.tokens
    i = verb.last + 1
    while i < len(toks) and toks[i].norm in en.words["determiners"]:
        i += 1
    return _actor_at(view, i)


def _scope_after(view: SentenceView, i: int) -> int:
    """Where the reported clause starts after a speech verb: past "that", an addressee and a little detail."""
    toks = view.sentence.tokens
    n = len(toks)
    for k in range(i, min(i + 8, n)):
        if toks[k].norm == "that" or toks[k].norm in (",", ":") or toks[k].text in _QUOTES:
            return k + 1
        m = view.by_token.get(k)
        if m is not None and m.kind in ("trigger", "cue", "report"):
            break  # the reported clause has begun: "said Russia attacked …" has no "that"
        if m is not None and m.kind == "actor" and toks[k - 1].norm not in ("told", "tell", "tells"):
            break  # an actor that is no addressee ("told reporters that") is the reported clause's subject
    return i


def find_frames(view: SentenceView, en: EnglishLexicon, previous: Frame | None) -> list[Frame]:
    toks = view.sentence.tokens
    n = len(toks)
    frames: list[Frame] = []
    closing = en.words.get("closing_reports", frozenset())
    for m in view.mentions:
        if m.kind == "trigger" and m.surfaces and m.surfaces[0].entry.rpartition("#")[2] in closing:
            frame = _closing_trigger(view, m, en)  # "…, Blinken warned."
            if frame is not None:
                frames.append(frame)
            continue
        if m.kind != "report":
            continue
        s = m.surfaces[0]
        ref = s.ref
        position = ref.get("position") or "verb"
        before = toks[m.first - 1].norm if m.first else ""
        if s.cls == "verb" and (before in en.words["determiners"] or before in ("'s", "to")):
            continue  # a noun ("the report"), or an infinitive governed by something else ("refused to say")
        if s.cls == "verb" and s.feats == "VBN" and before in en.words["be"]:
            continue
        prev = view.by_token.get(m.first - 1) if m.first else None
        if s.cls == "verb" and prev is not None and prev.kind == "trigger" and prev.last + 1 == m.first and not (
                any(x.ref.get("light") for x in prev.surfaces)):
            continue  # "extradited suspected militants": a participle describing the object, not a report
        modality = ref.get("modality")
        if position == "prep":
            speaker = _speaker_right(view, m, en)
            if m.first <= 1 or (m.first > 0 and toks[m.first - 1].norm != ","):
                end_of_speaker = (speaker.last + 1) if speaker else m.last + 1
                start = _scope_after(view, end_of_speaker) if speaker else m.last + 1
                frames.append(Frame(m, speaker, start, n, modality))
            else:
                frames.append(Frame(m, speaker, 0, m.first, modality))
            continue
        if position == "participle" or (before == "as" and toks[m.last].norm.endswith("ing")):
            # "…, saying that"; "X was quoted (today, by the agency) as saying": the clause's subject speaks
            speaker = frames[-1].speaker if frames else _first_actor(view, m.first)
            frames.append(Frame(m, speaker, _scope_after(view, m.last + 1), n, modality))
            continue
        speaker = _speaker_left(view, m, en)
        after = m.last + 1
        tail = after >= n - 1 or toks[after].norm in (".", ",", "on", "in", "at", "last", "this", "during")
        if speaker is None:
            right = _speaker_right(view, m, en)
            if right is not None and m.first > 0 and toks[m.first - 1].norm in (",", '"', "”"):
                frames.append(Frame(m, right, 0, m.first - 1, modality))  # "…, said X"
                continue
            if previous is not None and before in ("", "also"):
                speaker = previous.speaker
        if speaker is not None and speaker.first > 0 and tail and _comma_before(view, speaker,
                                                                                en.words["determiners"]):
            frames.append(Frame(m, speaker, 0, speaker.first, modality))  # "…, X said."
            continue
        frames.append(Frame(m, speaker, _scope_after(view, after), n, modality))
    return frames


def _closing_trigger(view: SentenceView, m: Mention, en: EnglishLexicon) -> Frame | None:
    """A trigger that closes the sentence after its speaker ("…, Western diplomats warned.") reports what precedes."""
    toks = view.sentence.tokens
    after = m.last + 1
    if not (after >= len(toks) - 1 or toks[after].norm in (".", "on", "in", "at", "last", "this", "during")):
        return None
    speaker = _speaker_left(view, m, en)
    if speaker is None or speaker.first == 0 or not _comma_before(view, speaker, en.words["determiners"]):
        return None
    return Frame(m, speaker, 0, speaker.first, None)


def _comma_before(view: SentenceView, speaker: Mention, en_modifiers: frozenset[str] = frozenset()) -> bool:
    toks = view.sentence.tokens
    k = speaker.first - 1
    if k >= 0 and toks[k].norm == "(":  # "…, the World Food Program (WFP) said": over the name before the bracket
        k -= 1
        while k >= 0 and toks[k].text[:1].isupper():
            k -= 1
    # "…, Western diplomats said", "…, two senior officials said": over modifiers the lexicon does not know
    steps = 0
    while k >= 0 and steps < 3 and view.by_token.get(k) is None and toks[k].text.isalnum() and (
            toks[k].text[:1].isupper() or toks[k].norm in en_modifiers):
        k -= 1
        steps += 1
    while k >= 0 and toks[k].norm in ("the", "a", "an"):
        k -= 1
    return k >= 0 and toks[k].norm in (",", '"', "”", "'")


def _first_actor(view: SentenceView, before: int) -> Mention | None:
    return next((m for m in view.mentions if m.kind == "actor" and m.first < before), None)


def find_cues(view: SentenceView, en: EnglishLexicon) -> list[Cue]:
    toks = view.sentence.tokens
    cues: list[Cue] = []
    for m in view.mentions:
        if m.kind != "cue":
            continue
        ref = m.surfaces[0].ref
        if m.surfaces[0].cls == "verb":
            before = toks[m.first - 1].norm if m.first else ""
            if before in en.words["determiners"]:
                continue  # "the plan", "a push": nouns, not cue verbs
        label = ref.get("label")
        key = m.key
        if key == "whether" and m.first and toks[m.first - 1].norm in ("or",):
            continue
        clause_start, clause_end = view.clause_of(m.first)
        if key in ("would", "would be") and any(c.label in ("uncertain", "doubted", "suspected") and
                                                c.start <= m.first < c.end for c in cues):
            continue  # "unclear whether Iran would allow": the future of what is in doubt, not a condition
        if key in ("would", "would be") and _reported_future(view, m, clause_start):
            label = "planned"  # "Israel said it would send a delegation": the future of a report, not a condition
        if ref.get("scope") == "clause":
            cues.append(Cue(m, label, clause_start, clause_end, ref.get("control")))
        else:
            cues.append(Cue(m, label, m.first, clause_end, ref.get("control")))
    return cues


def _reported_future(view: SentenceView, cue: Mention, clause_start: int) -> bool:
    """Is this "would" the future of reported speech (inside a report's scope, with no "if" or "unless" in the rest
    of what is reported)? Then it is planned, not hypothetical."""
    frames = [f for f in view.frames if f.start <= cue.first < f.end and f.verb.last < cue.first]
    if not frames:
        return False
    end = min(f.end for f in frames)
    return not any(view.norm(i) in ("if", "unless") for i in range(clause_start, end))
