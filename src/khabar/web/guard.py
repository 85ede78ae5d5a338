"""Who may write: the checks in front of the ingest form (and the Host check in front of the SQL page).

A write (``POST /ingest``) is accepted only when all of these hold, else it is refused before the body is parsed:

* the ``Host`` header names an allowed host: the loopback names, the address served on, or ``--allowed-host``
  (a DNS-rebinding page reaches the server under its own name, e.g. ``evil.example``, and is refused);
* the ``Origin`` header (or, when a browser sent none, the ``Referer``) is this very server; a post with neither is
  refused, so are ``Origin: null`` and any other site;
* the body is an HTML form (``application/x-www-form-urlencoded``; ``text/plain`` and others are refused)
  no longer than ``--max-body`` bytes (413 otherwise, counted while reading, whatever ``Content-Length`` says);
* the CSRF token of the form matches the one signed for this browser's cookie;
* when the server was started with ``--token``, the same token is in the form or an ``Authorization: Bearer`` header.

>>> is_loopback("127.0.0.1"), is_loopback("localhost"), is_loopback("0.0.0.0"), is_loopback("192.168.1.5")
(True, True, False, False)
>>> host_name("[::1]:8000"), host_name("LocalHost:80"), host_name("evil.example")
('::1', 'localhost', 'evil.example')
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets
from urllib.parse import urlsplit

from fastapi import HTTPException, Request

from khabar.web.state import Settings, settings

LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
CSRF_COOKIE = "khabar_csrf"
FORM_TYPES = ("application/x-www-form-urlencoded",)


def is_loopback(host: str) -> bool:
    """Whether serving on ``host`` keeps the server to this machine."""
    name = host.strip("[]").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def exposure_problem(host: str, allow_ingest: bool, token: str | None, i_know: bool) -> str | None:
    """Why serving the write form on ``host`` is refused (None when it is fine)."""
    if allow_ingest and not is_loopback(host) and not token and not i_know:
        return (f"refusing to serve the ingest form on {host} (not a loopback address) without --token: anyone "
                "who can reach this port could store articles. Add --token SECRET, serve on 127.0.0.1, or pass "
                "--i-know-this-is-public to do it anyway.")
    return None


def host_name(header: str) -> str:
    """The host of a ``Host`` header, lower case, without port or IPv6 brackets."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1:].split("]", 1)[0]
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


def allowed_hosts(conf: Settings) -> set[str]:
    return {*LOOPBACK_NAMES, *(host_name(h) for h in conf.allowed_hosts)}


def trusted_host(request: Request) -> None:
    """FastAPI dependency: 400 unless the Host header is an allowed name (stops DNS rebinding)."""
    if host_name(request.headers.get("host", "")) not in allowed_hosts(settings(request)):
        raise HTTPException(400, "this host name is not served here (start with --allowed-host NAME to add it)")


def _same_origin(request: Request, url: str) -> bool:
    parts = urlsplit(url)
    host = request.headers.get("host", "").lower()
    return (parts.scheme == request.url.scheme and parts.netloc.lower() == host
            and host_name(host) in allowed_hosts(settings(request)))


def same_origin(request: Request) -> None:
    """FastAPI dependency for writes: the Origin (or Referer) must be this server; neither → refused."""
    origin = request.headers.get("origin")
    referer = request.headers.get("referer")
    if origin is not None:
        ok = _same_origin(request, origin)
    elif referer:
        ok = _same_origin(request, referer)
    else:
        ok = False
    if not ok:
        raise HTTPException(403, "cross-site or origin-less posts are refused")


def form_body_type(request: Request) -> None:
    kind = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if kind not in FORM_TYPES:
        raise HTTPException(415, "only HTML form posts are accepted")


async def read_limited(request: Request) -> bytes:
    """The request body, refused with 413 as soon as it passes the configured limit."""
    limit = settings(request).max_body
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > limit):
        raise HTTPException(413, f"the form is larger than {limit} bytes")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise HTTPException(413, f"the form is larger than {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def _sign(secret: bytes, nonce: str) -> str:
    return hmac.new(secret, nonce.encode("ascii", "replace"), hashlib.sha256).hexdigest()


def csrf_pair(request: Request) -> tuple[str, str]:
    """(cookie nonce, form token) for this browser: the cookie's nonce if it has one, else a new one."""
    nonce = request.cookies.get(CSRF_COOKIE) or ""
    if len(nonce) != 32 or not nonce.isalnum():
        nonce = secrets.token_hex(16)
    return nonce, _sign(settings(request).secret, nonce)


def check_csrf(request: Request, token: str | None) -> None:
    nonce = request.cookies.get(CSRF_COOKIE) or ""
    expected = _sign(settings(request).secret, nonce)
    if not nonce or not token or not hmac.compare_digest(expected, token):
        raise HTTPException(403, "missing or wrong form token (reload the form and submit again)")


def check_write_token(request: Request, given: str | None) -> None:
    """When the server has a ``--token``, a write must carry it (form field or ``Authorization: Bearer``)."""
    wanted = settings(request).token
    if not wanted:
        return
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        given = auth[7:].strip()
    if not given or not hmac.compare_digest(given.encode(), wanted.encode()):
        raise HTTPException(401, "this server requires its --token for writes")
