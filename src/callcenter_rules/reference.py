"""The law as the library encodes it, generated from the declarations themselves: the
catalogue of rules (``callcenter-rules rules``) and the documentation's law page
(`law_reference_markdown`, built at documentation build time, so it cannot drift).
"""

from __future__ import annotations

import datetime
import re
import sys
from collections import defaultdict
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any, Final

from . import law
from .labels import check_lang, confidence_label, pack_label, severity_label, unit_label, word
from .law import RULES
from .law.citation import Confidence, Period
from .law.language import FindingSpec, Rule, format_parameter, render_summary
from .law.parameters import Parameter, ParameterTable, Reference, default_table
from .law.wording import day_zh
from .packs import RulePack

__all__ = [
    "NOT_MODELLED",
    "NOT_MODELLED_ZH",
    "defined_at",
    "law_on",
    "law_reference_markdown",
    "rule_catalogue",
]

#: Facts of the domain research the library deliberately does not model, and why.
NOT_MODELLED: Final = (
    (
        "2.4 (paid-in)",
        "Whether the minimum capital must be subscribed or paid in: the text does not settle it and agencies contradict each other; the 2023 Company Law's five-year payment rule is not applied.",
    ),
    ("2.7", '"Other conditions set by the state": open-ended, no rule can check it.'),
    ("3.6", "400 numbers: carriers' routing numbers; renting one does not by itself require B24."),
    (
        "3.7 (review period)",
        "The 60 days an application is reviewed in: procedure, not eligibility. Validity and renewal are a licence holder's obligations (Engine.review).",
    ),
    (
        "4.9 (other CEPA items)",
        "CEPA's later items (the Guangdong Agreement of 2014, the Services Agreement of 2015, the 2019 amendment) and Taiwan's ECFA: no call-center item was found; Amendment Agreement II (2025) is a warning beside the other capped services, its telecom items not verified.",
    ),
    (
        "4.6 (2025 opening plan)",
        "The April 2025 services-opening work plan (20 cities; app stores, end-user internet access, B13 up to 50%): when each city applies it was not verified, and it does not change B24.",
    ),
    (
        "4.7 (after 2022)",
        "Whether the Shanghai administration still licenses foreign-invested companies of its free-trade zone after the 2018 list and the 2022 rules: not verified; the 2022 rules name MIIT, and the library says the question (FTZ_AUTHORITY_UNSETTLED).",
    ),
    (
        "5.1 (draft rules)",
        "MIIT's 2020 draft on commercial short messages and voice calls (consent for marketing calls): only a draft in the sources; its status in 2026 is unknown.",
    ),
    (
        "5.1 (operations)",
        "Number transfer or leasing and recording-retention duties: conduct of a licence holder, not input the profile carries; a holder's review states them (Engine.review).",
    ),
    ("5.2", "Sanctions for operating without a licence: consequences, not conditions."),
    ("6", "Application materials: listed by `callcenter-rules checklist`, not checked."),
    (
        "before 2016-03-01",
        "Law before the 2015 catalogue took effect: assessments for earlier days are refused.",
    ),
    (
        "7.1, 7.2 (after the sources)",
        "Law made after the sources behind the research (about April 2025 for most topics; reviewed on 2026-12-07): may not be known; an assessment for a later day says so, with both days (LAW_NOT_REVIEWED_AFTER). MIIT Order No. 74 on short messages (in force 2026-05-01) and the amended Cybersecurity Law (2026-01-01) are known but concern SMS and security duties, not B24 eligibility.",
    ),
)

