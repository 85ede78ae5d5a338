"""The store (khabar.store): the same tests on DuckDB and on PostgreSQL.

PostgreSQL runs when $KHABAR_TEST_POSTGRES names a database (``. .ci/postgres.sh`` sets one up); every test gets a
fresh schema in it. Without the variable the PostgreSQL half is skipped, except under CI, where it fails.
"""

from __future__ import annotations

import os
import random
import uuid
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest

import khabar
from khabar.model import Actor, ActorRef, Event, Place, Sentence
from khabar.pipeline import article_id_for
from khabar.store import ArticleRecord, Store, open_store
from khabar.store.dedup import (
    Cluster,
    Mention,
    _earliest,
    _greedy,
    _greedy_indexed,
    anchored,
    cluster_mentions,
    fits,
    same_place,
)

META = ("outlet", "url", "published", "title", "cluster_id")

# label -> (text, article date, outlet); one event each (checked by the corpus fixture)
CORPUS: dict[str, tuple[str, str, str]] = {
    "visit": ("زار الرئيس الصيني موسكو يوم 5 أيلول 2023.", "2023-09-05", "sana"),
    "may_visit": ("قال مسؤول أمريكي إن الرئيس الصيني قد يزور موسكو.", "2023-09-05", "ahram"),
    "condemn": ("أدانت مصر الهجوم الإسرائيلي على غزة.", "2023-09-12", "ahram"),
    "attack": ("هاجمت القوات الإسرائيلية مواقع لحزب الله في لبنان أمس.", "2023-09-11", "nna"),  # 2023-09-10
    "meet": ("التقى وزير الخارجية الأمريكي نظيره الروسي في جنيف.", "2023-10-02", "sana"),
    "criticize": ("انتقد الرئيس الصيني روسيا بشدة يوم 20 تشرين الأول 2023.", "2023-10-21", "nna"),
    "host": ("استقبل الرئيس الروسي نظيره الصيني في الكرملين.", "2023-10-03", "tass"),
}


def _postgres_url() -> str:
    url = os.environ.get("KHABAR_TEST_POSTGRES")
    if not url:
        if os.environ.get("CI"):
            pytest.fail("KHABAR_TEST_POSTGRES is not set: CI must source .ci/postgres.sh before the tests")
        pytest.skip("KHABAR_TEST_POSTGRES is not set (source .ci/postgres.sh to run the PostgreSQL store tests)")
    return url


@pytest.fixture(params=["duckdb", "postgres"])
def target(request: pytest.FixtureRequest, tmp_path: Any) -> Iterator[str]:
    """Where a fresh store lives: a DuckDB file, or a new schema in the test PostgreSQL database."""
    if request.param == "duckdb":
        yield str(tmp_path / "khabar.duckdb")
        return
    import psycopg

    url = _postgres_url()
    schema = f"khabar_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f"CREATE SCHEMA {schema}")  # type: ignore[arg-type]
    yield f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3D{schema}"
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f"DROP SCHEMA {schema} CASCADE")  # type: ignore[arg-type]


@pytest.fixture
def store(target: str) -> Iterator[Store]:
    with open_store(target) as s:
        yield s


def code(text: str, published: str) -> list[dict[str, Any]]:
    return [e.to_dict() for e in khabar.code_text(text, date=published).events]


def record(text: str, published: str, outlet: str | None = None, **kw: Any) -> ArticleRecord:
    return ArticleRecord(article_id_for(text), text, outlet=outlet, published=date.fromisoformat(published), **kw)


@pytest.fixture
def save(store: Store) -> Callable[..., list[dict[str, Any]]]:
    """save(text, published, outlet) codes and stores one article; returns its event dicts."""

    def run(text: str, published: str, outlet: str | None = None, version: str = "v1") -> list[dict[str, Any]]:
        events = code(text, published)
        store.save_article(record(text, published, outlet, title=text[:10], url=f"https://x/{outlet}"), events,
                           version)
        return events

    return run


@pytest.fixture
def corpus(store: Store, save: Callable[..., list[dict[str, Any]]]) -> dict[str, dict[str, Any]]:
    """The CORPUS articles stored; label -> its one event dict."""
    out = {}
    with store.transaction():
        for label, (text, published, outlet) in CORPUS.items():
            events = save(text, published, outlet)
            assert len(events) == 1, (label, events)
            out[label] = events[0]
    return out


def strip(event: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in event.items() if k not in META}


def labels(events: list[dict[str, Any]], corpus: dict[str, dict[str, Any]]) -> set[str]:
    by_id = {e["event_id"]: label for label, e in corpus.items()}
    return {by_id[e["event_id"]] for e in events}


# --- writing -----------------------------------------------------------------------------------------------------


def test_store_round_trip(store: Store, save: Callable[..., list[dict[str, Any]]]) -> None:
    saved = []
    for text, published, outlet in CORPUS.values():
        saved += save(text, published, outlet)
    got = store.events()
    assert sorted((strip(e) for e in got), key=lambda e: e["event_id"]) == sorted(saved, key=lambda e: e["event_id"])
    first = next(e for e in got if e["event_id"] == saved[0]["event_id"])
    assert first["outlet"] == "sana" and first["published"] == "2023-09-05" and first["url"] == "https://x/sana"
    assert first["cluster_id"] is None  # until recluster()


def test_store_round_trip_nulls_and_unknown_keys(store: Store) -> None:
    event = code(*CORPUS["may_visit"][:2])[0]
    event.update(target=None, place=None, date=None, future_field={"x": [1, "ب"]})
    event["source"].pop("role")
    rec = record(CORPUS["may_visit"][0], "2023-09-05")
    store.save_article(rec, [event], "v1")
    assert [strip(e) for e in store.events()] == [event]


