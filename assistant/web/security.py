"""Request hardening for the web app: the client's real address, same-origin checks, CSRF tokens for forms,
security headers, a Secure cookie over HTTPS, and a per-address rate limit for public endpoints."""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

from starlette.datastructures import Headers, MutableHeaders
from starlette.responses import HTMLResponse, PlainTextResponse

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
SESSION_COOKIE = "pa_session"

# Our own pages need no script or style from elsewhere. Gradio's pages are built by Svelte with inline
# bootstrapping, so they keep 'unsafe-inline' scripts, but they too may load images only from this site:
# a markdown image in pasted text cannot make the browser fetch another address.
CSP = ("default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
       "script-src 'self' 'unsafe-inline' 'unsafe-eval'; connect-src 'self'; font-src 'self' data:; "
       "worker-src 'self' blob:; frame-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
       "frame-ancestors 'none'")
HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": CSP,
    "Cross-Origin-Opener-Policy": "same-origin",
}


def client_address(scope: dict, trusted_proxies: Iterable[str] = ()) -> str:
    """The client's address. X-Forwarded-For is believed only when the connection comes from a trusted proxy
    (none by default), and then the nearest address that is not itself a trusted proxy is taken."""
    peer = (scope.get("client") or ("-", 0))[0] or "-"
    trusted = set(trusted_proxies)
    if peer not in trusted:
        return peer
    forwarded = Headers(scope=scope).get("x-forwarded-for", "")
    for hop in reversed([h.strip() for h in forwarded.split(",") if h.strip()]):
        if hop not in trusted:
            return hop
    return peer


def request_scheme(scope: dict, trusted_proxies: Iterable[str] = ()) -> str:
    """http or https, taking X-Forwarded-Proto from a trusted proxy (a TLS-terminating reverse proxy)."""
    peer = (scope.get("client") or ("-", 0))[0]
    if peer in set(trusted_proxies):
        proto = Headers(scope=scope).get("x-forwarded-proto", "").split(",")[0].strip().lower()
        if proto in ("http", "https"):
            return proto
    return "https" if scope.get("scheme") in ("https", "wss") else "http"


def same_origin(headers: Headers, allowed_origins: Iterable[str] = (), proxied: bool = False) -> bool | None:
    """True when the request's Origin (or Referer) is this site, False when it is another site, None when
    the request names neither (not a browser: no cookie is sent for it by a third party's page).
    X-Forwarded-Host counts only from a trusted proxy (`proxied`)."""
    source = headers.get("origin") or headers.get("referer")
    if not source:
        return None
    if source == "null":
        return False
    parts = urlsplit(source)
    origin = f"{parts.scheme}://{parts.netloc}".lower()
    if origin in {o.rstrip("/").lower() for o in allowed_origins}:
        return True
    host = ((headers.get("x-forwarded-host") if proxied else None) or headers.get("host") or "").lower()
    return bool(parts.netloc) and parts.netloc.lower() == host


