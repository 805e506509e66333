"""JSON Schemas (draft 2020-12) of the profile and licence inputs and the assessment and
plan outputs.

Generated from the model's enums so they cannot drift from it; the generated schemas are
also committed under ``callcenter_rules/schemas/`` (a test keeps them equal) so other tools
can read them without running Python.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any, Final

from ._version import __version__
from .cities import MUNICIPALITIES, City, city_pattern
from .law.language import ChangeKind
from .model import (
    AMOUNT_MAX_LENGTH,
    AMOUNT_PATTERN,
    DATE_PATTERN,
    DESCRIPTION_CHARACTERS,
    LICENCE_SCOPE_CODES,
    MAX_CAPITAL_CNY,
    MAX_DESCRIPTION_LENGTH,
    MAX_EVENTS,
    MAX_NAME_LENGTH,
    MAX_STAFF,
    MIIT,
    MOST_ITEMS,
    NAME_CHARACTERS,
    NAME_PATTERN,
    OTHER_SERVICE_CODES,
    PERCENT_PATTERN,
    REQUIRED_FIELDS,
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
from .provinces import ABBREVIATIONS, Province, spelling_pattern
from .results import (
    BusinessScope,
    Confidence,
    LicenseType,
    Severity,
    Status,
    VerdictConfidence,
)

__all__ = [
    "SCHEMA_NAMES",
    "assessment_schema",
    "committed_schema",
    "licence_schema",
    "plan_schema",
    "profile_schema",
]

SCHEMA_NAMES: Final = ("profile", "assessment", "plan", "licence")
_DRAFT: Final = "https://json-schema.org/draft/2020-12/schema"


def _anchored(pattern: str) -> str:
    # (?![\s\S]) is "end of text" in ECMA 262 and Python alike; Python's $ also matches
    # before a final newline, which the library does not accept.
    return f"^(?:{pattern})(?![\\s\\S])"


# The library's own patterns, so the schema accepts exactly the strings the library does.
_AMOUNT: Final = _anchored(AMOUNT_PATTERN)
_PERCENT: Final = _anchored(PERCENT_PATTERN)
_DATE: Final = _anchored(DATE_PATTERN)


def _values(kind: Any) -> list[str]:
    return [member.value for member in kind]


def _list_of(
    item: dict[str, Any], *, min_items: int = 0, nullable: bool = False, field: str = ""
) -> dict[str, Any]:
    """A list of ``item``, each once; of a profile ``field``, at most `MOST_ITEMS` long."""
    schema: dict[str, Any] = {
        "type": ["array", "null"] if nullable else "array",
        "items": item,
        "uniqueItems": True,
    }
    if min_items:
        schema["minItems"] = min_items
    if field:
        schema["maxItems"] = MOST_ITEMS[field]
    return schema


def _evidence(kind: str, description: str) -> dict[str, Any]:
    return {"type": [kind, "null"], "description": description + " Null or absent means unknown."}


def _province_of(province: Province) -> dict[str, Any]:
    return {
        "anyOf": [
            {"type": "string", "pattern": spelling_pattern(province)},
            {"type": "integer", "enum": [int(province.code)]},
        ]
    }


def _zones_in_their_provinces() -> list[dict[str, Any]]:
    """A named zone lies in one province: ``if`` the zone, ``then`` that province."""
    return [
        {
            "if": {
                "required": ["registered_zone"],
                "properties": {"registered_zone": {"const": zone.value}},
            },
            "then": {"properties": {"registered_province": _province_of(province)}},
        }
        for zone, province in ZONE_PROVINCES.items()
    ]


def _cities_in_their_provinces() -> list[dict[str, Any]]:
    """A listed city lies in one province, and a municipality is its own city."""
    rules: list[dict[str, Any]] = [
        {
            "if": {
                "required": ["registered_city"],
                "properties": {
                    "registered_city": {
                        "type": "string",
                        "pattern": _anchored(city_pattern(city)),
                    }
                },
            },
            "then": {"properties": {"registered_province": _province_of(city.province)}},
        }
        for city in City
        if city.province is not None
    ]
    rules += [
        {
            "if": {
                "required": ["registered_province"],
                "properties": {"registered_province": _province_of(province)},
            },
            "then": {
                "properties": {
                    "registered_city": {
                        "anyOf": [
                            {"type": "string", "pattern": _anchored(city_pattern(city))},
                            {"type": "null"},
                        ]
                    }
                }
            },
        }
        for province, city in MUNICIPALITIES.items()
    ]
    return rules


def _origin_with_foreign_equity() -> dict[str, Any]:
    """A foreign investor's origin only beside foreign equity above 0."""
    zero = {
        "anyOf": [
            {"type": "number", "enum": [0]},
            {"type": "string", "pattern": _anchored(r"[ \t]*\+?(?:0+(?:\.0*)?|\.0+)[ \t]*")},
        ]
    }
    return {
        "if": {
            "required": ["foreign_investor_origin"],
            "properties": {"foreign_investor_origin": {"type": "string"}},
        },
        "then": {
            "required": ["foreign_equity_percent"],
            "properties": {"foreign_equity_percent": {"not": zero}},
        },
    }


