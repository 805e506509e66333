"""Foreign investment: the cap on value-added telecom, its openings by place and time, the
foreign-invested telecom rules, and who licenses a foreign-invested company.

Domain facts 4.1-4.10:

* Until the 2019 negative list (2019-07-30) foreign equity in value-added telecom was
  capped (``foreign_equity.cap``, 50%; e-commerce excepted). The instrument in force: the
  2015 guidance catalogue, the 2017 one from 2017-07-28, the 2018 negative list from
  2018-07-28. Earlier openings, each an exception to the cap where it applied: offshore
  call centers in the service-outsourcing demonstration cities (from 2010, 4.8); the
  original area of the Shanghai free-trade zone (from 2014, 4.7); every pilot free-trade
  zone (from 2018-07-30, the 2018 FTZ list, 4.3); Hong Kong and Macau service suppliers'
  offshore call centers in Guangdong under CEPA (4.9).
* From 2019-07-30 call centers are excepted nationwide; a company that also holds another
  capped category stays under the cap for it (``foreign_equity.capped_services``). From
  2024-10-23 the opening pilot lifts the cap for several categories in four areas
  (``foreign_equity.capped_services_in_pilot_areas``).
* Until 2022-04-30 the 2016 foreign-invested telecom rules required a track record of the
  main foreign investor (Art. 10) and an equity joint venture (Art. 2); State Council Order
  No. 752 removed both from 2022-05-01.
* A foreign-invested company applies to MIIT, whatever its service area: under the 2016
  rules (Arts. 12, 16) and the 2022 rules (Art. 10). The pilots name another authority:
  the Shanghai administration in the original Shanghai free-trade zone (until the 2018 FTZ
  list), the provincial administration for offshore call centers in a demonstration city
  (until the 2019 negative list). Each is declared as an exception to the general rule.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Final

from ..cities import City
from ..provinces import Province
from ..vocabulary import InvestorOrigin, Zone
from . import remedies
from . import sources as law
from .citation import Confidence, Period, Severity, Source
from .conditions import BELOW_NATIONWIDE_MINIMUM, NATIONWIDE_LICENCE
from .facts import AUTHORITY, CAP_APPLIES, CAP_REACHES, COMPANY, LICENCE
from .language import (
    ChangeKind,
    FindingSpec,
    Law,
    Match,
    Proposal,
    Remedy,
    Rule,
    Situation,
    negate,
)
from .licence_type import NATIONWIDE_AUTHORITY
from .parameters import param
from .wording import yuan, yuan_zh


def _pilot_capital(match: Match, law: Law) -> dict[str, Any]:
    """The Shanghai pilot's minimum (the regional one) beside the company's capital."""
    capital: Decimal = match["company"]["registered_capital_cny"]
    minimum: Decimal = law["capital_minimum.regional"]
    return {
        "minimum_cny": yuan(minimum),
        "_minimum_zh": yuan_zh(minimum),
        "_capital_cny": yuan(capital),
        "_capital_zh": yuan_zh(capital),
        "shortfall_cny": yuan(max(minimum - capital, Decimal(0))),
        "_shortfall_zh": yuan_zh(max(minimum - capital, Decimal(0))),
    }


BEFORE_2019_LIST: Final = Period(end=param("in_force.negative_list_2019"))
FROM_2019_LIST: Final = Period(start=param("in_force.negative_list_2019"))
BEFORE_FTZ_LIST: Final = Period(end=param("in_force.ftz_list_2018"))
FROM_FTZ_LIST: Final = Period(start=param("in_force.ftz_list_2018"))
FTZ_LIST_YEAR: Final = Period(
    start=param("in_force.ftz_list_2018"), end=param("in_force.negative_list_2019")
)
HAINAN_BEFORE_ITS_FTZ: Final = Period(
    start=param("in_force.ftz_list_2018"), end=param("in_force.hainan_ftz")
)
HAINAN_FTZ_YEAR: Final = Period(
    start=param("in_force.hainan_ftz"), end=param("in_force.negative_list_2019")
)
BEFORE_2022_RULES: Final = Period(end=param("in_force.foreign_telecom_rules_2022"))
FROM_2022_RULES: Final = Period(start=param("in_force.foreign_telecom_rules_2022"))
#: The Shanghai free-trade zone pilot: from the 2014 opinion until the 2018 FTZ list
#: extended its openings to every free-trade zone.
SHANGHAI_PILOT: Final = Period(
    start=param("in_force.shanghai_ftz_pilot_2014"), end=param("in_force.ftz_list_2018")
)
#: The offshore call-center pilot: until the 2019 negative list opened call centers
#: everywhere (no source ends it earlier; fact 4.8).
OFFSHORE_PILOT: Final = Period(
    start=param("in_force.offshore_pilot_2010"), end=param("in_force.negative_list_2019")
)
#: From the day ten more demonstration cities were named until the 2019 list.
LATER_CITIES: Final = Period(
    start=param("in_force.demonstration_cities_2016"), end=param("in_force.negative_list_2019")
)

#: Where the 2018 FTZ list lifted the cap: a pilot free-trade zone, the original Shanghai
#: area, and Qianhai-Shekou (part of the Guangdong FTZ since 2015).
FREE_TRADE_ZONES: Final = (Zone.FREE_TRADE_ZONE, Zone.SHANGHAI_FTZ_ORIGINAL, Zone.SHENZHEN_QIANHAI)
#: Where it may or may not have: Pudong holds the original Shanghai FTZ but is not all FTZ
#: (and Lingang joined only on 2019-08-20).
UNSURE_ZONES: Final = (Zone.SHANGHAI_PUDONG_LINGANG,)
#: Hainan became a pilot free-trade zone on 2018-10-16 (``in_force.hainan_ftz``).
HAINAN: Final = COMPANY.registered_zone == Zone.HAINAN_FREE_TRADE_PORT.value
#: No free-trade zone in 2018-2019: not in a zone, Beijing (its FTZ dates from 2020-09),
#: Shenzhen outside Qianhai-Shekou.
NOT_FREE_TRADE_ZONES: Final = ("none", Zone.BEIJING_SERVICES_PILOT.value, Zone.SHENZHEN.value)
#: Shanghai zones that may hold the original pilot area, or not.
SHANGHAI_AREA_UNSURE: Final = (Zone.FREE_TRADE_ZONE, Zone.SHANGHAI_PUDONG_LINGANG)
#: Every zone of the Shanghai free-trade zone a company can give.
SHANGHAI_FTZ_ZONES: Final = (*SHANGHAI_AREA_UNSURE, Zone.SHANGHAI_FTZ_ORIGINAL)
#: The areas of the 2024 opening pilot.
PILOT_AREAS: Final = (
    Zone.BEIJING_SERVICES_PILOT,
    Zone.SHANGHAI_PUDONG_LINGANG,
    Zone.HAINAN_FREE_TRADE_PORT,
    Zone.SHENZHEN,
    Zone.SHENZHEN_QIANHAI,
)
OUTSIDE_PILOT_AREAS: Final = ("none", Zone.FREE_TRADE_ZONE.value, Zone.SHANGHAI_FTZ_ORIGINAL.value)

#: The 21 service-outsourcing demonstration cities of the offshore call-center pilot:
#: the 20 named in 2009 (国办函〔2009〕9号) and Xiamen (2010) (fact 4.8).
PILOT_CITIES: Final = (
    City.BEIJING,
    City.TIANJIN,
    City.SHANGHAI,
    City.CHONGQING,
    City.DALIAN,
    City.SHENZHEN,
    City.GUANGZHOU,
    City.WUHAN,
    City.HARBIN,
    City.CHENGDU,
    City.NANJING,
    City.XIAN,
    City.JINAN,
    City.HANGZHOU,
    City.HEFEI,
    City.NANCHANG,
    City.CHANGSHA,
    City.DAQING,
    City.SUZHOU,
    City.WUXI,
    City.XIAMEN,
)
#: The ten demonstration cities named in 2016 (商服贸函〔2016〕208号).
LATER_CITIES_2016: Final = (
    City.SHENYANG,
    City.CHANGCHUN,
    City.NANTONG,
    City.ZHENJIANG,
    City.NINGBO,
    City.FUZHOU,
    City.QINGDAO,
    City.ZHENGZHOU,
    City.NANNING,
    City.URUMQI,
)

#: What the law makes of each city: a city of the offshore call-center pilot, one named a
#: demonstration city only in 2016, one of CEPA's offshore pilot, or any other. The facts
#: carry the group of the company's city (`callcenter_rules.facts`), so that the rules and
#: their exceptions test one small code rather than a list of thirty cities.
CITY_GROUPS: Final[Mapping[City, str]] = {
    **dict.fromkeys(PILOT_CITIES, "offshore_pilot"),
    **dict.fromkeys(LATER_CITIES_2016, "later_demonstration"),
    City.DONGGUAN: "cepa",
    City.ZHUHAI: "cepa",
    City.OTHER: "other",
}

OVER_CAP: Final = COMPANY.foreign_equity_percent > param("foreign_equity.cap")
FOREIGN_INVESTED: Final = COMPANY.foreign_equity_percent > 0
#: Offshore call-center business as the pilot defines it: end users and client units
#: are all abroad.
OFFSHORE_ONLY: Final = COMPANY.offshore_only.is_true()
IN_PILOT_CITY: Final = COMPANY.city_group == "offshore_pilot"
#: Offshore call-center business in a city of the offshore pilot.
OFFSHORE_PILOT_CITY: Final = OFFSHORE_ONLY & IN_PILOT_CITY
#: The city is not given, and the province holds a city the law names (elsewhere the city
#: is known to be none of them: see `callcenter_rules.facts`).
CITY_UNKNOWN: Final = COMPANY.city_group.is_unknown()
IN_SHANGHAI: Final = COMPANY.registered_province == Province.SHANGHAI.code
IN_CEPA_CITY: Final = COMPANY.city_group == "cepa"
FROM_HONG_KONG: Final = COMPANY.foreign_investor_origin.is_one_of((InvestorOrigin.HONG_KONG,))
FROM_MACAU: Final = COMPANY.foreign_investor_origin.is_one_of((InvestorOrigin.MACAU,))
ORIGIN_UNKNOWN: Final = COMPANY.foreign_investor_origin.is_unknown()
CEPA_PILOT: Final = Period(
    start=param("in_force.cepa_supplement_9"), end=param("in_force.negative_list_2019")
)
#: The rule that blocks where the cap reaches a company: the pilots are exceptions to it,
#: and so apply only where the cap reaches.
_CAPS: Final = ("FOREIGN-CAP-NOT-LIFTED",)

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

# The instrument that capped foreign equity on the day.
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
_SHANGHAI_OPENING: Final = (
    Source(law.SHANGHAI_FTZ_CALL_CENTERS, "4.7", Confidence.MEDIUM_HIGH),
    Source(law.SHANGHAI_FTZ_ORIGINAL_AREA_2017, "4.3", Confidence.MEDIUM_HIGH),
)
_SHANGHAI_APPROVAL: Final = Source(law.SHANGHAI_FTZ_APPROVAL, "4.7", Confidence.MEDIUM_HIGH)
_SHANGHAI_AREAS: Final = Source(law.SHANGHAI_FTZ_CALL_CENTERS, "4.7", Confidence.MEDIUM)
_OFFSHORE_PILOT: Final = Source(law.OFFSHORE_PILOT_NO_LIMIT, "4.8", Confidence.MEDIUM)

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


def _state_city(city: City) -> Remedy:
    """State that the company is registered in ``city``, where its province holds it."""

    def value(s: Situation) -> str | None:
        if s.profile.get("registered_city") is not None:
            return None
        province = city.province
        return (
            city.value if province and s.profile["registered_province"] == province.code else None
        )

    return Remedy(
        (
            Proposal(
                "registered_city",
                ChangeKind.EVIDENCE,
                value,
                f"State the city of registration, if it is {city.name_en} (a service-outsourcing demonstration city of the offshore call-center pilot).",
                f"说明注册所在城市（如为{city.name_zh}，即离岸呼叫中心业务试点的服务外包示范城市）。",
            ),
        )
    )


def _partly_capped(_match: Match, law: Law) -> dict[str, Any]:
    """The categories the pilot uncaps only in part, named beside the capped list."""
    partly = law["foreign_equity.partly_capped_in_pilot_areas"] or ()
    shown = ", ".join(partly)
    return {
        "_partly": f"; {shown} only in part: information publishing and delivery (except news, publishing, audiovisual and internet culture) and information protection and processing are uncapped there, while search, community platforms and instant interaction (IVR among them) stay capped"
        if partly
        else "",
        "_partly_zh": f"；{'、'.join(partly)}仅部分受限：其中信息发布平台和递送服务（新闻、出版、视听、互联网文化除外）、信息保护和处理服务不受限制，信息搜索查询、信息社区平台、信息即时交互（含交互式语音服务）仍受限制"
        if partly
        else "",
    }


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
        derive=(CAP_REACHES.make(),),
    ),
    Rule(
        id="FOREIGN-CAP-ZONES-BEFORE-2018",
        summary="Before {in_force.ftz_list_2018} the cap applied in the free-trade zones too, save the original Shanghai pilot area.",
        summary_zh="{in_force.ftz_list_2018}前，自由贸易试验区内同样适用该限制，上海自由贸易试验区原有试点区域除外。",
        sources=_CAP_BEFORE_2019,
        period=BEFORE_FTZ_LIST,
        when={
            "licence": LICENCE,
            "company": OVER_CAP
            & COMPANY.registered_zone.is_one_of(
                (*FREE_TRADE_ZONES, *UNSURE_ZONES, Zone.HAINAN_FREE_TRADE_PORT)
            ),
        },
        derive=(CAP_REACHES.make(),),
    ),
    Rule(
        id="FOREIGN-CAP-NOT-LIFTED",
        summary="Where the cap reaches the company and no pilot lifts it, foreign equity above {foreign_equity.cap}% is not allowed.",
        summary_zh="外资股比限制适用于该公司且无试点措施予以取消的，外资股比不得超过{foreign_equity.cap}%。",
        sources=_CAP_BEFORE_2019,
        period=BEFORE_2019_LIST,
        when={"cap": CAP_REACHES, "company": COMPANY},
        constants={**_CAP, **_EXEMPT_FROM},
        derive=(CAP_APPLIES.make(),),
        findings=(FOREIGN_EQUITY_OVER_CAP,),
    ),
    Rule(
        id="FOREIGN-CAP-SHANGHAI-FTZ-PILOT",
        summary="From the 2014 opinion until {in_force.ftz_list_2018}, call centers in the original area of the Shanghai free-trade zone may exceed the {foreign_equity.cap}% cap.",
        summary_zh="自2014年意见施行至{in_force.ftz_list_2018}前，上海自由贸易试验区原有区域内的呼叫中心业务外资股比可突破{foreign_equity.cap}%。",
        sources=_SHANGHAI_OPENING,
        period=SHANGHAI_PILOT,
        exception_to=_CAPS,
        when={
            "cap": CAP_REACHES,
            "company": COMPANY.registered_zone == Zone.SHANGHAI_FTZ_ORIGINAL.value,
        },
        constants=_CAP,
        findings=(
            FindingSpec(
                "FOREIGN_CAP_SHANGHAI_FTZ_PILOT",
                Severity.INFO,
                'Foreign equity above {cap_percent}% is allowed for call centers in the original area of the Shanghai free-trade zone under the pilot opened in January 2014 (kept by the 2017 free-trade-zone list: "上海自贸试验区原有区域〔28.8平方公里〕按既有政策执行"; medium-to-high confidence).',
                "依2014年1月起的试点，上海自由贸易试验区原有区域内的呼叫中心业务外资股比可突破{cap_percent}%（2017年版自贸试验区负面清单规定“上海自贸试验区原有区域〔28.8平方公里〕按既有政策执行”；中高可信度）。",
                evidence=("foreign_equity_percent", "registered_zone"),
                decides=True,
            ),
        ),
    ),
    Rule(
        id="CAPITAL-SHANGHAI-FTZ-PILOT",
        summary="Under the Shanghai free-trade zone pilot, until {in_force.ftz_list_2018}, a foreign-invested company in the original area needed CNY {capital_minimum.regional} of registered capital, whatever its service area.",
        summary_zh="上海自由贸易试验区试点期间（至{in_force.ftz_list_2018}前），原有区域内的外商投资企业注册资本不少于{capital_minimum.regional}，不论业务覆盖范围。",
        sources=(_SHANGHAI_APPROVAL,),
        period=SHANGHAI_PILOT,
        exception_to=("CAPITAL-NATIONWIDE",),
        when={
            "licence": NATIONWIDE_LICENCE,
            "company": BELOW_NATIONWIDE_MINIMUM
            & FOREIGN_INVESTED
            & (COMPANY.registered_zone == Zone.SHANGHAI_FTZ_ORIGINAL.value)
            & (COMPANY.registered_capital_cny >= param("capital_minimum.regional")),
        },
        values=_pilot_capital,
        findings=(
            FindingSpec(
                "SHANGHAI_FTZ_PILOT_CAPITAL",
                Severity.INFO,
                "Under the Shanghai free-trade zone pilot measures (工信部通〔2014〕130号, Art. 3), a pilot company's registered capital had to be at least CNY {minimum_cny}, and its services could be offered nationwide: the cross-regional minimum of the licensing measures does not apply to it (medium-to-high confidence).",
                "依上海自由贸易试验区试点管理办法（工信部通〔2014〕130号）第三条，试点企业注册资本不少于{_minimum_zh}，其业务可面向全国提供：不适用经营许可管理办法规定的跨地区经营注册资本最低限额（中高可信度）。",
                evidence=("registered_capital_cny", "registered_zone", "foreign_equity_percent"),
                decides=True,
            ),
        ),
    ),
    Rule(
        id="CAPITAL-SHANGHAI-FTZ-PILOT-BELOW",
        summary="Under the Shanghai free-trade zone pilot, until {in_force.ftz_list_2018}, a foreign-invested company in the original area below CNY {capital_minimum.regional} of registered capital fell short of the pilot's minimum, whatever its service area.",
        summary_zh="上海自由贸易试验区试点期间（至{in_force.ftz_list_2018}前），原有区域内的外商投资企业注册资本低于{capital_minimum.regional}的，不符合试点的最低限额，不论业务覆盖范围。",
        sources=(_SHANGHAI_APPROVAL,),
        period=SHANGHAI_PILOT,
        exception_to=("CAPITAL-NATIONWIDE",),
        when={
            "licence": NATIONWIDE_LICENCE,
            "company": FOREIGN_INVESTED
            & (COMPANY.registered_zone == Zone.SHANGHAI_FTZ_ORIGINAL.value)
            & (COMPANY.registered_capital_cny < param("capital_minimum.regional")),
        },
        values=_pilot_capital,
        findings=(
            FindingSpec(
                "CAPITAL_BELOW_MINIMUM",
                Severity.BLOCKING,
                "Registered capital CNY {_capital_cny} is below the CNY {minimum_cny} minimum of the Shanghai free-trade zone pilot measures (工信部通〔2014〕130号, Art. 3), which applied to a pilot company whatever its service area (medium-to-high confidence).",
                "注册资本{_capital_zh}低于上海自由贸易试验区试点管理办法（工信部通〔2014〕130号）第三条规定的试点企业最低限额{_minimum_zh}（不论业务覆盖范围；中高可信度）。",
                remediation="Raise registered capital by CNY {shortfall_cny} to at least CNY {minimum_cny}.",
                remediation_zh="请增加注册资本{_shortfall_zh}，使其不低于{_minimum_zh}。",
                evidence=("registered_capital_cny", "registered_zone", "foreign_equity_percent"),
                remedies=(remedies.RAISE_CAPITAL_TO_REGIONAL_MINIMUM,),
            ),
        ),
    ),
    Rule(
        id="FOREIGN-CAP-SHANGHAI-AREA-UNKNOWN",
        summary="Before {in_force.ftz_list_2018}, for a Shanghai company in the free-trade zone or Pudong, whether it is in the original pilot area (where the cap was lifted) must be known.",
        summary_zh="{in_force.ftz_list_2018}前，注册于上海自由贸易试验区或浦东的上海公司，须查明是否位于原有试点区域（该区域已取消外资股比限制）。",
        sources=(_SHANGHAI_AREAS,),
        period=BEFORE_FTZ_LIST,
        exception_to=_CAPS,
        when={
            "cap": CAP_REACHES,
            "company": IN_SHANGHAI
            & COMPANY.registered_zone.is_one_of(SHANGHAI_AREA_UNSURE)
            # An offshore call center in Shanghai, a demonstration city, is opened by the
            # offshore pilot whatever the area.
            & COMPANY.offshore_only.is_false(),
        },
        constants=_CAP,
        findings=(
            FindingSpec(
                "SHANGHAI_FTZ_AREA_UNKNOWN",
                Severity.WARNING,
                "Whether the company is in the original area of the Shanghai free-trade zone (about 28.78 km²: the Waigaoqiao bonded zone and its logistics park, the Yangshan bonded port area, the Pudong airport comprehensive bonded zone) is unknown. There, call centers could exceed the {cap_percent}% cap from 2014, licensed by the Shanghai Communications Administration; elsewhere, the areas added to the zone in 2015 (Lujiazui, Jinqiao, Zhangjiang) included, the cap applied until 2018-07-30 (medium-to-high confidence).",
                "公司是否位于上海自由贸易试验区原有区域（约28.78平方公里：外高桥保税区及外高桥保税物流园区、洋山保税港区、浦东机场综合保税区）未知。在原有区域内，自2014年起呼叫中心业务外资股比可突破{cap_percent}%，由上海市通信管理局审批；其他区域（包括2015年扩区新增的陆家嘴、金桥、张江片区）至2018年7月30日前仍受限制（中高可信度）。",
                remediation="State whether the company is registered in the original area: registered_zone shanghai_ftz_original.",
                remediation_zh="请说明公司是否注册于原有区域：如是，registered_zone 填写 shanghai_ftz_original（上海自贸试验区原有区域）。",
                remedies=(
                    remedies.state(
                        "registered_zone",
                        Zone.SHANGHAI_FTZ_ORIGINAL.value,
                        "State that the company is registered in the original area of the Shanghai free-trade zone (if it is).",
                        "说明公司注册于上海自由贸易试验区原有区域（如属实）。",
                    ),
                ),
                evidence=("foreign_equity_percent", "registered_zone"),
                decides=True,
            ),
        ),
    ),
    Rule(
        id="FOREIGN-CAP-OFFSHORE-PILOT",
        summary="Before {in_force.negative_list_2019}, offshore call centers in the 21 service-outsourcing demonstration cities had no foreign-equity limit.",
        summary_zh="{in_force.negative_list_2019}前，21个服务外包示范城市的离岸呼叫中心业务外资股权比例不设限制。",
        sources=(_OFFSHORE_PILOT,),
        period=OFFSHORE_PILOT,
        exception_to=_CAPS,
        when={"cap": CAP_REACHES, "company": OFFSHORE_PILOT_CITY},
        constants=_CAP,
        findings=(
            FindingSpec(
                "FOREIGN_CAP_OFFSHORE_PILOT",
                Severity.INFO,
                "Offshore call-center business (end users and client units all abroad) in a service-outsourcing demonstration city may be wholly foreign-owned: MIIT's offshore call-center pilot set no foreign-equity limit in the 21 cities, approved by the provincial communications administration (reported by the Fujian administration in 2011; that it ran until the 2019 negative list is not confirmed; medium confidence).",
                "服务外包示范城市的离岸呼叫中心业务（最终服务对象和委托客户均在境外）可为外商独资：工业和信息化部离岸呼叫中心业务试点在21个示范城市外资股权比例不设限制，由所在省、直辖市通信管理局审批（福建省通信管理局2011年报道；试点是否持续至2019年版负面清单施行未经证实；中等可信度）。",
                evidence=("foreign_equity_percent", "end_users", "clients", "registered_city"),
                decides=True,
            ),
        ),
    ),
    Rule(
        id="FOREIGN-CAP-OFFSHORE-CITY-UNKNOWN",
        summary="Before {in_force.negative_list_2019}, for offshore call-center business in a province with a demonstration city, the city of registration must be known.",
        summary_zh="{in_force.negative_list_2019}前，在设有服务外包示范城市的省份经营离岸呼叫中心业务的，须查明注册所在城市。",
        sources=(_OFFSHORE_PILOT,),
        period=OFFSHORE_PILOT,
        exception_to=_CAPS,
        when={"cap": CAP_REACHES, "company": OFFSHORE_ONLY & CITY_UNKNOWN},
        constants=_CAP,
        findings=(
            FindingSpec(
                "FOREIGN_CAP_OFFSHORE_CITY_UNKNOWN",
                Severity.WARNING,
                "The city of registration is not given. Offshore call-center business in a service-outsourcing demonstration city had no foreign-equity limit under MIIT's pilot (approved by the provincial administration); elsewhere the {cap_percent}% cap applied (medium confidence).",
                "未填写注册所在城市。依工业和信息化部试点，服务外包示范城市的离岸呼叫中心业务外资股权比例不设限制（由省通信管理局审批）；其他城市适用{cap_percent}%的限制（中等可信度）。",
                remediation="Give registered_city: a service-outsourcing demonstration city, or other.",
                remediation_zh="请填写 registered_city（注册所在城市）：服务外包示范城市之一，或者“其他”。",
                remedies=tuple(_state_city(city) for city in PILOT_CITIES),
                evidence=("foreign_equity_percent", "end_users", "clients", "registered_city"),
                decides=True,
            ),
        ),
    ),
    Rule(
        id="FOREIGN-CAP-OFFSHORE-LATER-CITY",
        summary="From {in_force.demonstration_cities_2016} until {in_force.negative_list_2019}, whether the offshore pilot extends to the demonstration cities named in 2016 is unverified.",
        summary_zh="自{in_force.demonstration_cities_2016}至{in_force.negative_list_2019}前，离岸呼叫中心业务试点是否适用于2016年新增的服务外包示范城市未经核实。",
        sources=(_OFFSHORE_PILOT,),
        period=LATER_CITIES,
        exception_to=_CAPS,
        when={
            "cap": CAP_REACHES,
            "company": OFFSHORE_ONLY & (COMPANY.city_group == "later_demonstration"),
        },
        constants=_CAP,
        findings=(
            FindingSpec(
                "FOREIGN_CAP_OFFSHORE_PILOT_EXTENT_UNKNOWN",
                Severity.WARNING,
                "The city became a service-outsourcing demonstration city in 2016. MIIT's offshore call-center pilot (no foreign-equity limit) named the 21 cities of 2010; whether it extends to the cities added in 2016 is not verified, so the {cap_percent}% cap may or may not apply (medium confidence).",
                "该城市于2016年成为服务外包示范城市。工业和信息化部离岸呼叫中心业务试点（外资股权比例不设限制）针对2010年的21个城市；是否适用于2016年新增城市未经核实，{cap_percent}%的限制可能适用，也可能不适用（中等可信度）。",
                remediation="Ask the provincial communications administration whether the offshore pilot applies in this city.",
                remediation_zh="请向省通信管理局确认离岸呼叫中心业务试点是否适用于该城市。",
                remedies=(remedies.REDUCE_FOREIGN_EQUITY,),
                evidence=("foreign_equity_percent", "registered_city"),
                decides=True,
            ),
        ),
    ),
    Rule(
        id="FOREIGN-CAP-CEPA-OFFSHORE",
        summary="From {in_force.cepa_supplement_9} until {in_force.negative_list_2019}, under CEPA, a Hong Kong service supplier may hold an offshore call center in Dongguan or Zhuhai with no equity limit.",
        summary_zh="自{in_force.cepa_supplement_9}至{in_force.negative_list_2019}前，依《内地与香港关于建立更紧密经贸关系的安排》，香港服务提供者可在东莞、珠海设立离岸呼叫中心，外资股比不设限制。",
        sources=(Source(law.CEPA_OFFSHORE_CALL_CENTERS, "4.9", Confidence.MEDIUM_HIGH),),
        period=CEPA_PILOT,
        exception_to=_CAPS,
        when={
            "cap": CAP_REACHES,
            "company": OFFSHORE_ONLY & IN_CEPA_CITY & FROM_HONG_KONG,
        },
        constants=_CAP,
        findings=(
            FindingSpec(
                "FOREIGN_CAP_CEPA_OFFSHORE",
                Severity.INFO,
                "Under CEPA Supplement IX (services measures in force 2013-01-01), Hong Kong service suppliers may set up wholly owned or joint-venture offshore call centers in Dongguan and Zhuhai, as a pilot, with no limit on the equity share: the {cap_percent}% cap does not apply. The investor must qualify as a Hong Kong service supplier (a certificate from the Hong Kong government); which authority approves was not verified (medium-to-high confidence).",
                "依《内地与香港关于建立更紧密经贸关系的安排》补充协议九（服务贸易措施自2013年1月1日起施行），香港服务提供者可在东莞、珠海试点设立独资或合资的离岸呼叫中心，股比不设限制，不适用{cap_percent}%的外资股比限制。投资者须符合香港服务提供者的条件（取得香港特区政府签发的证明书）；由哪一机关审批未经核实（中高可信度）。",
                evidence=(
                    "foreign_equity_percent",
                    "foreign_investor_origin",
                    "registered_city",
                    "end_users",
                    "clients",
                ),
                decides=True,
            ),
        ),
    ),
    Rule(
        id="FOREIGN-CAP-CEPA-ORIGIN-UNKNOWN",
        summary="Before {in_force.negative_list_2019}, for an offshore call center in Dongguan or Zhuhai, whether the main foreign investor is from Hong Kong (and may use CEPA) must be known.",
        summary_zh="{in_force.negative_list_2019}前，在东莞、珠海经营离岸呼叫中心业务的，须查明外方主要投资者是否来自香港（可适用《内地与香港关于建立更紧密经贸关系的安排》）。",
        sources=(Source(law.CEPA_OFFSHORE_CALL_CENTERS, "4.9", Confidence.MEDIUM_HIGH),),
        period=CEPA_PILOT,
        exception_to=_CAPS,
        when={
            "cap": CAP_REACHES,
            "company": OFFSHORE_ONLY & IN_CEPA_CITY & ORIGIN_UNKNOWN,
        },
        constants=_CAP,
        findings=(
            FindingSpec(
                "FOREIGN_INVESTOR_ORIGIN_UNKNOWN",
                Severity.WARNING,
                "Where the main foreign investor comes from is not given. A Hong Kong service supplier may hold an offshore call center in Dongguan or Zhuhai with no equity limit under CEPA Supplement IX (from 2013-01-01); any other investor is under the {cap_percent}% cap (medium-to-high confidence).",
                "未填写外方主要投资者的来源地。依《内地与香港关于建立更紧密经贸关系的安排》补充协议九（2013年1月1日起），香港服务提供者可在东莞、珠海经营离岸呼叫中心业务，股比不设限制；其他投资者适用{cap_percent}%的限制（中高可信度）。",
                remediation="Give foreign_investor_origin (hong_kong, macau, taiwan or other).",
                remediation_zh="请填写 foreign_investor_origin（外方主要投资者来源地；香港投资者填写 hong_kong）。",
                remedies=(
                    remedies.state(
                        "foreign_investor_origin",
                        InvestorOrigin.HONG_KONG.value,
                        "State that the main foreign investor is a Hong Kong service supplier (if it is).",
                        "说明外方主要投资者为香港服务提供者（如属实）。",
                    ),
                ),
                evidence=("foreign_equity_percent", "foreign_investor_origin", "registered_city"),
                decides=True,
            ),
        ),
    ),
    Rule(
        id="FOREIGN-CAP-CEPA-MACAU",
        summary="Before {in_force.negative_list_2019}, whether Macau's CEPA opened offshore call centers in Dongguan and Zhuhai as Hong Kong's did is unverified.",
        summary_zh="{in_force.negative_list_2019}前，《内地与澳门关于建立更紧密经贸关系的安排》是否与内地与香港的安排一样在东莞、珠海开放离岸呼叫中心业务，未经核实。",
        sources=(Source(law.CEPA_OFFSHORE_CALL_CENTERS, "4.9", Confidence.LOW),),
        period=CEPA_PILOT,
        exception_to=_CAPS,
        when={
            "cap": CAP_REACHES,
            "company": OFFSHORE_ONLY & IN_CEPA_CITY & FROM_MACAU,
        },
        constants=_CAP,
        findings=(
            FindingSpec(
                "FOREIGN_CAP_CEPA_MACAU_UNKNOWN",
                Severity.WARNING,
                "CEPA Supplement IX let Hong Kong service suppliers hold offshore call centers in Dongguan and Zhuhai with no equity limit; whether the Macau arrangement's own Supplement IX did the same for Macau service suppliers was not verified, so whether the {cap_percent}% cap applies is unknown (low confidence).",
                "《内地与香港关于建立更紧密经贸关系的安排》补充协议九允许香港服务提供者在东莞、珠海经营离岸呼叫中心业务、股比不设限制；《内地与澳门关于建立更紧密经贸关系的安排》补充协议九是否对澳门服务提供者作同样规定未经核实，故是否适用{cap_percent}%的限制未知（低可信度）。",
                remediation="Ask the Guangdong Communications Administration whether the offshore call-center measure applies to Macau service suppliers.",
                remediation_zh="请向广东省通信管理局确认离岸呼叫中心业务的开放措施是否适用于澳门服务提供者。",
                remedies=(remedies.REDUCE_FOREIGN_EQUITY,),
                evidence=("foreign_equity_percent", "foreign_investor_origin", "registered_city"),
                decides=True,
            ),
        ),
    ),
    Rule(
        id="FOREIGN-CAP-PILOTS",
        summary="Where the cap applies before {in_force.negative_list_2019}, say which earlier openings were checked.",
        summary_zh="{in_force.negative_list_2019}前适用外资股比限制的，说明已核查的先行开放措施。",
        sources=(Source(law.FTZ_OPENING_2018, "4.3", Confidence.MEDIUM_HIGH, BEFORE_2019_LIST),),
        period=BEFORE_2019_LIST,
        when={"cap": CAP_APPLIES},
        findings=(
            FindingSpec(
                "FOREIGN_CAP_PILOT_EXCEPTIONS",
                Severity.INFO,
                "Earlier openings were checked and none applies as the profile states it: offshore call centers in the 21 service-outsourcing demonstration cities (from 2010), Hong Kong service suppliers' offshore call centers in Dongguan and Zhuhai (CEPA, from 2013), the original area of the Shanghai free-trade zone (from 2014), every pilot free-trade zone (from 2018-07-30). If registered_zone, registered_city, foreign_investor_origin, end_users or clients is wrong, correct it.",
                "已核查此前的先行开放措施，按所填信息均不适用：服务外包示范城市的离岸呼叫中心（2010年起）、香港服务提供者在东莞和珠海的离岸呼叫中心（《内地与香港关于建立更紧密经贸关系的安排》，2013年起）、上海自贸区原有区域（2014年起）、全部自贸区（2018年7月30日起）。如 registered_zone（注册所在区域）、registered_city（注册所在城市）、foreign_investor_origin（外方主要投资者来源地）、end_users（最终用户所在地）或 clients（委托单位所在地）有误，请更正。",
                evidence=(
                    "foreign_equity_percent",
                    "registered_province",
                    "registered_zone",
                    "registered_city",
                    "foreign_investor_origin",
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
                decides=True,
            ),
        ),
    ),
    Rule(
        id="FOREIGN-CAP-HAINAN-2018",
        summary="From {in_force.ftz_list_2018} until {in_force.hainan_ftz}, Hainan was not yet a pilot free-trade zone: the cap applied there.",
        summary_zh="{in_force.ftz_list_2018}至{in_force.hainan_ftz}前，海南尚未成为自由贸易试验区，仍适用外资股比限制。",
        sources=_CAP_BEFORE_2019,
        period=HAINAN_BEFORE_ITS_FTZ,
        when={"licence": LICENCE, "company": OVER_CAP & HAINAN},
        derive=(CAP_REACHES.make(),),
    ),
    Rule(
        id="FOREIGN-CAP-HAINAN-FREE-TRADE-ZONE",
        summary="From {in_force.hainan_ftz}, Hainan is a pilot free-trade zone: the cap does not apply to call centers there.",
        summary_zh="自{in_force.hainan_ftz}起，海南为自由贸易试验区，区内呼叫中心业务不受外资股比限制。",
        sources=(Source(law.FTZ_OPENING_2018, "4.3", Confidence.MEDIUM_HIGH, HAINAN_FTZ_YEAR),),
        period=HAINAN_FTZ_YEAR,
        when={"licence": LICENCE, "company": OVER_CAP & HAINAN},
        constants=_CAP,
        findings=(
            FindingSpec(
                "FOREIGN_CAP_FREE_TRADE_ZONE",
                Severity.INFO,
                "Foreign equity above {cap_percent}% is allowed for call centers in a pilot free-trade zone since 2018-07-30, and Hainan is one since 2018-10-16 (the 2018 free-trade-zone negative list; 国发〔2018〕34号; medium-to-high confidence).",
                "自2018年7月30日起，自由贸易试验区内的呼叫中心业务不受外资股比{cap_percent}%限制，海南自2018年10月16日起为自由贸易试验区（2018年版自贸试验区负面清单；国发〔2018〕34号；中高可信度）。",
                evidence=("foreign_equity_percent", "registered_zone"),
                decides=True,
            ),
        ),
    ),
    Rule(
        id="FOREIGN-CAP-ZONE-UNCERTAIN",
        summary="Pudong was a free-trade zone only in part: whether the cap applied is uncertain.",
        summary_zh="浦东仅部分区域属于自由贸易试验区：是否适用外资股比限制不确定。",
        sources=(Source(law.FTZ_OPENING_2018, "4.3", Confidence.MEDIUM, FTZ_LIST_YEAR),),
        period=FTZ_LIST_YEAR,
        when={
            "licence": LICENCE,
            "company": OVER_CAP
            & COMPANY.registered_zone.is_one_of(UNSURE_ZONES)
            # Shanghai is a demonstration city: the offshore pilot opens it anyway.
            & negate(OFFSHORE_PILOT_CITY),
        },
        constants=_CAP,
        findings=(
            FindingSpec(
                "FOREIGN_CAP_ZONE_UNCERTAIN",
                Severity.WARNING,
                "Whether the {cap_percent}% cap applied here is uncertain: the 2018 list lifted it in the pilot free-trade zones, but Pudong is only partly in the Shanghai free-trade zone (Lingang joined on 2019-08-20; medium confidence).",
                "外资股比{cap_percent}%限制是否适用不确定：2018年版清单在自贸试验区内取消了该限制，但浦东仅部分位于上海自贸试验区（临港新片区2019年8月20日设立；中等可信度）。",
                remediation="Confirm with the issuing authority whether the company's address was in a free-trade zone on the day.",
                remediation_zh="请向发证机关确认公司住所在评估日是否位于自由贸易试验区内。",
                evidence=("foreign_equity_percent", "registered_zone"),
                decides=True,
            ),
        ),
    ),
    # -------------------------------------------------------------- from 2019
    Rule(
        id="FOREIGN-CAP-EXEMPT",
        summary="From {in_force.negative_list_2019} call centers are excepted from the {foreign_equity.cap}% foreign-equity cap.",
        summary_zh="自{in_force.negative_list_2019}起，呼叫中心业务不受{foreign_equity.cap}%的外资股比限制。",
        sources=(
            Source(
                law.CAP_FROM_2019,
                "4.2",
                Confidence.HIGH,
                Period(
                    start=param("in_force.negative_list_2019"),
                    end=param("in_force.negative_list_2024"),
                ),
            ),
            Source(
                law.CAP_FROM_2024,
                "4.2",
                Confidence.MEDIUM_HIGH,
                Period(start=param("in_force.negative_list_2024")),
            ),
        ),
        period=FROM_2019_LIST,
        when={"licence": LICENCE, "company": OVER_CAP},
        constants={**_CAP, **_EXEMPT_FROM},
        findings=(
            FindingSpec(
                "FOREIGN_CAP_EXEMPT",
                Severity.INFO,
                "Foreign equity above {cap_percent}% is allowed for call centers since {_exempt_from}: the 2019 negative list excepts them, and the 2020, 2021 and 2024 lists keep the exception (the 2024 list, in force 2024-11-01, changed only two manufacturing items of the 2021 one).",
                "自{_exempt_from_zh}起呼叫中心业务不受外资股比{cap_percent}%限制：2019年版负面清单将其排除在外，2020年版、2021年版和2024年版（2024年11月1日施行，仅删除2021年版制造业条目两项）均予保留。",
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
        values=_partly_capped,
        parameters=("foreign_equity.partly_capped_in_pilot_areas",),
        findings=(
            FindingSpec(
                "FOREIGN_CAP_OTHER_SERVICES",
                Severity.WARNING,
                "The other value-added services listed are still under the {cap_percent}% foreign-equity cap (capped: {_capped}{_partly}; e-commerce within B21 is excepted); the call-center exception does not extend to them (medium confidence).",
                "所列其他增值电信业务仍受外资股比{cap_percent}%限制（受限：{_capped_zh}{_partly_zh}；B21中的电子商务除外），呼叫中心的例外不适用于这些业务（中等可信度）。",
                remediation="Hold the other categories in a company with at most {cap_percent}% foreign equity, or drop them.",
                remediation_zh="请由外资股比不超过{cap_percent}%的公司经营上述其他业务，或者放弃这些业务。",
                evidence=(
                    "foreign_equity_percent",
                    "other_value_added_services",
                    "registered_zone",
                ),
            ),
        ),
    ),
    Rule(
        id="FOREIGN-CAP-OTHER-SERVICES-CEPA-2025",
        summary="From {in_force.cepa_amendment_2025}, CEPA's Amendment Agreement II relaxes telecom for Hong Kong service suppliers; its items are unverified.",
        summary_zh="自{in_force.cepa_amendment_2025}起，《内地与香港关于建立更紧密经贸关系的安排》服务贸易协议修订协议二放宽了对香港服务提供者的电信准入，具体条目未经核实。",
        sources=(
            Source(
                law.CEPA_2025_TELECOM,
                "4.9",
                Confidence.LOW,
                Period(start=param("in_force.cepa_amendment_2025")),
            ),
        ),
        period=Period(start=param("in_force.cepa_amendment_2025")),
        when={
            "licence": LICENCE,
            "company": OVER_CAP
            & FROM_HONG_KONG
            & COMPANY.other_value_added_services.includes_any(
                param("foreign_equity.capped_services")
            ),
        },
        findings=(
            FindingSpec(
                "CEPA_OTHER_SERVICES_UNVERIFIED",
                Severity.WARNING,
                "CEPA's Amendment Agreement II (in force 2025-03-01) removes or relaxes restrictions on Hong Kong service suppliers in telecommunications among other sectors; its items were not verified, so a Hong Kong service supplier may face a lower bar for the other categories listed than the cap stated here (low confidence).",
                "《内地与香港关于建立更紧密经贸关系的安排》服务贸易协议修订协议二（2025年3月1日施行）在电信等领域进一步降低或取消对香港服务提供者的准入门槛；具体条目未经核实，香港服务提供者经营所列其他业务的限制可能低于此处所述（低可信度）。",
                remediation="Check the agreement's telecom items with MIIT before relying on the cap for the other categories.",
                remediation_zh="就所列其他业务适用外资股比限制前，请向工业和信息化部核实该协议的电信条目。",
                evidence=(
                    "foreign_equity_percent",
                    "foreign_investor_origin",
                    "other_value_added_services",
                ),
            ),
        ),
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
    # -------------------------------------------------------------- who licenses it
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
                decides=True,
            ),
        ),
    ),
    Rule(
        id="FOREIGN-INVESTED-AUTHORITY-2022",
        summary="From {in_force.foreign_telecom_rules_2022} a foreign-invested applicant applies to MIIT, whatever the licence, with an investor statement.",
        summary_zh="自{in_force.foreign_telecom_rules_2022}起，外商投资电信企业不论申请何种许可，均向工业和信息化部申请，并报送投资者情况说明书。",
        sources=(Source(law.APPLICATION_TO_MIIT_2022, "4.4", Confidence.HIGH, FROM_2022_RULES),),
        period=FROM_2022_RULES,
        when={"licence": LICENCE, "company": FOREIGN_INVESTED},
        derive=(AUTHORITY.make(issuer=NATIONWIDE_AUTHORITY),),
        findings=(
            FindingSpec(
                "FOREIGN_INVESTED_AUTHORITY_MIIT",
                Severity.INFO,
                "A company with foreign investment applies to MIIT for its telecom licence, whatever the service area, once registered (foreign-invested telecom rules as revised in 2022, Art. 10), with an investor statement (Art. 10(1)).",
                "外商投资电信企业依法办理市场主体登记后，向工业和信息化部申请电信业务经营许可，不论业务覆盖范围（2022年修订的《外商投资电信企业管理规定》第十条），并报送投资者情况说明书（第十条第（一）项）。",
                evidence=("foreign_equity_percent",),
                decides=True,
            ),
        ),
    ),
    Rule(
        id="FOREIGN-INVESTED-AUTHORITY-SHANGHAI-FTZ",
        summary="Under the Shanghai free-trade zone pilot, until {in_force.ftz_list_2018}, a foreign-invested company in the original area applied to the Shanghai Communications Administration.",
        summary_zh="上海自由贸易试验区试点期间（至{in_force.ftz_list_2018}前），原有区域内的外商投资企业向上海市通信管理局申请。",
        sources=(_SHANGHAI_APPROVAL,),
        period=SHANGHAI_PILOT,
        exception_to=("FOREIGN-INVESTED-AUTHORITY",),
        when={
            "licence": LICENCE,
            "company": FOREIGN_INVESTED
            & (COMPANY.registered_zone == Zone.SHANGHAI_FTZ_ORIGINAL.value),
        },
        derive=(AUTHORITY.make(issuer=Province.SHANGHAI.code),),
        findings=(
            FindingSpec(
                "FOREIGN_INVESTED_AUTHORITY_SHANGHAI_FTZ",
                Severity.INFO,
                "In the original area of the Shanghai free-trade zone, a foreign-invested company applied to the Shanghai Communications Administration under MIIT's pilot measures of 2014 (工信部通〔2014〕130号: decision within 60 days, CNY 1,000,000 of registered capital, service facilities in the zone, a pilot approval valid 3 years; by March 2020, 50 foreign-invested companies held Shanghai-issued approvals; medium-to-high confidence).",
                "在上海自由贸易试验区原有区域内，外商投资企业依工业和信息化部2014年试点管理办法（工信部通〔2014〕130号）向上海市通信管理局申请（60日内审查完毕，注册资本不少于100万元，服务设施须设在试验区内，试点批复有效期暂定为3年；截至2020年3月，50家外商投资企业持有上海市通信管理局的批复；中高可信度）。",
                evidence=("foreign_equity_percent", "registered_zone"),
                decides=True,
            ),
        ),
    ),
    Rule(
        id="FOREIGN-INVESTED-AUTHORITY-OFFSHORE-PILOT",
        summary="Under the offshore call-center pilot, before {in_force.negative_list_2019}, a foreign-invested offshore call center in a demonstration city applied to its provincial communications administration.",
        summary_zh="离岸呼叫中心业务试点期间（{in_force.negative_list_2019}前），服务外包示范城市的外商投资离岸呼叫中心向所在省、直辖市通信管理局申请。",
        sources=(_OFFSHORE_PILOT,),
        period=OFFSHORE_PILOT,
        exception_to=(
            "FOREIGN-INVESTED-AUTHORITY",
            # In Shanghai, a demonstration city, the offshore pilot names the Shanghai
            # administration whatever the area.
            "FOREIGN-INVESTED-AUTHORITY-SHANGHAI-AREA",
            "FOREIGN-INVESTED-AUTHORITY-FTZ-DELEGATION",
            # The pilot admits wholly foreign-owned companies in so many words.
            "FOREIGN-INVESTED-JOINT-VENTURE",
        ),
        when={"licence": LICENCE, "company": FOREIGN_INVESTED & OFFSHORE_PILOT_CITY},
        derive=(AUTHORITY.make(issuer=COMPANY.registered_province),),
        findings=(
            FindingSpec(
                "FOREIGN_INVESTED_AUTHORITY_OFFSHORE_PILOT",
                Severity.INFO,
                "A foreign-invested offshore call center in a service-outsourcing demonstration city applied to the communications administration of its province (and the commerce department), not to MIIT, under MIIT's offshore call-center pilot; a head office applied for its branches in other pilot cities, which then registered with their own administrations (medium confidence).",
                "服务外包示范城市的外商投资离岸呼叫中心，依工业和信息化部离岸呼叫中心业务试点，向所在省、直辖市通信管理局（及商务主管部门）申请，而非向工业和信息化部申请；总公司为其在其他试点城市的分公司统一办理，分公司在所在地通信管理局备案（中等可信度）。",
                evidence=("foreign_equity_percent", "end_users", "clients", "registered_city"),
                decides=True,
            ),
        ),
    ),
    Rule(
        id="FOREIGN-INVESTED-AUTHORITY-SHANGHAI-AREA",
        summary="Before {in_force.ftz_list_2018}, for a foreign-invested Shanghai company in the free-trade zone or Pudong, who licenses it depends on whether it is in the original pilot area.",
        summary_zh="{in_force.ftz_list_2018}前，注册于上海自由贸易试验区或浦东的上海外商投资企业，由哪一机关审批取决于其是否位于原有试点区域。",
        sources=(_SHANGHAI_AREAS,),
        period=SHANGHAI_PILOT,
        when={
            "licence": LICENCE,
            "company": FOREIGN_INVESTED
            & IN_SHANGHAI
            & COMPANY.registered_zone.is_one_of(SHANGHAI_AREA_UNSURE),
        },
        findings=(
            FindingSpec(
                "FTZ_AUTHORITY_UNSETTLED",
                Severity.WARNING,
                "A foreign-invested company in the original area of the Shanghai free-trade zone applied to the Shanghai Communications Administration under the 2014 pilot; elsewhere, to MIIT. Whether this company is in the original area is not given (registered_zone shanghai_ftz_original), so MIIT is named (medium confidence).",
                "上海自由贸易试验区原有区域内的外商投资企业依2014年试点向上海市通信管理局申请；其他区域向工业和信息化部申请。未说明本公司是否位于原有区域（registered_zone 填写 shanghai_ftz_original），故列工业和信息化部（中等可信度）。",
                remediation="State whether the company is registered in the original area of the Shanghai free-trade zone.",
                remediation_zh="请说明公司是否注册于上海自由贸易试验区原有区域。",
                evidence=("foreign_equity_percent", "registered_zone"),
                decides=True,
            ),
        ),
    ),
    Rule(
        id="FOREIGN-INVESTED-AUTHORITY-FTZ-DELEGATION",
        summary="From {in_force.ftz_list_2018}, whether the Shanghai administration still licenses foreign-invested companies of the Shanghai free-trade zone is unverified.",
        summary_zh="自{in_force.ftz_list_2018}起，上海市通信管理局是否仍为上海自由贸易试验区内的外商投资企业办理许可未经核实。",
        sources=(Source(law.SHANGHAI_FTZ_APPROVAL, "4.4", Confidence.MEDIUM, FROM_FTZ_LIST),),
        period=FROM_FTZ_LIST,
        when={
            "licence": LICENCE,
            "company": FOREIGN_INVESTED
            & IN_SHANGHAI
            & COMPANY.registered_zone.is_one_of(SHANGHAI_FTZ_ZONES),
        },
        findings=(
            FindingSpec(
                "FTZ_AUTHORITY_UNSETTLED",
                Severity.WARNING,
                "The foreign-invested telecom rules name MIIT as the authority, but under the 2014 pilot the Shanghai Communications Administration licensed foreign-invested companies of the Shanghai free-trade zone (50 by March 2020). Whether that delegation continues for this company is not verified (medium confidence).",
                "《外商投资电信企业管理规定》规定向工业和信息化部申请，但依2014年试点，上海市通信管理局曾为上海自由贸易试验区内的外商投资企业办理许可（截至2020年3月共50家）。该授权是否仍适用于本公司未经核实（中等可信度）。",
                remediation="Ask the Shanghai Communications Administration and MIIT where to apply.",
                remediation_zh="请向上海市通信管理局和工业和信息化部确认应向何处申请。",
                evidence=("foreign_equity_percent", "registered_zone"),
                decides=True,
            ),
        ),
    ),
)

__all__ = [
    "CITY_GROUPS",
    "FREE_TRADE_ZONES",
    "LATER_CITIES_2016",
    "NOT_FREE_TRADE_ZONES",
    "OUTSIDE_PILOT_AREAS",
    "PILOT_AREAS",
    "PILOT_CITIES",
    "RULES",
    "UNSURE_ZONES",
]
