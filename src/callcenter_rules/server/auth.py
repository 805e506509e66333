"""The bearer-token guard: with a token configured, a request without it is refused
(401)."""

from __future__ import annotations

import hashlib
import hmac

from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from .errors import Refusal, lang_of

__all__ = ["TokenGuard", "token_digest"]


def token_digest(token: str | None) -> bytes | None:
    """What the server keeps of its token: the SHA-256 digest (``None`` without one)."""
    return hashlib.sha256(token.encode()).digest() if token is not None else None


class TokenGuard:
    """Refuse (401) a request without the bearer token, when one is configured. The
    token is compared by its SHA-256 digest with `hmac.compare_digest`: in constant time,
    and the token itself is not kept."""

    def __init__(self, app: ASGIApp, digest: bytes | None) -> None:
        self.app = app
        self.digest = digest

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self.digest is None:
            await self.app(scope, receive, send)
            return
        given = [value for name, value in scope["headers"] if name == b"authorization"]
        scheme, _, token = given[0].strip().partition(b" ") if len(given) == 1 else (b"", b"", b"")
        digest = hashlib.sha256(token.strip()).digest()
        if scheme.lower() == b"bearer" and hmac.compare_digest(digest, self.digest):
            await self.app(scope, receive, send)
            return
        refusal = Refusal(
            401,
            "unauthorized",
            "this server needs the header Authorization: Bearer <token>, with its token",
            "此服务器要求请求头“Authorization: Bearer <令牌>”，并带有正确的令牌",
            headers={"WWW-Authenticate": 'Bearer realm="callcenter-rules"'},
        )
        await refusal.response(lang_of(Request(scope)))(scope, receive, send)
