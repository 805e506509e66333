"""JSON values into the profile's Python values, with the hints a user needs: the cattrs
converter every profile field is read with (`profile_converter`). It knows nothing of
`Profile` itself (`callcenter_rules.model.profile` builds one field by field with these
hooks).

Every field is structured on its own, so one call names every bad field. Numbers are read
exactly or refused with a message that says why:

* an amount is a number, or a decimal string whose commas (or underscores) separate
  groups of three digits (``10,000,000``); a decimal comma (``9999999,99``), a unit
  (``1000万``, ``CNY 1000000``) or an exponent is refused with a hint;
* numbers are kept as `decimal.Decimal`, never floats, so no rounding happens before a
  threshold is compared (a JSON float in Python arrives already rounded: pass amounts as
  strings or Decimals to keep every digit);
* out-of-range and huge values are refused without ever being turned into text in full.

`AMOUNT_PATTERN` and `PERCENT_PATTERN` are shared with the JSON Schema, so the library and
the schema accept the same strings.
"""

from __future__ import annotations

import datetime
import enum
from collections.abc import Callable, Container, Mapping
from decimal import Decimal
from typing import Any, Final

import cattrs

from ..cities import City, UnknownCity, parse_city
from ..provinces import SPELLINGS, OutsideMainland, Province, UnknownProvince, parse_province
from ..text import Said, zh_quote
from ..values import (
    AMOUNT_MAX_LENGTH,
    AMOUNT_PATTERN,
    DATE_PATTERN,
    PERCENT_PATTERN,
    FieldError,
    got_error,
    json_type,
    plain_decimal,
    read_amount,
    read_date,
    short,
    strict_bool,
    strict_int,
    strict_str,
    whole_number,
)
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
    "AMOUNT_MAX_LENGTH",
    "AMOUNT_PATTERN",
    "DATE_PATTERN",
    "PERCENT_PATTERN",
    "UNEXPECTED_FIELD",
    "enum_reader",
    "key_errors",
    "profile_converter",
    "read_province",
]


#: A field a structure does not have (a licence's, or a part of a profile such as a
#: violation).
UNEXPECTED_FIELD: Final = Said(
    "unexpected field (not part of the schema)", "多余的字段（不属于该结构）"
)


def key_errors(
    data: Mapping[Any, Any], known: Container[str], unexpected: Said
) -> list[tuple[str, Said]]:
    """The errors of a JSON object's field names, by field: a name that is not a string,
    and ``unexpected`` for each name not ``known`` (a profile's and a licence's)."""
    errors: list[tuple[str, Said]] = []
    for key in data:
        if not isinstance(key, str):
            got = json_type(key)
            errors.append(
                (
                    "",
                    Said(
                        f"field names must be strings, got {got}",
                        f"字段名必须是字符串，实际为{got.zh}",
                    ),
                )
            )
        elif key not in known:
            errors.append((key, unexpected))
    return errors


def read_province(value: Any) -> Province:
    """A province from its code (a string, or a whole JSON number: ``110000.0``), name or
    short name, or `FieldError` saying what is wrong, in both languages."""
    return _province(value, Province)


def _province(value: Any, _type: Any) -> Province:
    if type(value) is str:
        province = SPELLINGS.get(value)
        if province is not None:
            return province
    if not isinstance(value, bool) and isinstance(value, float | Decimal):
        whole = whole_number(
            value
        )  # a code written as a JSON number with a fraction part: 110000.0
        value = whole if whole is not None else value
    try:
        return parse_province(value)
    except (UnknownProvince, OutsideMainland) as error:
        raise FieldError(Said(str(error), error.message_zh)) from None
    except TypeError:
        raise got_error(value, "must be a province name or code", "必须是省份名称或代码") from None


def _city(value: Any, _type: Any) -> City:
    if isinstance(value, City):
        return value
    if not isinstance(value, str):
        raise got_error(value, "must be a city name", "必须是城市名称") from None
    try:
        return parse_city(value)
    except UnknownCity as error:
        listed = "、".join(city.name_zh for city in City if city is not City.OTHER)
        raise FieldError(
            Said(
                str(error),
                f"未知的城市{zh_quote(error.spelling, 60)}：应为本库所列城市之一（{listed}），"
                "或者“其他”",
            )
        ) from None


def enum_reader(kind: type[enum.Enum]) -> Callable[[Any, Any], Any]:
    allowed = ", ".join(str(m.value) for m in kind)
    allowed_zh = "、".join(str(m.value) for m in kind)

    members = {m.value: m for m in kind if isinstance(m.value, str)}

    def structure(value: Any, _type: Any) -> Any:
        if type(value) is str:
            member = members.get(value)
            if member is not None:
                return member
        if isinstance(value, kind):
            return value
        if not isinstance(value, str):
            got = json_type(value)
            raise FieldError(
                Said(
                    f"must be one of {allowed}; got {got}",
                    f"必须是以下之一：{allowed_zh}；实际为{got.zh}",
                )
            )
        try:
            return kind(value)
        except ValueError:
            shown = short(value)
            raise FieldError(
                Said(
                    f"unknown value {shown}; expected one of {allowed}",
                    f"未知的值{shown.zh}；应为以下之一：{allowed_zh}",
                )
            ) from None

    return structure


def _make_converter() -> cattrs.Converter:
    conv = cattrs.Converter(forbid_extra_keys=True)
    conv.register_structure_hook(str, strict_str)
    conv.register_structure_hook(bool, strict_bool)
    conv.register_structure_hook(int, strict_int)
    conv.register_structure_hook(Decimal, read_amount)
    conv.register_structure_hook(datetime.date, read_date)
    conv.register_structure_hook(Province, _province)
    conv.register_structure_hook(City, _city)
    kinds = (EntityType, Activity, Market, PlatformLocation, NumberResource, Party, Zone)
    for kind in (*kinds, InvestorOrigin):
        conv.register_structure_hook(kind, enum_reader(kind))
    conv.register_unstructure_hook(Decimal, plain_decimal)
    conv.register_unstructure_hook(datetime.date, datetime.date.isoformat)
    return conv


#: The cattrs converter for profiles: strict about JSON types, unstructures to JSON-ready data.
profile_converter: Final = _make_converter()
