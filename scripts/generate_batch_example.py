"""Write examples/batch_1000.jsonl: 1,000 profiles drawn from the public strategies.

The draw is derandomised (a fixed seed), so the same Hypothesis version writes the same
file. Decimal and date values are written as JSON strings.

    python scripts/generate_batch_example.py [COUNT] [PATH]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings

from callcenter_rules.testing import profiles


def generate(count: int) -> list[dict[str, Any]]:
    drawn: list[dict[str, Any]] = []

    @settings(
        max_examples=count * 3,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        phases=["generate"],
    )
    @given(profiles())
    def collect(profile: dict[str, Any]) -> None:
        if len(drawn) < count:
            drawn.append(json.loads(json.dumps(profile, ensure_ascii=False, default=str)))

    collect()
    if len(drawn) < count:
        raise SystemExit(f"only {len(drawn)} profiles drawn")
    return drawn


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    path = Path(sys.argv[2]) if len(sys.argv) > 2 else Path("examples/batch_1000.jsonl")
    with path.open("w", encoding="utf-8", newline="\n") as out:
        for profile in generate(count):
            out.write(json.dumps(profile, ensure_ascii=False) + "\n")
    print(f"wrote {count} profiles to {path}")


if __name__ == "__main__":
    main()
