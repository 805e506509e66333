"""Build engines in many fresh processes and check each one: creation and verdicts.

Run by hand, not in CI (2,000 processes take about 20 minutes with two jobs):

    python scripts/stress_engines.py                       # 2,000 processes
    python scripts/stress_engines.py --tabs -n 300         # after tab-heavy text
    python scripts/stress_engines.py --tabs -n 300 --before  # the engine before the fix

Each process imports the library, builds ``Engine()`` while counting durable-rules'
``create_ruleset`` attempts and refusals, then assesses a fixed set of profiles (the
bundled examples and the first 200 lines of ``examples/batch_1000.jsonl``, on a fixed day)
and compares every verdict (status, licence type, authority, business scopes, finding
codes) with the independent oracle, ``callcenter_rules.testing.decide``.

``--tabs`` first handles about 2.4 MB of tab-separated text in 8 KB pieces, as a job
reading a TSV upload would, before the engine is built: the freed memory is full of 0x09
bytes, the value that made durable-rules refuse the ruleset with error 102 (see "Error 102"
in docs/design.md).

``--before`` measures the engine as it was before that fix: the definition is handed to
the C engine without `harden_definition`, and a refused creation is retried up to five
times, as the engine then did. It is for this script only.

The report: processes, first-attempt refusals, retries, engines never built, verdicts
that differ from the oracle (each listed), distinct verdict fingerprints across the
processes (one means every process decided every profile alike), processes that crashed,
and the wall time. The exit status is 1 if anything but the first three is non-zero (or
the fingerprints differ), else 0.
"""

from __future__ import annotations

import argparse
import collections
import concurrent.futures
import datetime
import hashlib
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
AS_OF = datetime.date(2024, 6, 1)
BATCH_LINES = 200
OLD_ATTEMPTS = 5  # the retry the engine had before error 102 was fixed at its root


# ---------------------------------------------------------------- one process

_FENCE = b""


def _handle_tab_separated_text(seed: int) -> int:
    """Read ~2.4 MB of random tab-separated numbers in 8 KB pieces, then let it go."""
    rng = random.Random(seed)
    rows = "".join(
        "\t".join(str(rng.randint(0, 999)) for _ in range(8)) + "\n" for _ in range(80_000)
    ).encode()
    pieces = [rows[i : i + 8000] for i in range(0, len(rows), 8000)]
    del rows
    tabs = sum(piece.count(b"\t") for piece in pieces)
    global _FENCE
    _FENCE = bytes(8000)  # keeps the freed pieces from being trimmed off the heap
    del pieces
    return tabs


def _profiles() -> list[tuple[str, str]]:
    """(label, JSON text) of every profile assessed, in a fixed order."""
    found = [(path.name, path.read_text("utf-8")) for path in sorted(EXAMPLES.glob("*.json"))]
    with (EXAMPLES / "batch_1000.jsonl").open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if number > BATCH_LINES:
                break
            found.append((f"batch_1000.jsonl:{number}", line))
    return found


def child(tabs: bool, before: bool) -> dict[str, Any]:
    """Everything one fresh process measures."""
    from callcenter_rules import Engine, InvalidProfile, UnsupportedDate
    from callcenter_rules import engine as engine_module
    from callcenter_rules._durable import durable_rules_engine as dre

    real_create = dre.create_ruleset
    calls: list[str] = []

    def counted_create(name: str, definition: str) -> int:
        refusals = []
        for _attempt in range(OLD_ATTEMPTS if before else 1):
            try:
                handle = int(real_create(name, definition))
            except dre.error as error:
                calls.append(str(error))
                refusals.append(error)
            else:
                calls.append("ok")
                return handle
        raise refusals[-1]

    dre.create_ruleset = counted_create
    if before:
        engine_module.harden_definition = lambda definition: definition  # type: ignore[assignment]
    result: dict[str, Any] = {"pid": os.getpid()}
    if tabs:
        result["tabs"] = _handle_tab_separated_text(os.getpid())
    try:
        engine = Engine()
    except engine_module.RuleDefinitionError as error:
        engine = None
        result["engine_error"] = str(error)
    result["attempts"] = calls
    if engine is None:
        return result

    from callcenter_rules.json_input import loads
    from callcenter_rules.law.licence_type import authority_names
    from callcenter_rules.testing.oracle import decide

    differences = []
    fingerprint = hashlib.sha256()
    mine: Any
    theirs: Any
    for label, text in _profiles():
        try:
            profile = loads(text)
        except ValueError as error:
            mine = theirs = ("unreadable", type(error).__name__)
        else:
            try:
                got = engine.assess(profile, as_of=AS_OF)
            except (InvalidProfile, UnsupportedDate) as error:
                mine = ("invalid", type(error).__name__)
            else:
                mine = (
                    got.status.value,
                    got.license_type.value if got.license_type else None,
                    got.authority,
                    sorted(s.value for s in got.business_scopes),
                    sorted(got.codes),
                )
            try:
                expected = decide(profile, AS_OF)
            except (InvalidProfile, UnsupportedDate) as error:
                theirs = ("invalid", type(error).__name__)
            else:
                theirs = (
                    expected.status,
                    expected.license_type,
                    authority_names(expected.authority)[0] if expected.authority else None,
                    sorted(expected.scopes),
                    list(expected.codes),
                )
        mine, theirs = json.loads(json.dumps(mine)), json.loads(json.dumps(theirs))
        fingerprint.update(json.dumps([label, mine]).encode())
        if mine != theirs:
            differences.append({"profile": label, "engine": mine, "oracle": theirs})
    engine.close()
    result["assessed"] = len(_profiles())
    result["differences"] = differences
    result["fingerprint"] = fingerprint.hexdigest()
    return result


