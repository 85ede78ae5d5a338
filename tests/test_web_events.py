"""The events page's totals and facets, links between events and their articles, ids containing ``/`` (and other
URL characters) in pages and API, and bounded integer parameters."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from test_store import target  # noqa: F401  (fixture: a fresh DuckDB file or PostgreSQL schema)
from test_web import build_store

from khabar.web.app import create_app

SLASH_ID = "wire/2024/03/strike 7?x#y"
SLASH_TEXT = ("قصفت الطائرات الإسرائيلية مواقع في جنوب لبنان يوم الثلاثاء، وقال الجيش اللبناني إن القصف أصاب "
              "منازل مدنيين. واستقبل رئيس الوزراء اللبناني في بيروت السفير الفرنسي.")


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory):
    directory = tmp_path_factory.mktemp("events")
    corpus = directory / "corpus"
    corpus.mkdir()
    record = {"id": SLASH_ID, "title": "غارات على جنوب لبنان", "date": "2024-03-12", "text": SLASH_TEXT,
              "source": "wire"}
    (corpus / "slash.jsonl").write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    db = build_store(directory, n=30, seed=11)
    from khabar.ingest import ingest
    from khabar.store import open_store

    with open_store(str(db)) as store:
        assert not ingest([corpus], store).failed
    with TestClient(create_app(str(db))) as c:
        yield c


def _all_events(c: TestClient, **params: str) -> list[dict]:
    data = c.get("/api/events", params={"limit": 1000, **params}).json()
    assert data["next_offset"] is None
    return data["events"]


def test_facet_counts_add_up_to_the_total(client: TestClient) -> None:
    events = _all_events(client)
    facets = client.get("/api/facets", params={"top": 100}).json()
    assert facets["total"] == len(events)
    for name, key in (("modality", "modality"), ("root", "cameo"), ("language", "language")):
        assert sum(n for _, n in facets[name]) == len(events), name
        expected: dict[str, int] = {}
        for e in events:
            value = e[key][:2] if key == "cameo" else e[key]
            expected[value] = expected.get(value, 0) + 1
        assert dict(facets[name]) == expected, name
    code, n = facets["actor"][0]
    assert n == sum(1 for e in events if code in {(e["source"] or {}).get("code"), (e["target"] or {}).get("code")})


def test_facets_follow_the_filters(client: TestClient) -> None:
    facets = client.get("/api/facets", params={"root": "04", "top": 100}).json()
    rows = _all_events(client, root="04")
    assert facets["total"] == len(rows) > 0 and dict(facets["root"]) == {"04": len(rows)}
    assert client.get("/api/facets", params={"root": "zz"}).status_code == 422


def test_events_page_shows_totals_and_facet_links(client: TestClient) -> None:
    total = len(_all_events(client))
    page = client.get("/events", params={"size": 25, "lang": "en"})
    assert page.status_code == 200
    assert re.search(r'id="total-count">(\d+)<', page.text).group(1) == str(total)
    for name in ("root", "modality", "actor", "language"):
        assert f'id="facet-{name}"' in page.text
    link, value = re.search(r'<a href="([^"]+)" data-facet="root" data-value="(\d+)"', page.text).groups()
    count = dict(client.get("/api/facets", params={"top": 100}).json()["root"])[value]
    narrowed = client.get(unescape(link))
    assert re.search(r'id="total-count">(\d+)<', narrowed.text).group(1) == str(count)
    assert narrowed.text.count('class="event-row"') == min(count, 25)
    actor = re.search(r'data-facet="actor" data-value="([A-Z-]+)"', page.text).group(1)
    assert actor in {(e["source"] or {}).get("code") for e in _all_events(client)} | {
        (e["target"] or {}).get("code") for e in _all_events(client)}


def test_every_event_links_to_its_card_and_back(client: TestClient) -> None:
    page = client.get("/events", params={"size": 50}).text
    links = re.findall(r'class="to-article" href="([^"#]+)#(ev-[^"]+)"', page)
    assert len(links) == page.count('class="event-row"') == 50
    path, anchor = links[0]
    article = client.get(unescape(path))
    assert article.status_code == 200 and f'id="{anchor}"' in article.text
    back = re.search(r'class="in-table" href="([^"]+)"', article.text).group(1)
    table = client.get(unescape(back))
    cards = article.text.count('class="card"')
    assert re.search(r'id="total-count">(\d+)<', table.text).group(1) == str(cards)
    assert table.text.count('class="event-row"') == cards


def test_ids_with_slashes_are_reachable(client: TestClient) -> None:
    encoded = quote(SLASH_ID, safe="/")
    assert encoded == "wire/2024/03/strike%207%3Fx%23y"
    page = client.get(f"/article/{encoded}", params={"lang": "ar"})
    assert page.status_code == 200 and "جنوب لبنان" in page.text
    toggle = unescape(re.search(r'id="lang-toggle" href="([^"]+)"', page.text).group(1))
    assert toggle == f"/article/{encoded}?lang=en"  # the language switch keeps the encoded id
    api = client.get(f"/api/articles/{encoded}")
    assert api.status_code == 200 and api.json()["article_id"] == SLASH_ID
    brief = client.get(f"/api/articles/{encoded}/brief", params={"language": "en"})
    assert brief.status_code == 200 and brief.json()["article_id"] == SLASH_ID
    events = _all_events(client, article_id=SLASH_ID)
    assert events and {e["article_id"] for e in events} == {SLASH_ID}
    table = client.get("/events", params={"article_id": SLASH_ID}).text
    assert f'href="/article/{encoded}#ev-' in table  # the link from the table is encoded, "/" kept
    cluster = client.get(f"/cluster/{quote(events[0]['cluster_id'], safe='/')}")
    assert cluster.status_code == 200 and f'href="/article/{encoded}#ev-{events[0]["event_id"]}"' in cluster.text
    assert client.get(f"/article/{quote('wire/2024/03/missing', safe='/')}").status_code == 404
    assert client.get("/api/articles/wire/2024/03/missing").status_code == 404


@pytest.mark.parametrize(("params", "status"), [
    ({"offset": "99999999999999999999"}, 422), ({"offset": str(2**63)}, 422), ({"offset": "10000001"}, 422),
    ({"limit": "99999999999999999999"}, 422), ({"offset": "10000000"}, 200), ({"offset": "3"}, 200),
])
def test_integer_parameters_are_bounded(client: TestClient, params: dict, status: int) -> None:
    assert client.get("/api/events", params=params).status_code == status


@pytest.mark.parametrize(("path", "params"), [
    ("/events", {"page": "99999999999999999999"}), ("/events", {"size": "99999999999999999999"}),
    ("/network", {"max_edges": "99999999999999999999"}), ("/api/network", {"max_edges": "-1"}),
    ("/api/actors", {"limit": "99999999999999999999"}), ("/api/facets", {"top": "99999999999999999999"}),
])
def test_page_integers_are_bounded(client: TestClient, path: str, params: dict) -> None:
    assert client.get(path, params=params).status_code == 422
    assert client.get(path).status_code == 200


def test_facets_on_both_backends(target: str, tmp_path: Path) -> None:  # noqa: F811 (the fixture)
    """The facet SQL runs the same on DuckDB and PostgreSQL, and the events page shows its total."""
    from khabar.corpus import write_corpus
    from khabar.ingest import ingest
    from khabar.store import open_store
    from khabar.store.facets import store_facets

    write_corpus(tmp_path / "corpus", 8, seed=21)
    with open_store(target) as store:
        assert not ingest([tmp_path / "corpus"], store).failed
        events = store.events()
        facets = store_facets(store, {"actors": "both"}, top=100)
        dyadic = [e for e in events if e["source"] and e["target"]]
        assert facets["total"] == len(dyadic) > 0
        assert dict(facets["modality"]) == {m: sum(1 for e in dyadic if e["modality"] == m)
                                            for m in {e["modality"] for e in dyadic}}
        assert store_facets(store, {"root": "99"})["total"] == 0
    with TestClient(create_app(target)) as c:
        page = c.get("/events", params={"actors": "both"})
        assert re.search(r'id="total-count">(\d+)<', page.text).group(1) == str(len(dyadic))


def test_the_language_facet_links_to_the_events_read_in_that_language(client: TestClient) -> None:
    facets = dict(client.get("/api/facets", params={"top": 100}).json()["language"])
    page = client.get("/events", params={"size": 25, "lang": "en"})
    link, value = re.search(r'<a href="([^"]+)" data-facet="language" data-value="([a-z]+)"', page.text).groups()
    narrowed = client.get(unescape(link))
    assert re.search(r'id="total-count">(\d+)<', narrowed.text).group(1) == str(facets[value])
    rows = _all_events(client, language=value)
    assert len(rows) == facets[value] and all(e["language"] == value for e in rows)
    assert client.get("/api/events", params={"language": "A1"}).status_code == 422
