"""End to end: the web app served by uvicorn on 127.0.0.1, driven by Debian's Chromium through Playwright.

Screenshots go to test-output/screenshots/ (git-ignored). Without /usr/bin/chromium the tests skip (fail on CI).
"""

from __future__ import annotations

import os
import re
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
    app = create_app(str(db), allow_ingest=True, sql=True)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
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
    pg.console = []  # console errors, CSP violations included
    pg.on("console", lambda m: m.type == "error" and pg.console.append(m.text))
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


def _dyad_url(page: object, base_url: str) -> str:
    """The dyad with the longest span of months (a time axis shows its empty months too)."""
    events = page.request.get(f"{base_url}/api/events?limit=1000").json()["events"]
    pairs = sorted({(e["source"]["code"][:3], e["target"]["code"][:3]) for e in events
                    if e["source"] and e["target"] and e["article_id"] != XSS_ID})

    def span(pair: tuple[str, str]) -> int:
        periods = [p["period"] for p in page.request.get(f"{base_url}/api/dyad?a={pair[0]}&b={pair[1]}").json()[
            "periods"] if p["period"]]
        return len(periods)

    a, b = max(pairs[:40], key=span)
    return f"{base_url}/dyad?a={a}&b={b}&by=month"


def test_dyad_chart(page: object, base_url: str) -> None:
    page.goto(_dyad_url(page, base_url) + "&lang=en")
    page.wait_for_selector("#dyad-chart canvas")
    assert page.evaluate("window.khabarDyad.scales.x.time") is True  # a real time axis
    assert page.locator("#dyad-chart .u-axis").count() == 3  # time, events (left), Goldstein (right)
    ticks = page.evaluate("window.khabarDyad.axes.map(a => a._values || [])")
    assert ticks[0] and re.search(r"\b(19|20)\d\d\b", " ".join(map(str, ticks[0])))  # dated time ticks
    splits = page.evaluate("window.khabarDyad.axes[0]._splits")
    low, high = page.evaluate("[window.khabarDyad.scales.x.min, window.khabarDyad.scales.x.max]")
    assert splits == sorted(splits) and all(low <= v <= high for v in splits)
    # positions follow time, not rank: pixels per second are the same between every two periods (months differ)
    xs = page.evaluate("JSON.parse(document.getElementById('dyad-data').textContent).x")
    assert len(xs) >= 3, xs
    px = page.evaluate(f"{xs}.map(v => window.khabarDyad.valToPos(v, 'x'))")
    rates = [(px[i + 1] - px[i]) / (xs[i + 1] - xs[i]) for i in range(len(xs) - 1)]
    assert max(rates) - min(rates) < 1e-6 * max(rates) and len({xs[i + 1] - xs[i] for i in range(len(xs) - 1)}) > 1
    assert len(ticks[1]) >= 2 and len(ticks[2]) >= 2  # both y axes have ticks
    assert page.evaluate("window.khabarDyad.series.at(-1).scale") == "g"  # the Goldstein line has its own scale
    box = page.locator("#dyad-chart .u-over").bounding_box()
    index = page.evaluate("JSON.parse(document.getElementById('dyad-data').textContent).hrefs.findIndex(h => h)")
    count = page.evaluate("JSON.parse(document.getElementById('dyad-data').textContent).x.length")
    page.mouse.move(box["x"] + box["width"] * (index + 0.5) / count, box["y"] + box["height"] - 3)
    page.mouse.click(box["x"] + box["width"] * (index + 0.5) / count, box["y"] + box["height"] - 3)
    page.wait_for_url("**period=*")
    assert page.locator("#period-events").is_visible() and page.locator("ul.period-events li a").count() >= 1
    _shot(page, "dyad")
    assert not page.errors and not page.external and not page.console


def test_network_is_a_directed_zoomable_graph(page: object, base_url: str) -> None:
    page.goto(f"{base_url}/network?lang=en&level=actor&max_edges=150")
    page.wait_for_selector("#network canvas")
    cy = "window.khabarNetwork"
    assert page.evaluate(f"{cy}.nodes().length") >= 5 and page.evaluate(f"{cy}.edges().length") >= 5
    assert page.evaluate(f"{cy}.edges()[0].style('target-arrow-shape')") == "triangle"
    assert page.evaluate(f"{cy}.userZoomingEnabled() && {cy}.userPanningEnabled() && {cy}.autoungrabify() === false")
    shown = "Number(document.getElementById('network').dataset.visibleEdges)"
    before = page.evaluate(shown)
    weights = page.evaluate(f"{cy}.edges().map(e => e.data('events'))")
    assert before == sum(1 for w in weights if w >= int(page.locator("#min-weight").input_value()))
    top = max(weights)
    assert min(weights) < top  # the corpus has edges of different weights
    page.locator("#min-weight").fill(str(top))
    page.locator("#min-weight").dispatch_event("input")
    after = page.evaluate(shown)
    assert after == sum(1 for w in weights if w == top) < before
    drawn = f"{cy}.edges().filter(e => e.style('display') !== 'none')"
    assert page.evaluate(f"{drawn}.every(e => e.data('events') >= {top})")
    assert str(after) in page.locator("#visible-edges").inner_text()
    zoom = page.evaluate(f"{cy}.zoom()")
    box = page.locator("#network").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.wheel(0, -400)
    page.wait_for_function(f"{cy}.zoom() !== {zoom}")
    _shot(page, "network")
    assert not page.errors and not page.external and not page.console


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


