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

import codecs
import contextlib
import csv
import datetime
import difflib
import hashlib
import io
import itertools
import json
import os
import re
import signal
import stat
import sys
import threading
import time
import weakref
from collections import Counter, OrderedDict, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Final, TypeVar

import attrs
import orjson

from ._version import __version__
from .api import Engine, UnsupportedDate, check_as_of
from .assemble import normalised_input
from .cache import check_cache_size
from .config import Config, os_reason
from .errors import BilingualError
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
    zh_of,
    zh_quote,
)
from .results import Assessment, LicenseType, Status
from .structure import structure_profile

if TYPE_CHECKING:
    from .plan import Plan

__all__ = [
    "CSV_COLUMNS",
    "DETAILS",
    "ENCODINGS",
    "INPUT_FORMATS",
    "MANIFEST_SUFFIX",
    "OUTPUT_FORMATS",
    "PLAN_COLUMNS",
    "SUMMARY_COLUMNS",
    "BatchError",
    "Counts",
    "Row",
    "Summary",
    "UploadedBatch",
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
#: JSON arrays in JSON Lines and ``;``-separated cells in CSV. ``error_*``, ``errors`` and
#: ``errors_zh`` (the messages in Chinese) are CSV columns only: a JSON Lines error line is
#: the same in both details.
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
    "errors_zh",
)
#: With ``plan``: how many paths to a licence there are, the first one's licence type and
#: changes (in English and Chinese), and the obstacles' codes; ``plan_error`` and
#: ``plan_error_zh`` only on a row whose plan could not be made (a defect), which then has
#: its assessment and no plan.
PLAN_COLUMNS: Final = (
    "plan_options",
    "plan_license_type",
    "plan_changes",
    "plan_changes_zh",
    "plan_obstacles",
    "plan_error",
    "plan_error_zh",
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


class BatchError(BilingualError):
    """The batch cannot start or go on: bad arguments, an unreadable input, an output that
    cannot be written or does not belong to this batch. The message says which and why;
    ``message_zh`` says the same in Chinese (``str()`` is the English)."""


def _batch_error(said: Said) -> BatchError:
    return BatchError(str(said), said.zh)


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
class Counts:
    """Counts of the rows of one part of an output (`Summary.kept`, `Summary.output`)."""

    rows: int = 0
    #: Rows that could not be read or are not valid profiles.
    errors: int = 0
    #: Rows on which the library itself failed (a defect: each is an error line).
    internal_errors: int = 0
    #: Rows assessed whose plan could not be made (``plan_error`` on the line; a defect).
    plan_errors: int = 0
    by_status: Counter[str] = attrs.field(factory=Counter)
    by_license_type: Counter[str] = attrs.field(factory=Counter)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready counts."""
        return {
            "rows": self.rows,
            "errors": self.errors,
            "internal_errors": self.internal_errors,
            "plan_errors": self.plan_errors,
            "by_status": dict(sorted(self.by_status.items())),
            "by_license_type": dict(sorted(self.by_license_type.items())),
        }


def _tally(counts: Counts | Summary, brief: Brief) -> None:
    """Count one output line (its brief: `_assess_chunk`) in ``counts``."""
    counts.rows += 1
    if "status" in brief:
        counts.by_status[brief["status"]] += 1
        counts.by_license_type[brief["license_type"] or "none"] += 1
        if brief.get("plan_error"):
            counts.plan_errors += 1
    elif brief.get("error") == "internal_error":
        counts.internal_errors += 1
    else:
        counts.errors += 1


@attrs.define
class Summary:
    """Counts of one run (rows kept by ``resume`` are in ``skipped``, not in ``rows``;
    their counts are in ``kept``, and the whole output's in ``output``)."""

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
    #: Rows assessed whose plan could not be made (``plan_error`` on the line; a defect).
    plan_errors: int = 0
    #: The counts of the ``skipped`` rows, read from the output by ``resume`` (None when
    #: they are not known: a summary made by hand).
    kept: Counts | None = None

    @property
    def rate(self) -> float:
        """Rows per second."""
        return self.rows / self.seconds if self.seconds > 0 else 0.0

    @property
    def output(self) -> Counts | None:
        """The counts of the whole output: the rows kept by ``resume`` and this run's
        (None when rows were kept whose counts are not known)."""
        kept = self.kept if self.kept is not None else Counts() if not self.skipped else None
        if kept is None:
            return None
        return Counts(
            rows=kept.rows + self.rows,
            errors=kept.errors + self.errors,
            internal_errors=kept.internal_errors + self.internal_errors,
            plan_errors=kept.plan_errors + self.plan_errors,
            by_status=kept.by_status + self.by_status,
            by_license_type=kept.by_license_type + self.by_license_type,
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready counts: this run's, and the whole output's (``"output"``; null when
        not known)."""
        output = self.output
        return {
            "rows": self.rows,
            "skipped": self.skipped,
            "errors": self.errors,
            "internal_errors": self.internal_errors,
            "plan_errors": self.plan_errors,
            "by_status": dict(sorted(self.by_status.items())),
            "by_license_type": dict(sorted(self.by_license_type.items())),
            "seconds": round(self.seconds, 3),
            "rows_per_second": round(self.rate, 1),
            "interrupted": self.interrupted,
            "output": None if output is None else output.to_dict(),
        }


# ---------------------------------------------------------------- input


def _format_of(path: Path | None, declared: str | None) -> str | None:
    """The input format declared, else the one the file's extension names; None when the
    name does not tell (standard input, a pipe such as ``/dev/fd/63``, a name without a
    known extension): the content tells then (`_sniff`)."""
    if declared:
        if declared not in INPUT_FORMATS:
            raise BatchError(
                f"unknown input format {declared!r}; use jsonl, csv or json",
                f"未知的输入格式{zh_quote(declared)}；请使用 jsonl、csv 或 json",
            )
        return declared
    if path is None:
        return None
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return "csv"
    if suffix in {".jsonl", ".ndjson"}:
        return "jsonl"
    if suffix == ".json":
        return "json"
    return None


#: Bytes before an input's first character that tell nothing of its format.
_SPACE: Final = b" \t\r\n"
#: How much of an input is looked at for its first character, at most.
_SNIFF_LIMIT: Final = 1 << 16


def _sniff(head: bytes) -> str | None:
    """The format of an input that starts with ``head``, from its first character other
    than a byte order mark and white space: ``{`` a JSON object, so JSON Lines; ``[`` a
    JSON array, one document; anything else a CSV header. None when ``head`` holds no such
    character yet."""
    text = head[len(_BOM) :] if head.startswith(_BOM) else head
    if _BOM.startswith(text):
        return None  # a byte order mark, or the start of one, only
    text = text.lstrip(_SPACE)
    if not text:
        return None
    return {ord("{"): "jsonl", ord("["): "json"}.get(text[0], "csv")


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


#: The encodings an input may be read in (``encoding``, ``--encoding``): UTF-8, the
#: default (a byte order mark is allowed either way), and for CSV also GBK and GB18030, in
#: which Excel on Chinese Windows saves CSV. JSON input is always UTF-8.
ENCODINGS: Final = ("utf-8", "utf-8-sig", "gbk", "gb18030")
#: A CSV header that names no field when split at commas is tried with these: Excel
#: separates cells with semicolons where the decimal mark is a comma, and tab-separated
#: text is what a spreadsheet's "text (tab delimited)" gives.
_OTHER_DELIMITERS: Final = (";", "\t")
_DELIMITER_NAMES: Final = {
    ",": Said("commas", "逗号"),
    ";": Said("semicolons", "分号"),
    "\t": Said("tabs", "制表符"),
}
#: Excel's first line naming the delimiter: ``sep=;``.
_SEP_LINE: Final = re.compile(r"sep=(.)(?:\r\n|\n|\r)?")
# Bytes that are not in the input's encoding arrive as lone surrogates
# (errors="surrogateescape").
_SURROGATE: Final = re.compile("[\udc80-\udcff]")
_GBK_HINT: Final = Said(
    "; it reads as GBK (GB18030), the encoding Excel uses for CSV on Chinese Windows: run "
    'again with --encoding gbk, or save the file as "CSV UTF-8"',
    "；它可以按 GBK（GB18030）编码读取，中文版 Windows 上的 Excel 保存 CSV 时用的就是这种编码："
    "请加上 --encoding gbk 重新运行，或把文件另存为“CSV UTF-8”格式",
)


def _encoding_of(encoding: str, input_format: str) -> str:
    """``encoding`` (or an alias of it: utf8, cp936) as one of `ENCODINGS`, ``utf-8-sig``
    read as ``utf-8`` (a byte order mark is allowed either way).

    Raises:
        BatchError: an encoding not in `ENCODINGS`, or other than UTF-8 for JSON input.
    """
    try:
        name = codecs.lookup(encoding).name if isinstance(encoding, str) else ""
    except LookupError:
        name = ""
    if name not in ENCODINGS:
        raise BatchError(
            f"unknown or unsupported encoding {encoding!r}; use utf-8 (the default), "
            "utf-8-sig, gbk or gb18030",
            f"未知或不支持的编码{zh_quote(str(encoding))}；请使用 utf-8（默认）、utf-8-sig、"
            "gbk 或 gb18030",
        )
    if name.startswith("utf-8"):
        return "utf-8"
    if input_format != "csv":
        raise BatchError(
            f"the encoding {name} is for CSV input; JSON input is always UTF-8",
            f"编码 {name} 只适用于 CSV 输入；JSON 输入总是 UTF-8 编码",
        )
    return name


def _codec(encoding: str) -> str:
    """The codec that reads ``encoding`` (from `_encoding_of`)."""
    return "utf-8-sig" if encoding == "utf-8" else encoding


def _reads_as_gbk(cells: Sequence[str]) -> bool:
    """Whether cells read as UTF-8 (with surrogate escapes) are GB18030 text: the bytes as
    they were in the input decode as GB18030 (a superset of GBK)."""
    try:
        for cell in cells:
            cell.encode("utf-8", "surrogateescape").decode("gb18030")
    except UnicodeError:
        return False
    return True


def _not_encoded(what: Said, encoding: str, cells: Sequence[str]) -> Said:
    """That ``what`` is not valid text in ``encoding``; for UTF-8, with what to do when the
    bytes read as GBK."""
    label = encoding.upper()
    hint = _GBK_HINT if encoding == "utf-8" and _reads_as_gbk(cells) else Said("", "")
    return Said(f"{what} is not valid {label}{hint}", f"{what.zh}不是有效的 {label} 文本{hint.zh}")


def _check_header(cells: list[str], name: Said, delimiter: str = ",") -> list[str]:
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
        how = Said("", "")
        if delimiter != ",":
            split = _DELIMITER_NAMES.get(delimiter, _same(repr(delimiter)))
            how = Said(f" (cells separated by {split})", f"（单元格以{split.zh}分隔）")
        raise BatchError(
            f"{name}: the CSV header{how} cannot be used: " + "; ".join(problems),
            f"{name.zh}：CSV 表头{how.zh}无法使用：" + "；".join(p.zh for p in problems),
        )
    return header


@attrs.frozen
class _CsvStart:
    """A CSV input read up to its header: the reader of the rows after it, the header,
    the header's last line and the delimiter."""

    reader: Any
    header: list[str]
    line: int
    delimiter: str


def _csv_start(text: IO[str], name: Said, encoding: str) -> _CsvStart:
    """Read ``text`` up to its header row (blank lines before it, and Excel's ``sep=;``
    line, skipped) and check the header. Cells are separated by commas, unless a
    ``sep=`` line names another delimiter or the header names profile fields only when
    split at semicolons or tabs (`_OTHER_DELIMITERS`).

    Raises:
        BatchError: no header, or one that cannot be used (`_check_header`).
    """
    seen: list[str] = []

    def lines() -> Iterator[str]:
        # Only the lines up to the header: the rows are read from ``text`` itself.
        for line in text:
            seen.append(line)
            yield line

    source = lines()
    reader = csv.reader(source)
    delimiter: str | None = None
    while True:
        mark = len(seen)
        try:
            record = next(reader)
        except StopIteration:
            raise BatchError(
                f"{name} is empty: CSV input needs a header row",
                f"{name.zh} 是空的：CSV 输入需要表头行",
            ) from None
        except csv.Error as error:
            raise BatchError(
                f"{name}: the CSV header (line {len(seen)}) cannot be read: {error}",
                f"{name.zh}：CSV 表头（第{len(seen)}行）无法读取：{_csv_error_zh(error)}",
            ) from None
        if not record or not any(cell.strip() for cell in record):
            continue
        raw = seen[mark:]
        sep = _SEP_LINE.fullmatch("".join(raw)) if delimiter is None else None
        if sep and sep.group(1) not in '"\r\n':
            delimiter = sep.group(1)
            reader = csv.reader(source, delimiter=delimiter)
            continue
        if _SURROGATE.search("".join(record)):
            problem = _not_encoded(Said("the CSV header", "CSV 表头"), encoding, record)
            raise BatchError(f"{name}: {problem}", f"{name.zh}：{problem.zh}")
        if delimiter is None:
            delimiter = ","
            try:
                header = _check_header(record, name)
            except BatchError:
                if any(cell.strip() in PROFILE_FIELDS for cell in record):
                    raise
                found = _other_delimiter(raw, name)
                if found is None:
                    raise
                delimiter, cells = found
                header = _check_header(cells, name, delimiter)
        else:
            header = _check_header(record, name, delimiter)
        return _CsvStart(csv.reader(text, delimiter=delimiter), header, len(seen), delimiter)


def _other_delimiter(raw: list[str], name: Said) -> tuple[str, list[str]] | None:
    """The delimiter (of `_OTHER_DELIMITERS`) with which the header's ``raw`` lines name
    a profile field, and the cells they then hold; None if none does.

    Raises:
        BatchError: the header reads as a header only with another delimiter, but then
            spans fewer lines (quotes that pair up one way and not the other).
    """
    for delimiter in _OTHER_DELIMITERS:
        reader = csv.reader(raw, delimiter=delimiter)
        try:
            cells = next(reader)
        except (StopIteration, csv.Error):
            continue
        if not any(cell.strip() in PROFILE_FIELDS for cell in cells):
            continue
        if reader.line_num != len(raw):
            split = _DELIMITER_NAMES[delimiter]
            raise BatchError(
                f"{name}: the header's cells seem to be separated by {split}, but its quotes "
                "do not pair up that way; save the file as CSV with cells separated by commas",
                f"{name.zh}：表头的单元格似乎以{split.zh}分隔，但按此分隔时引号不成对；"
                "请把文件另存为以逗号分隔的 CSV",
            )
        return delimiter, cells
    return None


#: What the `csv` module's messages say, in Chinese (the beginning of each message).
_CSV_ERRORS_ZH: Final = (
    ("field larger than field limit", "单元格超过长度上限"),
    ("line contains NUL", "该行含有 NUL 字符"),
    ("unexpected end of data", "数据意外结束"),
)


def _csv_error_zh(error: csv.Error) -> str:
    text = str(error)
    for start, zh in _CSV_ERRORS_ZH:
        if text.startswith(start):
            return zh + text[len(start) :].replace("(", "（").replace(")", "）")
    return f"CSV 格式错误（{text}）"


class _Input:
    """An input checked before anything is written: its format, its header (CSV), its
    content (JSON), and for a regular file its SHA-256 and its number of rows. Standard
    input, and a path that is not a regular file (a pipe such as ``<(zcat in.gz)`` or
    ``/dev/stdin``, a FIFO, a device), is read once, as it comes: it could not be read
    again.

    A regular file is opened once: the rows are read through the descriptor that was
    checked, so a file replaced meanwhile (renamed over, as editors save) is not read, and
    they are hashed as they are read, so that a file changed in place is found out
    (`changed`). When the name does not tell the format, the content does (`_sniff`)."""

    def __init__(
        self,
        path: Path | None,
        input_format: str | None,
        encoding: str = "utf-8",
        shown: str | None = None,
        stream: IO[bytes] | None = None,
    ) -> None:
        self.path = path
        #: The input as given (the full path, not only its last part).
        self.name = (
            Said("standard input", "标准输入")
            if path is None and shown is None
            else _same(str(path) if shown is None else shown)
        )
        declared = _format_of(path, input_format)
        # The encoding's name is checked before anything is read; whether it suits the
        # format, once the format is known.
        _encoding_of(encoding, "csv")
        self._encoding_given = encoding
        self.format = declared or ""
        self.encoding = ""
        self.sha256: str | None = None
        self.size: int | None = None
        self.total: int | None = None
        #: The SHA-256 of the bytes the rows were read from, once all were read.
        self.read_sha256: str | None = None
        self._items: list[Any] | None = None
        #: The stream of an input read once, and what this opened (to close).
        self._stream: IO[bytes] | None = None
        self._opened: IO[bytes] | None = None
        #: A regular file, open from the check to the end of the reading.
        self._file: io.FileIO | None = None
        # CSV read once: its reader after the header.
        self._stream_csv: _CsvStart | None = None
        if stream is not None:
            self._open_stream(stream)
        elif path is None:
            self._open_stream(sys.stdin.buffer)
        else:
            self._open(path)

    def close(self) -> None:
        """Close what this opened, if anything."""
        for handle in (self._opened, self._file):
            if handle is not None:
                handle.close()
        self._opened = self._file = None

    @property
    def changed(self) -> bool:
        """Whether the rows read (all of them) are not the content that was checked."""
        return self.read_sha256 is not None and self.read_sha256 != self.sha256

    def _set_format(self, found: str) -> None:
        self.format = found
        self.encoding = _encoding_of(self._encoding_given, found)

    # -- checking

    def _open(self, path: Path) -> None:
        name = self.name
        try:
            try:
                mode = path.stat().st_mode
            except FileNotFoundError:
                raise BatchError(
                    f"cannot read {name}: no such file", f"无法读取 {name.zh}：文件不存在"
                ) from None
            if stat.S_ISDIR(mode):
                raise BatchError(
                    f"cannot read {name}: it is a directory", f"无法读取 {name.zh}：这是一个目录"
                )
            if stat.S_ISREG(mode):
                if self.format:
                    self._set_format(self.format)
                self._file = handle = io.FileIO(path, "r")
                if not self.format:
                    self._set_format(_sniff(_head(handle)[0]) or "jsonl")
                    handle.seek(0)
                if self.format == "jsonl":
                    self._scan_jsonl(handle)
                elif self.format == "csv":
                    self._scan_csv(handle)
                else:
                    self._load_json(handle.readall())
            else:
                self._opened = path.open("rb")
                self._open_stream(self._opened)
        except OSError as error:
            self.close()
            reason = os_reason(error)
            raise BatchError(
                f"cannot read {name}: {reason}", f"无法读取 {name.zh}：{reason.zh}"
            ) from None
        except BaseException:
            self.close()
            raise

    def _scan_jsonl(self, handle: IO[bytes]) -> None:
        digest = hashlib.sha256()
        size = rows = 0
        tail = b""
        while block := handle.read(_READ_BLOCK):
            digest.update(block)
            # Lines as `_jsonl_lines` reads them: a byte order mark is not part of the first.
            first = size == 0 and block.startswith(_BOM)
            size += len(block)
            lines = (tail + (block[3:] if first else block)).split(b"\n")
            tail = lines.pop()
            rows += sum(1 for line in lines if line.strip())
        rows += 1 if tail.strip() else 0
        self.sha256, self.size, self.total = digest.hexdigest(), size, rows

    def _scan_csv(self, handle: IO[bytes]) -> None:
        hashing = _HashingReader(handle)
        text = io.TextIOWrapper(
            io.BufferedReader(hashing),
            encoding=_codec(self.encoding),
            errors="surrogateescape",
            newline="",
        )
        start = _csv_start(text, self.name, self.encoding)
        rows = 0
        # Rows not in the encoding, those of them that read as GBK, the first one's line;
        # whether a row holds text beyond ASCII that is valid UTF-8.
        wrong = gbk = first = 0
        utf8 = False
        for number, line, cells, _ in _csv_records(start):
            rows = number
            if cells is None:
                continue
            joined = "".join(cells)
            if _SURROGATE.search(joined):
                wrong += 1
                first = first or line
                gbk += _reads_as_gbk(cells)
            elif not joined.isascii():
                utf8 = True
        text.detach()
        if self.encoding == "utf-8" and wrong and wrong == gbk and not utf8:
            hint = _GBK_HINT
            raise BatchError(
                f"{self.name} is not UTF-8 ({wrong} row(s) are not, the first on line "
                f"{first}){hint}",
                f"{self.name.zh} 不是 UTF-8 文本（有 {wrong} 行不是，第一处在第{first}行）"
                f"{hint.zh}",
            )
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

    def _open_stream(self, stream: IO[bytes]) -> None:
        """Start reading an input that is read once: a JSON document whole, CSV up to its
        header, JSON Lines not yet. When the name does not tell the format, the first bytes
        do; they are read again as part of the stream."""
        if self.format:
            self._set_format(self.format)
        else:
            head, ended = _head(stream)
            self._set_format(_sniff(head) or "jsonl")
            if head and not ended:
                stream = io.BufferedReader(_Prefixed(head, stream))
            elif head:
                stream = io.BytesIO(head)
        self._stream = stream
        if self.format == "json":
            self._load_json(stream.read())
        elif self.format == "csv":
            text = io.TextIOWrapper(
                stream, encoding=_codec(self.encoding), errors="surrogateescape", newline=""
            )
            self._stream_csv = _csv_start(text, self.name, self.encoding)

    # -- reading

    def _reading(self) -> tuple[IO[bytes], _HashingReader]:
        """The regular file from its start, through a reader that hashes what it reads."""
        assert self._file is not None
        self._file.seek(0)
        hashing = _HashingReader(self._file)
        return io.BufferedReader(hashing, _READ_BLOCK), hashing

    def items(self, raw: bool = False) -> Iterator[Row | _RawLine]:
        """The rows, numbered from 1; with ``raw``, lines of JSON Lines input are left for
        the workers to parse (`_RawLine`)."""
        if not raw or self._items is not None or self.format != "jsonl":
            yield from self.rows()
        elif self._stream is not None:
            yield from _jsonl_lines(self._stream)
        else:
            handle, hashing = self._reading()
            yield from _jsonl_lines(handle)
            self.read_sha256 = hashing.hexdigest()

    def rows(self) -> Iterator[Row]:
        """The rows, numbered from 1."""
        if self._items is not None:
            for number, item in enumerate(self._items, start=1):
                yield Row(number, item, line=number)
        elif self._stream is not None:
            if self._stream_csv is not None:
                yield from _csv_data_rows(self._stream_csv, self.encoding)
            else:
                yield from _jsonl_rows(self._stream)
        else:
            handle, hashing = self._reading()
            if self.format == "jsonl":
                yield from _jsonl_rows(handle)
            else:
                text = io.TextIOWrapper(
                    handle, encoding=_codec(self.encoding), errors="surrogateescape", newline=""
                )
                start = _csv_start(text, self.name, self.encoding)
                yield from _csv_data_rows(start, self.encoding)
                text.detach()
            self.read_sha256 = hashing.hexdigest()


def _head(stream: IO[bytes]) -> tuple[bytes, bool]:
    """The first bytes of ``stream``, as far as its first character other than white space
    (`_sniff`), or at most `_SNIFF_LIMIT`; and whether the stream ended there. Reads only
    what is there (``read1``), so that a pipe that has sent its first line is not waited
    on for more."""
    read = getattr(stream, "read1", stream.read)
    head = b""
    while _sniff(head) is None and len(head) < _SNIFF_LIMIT:
        block = read(_SNIFF_LIMIT - len(head))
        if not block:
            return head, True
        head += block
    return head, False


class _Prefixed(io.RawIOBase):
    """A stream of bytes already read (``head``) and then the rest of ``raw``."""

    def __init__(self, head: bytes, raw: IO[bytes]) -> None:
        self._head = memoryview(head)
        self._raw = raw

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self._head:
            count = min(len(buffer), len(self._head))
            buffer[:count] = self._head[:count]
            self._head = self._head[count:]
            return count
        read = getattr(self._raw, "read1", self._raw.read)
        data = read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


class _HashingReader(io.RawIOBase):
    """A binary stream that hashes and counts what is read through it."""

    def __init__(self, raw: Any) -> None:
        self._raw = raw
        self._digest = hashlib.sha256()
        self.size = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        count: int = self._raw.readinto(buffer) or 0
        with memoryview(buffer) as view:
            self._digest.update(view[:count])
        self.size += count
        return count

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
        where = f"0x{raw[error.start]:02x}"
        return Row(
            number,
            problem=(
                "invalid_encoding",
                Said(
                    f"line {line_number} is not valid UTF-8 "
                    f"(byte {where} at column {error.start + 1})",
                    f"第{line_number}行不是有效的 UTF-8 文本"
                    f"（第{error.start + 1}列的字节 {where}）",
                ),
            ),
            line=line_number,
        )
    try:
        return Row(number, json_loads(text), line=line_number)
    except JSONInputError as error:
        return Row(
            number,
            problem=(
                "invalid_json",
                Said(
                    f"line {line_number} is not valid JSON: {error}",
                    f"第{line_number}行不是有效的 JSON：{error.message_zh}",
                ),
            ),
            line=line_number,
        )


def _jsonl_rows(handle: IO[bytes]) -> Iterator[Row]:
    for item in _jsonl_lines(handle):
        yield _jsonl_row(*item)


def _csv_records(start: _CsvStart) -> Iterator[tuple[int, int, list[str] | None, Said | None]]:
    """The data rows after the header: (row number, first line, the cells or None, and
    why not). Blank lines and lines of spaces are not rows. Counting the rows of a file and
    reading them both go through here, so they agree."""
    reader, offset = start.reader, start.line
    number = 0
    previous = offset
    while True:
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            number += 1
            line = previous + 1
            yield (
                number,
                line,
                None,
                Said(f"line {line}: {error}", f"第{line}行：{_csv_error_zh(error)}"),
            )
            previous = offset + reader.line_num
            continue
        first, previous = previous + 1, offset + reader.line_num
        if not record or (len(record) == 1 and not record[0].strip()):
            continue  # a blank line, or a line of spaces
        number += 1
        yield number, first, record, None


def _csv_data_rows(start: _CsvStart, encoding: str = "utf-8") -> Iterator[Row]:
    """The data rows after the header, as rows (`_csv_records`)."""
    header = start.header
    width = len(header)
    for number, line, record, problem in _csv_records(start):
        if record is None:
            yield Row(number, problem=("invalid_csv", problem or ""), line=line)
        elif _SURROGATE.search("".join(record)):
            what = Said(f"line {line}", f"第{line}行")
            yield Row(
                number,
                problem=("invalid_encoding", _not_encoded(what, encoding, record)),
                line=line,
            )
        elif len(record) != width:
            yield Row(
                number,
                problem=(
                    "invalid_csv",
                    Said(
                        f"line {line}: the row has {len(record)} cells; the header has {width}",
                        f"第{line}行：该行有 {len(record)} 个单元格，表头有 {width} 个",
                    ),
                ),
                line=line,
            )
        else:
            yield Row(
                number,
                {k: _csv_value(k, v) for k, v in zip(header, record, strict=True) if v.strip()},
                line=line,
            )


def read_rows(
    path: Path, input_format: str | None = None, encoding: str = "utf-8"
) -> Iterator[Row]:
    """The rows of an input file, numbered from 1 (blank lines are skipped).

    Raises:
        BatchError: the file cannot be read as the format says (checked before any row is
            yielded: a CSV header, a JSON document).
    """
    source = _Input(path, input_format, encoding)
    return _closing_rows(source)


def _closing_rows(source: _Input) -> Iterator[Row]:
    with contextlib.closing(source):
        yield from source.rows()


def count_rows(path: Path, input_format: str | None = None, encoding: str = "utf-8") -> int:
    """How many rows `read_rows` will yield.

    Raises:
        BatchError: as `read_rows`; or ``path`` is not a regular file (a pipe, which could
            not be read again for the rows).
    """
    if _read_once(path):
        raise BatchError(
            f"cannot count the rows of {path} without using them up: it is not a regular file",
            f"{path} 不是普通文件，数它的行数会把它读完",
        )
    with contextlib.closing(_Input(path, input_format, encoding)) as source:
        total = source.total
    assert total is not None
    return total


def _read_once(path: Path) -> bool:
    """Whether ``path`` is there and is neither a regular file nor a directory (a pipe, a
    FIFO, a device): what can be read only once."""
    try:
        mode = path.stat().st_mode
    except (OSError, ValueError):
        return False  # the input's own checks say why
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


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
        return _error(row, kind, [("", message)])
    summary = job.detail == "summary"
    try:
        if job.plan:
            try:
                found = _plan(engine, row.data, as_of)
                if summary:
                    return {**_summary(row.number, found.assessment), **_plan_summary(found)}
                return {
                    "row": row.number,
                    "assessment": found.assessment.to_dict(),
                    "plan": found.to_dict(),
                }
            except InvalidProfile:
                raise
            except Exception as error:  # the row keeps its assessment (below)
                failed = _failure(error, "无法给出取得许可的途径（本库的缺陷）：")
            result = engine.assess(row.data, as_of=as_of)
            if summary:
                return {
                    **_summary(row.number, result),
                    "plan_error": str(failed),
                    "plan_error_zh": failed.zh,
                }
            return {
                "row": row.number,
                "assessment": result.to_dict(),
                "plan_error": {
                    "type": "internal_error",
                    "message": str(failed),
                    "message_zh": failed.zh,
                },
            }
        result = engine.assess(row.data, as_of=as_of)
        if summary:
            return _summary(row.number, result)
        # Inside the try: the texts are rendered when first read, here.
        return {"row": row.number, "assessment": result.to_dict()}
    except InvalidProfile as error:
        return _error(row, "invalid_profile", error.errors, error.errors_zh)
    except Exception as error:  # one row must never stop the batch
        return _error(row, "internal_error", [("", _failure(error, "本库内部出错（缺陷）："))])


def _failure(error: Exception, zh: str) -> Said:
    """An error inside the library as a message: its type and text (cut to 2,000
    characters), and in Chinese the same after ``zh``."""
    said = f"{type(error).__name__}: {error}"[:2000]
    return Said(said, (zh + said)[:2000])


def _error(
    row: Row,
    kind: str,
    errors: Sequence[tuple[str, str]],
    errors_zh: Sequence[tuple[str, str]] | None = None,
) -> dict[str, Any]:
    """An error line: ``errors`` as ``(path, message)`` pairs, and in Chinese ``errors_zh``
    (by default the Chinese each message carries, `Said`)."""
    if errors_zh is None:
        errors_zh = [(path, zh_of(message)) for path, message in errors]
    return {
        "row": row.number,
        "error": {
            "type": kind,
            "line": row.line,
            "errors": [{"path": path, "message": str(message)} for path, message in errors],
            "errors_zh": [{"path": path, "message": message} for path, message in errors_zh],
        },
    }


class _Plans:
    """The plans an engine with an assessment cache has made, by the normalised input (the
    key of its assessment cache), as many as that cache keeps; least recently used dropped
    first. Thread-safe: the JSON service assesses from several threads."""

    def __init__(self, max_size: int) -> None:
        self.max_size = max_size
        self._entries: OrderedDict[bytes, Plan] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: bytes) -> Plan | None:
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
            return found

    def put(self, key: bytes, found: Plan) -> None:
        with self._lock:
            self._entries[key] = found
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_size:
                self._entries.popitem(last=False)


#: Each engine's plans (for engines with an assessment cache), dropped with the engine.
_PLANS: Final[weakref.WeakKeyDictionary[Engine, _Plans]] = weakref.WeakKeyDictionary()
_PLANS_LOCK: Final = threading.Lock()


def _plan(engine: Engine, data: Any, as_of: datetime.date) -> Plan:
    """``engine.plan(data)``, kept as the engine keeps assessments when it has a cache (a
    plan is made from the assessment alone, so a repeat gets the same plan)."""
    size = engine.cache_info().max_size
    if not size:
        return engine.plan(data, as_of=as_of)
    with _PLANS_LOCK:
        plans = _PLANS.get(engine)
        if plans is None:
            plans = _PLANS[engine] = _Plans(size)
    company = structure_profile(data)
    key = normalised_input(company, as_of, engine.policy)
    found = plans.get(key)
    if found is None:
        found = engine.plan(company, as_of=as_of)
        plans.put(key, found)
    return found


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
            "errors_zh": [
                f"{item['path']}：{item['message']}" if item["path"] else item["message"]
                for item in error["errors_zh"]
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
            if "plan_error" in record:
                brief["plan_error"] = True
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

    def __init__(
        self,
        path: Path | None,
        preamble: bytes = b"",
        is_csv: bool = False,
        columns: Sequence[str] = SUMMARY_COLUMNS,
    ) -> None:
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
        #: The columns of a CSV output, to count the rows ``resume`` keeps.
        self.columns = tuple(columns)
        #: The counts of the rows ``resume`` kept.
        self.kept = Counts()
        #: The batch's fingerprint, as the manifest records it.
        self.fingerprint: dict[str, Any] = {}
        #: After a write failed: whether the output was cut back to whole lines (and its
        #: manifest to their entries), or why not.
        self.cut: Said | None = None

    @property
    def manifest_path(self) -> Path:
        assert self.path is not None
        return self.path.with_name(self.path.name + MANIFEST_SUFFIX)

    def open(
        self, *, resume: bool, overwrite: bool, fingerprint: dict[str, Any], source: _Input
    ) -> int:
        """Open, lock and prepare the output; return how many rows it already holds."""
        self.fingerprint = fingerprint
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
            reason = Said(str(error.strerror), os_reason(error).zh)
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
            reason = os_reason(error)
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
                f"无法打开 {manifest_path}：{os_reason(error).zh}",
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
                brief = self._brief(line, kept + 1)
                if brief is None:
                    raise BatchError(
                        f"line {kept + 1} of {self.path} is not row {kept + 1}; cannot resume",
                        f"{self.path} 第{kept + 1}行不是第{kept + 1}条记录；不能续做",
                    )
                _tally(self.kept, brief)
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

    def _brief(self, line: bytes, number: int) -> Brief | None:
        """What a kept line says, to count it (as `_assess_chunk` briefs a line); None if
        it is not the line of row ``number``."""
        if self.is_csv:
            if not line.startswith(b"%d," % number):
                return None
            cells = dict(
                zip(self.columns, next(csv.reader([line.decode("utf-8", "replace")])), strict=False)
            )
            if cells.get("error_type"):
                return {"row": number, "error": cells["error_type"]}
            brief: Brief = {
                "row": number,
                "status": cells.get("status", ""),
                "license_type": cells.get("license_type") or None,
            }
            if cells.get("plan_error"):
                brief["plan_error"] = True
            return brief
        try:
            parsed = orjson.loads(line)
        except orjson.JSONDecodeError:
            return None
        if not isinstance(parsed, dict) or parsed.get("row") != number:
            return None
        error = parsed.get("error")
        if isinstance(error, dict):
            return {"row": number, "error": error.get("type")}
        assessment = parsed.get("assessment", parsed)
        if not isinstance(assessment, dict):
            return None
        brief = {
            "row": number,
            "status": assessment.get("status"),
            "license_type": assessment.get("license_type"),
        }
        if "plan_error" in parsed:
            brief["plan_error"] = True
        return brief

    def write(self, lines: list[bytes], digests: list[str]) -> None:
        """Write whole lines, then record them (their digests) in the manifest. When a write
        fails, the output and the manifest are cut back to what they held before (`cut`
        says whether that worked) and the error is raised."""
        assert self.fd is not None
        entries = b"".join(
            b'[%d,"%s"]\n' % (self.written + number, digest.encode())
            for number, digest in enumerate(digests, start=1)
        )
        ends = (self._end(self.fd), self._end(self.manifest_fd))
        try:
            _write_all(self.fd, b"".join(lines))
            if self.manifest_fd is not None:
                _write_all(self.manifest_fd, entries)
        except OSError:
            self.cut = self._cut_back(*ends)
            raise
        self.written += len(digests)

    def disown(self) -> None:
        """Make ``resume`` refuse this output: its manifest is left with the fingerprint
        only, without the input's checksum (the rows were read from an input that changed
        while it was read, so no input is theirs)."""
        if self.manifest_fd is None or not self.regular:
            return
        with contextlib.suppress(OSError):  # the error about the input is what matters
            os.ftruncate(self.manifest_fd, 0)
            os.lseek(self.manifest_fd, 0, os.SEEK_SET)
            header = {**self.fingerprint, "input_sha256": None}
            _write_all(self.manifest_fd, orjson.dumps(header) + b"\n")

    def _end(self, fd: int | None) -> int | None:
        """Where the next write to ``fd`` goes, in a regular file."""
        return os.lseek(fd, 0, os.SEEK_CUR) if fd is not None and self.regular else None

    def _cut_back(self, output_end: int | None, manifest_end: int | None) -> Said | None:
        """Cut the output and the manifest back to ``output_end`` and ``manifest_end``;
        None if done, else why not."""
        if output_end is None:
            return Said(
                "what was written to a stream cannot be taken back",
                "写到流中的内容无法收回",
            )
        try:
            for fd, end in ((self.fd, output_end), (self.manifest_fd, manifest_end)):
                if fd is not None and end is not None:
                    os.ftruncate(fd, end)
                    os.lseek(fd, end, os.SEEK_SET)
        except OSError as error:
            return os_reason(error)
        return None

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
    reason = reason or os_reason(error)
    return BatchError(f"cannot write {path}: {reason}", f"无法写入 {path}：{reason.zh}")


def _same(text: str) -> Said:
    """Text that reads the same in both languages (a path)."""
    return Said(text, text)


def _differences(recorded: dict[str, Any], expected: dict[str, Any]) -> list[Said]:
    labels = {
        "input_sha256": ("the input's content differs", "输入的内容不同"),
        "input_format": ("the input format differs", "输入格式不同"),
        "input_encoding": (
            "read as {recorded}, this run reads {expected}",
            "写入时输入按“{recorded}”编码读取，本次按“{expected}”读取",
        ),
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
    # A manifest from before the detail, the output format and the encoding were recorded
    # is full JSON Lines, read as UTF-8.
    recorded = {"detail": "full", "output_format": "jsonl", "input_encoding": "utf-8", **recorded}
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
    encoding: str = "utf-8",
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
    profiles, for inputs with repeated rows (`callcenter_rules.cache`), and with ``plan``
    as many plans; the output is the same with or without it.
    ``encoding`` is the encoding of CSV input (`ENCODINGS`: UTF-8, the default, GBK or
    GB18030); JSON input is always UTF-8. A CSV input in GBK read as UTF-8 is refused with a
    hint, and a CSV header that names profile fields only when split at semicolons or tabs
    is read with that delimiter (as is a file starting with Excel's ``sep=;`` line).
    An input path that is not a regular file (a pipe: ``<(zcat in.gz)``, ``/dev/stdin``;
    a FIFO) is read once, as it comes, like standard input; such a batch cannot be resumed.
    ``input_format`` is by default the one the extension names, else (standard input, a
    pipe, no extension) the one the content shows (`_sniff`). An input file is opened
    once and its rows read through the descriptor that was checked, and hashed as they are
    read. ``KeyboardInterrupt`` stops the run after the last whole line and
    returns a summary with ``interrupted`` set.

    Raises:
        BatchError: before anything is written, for bad arguments, an unreadable input or
            an output that is the input, is locked by another batch or (with ``resume``)
            does not belong to this batch; during the run, when the output cannot be
            written (a full disk): the output is then cut back to whole lines (the message
            says so, or why it could not be) and can be resumed; at the end, when the input
            changed while it was read (fewer or more rows than it held when checked, or
            other content): the output can then not be resumed.
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
    if resume and source_path is not None and _read_once(source_path):
        raise BatchError(
            f"cannot resume a batch read from {source_path}: it is not a regular file (a "
            "pipe), so it cannot be read again. Save the input to a file and run from that.",
            f"从 {source_path} 读取的批处理不能续做：它不是普通文件（是管道之类），无法再读一遍。"
            "请把输入存为文件，再从文件运行。",
        )
    source = _Input(source_path, input_format, encoding, shown=str(input_path))
    with contextlib.closing(source):
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
                "input_encoding": source.encoding,
                "as_of": day.isoformat(),
                "configuration": {**engine.configuration, "plan": job.plan},
                "detail": job.detail,
                "output_format": job.output_format,
                "library_version": __version__,
                "ruleset_hash": engine.ruleset_hash,
            }
            output = _Output(
                target_path, job.preamble(), is_csv=job.output_format == "csv", columns=job.columns
            )
            try:
                skipped = output.open(
                    resume=resume, overwrite=overwrite, fingerprint=fingerprint, source=source
                )
                return _run(source, output, engine, day, workers, config, skipped, on_row, job)
            finally:
                output.close()
        finally:
            engine.close()


class UploadedBatch:
    """Batch input held in memory (a file uploaded to the web page), read as `run_batch`
    reads a file, and its summary as `run_batch` writes CSV (``detail="summary"``,
    ``output_format="csv"``): the same header, one line per input row in order, a row that
    cannot be read or assessed as an error line, the same cells.

    ``name`` is the file's name as uploaded: its extension tells the format, as a path's
    does (else the content does). The rows are read when asked for, so that the caller can
    take them a few at a time (`lines`) and let other work take turns with the engine.

    Raises:
        BatchError: the input cannot be read as its format says (a CSV header naming no
            profile field, a ``.json`` file that is not a profile or a list of them), or
            ``input_format`` or ``encoding`` is not one of `INPUT_FORMATS`, `ENCODINGS`.
    """

    def __init__(
        self,
        data: bytes,
        name: str,
        *,
        input_format: str | None = None,
        encoding: str = "utf-8",
        plan: bool = False,
    ) -> None:
        declared = input_format or _format_of(Path(name), None)
        self.job = _Job(plan=plan, detail="summary", output_format="csv")
        self._source = _Input(None, declared, encoding, shown=name, stream=io.BytesIO(data))
        self._rows = self._source.rows()
        #: Rows written so far.
        self.rows = 0

    @property
    def header(self) -> bytes:
        """What the CSV starts with: a byte order mark and the header row."""
        return self.job.preamble()

    def lines(self, engine: Engine, as_of: datetime.date, count: int) -> bytes:
        """The CSV lines of the next ``count`` rows at most (``b""`` after the last),
        assessed by ``engine`` on ``as_of``."""
        lines = []
        for row in itertools.islice(self._rows, count):
            lines.append(_csv_line(_record(engine, row, as_of, self.job), self.job.columns))
        self.rows += len(lines)
        if len(lines) < count:
            self._source.close()
        return b"".join(lines)


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
    summary = Summary(skipped=skipped, kept=output.kept)
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
                raise _write_failed(output, summary.skipped + summary.rows, error) from None
            for _, _, brief in results:
                _tally(summary, brief)
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
    read = skipped + summary.rows
    if not summary.interrupted and source.total is not None and read != source.total:
        output.disown()
        raise BatchError(
            f"{source.name} changed while it was read: it held {source.total} rows when "
            f"checked, and {read} were read. {output.name} holds the rows read, as whole "
            "lines; run again with --overwrite once the input is whole.",
            f"{source.name.zh} 在读取期间被改动了：检查时有 {source.total} 行，实际读到 "
            f"{read} 行。{output.name.zh} 中是已读到的行，均为完整的行；"
            "待输入文件完整后请用 --overwrite 重新运行。",
        )
    if not summary.interrupted and source.changed:
        output.disown()
        raise BatchError(
            f"{source.name} changed while it was read: the rows read are not the content "
            f"that was checked, so {output.name} may hold rows of both versions. --resume "
            "will refuse it; run again with --overwrite once the input no longer changes.",
            f"{source.name.zh} 在读取期间被改动了：读到的行不是检查时的内容，"
            f"{output.name.zh} 中可能混有改动前后两个版本的行。"
            "--resume 将拒绝续做；待输入文件不再变动后请用 --overwrite 重新运行。",
        )
    return summary


def _write_failed(output: _Output, done: int, error: OSError) -> BatchError:
    """Why writing ``output`` failed after ``done`` rows, and what it holds now (whole
    lines, unless it could not be cut back to them)."""
    reason = os_reason(error)
    start = Said(
        f"writing {output.name} failed after {done} rows: {reason}. ",
        f"写入 {output.name.zh} 时失败（已写 {done} 行）：{reason.zh}。",
    )
    if output.cut is None:
        return BatchError(
            f"{start}It holds those rows as whole lines; fix the cause and resume.",
            f"{start.zh}其中的 {done} 行均为完整的行；排除原因后可用 --resume 续做。",
        )
    if not output.regular:
        return BatchError(
            f"{start}Its last line may be cut short ({output.cut}).",
            f"{start.zh}最后一行可能不完整（{output.cut.zh}）。",
        )
    return BatchError(
        f"{start}Its last line may be torn: it could not be cut back to whole lines "
        f"({output.cut}). Fix the cause and resume: a torn last line is dropped and redone.",
        f"{start.zh}最后一行可能不完整：无法截回到完整的行（{output.cut.zh}）。"
        "排除原因后可用 --resume 续做：不完整的最后一行会被丢弃并重做。",
    )


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
    """The summary for people, in English (``"en"``) or Chinese (``"zh"``): this run's
    counts and, after ``resume``, the whole output's.

    Raises:
        ValueError: ``lang`` is neither ``"en"`` nor ``"zh"``.
    """
    if check_lang(lang) == "zh":
        return _summary_zh(summary)

    def counts(items: Counter[str]) -> str:
        return ", ".join(f"{k} {v}" for k, v in sorted(items.items())) or "none"

    buffer = io.StringIO()
    buffer.write(f"rows assessed: {summary.rows}")
    if summary.skipped:
        buffer.write(f" (after {summary.skipped} already written)")
    buffer.write(f"\nby status:     {counts(summary.by_status)}\n")
    buffer.write(f"by licence:    {counts(summary.by_license_type)}\n")
    buffer.write(f"errors:        {summary.errors}\n")
    if summary.internal_errors:
        buffer.write(
            f"internal errors: {summary.internal_errors} (a defect in the library; "
            "see the rows with type internal_error)\n"
        )
    if summary.plan_errors:
        buffer.write(
            f"plan errors:   {summary.plan_errors} (a defect in the library; see the rows "
            "with plan_error: they have their assessment, not their plan)\n"
        )
    whole = summary.output
    if summary.skipped and whole is not None:
        buffer.write(
            f"whole output:  {whole.rows} rows ({summary.skipped} already written, "
            f"{summary.rows} assessed now)\n"
            f"  by status:   {counts(whole.by_status)}\n"
            f"  by licence:  {counts(whole.by_license_type)}\n"
            f"  errors:      {whole.errors}\n"
        )
        if whole.internal_errors:
            buffer.write(f"  internal errors: {whole.internal_errors}\n")
        if whole.plan_errors:
            buffer.write(f"  plan errors: {whole.plan_errors}\n")
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
    if summary.plan_errors:
        lines.append(
            (
                "规划错误：",
                f"{summary.plan_errors}（本库的缺陷；见带有 plan_error 的行：这些行有评估结果，"
                "没有取得许可的途径）",
            )
        )
    whole = summary.output
    if summary.skipped and whole is not None:
        lines += [
            (
                "输出合计：",
                f"{whole.rows} 行（此前已写入 {summary.skipped} 行，本次评估 {summary.rows} 行）",
            ),
            ("合计按结论：", counts(whole.by_status, status)),
            ("合计按许可证类型：", counts(whole.by_license_type, licence)),
            ("合计错误：", f"{whole.errors}"),
        ]
        if whole.internal_errors:
            lines.append(("合计内部错误：", f"{whole.internal_errors}"))
        if whole.plan_errors:
            lines.append(("合计规划错误：", f"{whole.plan_errors}"))
    lines.append(("用时：", f"{summary.seconds:.2f} 秒（{summary.rate:,.0f} 行/秒）"))
    width = max(display_width(label) for label, _ in lines)
    return "".join(f"{ljust_display(label, width)}{value}\n" for label, value in lines)
