"""Hypothesis strategies built from the model: one place knows what a valid input is.

Every strategy here produces JSON-like data, exactly what a caller would pass to
`callcenter_rules.assess` or send over the wire, so the same strategies test this
library and the code that wraps it::

    from hypothesis import given
    from callcenter_rules.testing import profiles

    @given(profiles(entity_type="branch"))
    def test_my_service_rejects_branches(profile):
        assert my_service.check(profile)["ok"] is False
"""

from __future__ import annotations

import datetime
import itertools
import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Final

from hypothesis import strategies as st

from ..cities import MUNICIPALITIES, City, parse_city
from ..facts import EVIDENCE_FIELDS
from ..law import RULES
from ..law.parameters import default_table
from ..law.places import free_trade_zone_opened
from ..model import (
    MAX_CAPITAL_CNY,
    NAME_PATTERN,
    NULLABLE_FIELDS,
    OTHER_SERVICE_CODES,
    REQUIRED_FIELDS,
    ZONE_PROVINCES,
    Activity,
    EntityType,
    InvalidProfile,
    InvestorOrigin,
    LicenceChange,
    NumberResource,
    Party,
    PlatformLocation,
    Profile,
    Zone,
)
from ..provinces import ABBREVIATIONS, Province, parse_province

__all__ = [
    "EVIDENCE_FIELDS",
    "LATEST_TEST_DATE",
    "LEGAL_CHANGE_DATES",
    "activities",
    "as_of_dates",
    "cases",
    "invalid_profiles",
    "licences",
    "names",
    "profiles",
    "province_spellings",
    "provinces",
]

_TABLE: Final = default_table()
CATALOGUE_2015_IN_FORCE: Final[datetime.date] = _TABLE.single("in_force.catalogue_2015")


#: Characters a name or a description may hold: any but control characters and lone
#: surrogates (`NAME_CHARACTERS`).
_PRINTABLE: Final = st.characters(exclude_categories=("Cc", "Cs"))
#: A name needs one visible character (`NAME_PATTERN`).
_VISIBLE: Final = re.compile(NAME_PATTERN)


def names(*, max_size: int = 40) -> st.SearchStrategy[str]:
    """Company names a profile accepts: any characters but controls and lone surrogates,
    with at least one visible character, up to ``max_size`` characters (at most
    `MAX_NAME_LENGTH`)."""
    return st.text(_PRINTABLE, min_size=1, max_size=max_size).filter(_VISIBLE.search)


def _change_dates() -> tuple[datetime.date, ...]:
    days: set[datetime.date] = {CATALOGUE_2015_IN_FORCE}
    for rule in RULES:
        days.update(rule.days(_TABLE))
    for parameter in _TABLE.values():
        days.update(parameter.change_days)
    # Days before the first day modelled (a pilot that started earlier) are not assessed.
    return tuple(sorted(day for day in days if day >= CATALOGUE_2015_IN_FORCE))


#: The days on which some rule, cited source or parameter value starts or stops applying,
#: from the law itself (so a rule or parameter with a new date is covered without editing
#: this module).
LEGAL_CHANGE_DATES: Final[tuple[datetime.date, ...]] = _change_dates()
#: The last day `as_of_dates` draws.
LATEST_TEST_DATE: Final = datetime.date(2030, 12, 31)

_PROFILE_FIELDS: Final = frozenset(a.name for a in Profile.__attrs_attrs__)


