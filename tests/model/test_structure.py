"""Numbers are read exactly or refused with a message that says why; nothing but
`InvalidProfile` escapes, whatever the input."""

from __future__ import annotations

import datetime
import math
from decimal import Decimal
from typing import Any

import pytest

from callcenter_rules import Engine, InvalidProfile, Profile, Status
from callcenter_rules.json_input import loads

from conftest import BASE_PROFILE

DAY = datetime.date(2024, 6, 1)
NATIONWIDE = {**BASE_PROFILE, "service_provinces": ["Beijing", "Tianjin"]}


def error_at(field: str, value: Any) -> str:
    with pytest.raises(InvalidProfile) as caught:
        Profile.from_dict({**BASE_PROFILE, field: value})
    errors = dict(caught.value.errors)
    assert field in errors, caught.value.errors
    return errors[field]


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("10,000,000", "10000000"),
        ("1,000,000.50", "1000000.50"),
        ("999,999,999,999,999.99", "999999999999999.99"),
        ("1_000_000", "1000000"),
        (" 1000000 ", "1000000"),
        ("+5.", "5"),
        (".5", "0.5"),
        ("0", "0"),
    ],
)
def test_well_formed_amounts_are_read_exactly(text: str, amount: str) -> None:
    profile = Profile.from_dict({**BASE_PROFILE, "registered_capital_cny": text})
    assert profile.registered_capital_cny == Decimal(amount)


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        # Read as 999,999,999 in 0.1.0: a confident nationwide "eligible".
        ("9999999,99", "for a fraction write 9999999.99"),
        ("12,5", "for a fraction write 12.5"),
        ("1,0000,000", "groups of three digits"),
        ("10,000,00", "groups of three digits"),
        ("1_0", "groups of three digits"),
        ("1000万", "write 10000000"),
        ("1000 万元", "write 10000000"),
        ("1.5亿", "write 150000000"),
        ("一千万", "e.g. 10000000 for 1000万"),
        ("CNY 1000000", "without a currency"),
        ("1000000元", "without a currency"),
        ("1e7", "without an exponent"),
        ("-5", "must not be negative"),
        ("NaN", "finite"),
        ("Infinity", "finite"),
        ("1000000000000000", "more than 15 digits"),
        ("１０００", "digits 0-9"),
        ("1" * 101, "too long"),
        ("abc", "such as 1,000,000.00"),
    ],
)
def test_ambiguous_or_malformed_amounts_are_refused_with_a_hint(text: str, hint: str) -> None:
    assert hint in error_at("registered_capital_cny", text)


def test_a_decimal_comma_no_longer_makes_a_company_eligible(engine: Engine) -> None:
    with pytest.raises(InvalidProfile):
        engine.assess({**NATIONWIDE, "registered_capital_cny": "9999999,99"}, as_of=DAY)


@pytest.mark.parametrize(
    "amount",
    [
        "9999999.999999999999999999999999",  # 31 digits: rounded up to 10**7 in 0.1.0
        "9999999.9999999999999999999999999999999999999999999999999",
        Decimal("9999999.9999999999999999999999999999"),
    ],
)
def test_no_rounding_before_the_threshold_whatever_the_digits(
    engine: Engine, amount: str | Decimal
) -> None:
    result = engine.assess({**NATIONWIDE, "registered_capital_cny": amount}, as_of=DAY)
    assert result.status is Status.INELIGIBLE
    assert "CAPITAL_BELOW_MINIMUM" in result.codes


def test_a_json_number_is_a_decimal_not_a_float(engine: Engine) -> None:
    # As a float, 9999999.9999999999999999 is exactly 10000000.0.
    data = loads('{"registered_capital_cny": 9999999.9999999999999999}')
    assert data["registered_capital_cny"] == Decimal("9999999.9999999999999999")
    result = engine.assess({**NATIONWIDE, **data}, as_of=DAY)
    assert "CAPITAL_BELOW_MINIMUM" in result.codes


def test_foreign_equity_a_hair_over_the_cap_is_over_it(engine: Engine) -> None:
    equity = "50." + "0" * 40 + "1"
    result = engine.assess(
        {**BASE_PROFILE, "foreign_equity_percent": equity}, as_of=datetime.date(2019, 1, 1)
    )
    assert "FOREIGN_EQUITY_OVER_CAP" in result.codes


def test_a_vanishingly_small_amount_is_exact_and_cheap(engine: Engine) -> None:
    tiny = Decimal("1e-999999999")
    result = engine.assess({**BASE_PROFILE, "registered_capital_cny": tiny}, as_of=DAY)
    assert "CAPITAL_BELOW_MINIMUM" in result.codes
    assert result.to_dict()["profile"]["registered_capital_cny"] == "1E-999999999"


HUGE = 10**5000


@pytest.mark.parametrize(
    ("field", "value", "fragment"),
    [
        ("registered_capital_cny", HUGE, "out of range"),
        ("registered_capital_cny", -HUGE, "must not be negative"),
        ("registered_capital_cny", Decimal("1e999999999"), "out of range"),
        ("registered_capital_cny", 10**15, "out of range"),
        ("registered_capital_cny", 1e300, "out of range"),
        ("registered_capital_cny", math.inf, "finite"),
        ("foreign_equity_percent", HUGE, "out of range"),
        ("foreign_equity_percent", Decimal("-1e-30"), "from 0 to 100"),
        ("professional_staff", 2**64, "out of range"),
        ("professional_staff", HUGE, "out of range"),
        ("professional_staff", Decimal("1e999999"), "out of range"),
        ("professional_staff", -HUGE, "must not be negative"),
        ("professional_staff", 1e300, "out of range"),
        ("registered_province", HUGE, "unknown province"),
        ("name", "a\ud800b", "lone surrogate (U+D800)"),
    ],
    ids=lambda v: f"{v.bit_length()}-bit" if isinstance(v, int) and v.bit_length() > 64 else None,
)
def test_huge_and_out_of_range_values_are_invalid_profiles(
    engine: Engine, field: str, value: Any, fragment: str
) -> None:
    # In 0.1.0 these raised ValueError (int to str), TypeError (the audit hash) or went
    # through.
    with pytest.raises(InvalidProfile) as caught:
        engine.assess({**BASE_PROFILE, field: value}, as_of=DAY)
    (path, message), *_ = caught.value.errors
    assert path == field
    assert fragment in message


def test_the_largest_staff_count_accepted_is_assessed(engine: Engine) -> None:
    result = engine.assess({**BASE_PROFILE, "professional_staff": 10_000_000}, as_of=DAY)
    assert result.to_dict()["audit"]["input_hash"]


def test_an_integral_json_number_is_a_whole_staff_count() -> None:
    data = loads('{"professional_staff": 12.0}')
    assert Profile.from_dict({**BASE_PROFILE, **data}).professional_staff == 12
    assert "whole number" in error_at("professional_staff", Decimal("12.5"))


def test_amounts_echo_in_plain_digits() -> None:
    profile = Profile.from_dict({**BASE_PROFILE, "registered_capital_cny": Decimal("1E+7")})
    assert profile.to_dict()["registered_capital_cny"] == "10000000"
