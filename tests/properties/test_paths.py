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

from callcenter_rules import Engine, Plan, Policy, Status
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
    if status in {Status.ELIGIBLE, Status.NOT_REQUIRED}:
        # Nothing to change: one option, empty, which is the assessment itself.
        assert plan.nothing_to_change
        assert len(plan.options) == 1
        assert plan.options[0].changes == ()
        assert plan.options[0].assessment == plan.assessment
        return
    assert not plan.nothing_to_change
    keys = []
    for index, option in enumerate(plan.options):
        assert option.changes, "an ineligible company's option changes something"
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
        # Minimal: undoing any one change leaves the company ineligible or incomplete,
        # and what comes back is what the change says it lifts.
        for change in option.changes:
            undone = engine.assess(_applied(plan, index, without=change.field), as_of=as_of)
            assert undone.status is not Status.ELIGIBLE
            assert change.resolves
            assert set(change.resolves) <= set(undone.codes)
            assert change.current == plan.assessment.profile.to_dict()[change.field]
            assert change.current != change.proposed
        keys.append(frozenset((c.field, repr(c.proposed)) for c in option.changes))
    # Not dominated, and no option twice.
    assert len(set(keys)) == len(keys)
    for a in keys:
        for b in keys:
            assert not a < b, "an option includes another option's changes"
    # Best first: fewest restructures, then fewest changes.
    ranks = [(o.restructures, len(o.changes)) for o in plan.options]
    assert ranks == sorted(ranks)
    if not plan.options:
        assert plan.obstacles, "no path and no reason given"


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
