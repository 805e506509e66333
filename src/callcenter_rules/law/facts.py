"""The facts the rules speak of, with their fields in real units.

Given (built from the profile by `callcenter_rules.facts`):

``company``
    one per assessment: what is known about the applicant.
``context``
    ``as_of``, the day whose law applies.
``policy``
    the choices where the law is unsettled.
``service_area``
    one per province where end users reach the service.
``violation``
    one per recorded violation of telecom supervision rules.

For a licence holder's review (`callcenter_rules.api.Engine.review`), a fact family of its
own, which no assessment asserts and no assessment rule reads:

``review_day``
    ``as_of``, the day reviewed.
``held_licence``
    the licence held and its holder's record.
``licence_term``
    the days of the licence's term, worked out from the dated parameters: its expiry, the
    last day to apply for renewal and the day the library starts reminding.
``held_scope``
    one per business category the licence lists, and whether its service was launched.
``licence_event``, ``event_deadlines``
    one per dated change (its kind, when it happened, when it was filed), and the days
    the parameters put after (or before) it, joined by ``index``.
``report_year``
    one per year whose annual report may be due: the window and the last day.
``needed_licence``, ``served_province``, ``needed_scope``
    with a profile: the licence its assessment says the business needs, each province it
    serves (and whether the licence covers it), each scope it needs (and whether the
    licence lists it).

Derived by the rules: ``b24`` (some activity is call-center business), ``scope``,
``not_required``, ``licence``, ``authority`` (where it differs from the licence's); after
the tally of findings, ``decision``.
"""

from __future__ import annotations

from typing import Final

from ..cities import City
from ..vocabulary import InvestorOrigin, Zone
from .language import FactType, Field, Unit

#: The groups of cities the law distinguishes (see `CITY_GROUPS` in
#: `callcenter_rules.law.foreign_investment`).
CITY_GROUP_NAMES: Final = ("offshore_pilot", "later_demonstration", "cepa", "other")

__all__ = [
    "AUTHORITY",
    "B24",
    "CAP_APPLIES",
    "CAP_REACHES",
    "CITY_GROUP_NAMES",
    "COMPANY",
    "CONTEXT",
    "DECISION",
    "DERIVED",
    "EVENT_DEADLINES",
    "GIVEN",
    "HELD_LICENCE",
    "HELD_SCOPE",
    "HOLDER_FACTS",
    "LICENCE",
    "LICENCE_EVENT",
    "LICENCE_TERM",
    "NEEDED_LICENCE",
    "NEEDED_SCOPE",
    "NOT_REQUIRED",
    "POLICY",
    "REPORT_YEAR",
    "REVIEW_DAY",
    "SCOPE",
    "SERVED_PROVINCE",
    "SERVICE_AREA",
    "TALLY",
    "VIOLATION",
]


def _company(
    name: str,
    unit: Unit,
    label: str,
    *,
    label_zh: str,
    optional: bool = False,
    never_empty: bool = False,
    domain: tuple[str, ...] = (),
) -> Field:
    return Field(
        "company",
        name,
        unit,
        label,
        optional,
        label_zh=label_zh,
        never_empty=never_empty,
        domain=domain,
    )


