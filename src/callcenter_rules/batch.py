"""Batch screening: many profiles in, one output line per input row, in input order.

Input is JSON Lines (one profile object per line) or CSV (one profile per row, with the
columns in `CSV_COLUMNS`; list fields ``;``-separated). Output is JSON Lines: for
each input row either ``{"row": N, "assessment": {...}}`` or
``{"row": N, "error": {"type": ..., "errors": [{"path": ..., "message": ...}]}}``.

Lines are written and flushed as rows complete, each with a single write, so an
interrupted run leaves whole lines; ``resume=True`` drops a partial last line, checks the
rows already written and continues after them.
"""

from __future__ import annotations

import csv
import datetime
import io
import itertools
import json
import os
import signal
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import IO, Any, Final

import attrs

from .api import assess
from .model import PROFILE_FIELDS, InvalidProfile

__all__ = [
    "CSV_COLUMNS",
    "BatchError",
    "Summary",
    "count_rows",
    "read_rows",
    "run_batch",
    "summary_text",
]

#: CSV columns: the profile fields, any subset in any order. An empty cell means the field
#: is absent (for evidence fields: unknown). List fields take ``;``-separated values;
#: ``violations`` takes ``party:YYYY-MM-DD[:description]`` items separated by ``;``
#: (``none`` for no violations, an empty cell for an unknown record); booleans are
#: ``true`` or ``false``; ``professional_staff`` is a whole number.
CSV_COLUMNS: Final = PROFILE_FIELDS
_CSV_LISTS: Final = frozenset(
    {
        "service_provinces",
        "activities",
        "end_users",
        "clients",
        "number_resources",
        "other_value_added_services",
    }
)
_CSV_BOOLS: Final = frozenset(
    {
        "has_premises_and_facilities",
        "has_technical_plan",
        "long_term_service_capability",
        "on_dishonesty_list",
    }
)
_CHUNK: Final = 64


class BatchError(Exception):
    """The batch cannot start or continue (unreadable input, an output that does not match)."""


@attrs.frozen
class Row:
    """One input row: its 1-based number, the parsed data, or why it could not be parsed."""

    number: int
    data: Any = None
    problem: tuple[str, str] | None = None  # (error type, message)


@attrs.define
class Summary:
    """Counts of one run (rows skipped by ``resume`` are not counted)."""

    rows: int = 0
    skipped: int = 0
    errors: int = 0
    by_status: Counter[str] = attrs.field(factory=Counter)
    by_license_type: Counter[str] = attrs.field(factory=Counter)
    seconds: float = 0.0
    interrupted: bool = False

    @property
    def rate(self) -> float:
        """Rows per second."""
        return self.rows / self.seconds if self.seconds > 0 else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "skipped": self.skipped,
            "errors": self.errors,
            "by_status": dict(sorted(self.by_status.items())),
            "by_license_type": dict(sorted(self.by_license_type.items())),
            "seconds": round(self.seconds, 3),
            "rows_per_second": round(self.rate, 1),
            "interrupted": self.interrupted,
        }


def _format_of(path: Path, declared: str | None) -> str:
    if declared:
        return declared
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return "csv"
    if suffix in {".jsonl", ".ndjson", ".json"}:
        return "jsonl"
    raise BatchError(f"cannot tell the format of {path.name}; use --input-format jsonl or csv")


def _csv_value(column: str, cell: str) -> Any:
    text = cell.strip()
    if column in _CSV_LISTS:
        return [part.strip() for part in text.split(";") if part.strip()]
    if column == "violations":
        if text.lower() == "none":
            return []
        items = []
        for part in filter(None, (p.strip() for p in text.split(";"))):
            party, _, rest = part.partition(":")
            day, _, description = rest.partition(":")
            item = {"party": party.strip(), "date": day.strip()}
            if description.strip():
                item["description"] = description.strip()
            items.append(item)
        return items
    if column in _CSV_BOOLS:
        return {"true": True, "false": False}.get(text.lower(), text)
    if column == "professional_staff":
        return int(text) if text.isdigit() else text
    return text


def _csv_rows(handle: IO[str]) -> Iterator[Row]:
    reader = csv.DictReader(handle)
    for number, record in enumerate(reader, start=1):
        if None in record:
            yield Row(
                number,
                problem=(
                    "invalid_csv",
                    "row has more cells than the header",
                ),
            )
            continue
        yield Row(
            number,
            {k: _csv_value(k, v) for k, v in record.items() if v is not None and v.strip() != ""},
        )


def _jsonl_rows(handle: IO[str]) -> Iterator[Row]:
    for number, line in enumerate(handle, start=1):
        try:
            data = json.loads(line)
        except json.JSONDecodeError as error:
            yield Row(
                number, problem=("invalid_json", f"line {number} is not valid JSON: {error.msg}")
            )
        else:
            yield Row(number, data)


def read_rows(path: Path, input_format: str | None = None) -> Iterator[Row]:
    """The rows of an input file, numbered from 1 (blank JSON lines count as rows)."""
    kind = _format_of(path, input_format)
    with path.open(encoding="utf-8-sig", newline="" if kind == "csv" else None) as handle:
        yield from (_csv_rows(handle) if kind == "csv" else _jsonl_rows(handle))


