"""The ``callcenter-rules`` command line (also ``python -m callcenter_rules``).

Exit codes of ``assess``: 0 eligible or not required, 3 incomplete, 4 ineligible,
2 bad input or usage. ``batch``: 0 done (rows with bad input are error lines, not a
failure), 130 interrupted, 2 bad usage or unreadable input.
"""

from __future__ import annotations

import datetime
import json
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final

import click

from ._version import __version__
from .api import UnsupportedDate, assess
from .batch import BatchError, count_rows, run_batch, summary_text
from .law import RULES
from .law.materials import MATERIALS
from .model import InvalidProfile
from .results import Assessment, LicenseType, Severity, Status
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
EXIT_INTERRUPTED: Final = 130


class _BadInput(click.ClickException):
    """Bad input or usage: reported without a traceback, exit code 2."""

    exit_code = EXIT_BAD_INPUT


_LABELS: Final = {
    "en": {
        "company": "Company", "as_of": "As of", "status": "Status", "licence": "Licence",
        "scopes": "Scopes", "none": "none", "cites": "cites", "rule": "rule", "todo": "to do",
        "fact": "fact", "not_required": "no licence required",
        Severity.BLOCKING: "Blocking", Severity.WARNING: "Warnings", Severity.INFO: "Notes",
    },
    "zh": {
        "company": "企业", "as_of": "评估日", "status": "结论", "licence": "许可证",
        "scopes": "业务种类", "none": "无", "cites": "依据", "rule": "规则", "todo": "建议",
        "fact": "事实", "not_required": "无需许可",
        Severity.BLOCKING: "不符合", Severity.WARNING: "提示", Severity.INFO: "说明",
    },
}  # fmt: skip
_STATUS_ZH: Final = {
    Status.ELIGIBLE: "符合条件",
    Status.INELIGIBLE: "不符合条件",
    Status.INCOMPLETE: "信息不全",
    Status.NOT_REQUIRED: "无需许可",
}
_TYPE_ZH: Final = {LicenseType.NATIONWIDE: "跨地区", LicenseType.REGIONAL: "省内"}


def _header(result: Assessment, lang: str) -> list[tuple[str, str]]:
    label = _LABELS[lang]
    zh = lang == "zh"
    status = _STATUS_ZH[result.status] if zh else result.status.value
    if result.license_type is None:
        licence = label["not_required"]
    elif zh:
        licence = f"{_TYPE_ZH[result.license_type]}（{result.authority_zh}）"
    else:
        licence = f"{result.license_type.value} ({result.authority})"
    scopes = ", ".join(sorted(s.value for s in result.business_scopes)) or label["none"]
    return [
        (label["company"], result.profile.name),
        (label["as_of"], result.as_of.isoformat()),
        (label["status"], status),
        (label["licence"], licence),
        (label["scopes"], scopes),
    ]


def render_text(result: Assessment, lang: str = "en") -> str:
    """A readable report: the decision, then findings grouped by severity."""
    label = _LABELS[lang]
    lines = [f"{key + ':':<10} {value}" for key, value in _header(result, lang)]
    for severity in Severity:
        group = result.findings_with(severity)
        if not group:
            continue
        lines += ["", f"{label[severity]} ({len(group)})"]
        for finding in group:
            c = finding.citation
            message = finding.message_zh if lang == "zh" else finding.message
            lines.append(f"  [{finding.code}] {message}")
            lines.append(
                f"      {label['cites']}: {c.document_zh} {c.article} — {label['fact']} "
                f"{c.fact_id} ({c.confidence.value}); {label['rule']} {finding.rule}"
            )
            if finding.remediation and lang == "en":
                lines.append(f"      {label['todo']}: {finding.remediation}")
    return "\n".join(lines)


def render_markdown(result: Assessment, lang: str = "en") -> str:
    """The report as Markdown, for tickets and documents."""
    label = _LABELS[lang]
    lines = [f"# {result.profile.name}", ""]
    lines += [f"- **{key}**: {value}" for key, value in _header(result, lang)[1:]]
    for severity in Severity:
        group = result.findings_with(severity)
        if not group:
            continue
        lines += ["", f"## {label[severity]} ({len(group)})", ""]
        for finding in group:
            c = finding.citation
            message = finding.message_zh if lang == "zh" else finding.message
            lines.append(f"- **{finding.code}**: {message}")
            lines.append(
                f"  - {label['cites']}: {c.document_zh} {c.article} (> {c.text_zh}); "
                f"{label['fact']} {c.fact_id}, {c.confidence.value}; `{finding.rule}`"
            )
            if finding.remediation and lang == "en":
                lines.append(f"  - {label['todo']}: {finding.remediation}")
    return "\n".join(lines) + "\n"


