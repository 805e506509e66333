"""The language the law is written in: facts and their fields in real units, conditions,
rules and the findings they emit.

A rule reads like the provision it encodes::

    Rule(
        id="CAPITAL-REGIONAL",
        summary="A regional licence needs registered capital of at least CNY {capital_minimum.regional}.",
        sources=MIN_CAPITAL,
        when={
            "licence": LICENCE.type == "regional",
            "company": COMPANY.registered_capital_cny < param("capital_minimum.regional"),
        },
        findings=(CAPITAL_BELOW_MINIMUM,),
    )

Conditions are over yuan, percentages, dates, counts and codes, named for what they are.
Nothing here knows how the engine encodes them (fen, millionths, ``YYYYMMDD``): the compiler
(`callcenter_rules.compile`) does, and it is the only bridge to the engine.

``when`` maps an alias to a fact type (any fact of that type) or a condition on one; the
aliases are the words a rule's values function reads its match by. A condition may compare
with another alias's field (``SERVICE_AREA.province != COMPANY.registered_province``): the
field belongs to the alias bound to that fact type earlier in the same ``when``.
"""

from __future__ import annotations

import datetime
import enum
import hashlib
import inspect
import linecache
import marshal
import re
import types
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any, Final, Union

import attrs

from .citation import ALWAYS, CONFIDENCE_ORDER, Confidence, Period, Severity, Source
from .parameters import ParameterTable, ParamRef, YearsLater
from .wording import day_zh, yuan_zh

__all__ = [
    "CLEARED",
    "ChangeKind",
    "Condition",
    "DerivedFact",
    "FactType",
    "Field",
    "FindingSpec",
    "Law",
    "Match",
    "Proposal",
    "Remedy",
    "Rule",
    "Situation",
    "Unit",
    "check_rulebook",
    "check_wording",
    "exception_alias",
    "fingerprint",
    "is_wording",
    "negate",
    "render_summary",
]


class Unit(enum.Enum):
    """What a fact field holds, in real units."""

    #: An amount of yuan (`decimal.Decimal`).
    YUAN = "CNY"
    #: A percentage from 0 to 100 (`decimal.Decimal`).
    PERCENT = "percent"
    #: A day (`datetime.date`).
    DAY = "date"
    #: A whole number.
    COUNT = "count"
    #: True or false.
    FLAG = "flag"
    #: A code (an enum value, a province's GB/T 2260 code).
    CODE = "code"
    #: A list of codes.
    CODES = "codes"


#: The parameter units a field of each unit may be compared with.
COMPATIBLE_UNITS: Final = {
    Unit.YUAN: {"CNY"},
    Unit.PERCENT: {"percent"},
    Unit.DAY: {"date"},
    Unit.COUNT: {"count", "years"},
    Unit.CODES: {"codes"},
}


class Condition:
    """A condition on one fact; ``&`` and ``|`` combine conditions on the same fact."""

    def __and__(self, other: Condition) -> Condition:
        return All((self, other))

    def __or__(self, other: Condition) -> Condition:
        return Either((self, other))

    @property
    def fields(self) -> tuple[Field, ...]:
        """The fields of the condition's own fact that it tests, in order."""
        raise NotImplementedError


Value = Union[str, int, bool, Decimal, datetime.date, ParamRef, YearsLater, "Field", "Shifted"]


@attrs.frozen(eq=False)
class _OnField(Condition):
    """A condition on one field of the fact."""

    field: Field

    @property
    def fields(self) -> tuple[Field, ...]:
        return (self.field,)


@attrs.frozen(eq=False)
class Compare(_OnField):
    """``field <op> value``: a literal, a parameter, or another alias's field."""

    op: str
    value: Value


@attrs.frozen(eq=False)
class Unknown(_OnField):
    """The field is absent from the fact: the evidence is unknown."""


@attrs.frozen(eq=False)
class Known(_OnField):
    """The field is present in the fact: the evidence is known."""


@attrs.frozen(eq=False)
class OneOf(_OnField):
    """A code field equals one of ``values``."""

    values: tuple[str, ...]


@attrs.frozen(eq=False)
class Includes(_OnField):
    """A list field includes at least one of ``values`` (or of a ``codes`` parameter's)."""

    values: tuple[str, ...] | ParamRef


@attrs.frozen(eq=False)
class IncludesNone(_OnField):
    """A list field includes none of ``values`` (every item is something else). The
    engine holds it false for an empty list: use it on lists that are never empty."""

    values: tuple[str, ...] | ParamRef


