"""The JSON service (``callcenter-rules serve``): the library over HTTP, for tools in any
language.

An ASGI application (Starlette) with one engine, built from a `Config` when the application
is created and closed when it shuts down; ``callcenter-rules serve`` runs it on uvicorn,
one application (so one engine) per worker process. The answers are the command line's:
``POST /v1/assess`` returns the same JSON, byte for byte, as ``callcenter-rules assess
--format json`` with the same configuration, ``POST /v1/batch`` the same lines as
``callcenter-rules batch``.

Endpoints::

    POST /v1/assess          a profile (application/json) -> Assessment.to_dict()
    POST /v1/plan            a profile (application/json) -> Plan.to_dict()
    POST /v1/batch           JSON Lines (application/x-ndjson or application/jsonl)
                             -> JSON Lines, streamed, one line per input row, in order
    GET  /v1/rules           the engine's rules (the law's, then each pack's)
    GET  /v1/parameters      the engine's parameter table
    GET  /v1/schemas/{name}  the JSON Schema of the profile, the assessment or the plan
    GET  /healthz            status, version, ruleset hash and configuration
    GET  /openapi.json       an OpenAPI 3.1 document built from the shipped JSON Schemas

Every error is JSON, ``{"error": {"type", "message", "message_zh"}}`` (422 adds
``errors`` and ``errors_zh``, lists of ``{"path", "message"}``): 400 malformed JSON (or
malformed HTTP), 401 a missing or wrong bearer token, 404, 405, 408 a request head or body
that does not arrive in time, 413 a body over the limit (checked as it arrives), 415 a wrong
content type, 422 an invalid profile or query parameter, 431 a request head over the limit,
503 the server busy (too many connections or batches; ``Retry-After`` says when to try
again). Bad input never gives a 500.

What a client can hold is bounded (`Limits`): connections, batches at a time, the input a
batch reads ahead, the size of a request head, and the time a request head or body may take
to arrive and an answer to be read. `uvicorn_settings` gives uvicorn the limits it applies
itself, and the HTTP protocol that applies the rest: an HTTP/1.1 connection (h11) that
closes connections whose request head does not arrive in time, or whose client stops
reading its answer.
"""

from __future__ import annotations

import asyncio
import base64
import datetime
import functools
import hashlib
import hmac
import http
import json
import logging
import os
import pickle
import re
import time
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from contextlib import asynccontextmanager
from typing import Any, Final, TypeVar

import anyio
import attrs
import h11
import orjson
from anyio.streams.memory import MemoryObjectReceiveStream, MemoryObjectSendStream
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from uvicorn.config import Config as UvicornConfig
from uvicorn.protocols.http.h11_impl import H11Protocol
from uvicorn.server import ServerState

from ._version import __version__
from .api import Engine, UnsupportedDate, check_as_of
from .batch import DETAILS, Row
from .batch.read import jsonl_row
from .batch.records import Job, record, record_line
from .config import Config
from .json_input import JSONInputError
from .json_input import loads as json_loads
from .model import InvalidProfile, Said
from .reference import rule_catalogue
from .schema import SCHEMA_NAMES, committed_schema

__all__ = [
    "BATCH_MEDIA_TYPES",
    "DEFAULT_BODY_LIMIT",
    "WORKER_ENVIRONMENT",
    "Limits",
    "create_app",
    "openapi_document",
    "uvicorn_settings",
    "worker_app",
    "worker_state",
]

#: Largest request body of ``/v1/assess`` and ``/v1/plan`` by default (1 MiB); also the
#: longest line of a ``/v1/batch`` request.
DEFAULT_BODY_LIMIT: Final = 1 << 20
#: The content types ``/v1/batch`` accepts (JSON Lines); it answers with the first.
BATCH_MEDIA_TYPES: Final = ("application/x-ndjson", "application/jsonl")
#: The environment variable that carries the configuration to worker processes (set by
#: ``callcenter-rules serve --workers N``; see `worker_state`).
WORKER_ENVIRONMENT: Final = "_CALLCENTER_RULES_SERVE_STATE"

_JSON: Final = "application/json"
#: Rows assessed per step of a batch at most (each step is one write of the response, and
#: one turn of the engine: single requests wait behind at most one step).
_BATCH_STEP: Final = 16
#: Seconds of work a step of a batch takes at most: it ends after the row that passes
#: them, even with fewer than `_BATCH_STEP` rows, so that a batch of slow rows (plans
#: take milliseconds each) lets the other requests take their turns between its steps.
_BATCH_SLICE: Final = 0.010
#: How long a client waits before it tries again after a 503 (seconds): a connection
#: over the limit, a batch over the limit.
_RETRY_CONNECTION: Final = 1
_RETRY_BATCH: Final = 5
#: Bytes of a request body read and dropped after its answer (a 413, a 503 for a batch)
#: before the connection is closed: enough for most clients to send the rest of what they
#: had started and read the answer, not enough to keep the server busy dropping bytes.
_DISCARD: Final = 8 << 20
_DATE_SHAPE: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_logger = logging.getLogger("uvicorn.error")
_T = TypeVar("_T")


# ---------------------------------------------------------------- limits


def _positive(_instance: Any, attribute: attrs.Attribute[Any], value: float) -> None:
    if value <= 0:
        raise ValueError(f"{attribute.name} must be more than 0, got {value}")


@attrs.frozen
class Limits:
    """What one server process lets its clients hold: each bound is there so that no
    client (slow, stuck or hostile) can take memory, connections or time without end.
    ``callcenter-rules serve`` sets them from its options (docs/server.md).

    Raises:
        ValueError: a limit that is not more than 0.
    """

    #: Connections open at once (uvicorn's ``limit_concurrency``): a request that arrives
    #: while more are open, or more requests are in flight, is answered 503 with
    #: ``Retry-After``, and its connection closed; a connection opened while twice as many
    #: are open is answered 503 and closed at once.
    limit_concurrency: int = attrs.field(default=128, validator=_positive)
    #: ``POST /v1/batch`` streams at once; one more is answered 503 with ``Retry-After``.
    limit_batches: int = attrs.field(default=4, validator=_positive)
    #: Bytes of batch input read ahead of the assessments, per batch. Once that much waits
    #: to be assessed, the server stops reading the request until the answer catches up.
    batch_read_ahead: int = attrs.field(default=4 << 20, validator=_positive)
    #: The largest request head (request line and headers), in bytes; over it: 431.
    max_header_size: int = attrs.field(default=16 << 10, validator=_positive)
    #: Seconds an idle connection is kept open after an answer (uvicorn's
    #: ``timeout_keep_alive``).
    timeout_keep_alive: float = attrs.field(default=5.0, validator=_positive)
    #: Seconds a request head has, from the opening of the connection (or the end of the
    #: previous answer), to arrive whole: a connection that sends nothing is closed, one
    #: that sent part of a head is answered 408 and closed.
    timeout_header: float = attrs.field(default=10.0, validator=_positive)
    #: Seconds the body of ``/v1/assess`` or ``/v1/plan`` has to arrive whole (else 408);
    #: the longest a batch waits for the next part of its input (else its answer is cut
    #: off); and the longest any answer waits for the client to read it (else the
    #: connection is closed).
    timeout_body: float = attrs.field(default=30.0, validator=_positive)
    #: Bytes a second a batch's input must average, over the time the server waits for it
    #: (not the time it is busy with rows it has), once it has waited ``timeout_body`` in
    #: all: slower, its answer is cut off, so that a client that trickles its input cannot
    #: hold one of the ``limit_batches`` for as long as it likes.
    batch_min_rate: int = attrs.field(default=4096, validator=_positive)


