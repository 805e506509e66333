"""More of what the law asks for never makes the answer worse."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hypothesis import assume, given
from hypothesis import strategies as st

from callcenter_rules import Engine, LicenseType, Profile, Status
from callcenter_rules.model import MAX_CAPITAL_CNY
from callcenter_rules.testing import cases

from helpers import STATUS_RANK

MET = {
    "professional_staff": 20,
    "has_premises_and_facilities": True,
    "has_technical_plan": True,
    "long_term_service_capability": True,
    "on_dishonesty_list": False,
    "violations": [],
}


def worse_or_equal(before: Status, after: Status) -> bool:
    return STATUS_RANK[after] >= STATUS_RANK[before]


@given(case=cases(), extra=st.decimals(min_value=0, max_value=10**9, places=2))
def test_more_capital_never_loses_a_licence(
    engine: Engine, case: tuple[dict[str, Any], Any], extra: Decimal
) -> None:
    profile, as_of = case
    capital = Profile.from_dict(profile).registered_capital_cny
    # More capital, up to the largest amount the library accepts (below CNY 10**15).
    more = min(capital + extra, MAX_CAPITAL_CNY - Decimal("0.01"))
    richer = {**profile, "registered_capital_cny": f"{more:f}"}
    before, after = engine.assess(profile, as_of=as_of), engine.assess(richer, as_of=as_of)
    assert after.codes.count("CAPITAL_BELOW_MINIMUM") <= before.codes.count("CAPITAL_BELOW_MINIMUM")
    if before.status is Status.ELIGIBLE:
        assert after.status is Status.ELIGIBLE
    if before.status in STATUS_RANK:
        assert STATUS_RANK[after.status] <= STATUS_RANK[before.status]


@given(case=cases(), data=st.data())
def test_dropping_a_province_or_the_95_number_never_needs_a_bigger_licence(
    engine: Engine, case: tuple[dict[str, Any], Any], data: st.DataObject
) -> None:
    profile, as_of = case
    smaller = dict(profile)
    provinces = list(profile["service_provinces"])
    dropped_province = len(provinces) > 1 and data.draw(st.booleans())
    if dropped_province:
        provinces.pop(data.draw(st.integers(0, len(provinces) - 1)))
        smaller["service_provinces"] = provinces
    else:
        numbers = [n for n in profile.get("number_resources", []) if n != "95"]
        assume(numbers != profile.get("number_resources", []))
        smaller["number_resources"] = numbers
    before, after = engine.assess(profile, as_of=as_of), engine.assess(smaller, as_of=as_of)
    if before.license_type is LicenseType.REGIONAL:
        assert after.license_type is LicenseType.REGIONAL
    if dropped_province:
        assert (before.license_type is None) == (after.license_type is None)
    else:
        # A 95 access number needs the licence by itself (fact 3.4): giving it up may make
        # one unneeded, never needed.
        assert after.license_type is None or before.license_type is not None


@given(case=cases(), data=st.data())
def test_learning_that_a_condition_is_met_never_worsens_the_status(
    engine: Engine, case: tuple[dict[str, Any], Any], data: st.DataObject
) -> None:
    profile, as_of = case
    unknown = [f for f in MET if profile.get(f) is None]
    assume(unknown)
    field = data.draw(st.sampled_from(unknown))
    before = engine.assess(profile, as_of=as_of)
    after = engine.assess({**profile, field: MET[field]}, as_of=as_of)
    if before.status is Status.NOT_REQUIRED:
        assert after.status is Status.NOT_REQUIRED
    else:
        assert STATUS_RANK[after.status] <= STATUS_RANK[before.status]
        assert len([c for c in after.codes if c.endswith("_UNKNOWN")]) <= len(
            [c for c in before.codes if c.endswith("_UNKNOWN")]
        )
