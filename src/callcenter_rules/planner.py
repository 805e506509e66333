"""Paths to a licence: the smallest sets of changes that make a company eligible, each
verified by the rules.

The planner decides nothing about the law. Each blocking or unknown finding names, in its
declaration (`FindingSpec.remedies`, `callcenter_rules.law.remedies`), what would lift it:
the minimum its own rule compared with, the home province, the cap. The planner applies
those proposals to the profile and runs the same engine on the changed profile; only an
``eligible`` verdict makes an option. Then it keeps the options that are minimal (dropping
any single change leaves the company ineligible) and not dominated (no option's changes
include another option's), best first: fewest restructures, then fewest changes, then
smallest amounts.

Search: a route branches on the first finding still open, over that finding's remedies, so
every way the declared remedies can lift the findings is tried once. A route stops at a
finding that no change in the applicant's hands can lift (an *obstacle*: a listing on the
dishonesty list, a recent violation); the plan states each obstacle it met.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import Any, Final

import attrs
import orjson

from .labels import code_label, word
from .law.language import CLEARED, ChangeKind, FindingSpec, Proposal, Situation
from .law.wording import yuan, yuan_zh
from .model import InvalidProfile
from .provinces import Province
from .results import Assessment, Finding, Severity, Status, VerdictConfidence
from .results.plan import Change, Obstacle, Option, Plan

__all__ = [
    "MAX_ASSESSMENTS",
    "MAX_CHANGES",
    "Assess",
    "FindingSpecs",
    "describe_value",
    "make_plan",
]

#: A route stops after this many changed fields (no declared remedy chain is longer).
MAX_CHANGES: Final = 12
#: A plan assesses at most this many changed profiles (a guard, far above what the
#: declared remedies produce).
MAX_ASSESSMENTS: Final = 2_000


# ---------------------------------------------------------------- the search


def _open(result: Assessment, contested: str | None = None) -> list[Finding]:
    """The findings a route must lift: the ``contested`` one, where the verdict rests on it
    (its settled routes are searched), then blocking ones, then unknown evidence, in
    finding order."""
    first = (
        [f for f in result.findings if f.code == contested]
        if contested in result.confidence_rests_on
        else []
    )
    return first + [
        f for f in result.findings if f.severity is Severity.BLOCKING or f.code.endswith("_UNKNOWN")
    ]


#: How the planner has a profile assessed on the plan's day: JSON-like data in, the
#: verdict out (`InvalidProfile` if the data is not a valid profile).
Assess = Callable[[Mapping[str, Any]], Assessment]
#: Each finding's declaration, by (rule id, code): the remedies the planner tries.
FindingSpecs = Mapping[tuple[str, str], FindingSpec]


@attrs.define
class _Search:
    assess_data: Assess
    findings: FindingSpecs
    start: dict[str, Any]
    law: Mapping[str, Any]
    cache: dict[bytes, Assessment | None] = attrs.field(factory=dict)
    #: The finding whose settled routes are searched: a route must leave the verdict not
    #: resting on it (None: any eligible verdict will do).
    contested: str | None = None
    obstacles: dict[str, Finding] = attrs.field(factory=dict)
    #: Findings whose every remedy led nowhere here (the change would leave no valid
    #: profile, or no business that needs the licence): obstacles when no route succeeds.
    dead_ends: dict[str, Finding] = attrs.field(factory=dict)
    #: The evidence of the finding each proposal was first made for, by the proposal's
    #: identity: its messages may name it.
    evidence: dict[int, Mapping[str, Any]] = attrs.field(factory=dict)
    #: The profile as given, the violations' descriptions included (``start`` is searched
    #: without them): what a change says it changes from, and what an option's assessment
    #: is of.
    shown: dict[str, Any] = attrs.field(factory=dict)

    def assess(self, data: Mapping[str, Any]) -> Assessment | None:
        """The rules' verdict on ``data`` (None: the change made it an invalid profile)."""
        key = orjson.dumps(data, option=orjson.OPT_SORT_KEYS)
        if key not in self.cache:
            if len(self.cache) >= MAX_ASSESSMENTS:
                raise RuntimeError("the plan search assessed too many profiles")
            try:
                self.cache[key] = self.assess_data(data)
            except InvalidProfile:
                self.cache[key] = None
        return self.cache[key]

    def apply(self, changed: Mapping[str, Any]) -> dict[str, Any]:
        return {
            **self.start,
            **{f: None if v is CLEARED else v for f, v in changed.items()},
        }

    def routes(self) -> list[dict[str, tuple[Proposal, Any]]]:
        """Every set of proposals that makes the company eligible (not yet minimal)."""
        found: list[dict[str, tuple[Proposal, Any]]] = []
        seen: set[bytes] = set()
        stack: list[tuple[dict[str, tuple[Proposal, Any]], Finding | None]] = [({}, None)]
        while stack:
            changed, lifting = stack.pop()
            data = self.apply({f: v for f, (_, v) in changed.items()})
            result = self.assess(data)
            if result is None or result.status is Status.NOT_REQUIRED:
                if lifting is not None:
                    self.dead_ends.setdefault(lifting.code, lifting)
                continue
            if self.reached(result):
                found.append(changed)
                continue
            if len(changed) >= MAX_CHANGES:
                continue
            open_findings = _open(result, self.contested)
            branches = [self._branches(f, data, changed) for f in open_findings]
            blocked = [f for f, b in zip(open_findings, branches, strict=True) if not b]
            if blocked:
                for finding in blocked:
                    self.obstacles.setdefault(finding.code, finding)
                continue
            if not open_findings:  # eligible, resting on the contested finding's removal
                continue
            # Unknowns with one remedy only (state the fact) are lifted together, in one
            # step: every route from here takes each of them (or lifts it on the way, and
            # `minimal` drops it again), so one profile is assessed where one per finding
            # was. Not the facts a restructure changes (the zone, which a move to another
            # province clears): stating one of them could close that route. Where that
            # step leaves no valid profile, or no business that needs the licence, the
            # findings are taken one by one as any others.
            forced: dict[str, tuple[Proposal, Any]] = {}
            restructured = _restructured_fields(self.findings)
            for options in branches:
                if len(options) == 1 and all(
                    p.kind is ChangeKind.EVIDENCE
                    and p.field not in forced
                    and p.field not in restructured
                    for p, _ in options[0]
                ):
                    forced.update({p.field: (p, v) for p, v in options[0]})
            choices = [
                {p.field: (p, v) for p, v in proposals} for proposals in reversed(branches[0])
            ]
            if len(forced) > 1:
                together = {**changed, **forced}
                step = self.assess(self.apply({f: v for f, (_, v) in together.items()}))
                if step is not None and step.status is not Status.NOT_REQUIRED:
                    choices = [forced]
            first = open_findings[0]
            for proposals in choices:
                route = {**changed, **proposals}
                key = _route_key(route)
                if key not in seen:
                    seen.add(key)
                    stack.append((route, first))
        return found

    def reached(self, result: Assessment | None) -> bool:
        """Whether ``result`` is what the search looks for: eligible (and, for a contested
        finding's search, no longer resting on it)."""
        return (
            result is not None
            and result.status is Status.ELIGIBLE
            and (self.contested is None or self.contested not in result.confidence_rests_on)
        )

    def _branches(
        self, finding: Finding, data: Mapping[str, Any], changed: Iterable[str] = ()
    ) -> list[list[tuple[Proposal, Any]]]:
        """The remedies of ``finding`` that change something here, as proposals with their
        values. A route changes a field once: a remedy that would change a field the route
        has changed already is not taken (its message would describe a change from a value
        the company never had)."""
        spec = self.findings[(finding.rule, finding.code)]
        situation = Situation(finding.evidence, data, self.law)
        taken = set(changed)
        branches = []
        for remedy in spec.remedies:
            for proposal in remedy.proposals:
                self.evidence.setdefault(id(proposal), finding.evidence)
            proposals = [(p, p.value(situation)) for p in remedy.proposals]
            useful = [
                (p, v)
                for p, v in proposals
                if v is not None
                and v != data.get(p.field)
                and not (v is CLEARED and data.get(p.field) is None)
            ]
            if useful and not any(p.field in taken for p, _ in useful):
                branches.append(useful)
        return branches

    def minimal(self, route: dict[str, tuple[Proposal, Any]]) -> dict[str, tuple[Proposal, Any]]:
        """``route`` without every change the company stays eligible without: each change
        is dropped in turn where the rest still reaches the goal, and the passes repeat
        until one drops nothing (so that no single change can be undone at the end)."""
        route = dict(route)
        dropped = True
        while dropped:
            dropped = False
            for field in list(route):
                rest = {f: v for f, (_, v) in route.items() if f != field}
                if self.reached(self.assess(self.apply(rest))):
                    del route[field]
                    dropped = True
        return route

    def option(self, route: Mapping[str, tuple[Proposal, Any]]) -> Option:
        """The option of ``route``, its assessment the search's (of the profile without the
        violations' descriptions: `as_given` gives it the company's own before it is
        shown)."""
        values = {f: v for f, (_, v) in route.items()}
        result = self.assess(self.apply(values))
        if result is None or not self.reached(result):
            raise RuntimeError("a route the search found eligible is not")
        changes = []
        for field, (proposal, value) in route.items():
            without = self.assess(self.apply({f: v for f, v in values.items() if f != field}))
            lifted = set() if without is None else {f.code for f in _open(without, self.contested)}
            resolves = tuple(sorted(lifted - {f.code for f in _open(result, self.contested)}))
            changes.append(self._change(field, proposal, value, resolves))
        return Option(
            license_type=result.license_type,
            authority=result.authority,
            authority_zh=result.authority_zh,
            changes=tuple(sorted(changes, key=_change_order)),
            assessment=result,
        )

    def as_given(self, option: Option) -> Option:
        """``option`` with its assessment made of the company as given, the violations'
        descriptions included; the rules never read them, so the verdict is the search's."""
        values = {change.field: change.proposed for change in option.changes}
        result = self.assess_data({**(self.shown or self.start), **values})
        searched = option.assessment
        if (result.status, result.codes) != (searched.status, searched.codes):
            raise RuntimeError("an option's verdict changed with the violations' descriptions")
        return attrs.evolve(option, assessment=result)

    def _change(
        self, field: str, proposal: Proposal, value: Any, resolves: tuple[str, ...]
    ) -> Change:
        current = (self.shown or self.start).get(field)
        evidence = self.evidence.get(id(proposal), {})
        words = {
            **evidence,
            "current": describe_value(field, current, "en"),
            "proposed": describe_value(field, value, "en"),
        }
        words_zh = {
            **evidence,
            "current": describe_value(field, current, "zh"),
            "proposed": describe_value(field, value, "zh"),
        }
        return Change(
            field=field,
            current=current,
            proposed=None if value is CLEARED else value,
            kind=proposal.kind,
            resolves=resolves,
            message=proposal.message.format_map(words),
            message_zh=proposal.message_zh.format_map(words_zh),
        )


