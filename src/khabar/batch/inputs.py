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

from khabar.errors import E_NOT_FOUND
from khabar.ingest.parquet import PARQUET_SUFFIXES, is_parquet, read_parquet_articles
from khabar.ingest.sources import BadRecord, RawArticle, read_file, read_sources

Item = RawArticle | BadRecord
_GLOB_CHARS = re.compile(r"[*?\[]")
__all__ = ["PARQUET_SUFFIXES", "iter_items", "partitions", "read_parquet_articles"]


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


def _is_parquet(path: str) -> bool:
    return is_parquet(path) and not os.path.isdir(path)


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
