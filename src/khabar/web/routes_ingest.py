"""The paste-an-article form (``--allow-ingest``): every write passes the checks of :mod:`khabar.web.guard`, and
coding runs in a worker thread so a long paste never stalls other requests."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import parse_qs

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from khabar.web.guard import (
    CSRF_COOKIE,
    check_csrf,
    check_write_token,
    csrf_pair,
    form_body_type,
    read_limited,
    same_origin,
    trusted_host,
)
from khabar.web.state import id_path, render, settings

router = APIRouter(include_in_schema=False)
MAX_TEXT = 200_000  # characters
EARLIEST, LATEST = date(1800, 1, 1), date(2199, 12, 31)  # relative dates ("yesterday") must stay representable


def ingest_allowed(request: Request) -> None:
    if not settings(request).allow_ingest:
        raise HTTPException(404, "ingest is disabled (start the server with --allow-ingest)")


def _form_page(request: Request, error: str | None, form: dict[str, str], status_code: int = 200) -> HTMLResponse:
    nonce, token = csrf_pair(request)
    response = render(request, "ingest.html", {"error": error, "form": form, "csrf": token,
                                               "needs_token": bool(settings(request).token)}, status_code)
    response.set_cookie(CSRF_COOKIE, nonce, httponly=True, samesite="strict", path="/ingest")
    return response


@router.get("/ingest", response_class=HTMLResponse, dependencies=[Depends(ingest_allowed), Depends(trusted_host)])
def ingest_form(request: Request) -> HTMLResponse:
    return _form_page(request, None, {})


def _published(value: str) -> date | None:
    """The optional article date; ValueError when it is not a real date in the supported range."""
    if not value:
        return None
    published = date.fromisoformat(value)
    if not EARLIEST <= published <= LATEST:
        raise ValueError(value)
    return published


@router.post("/ingest", dependencies=[Depends(ingest_allowed), Depends(trusted_host), Depends(same_origin),
                                      Depends(form_body_type)])
async def ingest_submit(request: Request) -> Response:
    body = await read_limited(request)
    form = {k: v[0] for k, v in parse_qs(body.decode("utf-8", "replace")).items()}
    check_csrf(request, form.get("csrf"))
    check_write_token(request, form.get("token"))
    text = (form.get("text") or "").replace("\r\n", "\n").strip()
    form.pop("token", None)  # never echoed back into the page
    error = None
    published = None
    try:
        published = _published(form.get("date") or "")
    except ValueError:
        error = "date"
    if not text or len(text) > MAX_TEXT:
        error = "text"
    if error is None:
        try:
            article_id = await run_in_threadpool(_code_and_save, request, text,
                                                 (form.get("title") or "").strip() or None, published)
        except (OverflowError, ValueError):
            error = "date"  # a relative date in the text fell outside the calendar
        else:
            return RedirectResponse(f"/article/{id_path(article_id)}", status_code=303)
    return _form_page(request, error, form, status_code=422)


def _code_and_save(request: Request, text: str, title: str | None, published: date | None) -> str:
    """Code the text and store it (runs in a worker thread: the store is reached through the gate's lock)."""
    from khabar.ingest.run import structure_rows
    from khabar.pipeline import article_id_for
    from khabar.store import ArticleRecord

    gate: Any = request.app.state.gate
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
    return str(article_id)
