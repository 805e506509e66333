"""Engine hygiene: sessions, rulesets, threads, errors, closing."""

from __future__ import annotations

import datetime
import gc
import json
import pickle
import platform
import subprocess
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from decimal import Decimal
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
from callcenter_rules.compile import CompileError, compile_law
from callcenter_rules.engine import (
    MAX_EXPRESSION_ENTRIES,
    Consequence,
    RuleDefinitionError,
    RuleEngine,
    RuleLoopError,
    RuleSpec,
    expression_entries,
)
from callcenter_rules.law import RULES
from callcenter_rules.law.facts import COMPANY
from callcenter_rules.law.language import Rule
from callcenter_rules.law.parameters import default_table

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


@pytest.mark.parametrize("name", ["plain", "规则", 'quote"d', "back\\slash", "tab\there"])
def test_actions_and_firings_see_the_facts_matched_whatever_the_rule_name(name: str) -> None:
    # Bindings are read off the engine's message when first used; a rule name that JSON
    # escapes takes the other path. Either way the action, the firing record (also after
    # pickling) and the next evaluation see exactly the facts matched.
    reads: list[Any] = []

    def remember(bindings: Any) -> Consequence:
        reads.append(bindings["a"]["n"])
        return Consequence(outputs=(name,))

    def ignore(_bindings: Any) -> Consequence:
        return Consequence()

    rules = [
        _rule(name, {"a": {"t": "a"}, "b": {"t": "b"}}, remember),
        _rule("other", {"b": {"t": "b"}}, ignore),
    ]
    with RuleEngine("names", rules) as engine:
        first = engine.evaluate([{"t": "a", "n": 1, "s": "x\ty"}, {"t": "b", "n": 2}])
        second = engine.evaluate([{"t": "a", "n": 3}, {"t": "b", "n": 4}])
    assert reads == [1, 3]
    assert first.outputs == (name,)
    fired = {f.rule: f.bindings for f in first.fired}
    assert set(fired) == {name, "other"}
    expected = {"a": {"t": "a", "n": 1, "s": "x\ty"}, "b": {"t": "b", "n": 2}}
    matched = {
        alias: {k: v for k, v in fact.items() if k not in {"id", "sid"}}
        for alias, fact in fired[name].items()
    }
    assert matched == expected
    assert dict(fired["other"])["b"]["n"] == 2  # never read by its action: parsed now
    assert pickle.loads(pickle.dumps(first)) == first
    assert {f.rule: dict(f.bindings) for f in second.fired}[name]["a"]["n"] == 3


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
from callcenter_rules.compile import CompileError, compile_law
from callcenter_rules.law import RULES
from callcenter_rules.law.facts import COMPANY
from callcenter_rules.law.language import Rule
from callcenter_rules.law.parameters import default_table

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
        [sys.executable, "-c", FORK_WHILE_ASSESSING, str(Path(__file__).parents[1]), "40"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


# ---------------------------------------------------------------- error 102 at its root
#
# durable-rules 2.0.28 type-checks an uninitialised byte of the node that an $iany/$iall
# condition ending in $or ends on (rete.c:1313): a stale 0x09 or 0x0C there refused a
# valid definition with error 102. `harden_definition` rewrites that shape away.

ITEM_EXISTS = {"$ex": {"$i": 1}}
WANTED = ["inbound_customer_service", "outbound_calling", "telemarketing"]
ANY_OF = {"$or": [{"$i": value} for value in WANTED]}


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        # A bare $or inside $iany/$iall: wrapped in an $and with "the item exists".
        (
            {"$iany": {"f": ANY_OF}},
            {"$iany": {"f": {"$and": [ANY_OF, ITEM_EXISTS]}}},
        ),
        (
            {"$iall": {"f": ANY_OF}},
            {"$iall": {"f": {"$and": [ANY_OF, ITEM_EXISTS]}}},
        ),
        # The array condition nested in the alias's $and (how the rules are written).
        (
            {"$and": [{"t": "p"}, {"$iany": {"f": ANY_OF}}]},
            {"$and": [{"t": "p"}, {"$iany": {"f": {"$and": [ANY_OF, ITEM_EXISTS]}}}]},
        ),
        # An inner $and ending in $or (also two levels down): "the item exists" appended.
        (
            {"$iany": {"f": {"$and": [{"$neq": {"$i": "x"}}, ANY_OF]}}},
            {"$iany": {"f": {"$and": [{"$neq": {"$i": "x"}}, ANY_OF, ITEM_EXISTS]}}},
        ),
        (
            {"$iall": {"f": {"$and": [{"$neq": {"$i": "x"}}, {"$and": [{"$i": 1}, ANY_OF]}]}}},
            {
                "$iall": {
                    "f": {
                        "$and": [
                            {"$neq": {"$i": "x"}},
                            {"$and": [{"$i": 1}, ANY_OF]},
                            ITEM_EXISTS,
                        ]
                    }
                }
            },
        ),
        # An $iany inside an $iany: each level on its own.
        (
            {"$iany": {"f": {"$iany": {"g": ANY_OF}}}},
            {"$iany": {"f": {"$iany": {"g": {"$and": [ANY_OF, ITEM_EXISTS]}}}}},
        ),
    ],
)
def test_array_conditions_ending_in_or_are_rewritten(
    condition: dict[str, Any], expected: dict[str, Any]
) -> None:
    before = pickle.dumps(condition)
    hardened = engine_module.harden_definition(condition)
    assert hardened == expected
    assert pickle.dumps(condition) == before  # the input is not changed
    assert engine_module.harden_definition(hardened) == hardened  # once is enough


