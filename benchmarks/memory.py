"""Peak memory of coding long articles and long batches: ``khabar code``, ``khabar ingest`` and ``khabar batch``.

    python benchmarks/memory.py [--sizes 1 10 45] [--batch 2000] [--postgres URL] [--only WORD ...] [--quick]

Generates, in a temporary folder, one long Arabic article per size (MB of UTF-8; news-style paragraphs written for
this benchmark, varied by numbers and places so the coder's repeat folding does not make it trivial) and a JSONL
file of many ordinary articles, then runs each command in its own process and prints the peak memory of that process
and all its children (sampled from /proc every 20 ms, so ``batch --workers 2`` counts the driver and both workers)
and the wall time. Two measures: RSS, the resident pages of each process added up (pages shared by several
processes, such as the Python and library code they all map, count once per process), and PSS, where a page shared
by n processes counts 1/n in each (what the processes together take from the machine). The input limit is 50 MB,
so 45 MB is the largest article ingest accepts. Prints, asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

PLACES = ["القاهرة", "عمان", "بغداد", "بيروت", "دمشق", "الرياض", "طهران", "أنقرة", "تونس", "الرباط"]
PARAGRAPHS = [  # written for this benchmark
    "قال وزير الخارجية المصري إن {place} ستستضيف جولة جديدة من المحادثات بين الأطراف الليبية خلال {n} أيام. "
    "وأضاف في مؤتمر صحفي أن الاتصالات مستمرة مع جميع الأطراف.",
    "اتهم الجيش الإسرائيلي حركة حماس بإطلاق {n} صواريخ على مدن الجنوب مساء أمس، فيما أعلنت الحركة أنها ردت "
    "على قصف استهدف مواقعها قرب {place}.",
    "وزار رئيس الوزراء العراقي {place} والتقى كبار المسؤولين لبحث العلاقات الثنائية وملف المياه، وفق بيان "
    "صدر عن مكتبه اليوم.",
    "وأدانت المملكة العربية السعودية الهجوم الذي استهدف سفارتها في {place}، وطالبت بمحاسبة المسؤولين عنه، "
    "فيما أعلنت الشرطة اعتقال {n} مشتبها بهم.",
    "وتظاهر آلاف الطلاب في {place} احتجاجا على ارتفاع الأسعار، ورفعوا لافتات تطالب الحكومة بالإصلاح.",
]


def article(megabytes: float) -> str:
    """About ``megabytes`` MB of UTF-8 news text, in paragraphs separated by blank lines."""
    target, parts, size, i = int(megabytes * 1_000_000), [], 0, 0
    while size < target:
        para = PARAGRAPHS[i % len(PARAGRAPHS)].format(place=PLACES[i // len(PARAGRAPHS) % len(PLACES)], n=i % 97 + 2)
        parts.append(para)
        size += len(para.encode()) + 2
        i += 1
    return "\n\n".join(parts)


def tree_memory(pid: int) -> tuple[int, int]:
    """(RSS, PSS) bytes of ``pid`` and every descendant, from /proc."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry))
        rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    total_rss = total_pss = 0
    todo = [pid]
    while todo:
        p = todo.pop()
        total_rss += rss.get(p, 0)
        total_pss += _pss(p)
        todo += children.get(p, [])
    return total_rss, total_pss


def _pss(pid: int) -> int:
    """Proportional set size of one process in bytes (0 when it has gone)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def measure(command: list[str]) -> tuple[float, float, float, int]:
    """(peak RSS MB, peak PSS MB of the process tree, seconds, exit code) of running ``command``."""
    started = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = [0, 0]

    def sample() -> None:
        while proc.poll() is None:
            rss, pss = tree_memory(proc.pid)
            peak[0], peak[1] = max(peak[0], rss), max(peak[1], pss)
            time.sleep(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = proc.communicate()
    sampler.join()
    if proc.returncode:
        print(f"    exit {proc.returncode}: {err.decode(errors='replace').strip()[-300:]}")
    return peak[0] / 1e6, peak[1] / 1e6, time.perf_counter() - started, proc.returncode


def _report(label: str, command: list[str]) -> None:
    rss, pss, seconds, _ = measure(command)
    print(f"{label:<44} peak RSS {rss:>8,.0f} MB  PSS {pss:>8,.0f} MB {seconds:>8.1f} s", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=float, nargs="*", default=[1, 10, 45], help="Article sizes in MB.")
    parser.add_argument("--batch", type=int, default=2000, help="Articles in the JSONL batch.")
    parser.add_argument("--postgres", default=None, help="Also ingest into this PostgreSQL database URL.")
    parser.add_argument("--only", nargs="*", default=None,
                        help="Run only the runs whose label contains one of these words (e.g. ingest batch).")
    parser.add_argument("--quick", action="store_true", help="One 1 MB article and 200 batch articles.")
    args = parser.parse_args()

    def report(label: str, command: list[str]) -> None:
        if args.only is None or any(word in label for word in args.only):
            _report(label, command)

    sizes, n_batch = ([1.0], 200) if args.quick else (args.sizes, args.batch)
    khabar = [sys.executable, "-m", "khabar"] if shutil.which("khabar") is None else ["khabar"]
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        one = _write(root / "one.txt", PARAGRAPHS[4].format(place="عمان", n=3))
        report("baseline: khabar code of one paragraph", [*khabar, "code", str(one), "--date", "2024-03-01"])
        for size in sizes:
            path = _write(root / f"long-{size:g}.txt", article(size))
            report(f"code: one {size:g} MB article", [*khabar, "code", str(path), "--date", "2024-03-01"])
            report(f"ingest (duckdb): one {size:g} MB article",
                   [*khabar, "ingest", str(path), "--db", str(root / f"long-{size:g}.duckdb"), "--no-progress"])
            if args.postgres:
                report(f"ingest (postgres): one {size:g} MB article",
                       [*khabar, "ingest", str(path), "--db", args.postgres, "--no-progress", "--recode"])
            if size == max(sizes):  # khabar batch's output of it, stored without coding it again
                out = root / f"long-{size:g}-batch"
                report(f"batch: one {size:g} MB article",
                       [*khabar, "batch", str(path), "--out", str(out), "--workers", "0", "--no-progress"])
                report(f"ingest (duckdb): batch output of one {size:g} MB article",
                       [*khabar, "ingest", str(out), "--db", str(root / f"long-{size:g}-batch.duckdb"),
                        "--no-progress"])
        records = root / "batch.jsonl"
        with records.open("w", encoding="utf-8") as fh:
            for i in range(n_batch):
                text = "\n\n".join(p.format(place=PLACES[(i + k) % len(PLACES)], n=i % 89 + k)
                                   for k, p in enumerate(PARAGRAPHS))
                fh.write(json.dumps({"text": text, "date": "2024-03-01", "id": f"a{i}"}, ensure_ascii=False) + "\n")
        report(f"ingest (duckdb): {n_batch:,} articles",
               [*khabar, "ingest", str(records), "--db", str(root / "batch.duckdb"), "--no-progress"])
        for workers in (0, 1, 2):
            report(f"batch --workers {workers}: {n_batch:,} articles",
                   [*khabar, "batch", str(records), "--out", str(root / f"out{workers}"), "--workers", str(workers),
                    "--no-progress"])
        report(f"ingest (duckdb): batch output of {n_batch:,} articles",
               [*khabar, "ingest", str(root / "out0"), "--db", str(root / "batch-out.duckdb"), "--no-progress"])


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


if __name__ == "__main__":
    main()
