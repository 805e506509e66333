"""Paths to a licence through the API, the command line and batch: one plan, three ways."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner

import callcenter_rules
from callcenter_rules import ChangeKind, Engine, InvalidProfile, Status, VerdictConfidence, plan
from callcenter_rules.batch import run_batch
from callcenter_rules.cli import cli
from callcenter_rules.report import render_plan_markdown, render_plan_text
from callcenter_rules.schema import committed_schema

EXAMPLES = Path(__file__).parents[2] / "examples"
DAY = datetime.date(2024, 6, 1)
SHORTFALL = json.loads((EXAMPLES / "regional_capital_shortfall.json").read_text("utf-8"))
PLAN_SCHEMA = jsonschema.Draft202012Validator(committed_schema("plan"))
ENV = {"LC_ALL": "", "LC_MESSAGES": "", "LANG": ""}


def _run(*args: str, stdin: str | None = None) -> Any:
    return CliRunner().invoke(cli, list(args), env=ENV, input=stdin, prog_name="callcenter-rules")


def test_the_shortfall_example_raises_capital_to_the_regional_minimum() -> None:
    found = plan(SHORTFALL, as_of=DAY)
    assert found.assessment.status is Status.INELIGIBLE
    assert not found.nothing_to_change
    (option,) = found.options
    assert option.license_type is callcenter_rules.LicenseType.REGIONAL
    assert option.authority == "Sichuan Communications Administration"
    (change,) = option.changes
    assert change.field == "registered_capital_cny"
    assert (change.current, change.proposed) == ("800000", "1000000")
    assert change.kind is ChangeKind.CAPITAL
    assert change.resolves == ("CAPITAL_BELOW_MINIMUM",)
    assert change.message == "Raise registered capital from CNY 800,000.00 to CNY 1,000,000.00."
    assert change.message_zh == "将注册资本由80万元增至100万元。"
    assert option.assessment.status is Status.ELIGIBLE
    assert option.assessment.profile.registered_capital_cny == 1_000_000


def test_an_eligible_company_has_one_empty_option() -> None:
    profile = json.loads((EXAMPLES / "nationwide_eligible.json").read_text("utf-8"))
    found = plan(profile, as_of=DAY)
    assert found.nothing_to_change
    assert [o.changes for o in found.options] == [()]
    text = render_plan_text(found)
    assert "Nothing to change: the company is eligible as it is." in text
    assert "无需变更：企业现状已符合条件。" in render_plan_text(found, "zh")


def test_a_company_that_needs_no_licence_is_told_so() -> None:
    profile = json.loads((EXAMPLES / "in_house_only.json").read_text("utf-8"))
    ivr = {**profile, "activities": ["ivr_information_service"]}
    found = plan(ivr, as_of=DAY)
    assert found.assessment.status is Status.NOT_REQUIRED
    assert found.nothing_to_change
    assert "Nothing to change: no call-center licence is required." in render_plan_text(found)


def test_a_verdict_on_contested_law_is_never_nothing_to_change() -> None:
    # An in-house hotline needs no licence only on a reading of low confidence (fact 1.9).
    profile = json.loads((EXAMPLES / "in_house_only.json").read_text("utf-8"))
    found = plan(profile, as_of=DAY)
    assert found.assessment.status is Status.NOT_REQUIRED
    assert found.assessment.confidence is VerdictConfidence.LOW
    assert not found.nothing_to_change
    text = render_plan_text(found)
    assert "Nothing to change" not in text
    assert "rests on contested law" in text
    assert "取决于尚有争议的法律" in render_plan_text(found, "zh")


def test_engine_plan_uses_the_engines_parameters() -> None:
    """A house policy of CNY 2M for the regional licence moves the proposal to CNY 2M."""
    with Engine(parameters={"capital_minimum.regional": "2000000"}) as strict:
        (option,) = strict.plan(SHORTFALL, as_of=DAY).options
    assert [c.proposed for c in option.changes] == ["2000000"]


def test_bad_input_is_refused_as_by_assess() -> None:
    with pytest.raises(InvalidProfile):
        plan({"name": "x"}, as_of=DAY)
    with pytest.raises(callcenter_rules.UnsupportedDate):
        plan(SHORTFALL, as_of=datetime.date(2015, 1, 1))


def test_the_plan_is_the_same_through_the_api_the_cli_and_batch(tmp_path: Path) -> None:
    profiles = [
        SHORTFALL,
        {**SHORTFALL, "registered_capital_cny": "5000000", "service_provinces": ["四川", "重庆"]},
        {**SHORTFALL, "on_dishonesty_list": True},
        json.loads((EXAMPLES / "foreign_majority.json").read_text("utf-8")),
    ]
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in profiles), "utf-8")
    output = tmp_path / "out.jsonl"
    run_batch(source, output, as_of=DAY, plan=True)
    lines = [json.loads(line) for line in output.read_text("utf-8").splitlines()]
    assert len(lines) == len(profiles)
    for profile, line in zip(profiles, lines, strict=True):
        expected = plan(profile, as_of=DAY).to_dict()
        done = _run("plan", "-", "--as-of", DAY.isoformat(), "--format", "json",
                    stdin=json.dumps(profile, ensure_ascii=False))  # fmt: skip
        assert json.loads(done.output) == expected
        assert line["plan"] == expected
        assert line["assessment"] == expected["assessment"]
        PLAN_SCHEMA.validate(expected)


def test_batch_refuses_to_resume_an_output_written_without_plans(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps(SHORTFALL) + "\n", "utf-8")
    output = tmp_path / "out.jsonl"
    run_batch(source, output, as_of=DAY)
    done = _run("batch", str(source), "-o", str(output), "--as-of", DAY.isoformat(), "--plan",
                "--resume")  # fmt: skip
    assert done.exit_code == 2
    assert "configuration" in done.output


@pytest.mark.parametrize(
    ("profile", "code"),
    [
        (SHORTFALL, 0),
        ({**SHORTFALL, "on_dishonesty_list": True}, 4),
        ({**SHORTFALL, "registered_capital_cny": "-1"}, 2),
    ],
)
def test_plan_exit_codes(profile: dict[str, Any], code: int) -> None:
    done = _run("plan", "-", "--as-of", DAY.isoformat(), stdin=json.dumps(profile))
    assert done.exit_code == code, done.output


def test_the_text_and_markdown_plans_show_each_change_and_what_it_lifts() -> None:
    found = plan({**SHORTFALL, "registered_capital_cny": "5000000",
                  "service_provinces": ["Sichuan", "Chongqing"]}, as_of=DAY)  # fmt: skip
    text = render_plan_text(found)
    # Serve only the home province; raise capital; serve only Chongqing (medium).
    assert "Paths to a licence (3)" in text
    assert (
        "1. regional licence (Sichuan Communications Administration): 1 change "
        "(high confidence)" in text
    )
    assert "[service area] Serve end users only in the province of registration: Sichuan" in text
    assert "2. nationwide licence" in text
    assert "(lifts CAPITAL_BELOW_MINIMUM)" in text
    assert "3. regional licence (Chongqing Communications Administration): 1 change" in text
    assert "(medium confidence)" in text
    chinese = render_plan_markdown(found, "zh")
    assert "## 取得许可的途径（3种）" in chinese
    assert "1. **省内许可（四川省通信管理局）**：1项变更（可信度：高）" in chinese
    assert "［服务范围］将服务范围缩小至注册地所在省：四川省（现为四川省、重庆市）。" in chinese


def test_obstacles_are_stated_with_their_citation() -> None:
    found = plan({**SHORTFALL, "on_dishonesty_list": True}, as_of=DAY)
    assert found.options == ()
    assert [o.code for o in found.obstacles] == ["ON_DISHONESTY_LIST"]
    text = render_plan_text(found)
    assert "No path to a licence" in text
    assert "[ON_DISHONESTY_LIST]" in text
    assert "Art. 6(6)" in text


def test_a_business_of_only_telemarketing_has_no_path_and_says_why() -> None:
    found = plan({**SHORTFALL, "activities": ["telemarketing"], "registered_capital_cny": "2000000"},
                 as_of=DAY)  # fmt: skip
    assert found.options == ()
    assert [o.code for o in found.obstacles] == ["TELEMARKETING_PROHIBITED"]


def test_the_search_does_not_copy_the_descriptions(monkeypatch: pytest.MonkeyPatch) -> None:
    # A plan assesses many changed profiles; none of them carries the violations'
    # descriptions (no rule reads them; up to 100 of 2,000 characters each), so they cost
    # once per option, not once per profile searched. The options' own assessments carry
    # them.
    described = "违" * 2000
    profile = {
        **SHORTFALL,
        "service_provinces": ["Sichuan", "Chongqing", "Guizhou"],
        "professional_staff": None,
        "violations": [{"party": "company", "date": "2015-01-01", "description": described}],
    }
    seen: list[bool] = []
    original = Engine._assess

    def counting(self: Engine, data: Any, *args: Any, **kwargs: Any) -> Any:
        seen.append(described in json.dumps(data, ensure_ascii=False, default=str))
        return original(self, data, *args, **kwargs)

    monkeypatch.setattr(Engine, "_assess", counting)
    with Engine() as engine:
        found = engine.plan(profile, as_of=DAY)
        assert len(found.options) >= 2
        assert sum(seen) == 1 + len(found.options), (sum(seen), len(seen))
        assert len(seen) > 3 * sum(seen)
        for option in found.options:
            [violation] = option.assessment.profile.violations or ()
            assert violation.description == described
            for change in option.changes:
                assert change.current == found.assessment.profile.to_dict().get(change.field)
