"""An independent statement of the decision in plain Python: the differential oracle.

Written from the domain research (facts 1.1-7.1, revised 2026-11-30) and the decision it
specifies, not from the rules, and sharing nothing with them but the input model and the
finding vocabulary: its own thresholds, dates, activity lists, zones and province codes,
ordinary ``if`` statements, calendar arithmetic with `datetime`.
When the engine and the oracle disagree, one of them is wrong.

It decides status, licence type, issuing authority, business scopes and the multiset of
finding codes; it does not write messages or citations. It is also the speed baseline: the
same decision without a rule engine.
"""

from __future__ import annotations

import datetime
import enum
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import attrs

from ..model import InvalidProfile, Policy, Profile, structure_profile

__all__ = ["OracleResult", "decide"]

# Fact 2.4 (Order 42 Art. 6(4)).
_REGIONAL_MINIMUM = Decimal("1000000")
_NATIONWIDE_MINIMUM = Decimal("10000000")
# Fact 2.2: the headcount agencies quote (3 insured staff); the law sets none.
_AGENCY_STAFF = 3
# Fact 2.6: Order 42 in force (Order No. 5 before).
_ORDER_42 = datetime.date(2017, 9, 1)
# Fact 4.7: the Shanghai free-trade zone's pilot (工信部通〔2013〕410号, 2014-01-06) until the
# 2018 FTZ list extended it to every free-trade zone.
_SHANGHAI_PILOT = datetime.date(2014, 1, 6)
# Fact 4.3: the 2018 free-trade-zone list opens B22, B23 and B24 in all free-trade zones.
_FTZ_LIST_2018 = datetime.date(2018, 7, 30)
# Fact 4.3: Hainan a pilot free-trade zone (国发〔2018〕34号 published).
_HAINAN_FTZ = datetime.date(2018, 10, 16)
# Fact 4.8: ten more service-outsourcing demonstration cities (商服贸函〔2016〕208号).
_CITIES_2016 = datetime.date(2016, 5, 5)
# Facts 4.1 / 4.2: the call-center exception from the foreign-equity cap, nationwide.
_NEGATIVE_LIST_2019 = datetime.date(2019, 7, 30)
# Fact 5.1: notice 工信部信管〔2020〕81号, issued 2020-06-18.
_NOTICE_2020_81 = datetime.date(2020, 6, 18)
# Fact 4.4: the foreign-invested telecom rules of State Council Order 752 in force.
_FOREIGN_TELECOM_RULES_2022 = datetime.date(2022, 5, 1)
# Fact 4.6: the opening pilot 工信部通信函〔2024〕107号 starts.
_OPENING_PILOT_2024 = datetime.date(2024, 10, 23)
# Fact 4.9: CEPA's Amendment Agreement II in force.
_CEPA_2025 = datetime.date(2025, 3, 1)
# Facts 7.1, 7.2: the sources reach about April 2025; the law was last reviewed on
# 2026-12-07, and more than a year later the horizon is a warning.
_SOURCES_UP_TO = datetime.date(2025, 4, 30)
_LAW_STALE_FROM = datetime.date(2027, 12, 8)

# Facts 1.1 and 1.2: on behalf of client units, or renting out systems and seats.
_B24_IN_WORDS = {"inbound_customer_service", "outbound_calling", "seat_rental", "system_rental"}
# Facts 1.1 and 5.1: marketing calls, B24 only by a reading of the catalogue.
_B24_BY_READING = {"telemarketing"}
# Fact 1.7: classed as B24 by agencies.
_B24_BY_AGENCIES = {"cloud_call_center", "agent_outsourcing", "system_equipment_outsourcing"}
_B24 = _B24_IN_WORDS | _B24_BY_READING | _B24_BY_AGENCIES
# Facts 1.1 and 5.1: calls made rather than answered; B24 only by a reading of the catalogue.
_CALLS_OUT = {"outbound_calling", "telemarketing"}
# Fact 1.8: other catalogue categories.
_ELSEWHERE = {"ivr_information_service": "B25", "conference_calling": "B22"}
# Fact 4.2: categories excepted from the cap besides call centers.
_UNCAPPED = {"B22", "B23"}
# Fact 4.6: categories still capped in the 2024 pilot areas.
_CAPPED_IN_PILOT = {"B13", "B25", "B26"}
_COMPANIES = {"limited_liability_company", "joint_stock_company"}
# Fact 3.1: the cross-regional licence is issued by MIIT.
_MIIT = "MIIT"
_SHANGHAI = "310000"
_GUANGDONG = "440000"

