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

__all__ = ["MAX_DEPTH", "JSONInputError", "loads"]

#: Deepest nesting of arrays and objects accepted (a profile needs 3).
MAX_DEPTH: Final = 64
# Integers with more digits than this are kept as Decimal (int() refuses over 4,300).
_LONG_INT: Final = 40


class JSONInputError(ValueError):
    """The text is not JSON this library reads; the message says where and why."""


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
    raise JSONInputError(f"{name} is not a JSON number")


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
        raise JSONInputError(f"nested more than {MAX_DEPTH} levels deep")
    try:
        return _DECODER.decode(text)
    except _Duplicate as duplicate:
        raise JSONInputError(f"duplicate key {duplicate.args[0]!r} in an object") from None
    except json.JSONDecodeError as error:
        raise JSONInputError(f"{error.msg} (line {error.lineno}, column {error.colno})") from None
    except RecursionError:  # pragma: no cover - the pre-scan refuses deep nesting first
        raise JSONInputError(f"nested more than {MAX_DEPTH} levels deep") from None
