"""The ``callcenter-rules`` command line (also ``python -m callcenter_rules``).

Exit codes of ``assess``: 0 eligible or not required, 3 incomplete, 4 ineligible,
2 bad input or usage. ``batch``: 0 done (rows with bad input are error lines, not a
failure), 1 done but the library failed on some rows (their lines say so), 2 bad usage,
an unreadable input or an output that cannot be written, 130 interrupted.

Errors are messages, never tracebacks.
"""

from __future__ import annotations

import datetime
import json
import shlex
import shutil
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final

import click

from ._version import __version__
from .api import UnsupportedDate, assess
from .batch import INPUT_FORMATS, BatchError, count_rows, run_batch, summary_text
from .checklist import checklist
from .json_input import JSONInputError
from .json_input import loads as json_loads
from .law.language import format_parameter
from .law.parameters import default_table
from .model import InvalidProfile
from .reference import rule_catalogue
from .report import render_markdown, render_text
from .results import Assessment, Status
from .schema import SCHEMA_NAMES, assessment_schema, profile_schema, render

__all__ = ["EXIT_CODES", "main", "render_markdown", "render_text"]

#: Exit code of ``assess`` per status.
EXIT_CODES: Final = {
    Status.ELIGIBLE: 0,
    Status.NOT_REQUIRED: 0,
    Status.INCOMPLETE: 3,
    Status.INELIGIBLE: 4,
}
EXIT_BAD_INPUT: Final = 2
#: ``batch`` finished, but the library failed on some rows (each has an error line).
EXIT_INTERNAL_ERRORS: Final = 1
EXIT_INTERRUPTED: Final = 130


class _BadInput(click.ClickException):
    """Bad input or usage: reported without a traceback, exit code 2."""

    exit_code = EXIT_BAD_INPUT


def _load_profile(source: str) -> Any:
    """One profile from a JSON file or standard input, read strictly (`json_input`)."""
    name = "standard input" if source == "-" else source
    try:
        if source == "-":
            data = sys.stdin.buffer.read()
        else:
            with open(source, "rb") as handle:
                data = handle.read()
    except OSError as error:
        raise _BadInput(f"cannot read {source}: {error.strerror or error}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _BadInput(
            f"{name} is not valid UTF-8 (byte 0x{data[error.start]:02x} at offset {error.start})"
        ) from None
    try:
        return json_loads(text)
    except JSONInputError as error:
        raise _BadInput(f"{name} is not valid JSON: {error}") from None


def _assess_or_exit(data: Any, as_of: datetime.date | None, *, trace: bool = False) -> Assessment:
    try:
        return assess(data, as_of=as_of, trace=trace)
    except InvalidProfile as error:
        raise _BadInput(str(error)) from None
    except UnsupportedDate as error:
        raise _BadInput(str(error)) from None


class _Date(click.ParamType):  # type: ignore[type-arg]
    name = "YYYY-MM-DD"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> datetime.date:
        if isinstance(value, datetime.date):
            return value
        try:
            return datetime.date.fromisoformat(value)
        except (TypeError, ValueError):
            self.fail(f"{value!r} is not a date as YYYY-MM-DD", param, ctx)


_AS_OF = click.option(
    "--as-of", type=_Date(), default=None, help="The day whose law applies (default: today)."
)
_LANG = click.option(
    "--lang",
    type=click.Choice(["en", "zh"]),
    default="en",
    show_default=True,
    help="Language of the report.",
)


class _DefaultAssess(click.Group):
    """``callcenter-rules FILE.json`` is short for ``callcenter-rules assess FILE.json``."""

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        if (
            args
            and args[0] not in self.commands
            and (args[0] == "-" or args[0].endswith(".json") or Path(args[0]).is_file())
        ):
            args = ["assess", *args]
        return super().resolve_command(ctx, args)


@click.group(cls=_DefaultAssess, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="callcenter-rules")
def cli() -> None:
    """Does a company need China's call-center licence (B24), which one, and what stands in
    the way? Each answer is cited to the article of law it comes from."""


