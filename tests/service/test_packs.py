"""Rule packs: house rules compiled beside the law.

The example pack (examples/acme_rule_pack) is installed for real, once per session, and
used through its entry point from Python and from the command line. In process, its
findings are followed into the trace, the explanation, the plan, the JSON and the audit
record. The checks at engine build refuse what a pack may not do, naming the pack and the
rule. And what a pack can change: only its blocking findings move the status, and only
towards ineligible.
"""

from __future__ import annotations

import datetime
import decimal
import functools
import importlib.metadata
import importlib.util
import json
import operator
import os
import pickle
import re
import shutil
import subprocess
import sys
import textwrap
import tomllib
from collections.abc import Iterator, Mapping
from pathlib import Path
from types import ModuleType
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import callcenter_rules.batch as batch_module
from callcenter_rules import ChangeKind, Engine, Severity, Status, VerdictConfidence
from callcenter_rules.law.facts import DECISION
from callcenter_rules.law.language import All, Condition, Either, FactType, Field, Unit
from callcenter_rules.packs import (
    B24,
    COMPANY,
    ENTRY_POINT_GROUP,
    LICENCE,
    MAX_CONDITION_DEPTH,
    MAX_CONDITION_TERMS,
    NOT_REQUIRED,
    SERVICE_AREA,
    VIOLATION,
    Confidence,
    Document,
    FindingSpec,
    Period,
    Provision,
    Rule,
    RulePack,
    RulePackError,
    Source,
    installed_packs,
    load_pack,
    param,
)
from callcenter_rules.testing import cases
from servers import Server, form_body, form_items

from conftest import BASE_PROFILE

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "acme_rule_pack"
DAY = datetime.date(2024, 6, 1)
#: Eligible under the law (a regional licence in Beijing), but with 5 staff, below ACME's 10.
SMALL = {**BASE_PROFILE, "professional_staff": 5}
#: Eligible under the law for the cross-regional licence, with a 95 number.
WITH_95 = {**BASE_PROFILE, "service_provinces": ["Beijing", "Hebei"], "number_resources": ["95"]}


