"""JSON-like data into a `callcenter_rules.model.Profile`, exactly or not at all.

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
import math
import re
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any, Final

import attrs
import cattrs
from cattrs.errors import ClassValidationError, ForbiddenExtraKeysError, IterableValidationError

from .cities import City, UnknownCity, parse_city
from .model import (
    MAX_VIOLATIONS,
    NO_FOREIGN_INVESTOR,
    NULLABLE_FIELDS,
    OTHER_SERVICE_CODES,
    Activity,
    EntityType,
    InvalidProfile,
    InvestorOrigin,
    Market,
    NumberResource,
    Party,
    PlatformLocation,
    Profile,
    Said,
    Violation,
    Zone,
    city_mismatch,
    describe_number,
    too_many_items,
    type_zh,
    zh_quote,
    zone_mismatch,
)
from .provinces import SPELLINGS, OutsideMainland, Province, UnknownProvince, parse_province

__all__ = [
    "AMOUNT_MAX_LENGTH",
    "AMOUNT_PATTERN",
    "DATE_PATTERN",
    "MOST_ITEMS",
    "PERCENT_PATTERN",
    "echo_field",
    "profile_converter",
    "structure_profile",
]

_GROUPED: Final = r"[0-9]{1,3}(?:,[0-9]{3}){1,4}|[0-9]{1,3}(?:_[0-9]{3}){1,4}"
#: A non-negative amount below 10**15 as a string: plain digits (at most 15 before the
#: point) or digits in groups of three separated by commas or underscores, an optional
#: fraction of any length, an optional ``+``, spaces or tabs around. No exponent, no unit.
AMOUNT_PATTERN: Final = rf"[ \t]*\+?(?:(?:[0-9]{{1,15}}|{_GROUPED})(?:\.[0-9]*)?|\.[0-9]+)[ \t]*"
#: A percentage from 0 to 100 as a string.
PERCENT_PATTERN: Final = r"[ \t]*\+?(?:100(?:\.0*)?|[0-9]{1,2}(?:\.[0-9]*)?|\.[0-9]+)[ \t]*"
#: The longest amount or percentage string accepted.
AMOUNT_MAX_LENGTH: Final = 100
#: A date as written in the input.
DATE_PATTERN: Final = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"

_AMOUNT: Final = re.compile(AMOUNT_PATTERN)
_PERCENT: Final = re.compile(PERCENT_PATTERN)
_DATE: Final = re.compile(DATE_PATTERN)
_CHINESE_UNIT: Final = re.compile(r"\s*([0-9]+(?:\.[0-9]+)?)\s*([万亿])\s*元?\s*")


class _FieldError(ValueError):
    """A validation failure whose message is meant for the user as it stands."""

    def __init__(self, message: Said) -> None:
        super().__init__(message)
        self.said = message


def _json_type(value: Any) -> Said:
    if value is None:
        return Said("null", "空值 null")
    if isinstance(value, bool):
        return Said("a boolean", "布尔值")
    if isinstance(value, int | Decimal):
        shown = describe_number(value)
        return Said(f"the number {shown}", f"数值{shown.zh}")
    if isinstance(value, float):
        return Said(f"the number {value!r}", f"数值{value!r}")
    if isinstance(value, str):
        return Said(f"the string {_short(value)}", f"字符串{_short(value).zh}")
    if isinstance(value, Mapping):
        return Said("an object", "对象")
    if isinstance(value, list | tuple):
        return Said("a list", "列表")
    return Said(type(value).__name__, type_zh(type(value).__name__))


def _short(text: str, limit: int = 60) -> Said:
    return Said(
        repr(text) if len(text) <= limit else repr(text[:limit]) + f"... ({len(text)} characters)",
        zh_quote(text, limit),
    )


def _got(value: Any, en: str, zh: str) -> _FieldError:
    """The error "``en``, got <the value's JSON type>", with ``zh`` in Chinese."""
    kind = _json_type(value)
    return _FieldError(Said(f"{en}, got {kind}", f"{zh}，实际为{kind.zh}"))


def _strict_str(value: Any, _type: Any) -> str:
    if not isinstance(value, str):
        raise _got(value, "must be a string", "必须是字符串")
    return value


def _strict_bool(value: Any, _type: Any) -> bool:
    if not isinstance(value, bool):
        raise _got(value, "must be true, false or null", "必须是 true、false 或 null")
    return value


def _whole(value: Any) -> int | None:
    """``value`` as an int when it is a whole number (1, 1.0, Decimal("1")), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return int(value)
    if isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value():
        # A huge exponent ("1e999999") is refused by the range check without expanding it.
        if value.adjusted() > 30:
            return 10**31 if value > 0 else -(10**31)
        return int(value)
    return None


