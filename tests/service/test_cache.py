"""The assessment cache (`Engine(cache_size=...)`): a repeat gets the assessment made the
first time, and nothing else ever does."""

from __future__ import annotations

import datetime
import os
import threading
from collections.abc import Iterator
from typing import Any

import attrs
import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from callcenter_rules import CacheInfo, Engine, Policy
from callcenter_rules.config import Config
from callcenter_rules.testing import strategies as cst

from conftest import BASE_PROFILE

DAY = datetime.date(2026, 11, 30)


@pytest.fixture(scope="module")
def cached() -> Iterator[Engine]:
    with Engine(cache_size=64) as built:
        yield built


def _dump(assessment: Any) -> bytes:
    return orjson.dumps(assessment.to_dict(), option=orjson.OPT_SORT_KEYS)


def test_no_cache_by_default(engine: Engine) -> None:
    engine.assess(BASE_PROFILE, as_of=DAY)
    assert engine.cache_info() == CacheInfo(hits=0, misses=0, max_size=0, size=0)
    first = engine.assess(BASE_PROFILE, as_of=DAY)
    assert engine.assess(BASE_PROFILE, as_of=DAY) is not first


def test_a_repeat_gets_the_assessment_made_the_first_time() -> None:
    with Engine(cache_size=4) as cached:
        first = cached.assess(BASE_PROFILE, as_of=DAY)
        again = cached.assess(dict(BASE_PROFILE), as_of=DAY)
        assert again is first
        assert cached.cache_info() == CacheInfo(hits=1, misses=1, max_size=4, size=1)


def test_the_day_the_trace_and_every_field_are_part_of_the_key() -> None:
    with Engine(cache_size=16) as cached:
        base = cached.assess(BASE_PROFILE, as_of=DAY)
        other_day = cached.assess(BASE_PROFILE, as_of=DAY - datetime.timedelta(days=1))
        traced = cached.assess(BASE_PROFILE, as_of=DAY, trace=True)
        renamed = cached.assess({**BASE_PROFILE, "name": "Another Co."}, as_of=DAY)
        assert len({id(base), id(other_day), id(traced), id(renamed)}) == 4
        assert base.trace is None
        assert traced.trace is not None
        assert other_day.as_of == DAY - datetime.timedelta(days=1)
        assert renamed.profile.name == "Another Co."
        assert cached.cache_info().misses == 4
        assert cached.cache_info().hits == 0
        assert cached.assess(BASE_PROFILE, as_of=DAY, trace=True) is traced


def test_a_province_spelled_another_way_is_the_same_input() -> None:
    with Engine(cache_size=4) as cached:
        code = cached.assess({**BASE_PROFILE, "registered_province": "110000"}, as_of=DAY)
        name = cached.assess({**BASE_PROFILE, "registered_province": "Beijing"}, as_of=DAY)
        zh = cached.assess({**BASE_PROFILE, "registered_province": "北京市"}, as_of=DAY)
        assert name is code
        assert zh is code


def test_an_amount_written_with_other_digits_is_another_input() -> None:
    # The assessment echoes the amount as written, so the two are not interchangeable.
    with Engine(cache_size=4) as cached, Engine() as fresh:
        plain = {**BASE_PROFILE, "registered_capital_cny": "500000"}
        cents = {**BASE_PROFILE, "registered_capital_cny": "500000.00"}
        one, two = cached.assess(plain, as_of=DAY), cached.assess(cents, as_of=DAY)
        assert one is not two
        assert _dump(two) == _dump(fresh.assess(cents, as_of=DAY))
        assert _dump(one) != _dump(two)


def test_the_least_recently_used_is_dropped() -> None:
    with Engine(cache_size=2) as cached:
        a = cached.assess({**BASE_PROFILE, "name": "A"}, as_of=DAY)
        b = cached.assess({**BASE_PROFILE, "name": "B"}, as_of=DAY)
        assert cached.assess({**BASE_PROFILE, "name": "A"}, as_of=DAY) is a  # A used last
        cached.assess({**BASE_PROFILE, "name": "C"}, as_of=DAY)  # drops B
        assert cached.cache_info().size == 2
        assert cached.assess({**BASE_PROFILE, "name": "A"}, as_of=DAY) is a
        assert cached.assess({**BASE_PROFILE, "name": "B"}, as_of=DAY) is not b


def test_a_closed_engine_refuses_even_a_repeat_and_keeps_nothing() -> None:
    from callcenter_rules import EngineClosed

    cached = Engine(cache_size=4)
    cached.assess(BASE_PROFILE, as_of=DAY)
    cached.close()
    assert cached.cache_info().size == 0
    with pytest.raises(EngineClosed, match="this engine is closed"):
        cached.assess(BASE_PROFILE, as_of=DAY)


def test_a_violation_day_given_as_a_datetime_reads_as_the_day(engine: Engine) -> None:
    from callcenter_rules import Party, Profile, Violation

    base = Profile.from_dict(BASE_PROFILE)
    by_day, by_time = (
        attrs.evolve(base, violations=(Violation(party=Party.COMPANY, date=when),))
        for when in (datetime.date(2016, 5, 1), datetime.datetime(2016, 5, 1, 9, 45))
    )
    with Engine(cache_size=4) as cached:
        first = cached.assess(by_day, as_of=datetime.date(2017, 1, 1))
        second = cached.assess(by_time, as_of=datetime.date(2017, 1, 1))
        assert second is first
        assert _dump(second) == _dump(engine.assess(by_time, as_of=datetime.date(2017, 1, 1)))