@pytest.mark.parametrize(
    "condition",
    [
        {"$iany": {"f": {"$i": "inbound_customer_service"}}},
        {"$iall": {"f": {"$and": [{"$neq": {"$i": "a"}}, {"$neq": {"$i": "b"}}]}}},
        {"$iany": {"f": {"$and": [ANY_OF, {"$neq": {"$i": "x"}}]}}},  # $or not last
        {"$or": [{"t": "a"}, {"t": "b"}]},  # an $or outside any array condition
        {"$and": [{"t": "p"}, {"$or": [{"n": 1}, {"n": 2}]}]},
        {"$and": [{"t": "p"}, {"$iany": {"f": {"$and": []}}}]},
    ],
)
def test_other_conditions_are_left_alone(condition: dict[str, Any]) -> None:
    assert engine_module.harden_definition(condition) == condition


def test_the_project_definition_is_hardened_where_it_needs_to_be(engine: Engine) -> None:
    definition = json.loads(engine._engine.definition_json)

    def array_conditions(node: Any) -> Iterator[tuple[str, Any]]:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("$iany", "$iall"):
                    ((_, inner),) = value.items()
                    yield key, inner
                yield from array_conditions(value)
        elif isinstance(node, list):
            for item in node:
                yield from array_conditions(item)

    inner = [c for _, c in array_conditions(definition)]
    assert inner
    assert not any(engine_module._ends_in_or(c) for c in inner)
    # The rules that list activities or other services by value use the rewrite.
    assert sum(c.get("$and", [None])[-1] == ITEM_EXISTS for c in inner) >= 3


def test_the_expression_sequence_cap_is_counted_right_and_kept(engine: Engine) -> None:
    # The count above, against the C engine: 30 entries compile, 32 are refused (113).
    def nested(groups: int) -> dict[str, Any]:
        condition: dict[str, Any] = {"v": 1}
        for _ in range(groups - 1):
            condition = {"$and": [condition, {"v": 1}]}
        return {"$and": [{"t": "x"}, condition]}

    assert expression_entries(nested(15)) == 30
    RuleEngine("cap30", [_rule("r", {"m": nested(15)}, lambda b: Consequence())]).close()
    assert expression_entries(nested(16)) == 32
    with pytest.raises(RuleDefinitionError, match=r"error code: 113 .*limit is 31"):
        RuleEngine("cap32", [_rule("r", {"m": nested(16)}, lambda b: Consequence())])
    joins = {"$and": [{"t": "y"}, *({f"f{i}": {"a": "g"}} for i in range(4))]}
    assert expression_entries(joins) == 6
    # Every alias of the project's rewritten definition stays well under the cap.
    definition = json.loads(engine._engine.definition_json)
    longest = max(
        expression_entries(condition)
        for rule in definition.values()
        for alias in rule["all"]
        for condition in alias.values()
    )
    # The exceptions to the foreign-equity cap, negated into the rule they except, make the
    # longest; the compiler refuses a rule past the cap, naming it (below).
    assert 16 <= longest <= MAX_EXPRESSION_ENTRIES, longest


