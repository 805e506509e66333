"""Dated parameters: every threshold and in-force date the rules use, as data.

Each parameter lives in a YAML file in ``law/parameters/`` (the file is the first part of
its dotted name, the key the second: ``capital_minimum.yaml`` holds
``capital_minimum.regional``). A parameter has a description, a unit and either one
``value`` (an in-force date, say) or ``values`` keyed by the day each takes effect, each
with its reference (document, article, domain fact id). The description is given in Chinese
too (``description_zh``, required), and a reference may give the document's Chinese title
and the article as Chinese readers cite it (``document_zh``, ``article_zh``)::

    regional:
      description: Minimum registered capital to operate within one province
      description_zh: 在省、自治区、直辖市范围内经营的注册资本最低限额
      unit: CNY
      values:
        2017-09-01:
          value: 1000000
          reference:
            document: MIIT Order No. 42
            document_zh: 电信业务经营许可管理办法（工业和信息化部令第42号）
            article: Art. 6(4)
            article_zh: 第六条第（四）项
            fact: "2.4"

The value in force on a day applies. A value that changes on a day is a new dated entry,
not a new rule; ``value: null`` ends a parameter (rules that need it stop applying).
`ParameterTable.with_overrides` builds a table with changed values for a draft rule or a
house policy, refusing unknown names and malformed values with a message naming the
parameter.
"""

from __future__ import annotations

import datetime
import difflib
import importlib.util
import os
import re
from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import Any, Final

import attrs
import yaml

from ..errors import BilingualError
from ..text import zh_quote
from ..values import read_amount

__all__ = [
    "UNITS",
    "UNITS_ZH",
    "DatedValue",
    "ParamRef",
    "Parameter",
    "ParameterError",
    "ParameterTable",
    "Reference",
    "YearsLater",
    "default_table",
    "param",
]

#: The units a parameter may have, and what its values are.
UNITS: Final = {
    "CNY": "an amount of yuan (a whole number or a decimal string)",
    "percent": "a percentage from 0 to 100",
    "years": "a whole number of years",
    "days": "a whole number of days",
    "working_days": "a whole number of working days",
    "count": "a whole number",
    "date": "a date as YYYY-MM-DD",
    "month_day": "a day of the year as MM-DD",
    "codes": "a list of codes, such as [B11, B21]",
}
#: `UNITS` in Chinese, for messages.
UNITS_ZH: Final = {
    "CNY": "以元计的金额（整数或小数形式的字符串）",
    "percent": "0至100之间的百分比",
    "years": "整数年数",
    "days": "整数天数",
    "working_days": "整数工作日数",
    "count": "整数",
    "date": "日期，格式为 YYYY-MM-DD",
    "month_day": "一年中的某日，格式为 MM-DD",
    "codes": "代码列表，例如 [B11, B21]",
}


class ParameterError(BilingualError, ValueError):
    """A parameter value or override that cannot be used; ``message_zh`` says it in
    Chinese."""


def _zh_shown(value: Any) -> str:
    """A value as a Chinese message shows it: a string in “…”, anything else as written."""
    return zh_quote(value) if isinstance(value, str) else str(value)


_NAME: Final = re.compile(r"[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+")
_CODE: Final = re.compile(r"[A-Z][0-9A-Z.-]*")


@attrs.frozen
class ParamRef:
    """A reference to a parameter inside a rule: its value in force on the day applies."""

    name: str

    def years_later(self, years: int) -> YearsLater:
        """A date parameter's value moved on by whole years (29 February: 28 February)."""
        return YearsLater(self, years)

    def __str__(self) -> str:
        return self.name


@attrs.frozen
class YearsLater:
    """A date parameter plus whole years: ``param("law_review.reviewed_on").years_later(1)``."""

    ref: ParamRef
    years: int

    def of(self, day: datetime.date) -> datetime.date:
        """``day`` plus the years."""
        try:
            return day.replace(year=day.year + self.years)
        except ValueError:  # 29 February
            return day.replace(year=day.year + self.years, day=28)


def param(name: str) -> ParamRef:
    """Refer to a parameter by its dotted name, e.g. ``param("capital_minimum.regional")``."""
    if not _NAME.fullmatch(name):
        raise ValueError(f"parameter names are dotted lower-case words, got {name!r}")
    return ParamRef(name)


@attrs.frozen
class Reference:
    """Where a parameter's value comes from."""

    document: str
    article: str
    fact_id: str
    #: The document's Chinese title, e.g. "电信业务经营许可管理办法（工业和信息化部令第42号）".
    document_zh: str = ""
    #: The article as Chinese readers cite it, e.g. "第六条第（四）项".
    article_zh: str = ""

    def to_dict(self) -> dict[str, str]:
        """JSON-ready data."""
        return {
            "document": self.document,
            "article": self.article,
            "fact_id": self.fact_id,
            "document_zh": self.document_zh,
            "article_zh": self.article_zh,
        }