class HardeningMiddleware:
    """ASGI middleware, outermost: refuses state-changing requests (and websockets) from another site's pages,
    removes any CORS grant (Gradio would otherwise reflect a foreign Origin with credentials), adds the security
    headers and marks the session cookie Secure when the site is reached over HTTPS."""

    def __init__(self, app, trusted_proxies: Iterable[str] = (), allowed_origins: Iterable[str] = ()):
        self.app = app
        self.trusted = tuple(trusted_proxies)
        self.allowed_origins = tuple(allowed_origins)

    async def __call__(self, scope, receive, send):
        if scope["type"] not in ("http", "websocket"):
            return await self.app(scope, receive, send)
        headers = Headers(scope=scope)
        unsafe = scope["type"] == "websocket" or scope["method"] not in SAFE_METHODS
        proxied = (scope.get("client") or ("-", 0))[0] in self.trusted
        if unsafe and same_origin(headers, self.allowed_origins, proxied) is False:
            if scope["type"] == "websocket":
                return await send({"type": "websocket.close", "code": 1008})
            response = PlainTextResponse("Cross-site request refused.", status_code=403)
            return await response(scope, receive, send)
        if scope["type"] == "http" and scope["method"] == "OPTIONS" and headers.get("origin"):
            # A CORS preflight: this app grants no cross-origin access.
            return await PlainTextResponse("", status_code=403)(scope, receive, send)
        secure = request_scheme(scope, self.trusted) == "https"
        if secure and scope.get("scheme") in ("http", "ws"):
            # Reached over HTTPS through a trusted proxy: URLs the app builds (the redirect from /staff to /staff/,
            # Gradio's own links) must say https too, or the browser refuses them as another origin.
            scope = {**scope, "scheme": "https" if scope["type"] == "http" else "wss"}

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                out = MutableHeaders(scope=message)
                for name in [k for k in out.keys() if k.startswith("access-control-")]:
                    del out[name]
                for name, value in HEADERS.items():
                    if name not in out:
                        out[name] = value
                if secure:
                    cookies = out.getlist("set-cookie")
                    if cookies:
                        del out["set-cookie"]
                        for cookie in cookies:
                            if cookie.startswith(SESSION_COOKIE + "=") and "secure" not in cookie.lower():
                                cookie += "; secure"
                            out.append("set-cookie", cookie)
            await send(message)

        await self.app(scope, receive, send_with_headers)


def csrf_token(session: dict) -> str:
    """The session's form token, made on first use (double-checked on every form post)."""
    token = session.get("csrf")
    if not isinstance(token, str) or len(token) < 32:
        token = secrets.token_urlsafe(32)
        session["csrf"] = token
    return token


def csrf_ok(session: dict, submitted: str | None) -> bool:
    expected = session.get("csrf")
    return isinstance(expected, str) and isinstance(submitted, str) and hmac.compare_digest(expected, submitted)


@dataclass
class RateLimit:
    """At most `limit` requests per `per` seconds from one address (a sliding window), for public endpoints
    that run the engine: one busy address cannot starve the staff chat."""

    limit: int = 20
    per: float = 10.0
    clock: Callable[[], float] = time.monotonic
    seen: dict[str, deque] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def allow(self, address: str) -> float:
        """0 when the request may go ahead, else the seconds until it may."""
        now = self.clock()
        with self._lock:
            stamps = self.seen.setdefault(address, deque())
            while stamps and now - stamps[0] >= self.per:
                stamps.popleft()
            if len(stamps) >= self.limit:
                return max(0.1, self.per - (now - stamps[0]))
            stamps.append(now)
            if len(self.seen) > 10_000:  # forget idle addresses, so the table cannot grow without bound
                for key in [k for k, v in self.seen.items() if not v or now - v[-1] >= self.per]:
                    del self.seen[key]
            return 0.0


class PublicLimitMiddleware:
    """ASGI middleware for the public question box (`POST /faq`, `GET /faq?q=`): an address over its RateLimit gets
    a short 429 before the request is parsed or the engine runs, so a client asking in a tight loop costs almost
    nothing (benchmarks/load.py: answering it with the FAQ page cost the staff chat a third of its answers)."""

    PAGE = ("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Please wait</title></head>"
            "<body><h1>Please wait</h1><p>Too many questions from this address just now. Please wait {wait} seconds "
            "and ask again.</p><p><a href=\"/faq\">Back to the parents' questions</a></p></body></html>")

    def __init__(self, app, limit: RateLimit, trusted_proxies: Iterable[str] = (), path: str = "/faq"):
        self.app = app
        self.limit = limit
        self.trusted = tuple(trusted_proxies)
        self.path = path

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and scope["path"].rstrip("/") == self.path and self._asks(scope):
            wait = self.limit.allow(client_address(scope, self.trusted))
            if wait:
                seconds = int(wait) + 1
                response = HTMLResponse(self.PAGE.format(wait=seconds), status_code=429,
                                        headers={"Retry-After": str(seconds)})
                return await response(scope, receive, send)
        await self.app(scope, receive, send)

    @staticmethod
    def _asks(scope) -> bool:
        if scope["method"] == "POST":
            return True
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        return any(v.strip() for v in query.get("q", []))
