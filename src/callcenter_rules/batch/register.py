"""A register of licences: every licence of a register reviewed with the guarantees of a
batch (`run_batch` with ``review``: no row lost, bad rows as error lines, resume, workers),
then a summary sorted by the next deadline and one calendar of every deadline.

The rows are written first, in input order, to ``OUTPUT.rows.jsonl`` beside the summary
(with its manifest, so that an interrupted run resumes); once every row is there, the
summary (CSV: UTF-8 with a byte order mark, for spreadsheets) and the calendar are written
from it whole, each to a temporary file renamed over the old one, so that neither is ever
half written."""

from __future__ import annotations

import contextlib
import datetime
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Final

import attrs
import icalendar
import orjson

from .._version import __version__
from ..config import Config, os_reason
from ..labels import check_lang, display_width, ljust_display, obligation_title
from ..model import Said
from .base import BOM, BatchError, Summary, same
from .cells import csv_line, csv_row
from .run import run_batch

__all__ = [
    "REGISTER_COLUMNS",
    "ROWS_SUFFIX",
    "Register",
    "register_summary_text",
    "run_register",
]

#: The rows of a register's review are written to the summary's path with this added.
ROWS_SUFFIX: Final = ".rows.jsonl"
#: The columns of a register's summary, in this order. ``next_*`` is the first obligation
#: not done (overdue ones first: they are the earliest); ``overdue`` the codes of those
#: overdue; ``blocking``, ``warning``, ``info`` the finding codes by severity; ``error_*``,
#: ``errors`` and ``errors_zh`` are on a row that could not be reviewed.
REGISTER_COLUMNS: Final = (
    "row",
    "holder",
    "number",
    "license_type",
    "authority",
    "expires_on",
    "status",
    "next_due",
    "next_obligation",
    "next_state",
    "next_title",
    "next_title_zh",
    "overdue",
    "blocking",
    "warning",
    "info",
    "error_type",
    "error_line",
    "errors",
    "errors_zh",
)


@attrs.frozen
class Register:
    """What a register's review wrote: the batch's counts (`Summary`), and, once every row
    was reviewed, how many licences need action, are in order, or could not be reviewed."""

    summary: Summary
    #: The summary and the rows written (None for the summary when the run was
    #: interrupted: it is written once every row is there).
    output: Path | None
    rows: Path
    calendar: Path | None = None
    action_required: int = 0
    in_order: int = 0
    errors: int = 0


def run_register(
    input_path: Path | str,
    output_path: Path | str,
    *,
    as_of: datetime.date,
    ics_path: Path | str | None = None,
    lang: str = "en",
    workers: int = 1,
    resume: bool = False,
    overwrite: bool = False,
    input_format: str | None = None,
    encoding: str = "utf-8",
    config: Config | None = None,
    on_row: Callable[[], None] | None = None,
) -> Register:
    """Review every licence of the register ``input_path`` on ``as_of``: the rows to
    ``OUTPUT.rows.jsonl`` (`run_batch` with ``review``; ``resume``, ``overwrite``,
    ``workers``, ``input_format``, ``encoding`` and ``config`` as there), then the summary
    sorted by the next deadline to ``output_path`` (CSV, `REGISTER_COLUMNS`) and, with
    ``ics_path``, every licence's deadlines in one calendar, titled in ``lang``.

    Raises:
        BatchError: as `run_batch`; or the summary (or the calendar) would be written to
            standard output, over the input, or over each other, or the summary exists
            already and neither ``resume`` nor ``overwrite`` is given, or either cannot be
            written.
    """
    check_lang(lang)
    output = _file_path(output_path, Said("the summary", "摘要"))
    calendar = None if ics_path is None else _file_path(ics_path, Said("the calendar", "日历"))
    rows = Path(f"{output}{ROWS_SUFFIX}")
    paths = [
        (Said("-o", "摘要文件"), output),
        *([(Said("--ics", "日历文件"), calendar)] if calendar is not None else []),
    ]
    for option, path in paths:
        for other, named in (
            (input_path, Said("INPUT", "输入文件")),
            (rows, Said("OUTPUT" + ROWS_SUFFIX, f"逐行结果文件 {rows}")),
        ):
            if str(other) != "-" and _same_file(path, Path(other)):
                raise BatchError(
                    f"{option} {path} is {named}: it would be written over",
                    f"{option.zh} {path} 就是{named.zh}：会被覆盖",
                )
    if calendar is not None and calendar == output:
        raise BatchError("the summary and the calendar are the same file", "摘要和日历是同一个文件")
    if not (resume or overwrite) and output.exists() and output.stat().st_size:
        raise BatchError(
            f"{output} already exists; use --overwrite to start over (or --resume to "
            "continue an interrupted review)",
            f"{output} 已存在；如需重新开始请使用 --overwrite（或用 --resume 继续中断的审查）",
        )
    summary = run_batch(
        input_path,
        rows,
        as_of=as_of,
        workers=workers,
        resume=resume,
        overwrite=overwrite,
        input_format=input_format,
        encoding=encoding,
        config=config,
        on_row=on_row,
        review=True,
    )
    if summary.interrupted:
        return Register(summary, None, rows)
    records = sorted(_summaries(rows), key=_deadline)
    _replace(output, BOM + csv_row(list(REGISTER_COLUMNS)), _csv_lines(records))
    if calendar is not None:
        _replace(calendar, _calendar(rows, records, lang))
    return Register(
        summary,
        output,
        rows,
        calendar,
        action_required=sum(1 for r in records if r.get("status") == "action_required"),
        in_order=sum(1 for r in records if r.get("status") == "in_order"),
        errors=sum(1 for r in records if "error" in r),
    )


