"""What every route needs, in one module that imports no route: settings, UI strings, templates and ``render``.

``app`` imports the routers, the routers import this module; nothing here imports either, so imports point one way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import yaml
from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from markupsafe import Markup

from khabar.web.safety import neutralize_bidi

HERE = Path(__file__).parent
LANGUAGES = ("ar", "en")
DEFAULT_MAX_BODY = 2 * 1024 * 1024  # bytes of a form post


@dataclass(frozen=True)
class Settings:
    """How the app was started (``khabar serve`` options)."""

    allow_ingest: bool = False
    sql: bool = False
    token: str | None = None  # required for writes when set
    allowed_hosts: tuple[str, ...] = ()  # Host names accepted besides the loopback ones
    max_body: int = DEFAULT_MAX_BODY
    sql_timeout: float = 5.0  # seconds per query on the SQL page
    sql_max_rows: int = 1000
    secret: bytes = field(default=b"", repr=False)  # signs CSRF tokens; random per start when empty


def settings(request: Request) -> Settings:
    return request.app.state.settings  # type: ignore[no-any-return]


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


def id_path(value: Any) -> str:
    """An id as one URL path piece: every reserved character encoded except ``/`` (routes take ids as paths).

    >>> id_path("reuters/2024 #3?x")
    'reuters/2024%20%233%3Fx'
    """
    return quote(str(value), safe="/")


def make_templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    env = templates.env
    env.autoescape = True  # every template, whatever its extension
    env.finalize = _finalize
    env.globals["urlencode"] = urlencode
    env.filters["idpath"] = id_path
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
    raw = request.scope.get("raw_path")  # the path as sent (still percent-encoded), else re-encoded
    path = raw.decode("latin-1") if isinstance(raw, bytes) else id_path(request.url.path)
    # never "//host" (a link to another site)
    toggle_url = "/" + path.lstrip("/") + "?" + urlencode([*other, ("lang", "en" if lang == "ar" else "ar")])
    conf = settings(request)
    ctx = {"request": request, "toggle_url": toggle_url, "lang": lang, "dir": "rtl" if lang == "ar" else "ltr",
           "t": t, "link": link, "allow_ingest": conf.allow_ingest, "sql_enabled": conf.sql, **context}
    response = request.app.state.templates.TemplateResponse(request, name, ctx, status_code=status_code)
    if request.query_params.get("lang") in LANGUAGES:
        response.set_cookie("lang", lang, samesite="lax", httponly=True)
    return response
