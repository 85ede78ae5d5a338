"""run_batch: code large inputs partition by partition, in-process, in local worker processes or on a Dask cluster,
into Parquet files.

Layout of ``OUT``::

    OUT/events/part-00000.parquet     flat event records (khabar.export.read_parquet reads them back)
    OUT/articles/part-00000.parquet   one row per coded article
    OUT/mentions/part-00000.parquet   the mentions found in each sentence (evidence)
    OUT/errors.jsonl                  {"source_path", "reason", "partition"} per file/record not coded
    OUT/warnings.jsonl                {"source_path", "warning", "partition"} per record coded with a change
                                      (NULs removed, a date that is not a date left out…)
    OUT/_batch.json                   the partition size the parts were cut with (a re-run must use the same)

The driver reads the inputs in order and submits one task per partition, keeping at most a few partitions in
flight, so memory stays bounded however large the input. A partition whose three files exist is skipped.

Where partitions run: ``workers=0`` in this process; ``workers=N`` in a pool of N local processes (spawned, each
importing only what coding and writing Parquet need); a Dask scheduler or client for a cluster. Why not a local Dask
cluster for ``workers=N``, as before: every Dask worker process carries Dask itself, and the driver its scheduler and
nannies, which made ``--workers 2`` take about 600 MB where the coding needs about 150 MB per process. The driver
imports neither the coder nor pyarrow (:mod:`khabar.batch.parts` is what it needs of the output layout).
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date as Date
from pathlib import Path
from typing import Any

from khabar.batch.inputs import iter_items, partitions
from khabar.batch.parts import part_paths, partition_done
from khabar.ingest.count import count_records
from khabar.ingest.sources import BadRecord, RawArticle
from khabar.progress import progress_bar

MANIFEST = "_batch.json"
ERRORS = "errors.jsonl"
WARNINGS = "warnings.jsonl"
_CODING_ERROR = "internal error"


class BatchSetupError(ValueError):
    """The batch cannot start: output cut with another partition size, or the scheduler cannot be reached."""


def run_batch(inputs: Iterable[str | os.PathLike[str]], out: str | os.PathLike[str], workers: int = 2,
              scheduler: str | None = None, partition_size: int = 500, *, client: Any = None,
              overlays: Sequence[str | os.PathLike[str]] = (), date_default: Date | None = None,
              default_outlet: str | None = None, progress: bool = False) -> dict[str, Any]:
    """Code every article of ``inputs`` into Parquet parts under ``out``; returns a summary dict.

    ``workers=0`` codes in this process. Otherwise partitions run on the Dask ``client`` if given, else on
    ``Client(scheduler)`` if a scheduler address is given, else on a pool of ``workers`` local processes, one
    partition at a time each. Summary keys: partitions, done, skipped, failed_partitions, articles (in the output),
    coded (this run), events (in the output), sentences (this run), errors, seconds, workers.
    """
    started = time.perf_counter()
    root = Path(out)
    _check_manifest(root, partition_size)
    previous = _previous_coding_errors(root)
    state: dict[str, Any] = {"partitions": 0, "done": 0, "skipped": 0, "failed_partitions": 0, "articles": 0,
                             "coded": 0, "events": 0, "sentences": 0, "errors": [], "warnings": [], "pids": set()}
    args = ([os.fspath(p) for p in overlays], date_default)
    inputs = [os.fspath(p) for p in inputs]  # read twice: counted for the progress bar, then coded
    parts = partitions(iter_items(inputs, default_outlet=default_outlet), partition_size)
    total = count_records(inputs) if progress else None
    with progress_bar(progress, "batch", total=total) as bar, _executor(workers, scheduler, client) as submit:
        def todo() -> Iterator[tuple[int, list[RawArticle]]]:
            for index, articles, bad in parts:
                state["partitions"] += 1
                state["errors"] += [_bad(b, index) for b in bad]
                bar.advance(len(bad))
                state["warnings"] += [{"source_path": a.source_path, "warning": w, "partition": index}
                                      for a in articles for w in a.warnings]
                if articles and partition_done(root, index):
                    _count_existing(root, index, state)
                    state["errors"] += previous.get(index, [])
                    bar.advance(len(articles))
                elif articles:
                    yield index, articles

        for index, result in submit(todo(), str(root), args):
            _collect(index, result, state)
            bar.advance(result.get("articles", 0) + len(result.get("errors", ())))
    _write_errors(root, state["errors"])
    _write_errors(root, state["warnings"], WARNINGS)
    summary = {k: v for k, v in state.items() if k != "pids"}
    summary["errors"] = len(state["errors"])
    summary["warnings"] = len(state["warnings"])
    summary["workers"] = len(state["pids"])
    summary["seconds"] = time.perf_counter() - started
    return summary


Submit = Callable[[Iterator[tuple[int, list[RawArticle]]], str, tuple[Any, ...]],
                  Iterator[tuple[int, dict[str, Any]]]]


@contextmanager
def _executor(workers: int, scheduler: str | None, client: Any) -> Iterator[Submit]:
    """A function running partitions and yielding ``(index, result)``: a plain loop, a process pool or Dask."""
    if client is None and scheduler is None:
        yield _run_local if workers <= 0 else (lambda todo, out, args: _run_pool(workers, todo, out, args))
        return
    from distributed import Client

    own = client is None
    if client is None:
        try:
            client = Client(scheduler, timeout="20s")
        except OSError as exc:
            raise BatchSetupError(f"cannot reach the Dask scheduler {scheduler}: {exc}") from exc
    try:
        yield lambda todo, out, args: _run_dask(client, todo, out, args)
    finally:
        if own:
            client.close()


def _code_partition(*args: Any) -> dict[str, Any]:
    """:func:`khabar.batch.worker.code_partition`, imported where it runs: the driver submits this function by
    reference without importing the coder and pyarrow itself."""
    from khabar.batch.worker import code_partition

    return code_partition(*args)


class _NoPandas:
    """A finder that refuses to import pandas (see :func:`_without_pandas`)."""

    @staticmethod
    def find_spec(name: str, path: Any = None, target: Any = None) -> None:
        if name == "pandas" or name.startswith("pandas."):
            raise ImportError("pandas is not imported in khabar batch worker processes")


def _without_pandas() -> None:
    """Run first in each pool worker: pyarrow imports pandas, when it is installed, on its first conversion of a
    Python list only to ask whether the list is a pandas object (about 45 MB per worker, for nothing: a worker codes
    and writes Parquet from Python lists). The workers are khabar's own processes, so they refuse the import."""
    if "pandas" not in sys.modules:
        sys.meta_path.insert(0, _NoPandas())  # type: ignore[arg-type]


