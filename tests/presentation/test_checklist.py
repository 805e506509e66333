"""The application checklist, filled in from an assessment."""

from __future__ import annotations

import datetime

from callcenter_rules import Engine
from callcenter_rules.checklist import checklist
from callcenter_rules.law.materials import MATERIALS

from conftest import BASE_PROFILE

DAY = datetime.date(2024, 6, 1)


def test_a_regional_applicant_gets_the_legal_items_and_its_authority(engine: Engine) -> None:
    items = checklist(engine.assess(BASE_PROFILE, as_of=DAY))
    ids = [item["id"] for item in items]
    assert "ART8-APPLICATION" in ids
    assert "PRACTICE-ACCESS-95" not in ids
    application = items[0]
    assert "Beijing Communications Administration" in application["title"]
    assert "北京市通信管理局" in application["title_zh"]
    assert {item["basis"] for item in items} == {"legal", "practice"}


def test_a_95_number_adds_its_practice_item(engine: Engine) -> None:
    profile = {**BASE_PROFILE, "number_resources": ["95"]}
    ids = [item["id"] for item in checklist(engine.assess(profile, as_of=DAY))]
    assert "PRACTICE-ACCESS-95" in ids
    # Every item but the investor statement, which a foreign-invested applicant files.
    assert len(ids) == len(MATERIALS) - 1
    assert "ART10-INVESTOR-STATEMENT" not in ids


def test_a_foreign_invested_applicant_files_an_investor_statement_from_2022(
    engine: Engine,
) -> None:
    foreign = {**BASE_PROFILE, "foreign_equity_percent": "10"}
    before = checklist(engine.assess(foreign, as_of=datetime.date(2022, 4, 30)))
    after = checklist(engine.assess(foreign, as_of=datetime.date(2022, 5, 1)))
    assert "ART10-INVESTOR-STATEMENT" not in [item["id"] for item in before]
    (statement,) = [item for item in after if item["id"] == "ART10-INVESTOR-STATEMENT"]
    assert "投资者情况说明书" in statement["title_zh"]
    assert "Arts. 10(1) and 11" in statement["title"]
    # The application goes to MIIT, whatever the service area (2022 rules Art. 10).
    (application,) = [item for item in after if item["id"] == "ART8-APPLICATION"]
    assert application["title_zh"].endswith("报工业和信息化部")


def test_no_licence_no_checklist(engine: Engine) -> None:
    profile = {**BASE_PROFILE, "activities": ["ivr_information_service"]}
    assert checklist(engine.assess(profile, as_of=DAY)) == []
