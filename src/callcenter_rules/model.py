"""What the library is told about a company: the `Profile` and its vocabulary.

A profile is a frozen value. `Profile.from_dict` structures a JSON-like mapping (see
`callcenter_rules.structure`) and reports *every* bad field at once as `InvalidProfile`; a
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

from .cities import MUNICIPALITIES, City
from .provinces import Province
from .text import safe_text

__all__ = [
    "DESCRIPTION_CHARACTERS",
    "MAX_CAPITAL_CNY",
    "MAX_DESCRIPTION_LENGTH",
    "MAX_LISTED_ERRORS",
    "MAX_NAME_LENGTH",
    "MAX_STAFF",
    "MAX_VIOLATIONS",
    "NAME_CHARACTERS",
    "NAME_PATTERN",
    "NO_FOREIGN_INVESTOR",
    "NULLABLE_FIELDS",
    "OTHER_SERVICE_CODES",
    "PROFILE_FIELDS",
    "REQUIRED_FIELDS",
    "ZONE_PROVINCES",
    "Activity",
    "City",
    "EntityType",
    "InvalidProfile",
    "InvestorOrigin",
    "Market",
    "NumberResource",
    "Party",
    "PlatformLocation",
    "Policy",
    "Profile",
    "Said",
    "Violation",
    "Zone",
    "city_mismatch",
    "describe_number",
    "echo_field",
    "profile_converter",
    "structure_profile",
    "too_many_items",
    "type_zh",
    "zh_of",
    "zh_quote",
]


class EntityType(enum.Enum):
    """The legal form of the applicant."""

    LIMITED_LIABILITY_COMPANY = "limited_liability_company"
    JOINT_STOCK_COMPANY = "joint_stock_company"
    BRANCH = "branch"
    PARTNERSHIP = "partnership"
    SOLE_PROPRIETORSHIP = "sole_proprietorship"
    INDIVIDUAL = "individual"
    PUBLIC_INSTITUTION = "public_institution"
    OTHER = "other"


class Activity(enum.Enum):
    """What the company does or plans to do; the catalogue rules classify each one."""

    INBOUND_CUSTOMER_SERVICE = "inbound_customer_service"
    #: Service calls made on behalf of client units.
    OUTBOUND_CALLING = "outbound_calling"
    #: Commercial marketing calls.
    TELEMARKETING = "telemarketing"
    SEAT_RENTAL = "seat_rental"
    SYSTEM_RENTAL = "system_rental"
    CLOUD_CALL_CENTER = "cloud_call_center"
    AGENT_OUTSOURCING = "agent_outsourcing"
    SYSTEM_EQUIPMENT_OUTSOURCING = "system_equipment_outsourcing"
    #: A hotline for the company's own customers about its own products only.
    IN_HOUSE_HOTLINE = "in_house_hotline"
    #: Interactive voice response information service (catalogue B25).
    IVR_INFORMATION_SERVICE = "ivr_information_service"
    #: Multi-party conference calling (catalogue B22).
    CONFERENCE_CALLING = "conference_calling"


class Market(enum.Enum):
    """Where end users or client units are."""

    DOMESTIC = "domestic"
    OVERSEAS = "overseas"


class PlatformLocation(enum.Enum):
    """Where the call-center platform is set up."""

    MAINLAND = "mainland"
    OVERSEAS = "overseas"


class NumberResource(enum.Enum):
    """Access numbers the company wants: a 95 call-center access code (nationwide), a 96
    one (provincial), or a 95 customer-service short number for its own customers."""

    #: A 95XXX(X) call-center access code, allocated by MIIT.
    N95 = "95"
    #: A 96XXX access code, allocated by a provincial administration.
    N96 = "96"
    #: A five-digit 95 customer-service short number (the 953, 955 and 956 ranges) that a
    #: large enterprise of the industries MIIT names (banks, insurers, securities firms,
    #: airlines, logistics and others) uses for its own customer service.
    N95_CUSTOMER_SERVICE = "95_customer_service"


class InvestorOrigin(enum.Enum):
    """Where the main foreign investor comes from (Hong Kong and Macau investors may use
    CEPA; the foreign-invested telecom rules apply to all of them)."""

    HONG_KONG = "hong_kong"
    MACAU = "macau"
    TAIWAN = "taiwan"
    #: Any other country or region.
    OTHER = "other"


class Zone(enum.Enum):
    """A special area the company is registered in, where the foreign-equity rules differ.

    The areas of the 2024 opening pilot (工信部通信函〔2024〕107号) are named one by one; any
    other pilot free-trade zone is ``free_trade_zone``.
    """

    #: A pilot free-trade zone (自由贸易试验区), other than the areas below.
    FREE_TRADE_ZONE = "free_trade_zone"
    #: The original area of the Shanghai pilot free-trade zone (about 28.78 km²: the
    #: Waigaoqiao bonded zone and its logistics park, the Yangshan bonded port area and the
    #: Pudong airport comprehensive bonded zone), where the 2014 pilot opened call centers.
    SHANGHAI_FTZ_ORIGINAL = "shanghai_ftz_original"
    #: Beijing: the services-opening demonstration zone, which covers the city.
    BEIJING_SERVICES_PILOT = "beijing_services_pilot"
    #: Shanghai Pudong: the Lingang new area of the Shanghai FTZ and the Pudong leading area.
    SHANGHAI_PUDONG_LINGANG = "shanghai_pudong_lingang"
    #: Hainan: the free trade port (the whole island; a free-trade zone since 2018).
    HAINAN_FREE_TRADE_PORT = "hainan_free_trade_port"
    #: Shenzhen, outside the Qianhai-Shekou area.
    SHENZHEN = "shenzhen"
    #: Shenzhen's Qianhai-Shekou area, which is also part of the Guangdong free-trade zone.
    SHENZHEN_QIANHAI = "shenzhen_qianhai"


#: The province each named zone lies in (a free-trade zone may be in any of several).
ZONE_PROVINCES: Final = {
    Zone.SHANGHAI_FTZ_ORIGINAL: Province.SHANGHAI,
    Zone.BEIJING_SERVICES_PILOT: Province.BEIJING,
    Zone.SHANGHAI_PUDONG_LINGANG: Province.SHANGHAI,
    Zone.HAINAN_FREE_TRADE_PORT: Province.HAINAN,
    Zone.SHENZHEN: Province.GUANGDONG,
    Zone.SHENZHEN_QIANHAI: Province.GUANGDONG,
}


# ---------------------------------------------------------------- messages in two languages


class Said(str):
    """An error message: the English text (the string itself) with its Chinese twin, ``zh``.

    Both are written side by side where the error is detected, so that neither can drift
    from the other. A `Said` is the English string for every purpose (equality, hashing,
    printing, JSON); only ``zh`` is added, and it survives pickling.
    """

    zh: str

    def __new__(cls, en: str, zh: str) -> Said:
        said = super().__new__(cls, en)
        said.zh = zh
        return said

    def __reduce__(self) -> tuple[type[Said], tuple[str, str]]:
        return (type(self), (str(self), self.zh))


def zh_of(message: str) -> str:
    """The Chinese of ``message`` if it carries one (a `Said`), else ``message`` itself."""
    return message.zh if isinstance(message, Said) else message


_CURLY_QUOTES: Final = str.maketrans({"\u201c": "\\u201c", "\u201d": "\\u201d"})


def zh_quote(text: str, limit: int | None = None) -> str:
    """``text`` quoted for a Chinese message: “…”, escaped as `repr` escapes it (and the
    curly quotes too, so the quotation cannot end early); past ``limit`` characters, cut
    and followed by the length, as the English messages do."""
    shown = text if limit is None or len(text) <= limit else text[:limit]
    quoted = "\u201c" + repr(shown)[1:-1].translate(_CURLY_QUOTES) + "\u201d"
    return quoted if shown is text else f"{quoted}……（共{len(text)}个字符）"


#: Python type names in Chinese, for the messages of the validators (a `Profile` built in
#: Python with a value of the wrong type).
_TYPES_ZH: Final = {
    "str": "字符串",
    "int": "整数",
    "float": "浮点数",
    "bool": "布尔值",
    "list": "列表",
    "tuple": "元组",
    "dict": "字典",
    "set": "集合",
    "frozenset": "集合",
    "bytes": "字节串",
    "NoneType": "空值 None",
    "Decimal": "Decimal 数值",
    "date": "日期（datetime.date）",
    "datetime": "日期时间（datetime.datetime）",
}


def type_zh(name: str) -> str:
    """A Python type, named in Chinese where it is a common one: ``str`` -> ``字符串``;
    other classes by their name (``EntityType 类型的值``)."""
    return _TYPES_ZH.get(name) or f"{name} 类型的值"


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


class Party(enum.Enum):
    """Whose record a violation is on (Order 42 Art. 6(6) names all three)."""

    COMPANY = "company"
    MAJOR_INVESTOR = "major_investor"
    KEY_MANAGER = "key_manager"


#: Value-added codes of the 2015 catalogue other than B24 that ``other_value_added_services``
#: accepts: B11-B14 (class 1) and B21-B26 (class 2).
OTHER_SERVICE_CODES: Final[frozenset[str]] = frozenset(
    {"B11", "B12", "B13", "B14", "B21", "B22", "B23", "B25", "B26"}
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


def describe_number(value: int | Decimal) -> Said:
    """A number for an error message, shortened when it is huge (a 5,000-digit integer
    cannot even be turned into a string by default); ``.zh`` in Chinese."""
    if isinstance(value, int):
        if value.bit_length() > 200:
            negative = value < 0
            return Said(
                f"a {'negative ' if negative else ''}number with about {_digits(value)} digits",
                f"一个约{_digits(value)}位的{'负' if negative else ''}数",
            )
        return _same(str(value))
    sign, digits, exponent = value.as_tuple()
    if not value.is_finite() or (
        len(digits) <= 40 and isinstance(exponent, int) and -40 < exponent < 40
    ):
        return _same(str(value))
    return _same(
        f"{'-' if sign else ''}{digits[0]}.{''.join(map(str, digits[1:6]))}...E{value.adjusted()}"
    )


def _same(text: str) -> Said:
    """Text that reads the same in both languages (a number)."""
    return Said(text, text)


def _digits(value: int) -> int:
    return int(abs(value).bit_length() * 0.30103) + 1


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
#: No control character anywhere in a name (NUL, escape, the C1 controls...).
NAME_CHARACTERS: Final = "^[^\x00-\x1f\x7f-\x9f]*$"
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
from .structure import echo_field, profile_converter, structure_profile  # noqa: E402
