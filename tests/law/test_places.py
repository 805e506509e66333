"""The pilot free-trade zones' calendar (``law/places.py``, domain fact 4.3): a company
cannot be registered in a free-trade zone of a province that had none on the day assessed;
the days are those of ``free_trade_zone.provinces`` (sources in tests/scenarios/zones.yaml)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from callcenter_rules import Engine, InvalidProfile

from conftest import BASE_PROFILE


def _in_a_zone(province: str) -> dict[str, Any]:
    return {
        **BASE_PROFILE,
        "registered_province": province,
        "service_provinces": [province],
        "registered_zone": "free_trade_zone",
    }


@pytest.mark.parametrize(
    ("province", "opened"),
    [
        ("Shanghai", "2013-09-29"),
        ("Guangdong", "2015-04-21"),
        ("Liaoning", "2017-04-01"),
        ("Hainan", "2018-10-16"),
        ("Shandong", "2019-08-30"),
        ("Beijing", "2020-09-24"),
        ("Xinjiang", "2023-11-01"),
    ],
)
def test_a_zone_is_refused_the_day_before_it_opened_and_taken_from_that_day(
    engine: Engine, province: str, opened: str
) -> None:
    first = datetime.date.fromisoformat(opened)
    profile = _in_a_zone(province)
    if first - datetime.timedelta(days=1) >= datetime.date(2016, 3, 1):
        with pytest.raises(InvalidProfile) as refused:
            engine.assess(profile, as_of=first - datetime.timedelta(days=1))
        [(path, message)] = refused.value.errors
        assert path == "registered_zone"
        assert f"opened on {opened}" in message
        [(_, message_zh)] = refused.value.errors_zh
        assert "自由贸易试验区" in message_zh
    assert engine.assess(profile, as_of=max(first, datetime.date(2016, 3, 1))).status


def test_a_province_with_no_zone_known_is_refused_up_to_the_sources(engine: Engine) -> None:
    profile = _in_a_zone("Qinghai")
    with pytest.raises(InvalidProfile) as refused:
        engine.assess(profile, as_of=datetime.date(2025, 4, 30))
    [(path, message)] = refused.value.errors
    assert (path, message) == (
        "registered_zone",
        "free_trade_zone: Qinghai had no pilot free-trade zone on 2025-04-30, the day assessed",
    )
    assert "青海省没有自由贸易试验区" in refused.value.errors_zh[0][1]


def test_after_the_sources_a_zone_may_have_opened_and_is_taken(engine: Engine) -> None:
    # The sources reach 2025-04-30: a zone opened since is not known, so not refused.
    result = engine.assess(_in_a_zone("Qinghai"), as_of=datetime.date(2025, 5, 1))
    assert result.profile.registered_zone is not None
    assert result.status.value == "eligible"


def test_other_zones_are_not_checked_against_the_calendar(engine: Engine) -> None:
    # Only the pilot free-trade zone has a calendar here; the others name their own place.
    profile = {**BASE_PROFILE, "registered_province": "Guangdong",
               "service_provinces": ["Guangdong"], "registered_zone": "shenzhen_qianhai"}  # fmt: skip
    assert engine.assess(profile, as_of=datetime.date(2016, 3, 1)).status
