"""Small traps a new user meets (issue 18, item 5): the article column, short ids for brief, newest articles first,
checked --modality and --since values, and Parquet refused on a terminal."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from khabar.cli import cli
from khabar.model import MODALITIES
from khabar.web.app import create_app

RECORDS = [  # written for these tests; ids share a prefix on purpose
    {"id": "wire-2021-a", "date": "2021-04-02", "title": "Oldest report",
     "text": "قال مسؤول أمريكي إن الرئيس الصيني قد يزور موسكو الشهر المقبل."},
    {"id": "wire-2023-b", "date": "2023-11-20", "title": "Newest report",
     "text": "قصفت القوات الروسية مواقع في أوكرانيا أمس، بحسب الجيش الأوكراني."},
    {"id": "wire-2022-c", "date": "2022-07-15", "title": "Middle report",
     "text": "التقى وزير الخارجية المصري نظيره الأردني في عمان لبحث الأوضاع في المنطقة."},
    {"id": "desk-undated", "title": "Undated report",
     "text": "أعلنت الحكومة العراقية أنها ستفرض حظر تجول في بغداد."},
]


def run(*args: str, code: int = 0) -> str:
    res = CliRunner().invoke(cli, list(args))
    assert res.exit_code == code, res.output
    return res.output


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("traps")
    (folder / "wire.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in RECORDS),
                                       encoding="utf-8")
    path = str(folder / "k.duckdb")
    run("ingest", str(folder / "wire.jsonl"), "--db", path, "--no-progress")
    return path


def test_events_table_names_the_article(db: str):
    res = CliRunner().invoke(cli, ["events", "--db", db], env={"COLUMNS": "300"})
    assert res.exit_code == 0, res.output
    table = res.output
    assert "article" in table.splitlines()[1]
    assert "wire-2023-b" in table and "desk-undated" in table


def test_brief_takes_a_unique_prefix_and_says_when_it_is_ambiguous(db: str):
    by_prefix = run("brief", "wire-2023", "--db", db, "--language", "en")
    assert by_prefix == run("brief", "wire-2023-b", "--db", db, "--language", "en")
    assert "Newest report" in by_prefix
    ambiguous = run("brief", "wire-", "--db", db, code=3)
    assert "E501" in ambiguous and "ambiguous" in ambiguous
    assert "E501" in run("brief", "nothing-like-it", "--db", db, code=3)


def test_latest_articles_lists_the_newest_first(db: str):
    with TestClient(create_app(db)) as client:
        html = client.get("/").text
    spots = [html.find(title) for title in ("Newest report", "Middle report", "Oldest report", "Undated report")]
    assert all(s > 0 for s in spots) and spots == sorted(spots), spots


def test_unknown_modality_is_a_usage_error_listing_the_labels(db: str):
    out = run("events", "--db", db, "--modality", "certain", code=2)
    assert "certain" in out and "asserted" in out and "hypothetical" in out
    assert len(MODALITIES) == 10
    rows = run("events", "--db", db, "--modality", "POSSIBLE", "--format", "jsonl").splitlines()
    assert rows and all(json.loads(r)["modality"] == "possible" for r in rows)


@pytest.mark.parametrize("option", ["--since", "--until"])
def test_bad_since_and_until_name_their_option(db: str, option: str):
    out = run("events", "--db", db, option, "notadate", code=2)
    assert f"{option} 'notadate'" in out and "--date" not in out
    assert run("events", "--db", db, option, "2023-11", "--format", "jsonl") is not None  # a month is a date
    assert option in run("network", "--db", db, option, "soon", code=2)


def test_parquet_to_a_terminal_is_refused_but_to_a_pipe_is_written(db: str, tmp_path: Path):
    args = [sys.executable, "-m", "khabar", "export", "--db", db, "--format", "parquet", "--out", "-"]
    leader, follower = pty.openpty()
    try:
        done = subprocess.run(args, stdout=follower, stderr=subprocess.PIPE, timeout=240)
    finally:
        os.close(follower)
        os.close(leader)
    assert done.returncode == 2 and b"terminal" in done.stderr
    piped = subprocess.run(args, capture_output=True, timeout=240)
    assert piped.returncode == 0 and piped.stdout.startswith(b"PAR1")