@attrs.frozen(eq=False)
class All(Condition):
    """Every part holds."""

    parts: tuple[Condition, ...]

    @property
    def fields(self) -> tuple[Field, ...]:
        return _unique(f for part in self.parts for f in part.fields)


@attrs.frozen(eq=False)
class Either(Condition):
    """At least one part holds."""

    parts: tuple[Condition, ...]

    @property
    def fields(self) -> tuple[Field, ...]:
        return _unique(f for part in self.parts for f in part.fields)


def _unique(fields: Iterable[Field]) -> tuple[Field, ...]:
    seen: dict[str, Field] = {}
    for field in fields:
        seen.setdefault(field.name, field)
    return tuple(seen.values())


_INVERSE: Final = {"<": ">=", ">=": "<", ">": "<=", "<=": ">", "==": "!=", "!=": "=="}


def negate(condition: Condition) -> Condition:
    """The condition that holds exactly when ``condition`` does not, as the engine tests
    both: a comparison on an optional field is false when the field is absent, so its
    negation holds then. The parts of a negated ``All`` exclude one another (``not A``,
    or ``A`` and ``not B``, ...), because the engine fires a rule once for every part of an
    ``Either`` that holds.

    Raises:
        ValueError: the condition cannot be negated exactly (what a list that may be empty
            includes).
    """
    if isinstance(condition, All):
        branches: list[Condition] = []
        for index, part in enumerate(condition.parts):
            branches.append(_all((*condition.parts[:index], negate(part))))
        return branches[0] if len(branches) == 1 else Either(tuple(branches))
    if isinstance(condition, Either):
        return _all(tuple(negate(part) for part in condition.parts))
    if isinstance(condition, Unknown):
        return Known(condition.field)
    if isinstance(condition, Known):
        return Unknown(condition.field)
    field = condition.field if isinstance(condition, _OnField) else None
    if isinstance(condition, Includes | IncludesNone):
        assert field is not None
        if not field.never_empty:
            raise ValueError(f"{field!r} may be empty: what it includes cannot be negated")
        opposite: Condition = (
            IncludesNone(field, condition.values)
            if isinstance(condition, Includes)
            else Includes(field, condition.values)
        )
        return _or_unknown(field, opposite)
    if isinstance(condition, OneOf):
        assert field is not None
        others = tuple(v for v in field.domain if v not in condition.values)
        if field.domain and len(others) < len(condition.values):
            if not others:
                raise ValueError(f"{field!r} is always one of {condition.values}")
            return _or_unknown(field, OneOf(field, others))
        parts = tuple(Compare(field, "!=", value) for value in condition.values)
        return _or_unknown(field, _all(parts))
    if isinstance(condition, Compare):
        return _or_unknown(
            condition.field, Compare(condition.field, _INVERSE[condition.op], condition.value)
        )
    raise ValueError(f"cannot negate {condition!r}")


def _all(parts: tuple[Condition, ...]) -> Condition:
    return parts[0] if len(parts) == 1 else All(parts)


def _or_unknown(field: Field, condition: Condition) -> Condition:
    """``condition``, or (for an optional field) the field is absent."""
    return Either((condition, Unknown(field))) if field.optional else condition


@attrs.frozen(eq=False)
class Shifted:
    """Another alias's day field moved back by whole years: ``as_of`` minus 3 years."""

    day: Field
    years: int | ParamRef


