"""The profile JSON Schema and the library agree, in both directions, on every input the
schema can judge: valid profiles, profiles with one known defect, and fields replaced by
hostile values.

What JSON Schema cannot say, and so is left out of the "library refuses => schema refuses"
direction: two spellings of one province in a list (``["Beijing", "北京市"]``), and lone
surrogates in text (not valid Unicode, so not valid JSON text either).
"""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from callcenter_rules import InvalidProfile, Profile
from callcenter_rules.provinces import UnknownProvince, parse_province
from callcenter_rules.schema import committed_schema
from callcenter_rules.testing import invalid_profiles, profiles

VALIDATOR = jsonschema.Draft202012Validator(
    committed_schema("profile"), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
)

NUMBERS = st.one_of(
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from([0, 1, 50, 100, 100.0, 99.99, 10**15, 10**15 - 1, 1e15, 999999999999999.9]),
)
_ODD_NUMBERS = ["10,000,000", "9999999,99", "12,5", "1,0000,000", "1_000_000", "1_0", "1e7",
                "1000万", "-5", "+5", ".5", "5.", " 7 ", "\t7\t", "7\n", "NaN", "Infinity", "１０",
                "0x10", "100", "100.0", "100.01", "050", "49.999999999999999999999",
                "999999999999999.99", "1000000000000000", "1" * 101, "", " ", "1 000"]  # fmt: skip
NUMERIC_STRINGS = st.one_of(
    st.sampled_from(_ODD_NUMBERS), st.from_regex(r"\A[+-]?[0-9,._]{1,20}\Z")
)
TEXT = st.text(max_size=8)
DATES = st.one_of(
    st.dates().map(str), st.sampled_from(["2020-02-30", "2020-13-01", "20200101", "2020-1-1"])
)
HOSTILE = st.one_of(
    st.none(), st.booleans(), NUMBERS, NUMERIC_STRINGS, TEXT, DATES,
    st.lists(st.one_of(NUMBERS, TEXT, st.sampled_from(["Beijing", "seat_rental", "domestic"])),
             max_size=3),
    st.dictionaries(TEXT, NUMBERS, max_size=2),
)  # fmt: skip
FIELDS = [
    "name", "entity_type", "registered_capital_cny", "registered_province", "service_provinces",
    "activities", "end_users", "clients", "platform_location", "foreign_equity_percent",
    "number_resources", "violations", "other_value_added_services", "professional_staff",
    "has_premises_and_facilities", "has_technical_plan", "long_term_service_capability",
    "on_dishonesty_list", "surprise",
]  # fmt: skip


def as_json(value: Any) -> Any:
    """What a JSON document would hold: Decimals and dates as strings, tuples as lists."""
    return json.loads(json.dumps(value, default=str))


def library_accepts(data: Any) -> bool:
    try:
        Profile.from_dict(data)
    except InvalidProfile:
        return False
    return True


def schema_accepts(data: Any) -> bool:
    return VALIDATOR.is_valid(data)


def same_province_twice(data: Any) -> bool:
    spellings = data.get("service_provinces") if isinstance(data, dict) else None
    if not isinstance(spellings, list):
        return False
    seen = []
    for spelling in spellings:
        if isinstance(spelling, int | float) and not isinstance(spelling, bool):
            # The library reads a whole number as a GB/T 2260 code (110000.0 is 110000).
            spelling = str(int(spelling)) if float(spelling).is_integer() else spelling
        try:
            province = parse_province(spelling)
        except (UnknownProvince, ValueError, TypeError):
            continue
        if province in seen:
            return True
        seen.append(province)
    return False


def check(data: Any) -> None:
    library, schema = library_accepts(data), schema_accepts(data)
    if library:
        assert schema, f"the library accepts what the schema refuses: {data!r}"
    elif not same_province_twice(data):
        assert not schema, f"the schema accepts what the library refuses: {data!r}"


@given(profiles())
def test_valid_profiles_are_valid_for_both(data: dict[str, Any]) -> None:
    data = as_json(data)
    assert library_accepts(data)
    assert schema_accepts(data), list(VALIDATOR.iter_errors(data))


@given(invalid_profiles())
def test_profiles_with_a_known_defect_are_refused_by_both(case: tuple[dict[str, Any], str]) -> None:
    check(as_json(case[0]))


@given(profiles(), st.lists(st.tuples(st.sampled_from(FIELDS), HOSTILE), min_size=1, max_size=3))
def test_hostile_values_are_judged_alike(
    data: dict[str, Any], replacements: list[tuple[str, Any]]
) -> None:
    data = as_json(data)
    for field, value in replacements:
        data[field] = value
    check(data)


PROVINCE_LIKE = st.one_of(
    st.text(
        st.sampled_from(list("BeijngShaxGuodZ -_.'’\n北京廣东東省市區0123456789")), max_size=10
    ),
    st.sampled_from(["Hong Kong", "台灣", "110000", 110000, 110000.0, 110001, 999999, "Xizang"]),
)
# The edges of every numeric range, drawn often.
EDGES = st.sampled_from(
    [0, -0.0, -1, 100, 100.0, 100.0001, 10**7, 10**7 + 1, 10**15 - 1, 10**15, 1e15, 1e16,
     999999999999999.9, 2**64]
)  # fmt: skip
FIELD_VALUES = {
    "registered_capital_cny": st.one_of(EDGES, EDGES, NUMBERS, NUMERIC_STRINGS),
    "foreign_equity_percent": st.one_of(EDGES, EDGES, NUMBERS, NUMERIC_STRINGS),
    "professional_staff": st.one_of(EDGES, EDGES, NUMBERS, NUMERIC_STRINGS, st.booleans()),
    "registered_province": PROVINCE_LIKE,
    "service_provinces": st.lists(PROVINCE_LIKE, max_size=3),
    "name": st.text(max_size=5) | st.sampled_from(["\u3000", "\x1c", "\ufeff", " a "]),
    "activities": st.lists(st.sampled_from(["seat_rental", "Seat_rental", "", "b24"]), max_size=3),
    "other_value_added_services": st.lists(
        st.sampled_from(["B21", "B24", "b21", "B99"]), max_size=3
    ),
}


@pytest.mark.parametrize("field", sorted(FIELD_VALUES))
@given(data=profiles(), draw=st.data())
def test_each_field_is_judged_alike(field: str, data: dict[str, Any], draw: st.DataObject) -> None:
    data = as_json(data)
    data[field] = draw.draw(FIELD_VALUES[field], label=field)
    check(data)


@given(profiles(), DATES | TEXT)
def test_violation_dates_are_judged_alike(data: dict[str, Any], value: str) -> None:
    data = as_json(data)
    data["violations"] = [{"party": "company", "date": value}]
    check(data)
