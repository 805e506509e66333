"""The process pool: rows go to the workers in chunks, smaller near the end of the input,
and their lines come back in order. A worker starts with the engine of its parent when it
was forked (compiled already) and ends when its parent dies. The pool looks its functions up
by this module's path in the worker process: `_worker_init` and `_assess_in_worker` stay
here, together."""

from __future__ import annotations

import ctypes
import datetime
import itertools
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Final, TypeVar

from ..api import Engine
from ..config import Config
from .base import BatchError, Brief, RawLine, Row, digest
from .cells import csv_line
from .read import jsonl_row
from .records import Job, record, record_line

#: Rows sent to a worker at a time, and the fewest near the end of the input.
_CHUNK: Final = 64
_MIN_CHUNK: Final = 8
_T = TypeVar("_T")


#: One output line, its digest for the manifest, and the counts' brief.
Done = tuple[bytes, str, Brief]


def assess_chunk(
    engine: Engine, rows: Sequence[Row | RawLine], as_of: datetime.date, job: Job
) -> list[Done]:
    """Each row's output line (`record`, then `record_line` or `csv_line`), its digest and
    its brief, in order: what one worker does with one chunk, and the parent with each row
    when there are no workers."""
    out = []
    csv_out = job.output_format == "csv"
    columns = job.columns
    for item in rows:
        row = item if isinstance(item, Row) else jsonl_row(*item)
        made = record(engine, row, as_of, job)
        brief: Brief = {"row": made["row"]}
        if "error" in made:
            brief["error"] = made["error"]["type"]
        else:
            assessment = made.get("assessment", made)
            brief["status"] = assessment["status"]
            brief["license_type"] = assessment["license_type"]
            if "plan_error" in made:
                brief["plan_error"] = True
        line = csv_line(made, columns) if csv_out else record_line(made)
        out.append((line, digest(line), brief))
    return out


# Each worker process has its own engine, set once by the initializer.
_worker_engine: Engine | None = None
#: The parent's engine while it starts its workers. A worker forked then has its own copy
#: of it, compiled already (`Engine` is fork-safe): compiling one per worker was most of a
#: worker's start-up. A worker started otherwise (spawn) finds None and builds its own.
_parent_engine: Engine | None = None


def _worker_init(
    config: Config, configuration: dict[str, Any], parent: int, cache_size: int = 0
) -> None:
    global _worker_engine
    # The parent handles Ctrl-C and shuts the pool down; a worker finishes its chunk.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # SIGTERM stops a worker at once (the parent's handler, inherited at fork, does not).
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _die_with_parent(parent)
    inherited = _parent_engine
    usable = (
        inherited is not None
        and not inherited.closed
        and inherited.configuration == configuration
        and inherited.cache_info().max_size == cache_size
    )
    # A worker started otherwise builds the same engine from the same configuration.
    _worker_engine = inherited if usable else config.engine(cache_size=cache_size)


def _die_with_parent(parent: int) -> None:
    """End this worker when its parent dies, even by kill -9."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):  # pragma: no cover - no prctl
            pass
    if os.getppid() != parent:  # the parent died before the line above took effect
        os._exit(1)

    def watch() -> None:  # portable fallback: poll for a new parent
        while True:
            time.sleep(0.5)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _assess_in_worker(rows: Sequence[Row | RawLine], as_of: datetime.date, job: Job) -> list[Done]:
    assert _worker_engine is not None
    return assess_chunk(_worker_engine, rows, as_of, job)


def _chunks(rows: Iterable[_T], sizes: Iterable[int]) -> Iterator[list[_T]]:
    iterator = iter(rows)
    for size in sizes:
        chunk = list(itertools.islice(iterator, size))
        if not chunk:
            return
        yield chunk


def _chunk_sizes(rows: int | None, workers: int) -> Iterator[int]:
    """`_CHUNK` rows a chunk; near the end of an input of known length (``rows`` to go),
    fewer, down to `_MIN_CHUNK`: the workers then finish together, rather than one waiting
    for the other's last large chunk."""
    left = rows
    while True:
        size = _CHUNK if left is None else max(_MIN_CHUNK, min(_CHUNK, left // (4 * workers)))
        yield size
        if left is not None:
            left -= size


def run_parallel(
    rows: Iterable[Row | RawLine],
    as_of: datetime.date,
    workers: int,
    config: Config,
    emit: Callable[[list[Done]], None],
    job: Job,
    engine: Engine,
    left: int | None = None,
) -> None:
    """Chunks of rows to ``workers`` processes, their lines emitted in order; ``left`` is
    the number of rows to go, when known. Workers forked from here use a copy of
    ``engine``."""
    global _parent_engine
    pool = ProcessPoolExecutor(
        max_workers=workers,
        initializer=_worker_init,
        initargs=(config, engine.configuration, os.getpid(), engine.cache_info().max_size),
    )
    pending: deque[Future[list[Done]]] = deque()
    _parent_engine = engine
    try:
        for chunk in _chunks(rows, _chunk_sizes(left, workers)):
            pending.append(pool.submit(_assess_in_worker, chunk, as_of, job))
            _parent_engine = None  # the workers are forked at the first submit
            if len(pending) >= workers * 4:
                emit(pending.popleft().result())
        while pending:
            emit(pending.popleft().result())
    except BrokenProcessPool as error:
        raise BatchError(
            f"a worker process died ({error}); the rows written are whole lines",
            "有一个工作进程意外终止；已写入的都是完整的行",
        ) from None
    finally:
        _parent_engine = None
        pool.shutdown(wait=True, cancel_futures=True)
