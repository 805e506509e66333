"""What an assessment is made of: each `Finding` (its texts rendered when first read),
the `Audit` record, and the `Trace` of the rules that fired."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from typing import Any, Final

import attrs
import orjson

from ..law.citation import Citation
from ..model import profile_converter
from ..vocabulary import Severity

__all__ = ["Audit", "Finding", "Trace", "TraceStep", "deferred_finding", "result_converter"]

#: The converter results are written with (the profile's, so that values read the same).
result_converter: Final = profile_converter.copy()


@attrs.frozen
class Finding:
    """One conclusion of the rules, meant for people and for machines alike."""

    #: Stable machine-readable code, e.g. ``CAPITAL_BELOW_MINIMUM``.
    code: str
    severity: Severity
    #: English message.
    message: str
    #: Chinese message.
    message_zh: str
    citation: Citation
    #: The id of the rule that produced the finding, e.g. ``CAPITAL-NATIONWIDE``.
    rule: str
    #: The input values (and derived facts) the finding rests on, JSON-ready.
    evidence: dict[str, Any] = attrs.field(hash=False)
    #: What the applicant can do about it, when something can be done.
    remediation: str | None = None
    #: The same advice in Chinese (present exactly when ``remediation`` is).
    remediation_zh: str | None = None
    #: The rule pack whose rule produced the finding (`callcenter_rules.packs`); ``None``
    #: for the law's own rules.
    pack: str | None = None
    #: For a finding whose texts are rendered when first read (`Finding.deferred`): the
    #: templates of message, message_zh, remediation, remediation_zh and their values.
    _deferred: tuple[tuple[str | None, ...], Mapping[str, Any]] | None = attrs.field(
        default=None, init=False, eq=False, hash=False, repr=False
    )

    @classmethod
    def deferred(
        cls,
        *,
        code: str,
        severity: Severity,
        templates: tuple[str, str, str | None, str | None],
        values: Mapping[str, Any],
        citation: Citation,
        rule: str,
        evidence: dict[str, Any],
        pack: str | None = None,
    ) -> Finding:
        """A finding whose texts (``message``, ``message_zh``, ``remediation``,
        ``remediation_zh``) are ``templates`` filled with ``values`` when first read: most
        assessments in a batch are stored or counted, not read, and rendering is a large
        share of an assessment's time. Equal, in every way, to the finding built with the
        rendered texts."""
        return deferred_finding(
            code, severity, citation, rule, evidence, pack, (templates, values), cls
        )

    def __getattr__(self, name: str) -> Any:
        # Reached only for an attribute not set: a deferred text, rendered once.
        index = _TEXTS.get(name)
        if index is None:
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        deferred = object.__getattribute__(self, "_deferred")
        if deferred is None:
            raise AttributeError(name)
        templates, values = deferred
        template = templates[index]
        text = None if template is None else template.format_map(values)
        object.__setattr__(self, name, text)
        return text

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data: enums as their values."""
        if type(self) is not Finding:  # a subclass may add fields: the converter knows them
            result: dict[str, Any] = result_converter.unstructure(self)
            return result
        # What the converter writes, written out: one is made per finding per output.
        citation = self.citation
        return {
            "code": self.code,
            "severity": self.severity._value_,
            "message": self.message,
            "message_zh": self.message_zh,
            "citation": {
                "document": citation.document,
                "document_zh": citation.document_zh,
                "article": citation.article,
                "text_zh": citation.text_zh,
                "fact_id": citation.fact_id,
                "confidence": citation.confidence._value_,
                "article_zh": citation.article_zh,
            },
            "rule": self.rule,
            "evidence": {name: _unstructured(value) for name, value in self.evidence.items()},
            "remediation": self.remediation,
            "remediation_zh": self.remediation_zh,
            "pack": self.pack,
        }


#: Values written as they are (the evidence is JSON-ready but for amounts and days).
_AS_IS: Final = frozenset({str, int, bool, float, type(None)})


def _unstructured(value: Any) -> Any:
    """An evidence value as the converter writes it: as it is, a list item by item, any
    other kind (an amount, a day) through the converter."""
    kind = type(value)
    if kind in _AS_IS:
        return value
    if kind is list:
        return [_unstructured(item) for item in value]
    return result_converter.unstructure(value)


