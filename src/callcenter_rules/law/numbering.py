"""Access numbers: 95XXX (nationwide, MIIT), 96XXX (provincial), and the five-digit 95
customer-service short numbers of large enterprises.

Domain facts 3.4 and 3.5, both medium confidence: the findings are warnings that say so.
That a 95 number needs the cross-regional licence is decided in `.licence_type`; that it
needs the call-center licence at all, even for a company's own hotline, here.
"""

from __future__ import annotations

from typing import Final

from . import sources as law
from .catalogue import B24_ACTIVITIES
from .citation import Confidence, Severity, Source
from .facts import B24, COMPANY
from .language import FindingSpec, Rule

_NUMBER_95: Final = Source(law.NUMBERS_95, "3.4", Confidence.MEDIUM)
_OWN_HOTLINE_95: Final = Source(law.NUMBERS_95_FOR_OWN_HOTLINE, "3.4", Confidence.MEDIUM)
_RANGES: Final = Source(law.NUMBERS_95_RANGES, "3.4", Confidence.MEDIUM)

RULES: Final = (
    Rule(
        id="NUMBER-95",
        summary="95XXX numbers need the cross-regional call-center licence; the 955XX range is a separate route for large service enterprises' own customer service, without B24.",
        summary_zh="95XXX号码须持有跨地区呼叫中心业务经营许可；955XX号段是大型服务企业用于自身客户服务的另一途径，无需B24许可。",
        sources=(_NUMBER_95,),
        when={"b24": B24, "company": COMPANY.number_95.is_true()},
        findings=(
            FindingSpec(
                "NUMBER_95_CONDITIONS",
                Severity.WARNING,
                "A 95XXX number is allocated by MIIT and needs the cross-regional call-center licence (medium confidence). The 955XX range is a separate route: banks, insurers, securities firms, airlines and logistics companies with branches in at least 15 cities across 6 provinces and at least 20 dedicated service staff use it for their own customer service, without a call-center licence.",
                "95XXX号码由工业和信息化部核配，须持有跨地区（全网）呼叫中心业务经营许可证（中等可信度）。955XX号段另供银行、保险、证券、航空、物流等在6个省、15个以上城市设有分支机构、专职客服人员不少于20人的企业用于自身客户服务，无需呼叫中心业务经营许可。",
                remediation="Apply for the number after the cross-regional licence is granted.",
                remediation_zh="请在取得跨地区许可后申请该号码。",
                evidence=("number_resources",),
            ),
        ),
    ),
    Rule(
        id="NUMBER-95-NEEDS-LICENCE",
        summary="A 95 call-center access number needs the cross-regional call-center licence, even for a company's own hotline and whatever the in-house policy.",
        summary_zh="95呼叫中心接入号码须持有跨地区呼叫中心业务经营许可，即使用于本企业客服热线，亦不论本企业热线适用何种评估策略。",
        sources=(_OWN_HOTLINE_95, _NUMBER_95),
        when={
            "company": COMPANY.number_95.is_true()
            & COMPANY.activities.includes_none_of(B24_ACTIVITIES)
        },
        derive=(B24.make(),),
        findings=(
            FindingSpec(
                "NUMBER_95_NEEDS_LICENCE",
                Severity.WARNING,
                "A 95 call-center access number is wanted, and none of the activities listed is call-center business: the access number itself needs the call-center licence. A company that wanted a 95 number for its own customer-service hotline first obtained a telecom licence (judgment (2021)粤0106民初9642号), and 95 numbers go with the cross-regional licence. Large enterprises of some industries use the five-digit 95 customer-service short numbers (953, 955, 956) for their own service without a call-center licence: give 95_customer_service if that is the number meant (medium confidence).",
                "拟使用95呼叫中心接入号码，而所列业务均不属于呼叫中心业务：该接入号码本身即须取得呼叫中心业务经营许可。曾有企业为自身客服热线申请95号码，先行取得了电信业务经营许可（（2021）粤0106民初9642号判决），且95号码与跨地区许可配套。部分行业的大型企业以五位95客服短号码（953、955、956号段）用于自身客户服务，无需呼叫中心业务经营许可；如所指为此类号码，请填写 95_customer_service（中等可信度）。",
                remediation="Apply for the cross-regional call-center licence, or give up the 95 access number (or give 95_customer_service if a customer-service short number is meant).",
                remediation_zh="请申请跨地区呼叫中心业务经营许可，或者放弃95接入号码（如所指为客服短号码，请填写 95_customer_service）。",
                evidence=("number_resources", "activities"),
                decides=True,
            ),
        ),
    ),
    Rule(
        id="NUMBER-95-CUSTOMER-SERVICE",
        summary="A five-digit 95 customer-service short number is allocated to a large enterprise of the industries MIIT names for its own customer service, without a call-center licence.",
        summary_zh="五位95客服短号码核配给工业和信息化部所列行业的大型企业，用于其自身客户服务，无需呼叫中心业务经营许可。",
        sources=(_RANGES, _NUMBER_95),
        when={"company": COMPANY.number_95_customer_service.is_true()},
        findings=(
            FindingSpec(
                "NUMBER_95_CUSTOMER_SERVICE",
                Severity.WARNING,
                "A five-digit 95 customer-service short number (the 953, 955 and 956 ranges) is allocated by MIIT to a large enterprise for its own customer service, without a call-center licence: banks, insurers, securities firms, airlines, logistics and other industries (oil, railways, power), with branches in at least 15 cities across 6 provinces and at least 20 dedicated service staff. It does not by itself need the call-center licence (medium confidence).",
                "五位95客服短号码（953、955、956号段）由工业和信息化部核配给大型企业用于自身客户服务，无需呼叫中心业务经营许可：适用于银行、保险、证券、航空、物流以及石油、铁路、电力等行业，须在6个省、15个以上城市设有分支机构，专职客服人员不少于20人。该号码本身不需要呼叫中心业务经营许可（中等可信度）。",
                remediation="Check that the company meets the conditions for a customer-service short number.",
                remediation_zh="请核实公司是否符合客服短号码的申请条件。",
                evidence=("number_resources",),
            ),
        ),
    ),
    Rule(
        id="NUMBER-96",
        summary="96XXX numbers are allocated by the provincial administration, province by province, to a holder of a licence covering that province.",
        summary_zh="96XXX号码由省通信管理局按省核配给持有覆盖该省许可的经营者。",
        sources=(Source(law.NUMBERS_96, "3.5", Confidence.MEDIUM),),
        when={"b24": B24, "company": COMPANY.number_96.is_true()},
        findings=(
            FindingSpec(
                "NUMBER_96_PROVINCIAL",
                Severity.WARNING,
                "A 96XXX number is allocated by the provincial communications administration, one province at a time, to the holder of a licence covering that province (a provincial licence, or a cross-regional one that covers it; medium confidence).",
                "96XXX号码由省通信管理局按省核配给持有覆盖该省许可的经营者（省内许可，或者覆盖该省的跨地区许可；中等可信度）。",
                remediation="Apply to each province's administration for its 96 number.",
                remediation_zh="请分别向各省通信管理局申请该省的96号码。",
                evidence=("number_resources", "service_provinces"),
            ),
        ),
    ),
)

__all__ = ["RULES"]
