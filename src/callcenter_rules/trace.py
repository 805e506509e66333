"""Deprecated: the explanation lives in `callcenter_rules.results.explain`, and
`build_trace` in `callcenter_rules.assemble`. These names are re-exported here until 1.0."""

from __future__ import annotations

from .assemble import build_trace
from .results.explain import Line, cite_zh, conclusion, derivation, describe_derived_fact, explain

__all__ = [
    "Line",
    "build_trace",
    "cite_zh",
    "conclusion",
    "derivation",
    "describe_derived_fact",
    "explain",
]