_RESTRUCTURED: Final[dict[int, frozenset[str]]] = {}


def _restructured_fields(findings: FindingSpecs) -> frozenset[str]:
    """The fields some remedy of ``findings`` changes by restructuring the company (the
    zone and the city, which a move to another province clears; the entity type), kept per
    table of findings."""
    fields = _RESTRUCTURED.get(id(findings))
    if fields is None:
        fields = frozenset(
            proposal.field
            for spec in findings.values()
            for remedy in spec.remedies
            for proposal in remedy.proposals
            if proposal.kind is ChangeKind.RESTRUCTURE
        )
        _RESTRUCTURED[id(findings)] = fields
    return fields


def _without_text(profile: Mapping[str, Any]) -> dict[str, Any]:
    """``profile`` without the violations' descriptions, which no rule reads (up to 100
    of 2,000 characters each; the name, at most 300, is kept, so that most options need
    no second assessment)."""
    stripped = dict(profile)
    violations = profile.get("violations")
    if violations:
        stripped["violations"] = [
            {key: value for key, value in violation.items() if key != "description"}
            for violation in violations
        ]
    return stripped


def _route_key(route: Mapping[str, tuple[Proposal, Any]]) -> bytes:
    """A route's changes as bytes that compare by field and value."""
    return orjson.dumps(
        {f: None if v is CLEARED else v for f, (_, v) in route.items()},
        option=orjson.OPT_SORT_KEYS,
    )