# ---------------------------------------------------------------- refusals


class _Refusal(Exception):
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
        return _dumps({"error": error})

    def response(self, lang: str = "en") -> Response:
        return Response(
            self.content(lang),
            status_code=self.status,
            media_type=_JSON,
            headers={"Content-Language": lang, **self.headers},
        )

    def raw(self) -> bytes:
        """The whole HTTP/1.1 answer, in English (``message_zh`` in Chinese), closing the
        connection: for the connection itself to write, before or without a request that
        the application answers."""
        body = self.content()
        headers = {
            "Content-Type": _JSON,
            "Content-Length": str(len(body)),
            "Content-Language": "en",
            **self.headers,
            "Connection": "close",
        }
        head = f"HTTP/1.1 {self.status} {http.HTTPStatus(self.status).phrase}\r\n"
        head += "".join(f"{name}: {value}\r\n" for name, value in headers.items())
        return (head + "\r\n").encode("ascii") + body


def _invalid_query(name: str, message: str, message_zh: str) -> _Refusal:
    return _Refusal(
        422,
        "invalid_query",
        f"query parameter {name}: {message}",
        f"查询参数 {name}：{message_zh}",
        errors=[(name, message)],
        errors_zh=[(name, message_zh)],
    )


def _dumps(data: Any) -> bytes:
    """JSON as the command line prints it (``json.dumps(..., ensure_ascii=False,
    indent=2)`` and a line end), byte for byte; orjson writes the same, faster."""
    try:
        return orjson.dumps(data, option=orjson.OPT_INDENT_2) + b"\n"
    except (TypeError, orjson.JSONEncodeError):
        # What orjson refuses (a lone surrogate in an error message that quotes the input,
        # an integer over 64 bits): the standard encoder, with escapes, still valid JSON.
        return (json.dumps(data, indent=2) + "\n").encode("ascii")


def _lang_of(request: Request) -> str:
    """The language of the messages: ``lang`` if it is one, else English."""
    lang = request.query_params.get("lang")
    return lang if lang in {"en", "zh"} else "en"


# ---------------------------------------------------------------- the query


def _query(request: Request, allowed: Sequence[str]) -> dict[str, str]:
    """The query parameters, each at most once and each known to the endpoint."""
    params = request.query_params
    for name in params:
        if name not in allowed:
            known = ", ".join(allowed)
            raise _invalid_query(
                name,
                f"unknown parameter (this endpoint takes {known})",
                f"未知的参数（此接口可用：{'、'.join(allowed)}）",
            )
        if len(params.getlist(name)) > 1:
            raise _invalid_query(name, "given more than once", "重复出现")
    found = dict(params)
    lang = found.get("lang", "en")
    if lang not in {"en", "zh"}:
        raise _invalid_query(
            "lang", f"must be en or zh, got {lang!r}", f"应为 en 或 zh，实际为“{lang}”"
        )
    return found


def _flag(query: Mapping[str, str], name: str) -> bool:
    value = query.get(name, "false")
    if value not in {"true", "false"}:
        raise _invalid_query(
            name, f"must be true or false, got {value!r}", f"应为 true 或 false，实际为“{value}”"
        )
    return value == "true"


def _day(query: Mapping[str, str], engine: Engine) -> datetime.date:
    """The day whose law applies: ``as_of`` (YYYY-MM-DD), else today."""
    text = query.get("as_of")
    day = None
    if text is not None:
        try:
            if not _DATE_SHAPE.fullmatch(text):
                raise ValueError(text)
            day = datetime.date.fromisoformat(text)
        except ValueError:
            raise _invalid_query(
                "as_of",
                f"{text!r} is not a date as YYYY-MM-DD",
                f"“{text}”不是 YYYY-MM-DD 格式的日期",
            ) from None
    try:
        return check_as_of(day, earliest=engine.law.earliest)
    except UnsupportedDate as error:
        raise _Refusal(
            422,
            "unsupported_date",
            str(error),
            error.message_zh,
            errors=[("as_of", str(error))],
            errors_zh=[("as_of", error.message_zh)],
        ) from None


def _media_type(request: Request, accepted: Sequence[str]) -> None:
    """Refuse (415) a body whose content type is not one of ``accepted`` (a charset, if
    given, must be UTF-8)."""
    header = request.headers.get("content-type", "")
    media, *params = (part.strip() for part in header.split(";"))
    charset = "utf-8"
    for param in params:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip('"').lower()
    if media.lower() in accepted and charset in {"utf-8", "utf8"}:
        return
    wanted = " or ".join(accepted)
    wanted_zh = "或".join(accepted)
    shown = header or "none"
    shown_zh = f"“{header}”" if header else "未注明"
    raise _Refusal(
        415,
        "unsupported_media_type",
        f"the body must be {wanted} in UTF-8; the request says {shown}",
        f"请求体应为 UTF-8 编码的 {wanted_zh}；此请求的类型为{shown_zh}",
    )


#: The answer closes the connection: the rest of the request is not waited for.
_CLOSE: Final = {"Connection": "close"}


def _too_large(limit: int) -> _Refusal:
    return _Refusal(
        413,
        "body_too_large",
        f"the body is larger than {limit} bytes (the server's --body-limit)",
        f"请求体超过 {limit} 字节（服务器的 --body-limit）",
    )


def _body_timeout(seconds: float) -> _Refusal:
    return _Refusal(
        408,
        "request_timeout",
        f"the request body did not arrive within {seconds:g} seconds (the server's --timeout-body)",
        f"请求体未在 {seconds:g} 秒内全部到达（服务器的 --timeout-body）",
        headers=_CLOSE,
    )


class _Gone(Exception):
    """The client closed the connection before its request body arrived."""


