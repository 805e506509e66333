"""The explanation of an assessment: from each finding back to the input, through the
rules that fired and the facts they derived (`Assessment.explain`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final, Protocol

import attrs

from ..compile import describe_derived
from ..labels import (
    check_lang,
    pack_label,
    severity_label,
    status_label,
    type_label,
    verdict_confidence_text,
    word,
)
from ..law.licence_type import authority_names
from ..vocabulary import LicenseType, Status, VerdictConfidence
from .records import Finding, Trace

__all__ = [
    "Explained",
    "Line",
    "cite_zh",
    "conclusion",
    "derivation",
    "describe_derived_fact",
    "explain",
    "tally_text",
]


class Explained(Protocol):
    """What an explanation reads of an assessment (`Assessment` has it all)."""

    @property
    def status(self) -> Status: ...
    @property
    def findings(self) -> tuple[Finding, ...]: ...
    @property
    def trace(self) -> Trace | None: ...
    @property
    def confidence(self) -> VerdictConfidence: ...
    @property
    def confidence_rests_on(self) -> tuple[str, ...]: ...


def cite_zh(document_zh: str, article_zh: str) -> str:
    """A Chinese citation: ``电信条例第九条第二款``; an article not numbered the Chinese way
    (``B24 呼叫中心业务``) is set apart by a space."""
    if not article_zh or article_zh.startswith("第"):
        return f"{document_zh}{article_zh}"
    return f"{document_zh} {article_zh}"


#: How the explanation names the kinds of input fact.
_INPUT_KINDS: Final = {
    "en": {
        "company": "company",
        "context": "context",
        "policy": "policy",
        "service_area": "service area",
        "violation": "violation",
    },
    "zh": {
        "company": "企业",
        "context": "评估条件",
        "policy": "适用口径",
        "service_area": "服务地区",
        "violation": "违法记录",
    },
}


def describe_derived_fact(fact: Mapping[str, Any], lang: str) -> str:
    """A fact the rules derived, as a sentence fragment: ``licence: nationwide, issued by
    MIIT`` / ``许可证：跨地区，发证机关：工业和信息化部``."""
    kind = fact.get("t")
    zh = lang == "zh"
    if kind == "b24":
        return "属于呼叫中心业务（B24）" if zh else "call-center business (B24)"
    if kind == "scope":
        return f"业务种类：{fact.get('code')}" if zh else f"scope {fact.get('code')}"
    if kind == "not_required":
        return "无需许可" if zh else "no licence required"
    if kind == "licence":
        license_type = LicenseType(fact["type"])
        en, chinese = authority_names(str(fact["authority"]))
        if zh:
            return f"许可证：{type_label(license_type, lang)}，发证机关：{chinese}"
        return f"licence: {type_label(license_type, lang)}, issued by {en}"
    if kind == "authority":
        en, chinese = authority_names(str(fact["issuer"]))
        return f"发证机关：{chinese}" if zh else f"issued by {en}"
    if kind == "cap_applies":
        return "适用外资股比限制" if zh else "the foreign-equity cap applies"
    if kind == "tally":
        return tally_text(fact, lang)
    if kind == "decision":
        status = status_label(Status(fact["status"]), lang)
        return f"结论：{status}" if zh else f"decision: {status}"
    return describe_derived(fact)


def tally_text(counts: Mapping[str, Any], lang: str) -> str:
    """The findings the decision counted: ``unmet 1, unknown 0, notes 2`` /
    ``不符合1项，待补充0项，说明2项``."""
    keys = ("unmet", "unknown", "note")
    if lang == "zh":
        return "，".join(f"{word(k, lang)}{counts.get(k, 0)}项" for k in keys)
    return ", ".join(f"{word(k, lang)} {counts.get(k, 0)}" for k in keys)


@attrs.frozen
class Line:
    """One line of a derivation: how deep it sits (a rule that derived a fact another rule
    matched sits one deeper), what kind of line it is (``rule``, or ``source``, ``input``
    and ``derived`` under the rule), and its text (fields from the engine, which hold
    no user-written text)."""

    depth: int
    kind: str
    text: str


def derivation(assessment: Explained, finding: Finding, lang: str) -> list[Line]:
    """The chain of rules from the input to ``finding``: the rule that emitted it, what it
    matched, and for each derived fact it matched, the rule that derived it, and so on.

    Raises:
        ValueError: the assessment has no trace.
    """
    trace = _trace_of(assessment)
    zh = lang == "zh"
    lines: list[Line] = []

    def walk(index: int, depth: int, seen: set[int]) -> None:
        step = trace.steps[index]
        summary = (step.summary_zh or step.summary) if zh else step.summary
        lines.append(
            Line(depth, "rule", f"{word('by', lang)} {step.rule}{'：' if zh else ': '}{summary}")
        )
        source = step.source_zh if zh else step.source
        lines.append(
            Line(depth, "source", f"{word('because', lang)}{'：' if zh else ': '}{source}")
        )
        matched = step.matched_zh if zh and step.matched_zh else step.matched
        for _alias, kind, fields in matched:
            if kind not in trace.derived_types:
                name = _INPUT_KINDS[lang].get(kind, kind)
                lines.append(
                    Line(
                        depth,
                        "input",
                        f"{word('input', lang)} {name}{'：' if zh else ': '}{fields}",
                    )
                )
        derived = iter(enumerate(step.matched_derived))
        for _alias, kind, _fields in step.matched:
            if kind not in trace.derived_types:
                continue
            place, fact = next(derived, (None, None))
            if fact is None or place is None:
                continue
            lines.append(Line(depth, "derived", describe_derived_fact(fact, lang)))
            recorded = step.sources[place] if step.sources else None
            source_index = recorded if recorded is not None else trace.source_of(fact, index)
            if source_index is not None and source_index not in seen:
                walk(source_index, depth + 1, seen | {source_index})

    index = _step_of(assessment, trace, finding)
    if index is not None:
        walk(index, 0, {index})
    return lines


def _step_of(assessment: Explained, trace: Trace, finding: Finding) -> int | None:
    """The step that emitted ``finding``, as recorded while the rules fired; for a finding
    not of this assessment (or a trace without the record), found by its evidence."""
    if trace.finding_steps:
        for place, candidate in enumerate(assessment.findings):
            if candidate is finding:
                return trace.finding_steps[place]
    return trace.step_of(finding)


def _trace_of(assessment: Explained) -> Trace:
    if assessment.trace is None:
        raise ValueError("this assessment has no trace: assess(..., trace=True) to explain it")
    return assessment.trace


def conclusion(assessment: Explained, lang: str) -> str:
    """The decision, how sure it is, and the findings it counted: ``Status: eligible
    (medium confidence: rests on X; findings counted: unmet 0, unknown 0, notes 2)``."""
    trace = _trace_of(assessment)
    status = status_label(assessment.status, lang)
    counted = tally_text(trace.tally, lang)
    sure = verdict_confidence_text(assessment.confidence, assessment.confidence_rests_on, lang)
    if lang == "zh":
        return f"{word('status', lang)}：{status}（{sure}；{word('tally', lang)}：{counted}）"
    return f"{word('status', lang)}: {status} ({sure}; {word('tally', lang)}: {counted})"


def explain(assessment: Explained, lang: str = "en") -> str:
    """Why each finding of ``assessment`` holds: the chain of rules from the input to it,
    as plain text.

    Raises:
        ValueError: the assessment has no trace, or ``lang`` is not ``en`` or ``zh``.
    """
    check_lang(lang)
    _trace_of(assessment)
    zh = lang == "zh"
    lines: list[str] = []
    if not assessment.findings:
        lines.append(word("no_findings", lang))
    for finding in assessment.findings:
        message = finding.message_zh if zh else finding.message
        severity = severity_label(finding.severity, lang)
        if finding.pack is not None:  # a rule pack's finding, marked as the pack's
            severity += f"{'，' if zh else ', '}{pack_label(finding.pack, lang)}"
        lines.append(
            f"{finding.code}（{severity}）：{message}"
            if zh
            else f"{finding.code} ({severity}): {message}"
        )
        for line in derivation(assessment, finding, lang):
            lines.append(
                "    " * (line.depth + 1) + ("<- " if line.kind == "rule" else "   ") + line.text
            )
        lines.append("")
    lines.append(conclusion(assessment, lang))
    return "\n".join(lines)
