"""Where a company can be registered on a day: the pilot free-trade zones, by province and
by the day each opened (``free_trade_zone.provinces``, domain fact 4.3).

A profile names the zone it is registered in; whether that zone existed on the day
assessed is a fact of the law's calendar, so it is checked when the day is known: a
company cannot be registered in a free-trade zone of a province that had none on that day.
The calendar is known only up to ``law_review.sources_up_to``: for a later day, a zone in
a province with none known is taken as the profile says (a zone may have opened since).
"""

from __future__ import annotations

import datetime
from typing import Final

from ..provinces import Province
from ..text import Said
from ..vocabulary import Zone
from .parameters import ParameterTable
from .wording import day_zh

__all__ = ["FREE_TRADE_ZONE_PROVINCES", "free_trade_zone_opened", "zone_on_day"]

#: The parameter that lists the provinces with a pilot free-trade zone, by day.
FREE_TRADE_ZONE_PROVINCES: Final = "free_trade_zone.provinces"
#: The last day the sources behind the calendar reach.
_SOURCES_UP_TO: Final = "law_review.sources_up_to"


def free_trade_zone_opened(province_code: str, table: ParameterTable) -> datetime.date | None:
    """The first day a pilot free-trade zone existed in the province (None: never, as far
    as the law's data reaches)."""
    for dated in table[FREE_TRADE_ZONE_PROVINCES].values:
        if dated.value is not None and province_code in dated.value:
            return dated.start
    return None


def zone_on_day(
    zone: Zone | None, province: Province, day: datetime.date, table: ParameterTable
) -> Said | None:
    """Why a company registered in ``zone`` of ``province`` cannot be there on ``day``, if
    it cannot: a pilot free-trade zone in a province that had none yet (or has none at
    all)."""
    if zone is not Zone.FREE_TRADE_ZONE:
        return None
    provinces = table.value(FREE_TRADE_ZONE_PROVINCES, day) or ()
    if province.code in provinces:
        return None
    opened = free_trade_zone_opened(province.code, table)
    if opened is None:
        if day > table.value(_SOURCES_UP_TO, day):
            return None  # after the sources: a zone may have opened since
        return Said(
            f"free_trade_zone: {province.name_en} had no pilot free-trade zone on "
            f"{day.isoformat()}, the day assessed",
            f"free_trade_zone（自由贸易试验区）：评估日{day_zh(day)}时{province.name_zh}"
            "没有自由贸易试验区",
        )
    return Said(
        f"free_trade_zone: {province.name_en}'s pilot free-trade zone opened on "
        f"{opened.isoformat()}, after {day.isoformat()}, the day assessed",
        f"free_trade_zone（自由贸易试验区）：{province.name_zh}的自由贸易试验区于{day_zh(opened)}设立，"
        f"晚于评估日{day_zh(day)}",
    )
