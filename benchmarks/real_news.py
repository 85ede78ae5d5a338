"""Real-news throughput: every sentence of one or more JSONL files (records with a "text" field) coded as its own
article with ``Coder().code(text, date=...)``; prints sentences/s on one core, µs per sentence, tokens per sentence,
events produced, lexicon load time and peak RSS.

    python benchmarks/real_news.py [FILE.jsonl ...] [--repeat N] [--limit N] [--compare REV] [--json]

Without FILE, the real-news dev sets next to the repository (../shared/data) are used: ar-detection-dev.jsonl and
ar-events-dev.jsonl (Arabic) and en-plover-dev.jsonl (English, on its own line). The lexicons are loaded and a few
sentences coded before the clock starts; only coding is timed. ``--repeat N`` times N passes and reports the best
and the median. ``--compare REV`` also runs the same sentences with git revision REV of this repository (checked out
with ``git worktree add`` into a temporary folder and run in a subprocess with PYTHONPATH at its src/), prints both,
the ratio, and whether the events agree: count and the (CAMEO, source code, target code) multiset of each sentence.
This tree runs as installed, its hot modules compiled or not (the build is printed: khabar.compiled; run once more
with KHABAR_PURE_PYTHON=1 for its pure-Python figure); REV runs from its source, pure Python.
``--json`` prints the figures as one JSON object instead (what ``--compare`` reads from the other revision).

khabar is imported inside ``measure`` only, so this file runs against any revision's package. A benchmark, not a
test: it prints figures and asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
DEFAULT_GROUPS = (("Arabic", ("ar-detection-dev.jsonl", "ar-events-dev.jsonl")), ("English", ("en-plover-dev.jsonl",)))
FALLBACK_DATE = date(2010, 1, 1)  # records without a usable "date"
WARM_UP = 5  # sentences per group coded before timing


def record_date(value: Any) -> date:
    """The record's date ("20080101" or "2008-01-01"), else FALLBACK_DATE."""
    text = str(value or "").strip()
    for candidate in (text, f"{text[:4]}-{text[4:6]}-{text[6:8]}"):
        try:
            return date.fromisoformat(candidate)
        except ValueError:
            continue
    return FALLBACK_DATE


def read_group(paths: list[Path], limit: int | None) -> list[tuple[str, date]]:
    """(text, date) of each record with a non-empty "text", in file order, at most ``limit``."""
    items: list[tuple[str, date]] = []
    for path in paths:
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    record = json.loads(line)
                    if record.get("text"):
                        items.append((record["text"], record_date(record.get("date"))))
    return items[:limit] if limit else items


def measure(groups: list[tuple[str, list[Path]]], repeat: int, limit: int | None) -> dict[str, Any]:
    """Load the lexicons, warm up, then time ``repeat`` passes of coding each group's sentences one by one."""
    t0 = time.perf_counter()
    import khabar
    from khabar.pipeline import Coder

    coder = Coder()
    load_ar = time.perf_counter() - t0
    t0 = time.perf_counter()
    load_en: float | None = None
    if hasattr(type(coder), "english"):  # revisions before the English coder have none
        _ = coder.english
        load_en = time.perf_counter() - t0
    build = getattr(getattr(khabar, "compiled", None), "MODE", "pure Python (a revision with no compiled build)")
    out: dict[str, Any] = {"khabar": str(Path(khabar.__file__).resolve().parent), "build": build,
                           "load_s": {"Arabic": load_ar, "English": load_en}, "groups": []}
    for name, paths in groups:
        items = read_group(paths, limit)
        for text, day in items[:WARM_UP]:
            coder.code(text, date=day)
        passes: list[float] = []
        keys: list[list[list[str]]] = []
        tokens = split = events = 0
        for n in range(repeat):
            elapsed = 0.0
            for text, day in items:
                t = time.perf_counter()
                doc = coder.code(text, date=day)
                elapsed += time.perf_counter() - t
                if n == 0:  # bookkeeping outside the clock, once
                    split += len(doc.sentences)
                    tokens += sum(len(s.tokens) for s in doc.sentences)
                    events += len(doc.events)
                    keys.append(sorted([e.cameo, e.source.actor.code if e.source else "",
                                        e.target.actor.code if e.target else ""] for e in doc.events))
            passes.append(elapsed)
        best, median = min(passes), statistics.median(passes)
        out["groups"].append({
            "name": name, "files": [p.name for p in paths], "sentences": len(items), "split_sentences": split,
            "tokens_per_sentence": tokens / max(len(items), 1), "events": events, "passes_s": passes,
            "best_per_s": len(items) / best if best else 0.0, "median_per_s": len(items) / median if median else 0.0,
            "us_per_sentence": best / max(len(items), 1) * 1e6, "keys": keys,
        })
    out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KB
    return out


def resolve_groups(paths: list[Path], data: Path) -> list[tuple[str, list[Path]]]:
    if paths:
        return [(p.stem, [p]) for p in paths]
    if not data.is_dir():
        raise SystemExit(f"real_news.py: no JSONL file given and {data} does not exist; pass one or more JSONL "
                         "files of records with a \"text\" field")
    return [(name, [data / f for f in files]) for name, files in DEFAULT_GROUPS]


