"""What an assessment returns: :class:`Assessment`, :class:`Finding`, :class:`Citation`."""

from __future__ import annotations

import datetime
import enum
from typing import Any

import attrs

from .model import Profile, profile_converter

__all__ = [
    "Assessment",
    "BusinessScope",
    "Citation",
    "Confidence",
    "Finding",
    "LicenseType",
    "Severity",
    "Status",
]


class Status(enum.Enum):
    """The decision."""

    #: A licence is needed and every condition is known to be met.
    ELIGIBLE = "eligible"
    #: A licence is needed and at least one condition is not met.
    INELIGIBLE = "ineligible"
    #: A licence is needed, no condition is known to fail, but some are unknown.
    INCOMPLETE = "incomplete"
    #: No activity falls under B24.
    NOT_REQUIRED = "not_required"


class LicenseType(enum.Enum):
    """Telecom Regulations Art. 9: the cross-regional (MIIT) or the provincial licence."""

    #: 跨地区增值电信业务经营许可证, issued by MIIT.
    NATIONWIDE = "nationwide"
    #: 增值电信业务经营许可证, issued by the province's communications administration.
    REGIONAL = "regional"


class BusinessScope(enum.Enum):
    """Sub-scopes of B24 in the 2015 catalogue."""

    #: 国内呼叫中心业务
    DOMESTIC = "B24-1"
    #: 离岸呼叫中心业务
    OFFSHORE = "B24-2"


class Severity(enum.Enum):
    """How a finding bears on the decision."""

    #: A condition is not met: the licence cannot be granted as things stand.
    BLOCKING = "blocking"
    #: Something is unknown or uncertain, or a conduct rule applies.
    WARNING = "warning"
    #: An explanation of how the answer was reached.
    INFO = "info"


class Confidence(enum.Enum):
    """How sure the domain research is of the legal fact a rule encodes."""

    HIGH = "H"
    MEDIUM_HIGH = "M-H"
    MEDIUM = "M"
    LOW_MEDIUM = "L-M"
    LOW = "L"


@attrs.frozen
class Citation:
    """Where a finding comes from in the law."""

    #: The legal source in English, e.g. "Administrative Measures for Telecommunications
    #: Business Operation Licensing (MIIT Order No. 42)".
    document: str
    #: Its Chinese title, e.g. "电信业务经营许可管理办法（工业和信息化部令第42号）".
    document_zh: str
    #: The article or item, e.g. "Art. 6(4)".
    article: str
    #: The Chinese wording the rule encodes.
    text_zh: str
    #: The id of the fact in the domain research that the rule encodes, e.g. "2.4".
    fact_id: str
    #: How sure that fact is.
    confidence: Confidence


@attrs.frozen
class Finding:
    """One conclusion of the rules, meant for people and for machines alike."""

    #: Stable machine-readable code, e.g. ``CAPITAL_BELOW_MINIMUM``.
    code: str
    severity: Severity
    #: English message.
    message: str
    #: Chinese message.
    message_zh: str
    citation: Citation
    #: The id of the rule that produced the finding, e.g. ``CAPITAL-NATIONWIDE``.
    rule: str
    #: The input values (and derived facts) the finding rests on, JSON-ready.
    evidence: dict[str, Any] = attrs.field(hash=False)
    #: What the applicant can do about it, when something can be done.
    remediation: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data: enums as their values."""
        result: dict[str, Any] = _converter.unstructure(self)
        return result


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

    @property
    def eligible(self) -> bool:
        """True only when the status is :attr:`Status.ELIGIBLE`."""
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
            "business_scopes": sorted(s.value for s in self.business_scopes),
            "as_of": self.as_of.isoformat(),
            "findings": [f.to_dict() for f in self.findings],
            "profile": self.profile.to_dict(),
            "rules_fired": list(self.rules_fired),
        }


_converter = profile_converter.copy()
