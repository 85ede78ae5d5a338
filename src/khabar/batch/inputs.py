"""Batch inputs: the articles of files, folders and globs (as :func:`khabar.ingest.read_sources` reads them) plus
Parquet files with a ``text`` column, in a deterministic order, cut into partitions of N articles.

Order: inputs as given; inside a folder, files sorted by path (hidden ones skipped); inside a file, record order.
The same inputs and partition size always give the same partitions, which is what makes a batch resumable.
Parquet rows: ``text`` (required), ``title``, ``url``, ``outlet``/``source``, ``published``/``date``, ``id``;
``source_path`` is ``file#ROW`` (0-based row).
"""

from __future__ import annotations

import glob
import itertools
import os
import re
from collections.abc import Iterable, Iterator
from typing import Any

import pyarrow.parquet as pq

from khabar.errors import E_EMPTY, E_ENCODING, E_NOT_FOUND
from khabar.ingest.fields import dated
from khabar.ingest.sources import BadRecord, RawArticle, clean_article, read_file, read_sources

Item = RawArticle | BadRecord
PARQUET_SUFFIXES = frozenset({".parquet", ".pq"})
_GLOB_CHARS = re.compile(r"[*?\[]")
_PARQUET_COLUMNS = ("text", "title", "url", "outlet", "source", "published", "date", "id")


def iter_items(inputs: Iterable[str | os.PathLike[str]], *, default_outlet: str | None = None) -> Iterator[Item]:
    """Every article (and bad record) of ``inputs``, in a deterministic order; each file is read once."""
    seen: set[str] = set()
    for name in map(os.fspath, inputs):
        for path, error in _files(name):
            if error is not None:
                yield BadRecord(path, error)
            elif path == "-":
                yield from read_sources(["-"], default_outlet=default_outlet)
            elif os.path.realpath(path) not in seen:
                seen.add(os.path.realpath(path))
                if _is_parquet(path):
                    yield from read_parquet_articles(path, default_outlet=default_outlet)
                else:
                    yield from read_file(path, default_outlet=default_outlet)


def partitions(items: Iterable[Item], size: int) -> Iterator[tuple[int, list[RawArticle], list[BadRecord]]]:
    """``(index, articles, bad records met while reading them)`` for consecutive runs of ``size`` articles."""
    if size < 1:
        raise ValueError("partition size must be at least 1")
    it = iter(items)
    for index in itertools.count():
        articles: list[RawArticle] = []
        bad: list[BadRecord] = []
        for item in it:
            if isinstance(item, BadRecord):
                bad.append(item)
                continue
            articles.append(item)
            if len(articles) == size:
                break
        if not articles:
            if bad:
                yield index, [], bad
            return
        yield index, articles, bad


def read_parquet_articles(path: str, *, default_outlet: str | None = None,
                          batch_size: int = 2_000) -> Iterator[Item]:
    """Articles of a Parquet file with a ``text`` column, batch by batch (never the whole file in memory)."""
    try:
        source = pq.ParquetFile(path)
    except Exception as exc:  # not Parquet, truncated, unreadable: one bad record, the batch goes on
        yield BadRecord(path, f"{E_ENCODING} cannot read Parquet: {' '.join(str(exc).split())[:200]}")
        return
    names = {n.lower(): n for n in source.schema_arrow.names}
    if "text" not in names:
        yield BadRecord(path, f"{E_EMPTY} the Parquet file has no 'text' column")
        return
    columns = [names[c] for c in _PARQUET_COLUMNS if c in names]
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
        title=_str(fields.get("title")),
        url=_str(fields.get("url")),
        outlet=_str(fields.get("outlet") or fields.get("source")) or default_outlet,
        published=published,
        source_path=where,
        article_id=None if user_id in (None, "") else str(user_id),
        warnings=warnings,
    )


def _str(value: Any) -> str | None:
    text = None if value is None else str(value).strip()
    return text or None


def _is_parquet(path: str) -> bool:
    return os.path.splitext(path)[1].lower() in PARQUET_SUFFIXES


def _files(name: str) -> Iterator[tuple[str, str | None]]:
    """(file, None) for each file ``name`` stands for, or (name, reason) when it stands for nothing."""
    if name == "-" or (os.path.exists(name) and not os.path.isdir(name)):
        yield name, None
    elif os.path.isdir(name):
        for root, dirs, files in os.walk(name):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            yield from ((os.path.join(root, f), None) for f in sorted(files) if not f.startswith("."))
    elif _GLOB_CHARS.search(name):
        matches = sorted(glob.glob(name, recursive=True))
        if not matches:
            yield name, f"{E_NOT_FOUND} no file matches the pattern"
        for match in matches:
            yield from _files(match)
    else:
        yield name, f"{E_NOT_FOUND} file not found"
