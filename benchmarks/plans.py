"""plan() by profile class: run by hand, never as a timed test.

    python benchmarks/plans.py                 # 2,000 corpus profiles, 300 per class
    python benchmarks/plans.py --size 500 --per-class 100

Each class is drawn (derandomised) from `callcenter_rules.testing.cases`, pinned where the
class says so. For each class: plan() median, p99 and worst, each profile's best of
``--rounds`` passes, beside assess() on the same profiles in the same run (the ratio is
what compares across machines), and the worst profiles with what made them slow (options,
obstacles, the profiles the search assessed). Writes benchmarks/results/plans-<time>.json.
"""

from __future__ import annotations

import argparse
import datetime
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
RESULTS = HERE / "results"

Case = tuple[dict[str, Any], datetime.date]


def _classes() -> dict[str, Any]:
    from hypothesis import strategies as st

    from callcenter_rules.testing import cases

    return {
        "corpus": cases(),
        # The many-problem profiles: capital far short, staff missing or none, no plan.
        "troubled": cases(
            registered_capital_cny=st.sampled_from(["0.01", "500000", "999999.99", "5000000"]),
            professional_staff=st.sampled_from([None, 0, 5]),
            has_technical_plan=st.sampled_from([None, False, True]),
        ),
        "foreign": cases(foreign_equity_percent=st.sampled_from(["50.01", "75", "100"])),
        "many_provinces": cases(
            service_provinces=st.lists(
                st.sampled_from(
                    ["Beijing", "Hebei", "Shanghai", "Jiangsu", "Guangdong", "Sichuan"]
                ),
                min_size=2,
                max_size=6,
                unique=True,
            )
        ),
        "unknowns": cases(
            professional_staff=None,
            has_premises_and_facilities=None,
            has_technical_plan=None,
            long_term_service_capability=None,
            on_dishonesty_list=None,
        ),
        "long_text": cases(
            name=st.just("名" * 300), violations=st.just([]), activities=st.just(["telemarketing"])
        ),
    }


def draw(strategy: Any, size: int) -> list[Case]:
    import hypothesis
    from hypothesis import HealthCheck, given, settings

    drawn: list[Case] = []

    @settings(max_examples=size * 3, derandomize=True, database=None, deadline=None,
              suppress_health_check=list(HealthCheck), phases=[hypothesis.Phase.generate])  # fmt: skip
    @given(strategy)
    def collect(case: Case) -> None:
        if len(drawn) < size:
            profile, day = case
            drawn.append((json.loads(json.dumps(profile, default=str)), day))

    collect()
    return drawn


def best_of(call: Callable[[], Any], rounds: int) -> int:
    best = None
    for _ in range(rounds):
        start = time.perf_counter_ns()
        call()
        took = time.perf_counter_ns() - start
        best = took if best is None else min(best, took)
    assert best is not None
    return best


def summary(samples: list[int]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "median_ms": statistics.median(ordered) / 1e6,
        "p99_ms": ordered[max(int(len(ordered) * 0.99) - 1, 0)] / 1e6,
        "max_ms": ordered[-1] / 1e6,
        "count": len(ordered),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=2000, help="profiles in the corpus class")
    parser.add_argument("--per-class", type=int, default=300, help="profiles in other classes")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--worst", type=int, default=5)
    args = parser.parse_args()

    from callcenter_rules import Engine

    results: dict[str, Any] = {"argv": sys.argv[1:], "classes": {}}
    with Engine() as engine:
        for name, strategy in _classes().items():
            cases = draw(strategy, args.size if name == "corpus" else args.per_class)
            plans: list[tuple[int, Case]] = []
            assessed: list[int] = []
            for profile, day in cases:
                engine.plan(profile, as_of=day)  # warm the profile's paths once
                planned = best_of(lambda p=profile, d=day: engine.plan(p, as_of=d), args.rounds)
                plans.append((planned, (profile, day)))
                assessed.append(
                    best_of(lambda p=profile, d=day: engine.assess(p, as_of=d), args.rounds)
                )
            plan_summary = summary([took for took, _ in plans])
            assess_summary = summary(assessed)
            worst = []
            for took, (profile, day) in sorted(plans, key=lambda item: -item[0])[: args.worst]:
                found = engine.plan(profile, as_of=day)
                worst.append(
                    {
                        "ms": took / 1e6,
                        "as_of": day.isoformat(),
                        "status": found.assessment.status.value,
                        "codes": list(found.assessment.codes),
                        "options": len(found.options),
                        "obstacles": [o.code for o in found.obstacles],
                        "profile": profile,
                    }
                )
            results["classes"][name] = {
                "plan": plan_summary,
                "assess": assess_summary,
                "plan_over_assess_median": plan_summary["median_ms"] / assess_summary["median_ms"],
                "worst": worst,
            }
            print(
                f"{name:<15} plan median {plan_summary['median_ms']:7.2f} ms  "
                f"p99 {plan_summary['p99_ms']:7.2f} ms  max {plan_summary['max_ms']:7.2f} ms  "
                f"(assess median {assess_summary['median_ms']:.3f} ms; "
                f"plan/assess {results['classes'][name]['plan_over_assess_median']:.0f}x)",
                flush=True,
            )
            for row in worst[:3]:
                print(
                    f"    {row['ms']:7.2f} ms  {row['as_of']} {row['status']:<12} "
                    f"options {row['options']}  {', '.join(row['codes'][:6])}"
                )
    RESULTS.mkdir(exist_ok=True)
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    out = RESULTS / f"plans-{stamp}.json"
    out.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"written: {out.relative_to(HERE.parent)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
