"""Engine hygiene: sessions, rulesets, threads, errors, closing."""

from __future__ import annotations

import datetime
import gc
import pickle
import subprocess
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import durable_rules_engine
import pytest

from callcenter_rules import (
    Engine,
    EngineClosed,
    InvalidProfile,
    Policy,
    UnsupportedDate,
    assess,
)
from callcenter_rules import engine as engine_module
from callcenter_rules.engine import (
    Consequence,
    RuleDefinitionError,
    RuleEngine,
    RuleLoopError,
    RuleSpec,
)

from conftest import BASE_PROFILE

DAY = datetime.date(2024, 1, 1)


def varied_profiles(count: int) -> Iterator[dict[str, Any]]:
    capitals = ["0", "999999.99", "1000000", "9999999.99", "10000000", "50000000"]
    provinces = [["Beijing"], ["Beijing", "Shanghai"], ["Hebei"], ["北京"]]
    staff = [None, 0, 3, 20]
    activities = [
        ["inbound_customer_service"],
        ["in_house_hotline"],
        ["telemarketing", "ivr_information_service"],
    ]
    for i in range(count):
        yield {
            **BASE_PROFILE,
            "registered_capital_cny": capitals[i % len(capitals)],
            "service_provinces": provinces[i % len(provinces)],
            "professional_staff": staff[i % len(staff)],
            "activities": activities[i % len(activities)],
        }


class RulesetCounter:
    """Counts live C rulesets by wrapping create/delete."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.live: set[int] = set()
        real_create, real_delete = (
            durable_rules_engine.create_ruleset,
            durable_rules_engine.delete_ruleset,
        )

        def create(name: str, definition: str) -> int:
            handle = real_create(name, definition)
            self.live.add(handle)
            return handle

        def delete(handle: int) -> None:
            real_delete(handle)
            self.live.discard(handle)

        monkeypatch.setattr(engine_module._dre, "create_ruleset", create)
        monkeypatch.setattr(engine_module._dre, "delete_ruleset", delete)


class SessionCounter:
    """Counts live sessions by wrapping assert_facts/delete_state."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.live: set[str] = set()
        self.peak = 0
        real_assert, real_delete = (
            durable_rules_engine.assert_facts,
            durable_rules_engine.delete_state,
        )

        def assert_facts(handle: int, payload: str) -> Any:
            import json

            for fact in json.loads(payload):
                self.live.add(fact["sid"])
            self.peak = max(self.peak, len(self.live))
            return real_assert(handle, payload)

        def delete_state(handle: int, sid: str) -> None:
            real_delete(handle, sid)
            self.live.discard(sid)

        monkeypatch.setattr(engine_module._dre, "assert_facts", assert_facts)
        monkeypatch.setattr(engine_module._dre, "delete_state", delete_state)


def test_5000_assessments_never_hold_more_than_one_session(monkeypatch: pytest.MonkeyPatch) -> None:
    sessions = SessionCounter(monkeypatch)
    engine = Engine()
    for profile in varied_profiles(5003):
        engine.assess(profile, as_of=DAY)
    assert sessions.peak == 1
    assert len(sessions.live) == 1  # the reused session, replaced every SESSION_REUSE
    engine.close()
    assert sessions.live == set()


def test_a_failed_evaluation_replaces_the_session(monkeypatch: pytest.MonkeyPatch) -> None:
    sessions = SessionCounter(monkeypatch)

    def explode(_bindings: Any) -> Consequence:
        raise ValueError("boom")

    rules = [
        _rule("explode", {"m": {"t": "bad"}}, explode),
        _rule("ok", {"m": {"t": "good"}}, lambda b: Consequence(outputs=(1,))),
    ]
    with RuleEngine("replace", rules) as engine:
        assert engine.evaluate([{"t": "good"}]).outputs == (1,)
        first = set(sessions.live)
        with pytest.raises(ValueError, match="boom"):
            engine.evaluate([{"t": "bad"}])
        assert sessions.live == set()  # the failed session was deleted
        assert engine.evaluate([{"t": "good"}]).outputs == (1,)
        assert sessions.live
        assert sessions.live != first


def test_facts_do_not_survive_into_the_next_evaluation() -> None:
    seen = []

    def join(bindings: Any) -> Consequence:
        seen.append((bindings["a"]["n"], bindings["b"]["n"]))
        return Consequence()

    rules = [_rule("pair", {"a": {"t": "a"}, "b": {"t": "b"}}, join)]
    with RuleEngine("isolation", rules) as engine:
        engine.evaluate([{"t": "a", "n": 1}])
        engine.evaluate([{"t": "b", "n": 2}])  # must not join with the earlier a
        assert seen == []
        engine.evaluate([{"t": "a", "n": 3}, {"t": "b", "n": 4}])
        assert seen == [(3, 4)]


