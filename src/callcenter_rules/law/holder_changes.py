"""Changes in a holder's life and the filings they call for, under two rules that differ,
shown side by side (domain fact 8.3; legal review 2026-12, section 5):

* MIIT Order No. 42, change chapter (Arts. 28-29 as an agency reproduces them; the numbers
  are not verified, medium confidence): a change of name, legal representative or
  registered capital is filed within 30 days after the registry change; a change of the
  operating entity (a merger or split, shareholders) or of business scope is applied for
  within 30 days of the decision (``holder.change_filing_days``).
* The Telecom Regulations Art. 15 (confirmed; high confidence on the text): a change of the
  operating entity or of business scope is applied for 90 days *in advance*
  (``holder.advance_application_days``).

And the numbering measures Art. 26 (confirmed): a holder of numbers tells the authority
that allocated them of a change of address or contacts within 10 working days
(``holder.numbers_address_change_working_days``; working days counted Monday to Friday,
see `.holder_calendar`).
"""

from __future__ import annotations

from typing import Any, Final

import attrs

from ..vocabulary import LicenceChange, NumberResource
from . import sources as law
from .citation import Confidence, Severity, Source
from .facts import EVENT_DEADLINES, HELD_LICENCE, LICENCE_EVENT, REVIEW_DAY
from .holder_calendar import shown_days
from .language import All, Condition, Field, FindingSpec, Law, Match, Rule

__all__ = ["ENTITY_OR_SCOPE", "KIND_WORDS", "REGISTRY", "RULES"]

#: Changes first made in the company registry, then filed (Order 42 Art. 29).
REGISTRY: Final = (
    LicenceChange.NAME,
    LicenceChange.LEGAL_REPRESENTATIVE,
    LicenceChange.REGISTERED_CAPITAL,
)
#: Changes of the operating entity or of business scope (Order 42 Art. 28; Regs Art. 15).
ENTITY_OR_SCOPE: Final = (
    LicenceChange.SHAREHOLDERS,
    LicenceChange.MERGER,
    LicenceChange.BUSINESS_SCOPE,
)

#: How each kind of change reads in a message, in English and Chinese.
KIND_WORDS: Final = {
    LicenceChange.NAME.value: ("change of name", "公司名称变更"),
    LicenceChange.LEGAL_REPRESENTATIVE.value: ("change of legal representative", "法定代表人变更"),
    LicenceChange.REGISTERED_CAPITAL.value: ("change of registered capital", "注册资本变更"),
    LicenceChange.SHAREHOLDERS.value: (
        "change of shareholders (operating entity)",
        "股东变更（经营主体变更）",
    ),
    LicenceChange.MERGER.value: (
        "merger or split (operating entity)",
        "合并或分立（经营主体变更）",
    ),
    LicenceChange.BUSINESS_SCOPE.value: ("change of business scope", "业务范围变更"),
    LicenceChange.ADDRESS.value: ("change of address or contacts", "通信地址或联系方式变更"),
}

_ORDER_42: Final = Source(law.ORDER_42_CHANGES, "8.3", Confidence.MEDIUM)
_ART_15: Final = Source(law.REGULATIONS_ART_15, "8.3", Confidence.HIGH)
_NUMBERS: Final = Source(law.NUMBERS_ADDRESS_CHANGE, "8.5", Confidence.HIGH)

_SAME_EVENT: Final = LICENCE_EVENT.index == EVENT_DEADLINES.index
_NOT_FILED: Final = LICENCE_EVENT.filed_on.is_unknown()


def _late(due: Field) -> Condition:
    """Filed after ``due`` (a field of the deadlines). Not filed at all is `_NOT_FILED`,
    in a rule of its own: the engine refuses a choice between an unknown day and a
    comparison of that day with another fact's."""
    return LICENCE_EVENT.filed_on > due


def _parts(condition: Condition) -> tuple[Condition, ...]:
    if isinstance(condition, All):
        return tuple(part for inner in condition.parts for part in _parts(inner))
    return (condition,)


