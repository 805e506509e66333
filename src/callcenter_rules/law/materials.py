"""Application materials: Order 42 Art. 8, and what B24 applicants provide in practice.

Domain section 6. Legal items are required by Order 42 Art. 8; practice items are what
agencies report reviewers asking for B24 (low-to-medium confidence) and are marked so.
The Chinese titles describe each item; they are not quotations of Art. 8.
"""

from __future__ import annotations

from typing import Final

import attrs

from .citation import ALWAYS, Confidence, Period
from .parameters import param

__all__ = ["MATERIALS", "Material"]


@attrs.frozen
class Material:
    """One item of the application file."""

    #: Stable id, e.g. ``ART8-TECHNICAL-PLAN``.
    id: str
    #: ``legal`` (Order 42 Art. 8) or ``practice`` (agency practice for B24).
    basis: str
    title: str
    title_zh: str
    confidence: Confidence
    #: Shown only when the assessment has this code (e.g. a 95 number).
    only_with_code: str | None = None
    #: Shown only for an assessment of a day in this period.
    period: Period = ALWAYS


def _legal(id: str, title: str, title_zh: str) -> Material:
    return Material(f"ART8-{id}", "legal", title, title_zh, Confidence.HIGH)


def _practice(id: str, title: str, title_zh: str, only_with_code: str | None = None) -> Material:
    return Material(
        f"PRACTICE-{id}", "practice", title, title_zh, Confidence.LOW_MEDIUM, only_with_code
    )


MATERIALS: Final = (
    _legal(
        "APPLICATION",
        "Signed application form stating the service type ({scopes}), the coverage "
        "({coverage}) and contacts, addressed to {authority}",
        "经法定代表人签署的经营许可证申请表（业务种类：{scopes}；覆盖范围：{coverage_zh}；联系方式），报{authority_zh}",
    ),
    _legal("BUSINESS-LICENCE", "Business licence (营业执照)", "公司营业执照副本"),
    _legal(
        "COMPANY-OVERVIEW",
        "Company overview: staff, premises and facilities",
        "公司概况，包括人员、场地和设施等情况",
    ),
    _legal(
        "ARTICLES-AND-OWNERSHIP",
        "Articles of association, ownership structure and shareholders",
        "公司章程、公司股权结构及股东的有关情况",
    ),
    _legal("BUSINESS-PLAN", "Business plan and technical plan", "业务发展计划及技术方案"),
    _legal(
        "SERVICE-QUALITY",
        "Measures for long-term service and service quality",
        "为用户提供长期服务和质量保障的措施",
    ),
    _legal(
        "SECURITY",
        "Network and information security measures",
        "网络与信息安全保障措施",
    ),
    _legal("REPUTATION", "Proof of reputation", "证明公司信誉的有关材料"),
    _legal(
        "LAWFUL-UNDERTAKING",
        "Undertaking to operate lawfully, signed by the legal representative",
        "公司法定代表人签署的依法经营电信业务的承诺书",
    ),
    _practice(
        "NETWORK-PLAN",
        "Network and system plan of the call-center platform",
        "呼叫中心平台网络及系统方案",
    ),
    _practice("EQUIPMENT-SEATS", "Equipment list and seat list", "设备清单及座席清单"),
    _practice("ACCESS-NUMBERS", "Access-number plan", "接入号码使用方案"),
    _practice(
        "ACCESS-95",
        "95 number application to MIIT after the licence (access-number plan names it)",
        "取得许可后向工业和信息化部申请95号码（接入号码方案中列明）",
        only_with_code="NUMBER_95_CONDITIONS",
    ),
    _practice("HOSTING", "Server hosting or data-center contract", "服务器托管或机房租用合同"),
    _practice(
        "NO-HARASSMENT",
        "Undertaking not to make harassing calls",
        "不拨打骚扰电话的承诺书",
    ),
    _practice(
        "SOCIAL-INSURANCE",
        "Staff social-insurance records",
        "员工社保缴纳证明",
    ),
    Material(
        "ART10-INVESTOR-STATEMENT",
        "legal",
        "Investor statement (投资者情况说明书): the investors, their shareholdings and who controls the company (foreign-invested telecom rules as revised in 2022, Arts. 10(1) and 11)",
        "投资者情况说明书：投资者、出资比例及实际控制情况（2022年修订的《外商投资电信企业管理规定》第十条第（一）项、第十一条）",
        Confidence.HIGH,
        only_with_code="FOREIGN_INVESTED_AUTHORITY_MIIT",
        period=Period(start=param("in_force.foreign_telecom_rules_2022")),
    ),
    _practice(
        "ON-SITE-INSPECTION",
        "Premises and staff ready for the administration's on-site inspection during licensing (2020 notice)",
        "配合电信管理机构在许可受理过程中对办公场所和人员的实地核查（2020年通知）",
    ),
)
