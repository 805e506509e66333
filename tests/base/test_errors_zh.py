"""Every input error in Chinese too: `InvalidProfile.errors_zh` and ``describe("zh")``,
``message_zh`` on `JSONInputError`, the province errors, `UnsupportedDate` and `BatchError`,
and the batch summary in Chinese. The English stays as it was, byte for byte.

A Chinese message must be Chinese: it holds CJK characters and no Latin word except those
in the allowlist below (codes the input must spell exactly, field names, format names),
once the quoted user values (“…”) and numbers are set aside.
"""

from __future__ import annotations

import copy
import datetime
import errno
import fcntl
import importlib
import io
import json
import os
import pickle
import pkgutil
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import callcenter_rules.api as api_module
import callcenter_rules.batch as batch_module
import callcenter_rules.batch.output as batch_output
import callcenter_rules.batch.read as batch_read
import callcenter_rules.batch.workers as batch_workers
import callcenter_rules.json_input as json_module
import callcenter_rules.model.converters as converters_module
import callcenter_rules.model.profile as model_module
import callcenter_rules.provinces as provinces_module
import callcenter_rules.text as text_module
import callcenter_rules.values as values_module
from callcenter_rules import InvalidProfile, Profile, UnsupportedDate, assess, review
from callcenter_rules.api import check_as_of
from callcenter_rules.batch import MANIFEST_SUFFIX, BatchError, Summary, run_batch, summary_text
from callcenter_rules.batch.register import run_register
from callcenter_rules.cities import City
from callcenter_rules.config import Config
from callcenter_rules.json_input import JSONInputError, loads
from callcenter_rules.labels import display_width, status_label, type_label
from callcenter_rules.model import (
    PROFILE_FIELDS,
    Activity,
    EntityType,
    InvestorOrigin,
    Market,
    NumberResource,
    Party,
    PlatformLocation,
    Policy,
    Said,
    Violation,
    Zone,
    zh_quote,
)
from callcenter_rules.provinces import OutsideMainland, Province, UnknownProvince, parse_province
from callcenter_rules.results import LicenseType, Status
from callcenter_rules.testing import invalid_profiles, profiles
from callcenter_rules.text import safe_text

from conftest import BASE_PROFILE, EXAMPLE_SCALE

DAY = datetime.date(2024, 6, 1)

# ---------------------------------------------------------------- what counts as Chinese

