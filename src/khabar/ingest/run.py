"""The ingest loop: read sources, code each new article, save articles and events batch by batch.

Each batch is coded first and then saved in one store transaction, so a process killed at any point loses at most
the batch it was working on; running the same ingest again skips what is already stored and completes the rest.
An article already in the store is skipped unless ``recode=True`` or it was coded with another lexicon version,
in which case its events are replaced.

Nothing lost: every record is handled on its own. A record that cannot be read, coded or saved is reported in
``failed`` with its ``file:line`` and error code, and every other record is stored; when a batch's transaction
fails, its articles are saved again one by one so only the guilty one is lost. Nothing let in: a user id reused
for a different text is reported, not stored over the first. Memory is bounded: a batch closes at
:data:`BATCH_CHARS` characters of text as well as at ``batch_size`` articles, a coded article is kept as rows (not
as the coder's Document), and a long article is coded and saved window by window (:mod:`khabar.ingest.windows`).
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from khabar.errors import E_ID_CONFLICT
from khabar.ingest.count import count_records
from khabar.ingest.sources import BadRecord, RawArticle, read_sources
from khabar.ingest.windows import LONG_TEXT, code_windows, long_article_id
from khabar.model import Document
from khabar.pipeline import CODED_LANGUAGES, Coder
from khabar.progress import progress_bar
from khabar.store import ArticleRecord, Store

#: A batch is saved when it holds this many characters of text, however few articles (bounds memory).
BATCH_CHARS = 1_000_000
#: Suffix of the lexicon version of a long article whose windows are still being written (see _save_long).
PARTIAL = "+partial"
_STORED_KINDS = frozenset({"actor", "place", "date", "trigger", "report", "cue"})


@dataclass(slots=True)
class IngestSummary:
    """What one ingest did. ``failed`` lists (source_path, reason) for every file or record not stored;
    ``warnings`` lists (source_path, message) for records stored with something changed or left out."""

    read: int = 0
    coded: int = 0
    skipped_duplicates: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    skipped_language: list[tuple[str, str]] = field(default_factory=list)  # (source_path, reason): not ar/en
    warnings: list[tuple[str, str]] = field(default_factory=list)
    events: int = 0
    seconds: float = 0.0
    clusters: int | None = None

    @property
    def rate(self) -> float:
        """Articles read per second."""
        return self.read / self.seconds if self.seconds > 0 else 0.0


@dataclass(slots=True)
class _Coded:
    """One coded article as the store keeps it (rows, not the coder's Document, which is 10× larger)."""

    record: ArticleRecord
    events: list[dict[str, Any]]
    sentences: list[dict[str, Any]]
    mentions: list[dict[str, Any]]


@dataclass(slots=True)
class _Run:
    store: Store
    coder: Coder
    summary: IngestSummary
    recode: bool
    # article id -> (text digest, where first read), for the batch being coded: earlier batches are in the store
    seen: dict[str, tuple[str, str]] = field(default_factory=dict)


def ingest(
    paths: Iterable[str | os.PathLike[str]],
    store: Store,
    *,
    coder: Coder | None = None,
    progress: bool = False,
    batch_size: int = 50,
    recode: bool = False,
    default_outlet: str | None = None,
    default_date: date | None = None,
) -> IngestSummary:
    """Code and store every article of ``paths`` (files, folders, globs, ``-``); see the module docstring.

    ``default_outlet``/``default_date`` are the outlet and publication date of articles whose source gives none.
    """
    paths = [os.fspath(p) for p in paths]
    run = _Run(store, coder or Coder(), IngestSummary(), recode)
    summary = run.summary
    started = time.perf_counter()
    run_id = store.start_run(run.coder.lexicon.version)
    try:
        with progress_bar(progress, "ingest", total=count_records(paths) if progress else None) as bar:
            batch: list[RawArticle] = []
            chars = 0
            for item in read_sources(paths, default_outlet=default_outlet, default_date=default_date):
                if isinstance(item, BadRecord):
                    summary.failed.append((item.source_path, item.reason))
                    bar.advance(1)
                    continue
                summary.read += 1
                summary.warnings += [(_where(item), w) for w in item.warnings]
                batch.append(item)
                chars += len(item.text)
                if len(batch) >= batch_size or chars >= BATCH_CHARS:
                    _run_batch(batch, run)
                    bar.advance(len(batch))
                    batch, chars = [], 0
            _run_batch(batch, run)
            bar.advance(len(batch))
        summary.clusters = store.recluster()
    finally:
        summary.seconds = time.perf_counter() - started
        with contextlib.suppress(Exception):  # recording the run must not hide the error that stopped it
            store.finish_run(run_id, read=summary.read, coded=summary.coded,
                             skipped=summary.skipped_duplicates, failed=len(summary.failed))
    return summary


def _run_batch(batch: list[RawArticle], run: _Run) -> None:
    """Code the new articles of one batch, then save them in one transaction (long articles: on their own)."""
    to_save: list[_Coded] = []
    run.seen.clear()
    for raw in batch:
        try:  # everything about one record, its id included: a bad record must cost only itself
            article_id = _new_article_id(raw, run)
            if article_id is None:
                continue
            if len(raw.text) > LONG_TEXT:
                _save_long(raw, article_id, run)
                continue
            doc = run.coder.code(raw.text, date=raw.published, article_id=article_id)
            coded = _coded(raw, doc, run)
        except Exception as exc:  # a coder bug on one article must not stop a long ingest: report it
            _fail(raw, exc, run)
            continue
        if coded is not None:
            to_save.append(coded)
    _save(to_save, run)


def _new_article_id(raw: RawArticle, run: _Run) -> str | None:
    """The article's id, or None when it is not to be coded (a duplicate, or a conflicting reuse of an id)."""
    article_id = raw.article_id or long_article_id(raw.text)
    where = _where(raw)
    digest = long_article_id(raw.text) if raw.article_id else article_id
    if article_id in run.seen:
        first_digest, first_where = run.seen[article_id]
        if first_digest != digest:
            run.summary.failed.append((where, f"{E_ID_CONFLICT} id {article_id!r} was already used for a "
                                              f"different text ({first_where}): not stored"))
        else:
            run.summary.skipped_duplicates += 1
        return None
    run.seen[article_id] = (digest, where)
    if raw.article_id and run.store.same_text(article_id, raw.text) is False:
        run.summary.failed.append((where, f"{E_ID_CONFLICT} id {article_id!r} is stored with a different text: "
                                          "not stored (give this article another id)"))
        return None
    if not (run.recode or not run.store.has_article(article_id, run.coder.lexicon.version)):
        run.summary.skipped_duplicates += 1
        return None
    return article_id


def _coded(raw: RawArticle, doc: Document, run: _Run) -> _Coded | None:
    """The rows of a coded article, or None (recorded as skipped) when its language is not coded."""
    if doc.language not in CODED_LANGUAGES:
        run.summary.skipped_language.append((_where(raw), f"language {doc.language!r} is not coded "
                                             "(Arabic and English only)"))
        return None
    sentences, mentions = structure_rows(doc)
    return _Coded(_record(raw, doc.article_id, doc.language), [e.to_dict() for e in doc.events], sentences, mentions)


def _save(coded: list[_Coded], run: _Run) -> None:
    """Save a batch in one transaction; if that fails, each article alone, so one bad row costs one article."""
    if not coded:
        return
    try:
        with run.store.transaction():
            for c in coded:
                run.store.save_article(c.record, c.events, run.coder.lexicon.version, sentences=c.sentences,
                                       mentions=c.mentions)
    except Exception as batch_error:
        if len(coded) == 1:
            _fail_saving(coded[0], batch_error, run)
            return
        failures = 0
        for c in coded:
            try:
                with run.store.transaction():
                    run.store.save_article(c.record, c.events, run.coder.lexicon.version, sentences=c.sentences,
                                           mentions=c.mentions)
            except Exception as exc:
                failures += 1
                _fail_saving(c, exc, run)
            else:
                _count(c, run)
        if failures == len(coded):  # not one article's fault (the database went away): stop, loudly
            raise batch_error from None
        return
    for c in coded:
        _count(c, run)


def _save_long(raw: RawArticle, article_id: str, run: _Run) -> None:
    """Code a long article window by window, writing each window's rows in its own short transaction.

    Why not one transaction: DuckDB keeps a transaction's rows in memory until it commits (a 45 MB article's
    sentences and mentions are far over the memory budget), and on PostgreSQL it would hold the write lock while
    coding. Instead the article row is written first marked ``VERSION+partial``, which ``has_article`` does not
    take for coded, and gets its lexicon version when the last window is stored: an ingest killed half way codes
    the article again on the next run, replacing the partial rows.
    """
    record: ArticleRecord | None = None
    version = run.coder.lexicon.version
    events = 0
    for doc in code_windows(run.coder, raw.text, date=raw.published, article_id=article_id):
        if doc.language not in CODED_LANGUAGES:
            run.summary.skipped_language.append((_where(raw), f"language {doc.language!r} is not coded "
                                                 "(Arabic and English only)"))
            return
        sentences, mentions = structure_rows(doc)
        rows = [e.to_dict() for e in doc.events]
        language = doc.language
        del doc  # the coder's working state goes before the next window is coded
        events += len(rows)
        with run.store.transaction():
            if record is None:
                record = _record(raw, article_id, language)
                run.store.save_article(record, rows, f"{version}{PARTIAL}", sentences=sentences, mentions=mentions)
            else:
                run.store.append_rows(record, rows, sentences=sentences, mentions=mentions)
    run.store.set_version(article_id, version)
    run.summary.coded += 1
    run.summary.events += events


def _record(raw: RawArticle, article_id: str, language: str) -> ArticleRecord:
    return ArticleRecord(article_id=article_id, text=raw.text, title=raw.title, url=raw.url, outlet=raw.outlet,
                         published=raw.published, language=language, source_path=raw.source_path)


def _count(c: _Coded, run: _Run) -> None:
    run.summary.coded += 1
    run.summary.events += len(c.events)


def _fail(raw: RawArticle, exc: Exception, run: _Run) -> None:
    reason = " ".join(f"internal error while coding: {type(exc).__name__}: {exc}".split())[:500]
    run.summary.failed.append((_where(raw), reason))


def _fail_saving(c: _Coded, exc: Exception, run: _Run) -> None:
    reason = " ".join(f"internal error while saving: {type(exc).__name__}: {exc}".split())[:500]
    run.summary.failed.append((c.record.source_path or c.record.article_id, reason))


def _where(raw: RawArticle) -> str:
    return raw.source_path or raw.article_id or "<unknown>"


def structure_rows(doc: Document) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The sentences and the mentions the coder found in them, as the store keeps them (evidence for views)."""
    sentences = [{"index": s.index, "start": s.start, "end": s.end, "text": s.text} for s in doc.sentences]
    mentions = [{"sentence_index": s.index, "kind": m.kind, "start": m.start, "end": m.end, "text": m.text,
                 "code": m.actor.code if m.actor else m.value, "name": m.actor.name if m.actor else None,
                 "rule": " + ".join(m.rules or [m.entry])}
                for s in doc.sentences for m in s.mentions if m.kind in _STORED_KINDS]
    return sentences, mentions
