"""The profile as facts: exactly the fields the law's vocabulary declares, encoded."""

from __future__ import annotations

import datetime

from callcenter_rules import Policy, Profile
from callcenter_rules.facts import EVIDENCE_FIELDS, profile_facts
from callcenter_rules.law.facts import COMPANY, GIVEN

from conftest import BASE_PROFILE

DAY = datetime.date(2024, 6, 1)


def facts_of(data: dict[str, object]) -> list[dict[str, object]]:
    profile = Profile.from_dict(
        {**data, "violations": [{"party": "company", "date": "2015-01-02"}]}
    )
    return profile_facts(profile, DAY, Policy())


def test_every_fact_has_exactly_the_declared_fields() -> None:
    declared = {fact.name: set(fact.fields) for fact in GIVEN}
    optional = {n for n, f in COMPANY.fields.items() if f.optional}
    known = {
        **BASE_PROFILE,
        "foreign_equity_percent": "10",
        "foreign_investor_track_record": True,
        "foreign_investor_origin": "hong_kong",
        "false_materials_refused_on": "2023-05-01",
    }
    left = {
        "foreign_investor_track_record",
        "foreign_investor_origin",
        "false_materials_refused_on",
    }
    for data, left_out in ((known, set()), (BASE_PROFILE, left)):
        seen = set()
        for fact in facts_of(data):
            kind = str(fact["t"])
            seen.add(kind)
            fields = set(fact) - {"t"}
            assert fields == declared[kind] - left_out, kind
        assert seen == set(declared)
    assert {"foreign_investor_track_record"} <= optional


def test_unknown_evidence_is_left_out() -> None:
    # Fujian, not a municipality: its city is not known unless given (Beijing's is Beijing).
    fujian = {**BASE_PROFILE, "registered_province": "Fujian", "service_provinces": ["Fujian"]}
    unknown = {k: v for k, v in fujian.items() if k not in EVIDENCE_FIELDS}
    (company,) = [f for f in facts_of(unknown) if f["t"] == COMPANY.name]
    assert not set(EVIDENCE_FIELDS) & set(company)
    # Optional fields of the fact are the profile's evidence, and the city's group, which
    # follows from the city (known for the base profile's Beijing, a municipality).
    assert set(EVIDENCE_FIELDS) == {n for n, f in COMPANY.fields.items() if f.optional} - {
        "city_group"
    }


def test_values_are_in_the_engine_encoding() -> None:
    facts = facts_of({**BASE_PROFILE, "registered_capital_cny": "1234.567"})
    company = next(f for f in facts if f["t"] == "company")
    assert company["registered_capital_cny"] == 123456  # fen, rounded down
    context = next(f for f in facts if f["t"] == "context")
    assert context["as_of"] == 20240601
    violation = next(f for f in facts if f["t"] == "violation")
    assert violation == {"t": "violation", "index": 0, "party": "company", "date": 20150102}
