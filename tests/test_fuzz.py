"""Property-based fuzzing: whatever the text, date or bytes, only KhabarError may escape the coder and the readers.

CI runs a bounded number of examples (fast); ``python tools/fuzz.py --examples 5000`` runs the same properties
longer. The words are written for these tests; the rest is whatever Hypothesis draws (control characters, NULs,
lone surrogates, broken UTF-8, odd dates).
"""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import khabar
from khabar.batch.inputs import read_parquet_articles
from khabar.errors import KhabarError
from khabar.ingest import BadRecord, RawArticle, ingest, read_file
from khabar.ingest.fields import parse_date
from khabar.store import open_store

EXAMPLES = int(os.environ.get("KHABAR_FUZZ_EXAMPLES", "60"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                       HealthCheck.data_too_large])

WORDS = ["قال", "وزير", "الخارجية", "المصري", "إن", "القاهرة", "زار", "الرئيس", "الأردن", "أمس", "غدا", "قصف",
         "الجيش", "الإسرائيلي", "غزة", "لم", "قد", "يزور", "حماس", "تظاهر", "آلاف", "في", "بغداد", "عام", "2024",
         "The", "president", "visited", "Jordan", "yesterday", "tomorrow", "attacked", "said", "Iran", "not",
         "protesters", "police", "in", "Beirut", "next", "week", "ago", "years", "3", "مارس", "آذار"]
PUNCT = [" ", " ", " ", ".", "،", "؟", "\n", "\n\n", ",", "\"", "(", ")", ":", "-", "\t", "\x00", "\ud800", "\udc80",
         "\ufffd", "\u200f", "\r"]
# News-like text with anything mixed in: the coder's lexicon matches fire, and so do odd characters.
TEXT = st.lists(st.one_of(st.sampled_from(WORDS), st.sampled_from(PUNCT), st.text(max_size=4)),
                max_size=60).map("".join)
DATES = st.one_of(st.none(), st.dates(), st.sampled_from([date(1, 1, 1), date(9999, 12, 31)]))
SUFFIXES = [".txt", ".html", ".jsonl", ".csv", ".json", ".rss"]


@FUZZ
@given(text=TEXT, day=DATES, language=st.sampled_from([None, "ar", "en"]))
def test_code_text_raises_nothing_but_khabar_errors(text, day, language):
    try:
        doc = khabar.code_text(text, date=day, language=language)
    except KhabarError:
        return
    for event in doc.events:
        assert 0 <= event.trigger_start <= event.trigger_end <= len(text)
        assert 0 <= event.sentence.start <= event.sentence.end <= len(text)
        json.dumps(event.to_dict(), ensure_ascii=False)  # every event serialises


def _check_items(items: list[RawArticle | BadRecord]) -> None:
    for item in items:
        assert isinstance(item, RawArticle | BadRecord)
        if isinstance(item, BadRecord):
            assert item.reason[:1] == "E" and "\n" not in item.reason
            continue
        assert item.text.strip() and "\x00" not in item.text
        item.text.encode("utf-8")  # storable: no lone surrogate
        for field in (item.title, item.url, item.outlet, item.article_id):
            assert field is None or ("\x00" not in field and field.encode("utf-8"))


@FUZZ
@given(data=st.binary(max_size=400), suffix=st.sampled_from(SUFFIXES))
def test_readers_never_raise_on_arbitrary_bytes(tmp_path, data, suffix):
    path = tmp_path / f"input{suffix}"
    path.write_bytes(data)
    _check_items(list(read_file(path)))


RECORD = st.fixed_dictionaries({"text": st.one_of(TEXT, st.text(), st.integers(), st.none())},
                               optional={"date": st.one_of(st.text(max_size=30), st.dates().map(str), st.integers()),
                                         "id": st.one_of(st.text(max_size=10), st.integers()),
                                         "title": st.text(max_size=20), "source": st.text(max_size=10)})


@FUZZ
@given(records=st.lists(RECORD, max_size=6), damage=st.lists(st.tuples(st.integers(0, 10_000), st.binary(max_size=2)),
                                                               max_size=3))
def test_jsonl_and_csv_records_fail_alone(tmp_path, records, damage):
    """Any records (lone surrogates and NULs included, via JSON escapes), with a few bytes damaged anywhere."""
    lines = "\n".join(json.dumps(r) for r in records).encode("utf-8")
    rows = "id,date,text\n" + "".join(f'"{str(r.get("id", "")).replace(chr(34), "")}",x,"'
                                      f'{str(r["text"]).replace(chr(34), "")}"\n' for r in records)
    for name, data in (("a.jsonl", lines), ("a.csv", rows.encode("utf-8", "surrogatepass"))):
        data = bytearray(data)
        for at, junk in damage:
            data[at % (len(data) + 1):at % (len(data) + 1) + 1] = junk
        path = tmp_path / name
        path.write_bytes(bytes(data))
        items = list(read_file(path))
        _check_items(items)
        if name == "a.jsonl" and not damage and records:
            assert len(items) == sum(1 for line in lines.split(b"\n") if line.strip())  # one item per record


@FUZZ
@given(value=st.one_of(st.text(max_size=40), st.integers(), st.dates(), st.datetimes(), st.none()))
def test_parse_date_never_raises(value):
    assert parse_date(value) is None or isinstance(parse_date(value), date)


@FUZZ
@given(texts=st.lists(st.one_of(TEXT, st.none()), min_size=1, max_size=5))
def test_parquet_rows_fail_alone(tmp_path, texts):
    path = tmp_path / "a.parquet"
    clean = [t.encode("utf-8", "replace").decode("utf-8") if t is not None else None for t in texts]
    pq.write_table(pa.table({"text": pa.array(clean, pa.string()), "date": pa.array(["bad"] * len(clean))}), path)
    items = list(read_parquet_articles(str(path)))
    assert len(items) == len(texts)
    _check_items(items)


@settings(max_examples=max(5, EXAMPLES // 6), deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(records=st.lists(RECORD, min_size=1, max_size=5))
def test_ingest_of_any_records_stores_the_good_ones_and_reports_the_rest(tmp_path, coder, records):
    path = tmp_path / "a.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    items = list(read_file(path))
    with open_store(":memory:") as store:
        summary = ingest([path], store, coder=coder)
        articles = store.stats()["articles"]
    good = [i for i in items if isinstance(i, RawArticle)]
    assert summary.read == len(good)
    assert summary.coded + summary.skipped_duplicates + len(summary.skipped_language) + len(summary.failed) \
        - (len(items) - len(good)) == len(good)
    assert articles == summary.coded
    assert Path(path).exists()


@FUZZ
@given(text=st.lists(TEXT, max_size=8).map("".join), chunk=st.integers(1, 40))
def test_a_long_article_hashed_in_pieces_has_the_same_id(text, chunk):
    from khabar.ingest.windows import long_article_id
    from khabar.pipeline import article_id_for

    assert long_article_id(text, chunk) == article_id_for(text)
