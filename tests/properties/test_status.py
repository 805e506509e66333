"""The status follows from the findings, and the licence findings from the licence type."""

from __future__ import annotations

from typing import Any

from hypothesis import given

from callcenter_rules import Engine, LicenseType, Severity, Status
from callcenter_rules.testing import cases


@given(case=cases())
def test_status_is_consistent_with_the_findings(
    engine: Engine, case: tuple[dict[str, Any], Any]
) -> None:
    profile, as_of = case
    result = engine.assess(profile, as_of=as_of)
    blocking = any(f.severity is Severity.BLOCKING for f in result.findings)
    unknown = any(f.code.endswith("_UNKNOWN") for f in result.findings)

    if result.status is Status.NOT_REQUIRED:
        assert result.license_type is None
        assert result.authority is None
        assert result.business_scopes == frozenset()
        assert "NOT_REQUIRED" in result.codes
    else:
        assert result.license_type is not None
        assert result.authority is not None
        assert result.eligible == (not blocking and not unknown)
        assert (result.status is Status.INELIGIBLE) == blocking
        assert (result.status is Status.INCOMPLETE) == (unknown and not blocking)
    assert (result.status is Status.NOT_REQUIRED) == (result.license_type is None)
    assert result.eligible == (result.status is Status.ELIGIBLE)


@given(case=cases())
def test_exactly_one_licence_finding_whenever_a_licence_is_needed(
    engine: Engine, case: tuple[dict[str, Any], Any]
) -> None:
    profile, as_of = case
    result = engine.assess(profile, as_of=as_of)
    licence_codes = [c for c in result.codes if c in {"LICENSE_NATIONWIDE", "LICENSE_REGIONAL"}]
    if result.license_type is None:
        assert licence_codes == []
    elif result.license_type is LicenseType.NATIONWIDE:
        assert licence_codes == ["LICENSE_NATIONWIDE"]
    else:
        assert licence_codes == ["LICENSE_REGIONAL"]


@given(case=cases())
def test_findings_are_ordered_and_fully_cited(
    engine: Engine, case: tuple[dict[str, Any], Any]
) -> None:
    profile, as_of = case
    result = engine.assess(profile, as_of=as_of)
    order = {Severity.BLOCKING: 0, Severity.WARNING: 1, Severity.INFO: 2}
    keys = [(order[f.severity], f.code) for f in result.findings]
    assert keys == sorted(keys)
    for finding in result.findings:
        assert finding.citation.text_zh
        assert finding.citation.fact_id
        assert "{" not in finding.message + finding.message_zh + (finding.remediation or "")
