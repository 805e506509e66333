"""The command line in Chinese: the Chinese help of every command (`HELP_ZH`), help laid
out by display width with Chinese headings, the localised command and context classes, and
click's usage errors said in Chinese. English is as click writes it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final

import click

from ..labels import display_width
from .common import BadInput, Option, run_lang, say

__all__ = ["HELP_ZH", "Command", "Context", "Formatter", "Localised", "option_help_zh", "show"]

#: The Chinese help of every command and option: ``"<command>"``, ``"<command>.<option>"``
#: (the option's name as the command receives it), ``"help"`` and ``"version"`` for the
#: options every command has. The options several commands share carry their Chinese help
#: themselves (`callcenter_rules.cli.common.Option`); the group adds it here, as it adds
#: each command (`option_help_zh`).
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
    "assess.lang": "输出和提示信息的语言（默认：区域设置为 zh_* 时为中文，否则为英文）。",
    "assess.explain": "说明每项结论的推理过程：从输入到结论所经过的规则。",
    "plan": "列出使企业符合条件的最少变更组合，每一组合均经同一套规则验证，"
    "按优先顺序排列：企业重组最少、变更项最少、金额最小。\n\n"
    "退出码：0 有可行途径（或无需变更），4 没有可行途径，"
    "2 输入有误、配置或规则包无法使用，或无法写入输出。",
    "plan.profile": "企业档案：JSON 文件，或以 - 表示标准输入。",
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
    "2 用法或输入有误、配置或规则包无法加载或无法写入输出，130 被中断。",
    "batch.input_path": "输入文件：JSON Lines、CSV 或 .json（以 - 表示标准输入）。",
    "batch.encoding": "CSV 输入的编码：“utf-8”（默认）、“utf-8-sig”、“gbk”或“gb18030”"
    "（中文系统上的电子表格软件通常以 GBK 保存 CSV）。JSON 输入总是 UTF-8 编码。",
    "batch.output_path": "输出：JSON Lines，或 CSV（仅限摘要，见 --detail），"
    "每个输入行一行（以 - 表示标准输出）。",
    "batch.cache_size": "每个规则引擎按规范化后的输入保留最近 N 个评估结果（使用 --plan 时"
    "另保留 N 个取得许可的途径），遇到重复的行直接给出保留的结果（适用于有重复行的输入）；"
    "输出与不缓存时完全相同。"
    "每保留一个评估结果约占 15 KB 内存，使用 --plan 时每个途径另占约 15 KB"
    "（每个工作进程各自保留）。默认 0，不缓存。",
    "batch.resume": "保留 OUTPUT 中已写入的行（对照其清单文件校验）并继续。",
    "batch.overwrite": "即使 OUTPUT 中已有内容也重新开始。",
    "batch.input_format": "默认按文件扩展名判断（.jsonl/.ndjson、.csv、.json）；"
    "无从判断时（-、管道、无扩展名的文件名）按内容判断：以 { 开头为 JSON Lines，"
    "以 [ 开头为 JSON 数组，其他为 CSV 表头。",
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
    "rules.lang": "输出语言（默认：区域设置为 zh_* 时为中文，否则为英文）。",
    "parameters": "列出法律参数：每项限额和生效日期，按生效日列出取值及其出处。",
    "parameters.lang": "输出语言（默认：区域设置为 zh_* 时为中文，否则为英文）。",
    "schema": "输出企业档案输入、评估结果输出、许可途径输出或许可证输入的 JSON Schema（2020-12）。",
    "schema.name": "profile（企业档案）、assessment（评估结果）、plan（许可途径）"
    "或 licence（许可证）。",
    "schema.lang": "提示信息的语言（默认：区域设置为 zh_* 时为中文，否则为英文）。",
    "checklist": "列出该企业申请许可证所需的材料（《电信业务经营许可管理办法》第八条及"
    "呼叫中心业务实践），并标明法定或实践要求。",
    "checklist.profile": "企业档案：JSON 文件，或以 - 表示标准输入。",
    "checklist.lang": "输出语言（默认：区域设置为 zh_* 时为中文，否则为英文）。",
    "review": "审查某一天所持的许可证（JSON 文件，或以 - 表示标准输入）：应当报送或办理什么、"
    "截止日是哪天，持证者应当做到或不得做什么；"
    "使用 --profile 时，还说明许可证是否覆盖企业的经营。\n\n"
    "退出码：0 没有不符合项也没有逾期的义务，4 有不符合项或逾期的义务，"
    "2 输入有误、配置或规则包无法使用，或无法写入输出。",
    "review.licence": "许可证信息：JSON 文件，或以 - 表示标准输入。",
    "review.lang": "输出、日历和提示信息的语言（默认：区域设置为 zh_* 时为中文，否则为英文）。",
    "review-batch": "审查一份许可证登记表：REGISTER 为 JSON Lines（每行一个许可证，"
    '或 {"licence": ..., "profile": ...}）、CSV（列名为许可证字段；企业信息的字段前加 profile.）'
    "或 .json 文件（以 - 表示标准输入）。\n\n"
    "\b\n每个许可证的审查与 review 命令相同，并有 batch 的各项保证：\n"
    "不丢行，有误的行写成错误行，中断后可用 --resume 继续，可用 --workers。\n"
    "全部审查完后，OUTPUT.csv 中是按最近截止日排序的摘要（逾期的在前），\n"
    "--ics 中是包含全部截止日的一个日历。\n\n"
    "退出码：0 完成（输入有误的行是错误行，不算失败），1 完成但部分行出现程序内部错误，"
    "2 用法或输入有误、配置或规则包无法加载或无法写入输出，130 被中断。",
    "review-batch.input_path": "许可证登记表：JSON Lines、CSV 或 .json（以 - 表示标准输入）。",
    "review-batch.lang": "日历、摘要和提示信息的语言"
    "（默认：区域设置为 zh_* 时为中文，否则为英文）。",
}


def _help_of(
    ctx: click.Context, command: click.Command, param: click.Parameter | None = None
) -> str | None:
    """The Chinese help of a command or one of its options, when this run speaks Chinese."""
    if run_lang() != "zh":
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


class Formatter(click.HelpFormatter):
    """Help laid out by display width in Chinese (a CJK character takes two columns), with
    Chinese headings; English as click lays it out."""

    def write_heading(self, heading: str) -> None:
        if run_lang() != "zh":
            super().write_heading(heading)
            return
        self.write(f"{'':>{self.current_indent}}{heading}：\n")

    def write_text(self, text: str) -> None:
        if run_lang() != "zh":
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
        if run_lang() != "zh":
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


class Context(click.Context):
    """A command's context, laying out its help with `Formatter`."""

    formatter_class = Formatter