def test_store_article(store: Store, corpus: dict[str, dict[str, Any]]) -> None:
    text, published, outlet = CORPUS["visit"]
    art = store.article(corpus["visit"]["article_id"])
    assert art is not None
    assert (art["text"], art["published"], art["outlet"], art["lexicon_version"]) == (text, published, outlet, "v1")
    assert [strip(e) for e in art["events"]] == [corpus["visit"]]
    assert store.article("nope") is None


def test_store_resave_replaces_events(store: Store) -> None:
    text = "زار الرئيس الصيني موسكو يوم 5 أيلول 2023. أدانت مصر الهجوم الإسرائيلي على غزة."
    events = code(text, "2023-09-05")
    assert len(events) == 2
    rec = record(text, "2023-09-05", "sana")
    store.save_article(rec, events, "v1")
    store.save_article(rec, events[1:], "v2")  # re-coded with a new lexicon: one event left
    assert [strip(e) for e in store.events()] == events[1:]
    assert store.stats() == {"articles": 1, "events": 1, "clusters": 0}
    assert store.has_article(rec.article_id, lexicon_version="v2")
    assert not store.has_article(rec.article_id, lexicon_version="v1")


def test_store_has_article(store: Store, save: Callable[..., list[dict[str, Any]]]) -> None:
    text, published, outlet = CORPUS["visit"]
    assert not store.has_article(record(text, published).article_id)
    save(text, published, outlet)
    assert store.has_article(record(text, published).article_id)
    assert store.has_article(record(text, published).article_id, lexicon_version="v1")


def test_store_save_rejects_foreign_events(store: Store) -> None:
    events = code(*CORPUS["visit"][:2])
    with pytest.raises(ValueError, match="belongs to article"):
        store.save_article(record(*CORPUS["condemn"][:2]), events, "v1")
    with pytest.raises(ValueError, match="repeated event_id"):
        store.save_article(record(*CORPUS["visit"][:2]), events * 2, "v1")
    assert store.stats()["articles"] == 0


def test_store_transaction_rollback(store: Store, save: Callable[..., list[dict[str, Any]]]) -> None:
    with pytest.raises(RuntimeError), store.transaction():
        save(*CORPUS["visit"])
        with store.transaction():  # nested: joins the outer transaction
            save(*CORPUS["condemn"])
            assert len(store.events()) == 2  # a read writes the pending saves to the database (not committed)
            raise RuntimeError("boom")
    assert store.events() == [] and store.stats()["articles"] == 0
    save(*CORPUS["visit"])  # the store is usable afterwards
    assert len(store.events()) == 1


def test_store_transaction_batch(store: Store, save: Callable[..., list[dict[str, Any]]]) -> None:
    with store.transaction():
        save(*CORPUS["visit"])
        save(*CORPUS["condemn"])
        assert store.has_article(record(*CORPUS["condemn"][:2]).article_id)
        assert len(store.events()) == 2  # reads inside the batch see its saves
        save(*CORPUS["attack"])
    assert store.stats()["events"] == 3


def test_store_runs(store: Store) -> None:
    run = store.start_run("v1")
    store.finish_run(run, read=3, coded=2, skipped_duplicates=1, failed=[("a.txt", "empty")])
    (row,) = store.runs()
    assert (row["run_id"], row["read"], row["coded"], row["skipped"], row["failed"]) == (run, 3, 2, 1, 1)
    assert row["finished_at"] >= row["started_at"]
    with pytest.raises(TypeError):
        store.finish_run(run, bogus=1)


def test_store_migrations_run_once(target: str) -> None:
    from khabar.store.migrations import MIGRATIONS

    every = [m.version for m in MIGRATIONS]
    assert every == list(range(1, len(every) + 1))
    with open_store(target) as first:
        assert first.applied_migrations == every
        before = first._db.query("SELECT version, description, applied_at FROM schema_version ORDER BY version")
    with open_store(target) as second:
        assert second.applied_migrations == []
        after = second._db.query("SELECT version, description, applied_at FROM schema_version ORDER BY version")
        assert second.schema_version() == every[-1]
    assert after == before


def test_store_memory() -> None:
    with open_store(":memory:") as s:
        assert s.backend == "duckdb" and s.events() == []


# --- reading -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, set(CORPUS)),
        ({"actor": "RUS"}, {"visit", "may_visit", "meet", "criticize", "host"}),
        ({"actor": "chn"}, {"visit", "may_visit", "criticize", "host"}),
        ({"source": "ISR"}, {"attack"}),
        ({"target": "ISR"}, {"condemn"}),
        ({"country": "ISR"}, {"condemn", "attack"}),
        ({"country": "USAGOV"}, {"meet"}),
        ({"cameo": "04"}, {"visit", "may_visit", "meet", "host"}),
        ({"cameo": "042"}, {"visit", "may_visit"}),
        ({"root": "19"}, {"attack"}),
        ({"root": 11}, {"condemn", "criticize"}),
        ({"plover": "ACCUSE"}, {"condemn", "criticize"}),
        ({"modality": "possible"}, {"may_visit"}),
        ({"modality": ["possible", "asserted"]}, set(CORPUS)),
        ({"modality": []}, set()),
        ({"attributed_to": "USA"}, {"may_visit"}),
        ({"attributed_to": "مسؤول"}, {"may_visit"}),
        ({"since": "2023-10-01"}, {"meet", "criticize", "host"}),
        ({"until": "2023-09-11"}, {"visit", "may_visit", "attack"}),
        ({"since": "2023-09-11", "until": "2023-09-12"}, {"condemn"}),  # attack: event date 09-10 beats 09-11
        ({"since": "2023-09", "until": "2023-09"}, {"visit", "may_visit", "condemn", "attack"}),
        ({"since": date(2023, 10, 20)}, {"criticize"}),
        ({"text": "غزة"}, {"condemn"}),
        ({"actor": "CHN", "modality": "asserted"}, {"visit", "criticize", "host"}),
    ],
)
def test_store_events_filters(store: Store, corpus: dict[str, dict[str, Any]], filters: dict[str, Any],
                              expected: set[str]) -> None:
    assert labels(store.events(**filters), corpus) == expected


