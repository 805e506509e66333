"""Refusals and the JSON error bodies: every error the service answers is JSON,
``{"error": {"type", "message", "message_zh"}}`` (422 adds ``errors`` and ``errors_zh``);
the handlers that turn an exception into one."""

from __future__ import annotations

import http
import json
import logging
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Final

import orjson
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

__all__ = [
    "CLOSE",
    "EXCEPTION_HANDLERS",
    "JSON",
    "Gone",
    "Refusal",
    "dumps",
    "lang_of",
]

#: The media type of every answer but a schema's and a batch's.
JSON: Final = "application/json"
#: The answer closes the connection: the rest of the request is not waited for.
CLOSE: Final = {"Connection": "close"}
_logger = logging.getLogger("uvicorn.error")


class Refusal(Exception):
    """A request the service refuses: the status, the error type and the message in both
    languages; for 422, the bad items (``path``, ``message``) in both languages."""

    def __init__(
        self,
        status: int,
        kind: str,
        message: str,
        message_zh: str,
        *,
        errors: Sequence[tuple[str, str]] | None = None,
        errors_zh: Sequence[tuple[str, str]] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.kind = kind
        self.message = message
        self.message_zh = message_zh
        self.errors = errors
        self.errors_zh = errors_zh if errors_zh is not None else errors
        self.headers = dict(headers or {})

    def content(self, lang: str = "en") -> bytes:
        """The JSON body, ``message`` in ``lang``."""
        error: dict[str, Any] = {
            "type": self.kind,
            "message": self.message_zh if lang == "zh" else self.message,
            "message_zh": self.message_zh,
        }
        if self.errors is not None:
            error["errors"] = [{"path": p, "message": m} for p, m in self.errors]
            error["errors_zh"] = [{"path": p, "message": m} for p, m in self.errors_zh or ()]
        return dumps({"error": error})

    def response(self, lang: str = "en") -> Response:
        return Response(
            self.content(lang),
            status_code=self.status,
            media_type=JSON,
            headers={"Content-Language": lang, **self.headers},
        )

    def raw(self) -> bytes:
        """The whole HTTP/1.1 answer, in English (``message_zh`` in Chinese), closing the
        connection: for the connection itself to write, before or without a request that
        the application answers."""
        body = self.content()
        headers = {
            "Content-Type": JSON,
            "Content-Length": str(len(body)),
            "Content-Language": "en",
            **self.headers,
            "Connection": "close",
        }
        head = f"HTTP/1.1 {self.status} {http.HTTPStatus(self.status).phrase}\r\n"
        head += "".join(f"{name}: {value}\r\n" for name, value in headers.items())
        return (head + "\r\n").encode("ascii") + body


class Gone(Exception):
    """The client closed the connection before its request body arrived."""


def dumps(data: Any) -> bytes:
    """JSON as the command line prints it (``json.dumps(..., ensure_ascii=False,
    indent=2)`` and a line end), byte for byte; orjson writes the same, faster."""
    try:
        return orjson.dumps(data, option=orjson.OPT_INDENT_2) + b"\n"
    except (TypeError, orjson.JSONEncodeError):
        # What orjson refuses (a lone surrogate in an error message that quotes the input,
        # an integer over 64 bits): the standard encoder, with escapes, still valid JSON.
        return (json.dumps(data, indent=2) + "\n").encode("ascii")


def lang_of(request: Request) -> str:
    """The language of the messages: ``lang`` if it is one, else English."""
    lang = request.query_params.get("lang")
    return lang if lang in {"en", "zh"} else "en"


# ---------------------------------------------------------------- error handlers

_HTTP_ERRORS: Final = {
    404: ("not_found", "no such endpoint: {path}", "没有这个接口：{path}"),
    405: (
        "method_not_allowed",
        "{path} does not take {method}",
        "{path} 不接受 {method} 请求",
    ),
}


async def _refused(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, Refusal)
    return exc.response(lang_of(request))


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    kind, message, message_zh = _HTTP_ERRORS.get(
        exc.status_code, ("http_error", str(exc.detail), str(exc.detail))
    )
    values = {"path": request.url.path, "method": request.method}
    refusal = Refusal(
        exc.status_code,
        kind,
        message.format(**values),
        message_zh.format(**values),
        headers=exc.headers,
    )
    return refusal.response(lang_of(request))


async def _gone(request: Request, exc: Exception) -> Response:
    """A client that closed its connection before its request body arrived: one line in
    the log, no traceback (a client's doing, not the server's); the answer goes nowhere."""
    client = request.client
    _logger.info(
        "%s:%d - %s %s: the client closed the connection before its request body arrived",
        client.host if client else "?",
        client.port if client else 0,
        request.method,
        request.url.path,
    )
    return Response(status_code=400)


async def _internal_error(request: Request, exc: Exception) -> Response:
    refusal = Refusal(
        500,
        "internal_error",
        f"the library failed on this request ({type(exc).__name__}); this is a defect",
        f"本库处理此请求时出错（{type(exc).__name__}）；这是本库的缺陷",
    )
    return refusal.response(lang_of(request))


#: The application's exception handlers (Starlette's ``exception_handlers``): a refusal,
#: a client gone, Starlette's own 404 and 405, and anything else (500) all answer JSON.
EXCEPTION_HANDLERS: Final[Mapping[Any, Callable[[Request, Exception], Any]]] = {
    Refusal: _refused,
    Gone: _gone,
    HTTPException: _http_error,
    Exception: _internal_error,
}
