"""The public entry points: `assess`, `Engine` and `parameters`.

The path runs one way: input -> `Profile` (validated) -> facts -> rule engine ->
derived facts and finding records -> `Assessment`. The law is compiled once per engine,
against its parameter table (the law's, or one with overrides).
"""

from __future__ import annotations

import datetime
import decimal
import hashlib
import itertools
import os
import threading
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final

import attrs
import orjson

from .assemble import assemble, assemble_review, normalised_input
from .cache import AssessmentCache, CacheInfo, check_cache_size
from .compile import CompiledLaw, compile_law
from .engine import EngineClosed, Evaluation, RuleDefinitionError, RuleEngine, RuleLoopError
from .errors import BilingualError
from .facts import Needed, licence_facts, profile_facts
from .law import RULES
from .law.language import Rule, fingerprint
from .law.licence_type import authority_names
from .law.parameters import Parameter, ParameterTable, default_table
from .law.places import zone_on_day
from .model import (
    Activity,
    InvalidProfile,
    Licence,
    Policy,
    Profile,
    structure_licence,
    structure_profile,
)
from .packs import (
    RulePack,
    RulePackError,
    check_packs,
    fired_too_often,
    guarded_rules,
    resolve_packs,
)
from .planner import make_plan
from .provinces import Province
from .results import Assessment
from .results.plan import Plan
from .results.review import Review
from .values import DECIMAL_CONTEXT

__all__ = [
    "EARLIEST_SUPPORTED_DATE",
    "Engine",
    "UnsupportedDate",
    "assess",
    "check_as_of",
    "parameters",
    "review",
]

#: The first day whose law the library models (Catalogue 2015 in force).
EARLIEST_SUPPORTED_DATE: Final[datetime.date] = default_table().single("in_force.catalogue_2015")
_engine_names = itertools.count(1)


class UnsupportedDate(BilingualError, ValueError):
    """``as_of`` is a day whose law the library does not model (before 2016-03-01);
    ``message_zh`` says so in Chinese (``str()`` is the English)."""


def parameters() -> tuple[Parameter, ...]:
    """The catalogue of the law's parameters: name, description, unit and dated values
    with their references (``Parameter.to_dict()`` for JSON)."""
    return tuple(default_table().values())


