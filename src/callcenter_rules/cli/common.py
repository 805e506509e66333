"""What every command of the command line shares: exit codes, the invocation's language,
the bad-input error, reading a profile, writing standard output, the localised option
types, the options several commands have (each declared once, with its English and its
Chinese help) and the configuration and engine of the run.

It imports no command: the commands import it.
"""

from __future__ import annotations

import contextvars
import datetime
import errno
import functools
import os
import shutil
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Final, TypeVar

import click

from ..api import Engine, default_engine
from ..config import Config, ConfigError
from ..errors import BilingualError
from ..json_input import JSONInputError
from ..json_input import loads as json_loads
from ..labels import default_lang
from ..results import Status
from ..text import os_reason

__all__ = [
    "AS_OF",
    "EXIT_BAD_INPUT",
    "EXIT_CODES",
    "EXIT_INTERNAL_ERRORS",
    "EXIT_INTERRUPTED",
    "LANG",
    "LANG_OF_RUN",
    "OUTPUT_ERRNOS",
    "WORKERS",
    "BadInput",
    "Choice",
    "Date",
    "Option",
    "Seconds",
    "WholeNumber",
    "argv_lang",
    "config",
    "configuration_arguments",
    "configuration_options",
    "configure",
    "configured",
    "echo",
    "engine",
    "format_option",
    "invocation",
    "lang_option",
    "load_profile",
    "output_failed",
    "resolve",
    "run_lang",
    "say",
]

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


# ----------------------------------------------------------------- the invocation's language

#: The language of this invocation's messages and help: ``--lang`` if given, else the
#: locale (`callcenter_rules.labels.default_lang`).
LANG_OF_RUN: Final[contextvars.ContextVar[str]] = contextvars.ContextVar(
    "callcenter_rules_cli_lang", default="en"
)


def run_lang() -> str:
    """The language of this invocation: ``en`` or ``zh``."""
    return LANG_OF_RUN.get()


def say(en: str, zh: str) -> str:
    """The message in the language of this invocation."""
    return zh if run_lang() == "zh" else en


def argv_lang(args: Sequence[str]) -> str:
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


def resolve(lang: str | None) -> str:
    """The language of this command: its own ``--lang``, else the program's
    (``callcenter-rules --lang zh COMMAND``), else the locale's."""
    context = click.get_current_context(silent=True)
    given = context.find_root().params.get("lang") if context is not None else None
    chosen = lang or given or default_lang()
    LANG_OF_RUN.set(chosen)
    return chosen


class BadInput(BilingualError, click.ClickException):
    """Bad input or usage: reported without a traceback, in the invocation's language,
    exit code 2."""

    exit_code = EXIT_BAD_INPUT

    def format_message(self) -> str:
        return self.text(run_lang())

    def show(self, file: Any = None) -> None:
        click.echo(say("Error: ", "错误：") + self.format_message(), err=True)


# ------------------------------------------------------------------------- input and output


def load_profile(source: str) -> Any:
    """One profile from a JSON file or standard input, read strictly (`json_input`)."""
    name = say("standard input", "标准输入") if source == "-" else source
    try:
        if source == "-":
            data = sys.stdin.buffer.read()
        else:
            with open(source, "rb") as handle:
                data = handle.read()
    except OSError as error:
        reason = os_reason(error)
        raise BadInput(
            f"cannot read {source}: {reason}", f"无法读取 {source}：{reason.zh}"
        ) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        byte = data[error.start]
        raise BadInput(
            f"{name} is not valid UTF-8 (byte 0x{byte:02x} at offset {error.start})",
            f"{name}不是有效的 UTF-8 文本（偏移量 {error.start} 处的字节 0x{byte:02x}）",
        ) from None
    try:
        return json_loads(text)
    except JSONInputError as error:
        raise BadInput(
            f"{name} is not valid JSON: {error}",
            f"{name}不是有效的 JSON：{getattr(error, 'message_zh', None) or error}",
        ) from None


def invocation() -> list[str]:
    """How this command was started, to print a command that works as printed (the one
    that resumes an interrupted batch)."""
    if Path(sys.argv[0]).name == "__main__.py" or not sys.argv[0]:
        return [sys.executable, "-m", "callcenter_rules"]
    found = shutil.which("callcenter-rules")
    if found and Path(found).resolve() == Path(sys.argv[0]).resolve():
        return ["callcenter-rules"]
    return [sys.argv[0]]