# Facts 4.3 and 4.6: special zones, and the GB/T 2260 code of the province each lies in.
_ZONE_PROVINCE = {
    "shanghai_ftz_original": "310000",  # Shanghai
    "beijing_services_pilot": "110000",  # Beijing
    "shanghai_pudong_lingang": "310000",  # Shanghai
    "hainan_free_trade_port": "460000",  # Hainan
    "shenzhen": "440000",  # Guangdong
    "shenzhen_qianhai": "440000",  # Guangdong
}
# Fact 4.6: the four pilot areas of 2024 (Shenzhen counted with Qianhai-Shekou).
_PILOT_AREAS = {
    "beijing_services_pilot",
    "shanghai_pudong_lingang",
    "hainan_free_trade_port",
    "shenzhen",
    "shenzhen_qianhai",
}
# Fact 4.3: zones the 2018 list opened; Pudong, only partly a free-trade zone; the rest
# (Beijing, Shenzhen outside Qianhai) no free-trade zone before 2019-07-30.
_FREE_TRADE_ZONES = {"free_trade_zone", "shanghai_ftz_original", "shenzhen_qianhai"}
_NO_FREE_TRADE_ZONE = {None, "beijing_services_pilot", "shenzhen"}
# Fact 4.3: the first day a pilot free-trade zone existed in each province that has one.
_FTZ_OPENED = {
    "310000": datetime.date(2013, 9, 29),
    **dict.fromkeys(["440000", "120000", "350000"], datetime.date(2015, 4, 21)),
    **dict.fromkeys(
        ["210000", "330000", "410000", "420000", "500000", "510000", "610000"],
        datetime.date(2017, 4, 1),
    ),
    "460000": datetime.date(2018, 10, 16),
    **dict.fromkeys(
        ["370000", "320000", "450000", "130000", "530000", "230000"], datetime.date(2019, 8, 30)
    ),
    **dict.fromkeys(["110000", "430000", "340000"], datetime.date(2020, 9, 24)),
    "650000": datetime.date(2023, 11, 1),
}
# Fact 4.8: the 21 cities of the offshore pilot, and the 10 named in 2016, by province.
_PILOT_CITIES = {
    "beijing": "110000", "tianjin": "120000", "shanghai": "310000", "chongqing": "500000",
    "dalian": "210000", "shenzhen": "440000", "guangzhou": "440000", "wuhan": "420000",
    "harbin": "230000", "chengdu": "510000", "nanjing": "320000", "xian": "610000",
    "jinan": "370000", "hangzhou": "330000", "hefei": "340000", "nanchang": "360000",
    "changsha": "430000", "daqing": "230000", "suzhou": "320000", "wuxi": "320000",
    "xiamen": "350000",
}  # fmt: skip
_CITIES_OF_2016 = {
    "shenyang": "210000", "changchun": "220000", "nantong": "320000", "zhenjiang": "320000",
    "ningbo": "330000", "fuzhou": "350000", "qingdao": "370000", "zhengzhou": "410000",
    "nanning": "450000", "urumqi": "650000",
}  # fmt: skip
# Fact 4.9: CEPA Supplement IX's offshore call-center pilot cities.
_CEPA_CITIES = {"dongguan": "440000", "zhuhai": "440000"}
_MUNICIPALITY_CITY = {
    "110000": "beijing",
    "120000": "tianjin",
    "310000": "shanghai",
    "500000": "chongqing",
}
_PROVINCES_WITH_CITIES = {
    *_PILOT_CITIES.values(), *_CITIES_OF_2016.values(), *_CEPA_CITIES.values()
}  # fmt: skip

