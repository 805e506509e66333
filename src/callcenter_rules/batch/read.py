"""Reading a batch's input: its format (declared, named by the extension, or shown by the
content), the CSV header and its checks, CSV cells as profile data, and each row
(`jsonl_row` is also how the JSON service reads a line)."""

from __future__ import annotations

import codecs
import contextlib
import csv
import difflib
import hashlib
import io
import re
import stat
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any, Final

import attrs

from ..config import os_reason
from ..json_input import JSONInputError
from ..json_input import loads as json_loads
from ..model import LICENCE_FIELDS, PROFILE_FIELDS, REQUIRED_FIELDS, Said, zh_quote
from .base import BOM, INPUT_FORMATS, BatchError, RawLine, Row, same

#: CSV columns that hold ``;``-separated lists, and those that hold ``true`` or ``false``.
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


#: How much of a regular file is read at a time.
_READ_BLOCK: Final = 1 << 20


def format_of(path: Path | None, declared: str | None) -> str | None:
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
    text = head[len(BOM) :] if head.startswith(BOM) else head
    if BOM.startswith(text):
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


#: A register's CSV columns that hold ``;``-separated lists, and those that hold ``true``
#: or ``false``.
_LICENCE_LISTS: Final = frozenset({"scopes", "coverage", "numbers", "launched_scopes"})
_LICENCE_BOOLS: Final = frozenset(
    {"outbound_undertaking_filed", "on_non_compliance_list", "on_dishonesty_list"}
)
#: A register's columns of the business's profile: a profile field after this.
PROFILE_PREFIX: Final = "profile."


def _licence_value(column: str, cell: str) -> Any:
    text = cell.strip()
    if column in _LICENCE_LISTS:
        return [part.strip() for part in text.split(";") if part.strip()]
    if column == "annual_reports_filed":
        if text.lower() == "none":
            return []
        return [
            int(part) if part.isascii() and part.isdigit() and len(part) <= 30 else part
            for part in (p.strip() for p in text.split(";"))
            if part
        ]
    if column == "events":
        items = []
        for part in filter(None, (p.strip() for p in text.split(";"))):
            kind, _, rest = part.partition(":")
            happened, _, rest = rest.partition(":")
            filed, _, description = rest.partition(":")
            item = {"kind": kind.strip(), "happened_on": happened.strip()}
            if filed.strip():
                item["filed_on"] = filed.strip()
            if description.strip():
                item["description"] = description.strip()
            items.append(item)
        return items
    if column in _LICENCE_BOOLS:
        return {"true": True, "false": False}.get(text.lower(), text)
    return text


def _profile_row(cells: dict[str, str]) -> Any:
    return {column: _csv_value(column, cell) for column, cell in cells.items()}


def _licence_row(cells: dict[str, str]) -> Any:
    licence: dict[str, Any] = {}
    profile: dict[str, Any] = {}
    for column, cell in cells.items():
        if column.startswith(PROFILE_PREFIX):
            field = column[len(PROFILE_PREFIX) :]
            profile[field] = _csv_value(field, cell)
        else:
            licence[column] = _licence_value(column, cell)
    return {"licence": licence, "profile": profile or None}


@attrs.frozen
class CsvShape:
    """What the header of a CSV input may name, and how a row's cells become its data."""

    #: The columns a header may name, in the order a hint lists them.
    columns: tuple[str, ...]
    #: The columns a header must name.
    required: tuple[str, ...]
    #: The non-empty cells of a row, by column, as the row's data.
    data: Callable[[dict[str, str]], Any]
    #: What a column is, for a header that names none: ``a profile field``.
    what: Said
    #: A header to give as an example.
    example: str


#: A batch of profiles: the columns are profile fields.
PROFILE_CSV: Final = CsvShape(
    PROFILE_FIELDS,
    tuple(REQUIRED_FIELDS),
    _profile_row,
    Said("a profile field", "企业信息的字段名"),
    "name,entity_type,registered_capital_cny,registered_province,service_provinces,activities",
)
#: A register of licences: the columns are licence fields, and, for the business each
#: licence is for, profile fields after ``profile.`` (all empty: no profile).
LICENCE_CSV: Final = CsvShape(
    (*LICENCE_FIELDS, *(PROFILE_PREFIX + field for field in PROFILE_FIELDS)),
    ("number", "scopes", "expires_on"),
    _licence_row,
    Said("a licence field", "许可证信息的字段名"),
    "number,holder,scopes,issued_on,expires_on,annual_reports_filed",
)


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


