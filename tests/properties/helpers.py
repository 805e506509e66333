"""Shared pieces for the property tests."""

from __future__ import annotations

from typing import Any

from callcenter_rules import Assessment, Status

#: Worse is larger; not_required stands apart.
STATUS_RANK = {Status.ELIGIBLE: 0, Status.INCOMPLETE: 1, Status.INELIGIBLE: 2}


def decision(result: Assessment) -> tuple[Any, ...]:
    """What an assessment decides, without the echoed input or wording."""
    return (
        result.status,
        result.license_type,
        result.authority,
        result.business_scopes,
        tuple(sorted((f.code, f.rule, f.severity.value) for f in result.findings)),
    )
