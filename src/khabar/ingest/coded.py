"""Store what ``khabar batch`` coded: its articles, events and evidence, as they are, without coding them again.

``khabar batch news/ --out coded/`` writes Parquet parts (``coded/articles``, ``coded/events``, ``coded/mentions``);
``khabar ingest coded/`` reads them partition by partition and saves each article with its events, sentences and
mentions in one transaction per partition, like :func:`khabar.ingest.ingest` does for articles it codes itself.
An article already stored with the same lexicon version is skipped unless ``recode`` is set. Parts written by a
khabar batch older than this one have no article text; they are reported as failed (re-run the batch).
"""

from __future__ import annotations

import os
import time
from collections import defaultdict
from collections.abc import Iterator
from itertools import groupby
from pathlib import Path
from typing import Any

from khabar.errors import E_EMPTY, E_ENCODING
from khabar.export.flat import METADATA
from khabar.export.parquet import iter_parquet
from khabar.ingest.run import PARTIAL, IngestSummary
from khabar.ingest.windows import LONG_TEXT
from khabar.progress import progress_bar
from khabar.store import ArticleRecord, Store

#: Articles read from an articles part at a time (their text included), and rows of a long article saved at once.
_ARTICLES_AT_ONCE = 32
_ROWS_AT_ONCE = 20_000
#: Keys the flat events carry besides the event itself (the article's metadata, cluster counts).
_NOT_EVENT = frozenset({*METADATA, "num_mentions", "num_sources", "num_articles"})


def import_batch(folder: str | os.PathLike[str], store: Store, *, recode: bool = False,
                 progress: bool = False) -> IngestSummary:
    """Save every partition of a ``khabar batch`` output folder into ``store``; returns what was done."""
    import pyarrow.parquet as pq

    root = Path(folder)
    summary = IngestSummary()
    started = time.perf_counter()
    parts = sorted((root / "articles").glob("part-*.parquet"))
    total = sum(pq.ParquetFile(p).metadata.num_rows for p in parts)
    with progress_bar(progress, "import", total=total) as bar:
        for part in parts:
            try:
                # pre_buffer off: reading the ids must not pull the row group's texts into memory (+50 MB for one
                # 10 MB article with it on)
                source = pq.ParquetFile(part, pre_buffer=False)
                ids = set(source.read(columns=["article_id"]).column(0).to_pylist())
                if "text" not in source.schema_arrow.names:
                    summary.read += len(ids)
                    summary.failed.append((str(part), f"{E_EMPTY} written by an older khabar batch without the "
                                           "article text: run khabar batch again to re-code it, or ingest the "
                                           "original files"))
                    continue
            except Exception as exc:  # a truncated or foreign file: report it, keep importing the others
                summary.failed.append((str(part), f"{E_ENCODING} cannot read Parquet: {' '.join(str(exc).split())}"))
                continue
            _save_partition(root, part.name, source, ids, store, summary, recode, bar.advance)
    summary.seconds = time.perf_counter() - started
    return summary


def _save_partition(root: Path, name: str, source: Any, ids: set[str], store: Store, summary: IngestSummary,
                    recode: bool, advance: Any) -> None:
    """One partition, its articles read a few at a time and their events and mentions streamed alongside (all three
    parts are written in article order): a run of short articles is saved in one transaction, a long one in
    pieces."""
    events = _ByArticle(_events(root / "events" / name), ids)
    mentions = _ByArticle(_mentions(root / "mentions" / name), ids)
    for batch in source.iter_batches(batch_size=_ARTICLES_AT_ONCE):
        # the sentence spans stay in Arrow until used: a long article's are converted a slice at a time
        spans = batch.column("sentences") if "sentences" in batch.schema.names else None
        articles = batch.select([n for n in batch.schema.names if n != "sentences"]).to_pylist()
        for row, a in enumerate(articles):
            a["sentences"] = spans[row] if spans is not None else None
        del batch  # its texts are Python strings now: the Arrow copy goes (the spans keep only their own column)
        summary.read += len(articles)
        for long, run in groupby(articles, key=lambda a: bool(a.get("text_file")) or len(a["text"] or "") > LONG_TEXT):
            if long:  # each in its own transactions, in article order (the rows stream in that order)
                for a in run:
                    _save_long(root, a, events, mentions, store, summary, recode)
            else:
                with store.transaction():
                    for a in run:
                        _save_one(a, events, mentions, store, summary, recode)
        advance(len(articles))


def _record(a: dict[str, Any]) -> ArticleRecord:
    return ArticleRecord(article_id=a["article_id"], text=a["text"] or "", title=a.get("title"), url=a.get("url"),
                         outlet=a.get("outlet"), published=a.get("published"), language=a.get("language") or "ar",
                         source_path=a.get("source_path"))


def _sentences(a: dict[str, Any], start: int = 0, stop: int | None = None) -> list[dict[str, Any]]:
    """The article's sentences [start:stop] as rows with their text (its spans are an Arrow list scalar)."""
    spans = a.get("sentences")
    if spans is None or not spans.is_valid:
        return []
    values = spans.values
    stop = len(values) if stop is None else min(stop, len(values))
    text = a["text"] or ""
    return [{**s, "text": text[s["start"]:s["end"]]} for s in values.slice(start, max(0, stop - start)).to_pylist()]


