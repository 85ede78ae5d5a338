"""Code long articles window by window, so memory follows the window, not the article.

Why: coding keeps every token and mention of an article in memory until its events are built, about 130 bytes of
Python objects per byte of text, so a 45 MB article (the input limit is 50 MB) needed gigabytes. An article longer
than :data:`LONG_TEXT` characters is cut into windows of about :data:`WINDOW` characters, each ending at a line
break (where a sentence always ends, so sentences come out the same as without windows), and each window is coded
with the public :class:`~khabar.pipeline.Coder` API with the article's date and language. Offsets, sentence indexes
and event ids are moved from the window to the article, so the events read as if the article had been coded whole.

A retelling of an event already told in an earlier window is folded into its first telling, as in an article coded
whole: a light copy of each event kept so far (without its sentence's tokens) is folded together with each new
window's events, and the acts told so far go on to the next window (a reaction there to one of them takes its doer).
What a window cannot see is who "he" is when the antecedent is in an earlier window. Articles up to
:data:`LONG_TEXT` characters, which is nearly all news, are coded in one piece exactly as before.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterator
from datetime import date as Date

from khabar.events.assemble import fold_repeats
from khabar.events.backref import ActMemory
from khabar.model import Document, Event, Sentence, SentenceRef
from khabar.pipeline import Coder, article_id_for, detect_language
from khabar.text.normalize import normalize_text

_SHELL = SentenceRef(-1, 0, 0, "")  # what a told event keeps of its sentence: folding never looks at it
LONG_TEXT = 200_000  # characters; longer articles are coded in windows
WINDOW = 50_000  # characters per window, give or take a line


def code_document(coder: Coder, text: str, *, date: Date | None = None, article_id: str | None = None,
                  language: str | None = None) -> Document:
    """One Document for ``text``, coded whole or (when long) window by window.

    The windows' sentences lose their tokens and mentions, and those no event points to also their text (it can be
    sliced from the article by its offsets), so what is held at the end is the events and a small shell per
    sentence, not the coder's working state.
    """
    if len(text) <= LONG_TEXT:
        return coder.code(text, date=date, article_id=article_id, language=language)
    whole: Document | None = None
    for part in code_windows(coder, text, date=date, article_id=article_id, language=language):
        evidence = {e.sentence.index for e in part.events}
        for sentence in part.sentences:
            sentence.tokens, sentence.mentions = [], []
            if sentence.index not in evidence:
                sentence.text = ""
        if whole is None:
            whole = dataclasses.replace(part, text=text, sentences=[], events=[], warnings=[])
        whole.sentences += part.sentences
        whole.events += part.events
        whole.warnings += [w for w in part.warnings if w not in whole.warnings]
    assert whole is not None  # a long text has at least one window
    return whole


def code_windows(coder: Coder, text: str, *, date: Date | None = None, article_id: str | None = None,
                 language: str | None = None) -> Iterator[Document]:
    """Documents for consecutive windows of ``text`` (one when it is not long), with article offsets and ids.

    Each yielded Document's ``text`` is the window; its sentences, mentions and events point into the article.
    """
    article_id = article_id or long_article_id(text)
    if len(text) <= LONG_TEXT:
        yield coder.code(text, date=date, article_id=article_id, language=language)
        return
    language = language or detect_language(text)
    base = 0
    told: list[Event] = []  # light copies of the events kept so far: a later retelling folds into them
    acts = ActMemory()  # the acts told so far: a reaction in a later window to one of them takes its doer
    for offset, window in split_windows(text):
        acts.offset = offset
        doc = coder.code(window, date=date, article_id=article_id, language=language, told=acts)
        _move(doc, offset, base)
        base += len(doc.sentences)
        # fold_repeats keeps the first telling and is idempotent, so the events already told all stay, first
        doc.events = fold_repeats([*told, *doc.events])[len(told):]
        told += [dataclasses.replace(e, sentence=_SHELL) for e in doc.events]
        yield doc
        del doc  # not kept alive while the next window is coded


def long_article_id(text: str, chunk: int = 1_000_000) -> str:
    """``article_id_for(text)``, hashed piece by piece for a long text.

    Why: normalizing a 45 MB article at once made a list of millions of pieces inside ``re.sub`` (over 500 MB for
    a moment). Normalizing is character by character except that whitespace runs become one space, so pieces cut
    between two characters that normalize to something other than whitespace hash exactly as the whole (the tests
    check it against ``article_id_for``).
    """
    if len(text) <= chunk:
        return article_id_for(text)
    digest = hashlib.sha256()
    start = 0
    while start < len(text):
        end = _safe_cut(text, start + chunk)
        digest.update(normalize_text(text[start:end]).encode("utf-8", "surrogatepass"))
        start = end
    return digest.hexdigest()


def _safe_cut(text: str, at: int) -> int:
    """The first position from ``at`` between two characters that both normalize to non-whitespace (or the end)."""
    while at < len(text):
        left, right = normalize_text(text[at - 1]), normalize_text(text[at])
        if left.strip() == left != "" and right.strip() == right != "":
            return at
        at += 1
    return len(text)


def split_windows(text: str, size: int | None = None) -> Iterator[tuple[int, str]]:
    """``(offset, window)`` pieces of ``text``, each about ``size`` characters and ending after a line break.

    A text with no line break for a long stretch is cut after a sentence end (". "), else after a space, else
    anywhere: a sentence may then be cut in two, the price of keeping memory bounded.
    """
    size = size or WINDOW
    start = 0
    while start < len(text):
        end = min(len(text), start + size)
        if end < len(text):
            end = _cut(text, start, end)
        yield start, text[start:end]
        start = end


def _cut(text: str, start: int, high: int) -> int:
    """Where to end the window text[start:high]: after its last line break (sentences then split exactly as in the
    whole text), else after a sentence end or a space in its second half, else at ``high``."""
    at = text.rfind("\n", start + 1, high)
    if at >= 0:
        return at + 1
    for mark in (". ", "؟ ", "? ", "! ", " "):
        at = text.rfind(mark, (start + high) // 2, high)
        if at >= 0:
            return at + len(mark)
    return high


def _move(doc: Document, offset: int, base: int) -> None:
    """Turn window offsets and sentence indexes into article ones, in place (events are rebuilt: they are frozen)."""
    moved: set[int] = set()
    for sentence in doc.sentences:
        _move_sentence(sentence, offset, base, moved)
    doc.events = [_move_event(e, offset, base, moved) for e in doc.events]


def _move_sentence(sentence: Sentence, offset: int, base: int, moved: set[int]) -> None:
    if id(sentence) in moved:
        return
    moved.add(id(sentence))
    sentence.index += base
    sentence.start += offset
    sentence.end += offset
    for mention in sentence.mentions:
        if id(mention) not in moved:
            moved.add(id(mention))
            mention.start += offset
            mention.end += offset


def _move_event(event: Event, offset: int, base: int, moved: set[int]) -> Event:
    s = event.sentence  # an immutable reference: rebuilt at article coordinates
    sentence = SentenceRef(s.index + base, s.start + offset, s.end + offset, s.text)
    source = event.source and dataclasses.replace(event.source, start=event.source.start + offset,
                                                  end=event.source.end + offset)
    target = event.target and dataclasses.replace(event.target, start=event.target.start + offset,
                                                  end=event.target.end + offset)
    attribution = event.attribution and dataclasses.replace(
        event.attribution, start=event.attribution.start + offset, end=event.attribution.end + offset)
    place = event.place
    if place is not None and place.start is not None and place.end is not None:
        place = dataclasses.replace(place, start=place.start + offset, end=place.end + offset)
    start, end = event.trigger_start + offset, event.trigger_end + offset
    return dataclasses.replace(
        event, event_id=_event_id(event.article_id, sentence.index, start, end, source, target), sentence=sentence,
        trigger_start=start, trigger_end=end, source=source, target=target, attribution=attribution, place=place)


def _event_id(article_id: str, sentence: int, start: int, end: int, source: object, target: object) -> str:
    """The event id the coder gives an event at these article coordinates (same recipe as the coder's, which the
    tests check by coding an article both whole and in windows)."""
    codes = [ref.actor.code or "" if ref else "" for ref in (source, target)]  # type: ignore[attr-defined]
    key = "|".join([article_id, str(sentence), f"{start}-{end}", *codes])
    return hashlib.sha256(key.encode()).hexdigest()[:20]
