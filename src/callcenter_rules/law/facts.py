"""The facts the rules speak of, with their fields in real units.

Given (built from the profile by `callcenter_rules.facts`):

``company``
    one per assessment: what is known about the applicant.
``context``
    ``as_of``, the day whose law applies.
``policy``
    the choices where the law is unsettled.
``service_area``
    one per province where end users reach the service.
``violation``
    one per recorded violation of telecom supervision rules.

Derived by the rules: ``b24`` (some activity is call-center business), ``scope``,
``not_required``, ``licence``, ``authority`` (where it differs from the licence's); after
the tally of findings, ``decision``.
"""

from __future__ import annotations

from typing import Final

from .language import FactType, Field, Unit

__all__ = [
    "AUTHORITY",
    "B24",
    "CAP_APPLIES",
    "COMPANY",
    "CONTEXT",
    "DECISION",
    "DERIVED",
    "GIVEN",
    "LICENCE",
    "NOT_REQUIRED",
    "POLICY",
    "SCOPE",
    "SERVICE_AREA",
    "TALLY",
    "VIOLATION",
]


def _company(name: str, unit: Unit, label: str, *, optional: bool = False) -> Field:
    return Field("company", name, unit, label, optional)


COMPANY: Final = FactType(
    "company",
    (
        _company("entity_type", Unit.CODE, "entity type"),
        _company("registered_capital_cny", Unit.YUAN, "registered capital"),
        _company("registered_province", Unit.CODE, "registered province"),
        _company("service_province_count", Unit.COUNT, "service provinces"),
        _company("activities", Unit.CODES, "activities"),
        _company("end_users", Unit.CODES, "end users"),
        _company("clients", Unit.CODES, "clients"),
        _company("platform_location", Unit.CODE, "platform location"),
        _company("foreign_equity_percent", Unit.PERCENT, "foreign equity"),
        _company("wholly_foreign_owned", Unit.FLAG, "wholly foreign-owned"),
        # registered_zone: a `callcenter_rules.model.Zone` value, or "none".
        _company("registered_zone", Unit.CODE, "registered zone"),
        _company("number_95", Unit.FLAG, "95 number"),
        _company("number_96", Unit.FLAG, "96 number"),
        _company("other_value_added_services", Unit.CODES, "other value-added services"),
        _company("violations_known", Unit.FLAG, "violation record known"),
        _company("professional_staff", Unit.COUNT, "professional staff", optional=True),
        _company(
            "has_premises_and_facilities", Unit.FLAG, "premises and facilities", optional=True
        ),
        _company("has_technical_plan", Unit.FLAG, "technical plan", optional=True),
        _company("long_term_service_capability", Unit.FLAG, "long-term service", optional=True),
        _company("on_dishonesty_list", Unit.FLAG, "on the dishonesty list", optional=True),
        _company(
            "foreign_investor_track_record",
            Unit.FLAG,
            "foreign investor's track record",
            optional=True,
        ),
    ),
)
CONTEXT: Final = FactType("context", (Field("context", "as_of", Unit.DAY, "as_of"),))
POLICY: Final = FactType(
    "policy",
    (Field("policy", "in_house_hotline_is_b24", Unit.FLAG, "in-house hotline is B24"),),
)
SERVICE_AREA: Final = FactType(
    "service_area", (Field("service_area", "province", Unit.CODE, "province"),)
)
VIOLATION: Final = FactType(
    "violation",
    (
        Field("violation", "index", Unit.COUNT, "index"),
        Field("violation", "party", Unit.CODE, "party"),
        Field("violation", "date", Unit.DAY, "date"),
    ),
)

B24: Final = FactType("b24", derived=True)
SCOPE: Final = FactType("scope", (Field("scope", "code", Unit.CODE, "code"),), derived=True)
NOT_REQUIRED: Final = FactType("not_required", derived=True)
LICENCE: Final = FactType(
    "licence",
    (
        Field("licence", "type", Unit.CODE, "type"),
        #: "MIIT", or the GB/T 2260 code of the province whose administration issues it.
        Field("licence", "authority", Unit.CODE, "authority"),
    ),
    derived=True,
)
#: Who issues the licence where it is not the authority the ``licence`` fact names (Telecom
#: Regulations Art. 9): a foreign-invested applicant before 2022-05-01 applies to MIIT.
AUTHORITY: Final = FactType(
    "authority", (Field("authority", "issuer", Unit.CODE, "issuer"),), derived=True
)
#: The foreign-equity cap applies to the company on the day (before 2019-07-30, outside
#: the places it was lifted).
CAP_APPLIES: Final = FactType("cap_applies", derived=True)
#: The findings so far by outcome, asserted once the first stratum of rules is quiet.
TALLY: Final = FactType(
    "tally",
    (
        Field("tally", "unmet", Unit.COUNT, "unmet"),
        Field("tally", "unknown", Unit.COUNT, "unknown"),
        Field("tally", "note", Unit.COUNT, "note"),
    ),
    derived=True,
)
DECISION: Final = FactType(
    "decision", (Field("decision", "status", Unit.CODE, "status"),), derived=True
)

#: Facts built from the input, and facts the rules derive.
GIVEN: Final = (COMPANY, CONTEXT, POLICY, SERVICE_AREA, VIOLATION)
DERIVED: Final = (B24, SCOPE, NOT_REQUIRED, LICENCE, AUTHORITY, CAP_APPLIES, TALLY, DECISION)
