"""The web page's form of a profile: its fields (named as the profile's, so that a plain
HTML form post from any client works), their choices in each language, and the profile a
posted form gives.

A field the profile allows to be null offers "not known yet" (an empty value); a list is
repeated fields of one name (``service_provinces=110000&service_provinces=310000``);
``violations`` is ``unknown``, ``none`` or ``listed``, with the violations themselves as
rows of ``violation_party``, ``violation_date`` and ``violation_description``. The day is
``as_of``, the language ``lang``. What the form does not know goes to the profile as it
came, so the library says what is wrong with it, as it does for JSON.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, Final

import attrs

from ..cities import City
from ..labels import code_label, field_label
from ..model import OTHER_SERVICE_CODES, PROFILE_FIELDS, REQUIRED_FIELDS, Said
from ..provinces import Province
from ..vocabulary import (
    Activity,
    EntityType,
    InvestorOrigin,
    Market,
    NumberResource,
    Party,
    PlatformLocation,
    Zone,
)

__all__ = [
    "CONTROLS",
    "FIELDS",
    "VIOLATION_ROWS",
    "Field",
    "field_of",
    "form_values",
    "profile_from_form",
]

#: Rows for violations on the form.
VIOLATION_ROWS: Final = 3
#: The form's names that are not profile fields.
CONTROLS: Final = frozenset(
    {"lang", "as_of", "csrf", "violation_party", "violation_date", "violation_description"}
)
#: The profile's evidence fields that are yes, no or not known yet.
_YES_NO: Final = (
    "has_premises_and_facilities",
    "has_technical_plan",
    "long_term_service_capability",
    "on_dishonesty_list",
    "foreign_investor_track_record",
)
_WHOLE_NUMBER: Final = re.compile(r"[0-9]{1,9}")
_FIELD_OF_PATH: Final = re.compile(r"[a-z_]+")


@attrs.frozen
class Field:
    """A field of the form: its profile name, the control it is (``text``, ``number``,
    ``date``, ``select``, ``checkboxes``, ``yes_no``, ``violations``), whether the profile
    needs it, whether it can be left unknown, its choices (values) and its value on a new
    form."""

    name: str
    control: str
    required: bool = False
    unknown: bool = False
    choices: tuple[str, ...] = ()
    default: tuple[str, ...] = ()

    def label(self, lang: str) -> str:
        return field_label(self.name, lang)

    def choice_label(self, value: str, lang: str) -> str:
        """A choice as people read it: the province's or city's name, an input code's
        Chinese name (`code_label`), in English the code in words."""
        if self.name in {"registered_province", "service_provinces"}:
            province = Province(value)
            return province.name_zh if lang == "zh" else province.name_en
        if self.name == "other_value_added_services":
            return value
        if self.name == "registered_city" and lang == "en":
            return value.capitalize() if value != "xian" else "Xi'an"
        label = code_label(self.name, value, lang)
        return label.replace("_", " ") if lang == "en" else label


def _values(kind: Any) -> tuple[str, ...]:
    return tuple(member.value for member in kind)


#: The fields, in the profile's order.
FIELDS: Final = (
    Field("name", "text", required=True),
    Field("entity_type", "select", required=True, choices=_values(EntityType)),
    Field("registered_capital_cny", "text", required=True),
    Field("registered_province", "select", required=True, choices=_values(Province)),
    Field("service_provinces", "checkboxes", required=True, choices=_values(Province)),
    Field("activities", "checkboxes", required=True, choices=_values(Activity)),
    Field("end_users", "checkboxes", choices=_values(Market), default=("domestic",)),
    Field("clients", "checkboxes", choices=_values(Market), default=("domestic",)),
    Field("platform_location", "select", choices=_values(PlatformLocation), default=("mainland",)),
    Field("foreign_equity_percent", "text", default=("0",)),
    Field("number_resources", "checkboxes", choices=_values(NumberResource)),
    Field("violations", "violations", unknown=True, choices=_values(Party), default=("unknown",)),
    Field("other_value_added_services", "checkboxes", choices=tuple(sorted(OTHER_SERVICE_CODES))),
    Field("professional_staff", "number", unknown=True),
    *(Field(name, "yes_no", unknown=True) for name in _YES_NO[:4]),
    # "" is no special area: the profile's null.
    Field("registered_zone", "select", choices=_values(Zone)),
    Field(_YES_NO[4], "yes_no", unknown=True),
    Field("registered_city", "select", unknown=True, choices=_values(City)),
    Field("foreign_investor_origin", "select", unknown=True, choices=_values(InvestorOrigin)),
    Field("false_materials_refused_on", "date", unknown=True),
)
_BY_NAME: Final = {field.name: field for field in FIELDS}
assert tuple(_BY_NAME) == PROFILE_FIELDS
assert {f.name for f in FIELDS if f.required} == set(REQUIRED_FIELDS)


def field_of(path: str) -> str:
    """The form field an error's path is about: ``violations[0].date`` -> ``violations``,
    ``as_of`` -> ``as_of``; ``""`` for a path that names no field of the form."""
    found = _FIELD_OF_PATH.match(path)
    name = found.group() if found else ""
    return name if name in _BY_NAME or name == "as_of" else ""


def form_values(items: Sequence[tuple[str, str]]) -> dict[str, list[str]]:
    """The form's values by name, each name's in the order posted."""
    values: dict[str, list[str]] = {}
    for name, value in items:
        values.setdefault(name, []).append(value)
    return values


def _one(values: list[str]) -> Any:
    """A single value; given more than once, the list, for the library to refuse."""
    return values[0] if len(values) == 1 else values


def _violations(values: dict[str, list[str]]) -> tuple[Any, list[tuple[str, Said]]]:
    parties = values.get("violation_party", [])
    days = values.get("violation_date", [])
    descriptions = values.get("violation_description", [])
    rows = []
    for index in range(max(len(parties), len(days), len(descriptions))):
        party, day, description = (
            (column[index] if index < len(column) else "").strip()
            for column in (parties, days, descriptions)
        )
        if not (party or day or description):
            continue
        row = {"party": party, "date": day}
        if description:
            row["description"] = description
        rows.append(row)
    choice = values.get("violations", ["unknown"])
    if rows:
        return rows, []
    if choice == ["none"]:
        return [], []
    if choice == ["listed"]:
        said = Said(
            "list at least one violation (its party and day), or choose none or not known yet",
            "请至少填写一条违法记录（当事方和日期），或选择“无”或“尚不清楚”",
        )
        return None, [("violations", said)]
    if choice in (["unknown"], [""]):
        return None, []
    return _one(choice), []


def profile_from_form(
    values: dict[str, list[str]],
) -> tuple[dict[str, Any], list[tuple[str, Said]]]:
    """The profile a posted form gives, and what the form itself finds wrong (``(field,
    message)``; the library checks the rest). An empty value is "not known yet" where the
    profile allows it, else the field is left out (its default applies, or the library
    says it is missing); ``true``/``false`` are booleans, a whole number of staff a number."""
    data: dict[str, Any] = {}
    problems: list[tuple[str, Said]] = []
    for name, given in values.items():
        if name in CONTROLS:
            continue
        field = _BY_NAME.get(name)
        if field is None:
            data[name] = _one(given)  # the library says it is not a profile field
            continue
        if field.control == "violations":
            continue
        if field.control == "checkboxes":
            chosen = [value for value in given if value != ""]
            if chosen:
                data[name] = chosen
            continue
        value = _one(given)
        if value == "":
            if field.unknown:
                data[name] = None
            continue
        if field.control == "yes_no" and value in {"true", "false"}:
            data[name] = value == "true"
        elif (
            field.control == "number" and isinstance(value, str) and _WHOLE_NUMBER.fullmatch(value)
        ):
            data[name] = int(value)
        else:
            data[name] = value
    if any(name in values for name in ("violations", "violation_party", "violation_date")):
        violations, found = _violations(values)
        problems += found
        if not found:
            data["violations"] = violations
    return data, problems
