"""What binds a holder day to day: 工信部信管〔2020〕81号 (outbound calls, numbers), the
Telecom Regulations Art. 28 (numbers used as allocated, never transferred or leased), and
MIIT Order No. 42's lists (Arts. 37, 38, 42). Domain facts 5.4, 8.5 and 8.6; all
confirmed.
"""

from __future__ import annotations

from typing import Final

from ..vocabulary import NumberResource
from . import sources as law
from .citation import Confidence, Severity, Source
from .facts import HELD_LICENCE
from .language import FindingSpec, Rule

__all__ = ["RULES"]

_OUTBOUND: Final = Source(law.OUTBOUND_RULES, "8.6", Confidence.HIGH)
_NUMBERS: Final = (
    Source(law.REGULATIONS_ART_28, "8.5", Confidence.HIGH),
    Source(law.NUMBERS_NO_TRANSFER, "8.5", Confidence.HIGH),
)
_LISTS: Final = Source(law.ORDER_42_LISTS, "5.4", Confidence.HIGH)

RULES: Final = (
    Rule(
        id="HOLDER-OUTBOUND-UNDERTAKING",
        summary="Outbound service calls on call-center numbers need the written undertaking filed first.",
        summary_zh="使用呼叫中心接入号码开展呼出服务，须先提交书面承诺书。",
        sources=(_OUTBOUND,),
        when={"held": HELD_LICENCE.outbound_undertaking_filed.is_false()},
        findings=(
            FindingSpec(
                "OUTBOUND_UNDERTAKING_NOT_FILED",
                Severity.WARNING,
                "No outbound-calling undertaking is filed: access numbers are inbound in principle, and outbound service calls need the written undertaking first (工信部信管〔2020〕81号).",
                "尚未提交呼出服务承诺书：接入号码原则上只开通呼入功能，开展呼出服务须先提交书面承诺书（工信部信管〔2020〕81号）。",
                remediation="File the undertaking before any outbound service call, or keep the numbers inbound only.",
                remediation_zh="请在开展任何呼出服务前提交承诺书，或者仅开通呼入功能。",
                evidence=("outbound_undertaking_filed",),
            ),
        ),
    ),
    Rule(
        id="HOLDER-OUTBOUND-CONDUCT",
        summary="Outbound calls are service calls with the user's consent, recorded and kept at least 30 days; never commercial marketing.",
        summary_zh="呼出仅限经用户同意的服务性呼叫，录音至少留存30日；不得提供商业推销电话外发服务。",
        sources=(_OUTBOUND,),
        when={"held": HELD_LICENCE.outbound_calling.is_true()},
        findings=(
            FindingSpec(
                "OUTBOUND_CONDUCT",
                Severity.INFO,
                "Outbound calls: only service calls the user consented to, never commercial marketing; keep the recordings, the calling and called numbers, the times and the evidence of consent at least 30 days; avoid rest hours; never alter or hide the access number (工信部信管〔2020〕81号).",
                "呼出服务：仅限经用户同意的服务性呼叫，不得提供商业推销电话外发服务；录音、主被叫号码、呼叫时间及用户同意的证明至少留存30日；避开休息时间；不得篡改或者隐藏接入号码（工信部信管〔2020〕81号）。",
            ),
        ),
    ),
    Rule(
        id="HOLDER-NUMBERS-CONDUCT",
        summary="Access numbers are used only as allocated: no transfer, lease or change of use.",
        summary_zh="接入号码按照核配的用途使用，不得转让、出租或者改变用途。",
        sources=_NUMBERS,
        when={"held": HELD_LICENCE.numbers.includes(NumberResource.N95, NumberResource.N96)},
        findings=(
            FindingSpec(
                "NUMBERS_AS_ALLOCATED",
                Severity.INFO,
                "The access numbers are used only as allocated: no transfer, lease or change of use, and their fees paid (Telecom Regulations Art. 28; 工信部信管〔2020〕81号).",
                "接入号码应当按照核配的用途使用，不得转让、出租或者改变用途，并按规定缴纳码号资源占用费（《电信条例》第二十八条；工信部信管〔2020〕81号）。",
                evidence=("numbers",),
            ),
        ),
    ),
    Rule(
        id="HOLDER-NON-COMPLIANCE-LIST",
        summary="A holder on the non-compliance list is watched more closely until it is removed.",
        summary_zh="列入电信业务经营不良名单的，在移出前受到重点监管。",
        sources=(_LISTS,),
        when={"held": HELD_LICENCE.on_non_compliance_list.is_true()},
        findings=(
            FindingSpec(
                "ON_NON_COMPLIANCE_LIST",
                Severity.WARNING,
                "The holder is on the non-compliance list (不良名单): a missing annual report is cured by filing it; a penalty keeps it there for the set period (MIIT Order No. 42 Arts. 37, 38 and 42).",
                "持证者已列入电信业务经营不良名单：因未报送年报列入的，补报后移出；因行政处罚列入的，按规定期限移出（第42号令第三十七条、第三十八条、第四十二条）。",
                remediation="Cure the cause (file a missing report) and ask the administration to remove the listing.",
                remediation_zh="请消除列入原因（如补报年报），并申请移出不良名单。",
                evidence=("on_non_compliance_list",),
            ),
        ),
    ),
    Rule(
        id="HOLDER-DISHONESTY-LIST",
        summary="A holder on the dishonesty list cannot obtain a new licence.",
        summary_zh="列入电信业务经营失信名单的，不得取得新的电信业务经营许可。",
        sources=(_LISTS,),
        when={"held": HELD_LICENCE.on_dishonesty_list.is_true()},
        findings=(
            FindingSpec(
                "ON_DISHONESTY_LIST",
                Severity.BLOCKING,
                "The holder is on the dishonesty list (失信名单): it, its major investors and key managers cannot obtain a new licence while listed (MIIT Order No. 42 Arts. 37 and 6(6)).",
                "持证者已列入电信业务经营失信名单：在列期间，公司及其主要投资者、主要经营管理人员不得取得新的电信业务经营许可（第42号令第三十七条、第六条第（六）项）。",
                remediation="Find out why and for how long the holder is listed before planning a renewal or a new licence.",
                remediation_zh="请在筹划续期或者新的许可前，查明列入原因及期限。",
                evidence=("on_dishonesty_list",),
            ),
        ),
    ),
)