def _and_late(rule: Rule, *, id: str, due: Field, summary: str, summary_zh: str) -> Rule:
    """``rule`` (stated for a change not filed) for a change filed after ``due``: the
    same finding, under its own ``id``."""
    event = rule.when["event"]
    assert isinstance(event, Condition)
    parts = _parts(event)
    assert parts[0] is _SAME_EVENT
    assert parts[-1] is _NOT_FILED
    return attrs.evolve(
        rule,
        id=id,
        summary=summary,
        summary_zh=summary_zh,
        # The comparison with the other fact before the choice of kinds: the engine
        # ignores such a comparison when it follows an "or" (see `callcenter_rules.compile`).
        when={**rule.when, "event": All((_SAME_EVENT, _late(due), *parts[1:-1]))},
    )


def _values(due: str, opens: str | None) -> Any:
    def values(match: Match, _law: Law) -> dict[str, Any]:
        event, deadlines = match["event"], match["deadlines"]
        filed = event.get("filed_on")
        words = KIND_WORDS[event["kind"]]
        return {
            "index": event["index"],
            "kind": event["kind"],
            "_kind": words[0],
            "_kind_zh": words[1],
            **shown_days(
                due=deadlines[due],
                window_opens=deadlines[opens] if opens else event["happened_on"],
                happened_on=event["happened_on"],
                done_on=filed,
            ),
            "done": filed is not None,
        }

    values.__qualname__ = f"values_{due}"
    return values


_filing = _values("filing_due", None)
_advance = _values("advance_due", "advance_window_opens")
_notice = _values("notice_due", None)

_FILED_ORDER_42 = "MIIT Order No. 42, change chapter, Arts. 28-29 as reproduced by an agency; the article numbers are not verified: medium confidence"
_FILED_ORDER_42_ZH = (
    "第42号令变更条款，据代理机构转述为第二十八条、第二十九条，条文序号未经核实；中等可信度"
)