#: The reference of a value given as an override rather than read from the law's files.
_OVERRIDE: Final = Reference("override", "", "", document_zh="参数覆盖值（非法定值）")


@attrs.frozen
class DatedValue:
    """A value and the day it takes effect (``None``: from the first day modelled)."""

    start: datetime.date | None
    #: ``None`` ends the parameter from ``start``.
    value: Any
    reference: Reference | None = None


@attrs.frozen
class Parameter:
    """One named parameter and its values over time, oldest first."""

    name: str
    description: str
    unit: str
    values: tuple[DatedValue, ...]
    #: The description in Chinese.
    description_zh: str = ""

    def value_on(self, day: datetime.date) -> Any:
        """The value in force on ``day`` (``None`` if none is)."""
        found = None
        for dated in self.values:
            if dated.start is None or dated.start <= day:
                found = dated.value
            else:
                break
        return found

    @property
    def change_days(self) -> tuple[datetime.date, ...]:
        """The days on which the value changes."""
        return tuple(v.start for v in self.values if v.start is not None)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data: name, description (and in Chinese), unit and dated values with
        references."""
        return {
            "name": self.name,
            "description": self.description,
            "description_zh": self.description_zh,
            "unit": self.unit,
            "values": [
                {
                    "from": v.start.isoformat() if v.start else None,
                    "value": _json_value(v.value),
                    "reference": v.reference.to_dict() if v.reference else None,
                }
                for v in self.values
            ],
        }


def _json_value(value: Any) -> Any:
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:f}"
    return value


def _coerce(name: str, unit: str, value: Any) -> Any:
    """``value`` in the parameter's unit, or a ValueError that names the parameter."""
    if value is None:
        return None
    wrong = ParameterError(
        f"parameter {name} is in {unit}: expected {UNITS[unit]}, got {value!r}",
        f"参数 {name} 应为{UNITS_ZH[unit]}，实际为{_zh_shown(value)}",
    )
    if unit in {"CNY", "percent"}:
        if isinstance(value, bool | float):  # a float has lost digits already
            raise wrong
        # Read as a profile's amounts are read (groups of three digits may be separated by
        # commas: 2,000,000), with the same reasons for a refusal.
        try:
            amount = read_amount(value, Decimal)
        except ValueError as error:
            said = error.args[0] if error.args else str(error)
            raise ParameterError(
                f"parameter {name} is in {unit}: {said}",
                f"参数 {name} 应为{UNITS_ZH[unit]}：{getattr(said, 'zh', said)}",
            ) from None
        if amount < 0:
            raise ParameterError(
                f"parameter {name} is in {unit}: must not be negative, got {value!r}",
                f"参数 {name} 应为{UNITS_ZH[unit]}：不能为负数，实际为{_zh_shown(value)}",
            )
        if unit == "percent" and amount > 100:
            raise wrong
        # One form for one value: 2000000.00 is 2000000, 12.50 is 12.5 (so that messages,
        # the ruleset hash and a batch's fingerprint do not depend on how it was written).
        whole = amount.to_integral_value()
        return whole.quantize(Decimal(1)) if amount == whole else amount.normalize()
    if unit == "codes":
        if isinstance(value, str):  # as a command line gives it: B11,B21 or [B11, B21]
            text = value.strip()
            if text.startswith("[") and text.endswith("]"):
                text = text[1:-1]
            value = [item.strip().strip("'\"").strip() for item in re.split(r"[,;]", text)]
            if not all(_CODE.fullmatch(item) for item in value):
                raise wrong
        if isinstance(value, list | tuple) and value and all(isinstance(v, str) for v in value):
            return tuple(value)
        raise wrong
    if unit == "month_day":
        text = value.strip() if isinstance(value, str) else ""
        match = re.fullmatch(r"([0-9]{2})-([0-9]{2})", text)
        try:
            # A leap year, so that 02-29 is a day of some years.
            datetime.date(2024, int(match.group(1)), int(match.group(2)))  # type: ignore[union-attr]
        except (AttributeError, ValueError):
            raise wrong from None
        return text
    if unit in {"years", "days", "working_days", "count"}:
        if isinstance(value, str) and value.strip().isdigit() and value.strip().isascii():
            value = int(value)
        negative = (
            isinstance(value, str) and value.strip()[1:].isdigit() and value.strip()[:1] == "-"
        )
        if negative or (isinstance(value, int) and not isinstance(value, bool) and value < 0):
            raise ParameterError(
                f"parameter {name} is in {unit}: must not be negative, got {value!r}",
                f"参数 {name} 应为{UNITS_ZH[unit]}：不能为负数，实际为{_zh_shown(value)}",
            )
        if isinstance(value, bool) or not isinstance(value, int):
            raise wrong
        return value
    if isinstance(value, datetime.datetime):
        raise wrong
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value.strip())
        except ValueError:
            raise wrong from None
    raise wrong