def _strict_int(value: Any, _type: Any) -> int:
    whole = _whole(value)
    if whole is None:
        raise _got(value, "must be a whole number", "必须是整数")
    return whole


def _amount(pattern: re.Pattern[str], example: str) -> Callable[[Any, Any], Decimal]:
    def structure(value: Any, _type: Any) -> Decimal:
        if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
            raise _got(
                value, "must be a number or a decimal string", "必须是数字或十进制数字字符串"
            )
        if isinstance(value, float):
            if not math.isfinite(value):
                raise _FieldError(_not_finite(str(value)))
            # repr() is the float's shortest round-trip form: 0.1 -> Decimal("0.1").
            return Decimal(repr(value))
        if isinstance(value, int):
            if value.bit_length() > 64:  # Decimal(value) would work, but str() of it may not
                shown = describe_number(value)
                raise _FieldError(
                    Said(f"must not be negative, got {shown}", f"不能为负数，实际为{shown.zh}")
                    if value < 0
                    else Said(f"is out of range, got {shown}", f"超出范围，实际为{shown.zh}")
                )
            return Decimal(value)
        if isinstance(value, Decimal):
            if not value.is_finite():
                raise _FieldError(_not_finite(str(value)))
            return value
        if len(value) > AMOUNT_MAX_LENGTH:
            raise _FieldError(
                Said(
                    f"is too long for a number ({len(value)} characters; "
                    f"at most {AMOUNT_MAX_LENGTH})",
                    f"作为数字太长（{len(value)}个字符；最多{AMOUNT_MAX_LENGTH}个）",
                )
            )
        if not pattern.fullmatch(value):
            raise _FieldError(_why_not_a_number(value, example))
        return Decimal(value.strip().replace(",", "").replace("_", ""))

    return structure


def _not_finite(shown: str) -> Said:
    return Said(f"must be a finite number, got {shown}", f"必须是有限数值，实际为 {shown}")


def _why_not_a_number(text: str, example: str) -> Said:
    """Why a string is not read as a number, with a hint where one helps."""
    quoted = _short(text)
    got, got_zh = f"got {quoted}", f"实际为{quoted.zh}"
    stripped = text.strip()
    unit = _CHINESE_UNIT.fullmatch(stripped)
    if unit:
        scale = Decimal(10) ** (4 if unit.group(2) == "万" else 8)
        yuan = Decimal(unit.group(1)) * scale
        return Said(
            f"must be a plain number of yuan, {got}; write {yuan:f}",
            f"必须是以元为单位的纯数字，{got_zh}；请写作{yuan:f}",
        )
    if "万" in stripped or "亿" in stripped:
        return Said(
            f"must be a plain number of yuan, {got}; write it in digits, e.g. 10000000 for 1000万",
            f"必须是以元为单位的纯数字，{got_zh}；请全部用数字书写，例如1000万写作10000000",
        )
    if re.search(r"[元¥￥$]|cny|rmb|yuan|usd", stripped, re.IGNORECASE):
        return Said(
            f"must be a plain number (yuan, without a currency or unit), {got}",
            f"必须是纯数字（以元计，不带货币符号或单位），{got_zh}",
        )
    if re.fullmatch(r"[+-]?[0-9]+,[0-9]{1,2}", stripped):
        fixed = stripped.replace(",", ".")
        return Said(
            f"has a comma where a decimal point may be meant, {got}: a comma may only separate "
            f"groups of three digits (10,000,000); for a fraction write {fixed}",
            f"逗号所在位置似应为小数点，{got_zh}：逗号只能用于三位一组分隔数字"
            f"（10,000,000）；如表示小数，请写作{fixed}",
        )
    if "," in stripped or "_" in stripped:
        return Said(
            f"has a misplaced separator, {got}: commas or underscores may only separate groups "
            f"of three digits, as in {example}",
            f"分隔符位置不对，{got_zh}：逗号或下划线只能用于三位一组分隔数字，如{example}",
        )
    if stripped.startswith("-"):
        return Said(f"must not be negative, {got}", f"不能为负数，{got_zh}")
    if re.fullmatch(r"[+-]?(?:nan|inf|infinity)", stripped, re.IGNORECASE):
        return Said(f"must be a finite number, {got}", f"必须是有限数值，{got_zh}")
    if re.fullmatch(r"[+]?[0-9.]+[eE][+-]?[0-9]+", stripped):
        return Said(
            f"must be written without an exponent, {got}; write the digits in full",
            f"不能用指数形式书写，{got_zh}；请写出全部数字",
        )
    if re.fullmatch(r"\+?[0-9]{16,}(?:\.[0-9]*)?", stripped):
        return Said(
            f"is out of range: more than 15 digits before the decimal point, {got}",
            f"超出范围：小数点前多于15位数字，{got_zh}",
        )
    if any(c.isdigit() and not c.isascii() for c in stripped):
        return Said(f"must use the digits 0-9, {got}", f"必须使用数字0-9，{got_zh}")
    return Said(
        f"must be a number or a decimal string such as {example}, {got}",
        f"必须是数字或十进制数字字符串，如{example}，{got_zh}",
    )