_STATED: Final = (
    Rule(
        id="HOLDER-CHANGE-FILING",
        summary="A change of name, legal representative or registered capital, or of the operating entity or business scope, is filed within {holder.change_filing_days} days.",
        summary_zh="公司名称、法定代表人、注册资本，或者经营主体、业务范围发生变更的，应当在{holder.change_filing_days}日内办理许可证变更。",
        sources=(_ORDER_42,),
        when={
            "deadlines": EVENT_DEADLINES,
            "event": _SAME_EVENT & LICENCE_EVENT.kind.is_one_of((*REGISTRY, *ENTITY_OR_SCOPE)),
        },
        values=_filing,
        findings=(
            FindingSpec(
                "CHANGE_FILING",
                Severity.INFO,
                "File the {_kind} on {happened_on} with the issuing authority by {due} ({_rule}).",
                "请于{_due_zh}前就{_happened_on_zh}发生的{_kind_zh}向发证机关办理许可证变更（{_rule_zh}）。",
                obligation=True,
                repeatable=True,
            ),
        ),
        constants={"_rule": _FILED_ORDER_42, "_rule_zh": _FILED_ORDER_42_ZH},
    ),
    Rule(
        id="HOLDER-CHANGE-FILING-DUE",
        summary="A change is to be filed within {holder.change_filing_days} days and is not yet.",
        summary_zh="变更应当在{holder.change_filing_days}日内办理，目前尚未办理。",
        sources=(_ORDER_42,),
        when={
            "deadlines": EVENT_DEADLINES,
            "event": _SAME_EVENT
            & LICENCE_EVENT.kind.is_one_of((*REGISTRY, *ENTITY_OR_SCOPE))
            & _NOT_FILED,
            "review": (REVIEW_DAY.as_of >= LICENCE_EVENT.happened_on)
            & (REVIEW_DAY.as_of <= EVENT_DEADLINES.filing_due),
        },
        values=_filing,
        findings=(
            FindingSpec(
                "CHANGE_FILING_DUE",
                Severity.WARNING,
                "The {_kind} on {happened_on} must be filed with the issuing authority by {due}, and no filing is recorded ({_rule}).",
                "{_happened_on_zh}发生的{_kind_zh}应于{_due_zh}前向发证机关办理，目前未见办理记录（{_rule_zh}）。",
                remediation="File the change by {due}.",
                remediation_zh="请于{_due_zh}前办理变更。",
                evidence=("events",),
                repeatable=True,
            ),
        ),
        constants={"_rule": _FILED_ORDER_42, "_rule_zh": _FILED_ORDER_42_ZH},
    ),
    Rule(
        id="HOLDER-CHANGE-FILING-OVERDUE",
        summary="A change not filed within {holder.change_filing_days} days is overdue.",
        summary_zh="变更未在{holder.change_filing_days}日内办理的，已逾期。",
        sources=(_ORDER_42,),
        when={
            "deadlines": EVENT_DEADLINES,
            "event": _SAME_EVENT
            & LICENCE_EVENT.kind.is_one_of((*REGISTRY, *ENTITY_OR_SCOPE))
            & _NOT_FILED,
            "review": REVIEW_DAY.as_of > EVENT_DEADLINES.filing_due,
        },
        values=_filing,
        findings=(
            FindingSpec(
                "CHANGE_FILING_OVERDUE",
                Severity.WARNING,
                "The {_kind} on {happened_on} had to be filed by {due} and was not ({_rule}).",
                "{_happened_on_zh}发生的{_kind_zh}应于{_due_zh}前办理而未按期办理（{_rule_zh}）。",
                remediation="File the change at once, and explain the delay to the issuing authority.",
                remediation_zh="请立即办理变更，并向发证机关说明逾期原因。",
                evidence=("events",),
                repeatable=True,
            ),
        ),
        constants={"_rule": _FILED_ORDER_42, "_rule_zh": _FILED_ORDER_42_ZH},
    ),
    Rule(
        id="HOLDER-ADVANCE-APPLICATION",
        summary="A change of the operating entity or of business scope is applied for {holder.advance_application_days} days in advance.",
        summary_zh="变更经营主体或者业务范围的，应当提前{holder.advance_application_days}日提出申请。",
        sources=(_ART_15,),
        when={
            "deadlines": EVENT_DEADLINES,
            "event": _SAME_EVENT & LICENCE_EVENT.kind.is_one_of(ENTITY_OR_SCOPE),
        },
        values=_advance,
        findings=(
            FindingSpec(
                "CHANGE_ADVANCE_APPLICATION",
                Severity.INFO,
                "Apply to the issuing authority for the {_kind} on {happened_on} by {due}, 90 days in advance (Telecom Regulations Art. 15). MIIT Order No. 42 asks instead for an application within 30 days after the decision (article number not verified): the two rules differ, and both are shown.",
                "请于{_due_zh}前，即{_kind_zh}（{_happened_on_zh}）前90日，向发证机关提出申请（《电信条例》第十五条）。第42号令则规定自作出决定之日起30日内申请（条文序号未经核实）：两项规定不一致，一并列出。",
                obligation=True,
                repeatable=True,
            ),
        ),
    ),
    Rule(
        id="HOLDER-ADVANCE-DUE",
        summary="A change of entity or scope is coming and its advance application is not recorded.",
        summary_zh="经营主体或者业务范围即将变更，尚未见提前申请的记录。",
        sources=(_ART_15,),
        when={
            "deadlines": EVENT_DEADLINES,
            "event": _SAME_EVENT & LICENCE_EVENT.kind.is_one_of(ENTITY_OR_SCOPE) & _NOT_FILED,
            "review": (REVIEW_DAY.as_of >= EVENT_DEADLINES.advance_window_opens)
            & (REVIEW_DAY.as_of <= EVENT_DEADLINES.advance_due),
        },
        values=_advance,
        findings=(
            FindingSpec(
                "CHANGE_FILING_DUE",
                Severity.WARNING,
                "The {_kind} on {happened_on} must be applied for by {due}, 90 days in advance (Telecom Regulations Art. 15), and no application is recorded. MIIT Order No. 42 allows 30 days after the decision instead (medium confidence): the two rules differ.",
                "{_kind_zh}（{_happened_on_zh}）应于{_due_zh}前、即提前90日提出申请（《电信条例》第十五条），目前未见申请记录。第42号令则规定决定后30日内申请（中等可信度）：两项规定不一致。",
                remediation="Apply for the change by {due}.",
                remediation_zh="请于{_due_zh}前提出变更申请。",
                evidence=("events",),
                repeatable=True,
            ),
        ),
    ),
    Rule(
        id="HOLDER-ADVANCE-MISSED",
        summary="A change of entity or scope not applied for {holder.advance_application_days} days in advance missed the Telecom Regulations' deadline.",
        summary_zh="经营主体或者业务范围变更未提前{holder.advance_application_days}日申请的，未满足《电信条例》的期限要求。",
        sources=(_ART_15,),
        when={
            "deadlines": EVENT_DEADLINES,
            "event": _SAME_EVENT & LICENCE_EVENT.kind.is_one_of(ENTITY_OR_SCOPE) & _NOT_FILED,
            "review": REVIEW_DAY.as_of > EVENT_DEADLINES.advance_due,
        },
        values=_advance,
        findings=(
            FindingSpec(
                "CHANGE_FILING_OVERDUE",
                Severity.WARNING,
                "The {_kind} on {happened_on} had to be applied for by {due}, 90 days in advance (Telecom Regulations Art. 15), and was not. MIIT Order No. 42 asks instead for an application within 30 days after the decision (medium confidence): the two rules differ, and both are shown.",
                "{_kind_zh}（{_happened_on_zh}）应于{_due_zh}前、即提前90日提出申请（《电信条例》第十五条）而未按期申请。第42号令则规定决定后30日内申请（中等可信度）：两项规定不一致，一并列出。",
                remediation="Apply for the change at once, and explain the delay to the issuing authority.",
                remediation_zh="请立即提出变更申请，并向发证机关说明原因。",
                evidence=("events",),
                repeatable=True,
            ),
        ),
    ),
    Rule(
        id="HOLDER-NUMBERS-ADDRESS",
        summary="A holder of 95 or 96 numbers tells the authority that allocated them of a change of address or contacts within {holder.numbers_address_change_working_days} working days.",
        summary_zh="持有95或96号码的，通信地址、联系方式变更后应当在{holder.numbers_address_change_working_days}个工作日内告知码号资源分配机关。",
        sources=(_NUMBERS,),
        when={
            "held": HELD_LICENCE.numbers.includes(NumberResource.N95, NumberResource.N96),
            "deadlines": EVENT_DEADLINES,
            "event": _SAME_EVENT & (LICENCE_EVENT.kind == LicenceChange.ADDRESS.value),
        },
        values=_notice,
        findings=(
            FindingSpec(
                "NUMBERS_ADDRESS_NOTICE",
                Severity.INFO,
                "Tell the authority that allocated the numbers of the change of address or contacts (on {happened_on}) by {due}, within 10 working days (numbering measures Art. 26; working days counted Monday to Friday: a public holiday moves the day later, a weekend worked in its place earlier).",
                "请于{_due_zh}前，即{_happened_on_zh}通信地址或联系方式变更后10个工作日内，告知码号资源分配机关（《电信网码号资源管理办法》第二十六条；工作日按周一至周五计算，法定节假日及调休可能使该日期推后或提前）。",
                obligation=True,
                repeatable=True,
            ),
        ),
    ),
    Rule(
        id="HOLDER-NUMBERS-ADDRESS-DUE",
        summary="A holder of numbers moved and has not yet told the allocating authority.",
        summary_zh="码号使用者通信地址或联系方式已变更，尚未告知码号资源分配机关。",
        sources=(_NUMBERS,),
        when={
            "held": HELD_LICENCE.numbers.includes(NumberResource.N95, NumberResource.N96),
            "deadlines": EVENT_DEADLINES,
            "event": _SAME_EVENT & (LICENCE_EVENT.kind == LicenceChange.ADDRESS.value) & _NOT_FILED,
            "review": (REVIEW_DAY.as_of >= LICENCE_EVENT.happened_on)
            & (REVIEW_DAY.as_of <= EVENT_DEADLINES.notice_due),
        },
        values=_notice,
        findings=(
            FindingSpec(
                "CHANGE_FILING_DUE",
                Severity.WARNING,
                "The change of address or contacts (on {happened_on}) must be told to the authority that allocated the numbers by {due}, within 10 working days (numbering measures Art. 26; Monday to Friday counted, holidays not), and no notice is recorded.",
                "{_happened_on_zh}通信地址或联系方式变更，应于{_due_zh}前（10个工作日内，按周一至周五计算，未计节假日）告知码号资源分配机关（《电信网码号资源管理办法》第二十六条），目前未见告知记录。",
                remediation="Tell the allocating authority by {due}.",
                remediation_zh="请于{_due_zh}前告知码号资源分配机关。",
                evidence=("events", "numbers"),
                repeatable=True,
            ),
        ),
    ),
    Rule(
        id="HOLDER-NUMBERS-ADDRESS-OVERDUE",
        summary="A holder of numbers did not tell the allocating authority of its move within {holder.numbers_address_change_working_days} working days.",
        summary_zh="码号使用者未在{holder.numbers_address_change_working_days}个工作日内告知码号资源分配机关其通信地址或联系方式的变更。",
        sources=(_NUMBERS,),
        when={
            "held": HELD_LICENCE.numbers.includes(NumberResource.N95, NumberResource.N96),
            "deadlines": EVENT_DEADLINES,
            "event": _SAME_EVENT & (LICENCE_EVENT.kind == LicenceChange.ADDRESS.value) & _NOT_FILED,
            "review": REVIEW_DAY.as_of > EVENT_DEADLINES.notice_due,
        },
        values=_notice,
        findings=(
            FindingSpec(
                "CHANGE_FILING_OVERDUE",
                Severity.WARNING,
                "The change of address or contacts (on {happened_on}) had to be told to the authority that allocated the numbers by {due} (numbering measures Art. 26; working days counted Monday to Friday, holidays not), and was not.",
                "{_happened_on_zh}通信地址或联系方式变更，应于{_due_zh}前告知码号资源分配机关（《电信网码号资源管理办法》第二十六条；工作日按周一至周五计算，未计节假日）而未按期告知。",
                remediation="Tell the allocating authority at once.",
                remediation_zh="请立即告知码号资源分配机关。",
                evidence=("events", "numbers"),
                repeatable=True,
            ),
        ),
    ),
)
_BY_ID: Final = {rule.id: rule for rule in _STATED}

