"""The article text as HTML with its mentions highlighted (``<mark>``), built only from escaped text pieces.

Spans come from the stored mentions (actors, places, dates, triggers, reporting verbs, modality cues) and from the
events' trigger offsets. Overlapping spans are nested when one contains the other; a span that crosses another's
boundary is skipped (the first, longer one wins). Attribute values are escaped; the only tags emitted are ours.

>>> text = "<b>x</b> y"
>>> spans = [Span(0, 8, "actor", "m0", {"code": "A"}), Span(3, 4, "trigger", "m1", {}), Span(5, 10, "date", "m2", {})]
>>> str(render_text(text, spans))  # doctest: +NORMALIZE_WHITESPACE
'<mark class="hl hl-actor" id="m0" tabindex="0" data-kind="actor" data-code="A">&lt;b&gt;<mark class="hl hl-trigger"
 id="m1" tabindex="0" data-kind="trigger">x</mark>&lt;/b&gt;</mark> y'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup, escape

from khabar.web.safety import escape_text

KINDS = ("trigger", "actor", "place", "date", "report", "cue")


@dataclass
class Span:
    start: int
    end: int
    kind: str
    span_id: str
    data: dict[str, Any]
    children: list[Span] = field(default_factory=list)


def _mark_open(span: Span) -> str:
    kind = span.kind if span.kind in KINDS else "other"
    attrs = [f'class="hl hl-{kind}"', f'id="{escape(span.span_id)}"', 'tabindex="0"', f'data-kind="{kind}"']
    for key, value in span.data.items():
        if value not in (None, ""):
            attrs.append(f'data-{key}="{escape(str(value))}"')
    return f"<mark {' '.join(attrs)}>"


def _nest(spans: list[Span], length: int) -> list[Span]:
    """A forest of properly nested spans (crossing spans dropped), in text order."""
    roots: list[Span] = []
    stack: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if not 0 <= span.start < span.end <= length:
            continue
        while stack and stack[-1].end <= span.start:
            stack.pop()
        if stack and span.end > stack[-1].end:
            continue  # crosses the enclosing span's end
        (stack[-1].children if stack else roots).append(span)
        stack.append(span)
    return roots


def _emit(text: str, start: int, end: int, spans: list[Span], out: list[str]) -> None:
    pos = start
    for span in spans:
        out.append(str(escape_text(text[pos:span.start])))
        out.append(_mark_open(span))
        _emit(text, span.start, span.end, span.children, out)
        out.append("</mark>")
        pos = span.end
    out.append(str(escape_text(text[pos:end])))


def render_text(text: str, spans: list[Span]) -> Markup:
    """``text`` escaped, with ``spans`` wrapped in ``<mark>`` elements."""
    out: list[str] = []
    _emit(text, 0, len(text), _nest(spans, len(text)), out)
    return Markup("".join(out))


def card_id(event: dict[str, Any], n: int) -> str:
    """The HTML id of an event's card on its article page (``ev-`` + event id; the events table links to it)."""
    return f"ev-{event.get('event_id') or n}"


def article_spans(article: dict[str, Any]) -> tuple[list[Span], dict[int, str]]:
    """Spans for an article's mentions and event triggers; and event index → the id of its trigger's span."""
    spans: dict[tuple[int, int, str], Span] = {}
    for i, m in enumerate(article.get("mentions") or []):
        start, end = m.get("start_offset"), m.get("end_offset")
        if not isinstance(start, int) or not isinstance(end, int):
            continue
        key = (start, end, str(m.get("kind")))
        spans.setdefault(key, Span(start, end, str(m.get("kind")), f"m{i}",
                                   {"code": m.get("code"), "name": m.get("name"), "rule": m.get("rule"),
                                    "text": m.get("text")}))
    trigger_of: dict[int, str] = {}
    for n, event in enumerate(article.get("events") or []):
        trigger = event.get("trigger") or {}
        start, end = trigger.get("start"), trigger.get("end")
        if not isinstance(start, int) or not isinstance(end, int):
            continue
        key = (start, end, "trigger")
        if key not in spans:
            spans[key] = Span(start, end, "trigger", f"t{n}", {"rule": event.get("rule"), "text": trigger.get("text")})
        span = spans[key]
        span.data["events"] = " ".join(filter(None, [span.data.get("events"), card_id(event, n)]))
        span.data["event-rule"] = event.get("rule")
        trigger_of[n] = span.span_id
    return list(spans.values()), trigger_of
