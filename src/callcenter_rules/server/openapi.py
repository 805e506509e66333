"""The OpenAPI 3.1 document of the service (``GET /openapi.json``), its schemas the shipped
JSON Schemas (profile, assessment, plan, licence)."""

from __future__ import annotations

from typing import Any, Final

from .._version import __version__
from ..batch import DETAILS
from ..schema import SCHEMA_NAMES, committed_schema
from .errors import JSON
from .requests import BATCH_MEDIA_TYPES

__all__ = ["openapi_document"]


def openapi_document(*, token: bool = False) -> dict[str, Any]:
    """The OpenAPI 3.1 description of the service, its schemas the shipped JSON Schemas
    (profile, assessment, plan). With ``token``, every operation needs the bearer token."""
    document: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {
            "title": "callcenter-rules",
            "version": __version__,
            "summary": "China's call-center licence (B24) as cited, declarative rules.",
            "description": "Does a company need China's call-center business licence (B24), "
            "which one, and what stands between it and that licence? Every finding is cited "
            "to the article of law it comes from.",
            "license": {"name": "MIT", "identifier": "MIT"},
        },
        "paths": {
            "/v1/assess": {"post": _assess()},
            "/v1/plan": {"post": _plan()},
            "/v1/review": {"post": _review()},
            "/v1/batch": {"post": _batch()},
            "/v1/rules": {"get": _rules()},
            "/v1/parameters": {"get": _parameters()},
            "/v1/schemas/{name}": {"get": _schema()},
            "/healthz": {"get": _health()},
            "/openapi.json": {"get": _openapi()},
        },
        "components": {
            "schemas": {
                **{component: _component(name) for name, component in _SCHEMA_COMPONENTS.items()},
                "ReviewRequest": _review_request(),
                "Review": _review_schema(),
                "Error": _error_schema(),
                "BatchLine": _batch_line(),
                "Rule": _rule_schema(),
                "Parameter": _parameter_schema(),
                "Health": _health_schema(),
            },
            "parameters": _query_parameters(),
            "responses": {name: _error_response(name) for name in _ERROR_RESPONSES},
            "securitySchemes": {
                "bearer": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "The shared secret of --token-file or "
                    "CALLCENTER_RULES_TOKEN, when the server has one.",
                }
            },
        },
    }
    if token:
        document["security"] = [{"bearer": []}]
    return document


# ---------------------------------------------------------------- operations


def _responses(ok: dict[str, Any], *errors: str) -> dict[str, Any]:
    """An operation's responses, by status: ``ok`` (200), its own ``errors``, and those any
    request may have (`_ANY_RESPONSES`, a missing token, a defect), each a reference to the
    shared response."""
    found = {"200": ok}
    for name in ("Unauthorized", *errors, *_ANY_RESPONSES, "InternalError"):
        found[_ERROR_RESPONSES[name][0]] = {"$ref": f"#/components/responses/{name}"}
    return dict(sorted(found.items()))