COMPANY: Final = FactType(
    "company",
    (
        _company("entity_type", Unit.CODE, "entity type", label_zh="主体类型"),
        _company("registered_capital_cny", Unit.YUAN, "registered capital", label_zh="注册资本"),
        _company("registered_province", Unit.CODE, "registered province", label_zh="注册地省份"),
        _company("service_province_count", Unit.COUNT, "service provinces", label_zh="服务省份数"),
        _company("activities", Unit.CODES, "activities", label_zh="业务活动", never_empty=True),
        _company("end_users", Unit.CODES, "end users", label_zh="最终用户所在地", never_empty=True),
        _company("clients", Unit.CODES, "clients", label_zh="委托单位所在地", never_empty=True),
        _company("platform_location", Unit.CODE, "platform location", label_zh="平台所在地"),
        _company("foreign_equity_percent", Unit.PERCENT, "foreign equity", label_zh="外资股比"),
        _company("wholly_foreign_owned", Unit.FLAG, "wholly foreign-owned", label_zh="外商独资"),
        # registered_zone: a `callcenter_rules.model.Zone` value, or "none".
        _company(
            "registered_zone",
            Unit.CODE,
            "registered zone",
            label_zh="注册所在区域",
            domain=(*(zone.value for zone in Zone), "none"),
        ),
        _company("number_95", Unit.FLAG, "95 number", label_zh="95号码"),
        _company("number_96", Unit.FLAG, "96 number", label_zh="96号码"),
        _company(
            "number_95_customer_service",
            Unit.FLAG,
            "95 customer-service short number",
            label_zh="95客服短号码",
        ),
        _company(
            "other_value_added_services",
            Unit.CODES,
            "other value-added services",
            label_zh="其他增值电信业务",
        ),
        _company("violations_known", Unit.FLAG, "violation record known", label_zh="违法记录已知"),
        _company(
            "professional_staff",
            Unit.COUNT,
            "professional staff",
            label_zh="专业人员人数",
            optional=True,
        ),
        _company(
            "has_premises_and_facilities",
            Unit.FLAG,
            "premises and facilities",
            label_zh="场地和设施",
            optional=True,
        ),
        _company(
            "has_technical_plan", Unit.FLAG, "technical plan", label_zh="技术方案", optional=True
        ),
        _company(
            "long_term_service_capability",
            Unit.FLAG,
            "long-term service",
            label_zh="长期服务的信誉或者能力",
            optional=True,
        ),
        _company(
            "on_dishonesty_list",
            Unit.FLAG,
            "on the dishonesty list",
            label_zh="列入电信业务经营失信名单",
            optional=True,
        ),
        _company(
            "foreign_investor_track_record",
            Unit.FLAG,
            "foreign investor's track record",
            label_zh="外方主要投资者的良好业绩和运营经验",
            optional=True,
        ),
        # registered_city: a `callcenter_rules.cities.City` value (a municipality's own
        # city when the company is registered in one).
        _company(
            "registered_city",
            Unit.CODE,
            "registered city",
            label_zh="注册所在城市",
            optional=True,
            domain=tuple(city.value for city in City),
        ),
        # city_group: what the law makes of the city of registration (the value of
        # `callcenter_rules.law.foreign_investment.CITY_GROUPS` for it); absent when the
        # city is not known.
        _company(
            "city_group",
            Unit.CODE,
            "city of registration's group",
            label_zh="注册所在城市类别",
            optional=True,
            domain=CITY_GROUP_NAMES,
        ),
        _company(
            "offshore_only",
            Unit.FLAG,
            "end users and clients all abroad",
            label_zh="最终用户和委托单位均在境外",
        ),
        _company(
            "foreign_investor_origin",
            Unit.CODE,
            "main foreign investor from",
            label_zh="外方主要投资者来源地",
            optional=True,
            domain=tuple(origin.value for origin in InvestorOrigin),
        ),
        _company(
            "false_materials_refused_on",
            Unit.DAY,
            "refused for false materials on",
            label_zh="因提供虚假材料被不予许可之日",
            optional=True,
        ),
    ),
)
CONTEXT: Final = FactType(
    "context", (Field("context", "as_of", Unit.DAY, "as_of", label_zh="评估日"),)
)
POLICY: Final = FactType(
    "policy",
    (
        Field(
            "policy",
            "in_house_hotline_is_b24",
            Unit.FLAG,
            "in-house hotline is B24",
            label_zh="本企业客服热线按B24计",
        ),
    ),
)
SERVICE_AREA: Final = FactType(
    "service_area", (Field("service_area", "province", Unit.CODE, "province", label_zh="服务省份"),)
)
VIOLATION: Final = FactType(
    "violation",
    (
        Field("violation", "index", Unit.COUNT, "index", label_zh="序号"),
        Field("violation", "party", Unit.CODE, "party", label_zh="违法主体"),
        Field("violation", "date", Unit.DAY, "date", label_zh="违法日期"),
    ),
)

