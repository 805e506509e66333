"""The vocabulary in which the law modules declare rules, and its compilation to the engine.

A `Rule` reads like the provision it encodes: an id, a one-line summary, the
sources it rests on (a provision of law, the domain fact id and its confidence, each in
force over a `Period`), the conditions over facts in durable-rules' own
expression language (``durable.lang``'s ``m``, ``c`` and ``item``), and what it
concludes: facts to derive for later rules and findings for people.

Facts the rules see (built by `callcenter_rules.facts`):

``context``
    ``as_of`` (the day whose law applies, as the integer ``YYYYMMDD``).
``policy``
    ``in_house_hotline_is_b24``.
``profile``
    one per assessment: the company, normalised (see `callcenter_rules.facts`).
``service_area``
    one per service province: ``province`` (GB/T 2260 code).
``violation``
    one per recorded violation: ``party``, ``date`` (``YYYYMMDD``), ``index``.

Facts the rules derive: ``b24`` (some activity is B24), ``scope``, ``not_required``,
``licence`` and, after the ``tally`` checkpoint, ``decision``.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Final, NamedTuple

import attrs
from durable.lang import item

from ..engine import Bindings, Consequence, Evaluation, RuleSpec, fact_type
from ..facts import ymd
from ..results import Citation, Confidence, Severity

__all__ = [
    "ALWAYS",
    "TALLY",
    "Document",
    "FindingRecord",
    "FindingSpec",
    "Period",
    "Provision",
    "Ref",
    "Rule",
    "Source",
    "check_rulebook",
    "compile_rule",
    "is_any",
    "item_is",
    "none_of",
    "one_of",
    "tally",
]


def one_of(values: Iterable[Any]) -> Any:
    """An item condition for ``anyItem``/``allItems``: the item equals one of ``values``."""
    items = [item == v for v in values]
    if not items:
        raise ValueError("one_of needs at least one value")
    condition = items[0]
    for extra in items[1:]:
        condition = condition | extra
    return condition


def is_any(field: Any, values: Iterable[Any]) -> Any:
    """A field condition: ``field`` equals one of ``values`` (``m.entity_type``, [...])."""
    options = [field == v for v in values]
    if not options:
        raise ValueError("is_any needs at least one value")
    condition = options[0]
    for extra in options[1:]:
        condition = condition | extra
    return condition


def item_is(value: Any) -> Any:
    """An item condition: the item equals ``value``."""
    return item == value


def none_of(values: Iterable[Any]) -> Any:
    """An item condition: the item equals none of ``values``."""
    items = [item != v for v in values]
    if not items:
        raise ValueError("none_of needs at least one value")
    condition = items[0]
    for extra in items[1:]:
        condition = condition & extra
    return condition


@attrs.frozen
class Period:
    """A span of days: ``start`` inclusive, ``end`` exclusive; ``None`` is open."""

    start: datetime.date | None = None
    end: datetime.date | None = None

    def __contains__(self, day: object) -> bool:
        if not isinstance(day, datetime.date):
            return False
        return (self.start is None or day >= self.start) and (self.end is None or day < self.end)

    def condition(self) -> dict[str, Any] | None:
        """The engine condition on the ``context`` fact that limits a rule to this period."""
        parts: list[dict[str, Any]] = [{"t": "context"}]
        if self.start is not None:
            parts.append({"$gte": {"as_of": ymd(self.start)}})
        if self.end is not None:
            parts.append({"$lt": {"as_of": ymd(self.end)}})
        return {"$and": parts} if len(parts) > 1 else None

    def __str__(self) -> str:
        if self.start is None and self.end is None:
            return "always"
        start = f"from {self.start.isoformat()}" if self.start else ""
        end = f"until {(self.end - datetime.timedelta(days=1)).isoformat()}" if self.end else ""
        return " ".join(part for part in (start, end) if part)


ALWAYS: Final = Period()
_CONFIDENCE_ORDER: Final = [
    Confidence.LOW,
    Confidence.LOW_MEDIUM,
    Confidence.MEDIUM,
    Confidence.MEDIUM_HIGH,
    Confidence.HIGH,
]


@attrs.frozen
class Document:
    """A legal instrument."""

    title: str
    title_zh: str


@attrs.frozen
class Provision:
    """An article (or item) of a document, with the Chinese wording the rules encode."""

    document: Document
    article: str
    text_zh: str


@attrs.frozen
class Source:
    """A provision as a rule relies on it: the domain fact and how sure it is, and when."""

    provision: Provision
    fact_id: str
    confidence: Confidence
    period: Period = ALWAYS

    def citation(self) -> Citation:
        """The citation a finding carries."""
        return Citation(
            document=self.provision.document.title,
            document_zh=self.provision.document.title_zh,
            article=self.provision.article,
            text_zh=self.provision.text_zh,
            fact_id=self.fact_id,
            confidence=self.confidence,
        )


@attrs.frozen
class Ref:
    """A value taken from a matched fact: ``Ref("p.registered_province")``."""

    path: str

    def resolve(self, bindings: Bindings) -> Any:
        alias, _, field = self.path.partition(".")
        return bindings[alias][field]


@attrs.frozen
class FindingSpec:
    """A finding a rule emits.

    ``message``, ``message_zh`` and ``remediation`` are ``str.format`` templates over the
    rule's parameters. ``evidence`` names the profile fields the finding rests on; the
    rule's parameters are evidence too, except those named with a leading ``_`` or ending
    in ``_zh`` (wording for the messages only).
    """

    code: str
    severity: Severity
    message: str
    message_zh: str
    remediation: str | None = None
    evidence: tuple[str, ...] = ()

    @property
    def outcome(self) -> str:
        """How the finding counts in the decision: ``unmet``, ``unknown`` or ``note``."""
        if self.severity is Severity.BLOCKING:
            return "unmet"
        if self.code.endswith("_UNKNOWN"):
            return "unknown"
        return "note"


class FindingRecord(NamedTuple):
    """What a rule's action hands back for one finding; rendered into a Finding later.

    A named tuple: one is made per finding per assessment, on the hot path.
    """

    rule: str
    code: str
    outcome: str
    params: Mapping[str, Any]


Params = Callable[[Bindings], Mapping[str, Any]]


@attrs.frozen(kw_only=True)
class Rule:
    """One rule, declared next to the law it encodes."""

    #: Stable id, e.g. ``CAPITAL-NATIONWIDE``.
    id: str
    #: One plain-language line: what the rule says.
    summary: str
    #: The provisions relied on; a finding cites the first one in force on ``as_of``.
    sources: tuple[Source, ...]
    #: Conditions by alias: ``durable.lang`` expressions (``m.t == "profile" & ...``).
    when: Mapping[str, Any]
    #: The days on which the rule applies.
    period: Period = ALWAYS
    #: Facts to derive; values may be `Ref`.
    derive: tuple[Mapping[str, Any], ...] = ()
    findings: tuple[FindingSpec, ...] = ()
    #: Fixed values for the message templates and the evidence (a threshold, a category).
    constants: Mapping[str, Any] = attrs.field(factory=dict)
    #: Values for the message templates and the evidence, from the matched facts.
    params: Params | None = None

    @property
    def fact_ids(self) -> tuple[str, ...]:
        """The domain fact ids this rule encodes."""
        return tuple(dict.fromkeys(s.fact_id for s in self.sources))

    @property
    def codes(self) -> tuple[str, ...]:
        """The finding codes this rule can produce."""
        return tuple(spec.code for spec in self.findings)

    def describe(self) -> dict[str, Any]:
        """The rule's metadata as JSON-ready data: id, summary, period, sources, codes."""
        return {
            "id": self.id,
            "summary": self.summary,
            "period": str(self.period),
            "effective_from": self.period.start.isoformat() if self.period.start else None,
            "effective_until": (self.period.end - datetime.timedelta(days=1)).isoformat()
            if self.period.end
            else None,
            "fact_ids": list(self.fact_ids),
            "confidence": min(
                (s.confidence for s in self.sources), key=_CONFIDENCE_ORDER.index
            ).value,
            "codes": list(self.codes),
            "derives": sorted({str(fact["t"]) for fact in self.derive}),
            "sources": [
                {
                    "document": s.provision.document.title,
                    "document_zh": s.provision.document.title_zh,
                    "article": s.provision.article,
                    "text_zh": s.provision.text_zh,
                    "fact_id": s.fact_id,
                    "confidence": s.confidence.value,
                    "period": str(s.period),
                }
                for s in self.sources
            ],
        }

    def source_on(self, day: datetime.date) -> Source:
        """The source in force on ``day`` (the first listed one if none says otherwise)."""
        for source in self.sources:
            if day in source.period:
                return source
        return self.sources[0]


