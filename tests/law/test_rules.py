"""Every rule: cited, summarised, dated, exercised both ways by the scenarios."""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from collections.abc import Iterator

import attrs
import pytest

from callcenter_rules import Assessment, Engine, Policy, Review, Severity
from callcenter_rules.law import RULES
from callcenter_rules.law.language import Rule
from callcenter_rules.law.parameters import default_table

from scenario_files import HOLDER_SCENARIOS, SCENARIOS, Engines

#: Fact ids in the domain research (call-center-licence.md).
DOMAIN_FACTS = {
    *(f"1.{i}" for i in range(1, 10)),
    *(f"2.{i}" for i in range(1, 8)),
    *(f"3.{i}" for i in range(1, 10)),
    *(f"4.{i}" for i in range(1, 11)),
    *(f"5.{i}" for i in range(1, 6)),
    "7.1",
    "7.2",
    *(f"8.{i}" for i in range(1, 8)),
    "2.1-2.7",
}

#: Finding codes named in the public contract.
CONTRACT_CODES = {
    "SCOPE_DOMESTIC", "SCOPE_OFFSHORE", "NOT_REQUIRED", "IN_HOUSE_EXEMPTION_UNCERTAIN",
    "OTHER_CATEGORY", "LICENSE_NATIONWIDE", "LICENSE_REGIONAL", "NOT_A_COMPANY",
    "CAPITAL_BELOW_MINIMUM", "NO_PROFESSIONAL_STAFF", "NO_PREMISES_OR_FACILITIES",
    "NO_TECHNICAL_PLAN", "NO_LONG_TERM_SERVICE", "ON_DISHONESTY_LIST", "RECENT_VIOLATION",
    "PLATFORM_OUTSIDE_MAINLAND", "FOREIGN_EQUITY_OVER_CAP", "FOREIGN_CAP_EXEMPT",
    "FOREIGN_CAP_OTHER_SERVICES", "TELEMARKETING_PROHIBITED",
}  # fmt: skip

ALL_CODES = {spec.code for rule in RULES for spec in rule.findings}
TABLE = default_table()


@pytest.fixture(scope="module")
def corpus() -> Iterator[list[tuple[str, Assessment]]]:
    engines = Engines()
    yield [
        (scenario.id, engines(scenario).assess(scenario.profile, as_of=scenario.as_of))
        for scenario in SCENARIOS
        if not scenario.parameters  # the law as it is, not a draft
    ]
    engines.close()


@pytest.fixture(scope="module")
def reviews() -> Iterator[list[tuple[str, Review]]]:
    """The licence holders' scenarios, reviewed (the law as it is)."""
    engines = Engines()
    yield [
        (scenario.id, engines.review(scenario))
        for scenario in HOLDER_SCENARIOS
        if not scenario.parameters
    ]
    engines.close()


@pytest.fixture(scope="module")
def fired_in(
    corpus: list[tuple[str, Assessment]], reviews: list[tuple[str, Review]]
) -> dict[str, set[str]]:
    fired: dict[str, set[str]] = defaultdict(set)
    for scenario_id, result in [*corpus, *reviews]:
        for rule_id in result.rules_fired:
            fired[rule_id].add(scenario_id)
    return fired


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_rule_fires_in_some_scenario_and_not_in_others(
    rule: Rule, fired_in: dict[str, set[str]]
) -> None:
    assert fired_in[rule.id], f"no scenario makes {rule.id} fire"
    every = len(HOLDER_SCENARIOS) if rule.id.startswith("HOLDER-") else len(SCENARIOS)
    assert len(fired_in[rule.id]) < every, f"{rule.id} fires in every scenario"


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_rule_is_cited_summarised_and_dated(rule: Rule) -> None:
    assert re.fullmatch(r"[A-Z0-9]+(-[A-Z0-9]+)*", rule.id)
    assert rule.summary.strip().endswith(".")
    assert rule.sources
    for source in rule.sources:
        assert source.provision.document.title
        assert source.provision.document.title_zh
        assert source.provision.article.strip()
        assert re.search(r"[\u4e00-\u9fff]", source.provision.text_zh), "Chinese text missing"
        assert source.fact_id in DOMAIN_FACTS
    period = rule.period.resolve(TABLE)
    start, end = period.start, period.end
    assert start is None or end is None or start < end
    # The cited source must be in force throughout the rule's period.
    for day in filter(None, (start, end)):
        probe = day if day in period else None
        if probe is not None:
            assert probe in rule.source_on(probe, TABLE).period.resolve(TABLE)