def _operation(
    operation_id: str,
    summary: str,
    parameters: list[dict[str, Any]],
    responses: dict[str, Any],
    *,
    description: str | None = None,
    request_body: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """An operation, its keys in the document's order."""
    operation: dict[str, Any] = {"operationId": operation_id, "summary": summary}
    if description is not None:
        operation["description"] = description
    operation["parameters"] = parameters
    if request_body is not None:
        operation["requestBody"] = request_body
    operation["responses"] = responses
    return operation


def _json_ok(description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"description": description, "content": {JSON: {"schema": schema}}}


def _query(*names: str) -> list[dict[str, Any]]:
    """References to the query parameters ``names`` (`_query_parameters`)."""
    return [{"$ref": f"#/components/parameters/{name}"} for name in names]


#: What a body with a profile may be refused for.
_PROFILE_ERRORS: Final = (
    "BadRequest",
    "PayloadTooLarge",
    "UnsupportedMediaType",
    "UnprocessableContent",
)


def _profile_body() -> dict[str, Any]:
    return {
        "required": True,
        "description": "One company profile, read strictly: duplicate keys, NaN and "
        "Infinity are refused (400).",
        "content": {JSON: {"schema": _ref("Profile")}},
    }


def _assess() -> dict[str, Any]:
    return _operation(
        "assess",
        "Assess one profile",
        _query("as_of", "lang", "trace"),
        _responses(_json_ok("The assessment.", _ref("Assessment")), *_PROFILE_ERRORS),
        description="The assessment, the same JSON as `callcenter-rules assess --format "
        "json` with the same configuration.",
        request_body=_profile_body(),
    )


def _plan() -> dict[str, Any]:
    return _operation(
        "plan",
        "The smallest changes that make a company eligible",
        _query("as_of", "lang"),
        _responses(_json_ok("The plan.", _ref("Plan")), *_PROFILE_ERRORS),
        description="The same JSON as `callcenter-rules plan --format json`.",
        request_body=_profile_body(),
    )


def _review() -> dict[str, Any]:
    return _operation(
        "review",
        "A licence holder's review of a licence",
        _query("as_of", "lang"),
        _responses(_json_ok("The review.", _ref("Review")), *_PROFILE_ERRORS),
        description="The licence's obligations (renewal, annual reports, change filings) "
        "with their due days and states, and its findings; with a profile, whether the "
        "licence covers the business. The same JSON as `callcenter-rules review --format "
        "json` with the same configuration. A day before 2017-09-01 (MIIT Order No. 42) is "
        "refused (422 unsupported_date); a bad licence is an invalid_licence error listing "
        "the profile's errors too, a bad profile alone an invalid_profile error, each path "
        "under licence. or profile.",
        request_body={
            "required": True,
            "description": "The licence and, optionally, the business's profile, read "
            "strictly: duplicate keys, NaN and Infinity are refused (400).",
            "content": {JSON: {"schema": _ref("ReviewRequest")}},
        },
    )


def _batch() -> dict[str, Any]:
    ok = {
        "description": "JSON Lines, streamed: one BatchLine per input row, in order.",
        "content": {BATCH_MEDIA_TYPES[0]: {"schema": _ref("BatchLine")}},
    }
    return _operation(
        "batch",
        "Assess many profiles, streamed",
        _query("as_of", "lang", "plan", "detail"),
        _responses(ok, "UnsupportedMediaType", "UnprocessableContent"),
        description="JSON Lines in, JSON Lines out, streamed: exactly one output line per "
        "input row, in order, the lines of `callcenter-rules batch`. Once the response has "
        "started nothing is refused: a row that cannot be read or assessed (or a line over "
        "the body limit) is an error line. A server answers --limit-batches batches at once "
        "(503 with Retry-After beyond). If the input stops arriving for --timeout-body "
        "seconds, or averages less than --batch-min-rate bytes a second once the server has "
        "waited --timeout-body for it in all, the rows read are answered and the answer is "
        "cut off: the connection closes before the end of the chunked answer, so that a "
        "client can tell it from a whole one.",
        request_body={
            "required": True,
            "description": "JSON Lines: each non-blank line one profile (blank lines are "
            "skipped; a byte order mark on the first line is dropped). A line over the body "
            "limit is a line_too_long error line.",
            # JSON Lines: the schema is each line's (as OpenAPI 3.2's itemSchema says it).
            "content": {media: {"schema": _ref("Profile")} for media in BATCH_MEDIA_TYPES},
        },
    )


def _get(
    operation_id: str, summary: str, ok: dict[str, Any], *, description: str | None = None
) -> dict[str, Any]:
    """A GET operation whose one query parameter is ``lang`` (refused, 422, if it is not a
    language, as any other query parameter is)."""
    return _operation(
        operation_id,
        summary,
        _query("lang"),
        _responses(ok, "UnprocessableContent"),
        description=description,
    )


def _rules() -> dict[str, Any]:
    return _get(
        "rules",
        "The engine's rules",
        _json_ok("The rules.", {"type": "array", "items": _ref("Rule")}),
        description="The law's rules, then each rule pack's, as `callcenter-rules rules "
        "--format json` lists them.",
    )


def _parameters() -> dict[str, Any]:
    return _get(
        "parameters",
        "The engine's parameter table",
        _json_ok("The parameters.", {"type": "array", "items": _ref("Parameter")}),
        description="Each parameter with its values by the day they take effect (with the "
        "server's overrides), as `callcenter-rules parameters --format json` lists them.",
    )


def _schema() -> dict[str, Any]:
    name = {"name": "name", "in": "path", "required": True, "schema": {"enum": list(SCHEMA_NAMES)}}
    ok = {
        "description": "The schema, as `callcenter-rules schema NAME` prints it.",
        "content": {"application/schema+json": {"schema": {"type": "object"}}},
    }
    return _operation(
        "schema",
        "A JSON Schema (2020-12) shipped with the library",
        [name, *_query("lang")],
        _responses(ok, "NotFound", "UnprocessableContent"),
    )


def _health() -> dict[str, Any]:
    return _get(
        "health", "Whether the service is up, and with which rules", _json_ok("Up.", _ref("Health"))
    )


def _openapi() -> dict[str, Any]:
    return _get("openapi", "This document", _json_ok("The OpenAPI document.", {"type": "object"}))


# ---------------------------------------------------------------- components

_SCHEMA_COMPONENTS: Final = {
    "profile": "Profile",
    "assessment": "Assessment",
    "plan": "Plan",
    "licence": "Licence",
}


def _component(name: str) -> dict[str, Any]:
    """A shipped JSON Schema as an OpenAPI component: without ``$schema`` and ``$id`` (its
    base is the OpenAPI document), each ``#/$defs/...`` reference made absolute."""
    schema = committed_schema(name)
    schema.pop("$schema", None)
    schema.pop("$id", None)
    base = f"#/components/schemas/{_SCHEMA_COMPONENTS[name]}"

    def rebase(node: Any) -> Any:
        if isinstance(node, dict):
            return {
                key: base + value[1:]
                if key == "$ref" and isinstance(value, str) and value.startswith("#/")
                else rebase(value)
                for key, value in node.items()
            }
        if isinstance(node, list):
            return [rebase(item) for item in node]
        return node

    result: dict[str, Any] = rebase(schema)
    return result


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


_PAIR: Final = {
    "type": "object",
    "additionalProperties": False,
    "required": ["path", "message"],
    "properties": {"path": {"type": "string"}, "message": {"type": "string"}},
}

_ERROR_TYPES: Final = (
    "invalid_json",
    "invalid_encoding",
    "unauthorized",
    "not_found",
    "method_not_allowed",
    "body_too_large",
    "unsupported_media_type",
    "invalid_profile",
    "invalid_licence",
    "invalid_query",
    "unsupported_date",
    "internal_error",
    "invalid_http",
    "request_timeout",
    "header_too_large",
    "server_busy",
)

#: Each error response: status, description, the error types it carries.
_ERROR_RESPONSES: Final = {
    "BadRequest": (
        "400",
        "The body is not valid UTF-8 JSON, or the request is not valid HTTP/1.1.",
        ["invalid_json", "invalid_encoding", "invalid_http"],
    ),
    "Unauthorized": (
        "401",
        "A token is configured and the request lacks Authorization: Bearer <token>, or its "
        "token is wrong.",
        ["unauthorized"],
    ),
    "NotFound": ("404", "No such endpoint (or schema).", ["not_found"]),
    "MethodNotAllowed": ("405", "The endpoint does not take this method.", ["method_not_allowed"]),
    "PayloadTooLarge": ("413", "The body is over the server's --body-limit.", ["body_too_large"]),
    "UnsupportedMediaType": (
        "415",
        "The content type is not accepted.",
        ["unsupported_media_type"],
    ),
    "UnprocessableContent": (
        "422",
        "An invalid profile or licence (every bad field in errors), query parameter, or a "
        "day before the law modelled.",
        ["invalid_profile", "invalid_licence", "invalid_query", "unsupported_date"],
    ),
    "RequestTimeout": (
        "408",
        "The request head did not arrive within --timeout-header, or the body of /v1/assess "
        "or /v1/plan within --timeout-body; the server closes the connection.",
        ["request_timeout"],
    ),
    "RequestHeaderFieldsTooLarge": (
        "431",
        "The request head is over the server's --max-header-size; the server closes the "
        "connection.",
        ["header_too_large"],
    ),
    "InternalError": (
        "500",
        "A defect in the library (never caused by bad input).",
        ["internal_error"],
    ),
    "ServiceUnavailable": (
        "503",
        "The server is busy: more connections than its --limit-concurrency, or (/v1/batch) "
        "more batches than its --limit-batches. Try again after Retry-After seconds.",
        ["server_busy"],
    ),
}
#: The answers any request may have, whatever its endpoint: from the connection (malformed
#: HTTP, a head too slow or too large, too many connections) and from the application.
_ANY_RESPONSES: Final = (
    "BadRequest",
    "NotFound",
    "MethodNotAllowed",
    "RequestTimeout",
    "RequestHeaderFieldsTooLarge",
    "ServiceUnavailable",
)


def _error_response(name: str) -> dict[str, Any]:
    _, description, kinds = _ERROR_RESPONSES[name]
    schema: dict[str, Any] = {
        "allOf": [
            _ref("Error"),
            {"properties": {"error": {"properties": {"type": {"enum": kinds}}}}},
        ]
    }
    if name == "UnprocessableContent":
        schema["allOf"].append({"properties": {"error": {"required": ["errors", "errors_zh"]}}})
    response: dict[str, Any] = {
        "description": description,
        "content": {JSON: {"schema": schema}},
    }
    if name == "Unauthorized":
        response["headers"] = {
            "WWW-Authenticate": {"schema": {"type": "string"}, "description": "Bearer"}
        }
    if name == "MethodNotAllowed":
        response["headers"] = {
            "Allow": {"schema": {"type": "string"}, "description": "The methods it takes."}
        }
    if name == "ServiceUnavailable":
        response["headers"] = {
            "Retry-After": {
                "schema": {"type": "integer", "minimum": 1},
                "description": "Seconds to wait before trying again.",
            }
        }
    return response


def _query_parameters() -> dict[str, Any]:
    return {
        "as_of": {
            "name": "as_of",
            "in": "query",
            "description": "The day whose law applies, YYYY-MM-DD (default: today); from "
            "2016-03-01.",
            "schema": {"type": "string", "format": "date"},
        },
        "lang": {
            "name": "lang",
            "in": "query",
            "description": "The language of an error's message (message_zh is always "
            "Chinese). Results carry both languages.",
            "schema": {"enum": ["en", "zh"], "default": "en"},
        },
        "trace": {
            "name": "trace",
            "in": "query",
            "description": "Record the derivation (as --explain): the trace key of the assessment.",
            "schema": {"enum": ["true", "false"], "default": "false"},
        },
        "plan": {
            "name": "plan",
            "in": "query",
            "description": "Also give each row its plan (as batch --plan).",
            "schema": {"enum": ["true", "false"], "default": "false"},
        },
        "detail": {
            "name": "detail",
            "in": "query",
            "description": "full: the whole assessment; summary: a short line per row.",
            "schema": {"enum": list(DETAILS), "default": "full"},
        },
    }


def _review_request() -> dict[str, Any]:
    return {
        "type": "object",
        "additionalProperties": False,
        "required": ["licence"],
        "properties": {
            "licence": _ref("Licence"),
            "profile": {
                "description": "The business as it is: also say whether the licence covers it.",
                "oneOf": [_ref("Profile"), {"type": "null"}],
            },
        },
    }


def _review_schema() -> dict[str, Any]:
    """A review, as `Review.to_dict` gives it: its findings are an assessment's."""
    assessment = "#/components/schemas/Assessment"
    day = {"type": "string", "format": "date"}
    obligation = {
        "type": "object",
        "additionalProperties": False,
        "required": [
            "code",
            "due",
            "window_opens",
            "state",
            "done_on",
            "citation",
            "message",
            "message_zh",
            "rule",
            "evidence",
        ],
        "properties": {
            "code": {"type": "string"},
            "due": day,
            "window_opens": {"oneOf": [day, {"type": "null"}]},
            "state": {"enum": ["upcoming", "open", "overdue", "done"]},
            "done_on": {"oneOf": [day, {"type": "null"}]},
            "citation": {"$ref": f"{assessment}/$defs/citation"},
            "message": {"type": "string"},
            "message_zh": {"type": "string"},
            "rule": {"type": "string"},
            "evidence": {"type": "object"},
        },
    }
    return {
        "type": "object",
        "additionalProperties": False,
        "required": [
            "as_of",
            "licence",
            "findings",
            "obligations",
            "assessment",
            "rules_fired",
            "audit",
        ],
        "properties": {
            "as_of": day,
            "licence": _ref("Licence"),
            "findings": {"type": "array", "items": {"$ref": f"{assessment}/$defs/finding"}},
            "obligations": {"type": "array", "items": obligation},
            "assessment": {"oneOf": [_ref("Assessment"), {"type": "null"}]},
            "rules_fired": {"type": "array", "items": {"type": "string"}},
            # The audit or null, as an assessment's.
            "audit": {"$ref": f"{assessment}/properties/audit"},
        },
    }


def _error_schema() -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["error"],
        "properties": {
            "error": {
                "type": "object",
                "required": ["type", "message", "message_zh"],
                "properties": {
                    "type": {"enum": list(_ERROR_TYPES)},
                    "message": {
                        "type": "string",
                        "description": "In the language of the lang query parameter "
                        "(English by default).",
                    },
                    "message_zh": {"type": "string"},
                    "errors": {
                        "type": "array",
                        "items": _PAIR,
                        "description": "422 only: each bad item, as InvalidProfile.errors.",
                    },
                    "errors_zh": {"type": "array", "items": _PAIR},
                },
            }
        },
    }


