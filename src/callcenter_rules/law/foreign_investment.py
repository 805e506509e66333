"""Foreign investment: the cap on value-added telecom, its openings by place and time, and
the foreign-invested telecom rules.

Domain facts 4.1-4.6:

* Until the 2019 negative list (2019-07-30) foreign equity in value-added telecom was
  capped (``foreign_equity.cap``, 50%; e-commerce excepted). The instrument in force: the
  2015 guidance catalogue, the 2017 one from 2017-07-28, the 2018 negative list from
  2018-07-28. From 2018-07-30 the cap no longer applied to call centers in the pilot
  free-trade zones (the 2018 FTZ list).
* From 2019-07-30 call centers are excepted nationwide; a company that also holds another
  capped category stays under the cap for it (``foreign_equity.capped_services``). From
  2024-10-23 the opening pilot lifts the cap for several categories in four areas
  (``foreign_equity.capped_services_in_pilot_areas``).
* Until 2022-04-30 the 2016 foreign-invested telecom rules required a track record of the
  main foreign investor (Art. 10), an equity joint venture (Art. 2) and an application to
  MIIT (Arts. 12, 16). State Council Order No. 752 removed these from 2022-05-01.
"""

from __future__ import annotations

from typing import Final

from ..model import Zone
from . import remedies
from . import sources as law
from .citation import Confidence, Period, Severity, Source
from .facts import AUTHORITY, CAP_APPLIES, COMPANY, LICENCE
from .language import FindingSpec, Rule
from .licence_type import NATIONWIDE_AUTHORITY
from .parameters import param

BEFORE_2019_LIST: Final = Period(end=param("in_force.negative_list_2019"))
FROM_2019_LIST: Final = Period(start=param("in_force.negative_list_2019"))
BEFORE_FTZ_LIST: Final = Period(end=param("in_force.ftz_list_2018"))
FTZ_LIST_YEAR: Final = Period(
    start=param("in_force.ftz_list_2018"), end=param("in_force.negative_list_2019")
)
BEFORE_2022_RULES: Final = Period(end=param("in_force.foreign_telecom_rules_2022"))
FROM_2022_RULES: Final = Period(start=param("in_force.foreign_telecom_rules_2022"))

#: Where the 2018 FTZ list lifted the cap: a pilot free-trade zone, and Qianhai-Shekou (part
#: of the Guangdong FTZ since 2015).
FREE_TRADE_ZONES: Final = (Zone.FREE_TRADE_ZONE, Zone.SHENZHEN_QIANHAI)
#: Where it may or may not have: Pudong holds the original Shanghai FTZ but is not all FTZ
#: (and Lingang joined only on 2019-08-20); Hainan became a free-trade zone in October 2018.
UNSURE_ZONES: Final = (Zone.SHANGHAI_PUDONG_LINGANG, Zone.HAINAN_FREE_TRADE_PORT)
#: No free-trade zone in 2018-2019: not in a zone, Beijing (its FTZ dates from 2020-09),
#: Shenzhen outside Qianhai-Shekou.
NOT_FREE_TRADE_ZONES: Final = ("none", Zone.BEIJING_SERVICES_PILOT.value, Zone.SHENZHEN.value)
#: The areas of the 2024 opening pilot.
PILOT_AREAS: Final = (
    Zone.BEIJING_SERVICES_PILOT,
    Zone.SHANGHAI_PUDONG_LINGANG,
    Zone.HAINAN_FREE_TRADE_PORT,
    Zone.SHENZHEN,
    Zone.SHENZHEN_QIANHAI,
)
OUTSIDE_PILOT_AREAS: Final = ("none", Zone.FREE_TRADE_ZONE.value)

OVER_CAP: Final = COMPANY.foreign_equity_percent > param("foreign_equity.cap")
FOREIGN_INVESTED: Final = COMPANY.foreign_equity_percent > 0
_CAP: Final = {"cap_percent": param("foreign_equity.cap")}
# Days, for messages: a value whose name ends in _zh is written the Chinese way.
_EXEMPT_FROM: Final = {
    "_exempt_from": param("in_force.negative_list_2019"),
    "_exempt_from_zh": param("in_force.negative_list_2019"),
}
_RULES_2022: Final = {
    "_until": param("in_force.foreign_telecom_rules_2022"),
    "_until_zh": param("in_force.foreign_telecom_rules_2022"),
}