def test_closed_engines_free_their_rulesets(monkeypatch: pytest.MonkeyPatch) -> None:
    rulesets = RulesetCounter(monkeypatch)
    for _ in range(20):
        with Engine() as engine:
            engine.assess(BASE_PROFILE, as_of=DAY)
            assert len(rulesets.live) == 1
        assert rulesets.live == set()


def test_a_closed_engine_refuses_to_assess() -> None:
    engine = Engine()
    engine.close()
    engine.close()  # idempotent
    assert engine.closed
    with pytest.raises(EngineClosed):
        engine.assess(BASE_PROFILE, as_of=DAY)


def test_two_engines_side_by_side() -> None:
    profile = {**BASE_PROFILE, "activities": ["in_house_hotline"]}
    with Engine() as lenient, Engine(policy=Policy(in_house_hotline_is_b24=True)) as strict:
        for _ in range(50):
            assert lenient.assess(profile, as_of=DAY).status.value == "not_required"
            assert strict.assess(profile, as_of=DAY).status.value == "eligible"


def test_bad_input_leaves_the_engine_usable(engine: Engine) -> None:
    good = engine.assess(BASE_PROFILE, as_of=DAY)
    for bad in [{}, {"name": 1}, {**BASE_PROFILE, "service_provinces": ["Atlantis"]}, None]:
        with pytest.raises(InvalidProfile):
            engine.assess(bad, as_of=DAY)  # type: ignore[arg-type]
    assert engine.assess(BASE_PROFILE, as_of=DAY) == good


def test_threads_give_the_sequential_results(engine: Engine) -> None:
    profiles = list(varied_profiles(500))
    expected = [engine.assess(p, as_of=DAY) for p in profiles]
    results: dict[int, list[Any]] = {}
    errors: list[BaseException] = []

    def work(worker: int) -> None:
        try:
            results[worker] = [engine.assess(p, as_of=DAY) for p in profiles]
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert all(results[i] == expected for i in range(8))


def test_default_engine_is_reused_and_rebuilt_after_close() -> None:
    from callcenter_rules import api

    first = assess(BASE_PROFILE, as_of=DAY)
    engine = api._default_engine()
    assert api._default_engine() is engine
    engine.close()
    assert assess(BASE_PROFILE, as_of=DAY) == first
    assert api._default_engine() is not engine


# ---------------------------------------------------------------- the generic wrapper


def _rule(name: str, when: dict[str, Any], then: Any) -> RuleSpec:
    return RuleSpec(name, when, then)


def test_an_error_inside_an_action_reaches_the_caller() -> None:
    class Boom(Exception):
        pass

    def explode(_bindings: Any) -> Consequence:
        raise Boom("inside the action")

    with RuleEngine("boom", [_rule("explode", {"m": {"t": "x"}}, explode)]) as engine:
        with pytest.raises(Boom) as caught:
            engine.evaluate([{"t": "x"}])
        assert any("explode" in note for note in caught.value.__notes__)
        # The session was cleaned up: the engine still works.
        assert engine.evaluate([{"t": "y"}]).fired == ()


def test_forward_chaining_and_dedup_of_identical_derived_facts() -> None:
    rules = [
        _rule("a_to_b", {"m": {"t": "a"}}, lambda b: Consequence(facts=({"t": "b"},))),
        _rule("a2_to_b", {"m": {"t": "a2"}}, lambda b: Consequence(facts=({"t": "b"},))),
        _rule("b_to_out", {"m": {"t": "b"}}, lambda b: Consequence(outputs=("reached b",))),
    ]
    with RuleEngine("chain", rules) as engine:
        result = engine.evaluate([{"t": "a"}, {"t": "a2"}])
    assert result.outputs == ("reached b",)
    assert sorted(f.rule for f in result.fired) == ["a2_to_b", "a_to_b", "b_to_out"]


def test_checkpoints_assert_aggregates_after_quiescence() -> None:
    rules = [
        _rule("count_me", {"m": {"t": "item"}}, lambda b: Consequence(outputs=(1,))),
        _rule(
            "total", {"m": {"t": "total"}}, lambda b: Consequence(outputs=(f"total={b['m']['n']}",))
        ),
    ]

    def total(evaluation: Any) -> list[dict[str, Any]]:
        return [{"t": "total", "n": sum(o for o in evaluation.outputs if isinstance(o, int))}]

    with RuleEngine("agg", rules, checkpoints=[total]) as engine:
        result = engine.evaluate([{"t": "item", "k": i} for i in range(3)])
    assert result.outputs[-1] == "total=3"


