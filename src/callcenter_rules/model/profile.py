"""What the library is told about a company: the `Profile` and its vocabulary.

A profile is a frozen value. `Profile.from_dict` structures a JSON-like mapping (see
`callcenter_rules.model.converters`) and reports *every* bad field at once as `InvalidProfile`; a
profile built directly is checked by the same attrs validators, so no invalid profile exists.

Evidence fields (``professional_staff``, ``has_premises_and_facilities``, ...) may be
``None``: that means *unknown*, and the rules say so in a finding; it is never read as
"no" or "yes".

Amounts are `decimal.Decimal` and are never rounded: the rules compare them exactly
against the legal thresholds, whatever the number of digits.
"""

from __future__ import annotations

import datetime
import enum
import re
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import Any, Final, NoReturn

import attrs
from cattrs.errors import ClassValidationError, ForbiddenExtraKeysError, IterableValidationError

from ..cities import MUNICIPALITIES, City
from ..provinces import Province
from ..text import Said, describe_number, safe_text, type_zh, zh_of, zh_quote
from ..values import PERCENT, FieldError, amount_reader, json_type, plain_decimal
from ..vocabulary import (
    OTHER_SERVICE_CODES,
    ZONE_PROVINCES,
    Activity,
    EntityType,
    InvestorOrigin,
    Market,
    NumberResource,
    Party,
    PlatformLocation,
    Zone,
)
from .converters import UNEXPECTED_FIELD, key_errors, profile_converter

__all__ = [
    "DESCRIPTION_CHARACTERS",
    "MAX_CAPITAL_CNY",
    "MAX_DESCRIPTION_LENGTH",
    "MAX_LISTED_ERRORS",
    "MAX_NAME_LENGTH",
    "MAX_STAFF",
    "MAX_VIOLATIONS",
    "MOST_ITEMS",
    "NAME_CHARACTERS",
    "NAME_PATTERN",
    "NO_FOREIGN_INVESTOR",
    "NULLABLE_FIELDS",
    "PROFILE_FIELDS",
    "REQUIRED_FIELDS",
    "InvalidProfile",
    "Policy",
    "Profile",
    "Violation",
    "city_mismatch",
    "echo_field",
    "structure_profile",
    "too_many_items",
    "zone_mismatch",
]


# ---------------------------------------------------------------- messages in two languages


def city_mismatch(city: City | None, province: Province) -> Said | None:
    """Why ``city`` cannot be where a company registered in ``province`` is, if it cannot:
    a city lies in one province, and a municipality is its own city."""
    if city is None:
        return None
    own = MUNICIPALITIES.get(province)
    if own is not None and city is not own:
        return Said(
            f"{city.value} is not {own.value}: a company registered in {province.name_en} is "
            f"registered in the city of {own.name_en} (give {own.value}, or leave it out)",
            f"{city.value} 与 {own.value} 不符：在{province.name_zh}注册的公司即在{own.name_zh}注册"
            f"（请填写 {own.value}，或者不填）",
        )
    if city.province is not None and city.province is not province:
        return Said(
            f"{city.value} is in {city.province.name_en}, but registered_province is "
            f"{province.name_en}",
            f"{city.value} 位于{city.province.name_zh}，"
            f"但 registered_province 为{province.name_zh}",
        )
    return None


def zone_mismatch(zone: Zone | None, province: Province) -> Said | None:
    """Why ``zone`` cannot be where a company registered in ``province`` is, if it cannot."""
    expected = ZONE_PROVINCES.get(zone) if zone is not None else None
    if expected is None or expected is province:
        return None
    assert zone is not None
    return Said(
        f"{zone.value} is in {expected.name_en}, but registered_province is {province.name_en}",
        f"{zone.value} 位于{expected.name_zh}，但 registered_province 为{province.name_zh}",
    )


#: Registered capital must be below this (CNY 10**15, far above any real company's capital,
#: so a value this large is a mistake in the input, not a company).
MAX_CAPITAL_CNY: Final = Decimal(10) ** 15
#: The largest staff count accepted (larger counts are mistakes in the input).
MAX_STAFF: Final = 10_000_000
#: The longest company name accepted, in characters (registered Chinese names are far
#: shorter; English ones rarely pass 150).
MAX_NAME_LENGTH: Final = 300
#: The longest description of a violation accepted, in characters.
MAX_DESCRIPTION_LENGTH: Final = 2000
#: The most violations a profile may list (the record that counts is that of the last
#: three years: a longer list is an error of input, and would only cost time).
MAX_VIOLATIONS: Final = 100
#: The most errors `InvalidProfile` lists; the rest are counted in a last line.
MAX_LISTED_ERRORS: Final = 50


