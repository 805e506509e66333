"""What a licence holder tells the library: the `Licence` it holds and the record of its
life (annual reports, changes and their filings, services launched, lists).

A licence is a frozen value, validated like a `Profile`: `Licence.from_dict` (or
`structure_licence`) structures a JSON-like mapping and names *every* bad field at once
(`InvalidLicence`, in English and Chinese); a licence built in Python is checked by the
same validators. ``None`` means unknown, and is never read as "no".

The licence number says which licence it is: ``B2-20180123`` is a cross-regional licence
issued by MIIT (跨地区增值电信业务经营许可证); ``京B2-20180123`` a provincial one, issued by
the administration of the province its one-character abbreviation names. ``license_type``
and ``authority`` may be left out (the number tells them); given, they must agree with it:
a mismatch is an error of input, not something the library guesses its way past.
"""

from __future__ import annotations

import datetime
import re
import types
from collections.abc import Callable, Mapping
from typing import Any, Final

import attrs

from ..provinces import ABBREVIATIONS, OutsideMainland, Province, UnknownProvince, parse_province
from ..text import Said, type_zh, zh_quote
from ..values import FieldError, got_error, json_type, read_date, short, strict_bool, strict_int
from ..vocabulary import (
    OTHER_SERVICE_CODES,
    BusinessScope,
    LicenceChange,
    LicenseType,
    NumberResource,
)
from .converters import UNEXPECTED_FIELD, enum_reader, key_errors, read_province
from .profile import MAX_DESCRIPTION_LENGTH, MAX_NAME_LENGTH, InvalidProfile

__all__ = [
    "LICENCE_FIELDS",
    "LICENCE_NUMBER_PATTERN",
    "LICENCE_SCOPE_CODES",
    "MAX_EVENTS",
    "MIIT",
    "InvalidLicence",
    "Licence",
    "LicenceEvent",
    "structure_licence",
]

#: The ``authority`` of a cross-regional licence.
MIIT: Final = "MIIT"
#: A licence number: an optional one-character province abbreviation, the class (``B2``,
#: or ``B1.B2`` for a licence of both classes), a hyphen and eight digits.
LICENCE_NUMBER_PATTERN: Final = (
    r"(?P<prefix>[^\x00-\x7f])?(?P<klass>B2|B1\.B2)-(?P<serial>[0-9]{8})"
)
_NUMBER: Final = re.compile(LICENCE_NUMBER_PATTERN)
#: The business categories a licence may list: B24's two sub-scopes and the other
#: value-added categories of the 2015 catalogue.
LICENCE_SCOPE_CODES: Final = frozenset(
    {*(scope.value for scope in BusinessScope), *OTHER_SERVICE_CODES}
)
#: The most dated changes a licence's record may list.
MAX_EVENTS: Final = 200
#: Years an annual report may be for.
_FIRST_YEAR, _LAST_YEAR = 2000, 2100
_MIIT_SPELLINGS: Final = frozenset(
    {
        "miit",
        "工业和信息化部",
        "工信部",
        "中华人民共和国工业和信息化部",
        "ministry of industry and information technology",
    }
)
_ADMINISTRATION_SUFFIXES: Final = ("通信管理局", " communications administration", " CA")


class InvalidLicence(InvalidProfile):
    """The input is not a valid licence: every bad field, in English (``errors``,
    ``str()``) and Chinese (``errors_zh``, ``describe("zh")``), as `InvalidProfile`
    (which it is, so code that catches bad input catches both)."""

    def __init__(self, errors: Any, total: int | None = None) -> None:
        super().__init__(errors, total)
        count = self.total
        lines = str(self).split("\n", 1)[1] if "\n" in str(self) else ""
        ValueError.__init__(
            self, f"invalid licence ({count:,} error{'s' if count != 1 else ''}):\n{lines}"
        )

    def describe(self, lang: str = "en") -> str:
        """As `InvalidProfile.describe`, headed for a licence."""
        text = super().describe(lang)
        if lang == "zh":
            return text.replace("输入无效", "许可证信息无效", 1)
        return text


# ---------------------------------------------------------------- readers (JSON -> values)


