r"""Batch screening: many profiles in, exactly one output line per input row, in input order.

Input is JSON Lines (one profile object per line; blank lines are skipped), CSV (a header
row naming profile fields, then one profile per row) or a ``.json`` file holding one
profile or an array of profiles. Output is JSON Lines: for each input row either
``{"row": N, "assessment": {...}}`` or
``{"row": N, "error": {"type": ..., "line": L, "errors": [{"path": ..., "message": ...}]}}``.

With ``detail="summary"`` an assessment line is short: the row, the company's name, the
status, the licence type, the authority in English and Chinese, the business scopes and the
finding codes by severity (`SUMMARY_COLUMNS`; with ``plan``, also `PLAN_COLUMNS`); an error
line is the same as with ``detail="full"``. A summary can also be written as CSV for
spreadsheets (``output_format="csv"``, or an output named ``.csv``): UTF-8 with a byte order
mark, a header row, one row per input row, list cells ``;``-separated. No cell holds a line
break: backslashes, control characters and U+0085, U+2028, U+2029 are written as JSON-style
escapes (``\\`` for a backslash, ``\n``, ``\u2028``), and in list cells a ``;`` inside an
item as ``\;``. A text cell that starts with ``=``, ``+``, ``-`` or ``@`` gets a leading
``'`` so that a spreadsheet shows it instead of computing it.

What a batch guarantees (each is tested):

* **Nothing is lost, mixed or duplicated.** Rows are numbered 1, 2, 3, ... and written in
  that order, each line with one write, so an interrupted run leaves whole lines.
* **A bad row never stops the run.** A row that cannot be read (bad JSON, bad UTF-8, a CSV
  row with the wrong number of cells), an invalid profile, or an error inside the library
  becomes that row's error line, and the run goes on.
* **Every check that can fail runs before the output is touched:** the arguments, the day,
  the input (its format, a CSV header), and that the output is not the input itself (the
  files are compared, so a symlink or hard link is caught too).
* **One writer.** The output file is locked while a batch writes it; a second batch on the
  same output is refused.
* **Resume only what this batch wrote.** Beside the output, ``OUTPUT.manifest`` records the
  batch's fingerprint (the input's SHA-256, its format, the day, the configuration, the
  detail and output format, the library version and the ruleset hash) and a SHA-256 of
  every line written. ``resume`` goes on only if the fingerprint matches, and checks every
  kept line against the manifest (and a CSV output's header against the header the
  fingerprint implies), streaming both files; a torn or unrecorded last line (or a torn
  header) is dropped and redone.
"""

from __future__ import annotations

import contextlib
import csv
import datetime
import difflib
import errno
import hashlib
import io
import itertools
import json
import os
import re
import signal
import sys
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Final, TypeVar

import attrs
import orjson

from ._version import __version__
from .api import Engine, UnsupportedDate, check_as_of
from .cache import check_cache_size
from .config import Config
from .json_input import JSONInputError
from .json_input import loads as json_loads
from .labels import (
    check_lang,
    display_width,
    ljust_display,
    status_label,
    type_label,
    word,
)
from .model import (
    PROFILE_FIELDS,
    REQUIRED_FIELDS,
    InvalidProfile,
    Policy,
    Said,
    type_zh,
    zh_quote,
)
from .results import Assessment, LicenseType, Status

if TYPE_CHECKING:
    from .plan import Plan