_KIND_ORDER: Final = {kind: index for index, kind in enumerate(ChangeKind)}


def _change_order(change: Change) -> tuple[int, str]:
    return (_KIND_ORDER[change.kind], change.field)


def _amounts(option: Option) -> tuple[Decimal, Decimal, int, int]:
    """How much an option asks: capital added, foreign equity given up, markets served now
    that it drops, and provinces it serves that are not served now."""
    capital = equity = Decimal(0)
    dropped = added = 0
    for change in option.changes:
        if change.field == "registered_capital_cny":
            capital += Decimal(change.proposed) - Decimal(change.current)
        elif change.field == "foreign_equity_percent" and change.current is not None:
            equity += Decimal(change.current) - Decimal(change.proposed)
        elif change.field == "service_provinces":
            dropped += len(set(change.current) - set(change.proposed))
            added += len(set(change.proposed) - set(change.current))
    return capital, equity, dropped, added


_CONFIDENCE_ORDER: Final = {level: index for index, level in enumerate(VerdictConfidence)}


def _rank(option: Option) -> tuple[Any, ...]:
    """Best first: fewest restructures; no province the company does not serve swapped in;
    fewest changes; the surest verdict; then the smallest amounts (capital added, equity
    given up, markets dropped)."""
    capital, equity, dropped, added = _amounts(option)
    return (
        option.restructures,
        added,
        len(option.changes),
        _CONFIDENCE_ORDER[option.confidence],
        capital,
        equity,
        dropped,
        orjson.dumps([c.to_dict() for c in option.changes], option=orjson.OPT_SORT_KEYS),
    )