@attrs.frozen(eq=False)
class Field:
    """A field of a fact type; comparing it builds a `Condition`."""

    fact: str
    name: str
    unit: Unit
    #: How the field reads in an explanation, e.g. "registered capital".
    label: str
    #: Absent from the fact when unknown (evidence the user did not give).
    optional: bool = False
    #: How the field reads in a Chinese explanation, e.g. "注册资本".
    label_zh: str = ""
    #: A list that always holds at least one item (the input requires it).
    never_empty: bool = False
    #: Every value a code field can hold, when they are few: "not one of these" is then
    #: written as "one of the others", which the engine tests in fewer steps.
    domain: tuple[str, ...] = ()

    __hash__ = object.__hash__

    def __lt__(self, other: Value) -> Condition:
        return Compare(self, "<", other)

    def __le__(self, other: Value) -> Condition:
        return Compare(self, "<=", other)

    def __gt__(self, other: Value) -> Condition:
        return Compare(self, ">", other)

    def __ge__(self, other: Value) -> Condition:
        return Compare(self, ">=", other)

    def __eq__(self, other: object) -> Condition:  # type: ignore[override]
        return Compare(self, "==", other)  # type: ignore[arg-type]

    def __ne__(self, other: object) -> Condition:  # type: ignore[override]
        return Compare(self, "!=", other)  # type: ignore[arg-type]

    def is_true(self) -> Condition:
        """The flag is set (known and true)."""
        return Compare(self, "==", True)

    def is_false(self) -> Condition:
        """The flag is known and false."""
        return Compare(self, "==", False)

    def is_one_of(self, values: Iterable[str | enum.Enum]) -> Condition:
        """The code is one of ``values``."""
        return OneOf(self, _codes(values))

    def is_unknown(self) -> Condition:
        """The evidence is unknown (the field was not given)."""
        if not self.optional:
            raise ValueError(f"{self.fact}.{self.name} is always known")
        return Unknown(self)

    def includes(self, *values: str | enum.Enum) -> Condition:
        """The list includes at least one of ``values``."""
        return Includes(self, _codes(values))

    def includes_any(self, values: Iterable[str | enum.Enum] | ParamRef) -> Condition:
        """The list includes at least one of ``values``: codes, or a ``codes`` parameter."""
        return Includes(self, values if isinstance(values, ParamRef) else _codes(values))

    def includes_none_of(self, values: Iterable[str | enum.Enum]) -> Condition:
        """The list includes none of ``values`` (only for a list that is never empty: the
        engine holds the condition false for an empty one)."""
        if not self.never_empty:
            raise ValueError(f"{self.fact}.{self.name} may be empty: test what it includes")
        return IncludesNone(self, _codes(values))

    def is_known(self) -> Condition:
        """The evidence is known (the field was given)."""
        if not self.optional:
            raise ValueError(f"{self.fact}.{self.name} is always known")
        return Known(self)

    def years_before(self, years: int | ParamRef) -> Shifted:
        """This day field moved back by whole years, to compare another day with."""
        return Shifted(self, years)

    def within_years_before(self, day: Field, years: int | ParamRef) -> Condition:
        """This day lies in the ``years`` years up to and including ``day``."""
        return All((Compare(self, ">=", Shifted(day, years)), Compare(self, "<=", day)))

    def less_than_years_before(self, day: Field, years: int | ParamRef) -> Condition:
        """This day is ``day`` or lies less than ``years`` whole years before it (a span
        of years that ends on the eve of its anniversary)."""
        return All((Compare(self, ">", Shifted(day, years)), Compare(self, "<=", day)))

    def __repr__(self) -> str:
        return f"{self.fact}.{self.name}"


def _codes(values: Iterable[str | enum.Enum]) -> tuple[str, ...]:
    codes = tuple(str(v.value) if isinstance(v, enum.Enum) else v for v in values)
    if not codes:
        raise ValueError("a list of values must not be empty")
    return codes


class FactType:
    """A kind of fact: ``COMPANY``, ``LICENCE``; its fields are attributes."""

    def __init__(self, name: str, fields: Sequence[Field] = (), *, derived: bool = False) -> None:
        self.name = name
        self.derived = derived
        self.fields: dict[str, Field] = {}
        for field in fields:
            if field.fact != name:
                raise ValueError(f"field {field!r} does not belong to {name}")
            self.fields[field.name] = field

    def __getattr__(self, name: str) -> Field:
        fields = self.__dict__.get("fields", {})
        if name in fields:
            return fields[name]  # type: ignore[no-any-return]
        raise AttributeError(f"fact {self.__dict__.get('name')} has no field {name!r}")

    def make(self, **values: Any) -> DerivedFact:
        """A fact of this type for a rule to derive; a value may be a bound `Field`."""
        unknown = set(values) - set(self.fields)
        if unknown:
            raise ValueError(f"fact {self.name} has no field(s) {sorted(unknown)}")
        return DerivedFact(self, tuple(values.items()))

    def __repr__(self) -> str:
        return self.name


@attrs.frozen
class DerivedFact:
    """A fact a rule derives: its type and field values (literals or bound fields)."""

    type: FactType = attrs.field(eq=False)
    values: tuple[tuple[str, Any], ...] = ()


#: What a rule's values function receives: the matched facts by alias, in real units.
Match = Mapping[str, Mapping[str, Any]]
#: The parameter values in force for the rule (only those it uses or declares).
Law = Mapping[str, Any]
Values = Callable[[Match, Law], Mapping[str, Any]]


