"""Properties the law states, over generated companies and days."""

from __future__ import annotations

import datetime
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from callcenter_rules import Engine, Status
from callcenter_rules.testing import activities, as_of_dates, cases, profiles

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


#: The findings of the pilots that name another authority than MIIT.
PILOT_AUTHORITIES = {
    "FOREIGN_INVESTED_AUTHORITY_SHANGHAI_FTZ": "Shanghai Communications Administration",
    "FOREIGN_INVESTED_AUTHORITY_OFFSHORE_PILOT": None,  # the province of registration
}


@given(case=cases(foreign_equity_percent=st.sampled_from(["0.01", "0.5", "30", "60", "100"])))
def test_a_foreign_invested_licence_comes_from_miit_unless_a_pilot_names_another(
    engine: Engine, case: tuple[dict[str, Any], datetime.date]
) -> None:
    profile, as_of = case
    result = engine.assess(profile, as_of=as_of)
    if result.license_type is None:
        return
    pilots = [code for code in PILOT_AUTHORITIES if code in result.codes]
    if not pilots:
        assert result.authority == "Ministry of Industry and Information Technology (MIIT)"
        return
    # Only before the pilots ended, and the authority is the one the pilot names.
    assert as_of < datetime.date(2019, 7, 30)
    if "FOREIGN_INVESTED_AUTHORITY_SHANGHAI_FTZ" in pilots:
        assert result.authority == PILOT_AUTHORITIES["FOREIGN_INVESTED_AUTHORITY_SHANGHAI_FTZ"]
    else:
        assert result.authority == (
            f"{result.profile.registered_province.name_en} Communications Administration"
        )


@given(case=cases(foreign_equity_percent=st.sampled_from(["0.01", "30", "60", "100"])))
def test_from_2022_05_01_a_foreign_invested_licence_comes_from_miit(
    engine: Engine, case: tuple[dict[str, Any], datetime.date]
) -> None:
    profile, as_of = case
    result = engine.assess(profile, as_of=as_of)
    if result.license_type is not None and as_of >= FOREIGN_TELECOM_RULES_2022:
        assert result.authority == "Ministry of Industry and Information Technology (MIIT)"
        assert "FOREIGN_INVESTED_AUTHORITY_MIIT" in result.codes


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


#: The citations' five levels, weakest first, and the verdict's three.
_ORDER = ("L", "L-M", "M", "M-H", "H")
_VERDICT = {"L": "low", "L-M": "low", "M": "medium", "M-H": "medium", "H": "high"}


@given(case=cases())
def test_the_verdict_is_high_only_when_every_deciding_finding_is(
    engine: Engine, case: tuple[dict[str, Any], datetime.date]
) -> None:
    """The verdict's confidence is the weakest of the findings it rests on: ``high`` with
    nothing listed; else each listed code is a finding of the result below high, listed
    weakest first, the weakest of them gives the verdict's, and an ineligible verdict
    lists every blocking finding below high."""
    profile, as_of = case
    result = engine.assess(profile, as_of=as_of)
    rests = result.confidence_rests_on
    assert (result.confidence.value == "high") == (rests == ())
    below: dict[str, int] = {}
    for finding in result.findings:
        level = _ORDER.index(finding.citation.confidence.value)
        if finding.citation.confidence.value != "H":
            below[finding.code] = min(level, below.get(finding.code, level))
    assert set(rests) <= set(below), (rests, below)
    if rests:
        levels = [below[code] for code in rests]
        assert levels == sorted(levels)
        assert result.confidence.value == _VERDICT[_ORDER[levels[0]]]
    if result.status is Status.INELIGIBLE:
        for finding in result.findings:
            if finding.severity.value == "blocking" and finding.code in below:
                assert finding.code in rests, finding.code
