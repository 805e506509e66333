"""The law's horizon (domain fact 7.1): the research behind these rules was last reviewed
on the day in ``law_review.reviewed_on``. Nothing here knows what changed after it, so an
assessment for a later day says so: a note within twelve months of that day, a warning
after.
"""

from __future__ import annotations

from typing import Final

from . import sources as law
from .citation import Confidence, Severity, Source
from .facts import CONTEXT
from .language import FindingSpec, Rule
from .parameters import param

REVIEWED_ON: Final = param("law_review.reviewed_on")
_SOURCE: Final = Source(law.REVIEWED_ON, "7.1", Confidence.HIGH)
_DAY: Final = {"reviewed_on": REVIEWED_ON, "_reviewed_on_zh": REVIEWED_ON}

LAW_NOT_REVIEWED_AFTER: Final = FindingSpec(
    "LAW_NOT_REVIEWED_AFTER",
    Severity.INFO,
    "The law in this library was last reviewed on {reviewed_on}; this assessment is for a later day, and later changes (amendments, new notices, new lists) are not known to it.",
    "本库所依据的法律最后审阅于{_reviewed_on_zh}；本次评估日期晚于该日，此后的法律变化（修订、新通知、新清单）未纳入。",
    remediation="Check for changes in the law after {reviewed_on} before relying on this assessment.",
    remediation_zh="依据本次评估结果行事前，请核查{_reviewed_on_zh}之后的法律变化。",
)

RULES: Final = (
    Rule(
        id="LAW-HORIZON",
        summary="For a day within twelve months after {law_review.reviewed_on}, say that the law was reviewed only up to that day.",
        summary_zh="评估日在{law_review.reviewed_on}之后十二个月以内的，说明本库的法律仅审阅至该日。",
        sources=(_SOURCE,),
        when={
            "context": (CONTEXT.as_of > REVIEWED_ON)
            & (CONTEXT.as_of <= REVIEWED_ON.years_later(1)),
        },
        constants=_DAY,
        findings=(LAW_NOT_REVIEWED_AFTER,),
    ),
    Rule(
        id="LAW-HORIZON-PASSED",
        summary="For a day more than twelve months after {law_review.reviewed_on}, warn that the law was reviewed only up to that day.",
        summary_zh="评估日在{law_review.reviewed_on}之后超过十二个月的，提示本库的法律仅审阅至该日。",
        sources=(_SOURCE,),
        when={"context": CONTEXT.as_of > REVIEWED_ON.years_later(1)},
        constants=_DAY,
        findings=(
            FindingSpec(
                "LAW_NOT_REVIEWED_AFTER",
                Severity.WARNING,
                "The law in this library was last reviewed on {reviewed_on}, more than a year before this assessment's day; later changes (amendments, new notices, new lists) are not known to it.",
                "本库所依据的法律最后审阅于{_reviewed_on_zh}，距本次评估日期已超过一年；此后的法律变化（修订、新通知、新清单）未纳入。",
                remediation="Check for changes in the law after {reviewed_on} before relying on this assessment.",
                remediation_zh="依据本次评估结果行事前，请核查{_reviewed_on_zh}之后的法律变化。",
            ),
        ),
    ),
)

__all__ = ["LAW_NOT_REVIEWED_AFTER", "REVIEWED_ON", "RULES"]