def compile_rule(rule: Rule) -> RuleSpec:
    """Translate a declared rule into the engine's form."""
    when: dict[str, Mapping[str, Any]] = {
        alias: (expr if isinstance(expr, Mapping) else expr.define())
        for alias, expr in rule.when.items()
    }
    in_force = rule.period.condition()
    if in_force is not None:
        # A fact binds to one alias per match, so a rule that already joins the context
        # fact gets the period added to that alias instead of a second context alias.
        joined = next((a for a, cond in when.items() if fact_type(cond) == "context"), None)
        if joined is None:
            when["in_force"] = in_force
        else:
            when[joined] = {"$and": [dict(when[joined]), *in_force["$and"][1:]]}
    records = tuple((spec.code, spec.outcome) for spec in rule.findings)
    derive = rule.derive
    params = rule.params
    constants = dict(rule.constants)
    rule_id = rule.id

    has_refs = any(isinstance(v, Ref) for template in derive for v in template.values())
    static_facts = tuple(dict(template) for template in derive) if not has_refs else ()
    empty: Mapping[str, Any] = {}

    def then(bindings: Bindings) -> Consequence:
        if params is not None:
            values: Mapping[str, Any] = {**constants, **params(bindings)}
        else:
            values = constants or empty
        if has_refs:
            facts = tuple(
                {k: (v.resolve(bindings) if isinstance(v, Ref) else v) for k, v in template.items()}
                for template in derive
            )
        else:
            facts = static_facts
        return Consequence(
            facts, tuple(FindingRecord(rule_id, code, outcome, values) for code, outcome in records)
        )

    return RuleSpec(rule.id, when, then)


