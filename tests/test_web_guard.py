"""The write form (``--allow-ingest``) and the web's edges, over HTTP: CSRF token, Origin/Referer and Host checks,
form-only bodies, the body limit, the optional write token, the refusal to expose the form, coding off the event
loop, bounded integers, out-of-range dates and ids containing ``/``. Each check has a good and a bad request."""

from __future__ import annotations

import asyncio
import re
import threading
from pathlib import Path
from typing import Any

import httpx
import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from khabar.web.app import create_app, serve
from khabar.web.guard import exposure_problem

BASE = "http://127.0.0.1:8000"
ORIGIN = {"Origin": BASE}
TEXT = "استقبل الرئيس المصري في القاهرة يوم الاثنين وزير الخارجية الأردني وبحث معه الأوضاع في غزة."


def _client(tmp_path: Path, **options: Any) -> TestClient:
    return TestClient(create_app(str(tmp_path / "guard.duckdb"), allow_ingest=True, **options), base_url=BASE)


def _csrf(c: TestClient) -> str:
    page = c.get("/ingest")
    assert page.status_code == 200 and "<textarea" in page.text
    return re.search(r'name="csrf" value="([0-9a-f]+)"', page.text).group(1)


def _articles(c: TestClient) -> int:
    return len({e["article_id"] for e in c.get("/api/events", params={"limit": 1000}).json()["events"]})


@pytest.fixture
def client(tmp_path: Path):
    with _client(tmp_path) as c:
        yield c


