"""``review`` and ``review-batch``: a licence holder's review of one licence, and of a
register of them."""

from __future__ import annotations

import contextlib
import datetime
import json
import shlex
import signal
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Final

import click

from ..api import UnsupportedDate
from ..batch import BatchError, register_summary_text, review_input, run_register
from ..model import InvalidProfile
from ..packs import RulePackError
from ..report import render_review_markdown, render_review_text
from ..results import Review, Status
from ..text import os_reason
from .common import (
    AS_OF,
    EXIT_CODES,
    EXIT_INTERNAL_ERRORS,
    EXIT_INTERRUPTED,
    LANG,
    WORKERS,
    BadInput,
    Choice,
    Option,
    config,
    configuration_arguments,
    configured,
    echo,
    engine,
    format_option,
    invocation,
    load_profile,
    resolve,
    say,
)
from .zh import Command

__all__ = ["EXIT_ACTION_REQUIRED", "review_batch_command", "review_command", "review_exit_code"]

#: Exit code of ``review`` when a finding is blocking or an obligation overdue: as
#: ``assess`` exits for an ineligible company.
EXIT_ACTION_REQUIRED: Final = EXIT_CODES[Status.INELIGIBLE]


def review_exit_code(result: Review) -> int:
    """0 nothing blocking or overdue, `EXIT_ACTION_REQUIRED` otherwise."""
    return EXIT_ACTION_REQUIRED if result.blocking or result.overdue else 0


@contextlib.contextmanager
def _refused() -> Iterator[None]:
    """What a review can refuse, as a message and exit code 2: a licence or a profile
    that is not valid (every bad field), a day before holders' obligations are modelled, a
    rule pack's rule that fails as it runs."""
    try:
        yield
    except InvalidProfile as error:  # InvalidLicence too
        raise BadInput(str(error), error.describe("zh")) from None
    except UnsupportedDate as error:
        raise BadInput(str(error), error.message_zh) from None
    except RulePackError as error:
        raise BadInput(str(error), error.message_zh) from None


def _write(path: str, data: bytes) -> None:
    try:
        with open(path, "wb") as handle:
            handle.write(data)
    except OSError as error:
        reason = os_reason(error)
        raise BadInput(f"cannot write {path}: {reason}", f"无法写入 {path}：{reason.zh}") from None


@click.command("review", cls=Command)
@click.argument("licence", metavar="LICENCE.json|-")
@click.option(
    "--profile",
    "profile_path",
    cls=Option,
    metavar="PROFILE.json",
    default=None,
    help="The business as it is (a profile, as assess takes it): also say whether the "
    "licence covers it.",
    help_zh="企业现在的经营情况（企业信息，与 assess 所用的相同）：同时说明许可证是否覆盖其经营。",
)
@AS_OF
@format_option("text", "json", "markdown")
@LANG
@click.option(
    "--ics",
    "ics_path",
    cls=Option,
    metavar="FILE",
    default=None,
    help="Also write the obligations to FILE as a calendar (RFC 5545 .ics), in the "
    "language of the output.",
    help_zh="同时把各项义务写入日历文件 FILE（RFC 5545 .ics 格式），语言与输出相同。",
)
@configured
def review_command(
    licence: str,
    profile_path: str | None,
    as_of: datetime.date | None,
    fmt: str,
    lang: str | None,
    ics_path: str | None,
) -> None:
    """Review a licence held (a JSON file, or - for standard input) on a day: what must be
    filed and by when, what the holder must do or not do, and, with --profile, whether the
    licence covers the business.

    Exit codes: 0 nothing blocking or overdue, 4 a finding is blocking or an obligation
    overdue, 2 bad input, a configuration or rule pack that cannot be used, or an output
    that cannot be written.
    """
    lang = resolve(lang)
    if licence == "-" and profile_path == "-":
        raise BadInput(
            "the licence and the profile cannot both be read from standard input",
            "许可证和企业信息不能都从标准输入读取",
        )
    data = {
        "licence": load_profile(licence),
        "profile": load_profile(profile_path) if profile_path is not None else None,
    }
    with _refused():
        chosen = engine()
        day = chosen.review_day(as_of)
        held, profile = review_input(data)
        result = chosen.review(held, profile, as_of=day)
    if ics_path is not None:
        _write(ics_path, result.to_ics(lang))
    if fmt == "json":
        echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    elif fmt == "markdown":
        echo(render_review_markdown(result, lang), nl=False)
    else:
        echo(render_review_text(result, lang))
    sys.exit(review_exit_code(result))


