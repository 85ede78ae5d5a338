"""One partition, coded by one task: code its articles with the worker's cached Coder, write three Parquet files.

The Coder is compiled once per process (:data:`_CODERS`, keyed by the lexicon overlays), so a worker process pays the
lexicon load once however many partitions it codes. Files are written under a temporary name and renamed, so a
partition whose three files exist is complete (:func:`khabar.batch.parts.partition_done`).
"""

from __future__ import annotations

import os
from array import array
from collections.abc import Iterator, Sequence
from datetime import date as Date
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from khabar.batch.parts import KINDS, part_paths
from khabar.export.parquet import write_parquet
from khabar.ingest import windows as windowing
from khabar.ingest.run import structure_rows
from khabar.ingest.sources import RawArticle
from khabar.ingest.windows import code_windows, long_article_id
from khabar.pipeline import Coder

_SENTENCE = pa.struct([("index", pa.int32()), ("start", pa.int32()), ("end", pa.int32())])
# The article text, its sentence spans and the lexicon version travel with the coded output, so that
# `khabar ingest OUT` can store it as it is (articles, evidence, events) without coding it again. A long article's
# text (over khabar.ingest.windows.LONG_TEXT characters) is a UTF-8 file of its own, `text_file` relative to the
# output folder, and `text` is null: as one Parquet value it cost ~200 MB to write and to read back at 45 MB.
ARTICLE_SCHEMA = pa.schema([
    ("article_id", pa.string()), ("title", pa.string()), ("url", pa.string()), ("outlet", pa.string()),
    ("published", pa.date32()), ("language", pa.string()), ("source_path", pa.string()),
    ("n_sentences", pa.int32()), ("n_events", pa.int32()), ("text", pa.string()), ("text_file", pa.string()),
    ("lexicon_version", pa.string()), ("sentences", pa.list_(_SENTENCE)),
], metadata={b"khabar": b"khabar.batch-articles/1"})
MENTION_SCHEMA = pa.schema([
    ("article_id", pa.string()), ("sentence_index", pa.int32()), ("kind", pa.string()), ("start", pa.int32()),
    ("end", pa.int32()), ("text", pa.string()), ("code", pa.string()), ("name", pa.string()), ("rule", pa.string()),
], metadata={b"khabar": b"khabar.batch-mentions/1"})

_TEXT_SLICE = 1_000_000  # characters of a long text encoded and written at a time

_CODERS: dict[tuple[str, ...], Coder] = {}


def coder_for(overlays: Sequence[str] = ()) -> Coder:
    """The process's Coder for these lexicon overlays, compiled on first use."""
    key = tuple(overlays)
    coder = _CODERS.get(key)
    if coder is None:
        coder = _CODERS[key] = Coder(overlays=[Path(p) for p in key])
    return coder


def code_partition(index: int, articles: Sequence[RawArticle], out: str, overlays: Sequence[str] = (),
                   date_default: Date | None = None) -> dict[str, Any]:
    """Code one partition and write its files; returns counts and the articles that failed to code.

    Rows stream to the files as articles are coded (events in batches, mentions per article or window), so a
    partition's memory is one article's (one window's, for a long article), not the whole partition's. The three
    files are written under temporary names and renamed at the end, articles last (it marks completion).
    """
    coder = coder_for(overlays)
    paths = part_paths(Path(out), index)
    for path in paths.values():
        path.parent.mkdir(parents=True, exist_ok=True)
    tmp = {kind: _temporary(path) for kind, path in paths.items()}
    rows: list[dict[str, Any]] = []
    errors: list[dict[str, Any]] = []
    counts = {"events": 0, "sentences": 0}
    try:
        with pq.ParquetWriter(tmp["mentions"], MENTION_SCHEMA, compression="zstd") as mentions:
            def events() -> Iterator[dict[str, Any]]:
                for raw in articles:
                    yield from _code_one(coder, raw, date_default, index, out, mentions, rows, errors, counts)

            counts["events"] = write_parquet(events(), tmp["events"])
        # no statistics or dictionary for the text: Parquet would keep a whole copy of a long article's text as
        # its column's min/max (75 MB more to write one 10 MB article, 30 MB without)
        small = [f.name for f in ARTICLE_SCHEMA if f.name != "text"]
        pq.write_table(_article_table(rows), tmp["articles"], compression="zstd", write_statistics=small,
                       use_dictionary=small)
        for kind in KINDS:
            os.replace(tmp[kind], paths[kind])
    finally:
        for path in tmp.values():
            if path.exists():
                path.unlink()
    return {"index": index, "articles": len(rows), "events": counts["events"], "sentences": counts["sentences"],
            "errors": errors, "pid": os.getpid()}