def test_good_post_stores_and_shows_the_article(client: TestClient) -> None:
    token = _csrf(client)
    r = client.post("/ingest", data={"csrf": token, "text": TEXT + " <b>bold</b>", "title": "عنوان",
                                     "date": "2024-03-11"}, headers=ORIGIN, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/article/")
    page = client.get(r.headers["location"])
    assert page.status_code == 200 and "القاهرة" in page.text and "&lt;b&gt;bold" in page.text
    assert 'class="card"' in page.text and _articles(client) == 1


@pytest.mark.parametrize(("headers", "status"), [
    ({}, 403),  # neither Origin nor Referer
    ({"Origin": "null"}, 403),
    ({"Origin": "http://evil.example"}, 403),
    ({"Referer": "http://evil.example/page"}, 403),
    ({"Origin": "https://127.0.0.1:8000"}, 403),  # another scheme is another origin
    ({"Referer": f"{BASE}/ingest"}, 303),  # a browser that sent only a Referer of this server
    (ORIGIN, 303),
])
def test_origin_and_referer(client: TestClient, headers: dict, status: int) -> None:
    r = client.post("/ingest", data={"csrf": _csrf(client), "text": TEXT}, headers=headers, follow_redirects=False)
    assert r.status_code == status
    assert _articles(client) == (1 if status == 303 else 0)


def test_dns_rebinding_host_is_refused(client: TestClient) -> None:
    token = _csrf(client)
    evil = {"Host": "evil.example", "Origin": "http://evil.example"}  # Origin = Host, under the attacker's name
    assert client.post("/ingest", data={"csrf": token, "text": TEXT}, headers=evil).status_code == 400
    assert client.get("/ingest", headers={"Host": "evil.example"}).status_code == 400  # nor may it read a token
    assert _articles(client) == 0
    good = client.post("/ingest", data={"csrf": token, "text": TEXT}, headers={"Host": "localhost:8000",
                       "Origin": "http://localhost:8000"}, follow_redirects=False)
    assert good.status_code == 303


def test_allowed_host_option(tmp_path: Path) -> None:
    with _client(tmp_path, allowed_hosts=("khabar.lan",)) as c:
        token = _csrf(c)
        own = {"Host": "khabar.lan", "Origin": "http://khabar.lan"}
        assert c.post("/ingest", data={"csrf": token, "text": TEXT}, headers=own, follow_redirects=False
                      ).status_code == 303
        other = {"Host": "other.lan", "Origin": "http://other.lan"}
        assert c.post("/ingest", data={"csrf": token, "text": TEXT + " 2"}, headers=other).status_code == 400


def test_text_plain_body_is_refused(client: TestClient) -> None:
    token = _csrf(client)
    body = f"csrf={token}&text=" + TEXT
    r = client.post("/ingest", content=body.encode(), headers={**ORIGIN, "Content-Type": "text/plain"})
    assert r.status_code == 415 and _articles(client) == 0
    ok = client.post("/ingest", content=httpx.QueryParams({"csrf": token, "text": TEXT}).__str__().encode(),
                     headers={**ORIGIN, "Content-Type": "application/x-www-form-urlencoded"}, follow_redirects=False)
    assert ok.status_code == 303


def test_csrf_token_is_required(client: TestClient) -> None:
    _csrf(client)  # sets the cookie
    assert client.post("/ingest", data={"text": TEXT}, headers=ORIGIN).status_code == 403
    assert client.post("/ingest", data={"csrf": "0" * 64, "text": TEXT}, headers=ORIGIN).status_code == 403
    other = TestClient(client.app, base_url=BASE)
    stolen = _csrf(other)  # a token signed for another browser's cookie
    client.cookies.set("khabar_csrf", "f" * 32, path="/ingest")
    assert client.post("/ingest", data={"csrf": stolen, "text": TEXT}, headers=ORIGIN).status_code == 403
    assert _articles(client) == 0


def test_body_limit(tmp_path: Path) -> None:
    with _client(tmp_path, max_body=20_000) as c:
        token = _csrf(c)
        big = c.post("/ingest", data={"csrf": token, "text": "خبر " * 10_000}, headers=ORIGIN)
        assert big.status_code == 413

        def chunks():  # no Content-Length: counted while reading
            yield f"csrf={token}&text=".encode()
            for _ in range(50):
                yield ("%D8%AE" * 200).encode()

        streamed = c.post("/ingest", content=chunks(), headers={**ORIGIN, "Content-Type":
                                                                "application/x-www-form-urlencoded"})
        assert streamed.status_code == 413 and _articles(c) == 0
        small = c.post("/ingest", data={"csrf": token, "text": TEXT}, headers=ORIGIN, follow_redirects=False)
        assert small.status_code == 303


def test_write_token(tmp_path: Path) -> None:
    with _client(tmp_path, token="s3cret-write") as c:
        assert 'name="token"' in c.get("/ingest").text
        token = _csrf(c)
        assert c.post("/ingest", data={"csrf": token, "text": TEXT}, headers=ORIGIN).status_code == 401
        wrong = c.post("/ingest", data={"csrf": token, "text": TEXT, "token": "guess"}, headers=ORIGIN)
        assert wrong.status_code == 401 and _articles(c) == 0
        good = c.post("/ingest", data={"csrf": token, "text": TEXT, "token": "s3cret-write"}, headers=ORIGIN,
                      follow_redirects=False)
        assert good.status_code == 303
        bearer = c.post("/ingest", data={"csrf": token, "text": TEXT + " ثم غادر."},
                        headers={**ORIGIN, "Authorization": "Bearer s3cret-write"}, follow_redirects=False)
        assert bearer.status_code == 303 and _articles(c) == 2


def test_form_is_not_exposed_without_a_token(tmp_path: Path) -> None:
    assert exposure_problem("0.0.0.0", True, None, False)
    assert exposure_problem("192.168.1.20", True, "", False)
    assert exposure_problem("0.0.0.0", True, "secret", False) is None
    assert exposure_problem("0.0.0.0", True, None, True) is None
    assert exposure_problem("127.0.0.1", True, None, False) is None
    assert exposure_problem("::1", True, None, False) is None
    assert exposure_problem("0.0.0.0", False, None, False) is None  # read-only pages may be public
    with pytest.raises(ValueError, match="without --token"):
        serve(str(tmp_path / "x.duckdb"), host="0.0.0.0", allow_ingest=True)
    from khabar.cli import cli

    result = CliRunner().invoke(cli, ["serve", "--db", str(tmp_path / "x.duckdb"), "--host", "0.0.0.0",
                                      "--allow-ingest"])
    assert result.exit_code == 2 and "--token" in result.output


def test_coding_runs_off_the_event_loop(tmp_path: Path) -> None:
    """The coder is held inside ``code`` until another request has been answered: were coding on the event loop,
    that request could not be served and the coder would give up waiting."""
    app = create_app(str(tmp_path / "loop.duckdb"), allow_ingest=True)
    gate = app.state.gate
    real = gate.coder()
    entered, answered = threading.Event(), threading.Event()
    seen: dict[str, bool] = {}

    class HeldCoder:
        lexicon = real.lexicon

        def code(self, *args: Any, **kwargs: Any) -> Any:
            entered.set()
            seen["other request answered"] = answered.wait(timeout=30)
            return real.code(*args, **kwargs)

    gate._coder = HeldCoder()

    async def scenario() -> tuple[int, int]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url=BASE) as c:
            page = await c.get("/ingest")
            token = re.search(r'name="csrf" value="([0-9a-f]+)"', page.text).group(1)
            post = asyncio.create_task(c.post("/ingest", data={"csrf": token, "text": TEXT}, headers=ORIGIN))
            while not entered.is_set():
                await asyncio.sleep(0.01)
            other = await c.get("/api/actors")
            answered.set()
            return other.status_code, (await post).status_code

    other_status, post_status = asyncio.run(scenario())
    gate.close()
    assert other_status == 200 and post_status == 303
    assert seen == {"other request answered": True}


@pytest.mark.parametrize(("day", "text", "status"), [
    ("0001-01-01", "قصفت القوات الإسرائيلية مواقع في غزة أمس.", 422),
    ("9999-12-31", "قصفت القوات الإسرائيلية مواقع في غزة غدا.", 422),
    ("2023-02-30", "قصفت القوات الإسرائيلية مواقع في غزة أمس.", 422),
    ("2024-03-11", "قصفت القوات الإسرائيلية مواقع في غزة أمس.", 303),
])
def test_extreme_dates_give_a_clear_error(client: TestClient, day: str, text: str, status: int) -> None:
    r = client.post("/ingest", data={"csrf": _csrf(client), "text": text, "date": day}, headers=ORIGIN,
                    follow_redirects=False)
    assert r.status_code == status
    if status == 422:
        assert 'id="form-error"' in r.text and "1800-01-01" in r.text and _articles(client) == 0