_CJK = re.compile("[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
# A user value quoted in a Chinese message: “…” (curly quotes inside are escaped, so the
# first closing quote ends it).
_QUOTED = re.compile("\u201c[^\u201c\u201d]*\u201d")
# Numbers as the messages write them: 10,000,000, 1.5, -1.23456...E500, 1e+308, 1....E308.
_TOKEN = re.compile(
    r"(?P<word>[0-9]+_[a-z][a-z0-9_]*|[A-Za-z][A-Za-z0-9_.+/-]*)"
    r"|(?P<number>[+-]?[0-9][0-9,_]*(?:\.+[0-9]*)*(?:[eE][+-]?[0-9]+)?)"
)

#: Latin words a Chinese message may hold, and why.
ALLOWED: frozenset[str] = frozenset(
    # Field names and paths are codes the input is written in (“与 service_provinces[0]
    # 重复”): the profile's fields, a violation's and the policy's.
    {*PROFILE_FIELDS}
    | {a.name for a in attrs.fields(Violation)}
    | {a.name for a in attrs.fields(Policy)}
    # Enumerated values must be spelled exactly as listed (“应为以下之一：domestic、overseas”).
    | {
        str(member.value)
        for kind in (
            EntityType,
            Activity,
            Market,
            PlatformLocation,
            NumberResource,
            Party,
            Zone,
            InvestorOrigin,
            City,
        )
        for member in kind
    }
    | {
        # JSON literals and format names: what the input must be written in or as.
        "JSON",
        "null",
        "true",
        "false",
        "YYYY-MM-DD",
        # The name of the standard that says what text is.
        "Unicode",
        # How a number that is not finite is written (by JSON, Decimal or float): the value.
        "NaN",
        "Infinity",
        "sNaN",
        "nan",
        "inf",
        # Python names, in the messages for a Profile built in Python (not from JSON): the
        # type expected or given, as the code spells it.
        "None",
        "Decimal",
        "datetime.date",
        "datetime.datetime",
        "Province",
        "EntityType",
        "Activity",
        "Market",
        "PlatformLocation",
        "NumberResource",
        "Party",
        "Zone",
        "Violation",
        "object",
    }
)
#: Catalogue codes (B24, B25, B24-1) and Unicode code points (U+D800): identifiers.
ALLOWED_PATTERN = re.compile(r"B[0-9]{2}(?:-[0-9])?|U\+[0-9A-F]{4,6}")


def latin_words(text: str, allowed: frozenset[str] = ALLOWED) -> list[str]:
    """The Latin words of a Chinese message that are not allowed, quoted values set aside."""
    found = []
    for match in _TOKEN.finditer(_QUOTED.sub(" ", text)):
        word = (match.group("word") or "").rstrip(".+/-")
        if word and word not in allowed and not ALLOWED_PATTERN.fullmatch(word):
            found.append(word)
    return found


def assert_chinese(text: str, allowed: frozenset[str] = ALLOWED) -> None:
    assert _CJK.search(_QUOTED.sub(" ", text)), f"no Chinese in {text!r}"
    assert not latin_words(text, allowed), f"English in {text!r}: {latin_words(text, allowed)}"


def test_the_scan_finds_english() -> None:
    assert latin_words("必须是字符串，got a list") == ["got", "a", "list"]
    assert latin_words("未知的省份“Atlantis”；是否指北京市？") == []
    assert latin_words("与 service_provinces[0] 重复（B25）；实际为1.5E+7") == []
    with pytest.raises(AssertionError):
        assert_chinese("must not be empty")
    with pytest.raises(AssertionError):
        assert_chinese("“全是引号里的中文”")


# ---------------------------------------------------------------- every message site


def profile(**changes: Any) -> dict[str, Any]:
    data = {**BASE_PROFILE, **changes}
    return {k: v for k, v in data.items() if v is not _GONE}


_GONE = object()
_VALID = Profile.from_dict(BASE_PROFILE)


def built(**changes: Any) -> Callable[[], Any]:
    """A Profile built in Python with ``changes`` (the validators' own messages)."""
    return lambda: attrs.evolve(_VALID, **changes)


def violation(**fields: Any) -> list[dict[str, Any]]:
    return [{"party": "company", "date": "2015-01-01", **fields}]


def _too_deep(_value: Any, _type: Any) -> Any:
    raise RecursionError


#: One input per message site: (input or a function raising, the path, a fragment of the
#: English message).
CASES: list[tuple[Any, str, str]] = [
    # structure_profile
    ([], "", "a profile must be a JSON object, got a list"),
    ({**BASE_PROFILE, 5: 1}, "", "field names must be strings, got the number 5"),
    (profile(surprise=1), "surprise", "unexpected field (not part of the profile schema)"),
    (profile(name=_GONE), "name", "is required"),
    (profile(name=None), "name", "is required and must not be null"),
    (profile(end_users=None), "end_users", "must not be null (omit the field"),
    (profile(service_provinces="Beijing"), "service_provinces", "must be a list, got the string"),
    (profile(activities=["x"] * 12), "activities", "has too many items: 12, at most 11"),
    (profile(name="Acme\x00"), "name", "must not hold a control character (U+0000"),
    (profile(violations=violation(party="x") * 60), "", "... and 10 more errors, not listed"),
    # _flatten
    (profile(violations=violation(x=1)), "violations[0].x", "not part of the schema)"),
    (profile(violations=[{"party": "company"}]), "violations[0].date", "is required"),
    (profile(violations=[5]), "violations[0]", "has the wrong shape"),
    # the JSON types
    (profile(name=True), "name", "must be a string, got a boolean"),
    (profile(name={}), "name", "must be a string, got an object"),
    (profile(name=1.5), "name", "must be a string, got the number 1.5"),
    (profile(name=b"x"), "name", "must be a string, got bytes"),
    (profile(violations=violation(party=None)), "violations[0].party", "; got null"),
    (profile(name=10**400), "name", "got the number a number with about 401 digits"),
    (profile(has_technical_plan="yes"), "has_technical_plan", "must be true, false or null"),
    (profile(professional_staff=2.5), "professional_staff", "must be a whole number, got"),
    # amounts
    (profile(registered_capital_cny=[1]), "registered_capital_cny", "or a decimal string, got"),
    (profile(registered_capital_cny=float("inf")), "registered_capital_cny", "finite number"),
    (profile(registered_capital_cny=-(2**70)), "registered_capital_cny", "must not be negative"),
    (profile(registered_capital_cny=2**70), "registered_capital_cny", "is out of range, got"),
    (profile(registered_capital_cny=Decimal("NaN")), "registered_capital_cny", "finite number"),
    (profile(registered_capital_cny="1" * 101), "registered_capital_cny", "is too long"),
    (profile(registered_capital_cny="1000万"), "registered_capital_cny", "write 10000000"),
    (profile(registered_capital_cny="约1000万"), "registered_capital_cny", "write it in digits"),
    (profile(registered_capital_cny="CNY 1000000"), "registered_capital_cny", "a currency"),
    (profile(registered_capital_cny="9999999,99"), "registered_capital_cny", "decimal point"),
    (profile(registered_capital_cny="1,0000,000"), "registered_capital_cny", "misplaced"),
    (profile(registered_capital_cny="-5"), "registered_capital_cny", "must not be negative"),
    (profile(registered_capital_cny="Infinity"), "registered_capital_cny", "finite number"),
    (profile(registered_capital_cny="1e7"), "registered_capital_cny", "exponent"),
    (profile(registered_capital_cny="9" * 16), "registered_capital_cny", "more than 15 digits"),
    (profile(registered_capital_cny="１０００"), "registered_capital_cny", "the digits 0-9"),
    (profile(foreign_equity_percent="fifty"), "foreign_equity_percent", "such as 49.5"),
    # dates
    (profile(violations=violation(date="2015/01/01")), "violations[0].date", "YYYY-MM-DD"),
    (profile(violations=violation(date=20150101)), "violations[0].date", "got the number"),
    (profile(violations=violation(date="2015-02-30")), "violations[0].date", "calendar date"),
    # provinces
    (profile(registered_province=[1]), "registered_province", "a province name or code"),
    (profile(registered_province="Atlantis"), "registered_province", "unknown province"),
    (profile(registered_province="Bejing"), "registered_province", "did you mean Beijing"),
    (profile(registered_province="x" * 100), "registered_province", "..."),
    (profile(registered_province=-1), "registered_province", "unknown province code -1"),
    (profile(registered_province=10**300), "registered_province", "(a huge number)"),
    (profile(registered_province="Hong Kong"), "registered_province", "outside mainland"),
    (profile(service_provinces=["Beijing", 820000]), "service_provinces[1]", "(Macau)"),
    # enumerations
    (profile(entity_type=5), "entity_type", "must be one of"),
    (profile(entity_type="bank"), "entity_type", "unknown value 'bank'"),
    (profile(registered_zone="shenzhen"), "registered_zone", "is in Guangdong"),
    (
        profile(registered_province="Guangdong", registered_city="xiamen"),
        "registered_city",
        "is in Fujian",
    ),
    (profile(registered_city="xiamen"), "registered_city", "is not beijing"),
    (profile(registered_city="other"), "registered_city", "in the city of Beijing"),
    (profile(registered_city=5), "registered_city", "must be a city name, got the number 5"),
    (profile(registered_city="Atlantis"), "registered_city", "unknown city 'Atlantis'"),
    (profile(foreign_investor_origin="macau"), "foreign_investor_origin", "foreign_equity"),
    (profile(name="x" * 301), "name", "is too long: 301 characters, at most 300"),
    (
        profile(violations=violation(description="x" * 2001)),
        "violations[0].description",
        "at most 2,000",
    ),
    # the validators, through JSON
    (profile(name="   "), "name", "must not be empty"),
    (profile(name="a\ud800"), "name", "lone surrogate (U+D800)"),
    (profile(registered_capital_cny=Decimal(-5)), "registered_capital_cny", "got -5"),
    (profile(registered_capital_cny=10**15), "registered_capital_cny", "is not below"),
    (profile(foreign_equity_percent=101), "foreign_equity_percent", "from 0 to 100"),
    (profile(professional_staff=-1), "professional_staff", "must not be negative"),
    (profile(professional_staff=10**8), "professional_staff", "is more than 10,000,000"),
    (profile(professional_staff=10**400), "professional_staff", "about 401 digits"),
    (profile(service_provinces=[]), "service_provinces", "at least one value"),
    (profile(service_provinces=["Beijing", "北京市"]), "service_provinces[1]", "(Beijing)"),
    (profile(activities=["seat_rental"] * 2), "activities[1]", "(seat_rental)"),
    (
        profile(other_value_added_services=["B25", "B25"]),
        "other_value_added_services[1]",
        "(B25)",
    ),
    (profile(other_value_added_services=["B24"]), "other_value_added_services[0]", "itself"),
    (profile(other_value_added_services=["B99"]), "other_value_added_services[0]", "'B99'"),
    # the validators, for a Profile built in Python
    (built(service_provinces=[Province.BEIJING]), "service_provinces", "a tuple of Province"),
    (built(service_provinces=("Beijing",)), "service_provinces[0]", "must be a Province"),
    (built(entity_type="branch"), "entity_type", "must be a EntityType, got str"),
    (built(name=5), "name", "must be a string, got int"),
    (built(registered_capital_cny=5), "registered_capital_cny", "must be a Decimal"),
    (built(registered_capital_cny=Decimal("sNaN")), "registered_capital_cny", "finite amount"),
    (built(registered_capital_cny=Decimal("-1E+500")), "registered_capital_cny", "-1....E500"),
    (built(foreign_equity_percent=None), "foreign_equity_percent", "got NoneType"),
    (built(professional_staff=True), "professional_staff", "whole number or null, got bool"),
    (built(professional_staff=-(10**400)), "professional_staff", "negative number with about"),
    (built(registered_zone="x"), "registered_zone", "must be a Zone"),
    (built(registered_zone=Zone.SHENZHEN), "registered_zone", "registered_province is Beijing"),
    (built(violations=(object(),)), "violations[0]", "got object"),
    (built(has_technical_plan=1), "has_technical_plan", "must be a bool"),
    (lambda: Violation(Party.COMPANY, "2020"), "date", "must be a date, got str"),  # type: ignore[arg-type]
    (lambda: Policy(in_house_hotline_is_b24=datetime.date(2020, 1, 1)), "in_house", "got date"),  # type: ignore[arg-type]
]


def raised(case: Any) -> InvalidProfile:
    with pytest.raises(InvalidProfile) as caught:
        case() if callable(case) else Profile.from_dict(case)
    return caught.value


@pytest.mark.parametrize(("case", "path", "fragment"), CASES)
def test_every_message_has_a_chinese_twin(case: Any, path: str, fragment: str) -> None:
    error = raised(case)
    assert any(p.startswith(path) and fragment in m for p, m in error.errors), error.errors
    assert [p for p, _ in error.errors_zh] == [p for p, _ in error.errors]
    for (_, english), (_, chinese) in zip(error.errors, error.errors_zh, strict=True):
        assert type(english) is str
        assert chinese != english
        assert_chinese(chinese)


def test_nesting_too_deep_for_the_structurer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(model_module._HOOKS, "name", _too_deep)
    error = raised(BASE_PROFILE)
    assert error.errors == (("name", "is nested too deeply"),)
    assert error.errors_zh == (("name", "嵌套层数过深"),)


def source_lines(module: Any, pattern: str) -> set[tuple[str, int]]:
    """The lines of ``module`` that build a message (indented: inside a function)."""
    path = Path(module.__file__)
    return {
        (path.name, number)
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if re.search(pattern, line) and line.startswith(" ") and not line.lstrip().startswith("#")
    }


def _modules_of(package: Any) -> list[Any]:
    """A package and every module in it."""
    return [package] + [
        importlib.import_module(f"{package.__name__}.{found.name}")
        for found in pkgutil.iter_modules(package.__path__)
    ]


@pytest.fixture
def sites(monkeypatch: pytest.MonkeyPatch) -> set[tuple[str, int]]:
    """Records where every `Said` and every error with a ``message_zh`` is built."""
    hit: set[tuple[str, int]] = set()

    def where() -> None:
        frame = sys._getframe(2)
        hit.add((Path(frame.f_code.co_filename).name, frame.f_lineno))

    def new_said(cls: type[Said], en: str, zh: str) -> Said:
        where()
        said = str.__new__(cls, en)
        said.zh = zh
        return said

    monkeypatch.setattr(Said, "__new__", staticmethod(new_said))
    for kind in (UnknownProvince, OutsideMainland, JSONInputError, UnsupportedDate, BatchError):
        original = kind.__init__

        def init(self: Any, *args: Any, _original: Any = original) -> None:
            where()
            _original(self, *args)

        monkeypatch.setattr(kind, "__init__", init)
    return hit


def test_the_table_reaches_every_message_site(
    sites: set[tuple[str, int]], monkeypatch: pytest.MonkeyPatch
) -> None:
    for case, _, _ in CASES:
        pickle.loads(pickle.dumps(raised(case)))
    parse_provinces_and_json()
    assert text_module.os_reason(FileNotFoundError(2, "No such file")).zh == "没有这个文件或目录"
    with pytest.raises(UnsupportedDate):
        check_as_of(datetime.date(2016, 2, 29))
    with pytest.raises(UnsupportedDate):  # a licence holder's review before Order 42
        review({"number": "B2-20160101"}, as_of=datetime.date(2017, 8, 31))
    monkeypatch.setitem(model_module._HOOKS, "name", _too_deep)
    raised(BASE_PROFILE)
    expected = (
        source_lines(model_module, r"\bSaid\(")
        | source_lines(converters_module, r"\bSaid\(")
        | source_lines(values_module, r"\bSaid\(")
        | source_lines(text_module, r"\bSaid\(")
        | source_lines(provinces_module, r"\b(UnknownProvince|OutsideMainland)\(")
        | source_lines(json_module, r"\bJSONInputError\(")
        | source_lines(api_module, r"\bUnsupportedDate\(")
    )
    missed = sorted(expected - sites)
    assert not missed, f"message sites no test reaches: {missed}"
    # The patterns find the sites (a pattern that found none would pass vacuously).
    assert len(expected) > 50


def parse_provinces_and_json() -> None:
    for spelling in ("Atlantis", "Bejing", "臺灣", 810000, -5, 10**300, "Guangdog"):
        with pytest.raises((UnknownProvince, OutsideMainland)):
            parse_province(spelling)
    for text in JSON_ERRORS:
        with pytest.raises(JSONInputError):
            loads(text)


# ---------------------------------------------------------------- describe, pickle


def test_describe_in_english_is_str_and_in_chinese_lists_the_same_paths() -> None:
    error = raised(
        profile(
            entity_type=_GONE,
            service_provinces=["Beijing", "Atlantis"],
            registered_capital_cny="1000万",
        )
    )
    assert error.describe() == error.describe("en") == str(error)
    assert str(error) == (
        "invalid profile (3 errors):\n"
        "  entity_type: is required\n"
        "  registered_capital_cny: must be a plain number of yuan, got '1000万'; write 10000000\n"
        "  service_provinces[1]: unknown province 'Atlantis'"
    )
    assert error.describe("zh") == (
        "输入无效（共3处错误）：\n"
        "  entity_type：为必填项\n"
        "  registered_capital_cny：必须是以元为单位的纯数字，实际为“1000万”；请写作10000000\n"
        "  service_provinces[1]：未知的省份“Atlantis”"
    )
    with pytest.raises(ValueError, match="lang"):
        error.describe("fr")


def test_describe_escapes_user_text_as_str_does() -> None:
    error = InvalidProfile(
        [("bad\npath", Said("line\u2028break \u202e", "换行\u2028符 \u202e")), ("", "plain")]
    )
    assert str(error) == (
        "invalid profile (2 errors):\n  bad\\npath: line\\u2028break \\u202e\n  plain"
    )
    assert (
        error.describe("zh")
        == "输入无效（共2处错误）：\n  bad\\npath：换行\\u2028符 \\u202e\n  plain"
    )
    # A message given as a plain string has no Chinese: it is shown as it is.
    assert error.errors_zh[1] == ("", "plain")
    assert error.errors == (("bad\npath", "line\u2028break \u202e"), ("", "plain"))
    assert all(type(message) is str for _, message in error.errors)


def test_invalid_profile_pickles_with_both_languages() -> None:
    error = raised(profile(registered_province="Bejing", professional_staff=-1, surprise=1))
    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
        again = pickle.loads(pickle.dumps(error, protocol=protocol))
        assert type(again) is InvalidProfile
        assert again.errors == error.errors
        assert again.errors_zh == error.errors_zh
        assert str(again) == str(error)
        assert again.describe("zh") == error.describe("zh")
        assert all(type(message) is str for _, message in again.errors)
    assert copy.deepcopy(error).errors_zh == error.errors_zh
    # Messages without Chinese (as in an error pickled by an older version) stay English.
    old = pickle.loads(pickle.dumps(InvalidProfile([("name", "must not be empty")])))
    assert old.errors_zh == (("name", "must not be empty"),)


def test_a_said_is_its_english_for_every_purpose_but_zh() -> None:
    said = Said("is required", "为必填项")
    assert said == "is required"
    assert hash(said) == hash("is required")
    assert str(said) == "is required"
    assert type(str(said)) is str
    assert f"{said}" == "is required"
    assert repr(said) == "'is required'"
    assert json.dumps(said) == '"is required"'
    assert orjson.dumps([said]) == b'["is required"]'
    for again in (pickle.loads(pickle.dumps(said)), copy.copy(said), copy.deepcopy(said)):
        assert again == said
        assert again.zh == "为必填项"


@given(st.text())
def test_a_chinese_quotation_is_one_quotation(text: str) -> None:
    # One quotation: no curly quote inside it (every module quotes with `zh_quote`).
    assert _QUOTED.fullmatch(zh_quote(text))


# ---------------------------------------------------------------- any input


_HOSTILE = st.sampled_from(
    [
        None, True, False, 0, -1, 2**53 + 1, 2**64, -(2**64), 10**400, 1e308, float("inf"),
        float("nan"), 0.1, Decimal("1e-999999999"), Decimal("1E+999999"), Decimal("sNaN"),
        "9999999,99", "12,5", "10,000,000", "1,0000,000", "1_000_000", "1e7", "1000万", "1.5亿",
        "CNY 1000000", "-5", "+5", ".5", "NaN", "Infinity", "１０００", "9" * 5000, "", " ",
        "\n", "\u202eeb\u202c", "a\ud800", "Beijing\n", "廣東", "Hong Kong", "Bejing", "110000",
        110000, 110000.0, 999999, "2020-02-30", "2020-13-01", "seat_rental", "B24", "b25", "95",
        95, [], {}, [None], ["Beijing", "北京市"], ["seat_rental"] * 3, "“quoted”", "a”b c",
        {"party": "company", "date": "2015-01-01"}, [{"party": "ceo"}], [{"date": 5}],
        [{"party": "company", "date": "2015-01-01", "extra": 1}], "shenzhen", "x" * 200,
    ]
)  # fmt: skip
_SCALARS = st.one_of(
    _HOSTILE,
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.decimals(),
    st.text(max_size=12),
)
_JSON = st.recursive(
    _SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=8,
)
_KEYS = st.sampled_from([*PROFILE_FIELDS, "surprise", "Name"]) | st.text(max_size=6)


@st.composite
def json_like_profiles(draw: st.DrawFn) -> Any:
    """A JSON-like value: often a valid profile with fields replaced, removed or added."""
    kind = draw(st.integers(0, 3))
    if kind == 0:
        return draw(_JSON)
    if kind == 1:
        return draw(invalid_profiles())[0]
    data = dict(draw(profiles())) if kind == 2 else dict(BASE_PROFILE)
    for key in draw(st.lists(_KEYS, max_size=4)):
        if draw(st.booleans()):
            data[key] = draw(_JSON)
        else:
            data.pop(key, None)
    return data


def invalid(data: Any) -> InvalidProfile | None:
    try:
        Profile.from_dict(data)
    except InvalidProfile as error:
        return error
    return None


@settings(max_examples=int(400 * EXAMPLE_SCALE))
@given(data=json_like_profiles())
def test_any_invalid_input_is_described_in_chinese(data: Any) -> None:
    error = invalid(data)
    if error is not None:
        assert len(error.errors_zh) == len(error.errors) > 0
        assert [p for p, _ in error.errors_zh] == [p for p, _ in error.errors]
        described = error.describe("zh")
        header, *lines = described.split("\n  ")
        assert header == f"输入无效（共{len(error.errors)}处错误）："
        assert len(lines) == len(error.errors_zh)
        for line, (path, message) in zip(lines, error.errors_zh, strict=True):
            shown = safe_text(message)
            assert line == (f"{safe_text(path)}：{shown}" if path else shown)
            assert_chinese(shown)


# ---------------------------------------------------------------- JSON, provinces, dates

JSON_ERRORS = [
    '{"a": 1, "a": 2}', '{"x": NaN}', '{"x": -Infinity}', "[1,]", '{"a" 1}', '{"a": 1 "b"}',
    '"abc', '"\\q"', '"\\u12"', '"a\x01"', "{1: 2}", "1 2", "", "[" * 70, '{"a": 1,}', "tru",
]  # fmt: skip


@pytest.mark.parametrize("text", JSON_ERRORS)
def test_json_errors_in_chinese(text: str) -> None:
    with pytest.raises(JSONInputError) as caught:
        loads(text)
    assert_chinese(caught.value.message_zh)
    again = pickle.loads(pickle.dumps(caught.value))
    assert (str(again), again.message_zh) == (str(caught.value), caught.value.message_zh)


def test_json_error_english_is_unchanged() -> None:
    with pytest.raises(JSONInputError) as caught:
        loads('{"a": 1, "a": 2}')
    assert str(caught.value) == "duplicate key 'a' in an object"
    assert caught.value.message_zh == "对象中的键“a”重复出现"
    with pytest.raises(JSONInputError) as caught:
        loads("[1,]")
    # The English is the json module's, which CPython 3.13 made more precise.
    if sys.version_info >= (3, 13):
        assert str(caught.value) == "Illegal trailing comma before end of array (line 1, column 3)"
        assert caught.value.message_zh == "数组末尾有多余的逗号（第1行第3列）"
    else:
        assert str(caught.value) == "Expecting value (line 1, column 4)"
        assert caught.value.message_zh == "此处应为一个值（第1行第4列）"


def test_province_errors_in_chinese() -> None:
    with pytest.raises(UnknownProvince) as unknown:
        parse_province("Bejing")
    assert str(unknown.value) == "unknown province 'Bejing'; did you mean Beijing (北京市)?"
    assert unknown.value.message_zh == "未知的省份“Bejing”；是否指北京市？"
    with pytest.raises(OutsideMainland) as outside:
        parse_province("香港")
    assert outside.value.message_zh.startswith("“香港”（香港）不在内地电信业务经营许可的范围内")
    again = pickle.loads(pickle.dumps(outside.value))
    assert again.message_zh == outside.value.message_zh


def test_an_unsupported_day_in_chinese() -> None:
    with pytest.raises(UnsupportedDate) as caught:
        assess(BASE_PROFILE, as_of=datetime.date(2015, 1, 1))
    assert str(caught.value) == (
        "as_of 2015-01-01 is before 2016-03-01, when the 2015 Catalogue of "
        "Telecommunications Services took effect; earlier law is not modelled"
    )
    assert caught.value.message_zh == (
        "评估日 2015-01-01 早于 2016-03-01，即《电信业务分类目录（2015年版）》施行之日；"
        "此前的法律不在本库的范围内"
    )
    assert_chinese(caught.value.message_zh)
    assert pickle.loads(pickle.dumps(caught.value)).message_zh == caught.value.message_zh


def test_errors_built_with_english_only_fall_back_to_it() -> None:
    for kind in (UnknownProvince, OutsideMainland, JSONInputError, UnsupportedDate, BatchError):
        error = kind("only English")
        assert (str(error), error.message_zh) == ("only English", "only English")


# ---------------------------------------------------------------- batch errors

#: Besides `ALLOWED`, a batch message may name: the command's options, the input formats
#: and text encoding, the library itself (in a version difference) and the CSV header
#: example (field names, already allowed).
BATCH_ALLOWED = ALLOWED | {
    "--resume", "--overwrite", "--plan", "--input-format", "--workers", "resume", "overwrite", "plan",
    "input-format", "workers", "jsonl", "csv", "json", "CSV", "UTF-8", "callcenter-rules",
    "--detail", "detail", "--cache", "cache", "--output-format", "output-format", "summary", "full", "Lines",
    "--encoding", "encoding", "utf-8", "utf-8-sig", "gbk", "gb18030", "GBK", "GB18030", "Excel", "Windows",
}  # fmt: skip
_PATHS = re.compile(r"(?:/[\w.+-]+)+|[\w-]+(?:\.[\w]+)+")


def batch_chinese(error: BatchError) -> None:
    """``message_zh`` is Chinese, once file paths (the user's) are set aside."""
    text = _PATHS.sub(" ", error.message_zh)
    assert error.message_zh != str(error)
    assert_chinese(text, BATCH_ALLOWED)


class _BrokenPool:
    """A process pool whose workers have died."""

    def __init__(self, *_args: Any, **_kwargs: Any) -> None:
        pass

    def submit(self, *_args: Any, **_kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        future.set_exception(BrokenProcessPool("a child process terminated abruptly"))
        return future

    def shutdown(self, **_kwargs: Any) -> None:
        pass


def _line(row: int) -> str:
    return json.dumps({**BASE_PROFILE, "name": f"Co {row}"}, ensure_ascii=False) + "\n"


class Scenarios:
    """Each way a batch refuses, with a fresh folder."""

    def __init__(self, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.folder = folder
        self.monkeypatch = monkeypatch
        self.count = 0

    def fresh(self) -> Path:
        self.count += 1
        place = self.folder / str(self.count)
        place.mkdir()
        return place

    def source(self, name: str = "in.jsonl", content: str | bytes | None = None) -> Path:
        path = self.fresh() / name
        if content is None:
            content = _line(1) + _line(2) + _line(3)
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_bytes(content)
        return path

    def written(self) -> tuple[Path, Path, Path]:
        """An input, its finished output and the output's manifest."""
        source = self.source()
        output = source.with_name("out.jsonl")
        run_batch(source, output, as_of=DAY)
        return source, output, output.with_name("out.jsonl" + MANIFEST_SUFFIX)

    def stdin(self, data: bytes) -> None:
        self.monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))


def out(source: Path) -> Path:
    return source.with_name("out.jsonl")


def batch_failures(s: Scenarios) -> Iterator[tuple[str, Callable[[], Any]]]:
    """(what, a call that raises BatchError) for every refusal."""
    register = (Path(__file__).parents[2] / "examples" / "holders" / "register.csv").read_bytes()

    def licences() -> Path:
        return s.source("register.csv", register)

    def existing() -> tuple[Path, Path]:
        source = licences()
        summary = source.parent / "summary.csv"
        summary.write_text("not empty", encoding="utf-8")
        return source, summary

    yield "register over its input", lambda: (lambda x: run_register(x, x, as_of=DAY))(licences())
    yield (
        "register calendar is the summary",
        lambda: (
            lambda x: run_register(x, x.parent / "o.csv", as_of=DAY, ics_path=x.parent / "o.csv")
        )(licences()),
    )
    yield "register summary exists", lambda: run_register(*existing(), as_of=DAY)
    yield "register to standard output", lambda: run_register(licences(), "-", as_of=DAY)
    yield (
        "register calendar unwritable",
        lambda: (
            lambda x: run_register(
                x, x.parent / "o.csv", as_of=DAY, ics_path=x.parent / "missing" / "all.ics"
            )
        )(licences()),
    )
    yield (
        "review day too early",
        lambda: (lambda x: run_register(x, x.parent / "o.csv", as_of=datetime.date(2017, 1, 1)))(
            licences()
        ),
    )
    yield (
        "review with a plan",
        lambda: run_batch(licences(), s.folder / "r.jsonl", as_of=DAY, review=True, plan=True),
    )
    yield "workers", lambda: run_batch(s.source(), s.folder / "o", as_of=DAY, workers=0)
    yield "cache", lambda: run_batch(s.source(), s.folder / "o", as_of=DAY, cache_size=-2)
    yield (
        "resume and overwrite",
        lambda: run_batch(s.source(), s.folder / "o", as_of=DAY, resume=True, overwrite=True),
    )
    yield (
        "day too early",
        lambda: run_batch(s.source(), s.folder / "o", as_of=datetime.date(2015, 1, 1)),
    )
    yield "day not a date", lambda: run_batch(s.source(), s.folder / "o", as_of="2024-01-01")  # type: ignore[arg-type]
    yield "resume from stdin", lambda: run_batch("-", s.folder / "o", as_of=DAY, resume=True)
    yield (
        "unknown format",
        lambda: run_batch(s.source(), s.folder / "o", as_of=DAY, input_format="xml"),
    )
    yield "no input", lambda: run_batch(s.folder / "none.jsonl", s.folder / "o", as_of=DAY)
    yield (
        "input a folder",
        lambda: run_batch(s.fresh(), s.folder / "o", as_of=DAY, input_format="jsonl"),
    )
    yield (
        "input unreadable",
        lambda: run_batch("/proc/self/mem", s.folder / "o", as_of=DAY, input_format="jsonl"),
    )
    header = (
        "name,entity_type,registered_capital_cny,registered_province,service_provinces,activities"
    )
    yield (
        "csv without header",
        lambda: run_batch(s.source("in.csv", "a,b,c\n"), s.folder / "o", as_of=DAY),
    )
    yield (
        "csv bad header",
        lambda: run_batch(
            s.source("in.csv", "name,,name,colour,acitvities\n"), s.folder / "o", as_of=DAY
        ),
    )
    yield (
        "csv header not utf-8",
        lambda: run_batch(
            s.source("in.csv", header.encode() + b",\xff\n"), s.folder / "o", as_of=DAY
        ),
    )
    yield "csv empty", lambda: run_batch(s.source("in.csv", "\n\n"), s.folder / "o", as_of=DAY)
    yield (
        "json not utf-8",
        lambda: run_batch(s.source("in.json", b"\xff{}"), s.folder / "o", as_of=DAY),
    )
    yield (
        "json lines in .json",
        lambda: run_batch(s.source("in.json", _line(1) + _line(2)), s.folder / "o", as_of=DAY),
    )
    yield (
        "json broken",
        lambda: run_batch(s.source("in.json", "{broken"), s.folder / "o", as_of=DAY),
    )
    yield "json neither", lambda: run_batch(s.source("in.json", "42"), s.folder / "o", as_of=DAY)

    def stdin_csv_empty() -> None:
        s.stdin(b"\n")
        run_batch("-", s.folder / "o", as_of=DAY, input_format="csv")

    yield "stdin csv empty", stdin_csv_empty

    def stdin_json_not_utf8() -> None:
        s.stdin(b"\xff")
        run_batch("-", s.folder / "o", as_of=DAY, input_format="json")

    yield "stdin json not utf-8", stdin_json_not_utf8

    def output_is_input() -> None:
        source = s.source()
        run_batch(source, source, as_of=DAY, overwrite=True)

    yield "output is input", output_is_input
    yield "output folder missing", lambda: run_batch(s.source(), s.folder / "no" / "o", as_of=DAY)
    yield "output a folder", lambda: run_batch(s.source(), s.fresh(), as_of=DAY)

    def output_has_rows() -> None:
        source = s.source()
        out(source).write_text("rows\n")
        run_batch(source, out(source), as_of=DAY)

    yield "output has rows", output_has_rows

    def output_locked() -> None:
        source = s.source()
        fd = os.open(out(source), os.O_RDWR | os.O_CREAT)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            run_batch(source, out(source), as_of=DAY)
        finally:
            os.close(fd)

    yield "output locked", output_locked

    def manifest_a_folder() -> None:
        source = s.source()
        out(source).with_name("out.jsonl" + MANIFEST_SUFFIX).mkdir()
        run_batch(source, out(source), as_of=DAY)

    yield "manifest cannot be written", manifest_a_folder
    yield "full disk", lambda: run_batch(s.source(), "/dev/full", as_of=DAY)

    def worker_dies() -> None:
        s.monkeypatch.setattr(batch_workers, "ProcessPoolExecutor", _BrokenPool)
        run_batch(s.source(), s.folder / "o", as_of=DAY, workers=2, overwrite=True)

    yield "worker dies", worker_dies
    yield "resume to stdout", lambda: run_batch(s.source(), "-", as_of=DAY, resume=True)
    yield "resume to a device", lambda: run_batch(s.source(), "/dev/null", as_of=DAY, resume=True)

    def no_manifest() -> None:
        source, output, manifest = s.written()
        manifest.unlink()
        run_batch(source, output, as_of=DAY, resume=True)

    yield "no manifest", no_manifest

    def manifest_unopenable() -> None:
        source, output, manifest = s.written()
        manifest.unlink()
        manifest.mkdir()
        run_batch(source, output, as_of=DAY, resume=True)

    yield "manifest cannot be opened", manifest_unopenable

    def not_a_manifest() -> None:
        source, output, manifest = s.written()
        manifest.write_text("hello\n")
        run_batch(source, output, as_of=DAY, resume=True)

    yield "not a manifest", not_a_manifest

    def another_batch() -> None:
        source, output, manifest = s.written()
        header, *entries = manifest.read_bytes().split(b"\n")
        recorded = orjson.loads(header)
        for key in recorded:
            if key != "input":
                recorded[key] = {"as_of": "2020-01-01", "library_version": "0.0.1"}.get(key, "x")
        manifest.write_bytes(b"\n".join([orjson.dumps(recorded), *entries]))
        run_batch(source, output, as_of=DAY, resume=True)

    yield "another batch", another_batch

    def damaged_manifest() -> None:
        source, output, manifest = s.written()
        header, *_ = manifest.read_bytes().split(b"\n")
        manifest.write_bytes(header + b"\nrubbish\n")
        run_batch(source, output, as_of=DAY, resume=True)

    yield "damaged manifest", damaged_manifest

    def edited_output() -> None:
        source, output, _ = s.written()
        output.write_text(output.read_text().replace("Co 1", "Co X"))
        run_batch(source, output, as_of=DAY, resume=True)

    yield "edited output", edited_output

    def wrong_row() -> None:
        source, output, manifest = s.written()
        header, *_ = manifest.read_bytes().split(b"\n")
        line = b'{"row": 7}\n'
        output.write_bytes(line)
        digest = batch_module.base.digest(line)
        manifest.write_bytes(header + b"\n" + orjson.dumps([1, digest]) + b"\n")
        run_batch(source, output, as_of=DAY, resume=True)

    yield "wrong row", wrong_row
    yield "unknown detail", lambda: run_batch(s.source(), s.folder / "o", as_of=DAY, detail="x")
    yield (
        "unknown output format",
        lambda: run_batch(s.source(), s.folder / "o", as_of=DAY, output_format="xlsx"),
    )
    yield "csv needs summary", lambda: run_batch(s.source(), s.folder / "o.csv", as_of=DAY)
    yield (
        "csv header on a full disk",
        lambda: run_batch(
            s.source(), "/dev/full", as_of=DAY, detail="summary", output_format="csv"
        ),
    )

    def csv_header_edited() -> None:
        source = s.source()
        output = source.with_name("out.csv")
        run_batch(source, output, as_of=DAY, detail="summary")
        output.write_bytes(output.read_bytes().replace(b"row,", b"ROW,", 1))
        run_batch(source, output, as_of=DAY, detail="summary", resume=True)

    yield "csv header edited", csv_header_edited
    yield (
        "config not a Config",
        lambda: run_batch(s.source(), s.folder / "o", as_of=DAY, config={"policy": {}}),  # type: ignore[arg-type]
    )
    yield (
        "policy twice",
        lambda: run_batch(
            s.source(),
            s.folder / "o",
            as_of=DAY,
            policy=Policy(in_house_hotline_is_b24=True),
            config=Config(),
        ),
    )
    yield (
        "parameter unusable",
        lambda: run_batch(
            s.source(),
            s.folder / "o",
            as_of=DAY,
            config=Config(parameters={"capital_minimum.regional": "lots"}),
        ),
    )
    yield (
        "unknown encoding",
        lambda: run_batch(s.source(), s.folder / "o", as_of=DAY, encoding="latin-1"),
    )
    yield (
        "json in gbk",
        lambda: run_batch(s.source(), s.folder / "o", as_of=DAY, encoding="gbk"),
    )
    yield (
        "csv header unreadable",
        lambda: run_batch(
            s.source("in.csv", "name," + "x" * 200_000 + "\n"), s.folder / "o", as_of=DAY
        ),
    )
    yield (
        "csv header quoted two ways",
        lambda: run_batch(
            s.source("in.csv", 'a,"b;name;entity_type\nc"\n'), s.folder / "o", as_of=DAY
        ),
    )
    yield (
        "csv in gbk",
        lambda: run_batch(
            s.source("in.csv", (header + "\n深圳公司,x,1,北京,北京,seat_rental\n").encode("gbk")),
            s.folder / "o",
            as_of=DAY,
        ),
    )

    def from_a_pipe(call: Callable[[Path], Any]) -> Callable[[], Any]:
        def run() -> Any:
            read, write = os.pipe()
            try:
                return call(Path(f"/dev/fd/{read}"))
            finally:
                os.close(read)
                os.close(write)

        return run

    yield "count a pipe", from_a_pipe(batch_module.count_rows)
    yield (
        "resume from a pipe",
        from_a_pipe(lambda path: run_batch(path, s.folder / "o", as_of=DAY, resume=True)),
    )

    def input_grows() -> None:
        source = s.source()
        scan = batch_read.Input._scan_jsonl

        def scan_then_grow(self: Any, handle: Any) -> None:
            scan(self, handle)
            with source.open("a", encoding="utf-8") as more:
                more.write(_line(4))

        s.monkeypatch.setattr(batch_read.Input, "_scan_jsonl", scan_then_grow)
        try:
            run_batch(source, out(source), as_of=DAY)
        finally:
            s.monkeypatch.setattr(batch_read.Input, "_scan_jsonl", scan)

    yield "input changed", input_grows

    def input_edited() -> None:
        source = s.source()
        scan = batch_read.Input._scan_jsonl

        def scan_then_edit(self: Any, handle: Any) -> None:
            scan(self, handle)
            content = source.read_bytes()
            source.write_bytes(content.replace(b"1", b"2"))  # in place, the same size

        s.monkeypatch.setattr(batch_read.Input, "_scan_jsonl", scan_then_edit)
        try:
            run_batch(source, out(source), as_of=DAY)
        finally:
            s.monkeypatch.setattr(batch_read.Input, "_scan_jsonl", scan)

    yield "input edited", input_edited

    def disk_full_on_row_2(cut_fails: bool) -> None:
        source = s.source()
        real_write, real_truncate, calls = batch_output._write_all, os.ftruncate, []

        def write_all(fd: int, data: bytes) -> None:
            if data and os.readlink(f"/proc/self/fd/{fd}").endswith("out.jsonl"):
                calls.append(fd)
                if len(calls) == 2:
                    os.write(fd, data[: len(data) // 2])
                    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            real_write(fd, data)

        def truncate(fd: int, length: int) -> None:
            if cut_fails and length:
                raise OSError(errno.EIO, os.strerror(errno.EIO))
            real_truncate(fd, length)

        s.monkeypatch.setattr(batch_output, "_write_all", write_all)
        s.monkeypatch.setattr(os, "ftruncate", truncate)
        try:
            run_batch(source, out(source), as_of=DAY)
        finally:
            s.monkeypatch.setattr(batch_output, "_write_all", real_write)
            s.monkeypatch.setattr(os, "ftruncate", real_truncate)

    yield "full disk, cut back", lambda: disk_full_on_row_2(cut_fails=False)
    yield "full disk, not cut back", lambda: disk_full_on_row_2(cut_fails=True)


def test_every_batch_error_has_a_chinese_twin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sites: set[tuple[str, int]]
) -> None:
    scenarios = Scenarios(tmp_path, monkeypatch)
    seen: dict[str, BatchError] = {}
    for what, call in batch_failures(scenarios):
        with pytest.raises(BatchError) as caught:
            call()
        seen[what] = caught.value
        batch_chinese(caught.value)
    expected = set().union(
        *(source_lines(module, r"\bBatchError\(") for module in _modules_of(batch_module))
    )
    missed = sorted(expected - sites)
    assert not missed, f"BatchError sites no test reaches: {missed}"
    # A few in full: the English as it was, the Chinese beside it.
    assert str(seen["workers"]) == "--workers must be at least 1"
    assert seen["workers"].message_zh == "--workers 至少为1"
    assert seen["cache"].message_zh == "--cache 必须是不小于0的整数（0表示不缓存），实际为-2"
    assert "2016-03-01" in seen["day too early"].message_zh
    assert "。CSV 输入需要表头行" in seen["csv without header"].message_zh
    bad_header = seen["csv bad header"].message_zh
    for part in ("第2列没有列名", "列名“name”出现了两次（第1列和第3列）", "未知的列名“colour”（第4列）",
                 "是否指 activities？", "缺少必需的列：entity_type、"):  # fmt: skip
        assert part in bad_header, bad_header
    assert "磁盘空间不足" in seen["full disk"].message_zh
    assert "没有这个文件或目录" in seen["output folder missing"].message_zh
    assert "这是一个目录" in seen["output a folder"].message_zh
    assert "输入输出错误" in seen["input unreadable"].message_zh
    assert seen["stdin csv empty"].message_zh.startswith("标准输入 是空的")
    differences = seen["another batch"].message_zh
    for part in ("输入的内容不同", "输入格式不同", "写入时的评估日为 2020-01-01", "配置（政策选项、参数、规则包、--plan）不同",
                 "由 callcenter-rules 0.0.1 写入", "规则不同", "清单文件的版本不同",
                 "写入时输入按“x”编码读取，本次按“utf-8”读取"):  # fmt: skip
        assert part in differences, differences
    assert str(seen["another batch"]).count("; ") == 10  # 10 differences, then "; cannot"
    assert "GBK" in seen["csv in gbk"].message_zh
    assert "--encoding gbk" in seen["csv in gbk"].message_zh
    assert "其中的 1 行均为完整的行" in seen["full disk, cut back"].message_zh
    assert "最后一行可能不完整" in seen["full disk, not cut back"].message_zh
    assert "混有改动前后两个版本的行" in seen["input edited"].message_zh


# ---------------------------------------------------------------- the summary


def summary() -> Summary:
    return Summary(
        rows=12,
        skipped=3,
        errors=2,
        internal_errors=1,
        by_status=Counter({"eligible": 5, "ineligible": 3, "not_required": 1, "incomplete": 1}),
        by_license_type=Counter({"nationwide": 6, "regional": 3, "none": 1}),
        seconds=2.5,
    )


def test_the_english_summary_is_unchanged() -> None:
    assert (
        summary_text(summary())
        == summary_text(summary(), "en")
        == (
            "rows assessed: 12 (after 3 already written)\n"
            "by status:     eligible 5, incomplete 1, ineligible 3, not_required 1\n"
            "by licence:    nationwide 6, none 1, regional 3\n"
            "errors:        2\n"
            "internal errors: 1 (a defect in the library; see the rows with type internal_error)\n"
            "time:          2.50 s (5 rows/s)\n"
        )
    )
    assert summary_text(Summary()) == (
        "rows assessed: 0\nby status:     none\nby licence:    none\nerrors:        0\n"
        "time:          0.00 s (0 rows/s)\n"
    )
    with pytest.raises(ValueError, match="lang"):
        summary_text(summary(), "fr")


def test_the_chinese_summary_says_the_same_in_columns() -> None:
    text = summary_text(summary(), "zh")
    lines = text.splitlines()
    assert text.endswith("\n")
    assert [line.split("：")[0] for line in lines] == [
        "评估行数", "按结论", "按许可证类型", "错误", "内部错误", "用时",
    ]  # fmt: skip
    # Every value starts in the same terminal column (a CJK character is two columns).
    columns = {display_width(re.match(r"[^：]*： *", line).group()) for line in lines}  # type: ignore[union-attr]
    assert columns == {display_width("按许可证类型：")}
    assert lines[0].endswith("12（此前已写入 3 行）")
    for status, count in (("eligible", 5), ("ineligible", 3), ("not_required", 1)):
        assert f"{status_label(Status(status), 'zh')} {count}" in lines[1]
    assert f"{type_label(LicenseType.NATIONWIDE, 'zh')} 6" in lines[2]
    assert f"{type_label(LicenseType.REGIONAL, 'zh')} 3" in lines[2]
    assert "无 1" in lines[2]
    assert lines[5].endswith("2.50 秒（5 行/秒）")
    for line in lines:
        assert_chinese(line, ALLOWED | {"type", "internal_error"})


def test_the_chinese_summary_of_nothing() -> None:
    lines = summary_text(Summary(), "zh").splitlines()
    assert [line.split("：", 1)[1].strip() for line in lines] == [
        "0", "无", "无", "0", "0.00 秒（0 行/秒）",
    ]  # fmt: skip


def test_a_batch_run_summary_in_chinese(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(_line(1) + '{"name": 5}\n', encoding="utf-8")
    done = run_batch(source, tmp_path / "out.jsonl", as_of=DAY)
    text = summary_text(done, "zh")
    assert text.startswith("评估行数：")
    (status,) = done.by_status
    (licence,) = done.by_license_type
    assert f"{status_label(Status(status), 'zh')} 1" in text
    assert f"{type_label(LicenseType(licence), 'zh')} 1" in text
    # The error rows of the output stay English: they are data for machines.
    rows = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert rows[1]["error"]["errors"][0]["message"] == "must be a string, got the number 5"
