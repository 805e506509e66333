"""Access numbers: 95XXX (nationwide, MIIT) and 96XXX (provincial).

Domain facts 3.4 and 3.5, both medium confidence: the findings are warnings that say so.
That a 95 number needs the cross-regional licence is decided in `.licence_type`.
"""

from __future__ import annotations

from typing import Final

from . import sources as law
from .citation import Confidence, Severity, Source
from .facts import B24, COMPANY
from .language import FindingSpec, Rule

RULES: Final = (
    Rule(
        id="NUMBER-95",
        summary="95XXX numbers need the cross-regional call-center licence; the 955XX range is a separate route for large service enterprises' own customer service, without B24.",
        summary_zh="95XXX号码须持有跨地区呼叫中心业务经营许可；955XX号段是大型服务企业用于自身客户服务的另一途径，无需B24许可。",
        sources=(Source(law.NUMBERS_95, "3.4", Confidence.MEDIUM),),
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
        id="NUMBER-96",
        summary="96XXX numbers are allocated by the provincial administration and go with a provincial licence.",
        summary_zh="96XXX号码由省通信管理局核配，与省内许可配套。",
        sources=(Source(law.NUMBERS_96, "3.5", Confidence.MEDIUM),),
        when={"b24": B24, "company": COMPANY.number_96.is_true()},
        findings=(
            FindingSpec(
                "NUMBER_96_PROVINCIAL",
                Severity.WARNING,
                "A 96XXX number is allocated by the provincial communications administration and goes with a provincial licence, one province at a time (medium confidence).",
                "96XXX号码由省通信管理局核配，与省内许可配套，按省申请（中等可信度）。",
                remediation="Apply to each province's administration for its 96 number.",
                remediation_zh="请分别向各省通信管理局申请该省的96号码。",
                evidence=("number_resources", "service_provinces"),
            ),
        ),
    ),
)

__all__ = ["RULES"]
