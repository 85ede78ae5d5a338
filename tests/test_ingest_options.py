"""khabar ingest as a dataset tool (issue 18, items 2, 3 and 6): dates and outlets for plain text, titles, Parquet
inputs, storing `khabar batch` output as it was coded, the exit code when nothing could be stored, the progress bar."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from click.testing import CliRunner

from khabar.cli import cli
from khabar.ingest.count import count_records
from khabar.ingest.sources import read_sources
from khabar.store import open_store

HEADLINE = "Egyptian and Jordanian ministers meet in Amman"
STORY = ("التقى وزير الخارجية المصري نظيره الأردني في عمان أمس لبحث الأوضاع في المنطقة.\n"
         "وقصفت القوات الروسية مواقع في أوكرانيا الأسبوع الماضي.")
OTHER = "أعلن الجيش الإسرائيلي أن طائراته قصفت مواقع لحزب الله في جنوب لبنان يوم الأحد."


def run(*args: str, code: int = 0) -> str:
    res = CliRunner().invoke(cli, list(args))
    assert res.exit_code == code, res.output
    return res.output


def stored(db: Path) -> tuple[list[dict], list[dict]]:
    store = open_store(db, read_only=True)
    try:
        return store.articles(limit=None), store.events()
    finally:
        store.close()


def test_plain_text_gets_the_default_date_outlet_and_a_title(tmp_path: Path):
    news = tmp_path / "news"
    news.mkdir()
    (news / "amman.txt").write_text(f"{HEADLINE}\n\n{STORY}", encoding="utf-8")
    (news / "lebanon-strike.txt").write_text(OTHER, encoding="utf-8")
    db = tmp_path / "k.duckdb"
    run("ingest", str(news), "--db", str(db), "--no-progress", "--date-default", "2024-03-12", "--outlet", "Wire")
    articles, events = stored(db)
    assert {a["title"] for a in articles} == {HEADLINE, "lebanon-strike"}  # a headline line, else the file name
    assert {a["published"] for a in articles} == {"2024-03-12"} and {a["outlet"] for a in articles} == {"Wire"}
    assert events and all(e["published"] == "2024-03-12" for e in events)
    # "أمس" resolves against the default date; dyad periods are no longer blank
    assert any(e["date"] == "2024-03-11" for e in events)
    periods = [json.loads(x)["period"] for x in run("dyad", "RUS", "UKR", "--db", str(db), "--format",
                                                      "jsonl").splitlines()]
    assert periods and None not in periods


def test_a_source_date_wins_over_the_default(tmp_path: Path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"text": OTHER, "date": "2022-06-01", "source": "Own"}, ensure_ascii=False) + "\n"
                    + json.dumps({"text": STORY}, ensure_ascii=False) + "\n", encoding="utf-8")
    items = list(read_sources([feed], default_outlet="Wire", default_date=__import__("datetime").date(2024, 1, 2)))
    assert [(i.published.isoformat(), i.outlet) for i in items] == [("2022-06-01", "Own"), ("2024-01-02", "Wire")]


def test_bad_date_default_names_its_option(tmp_path: Path):
    out = run("ingest", str(tmp_path), "--db", str(tmp_path / "k.duckdb"), "--date-default", "12/03/2024", code=2)
    assert "--date-default" in out and "E401" in out


def test_parquet_with_a_text_column_is_ingested(tmp_path: Path):
    table = pa.table({"text": [STORY, OTHER], "title": ["a", "b"], "date": ["2023-05-01", "2023-05-02"],
                      "id": ["story-1", "story-2"]})
    pq.write_table(table, tmp_path / "articles.parquet")
    db = tmp_path / "k.duckdb"
    out = run("ingest", str(tmp_path / "articles.parquet"), "--db", str(db), "--no-progress")
    assert "read 2, coded 2" in out
    articles, _ = stored(db)
    assert sorted((a["article_id"], a["title"], a["published"]) for a in articles) == [
        ("story-1", "a", "2023-05-01"), ("story-2", "b", "2023-05-02")]


def test_batch_output_is_stored_as_it_was_coded(tmp_path: Path):
    from khabar.batch import run_batch

    news = tmp_path / "news"
    news.mkdir()
    (news / "a.txt").write_text(f"{HEADLINE}\n\n{STORY}", encoding="utf-8")
    (news / "b.jsonl").write_text(json.dumps({"text": OTHER, "date": "2023-09-10", "source": "Daily"},
                                             ensure_ascii=False) + "\n", encoding="utf-8")
    summary = run_batch([news], tmp_path / "coded", workers=0, partition_size=1)
    assert summary["articles"] == 2 and summary["events"] > 0
    direct, batched = tmp_path / "direct.duckdb", tmp_path / "batched.duckdb"
    run("ingest", str(news), "--db", str(direct), "--no-progress")
    out = run("ingest", str(tmp_path / "coded"), "--db", str(batched), "--no-progress")
    assert "coded 2" in out and "failed 0" in out and f"events {summary['events']}" in out
    (a_direct, e_direct), (a_batched, e_batched) = stored(direct), stored(batched)
    assert {e["event_id"] for e in e_batched} == {e["event_id"] for e in e_direct}
    strip = ("cluster_id",)
    assert sorted([{k: v for k, v in e.items() if k not in strip} for e in e_batched], key=lambda e: e["event_id"]) \
        == sorted([{k: v for k, v in e.items() if k not in strip} for e in e_direct], key=lambda e: e["event_id"])
    assert sorted((a["article_id"], a["title"], a["outlet"]) for a in a_batched) == \
        sorted((a["article_id"], a["title"], a["outlet"]) for a in a_direct)
    store = open_store(batched, read_only=True)
    try:
        article = store.article(a_batched[0]["article_id"])
        assert store.stats()["clusters"] > 0
    finally:
        store.close()
    assert article["sentences"] and all(article["text"][s["start_offset"]:s["end_offset"]] == s["text"]
                                        for s in article["sentences"])
    assert article["mentions"]
    again = run("ingest", str(tmp_path / "coded"), "--db", str(batched), "--no-progress")
    assert "coded 0, skipped as duplicates 2" in again


def test_a_batch_part_alone_points_to_its_folder(tmp_path: Path):
    from khabar.batch import run_batch

    (tmp_path / "a.txt").write_text(STORY, encoding="utf-8")
    run_batch([tmp_path / "a.txt"], tmp_path / "coded", workers=0)
    part = tmp_path / "coded" / "events" / "part-00000.parquet"
    out = run("ingest", str(part), "--db", str(tmp_path / "k.duckdb"), "--no-progress", code=3)
    assert "already coded" in out and "coded" in out and "nothing was stored" in out


def test_every_input_failing_exits_3_but_some_failing_exits_0(tmp_path: Path):
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.4")
    db = str(tmp_path / "k.duckdb")
    out = run("ingest", str(tmp_path / "empty.txt"), str(tmp_path / "scan.pdf"), str(tmp_path / "missing.txt"),
              "--db", db, "--no-progress", code=3)
    assert "failed 3" in out and "nothing was stored" in out
    (tmp_path / "good.txt").write_text(STORY, encoding="utf-8")
    out = run("ingest", str(tmp_path / "empty.txt"), str(tmp_path / "good.txt"), "--db", db, "--no-progress")
    assert "coded 1" in out and "failed 1" in out


def test_the_record_count_is_what_ingest_reads(tmp_path: Path):
    (tmp_path / "a.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "b.jsonl").write_text("\n".join([json.dumps({"text": OTHER}), "{broken", "",
                                                 json.dumps({"title": "no text"})]) + "\n", encoding="utf-8")
    (tmp_path / "c.csv").write_text('text,title\n"سطر أول\nوسطر ثان",t\nنص آخر,u\n', encoding="utf-8")
    (tmp_path / "d.json").write_text(json.dumps([{"text": OTHER}, {"text": STORY}]), encoding="utf-8")
    pq.write_table(pa.table({"text": [STORY, OTHER, "x"]}), tmp_path / "e.parquet")
    paths = [tmp_path, tmp_path / "missing-*.txt"]
    assert count_records(paths) == len(list(read_sources(paths))) == 1 + 3 + 2 + 2 + 3 + 1
    assert count_records(["-"]) is None


def test_progress_bar_has_a_total_and_reaches_it(tmp_path: Path):
    news = tmp_path / "news"
    news.mkdir()
    for n in range(3):
        (news / f"{n}.txt").write_text(f"{OTHER} {n}", encoding="utf-8")
    res = CliRunner().invoke(cli, ["ingest", str(news), "--db", str(tmp_path / "k.duckdb"), "--progress"])
    assert res.exit_code == 0, res.output
    assert "3/3 articles" in res.output and "eta" in res.output


def test_batch_progress_bar_has_a_total_and_reaches_it(tmp_path: Path, capsys):
    from khabar.batch import run_batch

    news = tmp_path / "news"
    news.mkdir()
    (news / "a.jsonl").write_text("\n".join(json.dumps({"text": f"{OTHER} {n}"}, ensure_ascii=False)
                                            for n in range(4)) + "\n{broken\n", encoding="utf-8")
    run_batch([news], tmp_path / "coded", workers=0, partition_size=2, progress=True)
    assert "5/5 articles" in capsys.readouterr().err
