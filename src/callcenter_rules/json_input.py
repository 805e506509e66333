"""JSON text into JSON-like Python data, refusing what would be read ambiguously.

The standard `json` module lets the last of two duplicate keys win, reads ``1.5`` as a
binary float, accepts ``NaN`` and ``Infinity``, and fails on integers over 4,300 digits
or nesting over the recursion limit with exceptions that are not `ValueError`-shaped
messages. Here:

* a duplicate key in any object is an error naming the key;
* numbers with a fraction or exponent become `decimal.Decimal`, exactly as written, and
  integers too long to be ordinary ones become `Decimal` as well (the profile validators
  then refuse them as out of range, instead of the parser failing on them);
* ``NaN``, ``Infinity`` and ``-Infinity`` are refused;
* nesting deeper than `MAX_DEPTH` is refused with a message, not a `RecursionError`.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any, Final

from .errors import BilingualError
from .text import zh_quote

__all__ = ["MAX_DEPTH", "JSONInputError", "loads"]

#: Deepest nesting of arrays and objects accepted (a profile needs 3).
MAX_DEPTH: Final = 64
# Integers with more digits than this are kept as Decimal (int() refuses over 4,300).
_LONG_INT: Final = 40


class JSONInputError(BilingualError, ValueError):
    """The text is not JSON this library reads; the message says where and why, and
    ``message_zh`` says the same in Chinese (``str()`` is the English)."""


#: What the `json` module's messages say, in Chinese (the beginning of each message: some
#: go on with the character at fault). The module's own words, so a translation table is
#: the only way; a message not listed is shown in English inside the Chinese one.
_DECODER_ZH: Final = (
    ("Expecting value", "此处应为一个值"),
    ("Expecting property name enclosed in double quotes", "此处应为用双引号括起的字段名"),
    ("Expecting ':' delimiter", "此处应为冒号“:”"),
    ("Expecting ',' delimiter", "此处应为逗号“,”"),
    ("Unterminated string starting at", "从此处开始的字符串没有结束"),
    ("Invalid control character", "字符串中有不允许的控制字符"),
    ("Invalid \\uXXXX escape", "无效的 Unicode 转义序列"),
    ("Invalid \\escape", "无效的反斜杠转义"),
    ("Extra data", "一个 JSON 文档之后还有多余的内容"),
    ("Illegal trailing comma before end of object", "对象末尾有多余的逗号"),
    ("Illegal trailing comma before end of array", "数组末尾有多余的逗号"),
)


def _decoder_zh(message: str) -> str:
    for start, zh in _DECODER_ZH:
        if message.startswith(start):
            return zh
    return f"JSON 语法错误（{message}）"


class _Duplicate(ValueError):
    pass


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _Duplicate(key)
        result[key] = value
    return result


def _integer(text: str) -> int | Decimal:
    return int(text) if len(text) <= _LONG_INT else Decimal(text)


def _constant(name: str) -> Any:
    raise JSONInputError(f"{name} is not a JSON number", f"{name} 不是 JSON 数值")


_DECODER: Final = json.JSONDecoder(
    object_pairs_hook=_object, parse_float=Decimal, parse_int=_integer, parse_constant=_constant
)


def _depth_exceeds(text: str, limit: int) -> bool:
    """Whether brackets outside strings nest deeper than ``limit`` (a cheap pre-scan)."""
    if text.count("[") + text.count("{") <= limit:
        return False
    depth = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > limit:
                return True
        elif char in "]}":
            depth -= 1
    return False


def loads(text: str) -> Any:
    """Parse one JSON document.

    Raises:
        JSONInputError: the text is not valid JSON, has a duplicate key, a non-finite
            number or nesting deeper than `MAX_DEPTH`; the message says which and where.
    """
    if _depth_exceeds(text, MAX_DEPTH):
        raise _too_deep()
    try:
        return _DECODER.decode(text)
    except _Duplicate as duplicate:
        key = duplicate.args[0]
        raise JSONInputError(
            f"duplicate key {key!r} in an object", f"对象中的键{zh_quote(key)}重复出现"
        ) from None
    except json.JSONDecodeError as error:
        raise JSONInputError(
            f"{error.msg} (line {error.lineno}, column {error.colno})",
            f"{_decoder_zh(error.msg)}（第{error.lineno}行第{error.colno}列）",
        ) from None
    except RecursionError:  # pragma: no cover - the pre-scan refuses deep nesting first
        raise _too_deep() from None


def _too_deep() -> JSONInputError:
    return JSONInputError(f"nested more than {MAX_DEPTH} levels deep", f"嵌套超过{MAX_DEPTH}层")
