"""What must not matter: list order, the company's name, how a province is spelled."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from callcenter_rules import Engine, Profile
from callcenter_rules.testing import cases, names, province_spellings

from helpers import decision

LIST_FIELDS = (
    "service_provinces", "activities", "end_users", "clients", "number_resources",
    "violations", "other_value_added_services",
)  # fmt: skip


@given(case=cases(), data=st.data())
def test_permuting_lists_changes_nothing(
    engine: Engine, case: tuple[dict[str, Any], Any], data: st.DataObject
) -> None:
    profile, as_of = case
    shuffled = dict(profile)
    for field in LIST_FIELDS:
        if isinstance(profile.get(field), list):
            shuffled[field] = data.draw(st.permutations(profile[field]))
    assert decision(engine.assess(shuffled, as_of=as_of)) == decision(
        engine.assess(profile, as_of=as_of)
    )


@given(case=cases(), name=names(max_size=60))
def test_renaming_the_company_changes_nothing(
    engine: Engine, case: tuple[dict[str, Any], Any], name: str
) -> None:
    profile, as_of = case
    before = engine.assess(profile, as_of=as_of)
    after = engine.assess({**profile, "name": name}, as_of=as_of)
    assert decision(after) == decision(before)
    assert after.profile.name == name


@given(case=cases(), data=st.data())
def test_respelling_provinces_changes_nothing(
    engine: Engine, case: tuple[dict[str, Any], Any], data: st.DataObject
) -> None:
    profile, as_of = case
    canonical = Profile.from_dict(profile)
    respelled = {
        **profile,
        "registered_province": data.draw(province_spellings(canonical.registered_province)),
        "service_provinces": [
            data.draw(province_spellings(p)) for p in canonical.service_provinces
        ],
    }
    before, after = engine.assess(profile, as_of=as_of), engine.assess(respelled, as_of=as_of)
    assert decision(after) == decision(before)
    assert after.profile == before.profile  # the canonical echo is the same too


def test_the_three_spellings_of_beijing() -> None:
    base = {
        "name": "X", "entity_type": "limited_liability_company", "registered_capital_cny": 5000000,
        "activities": ["seat_rental"],
    }  # fmt: skip
    with Engine() as engine:
        results = {
            spelling: decision(
                engine.assess(
                    {**base, "registered_province": spelling, "service_provinces": [spelling]}
                )
            )
            for spelling in ("北京市", "Beijing", "110000")
        }
    assert len(set(results.values())) == 1