class ChangeKind(enum.Enum):
    """What kind of change to a company a remedy asks for: a form to fill, or a company
    to restructure."""

    #: An unknown fact stated (the evidence exists but was not given).
    EVIDENCE = "evidence"
    #: Something to prepare or secure: staff, premises, a technical plan, service measures.
    CAPABILITY = "capability"
    #: Registered capital raised.
    CAPITAL = "capital"
    #: The provinces served narrowed.
    SERVICE_AREA = "service_area"
    #: A number resource (a 95 number) given up.
    NUMBERS = "numbers"
    #: An activity or another telecom category dropped.
    ACTIVITIES = "activities"
    #: Foreign equity or the foreign investor changed.
    OWNERSHIP = "ownership"
    #: The company itself changed: its legal form, where its platform or address is.
    RESTRUCTURE = "restructure"


@attrs.frozen
class Situation:
    """What a remedy sees: the finding's evidence, the profile as canonical JSON-ready data
    (`Profile.to_dict`), and the parameter values in force on the day assessed."""

    evidence: Mapping[str, Any]
    profile: Mapping[str, Any]
    law: Mapping[str, Any]


class _Cleared:
    """The value a proposal gives to set a field to null (unknown, or no zone)."""

    _instance: _Cleared | None = None

    def __new__(cls) -> _Cleared:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "CLEARED"


#: What a proposal's value function returns to set its field to null: a company that
#: registers elsewhere is no longer in its old zone.
CLEARED: Final = _Cleared()


@attrs.frozen
class Proposal:
    """One change a remedy proposes: ``field`` set to what ``value`` returns (JSON-ready,
    as `Profile.to_dict` writes it; `CLEARED` for null; ``None``: this remedy does not
    apply here).

    ``message`` and ``message_zh`` are ``str.format`` templates over ``current`` and
    ``proposed`` (the values as people read them) and the finding's evidence."""

    field: str
    kind: ChangeKind
    value: Callable[[Situation], Any]
    message: str
    message_zh: str


@attrs.frozen
class Remedy:
    """One way to lift a finding: changes made together (narrowing the service area to the
    home province and giving up the 95 number, say). The planner applies them and lets the
    rules judge the changed profile: a remedy proposes, it does not decide."""

    proposals: tuple[Proposal, ...]


@attrs.frozen
class FindingSpec:
    """A finding a rule emits.

    ``message``, ``message_zh``, ``remediation`` and ``remediation_zh`` are ``str.format``
    templates over the rule's values; a finding with advice has it in both languages. ``evidence`` names the profile fields the finding rests on; the rule's
    values are evidence too, except those named with a leading ``_`` or ending in ``_zh``
    (wording for the messages only). ``repeatable``: one rule may emit the finding more
    than once per assessment (once per violation, say); such findings are ordered by
    their evidence.
    """

    code: str
    severity: Severity
    message: str
    message_zh: str
    remediation: str | None = None
    evidence: tuple[str, ...] = ()
    repeatable: bool = False
    remediation_zh: str | None = None
    #: The ways to lift the finding, for the planner (`callcenter_rules.plan`). A blocking
    #: or unknown finding without remedies cannot be lifted by the applicant.
    remedies: tuple[Remedy, ...] = ()
    #: The provisions the finding cites, when they are not its rule's: a warning that one
    #: reading of the rule's provision is contested rests on the research into that
    #: question, with its own confidence. The first in force on the day is cited.
    sources: tuple[Source, ...] = ()
    #: The verdict rests on this finding: it decides whether a licence is needed, which
    #: one, or who issues it (a scope or licence-type finding, a warning that the
    #: classification or the licence is contested). Blocking findings decide an
    #: ``ineligible`` status, and unknown ones an ``incomplete`` one, without saying so.
    decides: bool = False
    #: Not a finding but a licence holder's obligation (`callcenter_rules.results.review`):
    #: the rule's values give its ``due`` day, the day its ``window_opens`` and, when it was
    #: done, ``done`` and ``done_on``; a review lists it among the obligations.
    obligation: bool = False

    @property
    def outcome(self) -> str:
        """How the finding counts in the decision: ``unmet``, ``unknown`` or ``note``."""
        if self.severity is Severity.BLOCKING:
            return "unmet"
        if self.code.endswith("_UNKNOWN"):
            return "unknown"
        return "note"


Pattern = FactType | Condition