class Engine:
    """The compiled rules, ready to assess profiles.

    Build one per process and reuse it: compiling the rules is the expensive part.
    Thread-safe (assessments are serialised), fork-safe, and freed when collected; use as
    a context manager, or call `close`, to free the compiled ruleset at a known point.

    Args:
        policy: choices where the law is unsettled (see `Policy`).
        parameters: changed parameter values, by name: a plain value for every day
            (``{"capital_minimum.regional": "2000000"}``) or values by the day they take
            effect (``{"capital_minimum.regional": {"2027-01-01": "2000000"}}``). See
            `parameters()` for the catalogue.
        rule_packs: rule packs compiled beside the law (`RulePack` objects or the names
            of installed packs).
        cache_size: keep up to this many assessments by their normalised input, and
            return the one kept for a repeat (see `callcenter_rules.cache`); 0, the
            default, keeps none. For batches with repeated rows.

    Raises:
        ValueError: an unknown parameter, or a value not in its unit, naming it; a
            negative ``cache_size``.
        TypeError: a ``cache_size`` that is not a whole number.
    """

    def __init__(
        self,
        *,
        policy: Policy | None = None,
        parameters: Mapping[str, Any] | None = None,
        rule_packs: Iterable[RulePack | str] = (),
        cache_size: int = 0,
    ) -> None:
        size = check_cache_size(cache_size)
        self._cache: AssessmentCache | None = AssessmentCache(size) if size else None
        self.policy: Final = policy if policy is not None else Policy()
        table = default_table()
        if parameters:
            table = table.with_overrides(parameters)
        #: The parameter values this engine applies.
        self.parameters: Final[ParameterTable] = table
        #: The rule packs compiled beside the law, in order.
        self.rule_packs: Final[tuple[RulePack, ...]] = resolve_packs(rule_packs)
        check_packs(self.rule_packs, RULES)
        pack_of = {rule.id: pack.name for pack in self.rule_packs for rule in pack.rules}
        #: The law's rules, then each pack's.
        self.rules: Final[tuple[Rule, ...]] = (
            *RULES,
            *(rule for pack in self.rule_packs for rule in pack.rules),
        )
        #: The law compiled against `parameters` (a pack's own code runs guarded, so that
        #: its failure names the pack and the rule).
        guarded = (*RULES, *(rule for pack in self.rule_packs for rule in guarded_rules(pack)))
        self.law: Final[CompiledLaw] = _compile(guarded, table, pack_of)
        self._engine = _build(self.law, pack_of)
        self._pack_of: Final = pack_of
        #: What the engine was built with, JSON-ready, as every audit record shows it: the
        #: policy, the parameter overrides and the rule packs (``name==version``).
        self.configuration: Final[dict[str, Any]] = {
            "policy": attrs.asdict(self.policy),
            "parameters": default_table().canonical_overrides(parameters or {}),
            "rule_packs": [pack.label for pack in self.rule_packs],
        }
        self._ruleset_hash: Final = _RulesetHash(
            self._engine.definition_json, self.rules, table, self.configuration["rule_packs"]
        )

    @property
    def ruleset_hash(self) -> str:
        """SHA-256 of the ruleset: the engine definition, everything about every rule that
        can change an output (`callcenter_rules.law.language.fingerprint`: its findings'
        severity, wording and remedies among them; the packs' rules included, with the
        packs' names and versions) and the parameter values (so overrides show in every
        audit record). Worked out when first read (an assessment's audit record reads it
        when it is read itself): hashing every rule's code is a fifth of an engine's
        start."""
        return self._ruleset_hash()

    @property
    def closed(self) -> bool:
        """Whether `close` has been called."""
        return self._engine.closed

    def close(self) -> None:
        """Free the compiled ruleset and the assessments the cache keeps. Idempotent; a
        closed engine refuses to assess."""
        self._engine.close()
        if self._cache is not None:
            self._cache.clear()

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def assess(
        self,
        profile: Profile | Mapping[str, Any],
        *,
        as_of: datetime.date | None = None,
        trace: bool = False,
    ) -> Assessment:
        """Assess ``profile`` under the law in force on ``as_of`` (default: today).

        With ``trace=True`` the assessment records every rule that fired, what it matched
        and derived (``Assessment.trace``, ``explain()``, and ``to_dict()["trace"]``).

        Raises:
            InvalidProfile: the input is not a valid profile; every bad field is listed.
            UnsupportedDate: ``as_of`` is before the first day modelled (2016-03-01).
            TypeError: ``as_of`` is not a date.
            EngineClosed: the engine was closed.
        """
        day = check_as_of(as_of, earliest=self.law.earliest)
        with decimal.localcontext(DECIMAL_CONTEXT):
            return self._assess(profile, day, trace, self._cache)

    def _assess(
        self,
        profile: Profile | Mapping[str, Any],
        day: datetime.date,
        trace: bool,
        cache: AssessmentCache | None,
    ) -> Assessment:
        """`assess` on a checked day, in the engine's decimal context, kept in ``cache``
        when one is given (the plan search gives none: its many changed profiles would
        crowd out the caller's)."""
        company = structure_profile(profile)
        problem = zone_on_day(
            company.registered_zone, company.registered_province, day, self.parameters
        )
        if problem is not None:
            raise InvalidProfile([("registered_zone", problem)])
        if cache is None:
            evaluation = self._evaluate(profile_facts(company, day, self.policy), trace)
            return self.assemble(company, day, evaluation, trace=trace)
        if self._engine.closed:  # as the engine would say, had it been asked
            raise EngineClosed("this engine is closed")
        normalised = normalised_input(company, day, self.policy)
        key = normalised + (b"+trace" if trace else b"")
        kept = cache.get(key)
        if kept is not None:
            return kept
        evaluation = self._evaluate(profile_facts(company, day, self.policy), trace)
        assessment = self.assemble(company, day, evaluation, trace=trace, normalised=normalised)
        cache.put(key, assessment)
        return assessment

    def _evaluate(self, facts: Sequence[Mapping[str, Any]], trace: bool = False) -> Evaluation:
        """The rules run on ``facts`` (recording where each derived fact came from, for a
        ``trace``); a pack rule that fires past the engine's cap on actions is named with
        its pack."""
        try:
            return self._engine.evaluate(facts, origins=trace)
        except RuleLoopError as error:
            variant = self.law.variants.get(error.rule) if error.rule is not None else None
            rule = None if variant is None else variant.rule.id
            pack = None if rule is None else self._pack_of.get(rule)
            if rule is None or pack is None:
                raise
            raise fired_too_often(pack, rule, error.cap) from error

    def cache_info(self) -> CacheInfo:
        """How the assessment cache has served: hits, misses, its size and the most it
        keeps (all 0 for an engine built without ``cache_size``)."""
        if self._cache is None:
            return CacheInfo(0, 0, 0, 0)
        return self._cache.info()

    def cache_clear(self) -> None:
        """Drop every assessment the cache keeps and zero its counts."""
        if self._cache is not None:
            self._cache.clear()

    def plan(
        self, profile: Profile | Mapping[str, Any], *, as_of: datetime.date | None = None
    ) -> Plan:
        """The smallest sets of changes that make ``profile`` eligible on ``as_of``, each
        verified by this engine's rules, best first (see `callcenter_rules.plan`).

        An eligible or not-required profile gets one option with nothing to change.

        Raises:
            InvalidProfile: the input is not a valid profile; every bad field is listed.
            UnsupportedDate: ``as_of`` is before the first day modelled (2016-03-01).
            EngineClosed: the engine was closed.
        """
        day = check_as_of(as_of, earliest=self.law.earliest)
        with decimal.localcontext(DECIMAL_CONTEXT):
            base = self.assess(profile, as_of=day)
            law = {name: parameter.value_on(day) for name, parameter in self.parameters.items()}

            def assess_changed(data: Mapping[str, Any]) -> Assessment:
                return self._assess(data, day, False, None)

            return make_plan(base, assess_changed, self.law.findings, law)

    def review(
        self,
        licence: Licence | Mapping[str, Any],
        profile: Profile | Mapping[str, Any] | None = None,
        *,
        as_of: datetime.date | None = None,
    ) -> Review:
        """A licence holder's review of ``licence`` on ``as_of`` (default: today): its
        obligations (renewal, annual reports, change filings) with their due days and
        states, and its findings (expired, deadlines open or missed, the conduct rules
        that bind it), run as rules on this engine.

        With ``profile`` (the business as it is), the review also says whether the licence
        covers it: the profile is assessed (`assess`) and the licence type, provinces and
        scopes that assessment says the business needs are compared with the licence's.

        Raises:
            InvalidLicence: the input is not a valid licence; every bad field is listed.
            InvalidProfile: the profile is not valid.
            UnsupportedDate: ``as_of`` is before MIIT Order No. 42 took effect
                (2017-09-01), from when a holder's obligations are modelled.
            EngineClosed: the engine was closed.
        """
        day = self.review_day(as_of)
        held = structure_licence(licence)
        with decimal.localcontext(DECIMAL_CONTEXT):
            assessment = self.assess(profile, as_of=day) if profile is not None else None
            needed = _needed(assessment) if assessment is not None else None
            evaluation = self._engine.evaluate(licence_facts(held, day, self.parameters, needed))
            return assemble_review(
                self.law,
                held,
                day,
                evaluation,
                assessment=assessment,
                policy=self.policy,
                ruleset_hash=self._ruleset_hash,
                configuration=self.configuration,
            )

    def review_day(self, as_of: datetime.date | None = None) -> datetime.date:
        """The day a review on ``as_of`` is for (default: today), checked: what `review`
        checks before it reads anything, for the edges to refuse a day before they read
        their input.

        Raises:
            UnsupportedDate: the day is before MIIT Order No. 42 took effect (2017-09-01),
                from when a holder's obligations are modelled.
        """
        day = check_as_of(as_of, earliest=self.law.earliest)
        first = self.parameters.single("in_force.order_42")
        if day < first:
            raise UnsupportedDate(
                f"as_of {day.isoformat()} is before {first.isoformat()}, when MIIT Order No. 42 "
                "took effect; a licence holder's obligations are modelled from that day",
                f"审查日 {day.isoformat()} 早于 {first.isoformat()}，即《电信业务经营许可管理办法》"
                "（工业和信息化部令第42号）施行之日；持证者义务自该日起纳入本库范围",
            )
        return day

    def assemble(
        self,
        profile: Profile,
        as_of: datetime.date,
        evaluation: Evaluation,
        *,
        trace: bool = False,
        normalised: bytes | None = None,
    ) -> Assessment:
        """The `Assessment` of ``profile`` from an evaluation of this engine's rules.

        Internal but documented: for other ways of running the same compiled rules (the
        stock durable-rules host in `callcenter_rules.testing.stock`). ``normalised`` is
        the audit's normalised input, when the caller has made it already.
        """
        return assemble(
            self.law,
            profile,
            as_of,
            evaluation,
            policy=self.policy,
            ruleset_hash=self._ruleset_hash,
            trace=trace,
            configuration=self.configuration,
            normalised=normalised,
        )


