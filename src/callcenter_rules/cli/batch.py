"""``batch``: many profiles from a file, one output line each, resumable."""

from __future__ import annotations

import datetime
import shlex
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from ..batch import (
    DETAILS,
    INPUT_FORMATS,
    OUTPUT_FORMATS,
    BatchError,
    count_rows,
    run_batch,
    summary_text,
)
from .common import (
    AS_OF,
    EXIT_INTERNAL_ERRORS,
    EXIT_INTERRUPTED,
    LANG,
    WORKERS,
    BadInput,
    Choice,
    WholeNumber,
    config,
    configuration_arguments,
    configured,
    invocation,
    resolve,
    say,
)
from .zh import Command

__all__ = ["batch_command", "resume_command"]


@click.command("batch", cls=Command)
@click.argument(
    "input_path", metavar="INPUT", type=click.Path(dir_okay=False, allow_dash=True, path_type=str)
)
@click.option(
    "-o",
    "--output",
    "output_path",
    metavar="OUTPUT",
    required=True,
    type=click.Path(dir_okay=False, allow_dash=True, path_type=str),
    help="Output: JSON Lines, or CSV (with --detail summary); one line per input row "
    "(- for standard output).",
)
@AS_OF
@WORKERS
@click.option(
    "--cache",
    "cache_size",
    type=WholeNumber(min=0),
    metavar="N",
    default=0,
    show_default=True,
    help="Keep each engine's last N assessments (with --plan, also N plans) by normalised "
    "input and answer a repeated row from them (for inputs with repeats); the output is "
    "the same as without. About 15 KiB per assessment kept, and as much again per plan "
    "with --plan, in each worker. 0: no cache.",
)
@click.option(
    "--resume",
    is_flag=True,
    default=False,
    help="Keep the rows already in OUTPUT (checked against its manifest) and continue.",
)
@click.option(
    "--overwrite", is_flag=True, default=False, help="Start over even if OUTPUT already has rows."
)
@click.option(
    "--input-format",
    type=Choice(list(INPUT_FORMATS)),
    default=None,
    help="Default: from the file extension (.jsonl/.ndjson, .csv, .json); else (-, a pipe "
    "such as <(cat in.csv), no extension) from the content: { starts JSON Lines, [ a JSON "
    "array, anything else a CSV header.",
)
@click.option(
    "--encoding",
    default="utf-8",
    metavar="ENCODING",
    help="The encoding of CSV input: utf-8 (the default), utf-8-sig, gbk or gb18030 (Excel "
    "on Chinese Windows saves CSV in GBK). JSON input is always UTF-8.",
)
@click.option(
    "--plan",
    "with_plan",
    is_flag=True,
    default=False,
    help='Also give each row its paths to a licence: "plan" on each assessment line, as '
    "the plan command prints it; with --detail summary, the number of paths, the first "
    "one's licence type and changes, and the codes of the obstacles.",
)
@click.option(
    "--detail",
    type=Choice(list(DETAILS)),
    metavar="DETAIL",
    default="full",
    help="How much each line carries: full (the default), the whole assessment; summary, "
    "the name, status, licence type, authority (English and Chinese), business scopes "
    "and the finding codes by severity (error lines are as with full).",
)
@click.option(
    "--output-format",
    type=Choice(list(OUTPUT_FORMATS)),
    default=None,
    help="jsonl or csv (csv needs --detail summary); default: from OUTPUT's extension "
    "(.csv for csv, else jsonl). CSV is UTF-8 with a BOM, a header row, ;-separated list "
    "cells and line breaks written as escapes; a cell starting with = + - @ gets a "
    "leading ' so that a spreadsheet does not run it as a formula.",
)
@LANG
@configured
def batch_command(
    input_path: str,
    output_path: str,
    as_of: datetime.date | None,
    workers: int,
    cache_size: int,
    resume: bool,
    overwrite: bool,
    input_format: str | None,
    encoding: str,
    with_plan: bool,
    detail: str,
    output_format: str | None,
    lang: str | None,
) -> None:
    """Screen many profiles: INPUT is JSON Lines, CSV or a .json file (- for standard
    input); OUTPUT gets exactly one line per input row, in input order.

    \b
    Output lines:
      {"row": N, "assessment": {...}}
      {"row": N, "error": {"type": "invalid_profile", "line": L,
                           "errors": [{"path": ..., "message": ...}],
                           "errors_zh": [...]}}
    CSV: a header row naming profile fields; list fields are ;-separated;
    violations are party:YYYY-MM-DD[:description] items, or none; an empty
    cell means unknown or the default.
    OUTPUT is locked while the batch writes it. OUTPUT.manifest records the
    batch (input checksum, day, version) and a checksum of every line, so an
    interrupted run (Ctrl-C, SIGTERM, a crash) can be continued with --resume.
    --detail summary writes a short line per row: status, licence type,
    authority, business scopes and finding codes by severity; an OUTPUT named
    .csv gets a spreadsheet (UTF-8 with a BOM, a header row, ;-separated lists).

    Exit codes: 0 done, 1 done but the library failed on some rows (or on
    their plans), 2 bad usage or input, a configuration or rule pack that
    cannot be loaded, or the output cannot be written, 130 interrupted.
    """
    lang = resolve(lang)
    day = as_of or datetime.date.today()
    signal.signal(signal.SIGTERM, _interrupt)
    total: list[int | None] = [None]
    options: dict[str, Any] = {
        "as_of": day,
        "workers": workers,
        "cache_size": cache_size,
        "resume": resume,
        "overwrite": overwrite,
        "input_format": input_format,
        "encoding": encoding,
        "plan": with_plan,
        "detail": detail,
        "output_format": output_format,
        "config": config(),
    }
    # A pipe given as a path (<(zcat in.gz), /dev/stdin) is read once, like -: neither
    # counted first nor resumable.
    read_once = input_path == "-" or not Path(input_path).is_file()
    try:
        if sys.stderr.isatty() and not read_once:
            rows = count_rows(Path(input_path), input_format, encoding)
            total[0] = rows
            label = say("assessing", "评估中")
            with click.progressbar(length=rows, label=label, file=sys.stderr) as bar:
                summary = run_batch(
                    input_path, output_path, on_row=lambda: bar.update(1), **options
                )
        else:
            summary = run_batch(input_path, output_path, **options)
    except BatchError as error:
        raise BadInput(str(error), getattr(error, "message_zh", None)) from None
    click.echo(summary_text(summary, lang), err=True, nl=False)
    if summary.interrupted:
        done = summary.skipped + summary.rows
        if read_once or output_path == "-":
            of = say(f" of {total[0]}", f"（共 {total[0]} 行）") if total[0] is not None else ""
            click.echo(
                say(f"interrupted after {done}{of} rows.", f"已中断：已完成 {done} 行{of}。"),
                err=True,
            )
        else:
            command = resume_command(
                invocation(),
                input_path,
                output_path,
                day,
                input_format=input_format,
                encoding=encoding,
                workers=workers,
                with_plan=with_plan,
                detail=detail,
                output_format=output_format,
                configuration=configuration_arguments(),
                lang=lang,
            )
            of_en = f" of {total[0]}" if total[0] is not None else ""
            of_zh = f"（共 {total[0]} 行）" if total[0] is not None else ""
            click.echo(
                say(
                    f"interrupted after {done}{of_en} rows; {output_path} holds whole lines. "
                    f"Resume with:\n  {shlex.join(command)}",
                    f"已中断：已完成 {done} 行{of_zh}；{output_path} 中均为完整的行。"
                    f"继续请运行：\n  {shlex.join(command)}",
                ),
                err=True,
            )
        sys.exit(EXIT_INTERRUPTED)
    if summary.internal_errors or summary.plan_errors:
        sys.exit(EXIT_INTERNAL_ERRORS)


