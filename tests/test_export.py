"""Exports: round trips (jsonl, csv, parquet), DuckDB types, GDELT events/mentions TSV, PLOVER JSON."""

from __future__ import annotations

import datetime as dt
import io
import json

import duckdb
import pytest

import khabar
from khabar.export import (
    GDELT_COLUMNS,
    MENTION_COLUMNS,
    WRITERS,
    export,
    global_event_id,
    read_csv,
    read_jsonl,
    read_parquet,
    read_plover,
    write_csv,
    write_gdelt,
    write_jsonl,
    write_mentions,
    write_parquet,
    write_plover,
)

ARTICLES = [
    ("قال مسؤول أمريكي إن زعيم كوريا الشمالية كيم جونغ أون قد يسافر إلى روسيا الشهر المقبل. "
     "وزار الرئيس الصيني موسكو في 12 مارس 2023 والتقى الرئيس الروسي."),
    "أدانت وزارة الخارجية السعودية الهجوم الإسرائيلي على غزة. ونفى الكرملين أن تكون روسيا قد هاجمت أوكرانيا.",
    "وقعت مصر والأردن اتفاقية للتعاون الاقتصادي. واعتقلت الشرطة التركية عشرات المتظاهرين في إسطنبول.",
    ("رجح محللون أن تفرض الولايات المتحدة عقوبات جديدة على إيران. "
     "وأدان وزير الخارجية الأمريكي الهجوم الروسي على أوكرانيا."),
    "أغلقت كوريا الشمالية حدودها في يناير 2020. وفرضت الأمم المتحدة عقوبات على كوريا الشمالية.",
    ("قال مسؤولون أمريكيون إن روسيا تسعى لشراء ذخيرة من كوريا الشمالية. "
     "واشتبه المسؤولون الأمريكيون في أن كوريا الشمالية زودت روسيا بقذائف العام الماضي."),
    ("التقى وزير الخارجية الإيراني نظيره العراقي في بغداد يوم الأحد. "
     "وقالت وكالة التجسس الكورية الجنوبية إن روسيا اقترحت على كوريا الشمالية إجراء تدريبات مشتركة."),
    "استقبل الرئيس المصري رئيس الوزراء الفلسطيني في القاهرة.",
    "شكك الخبير دو هيون تشا في أن ترسل الصين مساعدات إلى روسيا. وقصف الجيش الإسرائيلي مواقع في جنوب لبنان.",
]
ADDED = dt.datetime(2023, 9, 6, 12, 15)


def _events_of(i: int, text: str) -> list[dict]:
    doc = khabar.code_text(text, date="2023-09-05")
    last = i == len(ARTICLES) - 1  # one article without store metadata values: all nulls
    meta = {"outlet": None if last else f"outlet{i % 3}", "url": None if last else f"https://news.example/{i}",
            "published": None if last else dt.date(2023, 9, 5), "title": None if last else f"عنوان {i}",
            "cluster_id": None if last or i % 2 else 100 + i}
    return [e.to_dict() | meta for e in doc.events]


@pytest.fixture(scope="module")
def events() -> list[dict]:
    return [e for i, text in enumerate(ARTICLES) for e in _events_of(i, text)]


def _find(events: list[dict], **where) -> dict:
    for e in events:
        if all((e.get(k) or {}).get("code") == v if k in ("source", "target") else e.get(k) == v
               for k, v in where.items()):
            return e
    raise AssertionError(f"no event with {where}")


def test_export_corpus_is_real_and_has_nulls(events):
    assert len(events) >= 20
    assert any(e["target"] is None for e in events)
    assert any(e["attribution"] is None for e in events) and any(e["attribution"] for e in events)
    assert any(e["place"] is None for e in events) and any(e["place"] for e in events)
    assert any(e["date"] is None for e in events) and any(e["date"] for e in events)
    assert any(e["published"] is None for e in events)