B24: Final = FactType("b24", derived=True)
SCOPE: Final = FactType(
    "scope", (Field("scope", "code", Unit.CODE, "code", label_zh="业务种类"),), derived=True
)
NOT_REQUIRED: Final = FactType("not_required", derived=True)
LICENCE: Final = FactType(
    "licence",
    (
        Field("licence", "type", Unit.CODE, "type", label_zh="许可类型"),
        #: "MIIT", or the GB/T 2260 code of the province whose administration issues it.
        Field("licence", "authority", Unit.CODE, "authority", label_zh="发证机关"),
    ),
    derived=True,
)
#: Who issues the licence where it is not the authority the ``licence`` fact names (Telecom
#: Regulations Art. 9): a foreign-invested applicant before 2022-05-01 applies to MIIT.
AUTHORITY: Final = FactType(
    "authority",
    (Field("authority", "issuer", Unit.CODE, "issuer", label_zh="受理机关"),),
    derived=True,
)
#: The foreign-equity cap reaches the company on the day (before 2019-07-30, outside the
#: free-trade zones it was lifted in), before the pilots that lift it are considered.
CAP_REACHES: Final = FactType("cap_reaches", derived=True)
#: The foreign-equity cap applies to the company on the day: it reaches it and no pilot
#: lifts it.
CAP_APPLIES: Final = FactType("cap_applies", derived=True)
#: The findings so far by outcome, asserted once the first stratum of rules is quiet.
TALLY: Final = FactType(
    "tally",
    (
        Field("tally", "unmet", Unit.COUNT, "unmet", label_zh="不符合项"),
        Field("tally", "unknown", Unit.COUNT, "unknown", label_zh="待补充项"),
        Field("tally", "note", Unit.COUNT, "note", label_zh="说明项"),
    ),
    derived=True,
)
DECISION: Final = FactType(
    "decision", (Field("decision", "status", Unit.CODE, "status", label_zh="结论"),), derived=True
)

#: Facts built from the input, and facts the rules derive.
GIVEN: Final = (COMPANY, CONTEXT, POLICY, SERVICE_AREA, VIOLATION)
DERIVED: Final = (
    B24,
    SCOPE,
    NOT_REQUIRED,
    LICENCE,
    AUTHORITY,
    CAP_REACHES,
    CAP_APPLIES,
    TALLY,
    DECISION,
)

# ---------------------------------------------------------------- a licence holder's review


def _field(
    fact: str,
    name: str,
    unit: Unit,
    label: str,
    label_zh: str,
    *,
    optional: bool = False,
    domain: tuple[str, ...] = (),
    never_empty: bool = False,
) -> Field:
    return Field(
        fact,
        name,
        unit,
        label,
        optional,
        label_zh=label_zh,
        domain=domain,
        never_empty=never_empty,
    )


_LICENCE_TYPES: Final = ("nationwide", "regional")

