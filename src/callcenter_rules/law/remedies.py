"""What an applicant can change to lift a finding, in the rules' own terms.

A finding's ``remedies`` propose changes to the profile (raise capital to the minimum the
finding names, narrow the service area to the home province, state an unknown fact); the
planner (`callcenter_rules.plan`) applies them and runs the same rules on the changed
profile. A remedy proposes; the rules decide. A finding without remedies (a listing on the
dishonesty list, a recent violation) cannot be lifted by the applicant.

Values are JSON-ready, as `Profile.to_dict` writes them: amounts and percentages as decimal
strings, provinces and other codes as codes.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Final

from ..provinces import Province
from .language import CLEARED, ChangeKind, Proposal, Remedy, Situation

#: Every province's code, for the remedies that name one.
PROVINCE_CODES: Final = tuple(province.code for province in Province)

__all__ = [
    "DROP_FOREIGN_EQUITY",
    "DROP_TELEMARKETING",
    "FORM_A_COMPANY",
    "GAIN_TRACK_RECORD",
    "MOVE_PLATFORM",
    "MOVE_SERVICE_TO_HOME",
    "NARROW_TO_HOME",
    "NARROW_TO_ONE_SERVED",
    "RAISE_CAPITAL",
    "RAISE_CAPITAL_TO_REGIONAL_MINIMUM",
    "REDUCE_FOREIGN_EQUITY",
    "REGISTER_IN_FREE_TRADE_ZONE",
    "REGISTER_IN_SERVED_PROVINCE",
    "SERVE_HOME_TOO",
    "capability",
    "state",
]


def _decimal(value: Decimal) -> str:
    return f"{value:f}"


def _capital_minimum(s: Situation) -> str | None:
    """The minimum the capital finding names: that of the licence it was checked for."""
    minimum: Decimal = s.law[f"capital_minimum.{s.evidence['licence_type']}"]
    current = Decimal(s.profile["registered_capital_cny"])
    return _decimal(minimum) if current < minimum else None


#: Domain fact 2.4: raise registered capital to the minimum for the licence needed.
RAISE_CAPITAL: Final = Remedy(
    (
        Proposal(
            "registered_capital_cny",
            ChangeKind.CAPITAL,
            _capital_minimum,
            "Raise registered capital from {current} to {proposed}.",
            "将注册资本由{current}增至{proposed}。",
        ),
    )
)


def _regional_minimum(s: Situation) -> str | None:
    """The regional minimum, where a rule sets it whatever the licence (a pilot's)."""
    minimum: Decimal = s.law["capital_minimum.regional"]
    current = Decimal(s.profile["registered_capital_cny"])
    return _decimal(minimum) if current < minimum else None


#: Raise registered capital to the regional minimum (the Shanghai free-trade zone pilot's,
#: domain fact 4.7, whatever the licence).
RAISE_CAPITAL_TO_REGIONAL_MINIMUM: Final = Remedy(
    (
        Proposal(
            "registered_capital_cny",
            ChangeKind.CAPITAL,
            _regional_minimum,
            "Raise registered capital from {current} to {proposed}.",
            "将注册资本由{current}增至{proposed}。",
        ),
    )
)


def _home_only(s: Situation) -> list[str] | None:
    if s.evidence.get("licence_type") != "nationwide":
        return None
    home = s.profile["registered_province"]
    return [home] if list(s.profile["service_provinces"]) != [home] else None


def _without_95(s: Situation) -> list[str] | None:
    numbers = list(s.profile["number_resources"])
    if s.evidence.get("licence_type") != "nationwide" or "95" not in numbers:
        return None
    return [n for n in numbers if n != "95"]


_GIVE_UP_95: Final = Proposal(
    "number_resources",
    ChangeKind.NUMBERS,
    _without_95,
    "Give up the 95 number, which only the cross-regional licence can hold.",
    "放弃95号码（只有跨地区许可可以使用95号码）。",
)


def _served_home_only(s: Situation) -> list[str] | None:
    """The home province alone, where the company serves it now among others."""
    served = list(s.profile["service_provinces"])
    return _home_only(s) if s.profile["registered_province"] in served else None


def _unserved_home_only(s: Situation) -> list[str] | None:
    """The home province alone, where the company does not serve it now."""
    served = list(s.profile["service_provinces"])
    return _home_only(s) if s.profile["registered_province"] not in served else None


#: Domain facts 3.1, 3.4: serving only the home province without a 95 number takes the
#: provincial licence, with its lower capital minimum.
NARROW_TO_HOME: Final = Remedy(
    (
        Proposal(
            "service_provinces",
            ChangeKind.SERVICE_AREA,
            _served_home_only,
            "Serve end users only in the province of registration: {proposed} (now {current}).",
            "将服务范围缩小至注册地所在省：{proposed}（现为{current}）。",
        ),
        _GIVE_UP_95,
    )
)
#: The same, where the home province is not served now: the company would give up every
#: market it serves for one it does not, which the message says.
MOVE_SERVICE_TO_HOME: Final = Remedy(
    (
        Proposal(
            "service_provinces",
            ChangeKind.SERVICE_AREA,
            _unserved_home_only,
            "Stop serving {current} and serve end users only in the province of registration, {proposed}, which the company does not serve now.",
            "停止在{current}提供服务，改为仅在注册地所在省（{proposed}）提供服务；本公司目前并未在该省提供服务。",
        ),
        _GIVE_UP_95,
    )
)


def _only(province: str) -> Any:
    def value(s: Situation) -> list[str] | None:
        if s.evidence.get("licence_type") != "nationwide":
            return None
        served = list(s.profile["service_provinces"])
        if province == s.profile["registered_province"]:  # NARROW_TO_HOME says so
            return None
        return [province] if province in served and len(served) > 1 else None

    return value


def _narrow_to(province: str) -> Remedy:
    return Remedy(
        (
            Proposal(
                "service_provinces",
                ChangeKind.SERVICE_AREA,
                _only(province),
                "Serve end users only in {proposed}, one of the provinces served now ({current}).",
                "将服务范围缩小至目前所服务省份之一：{proposed}（现为{current}）。",
            ),
            _GIVE_UP_95,
        )
    )


#: Domain facts 3.1, 3.3: keep one of the markets served, under a provincial licence (for a
#: province other than the home province, the licence rests on Art. 9(2) read as written).
NARROW_TO_ONE_SERVED: Final = tuple(_narrow_to(code) for code in PROVINCE_CODES)


def _served_province(s: Situation) -> str | None:
    served = list(s.profile["service_provinces"])
    home = s.profile["registered_province"]
    return served[0] if len(served) == 1 and served[0] != home else None


def _left_behind(field: str) -> Any:
    """The zone or city a company registered in another province leaves behind."""

    def value(s: Situation) -> Any:
        return CLEARED if _served_province(s) and s.profile.get(field) is not None else None

    return value


#: Domain fact 3.3: the settled way to a provincial licence for the one province served:
#: a company registered there applies to its administration (not in the old province's
#: zone or city).
REGISTER_IN_SERVED_PROVINCE: Final = Remedy(
    (
        Proposal(
            "registered_province",
            ChangeKind.RESTRUCTURE,
            _served_province,
            "Apply through a company registered in {proposed}, the province served (now registered in {current}).",
            "改由在所服务省份（{proposed}）注册的公司申请（现注册地为{current}）。",
        ),
        Proposal(
            "registered_zone",
            ChangeKind.RESTRUCTURE,
            _left_behind("registered_zone"),
            "The company registered in the province served is not in {current}.",
            "在所服务省份注册的公司不在{current}。",
        ),
        Proposal(
            "registered_city",
            ChangeKind.RESTRUCTURE,
            _left_behind("registered_city"),
            "The company registered in the province served is not in {current}.",
            "在所服务省份注册的公司不在{current}。",
        ),
    )
)


def _home_too(s: Situation) -> list[str] | None:
    served = list(s.profile["service_provinces"])
    home = s.profile["registered_province"]
    return [*served, home] if len(served) == 1 and served[0] != home else None


#: Domain facts 3.1, 3.3: the other settled way: the cross-regional licence from MIIT,
#: covering the home province as well (with its capital minimum).
SERVE_HOME_TOO: Final = Remedy(
    (
        Proposal(
            "service_provinces",
            ChangeKind.SERVICE_AREA,
            _home_too,
            "Apply to MIIT for the cross-regional licence, covering the province of registration as well: {proposed} (now {current}).",
            "向工业和信息化部申请跨地区许可，业务覆盖范围同时包括注册地所在省：{proposed}（现为{current}）。",
        ),
    )
)


def _at_cap(s: Situation) -> str | None:
    cap: Decimal = s.law["foreign_equity.cap"]
    current = s.profile.get("foreign_equity_percent")
    return _decimal(cap) if current is not None and Decimal(current) > cap else None


#: Domain fact 4.1: foreign equity down to the cap.
REDUCE_FOREIGN_EQUITY: Final = Remedy(
    (
        Proposal(
            "foreign_equity_percent",
            ChangeKind.OWNERSHIP,
            _at_cap,
            "Reduce foreign equity from {current} to {proposed}.",
            "将外资股比由{current}降至{proposed}。",
        ),
    )
)


def _free_trade_zone(s: Situation) -> str | None:
    """A pilot free-trade zone of the company's province, where one existed on the day."""
    if s.profile.get("registered_zone") is not None:
        return None
    provinces = s.law.get("free_trade_zone.provinces") or ()
    return "free_trade_zone" if s.profile["registered_province"] in provinces else None


#: Domain facts 4.3, 4.4: where the cap was lifted in free-trade zones, an address there.
REGISTER_IN_FREE_TRADE_ZONE: Final = Remedy(
    (
        Proposal(
            "registered_zone",
            ChangeKind.RESTRUCTURE,
            _free_trade_zone,
            "Register the company in a pilot free-trade zone of its province.",
            "将公司注册地迁入本省的自由贸易试验区。",
        ),
    )
)


def _no_foreign_equity(s: Situation) -> str | None:
    current = s.profile.get("foreign_equity_percent")
    return "0" if current is not None and Decimal(current) > 0 else None


#: Domain fact 4.7: without foreign equity, the foreign-investor conditions do not apply.
DROP_FOREIGN_EQUITY: Final = Remedy(
    (
        Proposal(
            "foreign_equity_percent",
            ChangeKind.OWNERSHIP,
            _no_foreign_equity,
            "Apply through a company without foreign equity (now {current}).",
            "改由无外资的公司申请（现外资股比为{current}）。",
        ),
    )
)

#: Domain fact 4.7: a main foreign investor with a track record in value-added telecoms.
GAIN_TRACK_RECORD: Final = Remedy(
    (
        Proposal(
            "foreign_investor_track_record",
            ChangeKind.OWNERSHIP,
            lambda s: True if s.profile.get("foreign_investor_track_record") is not True else None,
            "Bring in a main foreign investor with a good track record in value-added "
            "telecom services.",
            "引入具有经营增值电信业务良好业绩和运营经验的外方主要投资者。",
        ),
    )
)


#: Domain fact 2.1: the applicant must be a company.
FORM_A_COMPANY: Final = Remedy(
    (
        Proposal(
            "entity_type",
            ChangeKind.RESTRUCTURE,
            lambda s: "limited_liability_company",
            "Apply through a limited liability company (now {current}).",
            "改由有限责任公司申请（现为{current}）。",
        ),
    )
)

#: Domain fact 1.6: the platform must be in the mainland.
MOVE_PLATFORM: Final = Remedy(
    (
        Proposal(
            "platform_location",
            ChangeKind.RESTRUCTURE,
            lambda s: "mainland",
            "Move the call-center platform (servers and system) into mainland China.",
            "将呼叫中心平台（服务器和系统）设在境内。",
        ),
    )
)


def _without_telemarketing(s: Situation) -> list[str] | None:
    activities = list(s.profile["activities"])
    if "telemarketing" not in activities:
        return None
    return [a for a in activities if a != "telemarketing"]


#: Domain fact 5.2: no commercial marketing calls.
DROP_TELEMARKETING: Final = Remedy(
    (
        Proposal(
            "activities",
            ChangeKind.ACTIVITIES,
            _without_telemarketing,
            "Drop telemarketing from the business plan.",
            "从业务计划中取消电话营销。",
        ),
    )
)


def state(field: str, value: Any, message: str, message_zh: str) -> Remedy:
    """State an unknown fact: the evidence exists and says ``value``."""
    return Remedy(
        (
            Proposal(
                field,
                ChangeKind.EVIDENCE,
                lambda s: _param(value, s) if s.profile.get(field) != _param(value, s) else None,
                message,
                message_zh,
            ),
        )
    )


def capability(field: str, value: Any, message: str, message_zh: str) -> Remedy:
    """Secure or prepare what a condition asks for (staff, premises, a plan)."""
    return Remedy(
        (
            Proposal(
                field,
                ChangeKind.CAPABILITY,
                lambda s: _param(value, s) if s.profile.get(field) != _param(value, s) else None,
                message,
                message_zh,
            ),
        )
    )


def _param(value: Any, s: Situation) -> Any:
    """``value`` itself, or a parameter's value on the day when it names one (``"@name"``)."""
    if isinstance(value, str) and value.startswith("@"):
        found = s.law[value[1:]]
        return int(found) if isinstance(found, int | Decimal) else found
    return value
