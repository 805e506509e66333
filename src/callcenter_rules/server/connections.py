"""The HTTP/1.1 connection the server runs (uvicorn's h11 protocol, with guards): a
request head held to a size and a time, an answer left unread closed, the connection limit
answered in JSON; `uvicorn_settings`, what uvicorn is given to run it."""

from __future__ import annotations

import asyncio
import functools
import logging
from typing import Any, Final

import h11
from starlette.requests import Request
from starlette.types import Receive, Scope, Send
from uvicorn.config import Config as UvicornConfig
from uvicorn.protocols.http.h11_impl import H11Protocol
from uvicorn.server import ServerState

from .errors import CLOSE, Refusal, lang_of
from .limits import Limits

__all__ = ["uvicorn_settings"]

#: How long a client waits before it tries again after a 503 for a connection over the
#: limit (seconds).
_RETRY_CONNECTION: Final = 1
#: Bytes of a request body read and dropped after its answer (a 413, a 503 for a batch)
#: before the connection is closed: enough for most clients to send the rest of what they
#: had started and read the answer, not enough to keep the server busy dropping bytes.
_DISCARD: Final = 8 << 20
_logger = logging.getLogger("uvicorn.error")


def _busy(limit: int) -> Refusal:
    return Refusal(
        503,
        "server_busy",
        f"the server has {limit} connections open already (its --limit-concurrency); try "
        f"again in {_RETRY_CONNECTION} second",
        f"服务器已有 {limit} 个连接（--limit-concurrency）；请 {_RETRY_CONNECTION} 秒后重试",
        headers={"Retry-After": str(_RETRY_CONNECTION), **CLOSE},
    )


class _HeadBounded(h11.Connection):
    """h11's server side with its request heads held to ``limit`` bytes, however they
    arrive. h11 checks only a head that is still incomplete (its
    ``max_incomplete_event_size``): one that arrives whole in one read, or whose last part
    completes it, is taken whatever its size. Here the bytes a request head took from the
    buffer are counted too; over the limit, the head is refused as h11 refuses an
    incomplete one (`h11.RemoteProtocolError`, ``error_status_hint`` 431)."""

    def __init__(self, limit: int) -> None:
        super().__init__(h11.SERVER, max_incomplete_event_size=limit)
        self.limit = limit
        #: The status h11 (or this class) suggested for the last request it refused.
        self.refused = 400

    def next_event(self) -> Any:
        # Only a request head is counted: the buffer is copied (by trailing_data) only
        # while one is awaited, and holds at most one read then.
        awaiting = self.their_state is h11.IDLE
        before = len(self.trailing_data[0]) if awaiting else 0
        try:
            event = super().next_event()
        except h11.RemoteProtocolError as error:
            self.refused = error.error_status_hint
            raise
        head = before - len(self.trailing_data[0]) if isinstance(event, h11.Request) else 0
        if awaiting and head > self.limit:
            self.refused = 431
            raise h11.RemoteProtocolError("request head too large", error_status_hint=431)
        return event