def test_store_events_limit_offset(store: Store, corpus: dict[str, dict[str, Any]]) -> None:
    everything = [e["event_id"] for e in store.events()]
    assert [e["event_id"] for e in store.events(limit=3)] == everything[:3]
    assert [e["event_id"] for e in store.events(limit=3, offset=3)] == everything[3:6]
    assert [e["published"] for e in store.events()] == sorted(e["published"] for e in store.events())


def test_store_events_unknown_filter(store: Store) -> None:
    with pytest.raises(TypeError, match="unknown event filter"):
        store.events(actr="RUS")
    with pytest.raises(ValueError, match="not a date"):
        store.events(since="last week")


@pytest.mark.parametrize(
    "filters",
    [
        {"actor": "x'; DROP TABLE events; --"},
        {"source": "%"},
        {"target": "_"},
        {"text": "'; DELETE FROM articles; --"},
        {"attributed_to": "%' OR '1'='1"},
        {"modality": ["asserted') OR ('1'='1"]},
        {"plover": "CONSULT' --"},
        {"article_id": "' OR 1=1 --"},
    ],
)
def test_store_sql_metacharacters_are_harmless(store: Store, corpus: dict[str, dict[str, Any]],
                                               filters: dict[str, Any]) -> None:
    assert store.events(**filters) == []
    assert store.dyad("R'; --", "%") == []
    assert store.actors(actor="x'; DROP TABLE articles; --") == []
    assert labels(store.events(), corpus) == set(CORPUS)
    assert store.stats()["articles"] == len(CORPUS)


def test_store_dyad_by_month(store: Store, corpus: dict[str, dict[str, Any]]) -> None:
    g = {label: e["goldstein"] for label, e in corpus.items()}
    sep, oct_ = g["visit"] + g["may_visit"], g["criticize"] + g["host"]
    assert store.dyad("CHN", "RUS", by="month") == [
        {"period": "2023-09", "events": 2, "goldstein_sum": pytest.approx(sep),
         "goldstein_mean": pytest.approx(sep / 2), "quad1": 2, "quad2": 0, "quad3": 0, "quad4": 0,
         "by_modality": {"asserted": 1, "possible": 1}, "by_language": {"ar": 2}},
        {"period": "2023-10", "events": 2, "goldstein_sum": pytest.approx(oct_),
         "goldstein_mean": pytest.approx(oct_ / 2), "quad1": 1, "quad2": 0, "quad3": 1, "quad4": 0,
         "by_modality": {"asserted": 2}, "by_language": {"ar": 2}},
    ]
    asserted = store.dyad("RUS", "CHN", by="month", asserted_only=True)  # direction does not matter
    assert [(p["period"], p["events"], p["by_modality"]) for p in asserted] == [
        ("2023-09", 1, {"asserted": 1}), ("2023-10", 2, {"asserted": 2})]


def test_store_dyad_by_week(store: Store, corpus: dict[str, dict[str, Any]]) -> None:
    # visit 2023-09-05 and may_visit (no event date; article 2023-09-05) → W36; host (article 2023-10-03) → W40;
    # criticize (event date 2023-10-20, article 10-21) → W42.
    weeks = store.dyad("CHN", "RUS", by="week")
    assert [(p["period"], p["events"], p["quad1"], p["quad3"]) for p in weeks] == [
        ("2023-W36", 2, 2, 0), ("2023-W40", 1, 1, 0), ("2023-W42", 1, 0, 1)]
    assert weeks[2]["goldstein_mean"] == pytest.approx(corpus["criticize"]["goldstein"])
    # attack happened on Sunday 2023-09-10 (ISO week 36), reported on Monday (week 37): the event date wins
    assert [p["period"] for p in store.dyad("ISR", "LBN", by="week")] == ["2023-W36"]
    with pytest.raises(ValueError):
        store.dyad("CHN", "RUS", by="day")


def test_store_actors(store: Store, corpus: dict[str, dict[str, Any]]) -> None:
    assert store.actors(limit=3) == [
        {"code": "CHNGOV", "events_as_source": 3, "events_as_target": 1, "total": 4},
        {"code": "RUS", "events_as_source": 0, "events_as_target": 3, "total": 3},
        {"code": "RUSGOV", "events_as_source": 1, "events_as_target": 1, "total": 2},
    ]
    # the attack on "مواقع لحزب الله" targets Hezbollah (LBNINS), the owner of the positions struck
    assert [a["code"] for a in store.actors(role="target")] == ["RUS", "CHNGOV", "ISR", "LBNINS", "RUSGOV"]
    assert [(a["code"], a["total"]) for a in store.actors(since="2023-10-01")] == [
        ("CHNGOV", 2), ("RUSGOV", 2), ("RUS", 1), ("USAGOV", 1)]
    assert [a["code"] for a in store.actors(root="19")] == ["ISRMIL", "LBNINS"]


def test_store_network(store: Store, corpus: dict[str, dict[str, Any]]) -> None:
    g = {label: e["goldstein"] for label, e in corpus.items()}
    edges = store.network()
    assert [(e["source"], e["target"], e["events"]) for e in edges] == [
        ("CHNGOV", "RUS", 3), ("EGY", "ISR", 1), ("ISRMIL", "LBNINS", 1), ("RUSGOV", "CHNGOV", 1),
        ("USAGOV", "RUSGOV", 1)]
    total = g["visit"] + g["may_visit"] + g["criticize"]
    assert edges[0]["goldstein_sum"] == pytest.approx(total)
    assert edges[0]["goldstein_mean"] == pytest.approx(total / 3)
    assert [(e["source"], e["events"]) for e in store.network(root="04")] == [
        ("CHNGOV", 2), ("RUSGOV", 1), ("USAGOV", 1)]
    assert [(e["source"], e["target"]) for e in store.network(since="2023-10-01", until="2023-10-10")] == [
        ("RUSGOV", "CHNGOV"), ("USAGOV", "RUSGOV")]


