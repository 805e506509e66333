"""The scenario files are the executable specification: each states what the law says."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from scenario_files import HOLDER_SCENARIOS, SCENARIOS, Engines, Scenario


@pytest.fixture(scope="module")
def engines() -> Iterator[Engines]:
    built = Engines()
    yield built
    built.close()


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.id for s in SCENARIOS])
def test_scenario(scenario: Scenario, engines: Engines) -> None:
    result = engines(scenario).assess(scenario.profile, as_of=scenario.as_of)
    expect = scenario.expect
    assert result.status.value == expect["status"]
    assert sorted(result.codes) == sorted(expect["codes"])
    if "license_type" in expect:
        actual = result.license_type.value if result.license_type else None
        assert actual == expect["license_type"]
    if "scopes" in expect:
        assert sorted(s.value for s in result.business_scopes) == sorted(expect["scopes"])
    if "authority" in expect:
        assert result.authority == expect["authority"]
    if "confidence" in expect:
        assert result.confidence.value == expect["confidence"], result.confidence_rests_on
    if "confidence_rests_on" in expect:
        assert sorted(result.confidence_rests_on) == sorted(expect["confidence_rests_on"])
    by_code = {f.code: f for f in result.findings}
    for code, text in scenario.message_contains.items():
        assert text in by_code[code].message, by_code[code].message
    for code, text in scenario.remediation_contains.items():
        assert by_code[code].remediation is not None
        assert text in by_code[code].remediation, by_code[code].remediation
    for code, expected in scenario.evidence.items():
        evidence = by_code[code].evidence
        for key, value in expected.items():
            assert evidence[key] == value, (key, evidence)
    for code, text in scenario.citation_contains.items():
        assert text in by_code[code].citation.document, by_code[code].citation
    for code, severity in scenario.severities.items():
        assert by_code[code].severity.value == severity, by_code[code]
    if scenario.plan is not None or scenario.obstacles:
        plan = engines(scenario).plan(scenario.profile, as_of=scenario.as_of)
        offered = [
            {
                "license_type": option.license_type.value if option.license_type else None,
                "changes": {change.field: change.proposed for change in option.changes},
                "confidence": option.confidence.value,
            }
            for option in plan.options
        ]
        # An expected option states its confidence when the case is about it.
        expected = scenario.plan or []
        shown = [
            {key: value for key, value in option.items() if key in wanted}
            for option, wanted in zip(offered, expected, strict=False)
        ]
        assert len(offered) == len(expected), offered
        assert shown == expected, offered
        assert [o.code for o in plan.obstacles] == scenario.obstacles
        if "nothing_to_change" in expect:
            assert plan.nothing_to_change is expect["nothing_to_change"]


@pytest.mark.parametrize("scenario", HOLDER_SCENARIOS, ids=[s.id for s in HOLDER_SCENARIOS])
def test_holder_scenario(scenario: Scenario, engines: Engines) -> None:
    result = engines.review(scenario)
    expect = scenario.expect
    assert sorted(result.codes) == sorted(expect["codes"])
    listed = [f"{o.code} {o.due.isoformat()} {o.state.value}" for o in result.obligations]
    for obligation in expect.get("obligations", []):
        assert obligation in listed, listed
    for obligation in expect.get("no_obligations", []):
        assert not any(line.startswith(obligation) for line in listed), listed
    if "blocking" in expect:
        assert result.blocking is expect["blocking"]
    by_code = {f.code: f for f in result.findings}
    for code, text in scenario.message_contains.items():
        assert text in by_code[code].message, by_code[code].message
    for code, expected in scenario.evidence.items():
        evidence = by_code[code].evidence
        for key, value in expected.items():
            assert evidence[key] == value, (key, evidence)
    for code, severity in scenario.severities.items():
        assert by_code[code].severity.value == severity, by_code[code]
    for code, text in scenario.citation_contains.items():
        cited = by_code[code].citation if code in by_code else None
        if cited is None:
            (cited,) = {o.citation for o in result.obligations if o.code == code}
        assert text in f"{cited.document} {cited.article}", cited


def test_there_are_holder_scenarios_for_each_situation_of_issue_23() -> None:
    names = " ".join(s.name for s in HOLDER_SCENARIOS)
    for situation in (
        "expiring in 60 days",
        "annual report missing on 1 April",
        "name change 40 days ago",
        "regional holder now serving two provinces",
        "B24-1 licence with offshore work",
        "95 number on a regional licence",
        "licence that expired",
    ):
        assert situation in names, situation


def test_every_scenario_names_its_source() -> None:
    for scenario in (*SCENARIOS, *HOLDER_SCENARIOS):
        assert len(scenario.source) > 20, scenario.id


def test_there_are_enough_scenarios() -> None:
    assert len(SCENARIOS) >= 40
    assert len({s.id for s in SCENARIOS}) == len(SCENARIOS), "scenario names must be unique"