def _run_local(todo: Iterator[tuple[int, list[RawArticle]]], out: str,
               args: tuple[Any, ...]) -> Iterator[tuple[int, dict[str, Any]]]:
    for index, articles in todo:
        yield index, _code_partition(index, articles, out, *args)


def _run_pool(workers: int, todo: Iterator[tuple[int, list[RawArticle]]], out: str, args: tuple[Any, ...],
              task: Callable[..., dict[str, Any]] = _code_partition) -> Iterator[tuple[int, dict[str, Any]]]:
    """Partitions on ``workers`` spawned local processes, at most two per worker in flight; yield them as they finish.

    A worker that dies (killed, out of memory) breaks the whole pool, and the pool cannot say whose partition killed
    it: each partition then in flight is tried once more alone, in a one-process pool of its own, so only the one that
    kills its worker again is reported failed (a re-run codes it again); the others go on in a new pool.
    """
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    def new_pool(size: int) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=size, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=_without_pandas)

    def alone(index: int, articles: list[RawArticle]) -> dict[str, Any]:
        own = new_pool(1)
        try:
            return own.submit(task, index, articles, out, *args).result()
        except Exception as exc:  # killed again (BrokenProcessPool), or the task raised: report the partition
            return _failed(index, exc)
        finally:
            own.shutdown(wait=True)

    pool = new_pool(workers)
    running: dict[Future[dict[str, Any]], tuple[int, list[RawArticle]]] = {}

    def submit(index: int, articles: list[RawArticle]) -> None:
        nonlocal pool
        try:
            future = pool.submit(task, index, articles, out, *args)
        except BrokenProcessPool:
            pool.shutdown(wait=False)
            pool = new_pool(workers)
            future = pool.submit(task, index, articles, out, *args)
        running[future] = (index, articles)

    def finished() -> Iterator[tuple[int, dict[str, Any]]]:
        done, _ = wait(running, return_when=FIRST_COMPLETED)
        for future in sorted(done, key=lambda f: running[f][0]):
            index, articles = running.pop(future)
            try:
                yield index, future.result()
            except BrokenProcessPool:
                yield index, alone(index, articles)
            except Exception as exc:  # the task raised (a write failed): report the partition, go on
                yield index, _failed(index, exc)

    try:
        for index, articles in todo:
            while len(running) >= 2 * workers:
                yield from finished()
            submit(index, articles)
        while running:
            yield from finished()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _run_dask(client: Any, todo: Iterator[tuple[int, list[RawArticle]]], out: str,
              args: tuple[Any, ...]) -> Iterator[tuple[int, dict[str, Any]]]:
    """Submit partitions as they are read, at most two per worker thread in flight; yield them as they finish."""
    from distributed import as_completed

    limit = max(2, 2 * sum(client.nthreads().values()))
    pending = as_completed()
    indexes: dict[str, int] = {}
    for index, articles in todo:
        while pending.count() >= limit:
            yield _result(next(pending), indexes)
        future = client.submit(_code_partition, index, articles, out, *args, pure=False,
                               key=f"khabar-partition-{index:05d}-{os.urandom(4).hex()}")
        indexes[future.key] = index
        pending.add(future)
    for future in pending:
        yield _result(future, indexes)


