"""Over a fixed, seeded corpus every rule fires at least once."""

from __future__ import annotations

import datetime
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from callcenter_rules import Engine, Policy
from callcenter_rules.law import RULES
from callcenter_rules.testing import cases, licences

CORPUS_SIZE = 1500
#: Foreign-invested companies: the foreign-investment rules turn on equity, zone and day at
#: once, which a general draw rarely combines.
FOREIGN_CORPUS_SIZE = 1000
#: Foreign-invested companies registered in a zone whose status as a free-trade zone was
#: partial or late (Pudong, Hainan): a general draw pairs zone and province rarely.
ZONE_CORPUS_SIZE = 300
#: Foreign-invested offshore call centers: the pilots of the demonstration cities and of
#: CEPA turn on the city and the investor's origin as well.
OFFSHORE_CORPUS_SIZE = 400
#: Short spans of days: the Shanghai pilot's, and Hainan's before its free-trade zone.
PILOT_CORPUS_SIZE = 200
#: Licence holders' reviews, with and without the business's profile: the holder rules.
REVIEW_CORPUS_SIZE = 600


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
            # The year of the 2018 FTZ list, when a zone only partly a free-trade zone
            # left the cap uncertain.
            | cases(
                foreign_equity_percent=st.sampled_from(["60", "100"]),
                registered_province=st.just("Shanghai"),
                service_provinces=st.just(["Shanghai"]),
                registered_zone=st.just("shanghai_pudong_lingang"),
                days=st.dates(datetime.date(2018, 7, 30), datetime.date(2019, 7, 29)),
            )
        )
        def collect_zones(case: tuple[dict[str, Any], Any]) -> None:
            collect.hypothesis.inner_test(case)  # type: ignore[attr-defined]

        @settings(max_examples=OFFSHORE_CORPUS_SIZE, derandomize=True, database=None)
        @given(
            case=cases(
                foreign_equity_percent=st.sampled_from(["60", "100"]),
                end_users=st.just(["overseas"]),
                clients=st.just(["overseas"]),
                registered_city=st.sampled_from(
                    ["dongguan", "zhuhai", "fuzhou", "changchun", "xiamen", "other", None]
                ),
                foreign_investor_origin=st.sampled_from(["hong_kong", "macau", "other", None]),
                other_value_added_services=st.sampled_from([[], ["B21"], ["B25", "B22"]]),
            )
        )
        def collect_offshore(case: tuple[dict[str, Any], Any]) -> None:
            collect.hypothesis.inner_test(case)  # type: ignore[attr-defined]

        #: The Shanghai free-trade zone pilot and Hainan's first months of 2018-2019: short
        #: spans of days, drawn within them.
        @settings(max_examples=PILOT_CORPUS_SIZE, derandomize=True, database=None)
        @given(
            case=cases(
                days=st.dates(datetime.date(2016, 3, 1), datetime.date(2018, 7, 29)),
                foreign_equity_percent=st.sampled_from(["30", "60", "100"]),
                registered_province=st.just("Shanghai"),
                service_provinces=st.sampled_from([["Shanghai"], ["Shanghai", "Jiangsu"]]),
                registered_zone=st.just("shanghai_ftz_original"),
            )
            | cases(
                days=st.dates(datetime.date(2018, 7, 30), datetime.date(2018, 10, 15)),
                foreign_equity_percent=st.sampled_from(["60", "100"]),
                registered_province=st.just("Hainan"),
                service_provinces=st.just(["Hainan"]),
                registered_zone=st.just("hainan_free_trade_port"),
            )
        )
        def collect_pilots(case: tuple[dict[str, Any], Any]) -> None:
            collect.hypothesis.inner_test(case)  # type: ignore[attr-defined]

        collect()
        collect_foreign()
        collect_zones()
        collect_offshore()
        collect_pilots()

        @settings(max_examples=REVIEW_CORPUS_SIZE, derandomize=True, database=None)
        @given(
            licence=licences(),
            case=cases(days=st.dates(datetime.date(2017, 9, 1), datetime.date(2030, 12, 31))),
            with_profile=st.booleans(),
        )
        def collect_reviews(
            licence: dict[str, Any], case: tuple[dict[str, Any], Any], with_profile: bool
        ) -> None:
            profile, as_of = case
            review = lenient.review(licence, profile if with_profile else None, as_of=as_of)
            fired.update(review.rules_fired)

        # Licences issued in January 2019 (a five-year term mostly: renewal due in October
        # 2023, expiry in January 2024), reviewed around those days: the renewal reminder's
        # window, a renewal applied for late, and the licence expired.
        @settings(max_examples=160, derandomize=True, database=None)
        @given(
            licence=licences(
                first_issue=datetime.date(2019, 1, 1), last_issue=datetime.date(2019, 1, 31)
            ),
            day=st.dates(datetime.date(2023, 7, 15), datetime.date(2024, 2, 15)),
        )
        def collect_renewals(licence: dict[str, Any], day: datetime.date) -> None:
            fired.update(lenient.review(licence, as_of=day).rules_fired)

        # Reviewed within days of one of the licence's changes: the notices due within ten
        # working days (a change of address with 95 or 96 numbers, say) are owed only then,
        # a window a draw over the whole term seldom hits.
        @settings(max_examples=300, derandomize=True, database=None)
        @given(
            licence=licences(first_issue=datetime.date(2017, 9, 1)),
            pick=st.integers(min_value=0, max_value=3),
            after=st.integers(min_value=0, max_value=14),
        )
        def collect_event_windows(licence: dict[str, Any], pick: int, after: int) -> None:
            events = licence["events"]
            if events:
                happened = datetime.date.fromisoformat(events[pick % len(events)]["happened_on"])
                day = happened + datetime.timedelta(days=after)
                fired.update(lenient.review(licence, as_of=day).rules_fired)

        collect_reviews()
        collect_renewals()
        collect_event_windows()
    never = sorted({rule.id for rule in RULES} - fired)
    print(f"corpus: {seen} cases; rules fired: {len(fired)}/{len(RULES)}")
    assert never == [], f"rules that never fire over the corpus: {never}"
