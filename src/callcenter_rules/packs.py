"""Rule packs: house rules beside the law, written in the law's own vocabulary.

A pack is a name, a version and rules declared exactly as the law's are (`Rule`,
`FindingSpec`, conditions on the facts the law provides), with citations that may point at
internal documents. Attached to an engine (``Engine(rule_packs=[pack])`` or by the name of
an installed pack), its rules are compiled into the same ruleset as the law's: their
findings come out of the same assessment, trace, plan and audit record, and carry the
pack's name (``Finding.pack``).

Packs add findings; they do not change what the law derives: a pack rule may not derive a
fact, and may only read the facts and fields the law provides. A pack's blocking finding
counts towards the decision like the law's (a house policy can make a company ineligible
*for that house*), and a warning whose code ends in ``_UNKNOWN`` makes it incomplete like the
law's; an info finding, or any other warning, never changes the status. A pack rule reads the
facts the law's first stratum derives, not the tally or the decision (its findings are
counted in them).

Installed packs are found through the entry-point group ``callcenter_rules.rule_packs``;
each entry point names a `RulePack` (or a function returning one)::

    [project.entry-points."callcenter_rules.rule_packs"]
    acme = "acme_rule_pack:PACK"

Everything a pack author needs is importable from this module.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from importlib import metadata
from typing import Any, Final

import attrs

from .law import facts as _facts
from .law.citation import Confidence, Document, Period, Provision, Severity, Source
from .law.facts import (
    AUTHORITY,
    B24,
    CAP_APPLIES,
    COMPANY,
    CONTEXT,
    LICENCE,
    NOT_REQUIRED,
    POLICY,
    SCOPE,
    SERVICE_AREA,
    VIOLATION,
)
from .law.language import (
    All,
    Compare,
    Condition,
    Either,
    FactType,
    Field,
    FindingSpec,
    Rule,
    Shifted,
    check_wording,
)
from .law.parameters import param
from .law.remedies import capability, state

__all__ = [
    "AUTHORITY",
    "B24",
    "CAP_APPLIES",
    "COMPANY",
    "CONTEXT",
    "ENTRY_POINT_GROUP",
    "LICENCE",
    "NOT_REQUIRED",
    "POLICY",
    "SCOPE",
    "SERVICE_AREA",
    "VIOLATION",
    "Confidence",
    "Document",
    "FindingSpec",
    "Period",
    "Provision",
    "Rule",
    "RulePack",
    "RulePackError",
    "Severity",
    "Source",
    "capability",
    "check_packs",
    "installed_packs",
    "load_pack",
    "param",
    "resolve_packs",
    "state",
]

#: The entry-point group installed packs register under.
ENTRY_POINT_GROUP: Final = "callcenter_rules.rule_packs"

_NAME: Final = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")


class RulePackError(ValueError):
    """A rule pack cannot be used: the message names the pack and, where it is one rule's
    fault, the rule. ``message_zh`` says it in Chinese where the user, not the pack's
    author, can act on it (a pack not installed, not loadable, attached twice); otherwise
    it is the English message."""

    def __init__(self, message: str, message_zh: str | None = None) -> None:
        super().__init__(message)
        self.message_zh = message_zh or message

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (str(self), self.message_zh))


def _name(_instance: Any, _attribute: Any, value: str) -> None:
    if not isinstance(value, str) or not _NAME.match(value):
        raise RulePackError(
            f"rule pack name {value!r}: use lower-case letters, digits, '.', '_' and '-' "
            "(at most 64), starting with a letter or digit"
        )


def _rules(value: Iterable[Rule]) -> tuple[Rule, ...]:
    return tuple(value)


@attrs.frozen
class RulePack:
    """House rules to compile beside the law.

    Args:
        name: how the pack is named in findings, in ``rules`` and in the audit record
            (``acme``; lower case, digits, ``.``, ``_``, ``-``).
        version: the pack's own version (``1.0.0``), recorded in the audit record.
        rules: the pack's rules, declared as the law's are.
        description: one line on what the pack is for.
    """

    name: str = attrs.field(validator=_name)
    version: str = attrs.field(validator=attrs.validators.instance_of(str))
    rules: tuple[Rule, ...] = attrs.field(converter=_rules)
    description: str = ""

    @property
    def label(self) -> str:
        """``name==version``, as the audit record names the pack."""
        return f"{self.name}=={self.version}"


# ---------------------------------------------------------------- finding installed packs


def installed_packs() -> dict[str, metadata.EntryPoint]:
    """The installed packs' entry points, by name."""
    return {entry.name: entry for entry in metadata.entry_points(group=ENTRY_POINT_GROUP)}


