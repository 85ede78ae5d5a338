"""Ingest: the readers of every format, and the ingest loop into a store (DuckDB, and PostgreSQL when configured).

PostgreSQL runs when $KHABAR_TEST_POSTGRES is a ``postgresql://`` URL of a server where the tests may create
databases (each test gets a fresh one); without it the PostgreSQL cases are skipped, or fail under CI.
"""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from khabar.corpus import expected_failures, write_corpus
from khabar.ingest import BadRecord, IngestSummary, RawArticle, ingest, read_sources
from khabar.ingest.sources import parse_date
from khabar.pipeline import article_id_for
from khabar.store import ArticleRecord, open_store

ARTICLE = "قال وزير الخارجية الأمريكي أنتوني بلينكن إن الولايات المتحدة ستفرض عقوبات جديدة على إيران."
SECOND = "زار الرئيس الفرنسي إيمانويل ماكرون القاهرة أمس والتقى نظيره المصري عبد الفتاح السيسي."
N_CORPUS, N_BROKEN = 1000, 10


# ---------------------------------------------------------------------------------------------------- fixtures


@pytest.fixture
def store(target):
    s = open_store(target)
    yield s
    s.close()


@pytest.fixture(scope="session")
def corpus(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("corpus")
    write_corpus(root, N_CORPUS, seed=11, broken=N_BROKEN)
    return root


def _write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def _read(*paths: Path | str, **kwargs) -> list[RawArticle | BadRecord]:
    return list(read_sources([str(p) for p in paths], **kwargs))


# ---------------------------------------------------------------------------------------------------- readers


def test_sources_plain_text_detects_the_charset(tmp_path):
    _write(tmp_path / "a.txt", ARTICLE.encode("cp1256"))
    _write(tmp_path / "b.text", ARTICLE.encode("utf-16"))
    _write(tmp_path / "c", ("\ufeff" + ARTICLE + "\r\n").encode("utf-8"))
    items = _read(tmp_path)
    assert [i.text for i in items] == [ARTICLE] * 3
    assert [Path(i.source_path).name for i in items] == ["a.txt", "b.text", "c"]


def test_sources_html_keeps_the_article_not_the_boilerplate(tmp_path):
    page = ('<html><head><title>عقوبات جديدة</title><meta name="date" content="2023-09-05">'
            '<meta property="og:site_name" content="الجزيرة"></head><body>'
            "<nav>الرئيسية سياسة اقتصاد رياضة اتصل بنا</nav><article><h1>عقوبات جديدة</h1>"
            f"<p>{ARTICLE}</p><p>{SECOND}</p></article>"
            "<footer>جميع الحقوق محفوظة سياسة الخصوصية</footer></body></html>")
    [item] = _read(_write(tmp_path / "a.html", page))
    assert isinstance(item, RawArticle)
    assert ARTICLE in item.text and SECOND in item.text
    for boilerplate in ("الرئيسية", "اتصل بنا", "جميع الحقوق", "الخصوصية"):
        assert boilerplate not in item.text
    assert (item.title, item.outlet, item.published) == ("عقوبات جديدة", "الجزيرة", date(2023, 9, 5))


def test_sources_html_falls_back_to_stripped_text(tmp_path, monkeypatch):
    import trafilatura

    monkeypatch.setattr(trafilatura, "bare_extraction", lambda *a, **k: None)
    page = f"<html><head><title>x</title><script>var a = 1;</script></head><body><div>{ARTICLE}</div></body></html>"
    [item] = _read(_write(tmp_path / "a.htm", page))
    assert item.text == ARTICLE


def test_sources_rss_reads_every_entry(tmp_path):
    items = "".join(
        f"<item><title>خبر {i}</title><link>https://x.example/{i}</link>"
        f"<pubDate>Tue, 0{i} Sep 2023 10:00:00 GMT</pubDate>"
        f"<description>&lt;p&gt;{text}&lt;/p&gt;</description></item>"
        for i, text in ((1, ARTICLE), (2, SECOND), (3, "وصل الرئيس إلى بغداد.")))
    feed = f'<?xml version="1.0"?><rss version="2.0"><channel><title>وكالة</title>{items}</channel></rss>'
    got = _read(_write(tmp_path / "feed.rss", feed))
    assert [g.text for g in got] == [ARTICLE, SECOND, "وصل الرئيس إلى بغداد."]
    assert [g.published for g in got] == [date(2023, 9, 1), date(2023, 9, 2), date(2023, 9, 3)]
    assert [g.url for g in got] == ["https://x.example/1", "https://x.example/2", "https://x.example/3"]
    assert {g.outlet for g in got} == {"وكالة"} and got[0].title == "خبر 1"
    assert got[2].source_path.endswith("feed.rss#3")


def test_sources_jsonl_bad_line_is_reported_and_the_rest_read(tmp_path):
    lines = [json.dumps({"text": ARTICLE, "date": "2023-09-05T08:00:00Z", "source": "العربية", "id": "a-1"}),
             '{"text": "unterminated',
             "",
             json.dumps({"text": SECOND, "published": "2023-09-06", "url": "https://x.example/2", "title": "t"})]
    path = _write(tmp_path / "a.jsonl", "\n".join(lines))
    first, bad, second = _read(path)
    assert isinstance(bad, BadRecord) and bad.source_path == f"{path}:2" and bad.reason.startswith("E105 ")
    assert (first.text, first.published, first.outlet, first.article_id) == (ARTICLE, date(2023, 9, 5), "العربية",
                                                                              "a-1")
    assert (second.source_path, second.url, second.title) == (f"{path}:4", "https://x.example/2", "t")


def test_sources_jsonl_records_without_text_are_bad(tmp_path):
    path = _write(tmp_path / "a.ndjson", '{"title": "x"}\n{"text": "  "}\n[1]\n{"text": 5}\n')
    got = _read(path)
    assert [g.source_path for g in got] == [f"{path}:{i}" for i in (1, 2, 3, 4)]
    assert [g.reason.split()[0] for g in got] == ["E103", "E103", "E105", "E105"]


def test_sources_csv_reads_rows_with_their_lines(tmp_path):
    rows = f'Title,Date,Text,Source\nأول,2023-09-05,"{ARTICLE}",الجزيرة\n\nثان,,"سطر\nثان",\nثالث,2023-01-01,,\n'
    path = _write(tmp_path / "a.csv", rows)
    first, second, third = _read(path)
    assert (first.title, first.published, first.text, first.outlet) == ("أول", date(2023, 9, 5), ARTICLE, "الجزيرة")
    assert (second.source_path, second.text, second.published) == (f"{path}:4", "سطر\nثان", None)
    assert isinstance(third, BadRecord) and third.source_path == f"{path}:6" and third.reason.startswith("E103")


def test_sources_csv_without_text_column_is_one_bad_record(tmp_path):
    path = _write(tmp_path / "a.csv", "title,body\nعنوان,نص\n")
    assert _read(path) == [BadRecord(str(path), "E103 no 'text' column (columns: title, body)")]


def test_sources_json_list(tmp_path):
    path = _write(tmp_path / "a.json", json.dumps([{"text": ARTICLE}, "x", {"text": SECOND}]))
    first, bad, second = _read(path)
    assert (first.text, second.text) == (ARTICLE, SECOND)
    assert bad.source_path == f"{path}#2"


def test_sources_bad_files_never_raise(tmp_path):
    _write(tmp_path / "empty.txt", b"")
    _write(tmp_path / "binary.txt", bytes(range(256)))
    _write(tmp_path / "mixed.txt", ("خبر عاجل ".encode() + "نص".encode("utf-16-le") + b"\xe9\xe8") * 20)
    _write(tmp_path / "bad.json", b"[{")
    _write(tmp_path / "bad.rss", b"\x89PNG\r\n\x1a\n\x00\x00")
    _write(tmp_path / "doc.pdf", b"%PDF-1.4")
    got = {Path(g.source_path).name: g.reason.split()[0] for g in _read(tmp_path, tmp_path / "missing.txt")}
    assert got == {"empty.txt": "E103", "binary.txt": "E104", "mixed.txt": "E105", "bad.json": "E105",
                   "bad.rss": "E105", "doc.pdf": "E102", "missing.txt": "E101"}
    assert all("\n" not in g.reason for g in _read(tmp_path))


def test_sources_folders_are_recursive_sorted_and_skip_hidden_files(tmp_path):
    for name in ("b/2.txt", "a/z/1.txt", "a/0.txt", ".git/x.txt", "a/.hidden.txt", "c.txt"):
        _write(tmp_path / name, f"{ARTICLE} {name}")
    got = [Path(g.source_path).relative_to(tmp_path).as_posix() for g in _read(tmp_path)]
    assert got == ["c.txt", "a/0.txt", "a/z/1.txt", "b/2.txt"] or got == ["a/0.txt", "a/z/1.txt", "b/2.txt", "c.txt"]


def test_sources_globs_and_missing_patterns(tmp_path):
    for name in ("x/1.txt", "x/2.txt", "x/3.jsonl"):
        _write(tmp_path / name, json.dumps({"text": ARTICLE}) if name.endswith("jsonl") else ARTICLE)
    assert len(_read(f"{tmp_path}/x/*.txt")) == 2
    assert len(_read(f"{tmp_path}/**/*")) == 3
    [bad] = _read(f"{tmp_path}/nothing-*.txt")
    assert bad.reason.startswith("E101")


def test_sources_stdin_is_plain_text(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(ARTICLE.encode("cp1256"))))
    assert _read("-", default_outlet="stdin-outlet") == [RawArticle(ARTICLE, outlet="stdin-outlet",
                                                                    source_path="<stdin>")]