class _RulesetHash:
    """`Engine.ruleset_hash`, worked out on the first call and kept. Apart from the
    `Engine`, so that the audit records that hold it do not keep an engine alive."""

    def __init__(
        self,
        definition: str,
        rules: Sequence[Rule],
        table: ParameterTable,
        packs: Sequence[str],
    ) -> None:
        self._parts: Final = (definition, rules, table, packs)
        self._digest: str | None = None

    def __call__(self) -> str:
        # Two threads may both work it out the first time: the same digest.
        digest = self._digest
        if digest is None:
            definition, rules, table, packs = self._parts
            digest = self._digest = hashlib.sha256(
                definition.encode()
                + orjson.dumps(
                    [fingerprint(rule, table) for rule in rules], option=orjson.OPT_SORT_KEYS
                )
                + orjson.dumps(table.to_dict(), option=orjson.OPT_SORT_KEYS)
                + orjson.dumps(list(packs))
            ).hexdigest()
        return digest


def _compile(
    rules: tuple[Rule, ...], table: ParameterTable, pack_of: dict[str, str]
) -> CompiledLaw:
    """The rules compiled; a pack rule the compiler refuses is named with its pack."""
    try:
        return compile_law(rules, table, pack_of)
    except ValueError as error:
        message = str(error)
        for rule_id, pack in pack_of.items():
            if f"rule {rule_id}" in message or f"rule {rule_id!r}" in message:
                raise RulePackError(
                    f"rule pack {pack}: {message}",
                    f"规则包“{pack}”的规则 {rule_id}：无法编译（{message}）",
                ) from error
        raise


