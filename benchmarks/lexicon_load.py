"""Lexicon compile + load time, cold (no compiled cache) and warm (cache present), each in a fresh process.

    python benchmarks/lexicon_load.py [--runs N]

Targets from the lexicon issue: ≤ 2 s cold, ≤ 0.3 s warm, on this 2-core machine. Prints figures, asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

PROBE = "from khabar.lexicon.compile import load_lexicon; load_lexicon()"


def timed(env: dict[str, str]) -> float:
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", PROBE], env=env, check=True)
    return time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    baseline_env = dict(os.environ)
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import khabar"], env=baseline_env, check=True)
    interpreter = time.perf_counter() - t0
    cold, warm = [], []
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory() as cache:
            env = {**baseline_env, "KHABAR_CACHE_DIR": cache}
            cold.append(timed(env))
            warm.append(timed(env))
    print(f"python + import khabar        {interpreter:.2f} s")
    print(f"cold (compile + write cache)  {statistics.median(cold):.2f} s   (median of {args.runs}, whole process)")
    print(f"warm (read compiled cache)    {statistics.median(warm):.2f} s   (median of {args.runs}, whole process)")
    print(f"warm minus bare import        {statistics.median(warm) - interpreter:.2f} s")


if __name__ == "__main__":
    main()
