"""The web interface (khabar.web) through FastAPI's TestClient: pages, JSON API, downloads, input validation and
safety against hostile article text."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

fastapi = pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

from khabar.web.app import create_app  # noqa: E402

XSS_ID = "xss-article"
XSS_TITLE = '<script>alert("title")</script> عنوان " onmouseover="x'
XSS_TEXT = ('<script>alert(1)</script><script>window.__xss=1</script> قال مسؤول أمريكي إن الرئيس الروسي فلاديمير '
            'بوتين قد يزور الصين الشهر المقبل. <img src=x onerror="window.__xss=1;alert(1)"> أدانت إيران " '
            'onmouseover="window.__xss=1" الهجوم الإسرائيلي على سوريا يوم الأحد. '
            '\u202eالتقى وزير الخارجية المصري نظيره الأردني في عمان.')


def build_store(directory: Path, n: int = 40, seed: int = 3) -> Path:
    """A DuckDB store with a generated corpus plus the hostile article; returns its path."""
    from khabar.corpus import write_corpus
    from khabar.ingest import ingest
    from khabar.store import open_store

    corpus = directory / "corpus"
    write_corpus(corpus, n, seed=seed)
    record = {"id": XSS_ID, "title": XSS_TITLE, "date": "2023-09-05", "text": XSS_TEXT, "source": "<b>outlet</b>",
              "url": "javascript:alert(1)"}
    (corpus / "crafted.jsonl").write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    db = directory / "web.duckdb"
    store = open_store(str(db))
    try:
        summary = ingest([corpus], store)
        assert not summary.failed, summary.failed
    finally:
        store.close()
    return db


@pytest.fixture(scope="module")
def db_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("web"))


@pytest.fixture(scope="module")
def client(db_path: Path):
    with TestClient(create_app(str(db_path))) as c:
        yield c


@pytest.fixture(scope="module")
def sample(client: TestClient) -> dict:
    """An event of the generated corpus that has both a source and a target."""
    events = client.get("/api/events", params={"limit": 200}).json()["events"]
    return next(e for e in events if e["source"] and e["target"] and e["article_id"] != XSS_ID)


# ---------------------------------------------------------------------------------------------------- pages


def test_home_page(client: TestClient) -> None:
    r = client.get("/")
    assert r.status_code == 200
    assert 'dir="rtl"' in r.text and "/events" in r.text and "/static/khabar.css" in r.text


def test_article_page_highlights_cards_and_brief(client: TestClient, sample: dict) -> None:
    r = client.get(f"/article/{sample['article_id']}")
    assert r.status_code == 200
    html = r.text
    assert 'id="article-text"' in html and 'dir="rtl"' in html
    assert 'class="hl hl-trigger"' in html and 'class="hl hl-actor"' in html
    assert html.count('class="card"') >= 1
    assert sample["cameo"] in html and sample["source"]["code"] in html and sample["target"]["code"] in html
    assert 'data-rule="' in html and "yaml#" in html  # the rule/lexicon entry that fired
    assert 'class="evidence" href="#' in html  # each card links to its evidence span
    assert 'id="tab-brief"' in html and "Coded events" in html  # English brief next to the Arabic one
    assert "الأحداث المرمزة" in html


def test_article_not_found(client: TestClient) -> None:
    assert client.get("/article/nope").status_code == 404
    assert client.get("/api/articles/nope").status_code == 404


def test_language_toggle(client: TestClient, sample: dict) -> None:
    en = client.get("/events", params={"lang": "en"})
    assert en.status_code == 200 and 'lang="en" dir="ltr"' in en.text and "Asserted only" in en.text
    assert en.cookies.get("lang") == "en"
    ar = client.get("/events", params={"lang": "ar"})
    assert 'lang="ar" dir="rtl"' in ar.text and "المؤكدة فقط" in ar.text


def test_events_page_filters_and_paginates(client: TestClient, sample: dict) -> None:
    all_rows = client.get("/events", params={"size": 25})
    assert all_rows.status_code == 200
    assert all_rows.text.count('class="event-row"') == 25 and 'id="next-page"' in all_rows.text
    code = sample["source"]["code"]
    filtered = client.get("/events", params={"actor": code, "size": 200})
    n = filtered.text.count('class="event-row"')
    assert 0 < n < 200
    api = client.get("/api/events", params={"actor": code, "limit": 1000}).json()
    assert n == api["count"]
    page2 = client.get("/events", params={"size": 25, "page": 2})
    assert page2.status_code == 200 and 'rel="prev"' in page2.text


def test_events_page_sorting(client: TestClient) -> None:
    r = client.get("/api/events", params={"sort": "goldstein", "order": "desc", "limit": 50}).json()["events"]
    scores = [e["goldstein"] for e in r]
    assert scores == sorted(scores, reverse=True)
    assert client.get("/events", params={"sort": "goldstein", "order": "desc"}).status_code == 200
    assert client.get("/events", params={"sort": "evil"}).status_code == 422


def test_asserted_only_toggle(client: TestClient) -> None:
    rows = client.get("/api/events", params={"asserted_only": "true", "limit": 1000}).json()["events"]
    assert rows and {e["modality"] for e in rows} == {"asserted"}
    page = client.get("/events", params={"asserted_only": "true", "size": 200})
    assert "mod-possible" not in page.text.split('id="events-table"')[1]


def test_blank_form_fields_mean_no_filter(client: TestClient) -> None:
    blank = {k: "" for k in ("actor", "source", "target", "country", "cameo", "root", "plover", "attributed_to",
                             "since", "until", "text", "modality")}
    r = client.get("/events", params={**blank, "size": 25})
    assert r.status_code == 200 and r.text.count('class="event-row"') == 25


def test_csv_and_jsonl_downloads(client: TestClient, sample: dict) -> None:
    code = sample["source"]["code"]
    expected = client.get("/api/events", params={"actor": code, "limit": 1000}).json()["count"]
    r = client.get("/events.csv", params={"actor": code})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert len(rows) == expected
    j = client.get("/events.jsonl", params={"actor": code})
    lines = [json.loads(line) for line in j.text.splitlines() if line]
    assert len(lines) == expected and all(code in (e["source"]["code"], e["target"]["code"]) or
                                          e["source"]["code"].startswith(code) or e["target"]["code"].startswith(code)
                                          for e in lines)


def _json_script(html: str, element_id: str) -> dict:
    return json.loads(re.search(rf'<script type="application/json" id="{element_id}">(.*?)</script>', html, re.S)
                      .group(1))


def test_dyad_page_chart_and_period_events(client: TestClient, sample: dict) -> None:
    a, b = sample["source"]["code"][:3], sample["target"]["code"][:3]
    r = client.get("/dyad", params={"a": a, "b": b, "by": "month"})
    assert r.status_code == 200
    assert 'id="dyad-chart"' in r.text and "/static/vendor/uplot/uPlot.iife.min.js" in r.text
    series = _json_script(r.text, "dyad-data")
    api = client.get("/api/dyad", params={"a": a, "b": b}).json()
    dated = [p for p in api["periods"] if p["period"]]
    assert series["x"] == sorted(series["x"]) and len(series["x"]) >= len(dated)  # a time axis: gaps are periods
    assert sum(series["events"]) == sum(p["events"] for p in dated)
    assert {p["period"] for p in dated} <= set(series["periods"])
    period = re.search(r'href="/dyad\?[^"]*period=([0-9-]+)', r.text).group(1)
    detail = client.get("/dyad", params={"a": a, "b": b, "by": "month", "period": period})
    assert 'id="period-events"' in detail.text and detail.text.count("<li>") >= 1
    assert api["periods"] and {"period", "events", "goldstein_sum", "by_modality"} <= set(api["periods"][0])
    assert client.get("/dyad").status_code == 200  # the empty form
    week = client.get("/dyad", params={"a": a, "b": b, "by": "week"})
    assert week.status_code == 200 and all("-W" in p for p in _json_script(week.text, "dyad-data")["periods"])


def test_network_page_and_api(client: TestClient) -> None:
    r = client.get("/network")
    assert r.status_code == 200 and 'id="network"' in r.text and 'id="network-data"' in r.text
    assert "/static/vendor/cytoscape/cytoscape.min.js" in r.text and 'id="min-weight"' in r.text
    data = client.get("/api/network").json()
    assert data["nodes"] and data["edges"]
    assert {"source", "target", "events", "goldstein_mean"} <= set(data["edges"][0])
    root = client.get("/api/network", params={"root": "04", "level": "actor"}).json()
    assert len(root["edges"]) <= len(client.get("/api/network", params={"level": "actor"}).json()["edges"])
    assert client.get("/network", params={"since": "2020", "until": "2022-06"}).status_code == 200


def test_cluster_page_and_api(client: TestClient) -> None:
    events = client.get("/api/events", params={"limit": 1000}).json()["events"]
    counts: dict[str, int] = {}
    for e in events:
        counts[e["cluster_id"]] = counts.get(e["cluster_id"], 0) + 1
    cluster_id = max(counts, key=lambda k: counts[k])
    api = client.get(f"/api/clusters/{cluster_id}").json()
    assert api["num_mentions"] == counts[cluster_id] == len(api["events"])
    page = client.get(f"/cluster/{cluster_id}")
    assert page.status_code == 200 and page.text.count("mod-") >= counts[cluster_id]
    assert client.get("/cluster/none").status_code == 404
    assert client.get("/api/clusters/none").status_code == 404


# ---------------------------------------------------------------------------------------------------- API


def test_api_shapes(client: TestClient, sample: dict) -> None:
    events = client.get("/api/events", params={"limit": 3, "offset": 1}).json()
    assert set(events) >= {"events", "count", "limit", "offset", "next_offset"} and events["count"] == 3
    article = client.get(f"/api/articles/{sample['article_id']}").json()
    assert {"text", "events", "sentences", "mentions"} <= set(article)
    actors = client.get("/api/actors", params={"limit": 5}).json()
    assert len(actors) == 5 and {"code", "total"} <= set(actors[0])
    brief = client.get(f"/api/articles/{sample['article_id']}/brief", params={"language": "en"}).json()
    assert "Coded events" in brief["brief"]
    spec = client.get("/openapi.json").json()
    assert {"/api/events", "/api/articles/{article_id}", "/api/dyad", "/api/network", "/api/actors",
            "/api/clusters/{cluster_id}"} <= set(spec["paths"])
    docs = client.get("/docs")
    assert docs.status_code == 200 and 'id="swagger-ui"' in docs.text and 'data-spec="/openapi.json"' in docs.text
    assert not re.search(r'(src|href)="(https?:)?//', docs.text)  # no CDN: Swagger UI is served from the package
    for asset in re.findall(r'(?:src|href)="(/static/vendor/[^"]+)"', docs.text):
        assert client.get(asset).status_code == 200, asset
    assert "swagger-ui-bundle.js" in docs.text


@pytest.mark.parametrize("params", [
    {"since": "2023-02-30"}, {"until": "yesterday"}, {"since": "2023-13"}, {"limit": 5000}, {"limit": 0},
    {"offset": -1}, {"modality": "bogus"}, {"root": "abc"}, {"country": "TOOLONG"},
])
def test_api_rejects_bad_inputs(client: TestClient, params: dict) -> None:
    assert client.get("/api/events", params=params).status_code == 422


def test_bad_page_inputs(client: TestClient) -> None:
    assert client.get("/events", params={"since": "2023-02-30"}).status_code == 422
    assert client.get("/events", params={"page": 0}).status_code == 422
    assert client.get("/network", params={"until": "x"}).status_code == 422
    assert client.get("/api/dyad", params={"a": "RUS"}).status_code == 422
    assert client.get("/dyad", params={"a": "RUS", "b": "UKR", "period": "2023-99"}).status_code == 422


def test_sql_metacharacters_are_just_strings(client: TestClient, db_path: Path) -> None:
    before = client.get("/api/events", params={"limit": 1000}).json()["count"]
    evil = "x'; DROP TABLE events; --"
    r = client.get("/api/events", params={"attributed_to": evil})
    assert r.status_code == 200 and r.json()["events"] == []
    r = client.get("/api/events", params={"text": evil})
    assert r.status_code == 200 and r.json()["events"] == []
    for key in ("actor", "source", "target"):
        r = client.get("/api/events", params={key: evil})
        assert r.status_code == 200 and r.json()["events"] == []
    page = client.get("/events", params={"text": evil})
    assert page.status_code == 200 and "DROP TABLE" in page.text and 'class="event-row"' not in page.text
    assert client.get("/api/events", params={"limit": 1000}).json()["count"] == before  # table intact


# ---------------------------------------------------------------------------------------------------- safety


def test_hostile_article_is_shown_as_text(client: TestClient) -> None:
    r = client.get(f"/article/{XSS_ID}")
    assert r.status_code == 200
    html = r.text
    assert "<script>alert" not in html and "<script>window" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img" not in html and "&lt;img src=x onerror=" in html
    assert 'onmouseover="' not in html and "&#34; onmouseover=&#34;" in html
    # bidi override: never emitted raw, shown as a visible inert tag
    assert "\u202e" not in html and "[U+202E]" in html
    # the javascript: URL is not turned into a link
    assert 'href="javascript:' not in html
    # highlights still work around the hostile text
    assert 'class="hl hl-trigger"' in html
    assert "Content-Security-Policy" in r.headers or "content-security-policy" in r.headers
    # the only <script> tags are ours
    assert re.findall(r"<script[^>]*>", html) == ['<script src="/static/khabar.js" defer>']


def test_hostile_text_in_lists_and_exports(client: TestClient) -> None:
    for url in ("/", "/events?size=500", "/events?text=%D8%A8%D9%88%D8%AA%D9%8A%D9%86"):
        html = client.get(url).text
        assert "<script>alert" not in html and "\u202e" not in html
    api = client.get(f"/api/articles/{XSS_ID}").json()
    assert api["text"] == XSS_TEXT  # the API returns the data unchanged (JSON is not HTML)


# ---------------------------------------------------------------------------------------------------- ingest


def test_ingest_disabled_by_default(client: TestClient) -> None:
    assert client.get("/ingest").status_code == 404
    r = client.post("/ingest", data={"text": "قال الرئيس"})
    assert r.status_code in (403, 404)
    assert 'href="/ingest"' not in client.get("/").text


# ------------------------------------------------------------------------------ events whose actors did not resolve

STRIKE = "قصفت طائرات حربية بلدة في ريف إدلب فجر اليوم، وقتل مدنيون في غارة أخرى لم تعرف الجهة التي نفذتها."
STRIKE_SHAPES = {"both": ("SYRMIL", "---CVL"), "source": ("SYRMIL", None), "target": (None, "---CVL"),
                 "neither": (None, None)}


@pytest.fixture(scope="module")
def mixed_client(tmp_path_factory: pytest.TempPathFactory):
    """An app over a store whose one article has an event in every actor shape (built directly, not coded)."""
    from datetime import date

    from khabar.model import Actor, ActorRef, Event, Sentence
    from khabar.store import ArticleRecord, open_store

    sentence = Sentence(0, 0, len(STRIKE), STRIKE)
    events = []
    for i, (label, (s, t)) in enumerate(STRIKE_SHAPES.items()):
        events.append(Event(
            event_id=f"{i:02d}{'b' * 18}", article_id="strike", language="ar", sentence=sentence,
            trigger_text="قصفت", trigger_start=0, trigger_end=4,
            source=ActorRef(Actor(s, name="Syrian military"), "طائرات حربية", 5, 17) if s else None,
            target=ActorRef(Actor(t, name="civilians"), "مدنيون", 59, 65) if t else None, cameo="195",
            goldstein=-10.0, quad_class=4, plover_type="ASSAULT", plover_mode="aerial", modality="asserted",
            attribution=None, date="2024-03-12", place=None, rules=(f"test#{label}",), confidence=0.7).to_dict())
    mentions = [{"sentence_index": 0, "kind": "trigger", "start": 0, "end": 4, "text": "قصفت", "code": "195"},
                {"sentence_index": 0, "kind": "actor", "start": 59, "end": 65, "text": "مدنيون", "code": "---CVL"}]
    db = tmp_path_factory.mktemp("mixed") / "mixed.duckdb"
    with open_store(str(db)) as store:
        store.save_article(ArticleRecord("strike", STRIKE, title="غارة", outlet="example",
                                         published=date(2024, 3, 12)), events, "v1",
                           sentences=[{"index": 0, "start": 0, "end": len(STRIKE), "text": STRIKE}],
                           mentions=mentions)
        store.recluster()
    with TestClient(create_app(str(db))) as c:
        yield c


def _labels(events: list[dict]) -> list[str]:
    return [e["rule"].split("#")[1] for e in events]


@pytest.mark.parametrize(("actors", "expected"), [
    (None, ["both", "source", "target", "neither"]),  # default any
    ("", ["both", "source", "target", "neither"]),  # a blank form field means no filter
    ("any", ["both", "source", "target", "neither"]),
    ("one", ["both", "source", "target"]),
    ("both", ["both"]),
])
def test_api_events_actors_filter(mixed_client: TestClient, actors: str | None, expected: list[str]) -> None:
    params = {} if actors is None else {"actors": actors}
    r = mixed_client.get("/api/events", params=params)
    assert r.status_code == 200 and _labels(r.json()["events"]) == expected
    page = mixed_client.get("/events", params=params)
    assert page.status_code == 200 and page.text.count('class="event-row"') == len(expected)


def test_actors_filter_rejects_bad_values(mixed_client: TestClient) -> None:
    for path in ("/api/events", "/events", "/events.csv"):
        assert mixed_client.get(path, params={"actors": "dyadic"}).status_code == 422
    assert mixed_client.get("/api/events", params={"actors": "' OR 1=1 --"}).status_code == 422


def test_events_page_missing_actors_show_a_dash(mixed_client: TestClient) -> None:
    html = mixed_client.get("/events", params={"lang": "en"}).text
    table = html.split('id="events-table"')[1]
    assert "None" not in table and "<code>—</code>" in table and "<code>SYRMIL</code>" in table
    assert 'name="actors"' in html and "At least one (GDELT)" in html
    one = mixed_client.get("/events", params={"actors": "one"}).text
    assert '<option value="one" selected>' in one
    assert "actors=one" in one.split('id="dl-csv"')[1].split(">")[0]  # downloads keep the filter
    rows = list(csv.DictReader(io.StringIO(mixed_client.get("/events.csv", params={"actors": "both"}).text)))
    assert [r["source_code"] for r in rows] == ["SYRMIL"]


def test_article_and_cluster_pages_with_missing_actors(mixed_client: TestClient) -> None:
    r = mixed_client.get("/article/strike", params={"lang": "en"})
    assert r.status_code == 200
    assert 'class="hl hl-trigger"' in r.text and 'class="hl hl-actor"' in r.text  # highlighting still works
    assert r.text.count('class="card"') == 4 and 'class="actor none">—' in r.text and "None" not in r.text
    article = mixed_client.get("/api/articles/strike").json()
    lonely = next(e for e in article["events"] if e["source"] is None and e["target"] is None)
    page = mixed_client.get(f"/cluster/{lonely['cluster_id']}")
    assert page.status_code == 200 and "<code>—</code> → <code>—</code>" in page.text and "None" not in page.text
    graph = mixed_client.get("/api/network", params={"level": "actor"}).json()
    assert graph["edges"] == [{"source": "SYRMIL", "target": "---CVL", "events": 1, "goldstein_sum": -10.0,
                               "goldstein_mean": -10.0}]
    home = mixed_client.get("/")
    assert home.status_code == 200 and "None" not in home.text