#: `NOT_MODELLED` in Chinese, entry for entry.
NOT_MODELLED_ZH: Final = (
    (
        "2.4（实缴）",
        "注册资本最低限额是指认缴还是实缴：法规文本未予明确，各代理机构说法不一；本库不适用2023年修订的《中华人民共和国公司法》关于五年内缴足出资的规定。",
    ),
    ("2.7", "“国家规定的其他条件”：属兜底条款，无法以规则检查。"),
    (
        "3.6",
        "400号码：系基础电信企业的路由号码，仅租用400号码本身并不需要取得呼叫中心业务经营许可。",
    ),
    (
        "3.7（审查期限）",
        "审查期限（60日）：属于程序事项，不属于申请条件。许可证有效期及续期属于持证企业的义务（Engine.review）。",
    ),
    (
        "4.9（其他CEPA措施）",
        "内地与香港CEPA此后的措施（2014年广东协议、2015年服务贸易协议、2019年修订协议）及两岸ECFA：未查到涉及呼叫中心业务的条目；2025年修订协议二在其他受限业务旁作提示，其电信条目未经核实。",
    ),
    (
        "4.6（2025年开放方案）",
        "2025年4月服务业扩大开放工作方案（20个城市；应用商店、互联网接入服务、B13外资股比不超过50%）：各城市何时适用未经核实，且不影响B24。",
    ),
    (
        "4.7（2022年以后）",
        "2018年版清单及2022年修订的规定施行后，上海市通信管理局是否仍为上海自贸试验区内的外商投资企业办理许可：未经核实；2022年规定明确向工业和信息化部申请，本库对此作出提示（FTZ_AUTHORITY_UNSETTLED）。",
    ),
    (
        "5.1（征求意见稿）",
        "工业和信息化部2020年关于商业性短信息和语音呼叫的征求意见稿（营销类呼叫须事先征得用户同意）：现有资料中仅为征求意见稿，其在2026年的状态不明。",
    ),
    (
        "5.1（经营行为）",
        "号码转让或出租、录音留存等义务：属于持证企业的经营行为，企业信息中不含此类输入；持证企业审查（Engine.review）对此作出说明。",
    ),
    ("5.2", "无证经营的处罚：属于法律后果，不属于许可条件。"),
    ("6", "申请材料：由 `callcenter-rules checklist` 列出，不作检查。"),
    (
        "2016年3月1日以前",
        "《电信业务分类目录（2015年版）》施行以前的法律：对更早日期的评估请求予以拒绝。",
    ),
    (
        "7.1、7.2（资料截止以后）",
        "法律研究所依据资料截止之后（多数事项约截至2025年4月；审阅日为2026年12月7日）的法律：可能未纳入；评估日晚于该日的，评估结果会予以说明并列明两个日期（LAW_NOT_REVIEWED_AFTER）。工业和信息化部令第74号（短信息，2026年5月1日施行）和修正后的《网络安全法》（2026年1月1日施行）已知，但涉及短信息和安全义务，不影响B24申请条件。",
    ),
)


def _anchor(rule_id: str) -> str:
    return rule_id.lower()


@cache
def _locations() -> dict[str, str]:
    """Where each rule id is written, as ``callcenter_rules/law/<module>.py:<line>``: the
    ids are literal strings in the law modules, so they are found by reading them."""
    found: dict[str, str] = {}
    for module_name in sorted(_rule_modules()):
        module = sys.modules.get(module_name)
        path = getattr(module, "__file__", None)
        if path is None:
            continue
        relative = "callcenter_rules/" + Path(path).as_posix().split("/callcenter_rules/")[-1]
        for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
            match = re.search(r'\bid="([A-Z0-9-]+)"', line)
            if match:
                found.setdefault(match.group(1), f"{relative}:{number}")
    return found


def _rule_modules() -> set[str]:
    return {
        f"{law.__name__}.{name}"
        for name in (
            "catalogue", "licence_type", "conditions", "foreign_investment", "numbering",
            "conduct", "horizon", "decision", "holder_renewal", "holder_reporting",
            "holder_changes", "holder_coverage", "holder_conduct",
        )
    }  # fmt: skip


def defined_at(rule: Rule) -> str:
    """Where ``rule`` is declared, e.g. ``callcenter_rules/law/conditions.py:120``."""
    return _locations().get(rule.id, "?")


def rule_catalogue(table: ParameterTable, packs: Sequence[RulePack] = ()) -> list[dict[str, Any]]:
    """Every rule's metadata (`Rule.describe`: the summary in English and in Chinese,
    ``summary_zh``, each source's ``article_zh``) with where it is defined, and the rule
    pack it comes from (``pack``: ``None`` for the law's rules), the law's rules first."""
    described = [
        {**rule.describe(table), "defined_at": defined_at(rule), "pack": None} for rule in RULES
    ]
    for pack in packs:
        described += [
            {
                **rule.describe(table),
                "defined_at": f"rule pack {pack.label}",
                "pack": pack.name,
                "pack_version": pack.version,
            }
            for rule in pack.rules
        ]
    return described


def _codes() -> dict[str, tuple[FindingSpec, list[Rule]]]:
    codes: dict[str, tuple[FindingSpec, list[Rule]]] = {}
    producers: dict[str, list[Rule]] = defaultdict(list)
    for rule in RULES:
        for spec in rule.findings:
            producers[spec.code].append(rule)
            codes.setdefault(spec.code, (spec, producers[spec.code]))
    return codes


