"""Deprecated: ``callcenter-rules serve`` lives in `callcenter_rules.cli.serve`. This module
re-exports its names until 1.0."""

from __future__ import annotations

from .cli.serve import (
    DEFAULT_BODY_LIMIT,
    DEFAULT_HOST,
    DEFAULT_LIMITS,
    DEFAULT_PORT,
    HELP_ZH_SERVE,
    MIN_TOKEN_LENGTH,
    TOKEN_ENVIRONMENT,
    serve_command,
)

__all__ = [
    "DEFAULT_BODY_LIMIT",
    "DEFAULT_HOST",
    "DEFAULT_LIMITS",
    "DEFAULT_PORT",
    "HELP_ZH_SERVE",
    "MIN_TOKEN_LENGTH",
    "TOKEN_ENVIRONMENT",
    "serve_command",
]