def _day(name: str, key: Any) -> datetime.date:
    if isinstance(key, datetime.date) and not isinstance(key, datetime.datetime):
        return key
    if isinstance(key, str):
        try:
            return datetime.date.fromisoformat(key)
        except ValueError:
            pass
    raise ParameterError(
        f"parameter {name}: {key!r} is not a day (YYYY-MM-DD) a value takes effect",
        f"参数 {name}：{_zh_shown(key)}不是取值生效的日期（YYYY-MM-DD）",
    )


def _reference(name: str, data: Any) -> Reference | None:
    if data is None:
        return None
    if not isinstance(data, Mapping) or set(data) - {
        "document",
        "article",
        "fact",
        "document_zh",
        "article_zh",
    }:
        raise ValueError(
            f"parameter {name}: a reference has document, article and fact "
            "(and optionally document_zh, article_zh)"
        )
    return Reference(
        str(data.get("document", "")),
        str(data.get("article", "")),
        str(data.get("fact", "")),
        document_zh=str(data.get("document_zh", "")),
        article_zh=str(data.get("article_zh", "")),
    )


def _dated(name: str, unit: str, key: Any, entry: Any) -> DatedValue:
    if isinstance(entry, Mapping):
        extra = set(entry) - {"value", "reference"}
        if extra or "value" not in entry:
            raise ValueError(
                f"parameter {name}: a dated entry is a value or {{value, reference}}, got "
                f"keys {sorted(map(str, entry))}"
            )
        value, reference = entry["value"], _reference(name, entry.get("reference"))
    else:
        value, reference = entry, None
    return DatedValue(_day(name, key), _coerce(name, unit, value), reference)


def _parameter(name: str, data: Any) -> Parameter:
    if not isinstance(data, Mapping):
        raise ValueError(f"parameter {name}: expected a mapping")
    unit = data.get("unit")
    if unit not in UNITS:
        raise ValueError(f"parameter {name}: unit must be one of {', '.join(UNITS)}, got {unit!r}")
    description = data.get("description")
    if not isinstance(description, str) or not description.strip():
        raise ValueError(f"parameter {name}: a description is required")
    description_zh = data.get("description_zh")
    if not isinstance(description_zh, str) or not description_zh.strip():
        raise ValueError(f"parameter {name}: a Chinese description (description_zh) is required")
    if ("value" in data) == ("values" in data):
        raise ValueError(f"parameter {name}: give either value or values")
    if "value" in data:
        values: tuple[DatedValue, ...] = (
            DatedValue(
                None, _coerce(name, unit, data["value"]), _reference(name, data.get("reference"))
            ),
        )
    else:
        series = data["values"]
        if not isinstance(series, Mapping) or not series:
            raise ValueError(f"parameter {name}: values must map days to values")
        values = tuple(
            sorted(
                (_dated(name, unit, key, entry) for key, entry in series.items()),
                key=lambda v: v.start or datetime.date.min,
            )
        )
    return Parameter(name, description.strip(), unit, values, description_zh.strip())


