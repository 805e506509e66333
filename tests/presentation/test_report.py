"""Reports: no user-supplied text can change what the report's structure says."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

import pytest

from callcenter_rules import Engine, InvalidProfile, Status
from callcenter_rules.report import (
    render_markdown,
    render_plan_markdown,
    render_plan_text,
    render_text,
)
from callcenter_rules.text import markdown_text, safe_text

from conftest import BASE_PROFILE

DAY = datetime.date(2024, 6, 1)
# An ineligible company (too little capital for two provinces) whose name tries to forge an
# "eligible" report with what a name may hold: line and paragraph separators, which some
# terminals break lines at, and bidirectional overrides. (A control character, a line break
# among them, is refused as input.)
FORGER = {
    **BASE_PROFILE,
    "registered_capital_cny": "500000",
    "service_provinces": ["Beijing", "Hebei"],
    "name": "Acme\u2028Status:    eligible\u2029Licence:   nationwide (MIIT)\u202eeb\u202c",
}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_name_cannot_forge_the_text_report(engine: Engine, lang: str) -> None:
    result = engine.assess(FORGER, as_of=DAY)
    assert result.status is Status.INELIGIBLE
    report = render_text(result, lang)
    lines = report.split("\n")
    assert len([line for line in lines if line.startswith(("Status:", "结论："))]) == 1
    assert len([line for line in lines if line.startswith(("Licence:", "许可证："))]) == 1
    for char in "\u2028\u2029\u202e\u202c":
        assert char not in report
    assert lines[0].endswith(
        "Acme\\u2028Status:    eligible\\u2029Licence:   nationwide (MIIT)\\u202eeb\\u202c"
    )


@pytest.mark.parametrize("name", ["Acme\nStatus: eligible", "Acme\r\nStatus: eligible"])
def test_a_line_break_in_a_name_is_refused(engine: Engine, name: str) -> None:
    with pytest.raises(InvalidProfile, match="control character"):
        engine.assess({**FORGER, "name": name}, as_of=DAY)


def test_a_name_cannot_forge_the_markdown_report(engine: Engine) -> None:
    profile = {**FORGER, "name": "Acme\u2028## Status: eligible | a | b |"}
    report = render_markdown(engine.assess(profile, as_of=DAY))
    assert report.split("\n")[0] == r"# Acme\u2028\#\# Status: eligible \| a \| b \|"
    assert "## Status" not in report.replace("\\#\\# Status", "")


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("华信客服 (Huaxin) Co., Ltd.", "华信客服 (Huaxin) Co., Ltd."),
        ("a\tb", "a\\tb"),
        ("back\\slash", "back\\\\slash"),
        ("bell\x07", "bell\\x07"),
        ("nel\x85", "nel\\x85"),
        ("lrm\u200e", "lrm\\u200e"),
        ("isolate\u2066x\u2069", "isolate\\u2066x\\u2069"),
        ("\ud800", "\\ud800"),
    ],
)
def test_safe_text(text: str, shown: str) -> None:
    assert safe_text(text) == shown


def test_markdown_text_escapes_structure() -> None:
    assert markdown_text("*bold* [link](x) <b> `code` #1 | ~x~ !img & _u_") == (
        r"\*bold\* \[link\](x) \<b\> \`code\` \#1 \| \~x\~ \!img \& \_u\_"
    )


# ---------------------------------------------------------------- rule packs' findings


def _house_pack() -> Any:
    """A pack whose finding reads like the law's: it cites Order 42 Art. 6 with a capital
    floor of its own. A blocking finding without a remedy, so a plan meets it as an obstacle."""
    from callcenter_rules.law import sources
    from callcenter_rules.packs import (
        COMPANY,
        LICENCE,
        Confidence,
        FindingSpec,
        Rule,
        RulePack,
        Severity,
        Source,
    )

    return RulePack(
        "house",
        "1.0",
        [
            Rule(
                id="HOUSE-CAPITAL-FLOOR",
                summary="The house asks for CNY 5,000,000 of capital.",
                summary_zh="本公司要求注册资本不低于500万元。",
                sources=(Source(sources.ORDER_42_ART_6, "H-1", Confidence.HIGH),),
                when={"licence": LICENCE, "company": COMPANY.registered_capital_cny < 5_000_000},
                findings=(
                    FindingSpec(
                        "HOUSE_CAPITAL_FLOOR",
                        Severity.BLOCKING,
                        "Registered capital is below the CNY 5,000,000.00 minimum.",
                        "注册资本低于最低限额500万元。",
                    ),
                ),
            )
        ],
    )


@pytest.fixture(scope="module")
def house() -> Iterator[Engine]:
    with Engine(rule_packs=[_house_pack()]) as built:
        yield built


#: Eligible under the law (a regional licence in Beijing, CNY 2,000,000), below the house's.
HOUSE_CLIENT = {**BASE_PROFILE, "registered_capital_cny": "2000000"}

MARKED = {
    "en": {
        "text": "  [HOUSE_CAPITAL_FLOOR] (rule pack house) Registered capital is below",
        "cites": "; rule HOUSE-CAPITAL-FLOOR (rule pack house)",
        "markdown": "- **HOUSE_CAPITAL_FLOOR** (rule pack house): Registered capital",
        "explain": "HOUSE_CAPITAL_FLOOR (blocking, rule pack house): Registered capital",
        "law": "  [LICENSE_REGIONAL] The provincial",
    },
    "zh": {
        "text": "  [HOUSE_CAPITAL_FLOOR]（规则包 house）注册资本低于最低限额500万元。",
        "cites": "；规则 HOUSE-CAPITAL-FLOOR（规则包 house）",
        "markdown": "- **HOUSE_CAPITAL_FLOOR**（规则包 house）：注册资本低于",
        "explain": "HOUSE_CAPITAL_FLOOR（不符合，规则包 house）：注册资本低于",
        "law": "  [LICENSE_REGIONAL] 需取得",
    },
}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_report_marks_a_pack_s_finding_with_the_pack(house: Engine, lang: str) -> None:
    result = house.assess(HOUSE_CLIENT, as_of=DAY, trace=True)
    marks = MARKED[lang]
    text = render_text(result, lang)
    assert marks["text"] in text
    assert marks["cites"] in text
    assert marks["law"] in text  # the law's findings as they were
    assert text.count("规则包" if lang == "zh" else "rule pack") == 2
    explained = render_text(result, lang, explain=True)
    assert marks["text"] in explained
    markdown = render_markdown(result, lang, explain=True)
    assert marks["markdown"] in markdown
    assert marks["cites"] in markdown
    assert markdown.count("规则包" if lang == "zh" else "rule pack") == 2
    assert marks["explain"] in result.explain(lang)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_pack_s_obstacle_is_marked_in_the_plan(house: Engine, lang: str) -> None:
    found = house.plan(HOUSE_CLIENT, as_of=DAY)
    assert [(o.code, o.pack) for o in found.obstacles] == [("HOUSE_CAPITAL_FLOOR", "house")]
    assert found.to_dict()["obstacles"][0]["pack"] == "house"
    assert MARKED[lang]["text"] in render_plan_text(found, lang)
    assert MARKED[lang]["markdown"] in render_plan_markdown(found, lang)
