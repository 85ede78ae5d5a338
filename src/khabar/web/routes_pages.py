"""Server-rendered HTML pages: home, article, events (+ totals, facets, CSV/JSONL), dyad, network, cluster."""

from __future__ import annotations

import io
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response

from khabar.web.charts import COLORS, dyad_series
from khabar.web.highlight import KINDS, article_spans, render_text
from khabar.web.params import MAX_EXPORT, MODALITIES, SORTS, DateParam, EventQuery, check_date, event_query, page_events
from khabar.web.state import render
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


@router.get("/article/{article_id:path}", response_class=HTMLResponse)
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
    from khabar.store.facets import store_facets

    with request.app.state.gate.use() as store:
        rows, more = page_events(store, query, size, (page - 1) * size, sort, order)
        facets = store_facets(store, query.store_filters())
    return render(request, "events.html", {
        "rows": rows, "more": more, "page": page, "size": size, "sort": sort, "order": order, "query": query,
        "params": query.params(), "modalities": MODALITIES, "sorts": SORTS, "facets": facets,
        "first": (page - 1) * size + 1 if rows else 0, "last": (page - 1) * size + len(rows)})


def _download(request: Request, query: EventQuery, fmt: str, media_type: str) -> Response:
    """The filtered events as a downloadable file in one of the export formats."""
    from khabar.export import export

    with request.app.state.gate.use() as store:
        rows = store.events(limit=MAX_EXPORT, **query.store_filters())
    out = io.StringIO()
    export(rows, out, fmt)
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
    base = {"a": a, "b": b, "by": by, "asserted_only": "true" if asserted_only else None}

    def href(p: str) -> str:
        return "/dyad?" + urlencode({k: v for k, v in {**base, "period": p}.items() if v}) + "#period-events"

    modalities = sorted({m for r in rows for m in r["by_modality"]})
    return render(request, "dyad.html", {"a": a, "b": b, "by": by, "asserted_only": asserted_only, "rows": rows,
                                         "series": dyad_series(rows, by, href), "period": period,
                                         "period_rows": period_rows, "href": href, "modalities": modalities,
                                         "colors": COLORS})


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


@router.get("/cluster/{cluster_id:path}", response_class=HTMLResponse)
def cluster_page(request: Request, cluster_id: str) -> HTMLResponse:
    with request.app.state.gate.use() as store:
        events = store.events(cluster_id=cluster_id)
    if not events:
        return render(request, "error.html", {"message": cluster_id}, status_code=404)
    return render(request, "cluster.html", {"cluster": cluster_summary(events, cluster_id)})