class ParameterTable(Mapping[str, Parameter]):
    """The parameters by name; immutable. ``with_overrides`` gives a changed copy."""

    def __init__(self, parameters: Mapping[str, Parameter]) -> None:
        self._parameters = dict(sorted(parameters.items()))

    def __getitem__(self, name: str) -> Parameter:
        try:
            return self._parameters[name]
        except KeyError:
            close = difflib.get_close_matches(name, self._parameters, n=1)
            hint = f"; did you mean {close[0]}?" if close else ""
            raise KeyError(f"unknown parameter {name!r}{hint}") from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._parameters)

    def __len__(self) -> int:
        return len(self._parameters)

    def value(self, name: str, day: datetime.date) -> Any:
        """The value of ``name`` in force on ``day`` (``None`` if none is)."""
        return self[name].value_on(day)

    def single(self, name: str) -> Any:
        """The value of a parameter that has only one (an in-force date, say)."""
        values = self[name].values
        if len(values) != 1:
            raise ValueError(f"parameter {name} changes over time; ask for its value on a day")
        return values[0].value

    def canonical_overrides(self, overrides: Mapping[str, Any]) -> dict[str, Any]:
        """``overrides`` (as `with_overrides` takes them) in one canonical JSON-ready form,
        so that the same values written differently (``2000000``, ``"2000000"``,
        ``"2000000.00"``; ``"B11,B21"``, ``["B11", "B21"]``) are recorded alike: names
        sorted, amounts as plain decimal strings, days as ``YYYY-MM-DD``, codes as lists,
        a dated entry's reference kept.

        Raises:
            ValueError: as `with_overrides`.
        """
        self.with_overrides(overrides)  # the checks, with their messages
        canonical: dict[str, Any] = {}
        for name in sorted(overrides):
            unit, given = self._parameters[name].unit, overrides[name]
            if isinstance(given, Mapping):
                dated = sorted(
                    (_dated(name, unit, key, entry) for key, entry in given.items()),
                    key=lambda v: v.start or datetime.date.min,
                )
                canonical[name] = {
                    (v.start or datetime.date.min).isoformat(): (
                        _json_value(v.value)
                        if v.reference is None
                        else {"value": _json_value(v.value), "reference": v.reference.to_dict()}
                    )
                    for v in dated
                }
            else:
                canonical[name] = _json_value(_coerce(name, unit, given))
        return canonical

    def with_overrides(self, overrides: Mapping[str, Any]) -> ParameterTable:
        """A copy with some values changed.

        A plain value replaces the parameter's value on every day
        (``{"capital_minimum.regional": "2000000"}``). A mapping of days to values (or to
        ``{value, reference}``, as in the data files) adds or replaces the values from
        those days (``{"capital_minimum.regional": {"2027-01-01": "2000000"}}``).

        Raises:
            ValueError: an unknown name, or a value that is not in the parameter's unit,
                naming the parameter.
        """
        if not isinstance(overrides, Mapping):
            raise ParameterError(
                "parameters must map parameter names to values",
                "参数覆盖值须为“参数名: 取值”的映射",
            )
        changed = dict(self._parameters)
        for name, given in overrides.items():
            if name not in self._parameters:
                close = difflib.get_close_matches(str(name), self._parameters, n=1)
                hint = f"; did you mean {close[0]}?" if close else ""
                hint_zh = f"；是否指 {close[0]}？" if close else ""
                raise ParameterError(
                    f"unknown parameter {name!r}{hint}", f"未知的参数{_zh_shown(name)}{hint_zh}"
                )
            old = self._parameters[name]
            if isinstance(given, Mapping):
                if not given:
                    raise ParameterError(
                        f"parameter {name}: an empty mapping changes nothing",
                        f"参数 {name}：空的映射不会改变任何取值",
                    )
                merged = {v.start: v for v in old.values}
                for key, entry in given.items():
                    dated = _dated(name, old.unit, key, entry)
                    merged[dated.start] = attrs.evolve(
                        dated, reference=dated.reference or _OVERRIDE
                    )
                values = tuple(sorted(merged.values(), key=lambda v: v.start or datetime.date.min))
            else:
                start = old.values[0].start
                values = (DatedValue(start, _coerce(name, old.unit, given), _OVERRIDE),)
            changed[name] = attrs.evolve(old, values=values)
        return ParameterTable(changed)

    def to_dict(self) -> list[dict[str, Any]]:
        """The catalogue as JSON-ready data."""
        return [parameter.to_dict() for parameter in self._parameters.values()]


#: PyYAML's safe loader, in C where libyaml is there (about ten times faster: the
#: parameter files are read on every start).
_SAFE_LOADER: Final = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load(package: str = "callcenter_rules.law") -> ParameterTable:
    """Read every ``parameters/*.yaml`` file of ``package``."""
    # The package's folder on disk (the package is never zipped: it has a C extension).
    # Not importlib.resources, which costs a tenth of the package's start-up.
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ValueError(f"{package!r} is not a package")
    folder = os.path.join(next(iter(spec.submodule_search_locations)), "parameters")
    found: dict[str, Parameter] = {}
    for file_name in sorted(os.listdir(folder)):
        if not file_name.endswith(".yaml"):
            continue
        group = file_name.removesuffix(".yaml")
        with open(os.path.join(folder, file_name), encoding="utf-8") as file:
            document = yaml.load(file.read(), Loader=_SAFE_LOADER)
        if not isinstance(document, Mapping):
            raise ValueError(f"{file_name}: expected a mapping of parameter names")
        for key, data in document.items():
            name = f"{group}.{key}"
            if not _NAME.fullmatch(name):
                raise ValueError(f"{file_name}: {key!r} is not a parameter name")
            found[name] = _parameter(name, data)
    return ParameterTable(found)


_DEFAULT: ParameterTable | None = None


def default_table() -> ParameterTable:
    """The parameters as the law files state them (read once)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = load()
    return _DEFAULT