def _date(value: Any, _type: Any) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        shown = _short(value) if isinstance(value, str) else _json_type(value)
        raise _FieldError(
            Said(
                f"must be a date as YYYY-MM-DD, got {shown}",
                f"必须是 YYYY-MM-DD 格式的日期，实际为{shown.zh}",
            )
        )
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise _FieldError(
            Said(f"is not a calendar date: {value!r}", f"不是日历上存在的日期：{zh_quote(value)}")
        ) from None


def _province(value: Any, _type: Any) -> Province:
    if type(value) is str:
        province = SPELLINGS.get(value)
        if province is not None:
            return province
    if not isinstance(value, bool) and isinstance(value, float | Decimal):
        whole = _whole(value)  # a code written as a JSON number with a fraction part: 110000.0
        value = whole if whole is not None else value
    try:
        return parse_province(value)
    except (UnknownProvince, OutsideMainland) as error:
        raise _FieldError(Said(str(error), error.message_zh)) from None
    except TypeError:
        raise _got(value, "must be a province name or code", "必须是省份名称或代码") from None


def _city(value: Any, _type: Any) -> City:
    if isinstance(value, City):
        return value
    if not isinstance(value, str):
        raise _got(value, "must be a city name", "必须是城市名称") from None
    try:
        return parse_city(value)
    except UnknownCity as error:
        listed = "、".join(city.name_zh for city in City if city is not City.OTHER)
        raise _FieldError(
            Said(
                str(error),
                f"未知的城市{zh_quote(error.spelling, 60)}：应为本库所列城市之一（{listed}），"
                "或者“其他”",
            )
        ) from None


def _enum(kind: type[enum.Enum]) -> Callable[[Any, Any], Any]:
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
            got = _json_type(value)
            raise _FieldError(
                Said(
                    f"must be one of {allowed}; got {got}",
                    f"必须是以下之一：{allowed_zh}；实际为{got.zh}",
                )
            )
        try:
            return kind(value)
        except ValueError:
            shown = _short(value)
            raise _FieldError(
                Said(
                    f"unknown value {shown}; expected one of {allowed}",
                    f"未知的值{shown.zh}；应为以下之一：{allowed_zh}",
                )
            ) from None

    return structure


def _plain_decimal(value: Decimal) -> str:
    """An amount as text, exactly: plain digits where that stays short, else as Decimal
    writes it (``1E-30``)."""
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and -60 <= exponent <= 20:
        return f"{value:f}"
    return str(value)


def _make_converter() -> cattrs.Converter:
    conv = cattrs.Converter(forbid_extra_keys=True)
    conv.register_structure_hook(str, _strict_str)
    conv.register_structure_hook(bool, _strict_bool)
    conv.register_structure_hook(int, _strict_int)
    conv.register_structure_hook(Decimal, _amount(_AMOUNT, "1,000,000.00"))
    conv.register_structure_hook(datetime.date, _date)
    conv.register_structure_hook(Province, _province)
    conv.register_structure_hook(City, _city)
    kinds = (EntityType, Activity, Market, PlatformLocation, NumberResource, Party, Zone)
    for kind in (*kinds, InvestorOrigin):
        conv.register_structure_hook(kind, _enum(kind))
    conv.register_unstructure_hook(Decimal, _plain_decimal)
    conv.register_unstructure_hook(datetime.date, datetime.date.isoformat)
    return conv


#: The cattrs converter for profiles: strict about JSON types, unstructures to JSON-ready data.
profile_converter: Final = _make_converter()

