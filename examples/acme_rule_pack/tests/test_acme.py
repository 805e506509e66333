"""The pack's rules as a table: a client, the day, what the pack finds, and the status."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

import pytest
from acme_rule_pack import PACK
from hypothesis import given, settings

from callcenter_rules import Engine, Status
from callcenter_rules.testing import cases

DAY = datetime.date(2026, 3, 1)

#: A client every condition of the law is met for (a regional licence in Beijing).
CLIENT: dict[str, Any] = {
    "name": "Example Hotline Co., Ltd.",
    "entity_type": "limited_liability_company",
    "registered_capital_cny": "2000000",
    "registered_province": "Beijing",
    "service_provinces": ["Beijing"],
    "activities": ["inbound_customer_service"],
    "violations": [],
    "professional_staff": 12,
    "has_premises_and_facilities": True,
    "has_technical_plan": True,
    "long_term_service_capability": True,
    "on_dishonesty_list": False,
}
NATIONWIDE_WITH_95 = {
    "registered_capital_cny": "10000000",
    "service_provinces": ["Beijing", "Hebei"],
    "number_resources": ["95"],
}

CASES = [
    # (id, changes to CLIENT, the pack's findings, status)
    ("ten insured staff are enough", {"professional_staff": 10}, [], "eligible"),
    ("nine are too few", {"professional_staff": 9}, ["ACME_TOO_FEW_INSURED_STAFF"], "ineligible"),
    ("unknown staff", {"professional_staff": None}, ["ACME_INSURED_STAFF_UNKNOWN"], "incomplete"),
    ("a 95 number is a note", NATIONWIDE_WITH_95, ["ACME_95_NUMBER_REVIEW"], "eligible"),
    (
        "no licence, no house rule",
        {"activities": ["in_house_hotline"], "professional_staff": 2},
        [],
        "not_required",
    ),
]


@pytest.fixture(scope="module")
def engine() -> Iterator[Engine]:
    with Engine(rule_packs=[PACK]) as built:
        yield built


@pytest.mark.parametrize(
    ("changes", "codes", "status"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_the_pack(engine: Engine, changes: dict[str, Any], codes: list[str], status: str) -> None:
    client = {**CLIENT, **changes}
    result = engine.assess({k: v for k, v in client.items() if v is not None}, as_of=DAY)
    assert sorted(f.code for f in result.findings if f.pack == "acme") == codes
    assert result.status.value == status


def test_the_plan_proposes_ten_insured_staff(engine: Engine) -> None:
    found = engine.plan({**CLIENT, "professional_staff": 4}, as_of=DAY)
    [option] = found.options
    assert [(c.field, c.proposed) for c in option.changes] == [("professional_staff", 10)]


@pytest.fixture(scope="module")
def law() -> Iterator[Engine]:
    with Engine() as built:
        yield built


@settings(max_examples=100, deadline=None)
@given(cases())
def test_the_pack_adds_to_the_law_and_takes_nothing_away(
    engine: Engine, law: Engine, case: tuple[dict[str, Any], datetime.date]
) -> None:
    client, day = case
    alone, with_pack = law.assess(client, as_of=day), engine.assess(client, as_of=day)
    assert [f for f in with_pack.findings if f.pack is None] == list(alone.findings)
    assert with_pack.license_type is alone.license_type
    if "ACME_TOO_FEW_INSURED_STAFF" in with_pack.codes:
        assert with_pack.status is Status.INELIGIBLE
    else:
        assert with_pack.status is alone.status
