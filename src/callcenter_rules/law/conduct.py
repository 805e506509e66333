"""Conduct rules that touch the business scope: 工信部信管〔2020〕81号.

Domain fact 5.1: access numbers are inbound in principle; outbound calling needs an
undertaking; no commercial-marketing outbound calls. The rules apply from the day in
``in_force.notice_2020_81``.
"""

from __future__ import annotations

from typing import Final

from ..model import Activity
from . import sources as law
from .citation import Confidence, Period, Severity, Source
from .facts import COMPANY
from .language import FindingSpec, Rule
from .parameters import param

FROM_NOTICE: Final = Period(start=param("in_force.notice_2020_81"))
_NOTICE = Source(law.OUTBOUND_RULES, "5.1", Confidence.HIGH, FROM_NOTICE)

RULES: Final = (
    Rule(
        id="CONDUCT-TELEMARKETING",
        summary="Call-center access numbers may not be used for commercial marketing calls.",
        sources=(_NOTICE,),
        period=FROM_NOTICE,
        when={"company": COMPANY.activities.includes(Activity.TELEMARKETING)},
        findings=(
            FindingSpec(
                "TELEMARKETING_PROHIBITED",
                Severity.WARNING,
                "Commercial marketing calls may not be made through call-center access numbers (MIIT notice of June 2020); a licence does not authorise telemarketing.",
                "呼叫中心业务接入号码不得用于商业营销类电话外呼（工信部2020年6月通知）；取得许可并不意味着可以开展电话营销。",
                remediation="Drop telemarketing from the call-center service.",
                evidence=("activities",),
            ),
        ),
    ),
    Rule(
        id="CONDUCT-OUTBOUND",
        summary="Outbound calling on call-center numbers needs an undertaking, and consented call-backs must be recorded and kept at least 30 days.",
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
                evidence=("activities",),
            ),
        ),
    ),
)

__all__ = ["FROM_NOTICE", "RULES"]
