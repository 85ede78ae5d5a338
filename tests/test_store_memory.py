"""What keeps the store's memory bounded, held to its behaviour (the figures are printed by benchmarks/memory.py):
bulk rows staged through a temporary CSV file on DuckDB (values come back exactly, no file is left behind), no
pyarrow or pandas in a process that only codes and stores, and long texts stored in parts (article_parts). Both
backends where a store is involved."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

import khabar
from khabar.ingest import ingest, windows
from khabar.ingest import run as ingest_run
from khabar.pipeline import article_id_for
from khabar.store import ArticleRecord, core, open_store
from khabar.store import db as db_module
from khabar.store.db import connect
from khabar.store.migrations import MIGRATIONS, migrate

TEXT = "زار الرئيس الصيني موسكو يوم 5 أيلول 2023."
# Values a CSV file could confuse: quotes, separators, line ends, what other tools take for NULL, empty strings.
AWKWARD = ['a "quoted", comma', "line\nbreak\r\nand CR\r", "\\N", "NULL", "null", "", " ", "'", '"', ",", "ب،ج"]


def _events(text: str, published: str = "2023-09-05") -> list[dict[str, Any]]:
    return [e.to_dict() for e in khabar.code_text(text, date=published).events]


def test_store_values_round_trip_exactly(target: str) -> None:
    text = f'{TEXT}\n"{AWKWARD[0]}"\r\n{AWKWARD[1]}'
    events = _events(text)
    assert events
    event = {**events[0], "future_field": AWKWARD}
    event["source"] = {**event["source"], "name": "", "text": AWKWARD[0]}
    record = ArticleRecord(article_id_for(text), text, title="", url=None, outlet=AWKWARD[1],
                           published=date(2023, 9, 5), source_path="\\N")
    sentences = [{"index": i, "start": i, "end": i + 1, "text": value} for i, value in enumerate(AWKWARD)]
    mentions = [{"sentence_index": i, "kind": "actor", "start": 0, "end": 1, "text": value, "code": None,
                 "name": "" if i % 2 else None, "rule": value} for i, value in enumerate(AWKWARD)]
    with open_store(target) as store:
        store.save_article(record, [event], "v1", sentences=sentences, mentions=mentions)
        got = store.article(record.article_id)
    assert got is not None
    assert (got["text"], got["title"], got["url"], got["outlet"], got["source_path"]) == (
        text, "", None, AWKWARD[1], "\\N")
    assert got["published"] == "2023-09-05" and datetime.fromisoformat(got["ingested_at"])
    stored = {k: v for k, v in got["events"][0].items() if k not in ("outlet", "url", "published", "title",
                                                                     "cluster_id")}
    assert stored == event
    assert [s["text"] for s in got["sentences"]] == AWKWARD
    assert [(m["text"], m["code"], m["name"], m["rule"]) for m in got["mentions"]] == [
        (v, None, "" if i % 2 else None, v) for i, v in enumerate(AWKWARD)]


def test_duckdb_staging_leaves_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    events = _events(TEXT)
    record = ArticleRecord(article_id_for(TEXT), TEXT, published=date(2023, 9, 5))
    with open_store(tmp_path / "k.duckdb") as store:
        store.save_article(record, events, "v1")
        store.recluster()
        with pytest.raises(ValueError, match="belongs to article"), store.transaction():
            store.save_article(ArticleRecord("other", "نص آخر"), [{**events[0], "article_id": "x"}], "v1")
        with pytest.raises(Exception, match=r"(?i)duplicate key"), store.transaction():  # fails inside DuckDB
            store.save_article(ArticleRecord("a1", "س"), [{**events[0], "article_id": "a1"}], "v1")
            store.save_article(ArticleRecord("a2", "ص"), [{**events[0], "article_id": "a2"}], "v1")
        with pytest.raises(RuntimeError, match="stop"), store.transaction():
            store.save_article(ArticleRecord("third", "نص ثالث"), [], "v1")
            store.events()  # staged and written inside the transaction, then rolled back
            raise RuntimeError("stop")
        assert store.stats() == {"articles": 1, "events": len(events), "clusters": 1}
        assert store.article("third") is None
    assert list(scratch.iterdir()) == []


def test_coding_and_storing_import_no_pyarrow_or_pandas(target: str, tmp_path: Path) -> None:
    source = tmp_path / "a.txt"
    source.write_text(TEXT, encoding="utf-8")
    script = ("import sys\nfrom khabar.ingest import ingest\nfrom khabar.store import open_store\n"
              f"with open_store({target!r}) as s:\n    ingest([{str(source)!r}], s)\n    assert s.stats()['events']\n"
              "print(' '.join(m for m in ('pyarrow', 'pandas') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert done.stdout.split() == []


# ------------------------------------------------------------------------------------------------ article parts


def _parts(store: Any, article_id: str) -> list[tuple[int, str]]:
    return [(part, text) for part, text in store._db.query(
        "SELECT part, text FROM article_parts WHERE article_id = ? ORDER BY part", [article_id])]


def _column_text(store: Any, article_id: str) -> str | None:
    return store._db.query("SELECT text FROM articles WHERE article_id = ?", [article_id])[0][0]


def test_a_long_text_is_stored_in_parts_and_read_whole(target: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(core, "PART_CHARS", 10)
    long_text = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي" + "0123456789"  # 39 characters: four parts
    record = ArticleRecord("long", long_text, published=date(2023, 9, 5))
    with open_store(target) as store:
        store.save_article(record, [], "v1")
        assert _column_text(store, "long") is None
        assert _parts(store, "long") == [(0, long_text[:10]), (1, long_text[10:20]), (2, long_text[20:30]),
                                         (3, long_text[30:])]
        assert store.article("long")["text"] == long_text
        assert store.same_text("long", long_text) is True
        assert store.same_text("long", long_text[:25] + "x" + long_text[26:]) is False  # same length, third part
        assert store.same_text("long", long_text + "!") is False
        assert store.has_article("long", "v1")
        # saved again shorter: one part fewer, none left over; then short enough for the articles row alone
        store.save_article(ArticleRecord("long", long_text[:25]), [], "v2")
        assert [p for p, _ in _parts(store, "long")] == [0, 1, 2]
        assert store.article("long")["text"] == long_text[:25]
        store.save_article(ArticleRecord("long", long_text[:10]), [], "v3")
        assert _parts(store, "long") == [] and _column_text(store, "long") == long_text[:10]
        assert store.article("long")["text"] == long_text[:10]
        # a transaction that fails leaves the parts as they were
        with pytest.raises(RuntimeError), store.transaction():
            store.save_article(ArticleRecord("long", long_text), [], "v4")
            store.stats()  # written inside the transaction
            raise RuntimeError
        assert _parts(store, "long") == [] and store.article("long")["text"] == long_text[:10]


def test_a_long_article_ingested_in_windows_keeps_its_text_in_parts(target: str, tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(core, "PART_CHARS", 200)
    monkeypatch.setattr(ingest_run, "LONG_TEXT", 300)
    monkeypatch.setattr(windows, "LONG_TEXT", 300)
    monkeypatch.setattr(windows, "WINDOW", 400)
    text = "\n\n".join([TEXT, "أدانت مصر الهجوم الإسرائيلي على غزة."] * 12)
    source = tmp_path / "news.jsonl"
    source.write_text(json.dumps({"id": "n1", "text": text, "date": "2023-09-05"}, ensure_ascii=False) + "\n",
                      encoding="utf-8")
    with open_store(target) as store:
        first = ingest([source], store)
        assert (first.coded, first.failed) == (1, [])
        assert len(_parts(store, "n1")) == -(-len(text) // 200) and _column_text(store, "n1") is None
        assert store.article("n1")["text"] == text and first.events > 0
        again = ingest([source], store)  # the same text under the same id: a repeat, skipped
        assert (again.coded, again.skipped_duplicates, again.failed) == (0, 1, [])
        source.write_text(json.dumps({"id": "n1", "text": text.replace("غزة", "رفح"), "date": "2023-09-05"},
                                     ensure_ascii=False) + "\n", encoding="utf-8")
        other = ingest([source], store)  # the id reused for another text: refused
        assert other.coded == 0 and [reason[:4] for _, reason in other.failed] == ["E107"]
        assert store.article("n1")["text"] == text


def test_a_store_of_schema_2_gains_article_parts_and_keeps_its_texts(target: str) -> None:
    record = ArticleRecord("old", TEXT)
    db = connect(target)
    migrate(db, MIGRATIONS[:2])
    db.execute("INSERT INTO articles (article_id, text, lexicon_version) VALUES (?, ?, ?)",
               [record.article_id, record.text, "v0"])
    db.close()
    with open_store(target) as store:
        assert store.applied_migrations == [3]
        assert store.article("old")["text"] == TEXT and store.same_text("old", TEXT)
        assert _parts(store, "old") == []


# ------------------------------------------------------------------------------------------- DuckDB memory limit


def test_a_duckdb_writer_has_a_memory_limit_that_grows_with_the_store(tmp_path: Path) -> None:
    path = tmp_path / "k.duckdb"
    events = _events(TEXT)
    with open_store(path) as store:
        db = store._db
        assert abs(db.memory_limit() - db_module.WRITE_MEMORY) < 200_000  # an empty store
        store.save_article(ArticleRecord(article_id_for(TEXT), TEXT), events, "v1")
        with store.transaction():
            db.stage("khabar_stage_many", "events", ("event_id", "article_id"),
                     ([f"{i:020d}", article_id_for(TEXT)] for i in range(10_000)))
            allowance = db_module.INDEX_BYTES["events"] * 10_000
            assert db.memory_limit() >= db_module.WRITE_MEMORY + allowance - 200_000  # before the rows go in
            db.execute("INSERT INTO events (event_id, article_id) SELECT event_id, article_id FROM khabar_stage_many")
            db.unstage("khabar_stage_many")
    with open_store(path) as store:  # opened again: the limit counts the rows stored
        assert store._db.memory_limit() >= db_module.WRITE_MEMORY + allowance - 200_000
    with open_store(path, read_only=True) as reader:
        assert reader._db.memory_limit() > 1_000_000_000  # DuckDB's default: a reader caches what it reads
    with open_store(":memory:") as memory:
        assert memory._db.memory_limit() > 1_000_000_000  # its data lives in the buffer pool: no limit of ours


def test_a_duckdb_writer_commits_a_million_rows_in_one_session(tmp_path: Path) -> None:
    # DuckDB keeps the index entries of the rows a connection writes in memory; a fixed 64 MB limit made this
    # commit fail (and DuckDB then refuses every statement until the file is opened again)
    with open_store(tmp_path / "k.duckdb") as store:
        store.save_article(ArticleRecord("a", "س"), [], "v1")
        with store.transaction():
            store._db.stage("khabar_stage_many", "events", ("event_id", "article_id"),
                            ([f"{i:020d}", "a"] for i in range(1_000_000)))
            store._db.execute("INSERT INTO events (event_id, article_id) SELECT event_id, article_id "
                              "FROM khabar_stage_many")
            store._db.unstage("khabar_stage_many")
        assert store.stats()["events"] == 1_000_000
