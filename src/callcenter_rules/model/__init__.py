"""What the library is told about a company: the `Profile`, its vocabulary, and how
JSON-like data becomes one (`structure_profile`, `Profile.from_dict`).

* `callcenter_rules.model.converters`: JSON values into Python values, with hints;
* `callcenter_rules.model.profile`: `Profile`, `Violation`, `Policy`, their validators,
  `InvalidProfile`, and structuring a whole profile;
* `callcenter_rules.model.licence`: `Licence`, `LicenceEvent`, `InvalidLicence`, and
  structuring a licence holder's record.

Every name is re-exported here, where callers have always found them.
"""

from __future__ import annotations

from ..cities import City
from ..text import Said, describe_number, type_zh, zh_of, zh_quote
from ..vocabulary import (
    OTHER_SERVICE_CODES,
    ZONE_PROVINCES,
    Activity,
    EntityType,
    InvestorOrigin,
    LicenceChange,
    Market,
    NumberResource,
    Party,
    PlatformLocation,
    Zone,
)
from .converters import (
    AMOUNT_MAX_LENGTH,
    AMOUNT_PATTERN,
    DATE_PATTERN,
    PERCENT_PATTERN,
    profile_converter,
)
from .licence import (
    LICENCE_FIELDS,
    LICENCE_NUMBER_PATTERN,
    LICENCE_SCOPE_CODES,
    MAX_EVENTS,
    MIIT,
    InvalidLicence,
    Licence,
    LicenceEvent,
    structure_licence,
)
from .profile import (
    DESCRIPTION_CHARACTERS,
    MAX_CAPITAL_CNY,
    MAX_DESCRIPTION_LENGTH,
    MAX_LISTED_ERRORS,
    MAX_NAME_LENGTH,
    MAX_STAFF,
    MAX_VIOLATIONS,
    MOST_ITEMS,
    NAME_CHARACTERS,
    NAME_PATTERN,
    NO_FOREIGN_INVESTOR,
    NULLABLE_FIELDS,
    PROFILE_FIELDS,
    REQUIRED_FIELDS,
    InvalidProfile,
    Policy,
    Profile,
    Violation,
    city_mismatch,
    echo_field,
    structure_profile,
    too_many_items,
    zone_mismatch,
)

__all__ = [
    "AMOUNT_MAX_LENGTH",
    "AMOUNT_PATTERN",
    "DATE_PATTERN",
    "DESCRIPTION_CHARACTERS",
    "LICENCE_FIELDS",
    "LICENCE_NUMBER_PATTERN",
    "LICENCE_SCOPE_CODES",
    "MAX_CAPITAL_CNY",
    "MAX_DESCRIPTION_LENGTH",
    "MAX_EVENTS",
    "MAX_LISTED_ERRORS",
    "MAX_NAME_LENGTH",
    "MAX_STAFF",
    "MAX_VIOLATIONS",
    "MIIT",
    "MOST_ITEMS",
    "NAME_CHARACTERS",
    "NAME_PATTERN",
    "NO_FOREIGN_INVESTOR",
    "NULLABLE_FIELDS",
    "OTHER_SERVICE_CODES",
    "PERCENT_PATTERN",
    "PROFILE_FIELDS",
    "REQUIRED_FIELDS",
    "ZONE_PROVINCES",
    "Activity",
    "City",
    "EntityType",
    "InvalidLicence",
    "InvalidProfile",
    "InvestorOrigin",
    "Licence",
    "LicenceChange",
    "LicenceEvent",
    "Market",
    "NumberResource",
    "Party",
    "PlatformLocation",
    "Policy",
    "Profile",
    "Said",
    "Violation",
    "Zone",
    "city_mismatch",
    "describe_number",
    "echo_field",
    "profile_converter",
    "structure_licence",
    "structure_profile",
    "too_many_items",
    "type_zh",
    "zh_of",
    "zh_quote",
    "zone_mismatch",
]
