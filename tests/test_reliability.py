"""Nothing lost, nothing let in: one bad record costs only itself, on every input path and both backends.

News text below was written for these tests. PostgreSQL cases run when $KHABAR_TEST_POSTGRES is set (as in
tests/test_ingest.py).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from conftest import fresh_database

import khabar
from khabar.ingest import BadRecord, RawArticle, ingest, read_sources, windows
from khabar.ingest import run as ingest_run
from khabar.store import open_store
from khabar.store.migrations import MIGRATIONS

GOOD = [
    "قال وزير الخارجية المصري إن القاهرة ستستضيف محادثات بين الأطراف الليبية الأسبوع المقبل.",
    "اتهم الجيش الإسرائيلي حركة حماس بإطلاق صواريخ على مدن الجنوب.",
    "زار رئيس الوزراء العراقي طهران والتقى الرئيس الإيراني.",
    "أدانت المملكة العربية السعودية الهجوم على السفارة الأمريكية في بغداد.",
    "The Jordanian foreign minister met his Iraqi counterpart in Amman on Tuesday.",
    "Protesters gathered outside the parliament in Beirut to demand new elections.",
    "هاجم مسلحون مركزا للشرطة في مدينة العريش شمال سيناء.",
]


def _jsonl(path: Path, bad_line: str, position: int = 3) -> Path:
    lines = [json.dumps({"text": t, "date": "2024-03-01", "id": f"g{i}"}, ensure_ascii=False)
             for i, t in enumerate(GOOD)]
    lines.insert(position, bad_line)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8", errors="surrogatepass")
    return path


# ---------------------------------------------------------------------------------------------------- records

BAD_LINES = {
    "surrogate_escape": '{"text": "خبر \\ud800 عاجل عن القاهرة", "id": "bad"}',
    "nul_escape": '{"text": "خبر \\u0000 عاجل عن القاهرة", "id": "bad"}',
    "raw_nul": '{"text": "خبر \x00 عاجل عن القاهرة", "id": "bad"}',
}


@pytest.mark.parametrize("kind", sorted(BAD_LINES))
def test_a_dirty_jsonl_record_is_cleaned_alone_and_every_good_one_stored(kind, target, tmp_path, coder):
    path = _jsonl(tmp_path / "news.jsonl", BAD_LINES[kind])
    with open_store(target) as store:
        summary = ingest([path], store, coder=coder)
        assert summary.failed == []
        assert summary.coded == len(GOOD) + 1
        assert {a for a in (f"g{i}" for i in range(len(GOOD))) if store.article(a)} == {f"g{i}" for i in
                                                                                       range(len(GOOD))}
        stored = store.article("bad")
        assert stored is not None and "\x00" not in stored["text"] and "عاجل" in stored["text"]
        stored["text"].encode("utf-8")  # no lone surrogate left: this would raise
    [(where, message)] = summary.warnings
    assert where == f"{path}:4" and ("NUL" in message or "U+FFFD" in message)


def test_a_damaged_byte_costs_only_its_record(target, tmp_path, coder):
    """A byte deleted inside a multi-byte character used to make the whole file undecodable (E105)."""
    data = bytearray(_jsonl(tmp_path / "news.jsonl", json.dumps({"text": GOOD[0] + " مجددا", "id": "x"},
                                                                ensure_ascii=False)).read_bytes())
    at = data.index("مجددا".encode())
    del data[at + 1]
    path = tmp_path / "damaged.jsonl"
    path.write_bytes(bytes(data))
    with open_store(target) as store:
        summary = ingest([path], store, coder=coder)
        assert (summary.coded, summary.failed) == (len(GOOD) + 1, [])
        assert "\ufffd" in store.article("x")["text"]
    assert [w for w, _ in summary.warnings] == [f"{path}:4"]


def test_binary_and_foreign_files_are_still_refused_whole(tmp_path):
    (tmp_path / "blob.jsonl").write_bytes(bytes(range(256)) * 8)
    (tmp_path / "latin.txt").write_bytes("Le président a visité Amman mardi, a déclaré l'agence.".encode("cp1252"))
    got = {Path(i.source_path).name: i for i in read_sources([tmp_path])}
    assert isinstance(got["blob.jsonl"], BadRecord) and got["blob.jsonl"].reason.startswith("E104")
    assert got["latin.txt"].text.startswith("Le président")  # cp1252 is decoded as cp1252, not as damaged UTF-8


def test_malformed_csv_rows_and_bad_dates_are_reported_with_their_line(target, tmp_path, coder):
    path = tmp_path / "news.csv"
    path.write_text(f'id,date,text\nc1,2024-03-01,"{GOOD[0]}"\nlonely cell\nc2,yesterday-ish,"{GOOD[1]}"\n'
                    f'c3,2024-03-02,"{GOOD[2]}",extra\nc4,2024-13-40,"{GOOD[3]}"\n', encoding="utf-8")
    with open_store(target) as store:
        summary = ingest([path], store, coder=coder)
        assert {a: store.article(a)["published"] for a in ("c1", "c2", "c4")} == {
            "c1": "2024-03-01", "c2": None, "c4": None}
        assert store.article("c3") is None
    assert sorted((w, r[:4]) for w, r in summary.failed) == [(f"{path}:3", "E105"), (f"{path}:5", "E105")]
    assert [w for w, _ in summary.warnings] == [f"{path}:4", f"{path}:6"]
    assert all("is not a date" in m for _, m in summary.warnings)


def test_an_id_reused_for_another_text_is_reported_not_stored(target, tmp_path, coder):
    first = tmp_path / "a.jsonl"
    first.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in (
        {"id": "n1", "text": GOOD[0]}, {"id": "n1", "text": GOOD[0]}, {"id": "n1", "text": GOOD[1]})) + "\n",
        encoding="utf-8")
    later = tmp_path / "b.jsonl"
    later.write_text(json.dumps({"id": "n1", "text": GOOD[2]}, ensure_ascii=False) + "\n", encoding="utf-8")
    with open_store(target) as store:
        summary = ingest([first], store, coder=coder)
        assert (summary.coded, summary.skipped_duplicates) == (1, 1)
        assert [(w, r[:4]) for w, r in summary.failed] == [(f"{first}:3", "E107")]
        again = ingest([later], store, coder=coder)
        assert [(w, r[:4]) for w, r in again.failed] == [(f"{later}:1", "E107")]
        assert store.article("n1")["text"] == GOOD[0]


def test_a_record_the_coder_or_the_store_chokes_on_costs_only_itself(target, tmp_path, coder, monkeypatch):
    path = _jsonl(tmp_path / "news.jsonl", json.dumps({"text": "خبر عن الانتخابات في تونس", "id": "boom"},
                                                      ensure_ascii=False))
    saving = "قصف"  # the store refuses the article with this word: a stand-in for a database error on one row
    path.write_text(path.read_text(encoding="utf-8") + json.dumps(
        {"text": f"{saving} الطيران مواقع في الشمال", "id": "refused"}, ensure_ascii=False) + "\n",
        encoding="utf-8")
    real_code = type(coder).code

    def code(self, text, **kwargs):
        if "الانتخابات" in text:
            raise RuntimeError("a coder bug")
        return real_code(self, text, **kwargs)

    monkeypatch.setattr(type(coder), "code", code)
    with open_store(target) as store:
        real_save = type(store).save_article

        def save(self, record, *args, **kwargs):
            if saving in record.text:
                raise ValueError("row refused")
            return real_save(self, record, *args, **kwargs)

        monkeypatch.setattr(type(store), "save_article", save)
        summary = ingest([path], store, coder=coder)
        assert summary.coded == len(GOOD)
        assert store.stats()["articles"] == len(GOOD)
    reasons = dict(summary.failed)
    assert reasons[f"{path}:4"].startswith("internal error while coding: RuntimeError")
    assert reasons[f"{path}:9"].startswith("internal error while saving: ValueError")


# ---------------------------------------------------------------------------------------------------- dates

EDGE_TEXTS = ["زار الرئيس المصري الأردن أمس.", "يزور الرئيس المصري الأردن غدا.",
              "The Egyptian president visited Jordan yesterday.", "The Egyptian president will visit Amman tomorrow.",
              "يزور وزير الخارجية الأردني بغداد الأسبوع المقبل."]


@pytest.mark.parametrize("day", [date(1, 1, 1), date(9999, 12, 31)])
def test_articles_dated_at_the_calendar_ends_are_coded(day):
    for text in EDGE_TEXTS:
        doc = khabar.code_text(text, date=day)
        assert doc.date is not None and date(2, 1, 1) <= doc.date <= date(9998, 12, 31)
    [event] = khabar.code_text(EDGE_TEXTS[0], date=day).events  # coded, not dropped
    assert event.cameo == "042" and event.date is not None


def test_ingest_and_code_accept_go_zero_time(target, tmp_path, coder):
    path = tmp_path / "zero.jsonl"
    path.write_text("\n".join(json.dumps({"text": t, "date": d}, ensure_ascii=False) for t, d in (
        (EDGE_TEXTS[0], "0001-01-01T00:00:00Z"), (EDGE_TEXTS[1], "9999-12-31"))) + "\n", encoding="utf-8")
    with open_store(target) as store:
        summary = ingest([path], store, coder=coder)
        assert (summary.coded, summary.failed) == (2, [])
    text = tmp_path / "a.txt"
    text.write_text(EDGE_TEXTS[0], encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "khabar", "code", str(text), "--date", "0001-01-01"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.splitlines()[0])["cameo"].startswith("04")


# ---------------------------------------------------------------------------------------------------- windows

PARAGRAPHS = GOOD[:4] + GOOD[6:] + ["وقالت وزارة الداخلية السورية إن قواتها اعتقلت خمسة مسلحين في حلب أمس."]


def _long_text(n: int) -> str:
    return "\n\n".join(PARAGRAPHS[i % len(PARAGRAPHS)] for i in range(n))


def test_split_windows_covers_the_text_and_cuts_after_line_breaks():
    text = _long_text(40)
    pieces = list(windows.split_windows(text, 500))
    assert "".join(p for _, p in pieces) == text
    assert [o for o, _ in pieces] == [sum(len(p) for _, p in pieces[:k]) for k in range(len(pieces))]
    assert all(p.endswith("\n") for _, p in pieces[:-1]) and len(pieces) > 5
    assert all(len(p) <= 500 for _, p in pieces)
    one_line = "كلمة " * 400
    assert "".join(p for _, p in windows.split_windows(one_line, 300)) == one_line


def test_a_long_article_coded_in_windows_reads_as_if_coded_whole(coder, monkeypatch):
    text = _long_text(4 * len(PARAGRAPHS))  # each event retold in later windows: folded as in the whole article
    whole = coder.code(text, date=date(2024, 3, 1), article_id="long")
    monkeypatch.setattr(windows, "LONG_TEXT", 100)
    monkeypatch.setattr(windows, "WINDOW", 150)
    assert len(list(windows.split_windows(text))) >= 12
    doc = windows.code_document(coder, text, date=date(2024, 3, 1), article_id="long")
    assert len(whole.events) >= 4
    assert [e.to_dict() for e in doc.events] == [e.to_dict() for e in whole.events]
    assert [(s.index, s.start, s.end, text[s.start:s.end]) for s in doc.sentences] == [
        (s.index, s.start, s.end, s.text) for s in whole.sentences]
    assert all(not s.tokens and s.text in ("", text[s.start:s.end]) for s in doc.sentences)  # shells, not state
    short = windows.code_document(coder, GOOD[0], date=date(2024, 3, 1))
    assert [e.to_dict() for e in short.events] == [e.to_dict() for e in coder.code(GOOD[0],
                                                                                   date=date(2024, 3, 1)).events]


def test_a_long_article_is_stored_window_by_window_like_a_whole_one(target, tmp_path, coder, monkeypatch):
    path = tmp_path / "long.txt"
    path.write_text(_long_text(len(PARAGRAPHS)), encoding="utf-8")
    with open_store(target) as store:
        ingest([path], store, coder=coder)
        [article_id] = [e["article_id"] for e in store.events(limit=1)]
        whole = store.article(article_id)
    monkeypatch.setattr(ingest_run, "LONG_TEXT", 100)
    monkeypatch.setattr(windows, "LONG_TEXT", 100)
    monkeypatch.setattr(windows, "WINDOW", 150)
    with open_store(target) as store:
        summary = ingest([path], store, coder=coder, recode=True)
        windowed = store.article(article_id)
    assert summary.coded == 1 and summary.events == len(whole["events"]) >= 4
    for key in ("events", "sentences", "mentions", "lexicon_version", "text"):
        assert windowed[key] == whole[key], key


def test_a_long_article_cut_off_half_way_is_coded_again_next_time(target, tmp_path, coder, monkeypatch):
    path = tmp_path / "long.txt"
    path.write_text(_long_text(24), encoding="utf-8")
    monkeypatch.setattr(ingest_run, "LONG_TEXT", 300)
    monkeypatch.setattr(windows, "LONG_TEXT", 300)
    monkeypatch.setattr(windows, "WINDOW", 400)
    real = windows.code_windows

    def dies_half_way(*args, **kwargs):
        for k, doc in enumerate(real(*args, **kwargs)):
            if k == 3:
                raise MemoryError("killed")  # stands in for a process killed mid-article
            yield doc

    monkeypatch.setattr(ingest_run, "code_windows", dies_half_way)
    with open_store(target) as store:
        first = ingest([path], store, coder=coder)
        assert first.coded == 0 and len(first.failed) == 1
        partial = store.stats()
        monkeypatch.setattr(ingest_run, "code_windows", real)
        again = ingest([path], store, coder=coder)
        assert (again.coded, again.skipped_duplicates) == (1, 0)
        done = store.stats()
        assert partial["articles"] == done["articles"] == 1 and 0 < partial["events"] < done["events"]
        event_ids = [e["event_id"] for e in store.events()]
        assert len(event_ids) == len(set(event_ids))
        assert ingest([path], store, coder=coder).skipped_duplicates == 1


# ---------------------------------------------------------------------------------------------------- concurrency


def test_two_ingests_at_once_on_postgres_store_everything_once(tmp_path):
    url = os.environ.get("KHABAR_TEST_POSTGRES")
    if not url:
        if os.environ.get("CI"):
            pytest.fail("KHABAR_TEST_POSTGRES is not set")
        pytest.skip("KHABAR_TEST_POSTGRES is not set")
    from khabar.corpus import write_corpus

    root = tmp_path / "corpus"
    write_corpus(root, 120, seed=3)
    valid = [i for i in read_sources([root]) if isinstance(i, RawArticle)]
    for database in fresh_database(url):  # a fresh database: the two also race to create the schema
        procs = [subprocess.Popen([sys.executable, "-m", "khabar", "ingest", str(root), "--db", database,
                                   "--no-progress", "--batch-size", "10"],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
        outs = [p.communicate(timeout=600) for p in procs]
        assert [p.returncode for p in procs] == [0, 0], [err[-500:] for _, err in outs]
        with open_store(database) as store:
            stats = store.stats()
            assert stats["articles"] == len(valid) == 120
            event_ids = [e["event_id"] for e in store.events()]
            assert len(event_ids) == len(set(event_ids)) == stats["events"] > 0
            assert store.schema_version() == max(m.version for m in MIGRATIONS) and stats["clusters"] > 0
            assert all(e["cluster_id"] for e in store.events())


# ---------------------------------------------------------------------------------------------------- batch


def test_batch_codes_dirty_records_alone_and_long_articles_in_windows(tmp_path, coder, monkeypatch):
    from khabar.batch import run_batch
    from khabar.export import read_parquet

    path = _jsonl(tmp_path / "news.jsonl", BAD_LINES["surrogate_escape"])
    long_path = tmp_path / "long.txt"
    long_path.write_text(_long_text(len(PARAGRAPHS)), encoding="utf-8")
    whole = coder.code(long_path.read_text(encoding="utf-8"), date=date(2024, 3, 1))
    monkeypatch.setattr(windows, "LONG_TEXT", 100)
    monkeypatch.setattr(windows, "WINDOW", 150)
    summary = run_batch([path, long_path], tmp_path / "out", workers=0, partition_size=4,
                        date_default=date(2024, 3, 1))
    assert (summary["articles"], summary["errors"]) == (len(GOOD) + 2, 0)
    warned = [json.loads(line) for line in (tmp_path / "out" / "warnings.jsonl").read_text().splitlines()]
    assert summary["warnings"] == 1 and [w["source_path"] for w in warned] == [f"{path}:4"]
    assert "U+FFFD" in warned[0]["warning"]
    events = [e for part in sorted((tmp_path / "out" / "events").glob("*.parquet")) for e in read_parquet(part)]
    long_events = [e for e in events if e["article_id"] == whole.article_id]
    assert [(e["event_id"], e["trigger"]) for e in long_events] == [
        (e.event_id, {"text": e.trigger_text, "start": e.trigger_start, "end": e.trigger_end}) for e in whole.events]


def test_a_batch_folder_with_long_articles_is_stored_piece_by_piece_like_a_direct_ingest(target, tmp_path, coder,
                                                                                          monkeypatch):
    from khabar.batch import run_batch
    from khabar.ingest import coded

    news = tmp_path / "news"
    news.mkdir()
    for i, text in enumerate([GOOD[0], _long_text(len(PARAGRAPHS)), GOOD[1], _long_text(2)]):
        (news / f"{i}.txt").write_text(text, encoding="utf-8")  # short and long articles, interleaved
    with open_store(target) as store:
        ingest([news], store, coder=coder)
        ids = sorted(a["article_id"] for a in store.articles(limit=10))
        direct = {a: store.article(a) for a in ids}
    for module in (windows, coded):
        monkeypatch.setattr(module, "LONG_TEXT", 100)
    monkeypatch.setattr(windows, "WINDOW", 150)
    monkeypatch.setattr(coded, "_ROWS_AT_ONCE", 7)  # a long article's sentences and mentions in many slices
    monkeypatch.setattr(coded, "_ARTICLES_AT_ONCE", 3)
    run_batch([news], tmp_path / "out", workers=0, partition_size=10, date_default=None)
    import pyarrow.parquet as pq

    rows = pq.read_table(next((tmp_path / "out" / "articles").glob("*.parquet"))).to_pylist()
    long_rows = [r for r in rows if r["text_file"]]  # long texts are files beside the parts, not Parquet values
    assert len(long_rows) == 2 and all(r["text"] is None for r in long_rows)
    assert all((tmp_path / "out" / r["text_file"]).read_text(encoding="utf-8") in (_long_text(len(PARAGRAPHS)),
                                                                                 _long_text(2)) for r in long_rows)
    with open_store(target) as store:
        summary = coded.import_batch(tmp_path / "out", store, recode=True)
        assert (summary.read, summary.coded, summary.failed) == (4, 4, [])
        for article_id in ids:
            stored = store.article(article_id)
            for key in ("sentences", "mentions", "lexicon_version", "text"):
                assert stored[key] == direct[article_id][key], (article_id, key)
            unclustered = [[{k: v for k, v in e.items() if k != "cluster_id"} for e in a["events"]]
                           for a in (stored, direct[article_id])]  # clusters are made as a store fills
            assert unclustered[0] == unclustered[1]
        assert sum(len(store.article(a)["events"]) for a in ids) >= 4
        again = coded.import_batch(tmp_path / "out", store)
        assert (again.coded, again.skipped_duplicates) == (0, 4)


def test_a_batch_text_file_outside_its_folder_fails_alone(tmp_path, coder, monkeypatch):
    import pyarrow.parquet as pq

    from khabar.batch import run_batch
    from khabar.ingest import coded

    news = tmp_path / "news"
    news.mkdir()
    for i, text in enumerate([GOOD[0], _long_text(2)]):
        (news / f"{i}.txt").write_text(text, encoding="utf-8")
    for module in (windows, coded):
        monkeypatch.setattr(module, "LONG_TEXT", 100)
    monkeypatch.setattr(windows, "WINDOW", 150)
    run_batch([news], tmp_path / "out", workers=0, partition_size=10, date_default=None)
    part = next((tmp_path / "out" / "articles").glob("*.parquet"))
    table = pq.read_table(part)
    secret = tmp_path / "secret.txt"
    secret.write_text("not news", encoding="utf-8")
    rows = [dict(r, text_file="../secret.txt" if r["text_file"] else None) for r in table.to_pylist()]
    pq.write_table(type(table).from_pylist(rows, schema=table.schema), part)
    with open_store(str(tmp_path / "x.duckdb")) as store:
        summary = coded.import_batch(tmp_path / "out", store)
        assert summary.coded == 1 and len(summary.failed) == 1 and "texts/ folder" in summary.failed[0][1]
        assert all("not news" not in store.article(a["article_id"])["text"] for a in store.articles(limit=10))


def test_a_single_article_file_with_a_damaged_byte_is_read_with_a_warning(tmp_path):
    data = bytearray("\n\n".join(GOOD[:4]).encode("utf-8"))
    del data[data.index("طهران".encode()) + 1]
    (tmp_path / "a.txt").write_bytes(bytes(data))
    [item] = read_sources([tmp_path / "a.txt"])
    assert isinstance(item, RawArticle) and item.text.count("\ufffd") == 1 and GOOD[3] in item.text
    assert item.warnings == ("1 undecodable character(s) replaced with U+FFFD",)


def test_json_the_parser_cannot_hold_fails_only_its_line(tmp_path):
    path = tmp_path / "odd.jsonl"
    path.write_text('{"text": "خبر", "id": ' + "7" * 5000 + "}\n" + "[" * 100_000 + "\n"
                    + json.dumps({"text": GOOD[2]}, ensure_ascii=False) + "\n", encoding="utf-8")
    first, second, third = read_sources([path])
    assert (first.source_path, second.source_path) == (f"{path}:1", f"{path}:2")
    assert first.reason.startswith("E105") and second.reason.startswith("E105")
    assert isinstance(third, RawArticle) and third.text == GOOD[2]
