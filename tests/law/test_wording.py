"""Chinese as a first-class language of the law's own texts: every rule has a Chinese
summary, every piece of advice is given in Chinese too, the parameters are described in
Chinese, and the Chinese output reads like a Chinese compliance document (amounts in 万元,
days as 2019年7月30日, no English words)."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import attrs
import pytest

from callcenter_rules import Assessment, Finding, Review
from callcenter_rules.law import RULES
from callcenter_rules.law.language import check_wording
from callcenter_rules.law.materials import MATERIALS
from callcenter_rules.law.parameters import _parameter, default_table
from callcenter_rules.law.wording import day_zh, yuan_zh
from callcenter_rules.model import Profile

from scenario_files import HOLDER_SCENARIOS, SCENARIOS, Engines, Scenario

TABLE = default_table()
SPECS = {(rule.id, spec.code): spec for rule in RULES for spec in rule.findings}
CODES = {code for _, code in SPECS}

# ------------------------------------------------------------------ English in Chinese text

#: A run of Latin letters, digits, ``_`` and ``-`` holding at least one letter: a word that
#: is not Chinese. ``GB/T`` is taken whole.
LATIN = re.compile(r"GB/T|[A-Za-z0-9_\-]*[A-Za-z][A-Za-z0-9_\-]*")
#: The Latin words Chinese text may hold, each for a reason; anything else (an English word,
#: an English article reference such as "Art", an abbreviation such as MIIT or IVR) is a
#: leak.
ALLOWED = (
    # An input field or an enum value named as a code, which the reader types or reads in
    # the profile: professional_staff, registered_zone, ivr_information_service,
    # 95_customer_service. Only
    # lower-case words joined by underscores, so a plain English word never passes.
    re.compile(r"[a-z0-9][a-z0-9]*(?:_[a-z0-9]+)+"),
    # A code in capitals holding a digit or an underscore: catalogue categories and
    # sub-scopes (B24, B24-1, B25), number ranges (95XXX, 955XX, 96XXX), finding codes
    # (LAW_NOT_REVIEWED_AFTER). An all-capital word without either (MIIT, IVR, CAICT) fails.
    re.compile(r"(?=[A-Z0-9_\-]*[0-9_])[A-Z0-9][A-Z0-9_\-]*"),
    # The national standard prefix, as in GB/T 2260 province codes.
    re.compile(r"GB/T"),
)
#: Input fields named in one word (``violations``, ``activities``): allowed only as a code
#: the text then explains in Chinese, ``violations（违法记录…）``, as the advice names them, so
#: the English word "clients" or "name" in running text still fails.
ONE_WORD_FIELDS = frozenset(f.name for f in attrs.fields(Profile) if "_" not in f.name)
#: A placeholder of a message template: filled in when the finding is rendered.
PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def foreign_words(text: str) -> list[str]:
    """The Latin words of ``text`` that Chinese text may not hold."""
    found = []
    for match in LATIN.finditer(text):
        word = match.group()
        if any(pattern.fullmatch(word) for pattern in ALLOWED):
            continue
        if word in ONE_WORD_FIELDS and text[match.end() : match.end() + 1] == "（":
            continue
        found.append(word)
    return found


@pytest.mark.parametrize(
    ("text", "leaks"),
    [
        ("注册资本100万元低于跨地区经营最低限额1000万元。", []),
        ("业务种类为B24-1国内呼叫中心业务；95XXX号码、955XX号段。", []),
        ("请提供 professional_staff（专业人员人数）。", []),
        ("请提供 violations（违法记录）。", []),
        ("请提供 violations。", ["violations"]),
        ("为clients提供服务", ["clients"]),
        ("按GB/T 2260代码；结论项LAW_NOT_REVIEWED_AFTER。", []),
        ("依《电信条例》Art. 9(2)。", ["Art"]),
        ("须取得MIIT颁发的许可证。", ["MIIT"]),
        ("属于B24 category。", ["category"]),
        ("需取得licence。", ["licence"]),
        ("含IVR服务", ["IVR"]),
    ],
)
def test_the_leak_check_tells_codes_from_words(text: str, leaks: list[str]) -> None:
    assert foreign_words(text) == leaks


# ------------------------------------------------------------------ the rules' own texts


def test_every_rule_has_its_summary_and_advice_in_chinese() -> None:
    check_wording(RULES)
    for rule in RULES:
        assert re.search(r"[\u4e00-\u9fff]", rule.summary_zh), rule.id
        for spec in rule.findings:
            if spec.remediation_zh is not None:
                assert re.search(r"[\u4e00-\u9fff]", spec.remediation_zh), spec.code


def test_the_chinese_summaries_hold_no_english_words() -> None:
    for rule in RULES:
        summary = rule.describe(TABLE)["summary_zh"]
        assert not foreign_words(summary), (rule.id, summary)
        assert "{" not in summary, (rule.id, summary)


def test_a_summary_shows_amounts_and_days_the_chinese_way() -> None:
    described = {rule.id: rule.describe(TABLE)["summary_zh"] for rule in RULES}
    assert "注册资本不低于1000万元" in described["CAPITAL-NATIONWIDE"]
    assert "注册资本不低于100万元" in described["CAPITAL-REGIONAL"]
    negative_list = day_zh(TABLE.single("in_force.negative_list_2019"))
    assert described["FOREIGN-CAP"].startswith(negative_list + "前")


@pytest.mark.parametrize(
    ("rule", "code"), sorted(SPECS), ids=[f"{r}:{c}" for r, c in sorted(SPECS)]
)
def test_the_chinese_templates_hold_no_english_words(rule: str, code: str) -> None:
    spec = SPECS[(rule, code)]
    for template in (spec.message_zh, spec.remediation_zh or ""):
        assert not foreign_words(PLACEHOLDER.sub("", template)), (rule, code, template)
        # A Chinese template shows wording values (``_..._zh``) or codes, never the English
        # wording of a value.
        for name in PLACEHOLDER.findall(template):
            assert name.strip("{}") not in {"_capped", "_since", "_until", "_exempt_from"}, (
                rule,
                code,
                name,
            )


def test_the_checklist_titles_hold_no_english_words() -> None:
    for material in MATERIALS:
        title = PLACEHOLDER.sub("", material.title_zh)
        assert not foreign_words(title), (material.id, material.title_zh)


# ------------------------------------------------------------------ rendered findings


@pytest.fixture(scope="module")
def assessed() -> Iterator[list[tuple[Scenario, Assessment]]]:
    engines = Engines()
    try:
        yield [(s, engines(s).assess(s.profile, as_of=s.as_of)) for s in SCENARIOS]
    finally:
        engines.close()


def chinese_texts(finding: Finding) -> list[str]:
    texts = [finding.message_zh]
    if hasattr(finding, "remediation_zh"):
        # Advice in Chinese exactly where there is advice in English.
        assert (finding.remediation is None) == (finding.remediation_zh is None), finding.code
        if finding.remediation_zh is not None:
            texts.append(finding.remediation_zh)
    return texts


@pytest.fixture(scope="module")
def reviewed() -> Iterator[list[tuple[Scenario, Review]]]:
    engines = Engines()
    try:
        yield [(s, engines.review(s)) for s in HOLDER_SCENARIOS]
    finally:
        engines.close()


def test_the_scenarios_produce_every_finding_code(
    assessed: list[tuple[Scenario, Assessment]], reviewed: list[tuple[Scenario, Review]]
) -> None:
    produced = {f.code for _, result in assessed for f in result.findings}
    produced |= {f.code for _, result in reviewed for f in result.findings}
    produced |= {o.code for _, result in reviewed for o in result.obligations}
    assert produced == CODES


def test_no_rendered_chinese_text_of_a_review_holds_english_words(
    reviewed: list[tuple[Scenario, Review]],
) -> None:
    for scenario, result in reviewed:
        texts = [t for f in result.findings for t in chinese_texts(f)]
        texts += [o.message_zh for o in result.obligations]
        for text in texts:
            assert not foreign_words(text), (scenario.id, text)
            assert not re.search(r"\d{4}-\d{2}-\d{2}", text), (scenario.id, text)


def test_no_rendered_chinese_text_holds_english_words(
    assessed: list[tuple[Scenario, Assessment]],
) -> None:
    for scenario, result in assessed:
        for finding in result.findings:
            for text in chinese_texts(finding):
                assert not foreign_words(text), (scenario.id, finding.code, text)
                # Days the Chinese way, amounts with their unit once.
                assert not re.search(r"\d{4}-\d{2}-\d{2}", text), (scenario.id, text)
                assert "元元" not in text, (scenario.id, text)


def test_round_amounts_read_in_wan(assessed: list[tuple[Scenario, Assessment]]) -> None:
    """No rendered Chinese text writes a whole number of 万 digit by digit
    (``1,000,000.00元`` instead of ``100万元``)."""
    for scenario, result in assessed:
        for finding in result.findings:
            for text in chinese_texts(finding):
                for amount in re.findall(r"([0-9][0-9,]*(?:\.[0-9]+)?)元", text):
                    value = Decimal(amount.replace(",", ""))
                    assert value == 0 or value % 10_000 != 0, (scenario.id, text)


def scenario(name: str) -> Scenario:
    (found,) = [s for s in SCENARIOS if s.id == name]
    return found


def assess(case: Scenario, **changes: Any) -> Assessment:
    engines = Engines()
    try:
        return engines(case).assess({**case.profile, **changes}, as_of=case.as_of)
    finally:
        engines.close()


def finding(result: Assessment, code: str) -> Finding:
    (found,) = [f for f in result.findings if f.code == code]
    return found


NATIONWIDE_SHORT = (
    "capital: nationwide applicant below both minimums is not pointed to the regional licence"
)


def test_the_capital_shortfall_in_chinese() -> None:
    result = assess(scenario(NATIONWIDE_SHORT), registered_capital_cny="1000000")
    capital = finding(result, "CAPITAL_BELOW_MINIMUM")
    assert capital.message_zh == "注册资本100万元低于跨地区经营最低限额1000万元。"
    # The English message, the advice and the evidence are as before.
    assert capital.message == (
        "Registered capital CNY 1,000,000.00 is below the CNY 10,000,000.00 minimum for the "
        "nationwide licence."
    )
    assert capital.evidence == {
        "registered_capital_cny": "1000000",
        "licence_type": "nationwide",
        "minimum_cny": "10,000,000.00",
        "shortfall_cny": "9,000,000.00",
        "meets_regional_minimum": True,
    }
    if hasattr(capital, "remediation_zh"):
        assert capital.remediation_zh == (
            "请增加注册资本900万元，使其不低于1000万元。现有注册资本已达到省内经营最低限额"
            "100万元，如业务仅覆盖广东省且不使用95号码，取得省内许可即可。"
        )


def test_an_amount_that_is_not_round_is_written_exactly() -> None:
    result = assess(scenario("capital: regional applicant one cent under the minimum"))
    capital = finding(result, "CAPITAL_BELOW_MINIMUM")
    assert capital.message_zh == "注册资本999,999.99元低于省内经营最低限额100万元。"
    if hasattr(capital, "remediation_zh"):
        assert capital.remediation_zh == "请增加注册资本0.01元，使其不低于100万元。"


def test_the_other_province_route_names_the_nationwide_minimum_in_wan() -> None:
    result = assess(
        scenario(
            "licence_type: serving one province other than the home province gives that "
            "province's licence, with a warning"
        )
    )
    outside = finding(result, "SERVICE_OUTSIDE_HOME_PROVINCE")
    assert "注册资本须达1000万元" in outside.message_zh
    assert "CNY 10,000,000.00" in outside.message


def test_a_violation_is_named_and_dated_the_chinese_way(
    assessed: list[tuple[Scenario, Assessment]],
) -> None:
    violations = [
        f for _, result in assessed for f in result.findings if f.code == "RECENT_VIOLATION"
    ]
    assert violations
    for violation in violations:
        day = datetime.date.fromisoformat(violation.evidence["violation_date"])
        assert violation.message_zh.startswith(
            {"company": "公司", "major_investor": "主要出资者", "key_manager": "主要经营管理人员"}[
                violation.evidence["party"]
            ]
            + "于"
            + day_zh(day)
        ), violation.message_zh


def test_the_law_horizon_is_dated_the_chinese_way(
    assessed: list[tuple[Scenario, Assessment]],
) -> None:
    reviewed = day_zh(TABLE.single("law_review.reviewed_on"))
    sources = TABLE.single("law_review.sources_up_to")
    month = f"{sources.year}年{sources.month}月"
    horizon = [
        f for _, result in assessed for f in result.findings if f.code == "LAW_NOT_REVIEWED_AFTER"
    ]
    assert horizon
    for found in horizon:
        # Both days: the review's, and the month the sources reach.
        assert f"最后审阅于{reviewed}" in found.message_zh
        assert f"约截至{month}" in found.message_zh
        assert found.remediation_zh is not None
        assert month in found.remediation_zh


def test_wording_values_are_not_evidence(assessed: list[tuple[Scenario, Assessment]]) -> None:
    for _, result in assessed:
        for found in result.findings:
            for key in found.evidence:
                assert not key.startswith("_"), (found.code, key)
                assert not key.endswith("_zh"), (found.code, key)


def test_the_chinese_amounts_are_as_wording_writes_them() -> None:
    assert yuan_zh(Decimal(1_000_000)) == "100万元"
    assert yuan_zh(Decimal(10_000_000)) == "1000万元"


# ------------------------------------------------------------------ parameters


def test_every_parameter_is_described_in_chinese() -> None:
    for parameter in TABLE.values():
        assert re.search(r"[\u4e00-\u9fff]", parameter.description_zh), parameter.name
        assert not foreign_words(parameter.description_zh), (
            parameter.name,
            parameter.description_zh,
        )
        described = parameter.to_dict()
        assert described["description_zh"] == parameter.description_zh
        assert {"name", "description", "unit", "values"} <= set(described)


def test_every_reference_cites_the_document_in_chinese() -> None:
    for parameter in TABLE.values():
        for dated in parameter.values:
            reference = dated.reference
            assert reference is not None, parameter.name
            if reference.document:
                assert re.search(r"[\u4e00-\u9fff]", reference.document_zh), parameter.name
            if reference.article:
                assert reference.article_zh, (parameter.name, reference.article)
            assert not re.search(r"\bArt\.", reference.article_zh), parameter.name
            assert reference.to_dict() == {
                "document": reference.document,
                "article": reference.article,
                "fact_id": reference.fact_id,
                "document_zh": reference.document_zh,
                "article_zh": reference.article_zh,
            }


def test_an_article_is_cited_as_chinese_readers_cite_it() -> None:
    regional = TABLE["capital_minimum.regional"].values[-1].reference
    assert regional is not None
    assert regional.document_zh == "电信业务经营许可管理办法（工业和信息化部令第42号）"
    assert regional.article_zh == "第六条第（四）项"


def test_a_parameter_without_a_chinese_description_is_refused() -> None:
    data = {"description": "A test", "unit": "count", "value": 1}
    with pytest.raises(ValueError, match="description_zh"):
        _parameter("test.count", data)
    with pytest.raises(ValueError, match="description_zh"):
        _parameter("test.count", {**data, "description_zh": "  "})
    assert _parameter("test.count", {**data, "description_zh": "测试"}).description_zh == "测试"
