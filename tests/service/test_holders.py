"""A licence holder's input and answer: the licence number and what it says, the errors
named in both languages, the review's edges, and the engine shape the holder rules rely
on (see also tests/scenarios/holder_*.yaml and tests/properties/test_holders.py)."""

from __future__ import annotations

import datetime
import json
import pickle
import re
from pathlib import Path

import icalendar
import jsonschema
import pytest
from hypothesis import given

from callcenter_rules import (
    Engine,
    InvalidLicence,
    InvalidProfile,
    Licence,
    LicenseType,
    Profile,
    Province,
    UnsupportedDate,
    review,
)
from callcenter_rules.compile import CompileError, compile_law
from callcenter_rules.law.citation import Source
from callcenter_rules.law.facts import EVENT_DEADLINES, LICENCE_EVENT
from callcenter_rules.law.language import FindingSpec, Rule
from callcenter_rules.law.parameters import default_table
from callcenter_rules.law.sources import REGULATIONS_ART_15
from callcenter_rules.provinces import ABBREVIATIONS
from callcenter_rules.results.review import obligation_state
from callcenter_rules.schema import committed_schema
from callcenter_rules.testing import licences
from callcenter_rules.vocabulary import Confidence, ObligationState, Severity

DOCS = Path(__file__).resolve().parents[2] / "docs"
BASE = {"number": "B2-20180123", "scopes": ["B24-1"], "expires_on": "2026-03-01"}
DAY = datetime.date(2025, 6, 1)


@pytest.mark.parametrize("prefix", sorted(ABBREVIATIONS))
def test_every_province_prefix_names_its_provincial_licence(prefix: str) -> None:
    licence = Licence.from_dict({**BASE, "number": f"{prefix}B2-20180123"})
    province = ABBREVIATIONS[prefix]
    assert licence.license_type is LicenseType.REGIONAL
    assert licence.authority == province.code
    assert licence.province is province
    assert licence.coverage == (province,)


def test_a_number_without_prefix_is_cross_regional() -> None:
    licence = Licence.from_dict(BASE)
    assert (licence.license_type, licence.authority, licence.province) == (
        LicenseType.NATIONWIDE,
        "MIIT",
        None,
    )
    assert licence.coverage is None


def test_type_and_authority_given_must_agree_with_the_number() -> None:
    with pytest.raises(InvalidLicence) as raised:
        Licence.from_dict(
            {**BASE, "number": "京B2-20180123", "license_type": "nationwide", "authority": "广东"}
        )
    paths = [path for path, _ in raised.value.errors]
    assert paths == ["license_type", "authority"]
    assert "provincial licence" in raised.value.errors[0][1]
    assert "北京市通信管理局" in raised.value.errors_zh[1][1]
    assert raised.value.describe("zh").startswith("许可证信息无效（共2处错误）")
    assert str(raised.value).startswith("invalid licence (2 errors)")


def test_a_consistent_type_and_authority_are_accepted_in_any_spelling() -> None:
    licence = Licence.from_dict(
        {
            **BASE,
            "number": "粤B2-20180123",
            "license_type": "regional",
            "authority": "广东省通信管理局",
        }
    )
    assert licence.authority == Province.GUANGDONG.code
    assert Licence.from_dict({**BASE, "authority": "工业和信息化部"}).authority == "MIIT"


@pytest.mark.parametrize(
    ("number", "says"),
    [
        ("哈B2-20180123", "not a province's abbreviation"),
        ("B2-2018012", "is not a licence number"),
        ("B24-20180123", "is not a licence number"),
        ("京 B2-20180123", "is not a licence number"),
    ],
)
def test_a_bad_number_is_named(number: str, says: str) -> None:
    with pytest.raises(InvalidLicence) as raised:
        Licence.from_dict({**BASE, "number": number})
    assert raised.value.errors[0][0] == "number"
    assert says in raised.value.errors[0][1]


def test_every_bad_field_is_named_at_once_in_both_languages() -> None:
    with pytest.raises(InvalidLicence) as raised:
        Licence.from_dict(
            {
                "number": "B2-20180123",
                "scopes": ["B24", "B99"],
                "expires_on": "2026-02-30",
                "coverage": ["Beijing"],
                "issued_on": "2027-01-01",
                "events": [{"kind": "rename", "happened_on": "2025-01-01"}],
                "extra": 1,
            }
        )
    paths = [path for path, _ in raised.value.errors]
    assert paths == ["extra", "scopes[0]", "scopes[1]", "expires_on", "coverage", "events[0].kind"]
    assert all(zh for _, zh in raised.value.errors_zh)
    assert isinstance(raised.value, InvalidProfile)
    copy = pickle.loads(pickle.dumps(raised.value))
    assert copy.errors_zh == raised.value.errors_zh


def test_a_licence_reads_provinces_and_field_names_as_a_profile_does() -> None:
    # One reader for both: a province code written as a whole JSON number is a code.
    licence = Licence.from_dict({**BASE, "coverage": [110000.0, "河北省"]})
    assert [p.code for p in licence.coverage] == ["110000", "130000"]
    cases = (
        ({**BASE, 7: 1}, "", {7: 1}),
        ({**BASE, "coverage": [110000.5]}, "coverage[0]", {"registered_province": 110000.5}),
    )
    for bad, path, profile in cases:
        with pytest.raises(InvalidLicence) as raised:
            Licence.from_dict(bad)
        with pytest.raises(InvalidProfile) as as_profile:
            Profile.from_dict(profile)
        said = dict(raised.value.errors)[path]
        assert said == dict(as_profile.value.errors)["" if path == "" else "registered_province"]


