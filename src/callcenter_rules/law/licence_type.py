"""Telecommunications Regulations Art. 9(2): the nationwide or the regional licence, and who
issues it.

Domain facts 3.1-3.4. A service area of two or more provinces needs the cross-regional
licence from MIIT; one province needs the provincial licence from that province's
communications administration. A call center's area is where end users reach it by
dialling a local number (3.2), which is what ``service_provinces`` records. A 95 number
needs the cross-regional licence (3.4).

Serving one province that is not the province of registration (3.3): Art. 9(2) read as
written gives the provincial licence of the province served; agencies report that
provincial administrations license companies registered there. The rule follows the text
and warns, with the two ways out; it never blocks on this ground alone.

The four rules are mutually exclusive, so exactly one licence-type finding is produced;
each names the reason that decided it.
"""

from __future__ import annotations

from typing import Any, Final

from ..provinces import Province
from ..vocabulary import Market
from . import remedies
from . import sources as law
from .citation import Confidence, Severity, Source
from .facts import B24, COMPANY, LICENCE, SERVICE_AREA
from .language import FindingSpec, Law, Match, Rule
from .wording import yuan, yuan_zh

#: The authority that issues the cross-regional licence, as the ``licence`` fact names it.
NATIONWIDE_AUTHORITY: Final = "MIIT"
_MIIT: Final = ("Ministry of Industry and Information Technology (MIIT)", "工业和信息化部")


def authority_names(authority: str) -> tuple[str, str]:
    """Who issues a licence, in English and Chinese, from the ``licence`` fact's
    ``authority``: MIIT, or a province's communications administration (省通信管理局)."""
    if authority == NATIONWIDE_AUTHORITY:
        return _MIIT
    province = Province(authority)
    return (
        f"{province.name_en} Communications Administration",
        f"{province.name_zh}通信管理局",
    )


_ART_9 = Source(law.REGULATIONS_ART_9_2, "3.1", Confidence.HIGH)
_COVERAGE = Source(law.COVERAGE_BY_LOCAL_DIALLING, "3.2", Confidence.HIGH)
_HOME_PROVINCE = Source(law.REGULATIONS_ART_9_2, "3.3", Confidence.MEDIUM)
_NUMBER_95 = Source(law.NUMBERS_95, "3.4", Confidence.MEDIUM)

_NATIONWIDE = LICENCE.make(type="nationwide", authority=NATIONWIDE_AUTHORITY)


def _nationwide(reason: str, reason_zh: str, sources: tuple[Source, ...] = ()) -> FindingSpec:
    # Who issues it is the assessment's authority: MIIT under Art. 9(2), another under a
    # pilot (`callcenter_rules.law.foreign_investment`). The finding names the licence.
    return FindingSpec(
        "LICENSE_NATIONWIDE",
        Severity.INFO,
        "The cross-regional (nationwide) licence is needed: " + reason,
        "需取得《跨地区增值电信业务经营许可证》：" + reason_zh,
        evidence=("service_provinces", "registered_province", "number_resources"),
        sources=sources,
        decides=True,
    )


def _province_values(match: Match, _law: Law) -> dict[str, Any]:
    company = match["company"]
    home = Province(company["registered_province"])
    values: dict[str, Any] = {
        "service_province_count": company["service_province_count"],
        "registered_province_name": home.name_en,
        "registered_province_name_zh": home.name_zh,
    }
    if "area" in match:
        served = Province(match["area"]["province"])
        values["service_province_name"] = served.name_en
        values["service_province_name_zh"] = served.name_zh
    return values


def _outside_home_values(match: Match, law: Law) -> dict[str, Any]:
    """The province served, and whether the capital meets the cross-regional minimum (the
    other way out)."""
    values = _province_values(match, law)
    nationwide = law["capital_minimum.nationwide"]
    values["nationwide_minimum_cny"] = yuan(nationwide)
    values["meets_nationwide_minimum"] = match["company"]["registered_capital_cny"] >= nationwide
    return values


