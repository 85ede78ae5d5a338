"""Coding throughput on the seed article (or any text file) repeated: prints sentences/s and lexicon load time.

    python benchmarks/throughput.py [FILE] [--repeat N]

A benchmark, not a test: it prints figures and asserts nothing.
"""

from __future__ import annotations

import argparse
import resource
import time
from datetime import date
from pathlib import Path

from khabar.lexicon.compile import load_lexicon
from khabar.pipeline import Coder
from khabar.text.segment import split_sentences

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "seed" / "000_9cc84d237d7e0f58.txt"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("file", nargs="?", type=Path,
                        default=DEFAULT if DEFAULT.exists() else ROOT / "examples" / "sample_ar.txt")
    parser.add_argument("--repeat", type=int, default=1000)
    args = parser.parse_args()
    text = args.file.read_text(encoding="utf-8")

    t0 = time.perf_counter()
    lexicon = load_lexicon()
    load_s = time.perf_counter() - t0
    coder = Coder(lexicon)
    n_sent = len(split_sentences(text))

    events = 0
    t0 = time.perf_counter()
    for _ in range(args.repeat):
        events += len(coder.code(text, date=date(2023, 9, 5)).events)
    elapsed = time.perf_counter() - t0
    sentences = n_sent * args.repeat
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"file                {args.file.name}")
    print(f"lexicon load        {load_s:.2f} s ({lexicon.surfaces} surface keys)")
    print(f"articles coded      {args.repeat} ({sentences} sentences, {events} events)")
    print(f"throughput          {sentences / elapsed:,.0f} sentences/s, {args.repeat / elapsed:,.1f} articles/s")
    print(f"peak RSS            {rss_mb:.0f} MB")


if __name__ == "__main__":
    main()
