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
# Fact 4.3: the 2018 free-trade-zone list opens B22, B23 and B24 in all free-trade zones.
_FTZ_LIST_2018 = datetime.date(2018, 7, 30)
# Facts 4.1 / 4.2: the call-center exception from the foreign-equity cap, nationwide.
_NEGATIVE_LIST_2019 = datetime.date(2019, 7, 30)
# Fact 5.1: notice 工信部信管〔2020〕81号, issued 2020-06-18.
_NOTICE_2020_81 = datetime.date(2020, 6, 18)
# Fact 4.4: the foreign-invested telecom rules of State Council Order 752 in force.
_FOREIGN_TELECOM_RULES_2022 = datetime.date(2022, 5, 1)
# Fact 4.6: the opening pilot 工信部通信函〔2024〕107号 starts.
_OPENING_PILOT_2024 = datetime.date(2024, 10, 23)
# Fact 7.1: the law was last reviewed on this day; more than a year later it is a warning.
_LAW_REVIEWED_ON = datetime.date(2026, 11, 30)
_LAW_STALE_FROM = datetime.date(2027, 12, 1)

# Facts 1.1 and 1.2: on behalf of client units, or renting out systems and seats.
_B24_IN_WORDS = {
    "inbound_customer_service",
    "outbound_calling",
    "telemarketing",
    "seat_rental",
    "system_rental",
}
# Fact 1.7: classed as B24 by agencies.
_B24_BY_AGENCIES = {"cloud_call_center", "agent_outsourcing", "system_equipment_outsourcing"}
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

