"""The API reference at /docs: Swagger UI over /openapi.json, served from the vendored swagger-ui-dist files."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from khabar.web.state import render

router = APIRouter(include_in_schema=False)


@router.get("/docs", response_class=HTMLResponse)
def api_docs(request: Request) -> HTMLResponse:
    """Swagger UI (no CDN: its script and style come from /static/vendor/swagger-ui/)."""
    spec = request.app.openapi()
    return render(request, "docs.html", {"spec": spec, "paths": sorted(spec["paths"])})