__all__ = [
    "CSV_COLUMNS",
    "DETAILS",
    "INPUT_FORMATS",
    "MANIFEST_SUFFIX",
    "OUTPUT_FORMATS",
    "PLAN_COLUMNS",
    "SUMMARY_COLUMNS",
    "BatchError",
    "Row",
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
#: Input formats: JSON Lines, CSV, and one JSON document (a profile or a list of them).
INPUT_FORMATS: Final = ("jsonl", "csv", "json")
#: How much of each assessment a line carries: all of it, or a summary for people.
DETAILS: Final = ("full", "summary")
#: Output formats: JSON Lines (either detail) and CSV (a summary only).
OUTPUT_FORMATS: Final = ("jsonl", "csv")
#: The fields of a summary line (JSON Lines keys, CSV columns, in this order). Lists are
#: JSON arrays in JSON Lines and ``;``-separated cells in CSV. ``error_*`` and ``errors``
#: are CSV columns only: a JSON Lines error line is the same in both details.
SUMMARY_COLUMNS: Final = (
    "row",
    "name",
    "status",
    "license_type",
    "authority",
    "authority_zh",
    "business_scopes",
    "confidence",
    "confidence_rests_on",
    "blocking",
    "warning",
    "info",
    "error_type",
    "error_line",
    "errors",
)
#: With ``plan``: how many paths to a licence there are, the first one's licence type and
#: changes (in English and Chinese), and the obstacles' codes.
PLAN_COLUMNS: Final = (
    "plan_options",
    "plan_license_type",
    "plan_changes",
    "plan_changes_zh",
    "plan_obstacles",
)
#: The manifest is the output's path with this added.
MANIFEST_SUFFIX: Final = ".manifest"
_MANIFEST_VERSION: Final = 1
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
#: Rows sent to a worker at a time, and the fewest near the end of the input.
_CHUNK: Final = 64
_MIN_CHUNK: Final = 8
_T = TypeVar("_T")
_READ_BLOCK: Final = 1 << 20


class BatchError(Exception):
    """The batch cannot start or go on: bad arguments, an unreadable input, an output that
    cannot be written or does not belong to this batch. The message says which and why;
    ``message_zh`` says the same in Chinese (``str()`` is the English)."""

    def __init__(self, message: str, message_zh: str | None = None) -> None:
        super().__init__(message)
        self.message_zh: str = message if message_zh is None else message_zh


def _batch_error(said: Said) -> BatchError:
    return BatchError(str(said), said.zh)


#: Why an operating-system call failed, in Chinese, by error number.
_OS_REASONS_ZH: Final = {
    errno.ENOENT: "没有这个文件或目录",
    errno.EACCES: "没有权限",
    errno.EPERM: "不允许这样操作",
    errno.EISDIR: "这是一个目录",
    errno.ENOTDIR: "路径中有一部分不是目录",
    errno.ENOSPC: "磁盘空间不足",
    errno.EFBIG: "文件太大",
    errno.EROFS: "文件系统是只读的",
    errno.EIO: "输入输出错误",
    errno.ENAMETOOLONG: "文件名太长",
    errno.ELOOP: "符号链接层数太多",
    errno.EMFILE: "打开的文件太多",
    errno.ENXIO: "没有这个设备或地址",
    errno.EBUSY: "设备或资源忙",
    errno.ETXTBSY: "文件正被执行，不能写入",
    errno.EPIPE: "管道已断开",
    getattr(errno, "EDQUOT", -1): "超出磁盘配额",
}


def _os_reason(error: OSError) -> Said:
    """Why ``error`` happened, as the system says it (English) and in Chinese."""
    said = str(error.strerror or error)
    return Said(said, _OS_REASONS_ZH.get(error.errno or 0, said))


@attrs.frozen
class Row:
    """One input row: its number (1, 2, ... over the rows, blank lines not counted), the
    line of the input it starts on, the parsed data, or why it could not be read."""

    number: int
    data: Any = None
    #: ``(error type, message)`` when the row could not be read.
    problem: tuple[str, str] | None = None
    line: int = 0


@attrs.define
class Summary:
    """Counts of one run (rows kept by ``resume`` are in ``skipped``, not in ``rows``)."""

    rows: int = 0
    skipped: int = 0
    #: Rows that could not be read or are not valid profiles.
    errors: int = 0
    #: Rows on which the library itself failed (a defect: each is an error line).
    internal_errors: int = 0
    by_status: Counter[str] = attrs.field(factory=Counter)
    by_license_type: Counter[str] = attrs.field(factory=Counter)
    seconds: float = 0.0
    interrupted: bool = False

    @property
    def rate(self) -> float:
        """Rows per second."""
        return self.rows / self.seconds if self.seconds > 0 else 0.0

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready counts."""
        return {
            "rows": self.rows,
            "skipped": self.skipped,
            "errors": self.errors,
            "internal_errors": self.internal_errors,
            "by_status": dict(sorted(self.by_status.items())),
            "by_license_type": dict(sorted(self.by_license_type.items())),
            "seconds": round(self.seconds, 3),
            "rows_per_second": round(self.rate, 1),
            "interrupted": self.interrupted,
        }


# ---------------------------------------------------------------- input


def _format_of(path: Path | None, declared: str | None) -> str:
    if declared:
        if declared not in INPUT_FORMATS:
            raise BatchError(
                f"unknown input format {declared!r}; use jsonl, csv or json",
                f"未知的输入格式{zh_quote(declared)}；请使用 jsonl、csv 或 json",
            )
        return declared
    if path is None:
        return "jsonl"
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return "csv"
    if suffix in {".jsonl", ".ndjson"}:
        return "jsonl"
    if suffix == ".json":
        return "json"
    raise BatchError(
        f"cannot tell the format of {path.name}; use --input-format jsonl, csv or json",
        f"无法判断 {path.name} 的格式；请用 --input-format 指定 jsonl、csv 或 json",
    )


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
        return int(text) if text.isascii() and text.isdigit() and len(text) <= 30 else text
    return text


def _has_surrogates(text: str) -> bool:
    # Bytes that are not UTF-8 arrive as lone surrogates (errors="surrogateescape").
    return any("\udc80" <= char <= "\udcff" for char in text)


def _check_header(cells: list[str], name: Said) -> list[str]:
    header = [cell.strip() for cell in cells]
    known = set(PROFILE_FIELDS)
    if not any(cell in known for cell in header):
        shown = ", ".join(repr(c) for c in header[:3])
        shown_zh = "、".join(zh_quote(c) for c in header[:3])
        example = (
            "name,entity_type,registered_capital_cny,registered_province,service_provinces,"
            "activities"
        )
        raise BatchError(
            f"{name} does not start with a header row: none of its first row's cells ({shown}) "
            f"names a profile field. CSV input needs a header such as {example}",
            f"{name.zh} 的第一行不是表头：其前几个单元格（{shown_zh}）都不是企业信息的字段名。"
            f"CSV 输入需要表头行，例如 {example}",
        )
    problems: list[Said] = []
    seen: dict[str, int] = {}
    for column, cell in enumerate(header, start=1):
        if not cell:
            problems.append(Said(f"column {column} has no name", f"第{column}列没有列名"))
        elif cell in seen:
            problems.append(
                Said(
                    f"column {cell!r} appears twice (columns {seen[cell]} and {column})",
                    f"列名{zh_quote(cell)}出现了两次（第{seen[cell]}列和第{column}列）",
                )
            )
        elif cell not in known:
            close = difflib.get_close_matches(cell, PROFILE_FIELDS, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            hint_zh = f"；是否指 {close[0]}？" if close else ""
            problems.append(
                Said(
                    f"unknown column {cell!r} (column {column}){hint}",
                    f"未知的列名{zh_quote(cell)}（第{column}列）{hint_zh}",
                )
            )
        seen.setdefault(cell, column)
    missing = [f for f in REQUIRED_FIELDS if f not in seen]
    if missing:
        problems.append(
            Said(
                "the required column(s) " + ", ".join(missing) + " are missing",
                "缺少必需的列：" + "、".join(missing),
            )
        )
    if problems:
        raise BatchError(
            f"{name}: the CSV header cannot be used: " + "; ".join(problems),
            f"{name.zh}：CSV 表头无法使用：" + "；".join(p.zh for p in problems),
        )
    return header


class _Input:
    """An input checked before anything is written: its format, its header (CSV), its
    content (JSON), its SHA-256 and its number of rows (files only)."""

    def __init__(self, path: Path | None, input_format: str | None) -> None:
        self.path = path
        self.name = Said("standard input", "标准输入") if path is None else _same(str(path))
        self.format = _format_of(path, input_format)
        self.sha256: str | None = None
        self.size: int | None = None
        self.total: int | None = None
        self._items: list[Any] | None = None
        # CSV from standard input: the reader, its header and the header's last line.
        self._stdin_csv: tuple[Any, list[str], int] | None = None
        if path is None:
            self._open_stdin()
        else:
            self._scan(path)

    # -- checking

    def _scan(self, path: Path) -> None:
        try:
            if not path.exists():
                raise BatchError(
                    f"cannot read {path}: no such file", f"无法读取 {path}：文件不存在"
                )
            if path.is_dir():
                raise BatchError(
                    f"cannot read {path}: it is a directory", f"无法读取 {path}：这是一个目录"
                )
            with path.open("rb") as handle:
                if self.format == "jsonl":
                    self._scan_jsonl(handle)
                elif self.format == "csv":
                    self._scan_csv(handle)
                else:
                    self._load_json(handle.read())
        except OSError as error:
            reason = _os_reason(error)
            raise BatchError(
                f"cannot read {path}: {reason}", f"无法读取 {path}：{reason.zh}"
            ) from None

    def _scan_jsonl(self, handle: IO[bytes]) -> None:
        digest = hashlib.sha256()
        size = rows = 0
        tail = b""
        while block := handle.read(_READ_BLOCK):
            digest.update(block)
            size += len(block)
            lines = (tail + block).split(b"\n")
            tail = lines.pop()
            rows += sum(1 for line in lines if line.strip())
        rows += 1 if tail.strip() else 0
        self.sha256, self.size, self.total = digest.hexdigest(), size, rows

    def _scan_csv(self, handle: IO[bytes]) -> None:
        hashing = _HashingReader(handle)
        text = io.TextIOWrapper(
            io.BufferedReader(hashing), encoding="utf-8-sig", errors="surrogateescape", newline=""
        )
        reader = csv.reader(text)
        header_found = False
        rows = 0
        try:
            for record in reader:
                if not record or not any(cell.strip() for cell in record):
                    if record and header_found:
                        rows += 1  # a row of empty cells is a row (an invalid profile)
                    continue
                if not header_found:
                    if _has_surrogates("".join(record)):
                        raise BatchError(
                            f"{self.name}: the CSV header is not valid UTF-8",
                            f"{self.name.zh}：CSV 表头不是有效的 UTF-8 文本",
                        )
                    _check_header(record, self.name)
                    header_found = True
                else:
                    rows += 1
        except csv.Error:
            rows += 1  # the bad row is reported when the rows are read
        if not header_found:
            raise self._empty_csv()
        text.detach()
        self.sha256, self.size, self.total = hashing.hexdigest(), hashing.size, rows

    def _load_json(self, data: bytes) -> None:
        self.sha256, self.size = hashlib.sha256(data).hexdigest(), len(data)
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise BatchError(
                f"{self.name} is not valid UTF-8 (byte {error.start + 1}); "
                "a .json file is read as one document",
                f"{self.name.zh} 不是有效的 UTF-8 文本（第{error.start + 1}个字节）；"
                ".json 文件是作为一个文档整体读取的",
            ) from None
        if not text.strip():
            self._items = []
        else:
            try:
                document = json_loads(text)
            except JSONInputError as error:
                several = "Extra data" in str(error)
                hint = (
                    "; if it holds one profile per line, use --input-format jsonl or name it .jsonl"
                    if several
                    else ""
                )
                hint_zh = (
                    "；如果文件每行一个企业信息，请使用 --input-format jsonl 或将文件改名为 .jsonl"
                    if several
                    else ""
                )
                raise BatchError(
                    f"{self.name} is not one JSON document: {error}{hint}",
                    f"{self.name.zh} 不是一个 JSON 文档：{error.message_zh}{hint_zh}",
                ) from None
            if isinstance(document, dict):
                self._items = [document]
            elif isinstance(document, list):
                self._items = document
            else:
                raise BatchError(
                    f"{self.name} holds neither a profile (an object) nor a list of profiles",
                    f"{self.name.zh} 既不是一个企业信息（对象），也不是企业信息的列表",
                )
        self.total = len(self._items)

    def _open_stdin(self) -> None:
        stream = sys.stdin.buffer
        if self.format == "json":
            self._load_json(stream.read())
        elif self.format == "csv":
            text = io.TextIOWrapper(
                stream, encoding="utf-8-sig", errors="surrogateescape", newline=""
            )
            reader = csv.reader(text)
            for record in reader:
                if record and any(cell.strip() for cell in record):
                    self._stdin_csv = (reader, _check_header(record, self.name), reader.line_num)
                    return
            raise self._empty_csv()

    def _empty_csv(self) -> BatchError:
        return BatchError(
            f"{self.name} is empty: CSV input needs a header row",
            f"{self.name.zh} 是空的：CSV 输入需要表头行",
        )

    # -- reading

    def items(self, raw: bool = False) -> Iterator[Row | _RawLine]:
        """The rows, numbered from 1; with ``raw``, lines of JSON Lines input are left for
        the workers to parse (`_RawLine`)."""
        if not raw or self._items is not None or self.format != "jsonl":
            yield from self.rows()
        elif self.path is None:
            yield from _jsonl_lines(sys.stdin.buffer)
        else:
            with self.path.open("rb") as handle:
                yield from _jsonl_lines(handle)

    def rows(self) -> Iterator[Row]:
        """The rows, numbered from 1."""
        if self._items is not None:
            for number, item in enumerate(self._items, start=1):
                yield Row(number, item, line=number)
        elif self.format == "jsonl":
            if self.path is None:
                yield from _jsonl_rows(sys.stdin.buffer)
            else:
                with self.path.open("rb") as handle:
                    yield from _jsonl_rows(handle)
        elif self.path is None:
            assert self._stdin_csv is not None
            yield from _csv_data_rows(*self._stdin_csv)
        else:
            with self.path.open("rb") as raw:
                text = io.TextIOWrapper(
                    raw, encoding="utf-8-sig", errors="surrogateescape", newline=""
                )
                reader = csv.reader(text)
                for record in reader:
                    if record and any(cell.strip() for cell in record):
                        header = [cell.strip() for cell in record]
                        yield from _csv_data_rows(reader, header, reader.line_num)
                        return


class _HashingReader(io.RawIOBase):
    """A binary stream that hashes and counts what is read through it."""

    def __init__(self, raw: IO[bytes]) -> None:
        self._raw = raw
        self._digest = hashlib.sha256()
        self.size = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._raw.read(len(buffer))
        self._digest.update(data)
        self.size += len(data)
        buffer[: len(data)] = data
        return len(data)

    def hexdigest(self) -> str:
        return self._digest.hexdigest()


def _jsonl_lines(handle: IO[bytes]) -> Iterator[_RawLine]:
    """The rows of JSON Lines input as read (blank lines skipped): see `_RawLine`."""
    number = 0
    for line_number, raw in enumerate(handle, start=1):
        if line_number == 1 and raw.startswith(_BOM):
            raw = raw[3:]
        if not raw.strip():
            continue
        number += 1
        yield number, line_number, raw


def _jsonl_row(number: int, line_number: int, raw: bytes) -> Row:
    """One line of JSON Lines input, parsed."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        return Row(
            number,
            problem=(
                "invalid_encoding",
                f"line {line_number} is not valid UTF-8 "
                f"(byte 0x{raw[error.start]:02x} at column {error.start + 1})",
            ),
            line=line_number,
        )
    try:
        return Row(number, json_loads(text), line=line_number)
    except JSONInputError as error:
        return Row(
            number,
            problem=("invalid_json", f"line {line_number} is not valid JSON: {error}"),
            line=line_number,
        )


