"""khabar.batch with 1 vs 2 worker processes, on the local pool (``--workers N``) and on Dask (``--scheduler`` or a
client), against the plain in-process loop, on a generated corpus.

    python benchmarks/dask_scaling.py [--sentences 20000] [--partition-size 250]

The local pool's rows include its start-up (process spawn and each worker's lexicon load) in "code s", as a user
of ``khabar batch --workers N`` pays it. Dask's cluster start-up is timed apart from coding (workers are warmed up
with their Coder first), so its "overhead" is the cost of the distributed path itself: pickling partitions,
scheduling, writing from workers. Peak RSS is asked of each Dask worker process. Prints a table, asserts nothing.
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path
from typing import Any

from khabar.batch import coder_for, run_batch
from khabar.corpus import write_corpus

SENTENCES_PER_ARTICLE = 7.8


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def dask_run(corpus: Path, out: Path, workers: int, partition_size: int) -> tuple[dict[str, Any], float, list[float]]:
    from distributed import Client, LocalCluster

    t0 = time.perf_counter()
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        client.run(lambda: len(coder_for().lexicon.version))  # compile the Coder once per worker, before timing
        startup = time.perf_counter() - t0
        summary = run_batch([corpus], out, client=client, partition_size=partition_size)
        rss = sorted(client.run(peak_rss_mb).values())
    return summary, startup, rss


def row(name: str, summary: dict[str, Any], startup: float, base: float | None, rss: str) -> None:
    seconds = summary["seconds"]
    speedup = f"{base / seconds:>7.2f}x" if base else f"{'1.00x':>8}"
    print(f"{name:<18} {startup:>8.1f} {seconds:>8.1f} {summary['sentences'] / seconds:>12,.0f} {speedup} "
          f"{summary['events']:>8,}  {rss}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sentences", type=int, default=20_000)
    parser.add_argument("--partition-size", type=int, default=250)
    args = parser.parse_args()
    n_articles = int(args.sentences / SENTENCES_PER_ARTICLE)
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "in"
        write_corpus(corpus, n_articles, seed=3)
        t0 = time.perf_counter()
        coder_for()
        load = time.perf_counter() - t0
        plain = run_batch([corpus], Path(tmp) / "plain", workers=0, partition_size=args.partition_size)
        print(f"corpus: {plain['articles']:,} articles, {plain['sentences']:,} sentences, "
              f"partitions of {args.partition_size} articles")
        print(f"{'path':<18} {'start s':>8} {'code s':>8} {'sentences/s':>12} {'speed-up':>8} {'events':>8}  "
              "peak RSS MB")
        row("plain loop", plain, load, None, f"driver {peak_rss_mb():.0f}")
        base = plain["seconds"]
        for workers in (1, 2):
            summary = run_batch([corpus], Path(tmp) / f"pool{workers}", workers=workers,
                                partition_size=args.partition_size)
            row(f"local {workers} worker{'s' if workers > 1 else ''}", summary, 0.0, base, "")
        for workers in (1, 2):
            summary, startup, rss = dask_run(corpus, Path(tmp) / f"dask{workers}", workers, args.partition_size)
            row(f"dask {workers} worker{'s' if workers > 1 else ''}", summary, startup, base,
                "workers " + ", ".join(f"{r:.0f}" for r in rss) + f"; driver {peak_rss_mb():.0f}")
    print("speed-up is against the plain loop; 'start s' is cluster start + Coder compile (lexicon load for plain)")


if __name__ == "__main__":
    main()