#: The law page's own words; the labels of severities, outcomes and confidence come from
#: `callcenter_rules.labels`, so the page says what the reports say.
_PAGE: Final = {
    "en": {
        "intro": "The library encodes **{count} rules**. Everything below is generated from the "
        "rule declarations in `src/callcenter_rules/law/` when the documentation is built.",
        "codes": "## Finding codes",
        "codes_head": "| code | severity | counts as | produced by |",
        "decides": "the verdict rests on it",
        "parameters": "## Parameters",
        "parameters_intro": "Thresholds and the days instruments take effect are data "
        "(`src/callcenter_rules/law/parameters/*.yaml`): the value in force on the day "
        "assessed applies. `Engine(parameters=...)` overrides them.",
        "parameters_head": "| parameter | unit | from | value | reference |",
        "always": "always",
        "rules": "## Rules",
        "in_force": "In force",
        "confidence": "Confidence",
        "facts": "domain facts",
        "produces": "Produces",
        "no_finding": "no finding",
        "derives": "derives",
        "uses": "Parameters",
        "exception_to": "Exception to",
        "defined_at": "Defined at",
        "not_modelled": "## What is not modelled",
        "not_modelled_head": "| domain fact | why |",
    },
    "zh": {
        "intro": "本库共编写**{count}条规则**。以下内容均在构建文档时由 "
        "`src/callcenter_rules/law/` 中的规则声明自动生成。",
        "codes": "## 结论代码",
        "codes_head": "| 代码 | 类别 | 计入结论 | 产生该代码的规则 |",
        "decides": "结论取决于此项",
        "parameters": "## 参数",
        "parameters_intro": "各项门槛数值和法律文件的施行日期均以数据形式保存"
        "（`src/callcenter_rules/law/parameters/*.yaml`），适用评估日有效的值。"
        "可通过 `Engine(parameters=...)` 覆盖。",
        "parameters_head": "| 参数 | 单位 | 起始日 | 值 | 依据 |",
        "always": "始终适用",
        "rules": "## 规则",
        "in_force": "施行期间",
        "confidence": "可信度",
        "facts": "研究事实",
        "produces": "产生结论",
        "no_finding": "不产生结论项",
        "derives": "推得",
        "uses": "参数",
        "exception_to": "例外于",
        "defined_at": "定义位置",
        "not_modelled": "## 未纳入模型的内容",
        "not_modelled_head": "| 研究事实 | 原因 |",
    },
}

#: Parameter units as the Chinese page names them.
_UNIT_ZH: Final = {
    "CNY": "元",
    "percent": "百分比",
    "years": "年",
    "count": "数量",
    "date": "日期",
    "codes": "业务代码",
}


def _confidence(confidence: Confidence, lang: str) -> str:
    """``H`` in English (the page's key explains the letters); ``高（H）`` in Chinese."""
    if lang == "en":
        return confidence.value
    return f"{confidence_label(confidence, lang)}（{confidence.value}）"


def _period(period: Period, lang: str) -> str:
    """A resolved period: ``from 2017-09-01``; ``自2017年9月1日起至2019年7月29日止``."""
    if lang == "en":
        return str(period)
    start, end = period.start, period.end
    if start is None and end is None:
        return _PAGE["zh"]["always"]
    text = ""
    if isinstance(start, datetime.date):
        text += f"自{day_zh(start)}起"
    if isinstance(end, datetime.date):
        text += f"至{day_zh(end - datetime.timedelta(days=1))}止"
    return text


def _cited(reference: Reference | None, lang: str) -> str:
    if reference is None:
        return ""
    if lang == "en":
        return ", ".join(filter(None, (reference.document, reference.article))) + (
            f" (fact {reference.fact_id})" if reference.fact_id else ""
        )
    return (reference.document_zh + reference.article_zh) + (
        f"（{_PAGE[lang]['facts']}{reference.fact_id}）" if reference.fact_id else ""
    )


def _breakable(name: str) -> str:
    """A dotted name as code that a narrow table cell may break after a dot, and nowhere
    else."""
    return "<code>" + ".<wbr>".join(name.split(".")) + "</code>"


def _parameter_rows(parameter: Parameter, lang: str) -> list[str]:
    words = _PAGE[lang]
    zh = lang == "zh"
    rows = []
    for index, dated in enumerate(parameter.values):
        description = parameter.description_zh if zh else parameter.description
        name = f"{_breakable(parameter.name)}<br>{description}" if index == 0 else ""
        unit = _UNIT_ZH.get(parameter.unit, parameter.unit) if zh else parameter.unit
        since = (
            (day_zh(dated.start) if zh else dated.start.isoformat())
            if dated.start
            else words["always"]
        )
        value = format_parameter(dated.value, parameter.unit, lang)
        cited = _cited(dated.reference, lang)
        rows.append(f"| {name} | {unit if index == 0 else ''} | {since} | {value} | {cited} |")
    return rows


