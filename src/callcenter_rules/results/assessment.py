"""The answer for one profile on one day: `Assessment`."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any, Final

import attrs

from ..model import Profile
from ..vocabulary import BusinessScope, LicenseType, Severity, Status, VerdictConfidence
from .explain import explain
from .records import Audit, Finding, Trace

__all__ = ["Assessment"]


@attrs.frozen
class Assessment:
    """The answer for one profile on one day."""

    status: Status
    #: ``None`` when no licence is required.
    license_type: LicenseType | None
    #: Who issues the licence, in English; ``None`` when no licence is required.
    authority: str | None
    #: The issuing authority in Chinese.
    authority_zh: str | None
    business_scopes: frozenset[BusinessScope]
    #: Blocking first, then warnings, then info; by code within each.
    findings: tuple[Finding, ...]
    #: The day whose law was applied.
    as_of: datetime.date
    #: The profile as it was assessed (canonical spelling).
    profile: Profile
    #: Ids of the rules that fired, in firing order.
    rules_fired: tuple[str, ...] = attrs.field(eq=False)
    #: Library version and hashes of the ruleset and of the normalised input.
    audit: Audit | None = attrs.field(default=None, eq=False)
    #: The derivation, when the assessment was made with ``trace=True``.
    trace: Trace | None = attrs.field(default=None, eq=False)
    #: How sure the verdict is: the lowest confidence among the findings it rests on
    #: (the deciding findings: those that decide whether a licence is needed, which one
    #: and who issues it, the blocking ones of an ``ineligible`` verdict and the unknown
    #: ones of an ``incomplete`` one; see "How to read an assessment" in the README).
    confidence: VerdictConfidence = VerdictConfidence.HIGH
    #: The codes of the deciding findings that are not of high confidence, weakest first:
    #: what keeps the verdict from ``high`` (empty when it is high).
    confidence_rests_on: tuple[str, ...] = ()
    #: For an assessment whose findings are built when first read (`Assessment.deferred`).
    _pending: Callable[[], tuple[Finding, ...]] | None = attrs.field(
        default=None, init=False, eq=False, hash=False, repr=False
    )

    @classmethod
    def deferred(
        cls,
        *,
        findings: Callable[[], tuple[Finding, ...]],
        status: Status,
        license_type: LicenseType | None,
        authority: str | None,
        authority_zh: str | None,
        business_scopes: frozenset[BusinessScope],
        as_of: datetime.date,
        profile: Profile,
        rules_fired: tuple[str, ...],
        audit: Audit | None = None,
        trace: Trace | None = None,
        confidence: VerdictConfidence = VerdictConfidence.HIGH,
        confidence_rests_on: tuple[str, ...] = (),
    ) -> Assessment:
        """An assessment whose ``findings`` are ``findings()``, called when they are first
        read: a batch's summary, a count of statuses or a cache never pays for building
        them. Equal, in every way, to the assessment built with them."""
        assessment = object.__new__(cls)
        for name, value in (
            ("status", status),
            ("license_type", license_type),
            ("authority", authority),
            ("authority_zh", authority_zh),
            ("business_scopes", business_scopes),
            ("as_of", as_of),
            ("profile", profile),
            ("rules_fired", rules_fired),
            ("audit", audit),
            ("trace", trace),
            ("confidence", confidence),
            ("confidence_rests_on", confidence_rests_on),
            ("_pending", findings),
        ):
            _SET[name](assessment, value)
        return assessment

    def __getattr__(self, name: str) -> Any:
        # Reached only for an attribute not set: deferred findings, built once.
        if name != "findings":
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        pending = object.__getattribute__(self, "_pending")
        if pending is None:
            # Another thread has just built them (they are set before this is cleared).
            return object.__getattribute__(self, "findings")
        findings = pending()
        _SET["findings"](self, findings)
        _SET["_pending"](self, None)
        return findings

    @property
    def eligible(self) -> bool:
        """True only when the status is `Status.ELIGIBLE`."""
        return self.status is Status.ELIGIBLE

    @property
    def codes(self) -> tuple[str, ...]:
        """The finding codes, in finding order."""
        return tuple(f.code for f in self.findings)

    def findings_with(self, severity: Severity) -> tuple[Finding, ...]:
        """The findings of one severity."""
        return tuple(f for f in self.findings if f.severity is severity)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data: enums as their values, dates ISO, scopes as a sorted list."""
        return {
            "status": self.status.value,
            "eligible": self.eligible,
            "license_type": self.license_type.value if self.license_type else None,
            "authority": self.authority,
            "authority_zh": self.authority_zh,
            "confidence": self.confidence.value,
            "confidence_rests_on": list(self.confidence_rests_on),
            "business_scopes": sorted(s.value for s in self.business_scopes),
            "as_of": self.as_of.isoformat(),
            "findings": [f.to_dict() for f in self.findings],
            "profile": self.profile.to_dict(),
            "rules_fired": list(self.rules_fired),
            "audit": self.audit.to_dict() if self.audit else None,
            **({"trace": self.trace.to_dict()} if self.trace is not None else {}),
        }

    def explain(self, lang: str = "en") -> str:
        """Why each finding holds: the chain of rules from the input to the finding.

        Needs the derivation: assess with ``trace=True``. ``lang`` is ``en`` or ``zh``.

        Raises:
            ValueError: the assessment was made without ``trace=True``, or ``lang`` is unknown.
        """
        return explain(self, lang)


#: The slots' setters (the class is frozen), by attribute name.
_SET: Final = {
    attribute.name: vars(Assessment)[attribute.name].__set__
    for attribute in attrs.fields(Assessment)
}
