"""Server-rendered HTML pages: home, article, events (+ CSV/JSONL), dyad, network, cluster, ingest."""

from __future__ import annotations

import io
from datetime import date
from typing import Annotated, Any, Literal
from urllib.parse import parse_qs

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from khabar.web.app import render, request_lang, ui_strings
from khabar.web.charts import COLORS, dyad_chart
from khabar.web.highlight import KINDS, article_spans, render_text
from khabar.web.params import MAX_EXPORT, MODALITIES, SORTS, DateParam, EventQuery, check_date, event_query, page_events
from khabar.web.views import cluster_summary, dyad_events, network_graph

router = APIRouter(include_in_schema=False)
Actor = Annotated[str, Query(max_length=40, pattern=r"^[A-Za-z0-9]*$")]


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> HTMLResponse:
    with request.app.state.gate.use() as store:
        stats = store.stats()
        actors = store.actors(limit=15)
        latest = _latest_articles(store)
    return render(request, "home.html", {"stats": stats, "actors": actors, "latest": latest})


def _latest_articles(store: Any) -> list[dict[str, Any]]:
    return list(store.articles(limit=20))  # newest first


@router.get("/article/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, article_id: str) -> HTMLResponse:
    from khabar.views.brief import brief

    with request.app.state.gate.use() as store:
        article = store.article(article_id)
    if article is None:
        return render(request, "error.html", {"message": article_id}, status_code=404)
    spans, trigger_of = article_spans(article)
    events = article.get("events") or []
    text_dir = "rtl" if article.get("language", "ar") == "ar" else "auto"
    briefs = {lang: brief(article, events, language=lang) for lang in ("ar", "en")}
    return render(request, "article.html", {
        "article": article, "html_text": render_text(article.get("text") or "", spans), "events": events,
        "trigger_of": trigger_of, "text_dir": text_dir, "briefs": briefs, "kinds": KINDS, "colors": COLORS})


@router.get("/events", response_class=HTMLResponse)
def events_page(request: Request, query: Annotated[EventQuery, Depends(event_query)],
                page: Annotated[int, Query(ge=1, le=100_000)] = 1,
                size: Annotated[int, Query(ge=1, le=500)] = 50,
                sort: Literal["date", "source", "target", "cameo", "goldstein", "modality"] | None = None,
                order: Literal["asc", "desc"] = "asc") -> HTMLResponse:
    with request.app.state.gate.use() as store:
        rows, more = page_events(store, query, size, (page - 1) * size, sort, order)
    return render(request, "events.html", {
        "rows": rows, "more": more, "page": page, "size": size, "sort": sort, "order": order, "query": query,
        "params": query.params(), "modalities": MODALITIES, "sorts": SORTS})


def _export_rows(request: Request, query: EventQuery) -> list[dict[str, Any]]:
    with request.app.state.gate.use() as store:
        return store.events(limit=MAX_EXPORT, **query.store_filters())


def _download(request: Request, query: EventQuery, fmt: str, media_type: str) -> Response:
    """The filtered events as a downloadable file in one of the export formats."""
    from khabar.export import export

    out = io.StringIO()
    export(_export_rows(request, query), out, fmt)
    return Response(out.getvalue().encode("utf-8"), media_type=f"{media_type}; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="khabar-events.{fmt}"'})


@router.get("/events.csv")
def events_csv(request: Request, query: Annotated[EventQuery, Depends(event_query)]) -> Response:
    return _download(request, query, "csv", "text/csv")


@router.get("/events.jsonl")
def events_jsonl(request: Request, query: Annotated[EventQuery, Depends(event_query)]) -> Response:
    return _download(request, query, "jsonl", "application/x-ndjson")


@router.get("/dyad", response_class=HTMLResponse)
def dyad_page(request: Request, a: Actor = "", b: Actor = "", by: Literal["month", "week"] = "month",
              asserted_only: bool = False,
              period: Annotated[str | None, Query(max_length=8, pattern=r"^(\d{4}-(\d{2}|W\d{2}))?$")] = None
              ) -> HTMLResponse:
    rows: list[dict[str, Any]] = []
    period_rows: list[dict[str, Any]] = []
    if a and b:
        with request.app.state.gate.use() as store:
            rows = store.dyad(a, b, by=by, asserted_only=asserted_only)
            if period:
                period_rows = dyad_events(store, a, b, by, period, asserted_only)
    lang = request_lang(request)
    strings = ui_strings()
    base = {"a": a, "b": b, "by": by, "asserted_only": "true" if asserted_only else None}

    def href(p: str) -> str:
        from urllib.parse import urlencode

        return "/dyad?" + urlencode({k: v for k, v in {**base, "period": p}.items() if v}) + "#period-events"

    labels = {k: strings[k][lang] for k in ("events", "goldstein_sum")}
    chart = dyad_chart(rows, href, {"title": f"{a} / {b}", "events": labels["events"],
                                    "goldstein": labels["goldstein_sum"]})
    modalities = sorted({m for r in rows for m in r["by_modality"]})
    return render(request, "dyad.html", {"a": a, "b": b, "by": by, "asserted_only": asserted_only, "rows": rows,
                                         "chart": chart, "period": period, "period_rows": period_rows,
                                         "href": href, "modalities": modalities, "colors": COLORS})


@router.get("/network", response_class=HTMLResponse)
def network_page(request: Request, since: DateParam = None, until: DateParam = None,
                 root: Annotated[str | None, Query(pattern=r"^\d{0,2}$")] = None,
                 level: Literal["country", "actor"] = "country",
                 max_edges: Annotated[int, Query(ge=1, le=1000)] = 150) -> HTMLResponse:
    since, until = check_date(since, "since"), check_date(until, "until")
    with request.app.state.gate.use() as store:
        edges = store.network(since=since, until=until, root=root or None)
    graph = network_graph(edges, level, max_edges)
    return render(request, "network.html", {"graph": graph, "since": since, "until": until, "root": root,
                                            "level": level, "max_edges": max_edges})


@router.get("/cluster/{cluster_id}", response_class=HTMLResponse)
def cluster_page(request: Request, cluster_id: str) -> HTMLResponse:
    with request.app.state.gate.use() as store:
        events = store.events(cluster_id=cluster_id)
    if not events:
        return render(request, "error.html", {"message": cluster_id}, status_code=404)
    return render(request, "cluster.html", {"cluster": cluster_summary(events, cluster_id)})


@router.get("/docs", response_class=HTMLResponse)
def api_docs(request: Request) -> HTMLResponse:
    """The API reference, rendered here from the OpenAPI document (no Swagger UI: nothing loaded from a CDN)."""
    spec = request.app.openapi()
    operations = [{"method": method.upper(), "path": path, **op} for path, ops in spec["paths"].items()
                  for method, op in ops.items()]
    return render(request, "docs.html", {"operations": operations, "spec": spec})


def _ingest_allowed(request: Request) -> None:
    if not request.app.state.allow_ingest:
        raise HTTPException(404, "ingest is disabled (start the server with --allow-ingest)")


@router.get("/ingest", response_class=HTMLResponse, dependencies=[Depends(_ingest_allowed)])
def ingest_form(request: Request) -> HTMLResponse:
    return render(request, "ingest.html", {"error": None, "form": {}})


@router.post("/ingest", dependencies=[Depends(_ingest_allowed)])
async def ingest_submit(request: Request) -> Response:
    origin = request.headers.get("origin")
    if origin and origin.split("://", 1)[-1] != request.headers.get("host"):
        raise HTTPException(403, "cross-site form posts are refused")
    form = {k: v[0] for k, v in parse_qs((await request.body()).decode("utf-8", "replace")).items()}
    text = (form.get("text") or "").replace("\r\n", "\n").strip()
    error = None
    published = None
    try:
        published = date.fromisoformat(form["date"]) if form.get("date") else None
    except ValueError:
        error = "date"
    if not text or len(text) > 200_000:
        error = "text"
    if error:
        return render(request, "ingest.html", {"error": error, "form": form}, status_code=422)
    article_id = _code_and_save(request, text, (form.get("title") or "").strip() or None, published)
    return RedirectResponse(f"/article/{article_id}", status_code=303)


def _code_and_save(request: Request, text: str, title: str | None, published: date | None) -> str:
    from khabar.ingest.run import structure_rows
    from khabar.pipeline import article_id_for
    from khabar.store import ArticleRecord

    gate = request.app.state.gate
    coder = gate.coder()
    article_id = article_id_for(text)
    doc = coder.code(text, date=published, article_id=article_id)
    record = ArticleRecord(article_id=article_id, text=text, title=title, outlet="web", published=published,
                           language=doc.language, source_path="web form")
    sentences, mentions = structure_rows(doc)
    with gate.use(write=True) as store:
        with store.transaction():
            store.save_article(record, [e.to_dict() for e in doc.events], coder.lexicon.version,
                               sentences=sentences, mentions=mentions)
        store.recluster()
    return article_id