def _jsonl_rows(handle: IO[bytes]) -> Iterator[Row]:
    for item in _jsonl_lines(handle):
        yield _jsonl_row(*item)


def _csv_data_rows(reader: Any, header: list[str], line: int) -> Iterator[Row]:
    """The data rows after the header (``reader`` is a `csv.reader`; ``line`` is the last
    line of the header)."""
    number = 0
    previous = line
    while True:
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            number += 1
            yield Row(
                number,
                problem=("invalid_csv", f"line {previous + 1}: {error}"),
                line=previous + 1,
            )
            previous = reader.line_num
            continue
        start, previous = previous + 1, reader.line_num
        if not record:
            continue  # a blank line
        if not any(cell.strip() for cell in record) and len(record) == 1:
            continue  # a line of spaces
        number += 1
        if _has_surrogates("".join(record)):
            yield Row(
                number,
                problem=("invalid_encoding", f"line {start} is not valid UTF-8"),
                line=start,
            )
        elif len(record) != len(header):
            yield Row(
                number,
                problem=(
                    "invalid_csv",
                    f"line {start}: the row has {len(record)} cells; the header has {len(header)}",
                ),
                line=start,
            )
        else:
            yield Row(
                number,
                {k: _csv_value(k, v) for k, v in zip(header, record, strict=True) if v.strip()},
                line=start,
            )


