"""Reports for people: an assessment as text or Markdown, in English or Chinese.

The header gives the decision; the findings follow by severity, each with its message, its
citation, the advice and, with ``explain=True``, the chain of rules from the input to it. A
rule pack's finding is marked with the pack's name (``(rule pack acme)``), beside its code
and its rule, so that it cannot be taken for the law's.
In English a citation names the document by its English title with the Chinese one beside
it; in Chinese it reads as a Chinese document cites the law (第六条第（四）项).

User-supplied text (the company name) is printed through `callcenter_rules.text`, so no
input can change what the report's structure says. Text columns are aligned by display
width: a CJK character takes two columns.
"""

from __future__ import annotations

import datetime

from .labels import (
    check_lang,
    confidence_label,
    display_width,
    group_label,
    kind_label,
    ljust_display,
    obligation_state_label,
    pack_label,
    scope_label,
    status_label,
    type_label,
    verdict_confidence_text,
    word,
)
from .law.citation import Citation
from .law.holder_coverage import RULES as COVERAGE_RULES
from .law.wording import day_zh
from .model import MIIT, Licence
from .provinces import Province
from .results import Assessment, Finding, Obligation, Plan, Review, Severity, Status
from .results.explain import cite_zh, conclusion, derivation
from .text import markdown_text, safe_text

__all__ = [
    "render_markdown",
    "render_plan_markdown",
    "render_plan_text",
    "render_review_markdown",
    "render_review_text",
    "render_text",
]


def _header(result: Assessment, lang: str) -> list[tuple[str, str]]:
    zh = lang == "zh"
    if result.license_type is None:
        licence = word("not_required", lang)
    elif zh:
        licence = f"{type_label(result.license_type, lang)}（{result.authority_zh}）"
    else:
        licence = f"{result.license_type.value} ({result.authority})"
    if zh:
        scopes = "；".join(scope_label(s, lang) for s in sorted(result.business_scopes, key=_value))
    else:
        scopes = ", ".join(sorted(s.value for s in result.business_scopes))
    return [
        (word("company", lang), result.profile.name),  # escaped by each renderer
        (word("as_of", lang), day_zh(result.as_of) if zh else result.as_of.isoformat()),
        (word("status", lang), _status(result, lang)),
        (word("licence", lang), licence),
        (word("scopes", lang), scopes or word("none", lang)),
    ]


def _status(result: Assessment, lang: str) -> str:
    """The status with how sure it is: ``eligible (medium confidence: rests on X)``."""
    sure = verdict_confidence_text(result.confidence, result.confidence_rests_on, lang)
    status = status_label(result.status, lang)
    return f"{status}（{sure}）" if lang == "zh" else f"{status} ({sure})"


def _value(scope: object) -> str:
    return str(getattr(scope, "value", scope))


def _mark(pack: str | None, lang: str) -> str:
    """What follows a rule pack's finding's code, and its rule: `` (rule pack acme)`` /
    ``（规则包 acme）``; nothing for the law's."""
    if pack is None:
        return ""
    return f"（{pack_label(pack, lang)}）" if lang == "zh" else f" ({pack_label(pack, lang)})"


def _code_line(code: str, pack: str | None, message: str, lang: str) -> str:
    """A finding's first line in a text report: ``  [CODE] message``, the pack marked."""
    mark = _mark(pack, lang)
    return f"  [{code}]{mark}{'' if mark and lang == 'zh' else ' '}{message}"


def _citation(finding: Finding, lang: str) -> str:
    """Where the finding comes from, one line."""
    rule = f"{word('rule', lang)} {finding.rule}{_mark(finding.pack, lang)}"
    return _cites(finding.citation, rule, lang, fact=True)


def _cites(c: Citation, rule: str, lang: str, *, fact: bool) -> str:
    """A citation and the rule that relies on it, one line; with ``fact``, the domain fact
    it encodes too."""
    confidence = confidence_label(c.confidence, lang)
    if lang == "zh":
        shown = f"——{word('fact', lang)}{c.fact_id}" if fact else ""
        return (
            f"{cite_zh(c.document_zh, c.article_zh or c.article)}{shown}"
            f"（{word('confidence', lang)}：{confidence}）；{rule}"
        )
    shown = f" — {word('fact', lang)} {c.fact_id}" if fact else ""
    return f"{c.document} ({c.document_zh}) {c.article}{shown} ({confidence}); {rule}"


