"""Every word the outputs show besides the law's own messages, in English and Chinese.

One table per kind of label, keyed by the value machines read (a `Status`, a severity, a
checklist basis), so a report, an explanation, a checklist and the docs all say the same
thing in the same words. `lang` is ``"en"`` or ``"zh"``; `default_lang` reads the locale.
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Mapping
from typing import Final

from .cities import City
from .law.language import ChangeKind
from .vocabulary import (
    Activity,
    BusinessScope,
    Confidence,
    EntityType,
    InvestorOrigin,
    LicenseType,
    Market,
    NumberResource,
    ObligationState,
    Party,
    PlatformLocation,
    Severity,
    Status,
    VerdictConfidence,
    Zone,
)

__all__ = [
    "LANGS",
    "basis_label",
    "check_lang",
    "code_label",
    "confidence_label",
    "default_lang",
    "display_width",
    "field_label",
    "group_label",
    "kind_label",
    "ljust_display",
    "obligation_state_label",
    "obligation_title",
    "pack_label",
    "scope_label",
    "severity_label",
    "status_label",
    "type_label",
    "unit_label",
    "verdict_confidence_text",
    "word",
]

#: The languages every output speaks.
LANGS: Final = ("en", "zh")

_STATUS: Final = {
    "en": {
        Status.ELIGIBLE: "eligible",
        Status.INELIGIBLE: "ineligible",
        Status.INCOMPLETE: "incomplete",
        Status.NOT_REQUIRED: "not_required",
    },
    "zh": {
        Status.ELIGIBLE: "符合条件",
        Status.INELIGIBLE: "不符合条件",
        Status.INCOMPLETE: "信息不全",
        Status.NOT_REQUIRED: "无需许可",
    },
}
_TYPE: Final = {
    "en": {LicenseType.NATIONWIDE: "nationwide", LicenseType.REGIONAL: "regional"},
    "zh": {LicenseType.NATIONWIDE: "跨地区", LicenseType.REGIONAL: "省内"},
}
_SEVERITY: Final = {
    "en": {Severity.BLOCKING: "blocking", Severity.WARNING: "warning", Severity.INFO: "note"},
    "zh": {Severity.BLOCKING: "不符合", Severity.WARNING: "提示", Severity.INFO: "说明"},
}
_CONFIDENCE: Final = {
    "en": {
        Confidence.HIGH: "high",
        Confidence.MEDIUM_HIGH: "medium to high",
        Confidence.MEDIUM: "medium",
        Confidence.LOW_MEDIUM: "low to medium",
        Confidence.LOW: "low",
    },
    "zh": {
        Confidence.HIGH: "高",
        Confidence.MEDIUM_HIGH: "中高",
        Confidence.MEDIUM: "中",
        Confidence.LOW_MEDIUM: "中低",
        Confidence.LOW: "低",
    },
}
_VERDICT_CONFIDENCE: Final = {
    "en": {
        VerdictConfidence.HIGH: "high confidence",
        VerdictConfidence.MEDIUM: "medium confidence",
        VerdictConfidence.LOW: "low confidence",
    },
    "zh": {
        VerdictConfidence.HIGH: "高",
        VerdictConfidence.MEDIUM: "中",
        VerdictConfidence.LOW: "低",
    },
}
_SCOPE: Final = {
    "en": {BusinessScope.DOMESTIC: "B24-1 domestic", BusinessScope.OFFSHORE: "B24-2 offshore"},
    "zh": {
        BusinessScope.DOMESTIC: "B24-1 国内呼叫中心业务",
        BusinessScope.OFFSHORE: "B24-2 离岸呼叫中心业务",
    },
}
_KIND: Final = {
    "en": {
        ChangeKind.EVIDENCE: "evidence",
        ChangeKind.CAPABILITY: "capability",
        ChangeKind.CAPITAL: "capital",
        ChangeKind.SERVICE_AREA: "service area",
        ChangeKind.NUMBERS: "numbers",
        ChangeKind.ACTIVITIES: "activities",
        ChangeKind.OWNERSHIP: "ownership",
        ChangeKind.RESTRUCTURE: "restructure",
    },
    "zh": {
        ChangeKind.EVIDENCE: "补充说明",
        ChangeKind.CAPABILITY: "落实条件",
        ChangeKind.CAPITAL: "注册资本",
        ChangeKind.SERVICE_AREA: "服务范围",
        ChangeKind.NUMBERS: "码号资源",
        ChangeKind.ACTIVITIES: "业务范围",
        ChangeKind.OWNERSHIP: "股权结构",
        ChangeKind.RESTRUCTURE: "企业重组",
    },
}
#: Checklist items: required by a legal text, or asked for in practice.
_BASIS: Final = {
    "en": {"legal": "legal", "practice": "practice"},
    "zh": {"legal": "法定", "practice": "实践"},
}

#: Input codes in Chinese (an explanation shows what the profile said).
_CODES_ZH: Final[Mapping[type | str, Mapping[str, str]]] = {
    Activity: {
        "inbound_customer_service": "呼入客户服务",
        "outbound_calling": "呼出服务",
        "telemarketing": "电话营销",
        "seat_rental": "座席出租",
        "system_rental": "呼叫中心系统出租",
        "cloud_call_center": "云呼叫中心",
        "agent_outsourcing": "座席外包",
        "system_equipment_outsourcing": "系统设备外包",
        "in_house_hotline": "自用客服热线",
        "ivr_information_service": "交互式语音信息服务",
        "conference_calling": "电话会议服务",
    },
    EntityType: {
        "limited_liability_company": "有限责任公司",
        "joint_stock_company": "股份有限公司",
        "branch": "分公司",
        "partnership": "合伙企业",
        "sole_proprietorship": "个人独资企业",
        "individual": "个人",
        "public_institution": "事业单位",
        "other": "其他",
    },
    Market: {"domestic": "境内", "overseas": "境外"},
    PlatformLocation: {"mainland": "境内", "overseas": "境外"},
    Party: {
        "company": "申请企业",
        "major_investor": "主要出资者",
        "key_manager": "主要经营管理人员",
    },
    Zone: {
        "free_trade_zone": "自由贸易试验区",
        "shanghai_ftz_original": "上海自由贸易试验区原有区域",
        "beijing_services_pilot": "北京服务业扩大开放综合示范区",
        "shanghai_pudong_lingang": "上海浦东新区（临港新片区）",
        "hainan_free_trade_port": "海南自由贸易港",
        "shenzhen": "深圳市",
        "shenzhen_qianhai": "深圳前海",
        "none": "无",
    },
    City: {city.value: city.name_zh for city in City},
    InvestorOrigin: {"hong_kong": "香港", "macau": "澳门", "taiwan": "台湾", "other": "其他"},
    NumberResource: {"95": "95号码", "96": "96号码", "95_customer_service": "95客服短号码"},
    # The groups the law puts cities in (the facts carry them; an explanation shows them).
    "city_group": {
        "offshore_pilot": "离岸呼叫中心业务试点城市",
        "later_demonstration": "2016年新增的服务外包示范城市",
        "cepa": "香港服务提供者离岸呼叫中心试点城市",
        "other": "其他城市",
    },
}
#: The input fields whose values are codes of one of the enums above.
_FIELD_CODES: Final[Mapping[str, type]] = {
    "activities": Activity,
    "entity_type": EntityType,
    "end_users": Market,
    "clients": Market,
    "platform_location": PlatformLocation,
    "party": Party,
    "registered_zone": Zone,
    "registered_city": City,
    "foreign_investor_origin": InvestorOrigin,
    "number_resources": NumberResource,
}
_FIELD_GROUPS: Final[Mapping[str, str]] = {"city_group": "city_group"}

#: The profile's fields as people call them (the web page's form labels them so).
_FIELDS: Final[Mapping[str, Mapping[str, str]]] = {
    "en": {
        "name": "Company name",
        "entity_type": "Type of entity",
        "registered_capital_cny": "Registered capital (yuan)",
        "registered_province": "Province of registration",
        "service_provinces": "Provinces served (end users dial a local number there)",
        "activities": "Activities",
        "end_users": "End users",
        "clients": "Clients",
        "platform_location": "Where the call-center platform is",
        "foreign_equity_percent": "Foreign equity (percent)",
        "number_resources": "Number resources",
        "violations": "Violations of telecom supervision rules",
        "other_value_added_services": "Other value-added telecom services",
        "professional_staff": "Professional staff",
        "has_premises_and_facilities": "Has the necessary premises and facilities",
        "has_technical_plan": "Has a technical plan",
        "long_term_service_capability": "Can serve users long term",
        "on_dishonesty_list": "On the telecom business dishonesty list",
        "registered_zone": "Special area of registration",
        "foreign_investor_track_record": "Main foreign investor has a good track record",
        "registered_city": "City of registration",
        "foreign_investor_origin": "Where the main foreign investor comes from",
        "false_materials_refused_on": "Refused for false materials on",
        "as_of": "Assessment day",
    },
    "zh": {
        "name": "企业名称",
        "entity_type": "主体类型",
        "registered_capital_cny": "注册资本（元）",
        "registered_province": "注册地省份",
        "service_provinces": "服务省份（用户拨打当地号码接入）",
        "activities": "业务活动",
        "end_users": "最终用户",
        "clients": "委托客户",
        "platform_location": "呼叫中心平台所在地",
        "foreign_equity_percent": "外资比例（%）",
        "number_resources": "码号资源",
        "violations": "违反电信监督管理制度的记录",
        "other_value_added_services": "其他增值电信业务",
        "professional_staff": "专业人员人数",
        "has_premises_and_facilities": "具备必要的场地和设施",
        "has_technical_plan": "具备技术方案",
        "long_term_service_capability": "具备长期服务用户的信誉或能力",
        "on_dishonesty_list": "列入电信业务经营失信名单",
        "registered_zone": "注册所在特殊区域",
        "foreign_investor_track_record": "主要外方投资者具有良好业绩和运营经验",
        "registered_city": "注册地城市",
        "foreign_investor_origin": "主要外方投资者来源地",
        "false_materials_refused_on": "因隐瞒情况或提供虚假材料被拒绝的日期",
        "as_of": "评估日",
    },
}

#: The words of reports, explanations, checklists and summaries.
_WORDS: Final[Mapping[str, Mapping[str, str]]] = {
    "en": {
        "company": "Company", "as_of": "As of", "status": "Status", "licence": "Licence",
        "scopes": "Scopes", "none": "none", "cites": "cites", "rule": "rule", "todo": "to do",
        "fact": "fact", "confidence": "confidence", "not_required": "no licence required",
        "blocking_group": "Blocking", "warning_group": "Warnings", "info_group": "Notes",
        "by": "by rule", "input": "input", "because": "because", "tally": "findings counted",
        "unmet": "unmet", "unknown": "unknown", "note": "notes",
        "no_findings": "(no findings)", "derivation": "Why", "yes": "yes", "no": "no",
        "derived": "derived",
        "paths": "Paths to a licence", "obstacles": "Obstacles", "lifts": "lifts",
        "nothing_to_change": "Nothing to change: the company is eligible as it is.",
        "nothing_required": "Nothing to change: no call-center licence is required.",
        "no_path": "No path to a licence: every route meets an obstacle the company cannot "
        "lift itself.",
        "change": "change", "changes": "changes", "licence_word": "licence",
        "as_it_is": "as it is",
        "contested": "The verdict as it is rests on contested law; the settled routes follow.",
        "not_required_contested": "No call-center licence is required as it is, but the "
        "verdict rests on contested law; check it with the authority.",
        "rule_pack": "rule pack",
        "holder": "Holder", "licence_number": "Licence", "valid": "Valid", "to": "to",
        "coverage": "Coverage of the business", "provinces": "Provinces",
        "obligations": "Obligations", "no_obligations": "(no obligations)",
        "covers": "the licence covers the business as the profile describes it",
        "does_not_cover": "the licence does not cover the business as the profile describes it",
        "needs": "needs", "not_checked": "not checked (no profile of the business given)",
        "reviewed_on": "Reviewed on", "unknown_coverage": "not known",
    },
    "zh": {
        "company": "企业", "as_of": "评估日", "status": "结论", "licence": "许可证",
        "scopes": "业务种类", "none": "无", "cites": "依据", "rule": "规则", "todo": "建议",
        "fact": "事实", "confidence": "可信度", "not_required": "无需许可",
        "blocking_group": "不符合", "warning_group": "提示", "info_group": "说明",
        "by": "规则", "input": "输入", "because": "出处", "tally": "计入的结论项",
        "unmet": "不符合", "unknown": "待补充", "note": "说明",
        "no_findings": "（无结论项）", "derivation": "推理过程", "yes": "是", "no": "否",
        "derived": "推得",
        "paths": "取得许可的途径", "obstacles": "障碍", "lifts": "解决",
        "nothing_to_change": "无需变更：企业现状已符合条件。",
        "nothing_required": "无需变更：无需取得呼叫中心业务经营许可。",
        "no_path": "没有取得许可的途径：每条途径都遇到企业自身无法消除的障碍。",
        "change": "项变更", "changes": "项变更", "licence_word": "许可",
        "as_it_is": "维持现状",
        "contested": "现状下的结论取决于尚有争议的法律；以下列出确定可行的途径。",
        "not_required_contested": "现状下无需取得呼叫中心业务经营许可，"
        "但该结论取决于尚有争议的法律，请向主管机关确认。",
        "rule_pack": "规则包",
        "holder": "持证者", "licence_number": "许可证", "valid": "有效期", "to": "至",
        "coverage": "是否覆盖经营", "provinces": "覆盖省份",
        "obligations": "义务", "no_obligations": "（无义务）",
        "covers": "许可证覆盖企业信息所述的经营",
        "does_not_cover": "许可证未覆盖企业信息所述的经营",
        "needs": "应取得", "not_checked": "未核对（未提供企业信息）",
        "reviewed_on": "审查日", "unknown_coverage": "不详",
    },
}  # fmt: skip


#: A holder's obligations as a calendar titles them, by code.
_OBLIGATION_TITLES: Final = {
    "en": {
        "RENEWAL_APPLICATION": "Apply to renew the licence",
        "ANNUAL_REPORT": "File the annual report",
        "CHANGE_FILING": "File the licence change",
        "CHANGE_ADVANCE_APPLICATION": "Apply for the change (90 days ahead)",
        "NUMBERS_ADDRESS_NOTICE": "Tell the number allocator of the new address",
    },
    "zh": {
        "RENEWAL_APPLICATION": "申请许可证续期",
        "ANNUAL_REPORT": "报送年报",
        "CHANGE_FILING": "办理许可证变更",
        "CHANGE_ADVANCE_APPLICATION": "提前申请变更（提前90日）",
        "NUMBERS_ADDRESS_NOTICE": "告知码号资源分配机关地址变更",
    },
}
_OBLIGATION_STATES: Final = {
    "en": {
        ObligationState.UPCOMING: "upcoming",
        ObligationState.OPEN: "open",
        ObligationState.OVERDUE: "overdue",
        ObligationState.DONE: "done",
    },
    "zh": {
        ObligationState.UPCOMING: "未到期",
        ObligationState.OPEN: "办理期内",
        ObligationState.OVERDUE: "已逾期",
        ObligationState.DONE: "已办理",
    },
}


def obligation_title(code: str, lang: str) -> str:
    """A holder's obligation in a few words: ``File the annual report`` / ``报送年报``
    (the code itself for an obligation without a title)."""
    return _OBLIGATION_TITLES[lang].get(code, code)


def obligation_state_label(state: ObligationState, lang: str) -> str:
    """``overdue`` / ``已逾期``."""
    return _OBLIGATION_STATES[lang][state]


def check_lang(lang: str) -> str:
    """``lang`` itself if it is a supported language.

    Raises:
        ValueError: for any other value.
    """
    if lang not in LANGS:
        raise ValueError(f"lang must be 'en' or 'zh', got {lang!r}")
    return lang


def default_lang(environ: Mapping[str, str] | None = None) -> str:
    """``"zh"`` when the locale is Chinese (``LC_ALL``, ``LC_MESSAGES`` or ``LANG`` is
    ``zh_*``, the first one set wins, as in POSIX), otherwise ``"en"``."""
    env = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def word(key: str, lang: str) -> str:
    """A word of the outputs: ``word("status", "zh") == "结论"``."""
    return _WORDS[lang][key]


def field_label(field: str, lang: str) -> str:
    """A profile field as people call it: ``registered_capital_cny`` -> ``Registered
    capital (yuan)`` / ``注册资本（元）``; ``as_of``, the assessment day, too."""
    return _FIELDS[check_lang(lang)][field]


def pack_label(pack: str, lang: str) -> str:
    """How a report marks a rule pack's finding: ``rule pack acme`` / ``规则包 acme``."""
    return f"{_WORDS[lang]['rule_pack']} {pack}"