class _Connection(H11Protocol):
    """An HTTP/1.1 connection (uvicorn's, on h11), held to `Limits`: its request head must
    arrive within ``timeout_header`` of its opening or of the previous answer (else 408
    if part of it came, and the connection is closed); its client must not leave an
    answer unread for ``timeout_body`` (else the connection is dropped); a request over
    the connection limit, malformed HTTP and a head over the limit are answered in JSON
    in both languages (503, 400, 431) rather than in uvicorn's plain text."""

    def __init__(
        self,
        config: UvicornConfig,
        server_state: ServerState,
        app_state: dict[str, Any],
        _loop: asyncio.AbstractEventLoop | None = None,
        *,
        limits: Limits,
    ) -> None:
        super().__init__(config, server_state, app_state, _loop)
        self.limits = limits
        self.conn = _HeadBounded(limits.max_header_size)
        # uvicorn checks its limit_concurrency itself and answers in plain text; here it
        # is checked by `_admit`, which answers in JSON.
        self.connection_limit = config.limit_concurrency
        self.limit_concurrency = None
        self.application: Any = self.app
        self.app = self._admit
        self.head_timer: asyncio.TimerHandle | None = None
        self.read_timer: asyncio.TimerHandle | None = None
        #: The request cycle when the head timer was set: a new one means a head came.
        self.awaiting: object = None
        #: Bytes of a body dropped after its answer (`_DISCARD`).
        self.discarded = 0

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        limit = self.connection_limit
        if limit is not None and len(self.connections) > 2 * limit:
            transport.write(_busy(limit).raw())
            transport.close()
            return
        self._await_head()

    def connection_lost(self, exc: Exception | None) -> None:
        for timer in (self.head_timer, self.read_timer):
            if timer is not None:
                timer.cancel()
        self.head_timer = self.read_timer = None
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        cycle = self.cycle
        if cycle is not None and cycle.response_complete and self.conn.their_state is h11.SEND_BODY:
            # The rest of a body whose request is answered: dropped, up to a point.
            self.discarded += len(data)
            if self.discarded > _DISCARD:
                self.transport.close()
                return
        super().data_received(data)

    # -- the request head

    def _await_head(self) -> None:
        if self.head_timer is not None:
            self.head_timer.cancel()
        self.awaiting = self.cycle
        self.discarded = 0
        self.head_timer = self.loop.call_later(self.limits.timeout_header, self._head_late)

    def handle_events(self) -> None:
        super().handle_events()
        if self.head_timer is not None and self.cycle is not self.awaiting:
            self.head_timer.cancel()
            self.head_timer = None

    def on_response_complete(self) -> None:
        self._await_head()  # before: a pipelined request's head, read now, stops it
        super().on_response_complete()

    def _head_late(self) -> None:
        self.head_timer = None
        if self.transport.is_closing():
            return
        if self.conn.their_state is h11.IDLE and self.conn.trailing_data[0]:
            seconds = self.limits.timeout_header
            late = Refusal(
                408,
                "request_timeout",
                f"the request head did not arrive within {seconds:g} seconds (the server's "
                "--timeout-header)",
                f"请求头未在 {seconds:g} 秒内全部到达（服务器的 --timeout-header）",
            )
            self.transport.write(late.raw())
        self.transport.close()

    def send_400_response(self, msg: str) -> None:
        limit = self.limits.max_header_size
        if isinstance(self.conn, _HeadBounded) and self.conn.refused == 431:
            refusal = Refusal(
                431,
                "header_too_large",
                f"the request head is larger than {limit} bytes (the server's --max-header-size)",
                f"请求头超过 {limit} 字节（服务器的 --max-header-size）",
            )
        else:
            refusal = Refusal(
                400,
                "invalid_http",
                "the request is not valid HTTP/1.1",
                "请求不是有效的 HTTP/1.1 请求",
            )
        self.transport.write(refusal.raw())
        self.transport.close()

    # -- the answer

    def pause_writing(self) -> None:
        super().pause_writing()
        if self.read_timer is None:
            self.read_timer = self.loop.call_later(self.limits.timeout_body, self._unread)

    def resume_writing(self) -> None:
        super().resume_writing()
        if self.read_timer is not None:
            self.read_timer.cancel()
            self.read_timer = None

    def _unread(self) -> None:
        self.read_timer = None
        client = self.client or ("?", 0)
        _logger.info(
            "%s:%d - the client left its answer unread for %g seconds (--timeout-body); "
            "connection closed",
            client[0],
            client[1],
            self.limits.timeout_body,
        )
        self.transport.abort()

    # -- the connection limit

    async def _admit(self, scope: Scope, receive: Receive, send: Send) -> None:
        limit = self.connection_limit
        if limit is not None and (len(self.connections) > limit or len(self.tasks) > limit):
            refusal = _busy(limit)
            await refusal.response(lang_of(Request(scope)))(scope, receive, send)
            return
        await self.application(scope, receive, send)


def uvicorn_settings(limits: Limits | None = None) -> dict[str, Any]:
    """The keyword arguments of ``uvicorn.run`` (or ``uvicorn.Config``) that hold the
    server to ``limits`` (the defaults if not given): its connection limit, keep-alive
    timeout and largest request head, and the HTTP/1.1 protocol (h11) that bounds the time
    a request head may take and an answer may stay unread, and answers in JSON what
    uvicorn answers in plain text. The limits on batches and request bodies are the
    application's (`create_app`)."""
    limits = limits or Limits()
    return {
        "http": functools.partial(_Connection, limits=limits),
        "limit_concurrency": limits.limit_concurrency,
        "timeout_keep_alive": limits.timeout_keep_alive,
        "h11_max_incomplete_event_size": limits.max_header_size,
    }