def test_export_jsonl_round_trip(events, tmp_path):
    path = tmp_path / "events.jsonl"
    assert write_jsonl(events, path) == len(events)
    assert read_jsonl(path) == events
    assert len(path.read_text(encoding="utf-8").splitlines()) == len(events)
    assert "كوريا" in path.read_text(encoding="utf-8")  # Arabic is written as is, not \u-escaped


def test_export_jsonl_round_trip_binary_stream(events):
    buf = io.BytesIO()
    write_jsonl(events, buf)
    buf.seek(0)
    assert read_jsonl(buf) == events


def test_export_csv_round_trip(events, tmp_path):
    path = tmp_path / "events.csv"
    assert write_csv(events, path) == len(events)
    back = read_csv(path)
    assert back == events
    assert [type(e["published"]) for e in back if e["published"]] == [dt.date] * sum(1 for e in events
                                                                                    if e["published"])


def test_export_csv_round_trip_with_bom_and_text_stream(events):
    buf = io.StringIO(newline="")
    write_csv(events, buf, bom=True)
    assert buf.getvalue().startswith("\ufeffevent_id,")
    buf.seek(0)
    assert read_csv(buf) == events


def test_export_csv_header_is_flat(events):
    buf = io.StringIO()
    write_csv(events[:1], buf)
    header = buf.getvalue().splitlines()[0].split(",")
    for column in ("sentence_index", "sentence_text", "trigger_text", "trigger_start", "source_code", "source_text",
                   "target_code", "cameo", "goldstein", "plover_type", "modality", "attribution_speaker_code",
                   "attribution_verb", "place_lat", "place_geonames_id", "outlet", "url", "published", "title",
                   "cluster_id"):
        assert column in header, column


def test_export_parquet_round_trip(events, tmp_path):
    path = tmp_path / "events.parquet"
    assert write_parquet(events, path, batch_size=7) == len(events)
    assert read_parquet(path) == events


def test_export_round_trip_keeps_unknown_fields(events, tmp_path):
    extra = [events[0] | {"new_field": [1, "x"], "source": events[0]["source"] | {"kind": "person"}}]
    for fmt, name in (("csv", "x.csv"), ("parquet", "x.parquet"), ("jsonl", "x.jsonl")):
        path = tmp_path / name
        export(extra, path, fmt)
        reader = {"csv": read_csv, "parquet": read_parquet, "jsonl": read_jsonl}[fmt]
        assert reader(path) == extra, fmt


def _duckdb_types(path) -> dict[str, str]:
    return {row[0]: row[1] for row in duckdb.sql(f"describe select * from '{path}'").fetchall()}


def test_export_parquet_string_cluster_ids(events, tmp_path):
    data = [e | {"cluster_id": f"c{i}" if i % 2 else None} for i, e in enumerate(events)]
    path = tmp_path / "s.parquet"
    write_parquet(data, path)
    assert read_parquet(path) == data
    assert _duckdb_types(path)["cluster_id"] == "VARCHAR"


def test_export_parquet_duckdb_types(events, tmp_path):
    path = tmp_path / "events.parquet"
    write_parquet(events, path)
    types = _duckdb_types(path)
    assert types["goldstein"] == "DOUBLE" and types["confidence"] == "DOUBLE" and types["place_lat"] == "DOUBLE"
    assert types["trigger_start"] in ("INTEGER", "BIGINT") and types["sentence_index"] in ("INTEGER", "BIGINT")
    assert types["source_start"] in ("INTEGER", "BIGINT") and types["place_geonames_id"] == "BIGINT"
    assert types["published"] == "DATE" and types["cameo"] == "VARCHAR" and types["cluster_id"] == "BIGINT"
    rows = duckdb.sql(f"select count(*), count(target_code), min(published) from '{path}'").fetchall()[0]
    assert rows == (len(events), sum(1 for e in events if e["target"]), dt.date(2023, 9, 5))
    kim = duckdb.sql(f"select attribution_speaker_code, goldstein from '{path}' where source_code = 'PRKGOV'")
    assert kim.fetchall()[0] == ("USAGOV", 1.9)


