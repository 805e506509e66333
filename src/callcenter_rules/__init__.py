"""callcenter-rules: does a company need China's call-center licence (B24), which one, and
what stands between it and that licence.

>>> from callcenter_rules import assess
>>> result = assess({...})          # doctest: +SKIP
>>> result.status, result.license_type, [f.code for f in result.findings]  # doctest: +SKIP
"""

from __future__ import annotations

import sys

# durable-rules 2.0.28's C extension builds and imports on CPython 3.11 and 3.12 only; on
# 3.13 it fails at import (PyEval_CallObject was removed). Fail early and say why.
if not ((3, 11) <= sys.version_info[:2] <= (3, 12)):  # pragma: no cover - version gate
    raise ImportError(
        "callcenter-rules needs Python 3.11 or 3.12: its rule engine, durable-rules 2.0.28, "
        "does not import on Python "
        f"{sys.version_info.major}.{sys.version_info.minor} "
        "(on 3.13 its C extension calls PyEval_CallObject, removed from CPython)"
    )

from ._version import __version__
from .api import EARLIEST_SUPPORTED_DATE, Engine, UnsupportedDate, assess, parameters
from .engine import EngineClosed, EngineError
from .model import (
    Activity,
    EntityType,
    InvalidProfile,
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
    Severity,
    Status,
    Trace,
    TraceStep,
)

__all__ = [
    "EARLIEST_SUPPORTED_DATE",
    "Activity",
    "Assessment",
    "Audit",
    "BusinessScope",
    "Citation",
    "Confidence",
    "Engine",
    "EngineClosed",
    "EngineError",
    "EntityType",
    "Finding",
    "InvalidProfile",
    "LicenseType",
    "Market",
    "NumberResource",
    "Party",
    "PlatformLocation",
    "Policy",
    "Profile",
    "Province",
    "Severity",
    "Status",
    "Trace",
    "TraceStep",
    "UnsupportedDate",
    "Violation",
    "Zone",
    "__version__",
    "assess",
    "parameters",
]