@cli.command("assess")
@click.argument("profile", metavar="PROFILE.json|-")
@_AS_OF
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "markdown"]),
    default="text",
    show_default=True,
)
@_LANG
@click.option(
    "--explain",
    is_flag=True,
    default=False,
    help="Show why each finding holds: the rules from the input to it.",
)
def assess_command(
    profile: str, as_of: datetime.date | None, fmt: str, lang: str, explain: bool
) -> None:
    """Assess one profile (a JSON file, or - for standard input).

    Exit codes: 0 eligible or not required, 3 incomplete, 4 ineligible, 2 bad input.
    """
    result = _assess_or_exit(_load_profile(profile), as_of, trace=explain)
    if explain and fmt != "json":
        click.echo(result.explain(lang))
    elif fmt == "json":
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    elif fmt == "markdown":
        click.echo(render_markdown(result, lang), nl=False)
    else:
        click.echo(render_text(result, lang))
    sys.exit(EXIT_CODES[result.status])


@cli.command("batch")
@click.argument(
    "input_path", metavar="INPUT", type=click.Path(dir_okay=False, allow_dash=True, path_type=str)
)
@click.option(
    "-o",
    "--output",
    "output_path",
    required=True,
    type=click.Path(dir_okay=False, allow_dash=True, path_type=str),
    help="JSON Lines output, one line per input row (- for standard output).",
)
@_AS_OF
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Worker processes, each with its own engine.",
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
    type=click.Choice(list(INPUT_FORMATS)),
    default=None,
    help="Default: from the file extension (.jsonl/.ndjson, .csv, .json); jsonl for -.",
)
def batch_command(
    input_path: str,
    output_path: str,
    as_of: datetime.date | None,
    workers: int,
    resume: bool,
    overwrite: bool,
    input_format: str | None,
) -> None:
    """Screen many profiles: INPUT is JSON Lines, CSV or a .json file (- for standard
    input); OUTPUT gets exactly one line per input row, in input order.

    \b
    Output lines:
      {"row": N, "assessment": {...}}
      {"row": N, "error": {"type": "invalid_profile", "line": L,
                           "errors": [{"path": ..., "message": ...}]}}
    CSV: a header row naming profile fields; list fields are ;-separated;
    violations are party:YYYY-MM-DD[:description] items, or none; an empty
    cell means unknown or the default.
    OUTPUT is locked while the batch writes it. OUTPUT.manifest records the
    batch (input checksum, day, version) and a checksum of every line, so an
    interrupted run (Ctrl-C, SIGTERM, a crash) can be continued with --resume.

    Exit codes: 0 done, 1 done but the library failed on some rows, 2 bad
    usage or input, or the output cannot be written, 130 interrupted.
    """
    day = as_of or datetime.date.today()
    signal.signal(signal.SIGTERM, _interrupt)
    total: list[int | None] = [None]
    try:
        if sys.stderr.isatty() and input_path != "-":
            rows = count_rows(Path(input_path), input_format)
            total[0] = rows
            with click.progressbar(length=rows, label="assessing", file=sys.stderr) as bar:
                summary = run_batch(
                    input_path,
                    output_path,
                    as_of=day,
                    workers=workers,
                    resume=resume,
                    overwrite=overwrite,
                    input_format=input_format,
                    on_row=lambda: bar.update(1),
                )
        else:
            summary = run_batch(
                input_path,
                output_path,
                as_of=day,
                workers=workers,
                resume=resume,
                overwrite=overwrite,
                input_format=input_format,
            )
    except BatchError as error:
        raise _BadInput(str(error)) from None
    click.echo(summary_text(summary), err=True, nl=False)
    if summary.interrupted:
        done = summary.skipped + summary.rows
        of = f" of {total[0]}" if total[0] is not None else ""
        if input_path == "-" or output_path == "-":
            click.echo(f"interrupted after {done}{of} rows.", err=True)
        else:
            command = [
                *_program(),
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
            if workers > 1:
                command += ["--workers", str(workers)]
            click.echo(
                f"interrupted after {done}{of} rows; {output_path} holds whole lines. "
                f"Resume with:\n  {shlex.join(command)}",
                err=True,
            )
        sys.exit(EXIT_INTERRUPTED)
    if summary.internal_errors:
        sys.exit(EXIT_INTERNAL_ERRORS)


def _program() -> list[str]:
    """How this command was started, to print a command that works as printed."""
    if Path(sys.argv[0]).name == "__main__.py" or not sys.argv[0]:
        return [sys.executable, "-m", "callcenter_rules"]
    found = shutil.which("callcenter-rules")
    if found and Path(found).resolve() == Path(sys.argv[0]).resolve():
        return ["callcenter-rules"]
    return [sys.argv[0]]


def _interrupt(_signum: int, _frame: object) -> None:
    # SIGTERM stops a batch the way Ctrl-C does: after the last whole line.
    raise KeyboardInterrupt


@cli.command("rules")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def rules_command(fmt: str) -> None:
    """List every rule: its id, citations, effective period, confidence, the parameters it
    uses and where it is defined."""
    described = rule_catalogue(default_table())
    if fmt == "json":
        click.echo(json.dumps(described, ensure_ascii=False, indent=2))
        return
    for rule in described:
        click.echo(f"{rule['id']}  [{rule['period']}]  codes: {', '.join(rule['codes']) or '-'}")
        click.echo(f"    {rule['summary']}")
        for source in rule["sources"]:
            click.echo(
                f"    {source['document_zh']} {source['article']} — fact {source['fact_id']} "
                f"({source['confidence']}), {source['period']}"
            )
        if rule["parameters"]:
            click.echo(f"    parameters: {', '.join(rule['parameters'])}")
        click.echo(f"    defined at: {rule['defined_at']}")
        click.echo("")


@cli.command("parameters")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def parameters_command(fmt: str) -> None:
    """List the law's parameters: each threshold and in-force day, with its values by the
    day they take effect and the reference for each."""
    table = default_table()
    if fmt == "json":
        click.echo(json.dumps(table.to_dict(), ensure_ascii=False, indent=2))
        return
    for parameter in table.values():
        click.echo(f"{parameter.name}  ({parameter.unit})")
        click.echo(f"    {parameter.description}")
        for dated in parameter.values:
            since = f"from {dated.start.isoformat()}" if dated.start else "always"
            value = format_parameter(dated.value, parameter.unit)
            reference = dated.reference
            cited = (
                " — "
                + ", ".join(filter(None, (reference.document, reference.article)))
                + (f", fact {reference.fact_id}" if reference.fact_id else "")
                if reference
                else ""
            )
            click.echo(f"    {since}: {value}{cited}")
        click.echo("")


@cli.command("schema")
@click.argument("name", type=click.Choice(SCHEMA_NAMES))
def schema_command(name: str) -> None:
    """Print the JSON Schema (2020-12) of the profile input or the assessment output."""
    click.echo(render(profile_schema() if name == "profile" else assessment_schema()), nl=False)


@cli.command("checklist")
@click.argument("profile", metavar="PROFILE.json|-")
@_AS_OF
@_LANG
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def checklist_command(profile: str, as_of: datetime.date | None, lang: str, fmt: str) -> None:
    """The application materials for this company's licence (Order 42 Art. 8 and B24
    practice), marked legal or practice."""
    result = _assess_or_exit(_load_profile(profile), as_of)
    items = checklist(result)
    if fmt == "json":
        click.echo(
            json.dumps(
                {
                    "status": result.status.value,
                    "license_type": result.license_type.value if result.license_type else None,
                    "items": items,
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    if result.license_type is None:
        click.echo(
            "No call-center licence is required: no checklist."
            if lang == "en"
            else "无需呼叫中心业务经营许可，无需准备申请材料。"
        )
        return
    for number, item in enumerate(items, start=1):
        title = item["title_zh"] if lang == "zh" else item["title"]
        click.echo(f"{number:2}. [{item['basis']}] {title}")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    try:
        cli.main(args=list(argv) if argv is not None else None, prog_name="callcenter-rules")
    except SystemExit as done:
        return done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
    return 0