async def _body(request: Request, limit: int, timeout: float) -> bytes:
    """The request body, refused (413) as soon as it is known to be over ``limit``: from
    its declared length before reading any of it, else while it arrives; refused (408) if
    it has not arrived whole within ``timeout`` seconds."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise _too_large(limit)
    chunks = []
    size = 0
    with anyio.move_on_after(timeout) as deadline:
        try:
            async for chunk in request.stream():
                size += len(chunk)
                if size > limit:
                    raise _too_large(limit)
                chunks.append(chunk)
        except ClientDisconnect:
            raise _Gone from None
    if deadline.cancelled_caught:
        raise _body_timeout(timeout)
    return b"".join(chunks)


def _profile_data(body: bytes) -> Any:
    """The profile in a request body, read as the command line reads a file: UTF-8 (a
    byte order mark allowed), JSON read strictly (`json_input`)."""
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        byte = body[error.start]
        raise _Refusal(
            400,
            "invalid_encoding",
            f"the body is not valid UTF-8 (byte 0x{byte:02x} at offset {error.start})",
            f"请求体不是有效的 UTF-8 文本（偏移量 {error.start} 处的字节 0x{byte:02x}）",
        ) from None
    try:
        return json_loads(text)
    except JSONInputError as error:
        raise _Refusal(
            400,
            "invalid_json",
            f"the body is not valid JSON: {error}",
            f"请求体不是有效的 JSON：{error.message_zh}",
        ) from None


def _invalid_profile(error: InvalidProfile) -> _Refusal:
    return _Refusal(
        422,
        "invalid_profile",
        str(error),
        error.describe("zh"),
        errors=error.errors,
        errors_zh=error.errors_zh,
    )


# ---------------------------------------------------------------- the service


class _Service:
    """The endpoints, around one engine."""

    def __init__(
        self, engine: Engine, body_limit: int, token_digest: bytes | None, limits: Limits
    ) -> None:
        self.engine = engine
        self.body_limit = body_limit
        self.token_digest = token_digest
        self.limits = limits
        #: ``POST /v1/batch`` streams running (in the event loop: no lock needed).
        self.batches = 0
        #: One engine call at a time, in order of arrival (made in the event loop).
        self._turns: anyio.CapacityLimiter | None = None
        # What the GET endpoints answer never changes while the engine lives.
        self.rules = _dumps(rule_catalogue(engine.parameters, engine.rule_packs))
        self.parameters = _dumps(engine.parameters.to_dict())
        self.health = _dumps(
            {
                "status": "ok",
                "version": __version__,
                "ruleset_hash": engine.ruleset_hash,
                "configuration": engine.configuration,
            }
        )
        self.schemas = {name: _dumps(committed_schema(name)) for name in SCHEMA_NAMES}
        self.openapi = _dumps(openapi_document(token=token_digest is not None))

    async def run(self, work: Callable[..., _T], *args: Any) -> _T:
        """``work(*args)`` in a worker thread, keeping the event loop free. The engine
        assesses one profile at a time; its calls take turns first come, first served, in
        one thread at a time (many threads waiting on the engine's lock would be served in
        no particular order, and the slowest would wait far longer than the rest)."""
        if self._turns is None:
            self._turns = anyio.CapacityLimiter(1)
        return await anyio.to_thread.run_sync(work, *args, limiter=self._turns)

    # -- POST

    async def assess(self, request: Request) -> Response:
        query = _query(request, ("as_of", "lang", "trace"))
        _media_type(request, (_JSON,))
        day = _day(query, self.engine)
        trace = _flag(query, "trace")
        body = await _body(request, self.body_limit, self.limits.timeout_body)
        content = await self.run(self._assess, body, day, trace)
        return Response(content, media_type=_JSON)

    def _assess(self, body: bytes, day: datetime.date, trace: bool) -> bytes:
        data = _profile_data(body)
        try:
            result = self.engine.assess(data, as_of=day, trace=trace)
        except InvalidProfile as error:
            raise _invalid_profile(error) from None
        return _dumps(result.to_dict())

    async def plan(self, request: Request) -> Response:
        query = _query(request, ("as_of", "lang"))
        _media_type(request, (_JSON,))
        day = _day(query, self.engine)
        body = await _body(request, self.body_limit, self.limits.timeout_body)
        content = await self.run(self._plan, body, day)
        return Response(content, media_type=_JSON)

    def _plan(self, body: bytes, day: datetime.date) -> bytes:
        data = _profile_data(body)
        try:
            found = self.engine.plan(data, as_of=day)
        except InvalidProfile as error:
            raise _invalid_profile(error) from None
        return _dumps(found.to_dict())

    # -- GET

    async def rules_list(self, request: Request) -> Response:
        _query(request, ("lang",))
        return Response(self.rules, media_type=_JSON)

    async def parameter_table(self, request: Request) -> Response:
        _query(request, ("lang",))
        return Response(self.parameters, media_type=_JSON)

    async def schema(self, request: Request) -> Response:
        _query(request, ("lang",))
        name = request.path_params["name"]
        if name not in self.schemas:
            names = ", ".join(SCHEMA_NAMES)
            raise _Refusal(
                404,
                "not_found",
                f"no schema {name!r}; the schemas are {names}",
                f"没有名为“{name}”的 Schema；可用：{'、'.join(SCHEMA_NAMES)}",
            )
        return Response(self.schemas[name], media_type="application/schema+json")

    async def healthz(self, request: Request) -> Response:
        _query(request, ("lang",))
        return Response(self.health, media_type=_JSON)

    async def openapi_json(self, request: Request) -> Response:
        _query(request, ("lang",))
        return Response(self.openapi, media_type=_JSON)

    # -- batch: see _Batch

    def batch_lines(
        self, items: Sequence[_Item], day: datetime.date, job: Job
    ) -> tuple[bytes, int]:
        """The output lines of the first batch rows of ``items`` (the command line's
        `batch` lines), and how many: all of them, or those done when `_BATCH_SLICE` has
        passed (at least one)."""
        lines = []
        stop = time.perf_counter() + _BATCH_SLICE
        for item in items:
            row = item if isinstance(item, Row) else jsonl_row(*item)
            lines.append(record_line(record(self.engine, row, day, job)))
            if time.perf_counter() >= stop:
                break
        return b"".join(lines), len(lines)


#: A row of batch input as read: (row number, line number, bytes), or a `Row` that could
#: not be read (a line over the limit).
_Item = tuple[int, int, bytes] | Row


class _Splitter:
    """Batch input into rows as it arrives, numbered as the command line numbers them:
    lines split at ``\\n``, a byte order mark dropped from the first, blank lines skipped
    (not counted as rows). A line longer than ``limit`` bytes is not kept: it becomes a
    ``line_too_long`` row."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.pending = bytearray()
        self.line = 0
        self.row = 0
        #: Inside a line over the limit (its bytes are dropped as they come).
        self.skipping = False
        self.skipped_blank = True

    def feed(self, data: bytes) -> list[_Item]:
        items: list[_Item] = []
        start = 0
        while (end := data.find(b"\n", start)) >= 0:
            self._take(data[start : end + 1])
            item = self._finish()
            if item is not None:
                items.append(item)
            start = end + 1
        self._take(data[start:])
        return items

    def end(self) -> list[_Item]:
        """The last line, if the input does not end with a line end."""
        if not self.pending and not self.skipping:
            return []
        item = self._finish()
        return [item] if item is not None else []

    def _take(self, piece: bytes) -> None:
        if not piece:
            return
        if self.skipping:
            self.skipped_blank = self.skipped_blank and not piece.strip()
            return
        self.pending += piece
        if len(self.pending) > self.limit:
            self.skipping = True
            self.skipped_blank = not self.pending.strip()
            self.pending.clear()

    def _finish(self) -> _Item | None:
        self.line += 1
        if self.skipping:
            self.skipping = False
            if self.skipped_blank:
                return None
            self.row += 1
            return Row(
                self.row,
                problem=(
                    "line_too_long",
                    Said(
                        f"line {self.line} is longer than {self.limit} bytes (the server's "
                        "--body-limit)",
                        f"第{self.line}行超过 {self.limit} 字节（服务器的 --body-limit）",
                    ),
                ),
                line=self.line,
            )
        raw = bytes(self.pending)
        self.pending.clear()
        if self.line == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        if not raw.strip():
            return None
        self.row += 1
        return (self.row, self.line, raw)


