"""Properties of plans, stated as the law would: every path the planner offers is one the
rules accept, none asks for more than it needs, none includes another, and a company that
needs nothing is told so."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from callcenter_rules import (
    Engine,
    InvalidProfile,
    LicenseType,
    Plan,
    Policy,
    Status,
    VerdictConfidence,
)
from callcenter_rules.testing import cases

from conftest import EXAMPLE_SCALE

#: Companies far from a licence: several conditions fail at once.
TROUBLED = cases(
    registered_capital_cny=st.sampled_from(["0.01", "500000", "999999.99", "5000000"]),
    professional_staff=st.sampled_from([None, 0, 5]),
    has_technical_plan=st.sampled_from([None, False, True]),
)


@pytest.fixture(scope="module")
def planner() -> Iterator[Engine]:
    with Engine() as engine:
        yield engine


@pytest.fixture(scope="module")
def strict() -> Iterator[Engine]:
    with Engine(policy=Policy(in_house_hotline_is_b24=True)) as engine:
        yield engine


def _applied(plan: Plan, option_index: int, without: str | None = None) -> dict[str, Any]:
    data = plan.assessment.profile.to_dict()
    for change in plan.options[option_index].changes:
        if change.field != without:
            data[change.field] = change.proposed
    return data


def _check(engine: Engine, plan: Plan, as_of: datetime.date) -> None:
    status = plan.assessment.status
    sure = plan.assessment.confidence is VerdictConfidence.HIGH
    if status in {Status.ELIGIBLE, Status.NOT_REQUIRED} and sure:
        # Nothing to change: one option, empty, which is the assessment itself.
        assert plan.nothing_to_change
        assert len(plan.options) == 1
        assert plan.options[0].changes == ()
        assert plan.options[0].assessment == plan.assessment
        return
    assert not plan.nothing_to_change
    options = list(plan.options)
    if status in {Status.ELIGIBLE, Status.NOT_REQUIRED}:
        # The verdict rests on contested law: as it is first, then the settled routes.
        assert options[0].changes == ()
        assert options[0].assessment == plan.assessment
        options = options[1:]
    contested = set(plan.assessment.confidence_rests_on)
    keys = []
    for option in options:
        index = plan.options.index(option)
        assert option.changes, "a changed option changes something"
        # The option's verdict is the engine's on the changed profile, and it is eligible.
        again = engine.assess(_applied(plan, index), as_of=as_of)
        assert again.status is Status.ELIGIBLE
        assert option.assessment.status is Status.ELIGIBLE
        assert again.to_dict() == option.assessment.to_dict()
        assert option.license_type is again.license_type
        assert option.authority == again.authority
        # The day and the policy never change: only the profile does.
        assert option.assessment.as_of == as_of
        assert {c.field for c in option.changes} <= set(plan.assessment.profile.to_dict())
        assert "name" not in {c.field for c in option.changes}
        # Minimal: undoing any one change leaves the company not eligible, or brings back
        # the contested finding the option's settled route lifted; and what comes back is
        # what the change says it lifts.
        lifted = contested - set(option.assessment.confidence_rests_on)
        for change in option.changes:
            try:
                undone = engine.assess(_applied(plan, index, without=change.field), as_of=as_of)
            except InvalidProfile:
                # A change the others need to make a valid profile (a company registered
                # elsewhere leaves its old zone): it lifts nothing by itself.
                assert not change.resolves
                continue
            assert undone.status is not Status.ELIGIBLE or (
                lifted & set(undone.confidence_rests_on)
            )
            assert change.resolves
            assert set(change.resolves) <= set(undone.codes)
            assert change.current == plan.assessment.profile.to_dict()[change.field]
            assert change.current != change.proposed
        keys.append(
            (frozenset((c.field, repr(c.proposed)) for c in option.changes), frozenset(lifted))
        )
    # Not dominated among the options that reach the same, and no option twice.
    assert len({key for key, _ in keys}) == len(keys)
    for a, reached_a in keys:
        for b, reached_b in keys:
            assert not (a < b and reached_a >= reached_b), "an option includes another's changes"
    # Best first: fewest restructures, then no province swapped in, then fewest changes.
    ranks = [(o.restructures, len(o.changes)) for o in options]
    assert [r[0] for r in ranks] == sorted(r[0] for r in ranks)
    if not plan.options:
        assert plan.obstacles, "no path and no reason given"


@given(case=cases(registered_province=st.just("Beijing"), service_provinces=st.just(["Hebei"])))
@settings(max_examples=int(60 * EXAMPLE_SCALE))
def test_where_the_verdict_rests_on_one_other_province_the_plan_holds_both_settled_routes(
    planner: Engine, case: tuple[dict[str, Any], datetime.date]
) -> None:
    """Fact 3.3: serving one province other than home is contested; the plan offers a
    company registered in the province served, and the cross-regional licence with the
    capital it needs, each no longer resting on that reading."""
    profile, as_of = case
    plan = planner.plan(profile, as_of=as_of)
    rests = plan.assessment.confidence_rests_on
    if "SERVICE_OUTSIDE_HOME_PROVINCE" not in rests:
        return
    assert not plan.nothing_to_change
    routes = [
        option
        for option in plan.options
        if "SERVICE_OUTSIDE_HOME_PROVINCE" not in option.assessment.confidence_rests_on
    ]
    registered = [o for o in routes if any(c.field == "registered_province" for c in o.changes)]
    nationwide = [o for o in routes if o.license_type is LicenseType.NATIONWIDE]
    if "PLATFORM_OUTSIDE_MAINLAND" in plan.assessment.codes or plan.obstacles:
        return  # a finding no change lifts stands in every route's way
    assert registered, plan.options
    assert nationwide, plan.options
    if rests == ("SERVICE_OUTSIDE_HOME_PROVINCE",):
        # Nothing else contested: each settled route is of high confidence, unless it
        # changes something else too (dropping an activity may leave one that is B24 only
        # by agency practice, say).
        settled = {"registered_province", "registered_zone", "registered_city"}
        settled |= {"service_provinces", "registered_capital_cny"}
        for option in (*registered, *nationwide):
            if {change.field for change in option.changes} <= settled:
                assert option.confidence is VerdictConfidence.HIGH, option.changes


@settings(max_examples=int(150 * EXAMPLE_SCALE))
@given(case=cases())
def test_every_option_is_eligible_minimal_and_undominated(
    planner: Engine, case: tuple[dict[str, Any], datetime.date]
) -> None:
    profile, as_of = case
    _check(planner, planner.plan(profile, as_of=as_of), as_of)


@settings(max_examples=int(100 * EXAMPLE_SCALE))
@given(case=TROUBLED)
def test_companies_far_from_a_licence_get_verified_paths(
    planner: Engine, case: tuple[dict[str, Any], datetime.date]
) -> None:
    profile, as_of = case
    _check(planner, planner.plan(profile, as_of=as_of), as_of)


@settings(max_examples=int(40 * EXAMPLE_SCALE))
@given(case=cases(activities=st.just(["in_house_hotline"])))
def test_under_a_strict_policy_the_plan_uses_that_policy(
    strict: Engine, case: tuple[dict[str, Any], datetime.date]
) -> None:
    profile, as_of = case
    plan = strict.plan(profile, as_of=as_of)
    _check(strict, plan, as_of)
    for option in plan.options:
        again = strict.assess(option.assessment.profile, as_of=as_of)
        assert option.assessment.audit == again.audit


@settings(max_examples=int(60 * EXAMPLE_SCALE))
@given(case=cases(), more=st.sampled_from(["1000000", "10000000", "100000000"]))
def test_more_capital_never_loses_a_path(
    planner: Engine, case: tuple[dict[str, Any], datetime.date], more: str
) -> None:
    """A company with more capital has a path whenever the same company with less has one
    (capital only ever lifts findings)."""
    profile, as_of = case
    richer = {**profile, "registered_capital_cny": more}
    plan = planner.plan(profile, as_of=as_of)
    if plan.assessment.profile.registered_capital_cny > Decimal(more):
        return
    if plan.options:
        assert planner.plan(richer, as_of=as_of).options
