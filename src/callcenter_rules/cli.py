"""The ``callcenter-rules`` command line (also ``python -m callcenter_rules``).

Exit codes of ``assess``: 0 eligible or not required, 3 incomplete, 4 ineligible,
2 bad input or usage, a configuration or rule pack that cannot be used (a pack's rule that
fails as it runs included), or standard output that cannot be written (a full disk, a
closed pipe). ``batch``: 0 done (rows with bad input are error lines, not a failure), 1 done
but the library failed on some rows (their lines say so), 2 bad usage, an unreadable input
or an output that cannot be written, 130 interrupted.

Errors are messages, never tracebacks.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime
import errno
import functools
import json
import os
import re
import shlex
import shutil
import signal
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, Final, TypeVar

import click

from ._version import __version__
from .api import Engine, UnsupportedDate, _default_engine
from .batch import (
    DETAILS,
    INPUT_FORMATS,
    OUTPUT_FORMATS,
    BatchError,
    count_rows,
    run_batch,
    summary_text,
)
from .checklist import checklist
from .config import Config, ConfigError, os_reason
from .json_input import JSONInputError
from .json_input import loads as json_loads
from .labels import (
    basis_label,
    confidence_label,
    default_lang,
    display_width,
    ljust_display,
    unit_label,
)
from .law.language import format_parameter
from .law.parameters import ParameterTable, default_table
from .law.wording import day_zh
from .model import InvalidProfile
from .packs import RulePackError
from .reference import rule_catalogue
from .report import render_markdown, render_plan_markdown, render_plan_text, render_text
from .results import Assessment, Status
from .schema import (
    SCHEMA_NAMES,
    assessment_schema,
    licence_schema,
    plan_schema,
    profile_schema,
    render,
)
from .trace import cite_zh

__all__ = ["EXIT_CODES", "HELP_ZH", "main", "render_markdown", "render_text"]

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


#: The language of this invocation's messages and help: ``--lang`` if given, else the
#: locale (`callcenter_rules.labels.default_lang`).
_LANG_OF_RUN: Final[contextvars.ContextVar[str]] = contextvars.ContextVar(
    "callcenter_rules_cli_lang", default="en"
)


def _lang() -> str:
    return _LANG_OF_RUN.get()


def _say(en: str, zh: str) -> str:
    """The message in the language of this invocation."""
    return zh if _lang() == "zh" else en


def _argv_lang(args: Sequence[str]) -> str:
    """The ``--lang`` given on the command line (its last value), else the locale's. Read
    before click parses anything, so that help and usage errors speak it too."""
    found: str | None = None
    for index, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and index + 1 < len(args):
            found = args[index + 1]
        elif arg.startswith("--lang="):
            found = arg.partition("=")[2]
    return found if found in {"en", "zh"} else default_lang()


class _BadInput(click.ClickException):
    """Bad input or usage: reported without a traceback, exit code 2."""

    exit_code = EXIT_BAD_INPUT

    def __init__(self, message: str, message_zh: str | None = None) -> None:
        super().__init__(message_zh if message_zh is not None and _lang() == "zh" else message)

    def show(self, file: Any = None) -> None:
        click.echo(_say("Error: ", "错误：") + self.format_message(), err=True)


def _load_profile(source: str) -> Any:
    """One profile from a JSON file or standard input, read strictly (`json_input`)."""
    name = _say("standard input", "标准输入") if source == "-" else source
    try:
        if source == "-":
            data = sys.stdin.buffer.read()
        else:
            with open(source, "rb") as handle:
                data = handle.read()
    except OSError as error:
        reason = os_reason(error)
        raise _BadInput(
            f"cannot read {source}: {reason}", f"无法读取 {source}：{reason.zh}"
        ) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        byte = data[error.start]
        raise _BadInput(
            f"{name} is not valid UTF-8 (byte 0x{byte:02x} at offset {error.start})",
            f"{name}不是有效的 UTF-8 文本（偏移量 {error.start} 处的字节 0x{byte:02x}）",
        ) from None
    try:
        return json_loads(text)
    except JSONInputError as error:
        raise _BadInput(
            f"{name} is not valid JSON: {error}",
            f"{name}不是有效的 JSON：{getattr(error, 'message_zh', None) or error}",
        ) from None


@contextlib.contextmanager
def _reported() -> Iterator[None]:
    """What an assessment or a plan can refuse, as a message and exit code 2: bad input, a
    day not modelled, a rule pack's rule that fails as it runs (naming the pack and the
    rule)."""
    try:
        yield
    except InvalidProfile as error:
        raise _BadInput(str(error), error.describe("zh")) from None
    except UnsupportedDate as error:
        raise _BadInput(str(error), error.message_zh) from None
    except RulePackError as error:
        raise _BadInput(str(error), error.message_zh) from None


def _assess_or_exit(data: Any, as_of: datetime.date | None, *, trace: bool = False) -> Assessment:
    with _reported():
        return _engine().assess(data, as_of=as_of, trace=trace)


def _echo(text: str, *, nl: bool = True) -> None:
    """``text`` on standard output; when it cannot be written (a full disk, a closed pipe),
    a message saying why and exit code 2, as `batch` reports an output it cannot write."""
    try:
        click.echo(text, nl=nl)
    except OSError as error:
        raise _output_failed(error) from None


#: Why writing an output fails, not reading an input: a closed pipe, a full disk or quota,
#: a file too large.
_OUTPUT_ERRNOS: Final = frozenset(
    {errno.EPIPE, errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)}
)


def _output_failed(error: OSError) -> _BadInput:
    """Standard output failed with ``error``: it is pointed at the null device (so that
    what is still buffered for it is not written again, and fails again, at exit), and the
    failure reported."""
    try:
        descriptor = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # not a file (a test's capture)
        descriptor = None
    if descriptor is not None:
        null = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(null, descriptor)
        finally:
            os.close(null)
    reason = os_reason(error)
    return _BadInput(f"cannot write standard output: {reason}", f"无法写入标准输出：{reason.zh}")


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
            self.fail(
                _say(
                    f"{value!r} is not a date as YYYY-MM-DD",
                    f"“{value}”不是 YYYY-MM-DD 格式的日期",
                ),
                param,
                ctx,
            )


class _Choice(click.Choice):  # type: ignore[type-arg]
    """A choice whose refusal speaks the invocation's language."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if _lang() == "zh" and value not in self.choices:
            self.fail(f"“{value}”不是可选值之一（{'、'.join(map(str, self.choices))}）", param, ctx)
        return super().convert(value, param, ctx)