def test_export_parquet_opens_in_pandas(events, tmp_path):
    pd = pytest.importorskip("pandas")
    path = tmp_path / "events.parquet"
    write_parquet(events, path)
    frame = pd.read_parquet(path)
    assert len(frame) == len(events) and str(frame["goldstein"].dtype) == "float64"


def test_export_parquet_empty(tmp_path):
    path = tmp_path / "empty.parquet"
    assert write_parquet([], path) == 0
    assert read_parquet(path) == []
    assert duckdb.sql(f"select count(*) from '{path}'").fetchall() == [(0,)]


def _gdelt_rows(events: list[dict], **opts) -> list[dict[str, str]]:
    buf = io.StringIO()
    write_gdelt(events, buf, added=ADDED, **opts)
    lines = buf.getvalue().split("\n")
    assert lines[-1] == ""
    return [dict(zip(GDELT_COLUMNS, line.split("\t"), strict=True)) for line in lines[:-1]]


def test_export_gdelt_has_61_columns(events):
    assert len(GDELT_COLUMNS) == 61 and GDELT_COLUMNS[0] == "GlobalEventID" and GDELT_COLUMNS[-1] == "SOURCEURL"
    buf = io.StringIO()
    assert write_gdelt(events, buf, added=ADDED) == len(events)
    lines = buf.getvalue().splitlines()
    assert len(lines) == len(events)  # no header by default
    assert all(len(line.split("\t")) == 61 for line in lines)
    with_header = io.StringIO()
    write_gdelt(events, with_header, header=True, added=ADDED)
    assert with_header.getvalue().splitlines()[0].split("\t") == list(GDELT_COLUMNS)


def test_export_gdelt_known_values_land_in_their_columns(events):
    event = _find(events, source="USAGOV", cameo="111")
    row = _gdelt_rows([event])[0]
    assert row["Actor1Code"] == "USAGOV" and row["Actor1CountryCode"] == "USA" and row["Actor1Type1Code"] == "GOV"
    assert row["Actor2Code"] == "RUS" and row["Actor2CountryCode"] == "RUS" and row["Actor2Name"] == "RUSSIA"
    assert (row["EventCode"], row["EventBaseCode"], row["EventRootCode"]) == ("111", "111", "11")
    assert row["QuadClass"] == "3" and float(row["GoldsteinScale"]) == event["goldstein"]
    assert row["Day"] == "20230905" and row["MonthYear"] == "202309" and row["Year"] == "2023"
    assert row["FractionDate"] == "2023.7534"  # GDELT: year + (month * 30 + day) / 365
    assert row["IsRootEvent"] == "0" and row["NumMentions"] == row["NumSources"] == row["NumArticles"] == "1"
    assert row["DATEADDED"] == "20230906121500" and row["SOURCEURL"] == event["url"]
    assert row["GlobalEventID"] == str(global_event_id(event["event_id"]))


def test_export_gdelt_dates_and_places(events):
    kim = _gdelt_rows([_find(events, source="PRKGOV", cameo="042")])[0]
    assert kim["Day"] == "20231001" and kim["IsRootEvent"] == "1"  # month-only date → first of the month
    assert (kim["ActionGeo_Type"], kim["ActionGeo_CountryCode"], kim["ActionGeo_FullName"]) == ("1", "RS", "Russia")
    assert float(kim["ActionGeo_Lat"]) == 61.52 and kim["Actor1Geo_Type"] == ""
    visit = _gdelt_rows([_find(events, source="CHNGOV", cameo="042")])[0]
    assert visit["Day"] == "20230312"
    arrest = _gdelt_rows([_find(events, source="TURCOP")])[0]
    assert arrest["ActionGeo_Type"] == "4" and arrest["ActionGeo_FeatureID"] == "745044"
    assert arrest["ActionGeo_FullName"].startswith("Istanbul") and arrest["ActionGeo_CountryCode"] == "TU"
    undated = [e for e in events if e["published"] is None and e["date"] is None]
    assert undated and _gdelt_rows(undated)[0]["Day"] == ""