def echo(text: str, *, nl: bool = True) -> None:
    """``text`` on standard output; when it cannot be written (a full disk, a closed pipe),
    a message saying why and exit code 2, as `batch` reports an output it cannot write."""
    try:
        click.echo(text, nl=nl)
    except OSError as error:
        raise output_failed(error) from None


#: Why writing an output fails, not reading an input: a closed pipe, a full disk or quota,
#: a file too large.
OUTPUT_ERRNOS: Final = frozenset(
    {errno.EPIPE, errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)}
)


def output_failed(error: OSError) -> BadInput:
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
    return BadInput(f"cannot write standard output: {reason}", f"无法写入标准输出：{reason.zh}")


# --------------------------------------------------------------------- localised option types


class Date(click.ParamType):  # type: ignore[type-arg]
    """A day as YYYY-MM-DD, refused in the invocation's language."""

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
                say(
                    f"{value!r} is not a date as YYYY-MM-DD",
                    f"“{value}”不是 YYYY-MM-DD 格式的日期",
                ),
                param,
                ctx,
            )


class Choice(click.Choice):  # type: ignore[type-arg]
    """A choice whose refusal speaks the invocation's language."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if run_lang() == "zh" and value not in self.choices:
            self.fail(f"“{value}”不是可选值之一（{'、'.join(map(str, self.choices))}）", param, ctx)
        return super().convert(value, param, ctx)


class WholeNumber(click.IntRange):
    """A whole number in a range, refused in the invocation's language."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if run_lang() == "zh":
            try:
                number = int(value)
            except (TypeError, ValueError):
                self.fail(f"“{value}”不是整数", param, ctx)
            if self.min is not None and number < self.min:
                self.fail(f"{number} 小于最小值 {self.min}", param, ctx)
            if self.max is not None and number > self.max:
                self.fail(f"{number} 大于最大值 {self.max}", param, ctx)
        return super().convert(value, param, ctx)


class Seconds(click.FloatRange):
    """A number of seconds, more than 0, refused in the invocation's language."""

    def __init__(self) -> None:
        super().__init__(min=0, min_open=True)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if run_lang() == "zh":
            try:
                number = float(value)
            except (TypeError, ValueError):
                self.fail(f"“{value}”不是数字", param, ctx)
            if not number > 0:
                self.fail(f"{value} 应大于 0", param, ctx)
        return super().convert(value, param, ctx)


# ------------------------------------------------------------- options several commands have