def load_pack(name: str) -> RulePack:
    """The installed pack registered as ``name``.

    Raises:
        RulePackError: no pack of that name is installed, or its entry point does not give
            a `RulePack`.
    """
    found = installed_packs()
    entry = found.get(name)
    if entry is None:
        if found:
            known = ", ".join(sorted(found))
            en, zh = f"installed: {known}", f"已安装的规则包：{known}"
        else:
            en, zh = "no rule pack is installed", "尚未安装任何规则包"
        raise RulePackError(
            f"no rule pack named {name!r} is installed ({en})",
            f"未安装名为“{name}”的规则包（{zh}）",
        )
    try:
        loaded = entry.load()
        if callable(loaded) and not isinstance(loaded, RulePack):
            loaded = loaded()  # a function that makes the pack
    except Exception as error:  # the pack's own import (or factory) failed: say whose
        raise RulePackError(
            f"rule pack {name!r} ({entry.value}) cannot be loaded: {error}",
            f"规则包“{name}”（{entry.value}）无法加载：{error}",
        ) from error
    pack = loaded
    if not isinstance(pack, RulePack):
        raise RulePackError(
            f"rule pack {name!r}: the entry point {entry.value} gives a "
            f"{type(pack).__name__}, not a RulePack"
        )
    if pack.name != name:
        raise RulePackError(
            f"rule pack {name!r}: the entry point gives the pack named {pack.name!r}; "
            "register it under its own name"
        )
    return pack


def resolve_packs(packs: Iterable[RulePack | str]) -> tuple[RulePack, ...]:
    """Packs given as objects or by installed name, in order.

    Raises:
        RulePackError: an unknown name, or a pack given twice.
    """
    resolved = tuple(pack if isinstance(pack, RulePack) else load_pack(pack) for pack in packs)
    names = [pack.name for pack in resolved]
    twice = sorted({name for name in names if names.count(name) > 1})
    if twice:
        raise RulePackError(
            f"rule pack {twice[0]!r} is attached twice", f"规则包“{twice[0]}”被重复加载"
        )
    return resolved


# ---------------------------------------------------------------- checks


#: The facts a pack rule may read: the input and what the law derives before the tally (a
#: pack's findings are counted in the tally, so it cannot read the tally or the decision).
_KNOWN_FACTS: Final = {
    fact.name: fact
    for fact in (*_facts.GIVEN, *_facts.DERIVED)
    if fact not in (_facts.TALLY, _facts.DECISION)
}


def _fields(condition: Condition) -> Iterator[Field]:
    """Every field a condition reads, its own and those it compares with."""
    if isinstance(condition, All | Either):
        for part in condition.parts:
            yield from _fields(part)
        return
    yield from condition.fields
    if isinstance(condition, Compare):
        value = condition.value
        if isinstance(value, Field):
            yield value
        elif isinstance(value, Shifted):
            yield value.day


def _fact_of(pattern: FactType | Condition) -> Iterator[Field | FactType]:
    if isinstance(pattern, FactType):
        yield pattern
    else:
        yield from _fields(pattern)


def check_packs(packs: Sequence[RulePack], law: Sequence[Rule]) -> None:
    """Check packs against the law and each other.

    Raises:
        RulePackError: a rule id or finding code that the law or another pack already
            uses, a rule that derives a fact, or a condition on a fact or field the law does
            not provide; the message names the pack and the rule.
    """
    ids = {rule.id: "the law" for rule in law}
    codes = {spec.code: "the law" for rule in law for spec in rule.findings}
    for pack in packs:
        if not pack.rules:
            raise RulePackError(f"rule pack {pack.name}: it has no rules")
        own_codes: set[str] = set()
        for rule in pack.rules:
            where = f"rule pack {pack.name}, rule {rule.id}"
            if not isinstance(rule, Rule):
                raise RulePackError(f"rule pack {pack.name}: {rule!r} is not a Rule")
            if rule.id in ids:
                raise RulePackError(f"{where}: the id is already used by {ids[rule.id]}")
            ids[rule.id] = f"rule pack {pack.name}"
            if rule.derive:
                raise RulePackError(
                    f"{where}: a pack rule may not derive facts (it adds findings; what the "
                    "law derives stays the law's)"
                )
            if not rule.findings:
                raise RulePackError(f"{where}: it has no findings, so it would do nothing")
            if not rule.when:
                raise RulePackError(f"{where}: it has no conditions")
            try:
                check_wording([rule])
            except ValueError as error:
                raise RulePackError(f"{where}: {error}") from None
            for spec in rule.findings:
                if spec.code in codes and spec.code not in own_codes:
                    raise RulePackError(
                        f"{where}: finding code {spec.code} is already used by {codes[spec.code]}"
                    )
                codes[spec.code] = f"rule pack {pack.name}"
                own_codes.add(spec.code)
            for pattern in rule.when.values():
                for item in _fact_of(pattern):
                    _check_known(item, where)


def _check_known(item: Field | FactType, where: str) -> None:
    if isinstance(item, FactType):
        known = _KNOWN_FACTS.get(item.name)
        if known is not item:
            raise RulePackError(
                f"{where}: the fact {item.name!r} is not one the law provides "
                f"(facts: {', '.join(sorted(_KNOWN_FACTS))})"
            )
        return
    fact = _KNOWN_FACTS.get(item.fact)
    if fact is None or fact.fields.get(item.name) is not item:
        available = ", ".join(sorted(fact.fields)) if fact is not None else "none"
        raise RulePackError(
            f"{where}: the field {item.fact}.{item.name} is not one the law provides "
            f"(fields of {item.fact}: {available})"
        )
