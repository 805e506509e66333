"""The token guard: with a token configured, a request without it is refused (401). The
JSON endpoints take the token as a bearer token; the web page's also take the session cookie
its sign-in form sets (`session_cookie`), and its form posts then carry a CSRF token
(`csrf_token`) tied to that session."""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Callable
from http.cookies import SimpleCookie
from typing import Final

from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from .errors import Refusal, lang_of

__all__ = [
    "SESSION_COOKIE",
    "SESSION_SECONDS",
    "TokenGuard",
    "csrf_token",
    "session_cookie",
    "token_digest",
    "valid_session",
]

#: The cookie of a web session (HttpOnly, SameSite=Strict, path /).
SESSION_COOKIE: Final = "callcenter_rules_session"
#: How long a web session lasts after signing in (12 hours).
SESSION_SECONDS: Final = 12 * 3600
#: Paths of the web page anyone may reach: the sign-in form and the static files.
_OPEN_PREFIXES: Final = ("/signin", "/static/")


def token_digest(token: str | None) -> bytes | None:
    """What the server keeps of its token: the SHA-256 digest (``None`` without one)."""
    return hashlib.sha256(token.encode()).digest() if token is not None else None


def _mac(digest: bytes, purpose: str, text: str) -> str:
    return hmac.new(digest, f"{purpose}:{text}".encode(), hashlib.sha256).hexdigest()


def session_cookie(digest: bytes, now: float | None = None) -> str:
    """The value of a new session cookie: when it was issued and a MAC of that, keyed
    with the token's digest (the token is not in it, and a worker of the same server can
    check it)."""
    issued = str(int(time.time() if now is None else now))
    return f"{issued}.{_mac(digest, 'session', issued)}"


def valid_session(digest: bytes, value: str, now: float | None = None) -> bool:
    """Whether ``value`` is a session cookie of this server, issued less than
    `SESSION_SECONDS` ago."""
    issued, _, mac = value.partition(".")
    if not issued.isdigit() or not hmac.compare_digest(mac, _mac(digest, "session", issued)):
        return False
    age = (time.time() if now is None else now) - int(issued)
    return 0 <= age < SESSION_SECONDS


def csrf_token(digest: bytes, session: str) -> str:
    """The CSRF token of the web page's forms in a session: a MAC of the session cookie."""
    return _mac(digest, "csrf", session)


def _session_of(scope: Scope) -> str | None:
    for name, value in scope["headers"]:
        if name == b"cookie":
            cookie: SimpleCookie = SimpleCookie()
            try:
                cookie.load(value.decode("latin-1"))
            except Exception:  # a malformed cookie header is no session
                continue
            if SESSION_COOKIE in cookie:
                return cookie[SESSION_COOKIE].value
    return None


class TokenGuard:
    """Refuse (401) a request without the bearer token, when one is configured. The
    token is compared by its SHA-256 digest with `hmac.compare_digest`: in constant time,
    and the token itself is not kept."""

    def __init__(
        self,
        app: ASGIApp,
        digest: bytes | None,
        web_paths: frozenset[str] = frozenset(),
        sign_in: Callable[[Scope], ASGIApp] | None = None,
    ) -> None:
        self.app = app
        self.digest = digest
        #: The web page's paths: they take the session cookie too, and refuse with the
        #: sign-in form (``sign_in``) rather than JSON.
        self.web_paths = web_paths
        self.sign_in = sign_in

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self.digest is None:
            await self.app(scope, receive, send)
            return
        path = scope["path"]
        state = scope.setdefault("state", {})
        if self.sign_in is not None and path.startswith(_OPEN_PREFIXES):
            await self.app(scope, receive, send)
            return
        given = [value for name, value in scope["headers"] if name == b"authorization"]
        scheme, _, token = given[0].strip().partition(b" ") if len(given) == 1 else (b"", b"", b"")
        digest = hashlib.sha256(token.strip()).digest()
        if scheme.lower() == b"bearer" and hmac.compare_digest(digest, self.digest):
            await self.app(scope, receive, send)
            return
        if path in self.web_paths and self.sign_in is not None:
            session = _session_of(scope)
            if session is not None and valid_session(self.digest, session):
                # Form posts in this session must carry its CSRF token (web.py checks).
                state["session"] = session
                await self.app(scope, receive, send)
                return
            await self.sign_in(scope)(scope, receive, send)
            return
        refusal = Refusal(
            401,
            "unauthorized",
            "this server needs the header Authorization: Bearer <token>, with its token",
            "此服务器要求请求头“Authorization: Bearer <令牌>”，并带有正确的令牌",
            headers={"WWW-Authenticate": 'Bearer realm="callcenter-rules"'},
        )
        await refusal.response(lang_of(Request(scope)))(scope, receive, send)