# Facts 4.3 and 4.6: special zones, and the GB/T 2260 code of the province each lies in.
_ZONE_PROVINCE = {
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
# Fact 4.3: zones that are free-trade zones opened by the 2018 list; where the list's
# reach is unclear; the rest (Beijing, Shenzhen outside Qianhai) were no free-trade zone.
_FREE_TRADE_ZONES = {"free_trade_zone", "shenzhen_qianhai"}
_ZONES_UNCLEAR_2018 = {"shanghai_pudong_lingang", "hainan_free_trade_port"}


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


def _three_years_before(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year - 3)
    except ValueError:  # 29 February: the month's last day
        return day.replace(year=day.year - 3, day=28)


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
    if zone in _ZONE_PROVINCE and _ZONE_PROVINCE[zone] != home:
        raise InvalidProfile([("registered_zone", f"{zone} is not in province {home}")])
    codes: list[str] = []

    # The law's horizon (fact 7.1).
    if _LAW_REVIEWED_ON < as_of < _LAW_STALE_FROM:
        codes.append("LAW_NOT_REVIEWED_AFTER")  # info
    if as_of >= _LAW_STALE_FROM:
        codes.append("LAW_NOT_REVIEWED_AFTER")  # warning

    # Catalogue (facts 1.1-1.9).
    if "in_house_hotline" in acts:
        codes.append("IN_HOUSE_EXEMPTION_UNCERTAIN")
    codes += ["OTHER_CATEGORY" for a in acts if a in _ELSEWHERE]
    if acts & _B24_BY_AGENCIES and not acts & _B24_IN_WORDS:
        codes.append("B24_BY_AGENCY_PRACTICE")
    if acts & _CALLS_OUT:
        codes.append("OUTBOUND_AS_B24_UNCERTAIN")
    blocking = False

    # Conduct (fact 5.1).
    if as_of >= _NOTICE_2020_81:
        if "telemarketing" in acts:
            codes.append("TELEMARKETING_PROHIBITED")
            blocking = True
        if "outbound_calling" in acts:
            codes.append("OUTBOUND_UNDERTAKING_REQUIRED")
    b24 = bool(acts & (_B24_IN_WORDS | _B24_BY_AGENCIES)) or (
        in_house_is_b24 and "in_house_hotline" in acts
    )
    if not b24:
        codes.append("NOT_REQUIRED")
        return OracleResult("not_required", None, None, frozenset(), tuple(sorted(codes)))

    users = {m.value for m in p.end_users}
    clients = {m.value for m in p.clients}
    scopes = set()
    if "domestic" in users:
        scopes.add("B24-1")
        codes.append("SCOPE_DOMESTIC")
    if "overseas" in users:
        scopes.add("B24-2")
        codes.append("SCOPE_OFFSHORE")
        if "domestic" in clients:
            codes.append("OFFSHORE_SCOPE_UNCERTAIN")
    if p.platform_location.value == "overseas":
        codes.append("PLATFORM_OUTSIDE_MAINLAND")
        blocking = True

    # Which licence, and who issues it (facts 3.1-3.5, 4.4).
    numbers = {n.value for n in p.number_resources}
    served = {province.value for province in p.service_provinces}
    if len(served) >= 2 or "95" in numbers:
        licence = "nationwide"
        authority = _MIIT
    elif served == {home}:
        licence = "regional"
        authority = home
    else:
        licence = "regional"
        (authority,) = served
        codes.append("SERVICE_OUTSIDE_HOME_PROVINCE")
    codes.append("LICENSE_NATIONWIDE" if licence == "nationwide" else "LICENSE_REGIONAL")
    if "95" in numbers:
        codes.append("NUMBER_95_CONDITIONS")
    if "96" in numbers:
        codes.append("NUMBER_96_PROVINCIAL")

    # Who may hold it (facts 2.1-2.6).
    def unmet(code: str) -> None:
        nonlocal blocking
        codes.append(code)
        blocking = True

    kind = p.entity_type.value
    if kind == "other":
        codes.append("ENTITY_TYPE_UNKNOWN")
    elif kind not in _COMPANIES:
        unmet("NOT_A_COMPANY")
    minimum = _NATIONWIDE_MINIMUM if licence == "nationwide" else _REGIONAL_MINIMUM
    if p.registered_capital_cny < minimum:
        unmet("CAPITAL_BELOW_MINIMUM")
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

    # Foreign investment: the cap (facts 4.1-4.3, 4.5, 4.6).
    equity = p.foreign_equity_percent
    if equity > 50:
        if as_of < _FTZ_LIST_2018:
            unmet("FOREIGN_EQUITY_OVER_CAP")
            codes.append("FOREIGN_CAP_PILOT_EXCEPTIONS")
        elif as_of < _NEGATIVE_LIST_2019:
            if zone in _FREE_TRADE_ZONES:
                codes.append("FOREIGN_CAP_FREE_TRADE_ZONE")
            elif zone in _ZONES_UNCLEAR_2018:
                codes.append("FOREIGN_CAP_ZONE_UNCERTAIN")
            else:
                unmet("FOREIGN_EQUITY_OVER_CAP")
                codes.append("FOREIGN_CAP_PILOT_EXCEPTIONS")
        else:
            codes.append("FOREIGN_CAP_EXEMPT")
            others = set(p.other_value_added_services)
            if as_of >= _OPENING_PILOT_2024 and zone in _PILOT_AREAS:
                capped = others & _CAPPED_IN_PILOT
            else:
                capped = others - _UNCAPPED
            if capped:
                codes.append("FOREIGN_CAP_OTHER_SERVICES")

    # Foreign investment: the foreign-invested telecom rules (fact 4.4).
    if equity > 0:
        if as_of < _FOREIGN_TELECOM_RULES_2022:
            if track_record is None:
                codes.append("FOREIGN_INVESTOR_TRACK_RECORD_UNKNOWN")
            elif not track_record:
                unmet("FOREIGN_INVESTOR_NO_TRACK_RECORD")
            codes.append("FOREIGN_INVESTED_AUTHORITY_MIIT")
            authority = _MIIT
            if equity == 100:
                codes.append("FOREIGN_JOINT_VENTURE_FORM")
        elif licence == "regional":
            codes.append("FOREIGN_INVESTED_AUTHORITY_UNCERTAIN")

    unknown = any(code.endswith("_UNKNOWN") for code in codes)
    status = "ineligible" if blocking else "incomplete" if unknown else "eligible"
    return OracleResult(status, licence, authority, frozenset(scopes), tuple(sorted(codes)))
