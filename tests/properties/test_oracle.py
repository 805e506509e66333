"""The engine against an independent plain-Python oracle, on thousands of profiles."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from callcenter_rules import Engine, Policy
from callcenter_rules.law.licence_type import authority_names
from callcenter_rules.testing import cases, decide

from conftest import EXAMPLE_SCALE

#: At least this many generated profiles are compared in every CI run.
MIN_COMPARISONS = 5000
compared = 0


@settings(max_examples=int(MIN_COMPARISONS * EXAMPLE_SCALE))
@given(case=cases(), strict=st.booleans())
def test_engine_agrees_with_the_oracle(
    engine: Engine, strict_engine: Engine, case: tuple[dict[str, Any], Any], strict: bool
) -> None:
    global compared
    profile, as_of = case
    chosen = strict_engine if strict else engine
    result = chosen.assess(profile, as_of=as_of)
    expected = decide(profile, as_of, Policy(in_house_hotline_is_b24=strict))
    actual = (
        result.status.value,
        result.license_type.value if result.license_type else None,
        result.authority,
        frozenset(s.value for s in result.business_scopes),
        tuple(sorted(result.codes)),
        result.confidence.value,
        tuple(sorted(result.confidence_rests_on)),
    )
    # The oracle names the authority by code ("MIIT" or a GB/T 2260 province code).
    authority = authority_names(expected.authority)[0] if expected.authority else None
    assert actual == (
        expected.status,
        expected.license_type,
        authority,
        expected.scopes,
        expected.codes,
        expected.confidence,
        tuple(sorted(expected.confidence_rests_on)),
    )
    compared += 1


def test_enough_profiles_were_compared() -> None:
    # Runs after the comparison above (file order); fails if it was cut short or skipped.
    assert compared >= int(MIN_COMPARISONS * EXAMPLE_SCALE) * 0.9, compared
