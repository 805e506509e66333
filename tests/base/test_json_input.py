"""JSON is read strictly: duplicate keys, non-finite numbers and runaway nesting are
refused with a message; numbers are kept exact."""

from __future__ import annotations

from decimal import Decimal

import pytest

from callcenter_rules.json_input import MAX_DEPTH, JSONInputError, loads


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ('{"a": 1, "a": 2}', "duplicate key 'a'"),
        ('{"outer": {"b": 1, "b": 1}}', "duplicate key 'b'"),
        ('[{"c": true, "c": false}]', "duplicate key 'c'"),
        ('{"x": NaN}', "NaN is not a JSON number"),
        ('{"x": -Infinity}', "-Infinity is not a JSON number"),
        ("[" * 100_000 + "]" * 100_000, f"more than {MAX_DEPTH} levels"),
        ("{not json", "line 1, column 2"),
        ('{"a": 1}\n{"b": 2}', "Extra data"),
    ],
)
def test_refused_with_a_message(text: str, fragment: str) -> None:
    with pytest.raises(JSONInputError) as caught:
        loads(text)
    assert fragment in str(caught.value)


def test_numbers_are_exact() -> None:
    data = loads('{"f": 9999999.9999999999999999, "e": 1e7, "i": 12}')
    assert data == {"f": Decimal("9999999.9999999999999999"), "e": Decimal("1e7"), "i": 12}
    assert isinstance(data["i"], int)


def test_a_huge_integer_is_kept_for_the_validators_to_refuse() -> None:
    # int() refuses strings over 4,300 digits; the whole document would have failed.
    data = loads('{"n": ' + "9" * 5000 + "}")
    assert data["n"] == Decimal("9" * 5000)


def test_brackets_inside_strings_do_not_count_as_nesting() -> None:
    text = '{"name": "' + "[" * 1000 + '"}'
    assert loads(text) == {"name": "[" * 1000}


def test_nesting_up_to_the_limit_is_read() -> None:
    depth = MAX_DEPTH
    assert loads("[" * depth + "]" * depth) is not None
