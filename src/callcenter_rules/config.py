"""One configuration for every entry point: the policy, the parameter overrides and the rule
packs an engine is built with.

The Python API takes them as `Engine` arguments; the command line (``--policy``,
``--param``, ``--rule-pack``, ``--config FILE``), each batch worker and the server build
their engine from a `Config`, so the same configuration gives the same answers everywhere,
and every audit record shows it (``audit.configuration``).

A configuration file is TOML::

    rule_packs = ["acme"]

    [policy]
    in_house_hotline_is_b24 = true

    [parameters]
    "capital_minimum.regional" = "2000000"
    # or values by the day they take effect:
    # "capital_minimum.regional" = {"2027-01-01" = "2000000"}
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Final

import attrs

from .api import Engine
from .errors import BilingualError
from .law.parameters import default_table
from .model import Policy
from .packs import RulePackError, resolve_packs
from .text import os_reason

__all__ = ["Config", "ConfigError", "os_reason"]

_KEYS: Final = frozenset({"policy", "parameters", "rule_packs"})
_POLICY_FIELDS: Final = {field.name: field for field in attrs.fields(Policy)}


class ConfigError(BilingualError, ValueError):
    """A configuration that cannot be used; the message says which entry and why."""


def _names(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


@attrs.frozen
class Config:
    """What an engine is built with.

    Args:
        policy: the choices where the law is unsettled.
        parameters: parameter overrides, as `Engine` takes them.
        rule_packs: installed rule packs by name (names, so that a configuration crosses
            process boundaries: batch workers and server workers load the same packs).
    """

    policy: Policy = attrs.field(factory=Policy)
    parameters: Mapping[str, Any] = attrs.field(factory=dict)
    rule_packs: tuple[str, ...] = attrs.field(default=(), converter=_names)

    def engine(self, *, cache_size: int = 0) -> Engine:
        """A new engine with this configuration (and, with ``cache_size``, an assessment
        cache: it changes no answer, so it is no part of the configuration).

        Raises:
            ValueError: an unknown or ill-typed parameter; `RulePackError` for a pack.
        """
        return Engine(
            policy=self.policy,
            parameters=dict(self.parameters),
            rule_packs=self.rule_packs,
            cache_size=cache_size,
        )

    def check(self) -> Config:
        """This configuration, once its parameters and packs are known to be usable
        (without compiling the rules).

        Raises:
            ConfigError: naming the entry.
        """
        try:
            if self.parameters:
                default_table().with_overrides(dict(self.parameters))
        except ValueError as error:
            zh = getattr(error, "message_zh", None) or str(error)
            raise ConfigError(f"parameters: {error}", f"参数：{zh}") from None
        try:
            resolve_packs(self.rule_packs)
        except RulePackError as error:
            raise ConfigError(str(error), error.message_zh) from None
        return self

    @classmethod
    def from_file(cls, path: str | Path) -> Config:
        """The configuration in a TOML file.

        Raises:
            ConfigError: the file cannot be read, is not TOML, or has an unknown entry.
        """
        try:
            data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except OSError as error:
            reason = os_reason(error)
            raise ConfigError(
                f"cannot read {path}: {reason}", f"无法读取配置文件 {path}：{reason.zh}"
            ) from None
        except UnicodeDecodeError as error:
            raise ConfigError(
                f"{path} is not valid TOML: it is not UTF-8 (byte {error.start + 1})",
                f"{path} 不是有效的 TOML：不是 UTF-8 文本（第{error.start + 1}个字节）",
            ) from None
        except tomllib.TOMLDecodeError as error:
            raise ConfigError(
                f"{path} is not valid TOML: {error}", f"{path} 不是有效的 TOML：{error}"
            ) from None
        return cls.from_mapping(data, source=str(path))

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], *, source: str = "configuration") -> Config:
        """The configuration in a mapping with the keys of the TOML file.

        Raises:
            ConfigError: an unknown key or an entry of the wrong type.
        """
        unknown = sorted(set(data) - _KEYS)
        if unknown:
            raise ConfigError(
                f"{source}: unknown entry {unknown[0]!r} (entries: policy, parameters, rule_packs)",
                f"{source}：未知的配置项“{unknown[0]}”（可用：policy、parameters、rule_packs）",
            )
        policy = data.get("policy", {})
        if not isinstance(policy, Mapping):
            raise ConfigError(f"{source}: policy must be a table", f"{source}：policy 必须是表")
        parameters = data.get("parameters", {})
        if not isinstance(parameters, Mapping):
            raise ConfigError(
                f"{source}: parameters must be a table", f"{source}：parameters 必须是表"
            )
        packs = data.get("rule_packs", [])
        if not isinstance(packs, list) or not all(isinstance(p, str) for p in packs):
            raise ConfigError(
                f"{source}: rule_packs must be a list of pack names",
                f"{source}：rule_packs 必须是规则包名称的列表",
            )
        return cls(_policy(policy, source), dict(parameters), tuple(packs))

    def with_options(
        self,
        *,
        policy: Sequence[str] = (),
        parameters: Sequence[str] = (),
        rule_packs: Iterable[str] = (),
    ) -> Config:
        """This configuration with command-line options on top: ``NAME=VALUE`` policies and
        parameters (a later one wins), and more packs.

        Raises:
            ConfigError: an option that is not ``NAME=VALUE``, or an unknown policy.
        """
        chosen = attrs.asdict(self.policy)
        chosen.update(_pairs(policy, "--policy"))
        changed = {**self.parameters, **_pairs(parameters, "--param")}
        packs = (*self.rule_packs, *(p for p in rule_packs if p not in self.rule_packs))
        return Config(_policy(chosen, "--policy"), changed, packs)


def _pairs(options: Sequence[str], flag: str) -> dict[str, str]:
    pairs: dict[str, str] = {}
    for option in options:
        name, sep, value = option.partition("=")
        if not sep or not name.strip():
            raise ConfigError(
                f"{flag} {option!r}: write NAME=VALUE", f"{flag} “{option}”：应写作 NAME=VALUE"
            )
        pairs[name.strip()] = value.strip()
    return pairs


_TRUE: Final = {"true", "yes", "1", "on"}
_FALSE: Final = {"false", "no", "0", "off"}


def _policy(values: Mapping[str, Any], source: str) -> Policy:
    chosen: dict[str, bool] = {}
    for name, value in values.items():
        if name not in _POLICY_FIELDS:
            known = ", ".join(_POLICY_FIELDS)
            raise ConfigError(
                f"{source}: unknown policy {name!r} (policies: {known})",
                f"{source}：未知的评估策略“{name}”（可用：{known}）",
            )
        if isinstance(value, str):
            if value.lower() in _TRUE:
                value = True
            elif value.lower() in _FALSE:
                value = False
        if not isinstance(value, bool):
            raise ConfigError(
                f"{source}: policy {name} must be true or false, got {value!r}",
                f"{source}：评估策略 {name} 必须为 true 或 false，实际为“{value}”",
            )
        chosen[name] = value
    return Policy(**chosen)
