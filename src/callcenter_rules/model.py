"""What the library is told about a company: the `Profile` and its vocabulary.

A profile is a frozen value. `Profile.from_dict` structures a JSON-like mapping
with cattrs and reports *every* bad field at once as `InvalidProfile`; a profile
built directly is validated by the same attrs validators, so no invalid profile exists.

Evidence fields (``professional_staff``, ``has_premises_and_facilities``, ...) may be
``None``: that means *unknown*, and the rules say so in a finding; it is never read as
"no" or "yes".
"""

from __future__ import annotations

import datetime
import enum
import math
import re
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any, Final, NoReturn

import attrs
import cattrs
from cattrs.errors import ClassValidationError, ForbiddenExtraKeysError, IterableValidationError

from .provinces import OutsideMainland, Province, UnknownProvince, parse_province

__all__ = [
    "PROFILE_FIELDS",
    "REQUIRED_FIELDS",
    "Activity",
    "EntityType",
    "InvalidProfile",
    "Market",
    "NumberResource",
    "Party",
    "PlatformLocation",
    "Policy",
    "Profile",
    "Violation",
    "echo_field",
    "profile_converter",
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
    """Access-number ranges the company wants (95XXX nationwide, 96XXX provincial)."""

    N95 = "95"
    N96 = "96"


class Party(enum.Enum):
    """Whose record a violation is on (Order 42 Art. 6(6) names all three)."""

    COMPANY = "company"
    MAJOR_INVESTOR = "major_investor"
    KEY_MANAGER = "key_manager"


#: Value-added codes of the 2015 catalogue other than B24 that ``other_value_added_services``
#: accepts: B11-B14 (class 1) and B21-B26 (class 2).
OTHER_SERVICE_CODES: Final = frozenset(
    {"B11", "B12", "B13", "B14", "B21", "B22", "B23", "B25", "B26"}
)


class InvalidProfile(ValueError):
    """The input is not a valid profile.

    ``errors`` holds one ``(path, message)`` pair per bad field, e.g.
    ``("service_provinces[1]", "unknown province 'Atlantis'")``; ``str()`` lists them all.
    """

    def __init__(self, errors: Iterable[tuple[str, str]]) -> None:
        self.errors: tuple[tuple[str, str], ...] = tuple(errors)
        lines = [f"{path}: {message}" if path else message for path, message in self.errors]
        count = len(self.errors)
        super().__init__(
            f"invalid profile ({count} error{'s' if count != 1 else ''}):\n  " + "\n  ".join(lines)
        )


class _FieldError(ValueError):
    """A validation failure whose message is meant for the user as it stands."""


# ---------------------------------------------------------------- validators
# Each validator raises InvalidProfile naming the field (and item), so a profile built in
# Python reports the same paths as one structured from JSON.

_Validator = Callable[[object, "attrs.Attribute[Any]", Any], None]


def _fail(attribute: attrs.Attribute[Any], message: str, index: int | None = None) -> NoReturn:
    path = attribute.name if index is None else f"{attribute.name}[{index}]"
    raise InvalidProfile([(path, message)])


def _non_empty(_inst: object, attribute: attrs.Attribute[Any], value: tuple[Any, ...]) -> None:
    if not value:
        _fail(attribute, "must list at least one value")


def _unique(_inst: object, attribute: attrs.Attribute[Any], value: tuple[Any, ...]) -> None:
    seen: dict[Any, int] = {}
    for index, item in enumerate(value):
        if item in seen:
            _fail(attribute, f"repeats {attribute.name}[{seen[item]}] ({_show(item)})", index)
        seen[item] = index


def _show(item: object) -> str:
    if isinstance(item, Province):
        return item.name_en
    return str(item.value) if isinstance(item, enum.Enum) else str(item)


def _tuple_of(kind: type[Any]) -> _Validator:
    def check(_inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, tuple):
            _fail(attribute, f"must be a tuple of {kind.__name__}, got {type(value).__name__}")
        for index, item in enumerate(value):
            if not isinstance(item, kind):
                _fail(attribute, f"must be a {kind.__name__}, got {item!r}", index)

    return check


def _instance(kind: type[Any]) -> _Validator:
    def check(_inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
            _fail(attribute, f"must be a {kind.__name__}, got {type(value).__name__}")

    return check


def _optional(check: _Validator) -> _Validator:
    def run(inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is not None:
            check(inst, attribute, value)

    return run


def _name(_inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, str):
        _fail(attribute, f"must be a string, got {type(value).__name__}")
    if not value.strip():
        _fail(attribute, "must not be empty")


def _capital(_inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, Decimal):
        _fail(attribute, f"must be a Decimal, got {type(value).__name__}")
    if not value.is_finite():
        _fail(attribute, f"must be a finite amount, got {value}")
    if value < 0:
        _fail(attribute, f"must not be negative, got {value}")


def _percent(_inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, Decimal):
        _fail(attribute, f"must be a Decimal, got {type(value).__name__}")
    if not value.is_finite() or not Decimal(0) <= value <= Decimal(100):
        _fail(attribute, f"must be a percentage from 0 to 100, got {value}")


def _staff(_inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int):
        _fail(attribute, f"must be a whole number or null, got {type(value).__name__}")
    if value < 0:
        _fail(attribute, f"must not be negative, got {value}")


def _service_codes(_inst: object, attribute: attrs.Attribute[Any], value: tuple[str, ...]) -> None:
    for index, code in enumerate(value):
        if code == "B24":
            _fail(
                attribute,
                "B24 is the call-center licence itself; list only other categories",
                index,
            )
        if code not in OTHER_SERVICE_CODES:
            _fail(
                attribute,
                f"unknown value-added catalogue code {code!r}; expected one of "
                + ", ".join(sorted(OTHER_SERVICE_CODES)),
                index,
            )


# ---------------------------------------------------------------- value classes


@attrs.frozen
class Violation:
    """A record of violating telecom supervision rules (relevant before 2017-09-01)."""

    party: Party = attrs.field(validator=_instance(Party))
    date: datetime.date = attrs.field(validator=_instance(datetime.date))
    description: str = attrs.field(default="", validator=_instance(str))


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
    service_provinces: tuple[Province, ...] = attrs.field(
        validator=[_tuple_of(Province), _non_empty, _unique]
    )
    activities: tuple[Activity, ...] = attrs.field(
        validator=[_tuple_of(Activity), _non_empty, _unique]
    )
    end_users: tuple[Market, ...] = attrs.field(
        default=(Market.DOMESTIC,), validator=[_tuple_of(Market), _non_empty, _unique]
    )
    clients: tuple[Market, ...] = attrs.field(
        default=(Market.DOMESTIC,), validator=[_tuple_of(Market), _non_empty, _unique]
    )
    platform_location: PlatformLocation = attrs.field(
        default=PlatformLocation.MAINLAND, validator=_instance(PlatformLocation)
    )
    foreign_equity_percent: Decimal = attrs.field(default=Decimal(0), validator=_percent)
    number_resources: tuple[NumberResource, ...] = attrs.field(
        default=(), validator=[_tuple_of(NumberResource), _unique]
    )
    #: ``None`` (the default) means the violation record is unknown; ``()`` means none.
    violations: tuple[Violation, ...] | None = attrs.field(
        default=None, validator=_optional(_tuple_of(Violation))
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


def _echo(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, Decimal):
        return str(value)
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


# ---------------------------------------------------------------- structuring

#: Every profile field, in declaration order, and the required ones.
PROFILE_FIELDS: Final = tuple(a.name for a in attrs.fields(Profile))
REQUIRED_FIELDS: Final = tuple(a.name for a in attrs.fields(Profile) if a.default is attrs.NOTHING)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _strict_str(value: Any, _type: Any) -> str:
    if not isinstance(value, str):
        raise _FieldError(f"must be a string, got {_json_type(value)}")
    return value


def _strict_bool(value: Any, _type: Any) -> bool:
    if not isinstance(value, bool):
        raise _FieldError(f"must be true, false or null, got {_json_type(value)}")
    return value


def _strict_int(value: Any, _type: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        if isinstance(value, float) and value.is_integer() and math.isfinite(value):
            return int(value)
        raise _FieldError(f"must be a whole number, got {_json_type(value)}")
    return value


def _decimal(value: Any, _type: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        raise _FieldError(f"must be a number or a decimal string, got {_json_type(value)}")
    if isinstance(value, float) and not math.isfinite(value):
        raise _FieldError(f"must be a finite number, got {value}")
    try:
        # str() of a float is its shortest round-trip form: 0.1 -> Decimal("0.1").
        result = Decimal(str(value).strip().replace(",", "").replace("_", ""))
    except InvalidOperation:
        raise _FieldError(f"must be a number or a decimal string, got {value!r}") from None
    if not result.is_finite():
        raise _FieldError(f"must be a finite number, got {value!r}")
    return result


def _date(value: Any, _type: Any) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        raise _FieldError(f"must be a date as YYYY-MM-DD, got {value!r}")
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise _FieldError(f"is not a calendar date: {value!r}") from None


def _province(value: Any, _type: Any) -> Province:
    try:
        return parse_province(value)
    except (UnknownProvince, OutsideMainland) as error:
        raise _FieldError(str(error)) from None
    except TypeError:
        raise _FieldError(f"must be a province name or code, got {_json_type(value)}") from None


def _enum(kind: type[enum.Enum]) -> Callable[[Any, Any], Any]:
    allowed = ", ".join(str(m.value) for m in kind)

    def structure(value: Any, _type: Any) -> Any:
        if isinstance(value, kind):
            return value
        if not isinstance(value, str):
            raise _FieldError(f"must be one of {allowed}; got {_json_type(value)}")
        try:
            return kind(value)
        except ValueError:
            raise _FieldError(f"unknown value {value!r}; expected one of {allowed}") from None

    return structure


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float | Decimal):
        return f"the number {value!r}" if not isinstance(value, Decimal) else f"the number {value}"
    if isinstance(value, str):
        return f"the string {value!r}"
    if isinstance(value, Mapping):
        return "an object"
    if isinstance(value, list | tuple):
        return "a list"
    return type(value).__name__


def _make_converter() -> cattrs.Converter:
    conv = cattrs.Converter(forbid_extra_keys=True)
    conv.register_structure_hook(str, _strict_str)
    conv.register_structure_hook(bool, _strict_bool)
    conv.register_structure_hook(int, _strict_int)
    conv.register_structure_hook(Decimal, _decimal)
    conv.register_structure_hook(datetime.date, _date)
    conv.register_structure_hook(Province, _province)
    for kind in (EntityType, Activity, Market, PlatformLocation, NumberResource, Party):
        conv.register_structure_hook(kind, _enum(kind))
    conv.register_unstructure_hook(Decimal, str)
    conv.register_unstructure_hook(datetime.date, datetime.date.isoformat)
    return conv


#: The cattrs converter for profiles: strict about JSON types, unstructures to JSON-ready data.
profile_converter: Final = _make_converter()


#: Fields where null means "unknown" (or, for violations, "record not known").
NULLABLE_FIELDS: Final = frozenset(
    {
        "violations",
        "professional_staff",
        "has_premises_and_facilities",
        "has_technical_plan",
        "long_term_service_capability",
        "on_dishonesty_list",
    }
)
_LIST_FIELDS: Final = frozenset(a.name for a in attrs.fields(Profile) if "tuple[" in str(a.type))
_FIELDS: Final = {a.name: a for a in attrs.fields(attrs.resolve_types(Profile))}
_TYPES: Final[dict[str, Any]] = {name: a.type for name, a in _FIELDS.items()}
# The converter's hook for each field, looked up once rather than dispatched per call.
_HOOKS: Final = {name: profile_converter.get_structure_hook(kind) for name, kind in _TYPES.items()}


def structure_profile(data: Any) -> Profile:
    """Structure JSON-like ``data`` into a `Profile` or raise `InvalidProfile`.

    Every field is structured and validated on its own, so one call reports every bad
    field, not only the first.
    """
    if isinstance(data, Profile):
        return data
    if not isinstance(data, Mapping):
        raise InvalidProfile([("", f"a profile must be a JSON object, got {_json_type(data)}")])
    errors: list[tuple[str, str]] = []
    values: dict[str, Any] = {}
    for key in data:
        if not isinstance(key, str):
            errors.append(("", f"field names must be strings, got {key!r}"))
        elif key not in _FIELDS:
            errors.append((key, "unexpected field (not part of the profile schema)"))
    for name, attribute in _FIELDS.items():
        if name not in data:
            if attribute.default is attrs.NOTHING:
                errors.append((name, "is required"))
            continue
        raw = data[name]
        if raw is None:
            if name in NULLABLE_FIELDS:
                values[name] = None
            elif attribute.default is attrs.NOTHING:
                errors.append((name, "is required and must not be null"))
            else:
                errors.append((name, "must not be null (omit the field to use its default)"))
            continue
        if name in _LIST_FIELDS:
            if not isinstance(raw, list | tuple):
                errors.append((name, f"must be a list, got {_json_type(raw)}"))
                continue
            raw = tuple(raw)
        try:
            values[name] = _HOOKS[name](raw, _TYPES[name])
        except (ClassValidationError, IterableValidationError, _FieldError) as error:
            errors.extend(_flatten(error, name))
        except RecursionError:
            errors.append((name, "is nested too deeply"))
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
                errors.extend(invalid.errors)
    order = {name: index for index, name in enumerate(_FIELDS)}
    errors.sort(key=lambda e: order.get(e[0].split("[")[0].split(".")[0], -1))
    raise InvalidProfile(errors) if errors or first is None else first


def _flatten(error: BaseException, path: str) -> list[tuple[str, str]]:
    if isinstance(error, ForbiddenExtraKeysError):
        return [
            (_join(path, key), "unexpected field (not part of the schema)")
            for key in sorted(error.extra_fields)
        ]
    if isinstance(error, ClassValidationError):
        found: list[tuple[str, str]] = []
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
        return [(_join(path, sub) if sub else path, msg) for sub, msg in error.errors]
    if isinstance(error, _FieldError):
        return [(path, str(error))]
    if isinstance(error, KeyError):
        return [(path, "is required")]
    return [(path, "has the wrong shape (expected an object or a list as documented)")]


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name