def _load_profile(source: str) -> Any:
    try:
        if source == "-":
            return json.load(sys.stdin)
        with open(source, encoding="utf-8-sig") as handle:
            return json.load(handle)
    except OSError as error:
        raise _BadInput(f"cannot read {source}: {error.strerror}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise _BadInput(f"{source} is not valid JSON: {error}") from None


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
@click.argument("input_path", metavar="INPUT", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    "output_path",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="JSON Lines output, one line per input row.",
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
    help="Keep the rows already in OUTPUT and continue after them.",
)
@click.option(
    "--overwrite", is_flag=True, default=False, help="Start over even if OUTPUT already has rows."
)
@click.option(
    "--input-format",
    type=click.Choice(["jsonl", "csv"]),
    default=None,
    help="Default: from the file extension.",
)
def batch_command(
    input_path: Path,
    output_path: Path,
    as_of: datetime.date | None,
    workers: int,
    resume: bool,
    overwrite: bool,
    input_format: str | None,
) -> None:
    """Screen many profiles: INPUT is JSON Lines or CSV, OUTPUT gets one line per row.

    \b
    Output lines, in input order:
      {"row": N, "assessment": {...}}
      {"row": N, "error": {"type": "invalid_profile", "errors": [{"path": ..., "message": ...}]}}
    CSV columns: the profile fields. List fields are ;-separated; violations are
    party:YYYY-MM-DD[:description] items, or none; an empty cell means unknown or
    the default.
    An interrupted run (Ctrl-C) leaves whole lines; --resume continues it.
    """
    day = as_of or datetime.date.today()
    if resume and overwrite:
        raise _BadInput("--resume and --overwrite exclude each other")
    if not resume and not overwrite and output_path.exists() and output_path.stat().st_size > 0:
        raise _BadInput(
            f"{output_path} already has rows; "
            "use --resume to continue it or --overwrite to start over"
        )
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        total = count_rows(input_path, input_format)
    except (BatchError, OSError, UnicodeDecodeError, ValueError) as error:
        raise _BadInput(f"cannot read {input_path}: {error}") from None
    stderr_tty = sys.stderr.isatty()
    try:
        if stderr_tty:
            with click.progressbar(length=total, label="assessing", file=sys.stderr) as bar:
                summary = run_batch(
                    input_path,
                    output_path,
                    as_of=day,
                    workers=workers,
                    resume=resume,
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
                input_format=input_format,
            )
    except BatchError as error:
        raise _BadInput(str(error)) from None
    click.echo(summary_text(summary), err=True, nl=False)
    if summary.interrupted:
        done = summary.skipped + summary.rows
        click.echo(
            f"interrupted after {done} of {total} rows; {output_path} holds whole lines. "
            f"Resume with:\n  callcenter-rules batch {input_path} -o {output_path} "
            f"--as-of {day.isoformat()} --resume",
            err=True,
        )
        sys.exit(EXIT_INTERRUPTED)


def _interrupt(_signum: int, _frame: object) -> None:
    # SIGTERM stops a batch the way Ctrl-C does: after the last whole line.
    raise KeyboardInterrupt


@cli.command("rules")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def rules_command(fmt: str) -> None:
    """List every rule with its id, citation, effective period and confidence."""
    described = [rule.describe() for rule in RULES]
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


def checklist(result: Assessment) -> list[dict[str, Any]]:
    """The materials for ``result``'s licence, filled in with its scopes and coverage."""
    if result.license_type is None:
        return []
    provinces = result.profile.service_provinces
    values = {
        "scopes": ", ".join(sorted(s.value for s in result.business_scopes)) or "B24",
        "coverage": ", ".join(p.name_en for p in provinces),
        "coverage_zh": "、".join(p.name_zh for p in provinces),
        "authority": result.authority,
        "authority_zh": result.authority_zh,
    }
    codes = set(result.codes)
    return [
        {
            "id": m.id,
            "basis": m.basis,
            "title": m.title.format_map(values),
            "title_zh": m.title_zh.format_map(values),
            "confidence": m.confidence.value,
        }
        for m in MATERIALS
        if m.only_with_code is None or m.only_with_code in codes
    ]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    try:
        cli.main(args=list(argv) if argv is not None else None, prog_name="callcenter-rules")
    except SystemExit as done:
        return done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
    return 0


__all__ += ["checklist"]
