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
        "2016-03-01",  # the 2015 catalogue: the first day modelled
        "2017-07-28",  # the 2017 guidance catalogue caps foreign equity (citation)
        "2017-09-01",  # Order 42 replaces Order No. 5
        "2018-07-28",  # the 2018 negative list caps foreign equity (citation)
        "2018-07-30",  # the 2018 FTZ list: no cap in free-trade zones
        "2019-07-30",  # the 2019 negative list: no cap for call centers
        "2020-06-18",  # 工信部信管〔2020〕81号
        "2022-05-01",  # the 2022 foreign-invested telecom rules
        "2024-10-23",  # the 2024 opening pilot
        "2026-12-01",  # the day after the law was last reviewed
        "2027-12-01",  # more than a year after it
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


PROBE = {
    "name": "X", "entity_type": "limited_liability_company", "registered_capital_cny": "5000000",
    "registered_province": "Hainan", "service_provinces": ["Hainan"],
    "activities": ["telemarketing"], "foreign_equity_percent": 60,
    "professional_staff": 20, "has_premises_and_facilities": True, "has_technical_plan": True,
    "long_term_service_capability": True, "on_dishonesty_list": True,
    "other_value_added_services": ["B21"],
}  # fmt: skip
PROBES = [
    PROBE,
    {**PROBE, "registered_province": "Beijing", "service_provinces": ["Beijing"]},
    {**PROBE, "registered_zone": "free_trade_zone"},
    {**PROBE, "registered_zone": "hainan_free_trade_port"},
]


def findings_and_citations(result: Any) -> tuple[Any, ...]:
    return (decision(result), tuple(f.citation for f in result.findings))


def test_each_declared_date_changes_some_result(engine: Engine) -> None:
    """The dates are not decoration: on each, some profile's result (or the law cited)
    changes."""
    for day in LEGAL_CHANGE_DATES[1:]:
        changed = [
            findings_and_citations(engine.assess(probe, as_of=day - datetime.timedelta(days=1)))
            != findings_and_citations(engine.assess(probe, as_of=day))
            for probe in PROBES
        ]
        assert any(changed), day
