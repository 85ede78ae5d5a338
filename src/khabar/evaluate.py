"""Score produced events against a hand-written gold file.

The matching rule (the gold file's ``matching`` field) is implemented exactly:

    A produced event matches a gold event when: its evidence sentence contains ``sentence_contains``; its
    source code starts with one of ``source`` (null = no source); same for target; its CAMEO code starts
    with one of ``cameo``; its modality is one of ``modality``; and, where ``attributed_to`` is given, its
    attribution names that speaker (speaker text overlaps ``attributed_to.text``, or speaker code starts
    with one of ``attributed_to.codes``). Each gold event matches at most one produced event. Recall counts
    required events; precision counts produced events that match any gold event, required or optional.

Details:

* Text comparisons use :func:`normalize_for_match` (NFKC, no diacritics/tatweel/invisible marks, ``أإآٱ→ا``,
  ``ى→ي``, ``ة→ه``, case-folded, single spaces). Speaker texts *overlap* when one contains the other (which
  must have at least 3 letters) or they share a word of at least 3 letters once a leading article (``ال``,
  ``وال``, ``بال``, ``لل``…) is removed.
* A ``null`` inside ``source``/``target`` accepts an absent actor (or an actor without a code); a bare
  ``null`` means the actor must be absent. A missing key, or ``null`` for ``cameo``/``modality``/
  ``sentence_contains``, does not constrain. ``plover`` and ``date`` are not part of the rule.
* Pairs are a maximum one-to-one matching (augmenting paths): first as many required gold events as
  possible, then as many matches overall. So two identical produced events against one gold event give
  precision 1/2.
* Recall is 1.0 when there are no required gold events; precision is 1.0 when nothing is produced and the
  gold has no events, 0.0 (with a note) when nothing is produced but the gold has events.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from khabar.gold import GoldEvent, Prefixes, parse_gold_events
from khabar.text.normalize import strip_marks

# ---------------------------------------------------------------------------------------------- normalization

_LETTERS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه"})
_WORD = re.compile(r"[^\W\d_]+")
_ARTICLE = re.compile(r"^(?:[وف]?[بكل]?ال|[وف]?لل)(?=[^\W\d_]{2})")
_WORD_CHARS = re.compile(r"[\W\d_]+")  # everything but letters
_MIN_SHARED_WORD = 3  # letters; also the least a contained speaker text must have


@lru_cache(maxsize=4096)
def normalize_for_match(text: str) -> str:
    """Normalize Arabic (and Latin) text for comparison only; never use the result for offsets."""
    text = strip_marks(unicodedata.normalize("NFKC", text))  # diacritics, tatweel, invisible marks
    return " ".join(text.translate(_LETTERS).casefold().split())


def _stems(normalized: str) -> set[str]:
    stems = (_ARTICLE.sub("", word) for word in _WORD.findall(normalized))
    return {stem for stem in stems if len(stem) >= _MIN_SHARED_WORD}


def speaker_overlaps(speaker_text: str, gold_text: str) -> bool:
    """True if, normalized, the texts contain one another or share a ≥3-letter word (article removed).

    The contained text must have at least 3 letters, so a stray article or particle does not count.
    """
    a, b = normalize_for_match(speaker_text), normalize_for_match(gold_text)
    shorter, longer = sorted((a, b), key=len)
    if len(_WORD_CHARS.sub("", shorter)) >= _MIN_SHARED_WORD and shorter in longer:
        return True
    return bool(_stems(a) & _stems(b))


# ---------------------------------------------------------------------------------------------- gold events

def _get(obj: Any, key: str) -> Any:
    return obj.get(key) if isinstance(obj, Mapping) else None


def _code(actor: Any) -> str | None:
    """The code of a produced actor (dict with ``code``, or a bare code string); ``None`` if absent."""
    code = actor if isinstance(actor, str) else _get(actor, "code")
    return code if isinstance(code, str) and code else None


def _sentence_text(event: Mapping[str, Any]) -> str:
    sentence = event.get("sentence")
    text = sentence if isinstance(sentence, str) else _get(sentence, "text")
    return text if isinstance(text, str) else ""


def _speaker(event: Mapping[str, Any]) -> tuple[str | None, str] | None:
    """``(code, text)`` of the produced attribution's speaker, or ``None`` without an attribution."""
    attribution = event.get("attribution")
    if not isinstance(attribution, Mapping):
        return None
    speaker = attribution.get("speaker")
    text = _get(speaker, "text") or attribution.get("text") or ""
    return _code(speaker), text if isinstance(text, str) else ""