class InvalidProfile(ValueError):
    """The input is not a valid profile.

    ``errors`` holds one ``(path, message)`` pair per bad field, e.g.
    ``("service_provinces[1]", "unknown province 'Atlantis'")``; ``str()`` lists them all,
    with control and bidirectional-override characters shown as escapes. ``errors_zh``
    holds the same paths with the messages in Chinese (``未知的省份“Atlantis”``), and
    ``describe("zh")`` lists them as ``str()`` does. A message given as a plain string
    rather than a `Said` has no Chinese and is shown in English in both. Instances pickle,
    with both languages, so they cross process boundaries (a process pool) intact.
    """

    def __init__(self, errors: Iterable[tuple[str, str]], total: int | None = None) -> None:
        given = tuple(errors)
        #: How many errors there are; past `MAX_LISTED_ERRORS`, the first are listed and a
        #: last pair (path ``""``) says how many more there are.
        self.total: int = len(given) if total is None else total
        if total is None and len(given) > MAX_LISTED_ERRORS:
            more = len(given) - MAX_LISTED_ERRORS
            given = (
                *given[:MAX_LISTED_ERRORS],
                (
                    "",
                    Said(
                        f"... and {more:,} more error{'s' if more != 1 else ''}, not listed",
                        f"……另有{more:,}处错误，未列出",
                    ),
                ),
            )
        self.errors: tuple[tuple[str, str], ...] = tuple(_english(pair) for pair in given)
        #: The same paths as ``errors``, each with its message in Chinese.
        self.errors_zh: tuple[tuple[str, str], ...] = tuple(
            (path, zh_of(message)) for path, message in given
        )
        count = self.total
        super().__init__(
            f"invalid profile ({count:,} error{'s' if count != 1 else ''}):\n  "
            + "\n  ".join(_lines(self.errors, ": "))
        )

    def describe(self, lang: str = "en") -> str:
        """The errors for people: in English (``"en"``, the same as ``str()``) or Chinese
        (``"zh"``): ``输入无效（共2处错误）：`` then ``path：message`` per line.

        Raises:
            ValueError: ``lang`` is neither ``"en"`` nor ``"zh"``.
        """
        if lang == "en":
            return str(self)
        if lang != "zh":
            raise ValueError(f"lang must be 'en' or 'zh', got {lang!r}")
        return f"输入无效（共{self.total:,}处错误）：\n  " + "\n  ".join(
            _lines(self.errors_zh, "：")
        )

    def __reduce__(
        self,
    ) -> tuple[type[InvalidProfile], tuple[tuple[tuple[str, str], ...], int]]:
        return (
            type(self),
            (
                tuple(
                    (path, Said(message, zh))
                    for (path, message), (_, zh) in zip(self.errors, self.errors_zh, strict=True)
                ),
                self.total,
            ),
        )


def _english(pair: tuple[str, str]) -> tuple[str, str]:
    """``pair`` with its message as a plain string (a `Said` is given as its English)."""
    path, message = pair
    return (path, str(message)) if isinstance(message, Said) else pair


def _lines(errors: tuple[tuple[str, str], ...], colon: str) -> list[str]:
    return [
        f"{safe_text(path)}{colon}{safe_text(message)}" if path else safe_text(message)
        for path, message in errors
    ]


# ---------------------------------------------------------------- validators
# Each validator raises InvalidProfile naming the field (and item), so a profile built in
# Python reports the same paths as one structured from JSON.

_Validator = Callable[[object, "attrs.Attribute[Any]", Any], None]


def _fail(attribute: attrs.Attribute[Any], message: Said, index: int | None = None) -> NoReturn:
    path = attribute.name if index is None else f"{attribute.name}[{index}]"
    raise InvalidProfile([(path, message)])


def _non_empty(_inst: object, attribute: attrs.Attribute[Any], value: tuple[Any, ...]) -> None:
    if not value:
        _fail(attribute, Said("must list at least one value", "至少须列出一个值"))


