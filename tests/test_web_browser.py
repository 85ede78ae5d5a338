"""End to end: the web app served by uvicorn on 127.0.0.1, driven by Debian's Chromium through Playwright.

Screenshots go to test-output/screenshots/ (git-ignored). Without /usr/bin/chromium the tests skip (fail on CI).
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = Path(__file__).resolve().parents[1] / "test-output" / "screenshots"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]

if not CHROMIUM.exists():
    if os.environ.get("CI"):
        pytest.fail(f"{CHROMIUM} is missing on CI", pytrace=False)
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")
uvicorn = pytest.importorskip("uvicorn")

from test_web import XSS_ID, build_store  # noqa: E402

from khabar.web.app import create_app  # noqa: E402


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = build_store(tmp_path_factory.mktemp("browser"))
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(str(db)), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            pytest.fail("the server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.dialogs = []  # every alert/confirm the page tries to open
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    pg.errors = []
    pg.external = []  # requests leaving the loopback server (there must be none: every asset is vendored)
    pg.on("request", lambda r: r.url.startswith("http://127.0.0.1:") or pg.external.append(r.url))
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    yield pg
    context.close()


def _shot(page: object, name: str, full: bool = True) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full)


def _first_article_with_events(page: object, base_url: str) -> str:
    data = page.request.get(f"{base_url}/api/events?limit=200").json()
    counts: dict[str, int] = {}
    for e in data["events"]:
        if e["article_id"] != XSS_ID and e["source"] and e["target"]:
            counts[e["article_id"]] = counts.get(e["article_id"], 0) + 1
    return max(counts, key=lambda k: counts[k])


def test_article_highlights_and_rule_panel(page: object, base_url: str) -> None:
    article_id = _first_article_with_events(page, base_url)
    page.goto(f"{base_url}/article/{article_id}")
    text = page.locator("#article-text")
    assert text.get_attribute("dir") == "rtl"
    assert page.locator("#article-text mark.hl-trigger").count() >= 1
    assert page.locator(".card").count() >= 1
    mark = page.locator("#article-text mark.hl-trigger").first
    mark.click()
    rule = page.locator("#d-rule").inner_text()
    assert "yaml" in rule, rule
    assert page.locator("#d-kind").inner_text() == "trigger"
    page.locator(".card").first.click()
    assert "yaml" in page.locator("#d-rule").inner_text()
    assert page.locator("#article-text mark.selected").count() >= 1
    _shot(page, "article")
    page.locator("#brief-tab").click()
    assert page.locator("#tab-brief").is_visible() and "Coded events" in page.locator("#tab-brief").inner_text()
    _shot(page, "article-brief", full=False)
    assert not page.errors and not page.external


def test_events_table_filters(page: object, base_url: str) -> None:
    page.goto(f"{base_url}/events?lang=en&size=50")
    before = page.locator("tr.event-row").count()
    assert before == 50
    first_source = page.locator("tr.event-row td:nth-child(2) code").first.inner_text()
    page.fill("input[name=source]", first_source)
    page.click("#apply")
    page.wait_for_load_state()
    rows = page.locator("tr.event-row")
    after = rows.count()
    assert 0 < after < before
    sources = rows.locator("td:nth-child(2) code").all_inner_texts()
    assert all(s.startswith(first_source) for s in sources)
    assert f"source={first_source}" in page.locator("#dl-csv").get_attribute("href")
    _shot(page, "events")


def test_dyad_chart(page: object, base_url: str) -> None:
    event = next(e for e in page.request.get(f"{base_url}/api/events?limit=200").json()["events"]
                 if e["source"] and e["target"] and e["article_id"] != XSS_ID)
    a, b = event["source"]["code"][:3], event["target"]["code"][:3]
    page.goto(f"{base_url}/dyad?a={a}&b={b}&by=month&lang=en")
    assert page.locator("svg.chart").count() == 1
    assert page.locator("svg.chart a.bar rect").count() >= 1
    assert page.locator("svg.chart polyline.goldline").count() == 1
    page.locator("svg.chart a.bar").first.click()
    page.wait_for_load_state()
    assert page.locator("#period-events").is_visible() and page.locator("ul.period-events li a").count() >= 1
    _shot(page, "dyad")


def test_network_nodes(page: object, base_url: str) -> None:
    page.goto(f"{base_url}/network?lang=en")
    page.wait_for_selector("svg#network g.node")
    assert page.locator("svg#network g.node").count() >= 5
    assert page.locator("svg#network line.edge").count() >= 5
    page.locator("svg#network g.node").first.click()
    assert page.locator("svg#network g.node.dim").count() >= 1
    _shot(page, "network")
    assert not page.errors and not page.external


def test_hostile_article_runs_no_script(page: object, base_url: str) -> None:
    page.goto(f"{base_url}/article/{XSS_ID}")
    page.wait_for_load_state("networkidle")
    for mark in page.locator("#article-text mark").all():
        mark.hover()
        mark.click()
    page.locator("#article-text").hover()
    page.wait_for_timeout(300)
    assert page.dialogs == []
    assert page.evaluate("typeof window.__xss") == "undefined"
    text = page.locator("#article-text").inner_text()
    assert "<script>alert(1)</script>" in text and "<img src=x" in text and "[U+202E]" in text
    assert page.locator("#article-text script, #article-text img").count() == 0
    _shot(page, "hostile-article")