OUTSIDE = """() => {
  const out = [];
  for (const el of document.querySelectorAll("body *")) {
    if (el.closest(".table-scroll, script, noscript, option")) { continue; }  // wide tables scroll in their box
    const r = el.getBoundingClientRect();
    if ((r.width || r.height) && (r.left < -1 || r.right > window.innerWidth + 1)) {
      out.push(el.tagName + "." + el.className + " " + Math.round(r.left) + ".." + Math.round(r.right));
    }
  }
  return out.slice(0, 5);
}"""
PAGES = ("/", "/events?size=50", "/network", "/docs", "/sql?q=SELECT+*+FROM+events+LIMIT+20", "/ingest")
WIDTHS = {"phone": (420, 860), "desktop": (1280, 900)}


@pytest.mark.parametrize("lang", ["ar", "en"])
@pytest.mark.parametrize("width", list(WIDTHS))
def test_no_horizontal_overflow(browser: object, base_url: str, width: str, lang: str) -> None:
    """At phone and desktop widths, in both languages, no page is wider than the window (wide tables scroll inside
    their own box) and nothing loads from outside or breaks the content security policy."""
    w, h = WIDTHS[width]
    context = browser.new_context(viewport={"width": w, "height": h})
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: m.type == "error" and problems.append(m.text))
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("request", lambda r: r.url.startswith(base_url) or problems.append(r.url))
    article = _first_article_with_events(page, base_url)
    for path in (*PAGES, f"/article/{article}", _dyad_url(page, base_url)[len(base_url):]):
        page.goto(f"{base_url}{path}{'&' if '?' in path else '?'}lang={lang}")
        page.wait_for_load_state("networkidle")
        assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
        sizes = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert sizes[0] <= sizes[1], (path, sizes)
        assert page.evaluate(OUTSIDE) == [], path  # nor is any element pushed past either edge (RTL: the left)
        name = path.strip("/").split("?")[0].split("/")[0] or "home"
        _shot(page, f"{name}-{width}-{lang}", full=False)
    context.close()
    assert problems == []


def test_api_docs_are_swagger_ui(page: object, base_url: str) -> None:
    page.goto(f"{base_url}/docs")
    page.wait_for_selector("#swagger-ui .opblock")
    paths = page.locator("#swagger-ui .opblock-summary-path").all_inner_texts()
    assert "/api/events" in paths and "/api/facets" in paths
    page.locator("#swagger-ui .opblock-summary").first.click()
    page.wait_for_selector("#swagger-ui .parameters")
    assert "{" not in page.locator("#swagger-ui .opblock-summary-path").first.inner_text()  # no raw schema dump
    _shot(page, "docs")
    assert not page.errors and not page.external and not page.console


def test_facet_and_event_links(page: object, base_url: str) -> None:
    page.goto(f"{base_url}/events?lang=en&size=25")
    total = int(page.locator("#total-count").inner_text())
    page.locator("#facet-modality a").first.click()
    page.wait_for_load_state()
    assert int(page.locator("#total-count").inner_text()) < total or total == page.locator(
        "#facet-modality .count").count()
    page.locator("a.to-article").first.click()
    page.wait_for_load_state()
    anchor = page.evaluate("location.hash")
    assert anchor.startswith("#ev-") and page.locator(f"[id='{anchor[1:]}']").count() == 1
    assert page.evaluate("document.querySelector(':target').classList.contains('card')")
    assert not page.errors and not page.external


def test_ingest_form_in_a_browser(page: object, base_url: str) -> None:
    """A real browser's form post passes the CSRF and Origin checks; a forged cross-site one does not."""
    page.goto(f"{base_url}/ingest?lang=en")
    page.fill("textarea[name=text]", "أعلنت وزارة الخارجية التونسية يوم الأربعاء أنها استدعت السفير الإيطالي.")
    page.fill("input[name=date]", "2024-05-08")
    page.click("#ingest-form button[type=submit]")
    page.wait_for_url("**/article/**")
    assert "التونسية" in page.locator("#article-text").inner_text()
    forged = page.request.post(f"{base_url}/ingest", form={"text": "نص مزور", "csrf": "x"},
                               headers={"Origin": "http://evil.example"})
    assert forged.status == 403
    assert not page.errors and not page.external and not page.console
