"""Within a legal period the day does not matter; results change only at declared dates."""

from __future__ import annotations

import datetime
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from callcenter_rules import Engine, InvalidProfile
from callcenter_rules.testing import LEGAL_CHANGE_DATES, profiles
from callcenter_rules.testing.strategies import LATEST_TEST_DATE

from helpers import decision

PERIODS = list(zip(LEGAL_CHANGE_DATES, [*LEGAL_CHANGE_DATES[1:], LATEST_TEST_DATE], strict=True))


def test_the_declared_dates() -> None:
    assert [d.isoformat() for d in LEGAL_CHANGE_DATES] == [
        "2016-03-01",  # the 2015 catalogue: the first day modelled
        "2016-05-05",  # ten more service-outsourcing demonstration cities
        "2017-04-01",  # seven more pilot free-trade zones (which profiles are valid)
        "2017-07-28",  # the 2017 guidance catalogue caps foreign equity (citation)
        "2017-09-01",  # Order 42 replaces Order No. 5
        "2018-07-28",  # the 2018 negative list caps foreign equity (citation)
        "2018-07-30",  # the 2018 FTZ list: no cap in free-trade zones; the Shanghai pilot ends
        "2018-10-16",  # Hainan becomes a pilot free-trade zone
        "2019-07-30",  # the 2019 negative list: no cap for call centers; the offshore pilot ends
        "2019-08-30",  # six more pilot free-trade zones
        "2020-06-18",  # 工信部信管〔2020〕81号
        "2020-09-24",  # three more pilot free-trade zones
        "2022-05-01",  # the 2022 foreign-invested telecom rules
        "2023-11-01",  # the Xinjiang pilot free-trade zone
        "2024-10-23",  # the 2024 opening pilot
        "2024-11-01",  # the 2024 negative list (citation)
        "2025-03-01",  # CEPA's Amendment Agreement II
        "2025-05-01",  # the day after the sources reach
        "2027-12-08",  # more than a year after the review
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


# Violations and a refusal for false materials are dated relative to as_of (the windows
# move with the day), so the profiles here state the record without dating it into any
# window: no violations or unknown, and no refusal.
@given(
    profile=profiles(violations=st.sampled_from([[], None]), false_materials_refused_on=None),
    days=two_days_in_one_period(),
)
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
    {**PROBE, "registered_province": "Shanghai", "registered_zone": "free_trade_zone"},
    {**PROBE, "registered_zone": "hainan_free_trade_port"},
    # An offshore call center in a city named a demonstration city in 2016; a Hong Kong
    # investor holding B25 (CEPA's 2025 amendment).
    {
        **PROBE, "registered_province": "Fujian", "service_provinces": ["Fujian"],
        "registered_city": "fuzhou", "end_users": ["overseas"], "clients": ["overseas"],
    },
    {**PROBE, "foreign_investor_origin": "hong_kong", "other_value_added_services": ["B25"]},
    # A free-trade zone in each province whose first zone opened on a day assessed.
    *(
        {**PROBE, "registered_province": p, "service_provinces": [p],
         "registered_zone": "free_trade_zone"}
        for p in ("Liaoning", "Hainan", "Shandong", "Beijing", "Xinjiang")
    ),
]  # fmt: skip


def findings_and_citations(engine: Engine, probe: dict[str, Any], day: datetime.date) -> Any:
    try:
        result = engine.assess(probe, as_of=day)
    except InvalidProfile as error:  # a zone that did not exist yet
        return error.errors
    return (decision(result), tuple(f.citation for f in result.findings))


def test_each_declared_date_changes_some_result(engine: Engine) -> None:
    """The dates are not decoration: on each, some profile's result (or the law cited, or
    whether the profile can be registered where it says) changes."""
    for day in LEGAL_CHANGE_DATES[1:]:
        before = day - datetime.timedelta(days=1)
        changed = [
            findings_and_citations(engine, probe, before)
            != findings_and_citations(engine, probe, day)
            for probe in PROBES
        ]
        assert any(changed), day