# The instrument that capped foreign equity on the day (point 9 of the legal review).
_CAP_BEFORE_2019: Final = (
    Source(
        law.CAP_GUIDANCE_2015,
        "4.1",
        Confidence.HIGH,
        Period(end=param("in_force.guidance_catalogue_2017")),
    ),
    Source(
        law.CAP_GUIDANCE_2017,
        "4.1",
        Confidence.HIGH,
        Period(
            start=param("in_force.guidance_catalogue_2017"),
            end=param("in_force.negative_list_2018"),
        ),
    ),
    Source(
        law.CAP_NEGATIVE_LIST_2018,
        "4.1",
        Confidence.HIGH,
        Period(
            start=param("in_force.negative_list_2018"), end=param("in_force.negative_list_2019")
        ),
    ),
)
_FOREIGN_CAP_RULES: Final = (
    Source(law.FOREIGN_CAP_2016, "4.5", Confidence.MEDIUM, BEFORE_2022_RULES),
    Source(law.FOREIGN_CAP_2022, "4.5", Confidence.MEDIUM, FROM_2022_RULES),
)

FOREIGN_EQUITY_OVER_CAP: Final = FindingSpec(
    "FOREIGN_EQUITY_OVER_CAP",
    Severity.BLOCKING,
    "Foreign equity above {cap_percent}% is not allowed in value-added telecom before {_exempt_from}.",
    "{_exempt_from_zh}前，增值电信业务外资股比不得超过{cap_percent}%。",
    remediation="Reduce foreign equity to at most {cap_percent}%, or assess on or after {_exempt_from}.",
    remediation_zh="请将外资股比降至不超过{cap_percent}%，或者以{_exempt_from_zh}及以后的日期进行评估。",
    remedies=(
        remedies.REDUCE_FOREIGN_EQUITY,
        remedies.REGISTER_IN_FREE_TRADE_ZONE,
    ),
    evidence=("foreign_equity_percent",),
)
FOREIGN_CAP_OTHER_SERVICES: Final = FindingSpec(
    "FOREIGN_CAP_OTHER_SERVICES",
    Severity.WARNING,
    "The other value-added services listed are still under the {cap_percent}% foreign-equity cap (capped: {_capped}; e-commerce within B21 is excepted); the call-center exception does not extend to them (medium confidence).",
    "所列其他增值电信业务仍受外资股比{cap_percent}%限制（受限：{_capped_zh}；B21中的电子商务除外），呼叫中心的例外不适用于这些业务（中等可信度）。",
    remediation="Hold the other categories in a company with at most {cap_percent}% foreign equity, or drop them.",
    remediation_zh="请由外资股比不超过{cap_percent}%的公司经营上述其他业务，或者放弃这些业务。",
    evidence=("foreign_equity_percent", "other_value_added_services", "registered_zone"),
)