class _Count(click.IntRange):
    """A whole number of at least ``min``, refused in the invocation's language."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if _lang() == "zh":
            try:
                number = int(value)
            except (TypeError, ValueError):
                self.fail(f"“{value}”不是整数", param, ctx)
            if self.min is not None and number < self.min:
                self.fail(f"{number} 小于最小值 {self.min}", param, ctx)
        return super().convert(value, param, ctx)


_AS_OF = click.option(
    "--as-of", type=_Date(), default=None, help="The day whose law applies (default: today)."
)
_LANG = click.option(
    "--lang",
    type=_Choice(["en", "zh"]),
    default=None,
    help="Language of the output and the messages (default: zh when the locale is zh_*, "
    "otherwise en).",
)


_F = TypeVar("_F", bound=Callable[..., Any])


def _format(*choices: str) -> Callable[[_F], _F]:
    return click.option(
        "--format",
        "fmt",
        type=_Choice(list(choices)),
        default=choices[0],
        show_default=True,
        help="Output format.",
    )


#: The Chinese help of every command and option: ``"<command>"``, ``"<command>.<option>"``
#: (the option's name as the command receives it), ``"help"`` and ``"version"`` for the
#: options every command has.
HELP_ZH: Final[dict[str, str]] = {
    "callcenter-rules": "企业是否需要呼叫中心业务（B24）经营许可证、需要哪一种、还差什么条件？"
    "每项结论都注明所依据的法律条款。",
    "callcenter-rules.lang": "各命令的输出和提示信息的语言（默认：区域设置为 zh_* 时为中文，"
    "否则为英文）；命令自己的 --lang 优先。",
    "help": "显示本帮助并退出。",
    "version": "显示版本号并退出。",
    "assess": "评估一个企业档案（JSON 文件，或以 - 表示标准输入）。\n\n"
    "退出码：0 符合条件或无需许可，3 信息不全，4 不符合条件，"
    "2 输入有误、配置或规则包无法使用，或无法写入输出。",
    "assess.profile": "企业档案：JSON 文件，或以 - 表示标准输入。",
    "assess.as_of": "适用哪一天的法律（默认：今天）。",
    "assess.fmt": "输出格式。",
    "assess.lang": "输出和提示信息的语言（默认：区域设置为 zh_* 时为中文，否则为英文）。",
    "assess.explain": "说明每项结论的推理过程：从输入到结论所经过的规则。",
    "plan": "列出使企业符合条件的最少变更组合，每一组合均经同一套规则验证，"
    "按优先顺序排列：企业重组最少、变更项最少、金额最小。\n\n"
    "退出码：0 有可行途径（或无需变更），4 没有可行途径，"
    "2 输入有误、配置或规则包无法使用，或无法写入输出。",
    "plan.profile": "企业档案：JSON 文件，或以 - 表示标准输入。",
    "plan.as_of": "适用哪一天的法律（默认：今天）。",
    "plan.fmt": "输出格式。",
    "plan.lang": "输出和提示信息的语言（默认：区域设置为 zh_* 时为中文，否则为英文）。",
    "batch": "批量筛查：INPUT 为 JSON Lines、CSV 或 .json 文件（以 - 表示标准输入）；"
    "OUTPUT 按输入顺序，每个输入行恰好对应一行。\n\n"
    "\b\n输出行：\n"
    '  {"row": N, "assessment": {...}}\n'
    '  {"row": N, "error": {"type": "invalid_profile", "line": L,\n'
    '                       "errors": [{"path": ..., "message": ...}],\n'
    '                       "errors_zh": [...]}}\n'
    "CSV：首行为档案字段名；列表字段以 ; 分隔；\n"
    "violations 每项写作 party:YYYY-MM-DD[:说明]，或 none；\n"
    "空单元格表示未知或取默认值。\n"
    "批量写入期间 OUTPUT 被锁定。OUTPUT.manifest 记录本批次\n"
    "（输入校验和、评估日、版本）和每一行的校验和，\n"
    "中断（Ctrl-C、SIGTERM、崩溃）后可用 --resume 继续。\n"
    "用 --detail 选择摘要时，每行只有结论、许可证类型、发证机关、\n"
    "业务种类和各级别的结论项代码；摘要可写成 CSV 表格（OUTPUT 以 .csv\n"
    "结尾）：带 BOM 的 UTF-8，首行为列名，列表以 ; 分隔。\n\n"
    "退出码：0 完成，1 完成但部分行出现程序内部错误（或无法给出取得许可的途径），\n"
    "2 用法或输入有误或无法写入输出，130 被中断。",
    "batch.input_path": "输入文件：JSON Lines、CSV 或 .json（以 - 表示标准输入）。",
    "batch.encoding": "CSV 输入的编码：“utf-8”（默认）、“utf-8-sig”、“gbk”或“gb18030”"
    "（中文系统上的电子表格软件通常以 GBK 保存 CSV）。JSON 输入总是 UTF-8 编码。",
    "batch.output_path": "输出：JSON Lines，或 CSV（仅限摘要，见 --detail），"
    "每个输入行一行（以 - 表示标准输出）。",
    "batch.as_of": "适用哪一天的法律（默认：今天）。",
    "batch.workers": "工作进程数，每个进程各有一个规则引擎。",
    "batch.cache_size": "每个规则引擎按规范化后的输入保留最近 N 个评估结果（使用 --plan 时"
    "另保留 N 个取得许可的途径），遇到重复的行直接给出保留的结果（适用于有重复行的输入）；"
    "输出与不缓存时完全相同。"
    "每保留一个评估结果约占 15 KB 内存，使用 --plan 时每个途径另占约 15 KB"
    "（每个工作进程各自保留）。默认 0，不缓存。",
    "batch.resume": "保留 OUTPUT 中已写入的行（对照其清单文件校验）并继续。",
    "batch.overwrite": "即使 OUTPUT 中已有内容也重新开始。",
    "batch.input_format": "默认按文件扩展名判断（.jsonl/.ndjson、.csv、.json）；"
    "标准输入默认为 jsonl。",
    "batch.with_plan": "同时给出每一行取得许可的途径：在每个评估结果行中加入 "
    '"plan"，内容与 plan 命令的输出相同；输出摘要时（见 --detail），给出途径数、'
    "首选途径的许可证类型和各项变更，以及无法消除的障碍的代码。",
    "batch.detail": "每行的详细程度：“full”（默认）为完整的评估结果；“summary”为摘要，"
    "即企业名称、结论、许可证类型、发证机关（英文和中文）、业务种类，"
    "以及按不符合、提示、说明分列的结论项代码（错误行与完整输出相同）。",
    "batch.output_format": "输出格式：jsonl 或 csv（csv 仅限摘要，见 --detail）；"
    "默认按 OUTPUT 的扩展名判断（.csv 为 csv，其余为 jsonl）。CSV 为带 BOM 的 UTF-8，"
    "首行为列名，列表单元格以 ; 分隔，换行等字符写成转义序列；"
    "以 = + - @ 开头的单元格前加 ' ，以免电子表格把它当作公式执行。",
    "batch.lang": "摘要和提示信息的语言（默认：区域设置为 zh_* 时为中文，否则为英文）。",
    "rules": "列出每条规则：编号、法律依据、有效期间、可信度、所用参数及其定义位置。",
    "rules.fmt": "输出格式。",
    "rules.lang": "输出语言（默认：区域设置为 zh_* 时为中文，否则为英文）。",
    "parameters": "列出法律参数：每项限额和生效日期，按生效日列出取值及其出处。",
    "parameters.fmt": "输出格式。",
    "parameters.lang": "输出语言（默认：区域设置为 zh_* 时为中文，否则为英文）。",
    "schema": "输出企业档案输入、评估结果输出、许可途径输出或许可证输入的 JSON Schema（2020-12）。",
    "schema.name": "profile（企业档案）、assessment（评估结果）、plan（许可途径）"
    "或 licence（许可证）。",
    "schema.lang": "提示信息的语言（默认：区域设置为 zh_* 时为中文，否则为英文）。",
    "checklist": "列出该企业申请许可证所需的材料（《电信业务经营许可管理办法》第八条及"
    "呼叫中心业务实践），并标明法定或实践要求。",
    "checklist.profile": "企业档案：JSON 文件，或以 - 表示标准输入。",
    "checklist.as_of": "适用哪一天的法律（默认：今天）。",
    "checklist.lang": "输出语言（默认：区域设置为 zh_* 时为中文，否则为英文）。",
    "checklist.fmt": "输出格式。",
}


#: The configuration options' Chinese help, the same for every command that has them.
_CONFIG_HELP_ZH: Final = {
    "config_file": "TOML 配置文件，包含评估策略、参数覆盖值和规则包。",
    "policy": "法律尚无定论之处的评估策略，例如“in_house_hotline_is_b24=true”。",
    "param": "参数覆盖值，例如 capital_minimum.regional=2000000。",
    "rule_pack": "与法律规则一并适用的已安装规则包（可重复）。",
}
for _command in ("assess", "plan", "checklist", "rules", "parameters", "batch"):
    for _option, _text in _CONFIG_HELP_ZH.items():
        HELP_ZH.setdefault(f"{_command}.{_option}", _text)


def _help_of(
    ctx: click.Context, command: click.Command, param: click.Parameter | None = None
) -> str | None:
    """The Chinese help of a command or one of its options, when this run speaks Chinese."""
    if _lang() != "zh":
        return None
    name = "callcenter-rules" if isinstance(command, click.Group) else command.name or ""
    if param is None:
        return HELP_ZH.get(name)
    if param is command.get_help_option(ctx):
        return HELP_ZH.get("help")
    if param.name == "version":
        return HELP_ZH.get("version")
    return HELP_ZH.get(f"{name}.{param.name}")


_CJK_TOKEN: Final = re.compile(r"[\u2e80-\uffff]|[^\s\u2e80-\uffff]+\s*|\s+")


#: Punctuation a Chinese line does not start with (it stays at the end of the line before).
_NO_LINE_START: Final = frozenset("，。、；：？！）］」』》”’")


def _wrap_display(text: str, width: int) -> list[str]:
    """``text`` (one paragraph) broken into lines of at most ``width`` terminal columns,
    between any two CJK characters or at spaces; its own line breaks join up, without a
    space between CJK characters."""
    joined = ""
    for part in text.split("\n"):
        part = part.strip()
        if joined and part:
            cjk = display_width(joined[-1]) == 2 or display_width(part[0]) == 2
            joined += "" if cjk else " "
        joined += part
    lines: list[str] = []
    line = ""
    for token in _CJK_TOKEN.findall(joined):
        if (
            line.strip()
            and token[0] not in _NO_LINE_START
            and display_width(line.rstrip() + token.rstrip()) > width
        ):
            lines.append(line.rstrip())
            line = token.lstrip()
        else:
            line += token
    lines.append(line.rstrip())
    return lines


class _Formatter(click.HelpFormatter):
    """Help laid out by display width in Chinese (a CJK character takes two columns), with
    Chinese headings; English as click lays it out."""

    def write_heading(self, heading: str) -> None:
        if _lang() != "zh":
            super().write_heading(heading)
            return
        self.write(f"{'':>{self.current_indent}}{heading}：\n")

    def write_text(self, text: str) -> None:
        if _lang() != "zh":
            super().write_text(text)
            return
        indent = " " * self.current_indent
        paragraphs = text.split("\n\n")
        for number, paragraph in enumerate(paragraphs):
            if number:
                self.write("\n")
            if paragraph.startswith("\b\n"):
                for line in paragraph[2:].splitlines():
                    self.write(f"{indent}{line}\n")
                continue
            width = max((self.width or 80) - self.current_indent, 20)
            for line in _wrap_display(paragraph, width):
                self.write(f"{indent}{line}\n")

    def write_dl(
        self, rows: Iterable[tuple[str, str]], col_max: int = 30, col_spacing: int = 2
    ) -> None:
        rows = list(rows)
        if _lang() != "zh":
            super().write_dl(rows, col_max, col_spacing)
            return
        first_col = min(max(display_width(first) for first, _ in rows), col_max) + col_spacing
        text_width = max((self.width or 80) - first_col - self.current_indent - 2, 20)
        for first, second in rows:
            self.write(f"{'':>{self.current_indent}}{first}")
            if display_width(first) <= first_col - col_spacing:
                self.write(" " * (first_col - display_width(first)))
            else:
                self.write("\n" + " " * (first_col + self.current_indent))
            lines = _wrap_display(second, text_width) if second else [""]
            self.write(f"{lines[0]}\n")
            for line in lines[1:]:
                self.write(f"{'':>{first_col + self.current_indent}}{line}\n")


class _Context(click.Context):
    formatter_class = _Formatter


class _Localised:
    """Help in the invocation's language: the usage line, the command's help, and the
    options with their defaults."""

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        pieces = " ".join(self.collect_usage_pieces(ctx))  # type: ignore[attr-defined]
        if _lang() == "zh":
            pieces = pieces.replace("[OPTIONS]", "[选项]").replace(
                "COMMAND [ARGS]...", "命令 [参数]..."
            )
        formatter.write_usage(ctx.command_path, pieces, _say("Usage: ", "用法："))

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        text = _help_of(ctx, self)  # type: ignore[arg-type]
        if text is None:
            super().format_help_text(ctx, formatter)  # type: ignore[misc]
            return
        formatter.write_paragraph()
        with formatter.indentation():
            formatter.write_text(text)

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        if _lang() != "zh":
            super().format_options(ctx, formatter)  # type: ignore[misc]
            return
        rows = []
        for param in self.get_params(ctx):  # type: ignore[attr-defined]
            record = param.get_help_record(ctx)
            if record is None:
                continue
            help_zh = _help_of(ctx, self, param)  # type: ignore[arg-type]
            default = getattr(param, "default", None)
            shown = ""
            if getattr(param, "show_default", False) and default is not None:
                shown = f"［默认：{default}］"
            rows.append((record[0], (help_zh or record[1]) + shown))
        if rows:
            with formatter.section("选项"):
                formatter.write_dl(rows)
        if isinstance(self, click.Group):
            commands = [
                (name, HELP_ZH.get(name, command.get_short_help_str()).split("\n")[0])
                for name in self.list_commands(ctx)
                if (command := self.get_command(ctx, name)) is not None and not command.hidden
            ]
            if commands:
                with formatter.section("命令"):
                    formatter.write_dl(commands)


class _Command(_Localised, click.Command):
    context_class = _Context


class _DefaultAssess(_Localised, click.Group):
    """``callcenter-rules FILE.json`` is short for ``callcenter-rules assess FILE.json``.
    Every message, usage errors included, speaks ``--lang`` or the locale's language."""

    command_class = _Command
    context_class = _Context

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

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        if _lang() != "zh":
            super().format_commands(ctx, formatter)
        # In Chinese, format_options lists the commands.

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        argv = list(sys.argv[1:] if args is None else args)
        token = _LANG_OF_RUN.set(_argv_lang(argv))
        try:
            if not standalone_mode:
                return super().main(argv, prog_name, complete_var, False, **extra)
            try:
                done = super().main(argv, prog_name, complete_var, False, **extra)
            except click.ClickException as error:
                _show(error)
                sys.exit(error.exit_code)
            except click.exceptions.Abort:
                click.echo(_say("Aborted!", "已中止。"), err=True)
                sys.exit(1)
            except OSError as error:
                # Help, the version or usage that cannot be written (the commands' own
                # output says so itself, through _echo).
                if error.filename is None and error.errno in _OUTPUT_ERRNOS:
                    with contextlib.suppress(OSError):
                        _show(_output_failed(error))
                    sys.exit(EXIT_BAD_INPUT)
                raise
            sys.exit(done if isinstance(done, int) else 0)
        finally:
            _LANG_OF_RUN.reset(token)