def _profile_definition() -> dict[str, Any]:
    province = {"$ref": "#/$defs/province"}
    markets = _list_of(field="end_users", item={"enum": _values(Market)}, min_items=1)
    return {
        "type": "object",
        "allOf": [
            *_zones_in_their_provinces(),
            *_cities_in_their_provinces(),
            _origin_with_foreign_equity(),
        ],
        "additionalProperties": False,
        "required": list(REQUIRED_FIELDS),
        "properties": {
            "name": {
                "type": "string",
                "allOf": [{"pattern": NAME_PATTERN}, {"pattern": NAME_CHARACTERS}],
                "maxLength": MAX_NAME_LENGTH,
                "description": f"Company name (at most {MAX_NAME_LENGTH} characters, at least "
                "one of them visible, no control characters).",
            },
            "entity_type": {"enum": _values(EntityType)},
            "registered_capital_cny": {
                "anyOf": [
                    {"type": "number", "minimum": 0, "exclusiveMaximum": int(MAX_CAPITAL_CNY)},
                    {"type": "string", "pattern": _AMOUNT, "maxLength": AMOUNT_MAX_LENGTH},
                ],
                "description": "Registered capital in yuan: a number, or a decimal string "
                "whose commas or underscores separate groups of three digits (10,000,000.00). "
                "No unit, no exponent, no decimal comma. Below 10**15.",
            },
            "registered_province": province,
            "service_provinces": {
                **_list_of(field="service_provinces", item=province, min_items=1),
                "description": "Where end users reach the service by dialling a local number.",
            },
            "activities": _list_of(
                field="activities", item={"enum": _values(Activity)}, min_items=1
            ),
            "end_users": {**markets, "default": ["domestic"]},
            "clients": {**markets, "default": ["domestic"]},
            "platform_location": {"enum": _values(PlatformLocation), "default": "mainland"},
            "foreign_equity_percent": {
                "anyOf": [
                    {"type": "number", "minimum": 0, "maximum": 100},
                    {"type": "string", "pattern": _PERCENT, "maxLength": AMOUNT_MAX_LENGTH},
                ],
                "default": 0,
            },
            "number_resources": _list_of(
                field="number_resources", item={"enum": _values(NumberResource)}
            ),
            "violations": {
                **_list_of(field="violations", item={"$ref": "#/$defs/violation"}, nullable=True),
                "uniqueItems": False,
                "description": "Violations of telecom supervision rules (违反电信监督管理制度) "
                "only; other breaches of law do not count. Null or absent means the record is "
                "unknown; an empty list means none.",
            },
            "other_value_added_services": _list_of(
                field="other_value_added_services", item={"enum": sorted(OTHER_SERVICE_CODES)}
            ),
            "professional_staff": {
                **_evidence("integer", "Professional staff employed."),
                "minimum": 0,
                "maximum": MAX_STAFF,
            },
            "has_premises_and_facilities": _evidence(
                "boolean", "Has the necessary premises and facilities."
            ),
            "has_technical_plan": _evidence("boolean", "Has a technical plan."),
            "long_term_service_capability": _evidence(
                "boolean", "Has the reputation or ability to serve users long term."
            ),
            "on_dishonesty_list": _evidence(
                "boolean",
                "The company, a major investor or a key manager is on the telecom business "
                "dishonesty list.",
            ),
            "registered_zone": {
                "enum": [*_values(Zone), None],
                "description": "The special area the company is registered in, if any: a "
                "pilot free-trade zone, the original area of the Shanghai free-trade zone "
                "(shanghai_ftz_original), or an area of the 2024 opening pilot. Absent: none. "
                "shanghai_ftz_original needs registered_province Shanghai, "
                "beijing_services_pilot Beijing, shanghai_pudong_lingang Shanghai, "
                "hainan_free_trade_port Hainan, shenzhen and shenzhen_qianhai Guangdong.",
            },
            "foreign_investor_track_record": _evidence(
                "boolean",
                "The main foreign investor has a good track record and operating experience "
                "in value-added telecom (required before 2022-05-01).",
            ),
            "registered_city": {
                "anyOf": [
                    {"type": "string", "pattern": _anchored(city_pattern())},
                    {"type": "null"},
                ],
                "description": "The city of registration where the law names it: a China "
                "service-outsourcing demonstration city (its pinyin, English or Chinese "
                "name), or other for any other city. Null or absent: not given. A company "
                "in a municipality is in that city whether or not this is given.",
            },
            "foreign_investor_origin": {
                "enum": [*_values(InvestorOrigin), None],
                "description": "Where the main foreign investor comes from (hong_kong and "
                "macau investors may use CEPA). Null or absent means unknown; only with "
                "foreign equity above 0.",
            },
            "false_materials_refused_on": {
                "anyOf": [
                    {"type": "string", "pattern": _DATE, "format": "date"},
                    {"type": "null"},
                ],
                "description": "The day an application of the company was refused for "
                "concealed facts or false materials (it may not apply again within a year). "
                "Null or absent: none known.",
            },
        },
    }