# How sure the law behind each finding is (the domain facts' confidence), where not high,
# for the verdict's confidence; and the findings that decide the verdict whatever the status
# (scope, licence type, authority, a contested classification).
_CONFIDENCE = {
    "SCOPE_OFFSHORE": "M", "OFFSHORE_SCOPE_UNCERTAIN": "M", "B24_BY_AGENCY_PRACTICE": "L-M",
    "OUTBOUND_AS_B24_UNCERTAIN": "M", "IN_HOUSE_EXEMPTION_UNCERTAIN": "L",
    "SERVICE_OUTSIDE_HOME_PROVINCE": "M", "OFFSHORE_COVERAGE_UNSETTLED": "L-M",
    "NUMBER_95_NEEDS_LICENCE": "M", "FALSE_MATERIALS_BAR": "M",
    "FOREIGN_CAP_SHANGHAI_FTZ_PILOT": "M-H", "SHANGHAI_FTZ_AREA_UNKNOWN": "M",
    "FOREIGN_CAP_OFFSHORE_PILOT": "M", "FOREIGN_CAP_OFFSHORE_CITY_UNKNOWN": "M",
    "FOREIGN_CAP_OFFSHORE_PILOT_EXTENT_UNKNOWN": "M", "FOREIGN_CAP_CEPA_OFFSHORE": "M-H",
    "FOREIGN_INVESTOR_ORIGIN_UNKNOWN": "M-H", "FOREIGN_CAP_CEPA_MACAU_UNKNOWN": "L",
    "FOREIGN_CAP_FREE_TRADE_ZONE": "M-H", "FOREIGN_CAP_ZONE_UNCERTAIN": "M",
    "FOREIGN_INVESTED_AUTHORITY_SHANGHAI_FTZ": "M-H", "SHANGHAI_FTZ_PILOT_CAPITAL": "M-H",
    "FOREIGN_INVESTED_AUTHORITY_OFFSHORE_PILOT": "M", "FTZ_AUTHORITY_UNSETTLED": "M",
    "STAFF_BELOW_AGENCY_PRACTICE": "L",
}  # fmt: skip
_ALWAYS_DECIDE = {
    "SCOPE_DOMESTIC", "SCOPE_OFFSHORE", "OFFSHORE_SCOPE_UNCERTAIN", "B24_BY_AGENCY_PRACTICE",
    "NOT_REQUIRED", "LICENSE_NATIONWIDE", "LICENSE_REGIONAL", "SERVICE_OUTSIDE_HOME_PROVINCE",
    "OFFSHORE_COVERAGE_UNSETTLED", "NUMBER_95_NEEDS_LICENCE", "FOREIGN_CAP_SHANGHAI_FTZ_PILOT",
    "SHANGHAI_FTZ_AREA_UNKNOWN", "FOREIGN_CAP_OFFSHORE_PILOT", "FOREIGN_CAP_OFFSHORE_CITY_UNKNOWN",
    "FOREIGN_CAP_OFFSHORE_PILOT_EXTENT_UNKNOWN", "FOREIGN_CAP_CEPA_OFFSHORE",
    "FOREIGN_INVESTOR_ORIGIN_UNKNOWN", "FOREIGN_CAP_CEPA_MACAU_UNKNOWN",
    "FOREIGN_CAP_FREE_TRADE_ZONE", "FOREIGN_CAP_ZONE_UNCERTAIN", "FOREIGN_INVESTED_AUTHORITY_MIIT",
    "FOREIGN_INVESTED_AUTHORITY_SHANGHAI_FTZ", "FOREIGN_INVESTED_AUTHORITY_OFFSHORE_PILOT",
    "FTZ_AUTHORITY_UNSETTLED", "SHANGHAI_FTZ_PILOT_CAPITAL",
}  # fmt: skip
_VERDICT = {"H": "high", "M-H": "medium", "M": "medium", "L-M": "low", "L": "low"}
_WEAKEST_FIRST = ("L", "L-M", "M", "M-H", "H")


