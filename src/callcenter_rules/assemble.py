"""The last step of the path: what the engine derived, as an `Assessment`.

It reads the law's own outputs (the ``decision``, ``licence`` and ``scope`` facts, declared
in `callcenter_rules.law.facts`) and renders each finding record with its message, the
citation in force on the day, and the evidence it rests on.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Final

import attrs
import orjson

from ._version import __version__
from .compile import CompiledLaw, FindingRecord
from .engine import Evaluation
from .law.citation import Severity
from .law.facts import AUTHORITY, DECISION, LICENCE, SCOPE
from .law.licence_type import authority_names
from .model import Policy, Profile, echo_field
from .packs import RulePackError
from .results import Assessment, Audit, BusinessScope, Finding, LicenseType, Status
from .trace import build_trace

__all__ = ["assemble"]

_SEVERITY_ORDER: Final = {Severity.BLOCKING: 0, Severity.WARNING: 1, Severity.INFO: 2}
_DECISION: Final = DECISION.name
_LICENCE: Final = LICENCE.name
_SCOPE: Final = SCOPE.name
_AUTHORITY: Final = AUTHORITY.name


def assemble(
    law: CompiledLaw,
    profile: Profile,
    day: datetime.date,
    evaluation: Evaluation,
    *,
    policy: Policy,
    ruleset_hash: str,
    trace: bool = False,
    configuration: Mapping[str, Any] | None = None,
) -> Assessment:
    """The assessment of ``profile`` on ``day`` from one evaluation of the compiled law."""
    decisions = {f["status"] for f in evaluation.facts if f["t"] == _DECISION}
    licences = {(f["type"], f["authority"]) for f in evaluation.facts if f["t"] == _LICENCE}
    if len(decisions) != 1 or len(licences) > 1:
        raise AssertionError(
            f"the rules reached {sorted(decisions)} decisions and {sorted(licences)} licences "
            f"for one profile; this is a defect in the ruleset"
        )
    # Who issues the licence: the licence fact's authority (Telecom Regulations Art. 9),
    # unless a rule derived another (a foreign-invested applicant before 2022 applies to MIIT).
    issuers = {f["issuer"] for f in evaluation.facts if f["t"] == _AUTHORITY}
    if len(issuers) > 1:
        raise AssertionError(f"the rules named {sorted(issuers)} as the issuing authority")
    license_type = authority = authority_zh = None
    if licences:
        kind, issuer = next(iter(licences))
        license_type = LicenseType(kind)
        authority, authority_zh = authority_names(issuers.pop() if issuers else issuer)
    scopes = frozenset(BusinessScope(f["code"]) for f in evaluation.facts if f["t"] == _SCOPE)
    echoed: dict[str, Any] = {}
    findings = [
        _render(law, record, profile, day, echoed)
        for record in evaluation.outputs
        if isinstance(record, FindingRecord)
    ]
    findings.sort(key=lambda finding: _order(law, finding))
    return Assessment(
        status=Status(decisions.pop()),
        license_type=license_type,
        authority=authority,
        authority_zh=authority_zh,
        business_scopes=scopes,
        findings=tuple(findings),
        as_of=day,
        profile=profile,
        rules_fired=tuple(law.rule_of(f.rule).id for f in evaluation.fired),
        audit=_audit(profile, day, policy, ruleset_hash, configuration),
        trace=build_trace(law, evaluation, day) if trace else None,
    )


def _audit(
    profile: Profile,
    day: datetime.date,
    policy: Policy,
    ruleset_hash: str,
    configuration: Mapping[str, Any] | None,
) -> Audit:
    """The audit record; the input hash is computed when first read."""

    def normalised() -> bytes:
        return orjson.dumps(
            {
                "profile": profile.to_dict(),
                "as_of": day.isoformat(),
                "policy": attrs.asdict(policy),
            },
            option=orjson.OPT_SORT_KEYS,
        )

    return Audit.deferred(__version__, ruleset_hash, normalised, configuration)


def _render(
    law: CompiledLaw,
    record: FindingRecord,
    profile: Profile,
    day: datetime.date,
    echoed: dict[str, Any],
) -> Finding:
    spec = law.findings[(record.rule, record.code)]
    params = record.params
    evidence: dict[str, Any] = {}
    for name in spec.evidence:
        if name not in echoed:
            echoed[name] = echo_field(profile, name)
        evidence[name] = echoed[name]
    for key, value in params.items():
        if not (key.startswith("_") or key.endswith("_zh")):
            evidence[key] = value
    pack = law.packs.get(record.rule)
    finding = Finding.deferred(
        code=spec.code,
        severity=spec.severity,
        templates=(spec.message, spec.message_zh, spec.remediation, spec.remediation_zh),
        values=params,
        citation=law.citation(record.rule, day),
        rule=record.rule,
        evidence=evidence,
        pack=pack,
    )
    if pack is not None:
        # A pack's wording is checked by no test of the law's: render it now, so that a
        # template naming a value the rule does not give fails in assess(), naming the rule,
        # rather than later, wherever the text is first read.
        try:
            for text in ("message", "message_zh", "remediation", "remediation_zh"):
                getattr(finding, text)
        except (KeyError, IndexError, ValueError, AttributeError) as error:
            raise RulePackError(
                f"rule pack {pack}, rule {record.rule}: the {text} of finding {spec.code} "
                f"cannot be filled in ({type(error).__name__}: {error})",
                f"规则包“{pack}”的规则 {record.rule}：结论 {spec.code} 的文字无法填充"
                f"（{type(error).__name__}: {error}）",
            ) from error
    return finding


def _order(law: CompiledLaw, finding: Finding) -> tuple[int, str, str, str]:
    """Blocking, warning, info; then code, rule and, for a repeatable finding, evidence."""
    repeatable = law.findings[(finding.rule, finding.code)].repeatable
    return (
        _SEVERITY_ORDER[finding.severity],
        finding.code,
        finding.rule,
        repr(sorted(finding.evidence.items())) if repeatable else "",
    )
