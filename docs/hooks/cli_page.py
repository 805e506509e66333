"""MkDocs hook: fill the command-line page, in English (cli.md) and in Chinese (cli.zh.md),
from the click command group at build time.

The program and every command of `callcenter_rules.cli.cli` (a new one appears by itself)
get their usage, their help (paragraphs; a ``\\b`` block stays preformatted, as ``--help``
prints it) and a table of their arguments and options: name, type or choices, default (none
where there is none), help. The Chinese page takes the help from
``callcenter_rules.cli.HELP_ZH`` (`help_keys` lists the keys it looks up) and falls back to
the English help for a key it lacks.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Any

import click

from callcenter_rules.cli import HELP_ZH, cli

MARKER = "<!-- generated: command line -->"
PROG = "callcenter-rules"

#: The command-line page's source in each language.
PAGES = {"cli.md": "en", "cli.zh.md": "zh"}

#: The page's own words.
_WORDS = {
    "en": {
        "usage": "Usage:",
        "parameters": "Arguments and options:",
        "head": "| name | type | default | help |",
        "required": "required",
        "flag": "flag",
        "text": "text",
        "integer": "integer",
        "number": "number",
        "file": "file",
        "path": "path",
        "or_dash": " or `-`",
        "range": " ",
        "sep": ", ",
    },
    "zh": {
        "usage": "用法：",
        "parameters": "参数与选项：",
        "head": "| 名称 | 类型 | 默认值 | 说明 |",
        "required": "必填",
        "flag": "开关",
        "text": "文本",
        "integer": "整数",
        "number": "数值",
        "file": "文件",
        "path": "路径",
        "or_dash": "或 `-`",
        "range": "，",
        "sep": "、",
    },
}


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    lang = PAGES.get(page.file.src_uri)
    if lang is None:
        return markdown
    if MARKER not in markdown:
        raise ValueError(f"{page.file.src_uri} lost its marker {MARKER!r}")
    return markdown.replace(MARKER, cli_reference_markdown(lang))


def cli_reference_markdown(lang: str = "en", group: click.Group | None = None) -> str:
    """The command-line reference in ``lang``: the program, then each of its commands."""
    group = group or cli
    return "\n".join(
        _command_markdown(key, command, invoked, group, lang)
        for key, command, invoked in _commands(group)
    )


def help_keys(group: click.Group | None = None) -> list[str]:
    """Every key the Chinese page looks up in ``HELP_ZH``, in page order, each once."""
    group = group or cli
    keys: list[str] = []
    for key, command, _ in _commands(group):
        keys.append(key)
        keys += [_key(key, param, command, group) for param in _params(command, group)]
    return list(dict.fromkeys(keys))


def _commands(group: click.Group) -> Iterator[tuple[str, click.Command, str]]:
    """The program (the group) itself, then its visible commands in the order they are
    declared: (key in ``HELP_ZH``, command, how it is invoked)."""
    yield PROG, group, PROG
    for name, command in group.commands.items():
        if not command.hidden:
            yield name, command, f"{PROG} {name}"


def _key(
    command_key: str, param: click.Parameter, command: click.Command, group: click.Group
) -> str:
    """A parameter's key in ``HELP_ZH``: ``"<command>.<name>"`` with the name the command
    receives (``fmt`` for ``--format``); ``"help"`` and ``"version"`` for the options
    click adds, which read the same everywhere."""
    if param is command.get_help_option(_context(command, group)):
        return "help"
    if command is group and param.name == "version":
        return "version"
    return f"{command_key}.{param.name}"


def _context(command: click.Command, group: click.Group) -> click.Context:
    parent = click.Context(group, info_name=PROG)
    if command is group:
        return parent
    return click.Context(command, info_name=command.name, parent=parent)


def _params(command: click.Command, group: click.Group) -> list[click.Parameter]:
    ctx = _context(command, group)
    return [p for p in command.get_params(ctx) if not getattr(p, "hidden", False)]


def _help(key: str, english: str | None, lang: str) -> str:
    """The help in ``lang``: Chinese from ``HELP_ZH``, else the English help."""
    if lang == "zh":
        text = HELP_ZH.get(key)
        if text:
            return text
    return english or ""


def _command_markdown(
    key: str, command: click.Command, invoked: str, group: click.Group, lang: str
) -> str:
    words = _WORDS[lang]
    usage = " ".join([invoked, *command.collect_usage_pieces(_context(command, group))])
    lines = [f"## {PROG if command is group else key}", ""]
    lines += [words["usage"], "", "```text", usage, "```", ""]
    text = _help(key, command.help, lang).strip()
    if text:
        lines += [help_markdown(text), ""]
    params = _params(command, group)
    if params:
        lines += [words["parameters"], "", words["head"], "|---|---|---|---|"]
        for param in params:
            text = _help(_key(key, param, command, group), getattr(param, "help", None), lang)
            lines.append(
                f"| {_name(param, lang)} | {_type(param, lang)} | {_default(param, lang)} "
                f"| {_escape(_join(text.split(chr(10))))} |"
            )
        lines.append("")
    return "\n".join(lines)


def help_markdown(text: str) -> str:
    """Click help text as Markdown: paragraphs stay paragraphs; a paragraph whose first
    line is ``\\b`` is kept line for line, as a preformatted block; ``\\f`` ends the help,
    as in click."""
    text = text.split("\f", 1)[0]
    blocks: list[str] = []
    for paragraph in re.split(r"\n[ \t]*\n", text.strip("\n")):
        lines = paragraph.split("\n")
        if lines[0].strip() == "\b":
            blocks.append("```text\n" + "\n".join(_dedent(lines[1:])) + "\n```")
        else:
            blocks.append(_block_safe(_escape(_join(lines))))
    return "\n\n".join(blocks)


def _join(lines: list[str]) -> str:
    """The lines of a paragraph as one line: a space between words, none where the break
    falls beside a Chinese character (a browser would show a space there)."""
    text = ""
    for line in (line.strip() for line in lines):
        if text and line and not (_wide(text[-1]) or _wide(line[0])):
            text += " "
        text += line
    return text


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in {"W", "F"}


def _dedent(lines: list[str]) -> list[str]:
    indents = [len(line) - len(line.lstrip()) for line in lines if line.strip()]
    cut = min(indents, default=0)
    return [line[cut:].rstrip() for line in lines]


def _escape(text: str) -> str:
    """Plain text safe inside Markdown: no HTML, no emphasis or links, no cell breaks."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return re.sub(r"([\\*_|\[\]`])", r"\\\1", text)


def _block_safe(paragraph: str) -> str:
    """A paragraph that cannot start a heading, a list or a quote."""
    if re.match(r"[#+-]", paragraph):
        return "\\" + paragraph
    return re.sub(r"^(\d+)\. ", r"\1\\. ", paragraph)


def _code(text: str) -> str:
    """``text`` as inline code (a pipe inside a code span does not split a table cell)."""
    ticks = "``" if "`" in text else "`"
    return f"{ticks}{text}{ticks}"


def _name(param: click.Parameter, lang: str) -> str:
    if isinstance(param, click.Argument):
        return _code(param.make_metavar(click.Context(click.Command(PROG))))
    return _WORDS[lang]["sep"].join(_code(name) for name in (*param.opts, *param.secondary_opts))


def _type(param: click.Parameter, lang: str) -> str:
    words = _WORDS[lang]
    kind = param.type
    if isinstance(param, click.Option) and param.is_flag:
        return words["flag"]
    if isinstance(kind, click.Choice):
        return " \\| ".join(_code(str(choice)) for choice in kind.choices)
    if isinstance(kind, click.IntRange | click.FloatRange):
        bounds = []
        if kind.min is not None:
            bounds.append(f"{'>' if kind.min_open else '≥'} {kind.min}")
        if kind.max is not None:
            bounds.append(f"{'<' if kind.max_open else '≤'} {kind.max}")
        base = words["integer" if isinstance(kind, click.IntRange) else "number"]
        return base + words["range"] + ", ".join(bounds) if bounds else base
    if isinstance(kind, click.Path):
        base = words["path" if kind.dir_okay else "file"]
        return base + words["or_dash"] if kind.allow_dash else base
    if kind is click.INT:
        return words["integer"]
    if kind is click.FLOAT:
        return words["number"]
    if kind is click.STRING:
        return words["text"]
    return _code(kind.name)


def _default(param: click.Parameter, lang: str) -> str:
    """The default as one would type it; nothing when there is none: no default given, a
    default of None or computed when the command runs, a flag (off unless given), an
    eager option such as ``--help``."""
    if param.required:
        return _WORDS[lang]["required"]
    if isinstance(param, click.Option) and (param.is_flag or param.is_eager):
        return ""
    value = param.to_info_dict().get("default")
    if value is None or callable(value) or type(value).__name__ == "Sentinel":
        return ""
    if isinstance(value, list | tuple):
        return _WORDS[lang]["sep"].join(_code(str(v)) for v in value)
    return _code(str(value))