def test_rule_ids_are_unique() -> None:
    assert len({r.id for r in RULES}) == len(RULES)


def test_every_contract_code_is_declared() -> None:
    assert CONTRACT_CODES <= ALL_CODES


def test_codes_are_upper_snake_and_unknowns_are_warnings() -> None:
    for rule in RULES:
        for spec in rule.findings:
            assert re.fullmatch(r"[A-Z0-9]+(_[A-Z0-9]+)*", spec.code)
            if spec.code.endswith("_UNKNOWN"):
                assert spec.severity is Severity.WARNING


def test_every_code_is_produced_by_some_scenario(
    corpus: list[tuple[str, Assessment]], reviews: list[tuple[str, Review]]
) -> None:
    produced = {code for _, result in corpus for code in result.codes}
    produced |= {code for _, review in reviews for code in review.codes}
    produced |= {o.code for _, review in reviews for o in review.obligations}
    assert ALL_CODES - produced == set()


def test_holder_rules_never_fire_in_an_assessment(corpus: list[tuple[str, Assessment]]) -> None:
    for scenario_id, result in corpus:
        assert not [r for r in result.rules_fired if r.startswith("HOLDER-")], scenario_id


def test_rules_fire_only_inside_their_period(corpus: list[tuple[str, Assessment]]) -> None:
    by_id = {rule.id: rule for rule in RULES}
    for scenario_id, result in corpus:
        for rule_id in result.rules_fired:
            assert result.as_of in by_id[rule_id].period.resolve(TABLE), (scenario_id, rule_id)


def test_exactly_one_decision_rule_fires(corpus: list[tuple[str, Assessment]]) -> None:
    for scenario_id, result in corpus:
        decisions = [r for r in result.rules_fired if r.startswith("DECISION-")]
        assert len(decisions) == 1, (scenario_id, decisions)


def test_findings_cite_the_source_in_force(corpus: list[tuple[str, Assessment]]) -> None:
    by_id = {rule.id: rule for rule in RULES}
    for _, result in corpus:
        for finding in result.findings:
            rule = by_id[finding.rule]
            spec = next(spec for spec in rule.findings if spec.code == finding.code)
            # A finding that cites sources of its own cites the first in force among them.
            cited = attrs.evolve(rule, sources=spec.sources) if spec.sources else rule
            source = cited.source_on(result.as_of, TABLE)
            assert result.as_of in source.period.resolve(TABLE)
            assert finding.citation.fact_id == source.fact_id
            if result.as_of < datetime.date(2017, 9, 1):
                assert "Order No. 42" not in finding.citation.document
            else:
                assert "Order No. 5," not in finding.citation.document


def test_order_5_is_cited_before_order_42(engine: Engine) -> None:
    profile = {
        "name": "X", "entity_type": "branch", "registered_capital_cny": 1,
        "registered_province": "Beijing", "service_provinces": ["Beijing"],
        "activities": ["seat_rental"],
    }  # fmt: skip
    before = engine.assess(profile, as_of=datetime.date(2017, 8, 31))
    after = engine.assess(profile, as_of=datetime.date(2017, 9, 1))
    cite = {f.code: f.citation.document for f in before.findings}
    assert "Order No. 5" in cite["NOT_A_COMPANY"]
    assert "Order No. 5" in cite["CAPITAL_BELOW_MINIMUM"]
    cite = {f.code: f.citation.document for f in after.findings}
    assert "Order No. 42" in cite["NOT_A_COMPANY"]


def test_policy_is_reported_in_the_in_house_finding(engine: Engine) -> None:
    with Engine(policy=Policy(in_house_hotline_is_b24=True)) as strict:
        profile = {
            "name": "X", "entity_type": "limited_liability_company",
            "registered_capital_cny": "5000000", "registered_province": "Beijing",
            "service_provinces": ["Beijing"], "activities": ["in_house_hotline"],
        }  # fmt: skip
        lenient = engine.assess(profile)
        strict_result = strict.assess(profile)
    (finding,) = [f for f in lenient.findings if f.code == "IN_HOUSE_EXEMPTION_UNCERTAIN"]
    assert finding.evidence["policy_in_house_hotline_is_b24"] is False
    (finding,) = [f for f in strict_result.findings if f.code == "IN_HOUSE_EXEMPTION_UNCERTAIN"]
    assert finding.evidence["policy_in_house_hotline_is_b24"] is True