def _skip(a: dict[str, Any], events: _ByArticle, mentions: _ByArticle, store: Store, summary: IngestSummary,
          recode: bool) -> bool:
    if recode or not store.has_article(a["article_id"], a.get("lexicon_version") or "batch"):
        return False
    _pass_over(a, events, mentions)
    summary.skipped_duplicates += 1
    return True


def _pass_over(a: dict[str, Any], events: _ByArticle, mentions: _ByArticle) -> None:
    """Read past an article's events and mentions without keeping them (it is skipped or failed)."""
    for rows in (events, mentions):
        for _ in rows.take(a["article_id"]):
            pass


def _save_one(a: dict[str, Any], events: _ByArticle, mentions: _ByArticle, store: Store, summary: IngestSummary,
              recode: bool) -> None:
    if _skip(a, events, mentions, store, summary, recode):
        return
    own = list(events.take(a["article_id"]))
    store.save_article(_record(a), own, a.get("lexicon_version") or "batch", sentences=_sentences(a),
                       mentions=list(mentions.take(a["article_id"])))
    summary.coded += 1
    summary.events += len(own)


def _save_long(root: Path, a: dict[str, Any], events: _ByArticle, mentions: _ByArticle, store: Store,
               summary: IngestSummary, recode: bool) -> None:
    """A long article in pieces, each in its own short transaction (as khabar ingest saves a long article it codes,
    see khabar.ingest.run._save_long): the article row first, marked partial, then its events, sentences and
    mentions a slice at a time, and its lexicon version last, so an import killed half way redoes it."""
    if _skip(a, events, mentions, store, summary, recode):
        return
    if a.get("text_file"):  # the text written beside the parts (khabar.batch.worker._write_text)
        try:
            a["text"] = _read_text(root, a["text_file"])
        except (OSError, UnicodeError, ValueError) as exc:  # a missing or foreign file: this article fails alone
            _pass_over(a, events, mentions)
            summary.failed.append((str(root / "articles"), f"{E_ENCODING} article {a['article_id']}: cannot read "
                                   f"its text file: {' '.join(str(exc).split())[:200]}"))
            return
    record, version = _record(a), a.get("lexicon_version") or "batch"
    own = list(events.take(a["article_id"]))  # an article's events are few; its mentions are not
    with store.transaction():
        store.save_article(record, own, f"{version}{PARTIAL}", sentences=_sentences(a, 0, _ROWS_AT_ONCE))
    total = len(a["sentences"].values) if a.get("sentences") is not None and a["sentences"].is_valid else 0
    for k in range(_ROWS_AT_ONCE, total, _ROWS_AT_ONCE):
        with store.transaction():
            store.append_rows(record, [], sentences=_sentences(a, k, k + _ROWS_AT_ONCE))
    for piece in _slices(mentions.take(a["article_id"]), _ROWS_AT_ONCE):
        with store.transaction():
            store.append_rows(record, [], mentions=piece)
    store.set_version(record.article_id, version)
    summary.coded += 1
    summary.events += len(own)


def _read_text(root: Path, name: str) -> str:
    """A long article's text file, which must lie inside the batch output folder (the part names it)."""
    path = (root / name).resolve()
    if not path.is_relative_to((root / "texts").resolve()):
        raise ValueError(f"{name!r} is not a file of this batch output's texts/ folder")
    return path.read_text(encoding="utf-8", errors="surrogatepass")


def _slices(rows: Iterator[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    piece: list[dict[str, Any]] = []
    for row in rows:
        piece.append(row)
        if len(piece) >= size:
            yield piece
            piece = []
    if piece:
        yield piece


class _ByArticle:
    """The rows of one part (events or mentions), handed out article by article as the articles part is read. The
    parts are written in the same article order, so this holds a row or so ahead, not the part; rows of an article
    the articles part does not have (one that failed half way) are passed over."""

    def __init__(self, rows: Iterator[dict[str, Any]], ids: set[str]) -> None:
        self._rows, self._ids = rows, ids
        self._ahead: dict[str, list[dict[str, Any]]] = defaultdict(list)

    def take(self, article_id: str) -> Iterator[dict[str, Any]]:
        """The rows of ``article_id``, lazily; read them all before asking for the next article."""
        yield from self._ahead.pop(article_id, [])
        for row in self._rows:
            owner = row["article_id"]
            if owner == article_id:
                yield row
            elif owner in self._ids:  # the next article's first row (or one written out of order): keep it
                self._ahead[owner].append(row)
                if len(self._ahead) == 1 and len(self._ahead[owner]) == 1:
                    return  # in article order: this article's rows are over


def _events(path: Path) -> Iterator[dict[str, Any]]:
    """The event dicts of one events part, without the article metadata the flat record adds."""
    if not path.exists():
        return
    for event in iter_parquet(path):
        yield {k: v for k, v in event.items() if k not in _NOT_EVENT}


def _mentions(path: Path) -> Iterator[dict[str, Any]]:
    import pyarrow.parquet as pq

    if path.exists():
        for batch in pq.ParquetFile(path, pre_buffer=False).iter_batches(batch_size=_ROWS_AT_ONCE):
            yield from batch.to_pylist()