def count_rows(path: Path, input_format: str | None = None) -> int:
    """How many rows `read_rows` will yield, without parsing JSON Lines a first time."""
    if _format_of(path, input_format) == "jsonl":
        with path.open(encoding="utf-8-sig") as handle:
            return sum(1 for _ in handle)
    return sum(1 for _ in read_rows(path, input_format))


def _record(row: Row, as_of: datetime.date) -> dict[str, Any]:
    if row.problem is not None:
        kind, message = row.problem
        return {
            "row": row.number,
            "error": {"type": kind, "errors": [{"path": "", "message": message}]},
        }
    try:
        result = assess(row.data, as_of=as_of)
    except InvalidProfile as error:
        return {
            "row": row.number,
            "error": {
                "type": "invalid_profile",
                "errors": [{"path": path, "message": message} for path, message in error.errors],
            },
        }
    return {"row": row.number, "assessment": result.to_dict()}


def _line(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n"


def _assess_chunk(rows: Sequence[Row], as_of: datetime.date) -> list[tuple[str, dict[str, Any]]]:
    out = []
    for row in rows:
        record = _record(row, as_of)
        brief = {"row": record["row"]}
        if "assessment" in record:
            brief["status"] = record["assessment"]["status"]
            brief["license_type"] = record["assessment"]["license_type"]
        out.append((_line(record), brief))
    return out


def _worker_init() -> None:
    # The parent handles Ctrl-C and shuts the pool down; workers just stop.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _chunks(rows: Iterable[Row], size: int) -> Iterator[list[Row]]:
    iterator = iter(rows)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def _prepare_resume(output: Path) -> int:
    """Check the rows already written, drop a partial last line, return how many."""
    if not output.exists():
        return 0
    data = output.read_bytes()
    keep = data.rfind(b"\n") + 1
    done = 0
    for number, line in enumerate(data[:keep].split(b"\n")[:-1], start=1):
        try:
            record = json.loads(line)
        except ValueError:
            raise BatchError(
                f"{output.name} line {number} is not valid JSON; cannot resume"
            ) from None
        if not isinstance(record, dict) or record.get("row") != number:
            raise BatchError(
                f"{output.name} line {number} is not row {number} of this batch; cannot resume"
            )
        done = number
    if keep != len(data):
        with output.open("r+b") as handle:
            handle.truncate(keep)
    return done


def run_batch(
    input_path: Path,
    output_path: Path,
    *,
    as_of: datetime.date,
    workers: int = 1,
    resume: bool = False,
    input_format: str | None = None,
    on_row: Callable[[], None] | None = None,
) -> Summary:
    """Assess every row of ``input_path`` into ``output_path``; see the module docstring.

    ``workers`` > 1 runs that many processes, each with its own engine; output order is
    input order either way. ``KeyboardInterrupt`` stops the run after the last whole line
    and returns a summary with ``interrupted`` set.
    """
    if workers < 1:
        raise BatchError("--workers must be at least 1")
    if not input_path.exists():
        raise BatchError(f"cannot read {input_path}: no such file")
    if resume:
        skipped = _prepare_resume(output_path)
    else:
        skipped = 0
        output_path.write_bytes(b"")
    summary = Summary(skipped=skipped)
    rows = itertools.islice(read_rows(input_path, input_format), skipped, None)
    started = time.perf_counter()
    with output_path.open("a", encoding="utf-8", newline="\n") as out:

        def emit(results: list[tuple[str, dict[str, Any]]]) -> None:
            for line, brief in results:
                out.write(line)
                out.flush()
                summary.rows += 1
                if "status" in brief:
                    summary.by_status[brief["status"]] += 1
                    summary.by_license_type[brief["license_type"] or "none"] += 1
                else:
                    summary.errors += 1
                if on_row is not None:
                    on_row()

        try:
            if workers == 1:
                for chunk in _chunks(rows, 1):
                    emit(_assess_chunk(chunk, as_of))
            else:
                _run_parallel(rows, as_of, workers, emit)
        except KeyboardInterrupt:
            summary.interrupted = True
        finally:
            out.flush()
            os.fsync(out.fileno())
    summary.seconds = time.perf_counter() - started
    return summary


def _run_parallel(
    rows: Iterable[Row],
    as_of: datetime.date,
    workers: int,
    emit: Callable[[list[tuple[str, dict[str, Any]]]], None],
) -> None:
    pool = ProcessPoolExecutor(max_workers=workers, initializer=_worker_init)
    pending: deque[Future[list[tuple[str, dict[str, Any]]]]] = deque()
    try:
        for chunk in _chunks(rows, _CHUNK):
            pending.append(pool.submit(_assess_chunk, chunk, as_of))
            if len(pending) >= workers * 4:
                emit(pending.popleft().result())
        while pending:
            emit(pending.popleft().result())
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def summary_text(summary: Summary) -> str:
    """The summary for people."""
    buffer = io.StringIO()
    status = ", ".join(f"{k} {v}" for k, v in sorted(summary.by_status.items())) or "none"
    licences = ", ".join(f"{k} {v}" for k, v in sorted(summary.by_license_type.items())) or "none"
    buffer.write(f"rows assessed: {summary.rows}")
    if summary.skipped:
        buffer.write(f" (after {summary.skipped} already written)")
    buffer.write(f"\nby status:     {status}\nby licence:    {licences}\n")
    buffer.write(f"errors:        {summary.errors}\n")
    buffer.write(f"time:          {summary.seconds:.2f} s ({summary.rate:,.0f} rows/s)\n")
    return buffer.getvalue()
