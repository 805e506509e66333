"""The compiler: the only bridge from the law's declarations to the engine."""

from __future__ import annotations

import datetime
import math
import re
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from callcenter_rules import compile as compiler
from callcenter_rules.law import RULES
from callcenter_rules.law.citation import Confidence, Document, Period, Provision, Source
from callcenter_rules.law.facts import COMPANY, CONTEXT, LICENCE, SERVICE_AREA, VIOLATION
from callcenter_rules.law.language import Rule
from callcenter_rules.law.parameters import default_table, param
from callcenter_rules.reference import rule_catalogue

LAW = Path(compiler.__file__).parent / "law"
SOURCE = Source(Provision(Document("Test", "测试"), "Art. 1", "测试条文"), "2.4", Confidence.HIGH)


def rule(**when: object) -> Rule:
    return Rule(id="TEST-RULE", summary="A test.", sources=(SOURCE,), when=when)  # type: ignore[arg-type]


def compiled(test_rule: Rule) -> dict[str, object]:
    law = compiler.compile_law([test_rule], default_table())
    (variant,) = law.variants.values()
    return dict(variant.spec.when)


def test_law_imports_nothing_of_the_engine() -> None:
    for path in LAW.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"durable|\.\.engine|\.\.facts|\.\.compile", text), path


def test_every_rule_id_and_article_is_written_literally_in_the_law() -> None:
    text = "".join(path.read_text(encoding="utf-8") for path in LAW.rglob("*.py"))
    for described in rule_catalogue(default_table()):
        assert f'id="{described["id"]}"' in text
        assert re.search(r"law/\w+\.py:\d+$", described["defined_at"])
        for source in described["sources"]:
            assert f'"{source["article"]}"' in text


def test_conditions_in_real_units_become_encoded_thresholds() -> None:
    when = compiled(
        rule(
            licence=LICENCE.type == "regional",
            company=COMPANY.registered_capital_cny < param("capital_minimum.regional"),
        )
    )
    assert when["licence"] == {"$and": [{"t": "licence"}, {"type": "regional"}]}
    assert when["company"] == {
        "$and": [{"t": "company"}, {"$lt": {"registered_capital_cny": 100_000_000}}]
    }


def test_a_field_of_another_alias_and_a_shifted_day() -> None:
    when = compiled(
        rule(
            company=COMPANY,
            area=SERVICE_AREA.province != COMPANY.registered_province,
            context=CONTEXT,
            violation=VIOLATION.date.within_years_before(CONTEXT.as_of, 3),
        )
    )
    assert when["area"] == {
        "$and": [{"t": "service_area"}, {"$neq": {"province": {"company": "registered_province"}}}]
    }
    assert when["violation"] == {
        "$and": [
            {"t": "violation"},
            {"$gte": {"date": {"$sub": {"$l": {"context": "as_of"}, "$r": 30000}}}},
            {"$lte": {"date": {"context": "as_of"}}},
        ]
    }


@pytest.mark.parametrize(
    ("when", "fragment"),
    [
        # Rounding down to fen keeps < and >= exact, not > or <=.
        ({"company": COMPANY.registered_capital_cny > 5}, "is not exact"),
        ({"company": COMPANY.foreign_equity_percent < 5}, "is not exact"),
        ({"company": COMPANY.registered_capital_cny < Decimal("0.001")}, "cannot be compared exactly"),
        ({"company": COMPANY.registered_capital_cny < param("foreign_equity.cap")}, "cannot be compared with parameter"),
        ({"area": SERVICE_AREA.province != COMPANY.registered_province}, "needs exactly one earlier alias"),
        ({"company": COMPANY.registered_capital_cny < param("no_such.parameter")}, "unknown parameter"),
    ],
)  # fmt: skip
def test_what_cannot_be_compiled_exactly_is_refused(when: dict[str, object], fragment: str) -> None:
    with pytest.raises(ValueError, match=re.escape(fragment)):
        compiled(rule(**when))


