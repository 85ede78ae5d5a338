"""The FastAPI app factory, the shared store (one connection behind a lock), templates and UI strings."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AbstractContextManager, asynccontextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import yaml
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, PlainTextResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from markupsafe import Markup

from khabar.web.safety import neutralize_bidi

HERE = Path(__file__).parent
LANGUAGES = ("ar", "en")


class StoreGate:
    """The store as requests see it, shared by all of them. A DuckDB file is held read-only only while requests keep
    coming, so ``khabar ingest``, the CLI and notebooks can use the file too and new data shows on the next page
    (policy: :class:`khabar.store.shared.SharedStore`); PostgreSQL keeps one connection."""

    def __init__(self, db: str, allow_ingest: bool = False) -> None:
        from khabar.store.shared import SharedStore

        self.db = db
        self._shared = SharedStore(db, create=allow_ingest)  # a bad --db fails now; the form may start a store
        self._coder: Any = None

    def use(self, write: bool = False) -> AbstractContextManager[Any]:
        """The store for one request; ``write=True`` opens a DuckDB file for writing (the ingest form)."""
        return self._shared.use(write=write)

    def coder(self) -> Any:
        if self._coder is None:
            from khabar.pipeline import Coder

            self._coder = Coder()
        return self._coder

    def close(self) -> None:
        self._shared.close()


@lru_cache(maxsize=1)
def ui_strings() -> dict[str, dict[str, str]]:
    """``{key: {"ar": …, "en": …}}`` from strings.yaml."""
    data = yaml.safe_load((HERE / "strings.yaml").read_text(encoding="utf-8"))
    return {str(k): {lang: str(v.get(lang, k)) for lang in LANGUAGES} for k, v in data.items()}


def request_lang(request: Request) -> str:
    """``?lang=`` if valid, else the ``lang`` cookie, else Arabic."""
    for value in (request.query_params.get("lang"), request.cookies.get("lang")):
        if value in LANGUAGES:
            return value
    return "ar"


def _finalize(value: Any) -> Any:
    """Every value printed by a template: None prints empty; bidi controls in plain strings become visible."""
    if value is None:
        return ""
    if isinstance(value, str) and not isinstance(value, Markup):
        return neutralize_bidi(value)
    return value


def make_templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    env = templates.env
    env.autoescape = True  # every template, whatever its extension
    env.finalize = _finalize
    env.globals["urlencode"] = urlencode
    return templates


def render(request: Request, name: str, context: dict[str, Any], status_code: int = 200) -> HTMLResponse:
    """Render a page with the UI language, its strings (``t``) and direction."""
    lang = request_lang(request)
    strings = ui_strings()

    def t(key: str) -> str:
        return strings.get(key, {}).get(lang, key)

    def link(path: str, **params: Any) -> str:
        clean = {k: v for k, v in params.items() if v not in (None, "", [], False)}
        return path + ("?" + urlencode(clean, doseq=True) if clean else "")

    other = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
    toggle_url = request.url.path + "?" + urlencode([*other, ("lang", "en" if lang == "ar" else "ar")])
    ctx = {"request": request, "toggle_url": toggle_url, "lang": lang, "dir": "rtl" if lang == "ar" else "ltr",
           "t": t, "link": link,
           "allow_ingest": request.app.state.allow_ingest, **context}
    response = request.app.state.templates.TemplateResponse(request, name, ctx, status_code=status_code)
    if request.query_params.get("lang") in LANGUAGES:
        response.set_cookie("lang", lang, samesite="lax", httponly=True)
    return response


def create_app(db: str, allow_ingest: bool = False) -> FastAPI:
    """The khabar web app over the store at ``db`` (DuckDB path or postgresql:// URL)."""
    from khabar.store.db import StoreBusy
    from khabar.web import routes_api, routes_pages

    gate = StoreGate(db, allow_ingest=allow_ingest)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        gate.close()

    app = FastAPI(title="khabar", description="Arabic-native political event coder: stored articles and events.",
                  version="1", lifespan=lifespan, docs_url=None, redoc_url=None)
    app.state.gate = gate
    app.state.allow_ingest = allow_ingest
    app.state.templates = make_templates()
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    app.include_router(routes_api.router)
    app.include_router(routes_pages.router)

    @app.exception_handler(StoreBusy)
    async def store_busy(_request: Request, exc: StoreBusy) -> PlainTextResponse:
        # A writer (khabar ingest) holds the DuckDB file: say so and ask the browser to retry, not a 500.
        return PlainTextResponse(f"503: {exc.message}\n", status_code=503, headers={"Retry-After": "5"})

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Any:
        response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy",
                                    "default-src 'self'; img-src 'self' data:; style-src 'self'; "
                                    "script-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response

    return app


def serve(db: str, host: str = "127.0.0.1", port: int = 8000, allow_ingest: bool = False) -> None:
    """Run the app with uvicorn until interrupted (``khabar serve``)."""
    import uvicorn

    uvicorn.run(create_app(db, allow_ingest=allow_ingest), host=host, port=port, log_level="info")