def test_export_gdelt_splits_igo_codes_and_uses_cluster_counts(events):
    un = _find(events, source="IGOUNO") | {"num_mentions": 4, "num_sources": 3, "num_articles": 2}
    row = _gdelt_rows([un])[0]
    assert (row["Actor1Code"], row["Actor1CountryCode"], row["Actor1KnownGroupCode"], row["Actor1Type1Code"]) == (
        "IGOUNO", "", "UNO", "IGO")
    assert (row["NumMentions"], row["NumSources"], row["NumArticles"]) == ("4", "3", "2")
    assert row["Actor2Code"] == "PRK" and row["Actor2Type1Code"] == ""


def test_export_gdelt_cells_never_break_lines(events):
    odd = [events[0] | {"url": "https://x/a\tb\nc"}]
    lines = io.StringIO()
    write_gdelt(odd, lines, added=ADDED)
    assert len(lines.getvalue().splitlines()) == 1 and len(lines.getvalue().split("\t")) == 61


def test_export_mentions_columns(events):
    buf = io.StringIO()
    assert write_mentions(events, buf, added=ADDED) == len(events)
    rows = [dict(zip(MENTION_COLUMNS, line.split("\t"), strict=True)) for line in buf.getvalue().splitlines()]
    assert len(MENTION_COLUMNS) == 16 and all(len(r) == 16 for r in rows)
    event = _find(events, source="PRKGOV", cameo="042")
    row = rows[events.index(event)]
    assert row["GlobalEventID"] == _gdelt_rows([event])[0]["GlobalEventID"]
    assert row["EventTimeDate"] == "20230906121500" and row["MentionTimeDate"] == "20230905000000"
    assert row["MentionType"] == "1" and row["MentionSourceName"] == event["outlet"]
    assert row["MentionIdentifier"] == event["url"] and row["SentenceID"] == "1"
    assert row["Actor1CharOffset"] == str(event["source"]["start"])
    assert row["ActionCharOffset"] == str(event["trigger"]["start"]) and row["InRawText"] == "1"
    assert 0 <= int(row["Confidence"]) <= 100 and row["MentionDocTranslationInfo"] == "srclc:ara"
    no_target = rows[events.index(next(e for e in events if e["target"] is None))]
    assert no_target["Actor2CharOffset"] == "-1"
    no_url = rows[events.index(next(e for e in events if e["url"] is None))]
    assert no_url["MentionIdentifier"] == next(e for e in events if e["url"] is None)["article_id"]


def test_export_plover_fields(events, tmp_path):
    path = tmp_path / "events.json"
    assert write_plover(events, path) == len(events)
    records = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(records, list) and len(records) == len(events)
    for rec in records:
        for key in ("event_id", "event_date", "event_type", "event_mode", "event_context", "actors", "location",
                    "story_date", "story_id", "source", "url", "text", "khabar"):
            assert key in rec, key
        assert set(rec["actors"]) == {"source", "target"}
        assert {"modality", "attribution", "cameo", "goldstein"} <= set(rec["khabar"])
    kim = records[events.index(_find(events, source="PRKGOV", cameo="042"))]
    assert (kim["event_type"], kim["event_mode"], kim["event_date"]) == ("CONSULT", "visit", "2023-10-01")
    assert kim["event_date_precision"] == "month" and kim["khabar"]["date"] == "2023-10"
    assert kim["actors"]["source"]["country"] == "PRK" and kim["actors"]["source"]["primary_sector"] == "GOV"
    assert kim["location"]["geonames_id"] == 2017370 and kim["location"]["latitude"] == 61.52
    assert kim["khabar"]["modality"] == "possible" and kim["khabar"]["attribution"]["speaker"]["code"] == "USAGOV"
    assert kim["story_date"] == "2023-09-05" and kim["source"] == "outlet0"
    coop = records[events.index(_find(events, cameo="061"))]
    assert coop["event_type"] == "COOPERATE" and coop["event_context"]
    assert read_plover(path) == records