def _spellings(province: Province) -> tuple[str | int, ...]:
    short_zh = province.name_zh
    for suffix in ("维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "省", "市"):
        if short_zh.endswith(suffix):
            short_zh = short_zh[: -len(suffix)]
            break
    en = province.name_en
    return (
        en,
        en.lower(),
        en.upper(),
        f"  {en} ",
        province.name_zh,
        short_zh,
        province.code,
        int(province.code),
    )


#: Every accepted spelling of each province, worked out once.
_SPELLINGS: Final = {province: _spellings(province) for province in Province}
_SPELLING_COUNT: Final = len(_SPELLINGS[Province.BEIJING])


def province_spellings(province: Province) -> st.SearchStrategy[str | int]:
    """Every accepted spelling of one province: English or pinyin in any case, Chinese with
    or without its suffix, the GB/T 2260 code as a string or a number."""
    return st.sampled_from(_SPELLINGS[province])


def provinces(*, spelled: bool = True) -> st.SearchStrategy[Any]:
    """A mainland province: a spelling of it (default) or the `Province` member."""
    members = st.sampled_from(list(Province))
    if not spelled:
        return members
    return st.tuples(members, st.integers(0, _SPELLING_COUNT - 1)).map(
        lambda pi: _SPELLINGS[pi[0]][pi[1]]
    )


def activities() -> st.SearchStrategy[str]:
    """An activity, as its JSON value."""
    return st.sampled_from([a.value for a in Activity])


def as_of_dates(
    *,
    min_value: datetime.date = CATALOGUE_2015_IN_FORCE,
    max_value: datetime.date = LATEST_TEST_DATE,
) -> st.SearchStrategy[datetime.date]:
    """A day whose law the library models, weighted toward the days the law changes (the
    day itself, the day before, a few days either side)."""
    near = [
        day + datetime.timedelta(days=offset)
        for day in LEGAL_CHANGE_DATES
        for offset in (-2, -1, 0, 1, 2)
        if min_value <= day + datetime.timedelta(days=offset) <= max_value
    ]
    # And the middle of each span between two change dates, so that short spans (the year
    # of the 2018 free-trade-zone list) are drawn as often as long ones.
    near += [
        first + (after - first) / 2
        for first, after in itertools.pairwise(LEGAL_CHANGE_DATES)
        if min_value <= first + (after - first) / 2 <= max_value
    ]
    anywhere = st.dates(min_value=min_value, max_value=max_value)
    return st.one_of(st.sampled_from(near), anywhere) if near else anywhere


def _amounts_near(*thresholds: Decimal) -> st.SearchStrategy[Any]:
    steps = (
        Decimal("-1"),
        Decimal("-0.01"),
        Decimal("-0.001"),
        Decimal(0),
        Decimal("0.01"),
        Decimal(1),
    )
    near = sorted({t + s for t in thresholds for s in steps if t + s >= 0})
    forms: list[Any] = []
    for amount in near:
        forms += [str(amount), amount]
        if amount == amount.to_integral():
            forms += [int(amount), float(amount)]
    exact = st.sampled_from(forms)
    far = st.decimals(
        min_value=0, max_value=10**12, places=2, allow_nan=False, allow_infinity=False
    )
    whole = st.integers(min_value=0, max_value=int(MAX_CAPITAL_CNY) - 1)
    largest = st.sampled_from(["999,999,999,999,999.99", "999999999999999", "1_000_000"])
    return st.one_of(exact, far.map(str), whole, largest)


def capitals() -> st.SearchStrategy[Any]:
    """Registered capital: near and far from each minimum (every dated value of the
    ``capital_minimum.*`` parameters), as strings, Decimals or numbers."""
    minimums = {
        dated.value
        for name in ("capital_minimum.regional", "capital_minimum.nationwide")
        for dated in _TABLE[name].values
        if dated.value is not None
    }
    return _amounts_near(*sorted(minimums))


def foreign_equities() -> st.SearchStrategy[Any]:
    """Foreign equity: around 50% (the cap) and anywhere from 0 to 100."""
    near = st.sampled_from(
        ["0", "0.01", "49.99", "50", "50.00", "50.001", "50.01", "51", "99.99", "99.9999999", "100"]
    )
    anywhere = st.decimals(min_value=0, max_value=100, places=2).map(str)
    # The named values twice: drawn numbers lean towards 0, and the cap is what matters.
    return st.one_of(near, near, anywhere, st.integers(0, 100))


def _province_lists(*, min_size: int = 1, max_size: int = 5) -> st.SearchStrategy[list[Any]]:
    pairs = st.lists(
        st.tuples(st.sampled_from(list(Province)), st.integers(0, _SPELLING_COUNT - 1)),
        min_size=min_size,
        max_size=max_size,
        unique_by=lambda pair: pair[0],
    )
    return pairs.map(lambda ps: [_SPELLINGS[p][i] for p, i in ps])


def _a_year_before(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def _three_years_before(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year - 3)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 3, day=28)


def _violations() -> st.SearchStrategy[list[dict[str, Any]]]:
    """Violations dated relative to an anchor day, resolved by `_resolve`: around the
    start of the three-year window before it, on it, just after it, or anywhere before."""
    when = st.one_of(
        st.tuples(st.just("edge"), st.integers(-2, 2)),
        st.tuples(st.just("back"), st.integers(-1, 2000)),
    )
    violation = st.fixed_dictionaries(
        {"party": st.sampled_from([p.value for p in Party]), "_when": when},
        optional={"description": st.text(_PRINTABLE, max_size=30)},
    )
    return st.lists(violation, max_size=3)


def _resolve(profile: dict[str, Any], anchor: datetime.date) -> dict[str, Any]:
    refused = profile.get("false_materials_refused_on")
    if isinstance(refused, tuple):
        kind, amount = refused
        if kind == "bar":
            day = _a_year_before(anchor) + datetime.timedelta(days=amount)
        else:
            day = anchor - datetime.timedelta(days=amount)
        profile = {**profile, "false_materials_refused_on": day.isoformat()}
    violations = profile.get("violations")
    if not violations or not any("_when" in v for v in violations):
        return profile
    resolved = []
    for violation in violations:
        violation = dict(violation)
        kind, amount = violation.pop("_when", (None, 0))
        if kind == "edge":
            violation["date"] = str(_three_years_before(anchor) + datetime.timedelta(days=amount))
        elif kind == "back":
            violation["date"] = str(anchor - datetime.timedelta(days=amount))
        resolved.append(violation)
    return {**profile, "violations": resolved}


def profiles(
    *, violations_around: datetime.date | None = None, **pinned: Any
) -> st.SearchStrategy[dict[str, Any]]:
    """Valid profiles as JSON-like dicts, covering the whole input space.

    Every entity type, activity and province spelling; evidence fields known, null or absent;
    capital near and far from each minimum; foreign equity around 50%; violations around
    the three-year window (around ``violations_around`` when given, else around the legal
    change dates).

    Keyword arguments pin fields: a value is used as is and a strategy is drawn from.
    ``None`` means null (unknown) on the evidence fields and ``violations``, and leaves any
    other optional field absent (its default). Example:
    ``profiles(entity_type="branch", service_provinces=st.just(["Beijing"]))``.
    """
    anchors = (
        st.just(violations_around) if violations_around else st.sampled_from(LEGAL_CHANGE_DATES)
    )
    return (
        st.tuples(_raw_profiles(pinned), anchors)
        .map(lambda pa: _in_a_zone_on(_resolve(*pa), CATALOGUE_2015_IN_FORCE))
        .filter(_valid)
    )


def _raw_profiles(pinned: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:

    unknown = set(pinned) - _PROFILE_FIELDS
    if unknown:
        raise TypeError(f"profiles() got unknown field(s): {', '.join(sorted(unknown))}")

    evidence_values: dict[str, st.SearchStrategy[Any]] = {
        "professional_staff": st.one_of(
            st.sampled_from([0, 1, 2, 3, 9, 10, 11]), st.integers(0, 10**6)
        ),
        "has_premises_and_facilities": st.booleans(),
        "has_technical_plan": st.booleans(),
        "long_term_service_capability": st.booleans(),
        # Known, and mostly not listed: a listing is rare in the population.
        "on_dishonesty_list": st.sampled_from([False, False, False, True]),
        "foreign_investor_track_record": st.sampled_from([True, True, False]),
    }
    required: dict[str, st.SearchStrategy[Any]] = {
        "name": st.one_of(
            st.sampled_from(["Acme Call Co., Ltd.", "华信客服有限公司"]),
            names(),
        ),
        "entity_type": st.one_of(
            st.sampled_from(
                [EntityType.LIMITED_LIABILITY_COMPANY.value, EntityType.JOINT_STOCK_COMPANY.value]
            ),
            st.sampled_from([e.value for e in EntityType]),
        ),
        "registered_capital_cny": capitals(),
        "registered_province": provinces(),
        "service_provinces": _province_lists(),
        "activities": st.lists(activities(), min_size=1, max_size=4, unique=True),
    }
    optional: dict[str, st.SearchStrategy[Any]] = {
        "end_users": st.sampled_from(
            [["domestic"], ["overseas"], ["domestic", "overseas"], ["overseas", "domestic"]]
        ),
        "clients": st.sampled_from([["domestic"], ["overseas"], ["domestic", "overseas"]]),
        "platform_location": st.sampled_from(
            [PlatformLocation.MAINLAND.value] * 3 + [PlatformLocation.OVERSEAS.value]
        ),
        "foreign_equity_percent": foreign_equities(),
        "number_resources": st.lists(
            st.sampled_from([n.value for n in NumberResource]), unique=True, max_size=2
        ),
        "violations": st.one_of(st.none(), _violations()),
        "other_value_added_services": st.lists(
            st.sampled_from(sorted(OTHER_SERVICE_CODES)), unique=True, max_size=3
        ),
        # Free-trade zones are the commonest special area: drawn as often as the rest.
        "registered_zone": st.one_of(
            st.just(Zone.FREE_TRADE_ZONE.value), st.sampled_from([z.value for z in Zone])
        ),
        "registered_city": st.one_of(st.none(), st.sampled_from(_CITY_SPELLINGS)),
        "foreign_investor_origin": st.one_of(
            st.none(), st.sampled_from([origin.value for origin in InvestorOrigin])
        ),
        # Around the anchor day a year before (the bar's edge), or anywhere before it.
        "false_materials_refused_on": st.one_of(
            st.none(),
            st.tuples(st.just("bar"), st.integers(-2, 2)),
            st.tuples(st.just("back"), st.integers(-1, 1500)),
        ),
        **{name: st.one_of(st.none(), strategy) for name, strategy in evidence_values.items()},
    }

    def as_strategy(value: Any) -> st.SearchStrategy[Any]:
        return value if isinstance(value, st.SearchStrategy) else st.just(value)

    fixed: dict[str, st.SearchStrategy[Any]] = {}
    maybe: dict[str, st.SearchStrategy[Any]] = {}
    for name, strategy in {**required, **optional}.items():
        if name in pinned:
            if pinned[name] is None and name in optional and name not in NULLABLE_FIELDS:
                continue
            fixed[name] = as_strategy(pinned[name])
        elif name in required:
            fixed[name] = strategy
        else:
            maybe[name] = strategy
    built = (
        st.fixed_dictionaries(fixed, optional=maybe)
        .map(_zone_in_its_province)
        .map(_city_in_its_province)
        .map(_origin_with_foreign_equity)
    )
    # Half the profiles have every condition's evidence known and met (unless pinned), so
    # that eligible applicants are common enough for their rules to be exercised.
    good = {name: value for name, value in _MET.items() if name not in pinned}
    return st.tuples(built, st.booleans()).map(
        lambda pair: {**pair[0], **good} if pair[1] else pair[0]
    )


def _zone_in_its_province(profile: dict[str, Any]) -> dict[str, Any]:
    """A named zone lies in one province: where the draw put the company elsewhere, it is
    registered in the zone's province (so the zone is drawn, not filtered away)."""
    zone = profile.get("registered_zone")
    if zone is None or "registered_province" not in profile:
        return profile
    try:
        home = parse_province(profile["registered_province"])
    except (ValueError, TypeError):
        return profile
    expected = ZONE_PROVINCES.get(Zone(zone)) if zone in _ZONE_VALUES else None
    if expected is not None and expected is not home:
        return {**profile, "registered_province": expected.name_en}
    return profile


_ZONE_VALUES: Final = frozenset(z.value for z in Zone)
#: Cities as users write them (the value, the English or the Chinese name).
_CITY_SPELLINGS: Final = tuple(
    spelling for city in City for spelling in (city.value, city.name_en, city.name_zh)
)


def _city_in_its_province(profile: dict[str, Any]) -> dict[str, Any]:
    """A listed city lies in one province, and a municipality is its own city: where the
    draw put them apart, the company is registered in the city's province (or, in a
    municipality, the city is left out)."""
    spelled = profile.get("registered_city")
    if spelled is None or "registered_province" not in profile:
        return profile
    try:
        city, home = parse_city(spelled), parse_province(profile["registered_province"])
    except (ValueError, TypeError):
        return profile
    if city.province is not None and city.province is not home:
        zone = profile.get("registered_zone")
        if zone in _ZONE_VALUES and ZONE_PROVINCES.get(Zone(zone)) not in (None, city.province):
            # A named zone holds the company in its province: the city goes.
            return {name: value for name, value in profile.items() if name != "registered_city"}
        return {**profile, "registered_province": city.province.name_en}
    if home in MUNICIPALITIES and city is not MUNICIPALITIES[home]:
        return {name: value for name, value in profile.items() if name != "registered_city"}
    return profile


def _origin_with_foreign_equity(profile: dict[str, Any]) -> dict[str, Any]:
    """An investor's origin only for a company with foreign equity."""
    if profile.get("foreign_investor_origin") is None:
        return profile
    try:
        equity = Decimal(str(profile.get("foreign_equity_percent", 0)).strip())
    except ArithmeticError:
        return profile
    if equity == 0:
        return {k: v for k, v in profile.items() if k != "foreign_investor_origin"}
    return profile


#: Evidence that meets every condition.
_MET: Final[dict[str, Any]] = {
    "foreign_investor_track_record": True,
    "professional_staff": 25,
    "has_premises_and_facilities": True,
    "has_technical_plan": True,
    "long_term_service_capability": True,
    "on_dishonesty_list": False,
    "violations": [],
}


def _valid(data: Mapping[str, Any]) -> bool:
    try:
        Profile.from_dict(data)
    except InvalidProfile:
        return False
    return True


def cases(
    *, days: st.SearchStrategy[datetime.date] | None = None, **pinned: Any
) -> st.SearchStrategy[tuple[dict[str, Any], datetime.date]]:
    """``(profile, as_of)`` pairs, with violations placed around the three-year window
    before that ``as_of``. Takes the same keyword knobs as `profiles`, and ``days``, the
    days drawn (default `as_of_dates`)."""
    return (
        st.tuples(_raw_profiles(pinned), days if days is not None else as_of_dates())
        .map(lambda pa: (_in_a_zone_on(_resolve(*pa), pa[1]), pa[1]))
        .filter(lambda case: _valid(case[0]))
    )


def _in_a_zone_on(profile: dict[str, Any], day: datetime.date) -> dict[str, Any]:
    """A company in a pilot free-trade zone is registered in a province that had one on
    ``day`` (for `profiles`, the first day assessed, so that it has one on any day): where
    the draw put it elsewhere, it moves to the first such province, Shanghai (so the zone is
    drawn, not filtered away)."""
    if profile.get("registered_zone") != Zone.FREE_TRADE_ZONE.value:
        return profile
    try:
        home = parse_province(profile["registered_province"])
    except (KeyError, ValueError, TypeError):
        return profile
    opened = free_trade_zone_opened(home.code, _TABLE)
    if opened is not None and opened <= day:
        return profile
    moved = {**profile, "registered_province": Province.SHANGHAI.name_en}
    city = moved.get("registered_city")
    if city is not None:  # a city of the old province would no longer fit
        del moved["registered_city"]
    return moved


# ---------------------------------------------------------------- invalid input

_BASE: Final[dict[str, Any]] = {
    "name": "Defect Test Co., Ltd.",
    "entity_type": "limited_liability_company",
    "registered_capital_cny": "5000000",
    "registered_province": "Beijing",
    "service_provinces": ["Beijing", "Tianjin"],
    "activities": ["inbound_customer_service", "seat_rental"],
    "violations": [{"party": "company", "date": "2015-05-01"}],
}


def _defect(field: str, value: Any, path: str | None = None) -> tuple[dict[str, Any], str]:
    data = dict(_BASE)
    data[field] = value
    return data, path or field


def _missing(field: str) -> tuple[dict[str, Any], str]:
    data = dict(_BASE)
    del data[field]
    return data, field


def invalid_profiles() -> st.SearchStrategy[tuple[dict[str, Any], str]]:
    """``(mapping, path)`` pairs: a profile with exactly one known defect, and the field
    path (as in `InvalidProfile.errors`) that the error must name."""
    junk = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(allow_nan=True),
        st.lists(st.integers(), max_size=2),
        st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
    )
    not_string = junk.filter(lambda v: v is not None and not isinstance(v, str))
    index = st.integers(min_value=0, max_value=2)
    return st.one_of(
        st.sampled_from(REQUIRED_FIELDS).map(_missing),
        st.sampled_from(["", "   "]).map(lambda v: _defect("name", v)),
        not_string.map(lambda v: _defect("name", v)),
        st.text(max_size=10)
        .filter(lambda v: v not in {e.value for e in EntityType})
        .map(lambda v: _defect("entity_type", v)),
        st.sampled_from(["abc", "NaN", "-1", "Infinity", -5, float("inf"), True, [1]]).map(
            lambda v: _defect("registered_capital_cny", v)
        ),
        st.sampled_from(["Atlantis", "Hong Kong", "香港", "澳门", "Taiwan", "999999", 7]).map(
            lambda v: _defect("registered_province", v)
        ),
        st.tuples(index, st.sampled_from(["Atlantis", "Macau", "Narnia"])).map(
            lambda iv: _defect(
                "service_provinces",
                [*["Beijing", "Tianjin", "Hebei"][: iv[0]], iv[1]],
                f"service_provinces[{iv[0]}]",
            )
        ),
        st.just(_defect("service_provinces", [])),
        st.just(_defect("service_provinces", "Beijing")),
        st.just(_defect("service_provinces", ["Beijing", "北京市"], "service_provinces[1]")),
        st.sampled_from(["dancing", "B24", "", "Inbound"]).map(
            lambda v: _defect("activities", ["seat_rental", v], "activities[1]")
        ),
        st.just(_defect("activities", [])),
        st.sampled_from(["mars", "", None]).map(
            lambda v: _defect("end_users", [v], "end_users[0]")
        ),
        st.sampled_from(["moon", 1, None]).map(lambda v: _defect("platform_location", v)),
        st.sampled_from(["-0.01", "100.01", 101, "fifty"]).map(
            lambda v: _defect("foreign_equity_percent", v)
        ),
        st.sampled_from(["400", 95, "95 "]).map(
            lambda v: _defect("number_resources", [v], "number_resources[0]")
        ),
        st.sampled_from(["B24", "B99", "b25", 25]).map(
            lambda v: _defect("other_value_added_services", [v], "other_value_added_services[0]")
        ),
        st.sampled_from([-1, 2.5, "ten", True]).map(lambda v: _defect("professional_staff", v)),
        st.sampled_from(EVIDENCE_FIELDS[1:]).flatmap(
            lambda f: st.sampled_from(["yes", 0, 1, "true"]).map(lambda v: _defect(f, v))
        ),
        st.sampled_from(["ceo", "", None]).map(
            lambda v: _defect(
                "violations", [{"party": v, "date": "2015-01-01"}], "violations[0].party"
            )
        ),
        st.sampled_from(["2015-02-30", "yesterday", "2015/01/01", 20150101]).map(
            lambda v: _defect("violations", [{"party": "company", "date": v}], "violations[0].date")
        ),
        st.just(_defect("violations", [{"party": "company"}], "violations[0].date")),
        st.sampled_from(["shenzhen", "hainan_free_trade_port", "moon", 7]).map(
            lambda v: _defect("registered_zone", v)  # the base is registered in Beijing
        ),
        st.sampled_from(["yes", 1]).map(lambda v: _defect("foreign_investor_track_record", v)),
        st.text(min_size=1, max_size=12)
        .filter(lambda k: k not in _PROFILE_FIELDS)
        .map(lambda k: _defect(k, 1)),
    )


# ---------------------------------------------------------------- licence holders

_PREFIX_OF: Final = {province: prefix for prefix, province in ABBREVIATIONS.items()}
#: Business categories a generated licence lists.
_LICENCE_SCOPES: Final = ("B24-1", "B24-2", "B25", "B21")


def _day_between(first: datetime.date, last: datetime.date) -> st.SearchStrategy[datetime.date]:
    return st.dates(min_value=first, max_value=max(first, last))


@st.composite
def licences(
    draw: st.DrawFn,
    *,
    license_type: str | None = None,
    first_issue: datetime.date = datetime.date(2012, 1, 1),
    last_issue: datetime.date = datetime.date(2028, 12, 31),
) -> dict[str, Any]:
    """Valid licences as JSON-like data (`callcenter_rules.Licence.from_dict` takes them):
    provincial or cross-regional numbers, with or without the type and authority they
    imply, a 5-year term (sometimes a shorter or longer one), and a holder's record of
    reports, launches, renewal and changes, each part sometimes unknown (null)."""
    kind = license_type or draw(st.sampled_from(("regional", "nationwide")))
    serial = draw(st.integers(min_value=0, max_value=99_999_999))
    licence: dict[str, Any] = {}
    if kind == "regional":
        province = draw(st.sampled_from(list(Province)))
        licence["number"] = f"{_PREFIX_OF[province]}B2-{serial:08d}"
        if draw(st.booleans()):
            licence["license_type"] = "regional"
            licence["authority"] = draw(st.sampled_from((province.code, province.name_en)))
    else:
        licence["number"] = f"B2-{serial:08d}"
        if draw(st.booleans()):
            licence["license_type"] = "nationwide"
            licence["authority"] = "MIIT"
        if draw(st.booleans()):
            covered = draw(
                st.lists(st.sampled_from(list(Province)), min_size=2, max_size=6, unique=True)
            )
            licence["coverage"] = [p.code for p in covered]
    scopes = draw(st.lists(st.sampled_from(_LICENCE_SCOPES), min_size=1, max_size=3, unique=True))
    licence["scopes"] = scopes
    issued = draw(_day_between(first_issue, last_issue))
    term = draw(st.sampled_from((5, 5, 5, 3)))
    expires = _years_later(issued, term)
    licence["expires_on"] = expires.isoformat()
    if draw(st.booleans()):
        licence["issued_on"] = issued.isoformat()
    years = list(range(issued.year, expires.year + 1))
    licence["annual_reports_filed"] = draw(
        st.none() | st.lists(st.sampled_from(years), unique=True, max_size=len(years))
    )
    licence["launched_scopes"] = draw(
        st.none() | st.lists(st.sampled_from(scopes), unique=True, max_size=len(scopes))
    )
    licence["renewal_applied_on"] = draw(
        st.none()
        | _day_between(expires - datetime.timedelta(days=240), expires).map(datetime.date.isoformat)
    )
    licence["numbers"] = draw(st.lists(st.sampled_from(("95", "96")), unique=True, max_size=2))
    events = []
    for _ in range(draw(st.integers(min_value=0, max_value=4))):
        happened = draw(_day_between(issued, expires + datetime.timedelta(days=120)))
        event: dict[str, Any] = {
            "kind": draw(st.sampled_from([k.value for k in LicenceChange])),
            "happened_on": happened.isoformat(),
        }
        if draw(st.booleans()):
            offset = draw(st.integers(min_value=-150, max_value=60))
            event["filed_on"] = (happened + datetime.timedelta(days=offset)).isoformat()
        if event not in events:  # the same change twice is refused as a repeat
            events.append(event)
    licence["events"] = events
    for flag in ("outbound_undertaking_filed", "on_non_compliance_list", "on_dishonesty_list"):
        licence[flag] = draw(st.none() | st.booleans())
    if draw(st.booleans()):
        licence["holder"] = draw(names())
    return licence


def _years_later(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)