def _defs() -> dict[str, Any]:
    return {
        "province": {
            "anyOf": [
                {"type": "string", "pattern": spelling_pattern()},
                {"type": "integer", "enum": sorted(int(p.code) for p in Province)},
            ],
            "description": "A mainland provincial-level division: English or pinyin name in any "
            "case, Chinese name in simplified or traditional characters with or without "
            "suffix, or GB/T 2260 code.",
            "examples": ["Beijing", "inner mongolia", "北京市", "内蒙古", "廣東", "110000"],
        },
        "violation": {
            "type": "object",
            "additionalProperties": False,
            "required": ["party", "date"],
            "properties": {
                "party": {"enum": _values(Party)},
                "date": {"type": "string", "pattern": _DATE, "format": "date"},
                "description": {
                    "type": "string",
                    "maxLength": MAX_DESCRIPTION_LENGTH,
                    "pattern": DESCRIPTION_CHARACTERS,
                },
            },
        },
    }


def profile_schema() -> dict[str, Any]:
    """The JSON Schema of the profile input."""
    return {
        "$schema": _DRAFT,
        "$id": "urn:callcenter-rules:schema:profile",
        "title": "callcenter-rules company profile",
        "description": f"Input of callcenter-rules {__version__}: what is known about a company.",
        **_profile_definition(),
        "$defs": _defs(),
    }


