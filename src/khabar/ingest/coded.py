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
from pathlib import Path
from typing import Any

from khabar.errors import E_EMPTY, E_ENCODING
from khabar.export.flat import METADATA
from khabar.export.parquet import iter_parquet
from khabar.ingest.run import IngestSummary
from khabar.progress import progress_bar
from khabar.store import ArticleRecord, Store

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
                articles = pq.read_table(part).to_pylist()
            except Exception as exc:  # a truncated or foreign file: report it, keep importing the others
                summary.failed.append((str(part), f"{E_ENCODING} cannot read Parquet: {' '.join(str(exc).split())}"))
                continue
            summary.read += len(articles)
            if articles and "text" not in articles[0]:
                summary.failed.append((str(part), f"{E_EMPTY} written by an older khabar batch without the article "
                                       "text: run khabar batch again to re-code it, or ingest the original files"))
                continue
            _save_partition(root, part.name, articles, store, summary, recode)
            bar.advance(len(articles))
    summary.seconds = time.perf_counter() - started
    return summary


def _save_partition(root: Path, name: str, articles: list[dict[str, Any]], store: Store, summary: IngestSummary,
                    recode: bool) -> None:
    events = _grouped(_events(root / "events" / name))
    mentions = _grouped(_mentions(root / "mentions" / name))
    with store.transaction():
        for a in articles:
            version = a.get("lexicon_version") or "batch"
            if not recode and store.has_article(a["article_id"], version):
                summary.skipped_duplicates += 1
                continue
            text = a["text"] or ""
            record = ArticleRecord(article_id=a["article_id"], text=text, title=a.get("title"), url=a.get("url"),
                                   outlet=a.get("outlet"), published=a.get("published"),
                                   language=a.get("language") or "ar", source_path=a.get("source_path"))
            sentences = [{**s, "text": text[s["start"]:s["end"]]} for s in a.get("sentences") or []]
            own = events.get(a["article_id"], [])
            store.save_article(record, own, version, sentences=sentences, mentions=mentions.get(a["article_id"], []))
            summary.coded += 1
            summary.events += len(own)


def _grouped(rows: Iterator[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        out[row["article_id"]].append(row)
    return out


def _events(path: Path) -> Iterator[dict[str, Any]]:
    """The event dicts of one events part, without the article metadata the flat record adds."""
    if not path.exists():
        return
    for event in iter_parquet(path):
        yield {k: v for k, v in event.items() if k not in _NOT_EVENT}


def _mentions(path: Path) -> Iterator[dict[str, Any]]:
    import pyarrow.parquet as pq

    if path.exists():
        yield from pq.read_table(path).to_pylist()