def resume_command(
    program: Sequence[str],
    input_path: str,
    output_path: str,
    day: datetime.date,
    *,
    input_format: str | None = None,
    encoding: str = "utf-8",
    workers: int = 1,
    with_plan: bool = False,
    detail: str = "full",
    output_format: str | None = None,
    configuration: Sequence[str] = (),
    lang: str = "en",
) -> list[str]:
    """The command line that continues an interrupted batch: ``program`` (how this one was
    started), ``batch`` with the same input, output and day and ``--resume``, then each
    option of the run that is not at its default (but the cache size, and ``--overwrite``,
    which ``--resume`` excludes), the configuration options as given (``configuration``),
    and ``--lang zh`` for a run in Chinese."""
    command = [
        *program,
        "batch",
        input_path,
        "-o",
        output_path,
        "--as-of",
        day.isoformat(),
        "--resume",
    ]
    if input_format:
        command += ["--input-format", input_format]
    if encoding != "utf-8":
        command += ["--encoding", encoding]
    if workers > 1:
        command += ["--workers", str(workers)]
    if with_plan:
        command += ["--plan"]
    if detail != "full":
        command += ["--detail", detail]
    if output_format:
        command += ["--output-format", output_format]
    command += configuration
    if lang == "zh":
        command += ["--lang", "zh"]
    return command


def _interrupt(_signum: int, _frame: object) -> None:
    # SIGTERM stops a batch the way Ctrl-C does: after the last whole line.
    raise KeyboardInterrupt
