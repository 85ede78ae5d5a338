"""The dataset commands end to end through the CLI: ingest a folder, ask questions, export."""

import json

import duckdb
import pytest
from click.testing import CliRunner

from khabar.cli import cli

ARTICLES = {
    "a1.txt": (
        "قال مسؤول أمريكي إن الرئيس الصيني قد يزور موسكو الشهر المقبل.\nوقصفت القوات الروسية مواقع في أوكرانيا أمس."
    ),
    "a2.txt": "أعلنت الخارجية الروسية أن القوات الروسية قصفت مواقع في أوكرانيا أمس.",
    "bad.txt": "",
}


@pytest.fixture
def db(tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    path = str(tmp_path / "k.duckdb")
    res = CliRunner().invoke(cli, ["ingest", str(folder), "--db", path, "--no-progress"])
    assert res.exit_code == 0, res.output
    assert "read 2, coded 2" in res.output and "failed 1" in res.output and "bad.txt" in res.output
    return path


def run(*args):
    res = CliRunner().invoke(cli, list(args))
    assert res.exit_code == 0, res.output
    return res.output


def test_commands_reingest_is_a_no_op(db, tmp_path):
    out = run("ingest", str(tmp_path / "news"), "--db", db, "--no-progress")
    assert "coded 0, skipped as duplicates 2" in out


def test_commands_events_filters_and_formats(db):
    rows = [json.loads(line) for line in run("events", "--db", db, "--format", "jsonl").splitlines()]
    assert rows and all("cameo" in r for r in rows)
    russian = [json.loads(line) for line in run("events", "--db", db, "--format", "jsonl", "--source", "RUS")
               .splitlines()]
    assert russian and all(r["source"]["code"].startswith("RUS") for r in russian)
    possible = run("events", "--db", db, "--format", "jsonl", "--modality", "possible").splitlines()
    assert possible and all(json.loads(x)["modality"] == "possible" for x in possible)
    assert "cameo" in run("events", "--db", db, "--format", "csv").splitlines()[0]


def test_commands_dyad_actors_network(db):
    periods = [json.loads(x) for x in run("dyad", "RUS", "UKR", "--db", db, "--format", "jsonl").splitlines()]
    assert periods and sum(p["events"] for p in periods) >= 1
    assert "RUS" in run("actors", "--db", db)
    edges = json.loads(run("network", "--db", db))
    assert any(e["source"].startswith("RUS") and e["target"].startswith("UKR") for e in edges)
    assert run("network", "--db", db, "--format", "graphml").startswith("<?xml")


def test_commands_brief_in_both_languages(db):
    article_id = json.loads(run("events", "--db", db, "--format", "jsonl", "--modality", "possible")
                            .splitlines()[0])["article_id"]
    assert "مسؤول أمريكي" in run("brief", article_id, "--db", db)
    english = run("brief", article_id, "--db", db, "--language", "en")
    assert "possib" in english.lower() or "may" in english.lower()
    res = CliRunner().invoke(cli, ["brief", "nope", "--db", db])
    assert res.exit_code == 3 and "nope" in res.output


@pytest.mark.parametrize("fmt", ["gdelt", "mentions", "plover", "csv", "parquet", "jsonl"])
def test_commands_export_every_format(db, tmp_path, fmt):
    out = tmp_path / f"events.{fmt}"
    run("export", "--db", db, "--format", fmt, "--out", str(out))
    assert out.stat().st_size > 0
    if fmt == "parquet":
        assert duckdb.sql(f"select count(*) from '{out}'").fetchall()[0][0] >= 2
    if fmt == "gdelt":
        assert all(len(line.split("\t")) == 61 for line in out.read_text(encoding="utf-8").splitlines())


def test_commands_bad_db_url_is_one_line(tmp_path):
    res = CliRunner().invoke(cli, ["events", "--db", "postgresql://nobody:x@127.0.0.1:1/none"])
    assert res.exit_code == 3 and "E601" in res.output and "Traceback" not in res.output
    assert res.output.strip().count("\n") == 0


def test_commands_store_keeps_sentences_and_mentions(db):
    from khabar.store import open_store

    store = open_store(db)
    try:
        article_id = store.events(limit=1)[0]["article_id"]
        article = store.article(article_id)
    finally:
        store.close()
    assert article["sentences"] and article["sentences"][0]["text"] in article["text"]
    kinds = {m["kind"] for m in article["mentions"]}
    assert {"actor", "trigger"} <= kinds
    for m in article["mentions"]:
        assert article["text"][m["start_offset"]:m["end_offset"]] == m["text"]


def test_commands_gdelt_export_is_one_row_per_cluster_and_mentions_join(db, tmp_path):
    from khabar.store import open_store

    store = open_store(db)
    try:
        clusters = store.clusters()
        n_events = len(store.events())
    finally:
        store.close()
    events_tsv, mentions_tsv = tmp_path / "e.tsv", tmp_path / "m.tsv"
    run("export", "--db", db, "--format", "gdelt", "--out", str(events_tsv))
    run("export", "--db", db, "--format", "mentions", "--out", str(mentions_tsv))
    event_rows = [line.split("\t") for line in events_tsv.read_text(encoding="utf-8").splitlines()]
    mention_rows = [line.split("\t") for line in mentions_tsv.read_text(encoding="utf-8").splitlines()]
    assert len(event_rows) == len(clusters) and len(mention_rows) == n_events
    assert {r[0] for r in mention_rows} == {r[0] for r in event_rows}
    retold = [r for r in event_rows if int(r[31]) > 1]  # NumMentions: the bombing is told by both articles
    assert retold and int(retold[0][33]) == 2  # NumArticles


# --- --actors on stored events whose source or target did not resolve ---------------------------------------------

RAID = "داهمت قوات الأمن العراقية منزلا في كركوك واعتقلت مسلحين، فيما قتل مدني في انفجار قرب السوق."
SHAPES = {"both": ("IRQCOP", "---REB"), "source": ("IRQCOP", None), "target": (None, "---CVL"),
          "uncoded": ("", None), "neither": (None, None)}


@pytest.fixture
def mixed_db(tmp_path):
    """A store whose one article has an event in every actor shape (built directly, not coded)."""
    from datetime import date

    from khabar.model import Actor, ActorRef, Event, Sentence
    from khabar.store import ArticleRecord, open_store

    sentence = Sentence(0, 0, len(RAID), RAID)
    events = []
    for i, (label, (s, t)) in enumerate(SHAPES.items()):
        side = {code: ActorRef(Actor(code or None), "x", 0, 1) for code in (s, t) if code is not None}
        events.append(Event(
            event_id=f"{i:02d}{'a' * 18}", article_id="raid", language="ar", sentence=sentence, trigger_text="داهمت",
            trigger_start=0, trigger_end=5, source=side.get(s) if s is not None else None,
            target=side.get(t) if t is not None else None, cameo="1711", goldstein=-9.2, quad_class=4,
            plover_type="SEIZE", plover_mode=None, modality="asserted", attribution=None, date="2024-03-11",
            place=None, rules=(label,), confidence=0.6).to_dict())
    path = str(tmp_path / "mixed.duckdb")
    with open_store(path) as store:
        store.save_article(ArticleRecord("raid", RAID, title="مداهمة", url="https://news.example/raid",
                                         outlet="example", published=date(2024, 3, 12)), events, "v1")
        store.recluster()
    return path


def _rules(lines):
    return [json.loads(line)["rule"] for line in lines]


@pytest.mark.parametrize(("actors", "expected"), [
    (None, ["both", "source", "target", "uncoded", "neither"]),  # default any: the honest view
    ("one", ["both", "source", "target"]),
    ("both", ["both"]),
])
def test_commands_events_actors_filter(mixed_db, actors, expected):
    extra = ["--actors", actors] if actors else []
    assert _rules(run("events", "--db", mixed_db, "--format", "jsonl", *extra).splitlines()) == expected


def test_commands_events_table_shows_dash_for_missing_actors(mixed_db):
    out = run("events", "--db", mixed_db)
    assert "None" not in out and "—" in out and "IRQCOP" in out and "---CVL" in out


def _tsv(path):
    return [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()]


def test_commands_export_gdelt_defaults_to_one_actor(mixed_db, tmp_path):
    from khabar.export import GDELT_COLUMNS

    col = {name: i for i, name in enumerate(GDELT_COLUMNS)}
    default, every, dyadic = tmp_path / "d.tsv", tmp_path / "a.tsv", tmp_path / "b.tsv"
    run("export", "--db", mixed_db, "--format", "gdelt", "--out", str(default))
    run("export", "--db", mixed_db, "--format", "gdelt", "--out", str(every), "--actors", "any")
    run("export", "--db", mixed_db, "--format", "gdelt", "--out", str(dyadic), "--actors", "both")
    rows = _tsv(default)
    assert sorted((r[col["Actor1Code"]], r[col["Actor2Code"]]) for r in rows) == [
        ("", "CVL"), ("IRQCOP", ""), ("IRQCOP", "REB")]  # never both blank, like GDELT
    assert len(_tsv(dyadic)) == 1 and "None" not in every.read_text(encoding="utf-8")
    # with any, the two actor-less tellings (uncoded span, none) are one cluster: one blank row, NumMentions 2
    assert len(_tsv(every)) == 4
    (blank,) = [r for r in _tsv(every) if not r[col["Actor1Code"]] and not r[col["Actor2Code"]]]
    assert len(blank) == 61 and blank[col["NumMentions"]] == "2" and blank[col["Actor1Name"]] == ""
    mentions = tmp_path / "m.tsv"
    run("export", "--db", mixed_db, "--format", "mentions", "--out", str(mentions))
    assert {r[0] for r in _tsv(mentions)} == {r[0] for r in rows}  # the two files hold the same events


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "plover"])
def test_commands_export_other_formats_default_to_any(mixed_db, tmp_path, fmt):
    from khabar.export import READERS

    out = tmp_path / f"x.{fmt}"
    run("export", "--db", mixed_db, "--format", fmt, "--out", str(out))
    assert len(READERS[fmt](out)) == len(SHAPES)
    assert "None" not in out.read_text(encoding="utf-8")
    run("export", "--db", mixed_db, "--format", fmt, "--out", str(out), "--actors", "both")
    assert len(READERS[fmt](out)) == 1


def test_commands_aggregates_skip_missing_actors(mixed_db):
    assert "None" not in run("actors", "--db", mixed_db)
    edges = json.loads(run("network", "--db", mixed_db))
    assert [(e["source"], e["target"]) for e in edges] == [("IRQCOP", "---REB")]
    assert "None" not in run("network", "--db", mixed_db, "--format", "graphml")
    assert "None" not in run("brief", "raid", "--db", mixed_db, "--language", "en")
