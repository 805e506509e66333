"""Over a fixed, seeded corpus every rule fires at least once."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from callcenter_rules import Engine, Policy
from callcenter_rules.law import RULES
from callcenter_rules.testing import cases

CORPUS_SIZE = 1500
#: Foreign-invested companies: the foreign-investment rules turn on equity, zone and day at
#: once, which a general draw rarely combines.
FOREIGN_CORPUS_SIZE = 1000
#: Foreign-invested companies registered in a zone whose status as a free-trade zone was
#: partial or late (Pudong, Hainan): a general draw pairs zone and province rarely.
ZONE_CORPUS_SIZE = 300


def test_every_rule_fires_over_the_seeded_corpus() -> None:
    fired: set[str] = set()
    seen = 0
    with Engine() as lenient, Engine(policy=Policy(in_house_hotline_is_b24=True)) as strict:

        @settings(max_examples=CORPUS_SIZE, derandomize=True, database=None)
        @given(case=cases())
        def collect(case: tuple[dict[str, Any], Any]) -> None:
            nonlocal seen
            profile, as_of = case
            seen += 1
            for engine in (lenient, strict):
                fired.update(engine.assess(profile, as_of=as_of).rules_fired)

        @settings(max_examples=FOREIGN_CORPUS_SIZE, derandomize=True, database=None)
        @given(case=cases(foreign_equity_percent=st.sampled_from(["30", "60", "100"])))
        def collect_foreign(case: tuple[dict[str, Any], Any]) -> None:
            collect.hypothesis.inner_test(case)  # type: ignore[attr-defined]

        @settings(max_examples=ZONE_CORPUS_SIZE, derandomize=True, database=None)
        @given(
            case=cases(
                foreign_equity_percent=st.sampled_from(["60", "100"]),
                registered_province=st.just("Shanghai"),
                service_provinces=st.just(["Shanghai"]),
                registered_zone=st.sampled_from(["shanghai_pudong_lingang", "free_trade_zone"]),
            )
            | cases(
                foreign_equity_percent=st.sampled_from(["60", "100"]),
                registered_province=st.just("Hainan"),
                service_provinces=st.just(["Hainan"]),
                registered_zone=st.just("hainan_free_trade_port"),
            )
        )
        def collect_zones(case: tuple[dict[str, Any], Any]) -> None:
            collect.hypothesis.inner_test(case)  # type: ignore[attr-defined]

        collect()
        collect_foreign()
        collect_zones()
    never = sorted({rule.id for rule in RULES} - fired)
    print(f"corpus: {seen} cases; rules fired: {len(fired)}/{len(RULES)}")
    assert never == [], f"rules that never fire over the corpus: {never}"
