"""The public API: inputs, outputs, ordering and errors."""

from __future__ import annotations

import datetime
import decimal
import json
import pickle
from decimal import Decimal
from typing import Any

import pytest

import callcenter_rules
from callcenter_rules import (
    EARLIEST_SUPPORTED_DATE,
    Assessment,
    BusinessScope,
    Engine,
    LicenseType,
    Profile,
    Severity,
    Status,
    UnsupportedDate,
    assess,
)
from callcenter_rules import api as api_module
from callcenter_rules import assemble as assembly
from callcenter_rules import compile as compiler

from conftest import BASE_PROFILE

DAY = datetime.date(2024, 1, 1)


def test_public_names() -> None:
    for name in ("assess", "Engine", "Profile", "InvalidProfile", "Assessment", "Finding",
                 "Citation", "Status", "LicenseType", "BusinessScope", "Severity",
                 "UnsupportedDate"):  # fmt: skip
        assert name in callcenter_rules.__all__
        assert getattr(callcenter_rules, name)


def test_enum_values_are_the_contract() -> None:
    assert {s.value for s in Status} == {"eligible", "ineligible", "incomplete", "not_required"}
    assert {t.value for t in LicenseType} == {"nationwide", "regional"}
    assert {s.value for s in BusinessScope} == {"B24-1", "B24-2"}
    assert {s.value for s in Severity} == {"blocking", "warning", "info"}


def test_mapping_and_profile_give_the_same_assessment() -> None:
    assert assess(BASE_PROFILE, as_of=DAY) == assess(Profile.from_dict(BASE_PROFILE), as_of=DAY)


def test_eligible_only_for_status_eligible(engine: Engine) -> None:
    eligible = engine.assess(BASE_PROFILE, as_of=DAY)
    assert eligible.eligible
    assert eligible.status is Status.ELIGIBLE
    incomplete = engine.assess({**BASE_PROFILE, "professional_staff": None}, as_of=DAY)
    assert incomplete.status is Status.INCOMPLETE
    assert not incomplete.eligible


def test_findings_are_ordered_blocking_warning_info_then_code(engine: Engine) -> None:
    result = engine.assess(
        {**BASE_PROFILE, "entity_type": "branch", "registered_capital_cny": 5,
         "professional_staff": None, "activities": ["telemarketing", "outbound_calling"],
         "service_provinces": ["Hebei"]},
        as_of=DAY,
    )  # fmt: skip
    order = {Severity.BLOCKING: 0, Severity.WARNING: 1, Severity.INFO: 2}
    keys = [(order[f.severity], f.code) for f in result.findings]
    assert keys == sorted(keys)
    assert {f.severity for f in result.findings} == set(Severity)


def test_to_dict_is_json_ready(engine: Engine) -> None:
    result = engine.assess({**BASE_PROFILE, "service_provinces": ["Beijing", "上海"]}, as_of=DAY)
    data = json.loads(json.dumps(result.to_dict(), ensure_ascii=False))
    assert data["status"] == "eligible"
    assert data["license_type"] == "nationwide"
    assert data["as_of"] == "2024-01-01"
    assert data["business_scopes"] == ["B24-1"]
    assert data["profile"]["service_provinces"] == ["110000", "310000"]
    finding = data["findings"][0]
    assert set(finding) >= {"code", "severity", "message", "message_zh", "citation", "rule",
                            "evidence", "remediation", "remediation_zh"}  # fmt: skip
    assert set(finding["citation"]) >= {"document", "article", "text_zh", "fact_id", "confidence"}


def test_every_finding_is_fully_cited(engine: Engine) -> None:
    result = engine.assess(
        {**BASE_PROFILE, "registered_capital_cny": 1, "activities": ["telemarketing"]}, as_of=DAY
    )
    for finding in result.findings:
        assert finding.message
        assert finding.message_zh
        assert "{" not in finding.message
        assert "{" not in finding.message_zh
        assert finding.citation.text_zh
        assert finding.citation.fact_id
        assert finding.rule


def test_as_of_defaults_to_today() -> None:
    assert assess(BASE_PROFILE).as_of == datetime.date.today()


def test_dates_before_the_catalogue_are_unsupported() -> None:
    with pytest.raises(UnsupportedDate, match="2016-03-01"):
        assess(BASE_PROFILE, as_of=EARLIEST_SUPPORTED_DATE - datetime.timedelta(days=1))
    assert issubclass(UnsupportedDate, ValueError)
    assert assess(BASE_PROFILE, as_of=EARLIEST_SUPPORTED_DATE).as_of == EARLIEST_SUPPORTED_DATE


