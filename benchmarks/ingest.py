"""Ingest throughput: a generated corpus of mixed formats (text, HTML, JSONL, CSV, RSS) read, coded and stored.

    python benchmarks/ingest.py [--articles N] [--repeat R] [--postgres postgresql://…]

Each run ingests into a fresh DuckDB file (and a fresh PostgreSQL schema when --postgres is given), then ingests the
same folder again (every article is already stored: a no-op). Prints articles/s per run and the best; asserts
nothing. Coding dominates the time: the figure moves with the machine's load.
"""

from __future__ import annotations

import argparse
import tempfile
import time
import uuid
from pathlib import Path

from khabar.corpus import write_corpus
from khabar.ingest import ingest
from khabar.lexicon.compile import load_lexicon
from khabar.pipeline import Coder
from khabar.store import open_store


def run_once(corpus: Path, target: str, coder: Coder) -> tuple[float, float, int]:
    """(articles/s of the first ingest, seconds of the second, events stored)."""
    with open_store(target) as store:
        first = ingest([corpus], store, coder=coder)
        t0 = time.perf_counter()
        second = ingest([corpus], store, coder=coder)
        again = time.perf_counter() - t0
    assert second.coded == 0, "re-ingest must be a no-op"
    return first.read / first.seconds, again, first.events


def postgres_target(url: str) -> tuple[str, str]:
    """A fresh schema in the database at ``url`` (dropped afterwards): (url using it, schema name)."""
    import psycopg

    schema = f"bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(url, autocommit=True) as con:
        con.execute(f"CREATE SCHEMA {schema}")  # type: ignore[arg-type]
    sep = "&" if "?" in url else "?"
    return f"{url}{sep}options=-csearch_path%3D{schema}", schema


def drop_schema(url: str, schema: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as con:
        con.execute(f"DROP SCHEMA {schema} CASCADE")  # type: ignore[arg-type]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=1000, help="Generated articles.")
    parser.add_argument("--repeat", type=int, default=3, help="Runs per backend (the best is reported).")
    parser.add_argument("--postgres", default=None, help="Also measure a PostgreSQL database at this URL.")
    args = parser.parse_args()
    coder = Coder(load_lexicon())
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        write_corpus(corpus, args.articles, seed=1)
        backends = ["duckdb"] + (["postgres"] if args.postgres else [])
        for backend in backends:
            rates = []
            for run in range(args.repeat):
                if backend == "duckdb":
                    rate, again, events = run_once(corpus, str(Path(tmp) / f"run{run}.duckdb"), coder)
                else:
                    url, schema = postgres_target(args.postgres)
                    try:
                        rate, again, events = run_once(corpus, url, coder)
                    finally:
                        drop_schema(args.postgres, schema)
                rates.append(rate)
                print(f"{backend:<8} run {run + 1}: {rate:,.0f} articles/s, {events:,} events, "
                      f"re-ingest {again:.1f} s")
            print(f"{backend:<8} best of {args.repeat}: {max(rates):,.0f} articles/s "
                  f"({args.articles:,} generated articles, mixed formats)")


if __name__ == "__main__":
    main()