def _file_path(path: Path | str, what: Said) -> Path:
    if str(path) == "-":
        raise BatchError(
            f"{what} is written to a file, not to standard output (-): it is sorted once "
            "every licence is reviewed",
            f"{what.zh}须写入文件，不能写到标准输出（-）：它要在全部许可证审查完后排序写出",
        )
    return Path(path)


def _same_file(one: Path, other: Path) -> bool:
    try:
        return one.samefile(other)
    except OSError:  # one of them is not there (yet)
        return False


def _records(rows: Path) -> Iterator[dict[str, Any]]:
    with rows.open("rb") as handle:
        for line in handle:
            record: dict[str, Any] = orjson.loads(line)
            yield record


def _summaries(rows: Path) -> Iterator[dict[str, Any]]:
    """Each row's summary (`REGISTER_COLUMNS`), in input order; an error line as it is."""
    for record in _records(rows):
        if "error" in record:
            yield {"row": record["row"], "error": record["error"]}
            continue
        review = record["review"]
        licence = review["licence"]
        obligations = review["obligations"]
        pending = [o for o in obligations if o["state"] != "done" and o["done_on"] is None]
        upcoming = pending[0] if pending else None
        codes: dict[str, list[str]] = {"blocking": [], "warning": [], "info": []}
        for finding in review["findings"]:
            codes[finding["severity"]].append(finding["code"])
        yield {
            "row": record["row"],
            "holder": licence["holder"],
            "number": licence["number"],
            "license_type": licence["license_type"],
            "authority": licence["authority"],
            "expires_on": licence["expires_on"],
            "status": record["status"],
            "next_due": upcoming["due"] if upcoming else None,
            "next_obligation": upcoming["code"] if upcoming else None,
            "next_state": upcoming["state"] if upcoming else None,
            "next_title": _title(upcoming, "en") if upcoming else None,
            "next_title_zh": _title(upcoming, "zh") if upcoming else None,
            "overdue": [o["code"] for o in obligations if o["state"] == "overdue"],
            **codes,
        }


def _title(obligation: dict[str, Any], lang: str) -> str:
    """As `Obligation.title`: ``File the annual report 2024``."""
    title = obligation_title(obligation["code"], lang)
    year = obligation["evidence"].get("year")
    return f"{title} {year}" if year is not None else title


def _deadline(summary: dict[str, Any]) -> tuple[int, str, int]:
    """The next deadline first (overdue ones are the earliest); then the licences with
    none; then the rows that could not be reviewed; in input order within each."""
    if "error" in summary:
        return (2, "", summary["row"])
    due = summary["next_due"]
    return (0, due, summary["row"]) if due else (1, "", summary["row"])


