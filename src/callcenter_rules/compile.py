"""The one bridge from the law's declarations to the durable-rules engine.

The law (`callcenter_rules.law`) speaks of yuan, percentages and days, and refers to
dated parameters by name. This module turns it into what the engine compares, and owns
every encoding:

* money as whole fen, rounded *down* exactly and capped at 2**53 (``capital < minimum``
  holds exactly when ``floor(capital * 100) < minimum * 100``, whatever the digits);
* percentages in millionths of a percent, rounded *up* (``equity > cap`` holds exactly when
  ``ceil(equity * 10**6) > cap * 10**6``);
* days as the integer ``YYYYMMDD`` (minus 30000 is the same day three calendar years
  earlier);
* codes, flags and counts as they are.

Because of the rounding, only the comparisons that stay exact are allowed: ``<`` and
``>=`` on amounts, ``>`` and ``<=`` on percentages; any other is refused when the rules
are compiled.

A parameter that changes on a day splits a rule into variants, one per span of days with
the same values, each limited to its span through the ``context`` fact; the variants keep
the rule's id (the engine sees ``ID@YYYY-MM-DD``). So a change in the law on a day is a
dated value in a data file, and the compiled ruleset holds literal thresholds.
"""

from __future__ import annotations

import datetime
import decimal
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from decimal import (
    MAX_EMAX,
    MIN_EMIN,
    ROUND_CEILING,
    ROUND_FLOOR,
    Context,
    Decimal,
    Inexact,
    Overflow,
    localcontext,
)
from typing import Any, Final, NamedTuple

import attrs

from .engine import (
    ENGINE_FIELDS,
    MAX_EXPRESSION_ENTRIES,
    Bindings,
    Consequence,
    Evaluation,
    RuleSpec,
    expression_entries,
    harden_definition,
)
from .labels import code_label
from .law import facts as vocabulary
from .law.citation import Citation, Period
from .law.language import (
    COMPATIBLE_UNITS,
    All,
    Compare,
    Condition,
    DerivedFact,
    Either,
    FactType,
    Field,
    FindingSpec,
    Includes,
    IncludesNone,
    Known,
    Match,
    OneOf,
    Rule,
    Shifted,
    Unit,
    Unknown,
    check_rulebook,
    exception_alias,
    is_wording,
    negate,
    render_summary,
)
from .law.parameters import ParameterTable, ParamRef, YearsLater
from .law.wording import day_zh, yuan_zh
from .provinces import Province
from .values import DECIMAL_CONTEXT

__all__ = [
    "MAX_EXACT",
    "CompiledLaw",
    "CompiledRule",
    "DeferredWording",
    "FindingRecord",
    "cny",
    "compile_law",
    "count_outcomes",
    "describe_derived",
    "describe_fact",
    "equity_micro",
    "fen",
    "ymd",
]

#: Largest integer the engine compares exactly.
MAX_EXACT: Final = 2**53

# ---------------------------------------------------------------- encodings


#: Where a whole amount is scaled: every digit of up to 28 kept, any exponent, and an
#: inexact result an error rather than a rounding.
_WHOLE: Final = Context(prec=28, Emax=MAX_EMAX, Emin=MIN_EMIN, traps=[Inexact, Overflow])


def _scaled(value: Decimal, places: int, rounding: str) -> int:
    """``value * 10**places`` rounded to a whole number, exactly, whatever the number of
    digits: the context holds every digit, so nothing is rounded before the last step (the
    default 28-digit context would round 9999999.999999999999999999999999 up to 10**7)."""
    sign, digits, exponent = value.as_tuple()
    if not isinstance(exponent, int):
        raise ValueError(f"not a finite amount: {value}")
    if exponent + places >= 0 and len(digits) <= _WHOLE.prec:
        # Whole already (the common case): scaleb keeps every digit, nothing to round; in a
        # context of its own, so that the caller's decimal context cannot round it.
        return int(value.scaleb(places, context=_WHOLE))
    if exponent + places + len(digits) < 0:  # |value * 10**places| < 1: no digits to keep
        if not any(digits):
            return 0
        if rounding == ROUND_FLOOR:
            return -1 if sign else 0
        return 0 if sign else 1
    with localcontext() as context:
        context.prec = len(digits) + max(exponent + places, 0) + 2
        context.traps[Inexact] = True
        return int(value.scaleb(places).to_integral_value(rounding=rounding))


def fen(amount_cny: Decimal) -> int:
    """Yuan as whole fen, rounded down exactly, capped at `MAX_EXACT`."""
    if amount_cny >= MAX_EXACT:  # the cap keeps every threshold comparison the same
        return MAX_EXACT
    return min(_scaled(amount_cny, 2, ROUND_FLOOR), MAX_EXACT)


def equity_micro(percent: Decimal) -> int:
    """A percentage in millionths of a percent, rounded up exactly."""
    return _scaled(percent, 6, ROUND_CEILING)


def ymd(day: datetime.date) -> int:
    """A date as the integer ``YYYYMMDD``, the form dates take inside the engine."""
    return day.year * 10000 + day.month * 100 + day.day


