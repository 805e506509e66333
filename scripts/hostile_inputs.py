"""Throw many hostile inputs at the library and count what escapes.

Each input is a valid profile from examples/batch_1000.jsonl with one to three fields
replaced by hostile values (huge, negative, NaN, infinite, bool-for-number, numeric strings
with every kind of separator, many-digit, deeply nested, control and bidi characters, lone
surrogates), or raw hostile JSON text. Every input goes through:

* the Python API (`Engine.assess`): anything but an Assessment or InvalidProfile escapes;
* one batch over all of them as JSON Lines: every row must give exactly one line, in
  order, and none may be an internal error;
* the command line's ``assess`` (in process), for every 100th input: exit 0, 2, 3 or 4 and
  no exception.

    python scripts/hostile_inputs.py [COUNT] [SEED]     (default 100000, 1)
"""

from __future__ import annotations

import datetime
import json
import random
import sys
import tempfile
import time
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from callcenter_rules import Assessment, Engine, InvalidProfile
from callcenter_rules.batch import run_batch
from callcenter_rules.cli import cli
from callcenter_rules.json_input import JSONInputError, loads

DAY = datetime.date(2024, 6, 1)
EXAMPLES = Path(__file__).parent.parent / "examples" / "batch_1000.jsonl"


def nested(depth: int) -> Any:
    value: Any = []
    for _ in range(depth):
        value = [value]
    return value


HOSTILE: list[Any] = [
    None, True, False, 0, -1, 2**53 + 1, 2**63, 2**64, -(2**64), 10**400, 10**4299,
    1e308, -1e308, float("inf"), float("-inf"), float("nan"), 0.1, 9999999.999999999,
    Decimal("9999999.9999999999999999999999999"), Decimal("1e-999999999"), Decimal("1E+999999"),
    "9999999,99", "12,5", "10,000,000", "1,0000,000", "1_000_000", "1e7", "1000万", "1.5亿",
    "CNY 1000000", "-5", "+5", ".5", "5.", "NaN", "Infinity", "１０００", "9" * 5000, "",
    " ", "\n", "\u202eeb\u202c", "a\ud800", "Beijing\n", "廣東", "內蒙古自治區", "Hong Kong",
    "Bejing", "110000", 110000, 110000.0, 999999, "2020-02-30", "2020-13-01", "seat_rental",
    "B24", "b25", "95", 95, [], {}, [None], ["Beijing", "北京市"], ["seat_rental"] * 3,
    {"party": "company", "date": "2015-01-01"}, [{"party": "ceo"}], nested(50), nested(3000),
    {"nested": nested(200)}, "x" * 100_000,
]  # fmt: skip
RAW = [
    '{"name": "A", "name": "B"}', "[" * 100_000, '{"x": NaN}', "{" * 70 + "}" * 70,
    '{"registered_capital_cny": 1e999999}', "not json", "", "null", "42", '"str"',
]  # fmt: skip


def text_of(value: Any) -> str:
    try:
        return json.dumps(value, ensure_ascii=False, default=str)
    except (RecursionError, ValueError):
        return "[" * 3000 + "]" * 3000


def generate(count: int, seed: int) -> list[tuple[Any, str]]:
    """(Python value, JSON text) pairs."""
    rng = random.Random(seed)
    text = EXAMPLES.read_text(encoding="utf-8").rstrip("\n")
    bases = [json.loads(line) for line in text.split("\n")]  # names may hold U+2028
    fields = sorted({key for base in bases for key in base} | {"surprise"})
    made = []
    for _ in range(count):
        if rng.random() < 0.05:
            raw = rng.choice(RAW)
            try:
                value: Any = loads(raw)
            except JSONInputError:
                value = raw
            made.append((value, raw))
            continue
        profile = dict(rng.choice(bases))
        for _ in range(rng.randint(1, 3)):
            profile[rng.choice(fields)] = rng.choice(HOSTILE)
        made.append((profile, text_of(profile)))
    return made


def main() -> int:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    inputs = generate(count, seed)
    outcomes: Counter[str] = Counter()
    escapes: list[str] = []
    started = time.perf_counter()
    with Engine() as engine:
        for value, _ in inputs:
            try:
                result = engine.assess(value, as_of=DAY)
                assert isinstance(result, Assessment)
                result.to_dict()
                outcomes["assessment"] += 1
            except InvalidProfile:
                outcomes["invalid_profile"] += 1
            except Exception as error:  # an escape
                escapes.append(f"{type(error).__name__}: {str(error)[:200]}")
    api_seconds = time.perf_counter() - started

    with tempfile.TemporaryDirectory() as folder:
        source, output = Path(folder, "in.jsonl"), Path(folder, "out.jsonl")
        lines = [text.replace("\n", " ").encode("utf-8", "surrogatepass") for _, text in inputs]
        source.write_bytes(b"\n".join(lines) + b"\n")
        expected = sum(1 for line in lines if line.strip())
        started = time.perf_counter()
        summary = run_batch(source, output, as_of=DAY)
        batch_seconds = time.perf_counter() - started
        kinds: Counter[str] = Counter()
        rows = 0
        with output.open(encoding="utf-8") as handle:
            for rows, line in enumerate(handle, start=1):
                record = json.loads(line)
                if record["row"] != rows:
                    escapes.append(f"batch: line {rows} is row {record['row']}")
                kinds["assessment" if "assessment" in record else record["error"]["type"]] += 1
        if rows != expected:
            escapes.append(f"batch: {rows} lines for {expected} rows")
        if summary.internal_errors:
            escapes.append(f"batch: {summary.internal_errors} internal errors")

    runner = CliRunner()
    codes: Counter[int] = Counter()
    for _, text in inputs[::100]:
        done = runner.invoke(
            cli,
            ["assess", "-", "--as-of", DAY.isoformat()],
            input=text.encode("utf-8", "surrogatepass"),
        )
        codes[done.exit_code] += 1
        if done.exit_code not in {0, 2, 3, 4} or (
            done.exception is not None and not isinstance(done.exception, SystemExit)
        ):
            escapes.append(f"cli: exit {done.exit_code}: {done.exception!r}")

    print(f"inputs: {count:,} (seed {seed})")
    print(f"API:    {dict(outcomes)} in {api_seconds:.1f} s")
    print(f"batch:  {rows:,} lines for {expected:,} rows, {dict(kinds)} in {batch_seconds:.1f} s")
    print(f"CLI:    {sum(codes.values()):,} runs, exit codes {dict(sorted(codes.items()))}")
    print(f"escapes: {len(escapes)}")
    for escape in escapes[:20]:
        print("  " + escape)
    return 1 if escapes else 0


if __name__ == "__main__":
    sys.exit(main())
