"""The public entry points: `assess` and `Engine`.

The path runs one way: input -> `Profile` (validated) -> facts -> rule engine ->
derived facts and finding records -> `Assessment`.
"""

from __future__ import annotations

import datetime
import hashlib
import itertools
import os
import threading
from collections.abc import Mapping
from typing import Any, Final

import attrs
import orjson

from ._version import __version__
from .engine import Evaluation, RuleEngine
from .facts import describe_field, profile_facts
from .law import RULES
from .law.rulebook import TALLY, FindingRecord, FindingSpec, Period, Rule, compile_rule, tally
from .law.sources import CATALOGUE_2015_IN_FORCE
from .model import Policy, Profile, echo_field, structure_profile
from .provinces import Province
from .results import (
    Assessment,
    Audit,
    BusinessScope,
    Citation,
    Finding,
    LicenseType,
    Severity,
    Status,
    Trace,
    TraceStep,
    describe_derived,
)

__all__ = ["EARLIEST_SUPPORTED_DATE", "Engine", "UnsupportedDate", "assess", "check_as_of"]

#: The first day whose law the library models (Catalogue 2015 in force).
EARLIEST_SUPPORTED_DATE: Final = CATALOGUE_2015_IN_FORCE

_MIIT: Final = ("Ministry of Industry and Information Technology (MIIT)", "工业和信息化部")
_engine_names = itertools.count(1)
#: Codes one rule can emit more than once per assessment (one per violation); their
#: findings are ordered by evidence so the order never depends on firing order.
_REPEATABLE: Final = frozenset({"RECENT_VIOLATION"})


class UnsupportedDate(ValueError):
    """``as_of`` is a day whose law the library does not model (before 2016-03-01)."""


