"""The JSON service (``callcenter-rules serve``): the library over HTTP, for tools in any
language.

An ASGI application (Starlette) with one engine, built from a `Config` when the application
is created and closed when it shuts down; ``callcenter-rules serve`` runs it on uvicorn,
one application (so one engine) per worker process. The answers are the command line's:
``POST /v1/assess`` returns the same JSON, byte for byte, as ``callcenter-rules assess
--format json`` with the same configuration, ``POST /v1/batch`` the same lines as
``callcenter-rules batch``.

Endpoints::

    POST /v1/assess          a profile (application/json) -> Assessment.to_dict()
    POST /v1/plan            a profile (application/json) -> Plan.to_dict()
    POST /v1/batch           JSON Lines (application/x-ndjson or application/jsonl)
                             -> JSON Lines, streamed, one line per input row, in order
    GET  /v1/rules           the engine's rules (the law's, then each pack's)
    GET  /v1/parameters      the engine's parameter table
    GET  /v1/schemas/{name}  the JSON Schema of the profile, the assessment or the plan
    GET  /healthz            status, version, ruleset hash and configuration
    GET  /openapi.json       an OpenAPI 3.1 document built from the shipped JSON Schemas

Every error is JSON, ``{"error": {"type", "message", "message_zh"}}`` (422 adds
``errors`` and ``errors_zh``, lists of ``{"path", "message"}``): 400 malformed JSON (or
malformed HTTP), 401 a missing or wrong bearer token, 404, 405, 408 a request head or body
that does not arrive in time, 413 a body over the limit (checked as it arrives), 415 a wrong
content type, 422 an invalid profile or query parameter, 431 a request head over the limit,
503 the server busy (too many connections or batches; ``Retry-After`` says when to try
again). Bad input never gives a 500.

What a client can hold is bounded (`Limits`): connections, batches at a time, the input a
batch reads ahead, the size of a request head, and the time a request head or body may take
to arrive and an answer to be read. `uvicorn_settings` gives uvicorn the limits it applies
itself, and the HTTP protocol that applies the rest: an HTTP/1.1 connection (h11) that
closes connections whose request head does not arrive in time, or whose client stops
reading its answer.

The package, by job: `limits` (`Limits`), `errors` (refusals, the JSON error bodies and the
error handlers), `requests` (the query, the day, the media type, the body), `endpoints`
(assess, plan and the GET endpoints around one engine), `stream` (``/v1/batch``), `auth`
(the bearer token), `connections` (the HTTP/1.1 connection's guards, `uvicorn_settings`),
`app` (the application, its workers) and `openapi` (the OpenAPI document).
"""

from __future__ import annotations

from .app import DEFAULT_BODY_LIMIT, WORKER_ENVIRONMENT, create_app, worker_app, worker_state
from .connections import uvicorn_settings
from .limits import Limits
from .openapi import openapi_document
from .requests import BATCH_MEDIA_TYPES

__all__ = [
    "BATCH_MEDIA_TYPES",
    "DEFAULT_BODY_LIMIT",
    "WORKER_ENVIRONMENT",
    "Limits",
    "create_app",
    "openapi_document",
    "uvicorn_settings",
    "worker_app",
    "worker_state",
]
