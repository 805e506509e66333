"""Foreign investment: the 50% cap on value-added telecom and the call-center exception.

Domain facts 4.1-4.5. Until 2019-07-29 the negative list capped foreign equity in
value-added telecom at 50% (e-commerce excepted); from 2019-07-30 call centers are
excepted nationwide, but a company holding another capped category stays under the cap
for that category.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Final

from durable.lang import m

from ..facts import equity_micro
from ..model import OTHER_SERVICE_CODES
from ..results import Confidence, Severity
from . import sources as law
from .rulebook import FindingSpec, Period, Rule, Source, one_of

#: The cap on foreign equity in value-added telecom (fact 4.1); "above 50%" breaches it.
FOREIGN_EQUITY_CAP_PERCENT: Final = Decimal(50)
#: Categories the 2019 list excepts besides call centers: 国内多方通信 (B22) and 存储转发类
#: (B23); e-commerce is part of B21 and cannot be told apart by code.
EXCEPTED_FROM_CAP: Final = frozenset({"B22", "B23"})
CAPPED_OTHER_SERVICES: Final = tuple(sorted(OTHER_SERVICE_CODES - EXCEPTED_FROM_CAP))

_BEFORE_2019 = Period(end=law.NEGATIVE_LIST_2019_IN_FORCE)
_FROM_2019 = Period(start=law.NEGATIVE_LIST_2019_IN_FORCE)

PROFILE = m.t == "profile"
LICENCE = m.t == "licence"
OVER_CAP = m.foreign_equity_micro > equity_micro(FOREIGN_EQUITY_CAP_PERCENT)
_CAP = {"cap_percent": str(FOREIGN_EQUITY_CAP_PERCENT)}


RULES: Final = (
    Rule(
        id="FOREIGN-CAP",
        summary="Before 2019-07-30, foreign equity in a value-added telecom company may not exceed 50%.",
        sources=(Source(law.CAP_BEFORE_2019, "4.1", Confidence.HIGH, _BEFORE_2019),),
        period=_BEFORE_2019,
        when={"lic": LICENCE, "p": PROFILE & OVER_CAP},
        constants=_CAP,
        findings=(
            FindingSpec(
                "FOREIGN_EQUITY_OVER_CAP",
                Severity.BLOCKING,
                "Foreign equity above {cap_percent}% is not allowed in value-added telecom "
                "before 2019-07-30.",
                "2019年7月30日前，增值电信业务外资股比不得超过{cap_percent}%。",
                remediation="Reduce foreign equity to at most {cap_percent}%, or assess on or "
                "after 2019-07-30.",
                evidence=("foreign_equity_percent",),
            ),
        ),
    ),
    Rule(
        id="FOREIGN-CAP-PILOTS",
        summary="Before 2019-07-30 some places were opened early: offshore call centers in the "
        "service-outsourcing demonstration cities (2010), the Shanghai FTZ (2014), all FTZs "
        "(2018-07-30).",
        sources=(Source(law.CAP_BEFORE_2019, "4.3", Confidence.MEDIUM_HIGH, _BEFORE_2019),),
        period=_BEFORE_2019,
        when={"lic": LICENCE, "p": PROFILE & OVER_CAP},
        findings=(
            FindingSpec(
                "FOREIGN_CAP_PILOT_EXCEPTIONS",
                Severity.WARNING,
                "Earlier partial openings may lift the cap: offshore call centers in the 21 "
                "service-outsourcing demonstration cities (from 2010), the Shanghai free-trade "
                "zone pilot (from 2014) and all free-trade zones (from 2018-07-30). The library "
                "does not model the company's location within these zones.",
                "此前存在部分开放：服务外包示范城市的离岸呼叫中心（2010年起）、上海自贸区试点（2014年起）、"
                "全部自贸区（2018年7月30日起）。本库未对企业是否位于上述区域建模。",
                remediation="Check whether the company is in a demonstration city or free-trade zone.",
                evidence=("foreign_equity_percent", "registered_province", "end_users"),
            ),
        ),
    ),
    Rule(
        id="FOREIGN-CAP-EXEMPT",
        summary="From 2019-07-30 call centers are excepted from the 50% foreign-equity cap.",
        sources=(Source(law.CAP_FROM_2019, "4.2", Confidence.HIGH, _FROM_2019),),
        period=_FROM_2019,
        when={"lic": LICENCE, "p": PROFILE & OVER_CAP},
        constants=_CAP,
        findings=(
            FindingSpec(
                "FOREIGN_CAP_EXEMPT",
                Severity.INFO,
                "Foreign equity above {cap_percent}% is allowed for call centers since 2019-07-30 "
                "(negative list 2019, kept in 2020; the 2024 list is believed unchanged, medium "
                "confidence).",
                "自2019年7月30日起呼叫中心业务不受外资股比{cap_percent}%限制（2019年版负面清单，2020年版沿用；"
                "2024年版据信未变，中等可信度）。",
                evidence=("foreign_equity_percent",),
            ),
        ),
    ),
    Rule(
        id="FOREIGN-CAP-OTHER-SERVICES",
        summary="A company that also holds another capped value-added category stays under the "
        "50% cap for that category.",
        sources=(Source(law.FOREIGN_TELECOM_CAP, "4.5", Confidence.MEDIUM, _FROM_2019),),
        period=_FROM_2019,
        when={
            "lic": LICENCE,
            "p": PROFILE
            & OVER_CAP
            & m.other_value_added_services.anyItem(one_of(CAPPED_OTHER_SERVICES)),
        },
        constants=_CAP,
        findings=(
            FindingSpec(
                "FOREIGN_CAP_OTHER_SERVICES",
                Severity.WARNING,
                "The other value-added services listed are still under the {cap_percent}% "
                "foreign-equity cap; the call-center exception does not extend to them "
                "(medium confidence).",
                "所列其他增值电信业务仍受外资股比{cap_percent}%限制，呼叫中心的例外不适用于这些业务（中等可信度）。",
                remediation="Hold the other categories in a company with at most {cap_percent}% "
                "foreign equity, or drop them.",
                evidence=("foreign_equity_percent", "other_value_added_services"),
            ),
        ),
    ),
)

__all__ = ["CAPPED_OTHER_SERVICES", "EXCEPTED_FROM_CAP", "FOREIGN_EQUITY_CAP_PERCENT", "RULES"]
