"""The read-only SQL page (``khabar serve --sql``): off by default, one SELECT on a read-only connection, external
files unreachable, a row cap and a time limit, escaped output, on DuckDB and PostgreSQL."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from test_web import build_store

from khabar.web.app import create_app
from khabar.web.sql import SQLError, run_readonly
from khabar.web.state import Settings

BASE = "http://127.0.0.1:8000"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(build_store(tmp_path_factory.mktemp("sql"), n=15, seed=5))


@pytest.fixture(scope="module")
def client(db: str):
    with TestClient(create_app(db, settings=Settings(sql=True, sql_max_rows=7, sql_timeout=1.0)), base_url=BASE) as c:
        yield c


def _cells(html: str) -> list[str]:
    table = html.split('id="sql-result"')[1].split("</table>")[0]
    return re.findall(r"<td[^>]*>(.*?)</td>", table, re.S)


def _events(c: TestClient) -> int:
    return int(_cells(c.get("/sql", params={"q": "SELECT COUNT(*) FROM events"}).text)[0])


def test_sql_page_is_off_by_default(db: str) -> None:
    with TestClient(create_app(db), base_url=BASE) as c:
        assert c.get("/sql", params={"q": "SELECT 1"}).status_code == 404
        assert 'href="/sql"' not in c.get("/").text


def test_a_select_returns_rows(client: TestClient) -> None:
    stored = len(client.get("/api/events", params={"limit": 1000}).json()["events"])
    r = client.get("/sql", params={"q": "SELECT COUNT(*) AS n FROM events"})
    assert r.status_code == 200 and "<th>n</th>" in r.text and _cells(r.text) == [str(stored)]
    assert 'href="/sql"' in client.get("/").text
    assert client.get("/sql").status_code == 200  # the empty form, with an example query


def test_the_page_lists_every_table_and_each_can_be_queried(client: TestClient) -> None:
    page = client.get("/sql").text
    for table in ("articles", "article_parts", "events", "clusters", "sentences", "mentions", "runs"):
        assert f'<code dir="ltr">{table}</code>' in page
        r = client.get("/sql", params={"q": f"SELECT COUNT(*) FROM {table}"})
        assert r.status_code == 200 and _cells(r.text)[0].isdigit(), table


@pytest.mark.parametrize("query", [
    "DROP TABLE events",
    "DELETE FROM events",
    "SELECT 1; DROP TABLE events",
    "UPDATE events SET goldstein = 0",
    "CREATE TABLE x AS SELECT 1",
    "ATTACH ':memory:' AS other",
])
def test_writes_are_refused(client: TestClient, query: str) -> None:
    before = _events(client)
    r = client.get("/sql", params={"q": query})
    assert r.status_code == 400 and 'id="sql-error"' in r.text
    assert _events(client) == before


def test_files_outside_the_store_are_unreachable(client: TestClient, tmp_path: Path) -> None:
    secret = tmp_path / "secret.csv"
    secret.write_text("word\nhidden-value\n", encoding="utf-8")
    for query in (f"SELECT * FROM read_csv('{secret}')", f"SELECT * FROM read_text('{secret}')"):
        r = client.get("/sql", params={"q": query})
        assert r.status_code == 400 and "hidden-value" not in r.text


def test_row_cap(client: TestClient) -> None:
    r = client.get("/sql", params={"q": "SELECT range AS n FROM range(100)"})
    assert r.status_code == 200 and _cells(r.text) == [str(i) for i in range(7)]
    assert 'id="sql-count"' in r.text and "cut at the row cap" in client.get(
        "/sql", params={"q": "SELECT range FROM range(100)", "lang": "en"}).text
    short = client.get("/sql", params={"q": "SELECT range FROM range(3)", "lang": "en"})
    assert "cut at the row cap" not in short.text


def test_time_limit(client: TestClient) -> None:
    endless = "SELECT SUM(a.range * b.range) FROM range(100000000) a, range(100000) b"
    r = client.get("/sql", params={"q": endless, "lang": "en"})
    assert r.status_code == 400 and "stopped after 1 s" in r.text
    assert _events(client) > 0  # the store is usable afterwards


def test_output_and_query_are_escaped(client: TestClient) -> None:
    r = client.get("/sql", params={"q": "SELECT '<script>alert(1)</script>' AS \"<b>x</b>\""})
    assert r.status_code == 200 and "<script>alert" not in r.text and "<b>x</b>" not in r.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in r.text


def test_foreign_host_is_refused(client: TestClient) -> None:
    assert client.get("/sql", params={"q": "SELECT 1"}, headers={"Host": "evil.example"}).status_code == 400


def test_postgres_is_read_only_too() -> None:
    url = os.environ.get("KHABAR_TEST_POSTGRES")
    if not url:
        if os.environ.get("CI"):
            pytest.fail("KHABAR_TEST_POSTGRES is not set: CI must run the SQL page against PostgreSQL too")
        pytest.skip("KHABAR_TEST_POSTGRES is not set")
    assert run_readonly(url, "SELECT 1 + 1 AS two", 5, 2.0).rows == [(2,)]
    create = "CREATE TABLE khabar_sql_probe (x INTEGER)"
    for query in (create, "SELECT 1; " + create):
        with pytest.raises(SQLError):
            run_readonly(url, query, 5, 2.0)
    try:  # whether or not the server runs this SET, it cannot outlive its read-only connection
        run_readonly(url, "SET default_transaction_read_only = off", 5, 2.0)
    except SQLError:
        pass
    with pytest.raises(SQLError, match="read-only"):
        run_readonly(url, create, 5, 2.0)
    with pytest.raises(SQLError, match="stopped"):
        run_readonly(url, "SELECT pg_sleep(5)", 5, 0.5)
    capped = run_readonly(url, "SELECT generate_series(1, 50)", 5, 2.0)
    assert len(capped.rows) == 5 and capped.truncated
