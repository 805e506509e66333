"""The law as the library encodes it, generated from the declarations themselves: the
catalogue of rules (``callcenter-rules rules``) and the documentation's law page
(`law_reference_markdown`, built at documentation build time, so it cannot drift).
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from functools import cache
from pathlib import Path
from typing import Any, Final

from .law import RULES
from .law.language import FindingSpec, Rule, format_parameter
from .law.parameters import ParameterTable, default_table

__all__ = ["NOT_MODELLED", "defined_at", "law_reference_markdown", "rule_catalogue"]

#: Facts of the domain research the library deliberately does not model, and why.
NOT_MODELLED: Final = (
    (
        "2.4 (paid-in)",
        "Whether the minimum capital must be subscribed or paid in: the text does not settle it and agencies contradict each other; the 2023 Company Law's five-year payment rule is not applied.",
    ),
    ("2.7", '"Other conditions set by the state": open-ended, no rule can check it.'),
    ("3.6", "400 numbers: carriers' routing numbers; renting one does not by itself require B24."),
    ("3.7", "Review period (60 days), validity (5 years) and renewal: procedure, not eligibility."),
    ("3.8", "Changes after licensing and the annual report: obligations of a licence holder."),
    (
        "4.3 (demonstration cities)",
        "Offshore call centers in the 21 service-outsourcing demonstration cities (from about 2010-2011): the city is not an input; the pilot openings before 2019-07-30 are a warning, not a decision. Free-trade zones are modelled (registered_zone).",
    ),
    (
        "5.3 (false materials)",
        "An applicant refused for false materials may not reapply within a year (the 2020 notice, found only in translation; the same bar appears in general licensing practice). Whether a refusal happened is not an input: an absent field would have to mean either 'none' (a silent default) or 'unknown' (every assessment incomplete), so the bar is listed here instead. The on-site inspection of premises and staff is a checklist item.",
    ),
    (
        "3.3 (offshore coverage)",
        "For offshore (B24-2) service, users abroad do not dial a Chinese local number, so the licence type follows service_provinces as given; no source settles how coverage is counted for offshore-only service.",
    ),
    (
        "5.1 (draft rules)",
        "MIIT's 2020 draft on commercial short messages and voice calls (consent for marketing calls): only a draft in the sources; its status in 2026 is unknown.",
    ),
    (
        "5.1 (operations)",
        "Number transfer or leasing and recording-retention duties: conduct of a licence holder, not input the profile carries.",
    ),
    ("5.2", "Sanctions for operating without a licence: consequences, not conditions."),
    ("6", "Application materials: listed by `callcenter-rules checklist`, not checked."),
    (
        "before 2016-03-01",
        "Law before the 2015 catalogue took effect: assessments for earlier days are refused.",
    ),
    (
        "7.1 (after the review)",
        "Law made after the day the research was last reviewed (2026-11-30): unknown; an assessment for a later day says so (LAW_NOT_REVIEWED_AFTER).",
    ),
)


def _anchor(rule_id: str) -> str:
    return rule_id.lower()


@cache
def _locations() -> dict[str, str]:
    """Where each rule id is written, as ``callcenter_rules/law/<module>.py:<line>``: the
    ids are literal strings in the law modules, so they are found by reading them."""
    found: dict[str, str] = {}
    for module_name in sorted(_rule_modules()):
        module = sys.modules.get(module_name)
        path = getattr(module, "__file__", None)
        if path is None:
            continue
        relative = "callcenter_rules/" + Path(path).as_posix().split("/callcenter_rules/")[-1]
        for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
            match = re.search(r'\bid="([A-Z0-9-]+)"', line)
            if match:
                found.setdefault(match.group(1), f"{relative}:{number}")
    return found


def _rule_modules() -> set[str]:
    from . import law

    return {
        f"{law.__name__}.{name}"
        for name in (
            "catalogue", "licence_type", "conditions", "foreign_investment", "numbering",
            "conduct", "horizon", "decision",
        )
    }  # fmt: skip


def defined_at(rule: Rule) -> str:
    """Where ``rule`` is declared, e.g. ``callcenter_rules/law/conditions.py:120``."""
    return _locations().get(rule.id, "?")


def rule_catalogue(table: ParameterTable) -> list[dict[str, Any]]:
    """Every rule's metadata (`Rule.describe`) with where it is defined."""
    return [{**rule.describe(table), "defined_at": defined_at(rule)} for rule in RULES]


