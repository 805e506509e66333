"""Explanations and audit records."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from hypothesis import given, settings

from callcenter_rules import Engine, Policy, assess
from callcenter_rules.engine import derived_by
from callcenter_rules.testing import cases

from conftest import BASE_PROFILE
from scenario_files import SCENARIOS, Engines, Scenario

DAY = datetime.date(2024, 1, 1)
NATIONWIDE_SHORT = {
    **BASE_PROFILE,
    "registered_capital_cny": "9000000",
    "service_provinces": ["Beijing", "Tianjin", "Hebei"],
}


def test_explain_needs_a_trace() -> None:
    result = assess(BASE_PROFILE, as_of=DAY)
    assert result.trace is None
    assert "trace" not in result.to_dict()
    with pytest.raises(ValueError, match="trace=True"):
        result.explain()


def test_explain_walks_from_the_finding_back_to_the_input() -> None:
    text = assess(NATIONWIDE_SHORT, as_of=DAY, trace=True).explain()
    block = text.split("\n\n")[0]
    assert block.startswith("CAPITAL_BELOW_MINIMUM (blocking)")
    positions = [
        block.index(rule)
        for rule in ("CAPITAL-NATIONWIDE", "LICENSE-MULTI-PROVINCE", "CATALOGUE-B24")
    ]
    assert positions == sorted(positions)
    assert "registered capital CNY 9,000,000.00" in block
    assert "3 service provinces" in block
    assert "licence: nationwide, issued by Ministry of Industry and Information Technology" in block
    assert "Art. 6(4)" in block


def test_explain_in_chinese() -> None:
    text = assess(NATIONWIDE_SHORT, as_of=DAY, trace=True).explain("zh")
    assert "注册资本900万元低于跨地区经营最低限额1000万元" in text
    assert "规则 CAPITAL-NATIONWIDE：申请跨地区许可的，注册资本不低于1000万元。" in text
    assert "许可证：跨地区，发证机关：工业和信息化部" in text
    assert "输入 企业：注册资本900万元" in text
    assert "结论：不符合条件（可信度：高；计入的结论项：不符合1项" in text
    with pytest.raises(ValueError, match="lang"):
        assess(NATIONWIDE_SHORT, as_of=DAY, trace=True).explain("fr")


def test_trace_is_in_to_dict_when_asked() -> None:
    data = assess(NATIONWIDE_SHORT, as_of=DAY, trace=True).to_dict()
    rules = [step["rule"] for step in data["trace"]["steps"]]
    assert rules[0] == "CATALOGUE-B24"
    assert rules.index("LICENSE-MULTI-PROVINCE") < rules.index("CAPITAL-NATIONWIDE")
    assert data["trace"]["tally"] == {"unmet": 1, "unknown": 0, "note": 2}
    json.dumps(data)


@pytest.mark.parametrize("scenario", SCENARIOS[::4], ids=[s.id for s in SCENARIOS[::4]])
def test_every_finding_is_explained_by_a_step(scenario: Scenario) -> None:
    engines = Engines()
    result = engines(scenario).assess(scenario.profile, as_of=scenario.as_of, trace=True)
    engines.close()
    assert result.trace is not None
    for finding in result.findings:
        index = result.trace.step_of(finding)
        assert index is not None
        assert result.trace.steps[index].rule == finding.rule
    assert [step.rule for step in result.trace.steps] == list(result.rules_fired)


def test_audit_record() -> None:
    result = assess(BASE_PROFILE, as_of=DAY)
    assert result.audit is not None
    assert result.audit.library_version
    assert len(result.audit.ruleset_hash) == 64
    # The same company spelled differently is the same normalised input.
    respelled = {**BASE_PROFILE, "registered_province": "北京市", "service_provinces": ["110000"]}
    assert assess(respelled, as_of=DAY).audit.input_hash == result.audit.input_hash  # type: ignore[union-attr]
    # Another day, another policy or another fact is another input.
    assert (
        assess(BASE_PROFILE, as_of=DAY + datetime.timedelta(days=1)).audit.input_hash
        != result.audit.input_hash
    )  # type: ignore[union-attr]
    with Engine(policy=Policy(in_house_hotline_is_b24=True)) as strict:
        other = strict.assess(BASE_PROFILE, as_of=DAY).audit
        assert other is not None
        assert other.input_hash != result.audit.input_hash
        assert other.ruleset_hash == result.audit.ruleset_hash
    assert result.to_dict()["audit"]["ruleset_hash"] == result.audit.ruleset_hash


# ---------------------------------------------------------------- recorded as the rules fire


@settings(max_examples=60)
@given(case=cases())
def test_the_trace_records_where_each_finding_and_derived_fact_came_from(
    engine: Engine, case: tuple[dict[str, Any], datetime.date]
) -> None:
    profile, as_of = case
    result = engine.assess(profile, as_of=as_of, trace=True)
    trace = result.trace
    assert trace is not None
    # Each finding's step, recorded as the rule fired, is a firing of its rule that
    # emitted its code.
    assert len(trace.finding_steps) == len(result.findings)
    for finding, index in zip(result.findings, trace.finding_steps, strict=True):
        step = trace.steps[index]
        assert (step.rule, finding.code in step.findings) == (finding.rule, True)
    # Each derived fact a step matched was derived by an earlier step, the first that
    # derived it (what comparing the facts' values finds too).
    for index, step in enumerate(trace.steps):
        assert len(step.sources) == len(step.matched_derived)
        for fact, source in zip(step.matched_derived, step.sources, strict=True):
            if fact.get("t") == "tally":  # asserted by the decision's checkpoint
                assert source is None
                continue
            assert source is not None
            assert source < index
            assert fact in trace.steps[source].derived
            assert source == trace.source_of(fact, index)


def test_derived_by_reads_the_firing_off_the_fact_id() -> None:
    assert derived_by({"id": "e7.r12.0"}) == 12
    assert derived_by({"id": "e7.3"}) is None  # given to the evaluation
    assert derived_by({"t": "tally"}) is None  # asserted by a checkpoint