def _text(limit: int) -> Callable[[Any], str]:
    def read(value: Any) -> str:
        if not isinstance(value, str):
            raise got_error(value, "must be a string", "必须是字符串")
        if len(value) > limit:
            raise FieldError(
                Said(
                    f"is too long: {len(value):,} characters, at most {limit:,}",
                    f"过长：共{len(value):,}个字符，最多{limit:,}个",
                )
            )
        if re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]", value):
            raise FieldError(Said("must not hold control characters", "不能包含控制字符"))
        return value

    return read


def _authority(value: Any) -> str:
    """``MIIT``, or the GB/T 2260 code of the province whose administration issued it."""
    if isinstance(value, Province):
        return value.code
    if not isinstance(value, str):
        raise got_error(
            value, "must be MIIT or a province (its administration)", "必须是 MIIT 或省份"
        )
    text = value.strip()
    if text.lower() in _MIIT_SPELLINGS or text in _MIIT_SPELLINGS:
        return MIIT
    for suffix in _ADMINISTRATION_SUFFIXES:
        if text.lower().endswith(suffix.lower()):
            text = text[: -len(suffix)]
            break
    try:
        return parse_province(text).code
    except (UnknownProvince, OutsideMainland, TypeError):
        shown = short(value)
        raise FieldError(
            Said(
                f"unknown authority {shown}: expected MIIT (a cross-regional licence) or a "
                "province whose communications administration issued it",
                f"未知的发证机关{shown.zh}：应为 MIIT（跨地区许可）或发证的省通信管理局所在省份",
            )
        ) from None


def _scope(value: Any) -> str:
    if not isinstance(value, str):
        raise got_error(
            value, "must be a catalogue code such as B24-1", "必须是业务目录编码，例如 B24-1"
        )
    code = value.strip().upper()
    if code in LICENCE_SCOPE_CODES:
        return code
    listed = ", ".join(sorted(LICENCE_SCOPE_CODES))
    if code == "B24":
        raise FieldError(
            Said(
                "B24 has two sub-scopes: give B24-1 (domestic) and/or B24-2 (offshore), as "
                "the licence lists them",
                "B24 分为两项：请按许可证所列填写 B24-1（国内呼叫中心业务）"
                "和/或 B24-2（离岸呼叫中心业务）",
            )
        )
    shown = short(value)
    raise FieldError(
        Said(
            f"unknown business category {shown}; expected one of {listed}",
            f"未知的业务种类{shown.zh}；应为以下之一：{listed.replace(', ', '、')}",
        )
    )


def _year(value: Any) -> int:
    year = strict_int(value, int)
    if not _FIRST_YEAR <= year <= _LAST_YEAR:
        raise FieldError(
            Said(
                f"must be a year from {_FIRST_YEAR} to {_LAST_YEAR}, got {year}",
                f"必须是{_FIRST_YEAR}至{_LAST_YEAR}之间的年份，实际为{year}",
            )
        )
    return year


_change: Final = enum_reader(LicenceChange)
_license_type: Final = enum_reader(LicenseType)


def _day(value: Any) -> datetime.date:
    return read_date(value, datetime.date)


def _flag(value: Any) -> bool:
    return strict_bool(value, bool)


# ---------------------------------------------------------------- validators


def _fail(path: str, message: Said) -> InvalidLicence:
    return InvalidLicence([(path, message)])