REVIEW_DAY: Final = FactType(
    "review_day", (_field("review_day", "as_of", Unit.DAY, "day reviewed", "审查日"),)
)
HELD_LICENCE: Final = FactType(
    "held_licence",
    (
        _field(
            "held_licence", "type", Unit.CODE, "licence type", "许可类型", domain=_LICENCE_TYPES
        ),
        _field("held_licence", "scopes", Unit.CODES, "scopes", "业务种类", never_empty=True),
        #: The access numbers held (``95``, ``96``, ``95_customer_service``).
        _field("held_licence", "numbers", Unit.CODES, "numbers held", "持有的码号"),
        _field(
            "held_licence",
            "renewal_applied_on",
            Unit.DAY,
            "renewal applied for on",
            "续期申请日",
            optional=True,
        ),
        _field(
            "held_licence",
            "outbound_undertaking_filed",
            Unit.FLAG,
            "outbound undertaking filed",
            "已提交呼出承诺书",
            optional=True,
        ),
        #: With a profile: whether the business makes outbound service calls.
        _field(
            "held_licence",
            "outbound_calling",
            Unit.FLAG,
            "outbound calling",
            "开展呼出服务",
            optional=True,
        ),
        _field(
            "held_licence",
            "on_non_compliance_list",
            Unit.FLAG,
            "on the non-compliance list",
            "列入电信业务经营不良名单",
            optional=True,
        ),
        _field(
            "held_licence",
            "on_dishonesty_list",
            Unit.FLAG,
            "on the dishonesty list",
            "列入电信业务经营失信名单",
            optional=True,
        ),
    ),
)
LICENCE_TERM: Final = FactType(
    "licence_term",
    (
        _field("licence_term", "expires_on", Unit.DAY, "expires on", "有效期至"),
        _field("licence_term", "renewal_due", Unit.DAY, "renewal due by", "续期申请截止日"),
        _field(
            "licence_term",
            "renewal_window_opens",
            Unit.DAY,
            "renewal reminder from",
            "续期提示起始日",
        ),
    ),
)
HELD_SCOPE: Final = FactType(
    "held_scope",
    (
        _field("held_scope", "code", Unit.CODE, "scope", "业务种类"),
        _field("held_scope", "launched", Unit.FLAG, "launched", "已实际开展", optional=True),
    ),
)
LICENCE_EVENT: Final = FactType(
    "licence_event",
    (
        _field("licence_event", "index", Unit.COUNT, "change", "变更序号"),
        _field("licence_event", "kind", Unit.CODE, "kind of change", "变更事项"),
        _field("licence_event", "happened_on", Unit.DAY, "changed on", "变更日"),
        _field("licence_event", "filed_on", Unit.DAY, "filed on", "办理日", optional=True),
    ),
)
EVENT_DEADLINES: Final = FactType(
    "event_deadlines",
    (
        _field("event_deadlines", "index", Unit.COUNT, "change", "变更序号"),
        _field("event_deadlines", "filing_due", Unit.DAY, "filing due by", "变更办理截止日"),
        _field("event_deadlines", "notice_due", Unit.DAY, "notice due by", "告知截止日"),
        _field(
            "event_deadlines",
            "advance_due",
            Unit.DAY,
            "advance application due by",
            "提前申请截止日",
        ),
        _field(
            "event_deadlines",
            "advance_window_opens",
            Unit.DAY,
            "advance application reminder from",
            "提前申请提示起始日",
        ),
    ),
)
REPORT_YEAR: Final = FactType(
    "report_year",
    (
        _field("report_year", "year", Unit.COUNT, "report year", "年报年度"),
        _field("report_year", "window_opens", Unit.DAY, "report window opens", "年报报送起始日"),
        _field("report_year", "due", Unit.DAY, "report due by", "年报报送截止日"),
        _field("report_year", "filed", Unit.FLAG, "report filed", "已报送年报", optional=True),
    ),
)
NEEDED_LICENCE: Final = FactType(
    "needed_licence",
    (
        _field(
            "needed_licence",
            "type",
            Unit.CODE,
            "licence needed",
            "所需许可类型",
            domain=_LICENCE_TYPES,
        ),
        #: "MIIT", or the GB/T 2260 code of the issuing province.
        _field("needed_licence", "authority", Unit.CODE, "issued by", "发证机关"),
    ),
)
SERVED_PROVINCE: Final = FactType(
    "served_province",
    (
        _field("served_province", "province", Unit.CODE, "province served", "服务省份"),
        _field(
            "served_province",
            "covered",
            Unit.FLAG,
            "covered by the licence",
            "许可覆盖",
            optional=True,
        ),
    ),
)
NEEDED_SCOPE: Final = FactType(
    "needed_scope",
    (
        _field("needed_scope", "code", Unit.CODE, "scope needed", "所需业务种类"),
        _field("needed_scope", "held", Unit.FLAG, "listed on the licence", "许可证已列明"),
    ),
)

#: The facts of a licence holder's review (given, none derived).
HOLDER_FACTS: Final = (
    REVIEW_DAY,
    HELD_LICENCE,
    LICENCE_TERM,
    HELD_SCOPE,
    LICENCE_EVENT,
    EVENT_DEADLINES,
    REPORT_YEAR,
    NEEDED_LICENCE,
    SERVED_PROVINCE,
    NEEDED_SCOPE,
)