def _show(error: click.ClickException) -> None:
    """A usage error as click shows it, in the invocation's language."""
    if _lang() != "zh" or isinstance(error, _BadInput):
        error.show()
        return
    if isinstance(error, click.UsageError) and error.ctx is not None:
        click.echo(error.ctx.get_usage(), err=True)
        help_option = error.ctx.command.get_help_option(error.ctx)
        if help_option is not None:
            command = f"{error.ctx.command_path} {help_option.opts[0]}"
            click.echo(f"运行“{command}”查看帮助。", err=True)
        click.echo("", err=True)
    click.echo(f"错误：{_usage_error_zh(error)}", err=True)


def _usage_error_zh(error: click.ClickException) -> str:
    if isinstance(error, click.NoSuchOption):
        guess = "、".join(sorted(error.possibilities or ()))
        return f"没有选项 {error.option_name}" + (f"（是否指：{guess}）" if guess else "")
    if isinstance(error, click.MissingParameter) and error.param is not None:
        return f"缺少参数 {_param_hint(error.param)}"
    if isinstance(error, click.BadParameter):
        hint = _param_hint(error.param) if error.param is not None else ""
        return f"参数 {hint} 的值无效：{error.message}"
    if isinstance(error, click.BadOptionUsage):
        if "requires" in error.message:
            return f"选项 {error.option_name} 需要一个值"
        if "does not take" in error.message:
            return f"选项 {error.option_name} 不接受值"
    message = error.format_message()
    if message.startswith("No such command"):
        return "没有这个命令：" + message.partition("'")[2].rstrip(".'")
    if message.startswith("Got unexpected extra argument"):
        return "多余的参数：" + message.partition("(")[2].rstrip(")")
    if message.startswith("Missing command"):
        return "缺少命令"
    return message


