"""The lean engine bypasses durable-rules' Python host: it must agree with the stock path."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest

from callcenter_rules import Engine, Policy
from callcenter_rules.testing.stock import StockEngine

BATCH = Path(__file__).parents[2] / "examples" / "batch_1000.jsonl"
DAYS = [
    datetime.date(2016, 6, 1),
    datetime.date(2017, 9, 1),
    datetime.date(2019, 7, 29),
    datetime.date(2024, 6, 1),
]


@pytest.mark.parametrize("strict", [False, True])
def test_lean_engine_equals_stock_host_on_the_whole_corpus(strict: bool) -> None:
    policy = Policy(in_house_hotline_is_b24=strict)
    profiles = [
        json.loads(line) for line in BATCH.read_text(encoding="utf-8").rstrip("\n").split("\n")
    ]
    lean, stock = Engine(policy=policy), StockEngine(policy=policy)
    try:
        for index, profile in enumerate(profiles):
            day = DAYS[index % len(DAYS)]
            ours, theirs = lean.assess(profile, as_of=day), stock.assess(profile, as_of=day)
            assert ours == theirs, (index, ours.codes, theirs.codes)
            assert ours.findings == theirs.findings
            assert sorted(ours.rules_fired) == sorted(theirs.rules_fired)
    finally:
        lean.close()
        stock.close()
