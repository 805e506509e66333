"""``POST /v1/batch``: JSON Lines in, JSON Lines out, streamed. The body is split into
rows as it arrives (`_Splitter`), read ahead of the assessments only so far (`_Intake`),
and each step of rows is assessed and written before the next (`Batch`); the lines are
the command line's ``batch`` lines."""

from __future__ import annotations

import datetime
import logging
import time
from collections.abc import Sequence
from typing import Final

import anyio
from anyio.streams.memory import MemoryObjectReceiveStream, MemoryObjectSendStream
from starlette.requests import Request
from starlette.types import Message, Receive, Scope, Send

from ..api import Engine

# The batch runner's rows, job and lines: the one module of the service that reads them.
from ..batch import DETAILS, Row
from ..batch.read import jsonl_row
from ..batch.records import Job, record, record_line
from ..model import Said
from .endpoints import Service
from .errors import Refusal
from .requests import (
    BATCH_MEDIA_TYPES,
    check_media_type,
    checked_query,
    invalid_query,
    query_day,
    query_flag,
)

__all__ = ["Batch"]

#: Rows assessed per step of a batch at most (each step is one write of the response, and
#: one turn of the engine: single requests wait behind at most one step).
_BATCH_STEP: Final = 16
#: Seconds of work a step of a batch takes at most: it ends after the row that passes
#: them, even with fewer than `_BATCH_STEP` rows, so that a batch of slow rows (plans
#: take milliseconds each) lets the other requests take their turns between its steps.
_BATCH_SLICE: Final = 0.010
#: How long a client waits before it tries again after a 503 for a batch over the limit
#: (seconds).
_RETRY_BATCH: Final = 5
_logger = logging.getLogger("uvicorn.error")

#: A row of batch input as read: (row number, line number, bytes), or a `Row` that could
#: not be read (a line over the limit).
_Item = tuple[int, int, bytes] | Row


def _batch_lines(
    engine: Engine, items: Sequence[_Item], day: datetime.date, job: Job
) -> tuple[bytes, int]:
    """The output lines of the first batch rows of ``items`` (the command line's
    `batch` lines), and how many: all of them, or those done when `_BATCH_SLICE` has
    passed (at least one)."""
    lines = []
    stop = time.perf_counter() + _BATCH_SLICE
    for item in items:
        row = item if isinstance(item, Row) else jsonl_row(*item)
        lines.append(record_line(record(engine, row, day, job)))
        if time.perf_counter() >= stop:
            break
    return b"".join(lines), len(lines)


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


class Batch:
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

    def __init__(self, service: Service) -> None:
        self.service = service

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        service = self.service
        query = checked_query(request, ("as_of", "lang", "plan", "detail"))
        check_media_type(request, BATCH_MEDIA_TYPES)
        day = query_day(query, service.engine)
        detail = query.get("detail", "full")
        if detail not in DETAILS:
            raise invalid_query(
                "detail",
                f"must be full or summary, got {detail!r}",
                f"应为 full 或 summary，实际为“{detail}”",
            )
        job = Job(plan=query_flag(query, "plan"), detail=detail)
        limit = service.limits.limit_batches
        if service.batches >= limit:
            raise Refusal(
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
                    lines, done = await self.service.run(
                        _batch_lines, self.service.engine, step, day, job
                    )
                    await send({"type": "http.response.body", "body": lines, "more_body": True})
                    intake.give(step[:done])
                    start += done
