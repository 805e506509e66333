"""A validated `callcenter_rules.model.Profile` as the facts the rules match.

Nothing here decides anything; it only puts the input into the facts the law speaks of
(`callcenter_rules.law.facts`), in the engine's encoding (`callcenter_rules.compile`): the
C engine's comparisons are loosely typed, so every value is normalised first. Unknown
evidence fields are left out of the ``company`` fact, so rules test them as unknown, never
as false.
"""

from __future__ import annotations

import datetime
import enum
from typing import Any, Final

import attrs

from .cities import MUNICIPALITIES, PROVINCES_WITH_CITIES, City
from .compile import MAX_EXACT, equity_micro, fen, ymd
from .law.facts import (
    COMPANY,
    CONTEXT,
    EVENT_DEADLINES,
    HELD_LICENCE,
    HELD_SCOPE,
    LICENCE_EVENT,
    LICENCE_TERM,
    NEEDED_LICENCE,
    NEEDED_SCOPE,
    POLICY,
    REPORT_YEAR,
    REVIEW_DAY,
    SERVED_PROVINCE,
    SERVICE_AREA,
    VIOLATION,
)
from .law.foreign_investment import CITY_GROUPS
from .law.holder_calendar import (
    day_in_year,
    days_after,
    days_before,
    holder_law,
    working_days_after,
    years_before,
)
from .law.parameters import ParameterTable
from .model import PROFILE_FIELDS, Licence, Market, NumberResource, Policy, Profile
from .provinces import Province

__all__ = ["EVIDENCE_FIELDS", "REPORT_YEARS_BACK", "Needed", "licence_facts", "profile_facts"]

#: Evidence fields: omitted from the ``company`` fact when unknown.
EVIDENCE_FIELDS: Final = tuple(
    name for name, field in COMPANY.fields.items() if field.optional and name in PROFILE_FIELDS
)

_COMPANY: Final = COMPANY.name
_CONTEXT: Final = CONTEXT.name
_POLICY: Final = POLICY.name
_SERVICE_AREA: Final = SERVICE_AREA.name
_VIOLATION: Final = VIOLATION.name
_N95: Final = NumberResource.N95
_N96: Final = NumberResource.N96
_N95_CS: Final = NumberResource.N95_CUSTOMER_SERVICE
_DOMESTIC: Final = Market.DOMESTIC


def profile_facts(profile: Profile, as_of: datetime.date, policy: Policy) -> list[dict[str, Any]]:
    """The facts of one assessment, in assertion order."""
    # ``_value_`` is an enum member's value (``.value`` is a slower property).
    numbers = profile.number_resources
    equity = profile.foreign_equity_percent
    zone = profile.registered_zone
    company: dict[str, Any] = {
        "t": _COMPANY,
        "entity_type": profile.entity_type._value_,
        "registered_capital_cny": fen(profile.registered_capital_cny),
        "registered_province": profile.registered_province.code,
        "service_province_count": len(profile.service_provinces),
        "activities": [a._value_ for a in profile.activities],
        "end_users": [m._value_ for m in profile.end_users],
        "clients": [m._value_ for m in profile.clients],
        "platform_location": profile.platform_location._value_,
        "foreign_equity_percent": equity_micro(equity),
        "wholly_foreign_owned": equity == 100,
        "registered_zone": zone._value_ if zone else "none",
        "number_95": _N95 in numbers,
        "number_96": _N96 in numbers,
        "number_95_customer_service": _N95_CS in numbers,
        "other_value_added_services": list(profile.other_value_added_services),
        "violations_known": profile.violations is not None,
        "offshore_only": _DOMESTIC not in profile.end_users and _DOMESTIC not in profile.clients,
    }
    for name in EVIDENCE_FIELDS:
        value = getattr(profile, name)
        if value is not None:
            kind = type(value)
            if kind is int:
                value = min(value, MAX_EXACT)
            elif kind is datetime.date:
                value = ymd(value)
            elif isinstance(value, enum.Enum):
                value = value._value_
            company[name] = value
    city = profile.registered_city
    if city is None:
        # Where the city follows from the province: a municipality is its own city, and
        # a province where no listed city lies holds none of them.
        province = profile.registered_province
        city = MUNICIPALITIES.get(province)
        if city is None and province not in PROVINCES_WITH_CITIES:
            city = City.OTHER
        if city is not None:
            company["registered_city"] = city._value_
    if city is not None:
        company["city_group"] = CITY_GROUPS[city]
    facts: list[dict[str, Any]] = [
        {"t": _CONTEXT, "as_of": ymd(as_of)},
        {"t": _POLICY, "in_house_hotline_is_b24": policy.in_house_hotline_is_b24},
        company,
    ]
    facts += [{"t": _SERVICE_AREA, "province": p.code} for p in profile.service_provinces]
    for index, violation in enumerate(profile.violations or ()):
        facts.append(
            {
                "t": _VIOLATION,
                "index": index,
                "party": violation.party._value_,
                "date": ymd(violation.date),
            }
        )
    return facts