def _colon(lang: str) -> str:
    return "：" if lang == "zh" else ": "


def _group_heading(severity: Severity, count: int, lang: str) -> str:
    if lang == "zh":
        return f"{group_label(severity, lang)}（{count}项）"
    return f"{group_label(severity, lang)} ({count})"


def _finding_lines(finding: Finding, lang: str, colon: str) -> list[str]:
    """A finding in a text report: its code and message, its citation, what to do."""
    message = finding.message_zh if lang == "zh" else finding.message
    lines = [
        _code_line(finding.code, finding.pack, message, lang),
        f"      {word('cites', lang)}{colon}{_citation(finding, lang)}",
    ]
    advice = finding.remediation_zh if lang == "zh" else finding.remediation
    if advice:
        lines.append(f"      {word('todo', lang)}{colon}{advice}")
    return lines


def render_text(result: Assessment, lang: str = "en", *, explain: bool = False) -> str:
    """A readable report: the decision, then the findings grouped by severity, each with
    its citation and advice; with ``explain``, also why each finding holds (needs an
    assessment made with ``trace=True``).

    Raises:
        ValueError: ``lang`` is not ``en`` or ``zh``, or ``explain`` without a trace.
    """
    check_lang(lang)
    colon = _colon(lang)
    header = _header(result, lang)
    header[0] = (header[0][0], safe_text(header[0][1]))
    keys = [key + colon.strip() for key, _ in header]
    width = max(10, *(display_width(key) for key in keys))
    lines = [
        f"{ljust_display(key, width)} {value}" for key, (_, value) in zip(keys, header, strict=True)
    ]
    for severity in Severity:
        group = result.findings_with(severity)
        if not group:
            continue
        lines += ["", _group_heading(severity, len(group), lang)]
        for finding in group:
            lines += _finding_lines(finding, lang, colon)
            if explain:
                lines.append(f"      {word('derivation', lang)}{colon.rstrip()}")
                for line in derivation(result, finding, lang):
                    arrow = "<- " if line.kind == "rule" else "   "
                    lines.append("        " + "    " * line.depth + arrow + line.text)
    if explain:
        if not result.findings:
            lines += ["", word("no_findings", lang)]
        lines += ["", conclusion(result, lang)]
    return "\n".join(lines)


def render_markdown(result: Assessment, lang: str = "en", *, explain: bool = False) -> str:
    """The report as Markdown, for tickets and documents; with ``explain``, each finding
    carries its derivation as a nested list.

    Raises:
        ValueError: ``lang`` is not ``en`` or ``zh``, or ``explain`` without a trace.
    """
    check_lang(lang)
    colon = _colon(lang)
    lines = [f"# {markdown_text(result.profile.name)}", ""]
    lines += [f"- **{key}**{colon}{value}" for key, value in _header(result, lang)[1:]]
    for severity in Severity:
        group = result.findings_with(severity)
        if not group:
            continue
        lines += ["", f"## {_group_heading(severity, len(group), lang)}", ""]
        for finding in group:
            c = finding.citation
            message = finding.message_zh if lang == "zh" else finding.message
            mark = _mark(finding.pack, lang)
            lines.append(f"- **{finding.code}**{markdown_text(mark)}{colon}{message}")
            lines.append(f"  - {word('cites', lang)}{colon}{_citation(finding, lang)}")
            lines.append(f"    > {c.text_zh}")
            advice = finding.remediation_zh if lang == "zh" else finding.remediation
            if advice:
                lines.append(f"  - {word('todo', lang)}{colon}{advice}")
            if explain:
                lines.append(f"  - {word('derivation', lang)}{colon.rstrip()}")
                for line in derivation(result, finding, lang):
                    text = markdown_text(line.text)
                    rule = line.kind == "rule"
                    indent = "  " * (2 * line.depth + (0 if rule else 1))
                    lines.append(f"    {indent}- {'← ' if rule else ''}{text}")
    if explain:
        if not result.findings:
            lines += ["", word("no_findings", lang)]
        lines += ["", f"**{conclusion(result, lang)}**"]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- plans


