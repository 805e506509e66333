"""JSON values read strictly, with the reason for every refusal: strings, booleans, whole
numbers, amounts and percentages (exact decimals, never floats' lost digits), and dates.

The base of the package: the profile's converter (`callcenter_rules.model.converters`) and the
law's parameter overrides (`callcenter_rules.law.parameters`) read values the same way,
with the same messages, through these functions. A refusal is a `FieldError` whose message
is a `Said` (English, with its Chinese twin).
"""

from __future__ import annotations

import datetime
import decimal
import math
import re
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any, Final

from .text import Said, describe_number, type_zh, zh_quote

__all__ = [
    "AMOUNT",
    "AMOUNT_MAX_LENGTH",
    "AMOUNT_PATTERN",
    "DATE_PATTERN",
    "DECIMAL_CONTEXT",
    "PERCENT",
    "PERCENT_PATTERN",
    "FieldError",
    "amount_reader",
    "got_error",
    "json_type",
    "not_finite",
    "plain_decimal",
    "read_amount",
    "read_date",
    "short",
    "strict_bool",
    "strict_int",
    "strict_str",
    "whole_number",
    "why_not_a_number",
]

#: The decimal arithmetic of every assessment and plan, and of a finding's texts when
#: they are first read: Python's default context, fixed, so that a caller's own context (a
#: lower precision, another rounding, traps) cannot change an amount in a finding.
DECIMAL_CONTEXT: Final = decimal.Context(
    prec=28,
    rounding=decimal.ROUND_HALF_EVEN,
    Emin=-999999,
    Emax=999999,
    capitals=1,
    clamp=0,
    flags=[],
    traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow],
)

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

AMOUNT: Final = re.compile(AMOUNT_PATTERN)
PERCENT: Final = re.compile(PERCENT_PATTERN)
_DATE: Final = re.compile(DATE_PATTERN)
_CHINESE_UNIT: Final = re.compile(r"\s*([0-9]+(?:\.[0-9]+)?)\s*([万亿])\s*元?\s*")


class FieldError(ValueError):
    """A validation failure whose message is meant for the user as it stands."""

    def __init__(self, message: Said) -> None:
        super().__init__(message)
        self.said = message


def json_type(value: Any) -> Said:
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
        return Said(f"the string {short(value)}", f"字符串{short(value).zh}")
    if isinstance(value, Mapping):
        return Said("an object", "对象")
    if isinstance(value, list | tuple):
        return Said("a list", "列表")
    return Said(type(value).__name__, type_zh(type(value).__name__))


def short(text: str, limit: int = 60) -> Said:
    return Said(
        repr(text) if len(text) <= limit else repr(text[:limit]) + f"... ({len(text)} characters)",
        zh_quote(text, limit),
    )


def got_error(value: Any, en: str, zh: str) -> FieldError:
    """The error "``en``, got <the value's JSON type>", with ``zh`` in Chinese."""
    kind = json_type(value)
    return FieldError(Said(f"{en}, got {kind}", f"{zh}，实际为{kind.zh}"))


def strict_str(value: Any, _type: Any) -> str:
    if not isinstance(value, str):
        raise got_error(value, "must be a string", "必须是字符串")
    return value


def strict_bool(value: Any, _type: Any) -> bool:
    if not isinstance(value, bool):
        raise got_error(value, "must be true, false or null", "必须是 true、false 或 null")
    return value


def whole_number(value: Any) -> int | None:
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


def strict_int(value: Any, _type: Any) -> int:
    whole = whole_number(value)
    if whole is None:
        raise got_error(value, "must be a whole number", "必须是整数")
    return whole


def amount_reader(pattern: re.Pattern[str], example: str) -> Callable[[Any, Any], Decimal]:
    def structure(value: Any, _type: Any) -> Decimal:
        if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
            raise got_error(
                value, "must be a number or a decimal string", "必须是数字或十进制数字字符串"
            )
        if isinstance(value, float):
            if not math.isfinite(value):
                raise FieldError(not_finite(str(value)))
            # repr() is the float's shortest round-trip form: 0.1 -> Decimal("0.1").
            return Decimal(repr(value))
        if isinstance(value, int):
            if value.bit_length() > 64:  # Decimal(value) would work, but str() of it may not
                shown = describe_number(value)
                raise FieldError(
                    Said(f"must not be negative, got {shown}", f"不能为负数，实际为{shown.zh}")
                    if value < 0
                    else Said(f"is out of range, got {shown}", f"超出范围，实际为{shown.zh}")
                )
            return Decimal(value)
        if isinstance(value, Decimal):
            if not value.is_finite():
                raise FieldError(not_finite(str(value)))
            return value
        if len(value) > AMOUNT_MAX_LENGTH:
            raise FieldError(
                Said(
                    f"is too long for a number ({len(value)} characters; "
                    f"at most {AMOUNT_MAX_LENGTH})",
                    f"作为数字太长（{len(value)}个字符；最多{AMOUNT_MAX_LENGTH}个）",
                )
            )
        if not pattern.fullmatch(value):
            raise FieldError(why_not_a_number(value, example))
        return Decimal(value.strip().replace(",", "").replace("_", ""))

    return structure


def not_finite(shown: str) -> Said:
    return Said(f"must be a finite number, got {shown}", f"必须是有限数值，实际为 {shown}")


def why_not_a_number(text: str, example: str) -> Said:
    """Why a string is not read as a number, with a hint where one helps."""
    quoted = short(text)
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


def read_date(value: Any, _type: Any) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        shown = short(value) if isinstance(value, str) else json_type(value)
        raise FieldError(
            Said(
                f"must be a date as YYYY-MM-DD, got {shown}",
                f"必须是 YYYY-MM-DD 格式的日期，实际为{shown.zh}",
            )
        )
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise FieldError(
            Said(f"is not a calendar date: {value!r}", f"不是日历上存在的日期：{zh_quote(value)}")
        ) from None


def plain_decimal(value: Decimal) -> str:
    """An amount as text, exactly: plain digits where that stays short, else as Decimal
    writes it (``1E-30``)."""
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and -60 <= exponent <= 20:
        return f"{value:f}"
    return str(value)


#: An amount of yuan as a profile or a parameter override writes it (``"1,000,000.00"``).
read_amount: Final = amount_reader(AMOUNT, "1,000,000.00")
