"""The calendar of a licence holder's duties: the days a deadline falls on, from the day
it runs from and a dated parameter (``law/parameters/holder.yaml``).

This is arithmetic on days, not a decision: which deadline applies, and whether it is
met, is decided by the rules (`.holder_renewal`, `.holder_reporting`, `.holder_changes`),
which compare the day reviewed with the days worked out here. The facts of a review
(`callcenter_rules.facts.licence_facts`) carry them.

Working days are counted Monday to Friday. Public holidays and the weekend days worked in
their place (调休) are set each year by the State Council and are not modelled: a holiday
in the span moves the real deadline later, a weekend worked moves it earlier. The
findings that use working days say so.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Final

from .parameters import ParameterTable
from .wording import day_zh

__all__ = [
    "HOLDER_PARAMETERS",
    "day_in_year",
    "days_after",
    "days_before",
    "holder_law",
    "shown_days",
    "working_days_after",
    "years_before",
]

#: The parameters the calendar reads.
HOLDER_PARAMETERS: Final = (
    "holder.validity_years",
    "holder.renewal_lead_days",
    "holder.change_filing_days",
    "holder.advance_application_days",
    "holder.annual_report_opens",
    "holder.annual_report_due",
    "holder.numbers_address_change_working_days",
    "holder.reminder_days",
)


def holder_law(table: ParameterTable, day: datetime.date) -> dict[str, Any]:
    """The calendar's parameters in force on ``day``, by name."""
    return {name: table.value(name, day) for name in HOLDER_PARAMETERS}


def days_after(day: datetime.date, days: int) -> datetime.date:
    """The day ``days`` calendar days after ``day`` (``date.max`` at the end of time)."""
    try:
        return day + datetime.timedelta(days=days)
    except OverflowError:
        return datetime.date.max


def days_before(day: datetime.date, days: int) -> datetime.date:
    """The day ``days`` calendar days before ``day`` (``date.min`` at its start)."""
    try:
        return day - datetime.timedelta(days=days)
    except OverflowError:
        return datetime.date.min


def working_days_after(day: datetime.date, days: int) -> datetime.date:
    """The ``days``-th working day (Monday to Friday) after ``day``: within 10 working
    days of a Wednesday is by the Wednesday two weeks later; of a Saturday, by the Friday
    of the second week."""
    found = day
    left = days
    while left > 0:
        found = days_after(found, 1)
        if found == datetime.date.max:
            return found
        if found.weekday() < 5:
            left -= 1
    return found


def years_before(day: datetime.date, years: int) -> datetime.date:
    """The same day ``years`` years earlier (28 February for 29 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        if day.year - years < datetime.MINYEAR:
            return datetime.date.min
        return day.replace(year=day.year - years, day=28)


def day_in_year(year: int, month_day: str) -> datetime.date:
    """``MM-DD`` in ``year`` (28 February for 02-29 in a common year)."""
    month, day = int(month_day[:2]), int(month_day[3:])
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return datetime.date(year, month, 28)


def shown_days(**days: datetime.date | None) -> Mapping[str, Any]:
    """Days as a finding shows them: ``name`` in ISO form, and ``_name_zh`` the Chinese
    way, for the messages."""
    shown: dict[str, Any] = {}
    for name, day in days.items():
        shown[name] = None if day is None else day.isoformat()
        shown[f"_{name}_zh"] = "" if day is None else day_zh(day)
    return shown
