"""The FastAPI app factory, the shared store (one connection behind a lock), templates and UI strings."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
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
    """The store as requests see it. A DuckDB file is opened read-only for each request and closed after it, so
    between requests the file is free for ``khabar ingest``, the CLI and notebooks, and every request sees the data
    committed so far; PostgreSQL (and ``:memory:``) keep one connection. Calls take a lock: a DuckDB connection is
    not thread-safe, and one process cannot hold the same file read-only and read-write at once."""

    #: Seconds a request waits for a DuckDB file that another process is writing before it answers 503.
    WAIT = 2.0

    def __init__(self, db: str, allow_ingest: bool = False) -> None:
        from khabar.store import open_store
        from khabar.store.db import is_postgres_url

        self.db = db
        self._lock = threading.Lock()
        self._coder: Any = None
        self._per_request = db != ":memory:" and not is_postgres_url(db)
        # Opened once now: a bad --db fails at start-up; with the ingest form a new store is created and migrated.
        first = open_store(db, read_only=not allow_ingest and db != ":memory:", wait=self.WAIT)
        self._store: Any = None
        if self._per_request:
            first.close()
        else:
            self._store = first

    @contextmanager
    def use(self, write: bool = False) -> Iterator[Any]:
        """The store for one request; ``write=True`` opens a DuckDB file for writing (the ingest form)."""
        from khabar.store import open_store

        with self._lock:
            if not self._per_request:
                yield self._store
                return
            store = open_store(self.db, read_only=not write, wait=self.WAIT)
            try:
                yield store
            finally:
                store.close()

    def coder(self) -> Any:
        if self._coder is None:
            from khabar.pipeline import Coder

            self._coder = Coder()
        return self._coder

    def close(self) -> None:
        with self._lock:
            if self._store is not None:
                self._store.close()


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
