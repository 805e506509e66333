"""The application: the Starlette app around one engine (`create_app`), its routes and
lifespan, and what a worker process of ``callcenter-rules serve --workers N`` builds its
own from (`worker_state`, `worker_app`)."""

from __future__ import annotations

import base64
import logging
import os
import pickle
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Final

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import Route

from .._version import __version__
from ..config import Config
from .auth import TokenGuard, token_digest
from .endpoints import Service
from .errors import EXCEPTION_HANDLERS
from .limits import Limits
from .stream import Batch
from .web import WEB_PATHS, Web

__all__ = [
    "DEFAULT_BODY_LIMIT",
    "WORKER_ENVIRONMENT",
    "create_app",
    "worker_app",
    "worker_state",
]

#: Largest request body of ``/v1/assess`` and ``/v1/plan`` by default (1 MiB); also the
#: longest line of a ``/v1/batch`` request.
DEFAULT_BODY_LIMIT: Final = 1 << 20
#: The environment variable that carries the configuration to worker processes (set by
#: ``callcenter-rules serve --workers N``; see `worker_state`).
WORKER_ENVIRONMENT: Final = "_CALLCENTER_RULES_SERVE_STATE"
_logger = logging.getLogger("uvicorn.error")


def create_app(
    config: Config,
    *,
    token: str | None = None,
    body_limit: int = DEFAULT_BODY_LIMIT,
    limits: Limits | None = None,
) -> Starlette:
    """The JSON service as an ASGI application, with its own engine built from ``config``
    now (closed when the application shuts down).

    Args:
        config: the policy, parameter overrides and rule packs of the engine.
        token: a shared secret; when given, every request must carry
            ``Authorization: Bearer <token>``.
        body_limit: the largest body of ``/v1/assess`` and ``/v1/plan``, and the longest
            line of ``/v1/batch``, in bytes.
        limits: the bounds on batches and on the time a body may take (`Limits`; the
            defaults if not given). Those on connections and request heads are the
            server's: `uvicorn_settings`.

    Raises:
        ValueError: ``body_limit`` is not positive, or ``token`` is empty; a configuration
            the engine refuses (`ConfigError`, `RulePackError`, ``ValueError``).
    """
    if token is not None and not token:
        raise ValueError("the token is empty")
    return _application(config, token_digest(token), body_limit, limits or Limits())


def _application(
    config: Config, digest: bytes | None, body_limit: int, limits: Limits
) -> Starlette:
    if body_limit < 1:
        raise ValueError(f"body_limit must be at least 1, got {body_limit}")
    engine = config.engine()
    service = Service(engine, body_limit, digest, limits)
    web = Web(service, digest)

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        _logger.info(
            "callcenter-rules %s: pid %d, ruleset %s, %s",
            __version__,
            os.getpid(),
            engine.ruleset_hash[:12],
            "token required" if digest is not None else "no token",
        )
        try:
            yield
        finally:
            engine.close()

    routes = [
        Route("/v1/assess", service.assess, methods=["POST"]),
        Route("/v1/plan", service.plan, methods=["POST"]),
        Route("/v1/review", service.review, methods=["POST"]),
        Route("/v1/batch", Batch(service), methods=["POST"]),
        Route("/v1/rules", service.rules_list, methods=["GET"]),
        Route("/v1/parameters", service.parameter_table, methods=["GET"]),
        Route("/v1/schemas/{name}", service.schema, methods=["GET"]),
        Route("/healthz", service.healthz, methods=["GET"]),
        Route("/openapi.json", service.openapi_json, methods=["GET"]),
        *web.routes(),
    ]
    app = Starlette(
        routes=routes,
        middleware=[
            Middleware(TokenGuard, digest=digest, web_paths=WEB_PATHS, sign_in=web.sign_in_page)
        ],
        exception_handlers=EXCEPTION_HANDLERS,
        lifespan=lifespan,
    )
    app.state.engine = engine
    return app


def worker_state(
    config: Config, *, token: str | None, body_limit: int, limits: Limits | None = None
) -> str:
    """What a worker process needs to build its application, as the value of
    `WORKER_ENVIRONMENT`: the configuration, the body limit, the limits and the token's
    digest (not the token)."""
    state = (config, token_digest(token), body_limit, limits or Limits())
    return base64.b64encode(pickle.dumps(state)).decode("ascii")


def worker_app() -> Starlette:
    """The application of a worker process (uvicorn's factory), with its own engine,
    from `WORKER_ENVIRONMENT` as the ``serve`` command set it."""
    config, digest, body_limit, limits = pickle.loads(
        base64.b64decode(os.environ[WORKER_ENVIRONMENT])
    )
    return _application(config, digest, body_limit, limits)
