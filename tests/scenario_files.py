"""Loading the lawyer-readable scenario files in ``tests/scenarios``.

Each file has an optional ``as_of``, a ``base`` profile and ``cases``. A case names the
legal situation, changes fields of the base (``profile``; ``remove`` drops fields), may
set ``as_of``, ``policy`` and ``parameters`` (values that differ from the law's, as
``Engine(parameters=...)`` takes them: a draft rule or a house policy), and states what the
law says under ``expect``; ``plan`` lists the paths to a licence the planner must offer, in
order, and ``obstacles`` what it must name as standing in the way.

A licence holder's scenarios (``holder*.yaml``, `HOLDER_SCENARIOS`) have a ``base``
licence instead, and may have a ``profile`` of the business; a case changes fields of the
licence (``licence``), and states the profile's changes under ``profile`` when the review
is to compare the licence with the business (without ``profile``, the review has none).
``expect`` names the finding ``codes`` and the ``obligations`` it must list, each as
``CODE due-day state`` (others may be listed too: every year's annual report, say).
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import yaml

from callcenter_rules import Engine, Policy, Review

SCENARIO_DIR = Path(__file__).parent / "scenarios"


@attrs.frozen
class Scenario:
    file: str
    name: str
    as_of: datetime.date
    profile: dict[str, Any]
    policy: dict[str, Any]
    parameters: dict[str, Any]
    expect: dict[str, Any]
    message_contains: dict[str, str]
    remediation_contains: dict[str, str]
    evidence: dict[str, dict[str, Any]]
    citation_contains: dict[str, str]
    severities: dict[str, str]
    #: Where the law this case states comes from (the case's own, or its file's header).
    source: str
    #: The paths to a licence the plan must offer, in order: each a licence type and the
    #: changes by field (``{field: proposed}``); None when the case states no plan.
    plan: list[dict[str, Any]] | None = None
    #: The obstacles the plan must state (codes).
    obstacles: list[str] = attrs.field(factory=list)
    #: A holder's scenario: the licence reviewed (the profile, if any, is ``profile``).
    licence: dict[str, Any] | None = None
    #: Whether a holder's review is given the profile.
    with_profile: bool = False

    @property
    def id(self) -> str:
        return f"{self.file}: {self.name}"


def header(path: Path) -> str:
    """A file's leading comment, which names the law its cases state."""
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        lines.append(line.lstrip("# "))
    return " ".join(lines).strip()


def load_scenarios() -> Iterator[Scenario]:
    for path in sorted(SCENARIO_DIR.glob("*.yaml")):
        if path.name.startswith("holder"):
            continue
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        base = document["base"]
        for case in document["cases"]:
            unknown = set(case) - {
                "name",
                "as_of",
                "profile",
                "remove",
                "policy",
                "parameters",
                "expect",
                "message_contains",
                "remediation_contains",
                "evidence",
                "citation_contains",
                "severities",
                "source",
                "plan",
                "obstacles",
            }
            if unknown:
                raise ValueError(f"{path.name}: {case.get('name')}: unknown keys {unknown}")
            profile = {**base, **case.get("profile", {})}
            for field in case.get("remove", []):
                profile.pop(field)
            yield Scenario(
                file=path.stem,
                name=case["name"],
                as_of=case.get("as_of", document.get("as_of")),
                profile=profile,
                policy=case.get("policy", {}),
                parameters=case.get("parameters", {}),
                expect=case["expect"],
                message_contains=case.get("message_contains", {}),
                remediation_contains=case.get("remediation_contains", {}),
                evidence=case.get("evidence", {}),
                citation_contains=case.get("citation_contains", {}),
                severities=case.get("severities", {}),
                source=case.get("source") or header(path),
                plan=case.get("plan"),
                obstacles=case.get("obstacles", []),
            )


SCENARIOS = tuple(load_scenarios())

_HOLDER_KEYS = frozenset(
    {
        "name",
        "as_of",
        "licence",
        "remove",
        "profile",
        "parameters",
        "expect",
        "message_contains",
        "evidence",
        "severities",
        "citation_contains",
        "source",
    }
)


def load_holder_scenarios() -> Iterator[Scenario]:
    for path in sorted(SCENARIO_DIR.glob("holder*.yaml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        base = document["base"]
        for case in document["cases"]:
            unknown = set(case) - _HOLDER_KEYS
            if unknown:
                raise ValueError(f"{path.name}: {case.get('name')}: unknown keys {unknown}")
            licence = {**base, **case.get("licence", {})}
            for field in case.get("remove", []):
                licence.pop(field)
            with_profile = "profile" in case
            yield Scenario(
                file=path.stem,
                name=case["name"],
                as_of=case.get("as_of", document.get("as_of")),
                profile={**document.get("profile", {}), **(case.get("profile") or {})},
                policy={},
                parameters=case.get("parameters", {}),
                expect=case["expect"],
                message_contains=case.get("message_contains", {}),
                remediation_contains={},
                evidence=case.get("evidence", {}),
                citation_contains=case.get("citation_contains", {}),
                severities=case.get("severities", {}),
                source=case.get("source") or header(path),
                licence=licence,
                with_profile=with_profile,
            )


HOLDER_SCENARIOS = tuple(load_holder_scenarios())


class Engines:
    """One engine per distinct policy and parameters among the scenarios, built on use."""

    def __init__(self) -> None:
        self._engines: dict[str, Engine] = {}

    def __call__(self, scenario: Scenario) -> Engine:
        key = json.dumps([scenario.policy, scenario.parameters], sort_keys=True, default=str)
        if key not in self._engines:
            self._engines[key] = Engine(
                policy=Policy(**scenario.policy), parameters=scenario.parameters or None
            )
        return self._engines[key]

    def review(self, scenario: Scenario) -> Review:
        """The review a holder's scenario states."""
        assert scenario.licence is not None
        profile = scenario.profile if scenario.with_profile else None
        return self(scenario).review(scenario.licence, profile, as_of=scenario.as_of)

    def close(self) -> None:
        for engine in self._engines.values():
            engine.close()
