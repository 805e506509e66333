"""``assess``, ``plan`` and ``checklist``: one profile, its assessment, its ways to a
licence, the materials of its application."""

from __future__ import annotations

import contextlib
import datetime
import json
import sys
from collections.abc import Iterator
from typing import Any

import click

from ..api import UnsupportedDate
from ..checklist import checklist
from ..labels import basis_label, display_width, ljust_display
from ..model import InvalidProfile
from ..packs import RulePackError
from ..report import render_markdown, render_plan_markdown, render_plan_text, render_text
from ..results import Assessment, Status
from .common import (
    AS_OF,
    EXIT_CODES,
    LANG,
    BadInput,
    configured,
    echo,
    engine,
    format_option,
    load_profile,
    resolve,
    say,
)
from .zh import Command

__all__ = ["assess_command", "checklist_command", "plan_command"]


@contextlib.contextmanager
def _reported() -> Iterator[None]:
    """What an assessment or a plan can refuse, as a message and exit code 2: bad input, a
    day not modelled, a rule pack's rule that fails as it runs (naming the pack and the
    rule)."""
    try:
        yield
    except InvalidProfile as error:
        raise BadInput(str(error), error.describe("zh")) from None
    except UnsupportedDate as error:
        raise BadInput(str(error), error.message_zh) from None
    except RulePackError as error:
        raise BadInput(str(error), error.message_zh) from None


def _assess_or_exit(data: Any, as_of: datetime.date | None, *, trace: bool = False) -> Assessment:
    with _reported():
        return engine().assess(data, as_of=as_of, trace=trace)


@click.command("assess", cls=Command)
@click.argument("profile", metavar="PROFILE.json|-")
@AS_OF
@format_option("text", "json", "markdown")
@LANG
@configured
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
    lang = resolve(lang)
    result = _assess_or_exit(load_profile(profile), as_of, trace=explain)
    if fmt == "json":
        echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    elif fmt == "markdown":
        echo(render_markdown(result, lang, explain=explain), nl=False)
    else:
        echo(render_text(result, lang, explain=explain))
    sys.exit(EXIT_CODES[result.status])


@click.command("plan", cls=Command)
@click.argument("profile", metavar="PROFILE.json|-")
@AS_OF
@format_option("text", "json", "markdown")
@LANG
@configured
def plan_command(profile: str, as_of: datetime.date | None, fmt: str, lang: str | None) -> None:
    """The smallest sets of changes that make this company eligible, each checked by the
    same rules, best first: fewest restructures, then fewest changes, then smallest amounts.

    Exit codes: 0 a path exists (or nothing needs to change), 4 none does, 2 bad input, a
    configuration or rule pack that cannot be used, or an output that cannot be written.
    """
    lang = resolve(lang)
    data = load_profile(profile)
    with _reported():
        found = engine().plan(data, as_of=as_of)
    if fmt == "json":
        echo(json.dumps(found.to_dict(), ensure_ascii=False, indent=2))
    elif fmt == "markdown":
        echo(render_plan_markdown(found, lang), nl=False)
    else:
        echo(render_plan_text(found, lang))
    sys.exit(0 if found.options else EXIT_CODES[Status.INELIGIBLE])


@click.command("checklist", cls=Command)
@click.argument("profile", metavar="PROFILE.json|-")
@AS_OF
@LANG
@format_option("text", "json")
@configured
def checklist_command(
    profile: str, as_of: datetime.date | None, lang: str | None, fmt: str
) -> None:
    """The application materials for this company's licence (Order 42 Art. 8 and B24
    practice), marked legal or practice."""
    lang = resolve(lang)
    result = _assess_or_exit(load_profile(profile), as_of)
    items = checklist(result)
    if fmt == "json":
        echo(
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
        echo(
            say(
                "No call-center licence is required: no checklist.",
                "无需呼叫中心业务经营许可，无需准备申请材料。",
            )
        )
        return
    marks = [f"[{basis_label(item['basis'], lang)}]" for item in items]
    width = max(display_width(mark) for mark in marks)
    for number, (item, mark) in enumerate(zip(items, marks, strict=True), start=1):
        title = item["title_zh"] if lang == "zh" else item["title"]
        echo(f"{number:2}. {ljust_display(mark, width)} {title}")