def _code_one(coder: Coder, raw: RawArticle, date_default: Date | None, index: int, out: str,
              mentions: pq.ParquetWriter,
              rows: list[dict[str, Any]], errors: list[dict[str, Any]], counts: dict[str, int],
              ) -> Iterator[dict[str, Any]]:
    """The event rows of one article (window by window when long), its mentions written and its row added."""
    meta = {"outlet": raw.outlet, "url": raw.url, "published": raw.published, "title": raw.title, "cluster_id": None}
    sentences = events = windows = 0
    language = None
    # every window's sentence spans (offsets into the whole text) as three int arrays: a 45 MB article has ~250k
    # sentences, 3 MB this way and ~60 MB as dicts
    spans = (array("i"), array("i"), array("i"))
    try:
        article_id = raw.article_id or long_article_id(raw.text)
        for doc in code_windows(coder, raw.text, date=raw.published or date_default, article_id=article_id):
            language = doc.language
            found = [{**e.to_dict(), **meta} for e in doc.events]
            mention_rows = [{"article_id": article_id, **m} for m in structure_rows(doc)[1]]
            sentences += len(doc.sentences)
            for x in doc.sentences:
                spans[0].append(x.index)
                spans[1].append(x.start)
                spans[2].append(x.end)
            del doc  # the coder's working state of this window goes before the next one is coded
            if mention_rows:
                mentions.write_table(pa.Table.from_pylist(mention_rows, schema=MENTION_SCHEMA))
            windows += 1
            events += len(found)
            yield from found
    except Exception as exc:  # one article hitting a coder bug must not lose the partition: report it
        partly = f" ({windows} window(s) of it were written before the error)" if windows else ""
        reason = " ".join(f"internal error while coding: {type(exc).__name__}: {exc}{partly}".split())
        errors.append({"source_path": raw.source_path, "reason": reason, "partition": index})
        return
    counts["sentences"] += sentences
    text_file = _write_text(out, index, article_id, raw.text) if len(raw.text) > windowing.LONG_TEXT else None
    rows.append({"article_id": article_id, "title": raw.title, "url": raw.url, "outlet": raw.outlet,
                 "published": raw.published, "language": language, "source_path": raw.source_path,
                 "n_sentences": sentences, "n_events": events, "text": None if text_file else raw.text,
                 "text_file": text_file, "lexicon_version": coder.lexicon.version, "sentences": spans})


def _temporary(path: Path) -> Path:
    """Where a file of the output is written before it is renamed into place (hidden, this process's own)."""
    return path.with_name(f".{path.name}.{os.getpid()}.tmp")


def _write_text(out: str, index: int, article_id: str, text: str) -> str:
    """Write a long article's text beside the parts, a slice at a time (under a temporary name, then renamed);
    returns its path relative to ``out``."""
    name = f"texts/part-{index:05d}-{article_id[:32]}.txt"
    path = Path(out) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = _temporary(path)
    with tmp.open("w", encoding="utf-8", errors="surrogatepass", newline="") as fh:
        for k in range(0, len(text), _TEXT_SLICE):
            fh.write(text[k:k + _TEXT_SLICE])
    os.replace(tmp, path)
    return name


def _article_table(rows: list[dict[str, Any]]) -> pa.Table:
    """The articles part: every column from the rows but the sentence spans, built from their int arrays."""
    plain = [{k: v for k, v in r.items() if k != "sentences"} for r in rows]
    offsets, columns = array("i", [0]), (array("i"), array("i"), array("i"))
    for r in rows:
        for column, values in zip(columns, r["sentences"], strict=True):
            column.extend(values)
        offsets.append(len(columns[0]))
    values = pa.StructArray.from_arrays([pa.array(c, pa.int32()) for c in columns], fields=list(_SENTENCE))
    sentences = pa.ListArray.from_arrays(pa.array(offsets, pa.int32()), values, type=pa.list_(_SENTENCE))
    table = pa.Table.from_pylist(plain, schema=pa.schema(list(ARTICLE_SCHEMA)[:-1]))
    return table.append_column(ARTICLE_SCHEMA.field("sentences"), sentences).replace_schema_metadata(
        ARTICLE_SCHEMA.metadata)