def test_sources_default_outlet_fills_only_missing_outlets(tmp_path):
    path = _write(tmp_path / "a.jsonl", "\n".join(json.dumps(r) for r in ({"text": "أ", "source": "س"}, {"text": "ب"})))
    assert [g.outlet for g in _read(path, default_outlet="د")] == ["س", "د"]


@pytest.mark.parametrize(("value", "expected"), [
    ("2023-09-05", date(2023, 9, 5)), ("2023-09-05T23:59:00+03:00", date(2023, 9, 5)),
    ("Tue, 05 Sep 2023 10:00:00 GMT", date(2023, 9, 5)), ("2023-13-45", None), ("", None), (None, None), (7, None),
])
def test_sources_parse_date(value, expected):
    assert parse_date(value) == expected


# ---------------------------------------------------------------------------------------------------- ingest


def _relative(failed: list[tuple[str, str]], root: Path) -> list[str]:
    return sorted(Path(p).relative_to(root).as_posix() if p.startswith(str(root)) else p for p, _ in failed)


def test_ingest_corpus_stores_every_valid_article_once(store, corpus, coder, capsys):
    first = ingest([corpus], store, coder=coder)
    assert isinstance(first, IngestSummary)
    assert (first.read, first.coded, first.skipped_duplicates) == (N_CORPUS, N_CORPUS, 0)
    assert _relative(first.failed, corpus) == sorted(expected_failures(N_BROKEN))
    assert all(reason[:4] in {"E103", "E104", "E105"} for _, reason in first.failed)
    stats = store.stats()
    assert (stats["articles"], stats["events"]) == (N_CORPUS, first.events) and first.events > 3 * N_CORPUS
    assert stats["clusters"] == first.clusters > 0
    with capsys.disabled():
        print(f"\n[{store.backend}] ingest of {first.read} articles: {first.seconds:.1f} s, "
              f"{first.rate:.0f} articles/s, {first.events} events")
    again = ingest([corpus], store, coder=coder)
    assert (again.read, again.coded, again.events) == (N_CORPUS, 0, 0)
    assert again.skipped_duplicates == again.read
    assert store.stats() == stats
    assert [run["coded"] for run in store.runs()] == [N_CORPUS, 0]