# --- clusters ----------------------------------------------------------------------------------------------------

SAME_VISIT = [  # one real visit (2023-09-05), three wordings, three outlets, three article dates
    ("زار الرئيس الصيني موسكو يوم 5 أيلول 2023.", "2023-09-05", "sana"),
    ("وصل الرئيس الصيني إلى موسكو أمس في زيارة رسمية.", "2023-09-06", "ahram"),
    ("أجرى الرئيس الصيني زيارة رسمية إلى موسكو في 5 سبتمبر 2023.", "2023-09-07", "tass"),
]
MAY_VISIT = [  # three outlets repeating a *possible* visit on the same day
    ("قد يزور الرئيس الصيني موسكو يوم 5 أيلول 2023.", "2023-09-04", "sana"),
    ("أفادت وكالة الأنباء أن الرئيس الصيني قد يزور موسكو يوم 5 أيلول 2023.", "2023-09-04", "ahram"),
    ("ذكرت مصادر أن الرئيس الصيني قد يزور موسكو يوم 5 أيلول 2023.", "2023-09-03", "tass"),
]


def test_store_clusters_same_event_three_outlets(store: Store, save: Callable[..., list[dict[str, Any]]]) -> None:
    ids = sorted(e["event_id"] for args in SAME_VISIT for e in save(*args))
    assert store.recluster() == 1
    (cluster,) = store.clusters()
    assert (cluster["num_mentions"], cluster["num_articles"], cluster["num_sources"]) == (3, 3, 3)
    assert (cluster["source"], cluster["target"], cluster["cameo"], cluster["modality"], cluster["date"],
            cluster["place_country"]) == ("CHNGOV", "RUS", "042", "asserted", "2023-09-05", "RUS")
    assert cluster["event_ids"] == ids
    assert {e["cluster_id"] for e in store.events()} == {cluster["cluster_id"]}


def test_store_clusters_different_events_same_dyad(store: Store, save: Callable[..., list[dict[str, Any]]]) -> None:
    save("زار الرئيس الصيني موسكو يوم 5 أيلول 2023.", "2023-09-05", "sana")
    save("زار الرئيس الصيني موسكو يوم 20 تشرين الأول 2023.", "2023-10-20", "sana")  # another visit
    save("انتقد الرئيس الصيني روسيا بشدة يوم 20 تشرين الأول 2023.", "2023-10-20", "nna")  # another CAMEO base
    assert store.recluster() == 3
    assert sorted((c["cameo"], c["date"], c["num_articles"]) for c in store.clusters(actor="CHN")) == [
        ("042", "2023-09-05", 1), ("042", "2023-10-20", 1), ("111", "2023-10-20", 1)]


def test_store_clusters_keep_modality_apart(store: Store, save: Callable[..., list[dict[str, Any]]]) -> None:
    for args in MAY_VISIT:
        save(*args)
    save("زار الرئيس الصيني موسكو يوم 5 أيلول 2023.", "2023-09-05", "sana")
    assert store.recluster() == 2
    by_modality = {c["modality"]: c for c in store.clusters()}
    assert by_modality["possible"]["num_articles"] == 3 and by_modality["possible"]["num_sources"] == 3
    assert by_modality["asserted"]["num_articles"] == 1
    assert [c["modality"] for c in store.clusters(modality="possible", min_articles=2)] == ["possible"]


def test_store_recluster_is_deterministic(store: Store, save: Callable[..., list[dict[str, Any]]]) -> None:
    for args in SAME_VISIT + MAY_VISIT:
        save(*args)
    store.recluster()
    first = store.clusters()
    save(*SAME_VISIT[0])  # re-saving an article drops its events' cluster ids until the next recluster
    assert store.recluster() == len(first)
    assert store.clusters() == first


# --- dedup rules (pure) ------------------------------------------------------------------------------------------


def mention(i: int, date_: str | None, published: str | None, country: str | None = "RUS", **kw: Any) -> Mention:
    fields = {"source": "CHNGOV", "target": "RUS", "cameo": "042", "modality": "asserted", "outlet": f"o{i}"} | kw
    return Mention(event_id=f"e{i}", article_id=f"a{i}", date=date_, country=country,
                   published=date.fromisoformat(published) if published else None, **fields)


def groups(mentions: list[Mention]) -> list[list[str]]:
    return sorted(sorted(m.event_id for m in c.members) for c in cluster_mentions(mentions))


