"""Telecommunications Regulations Art. 9: the nationwide or the regional licence, and who
issues it.

Domain facts 3.1-3.4. A service area of two or more provinces needs the cross-regional
licence from MIIT; one province needs the provincial licence from that province's
communications administration. A call center's area is where end users reach it by
dialling a local number (3.2), which is what ``service_provinces`` records. A provincial
licence is applied for in the province of registration and covers it (3.3), and a 95
number needs the cross-regional licence (3.4).

The four rules are mutually exclusive, so exactly one licence-type finding is produced;
each names the reason that decided it.
"""

from __future__ import annotations

from typing import Any, Final

from ..provinces import Province
from . import sources as law
from .citation import Confidence, Severity, Source
from .facts import B24, COMPANY, LICENCE, SERVICE_AREA
from .language import FindingSpec, Law, Match, Rule

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


_ART_9 = Source(law.REGULATIONS_ART_9, "3.1", Confidence.HIGH)
_COVERAGE = Source(law.COVERAGE_BY_LOCAL_DIALLING, "3.2", Confidence.HIGH)
_HOME_PROVINCE = Source(law.REGULATIONS_ART_9, "3.3", Confidence.MEDIUM)
_NUMBER_95 = Source(law.NUMBERS_95, "3.4", Confidence.MEDIUM)

_NATIONWIDE = LICENCE.make(type="nationwide", authority=NATIONWIDE_AUTHORITY)


def _nationwide(reason: str, reason_zh: str) -> FindingSpec:
    return FindingSpec(
        "LICENSE_NATIONWIDE",
        Severity.INFO,
        "The cross-regional (nationwide) licence issued by MIIT is needed: " + reason,
        "需取得工业和信息化部颁发的《跨地区增值电信业务经营许可证》：" + reason_zh,
        evidence=("service_provinces", "registered_province", "number_resources"),
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


RULES: Final = (
    Rule(
        id="LICENSE-MULTI-PROVINCE",
        summary="A service area of two or more provinces needs the cross-regional licence from MIIT.",
        sources=(_ART_9, _COVERAGE),
        when={"b24": B24, "company": COMPANY.service_province_count >= 2},
        derive=(_NATIONWIDE,),
        values=_province_values,
        findings=(
            _nationwide(
                "end users reach the service in {service_province_count} provinces (Telecom Regulations Art. 9).",
                "业务覆盖{service_province_count}个省、自治区、直辖市（《电信条例》第九条）。",
            ),
        ),
    ),
    Rule(
        id="LICENSE-OUTSIDE-HOME",
        summary="Serving one province other than the province of registration is not covered by a provincial licence, so the cross-regional licence is needed.",
        sources=(_HOME_PROVINCE,),
        when={
            "b24": B24,
            "company": COMPANY.service_province_count == 1,
            "area": SERVICE_AREA.province != COMPANY.registered_province,
        },
        derive=(_NATIONWIDE,),
        values=_province_values,
        findings=(
            _nationwide(
                "the one province served ({service_province_name}) is not the province of registration ({registered_province_name}).",
                "所服务的省份（{service_province_name_zh}）不是注册地（{registered_province_name_zh}）。",
            ),
            FindingSpec(
                "SERVICE_OUTSIDE_HOME_PROVINCE",
                Severity.WARNING,
                "A provincial licence is applied for in the province of registration and covers that province, so serving only {service_province_name} from {registered_province_name} is treated as needing the cross-regional licence (medium confidence).",
                "省级许可证向注册地通信管理局申请并覆盖该省，仅服务{service_province_name_zh}而注册在{registered_province_name_zh}按需跨地区许可处理（中等可信度）。",
                remediation="A company registered in {service_province_name} could apply there for the regional licence.",
                evidence=("service_provinces", "registered_province"),
            ),
        ),
    ),
    Rule(
        id="LICENSE-95-NUMBER",
        summary="A 95 access number needs the cross-regional licence even within one province.",
        sources=(_NUMBER_95,),
        when={
            "b24": B24,
            "company": (COMPANY.service_province_count == 1) & COMPANY.number_95.is_true(),
            "area": SERVICE_AREA.province == COMPANY.registered_province,
        },
        derive=(_NATIONWIDE,),
        values=_province_values,
        findings=(
            _nationwide(
                "a 95 access number is wanted, and 95 numbers are allocated to cross-regional licence holders (medium confidence).",
                "申请95号码，95号码配给跨地区许可持证者（中等可信度）。",
            ),
        ),
    ),
    Rule(
        id="LICENSE-REGIONAL",
        summary="Serving only the province of registration, without a 95 number, needs the provincial licence from that province's communications administration.",
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
                "The provincial (regional) licence issued by the {registered_province_name} Communications Administration is needed: end users reach the service only in the province of registration (Telecom Regulations Art. 9).",
                "需取得{registered_province_name_zh}通信管理局颁发的《增值电信业务经营许可证》：业务仅覆盖注册地所在省（《电信条例》第九条）。",
                evidence=("service_provinces", "registered_province", "number_resources"),
            ),
        ),
    ),
)

__all__ = ["NATIONWIDE_AUTHORITY", "RULES", "authority_names"]
