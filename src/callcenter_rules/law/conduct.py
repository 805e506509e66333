"""Conduct rules that touch the business scope: 工信部信管〔2020〕81号; and the bar on
applying again within a year of a refusal for false materials (domain fact 5.3, which the
notice restates and which predates it, so it applies on every day).

Domain fact 5.1: call-center service rests on calls users make; access numbers are inbound
in principle; outbound service calls need an undertaking; no commercial-marketing outbound
calls, and an application proposing them is not granted. The notice has no separate start
date; it was reported issued on 18 and 19 June 2020 and the earlier day is used
(``in_force.notice_2020_81``, medium confidence on the day).
"""

from __future__ import annotations

import datetime
from typing import Any, Final

from ..vocabulary import Activity
from . import remedies
from . import sources as law
from .citation import Confidence, Period, Severity, Source
from .facts import COMPANY, CONTEXT, LICENCE
from .language import FindingSpec, Law, Match, Rule
from .parameters import param
from .wording import day_zh

FROM_NOTICE: Final = Period(start=param("in_force.notice_2020_81"))
_NOTICE = Source(law.OUTBOUND_RULES, "5.1", Confidence.HIGH, FROM_NOTICE)


def _bar_values(match: Match, _law: Law) -> dict[str, Any]:
    refused: datetime.date = match["company"]["false_materials_refused_on"]
    until = _a_year_after(refused)
    return {
        "refused_on": refused.isoformat(),
        "barred_until": (until - datetime.timedelta(days=1)).isoformat(),
        "_apply_from": until.isoformat(),
        "_refused_on_zh": day_zh(refused),
        "_apply_from_zh": day_zh(until),
    }


def _a_year_after(day: datetime.date) -> datetime.date:
    """The day a year after ``day``; for 29 February, 1 March (the engine compares the
    days as YYYYMMDD, where the missing 29 February falls between 28 February and 1 March)."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return datetime.date(day.year + 1, 3, 1)


RULES: Final = (
    Rule(
        id="FALSE-MATERIALS-BAR",
        summary="An applicant refused for concealing facts or giving false materials may not apply again within one year.",
        summary_zh="申请人隐瞒有关情况或者提供虚假材料被不予许可的，一年内不得再次申请。",
        # The statute's text is certain; that telecom administrations apply its one-year
        # bar to telecom licences rests on their service guides and notice 81 (medium).
        sources=(
            Source(law.FALSE_MATERIALS_BAR, "5.3", Confidence.MEDIUM),
            Source(law.FALSE_MATERIALS_BAR_TELECOM, "5.3", Confidence.MEDIUM),
        ),
        when={
            "licence": LICENCE,
            "context": CONTEXT,
            "company": COMPANY.false_materials_refused_on.less_than_years_before(CONTEXT.as_of, 1),
        },
        values=_bar_values,
        findings=(
            FindingSpec(
                "FALSE_MATERIALS_BAR",
                Severity.BLOCKING,
                "An application of the company was refused on {refused_on} for concealed facts or false materials: it may not apply again within one year, until {barred_until} (Administrative Licensing Law Art. 78, which the communications administrations apply to telecom licences, as notice 工信部信管〔2020〕81号 restates; medium confidence).",
                "公司于{_refused_on_zh}因隐瞒有关情况或者提供虚假材料被不予许可，一年内不得再次申请（《行政许可法》第七十八条，通信管理局将其适用于电信业务经营许可，工信部信管〔2020〕81号亦予重申；中等可信度）。",
                remediation="Apply again on or after {_apply_from}, with true and complete materials.",
                remediation_zh="请于{_apply_from_zh}及以后，以真实、完整的材料重新申请。",
                evidence=("false_materials_refused_on",),
            ),
        ),
    ),
    Rule(
        id="CONDUCT-TELEMARKETING",
        summary="Commercial marketing calls cannot be run under a call-center licence, and an application proposing them is not granted.",
        summary_zh="呼叫中心业务不得提供商业推销电话外发服务，申请开展此类业务的不予许可。",
        sources=(_NOTICE,),
        period=FROM_NOTICE,
        when={"company": COMPANY.activities.includes(Activity.TELEMARKETING)},
        constants={
            "_since": param("in_force.notice_2020_81"),
            "_since_zh": param("in_force.notice_2020_81"),
        },
        findings=(
            FindingSpec(
                "TELEMARKETING_PROHIBITED",
                Severity.BLOCKING,
                "Commercial marketing calls cannot be run under a call-center licence since {_since} (工信部信管〔2020〕81号, reported issued on 18-19 June 2020), and an application proposing them is not granted.",
                "自{_since_zh}起，呼叫中心业务不得提供商业推销电话外发服务（工信部信管〔2020〕81号，据报道于2020年6月18日至19日发布），申请开展此类业务的不予许可。",
                remediation="Drop commercial marketing calls from the business plan; service calls with the users' consent stay possible with an undertaking.",
                remediation_zh="请从业务发展计划中删除商业推销电话外发服务；经用户同意的服务性呼出，提交承诺书后仍可开展。",
                remedies=(remedies.DROP_TELEMARKETING,),
                evidence=("activities",),
            ),
        ),
    ),
    Rule(
        id="CONDUCT-OUTBOUND",
        summary="Outbound calling on call-center numbers needs an undertaking, and consented call-backs must be recorded and kept at least 30 days.",
        summary_zh="使用呼叫中心接入号码呼出须提交承诺书；经用户同意的回访须录音，录音至少留存30日。",
        sources=(_NOTICE,),
        period=FROM_NOTICE,
        when={"company": COMPANY.activities.includes(Activity.OUTBOUND_CALLING)},
        findings=(
            FindingSpec(
                "OUTBOUND_UNDERTAKING_REQUIRED",
                Severity.INFO,
                "Access numbers are inbound in principle: outbound service calls need a written undertaking, and recordings of consented call-backs must be kept at least 30 days.",
                "接入号码原则上只开通呼入；确需呼出须提交承诺书，经用户同意的回访录音至少留存30日。",
                remediation="Prepare the outbound-calling undertaking.",
                remediation_zh="请准备呼出服务承诺书。",
                evidence=("activities",),
            ),
        ),
    ),
)

__all__ = ["FROM_NOTICE", "RULES"]