def status_label(status: Status, lang: str) -> str:
    """``eligible`` / ``符合条件``."""
    return _STATUS[lang][status]


def type_label(license_type: LicenseType, lang: str) -> str:
    """``nationwide`` / ``跨地区``."""
    return _TYPE[lang][license_type]


def severity_label(severity: Severity, lang: str) -> str:
    """``blocking`` / ``不符合``."""
    return _SEVERITY[lang][severity]


def group_label(severity: Severity, lang: str) -> str:
    """The heading of a report's group of findings: ``Blocking`` / ``不符合``."""
    return _WORDS[lang][f"{severity.value}_group"]


def confidence_label(confidence: Confidence, lang: str) -> str:
    """``high`` / ``高``."""
    return _CONFIDENCE[lang][confidence]


def scope_label(scope: BusinessScope, lang: str) -> str:
    """``B24-1 domestic`` / ``B24-1 国内呼叫中心业务``."""
    return _SCOPE[lang][scope]


def kind_label(kind: ChangeKind, lang: str) -> str:
    """A kind of change: ``capital`` / ``注册资本``, ``restructure`` / ``企业重组``."""
    return _KIND[lang][kind]


def basis_label(basis: str, lang: str) -> str:
    """A checklist item's basis: ``legal`` / ``法定``, ``practice`` / ``实践``."""
    return _BASIS[lang][basis]