RULES: Final = (
    *_STATED,
    _and_late(
        _BY_ID["HOLDER-CHANGE-FILING-OVERDUE"],
        id="HOLDER-CHANGE-FILING-OVERDUE-LATE",
        due=EVENT_DEADLINES.filing_due,
        summary="A change filed after {holder.change_filing_days} days was filed late.",
        summary_zh="变更超过{holder.change_filing_days}日方才办理的，属逾期办理。",
    ),
    _and_late(
        _BY_ID["HOLDER-ADVANCE-MISSED"],
        id="HOLDER-ADVANCE-MISSED-LATE",
        due=EVENT_DEADLINES.advance_due,
        summary="A change of entity or scope applied for less than {holder.advance_application_days} days in advance missed the Telecom Regulations' deadline.",
        summary_zh="经营主体或者业务范围变更的申请距变更不足{holder.advance_application_days}日的，未满足《电信条例》的期限要求。",
    ),
    _and_late(
        _BY_ID["HOLDER-NUMBERS-ADDRESS-OVERDUE"],
        id="HOLDER-NUMBERS-ADDRESS-OVERDUE-LATE",
        due=EVENT_DEADLINES.notice_due,
        summary="A holder of numbers that told the allocating authority of its move after {holder.numbers_address_change_working_days} working days told it late.",
        summary_zh="码号使用者超过{holder.numbers_address_change_working_days}个工作日方才告知码号资源分配机关的，属逾期告知。",
    ),
)
