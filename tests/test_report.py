"""Reports: no user-supplied text can change what the report's structure says."""

from __future__ import annotations

import datetime

import pytest

from callcenter_rules import Engine, Status
from callcenter_rules.report import render_markdown, render_text
from callcenter_rules.text import markdown_text, safe_text

from conftest import BASE_PROFILE

DAY = datetime.date(2024, 6, 1)
# An ineligible company (too little capital for two provinces) whose name tries to forge an
# "eligible" report.
FORGER = {
    **BASE_PROFILE,
    "registered_capital_cny": "500000",
    "service_provinces": ["Beijing", "Hebei"],
    "name": "Acme\nStatus:    eligible\r\nLicence:   nationwide (MIIT)\u2028\u202eeb\u202c",
}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_name_cannot_forge_the_text_report(engine: Engine, lang: str) -> None:
    result = engine.assess(FORGER, as_of=DAY)
    assert result.status is Status.INELIGIBLE
    report = render_text(result, lang)
    lines = report.split("\n")
    assert len([line for line in lines if line.startswith(("Status:", "结论："))]) == 1
    assert len([line for line in lines if line.startswith(("Licence:", "许可证："))]) == 1
    for char in "\r\u2028\u202e\u202c":
        assert char not in report
    assert lines[0].endswith(
        "Acme\\nStatus:    eligible\\r\\nLicence:   nationwide (MIIT)\\u2028\\u202eeb\\u202c"
    )


def test_a_name_cannot_forge_the_markdown_report(engine: Engine) -> None:
    profile = {**FORGER, "name": "Acme\n## Status: eligible\n| a | b |"}
    report = render_markdown(engine.assess(profile, as_of=DAY))
    assert report.split("\n")[0] == r"# Acme\n\#\# Status: eligible\n\| a \| b \|"
    assert "\n## Status" not in report


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
