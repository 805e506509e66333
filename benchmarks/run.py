"""The benchmark suite: run by hand, never as a timed test.

    python benchmarks/run.py                      # everything, 10,000 profiles, 1,000,000 for memory
    python benchmarks/run.py --quick              # 2,000 profiles, 100,000 for memory
    python benchmarks/run.py --only latency,oracle

Measures, on one seeded corpus drawn from callcenter_rules.testing:

1. ``assess()`` latency per profile (median, p99): each profile's best of ``--rounds``
   passes (default 3), and the first pass alone;
2. the plain-Python oracle (``callcenter_rules.testing.decide``) on the same corpus, alike;
3. the naive path with stock durable-rules (``Host.assert_fact`` per fact, ``get_facts``);
4. batch throughput with 1 and 2 worker processes;
5. cold start: a fresh process importing the package and assessing one profile;
6. resident memory after 1,000 and after 1,000,000 assessments in one process.

Prints a table with ratios and writes the figures to benchmarks/results/<time>.json.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
RESULTS = HERE / "results"
EXAMPLE = HERE.parent / "examples" / "nationwide_eligible.json"


def corpus(size: int) -> list[tuple[dict[str, Any], datetime.date]]:
    """``size`` (profile, as_of) cases, derandomised, cached per Hypothesis version."""
    import hypothesis
    from hypothesis import HealthCheck, given, settings

    from callcenter_rules.testing import cases

    RESULTS.mkdir(exist_ok=True)
    cache = RESULTS / f"corpus-{size}-hypothesis-{hypothesis.__version__}.jsonl"
    if cache.exists():
        rows = [
            json.loads(line) for line in cache.read_text(encoding="utf-8").rstrip("\n").split("\n")
        ]
        return [(row["profile"], datetime.date.fromisoformat(row["as_of"])) for row in rows]
    drawn: list[tuple[dict[str, Any], datetime.date]] = []

    @settings(max_examples=size * 2, derandomize=True, database=None, deadline=None,
              suppress_health_check=list(HealthCheck), phases=[hypothesis.Phase.generate])  # fmt: skip
    @given(cases())
    def collect(case: tuple[dict[str, Any], datetime.date]) -> None:
        if len(drawn) < size:
            profile, day = case
            drawn.append((json.loads(json.dumps(profile, default=str)), day))

    collect()
    with cache.open("w", encoding="utf-8") as out:
        for profile, day in drawn:
            out.write(
                json.dumps({"profile": profile, "as_of": day.isoformat()}, ensure_ascii=False)
                + "\n"
            )
    return drawn


def timings(
    fn: Callable[[dict[str, Any], datetime.date], Any],
    cases: list[tuple[dict[str, Any], datetime.date]],
    rounds: int = 1,
) -> dict[str, float]:
    """Each case timed ``rounds`` times, in passes over the whole corpus; the figures are
    of each case's best time. On a shared machine one pass can run 1.5-2x slow for
    seconds at a time: the best of three passes is steady where one pass is not. The
    first pass alone is reported too (``first_pass_*``), comparable with single-pass runs.
    """
    for profile, day in cases[:200]:  # warm up
        fn(profile, day)
    clock = time.perf_counter_ns
    best: list[int] = []
    first: list[int] = []
    for round_ in range(rounds):
        for index, (profile, day) in enumerate(cases):
            start = clock()
            fn(profile, day)
            elapsed = clock() - start
            if round_ == 0:
                first.append(elapsed)
                best.append(elapsed)
            elif elapsed < best[index]:
                best[index] = elapsed
    result = _summary(best)
    result["rounds"] = rounds
    if rounds > 1:
        result.update({f"first_pass_{k}": v for k, v in _summary(first).items() if k != "count"})
    return result


def _summary(samples: list[int]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "median_us": statistics.median(ordered) / 1000,
        "p99_us": ordered[int(len(ordered) * 0.99) - 1] / 1000,
        "mean_us": statistics.fmean(ordered) / 1000,
        "count": len(ordered),
    }


def bench_latency(
    cases: list[tuple[dict[str, Any], datetime.date]], rounds: int = 1
) -> dict[str, float]:
    from callcenter_rules import assess

    return timings(lambda p, d: assess(p, as_of=d), cases, rounds)


def bench_plan(cases: list[tuple[dict[str, Any], datetime.date]], size: int) -> dict[str, float]:
    """plan() on the first ``size`` cases (a plan assesses many changed profiles)."""
    from callcenter_rules import Engine

    engine = Engine()
    try:
        result = timings(lambda p, d: engine.plan(p, as_of=d), cases[:size])
        needed = [c for c in cases[:size] if engine.assess(c[0], as_of=c[1]).status.value
                  in {"ineligible", "incomplete"}]  # fmt: skip
        result["with_changes"] = timings(lambda p, d: engine.plan(p, as_of=d), needed)
        return result
    finally:
        engine.close()


def bench_oracle(
    cases: list[tuple[dict[str, Any], datetime.date]], rounds: int = 1
) -> dict[str, float]:
    from callcenter_rules.testing import decide

    return timings(lambda p, d: decide(p, d), cases, rounds)


def bench_naive(cases: list[tuple[dict[str, Any], datetime.date]]) -> dict[str, float]:
    from callcenter_rules.testing.stock import StockEngine

    stock = StockEngine()
    try:
        return timings(lambda p, d: stock.assess(p, as_of=d), cases)
    finally:
        stock.close()


def bench_batch(
    cases: list[tuple[dict[str, Any], datetime.date]], size: int | None = None, runs: int = 1
) -> dict[str, float]:
    """Rows per second of ``run_batch`` (start-up included) with 1 and 2 workers, full JSON
    Lines and summary CSV, on the corpus repeated to ``size`` rows; the best of ``runs``
    of each, the two alternating (on a shared machine the best run is the one least
    disturbed). Bytes per row of each."""
    from callcenter_rules.batch import run_batch

    day = datetime.date(2024, 6, 1)
    rows = size or len(cases)
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "in.jsonl"
        lines = [json.dumps(p, ensure_ascii=False) + "\n" for p, _ in cases]
        source.write_text("".join(lines[i % len(lines)] for i in range(rows)), encoding="utf-8")
        result: dict[str, float] = {"rows": float(rows), "runs": float(runs)}
        for key, suffix, detail in (("", ".jsonl", "full"), ("summary_csv_", ".csv", "summary")):
            best = {1: 0.0, 2: 0.0}
            # One worker and two alternate, so that a slow spell of the machine does not
            # fall on one kind only and skew the ratio.
            for _ in range(runs):
                for workers in (1, 2):
                    out = Path(folder) / f"out{workers}{suffix}"
                    start = time.perf_counter()
                    summary = run_batch(
                        source, out, as_of=day, workers=workers, detail=detail, overwrite=True
                    )
                    speed = summary.rows / (time.perf_counter() - start)
                    best[workers] = max(best[workers], speed)
            for workers, speed in best.items():
                result[f"{key}workers_{workers}_rows_per_s"] = speed
            outputs = [(Path(folder) / f"out{w}{suffix}").read_bytes() for w in (1, 2)]
            result[f"{key}same_output"] = float(outputs[0] == outputs[1])
            result[f"{key or 'full_'}bytes_per_row"] = len(outputs[0]) / rows
    return result


def bench_cold_start(runs: int = 7) -> dict[str, float]:
    code = (
        "import json, callcenter_rules;"
        f"callcenter_rules.assess(json.load(open({str(EXAMPLE)!r}, encoding='utf-8')))"
    )
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        samples.append(time.perf_counter() - start)
    baseline = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        baseline.append(time.perf_counter() - start)
    return {
        "median_ms": statistics.median(samples) * 1000,
        "bare_python_ms": statistics.median(baseline) * 1000,
    }


_MEMORY_CHILD = r"""
import json, sys, datetime
from callcenter_rules import assess
cases = [(c["profile"], datetime.date.fromisoformat(c["as_of"])) for c in map(json.loads, open(sys.argv[1], encoding="utf-8"))]
def rss_mb():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096 / 2**20
marks = {int(m): None for m in sys.argv[2].split(",")}
done = 0
for target in sorted(marks):
    while done < target:
        profile, day = cases[done % len(cases)]
        assess(profile, as_of=day)
        done += 1
    marks[target] = rss_mb()