def _fmt(values: Iterable[str | None]) -> str:
    return repr(list(values))


def _actor_failure(role: str, allowed: Prefixes | None, actor: Any) -> str | None:
    if allowed is None:
        return None
    code = _code(actor)
    if code is None:
        return None if None in allowed else f"{role} absent, expected one of {_fmt(allowed)}"
    if any(prefix is not None and code.startswith(prefix) for prefix in allowed):
        return None
    return f"{role} {code} does not start with any of {_fmt(allowed)}"


def _expected_speaker(gold: GoldEvent) -> str:
    parts = [repr(gold.attr_text)] if gold.attr_text else []
    if gold.attr_codes:
        parts.append(_fmt(gold.attr_codes))
    return " or ".join(parts)


def _attribution_failure(gold: GoldEvent, event: Mapping[str, Any]) -> str | None:
    if not gold.attributed:
        return None
    speaker = _speaker(event)
    if speaker is None:
        return f"no attribution, expected speaker {_expected_speaker(gold)}"
    code, text = speaker
    if gold.attr_text and text and speaker_overlaps(text, gold.attr_text):
        return None
    if code and any(code.startswith(prefix) for prefix in gold.attr_codes):
        return None
    return f"attribution speaker {text!r} ({code or 'no code'}) does not match {_expected_speaker(gold)}"


def _sentence_ok(gold: GoldEvent, sentence_norm: str) -> bool:
    return gold.sentence_contains is None or normalize_for_match(gold.sentence_contains) in sentence_norm


def explain_mismatch(
    gold: GoldEvent, event: Mapping[str, Any], sentence_norm: str | None = None
) -> list[str]:
    """Every criterion ``event`` fails for ``gold`` (empty list = it matches), in rule order."""
    failures: list[str] = []
    norm = sentence_norm if sentence_norm is not None else normalize_for_match(_sentence_text(event))
    if not _sentence_ok(gold, norm):
        failures.append(f"sentence does not contain {gold.sentence_contains!r}")
    for role, allowed in (("source", gold.source), ("target", gold.target)):
        failure = _actor_failure(role, allowed, event.get(role))
        if failure:
            failures.append(failure)
    cameo = event.get("cameo")
    if gold.cameo is not None and not (isinstance(cameo, str) and cameo.startswith(gold.cameo)):
        failures.append(f"cameo {cameo} does not start with any of {_fmt(gold.cameo)}")
    modality = event.get("modality")
    if gold.modality is not None and modality not in gold.modality:
        failures.append(f"modality {modality} not in {_fmt(gold.modality)}")
    failure = _attribution_failure(gold, event)
    if failure:
        failures.append(failure)
    return failures


# ---------------------------------------------------------------------------------------------- scoring


@dataclass(frozen=True, slots=True)
class GoldOutcome:
    """Whether one gold event was found; ``explanation`` says why not (closest produced event's failures)."""

    id: str
    required: bool
    hit: bool
    note: str | None = None
    produced_index: int | None = None
    produced_id: str | None = None
    explanation: str | None = None


@dataclass(slots=True)
class EvalResult:
    recall: float
    precision: float
    required_total: int
    required_matched: int
    produced_total: int
    produced_matched: int
    pairs: list[tuple[str, int]] = field(default_factory=list)  # (gold id, index into produced events)
    outcomes: list[GoldOutcome] = field(default_factory=list)  # one per gold event, in gold order
    unmatched_produced: list[int] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _max_matching(
    adjacency: Sequence[Sequence[int]], order: Iterable[int], n_produced: int
) -> dict[int, int]:
    """Maximum bipartite matching by augmenting paths, trying gold events in ``order``.

    Matched gold events stay matched when later ones augment, so putting required events first maximizes
    matched required events, and the final matching is still maximum overall. Returns gold → produced.
    """
    owner: list[int | None] = [None] * n_produced

    def augment(g: int, seen: set[int]) -> bool:
        for p in adjacency[g]:
            if p in seen:
                continue
            seen.add(p)
            current = owner[p]
            if current is None or augment(current, seen):
                owner[p] = g
                return True
        return False

    for g in order:
        augment(g, set())
    return {g: p for p, g in enumerate(owner) if g is not None}


