"""Input validation: every bad field named, nothing else escapes."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest

from callcenter_rules import (
    Activity,
    InvalidProfile,
    Market,
    Party,
    Profile,
    Province,
    Violation,
)
from callcenter_rules.provinces import OutsideMainland, UnknownProvince, parse_province

from conftest import BASE_PROFILE


def errors_of(data: Any) -> dict[str, str]:
    with pytest.raises(InvalidProfile) as caught:
        Profile.from_dict(data)
    return dict(caught.value.errors)


def test_valid_profile_round_trips() -> None:
    profile = Profile.from_dict(BASE_PROFILE)
    assert profile.registered_capital_cny == Decimal("20000000")
    assert profile.service_provinces == (Province.BEIJING,)
    assert Profile.from_dict(profile.to_dict()) == profile


def test_defaults_and_unknowns() -> None:
    data = {k: v for k, v in BASE_PROFILE.items() if k in {
        "name", "entity_type", "registered_capital_cny", "registered_province",
        "service_provinces", "activities"}}  # fmt: skip
    profile = Profile.from_dict(data)
    assert profile.end_users == (Market.DOMESTIC,)
    assert profile.clients == (Market.DOMESTIC,)
    assert profile.foreign_equity_percent == 0
    assert profile.violations is None  # unknown, not "none"
    assert profile.professional_staff is None
    assert profile.on_dishonesty_list is None


@pytest.mark.parametrize(
    ("field", "value", "path", "fragment"),
    [
        ("name", "  ", "name", "must not be empty"),
        ("name", 5, "name", "must be a string"),
        ("entity_type", "llc", "entity_type", "unknown value 'llc'"),
        ("registered_capital_cny", "abc", "registered_capital_cny", "number or a decimal string"),
        ("registered_capital_cny", float("nan"), "registered_capital_cny", "finite"),
        ("registered_capital_cny", "Infinity", "registered_capital_cny", "finite"),
        ("registered_capital_cny", -1, "registered_capital_cny", "must not be negative"),
        ("registered_capital_cny", True, "registered_capital_cny", "got a boolean"),
        ("registered_province", "Atlantis", "registered_province", "unknown province 'Atlantis'"),
        ("registered_province", "Hong Kong", "registered_province", "outside mainland"),
        ("registered_province", "澳门", "registered_province", "outside mainland"),
        ("registered_province", "台湾省", "registered_province", "outside mainland"),
        ("service_provinces", [], "service_provinces", "at least one"),
        ("service_provinces", "Beijing", "service_provinces", "must be a list"),
        ("service_provinces", ["Beijing", "Atlantis"], "service_provinces[1]", "unknown province 'Atlantis'"),
        ("service_provinces", ["Beijing", "北京市"], "service_provinces[1]", "repeats service_provinces[0]"),
        ("activities", ["dancing"], "activities[0]", "unknown value 'dancing'"),
        ("activities", [], "activities", "at least one"),
        ("end_users", ["mars"], "end_users[0]", "unknown value"),
        ("platform_location", "moon", "platform_location", "unknown value"),
        ("platform_location", None, "platform_location", "must not be null"),
        ("foreign_equity_percent", 100.5, "foreign_equity_percent", "from 0 to 100"),
        ("number_resources", ["400"], "number_resources[0]", "unknown value '400'"),
        ("number_resources", [95], "number_resources[0]", "must be one of"),
        ("other_value_added_services", ["B24"], "other_value_added_services[0]", "licence itself"),
        ("other_value_added_services", ["B99"], "other_value_added_services[0]", "unknown value-added"),
        ("professional_staff", -1, "professional_staff", "must not be negative"),
        ("professional_staff", 2.5, "professional_staff", "whole number"),
        ("professional_staff", "ten", "professional_staff", "whole number"),
        ("has_technical_plan", "yes", "has_technical_plan", "true, false or null"),
        ("on_dishonesty_list", 0, "on_dishonesty_list", "true, false or null"),
        ("violations", [{"party": "ceo", "date": "2020-01-01"}], "violations[0].party", "unknown value"),
        ("violations", [{"party": "company", "date": "2020-02-30"}], "violations[0].date", "not a calendar date"),
        ("violations", [{"party": "company", "date": "yesterday"}], "violations[0].date", "YYYY-MM-DD"),
        ("violations", [{"party": "company"}], "violations[0].date", "required"),
        ("violations", [{"party": "company", "date": "2020-01-01", "x": 1}], "violations[0].x", "unexpected field"),
        ("violations", [7], "violations[0]", "wrong shape"),
    ],
)  # fmt: skip
def test_each_bad_field_is_named(field: str, value: Any, path: str, fragment: str) -> None:
    errors = errors_of({**BASE_PROFILE, field: value})
    assert path in errors, errors
    assert fragment in errors[path]


def test_every_bad_field_is_reported_at_once() -> None:
    data = {
        **BASE_PROFILE,
        "name": "",
        "entity_type": "llc",
        "service_provinces": ["Beijing", "Atlantis"],
        "professional_staff": True,
        "surprise": 1,
    }
    errors = errors_of(data)
    assert set(errors) == {
        "name",
        "entity_type",
        "service_provinces[1]",
        "professional_staff",
        "surprise",
    }


def test_missing_required_fields() -> None:
    errors = errors_of({"name": "X"})
    for field in ("entity_type", "registered_capital_cny", "registered_province",
                  "service_provinces", "activities"):  # fmt: skip
        assert errors[field] == "is required"
    assert errors_of({**BASE_PROFILE, "entity_type": None})["entity_type"].startswith("is required")


def test_message_lists_every_error() -> None:
    with pytest.raises(InvalidProfile) as caught:
        Profile.from_dict({**BASE_PROFILE, "service_provinces": ["Beijing", "Atlantis"]})
    assert "service_provinces[1]: unknown province 'Atlantis'" in str(caught.value)
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize("data", [None, [], "profile", 42, {1: "x"}])
def test_not_a_mapping(data: Any) -> None:
    with pytest.raises(InvalidProfile):
        Profile.from_dict(data)


def test_decimal_precision_is_kept() -> None:
    profile = Profile.from_dict({**BASE_PROFILE, "registered_capital_cny": "999999.999"})
    assert profile.registered_capital_cny == Decimal("999999.999")
    profile = Profile.from_dict({**BASE_PROFILE, "registered_capital_cny": 0.1})
    assert profile.registered_capital_cny == Decimal("0.1")


def test_direct_construction_is_validated_with_the_same_paths() -> None:
    with pytest.raises(InvalidProfile) as caught:
        Profile(
            name="X",
            entity_type="llc",  # type: ignore[arg-type]
            registered_capital_cny=Decimal(1),
            registered_province=Province.BEIJING,
            service_provinces=(Province.BEIJING,),
            activities=(Activity.SEAT_RENTAL,),
        )
    assert caught.value.errors[0][0] == "entity_type"


@pytest.mark.parametrize(
    ("value", "path", "fragment"),
    [
        ([Province.BEIJING], "service_provinces", "must be a tuple of Province, got list"),
        ((Province.BEIJING, "Beijing"), "service_provinces[1]", "must be a Province, got str"),
        ((Province.BEIJING, Province.BEIJING, 3), "service_provinces[2]", "must be a Province"),
        ((), "service_provinces", "must list at least one value"),
        ((Province.HEBEI, Province.BEIJING, Province.HEBEI), "service_provinces[2]", "repeats service_provinces[0]"),
    ],
)  # fmt: skip
def test_a_list_of_codes_reports_its_first_problem(value: Any, path: str, fragment: str) -> None:
    # The kind of the list, then of each item, then emptiness, then repeats: one error,
    # the first of these, whether built in Python or read from JSON.
    with pytest.raises(InvalidProfile) as caught:
        Profile(
            name="X",
            entity_type=Profile.from_dict(BASE_PROFILE).entity_type,
            registered_capital_cny=Decimal(1),
            registered_province=Province.BEIJING,
            service_provinces=value,
            activities=(Activity.SEAT_RENTAL,),
        )
    assert len(caught.value.errors) == 1
    assert caught.value.errors[0][0] == path
    assert fragment in caught.value.errors[0][1]


def test_number_resources_may_be_empty_but_not_repeated() -> None:
    assert Profile.from_dict({**BASE_PROFILE, "number_resources": []}).number_resources == ()
    errors = errors_of({**BASE_PROFILE, "number_resources": ["95", "95"]})
    assert "repeats number_resources[0]" in errors["number_resources[1]"]


def test_violation_dates_accept_date_objects() -> None:
    day = datetime.date(2020, 1, 1)
    profile = Profile.from_dict({**BASE_PROFILE, "violations": [{"party": "company", "date": day}]})
    assert profile.violations == (Violation(party=profile.violations[0].party, date=day),)  # type: ignore[index]


def test_a_violation_dated_with_a_datetime_keeps_its_day() -> None:
    # The law counts days; kept whole, the time would show in the finding's evidence
    # while the canonical profile shows only the day.
    violation = Violation(party=Party.COMPANY, date=datetime.datetime(2016, 5, 1, 13, 30))
    assert type(violation.date) is datetime.date
    assert violation.date == datetime.date(2016, 5, 1)


@pytest.mark.parametrize(
    ("spelling", "province"),
    [
        ("Beijing", Province.BEIJING), ("beijing", Province.BEIJING), ("BEIJING", Province.BEIJING),
        ("北京", Province.BEIJING), ("北京市", Province.BEIJING), ("110000", Province.BEIJING),
        (110000, Province.BEIJING), ("Beijing Municipality", Province.BEIJING),
        ("内蒙古", Province.INNER_MONGOLIA), ("内蒙古自治区", Province.INNER_MONGOLIA),
        ("Inner Mongolia", Province.INNER_MONGOLIA), ("Nei Mongol", Province.INNER_MONGOLIA),
        ("广西壮族自治区", Province.GUANGXI), ("广西", Province.GUANGXI),
        ("新疆维吾尔自治区", Province.XINJIANG), ("宁夏", Province.NINGXIA),
        ("西藏", Province.TIBET), ("Xizang", Province.TIBET),
        ("Shanxi", Province.SHANXI), ("山西省", Province.SHANXI),
        ("Shaanxi", Province.SHAANXI), ("陕西", Province.SHAANXI),
        ("Guangdong Province", Province.GUANGDONG), ("  guangdong ", Province.GUANGDONG),
    ],
)  # fmt: skip
def test_province_spellings(spelling: object, province: Province) -> None:
    assert parse_province(spelling) is province


def test_all_31_provinces_parse_by_every_name() -> None:
    assert len(Province) == 31
    for province in Province:
        assert parse_province(province.name_en) is province
        assert parse_province(province.name_zh) is province
        assert parse_province(province.code) is province


@pytest.mark.parametrize("spelling", ["Hong Kong", "香港", "Macao", "Taiwan", "810000"])
def test_outside_mainland(spelling: str) -> None:
    with pytest.raises(OutsideMainland, match="outside mainland"):
        parse_province(spelling)


@pytest.mark.parametrize("spelling", ["Atlantis", "", "11", "北京省"])
def test_unknown_province(spelling: str) -> None:
    with pytest.raises(UnknownProvince):
        parse_province(spelling)


# ---------------------------------------------------------------- bounds on input


def _refused(**changes: Any) -> InvalidProfile:
    with pytest.raises(InvalidProfile) as caught:
        Profile.from_dict({**BASE_PROFILE, **changes})
    return caught.value


def test_a_list_longer_than_its_values_is_one_error_not_one_per_item() -> None:
    # 250,000 bad activities made 250,000 errors (a 27 MB message); the list is refused
    # as too long before any item is read.
    error = _refused(activities=["x"] * 250_000)
    assert error.errors == (("activities", "has too many items: 250,000, at most 11"),)
    assert error.errors_zh == (("activities", "项数过多：共250,000项，最多11项"),)


@pytest.mark.parametrize(
    ("field", "most"),
    [("service_provinces", 31), ("end_users", 2), ("clients", 2), ("violations", 100)],
)
def test_each_list_has_a_most_items(field: str, most: int) -> None:
    item = {"service_provinces": "Beijing", "end_users": "domestic", "clients": "domestic"}.get(
        field, {"party": "company", "date": "2015-01-01"}
    )
    error = _refused(**{field: [item] * (most + 1)})
    assert error.errors == ((field, f"has too many items: {most + 1:,}, at most {most:,}"),)


def test_violations_up_to_the_most_are_taken() -> None:
    violations = [{"party": "company", "date": "2010-01-01"}] * 100
    assert (
        len(Profile.from_dict({**BASE_PROFILE, "violations": violations}).violations or ()) == 100
    )


def test_past_fifty_errors_the_rest_are_counted_and_survive_pickling() -> None:
    import pickle

    error = _refused(violations=[{"party": "x", "date": "bad"}] * 40)
    assert error.total == 80
    assert len(error.errors) == 51
    assert error.errors[-1] == ("", "... and 30 more errors, not listed")
    assert error.errors_zh[-1] == ("", "……另有30处错误，未列出")
    assert str(error).startswith("invalid profile (80 errors):")
    assert error.describe("zh").startswith("输入无效（共80处错误）：")
    again = pickle.loads(pickle.dumps(error))
    assert (again.total, again.errors, again.errors_zh) == (80, error.errors, error.errors_zh)


@pytest.mark.parametrize("name", ["\u200b", "\u200b\u200c\ufeff", " \u00ad ", "\u2060"])
def test_a_name_of_invisible_characters_is_empty(name: str) -> None:
    error = _refused(name=name)
    assert error.errors == (
        ("name", "must not be empty (spaces and invisible characters do not count)"),
    )


@pytest.mark.parametrize("character", ["\x00", "\x1b", "\x7f", "\x85", "\n"])
def test_a_control_character_in_a_name_is_refused(character: str) -> None:
    error = _refused(name=f"Acme{character}Co")
    [(path, message)] = error.errors
    assert path == "name"
    assert message == f"must not hold a control character (U+{ord(character):04X} at position 4)"


def test_a_description_may_break_lines_but_not_hold_other_controls() -> None:
    ok = {"party": "company", "date": "2015-01-01", "description": "line one\n\tline two\r\n"}
    assert Profile.from_dict({**BASE_PROFILE, "violations": [ok]}).violations
    error = _refused(violations=[{**ok, "description": "bad\x00"}])
    [(path, message)] = error.errors
    assert path == "violations[0].description"
    assert message.startswith("must not hold a control character (U+0000")
