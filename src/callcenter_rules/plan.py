"""Deprecated: the planner lives in `callcenter_rules.planner` and the plan's types in
`callcenter_rules.results.plan`. These names are re-exported here until 1.0."""

from __future__ import annotations

from .planner import MAX_ASSESSMENTS, MAX_CHANGES, describe_value, make_plan
from .results.plan import Change, ChangeKind, Obstacle, Option, Plan

__all__ = [
    "MAX_ASSESSMENTS",
    "MAX_CHANGES",
    "Change",
    "ChangeKind",
    "Obstacle",
    "Option",
    "Plan",
    "describe_value",
    "make_plan",
]
