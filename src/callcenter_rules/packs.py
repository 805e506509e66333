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
law's; an info finding, or any other warning, never changes the status. The decision is
taken only where a licence is needed, so a rule with a finding that counts towards it must
match the ``licence`` fact: where the law says no licence is needed, a pack cannot block. A
pack rule reads the facts the law's first stratum derives, not the tally or the decision
(its findings are counted in them).

Rule ids and finding codes follow the law's pattern (`RULE_ID_PATTERN`, `CODE_PATTERN`),
and may not reuse, or look like, the law's. Every template of a pack is checked when the
engine is built; a template filled from a values function's results, and the values and
remedy functions themselves, are checked when they run: a failure there is a
`RulePackError` naming the pack and the rule, never an anonymous crash. What a pack may ask
of the engine is bounded (the ``MAX_`` constants): the size of its conditions, the length
of its texts, the findings it declares and adds to one assessment.

Installed packs are found through the entry-point group ``callcenter_rules.rule_packs``;
each entry point names a `RulePack` (or a function returning one)::

    [project.entry-points."callcenter_rules.rule_packs"]
    acme = "acme_rule_pack:PACK"

Everything a pack author needs is importable from this module.
"""

from __future__ import annotations

import math
import re
import string
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final, Protocol

import attrs
import orjson

if TYPE_CHECKING:  # (the standard library's type, for the annotation only)
    from importlib.metadata import EntryPoint

from .errors import BilingualError
from .law import facts as _facts
from .law.citation import Confidence, Document, Period, Provision, Severity, Source
from .law.facts import (
    AUTHORITY,
    B24,
    CAP_APPLIES,
    CAP_REACHES,
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
    Match,
    Proposal,
    Remedy,
    Rule,
    Shifted,
    Situation,
    check_wording,
    is_wording,
)
from .law.parameters import ParamRef, param
from .law.remedies import capability, state

__all__ = [
    "AUTHORITY",
    "B24",
    "CAP_APPLIES",
    "CAP_REACHES",
    "CODE_PATTERN",
    "COMPANY",
    "CONTEXT",
    "ENTRY_POINT_GROUP",
    "LICENCE",
    "MAX_CONDITION_DEPTH",
    "MAX_CONDITION_TERMS",
    "MAX_FINDINGS_PER_RULE",
    "MAX_PACK_FINDINGS",
    "MAX_PROPOSALS_PER_REMEDY",
    "MAX_REMEDIES_PER_FINDING",
    "MAX_TEXT_LENGTH",
    "MAX_VALUES",
    "NOT_REQUIRED",
    "POLICY",
    "RULE_ID_PATTERN",
    "SCOPE",
    "SERVICE_AREA",
    "VERSION_PATTERN",
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
    "check_rendered",
    "fired_too_often",
    "guarded_rules",
    "installed_packs",
    "load_pack",
    "param",
    "resolve_packs",
    "state",
    "too_many_findings",
]

#: The entry-point group installed packs register under.
ENTRY_POINT_GROUP: Final = "callcenter_rules.rule_packs"

_NAME: Final = re.compile(r"[a-z0-9][a-z0-9._-]{0,63}")
#: What a finding code is: ASCII upper-case words of letters and digits, joined by single
#: underscores, starting with a letter, at most 64 characters (``ACME_TOO_FEW_INSURED_STAFF``).
#: The law's own codes follow it.
CODE_PATTERN: Final = re.compile(r"(?=.{1,64}\Z)[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*")
#: What a rule id is: the same words joined by single hyphens (``ACME-INSURED-STAFF``).
#: The law's own ids follow it.
RULE_ID_PATTERN: Final = re.compile(r"(?=.{1,64}\Z)[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*")
#: What a pack's version is: a PEP 440 version in its normalised form (``1.0.0``,
#: ``2.1rc1``, ``1.0.post2``, ``3.0.dev1``, ``1!2.0``, with a local label such as
#: ``1.0+acme.3``), at most 64 characters.
VERSION_PATTERN: Final = re.compile(
    r"(?=.{1,64}\Z)(?:[1-9][0-9]*!)?(?:0|[1-9][0-9]*)(?:\.(?:0|[1-9][0-9]*))*"
    r"(?:(?:a|b|rc)(?:0|[1-9][0-9]*))?(?:\.post(?:0|[1-9][0-9]*))?(?:\.dev(?:0|[1-9][0-9]*))?"
    r"(?:\+[a-z0-9]+(?:\.[a-z0-9]+)*)?"
)

#: The most comparisons one condition of a pack rule (one entry of its ``when``) may make;
#: each value listed in ``is_one_of`` or ``includes`` counts as one. The law's largest
#: makes 10; the rules engine takes minutes, or never returns, on a choice of a few
#: hundred.
MAX_CONDITION_TERMS: Final = 128
#: How deep ``&`` and ``|`` may nest in one condition of a pack rule: ``a | b | c`` is one
#: level (a run of the same operator is one choice), ``(a & b) | c`` two. The law's deepest
#: is 4.
MAX_CONDITION_DEPTH: Final = 8
#: The longest text a pack may give: a value, a template, a message or advice as filled in.
#: The law's longest template has 575 characters.
MAX_TEXT_LENGTH: Final = 4000
#: The most values a rule's values function may give.
MAX_VALUES: Final = 64
#: The most findings one pack rule may declare (the law's rules declare at most 2).
MAX_FINDINGS_PER_RULE: Final = 16
#: The most remedies one finding of a pack may propose (the law's most is 34).
MAX_REMEDIES_PER_FINDING: Final = 64
#: The most changes one remedy of a pack may make (the law's most is 3).
MAX_PROPOSALS_PER_REMEDY: Final = 8
#: The most findings one pack may add to one assessment (a rule on each of 100 recorded
#: violations gives 100).
MAX_PACK_FINDINGS: Final = 256


class RulePackError(BilingualError, ValueError):
    """A rule pack cannot be used: the message names the pack and, where it is one rule's
    fault, the rule (and the template or function at fault). ``message_zh`` says the same
    in Chinese; where the reason comes from elsewhere (Python's own error, the rules
    engine's), it is quoted as it was given."""


def _name(_instance: Any, _attribute: Any, value: str) -> None:
    if not isinstance(value, str) or not _NAME.fullmatch(value):
        raise RulePackError(
            f"rule pack name {value!r}: use lower-case letters, digits, '.', '_' and '-' "
            "(at most 64), starting with a letter or digit",
            f"规则包名称 {value!r} 无效：只能使用小写字母、数字和“.”“_”“-”（不超过64个字符），"
            "并以字母或数字开头",
        )


def _version(instance: Any, _attribute: Any, value: str) -> None:
    if not isinstance(value, str) or not VERSION_PATTERN.fullmatch(value):
        shown = repr(value[:80]) if isinstance(value, str) else type(value).__name__
        name = getattr(instance, "name", "?")
        raise RulePackError(
            f"rule pack {name}: version {shown} is not a version: write it as PEP 440 "
            "does, normalised (1.0.0, 2.1rc1, 1.0.post2), at most 64 characters",
            f"规则包“{name}”：版本号 {shown} 无效：请按 PEP 440 的规范形式书写"
            "（1.0.0、2.1rc1、1.0.post2），不超过64个字符",
        )


def _rules(value: Iterable[Rule]) -> tuple[Rule, ...]:
    return tuple(value)


@attrs.frozen
class RulePack:
    """House rules to compile beside the law.

    Args:
        name: how the pack is named in findings, in ``rules`` and in the audit record
            (``acme``; lower case, digits, ``.``, ``_``, ``-``).
        version: the pack's own version (``1.0.0``), recorded in the audit record: a PEP
            440 version, normalised (`VERSION_PATTERN`).
        rules: the pack's rules, declared as the law's are.
        description: one line on what the pack is for.
    """

    name: str = attrs.field(validator=_name)
    version: str = attrs.field(validator=_version)
    rules: tuple[Rule, ...] = attrs.field(converter=_rules)
    description: str = ""

    @property
    def label(self) -> str:
        """``name==version``, as the audit record names the pack."""
        return f"{self.name}=={self.version}"


# ---------------------------------------------------------------- finding installed packs


def installed_packs() -> dict[str, EntryPoint]:
    """The installed packs' entry points, by name."""
    # Loaded when packs are looked up, not with the module: an assessment without packs
    # never needs it, and it costs a tenth of the package's start-up.
    from importlib import metadata

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
            f"{type(pack).__name__}, not a RulePack",
            f"规则包“{name}”：入口点 {entry.value} 给出的是 {type(pack).__name__}，不是 RulePack",
        )
    if pack.name != name:
        raise RulePackError(
            f"rule pack {name!r}: the entry point gives the pack named {pack.name!r}; "
            "register it under its own name",
            f"规则包“{name}”：入口点给出的是名为“{pack.name}”的规则包；请以规则包自己的名称注册",
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


def _skeleton(name: str) -> str:
    """A code or an id as people read it: its letters and digits, upper case, without
    separators (``CAPITAL_BELOW_MINIMUM``, ``CAPITAL-BELOW-MINIMUM`` and
    ``CapitalBelowMinimum`` read alike)."""
    return "".join(char for char in unicodedata.normalize("NFKC", name).upper() if char.isalnum())


@attrs.frozen
class _Where:
    """The pack and rule a refusal is about, as the messages name them."""

    pack: str
    rule: object

    @property
    def rule_shown(self) -> str:
        """The rule's id, quoted when it is not one (empty, lower case, an invisible
        character)."""
        rule = self.rule
        return rule if isinstance(rule, str) and RULE_ID_PATTERN.fullmatch(rule) else repr(rule)

    def refuse(self, en: str, zh: str) -> RulePackError:
        """The refusal, naming the pack and the rule in both languages."""
        return RulePackError(
            f"rule pack {self.pack}, rule {self.rule_shown}: {en}",
            f"规则包“{self.pack}”的规则 {self.rule_shown}：{zh}",
        )


@attrs.frozen
class _Names:
    """The rule ids and finding codes a pack's are checked against: by name, and by how
    they read."""

    #: Who uses each rule id and each code: ``None`` for the law, else the pack's name.
    ids: dict[str, str | None]
    codes: dict[str, str | None]
    #: The ids and codes seen so far by `_skeleton`: what each is (in English and Chinese),
    #: it, and whose it is (``None`` for the law, else the pack's name).
    looks: dict[str, tuple[tuple[str, str], str, str | None]]

    @classmethod
    def of(cls, law: Sequence[Rule]) -> _Names:
        names = cls(
            ids={rule.id: None for rule in law},
            codes={code: None for rule in law for code in rule.codes},
            looks={},
        )
        for rule in law:
            names.add_look(None, _RULE_ID, rule.id)
            for code in rule.codes:
                names.add_look(None, _CODE, code)
        return names

    def add_look(self, owner: str | None, kind: tuple[str, str], name: str) -> None:
        self.looks.setdefault(_skeleton(name), (kind, name, owner))

    def like_another(self, where: _Where, name: str) -> None:
        """Refuse ``name`` if it reads like an id or a code of the law or of another pack
        (the pack's own may read alike: a rule and its finding are often named the same)."""
        found = self.looks.get(_skeleton(name))
        if found is None:
            return
        (kind, kind_zh), other, owner = found
        if owner == where.pack:
            return
        whose, whose_zh = (
            ("the law's", "法律的")
            if owner is None
            else (
                f"rule pack {owner}'s",
                f"规则包“{owner}”的",
            )
        )
        raise where.refuse(
            f"{name} reads like {whose} {kind} {other} (the same once case and separators "
            "are set aside); give the pack's rules ids and codes of their own, such as ones "
            "that start with the pack's name",
            f"{name} 与{whose_zh}{kind_zh} {other} 只有大小写或分隔符之别，容易混淆；"
            "请为规则包的规则另取编号和代码，例如以规则包名称开头",
        )


_RULE_ID: Final = ("rule id", "规则编号")
_CODE: Final = ("finding code", "结论代码")


def check_packs(packs: Sequence[RulePack], law: Sequence[Rule]) -> None:
    """Check packs against the law and each other.

    Raises:
        RulePackError: a rule id or finding code that does not follow `RULE_ID_PATTERN`
            or `CODE_PATTERN`, that the law or another pack already uses, or that reads
            like one of the law's; a rule that derives a fact, or a condition on a fact or
            field the law does not provide, or one larger or deeper than
            `MAX_CONDITION_TERMS` and `MAX_CONDITION_DEPTH` allow; a finding that counts
            towards the decision (blocking, or a warning on unknown evidence) from a rule
            that does not match the ``licence`` fact; a template that is not one, or names
            a value it is not given; wording in one language only. The message names the
            pack and the rule, in English and Chinese.
    """
    names = _Names.of(law)
    for pack in packs:
        if not pack.rules:
            raise RulePackError(
                f"rule pack {pack.name}: it has no rules", f"规则包“{pack.name}”没有任何规则"
            )
        own_codes: set[str] = set()
        for rule in pack.rules:
            if not isinstance(rule, Rule):
                raise RulePackError(
                    f"rule pack {pack.name}: {rule!r} is not a Rule",
                    f"规则包“{pack.name}”：{rule!r} 不是 Rule",
                )
            where = _Where(pack.name, rule.id)
            _check_id(where, rule, names)
            names.ids[rule.id] = pack.name
            names.add_look(pack.name, _RULE_ID, rule.id)
            _check_shape(where, rule)
            for alias, pattern in rule.when.items():
                if isinstance(pattern, Condition):
                    _check_size(where, alias, pattern)
            for spec in rule.findings:
                _check_code(where, spec.code, names, own_codes)
                names.codes[spec.code] = pack.name
                names.add_look(pack.name, _CODE, spec.code)
                own_codes.add(spec.code)
            for pattern in rule.when.values():
                for item in _fact_of(pattern):
                    _check_known(item, where)
            _check_counts_only_with_a_licence(where, rule)
            if rule.wording is not None:
                # Its values would be read after the run, outside the guard that names the
                # pack: a pack gives every value through ``values``.
                raise where.refuse(
                    "declares wording=, which only the law's own rules may use; give those "
                    "values through values=",
                    "声明了 wording=，只有本库自身的规则可以使用；请通过 values= 给出这些值",
                )
            _check_templates(where, rule)


def _check_id(where: _Where, rule: Rule, names: _Names) -> None:
    if not isinstance(rule.id, str) or not RULE_ID_PATTERN.fullmatch(rule.id):
        raise where.refuse(
            "the id is not a rule id: write it in upper-case ASCII letters and digits, in "
            "words joined by single hyphens, starting with a letter, at most 64 characters "
            "(as the law's CAPITAL-REGIONAL)",
            "规则编号无效：应由大写英文字母和数字组成，词间以单个连字符“-”连接，以字母开头，"
            "不超过64个字符（如法律规则的 CAPITAL-REGIONAL）",
        )
    if rule.id in names.ids:
        user = names.ids[rule.id]
        raise where.refuse(
            f"the id is already used by {'the law' if user is None else f'rule pack {user}'}",
            "该编号已被" + ("法律规则" if user is None else f"规则包“{user}”") + "使用",
        )
    names.like_another(where, rule.id)


def _check_code(where: _Where, code: object, names: _Names, own_codes: set[str]) -> None:
    if not isinstance(code, str) or not CODE_PATTERN.fullmatch(code):
        raise where.refuse(
            f"finding code {code!r} is not a finding code: write it in upper-case ASCII "
            "letters and digits, in words joined by single underscores, starting with a "
            "letter, at most 64 characters (as the law's CAPITAL_BELOW_MINIMUM)",
            f"结论代码 {code!r} 无效：应由大写英文字母和数字组成，词间以单个下划线“_”连接，"
            "以字母开头，不超过64个字符（如法律的 CAPITAL_BELOW_MINIMUM）",
        )
    if code in names.codes and code not in own_codes:
        user = names.codes[code]
        raise where.refuse(
            f"finding code {code} is already used by "
            + ("the law" if user is None else f"rule pack {user}"),
            f"结论代码 {code} 已被" + ("法律规则" if user is None else f"规则包“{user}”") + "使用",
        )
    names.like_another(where, code)


def _check_shape(where: _Where, rule: Rule) -> None:
    """What every pack rule is: findings, no derived facts, conditions, wording in both
    languages."""
    if rule.derive:
        raise where.refuse(
            "a pack rule may not derive facts (it adds findings; what the law derives stays "
            "the law's)",
            "规则包的规则不得推导事实（规则包只增加结论项；推导出的事实只能来自法律规则）",
        )
    if not rule.findings:
        raise where.refuse(
            "it has no findings, so it would do nothing", "该规则没有结论项，不起任何作用"
        )
    if not rule.when:
        raise where.refuse("it has no conditions", "该规则没有任何条件")
    if len(rule.findings) > MAX_FINDINGS_PER_RULE:
        raise where.refuse(
            f"it declares {len(rule.findings):,} findings, more than the "
            f"{MAX_FINDINGS_PER_RULE} a pack rule may",
            f"该规则声明了{len(rule.findings):,}个结论项，超过规则包每条规则"
            f"{MAX_FINDINGS_PER_RULE}个的上限",
        )
    for spec in rule.findings:
        remedies = getattr(spec, "remedies", ())
        if len(remedies) > MAX_REMEDIES_PER_FINDING:
            raise where.refuse(
                f"finding {spec.code!r} proposes {len(remedies):,} remedies, more than the "
                f"{MAX_REMEDIES_PER_FINDING} a pack's finding may",
                f"结论 {spec.code!r} 提出了{len(remedies):,}个补救措施，超过规则包每个结论"
                f"{MAX_REMEDIES_PER_FINDING}个的上限",
            )
        for number, remedy in enumerate(remedies, start=1):
            if len(remedy.proposals) > MAX_PROPOSALS_PER_REMEDY:
                raise where.refuse(
                    f"remedy {number} of finding {spec.code!r} makes "
                    f"{len(remedy.proposals):,} changes, more than the "
                    f"{MAX_PROPOSALS_PER_REMEDY} a pack's remedy may",
                    f"结论 {spec.code!r} 的第{number}个补救措施包含{len(remedy.proposals):,}项"
                    f"变更，超过规则包每个补救措施{MAX_PROPOSALS_PER_REMEDY}项的上限",
                )
    for text, summary in (("summary", rule.summary), ("summary_zh", rule.summary_zh)):
        if isinstance(summary, str) and len(summary) > MAX_TEXT_LENGTH:
            raise where.refuse(
                f"its {text} has {len(summary):,} characters, more than the "
                f"{MAX_TEXT_LENGTH:,} a pack's text may",
                f"其 {text} 长达{len(summary):,}个字符，"
                f"超过规则包文字{MAX_TEXT_LENGTH:,}个字符的上限",
            )
    for name, value in rule.constants.items():
        if isinstance(value, ParamRef):
            continue
        problem = _value_problem(value)
        if problem is not None:
            raise where.refuse(
                f"its constant {name!r} is {problem[0]}: {_PLAIN_VALUES[0]}, or a parameter "
                "of the law (param(...))",
                f"其常量 {name!r} 是{problem[1]}：{_PLAIN_VALUES[1]}，"
                "或法律规则的参数（param(...)）",
            )
    try:
        check_wording([rule])
    except ValueError as error:
        raise where.refuse(
            str(error),
            "措辞不完整：每条规则须有中文摘要（summary_zh），且与英文摘要显示相同的参数；"
            f"结论的建议须中英文俱全（{error}）",
        ) from None


def _check_size(where: _Where, alias: str, condition: Condition) -> None:
    """The condition is one the rules engine takes quickly: at most `MAX_CONDITION_TERMS`
    comparisons, ``&`` and ``|`` nested at most `MAX_CONDITION_DEPTH` deep, each joining
    two conditions or more. Walked without recursion, and given up as soon as a limit is
    passed, so that a condition of any size or depth is refused at once (before it reaches
    the recursive checks, the compiler or the rules engine)."""
    terms = visited = 0
    # A join, the level it is at (a part joined with the same operator is at its level).
    stack: list[tuple[Condition, int]] = [(condition, 1)]
    while stack:
        node, depth = stack.pop()
        visited += 1
        if isinstance(node, All | Either):
            parts = node.parts
            if not isinstance(parts, tuple) or len(parts) < 2:
                raise where.refuse(
                    f"its condition on {alias!r} has a join (& or |) of fewer than two conditions",
                    f"其对 {alias!r} 的条件中有少于两个条件的组合（& 或 |）",
                )
            if depth > MAX_CONDITION_DEPTH:
                raise where.refuse(
                    f"its condition on {alias!r} nests & and | more than "
                    f"{MAX_CONDITION_DEPTH} deep, the most a pack's condition may (a run of "
                    "the same operator, a | b | c, is one level); write it flatter, or split "
                    "the rule",
                    f"其对 {alias!r} 的条件中 & 与 | 嵌套超过{MAX_CONDITION_DEPTH}层，"
                    "超出规则包条件的上限（同一运算符连用，如 a | b | c，算一层）；"
                    "请简化该条件或拆分该规则",
                )
            if len(parts) > MAX_CONDITION_TERMS:
                terms = len(parts)  # each part makes one comparison or more
            else:
                for part in parts:
                    if not isinstance(part, Condition):
                        raise where.refuse(
                            f"its condition on {alias!r} joins a {type(part).__name__}, "
                            "which is not a condition",
                            f"其对 {alias!r} 的条件组合了 {type(part).__name__}，它不是条件",
                        )
                    same = isinstance(part, All | Either) and type(part) is type(node)
                    stack.append((part, depth if same else depth + 1))
        else:
            values = getattr(node, "values", None)
            terms += max(len(values), 1) if isinstance(values, tuple) else 1
        # Every join has two parts or more, so a tree of at most MAX_CONDITION_TERMS
        # comparisons has fewer than twice as many nodes: more visits mean a shared or
        # cyclic structure, which counts as large.
        if terms > MAX_CONDITION_TERMS or visited > 2 * MAX_CONDITION_TERMS:
            raise where.refuse(
                f"its condition on {alias!r} makes more than {MAX_CONDITION_TERMS} "
                "comparisons, the most a pack's condition may (each value listed in "
                "is_one_of or includes counts as one); split the rule",
                f"其对 {alias!r} 的条件超过{MAX_CONDITION_TERMS}项比较，超出规则包条件的上限"
                "（is_one_of 或 includes 中列出的每个值各算一项）；请拆分该规则",
            )


def _check_known(item: Field | FactType, where: _Where) -> None:
    if isinstance(item, FactType):
        known = _KNOWN_FACTS.get(item.name)
        if known is not item:
            facts = ", ".join(sorted(_KNOWN_FACTS))
            raise where.refuse(
                f"the fact {item.name!r} is not one the law provides (facts: {facts})",
                f"事实 {item.name!r} 不是法律规则提供的事实（可用的事实：{facts}）",
            )
        return
    fact = _KNOWN_FACTS.get(item.fact)
    if fact is None or fact.fields.get(item.name) is not item:
        available = ", ".join(sorted(fact.fields)) if fact is not None else "none"
        available_zh = "、".join(sorted(fact.fields)) if fact is not None else "无"
        raise where.refuse(
            f"the field {item.fact}.{item.name} is not one the law provides "
            f"(fields of {item.fact}: {available})",
            f"字段 {item.fact}.{item.name} 不是法律规则提供的字段"
            f"（{item.fact} 的字段：{available_zh}）",
        )


def _matches_licence(rule: Rule) -> bool:
    """Whether the rule fires only where a licence is needed: it matches the ``licence``
    fact, or a condition on it."""
    for pattern in rule.when.values():
        if pattern is LICENCE:
            return True
        if isinstance(pattern, Condition) and any(f.fact == LICENCE.name for f in pattern.fields):
            return True
    return False


def _check_counts_only_with_a_licence(where: _Where, rule: Rule) -> None:
    """A finding that counts towards the decision (blocking, or a warning on unknown
    evidence) comes only from a rule that matches the licence: the decision on a licence is
    taken only where one is needed, and where the law says none is, a pack may not block."""
    if _matches_licence(rule):
        return
    for spec in rule.findings:
        if spec.outcome == "note":
            continue
        kind, kind_zh = (
            ("blocking", "不符合项")
            if spec.outcome == "unmet"
            else ("a warning on unknown evidence", "待补充项")
        )
        raise where.refuse(
            f"finding {spec.code} is {kind}, which counts towards the decision, and the "
            "decision is taken only where a licence is needed: match the licence fact too "
            '("licence": LICENCE), so that the rule stays quiet where no licence is needed',
            f"结论 {spec.code} 为{kind_zh}，计入结论判断，而只有需要取得许可时才作出这一判断："
            '请在条件中加入许可证事实（"licence": LICENCE），使该规则在无需许可时不适用',
        )


# ---------------------------------------------------------------- templates


_FORMATTER: Final = string.Formatter()


def _template_names(where: _Where, what: tuple[str, str], template: object) -> list[str]:
    """The names ``template`` fills in, in order (those in its format specifications too).

    Raises:
        RulePackError: it is not text, not a ``str.format`` template, or fills in something
            other than a value by its name (``{}``, ``{0}``, ``{a.b}``, ``{a[0]}``).
    """
    en, zh = what
    if not isinstance(template, str):
        raise where.refuse(
            f"{en} is a {type(template).__name__}, not text",
            f"{zh}是 {type(template).__name__}，不是文字",
        )
    if len(template) > MAX_TEXT_LENGTH:
        raise where.refuse(
            f"{en} has {len(template):,} characters, more than the {MAX_TEXT_LENGTH:,} a "
            "pack's text may",
            f"{zh}长达{len(template):,}个字符，超过规则包文字{MAX_TEXT_LENGTH:,}个字符的上限",
        )
    try:
        parsed = list(_FORMATTER.parse(template))
    except ValueError as error:
        raise where.refuse(
            f"{en} is not a template ({error}); write a brace that is text as {{{{ or }}}}",
            f"{zh}不是有效的模板（花括号须成对，作文字用的花括号请写作 {{{{ 或 }}}}）",
        ) from None
    names: list[str] = []
    for _, name, spec, _ in parsed:
        if name is None:
            continue
        if not name.isidentifier():
            raise where.refuse(
                f"{en} fills in {{{name}}}: name a value, as {{minimum}} (no positions, "
                "attributes or indexes)",
                f"{zh}中的 {{{name}}} 无效：请直接写出值的名称，如 {{minimum}}"
                "（不可使用位置、属性或下标）",
            )
        names.append(name)
        if spec:
            _check_format(where, what, name, spec)
    return names


def _check_format(where: _Where, what: tuple[str, str], name: str, spec: str) -> None:
    """A format specification asks for no more than a pack's text may hold, and names no
    value (a width given by a value could ask for any length)."""
    en, zh = what
    if "{" in spec:
        raise where.refuse(
            f"{en} formats {{{name}}} with a value ({{{name}:{spec}}}): write the format "
            "itself, as {minimum:,}",
            f"{zh}中 {{{name}}} 的格式使用了值（{{{name}:{spec}}}）：请直接写出格式，如 "
            "{minimum:,}",
        )
    for digits in re.findall(r"[0-9]+", spec):
        if len(digits) > 4 or int(digits) > MAX_TEXT_LENGTH:
            raise where.refuse(
                f"{en} formats {{{name}}} as {spec!r}, wider or more precise than the "
                f"{MAX_TEXT_LENGTH:,} characters a pack's text may hold",
                f"{zh}中 {{{name}}} 的格式 {spec!r} 的宽度或精度超过规则包文字"
                f"{MAX_TEXT_LENGTH:,}个字符的上限",
            )


def _check_templates(where: _Where, rule: Rule) -> None:
    """Every template of the rule's findings and of their remedies names only what it is
    given: a finding's messages and advice, the rule's values (its constants, and what its
    values function returns: those names are checked when it runs); a remedy's messages,
    ``current``, ``proposed`` and the finding's evidence."""
    given = set(rule.constants)
    known = rule.values is None  # else the values function's names are known when it runs
    shown = sorted(given)
    for spec in rule.findings:
        texts = (
            ("message", spec.message),
            ("message_zh", spec.message_zh),
            ("remediation", spec.remediation),
            ("remediation_zh", spec.remediation_zh),
        )
        for text, template in texts:
            if template is None and text.startswith("remediation"):
                continue
            what = (f"the {text} of finding {spec.code}", f"结论 {spec.code} 的 {text} ")
            for name in _template_names(where, what, template):
                if known and name not in given:
                    raise where.refuse(
                        f"{what[0]} names {{{name}}}, which the rule does not give "
                        f"(its values: {', '.join(shown) or 'none'})",
                        f"{what[1]}使用了 {{{name}}}，但该规则没有这个值"
                        f"（可用的值：{'、'.join(shown) or '无'}）",
                    )
        evidence = {"current", "proposed", *spec.evidence}
        evidence.update(name for name in given if not is_wording(name))
        for number, remedy in enumerate(spec.remedies, start=1):
            for proposal in remedy.proposals:
                for text, template in (
                    ("message", proposal.message),
                    ("message_zh", proposal.message_zh),
                ):
                    what = (
                        f"the {text} of remedy {number} ({proposal.field}) of finding {spec.code}",
                        f"结论 {spec.code} 的第{number}个补救措施（{proposal.field}）的 {text} ",
                    )
                    for name in _template_names(where, what, template):
                        if name in evidence or not (known or is_wording(name)):
                            continue
                        listed = sorted(evidence - {"current", "proposed"})
                        raise where.refuse(
                            f"{what[0]} names {{{name}}}: a remedy's message may name "
                            "{current}, {proposed} and the finding's evidence "
                            f"({', '.join(listed) or 'none'})",
                            f"{what[1]}使用了 {{{name}}}：补救措施的文字只能使用 {{current}}、"
                            f"{{proposed}} 和结论的证据（{'、'.join(listed) or '无'}）",
                        )


class Rendered(Protocol):
    """What `check_rendered` reads of a finding (`callcenter_rules.Finding` has it)."""

    @property
    def message(self) -> str: ...
    @property
    def message_zh(self) -> str: ...
    @property
    def remediation(self) -> str | None: ...
    @property
    def remediation_zh(self) -> str | None: ...
    @property
    def evidence(self) -> Mapping[str, Any]: ...


def check_rendered(pack: str, rule: str, spec: FindingSpec, finding: Rendered) -> None:
    """A pack's finding, just assembled, rendered now: its texts, and its remedies'
    messages filled in with the finding's evidence as the planner fills them. A template
    that names a value the rule's values function did not give fails here, in the
    assessment, naming the pack and the rule, rather than later wherever the text is first
    read (a report, a plan).

    Raises:
        RulePackError: a template cannot be filled in.
    """
    where = _Where(pack, rule)
    for text in ("message", "message_zh", "remediation", "remediation_zh"):
        try:
            filled = getattr(finding, text)
        except Exception as error:  # a value's own formatting too: say whose
            raise where.refuse(
                f"the {text} of finding {spec.code} cannot be filled in "
                f"({type(error).__name__}: {error})",
                f"结论 {spec.code} 的 {text} 无法填充（{type(error).__name__}: {error}）",
            ) from error
        _check_length(
            where, (f"the {text} of finding {spec.code}", f"结论 {spec.code} 的 {text} "), filled
        )
    if not spec.remedies:
        return
    words = {**finding.evidence, "current": "", "proposed": ""}
    for number, remedy in enumerate(spec.remedies, start=1):
        for proposal in remedy.proposals:
            for text in ("message", "message_zh"):
                try:
                    filled = getattr(proposal, text).format_map(words)
                except Exception as error:  # a value's own formatting too: say whose
                    raise where.refuse(
                        f"the {text} of remedy {number} ({proposal.field}) of finding "
                        f"{spec.code} cannot be filled in with the finding's evidence "
                        f"({type(error).__name__}: {error})",
                        f"结论 {spec.code} 的第{number}个补救措施（{proposal.field}）的 {text} "
                        f"无法用结论的证据填充（{type(error).__name__}: {error}）",
                    ) from error
                what = (
                    f"the {text} of remedy {number} ({proposal.field}) of finding {spec.code}",
                    f"结论 {spec.code} 的第{number}个补救措施（{proposal.field}）的 {text} ",
                )
                _check_length(where, what, filled)


def _check_length(where: _Where, what: tuple[str, str], filled: object) -> None:
    """A text of a pack's finding, filled in, is at most `MAX_TEXT_LENGTH` long."""
    if isinstance(filled, str) and len(filled) > MAX_TEXT_LENGTH:
        raise where.refuse(
            f"{what[0]} has {len(filled):,} characters once filled in, more than the "
            f"{MAX_TEXT_LENGTH:,} a pack's text may",
            f"{what[1]}填充后长达{len(filled):,}个字符，超过规则包文字{MAX_TEXT_LENGTH:,}个字符的上限",
        )


def too_many_findings(pack: str, rule: str) -> RulePackError:
    """The error for a pack that adds more than `MAX_PACK_FINDINGS` findings to one
    assessment, naming the rule whose finding passed the limit."""
    return _Where(pack, rule).refuse(
        f"the pack adds more than {MAX_PACK_FINDINGS} findings to one assessment, the most a "
        "pack may; this rule's passed the limit",
        f"该规则包在一次评估中增加的结论项超过{MAX_PACK_FINDINGS}个的上限；"
        "本规则的结论项超出了这一上限",
    )


def fired_too_often(pack: str, rule: str, cap: int) -> RulePackError:
    """The error for a pack rule that fired so often that the evaluation passed the rules
    engine's cap on actions (``cap``)."""
    return _Where(pack, rule).refuse(
        f"it fired so often that the assessment passed the rules engine's {cap:,} actions; "
        "match fewer facts at once (each combination of the facts matched fires the rule "
        "once)",
        f"该规则触发次数过多，评估超过了规则引擎{cap:,}次动作的上限；请减少同时匹配的事实"
        "（所匹配事实的每一种组合都会触发一次规则）",
    )


# ---------------------------------------------------------------- the pack's own code


#: What a value of a pack (what its values function gives, a constant) may be, in English
#: and Chinese.
_PLAIN_VALUES: Final = (
    f"a value is text (at most {MAX_TEXT_LENGTH:,} characters), a whole number, a finite "
    "number, True, False or None (write an amount or a day as text, as the law's rules do)",
    f"值只能是文字（不超过{MAX_TEXT_LENGTH:,}个字符）、整数、有限的数、True、False 或 None"
    "（金额和日期请写成文字，与法律规则相同）",
)
#: Whole numbers beyond 64 bits are refused by JSON readers (and by the server's writer).
_INT_LIMIT: Final = 2**63


def _value_problem(value: object) -> tuple[str, str] | None:
    """What is wrong with a pack's value, in English and Chinese; None when it is one
    every output can carry: JSON text, a 64-bit whole number, a finite float, a flag or
    None, of those very types (a subclass could format itself or serialise otherwise)."""
    kind = type(value)
    if value is None or kind is bool:
        return None
    if kind is str:
        size = len(value)  # type: ignore[arg-type]
        if size <= MAX_TEXT_LENGTH:
            return None
        return (f"text of {size:,} characters", f"长达{size:,}个字符的文字")
    if kind is int:
        if -_INT_LIMIT <= value < _INT_LIMIT:  # type: ignore[operator]
            return None
        return ("a whole number beyond 64 bits", "超出64位的整数")
    if kind is float:
        if math.isfinite(value):  # type: ignore[arg-type]
            return None
        return (f"the number {value!r}, which JSON cannot carry", f"数值 {value!r}（JSON无法表示）")
    shown = kind.__name__[:64]
    return (f"a value of type {shown}", f" {shown} 类型的值")


def guarded_rules(pack: RulePack) -> tuple[Rule, ...]:
    """The pack's rules as the engine runs them: a values function, or a remedy's value
    function, that raises, or gives what it may not, raises `RulePackError` naming the pack
    and the rule (and the remedy), in both languages, instead of an anonymous error from
    inside the engine or the planner."""
    return tuple(_guarded(pack.name, rule) for rule in pack.rules)


def _guarded(pack: str, rule: Rule) -> Rule:
    where = _Where(pack, rule.id)
    findings = tuple(_guarded_finding(where, spec) for spec in rule.findings)
    values = rule.values
    return attrs.evolve(
        rule,
        values=None if values is None else _guarded_values(where, values),
        findings=findings,
    )


def _failed(where: _Where, what: tuple[str, str], error: Exception) -> RulePackError:
    return where.refuse(
        f"{what[0]} failed: {type(error).__name__}: {error}",
        f"{what[1]}出错：{type(error).__name__}: {error}",
    )


def _guarded_values(
    where: _Where, values: Callable[[Match, Mapping[str, Any]], Mapping[str, Any]]
) -> Callable[[Match, Mapping[str, Any]], Mapping[str, Any]]:
    what = ("its values function", "其 values 函数")

    def run(match: Match, law: Mapping[str, Any]) -> Mapping[str, Any]:
        try:
            given = values(match, law)
            # A plain copy, read once: a mapping of the pack's own that misbehaves when
            # read fails here, and cannot change afterwards.
            found = dict(given) if isinstance(given, Mapping) else None
        except Exception as error:  # the pack's own code: say whose
            raise _failed(where, what, error) from error
        if found is None or not all(isinstance(key, str) for key in found):
            shown = type(given if found is None else found).__name__
            raise where.refuse(
                f"its values function gave a {shown}, not a mapping of names to values",
                f"其 values 函数给出的是 {shown}，不是由名称到值的映射",
            )
        if len(found) > MAX_VALUES:
            raise where.refuse(
                f"its values function gave {len(found):,} values, more than the {MAX_VALUES} "
                "a rule may give",
                f"其 values 函数给出了{len(found):,}个值，超过每条规则{MAX_VALUES}个值的上限",
            )
        for name, value in found.items():
            problem = _value_problem(value)
            if problem is None and len(name) > 64:
                problem = ("named with more than 64 characters", "名称超过64个字符")
            if problem is not None:
                shown_name = repr(name[:64])
                raise where.refuse(
                    f"its values function gave {shown_name} as {problem[0]}: {_PLAIN_VALUES[0]}",
                    f"其 values 函数给出的 {shown_name} 是{problem[1]}：{_PLAIN_VALUES[1]}",
                )
        return found

    return run


def _guarded_finding(where: _Where, spec: FindingSpec) -> FindingSpec:
    if not spec.remedies:
        return spec
    remedies = tuple(
        Remedy(
            tuple(
                attrs.evolve(proposal, value=_guarded_value(where, spec.code, number, proposal))
                for proposal in remedy.proposals
            )
        )
        for number, remedy in enumerate(spec.remedies, start=1)
    )
    return attrs.evolve(spec, remedies=remedies)


def _guarded_value(
    where: _Where, code: str, number: int, proposal: Proposal
) -> Callable[[Situation], Any]:
    value = proposal.value
    what = (
        f"the value function of remedy {number} ({proposal.field}) of finding {code}",
        f"结论 {code} 的第{number}个补救措施（{proposal.field}）的 value 函数",
    )

    def run(situation: Situation) -> Any:
        try:
            proposed = value(situation)
        except Exception as error:  # the pack's own code: say whose
            raise _failed(where, what, error) from error
        try:
            written = orjson.dumps(proposed)
        except orjson.JSONEncodeError as error:
            raise where.refuse(
                f"{what[0]} gave a value that is not JSON-ready ({error})",
                f"{what[1]}给出的值不能写成 JSON（{error}）",
            ) from error
        if len(written) > MAX_TEXT_LENGTH:
            raise where.refuse(
                f"{what[0]} gave a value of {len(written):,} characters as JSON, more than the "
                f"{MAX_TEXT_LENGTH:,} a pack's text may",
                f"{what[1]}给出的值写成 JSON 长达{len(written):,}个字符，"
                f"超过规则包文字{MAX_TEXT_LENGTH:,}个字符的上限",
            )
        return proposed

    return run