class Option(click.Option):
    """An option declared with its Chinese help (``help_zh``) beside the English, for the
    options several commands share: every command that has it says the same."""

    def __init__(self, *args: Any, help_zh: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        #: The help in Chinese.
        self.help_zh = help_zh


F = TypeVar("F", bound=Callable[..., Any])

AS_OF: Final = click.option(
    "--as-of",
    cls=Option,
    type=Date(),
    default=None,
    help="The day whose law applies (default: today).",
    help_zh="适用哪一天的法律（默认：今天）。",
)

#: The English help of a command's ``--lang`` (its Chinese help is the command's own,
#: in ``HELP_ZH``: what the language applies to differs).
LANG_HELP: Final = (
    "Language of the output and the messages (default: zh when the locale is zh_*, otherwise en)."
)


def lang_option(help_text: str = LANG_HELP) -> Callable[[F], F]:
    """A command's ``--lang``."""
    return click.option("--lang", type=Choice(["en", "zh"]), default=None, help=help_text)


LANG: Final = lang_option()

WORKERS: Final = click.option(
    "--workers",
    cls=Option,
    type=WholeNumber(min=1),
    metavar="N",
    default=1,
    show_default=True,
    help="Worker processes, each with its own engine.",
    help_zh="工作进程数，每个进程各有一个规则引擎。",
)


def format_option(*choices: str) -> Callable[[F], F]:
    """``--format``, one of ``choices`` (the first by default)."""
    return click.option(
        "--format",
        "fmt",
        cls=Option,
        type=Choice(list(choices)),
        default=choices[0],
        show_default=True,
        help="Output format.",
        help_zh="输出格式。",
    )


# --------------------------------------------------------- the configuration and the engine

#: The configuration of this invocation (`configure`), the options that gave it, and its
#: engine once built.
_CONFIG_OF_RUN: Final[contextvars.ContextVar[Config]] = contextvars.ContextVar(
    "callcenter_rules_cli_config"
)
_CONFIG_ARGS_OF_RUN: Final[contextvars.ContextVar[list[str]]] = contextvars.ContextVar(
    "configuration_arguments"
)
_ENGINE_OF_RUN: Final[contextvars.ContextVar[Engine | None]] = contextvars.ContextVar(
    "callcenter_rules_cli_engine", default=None
)


def configuration_options(function: F) -> F:
    """Add the configuration options (``--config``, ``--policy``, ``--param``,
    ``--rule-pack``) to a command; it receives them as ``config_file``, ``policy``,
    ``param`` and ``rule_pack``, for `configure`."""
    options = [
        click.option(
            "--config",
            "config_file",
            cls=Option,
            # Not click.Path(dir_okay=False): its refusal of a directory is English only;
            # Config.from_file says it in both languages.
            type=str,
            default=None,
            metavar="FILE",
            help="A TOML file with the policy, parameter overrides and rule packs.",
            help_zh="TOML 配置文件，包含评估策略、参数覆盖值和规则包。",
        ),
        click.option(
            "--policy",
            cls=Option,
            multiple=True,
            metavar="NAME=VALUE",
            help="A policy where the law is unsettled, e.g. in_house_hotline_is_b24=true.",
            help_zh="法律尚无定论之处的评估策略，例如“in_house_hotline_is_b24=true”。",
        ),
        click.option(
            "--param",
            cls=Option,
            multiple=True,
            metavar="NAME=VALUE",
            help="A parameter override, e.g. capital_minimum.regional=2000000.",
            help_zh="参数覆盖值，例如 capital_minimum.regional=2000000。",
        ),
        click.option(
            "--rule-pack",
            cls=Option,
            multiple=True,
            metavar="NAME",
            help="An installed rule pack to apply beside the law (repeatable).",
            help_zh="与法律规则一并适用的已安装规则包（可重复）。",
        ),
    ]
    for option in reversed(options):
        function = option(function)
    return function


def configure(
    config_file: str | None,
    policy: tuple[str, ...],
    param: tuple[str, ...],
    rule_pack: tuple[str, ...],
) -> Config:
    """The configuration the options give (the file, the options on top), checked, and
    made this invocation's: `config` and `engine` answer with it."""
    try:
        base = Config.from_file(config_file) if config_file else Config()
        chosen = base.with_options(policy=policy, parameters=param, rule_packs=rule_pack)
        chosen.check()
    except ConfigError as error:
        raise BadInput(str(error), error.message_zh) from None
    _CONFIG_OF_RUN.set(chosen)
    _ENGINE_OF_RUN.set(None)
    given: list[str] = ["--config", config_file] if config_file else []
    for flag, values in (("--policy", policy), ("--param", param), ("--rule-pack", rule_pack)):
        for value in values:
            given += [flag, value]
    _CONFIG_ARGS_OF_RUN.set(given)
    return chosen


def configured(function: F) -> F:
    """Add the configuration options to a command, which reaches the configuration they
    make through `config` and its engine through `engine`."""

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
            LANG_OF_RUN.set(kwargs["lang"])
        configure(config_file, policy, param, rule_pack)
        return function(*args, **kwargs)

    return configuration_options(run)  # type: ignore[return-value]


def config() -> Config:
    """The configuration of this invocation (the default outside a configured command)."""
    return _CONFIG_OF_RUN.get(Config())


def configuration_arguments() -> list[str]:
    """The configuration options of this invocation, as given on the command line."""
    return list(_CONFIG_ARGS_OF_RUN.get([]))


def engine() -> Engine:
    """The engine of this invocation's configuration: the shared default engine when the
    configuration is the default, else one built for it."""
    chosen = config()
    if chosen == Config():
        return default_engine()
    built = _ENGINE_OF_RUN.get()
    if built is None:
        try:
            built = chosen.engine()
        except ValueError as error:
            raise BadInput(str(error), getattr(error, "message_zh", None)) from None
        _ENGINE_OF_RUN.set(built)
    return built