_LIST_FIELDS: Final = frozenset(a.name for a in attrs.fields(Profile) if "tuple[" in str(a.type))
_FIELDS: Final = {a.name: a for a in attrs.fields(attrs.resolve_types(Profile))}
_TYPES: Final[dict[str, Any]] = {name: a.type for name, a in _FIELDS.items()}
# The converter's hook for each field, looked up once rather than dispatched per call.
_HOOKS: Final[dict[str, Callable[[Any, Any], Any]]] = {
    name: profile_converter.get_structure_hook(kind) for name, kind in _TYPES.items()
}
_HOOKS["foreign_equity_percent"] = _amount(_PERCENT, "49.5")


def _tuple_fast_path(
    item: Callable[[Any, Any], Any], kind: Any, detailed: Callable[[Any, Any], Any]
) -> Callable[[Any, Any], Any]:
    """A tuple of ``kind`` structured item by item; on any problem, the converter's own
    hook does it again, so every error is reported exactly as it reports it."""

    def structure(value: Any, tuple_type: Any) -> Any:
        try:
            return tuple([item(entry, kind) for entry in value])
        except Exception:
            return detailed(value, tuple_type)

    return structure


def _simple_item(field_type: Any) -> Any:
    """X for a ``tuple[X, ...]`` field whose items are strings, provinces or enums."""
    args: tuple[Any, ...] = getattr(field_type, "__args__", ())
    if getattr(field_type, "__origin__", None) is not tuple or args[1:] != (Ellipsis,):
        return None
    item = args[0]
    simple = item in (str, Province) or (isinstance(item, type) and issubclass(item, enum.Enum))
    return item if simple else None


for _name, _type in _TYPES.items():
    if (_item := _simple_item(_type)) is not None:
        _HOOKS[_name] = _tuple_fast_path(
            profile_converter.get_structure_hook(_item), _item, _HOOKS[_name]
        )


#: The most items each list field can hold: the number of distinct values of a list of
#: codes (each may be given once), and `MAX_VIOLATIONS` violations (the JSON Schema's
#: ``maxItems``).
MOST_ITEMS: Final = {
    "service_provinces": len(Province),
    "activities": len(Activity),
    "end_users": len(Market),
    "clients": len(Market),
    "number_resources": len(NumberResource),
    "other_value_added_services": len(OTHER_SERVICE_CODES),
    "violations": MAX_VIOLATIONS,
}


def structure_profile(data: Any) -> Profile:
    """Structure JSON-like ``data`` into a `Profile` or raise `InvalidProfile`.

    Every field is structured and validated on its own, so one call reports every bad
    field, not only the first.
    """
    if isinstance(data, Profile):
        return data
    if not isinstance(data, Mapping):
        got = _json_type(data)
        raise InvalidProfile(
            [
                (
                    "",
                    Said(
                        f"a profile must be a JSON object, got {got}",
                        f"企业信息必须是 JSON 对象，实际为{got.zh}",
                    ),
                )
            ]
        )
    errors: list[tuple[str, Said]] = []
    values: dict[str, Any] = {}
    for key in data:
        if not isinstance(key, str):
            got = _json_type(key)
            errors.append(
                (
                    "",
                    Said(
                        f"field names must be strings, got {got}",
                        f"字段名必须是字符串，实际为{got.zh}",
                    ),
                )
            )
        elif key not in _FIELDS:
            errors.append((key, _UNEXPECTED_FIELD))
    for name, attribute in _FIELDS.items():
        if name not in data:
            if attribute.default is attrs.NOTHING:
                errors.append((name, _REQUIRED))
            continue
        raw = data[name]
        if raw is None:
            if name in NULLABLE_FIELDS or attribute.default is None:
                values[name] = None
            elif attribute.default is attrs.NOTHING:
                errors.append(
                    (name, Said("is required and must not be null", "为必填项，不能为 null"))
                )
            else:
                errors.append(
                    (
                        name,
                        Said(
                            "must not be null (omit the field to use its default)",
                            "不能为 null（如要使用默认值，请省略该字段）",
                        ),
                    )
                )
            continue
        if name in _LIST_FIELDS:
            if not isinstance(raw, list | tuple):
                got = _json_type(raw)
                errors.append(
                    (name, Said(f"must be a list, got {got}", f"必须是列表，实际为{got.zh}"))
                )
                continue
            if len(raw) > MOST_ITEMS[name]:
                # Said once, before any item is looked at: a long list of bad items would
                # otherwise give one error per item.
                errors.append((name, too_many_items(len(raw), MOST_ITEMS[name])))
                continue
            raw = tuple(raw)
        try:
            values[name] = _HOOKS[name](raw, _TYPES[name])
        except (ClassValidationError, IterableValidationError, _FieldError) as error:
            errors.extend(_flatten(error, name))
        except RecursionError:
            errors.append((name, Said("is nested too deeply", "嵌套层数过深")))
    first: InvalidProfile | None = None
    if not errors:
        # The common case: the validators run once, in the constructor.
        try:
            return Profile(**values)
        except InvalidProfile as invalid:
            first = invalid
    # Something is wrong: run every validator on its own so that every bad field is named.
    for name, value in values.items():
        attribute = _FIELDS[name]
        if attribute.validator is not None:
            try:
                attribute.validator(None, attribute, value)
            except InvalidProfile as invalid:
                errors.extend(_said(invalid))
    zone, province = values.get("registered_zone"), values.get("registered_province")
    if isinstance(zone, Zone) and isinstance(province, Province):
        problem = zone_mismatch(zone, province)
        if problem and ("registered_zone", problem) not in errors:
            errors.append(("registered_zone", problem))
    city = values.get("registered_city")
    if isinstance(city, City) and isinstance(province, Province):
        problem = city_mismatch(city, province)
        if problem and ("registered_city", problem) not in errors:
            errors.append(("registered_city", problem))
    equity = values.get("foreign_equity_percent", Decimal(0))
    origin_error = ("foreign_investor_origin", NO_FOREIGN_INVESTOR)
    given = values.get("foreign_investor_origin") is not None
    if given and equity == 0 and origin_error not in errors:
        errors.append(origin_error)
    order = {name: index for index, name in enumerate(_FIELDS)}
    errors.sort(key=lambda e: order.get(e[0].split("[")[0].split(".")[0], -1))
    raise InvalidProfile(errors) if errors or first is None else first


