"""Properties the law states, over generated companies and days."""

from __future__ import annotations

import datetime
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from callcenter_rules import Engine, Status
from callcenter_rules.testing import activities, as_of_dates, profiles

FTZ_LIST_2018 = datetime.date(2018, 7, 30)
NOTICE_2020_81 = datetime.date(2020, 6, 18)
FOREIGN_TELECOM_RULES_2022 = datetime.date(2022, 5, 1)


@given(
    profile=profiles(
        registered_zone=st.sampled_from(["free_trade_zone", "shenzhen_qianhai"]),
        foreign_equity_percent=st.sampled_from(["50.01", "60", "99.99", "100"]),
    ),
    as_of=as_of_dates(min_value=FTZ_LIST_2018),
)
def test_in_a_free_trade_zone_from_2018_07_30_foreign_equity_never_blocks(
    engine: Engine, profile: dict[str, Any], as_of: datetime.date
) -> None:
    result = engine.assess(profile, as_of=as_of)
    assert "FOREIGN_EQUITY_OVER_CAP" not in result.codes


@given(
    profile=profiles(
        activities=st.lists(activities(), max_size=3)
        .map(lambda a: ["telemarketing", *a])
        .map(lambda a: list(dict.fromkeys(a)))
    ),
    as_of=as_of_dates(min_value=NOTICE_2020_81),
)
def test_telemarketing_after_the_notice_is_never_eligible(
    engine: Engine, profile: dict[str, Any], as_of: datetime.date
) -> None:
    result = engine.assess(profile, as_of=as_of)
    assert result.status is Status.INELIGIBLE
    assert "TELEMARKETING_PROHIBITED" in result.codes


@given(
    profile=profiles(),
    as_of=as_of_dates(max_value=FOREIGN_TELECOM_RULES_2022 - datetime.timedelta(days=1)),
)
def test_before_2022_a_foreign_invested_licence_comes_from_miit(
    engine: Engine, profile: dict[str, Any], as_of: datetime.date
) -> None:
    result = engine.assess(profile, as_of=as_of)
    if result.license_type is not None and result.profile.foreign_equity_percent > 0:
        assert result.authority == "Ministry of Industry and Information Technology (MIIT)"


@given(profile=profiles(), as_of=as_of_dates())
def test_serving_one_other_province_alone_never_blocks(
    engine: Engine, profile: dict[str, Any], as_of: datetime.date
) -> None:
    """Fact 3.3 is uncertain: serving one province other than home is a warning, and the
    same company serving its home province instead gets the same blocking findings."""
    result = engine.assess(profile, as_of=as_of)
    if "SERVICE_OUTSIDE_HOME_PROVINCE" not in result.codes:
        return
    at_home = {**profile, "service_provinces": [profile["registered_province"]]}
    home = engine.assess(at_home, as_of=as_of)

    def blocking(assessment: Any) -> list[str]:
        return sorted(f.code for f in assessment.findings if f.severity.value == "blocking")

    assert blocking(result) == blocking(home)
