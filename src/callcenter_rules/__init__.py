"""callcenter-rules: does a company need China's call-center licence (B24), which one, and
what stands between it and that licence.

>>> from callcenter_rules import assess
>>> result = assess({...})          # doctest: +SKIP
>>> result.status, result.license_type, [f.code for f in result.findings]  # doctest: +SKIP
"""

from __future__ import annotations

import sys

# Supported: CPython 3.11 to 3.13, exactly what CI tests (.ci/run). The rule engine,
# durable-rules 2.0.28, is a C extension; on 3.13 it needs PyEval_CallObject, removed from
# CPython, which this package supplies (see _durable). Fail early, and say why, elsewhere.
if not ((3, 11) <= sys.version_info[:2] <= (3, 13)):  # pragma: no cover - version gate
    raise ImportError(
        "callcenter-rules supports Python 3.11 to 3.13; this is Python "
        f"{sys.version_info.major}.{sys.version_info.minor}. Its rule engine, durable-rules "
        "2.0.28, is a C extension that is built and tested on CPython 3.11, 3.12 and 3.13 only."
    )

# First: durable-rules' C engine, imported through the PyEval_CallObject shim on 3.13,
# before any module of this package imports durable.
from . import _durable  # noqa: F401
from ._version import __version__
from .api import (
    EARLIEST_SUPPORTED_DATE,
    Engine,
    UnsupportedDate,
    assess,
    parameters,
    plan,
    review,
)
from .cache import CacheInfo
from .cities import City
from .engine import EngineClosed, EngineError
from .model import (
    Activity,
    EntityType,
    InvalidLicence,
    InvalidProfile,
    InvestorOrigin,
    Licence,
    LicenceChange,
    LicenceEvent,
    Market,
    NumberResource,
    Party,
    PlatformLocation,
    Policy,
    Profile,
    Violation,
    Zone,
)
from .provinces import Province
from .results import (
    Assessment,
    Audit,
    BusinessScope,
    Citation,
    Confidence,
    Finding,
    LicenseType,
    Obligation,
    ObligationState,
    Review,
    Severity,
    Status,
    Trace,
    TraceStep,
    VerdictConfidence,
)
from .results.plan import Change, ChangeKind, Obstacle, Option, Plan

__all__ = [
    "EARLIEST_SUPPORTED_DATE",
    "Activity",
    "Assessment",
    "Audit",
    "BusinessScope",
    "CacheInfo",
    "Change",
    "ChangeKind",
    "Citation",
    "City",
    "Confidence",
    "Engine",
    "EngineClosed",
    "EngineError",
    "EntityType",
    "Finding",
    "InvalidLicence",
    "InvalidProfile",
    "InvestorOrigin",
    "Licence",
    "LicenceChange",
    "LicenceEvent",
    "LicenseType",
    "Market",
    "NumberResource",
    "Obligation",
    "ObligationState",
    "Obstacle",
    "Option",
    "Party",
    "Plan",
    "PlatformLocation",
    "Policy",
    "Profile",
    "Province",
    "Review",
    "Severity",
    "Status",
    "Trace",
    "TraceStep",
    "UnsupportedDate",
    "VerdictConfidence",
    "Violation",
    "Zone",
    "__version__",
    "assess",
    "parameters",
    "plan",
    "review",
]