def _plan_lines(plan: Plan, lang: str, markdown: bool) -> list[str]:
    """The plan's body after the header: the options, then the obstacles."""
    zh = lang == "zh"
    colon = _colon(lang)
    lines: list[str] = []
    status = plan.assessment.status
    if plan.nothing_to_change:
        key = "nothing_required" if status is Status.NOT_REQUIRED else "nothing_to_change"
        return ["", word(key, lang)]
    if status is Status.NOT_REQUIRED:
        return ["", word("not_required_contested", lang)]
    if status is Status.ELIGIBLE:
        lines += ["", word("contested", lang)]
    if plan.options:
        count = f"（{len(plan.options)}种）" if zh else f" ({len(plan.options)})"
        lines += ["", ("## " if markdown else "") + word("paths", lang) + count]
        if markdown:
            lines.append("")
        for number, option in enumerate(plan.options, start=1):
            if option.license_type is None:
                licence = word("not_required", lang)
            elif zh:
                licence = f"{type_label(option.license_type, lang)}许可（{option.authority_zh}）"
            else:
                licence = f"{option.license_type.value} licence ({option.authority})"
            n = len(option.changes)
            counted = (
                f"{n}{word('changes', lang)}"
                if zh
                else (f"{n} {word('change' if n == 1 else 'changes', lang)}")
            )
            if not n:
                counted = word("as_it_is", lang)
            sure = verdict_confidence_text(option.confidence, (), lang)
            counted += f"（{sure}）" if zh else f" ({sure})"
            lines.append(
                f"{number}. **{licence}**{colon}{counted}" if markdown
                else f"  {number}. {licence}{colon}{counted}"
            )  # fmt: skip
            for change in option.changes:
                message = change.message_zh if zh else change.message
                kind = kind_label(change.kind, lang)
                lifts = "、".join(change.resolves) if zh else ", ".join(change.resolves)
                tail = (
                    (
                        f"（{word('lifts', lang)} {lifts}）"
                        if zh
                        else f" ({word('lifts', lang)} {lifts})"
                    )
                    if lifts
                    else ""
                )
                mark = f"［{kind}］" if zh else f"[{kind}] "
                if markdown:
                    lines.append(f"   - {mark}{message}{tail}")
                else:
                    lines.append(f"       - {mark}{message}{tail}")
    else:
        lines += ["", word("no_path", lang)]
    if plan.obstacles:
        count = f"（{len(plan.obstacles)}项）" if zh else f" ({len(plan.obstacles)})"
        lines += ["", ("## " if markdown else "") + word("obstacles", lang) + count]
        if markdown:
            lines.append("")
        for obstacle in plan.obstacles:
            message = obstacle.message_zh if zh else obstacle.message
            c = obstacle.citation
            cited = (
                cite_zh(c.document_zh, c.article_zh or c.article)
                if zh
                else f"{c.document} ({c.document_zh}) {c.article}"
            )
            advice = obstacle.remediation_zh if zh else obstacle.remediation
            if markdown:
                mark = markdown_text(_mark(obstacle.pack, lang))
                lines.append(f"- **{obstacle.code}**{mark}{colon}{message}")
                lines.append(f"  - {word('cites', lang)}{colon}{cited}")
                if advice:
                    lines.append(f"  - {word('todo', lang)}{colon}{advice}")
            else:
                lines.append(_code_line(obstacle.code, obstacle.pack, message, lang))
                lines.append(f"      {word('cites', lang)}{colon}{cited}")
                if advice:
                    lines.append(f"      {word('todo', lang)}{colon}{advice}")
    return lines