@pytest.mark.parametrize(
    ("mentions", "expected"),
    [
        ([mention(1, "2023-09-05", None), mention(2, "2023-09-06", None)], [["e1"], ["e2"]]),  # different days
        ([mention(1, "2023-09", None), mention(2, "2023-09-20", None)], [["e1", "e2"]]),  # month fits its days
        ([mention(1, "2023-08", None), mention(2, "2023-09-20", None)], [["e1"], ["e2"]]),
        ([mention(1, None, "2023-09-10"), mention(2, "2023-09-05", None)], [["e1", "e2"]]),  # within 7 days
        ([mention(1, None, "2023-09-20"), mention(2, "2023-09-05", None)], [["e1"], ["e2"]]),
        ([mention(1, None, "2023-09-01"), mention(2, None, "2023-09-06")], [["e1", "e2"]]),
        ([mention(1, None, "2023-09-01"), mention(2, None, "2023-09-21")], [["e1"], ["e2"]]),
        ([mention(1, None, None), mention(2, None, None)], [["e1", "e2"]]),  # knowing nothing
        ([mention(1, None, None), mention(2, "2023-09-05", None)], [["e1"], ["e2"]]),
        ([mention(1, "2023-09-05", None, "RUS"), mention(2, "2023-09-05", None, "CHE")], [["e1"], ["e2"]]),
        ([mention(1, "2023-09-05", None, None), mention(2, "2023-09-05", None, "CHE")], [["e1", "e2"]]),
        ([mention(1, "2023-09-05", None), mention(2, "2023-09-05", None, cameo="0421")], [["e1", "e2"]]),
        ([mention(1, "2023-09-05", None), mention(2, "2023-09-05", None, modality="possible")], [["e1"], ["e2"]]),
        # month-only joins the first day; a second, different day then needs its own cluster
        ([mention(1, "2023-09", None), mention(2, "2023-09-05", None), mention(3, "2023-09-20", None)],
         [["e1", "e2"], ["e3"]]),
    ],
)
def test_store_dedup_rules(mentions: list[Mention], expected: list[list[str]]) -> None:
    assert groups(mentions) == expected


def test_store_dedup_fits_checks_each_rule() -> None:
    cluster = Cluster(seed=mention(1, "2023-09-05", "2023-09-06"))
    cluster.add(cluster.seed)
    assert fits(cluster, mention(2, "2023-09-05", "2023-09-30"))
    assert fits(cluster, mention(2, "2023-09", None))
    assert not fits(cluster, mention(2, "2023-09-06", None))
    assert not fits(cluster, mention(2, "2023-09-05", None, "CHE"))
    assert fits(cluster, mention(2, None, "2023-09-12"))
    assert not fits(cluster, mention(2, None, "2023-09-13"))
    assert not fits(cluster, mention(2, None, None))
    assert mention(3, "2023-02-30", None).date is None  # malformed dates count as unknown


def test_store_dedup_order_independent_and_scales() -> None:
    rnd = random.Random(7)
    mentions = [mention(i, rnd.choice([None, f"2023-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}", "2023-05"]),
                        f"2023-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}", rnd.choice([None, "RUS", "CHE"]),
                        source=rnd.choice(["CHNGOV", "USAGOV"]), cameo=rnd.choice(["042", "111"]))
                for i in range(20_000)]
    once = {c.cluster_id: sorted(m.event_id for m in c.members) for c in cluster_mentions(mentions)}
    rnd.shuffle(mentions)
    again = {c.cluster_id: sorted(m.event_id for m in c.members) for c in cluster_mentions(mentions)}
    assert once == again
    assert sum(len(v) for v in once.values()) == len(mentions)


# --- events whose actors do not resolve (the actors filter) -----------------------------------------------------


def _side(code: str | None, text: str, start: int) -> dict[str, Any]:
    return {"code": code, "text": text, "start": start, "end": start + len(text), "name": None}


def unresolved_variants() -> dict[str, dict[str, Any]]:
    """label -> an event dict of one article, in every actor shape the coder may emit."""
    base = code(*CORPUS["condemn"][:2])[0]  # EGY → ISR
    generic, unnamed = _side("---CVL", "مدنيون", 0), _side(None, "مسلحون", 0)
    shapes = {
        "dyad": (base["source"], base["target"]),
        "no_target": (base["source"], None),
        "no_source": (None, base["target"]),
        "generic_pair": (generic, base["target"]),  # a role-only code is a coded actor
        "generic_alone": (generic, None),
        "unnamed_span": (unnamed, None),  # a span the coder could not code: not an actor
        "empty_code": (_side("", "جهة", 0), None),
        "neither": (None, None),
    }
    return {label: {**base, "event_id": f"{base['event_id'][:12]}{i:08d}", "source": s, "target": t}
            for i, (label, (s, t)) in enumerate(shapes.items())}


ACTORS_EXPECTED = {
    "any": {"dyad", "no_target", "no_source", "generic_pair", "generic_alone", "unnamed_span", "empty_code",
            "neither"},
    "one": {"dyad", "no_target", "no_source", "generic_pair", "generic_alone"},
    "both": {"dyad", "generic_pair"},
}


@pytest.fixture
def unresolved(store: Store) -> dict[str, dict[str, Any]]:
    variants = unresolved_variants()
    store.save_article(record(*CORPUS["condemn"]), list(variants.values()), "v1")
    return variants


@pytest.mark.parametrize("actors", ["any", "one", "both"])
def test_store_events_actors_filter(store: Store, unresolved: dict[str, dict[str, Any]], actors: str) -> None:
    got = labels(store.events(actors=actors), unresolved)
    assert got == ACTORS_EXPECTED[actors]
    # the SQL and the Python rule (khabar.filter_events) agree on the same events
    assert labels(khabar.filter_events(list(unresolved.values()), actors), unresolved) == got


def test_store_events_actors_default_and_combined(store: Store, unresolved: dict[str, dict[str, Any]]) -> None:
    assert labels(store.events(), unresolved) == ACTORS_EXPECTED["any"]
    assert labels(store.events(actors=None), unresolved) == ACTORS_EXPECTED["any"]
    assert labels(store.events(target="ISR", actors="one"), unresolved) == {"dyad", "no_source", "generic_pair"}
    assert labels(store.events(actor="---", actors="both"), unresolved) == {"generic_pair"}
    with pytest.raises(ValueError, match="actors must be one of any, one, both"):
        store.events(actors="dyadic")
    with pytest.raises(ValueError, match="actors must be one of"):
        store.events(actors="x' OR '1'='1")


