"""Conduct rules that touch the business scope: 工信部信管〔2020〕81号.

Domain fact 5.1: call-center service rests on calls users make; access numbers are inbound
in principle; outbound service calls need an undertaking; no commercial-marketing outbound
calls, and an application proposing them is not granted. The notice has no separate start
date; it was reported issued on 18 and 19 June 2020 and the earlier day is used
(``in_force.notice_2020_81``, medium confidence on the day).
"""

from __future__ import annotations

from typing import Final

from ..model import Activity
from . import remedies
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