def render_plan_text(plan: Plan, lang: str = "en") -> str:
    """A plan for people: the assessment's header, then each path to a licence with its
    changes, best first, and the obstacles met.

    Raises:
        ValueError: ``lang`` is not ``en`` or ``zh``.
    """
    check_lang(lang)
    header = render_text(plan.assessment, lang).split("\n\n")[0]
    return "\n".join([header, *_plan_lines(plan, lang, markdown=False)])


def render_plan_markdown(plan: Plan, lang: str = "en") -> str:
    """The plan as Markdown.

    Raises:
        ValueError: ``lang`` is not ``en`` or ``zh``.
    """
    check_lang(lang)
    header = render_markdown(plan.assessment, lang).split("\n## ")[0].rstrip("\n")
    return "\n".join([header, *_plan_lines(plan, lang, markdown=True)]) + "\n"


# ---------------------------------------------------------------- a licence holder's review

#: The rules that compare the licence with the business as its profile describes it.
_COVERAGE_RULES = frozenset(rule.id for rule in COVERAGE_RULES)


def _day(day: datetime.date, lang: str) -> str:
    return day_zh(day) if lang == "zh" else day.isoformat()


def _authority(licence: Licence, lang: str) -> str:
    """The issuing authority: the ministry, or the province's administration."""
    if licence.authority == MIIT:
        return "工业和信息化部" if lang == "zh" else "MIIT"
    try:
        province = Province(licence.authority)
    except ValueError:
        return licence.authority
    return province.name_zh if lang == "zh" else province.name_en


def _review_header(result: Review, lang: str) -> list[tuple[str, str]]:
    """The licence, its holder, its term and what it covers (user text unescaped: each
    renderer escapes it)."""
    zh = lang == "zh"
    licence = result.licence
    kind = type_label(licence.license_type, lang)
    authority = _authority(licence, lang)
    number = (
        f"{licence.number}（{kind}，{authority}）"
        if zh
        else (f"{licence.number} ({kind}, {authority})")
    )
    term = _day(licence.expires_on, lang)
    space = "" if zh else " "
    term = f"{word('to', lang)}{space}{term}"
    if licence.issued_on is not None:
        term = f"{_day(licence.issued_on, lang)}{space}{term}"
    if licence.coverage is None:
        covered = word("unknown_coverage", lang)
    elif zh:
        covered = "、".join(p.name_zh for p in licence.coverage)
    else:
        covered = ", ".join(p.name_en for p in licence.coverage)
    rows = [(word("licence_number", lang), number)]
    if licence.holder:
        rows.append((word("holder", lang), licence.holder))
    rows += [
        (word("reviewed_on", lang), _day(result.as_of, lang)),
        (word("valid", lang), term),
        (word("provinces", lang), covered),
        (word("scopes", lang), ("、" if zh else ", ").join(licence.scopes)),
    ]
    return rows


def _coverage_lines(result: Review, lang: str) -> list[str]:
    """Whether the licence covers the business: not checked without a profile; else
    whether a coverage finding holds, and the licence the business needs."""
    if result.assessment is None:
        return [word("not_checked", lang)]
    missing = [f.code for f in result.findings if f.rule in _COVERAGE_RULES]
    if not missing:
        return [word("covers", lang)]
    assessment = result.assessment
    lines = [
        word("does_not_cover", lang) + _colon(lang) + ("、" if lang == "zh" else ", ").join(missing)
    ]
    if assessment.license_type is not None:
        if lang == "zh":
            needed = (
                f"{type_label(assessment.license_type, lang)}许可证（{assessment.authority_zh}）"
            )
        else:
            needed = f"{assessment.license_type.value} licence ({assessment.authority})"
        lines.append(f"{word('needs', lang)}{_colon(lang)}{needed}")
    return lines


def _obligation_cites(obligation: Obligation, lang: str) -> str:
    return _cites(obligation.citation, f"{word('rule', lang)} {obligation.rule}", lang, fact=False)


def _obligation_heading(result: Review, lang: str) -> str:
    count = len(result.obligations)
    title = word("obligations", lang)
    return f"{title}（{count}项）" if lang == "zh" else f"{title} ({count})"


