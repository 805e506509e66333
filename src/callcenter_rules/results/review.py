"""The answer for a licence holder on one day: `Review`, its `Obligation`s and its
findings, and the obligations as an RFC 5545 calendar (`Review.to_ics`)."""

from __future__ import annotations

import datetime
import hashlib
from typing import Any, Final

import attrs

from .._version import __version__
from ..labels import check_lang, obligation_state_label, obligation_title
from ..law.citation import Citation
from ..model import Licence
from ..vocabulary import ObligationState, Severity
from .assessment import Assessment
from .records import Audit, Finding, result_converter

__all__ = ["REMINDER_DAYS", "Obligation", "Review", "obligation_state"]

#: How many days before a deadline the calendar reminds (less when the window is shorter).
REMINDER_DAYS: Final = 14


def obligation_state(
    as_of: datetime.date,
    window_opens: datetime.date | None,
    due: datetime.date,
    done: bool,
    done_on: datetime.date | None,
) -> ObligationState:
    """Where an obligation stands on ``as_of``: done by its due day; else overdue after
    it; else upcoming before its window opens, open within it. A filing after the due day
    does not make it done (it stays overdue, with the day it was done)."""
    if done and (done_on is None or done_on <= due):
        return ObligationState.DONE
    if as_of > due:
        return ObligationState.OVERDUE
    if window_opens is not None and as_of < window_opens:
        return ObligationState.UPCOMING
    return ObligationState.OPEN


@attrs.frozen
class Obligation:
    """Something a licence holder must do by a day, and where it stands."""

    #: ``RENEWAL_APPLICATION``, ``ANNUAL_REPORT``, ``CHANGE_FILING``,
    #: ``CHANGE_ADVANCE_APPLICATION``, ``NUMBERS_ADDRESS_NOTICE``.
    code: str
    #: The last day to do it.
    due: datetime.date
    #: The first day it can (or, where the law sets only the last day, should) be done.
    window_opens: datetime.date | None
    state: ObligationState
    citation: Citation
    message: str
    message_zh: str
    #: The id of the rule that set it.
    rule: str
    #: What it rests on (the year of a report, the change and its index), JSON-ready.
    evidence: dict[str, Any] = attrs.field(hash=False)
    #: The day it was done, when known.
    done_on: datetime.date | None = None

    def title(self, lang: str = "en") -> str:
        """The obligation in a few words, as the calendar titles it."""
        title = obligation_title(self.code, check_lang(lang))
        year = self.evidence.get("year")
        return f"{title} {year}" if year is not None else title

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data: days ISO, the state and the citation's enums as values."""
        return {
            "code": self.code,
            "due": self.due.isoformat(),
            "window_opens": self.window_opens.isoformat() if self.window_opens else None,
            "state": self.state.value,
            "done_on": self.done_on.isoformat() if self.done_on else None,
            "citation": result_converter.unstructure(self.citation),
            "message": self.message,
            "message_zh": self.message_zh,
            "rule": self.rule,
            "evidence": dict(self.evidence),
        }


def _sort_key(obligation: Obligation) -> tuple[Any, ...]:
    return (obligation.due, obligation.code, repr(sorted(obligation.evidence.items())))


