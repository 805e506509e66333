"""MIIT Order No. 42 Art. 6 (before 2017-09-01: Order No. 5 Art. 6): who may hold a
value-added licence.

Domain facts 2.1-2.7. Each condition is checked only once a licence is known to be
needed (a ``licence`` fact exists). An unmet condition is a blocking finding; a condition
whose evidence is unknown is a warning ending in ``_UNKNOWN``. Order 42 is cited from the
day it took effect (``in_force.order_42``), Order No. 5 before.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Final

from ..provinces import Province
from ..vocabulary import EntityType, Party
from . import remedies
from . import sources as law
from .citation import Confidence, Period, Provision, Severity, Source
from .facts import COMPANY, CONTEXT, LICENCE, VIOLATION
from .language import FindingSpec, Law, Match, Rule
from .parameters import param
from .wording import day_zh, yuan, yuan_zh

NOT_COMPANIES: Final = (
    EntityType.BRANCH,
    EntityType.PARTNERSHIP,
    EntityType.SOLE_PROPRIETORSHIP,
    EntityType.INDIVIDUAL,
    EntityType.PUBLIC_INSTITUTION,
)

#: The licence is the cross-regional one (a pattern shared with the exceptions to the
#: capital rule, which must match the same licence).
NATIONWIDE_LICENCE: Final = LICENCE.type == "nationwide"
#: Registered capital below the cross-regional minimum (shared likewise).
BELOW_NATIONWIDE_MINIMUM: Final = COMPANY.registered_capital_cny < param(
    "capital_minimum.nationwide"
)

FROM_ORDER_42: Final = Period(start=param("in_force.order_42"))
BEFORE_ORDER_42: Final = Period(end=param("in_force.order_42"))


def art_6(
    order_42: Provision, order_5: Provision, fact_id: str, confidence: Confidence = Confidence.HIGH
) -> tuple[Source, Source]:
    """The same item of Art. 6, cited from Order 42 on and after the day it took effect and
    from Order No. 5 before."""
    return (
        Source(order_42, fact_id, confidence, FROM_ORDER_42),
        Source(order_5, fact_id, confidence, BEFORE_ORDER_42),
    )


#: The legal forms that are not companies, as a Chinese document names them.
ENTITY_TYPES_ZH: Final = {
    EntityType.BRANCH.value: "分公司",
    EntityType.PARTNERSHIP.value: "合伙企业",
    EntityType.SOLE_PROPRIETORSHIP.value: "个人独资企业",
    EntityType.INDIVIDUAL.value: "个人",
    EntityType.PUBLIC_INSTITUTION.value: "事业单位",
}
#: Who committed a violation, in the words of Order No. 5 Art. 6(6).
PARTIES_ZH: Final = {
    Party.COMPANY.value: "公司",
    Party.MAJOR_INVESTOR.value: "主要出资者",
    Party.KEY_MANAGER.value: "主要经营管理人员",
}


# ------------------------------------------------------------------ Art. 6(4): capital

CAPITAL_BELOW_MINIMUM: Final = FindingSpec(
    "CAPITAL_BELOW_MINIMUM",
    Severity.BLOCKING,
    "Registered capital CNY {_capital_cny} is below the CNY {minimum_cny} minimum for the {licence_type} licence.",
    "注册资本{_capital_zh}低于{_scope_zh}最低限额{_minimum_zh}。",
    remediation="Raise registered capital by CNY {shortfall_cny} to at least CNY {minimum_cny}.{_regional_note}",
    evidence=("registered_capital_cny",),
    remediation_zh="请增加注册资本{_shortfall_zh}，使其不低于{_minimum_zh}。{_regional_note_zh}",
    remedies=(
        remedies.RAISE_CAPITAL,
        remedies.NARROW_TO_HOME,
        *remedies.NARROW_TO_ONE_SERVED,
        remedies.MOVE_SERVICE_TO_HOME,
    ),
)


def _capital_values(match: Match, law: Law) -> dict[str, Any]:
    """What the capital finding rests on: the minimum for the licence, the shortfall, and
    whether the regional minimum would suffice."""
    licence_type = str(match["licence"]["type"])
    capital: Decimal = match["company"]["registered_capital_cny"]
    minimum: Decimal = law[f"capital_minimum.{licence_type}"]
    regional: Decimal = law["capital_minimum.regional"]
    return {
        "licence_type": licence_type,
        "minimum_cny": yuan(minimum),
        "shortfall_cny": yuan(minimum - capital),
        "meets_regional_minimum": capital >= regional and minimum > regional,
    }


def _capital_wording(match: Match, law: Law) -> dict[str, Any]:
    """How the capital finding says it: the amounts in Chinese, and the note on the
    regional licence when the regional minimum would suffice."""
    licence_type = str(match["licence"]["type"])
    company = match["company"]
    capital: Decimal = company["registered_capital_cny"]
    minimum: Decimal = law[f"capital_minimum.{licence_type}"]
    regional: Decimal = law["capital_minimum.regional"]
    regional_ok = capital >= regional and minimum > regional
    home = Province(company["registered_province"])
    note = (
        f" The current capital meets the CNY {yuan(regional)} minimum for the regional "
        f"licence, which would suffice if the service were limited to {home.name_en} without "
        "a 95 number."
        if regional_ok
        else ""
    )
    note_zh = (
        f"现有注册资本已达到省内经营最低限额{yuan_zh(regional)}，如业务仅覆盖{home.name_zh}"
        "且不使用95号码，取得省内许可即可。"
        if regional_ok
        else ""
    )
    return {
        "_capital_cny": yuan(capital),
        "_regional_note": note,
        "_scope_zh": "跨地区经营" if licence_type == "nationwide" else "省内经营",
        "_capital_zh": yuan_zh(capital),
        "_minimum_zh": yuan_zh(minimum),
        "_shortfall_zh": yuan_zh(minimum - capital),
        "_regional_note_zh": note_zh,
    }


_MIN_CAPITAL = art_6(law.ORDER_42_ART_6_4, law.ORDER_5_ART_6_4, "2.4")

# ------------------------------------------------------------------ the violation record


def _violation_values(match: Match, law: Law) -> dict[str, Any]:
    violation = match["violation"]
    return {
        "violation_index": violation["index"],
        "party": violation["party"],
        "violation_date": violation["date"].isoformat(),
        "years": law["violation_record.lookback"],
        "_party_zh": PARTIES_ZH.get(violation["party"], violation["party"]),
        "_violation_date_zh": day_zh(violation["date"]),
    }


def _entity_values(match: Match, _law: Law) -> dict[str, Any]:
    entity_type = match["company"]["entity_type"]
    return {
        "entity_type": entity_type,
        "_entity_type_zh": ENTITY_TYPES_ZH.get(entity_type, entity_type),
    }


_DISHONESTY_LIST = (Source(law.ORDER_42_ART_6_6, "2.6", Confidence.HIGH, FROM_ORDER_42),)
_NO_RECENT_VIOLATION = (Source(law.ORDER_5_ART_6_6, "2.6", Confidence.HIGH, BEFORE_ORDER_42),)

RULES: Final = (
    # -------------------------------------------------------------- Art. 6(1): a company
    Rule(
        id="COMPANY-FORM",
        summary="The operator must be a company established according to law.",
        summary_zh="经营者须为依法设立的公司。",
        sources=art_6(law.ORDER_42_ART_6_1, law.ORDER_5_ART_6_1, "2.1"),
        when={"licence": LICENCE, "company": COMPANY.entity_type.is_one_of(NOT_COMPANIES)},
        values=_entity_values,
        findings=(
            FindingSpec(
                "NOT_A_COMPANY",
                Severity.BLOCKING,
                "Only a company established according to law may hold the licence; the applicant is a {entity_type}.",
                "经营者须为依法设立的公司；申请主体为{_entity_type_zh}。",
                remediation="Apply through a limited liability or joint-stock company.",
                remediation_zh="请以有限责任公司或者股份有限公司作为申请主体。",
                remedies=(remedies.FORM_A_COMPANY,),
                evidence=("entity_type",),
            ),
        ),
    ),
    Rule(
        id="COMPANY-FORM-UNKNOWN",
        summary="When the legal form is 'other', whether it is a company is unknown.",
        summary_zh="主体类型为“其他”的，是否属于公司未知。",
        sources=art_6(law.ORDER_42_ART_6_1, law.ORDER_5_ART_6_1, "2.1"),
        when={"licence": LICENCE, "company": COMPANY.entity_type == EntityType.OTHER.value},
        findings=(
            FindingSpec(
                "ENTITY_TYPE_UNKNOWN",
                Severity.WARNING,
                "The legal form is 'other'; only a company established according to law may hold the licence.",
                "主体类型为“其他”；经营者须为依法设立的公司。",
                remediation="State whether the applicant is a limited liability or joint-stock company.",
                remediation_zh="请说明申请主体是否为有限责任公司或者股份有限公司。",
                remedies=(
                    remedies.state(
                        "entity_type",
                        "limited_liability_company",
                        "State the applicant's legal form: a limited liability company.",
                        "说明申请主体的组织形式：有限责任公司。",
                    ),
                ),
                evidence=("entity_type",),
            ),
        ),
    ),
    # -------------------------------------------------------------- Art. 6(4): capital
    Rule(
        id="CAPITAL-NATIONWIDE",
        summary="A nationwide licence needs registered capital of at least CNY {capital_minimum.nationwide}.",
        summary_zh="申请跨地区许可的，注册资本不低于{capital_minimum.nationwide}。",
        sources=_MIN_CAPITAL,
        when={
            "licence": NATIONWIDE_LICENCE,
            "company": BELOW_NATIONWIDE_MINIMUM,
        },
        values=_capital_values,
        wording=_capital_wording,
        parameters=("capital_minimum.regional",),
        findings=(CAPITAL_BELOW_MINIMUM,),
    ),
    Rule(
        id="CAPITAL-REGIONAL",
        summary="A regional licence needs registered capital of at least CNY {capital_minimum.regional}.",
        summary_zh="申请省内许可的，注册资本不低于{capital_minimum.regional}。",
        sources=_MIN_CAPITAL,
        when={
            "licence": LICENCE.type == "regional",
            "company": COMPANY.registered_capital_cny < param("capital_minimum.regional"),
        },
        values=_capital_values,
        wording=_capital_wording,
        findings=(CAPITAL_BELOW_MINIMUM,),
    ),
    # -------------------------------------------------------------- Art. 6(2): staff
    Rule(
        id="STAFF",
        summary="The operator must have professionals suited to the business.",
        summary_zh="经营者须有与开展经营活动相适应的专业人员。",
        sources=art_6(law.ORDER_42_ART_6_2, law.ORDER_5_ART_6_2, "2.2"),
        when={"licence": LICENCE, "company": COMPANY.professional_staff == 0},
        findings=(
            FindingSpec(
                "NO_PROFESSIONAL_STAFF",
                Severity.BLOCKING,
                "The applicant has no professional staff; the law requires professionals suited to the business.",
                "申请者没有专业人员；须有与开展经营活动相适应的专业人员。",
                remediation="Employ professional staff for the call-center business.",
                remediation_zh="请为呼叫中心业务配备专业人员。",
                remedies=(
                    remedies.capability(
                        "professional_staff",
                        "@staff.agency_practice",
                        "Employ professional staff for the call-center business: {proposed}, the number licensing reviewers are reported to expect.",
                        "配备呼叫中心业务专业人员：{proposed}，即据报道审核时期望的人数。",
                    ),
                ),
                evidence=("professional_staff",),
            ),
        ),
    ),
    Rule(
        id="STAFF-UNKNOWN",
        summary="Unknown evidence for: the operator must have professionals suited to the business.",
        summary_zh="证据未知：经营者须有与开展经营活动相适应的专业人员。",
        sources=art_6(law.ORDER_42_ART_6_2, law.ORDER_5_ART_6_2, "2.2"),
        when={"licence": LICENCE, "company": COMPANY.professional_staff.is_unknown()},
        findings=(
            FindingSpec(
                "PROFESSIONAL_STAFF_UNKNOWN",
                Severity.WARNING,
                "The number of professional staff is unknown.",
                "专业人员数量未知。",
                remediation="Provide professional_staff.",
                remediation_zh="请提供 professional_staff（专业人员人数）。",
                remedies=(
                    remedies.state(
                        "professional_staff",
                        "@staff.agency_practice",
                        "State the number of professional staff: {proposed} or more.",
                        "说明专业人员人数：{proposed}或以上。",
                    ),
                ),
                evidence=("professional_staff",),
            ),
        ),
    ),
    Rule(
        id="STAFF-AGENCY-PRACTICE",
        summary="Agencies report that reviewers expect at least {staff.agency_practice} staff with social insurance; the law sets no number.",
        summary_zh="据代理机构称，审核时要求至少{staff.agency_practice}名缴纳社保的员工；法规未规定人数。",
        sources=art_6(law.ORDER_42_ART_6_2, law.ORDER_5_ART_6_2, "2.2", Confidence.LOW),
        when={
            "licence": LICENCE,
            "company": (COMPANY.professional_staff > 0)
            & (COMPANY.professional_staff < param("staff.agency_practice")),
        },
        values=lambda match, law: {
            "professional_staff": match["company"]["professional_staff"],
            "practice": law["staff.agency_practice"],
        },
        findings=(
            FindingSpec(
                "STAFF_BELOW_AGENCY_PRACTICE",
                Severity.WARNING,
                "{professional_staff} professional staff: the law sets no number, but agencies most often quote {practice} staff with social insurance as what reviewers expect (some: 5 insured, or 10 in total of whom 5 insured; low confidence).",
                "专业人员{professional_staff}人：法规未规定人数，但代理机构多称审核要求至少{practice}名缴纳社保的员工（另有5人或共10人其中5人缴纳社保之说，低可信度）。",
                remediation="Be ready to show social-insurance records for at least {practice} staff.",
                remediation_zh="请准备至少{practice}名员工的社保缴纳证明。",
                evidence=("professional_staff",),
            ),
        ),
    ),
    # -------------------------------------------------------------- Art. 6(5)
    Rule(
        id="PREMISES",
        summary="The operator must have the necessary premises and facilities.",
        summary_zh="经营者须有必要的场地、设施。",
        sources=art_6(law.ORDER_42_ART_6_5, law.ORDER_5_ART_6_5, "2.5"),
        when={"licence": LICENCE, "company": COMPANY.has_premises_and_facilities.is_false()},
        findings=(
            FindingSpec(
                "NO_PREMISES_OR_FACILITIES",
                Severity.BLOCKING,
                "The applicant lacks the necessary premises and facilities.",
                "申请者不具备必要的场地、设施。",
                remediation="Secure premises and call-center facilities (or a data-center contract).",
                remediation_zh="请落实经营场地和呼叫中心设施（或者签订机房租用合同）。",
                remedies=(
                    remedies.capability(
                        "has_premises_and_facilities",
                        True,
                        "Secure premises and call-center facilities (or a data-center contract).",
                        "落实经营场地和呼叫中心设施（或签订机房托管合同）。",
                    ),
                ),
                evidence=("has_premises_and_facilities",),
            ),
        ),
    ),
    Rule(
        id="PREMISES-UNKNOWN",
        summary="Unknown evidence for: the operator must have the necessary premises and facilities.",
        summary_zh="证据未知：经营者须有必要的场地、设施。",
        sources=art_6(law.ORDER_42_ART_6_5, law.ORDER_5_ART_6_5, "2.5"),
        when={"licence": LICENCE, "company": COMPANY.has_premises_and_facilities.is_unknown()},
        findings=(
            FindingSpec(
                "PREMISES_OR_FACILITIES_UNKNOWN",
                Severity.WARNING,
                "Whether the applicant has the necessary premises and facilities is unknown.",
                "是否具备必要的场地、设施未知。",
                remediation="Provide has_premises_and_facilities.",
                remediation_zh="请提供 has_premises_and_facilities（是否具备必要的场地、设施）。",
                remedies=(
                    remedies.state(
                        "has_premises_and_facilities",
                        True,
                        "State that the premises and facilities are in place.",
                        "说明经营场地和设施已经落实。",
                    ),
                ),
                evidence=("has_premises_and_facilities",),
            ),
        ),
    ),
    Rule(
        id="TECHNICAL-PLAN",
        summary="The operator must have a technical plan.",
        summary_zh="经营者须有技术方案。",
        sources=art_6(law.ORDER_42_ART_6_5, law.ORDER_5_ART_6_5, "2.5"),
        when={"licence": LICENCE, "company": COMPANY.has_technical_plan.is_false()},
        findings=(
            FindingSpec(
                "NO_TECHNICAL_PLAN",
                Severity.BLOCKING,
                "The applicant has no technical plan.",
                "申请者没有技术方案。",
                remediation="Prepare the technical plan (network and system plan, equipment and seat list).",
                remediation_zh="请编制技术方案（网络及系统方案、设备清单和座席清单）。",
                remedies=(
                    remedies.capability(
                        "has_technical_plan",
                        True,
                        "Prepare the technical plan (network and system plan, equipment and seat list).",
                        "编制技术方案（网络及系统方案、设备清单和座席清单）。",
                    ),
                ),
                evidence=("has_technical_plan",),
            ),
        ),
    ),
    Rule(
        id="TECHNICAL-PLAN-UNKNOWN",
        summary="Unknown evidence for: the operator must have a technical plan.",
        summary_zh="证据未知：经营者须有技术方案。",
        sources=art_6(law.ORDER_42_ART_6_5, law.ORDER_5_ART_6_5, "2.5"),
        when={"licence": LICENCE, "company": COMPANY.has_technical_plan.is_unknown()},
        findings=(
            FindingSpec(
                "TECHNICAL_PLAN_UNKNOWN",
                Severity.WARNING,
                "Whether the applicant has a technical plan is unknown.",
                "是否具备技术方案未知。",
                remediation="Provide has_technical_plan.",
                remediation_zh="请提供 has_technical_plan（是否具备技术方案）。",
                remedies=(
                    remedies.state(
                        "has_technical_plan",
                        True,
                        "State that the technical plan is prepared.",
                        "说明技术方案已经编制。",
                    ),
                ),
                evidence=("has_technical_plan",),
            ),
        ),
    ),
    # -------------------------------------------------------------- Art. 6(3)
    Rule(
        id="LONG-TERM-SERVICE",
        summary="The operator must have the reputation or ability to serve users long term.",
        summary_zh="经营者须有为用户提供长期服务的信誉或者能力。",
        sources=art_6(law.ORDER_42_ART_6_3, law.ORDER_5_ART_6_3, "2.3"),
        when={"licence": LICENCE, "company": COMPANY.long_term_service_capability.is_false()},
        findings=(
            FindingSpec(
                "NO_LONG_TERM_SERVICE",
                Severity.BLOCKING,
                "The applicant lacks the reputation or ability to provide long-term service.",
                "申请者不具备为用户提供长期服务的信誉或者能力。",
                remediation="Document long-term service and quality measures.",
                remediation_zh="请以书面材料说明为用户提供长期服务和质量保障的措施。",
                remedies=(
                    remedies.capability(
                        "long_term_service_capability",
                        True,
                        "Document long-term service and quality measures.",
                        "制定为用户提供长期服务和质量保障的措施。",
                    ),
                ),
                evidence=("long_term_service_capability",),
            ),
        ),
    ),
    Rule(
        id="LONG-TERM-SERVICE-UNKNOWN",
        summary="Unknown evidence for: the operator must have the reputation or ability to serve users long term.",
        summary_zh="证据未知：经营者须有为用户提供长期服务的信誉或者能力。",
        sources=art_6(law.ORDER_42_ART_6_3, law.ORDER_5_ART_6_3, "2.3"),
        when={
            "licence": LICENCE,
            "company": COMPANY.long_term_service_capability.is_unknown(),
        },
        findings=(
            FindingSpec(
                "LONG_TERM_SERVICE_UNKNOWN",
                Severity.WARNING,
                "Whether the applicant can provide long-term service is unknown.",
                "是否具备为用户提供长期服务的信誉或者能力未知。",
                remediation="Provide long_term_service_capability.",
                remediation_zh="请提供 long_term_service_capability（是否具备为用户提供长期服务的信誉或者能力）。",
                remedies=(
                    remedies.state(
                        "long_term_service_capability",
                        True,
                        "State that long-term service and quality measures are in place.",
                        "说明已有为用户提供长期服务和质量保障的措施。",
                    ),
                ),
                evidence=("long_term_service_capability",),
            ),
        ),
    ),
    # -------------------------------------------------------------- Art. 6(6)
    Rule(
        id="DISHONESTY-LIST",
        summary="The company, its major investors and key managers must not be on the telecom business dishonesty list.",
        summary_zh="公司及其主要投资者和主要经营管理人员不得被列入电信业务经营失信名单。",
        sources=_DISHONESTY_LIST,
        period=FROM_ORDER_42,
        when={"licence": LICENCE, "company": COMPANY.on_dishonesty_list.is_true()},
        findings=(
            FindingSpec(
                "ON_DISHONESTY_LIST",
                Severity.BLOCKING,
                "The company, a major investor or a key manager is on the telecom business dishonesty list.",
                "公司或其主要投资者、主要经营管理人员被列入电信业务经营失信名单。",
                remediation="The listing must be removed before applying.",
                remediation_zh="须先移出电信业务经营失信名单，方可申请。",
                evidence=("on_dishonesty_list",),
            ),
        ),
    ),
    Rule(
        id="DISHONESTY-LIST-UNKNOWN",
        summary="Unknown evidence for: the company, its major investors and key managers must not be on the telecom business dishonesty list.",
        summary_zh="证据未知：公司及其主要投资者和主要经营管理人员不得被列入电信业务经营失信名单。",
        sources=_DISHONESTY_LIST,
        period=FROM_ORDER_42,
        when={"licence": LICENCE, "company": COMPANY.on_dishonesty_list.is_unknown()},
        findings=(
            FindingSpec(
                "DISHONESTY_LIST_UNKNOWN",
                Severity.WARNING,
                "Whether the company, its major investors or key managers are on the telecom business dishonesty list is unknown.",
                "公司及其主要投资者、主要经营管理人员是否被列入电信业务经营失信名单未知。",
                remediation="Check the list and provide on_dishonesty_list.",
                remediation_zh="请查询电信业务经营失信名单，并提供 on_dishonesty_list（是否被列入失信名单）。",
                remedies=(
                    remedies.state(
                        "on_dishonesty_list",
                        False,
                        "Check the list of dishonest telecom operators and state that the company is not on it.",
                        "查询电信业务经营不良名单和失信名单，说明公司未被列入。",
                    ),
                ),
                evidence=("on_dishonesty_list",),
            ),
        ),
    ),
    Rule(
        id="RECENT-VIOLATION",
        summary="Before Order 42: no violation of telecom supervision rules within three years by the company, its major investors or key managers.",
        summary_zh="工业和信息化部令第42号施行前：公司及其主要出资者和主要经营管理人员三年内无违反电信监督管理制度的违法记录。",
        sources=_NO_RECENT_VIOLATION,
        period=BEFORE_ORDER_42,
        when={
            "licence": LICENCE,
            "context": CONTEXT,
            # The day exactly three years before still counts as "within three years".
            "violation": VIOLATION.date.within_years_before(
                CONTEXT.as_of, param("violation_record.lookback")
            ),
        },
        values=_violation_values,
        findings=(
            FindingSpec(
                "RECENT_VIOLATION",
                Severity.BLOCKING,
                "A violation of telecom supervision rules by the {party} on {violation_date} is within the {years} years before the assessment date (Order No. 5).",
                "{_party_zh}于{_violation_date_zh}有违反电信监督管理制度的违法记录，在评估日前{years}年内（工业和信息化部令第5号）。",
                remediation="Wait until {years} years have passed since the violation.",
                remediation_zh="请待该违法行为发生之日起满{years}年后再申请。",
                evidence=("violations",),
                repeatable=True,
            ),
        ),
    ),
    Rule(
        id="RECENT-VIOLATION-UNKNOWN",
        summary="Before Order 42: the violation record must be known to check the three-year condition.",
        summary_zh="工业和信息化部令第42号施行前：须知悉违法记录，方能核查三年内无违法记录的条件。",
        sources=_NO_RECENT_VIOLATION,
        period=BEFORE_ORDER_42,
        when={"licence": LICENCE, "company": COMPANY.violations_known.is_false()},
        constants={
            "_until": param("in_force.order_42"),
            "_until_zh": param("in_force.order_42"),
        },
        findings=(
            FindingSpec(
                "VIOLATION_RECORD_UNKNOWN",
                Severity.WARNING,
                "The violation record of the company, its major investors and key managers is unknown; before {_until} none may lie within three years.",
                "公司及其主要出资者、主要经营管理人员的违法记录未知；{_until_zh}前要求三年内无违法记录。",
                remediation="Provide violations (an empty list if there are none).",
                remediation_zh="请提供 violations（违法记录；如无违法记录，请提供空列表）。",
                remedies=(
                    remedies.state(
                        "violations",
                        [],
                        "State the violation record: no violations of telecom supervision rules.",
                        "说明违法记录：无违反电信监督管理制度的行为。",
                    ),
                ),
                evidence=("violations",),
            ),
        ),
    ),
)

__all__ = [
    "BEFORE_ORDER_42",
    "BELOW_NATIONWIDE_MINIMUM",
    "CAPITAL_BELOW_MINIMUM",
    "ENTITY_TYPES_ZH",
    "FROM_ORDER_42",
    "NATIONWIDE_LICENCE",
    "NOT_COMPANIES",
    "PARTIES_ZH",
    "RULES",
    "art_6",
    "yuan",
]
