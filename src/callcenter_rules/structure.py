"""Deprecated: the structuring of profiles lives in `callcenter_rules.model` (its
``converters`` and ``profile`` modules). These names are re-exported here until 1.0."""

from __future__ import annotations

from .model import (
    AMOUNT_MAX_LENGTH,
    AMOUNT_PATTERN,
    DATE_PATTERN,
    MOST_ITEMS,
    PERCENT_PATTERN,
    echo_field,
    profile_converter,
    structure_profile,
)

__all__ = [
    "AMOUNT_MAX_LENGTH",
    "AMOUNT_PATTERN",
    "DATE_PATTERN",
    "MOST_ITEMS",
    "PERCENT_PATTERN",
    "echo_field",
    "profile_converter",
    "structure_profile",
]