def test_store_unresolved_actors_round_trip(store: Store, unresolved: dict[str, dict[str, Any]]) -> None:
    by_id = {e["event_id"]: strip(e) for e in store.events()}
    assert by_id == {e["event_id"]: e for e in unresolved.values()}  # None stays None, '' stays '', no "None"
    none = by_id[unresolved["neither"]["event_id"]]
    assert none["source"] is None and none["target"] is None
    assert by_id[unresolved["unnamed_span"]["event_id"]]["source"]["code"] is None


def test_store_aggregates_ignore_unresolved_actors(store: Store, unresolved: dict[str, dict[str, Any]]) -> None:
    codes = {a["code"]: (a["events_as_source"], a["events_as_target"]) for a in store.actors(limit=50)}
    assert codes == {"EGY": (2, 0), "ISR": (0, 3), "---CVL": (2, 0)}  # no None, no '' actor
    assert [(e["source"], e["target"], e["events"]) for e in store.network()] == [
        ("---CVL", "ISR", 1), ("EGY", "ISR", 1)]
    assert [p["events"] for p in store.dyad("EGY", "ISR")] == [1]
    assert [p["events"] for p in store.dyad("", "")] == [2]  # empty prefixes: only the two events naming both


def test_store_clusters_with_unresolved_actors(store: Store, unresolved: dict[str, dict[str, Any]]) -> None:
    assert store.recluster() >= 5
    clusters = store.clusters()
    assert all(c["source"] not in ("", "None") and c["target"] not in ("", "None") for c in clusters)
    assert sorted(i for c in clusters for i in c["event_ids"]) == sorted(e["event_id"] for e in unresolved.values())
    neither = next(c for c in clusters if unresolved["neither"]["event_id"] in c["event_ids"])
    assert neither["source"] is None and neither["target"] is None
    both = store.clusters(actors="both")
    assert {(c["source"], c["target"]) for c in both} == {("EGY", "ISR"), ("---CVL", "ISR")}
    assert all(c["source"] or c["target"] for c in store.clusters(actors="one"))
    assert len(store.clusters(actors="one")) < len(clusters)


# --- clusters of events without anchored actors (no actor, or only role-only codes) ------------------------------

MOSUL = Place("Mosul", "IRQ", 36.335, 43.1189, 99072)
KIRKUK = Place("Kirkuk", "IRQ", 35.4681, 44.3922, 94787)


def bombing(text: str, n: int, date_: str | None, place: Place | None, source: str | None = None,
            target: str | None = None, cameo: str = "183") -> Event:
    """An event built directly (no coder): ``text`` is the one-sentence article, the trigger its first word."""
    trigger = text.split()[0]

    def side(code_: str | None) -> ActorRef | None:
        return ActorRef(Actor(code_), "جهة", 0, 3) if code_ is not None else None

    return Event(event_id=f"{article_id_for(text)[:12]}{n:08d}", article_id=article_id_for(text), language="ar",
                 sentence=Sentence(0, 0, len(text), text), trigger_text=trigger, trigger_start=0,
                 trigger_end=len(trigger), source=side(source), target=side(target), cameo=cameo, goldstein=-10.0,
                 quad_class=4, plover_type="ASSAULT", plover_mode="bombing", modality="asserted", attribution=None,
                 date=date_, place=place, rules=("test:constructed",), confidence=0.9)


def save_events(store: Store, text: str, published: str, outlet: str, *events: Event) -> list[str]:
    store.save_article(record(text, published, outlet), [e.to_dict() for e in events], "v1")
    return [e.event_id for e in events]


def cluster_sets(store: Store) -> list[list[str]]:
    return sorted(sorted(c["event_ids"]) for c in store.clusters())


def test_store_clusters_actorless_bombings(store: Store) -> None:
    """Actor-less bombings merge only on positive evidence (same place and day, same article); dyads as before."""
    mosul = "انفجرت سيارة مفخخة في سوق شعبي بمدينة الموصل صباح الثلاثاء."
    kirkuk = "انفجرت عبوة ناسفة قرب نقطة تفتيش في كركوك ظهر الثلاثاء."
    mosul_again = "هز انفجار سيارة مفخخة سوقا في الموصل أمس بحسب مصادر أمنية."
    mosul_undated = "ارتفعت حصيلة انفجار السوق في الموصل إلى اثني عشر قتيلا."
    nowhere = "دوى انفجار عنيف لم تعرف أسبابه بعد."
    nowhere_too = "سمع دوي انفجار في ساعة متأخرة من الليل."
    two_sentences = "انفجرت عبوة على طريق سريع. وأدى الانفجار إلى إغلاق الطريق لساعات."
    dyad_one, dyad_two = "قصف الجيش الإسرائيلي مواقع في غزة.", "شنت إسرائيل غارات على قطاع غزة."
    with store.transaction():
        a = save_events(store, mosul, "2024-03-05", "ina", bombing(mosul, 1, "2024-03-05", MOSUL))
        b = save_events(store, kirkuk, "2024-03-05", "ina", bombing(kirkuk, 1, "2024-03-05", KIRKUK))
        c = save_events(store, mosul_again, "2024-03-06", "shafaq", bombing(mosul_again, 1, "2024-03-05", MOSUL))
        d = save_events(store, mosul_undated, "2024-03-06", "rudaw", bombing(mosul_undated, 1, None, MOSUL))
        e = save_events(store, nowhere, "2024-03-05", "ahram", bombing(nowhere, 1, "2024-03-05", None))
        f = save_events(store, nowhere_too, "2024-03-05", "sana", bombing(nowhere_too, 1, "2024-03-05", None))
        g = save_events(store, two_sentences, "2024-03-07", "nna", bombing(two_sentences, 1, None, None),
                        bombing(two_sentences, 2, None, None))
        strike = {"source": "ISRMIL", "target": "PSE", "cameo": "190"}
        h = save_events(store, dyad_one, "2024-03-05", "ahram", bombing(dyad_one, 1, None, None, **strike))
        i = save_events(store, dyad_two, "2024-03-06", "sana", bombing(dyad_two, 1, None, None, **strike))
    assert store.recluster() == 6
    assert cluster_sets(store) == sorted(sorted(ids) for ids in (a + c + d, b, e, f, g, h + i))
    (same,) = [c_ for c_ in store.clusters() if len(c_["event_ids"]) == 3]
    assert (same["source"], same["target"], same["date"], same["place_country"]) == (None, None, "2024-03-05", "IRQ")
    assert (same["num_mentions"], same["num_sources"], same["num_articles"]) == (3, 3, 3)


