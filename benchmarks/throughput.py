"""Coding throughput, Arabic and English side by side: the seed article (or a given file) and its English
rendering (tests/data/seed_en.txt), each repeated; prints sentences/s, articles/s, lexicon load time, peak RSS.

    python benchmarks/throughput.py [ARABIC_FILE] [--english FILE] [--repeat N]

A benchmark, not a test: it prints figures and asserts nothing.
"""

from __future__ import annotations

import argparse
import resource
import time
from datetime import date
from pathlib import Path

from khabar.lexicon.compile import load_lexicon
from khabar.lexicon.english import load_english
from khabar.pipeline import Coder

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "seed" / "000_9cc84d237d7e0f58.txt"


def _run(coder: Coder, text: str, repeat: int) -> tuple[int, int, float]:
    coder.code(text, date=date(2023, 9, 5))  # warm-up: lazy loads are not coding time
    events = sentences = 0
    t0 = time.perf_counter()
    for _ in range(repeat):
        doc = coder.code(text, date=date(2023, 9, 5))
        events += len(doc.events)
        sentences += len(doc.sentences)
    return sentences, events, time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("file", nargs="?", type=Path,
                        default=DEFAULT if DEFAULT.exists() else ROOT / "examples" / "sample_ar.txt")
    parser.add_argument("--english", type=Path, default=ROOT / "tests" / "data" / "seed_en.txt")
    parser.add_argument("--repeat", type=int, default=1000)
    args = parser.parse_args()

    t0 = time.perf_counter()
    lexicon = load_lexicon()
    load_ar = time.perf_counter() - t0
    t0 = time.perf_counter()
    english = load_english()
    load_en = time.perf_counter() - t0
    coder = Coder(lexicon)
    print(f"lexicon load        Arabic {load_ar:.2f} s ({lexicon.surfaces} keys), "
          f"English {load_en:.2f} s ({english.surfaces} keys)")
    for name, path in (("Arabic", args.file), ("English", args.english)):
        text = path.read_text(encoding="utf-8")
        sentences, events, elapsed = _run(coder, text, args.repeat)
        print(f"{name:<8} {path.name}: {args.repeat} articles, {sentences} sentences, {events} events — "
              f"{sentences / elapsed:,.0f} sentences/s, {args.repeat / elapsed:,.1f} articles/s")
    print(f"peak RSS            {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
