"""Dated parameters: the law's thresholds and in-force days as data, and overrides."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from typing import Any

import pytest

import callcenter_rules
from callcenter_rules import Engine, Status
from callcenter_rules.law import RULES
from callcenter_rules.law.parameters import UNITS, default_table

from conftest import BASE_PROFILE

DAY = datetime.date(2024, 6, 1)
TABLE = default_table()


def test_the_fixed_names_exist_with_their_values() -> None:
    regional, nationwide = TABLE["capital_minimum.regional"], TABLE["capital_minimum.nationwide"]
    assert regional.unit == nationwide.unit == "CNY"
    assert regional.value_on(DAY) == Decimal(1_000_000)
    assert nationwide.value_on(DAY) == Decimal(10_000_000)


def test_every_parameter_has_a_description_a_unit_and_referenced_values() -> None:
    assert len(TABLE) >= 9
    for parameter in TABLE.values():
        assert parameter.description
        assert parameter.unit in UNITS
        assert parameter.values
        for dated in parameter.values:
            assert dated.reference is not None, parameter.name
            assert dated.reference.document, parameter.name
            assert dated.reference.fact_id, parameter.name


def test_every_parameter_is_used_by_some_rule() -> None:
    used = {name for rule in RULES for name in rule.used_parameters()}
    # The catalogue's day is the first day modelled: the engine refuses earlier days. The
    # free-trade zones by province decide which profiles are valid on a day, and which
    # zone the planner may propose.
    assert set(TABLE) - used == {"in_force.catalogue_2015", "free_trade_zone.provinces"}


def test_the_public_catalogue() -> None:
    catalogue = callcenter_rules.parameters()
    assert [p.name for p in catalogue] == sorted(TABLE)
    regional = next(p for p in catalogue if p.name == "capital_minimum.regional").to_dict()
    assert regional["unit"] == "CNY"
    assert regional["values"][-1] == {
        "from": "2017-09-01",
        "value": "1000000",
        "reference": {
            "document": "MIIT Order No. 42",
            "article": "Art. 6(4)",
            "fact_id": "2.4",
            "document_zh": "电信业务经营许可管理办法（工业和信息化部令第42号）",
            "article_zh": "第六条第（四）项",
        },
    }
    assert regional["description_zh"]


REGIONAL = {**BASE_PROFILE, "service_provinces": ["Beijing"], "registered_province": "Beijing"}


def capital_codes(engine: Engine, capital: str, day: datetime.date = DAY) -> list[str]:
    result = engine.assess({**REGIONAL, "registered_capital_cny": capital}, as_of=day)
    return [f.code for f in result.findings if f.code == "CAPITAL_BELOW_MINIMUM"]


def test_an_override_moves_the_boundary() -> None:
    with Engine() as law, Engine(parameters={"capital_minimum.regional": "2000000"}) as draft:
        assert capital_codes(law, "1500000") == []
        assert capital_codes(draft, "1500000") == ["CAPITAL_BELOW_MINIMUM"]
        assert capital_codes(draft, "1999999.99") == ["CAPITAL_BELOW_MINIMUM"]
        assert capital_codes(draft, "2000000") == []
        finding = draft.assess({**REGIONAL, "registered_capital_cny": "1500000"}, as_of=DAY)
        (capital,) = [f for f in finding.findings if f.code == "CAPITAL_BELOW_MINIMUM"]
        assert capital.evidence["minimum_cny"] == "2,000,000.00"
        assert "CNY 2,000,000.00 minimum" in capital.message


def test_a_dated_value_changes_the_answer_from_its_day() -> None:
    change = {"capital_minimum.regional": {"2027-01-01": {"value": "3000000"}}}
    with Engine(parameters=change) as draft:
        before = datetime.date(2026, 12, 31)
        after = datetime.date(2027, 1, 1)
        assert capital_codes(draft, "2000000", before) == []
        assert capital_codes(draft, "2000000", after) == ["CAPITAL_BELOW_MINIMUM"]
        # One rule, two variants: the engine runs CAPITAL-REGIONAL@2027-01-01 and reports
        # the rule's id.
        names = [n for n in draft.law.variants if n.startswith("CAPITAL-REGIONAL")]
        assert names == ["CAPITAL-REGIONAL@2016-03-01", "CAPITAL-REGIONAL@2027-01-01"]
        result = draft.assess({**REGIONAL, "registered_capital_cny": "2000000"}, as_of=after)
        assert "CAPITAL-REGIONAL" in result.rules_fired


def test_an_in_force_day_is_a_parameter() -> None:
    with Engine(parameters={"in_force.order_42": "2018-01-01"}) as moved:
        profile = {**REGIONAL, "on_dishonesty_list": True}
        assert moved.assess(profile, as_of=datetime.date(2017, 12, 31)).status is Status.ELIGIBLE
        later = moved.assess(profile, as_of=datetime.date(2018, 1, 1))
        assert "ON_DISHONESTY_LIST" in later.codes


def test_a_null_value_ends_the_rules_that_need_it() -> None:
    ended = {"staff.agency_practice": {"2020-01-01": None}}
    with Engine(parameters=ended) as draft:
        profile = {**REGIONAL, "professional_staff": 2}
        assert (
            "STAFF_BELOW_AGENCY_PRACTICE"
            in draft.assess(profile, as_of=datetime.date(2019, 12, 31)).codes
        )
        assert (
            "STAFF_BELOW_AGENCY_PRACTICE"
            not in draft.assess(profile, as_of=datetime.date(2020, 1, 1)).codes
        )


@pytest.mark.parametrize(
    ("overrides", "fragment"),
    [
        ({"capital_minimum.regionl": 1}, "unknown parameter 'capital_minimum.regionl'; did you mean capital_minimum.regional?"),
        ({"capital_minimum.regional": "2027-01-01"}, "parameter capital_minimum.regional is in CNY"),
        ({"capital_minimum.regional": -1}, "parameter capital_minimum.regional is in CNY"),
        ({"capital_minimum.regional": 1.5}, "parameter capital_minimum.regional is in CNY"),
        ({"foreign_equity.cap": "101"}, "parameter foreign_equity.cap is in percent"),
        ({"in_force.order_42": "soon"}, "parameter in_force.order_42 is in date"),
        ({"violation_record.lookback": "three"}, "parameter violation_record.lookback is in years"),
        ({"capital_minimum.regional": {"next year": 1}}, "is not a day"),
        ({"capital_minimum.regional": {"2027-01-01": {"amount": 1}}}, "a dated entry is a value"),
        ({"capital_minimum.regional": {}}, "changes nothing"),
        ({"capital_minimum.regional": "0.001"}, "parameter capital_minimum.regional: 0.001 cannot be compared exactly"),
    ],
)  # fmt: skip
def test_bad_overrides_are_refused_at_construction(
    overrides: dict[str, Any], fragment: str
) -> None:
    with pytest.raises(ValueError, match=re.escape(fragment)):
        Engine(parameters=overrides)


def test_overrides_are_part_of_the_audit_record() -> None:
    with Engine() as law, Engine(parameters={"capital_minimum.regional": "1000000"}) as same_value:
        with Engine(parameters={"capital_minimum.regional": "2000000"}) as draft:
            hashes = {
                engine.assess(REGIONAL, as_of=DAY).audit.ruleset_hash  # type: ignore[union-attr]
                for engine in (law, draft)
            }
            assert len(hashes) == 2
        # The same value with another reference ("override") is still recorded as a change.
        assert same_value.ruleset_hash != law.ruleset_hash


def test_summaries_show_the_values_in_force() -> None:
    with Engine(parameters={"capital_minimum.regional": "2000000"}) as draft:
        (variant,) = [v for n, v in draft.law.variants.items() if n == "CAPITAL-REGIONAL"]
        assert variant.summary.endswith("at least CNY 2,000,000.")
