"""Within a legal period the day does not matter; results change only at declared dates."""

from __future__ import annotations

import datetime
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from callcenter_rules import Engine
from callcenter_rules.testing import LEGAL_CHANGE_DATES, profiles
from callcenter_rules.testing.strategies import LATEST_TEST_DATE

from helpers import decision

PERIODS = list(zip(LEGAL_CHANGE_DATES, [*LEGAL_CHANGE_DATES[1:], LATEST_TEST_DATE], strict=True))


def test_the_declared_dates() -> None:
    assert [d.isoformat() for d in LEGAL_CHANGE_DATES] == [
        "2016-03-01", "2017-09-01", "2019-07-30", "2020-06-01",
    ]  # fmt: skip


@st.composite
def two_days_in_one_period(draw: st.DrawFn) -> tuple[datetime.date, datetime.date]:
    start, end = draw(st.sampled_from(PERIODS))
    last = end - datetime.timedelta(days=1)
    near_edges = st.sampled_from(
        [start, start + datetime.timedelta(days=1), last - datetime.timedelta(days=1), last]
    )
    day = st.one_of(near_edges, st.dates(min_value=start, max_value=last))
    return draw(day), draw(day)


# Violations are dated relative to as_of (the three-year window moves with the day), so
# the profiles here state the record without dating it into any window: none, or unknown.
@given(profile=profiles(violations=st.sampled_from([[], None])), days=two_days_in_one_period())
def test_within_a_period_the_day_does_not_matter(
    engine: Engine, profile: dict[str, Any], days: tuple[datetime.date, datetime.date]
) -> None:
    first, second = days
    assert decision(engine.assess(profile, as_of=first)) == decision(
        engine.assess(profile, as_of=second)
    )


def test_each_declared_date_changes_some_result(engine: Engine) -> None:
    """The dates are not decoration: on each, some profile's result changes."""
    probe = {
        "name": "X", "entity_type": "limited_liability_company", "registered_capital_cny": "5000000",
        "registered_province": "Beijing", "service_provinces": ["Beijing"],
        "activities": ["telemarketing"], "foreign_equity_percent": 60,
        "professional_staff": 20, "has_premises_and_facilities": True, "has_technical_plan": True,
        "long_term_service_capability": True, "on_dishonesty_list": True,
    }  # fmt: skip
    for day in LEGAL_CHANGE_DATES[1:]:
        before = engine.assess(probe, as_of=day - datetime.timedelta(days=1))
        after = engine.assess(probe, as_of=day)
        assert decision(before) != decision(after), day
