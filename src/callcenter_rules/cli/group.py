"""The ``callcenter-rules`` command group: ``callcenter-rules FILE.json`` as short for
``assess``, the language of the run chosen before anything is parsed, and every error a
message in that language, never a traceback. Each command comes from its own module."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from .._version import __version__
from .assess import assess_command, checklist_command, plan_command
from .batch import batch_command
from .catalogue import parameters_command, rules_command, schema_command
from .common import (
    EXIT_BAD_INPUT,
    LANG_OF_RUN,
    OUTPUT_ERRNOS,
    Choice,
    argv_lang,
    output_failed,
    run_lang,
    say,
)
from .review import review_batch_command, review_command
from .serve import HELP_ZH_SERVE, serve_command
from .zh import HELP_ZH, Command, Context, Localised, option_help_zh, show

__all__ = ["DefaultAssess", "cli", "main"]


class DefaultAssess(Localised, click.Group):
    """``callcenter-rules FILE.json`` is short for ``callcenter-rules assess FILE.json``.
    Every message, usage errors included, speaks ``--lang`` or the locale's language."""

    command_class = Command
    context_class = Context

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
        if run_lang() != "zh":
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
        token = LANG_OF_RUN.set(argv_lang(argv))
        try:
            if not standalone_mode:
                return super().main(argv, prog_name, complete_var, False, **extra)
            try:
                done = super().main(argv, prog_name, complete_var, False, **extra)
            except click.ClickException as error:
                show(error)
                sys.exit(error.exit_code)
            except click.exceptions.Abort:
                click.echo(say("Aborted!", "已中止。"), err=True)
                sys.exit(1)
            except OSError as error:
                # Help, the version or usage that cannot be written (the commands' own
                # output says so itself, through common.echo).
                if error.filename is None and error.errno in OUTPUT_ERRNOS:
                    with contextlib.suppress(OSError):
                        show(output_failed(error))
                    sys.exit(EXIT_BAD_INPUT)
                raise
            sys.exit(done if isinstance(done, int) else 0)
        finally:
            LANG_OF_RUN.reset(token)


@click.group(
    "callcenter-rules",
    cls=DefaultAssess,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.version_option(__version__, prog_name="callcenter-rules", message="%(prog)s %(version)s")
@click.option(
    "--lang",
    type=Choice(["en", "zh"]),
    default=None,
    help="Language of every command's output and messages (default: zh when the locale is "
    "zh_*, otherwise en); a command's own --lang wins.",
)
def cli(lang: str | None) -> None:
    """Does a company need China's call-center licence (B24), which one, and what stands in
    the way? Each answer is cited to the article of law it comes from."""


for _command in (
    assess_command,
    plan_command,
    batch_command,
    rules_command,
    parameters_command,
    schema_command,
    checklist_command,
    review_command,
    review_batch_command,
    serve_command,
):
    cli.add_command(_command)
    HELP_ZH.update(option_help_zh(_command.name or "", _command))
HELP_ZH.update(HELP_ZH_SERVE)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    try:
        cli.main(args=list(argv) if argv is not None else None, prog_name="callcenter-rules")
    except SystemExit as done:
        return done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
    return 0