def _rule_entry(rule: Rule, table: ParameterTable, lang: str) -> list[str]:
    words = _PAGE[lang]
    zh = lang == "zh"
    described = rule.describe(table)
    sep, colon = ("、", "：") if zh else (", ", ": ")
    codes = sep.join(f"`{c}`" for c in rule.codes) or words["no_finding"]
    derives = (
        ("；" if zh else "; ")
        + f"{words['derives']} "
        + sep.join(f"`{d}`" for d in described["derives"])
        if described["derives"]
        else ""
    )
    facts = sep.join(rule.fact_ids)
    confidence = (
        f"{_confidence(rule.confidence, lang)}；{words['facts']}{facts}"
        if zh
        else f"{described['confidence']} ({words['facts']} {facts})"
    )
    lines = [
        f"### {rule.id}",
        "",
        described["summary_zh" if zh else "summary"],
        "",
        f"- **{words['in_force']}**{colon}{_period(rule.period.resolve(table), lang)}",
        f"- **{words['confidence']}**{colon}{confidence}",
        f"- **{words['produces']}**{colon}{codes}{derives}",
        *(
            [f"- **{words['uses']}**{colon}{sep.join(f'`{p}`' for p in described['parameters'])}"]
            if described["parameters"]
            else []
        ),
        *(
            [
                f"- **{words['exception_to']}**{colon}"
                + sep.join(f"[{r}](#{_anchor(r)})" for r in rule.exception_to)
            ]
            if rule.exception_to
            else []
        ),
        f"- **{words['defined_at']}**{colon}`{defined_at(rule)}`",
        "",
    ]
    for source in rule.sources:
        provision = source.provision
        period = _period(source.period.resolve(table), lang)
        if zh:
            heading = (
                f"**{provision.document.title_zh}**{provision.article_zh or provision.article}"
                f"——{period}；{words['facts']}{source.fact_id}；"
                f"{words['confidence']}：{_confidence(source.confidence, lang)}"
            )
        else:
            heading = (
                f"**{provision.document.title}** ({provision.document.title_zh}), "
                f"{provision.article} — {period}, fact {source.fact_id}, "
                f"confidence {source.confidence.value}"
            )
        lines += [heading, "", f"> {provision.text_zh}", ""]
    return lines


def law_reference_markdown(lang: str = "en") -> str:
    """The law page in ``lang`` (``"en"`` or ``"zh"``): finding codes, the parameters with
    their dated values, one entry per rule, then what is not modelled.

    Raises:
        ValueError: for a language other than ``"en"`` and ``"zh"``.
    """
    check_lang(lang)
    zh = lang == "zh"
    words = _PAGE[lang]
    table = default_table()
    lines = [
        words["intro"].format(count=len(RULES)),
        "",
        words["codes"],
        "",
        words["codes_head"],
        "|---|---|---|---|",
    ]
    for code, (spec, rules) in sorted(_codes().items()):
        produced = ("、" if zh else ", ").join(f"[{r.id}](#{_anchor(r.id)})" for r in rules)
        severity = severity_label(spec.severity, lang) if zh else spec.severity.value
        outcome = word(spec.outcome, lang) if zh else spec.outcome
        if any(s.decides for rule in rules for s in rule.findings if s.code == code):
            outcome += "；" + words["decides"] if zh else "; " + words["decides"]
        lines.append(f"| `{code}` | {severity} | {outcome} | {produced} |")
    lines += ["", words["parameters"], "", words["parameters_intro"], ""]
    lines += [words["parameters_head"], "|---|---|---|---|---|"]
    for parameter in table.values():
        lines += _parameter_rows(parameter, lang)
    lines += ["", words["rules"], ""]
    for rule in RULES:
        lines += _rule_entry(rule, table, lang)
    lines += [words["not_modelled"], "", words["not_modelled_head"], "|---|---|"]
    lines += [f"| {fact} | {why} |" for fact, why in (NOT_MODELLED_ZH if zh else NOT_MODELLED)]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- the web page's law


def _matches(query: str, *texts: str) -> bool:
    return not query or any(query in text.casefold() for text in texts)


