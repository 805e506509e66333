"""``callcenter-rules review``: one licence held, reviewed on a day, as text, JSON or
Markdown, in English or Chinese, with its calendar; the exit codes of assess."""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path

import icalendar
import pytest
from click.testing import CliRunner, Result

from callcenter_rules import review
from callcenter_rules.cli import cli

HOLDERS = Path(__file__).parents[2] / "examples" / "holders"
LICENCE = HOLDERS / "licence.json"
PROFILE = HOLDERS / "profile.json"
DAY = "2025-06-01"
#: A cross-regional licence with nothing due yet on DAY: every report filed, nothing changed.
IN_ORDER = {
    "number": "B2-20230101",
    "scopes": ["B24-1"],
    "issued_on": "2023-01-01",
    "expires_on": "2028-01-01",
    "annual_reports_filed": [2023, 2024],
    "launched_scopes": ["B24-1"],
    "outbound_undertaking_filed": True,
    "on_non_compliance_list": False,
    "on_dishonesty_list": False,
}


def invoke(*args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(
        cli, list(args), input=stdin, env={"LANG": "", "LC_ALL": "", "LC_MESSAGES": ""}
    )


def test_a_licence_with_overdue_filings_exits_4_and_lists_them_by_due_day() -> None:
    done = invoke("review", str(LICENCE), "--as-of", DAY)
    assert done.exit_code == 4, done.output
    lines = done.output.splitlines()
    assert lines[0] == "Licence:     粤B2-20200731 (regional, Guangdong)"
    dues = [line.split()[0] for line in lines if re.match(r"  \d{4}-\d\d-\d\d  ", line)]
    assert dues == sorted(dues)
    assert len(dues) == 7
    assert "  2025-05-22  overdue  File the licence change [CHANGE_FILING]" in lines
    # Without a profile, coverage is not checked, and says so.
    assert "  not checked (no profile of the business given)" in lines
    assert "[ANNUAL_REPORT_OVERDUE]" in done.output
    assert "Order No. 42" in done.output  # each obligation and finding cites its source


def test_with_a_profile_it_says_the_licence_does_not_cover_the_business() -> None:
    done = invoke("review", str(LICENCE), "--profile", str(PROFILE), "--as-of", DAY)
    assert done.exit_code == 4
    assert (
        "  the licence does not cover the business as the profile describes it: "
        "LICENCE_DOES_NOT_COVER_AREA, LICENCE_TYPE_INSUFFICIENT"
    ) in done.output
    assert "  needs: nationwide licence (Ministry of Industry" in done.output


def test_a_licence_in_order_exits_0(tmp_path: Path) -> None:
    path = tmp_path / "licence.json"
    path.write_text(json.dumps(IN_ORDER), encoding="utf-8")
    done = invoke("review", str(path), "--as-of", DAY)
    assert done.exit_code == 0, done.output
    assert "overdue" not in done.output


def test_the_json_is_the_review_of_the_library() -> None:
    done = invoke(
        "review", str(LICENCE), "--profile", str(PROFILE), "--as-of", DAY, "--format", "json"
    )
    assert done.exit_code == 4
    licence = json.loads(LICENCE.read_text(encoding="utf-8"))
    profile = json.loads(PROFILE.read_text(encoding="utf-8"))
    expected = review(licence, profile, as_of=datetime.date(2025, 6, 1)).to_dict()
    assert json.loads(done.output) == expected
    # Printed as assess prints its JSON: indented, Chinese as it is.
    assert "广州示例客服有限公司" in done.output
    assert done.output.startswith('{\n  "as_of": "2025-06-01",')


def test_markdown_and_chinese() -> None:
    done = invoke("review", str(LICENCE), "--as-of", DAY, "--format", "markdown", "--lang", "zh")
    assert done.exit_code == 4
    assert done.output.startswith(
        "# 广州示例客服有限公司\n\n- **许可证**：粤B2-20200731（省内，广东省）\n"
    )
    assert "| 截止日 | 状态 | 义务 | 依据 |" in done.output
    assert "| 2025-03-31 | 已逾期 | 报送年报 2024 (`ANNUAL_REPORT`) |" in done.output
    assert "## 不符合（1项）" in done.output


def test_ics_writes_one_event_per_obligation_in_the_language_chosen(tmp_path: Path) -> None:
    target = tmp_path / "deadlines.ics"
    done = invoke("review", str(LICENCE), "--as-of", DAY, "--ics", str(target), "--lang", "zh")
    assert done.exit_code == 4
    calendar = icalendar.Calendar.from_ical(target.read_bytes())
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 7
    assert str(events[-1]["summary"]) == "办理许可证变更: 粤B2-20200731"
    assert len({str(event["uid"]) for event in events}) == 7


def test_an_ics_that_cannot_be_written_is_bad_input(tmp_path: Path) -> None:
    done = invoke("review", str(LICENCE), "--as-of", DAY, "--ics", str(tmp_path / "no" / "x.ics"))
    assert done.exit_code == 2
    assert "cannot write" in done.output


def test_bad_input_exits_2_naming_every_bad_field_in_the_language_of_the_run(
    tmp_path: Path,
) -> None:
    licence = tmp_path / "licence.json"
    licence.write_text('{"number": "B2-2019", "scopes": ["B24-1"]}', encoding="utf-8")
    profile = tmp_path / "profile.json"
    profile.write_text('{"name": "Acme"}', encoding="utf-8")
    done = invoke("review", str(licence), "--profile", str(profile), "--as-of", DAY)
    assert done.exit_code == 2
    assert "licence.number: 'B2-2019' is not a licence number" in done.output
    assert "licence.expires_on: is required" in done.output
    # The profile's errors are listed too, not only the licence's.
    assert "profile.entity_type: is required" in done.output
    chinese = invoke("review", str(licence), "--profile", str(profile), "--lang", "zh")
    assert chinese.exit_code == 2
    assert "错误：许可证信息无效" in chinese.output
    assert "licence.expires_on：为必填项" in chinese.output


def test_a_profile_alone_that_is_bad_is_an_invalid_profile(tmp_path: Path) -> None:
    profile = tmp_path / "profile.json"
    profile.write_text('{"name": "Acme"}', encoding="utf-8")
    done = invoke("review", str(LICENCE), "--profile", str(profile), "--as-of", DAY)
    assert done.exit_code == 2
    assert "invalid profile" in done.output
    assert "profile.activities: is required" in done.output


def test_a_day_before_order_42_and_two_standard_inputs_are_refused() -> None:
    early = invoke("review", str(LICENCE), "--as-of", "2017-08-31")
    assert early.exit_code == 2
    assert "before 2017-09-01" in early.output
    both = invoke("review", "-", "--profile", "-", stdin="{}")
    assert both.exit_code == 2
    assert "cannot both be read from standard input" in both.output


def test_the_licence_is_read_from_standard_input() -> None:
    done = invoke("review", "-", "--as-of", DAY, stdin=json.dumps(IN_ORDER))
    assert done.exit_code == 0, done.output
    broken = invoke("review", "-", "--as-of", DAY, stdin="{")
    assert broken.exit_code == 2
    assert "standard input is not valid JSON" in broken.output


@pytest.mark.parametrize("command", ["review", "review-batch"])
def test_the_commands_have_help_in_both_languages(command: str) -> None:
    english = invoke(command, "--help")
    assert english.exit_code == 0
    assert "Exit codes:" in english.output
    chinese = invoke(command, "--help", "--lang", "zh")
    assert chinese.exit_code == 0
    assert "退出码：" in chinese.output