def test_ingest_recodes_articles_coded_with_another_lexicon_version(store, tmp_path, coder):
    for i, text in enumerate((ARTICLE, SECOND)):
        _write(tmp_path / "in" / f"{i}.txt", text)
    ingest([tmp_path / "in"], store, coder=coder)
    stale = store.article(article_id_for(ARTICLE))
    assert stale and stale["lexicon_version"] == coder.lexicon.version and stale["events"]
    # an older lexicon left this article with other events
    store.save_article(ArticleRecord(article_id_for(ARTICLE), ARTICLE), [], "old-version")
    assert store.article(article_id_for(ARTICLE))["events"] == []
    summary = ingest([tmp_path / "in"], store, coder=coder)
    assert (summary.coded, summary.skipped_duplicates) == (1, 1)
    fresh = store.article(article_id_for(ARTICLE))
    assert fresh["lexicon_version"] == coder.lexicon.version
    assert [e["event_id"] for e in fresh["events"]] == [e["event_id"] for e in stale["events"]]
    forced = ingest([tmp_path / "in"], store, coder=coder, recode=True)
    assert (forced.coded, forced.skipped_duplicates) == (2, 0)
    assert store.stats()["articles"] == 2


def test_ingest_skips_repeats_within_one_run_and_keeps_user_ids(store, tmp_path, coder):
    _write(tmp_path / "a.txt", ARTICLE)
    _write(tmp_path / "b.txt", ARTICLE + "\n")  # the same article (same normalized text) from another file
    _write(tmp_path / "c.jsonl", json.dumps({"text": SECOND, "id": "mine-1", "date": "2023-09-05"}))
    summary = ingest([tmp_path], store, coder=coder, batch_size=2)
    assert (summary.read, summary.coded, summary.skipped_duplicates) == (3, 2, 1)
    stored = store.article("mine-1")
    assert stored and stored["published"] == "2023-09-05" and stored["source_path"].endswith("c.jsonl:1")
    assert {e["article_id"] for e in stored["events"]} == {"mine-1"}