def _from_ymd(value: int) -> datetime.date:
    return datetime.date(value // 10000, value // 100 % 100, value % 100)


def cny(amount_fen: int) -> str:
    """Fen as a yuan amount for people: ``1000000000`` -> ``"10,000,000.00"``."""
    if amount_fen >= MAX_EXACT:
        return f"≥ {MAX_EXACT // 100:,}"
    return f"{Decimal(amount_fen) / 100:,.2f}"


ENCODE: Final[dict[Unit, Callable[[Any], Any]]] = {
    Unit.YUAN: fen,
    Unit.PERCENT: equity_micro,
    Unit.DAY: ymd,
    Unit.COUNT: lambda value: min(int(value), MAX_EXACT),
    Unit.FLAG: bool,
    Unit.CODE: str,
    Unit.CODES: list,
}
DECODE: Final[dict[Unit, Callable[[Any], Any]]] = {
    Unit.YUAN: lambda value: Decimal(value) / 100,
    Unit.PERCENT: lambda value: Decimal(value) / 1_000_000,
    Unit.DAY: _from_ymd,
    Unit.COUNT: int,
    Unit.FLAG: bool,
    Unit.CODE: str,
    Unit.CODES: list,
}
#: The comparisons that stay exact under each unit's rounding.
_EXACT: Final = {
    Unit.YUAN: {"<", ">="},
    Unit.PERCENT: {">", "<="},
}
_OPERATORS: Final = {"<": "$lt", "<=": "$lte", ">": "$gt", ">=": "$gte", "!=": "$neq"}


class CompileError(ValueError):
    """A rule cannot be compiled as written; the message names the rule."""


def _threshold(rule: Rule, field: Field, value: Any, parameter: str | None = None) -> Any:
    """A literal compared with ``field``, in the engine's encoding, checked to be exact."""
    if field.unit in (Unit.YUAN, Unit.PERCENT) and isinstance(value, int | str):
        value = Decimal(value)
    encoded = ENCODE[field.unit](value)
    if field.unit in (Unit.YUAN, Unit.PERCENT):
        back = DECODE[field.unit](encoded)
        if back != Decimal(value):
            named = f"parameter {parameter}: " if parameter else ""
            raise CompileError(
                f"rule {rule.id}: {named}{value} cannot be compared exactly with {field!r} "
                "(amounts are compared in whole fen, percentages in millionths)"
            )
    return encoded


# ---------------------------------------------------------------- matched facts


#: How each field of a fact type is read back in real units, by field name.
Decoders = Mapping[str, Callable[[Any], Any]]


def _decoders(fact: FactType) -> Decoders:
    return {name: DECODE[field.unit] for name, field in fact.fields.items()}


class _Fact(Mapping[str, Any]):
    """A matched fact in real units, decoded field by field when read."""

    __slots__ = ("_decoders", "_raw")

    def __init__(self, decoders: Decoders, raw: Mapping[str, Any]) -> None:
        self._decoders = decoders
        self._raw = raw

    def __getitem__(self, name: str) -> Any:
        decode = self._decoders.get(name)
        if decode is None or name not in self._raw:
            raise KeyError(name)
        return decode(self._raw[name])

    def __iter__(self) -> Iterator[str]:
        return (name for name in self._decoders if name in self._raw)

    def __len__(self) -> int:
        return sum(1 for _ in self)


class _Match(Mapping[str, Mapping[str, Any]]):
    """The facts a rule matched, by alias, in real units."""

    __slots__ = ("_bindings", "_decoders", "_facts")

    def __init__(self, decoders: Mapping[str, Decoders], bindings: Bindings) -> None:
        self._decoders = decoders
        self._bindings = bindings
        self._facts: dict[str, _Fact] = {}

    def __getitem__(self, alias: str) -> Mapping[str, Any]:
        fact = self._facts.get(alias)
        if fact is None:
            if alias not in self._decoders:
                raise KeyError(alias)
            fact = self._facts[alias] = _Fact(self._decoders[alias], self._bindings[alias])
        return fact

    def __iter__(self) -> Iterator[str]:
        return iter(self._decoders)

    def __len__(self) -> int:
        return len(self._decoders)


# ---------------------------------------------------------------- compiling


#: Held while a finding's wording values are worked out (`DeferredWording.complete`).
_WORDING_LOCK: Final = threading.Lock()


class DeferredWording(dict[str, Any]):
    """A finding's values (`FindingRecord.params`) when its rule has a ``wording``
    (`Rule.wording`): a dict of the values given at once (the rule's constants and what
    its ``values`` gave: the evidence is taken from these), to which the wording-only
    values are added, all at once, when one of them is first looked up (by a message
    template). A dict, so that templates are filled at the speed of one. Pickles as the
    plain dict of them all."""

    __slots__ = ("_law", "_match", "_rule", "_wording")

    def __init__(
        self,
        given: Mapping[str, Any],
        wording: Callable[[Match, Mapping[str, Any]], Mapping[str, Any]],
        match: Match,
        law: Mapping[str, Any],
        rule: str,
    ) -> None:
        super().__init__(given)
        self._wording: Callable[[Match, Mapping[str, Any]], Mapping[str, Any]] | None = wording
        self._match = match
        self._law = law
        self._rule = rule

    def __missing__(self, name: str) -> Any:
        self.complete()
        if name in self:
            return dict.__getitem__(self, name)
        raise KeyError(name)  # a name no one gives, as before

    def complete(self) -> dict[str, Any]:
        """Every value: the wording's added, worked out now if they were not yet."""
        if self._wording is not None:
            with _WORDING_LOCK:  # one reader works them out; another waits, then has them
                wording = self._wording
                if wording is not None:
                    # Read after the assessment, maybe in a caller's decimal context: worked
                    # out in the library's own, as the values given at once were.
                    with decimal.localcontext(DECIMAL_CONTEXT):
                        words = wording(self._match, self._law)
                    clash = [name for name in words if not is_wording(name) or name in self]
                    if clash:
                        raise AssertionError(
                            f"rule {self._rule}: its wording gives {sorted(clash)}, which are "
                            "not wording-only names or are given by its values"
                        )
                    self.update(words)
                    self._wording = None
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        return (dict, (dict(self.complete()),))


class FindingRecord(NamedTuple):
    """What a rule's action hands back for one finding; rendered into a Finding later.

    A named tuple: one is made per finding per assessment, on the hot path.
    """

    rule: str
    code: str
    outcome: str
    params: Mapping[str, Any]


@attrs.frozen
class CompiledRule:
    """One variant of a rule as the engine runs it."""

    #: The engine's name for it: the rule id, or ``ID@YYYY-MM-DD`` for a variant.
    name: str
    rule: Rule
    #: The days it applies (resolved).
    period: Period
    #: The parameter values in force over those days, by name.
    law: Mapping[str, Any]
    #: The summary with its parameters filled in.
    summary: str
    #: The fact type each alias matches.
    aliases: Mapping[str, FactType]
    #: The fields of each alias's fact that the conditions test (for the trace).
    tested: Mapping[str, tuple[str, ...]]
    spec: RuleSpec
    #: The Chinese summary with its parameters filled in.
    summary_zh: str = ""


def count_outcomes(evaluation: Evaluation) -> dict[str, int]:
    """The findings an evaluation has emitted, by outcome: ``unmet``, ``unknown``, ``note``
    (the decision's tally, and the trace's)."""
    counts = {"unmet": 0, "unknown": 0, "note": 0}
    for output in evaluation.outputs:
        if isinstance(output, FindingRecord):
            counts[output.outcome] += 1
    return counts


@attrs.frozen
class CompiledLaw:
    """The law compiled against one parameter table, ready for the engine."""

    table: ParameterTable
    rules: tuple[Rule, ...]
    variants: Mapping[str, CompiledRule]
    #: Per rule id, its sources' citations with the periods they are in force.
    citations: Mapping[str, tuple[tuple[Period, Citation], ...]]
    #: Findings by (rule id, code).
    findings: Mapping[tuple[str, str], FindingSpec]
    #: The first day modelled (the 2015 catalogue in force).
    earliest: datetime.date
    #: The rule pack each pack rule comes from, by rule id (the law's rules are absent).
    packs: Mapping[str, str] = attrs.field(factory=dict)
    #: Per (rule id, code), the citations of a finding that cites sources of its own
    #: (`FindingSpec.sources`) with the periods they are in force.
    finding_citations: Mapping[tuple[str, str], tuple[tuple[Period, Citation], ...]] = attrs.field(
        factory=dict
    )
    #: What the assembly of findings works out once per compiled law (filled as used).
    assembly: dict[Any, Any] = attrs.field(factory=dict, init=False, eq=False, repr=False)

    @property
    def specs(self) -> list[RuleSpec]:
        """What the engine is built from."""
        return [variant.spec for variant in self.variants.values()]

    def rule_of(self, name: str) -> Rule:
        """The rule an engine name belongs to."""
        return self.variants[name].rule

    def citation(self, rule_id: str, day: datetime.date, code: str | None = None) -> Citation:
        """The citation of the rule's source in force on ``day`` (of the finding's own
        source, for a finding ``code`` that cites one)."""
        dated = self.finding_citations.get((rule_id, code or "")) or self.citations[rule_id]
        for period, citation in dated:
            if day in period:
                return citation
        return dated[0][1]

    @staticmethod
    def tally(evaluation: Evaluation) -> list[dict[str, Any]]:
        """Checkpoint: the findings so far by outcome, as one ``tally`` fact.

        The engine's negation is unreliable, so "no condition is unmet" is decided on this
        aggregate, asserted once every rule of the first stratum has fired.
        """
        return [{"t": vocabulary.TALLY.name, **count_outcomes(evaluation)}]


def compile_law(
    rules: Sequence[Rule], table: ParameterTable, packs: Mapping[str, str] | None = None
) -> CompiledLaw:
    """Compile ``rules`` against the parameter values in ``table``; ``packs`` names the
    rule pack of each pack rule, by rule id.

    Raises:
        ValueError: a rule names an unknown parameter, compares in a way the encoding
            cannot keep exact, refers to an alias it has not bound, or is otherwise not
            compilable; the message names the rule.
    """
    check_rulebook(rules, table)
    earliest = table.single("in_force.catalogue_2015")
    variants: dict[str, CompiledRule] = {}
    exceptions: dict[str, list[Rule]] = {}
    for rule in rules:
        for base in rule.exception_to:
            exceptions.setdefault(base, []).append(rule)
    for rule in rules:
        for variant in _variants(rule, table, earliest, exceptions.get(rule.id, ())):
            variants[variant.name] = variant
    citations = {
        rule.id: tuple((s.period.resolve(table), s.citation()) for s in rule.sources)
        for rule in rules
    }
    findings = {(rule.id, spec.code): spec for rule in rules for spec in rule.findings}
    finding_citations = {
        key: tuple((s.period.resolve(table), s.citation()) for s in spec.sources)
        for key, spec in findings.items()
        if spec.sources
    }
    return CompiledLaw(
        table,
        tuple(rules),
        variants,
        citations,
        findings,
        earliest,
        dict(packs or {}),
        finding_citations,
    )


Span = tuple[datetime.date, datetime.date | None, dict[str, Any], tuple[Rule, ...]]


def _spans(
    rule: Rule, table: ParameterTable, earliest: datetime.date, exceptions: Sequence[Rule] = ()
) -> Iterator[Span]:
    """The spans of days within the rule's period over which its parameters hold the same
    values and the same exceptions to it apply: ``(first day, first day after, values,
    exceptions)``."""
    period = rule.period.resolve(table)
    start = max(period.start, earliest) if isinstance(period.start, datetime.date) else earliest
    end = period.end if isinstance(period.end, datetime.date) else None
    names = rule.used_parameters()
    periods = [exception.period.resolve(table) for exception in exceptions]
    cuts = sorted(
        {
            day
            for day in (
                *(day for name in names for day in table[name].change_days),
                *(d for p in periods for d in (p.start, p.end) if isinstance(d, datetime.date)),
            )
            if day > start and (end is None or day < end)
        }
    )
    bounds = [start, *cuts]
    spans: list[Span] = []
    for index, first in enumerate(bounds):
        after = bounds[index + 1] if index + 1 < len(bounds) else end
        values = {name: table.value(name, first) for name in names}
        applying = tuple(e for e, p in zip(exceptions, periods, strict=True) if first in p)
        if spans and spans[-1][2] == values and spans[-1][3] == applying:  # one span
            spans[-1] = (spans[-1][0], after, values, applying)
        else:
            spans.append((first, after, values, applying))
    yield from spans


def _variants(
    rule: Rule, table: ParameterTable, earliest: datetime.date, exceptions: Sequence[Rule] = ()
) -> Iterator[CompiledRule]:
    spans = list(_spans(rule, table, earliest, exceptions))
    for first, after, law, applying in spans:
        if any(law[name] is None for name in _condition_parameters(rule)):
            continue  # a parameter the conditions need has ended: the rule does not apply
        when = _excepted(rule, applying)
        if when is None:
            continue  # an exception displaces the rule on these days
        name = rule.id if len(spans) == 1 else f"{rule.id}@{first.isoformat()}"
        period = Period(first if first > earliest else None, after)
        yield _compile_variant(rule, name, period, law, table, first, when)


def _excepted(rule: Rule, exceptions: Sequence[Rule]) -> dict[str, Any] | None:
    """The rule's patterns with the negated condition of each exception that applies
    added (None: an exception that matches whatever the rule does displaces it)."""
    when = dict(rule.when)
    rests: dict[str, list[list[Condition]]] = {}
    for exception in exceptions:
        alias = exception_alias(rule, exception)
        if alias is None:
            return None
        pattern = rule.when[alias]
        given = _conjuncts(pattern) if isinstance(pattern, Condition) else []
        # What the rule tests already holds wherever it applies: only the rest is negated.
        rest = [
            part
            for part in _conjuncts(exception.when[alias])  # type: ignore[arg-type]
            if not _among(part, given)
        ]
        if not rest:
            return None
        rests.setdefault(alias, []).append(rest)
    for alias, conjunctions in rests.items():
        unless = _none_holds(conjunctions)
        pattern = rule.when[alias]
        when[alias] = unless if isinstance(pattern, FactType) else All((pattern, unless))
    return when


def _conjuncts(condition: Condition) -> list[Condition]:
    """The parts of a condition that must all hold (itself, if it is not an ``All``)."""
    if isinstance(condition, All):
        return [part for sub in condition.parts for part in _conjuncts(sub)]
    return [condition]


def _among(part: Condition, parts: Iterable[Condition]) -> bool:
    return any(part is other for other in parts)


def _all(parts: Sequence[Condition]) -> Condition:
    return parts[0] if len(parts) == 1 else All(tuple(parts))


def _none_holds(conjunctions: list[list[Condition]]) -> Condition:
    """The condition that none of ``conjunctions`` holds, in few engine steps: exceptions
    that differ only in the values one field may take (offshore business in a
    demonstration city, or in one whose city is not given) are negated together, as the
    rest not holding or the field taking a value none of them names."""
    # Each conjunction may vary from others in one part that chooses values of a field
    # which lists them: group it under the rest, choosing the grouping most share.
    candidates: list[list[tuple[tuple[int, ...], list[Condition], OneOf | Unknown]]] = []
    shared: dict[tuple[int, ...], int] = {}
    for conjunction in conjunctions:
        options: list[tuple[tuple[int, ...], list[Condition], OneOf | Unknown]] = []
        for part in conjunction:
            choice = _as_choice(part)
            if choice is not None:
                rest = [p for p in conjunction if p is not part]
                key = (*sorted(id(p) for p in rest), id(choice.field))
                options.append((key, rest, choice))
                shared[key] = shared.get(key, 0) + 1
        candidates.append(options)
    groups: dict[tuple[int, ...], list[tuple[list[Condition], OneOf | Unknown]]] = {}
    alone: list[list[Condition]] = []
    for conjunction, found in zip(conjunctions, candidates, strict=True):
        best = max(found, key=lambda option: shared[option[0]], default=None)
        if best is None or shared[best[0]] < 2:
            alone.append(conjunction)
            continue
        key, rest, choice = best
        groups.setdefault(key, []).append((rest, choice))
    negations: list[Condition] = []
    for members in groups.values():
        rest = members[0][0]
        if len(members) == 1:
            alone.append([*rest, members[0][1]])
            continue
        others = _other_values([choice for _, choice in members])
        if others is None:  # wherever the rest holds, some exception applies
            if not rest:
                raise CompileError("exceptions leave the rule no case to apply to")
            negations.append(negate(_all(rest)))
        elif rest:
            common = _all(rest)
            negations.append(Either((negate(common), All((common, others)))))
        else:
            negations.append(others)
    negations += [negate(_all(c)) for c in alone]
    return _all(negations)


def _as_choice(part: Condition) -> OneOf | Unknown | None:
    """``part`` as a choice of values of a field that lists its values (``==`` one value
    is a choice of one), or None."""
    if isinstance(part, OneOf | Unknown) and part.field.domain:
        return part
    if not isinstance(part, Compare) or part.op != "==" or not part.field.domain:
        return None
    return OneOf(part.field, (part.value,)) if isinstance(part.value, str) else None


def _other_values(parts: list[OneOf | Unknown]) -> Condition | None:
    """That a code field holds none of the values ``parts`` test it for (``OneOf`` and
    ``Unknown`` on one field that lists its values); None when they are not of that
    shape or leave nothing."""
    field = parts[0].field if isinstance(parts[0], OneOf | Unknown) else None
    if field is None or not field.domain:
        return None
    if not all(isinstance(p, OneOf | Unknown) and p.field is field for p in parts):
        return None
    named = {v for p in parts if isinstance(p, OneOf) for v in p.values}
    allowed = tuple(v for v in field.domain if v not in named)
    unknown_named = any(isinstance(p, Unknown) for p in parts)
    options: list[Condition] = [OneOf(field, allowed)] if allowed else []
    if field.optional and not unknown_named:
        options.append(Unknown(field))
    if not options:
        return None
    return options[0] if len(options) == 1 else Either(tuple(options))


def _condition_parameters(rule: Rule) -> tuple[str, ...]:
    names: list[str] = []
    for pattern in rule.when.values():
        if isinstance(pattern, Condition):
            names += [ref.name for ref in _references(pattern) if isinstance(ref, ParamRef)]
    return tuple(dict.fromkeys(names))


def _references(condition: Condition) -> Iterator[Any]:
    if isinstance(condition, All | Either):
        for part in condition.parts:
            yield from _references(part)
    elif isinstance(condition, Includes | IncludesNone):
        yield condition.values
    elif isinstance(condition, Compare):
        value = condition.value
        yield value
        if isinstance(value, Shifted):
            yield value.years
        if isinstance(value, YearsLater):
            yield value.ref


def _fact_of(alias: str, pattern: FactType | Condition, rule: Rule) -> FactType:
    if isinstance(pattern, FactType):
        return pattern
    facts = {field.fact for field in pattern.fields}
    if len(facts) != 1:
        raise CompileError(f"rule {rule.id}: the condition on {alias!r} tests {sorted(facts)}")
    name = facts.pop()
    return _FACTS[name]


_FACTS: Final = {
    fact.name: fact for fact in (*vocabulary.GIVEN, *vocabulary.DERIVED, *vocabulary.HOLDER_FACTS)
}


def _compile_variant(
    rule: Rule,
    name: str,
    period: Period,
    law: Mapping[str, Any],
    table: ParameterTable,
    first: datetime.date,
    patterns: Mapping[str, Any] | None = None,
) -> CompiledRule:
    aliases: dict[str, FactType] = {}
    when: dict[str, dict[str, Any]] = {}
    tested: dict[str, tuple[str, ...]] = {}
    for alias, pattern in (patterns if patterns is not None else rule.when).items():
        if "$" in alias or alias in ENGINE_FIELDS or alias == "in_force":
            raise CompileError(f"rule {rule.id}: alias {alias!r} is reserved")
        fact = _fact_of(alias, pattern, rule)
        parts: list[dict[str, Any]] = [{"t": fact.name}]
        if isinstance(pattern, Condition):
            parts += _flatten_and(_condition(rule, pattern, aliases, law, table))
            tested[alias] = tuple(field.name for field in pattern.fields)
        when[alias] = parts[0] if len(parts) == 1 else {"$and": parts}
        aliases[alias] = fact
    _check_joins_before_choices(rule, when)
    limited = _limit_to(when, aliases, period)
    if limited:
        tested[limited] = (*tested.get(limited, ()), "as_of")
    for alias, condition in harden_definition(when).items():
        entries = expression_entries(condition)
        if entries > MAX_EXPRESSION_ENTRIES:
            raise CompileError(
                f"rule {rule.id}: its condition on {alias!r} needs {entries} entries in the "
                f"rules engine, more than the {MAX_EXPRESSION_ENTRIES} it takes; split the rule"
            )
    summary = render_summary(rule.summary, table, first)
    spec = RuleSpec(name, when, _action(rule, aliases, law, table))
    summary_zh = render_summary(rule.summary_zh, table, first, "zh")
    return CompiledRule(
        name, rule, period, dict(law), summary, aliases, tested, spec, summary_zh=summary_zh
    )


def _check_joins_before_choices(rule: Rule, when: Mapping[str, Mapping[str, Any]]) -> None:
    """Refuse a condition that compares with another alias's field after a choice
    (``$or``) among the parts of the same alias: durable-rules 2.0.28 then ignores the
    comparison (a fact whose day is before the other's matches ``>`` all the same), and
    inside a choice it refuses facts that lack the field (error 311). Write such a
    comparison before any choice, and never inside one.

    Raises:
        CompileError: naming the rule and the alias.
    """
    others = set(when)
    for alias, condition in when.items():
        parts = _flatten_and(condition)
        chose = False
        for part in parts:
            if "$or" in part:
                if _refers(part, others - {alias}):
                    raise CompileError(
                        f"rule {rule.id}: the condition on {alias!r} compares with another "
                        "fact inside a choice (or); the rules engine cannot: split the rule"
                    )
                chose = True
            elif chose and _refers(part, others - {alias}):
                raise CompileError(
                    f"rule {rule.id}: the condition on {alias!r} compares with another fact "
                    "after a choice (or); the rules engine ignores it there: put the "
                    "comparison first"
                )


def _refers(node: Any, aliases: set[str]) -> bool:
    """Whether a compiled condition refers to a field of one of ``aliases``."""
    if isinstance(node, Mapping):
        return any(
            (key in aliases and isinstance(value, str)) or _refers(value, aliases)
            for key, value in node.items()
        )
    if isinstance(node, list):
        return any(_refers(item, aliases) for item in node)
    return False


def _limit_to(
    when: dict[str, dict[str, Any]], aliases: Mapping[str, FactType], period: Period
) -> str | None:
    """Limit the rule to ``period`` through the ``context`` fact. A fact binds to one alias
    per match, so a rule that already joins the context gets the period on that alias.
    Returns the alias that carries the limit."""
    parts: list[dict[str, Any]] = []
    if isinstance(period.start, datetime.date):
        parts.append({"$gte": {"as_of": ymd(period.start)}})
    if isinstance(period.end, datetime.date):
        parts.append({"$lt": {"as_of": ymd(period.end)}})
    if not parts:
        return None
    context = vocabulary.CONTEXT
    joined = next((a for a, fact in aliases.items() if fact is context), None)
    if joined is None:
        when["in_force"] = {"$and": [{"t": context.name}, *parts]}
        return "in_force"
    when[joined] = {"$and": [*_flatten_and(when[joined]), *parts]}
    return joined


def _flatten_and(condition: Mapping[str, Any]) -> list[dict[str, Any]]:
    if set(condition) == {"$and"}:
        return [dict(part) for part in condition["$and"]]
    return [dict(condition)]


def _parameter(
    rule: Rule, ref: ParamRef, field: Field, law: Mapping[str, Any], table: ParameterTable
) -> Any:
    unit = table[ref.name].unit
    if unit not in COMPATIBLE_UNITS.get(field.unit, set()):
        raise CompileError(
            f"rule {rule.id}: {field!r} ({field.unit.value}) cannot be compared with "
            f"parameter {ref.name} ({unit})"
        )
    return law[ref.name]


def _condition(
    rule: Rule,
    condition: Condition,
    aliases: Mapping[str, FactType],
    law: Mapping[str, Any],
    table: ParameterTable,
) -> dict[str, Any]:
    if isinstance(condition, All):
        parts = [
            part
            for sub in condition.parts
            for part in _flatten_and(_condition(rule, sub, aliases, law, table))
        ]
        return parts[0] if len(parts) == 1 else {"$and": parts}
    if isinstance(condition, Either):
        options: list[dict[str, Any]] = []
        for sub in condition.parts:
            compiled = _condition(rule, sub, aliases, law, table)
            # An $or inside an $or is the same choice: one level, fewer engine entries.
            options += compiled["$or"] if set(compiled) == {"$or"} else [compiled]
        return {"$or": options}
    if isinstance(condition, Unknown):
        return {"$nex": {condition.field.name: 1}}
    if isinstance(condition, Known):
        return {"$ex": {condition.field.name: 1}}
    if isinstance(condition, OneOf):
        options = [{condition.field.name: value} for value in condition.values]
        return options[0] if len(options) == 1 else {"$or": options}
    if isinstance(condition, Includes):
        codes = condition.values
        if isinstance(codes, ParamRef):
            codes = _parameter(rule, codes, condition.field, law, table)
        items: list[dict[str, Any]] = [{"$i": value} for value in codes]
        inner = items[0] if len(items) == 1 else {"$or": items}
        return {"$iany": {condition.field.name: inner}}
    if isinstance(condition, IncludesNone):
        codes = condition.values
        if isinstance(codes, ParamRef):
            codes = _parameter(rule, codes, condition.field, law, table)
        excluded: list[dict[str, Any]] = [{"$neq": {"$i": value}} for value in codes]
        inner = excluded[0] if len(excluded) == 1 else {"$and": excluded}
        return {"$iall": {condition.field.name: inner}}
    if isinstance(condition, Compare):
        return _compare(rule, condition, aliases, law, table)
    raise CompileError(f"rule {rule.id}: cannot compile {condition!r}")  # pragma: no cover


def _bound(rule: Rule, field: Field, aliases: Mapping[str, FactType]) -> dict[str, str]:
    """A reference to ``field`` of the alias bound to its fact type earlier in the rule."""
    found = [alias for alias, fact in aliases.items() if fact.name == field.fact]
    if len(found) != 1:
        raise CompileError(
            f"rule {rule.id}: {field!r} needs exactly one earlier alias of {field.fact}, "
            f"found {found}"
        )
    return {found[0]: field.name}


def _compare(
    rule: Rule,
    condition: Compare,
    aliases: Mapping[str, FactType],
    law: Mapping[str, Any],
    table: ParameterTable,
) -> dict[str, Any]:
    field, op, value = condition.field, condition.op, condition.value
    if op in {"<", "<=", ">", ">="} and field.unit in _EXACT and op not in _EXACT[field.unit]:
        raise CompileError(
            f"rule {rule.id}: {field!r} {op} is not exact under the engine's rounding; "
            f"use {' or '.join(sorted(_EXACT[field.unit]))}"
        )
    operand: Any
    if isinstance(value, Field):
        if value.unit is not field.unit:
            raise CompileError(f"rule {rule.id}: {field!r} and {value!r} differ in unit")
        operand = _bound(rule, value, aliases)
    elif isinstance(value, Shifted):
        if field.unit is not Unit.DAY or value.day.unit is not Unit.DAY:
            raise CompileError(f"rule {rule.id}: only days can be shifted by years")
        years = value.years
        if isinstance(years, ParamRef):
            if table[years.name].unit != "years":
                raise CompileError(f"rule {rule.id}: parameter {years.name} is not in years")
            years = law[years.name]
        # YYYYMMDD minus 10000 per year is the same day that many years earlier; on
        # 29 February it is a day that does not exist, which still compares correctly
        # (between 28 February and 1 March).
        operand = {"$sub": {"$l": _bound(rule, value.day, aliases), "$r": int(years) * 10000}}
    elif isinstance(value, ParamRef):
        operand = _threshold(
            rule, field, _parameter(rule, value, field, law, table), parameter=value.name
        )
    elif isinstance(value, YearsLater):
        day = _parameter(rule, value.ref, field, law, table)
        operand = _threshold(rule, field, value.of(day), parameter=value.ref.name)
    else:
        operand = _threshold(rule, field, value)
    if op == "==":
        return {field.name: operand}
    return {_OPERATORS[op]: {field.name: operand}}


def _format_constant(name: str, value: Any, unit: str | None = None) -> Any:
    """A parameter's value as a message shows it: days ISO, amounts and percentages as
    plain digits; for a name ending in ``_zh``, the Chinese way (``2019年7月30日``, an
    amount with its unit: ``1000万元``)."""
    zh = name.endswith("_zh")
    if isinstance(value, datetime.date):
        return day_zh(value) if zh else value.isoformat()
    if isinstance(value, Decimal):
        return yuan_zh(value) if zh and unit == "CNY" else f"{value:f}"
    if isinstance(value, tuple):
        return ("、" if zh else ", ").join(map(str, value))
    return value


def _action(
    rule: Rule, aliases: Mapping[str, FactType], law: Mapping[str, Any], table: ParameterTable
) -> Callable[[Bindings], Consequence]:
    constants = {
        key: _format_constant(key, law[value.name], table[value.name].unit)
        if isinstance(value, ParamRef)
        else value
        for key, value in rule.constants.items()
    }
    records = tuple((spec.code, spec.outcome) for spec in rule.findings)
    values = rule.values
    wording = rule.wording
    derive = rule.derive
    rule_id = rule.id
    law_view = dict(law)
    dynamic = any(isinstance(v, Field) for fact in derive for _, v in fact.values)
    static_facts = tuple(_derived(fact, {}, aliases) for fact in derive) if not dynamic else ()
    empty: Mapping[str, Any] = {}
    decoders = {alias: _decoders(fact) for alias, fact in aliases.items()}

    if values is None and wording is None and not dynamic:
        # The same conclusion whatever the facts matched hold: made once.
        fixed = Consequence(
            static_facts,
            tuple(
                FindingRecord(rule_id, code, outcome, constants or empty)
                for code, outcome in records
            ),
        )

        def conclude(bindings: Bindings) -> Consequence:
            return fixed

        return conclude

    def then(bindings: Bindings) -> Consequence:
        if values is not None:
            match = _Match(decoders, bindings)
            found: Mapping[str, Any] = {**constants, **values(match, law_view)}
            if wording is not None:
                found = DeferredWording(found, wording, match, law_view, rule_id)
        elif wording is not None:
            found = DeferredWording(
                constants or empty, wording, _Match(decoders, bindings), law_view, rule_id
            )
        else:
            found = constants or empty
        facts = (
            tuple(_derived(fact, bindings, aliases) for fact in derive) if dynamic else static_facts
        )
        return Consequence(
            facts, tuple(FindingRecord(rule_id, code, outcome, found) for code, outcome in records)
        )

    return then


def _derived(
    fact: DerivedFact, bindings: Bindings, aliases: Mapping[str, FactType]
) -> dict[str, Any]:
    derived: dict[str, Any] = {"t": fact.type.name}
    for key, value in fact.values:
        if isinstance(value, Field):
            alias = next(a for a, f in aliases.items() if f.name == value.fact)
            derived[key] = bindings[alias][value.name]  # same unit, same encoding
        else:
            derived[key] = value
    return derived


# ---------------------------------------------------------------- describing facts


def describe_fact(
    fact_type: str, fact: Mapping[str, Any], fields: Iterable[str], lang: str = "en"
) -> str:
    """Fields of an engine fact as people read them: fen as yuan, equity as a percentage,
    days as days (for the trace); in Chinese with the fields' Chinese labels."""
    kind = _FACTS.get(fact_type)
    if kind is None:
        return "-"
    describe = _describe_field_zh if lang == "zh" else _describe_field
    shown = [
        describe(kind.fields[name], fact[name])
        for name in fields
        if name in fact and name in kind.fields
    ]
    return ("；" if lang == "zh" else "; ").join(shown) or "-"


def _describe_field(field: Field, value: Any) -> str:
    if field.unit is Unit.YUAN and isinstance(value, int):
        return f"{field.label} CNY {cny(value)}"
    if field.unit is Unit.PERCENT and isinstance(value, int):
        return f"{field.label} {Decimal(value) / 1_000_000:f}%"
    if field.unit is Unit.DAY and isinstance(value, int):
        return f"{field.label} {_from_ymd(value).isoformat()}"
    if field.unit is Unit.COUNT:
        label = field.label[:-1] if value == 1 and field.label.endswith("s") else field.label
        return f"{value} {label}"
    if field.unit is Unit.FLAG:
        return f"{field.label}: {'yes' if value else 'no'}"
    if isinstance(value, list):
        return f"{field.label} [{', '.join(map(str, value))}]"
    return f"{field.label} {value}"


def _describe_field_zh(field: Field, value: Any) -> str:
    label = field.label_zh or field.label
    if field.unit is Unit.YUAN and isinstance(value, int):
        shown = f"不低于{yuan_zh(Decimal(MAX_EXACT) / 100)}" if value >= MAX_EXACT else None
        return f"{label}{shown or yuan_zh(Decimal(value) / 100)}"
    if field.unit is Unit.PERCENT and isinstance(value, int):
        return f"{label}{Decimal(value) / 1_000_000:f}%"
    if field.unit is Unit.DAY and isinstance(value, int):
        return f"{label}{day_zh(_from_ymd(value))}"
    if field.unit is Unit.FLAG:
        return f"{label}：{'是' if value else '否'}"
    if isinstance(value, list):
        shown = "、".join(code_label(field.name, str(v), "zh") for v in value)
        return f"{label}：{shown or '无'}"
    if field.unit is Unit.CODE and field.name.endswith("province") and isinstance(value, str):
        return f"{label}：{_province_zh(value)}"
    if field.unit is Unit.CODE and isinstance(value, str):
        return f"{label}：{code_label(field.name, value, 'zh')}"
    return f"{label}：{value}"


def _province_zh(code: str) -> str:
    try:
        return Province(code).name_zh
    except ValueError:
        return code


def describe_derived(fact: Mapping[str, Any]) -> str:
    """A derived fact's fields as the trace shows them: ``type=nationwide, authority=MIIT``."""
    return (
        ", ".join(f"{k}={v}" for k, v in fact.items() if k != "t" and k not in ENGINE_FIELDS) or "-"
    )
