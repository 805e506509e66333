"""``rules``, ``parameters`` and ``schema``: what the library knows, listed."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import click

from ..labels import confidence_label, unit_label
from ..law.citation import Confidence
from ..law.language import format_parameter
from ..law.parameters import ParameterTable, default_table
from ..law.wording import day_zh
from ..reference import rule_catalogue
from ..results.explain import cite_zh
from ..schema import (
    SCHEMA_NAMES,
    assessment_schema,
    licence_schema,
    plan_schema,
    profile_schema,
    render,
)
from .common import LANG, Choice, config, configured, echo, engine, format_option, resolve, say
from .zh import Command

__all__ = ["parameters_command", "rules_command", "schema_command"]


@click.command("rules", cls=Command)
@format_option("text", "json")
@LANG
@configured
def rules_command(fmt: str, lang: str | None) -> None:
    """List every rule: its id, citations, effective period, confidence, the parameters it
    uses and where it is defined; a rule pack's rules under the pack's name."""
    lang = resolve(lang)
    chosen = engine()
    described = rule_catalogue(chosen.parameters, chosen.rule_packs)
    if fmt == "json":
        echo(json.dumps(described, ensure_ascii=False, indent=2))
        return
    for line in _rules_text(described, lang):
        echo(line)


def _rules_text(described: list[dict[str, Any]], lang: str) -> Iterator[str]:
    zh = lang == "zh"
    pack: str | None = None
    for rule in described:
        if rule.get("pack") != pack:
            pack = rule["pack"]
            label = f"{pack} {rule['pack_version']}"
            yield say(f"== rule pack {label} ==", f"== 规则包 {label} ==")
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
            confidence = confidence_label(Confidence(source["confidence"]), lang)
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
            yield say("    parameters: ", "    参数：") + (", " if not zh else "、").join(
                rule["parameters"]
            )
        where = rule["defined_at"]
        if zh and rule.get("pack"):
            where = f"规则包 {rule['pack']}=={rule['pack_version']}"
        yield say("    defined at: ", "    定义位置：") + where
        yield ""


@click.command("parameters", cls=Command)
@format_option("text", "json")
@LANG
@configured
def parameters_command(fmt: str, lang: str | None) -> None:
    """List the law's parameters: each threshold and in-force day, with its values by the
    day they take effect and the reference for each (overrides included)."""
    lang = resolve(lang)
    zh = lang == "zh"
    table = _parameter_table()
    if fmt == "json":
        echo(json.dumps(table.to_dict(), ensure_ascii=False, indent=2))
        return
    for parameter in table.values():
        unit = unit_label(parameter.unit, lang)
        echo(f"{parameter.name}  （{unit}）" if zh else f"{parameter.name}  ({unit})")
        description = parameter.description_zh if zh else parameter.description
        echo(f"    {description}")
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
                echo(f"    {since}：{value}{cited}")
                continue
            since = f"from {dated.start.isoformat()}" if dated.start else "always"
            cited = (
                " — "
                + ", ".join(filter(None, (reference.document, reference.article)))
                + (f", fact {reference.fact_id}" if reference.fact_id else "")
                if reference
                else ""
            )
            echo(f"    {since}: {value}{cited}")
        echo("")


def _parameter_table() -> ParameterTable:
    """The parameters of this invocation's configuration (without compiling the rules)."""
    overrides = dict(config().parameters)
    return default_table().with_overrides(overrides) if overrides else default_table()


@click.command("schema", cls=Command)
@click.argument("name", type=Choice(SCHEMA_NAMES))
@LANG
def schema_command(name: str, lang: str | None) -> None:
    """Print the JSON Schema (2020-12) of the profile input, the assessment output, the
    plan output or the licence input."""
    resolve(lang)
    schemas = {
        "profile": profile_schema,
        "assessment": assessment_schema,
        "plan": plan_schema,
        "licence": licence_schema,
    }
    echo(render(schemas[name]()), nl=False)
