from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

sys.path.insert(0, str(Path(__file__).parent))

from callcenter_rules import Engine, Policy

# Hypothesis profiles. "ci" (the default) keeps the property tests within a few minutes;
# "thorough" is for long runs:
#   CALLCENTER_RULES_HYPOTHESIS_PROFILE=thorough python -m pytest tests/properties
# Tests that must run a minimum number of examples (the oracle comparison) scale with
# EXAMPLE_SCALE, which the thorough profile raises.
_COMMON = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
    "print_blob": True,
}
settings.register_profile("ci", max_examples=150, **_COMMON)
settings.register_profile("thorough", max_examples=5000, **_COMMON)
settings.register_profile("dev", max_examples=30, **_COMMON)
PROFILE_NAME = os.environ.get("CALLCENTER_RULES_HYPOTHESIS_PROFILE", "ci")
settings.load_profile(PROFILE_NAME)
EXAMPLE_SCALE = {"ci": 1, "thorough": 10, "dev": 0.1}[PROFILE_NAME]


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