@attrs.frozen(kw_only=True)
class Rule:
    """One rule, declared next to the law it encodes."""

    #: Stable id, e.g. ``CAPITAL-NATIONWIDE``; written literally, so grep finds it.
    id: str
    #: One plain-language line: what the rule says. ``{parameter.name}`` shows a parameter's
    #: value.
    summary: str
    #: The same line in Chinese, as a Chinese compliance document would put it.
    summary_zh: str = ""
    #: The provisions relied on; a finding cites the first one in force on ``as_of``.
    sources: tuple[Source, ...]
    #: Conditions by alias: a fact type, or a condition on one.
    when: Mapping[str, Pattern]
    #: The days on which the rule applies.
    period: Period = ALWAYS
    #: Facts the rule derives.
    derive: tuple[DerivedFact, ...] = ()
    findings: tuple[FindingSpec, ...] = ()
    #: Fixed values for the message templates and the evidence; a value may be a parameter.
    constants: Mapping[str, Any] = attrs.field(factory=dict)
    #: Values for the message templates and the evidence, from the matched facts and the
    #: parameters in force.
    values: Values | None = None
    #: Values for the message templates only (each named as `is_wording` says: starting
    #: with ``_`` or ending in ``_zh``), worked out when a message is first read, not while
    #: the rules run: Chinese amounts and province names that most assessments never show.
    #: Gets what ``values`` gets.
    wording: Values | None = None
    #: Parameters ``values`` and ``wording`` read, besides those in the conditions.
    parameters: tuple[str, ...] = ()
    #: The rules this one is an exception to: on a day in this rule's period, where its
    #: conditions hold, it applies and they do not (a pilot that names another authority
    #: than the general rule, say). An exception matches the same aliases as each rule it
    #: excepts, with the same patterns but for one alias, whose condition the compiler
    #: adds, negated, to that rule's.
    exception_to: tuple[str, ...] = ()

    @property
    def all_sources(self) -> tuple[Source, ...]:
        """The rule's sources, then those its findings cite instead (`FindingSpec.sources`)."""
        return (*self.sources, *(s for spec in self.findings for s in spec.sources))

    @property
    def fact_ids(self) -> tuple[str, ...]:
        """The domain fact ids this rule encodes."""
        return tuple(dict.fromkeys(s.fact_id for s in self.all_sources))

    @property
    def codes(self) -> tuple[str, ...]:
        """The finding codes this rule can produce."""
        return tuple(spec.code for spec in self.findings)

    @property
    def confidence(self) -> Confidence:
        """The lowest confidence among the rule's sources and its findings'."""
        return min((s.confidence for s in self.all_sources), key=CONFIDENCE_ORDER.index)

    def used_parameters(self) -> tuple[str, ...]:
        """Every parameter the rule depends on: in its conditions, its period, its
        sources' periods, its constants, its summary and its values function."""
        names: list[str] = []
        for pattern in self.when.values():
            if isinstance(pattern, Condition):
                names += _condition_parameters(pattern)
        names += self.period.parameters
        for source in self.all_sources:
            names += source.period.parameters
        names += [v.name for v in self.constants.values() if isinstance(v, ParamRef)]
        names += re.findall(r"\{([a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)+)\}", self.summary)
        names += self.parameters
        return tuple(dict.fromkeys(names))

    def days(self, table: ParameterTable) -> tuple[datetime.date, ...]:
        """Every day on which the rule starts or stops applying, or a condition of it
        changes: the ends of its period and its sources' periods, and the days its
        conditions compare with (for tests to probe both sides of each)."""
        found: set[datetime.date] = set()
        for period in (self.period, *(s.period for s in self.all_sources)):
            resolved = period.resolve(table)
            found.update(d for d in (resolved.start, resolved.end) if isinstance(d, datetime.date))
        for pattern in self.when.values():
            if isinstance(pattern, Condition):
                found.update(_condition_days(pattern, table))
        return tuple(sorted(found))

    def source_on(self, day: datetime.date, table: ParameterTable) -> Source:
        """The source in force on ``day`` (the first listed one if none says otherwise)."""
        for source in self.sources:
            if day in source.period.resolve(table):
                return source
        return self.sources[0]

    def describe(self, table: ParameterTable) -> dict[str, Any]:
        """The rule's metadata as JSON-ready data: id, summary, period, sources, codes,
        parameters."""
        period = self.period.resolve(table)
        return {
            "id": self.id,
            "summary": render_summary(self.summary, table, None),
            "summary_zh": render_summary(self.summary_zh, table, None, "zh"),
            "period": str(period),
            "period_zh": period.text_zh(),
            "effective_from": period.start.isoformat()
            if isinstance(period.start, datetime.date)
            else None,
            "effective_until": (period.end - datetime.timedelta(days=1)).isoformat()
            if isinstance(period.end, datetime.date)
            else None,
            "fact_ids": list(self.fact_ids),
            "confidence": self.confidence.value,
            "codes": list(self.codes),
            "deciding_codes": [spec.code for spec in self.findings if spec.decides],
            "exception_to": list(self.exception_to),
            "derives": sorted({fact.type.name for fact in self.derive}),
            "parameters": list(self.used_parameters()),
            "sources": [
                {
                    "document": s.provision.document.title,
                    "document_zh": s.provision.document.title_zh,
                    "article": s.provision.article,
                    "article_zh": s.provision.article_zh or s.provision.article,
                    "text_zh": s.provision.text_zh,
                    "fact_id": s.fact_id,
                    "confidence": s.confidence.value,
                    "period": str(s.period.resolve(table)),
                    "period_zh": s.period.resolve(table).text_zh(),
                }
                for s in self.all_sources
            ],
        }


