"""What keeps the store's memory bounded, held to its behaviour (the figures are printed by benchmarks/memory.py):
bulk rows staged through a temporary CSV file on DuckDB (values come back exactly, no file is left behind), and no
pyarrow or pandas in a process that only codes and stores. Both backends where a store is involved."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

import khabar
from khabar.pipeline import article_id_for
from khabar.store import ArticleRecord, open_store

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