def test_export_plover_jsonl(events):
    buf = io.StringIO()
    write_plover(events, buf, jsonl=True)
    lines = buf.getvalue().splitlines()
    assert len(lines) == len(events) and json.loads(lines[0])["event_id"] == events[0]["event_id"]


def test_export_registry_and_empty_outputs(tmp_path):
    assert set(WRITERS) == {"jsonl", "csv", "parquet", "gdelt", "mentions", "plover"}
    with pytest.raises(ValueError, match="unknown export format"):
        export([], tmp_path / "x", "xml")
    for fmt in WRITERS:
        assert export([], tmp_path / f"empty.{fmt}", fmt) == 0
    assert json.loads((tmp_path / "empty.plover").read_text(encoding="utf-8")) == []


# --- events whose source and/or target did not resolve ----------------------------------------------------------


def _unresolved(events: list[dict]) -> dict[str, dict]:
    """label -> a variant of one real event in each actor shape (source None, target None, both None, …)."""
    base = _find(events, source="USAGOV", cameo="111")
    civilians = {"code": "---CVL", "text": "مدنيين", "start": 0, "end": 6, "name": "civilians"}
    unnamed = {"code": None, "text": "مسلحون", "start": 0, "end": 6, "name": "gunmen"}
    shapes = {"dyad": (base["source"], base["target"]), "no_target": (base["source"], None),
              "no_source": (None, base["target"]), "generic": (civilians, None), "uncoded_span": (unnamed, None),
              "neither": (None, None)}
    return {label: base | {"event_id": f"{i:x}" * 20, "source": s, "target": t}
            for i, (label, (s, t)) in enumerate(shapes.items(), start=1)}


ACTOR_COLUMNS = [c for c in GDELT_COLUMNS if c.startswith(("Actor1", "Actor2")) and "Geo_" not in c]


def test_export_gdelt_actors_filter_defaults_to_one(events):
    variants = _unresolved(events)
    ids = {str(global_event_id(e["event_id"])): label for label, e in variants.items()}

    def written(**opts):
        return [ids[r["GlobalEventID"]] for r in _gdelt_rows(list(variants.values()), **opts)]

    assert written() == ["dyad", "no_target", "no_source", "generic"]  # like GDELT: never both actors blank
    assert written(actors="one") == written()
    assert written(actors="both") == ["dyad"]
    assert written(actors="any") == list(variants)
    with pytest.raises(ValueError, match="actors must be one of"):
        write_gdelt([], io.StringIO(), actors="dyad")


def test_export_gdelt_blank_actors_are_empty_cells_never_none(events):
    variants = _unresolved(events)
    rows = {label: row for label, row in zip(variants, _gdelt_rows(list(variants.values()), actors="any"),
                                             strict=True)}
    assert all(cell != "None" and "None" not in cell for row in rows.values() for cell in row.values())
    assert all(rows["neither"][c] == "" for c in ACTOR_COLUMNS)
    assert all(rows["no_target"][c] == "" for c in ACTOR_COLUMNS if c.startswith("Actor2"))
    assert rows["no_target"]["Actor1Code"] == "USAGOV"
    assert all(rows["no_source"][c] == "" for c in ACTOR_COLUMNS if c.startswith("Actor1"))
    assert rows["no_source"]["Actor2Code"] == "RUS"
    # an uncoded span is no actor: its words do not leak into Actor1Name
    assert all(rows["uncoded_span"][c] == "" for c in ACTOR_COLUMNS)
    generic = rows["generic"]  # a role-only code is a coded actor: unknown country, type CVL
    assert (generic["Actor1Code"], generic["Actor1Name"], generic["Actor1CountryCode"], generic["Actor1Type1Code"]) \
        == ("CVL", "CIVILIANS", "", "CVL")
    assert len({len(r) for r in rows.values()}) == 1 and all(len(r) == 61 for r in rows.values())


