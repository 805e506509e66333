"""What an assessment returns: `Assessment`, `Finding`, `Trace`; `Severity`, `Confidence`
and `Citation` are the law's own words, re-exported.

* `callcenter_rules.results.records`: `Finding`, `Audit`, `Trace`, `TraceStep`;
* `callcenter_rules.results.explain`: the explanation, from each finding to the input;
* `callcenter_rules.results.assessment`: `Assessment`;
* `callcenter_rules.results.plan`: `Plan`, `Option`, `Change`, `Obstacle`;
* `callcenter_rules.results.review`: `Review`, `Obligation` (a licence holder's answer).
"""

from __future__ import annotations

from ..law.citation import Citation
from ..vocabulary import (
    BusinessScope,
    Confidence,
    LicenseType,
    ObligationState,
    Severity,
    Status,
    VerdictConfidence,
)
from .assessment import Assessment
from .plan import Change, ChangeKind, Obstacle, Option, Plan
from .records import Audit, Finding, Trace, TraceStep
from .review import Obligation, Review

__all__ = [
    "Assessment",
    "Audit",
    "BusinessScope",
    "Change",
    "ChangeKind",
    "Citation",
    "Confidence",
    "Finding",
    "LicenseType",
    "Obligation",
    "ObligationState",
    "Obstacle",
    "Option",
    "Plan",
    "Review",
    "Severity",
    "Status",
    "Trace",
    "TraceStep",
    "VerdictConfidence",
]
