"""One DuckDB file shared by `khabar serve`, the CLI, ingest and notebooks, across processes (issue 18, item 1).

DuckDB lets one process write a file or many read it. The UI holds the file read-only only while requests keep
coming (khabar.store.shared), read commands open it read-only, ingest waits for readers to let go; a writer holding
the file makes readers fail in one line naming the file (CLI) or answer 503 (web). Most tests here run a second
Python process.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from khabar.cli import cli
from khabar.store.shared import SharedStore
from khabar.web.app import create_app

FIRST = "أعلنت وزارة الخارجية المصرية أن الوزير سامح شكري التقى نظيره الأردني في عمان يوم الاثنين."
SECOND = "قصفت طائرات حربية روسية مواقع في ريف إدلب شمال غرب سوريا، وفق مصادر محلية."


def khabar(*args: str, timeout: float = 240) -> subprocess.CompletedProcess[str]:
    """Run the khabar command in a separate process."""
    return subprocess.run([sys.executable, "-m", "khabar", *args], capture_output=True, text=True, timeout=timeout)


def holder(path: Path, read_only: bool) -> subprocess.Popen[str]:
    """A separate process holding the DuckDB file (as a notebook would) until it is killed."""
    code = (f"import duckdb, time; c = duckdb.connect({str(path)!r}, read_only={read_only}); "
            "print('ready', flush=True); time.sleep(120)")
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    return proc


def stop(proc: subprocess.Popen[str]) -> None:
    proc.kill()
    proc.wait(timeout=30)


@pytest.fixture
def store_file(tmp_path: Path) -> Path:
    news = tmp_path / "first.txt"
    news.write_text(FIRST, encoding="utf-8")
    db = tmp_path / "shared.duckdb"
    res = CliRunner().invoke(cli, ["ingest", str(news), "--db", str(db), "--no-progress", "--date-default",
                                   "2024-02-05"])
    assert res.exit_code == 0, res.output
    return db


def test_ingest_and_cli_reads_while_the_ui_is_open_and_the_ui_sees_new_data(store_file: Path, tmp_path: Path):
    with TestClient(create_app(str(store_file))) as client:
        before = client.get("/api/events").json()["count"]
        assert before >= 1
        second = tmp_path / "second.txt"
        second.write_text(SECOND, encoding="utf-8")
        done = khabar("ingest", str(second), "--db", str(store_file), "--no-progress", "--wait", "20")
        assert done.returncode == 0, done.stderr
        assert "coded 1" in done.stdout
        read = khabar("events", "--db", str(store_file), "--format", "jsonl", "--limit", "0")
        assert read.returncode == 0, read.stderr
        assert len(read.stdout.splitlines()) > before
        # the running UI picks up what the other process stored, without a restart
        after = client.get("/api/events").json()["count"]
        assert after == len(read.stdout.splitlines()) > before
        assert client.get("/").status_code == 200


def test_notebook_reader_and_cli_readers_share_the_file(store_file: Path):
    reader = holder(store_file, read_only=True)
    try:
        res = CliRunner().invoke(cli, ["events", "--db", str(store_file), "--format", "jsonl"])
        assert res.exit_code == 0, res.output
        assert json.loads(res.output.splitlines()[0])["cameo"]
        with TestClient(create_app(str(store_file))) as client:
            assert client.get("/api/events").status_code == 200
    finally:
        stop(reader)


def test_a_writer_elsewhere_makes_reads_fail_in_one_line_and_the_ui_answer_503(store_file: Path, monkeypatch):
    import khabar.commands.common as common

    with TestClient(create_app(str(store_file))) as client:
        writer = holder(store_file, read_only=False)
        try:
            monkeypatch.setattr(common, "READ_WAIT", 0.3)
            res = CliRunner().invoke(cli, ["events", "--db", str(store_file)])
            assert res.exit_code == 3, res.output
            assert "E601" in res.output and str(store_file) in res.output and "in use" in res.output
            assert res.output.strip().count("\n") == 0 and "Traceback" not in res.output
            monkeypatch.setattr(SharedStore, "WAIT", 0.3)
            page = client.get("/api/events")
            assert page.status_code == 503 and page.headers["retry-after"]
            assert "in use" in page.text
        finally:
            stop(writer)
        assert client.get("/api/events").status_code == 200  # free again: served again


def test_ingest_waits_for_a_reader_to_let_go(store_file: Path, tmp_path: Path):
    second = tmp_path / "second.txt"
    second.write_text(SECOND, encoding="utf-8")
    reader = holder(store_file, read_only=True)
    try:
        busy = khabar("ingest", str(second), "--db", str(store_file), "--no-progress", "--wait", "0")
        assert busy.returncode == 3 and "E601" in busy.stderr and "in use" in busy.stderr
        waiting = subprocess.Popen([sys.executable, "-m", "khabar", "ingest", str(second), "--db", str(store_file),
                                    "--no-progress", "--wait", "120"], stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True)
        time.sleep(1.0)
        assert waiting.poll() is None  # still waiting for the reader
    finally:
        stop(reader)
    out, err = waiting.communicate(timeout=240)
    assert waiting.returncode == 0, err
    assert "coded 1" in out


def test_read_commands_never_create_a_store(tmp_path: Path):
    typo = tmp_path / "typo.duckdb"
    for args in (["events"], ["dyad", "RUS", "UKR"], ["actors"], ["brief", "abc"],
                 ["export", "--format", "csv", "--out", str(tmp_path / "x.csv")]):
        res = CliRunner().invoke(cli, [*args, "--db", str(typo)])
        assert res.exit_code == 3, (args, res.output)
        assert "E601" in res.output and "typo.duckdb" in res.output and "does not exist" in res.output
    assert not typo.exists()
    assert not (tmp_path / "x.csv").exists()


def test_serve_on_a_missing_store_fails_before_serving(tmp_path: Path, monkeypatch):
    import khabar.web.app as app

    served: list[str] = []
    monkeypatch.setattr(app, "serve", lambda db, **kw: served.append(db))  # never start a real server here
    typo = tmp_path / "typo.duckdb"
    res = CliRunner().invoke(cli, ["serve", "--db", str(typo)])
    assert res.exit_code == 3 and "E601" in res.output and not served and not typo.exists()
    res = CliRunner().invoke(cli, ["serve", "--db", str(typo), "--allow-ingest"])  # the form may start a store
    assert res.exit_code == 0 and served == [str(typo)] and typo.exists()


def test_shared_store_lets_go_when_idle(store_file: Path, monkeypatch):
    monkeypatch.setattr(SharedStore, "IDLE", 0.2)
    shared = SharedStore(str(store_file))
    try:
        assert not shared.holding  # opened once to check the file, then let go
        with shared.use() as store:
            assert store.read_only and store.stats()["articles"] == 1
        assert shared.holding  # kept for the next request
        deadline = time.monotonic() + 10
        while shared.holding and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not shared.holding
    finally:
        shared.close()


def test_ingest_gets_the_file_while_the_ui_is_busy(store_file: Path, tmp_path: Path, monkeypatch):
    """Requests without a pause: the shared reader still lets go every MAX_AGE seconds, long enough for a waiting
    ingest to take the file; requests made while it writes fail as busy, and the ones after see its article."""
    from khabar.store.db import StoreBusy

    monkeypatch.setattr(SharedStore, "MAX_AGE", 0.3)
    monkeypatch.setattr(SharedStore, "WAIT", 0.2)
    second = tmp_path / "second.txt"
    second.write_text(SECOND, encoding="utf-8")
    shared = SharedStore(str(store_file))
    counts: list[int] = []
    busy = 0
    try:
        with shared.use() as store:
            counts.append(store.stats()["articles"])
        ingesting = subprocess.Popen([sys.executable, "-m", "khabar", "ingest", str(second), "--db", str(store_file),
                                      "--no-progress", "--wait", "120"], stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 100
        while ingesting.poll() is None and time.monotonic() < deadline:
            try:
                with shared.use() as store:
                    counts.append(store.stats()["articles"])
            except StoreBusy:
                busy += 1
        assert ingesting.poll() is not None, "ingest never got the file while the UI was busy"
        _, err = ingesting.communicate(timeout=60)
        assert ingesting.returncode == 0, err
        with shared.use() as store:
            counts.append(store.stats()["articles"])
    finally:
        shared.close()
    assert counts[0] == 1 and counts[-1] == 2 and len(counts) > 2
