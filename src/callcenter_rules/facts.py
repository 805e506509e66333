"""A validated `callcenter_rules.model.Profile` as the facts the rules match.

Nothing here decides anything; it only puts the input into the facts the law speaks of
(`callcenter_rules.law.facts`), in the engine's encoding (`callcenter_rules.compile`): the
C engine's comparisons are loosely typed, so every value is normalised first. Unknown
evidence fields are left out of the ``company`` fact, so rules test them as unknown, never
as false.
"""

from __future__ import annotations

import datetime
from typing import Any, Final

from .compile import MAX_EXACT, equity_micro, fen, ymd
from .law.facts import COMPANY, CONTEXT, POLICY, SERVICE_AREA, VIOLATION
from .model import NumberResource, Policy, Profile

__all__ = ["EVIDENCE_FIELDS", "profile_facts"]

#: Evidence fields: omitted from the ``company`` fact when unknown.
EVIDENCE_FIELDS: Final = tuple(name for name, field in COMPANY.fields.items() if field.optional)

_COMPANY: Final = COMPANY.name
_CONTEXT: Final = CONTEXT.name
_POLICY: Final = POLICY.name
_SERVICE_AREA: Final = SERVICE_AREA.name
_VIOLATION: Final = VIOLATION.name


def profile_facts(profile: Profile, as_of: datetime.date, policy: Policy) -> list[dict[str, Any]]:
    """The facts of one assessment, in assertion order."""
    company: dict[str, Any] = {
        "t": _COMPANY,
        "entity_type": profile.entity_type.value,
        "registered_capital_cny": fen(profile.registered_capital_cny),
        "registered_province": profile.registered_province.code,
        "service_province_count": len(profile.service_provinces),
        "activities": [a.value for a in profile.activities],
        "end_users": [m.value for m in profile.end_users],
        "clients": [m.value for m in profile.clients],
        "platform_location": profile.platform_location.value,
        "foreign_equity_percent": equity_micro(profile.foreign_equity_percent),
        "wholly_foreign_owned": profile.foreign_equity_percent == 100,
        "registered_zone": profile.registered_zone.value if profile.registered_zone else "none",
        "number_95": NumberResource.N95 in profile.number_resources,
        "number_96": NumberResource.N96 in profile.number_resources,
        "other_value_added_services": list(profile.other_value_added_services),
        "violations_known": profile.violations is not None,
    }
    for name in EVIDENCE_FIELDS:
        value = getattr(profile, name)
        if value is not None:
            company[name] = min(value, MAX_EXACT) if type(value) is int else value
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
                "party": violation.party.value,
                "date": ymd(violation.date),
            }
        )
    return facts
