"""Tools for property-testing this library and the code that embeds it.

Requires Hypothesis (``pip install "callcenter-rules[testing]"``).

* `.strategies`: Hypothesis strategies for valid profiles, licences, provinces,
  activities, assessment dates and invalid input, built from the model.
* `.oracle`: an independent, plain-Python statement of the decision, for differential
  testing and as a speed baseline.
"""

from __future__ import annotations

from .oracle import OracleResult, decide
from .strategies import (
    LEGAL_CHANGE_DATES,
    activities,
    as_of_dates,
    cases,
    invalid_profiles,
    licences,
    names,
    profiles,
    province_spellings,
    provinces,
)

__all__ = [
    "LEGAL_CHANGE_DATES",
    "OracleResult",
    "activities",
    "as_of_dates",
    "cases",
    "decide",
    "invalid_profiles",
    "licences",
    "names",
    "profiles",
    "province_spellings",
    "provinces",
]
