"""What `plan` returns: the `Plan`, its options (each an `Option` of `Change` s, with the
assessment that verifies it) and the obstacles no change lifts."""

from __future__ import annotations

from typing import Any

import attrs

from ..law.citation import Citation
from ..law.language import ChangeKind
from ..vocabulary import LicenseType, Status, VerdictConfidence
from .assessment import Assessment

__all__ = ["Change", "ChangeKind", "Obstacle", "Option", "Plan"]


@attrs.frozen
class Change:
    """One change to the profile."""

    #: The profile field changed, e.g. ``registered_capital_cny``.
    field: str
    #: Its value in the profile as given, and the value proposed (JSON-ready, as
    #: `Profile.to_dict` writes them).
    current: Any
    proposed: Any
    kind: ChangeKind
    #: The finding codes this change lifts: they come back when it alone is undone.
    resolves: tuple[str, ...]
    #: What to do, for people.
    message: str
    message_zh: str

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data."""
        return {
            "field": self.field,
            "current": self.current,
            "proposed": self.proposed,
            "kind": self.kind.value,
            "resolves": list(self.resolves),
            "message": self.message,
            "message_zh": self.message_zh,
        }


@attrs.frozen
class Option:
    """One way to a licence: the changes, and the rules' verdict on the changed profile
    (always ``eligible``)."""

    license_type: LicenseType | None
    #: Who issues the licence, in English and Chinese.
    authority: str | None
    authority_zh: str | None
    changes: tuple[Change, ...]
    #: The assessment of the profile with the changes applied.
    assessment: Assessment

    @property
    def restructures(self) -> int:
        """How many of the changes restructure the company."""
        return sum(1 for change in self.changes if change.kind is ChangeKind.RESTRUCTURE)

    @property
    def confidence(self) -> VerdictConfidence:
        """How sure the verdict on the changed profile is."""
        return self.assessment.confidence

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data, with the changed profile's full assessment."""
        return {
            "license_type": self.license_type.value if self.license_type else None,
            "authority": self.authority,
            "authority_zh": self.authority_zh,
            "confidence": self.confidence.value,
            "changes": [change.to_dict() for change in self.changes],
            "assessment": self.assessment.to_dict(),
        }


@attrs.frozen
class Obstacle:
    """A finding no change in the applicant's hands can lift: every route that meets it
    ends there."""

    code: str
    rule: str
    message: str
    message_zh: str
    citation: Citation
    remediation: str | None
    remediation_zh: str | None
    #: The rule pack the finding comes from (``None``: the law's).
    pack: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data."""
        return {
            "code": self.code,
            "rule": self.rule,
            "message": self.message,
            "message_zh": self.message_zh,
            "citation": attrs.asdict(self.citation, value_serializer=_enum_value),
            "remediation": self.remediation,
            "remediation_zh": self.remediation_zh,
            "pack": self.pack,
        }


def _enum_value(_instance: Any, _field: Any, value: Any) -> Any:
    return getattr(value, "value", value)


@attrs.frozen
class Plan:
    """The assessment of the profile as given, and the ways to a licence, best first."""

    assessment: Assessment
    options: tuple[Option, ...]
    #: What stood in the way: findings no change in the applicant's hands can lift, met on
    #: some route; and, when there is no option at all, the findings whose every remedy
    #: led nowhere (dropping the only activity, say).
    obstacles: tuple[Obstacle, ...] = ()

    @property
    def nothing_to_change(self) -> bool:
        """The profile is eligible, or needs no licence, as it is, and the verdict is of
        high confidence (a verdict that rests on contested law is an option beside the
        settled routes, not a reason to change nothing)."""
        return (
            self.assessment.status in {Status.ELIGIBLE, Status.NOT_REQUIRED}
            and self.assessment.confidence is VerdictConfidence.HIGH
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data."""
        return {
            "status": self.assessment.status.value,
            "confidence": self.assessment.confidence.value,
            "nothing_to_change": self.nothing_to_change,
            "options": [option.to_dict() for option in self.options],
            "obstacles": [obstacle.to_dict() for obstacle in self.obstacles],
            "assessment": self.assessment.to_dict(),
        }