@click.command("review-batch", cls=Command)
@click.argument(
    "input_path",
    metavar="REGISTER",
    type=click.Path(dir_okay=False, allow_dash=True, path_type=str),
)
@click.option(
    "-o",
    "--output",
    "output_path",
    cls=Option,
    metavar="OUTPUT.csv",
    required=True,
    type=click.Path(dir_okay=False, path_type=str),
    help="The summary: one row per licence, sorted by the next deadline (CSV, UTF-8 with a "
    "BOM). The rows, in input order, go to OUTPUT.csv.rows.jsonl beside it.",
    help_zh="摘要：每个许可证一行，按最近的截止日排序（CSV，带 BOM 的 UTF-8）。"
    "按输入顺序的逐行结果写在旁边的 OUTPUT.csv.rows.jsonl 中。",
)
@click.option(
    "--ics",
    "ics_path",
    cls=Option,
    metavar="FILE",
    default=None,
    type=click.Path(dir_okay=False, path_type=str),
    help="Also write every licence's obligations to FILE as one calendar (RFC 5545 .ics), "
    "in the language of --lang.",
    help_zh="同时把所有许可证的义务写入一个日历文件 FILE（RFC 5545 .ics 格式），"
    "语言与 --lang 相同。",
)
@AS_OF
@WORKERS
@click.option(
    "--resume",
    cls=Option,
    is_flag=True,
    default=False,
    help="Keep the rows already reviewed (checked against their manifest) and continue.",
    help_zh="保留已审查的行（对照其清单文件校验）并继续。",
)
@click.option(
    "--overwrite",
    cls=Option,
    is_flag=True,
    default=False,
    help="Start over even if the output already exists.",
    help_zh="即使输出文件已存在也重新开始。",
)
@click.option(
    "--input-format",
    cls=Option,
    type=Choice(["jsonl", "csv", "json"]),
    default=None,
    help="Default: from the file extension, else from the content (as batch).",
    help_zh="默认按文件扩展名判断，无从判断时按内容判断（与 batch 相同）。",
)
@click.option(
    "--encoding",
    cls=Option,
    default="utf-8",
    metavar="ENCODING",
    help="The encoding of a CSV register: utf-8 (the default), utf-8-sig, gbk or gb18030.",
    help_zh="CSV 登记表的编码：“utf-8”（默认）、“utf-8-sig”、“gbk”或“gb18030”。",
)
@LANG
@configured
def review_batch_command(
    input_path: str,
    output_path: str,
    ics_path: str | None,
    as_of: datetime.date | None,
    workers: int,
    resume: bool,
    overwrite: bool,
    input_format: str | None,
    encoding: str,
    lang: str | None,
) -> None:
    """Review a register of licences: REGISTER is JSON Lines (each line a licence, or
    {"licence": ..., "profile": ...}), CSV (licence fields as columns; the business's
    profile fields after profile.) or a .json file (- for standard input).

    \b
    Each licence is reviewed as the review command reviews it, with the
    guarantees of batch: no row lost, a bad row an error row, --resume after
    an interruption, --workers. Once every row is reviewed, OUTPUT.csv gets
    the summary sorted by the next deadline (overdue first) and --ics one
    calendar of every deadline.

    Exit codes: 0 done (rows with bad input are error rows, not a failure),
    1 done but the library failed on some rows, 2 bad usage or input, a
    configuration or rule pack that cannot be loaded, or an output that
    cannot be written, 130 interrupted.
    """
    lang = resolve(lang)
    day = as_of or datetime.date.today()
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        done = run_register(
            input_path,
            output_path,
            as_of=day,
            ics_path=ics_path,
            lang=lang,
            workers=workers,
            resume=resume,
            overwrite=overwrite,
            input_format=input_format,
            encoding=encoding,
            config=config(),
        )
    except BatchError as error:
        raise BadInput(str(error), getattr(error, "message_zh", None)) from None
    click.echo(register_summary_text(done, lang), err=True, nl=False)
    summary = done.summary
    if summary.interrupted:
        rows = summary.skipped + summary.rows
        if input_path == "-" or not Path(input_path).is_file():
            click.echo(
                say(f"interrupted after {rows} rows.", f"已中断：已完成 {rows} 行。"), err=True
            )
        else:
            command = [
                *invocation(),
                "review-batch",
                input_path,
                "-o",
                output_path,
                *(["--ics", ics_path] if ics_path else []),
                "--as-of",
                day.isoformat(),
                "--resume",
                *(["--workers", str(workers)] if workers > 1 else []),
                *(["--input-format", input_format] if input_format else []),
                *(["--encoding", encoding] if encoding != "utf-8" else []),
                *configuration_arguments(),
                *(["--lang", "zh"] if lang == "zh" else []),
            ]
            click.echo(
                say(
                    f"interrupted after {rows} rows; the summary is written once every row "
                    f"is reviewed. Resume with:\n  {shlex.join(command)}",
                    f"已中断：已完成 {rows} 行；全部审查完后才写出摘要。继续请运行：\n"
                    f"  {shlex.join(command)}",
                ),
                err=True,
            )
        sys.exit(EXIT_INTERRUPTED)
    if summary.internal_errors:
        sys.exit(EXIT_INTERNAL_ERRORS)


def _interrupt(_signum: int, _frame: object) -> None:
    # SIGTERM stops a review of a register the way Ctrl-C does: after the last whole line.
    raise KeyboardInterrupt