def verdict_confidence_text(
    confidence: VerdictConfidence, rests_on: tuple[str, ...], lang: str
) -> str:
    """How sure a verdict is, and what it rests on, as a report puts it after the status:
    ``high confidence``, ``medium confidence: rests on SERVICE_OUTSIDE_HOME_PROVINCE``; in
    Chinese ``可信度：中，取决于 SERVICE_OUTSIDE_HOME_PROVINCE``."""
    label = _VERDICT_CONFIDENCE[check_lang(lang)][confidence]
    if lang == "zh":
        text = f"可信度：{label}"
        return text + (f"，取决于 {'、'.join(rests_on)}" if rests_on else "")
    return label + (f": rests on {', '.join(rests_on)}" if rests_on else "")


def code_label(field: str, code: str, lang: str) -> str:
    """An input code as an explanation shows it: the code itself in English, its Chinese
    name in Chinese (``activities``, ``seat_rental`` -> ``座席出租``); a code without a
    Chinese name stays as it is."""
    if lang != "zh":
        return code
    kind: type | str | None = _FIELD_CODES.get(field) or _FIELD_GROUPS.get(field)
    if kind is None:
        return code
    return _CODES_ZH[kind].get(code, code)


_UNITS_ZH: Final = {
    "CNY": "元",
    "percent": "百分比",
    "years": "年",
    "days": "日",
    "working_days": "工作日",
    "month_day": "月-日",
    "count": "数量",
    "date": "日期",
    "codes": "业务类别代码",
}


def unit_label(unit: str, lang: str) -> str:
    """A parameter's unit: ``CNY`` / ``元``, ``date`` / ``日期``."""
    return _UNITS_ZH.get(unit, unit) if lang == "zh" else unit


def display_width(text: str) -> int:
    """Columns ``text`` takes in a terminal: wide and full-width characters (CJK) count
    two, combining marks none."""
    width = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        width += 2 if unicodedata.east_asian_width(char) in {"W", "F"} else 1
    return width


def ljust_display(text: str, width: int) -> str:
    """``text`` padded with spaces to ``width`` terminal columns."""
    return text + " " * max(0, width - display_width(text))
