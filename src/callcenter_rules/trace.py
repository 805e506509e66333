"""The derivation of an assessment: which rules fired, on what, deriving what; and the
explanation that walks from each finding back to the input.
"""

from __future__ import annotations

import datetime
from typing import Any, Final

from .compile import CompiledLaw, FindingRecord, describe_derived, describe_fact
from .engine import Evaluation
from .law.facts import DERIVED
from .report import LABELS
from .results import Assessment, Trace, TraceStep

__all__ = ["build_trace", "explain"]

#: Fields the engine adds to every fact.
_ENGINE_FIELDS: Final = frozenset({"sid", "id"})


def build_trace(law: CompiledLaw, evaluation: Evaluation, day: datetime.date) -> Trace:
    """The trace of one evaluation: a step per firing, in firing order."""
    derived_types = frozenset(fact.name for fact in DERIVED)
    steps = []
    for firing in evaluation.fired:
        variant = law.variants[firing.rule]
        rule = variant.rule
        source = rule.source_on(day, law.table).provision
        matched = []
        matched_derived: list[dict[str, Any]] = []
        for alias, fact in firing.bindings.items():
            kind = str(fact.get("t"))
            if kind in derived_types:
                content = {k: v for k, v in fact.items() if k not in _ENGINE_FIELDS}
                matched_derived.append(content)
                fields = describe_derived(fact)
            else:
                fields = describe_fact(kind, fact, variant.tested.get(alias, ()))
            matched.append((alias, kind, fields))
        records = [o for o in firing.consequence.outputs if isinstance(o, FindingRecord)]
        steps.append(
            TraceStep(
                rule=rule.id,
                summary=variant.summary,
                source=f"{source.document.title_zh} {source.article}",
                source_zh=f"{source.document.title_zh} {source.article_zh or source.article}",
                matched=tuple(matched),
                derived=tuple(dict(f) for f in firing.consequence.facts),
                findings=tuple(r.code for r in records),
                params={
                    k: v for r in records for k, v in r.params.items() if not k.startswith("_")
                },
                matched_derived=tuple(matched_derived),
            )
        )
    counts = {"unmet": 0, "unknown": 0, "note": 0}
    for output in evaluation.outputs:
        if isinstance(output, FindingRecord):
            counts[output.outcome] += 1
    return Trace(tuple(steps), counts, derived_types)


def explain(assessment: Assessment, lang: str = "en") -> str:
    """Why each finding of ``assessment`` holds: the chain of rules from the input to it.

    Raises:
        ValueError: the assessment has no trace, or ``lang`` is not ``en`` or ``zh``.
    """
    if lang not in LABELS:
        raise ValueError(f"lang must be 'en' or 'zh', got {lang!r}")
    trace = assessment.trace
    if trace is None:
        raise ValueError("this assessment has no trace: assess(..., trace=True) to explain it")
    words = LABELS[lang]
    lines: list[str] = []

    def walk(index: int, depth: int, seen: set[int]) -> None:
        step = trace.steps[index]
        pad = "    " * depth
        lines.append(
            f"{pad}<- {words['by']} {step.rule}: {step.summary if lang == 'en' else step.source_zh}"
        )
        if lang == "en":
            lines.append(f"{pad}     {words['because']}: {step.source}")
        for _alias, kind, fields in step.matched:
            if kind not in trace.derived_types:
                lines.append(f"{pad}     {words['input']} {kind}: {fields}")
        derived = iter(step.matched_derived)
        for _alias, kind, fields in step.matched:
            if kind not in trace.derived_types:
                continue
            lines.append(f"{pad}     {kind}: {fields}")
            fact = next(derived, None)
            source = trace.source_of(fact, index) if fact is not None else None
            if source is not None and source not in seen:
                walk(source, depth + 1, seen | {source})

    for finding in assessment.findings:
        message = finding.message_zh if lang == "zh" else finding.message
        lines.append(f"{finding.code} ({finding.severity.value}): {message}")
        index = trace.step_of(finding)
        if index is not None:
            walk(index, 1, {index})
        lines.append("")
    lines.append(
        f"{words['status']}: {assessment.status.value}  ({words['tally']}: "
        + ", ".join(f"{k} {v}" for k, v in trace.tally.items())
        + ")"
    )
    if not assessment.findings:
        lines.insert(0, words["no_findings"])
    return "\n".join(lines)