def _build(law: CompiledLaw, pack_of: dict[str, str]) -> RuleEngine:
    """The engine for the compiled law. When durable-rules refuses a ruleset with rule
    packs in it (a condition too long for the C engine, say), the pack rule it refuses is
    found by building the law with each pack rule alone, and named."""
    try:
        return RuleEngine(
            f"callcenter_rules_{next(_engine_names)}", law.specs, checkpoints=[law.tally]
        )
    except RuleDefinitionError as error:
        if not pack_of:
            raise
        own = [spec for spec in law.specs if law.rule_of(spec.name).id not in pack_of]
        for spec in law.specs:
            rule_id = law.rule_of(spec.name).id
            if rule_id not in pack_of:
                continue
            try:
                RuleEngine(f"callcenter_rules_{next(_engine_names)}", [*own, spec]).close()
            except RuleDefinitionError:
                raise RulePackError(
                    f"rule pack {pack_of[rule_id]}, rule {rule_id}: the rules engine refuses "
                    f"it: {error}",
                    f"规则包“{pack_of[rule_id]}”的规则 {rule_id} 无法由规则引擎编译：{error}",
                ) from error
        names = ", ".join(sorted(set(pack_of.values())))
        raise RulePackError(
            f"rule packs {names}: the rules engine refuses the ruleset: {error}",
            f"规则包 {names} 与法律规则一起无法由规则引擎编译：{error}",
        ) from error


