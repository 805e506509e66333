"""The annual report: MIIT Order No. 42 Art. 35 (a report on the past year in the first
quarter, through MIIT's platform) and Art. 38 (missing it puts the holder on the
non-compliance list until it is filed). Both articles were confirmed in a copy of the text.

Domain fact 8.2. The window is ``holder.annual_report_opens`` to
``holder.annual_report_due`` (1 January to 31 March). A year is due when the licence
was held in it and still runs when the window opens. Administrations give a correction
window in April in practice (Guangdong 2018); the law's day is 31 March, and that is
the day used.
"""

from __future__ import annotations

from typing import Any, Final

from . import sources as law
from .citation import Confidence, Severity, Source
from .facts import LICENCE_TERM, REPORT_YEAR, REVIEW_DAY
from .holder_calendar import shown_days
from .language import FindingSpec, Law, Match, Rule

__all__ = ["RULES"]

_ART_35: Final = Source(law.ORDER_42_ART_35, "8.2", Confidence.HIGH)
_ART_38: Final = Source(law.ORDER_42_ART_38, "8.2", Confidence.HIGH)
#: The licence still runs when the year's window opens.
_HELD: Final = REPORT_YEAR.window_opens <= LICENCE_TERM.expires_on


def _report(match: Match, _law: Law) -> dict[str, Any]:
    report = match["report"]
    filed = report.get("filed")
    return {
        "year": report["year"],
        **shown_days(due=report["due"], window_opens=report["window_opens"], done_on=None),
        "done": filed is True,
    }


RULES: Final = (
    Rule(
        id="HOLDER-ANNUAL-REPORT",
        summary="A holder reports on the past year through MIIT's platform between {holder.annual_report_opens} and {holder.annual_report_due} (MM-DD) of each year.",
        summary_zh="持证者应当于每年{holder.annual_report_opens}至{holder.annual_report_due}（月-日）通过管理平台报送上一年度年报。",
        sources=(_ART_35,),
        when={"term": LICENCE_TERM, "report": _HELD},
        values=_report,
        # The years looked at start with the year of issue, taken as the expiry less the
        # validity when the issue day is not given.
        parameters=("holder.validity_years",),
        findings=(
            FindingSpec(
                "ANNUAL_REPORT",
                Severity.INFO,
                "File the annual report for {year} through MIIT's platform between {window_opens} and {due} (MIIT Order No. 42 Art. 35); it must be true, and missing it puts the holder on the non-compliance list (Art. 38).",
                "请于{_window_opens_zh}至{_due_zh}通过管理平台报送{year}年度年报（第42号令第三十五条）；年报应当真实，未按期报送的列入不良名单（第三十八条）。",
                obligation=True,
                repeatable=True,
            ),
        ),
    ),
    Rule(
        id="HOLDER-ANNUAL-REPORT-DUE",
        summary="The annual report's window is open and the report is not recorded as filed.",
        summary_zh="年报报送期内，尚无已报送的记录。",
        sources=(_ART_35,),
        when={
            "term": LICENCE_TERM,
            "report": _HELD & (REPORT_YEAR.filed.is_unknown() | REPORT_YEAR.filed.is_false()),
            "review": (REVIEW_DAY.as_of >= REPORT_YEAR.window_opens)
            & (REVIEW_DAY.as_of <= REPORT_YEAR.due),
        },
        values=_report,
        findings=(
            FindingSpec(
                "ANNUAL_REPORT_DUE",
                Severity.WARNING,
                "The annual report for {year} is due by {due} (MIIT Order No. 42 Art. 35), and it is not recorded as filed.",
                "{year}年度年报应于{_due_zh}前报送（第42号令第三十五条），目前未见已报送的记录。",
                remediation="File the report for {year} through MIIT's platform by {due}.",
                remediation_zh="请于{_due_zh}前通过管理平台报送{year}年度年报。",
                evidence=("annual_reports_filed",),
                repeatable=True,
            ),
        ),
    ),
    Rule(
        id="HOLDER-ANNUAL-REPORT-OVERDUE",
        summary="An annual report not filed by its due day puts the holder on the non-compliance list until it is filed.",
        summary_zh="未按期报送年报的，列入电信业务经营不良名单，报送后移出。",
        sources=(_ART_38, _ART_35),
        when={
            "term": LICENCE_TERM,
            "report": _HELD & REPORT_YEAR.filed.is_false(),
            "review": REVIEW_DAY.as_of > REPORT_YEAR.due,
        },
        values=_report,
        findings=(
            FindingSpec(
                "ANNUAL_REPORT_OVERDUE",
                Severity.BLOCKING,
                "The annual report for {year} was due by {due} and is not filed: the holder goes on the non-compliance list (不良名单) until it is filed (MIIT Order No. 42 Arts. 35 and 38).",
                "{year}年度年报应于{_due_zh}前报送而未报送：列入电信业务经营不良名单，报送后方可移出（第42号令第三十五条、第三十八条）。",
                remediation="File the report for {year} at once through MIIT's platform, and ask the administration to remove the listing.",
                remediation_zh="请立即通过管理平台补报{year}年度年报，并申请移出不良名单。",
                evidence=("annual_reports_filed",),
                repeatable=True,
            ),
        ),
    ),
    Rule(
        id="HOLDER-ANNUAL-REPORT-UNKNOWN",
        summary="Whether a past annual report was filed is not known.",
        summary_zh="以往年度的年报是否已报送尚不明确。",
        sources=(_ART_35,),
        when={
            "term": LICENCE_TERM,
            "report": _HELD & REPORT_YEAR.filed.is_unknown(),
            "review": REVIEW_DAY.as_of > REPORT_YEAR.due,
        },
        values=_report,
        findings=(
            FindingSpec(
                "ANNUAL_REPORT_UNKNOWN",
                Severity.WARNING,
                "Whether the annual report for {year} (due by {due}) was filed is not known: a missing report puts the holder on the non-compliance list (MIIT Order No. 42 Arts. 35 and 38).",
                "{year}年度年报（应于{_due_zh}前报送）是否已报送尚不明确：未按期报送的列入不良名单（第42号令第三十五条、第三十八条）。",
                remediation="Give the years whose report was filed (annual_reports_filed).",
                remediation_zh="请填写已报送年报的年度（annual_reports_filed）。",
                evidence=("annual_reports_filed",),
                repeatable=True,
            ),
        ),
    ),
)
