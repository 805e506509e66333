"""Foreign investment: the cap on value-added telecom and the call-center exception.

Domain facts 4.1-4.5. Until the 2019 negative list took effect (2019-07-30,
``in_force.negative_list_2019``) foreign equity in value-added telecom was capped
(``foreign_equity.cap``, 50%; e-commerce excepted); from then on call centers are excepted
nationwide, but a company holding another capped category stays under the cap for that
category.
"""

from __future__ import annotations

from typing import Final

from ..model import OTHER_SERVICE_CODES
from . import sources as law
from .citation import Confidence, Period, Severity, Source
from .facts import COMPANY, LICENCE
from .language import FindingSpec, Rule
from .parameters import param

#: Categories the 2019 list excepts besides call centers: 国内多方通信 (B22) and 存储转发类
#: (B23); e-commerce is part of B21 and cannot be told apart by code.
EXCEPTED_FROM_CAP: Final = frozenset({"B22", "B23"})
CAPPED_OTHER_SERVICES: Final = tuple(sorted(OTHER_SERVICE_CODES - EXCEPTED_FROM_CAP))

BEFORE_2019_LIST: Final = Period(end=param("in_force.negative_list_2019"))
FROM_2019_LIST: Final = Period(start=param("in_force.negative_list_2019"))

OVER_CAP: Final = COMPANY.foreign_equity_percent > param("foreign_equity.cap")
_CAP: Final = {"cap_percent": param("foreign_equity.cap")}
# The day, for messages: a value whose name ends in _zh is written the Chinese way.
_EXEMPT_FROM: Final = {
    "_exempt_from": param("in_force.negative_list_2019"),
    "_exempt_from_zh": param("in_force.negative_list_2019"),
}

RULES: Final = (
    Rule(
        id="FOREIGN-CAP",
        summary="Before {in_force.negative_list_2019}, foreign equity in a value-added telecom company may not exceed {foreign_equity.cap}%.",
        sources=(Source(law.CAP_BEFORE_2019, "4.1", Confidence.HIGH, BEFORE_2019_LIST),),
        period=BEFORE_2019_LIST,
        when={"licence": LICENCE, "company": OVER_CAP},
        constants={**_CAP, **_EXEMPT_FROM},
        findings=(
            FindingSpec(
                "FOREIGN_EQUITY_OVER_CAP",
                Severity.BLOCKING,
                "Foreign equity above {cap_percent}% is not allowed in value-added telecom before {_exempt_from}.",
                "{_exempt_from_zh}前，增值电信业务外资股比不得超过{cap_percent}%。",
                remediation="Reduce foreign equity to at most {cap_percent}%, or assess on or after {_exempt_from}.",
                evidence=("foreign_equity_percent",),
            ),
        ),
    ),
    Rule(
        id="FOREIGN-CAP-PILOTS",
        summary="Before {in_force.negative_list_2019} some places were opened early: offshore call centers in the service-outsourcing demonstration cities (2010), the Shanghai FTZ (2014), all FTZs (2018-07-30).",
        sources=(Source(law.CAP_BEFORE_2019, "4.3", Confidence.MEDIUM_HIGH, BEFORE_2019_LIST),),
        period=BEFORE_2019_LIST,
        when={"licence": LICENCE, "company": OVER_CAP},
        findings=(
            FindingSpec(
                "FOREIGN_CAP_PILOT_EXCEPTIONS",
                Severity.WARNING,
                "Earlier partial openings may lift the cap: offshore call centers in the 21 service-outsourcing demonstration cities (from 2010), the Shanghai free-trade zone pilot (from 2014) and all free-trade zones (from 2018-07-30). The library does not model the company's location within these zones.",
                "此前存在部分开放：服务外包示范城市的离岸呼叫中心（2010年起）、上海自贸区试点（2014年起）、全部自贸区（2018年7月30日起）。本库未对企业是否位于上述区域建模。",
                remediation="Check whether the company is in a demonstration city or free-trade zone.",
                evidence=("foreign_equity_percent", "registered_province", "end_users"),
            ),
        ),
    ),
    Rule(
        id="FOREIGN-CAP-EXEMPT",
        summary="From {in_force.negative_list_2019} call centers are excepted from the {foreign_equity.cap}% foreign-equity cap.",
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
        sources=(Source(law.FOREIGN_TELECOM_CAP, "4.5", Confidence.MEDIUM, FROM_2019_LIST),),
        period=FROM_2019_LIST,
        when={
            "licence": LICENCE,
            "company": OVER_CAP
            & COMPANY.other_value_added_services.includes_any(CAPPED_OTHER_SERVICES),
        },
        constants=_CAP,
        findings=(
            FindingSpec(
                "FOREIGN_CAP_OTHER_SERVICES",
                Severity.WARNING,
                "The other value-added services listed are still under the {cap_percent}% foreign-equity cap; the call-center exception does not extend to them (medium confidence).",
                "所列其他增值电信业务仍受外资股比{cap_percent}%限制，呼叫中心的例外不适用于这些业务（中等可信度）。",
                remediation="Hold the other categories in a company with at most {cap_percent}% foreign equity, or drop them.",
                evidence=("foreign_equity_percent", "other_value_added_services"),
            ),
        ),
    ),
)

__all__ = ["CAPPED_OTHER_SERVICES", "EXCEPTED_FROM_CAP", "RULES"]