def licence_schema() -> dict[str, Any]:
    """The JSON Schema of the licence input (a licence holder's review)."""
    province = {"$ref": "#/$defs/province"}
    day = {"type": "string", "pattern": _DATE, "format": "date"}
    nullable_day = {"type": ["string", "null"], "pattern": _DATE, "format": "date"}
    scope = {"type": "string", "enum": sorted(LICENCE_SCOPE_CODES)}
    prefixes = "".join(ABBREVIATIONS)
    event = {
        "type": "object",
        "additionalProperties": False,
        "required": ["kind", "happened_on"],
        "properties": {
            "kind": {"enum": _values(LicenceChange)},
            "happened_on": {
                **day,
                "description": "The day of the change: the registry change, the decision, "
                "the move (a day to come for a planned change).",
            },
            "filed_on": {
                **nullable_day,
                "description": "The day it was filed (applied for, or told to the allocator "
                "of numbers). Null or absent: not filed.",
            },
            "description": {
                "type": "string",
                "maxLength": MAX_DESCRIPTION_LENGTH,
                "pattern": DESCRIPTION_CHARACTERS,
            },
        },
    }
    return {
        "$schema": _DRAFT,
        "$id": "urn:callcenter-rules:schema:licence",
        "title": "callcenter-rules licence",
        "description": f"Input of callcenter-rules {__version__} for a licence holder's "
        "review: the licence held and the holder's record. license_type and authority may be "
        "left out (the number tells them); given, they must agree with the number.",
        "type": "object",
        "additionalProperties": False,
        "required": ["number", "scopes", "expires_on"],
        "properties": {
            "number": {
                "type": "string",
                "pattern": _anchored(rf"\s*[{prefixes}]?(?:B2|B1\.B2)-[0-9]{{8}}\s*"),
                "description": "B2-20180123 (cross-regional, issued by MIIT) or 京B2-20180123 "
                "(provincial: the province's one-character abbreviation first).",
                "examples": ["B2-20180123", "京B2-20180123"],
            },
            "license_type": {"enum": [*_values(LicenseType), None]},
            "authority": {
                "anyOf": [{"const": MIIT}, province, {"type": "null"}],
                "description": "MIIT, or the province whose communications administration "
                "issued the licence. Null or absent: the number tells.",
            },
            "scopes": _list_of(scope, min_items=1),
            "expires_on": {**day, "description": "The last day the licence is valid."},
            "coverage": {
                **_list_of(province, min_items=1, nullable=True),
                "maxItems": len(Province),
                "description": "The provinces covered. Null or absent: a provincial licence "
                "covers its own; a cross-regional licence's coverage is not known.",
            },
            "issued_on": nullable_day,
            "numbers": _list_of({"enum": _values(NumberResource)}),
            "annual_reports_filed": {
                **_list_of({"type": "integer", "minimum": 2000, "maximum": 2100}, nullable=True),
                "description": "The years whose annual report was filed (the report filed in "
                "the first quarter of 2025 is the report for 2024). Null or absent: not known.",
            },
            "launched_scopes": _list_of(scope, nullable=True),
            "renewal_applied_on": nullable_day,
            "events": {"type": "array", "items": event, "maxItems": MAX_EVENTS},
            "outbound_undertaking_filed": _evidence(
                "boolean", "Whether the outbound-calling undertaking (notice 81) was filed."
            ),
            "on_non_compliance_list": _evidence(
                "boolean", "Whether the holder is on the non-compliance list (不良名单)."
            ),
            "on_dishonesty_list": _evidence(
                "boolean", "Whether the holder is on the dishonesty list (失信名单)."
            ),
            "holder": {
                "type": ["string", "null"],
                "maxLength": MAX_NAME_LENGTH,
                "pattern": NAME_CHARACTERS,
            },
        },
        "$defs": {"province": _defs()["province"]},
    }