#: The texts a deferred finding renders when first read, by their template's index.
_TEXTS: Final = {"message": 0, "message_zh": 1, "remediation": 2, "remediation_zh": 3}
#: The slots `Finding.deferred` fills, set through their descriptors (the class is frozen).
_DEFERRED_SETTERS: Final = tuple(
    vars(Finding)[name].__set__
    for name in ("code", "severity", "citation", "rule", "evidence", "pack", "_deferred")
)


def deferred_finding(
    code: str,
    severity: Severity,
    citation: Citation,
    rule: str,
    evidence: dict[str, Any],
    pack: str | None,
    deferred: tuple[tuple[str | None, ...], Mapping[str, Any]],
    cls: type[Finding] = Finding,
) -> Finding:
    """`Finding.deferred`, with its arguments in slot order (the assembly's hot path)."""
    finding = object.__new__(cls)
    set_code, set_severity, set_citation, set_rule, set_evidence, set_pack, set_deferred = (
        _DEFERRED_SETTERS
    )
    set_code(finding, code)
    set_severity(finding, severity)
    set_citation(finding, citation)
    set_rule(finding, rule)
    set_evidence(finding, evidence)
    set_pack(finding, pack)
    set_deferred(finding, deferred)
    return finding


@attrs.frozen
class Audit:
    """What a stored decision needs to be replayed and compared."""

    #: The callcenter-rules version that decided.
    library_version: str
    #: SHA-256 of the ruleset: the engine definition and every rule's metadata.
    ruleset_hash: str
    #: SHA-256 of the normalised input: the canonical profile, ``as_of`` and the policy.
    input_hash: str
    #: The engine's configuration: its policy, parameter overrides and rule packs
    #: (``name==version``), as `Engine.configuration` gives it.
    configuration: Mapping[str, Any] = attrs.field(factory=dict, eq=False, hash=False)
    #: For an audit whose input hash is computed when first read (`Audit.deferred`).
    _normalise: Callable[[], bytes] | None = attrs.field(
        default=None, init=False, eq=False, hash=False, repr=False
    )
    #: For an audit whose ruleset hash is computed when first read (`Audit.deferred`).
    _ruleset: Callable[[], str] | None = attrs.field(
        default=None, init=False, eq=False, hash=False, repr=False
    )

    @classmethod
    def deferred(
        cls,
        library_version: str,
        ruleset_hash: str | Callable[[], str],
        normalise: Callable[[], bytes],
        configuration: Mapping[str, Any] | None = None,
    ) -> Audit:
        """An audit whose ``input_hash`` is the SHA-256 of ``normalise()``, computed when
        first read (most assessments' audits are never read in memory), and whose
        ``ruleset_hash``, given as a function, is its result when first read. Equal to the
        audit built with both hashes."""
        audit = object.__new__(cls)
        object.__setattr__(audit, "library_version", library_version)
        if isinstance(ruleset_hash, str):
            object.__setattr__(audit, "ruleset_hash", ruleset_hash)
            object.__setattr__(audit, "_ruleset", None)
        else:
            object.__setattr__(audit, "_ruleset", ruleset_hash)
        object.__setattr__(audit, "configuration", dict(configuration or {}))
        object.__setattr__(audit, "_normalise", normalise)
        return audit

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data."""
        return {
            "library_version": self.library_version,
            "ruleset_hash": self.ruleset_hash,
            "input_hash": self.input_hash,
            # A copy all the way down: the audit shares the engine's configuration.
            "configuration": orjson.loads(orjson.dumps(self.configuration)),
        }

    def __getattr__(self, name: str) -> Any:
        if name == "ruleset_hash":
            ruleset = object.__getattribute__(self, "_ruleset")
            if ruleset is None:
                return object.__getattribute__(self, "ruleset_hash")
            digest = ruleset()
            object.__setattr__(self, "ruleset_hash", digest)
            object.__setattr__(self, "_ruleset", None)
            return digest
        if name != "input_hash":
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        normalise = object.__getattribute__(self, "_normalise")
        if normalise is None:
            # Another thread has just computed it (the hash is set before this is cleared).
            return object.__getattribute__(self, "input_hash")
        digest = hashlib.sha256(normalise()).hexdigest()
        object.__setattr__(self, "input_hash", digest)
        object.__setattr__(self, "_normalise", None)
        return digest


@attrs.frozen
class TraceStep:
    """One rule firing: what it matched and what it concluded."""

    #: The rule id.
    rule: str
    #: The rule's one-line summary.
    summary: str
    #: Where the rule comes from: the document's Chinese title and the article.
    source: str
    #: The matched facts by alias, each as "type: field value, ..." (only the fields the
    #: rule's conditions test).
    matched: tuple[tuple[str, str, str], ...]
    #: Facts the firing derived, e.g. ``{"t": "licence", "type": "nationwide", ...}``.
    derived: tuple[dict[str, Any], ...]
    #: Codes of the findings it emitted.
    findings: tuple[str, ...]
    #: The finding parameters (to tell apart two firings of one rule).
    params: dict[str, Any] = attrs.field(factory=dict, eq=False, hash=False)
    #: The source with the article named the Chinese way (第六条第（四）项).
    source_zh: str = attrs.field(default="", eq=False)
    #: The derived facts it matched, as derived (to link a step to the steps that derived
    #: its inputs).
    matched_derived: tuple[dict[str, Any], ...] = attrs.field(default=(), eq=False, hash=False)
    #: The rule's summary in Chinese.
    summary_zh: str = attrs.field(default="", eq=False)
    #: ``matched`` with the fields described in Chinese.
    matched_zh: tuple[tuple[str, str, str], ...] = attrs.field(default=(), eq=False, hash=False)
    #: For each of ``matched_derived``, the index of the step that derived it, as the
    #: engine recorded it while it ran (None: not derived by a step).
    sources: tuple[int | None, ...] = attrs.field(default=(), eq=False, hash=False)


@attrs.frozen
class Trace:
    """Every rule that fired for one assessment, in firing order."""

    steps: tuple[TraceStep, ...]
    #: The finding counts the decision rules saw: unmet, unknown, note.
    tally: dict[str, int] = attrs.field(eq=False, hash=False)
    #: Fact types that rules derive (the rest are input): how the explanation tells a
    #: derived fact, to be traced back to its rule, from an input fact.
    derived_types: frozenset[str] = attrs.field(factory=frozenset, eq=False, hash=False)
    #: The step that emitted each finding of the assessment, in the assessment's order of
    #: findings (recorded as the rules fired; empty for a trace built without them).
    finding_steps: tuple[int, ...] = attrs.field(default=(), eq=False, hash=False)

    def step_of(self, finding: Finding) -> int | None:
        """The index of the step that emitted ``finding`` (None if it is not in the trace)."""
        candidates = [
            index
            for index, step in enumerate(self.steps)
            if step.rule == finding.rule and finding.code in step.findings
        ]
        for index in candidates:
            params = self.steps[index].params
            if all(
                finding.evidence.get(k) == v for k, v in params.items() if k in finding.evidence
            ):
                return index
        return candidates[0] if candidates else None

    def source_of(self, fact: dict[str, Any], before: int) -> int | None:
        """The index of the first step before ``before`` that derived ``fact``."""
        for index, step in enumerate(self.steps[:before]):
            if any(derived == fact for derived in step.derived):
                return index
        return None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data."""
        return {
            "steps": [
                {
                    "rule": step.rule,
                    "summary": step.summary,
                    "summary_zh": step.summary_zh,
                    "source": step.source,
                    "source_zh": step.source_zh,
                    "matched": [
                        {"alias": alias, "fact": kind, "fields": fields, "fields_zh": zh}
                        for (alias, kind, fields), (_, _, zh) in zip(
                            step.matched, step.matched_zh, strict=True
                        )
                    ],
                    "derived": [dict(fact) for fact in step.derived],
                    "findings": list(step.findings),
                }
                for step in self.steps
            ],
            "tally": dict(self.tally),
        }
