"""Any input gives an Assessment or InvalidProfile, and nothing else: through the Python
API, the command line and a batch."""

from __future__ import annotations

import datetime
import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from callcenter_rules import Assessment, Engine, InvalidProfile
from callcenter_rules.batch import run_batch
from callcenter_rules.cli import cli
from callcenter_rules.testing import cases, invalid_profiles

from conftest import BASE_PROFILE, EXAMPLE_SCALE

DAY = datetime.date(2024, 1, 1)


def nested(depth: int) -> list[Any]:
    value: list[Any] = []
    for _ in range(depth):
        value = [value]
    return value


json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    # Huge and edge numbers: 2**64 escaped the audit hash in 0.1.0.
    st.sampled_from([2**53 + 1, 2**63, 2**64, -(2**64), 10**400, -(10**400), 10**15, 10**7 + 1]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.from_regex(r"\A[+-]?[0-9]{1,40}([.,][0-9]{0,40})?([eE][+-]?[0-9]{1,4})?\Z"),
    st.text(max_size=20),
    st.sampled_from(["Beijing", "北京市", "廣東", "110000", "Hong Kong", "seat_rental", "95",
                     "domestic", "2020-02-30", "1e400", "-0", "NaN", "company", "B25", "B24",
                     "9999999,99", "1000万", "9" * 5000, "\ud800", "a\u202eb\n"]),
)  # fmt: skip
json_values = st.recursive(
    json_scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
) | st.sampled_from([nested(3000), [nested(500)], {"x": nested(2000)}])


@st.composite
def mangled_profiles(draw: st.DrawFn) -> Any:
    data = dict(BASE_PROFILE)
    for field in draw(st.lists(st.sampled_from([*BASE_PROFILE, "violations", "end_users",
                                                 "clients", "platform_location",
                                                 "foreign_equity_percent", "number_resources",
                                                 "other_value_added_services", "extra"]),
                               max_size=4)):  # fmt: skip
        if draw(st.booleans()):
            data[field] = draw(json_values)
        else:
            data.pop(field, None)
    return data


@settings(max_examples=int(600 * EXAMPLE_SCALE))
@given(data=st.one_of(mangled_profiles(), json_values))
def test_any_input_gives_an_assessment_or_invalid_profile(engine: Engine, data: Any) -> None:
    outcome: Assessment | InvalidProfile
    try:
        outcome = engine.assess(data, as_of=DAY)
    except InvalidProfile as error:
        outcome = error
    if isinstance(outcome, InvalidProfile):
        assert outcome.errors
        for path, message in outcome.errors:
            assert isinstance(path, str)
            assert message
    else:
        assert isinstance(outcome, Assessment)
    # The engine keeps working.
    assert engine.assess(BASE_PROFILE, as_of=DAY).eligible


@given(case=cases())
def test_every_valid_profile_gives_an_assessment(
    engine: Engine, case: tuple[dict[str, Any], Any]
) -> None:
    profile, as_of = case
    result = engine.assess(profile, as_of=as_of)
    assert isinstance(result, Assessment)
    assert result.as_of == as_of


@given(case=invalid_profiles())
def test_each_known_defect_is_reported_at_its_path(
    engine: Engine, case: tuple[dict[str, Any], str]
) -> None:
    data, path = case
    with pytest.raises(InvalidProfile) as caught:
        engine.assess(data, as_of=DAY)
    assert [p for p, _ in caught.value.errors] == [path], caught.value.errors


def json_text(value: Any) -> str:
    """``value`` as JSON text; values too deep for `json.dumps` are written by hand."""
    try:
        return json.dumps(value, ensure_ascii=False, default=str)
    except (RecursionError, ValueError):
        return "[" * 3000 + "]" * 3000


hostile_texts = st.one_of(
    st.one_of(mangled_profiles(), json_values).map(json_text),
    st.text(max_size=30),
    st.sampled_from(['{"name": 1, "name": 2}', "[" * 100_000, '{"x": NaN}', "{" * 70 + "}" * 70]),
)


@settings(max_examples=int(150 * EXAMPLE_SCALE))
@given(text=hostile_texts)
def test_any_text_through_the_command_line_gives_a_report_or_exit_2(text: str) -> None:
    data = text.encode("utf-8", "surrogatepass")  # lone surrogates arrive as bad UTF-8
    done = CliRunner().invoke(cli, ["assess", "-", "--as-of", "2024-01-01"], input=data)
    assert done.exit_code in {0, 2, 3, 4}, (done.exit_code, done.output)
    assert done.exception is None or isinstance(done.exception, SystemExit), done.exception
    assert "Traceback" not in done.output


@settings(max_examples=int(40 * EXAMPLE_SCALE))
@given(texts=st.lists(hostile_texts, min_size=1, max_size=25), junk=st.binary(max_size=20))
def test_hostile_rows_never_stop_a_batch(texts: list[str], junk: bytes) -> None:
    lines = [text.replace("\n", " ").encode("utf-8", "surrogatepass") for text in texts]
    lines.insert(len(lines) // 2, junk.replace(b"\n", b" "))
    with tempfile.TemporaryDirectory() as folder:
        source, output = Path(folder, "in.jsonl"), Path(folder, "out.jsonl")
        source.write_bytes(b"\n".join(lines) + b"\n")
        # A byte-order mark at the very start marks the encoding; it is not a row.
        first, *rest = lines
        expected = sum(1 for line in (first.removeprefix(b"\xef\xbb\xbf"), *rest) if line.strip())
        summary = run_batch(source, output, as_of=DAY)
        records = [json.loads(line) for line in output.read_text("utf-8").splitlines()]
    assert [r["row"] for r in records] == list(range(1, expected + 1))
    assert summary.internal_errors == 0
    for record in records:
        assert "assessment" in record or record["error"]["type"] in {
            "invalid_json",
            "invalid_profile",
            "invalid_encoding",
        }, record


EDGE_NUMBERS = [
    0, -1, 2**53 + 1, 2**63, 2**64, -(2**64), 10**400, 10**5000, -(10**5000), 1e308, -1e308,
    float("inf"), float("nan"), True, "9" * 5000, "1e400", "-0", "NaN", "0.1" + "0" * 90 + "1",
]  # fmt: skip


@pytest.mark.parametrize(
    "field",
    [
        "registered_capital_cny",
        "foreign_equity_percent",
        "professional_staff",
        "registered_province",
    ],
)
@pytest.mark.parametrize("value", EDGE_NUMBERS, ids=[f"edge{i}" for i in range(len(EDGE_NUMBERS))])
def test_every_number_field_takes_any_number(engine: Engine, field: str, value: Any) -> None:
    outcome: Assessment | InvalidProfile
    try:
        outcome = engine.assess({**BASE_PROFILE, field: value}, as_of=DAY)
    except InvalidProfile as error:
        outcome = error
    if isinstance(outcome, InvalidProfile):
        assert [path for path, _ in outcome.errors] == [field]
        assert str(outcome)
    else:
        assert outcome.to_dict()["audit"]["input_hash"]
