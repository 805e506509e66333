"""The documentation's law page is generated from the rules and covers all of them."""

from __future__ import annotations

import re
from pathlib import Path

from callcenter_rules.law import RULES
from callcenter_rules.law.parameters import default_table
from callcenter_rules.reference import NOT_MODELLED, law_reference_markdown

DOCS = Path(__file__).parent.parent / "docs"


def test_every_rule_has_a_citation_a_summary_and_a_period() -> None:
    for rule in RULES:
        described = rule.describe(default_table())
        assert described["summary"].strip()
        assert described["period"]
        assert described["sources"]
        for source in described["sources"]:
            assert source["document"]
            assert source["article"]
            assert source["text_zh"]


def test_the_law_page_lists_every_rule_and_every_code_exactly_once() -> None:
    page = law_reference_markdown()
    headings = re.findall(r"^### (\S+)$", page, re.M)
    assert sorted(headings) == sorted(rule.id for rule in RULES)
    assert len(headings) == len(set(headings))
    code_rows = re.findall(r"^\| `([A-Z0-9_]+)` \|", page, re.M)
    codes = {spec.code for rule in RULES for spec in rule.findings}
    assert sorted(code_rows) == sorted(codes)
    assert len(code_rows) == len(set(code_rows))
    for fact, _ in NOT_MODELLED:
        assert f"| {fact} |" in page


def test_the_law_page_template_keeps_its_marker() -> None:
    assert "<!-- generated: law reference -->" in (DOCS / "law.md").read_text(encoding="utf-8")


def test_every_page_in_the_nav_exists() -> None:
    config = (Path(__file__).parent.parent / "mkdocs.yml").read_text(encoding="utf-8")
    for page in re.findall(r":\s+(\S+\.md)$", config, re.M):
        assert (DOCS / page).exists(), page
