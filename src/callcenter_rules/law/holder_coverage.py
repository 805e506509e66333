"""Whether the licence held covers the business: the Telecom Regulations Art. 7(3)
(operate only the licensed services, in the licensed area; penalty Art. 69(1)) and Art. 9(2)
(two or more provinces need the cross-regional licence), both confirmed; domain facts 3.1,
3.4 and 8.4.

The licence the business needs is not decided here: it is the assessment of the profile
(`callcenter_rules.api.Engine.assess`), whose licence type, provinces and scopes the
review's facts carry (``needed_licence``, ``served_province``, ``needed_scope``); these
rules compare them with the licence held.
"""

from __future__ import annotations

from typing import Any, Final

from ..provinces import Province
from ..vocabulary import NumberResource
from . import sources as law
from .citation import Confidence, Severity, Source
from .facts import HELD_LICENCE, NEEDED_LICENCE, NEEDED_SCOPE, SERVED_PROVINCE
from .language import FindingSpec, Law, Match, Rule
from .licence_type import authority_names

__all__ = ["RULES"]

_BEYOND: Final = (
    Source(law.REGULATIONS_ART_7_3, "8.4", Confidence.HIGH),
    Source(law.REGULATIONS_ART_69_1, "8.4", Confidence.HIGH),
)
_ART_9: Final = Source(law.REGULATIONS_ART_9_2, "3.1", Confidence.HIGH)
_NUMBER_95: Final = Source(law.NUMBERS_95, "3.4", Confidence.MEDIUM)


def _needed(match: Match, _law: Law) -> dict[str, Any]:
    authority, authority_zh = authority_names(match["needed"]["authority"])
    return {"needed_licence": match["needed"]["type"], "_by": authority, "_by_zh": authority_zh}


def _province(match: Match, _law: Law) -> dict[str, Any]:
    province = Province(match["served"]["province"])
    return {"province": province.code, "_name": province.name_en, "_name_zh": province.name_zh}


def _scope(match: Match, _law: Law) -> dict[str, Any]:
    return {"scope": match["needed"]["code"]}


RULES: Final = (
    Rule(
        id="HOLDER-TYPE-INSUFFICIENT",
        summary="A business that needs the cross-regional licence is not covered by a provincial one.",
        summary_zh="业务需要跨地区许可的，省内许可不能覆盖。",
        sources=(_ART_9, *_BEYOND),
        when={
            "needed": NEEDED_LICENCE.type == "nationwide",
            "held": HELD_LICENCE.type == "regional",
        },
        values=_needed,
        findings=(
            FindingSpec(
                "LICENCE_TYPE_INSUFFICIENT",
                Severity.BLOCKING,
                "The business as described needs the cross-regional licence, issued by {_by}, and the licence held is a provincial one: operating beyond the licence is operating without one (Telecom Regulations Arts. 9(2) and 7(3); penalties under Art. 69(1)).",
                "按所述经营情况，应当取得由{_by_zh}颁发的跨地区许可证，而所持为省内许可证：超出许可范围经营即属无证经营（《电信条例》第九条第二款、第七条第三款；罚则见第六十九条第一款）。",
                remediation="Apply for the cross-regional licence, or keep the business within the province and its numbers to 96 numbers.",
                remediation_zh="请申请跨地区许可证，或者将业务限于本省，码号限于96号码。",
            ),
        ),
    ),
    Rule(
        id="HOLDER-AREA-NOT-COVERED",
        summary="A province served that the licence does not cover is served without a licence.",
        summary_zh="所服务的省份不在许可覆盖范围内的，在该省即属无证经营。",
        sources=_BEYOND,
        when={"served": SERVED_PROVINCE.covered.is_false()},
        values=_province,
        findings=(
            FindingSpec(
                "LICENCE_DOES_NOT_COVER_AREA",
                Severity.BLOCKING,
                "The business serves {_name}, which the licence does not cover: operating beyond the licensed area is operating without a licence there (Telecom Regulations Art. 7(3); penalties under Art. 69(1)).",
                "所服务的{_name_zh}不在许可证覆盖范围内：超出许可范围经营即属无证经营（《电信条例》第七条第三款；罚则见第六十九条第一款）。",
                remediation="Apply to extend the licence's coverage (a change of business scope), or stop serving {_name}.",
                remediation_zh="请申请扩大许可覆盖范围（业务范围变更），或者停止在{_name_zh}提供服务。",
                repeatable=True,
            ),
        ),
    ),
    Rule(
        id="HOLDER-SCOPE-NOT-COVERED",
        summary="A business category the business needs and the licence does not list is operated without a licence.",
        summary_zh="经营所需的业务种类未列入许可证的，即属无证经营。",
        sources=_BEYOND,
        when={"needed": NEEDED_SCOPE.held.is_false()},
        values=_scope,
        findings=(
            FindingSpec(
                "LICENCE_DOES_NOT_COVER_SCOPE",
                Severity.BLOCKING,
                "The business as described is {scope}, which the licence does not list: operating beyond the licensed services is operating without a licence (Telecom Regulations Art. 7(3); penalties under Art. 69(1)).",
                "按所述经营情况属于{scope}业务，而许可证未列明该业务：超出许可业务范围经营即属无证经营（《电信条例》第七条第三款；罚则见第六十九条第一款）。",
                remediation="Apply to add {scope} to the licence (a change of business scope), or stop that work.",
                remediation_zh="请申请在许可证中增加{scope}业务（业务范围变更），或者停止相关业务。",
                repeatable=True,
            ),
        ),
    ),
    Rule(
        id="HOLDER-NUMBER-95-REGIONAL",
        summary="A 95 access number goes with the cross-regional licence, not a provincial one.",
        summary_zh="95接入号码与跨地区许可配套，而非省内许可。",
        sources=(_NUMBER_95,),
        when={
            "held": (HELD_LICENCE.type == "regional")
            & HELD_LICENCE.numbers.includes(NumberResource.N95)
        },
        findings=(
            FindingSpec(
                "NUMBER_95_NEEDS_CROSS_REGIONAL",
                Severity.WARNING,
                "A 95 access number is held on a provincial licence: 95 numbers are allocated by MIIT to holders of the cross-regional licence (medium confidence).",
                "持省内许可证而使用95接入号码：95号码由工业和信息化部核配给跨地区许可证持有者（中等可信度）。",
                remediation="Check the number's allocation; apply for the cross-regional licence, or use a 96 number in the province.",
                remediation_zh="请核实该号码的核配情况；申请跨地区许可证，或者在本省使用96号码。",
                evidence=("numbers", "license_type"),
            ),
        ),
    ),
)
