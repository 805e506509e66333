"""The law as the library encodes it, as Markdown generated from the rules themselves.

The documentation's law page is built from `law_reference_markdown` at build time,
so it cannot drift from the rules.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Final

from . import RULES
from .rulebook import FindingSpec, Rule

__all__ = ["NOT_MODELLED", "law_reference_markdown"]

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
        "4.3 (locations)",
        "Whether the company sits in a service-outsourcing demonstration city or a free-trade zone: the pilot openings before 2019-07-30 are a warning, not a decision.",
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
)


def _anchor(rule_id: str) -> str:
    return rule_id.lower()


def _codes() -> dict[str, tuple[FindingSpec, list[Rule]]]:
    codes: dict[str, tuple[FindingSpec, list[Rule]]] = {}
    producers: dict[str, list[Rule]] = defaultdict(list)
    for rule in RULES:
        for spec in rule.findings:
            producers[spec.code].append(rule)
            codes.setdefault(spec.code, (spec, producers[spec.code]))
    return codes


def law_reference_markdown() -> str:
    """The law page: finding codes, then one entry per rule, then what is not modelled."""
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
    lines += ["", "## Rules", ""]
    for rule in RULES:
        lines += [f"### {rule.id}", "", rule.summary, ""]
        described = rule.describe()
        lines += [
            f"- **In force**: {described['period']}",
            f"- **Confidence**: {described['confidence']} (domain facts {', '.join(rule.fact_ids)})",
            f"- **Produces**: {', '.join(f'`{c}`' for c in rule.codes) or 'no finding'}"
            + (
                f"; derives {', '.join(f'`{d}`' for d in described['derives'])}"
                if described["derives"]
                else ""
            ),
            "",
        ]
        for source in rule.sources:
            provision = source.provision
            lines += [
                f"**{provision.document.title}** ({provision.document.title_zh}), {provision.article} "
                f"— {source.period}, fact {source.fact_id}, confidence {source.confidence.value}",
                "",
                f"> {provision.text_zh}",
                "",
            ]
    lines += ["## What is not modelled", "", "| domain fact | why |", "|---|---|"]
    lines += [f"| {fact} | {why} |" for fact, why in NOT_MODELLED]
    return "\n".join(lines) + "\n"