def test_store_clusters_role_only_actors_need_evidence(store: Store) -> None:
    """``---CVL``/``---UAF`` are coded but name no one in particular: the same evidence rule applies."""
    one = "قتل مسلحون مجهولون ثلاثة مدنيين في هجوم على قرية شمال كركوك."
    two = "أفادت الشرطة بمقتل ثلاثة مدنيين برصاص مسلحين قرب كركوك."
    three = "قتل مسلحون مدنيين اثنين في هجوم ليلي."
    four = "هاجم مسلحون مدنيين على طريق زراعي."
    with store.transaction():
        k = {"source": "---UAF", "target": "---CVL", "cameo": "180"}
        a = save_events(store, one, "2024-04-10", "ina", bombing(one, 1, "2024-04-10", KIRKUK, **k))
        b = save_events(store, two, "2024-04-10", "rudaw", bombing(two, 1, None, KIRKUK, **k))  # undated, same city
        c = save_events(store, three, "2024-04-10", "ahram", bombing(three, 1, "2024-04-10", None, **k))  # nowhere
        d = save_events(store, four, "2024-04-11", "sana", bombing(four, 1, None, None, **k))
    assert store.recluster() == 3
    assert cluster_sets(store) == sorted([sorted(a + b), c, d])


def umention(i: int, date_: str | None, published: str | None, country: str | None = None,
             place: Place | None = None, article: str | None = None, **kw: Any) -> Mention:
    """A mention of an actor-less bombing (override source/target/cameo with keywords)."""
    fields = {"source": None, "target": None, "cameo": "183", "modality": "asserted", "outlet": f"o{i}"} | kw
    return Mention(event_id=f"e{i}", article_id=article or f"a{i}", date=date_,
                   country=place.country if place else country,
                   published=date.fromisoformat(published) if published else None,
                   place_name=place.name if place else None, geonames_id=place.geonames_id if place else None,
                   **fields)


NAMED = Place("بغداد", "IRQ", 33.3, 44.4)  # a place the coder knows only by name (no geonames id)


@pytest.mark.parametrize(
    ("mentions", "expected"),
    [
        # no actor, nothing known but the day: two happenings (merged before this rule)
        ([umention(1, "2024-03-05", "2024-03-05"), umention(2, "2024-03-05", "2024-03-05")], [["e1"], ["e2"]]),
        ([umention(1, None, "2024-03-05"), umention(2, None, "2024-03-05")], [["e1"], ["e2"]]),
        # different cities, same day, same country: two
        ([umention(1, "2024-03-05", None, place=MOSUL), umention(2, "2024-03-05", None, place=KIRKUK)],
         [["e1"], ["e2"]]),
        # same city and day: one; the next morning's undated report of it too; a day later than that is not
        ([umention(1, "2024-03-05", None, place=MOSUL), umention(2, "2024-03-05", None, place=MOSUL)], [["e1", "e2"]]),
        ([umention(1, "2024-03-05", None, place=MOSUL), umention(2, None, "2024-03-06", place=MOSUL)], [["e1", "e2"]]),
        ([umention(1, "2024-03-05", None, place=MOSUL), umention(2, None, "2024-03-07", place=MOSUL)],
         [["e1"], ["e2"]]),
        # undated reports a day apart each: no chain across three days
        ([umention(1, None, "2024-03-05", place=MOSUL), umention(2, None, "2024-03-06", place=MOSUL),
          umention(3, None, "2024-03-07", place=MOSUL)], [["e1", "e2"], ["e3"]]),
        # same city, but event days that differ, or a month only: not shown to be one happening
        ([umention(1, "2024-03-05", None, place=MOSUL), umention(2, "2024-03-06", None, place=MOSUL)],
         [["e1"], ["e2"]]),
        ([umention(1, "2024-03", None, place=MOSUL), umention(2, "2024-03-05", None, place=MOSUL)], [["e1"], ["e2"]]),
        # a place known by name only counts by its name
        ([umention(1, "2024-03-05", None, place=NAMED), umention(2, "2024-03-05", None, place=NAMED)],
         [["e1", "e2"]]),
        ([umention(1, "2024-03-05", None, place=NAMED), umention(2, "2024-03-05", None, place=MOSUL)],
         [["e1"], ["e2"]]),
        # an id on one side only: the names decide, and the cluster then knows the id
        ([umention(1, "2024-03-05", None, place=Place("Mosul", "IRQ", None, None)),
          umention(2, "2024-03-05", None, place=MOSUL),
          umention(3, "2024-03-05", None, place=Place("Mosul", "IRQ", None, None, 1)),
          umention(4, "2024-03-05", None, place=Place(" mosul", "IRQ", None, None))], [["e1", "e2", "e4"], ["e3"]]),
        # same country and the same exact day: one; the country with only an article date: two
        ([umention(1, "2024-03-05", None, "IRQ"), umention(2, "2024-03-05", None, "IRQ")], [["e1", "e2"]]),
        ([umention(1, "2024-03-05", None, place=MOSUL), umention(2, "2024-03-05", None, "IRQ")], [["e1", "e2"]]),
        ([umention(1, "2024-03-05", None, "IRQ"), umention(2, None, "2024-03-05", "IRQ")], [["e1"], ["e2"]]),
        # the same article: one, unless it names two places
        ([umention(1, None, "2024-03-05", article="a"), umention(2, None, "2024-03-05", article="a")],
         [["e1", "e2"]]),
        ([umention(1, None, None, article="a"), umention(2, None, None, article="a")], [["e1", "e2"]]),
        ([umention(1, None, None), umention(2, None, None)], [["e1"], ["e2"]]),
        ([umention(1, "2024-03-05", None, place=MOSUL, article="a"), umention(2, None, None, article="a")],
         [["e1"], ["e2"]]),  # same article but one dated, one knowing nothing: the date rules still apply
        ([umention(1, "2024-03-05", None, place=MOSUL, article="a"), umention(2, "2024-03-05", None, article="a"),
          umention(3, "2024-03-05", None, place=KIRKUK, article="a")], [["e1", "e2"], ["e3"]]),
        # a role-only side, or one missing side next to a state, is not anchored either
        ([umention(1, "2024-03-05", None, source="---UAF", target="---CVL"),
          umention(2, "2024-03-05", None, source="---UAF", target="---CVL")], [["e1"], ["e2"]]),
        ([umention(1, "2024-03-05", None, source="ISRMIL", target="---CVL"),
          umention(2, "2024-03-05", None, source="ISRMIL", target="---CVL")], [["e1"], ["e2"]]),
        ([umention(1, "2024-03-05", None, source="ISRMIL", target=""),
          umention(2, "2024-03-05", None, source="ISRMIL", target=None)], [["e1"], ["e2"]]),
        ([umention(1, "2024-03-05", None, source="ISRMIL", target="---CVL", place=MOSUL),
          umention(2, None, "2024-03-05", source="ISRMIL", target="---CVL", place=MOSUL)], [["e1", "e2"]]),
        # both sides anchored: unchanged (no place, no shared article, still one event)
        ([umention(1, "2024-03-05", None, source="ISRMIL", target="PSE"),
          umention(2, "2024-03-05", None, source="ISRMIL", target="PSE")], [["e1", "e2"]]),
        ([umention(1, "2024-03-05", None, source="ISRMIL", target="PSE", place=MOSUL),
          umention(2, "2024-03-05", None, source="ISRMIL", target="PSE", place=KIRKUK)], [["e1", "e2"]]),
        # anchored and unanchored tellings never share a hard key
        ([umention(1, "2024-03-05", None, place=MOSUL, article="a"),
          umention(2, "2024-03-05", None, source="ISRMIL", target="PSE", place=MOSUL, article="a")],
         [["e1"], ["e2"]]),
    ],
)
def test_store_dedup_unanchored_rules(mentions: list[Mention], expected: list[list[str]]) -> None:
    assert groups(mentions) == expected
    assert groups(mentions[::-1]) == expected