def test_export_mentions_actors_filter_and_offsets(events):
    variants = _unresolved(events)
    buf = io.StringIO()
    assert write_mentions(list(variants.values()), buf, added=ADDED) == 4  # default one, as the events file
    rows = [dict(zip(MENTION_COLUMNS, line.split("\t"), strict=True)) for line in buf.getvalue().splitlines()]
    assert {r["GlobalEventID"] for r in rows} == {r["GlobalEventID"] for r in _gdelt_rows(list(variants.values()))}
    every = io.StringIO()
    assert write_mentions(list(variants.values()), every, added=ADDED, actors="any") == len(variants)
    by_label = dict(zip(variants, (line.split("\t") for line in every.getvalue().splitlines()), strict=True))
    a1, a2 = MENTION_COLUMNS.index("Actor1CharOffset"), MENTION_COLUMNS.index("Actor2CharOffset")
    assert (by_label["neither"][a1], by_label["neither"][a2]) == ("-1", "-1")
    assert by_label["uncoded_span"][a1] == "-1"  # GDELT's offset for a blank actor
    assert by_label["generic"][a1] == "0" and by_label["no_source"][a2] == str(variants["no_source"]["target"]["start"])
    assert "None" not in every.getvalue()


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_export_round_trips_keep_missing_actors(events, tmp_path, fmt):
    variants = list(_unresolved(events).values())
    path = tmp_path / f"events.{fmt}"
    assert export(variants, path, fmt) == len(variants)  # the khabar formats keep every event
    back = {"jsonl": read_jsonl, "csv": read_csv, "parquet": read_parquet}[fmt](path)
    assert back == variants
    if fmt != "parquet":
        assert "None" not in path.read_text(encoding="utf-8")


def test_export_plover_missing_actors_are_null(events):
    variants = _unresolved(events)
    buf = io.StringIO()
    assert write_plover(list(variants.values()), buf, jsonl=True) == len(variants)
    assert "None" not in buf.getvalue()
    records = dict(zip(variants, (json.loads(line) for line in buf.getvalue().splitlines()), strict=True))
    assert records["neither"]["actors"] == {"source": None, "target": None}
    no_source = records["no_source"]["actors"]
    assert no_source["source"] is None and no_source["target"]["code"] == "RUS"
    assert records["generic"]["actors"]["source"]["sectors"] == ["CVL"]
    assert records["generic"]["actors"]["source"]["country"] is None
    assert records["uncoded_span"]["actors"]["source"] is None  # not an actor ...
    assert records["uncoded_span"]["khabar"]["spans"]["source"]["text"] == "مسلحون"  # ... but the evidence stays


def test_gdelt_and_plover_exports_read_reference_data_from_the_lexicon_overlay(tmp_path):
    """A role code added in a lexicon overlay is split as a role in exports given that lexicon (issue 15: every
    data read goes through the lexicon, so overlays apply everywhere), and not without it."""
    from khabar.export._ref import split_actor
    from khabar.lexicon.compile import load_lexicon

    (tmp_path / "ontology").mkdir()
    (tmp_path / "ontology" / "roles.yaml").write_text('- {code: FSH, en: "Fishing fleets"}\n', encoding="utf-8")
    overlaid = load_lexicon((tmp_path,))
    assert split_actor("CHNFSH", overlaid).types == ("FSH",)
    assert split_actor("CHNFSH").types == () and split_actor("CHNFSH").known_group == "FSH"
    event = {"event_id": "e1", "article_id": "a", "cameo": "190", "goldstein": -10.0, "quad_class": 4,
             "source": {"code": "CHNFSH", "text": "x"}, "target": {"code": "PHL", "text": "y"}, "date": "2024-03-12"}
    out = io.StringIO()
    write_gdelt([event], out, lexicon=overlaid)
    cells = out.getvalue().rstrip("\n").split("\t")
    assert "FSH" in cells[5:15] and cells[5] == "CHNFSH"
    from khabar.export.plover import plover_record

    assert plover_record(event, {}, overlaid)["actors"]["source"]["primary_sector"] == "FSH"
    assert plover_record(event, {})["actors"]["source"]["primary_sector"] is None
