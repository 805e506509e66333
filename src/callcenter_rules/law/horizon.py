"""The law's horizon (domain facts 7.1, 7.2): the research behind these rules was last
reviewed on the day in ``law_review.reviewed_on``, from sources that reach, for most
topics, the day in ``law_review.sources_up_to``. Nothing here knows what changed after the
sources, so an assessment for a later day says so, with both days: a note up to twelve
months after the review, a warning after.
"""

from __future__ import annotations

import datetime
from typing import Any, Final

from . import sources as law
from .citation import Confidence, Severity, Source
from .facts import CONTEXT
from .language import FindingSpec, Law, Match, Rule
from .parameters import param
from .wording import day_zh

REVIEWED_ON: Final = param("law_review.reviewed_on")
SOURCES_UP_TO: Final = param("law_review.sources_up_to")
_SOURCES: Final = (
    Source(law.REVIEWED_ON, "7.1", Confidence.HIGH),
    Source(law.SOURCES_UP_TO, "7.2", Confidence.MEDIUM),
)


def _days(_match: Match, law: Law) -> dict[str, Any]:
    reviewed: datetime.date = law["law_review.reviewed_on"]
    sources: datetime.date = law["law_review.sources_up_to"]
    return {
        "reviewed_on": reviewed.isoformat(),
        "sources_up_to": sources.isoformat(),
        "_sources_month": f"{_MONTHS[sources.month - 1]} {sources.year}",
        "_reviewed_on_zh": day_zh(reviewed),
        "_sources_month_zh": f"{sources.year}年{sources.month}月",
    }


#: Month names, the same whatever the process's locale.
_MONTHS: Final = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

_REMEDIATION: Final = (
    "Check for changes in the law after {_sources_month} before relying on this assessment.",
    "依据本次评估结果行事前，请核查{_sources_month_zh}之后的法律变化。",
)

LAW_NOT_REVIEWED_AFTER: Final = FindingSpec(
    "LAW_NOT_REVIEWED_AFTER",
    Severity.INFO,
    "The law in this library was last reviewed on {reviewed_on}, from sources that reach about {_sources_month} for most topics (a few, early 2026); this assessment is for a later day, and later changes (amendments, new notices, new lists) may not be known to it.",
    "本库所依据的法律最后审阅于{_reviewed_on_zh}，所依据的资料在多数事项上约截至{_sources_month_zh}（少数事项截至2026年初）；本次评估日期晚于资料截止之日，此后的法律变化（修订、新通知、新清单）可能未纳入。",
    remediation=_REMEDIATION[0],
    remediation_zh=_REMEDIATION[1],
)

RULES: Final = (
    Rule(
        id="LAW-HORIZON",
        summary="For a day after {law_review.sources_up_to}, up to twelve months after {law_review.reviewed_on}, say how far the sources and the review reach.",
        summary_zh="评估日在{law_review.sources_up_to}之后、{law_review.reviewed_on}之后十二个月以内的，说明本库资料和审阅的截止之日。",
        sources=_SOURCES,
        when={
            "context": (CONTEXT.as_of > SOURCES_UP_TO)
            & (CONTEXT.as_of <= REVIEWED_ON.years_later(1)),
        },
        values=_days,
        parameters=("law_review.reviewed_on", "law_review.sources_up_to"),
        findings=(LAW_NOT_REVIEWED_AFTER,),
    ),
    Rule(
        id="LAW-HORIZON-PASSED",
        summary="For a day more than twelve months after {law_review.reviewed_on}, warn that the law was reviewed only up to that day.",
        summary_zh="评估日在{law_review.reviewed_on}之后超过十二个月的，提示本库的法律仅审阅至该日。",
        sources=_SOURCES,
        when={"context": CONTEXT.as_of > REVIEWED_ON.years_later(1)},
        values=_days,
        parameters=("law_review.reviewed_on", "law_review.sources_up_to"),
        findings=(
            FindingSpec(
                "LAW_NOT_REVIEWED_AFTER",
                Severity.WARNING,
                "The law in this library was last reviewed on {reviewed_on}, more than a year before this assessment's day, from sources that reach about {_sources_month} for most topics; later changes (amendments, new notices, new lists) are not known to it.",
                "本库所依据的法律最后审阅于{_reviewed_on_zh}，距本次评估日期已超过一年，所依据的资料在多数事项上约截至{_sources_month_zh}；此后的法律变化（修订、新通知、新清单）未纳入。",
                remediation=_REMEDIATION[0],
                remediation_zh=_REMEDIATION[1],
            ),
        ),
    ),
)

__all__ = ["LAW_NOT_REVIEWED_AFTER", "REVIEWED_ON", "RULES", "SOURCES_UP_TO"]