@attrs.frozen
class Review:
    """The answer for a licence holder on one day: its findings (the same `Finding` as an
    assessment's), its obligations sorted by due day, and, when a profile of the business
    was given, the assessment of that profile the coverage findings rest on."""

    licence: Licence
    #: The day reviewed.
    as_of: datetime.date
    #: Blocking first, then warnings, then info; by code within each.
    findings: tuple[Finding, ...]
    #: Sorted by due day (then code).
    obligations: tuple[Obligation, ...]
    #: The assessment of the business's profile, when one was given.
    assessment: Assessment | None = attrs.field(default=None, eq=False)
    #: Ids of the rules that fired, in firing order.
    rules_fired: tuple[str, ...] = attrs.field(default=(), eq=False)
    audit: Audit | None = attrs.field(default=None, eq=False)

    def __attrs_post_init__(self) -> None:
        if list(self.obligations) != sorted(self.obligations, key=_sort_key):
            object.__setattr__(self, "obligations", tuple(sorted(self.obligations, key=_sort_key)))

    @property
    def codes(self) -> tuple[str, ...]:
        """The finding codes, in finding order."""
        return tuple(f.code for f in self.findings)

    @property
    def blocking(self) -> bool:
        """Whether a finding is blocking (the licence does not cover the business, it has
        expired, a report is overdue...)."""
        return any(f.severity is Severity.BLOCKING for f in self.findings)

    @property
    def overdue(self) -> tuple[Obligation, ...]:
        """The obligations overdue on the day reviewed."""
        return tuple(o for o in self.obligations if o.state is ObligationState.OVERDUE)

    def findings_with(self, severity: Severity) -> tuple[Finding, ...]:
        """The findings of one severity."""
        return tuple(f for f in self.findings if f.severity is severity)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data: enums as their values, dates ISO."""
        return {
            "as_of": self.as_of.isoformat(),
            "licence": self.licence.to_dict(),
            "findings": [f.to_dict() for f in self.findings],
            "obligations": [o.to_dict() for o in self.obligations],
            "assessment": self.assessment.to_dict() if self.assessment else None,
            "rules_fired": list(self.rules_fired),
            "audit": self.audit.to_dict() if self.audit else None,
        }

    def to_ics(self, lang: str = "en") -> bytes:
        """The obligations as an RFC 5545 calendar (``.ics``): one all-day event on each
        due day, titled and described in ``lang`` (``en`` or ``zh``), with a reminder
        before it. Each event's UID is derived from the licence number, the obligation's
        code and its due day, so importing the calendar again updates the events rather
        than adding them twice.

        Raises:
            ValueError: ``lang`` is neither ``en`` nor ``zh``.
        """
        check_lang(lang)
        # Loaded here, not with the module: the calendar is the one output that needs it,
        # and importing it costs a fifth of the package's start-up.
        import icalendar

        calendar = icalendar.Calendar()
        calendar.add("prodid", f"-//callcenter-rules//{__version__}//{lang.upper()}")
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        name = self.licence.holder or self.licence.number
        calendar.add("x-wr-calname", f"{name} ({self.licence.number})")
        # The same input gives the same bytes: the stamp is the day reviewed.
        stamp = datetime.datetime.combine(self.as_of, datetime.time(), tzinfo=datetime.UTC)
        seen: dict[str, int] = {}
        for obligation in self.obligations:
            event = icalendar.Event()
            event.add("uid", _uid(self.licence.number, obligation, seen))
            event.add("dtstamp", stamp)
            event.add("dtstart", obligation.due)
            event.add("dtend", obligation.due + datetime.timedelta(days=1))
            title = obligation.title(lang)
            event.add("summary", f"{title}: {self.licence.number}")
            event.add("description", _description(obligation, lang))
            event.add("categories", ["callcenter-rules", obligation.code])
            event.add("x-callcenter-rules-state", obligation.state.value)
            if obligation.state is not ObligationState.DONE:
                alarm = icalendar.Alarm()
                alarm.add("action", "DISPLAY")
                alarm.add("description", title)
                alarm.add("trigger", -datetime.timedelta(days=_lead(obligation)))
                event.add_component(alarm)
            calendar.add_component(event)
        return bytes(calendar.to_ical())


def _uid(number: str, obligation: Obligation, seen: dict[str, int]) -> str:
    base = hashlib.sha256(
        f"{number}|{obligation.code}|{obligation.due.isoformat()}".encode()
    ).hexdigest()[:32]
    # Two obligations of one code on one day (two changes filed together): numbered in
    # their (stable) order.
    count = seen[base] = seen.get(base, 0) + 1
    suffix = "" if count == 1 else f"-{count}"
    return f"{base}{suffix}@callcenter-rules"


def _lead(obligation: Obligation) -> int:
    if obligation.window_opens is None:
        return REMINDER_DAYS
    return max(1, min(REMINDER_DAYS, (obligation.due - obligation.window_opens).days))


def _description(obligation: Obligation, lang: str) -> str:
    citation = obligation.citation
    if lang == "zh":
        state = obligation_state_label(obligation.state, "zh")
        return (
            f"{obligation.message_zh}\n状态：{state}\n"
            f"依据：{citation.document_zh}{citation.article_zh or citation.article}"
            f"（可信度 {citation.confidence.value}）"
        )
    state = obligation_state_label(obligation.state, "en")
    return (
        f"{obligation.message}\nState: {state}\n"
        f"Source: {citation.document}, {citation.article} (confidence {citation.confidence.value})"
    )