def _param_hint(param: click.Parameter) -> str:
    if isinstance(param, click.Argument):
        return param.make_metavar(click.Context(click.Command("x")))
    return " / ".join(param.opts)


@click.group(
    "callcenter-rules",
    cls=_DefaultAssess,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.version_option(__version__, prog_name="callcenter-rules", message="%(prog)s %(version)s")
@click.option(
    "--lang",
    type=_Choice(["en", "zh"]),
    default=None,
    help="Language of every command's output and messages (default: zh when the locale is "
    "zh_*, otherwise en); a command's own --lang wins.",
)
def cli(lang: str | None) -> None:
    """Does a company need China's call-center licence (B24), which one, and what stands in
    the way? Each answer is cited to the article of law it comes from."""


#: The configuration of this invocation (`_configured`), and its engine once built.
_CONFIG_OF_RUN: Final[contextvars.ContextVar[Config]] = contextvars.ContextVar(
    "callcenter_rules_cli_config"
)
_ENGINE_OF_RUN: Final[contextvars.ContextVar[Engine | None]] = contextvars.ContextVar(
    "callcenter_rules_cli_engine", default=None
)


def _configured(function: _F) -> _F:
    """Add the configuration options (``--config``, ``--policy``, ``--param``,
    ``--rule-pack``) to a command; the command reaches the engine they make through
    `_engine`."""

    @functools.wraps(function)
    def run(
        *args: Any,
        config_file: str | None,
        policy: tuple[str, ...],
        param: tuple[str, ...],
        rule_pack: tuple[str, ...],
        **kwargs: Any,
    ) -> Any:
        if kwargs.get("lang") is not None:
            _LANG_OF_RUN.set(kwargs["lang"])
        try:
            base = Config.from_file(config_file) if config_file else Config()
            config = base.with_options(policy=policy, parameters=param, rule_packs=rule_pack)
            config.check()
        except ConfigError as error:
            raise _BadInput(str(error), error.message_zh) from None
        _CONFIG_OF_RUN.set(config)
        _ENGINE_OF_RUN.set(None)
        given: list[str] = ["--config", config_file] if config_file else []
        for flag, values in (("--policy", policy), ("--param", param), ("--rule-pack", rule_pack)):
            for value in values:
                given += [flag, value]
        _CONFIG_ARGS_OF_RUN.set(given)
        return function(*args, **kwargs)

    options = [
        click.option(
            "--config",
            "config_file",
            # Not click.Path(dir_okay=False): its refusal of a directory is English only;
            # Config.from_file says it in both languages.
            type=str,
            default=None,
            metavar="FILE",
            help="A TOML file with the policy, parameter overrides and rule packs.",
        ),
        click.option(
            "--policy",
            multiple=True,
            metavar="NAME=VALUE",
            help="A policy where the law is unsettled, e.g. in_house_hotline_is_b24=true.",
        ),
        click.option(
            "--param",
            multiple=True,
            metavar="NAME=VALUE",
            help="A parameter override, e.g. capital_minimum.regional=2000000.",
        ),
        click.option(
            "--rule-pack",
            multiple=True,
            metavar="NAME",
            help="An installed rule pack to apply beside the law (repeatable).",
        ),
    ]
    for option in reversed(options):
        run = option(run)
    return run  # type: ignore[return-value]


_CONFIG_ARGS_OF_RUN: Final[contextvars.ContextVar[list[str]]] = contextvars.ContextVar(
    "configuration_arguments"
)


def _config() -> Config:
    """The configuration of this invocation (the default outside a configured command)."""
    return _CONFIG_OF_RUN.get(Config())


def _engine() -> Engine:
    """The engine of this invocation's configuration: the shared default engine when the
    configuration is the default, else one built for it."""
    config = _config()
    if config == Config():
        return _default_engine()
    engine = _ENGINE_OF_RUN.get()
    if engine is None:
        try:
            engine = config.engine()
        except ValueError as error:
            raise _BadInput(str(error), getattr(error, "message_zh", None)) from None
        _ENGINE_OF_RUN.set(engine)
    return engine


def _resolve(lang: str | None) -> str:
    """The language of this command: its own ``--lang``, else the program's
    (``callcenter-rules --lang zh COMMAND``), else the locale's."""
    context = click.get_current_context(silent=True)
    given = context.find_root().params.get("lang") if context is not None else None
    chosen = lang or given or default_lang()
    _LANG_OF_RUN.set(chosen)
    return chosen


@cli.command("assess")
@click.argument("profile", metavar="PROFILE.json|-")
@_AS_OF
@_format("text", "json", "markdown")
@_LANG
@_configured
@click.option(
    "--explain",
    is_flag=True,
    default=False,
    help="Also show why each finding holds: the rules from the input to it.",
)
def assess_command(
    profile: str, as_of: datetime.date | None, fmt: str, lang: str | None, explain: bool
) -> None:
    """Assess one profile (a JSON file, or - for standard input).

    Exit codes: 0 eligible or not required, 3 incomplete, 4 ineligible, 2 bad input, a
    configuration or rule pack that cannot be used, or an output that cannot be written.
    """
    lang = _resolve(lang)
    result = _assess_or_exit(_load_profile(profile), as_of, trace=explain)
    if fmt == "json":
        _echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    elif fmt == "markdown":
        _echo(render_markdown(result, lang, explain=explain), nl=False)
    else:
        _echo(render_text(result, lang, explain=explain))
    sys.exit(EXIT_CODES[result.status])


@cli.command("plan")
@click.argument("profile", metavar="PROFILE.json|-")
@_AS_OF
@_format("text", "json", "markdown")
@_LANG
@_configured
def plan_command(profile: str, as_of: datetime.date | None, fmt: str, lang: str | None) -> None:
    """The smallest sets of changes that make this company eligible, each checked by the
    same rules, best first: fewest restructures, then fewest changes, then smallest amounts.

    Exit codes: 0 a path exists (or nothing needs to change), 4 none does, 2 bad input, a
    configuration or rule pack that cannot be used, or an output that cannot be written.
    """
    lang = _resolve(lang)
    data = _load_profile(profile)
    with _reported():
        found = _engine().plan(data, as_of=as_of)
    if fmt == "json":
        _echo(json.dumps(found.to_dict(), ensure_ascii=False, indent=2))
    elif fmt == "markdown":
        _echo(render_plan_markdown(found, lang), nl=False)
    else:
        _echo(render_plan_text(found, lang))
    sys.exit(0 if found.options else EXIT_CODES[Status.INELIGIBLE])


@cli.command("batch")
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
@_AS_OF
@click.option(
    "--workers",
    type=_Count(min=1),
    metavar="N",
    default=1,
    show_default=True,
    help="Worker processes, each with its own engine.",
)
@click.option(
    "--cache",
    "cache_size",
    type=_Count(min=0),
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
    type=_Choice(list(INPUT_FORMATS)),
    default=None,
    help="Default: from the file extension (.jsonl/.ndjson, .csv, .json); jsonl for -.",
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
    type=_Choice(list(DETAILS)),
    metavar="DETAIL",
    default="full",
    help="How much each line carries: full (the default), the whole assessment; summary, "
    "the name, status, licence type, authority (English and Chinese), business scopes "
    "and the finding codes by severity (error lines are as with full).",
)
@click.option(
    "--output-format",
    type=_Choice(list(OUTPUT_FORMATS)),
    default=None,
    help="jsonl or csv (csv needs --detail summary); default: from OUTPUT's extension "
    "(.csv for csv, else jsonl). CSV is UTF-8 with a BOM, a header row, ;-separated list "
    "cells and line breaks written as escapes; a cell starting with = + - @ gets a "
    "leading ' so that a spreadsheet does not run it as a formula.",
)
@_LANG
@_configured
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
    their plans), 2 bad usage or input, or the output cannot be written, 130
    interrupted.
    """
    lang = _resolve(lang)
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
        "config": _config(),
    }
    # A pipe given as a path (<(zcat in.gz), /dev/stdin) is read once, like -: neither
    # counted first nor resumable.
    read_once = input_path == "-" or not Path(input_path).is_file()
    try:
        if sys.stderr.isatty() and not read_once:
            rows = count_rows(Path(input_path), input_format, encoding)
            total[0] = rows
            label = _say("assessing", "评估中")
            with click.progressbar(length=rows, label=label, file=sys.stderr) as bar:
                summary = run_batch(
                    input_path, output_path, on_row=lambda: bar.update(1), **options
                )
        else:
            summary = run_batch(input_path, output_path, **options)
    except BatchError as error:
        raise _BadInput(str(error), getattr(error, "message_zh", None)) from None
    click.echo(summary_text(summary, lang), err=True, nl=False)
    if summary.interrupted:
        done = summary.skipped + summary.rows
        if read_once or output_path == "-":
            of = _say(f" of {total[0]}", f"（共 {total[0]} 行）") if total[0] is not None else ""
            click.echo(
                _say(f"interrupted after {done}{of} rows.", f"已中断：已完成 {done} 行{of}。"),
                err=True,
            )
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
            command += _CONFIG_ARGS_OF_RUN.get([])
            if lang == "zh":
                command += ["--lang", "zh"]
            of_en = f" of {total[0]}" if total[0] is not None else ""
            of_zh = f"（共 {total[0]} 行）" if total[0] is not None else ""
            click.echo(
                _say(
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
@_format("text", "json")
@_LANG
@_configured
def rules_command(fmt: str, lang: str | None) -> None:
    """List every rule: its id, citations, effective period, confidence, the parameters it
    uses and where it is defined; a rule pack's rules under the pack's name."""
    lang = _resolve(lang)
    engine = _engine()
    described = rule_catalogue(engine.parameters, engine.rule_packs)
    if fmt == "json":
        _echo(json.dumps(described, ensure_ascii=False, indent=2))
        return
    for line in _rules_text(described, lang):
        _echo(line)


def _rules_text(described: list[dict[str, Any]], lang: str) -> Iterator[str]:
    zh = lang == "zh"
    pack: str | None = None
    for rule in described:
        if rule.get("pack") != pack:
            pack = rule["pack"]
            label = f"{pack} {rule['pack_version']}"
            yield _say(f"== rule pack {label} ==", f"== 规则包 {label} ==")
            yield ""
        codes = ", ".join(rule["codes"]) or "-"
        period = rule["period_zh"]
        yield (
            f"{rule['id']}  ［{period}］  结论项：{codes}"
            if zh
            else (f"{rule['id']}  [{rule['period']}]  codes: {codes}")
        )
        yield f"    {rule['summary_zh'] if zh else rule['summary']}"
        for source in rule["sources"]:
            confidence = confidence_label(_confidence(source["confidence"]), lang)
            if zh:
                cited = cite_zh(source["document_zh"], source["article_zh"])
                yield (
                    f"    {cited}——事实{source['fact_id']}（可信度：{confidence}），"
                    f"{source['period_zh']}"
                )
            else:
                yield (
                    f"    {source['document']} ({source['document_zh']}) {source['article']} "
                    f"— fact {source['fact_id']} ({confidence}), {source['period']}"
                )
        if rule["parameters"]:
            yield _say("    parameters: ", "    参数：") + (", " if not zh else "、").join(
                rule["parameters"]
            )
        where = rule["defined_at"]
        if zh and rule.get("pack"):
            where = f"规则包 {rule['pack']}=={rule['pack_version']}"
        yield _say("    defined at: ", "    定义位置：") + where
        yield ""


def _confidence(value: str) -> Any:
    from .law.citation import Confidence

    return Confidence(value)


@cli.command("parameters")
@_format("text", "json")
@_LANG
@_configured
def parameters_command(fmt: str, lang: str | None) -> None:
    """List the law's parameters: each threshold and in-force day, with its values by the
    day they take effect and the reference for each (overrides included)."""
    lang = _resolve(lang)
    zh = lang == "zh"
    table = _parameter_table()
    if fmt == "json":
        _echo(json.dumps(table.to_dict(), ensure_ascii=False, indent=2))
        return
    for parameter in table.values():
        unit = unit_label(parameter.unit, lang)
        _echo(f"{parameter.name}  （{unit}）" if zh else f"{parameter.name}  ({unit})")
        description = parameter.description_zh if zh else parameter.description
        _echo(f"    {description}")
        for dated in parameter.values:
            value = format_parameter(dated.value, parameter.unit, lang)
            reference = dated.reference
            if zh:
                since = f"{day_zh(dated.start)}起" if dated.start else "始终"
                cited = ""
                if reference:
                    where = cite_zh(
                        reference.document_zh or reference.document,
                        reference.article_zh or reference.article,
                    )
                    fact = f"，事实{reference.fact_id}" if reference.fact_id else ""
                    cited = f"——{where}{fact}"
                _echo(f"    {since}：{value}{cited}")
                continue
            since = f"from {dated.start.isoformat()}" if dated.start else "always"
            cited = (
                " — "
                + ", ".join(filter(None, (reference.document, reference.article)))
                + (f", fact {reference.fact_id}" if reference.fact_id else "")
                if reference
                else ""
            )
            _echo(f"    {since}: {value}{cited}")
        _echo("")


def _parameter_table() -> ParameterTable:
    """The parameters of this invocation's configuration (without compiling the rules)."""
    overrides = dict(_config().parameters)
    return default_table().with_overrides(overrides) if overrides else default_table()