def test_as_of_must_be_a_date() -> None:
    with pytest.raises(TypeError):
        assess(BASE_PROFILE, as_of="2024-01-01")  # type: ignore[arg-type]
    assert assess(BASE_PROFILE, as_of=datetime.datetime(2024, 1, 1, 12)).as_of == DAY


def test_assessment_is_frozen(engine: Engine) -> None:
    result: Assessment = engine.assess(BASE_PROFILE, as_of=DAY)
    with pytest.raises(AttributeError):
        result.status = Status.INELIGIBLE  # type: ignore[misc]


def test_regional_authority_is_the_home_province(engine: Engine) -> None:
    result = engine.assess(
        {**BASE_PROFILE, "registered_province": "510000", "service_provinces": ["四川"]}, as_of=DAY
    )
    assert result.license_type is LicenseType.REGIONAL
    assert result.authority == "Sichuan Communications Administration"
    assert result.authority_zh == "四川省通信管理局"


def _hostile_context() -> decimal.Context:
    """A caller's decimal context that rounds early, upwards, and traps any rounding."""
    context = decimal.Context(prec=3, rounding=decimal.ROUND_UP)
    context.traps[decimal.Inexact] = True
    context.traps[decimal.Rounded] = True
    return context


@pytest.mark.parametrize(
    "capital", ["999999.5", "12345678.91", "9999999.999999999999999999999999", "0.01"]
)
def test_the_callers_decimal_context_changes_no_amount(capital: str) -> None:
    # Amounts are compared and shown with the library's own arithmetic: a caller that set
    # a low precision (or traps on rounding) gets the same verdict, figures and texts.
    profile = {
        **BASE_PROFILE,
        "registered_capital_cny": capital,
        "service_provinces": ["Beijing", "Hebei"],
    }
    expected = callcenter_rules.assess(profile, as_of=DAY).to_dict()
    expected_plan = callcenter_rules.plan(profile, as_of=DAY).to_dict()
    with decimal.localcontext(_hostile_context()):
        assert callcenter_rules.assess(profile, as_of=DAY).to_dict() == expected
        assert callcenter_rules.plan(profile, as_of=DAY).to_dict() == expected_plan
        assert compiler.fen(Decimal("12345678")) == 1_234_567_800
        assert compiler.equity_micro(Decimal("50.123456")) == 50_123_456


def test_a_deferred_finding_of_a_subclass_is_of_that_subclass() -> None:
    finding = callcenter_rules.assess(BASE_PROFILE, as_of=DAY).findings[0]

    class Annotated(callcenter_rules.Finding):
        pass

    made = Annotated.deferred(
        code=finding.code,
        severity=finding.severity,
        templates=("{x}", "{x}", None, None),
        values={"x": "text"},
        citation=finding.citation,
        rule=finding.rule,
        evidence={},
    )
    assert type(made) is Annotated
    assert (made.message, made.message_zh, made.remediation) == ("text", "text", None)


def test_an_audit_hash_read_by_two_threads_at_once_is_read_by_both() -> None:
    """The second thread can miss the hash slot just before the first sets it, then find
    the pending computation cleared: it must read the hash, not fail."""
    audit = callcenter_rules.assess(BASE_PROFILE, as_of=DAY).audit
    assert audit is not None
    digest = audit.input_hash  # the first thread's read
    assert callcenter_rules.Audit.__getattr__(audit, "input_hash") == digest  # the second's


# ---------------------------------------------------------------- worked out when read

#: Short of the cross-regional minimum (CAPITAL_BELOW_MINIMUM, whose wording is deferred).
SHORT = {
    **BASE_PROFILE,
    "registered_capital_cny": "2500000",
    "service_provinces": ["Beijing", "Hebei"],
}


def _capital_finding(result: callcenter_rules.Assessment) -> callcenter_rules.Finding:
    return next(f for f in result.findings if f.code == "CAPITAL_BELOW_MINIMUM")


def test_a_findings_wording_values_are_worked_out_when_its_message_is_first_read() -> None:
    finding = _capital_finding(callcenter_rules.assess(SHORT, as_of=DAY))
    _, values = object.__getattribute__(finding, "_deferred")
    assert isinstance(values, compiler.DeferredWording)
    assert "_capital_zh" not in values  # nothing worked out yet
    # The evidence is complete without them, and holds none of them.
    assert finding.evidence["shortfall_cny"] == "7,500,000.00"
    assert not any(name.startswith("_") or name.endswith("_zh") for name in finding.evidence)
    assert finding.message_zh == "注册资本250万元低于跨地区经营最低限额1000万元。"
    assert "_capital_zh" in values
    assert finding.remediation_zh is not None
    assert "750万元" in finding.remediation_zh


