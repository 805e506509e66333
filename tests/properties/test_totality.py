"""Any JSON-like input gives an Assessment or InvalidProfile, and nothing else."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from callcenter_rules import Assessment, Engine, InvalidProfile
from callcenter_rules.testing import cases, invalid_profiles

from conftest import BASE_PROFILE, EXAMPLE_SCALE

DAY = datetime.date(2024, 1, 1)

json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(["Beijing", "北京市", "110000", "Hong Kong", "seat_rental", "95", "domestic",
                     "2020-02-30", "1e400", "-0", "NaN", "company", "B25", "B24"]),
)  # fmt: skip
json_values = st.recursive(
    json_scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


@st.composite
def mangled_profiles(draw: st.DrawFn) -> Any:
    data = dict(BASE_PROFILE)
    for field in draw(st.lists(st.sampled_from([*BASE_PROFILE, "violations", "end_users",
                                                 "clients", "platform_location",
                                                 "foreign_equity_percent", "number_resources",
                                                 "other_value_added_services", "extra"]),
                               max_size=4)):  # fmt: skip
        if draw(st.booleans()):
            data[field] = draw(json_values)
        else:
            data.pop(field, None)
    return data


@settings(max_examples=int(400 * EXAMPLE_SCALE))
@given(data=st.one_of(mangled_profiles(), json_values))
def test_any_input_gives_an_assessment_or_invalid_profile(engine: Engine, data: Any) -> None:
    outcome: Assessment | InvalidProfile
    try:
        outcome = engine.assess(data, as_of=DAY)
    except InvalidProfile as error:
        outcome = error
    if isinstance(outcome, InvalidProfile):
        assert outcome.errors
        for path, message in outcome.errors:
            assert isinstance(path, str)
            assert message
    else:
        assert isinstance(outcome, Assessment)
    # The engine keeps working.
    assert engine.assess(BASE_PROFILE, as_of=DAY).eligible


@given(case=cases())
def test_every_valid_profile_gives_an_assessment(
    engine: Engine, case: tuple[dict[str, Any], Any]
) -> None:
    profile, as_of = case
    result = engine.assess(profile, as_of=as_of)
    assert isinstance(result, Assessment)
    assert result.as_of == as_of


@given(case=invalid_profiles())
def test_each_known_defect_is_reported_at_its_path(
    engine: Engine, case: tuple[dict[str, Any], str]
) -> None:
    data, path = case
    with pytest.raises(InvalidProfile) as caught:
        engine.assess(data, as_of=DAY)
    assert [p for p, _ in caught.value.errors] == [path], caught.value.errors