def test_the_compiler_names_a_rule_too_long_for_the_engine() -> None:
    long_choice = COMPANY.activities.includes("seat_rental")
    for value in ("system_rental", "cloud_call_center", "agent_outsourcing") * 6:
        long_choice = long_choice | (COMPANY.registered_zone == "none") & (
            COMPANY.activities.includes(value)
        )
    rule = Rule(
        id="TOO-LONG",
        summary="A rule whose condition does not fit the engine.",
        summary_zh="条件过长的规则。",
        sources=RULES[0].sources,
        when={"company": long_choice},
    )
    with pytest.raises(CompileError, match=r"rule TOO-LONG: its condition on 'company' needs \d+"):
        compile_law((*RULES, rule), default_table())


class CreateCounter:
    """Counts the C engine's create_ruleset calls."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls: list[str] = []
        real = durable_rules_engine.create_ruleset

        def create(name: str, definition: str) -> int:
            try:
                handle = real(name, definition)
            except durable_rules_engine.error as error:
                self.calls.append(str(error))
                raise
            self.calls.append("ok")
            return int(handle)

        monkeypatch.setattr(engine_module._dre, "create_ruleset", create)


def test_a_wrong_definition_is_refused_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # A comparison with another fact inside $iany is the check's real purpose: error 102,
    # reported after one attempt (no retry), with what it means.
    creates = CreateCounter(monkeypatch)
    when = {"a": {"t": "x"}, "b": {"$and": [{"t": "y"}, {"$iany": {"f": {"$i": {"a": "g"}}}}]}}
    with pytest.raises(RuleDefinitionError, match=r"error code: 102 \(.*inside \$iany"):
        RuleEngine("join_in_array", [_rule("r", when, lambda b: Consequence())])
    assert len(creates.calls) == 1


def _original_engine(
    monkeypatch: pytest.MonkeyPatch, name: str, rules: list[RuleSpec]
) -> RuleEngine:
    """An engine on the definition as written (the rewrite switched off)."""
    with monkeypatch.context() as patch:
        patch.setattr(engine_module, "harden_definition", lambda definition: definition)
        refusals = []
        for _attempt in range(5):  # the original can hit the very defect: error 102
            try:
                return RuleEngine(name, rules)
            except RuleDefinitionError as error:
                refusals.append(str(error))
        raise AssertionError(f"the original definition was refused five times: {refusals}")


ARRAY_CONDITIONS = {
    "any_or": {"$iany": {"f": ANY_OF}},
    "all_or": {"$iall": {"f": ANY_OF}},
    "any_and_or": {"$iany": {"f": {"$and": [{"$neq": {"$i": "telemarketing"}}, ANY_OF]}}},
    "all_and_or": {"$iall": {"f": {"$and": [{"$neq": {"$i": "telemarketing"}}, ANY_OF]}}},
}
MISSING = object()
ARRAY_VALUES: list[Any] = [
    [],
    ["inbound_customer_service"],
    ["outbound_calling", "telemarketing"],  # two items match: still one firing
    ["inbound_customer_service", "inbound_customer_service"],
    ["telemarketing"],
    ["inbound_customer_service", "seat_rental"],
    ["seat_rental"],
    # near misses
    ["outbound_calling_x"],
    ["Outbound_calling"],
    ["xoutbound_calling"],
    ["outbound"],
    [""],
    ["inbound_customer_service "],
    ["呼入客户服务"],
    ["outbound_calling\t"],
    [["outbound_calling"]],
    [{"$i": "outbound_calling"}],
    [None],
    [0, 1],
    [True],
    # not arrays, or absent
    "outbound_calling",
    "",
    1,
    None,
    True,
    {"x": "outbound_calling"},
    MISSING,
]


def _expected(name: str, value: Any) -> bool:
    if not isinstance(value, list):
        return False

    def item_ok(item: Any) -> bool:
        if name.endswith("and_or") and item == "telemarketing":
            return False
        return isinstance(item, str) and item in WANTED

    if name.startswith("any"):
        return any(item_ok(item) for item in value)
    return bool(value) and all(item_ok(item) for item in value)  # $iall: not on []


def test_the_rewritten_conditions_match_exactly_what_the_originals_match(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def rules() -> list[RuleSpec]:
        made = []
        for name, condition in ARRAY_CONDITIONS.items():
            alone = {"p": {"$and": [{"t": "p"}, condition]}}
            # ... and as the second alias of a join, where duplicates would show.
            joined = {"q": {"t": "q"}, "p": {"$and": [{"t": "p"}, condition]}}
            made.append(_rule(name, alone, lambda b: Consequence()))
            made.append(_rule(name + "_join", joined, lambda b: Consequence()))
        return made

    with (
        RuleEngine("rewritten", rules()) as rewritten,
        _original_engine(monkeypatch, "original", rules()) as original,
    ):
        assert rewritten.definition_json != original.definition_json
        for value in ARRAY_VALUES:
            fact = {"t": "p"} if value is MISSING else {"t": "p", "f": value}
            got = [f.rule for f in rewritten.evaluate([fact, {"t": "q"}]).fired]
            before = [f.rule for f in original.evaluate([fact, {"t": "q"}]).fired]
            assert sorted(got) == sorted(before), value
            for name in ARRAY_CONDITIONS:
                want = int(_expected(name, value))
                assert (got.count(name), got.count(name + "_join")) == (want, want), (
                    name,
                    value,
                )


def test_a_top_level_or_of_iany_would_fire_twice() -> None:
    # Why the rewrite keeps the $or inside the array condition.
    split = {"$or": [{"$iany": {"f": {"$i": value}}} for value in WANTED]}
    rules = [_rule("split", {"p": {"$and": [{"t": "p"}, split]}}, lambda b: Consequence())]
    with RuleEngine("split", rules) as engine:
        fired = engine.evaluate([{"t": "p", "f": ["outbound_calling", "telemarketing"]}]).fired
    assert [f.rule for f in fired] == ["split", "split"]


# In a fresh process: leave freed heap memory full of one byte value right before the C
# engine creates the project's ruleset (300 blocks of 8 KB freed, an 8 KB fence keeping
# them from being trimmed off the heap), and count create_ruleset attempts. The node pool
# grows by realloc into that memory, so the forward node's stale byte is the sprayed one.
SPRAY_THEN_CREATE = """
import json, sys
from callcenter_rules import Engine
from callcenter_rules import engine as engine_module