def _load_example() -> ModuleType:
    """The example pack's module from its source, without putting its folder on sys.path
    (so that nothing there is taken for an installed distribution)."""
    spec = importlib.util.spec_from_file_location(
        "acme_rule_pack", EXAMPLE / "src" / "acme_rule_pack" / "__init__.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


acme = _load_example()
PACK: RulePack = acme.PACK


@pytest.fixture(scope="module")
def acme_engine() -> Iterator[Engine]:
    with Engine(rule_packs=[PACK]) as built:
        yield built


# ---------------------------------------------------------------- a pack of our own

_MEMO = Document("Test House Memo", "测试内部备忘录")
_SOURCES = (Source(Provision(_MEMO, "Item 1", "测试条款。", "第一项"), "MEMO-1", Confidence.HIGH),)


def _rule(
    rule_id: str,
    when: Mapping[str, Any],
    severity: Severity = Severity.INFO,
    code: str | None = None,
    **more: Any,
) -> Rule:
    """A rule of a test pack: one finding, coded after the rule unless ``code`` says."""
    return Rule(
        id=rule_id,
        summary=f"Test rule {rule_id}.",
        summary_zh=f"测试规则{rule_id}。",
        sources=_SOURCES,
        when=when,
        findings=(
            FindingSpec(
                rule_id.replace("-", "_") if code is None else code,
                severity,
                f"Test finding of {rule_id}.",
                f"测试结论{rule_id}。",
            ),
        ),
        **more,
    )


def _pack(*rules: Rule, name: str = "house") -> RulePack:
    return RulePack(name, "0.1", rules)


# ---------------------------------------------------------------- installed for real


def _builds_offline() -> bool:
    """Whether this environment can build the example without fetching a build backend:
    setuptools with its own bdist_wheel (70.1 on), or an older one with ``wheel``."""
    try:
        version = importlib.metadata.version("setuptools")
    except importlib.metadata.PackageNotFoundError:
        return False
    found = re.match(r"(\d+)\.(\d+)", version)
    recent = found is not None and (int(found[1]), int(found[2])) >= (70, 1)
    return recent or importlib.util.find_spec("wheel") is not None


@pytest.fixture(scope="session")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example pack installed with pip into a folder of its own (on PYTHONPATH for
    the subprocesses that use it), from a clean copy (nothing is built in the work tree)."""
    source = tmp_path_factory.mktemp("acme-source") / "acme_rule_pack"
    shutil.copytree(
        EXAMPLE, source, ignore=shutil.ignore_patterns("build", "*.egg-info", "__pycache__")
    )
    target = tmp_path_factory.mktemp("acme-installed")
    command = [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps"]
    command += ["--disable-pip-version-check", "--no-compile", "--target", str(target)]
    if _builds_offline():
        command.append("--no-build-isolation")
    # Otherwise pip fetches setuptools into an isolated build environment (slower).
    done = subprocess.run(
        [*command, str(source)], capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert (target / "acme_rule_pack" / "__init__.py").is_file()
    return target


def _run(installed: Path, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """``python ARGS`` with the installed pack on the path, in English."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(installed), *_pythonpath()])}
    env["LANG"] = env["LC_ALL"] = "C.UTF-8"
    env["PYTHONDONTWRITEBYTECODE"] = "1"  # nothing written beside the example's sources
    return subprocess.run(
        [sys.executable, *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=env,
        cwd=cwd or installed.parent,
    )


def _pythonpath() -> list[str]:
    return [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]


def _cli(installed: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return _run(installed, "-m", "callcenter_rules", *args)


@pytest.fixture(scope="module")
def small_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("profiles") / "small.json"
    path.write_text(json.dumps(SMALL), encoding="utf-8")
    return path


def test_the_installed_pack_is_found_through_its_entry_point(
    installed: Path, acme_engine: Engine
) -> None:
    script = textwrap.dedent(
        f"""
        import datetime, json
        import acme_rule_pack
        from callcenter_rules import Engine
        from callcenter_rules.packs import installed_packs

        entry = installed_packs()["acme"]
        with Engine(rule_packs=["acme"]) as engine:
            result = engine.assess({SMALL!r}, as_of=datetime.date(2024, 6, 1))
            print(json.dumps({{
                "entry": entry.value,
                "group": entry.group,
                "distribution": entry.dist.name,
                "version": entry.dist.version,
                "module": acme_rule_pack.__file__,
                "status": result.status.value,
                "packs": {{f.code: f.pack for f in result.findings}},
                "configuration": engine.configuration["rule_packs"],
                "hash": engine.ruleset_hash,
            }}))
        """
    )
    done = _run(installed, "-c", script)
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    assert found["entry"] == "acme_rule_pack:PACK"
    assert found["group"] == ENTRY_POINT_GROUP
    assert found["distribution"] == "callcenter-rules-acme-pack"
    assert found["version"] == PACK.version == "1.0.0"  # one version, the pack's
    assert Path(found["module"]).is_relative_to(installed)  # the installed copy, not the source
    assert found["status"] == "ineligible"
    assert found["packs"]["ACME_TOO_FEW_INSURED_STAFF"] == "acme"
    assert found["packs"]["LICENSE_REGIONAL"] is None
    assert found["configuration"] == ["acme==1.0.0"]
    # The installed pack and its source are the same ruleset.
    assert found["hash"] == acme_engine.ruleset_hash


def test_the_command_line_assesses_with_the_pack(installed: Path, small_file: Path) -> None:
    plain = _cli(installed, "assess", str(small_file), "--as-of", "2024-06-01", "--format", "json")
    assert plain.returncode == 0, plain.stderr  # eligible under the law alone
    done = _cli(
        installed,
        *("assess", str(small_file), "--as-of", "2024-06-01", "--format", "json"),
        *("--rule-pack", "acme"),
    )
    assert done.returncode == 4, done.stderr  # ineligible for ACME
    result = json.loads(done.stdout)
    [finding] = [f for f in result["findings"] if f["pack"] == "acme"]
    assert finding["code"] == "ACME_TOO_FEW_INSURED_STAFF"
    assert finding["citation"]["document"] == "ACME Onboarding Policy 2026"
    assert result["audit"]["configuration"]["rule_packs"] == ["acme==1.0.0"]
    text = _cli(
        installed, "assess", str(small_file), "--as-of", "2024-06-01", "--rule-pack", "acme"
    )
    assert text.returncode == 4
    assert "ACME_TOO_FEW_INSURED_STAFF" in text.stdout


def test_the_command_line_plans_with_the_pack(installed: Path, small_file: Path) -> None:
    done = _cli(
        installed,
        *("plan", str(small_file), "--as-of", "2024-06-01", "--format", "json"),
        *("--rule-pack", "acme"),
    )
    assert done.returncode == 0, done.stderr
    [option] = json.loads(done.stdout)["options"]
    assert [(c["field"], c["proposed"]) for c in option["changes"]] == [("professional_staff", 10)]


def test_the_checklist_follows_the_pack(installed: Path, small_file: Path) -> None:
    args = ("checklist", str(small_file), "--as-of", "2024-06-01", "--format", "json")
    plain = _cli(installed, *args)
    done = _cli(installed, *args, "--rule-pack", "acme")
    assert plain.returncode == 0, plain.stderr
    assert done.returncode == 0, done.stderr
    assert json.loads(plain.stdout)["status"] == "eligible"
    with_pack = json.loads(done.stdout)
    assert with_pack["status"] == "ineligible"
    assert with_pack["items"] == json.loads(plain.stdout)["items"]  # the same materials


def test_the_rules_command_lists_the_pack(installed: Path) -> None:
    done = _cli(installed, "rules", "--format", "json", "--rule-pack", "acme")
    assert done.returncode == 0, done.stderr
    described = json.loads(done.stdout)
    ours = [r for r in described if r["pack"] == "acme"]
    assert [r["id"] for r in ours] == [rule.id for rule in PACK.rules]
    assert {r["pack_version"] for r in ours} == {"1.0.0"}
    assert ours[0]["sources"][0]["document"] == "ACME Onboarding Policy 2026"
    assert ours[0]["sources"][0]["fact_id"] == "ACME-3"
    assert all(r["pack"] is None for r in described[: -len(ours)])
    text = _cli(installed, "rules", "--rule-pack", "acme", "--lang", "zh")
    assert text.returncode == 0, text.stderr
    assert "ACME客户准入政策（2026年版）第三条" in text.stdout


def test_a_configuration_file_names_the_pack(
    installed: Path, small_file: Path, tmp_path: Path
) -> None:
    config = tmp_path / "acme.toml"
    config.write_text(
        'rule_packs = ["acme"]\n\n[policy]\nin_house_hotline_is_b24 = true\n', encoding="utf-8"
    )
    done = _cli(
        installed,
        *("assess", str(small_file), "--as-of", "2024-06-01", "--format", "json"),
        *("--config", str(config)),
    )
    assert done.returncode == 4, done.stderr
    configuration = json.loads(done.stdout)["audit"]["configuration"]
    assert configuration["rule_packs"] == ["acme==1.0.0"]
    assert configuration["policy"] == {"in_house_hotline_is_b24": True}
    # The pack named again on the command line is still attached once.
    again = _cli(installed, "rules", "--format", "json", "--config", str(config))
    twice = _cli(
        installed, "rules", "--format", "json", "--config", str(config), "--rule-pack", "acme"
    )
    assert twice.returncode == 0, twice.stderr
    assert json.loads(twice.stdout) == json.loads(again.stdout)


def test_an_unknown_pack_on_the_command_line_is_bad_usage(
    installed: Path, small_file: Path
) -> None:
    done = _cli(installed, "assess", str(small_file), "--rule-pack", "no-such-pack")
    assert done.returncode == 2
    assert "no-such-pack" in done.stderr
    assert "acme" in done.stderr  # what is installed


_SERVE = """
import json, sys
import anyio
from callcenter_rules.config import Config
from callcenter_rules.server import create_app

app = create_app(Config(rule_packs=("acme",)))


async def call(method, path, body=b""):
    sent, asked = [], []

    async def receive():
        if not asked:
            asked.append(1)
            return {"type": "http.request", "body": body, "more_body": False}
        await anyio.sleep_forever()

    async def send(message):
        sent.append(message)

    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method,
        "scheme": "http", "path": path, "raw_path": path.encode(), "query_string": b"",
        "root_path": "", "headers": [(b"content-type", b"application/json")],
        "server": ("test", 80), "client": ("test", 1),
    }
    await app(scope, receive, send)
    return [sent[0]["status"], json.loads(b"".join(m.get("body", b"") for m in sent[1:]))]


async def main():
    return {
        "healthz": await call("GET", "/healthz"),
        "rules": await call("GET", "/v1/rules"),
        "assess": await call("POST", "/v1/assess", sys.stdin.read().encode()),
    }


print(json.dumps(anyio.run(main)))
"""


def test_the_server_serves_the_pack(installed: Path) -> None:
    """The JSON service built from a configuration naming the pack (called as an ASGI
    application, without a network)."""
    pytest.importorskip("starlette", reason="the server is an optional extra")
    done = subprocess.run(
        [sys.executable, "-c", _SERVE],
        input=json.dumps(SMALL),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={
            **os.environ,
            "PYTHONPATH": os.pathsep.join([str(installed), *_pythonpath()]),
            "PYTHONDONTWRITEBYTECODE": "1",
        },
        cwd=installed.parent,
    )
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    assert found["healthz"][0] == 200
    assert found["healthz"][1]["configuration"]["rule_packs"] == ["acme==1.0.0"]
    assert [r["id"] for r in found["rules"][1] if r["pack"] == "acme"] == [
        rule.id for rule in PACK.rules
    ]
    status, assessment = found["assess"]
    assert status == 200
    assert {f["code"]: f["pack"] for f in assessment["findings"]}[
        "ACME_TOO_FEW_INSURED_STAFF"
    ] == "acme"
    assert assessment["status"] == "ineligible"
    assert assessment["audit"]["configuration"]["rule_packs"] == ["acme==1.0.0"]


def test_the_example_pack_passes_its_own_tests(installed: Path) -> None:
    """The table test the tutorial shows, run against the installed pack."""
    done = _run(installed, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(EXAMPLE / "tests"))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "7 passed" in done.stdout


# ---------------------------------------------------------------- in process


def test_the_pack_s_findings_carry_its_name(acme_engine: Engine, engine: Engine) -> None:
    result = acme_engine.assess(SMALL, as_of=DAY)
    assert engine.assess(SMALL, as_of=DAY).status is Status.ELIGIBLE
    assert result.status is Status.INELIGIBLE
    by_code = {f.code: f for f in result.findings}
    finding = by_code["ACME_TOO_FEW_INSURED_STAFF"]
    assert finding.pack == "acme"
    assert finding.severity is Severity.BLOCKING
    assert finding.rule == "ACME-INSURED-STAFF"
    assert finding.message.startswith(
        "5 insured staff: ACME onboards only clients with at least 10"
    )
    assert finding.message_zh.startswith("缴纳社保的员工5人")
    assert finding.remediation == "Employ at least 10 staff with social insurance."
    assert finding.remediation_zh == "请配备至少10名缴纳社保的员工。"
    assert finding.evidence == {"professional_staff": 5, "minimum": 10}
    citation = finding.citation
    assert (citation.document, citation.article, citation.fact_id) == (
        "ACME Onboarding Policy 2026",
        "Art. 3",
        "ACME-3",
    )
    assert (citation.document_zh, citation.article_zh) == ("ACME客户准入政策（2026年版）", "第三条")
    assert by_code["LICENSE_REGIONAL"].pack is None
    data = result.to_dict()
    [as_data] = [f for f in data["findings"] if f["code"] == "ACME_TOO_FEW_INSURED_STAFF"]
    assert as_data["pack"] == "acme"
    assert {f["pack"] for f in data["findings"] if f["code"] != as_data["code"]} == {None}
    json.dumps(data)  # JSON-ready


def test_the_pack_s_rules_show_in_the_trace_and_the_explanation(acme_engine: Engine) -> None:
    result = acme_engine.assess(SMALL, as_of=DAY, trace=True)
    assert "ACME-INSURED-STAFF" in result.rules_fired
    assert result.trace is not None
    [step] = [s for s in result.trace.steps if s.rule == "ACME-INSURED-STAFF"]
    assert step.findings == ("ACME_TOO_FEW_INSURED_STAFF",)
    assert step.source.startswith(
        "ACME Onboarding Policy 2026 (ACME客户准入政策（2026年版）) Art. 3"
    )
    assert result.trace.tally["unmet"] == 1
    explained = result.explain()
    assert "ACME_TOO_FEW_INSURED_STAFF (blocking, rule pack acme)" in explained
    assert "by rule ACME-INSURED-STAFF: ACME onboards only clients with at least 10" in explained
    assert "input company: 5 professional staff" in explained
    assert "ACME客户准入政策（2026年版）第三条" in result.explain("zh")
    steps = result.to_dict()["trace"]["steps"]
    assert any(s["rule"] == "ACME-INSURED-STAFF" for s in steps)


def test_the_plan_follows_the_pack_s_remedy(acme_engine: Engine, engine: Engine) -> None:
    [nothing] = engine.plan(SMALL, as_of=DAY).options
    assert nothing.changes == ()
    found = acme_engine.plan(SMALL, as_of=DAY)
    [option] = found.options
    [change] = option.changes
    assert (change.field, change.current, change.proposed) == ("professional_staff", 5, 10)
    assert change.kind is ChangeKind.CAPABILITY
    assert change.resolves == ("ACME_TOO_FEW_INSURED_STAFF",)
    assert change.message == "Employ insured staff: 10 (now 5), ACME's minimum."
    assert option.assessment.status is Status.ELIGIBLE
    assert found.obstacles == ()


def test_unknown_staff_is_asked_for_with_the_pack_s_number(acme_engine: Engine) -> None:
    unknown = {k: v for k, v in BASE_PROFILE.items() if k != "professional_staff"}
    result = acme_engine.assess(unknown, as_of=DAY)
    assert result.status is Status.INCOMPLETE
    by_code = {f.code: f for f in result.findings}
    assert by_code["ACME_INSURED_STAFF_UNKNOWN"].severity is Severity.WARNING
    assert by_code["ACME_INSURED_STAFF_UNKNOWN"].pack == "acme"
    assert by_code["PROFESSIONAL_STAFF_UNKNOWN"].pack is None  # the law's own, unchanged
    [option] = acme_engine.plan(unknown, as_of=DAY).options
    assert [(c.field, c.proposed) for c in option.changes] == [("professional_staff", 10)]


def test_the_second_review_is_a_note(acme_engine: Engine, engine: Engine) -> None:
    law = engine.assess(WITH_95, as_of=DAY)
    result = acme_engine.assess(WITH_95, as_of=DAY)
    assert result.status is law.status is Status.ELIGIBLE
    [note] = [f for f in result.findings if f.pack == "acme"]
    assert (note.code, note.severity) == ("ACME_95_NUMBER_REVIEW", Severity.INFO)
    assert note.evidence == {"number_resources": ["95"]}
    assert note.citation.article == "Art. 5"


def test_no_licence_needed_no_house_rule(acme_engine: Engine) -> None:
    in_house = {**SMALL, "activities": ["in_house_hotline"]}
    result = acme_engine.assess(in_house, as_of=DAY)
    assert result.status is Status.NOT_REQUIRED
    assert [f.code for f in result.findings if f.pack] == []


def test_the_audit_record_names_the_pack_and_its_version(acme_engine: Engine) -> None:
    result = acme_engine.assess(SMALL, as_of=DAY)
    assert result.audit is not None
    assert result.audit.configuration["rule_packs"] == ["acme==1.0.0"]
    assert result.audit.ruleset_hash == acme_engine.ruleset_hash
    assert result.to_dict()["audit"]["configuration"]["rule_packs"] == ["acme==1.0.0"]
    assert acme_engine.configuration["rule_packs"] == [PACK.label] == ["acme==1.0.0"]
    assert acme_engine.rule_packs == (PACK,)
    assert acme_engine.rules[-len(PACK.rules) :] == PACK.rules


def test_the_ruleset_hash_covers_the_pack_and_its_version(
    acme_engine: Engine, engine: Engine
) -> None:
    assert acme_engine.ruleset_hash != engine.ruleset_hash
    with Engine(rule_packs=[PACK]) as again:
        assert again.ruleset_hash == acme_engine.ruleset_hash
    with Engine(rule_packs=[attrs.evolve(PACK, version="1.0.1")]) as newer:
        assert newer.ruleset_hash != acme_engine.ruleset_hash
        assert newer.configuration["rule_packs"] == ["acme==1.0.1"]
    changed = attrs.evolve(PACK.rules[0], summary="ACME onboards only clients with 12 staff.")
    with Engine(rule_packs=[attrs.evolve(PACK, rules=(changed, *PACK.rules[1:]))]) as edited:
        assert edited.ruleset_hash != acme_engine.ruleset_hash


def test_the_pack_s_rules_are_listed_after_the_law_s() -> None:
    from callcenter_rules.reference import rule_catalogue

    with Engine(rule_packs=[PACK]) as built:
        described = rule_catalogue(built.parameters, built.rule_packs)
    ours = described[-len(PACK.rules) :]
    assert [r["id"] for r in ours] == [
        "ACME-INSURED-STAFF",
        "ACME-INSURED-STAFF-UNKNOWN",
        "ACME-95-REVIEW",
    ]
    assert {(r["pack"], r["pack_version"]) for r in ours} == {("acme", "1.0.0")}
    assert ours[0]["codes"] == ["ACME_TOO_FEW_INSURED_STAFF"]
    assert ours[0]["summary_zh"] == "本公司仅受理缴纳社保的员工不少于10人的客户。"


def test_the_example_s_wording_is_complete() -> None:
    from callcenter_rules.law.language import check_wording

    check_wording(PACK.rules)
    for rule in PACK.rules:
        assert rule.summary_zh
        for spec in rule.findings:
            assert spec.message_zh
            assert (spec.remediation is None) == (spec.remediation_zh is None)


# ---------------------------------------------------------------- the checks at build


_HAND_MADE_FIELD = Field("company", "insured_staff", Unit.COUNT, "insured staff", optional=True)
_HAND_MADE_COMPANY = FactType(
    "company", (Field("company", "professional_staff", Unit.COUNT, "professional staff"),)
)
_INSURANCE = FactType("insurance", (Field("insurance", "staff", Unit.COUNT, "staff"),))

REFUSED = [
    # (id, packs, what the message says, the rule it names)
    (
        "an id the law uses",
        [_pack(_rule("STAFF", {"licence": LICENCE}))],
        "the id is already used by the law",
        "STAFF",
    ),
    (
        "an id another pack uses",
        [
            _pack(_rule("HOUSE-1", {"licence": LICENCE})),
            _pack(_rule("HOUSE-1", {"b24": B24}), name="other"),
        ],
        "the id is already used by rule pack house",
        "HOUSE-1",
    ),
    (
        "a finding code the law uses",
        [_pack(_rule("HOUSE-STAFF", {"licence": LICENCE}, code="NO_PROFESSIONAL_STAFF"))],
        "finding code NO_PROFESSIONAL_STAFF is already used by the law",
        "HOUSE-STAFF",
    ),
    (
        "a finding code another pack uses",
        [
            _pack(_rule("HOUSE-1", {"licence": LICENCE}, code="HOUSE_NOTE")),
            _pack(_rule("OTHER-1", {"b24": B24}, code="HOUSE_NOTE"), name="other"),
        ],
        "finding code HOUSE_NOTE is already used by rule pack house",
        "OTHER-1",
    ),
    (
        "a field the law does not provide",
        [_pack(_rule("HOUSE-INSURED", {"licence": LICENCE, "company": _HAND_MADE_FIELD < 10}))],
        "the field company.insured_staff is not one the law provides",
        "HOUSE-INSURED",
    ),
    (
        "a field the law does not provide, inside a combined condition",
        [
            _pack(
                _rule(
                    "HOUSE-INSURED",
                    {
                        "company": (COMPANY.professional_staff > 0)
                        & ((COMPANY.professional_staff < 3) | (_HAND_MADE_FIELD < 10))
                    },
                )
            )
        ],
        "the field company.insured_staff is not one the law provides",
        "HOUSE-INSURED",
    ),
    (
        "a hand-made copy of a law's fact",
        [_pack(_rule("HOUSE-COMPANY", {"licence": LICENCE, "company": _HAND_MADE_COMPANY}))],
        "the fact 'company' is not one the law provides",
        "HOUSE-COMPANY",
    ),
    (
        "a field of a hand-made copy of a law's fact",
        [_pack(_rule("HOUSE-COMPANY", {"company": _HAND_MADE_COMPANY.professional_staff < 10}))],
        "the field company.professional_staff is not one the law provides",
        "HOUSE-COMPANY",
    ),
    (
        "a fact the law does not have",
        [_pack(_rule("HOUSE-INSURANCE", {"licence": LICENCE, "insurance": _INSURANCE}))],
        "the fact 'insurance' is not one the law provides",
        "HOUSE-INSURANCE",
    ),
    (
        "a rule that derives a law's fact",
        [
            _pack(
                _rule(
                    "HOUSE-B24", {"company": COMPANY.professional_staff > 100}, derive=(B24.make(),)
                )
            )
        ],
        "a pack rule may not derive facts",
        "HOUSE-B24",
    ),
    (
        "a rule that derives a fact of its own",
        [_pack(_rule("HOUSE-DERIVE", {"licence": LICENCE}, derive=(_INSURANCE.make(staff=1),)))],
        "a pack rule may not derive facts",
        "HOUSE-DERIVE",
    ),
    (
        "yuan compared with a percentage parameter",
        [
            _pack(
                _rule(
                    "HOUSE-CAPITAL",
                    {"company": COMPANY.registered_capital_cny < param("foreign_equity.cap")},
                )
            )
        ],
        "cannot be compared with parameter foreign_equity.cap",
        "HOUSE-CAPITAL",
    ),
    (
        "an unknown parameter",
        [
            _pack(
                _rule(
                    "HOUSE-STAFF",
                    {"company": COMPANY.professional_staff < param("house.minimum_staff")},
                )
            )
        ],
        "unknown parameter 'house.minimum_staff'",
        "HOUSE-STAFF",
    ),
    (
        "an unknown parameter as the start of the rule's period",
        [
            _pack(
                _rule("HOUSE-DATED", {"licence": LICENCE}, period=Period(start=param("house.from")))
            )
        ],
        "unknown parameter 'house.from'",
        "HOUSE-DATED",
    ),
    (
        "a percentage compared in a way the encoding rounds",
        [_pack(_rule("HOUSE-EQUITY", {"company": COMPANY.foreign_equity_percent >= 50}))],
        "is not exact under the engine's rounding",
        "HOUSE-EQUITY",
    ),
    (
        "an _UNKNOWN code that is not a warning",
        [_pack(_rule("HOUSE-GUESS", {"licence": LICENCE}, Severity.BLOCKING, "HOUSE_UNKNOWN"))],
        "HOUSE_UNKNOWN must be a warning",
        "HOUSE-GUESS",
    ),
    (
        "a rule without findings",
        [_pack(attrs.evolve(_rule("HOUSE-SILENT", {"licence": LICENCE}), findings=()))],
        "it has no findings",
        "HOUSE-SILENT",
    ),
]


@pytest.mark.parametrize(
    ("packs", "says", "rule_id"), [r[1:] for r in REFUSED], ids=[r[0] for r in REFUSED]
)
def test_what_a_pack_may_not_do_is_refused_at_build(
    packs: list[RulePack], says: str, rule_id: str
) -> None:
    with pytest.raises(RulePackError) as refused:
        Engine(rule_packs=packs)
    message = str(refused.value)
    assert says in message
    assert f"rule pack {packs[-1].name}" in message
    assert rule_id in message
    # In Chinese too (the compiler's own reason is quoted as it gives it).
    chinese = refused.value.message_zh
    assert chinese.startswith(f"规则包“{packs[-1].name}”的规则 {rule_id}："), chinese
    assert re.search("[\u4e00-\u9fff]", chinese.partition("：")[2]), chinese


def test_a_pack_given_twice_or_empty_is_refused() -> None:
    with pytest.raises(RulePackError, match="rule pack 'acme' is attached twice"):
        Engine(rule_packs=[PACK, PACK])
    with pytest.raises(RulePackError, match="rule pack empty: it has no rules"):
        Engine(rule_packs=[RulePack("empty", "1", ())])
    with pytest.raises(RulePackError, match="rule pack name 'ACME Pack'"):
        RulePack("ACME Pack", "1", PACK.rules)


def test_the_law_s_own_fields_and_facts_are_accepted() -> None:
    """The same rules as the refused ones, on what the law provides, build and run."""
    packs = [
        _pack(
            _rule(
                "HOUSE-STAFF",
                {
                    "licence": LICENCE,
                    "company": (COMPANY.professional_staff > 0) & (COMPANY.professional_staff < 10),
                },
            ),
            _rule("HOUSE-AREA", {"licence": LICENCE, "area": SERVICE_AREA.province == "110000"}),
            _rule("HOUSE-NONE", {"none": NOT_REQUIRED}),
        )
    ]
    with Engine(rule_packs=packs) as built:
        codes = built.assess(SMALL, as_of=DAY).codes
    assert {"HOUSE_STAFF", "HOUSE_AREA"} <= set(codes)
    assert "HOUSE_NONE" not in codes


def test_an_unknown_installed_name_is_refused() -> None:
    assert "no-such-pack" not in installed_packs()
    with pytest.raises(
        RulePackError, match="no rule pack named 'no-such-pack' is installed"
    ) as caught:
        Engine(rule_packs=["no-such-pack"])
    assert caught.value.message_zh.startswith("未安装名为“no-such-pack”的规则包（")
    again = pickle.loads(pickle.dumps(caught.value))
    assert (str(again), again.message_zh) == (str(caught.value), caught.value.message_zh)
    with pytest.raises(RulePackError) as twice:
        Engine(rule_packs=[PACK, PACK])
    assert twice.value.message_zh == "规则包“acme”被重复加载"


@pytest.fixture
def entry_points(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A distribution on sys.path whose entry points give a pack, a factory of one, and
    things that are not packs."""
    module = "callcenter_rules_test_packs"
    (tmp_path / f"{module}.py").write_text(
        textwrap.dedent(
            """
            from callcenter_rules.packs import COMPANY, LICENCE, Confidence, Document
            from callcenter_rules.packs import FindingSpec, Provision, Rule, RulePack
            from callcenter_rules.packs import Severity, Source

            RULE = Rule(
                id="FACTORY-NOTE",
                summary="A note.",
                summary_zh="说明。",
                sources=(Source(Provision(Document("Memo", "备忘录"), "1", "一。"), "F-1", Confidence.HIGH),),
                when={"licence": LICENCE},
                findings=(FindingSpec("FACTORY_NOTE", Severity.INFO, "A note.", "说明。"),),
            )

            def make():
                return RulePack("factory", "2.0", [RULE])

            MISNAMED = RulePack("someone-else", "1.0", [RULE])
            NOT_A_PACK = {"name": "bogus", "rules": []}
            """
        ),
        encoding="utf-8",
    )
    (tmp_path / "callcenter_rules_test_broken.py").write_text(
        "raise ImportError('the pack needs a module that is not installed')\n", encoding="utf-8"
    )
    info = tmp_path / "callcenter_rules_test_packs-0.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: callcenter-rules-test-packs\nVersion: 0.0\n",
        encoding="utf-8",
    )
    (info / "entry_points.txt").write_text(
        f"[{ENTRY_POINT_GROUP}]\n"
        f"factory = {module}:make\n"
        f"misnamed = {module}:MISNAMED\n"
        f"bogus = {module}:NOT_A_PACK\n"
        "broken = callcenter_rules_test_broken:PACK\n",
        encoding="utf-8",
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    for name in (module, "callcenter_rules_test_broken"):
        monkeypatch.delitem(sys.modules, name, raising=False)


@pytest.mark.usefixtures("entry_points")
def test_an_entry_point_that_gives_something_else_is_refused() -> None:
    assert {"factory", "misnamed", "bogus", "broken"} <= set(installed_packs())
    with pytest.raises(
        RulePackError,
        match=r"rule pack 'bogus': the entry point .*:NOT_A_PACK gives a dict, not a RulePack",
    ):
        Engine(rule_packs=["bogus"])
    with pytest.raises(
        RulePackError,
        match="rule pack 'misnamed': the entry point gives the pack named 'someone-else'",
    ):
        Engine(rule_packs=["misnamed"])
    with pytest.raises(
        RulePackError, match=r"rule pack 'broken' .* cannot be loaded: the pack needs a module"
    ):
        Engine(rule_packs=["broken"])


@pytest.mark.usefixtures("entry_points")
def test_an_entry_point_may_name_a_function_that_makes_the_pack() -> None:
    assert load_pack("factory").label == "factory==2.0"
    with Engine(rule_packs=["factory"]) as built:
        assert built.configuration["rule_packs"] == ["factory==2.0"]
        [note] = [f for f in built.assess(SMALL, as_of=DAY).findings if f.pack]
    assert (note.code, note.pack) == ("FACTORY_NOTE", "factory")


# ---------------------------------------------------------------- what the checks refuse


def test_a_blocking_rule_after_the_decision_is_refused_or_counted() -> None:
    late = _pack(
        _rule("HOUSE-LATE", {"decision": DECISION.status == "eligible"}, Severity.BLOCKING)
    )
    refused: RulePackError | None = None
    try:
        built = Engine(rule_packs=[late])
    except RulePackError as error:
        refused = error
    if refused is not None:
        assert "HOUSE-LATE" in str(refused)
        return
    with built:
        result = built.assess(SMALL, as_of=DAY)
    assert "HOUSE_LATE" not in result.codes or result.status is Status.INELIGIBLE


def test_a_rule_without_conditions_is_refused_as_the_pack_s() -> None:
    with pytest.raises(RulePackError, match=r"rule pack house.*HOUSE-ANY"):
        Engine(rule_packs=[_pack(_rule("HOUSE-ANY", {}))])


def test_a_rule_without_a_chinese_summary_is_refused() -> None:
    bare = attrs.evolve(_rule("HOUSE-BARE", {"licence": LICENCE}), summary_zh="")
    with pytest.raises(RulePackError, match="HOUSE-BARE"):
        Engine(rule_packs=[_pack(bare)])


# ---------------------------------------------------------------- what a pack can change


#: Notes and warnings (none of them _UNKNOWN) on every kind of fact the law provides, and a
#: dated one.
NOTES = _pack(
    _rule("NOTE-STAFF", {"licence": LICENCE, "company": COMPANY.professional_staff < 10}),
    _rule(
        "NOTE-STAFF-NOT-GIVEN",
        {"licence": LICENCE, "company": COMPANY.professional_staff.is_unknown()},
        Severity.WARNING,
    ),
    _rule("NOTE-95", {"b24": B24, "company": COMPANY.number_95.is_true()}, Severity.WARNING),
    _rule("NOTE-CAPITAL", {"company": COMPANY.registered_capital_cny < 5_000_000}),
    _rule("NOTE-FOREIGN", {"company": COMPANY.foreign_equity_percent > 0}, Severity.WARNING),
    _rule("NOTE-NOT-REQUIRED", {"none": NOT_REQUIRED}),
    _rule(
        "NOTE-DATED", {"licence": LICENCE}, period=Period(start=param("in_force.notice_2020_81"))
    ),
    Rule(
        id="NOTE-VIOLATION",
        summary="Every recorded violation is noted.",
        summary_zh="逐项记录违法记录。",
        sources=_SOURCES,
        when={"violation": VIOLATION},
        values=lambda match, _law: {"index": match["violation"]["index"]},
        findings=(
            FindingSpec(
                "NOTE_VIOLATION",
                Severity.INFO,
                "Violation {index}.",
                "违法记录{index}。",
                repeatable=True,
            ),
        ),
    ),
    name="notes",
)


def _near_eligible(staff: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Cases with a company, capital, activity and record that the law most often finds
    eligible, so that a house rule on staff often decides."""
    return cases(
        entity_type="limited_liability_company",
        registered_capital_cny="20000000",
        activities=["inbound_customer_service"],
        violations=[],
        foreign_equity_percent=None,
        professional_staff=staff,
    )


#: Profiles from all over the input space, and near-eligible ones with staff around 10.
ANY_OR_NEAR_ELIGIBLE = st.one_of(cases(), _near_eligible(st.one_of(st.none(), st.integers(0, 12))))


@pytest.fixture(scope="module")
def notes_engine() -> Iterator[Engine]:
    with Engine(rule_packs=[NOTES]) as built:
        yield built


def _law_part(result: Any) -> list[dict[str, Any]]:
    return [f.to_dict() for f in result.findings if f.pack is None]


def test_the_notes_pack_does_note(notes_engine: Engine) -> None:
    """The property below is not vacuous: the notes fire."""
    busy = {
        **SMALL,
        "registered_capital_cny": "2000000",
        "service_provinces": ["Beijing", "Hebei"],
        "number_resources": ["95"],
        "foreign_equity_percent": "10",
        "violations": [
            {"party": "company", "date": "2010-01-01"},
            {"party": "company", "date": "2011-01-01"},
        ],
    }
    codes = notes_engine.assess(busy, as_of=DAY).codes
    for code in ("NOTE_STAFF", "NOTE_95", "NOTE_CAPITAL", "NOTE_FOREIGN", "NOTE_DATED"):
        assert code in codes
    assert codes.count("NOTE_VIOLATION") == 2
    in_house = notes_engine.assess({**SMALL, "activities": ["in_house_hotline"]}, as_of=DAY)
    assert "NOTE_NOT_REQUIRED" in in_house.codes


@given(ANY_OR_NEAR_ELIGIBLE)
def test_notes_and_warnings_never_change_the_answer(
    engine: Engine, notes_engine: Engine, case: tuple[dict[str, Any], datetime.date]
) -> None:
    profile, day = case
    law = engine.assess(profile, as_of=day)
    noted = notes_engine.assess(profile, as_of=day)
    assert noted.status is law.status
    assert noted.license_type is law.license_type
    assert noted.authority == law.authority
    assert noted.business_scopes == law.business_scopes
    assert _law_part(noted) == _law_part(law)
    assert {f.severity for f in noted.findings if f.pack} <= {Severity.INFO, Severity.WARNING}


@given(ANY_OR_NEAR_ELIGIBLE)
def test_a_blocking_house_rule_only_ever_makes_ineligible(
    engine: Engine, acme_engine: Engine, case: tuple[dict[str, Any], datetime.date]
) -> None:
    profile, day = case
    law = engine.assess(profile, as_of=day)
    result = acme_engine.assess(profile, as_of=day)
    staff = law.profile.professional_staff
    blocks = "ACME_TOO_FEW_INSURED_STAFF" in result.codes
    assert blocks == (law.license_type is not None and staff is not None and staff < 10)
    assert ("ACME_INSURED_STAFF_UNKNOWN" in result.codes) == (
        "PROFESSIONAL_STAFF_UNKNOWN" in law.codes
    )
    if blocks and law.status in (Status.ELIGIBLE, Status.INCOMPLETE):
        assert result.status is Status.INELIGIBLE
    else:
        assert result.status is law.status
    assert result.license_type is law.license_type
    assert result.authority == law.authority
    assert _law_part(result) == _law_part(law)


@given(_near_eligible(st.integers(1, 9)))
def test_the_plan_lifts_the_house_rule_with_ten_staff(
    engine: Engine, acme_engine: Engine, case: tuple[dict[str, Any], datetime.date]
) -> None:
    profile, day = case
    if engine.assess(profile, as_of=day).status is not Status.ELIGIBLE:
        return
    # The first option is the house rule's own change; when the law's verdict rests on
    # contested law, settled routes follow it, and each of them hires the ten staff too.
    first, *settled = acme_engine.plan(profile, as_of=day).options
    assert [(c.field, c.proposed) for c in first.changes] == [("professional_staff", 10)]
    assert first.assessment.status is Status.ELIGIBLE
    law = engine.assess(profile, as_of=day)
    if law.confidence is VerdictConfidence.HIGH:
        assert settled == []
    for option in settled:
        assert ("professional_staff", 10) in [(c.field, c.proposed) for c in option.changes]
        assert option.assessment.status is Status.ELIGIBLE
        assert set(law.confidence_rests_on) - set(option.assessment.confidence_rests_on)


# ---------------------------------------------------------------- the tutorial


ROOT = EXAMPLE.parents[1]
TUTORIAL = {"en": ROOT / "docs" / "rule-packs.md", "zh": ROOT / "docs" / "rule-packs.zh.md"}
#: A fenced block: its language and its text.
_FENCED = re.compile(r"^```(\w+)\n(.*?)^```$", re.M | re.S)
#: The first line of a block that quotes a file of the example: ``# examples/...``.
_QUOTES = re.compile(r"^# (examples/\S+)$")
#: A claim in a Python example: an expression, two or more spaces, ``# what it gives``.
_CLAIM = re.compile(r"^([A-Za-z_\[][^=#]*?[^,\s])\s{2,}# (.+)$")


def _blocks(lang: str, kind: str) -> list[str]:
    text = TUTORIAL[lang].read_text(encoding="utf-8")
    return [body for found, body in _FENCED.findall(text) if found == kind]


def _quoted(lines: list[str], source: list[str]) -> bool:
    """Whether ``lines`` are a run of ``source``'s lines, all indented alike there."""
    for start, first in enumerate(source):
        if first.strip() != lines[0].strip() or not lines[0].strip():
            continue
        indent = first[: len(first) - len(first.lstrip())]
        window = source[start : start + len(lines)]
        if len(window) == len(lines) and all(
            (indent + line if line else "") == there.rstrip()
            for line, there in zip(lines, window, strict=True)
        ):
            return True
    return False


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_tutorial_quotes_the_example_s_real_code(lang: str) -> None:
    quoted = 0
    for kind in ("python", "toml"):
        for block in _blocks(lang, kind):
            first, _, rest = block.partition("\n")
            path = _QUOTES.match(first)
            if path is None:
                continue
            source = (ROOT / path.group(1)).read_text(encoding="utf-8").splitlines()
            assert _quoted(rest.rstrip("\n").splitlines(), source), (path.group(1), rest[:200])
            quoted += 1
    assert quoted >= 8


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_tutorial_s_python_examples_are_true(installed: Path, lang: str) -> None:
    """The examples that are not quotes run in order, with the pack installed, and each
    claim (``expression  # value``) is the value's repr or str."""
    blocks = [b for b in _blocks(lang, "python") if not _QUOTES.match(b.partition("\n")[0])]
    assert len(blocks) >= 2
    claims = [
        [(m.group(1), m.group(2)) for m in map(_CLAIM.match, block.splitlines()) if m]
        for block in blocks
    ]
    script = textwrap.dedent(
        """
        import json, sys
        blocks, claims = json.load(sys.stdin)
        namespace, wrong = {}, []
        for block, block_claims in zip(blocks, claims):
            exec(block, namespace)
            for expression, claimed in block_claims:
                value = eval(expression, namespace)
                if claimed not in (repr(value), str(value)):
                    wrong.append([expression, claimed, repr(value)])
        print(json.dumps(wrong))
        """
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(installed), *_pythonpath()])}
    done = subprocess.run(
        [sys.executable, "-c", script],
        input=json.dumps([blocks, claims]),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**env, "PYTHONDONTWRITEBYTECODE": "1"},
        cwd=installed.parent,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == []
    assert sum(map(len, claims)) >= 8


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_tutorial_s_commands_print_what_it_shows(installed: Path, lang: str) -> None:
    """Each ``$ callcenter-rules ...`` example prints what the page shows (``…`` where the
    page leaves out the beginning or the end)."""
    checked = 0
    for block in _blocks(lang, "console"):
        command, _, shown = block.partition("\n")
        assert command.startswith("$ callcenter-rules "), command
        lines = shown.rstrip("\n").split("\n")
        head, tail = lines[0] == "…", lines[-1] == "…"
        expected = "\n".join(lines[1 if head else 0 : -1 if tail else None])
        done = _run(installed, "-m", "callcenter_rules", *command.split()[2:], cwd=ROOT)
        assert done.returncode in (0, 4), done.stderr
        printed = done.stdout.rstrip("\n")
        if head and tail:
            assert f"\n{expected}\n" in printed, command
        elif head:
            assert printed.endswith(f"\n{expected}"), command
        elif tail:
            assert printed.startswith(f"{expected}\n"), command
        else:
            assert printed == expected, command
        checked += 1
    assert checked >= 4


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_tutorial_s_configuration_file_is_one(lang: str) -> None:
    from callcenter_rules.config import Config
    from callcenter_rules.law.parameters import default_table

    [block] = [b for b in _blocks(lang, "toml") if b.startswith("# callcenter-rules.toml\n")]
    config = Config.from_mapping(tomllib.loads(block))
    assert config.rule_packs == ("acme",)
    assert config.policy.in_house_hotline_is_b24 is True
    default_table().with_overrides(dict(config.parameters))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_tutorial_s_refusals_are_the_engine_s(lang: str) -> None:
    """Each refusal the tutorial shows is the engine's, in the page's language (the English
    page shows ``str(error)``, the Chinese one ``error.message_zh``)."""
    staff_rule, unknown_rule = PACK.rules[:2]
    [spec], [unknown_spec] = staff_rule.findings, unknown_rule.findings
    remedy = acme.capability("professional_staff", 10, "Employ {staff}.", "配备{staff}人。")
    attempts = [
        attrs.evolve(staff_rule, id="STAFF"),
        attrs.evolve(staff_rule, findings=(attrs.evolve(spec, code="NO_PROFESSIONAL_STAFF"),)),
        attrs.evolve(staff_rule, findings=(attrs.evolve(spec, code="acme_too_few"),)),
        attrs.evolve(staff_rule, findings=(attrs.evolve(spec, code="CAPITALBELOWMINIMUM"),)),
        attrs.evolve(staff_rule, when={"company": COMPANY.professional_staff < 10}),
        attrs.evolve(unknown_rule, findings=(attrs.evolve(unknown_spec, remedies=(remedy,)),)),
        attrs.evolve(staff_rule, when={"licence": LICENCE, "company": _HAND_MADE_FIELD < 10}),
        attrs.evolve(staff_rule, derive=(B24.make(),)),
        attrs.evolve(
            staff_rule,
            when={
                "licence": LICENCE,
                "company": COMPANY.registered_capital_cny < param("foreign_equity.cap"),
            },
        ),
    ]
    zh = lang == "zh"
    messages = []
    for rule in attempts:
        with pytest.raises(RulePackError) as refused:
            Engine(rule_packs=[RulePack("acme", "1.0.0", [rule])])
        messages.append(refused.value.message_zh if zh else str(refused.value))
    with pytest.raises(RulePackError) as refused:
        load_pack("no-such-pack")
    said = refused.value.message_zh if zh else str(refused.value)
    messages.append(said.replace("no-such-pack", "acme"))
    first = "规则包“acme”的规则 STAFF：" if zh else "rule pack acme, rule STAFF:"
    [block] = [b for b in _blocks(lang, "text") if b.startswith(first)]
    lines = block.rstrip("\n").split("\n")
    for line in lines:
        expected = re.split(
            r" \(fields of company: | \(installed: |（company 的字段：|（已安装", line
        )[0]
        assert any(message.startswith(expected) for message in messages), line
    assert len(lines) == len(messages)


def test_the_tutorial_s_failing_pack_code_is_the_engine_s() -> None:
    """The tutorial's example of a pack's own code failing, as the command line prints it."""

    def insured(match: Mapping[str, Mapping[str, Any]], _law: Mapping[str, Any]) -> Any:
        return {"professional_staff": match["company"]["insured_staff"]}

    rule = attrs.evolve(PACK.rules[0], values=insured)
    with (
        Engine(rule_packs=[RulePack("acme", "1.0.0", [rule])]) as built,
        pytest.raises(RulePackError) as caught,
    ):
        built.assess(SMALL, as_of=DAY)
    for lang, said in (("en", str(caught.value)), ("zh", caught.value.message_zh)):
        [block] = [b for b in _blocks(lang, "text") if b.startswith(("Error: ", "错误："))]
        assert block.rstrip("\n") == ("错误：" if lang == "zh" else "Error: ") + said


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_tutorial_lists_the_facts_a_pack_may_use(lang: str) -> None:
    from callcenter_rules import packs
    from callcenter_rules.law import facts

    text = TUTORIAL[lang].read_text(encoding="utf-8")
    listed: dict[str, set[str]] = {}
    for name, fields in re.findall(r"^\| `([A-Z_0-9]+)` \| (.*?) \|", text, re.M):
        without_values = re.sub(r"\([^)]*\)|（[^）]*）", "", fields)
        listed[name] = set(re.findall(r"`([a-z_0-9]+)`", without_values))
    usable = [f for f in (*facts.GIVEN, *facts.DERIVED) if f not in (facts.TALLY, facts.DECISION)]
    assert set(listed) == {f.name.upper() for f in usable}
    for fact in usable:
        assert getattr(packs, fact.name.upper()) is fact
        assert listed[fact.name.upper()] == set(fact.fields), fact.name


def test_a_condition_the_c_engine_refuses_is_named_with_its_pack_and_rule() -> None:
    # 40 alternatives joined by "and" need more than the C engine's 31 entries per
    # condition (its error 113): the compiler counts the entries and names the pack and
    # the rule.
    long = functools.reduce(
        operator.and_,
        [
            (COMPANY.professional_staff != number) | (COMPANY.professional_staff == number + 100)
            for number in range(40)
        ],
    )
    fine = _rule("HOUSE-FINE", {"licence": LICENCE})
    with pytest.raises(RulePackError, match=r"rule pack house: rule HOUSE-LONG: .*31") as caught:
        Engine(rule_packs=[_pack(fine, _rule("HOUSE-LONG", {"licence": LICENCE, "company": long}))])
    assert "HOUSE-LONG" in caught.value.message_zh
    assert "规则包“house”" in caught.value.message_zh


def test_forty_alternatives_are_split_into_rules_the_c_engine_takes() -> None:
    # "or" is split into one engine rule per alternative, so a long list of alternatives
    # compiles; the rule fires for a value in the list and not for one outside it.
    listed = functools.reduce(
        operator.or_, [COMPANY.professional_staff == number for number in range(40)]
    )
    house = _rule("HOUSE-LISTED", {"licence": LICENCE, "company": listed})
    with Engine(rule_packs=[_pack(house)]) as engine:
        inside = engine.assess({**SMALL, "professional_staff": 39}, as_of=DAY)
        outside = engine.assess({**SMALL, "professional_staff": 40}, as_of=DAY)
    assert "HOUSE-LISTED" in {finding.rule for finding in inside.findings}
    assert "HOUSE-LISTED" not in {finding.rule for finding in outside.findings}


def _staff_is(number: int) -> Condition:
    return COMPANY.professional_staff == number


@pytest.mark.parametrize(
    "condition",
    [
        # a | b | ... 5,000 long: Python's recursion limit, a RecursionError, before.
        functools.reduce(operator.or_, [_staff_is(number) for number in range(5000)]),
        # One step over: the rules engine never returned from a choice of about 470.
        Either(tuple(_staff_is(number) for number in range(MAX_CONDITION_TERMS + 1))),
        COMPANY.registered_province.is_one_of([f"P{n}" for n in range(MAX_CONDITION_TERMS + 1)]),
        COMPANY.activities.includes(*[f"A{n}" for n in range(MAX_CONDITION_TERMS + 1)]),
        All(
            (
                Either(tuple(_staff_is(number) for number in range(100))),
                COMPANY.registered_province.is_one_of([f"P{n}" for n in range(29)]),
            )
        ),
    ],
    ids=["chained", "one-choice", "one-of", "includes", "summed"],
)
def test_a_condition_of_too_many_comparisons_is_refused_at_once(condition: Condition) -> None:
    error = _refusal(_rule("HOUSE-MANY", {"licence": LICENCE, "company": condition}))
    assert str(error) == (
        "rule pack house, rule HOUSE-MANY: its condition on 'company' makes more than 128 "
        "comparisons, the most a pack's condition may (each value listed in is_one_of or "
        "includes counts as one); split the rule"
    )
    assert "超过128项比较" in error.message_zh


def _nested(levels: int) -> Condition:
    """``|`` and ``&`` alternating ``levels`` deep; it holds for 1, 3, 5 or 7 staff."""
    condition = _staff_is(1)
    for level in range(levels):
        more = COMPANY.professional_staff < 100 if level % 2 else _staff_is(level + 1)
        condition = (All if level % 2 else Either)((condition, more))
    return condition


def test_a_condition_nested_too_deep_is_refused() -> None:
    error = _refusal(
        _rule("HOUSE-DEEP", {"licence": LICENCE, "company": _nested(MAX_CONDITION_DEPTH + 1)})
    )
    assert "its condition on 'company' nests & and | more than 8 deep" in str(error)
    assert "嵌套超过8层" in error.message_zh
    # A join of one condition adds depth without adding comparisons: refused too.
    error = _refusal(_rule("HOUSE-ONE", {"licence": LICENCE, "company": Either((_staff_is(1),))}))
    assert "has a join (& or |) of fewer than two conditions" in str(error)


def test_a_condition_at_the_limits_is_accepted_and_works() -> None:
    widest = Either(tuple(_staff_is(number) for number in range(MAX_CONDITION_TERMS)))
    deepest = _nested(MAX_CONDITION_DEPTH)
    rules = (
        _rule("HOUSE-WIDE", {"licence": LICENCE, "company": widest}),
        _rule("HOUSE-NESTED", {"licence": LICENCE, "company": deepest}),
    )
    with Engine(rule_packs=[_pack(*rules)]) as engine:
        fired = {
            f.rule for f in engine.assess({**SMALL, "professional_staff": 7}, as_of=DAY).findings
        }
        quiet = {
            f.rule for f in engine.assess({**SMALL, "professional_staff": 8}, as_of=DAY).findings
        }
    assert {"HOUSE-WIDE", "HOUSE-NESTED"} <= fired
    assert "HOUSE-WIDE" in quiet
    assert "HOUSE-NESTED" not in quiet


def test_a_message_naming_a_value_the_rule_does_not_give_fails_in_assess_not_later() -> None:
    # The values function's names are known only when it runs: the message is checked then.
    typo = attrs.evolve(
        _rule("HOUSE-TYPO", {"licence": LICENCE}),
        values=lambda _match, _law: {"staff": 5},
        findings=(FindingSpec("HOUSE_TYPO", Severity.INFO, "Staff: {staf}.", "员工：{staf}。"),),
    )
    with Engine(rule_packs=[_pack(typo)]) as house:
        with pytest.raises(RulePackError, match=r"rule pack house, rule HOUSE-TYPO: .*staf"):
            house.assess(SMALL, as_of=DAY)
        # In a batch the row is an internal error line, in both details, and the batch
        # goes on (the full line used to read the texts outside the row's guard).
        for detail in ("full", "summary"):
            line = batch_module.record(
                house, batch_module.Row(1, SMALL, line=1), DAY, batch_module.Job(detail=detail)
            )
            assert line["error"]["type"] == "internal_error"
            assert "HOUSE-TYPO" in line["error"]["errors"][0]["message"]


# ---------------------------------------------------------------- codes and ids

_CJK = re.compile("[\u4e00-\u9fff]")


def _refusal(*rules: Rule, name: str = "house") -> RulePackError:
    """The error building an engine with ``rules`` in one pack raises, checked to name the
    pack in both languages."""
    with pytest.raises(RulePackError) as refused:
        Engine(rule_packs=[_pack(*rules, name=name)])
    error = refused.value
    assert str(error).startswith(f"rule pack {name}"), str(error)
    assert error.message_zh.startswith(f"规则包“{name}”"), error.message_zh
    assert _CJK.search(error.message_zh.partition("：")[2]), error.message_zh
    return error


def test_the_law_s_own_codes_and_ids_follow_the_documented_patterns() -> None:
    from callcenter_rules.law import RULES
    from callcenter_rules.packs import CODE_PATTERN, RULE_ID_PATTERN

    assert [rule.id for rule in RULES if not RULE_ID_PATTERN.fullmatch(rule.id)] == []
    codes = {code for rule in RULES for code in rule.codes}
    assert [code for code in codes if not CODE_PATTERN.fullmatch(code)] == []
    assert len(RULES) > 40
    assert len(codes) > 40


@pytest.mark.parametrize(
    "code",
    [
        "",
        "lower_case",
        "House_Note",
        "CAPITAL_BELOW\u200bMINIMUM",  # a zero-width space
        "HOUSE__NOTE",
        "_HOUSE",
        "HOUSE_",
        "HOUSE-NOTE",
        "1HOUSE",
        "ＨOUSE",  # a full-width letter
        "HOUSE\n",
        "H" * 65,
    ],
)
def test_a_finding_code_off_the_pattern_is_refused(code: str) -> None:
    error = _refusal(_rule("HOUSE-RULE", {"licence": LICENCE}, code=code))
    assert f"finding code {code!r} is not a finding code" in str(error)
    assert "HOUSE-RULE" in str(error)
    assert "结论代码" in error.message_zh


@pytest.mark.parametrize(
    "rule_id",
    ["", "house-rule", "HOUSE_RULE", "CAPITAL\u200b-REGIONAL", "HOUSE--RULE", "-HOUSE", "H" * 65],
)
def test_a_rule_id_off_the_pattern_is_refused(rule_id: str) -> None:
    error = _refusal(_rule(rule_id, {"licence": LICENCE}, code="HOUSE_RULE"))
    assert f"rule {rule_id!r}: the id is not a rule id" in str(error)
    assert "规则编号无效" in error.message_zh


@pytest.mark.parametrize(
    ("rule_id", "code", "like"),
    [
        ("HOUSE-RULE", "CAPITALBELOWMINIMUM", "finding code CAPITAL_BELOW_MINIMUM"),
        ("HOUSE-RULE", "CAPITAL_REGIONAL", "rule id CAPITAL-REGIONAL"),
        ("CAPITAL-BELOW-MINIMUM", "HOUSE_RULE", "finding code CAPITAL_BELOW_MINIMUM"),
        ("CAPITALREGIONAL", "HOUSE_RULE", "rule id CAPITAL-REGIONAL"),
        ("CAPITAL-REGIONAL-", "HOUSE_RULE", None),  # off the pattern first
    ],
)
def test_a_look_alike_of_the_law_s_codes_and_ids_is_refused(
    rule_id: str, code: str, like: str | None
) -> None:
    error = _refusal(_rule(rule_id, {"licence": LICENCE}, code=code))
    if like is None:
        assert "is not a rule id" in str(error)
        return
    assert f"reads like the law's {like}" in str(error)
    assert "容易混淆" in error.message_zh


def test_an_exact_reuse_of_the_law_s_code_or_id_says_so_in_both_languages() -> None:
    reused_id = _refusal(_rule("CAPITAL-REGIONAL", {"licence": LICENCE}, code="HOUSE_RULE"))
    assert str(reused_id) == (
        "rule pack house, rule CAPITAL-REGIONAL: the id is already used by the law"
    )
    assert reused_id.message_zh == "规则包“house”的规则 CAPITAL-REGIONAL：该编号已被法律规则使用"
    reused_code = _refusal(_rule("HOUSE-RULE", {"licence": LICENCE}, code="CAPITAL_BELOW_MINIMUM"))
    assert "finding code CAPITAL_BELOW_MINIMUM is already used by the law" in str(reused_code)
    assert "结论代码 CAPITAL_BELOW_MINIMUM 已被法律规则使用" in reused_code.message_zh


# ---------------------------------------------------------------- no licence, no decision


@pytest.mark.parametrize(
    ("when", "severity", "code"),
    [
        ({"none": NOT_REQUIRED}, Severity.BLOCKING, "HOUSE_BLOCKS"),
        ({"company": COMPANY.professional_staff < 10}, Severity.BLOCKING, "HOUSE_BLOCKS"),
        ({"b24": B24}, Severity.BLOCKING, "HOUSE_BLOCKS"),
        ({"company": COMPANY.professional_staff.is_unknown()}, Severity.WARNING, "HOUSE_UNKNOWN"),
    ],
    ids=["not required", "company only", "b24 only", "unknown without a licence"],
)
def test_a_finding_that_counts_must_come_from_a_rule_on_the_licence(
    when: dict[str, Any], severity: Severity, code: str
) -> None:
    error = _refusal(_rule("HOUSE-BLOCKS", when, severity, code))
    assert f"finding {code} is " in str(error)
    assert "counts towards the decision" in str(error)
    assert '"licence": LICENCE' in str(error)
    assert "计入结论判断" in error.message_zh


def test_a_blocking_rule_on_the_licence_or_a_condition_on_it_is_accepted() -> None:
    rules = (
        _rule("HOUSE-ANY", {"licence": LICENCE, "company": COMPANY.professional_staff < 10},
              Severity.BLOCKING),
        _rule("HOUSE-REGIONAL", {"licence": LICENCE.type == "regional"}, Severity.BLOCKING),
    )  # fmt: skip
    with Engine(rule_packs=[_pack(*rules)]) as built:
        result = built.assess(SMALL, as_of=DAY)
        assert {"HOUSE_ANY", "HOUSE_REGIONAL"} <= set(result.codes)
        assert result.status is Status.INELIGIBLE
        in_house = built.assess({**SMALL, "activities": ["in_house_hotline"]}, as_of=DAY)
    assert in_house.status is Status.NOT_REQUIRED
    assert [f for f in in_house.findings if f.pack] == []


# ---------------------------------------------------------------- templates


def _with_remedy(message: str, message_zh: str | None = None, **rule: Any) -> Rule:
    """A blocking staff rule whose remedy proposes 10 staff with ``message``."""
    return attrs.evolve(
        _rule(
            "HOUSE-STAFF",
            {"licence": LICENCE, "company": COMPANY.professional_staff < 10},
            Severity.BLOCKING,
        ),
        constants={"minimum": 10, "_unit": "staff"},
        findings=(
            FindingSpec(
                "HOUSE_STAFF",
                Severity.BLOCKING,
                "Fewer than {minimum} {_unit}.",
                "员工少于{minimum}人。",
                remedies=(
                    acme.capability("professional_staff", 10, message, message_zh or message),
                ),
                evidence=("professional_staff",),
            ),
        ),
        **rule,
    )


@pytest.mark.parametrize(
    ("message", "says"),
    [
        (
            "Employ {staf} staff.",
            "names {staf}: a remedy's message may name {current}, "
            "{proposed} and the finding's evidence (minimum, professional_staff)",
        ),
        ("Employ {_unit}.", "names {_unit}"),
        ("Employ {} staff.", "fills in {}: name a value"),
        ("Employ {0} staff.", "fills in {0}: name a value"),
        ("Employ {proposed.real} staff.", "fills in {proposed.real}"),
        ("Employ {proposed[0]} staff.", "fills in {proposed[0]}"),
        ("Employ {proposed staff.", "is not a template"),
        # A format that takes its width from a value: refused whatever the value.
        ("Employ {proposed:>{width}} staff.", "formats {proposed} with a value"),
    ],
)
def test_every_remedy_template_is_checked_when_the_engine_is_built(message: str, says: str) -> None:
    error = _refusal(_with_remedy(message))
    assert (
        "rule HOUSE-STAFF: the message of remedy 1 (professional_staff) of finding "
        "HOUSE_STAFF" in str(error)
    )
    assert says in str(error)
    assert "结论 HOUSE_STAFF 的第1个补救措施（professional_staff）的 message " in (error.message_zh)


def test_a_remedy_template_in_chinese_is_checked_too() -> None:
    error = _refusal(_with_remedy("Employ {proposed}.", "配备{人数}人。"))
    assert "the message_zh of remedy 1" in str(error)
    assert "{人数}" in error.message_zh


@pytest.mark.parametrize(
    ("findings", "says"),
    [
        (
            FindingSpec("HOUSE_NOTE", Severity.INFO, "Staff {staff}.", "员工。"),
            "the message of finding HOUSE_NOTE names {staff}, which the rule does not give "
            "(its values: minimum)",
        ),
        (
            FindingSpec("HOUSE_NOTE", Severity.INFO, "Note.", "说明{}。"),
            "the message_zh of finding HOUSE_NOTE fills in {}",
        ),
        (
            FindingSpec(
                "HOUSE_NOTE",
                Severity.INFO,
                "Note.",
                "说明。",
                remediation="Do {it}.",
                remediation_zh="请办理。",
            ),
            "the remediation of finding HOUSE_NOTE names {it}",
        ),
        (
            FindingSpec("HOUSE_NOTE", Severity.INFO, "Note }.", "说明。"),
            "the message of finding HOUSE_NOTE is not a template",
        ),
        (
            FindingSpec("HOUSE_NOTE", Severity.INFO, 5, "说明。"),  # type: ignore[arg-type]
            "the message of finding HOUSE_NOTE is a int, not text",
        ),
    ],
)
def test_every_finding_template_is_checked_when_the_engine_is_built(
    findings: FindingSpec, says: str
) -> None:
    rule = attrs.evolve(
        _rule("HOUSE-NOTE", {"licence": LICENCE}), constants={"minimum": 10}, findings=(findings,)
    )
    assert says in str(_refusal(rule))


def test_a_remedy_message_may_name_the_finding_s_evidence() -> None:
    message = "Employ {proposed} (now {current}; {professional_staff} counted, {minimum} asked)."
    with Engine(rule_packs=[_pack(_with_remedy(message))]) as built:
        [option] = built.plan(SMALL, as_of=DAY).options
    [change] = option.changes
    assert change.message == "Employ 10 (now 5; 5 counted, 10 asked)."


def test_a_remedy_template_naming_what_the_values_function_does_not_give_fails_in_assess() -> None:
    rule = _with_remedy("Employ {proposed} of {needed}.", values=lambda _m, _l: {"short": 5})
    with Engine(rule_packs=[_pack(rule)]) as built, pytest.raises(RulePackError) as caught:
        built.plan(SMALL, as_of=DAY)
    assert str(caught.value).startswith(
        "rule pack house, rule HOUSE-STAFF: the message of remedy 1 (professional_staff) of "
        "finding HOUSE_STAFF cannot be filled in with the finding's evidence (KeyError: "
    )
    assert "无法用结论的证据填充" in caught.value.message_zh


# ---------------------------------------------------------------- the pack's own code


def _divide(match: Mapping[str, Mapping[str, Any]], _law: Mapping[str, Any]) -> dict[str, Any]:
    return {"ratio": 10 // match["company"]["professional_staff"]}


def test_a_values_function_that_raises_names_the_pack_and_the_rule() -> None:
    rule = attrs.evolve(
        _rule("HOUSE-RATIO", {"licence": LICENCE, "company": COMPANY.professional_staff < 10}),
        values=_divide,
    )
    with Engine(rule_packs=[_pack(rule)]) as built:
        assert built.assess(SMALL, as_of=DAY).codes  # 5 staff: fine
        with pytest.raises(RulePackError) as caught:
            built.assess({**SMALL, "professional_staff": 0}, as_of=DAY)
        assert str(caught.value) == (
            "rule pack house, rule HOUSE-RATIO: its values function failed: "
            "ZeroDivisionError: integer division or modulo by zero"
        )
        assert caught.value.message_zh == (
            "规则包“house”的规则 HOUSE-RATIO：其 values 函数出错："
            "ZeroDivisionError: integer division or modulo by zero"
        )
        # The engine goes on.
        assert built.assess(SMALL, as_of=DAY).codes


def test_a_values_function_that_gives_no_mapping_names_the_pack_and_the_rule() -> None:
    rule = attrs.evolve(_rule("HOUSE-LIST", {"licence": LICENCE}), values=lambda _m, _l: [1])
    with Engine(rule_packs=[_pack(rule)]) as built, pytest.raises(RulePackError) as caught:
        built.assess(SMALL, as_of=DAY)
    assert "rule HOUSE-LIST: its values function gave a list, not a mapping" in str(caught.value)


def _raising_remedy(situation: Any) -> Any:
    raise LookupError(f"no staff table for {situation.profile['registered_province']}")


def test_a_remedy_value_function_that_raises_names_the_pack_the_rule_and_the_remedy() -> None:
    rule = _with_remedy("Employ {proposed}.")
    [spec] = rule.findings
    [remedy] = spec.remedies
    [proposal] = remedy.proposals
    broken = attrs.evolve(
        rule,
        findings=(
            attrs.evolve(
                spec,
                remedies=(
                    attrs.evolve(
                        remedy, proposals=(attrs.evolve(proposal, value=_raising_remedy),)
                    ),
                ),
            ),
        ),
    )
    with Engine(rule_packs=[_pack(broken)]) as built:
        assert built.assess(SMALL, as_of=DAY).status is Status.INELIGIBLE
        with pytest.raises(RulePackError) as caught:
            built.plan(SMALL, as_of=DAY)
    assert str(caught.value) == (
        "rule pack house, rule HOUSE-STAFF: the value function of remedy 1 (professional_staff) "
        "of finding HOUSE_STAFF failed: LookupError: no staff table for 110000"
    )
    assert caught.value.message_zh.startswith(
        "规则包“house”的规则 HOUSE-STAFF：结论 HOUSE_STAFF 的第1个补救措施（professional_staff）"
        "的 value 函数出错："
    )


def test_a_remedy_value_that_is_not_json_names_the_pack() -> None:
    rule = _with_remedy("Employ {proposed}.")
    [spec] = rule.findings
    [remedy] = spec.remedies
    [proposal] = remedy.proposals
    odd = attrs.evolve(proposal, value=lambda _s: {1, 2})
    broken = attrs.evolve(
        rule, findings=(attrs.evolve(spec, remedies=(attrs.evolve(remedy, proposals=(odd,)),)),)
    )
    with Engine(rule_packs=[_pack(broken)]) as built, pytest.raises(RulePackError) as caught:
        built.plan(SMALL, as_of=DAY)
    assert "gave a value that is not JSON-ready" in str(caught.value)


# ---------------------------------------------------------------- the values a pack gives


class _Unprintable:
    """A value that cannot be shown: its formatting raises."""

    def __format__(self, spec: str) -> str:
        raise RuntimeError("cannot show this")

    def __str__(self) -> str:
        raise RuntimeError("cannot show this")


def _giving(value: Any) -> Rule:
    """A pack rule whose values function gives ``x``, and whose message shows it."""
    return attrs.evolve(
        _rule("HOUSE-GIVES", {"licence": LICENCE}),
        values=lambda _match, _law: {"x": value},
        findings=(FindingSpec("HOUSE_GIVES", Severity.INFO, "X: {x}.", "X：{x}。"),),
    )


@pytest.mark.parametrize(
    ("value", "said"),
    [
        ({1, 2}, "a value of type set"),
        (object(), "a value of type object"),
        (b"bytes", "a value of type bytes"),
        (float("nan"), "the number nan, which JSON cannot carry"),
        (float("-inf"), "the number -inf, which JSON cannot carry"),
        (decimal.Decimal("1.5"), "a value of type Decimal"),
        ([1, 2], "a value of type list"),
        (2**64, "a whole number beyond 64 bits"),
        ("x" * 4001, "text of 4,001 characters"),
        (_Unprintable(), "a value of type _Unprintable"),
    ],
    ids=["set", "object", "bytes", "nan", "inf", "decimal", "list", "big", "long", "unprintable"],
)
def test_a_value_no_output_can_carry_is_the_pack_s_error(value: Any, said: str) -> None:
    # Before, a set, an object or bytes passed the assessment and failed in to_dict() or
    # the JSON output; NaN was written as JSON no reader takes; a value whose formatting
    # raised escaped the guard with its own traceback.
    with (
        Engine(rule_packs=[_pack(_giving(value))]) as built,
        pytest.raises(RulePackError) as caught,
    ):
        built.assess(SMALL, as_of=DAY)
    assert str(caught.value).startswith(
        f"rule pack house, rule HOUSE-GIVES: its values function gave 'x' as {said}: "
        "a value is text (at most 4,000 characters), a whole number, a finite number, "
        "True, False or None"
    )
    assert caught.value.message_zh.startswith(
        "规则包“house”的规则 HOUSE-GIVES：其 values 函数给出的 'x' 是"
    )


@pytest.mark.parametrize("value", ["text", 7, -(2**63), 1.5, True, None])
def test_plain_values_reach_the_message_and_the_json(value: Any) -> None:
    with Engine(rule_packs=[_pack(_giving(value))]) as built:
        result = built.assess(SMALL, as_of=DAY)
    [finding] = [f for f in result.findings if f.pack == "house"]
    assert finding.message == f"X: {value}."
    assert json.loads(json.dumps(result.to_dict()))["findings"][0]["evidence"]["x"] == value


def test_a_values_function_giving_too_many_values_is_the_pack_s_error() -> None:
    many = attrs.evolve(
        _rule("HOUSE-MANY", {"licence": LICENCE}),
        values=lambda _match, _law: {f"v{n}": n for n in range(100_000)},
    )
    with Engine(rule_packs=[_pack(many)]) as built, pytest.raises(RulePackError) as caught:
        built.assess(SMALL, as_of=DAY)
    assert "its values function gave 100,000 values, more than the 64" in str(caught.value)


class _Unreadable(Mapping[str, Any]):
    """A mapping that fails when read."""

    def __getitem__(self, key: str) -> Any:
        raise RuntimeError("unreadable")

    def __iter__(self) -> Iterator[str]:
        raise RuntimeError("unreadable")

    def __len__(self) -> int:
        return 1


def test_a_mapping_that_fails_when_read_is_the_pack_s_error() -> None:
    rule = attrs.evolve(
        _rule("HOUSE-ODD", {"licence": LICENCE}), values=lambda _m, _l: _Unreadable()
    )
    with Engine(rule_packs=[_pack(rule)]) as built, pytest.raises(RulePackError) as caught:
        built.assess(SMALL, as_of=DAY)
    assert str(caught.value) == (
        "rule pack house, rule HOUSE-ODD: its values function failed: RuntimeError: unreadable"
    )


@pytest.mark.parametrize("value", [_Unprintable(), {1}, float("nan"), "x" * 4001])
def test_a_constant_no_output_can_carry_is_refused_at_build(value: Any) -> None:
    # Before, an unprintable constant failed in assess() with its own traceback.
    rule = attrs.evolve(
        _rule("HOUSE-CONST", {"licence": LICENCE}),
        constants={"x": value},
        findings=(FindingSpec("HOUSE_CONST", Severity.INFO, "X: {x}.", "X：{x}。"),),
    )
    error = _refusal(rule)
    assert str(error).startswith("rule pack house, rule HOUSE-CONST: its constant 'x' is ")
    assert "or a parameter of the law (param(...))" in str(error)


# ---------------------------------------------------------------- how much a pack may add


def _violations(count: int) -> dict[str, Any]:
    """SMALL with ``count`` recorded violations of the company, long enough ago not to
    count against it."""
    return {
        **SMALL,
        "violations": [
            {"party": "company", "date": f"2001-01-{day % 28 + 1:02d}", "description": f"v{day}"}
            for day in range(count)
        ],
    }


def _per_violation(rule_id: str, findings: int, **more: Any) -> Rule:
    """A pack rule on each recorded violation, with ``findings`` findings."""
    return Rule(
        id=rule_id,
        summary="Every recorded violation is noted.",
        summary_zh="逐项记录违法记录。",
        sources=_SOURCES,
        when={"violation": VIOLATION, **more},
        values=lambda match, _law: {"index": match["violation"]["index"]},
        findings=tuple(
            FindingSpec(
                f"{rule_id.replace('-', '_')}_{number}",
                Severity.INFO,
                "Violation {index}.",
                "违法记录{index}。",
                repeatable=True,
            )
            for number in range(findings)
        ),
    )


def test_a_pack_adding_too_many_findings_to_one_assessment_is_refused() -> None:
    # 16 findings on each of 17 violations: 272, over the 256 a pack may add. Before,
    # nothing bounded them.
    rule = _per_violation("HOUSE-EACH", 16)
    with Engine(rule_packs=[_pack(rule)]) as built:
        added = built.assess(_violations(16), as_of=DAY).findings  # 256: the most
        assert len([f for f in added if f.pack == "house"]) == 256
        with pytest.raises(RulePackError) as caught:
            built.assess(_violations(17), as_of=DAY)
    assert str(caught.value) == (
        "rule pack house, rule HOUSE-EACH: the pack adds more than 256 findings to one "
        "assessment, the most a pack may; this rule's passed the limit"
    )
    assert caught.value.message_zh.startswith("规则包“house”的规则 HOUSE-EACH：")


def test_a_pack_rule_firing_past_the_engine_s_cap_is_named() -> None:
    # Each pair of 40 violations: 1,600 firings. Before, a RuleLoopError naming nothing.
    rule = _per_violation("HOUSE-PAIRS", 1, other=VIOLATION)
    with Engine(rule_packs=[_pack(rule)]) as built, pytest.raises(RulePackError) as caught:
        built.assess(_violations(40), as_of=DAY)
    assert str(caught.value).startswith(
        "rule pack house, rule HOUSE-PAIRS: it fired so often that the assessment passed the "
        "rules engine's 1,000 actions"
    )
    assert "规则引擎1,000次动作的上限" in caught.value.message_zh


def test_a_rule_declaring_too_many_findings_or_remedies_is_refused() -> None:
    error = _refusal(_per_violation("HOUSE-WIDE", 100_000))
    assert "rule HOUSE-WIDE: it declares 100,000 findings, more than the 16" in str(error)
    rule = _with_remedy("Employ {proposed}.")
    [spec] = rule.findings
    many = attrs.evolve(rule, findings=(attrs.evolve(spec, remedies=spec.remedies * 65),))
    assert "proposes 65 remedies, more than the 64" in str(_refusal(many))
    [remedy] = spec.remedies
    wide = attrs.evolve(remedy, proposals=remedy.proposals * 9)
    changes = attrs.evolve(rule, findings=(attrs.evolve(spec, remedies=(wide,)),))
    assert "remedy 1 of finding 'HOUSE_STAFF' makes 9 changes, more than the 8" in str(
        _refusal(changes)
    )


@pytest.mark.parametrize(
    ("message", "said"),
    [
        ("x" * 4001, "the message of finding HOUSE_LONG has 4,001 characters, more than"),
        ("{x:100000000}", "the message of finding HOUSE_LONG formats {x} as '100000000', wider"),
        ("{x:.5000f}", "formats {x} as '.5000f', wider or more precise than the 4,000"),
        ("{x:{w}}", "the message of finding HOUSE_LONG formats {x} with a value ({x:{w}})"),
    ],
    ids=["long", "wide", "precise", "nested"],
)
def test_a_template_that_asks_for_too_long_a_text_is_refused_at_build(
    message: str, said: str
) -> None:
    # Before, "{x:100000000}" made a message of 100 MB in every assessment.
    rule = attrs.evolve(
        _rule("HOUSE-LONG", {"licence": LICENCE}),
        constants={"x": 1, "w": 9},
        findings=(FindingSpec("HOUSE_LONG", Severity.INFO, message, "说明。"),),
    )
    assert said in str(_refusal(rule))


def test_a_message_too_long_once_filled_in_is_the_pack_s_error() -> None:
    # Each value is at most 4,000 characters, but a message may show several.
    rule = attrs.evolve(
        _rule("HOUSE-FILLED", {"licence": LICENCE}),
        values=lambda _match, _law: {"a": "a" * 3000, "b": "b" * 3000},
        findings=(FindingSpec("HOUSE_FILLED", Severity.INFO, "{a}{b}", "{a}。"),),
    )
    with Engine(rule_packs=[_pack(rule)]) as built, pytest.raises(RulePackError) as caught:
        built.assess(SMALL, as_of=DAY)
    assert str(caught.value) == (
        "rule pack house, rule HOUSE-FILLED: the message of finding HOUSE_FILLED has 6,000 "
        "characters once filled in, more than the 4,000 a pack's text may"
    )


def test_a_remedy_value_too_long_is_the_pack_s_error() -> None:
    rule = _with_remedy("Employ {proposed}.")
    [spec] = rule.findings
    [remedy] = spec.remedies
    [proposal] = remedy.proposals
    long = attrs.evolve(proposal, value=lambda _s: "x" * 5000)
    broken = attrs.evolve(
        rule, findings=(attrs.evolve(spec, remedies=(attrs.evolve(remedy, proposals=(long,)),)),)
    )
    with Engine(rule_packs=[_pack(broken)]) as built, pytest.raises(RulePackError) as caught:
        built.plan(SMALL, as_of=DAY)
    assert "gave a value of 5,002 characters as JSON, more than the 4,000" in str(caught.value)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_tutorial_s_limits_at_assessment_are_the_engine_s(lang: str) -> None:
    said = []
    for rule, profile in (
        (_per_violation("ACME-EACH-VIOLATION", 16), _violations(17)),
        (_per_violation("ACME-PAIRS", 1, other=VIOLATION), _violations(40)),
    ):
        with (
            Engine(rule_packs=[_pack(rule, name="acme")]) as built,
            pytest.raises(RulePackError) as caught,
        ):
            built.assess(profile, as_of=DAY)
        said.append(caught.value.message_zh if lang == "zh" else str(caught.value))
    first = (
        "规则包“acme”的规则 ACME-EACH-VIOLATION"
        if lang == "zh"
        else "rule pack acme, rule ACME-EACH"
    )
    [block] = [b for b in _blocks(lang, "text") if b.startswith(first)]
    assert block.rstrip("\n").split("\n") == said


# ---------------------------------------------------------------- between packs


def _two_packs(first: Rule, second: Rule) -> RulePackError:
    """The error building an engine with ``first`` in pack ``acme`` and ``second`` in pack
    ``house`` raises: the second pack's rule is the one refused."""
    with pytest.raises(RulePackError) as refused:
        Engine(rule_packs=[_pack(first, name="acme"), _pack(second, name="house")])
    error = refused.value
    assert str(error).startswith("rule pack house, rule "), str(error)
    assert error.message_zh.startswith("规则包“house”的规则 "), error.message_zh
    return error


@pytest.mark.parametrize(
    ("second", "said", "said_zh"),
    [
        (
            _rule("ACME-NOTE", {"licence": LICENCE}, code="HOUSE_NOTE"),
            "the id is already used by rule pack acme",
            "该编号已被规则包“acme”使用",
        ),
        (
            _rule("HOUSE-NOTE", {"licence": LICENCE}, code="ACME_CODE"),
            "finding code ACME_CODE is already used by rule pack acme",
            "结论代码 ACME_CODE 已被规则包“acme”使用",
        ),
        (
            _rule("ACMENOTE", {"licence": LICENCE}, code="HOUSE_NOTE"),
            "ACMENOTE reads like rule pack acme's rule id ACME-NOTE (the same once case and "
            "separators are set aside)",
            "ACMENOTE 与规则包“acme”的规则编号 ACME-NOTE 只有大小写或分隔符之别",
        ),
        (
            _rule("HOUSE-NOTE", {"licence": LICENCE}, code="HOUSE_NOTE"),
            None,
            None,
        ),
        (
            _rule("HOUSE-NOTE", {"licence": LICENCE}, code="ACMENOTE"),
            "ACMENOTE reads like rule pack acme's rule id ACME-NOTE",
            "ACMENOTE 与规则包“acme”的规则编号 ACME-NOTE",
        ),
        (
            _rule("HOUSE-NOTE", {"licence": LICENCE}, code="A_CME_CODE"),
            "A_CME_CODE reads like rule pack acme's finding code ACME_CODE",
            "A_CME_CODE 与规则包“acme”的结论代码 ACME_CODE",
        ),
    ],
    ids=[
        "same-id",
        "same-code",
        "id-like-an-id",
        "different",
        "code-like-an-id",
        "code-like-a-code",
    ],
)
def test_a_pack_s_ids_and_codes_are_its_own_among_packs(
    second: Rule, said: str | None, said_zh: str | None
) -> None:
    # Before, only the law's ids and codes were checked for look-alikes.
    first = _rule("ACME-NOTE", {"licence": LICENCE}, code="ACME_CODE")
    if said is None:
        Engine(rule_packs=[_pack(first, name="acme"), _pack(second, name="house")]).close()
        return
    assert said_zh is not None
    error = _two_packs(first, second)
    assert said in str(error)
    assert said_zh in error.message_zh


def test_a_rule_and_its_own_finding_may_read_alike() -> None:
    # Within one pack, a rule and its finding are often named the same.
    with Engine(rule_packs=[_pack(_rule("HOUSE-NOTE", {"licence": LICENCE}))]) as built:
        assert "HOUSE_NOTE" in built.assess(SMALL, as_of=DAY).codes


@pytest.mark.parametrize(
    "version", ["1.0.0", "0.1", "2", "2.1rc1", "1.0.post2", "3.0.dev1", "1!2.0", "1.0+acme.3"]
)
def test_a_pep_440_version_is_accepted(version: str) -> None:
    assert RulePack("house", version, ()).version == version


@pytest.mark.parametrize(
    "version",
    ["", "v1.0", "1.0 ", "1.0\n", "01.0", "1.0.0-beta", "latest", "1." + "0" * 70, "1.0\u200b"],
)
def test_a_version_that_is_not_one_is_refused(version: str) -> None:
    # Before, any text was recorded in the audit record as the pack's version.
    with pytest.raises(RulePackError) as caught:
        RulePack("house", version, ())
    assert str(caught.value).startswith(
        f"rule pack house: version {version[:80]!r} is not a version"
    )
    assert caught.value.message_zh.startswith(f"规则包“house”：版本号 {version[:80]!r} 无效")


def test_a_version_that_is_not_text_is_refused() -> None:
    with pytest.raises(RulePackError, match="version int is not a version"):
        RulePack("house", 1, ())  # type: ignore[arg-type]


def test_the_web_page_marks_the_packs_findings_and_lists_its_rules(
    installed: Path, tmp_path: Path
) -> None:
    env = {"PYTHONPATH": os.pathsep.join([str(installed), *_pythonpath()])}
    server = Server(tmp_path, "--rule-pack", "acme", env=env)
    try:
        body = form_body(form_items(SMALL, lang="en", as_of=DAY.isoformat()))
        form = {"Content-Type": "application/x-www-form-urlencoded"}
        answer = server.request("POST", "/check", body, form)
        assert answer.status == 200, answer.body[:2000]
        html = answer.body.decode("utf-8")
        item = html[html.index('id="finding-ACME_TOO_FEW_INSURED_STAFF"') :]
        item = item[: item.index("</li>")]
        assert '<span class="pack">(rule pack acme)</span>' in item
        assert "acme==1.0.0" in html  # the audit record's configuration
        zh = server.request("POST", "/check?lang=zh", body, form).body.decode("utf-8")
        assert '<span class="pack">(规则包 acme)</span>' in zh
        law = server.request("GET", "/law?lang=en&q=ACME_").body.decode("utf-8")
        assert "rule pack acme==1.0.0" in law
        assert '<code class="code">ACME_TOO_FEW_INSURED_STAFF</code>' in law
    finally:
        assert server.stop() == 0, server.output()


def test_a_pack_rule_with_wording_values_is_refused_naming_it() -> None:
    # A wording function runs after the evaluation, outside the guard that names the pack
    # when its code fails: a pack gives every value through values=.
    rule = _rule("HOUSE-WORDING", {"company": COMPANY}, wording=lambda match, law: {"_note": "x"})
    with pytest.raises(RulePackError) as raised:
        Engine(rule_packs=[_pack(rule)])
    assert "HOUSE-WORDING" in str(raised.value)
    assert "wording=" in str(raised.value)
    assert "wording=" in raised.value.message_zh
