from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from callcenter_rules import Engine, Policy


@pytest.fixture(scope="session")
def engine() -> Iterator[Engine]:
    with Engine() as shared:
        yield shared


@pytest.fixture(scope="session")
def strict_engine() -> Iterator[Engine]:
    with Engine(policy=Policy(in_house_hotline_is_b24=True)) as shared:
        yield shared


BASE_PROFILE = {
    "name": "Example Co., Ltd.",
    "entity_type": "limited_liability_company",
    "registered_capital_cny": "20000000",
    "registered_province": "Beijing",
    "service_provinces": ["Beijing"],
    "activities": ["inbound_customer_service"],
    "violations": [],
    "professional_staff": 20,
    "has_premises_and_facilities": True,
    "has_technical_plan": True,
    "long_term_service_capability": True,
    "on_dishonesty_list": False,
}
