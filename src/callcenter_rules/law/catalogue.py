"""Catalogue of Telecommunications Services (2015 edition): is it B24, and which sub-scope.

Domain facts 1.1-1.9. In force from 2016-03-01 (``in_force.catalogue_2015``), which is
also the earliest day the library assesses.
"""

from __future__ import annotations

from typing import Any, Final

import attrs

from ..vocabulary import Activity, Market, PlatformLocation
from . import remedies
from . import sources as law
from .citation import Confidence, Severity, Source
from .facts import B24, COMPANY, NOT_REQUIRED, POLICY, SCOPE
from .language import FindingSpec, Law, Match, Rule

#: B24 by the catalogue's own words: services on behalf of client units (1.1) and the
#: rental of systems and operator seats (1.2). High confidence.
B24_BY_DEFINITION: Final = (
    Activity.INBOUND_CUSTOMER_SERVICE,
    Activity.OUTBOUND_CALLING,
    Activity.SEAT_RENTAL,
    Activity.SYSTEM_RENTAL,
)
#: B24 only by a reading of the catalogue: commercial marketing calls answer no user's
#: enquiry (1.1, medium confidence; prohibited under the licence since notice 81).
B24_BY_READING: Final = (Activity.TELEMARKETING,)
#: B24 because licensing agencies classify them so (1.7, low-medium confidence).
B24_BY_AGENCY_PRACTICE: Final = (
    Activity.CLOUD_CALL_CENTER,
    Activity.AGENT_OUTSOURCING,
    Activity.SYSTEM_EQUIPMENT_OUTSOURCING,
)
B24_ACTIVITIES: Final = B24_BY_DEFINITION + B24_BY_READING + B24_BY_AGENCY_PRACTICE
#: Calls made to users rather than answered: B24 with medium confidence (1.1, 5.1).
CALLS_OUT: Final = (Activity.OUTBOUND_CALLING, Activity.TELEMARKETING)
#: The activities that are B24 whatever calls out are.
B24_BESIDE_CALLS_OUT: Final = tuple(a for a in B24_ACTIVITIES if a not in CALLS_OUT)

_DEFINITION = Source(law.B24_DEFINITION, "1.1", Confidence.HIGH)
_OUTBOUND = Source(law.B24_DEFINITION, "1.1", Confidence.MEDIUM)
_RENTAL = Source(law.B24_RENTAL, "1.2", Confidence.HIGH)
_AGENCY_PRACTICE = Source(law.B24_DEFINITION, "1.7", Confidence.LOW_MEDIUM)
_IN_HOUSE = Source(law.B24_DEFINITION, "1.9", Confidence.LOW)
_OTHER_CATEGORIES = Source(law.OTHER_CATEGORIES, "1.8", Confidence.MEDIUM_HIGH)


def _in_house_values(match: Match, _law: Law) -> dict[str, Any]:
    as_b24 = bool(match["policy"]["in_house_hotline_is_b24"])
    return {
        "policy_in_house_hotline_is_b24": as_b24,
        "_treatment": "counted as B24" if as_b24 else "not counted as B24",
        "_treatment_zh": "计为B24" if as_b24 else "不计为B24",
    }


OUTBOUND_AS_B24_UNCERTAIN: Final = FindingSpec(
    "OUTBOUND_AS_B24_UNCERTAIN",
    Severity.WARNING,
    "Outbound calls are treated as call-center business (B24) with medium confidence: the catalogue defines B24 as answering users' business, information and data enquiries for client units, and the 2020 MIIT notice rests call-center service on calls users make, allowing outbound service calls only with the users' consent and an undertaking.",
    "外呼业务按呼叫中心业务（B24）处理，可信度中等：目录将B24界定为为委托单位提供业务咨询、信息咨询和数据查询等服务，2020年工信部通知要求呼叫中心业务建立在用户主动来电的基础上，经用户同意并提交承诺书方可开展呼出服务。",
    remediation="Describe the outbound service to the issuing authority to confirm its classification.",
    remediation_zh="请向发证机关说明外呼服务的具体内容，确认其业务分类。",
    evidence=("activities",),
)
IN_HOUSE_EXEMPTION_UNCERTAIN: Final = FindingSpec(
    "IN_HOUSE_EXEMPTION_UNCERTAIN",
    Severity.WARNING,
    "A hotline answering the company's own customers about its own products is {_treatment} under the policy in force. The catalogue defines B24 as service on behalf of other units, which suggests it is not B24, but no official statement confirms this and agencies disagree (low confidence).",
    "为本企业客户提供本企业产品咨询的热线按当前策略{_treatment_zh}。目录将B24定义为受其他单位委托提供服务，据此似不属于B24，但无官方确认，各代理机构说法不一（低可信度）。",
    remediation="Confirm with the communications administration before relying on the exemption; set Policy(in_house_hotline_is_b24=True) to assess the strict reading.",
    remediation_zh="适用该豁免前，请先向通信管理局确认；如需按从严解释评估，请在评估策略中启用 in_house_hotline_is_b24。",
    evidence=("activities",),
)
NOT_REQUIRED_FINDING: Final = FindingSpec(
    "NOT_REQUIRED",
    Severity.INFO,
    "No listed activity is call-center business (B24); the call-center licence is not required.",
    "所列业务均不属于呼叫中心业务（B24），无需呼叫中心业务经营许可。",
    evidence=("activities",),
    decides=True,
)
OTHER_CATEGORY: Final = FindingSpec(
    "OTHER_CATEGORY",
    Severity.WARNING,
    "'{activity}' falls under catalogue category {category} ({category_name}), which needs its own value-added licence; the call-center licence does not cover it.",
    "“{_activity_zh}”（{activity}）属于目录{category}类{_category_name_zh}，须另行取得相应的增值电信业务经营许可，呼叫中心业务经营许可不覆盖该业务。",
    remediation="Apply for category {category} as well, or drop the activity.",
    remediation_zh="请同时申请{category}类业务的经营许可，或者停止该项业务。",
    evidence=("activities",),
)