def test_a_period_goes_on_the_context_alias_or_a_new_one() -> None:
    dated = Rule(
        id="TEST-RULE",
        summary="A test.",
        sources=(SOURCE,),
        when={"company": COMPANY},
        period=Period(start=param("in_force.order_42")),
    )
    when = compiled(dated)
    assert when["in_force"] == {"$and": [{"t": "context"}, {"$gte": {"as_of": 20170901}}]}


@pytest.mark.parametrize(
    ("amount", "fen"),
    [
        ("9999999.999999999999999999999999", 999_999_999),
        ("0.019", 1),
        ("1e-999999999", 0),
        ("1E+7", 1_000_000_000),
        ("1e20", compiler.MAX_EXACT),
    ],
)
def test_money_is_floored_exactly(amount: str, fen: int) -> None:
    assert compiler.fen(Decimal(amount)) == fen


@pytest.mark.parametrize(
    ("percent", "micro"), [("50", 50_000_000), ("50.0000001", 50_000_001), ("1e-99999", 1)]
)
def test_percentages_are_ceiled_exactly(percent: str, micro: int) -> None:
    assert compiler.equity_micro(Decimal(percent)) == micro


@given(
    st.decimals(allow_nan=False, allow_infinity=False)
    | st.builds(
        lambda digits, exponent: Decimal(digits).scaleb(exponent),
        st.integers(-(10**40), 10**40),
        st.integers(-40, 40),
    )
)
@settings(max_examples=500)
def test_amounts_are_rounded_exactly_whatever_their_digits(value: Decimal) -> None:
    # The engine's integers against exact rational arithmetic: fen floored, millionths of
    # a percent ceiled (a whole amount takes a shorter path than one with more places).
    exact = Fraction(value)
    assert compiler.fen(value) == min(math.floor(exact * 100), compiler.MAX_EXACT)
    assert compiler.equity_micro(value) == math.ceil(exact * 1_000_000)


def test_days_are_integers_that_compare_like_days() -> None:
    assert compiler.ymd(datetime.date(2017, 9, 1)) == 20170901
    assert compiler.ymd(datetime.date(2016, 2, 29)) < compiler.ymd(datetime.date(2016, 3, 1))


def test_a_rule_splits_only_where_its_parameters_change_or_an_exception_starts_or_ends() -> None:
    law = compiler.compile_law(RULES, default_table())
    split = {name for name in law.variants if "@" in name}
    assert split == {
        # The capped categories in the pilot areas change on 2024-10-23.
        "FOREIGN-CAP-OTHER-SERVICES-PILOT@2019-07-30",
        "FOREIGN-CAP-OTHER-SERVICES-PILOT@2024-10-23",
        # The pilots that lift the cap: the cities named in 2016 (from 2016-05-05), the
        # Shanghai pilot (to 2018-07-30); the offshore and CEPA pilots end on 2019-07-30,
        # with the rule itself.
        "FOREIGN-CAP-NOT-LIFTED@2016-03-01",
        "FOREIGN-CAP-NOT-LIFTED@2016-05-05",
        "FOREIGN-CAP-NOT-LIFTED@2018-07-30",
        # The Shanghai pilot's own capital minimum, to 2018-07-30.
        "CAPITAL-NATIONWIDE@2016-03-01",
        "CAPITAL-NATIONWIDE@2018-07-30",
        # The pilots that name another authority end on 2018-07-30 and 2019-07-30.
        "FOREIGN-INVESTED-AUTHORITY@2016-03-01",
        "FOREIGN-INVESTED-AUTHORITY@2018-07-30",
        "FOREIGN-INVESTED-AUTHORITY@2019-07-30",
        "FOREIGN-INVESTED-AUTHORITY-FTZ-DELEGATION@2018-07-30",
        "FOREIGN-INVESTED-AUTHORITY-FTZ-DELEGATION@2019-07-30",
        "FOREIGN-INVESTED-JOINT-VENTURE@2016-03-01",
        "FOREIGN-INVESTED-JOINT-VENTURE@2019-07-30",
    }
    assert {v.rule.id for v in law.variants.values()} == {r.id for r in RULES}
