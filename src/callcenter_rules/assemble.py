"""The last step of the path: what the engine derived, as an `Assessment`.

It reads the law's own outputs (the ``decision``, ``licence`` and ``scope`` facts, declared
in `callcenter_rules.law.facts`) and renders each finding record with its message, the
citation in force on the day, and the evidence it rests on.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from typing import Any, Final

import attrs
import orjson

from ._version import __version__
from .compile import (
    CompiledLaw,
    FindingRecord,
    count_outcomes,
    describe_derived,
    describe_fact,
)
from .engine import ENGINE_FIELDS, Evaluation, derived_by
from .law.citation import CONFIDENCE_ORDER, Citation, Confidence, Severity
from .law.facts import AUTHORITY, DECISION, DERIVED, LICENCE, SCOPE
from .law.language import FindingSpec, is_wording
from .law.licence_type import authority_names
from .law.parameters import ParamRef
from .model import Licence, Policy, Profile, echo_field
from .packs import MAX_PACK_FINDINGS, check_rendered, too_many_findings
from .results import (
    Assessment,
    Audit,
    BusinessScope,
    Finding,
    LicenseType,
    Status,
    Trace,
    TraceStep,
    VerdictConfidence,
)
from .results.explain import cite_zh, describe_derived_fact
from .results.records import deferred_finding
from .results.review import Obligation, Review, obligation_state

__all__ = ["assemble", "assemble_review", "normalised_input", "normalised_review_input"]

_SEVERITY_ORDER: Final = {Severity.BLOCKING: 0, Severity.WARNING: 1, Severity.INFO: 2}
_DECISION: Final = DECISION.name
_LICENCE: Final = LICENCE.name
_SCOPE: Final = SCOPE.name
_AUTHORITY: Final = AUTHORITY.name
# Members by value, read directly (calling the enum costs more than the rest of a lookup).
_LICENCE_TYPES: Final = {member.value: member for member in LicenseType}
_SCOPES: Final = {member.value: member for member in BusinessScope}
_STATUSES: Final = {member.value: member for member in Status}
#: Each confidence's place in `CONFIDENCE_ORDER` (weakest first).
_LEVELS: Final = {level: index for index, level in enumerate(CONFIDENCE_ORDER)}


def assemble(
    law: CompiledLaw,
    profile: Profile,
    day: datetime.date,
    evaluation: Evaluation,
    *,
    policy: Policy,
    ruleset_hash: str | Callable[[], str],
    trace: bool = False,
    configuration: Mapping[str, Any] | None = None,
    normalised: bytes | None = None,
) -> Assessment:
    """The assessment of ``profile`` on ``day`` from one evaluation of the compiled law.

    ``normalised`` is `normalised_input` of the same, when the caller has it already."""
    decisions: set[str] = set()
    licences: set[tuple[str, str]] = set()
    issuers: set[str] = set()
    scope_codes: list[str] = []
    for fact in evaluation.facts:
        kind = fact["t"]
        if kind == _DECISION:
            decisions.add(fact["status"])
        elif kind == _LICENCE:
            licences.add((fact["type"], fact["authority"]))
        elif kind == _SCOPE:
            scope_codes.append(fact["code"])
        elif kind == _AUTHORITY:
            issuers.add(fact["issuer"])
    if len(decisions) != 1 or len(licences) > 1:
        raise AssertionError(
            f"the rules reached {sorted(decisions)} decisions and {sorted(licences)} licences "
            f"for one profile; this is a defect in the ruleset"
        )
    # Who issues the licence: the licence fact's authority (Telecom Regulations Art. 9),
    # unless a rule derived another (a foreign-invested applicant before 2022 applies to MIIT).
    if len(issuers) > 1:
        raise AssertionError(f"the rules named {sorted(issuers)} as the issuing authority")
    license_type = authority = authority_zh = None
    if licences:
        kind, issuer = next(iter(licences))
        license_type = _LICENCE_TYPES[kind]
        authority, authority_zh = authority_names(issuers.pop() if issuers else issuer)
    scopes = frozenset([_SCOPES[code] for code in scope_codes])
    plans = _plans(law)
    # Each finding's plan, record and citation on the day, by severity, code and rule
    # (firing order within).
    pending: list[tuple[_Plan, FindingRecord, Citation]] = []
    added: dict[str, int] = {}  # how many findings each pack has added
    for record in evaluation.outputs:
        if isinstance(record, FindingRecord):
            key = (record.rule, record.code)
            plan = plans.get(key) or _plan(law, plans, key)
            pack = plan.pack
            if pack is not None:
                added[pack] = count = added.get(pack, 0) + 1
                if count > MAX_PACK_FINDINGS:
                    raise too_many_findings(pack, record.rule)
            pending.append((plan, record, _citation_on(plan, day)))
    pending.sort(key=_plan_rank)
    rule_ids = _rule_ids(law)
    status = _STATUSES[decisions.pop()]
    confidence, rests_on = _confidence(status, pending)
    fields: dict[str, Any] = {
        "status": status,
        "license_type": license_type,
        "authority": authority,
        "authority_zh": authority_zh,
        "business_scopes": scopes,
        "as_of": day,
        "profile": profile,
        "rules_fired": tuple([rule_ids[f.rule] for f in evaluation.fired]),
        "audit": _audit(profile, day, policy, ruleset_hash, configuration, normalised),
        "confidence": confidence,
        "confidence_rests_on": rests_on,
    }
    if not trace and not added:
        # The findings are built when first read: a batch's summary, a count or a status
        # never pays for them. (A pack's are built now: their texts are checked here.)
        # (No decimal arithmetic: a caller's context changes nothing. The wording's is
        # done in the library's own, `DeferredWording`.)
        def findings() -> tuple[Finding, ...]:
            return _findings(pending, profile)[0]

        return Assessment.deferred(findings=findings, **fields)
    emitted_by: dict[int, int] = {}
    if trace:
        # The firing that emitted each finding, recorded for the trace.
        emitted_by = {
            id(output): index
            for index, firing in enumerate(evaluation.fired)
            for output in firing.consequence.outputs
        }
    built, steps = _findings(pending, profile, emitted_by)
    return Assessment(
        findings=built,
        trace=(
            attrs.evolve(build_trace(law, evaluation, day), finding_steps=steps) if trace else None
        ),
        **fields,
    )


def _findings(
    pending: list[tuple[_Plan, FindingRecord, Citation]],
    profile: Profile,
    emitted_by: Mapping[int, int] | None = None,
) -> tuple[tuple[Finding, ...], tuple[int, ...]]:
    """The findings of an assessment, in their order (blocking, warning, info; by code,
    rule, and, for a repeatable one, its evidence), and for a trace (``emitted_by``: the
    firing of each record) the step of each."""
    echoed: dict[str, Any] = {}
    ranked: list[tuple[tuple[Any, ...], Finding, int]] = []
    for plan, record, citation in pending:
        finding = _render(plan, record, citation, profile, echoed)
        rank: tuple[Any, ...] = plan.rank
        if plan.repeatable:
            rank = (*rank, repr(sorted(finding.evidence.items())))
        ranked.append((rank, finding, emitted_by[id(record)] if emitted_by else 0))
    ranked.sort(key=_first)
    return (
        tuple([finding for _, finding, _ in ranked]),
        tuple([step for _, _, step in ranked]) if emitted_by else (),
    )


def _plan_rank(item: tuple[_Plan, FindingRecord, Citation]) -> tuple[int, str, str]:
    return item[0].rank


def _confidence(
    status: Status, pending: list[tuple[_Plan, FindingRecord, Citation]]
) -> tuple[VerdictConfidence, tuple[str, ...]]:
    """How sure the verdict is, and the codes that keep it from high (weakest first, in
    finding order within a level): the lowest confidence among the deciding findings, those
    declared to decide (scope, licence type, authority, a contested classification) and,
    for an ``ineligible`` verdict, the blocking ones, for an ``incomplete`` one, the
    unknown ones. A finding's confidence is its citation's on the day assessed."""
    weakest = Confidence.HIGH
    lowest = _LEVELS[weakest]
    below: dict[str, int] = {}
    for plan, _, citation in pending:
        confidence = citation.confidence
        if confidence is Confidence.HIGH:
            continue  # neither lowers the verdict's confidence nor keeps it from high
        spec = plan.spec
        deciding = (
            spec.decides
            or (status is Status.INELIGIBLE and spec.severity is Severity.BLOCKING)
            or (status is Status.INCOMPLETE and spec.outcome == "unknown")
        )
        if not deciding:
            continue
        level = _LEVELS[confidence]
        if level < lowest:
            weakest, lowest = confidence, level
        below[spec.code] = min(level, below.get(spec.code, level))
    rests_on = tuple(sorted(below, key=lambda code: below[code]))
    return VerdictConfidence.of(weakest), rests_on


def _first(item: tuple[Any, ...]) -> Any:
    return item[0]


@attrs.frozen
class _Plan:
    """What every finding of one (rule, code) shares, worked out once per compiled law."""

    spec: FindingSpec
    templates: tuple[str, str, str | None, str | None]
    #: The citations of the rule's sources with the days each is in force (ends open as
    #: ``None``), and the one used for a day outside them all.
    citations: tuple[tuple[datetime.date | None, datetime.date | None, Citation], ...]
    fallback: Citation
    pack: str | None
    #: Blocking, warning, info; then code and rule.
    rank: tuple[int, str, str]
    repeatable: bool
    #: The last values rendered and the part of them that is evidence.
    last_params: list[tuple[Mapping[str, Any] | None, dict[str, Any]]] = attrs.field(
        factory=lambda: [(None, {})], eq=False, repr=False
    )


def _plans(law: CompiledLaw) -> dict[tuple[str, str], _Plan]:
    plans: dict[tuple[str, str], _Plan] | None = law.assembly.get("plans")
    if plans is None:
        plans = law.assembly["plans"] = {}
    return plans


def _rule_ids(law: CompiledLaw) -> dict[str, str]:
    """The rule id of each engine name (a variant's name carries its period)."""
    ids: dict[str, str] | None = law.assembly.get("rule_ids")
    if ids is None:
        ids = law.assembly["rule_ids"] = {
            name: variant.rule.id for name, variant in law.variants.items()
        }
    return ids


def _plan(law: CompiledLaw, plans: dict[tuple[str, str], _Plan], key: tuple[str, str]) -> _Plan:
    rule, _ = key
    spec = law.findings[key]
    dated = law.finding_citations.get(key) or law.citations[rule]
    citations = []
    for period, citation in dated:
        start, end = period.start, period.end
        if isinstance(start, ParamRef) or isinstance(end, ParamRef):
            raise TypeError(f"rule {rule}: a citation's period is not resolved")
        citations.append((start, end, citation))
    plan = _Plan(
        spec=spec,
        templates=(spec.message, spec.message_zh, spec.remediation, spec.remediation_zh),
        citations=tuple(citations),
        fallback=dated[0][1],
        pack=law.packs.get(rule),
        rank=(_SEVERITY_ORDER[spec.severity], spec.code, rule),
        repeatable=spec.repeatable,
    )
    plans[key] = plan
    return plan


def normalised_input(profile: Profile, day: datetime.date, policy: Policy) -> bytes:
    """The input an audit record hashes: the canonical profile, the day and the policy, as
    sorted JSON (also the key of `Engine`'s assessment cache)."""
    return orjson.dumps(
        {
            "profile": profile.to_dict(),
            "as_of": day.isoformat(),
            "policy": attrs.asdict(policy),
        },
        option=orjson.OPT_SORT_KEYS,
    )


def _audit(
    profile: Profile,
    day: datetime.date,
    policy: Policy,
    ruleset_hash: str | Callable[[], str],
    configuration: Mapping[str, Any] | None,
    normalised: bytes | None,
) -> Audit:
    """The audit record; the input hash is computed when first read."""

    def normalise() -> bytes:
        return normalised_input(profile, day, policy) if normalised is None else normalised

    return Audit.deferred(__version__, ruleset_hash, normalise, configuration)


def _render(
    plan: _Plan,
    record: FindingRecord,
    citation: Citation,
    profile: Profile,
    echoed: dict[str, Any],
) -> Finding:
    spec = plan.spec
    params = record.params
    evidence: dict[str, Any] = {}
    for name in spec.evidence:
        value = echoed.get(name, _NOT_ECHOED)
        if value is _NOT_ECHOED:
            value = echoed[name] = echo_field(profile, name)
        evidence[name] = value
    if params:
        # A rule whose values do not depend on the facts matched hands over the same
        # mapping every time: its evidence part is worked out once.
        # (One tuple, read once: safe when threads render the same rule's findings.)
        last = plan.last_params[0]
        if last[0] is not params:
            last = plan.last_params[0] = (params, _shown(params))
        evidence.update(last[1])
    pack = plan.pack
    finding = deferred_finding(
        spec.code, spec.severity, citation, record.rule, evidence, pack, (plan.templates, params)
    )
    if pack is not None:
        # A pack's wording is checked by no test of the law's: render it now, so that a
        # template naming a value the rule does not give fails in assess(), naming the rule.
        check_rendered(pack, record.rule, spec, finding)
    return finding


_NOT_ECHOED: Final = object()


def _shown(params: Mapping[str, Any]) -> dict[str, Any]:
    """The values of a finding that are evidence: not those for the wording only (a name
    starting with ``_`` or ending in ``_zh``)."""
    wording = _WORDING
    shown: dict[str, Any] = {}
    for key, value in params.items():
        only_wording = wording.get(key)
        if only_wording is None:
            only_wording = is_wording(key)
            if len(wording) < _MOST_NAMES:
                wording[key] = only_wording
        if not only_wording:
            shown[key] = value
    return shown


#: `is_wording` of each value name seen, up to `_MOST_NAMES` of them (a rule pack may add
#: names; the law's are under a hundred).
_WORDING: Final[dict[str, bool]] = {}
_MOST_NAMES: Final = 4096


# ---------------------------------------------------------------- a holder's review


def normalised_review_input(
    licence: Licence, day: datetime.date, profile: Profile | None, policy: Policy
) -> bytes:
    """The input a review's audit record hashes: the canonical licence, the day, the
    profile (if any) and the policy, as sorted JSON."""
    return orjson.dumps(
        {
            "licence": licence.to_dict(),
            "as_of": day.isoformat(),
            "profile": profile.to_dict() if profile is not None else None,
            "policy": attrs.asdict(policy),
        },
        option=orjson.OPT_SORT_KEYS,
    )


def assemble_review(
    law: CompiledLaw,
    licence: Licence,
    day: datetime.date,
    evaluation: Evaluation,
    *,
    assessment: Assessment | None,
    policy: Policy,
    ruleset_hash: str | Callable[[], str],
    configuration: Mapping[str, Any] | None = None,
) -> Review:
    """The review of ``licence`` on ``day`` from one evaluation of the compiled law: the
    records of obligation specs become `Obligation`s, the others `Finding`s (their
    evidence echoed from the licence)."""
    plans = _plans(law)
    echoed = licence.to_dict()
    ranked: list[tuple[tuple[Any, ...], Finding]] = []
    obligations: list[Obligation] = []
    for record in evaluation.outputs:
        if not isinstance(record, FindingRecord):
            continue
        key = (record.rule, record.code)
        plan = plans.get(key) or _plan(law, plans, key)
        citation = _citation_on(plan, day)
        params = record.params
        shown = _shown(params)
        if plan.spec.obligation:
            obligations.append(_obligation(plan.spec, record, citation, day, shown))
            continue
        evidence = {name: echoed.get(name) for name in plan.spec.evidence}
        evidence.update(shown)
        finding = deferred_finding(
            plan.spec.code,
            plan.spec.severity,
            citation,
            record.rule,
            evidence,
            plan.pack,
            (plan.templates, params),
        )
        ranked.append(((*plan.rank, repr(sorted(evidence.items()))), finding))
    ranked.sort(key=_first)
    rule_ids = _rule_ids(law)
    profile = assessment.profile if assessment is not None else None

    def normalise() -> bytes:
        return normalised_review_input(licence, day, profile, policy)

    return Review(
        licence=licence,
        as_of=day,
        findings=tuple([finding for _, finding in ranked]),
        obligations=tuple(obligations),
        assessment=assessment,
        rules_fired=tuple([rule_ids[f.rule] for f in evaluation.fired]),
        audit=Audit.deferred(__version__, ruleset_hash, normalise, configuration),
    )


def _citation_on(plan: _Plan, day: datetime.date) -> Citation:
    for start, end, dated in plan.citations:
        if (start is None or day >= start) and (end is None or day < end):
            return dated
    return plan.fallback


def _day_of(value: Any) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if isinstance(value, str) else None


def _obligation(
    spec: FindingSpec,
    record: FindingRecord,
    citation: Citation,
    day: datetime.date,
    shown: dict[str, Any],
) -> Obligation:
    params = record.params
    due = _day_of(params["due"])
    if due is None:
        raise AssertionError(f"rule {record.rule}: obligation {spec.code} has no due day")
    window_opens = _day_of(params.get("window_opens"))
    done_on = _day_of(params.get("done_on"))
    done = bool(params.get("done"))
    evidence = {
        name: value
        for name, value in shown.items()
        if name not in {"due", "window_opens", "done", "done_on"}
    }
    return Obligation(
        code=spec.code,
        due=due,
        window_opens=window_opens,
        state=obligation_state(day, window_opens, due, done, done_on),
        citation=citation,
        message=spec.message.format_map(params),
        message_zh=spec.message_zh.format_map(params),
        rule=record.rule,
        evidence=evidence,
        done_on=done_on,
    )


# ---------------------------------------------------------------- the trace


def build_trace(law: CompiledLaw, evaluation: Evaluation, day: datetime.date) -> Trace:
    """The trace of one evaluation: a step per firing, in firing order."""
    derived_types = frozenset(fact.name for fact in DERIVED)
    steps = []
    for firing in evaluation.fired:
        variant = law.variants[firing.rule]
        rule = variant.rule
        provision = rule.source_on(day, law.table).provision
        document = provision.document
        matched = []
        matched_zh = []
        matched_derived: list[dict[str, Any]] = []
        sources: list[int | None] = []
        for alias, fact in firing.bindings.items():
            kind = str(fact.get("t"))
            if kind in derived_types:
                content = {k: v for k, v in fact.items() if k not in ENGINE_FIELDS}
                matched_derived.append(content)
                sources.append(derived_by(fact))
                fields = describe_derived(fact)
                fields_zh = describe_derived_fact(content, "zh")
            else:
                tested = variant.tested.get(alias, ())
                fields = describe_fact(kind, fact, tested)
                fields_zh = describe_fact(kind, fact, tested, "zh")
            matched.append((alias, kind, fields))
            matched_zh.append((alias, kind, fields_zh))
        records = [o for o in firing.consequence.outputs if isinstance(o, FindingRecord)]
        steps.append(
            TraceStep(
                rule=rule.id,
                summary=variant.summary,
                source=f"{document.title} ({document.title_zh}) {provision.article}",
                source_zh=cite_zh(document.title_zh, provision.article_zh or provision.article),
                matched=tuple(matched),
                derived=tuple(dict(f) for f in firing.consequence.facts),
                findings=tuple(r.code for r in records),
                params={k: v for r in records for k, v in r.params.items() if not is_wording(k)},
                matched_derived=tuple(matched_derived),
                summary_zh=variant.summary_zh,
                matched_zh=tuple(matched_zh),
                sources=tuple(sources),
            )
        )
    return Trace(tuple(steps), count_outcomes(evaluation), derived_types)