_REQUIRED: Final = Said("is required", "为必填项")
_UNEXPECTED_FIELD: Final = Said(
    "unexpected field (not part of the profile schema)", "多余的字段（不属于企业信息的字段）"
)


def _said(invalid: InvalidProfile) -> list[tuple[str, Said]]:
    """The errors of ``invalid`` with both languages, to be raised again in a larger one."""
    return [
        (path, Said(message, zh))
        for (path, message), (_, zh) in zip(invalid.errors, invalid.errors_zh, strict=True)
    ]


def _flatten(error: BaseException, path: str) -> list[tuple[str, Said]]:
    if isinstance(error, ForbiddenExtraKeysError):
        return [
            (
                _join(path, key),
                Said("unexpected field (not part of the schema)", "多余的字段（不属于该结构）"),
            )
            for key in sorted(error.extra_fields)
        ]
    if isinstance(error, ClassValidationError):
        found: list[tuple[str, Said]] = []
        named, other = error.group_exceptions()
        for sub, note in named:
            found += _flatten(sub, _join(path, note.name))
        for sub in other:
            found += _flatten(sub, path)
        return found
    if isinstance(error, IterableValidationError):
        found = []
        indexed, rest = error.group_exceptions()
        for sub, inote in indexed:
            found += _flatten(sub, f"{path}[{inote.index}]")
        for sub in rest:
            found += _flatten(sub, path)
        return found
    if isinstance(error, ExceptionGroup):
        found = []
        for sub in error.exceptions:
            found += _flatten(sub, path)
        return found
    if isinstance(error, InvalidProfile):
        return [(_join(path, sub) if sub else path, msg) for sub, msg in _said(error)]
    if isinstance(error, _FieldError):
        return [(path, error.said)]
    if isinstance(error, KeyError):
        return [(path, _REQUIRED)]
    return [
        (
            path,
            Said(
                "has the wrong shape (expected an object or a list as documented)",
                "结构不对（应为文档所述的对象或列表）",
            ),
        )
    ]


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


_AS_IS: Final = frozenset({type(None), bool, int, str})


def _echo(value: Any) -> Any:
    kind = type(value)
    if kind in _AS_IS:  # the common cases first, by exact type
        return value
    if kind is tuple:
        return [_echo(item) for item in value]
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, enum.Enum):
        return value._value_
    if isinstance(value, Decimal):
        return _plain_decimal(value)
    if isinstance(value, tuple):
        return [_echo(item) for item in value]
    if isinstance(value, Violation):
        return {
            "party": value.party.value,
            "date": value.date.isoformat(),
            "description": value.description,
        }
    if isinstance(value, datetime.date):
        return value.isoformat()
    raise TypeError(f"cannot echo {type(value).__name__}")


def echo_field(profile: Profile, name: str) -> Any:
    """One field of `Profile.to_dict`, without unstructuring the whole profile."""
    return _echo(getattr(profile, name))
