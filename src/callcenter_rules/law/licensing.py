"""Order 42 Art. 6 (before 2017-09-01: Order No. 5): who may hold a value-added licence.

Domain facts 2.1-2.7. Each condition is checked only once a licence is known to be
needed (a ``licence`` fact exists). An unmet condition is a blocking finding; a
condition whose evidence is unknown is a warning ending in ``_UNKNOWN``.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any, Final

from durable.lang import c, m

from ..engine import Bindings
from ..facts import cny, fen
from ..model import EntityType
from ..provinces import Province
from ..results import Confidence, Severity
from . import sources as law
from .rulebook import ALWAYS, FindingSpec, Period, Provision, Rule, Source, is_any

#: Minimum registered capital, Order 42 Art. 6(4) (fact 2.4).
MIN_CAPITAL_NATIONWIDE: Final = Decimal("10000000")
MIN_CAPITAL_REGIONAL: Final = Decimal("1000000")
#: Before Order 42: no violation "within three years" (fact 2.6).
VIOLATION_LOOKBACK_YEARS: Final = 3
#: Staff numbers agencies quote as practice; the law sets none (fact 2.2, low confidence).
AGENCY_PRACTICE_STAFF: Final = 10

NOT_COMPANIES: Final = (
    EntityType.BRANCH,
    EntityType.PARTNERSHIP,
    EntityType.SOLE_PROPRIETORSHIP,
    EntityType.INDIVIDUAL,
    EntityType.PUBLIC_INSTITUTION,
)

_BEFORE_42 = Period(end=law.ORDER_42_IN_FORCE)
_FROM_42 = Period(start=law.ORDER_42_IN_FORCE)

PROFILE = m.t == "profile"
LICENCE = m.t == "licence"


def _dated(
    provisions: tuple[Provision, Provision], fact_id: str, confidence: Confidence
) -> tuple[Source, ...]:
    """Cite Order 42 from 2017-09-01 and Order No. 5 before."""
    order_42, order_5 = provisions
    return (
        Source(order_42, fact_id, confidence, _FROM_42),
        Source(order_5, fact_id, confidence, _BEFORE_42),
    )


def _evidence_rules(
    *,
    rule_id: str,
    field: str,
    summary: str,
    sources: tuple[Source, ...],
    unmet: FindingSpec,
    unknown: FindingSpec,
    unmet_when: Any,
    period: Period = ALWAYS,
) -> tuple[Rule, Rule]:
    """A condition proved by one evidence field: unmet when ``unmet_when``, unknown when absent."""
    return (
        Rule(
            id=rule_id,
            summary=summary,
            sources=sources,
            period=period,
            when={"lic": LICENCE, "p": PROFILE & unmet_when},
            findings=(unmet,),
        ),
        Rule(
            id=f"{rule_id}-UNKNOWN",
            summary=f"Unknown evidence for: {summary[0].lower()}{summary[1:]}",
            sources=sources,
            period=period,
            when={"lic": LICENCE, "p": PROFILE & -getattr(m, field)},
            findings=(unknown,),
        ),
    )


def _capital_params(minimum: Decimal) -> Any:
    minimum_fen = fen(minimum)

    def params(b: Bindings) -> dict[str, Any]:
        capital_fen = int(b["p"]["capital_fen"])
        regional_ok = capital_fen >= fen(MIN_CAPITAL_REGIONAL) and minimum > MIN_CAPITAL_REGIONAL
        home = Province(b["p"]["registered_province"])
        note = (
            f" The current capital meets the CNY {cny(fen(MIN_CAPITAL_REGIONAL))} minimum for "
            f"the regional licence, which would suffice if the service were limited to "
            f"{home.name_en} without a 95 number."
            if regional_ok
            else ""
        )
        return {
            "licence_type": b["lic"]["type"],
            "minimum_cny": cny(minimum_fen),
            "_capital_cny": cny(capital_fen),
            "shortfall_cny": cny(minimum_fen - capital_fen),
            "meets_regional_minimum": regional_ok,
            "_regional_note": note,
        }

    return params


def _capital_rule(licence_type: str, minimum: Decimal, zh: str) -> Rule:
    return Rule(
        id=f"CAPITAL-{licence_type.upper()}",
        summary=f"A {licence_type} licence needs registered capital of at least CNY {minimum:,}.",
        sources=_dated(law.MIN_CAPITAL, "2.4", Confidence.HIGH),
        when={
            "lic": LICENCE & (m.type == licence_type),
            "p": PROFILE & (m.capital_fen < fen(minimum)),
        },
        params=_capital_params(minimum),
        findings=(
            FindingSpec(
                "CAPITAL_BELOW_MINIMUM",
                Severity.BLOCKING,
                "Registered capital CNY {_capital_cny} is below the CNY {minimum_cny} minimum "
                "for the {licence_type} licence.",
                "注册资本" + "{_capital_cny}元低于" + zh + "最低限额{minimum_cny}元。",
                remediation="Raise registered capital by CNY {shortfall_cny} to at least "
                "CNY {minimum_cny}.{_regional_note}",
                evidence=("registered_capital_cny",),
            ),
        ),
    )


def _violation_params(b: Bindings) -> dict[str, Any]:
    day = b["v"]["date"]
    return {
        "violation_index": b["v"]["index"],
        "party": b["v"]["party"],
        "violation_date": datetime.date(day // 10000, day // 100 % 100, day % 100).isoformat(),
        "years": VIOLATION_LOOKBACK_YEARS,
    }


RULES: Final = (
    Rule(
        id="COMPANY-FORM",
        summary="The operator must be a company established according to law.",
        sources=_dated(law.COMPANY, "2.1", Confidence.HIGH),
        when={
            "lic": LICENCE,
            "p": PROFILE & is_any(m.entity_type, (e.value for e in NOT_COMPANIES)),
        },
        findings=(
            FindingSpec(
                "NOT_A_COMPANY",
                Severity.BLOCKING,
                "Only a company established according to law may hold the licence; the "
                "applicant is a {entity_type}.",
                "经营者须为依法设立的公司；申请主体为{entity_type}。",
                remediation="Apply through a limited liability or joint-stock company.",
                evidence=("entity_type",),
            ),
        ),
        params=lambda b: {"entity_type": b["p"]["entity_type"]},
    ),
    Rule(
        id="COMPANY-FORM-UNKNOWN",
        summary="When the legal form is 'other', whether it is a company is unknown.",
        sources=_dated(law.COMPANY, "2.1", Confidence.HIGH),
        when={"lic": LICENCE, "p": PROFILE & (m.entity_type == EntityType.OTHER.value)},
        findings=(
            FindingSpec(
                "ENTITY_TYPE_UNKNOWN",
                Severity.WARNING,
                "The legal form is 'other'; only a company established according to law may "
                "hold the licence.",
                "主体类型为“其他”；经营者须为依法设立的公司。",
                remediation="State whether the applicant is a limited liability or joint-stock company.",
                evidence=("entity_type",),
            ),
        ),
    ),
    _capital_rule("nationwide", MIN_CAPITAL_NATIONWIDE, "跨地区经营"),
    _capital_rule("regional", MIN_CAPITAL_REGIONAL, "省内经营"),
    *_evidence_rules(
        rule_id="STAFF",
        field="professional_staff",
        summary="The operator must have professionals suited to the business.",
        sources=_dated(law.FUNDS_AND_STAFF, "2.2", Confidence.HIGH),
        unmet_when=m.professional_staff == 0,
        unmet=FindingSpec(
            "NO_PROFESSIONAL_STAFF",
            Severity.BLOCKING,
            "The applicant has no professional staff; the law requires professionals suited "
            "to the business.",
            "申请者没有专业人员；须有与开展经营活动相适应的专业人员。",
            remediation="Employ professional staff for the call-center business.",
            evidence=("professional_staff",),
        ),
        unknown=FindingSpec(
            "PROFESSIONAL_STAFF_UNKNOWN",
            Severity.WARNING,
            "The number of professional staff is unknown.",
            "专业人员数量未知。",
            remediation="Provide professional_staff.",
            evidence=("professional_staff",),
        ),
    ),
    Rule(
        id="STAFF-AGENCY-PRACTICE",
        summary="Agencies expect more staff than the law states (3 or 10 with social insurance).",
        sources=_dated(law.FUNDS_AND_STAFF, "2.2", Confidence.LOW),
        when={
            "lic": LICENCE,
            "p": PROFILE
            & (m.professional_staff > 0)
            & (m.professional_staff < AGENCY_PRACTICE_STAFF),
        },
        params=lambda b: {"professional_staff": b["p"]["professional_staff"]},
        findings=(
            FindingSpec(
                "STAFF_BELOW_AGENCY_PRACTICE",
                Severity.WARNING,
                "{professional_staff} professional staff: the law sets no number, but agencies "
                "quote 3, or 10 with social insurance, as what reviewers expect (low confidence).",
                "专业人员{professional_staff}人：法规未规定人数，但代理机构称审核通常要求3人或10名缴纳社保人员（低可信度）。",
                remediation="Be ready to show staff social-insurance records for about 10 people.",
                evidence=("professional_staff",),
            ),
        ),
    ),
    *_evidence_rules(
        rule_id="PREMISES",
        field="has_premises_and_facilities",
        summary="The operator must have the necessary premises and facilities.",
        sources=_dated(law.PREMISES_AND_PLAN, "2.5", Confidence.HIGH),
        unmet_when=m.has_premises_and_facilities == False,  # noqa: E712
        unmet=FindingSpec(
            "NO_PREMISES_OR_FACILITIES",
            Severity.BLOCKING,
            "The applicant lacks the necessary premises and facilities.",
            "申请者不具备必要的场地、设施。",
            remediation="Secure premises and call-center facilities (or a data-center contract).",
            evidence=("has_premises_and_facilities",),
        ),
        unknown=FindingSpec(
            "PREMISES_OR_FACILITIES_UNKNOWN",
            Severity.WARNING,
            "Whether the applicant has the necessary premises and facilities is unknown.",
            "是否具备必要的场地、设施未知。",
            remediation="Provide has_premises_and_facilities.",
            evidence=("has_premises_and_facilities",),
        ),
    ),
    *_evidence_rules(
        rule_id="TECHNICAL-PLAN",
        field="has_technical_plan",
        summary="The operator must have a technical plan.",
        sources=_dated(law.PREMISES_AND_PLAN, "2.5", Confidence.HIGH),
        unmet_when=m.has_technical_plan == False,  # noqa: E712
        unmet=FindingSpec(
            "NO_TECHNICAL_PLAN",
            Severity.BLOCKING,
            "The applicant has no technical plan.",
            "申请者没有技术方案。",
            remediation="Prepare the technical plan (network and system plan, equipment and seat list).",
            evidence=("has_technical_plan",),
        ),
        unknown=FindingSpec(
            "TECHNICAL_PLAN_UNKNOWN",
            Severity.WARNING,
            "Whether the applicant has a technical plan is unknown.",
            "是否具备技术方案未知。",
            remediation="Provide has_technical_plan.",
            evidence=("has_technical_plan",),
        ),
    ),
    *_evidence_rules(
        rule_id="LONG-TERM-SERVICE",
        field="long_term_service_capability",
        summary="The operator must have the reputation or ability to serve users long term.",
        sources=_dated(law.LONG_TERM_SERVICE, "2.3", Confidence.HIGH),
        unmet_when=m.long_term_service_capability == False,  # noqa: E712
        unmet=FindingSpec(
            "NO_LONG_TERM_SERVICE",
            Severity.BLOCKING,
            "The applicant lacks the reputation or ability to provide long-term service.",
            "申请者不具备为用户提供长期服务的信誉或者能力。",
            remediation="Document long-term service and quality measures.",
            evidence=("long_term_service_capability",),
        ),
        unknown=FindingSpec(
            "LONG_TERM_SERVICE_UNKNOWN",
            Severity.WARNING,
            "Whether the applicant can provide long-term service is unknown.",
            "是否具备为用户提供长期服务的信誉或者能力未知。",
            remediation="Provide long_term_service_capability.",
            evidence=("long_term_service_capability",),
        ),
    ),
    *_evidence_rules(
        rule_id="DISHONESTY-LIST",
        field="on_dishonesty_list",
        summary="The company, its major investors and key managers must not be on the telecom "
        "business dishonesty list.",
        sources=(Source(law.DISHONESTY_LIST, "2.6", Confidence.HIGH, _FROM_42),),
        period=_FROM_42,
        unmet_when=m.on_dishonesty_list == True,  # noqa: E712
        unmet=FindingSpec(
            "ON_DISHONESTY_LIST",
            Severity.BLOCKING,
            "The company, a major investor or a key manager is on the telecom business "
            "dishonesty list.",
            "公司或其主要出资者、主要经营管理人员被列入电信业务经营失信名单。",
            remediation="The listing must be removed before applying.",
            evidence=("on_dishonesty_list",),
        ),
        unknown=FindingSpec(
            "DISHONESTY_LIST_UNKNOWN",
            Severity.WARNING,
            "Whether the company, its major investors or key managers are on the telecom "
            "business dishonesty list is unknown.",
            "公司及其主要出资者、主要经营管理人员是否被列入电信业务经营失信名单未知。",
            remediation="Check the list and provide on_dishonesty_list.",
            evidence=("on_dishonesty_list",),
        ),
    ),
    Rule(
        id="RECENT-VIOLATION",
        summary="Before Order 42: no violation of telecom supervision rules within three years by "
        "the company, its major investors or key managers.",
        sources=(Source(law.NO_VIOLATION_3_YEARS, "2.6", Confidence.HIGH, _BEFORE_42),),
        period=_BEFORE_42,
        when={
            "lic": LICENCE,
            "ctx": m.t == "context",
            # Dates are YYYYMMDD integers: minus 30000 is the same day three years earlier,
            # and that day still counts as "within three years". No 29 February falls in
            # this rule's period (2016-03-01 to 2017-08-31), so every as_of has that day.
            "v": (m.t == "violation")
            & (m.date >= c.ctx.as_of - VIOLATION_LOOKBACK_YEARS * 10000)
            & (m.date <= c.ctx.as_of),
        },
        params=_violation_params,
        findings=(
            FindingSpec(
                "RECENT_VIOLATION",
                Severity.BLOCKING,
                "A violation of telecom supervision rules by the {party} on {violation_date} is "
                "within the {years} years before the assessment date (Order No. 5).",
                "{party}于{violation_date}有违反电信监督管理制度的违法记录，在评估日前{years}年内。",
                remediation="Wait until {years} years have passed since the violation.",
                evidence=("violations",),
            ),
        ),
    ),
    Rule(
        id="RECENT-VIOLATION-UNKNOWN",
        summary="Before Order 42: the violation record must be known to check the three-year condition.",
        sources=(Source(law.NO_VIOLATION_3_YEARS, "2.6", Confidence.HIGH, _BEFORE_42),),
        period=_BEFORE_42,
        when={"lic": LICENCE, "p": PROFILE & (m.violations_known == False)},  # noqa: E712
        findings=(
            FindingSpec(
                "VIOLATION_RECORD_UNKNOWN",
                Severity.WARNING,
                "The violation record of the company, its major investors and key managers is "
                "unknown; before 2017-09-01 none may lie within three years.",
                "公司及其主要出资者、主要经营管理人员的违法记录未知；2017年9月1日前要求三年内无违法记录。",
                remediation="Provide violations (an empty list if there are none).",
                evidence=("violations",),
            ),
        ),
    ),
)

__all__ = [
    "AGENCY_PRACTICE_STAFF",
    "MIN_CAPITAL_NATIONWIDE",
    "MIN_CAPITAL_REGIONAL",
    "NOT_COMPANIES",
    "RULES",
    "VIOLATION_LOOKBACK_YEARS",
]