@cli.command("schema")
@click.argument("name", type=_Choice(SCHEMA_NAMES))
@_LANG
def schema_command(name: str, lang: str | None) -> None:
    """Print the JSON Schema (2020-12) of the profile input, the assessment output, the
    plan output or the licence input."""
    _resolve(lang)
    schemas = {
        "profile": profile_schema,
        "assessment": assessment_schema,
        "plan": plan_schema,
        "licence": licence_schema,
    }
    _echo(render(schemas[name]()), nl=False)


@cli.command("checklist")
@click.argument("profile", metavar="PROFILE.json|-")
@_AS_OF
@_LANG
@_format("text", "json")
@_configured
def checklist_command(
    profile: str, as_of: datetime.date | None, lang: str | None, fmt: str
) -> None:
    """The application materials for this company's licence (Order 42 Art. 8 and B24
    practice), marked legal or practice."""
    lang = _resolve(lang)
    result = _assess_or_exit(_load_profile(profile), as_of)
    items = checklist(result)
    if fmt == "json":
        _echo(
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
        _echo(
            _say(
                "No call-center licence is required: no checklist.",
                "无需呼叫中心业务经营许可，无需准备申请材料。",
            )
        )
        return
    marks = [f"[{basis_label(item['basis'], lang)}]" for item in items]
    width = max(display_width(mark) for mark in marks)
    for number, (item, mark) in enumerate(zip(items, marks, strict=True), start=1):
        title = item["title_zh"] if lang == "zh" else item["title"]
        _echo(f"{number:2}. {ljust_display(mark, width)} {title}")


from .serve_cli import HELP_ZH_SERVE, serve_command  # noqa: E402

HELP_ZH.update(HELP_ZH_SERVE)
cli.add_command(serve_command)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    try:
        cli.main(args=list(argv) if argv is not None else None, prog_name="callcenter-rules")
    except SystemExit as done:
        return done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
    return 0