def _check_header(cells: list[str], name: Said, shape: CsvShape, delimiter: str = ",") -> list[str]:
    header = [cell.strip() for cell in cells]
    known = set(shape.columns)
    if not any(cell in known for cell in header):
        shown = ", ".join(repr(c) for c in header[:3])
        shown_zh = "、".join(zh_quote(c) for c in header[:3])
        example = shape.example
        raise BatchError(
            f"{name} does not start with a header row: none of its first row's cells ({shown}) "
            f"names {shape.what}. CSV input needs a header such as {example}",
            f"{name.zh} 的第一行不是表头：其前几个单元格（{shown_zh}）都不是{shape.what.zh}。"
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
            close = difflib.get_close_matches(cell, shape.columns, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            hint_zh = f"；是否指 {close[0]}？" if close else ""
            problems.append(
                Said(
                    f"unknown column {cell!r} (column {column}){hint}",
                    f"未知的列名{zh_quote(cell)}（第{column}列）{hint_zh}",
                )
            )
        seen.setdefault(cell, column)
    missing = [f for f in shape.required if f not in seen]
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
            split = _DELIMITER_NAMES.get(delimiter, same(repr(delimiter)))
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
    shape: CsvShape


def _csv_start(text: IO[str], name: Said, encoding: str, shape: CsvShape) -> _CsvStart:
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
                header = _check_header(record, name, shape)
            except BatchError:
                if any(cell.strip() in shape.columns for cell in record):
                    raise
                found = _other_delimiter(raw, name, shape)
                if found is None:
                    raise
                delimiter, cells = found
                header = _check_header(cells, name, shape, delimiter)
        else:
            header = _check_header(record, name, shape, delimiter)
        return _CsvStart(csv.reader(text, delimiter=delimiter), header, len(seen), delimiter, shape)


def _other_delimiter(raw: list[str], name: Said, shape: CsvShape) -> tuple[str, list[str]] | None:
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
        if not any(cell.strip() in shape.columns for cell in cells):
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


class Input:
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
        shape: CsvShape = PROFILE_CSV,
    ) -> None:
        self.path = path
        #: What a CSV input's header may name, and how its rows are read.
        self.shape = shape
        #: The input as given (the full path, not only its last part).
        self.name = (
            Said("standard input", "标准输入")
            if path is None and stream is None
            else same(str(path) if shown is None else shown)
        )
        declared = format_of(path, input_format)
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
            first = size == 0 and block.startswith(BOM)
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
        start = _csv_start(text, self.name, self.encoding, self.shape)
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
            self._stream_csv = _csv_start(text, self.name, self.encoding, self.shape)

    # -- reading

    def _reading(self) -> tuple[IO[bytes], _HashingReader]:
        """The regular file from its start, through a reader that hashes what it reads."""
        assert self._file is not None
        self._file.seek(0)
        hashing = _HashingReader(self._file)
        return io.BufferedReader(hashing, _READ_BLOCK), hashing

    def items(self, raw: bool = False) -> Iterator[Row | RawLine]:
        """The rows, numbered from 1; with ``raw``, lines of JSON Lines input are left for
        the workers to parse (`RawLine`)."""
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
                start = _csv_start(text, self.name, self.encoding, self.shape)
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


def _jsonl_lines(handle: IO[bytes]) -> Iterator[RawLine]:
    """The rows of JSON Lines input as read (blank lines skipped): see `RawLine`."""
    number = 0
    for line_number, raw in enumerate(handle, start=1):
        if line_number == 1 and raw.startswith(BOM):
            raw = raw[3:]
        if not raw.strip():
            continue
        number += 1
        yield number, line_number, raw


def jsonl_row(number: int, line_number: int, raw: bytes) -> Row:
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
        yield jsonl_row(*item)


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
                start.shape.data({k: v for k, v in zip(header, record, strict=True) if v.strip()}),
                line=line,
            )


def read_rows(
    path: Path,
    input_format: str | None = None,
    encoding: str = "utf-8",
    shape: CsvShape = PROFILE_CSV,
) -> Iterator[Row]:
    """The rows of an input file, numbered from 1 (blank lines are skipped).

    Raises:
        BatchError: the file cannot be read as the format says (checked before any row is
            yielded: a CSV header, a JSON document).
    """
    source = Input(path, input_format, encoding, shape=shape)
    return _closing_rows(source)


def _closing_rows(source: Input) -> Iterator[Row]:
    with contextlib.closing(source):
        yield from source.rows()


def count_rows(
    path: Path,
    input_format: str | None = None,
    encoding: str = "utf-8",
    shape: CsvShape = PROFILE_CSV,
) -> int:
    """How many rows `read_rows` will yield.

    Raises:
        BatchError: as `read_rows`; or ``path`` is not a regular file (a pipe, which could
            not be read again for the rows).
    """
    if read_once(path):
        raise BatchError(
            f"cannot count the rows of {path} without using them up: it is not a regular file",
            f"{path} 不是普通文件，数它的行数会把它读完",
        )
    with contextlib.closing(Input(path, input_format, encoding, shape=shape)) as source:
        total = source.total
    assert total is not None
    return total


def read_once(path: Path) -> bool:
    """Whether ``path`` is there and is neither a regular file nor a directory (a pipe, a
    FIFO, a device): what can be read only once."""
    try:
        mode = path.stat().st_mode
    except (OSError, ValueError):
        return False  # the input's own checks say why
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))
