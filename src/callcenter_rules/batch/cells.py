"""A summary record as a row of CSV output: no cell holds a line break (backslashes,
control characters and other line ends are written as JSON-style escapes), list cells are
``;``-separated (``\\;`` inside an item), and a text cell a spreadsheet would compute
gets a leading ``'``."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from typing import Any, Final

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


def csv_row(cells: list[str]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(cells)
    return buffer.getvalue().encode("utf-8", "replace")


def csv_line(record: dict[str, Any], columns: Sequence[str]) -> bytes:
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
    return csv_row([_cell(record.get(column)) for column in columns])