def test_store_dedup_anchored_predicate() -> None:
    assert [anchored(c) for c in ("RUS", "ISRMIL", "IGOUNO", "---CVL", "---UAF", "---", "", None)] == [
        True, True, True, False, False, False, False, False]
    assert umention(1, None, None, source="USA", target="RUS").anchored
    assert not umention(1, None, None, source="USA", target=None).anchored


def test_store_dedup_unanchored_order_independent() -> None:
    """Deterministic, every mention placed once, no cluster with two places, and the indexed first fit used for
    unanchored groups gives exactly the clusters of the plain first fit over all open clusters."""
    rnd = random.Random(11)
    places = [None, MOSUL, KIRKUK, NAMED, Place("Mosul", "IRQ", None, None), Place("Mosul", "IRQ", None, None, 7)]
    mentions = [umention(i, rnd.choice([None, f"2024-03-{rnd.randint(1, 20):02d}", "2024-03"]),
                         f"2024-03-{rnd.randint(1, 20):02d}", rnd.choice([None, "IRQ"]), rnd.choice(places),
                         article=f"a{rnd.randint(0, 300)}", source=rnd.choice([None, "---UAF", "IRQMIL"]))
                for i in range(3_000)]
    once = groups(mentions)
    rnd.shuffle(mentions)
    assert groups(mentions) == once
    assert sum(len(g) for g in once) == len(mentions)
    for c in cluster_mentions(mentions):  # no cluster names two places
        known = [m.place for m in c.members if m.place is not None]
        assert all(same_place(p, q) for p in known for q in known)
    for source in (None, "---UAF", "IRQMIL"):
        group = sorted((m for m in mentions if m.source == source), key=lambda m: (_earliest(m), m.event_id))
        plain = sorted(sorted(m.event_id for m in c.members) for c in _greedy(group))
        assert plain == sorted(sorted(m.event_id for m in c.members) for c in _greedy_indexed(group))


def test_store_read_only_reads_refuses_writes_and_never_creates(target: str):
    """open_store(read_only=True): an empty database is an error naming it (password hidden), not a new store; a
    store made for writing reads back the same; writes are refused by the database."""
    import khabar.errors

    with pytest.raises(khabar.errors.KhabarError) as empty:
        open_store(target, read_only=True)
    assert empty.value.code == "E601" and ("does not exist" in str(empty.value) or "not a khabar store" in
                                           str(empty.value))
    assert ":khabar@" not in str(empty.value)  # the test database's password never shows
    with open_store(target) as writer:
        text = "قصفت القوات الروسية مواقع في أوكرانيا أمس."
        writer.save_article(record(text, "2023-05-02"), code(text, "2023-05-02"), "v1")
        expected = writer.events()
    with open_store(target, read_only=True) as reader:
        assert reader.read_only and reader.events() == expected
        with pytest.raises(Exception):  # noqa: B017 - DuckDB and psycopg raise their own read-only errors
            reader.save_article(record("نص آخر", "2023-05-03"), [], "v1")
            reader.events()  # the save is buffered: a read writes it