def render_review_text(result: Review, lang: str = "en") -> str:
    """A licence holder's review for people: the licence, whether it covers the business
    (with a profile), the obligations by due day with their state and source, then the
    findings by severity with their citations and advice.

    Raises:
        ValueError: ``lang`` is not ``en`` or ``zh``.
    """
    check_lang(lang)
    colon = _colon(lang)
    header = [(key, safe_text(value)) for key, value in _review_header(result, lang)]
    keys = [key + colon.strip() for key, _ in header]
    width = max(10, *(display_width(key) for key in keys))
    lines = [
        f"{ljust_display(key, width)} {value}" for key, (_, value) in zip(keys, header, strict=True)
    ]
    lines += ["", word("coverage", lang) + colon.rstrip()]
    lines += [f"  {line}" for line in _coverage_lines(result, lang)]
    lines += ["", _obligation_heading(result, lang)]
    if not result.obligations:
        lines.append(f"  {word('no_obligations', lang)}")
    states = [obligation_state_label(o.state, lang) for o in result.obligations]
    state_width = max((display_width(state) for state in states), default=0)
    for obligation, state in zip(result.obligations, states, strict=True):
        message = obligation.message_zh if lang == "zh" else obligation.message
        lines.append(
            f"  {obligation.due.isoformat()}  {ljust_display(state, state_width)}  "
            f"{obligation.title(lang)} [{obligation.code}]"
        )
        lines.append(f"      {message}")
        lines.append(f"      {word('cites', lang)}{colon}{_obligation_cites(obligation, lang)}")
    for severity in Severity:
        group = result.findings_with(severity)
        if not group:
            continue
        lines += ["", _group_heading(severity, len(group), lang)]
        for finding in group:
            lines += _finding_lines(finding, lang, colon)
    if not result.findings:
        lines += ["", word("no_findings", lang)]
    return "\n".join(lines)


def render_review_markdown(result: Review, lang: str = "en") -> str:
    """The review as Markdown: the licence, the coverage, the obligations as a table
    sorted by due day, then the findings by severity.

    Raises:
        ValueError: ``lang`` is not ``en`` or ``zh``.
    """
    check_lang(lang)
    colon = _colon(lang)
    header = _review_header(result, lang)
    lines = [f"# {markdown_text(result.licence.holder or result.licence.number)}", ""]
    lines += [f"- **{key}**{colon}{markdown_text(value)}" for key, value in header]
    lines += ["", f"## {word('coverage', lang)}", ""]
    lines += [f"- {line}" for line in _coverage_lines(result, lang)]
    lines += ["", f"## {_obligation_heading(result, lang)}", ""]
    if result.obligations:
        if lang == "zh":
            lines += ["| 截止日 | 状态 | 义务 | 依据 |", "|---|---|---|---|"]
        else:
            lines += ["| due | state | obligation | source |", "|---|---|---|---|"]
        for obligation in result.obligations:
            state = obligation_state_label(obligation.state, lang)
            title = f"{obligation.title(lang)} (`{obligation.code}`)"
            cites = _obligation_cites(obligation, lang).replace("|", "\\|")
            lines.append(f"| {obligation.due.isoformat()} | {state} | {title} | {cites} |")
    else:
        lines.append(word("no_obligations", lang))
    for severity in Severity:
        group = result.findings_with(severity)
        if not group:
            continue
        lines += ["", f"## {_group_heading(severity, len(group), lang)}", ""]
        for finding in group:
            message = finding.message_zh if lang == "zh" else finding.message
            mark = _mark(finding.pack, lang)
            lines.append(f"- **{finding.code}**{markdown_text(mark)}{colon}{message}")
            lines.append(f"  - {word('cites', lang)}{colon}{_citation(finding, lang)}")
            advice = finding.remediation_zh if lang == "zh" else finding.remediation
            if advice:
                lines.append(f"  - {word('todo', lang)}{colon}{advice}")
    if not result.findings:
        lines += ["", word("no_findings", lang)]
    return "\n".join(lines) + "\n"