@attrs.frozen
class OracleResult:
    """The oracle's decision."""

    status: str
    license_type: str | None
    #: "MIIT", or the GB/T 2260 code of the issuing province; None when not required.
    authority: str | None
    scopes: frozenset[str]
    #: Finding codes, sorted (a code appears once per finding).
    codes: tuple[str, ...]
    #: How sure the verdict is: "high", "medium" or "low".
    confidence: str = "high"
    #: The deciding codes below high confidence, weakest first (ties in code order).
    confidence_rests_on: tuple[str, ...] = ()


def _three_years_before(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year - 3)
    except ValueError:  # 29 February: the month's last day
        return day.replace(year=day.year - 3, day=28)


def _a_year_after(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February: the day after the 28th, as YYYYMMDD compares
        return datetime.date(day.year + 1, 3, 1)


def _plain(value: Any) -> Any:
    """An enum member's value, anything else as it is."""
    return value.value if isinstance(value, enum.Enum) else value


def decide(
    profile: Profile | Mapping[str, Any], as_of: datetime.date, policy: Policy | None = None
) -> OracleResult:
    """Decide ``profile`` on ``as_of`` the plain way."""
    p = structure_profile(profile)
    in_house_is_b24 = (policy or Policy()).in_house_hotline_is_b24
    acts = {a.value for a in p.activities}
    home = p.registered_province.value
    zone = _plain(getattr(p, "registered_zone", None))
    track_record = getattr(p, "foreign_investor_track_record", None)
    origin = _plain(p.foreign_investor_origin)
    if zone in _ZONE_PROVINCE and _ZONE_PROVINCE[zone] != home:
        raise InvalidProfile([("registered_zone", f"{zone} is not in province {home}")])
    if zone == "free_trade_zone" and not _FTZ_OPENED.get(home, datetime.date.max) <= as_of:
        raise InvalidProfile([("registered_zone", f"no free-trade zone in {home} on {as_of}")])
    city = _plain(p.registered_city)
    if city is None:
        city = _MUNICIPALITY_CITY.get(home) or (None if home in _PROVINCES_WITH_CITIES else "other")
    codes: list[str] = []
    deciding: set[str] = set()
    levels = dict(_CONFIDENCE)

    def note(code: str, decides: bool = False) -> None:
        codes.append(code)
        if decides:
            deciding.add(code)

    # The law's horizon (facts 7.1, 7.2).
    if _SOURCES_UP_TO < as_of < _LAW_STALE_FROM or as_of >= _LAW_STALE_FROM:
        note("LAW_NOT_REVIEWED_AFTER")

    # Catalogue (facts 1.1-1.9) and numbers (3.4).
    numbers = {n.value for n in p.number_resources}
    beside_calls_out = acts & (_B24 - _CALLS_OUT)
    if "in_house_hotline" in acts:
        note("IN_HOUSE_EXEMPTION_UNCERTAIN", decides=not acts & _B24)
    codes += ["OTHER_CATEGORY" for a in acts if a in _ELSEWHERE]
    if acts & _B24_BY_AGENCIES and not acts & (_B24_IN_WORDS | _B24_BY_READING):
        note("B24_BY_AGENCY_PRACTICE", decides=True)
    if acts & _CALLS_OUT:
        note("OUTBOUND_AS_B24_UNCERTAIN", decides=not beside_calls_out)
    if "95_customer_service" in numbers:
        note("NUMBER_95_CUSTOMER_SERVICE")
    blocking = False

    # Conduct (fact 5.1).
    if as_of >= _NOTICE_2020_81:
        if "telemarketing" in acts:
            codes.append("TELEMARKETING_PROHIBITED")
            blocking = True
        if "outbound_calling" in acts:
            codes.append("OUTBOUND_UNDERTAKING_REQUIRED")
    b24 = bool(acts & _B24) or (in_house_is_b24 and "in_house_hotline" in acts) or "95" in numbers
    if "95" in numbers and not acts & _B24:
        note("NUMBER_95_NEEDS_LICENCE", decides=True)
    if not b24:
        note("NOT_REQUIRED", decides=True)
        return _result("not_required", None, None, set(), codes, deciding, levels)

    users = {m.value for m in p.end_users}
    clients = (
        {m.value for m in p.client_markets}
        if hasattr(p, "client_markets")
        else {m.value for m in p.clients}
    )
    offshore_only = "domestic" not in users and "domestic" not in clients
    scopes = set()
    if "domestic" in users:
        scopes.add("B24-1")
        note("SCOPE_DOMESTIC", decides=True)
    if "overseas" in users:
        scopes.add("B24-2")
        note("SCOPE_OFFSHORE", decides=True)
        if "domestic" in clients:
            note("OFFSHORE_SCOPE_UNCERTAIN", decides=True)
    if "domestic" not in users:
        note("OFFSHORE_COVERAGE_UNSETTLED", decides=True)
    if p.platform_location.value == "overseas":
        codes.append("PLATFORM_OUTSIDE_MAINLAND")
        blocking = True

    # Which licence, and who issues it (facts 3.1-3.5, 4.4).
    served = {province.value for province in p.service_provinces}
    if len(served) >= 2 or "95" in numbers:
        licence = "nationwide"
        authority = _MIIT
        if len(served) == 1:  # nationwide for the 95 number alone (fact 3.4, medium)
            levels["LICENSE_NATIONWIDE"] = "M"
    elif served == {home}:
        licence = "regional"
        authority = home
    else:
        licence = "regional"
        (authority,) = served
        note("SERVICE_OUTSIDE_HOME_PROVINCE", decides=True)
    note("LICENSE_NATIONWIDE" if licence == "nationwide" else "LICENSE_REGIONAL", decides=True)
    if "95" in numbers:
        codes.append("NUMBER_95_CONDITIONS")
    if "96" in numbers:
        codes.append("NUMBER_96_PROVINCIAL")

    # Who may hold it (facts 2.1-2.6, 5.3).
    def unmet(code: str) -> None:
        nonlocal blocking
        codes.append(code)
        blocking = True

    equity = p.foreign_equity_percent
    shanghai_pilot = _SHANGHAI_PILOT <= as_of < _FTZ_LIST_2018 and zone == "shanghai_ftz_original"
    kind = p.entity_type.value
    if kind == "other":
        codes.append("ENTITY_TYPE_UNKNOWN")
    elif kind not in _COMPANIES:
        unmet("NOT_A_COMPANY")
    minimum = _NATIONWIDE_MINIMUM if licence == "nationwide" else _REGIONAL_MINIMUM
    if p.registered_capital_cny < minimum:
        pilot_minimum = licence == "nationwide" and shanghai_pilot and equity > 0
        if pilot_minimum and p.registered_capital_cny >= _REGIONAL_MINIMUM:
            note("SHANGHAI_FTZ_PILOT_CAPITAL", decides=True)
        else:
            unmet("CAPITAL_BELOW_MINIMUM")
            if pilot_minimum:  # below the pilot's own minimum, cited from the pilot (M-H)
                levels["CAPITAL_BELOW_MINIMUM"] = "M-H"
    staff = p.professional_staff
    if staff is None:
        codes.append("PROFESSIONAL_STAFF_UNKNOWN")
    elif staff == 0:
        unmet("NO_PROFESSIONAL_STAFF")
    elif staff < _AGENCY_STAFF:
        codes.append("STAFF_BELOW_AGENCY_PRACTICE")
    for value, no, dunno in (
        (
            p.has_premises_and_facilities,
            "NO_PREMISES_OR_FACILITIES",
            "PREMISES_OR_FACILITIES_UNKNOWN",
        ),
        (p.has_technical_plan, "NO_TECHNICAL_PLAN", "TECHNICAL_PLAN_UNKNOWN"),
        (p.long_term_service_capability, "NO_LONG_TERM_SERVICE", "LONG_TERM_SERVICE_UNKNOWN"),
    ):
        if value is None:
            codes.append(dunno)
        elif not value:
            unmet(no)
    if as_of >= _ORDER_42:
        if p.on_dishonesty_list is None:
            codes.append("DISHONESTY_LIST_UNKNOWN")
        elif p.on_dishonesty_list:
            unmet("ON_DISHONESTY_LIST")
    elif p.violations is None:
        codes.append("VIOLATION_RECORD_UNKNOWN")
    else:
        window_start = _three_years_before(as_of)
        for violation in p.violations:
            if window_start <= violation.date <= as_of:
                unmet("RECENT_VIOLATION")
    refused = p.false_materials_refused_on
    if refused is not None and refused <= as_of < _a_year_after(refused):
        unmet("FALSE_MATERIALS_BAR")

    # Foreign investment: the cap and the places it was lifted (facts 4.1-4.3, 4.5-4.9).
    group = (
        "offshore_pilot" if city in _PILOT_CITIES
        else "later" if city in _CITIES_OF_2016
        else "cepa" if city in _CEPA_CITIES
        else city  # "other", or None: not known
    )  # fmt: skip
    in_pilot_city = offshore_only and group == "offshore_pilot"
    if equity > 50 and as_of < _NEGATIVE_LIST_2019:
        if as_of < _FTZ_LIST_2018 or zone in _NO_FREE_TRADE_ZONE:
            reaches = True
        elif zone == "hainan_free_trade_port":
            reaches = as_of < _HAINAN_FTZ
            if not reaches:
                note("FOREIGN_CAP_FREE_TRADE_ZONE", decides=True)
        elif zone in _FREE_TRADE_ZONES:
            reaches = False
            note("FOREIGN_CAP_FREE_TRADE_ZONE", decides=True)
        else:  # Pudong: partly a free-trade zone
            reaches = False
            if not in_pilot_city:
                note("FOREIGN_CAP_ZONE_UNCERTAIN", decides=True)
        if reaches:
            lifted = False
            if shanghai_pilot:
                note("FOREIGN_CAP_SHANGHAI_FTZ_PILOT", decides=True)
                lifted = True
            unsure_area = zone in {"free_trade_zone", "shanghai_pudong_lingang"}
            if as_of < _FTZ_LIST_2018 and home == _SHANGHAI and unsure_area and not offshore_only:
                note("SHANGHAI_FTZ_AREA_UNKNOWN", decides=True)
                lifted = True
            if in_pilot_city:
                note("FOREIGN_CAP_OFFSHORE_PILOT", decides=True)
                lifted = True
            if offshore_only and group is None:
                note("FOREIGN_CAP_OFFSHORE_CITY_UNKNOWN", decides=True)
                lifted = True
            if offshore_only and group == "later" and as_of >= _CITIES_2016:
                note("FOREIGN_CAP_OFFSHORE_PILOT_EXTENT_UNKNOWN", decides=True)
                lifted = True
            if offshore_only and group == "cepa":
                cepa = {
                    "hong_kong": "FOREIGN_CAP_CEPA_OFFSHORE",
                    "macau": "FOREIGN_CAP_CEPA_MACAU_UNKNOWN",
                    None: "FOREIGN_INVESTOR_ORIGIN_UNKNOWN",
                }.get(origin)
                if cepa:
                    note(cepa, decides=True)
                    lifted = True
            if not lifted:
                unmet("FOREIGN_EQUITY_OVER_CAP")
                codes.append("FOREIGN_CAP_PILOT_EXCEPTIONS")
    if equity > 50 and as_of >= _NEGATIVE_LIST_2019:
        codes.append("FOREIGN_CAP_EXEMPT")
        others = set(p.other_value_added_services)
        if as_of >= _OPENING_PILOT_2024 and zone in _PILOT_AREAS:
            capped = others & _CAPPED_IN_PILOT
        else:
            capped = others - _UNCAPPED
        if capped:
            codes.append("FOREIGN_CAP_OTHER_SERVICES")
        if as_of >= _CEPA_2025 and origin == "hong_kong" and others - _UNCAPPED:
            codes.append("CEPA_OTHER_SERVICES_UNVERIFIED")

    # Foreign investment: the foreign-invested telecom rules, and who licenses (fact 4.4).
    if equity > 0:
        offshore_pilot = in_pilot_city and as_of < _NEGATIVE_LIST_2019
        if as_of < _FOREIGN_TELECOM_RULES_2022:
            if track_record is None:
                codes.append("FOREIGN_INVESTOR_TRACK_RECORD_UNKNOWN")
            elif not track_record:
                unmet("FOREIGN_INVESTOR_NO_TRACK_RECORD")
            if equity == 100 and not offshore_pilot:
                codes.append("FOREIGN_JOINT_VENTURE_FORM")
        authority = _MIIT
        if offshore_pilot:
            note("FOREIGN_INVESTED_AUTHORITY_OFFSHORE_PILOT", decides=True)
            authority = home
        if shanghai_pilot:
            note("FOREIGN_INVESTED_AUTHORITY_SHANGHAI_FTZ", decides=True)
            authority = _SHANGHAI
        if not offshore_pilot and not shanghai_pilot:
            note("FOREIGN_INVESTED_AUTHORITY_MIIT", decides=True)
        shanghai_zone = home == _SHANGHAI and zone in {
            "free_trade_zone", "shanghai_pudong_lingang", "shanghai_ftz_original"
        }  # fmt: skip
        past_pilot = as_of >= _FTZ_LIST_2018 or zone != "shanghai_ftz_original"
        if shanghai_zone and not offshore_pilot and past_pilot:
            note("FTZ_AUTHORITY_UNSETTLED", decides=True)

    unknown = any(code.endswith("_UNKNOWN") for code in codes)
    status = "ineligible" if blocking else "incomplete" if unknown else "eligible"
    return _result(status, licence, authority, scopes, codes, deciding, levels)


def _result(
    status: str,
    licence: str | None,
    authority: str | None,
    scopes: set[str],
    codes: list[str],
    deciding: set[str],
    levels: Mapping[str, str],
) -> OracleResult:
    """The result, with the verdict's confidence: the weakest among the deciding findings,
    the blocking ones of an ineligible verdict and the unknown ones of an incomplete one."""
    rests: dict[str, int] = {}
    for code in codes:
        decides = (
            code in deciding
            or (status == "ineligible" and code in _BLOCKING)
            or (status == "incomplete" and code.endswith("_UNKNOWN"))
        )
        level = levels.get(code, "H")
        if decides and level != "H":
            rests[code] = _WEAKEST_FIRST.index(level)
    weakest = min(rests.values(), default=len(_WEAKEST_FIRST) - 1)
    return OracleResult(
        status,
        licence,
        authority,
        frozenset(scopes),
        tuple(sorted(codes)),
        _VERDICT[_WEAKEST_FIRST[weakest]],
        tuple(sorted(rests, key=lambda code: (rests[code], code))),
    )


#: The findings that are blocking (they decide an ineligible verdict).
_BLOCKING = {
    "TELEMARKETING_PROHIBITED", "PLATFORM_OUTSIDE_MAINLAND", "NOT_A_COMPANY",
    "CAPITAL_BELOW_MINIMUM", "NO_PROFESSIONAL_STAFF", "NO_PREMISES_OR_FACILITIES",
    "NO_TECHNICAL_PLAN", "NO_LONG_TERM_SERVICE", "ON_DISHONESTY_LIST", "RECENT_VIOLATION",
    "FALSE_MATERIALS_BAR", "FOREIGN_EQUITY_OVER_CAP", "FOREIGN_INVESTOR_NO_TRACK_RECORD",
}  # fmt: skip
