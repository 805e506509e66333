"""Reports for people: an assessment as text or Markdown, in English or Chinese.

User-supplied text (the company name) is printed through `callcenter_rules.text`, so no
input can change what the report's structure says.
"""

from __future__ import annotations

from typing import Final

from .results import Assessment, LicenseType, Severity, Status
from .text import markdown_text, safe_text

__all__ = ["LABELS", "render_markdown", "render_text"]


#: Every label of the reports and the explanation, in English and Chinese.
LABELS: Final[dict[str, dict[object, str]]] = {
    "en": {
        "company": "Company", "as_of": "As of", "status": "Status", "licence": "Licence",
        "scopes": "Scopes", "none": "none", "cites": "cites", "rule": "rule", "todo": "to do",
        "fact": "fact", "not_required": "no licence required",
        Severity.BLOCKING: "Blocking", Severity.WARNING: "Warnings", Severity.INFO: "Notes",
        # the explanation
        "by": "by rule", "input": "input", "because": "because", "tally": "findings counted",
        "no_findings": "(no findings)",
    },
    "zh": {
        "company": "企业", "as_of": "评估日", "status": "结论", "licence": "许可证",
        "scopes": "业务种类", "none": "无", "cites": "依据", "rule": "规则", "todo": "建议",
        "fact": "事实", "not_required": "无需许可",
        Severity.BLOCKING: "不符合", Severity.WARNING: "提示", Severity.INFO: "说明",
        "by": "规则", "input": "输入", "because": "依据", "tally": "统计",
        "no_findings": "（无结论项）",
    },
}  # fmt: skip
_LABELS: Final = LABELS
_STATUS_ZH: Final = {
    Status.ELIGIBLE: "符合条件",
    Status.INELIGIBLE: "不符合条件",
    Status.INCOMPLETE: "信息不全",
    Status.NOT_REQUIRED: "无需许可",
}
_TYPE_ZH: Final = {LicenseType.NATIONWIDE: "跨地区", LicenseType.REGIONAL: "省内"}


def _header(result: Assessment, lang: str) -> list[tuple[str, str]]:
    label = _LABELS[lang]
    zh = lang == "zh"
    status = _STATUS_ZH[result.status] if zh else result.status.value
    if result.license_type is None:
        licence = label["not_required"]
    elif zh:
        licence = f"{_TYPE_ZH[result.license_type]}（{result.authority_zh}）"
    else:
        licence = f"{result.license_type.value} ({result.authority})"
    scopes = ", ".join(sorted(s.value for s in result.business_scopes)) or label["none"]
    return [
        (label["company"], result.profile.name),  # escaped by each renderer
        (label["as_of"], result.as_of.isoformat()),
        (label["status"], status),
        (label["licence"], licence),
        (label["scopes"], scopes),
    ]


def render_text(result: Assessment, lang: str = "en") -> str:
    """A readable report: the decision, then findings grouped by severity."""
    label = _LABELS[lang]
    header = _header(result, lang)
    header[0] = (header[0][0], safe_text(header[0][1]))
    lines = [f"{key + ':':<10} {value}" for key, value in header]
    for severity in Severity:
        group = result.findings_with(severity)
        if not group:
            continue
        lines += ["", f"{label[severity]} ({len(group)})"]
        for finding in group:
            c = finding.citation
            article = c.article_zh if lang == "zh" else c.article
            message = finding.message_zh if lang == "zh" else finding.message
            lines.append(f"  [{finding.code}] {message}")
            lines.append(
                f"      {label['cites']}: {c.document_zh} {article} — {label['fact']} "
                f"{c.fact_id} ({c.confidence.value}); {label['rule']} {finding.rule}"
            )
            if finding.remediation and lang == "en":
                lines.append(f"      {label['todo']}: {finding.remediation}")
    return "\n".join(lines)


def render_markdown(result: Assessment, lang: str = "en") -> str:
    """The report as Markdown, for tickets and documents."""
    label = _LABELS[lang]
    lines = [f"# {markdown_text(result.profile.name)}", ""]
    lines += [f"- **{key}**: {value}" for key, value in _header(result, lang)[1:]]
    for severity in Severity:
        group = result.findings_with(severity)
        if not group:
            continue
        lines += ["", f"## {label[severity]} ({len(group)})", ""]
        for finding in group:
            c = finding.citation
            article = c.article_zh if lang == "zh" else c.article
            message = finding.message_zh if lang == "zh" else finding.message
            lines.append(f"- **{finding.code}**: {message}")
            lines.append(
                f"  - {label['cites']}: {c.document_zh} {article} (> {c.text_zh}); "
                f"{label['fact']} {c.fact_id}, {c.confidence.value}; `{finding.rule}`"
            )
            if finding.remediation and lang == "en":
                lines.append(f"  - {label['todo']}: {finding.remediation}")
    return "\n".join(lines) + "\n"
