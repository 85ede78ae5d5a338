"""The JSON API under /api (documented at /docs and /openapi.json): everything the pages show."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request

from khabar.web.params import MAX_LIMIT, MAX_OFFSET, DateParam, EventQuery, check_date, event_query, page_events
from khabar.web.views import cluster_summary, network_graph

router = APIRouter(prefix="/api", tags=["api"])
Actor = Annotated[str, Query(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9]+$")]


@router.get("/events", summary="Filtered events, paginated")
def api_events(
    request: Request,
    query: Annotated[EventQuery, Depends(event_query)],
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 100,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
    sort: Literal["date", "source", "target", "cameo", "goldstein", "modality"] | None = None,
    order: Literal["asc", "desc"] = "asc",
) -> dict[str, Any]:
    with request.app.state.gate.use() as store:
        rows, more = page_events(store, query, limit, offset, sort, order)
    return {"events": rows, "count": len(rows), "limit": limit, "offset": offset,
            "next_offset": offset + limit if more else None, "filters": query.params()}


@router.get("/articles/{article_id:path}/brief", summary="The readable digest of one article")
def api_brief(request: Request, article_id: str, language: Literal["ar", "en"] = "ar") -> dict[str, str]:
    from khabar.views.brief import brief

    with request.app.state.gate.use() as store:
        article = store.article(article_id)
    if article is None:
        raise HTTPException(404, f"no article {article_id!r}")
    return {"article_id": article_id, "language": language, "brief": brief(article, article["events"], language)}


@router.get("/articles/{article_id:path}", summary="One article with its events, sentences and mentions")
def api_article(request: Request, article_id: str) -> dict[str, Any]:
    with request.app.state.gate.use() as store:
        article = store.article(article_id)
    if article is None:
        raise HTTPException(404, f"no article {article_id!r}")
    return article


@router.get("/facets", summary="Total of the filtered events and their counts by CAMEO root, modality, language, actor")
def api_facets(request: Request, query: Annotated[EventQuery, Depends(event_query)],
               top: Annotated[int, Query(ge=1, le=100)] = 12) -> dict[str, Any]:
    from khabar.store.facets import store_facets

    with request.app.state.gate.use() as store:
        facets = store_facets(store, query.store_filters(), top)
    return {**facets, "filters": query.params()}


@router.get("/dyad", summary="Activity between two actor-code prefixes, per period")
def api_dyad(request: Request, a: Actor, b: Actor, by: Literal["month", "week"] = "month",
             asserted_only: bool = False) -> dict[str, Any]:
    with request.app.state.gate.use() as store:
        rows = store.dyad(a, b, by=by, asserted_only=asserted_only)
    return {"a": a.upper(), "b": b.upper(), "by": by, "asserted_only": asserted_only, "periods": rows}


@router.get("/network", summary="Actor network: nodes and directed edges with mean Goldstein")
def api_network(request: Request, since: DateParam = None, until: DateParam = None,
                root: Annotated[str | None, Query(pattern=r"^\d{0,2}$")] = None,
                level: Literal["country", "actor"] = "country",
                max_edges: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 150) -> dict[str, Any]:
    since, until = check_date(since, "since"), check_date(until, "until")
    with request.app.state.gate.use() as store:
        edges = store.network(since=since, until=until, root=root or None)
    return network_graph(edges, level, max_edges)


@router.get("/actors", summary="Top actors by participation")
def api_actors(request: Request, limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 20,
               role: Literal["source", "target"] | None = None) -> list[dict[str, Any]]:
    with request.app.state.gate.use() as store:
        return list(store.actors(limit=limit, role=role))


@router.get("/clusters/{cluster_id:path}", summary="One deduplicated event with all its tellings")
def api_cluster(request: Request, cluster_id: str) -> dict[str, Any]:
    with request.app.state.gate.use() as store:
        events = store.events(cluster_id=cluster_id)
    return cluster_summary(events, cluster_id)