# ---------------------------------------------------------------- a licence holder's review

#: How many years back from the day reviewed the annual reports are looked at.
REPORT_YEARS_BACK: Final = 10


@attrs.frozen
class Needed:
    """What the business needs, as its assessment says (the licence type and issuer,
    the scopes) and its profile gives (the provinces served, outbound calling): the
    review compares the licence with it."""

    #: ``nationwide`` or ``regional``; ``None``: no licence needed.
    license_type: str | None
    #: ``MIIT`` or a province's code, for the licence needed.
    authority: str | None
    scopes: tuple[str, ...]
    provinces: tuple[Province, ...]
    outbound_calling: bool


def licence_facts(
    licence: Licence, as_of: datetime.date, table: ParameterTable, needed: Needed | None = None
) -> list[dict[str, Any]]:
    """The facts of a holder's review of ``licence`` on ``as_of``, with the days of its
    deadlines worked out from the parameters of ``table`` (`.law.holder_calendar`); with
    ``needed``, what the business needs, to compare the licence with."""
    law = holder_law(table, as_of)
    held: dict[str, Any] = {
        "t": HELD_LICENCE.name,
        "type": licence.license_type.value,
        "scopes": list(licence.scopes),
        "numbers": [number.value for number in licence.numbers],
    }
    optional = {
        "renewal_applied_on": licence.renewal_applied_on,
        "outbound_undertaking_filed": licence.outbound_undertaking_filed,
        "on_non_compliance_list": licence.on_non_compliance_list,
        "on_dishonesty_list": licence.on_dishonesty_list,
    }
    for name, value in optional.items():
        if value is not None:
            held[name] = ymd(value) if isinstance(value, datetime.date) else value
    if needed is not None:
        held["outbound_calling"] = needed.outbound_calling
    expires = licence.expires_on
    renewal_due = days_before(expires, law["holder.renewal_lead_days"])
    facts: list[dict[str, Any]] = [
        {"t": REVIEW_DAY.name, "as_of": ymd(as_of)},
        held,
        {
            "t": LICENCE_TERM.name,
            "expires_on": ymd(expires),
            "renewal_due": ymd(renewal_due),
            "renewal_window_opens": ymd(days_before(renewal_due, law["holder.reminder_days"])),
        },
    ]
    launched = licence.launched_scopes
    for code in licence.scopes:
        scope: dict[str, Any] = {"t": HELD_SCOPE.name, "code": code}
        if launched is not None:
            scope["launched"] = code in launched
        facts.append(scope)
    for index, event in enumerate(licence.events):
        happened = event.happened_on
        # The law in force when the change happened (the day reviewed, if none was then).
        then = holder_law(table, happened)
        days = {name: then[name] if then[name] is not None else law[name] for name in law}
        record: dict[str, Any] = {
            "t": LICENCE_EVENT.name,
            "index": index,
            "kind": event.kind.value,
            "happened_on": ymd(happened),
        }
        if event.filed_on is not None:
            record["filed_on"] = ymd(event.filed_on)
        advance_due = days_before(happened, days["holder.advance_application_days"])
        facts += [
            record,
            {
                "t": EVENT_DEADLINES.name,
                "index": index,
                "filing_due": ymd(days_after(happened, days["holder.change_filing_days"])),
                "notice_due": ymd(
                    working_days_after(happened, days["holder.numbers_address_change_working_days"])
                ),
                "advance_due": ymd(advance_due),
                "advance_window_opens": ymd(days_before(advance_due, days["holder.reminder_days"])),
            },
        ]
    issued = licence.issued_on or years_before(expires, law["holder.validity_years"])
    filed = licence.annual_reports_filed
    for year in range(max(issued.year, as_of.year - REPORT_YEARS_BACK), as_of.year + 1):
        report: dict[str, Any] = {
            "t": REPORT_YEAR.name,
            "year": year,
            "window_opens": ymd(day_in_year(year + 1, law["holder.annual_report_opens"])),
            "due": ymd(day_in_year(year + 1, law["holder.annual_report_due"])),
        }
        if filed is not None:
            report["filed"] = year in filed
        facts.append(report)
    if needed is not None:
        if needed.license_type is not None:
            facts.append(
                {
                    "t": NEEDED_LICENCE.name,
                    "type": needed.license_type,
                    "authority": needed.authority,
                }
            )
        coverage = licence.coverage
        for province in needed.provinces:
            served: dict[str, Any] = {"t": SERVED_PROVINCE.name, "province": province.code}
            if coverage is not None:
                served["covered"] = province in coverage
            facts.append(served)
        facts += [
            {"t": NEEDED_SCOPE.name, "code": code, "held": code in licence.scopes}
            for code in needed.scopes
        ]
    return facts