def _check_type(kind: type[Any] | tuple[type[Any], ...]) -> Callable[[Any, Any, Any], None]:
    def check(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is None and attribute.default is None:
            return
        if not isinstance(value, kind) or (isinstance(value, bool) and kind is int):
            names = kind.__name__ if isinstance(kind, type) else "/".join(k.__name__ for k in kind)
            raise _fail(
                attribute.name,
                Said(
                    f"must be a {names}, got {type(value).__name__}",
                    f"必须是{type_zh(names)}，实际为{type_zh(type(value).__name__)}",
                ),
            )

    return check


def _check_items(kind: type[Any], *, non_empty: bool = False) -> Callable[[Any, Any, Any], None]:
    def check(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is None and attribute.default is None:
            return
        if not isinstance(value, tuple):
            raise _fail(
                attribute.name,
                Said(
                    f"must be a tuple, got {type(value).__name__}",
                    f"必须是元组，实际为{type_zh(type(value).__name__)}",
                ),
            )
        if non_empty and not value:
            raise _fail(attribute.name, Said("must list at least one value", "至少须列出一个值"))
        seen: dict[Any, int] = {}
        for index, item in enumerate(value):
            if not isinstance(item, kind) or (isinstance(item, bool) and kind is int):
                raise _fail(
                    f"{attribute.name}[{index}]",
                    Said(
                        f"must be a {kind.__name__}, got {type(item).__name__}",
                        f"必须是{type_zh(kind.__name__)}，实际为{type_zh(type(item).__name__)}",
                    ),
                )
            if item in seen:
                raise _fail(
                    f"{attribute.name}[{index}]",
                    Said(
                        f"repeats {attribute.name}[{seen[item]}]",
                        f"与 {attribute.name}[{seen[item]}] 重复",
                    ),
                )
            seen[item] = index

    return check


# ---------------------------------------------------------------- value classes


@attrs.frozen(kw_only=True)
class LicenceEvent:
    """A dated change in the holder's life, and the day it was filed (applied for, or
    reported), if it was. A change that is planned has a ``happened_on`` still to come."""

    kind: LicenceChange = attrs.field(validator=_check_type(LicenceChange))
    #: The day of the change: the registry change, or the decision (a merger, a change
    #: of scope), or the move.
    happened_on: datetime.date = attrs.field(validator=_check_type(datetime.date))
    #: The day it was filed with the licensing authority (or, for an address, told to the
    #: allocator of the numbers); ``None``: not filed (or not known to be).
    filed_on: datetime.date | None = attrs.field(default=None, validator=_check_type(datetime.date))
    description: str = attrs.field(default="", validator=_check_type(str))


@attrs.frozen(kw_only=True)
class Licence:
    """A call-center (or other value-added) licence and its holder's record."""

    #: ``B2-20180123`` (cross-regional) or ``京B2-20180123`` (provincial).
    number: str = attrs.field(validator=_check_type(str))
    license_type: LicenseType = attrs.field(validator=_check_type(LicenseType))
    #: ``MIIT``, or the GB/T 2260 code of the province whose administration issued it.
    authority: str = attrs.field(validator=_check_type(str))
    #: The business categories the licence lists: ``B24-1``, ``B24-2``, and others such as
    #: ``B25``.
    scopes: tuple[str, ...] = attrs.field(validator=_check_items(str, non_empty=True))
    #: The last day the licence is valid (有效期至).
    expires_on: datetime.date = attrs.field(validator=_check_type(datetime.date))
    #: The provinces the licence covers; a provincial licence covers its own (filled in
    #: when left out); ``None``: not known.
    coverage: tuple[Province, ...] | None = attrs.field(
        default=None, validator=_check_items(Province, non_empty=True)
    )
    #: The day it was issued; ``None``: not known.
    issued_on: datetime.date | None = attrs.field(
        default=None, validator=_check_type(datetime.date)
    )
    #: The access numbers held: ``95``, ``96``, ``95_customer_service``.
    numbers: tuple[NumberResource, ...] = attrs.field(
        default=(), validator=_check_items(NumberResource)
    )
    #: The years whose annual report was filed (the report filed in the first quarter of
    #: 2025 is the report for 2024); ``None``: not known.
    annual_reports_filed: tuple[int, ...] | None = attrs.field(
        default=None, validator=_check_items(int)
    )
    #: The licensed categories whose services were actually launched (only those are
    #: renewed); ``None``: not known.
    launched_scopes: tuple[str, ...] | None = attrs.field(default=None, validator=_check_items(str))
    #: The day the renewal was applied for; ``None``: not yet (or not known).
    renewal_applied_on: datetime.date | None = attrs.field(
        default=None, validator=_check_type(datetime.date)
    )
    #: Dated changes and their filings.
    events: tuple[LicenceEvent, ...] = attrs.field(default=(), validator=_check_items(LicenceEvent))
    #: Whether the written undertaking for outbound service calls (notice 81) was filed;
    #: ``None``: not known.
    outbound_undertaking_filed: bool | None = attrs.field(default=None, validator=_check_type(bool))
    #: Whether the holder is on the non-compliance list (不良名单); ``None``: not known.
    on_non_compliance_list: bool | None = attrs.field(default=None, validator=_check_type(bool))
    #: Whether the holder is on the dishonesty list (失信名单); ``None``: not known.
    on_dishonesty_list: bool | None = attrs.field(default=None, validator=_check_type(bool))
    #: The holder's name, for people and calendars; ``None``: not given.
    holder: str | None = attrs.field(default=None, validator=_check_type(str))

    def __attrs_post_init__(self) -> None:
        problems = _cross_checks(self)
        if problems:
            raise InvalidLicence(problems)

    @property
    def province(self) -> Province | None:
        """The province of a provincial licence (its number's prefix); ``None`` for a
        cross-regional one."""
        match = _NUMBER.fullmatch(self.number)
        prefix = match.group("prefix") if match else None
        return ABBREVIATIONS.get(prefix) if prefix else None

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Licence:
        """Structure a JSON-like mapping into a licence.

        Raises:
            InvalidLicence: listing every bad field as ``path: problem``.
        """
        return structure_licence(data)

    def to_dict(self) -> dict[str, Any]:
        """The licence as JSON-ready data in its canonical spelling (codes, ISO dates)."""
        return {
            "number": self.number,
            "license_type": self.license_type.value,
            "authority": self.authority,
            "scopes": list(self.scopes),
            "expires_on": self.expires_on.isoformat(),
            "coverage": None if self.coverage is None else [p.code for p in self.coverage],
            "issued_on": _iso(self.issued_on),
            "numbers": [n.value for n in self.numbers],
            "annual_reports_filed": None
            if self.annual_reports_filed is None
            else list(self.annual_reports_filed),
            "launched_scopes": None if self.launched_scopes is None else list(self.launched_scopes),
            "renewal_applied_on": _iso(self.renewal_applied_on),
            "events": [
                {
                    "kind": event.kind.value,
                    "happened_on": event.happened_on.isoformat(),
                    "filed_on": _iso(event.filed_on),
                    "description": event.description,
                }
                for event in self.events
            ],
            "outbound_undertaking_filed": self.outbound_undertaking_filed,
            "on_non_compliance_list": self.on_non_compliance_list,
            "on_dishonesty_list": self.on_dishonesty_list,
            "holder": self.holder,
        }


def _iso(day: datetime.date | None) -> str | None:
    return None if day is None else day.isoformat()


#: Every licence field, in declaration order.
LICENCE_FIELDS: Final = tuple(a.name for a in attrs.fields(Licence))
_EVENT_FIELDS: Final = tuple(a.name for a in attrs.fields(LicenceEvent))


def _cross_checks(licence: Licence) -> list[tuple[str, Said]]:
    """What the fields say of one another: the number against the type and the authority,
    the coverage against the type, the days, the scopes launched against those held."""
    problems: list[tuple[str, Said]] = []
    match = _NUMBER.fullmatch(licence.number)
    if match is None:
        problems.append(("number", _bad_number(licence.number)))
    else:
        problems += _number_agrees(
            match.group("prefix"), licence.license_type, licence.authority, licence.number
        )
    coverage = licence.coverage
    if coverage is not None:
        if licence.license_type is LicenseType.REGIONAL and licence.authority != MIIT:
            own = Province(licence.authority) if _is_province(licence.authority) else None
            if own is not None and coverage != (own,):
                problems.append(
                    (
                        "coverage",
                        Said(
                            f"a provincial licence covers its own province only ({own.name_en}), "
                            "not "
                            + ", ".join(p.name_en for p in coverage)
                            + " (Telecom Regulations Art. 9)",
                            f"省内许可证仅覆盖发证省份（{own.name_zh}），而非"
                            + "、".join(p.name_zh for p in coverage)
                            + "（《电信条例》第九条）",
                        ),
                    )
                )
        if licence.license_type is LicenseType.NATIONWIDE and len(coverage) < 2:
            problems.append(
                (
                    "coverage",
                    Said(
                        "a cross-regional licence covers two or more provinces (Telecom "
                        "Regulations Art. 9); list them, or leave coverage out",
                        "跨地区许可证覆盖两个以上省份（《电信条例》第九条）；请列出所覆盖的省份，或者不填",
                    ),
                )
            )
    if licence.issued_on is not None and licence.issued_on >= licence.expires_on:
        problems.append(
            (
                "issued_on",
                Said(
                    f"is not before expires_on ({licence.issued_on.isoformat()} is not before "
                    f"{licence.expires_on.isoformat()})",
                    f"不早于 expires_on（{licence.issued_on.isoformat()}不早于"
                    f"{licence.expires_on.isoformat()}）",
                ),
            )
        )
    for index, code in enumerate(licence.scopes):
        if code not in LICENCE_SCOPE_CODES:
            problems.append((f"scopes[{index}]", _unknown_scope(code)))
    for index, code in enumerate(licence.launched_scopes or ()):
        if code not in licence.scopes:
            problems.append(
                (
                    f"launched_scopes[{index}]",
                    Said(
                        f"{code} is not among the licence's scopes ("
                        + ", ".join(licence.scopes)
                        + ")",
                        f"{code} 不在许可证所列业务种类（" + "、".join(licence.scopes) + "）之中",
                    ),
                )
            )
    for index, year in enumerate(licence.annual_reports_filed or ()):
        if not _FIRST_YEAR <= year <= _LAST_YEAR:
            problems.append(
                (
                    f"annual_reports_filed[{index}]",
                    Said(
                        f"must be a year from {_FIRST_YEAR} to {_LAST_YEAR}, got {year}",
                        f"必须是{_FIRST_YEAR}至{_LAST_YEAR}之间的年份，实际为{year}",
                    ),
                )
            )
    if len(licence.events) > MAX_EVENTS:
        problems.append(
            (
                "events",
                Said(
                    f"has too many items: {len(licence.events):,}, at most {MAX_EVENTS:,}",
                    f"项数过多：共{len(licence.events):,}项，最多{MAX_EVENTS:,}项",
                ),
            )
        )
    if licence.holder is not None and (
        not licence.holder.strip() or len(licence.holder) > MAX_NAME_LENGTH
    ):
        problems.append(
            (
                "holder",
                Said(
                    f"must be a name of 1 to {MAX_NAME_LENGTH} characters",
                    f"必须是1至{MAX_NAME_LENGTH}个字符的名称",
                ),
            )
        )
    return problems


def _is_province(code: str) -> bool:
    return code in _PROVINCE_CODES


_PROVINCE_CODES: Final = frozenset(p.code for p in Province)


def _authority_name(authority: str) -> Said:
    if authority == MIIT:
        return Said("MIIT", "工业和信息化部")
    province = Province(authority)
    return Said(
        f"{province.name_en}'s communications administration", f"{province.name_zh}通信管理局"
    )


def _number_agrees(
    prefix: str | None, license_type: LicenseType, authority: str, number: str
) -> list[tuple[str, Said]]:
    problems: list[tuple[str, Said]] = []
    if prefix is None:
        if license_type is not LicenseType.NATIONWIDE:
            problems.append(
                (
                    "license_type",
                    Said(
                        f"is {license_type.value}, but the number {number} has no province "
                        "prefix: it is a cross-regional licence issued by MIIT (a provincial "
                        "one reads like 京B2-20180123)",
                        f"为 {license_type.value}，但许可证编号 {number} 没有省份简称前缀，"
                        "应为工业和信息化部颁发的跨地区许可证（省内许可证编号形如 京B2-20180123）",
                    ),
                )
            )
        if authority != MIIT:
            name = _authority_name(authority)
            problems.append(
                (
                    "authority",
                    Said(
                        f"is {name}, but the number {number} has no province prefix: a "
                        "cross-regional licence is issued by MIIT",
                        f"为{name.zh}，但许可证编号 {number} 没有省份简称前缀："
                        "跨地区许可证由工业和信息化部颁发",
                    ),
                )
            )
        return problems
    province = ABBREVIATIONS.get(prefix)
    if province is None:
        listed = "、".join(ABBREVIATIONS)
        problems.append(
            (
                "number",
                Said(
                    f"{number}: {prefix!r} is not a province's abbreviation; a provincial "
                    f"licence number starts with one of {listed}",
                    f"{number}：{zh_quote(prefix)}不是省份简称；省内许可证编号以下列简称之一开头：{listed}",
                ),
            )
        )
        return problems
    if license_type is not LicenseType.REGIONAL:
        problems.append(
            (
                "license_type",
                Said(
                    f"is {license_type.value}, but the number {number} starts with {prefix} "
                    f"({province.name_en}): it is a provincial licence",
                    f"为 {license_type.value}，但许可证编号 {number} "
                    f"以“{prefix}”（{province.name_zh}）开头，"
                    "应为省内许可证",
                ),
            )
        )
    if authority != province.code:
        name = _authority_name(authority)
        problems.append(
            (
                "authority",
                Said(
                    f"is {name}, but the number {number} starts with {prefix}: it was issued "
                    f"by {province.name_en}'s communications administration",
                    f"为{name.zh}，但许可证编号 {number} 以“{prefix}”开头，"
                    f"应由{province.name_zh}通信管理局颁发",
                ),
            )
        )
    return problems


def _bad_number(number: str) -> Said:
    shown = short(number)
    return Said(
        f"{shown} is not a licence number: expected B2-20180123 (cross-regional, issued by "
        "MIIT) or 京B2-20180123 (provincial: the province's one-character abbreviation first)",
        f"{shown.zh}不是许可证编号：应形如 B2-20180123（跨地区，工业和信息化部颁发）或 "
        "京B2-20180123（省内：以省份的单字简称开头）",
    )


def _unknown_scope(code: str) -> Said:
    try:
        _scope(code)
    except FieldError as error:
        return error.said
    return Said(f"unknown business category {code!r}", f"未知的业务种类{zh_quote(code)}")


# ---------------------------------------------------------------- from JSON-like data


def _list_of(read: Callable[[Any], Any], limit: int) -> Callable[[Any], tuple[Any, ...]]:
    def structure(value: Any) -> tuple[Any, ...]:
        if not isinstance(value, list | tuple):
            raise got_error(value, "must be a list", "必须是列表")
        if len(value) > limit:
            raise FieldError(
                Said(
                    f"has too many items: {len(value):,}, at most {limit:,}",
                    f"项数过多：共{len(value):,}项，最多{limit:,}项",
                )
            )
        errors: list[tuple[str, Said]] = []
        items = []
        for index, item in enumerate(value):
            try:
                items.append(read(item))
            except FieldError as error:
                errors.append((f"[{index}]", error.said))
            except InvalidProfile as invalid:
                errors += [
                    (f"[{index}].{path}" if path else f"[{index}]", Said(en, zh))
                    for (path, en), (_, zh) in zip(invalid.errors, invalid.errors_zh, strict=True)
                ]
        if errors:
            raise InvalidLicence(errors)
        seen: dict[Any, int] = {}
        for index, item in enumerate(items):
            if item in seen:
                raise InvalidLicence(
                    [(f"[{index}]", Said(f"repeats [{seen[item]}]", f"与第[{seen[item]}]项重复"))]
                )
            seen.setdefault(item, index)
        return tuple(items)

    return structure


def _event(value: Any) -> LicenceEvent:
    if not isinstance(value, Mapping):
        raise got_error(value, "must be an object", "必须是对象")
    readers: dict[str, Callable[[Any], Any]] = {
        "kind": lambda v: _change(v, LicenceChange),
        "happened_on": _day,
        "filed_on": _day,
        "description": _text(MAX_DESCRIPTION_LENGTH),
    }
    values, errors = _read_fields(value, readers, required={"kind", "happened_on"})
    if errors:
        raise InvalidLicence(errors)
    return LicenceEvent(**values)


_READERS: Final[dict[str, Callable[[Any], Any]]] = {
    "number": _text(40),
    "license_type": lambda v: _license_type(v, LicenseType),
    "authority": _authority,
    "scopes": _list_of(_scope, len(LICENCE_SCOPE_CODES)),
    "expires_on": _day,
    "coverage": _list_of(read_province, len(Province)),
    "issued_on": _day,
    "numbers": _list_of(
        lambda v: enum_reader(NumberResource)(v, NumberResource), len(NumberResource)
    ),
    "annual_reports_filed": _list_of(_year, _LAST_YEAR - _FIRST_YEAR + 1),
    "launched_scopes": _list_of(_scope, len(LICENCE_SCOPE_CODES)),
    "renewal_applied_on": _day,
    "events": _list_of(_event, MAX_EVENTS),
    "outbound_undertaking_filed": _flag,
    "on_non_compliance_list": _flag,
    "on_dishonesty_list": _flag,
    "holder": _text(MAX_NAME_LENGTH),
}
_REQUIRED: Final = frozenset({"number", "scopes", "expires_on"})


def _read_fields(
    data: Mapping[Any, Any],
    readers: Mapping[str, Callable[[Any], Any]],
    *,
    required: frozenset[str] | set[str],
) -> tuple[dict[str, Any], list[tuple[str, Said]]]:
    errors = key_errors(data, readers, UNEXPECTED_FIELD)
    values: dict[str, Any] = {}
    for name, read in readers.items():
        if name not in data or data[name] is None:
            if name in required:
                message = (
                    Said("is required", "为必填项")
                    if name not in data
                    else Said("is required and must not be null", "为必填项，不能为 null")
                )
                errors.append((name, message))
            continue
        try:
            values[name] = read(data[name])
        except FieldError as error:
            errors.append((name, error.said))
        except InvalidProfile as invalid:
            errors += [
                (f"{name}{path}" if path.startswith("[") else _join(name, path), Said(en, zh))
                for (path, en), (_, zh) in zip(invalid.errors, invalid.errors_zh, strict=True)
            ]
        except RecursionError:
            errors.append((name, Said("is nested too deeply", "嵌套层数过深")))
    return values, errors


def _join(name: str, path: str) -> str:
    return f"{name}.{path}" if path else name


def structure_licence(data: Any) -> Licence:
    """Structure JSON-like ``data`` into a `Licence` or raise `InvalidLicence` naming
    every bad field. ``license_type`` and ``authority`` left out (or null) are read off
    the number; given, they are checked against it."""
    if isinstance(data, Licence):
        return data
    if not isinstance(data, Mapping):
        got = json_type(data)
        raise InvalidLicence(
            [
                (
                    "",
                    Said(
                        f"a licence must be a JSON object, got {got}",
                        f"许可证信息必须是 JSON 对象，实际为{got.zh}",
                    ),
                )
            ]
        )
    values, errors = _read_fields(data, _READERS, required=_REQUIRED)
    number = values.get("number")
    if number is not None:
        number = values["number"] = number.strip()
        match = _NUMBER.fullmatch(number)
        prefix = match.group("prefix") if match else None
        if match is None:
            errors.append(("number", _bad_number(number)))
        elif prefix and prefix not in ABBREVIATIONS:
            errors += _number_agrees(prefix, LicenseType.REGIONAL, MIIT, number)
        else:
            # Left out, the type and the authority are what the number says (checked
            # against it when given).
            province = ABBREVIATIONS[prefix] if prefix else None
            if "license_type" not in data or data["license_type"] is None:
                values["license_type"] = (
                    LicenseType.REGIONAL if province else LicenseType.NATIONWIDE
                )
            if "authority" not in data or data["authority"] is None:
                values["authority"] = province.code if province else MIIT
    if (
        data.get("coverage") is None
        and values.get("license_type") is LicenseType.REGIONAL
        and _is_province(values.get("authority", ""))
    ):
        # A provincial licence covers its own province (Telecom Regulations Art. 9).
        values["coverage"] = (Province(values["authority"]),)
    if not errors:
        try:
            return Licence(**values)
        except InvalidLicence as invalid:
            errors += _both(invalid)
    else:
        # The cross-checks the fields that were read allow, so that every problem is named.
        errors += _partial_checks(values, errors)
    order = {name: index for index, name in enumerate(LICENCE_FIELDS)}
    unique: list[tuple[str, Said]] = []
    for error in errors:
        if error not in unique:
            unique.append(error)
    unique.sort(key=lambda e: order.get(e[0].split("[")[0].split(".")[0], -1))
    raise InvalidLicence(unique)


def _errors_paths(errors: list[tuple[str, Said]]) -> set[str]:
    """The fields ``errors`` name."""
    return {path.split("[")[0].split(".")[0] for path, _ in errors}


def _both(invalid: InvalidProfile) -> list[tuple[str, Said]]:
    return [
        (path, Said(en, zh))
        for (path, en), (_, zh) in zip(invalid.errors, invalid.errors_zh, strict=True)
    ]


def _partial_checks(
    values: dict[str, Any], errors: list[tuple[str, Said]]
) -> list[tuple[str, Said]]:
    """The cross-checks of `Licence` over the fields read without error (the others
    stand in with harmless values), keeping what they say of those fields only."""
    bad = _errors_paths(errors)
    if not {"number", "license_type", "authority"} <= set(values):
        return []
    stand_in: dict[str, Any] = {
        **{a.name: a.default for a in attrs.fields(Licence) if a.default is not attrs.NOTHING},
        "scopes": ("B24-1",),
        "expires_on": datetime.date.max,
        **values,
    }
    found = _cross_checks(types.SimpleNamespace(**stand_in))  # type: ignore[arg-type]
    return [(path, said) for path, said in found if path.split("[")[0] not in bad]
