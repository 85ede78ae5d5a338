"""Smoke test of benchmarks/real_news.py on three made-up news sentences: it runs and prints its figures (no timing
assertions)."""

import json
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

SCRIPT = Path(__file__).parents[1] / "benchmarks" / "real_news.py"
SENTENCES = [  # written for this test
    "قصفت القوات الإسرائيلية مواقع في جنوب لبنان صباح الثلاثاء، بحسب مصادر أمنية.",
    "تظاهر آلاف الطلاب في القاهرة احتجاجا على ارتفاع الأسعار.",
    "التقى وزير الخارجية الفرنسي نظيره الأردني في عمان يوم الأحد لبحث الأوضاع في المنطقة.",
]


def test_real_news_benchmark_prints_rate_and_events(tmp_path, coder):
    data = tmp_path / "news.jsonl"
    data.write_text("".join(json.dumps({"text": s, "date": "2023-09-05"}, ensure_ascii=False) + "\n"
                            for s in SENTENCES), encoding="utf-8")
    expected = sum(len(coder.code(s, date=date(2023, 9, 5)).events) for s in SENTENCES)
    assert expected > 0
    done = subprocess.run([sys.executable, str(SCRIPT), str(data), "--repeat", "1"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    line = next(x for x in done.stdout.splitlines() if x.strip().startswith("news:"))
    assert re.search(r"[\d,]+ sentences/s", line), done.stdout
    assert f"{expected} events from 3 sentences" in line, done.stdout
    assert "peak RSS" in done.stdout


STAGES = Path(__file__).parents[1] / "benchmarks" / "stages.py"


def test_stages_benchmark_runs_and_its_stages_agree_with_the_coder():
    """benchmarks/stages.py calls the coder's stages one by one: it must still import and run them, and the events
    it counts must be the ones Coder.code finds (it prints '(coder: N)' when they differ)."""
    done = subprocess.run([sys.executable, str(STAGES), "--repeat", "1", "--articles", "4"],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    rows = [line for line in done.stdout.splitlines() if re.search(r"\s\d[\d,]*\s+\d[\d,]*\s", line)
            and not line.startswith(("input", "lexicon", "peak"))]
    assert len(rows) == 2, done.stdout
    assert rows[1].startswith("generated corpus 4"), done.stdout
    assert "(coder:" not in done.stdout, done.stdout
    assert "peak RSS" in done.stdout