def _law_rule(
    rule: Rule, table: ParameterTable, lang: str, day: datetime.date | None, pack: str | None
) -> dict[str, Any]:
    zh = lang == "zh"
    sources = []
    for source in rule.all_sources:
        provision = source.provision
        period = source.period.resolve(table)
        if day is not None and day not in period:
            continue
        sources.append(
            {
                "document": provision.document.title_zh if zh else provision.document.title,
                "document_zh": provision.document.title_zh,
                "article": (provision.article_zh or provision.article) if zh else provision.article,
                "text_zh": provision.text_zh,
                "fact_id": source.fact_id,
                "confidence": confidence_label(source.confidence, lang),
                "period": _period(period, lang),
            }
        )
    return {
        "id": rule.id,
        "anchor": _anchor(rule.id),
        "pack": pack,
        "summary": render_summary(rule.summary_zh if zh else rule.summary, table, day, lang),
        "period": _period(rule.period.resolve(table), lang),
        "confidence": confidence_label(rule.confidence, lang),
        "codes": list(rule.codes),
        "parameters": list(rule.used_parameters()),
        "sources": sources,
    }


def _searched(rule: Rule, entry: dict[str, Any], query: str) -> bool:
    texts = [rule.id, entry["summary"], rule.summary, rule.summary_zh, *rule.codes]
    texts += entry["parameters"]
    for source in rule.all_sources:
        provision = source.provision
        texts += [
            provision.document.title,
            provision.document.title_zh,
            provision.article,
            provision.article_zh,
            provision.text_zh,
            source.fact_id,
        ]
    return _matches(query, *(text.casefold() for text in texts))


def law_on(
    table: ParameterTable,
    packs: Sequence[RulePack] = (),
    lang: str = "en",
    day: datetime.date | None = None,
    query: str = "",
) -> dict[str, Any]:
    """The law as the web page shows it, in ``lang``: the rules grouped by their source
    (the document their first provision is in; a rule pack's rules under the pack), each
    with its summary, period, confidence, finding codes, parameters and provisions (the
    article and its Chinese text); then every parameter with its values over time and their
    references (``history``). With ``day``, only the rules and provisions in force on that day, the
    summaries with the values of that day, and each parameter's value of that day marked
    (``in_force``). With ``query``, only the rules whose id, finding codes, summary,
    parameters, documents, articles, Chinese text or facts hold it, and the parameters whose
    name or description does (case does not matter).

    Raises:
        ValueError: ``lang`` is not ``en`` or ``zh``.
    """
    check_lang(lang)
    zh = lang == "zh"
    query = query.strip().casefold()
    groups: dict[str, dict[str, Any]] = {}
    shown = 0
    everything: list[tuple[Rule, RulePack | None]] = [(rule, None) for rule in RULES]
    everything += [(rule, pack) for pack in packs for rule in pack.rules]
    for rule, pack in everything:
        if day is not None and day not in rule.period.resolve(table):
            continue
        entry = _law_rule(rule, table, lang, day, pack.name if pack else None)
        if not _searched(rule, entry, query):
            continue
        if pack is not None:
            key, title = f"pack:{pack.name}", pack_label(pack.label, lang)
        else:
            document = rule.all_sources[0].provision.document
            key, title = document.title, document.title_zh if zh else document.title
        group = groups.setdefault(key, {"title": title, "pack": pack is not None, "rules": []})
        group["rules"].append(entry)
        shown += 1
    parameters = []
    for parameter in table.values():
        description = parameter.description_zh if zh else parameter.description
        if not _matches(
            query,
            parameter.name.casefold(),
            parameter.description.casefold(),
            parameter.description_zh.casefold(),
        ):
            continue
        # The value in force on the day: the last one started by then.
        current = -1
        if day is not None:
            for index, dated in enumerate(parameter.values):
                if dated.start is None or dated.start <= day:
                    current = index
        values = []
        for index, dated in enumerate(parameter.values):
            since = dated.start
            values.append(
                {
                    "since": (day_zh(since) if zh else since.isoformat())
                    if since
                    else _PAGE[lang]["always"],
                    "value": format_parameter(dated.value, parameter.unit, lang),
                    "reference": _cited(dated.reference, lang),
                    "in_force": index == current,
                }
            )
        parameters.append(
            {
                "name": parameter.name,
                "description": description,
                "unit": unit_label(parameter.unit, lang),
                "history": values,
                "on_day": (
                    format_parameter(parameter.value_on(day), parameter.unit, lang)
                    if day is not None
                    else None
                ),
            }
        )
    return {
        "rules": len(everything),
        "shown": shown,
        "groups": list(groups.values()),
        "parameters": parameters,
    }
