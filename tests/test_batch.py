"""khabar.batch: local worker processes and the Dask path give the plain loop's output event for event, resume, and
report bad inputs; a worker that dies costs only its partition."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from khabar.batch import run_batch
from khabar.commands.batch import batch_cmd
from khabar.corpus import expected_failures, write_corpus
from khabar.export import read_parquet

N_ARTICLES, PARTITION = 300, 50


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("batch") / "in"
    write_corpus(root, N_ARTICLES, seed=5, broken=3)
    return root


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None) as lc:
        yield lc


@pytest.fixture(scope="module")
def plain(corpus: Path) -> tuple[Path, dict[str, Any]]:
    out = corpus.parent / "plain"
    return out, run_batch([corpus], out, workers=0, partition_size=PARTITION)


def events_of(out: Path) -> list[dict[str, Any]]:
    events = [e for part in sorted((out / "events").glob("part-*.parquet")) for e in read_parquet(part)]
    return sorted(events, key=lambda e: e["event_id"])


def table_of(out: Path, kind: str, keys: list[str]) -> list[dict[str, Any]]:
    parts = sorted((out / kind).glob("part-*.parquet"))
    rows = pa.concat_tables([pq.read_table(p) for p in parts]).to_pylist()
    return sorted(rows, key=lambda r: tuple(str(r[k]) for k in keys))


def test_batch_plain_loop_codes_everything(plain: tuple[Path, dict[str, Any]]) -> None:
    out, summary = plain
    assert summary["partitions"] == N_ARTICLES // PARTITION
    assert summary["done"] == summary["partitions"] and summary["skipped"] == 0
    assert summary["articles"] == summary["coded"] == N_ARTICLES
    assert summary["events"] == len(events_of(out)) > N_ARTICLES
    assert summary["errors"] == 3


def test_batch_dask_equals_plain_loop_and_resumes(
    corpus: Path, cluster: Any, plain: tuple[Path, dict[str, Any]]
) -> None:
    reference, _ = plain
    out = corpus.parent / "dask"
    summary = run_batch([corpus], out, scheduler=cluster.scheduler_address, partition_size=PARTITION)
    assert summary["done"] == N_ARTICLES // PARTITION and summary["workers"] == 2
    expected = events_of(reference)
    assert events_of(out) == expected
    assert table_of(out, "articles", ["article_id"]) == table_of(reference, "articles", ["article_id"])
    mention_keys = ["article_id", "sentence_index", "start", "kind", "end", "rule"]
    assert table_of(out, "mentions", mention_keys) == table_of(reference, "mentions", mention_keys)

    kept = {p: p.stat().st_mtime_ns for p in out.glob("*/part-*.parquet") if "part-00002" not in p.name}
    for kind in ("events", "articles", "mentions"):
        (out / kind / "part-00002.parquet").unlink()
    again = run_batch([corpus], out, scheduler=cluster.scheduler_address, partition_size=PARTITION)
    assert (again["done"], again["skipped"]) == (1, N_ARTICLES // PARTITION - 1)
    assert again["articles"] == N_ARTICLES and again["events"] == summary["events"]
    assert {p: p.stat().st_mtime_ns for p in kept} == kept  # untouched
    assert events_of(out) == expected


def test_batch_errors_name_the_broken_files(plain: tuple[Path, dict[str, Any]]) -> None:
    out, _ = plain
    records = [json.loads(line) for line in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    paths = sorted(r["source_path"] for r in records)
    assert len(paths) == 3
    for suffix in expected_failures(3):
        assert any(p.endswith(suffix) for p in paths), (suffix, paths)
    assert all(r["reason"][:1] == "E" for r in records)


def test_batch_duckdb_reads_the_parts(plain: tuple[Path, dict[str, Any]]) -> None:
    out, summary = plain
    con = duckdb.connect()  # its own connection: the module-level default one is shared by every test
    try:
        [(n, ids)] = con.execute(f"select count(*), count(distinct event_id) from '{out}/events/*.parquet'").fetchall()
        assert n == ids == summary["events"]
        [(articles,)] = con.execute(f"select sum(n_events) from '{out}/articles/*.parquet'").fetchall()
        assert articles == summary["events"]
    finally:
        con.close()


def test_batch_parquet_input_and_cli(tmp_path: Path, plain: tuple[Path, dict[str, Any]]) -> None:
    reference, _ = plain
    texts = sorted({e["sentence"]["text"] for e in events_of(reference)})[:20]
    pq.write_table(pa.table({"text": [*texts, ""], "date": ["2023-09-05"] * (len(texts) + 1)}), tmp_path / "a.parquet")
    result = CliRunner().invoke(batch_cmd, [str(tmp_path / "a.parquet"), "--out", str(tmp_path / "out"),
                                            "--workers", "0", "--partition-size", "8", "--no-progress"])
    assert result.exit_code == 0, result.output
    assert "partitions 3" in result.output and "articles 20" in result.output
    errors = (tmp_path / "out" / "errors.jsonl").read_text(encoding="utf-8")
    assert "a.parquet#20" in errors
    bad = CliRunner().invoke(batch_cmd, [str(tmp_path / "a.parquet"), "--out", str(tmp_path / "out"),
                                         "--workers", "0", "--partition-size", "5", "--no-progress"])
    assert bad.exit_code == 2 and "--partition-size 8" in bad.output


# ------------------------------------------------------------------------------- local worker processes (no Dask)


def test_batch_local_processes_equal_plain_loop_and_resume(corpus: Path, plain: tuple[Path, dict[str, Any]]) -> None:
    reference, reference_summary = plain
    out = corpus.parent / "pool"
    summary = run_batch([corpus], out, workers=2, partition_size=PARTITION)
    assert summary["done"] == N_ARTICLES // PARTITION and 1 <= summary["workers"] <= 2
    assert {k: summary[k] for k in ("articles", "events", "sentences", "errors")} == {
        k: reference_summary[k] for k in ("articles", "events", "sentences", "errors")}
    expected = events_of(reference)
    assert events_of(out) == expected
    assert table_of(out, "articles", ["article_id"]) == table_of(reference, "articles", ["article_id"])
    mention_keys = ["article_id", "sentence_index", "start", "kind", "end", "rule"]
    assert table_of(out, "mentions", mention_keys) == table_of(reference, "mentions", mention_keys)
    assert (out / "errors.jsonl").read_text(encoding="utf-8") == (reference / "errors.jsonl").read_text(
        encoding="utf-8")

    kept = {p: p.stat().st_mtime_ns for p in out.glob("*/part-*.parquet") if "part-00002" not in p.name}
    for kind in ("events", "articles", "mentions"):
        (out / kind / "part-00002.parquet").unlink()
    again = run_batch([corpus], out, workers=2, partition_size=PARTITION)
    assert (again["done"], again["skipped"]) == (1, N_ARTICLES // PARTITION - 1)
    assert again["articles"] == N_ARTICLES and again["events"] == summary["events"]
    assert {p: p.stat().st_mtime_ns for p in kept} == kept  # untouched
    assert events_of(out) == expected


def test_batch_driver_loads_no_coder_pyarrow_or_dask_and_workers_no_pandas(tmp_path: Path) -> None:
    source = tmp_path / "news.jsonl"
    source.write_text("".join(json.dumps({"text": f"زار الرئيس الصيني موسكو يوم {d} أيلول 2023.", "id": f"a{d}"},
                                         ensure_ascii=False) + "\n" for d in range(1, 9)), encoding="utf-8")
    driver = ("import sys\nfrom khabar.batch import run_batch\n"
              f"s = run_batch([{str(source)!r}], {str(tmp_path / 'out')!r}, workers=2, partition_size=3)\n"
              "assert (s['done'], s['articles']) == (3, 8) and s['events'] >= 8, s\n"
              "print(' '.join(m for m in ('pyarrow', 'pandas', 'distributed', 'dask', 'khabar.batch.worker') "
              "if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", driver], capture_output=True, text=True, check=True)
    assert done.stdout.split() == []
    worker = ("import sys\nfrom khabar.batch.run import _without_pandas\n_without_pandas()\n"
              "from khabar.batch.inputs import iter_items\nfrom khabar.batch.worker import code_partition\n"
              f"r = code_partition(0, list(iter_items([{str(source)!r}])), {str(tmp_path / 'w')!r})\n"
              "assert r['articles'] == 8 and r['errors'] == [], r\n"
              "print('pandas' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", worker], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False"]


def dies_on_partition_1(index: int, articles: list[Any], out: str, *args: Any) -> dict[str, Any]:
    """A partition task that kills its worker process on partition 1 (run in the pool's spawned workers)."""
    if index == 1:
        os._exit(3)
    return {"index": index, "articles": len(articles), "events": 0, "sentences": 0, "errors": [], "pid": os.getpid()}


def test_batch_pool_survives_a_worker_that_dies(tmp_path: Path) -> None:
    from khabar.batch.run import _run_pool

    todo = iter([(i, [f"article {i}"]) for i in range(5)])
    results = dict(_run_pool(2, todo, str(tmp_path), (), task=dies_on_partition_1))  # type: ignore[arg-type]
    assert sorted(results) == [0, 1, 2, 3, 4]
    assert results[1]["failed"] and "BrokenProcessPool" in results[1]["errors"][0]["reason"]
    assert all(results[i]["articles"] == 1 for i in (0, 2, 3, 4))  # those in flight with it were tried again