def assessment_schema() -> dict[str, Any]:
    """The JSON Schema of `Assessment.to_dict`."""
    canonical_profile = _profile_definition()
    # The echoed profile is canonical: every field present, provinces as codes.
    canonical_profile["required"] = list(canonical_profile["properties"])
    canonical_profile["properties"]["registered_province"] = {"enum": _values(Province)}
    canonical_profile["properties"]["registered_zone"] = {"enum": [*_values(Zone), None]}
    canonical_profile["properties"]["registered_city"] = {"enum": [*_values(City), None]}
    canonical_profile["allOf"] = _zones_in_their_provinces()
    canonical_profile["properties"]["service_provinces"] = _list_of(
        {"enum": _values(Province)}, min_items=1
    )
    citation = {
        "type": "object",
        "additionalProperties": False,
        "required": [
            "document",
            "document_zh",
            "article",
            "article_zh",
            "text_zh",
            "fact_id",
            "confidence",
        ],
        "properties": {
            "document": {"type": "string"},
            "document_zh": {"type": "string"},
            "article": {"type": "string"},
            "article_zh": {"type": "string"},
            "text_zh": {"type": "string"},
            "fact_id": {"type": "string"},
            "confidence": {"enum": _values(Confidence)},
        },
    }
    finding = {
        "type": "object",
        "additionalProperties": False,
        "required": [
            "code",
            "severity",
            "message",
            "message_zh",
            "citation",
            "rule",
            "evidence",
            "remediation",
            "remediation_zh",
            "pack",
        ],
        "properties": {
            "code": {"type": "string", "pattern": "^[A-Z0-9]+(_[A-Z0-9]+)*$"},
            "severity": {"enum": _values(Severity)},
            "message": {"type": "string"},
            "message_zh": {"type": "string"},
            "citation": {"$ref": "#/$defs/citation"},
            "rule": {"type": "string", "pattern": "^[A-Z0-9]+(-[A-Z0-9]+)*$"},
            "evidence": {"type": "object"},
            "remediation": {"type": ["string", "null"]},
            "remediation_zh": {"type": ["string", "null"]},
            "pack": {"type": ["string", "null"]},
        },
        # Advice is given in both languages or in neither.
        "oneOf": [
            {
                "properties": {
                    "remediation": {"type": "null"},
                    "remediation_zh": {"type": "null"},
                }
            },
            {
                "properties": {
                    "remediation": {"type": "string"},
                    "remediation_zh": {"type": "string"},
                }
            },
        ],
    }
    return {
        "$schema": _DRAFT,
        "$id": "urn:callcenter-rules:schema:assessment",
        "title": "callcenter-rules assessment",
        "description": f"Output of callcenter-rules {__version__} (Assessment.to_dict()).",
        "type": "object",
        "additionalProperties": False,
        "required": [
            "status",
            "eligible",
            "license_type",
            "authority",
            "authority_zh",
            "confidence",
            "confidence_rests_on",
            "business_scopes",
            "as_of",
            "findings",
            "profile",
            "rules_fired",
            "audit",
        ],
        "properties": {
            "status": {"enum": _values(Status)},
            "eligible": {"type": "boolean"},
            "license_type": {"enum": [*_values(LicenseType), None]},
            "authority": {"type": ["string", "null"]},
            "authority_zh": {"type": ["string", "null"]},
            "confidence": {
                "enum": _values(VerdictConfidence),
                "description": "How sure the verdict is: the lowest confidence among the "
                "findings it rests on (high only when every one of them is of high "
                "confidence).",
            },
            "confidence_rests_on": {
                "type": "array",
                "items": {"type": "string"},
                "description": "The codes of the deciding findings that are not of high "
                "confidence, weakest first; empty when the confidence is high.",
            },
            "business_scopes": _list_of({"enum": _values(BusinessScope)}),
            "as_of": {"type": "string", "pattern": _DATE, "format": "date"},
            "findings": {"type": "array", "items": {"$ref": "#/$defs/finding"}},
            "profile": {"$ref": "#/$defs/profile"},
            "rules_fired": {"type": "array", "items": {"type": "string"}},
            "audit": {
                "type": ["object", "null"],
                "additionalProperties": False,
                "required": ["library_version", "ruleset_hash", "input_hash", "configuration"],
                "properties": {
                    "library_version": {"type": "string"},
                    "ruleset_hash": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
                    "input_hash": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
                    "configuration": {
                        "type": "object",
                        "description": "The engine's policy, parameter overrides and rule "
                        "packs (name==version).",
                        "additionalProperties": False,
                        "required": ["policy", "parameters", "rule_packs"],
                        "properties": {
                            "policy": {"type": "object"},
                            "parameters": {"type": "object"},
                            "rule_packs": {"type": "array", "items": {"type": "string"}},
                        },
                    },
                },
            },
            "trace": {"$ref": "#/$defs/trace"},
        },
        "$defs": {
            **_defs(),
            "profile": canonical_profile,
            "finding": finding,
            "citation": citation,
            "trace": _trace_definition(),
        },
    }