RULES: Final = (
    # -------------------------------------------------------------- the cap until 2019
    Rule(
        id="FOREIGN-CAP",
        summary="Before {in_force.negative_list_2019}, foreign equity in a value-added telecom company may not exceed {foreign_equity.cap}% outside the free-trade zones.",
        summary_zh="{in_force.negative_list_2019}前，在自由贸易试验区以外，经营增值电信业务的企业外资股比不得超过{foreign_equity.cap}%。",
        sources=_CAP_BEFORE_2019,
        period=BEFORE_2019_LIST,
        when={
            "licence": LICENCE,
            "company": OVER_CAP & COMPANY.registered_zone.is_one_of(NOT_FREE_TRADE_ZONES),
        },
        constants={**_CAP, **_EXEMPT_FROM},
        derive=(CAP_APPLIES.make(),),
        findings=(FOREIGN_EQUITY_OVER_CAP,),
    ),
    Rule(
        id="FOREIGN-CAP-ZONES-BEFORE-2018",
        summary="Before {in_force.ftz_list_2018} the cap applied in the free-trade zones too (only the original Shanghai pilot area was opened).",
        summary_zh="{in_force.ftz_list_2018}前，自由贸易试验区内同样适用该限制（仅上海自由贸易试验区原有试点区域已开放）。",
        sources=_CAP_BEFORE_2019,
        period=BEFORE_FTZ_LIST,
        when={
            "licence": LICENCE,
            "company": OVER_CAP
            & COMPANY.registered_zone.is_one_of((*FREE_TRADE_ZONES, *UNSURE_ZONES)),
        },
        constants={**_CAP, **_EXEMPT_FROM},
        derive=(CAP_APPLIES.make(),),
        findings=(FOREIGN_EQUITY_OVER_CAP,),
    ),
    Rule(
        id="FOREIGN-CAP-PILOTS",
        summary="Before {in_force.negative_list_2019} some places were opened early: offshore call centers in the service-outsourcing demonstration cities (2010), the original Shanghai FTZ area (2014), all free-trade zones ({in_force.ftz_list_2018}).",
        summary_zh="{in_force.negative_list_2019}前，部分地区已先行开放：服务外包示范城市的离岸呼叫中心业务（2010年）、上海自由贸易试验区原有区域（2014年）、所有自由贸易试验区（{in_force.ftz_list_2018}）。",
        sources=(Source(law.FTZ_OPENING_2018, "4.3", Confidence.MEDIUM_HIGH, BEFORE_2019_LIST),),
        period=BEFORE_2019_LIST,
        when={"cap": CAP_APPLIES},
        findings=(
            FindingSpec(
                "FOREIGN_CAP_PILOT_EXCEPTIONS",
                Severity.WARNING,
                "Earlier partial openings may lift the cap: offshore call centers in the 21 service-outsourcing demonstration cities (from 2010), the original Shanghai free-trade zone area (from 2014) and all free-trade zones (from 2018-07-30, set registered_zone). Demonstration cities are not modelled.",
                "此前存在部分开放：服务外包示范城市的离岸呼叫中心（2010年起）、上海自贸区原有区域（2014年起）、全部自贸区（2018年7月30日起）；请填写 registered_zone（注册所在区域）。本库未对服务外包示范城市建模。",
                remediation="Check whether the company is in a demonstration city or a free-trade zone, and give registered_zone.",
                remediation_zh="请核实公司是否位于服务外包示范城市或者自由贸易试验区，并填写 registered_zone（注册所在区域）。",
                evidence=(
                    "foreign_equity_percent",
                    "registered_province",
                    "registered_zone",
                    "end_users",
                ),
            ),
        ),
    ),
    Rule(
        id="FOREIGN-CAP-FREE-TRADE-ZONE",
        summary="From {in_force.ftz_list_2018} the cap does not apply to call centers in a pilot free-trade zone.",
        summary_zh="自{in_force.ftz_list_2018}起，自由贸易试验区内的呼叫中心业务不受外资股比限制。",
        sources=(Source(law.FTZ_OPENING_2018, "4.3", Confidence.MEDIUM_HIGH, FTZ_LIST_YEAR),),
        period=FTZ_LIST_YEAR,
        when={
            "licence": LICENCE,
            "company": OVER_CAP & COMPANY.registered_zone.is_one_of(FREE_TRADE_ZONES),
        },
        constants=_CAP,
        findings=(
            FindingSpec(
                "FOREIGN_CAP_FREE_TRADE_ZONE",
                Severity.INFO,
                "Foreign equity above {cap_percent}% is allowed for call centers in a pilot free-trade zone since 2018-07-30 (the 2018 free-trade-zone negative list; medium-to-high confidence).",
                "自2018年7月30日起，自由贸易试验区内的呼叫中心业务不受外资股比{cap_percent}%限制（2018年版自贸试验区负面清单，中高可信度）。",
                evidence=("foreign_equity_percent", "registered_zone"),
            ),
        ),
    ),
    Rule(
        id="FOREIGN-CAP-ZONE-UNCERTAIN",
        summary="Pudong and Hainan were free-trade zones only in part or only from late 2018: whether the cap applied is uncertain.",
        summary_zh="浦东仅部分区域属于自由贸易试验区，海南至2018年下半年方成为自由贸易试验区：是否适用外资股比限制不确定。",
        sources=(Source(law.FTZ_OPENING_2018, "4.3", Confidence.MEDIUM, FTZ_LIST_YEAR),),
        period=FTZ_LIST_YEAR,
        when={
            "licence": LICENCE,
            "company": OVER_CAP & COMPANY.registered_zone.is_one_of(UNSURE_ZONES),
        },
        constants=_CAP,
        findings=(
            FindingSpec(
                "FOREIGN_CAP_ZONE_UNCERTAIN",
                Severity.WARNING,
                "Whether the {cap_percent}% cap applied here is uncertain: the 2018 list lifted it in the pilot free-trade zones, but Pudong is only partly in the Shanghai free-trade zone (Lingang joined on 2019-08-20) and Hainan became a free-trade zone only in October 2018 (medium confidence).",
                "外资股比{cap_percent}%限制是否适用不确定：2018年版清单在自贸试验区内取消了该限制，但浦东仅部分位于上海自贸试验区（临港新片区2019年8月20日设立），海南于2018年10月方成为自贸试验区（中等可信度）。",
                remediation="Confirm with the issuing authority whether the company's address was in a free-trade zone on the day.",
                remediation_zh="请向发证机关确认公司住所在评估日是否位于自由贸易试验区内。",
                evidence=("foreign_equity_percent", "registered_zone"),
            ),
        ),
    ),
    # -------------------------------------------------------------- from 2019
    Rule(
        id="FOREIGN-CAP-EXEMPT",
        summary="From {in_force.negative_list_2019} call centers are excepted from the {foreign_equity.cap}% foreign-equity cap.",
        summary_zh="自{in_force.negative_list_2019}起，呼叫中心业务不受{foreign_equity.cap}%的外资股比限制。",
        sources=(Source(law.CAP_FROM_2019, "4.2", Confidence.HIGH, FROM_2019_LIST),),
        period=FROM_2019_LIST,
        when={"licence": LICENCE, "company": OVER_CAP},
        constants={**_CAP, **_EXEMPT_FROM},
        findings=(
            FindingSpec(
                "FOREIGN_CAP_EXEMPT",
                Severity.INFO,
                "Foreign equity above {cap_percent}% is allowed for call centers since {_exempt_from} (negative list 2019, kept in 2020; the 2024 list is believed unchanged, medium confidence).",
                "自{_exempt_from_zh}起呼叫中心业务不受外资股比{cap_percent}%限制（2019年版负面清单，2020年版沿用；2024年版据信未变，中等可信度）。",
                evidence=("foreign_equity_percent",),
            ),
        ),
    ),
    Rule(
        id="FOREIGN-CAP-OTHER-SERVICES",
        summary="A company that also holds another capped value-added category stays under the {foreign_equity.cap}% cap for that category.",
        summary_zh="同时经营其他受限增值电信业务类别的公司，就该类别仍受{foreign_equity.cap}%的外资股比限制。",
        sources=_FOREIGN_CAP_RULES,
        period=FROM_2019_LIST,
        when={
            "licence": LICENCE,
            "company": OVER_CAP
            & COMPANY.registered_zone.is_one_of(OUTSIDE_PILOT_AREAS)
            & COMPANY.other_value_added_services.includes_any(
                param("foreign_equity.capped_services")
            ),
        },
        constants={
            **_CAP,
            "_capped": param("foreign_equity.capped_services"),
            "_capped_zh": param("foreign_equity.capped_services"),
        },
        findings=(FOREIGN_CAP_OTHER_SERVICES,),
    ),
    Rule(
        id="FOREIGN-CAP-OTHER-SERVICES-PILOT",
        summary="In the areas of the 2024 opening pilot, from {in_force.opening_pilot_2024}, fewer categories stay capped: {foreign_equity.capped_services_in_pilot_areas}.",
        summary_zh="自{in_force.opening_pilot_2024}起，在2024年扩大开放试点地区仍受限制的类别减少为：{foreign_equity.capped_services_in_pilot_areas}。",
        sources=(
            *_FOREIGN_CAP_RULES,
            Source(
                law.OPENING_PILOT_AREAS,
                "4.6",
                Confidence.MEDIUM,
                Period(start=param("in_force.opening_pilot_2024")),
            ),
        ),
        period=FROM_2019_LIST,
        when={
            "licence": LICENCE,
            "company": OVER_CAP
            & COMPANY.registered_zone.is_one_of(PILOT_AREAS)
            & COMPANY.other_value_added_services.includes_any(
                param("foreign_equity.capped_services_in_pilot_areas")
            ),
        },
        constants={
            **_CAP,
            "_capped": param("foreign_equity.capped_services_in_pilot_areas"),
            "_capped_zh": param("foreign_equity.capped_services_in_pilot_areas"),
        },
        findings=(FOREIGN_CAP_OTHER_SERVICES,),
    ),
    # -------------------------------------------------------------- foreign-invested rules
    Rule(
        id="FOREIGN-INVESTOR-TRACK-RECORD",
        summary="Until {in_force.foreign_telecom_rules_2022}, the main foreign investor must have a good track record and operating experience in value-added telecom.",
        summary_zh="{in_force.foreign_telecom_rules_2022}前，外方主要投资者须具有经营增值电信业务的良好业绩和运营经验。",
        sources=(Source(law.TRACK_RECORD_2016, "4.4", Confidence.HIGH, BEFORE_2022_RULES),),
        period=BEFORE_2022_RULES,
        when={
            "licence": LICENCE,
            "company": FOREIGN_INVESTED & COMPANY.foreign_investor_track_record.is_false(),
        },
        constants=_RULES_2022,
        findings=(
            FindingSpec(
                "FOREIGN_INVESTOR_NO_TRACK_RECORD",
                Severity.BLOCKING,
                "The main foreign investor lacks a good track record and operating experience in value-added telecom, which the foreign-invested telecom rules required before {_until}.",
                "外方主要投资者不具有经营增值电信业务的良好业绩和运营经验；{_until_zh}前《外商投资电信企业管理规定》要求具备。",
                remediation="Bring in a main foreign investor with that track record, or assess on or after {_until}.",
                remediation_zh="请引入具有上述业绩和经验的外方主要投资者，或者以{_until_zh}及以后的日期进行评估。",
                remedies=(
                    remedies.GAIN_TRACK_RECORD,
                    remedies.DROP_FOREIGN_EQUITY,
                ),
                evidence=("foreign_equity_percent", "foreign_investor_track_record"),
            ),
        ),
    ),
    Rule(
        id="FOREIGN-INVESTOR-TRACK-RECORD-UNKNOWN",
        summary="Until {in_force.foreign_telecom_rules_2022}, whether the main foreign investor has the required track record must be known.",
        summary_zh="{in_force.foreign_telecom_rules_2022}前，须查明外方主要投资者是否具有所要求的业绩和经验。",
        sources=(Source(law.TRACK_RECORD_2016, "4.4", Confidence.HIGH, BEFORE_2022_RULES),),
        period=BEFORE_2022_RULES,
        when={
            "licence": LICENCE,
            "company": FOREIGN_INVESTED & COMPANY.foreign_investor_track_record.is_unknown(),
        },
        constants=_RULES_2022,
        findings=(
            FindingSpec(
                "FOREIGN_INVESTOR_TRACK_RECORD_UNKNOWN",
                Severity.WARNING,
                "Whether the main foreign investor has a good track record and operating experience in value-added telecom is unknown; the foreign-invested telecom rules required it before {_until}.",
                "外方主要投资者是否具有经营增值电信业务的良好业绩和运营经验未知；{_until_zh}前要求具备。",
                remediation="Provide foreign_investor_track_record.",
                remediation_zh="请提供 foreign_investor_track_record（外方主要投资者是否具有经营增值电信业务的良好业绩和运营经验）。",
                remedies=(
                    remedies.state(
                        "foreign_investor_track_record",
                        True,
                        "State that the main foreign investor has a good track record in value-added telecom services.",
                        "说明外方主要投资者具有经营增值电信业务的良好业绩和运营经验。",
                    ),
                ),
                evidence=("foreign_equity_percent", "foreign_investor_track_record"),
            ),
        ),
    ),
    Rule(
        id="FOREIGN-INVESTED-JOINT-VENTURE",
        summary="Until {in_force.foreign_telecom_rules_2022} the rules defined a foreign-invested telecom enterprise as an equity joint venture; wholly foreign-owned companies nevertheless held licences.",
        summary_zh="{in_force.foreign_telecom_rules_2022}前，《外商投资电信企业管理规定》将外商投资电信企业界定为中外合资经营企业；但外商独资企业实际上亦取得了许可。",
        sources=(Source(law.JOINT_VENTURE_2016, "4.4", Confidence.MEDIUM, BEFORE_2022_RULES),),
        period=BEFORE_2022_RULES,
        when={"licence": LICENCE, "company": COMPANY.wholly_foreign_owned.is_true()},
        constants=_RULES_2022,
        findings=(
            FindingSpec(
                "FOREIGN_JOINT_VENTURE_FORM",
                Severity.WARNING,
                "Before {_until} the foreign-invested telecom rules (Art. 2) defined a foreign-invested telecom enterprise as a Sino-foreign equity joint venture; wholly foreign-owned companies nevertheless held value-added licences (69 in March 2020, by CAICT statistics), so the requirement is reported, not decided (medium confidence).",
                "{_until_zh}前《外商投资电信企业管理规定》第二条将外商投资电信企业界定为中外合资经营企业；但实践中外商独资企业亦取得增值电信业务经营许可（2020年3月共69家，据中国信通院统计），故仅作提示（中等可信度）。",
                remediation="Ask the issuing authority whether a wholly foreign-owned applicant is accepted.",
                remediation_zh="请向发证机关确认是否受理外商独资企业的申请。",
                evidence=("foreign_equity_percent",),
            ),
        ),
    ),
    Rule(
        id="FOREIGN-INVESTED-AUTHORITY",
        summary="Until {in_force.foreign_telecom_rules_2022} a foreign-invested applicant applied to MIIT, whatever the licence.",
        summary_zh="{in_force.foreign_telecom_rules_2022}前，有外商投资的申请者不论申请何种许可，均向工业和信息化部申请。",
        sources=(Source(law.APPLICATION_TO_MIIT_2016, "4.4", Confidence.HIGH, BEFORE_2022_RULES),),
        period=BEFORE_2022_RULES,
        when={"licence": LICENCE, "company": FOREIGN_INVESTED},
        derive=(AUTHORITY.make(issuer=NATIONWIDE_AUTHORITY),),
        constants=_RULES_2022,
        findings=(
            FindingSpec(
                "FOREIGN_INVESTED_AUTHORITY_MIIT",
                Severity.INFO,
                "A company with foreign investment applied to MIIT for its telecom licence before {_until} (foreign-invested telecom rules, Arts. 12 and 16), whatever the service area.",
                "{_until_zh}前，外商投资电信企业向工业和信息化部申请电信业务经营许可（《外商投资电信企业管理规定》第十二条、第十六条），不论业务覆盖范围。",
                evidence=("foreign_equity_percent",),
            ),
        ),
    ),
    Rule(
        id="FOREIGN-INVESTED-AUTHORITY-UNCERTAIN",
        summary="From {in_force.foreign_telecom_rules_2022}, which authority issues a provincial licence to a foreign-invested company is uncertain.",
        summary_zh="自{in_force.foreign_telecom_rules_2022}起，外商投资企业的省内许可由哪一机关颁发尚不确定。",
        sources=(Source(law.FOREIGN_INVESTED_2022, "4.4", Confidence.LOW_MEDIUM, FROM_2022_RULES),),
        period=FROM_2022_RULES,
        when={"licence": LICENCE.type == "regional", "company": FOREIGN_INVESTED},
        findings=(
            FindingSpec(
                "FOREIGN_INVESTED_AUTHORITY_UNCERTAIN",
                Severity.WARNING,
                "The provincial administration named issues provincial licences under Telecom Regulations Art. 9(2), but agencies report that applicants with foreign investment still apply to MIIT; the 2022 foreign-invested telecom rules were not reviewed on this point (low-to-medium confidence).",
                "依《电信条例》第九条第二款，省内许可由所列省通信管理局颁发；但代理机构称有外资成分的申请者仍需向工业和信息化部申请，2022年修订的《外商投资电信企业管理规定》在此点未经核实（中低可信度）。",
                remediation="Ask both the provincial administration and MIIT where to apply.",
                remediation_zh="请同时向省通信管理局和工业和信息化部咨询应向何处申请。",
                evidence=("foreign_equity_percent",),
            ),
        ),
    ),
)

__all__ = [
    "FREE_TRADE_ZONES",
    "NOT_FREE_TRADE_ZONES",
    "OUTSIDE_PILOT_AREAS",
    "PILOT_AREAS",
    "RULES",
    "UNSURE_ZONES",
]
