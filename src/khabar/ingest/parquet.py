"""Parquet inputs: articles from a file with a ``text`` column, and the signs of ``khabar batch``'s own output.

A Parquet file with a ``text`` column holds articles to code (``text`` required; ``title``, ``url``,
``outlet``/``source``, ``published``/``date``, ``id``; ``source_path`` is ``file#ROW``, 0-based). The parts
``khabar batch`` writes are already coded: they are imported from their folder (:mod:`khabar.ingest.coded`), never
coded again, so a part met on its own is reported with a pointer to its folder.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from khabar.errors import E_EMPTY, E_ENCODING, E_UNREADABLE
from khabar.ingest.fields import dated
from khabar.ingest.records import BadRecord, RawArticle, clean_article, text_or_none

Item = RawArticle | BadRecord
PARQUET_SUFFIXES = frozenset({".parquet", ".pq"})
#: Schema metadata (key ``khabar``) of the parts ``khabar batch`` writes.
BATCH_TAGS = frozenset({b"khabar.events-flat/1", b"khabar.batch-articles/1", b"khabar.batch-mentions/1"})
#: The file in a batch output folder that records its partition size (khabar.batch.run.MANIFEST).
BATCH_MANIFEST = "_batch.json"
_COLUMNS = ("text", "title", "url", "outlet", "source", "published", "date", "id")


def is_parquet(path: str | os.PathLike[str]) -> bool:
    return Path(path).suffix.lower() in PARQUET_SUFFIXES


def is_batch_output(path: str | os.PathLike[str]) -> bool:
    """Is ``path`` a folder written by ``khabar batch`` (its manifest, or articles/ and events/ parts)?"""
    folder = Path(path)
    if not folder.is_dir():
        return False
    if (folder / BATCH_MANIFEST).is_file():
        return True
    return all(any((folder / kind).glob("part-*.parquet")) for kind in ("articles", "events"))


def read_parquet_articles(path: str, *, default_outlet: str | None = None,
                          batch_size: int = 2_000) -> Iterator[Item]:
    """Articles of a Parquet file with a ``text`` column, batch by batch (never the whole file in memory)."""
    import pyarrow.parquet as pq

    try:
        source = pq.ParquetFile(path)
    except Exception as exc:  # not Parquet, truncated, unreadable: one bad record, the run goes on
        yield BadRecord(path, f"{E_ENCODING} cannot read Parquet: {' '.join(str(exc).split())[:200]}")
        return
    tag = (source.schema_arrow.metadata or {}).get(b"khabar")
    if tag in BATCH_TAGS:
        folder = Path(path).resolve().parent.parent
        yield BadRecord(path, f"{E_UNREADABLE} this is a part of khabar batch output, already coded: ingest its "
                        f"folder ({folder}) to store it as it is")
        return
    names = {n.lower(): n for n in source.schema_arrow.names}
    if "text" not in names:
        yield BadRecord(path, f"{E_EMPTY} the Parquet file has no 'text' column")
        return
    columns = [names[c] for c in _COLUMNS if c in names]
    row = 0
    for batch in source.iter_batches(batch_size=batch_size, columns=columns):
        for record in batch.to_pylist():
            yield clean_article(_article({k.lower(): v for k, v in record.items()}, f"{path}#{row}", default_outlet))
            row += 1


def _article(fields: dict[str, Any], where: str, default_outlet: str | None) -> Item:
    text = fields.get("text")
    if not isinstance(text, str) or not text.strip():
        return BadRecord(where, f"{E_EMPTY} the text is empty")
    user_id = fields.get("id")
    published, warnings = dated(fields.get("published") or fields.get("date"))
    return RawArticle(
        text.replace("\r\n", "\n").replace("\r", "\n").strip(),
        title=text_or_none(fields.get("title")),
        url=text_or_none(fields.get("url")),
        outlet=text_or_none(fields.get("outlet") or fields.get("source")) or default_outlet,
        published=published,
        source_path=where,
        article_id=None if user_id in (None, "") else str(user_id),
        warnings=warnings,
    )
