"""The committed JSON Schemas equal the generated ones and accept what the library takes and gives."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given

from callcenter_rules import Engine
from callcenter_rules.schema import (
    SCHEMA_NAMES,
    assessment_schema,
    committed_schema,
    licence_schema,
    plan_schema,
    profile_schema,
)
from callcenter_rules.testing import cases

EXAMPLES = Path(__file__).parents[2] / "examples"
EXAMPLE_FILES = sorted(EXAMPLES.glob("*.json"))
GENERATED = {
    "profile": profile_schema,
    "assessment": assessment_schema,
    "plan": plan_schema,
    "licence": licence_schema,
}


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_committed_schema_is_the_generated_one(name: str) -> None:
    assert committed_schema(name) == GENERATED[name](), (
        f"regenerate: python -m callcenter_rules schema {name} > src/callcenter_rules/schemas/{name}.schema.json"
    )


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_schemas_are_valid_2020_12(name: str) -> None:
    jsonschema.Draft202012Validator.check_schema(committed_schema(name))


PROFILE = jsonschema.Draft202012Validator(committed_schema("profile"))
ASSESSMENT = jsonschema.Draft202012Validator(committed_schema("assessment"))


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=[p.name for p in EXAMPLE_FILES])
def test_every_example_and_its_assessment_validate(engine: Engine, path: Path) -> None:
    profile = json.loads(path.read_text(encoding="utf-8"))
    PROFILE.validate(profile)
    ASSESSMENT.validate(engine.assess(profile).to_dict())


def test_every_row_of_the_batch_example_validates(engine: Engine) -> None:
    for line in (
        (EXAMPLES / "batch_1000.jsonl").read_text(encoding="utf-8").rstrip("\n").split("\n")
    ):
        profile = json.loads(line)
        PROFILE.validate(profile)
        ASSESSMENT.validate(engine.assess(profile).to_dict())


@given(case=cases())
def test_generated_profiles_and_assessments_validate(
    engine: Engine, case: tuple[dict[str, Any], Any]
) -> None:
    profile, as_of = case
    as_json = json.loads(json.dumps(profile, default=str))
    PROFILE.validate(as_json)
    ASSESSMENT.validate(engine.assess(profile, as_of=as_of).to_dict())


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=[p.name for p in EXAMPLE_FILES])
def test_traced_assessments_validate(engine: Engine, path: Path) -> None:
    profile = json.loads(path.read_text(encoding="utf-8"))
    data = engine.assess(profile, trace=True).to_dict()
    assert data["trace"]["steps"]
    ASSESSMENT.validate(data)


def test_the_schema_rejects_what_the_library_rejects() -> None:
    bad = {"name": "X", "entity_type": "llc", "registered_capital_cny": -1, "registered_province": "Beijing",
           "service_provinces": [], "activities": ["dancing"], "surprise": True}  # fmt: skip
    problems = {tuple(e.path) or (e.validator,) for e in PROFILE.iter_errors(bad)}
    assert ("entity_type",) in problems
    assert ("service_provinces",) in problems
    assert ("activities", 0) in problems
    assert ("additionalProperties",) in problems
