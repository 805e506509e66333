"""Conduct rules that touch the business scope: 工信部信管〔2020〕81号 (June 2020).

Domain fact 5.1: access numbers are inbound in principle; outbound calling needs an
undertaking; no commercial-marketing outbound calls. The research dates the notice
"June 2020" without a day, so the rules apply from 2020-06-01.
"""

from __future__ import annotations

from typing import Final

from durable.lang import m

from ..model import Activity
from ..results import Confidence, Severity
from . import sources as law
from .rulebook import FindingSpec, Period, Rule, Source, item_is

_FROM_NOTICE = Period(start=law.NOTICE_2020_81_FROM)
_NOTICE = Source(law.OUTBOUND_RULES, "5.1", Confidence.HIGH, _FROM_NOTICE)

PROFILE = m.t == "profile"

RULES: Final = (
    Rule(
        id="CONDUCT-TELEMARKETING",
        summary="Call-center access numbers may not be used for commercial marketing calls.",
        sources=(_NOTICE,),
        period=_FROM_NOTICE,
        when={"p": PROFILE & m.activities.anyItem(item_is(Activity.TELEMARKETING.value))},
        findings=(
            FindingSpec(
                "TELEMARKETING_PROHIBITED",
                Severity.WARNING,
                "Commercial marketing calls may not be made through call-center access numbers "
                "(MIIT notice of June 2020); a licence does not authorise telemarketing.",
                "呼叫中心业务接入号码不得用于商业营销类电话外呼（工信部2020年6月通知）；取得许可并不意味着可以开展电话营销。",
                remediation="Drop telemarketing from the call-center service.",
                evidence=("activities",),
            ),
        ),
    ),
    Rule(
        id="CONDUCT-OUTBOUND",
        summary="Outbound calling on call-center numbers needs an undertaking, and consented "
        "call-backs must be recorded and kept at least 30 days.",
        sources=(_NOTICE,),
        period=_FROM_NOTICE,
        when={"p": PROFILE & m.activities.anyItem(item_is(Activity.OUTBOUND_CALLING.value))},
        findings=(
            FindingSpec(
                "OUTBOUND_UNDERTAKING_REQUIRED",
                Severity.INFO,
                "Access numbers are inbound in principle: outbound service calls need a written "
                "undertaking, and recordings of consented call-backs must be kept at least 30 days.",
                "接入号码原则上只开通呼入；确需呼出须提交承诺书，经用户同意的回访录音至少留存30日。",
                remediation="Prepare the outbound-calling undertaking.",
                evidence=("activities",),
            ),
        ),
    ),
)

__all__ = ["RULES"]