# ---------------------------------------------------------------- the driver


def _run_one(tabs: bool, before: bool) -> dict[str, Any]:
    command = [sys.executable, str(Path(__file__).resolve()), "--child"]
    command += ["--tabs"] if tabs else []
    command += ["--before"] if before else []
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    if done.returncode != 0:
        return {"crashed": done.returncode, "stderr": done.stderr[-2000:]}
    parsed: dict[str, Any] = json.loads(done.stdout.splitlines()[-1])
    return parsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--processes", type=int, default=2000)
    parser.add_argument("-j", "--jobs", type=int, default=1, help="processes at a time")
    parser.add_argument("--tabs", action="store_true", help="handle tab-heavy text first")
    parser.add_argument(
        "--before", action="store_true", help="no rewrite, five attempts: the engine before"
    )
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.tabs, args.before)))
        return 0

    started = time.monotonic()
    results: list[dict[str, Any]] = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = [pool.submit(_run_one, args.tabs, args.before) for _ in range(args.processes)]
        for number, future in enumerate(concurrent.futures.as_completed(futures), 1):
            results.append(future.result())
            if number % 100 == 0 and not args.json:
                print(f"  {number} / {args.processes}", file=sys.stderr, flush=True)
    wall = time.monotonic() - started

    crashed = [r for r in results if "crashed" in r]
    ran = [r for r in results if "crashed" not in r]
    first_refused = [r for r in ran if r["attempts"] and r["attempts"][0] != "ok"]
    retries = sum(max(0, len(r["attempts"]) - 1) for r in ran)
    unbuilt = [r for r in ran if "engine_error" in r]
    differences = [dict(d, pid=r["pid"]) for r in ran for d in r.get("differences", ())]
    fingerprints = collections.Counter(r["fingerprint"] for r in ran if "fingerprint" in r)
    attempts_needed = collections.Counter(
        len(r["attempts"]) for r in ran if "engine_error" not in r
    )
    report = {
        "mode": ("tabs" if args.tabs else "normal") + (", before the fix" if args.before else ""),
        "processes": args.processes,
        "jobs": args.jobs,
        "first_attempt_refusals": len(first_refused),
        "refusal_messages": sorted({r["attempts"][0] for r in first_refused}),
        "retries": retries,
        "attempts_needed": {str(k): v for k, v in sorted(attempts_needed.items())},
        "engines_not_built": len(unbuilt),
        "profiles_per_process": max((r.get("assessed", 0) for r in ran), default=0),
        "oracle_differences": differences,
        "verdict_fingerprints": dict(fingerprints),
        "crashed": crashed,
        "wall_seconds": round(wall, 1),
    }
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        print(f"mode:                    {report['mode']}")
        print(f"processes:               {args.processes} ({args.jobs} at a time)")
        print(f"first-attempt refusals:  {len(first_refused)}  {report['refusal_messages']}")
        print(
            f"retries:                 {retries}  (attempts needed: {attempts_needed_text(report)})"
        )
        print(f"engines not built:       {len(unbuilt)}")
        print(
            f"oracle differences:      {len(differences)}"
            f" (over {report['profiles_per_process']} profiles per process)"
        )
        for difference in differences[:50]:
            print(f"  {json.dumps(difference, ensure_ascii=False)}")
        print(
            f"verdict fingerprints:    {len(fingerprints)}"
            f"  ({', '.join(f'{k[:12]} x{v}' for k, v in fingerprints.items())})"
        )
        print(f"crashed:                 {len(crashed)}")
        for crash in crashed[:5]:
            print(f"  rc {crash['crashed']}: {crash['stderr'][-300:]}")
        print(f"wall time:               {wall:.1f} s")
    failed = differences or crashed or unbuilt or len(fingerprints) > 1
    return 1 if failed else 0


def attempts_needed_text(report: dict[str, Any]) -> str:
    return ", ".join(f"{k}: {v}" for k, v in report["attempts_needed"].items()) or "none"


if __name__ == "__main__":
    sys.exit(main())