def test_cache_clear_drops_everything_and_zeroes_the_counts() -> None:
    with Engine(cache_size=4) as cached:
        first = cached.assess(BASE_PROFILE, as_of=DAY)
        cached.assess(BASE_PROFILE, as_of=DAY)
        cached.cache_clear()
        assert cached.cache_info() == CacheInfo(hits=0, misses=0, max_size=4, size=0)
        assert cached.assess(BASE_PROFILE, as_of=DAY) is not first


def test_invalid_input_is_refused_every_time_and_never_kept() -> None:
    from callcenter_rules import InvalidProfile

    with Engine(cache_size=4) as cached:
        for _ in range(2):
            with pytest.raises(InvalidProfile):
                cached.assess({**BASE_PROFILE, "registered_capital_cny": "-1"}, as_of=DAY)
        assert cached.cache_info() == CacheInfo(hits=0, misses=0, max_size=4, size=0)


def test_plan_does_not_fill_the_cache_with_its_changed_profiles() -> None:
    with Engine(cache_size=100) as cached:
        needy = {**BASE_PROFILE, "registered_capital_cny": "100000"}
        plan = cached.plan(needy, as_of=DAY)
        assert plan.options  # the search assessed changed profiles
        assert cached.cache_info().size == 1  # only the profile itself
        assert cached.assess(needy, as_of=DAY) is plan.assessment


@pytest.mark.parametrize(
    ("size", "error", "text"),
    [
        (-1, ValueError, "cache_size must be 0 (no cache) or more, got -1"),
        (True, TypeError, "cache_size must be a whole number of assessments, got bool"),
        (2.0, TypeError, "cache_size must be a whole number of assessments, got float"),
        ("8", TypeError, "cache_size must be a whole number of assessments, got str"),
    ],
)
def test_a_bad_cache_size_is_refused_naming_it(size: Any, error: type, text: str) -> None:
    with pytest.raises(error) as raised:
        Engine(cache_size=size)
    assert str(raised.value) == text


def test_a_configuration_builds_an_engine_with_a_cache() -> None:
    config = Config(policy=Policy(in_house_hotline_is_b24=True))
    with config.engine(cache_size=3) as built:
        assert built.cache_info().max_size == 3
        assert built.policy == config.policy
        assert "cache" not in repr(built.configuration)  # it changes no answer


@given(
    st.lists(cst.cases(), min_size=1, max_size=6),
    st.lists(st.tuples(st.integers(0, 5), st.booleans()), min_size=1, max_size=25),
)
def test_a_cached_engine_answers_exactly_as_an_uncached_one(
    cached: Engine,
    engine: Engine,
    distinct: list[tuple[dict[str, Any], datetime.date]],
    picks: list[tuple[int, bool]],
) -> None:
    """A stream with repeats: every answer byte for byte the uncached engine's, explain()
    included, and one hit per repeat."""
    cached.cache_clear()
    seen: set[bytes] = set()
    repeats = 0
    for index, trace in picks:
        profile, day = distinct[index % len(distinct)]
        got = cached.assess(profile, as_of=day, trace=trace)
        want = engine.assess(profile, as_of=day, trace=trace)
        assert _dump(got) == _dump(want)
        assert got.audit is not None
        assert want.audit is not None
        assert got.audit.input_hash == want.audit.input_hash
        if trace:
            assert got.explain() == want.explain()
            assert got.explain("zh") == want.explain("zh")
        key = _dump(want.profile) + day.isoformat().encode() + bytes([trace])
        repeats += key in seen
        seen.add(key)
    info = cached.cache_info()
    assert info.hits == repeats
    assert info.misses == len(picks) - repeats


def test_threads_share_one_cache_and_every_call_is_counted() -> None:
    profiles = [{**BASE_PROFILE, "name": f"Co. {n}"} for n in range(8)]
    with Engine(cache_size=4) as cached, Engine() as fresh:
        want = {p["name"]: _dump(fresh.assess(p, as_of=DAY)) for p in profiles}
        wrong: list[str] = []

        def work(offset: int) -> None:
            for n in range(200):
                profile = profiles[(n * 3 + offset) % len(profiles)]
                if _dump(cached.assess(profile, as_of=DAY)) != want[profile["name"]]:
                    wrong.append(profile["name"])

        threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        info = cached.cache_info()
        assert wrong == []
        assert info.hits + info.misses == 800
        assert info.size <= 4


def test_a_child_forked_while_the_cache_was_locked_can_use_it() -> None:
    with Engine(cache_size=4) as cached:
        cached.assess(BASE_PROFILE, as_of=DAY)
        lock = cached._cache._lock  # type: ignore[union-attr]
        lock.acquire()  # as if another thread were inside the cache at the fork
        try:
            pid = os.fork()
            if pid == 0:  # the child: a held lock would hang here for ever
                ok = False
                try:
                    done = threading.Event()
                    threading.Thread(
                        target=lambda: (cached.assess(BASE_PROFILE, as_of=DAY), done.set()),
                        daemon=True,
                    ).start()
                    ok = done.wait(30) and cached.cache_info().hits == 1
                finally:
                    os._exit(0 if ok else 1)
        finally:
            lock.release()
        _, status = os.waitpid(pid, 0)
        assert os.waitstatus_to_exitcode(status) == 0