class Engine:
    """The compiled rules, ready to assess profiles.

    Build one per process and reuse it: compiling the rules is the expensive part.
    Thread-safe (assessments are serialised). Use as a context manager, or call
    `close` to free the compiled ruleset.

    Args:
        policy: choices where the law is unsettled (see `Policy`).
    """

    def __init__(self, *, policy: Policy | None = None) -> None:
        self.policy: Final = policy if policy is not None else Policy()
        self.rules: Final[tuple[Rule, ...]] = RULES
        self._rules_by_id = {rule.id: rule for rule in RULES}
        #: Fact types the rules derive (and the tally); every other type is input.
        self._derived_types = frozenset(
            str(fact["t"]) for rule in RULES for fact in rule.derive
        ) | {TALLY}
        compiled = [compile_rule(rule) for rule in RULES]
        self._tested_fields = {
            spec.name: {a: _tested(c) for a, c in spec.when.items()} for spec in compiled
        }
        self._citations: dict[str, tuple[tuple[Period, Citation], ...]] = {
            rule.id: tuple((source.period, source.citation()) for source in rule.sources)
            for rule in RULES
        }
        self._specs: dict[tuple[str, str], FindingSpec] = {
            (rule.id, spec.code): spec for rule in RULES for spec in rule.findings
        }
        self._engine = RuleEngine(
            f"callcenter_rules_{next(_engine_names)}", compiled, checkpoints=[tally]
        )
        #: SHA-256 of the ruleset: the engine definition and every rule's metadata.
        self.ruleset_hash: Final = hashlib.sha256(
            self._engine.definition_json.encode()
            + orjson.dumps([rule.describe() for rule in RULES], option=orjson.OPT_SORT_KEYS)
        ).hexdigest()

    @property
    def closed(self) -> bool:
        """Whether `close` has been called."""
        return self._engine.closed

    def close(self) -> None:
        """Free the compiled ruleset. Idempotent; a closed engine refuses to assess."""
        self._engine.close()

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def assess(
        self,
        profile: Profile | Mapping[str, Any],
        *,
        as_of: datetime.date | None = None,
        trace: bool = False,
    ) -> Assessment:
        """Assess ``profile`` under the law in force on ``as_of`` (default: today).

        With ``trace=True`` the assessment records every rule that fired, what it matched
        and derived (``Assessment.trace``, ``explain()``, and ``to_dict()["trace"]``).

        Raises:
            InvalidProfile: the input is not a valid profile; every bad field is listed.
            UnsupportedDate: ``as_of`` is before 2016-03-01.
            TypeError: ``as_of`` is not a date.
            EngineClosed: the engine was closed.
        """
        day = check_as_of(as_of)
        company = structure_profile(profile)
        evaluation = self._engine.evaluate(profile_facts(company, day, self.policy))
        return self._assemble(company, day, evaluation, trace=trace)

    def _assemble(
        self, profile: Profile, day: datetime.date, evaluation: Evaluation, *, trace: bool = False
    ) -> Assessment:
        decisions = {f["status"] for f in evaluation.facts if f["t"] == "decision"}
        licences = {(f["type"], f["authority"]) for f in evaluation.facts if f["t"] == "licence"}
        if len(decisions) != 1 or len(licences) > 1:
            raise AssertionError(
                f"the rules reached {sorted(decisions)} decisions and {sorted(licences)} licences "
                f"for one profile; this is a defect in the ruleset"
            )
        license_type = authority = authority_zh = None
        if licences:
            kind, issuer = next(iter(licences))
            license_type = LicenseType(kind)
            authority, authority_zh = _authority(issuer)
        scopes = frozenset(BusinessScope(f["code"]) for f in evaluation.facts if f["t"] == "scope")
        echoed: dict[str, Any] = {}
        findings = [
            self._render(record, profile, day, echoed)
            for record in evaluation.outputs
            if isinstance(record, FindingRecord)
        ]
        findings.sort(key=_finding_order)
        return Assessment(
            status=Status(decisions.pop()),
            license_type=license_type,
            authority=authority,
            authority_zh=authority_zh,
            business_scopes=scopes,
            findings=tuple(findings),
            as_of=day,
            profile=profile,
            rules_fired=tuple(f.rule for f in evaluation.fired),
            audit=self._audit(profile, day),
            trace=self._trace(evaluation, day) if trace else None,
        )

    def _audit(self, profile: Profile, day: datetime.date) -> Audit:
        normalised = {
            "profile": profile.to_dict(),
            "as_of": day.isoformat(),
            "policy": attrs.asdict(self.policy),
        }
        digest = hashlib.sha256(orjson.dumps(normalised, option=orjson.OPT_SORT_KEYS)).hexdigest()
        return Audit(__version__, self.ruleset_hash, digest)

    def _trace(self, evaluation: Evaluation, day: datetime.date) -> Trace:
        steps = []
        for firing in evaluation.fired:
            rule = self._rules_by_id[firing.rule]
            source = rule.source_on(day).provision
            matched = []
            for alias, fact in firing.bindings.items():
                kind = str(fact.get("t"))
                if kind in self._derived_types:
                    fields = describe_derived(fact)
                else:
                    tested = self._tested_fields[firing.rule].get(alias, ())
                    fields = (
                        "; ".join(describe_field(f, fact[f]) for f in tested if f in fact) or "-"
                    )
                matched.append((alias, kind, fields))
            records = [o for o in firing.consequence.outputs if isinstance(o, FindingRecord)]
            steps.append(
                TraceStep(
                    rule=rule.id,
                    summary=rule.summary,
                    source=f"{source.document.title_zh} {source.article}",
                    matched=tuple(matched),
                    derived=tuple(dict(f) for f in firing.consequence.facts),
                    findings=tuple(r.code for r in records),
                    params={
                        k: v for r in records for k, v in r.params.items() if not k.startswith("_")
                    },
                )
            )
        counts = {"unmet": 0, "unknown": 0, "note": 0}
        for output in evaluation.outputs:
            if isinstance(output, FindingRecord):
                counts[output.outcome] += 1
        return Trace(tuple(steps), counts, self._derived_types)

    def _render(
        self, record: FindingRecord, profile: Profile, day: datetime.date, echoed: dict[str, Any]
    ) -> Finding:
        spec = self._specs[(record.rule, record.code)]
        params = record.params
        evidence: dict[str, Any] = {}
        for name in spec.evidence:
            if name not in echoed:
                echoed[name] = echo_field(profile, name)
            evidence[name] = echoed[name]
        for key, value in params.items():
            if not (key.startswith("_") or key.endswith("_zh")):
                evidence[key] = value
        return Finding(
            code=spec.code,
            severity=spec.severity,
            message=spec.message.format_map(params),
            message_zh=spec.message_zh.format_map(params),
            citation=self._citation(record.rule, day),
            rule=record.rule,
            evidence=evidence,
            remediation=spec.remediation.format_map(params) if spec.remediation else None,
        )

    def _citation(self, rule_id: str, day: datetime.date) -> Citation:
        dated = self._citations[rule_id]
        for period, citation in dated:
            if day in period:
                return citation
        return dated[0][1]