def test_a_finding_pickled_before_its_message_is_read_reads_the_same_after() -> None:
    before = callcenter_rules.assess(SHORT, as_of=DAY)
    copy = pickle.loads(pickle.dumps(_capital_finding(before)))
    original = _capital_finding(callcenter_rules.assess(SHORT, as_of=DAY))
    assert (copy.message, copy.message_zh, copy.remediation, copy.remediation_zh) == (
        original.message,
        original.message_zh,
        original.remediation,
        original.remediation_zh,
    )
    assert copy == original


def test_deferred_wording_refuses_a_name_that_is_evidence_or_given_twice() -> None:
    for words in ({"shortfall": "1"}, {"_note": "a", "given_zh": "b"}):
        values = compiler.DeferredWording(
            {"given_zh": "x"}, lambda match, law, w=words: w, {}, {}, "TEST-RULE"
        )
        with pytest.raises(AssertionError, match="rule TEST-RULE"):
            values["_note"]
    fine = compiler.DeferredWording({"a": 1}, lambda match, law: {"_b": 2}, {}, {}, "R")
    assert fine["a"] == 1  # given values are read without working out the rest
    assert dict(fine) == {"a": 1}
    assert pickle.loads(pickle.dumps(fine)) == {"a": 1, "_b": 2}  # complete when pickled
    assert fine["_b"] == 2
    with pytest.raises(KeyError):
        fine["_nobody_gives_this"]


def test_the_ruleset_hash_is_worked_out_when_first_read(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    real = api_module.fingerprint

    def counted(*args: Any) -> Any:
        calls.append(args[0].id)
        return real(*args)

    monkeypatch.setattr(api_module, "fingerprint", counted)
    with callcenter_rules.Engine() as engine:
        result = engine.assess(SHORT, as_of=DAY)
        assert calls == []  # building the engine and assessing hash nothing
        assert result.audit is not None
        digest = result.audit.ruleset_hash
        assert len(calls) == len(engine.rules)
        assert engine.ruleset_hash == digest
        assert engine.assess(BASE_PROFILE, as_of=DAY).audit.ruleset_hash == digest  # type: ignore[union-attr]
        assert len(calls) == len(engine.rules)  # once per engine
    # The same as a fresh engine's, and as an audit pickled before it was read.
    with callcenter_rules.Engine() as other:
        unread = other.assess(SHORT, as_of=DAY).audit
        assert pickle.loads(pickle.dumps(unread)).ruleset_hash == digest


def test_an_assessments_findings_are_built_when_first_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    built = []
    real = assembly._findings

    def counted(*args: Any) -> Any:
        built.append(1)
        return real(*args)

    monkeypatch.setattr(assembly, "_findings", counted)
    result = callcenter_rules.assess(SHORT, as_of=DAY)
    # What decides is there at once, from the records: no finding was built for it.
    assert result.status is callcenter_rules.Status.INELIGIBLE
    assert result.license_type is callcenter_rules.LicenseType.NATIONWIDE
    assert result.confidence is callcenter_rules.VerdictConfidence.HIGH
    assert built == []
    assert "CAPITAL_BELOW_MINIMUM" in result.codes
    assert result.findings is result.findings  # built once
    assert built == [1]


def test_deferred_findings_are_the_findings_a_trace_builds_at_once() -> None:
    # With trace=True the findings are built during assess(), in the same order.
    for profile in (SHORT, BASE_PROFILE, {**SHORT, "foreign_equity_percent": "60"}):
        deferred = callcenter_rules.assess(profile, as_of=DAY)
        at_once = callcenter_rules.assess(profile, as_of=DAY, trace=True)
        assert deferred == at_once
        assert [f.to_dict() for f in deferred.findings] == [f.to_dict() for f in at_once.findings]
        assert deferred.confidence_rests_on == at_once.confidence_rests_on


def test_an_assessment_pickled_before_its_findings_are_read_has_them() -> None:
    unread = callcenter_rules.assess(SHORT, as_of=DAY)
    copy = pickle.loads(pickle.dumps(unread))
    assert copy.to_dict() == callcenter_rules.assess(SHORT, as_of=DAY).to_dict()


def test_findings_read_by_two_threads_at_once_are_read_by_both() -> None:
    """As for the audit's hash: the second reader can find the pending build cleared."""
    result = callcenter_rules.assess(SHORT, as_of=DAY)
    findings = result.findings
    assert callcenter_rules.Assessment.__getattr__(result, "findings") is findings
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        result.nothing  # type: ignore[attr-defined]  # noqa: B018