def _outside_home_wording(match: Match, law: Law) -> dict[str, Any]:
    """The cross-regional minimum in Chinese, and whether the capital meets it, in words."""
    nationwide = law["capital_minimum.nationwide"]
    meets = match["company"]["registered_capital_cny"] >= nationwide
    return {
        "_nationwide_minimum_zh": yuan_zh(nationwide),
        "_capital_verdict": "meets it" if meets else "does not meet it",
        "_capital_verdict_zh": "已达到" if meets else "未达到",
    }


_OFFSHORE_COVERAGE = Source(law.COVERAGE_BY_LOCAL_DIALLING, "3.2", Confidence.LOW_MEDIUM)

RULES: Final = (
    Rule(
        id="LICENSE-MULTI-PROVINCE",
        summary="A service area of two or more provinces needs the cross-regional licence from MIIT.",
        summary_zh="业务覆盖两个以上省、自治区、直辖市的，须取得工业和信息化部颁发的《跨地区增值电信业务经营许可证》。",
        sources=(_ART_9, _COVERAGE),
        when={"b24": B24, "company": COMPANY.service_province_count >= 2},
        derive=(_NATIONWIDE,),
        values=_province_values,
        findings=(
            _nationwide(
                "end users reach the service in {service_province_count} provinces (Telecom Regulations Art. 9(2)).",
                "业务覆盖{service_province_count}个省、自治区、直辖市（《电信条例》第九条第二款）。",
            ),
        ),
    ),
    Rule(
        id="LICENSE-OUTSIDE-HOME",
        summary="Serving one province other than the province of registration, without a 95 number: Art. 9(2) read as written gives the provincial licence of the province served; agencies report otherwise, so it is a warning.",
        summary_zh="仅服务注册地以外的一个省且不使用95号码的：依《电信条例》第九条第二款字面规定，应取得所服务省份的《增值电信业务经营许可证》；代理机构说法不同，故作提示。",
        sources=(_ART_9, _HOME_PROVINCE),
        when={
            "b24": B24,
            "company": (COMPANY.service_province_count == 1) & COMPANY.number_95.is_false(),
            "area": SERVICE_AREA.province != COMPANY.registered_province,
        },
        derive=(LICENCE.make(type="regional", authority=SERVICE_AREA.province),),
        values=_outside_home_values,
        wording=_outside_home_wording,
        parameters=("capital_minimum.nationwide",),
        findings=(
            FindingSpec(
                "LICENSE_REGIONAL",
                Severity.INFO,
                "The provincial (regional) licence for {service_province_name} is needed: the service area given is only {service_province_name} (Telecom Regulations Art. 9(2), read as written).",
                "需取得覆盖{service_province_name_zh}的《增值电信业务经营许可证》：所填业务覆盖范围仅为{service_province_name_zh}（《电信条例》第九条第二款字面规定）。",
                evidence=("service_provinces", "registered_province", "number_resources"),
                decides=True,
            ),
            FindingSpec(
                "SERVICE_OUTSIDE_HOME_PROVINCE",
                Severity.WARNING,
                "The one province served ({service_province_name}) is not the province of registration ({registered_province_name}). Art. 9(2) read as written gives the provincial licence of {service_province_name}, but agencies report that a provincial administration licenses companies registered in its province (medium confidence). Two ways out: a company registered in {service_province_name} applies there, or this company applies to MIIT for the cross-regional licence, which needs registered capital of CNY {nationwide_minimum_cny} (the current capital {_capital_verdict}).",
                "所服务的唯一省份（{service_province_name_zh}）不是注册地（{registered_province_name_zh}）。依《电信条例》第九条第二款字面规定应取得{service_province_name_zh}的省内许可，但代理机构称省通信管理局只为本省注册的企业办理（中等可信度）。两种办法：在{service_province_name_zh}注册的公司向当地申请，或本公司向工业和信息化部申请跨地区许可（注册资本须达{_nationwide_minimum_zh}，现有资本{_capital_verdict_zh}）。",
                remediation="Register a company in {service_province_name} to apply there, or apply to MIIT for the cross-regional licence (CNY {nationwide_minimum_cny} of registered capital).",
                remediation_zh="请在{service_province_name_zh}注册公司并向{service_province_name_zh}通信管理局申请，或者由本公司向工业和信息化部申请跨地区许可（注册资本须达{_nationwide_minimum_zh}）。",
                evidence=("service_provinces", "registered_province", "registered_capital_cny"),
                # The warning rests on the research into agencies' practice (fact 3.3),
                # not on Art. 9(2) itself.
                sources=(_HOME_PROVINCE,),
                decides=True,
                remedies=(remedies.REGISTER_IN_SERVED_PROVINCE, remedies.SERVE_HOME_TOO),
            ),
        ),
    ),
    Rule(
        id="LICENSE-95-NUMBER",
        summary="A 95 access number needs the cross-regional licence even within one province.",
        summary_zh="使用95接入号码的，即使业务仅覆盖一个省，也须取得跨地区许可。",
        sources=(_NUMBER_95,),
        when={
            "b24": B24,
            "company": (COMPANY.service_province_count == 1) & COMPANY.number_95.is_true(),
        },
        derive=(_NATIONWIDE,),
        values=_province_values,
        findings=(
            _nationwide(
                "a 95 access number is wanted, and 95 numbers are allocated to cross-regional licence holders (medium confidence).",
                "拟使用95接入号码，而95号码核配给跨地区许可持有者（中等可信度）。",
                sources=(_NUMBER_95,),
            ),
        ),
    ),
    Rule(
        id="OFFSHORE-COVERAGE",
        summary="For offshore service only, the coverage rule (users reach the service by dialling a local number) does not say which licence is needed: the licence type follows the provinces given, as a warning.",
        summary_zh="仅经营离岸业务的，以用户拨打本地号码接入的范围确定覆盖范围的规则无法确定所需许可：许可类型按所填省份确定，并作提示。",
        sources=(_OFFSHORE_COVERAGE,),
        when={"b24": B24, "company": COMPANY.end_users.includes_none_of((Market.DOMESTIC,))},
        findings=(
            FindingSpec(
                "OFFSHORE_COVERAGE_UNSETTLED",
                Severity.WARNING,
                "End users are all abroad: they do not reach the service by dialling a local number in China, which is how the coverage of a call center is counted (信部电函〔2004〕288号). No source found says how the coverage of an offshore-only service is counted, so the licence type here follows service_provinces as given (low-to-medium confidence).",
                "最终用户均在境外，不通过拨打境内本地号码接入服务，而呼叫中心业务的覆盖范围正是据此确定（信部电函〔2004〕288号）。现有资料均未说明仅经营离岸业务的覆盖范围如何确定，因此本结论的许可类型按所填 service_provinces 确定（中低可信度）。",
                remediation="Ask the issuing authority which licence and coverage to apply for.",
                remediation_zh="请向发证机关确认应申请的许可类型及业务覆盖范围。",
                evidence=("end_users", "service_provinces"),
                decides=True,
            ),
        ),
    ),
    Rule(
        id="LICENSE-REGIONAL",
        summary="Serving only the province of registration, without a 95 number, needs the provincial licence from that province's communications administration.",
        summary_zh="仅服务注册地所在省且不使用95号码的，须取得该省通信管理局颁发的《增值电信业务经营许可证》。",
        sources=(_ART_9, _COVERAGE),
        when={
            "b24": B24,
            "company": (COMPANY.service_province_count == 1) & COMPANY.number_95.is_false(),
            "area": SERVICE_AREA.province == COMPANY.registered_province,
        },
        derive=(LICENCE.make(type="regional", authority=COMPANY.registered_province),),
        values=_province_values,
        findings=(
            FindingSpec(
                "LICENSE_REGIONAL",
                Severity.INFO,
                "The provincial (regional) licence for {registered_province_name} is needed: the service area given is only the province of registration (Telecom Regulations Art. 9(2)).",
                "需取得覆盖{registered_province_name_zh}的《增值电信业务经营许可证》：所填业务覆盖范围仅为注册地所在省（《电信条例》第九条第二款）。",
                evidence=("service_provinces", "registered_province", "number_resources"),
                decides=True,
            ),
        ),
    ),
)

__all__ = ["NATIONWIDE_AUTHORITY", "RULES", "authority_names"]
