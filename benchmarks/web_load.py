"""Load benchmark for the web app (not a test): ≥10,000 stored events, N requests per endpoint over loopback.

    python benchmarks/web_load.py [--requests 300] [--threads 8] [--db /tmp/khabar-web-bench.duckdb]

Builds the store once (generated corpus → ingest; cached under /tmp), serves the app with uvicorn on 127.0.0.1 and a
free port, fires a fixed number of requests at each endpoint from a small thread pool, and prints requests/s and
latency percentiles per endpoint.
"""

from __future__ import annotations

import argparse
import socket
import statistics
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import uvicorn

from khabar.web.app import create_app

MIN_EVENTS = 10_000
ENDPOINTS = ("/events", "/events?country=QAT&size=50", "/api/events?limit=100",
             "/api/events?actor=USA&limit=100&offset=20")


def build_store(db: Path, articles: int = 1700) -> int:
    """Reuse ``db`` if it holds ≥ MIN_EVENTS events, else (re)build it; returns the number of events."""
    from khabar.corpus import write_corpus
    from khabar.ingest import ingest
    from khabar.store import open_store

    if db.exists():
        with open_store(str(db)) as store:
            n = store.stats()["events"]
        if n >= MIN_EVENTS:
            return n
        db.unlink()
    with tempfile.TemporaryDirectory() as tmp, open_store(str(db)) as store:
        while True:
            write_corpus(tmp, articles, seed=11)
            ingest([tmp], store, batch_size=200)
            n = store.stats()["events"]
            if n >= MIN_EVENTS:
                return n
            articles = int(articles * 1.5)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start(db: Path) -> tuple[uvicorn.Server, threading.Thread, str]:
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(str(db)), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    return server, thread, f"http://127.0.0.1:{port}"


def _hit(client: httpx.Client, url: str) -> float:
    started = time.perf_counter()
    response = client.get(url)
    response.raise_for_status()
    return time.perf_counter() - started


def run(base: str, path: str, requests: int, threads: int) -> dict[str, float]:
    with httpx.Client(base_url=base, timeout=60) as client:
        _hit(client, path)  # warm up
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=threads) as pool:
            latencies = sorted(pool.map(lambda _: _hit(client, path), range(requests)))
        elapsed = time.perf_counter() - started
    return {"rps": requests / elapsed, "p50": statistics.median(latencies) * 1000,
            "p95": latencies[int(0.95 * (len(latencies) - 1))] * 1000, "max": latencies[-1] * 1000}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300, help="Requests per endpoint.")
    parser.add_argument("--threads", type=int, default=8, help="Concurrent client threads (bounded).")
    parser.add_argument("--db", type=Path, default=Path(tempfile.gettempdir()) / "khabar-web-bench.duckdb")
    args = parser.parse_args()
    started = time.perf_counter()
    events = build_store(args.db)
    print(f"store {args.db}: {events} events (ready in {time.perf_counter() - started:.1f} s)")
    server, thread, base = _start(args.db)
    try:
        print(f"{'endpoint':45} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
        for path in ENDPOINTS:
            r = run(base, path, args.requests, min(args.threads, 16))
            print(f"{path:45} {r['rps']:8.1f} {r['p50']:8.1f} {r['p95']:8.1f} {r['max']:8.1f}")
    finally:
        server.should_exit = True
        thread.join(timeout=10)


if __name__ == "__main__":
    main()