def read_rows(path: Path, input_format: str | None = None) -> Iterator[Row]:
    """The rows of an input file, numbered from 1 (blank lines are skipped).

    Raises:
        BatchError: the file cannot be read as the format says (checked before any row is
            yielded: a CSV header, a JSON document).
    """
    return _Input(path, input_format).rows()


def count_rows(path: Path, input_format: str | None = None) -> int:
    """How many rows `read_rows` will yield."""
    total = _Input(path, input_format).total
    assert total is not None
    return total


# ---------------------------------------------------------------- assessing


@attrs.frozen
class _Job:
    """What each output line carries and how it is written; sent to every worker."""

    plan: bool = False
    detail: str = "full"
    output_format: str = "jsonl"

    @property
    def columns(self) -> tuple[str, ...]:
        """The fields of a summary line."""
        return SUMMARY_COLUMNS + (PLAN_COLUMNS if self.plan else ())

    def preamble(self) -> bytes:
        """What the output starts with, before the first row: for CSV, a byte order mark
        (so that a spreadsheet reads the file as UTF-8) and the header row."""
        if self.output_format != "csv":
            return b""
        return _BOM + _csv_row(list(self.columns))


_BOM: Final = b"\xef\xbb\xbf"


def _record(engine: Engine, row: Row, as_of: datetime.date, job: _Job) -> dict[str, Any]:
    if row.problem is not None:
        kind, message = row.problem
        return _error(row, kind, [{"path": "", "message": message}])
    summary = job.detail == "summary"
    try:
        if job.plan:
            found = engine.plan(row.data, as_of=as_of)
            if summary:
                return {**_summary(row.number, found.assessment), **_plan_summary(found)}
            return {
                "row": row.number,
                "assessment": found.assessment.to_dict(),
                "plan": found.to_dict(),
            }
        result = engine.assess(row.data, as_of=as_of)
        if summary:
            return _summary(row.number, result)
        # Inside the try: the texts are rendered when first read, here.
        return {"row": row.number, "assessment": result.to_dict()}
    except InvalidProfile as error:
        return _error(
            row,
            "invalid_profile",
            [{"path": path, "message": message} for path, message in error.errors],
        )
    except Exception as error:  # one row must never stop the batch
        return _error(
            row,
            "internal_error",
            [{"path": "", "message": f"{type(error).__name__}: {error}"[:2000]}],
        )


def _error(row: Row, kind: str, errors: list[dict[str, str]]) -> dict[str, Any]:
    return {"row": row.number, "error": {"type": kind, "line": row.line, "errors": errors}}


def _summary(number: int, result: Assessment) -> dict[str, Any]:
    """A summary line's fields (`SUMMARY_COLUMNS` but the error ones), read from the
    assessment itself rather than from its (much larger) ``to_dict()``."""
    codes: dict[str, list[str]] = {"blocking": [], "warning": [], "info": []}
    for finding in result.findings:  # blocking, warning, info; by code within each
        codes[finding.severity.value].append(finding.code)
    return {
        "row": number,
        "name": result.profile.name,
        "status": result.status.value,
        "license_type": result.license_type.value if result.license_type else None,
        "authority": result.authority,
        "authority_zh": result.authority_zh,
        "business_scopes": sorted(scope.value for scope in result.business_scopes),
        "confidence": result.confidence.value,
        "confidence_rests_on": list(result.confidence_rests_on),
        **codes,
    }


def _plan_summary(found: Plan) -> dict[str, Any]:
    """`PLAN_COLUMNS`: the number of paths to a licence, the first (best) one's licence
    type and changes, and the obstacles."""
    first = found.options[0] if found.options else None
    return {
        "plan_options": len(found.options),
        "plan_license_type": first.license_type.value if first and first.license_type else None,
        "plan_changes": [change.message for change in first.changes] if first else [],
        "plan_changes_zh": [change.message_zh for change in first.changes] if first else [],
        "plan_obstacles": [obstacle.code for obstacle in found.obstacles],
    }


def _line(record: dict[str, Any]) -> bytes:
    # Lone surrogates cannot reach here from a valid profile; "replace" keeps an error
    # message that quotes one writable instead of failing the row.
    text = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
    # Characters that are valid raw inside a JSON string but that some line readers
    # (Python's str.splitlines, JavaScript before ES2019) take for line ends: written as
    # escapes, so a line of the output is a line for every reader. (A search for each is
    # far cheaper than str.translate, which goes character by character through a line.)
    for char, escape in _LINE_BREAKS:
        if char in text:
            text = text.replace(char, escape)
    return (text + "\n").encode("utf-8", "replace")


