"""The ingest loop: read sources, code each new article, save articles and events batch by batch.

Each batch is coded first and then saved in one store transaction, so a process killed at any point loses at most
the batch it was working on; running the same ingest again skips what is already stored and completes the rest.
An article already in the store is skipped unless ``recode=True`` or it was coded with another lexicon version,
in which case its events are replaced.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from khabar.ingest.count import count_records
from khabar.ingest.sources import BadRecord, RawArticle, read_sources
from khabar.model import Document
from khabar.pipeline import CODED_LANGUAGES, Coder, article_id_for
from khabar.progress import Bar, progress_bar
from khabar.store import ArticleRecord, Store


@dataclass(slots=True)
class IngestSummary:
    """What one ingest did. ``failed`` lists (source_path, reason) for every file or record not stored."""

    read: int = 0
    coded: int = 0
    skipped_duplicates: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    skipped_language: list[tuple[str, str]] = field(default_factory=list)  # (source_path, reason): not ar/en
    events: int = 0
    seconds: float = 0.0
    clusters: int | None = None

    @property
    def rate(self) -> float:
        """Articles read per second."""
        return self.read / self.seconds if self.seconds > 0 else 0.0


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
    coder = coder or Coder()
    summary = IngestSummary()
    started = time.perf_counter()
    run_id = store.start_run(coder.lexicon.version)
    try:
        with progress_bar(progress, "ingest", total=count_records(paths) if progress else None) as bar:
            batch: list[RawArticle] = []
            seen: set[str] = set()
            for item in read_sources(paths, default_outlet=default_outlet, default_date=default_date):
                if isinstance(item, BadRecord):
                    summary.failed.append((item.source_path, item.reason))
                    bar.advance(1)
                    continue
                summary.read += 1
                batch.append(item)
                if len(batch) >= batch_size:
                    _run_batch(batch, store, coder, summary, seen, recode, bar)
                    batch = []
            _run_batch(batch, store, coder, summary, seen, recode, bar)
        summary.clusters = store.recluster()
    finally:
        summary.seconds = time.perf_counter() - started
        with contextlib.suppress(Exception):  # recording the run must not hide the error that stopped it
            store.finish_run(run_id, read=summary.read, coded=summary.coded,
                             skipped=summary.skipped_duplicates, failed=len(summary.failed))
    return summary


def _run_batch(batch: list[RawArticle], store: Store, coder: Coder, summary: IngestSummary, seen: set[str],
               recode: bool, bar: Bar) -> None:
    """Code the new articles of one batch, then save them in one transaction (the bar moves per article)."""
    version = coder.lexicon.version
    to_save: list[tuple[ArticleRecord, list[dict[str, Any]], Document]] = []
    for raw in batch:
        bar.advance(1)
        article_id = raw.article_id or article_id_for(raw.text)
        if article_id in seen or not _needs_coding(store, article_id, version, recode):
            summary.skipped_duplicates += 1
            continue
        seen.add(article_id)
        try:
            doc = coder.code(raw.text, date=raw.published, article_id=article_id)
        except Exception as exc:  # a coder bug on one article must not stop a long ingest: report it
            reason = " ".join(f"internal error while coding: {type(exc).__name__}: {exc}".split())
            summary.failed.append((raw.source_path or article_id, reason))
            continue
        if doc.language not in CODED_LANGUAGES:
            summary.skipped_language.append((raw.source_path or article_id, f"language {doc.language!r} is not coded "
                                             "(Arabic and English only)"))
            continue
        record = ArticleRecord(article_id=article_id, text=raw.text, title=raw.title, url=raw.url, outlet=raw.outlet,
                               published=raw.published, language=doc.language, source_path=raw.source_path)
        to_save.append((record, [e.to_dict() for e in doc.events], doc))
    if not to_save:
        return
    with store.transaction():
        for record, events, doc in to_save:
            sentences, mentions = structure_rows(doc)
            store.save_article(record, events, version, sentences=sentences, mentions=mentions)
    summary.coded += len(to_save)
    summary.events += sum(len(events) for _, events, _ in to_save)


_STORED_KINDS = frozenset({"actor", "place", "date", "trigger", "report", "cue"})


def structure_rows(doc: Document) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The sentences and the mentions the coder found in them, as the store keeps them (evidence for views)."""
    sentences = [{"index": s.index, "start": s.start, "end": s.end, "text": s.text} for s in doc.sentences]
    mentions = [{"sentence_index": s.index, "kind": m.kind, "start": m.start, "end": m.end, "text": m.text,
                 "code": m.actor.code if m.actor else m.value, "name": m.actor.name if m.actor else None,
                 "rule": " + ".join(m.rules or [m.entry])}
                for s in doc.sentences for m in s.mentions if m.kind in _STORED_KINDS]
    return sentences, mentions


def _needs_coding(store: Store, article_id: str, version: str, recode: bool) -> bool:
    """True if the article is new, ``recode`` is set, or it was stored with another lexicon version."""
    return recode or not store.has_article(article_id, version)