def test_a_runaway_ruleset_is_stopped() -> None:
    def grow(bindings: Any) -> Consequence:
        return Consequence(facts=({"t": "n", "v": bindings["m"]["v"] + 1},))

    with RuleEngine("loop", [_rule("grow", {"m": {"t": "n"}}, grow)], max_actions=50) as engine:
        with pytest.raises(RuleLoopError):
            engine.evaluate([{"t": "n", "v": 0}])
        assert engine.evaluate([{"t": "other"}]).fired == ()


@pytest.mark.parametrize(
    ("when", "problem"),
    [
        ({"m": {"amount": 5}}, "type discriminator"),
        ({"m": {"$and": [{"t": "x"}, {"$s": 1}]}}, "session state"),
        ({"m$not": {"t": "x"}}, "reserved"),
        ({}, "at least one condition"),
    ],
)
def test_unsafe_rules_are_refused(when: dict[str, Any], problem: str) -> None:
    with pytest.raises(RuleDefinitionError, match=problem):
        RuleEngine("bad", [_rule("r", when, lambda b: Consequence())])


def test_duplicate_rule_names_are_refused() -> None:
    rule = _rule("r", {"m": {"t": "x"}}, lambda b: Consequence())
    with pytest.raises(RuleDefinitionError, match="duplicate"):
        RuleEngine("dup", [rule, rule])


# ---------------------------------------------------------------- embedding


def test_an_engine_never_closed_frees_its_ruleset_when_collected(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rulesets = RulesetCounter(monkeypatch)
    for _ in range(30):
        engine = Engine()
        engine.assess(BASE_PROFILE, as_of=DAY)
        del engine  # no close(): 3,000 of these used 5.6 GB in 0.1.0
    gc.collect()
    assert rulesets.live == set()


def test_close_stays_the_explicit_way_and_the_finaliser_does_not_run_twice(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rulesets = RulesetCounter(monkeypatch)
    engine = Engine()
    engine.close()
    assert rulesets.live == set()
    del engine
    gc.collect()  # a second delete_ruleset of the same handle would crash the C engine
    assert rulesets.live == set()


@pytest.mark.parametrize(
    "error",
    [
        InvalidProfile([("registered_province", "unknown province 'Atlantis'"), ("", "x")]),
        UnsupportedDate("as_of 2015-01-01 is before 2016-03-01"),
    ],
)
def test_errors_pickle(error: Exception) -> None:
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is type(error)
    assert str(copy) == str(error)
    if isinstance(error, InvalidProfile):
        assert isinstance(copy, InvalidProfile)
        assert copy.errors == error.errors


def test_an_invalid_profile_crosses_a_process_pool() -> None:
    # In 0.1.0 InvalidProfile could not be unpickled: BrokenProcessPool.
    with ProcessPoolExecutor(max_workers=1) as pool:
        future = pool.submit(assess, {"name": "X"})
        with pytest.raises(InvalidProfile) as caught:
            future.result(timeout=120)
        assert ("entity_type", "is required") in caught.value.errors
        assert pool.submit(assess, BASE_PROFILE, as_of=DAY).result(timeout=120).eligible


FORK_WHILE_ASSESSING = """
import os, sys, threading, datetime
sys.path.insert(0, sys.argv[1])
from conftest import BASE_PROFILE
from callcenter_rules import Engine, assess
day = datetime.date(2024, 6, 1)
engine = Engine()
stop = threading.Event()
def busy():
    while not stop.is_set():
        engine.assess(BASE_PROFILE, as_of=day)
        assess(BASE_PROFILE, as_of=day)
thread = threading.Thread(target=busy)
thread.start()
for _ in range(int(sys.argv[2])):
    pid = os.fork()
    if pid == 0:
        ok = engine.assess(BASE_PROFILE, as_of=day).eligible and assess(BASE_PROFILE, as_of=day).eligible
        os._exit(0 if ok else 3)
    _, status = os.waitpid(pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"a child failed: {status}")
stop.set()
thread.join()
print("ok")
"""


def test_forking_while_another_thread_assesses_never_deadlocks_the_child() -> None:
    # In 0.1.0 the child inherited a held lock and hung, 4 times in 10.
    done = subprocess.run(
        [sys.executable, "-c", FORK_WHILE_ASSESSING, str(Path(__file__).parent), "40"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"
