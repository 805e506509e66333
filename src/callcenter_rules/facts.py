"""A validated `callcenter_rules.model.Profile` as the facts the rules match.

Nothing here decides anything; it only puts the input into the exact, typed shape the
engine compares (the C engine's comparisons are loosely typed, so every value is
normalised first):

* money as whole fen, rounded *down* (``capital >= minimum`` holds exactly when
  ``floor(capital * 100) >= minimum * 100``), capped at 2**53 where JSON integers stay
  exact in the engine (far above every threshold);
* foreign equity in millionths of a percent, rounded *up* (``equity > 50`` holds exactly
  when ``ceil(equity * 10**6) > 50 * 10**6``);
* dates as the integer ``YYYYMMDD``;
* whole numbers (staff) capped at 2**53 likewise;
* unknown evidence fields left out of the fact, so rules test them with ``-m.field``
  (``$nex``), never as false.
"""

from __future__ import annotations

import datetime
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal, Inexact, localcontext
from typing import Any, Final

from .model import NumberResource, Policy, Profile

__all__ = [
    "EVIDENCE_FIELDS",
    "MAX_EXACT",
    "cny",
    "describe_field",
    "equity_micro",
    "fen",
    "profile_facts",
    "ymd",
]

#: Largest integer the engine compares exactly.
MAX_EXACT: Final = 2**53

#: Evidence fields: omitted from the ``profile`` fact when unknown.
EVIDENCE_FIELDS: Final = (
    "professional_staff",
    "has_premises_and_facilities",
    "has_technical_plan",
    "long_term_service_capability",
    "on_dishonesty_list",
)


def ymd(day: datetime.date) -> int:
    """A date as the integer ``YYYYMMDD``, the form dates take inside the engine.

    Integer dates compare like dates, and ``ymd(d) - 30000`` is the same day three
    calendar years earlier, which is how the three-year look-back is written.
    """
    return day.year * 10000 + day.month * 100 + day.day


def _scaled(value: Decimal, places: int, rounding: str) -> int:
    """``value * 10**places`` rounded to a whole number, exactly, whatever the number of
    digits: the context holds every digit, so nothing is rounded before the last step (the
    default 28-digit context would round 9999999.999999999999999999999999 up to 10**7)."""
    sign, digits, exponent = value.as_tuple()
    if not isinstance(exponent, int):
        raise ValueError(f"not a finite amount: {value}")
    if exponent + places + len(digits) < 0:  # |value * 10**places| < 1: no digits to keep
        return 0 if rounding == ROUND_FLOOR or not any(digits) or sign else 1
    with localcontext() as context:
        context.prec = len(digits) + max(exponent + places, 0) + 2
        context.traps[Inexact] = True
        return int(value.scaleb(places).to_integral_value(rounding=rounding))


def fen(amount_cny: Decimal) -> int:
    """Yuan as whole fen, rounded down exactly, capped at `MAX_EXACT`."""
    if amount_cny >= MAX_EXACT:  # the cap keeps every threshold comparison the same
        return MAX_EXACT
    return min(_scaled(amount_cny, 2, ROUND_FLOOR), MAX_EXACT)


def equity_micro(percent: Decimal) -> int:
    """A percentage in millionths of a percent, rounded up exactly."""
    return _scaled(percent, 6, ROUND_CEILING)


def profile_facts(profile: Profile, as_of: datetime.date, policy: Policy) -> list[dict[str, Any]]:
    """The facts of one assessment, in assertion order."""
    company: dict[str, Any] = {
        "t": "profile",
        "entity_type": profile.entity_type.value,
        "capital_fen": fen(profile.registered_capital_cny),
        "registered_province": profile.registered_province.code,
        "service_province_count": len(profile.service_provinces),
        "activities": [a.value for a in profile.activities],
        "end_users": [m.value for m in profile.end_users],
        "clients": [m.value for m in profile.clients],
        "platform_location": profile.platform_location.value,
        "foreign_equity_micro": equity_micro(profile.foreign_equity_percent),
        "number_95": NumberResource.N95 in profile.number_resources,
        "number_96": NumberResource.N96 in profile.number_resources,
        "other_value_added_services": list(profile.other_value_added_services),
        "violations_known": profile.violations is not None,
    }
    for name in EVIDENCE_FIELDS:
        value = getattr(profile, name)
        if isinstance(value, int) and not isinstance(value, bool):
            value = min(value, MAX_EXACT)
        if value is not None:
            company[name] = value
    facts: list[dict[str, Any]] = [
        {"t": "context", "as_of": ymd(as_of)},
        {"t": "policy", "in_house_hotline_is_b24": policy.in_house_hotline_is_b24},
        company,
    ]
    facts += [{"t": "service_area", "province": p.code} for p in profile.service_provinces]
    for index, violation in enumerate(profile.violations or ()):
        facts.append(
            {
                "t": "violation",
                "index": index,
                "party": violation.party.value,
                "date": ymd(violation.date),
            }
        )
    return facts


def cny(amount_fen: int) -> str:
    """Fen as a yuan amount for messages: ``1000000000`` -> ``"10,000,000.00"``."""
    if amount_fen >= MAX_EXACT:
        return f"≥ {MAX_EXACT // 100:,}"
    return f"{Decimal(amount_fen) / 100:,.2f}"


def describe_field(name: str, value: Any) -> str:
    """A fact field as people read it: fen as yuan, equity as a percentage, dates ISO."""
    if name == "capital_fen" and isinstance(value, int):
        return f"registered capital CNY {cny(value)}"
    if name == "foreign_equity_micro" and isinstance(value, int):
        return f"foreign equity {Decimal(value) / 1_000_000:f}%"
    if name in {"as_of", "date"} and isinstance(value, int) and value > 10_000_000:
        return f"{name} {value // 10000:04d}-{value // 100 % 100:02d}-{value % 100:02d}"
    if name == "service_province_count":
        return f"{value} service province{'s' if value != 1 else ''}"
    if isinstance(value, list):
        return f"{name} [{', '.join(map(str, value))}]"
    return f"{name} {value}"