def run_revision(rev: str, groups: list[tuple[str, list[Path]]], args: argparse.Namespace) -> dict[str, Any]:
    """Figures of git revision ``rev``: its own real_news.py if it has one, else this file, with PYTHONPATH at its
    src/ (both in a subprocess with ``--json``). The worktree is removed afterwards."""
    tmp = Path(tempfile.mkdtemp(prefix="khabar-real-news-"))
    tree = tmp / "tree"
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "--quiet", str(tree), rev], check=True)
    try:
        theirs = tree / "benchmarks" / "real_news.py"
        script = theirs if theirs.is_file() else Path(__file__).resolve()
        inputs = [str(p.resolve()) for p in args.paths] if args.paths else ["--data", str(args.data.resolve())]
        cmd = [sys.executable, str(script), *inputs, "--repeat", str(args.repeat), "--json"]
        if args.limit:
            cmd += ["--limit", str(args.limit)]
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(tree / "src"),
                                                                          os.environ.get("PYTHONPATH")]))}
        done = subprocess.run(cmd, cwd=tree, env=env, capture_output=True, text=True)
        if done.returncode:
            raise SystemExit(f"real_news.py at {rev} failed:\n{done.stderr}")
        figures = json.loads(done.stdout)
        if not Path(figures["khabar"]).is_relative_to(tree.resolve()):
            raise SystemExit(f"{rev} ran khabar from {figures['khabar']}, not from its worktree")
        figures["script"] = "its own script" if script == theirs else "this script, REV has none"
        return figures
    finally:
        subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)], check=False)
        subprocess.run(["git", "-C", str(ROOT), "worktree", "prune"], check=False)
        shutil.rmtree(tmp, ignore_errors=True)


def print_figures(label: str, figures: dict[str, Any], repeat: int) -> None:
    load = figures["load_s"]
    print(f"{label}: khabar from {figures['khabar']} ({figures.get('build', 'pure Python')})")
    english = "-" if load["English"] is None else f"{load['English']:.2f} s"
    print(f"  lexicon load        Arabic {load['Arabic']:.2f} s, English {english}")
    print(f"  {'input':<10} {'sents':>6} {'tok/sent':>8} {'best/s':>8} {'median/s':>9} {'µs/sent':>8} {'events':>7}")
    for g in figures["groups"]:
        print(f"  {g['name']:<10} {g['sentences']:>6} {g['tokens_per_sentence']:>8.1f} {g['best_per_s']:>8,.0f} "
              f"{g['median_per_s']:>9,.0f} {g['us_per_sentence']:>8,.0f} {g['events']:>7}")
    for g in figures["groups"]:
        print(f"  {g['name']}: {g['best_per_s']:,.0f} sentences/s (best of {repeat}), {g['events']} events "
              f"from {g['sentences']} sentences ({', '.join(g['files'])})")
    print(f"  peak RSS            {figures['peak_rss_mb']:.0f} MB")


def compare(ours: dict[str, Any], theirs: dict[str, Any], rev: str) -> None:
    print(f"ratio (this tree / {rev}, best sentences/s) and events:")
    by_name = {g["name"]: g for g in theirs["groups"]}
    for g in ours["groups"]:
        other = by_name.get(g["name"])
        if other is None or other["sentences"] != g["sentences"]:
            print(f"  {g['name']}: not comparable ({rev} coded a different input)")
            continue
        ratio = g["best_per_s"] / other["best_per_s"] if other["best_per_s"] else float("inf")
        differ = sum(a != b for a, b in zip(g["keys"], other["keys"], strict=True))
        ours_all = Counter(tuple(k) for ks in g["keys"] for k in ks)
        theirs_all = Counter(tuple(k) for ks in other["keys"] for k in ks)
        same = "identical" if not differ else f"{differ} sentence(s) differ"
        print(f"  {g['name']:<10} {ratio:.2f}× speed; events {g['events']} vs {other['events']}: {same} "
              f"(multiset: {sum((ours_all - theirs_all).values())} only here, "
              f"{sum((theirs_all - ours_all).values())} only in {rev})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="*", type=Path, help="JSONL files (default: ../shared/data dev sets)")
    parser.add_argument("--repeat", type=int, default=3, help="timed passes; best and median reported")
    parser.add_argument("--limit", type=int, default=None, help="first N sentences of each input")
    parser.add_argument("--compare", metavar="REV", help="also run git revision REV and compare")
    parser.add_argument("--data", type=Path, default=DATA, help="folder of the default dev sets (../shared/data)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    groups = resolve_groups(args.paths, args.data)
    for _, paths in groups:
        for p in paths:
            if not p.is_file():
                parser.error(f"no such file: {p}")
    ours = measure(groups, args.repeat, args.limit)
    if args.json:
        json.dump(ours, sys.stdout)
        return
    print_figures("this tree", ours, args.repeat)
    if args.compare:
        theirs = run_revision(args.compare, groups, args)
        print_figures(f"{args.compare} ({theirs['script']})", theirs, args.repeat)
        compare(ours, theirs, args.compare)


if __name__ == "__main__":
    main()