print(json.dumps(marks))
"""


def bench_memory(cases: list[tuple[dict[str, Any], datetime.date]], total: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "cases.jsonl"
        source.write_text(
            "".join(
                json.dumps({"profile": p, "as_of": d.isoformat()}, ensure_ascii=False) + "\n"
                for p, d in cases
            ),
            encoding="utf-8",
        )
        marks = sorted({1000, total})
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", _MEMORY_CHILD, str(source), ",".join(map(str, marks))],
            check=True, capture_output=True, text=True,
        )  # fmt: skip
        elapsed = time.perf_counter() - start
    rss = {int(k): v for k, v in json.loads(done.stdout).items()}
    return {
        "rss_after_1000_mb": rss[1000],
        f"rss_after_{total}_mb": rss[total],
        "growth_mb": rss[total] - rss[1000],
        "assessments": float(total),
        "seconds": elapsed,
    }


def machine() -> dict[str, Any]:
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "cpus": os.cpu_count(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--quick", action="store_true", help="2,000 profiles and 100,000 for memory"
    )
    parser.add_argument("--size", type=int, default=None, help="corpus size (default 10,000)")
    parser.add_argument(
        "--memory",
        type=int,
        default=None,
        help="assessments for the memory run (default 1,000,000)",
    )
    parser.add_argument("--only", default="latency,oracle,naive,batch,cold,memory,plan")
    parser.add_argument("--plan-size", type=int, default=2000, help="cases for plan()")
    parser.add_argument(
        "--naive-size", type=int, default=2000, help="cases for the slow naive path"
    )
    parser.add_argument(
        "--batch-size",
        type=int,
        default=None,
        help="rows for the batch runs: the corpus repeated (default: the corpus size; "
        "20000 shows steady-state throughput, 2,000 rows are dominated by start-up)",
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="passes over the corpus for assess() and the oracle; each profile's best "
        "counts (default 3; 1 for a single pass)",
    )
    parser.add_argument(
        "--batch-runs", type=int, default=1, help="batch runs of each kind; the best counts"
    )
    args = parser.parse_args()
    if args.rounds < 1:
        parser.error(f"--rounds must be at least 1, not {args.rounds}")
    size = args.size or (2000 if args.quick else 10_000)
    memory_total = args.memory or (100_000 if args.quick else 1_000_000)
    only = set(args.only.split(","))

    cases = corpus(size)
    results: dict[str, Any] = {
        "machine": machine(),
        "corpus": len(cases),
        "when": datetime.datetime.now().isoformat(timespec="seconds"),
    }
    if "latency" in only:
        results["assess"] = bench_latency(cases, args.rounds)
    if "oracle" in only:
        results["oracle"] = bench_oracle(cases, args.rounds)
    if "plan" in only:
        results["plan"] = bench_plan(cases, args.plan_size)
    if "naive" in only:
        results["naive"] = bench_naive(cases[: args.naive_size])
    if "batch" in only:
        results["batch"] = bench_batch(cases, args.batch_size, args.batch_runs)
    if "cold" in only:
        results["cold_start"] = bench_cold_start()
    if "memory" in only:
        results["memory"] = bench_memory(cases, memory_total)

    print(report(results))
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{datetime.datetime.now():%Y%m%dT%H%M%S}.json"
    path.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"\nfigures written to {path.relative_to(HERE.parent)}")


def report(r: dict[str, Any]) -> str:
    lines = [
        f"corpus: {r['corpus']} profiles; Python {r['machine']['python']} on {r['machine']['processor']}, {r['machine']['cpus']} CPUs",
        "",
    ]
    rounds = r.get("assess", r.get("oracle", {})).get("rounds", 1)
    if rounds > 1:
        lines.append(f"assess() and oracle: each profile's best of {rounds:.0f} passes")
    lines.append(f"{'measure':<34}{'median':>12}{'p99':>12}")
    for key, label in (
        ("assess", "assess()"),
        ("oracle", "oracle (plain Python)"),
        ("naive", "naive stock durable-rules"),
    ):
        if key in r:
            lines.append(f"{label:<34}{r[key]['median_us']:>10.1f}µs{r[key]['p99_us']:>10.1f}µs")
            if "first_pass_median_us" in r[key]:
                label = f"  first pass of {r[key]['rounds']:.0f}"
                lines.append(
                    f"{label:<34}{r[key]['first_pass_median_us']:>10.1f}µs{r[key]['first_pass_p99_us']:>10.1f}µs"
                )
    if "plan" in r:
        p = r["plan"]
        lines.append(f"{'plan()':<34}{p['median_us'] / 1000:>10.2f}ms{p['p99_us'] / 1000:>10.2f}ms")
        w = p["with_changes"]
        lines.append(
            f"{'plan(), ineligible or incomplete':<34}{w['median_us'] / 1000:>10.2f}ms{w['p99_us'] / 1000:>10.2f}ms"
        )
    if "assess" in r and "oracle" in r:
        lines.append(
            f"{'ours / oracle (median)':<34}{r['assess']['median_us'] / r['oracle']['median_us']:>11.1f}x"
        )
    if "assess" in r and "naive" in r:
        lines.append(
            f"{'naive / ours (median)':<34}{r['naive']['median_us'] / r['assess']['median_us']:>11.1f}x"
        )
    if "batch" in r:
        b = r["batch"]
        if "rows" in b:
            lines.append(f"{'batch rows':<34}{b['rows']:>9,.0f}  (best of {b['runs']:.0f})")
        lines.append(f"{'batch, 1 worker':<34}{b['workers_1_rows_per_s']:>9,.0f} rows/s")
        lines.append(f"{'batch, 2 workers':<34}{b['workers_2_rows_per_s']:>9,.0f} rows/s")
        lines.append(
            f"{'2 workers / 1 worker':<34}{b['workers_2_rows_per_s'] / b['workers_1_rows_per_s']:>11.2f}x  (same output: {bool(b['same_output'])})"
        )
        if "summary_csv_workers_1_rows_per_s" in b:
            for w in (1, 2):
                label = f"batch summary CSV, {w} worker{'s' if w > 1 else ''}"
                lines.append(f"{label:<34}{b[f'summary_csv_workers_{w}_rows_per_s']:>9,.0f} rows/s")
            lines.append(
                f"{'summary CSV 2 workers / 1 worker':<34}{b['summary_csv_workers_2_rows_per_s'] / b['summary_csv_workers_1_rows_per_s']:>11.2f}x  (same output: {bool(b['summary_csv_same_output'])})"
            )
            lines.append(
                f"{'bytes per row, full / summary CSV':<34}{b['full_bytes_per_row']:>9,.0f} / {b['summary_csv_bytes_per_row']:,.0f}"
            )
    if "cold_start" in r:
        c = r["cold_start"]
        lines.append(
            f"{'cold start (import + 1 assess)':<34}{c['median_ms']:>10.0f}ms  (bare python {c['bare_python_ms']:.0f}ms)"
        )
    if "memory" in r:
        m = r["memory"]
        total = int(m["assessments"])
        lines.append(f"{'RSS after 1,000 assessments':<34}{m['rss_after_1000_mb']:>10.1f}MB")
        lines.append(
            f"{f'RSS after {total:,} assessments':<34}{m[f'rss_after_{total}_mb']:>10.1f}MB  (growth {m['growth_mb']:+.1f}MB, {m['seconds']:.0f}s)"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    main()