#: The type of the fact the `tally` checkpoint asserts.
TALLY: Final = "tally"


def tally(evaluation: Evaluation) -> Iterable[dict[str, Any]]:
    """Checkpoint: count the findings so far by outcome, as one ``tally`` fact.

    The engine's negation is unreliable, so "no condition is unmet" is decided on this
    aggregate, asserted once every rule of the first stratum has fired.
    """
    counts = {"unmet": 0, "unknown": 0, "note": 0}
    for output in evaluation.outputs:
        if isinstance(output, FindingRecord):
            counts[output.outcome] += 1
    return [{"t": TALLY, **counts}]


def check_rulebook(rules: Sequence[Rule]) -> None:
    """Consistency checks over the declared rules, run when a ruleset is built.

    Raises:
        ValueError: naming the rule and the problem.
    """
    specs: dict[str, FindingSpec] = {}
    for rule in rules:
        if not rule.sources:
            raise ValueError(f"rule {rule.id}: no legal source")
        if not rule.summary.strip():
            raise ValueError(f"rule {rule.id}: no summary")
        for spec in rule.findings:
            if spec.code.endswith("_UNKNOWN") and spec.severity is not Severity.WARNING:
                raise ValueError(f"rule {rule.id}: {spec.code} must be a warning")
            earlier = specs.setdefault(spec.code, spec)
            if earlier.severity is not spec.severity:
                raise ValueError(f"finding {spec.code} has two severities")