def _csv_lines(records: list[dict[str, Any]]) -> Iterator[bytes]:
    for record in records:
        yield csv_line(record, REGISTER_COLUMNS)


def _calendar(rows: Path, records: list[dict[str, Any]], lang: str) -> Iterator[bytes]:
    """One calendar of every licence's deadlines, in the order of the summary; an event
    that two rows share (the same licence twice) once, by its UID."""
    calendars = {
        record["row"]: record["calendar"][lang]
        for record in _records(rows)
        if "error" not in record
    }
    combined = icalendar.Calendar()
    combined.add("prodid", f"-//callcenter-rules//{__version__}//{lang.upper()}")
    combined.add("version", "2.0")
    combined.add("calscale", "GREGORIAN")
    combined.add("x-wr-calname", "许可证登记册" if lang == "zh" else "Licence register")
    seen: set[str] = set()
    for record in records:
        text = calendars.get(record["row"])
        if text is None:
            continue
        for event in icalendar.Calendar.from_ical(text).walk("VEVENT"):
            uid = str(event.get("uid"))
            if uid not in seen:
                seen.add(uid)
                combined.add_component(event)
    yield bytes(combined.to_ical())


def _replace(path: Path, *parts: bytes | Iterator[bytes]) -> None:
    """Write ``parts`` to a temporary file beside ``path`` and rename it over ``path``."""
    descriptor, temporary = -1, ""
    try:
        descriptor, temporary = tempfile.mkstemp(
            dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
        )
        # mkstemp makes the file for its owner only; the summary is made as any file is.
        os.chmod(temporary, 0o666 & ~_umask())
        with os.fdopen(descriptor, "wb") as handle:
            for part in parts:
                if isinstance(part, bytes):
                    handle.write(part)
                else:
                    for chunk in part:
                        handle.write(chunk)
        os.replace(temporary, path)
    except OSError as error:
        if temporary:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
        reason = os_reason(error)
        name = same(str(path))
        raise BatchError(
            f"cannot write {name}: {reason}", f"无法写入 {name.zh}：{reason.zh}"
        ) from None


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def register_summary_text(register: Register, lang: str = "en") -> str:
    """The end of a register's review for people: the licences reviewed, how many need
    action, are in order or could not be reviewed, and where each file is.

    Raises:
        ValueError: ``lang`` is neither ``"en"`` nor ``"zh"``.
    """
    zh = check_lang(lang) == "zh"
    summary = register.summary
    done = summary.rows
    if summary.skipped:
        done_text = (
            f"{done}（此前已审查 {summary.skipped} 行）"
            if zh
            else f"{done} (after {summary.skipped} already reviewed)"
        )
    else:
        done_text = str(done)
    lines = [("审查行数：" if zh else "licences reviewed:", done_text)]
    if register.output is not None:
        lines += [
            ("需处理：" if zh else "action required:", str(register.action_required)),
            ("正常：" if zh else "in order:", str(register.in_order)),
            ("错误：" if zh else "errors:", str(register.errors)),
        ]
    if summary.internal_errors:
        lines.append(
            (
                "内部错误：" if zh else "internal errors:",
                f"{summary.internal_errors}（本库的缺陷；见 type 为 internal_error 的行）"
                if zh
                else f"{summary.internal_errors} (a defect in the library; see the rows "
                "with type internal_error)",
            )
        )
    if register.output is not None:
        lines.append(("摘要：" if zh else "summary:", str(register.output)))
    lines.append(("逐行结果：" if zh else "rows:", str(register.rows)))
    if register.calendar is not None:
        lines.append(("日历：" if zh else "calendar:", str(register.calendar)))
    seconds = f"{summary.seconds:.2f}"
    lines.append(("用时：" if zh else "time:", f"{seconds} 秒" if zh else f"{seconds} s"))
    width = max(display_width(label) for label, _ in lines) + (0 if zh else 1)
    return "".join(f"{ljust_display(label, width)}{value}\n" for label, value in lines)