def _rule_schema() -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["id", "summary", "summary_zh", "period", "sources", "defined_at"],
        "properties": {
            "id": {"type": "string"},
            "summary": {"type": "string"},
            "summary_zh": {"type": "string"},
            "period": {"type": "string"},
            "codes": {"type": "array", "items": {"type": "string"}},
            "parameters": {"type": "array", "items": {"type": "string"}},
            "sources": {"type": "array", "items": {"type": "object"}},
            "defined_at": {"type": "string"},
            "pack": {"type": ["string", "null"]},
        },
    }


def _parameter_schema() -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["name", "description", "description_zh", "unit", "values"],
        "properties": {
            "name": {"type": "string"},
            "description": {"type": "string"},
            "description_zh": {"type": "string"},
            "unit": {"type": "string"},
            "values": {"type": "array", "items": {"type": "object"}},
        },
    }


def _health_schema() -> dict[str, Any]:
    configuration = {
        "type": "object",
        "required": ["policy", "parameters", "rule_packs"],
        "properties": {
            "policy": {"type": "object"},
            "parameters": {"type": "object"},
            "rule_packs": {"type": "array", "items": {"type": "string"}},
        },
    }
    return {
        "type": "object",
        "required": ["status", "version", "ruleset_hash", "configuration"],
        "properties": {
            "status": {"const": "ok"},
            "version": {"type": "string"},
            "ruleset_hash": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
            "configuration": configuration,
        },
    }


