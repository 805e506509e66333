"""The public strategies produce what they promise."""

from __future__ import annotations

import datetime
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from callcenter_rules import EntityType, Profile, Province
from callcenter_rules.provinces import parse_province
from callcenter_rules.testing import (
    LEGAL_CHANGE_DATES,
    activities,
    as_of_dates,
    profiles,
    province_spellings,
    provinces,
)


@given(profiles())
def test_profiles_are_valid(profile: dict[str, Any]) -> None:
    assert isinstance(Profile.from_dict(profile), Profile)


@given(
    profiles(entity_type="branch", service_provinces=st.just(["Beijing"]), professional_staff=None)
)
def test_profiles_can_be_pinned(profile: dict[str, Any]) -> None:
    assert profile["entity_type"] == EntityType.BRANCH.value
    assert profile["service_provinces"] == ["Beijing"]
    assert profile["professional_staff"] is None


@given(
    st.sampled_from(list(Province)).flatmap(lambda p: st.tuples(st.just(p), province_spellings(p)))
)
def test_every_spelling_parses_to_its_province(pair: tuple[Province, Any]) -> None:
    province, spelling = pair
    assert parse_province(spelling) is province


@given(provinces(), activities(), as_of_dates())
def test_small_strategies(province: Any, activity: str, day: datetime.date) -> None:
    assert isinstance(parse_province(province), Province)
    assert activity
    assert LEGAL_CHANGE_DATES[0] <= day


def test_unknown_knobs_are_refused() -> None:
    import pytest

    with pytest.raises(TypeError, match="colour"):
        profiles(colour="red")


@given(profiles())
def test_echo_field_matches_to_dict(profile: dict[str, Any]) -> None:
    from callcenter_rules.model import echo_field

    parsed = Profile.from_dict(profile)
    whole = parsed.to_dict()
    assert {name: echo_field(parsed, name) for name in whole} == whole
