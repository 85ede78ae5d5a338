"""A longer fuzz run of the properties in tests/test_fuzz.py (CI runs them with a few dozen examples each).

    python tools/fuzz.py [--examples 5000] [-k code_text]

Only KhabarError may escape the coder and the readers; any other exception is a bug, printed by Hypothesis with the
smallest input that triggers it. Exits with pytest's exit code.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1] / "tests" / "test_fuzz.py"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=5000, help="Examples per property.")
    parser.add_argument("-k", dest="select", default=None, help="Only the properties matching this pytest -k.")
    args = parser.parse_args()
    env = {**os.environ, "KHABAR_FUZZ_EXAMPLES": str(args.examples)}
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(TESTS)]
    if args.select:
        command += ["-k", args.select]
    return subprocess.call(command, env=env)


if __name__ == "__main__":
    sys.exit(main())