def _result(future: Any, indexes: dict[str, int]) -> tuple[int, dict[str, Any]]:
    index = indexes.pop(future.key)
    try:
        return index, future.result()
    except Exception as exc:  # the task died (worker lost, write failed): report the partition, go on
        return index, _failed(index, exc)


def _failed(index: int, exc: BaseException) -> dict[str, Any]:
    reason = " ".join(f"partition failed: {type(exc).__name__}: {exc}".split())[:500]
    return {"failed": True, "errors": [{"source_path": f"partition {index}", "reason": reason, "partition": index}]}


def _collect(index: int, result: dict[str, Any], state: dict[str, Any]) -> None:
    state["errors"] += result.get("errors", [])
    if result.get("failed"):
        state["failed_partitions"] += 1
        return
    state["done"] += 1
    for key in ("articles", "events"):
        state[key] += result[key]
    state["coded"] += result["articles"]
    state["sentences"] += result["sentences"]
    state["pids"].add(result["pid"])


def _count_existing(root: Path, index: int, state: dict[str, Any]) -> None:
    import pyarrow.parquet as pq

    paths = part_paths(root, index)
    state["skipped"] += 1
    state["articles"] += pq.read_metadata(paths["articles"]).num_rows
    state["events"] += pq.read_metadata(paths["events"]).num_rows


def _bad(record: BadRecord, index: int) -> dict[str, Any]:
    return {"source_path": record.source_path, "reason": record.reason, "partition": index}


def _check_manifest(root: Path, partition_size: int) -> None:
    """Parts cut with another partition size cannot be resumed: say so instead of mixing them."""
    root.mkdir(parents=True, exist_ok=True)
    manifest = root / MANIFEST
    if manifest.exists():
        old = json.loads(manifest.read_text(encoding="utf-8")).get("partition_size")
        has_parts = any((root / "articles").glob("part-*.parquet"))
        if old != partition_size and has_parts:
            raise BatchSetupError(f"{root} holds partitions of {old} articles; re-run with --partition-size {old} "
                             "or use an empty output folder")
    manifest.write_text(json.dumps({"partition_size": partition_size}) + "\n", encoding="utf-8")


def _previous_coding_errors(root: Path) -> dict[int, list[dict[str, Any]]]:
    """Coding errors of earlier runs by partition (kept for the partitions this run skips)."""
    path = root / ERRORS
    out: dict[int, list[dict[str, Any]]] = {}
    if not path.exists():
        return out
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line) if line.strip() else {}
        if str(record.get("reason", "")).startswith(_CODING_ERROR) and isinstance(record.get("partition"), int):
            out.setdefault(record["partition"], []).append(record)
    return out


def _write_errors(root: Path, errors: list[dict[str, Any]], name: str = ERRORS) -> None:
    tmp = root / f".{name}.{os.getpid()}.tmp"
    with tmp.open("w", encoding="utf-8") as fh:
        for record in errors:
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    os.replace(tmp, root / name)