def fingerprint(rule: Rule, table: ParameterTable) -> dict[str, Any]:
    """Everything about ``rule`` that can change an output, JSON-ready: its metadata
    (`Rule.describe`), each finding's severity, wording, evidence, sources and remedies, its
    constants and derived facts, and the code of its values and remedy functions (by the
    digest of the file that defines each, its qualified name and the values it closes
    over). The conditions are in the engine's definition, hashed beside this."""
    return {
        **rule.describe(table),
        "findings": [
            {
                "code": spec.code,
                "severity": spec.severity.value,
                "texts": [spec.message, spec.message_zh, spec.remediation, spec.remediation_zh],
                "evidence": list(spec.evidence),
                "repeatable": spec.repeatable,
                "decides": spec.decides,
                **({"obligation": True} if spec.obligation else {}),
                "remedies": [
                    [
                        [p.field, p.kind.value, p.message, p.message_zh, _code_of(p.value)]
                        for p in remedy.proposals
                    ]
                    for remedy in spec.remedies
                ],
            }
            for spec in rule.findings
        ],
        "constants": {key: _plain(value) for key, value in sorted(rule.constants.items())},
        "values": _code_of(rule.values) if rule.values is not None else None,
        **({"wording": _code_of(rule.wording)} if rule.wording is not None else {}),
        "derive": [
            [fact.type.name, [[key, _plain(value)] for key, value in fact.values]]
            for fact in rule.derive
        ],
    }


def _plain(value: Any) -> Any:
    """A declared value as stable text (the same in every process)."""
    if isinstance(value, Field):
        return f"field:{value!r}"
    if isinstance(value, ParamRef | YearsLater):
        return f"param:{value!r}"
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    if isinstance(value, enum.Enum):
        return f"{type(value).__name__}.{value.name}"
    if isinstance(value, str | int | bool | Decimal | datetime.date) or value is None:
        return repr(value)
    if callable(value):
        return _code_of(value)
    return type(value).__qualname__


_CODE_DIGESTS: dict[Any, str] = {}
#: Values a function may read from its module that are hashed by what they hold.
_PLAIN_TYPES: Final = (str, int, float, bool, Decimal, datetime.date, enum.Enum, type(None))


def _code_of(function: Callable[..., Any]) -> list[Any]:
    """A function's code as stable text: a digest of its source and of the source of every
    function and class of its own module or of this package that it names (followed
    through the functions they name in turn), and of the plain values (strings, numbers,
    enums and tables of them) it reads from their modules; its qualified name; and the
    values it closes over. The same in every process and Python version for the same
    source; a change elsewhere in the same file (an import, another rule) leaves it as it
    is."""
    code = getattr(function, "__code__", None)
    if code is None:
        return [type(function).__qualname__]
    digest = _CODE_DIGESTS.get(function)
    if digest is None:
        digest = _CODE_DIGESTS[function] = _code_digest(function)
    cells = [_plain(cell.cell_contents) for cell in getattr(function, "__closure__", None) or ()]
    return [digest, function.__qualname__, cells]


def _code_digest(function: Callable[..., Any]) -> str:
    home = getattr(function, "__module__", None) or ""
    own = (home, __name__.split(".", 1)[0])
    seen: set[int] = set()
    parts: list[str] = []
    todo: list[Any] = [function]
    while todo:
        item = todo.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        parts.append(f"{getattr(item, '__qualname__', '?')}\n{_source(item)}")
        if not isinstance(item, types.FunctionType):
            continue
        names = _names(item.__code__)
        scopes = [item.__globals__]
        for name in names:
            value = item.__globals__.get(name)
            if isinstance(value, types.ModuleType) and value.__name__.startswith(own):
                scopes.append(vars(value))
        for scope in scopes:
            for name in sorted(names & scope.keys()):
                value = scope[name]
                if isinstance(value, types.FunctionType | type):
                    if (getattr(value, "__module__", None) or "").startswith(own):
                        todo.append(value)
                elif _is_plain(value):
                    parts.append(f"{name}={_plain_value(value)}")
    return hashlib.sha256("\n".join(sorted(parts)).encode()).hexdigest()