_LINE_BREAKS: Final = (("\u0085", "\\u0085"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029"))


# ---------------------------------------------------------------- CSV cells

#: What a CSV cell never holds raw: a backslash (the escape character itself), control
#: characters (line ends among them; a tab too, as JSON writes it) and the other characters
#: str.splitlines takes for line ends.
_CELL_ESCAPES: Final = re.compile("[\\\\\x00-\x1f\x85\u2028\u2029]")
_SHORT_ESCAPES: Final = {
    "\\": "\\\\",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\b": "\\b",
    "\f": "\\f",
}
#: A cell starting with one of these is a formula to a spreadsheet.
_FORMULA_STARTS: Final = ("=", "+", "-", "@")


def _escape_cell(text: str) -> str:
    return _CELL_ESCAPES.sub(
        lambda found: _SHORT_ESCAPES.get(found.group(), f"\\u{ord(found.group()):04x}"), text
    )


def _guard(text: str) -> str:
    # OWASP's advice against CSV injection: a leading ' makes the cell text. A cell that
    # starts with ' itself gets one too, so that the guard can always be read back off.
    return "'" + text if text.startswith((*_FORMULA_STARTS, "'")) else text


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        return _guard(";".join(_escape_cell(item).replace(";", "\\;") for item in value))
    return _guard(_escape_cell(value))


def _csv_row(cells: list[str]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(cells)
    return buffer.getvalue().encode("utf-8", "replace")


def _csv_line(record: dict[str, Any], columns: Sequence[str]) -> bytes:
    error = record.get("error")
    if error is not None:
        record = {
            "row": record["row"],
            "error_type": error["type"],
            "error_line": error["line"],
            "errors": [
                f"{item['path']}: {item['message']}" if item["path"] else item["message"]
                for item in error["errors"]
            ],
        }
    return _csv_row([_cell(record.get(column)) for column in columns])


# ---------------------------------------------------------------- chunks and workers

#: A line of JSON Lines input as read, not yet parsed: (row number, line number, bytes).
#: Workers parse it, so that the parent only splits lines.
_RawLine = tuple[int, int, bytes]
Brief = dict[str, Any]
#: One output line, its digest for the manifest, and the counts' brief.
_Done = tuple[bytes, str, Brief]


def _assess_chunk(
    engine: Engine, rows: Sequence[Row | _RawLine], as_of: datetime.date, job: _Job
) -> list[_Done]:
    out = []
    csv_out = job.output_format == "csv"
    columns = job.columns
    for item in rows:
        row = item if isinstance(item, Row) else _jsonl_row(*item)
        record = _record(engine, row, as_of, job)
        brief: Brief = {"row": record["row"]}
        if "error" in record:
            brief["error"] = record["error"]["type"]
        else:
            assessment = record.get("assessment", record)
            brief["status"] = assessment["status"]
            brief["license_type"] = assessment["license_type"]
        line = _csv_line(record, columns) if csv_out else _line(record)
        out.append((line, _digest(line), brief))
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
            import ctypes

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


def _assess_in_worker(
    rows: Sequence[Row | _RawLine], as_of: datetime.date, job: _Job
) -> list[_Done]:
    assert _worker_engine is not None
    return _assess_chunk(_worker_engine, rows, as_of, job)


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


# ---------------------------------------------------------------- output


def _lock(fd: int, name: Said) -> None:
    """Take the output's write lock, or refuse: two batches on one output would mix rows."""
    busy = Said(
        f"{name} is being written by another batch; wait for it to finish "
        "(two batches on one output would mix their rows)",
        f"另一个批处理正在写入 {name.zh}；请等它结束（两个批处理写同一个输出会使行混在一起）",
    )
    if sys.platform == "win32":  # pragma: no cover - not tested here
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            raise _batch_error(busy) from None
    else:
        import fcntl

        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise _batch_error(busy) from None


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _digest(line: bytes) -> str:
    return hashlib.sha256(line).hexdigest()[:32]


class _Output:
    """Where the lines go: a regular file (locked, with a manifest) or a stream."""

    def __init__(self, path: Path | None, preamble: bytes = b"", is_csv: bool = False) -> None:
        self.path = path
        self.name = Said("standard output", "标准输出") if path is None else _same(str(path))
        self.fd: int | None = None
        self.manifest_fd: int | None = None
        self.regular = False
        self.written = 0
        #: What the output starts with before its first row (a CSV header), written when
        #: the output is started and checked by ``resume``.
        self.preamble = preamble
        self.is_csv = is_csv

    @property
    def manifest_path(self) -> Path:
        assert self.path is not None
        return self.path.with_name(self.path.name + MANIFEST_SUFFIX)

    def open(
        self, *, resume: bool, overwrite: bool, fingerprint: dict[str, Any], source: _Input
    ) -> int:
        """Open, lock and prepare the output; return how many rows it already holds."""
        if self.path is None:
            if resume:
                raise BatchError(
                    "cannot resume a batch written to standard output",
                    "写到标准输出的批处理不能续做（--resume）",
                )
            self.fd = sys.stdout.buffer.fileno()
            sys.stdout.flush()
            self._write_preamble()
            return 0
        path = self.path
        if source.path is not None:
            for target in (path, self.manifest_path):
                if target.exists() and os.path.samefile(source.path, target):
                    raise BatchError(
                        f"the output {target} is the input {source.path} itself "
                        "(the same file, perhaps through a link); choose another output",
                        f"输出 {target} 就是输入 {source.path} 本身（同一个文件，可能经由链接）；"
                        "请另选输出",
                    )
        try:
            if path.exists() and not path.is_file():
                return self._open_stream(path, resume)
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as error:
            raise _cannot_write(path, error) from None
        self.fd, self.regular = fd, True
        _lock(fd, self.name)
        size = os.fstat(fd).st_size
        if resume:
            return self._resume(fingerprint)
        if size and not overwrite:
            raise BatchError(
                f"{path} already has rows; use --resume to continue it "
                "or --overwrite to start over",
                f"{path} 中已有数据行；请用 --resume 接着做，或用 --overwrite 从头开始",
            )
        try:
            os.ftruncate(fd, 0)
            manifest = os.open(self.manifest_path, os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o644)
        except OSError as error:
            reason = Said(str(error.strerror), _os_reason(error).zh)
            raise _cannot_write(self.manifest_path, error, reason) from None
        self.manifest_fd = manifest
        _write_all(manifest, orjson.dumps(fingerprint) + b"\n")
        self._write_preamble()
        return 0

    def _write_preamble(self) -> None:
        assert self.fd is not None
        try:
            _write_all(self.fd, self.preamble)
        except OSError as error:
            reason = _os_reason(error)
            raise BatchError(
                f"cannot write {self.name}: {reason}", f"无法写入 {self.name.zh}：{reason.zh}"
            ) from None

    def _open_stream(self, path: Path, resume: bool) -> int:
        # A device or pipe (/dev/stdout, /dev/null, a FIFO): written as a stream.
        if resume:
            raise BatchError(
                f"cannot resume into {path}: it is not a regular file",
                f"不能续做到 {path}：它不是普通文件",
            )
        try:
            self.fd = os.open(path, os.O_WRONLY)
        except OSError as error:
            raise _cannot_write(path, error) from None
        self._write_preamble()
        return 0

    def _resume(self, fingerprint: dict[str, Any]) -> int:
        assert self.fd is not None
        assert self.path is not None
        manifest_path = self.manifest_path
        if os.fstat(self.fd).st_size == 0 and not manifest_path.exists():
            # Nothing was written yet: start as a fresh run would.
            self.manifest_fd = os.open(manifest_path, os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o644)
            _write_all(self.manifest_fd, orjson.dumps(fingerprint) + b"\n")
            self._write_preamble()
            return 0
        if not manifest_path.exists():
            raise BatchError(
                f"{self.path} has no manifest ({manifest_path.name}), so it cannot be checked "
                "as this batch's output; cannot resume. Start over with --overwrite.",
                f"{self.path} 没有清单文件（{manifest_path.name}），无法核实它是本批处理的输出；"
                "不能续做。请用 --overwrite 从头开始。",
            )
        try:
            manifest_fd = os.open(manifest_path, os.O_RDWR)
        except OSError as error:
            raise BatchError(
                f"cannot open {manifest_path}: {error.strerror}",
                f"无法打开 {manifest_path}：{_os_reason(error).zh}",
            ) from None
        self.manifest_fd = manifest_fd
        with (
            open(manifest_fd, "rb", closefd=False) as manifest,
            open(self.fd, "rb", closefd=False) as output,
        ):
            manifest.seek(0)
            output.seek(0)
            header_line = manifest.readline()
            try:
                recorded = orjson.loads(header_line)
            except orjson.JSONDecodeError:
                recorded = None
            if not isinstance(recorded, dict) or not header_line.endswith(b"\n"):
                raise BatchError(
                    f"{manifest_path} is not a batch manifest; cannot resume",
                    f"{manifest_path} 不是批处理的清单文件；不能续做",
                )
            differences = _differences(recorded, fingerprint)
            if differences:
                raise BatchError(
                    f"{self.path} was written by another batch ({'; '.join(differences)}); "
                    "cannot resume. Start over with --overwrite, or resume with the same "
                    "input and options.",
                    f"{self.path} 是另一个批处理写的（{'；'.join(d.zh for d in differences)}）；"
                    "不能续做。请用 --overwrite 从头开始，或用相同的输入和选项续做。",
                )
            kept = 0
            manifest_bytes = len(header_line)
            start = output.read(len(self.preamble))
            if start != self.preamble and not self.preamble.startswith(start):
                raise BatchError(
                    f"{self.path} does not start with the header this batch writes; cannot "
                    "resume. Start over with --overwrite.",
                    f"{self.path} 开头不是本批处理写的表头；不能续做。请用 --overwrite 从头开始。",
                )
            # A torn header (the run stopped while starting the output) holds no rows:
            # the header is written again below.
            torn_preamble = start != self.preamble
            kept_bytes = len(start)
            while not torn_preamble:
                line = output.readline()
                if not line.endswith(b"\n"):
                    break  # the end, or a torn last line
                entry_line = manifest.readline()
                if not entry_line.endswith(b"\n"):
                    break  # written but not recorded: done again
                try:
                    row, digest = orjson.loads(entry_line)
                except (orjson.JSONDecodeError, ValueError, TypeError):
                    raise BatchError(
                        f"{manifest_path} line {kept + 2} is damaged; cannot resume",
                        f"{manifest_path} 第{kept + 2}行已损坏；不能续做",
                    ) from None
                if row != kept + 1 or digest != _digest(line):
                    raise BatchError(
                        f"line {kept + 1} of {self.path} is not the line this batch wrote "
                        "(changed or reordered after it was written); cannot resume. Start "
                        "over with --overwrite.",
                        f"{self.path} 第{kept + 1}行不是本批处理写的那一行（写入后被修改或调换了"
                        "顺序）；不能续做。请用 --overwrite 从头开始。",
                    )
                if not self._is_row(line, kept + 1):
                    raise BatchError(
                        f"line {kept + 1} of {self.path} is not row {kept + 1}; cannot resume",
                        f"{self.path} 第{kept + 1}行不是第{kept + 1}条记录；不能续做",
                    )
                kept += 1
                kept_bytes += len(line)
                manifest_bytes += len(entry_line)
        if torn_preamble:
            kept_bytes = 0
        os.ftruncate(self.fd, kept_bytes)
        os.ftruncate(manifest_fd, manifest_bytes)
        os.lseek(self.fd, 0, os.SEEK_END)
        os.lseek(manifest_fd, 0, os.SEEK_END)
        if torn_preamble:
            self._write_preamble()
        self.written = kept
        return kept

    def _is_row(self, line: bytes, number: int) -> bool:
        """Whether a kept line is the line of row ``number``."""
        if self.is_csv:
            return line.startswith(b"%d," % number)
        try:
            parsed = orjson.loads(line)
        except orjson.JSONDecodeError:
            return False
        return isinstance(parsed, dict) and parsed.get("row") == number

    def write(self, lines: list[bytes], digests: list[str]) -> None:
        """Write whole lines, then record them (their digests) in the manifest."""
        assert self.fd is not None
        _write_all(self.fd, b"".join(lines))
        if self.manifest_fd is not None:
            entries = []
            for digest in digests:
                self.written += 1
                entries.append(b'[%d,"%s"]\n' % (self.written, digest.encode()))
            _write_all(self.manifest_fd, b"".join(entries))

    def close(self) -> None:
        for fd in (self.manifest_fd, self.fd if self.path is not None else None):
            if fd is not None:
                try:
                    if self.regular:
                        os.fsync(fd)
                finally:
                    os.close(fd)
        self.fd = self.manifest_fd = None


def _cannot_write(path: Path, error: OSError, reason: Said | None = None) -> BatchError:
    reason = reason or _os_reason(error)
    return BatchError(f"cannot write {path}: {reason}", f"无法写入 {path}：{reason.zh}")


def _same(text: str) -> Said:
    """Text that reads the same in both languages (a path)."""
    return Said(text, text)


def _differences(recorded: dict[str, Any], expected: dict[str, Any]) -> list[Said]:
    labels = {
        "input_sha256": ("the input's content differs", "输入的内容不同"),
        "input_format": ("the input format differs", "输入格式不同"),
        "as_of": (
            "written for as_of {recorded}, this run is for {expected}",
            "写入时的评估日为 {recorded}，本次为 {expected}",
        ),
        "configuration": (
            "the configuration (policy, parameters, rule packs, --plan) differs",
            "配置（政策选项、参数、规则包、--plan）不同",
        ),
        "detail": (
            "written with --detail {recorded}, this run is --detail {expected}",
            "写入时为 --detail “{recorded}”，本次为 --detail “{expected}”",
        ),
        "output_format": (
            "written as {recorded}, this run writes {expected}",
            "写入格式为“{recorded}”，本次为“{expected}”",
        ),
        "library_version": (
            "written by callcenter-rules {recorded}, this is {expected}",
            "由 callcenter-rules {recorded} 写入，当前版本为 {expected}",
        ),
        "ruleset_hash": ("the rules differ", "规则不同"),
        "manifest": ("the manifest version differs", "清单文件的版本不同"),
    }
    # A manifest from before the detail and the output format were recorded is full JSON
    # Lines.
    recorded = {"detail": "full", "output_format": "jsonl", **recorded}
    found = []
    for key, (label, label_zh) in labels.items():
        if recorded.get(key) != expected.get(key):
            values = {"recorded": recorded.get(key), "expected": expected.get(key)}
            found.append(Said(label.format(**values), label_zh.format(**values)))
    return found


# ---------------------------------------------------------------- running


def run_batch(
    input_path: Path | str,
    output_path: Path | str,
    *,
    as_of: datetime.date,
    workers: int = 1,
    resume: bool = False,
    overwrite: bool = False,
    input_format: str | None = None,
    policy: Policy | None = None,
    on_row: Callable[[], None] | None = None,
    plan: bool = False,
    detail: str = "full",
    output_format: str | None = None,
    config: Config | None = None,
    cache_size: int = 0,
) -> Summary:
    """Assess every row of ``input_path`` into ``output_path``; see the module docstring.

    ``"-"`` means standard input or standard output. ``workers`` > 1 runs that many
    processes, each with its own engine; the output is the same either way. An output that
    already has rows is refused unless ``resume`` (continue it) or ``overwrite`` (start
    over) is given. With ``plan``, each assessment line also carries the profile's plan
    (``"plan"``: `Plan.to_dict`, as ``callcenter-rules plan --format json`` prints it).
    ``detail="summary"`` writes a short line per row instead (`SUMMARY_COLUMNS`; with
    ``plan``, also `PLAN_COLUMNS`). ``output_format`` is ``"jsonl"`` or ``"csv"`` (a summary
    only); by default CSV for an output named ``.csv``, else JSON Lines.
    ``config`` (a `Config`: policy, parameter overrides, rule packs) builds the engine, the
    same in every worker; ``policy`` alone is short for ``Config(policy=policy)``.
    ``cache_size`` gives each engine (each worker's) an assessment cache of that many
    profiles, for inputs with repeated rows (`callcenter_rules.cache`); the output is the
    same with or without it.
    ``KeyboardInterrupt`` stops the run after the last whole line and
    returns a summary with ``interrupted`` set.

    Raises:
        BatchError: before anything is written, for bad arguments, an unreadable input or
            an output that is the input, is locked by another batch or (with ``resume``)
            does not belong to this batch; during the run, when the output cannot be
            written (a full disk). The output then holds whole lines and can be resumed.
    """
    if workers < 1:
        raise BatchError("--workers must be at least 1", "--workers 至少为1")
    try:
        check_cache_size(cache_size)
    except (TypeError, ValueError):
        raise BatchError(
            f"--cache must be a whole number, 0 (no cache) or more, got {cache_size!r}",
            f"--cache 必须是不小于0的整数（0表示不缓存），实际为{cache_size!r}",
        ) from None
    if resume and overwrite:
        raise BatchError(
            "--resume and --overwrite exclude each other", "--resume 和 --overwrite 不能同时使用"
        )
    job = _job(output_path, plan, detail, output_format)
    try:
        day = check_as_of(as_of)
    except UnsupportedDate as error:
        raise BatchError(str(error), error.message_zh) from None
    except (ValueError, TypeError) as error:
        raise BatchError(
            str(error), f"评估日必须是日期，实际为{type_zh(type(as_of).__name__)}"
        ) from None
    config = _config(config, policy)
    source_path = None if str(input_path) == "-" else Path(input_path)
    target_path = None if str(output_path) == "-" else Path(output_path)
    if resume and source_path is None:
        raise BatchError(
            "cannot resume a batch read from standard input (it cannot be read again)",
            "从标准输入读取的批处理不能续做（标准输入无法再读一遍）",
        )
    source = _Input(source_path, input_format)
    try:
        engine = config.engine(cache_size=cache_size)
    except ValueError as error:  # an unusable parameter override or rule pack
        raise BatchError(str(error), getattr(error, "message_zh", None) or str(error)) from None
    try:
        fingerprint = {
            "manifest": _MANIFEST_VERSION,
            "input": source.name,
            "input_sha256": source.sha256,
            "input_format": source.format,
            "as_of": day.isoformat(),
            "configuration": {**engine.configuration, "plan": plan},
            "detail": job.detail,
            "output_format": job.output_format,
            "library_version": __version__,
            "ruleset_hash": engine.ruleset_hash,
        }
        output = _Output(target_path, job.preamble(), is_csv=job.output_format == "csv")
        try:
            skipped = output.open(
                resume=resume, overwrite=overwrite, fingerprint=fingerprint, source=source
            )
            return _run(source, output, engine, day, workers, config, skipped, on_row, job)
        finally:
            output.close()
    finally:
        engine.close()


def _config(config: Config | None, policy: Policy | None) -> Config:
    if config is None:
        return Config(policy=policy if policy is not None else Policy())
    if not isinstance(config, Config):
        raise BatchError(
            f"config must be a Config, got {type(config).__name__}",
            f"参数“config”必须是“Config”对象，实际为{type_zh(type(config).__name__)}",
        )
    if policy is not None and policy != config.policy:
        raise BatchError(
            "give the policy in the configuration or as policy=, not both",
            "政策选项请在配置中给出，或以“policy=”给出，不要同时给出两者",
        )
    return config


def _job(output_path: Path | str, plan: bool, detail: str, output_format: str | None) -> _Job:
    """Check the detail and the output format (from the output's name unless given)."""
    if detail not in DETAILS:
        raise BatchError(
            f"unknown detail {detail!r}; use full or summary",
            f"未知的详细程度{zh_quote(str(detail))}；请使用 full 或 summary",
        )
    if output_format is None:
        output_format = "csv" if str(output_path).lower().endswith(".csv") else "jsonl"
    elif output_format not in OUTPUT_FORMATS:
        raise BatchError(
            f"unknown output format {output_format!r}; use jsonl or csv",
            f"未知的输出格式{zh_quote(str(output_format))}；请使用 jsonl 或 csv",
        )
    if output_format == "csv" and detail != "summary":
        raise BatchError(
            "CSV output holds one summary row per profile: add --detail summary, or write "
            "JSON Lines (an output not named .csv, or --output-format jsonl)",
            "CSV 输出每个企业一行摘要：请加上 --detail summary，或输出 JSON Lines"
            "（输出文件名不以 .csv 结尾，或使用 --output-format jsonl）",
        )
    return _Job(plan=plan, detail=detail, output_format=output_format)


def _run(
    source: _Input,
    output: _Output,
    engine: Engine,
    day: datetime.date,
    workers: int,
    config: Config,
    skipped: int,
    on_row: Callable[[], None] | None,
    job: _Job,
) -> Summary:
    summary = Summary(skipped=skipped)
    # With workers, JSON Lines input is parsed in the workers, not here.
    rows = itertools.islice(source.items(raw=workers > 1), skipped, None)
    started = time.perf_counter()

    def emit(results: list[_Done]) -> None:
        # An interruption waits until the lines, their manifest entries and the counts
        # are all done (`_WriteGuard`).
        with guard:
            try:
                output.write([line for line, _, _ in results], [digest for _, digest, _ in results])
            except OSError as error:
                done = summary.skipped + summary.rows
                reason = _os_reason(error)
                raise BatchError(
                    f"writing {output.name} failed after {done} rows: {reason}. "
                    "The rows written are whole lines; fix the cause and resume.",
                    f"写入 {output.name.zh} 时失败（已写 {done} 行）：{reason.zh}。"
                    "已写入的都是完整的行；排除原因后可用 --resume 续做。",
                ) from None
            for _, _, brief in results:
                summary.rows += 1
                if "status" in brief:
                    summary.by_status[brief["status"]] += 1
                    summary.by_license_type[brief["license_type"] or "none"] += 1
                elif brief.get("error") == "internal_error":
                    summary.internal_errors += 1
                else:
                    summary.errors += 1
                if on_row is not None:
                    on_row()

    guard = _WriteGuard()
    try:
        with guard.installed():
            if workers == 1:
                for row in rows:
                    emit(_assess_chunk(engine, [row], day, job))
            else:
                left = None if source.total is None else source.total - skipped
                _run_parallel(rows, day, workers, config, emit, job, engine, left)
    except KeyboardInterrupt:
        summary.interrupted = True
    summary.seconds = time.perf_counter() - started
    return summary


class _WriteGuard:
    """Holds an interruption (Ctrl-C, or a signal whose handler raises KeyboardInterrupt,
    as the command line's SIGTERM handler does) while lines and their manifest entries are
    written, and raises it once both are, so that an interrupted batch leaves its output
    and its manifest in step. Only in the main thread, and only for signals whose handler
    is a Python function."""

    _SIGNALS: Final = (signal.SIGINT, signal.SIGTERM)

    def __init__(self) -> None:
        self.writing = False
        self.held: tuple[Callable[..., Any], int, Any] | None = None
        self.previous: dict[int, Callable[..., Any]] = {}

    @contextlib.contextmanager
    def installed(self) -> Iterator[None]:
        if threading.current_thread() is threading.main_thread():
            for number in self._SIGNALS:
                handler = signal.getsignal(number)
                if callable(handler):
                    self.previous[number] = handler
                    signal.signal(number, self._handle)
        try:
            yield
        finally:
            for restored, handler in self.previous.items():
                signal.signal(restored, handler)
            self.previous.clear()

    def _handle(self, number: int, frame: Any) -> None:
        handler = self.previous.get(number)
        if handler is None:  # pragma: no cover - restored already
            return
        if self.writing:
            self.held = self.held or (handler, number, frame)
        else:
            handler(number, frame)

    def __enter__(self) -> None:
        self.writing = True

    def __exit__(self, kind: type[BaseException] | None, *_exc: object) -> None:
        self.writing = False
        held, self.held = self.held, None
        # An error already on its way (a full disk) ends the run anyway.
        if held is not None and kind is None:
            handler, number, frame = held
            handler(number, frame)


def _run_parallel(
    rows: Iterable[Row | _RawLine],
    as_of: datetime.date,
    workers: int,
    config: Config,
    emit: Callable[[list[_Done]], None],
    job: _Job,
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
    pending: deque[Future[list[_Done]]] = deque()
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


def summary_text(summary: Summary, lang: str = "en") -> str:
    """The summary for people, in English (``"en"``) or Chinese (``"zh"``).

    Raises:
        ValueError: ``lang`` is neither ``"en"`` nor ``"zh"``.
    """
    if check_lang(lang) == "zh":
        return _summary_zh(summary)
    buffer = io.StringIO()
    status = ", ".join(f"{k} {v}" for k, v in sorted(summary.by_status.items())) or "none"
    licences = ", ".join(f"{k} {v}" for k, v in sorted(summary.by_license_type.items())) or "none"
    buffer.write(f"rows assessed: {summary.rows}")
    if summary.skipped:
        buffer.write(f" (after {summary.skipped} already written)")
    buffer.write(f"\nby status:     {status}\nby licence:    {licences}\n")
    buffer.write(f"errors:        {summary.errors}\n")
    if summary.internal_errors:
        buffer.write(
            f"internal errors: {summary.internal_errors} (a defect in the library; "
            "see the rows with type internal_error)\n"
        )
    buffer.write(f"time:          {summary.seconds:.2f} s ({summary.rate:,.0f} rows/s)\n")
    return buffer.getvalue()


def _summary_zh(summary: Summary) -> str:
    def counts(items: Counter[str], label: Callable[[str], str]) -> str:
        return "，".join(f"{label(k)} {v}" for k, v in sorted(items.items())) or word("none", "zh")

    def status(value: str) -> str:
        try:
            return status_label(Status(value), "zh")
        except ValueError:
            return value

    def licence(value: str) -> str:
        if value == "none":
            return word("none", "zh")
        try:
            return type_label(LicenseType(value), "zh")
        except ValueError:
            return value

    rows = f"{summary.rows}"
    if summary.skipped:
        rows += f"（此前已写入 {summary.skipped} 行）"
    lines = [
        ("评估行数：", rows),
        ("按结论：", counts(summary.by_status, status)),
        ("按许可证类型：", counts(summary.by_license_type, licence)),
        ("错误：", f"{summary.errors}"),
    ]
    if summary.internal_errors:
        lines.append(
            (
                "内部错误：",
                f"{summary.internal_errors}（本库的缺陷；见 type 为 internal_error 的行）",
            )
        )
    lines.append(("用时：", f"{summary.seconds:.2f} 秒（{summary.rate:,.0f} 行/秒）"))
    width = max(display_width(label) for label, _ in lines)
    return "".join(f"{ljust_display(label, width)}{value}\n" for label, value in lines)