#: What a row read ahead holds in memory besides its bytes (a tuple, two numbers, a bytes
#: object and its place in a list), counted against `Limits.batch_read_ahead`.
_ROW_OVERHEAD: Final = 200


def _held(item: _Item) -> int:
    """The memory a row read ahead holds, roughly."""
    return _ROW_OVERHEAD + (len(item[2]) if isinstance(item, tuple) else 0)


class _Intake:
    """The input of one batch read ahead of its assessments: how much is held (`_held`),
    how much came in how long the server waited for it, and whether it was cut off
    because the client stopped sending (``"stopped"``) or sent too slowly (``"slow"``)."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.held = 0
        #: Bytes of input received, and seconds spent waiting for them.
        self.received = 0
        self.waited = 0.0
        self.cut: str | None = None
        self._room = anyio.Event()

    async def room(self) -> None:
        """Wait until less than the limit is held."""
        while self.held >= self.limit:
            self._room = anyio.Event()
            await self._room.wait()

    def take(self, items: Sequence[_Item]) -> None:
        self.held += sum(_held(item) for item in items)

    def give(self, items: Sequence[_Item]) -> None:
        self.held -= sum(_held(item) for item in items)
        self._room.set()


class _Batch:
    """``POST /v1/batch``: rows are read, assessed and written as they come, so that the
    response starts before the request ends and neither is held whole. Once the response
    has started nothing is refused: a row that cannot be read or assessed is an error line,
    as in the command line's batch.

    Bounded: at most `Limits.limit_batches` run at once (503 beyond); each reads at most
    `Limits.batch_read_ahead` of input ahead of its assessments, then stops reading until
    they catch up. If the input stops arriving for `Limits.timeout_body` seconds, or comes
    slower than `Limits.batch_min_rate` on average once the server has waited that long for
    it in all, the rows read are answered and the answer is cut off (the connection closes
    before the end of the chunked answer, so the client can tell it is incomplete)."""

    def __init__(self, service: _Service) -> None:
        self.service = service

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        service = self.service
        query = _query(request, ("as_of", "lang", "plan", "detail"))
        _media_type(request, BATCH_MEDIA_TYPES)
        day = _day(query, service.engine)
        detail = query.get("detail", "full")
        if detail not in DETAILS:
            raise _invalid_query(
                "detail",
                f"must be full or summary, got {detail!r}",
                f"应为 full 或 summary，实际为“{detail}”",
            )
        job = Job(plan=_flag(query, "plan"), detail=detail)
        limit = service.limits.limit_batches
        if service.batches >= limit:
            raise _Refusal(
                503,
                "server_busy",
                f"the server is answering {limit} batches already (its --limit-batches); "
                f"try again in {_RETRY_BATCH} seconds",
                f"服务器已在处理 {limit} 个批量请求（--limit-batches）；请 {_RETRY_BATCH} 秒后重试",
                headers={"Retry-After": str(_RETRY_BATCH)},
            )
        service.batches += 1
        try:
            await self._stream(scope, receive, send, day, job)
        finally:
            service.batches -= 1

    async def _stream(
        self, scope: Scope, receive: Receive, send: Send, day: datetime.date, job: Job
    ) -> None:
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [(b"content-type", BATCH_MEDIA_TYPES[0].encode())],
            }
        )
        intake = _Intake(self.service.limits.batch_read_ahead)
        # Unbounded in pieces; bounded in bytes by the intake.
        sender, receiver = anyio.create_memory_object_stream[list[_Item]](float("inf"))
        async with anyio.create_task_group() as tasks:
            tasks.start_soon(self._read, receive, sender, intake, tasks.cancel_scope)
            await self._write(send, receiver, intake, day, job)
            tasks.cancel_scope.cancel()
        if intake.cut is not None:
            client = scope.get("client") or ("?", 0)
            limits = self.service.limits
            if intake.cut == "slow":
                _logger.warning(
                    "%s:%d - POST /v1/batch: %d bytes of input in %.1f seconds of waiting for "
                    "it, less than %d bytes a second (--batch-min-rate); the rows read are "
                    "answered, the answer is cut off",
                    client[0],
                    client[1],
                    intake.received,
                    intake.waited,
                    limits.batch_min_rate,
                )
            else:
                _logger.warning(
                    "%s:%d - POST /v1/batch: no input for %g seconds (--timeout-body); the "
                    "rows read are answered, the answer is cut off",
                    client[0],
                    client[1],
                    limits.timeout_body,
                )
            return  # without the end of the answer: the server closes the connection
        await send({"type": "http.response.body", "body": b"", "more_body": False})

    async def _read(
        self,
        receive: Receive,
        sender: MemoryObjectSendStream[list[_Item]],
        intake: _Intake,
        scope: anyio.CancelScope,
    ) -> None:
        """Split the body into rows for `_write`, reading only while the intake has room;
        then wait for the client to go away, which ends the batch (a normal end cancels
        this task first). Input that stops arriving, or comes too slowly, ends the rows
        (`_Intake.cut`).

        Only the time spent waiting for input counts against the client, not the time the
        intake is full: a client that sends faster than its rows are assessed waits on the
        server, not the other way round. The server waits at most ``timeout_body`` for each
        part, and in all at most ``timeout_body`` or the time the input received would take
        at ``batch_min_rate``, whichever is longer."""
        splitter = _Splitter(self.service.body_limit)
        timeout = self.service.limits.timeout_body
        rate = self.service.limits.batch_min_rate
        async with sender:
            while True:
                await intake.room()
                allowed = max(timeout, intake.received / rate) - intake.waited
                if allowed <= 0:
                    intake.cut = "slow"
                    return
                started = anyio.current_time()
                with anyio.move_on_after(min(timeout, allowed)) as waiting:
                    message: Message = await receive()
                intake.waited += anyio.current_time() - started
                if waiting.cancelled_caught:
                    intake.cut = "stopped" if timeout <= allowed else "slow"
                    return
                if message["type"] == "http.disconnect":
                    scope.cancel()
                    return
                body = message.get("body", b"")
                intake.received += len(body)
                items = splitter.feed(body)
                more = message.get("more_body", False)
                if not more:
                    items += splitter.end()
                if items:
                    intake.take(items)
                    await sender.send(items)
                if not more:
                    break
        if (await receive())["type"] == "http.disconnect":
            scope.cancel()

    async def _write(
        self,
        send: Send,
        receiver: MemoryObjectReceiveStream[list[_Item]],
        intake: _Intake,
        day: datetime.date,
        job: Job,
    ) -> None:
        async with receiver:
            async for first in receiver:
                items = first
                while len(items) < _BATCH_STEP:
                    try:
                        items = items + receiver.receive_nowait()
                    except (anyio.WouldBlock, anyio.EndOfStream):
                        break
                start = 0
                while start < len(items):
                    step = items[start : start + _BATCH_STEP]
                    lines, done = await self.service.run(self.service.batch_lines, step, day, job)
                    await send({"type": "http.response.body", "body": lines, "more_body": True})
                    intake.give(step[:done])
                    start += done


class _TokenGuard:
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
        refusal = _Refusal(
            401,
            "unauthorized",
            "this server needs the header Authorization: Bearer <token>, with its token",
            "此服务器要求请求头“Authorization: Bearer <令牌>”，并带有正确的令牌",
            headers={"WWW-Authenticate": 'Bearer realm="callcenter-rules"'},
        )
        await refusal.response(_lang_of(Request(scope)))(scope, receive, send)


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
    assert isinstance(exc, _Refusal)
    return exc.response(_lang_of(request))


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    kind, message, message_zh = _HTTP_ERRORS.get(
        exc.status_code, ("http_error", str(exc.detail), str(exc.detail))
    )
    values = {"path": request.url.path, "method": request.method}
    refusal = _Refusal(
        exc.status_code,
        kind,
        message.format(**values),
        message_zh.format(**values),
        headers=exc.headers,
    )
    return refusal.response(_lang_of(request))


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
    refusal = _Refusal(
        500,
        "internal_error",
        f"the library failed on this request ({type(exc).__name__}); this is a defect",
        f"本库处理此请求时出错（{type(exc).__name__}）；这是本库的缺陷",
    )
    return refusal.response(_lang_of(request))


# ---------------------------------------------------------------- the application


def create_app(
    config: Config,
    *,
    token: str | None = None,
    body_limit: int = DEFAULT_BODY_LIMIT,
    limits: Limits | None = None,
) -> Starlette:
    """The JSON service as an ASGI application, with its own engine built from ``config``
    now (closed when the application shuts down).

    Args:
        config: the policy, parameter overrides and rule packs of the engine.
        token: a shared secret; when given, every request must carry
            ``Authorization: Bearer <token>``.
        body_limit: the largest body of ``/v1/assess`` and ``/v1/plan``, and the longest
            line of ``/v1/batch``, in bytes.
        limits: the bounds on batches and on the time a body may take (`Limits`; the
            defaults if not given). Those on connections and request heads are the
            server's: `uvicorn_settings`.

    Raises:
        ValueError: ``body_limit`` is not positive, or ``token`` is empty; a configuration
            the engine refuses (`ConfigError`, `RulePackError`, ``ValueError``).
    """
    if token is not None and not token:
        raise ValueError("the token is empty")
    digest = hashlib.sha256(token.encode()).digest() if token is not None else None
    return _application(config, digest, body_limit, limits or Limits())


def _application(
    config: Config, digest: bytes | None, body_limit: int, limits: Limits
) -> Starlette:
    if body_limit < 1:
        raise ValueError(f"body_limit must be at least 1, got {body_limit}")
    engine = config.engine()
    service = _Service(engine, body_limit, digest, limits)

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        _logger.info(
            "callcenter-rules %s: pid %d, ruleset %s, %s",
            __version__,
            os.getpid(),
            engine.ruleset_hash[:12],
            "token required" if digest is not None else "no token",
        )
        try:
            yield
        finally:
            engine.close()

    routes = [
        Route("/v1/assess", service.assess, methods=["POST"]),
        Route("/v1/plan", service.plan, methods=["POST"]),
        Route("/v1/batch", _Batch(service), methods=["POST"]),
        Route("/v1/rules", service.rules_list, methods=["GET"]),
        Route("/v1/parameters", service.parameter_table, methods=["GET"]),
        Route("/v1/schemas/{name}", service.schema, methods=["GET"]),
        Route("/healthz", service.healthz, methods=["GET"]),
        Route("/openapi.json", service.openapi_json, methods=["GET"]),
    ]
    handlers: dict[Any, Callable[[Request, Exception], Any]] = {
        _Refusal: _refused,
        _Gone: _gone,
        HTTPException: _http_error,
        Exception: _internal_error,
    }
    app = Starlette(
        routes=routes,
        middleware=[Middleware(_TokenGuard, digest=digest)],
        exception_handlers=handlers,
        lifespan=lifespan,
    )
    app.state.engine = engine
    return app


def worker_state(
    config: Config, *, token: str | None, body_limit: int, limits: Limits | None = None
) -> str:
    """What a worker process needs to build its application, as the value of
    `WORKER_ENVIRONMENT`: the configuration, the body limit, the limits and the token's
    digest (not the token)."""
    digest = hashlib.sha256(token.encode()).digest() if token is not None else None
    state = (config, digest, body_limit, limits or Limits())
    return base64.b64encode(pickle.dumps(state)).decode("ascii")


def worker_app() -> Starlette:
    """The application of a worker process (uvicorn's factory), with its own engine,
    from `WORKER_ENVIRONMENT` as the ``serve`` command set it."""
    config, digest, body_limit, limits = pickle.loads(
        base64.b64decode(os.environ[WORKER_ENVIRONMENT])
    )
    return _application(config, digest, body_limit, limits)


# ---------------------------------------------------------------- connections


def _busy(limit: int) -> _Refusal:
    return _Refusal(
        503,
        "server_busy",
        f"the server has {limit} connections open already (its --limit-concurrency); try "
        f"again in {_RETRY_CONNECTION} second",
        f"服务器已有 {limit} 个连接（--limit-concurrency）；请 {_RETRY_CONNECTION} 秒后重试",
        headers={"Retry-After": str(_RETRY_CONNECTION), **_CLOSE},
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
            late = _Refusal(
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
            refusal = _Refusal(
                431,
                "header_too_large",
                f"the request head is larger than {limit} bytes (the server's --max-header-size)",
                f"请求头超过 {limit} 字节（服务器的 --max-header-size）",
            )
        else:
            refusal = _Refusal(
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
            await refusal.response(_lang_of(Request(scope)))(scope, receive, send)
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


# ---------------------------------------------------------------- OpenAPI

_SCHEMA_COMPONENTS: Final = {"profile": "Profile", "assessment": "Assessment", "plan": "Plan"}


def _component(name: str) -> dict[str, Any]:
    """A shipped JSON Schema as an OpenAPI component: without ``$schema`` and ``$id`` (its
    base is the OpenAPI document), each ``#/$defs/...`` reference made absolute."""
    schema = committed_schema(name)
    schema.pop("$schema", None)
    schema.pop("$id", None)
    base = f"#/components/schemas/{_SCHEMA_COMPONENTS[name]}"

    def rebase(node: Any) -> Any:
        if isinstance(node, dict):
            return {
                key: base + value[1:]
                if key == "$ref" and isinstance(value, str) and value.startswith("#/")
                else rebase(value)
                for key, value in node.items()
            }
        if isinstance(node, list):
            return [rebase(item) for item in node]
        return node

    result: dict[str, Any] = rebase(schema)
    return result


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


_PAIR: Final = {
    "type": "object",
    "additionalProperties": False,
    "required": ["path", "message"],
    "properties": {"path": {"type": "string"}, "message": {"type": "string"}},
}

_ERROR_TYPES: Final = (
    "invalid_json",
    "invalid_encoding",
    "unauthorized",
    "not_found",
    "method_not_allowed",
    "body_too_large",
    "unsupported_media_type",
    "invalid_profile",
    "invalid_query",
    "unsupported_date",
    "internal_error",
    "invalid_http",
    "request_timeout",
    "header_too_large",
    "server_busy",
)

#: Each error response: status, description, the error types it carries.
_ERROR_RESPONSES: Final = {
    "BadRequest": (
        "400",
        "The body is not valid UTF-8 JSON, or the request is not valid HTTP/1.1.",
        ["invalid_json", "invalid_encoding", "invalid_http"],
    ),
    "Unauthorized": (
        "401",
        "A token is configured and the request lacks Authorization: Bearer <token>, or its "
        "token is wrong.",
        ["unauthorized"],
    ),
    "NotFound": ("404", "No such endpoint (or schema).", ["not_found"]),
    "MethodNotAllowed": ("405", "The endpoint does not take this method.", ["method_not_allowed"]),
    "PayloadTooLarge": ("413", "The body is over the server's --body-limit.", ["body_too_large"]),
    "UnsupportedMediaType": (
        "415",
        "The content type is not accepted.",
        ["unsupported_media_type"],
    ),
    "UnprocessableContent": (
        "422",
        "An invalid profile (every bad field in errors), query parameter, or a day before "
        "the law modelled.",
        ["invalid_profile", "invalid_query", "unsupported_date"],
    ),
    "RequestTimeout": (
        "408",
        "The request head did not arrive within --timeout-header, or the body of /v1/assess "
        "or /v1/plan within --timeout-body; the server closes the connection.",
        ["request_timeout"],
    ),
    "RequestHeaderFieldsTooLarge": (
        "431",
        "The request head is over the server's --max-header-size; the server closes the "
        "connection.",
        ["header_too_large"],
    ),
    "InternalError": (
        "500",
        "A defect in the library (never caused by bad input).",
        ["internal_error"],
    ),
    "ServiceUnavailable": (
        "503",
        "The server is busy: more connections than its --limit-concurrency, or (/v1/batch) "
        "more batches than its --limit-batches. Try again after Retry-After seconds.",
        ["server_busy"],
    ),
}
#: The answers any request may have, whatever its endpoint: from the connection (malformed
#: HTTP, a head too slow or too large, too many connections) and from the application.
_ANY_RESPONSES: Final = (
    "BadRequest",
    "NotFound",
    "MethodNotAllowed",
    "RequestTimeout",
    "RequestHeaderFieldsTooLarge",
    "ServiceUnavailable",
)


def _error_response(name: str) -> dict[str, Any]:
    _, description, kinds = _ERROR_RESPONSES[name]
    schema: dict[str, Any] = {
        "allOf": [
            _ref("Error"),
            {"properties": {"error": {"properties": {"type": {"enum": kinds}}}}},
        ]
    }
    if name == "UnprocessableContent":
        schema["allOf"].append({"properties": {"error": {"required": ["errors", "errors_zh"]}}})
    response: dict[str, Any] = {
        "description": description,
        "content": {_JSON: {"schema": schema}},
    }
    if name == "Unauthorized":
        response["headers"] = {
            "WWW-Authenticate": {"schema": {"type": "string"}, "description": "Bearer"}
        }
    if name == "MethodNotAllowed":
        response["headers"] = {
            "Allow": {"schema": {"type": "string"}, "description": "The methods it takes."}
        }
    if name == "ServiceUnavailable":
        response["headers"] = {
            "Retry-After": {
                "schema": {"type": "integer", "minimum": 1},
                "description": "Seconds to wait before trying again.",
            }
        }
    return response


def _responses(ok: dict[str, Any], *errors: str) -> dict[str, Any]:
    found = {"200": ok}
    for name in ("Unauthorized", *errors, "InternalError"):
        found[_ERROR_RESPONSES[name][0]] = {"$ref": f"#/components/responses/{name}"}
    return dict(sorted(found.items()))


def _json_ok(description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"description": description, "content": {_JSON: {"schema": schema}}}


def _parameter(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/parameters/{name}"}


#: The kinds of batch error line.
_BATCH_ERRORS: Final = (
    "invalid_json",
    "invalid_encoding",
    "invalid_profile",
    "line_too_long",
    "internal_error",
)


def _batch_line() -> dict[str, Any]:
    """The schema of a batch output line, every shape the service writes: with
    ``detail=full`` the row's assessment (with ``plan=true`` also its plan); with
    ``detail=summary`` the summary fields (with ``plan=true`` also the plan's); or, in
    either, the error line of a row without an assessment. Its types are the shipped
    assessment schema's, so that a summary field and the assessment's agree."""
    assessment = committed_schema("assessment")["properties"]
    codes = {
        "type": "array",
        "items": {"type": "string", "pattern": "^[A-Z0-9]+(_[A-Z0-9]+)*$"},
        "description": "detail=summary: the codes of the findings of this severity.",
    }
    texts = {"type": "array", "items": {"type": "string"}}

    def summary(schema: dict[str, Any], description: str) -> dict[str, Any]:
        return {**schema, "description": f"detail=summary: {description}"}

    return {
        "description": "One output line of a batch, one per input row, in order: with "
        "detail=full the row's assessment (with plan=true, also its plan); with "
        "detail=summary the summary fields (with plan=true, also the plan_* fields); or, "
        "in either, error: why the row has no assessment.",
        "type": "object",
        "required": ["row"],
        "additionalProperties": False,
        "properties": {
            "row": {"type": "integer", "minimum": 1, "description": "The row's number."},
            "assessment": _ref("Assessment"),
            "plan": _ref("Plan"),
            "name": summary({"type": "string"}, "the company's name."),
            "status": summary(assessment["status"], "the assessment's status."),
            "license_type": summary(assessment["license_type"], "the licence it needs."),
            "authority": summary(assessment["authority"], "the licensing authority."),
            "authority_zh": summary(assessment["authority_zh"], "the same in Chinese."),
            "business_scopes": summary(assessment["business_scopes"], "the B24 scopes."),
            "confidence": summary(assessment["confidence"], "how sure the verdict is."),
            "confidence_rests_on": summary(
                assessment["confidence_rests_on"],
                "the deciding findings of less than high confidence.",
            ),
            "blocking": codes,
            "warning": codes,
            "info": codes,
            "plan_options": summary(
                {"type": "integer", "minimum": 0}, "with plan=true, the paths to a licence."
            ),
            "plan_license_type": summary(
                assessment["license_type"], "with plan=true, the first path's licence."
            ),
            "plan_changes": summary(texts, "with plan=true, the first path's changes."),
            "plan_changes_zh": summary(texts, "the same in Chinese."),
            "plan_obstacles": summary(texts, "with plan=true, the codes of the obstacles."),
            "plan_error": {
                "description": "With plan=true, a row whose plan could not be made (a "
                "defect): it keeps its assessment and says why here instead of a plan; with "
                "detail=summary, the message.",
                "oneOf": [
                    {"type": "string"},
                    {
                        "type": "object",
                        "required": ["type", "message", "message_zh"],
                        "additionalProperties": False,
                        "properties": {
                            "type": {"const": "internal_error"},
                            "message": {"type": "string"},
                            "message_zh": {"type": "string"},
                        },
                    },
                ],
            },
            "plan_error_zh": summary({"type": "string"}, "plan_error in Chinese."),
            "error": {
                "type": "object",
                "description": "The row has no assessment: why (in every detail).",
                "required": ["type", "line", "errors"],
                "additionalProperties": False,
                "properties": {
                    "type": {"enum": list(_BATCH_ERRORS)},
                    "line": {"type": "integer", "minimum": 1},
                    "errors": {"type": "array", "items": _PAIR},
                    "errors_zh": {
                        "type": "array",
                        "items": _PAIR,
                        "description": "The same errors in Chinese.",
                    },
                },
            },
        },
    }


def openapi_document(*, token: bool = False) -> dict[str, Any]:
    """The OpenAPI 3.1 description of the service, its schemas the shipped JSON Schemas
    (profile, assessment, plan). With ``token``, every operation needs the bearer token."""
    profile_body = {
        "required": True,
        "description": "One company profile, read strictly: duplicate keys, NaN and "
        "Infinity are refused (400).",
        "content": {_JSON: {"schema": _ref("Profile")}},
    }
    profile_errors = (
        "BadRequest",
        "PayloadTooLarge",
        "UnsupportedMediaType",
        "UnprocessableContent",
    )
    get_errors = ("UnprocessableContent",)
    # JSON Lines: the schema is each line's (as OpenAPI 3.2's itemSchema says it).
    batch_media = {media: {"schema": _ref("Profile")} for media in BATCH_MEDIA_TYPES}
    paths: dict[str, Any] = {
        "/v1/assess": {
            "post": {
                "operationId": "assess",
                "summary": "Assess one profile",
                "description": "The assessment, the same JSON as `callcenter-rules assess "
                "--format json` with the same configuration.",
                "parameters": [_parameter(n) for n in ("as_of", "lang", "trace")],
                "requestBody": profile_body,
                "responses": _responses(
                    _json_ok("The assessment.", _ref("Assessment")), *profile_errors
                ),
            }
        },
        "/v1/plan": {
            "post": {
                "operationId": "plan",
                "summary": "The smallest changes that make a company eligible",
                "description": "The same JSON as `callcenter-rules plan --format json`.",
                "parameters": [_parameter(n) for n in ("as_of", "lang")],
                "requestBody": profile_body,
                "responses": _responses(_json_ok("The plan.", _ref("Plan")), *profile_errors),
            }
        },
        "/v1/batch": {
            "post": {
                "operationId": "batch",
                "summary": "Assess many profiles, streamed",
                "description": "JSON Lines in, JSON Lines out, streamed: exactly one output "
                "line per input row, in order, the lines of `callcenter-rules batch`. Once the "
                "response has started nothing is refused: a row that cannot be read or "
                "assessed (or a line over the body limit) is an error line. A server answers "
                "--limit-batches batches at once (503 with Retry-After beyond). If the input "
                "stops arriving for --timeout-body seconds, or averages less than "
                "--batch-min-rate bytes a second once the server has waited --timeout-body for "
                "it in all, the rows read are answered and the answer is cut off: the "
                "connection closes before the end of the chunked answer, so that a client can "
                "tell it from a whole one.",
                "parameters": [_parameter(n) for n in ("as_of", "lang", "plan", "detail")],
                "requestBody": {
                    "required": True,
                    "description": "JSON Lines: each non-blank line one profile (blank lines "
                    "are skipped; a byte order mark on the first line is dropped). A line over "
                    "the body limit is a line_too_long error line.",
                    "content": batch_media,
                },
                "responses": _responses(
                    {
                        "description": "JSON Lines, streamed: one BatchLine per input "
                        "row, in order.",
                        "content": {BATCH_MEDIA_TYPES[0]: {"schema": _ref("BatchLine")}},
                    },
                    "UnsupportedMediaType",
                    "UnprocessableContent",
                ),
            }
        },
        "/v1/rules": {
            "get": {
                "operationId": "rules",
                "summary": "The engine's rules",
                "description": "The law's rules, then each rule pack's, as `callcenter-rules "
                "rules --format json` lists them.",
                "parameters": [_parameter("lang")],
                "responses": _responses(
                    _json_ok("The rules.", {"type": "array", "items": _ref("Rule")}), *get_errors
                ),
            }
        },
        "/v1/parameters": {
            "get": {
                "operationId": "parameters",
                "summary": "The engine's parameter table",
                "description": "Each parameter with its values by the day they take effect "
                "(with the server's overrides), as `callcenter-rules parameters --format "
                "json` lists them.",
                "parameters": [_parameter("lang")],
                "responses": _responses(
                    _json_ok("The parameters.", {"type": "array", "items": _ref("Parameter")}),
                    *get_errors,
                ),
            }
        },
        "/v1/schemas/{name}": {
            "get": {
                "operationId": "schema",
                "summary": "A JSON Schema (2020-12) shipped with the library",
                "parameters": [
                    {
                        "name": "name",
                        "in": "path",
                        "required": True,
                        "schema": {"enum": list(SCHEMA_NAMES)},
                    },
                    _parameter("lang"),
                ],
                "responses": _responses(
                    {
                        "description": "The schema, as `callcenter-rules schema NAME` prints it.",
                        "content": {"application/schema+json": {"schema": {"type": "object"}}},
                    },
                    "NotFound",
                    *get_errors,
                ),
            }
        },
        "/healthz": {
            "get": {
                "operationId": "health",
                "summary": "Whether the service is up, and with which rules",
                "parameters": [_parameter("lang")],
                "responses": _responses(_json_ok("Up.", _ref("Health")), *get_errors),
            }
        },
        "/openapi.json": {
            "get": {
                "operationId": "openapi",
                "summary": "This document",
                "parameters": [_parameter("lang")],
                "responses": _responses(
                    _json_ok("The OpenAPI document.", {"type": "object"}), *get_errors
                ),
            }
        },
    }
    for item in paths.values():
        for operation in item.values():
            for name in _ANY_RESPONSES:
                status = _ERROR_RESPONSES[name][0]
                operation["responses"][status] = {"$ref": f"#/components/responses/{name}"}
            operation["responses"] = dict(sorted(operation["responses"].items()))
    configuration = {
        "type": "object",
        "required": ["policy", "parameters", "rule_packs"],
        "properties": {
            "policy": {"type": "object"},
            "parameters": {"type": "object"},
            "rule_packs": {"type": "array", "items": {"type": "string"}},
        },
    }
    schemas: dict[str, Any] = {
        **{component: _component(name) for name, component in _SCHEMA_COMPONENTS.items()},
        "Error": {
            "type": "object",
            "required": ["error"],
            "properties": {
                "error": {
                    "type": "object",
                    "required": ["type", "message", "message_zh"],
                    "properties": {
                        "type": {"enum": list(_ERROR_TYPES)},
                        "message": {
                            "type": "string",
                            "description": "In the language of the lang query parameter "
                            "(English by default).",
                        },
                        "message_zh": {"type": "string"},
                        "errors": {
                            "type": "array",
                            "items": _PAIR,
                            "description": "422 only: each bad item, as InvalidProfile.errors.",
                        },
                        "errors_zh": {"type": "array", "items": _PAIR},
                    },
                }
            },
        },
        "BatchLine": _batch_line(),
        "Rule": {
            "type": "object",
            "required": ["id", "summary", "summary_zh", "period", "sources", "defined_at"],
            "properties": {
                "id": {"type": "string"},
                "summary": {"type": "string"},
                "summary_zh": {"type": "string"},
                "period": {"type": "string"},
                "codes": {"type": "array", "items": {"type": "string"}},
                "parameters": {"type": "array", "items": {"type": "string"}},
                "sources": {"type": "array", "items": {"type": "object"}},
                "defined_at": {"type": "string"},
                "pack": {"type": ["string", "null"]},
            },
        },
        "Parameter": {
            "type": "object",
            "required": ["name", "description", "description_zh", "unit", "values"],
            "properties": {
                "name": {"type": "string"},
                "description": {"type": "string"},
                "description_zh": {"type": "string"},
                "unit": {"type": "string"},
                "values": {"type": "array", "items": {"type": "object"}},
            },
        },
        "Health": {
            "type": "object",
            "required": ["status", "version", "ruleset_hash", "configuration"],
            "properties": {
                "status": {"const": "ok"},
                "version": {"type": "string"},
                "ruleset_hash": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
                "configuration": configuration,
            },
        },
    }
    parameters = {
        "as_of": {
            "name": "as_of",
            "in": "query",
            "description": "The day whose law applies, YYYY-MM-DD (default: today); from "
            "2016-03-01.",
            "schema": {"type": "string", "format": "date"},
        },
        "lang": {
            "name": "lang",
            "in": "query",
            "description": "The language of an error's message (message_zh is always "
            "Chinese). Results carry both languages.",
            "schema": {"enum": ["en", "zh"], "default": "en"},
        },
        "trace": {
            "name": "trace",
            "in": "query",
            "description": "Record the derivation (as --explain): the trace key of the assessment.",
            "schema": {"enum": ["true", "false"], "default": "false"},
        },
        "plan": {
            "name": "plan",
            "in": "query",
            "description": "Also give each row its plan (as batch --plan).",
            "schema": {"enum": ["true", "false"], "default": "false"},
        },
        "detail": {
            "name": "detail",
            "in": "query",
            "description": "full: the whole assessment; summary: a short line per row.",
            "schema": {"enum": list(DETAILS), "default": "full"},
        },
    }
    document: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {
            "title": "callcenter-rules",
            "version": __version__,
            "summary": "China's call-center licence (B24) as cited, declarative rules.",
            "description": "Does a company need China's call-center business licence (B24), "
            "which one, and what stands between it and that licence? Every finding is cited "
            "to the article of law it comes from.",
            "license": {"name": "MIT", "identifier": "MIT"},
        },
        "paths": paths,
        "components": {
            "schemas": schemas,
            "parameters": parameters,
            "responses": {name: _error_response(name) for name in _ERROR_RESPONSES},
            "securitySchemes": {
                "bearer": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "The shared secret of --token-file or "
                    "CALLCENTER_RULES_TOKEN, when the server has one.",
                }
            },
        },
    }
    if token:
        document["security"] = [{"bearer": []}]
    return document
