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

from .cities import MUNICIPALITIES, PROVINCES_WITH_CITIES, City
from .compile import MAX_EXACT, equity_micro, fen, ymd
from .law.facts import COMPANY, CONTEXT, POLICY, SERVICE_AREA, VIOLATION
from .law.foreign_investment import CITY_GROUPS
from .model import PROFILE_FIELDS, Market, NumberResource, Policy, Profile

__all__ = ["EVIDENCE_FIELDS", "profile_facts"]

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