def _source(item: Any) -> str:
    """The source text of a function (its lines, read once per file) or a class; compiled
    code where there is no source."""
    code = getattr(item, "__code__", None)
    if code is not None:
        lines = linecache.getlines(code.co_filename)
        last = _last_line(code)
        if lines and last >= code.co_firstlineno:
            return "".join(lines[code.co_firstlineno - 1 : last])
        return marshal.dumps(code).hex()
    try:
        return inspect.getsource(item)
    except (OSError, TypeError):
        return repr(item)


def _last_line(code: types.CodeType) -> int:
    last = max((line for _, _, line in code.co_lines() if line is not None), default=0)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            last = max(last, _last_line(const))
    return last


def _names(code: types.CodeType) -> set[str]:
    """Every global or attribute name ``code`` and the code nested in it use."""
    names = set(code.co_names)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            names |= _names(const)
    return names


def _is_plain(value: Any) -> bool:
    if isinstance(value, _PLAIN_TYPES):
        return True
    if isinstance(value, tuple | list | frozenset | set):
        return all(_is_plain(item) for item in value)
    if isinstance(value, Mapping):
        return all(_is_plain(key) and _is_plain(item) for key, item in value.items())
    return False


def _plain_value(value: Any) -> str:
    if isinstance(value, enum.Enum):
        return f"{type(value).__name__}.{value.name}"
    if isinstance(value, frozenset | set):
        return "{" + ",".join(sorted(_plain_value(item) for item in value)) + "}"
    if isinstance(value, Mapping):
        pairs = sorted(f"{_plain_value(k)}:{_plain_value(v)}" for k, v in value.items())
        return "{" + ",".join(pairs) + "}"
    if isinstance(value, tuple | list):
        return "[" + ",".join(_plain_value(item) for item in value) + "]"
    return repr(value)


def _condition_parameters(condition: Condition) -> list[str]:
    if isinstance(condition, All | Either):
        return [name for part in condition.parts for name in _condition_parameters(part)]
    if isinstance(condition, Includes | IncludesNone) and isinstance(condition.values, ParamRef):
        return [condition.values.name]
    if isinstance(condition, Compare):
        value = condition.value
        if isinstance(value, ParamRef):
            return [value.name]
        if isinstance(value, YearsLater):
            return [value.ref.name]
        if isinstance(value, Shifted) and isinstance(value.years, ParamRef):
            return [value.years.name]
    return []


def _condition_days(condition: Condition, table: ParameterTable) -> list[datetime.date]:
    if isinstance(condition, All | Either):
        return [day for part in condition.parts for day in _condition_days(part, table)]
    if not isinstance(condition, Compare):
        return []
    value = condition.value
    days: list[datetime.date] = []
    if isinstance(value, datetime.date):
        days = [value]
    elif isinstance(value, YearsLater):
        day = table.single(value.ref.name)
        days = [value.of(day)] if isinstance(day, datetime.date) else []
    elif isinstance(value, ParamRef) and table[value.name].unit == "date":
        days = [v.value for v in table[value.name].values if isinstance(v.value, datetime.date)]
    # "after the day" and "up to the day" change on the day after it.
    later = condition.op in {">", "<="}
    return [day + datetime.timedelta(days=1) if later else day for day in days]


_SUMMARY_PARAMETER: Final = re.compile(r"\{([a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)+)\}")


def is_wording(name: str) -> bool:
    """Whether a finding's value named ``name`` serves its wording only (a name starting
    with ``_`` or ending in ``_zh``), not as evidence: such values are left out of the
    finding's evidence and of the trace."""
    return name.startswith("_") or name.endswith("_zh")


def format_parameter(value: Any, unit: str, lang: str = "en") -> str:
    """A parameter value as a summary shows it: ``10,000,000``, ``50``, ``2019-07-30``; in
    Chinese ``1000万元`` (with its unit), ``2019年7月30日``."""
    zh = lang == "zh"
    if value is None:
        return "（无）" if zh else "(none)"
    if isinstance(value, tuple):
        return ("、" if zh else ", ").join(value)
    if isinstance(value, datetime.date):
        return day_zh(value) if zh else value.isoformat()
    if unit == "CNY":
        return yuan_zh(value) if zh else f"{value:,}"
    return str(value)


