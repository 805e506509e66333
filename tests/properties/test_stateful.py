"""Engines opened, used, fed bad input and closed in any order keep answering correctly."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, consumes, invariant, rule

from callcenter_rules import Engine, EngineClosed, InvalidProfile, Policy, assess
from callcenter_rules.testing import cases, decide, invalid_profiles


class EngineLifecycle(RuleBasedStateMachine):
    engines = Bundle("engines")
    closed_engines = Bundle("closed_engines")

    def __init__(self) -> None:
        super().__init__()
        self.policies: dict[int, Policy] = {}
        self.open: list[Engine] = []
        self.assessed = 0

    @rule(target=engines, strict=st.booleans())
    def new_engine(self, strict: bool) -> Engine:
        policy = Policy(in_house_hotline_is_b24=strict)
        engine = Engine(policy=policy)
        self.policies[id(engine)] = policy
        self.open.append(engine)
        return engine

    @rule(engine=engines, case=cases())
    def assess_valid(self, engine: Engine, case: tuple[dict[str, Any], datetime.date]) -> None:
        profile, as_of = case
        result = engine.assess(profile, as_of=as_of)
        expected = decide(profile, as_of, self.policies[id(engine)])
        assert result.status.value == expected.status
        assert (result.license_type.value if result.license_type else None) == expected.license_type
        assert tuple(sorted(result.codes)) == expected.codes
        self.assessed += 1

    @rule(case=cases())
    def assess_with_the_default_engine(self, case: tuple[dict[str, Any], datetime.date]) -> None:
        profile, as_of = case
        assert assess(profile, as_of=as_of).status.value == decide(profile, as_of).status

    @rule(engine=engines, bad=invalid_profiles())
    def assess_invalid(self, engine: Engine, bad: tuple[dict[str, Any], str]) -> None:
        data, path = bad
        with pytest.raises(InvalidProfile) as caught:
            engine.assess(data, as_of=datetime.date(2024, 1, 1))
        assert [p for p, _ in caught.value.errors] == [path]

    @rule(target=closed_engines, engine=consumes(engines))
    def close_engine(self, engine: Engine) -> Engine:
        engine.close()
        self.open.remove(engine)
        return engine

    @rule(engine=closed_engines, case=cases())
    def closed_engine_refuses(
        self, engine: Engine, case: tuple[dict[str, Any], datetime.date]
    ) -> None:
        profile, as_of = case
        with pytest.raises(EngineClosed):
            engine.assess(profile, as_of=as_of)
        engine.close()  # closing again is harmless

    @invariant()
    def open_engines_are_open(self) -> None:
        assert all(not engine.closed for engine in self.open)

    def teardown(self) -> None:
        for engine in self.open:
            engine.close()


EngineLifecycle.TestCase.settings = settings(
    settings.default,
    max_examples=max(10, settings.default.max_examples // 5),
    stateful_step_count=25,
)
TestEngineLifecycle = EngineLifecycle.TestCase