def _codes() -> dict[str, tuple[FindingSpec, list[Rule]]]:
    codes: dict[str, tuple[FindingSpec, list[Rule]]] = {}
    producers: dict[str, list[Rule]] = defaultdict(list)
    for rule in RULES:
        for spec in rule.findings:
            producers[spec.code].append(rule)
            codes.setdefault(spec.code, (spec, producers[spec.code]))
    return codes


def law_reference_markdown() -> str:
    """The law page: finding codes, the parameters with their dated values, one entry per
    rule, then what is not modelled."""
    table = default_table()
    lines = [
        f"The library encodes **{len(RULES)} rules**. Everything below is generated from the "
        "rule declarations in `src/callcenter_rules/law/` when the documentation is built.",
        "",
        "## Finding codes",
        "",
        "| code | severity | counts as | produced by |",
        "|---|---|---|---|",
    ]
    for code, (spec, rules) in sorted(_codes().items()):
        produced = ", ".join(f"[{r.id}](#{_anchor(r.id)})" for r in rules)
        lines.append(f"| `{code}` | {spec.severity.value} | {spec.outcome} | {produced} |")
    lines += ["", "## Parameters", ""]
    lines += [
        "Thresholds and the days instruments take effect are data "
        "(`src/callcenter_rules/law/parameters/*.yaml`): the value in force on the day "
        "assessed applies. `Engine(parameters=...)` overrides them.",
        "",
        "| parameter | unit | from | value | reference |",
        "|---|---|---|---|---|",
    ]
    for parameter in table.values():
        for index, dated in enumerate(parameter.values):
            reference = dated.reference
            cited = (
                ", ".join(filter(None, (reference.document, reference.article)))
                + (f" (fact {reference.fact_id})" if reference.fact_id else "")
                if reference
                else ""
            )
            name = f"`{parameter.name}`<br>{parameter.description}" if index == 0 else ""
            lines.append(
                f"| {name} | {parameter.unit if index == 0 else ''} | "
                f"{dated.start.isoformat() if dated.start else 'always'} | "
                f"{format_parameter(dated.value, parameter.unit)} | {cited} |"
            )
    lines += ["", "## Rules", ""]
    for rule in RULES:
        described = rule.describe(table)
        lines += [f"### {rule.id}", "", described["summary"], ""]
        lines += [
            f"- **In force**: {described['period']}",
            f"- **Confidence**: {described['confidence']} (domain facts {', '.join(rule.fact_ids)})",
            f"- **Produces**: {', '.join(f'`{c}`' for c in rule.codes) or 'no finding'}"
            + (
                f"; derives {', '.join(f'`{d}`' for d in described['derives'])}"
                if described["derives"]
                else ""
            ),
            *(
                [f"- **Parameters**: {', '.join(f'`{p}`' for p in described['parameters'])}"]
                if described["parameters"]
                else []
            ),
            f"- **Defined at**: `{defined_at(rule)}`",
            "",
        ]
        for source in rule.sources:
            provision = source.provision
            lines += [
                f"**{provision.document.title}** ({provision.document.title_zh}), {provision.article} "
                f"— {source.period.resolve(table)}, fact {source.fact_id}, confidence {source.confidence.value}",
                "",
                f"> {provision.text_zh}",
                "",
            ]
    lines += ["## What is not modelled", "", "| domain fact | why |", "|---|---|"]
    lines += [f"| {fact} | {why} |" for fact, why in NOT_MODELLED]
    return "\n".join(lines) + "\n"
