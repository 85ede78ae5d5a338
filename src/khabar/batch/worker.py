"""One partition, coded by one task: code its articles with the worker's cached Coder, write three Parquet files.

The Coder is compiled once per process (:data:`_CODERS`, keyed by the lexicon overlays), so a Dask worker pays the
lexicon load once however many partitions it codes. Files are written under a temporary name and renamed, so a
partition whose three files exist is complete (:func:`partition_done`).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import date as Date
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from khabar.export.parquet import write_parquet
from khabar.ingest.run import structure_rows
from khabar.ingest.sources import RawArticle
from khabar.pipeline import Coder, article_id_for

KINDS = ("events", "articles", "mentions")
_SENTENCE = pa.struct([("index", pa.int32()), ("start", pa.int32()), ("end", pa.int32())])
# The article text, its sentence spans and the lexicon version travel with the coded output, so that
# `khabar ingest OUT` can store it as it is (articles, evidence, events) without coding it again.
ARTICLE_SCHEMA = pa.schema([
    ("article_id", pa.string()), ("title", pa.string()), ("url", pa.string()), ("outlet", pa.string()),
    ("published", pa.date32()), ("language", pa.string()), ("source_path", pa.string()),
    ("n_sentences", pa.int32()), ("n_events", pa.int32()), ("text", pa.string()), ("lexicon_version", pa.string()),
    ("sentences", pa.list_(_SENTENCE)),
], metadata={b"khabar": b"khabar.batch-articles/1"})
MENTION_SCHEMA = pa.schema([
    ("article_id", pa.string()), ("sentence_index", pa.int32()), ("kind", pa.string()), ("start", pa.int32()),
    ("end", pa.int32()), ("text", pa.string()), ("code", pa.string()), ("name", pa.string()), ("rule", pa.string()),
], metadata={b"khabar": b"khabar.batch-mentions/1"})

_CODERS: dict[tuple[str, ...], Coder] = {}


def coder_for(overlays: Sequence[str] = ()) -> Coder:
    """The process's Coder for these lexicon overlays, compiled on first use."""
    key = tuple(overlays)
    coder = _CODERS.get(key)
    if coder is None:
        coder = _CODERS[key] = Coder(overlays=[Path(p) for p in key])
    return coder


def part_name(index: int) -> str:
    return f"part-{index:05d}.parquet"


def part_paths(out: Path, index: int) -> dict[str, Path]:
    return {kind: out / kind / part_name(index) for kind in KINDS}


def partition_done(out: Path, index: int) -> bool:
    return all(p.exists() for p in part_paths(out, index).values())


def code_partition(index: int, articles: Sequence[RawArticle], out: str, overlays: Sequence[str] = (),
                   date_default: Date | None = None) -> dict[str, Any]:
    """Code one partition and write its files; returns counts and the articles that failed to code."""
    coder = coder_for(overlays)
    events: list[dict[str, Any]] = []
    rows: list[dict[str, Any]] = []
    mentions: list[dict[str, Any]] = []
    errors: list[dict[str, Any]] = []
    sentences = 0
    for raw in articles:
        try:
            doc = coder.code(raw.text, date=raw.published or date_default,
                             article_id=raw.article_id or article_id_for(raw.text))
        except Exception as exc:  # one article hitting a coder bug must not lose the partition: report it
            reason = " ".join(f"internal error while coding: {type(exc).__name__}: {exc}".split())
            errors.append({"source_path": raw.source_path, "reason": reason, "partition": index})
            continue
        meta = {"outlet": raw.outlet, "url": raw.url, "published": raw.published, "title": raw.title,
                "cluster_id": None}
        events += [{**e.to_dict(), **meta} for e in doc.events]
        rows.append({"article_id": doc.article_id, "title": raw.title, "url": raw.url, "outlet": raw.outlet,
                     "published": raw.published, "language": doc.language, "source_path": raw.source_path,
                     "n_sentences": len(doc.sentences), "n_events": len(doc.events), "text": raw.text,
                     "lexicon_version": coder.lexicon.version,
                     "sentences": [{"index": s.index, "start": s.start, "end": s.end} for s in doc.sentences]})
        mentions += [{"article_id": doc.article_id, **m} for m in structure_rows(doc)[1]]
        sentences += len(doc.sentences)
    _write_all(Path(out), index, events, rows, mentions)
    return {"index": index, "articles": len(rows), "events": len(events), "sentences": sentences,
            "errors": errors, "pid": os.getpid()}


def _write_all(out: Path, index: int, events: list[dict[str, Any]], rows: list[dict[str, Any]],
               mentions: list[dict[str, Any]]) -> None:
    paths = part_paths(out, index)
    _atomic(paths["events"], lambda tmp: write_parquet(events, tmp))
    _atomic(paths["mentions"], lambda tmp: _write_table(mentions, MENTION_SCHEMA, tmp))
    _atomic(paths["articles"], lambda tmp: _write_table(rows, ARTICLE_SCHEMA, tmp))  # last: marks completion


def _write_table(rows: list[dict[str, Any]], schema: pa.Schema, path: Path) -> None:
    table = pa.Table.from_pylist(rows, schema=schema)
    pq.write_table(table, path, compression="zstd")


def _atomic(path: Path, write: Any) -> None:
    """Write through ``write(tmp_path)`` then rename onto ``path``: readers never see a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