byte, rewrite = int(sys.argv[1]), sys.argv[2] == "rewrite"
if not rewrite:
    engine_module.harden_definition = lambda definition: definition
real = engine_module._dre.create_ruleset
attempts = []

def sprayed_create(name, definition):
    # 8 MB: with the holder rules the node pool grows past what 2.4 MB (300 blocks)
    # covered, and the control went unrefused in about a quarter of fresh processes.
    junk = [bytes([byte]) * 8000 for _ in range(1000)]
    fence = bytes(8000)
    del junk
    try:
        handle = real(name, definition)
    except engine_module._dre.error as error:
        attempts.append(str(error))
        raise
    attempts.append("ok")
    return handle

engine_module._dre.create_ruleset = sprayed_create
try:
    with Engine() as engine:
        assert engine.assess(json.loads(sys.argv[3]), as_of=None).eligible
except engine_module.RuleDefinitionError:
    pass
print(json.dumps(attempts))
"""


def _spray_then_create(byte: int, rewrite: bool) -> list[str]:
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            SPRAY_THEN_CREATE,
            str(byte),
            "rewrite" if rewrite else "original",
            json.dumps(BASE_PROFILE),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    attempts: list[str] = json.loads(done.stdout)
    return attempts


GLIBC = sys.platform == "linux" and platform.libc_ver()[0] == "glibc"


@pytest.mark.skipif(not GLIBC, reason="the spray relies on glibc malloc's reuse of freed blocks")
@pytest.mark.parametrize("byte", [0x09, 0x0C])
def test_stale_tab_or_form_feed_bytes_no_longer_refuse_the_ruleset(byte: int) -> None:
    # The control: the definition as written is refused on the first attempt, so the
    # subprocess really recreates the stale-byte condition...
    original = _spray_then_create(byte, rewrite=False)
    assert original, "create_ruleset was never called"
    assert "error code: 102" in original[0], original
    # ... and the engine, with the rewrite, creates the ruleset at the first attempt.
    assert _spray_then_create(byte, rewrite=True) == ["ok"]


def test_a_derived_fact_that_is_not_json_is_refused_even_if_no_rule_reads_it() -> None:
    def derive(_bindings: Any) -> Consequence:
        return Consequence(facts=({"t": "unread", "v": Decimal("1.5")},))

    with RuleEngine("not-json", [_rule("derive", {"a": {"t": "a"}}, derive)]) as engine:
        with pytest.raises(TypeError):
            engine.evaluate([{"t": "a"}])
        # The session was replaced; the engine goes on.
        assert engine.evaluate([{"t": "b"}]).fired == ()