#: Each issuing authority's English name (as an assessment gives it), to its code.
_AUTHORITY_CODES: Final = {
    authority_names(code)[0]: code for code in ("MIIT", *(p.code for p in Province))
}


def _needed(assessment: Assessment) -> Needed:
    """What the business needs, as its assessment says: the review's coverage facts."""
    profile = assessment.profile
    return Needed(
        license_type=assessment.license_type.value if assessment.license_type else None,
        authority=_AUTHORITY_CODES.get(assessment.authority or "", "MIIT"),
        scopes=tuple(sorted(scope.value for scope in assessment.business_scopes)),
        provinces=profile.service_provinces,
        outbound_calling=Activity.OUTBOUND_CALLING in profile.activities,
    )


def check_as_of(
    as_of: object, *, earliest: datetime.date = EARLIEST_SUPPORTED_DATE
) -> datetime.date:
    """The day an assessment is for: ``as_of`` itself, or today when it is ``None``.

    Raises:
        UnsupportedDate: ``as_of`` is before ``earliest`` (2016-03-01).
        TypeError: ``as_of`` is not a date.
    """
    if as_of is None:
        return datetime.date.today()
    if isinstance(as_of, datetime.datetime):
        as_of = as_of.date()
    if not isinstance(as_of, datetime.date):
        raise TypeError(f"as_of must be a datetime.date, got {type(as_of).__name__}")
    if as_of < earliest:
        raise UnsupportedDate(
            f"as_of {as_of.isoformat()} is before {earliest.isoformat()}, when "
            "the 2015 Catalogue of Telecommunications Services took effect; earlier law is "
            "not modelled",
            f"评估日 {as_of.isoformat()} 早于 {earliest.isoformat()}，即《电信业务分类目录"
            "（2015年版）》施行之日；此前的法律不在本库的范围内",
        )
    return as_of


_default: Engine | None = None
_default_lock = threading.Lock()
if hasattr(os, "register_at_fork"):
    # A child forked while another thread builds the default engine must not inherit the
    # lock held: fork waits for the build to finish.
    os.register_at_fork(
        before=_default_lock.acquire,
        after_in_parent=_default_lock.release,
        after_in_child=_default_lock.release,
    )


def _default_engine() -> Engine:
    global _default
    with _default_lock:
        if _default is None or _default.closed:
            _default = Engine()
        return _default


def assess(
    profile: Profile | Mapping[str, Any], *, as_of: datetime.date | None = None, trace: bool = False
) -> Assessment:
    """Assess ``profile`` with a lazily built default `Engine` (default policy).

    ``profile`` is a `Profile` or a JSON-like mapping with the profile's field
    names; ``as_of`` is the day whose law applies (default: today); ``trace=True``
    records the derivation for `Assessment.explain`.

    Raises:
        InvalidProfile: the input is not a valid profile; every bad field is listed.
        UnsupportedDate: ``as_of`` is before 2016-03-01.
    """
    return _default_engine().assess(profile, as_of=as_of, trace=trace)


def plan(profile: Profile | Mapping[str, Any], *, as_of: datetime.date | None = None) -> Plan:
    """The ways to a licence for ``profile``, with the default `Engine` (see
    `Engine.plan`).

    Raises:
        InvalidProfile: the input is not a valid profile; every bad field is listed.
        UnsupportedDate: ``as_of`` is before 2016-03-01.
    """
    return _default_engine().plan(profile, as_of=as_of)


def default_engine() -> Engine:
    """The shared `Engine` with the default configuration that `assess` and `plan` use,
    built when first needed (and again if it was closed)."""
    return _default_engine()


def review(
    licence: Licence | Mapping[str, Any],
    profile: Profile | Mapping[str, Any] | None = None,
    *,
    as_of: datetime.date | None = None,
) -> Review:
    """A licence holder's review of ``licence`` (and, with ``profile``, whether it covers
    the business) on ``as_of``, with the default `Engine` (see `Engine.review`).

    Raises:
        InvalidLicence: the input is not a valid licence; every bad field is listed.
        InvalidProfile: the profile is not valid.
        UnsupportedDate: ``as_of`` is before 2017-09-01.
    """
    return _default_engine().review(licence, profile, as_of=as_of)
