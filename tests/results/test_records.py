"""A finding's record as the outputs write it."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, given, settings

import callcenter_rules
from callcenter_rules.results.records import Finding, result_converter
from callcenter_rules.testing import cases


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=cases())
def test_a_findings_dict_is_what_the_converter_writes(case: tuple[dict[str, Any], Any]) -> None:
    # Finding.to_dict writes the fields out by hand, for speed: it must stay what the
    # converter writes from the class's fields (a field added to Finding or Citation
    # and not to to_dict fails here).
    profile, day = case
    for finding in callcenter_rules.assess(profile, as_of=day).findings:
        assert finding.to_dict() == result_converter.unstructure(finding)
        assert list(finding.to_dict()) == list(result_converter.unstructure(finding))


def test_evidence_of_any_kind_is_written_as_the_converter_writes_it() -> None:
    finding = callcenter_rules.assess(
        {
            "name": "Acme Call Co., Ltd.",
            "entity_type": "limited_liability_company",
            "registered_capital_cny": "2000000",
            "registered_province": "Beijing",
            "service_provinces": ["Beijing"],
            "activities": ["inbound_customer_service"],
        },
        as_of=datetime.date(2024, 1, 1),
    ).findings[0]
    odd = Finding.deferred(
        code=finding.code,
        severity=finding.severity,
        templates=("{x}", "{x}", None, None),
        values={"x": "text"},
        citation=finding.citation,
        rule=finding.rule,
        evidence={
            "amount": Decimal("1000000.50"),
            "day": datetime.date(2024, 1, 1),
            "nested": [["a", 1], [Decimal("2"), None]],
            "pair": ("a", "b"),
            "flag": True,
            "ratio": 0.5,
        },
    )
    assert odd.to_dict() == result_converter.unstructure(odd)
    assert odd.to_dict()["evidence"]["amount"] == "1000000.50"