def _items(option: Option) -> frozenset[tuple[str, bytes]]:
    """An option's changes, as a set that compares by field and value."""
    return frozenset(
        (c.field, orjson.dumps(c.proposed, option=orjson.OPT_SORT_KEYS)) for c in option.changes
    )


def _undominated(options: Iterable[Option]) -> list[Option]:
    """Options whose changes include no other option's changes (duplicates merged)."""
    unique = {_items(option): option for option in options}
    return [
        option
        for key, option in unique.items()
        if not any(other < key for other in unique if other != key)
    ]


def make_plan(
    base: Assessment, assess: Assess, findings: FindingSpecs, law: Mapping[str, Any]
) -> Plan:
    """The plan for the company ``base`` assesses (see `Engine.plan`): ``assess`` assesses
    a changed profile on the same day under the same rules, ``findings`` declares each
    finding's remedies, ``law`` holds the parameters' values on that day.

    Where the verdict rests on contested law (a finding of less than high confidence that
    declares remedies), the settled routes that lift it are searched too, and offered
    beside the others; an eligible company gets its verdict as it is as the first option.
    """
    as_it_is = Option(base.license_type, base.authority, base.authority_zh, (), base)
    contested = [
        finding.code
        for finding in base.findings
        if finding.code in base.confidence_rests_on
        and findings[(finding.rule, finding.code)].remedies
    ]
    if base.status is Status.NOT_REQUIRED or (base.status is Status.ELIGIBLE and not contested):
        return Plan(base, (as_it_is,))
    shown = base.profile.to_dict()
    # The search assesses the profile without the violations' descriptions (no rule reads
    # them), so that its cost does not grow with them.
    start = _without_text(shown)
    cache: dict[bytes, Assessment | None] = {orjson.dumps(start, option=orjson.OPT_SORT_KEYS): base}
    goals = ([] if base.status is Status.ELIGIBLE else [None]) + list(dict.fromkeys(contested))
    searches = [
        _Search(assess, findings, start, law, cache, contested=goal, shown=shown) for goal in goals
    ]
    found: dict[frozenset[tuple[str, bytes]], Option] = {}
    for search in searches:
        minimal = {}
        for route in search.routes():
            kept = search.minimal(route)
            key = _route_key(kept)
            minimal[key] = kept
        for option in _undominated(search.option(route) for route in minimal.values()):
            found.setdefault(_items(option), option)
    given = (
        found.values()
        if start == shown
        else (searches[0].as_given(option) for option in found.values())
    )
    options = sorted(given, key=_rank)
    if base.status is Status.ELIGIBLE:
        options.insert(0, as_it_is)
    search = searches[0]
    for other in searches[1:]:
        for code, finding in other.obstacles.items():
            search.obstacles.setdefault(code, finding)
        for code, finding in other.dead_ends.items():
            search.dead_ends.setdefault(code, finding)
    obstacles = tuple(
        Obstacle(
            code=f.code,
            rule=f.rule,
            message=f.message,
            message_zh=f.message_zh,
            citation=f.citation,
            remediation=f.remediation,
            remediation_zh=f.remediation_zh,
            pack=f.pack,
        )
        for f in sorted(
            {**(search.dead_ends if not options else {}), **search.obstacles}.values(),
            key=lambda f: (f.code, f.rule),
        )
    )
    return Plan(base, tuple(options), obstacles)


# ---------------------------------------------------------------- values for people


def describe_value(field: str, value: Any, lang: str) -> str:
    """A profile value as a change's message shows it: ``CNY 1,000,000.00`` / ``100万元``,
    ``50%``, province names, codes (their Chinese names in Chinese)."""
    zh = lang == "zh"
    if value is None:
        return "未知" if zh else "unknown"
    if field == "registered_capital_cny":
        return yuan_zh(Decimal(value)) if zh else f"CNY {yuan(Decimal(value))}"
    if field == "foreign_equity_percent":
        return f"{Decimal(value).normalize():f}%"
    if field in {"service_provinces", "registered_province"}:
        codes = value if isinstance(value, list) else [value]
        names = [Province(code).name_zh if zh else Province(code).name_en for code in codes]
        return ("、" if zh else ", ").join(names)
    if isinstance(value, bool):
        return word("yes" if value else "no", lang)
    if isinstance(value, list):
        shown = [code_label(field, str(item), lang) for item in value]
        return ("、" if zh else ", ").join(shown) or word("none", lang)
    return code_label(field, str(value), lang)