def _unique(_inst: object, attribute: attrs.Attribute[Any], value: tuple[Any, ...]) -> None:
    seen: dict[Any, int] = {}
    for index, item in enumerate(value):
        if item in seen:
            _fail(
                attribute,
                Said(
                    f"repeats {attribute.name}[{seen[item]}] ({_show(item)})",
                    f"与 {attribute.name}[{seen[item]}] 重复（{_show_zh(item)}）",
                ),
                index,
            )
        seen[item] = index


def _show(item: object) -> str:
    if isinstance(item, Province):
        return item.name_en
    return str(item.value) if isinstance(item, enum.Enum) else str(item)


def _show_zh(item: object) -> str:
    if isinstance(item, Province):
        return item.name_zh
    if isinstance(item, enum.Enum):
        return str(item.value)
    return zh_quote(str(item))


def _tuple_of(kind: type[Any]) -> _Validator:
    def check(_inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, tuple):
            _fail(
                attribute,
                Said(
                    f"must be a tuple of {kind.__name__}, got {type(value).__name__}",
                    f"必须是由{type_zh(kind.__name__)}组成的元组，"
                    f"实际为{type_zh(type(value).__name__)}",
                ),
            )
        for index, item in enumerate(value):
            if not isinstance(item, kind):
                _fail(attribute, _wrong_type(kind, item), index)

    return check