_SEVERITY_ORDER: Final = {Severity.BLOCKING: 0, Severity.WARNING: 1, Severity.INFO: 2}


def _finding_order(finding: Finding) -> tuple[int, str, str, str]:
    """Blocking, warning, info; then code, rule and (for repeats) the evidence."""
    return (
        _SEVERITY_ORDER[finding.severity],
        finding.code,
        finding.rule,
        repr(sorted(finding.evidence.items())) if finding.code in _REPEATABLE else "",
    )


def _tested(condition: Any) -> tuple[str, ...]:
    """The fact fields a condition tests (for the trace), in order of appearance."""
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, Mapping):
            for key, value in node.items():
                if key.startswith("$"):
                    walk(value)
                elif key != "t" and key not in found:
                    found.append(key)
        elif isinstance(node, list):
            for part in node:
                walk(part)

    walk(condition)
    return tuple(found)


def _authority(issuer: str) -> tuple[str, str]:
    if issuer == "MIIT":
        return _MIIT
    province = Province(issuer)
    return (
        f"{province.name_en} Communications Administration",
        f"{province.name_zh}通信管理局",
    )


def check_as_of(as_of: object) -> datetime.date:
    """The day an assessment is for: ``as_of`` itself, or today when it is ``None``.

    Raises:
        UnsupportedDate: ``as_of`` is before 2016-03-01.
        TypeError: ``as_of`` is not a date.
    """
    if as_of is None:
        return datetime.date.today()
    if isinstance(as_of, datetime.datetime):
        as_of = as_of.date()
    if not isinstance(as_of, datetime.date):
        raise TypeError(f"as_of must be a datetime.date, got {type(as_of).__name__}")
    if as_of < EARLIEST_SUPPORTED_DATE:
        raise UnsupportedDate(
            f"as_of {as_of.isoformat()} is before {EARLIEST_SUPPORTED_DATE.isoformat()}, when "
            "the 2015 Catalogue of Telecommunications Services took effect; earlier law is "
            "not modelled"
        )
    return as_of


_default: Engine | None = None
_default_lock = threading.Lock()
if hasattr(os, "register_at_fork"):
    # A child forked while another thread builds the default engine must not inherit the
    # lock held: fork waits for the build to finish.
    os.register_at_fork(
        before=_default_lock.acquire,
        after_in_parent=_default_lock.release,
        after_in_child=_default_lock.release,
    )


def _default_engine() -> Engine:
    global _default
    with _default_lock:
        if _default is None or _default.closed:
            _default = Engine()
        return _default


def assess(
    profile: Profile | Mapping[str, Any], *, as_of: datetime.date | None = None, trace: bool = False
) -> Assessment:
    """Assess ``profile`` with a lazily built default `Engine` (default policy).

    ``profile`` is a `Profile` or a JSON-like mapping with the profile's field
    names; ``as_of`` is the day whose law applies (default: today); ``trace=True``
    records the derivation for `Assessment.explain`.

    Raises:
        InvalidProfile: the input is not a valid profile; every bad field is listed.
        UnsupportedDate: ``as_of`` is before 2016-03-01.
    """
    return _default_engine().assess(profile, as_of=as_of, trace=trace)
