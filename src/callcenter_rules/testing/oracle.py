"""An independent statement of the decision in plain Python: the differential oracle.

Written from the domain research (facts 1.1-5.1), not from the rules, and sharing nothing
with them but the input model and the finding vocabulary: its own thresholds, dates and
activity lists, ordinary ``if`` statements, calendar arithmetic with `datetime`.
When the engine and the oracle disagree, one of them is wrong.

It decides status, licence type, business scopes and the multiset of finding codes; it does
not write messages or citations. It is also the speed baseline: the same decision without
a rule engine.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import attrs

from ..model import Policy, Profile, structure_profile

__all__ = ["OracleResult", "decide"]

# Fact 2.4 (Order 42 Art. 6(4)).
_REGIONAL_MINIMUM = Decimal("1000000")
_NATIONWIDE_MINIMUM = Decimal("10000000")
# Fact 2.6: Order 42 in force (Order No. 5 before).
_ORDER_42 = datetime.date(2017, 9, 1)
# Facts 4.1 / 4.2: the call-center exception from the foreign-equity cap.
_NEGATIVE_LIST_2019 = datetime.date(2019, 7, 30)
# Fact 5.1: the June 2020 notice (no day given; the first of the month).
_NOTICE_2020 = datetime.date(2020, 6, 1)

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
# Fact 1.8: other catalogue categories.
_ELSEWHERE = {"ivr_information_service": "B25", "conference_calling": "B22"}
# Fact 4.2: categories excepted from the cap besides call centers.
_UNCAPPED = {"B22", "B23"}
_COMPANIES = {"limited_liability_company", "joint_stock_company"}


@attrs.frozen
class OracleResult:
    """The oracle's decision."""

    status: str
    license_type: str | None
    scopes: frozenset[str]
    #: Finding codes, sorted (a code appears once per finding).
    codes: tuple[str, ...]


def _three_years_before(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year - 3)
    except ValueError:  # 29 February: the month's last day
        return day.replace(year=day.year - 3, day=28)


def decide(
    profile: Profile | Mapping[str, Any], as_of: datetime.date, policy: Policy | None = None
) -> OracleResult:
    """Decide ``profile`` on ``as_of`` the plain way."""
    p = structure_profile(profile)
    in_house_is_b24 = (policy or Policy()).in_house_hotline_is_b24
    acts = {a.value for a in p.activities}
    codes: list[str] = []

    # Catalogue (facts 1.1-1.9).
    if "in_house_hotline" in acts:
        codes.append("IN_HOUSE_EXEMPTION_UNCERTAIN")
    codes += ["OTHER_CATEGORY" for a in acts if a in _ELSEWHERE]
    if acts & _B24_BY_AGENCIES and not acts & _B24_IN_WORDS:
        codes.append("B24_BY_AGENCY_PRACTICE")
    if as_of >= _NOTICE_2020:
        if "telemarketing" in acts:
            codes.append("TELEMARKETING_PROHIBITED")
        if "outbound_calling" in acts:
            codes.append("OUTBOUND_UNDERTAKING_REQUIRED")
    b24 = bool(acts & (_B24_IN_WORDS | _B24_BY_AGENCIES)) or (
        in_house_is_b24 and "in_house_hotline" in acts
    )
    if not b24:
        codes.append("NOT_REQUIRED")
        return OracleResult("not_required", None, frozenset(), tuple(sorted(codes)))

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
    blocking = False
    unknown = False
    if p.platform_location.value == "overseas":
        codes.append("PLATFORM_OUTSIDE_MAINLAND")
        blocking = True

    # Which licence (facts 3.1-3.5).
    numbers = {n.value for n in p.number_resources}
    served = set(p.service_provinces)
    if len(served) >= 2:
        licence = "nationwide"
    elif served != {p.registered_province}:
        licence = "nationwide"
        codes.append("SERVICE_OUTSIDE_HOME_PROVINCE")
    elif "95" in numbers:
        licence = "nationwide"
    else:
        licence = "regional"
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

    def missing(code: str) -> None:
        nonlocal unknown
        codes.append(code)
        unknown = True

    kind = p.entity_type.value
    if kind == "other":
        missing("ENTITY_TYPE_UNKNOWN")
    elif kind not in _COMPANIES:
        unmet("NOT_A_COMPANY")
    minimum = _NATIONWIDE_MINIMUM if licence == "nationwide" else _REGIONAL_MINIMUM
    if p.registered_capital_cny < minimum:
        unmet("CAPITAL_BELOW_MINIMUM")
    staff = p.professional_staff
    if staff is None:
        missing("PROFESSIONAL_STAFF_UNKNOWN")
    elif staff == 0:
        unmet("NO_PROFESSIONAL_STAFF")
    elif staff < 10:
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
            missing(dunno)
        elif not value:
            unmet(no)
    if as_of >= _ORDER_42:
        if p.on_dishonesty_list is None:
            missing("DISHONESTY_LIST_UNKNOWN")
        elif p.on_dishonesty_list:
            unmet("ON_DISHONESTY_LIST")
    elif p.violations is None:
        missing("VIOLATION_RECORD_UNKNOWN")
    else:
        window_start = _three_years_before(as_of)
        for violation in p.violations:
            if window_start <= violation.date <= as_of:
                unmet("RECENT_VIOLATION")

    # Foreign investment (facts 4.1-4.5).
    if p.foreign_equity_percent > 50:
        if as_of < _NEGATIVE_LIST_2019:
            unmet("FOREIGN_EQUITY_OVER_CAP")
            codes.append("FOREIGN_CAP_PILOT_EXCEPTIONS")
        else:
            codes.append("FOREIGN_CAP_EXEMPT")
            if set(p.other_value_added_services) - _UNCAPPED:
                codes.append("FOREIGN_CAP_OTHER_SERVICES")

    status = "ineligible" if blocking else "incomplete" if unknown else "eligible"
    return OracleResult(status, licence, frozenset(scopes), tuple(sorted(codes)))