RULES: Final = (
    Rule(
        id="CATALOGUE-B24",
        summary="An activity carried out on behalf of client units, or the rental of call-center systems or operator seats, is call-center business (B24).",
        summary_zh="受企事业等相关单位委托提供的服务，以及呼叫中心系统和话务员座席的出租服务，属于呼叫中心业务（B24）。",
        sources=(_DEFINITION, _RENTAL),
        when={
            "company": COMPANY.activities.includes_any(
                (*B24_BY_DEFINITION, *B24_BY_AGENCY_PRACTICE)
            )
        },
        derive=(B24.make(),),
    ),
    Rule(
        id="CATALOGUE-OUTBOUND",
        summary="Calls made to users (service calls, marketing) count as call-center business with medium confidence: the catalogue defines B24 around users' consultations, and the 2020 notice rests it on calls users make.",
        summary_zh="向用户发起的呼叫（服务回访、营销）按呼叫中心业务处理，可信度中等：目录围绕用户咨询界定B24，2020年通知则以用户主动来电为呼叫中心业务的基础。",
        sources=(_OUTBOUND,),
        when={
            "company": COMPANY.activities.includes_any(CALLS_OUT)
            & COMPANY.activities.includes_any(B24_BESIDE_CALLS_OUT)
        },
        findings=(OUTBOUND_AS_B24_UNCERTAIN,),
    ),
    Rule(
        id="CATALOGUE-OUTBOUND-ONLY",
        summary="Where calls made to users are the only activity that may be call-center business, whether a licence is needed rests on that medium-confidence reading.",
        summary_zh="向用户发起的呼叫是唯一可能属于呼叫中心业务的活动的，是否需要许可取决于这一中等可信度的解读。",
        sources=(_OUTBOUND,),
        when={
            "company": COMPANY.activities.includes_any(CALLS_OUT)
            & COMPANY.activities.includes_none_of(B24_BESIDE_CALLS_OUT)
        },
        derive=(B24.make(),),
        findings=(attrs.evolve(OUTBOUND_AS_B24_UNCERTAIN, decides=True),),
    ),
    Rule(
        id="CATALOGUE-IN-HOUSE-AS-B24",
        summary="Where the policy says so, a hotline for the company's own customers counts as B24.",
        summary_zh="评估策略如此规定的，为本企业客户服务的热线计为B24。",
        sources=(_IN_HOUSE,),
        when={
            "policy": POLICY.in_house_hotline_is_b24.is_true(),
            "company": COMPANY.activities.includes(Activity.IN_HOUSE_HOTLINE),
        },
        derive=(B24.make(),),
    ),
    Rule(
        id="CATALOGUE-IN-HOUSE",
        summary="Whether an in-house hotline is B24 is unsettled; where it is the only activity that may be, whether a licence is needed rests on the policy applied, which the finding states.",
        summary_zh="本企业客服热线是否属于B24尚无定论；该热线是唯一可能属于B24的活动的，是否需要许可取决于所适用的评估策略，结论项予以说明。",
        sources=(_IN_HOUSE,),
        when={
            "policy": POLICY,
            "company": COMPANY.activities.includes(Activity.IN_HOUSE_HOTLINE)
            & COMPANY.activities.includes_none_of(B24_ACTIVITIES),
        },
        values=_in_house_values,
        findings=(attrs.evolve(IN_HOUSE_EXEMPTION_UNCERTAIN, decides=True),),
    ),
    Rule(
        id="CATALOGUE-IN-HOUSE-BESIDE-B24",
        summary="Whether an in-house hotline is B24 is unsettled; beside activities that are B24, it does not decide whether a licence is needed.",
        summary_zh="本企业客服热线是否属于B24尚无定论；与属于B24的活动并存时，不影响是否需要许可。",
        sources=(_IN_HOUSE,),
        when={
            "policy": POLICY,
            "company": COMPANY.activities.includes(Activity.IN_HOUSE_HOTLINE)
            & COMPANY.activities.includes_any(B24_ACTIVITIES),
        },
        values=_in_house_values,
        findings=(IN_HOUSE_EXEMPTION_UNCERTAIN,),
    ),
    Rule(
        id="CATALOGUE-AGENCY-PRACTICE",
        summary="Cloud call centers, agent outsourcing and system outsourcing are B24 by agency practice, not by the catalogue's words.",
        summary_zh="云呼叫中心、座席外包和系统外包依代理机构实践归为B24，而非依目录原文。",
        sources=(_AGENCY_PRACTICE,),
        when={
            "company": COMPANY.activities.includes_none_of((*B24_BY_DEFINITION, *B24_BY_READING))
            & COMPANY.activities.includes_any(B24_BY_AGENCY_PRACTICE),
        },
        findings=(
            FindingSpec(
                "B24_BY_AGENCY_PRACTICE",
                Severity.WARNING,
                "These activities are treated as call-center business (B24) because licensing agencies classify them so; the catalogue's text does not name them (low-to-medium confidence).",
                "上述业务被认定为呼叫中心业务（B24）的依据是代理机构的通行分类，目录原文未列明（中低可信度）。",
                remediation="Describe the service to the communications administration to confirm its classification.",
                remediation_zh="请向通信管理局说明该服务的具体内容，确认其业务分类。",
                evidence=("activities",),
                decides=True,
            ),
        ),
    ),
    Rule(
        id="SCOPE-DOMESTIC",
        summary="B24 aimed at users in China is the domestic sub-scope B24-1.",
        summary_zh="面向境内用户的B24业务属于B24-1国内呼叫中心业务。",
        sources=(Source(law.B24_1_DOMESTIC, "1.4", Confidence.HIGH),),
        when={"b24": B24, "company": COMPANY.end_users.includes(Market.DOMESTIC)},
        derive=(SCOPE.make(code="B24-1"),),
        findings=(
            FindingSpec(
                "SCOPE_DOMESTIC",
                Severity.INFO,
                "Business scope B24-1 (domestic call-center business): end users are in China.",
                "业务种类为B24-1国内呼叫中心业务：最终用户在境内。",
                evidence=("activities", "end_users"),
                decides=True,
            ),
        ),
    ),
    Rule(
        id="SCOPE-OFFSHORE",
        summary="B24 aimed at users abroad is the offshore sub-scope B24-2.",
        summary_zh="面向境外用户的B24业务属于B24-2离岸呼叫中心业务。",
        sources=(Source(law.B24_2_OFFSHORE, "1.5", Confidence.MEDIUM),),
        when={"b24": B24, "company": COMPANY.end_users.includes(Market.OVERSEAS)},
        derive=(SCOPE.make(code="B24-2"),),
        findings=(
            FindingSpec(
                "SCOPE_OFFSHORE",
                Severity.INFO,
                "Business scope B24-2 (offshore call-center business): end users are abroad.",
                "业务种类为B24-2离岸呼叫中心业务：最终用户在境外。",
                evidence=("activities", "end_users"),
                decides=True,
            ),
        ),
    ),
    Rule(
        id="SCOPE-OFFSHORE-CLIENTS",
        summary="Offshore service for client units in China fits neither sub-scope cleanly.",
        summary_zh="为境内委托单位服务境外用户的，难以明确归入任一业务种类。",
        sources=(Source(law.B24_2_OFFSHORE, "1.5", Confidence.MEDIUM),),
        when={
            "b24": B24,
            "company": COMPANY.end_users.includes(Market.OVERSEAS)
            & COMPANY.clients.includes(Market.DOMESTIC),
        },
        findings=(
            FindingSpec(
                "OFFSHORE_SCOPE_UNCERTAIN",
                Severity.WARNING,
                "End users abroad are served for client units in China. The Fujian administration reads B24-2 as needing both users and clients abroad, and B24-1 covers service aimed mainly at users in China, so the sub-scope is uncertain (medium confidence).",
                "为境内委托单位服务境外用户：福建省通信管理局认为离岸业务要求用户和委托单位均在境外，而国内业务主要面向境内用户，业务种类归属不确定（中等可信度）。",
                remediation="Ask the issuing authority which sub-scope to apply for.",
                remediation_zh="请向发证机关确认应申请的业务种类。",
                evidence=("end_users", "clients"),
                decides=True,
            ),
        ),
    ),
    Rule(
        id="NOT-REQUIRED",
        summary="No activity is B24 (an in-house hotline not counted) and no 95 access number is wanted: no call-center licence is needed.",
        summary_zh="所列业务均不属于B24（本企业客服热线不计入），且不申请95接入号码：无需取得呼叫中心业务经营许可。",
        sources=(_DEFINITION,),
        when={
            "policy": POLICY.in_house_hotline_is_b24.is_false(),
            "company": COMPANY.activities.includes_none_of(B24_ACTIVITIES)
            & COMPANY.number_95.is_false(),
        },
        derive=(NOT_REQUIRED.make(),),
        findings=(NOT_REQUIRED_FINDING,),
    ),
    Rule(
        id="NOT-REQUIRED-STRICT",
        summary="Under the strict in-house policy, no activity is B24 when none is B24 or in-house.",
        summary_zh="按从严的本企业热线策略，所列业务既不属于B24、也不是本企业客服热线的，无B24业务。",
        sources=(_DEFINITION,),
        when={
            "policy": POLICY.in_house_hotline_is_b24.is_true(),
            "company": COMPANY.activities.includes_none_of(
                (*B24_ACTIVITIES, Activity.IN_HOUSE_HOTLINE)
            )
            & COMPANY.number_95.is_false(),
        },
        derive=(NOT_REQUIRED.make(),),
        findings=(NOT_REQUIRED_FINDING,),
    ),
    Rule(
        id="OTHER-CATEGORY-B25",
        summary="ivr_information_service belongs to catalogue category B25, not B24.",
        summary_zh="ivr_information_service（交互式语音信息服务）属于目录B25类，不属于B24。",
        sources=(_OTHER_CATEGORIES,),
        when={"company": COMPANY.activities.includes(Activity.IVR_INFORMATION_SERVICE)},
        constants={
            "category": "B25",
            "category_name": "information services, incl. IVR",
            "activity": Activity.IVR_INFORMATION_SERVICE.value,
            "_category_name_zh": "信息服务业务",
            "_activity_zh": "交互式语音信息服务",
        },
        findings=(OTHER_CATEGORY,),
    ),
    Rule(
        id="OTHER-CATEGORY-B22",
        summary="conference_calling belongs to catalogue category B22, not B24.",
        summary_zh="conference_calling（多方电话会议）属于目录B22类，不属于B24。",
        sources=(_OTHER_CATEGORIES,),
        when={"company": COMPANY.activities.includes(Activity.CONFERENCE_CALLING)},
        constants={
            "category": "B22",
            "category_name": "domestic multi-party communication",
            "activity": Activity.CONFERENCE_CALLING.value,
            "_category_name_zh": "国内多方通信服务业务",
            "_activity_zh": "多方电话会议",
        },
        findings=(OTHER_CATEGORY,),
    ),
    Rule(
        id="PLATFORM-MAINLAND",
        summary="Both sub-scopes need the call-center platform set up in mainland China.",
        summary_zh="国内和离岸呼叫中心业务均须在境内设立呼叫中心平台。",
        sources=(Source(law.PLATFORM_IN_MAINLAND, "1.6", Confidence.HIGH),),
        when={
            "b24": B24,
            "company": COMPANY.platform_location == PlatformLocation.OVERSEAS.value,
        },
        findings=(
            FindingSpec(
                "PLATFORM_OUTSIDE_MAINLAND",
                Severity.BLOCKING,
                "The call-center platform is outside mainland China; both B24 sub-scopes require it to be set up in China.",
                "呼叫中心平台设在境外；国内和离岸呼叫中心业务均要求在境内设立平台。",
                remediation="Set up the platform (servers and call-center system) in mainland China.",
                remediation_zh="请在境内设立呼叫中心平台（服务器和呼叫中心系统）。",
                remedies=(remedies.MOVE_PLATFORM,),
                evidence=("platform_location",),
            ),
        ),
    ),
)

__all__ = [
    "B24_ACTIVITIES",
    "B24_BY_AGENCY_PRACTICE",
    "B24_BY_DEFINITION",
    "B24_BY_READING",
    "CALLS_OUT",
    "RULES",
]