def _event_label(events: Sequence[Mapping[str, Any]], index: int) -> str:
    event_id = events[index].get("event_id")
    return str(event_id) if event_id else f"#{index}"


def _near_miss(
    gi: int,
    failures: Sequence[Sequence[list[str]]],
    owner_of: Mapping[int, int],
    golds: Sequence[GoldEvent],
    events: Sequence[Mapping[str, Any]],
    sentence_norms: Sequence[str],
) -> str:
    """Explain a missed gold event by the closest produced event in a sentence it accepts.

    Closest = fewest failed criteria; ties go to events not already paired, then to the earliest.
    """
    gold = golds[gi]
    in_sentence = [p for p, norm in enumerate(sentence_norms) if _sentence_ok(gold, norm)]
    if not in_sentence:
        if gold.sentence_contains is None:
            return "no events produced"
        return f"no produced event in a sentence containing {gold.sentence_contains!r}"
    best = min(in_sentence, key=lambda p: (len(failures[gi][p]), p in owner_of, p))
    label = _event_label(events, best)
    if not failures[gi][best]:
        return f"{label} matches but is paired with gold {golds[owner_of[best]].id}"
    return f"{label}: " + "; ".join(failures[gi][best])


def evaluate(gold: Mapping[str, Any], events: Sequence[Mapping[str, Any]]) -> EvalResult:
    """Score ``events`` (produced event dicts) against ``gold`` (a dict with an ``events`` list)."""
    golds = parse_gold_events(gold)
    sentence_norms = [normalize_for_match(_sentence_text(e)) for e in events]
    failures = [
        [explain_mismatch(g, e, n) for e, n in zip(events, sentence_norms, strict=True)] for g in golds
    ]
    adjacency = [[p for p, f in enumerate(row) if not f] for row in failures]
    order = [i for i, g in enumerate(golds) if g.required] + [
        i for i, g in enumerate(golds) if not g.required
    ]
    matching = _max_matching(adjacency, order, len(events))
    owner_of = {p: g for g, p in matching.items()}
    outcomes = []
    for gi, g in enumerate(golds):
        if gi in matching:
            p = matching[gi]
            outcomes.append(GoldOutcome(g.id, g.required, True, g.note, p, _event_label(events, p)))
        else:
            explanation = _near_miss(gi, failures, owner_of, golds, events, sentence_norms)
            outcomes.append(GoldOutcome(g.id, g.required, False, g.note, explanation=explanation))
    return _summarize(golds, events, matching, outcomes)


def _summarize(
    golds: Sequence[GoldEvent],
    events: Sequence[Mapping[str, Any]],
    matching: Mapping[int, int],
    outcomes: list[GoldOutcome],
) -> EvalResult:
    required_total = sum(1 for g in golds if g.required)
    required_matched = sum(1 for gi in matching if golds[gi].required)
    notes: list[str] = []
    if required_total:
        recall = required_matched / required_total
    else:
        recall = 1.0
        notes.append("no required gold events: recall is 1.0 by definition")
    if events:
        precision = len(matching) / len(events)
    elif golds:
        precision = 0.0
        notes.append("no events produced: precision is 0.0")
    else:
        precision = 1.0
    matched_produced = set(matching.values())
    return EvalResult(
        recall=recall,
        precision=precision,
        required_total=required_total,
        required_matched=required_matched,
        produced_total=len(events),
        produced_matched=len(matching),
        pairs=[(golds[gi].id, p) for gi, p in sorted(matching.items())],
        outcomes=outcomes,
        unmatched_produced=[p for p in range(len(events)) if p not in matched_produced],
        notes=notes,
    )


def format_report(result: EvalResult) -> str:
    """One line per gold event (✓/✗ id, note, match or explanation), notes, then the summary line."""
    lines = []
    for outcome in result.outcomes:
        mark = "✓" if outcome.hit else "✗"
        tag = "" if outcome.required else " (optional)"
        note = f" {outcome.note}" if outcome.note else ""
        detail = f" [{outcome.produced_id}]" if outcome.hit else f" — {outcome.explanation}"
        lines.append(f"{mark} {outcome.id}{tag}:{note}{detail}")
    lines.extend(f"note: {note}" for note in result.notes)
    lines.append(
        f"recall={result.recall:.3f} ({result.required_matched}/{result.required_total}) "
        f"precision={result.precision:.3f} ({result.produced_matched}/{result.produced_total})"
    )
    return "\n".join(lines)