def plan_schema() -> dict[str, Any]:
    """JSON Schema (2020-12) of `Plan.to_dict()`: the assessment as given, the options
    (each with its changes and the changed profile's assessment) and the obstacles."""
    assessment = assessment_schema()
    defs = assessment.pop("$defs")
    for key in ("$schema", "$id", "title", "description"):
        assessment.pop(key)
    change = {
        "type": "object",
        "additionalProperties": False,
        "required": [
            "field",
            "current",
            "proposed",
            "kind",
            "resolves",
            "message",
            "message_zh",
        ],
        "properties": {
            "field": {"type": "string"},
            "current": {},
            "proposed": {},
            "kind": {"enum": _values(ChangeKind)},
            "resolves": {"type": "array", "items": {"type": "string"}},
            "message": {"type": "string"},
            "message_zh": {"type": "string"},
        },
    }
    option = {
        "type": "object",
        "additionalProperties": False,
        "required": [
            "license_type",
            "authority",
            "authority_zh",
            "confidence",
            "changes",
            "assessment",
        ],
        "properties": {
            "license_type": {"enum": [*_values(LicenseType), None]},
            "authority": {"type": ["string", "null"]},
            "authority_zh": {"type": ["string", "null"]},
            "confidence": {"enum": _values(VerdictConfidence)},
            "changes": {"type": "array", "items": {"$ref": "#/$defs/change"}},
            "assessment": {"$ref": "#/$defs/assessment"},
        },
    }
    obstacle = {
        "type": "object",
        "additionalProperties": False,
        "required": [
            "code",
            "rule",
            "message",
            "message_zh",
            "citation",
            "remediation",
            "remediation_zh",
            "pack",
        ],
        "properties": {
            "code": {"type": "string"},
            "rule": {"type": "string"},
            "message": {"type": "string"},
            "message_zh": {"type": "string"},
            "citation": {"$ref": "#/$defs/citation"},
            "remediation": {"type": ["string", "null"]},
            "remediation_zh": {"type": ["string", "null"]},
            "pack": {"type": ["string", "null"]},
        },
    }
    return {
        "$schema": _DRAFT,
        "$id": "urn:callcenter-rules:schema:plan",
        "title": "callcenter-rules plan",
        "description": f"Output of callcenter-rules {__version__} (Plan.to_dict()).",
        "type": "object",
        "additionalProperties": False,
        "required": [
            "status",
            "confidence",
            "nothing_to_change",
            "options",
            "obstacles",
            "assessment",
        ],
        "properties": {
            "status": {"enum": _values(Status)},
            "confidence": {"enum": _values(VerdictConfidence)},
            "nothing_to_change": {
                "type": "boolean",
                "description": "Eligible or not required as it is, with a verdict of high "
                "confidence.",
            },
            "options": {"type": "array", "items": {"$ref": "#/$defs/option"}},
            "obstacles": {"type": "array", "items": {"$ref": "#/$defs/obstacle"}},
            "assessment": {"$ref": "#/$defs/assessment"},
        },
        "$defs": {
            **defs,
            "assessment": assessment,
            "change": change,
            "option": option,
            "obstacle": obstacle,
        },
    }


def _trace_definition() -> dict[str, Any]:
    step = {
        "type": "object",
        "additionalProperties": False,
        "required": [
            "rule",
            "summary",
            "summary_zh",
            "source",
            "source_zh",
            "matched",
            "derived",
            "findings",
        ],
        "properties": {
            "rule": {"type": "string"},
            "summary": {"type": "string"},
            "summary_zh": {"type": "string"},
            "source": {"type": "string"},
            "source_zh": {"type": "string"},
            "matched": {
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["alias", "fact", "fields", "fields_zh"],
                    "properties": {
                        "alias": {"type": "string"},
                        "fact": {"type": "string"},
                        "fields": {"type": "string"},
                        "fields_zh": {"type": "string"},
                    },
                },
            },
            "derived": {"type": "array", "items": {"type": "object"}},
            "findings": {"type": "array", "items": {"type": "string"}},
        },
    }
    return {
        "type": "object",
        "description": "Present when the assessment was made with trace=True.",
        "additionalProperties": False,
        "required": ["steps", "tally"],
        "properties": {
            "steps": {"type": "array", "items": step},
            "tally": {"type": "object", "additionalProperties": {"type": "integer"}},
        },
    }


def committed_schema(name: str) -> dict[str, Any]:
    """The schema shipped in the package, ``name`` being one of `SCHEMA_NAMES`."""
    if name not in SCHEMA_NAMES:
        raise ValueError(f"unknown schema {name!r}; expected one of {', '.join(SCHEMA_NAMES)}")
    text = (
        resources.files("callcenter_rules")
        .joinpath(f"schemas/{name}.schema.json")
        .read_text("utf-8")
    )
    result: dict[str, Any] = json.loads(text)
    return result


def render(schema: dict[str, Any]) -> str:
    """The schema as the committed file holds it."""
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