def test_ingest_progress_bar_goes_to_stderr(store, tmp_path, coder, capsys):
    _write(tmp_path / "a.txt", ARTICLE)
    ingest([tmp_path], store, coder=coder, progress=True)
    out, err = capsys.readouterr()
    assert out == "" and "articles/s" in err


_CRASHING_INGEST = """
import sys
from contextlib import contextmanager
from khabar.ingest import ingest
from khabar.store import open_store

store = open_store(sys.argv[1])
outer, depth = store.transaction, [0]

@contextmanager
def announced():
    depth[0] += 1
    try:
        with outer():
            yield store
    finally:
        depth[0] -= 1
    if depth[0] == 0:
        print("committed", flush=True)

store.transaction = announced
ingest([sys.argv[2]], store, batch_size=int(sys.argv[3]))
print("done", flush=True)
"""


def test_ingest_killed_mid_run_resumes_without_loss_or_duplicates(target, tmp_path, coder):
    root = tmp_path / "corpus"
    write_corpus(root, 300, seed=5, broken=3)
    valid = [i for i in read_sources([root]) if isinstance(i, RawArticle)]
    proc = subprocess.Popen([sys.executable, "-c", _CRASHING_INGEST, target, str(root), "10"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    commits = 0
    assert proc.stdout is not None
    for line in proc.stdout:
        assert line.strip() != "done", "the ingest finished before it could be killed"
        commits += line.strip() == "committed"
        if commits == 3:
            os.kill(proc.pid, signal.SIGKILL)
            break
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == -signal.SIGKILL, err
    store = open_store(target)
    try:
        survived = store.stats()["articles"]
        assert 30 <= survived < len(valid)
        summary = ingest([root], store, coder=coder)
        assert summary.skipped_duplicates == survived and summary.coded == len(valid) - survived
        stats = store.stats()
        assert stats["articles"] == len(valid) == 300
        assert all(store.has_article(a.article_id or article_id_for(a.text)) for a in valid)
        event_ids = [e["event_id"] for e in store.events()]
        assert len(event_ids) == len(set(event_ids)) == stats["events"]
    finally:
        store.close()
