"""The read-only SQL page (``khabar serve --sql``; 404 otherwise): one query per request, results as a table."""

from __future__ import annotations

from contextlib import nullcontext
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse

from khabar.store.db import is_postgres_url
from khabar.web.guard import trusted_host
from khabar.web.sql import Result, SQLError, run_readonly
from khabar.web.state import render, settings

router = APIRouter(include_in_schema=False)
EXAMPLE = ("SELECT cameo_root, modality, COUNT(*) AS events\nFROM events\nGROUP BY cameo_root, modality\n"
           "ORDER BY events DESC")
TABLES = ("articles", "article_parts", "events", "clusters", "sentences", "mentions", "runs")


def sql_enabled(request: Request) -> None:
    if not settings(request).sql:
        raise HTTPException(404, "the SQL page is off (start the server with --sql)")


@router.get("/sql", response_class=HTMLResponse, dependencies=[Depends(sql_enabled), Depends(trusted_host)])
def sql_page(request: Request, q: Annotated[str, Query(max_length=20_000)] = "") -> HTMLResponse:
    conf = settings(request)
    gate = request.app.state.gate
    result: Result | None = None
    error = None
    if q.strip():
        # DuckDB opens a file read-only only while no read-write connection to it is open in this process.
        hold = nullcontext() if is_postgres_url(gate.db) else gate.released()
        try:
            with hold:
                result = run_readonly(gate.db, q, conf.sql_max_rows, conf.sql_timeout)
        except SQLError as exc:
            error = str(exc)
    return render(request, "sql.html", {"q": q or EXAMPLE, "result": result, "error": error, "tables": TABLES,
                                        "max_rows": conf.sql_max_rows, "timeout": conf.sql_timeout},
                  status_code=400 if error else 200)