#: The kinds of batch error line.
_BATCH_ERRORS: Final = (
    "invalid_json",
    "invalid_encoding",
    "invalid_profile",
    "line_too_long",
    "internal_error",
)


def _batch_line() -> dict[str, Any]:
    """The schema of a batch output line, every shape the service writes: with
    ``detail=full`` the row's assessment (with ``plan=true`` also its plan); with
    ``detail=summary`` the summary fields (with ``plan=true`` also the plan's); or, in
    either, the error line of a row without an assessment. Its types are the shipped
    assessment schema's, so that a summary field and the assessment's agree."""
    assessment = committed_schema("assessment")["properties"]
    codes = {
        "type": "array",
        "items": {"type": "string", "pattern": "^[A-Z0-9]+(_[A-Z0-9]+)*$"},
        "description": "detail=summary: the codes of the findings of this severity.",
    }
    texts = {"type": "array", "items": {"type": "string"}}

    def summary(schema: dict[str, Any], description: str) -> dict[str, Any]:
        return {**schema, "description": f"detail=summary: {description}"}

    return {
        "description": "One output line of a batch, one per input row, in order: with "
        "detail=full the row's assessment (with plan=true, also its plan); with "
        "detail=summary the summary fields (with plan=true, also the plan_* fields); or, "
        "in either, error: why the row has no assessment.",
        "type": "object",
        "required": ["row"],
        "additionalProperties": False,
        "properties": {
            "row": {"type": "integer", "minimum": 1, "description": "The row's number."},
            "assessment": _ref("Assessment"),
            "plan": _ref("Plan"),
            "name": summary({"type": "string"}, "the company's name."),
            "status": summary(assessment["status"], "the assessment's status."),
            "license_type": summary(assessment["license_type"], "the licence it needs."),
            "authority": summary(assessment["authority"], "the licensing authority."),
            "authority_zh": summary(assessment["authority_zh"], "the same in Chinese."),
            "business_scopes": summary(assessment["business_scopes"], "the B24 scopes."),
            "confidence": summary(assessment["confidence"], "how sure the verdict is."),
            "confidence_rests_on": summary(
                assessment["confidence_rests_on"],
                "the deciding findings of less than high confidence.",
            ),
            "blocking": codes,
            "warning": codes,
            "info": codes,
            "plan_options": summary(
                {"type": "integer", "minimum": 0}, "with plan=true, the paths to a licence."
            ),
            "plan_license_type": summary(
                assessment["license_type"], "with plan=true, the first path's licence."
            ),
            "plan_changes": summary(texts, "with plan=true, the first path's changes."),
            "plan_changes_zh": summary(texts, "the same in Chinese."),
            "plan_obstacles": summary(texts, "with plan=true, the codes of the obstacles."),
            "plan_error": {
                "description": "With plan=true, a row whose plan could not be made (a "
                "defect): it keeps its assessment and says why here instead of a plan; with "
                "detail=summary, the message.",
                "oneOf": [
                    {"type": "string"},
                    {
                        "type": "object",
                        "required": ["type", "message", "message_zh"],
                        "additionalProperties": False,
                        "properties": {
                            "type": {"const": "internal_error"},
                            "message": {"type": "string"},
                            "message_zh": {"type": "string"},
                        },
                    },
                ],
            },
            "plan_error_zh": summary({"type": "string"}, "plan_error in Chinese."),
            "error": {
                "type": "object",
                "description": "The row has no assessment: why (in every detail).",
                "required": ["type", "line", "errors"],
                "additionalProperties": False,
                "properties": {
                    "type": {"enum": list(_BATCH_ERRORS)},
                    "line": {"type": "integer", "minimum": 1},
                    "errors": {"type": "array", "items": _PAIR},
                    "errors_zh": {
                        "type": "array",
                        "items": _PAIR,
                        "description": "The same errors in Chinese.",
                    },
                },
            },
        },
    }