def test_a_provincial_licence_covers_its_own_province_only() -> None:
    with pytest.raises(InvalidLicence, match="covers its own province only"):
        Licence.from_dict({**BASE, "number": "京B2-20180123", "coverage": ["Beijing", "Hebei"]})


def test_launched_scopes_are_among_the_licences() -> None:
    with pytest.raises(InvalidLicence, match="not among the licence's scopes"):
        Licence.from_dict({**BASE, "launched_scopes": ["B24-2"]})


def test_a_licence_round_trips_through_its_dict() -> None:
    licence = Licence.from_dict(
        {**BASE, "events": [{"kind": "address", "happened_on": "2025-01-06"}]}
    )
    assert Licence.from_dict(licence.to_dict()) == licence
    json.dumps(licence.to_dict())


@given(licence=licences())
def test_the_schema_accepts_every_licence_the_library_does(licence: dict[str, object]) -> None:
    jsonschema.Draft202012Validator(committed_schema("licence")).validate(licence)
    Licence.from_dict(licence)


def test_reviews_start_when_order_42_took_effect() -> None:
    with pytest.raises(UnsupportedDate) as raised:
        review(BASE, as_of=datetime.date(2017, 8, 31))
    assert "2017-09-01" in raised.value.message_zh
    assert review(BASE, as_of=datetime.date(2017, 9, 1)).as_of == datetime.date(2017, 9, 1)


def test_a_review_is_json_ready_and_audited() -> None:
    result = review(BASE, as_of=DAY)
    data = result.to_dict()
    json.dumps(data)
    assert data["audit"]["ruleset_hash"] == Engine().ruleset_hash
    assert len(data["audit"]["input_hash"]) == 64


@pytest.mark.parametrize(
    ("as_of", "window", "due", "done", "done_on", "state"),
    [
        ("2025-01-01", "2025-02-01", "2025-03-01", False, None, ObligationState.UPCOMING),
        ("2025-02-01", "2025-02-01", "2025-03-01", False, None, ObligationState.OPEN),
        ("2025-03-01", "2025-02-01", "2025-03-01", False, None, ObligationState.OPEN),
        ("2025-03-02", "2025-02-01", "2025-03-01", False, None, ObligationState.OVERDUE),
        ("2025-03-02", "2025-02-01", "2025-03-01", True, "2025-03-01", ObligationState.DONE),
        ("2025-03-02", "2025-02-01", "2025-03-01", True, "2025-03-02", ObligationState.OVERDUE),
        ("2025-01-01", "2025-02-01", "2025-03-01", True, None, ObligationState.DONE),
    ],
)
def test_obligation_states(
    as_of: str, window: str, due: str, done: bool, done_on: str | None, state: ObligationState
) -> None:
    day = datetime.date.fromisoformat
    assert (
        obligation_state(day(as_of), day(window), day(due), done, day(done_on) if done_on else None)
        is state
    )


def _rule(event: object) -> Rule:
    return Rule(
        id="TEST-JOIN-AFTER-CHOICE",
        summary="A test rule.",
        summary_zh="测试规则。",
        sources=(Source(REGULATIONS_ART_15, "8.3", Confidence.HIGH),),
        when={"deadlines": EVENT_DEADLINES, "event": event},  # type: ignore[dict-item]
        findings=(FindingSpec("TEST_JOIN", Severity.INFO, "Test.", "测试。"),),
    )


def test_the_compiler_refuses_a_comparison_with_another_fact_after_a_choice() -> None:
    # durable-rules ignores such a comparison (a change filed in time matched "filed after
    # the due day"): the holder rules put it first, and the compiler keeps them so.
    after = (LICENCE_EVENT.kind.is_one_of(("name", "merger"))) & (
        LICENCE_EVENT.filed_on > EVENT_DEADLINES.filing_due
    )
    with pytest.raises(CompileError, match="after a choice"):
        compile_law([_rule(after)], default_table())
    inside = LICENCE_EVENT.filed_on.is_unknown() | (
        LICENCE_EVENT.filed_on > EVENT_DEADLINES.filing_due
    )
    with pytest.raises(CompileError, match="inside a choice"):
        compile_law([_rule(inside)], default_table())
    first = (LICENCE_EVENT.filed_on > EVENT_DEADLINES.filing_due) & (
        LICENCE_EVENT.kind.is_one_of(("name", "merger"))
    )
    compile_law([_rule(first)], default_table())


@pytest.mark.parametrize("page", ["holders.md", "holders.zh.md"])
def test_the_holders_page_example_prints_what_the_page_shows(
    page: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (DOCS / page).read_text(encoding="utf-8")
    code = re.search(r"```python\nimport datetime\n(.*?)```", text, re.S)
    shown = re.search(r"```text\n(.*?)```", text, re.S)
    assert code is not None
    assert shown is not None
    monkeypatch.chdir(tmp_path)
    exec(compile("import datetime\n" + code.group(1), page, "exec"), {})
    assert capsys.readouterr().out == shown.group(1)
    calendar = icalendar.Calendar.from_ical((tmp_path / "deadlines.ics").read_bytes())
    assert len(list(calendar.walk("VEVENT"))) == len(shown.group(1).splitlines()) - 5