def _codes(kind: type[Any], *, non_empty: bool = True) -> _Validator:
    """`_tuple_of` ``kind``, then `_non_empty` (when asked), then `_unique`, in one call
    (the same checks in the same order, so the same first error)."""
    of_kind = _tuple_of(kind)

    def check(inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        if type(value) is not tuple or not all(type(item) is kind for item in value):
            of_kind(inst, attribute, value)
        if non_empty and not value:
            _non_empty(inst, attribute, value)
        if len(set(value)) != len(value):
            _unique(inst, attribute, value)

    return check


def _instance(kind: type[Any]) -> _Validator:
    def check(_inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
            _fail(attribute, _wrong_type(kind, value))

    return check


def _wrong_type(kind: type[Any], value: object) -> Said:
    return Said(
        f"must be a {kind.__name__}, got {type(value).__name__}",
        f"必须是{type_zh(kind.__name__)}，实际为{type_zh(type(value).__name__)}",
    )


def _optional(check: _Validator | list[_Validator]) -> _Validator:
    checks = check if isinstance(check, list) else [check]

    def run(inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is not None:
            for one in checks:
                one(inst, attribute, value)

    return run


def _at_most_items(limit: int) -> _Validator:
    def check(_inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        if len(value) > limit:
            _fail(attribute, too_many_items(len(value), limit))

    return check


def too_many_items(count: int, limit: int) -> Said:
    """The message for a list of ``count`` items where at most ``limit`` are allowed."""
    return Said(
        f"has too many items: {count:,}, at most {limit:,}",
        f"项数过多：共{count:,}项，最多{limit:,}项",
    )


#: A name must hold at least one visible character: not whitespace (Python's
#: `str.isspace`), not an invisible format character (zero-width spaces and joiners, the
#: byte-order mark, the soft hyphen), spelled out so that the JSON Schema can say exactly
#: the same.
NAME_PATTERN: Final = (
    "[^\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
    "\xad\u180e\u200b-\u200f\u2060-\u2064\ufeff]"
)
#: No control character anywhere in a name (NUL, escape, the C1 controls...). The end is
#: ``(?![\s\S])``, not ``$``, which some regex engines (Python's) also match before a final
#: line break.
NAME_CHARACTERS: Final = "^[^\x00-\x1f\x7f-\x9f]*(?![\\s\\S])"
#: In a description, tabs and line breaks are allowed; other control characters are not.
DESCRIPTION_CHARACTERS: Final = "^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]*$"
_NAME: Final = re.compile(NAME_PATTERN)
_NAME_CONTROL: Final = re.compile("[\x00-\x1f\x7f-\x9f]")
_DESCRIPTION_CONTROL: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


_SURROGATE: Final = re.compile("[\ud800-\udfff]")


def _text(_inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, str):
        _fail(
            attribute,
            Said(
                f"must be a string, got {type(value).__name__}",
                f"必须是字符串，实际为{type_zh(type(value).__name__)}",
            ),
        )
    lone = _SURROGATE.search(value)
    if lone:
        # A lone surrogate (JSON "\ud800" without its pair) is not a character: it cannot
        # be written as UTF-8, so no report or output could show it.
        code = f"U+{ord(lone.group()):04X}"
        _fail(
            attribute,
            Said(
                f"is not valid Unicode text: a lone surrogate ({code}) at position {lone.start()}",
                f"不是有效的 Unicode 文本：位置{lone.start()}处有一个孤立的代理码位（{code}）",
            ),
        )


def _name(inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    _text(inst, attribute, value)
    if not _NAME.search(value):
        _fail(
            attribute,
            Said(
                "must not be empty (spaces and invisible characters do not count)",
                "不能为空（空格和不可见字符不计）",
            ),
        )
    _at_most(attribute, value, MAX_NAME_LENGTH)
    _no_control(attribute, value, _NAME_CONTROL)


def _description(inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    _text(inst, attribute, value)
    _at_most(attribute, value, MAX_DESCRIPTION_LENGTH)
    _no_control(attribute, value, _DESCRIPTION_CONTROL)


def _no_control(attribute: attrs.Attribute[Any], value: str, control: re.Pattern[str]) -> None:
    found = control.search(value)
    if found:
        code = f"U+{ord(found.group()):04X}"
        _fail(
            attribute,
            Said(
                f"must not hold a control character ({code} at position {found.start()})",
                f"不能包含控制字符（位置{found.start()}处的{code}）",
            ),
        )


def _at_most(attribute: attrs.Attribute[Any], value: str, limit: int) -> None:
    if len(value) > limit:
        _fail(
            attribute,
            Said(
                f"is too long: {len(value):,} characters, at most {limit:,}",
                f"过长：共{len(value):,}个字符，最多{limit:,}个",
            ),
        )


def _capital(_inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, Decimal):
        _fail(attribute, _wrong_type(Decimal, value))
    if not value.is_finite():
        _fail(
            attribute,
            Said(f"must be a finite amount, got {value}", f"必须是有限的金额，实际为 {value}"),
        )
    if value < 0:
        _fail(attribute, _negative(describe_number(value)))
    if value >= MAX_CAPITAL_CNY:
        shown = describe_number(value)
        _fail(
            attribute,
            Said(
                f"is out of range: {shown} is not below "
                f"{MAX_CAPITAL_CNY:,f} (CNY 10**15); check the unit (yuan, not fen)",
                f"超出范围：{shown.zh}不小于{MAX_CAPITAL_CNY:,f}元（10的15次方元）；"
                "请检查单位（应为元，而不是分）",
            ),
        )


def _negative(shown: Said) -> Said:
    return Said(f"must not be negative, got {shown}", f"不能为负数，实际为{shown.zh}")


_ZERO: Final = Decimal(0)
_HUNDRED: Final = Decimal(100)


def _percent(_inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, Decimal):
        _fail(attribute, _wrong_type(Decimal, value))
    if not value.is_finite() or not _ZERO <= value <= _HUNDRED:
        shown = describe_number(value)
        _fail(
            attribute,
            Said(
                f"must be a percentage from 0 to 100, got {shown}",
                f"必须是0到100之间的百分比，实际为{shown.zh}",
            ),
        )


def _staff(_inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int):
        _fail(
            attribute,
            Said(
                f"must be a whole number or null, got {type(value).__name__}",
                f"必须是整数或 null，实际为{type_zh(type(value).__name__)}",
            ),
        )
    if value < 0:
        _fail(attribute, _negative(describe_number(value)))
    if value > MAX_STAFF:
        shown = describe_number(value)
        _fail(
            attribute,
            Said(
                f"is out of range: {shown} is more than {MAX_STAFF:,}",
                f"超出范围：{shown.zh}大于{MAX_STAFF:,}",
            ),
        )


def _zone(inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is None:
        return
    if not isinstance(value, Zone):
        _fail(attribute, _wrong_type(Zone, value))
    province = getattr(inst, "registered_province", None)
    if isinstance(province, Province):
        problem = zone_mismatch(value, province)
        if problem:
            _fail(attribute, problem)


def _city(inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is None:
        return
    if not isinstance(value, City):
        _fail(attribute, _wrong_type(City, value))
    province = getattr(inst, "registered_province", None)
    if isinstance(province, Province):
        problem = city_mismatch(value, province)
        if problem:
            _fail(attribute, problem)


def _investor_origin(inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is None:
        return
    if not isinstance(value, InvestorOrigin):
        _fail(attribute, _wrong_type(InvestorOrigin, value))
    equity = getattr(inst, "foreign_equity_percent", None)
    if isinstance(equity, Decimal) and equity == 0:
        _fail(attribute, NO_FOREIGN_INVESTOR)


#: A foreign investor's origin given for a company without foreign equity: ambiguous.
NO_FOREIGN_INVESTOR: Final = Said(
    "is given, but foreign_equity_percent is 0: a company without foreign equity has no "
    "foreign investor (give the equity, or leave this out)",
    "已填写，但 foreign_equity_percent 为0：无外资的公司没有外方投资者"
    "（请填写外资股比，或者不填此项）",
)


def _service_codes(_inst: object, attribute: attrs.Attribute[Any], value: tuple[str, ...]) -> None:
    for index, code in enumerate(value):
        if code == "B24":
            _fail(
                attribute,
                Said(
                    "B24 is the call-center licence itself; list only other categories",
                    "B24 即呼叫中心业务本身；此处只列出其他业务类别",
                ),
                index,
            )
        if code not in OTHER_SERVICE_CODES:
            codes = sorted(OTHER_SERVICE_CODES)
            _fail(
                attribute,
                Said(
                    f"unknown value-added catalogue code {code!r}; expected one of "
                    + ", ".join(codes),
                    f"未知的增值电信业务目录编码{zh_quote(code)}；应为以下之一："
                    + "、".join(codes),
                ),
                index,
            )


# ---------------------------------------------------------------- value classes


def _calendar_day(value: Any) -> Any:
    """A datetime's day. A `datetime.datetime` is a `datetime.date` too, and kept as it is
    it would be echoed with its time while the canonical profile shows its day."""
    return value.date() if isinstance(value, datetime.datetime) else value


@attrs.frozen
class Violation:
    """A record of violating telecom supervision rules (relevant before 2017-09-01).

    Only violations of telecom supervision rules (违反电信监督管理制度) count; other
    breaches of law do not belong here.
    """

    party: Party = attrs.field(validator=_instance(Party))
    #: The day (a `datetime.datetime` is taken as its day: the law counts days).
    date: datetime.date = attrs.field(converter=_calendar_day, validator=_instance(datetime.date))
    description: str = attrs.field(default="", validator=_description)


@attrs.frozen
class Policy:
    """Choices where the law is unsettled; each is reported in the findings it affects.

    ``in_house_hotline_is_b24``: whether a hotline answering a company's own customers
    about its own products is B24. By the catalogue's definition (services provided *on
    behalf of* other units, fact 1.1) it is not, so the default is ``False``; no official
    statement confirms this (fact 1.9, low confidence).
    """

    in_house_hotline_is_b24: bool = attrs.field(default=False, validator=_instance(bool))


@attrs.frozen(kw_only=True)
class Profile:
    """What is known about a company, in the field names of the JSON input."""

    name: str = attrs.field(validator=_name)
    entity_type: EntityType = attrs.field(validator=_instance(EntityType))
    registered_capital_cny: Decimal = attrs.field(validator=_capital)
    registered_province: Province = attrs.field(validator=_instance(Province))
    service_provinces: tuple[Province, ...] = attrs.field(validator=_codes(Province))
    activities: tuple[Activity, ...] = attrs.field(validator=_codes(Activity))
    end_users: tuple[Market, ...] = attrs.field(
        default=(Market.DOMESTIC,), validator=_codes(Market)
    )
    clients: tuple[Market, ...] = attrs.field(default=(Market.DOMESTIC,), validator=_codes(Market))
    platform_location: PlatformLocation = attrs.field(
        default=PlatformLocation.MAINLAND, validator=_instance(PlatformLocation)
    )
    foreign_equity_percent: Decimal = attrs.field(default=Decimal(0), validator=_percent)
    number_resources: tuple[NumberResource, ...] = attrs.field(
        default=(), validator=_codes(NumberResource, non_empty=False)
    )
    #: ``None`` (the default) means the violation record is unknown; ``()`` means none.
    violations: tuple[Violation, ...] | None = attrs.field(
        default=None, validator=_optional([_tuple_of(Violation), _at_most_items(MAX_VIOLATIONS)])
    )
    other_value_added_services: tuple[str, ...] = attrs.field(
        default=(), validator=[_tuple_of(str), _service_codes, _unique]
    )
    professional_staff: int | None = attrs.field(default=None, validator=_staff)
    has_premises_and_facilities: bool | None = attrs.field(
        default=None, validator=_optional(_instance(bool))
    )
    has_technical_plan: bool | None = attrs.field(
        default=None, validator=_optional(_instance(bool))
    )
    long_term_service_capability: bool | None = attrs.field(
        default=None, validator=_optional(_instance(bool))
    )
    on_dishonesty_list: bool | None = attrs.field(
        default=None, validator=_optional(_instance(bool))
    )
    #: Absent: not registered in a special zone.
    registered_zone: Zone | None = attrs.field(default=None, validator=_zone)
    #: Whether the main foreign investor has a good track record and operating experience
    #: in value-added telecom (required before 2022-05-01); ``None``: unknown.
    foreign_investor_track_record: bool | None = attrs.field(
        default=None, validator=_optional(_instance(bool))
    )
    #: The city of registration, where the law names it (a service-outsourcing
    #: demonstration city), or ``City.OTHER``; ``None``: not given. A company in one of the
    #: four municipalities is in that city whether or not this is given.
    registered_city: City | None = attrs.field(default=None, validator=_city)
    #: Where the main foreign investor comes from; ``None``: unknown (or no foreign
    #: investor).
    foreign_investor_origin: InvestorOrigin | None = attrs.field(
        default=None, validator=_investor_origin
    )
    #: The day an application of the company was refused for concealed facts or false
    #: materials, if one was; ``None``: none known.
    false_materials_refused_on: datetime.date | None = attrs.field(
        default=None,
        converter=_calendar_day,
        validator=_optional(_instance(datetime.date)),
    )

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Profile:
        """Structure a JSON-like mapping into a profile.

        Raises:
            InvalidProfile: listing every bad field as ``path: problem``.
        """
        return structure_profile(data)

    def to_dict(self) -> dict[str, Any]:
        """The profile as JSON-ready data in its canonical spelling (codes, ISO dates)."""
        result: dict[str, Any] = profile_converter.unstructure(self)
        return result


#: Every profile field, in declaration order, and the required ones.
PROFILE_FIELDS: Final = tuple(a.name for a in attrs.fields(Profile))
REQUIRED_FIELDS: Final = tuple(a.name for a in attrs.fields(Profile) if a.default is attrs.NOTHING)
#: Fields where null means "unknown" (or, for violations, "record not known").
NULLABLE_FIELDS: Final = frozenset(
    {
        "violations",
        "professional_staff",
        "has_premises_and_facilities",
        "has_technical_plan",
        "long_term_service_capability",
        "on_dishonesty_list",
        "foreign_investor_track_record",
        "registered_city",
        "foreign_investor_origin",
        "false_materials_refused_on",
    }
)

# Structuring lives in its own module; its entry points are re-exported here, where
# callers have always found them.


# ---------------------------------------------------------------- from JSON-like data


_LIST_FIELDS: Final = frozenset(a.name for a in attrs.fields(Profile) if "tuple[" in str(a.type))
_FIELDS: Final = {a.name: a for a in attrs.fields(attrs.resolve_types(Profile))}
_TYPES: Final[dict[str, Any]] = {name: a.type for name, a in _FIELDS.items()}
# The converter's hook for each field, looked up once rather than dispatched per call.
_HOOKS: Final[dict[str, Callable[[Any, Any], Any]]] = {
    name: profile_converter.get_structure_hook(kind) for name, kind in _TYPES.items()
}
_HOOKS["foreign_equity_percent"] = amount_reader(PERCENT, "49.5")


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


for _field, _field_type in _TYPES.items():
    if (_item := _simple_item(_field_type)) is not None:
        _HOOKS[_field] = _tuple_fast_path(
            profile_converter.get_structure_hook(_item), _item, _HOOKS[_field]
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
        got = json_type(data)
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
    errors = key_errors(data, _FIELDS, _UNEXPECTED_FIELD)
    values: dict[str, Any] = {}
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
                got = json_type(raw)
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
        except (ClassValidationError, IterableValidationError, FieldError) as error:
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
                UNEXPECTED_FIELD,
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
    if isinstance(error, FieldError):
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
        return plain_decimal(value)
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
