"""The FastAPI app factory and the shared store (khabar.store.shared); ``serve`` runs it with uvicorn."""

from __future__ import annotations

import secrets
import threading
from collections.abc import AsyncIterator
from contextlib import AbstractContextManager, asynccontextmanager
from dataclasses import replace
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import PlainTextResponse
from fastapi.staticfiles import StaticFiles

from khabar.store.db import StoreBusy
from khabar.web import routes_api, routes_docs, routes_ingest, routes_pages, routes_sql
from khabar.web.guard import exposure_problem, is_loopback
from khabar.web.state import HERE, Settings, make_templates

CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; "
       "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


class StoreGate:
    """The store as requests see it, shared by all of them. A DuckDB file is held read-only only while requests keep
    coming, so ``khabar ingest``, the CLI and notebooks can use the file too and new data shows on the next page
    (policy: :class:`khabar.store.shared.SharedStore`); PostgreSQL keeps one connection."""

    def __init__(self, db: str, allow_ingest: bool = False) -> None:
        from khabar.store.shared import SharedStore

        self.db = db
        self._shared = SharedStore(db, create=allow_ingest)  # a bad --db fails now; the form may start a store
        self._coder_lock = threading.Lock()
        self._coder: Any = None

    def use(self, write: bool = False) -> AbstractContextManager[Any]:
        """The store for one request; ``write=True`` opens a DuckDB file for writing (the ingest form)."""
        return self._shared.use(write=write)

    def released(self) -> AbstractContextManager[None]:
        """No store connection open in this process while inside (DuckDB lets a connection with other settings open
        the file only when none is open here); requests wait meanwhile."""
        return self._shared.released()

    def coder(self) -> Any:
        with self._coder_lock:
            if self._coder is None:
                from khabar.pipeline import Coder

                self._coder = Coder()
            return self._coder

    def close(self) -> None:
        self._shared.close()


def create_app(db: str, allow_ingest: bool = False, *, sql: bool = False, token: str | None = None,
               allowed_hosts: tuple[str, ...] = (), max_body: int | None = None,
               settings: Settings | None = None) -> FastAPI:
    """The khabar web app over the store at ``db`` (DuckDB path or postgresql:// URL)."""
    conf = settings or Settings(allow_ingest=allow_ingest, sql=sql, token=token or None,
                                allowed_hosts=tuple(allowed_hosts))
    if max_body is not None:
        conf = replace(conf, max_body=max_body)
    if not conf.secret:
        conf = replace(conf, secret=secrets.token_bytes(32))
    gate = StoreGate(db, allow_ingest=conf.allow_ingest)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        gate.close()

    app = FastAPI(title="khabar", description="Arabic-native political event coder: stored articles and events.",
                  version="1", lifespan=lifespan, docs_url=None, redoc_url=None)
    app.state.gate = gate
    app.state.settings = conf
    app.state.templates = make_templates()
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    for module in (routes_api, routes_pages, routes_docs, routes_ingest, routes_sql):
        app.include_router(module.router)

    @app.exception_handler(StoreBusy)
    async def store_busy(_request: Request, exc: StoreBusy) -> PlainTextResponse:
        # A writer (khabar ingest) holds the DuckDB file: say so and ask the browser to retry, not a 500.
        return PlainTextResponse(f"503: {exc.message}\n", status_code=503, headers={"Retry-After": "5"})

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Any:
        response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response

    return app


def serve(db: str, host: str = "127.0.0.1", port: int = 8000, allow_ingest: bool = False, *, sql: bool = False,
          token: str | None = None, allowed_hosts: tuple[str, ...] = (), max_body: int | None = None,
          i_know_this_is_public: bool = False) -> None:
    """Run the app with uvicorn until interrupted (``khabar serve``). Refuses to expose the write form on a
    non-loopback address without a token (ValueError) unless ``i_know_this_is_public``."""
    import uvicorn

    problem = exposure_problem(host, allow_ingest, token, i_know_this_is_public)
    if problem:
        raise ValueError(problem)
    hosts = tuple(allowed_hosts) + (() if is_loopback(host) or host in ("0.0.0.0", "::") else (host,))
    app = create_app(db, allow_ingest=allow_ingest, sql=sql, token=token, allowed_hosts=hosts, max_body=max_body)
    uvicorn.run(app, host=host, port=port, log_level="info")
