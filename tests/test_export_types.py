"""Export types (issue 18, item 4): the event's date as a real date plus its precision in every format, CAMEO codes
kept as text by the readers people use (DuckDB, pandas), and a GDELT export that says why it has fewer rows."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from khabar.cli import cli
from khabar.export import STRING_COLUMNS, read_csv, read_jsonl, read_parquet, write_csv, write_jsonl, write_parquet
from khabar.export.flat import join_date, split_date

# Written for these tests: one date of each precision, and CAMEO codes with a leading zero (042 travel, 057 sign).
ARTICLES = [
    {"id": "day", "date": "2023-03-14",
     "text": "وقعت مصر والأردن اتفاقية للتعاون الاقتصادي في 10 مارس 2023 في القاهرة."},
    {"id": "month", "date": "2023-09-05",
     "text": "قال مسؤول أمريكي إن زعيم كوريا الشمالية قد يسافر إلى روسيا الشهر المقبل."},
    {"id": "year", "date": "2021-06-01",
     "text": "أغلقت كوريا الشمالية حدودها عام 2020 بسبب الوباء."},
    {"id": "retold", "date": "2023-03-15",
     "text": "وقعت مصر والأردن اتفاقية للتعاون الاقتصادي في 10 مارس 2023 في القاهرة، بحسب الوكالة."},
]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("types")
    (folder / "in.jsonl").write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in ARTICLES),
                                     encoding="utf-8")
    path = str(folder / "k.duckdb")
    res = CliRunner().invoke(cli, ["ingest", str(folder / "in.jsonl"), "--db", path, "--no-progress"])
    assert res.exit_code == 0, res.output
    return path


@pytest.fixture(scope="module")
def events(db: str) -> list[dict]:
    from khabar.store import open_store

    with open_store(db, read_only=True) as store:
        return store.events()


def iso(rows: list[dict]) -> list[dict]:
    """Rows as the store gives them: ``published`` as ISO text (readers give a ``datetime.date``)."""
    return [{**r, "published": r["published"].isoformat() if r["published"] else None} for r in rows]


def test_events_have_every_precision_and_a_leading_zero_code(events: list[dict]):
    assert {len(e["date"]) for e in events if e["date"]} == {4, 7, 10}
    assert any(e["cameo"].startswith("0") for e in events)


@pytest.mark.parametrize(("value", "expected"), [
    ("2023-03-10", (dt.date(2023, 3, 10), "day")), ("2020-01", (dt.date(2020, 1, 1), "month")),
    ("2020", (dt.date(2020, 1, 1), "year")), (None, (None, None)), ("2020-13", (None, None)),
    ("next week", (None, None))])
def test_split_and_join_dates(value, expected):
    assert split_date(value) == expected
    if expected[0] is not None:
        assert join_date(*expected) == value


def test_parquet_date_is_a_date_with_its_precision_and_cameo_is_text(events: list[dict], tmp_path: Path):
    path = tmp_path / "e.parquet"
    write_parquet(events, path)
    schema = pq.read_schema(path)
    assert str(schema.field("date").type) == "date32[day]" and str(schema.field("cameo").type) == "string"
    types = dict(duckdb.sql(f"describe select date, date_precision, cameo from '{path}'").fetchall()[i][:2]
                 for i in range(3))
    assert types == {"date": "DATE", "date_precision": "VARCHAR", "cameo": "VARCHAR"}
    frame = pd.read_parquet(path)
    month = frame[frame["date_precision"] == "month"].iloc[0]
    assert month["date"] == dt.date(2023, 10, 1)
    assert set(frame["cameo"]) == {e["cameo"] for e in events}  # '042' stays '042'
    assert iso(read_parquet(path)) == events  # and the partial date comes back


def test_csv_with_the_documented_dtypes_keeps_codes_and_dates(events: list[dict], tmp_path: Path):
    path = tmp_path / "e.csv"
    write_csv(events, path)
    naive = pd.read_csv(path)
    assert naive["cameo"].dtype.kind in "iu"  # why the dtypes are documented: pandas guesses numbers
    frame = pd.read_csv(path, dtype=STRING_COLUMNS, parse_dates=["date", "published"])
    assert set(frame["cameo"]) == {e["cameo"] for e in events}
    assert str(frame["date"].dtype).startswith("datetime64")
    assert set(frame["date_precision"].dropna()) == {"day", "month", "year"}
    typed = duckdb.sql(f"select cameo, date from read_csv('{path}', types={{'cameo': 'VARCHAR', 'date': 'DATE'}})")
    assert {row[0] for row in typed.fetchall()} == {e["cameo"] for e in events}
    assert iso(read_csv(path)) == events


def test_jsonl_date_is_a_full_day_with_its_precision(events: list[dict]):
    buffer = io.StringIO()
    write_jsonl(events, buffer)
    lines = [json.loads(x) for x in buffer.getvalue().splitlines()]
    assert all(len(x["date"]) == 10 for x in lines if x["date"])
    assert {x["date_precision"] for x in lines if x["date"]} == {"day", "month", "year"}
    frame = pd.read_json(io.StringIO(buffer.getvalue()), lines=True, dtype={"cameo": str})
    assert set(frame["cameo"]) == {e["cameo"] for e in events}
    buffer.seek(0)
    assert iso(read_jsonl(buffer)) == events


def test_events_command_jsonl_and_csv_use_the_export_formats(db: str):
    out = CliRunner().invoke(cli, ["events", "--db", db, "--format", "jsonl"]).output
    assert all(len(json.loads(x)["date"]) == 10 for x in out.splitlines() if json.loads(x)["date"])
    header = CliRunner().invoke(cli, ["events", "--db", db, "--format", "csv"]).output.splitlines()[0]
    assert "date_precision" in header.split(",")


def test_gdelt_export_says_it_writes_one_row_per_cluster(db: str, events: list[dict], tmp_path: Path):
    from khabar.store import open_store

    with open_store(db, read_only=True) as store:
        clusters = store.clusters(actors="one")
    one_actor = [e for e in events if e["source"] or e["target"]]
    res = CliRunner().invoke(cli, ["export", "--db", db, "--format", "gdelt", "--out", str(tmp_path / "g.tsv")])
    assert res.exit_code == 0, res.output
    rows = (tmp_path / "g.tsv").read_text(encoding="utf-8").splitlines()
    assert len(rows) == len(clusters) < len(one_actor)  # the retold signing is one GDELT event
    assert f"wrote {len(rows)} GDELT events" in res.output
    assert f"{len(one_actor)} coded events in {len(rows)} clusters" in res.output
    assert "NumMentions" in res.output