def render_summary(
    summary: str, table: ParameterTable, day: datetime.date | None, lang: str = "en"
) -> str:
    """The summary with each ``{parameter.name}`` replaced by its value on ``day`` (the
    latest value when ``day`` is None), written for ``lang``."""

    def value(match: re.Match[str]) -> str:
        parameter = table[match.group(1)]
        found = parameter.value_on(day) if day is not None else parameter.values[-1].value
        return format_parameter(found, parameter.unit, lang)

    return _SUMMARY_PARAMETER.sub(value, summary)


def exception_alias(base: Rule, exception: Rule) -> str | None:
    """The alias on which ``exception`` differs from ``base`` (None: on none, so the
    exception displaces the base rule wherever both apply).

    Raises:
        ValueError: the two do not match the same aliases with the same patterns but for
            one, or that one's condition cannot be negated; naming both rules.
    """
    if set(base.when) != set(exception.when):
        raise ValueError(
            f"rule {exception.id}: an exception to {base.id} must match the same aliases "
            f"({sorted(base.when)}), not {sorted(exception.when)}"
        )
    differ = [alias for alias in base.when if base.when[alias] is not exception.when[alias]]
    if len(differ) > 1:
        raise ValueError(
            f"rule {exception.id}: an exception to {base.id} may differ from it on one "
            f"alias only, not on {differ}"
        )
    if not differ:
        return None
    pattern = exception.when[differ[0]]
    if not isinstance(pattern, Condition):
        raise ValueError(f"rule {exception.id}: {differ[0]!r} must be a condition")
    try:
        negate(pattern)
    except ValueError as error:
        raise ValueError(f"rule {exception.id} (an exception to {base.id}): {error}") from None
    return differ[0]


def check_wording(rules: Sequence[Rule]) -> None:
    """Every rule has a Chinese summary using the same parameters as the English one, and
    every finding with advice has it in both languages.

    Raises:
        ValueError: naming the rule or finding and what is missing.
    """
    for rule in rules:
        if not rule.summary_zh.strip():
            raise ValueError(f"rule {rule.id}: no Chinese summary (summary_zh)")
        english = set(_SUMMARY_PARAMETER.findall(rule.summary))
        chinese = set(_SUMMARY_PARAMETER.findall(rule.summary_zh))
        if english != chinese:
            raise ValueError(
                f"rule {rule.id}: the summaries show different parameters: "
                f"{sorted(english)} in English, {sorted(chinese)} in Chinese"
            )
        for spec in rule.findings:
            if (spec.remediation is None) != (spec.remediation_zh is None):
                raise ValueError(
                    f"finding {spec.code} (rule {rule.id}): advice in one language only"
                )


def check_rulebook(rules: Sequence[Rule], table: ParameterTable) -> None:
    """Consistency checks over the declared rules, run when a ruleset is built.

    Raises:
        ValueError: naming the rule and the problem.
    """
    specs: dict[str, FindingSpec] = {}
    ids: set[str] = set()
    by_id = {rule.id: rule for rule in rules}
    for rule in rules:
        for base in rule.exception_to:
            if base not in by_id:
                raise ValueError(f"rule {rule.id}: an exception to unknown rule {base}")
            exception_alias(by_id[base], rule)
    for rule in rules:
        if rule.id in ids:
            raise ValueError(f"rule {rule.id}: the id is used twice")
        ids.add(rule.id)
        if not rule.sources:
            raise ValueError(f"rule {rule.id}: no legal source")
        if not rule.summary.strip():
            raise ValueError(f"rule {rule.id}: no summary")
        for name in rule.used_parameters():
            if name not in table:
                raise ValueError(f"rule {rule.id}: unknown parameter {name!r}")
        for spec in rule.findings:
            if spec.code.endswith("_UNKNOWN") and spec.severity is not Severity.WARNING:
                raise ValueError(f"rule {rule.id}: {spec.code} must be a warning")
            earlier = specs.setdefault(spec.code, spec)
            # A code means one thing for the decision: blocking or not. A note may grow into
            # a warning (LAW_NOT_REVIEWED_AFTER, as time passes).
            if (earlier.severity is Severity.BLOCKING) != (spec.severity is Severity.BLOCKING):
                raise ValueError(f"finding {spec.code} is blocking in one rule and not in another")