class Localised:
    """Help in the invocation's language: the usage line, the command's help, and the
    options with their defaults."""

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        pieces = " ".join(self.collect_usage_pieces(ctx))  # type: ignore[attr-defined]
        if run_lang() == "zh":
            pieces = pieces.replace("[OPTIONS]", "[选项]").replace(
                "COMMAND [ARGS]...", "命令 [参数]..."
            )
        formatter.write_usage(ctx.command_path, pieces, say("Usage: ", "用法："))

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        text = _help_of(ctx, self)  # type: ignore[arg-type]
        if text is None:
            super().format_help_text(ctx, formatter)  # type: ignore[misc]
            return
        formatter.write_paragraph()
        with formatter.indentation():
            formatter.write_text(text)

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        if run_lang() != "zh":
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


class Command(Localised, click.Command):
    """A command whose help and usage speak the invocation's language."""

    context_class = Context


def show(error: click.ClickException) -> None:
    """A usage error as click shows it, in the invocation's language."""
    if run_lang() != "zh" or isinstance(error, BadInput):
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


def option_help_zh(name: str, command: click.Command) -> dict[str, str]:
    """The Chinese help the options of ``command`` (named ``name``) carry themselves, keyed
    as in `HELP_ZH`."""
    return {
        f"{name}.{param.name}": param.help_zh
        for param in command.params
        if isinstance(param, Option) and param.help_zh is not None
    }
