"""The endpoints around one engine: ``POST /v1/assess``, ``/v1/plan`` and ``/v1/review``,
and the GET endpoints whose answers never change while the engine lives (``/v1/rules``,
``/v1/parameters``, ``/v1/schemas/{name}``, ``/healthz``, ``/openapi.json``). The
engine's calls take turns in a worker thread (`Service.run`)."""

from __future__ import annotations

import datetime
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import anyio
from starlette.requests import Request
from starlette.responses import Response

from .._version import __version__
from ..api import Engine
from ..batch import review_input
from ..model import InvalidLicence, InvalidProfile
from ..reference import rule_catalogue
from ..schema import SCHEMA_NAMES, committed_schema
from .errors import JSON, Refusal, dumps
from .limits import Limits
from .openapi import openapi_document
from .requests import (
    check_media_type,
    checked_query,
    invalid_licence,
    invalid_profile,
    profile_data,
    query_day,
    query_flag,
    read_body,
)

__all__ = ["Service"]

_T = TypeVar("_T")
#: An endpoint, as Starlette calls it.
Endpoint = Callable[[Request], Awaitable[Response]]


class Service:
    """The endpoints, around one engine."""

    def __init__(
        self, engine: Engine, body_limit: int, token_digest: bytes | None, limits: Limits
    ) -> None:
        self.engine = engine
        self.body_limit = body_limit
        self.token_digest = token_digest
        self.limits = limits
        #: ``POST /v1/batch`` streams running (in the event loop: no lock needed).
        self.batches = 0
        #: One engine call at a time, in order of arrival (made in the event loop).
        self._turns: anyio.CapacityLimiter | None = None
        # What the GET endpoints answer never changes while the engine lives.
        health = {
            "status": "ok",
            "version": __version__,
            "ruleset_hash": engine.ruleset_hash,
            "configuration": engine.configuration,
        }
        self.schemas = {name: dumps(committed_schema(name)) for name in SCHEMA_NAMES}
        self.rules_list = _get(dumps(rule_catalogue(engine.parameters, engine.rule_packs)))
        self.parameter_table = _get(dumps(engine.parameters.to_dict()))
        self.schema = _get(self._schema, "application/schema+json")
        self.healthz = _get(dumps(health))
        self.openapi_json = _get(dumps(openapi_document(token=token_digest is not None)))

    async def run(self, work: Callable[..., _T], *args: Any) -> _T:
        """``work(*args)`` in a worker thread, keeping the event loop free. The engine
        assesses one profile at a time; its calls take turns first come, first served, in
        one thread at a time (many threads waiting on the engine's lock would be served in
        no particular order, and the slowest would wait far longer than the rest)."""
        if self._turns is None:
            self._turns = anyio.CapacityLimiter(1)
        return await anyio.to_thread.run_sync(work, *args, limiter=self._turns)

    # -- POST

    async def assess(self, request: Request) -> Response:
        query = checked_query(request, ("as_of", "lang", "trace"))
        check_media_type(request, (JSON,))
        day = query_day(query, self.engine)
        trace = query_flag(query, "trace")
        body = await read_body(request, self.body_limit, self.limits.timeout_body)
        content = await self.run(self._assess, body, day, trace)
        return Response(content, media_type=JSON)

    def _assess(self, body: bytes, day: datetime.date, trace: bool) -> bytes:
        data = profile_data(body)
        try:
            result = self.engine.assess(data, as_of=day, trace=trace)
        except InvalidProfile as error:
            raise invalid_profile(error) from None
        return dumps(result.to_dict())

    async def plan(self, request: Request) -> Response:
        query = checked_query(request, ("as_of", "lang"))
        check_media_type(request, (JSON,))
        day = query_day(query, self.engine)
        body = await read_body(request, self.body_limit, self.limits.timeout_body)
        content = await self.run(self._plan, body, day)
        return Response(content, media_type=JSON)

    def _plan(self, body: bytes, day: datetime.date) -> bytes:
        data = profile_data(body)
        try:
            found = self.engine.plan(data, as_of=day)
        except InvalidProfile as error:
            raise invalid_profile(error) from None
        return dumps(found.to_dict())

    async def review(self, request: Request) -> Response:
        query = checked_query(request, ("as_of", "lang"))
        check_media_type(request, (JSON,))
        day = query_day(query, self.engine, review=True)
        body = await read_body(request, self.body_limit, self.limits.timeout_body)
        content = await self.run(self._review, body, day)
        return Response(content, media_type=JSON)

    def _review(self, body: bytes, day: datetime.date) -> bytes:
        data = profile_data(body)
        try:
            licence, profile = review_input(data)
            result = self.engine.review(licence, profile, as_of=day)
        except InvalidLicence as error:
            raise invalid_licence(error) from None
        except InvalidProfile as error:
            raise invalid_profile(error) from None
        return dumps(result.to_dict())

    # -- GET

    def _schema(self, request: Request) -> bytes:
        name = request.path_params["name"]
        if name not in self.schemas:
            names = ", ".join(SCHEMA_NAMES)
            raise Refusal(
                404,
                "not_found",
                f"no schema {name!r}; the schemas are {names}",
                f"没有名为“{name}”的 Schema；可用：{'、'.join(SCHEMA_NAMES)}",
            )
        return self.schemas[name]


def _get(answer: bytes | Callable[[Request], bytes], media_type: str = JSON) -> Endpoint:
    """A GET endpoint: ``answer``, the same while the engine lives, or (a function) the
    one for the request's path; its one query parameter ``lang``, the language of its
    errors."""

    async def endpoint(request: Request) -> Response:
        checked_query(request, ("lang",))
        content = answer(request) if callable(answer) else answer
        return Response(content, media_type=media_type)

    return endpoint
