"""The installed command line, driven as a user would: subprocesses on real files."""

from __future__ import annotations

import datetime
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).parents[2] / "examples"
SCRIPT = Path(sys.executable).with_name("callcenter-rules")
DAY = "2024-06-01"


def run(
    *args: str, stdin: str | None = None, module: bool = False
) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "callcenter_rules"] if module else [str(SCRIPT)]
    return subprocess.run(
        [*command, *args], capture_output=True, text=True, input=stdin, timeout=300, check=False
    )


def test_the_entry_point_is_installed() -> None:
    assert SCRIPT.exists(), "install the package: pip install -e '.[test]'"
    done = run("--version")
    assert done.returncode == 0
    assert "callcenter-rules" in done.stdout


@pytest.mark.parametrize(
    "command", [[], ["assess"], ["batch"], ["rules"], ["schema"], ["checklist"]]
)
def test_every_command_has_help(command: list[str]) -> None:
    done = run(*command, "--help")
    assert done.returncode == 0
    assert "Usage:" in done.stdout


# ---------------------------------------------------------------- assess


@pytest.mark.parametrize(
    ("example", "as_of", "status", "code"),
    [
        ("nationwide_eligible.json", DAY, "eligible", 0),
        ("regional_capital_shortfall.json", DAY, "ineligible", 4),
        ("offshore_only.json", DAY, "eligible", 0),
        ("in_house_only.json", DAY, "not_required", 0),
        ("foreign_majority.json", "2019-07-29", "ineligible", 4),
        ("foreign_majority.json", "2019-07-30", "eligible", 0),
    ],
)
def test_examples_and_exit_codes(example: str, as_of: str, status: str, code: int) -> None:
    done = run("assess", str(EXAMPLES / example), "--as-of", as_of, "--format", "json")
    assert done.returncode == code, done.stderr
    assert json.loads(done.stdout)["status"] == status


def test_incomplete_exits_3(tmp_path: Path) -> None:
    profile = json.loads((EXAMPLES / "in_house_only.json").read_text(encoding="utf-8"))
    profile["activities"] = ["seat_rental"]
    path = tmp_path / "p.json"
    path.write_text(json.dumps(profile), encoding="utf-8")
    done = run("assess", str(path), "--as-of", DAY)
    assert done.returncode == 3
    assert "incomplete" in done.stdout
    assert "PROFESSIONAL_STAFF_UNKNOWN" in done.stdout


def test_short_form_and_module_form() -> None:
    example = str(EXAMPLES / "regional_capital_shortfall.json")
    short = run(example, "--as-of", DAY)
    module = run("assess", example, "--as-of", DAY, module=True)
    assert short.returncode == module.returncode == 4
    assert short.stdout == module.stdout


def test_text_report_in_english_and_chinese() -> None:
    example = str(EXAMPLES / "regional_capital_shortfall.json")
    english = run("assess", example, "--as-of", DAY)
    assert "Status:    ineligible" in english.stdout
    assert "Sichuan Communications Administration" in english.stdout
    assert "Blocking (1)" in english.stdout
    assert "to do: Raise registered capital by CNY 200,000.00" in english.stdout
    chinese = run("assess", example, "--as-of", DAY, "--lang", "zh")
    assert "不符合条件" in chinese.stdout
    assert "四川省通信管理局" in chinese.stdout
    assert "注册资本80万元低于省内经营最低限额100万元" in chinese.stdout
    assert "建议：请增加注册资本20万元" in chinese.stdout


def test_markdown_report() -> None:
    done = run(
        "assess", str(EXAMPLES / "nationwide_eligible.json"), "--as-of", DAY, "--format", "markdown"
    )
    assert done.returncode == 0
    assert done.stdout.startswith("# ")
    assert "## Notes" in done.stdout
    assert "- **LICENSE_NATIONWIDE**" in done.stdout


def test_bad_input_lists_fields_without_a_traceback() -> None:
    done = run("assess", "-", stdin=json.dumps({"name": "X", "service_provinces": ["Atlantis"]}))
    assert done.returncode == 2
    assert "service_provinces[0]: unknown province 'Atlantis'" in done.stderr
    assert "entity_type: is required" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["assess", "missing.json"], "cannot read"),
        (["assess", "-", "--as-of", "2015-01-01"], "2016-03-01"),
        (["assess", "-", "--as-of", "tomorrow"], "YYYY-MM-DD"),
        (["assess", "-", "--format", "pdf"], "pdf"),
        (["assess", "-", "--stdin", "yes"], "No such option"),
    ],
)
def test_usage_errors_exit_2(args: list[str], fragment: str) -> None:
    done = run(*args, stdin=(EXAMPLES / "offshore_only.json").read_text(encoding="utf-8"))
    assert done.returncode == 2
    assert fragment in done.stderr
    assert "Traceback" not in done.stderr


def test_invalid_json() -> None:
    done = run("assess", "-", stdin="{not json")
    assert done.returncode == 2
    assert "not valid JSON" in done.stderr


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ('{"name": "A", "name": "B"}', "duplicate key 'name'"),
        ('{"professional_staff": ' + "9" * 5000 + "}", "professional_staff: is out of range"),
        ('{"registered_capital_cny": 1e999999}', "registered_capital_cny: is out of range"),
        ("[" * 100_000, "nested more than 64 levels"),
        ('{"registered_capital_cny": NaN}', "NaN is not a JSON number"),
    ],
)
def test_hostile_json_is_exit_2_with_a_message(text: str, fragment: str) -> None:
    # In 0.1.0 the last one wins, huge numbers exited 1 with a traceback.
    done = run("assess", "-", stdin=text)
    assert done.returncode == 2
    assert fragment in done.stderr
    assert "Traceback" not in done.stderr


def test_invalid_utf8_is_exit_2(tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    path.write_bytes(b'{"name": "\xff"}')
    done = run("assess", str(path))
    assert done.returncode == 2
    assert "not valid UTF-8 (byte 0xff at offset 10)" in done.stderr


def test_json_numbers_are_read_as_written(tmp_path: Path) -> None:
    profile = json.loads((EXAMPLES / "nationwide_eligible.json").read_text(encoding="utf-8"))
    profile["registered_capital_cny"] = 0
    text = json.dumps(profile).replace(
        '"registered_capital_cny": 0', '"registered_capital_cny": 9999999.9999999999999999'
    )
    done = run("assess", "-", "--as-of", DAY, "--format", "json", stdin=text)
    assert done.returncode == 4
    assert "CAPITAL_BELOW_MINIMUM" in done.stdout


# ---------------------------------------------------------------- batch


def _profile_lines(count: int) -> list[str]:
    # Split on "\n" only: names may hold characters str.splitlines() also breaks at.
    lines = (EXAMPLES / "batch_1000.jsonl").read_text(encoding="utf-8").rstrip("\n").split("\n")
    return [lines[i % len(lines)] for i in range(count)]


def test_batch_keeps_every_row_in_order_with_bad_rows_in_the_middle(tmp_path: Path) -> None:
    lines = _profile_lines(30)
    lines[9] = "{broken json"
    lines[14] = json.dumps({"name": "No fields"})
    lines[19] = json.dumps({**json.loads(lines[19]), "registered_province": "Hong Kong"})
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    output = tmp_path / "out.jsonl"
    done = run("batch", str(source), "-o", str(output), "--as-of", DAY)
    assert done.returncode == 0, done.stderr
    records = [
        json.loads(line) for line in output.read_text(encoding="utf-8").rstrip("\n").split("\n")
    ]
    assert [r["row"] for r in records] == list(range(1, 31))
    errors = {r["row"]: r["error"] for r in records if "error" in r}
    assert set(errors) == {10, 15, 20}
    assert errors[10]["type"] == "invalid_json"
    assert errors[15]["type"] == "invalid_profile"
    assert {"path": "entity_type", "message": "is required"} in errors[15]["errors"]
    assert errors[20]["errors"][0]["path"] == "registered_province"
    assert "rows assessed: 30" in done.stderr
    assert "errors:        3" in done.stderr
    assert "rows/s" in done.stderr


def test_two_workers_give_the_same_output_as_one(tmp_path: Path) -> None:
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    source = str(EXAMPLES / "batch_1000.jsonl")
    assert run("batch", source, "-o", str(one), "--as-of", DAY).returncode == 0
    assert run("batch", source, "-o", str(two), "--as-of", DAY, "--workers", "2").returncode == 0
    assert one.read_bytes() == two.read_bytes()
    assert one.read_bytes().count(b"\n") == 1000


def test_a_batch_with_a_cache_writes_the_same_lines(tmp_path: Path) -> None:
    plain, cached = tmp_path / "plain.jsonl", tmp_path / "cached.jsonl"
    source = tmp_path / "in.jsonl"
    lines = _profile_lines(5)
    source.write_text("\n".join(lines * 8) + "\n", encoding="utf-8")
    assert run("batch", str(source), "-o", str(plain), "--as-of", DAY).returncode == 0
    done = run("batch", str(source), "-o", str(cached), "--as-of", DAY, "--cache", "3")
    assert done.returncode == 0, done.stderr
    assert cached.read_bytes() == plain.read_bytes()
    assert cached.read_bytes().count(b"\n") == 40
    refused = run("batch", str(source), "-o", str(tmp_path / "x.jsonl"), "--cache", "-1")
    assert refused.returncode == 2
    assert "--cache" in refused.stderr
    assert not (tmp_path / "x.jsonl").exists()


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM])
def test_an_interrupted_batch_resumes_to_the_uninterrupted_output(
    tmp_path: Path, stop: signal.Signals
) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(_profile_lines(3000)) + "\n", encoding="utf-8")
    full, partial = tmp_path / "full.jsonl", tmp_path / "partial.jsonl"
    assert (
        run("batch", str(source), "-o", str(full), "--as-of", DAY, "--workers", "2").returncode == 0
    )

    process = subprocess.Popen(
        [str(SCRIPT), "batch", str(source), "-o", str(partial), "--as-of", DAY],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while (not partial.exists() or partial.stat().st_size < 20_000) and time.monotonic() < deadline:
        time.sleep(0.05)
    process.send_signal(stop)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 130, stderr
    assert "--resume" in stderr
    written = partial.read_bytes()
    assert written.endswith(b"\n")
    rows = written.count(b"\n")
    assert 0 < rows < 3000
    # A torn last line, as a kill -9 could leave, is dropped on resume.
    partial.write_bytes(written + b'{"row": ')

    again = run("batch", str(source), "-o", str(partial), "--as-of", DAY, "--resume")
    assert again.returncode == 0, again.stderr
    assert f"after {rows} already written" in again.stderr
    assert partial.read_bytes() == full.read_bytes()


def test_the_resume_command_repeats_what_changes_the_lines() -> None:
    from callcenter_rules.cli.batch import resume_command

    day = datetime.date(2024, 6, 1)
    assert resume_command(["callcenter-rules"], "in.csv", "out.csv", day) == [
        "callcenter-rules", "batch", "in.csv", "-o", "out.csv", "--as-of", "2024-06-01",
        "--resume",
    ]  # fmt: skip
    assert resume_command(
        [sys.executable, "-m", "callcenter_rules"],
        "-",
        "out.csv",
        day,
        input_format="csv",
        encoding="gbk",
        workers=4,
        with_plan=True,
        detail="summary",
        output_format="csv",
        configuration=["--config", "house.toml", "--rule-pack", "acme"],
        lang="zh",
    ) == [
        sys.executable, "-m", "callcenter_rules", "batch", "-", "-o", "out.csv",
        "--as-of", "2024-06-01", "--resume", "--input-format", "csv", "--encoding", "gbk",
        "--workers", "4", "--plan", "--detail", "summary", "--output-format", "csv",
        "--config", "house.toml", "--rule-pack", "acme", "--lang", "zh",
    ]  # fmt: skip


def test_batch_refuses_to_overwrite_rows_without_being_told(tmp_path: Path) -> None:
    output = tmp_path / "out.jsonl"
    output.write_text('{"row": 1}\n', encoding="utf-8")
    done = run("batch", str(EXAMPLES / "batch_1000.jsonl"), "-o", str(output))
    assert done.returncode == 2
    assert "--resume" in done.stderr


def test_resume_refuses_an_output_from_another_batch(tmp_path: Path) -> None:
    output = tmp_path / "out.jsonl"
    output.write_text('{"row": 7}\n', encoding="utf-8")
    done = run("batch", str(EXAMPLES / "batch_1000.jsonl"), "-o", str(output), "--resume")
    assert done.returncode == 2
    assert "cannot resume" in done.stderr


def test_csv_input(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text(
        "name,entity_type,registered_capital_cny,registered_province,service_provinces,activities,"
        "violations,professional_staff,has_premises_and_facilities,has_technical_plan,"
        "long_term_service_capability,on_dishonesty_list\n"
        "Alpha,limited_liability_company,12000000,上海,Shanghai;Jiangsu,inbound_customer_service;seat_rental,none,40,true,true,true,false\n"
        "Beta,branch,5000000,Beijing,Beijing,telemarketing,company:2016-01-01:resale,3,true,,true,false\n"
        "Gamma,limited_liability_company,abc,Beijing,Atlantis,seat_rental,,ten,maybe,true,true,false\n",
        encoding="utf-8",
    )
    output = tmp_path / "out.jsonl"
    done = run("batch", str(source), "-o", str(output), "--as-of", "2017-01-01")
    assert done.returncode == 0, done.stderr
    records = [
        json.loads(line) for line in output.read_text(encoding="utf-8").rstrip("\n").split("\n")
    ]
    assert records[0]["assessment"]["status"] == "eligible"
    assert records[0]["assessment"]["license_type"] == "nationwide"
    codes = {f["code"] for f in records[1]["assessment"]["findings"]}
    assert {"NOT_A_COMPANY", "RECENT_VIOLATION", "TECHNICAL_PLAN_UNKNOWN"} <= codes
    paths = {e["path"] for e in records[2]["error"]["errors"]}
    assert paths == {
        "registered_capital_cny",
        "service_provinces[0]",
        "professional_staff",
        "has_premises_and_facilities",
    }


# ---------------------------------------------------------------- rules, schema, checklist


def test_rules_lists_every_rule() -> None:
    from callcenter_rules.law import RULES

    done = run("rules", "--format", "json")
    assert done.returncode == 0
    listed = json.loads(done.stdout)
    assert [r["id"] for r in listed] == [r.id for r in RULES]
    for rule in listed:
        assert rule["sources"]
        assert rule["confidence"] in {"H", "M-H", "M", "L-M", "L"}
        assert rule["period"]
    text = run("rules")
    assert "CAPITAL-NATIONWIDE" in text.stdout
    assert "from 2017-09-01" in text.stdout


@pytest.mark.parametrize("name", ["profile", "assessment"])
def test_schema_command_prints_the_committed_schema(name: str) -> None:
    from callcenter_rules.schema import committed_schema

    done = run("schema", name)
    assert done.returncode == 0
    assert json.loads(done.stdout) == committed_schema(name)


def test_checklist_for_a_nationwide_applicant_with_a_95_number() -> None:
    done = run("checklist", str(EXAMPLES / "nationwide_eligible.json"), "--as-of", DAY)
    assert done.returncode == 0
    assert re.search(
        r"\[legal\] +Signed application form stating the service type \(B24-1\)", done.stdout
    )
    assert "Ministry of Industry and Information Technology" in done.stdout
    assert re.search(r"\[practice\] +95 number application", done.stdout)
    data = json.loads(
        run("checklist", str(EXAMPLES / "nationwide_eligible.json"), "--format", "json").stdout
    )
    assert {item["basis"] for item in data["items"]} == {"legal", "practice"}


def test_checklist_for_a_regional_applicant_and_for_no_licence() -> None:
    regional = run("checklist", str(EXAMPLES / "regional_capital_shortfall.json"), "--lang", "zh")
    assert "四川省通信管理局" in regional.stdout
    assert "95" not in regional.stdout
    none = run("checklist", str(EXAMPLES / "in_house_only.json"))
    assert none.returncode == 0
    assert "No call-center licence is required" in none.stdout


def test_assess_explain() -> None:
    done = run(
        "assess", str(EXAMPLES / "regional_capital_shortfall.json"), "--as-of", DAY, "--explain"
    )
    assert done.returncode == 4
    # The report as without --explain (header, findings, advice), with the derivation.
    assert "Status:    ineligible" in done.stdout
    assert "[CAPITAL_BELOW_MINIMUM]" in done.stdout
    assert "to do: Raise registered capital" in done.stdout
    assert "<- by rule CAPITAL-REGIONAL" in done.stdout
    assert "<- by rule LICENSE-REGIONAL" in done.stdout
    as_json = json.loads(
        run(
            "assess",
            str(EXAMPLES / "regional_capital_shortfall.json"),
            "--format",
            "json",
            "--explain",
        ).stdout
    )
    assert as_json["trace"]["steps"]


# ---------------------------------------------------------------- what cannot be written

#: Every command that writes to standard output, with what it needs (batch reports its own
#: output, tested with the batch).
WRITERS = [
    ["assess", str(EXAMPLES / "regional_capital_shortfall.json"), "--as-of", DAY],
    ["assess", str(EXAMPLES / "regional_capital_shortfall.json"), "--format", "json"],
    ["plan", str(EXAMPLES / "regional_capital_shortfall.json"), "--as-of", DAY],
    ["checklist", str(EXAMPLES / "regional_capital_shortfall.json"), "--as-of", DAY],
    ["rules"],
    ["parameters", "--format", "json"],
    ["schema", "assessment"],
]


def _to(stdout: int, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(SCRIPT), *args],
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.mark.parametrize("args", WRITERS, ids=lambda args: " ".join(Path(a).name for a in args))
def test_a_full_disk_is_a_message_and_exit_2(args: list[str]) -> None:
    with open("/dev/full", "w", encoding="utf-8") as full:
        done = _to(full.fileno(), *args)
    assert done.returncode == 2
    assert done.stderr == "Error: cannot write standard output: No space left on device\n"


@pytest.mark.parametrize("args", WRITERS, ids=lambda args: " ".join(Path(a).name for a in args))
def test_a_closed_pipe_is_a_message_and_exit_2(args: list[str]) -> None:
    read, write = os.pipe()
    os.close(read)  # nobody reads: every write fails with EPIPE
    try:
        done = _to(write, *args)
    finally:
        os.close(write)
    assert done.returncode == 2
    assert done.stderr == "Error: cannot write standard output: Broken pipe\n"


def test_an_output_that_cannot_be_written_is_said_in_chinese() -> None:
    with open("/dev/full", "w", encoding="utf-8") as full:
        done = _to(full.fileno(), "rules", "--lang", "zh")
    assert done.returncode == 2
    assert done.stderr == "错误：无法写入标准输出：磁盘空间不足\n"
    read, write = os.pipe()
    os.close(read)
    try:
        done = _to(write, "parameters", "--lang", "zh")
    finally:
        os.close(write)
    assert (done.returncode, done.stderr) == (2, "错误：无法写入标准输出：管道已断开\n")


def test_help_on_a_full_disk_is_a_message_too() -> None:
    with open("/dev/full", "w", encoding="utf-8") as full:
        done = _to(full.fileno(), "assess", "--help")
    assert done.returncode == 2
    assert done.stderr == "Error: cannot write standard output: No space left on device\n"


# ---------------------------------------------------------------- a rule pack that fails

_FAULTY = """
from callcenter_rules.packs import COMPANY, LICENCE, Confidence, Document, FindingSpec
from callcenter_rules.packs import Provision, Rule, RulePack, Severity, Source, capability

SOURCES = (Source(Provision(Document("Memo", "备忘录"), "1", "一。"), "F-1", Confidence.HIGH),)


def ratio(match, law):
    return {"ratio": 100 // (match["company"]["professional_staff"] - 40)}


def lookup(situation):
    raise LookupError("no staff table")


def values():
    return RulePack("faulty-values", "1.0", [Rule(
        id="FAULTY-RATIO", summary="A ratio.", summary_zh="比例。", sources=SOURCES,
        when={"licence": LICENCE, "company": COMPANY.professional_staff > 0}, values=ratio,
        findings=(FindingSpec("FAULTY_RATIO", Severity.INFO, "Ratio {ratio}.", "比例{ratio}。"),),
    )])


REMEDY = capability("professional_staff", 100, "Employ {proposed}.", "配备{proposed}人。")


def remedy():
    import attrs

    broken = attrs.evolve(REMEDY, proposals=(attrs.evolve(REMEDY.proposals[0], value=lookup),))
    return RulePack("faulty-remedy", "1.0", [Rule(
        id="FAULTY-STAFF", summary="Staff.", summary_zh="员工。", sources=SOURCES,
        when={"licence": LICENCE, "company": COMPANY.professional_staff < 100},
        findings=(FindingSpec("FAULTY_STAFF", Severity.BLOCKING, "Staff.", "员工。",
                              remedies=(broken,)),),
    )])
"""


@pytest.fixture(scope="module")
def faulty(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The environment of a command line on which two packs are installed whose own code
    fails: a values function (for 40 staff) and a remedy's value function."""
    place = tmp_path_factory.mktemp("faulty-packs")
    (place / "callcenter_rules_faulty.py").write_text(_FAULTY, encoding="utf-8")
    info = place / "callcenter_rules_faulty-0.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: callcenter-rules-faulty\nVersion: 0.0\n", encoding="utf-8"
    )
    (info / "entry_points.txt").write_text(
        "[callcenter_rules.rule_packs]\n"
        "faulty-values = callcenter_rules_faulty:values\n"
        "faulty-remedy = callcenter_rules_faulty:remedy\n",
        encoding="utf-8",
    )
    path = os.pathsep.join([str(place), *filter(None, [os.environ.get("PYTHONPATH")])])
    return {**os.environ, "PYTHONPATH": path, "PYTHONDONTWRITEBYTECODE": "1"}


def _staff(tmp_path: Path, staff: int) -> str:
    profile = json.loads((EXAMPLES / "nationwide_eligible.json").read_text(encoding="utf-8"))
    path = tmp_path / f"staff-{staff}.json"
    path.write_text(json.dumps({**profile, "professional_staff": staff}), encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("command", ["assess", "checklist", "plan"])
def test_a_pack_rule_that_fails_is_named_with_exit_2(
    faulty: dict[str, str], tmp_path: Path, command: str
) -> None:
    args = [str(SCRIPT), command, "--as-of", DAY, "--rule-pack", "faulty-values"]
    fine = subprocess.run(
        [*args, _staff(tmp_path, 41)], env=faulty, capture_output=True, text=True, check=False
    )
    assert fine.returncode in (0, 4), fine.stderr
    for lang, said in (
        ("en", "Error: rule pack faulty-values, rule FAULTY-RATIO: its values function failed: "
               "ZeroDivisionError: integer division or modulo by zero\n"),
        ("zh", "错误：规则包“faulty-values”的规则 FAULTY-RATIO：其 values 函数出错："
               "ZeroDivisionError: integer division or modulo by zero\n"),
    ):  # fmt: skip
        done = subprocess.run(
            [*args, _staff(tmp_path, 40), "--lang", lang],
            env=faulty,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 2
        assert done.stderr == said
        assert done.stdout == ""


def test_a_pack_remedy_that_fails_is_named_with_exit_2(
    faulty: dict[str, str], tmp_path: Path
) -> None:
    args = [_staff(tmp_path, 5), "--as-of", DAY, "--rule-pack", "faulty-remedy"]
    assessed = subprocess.run(
        [str(SCRIPT), "assess", *args], env=faulty, capture_output=True, text=True, check=False
    )
    assert assessed.returncode == 4, assessed.stderr
    done = subprocess.run(
        [str(SCRIPT), "plan", *args], env=faulty, capture_output=True, text=True, check=False
    )
    assert done.returncode == 2
    assert done.stderr == (
        "Error: rule pack faulty-remedy, rule FAULTY-STAFF: the value function of remedy 1 "
        "(professional_staff) of finding FAULTY_STAFF failed: LookupError: no staff table\n"
    )


# ---------------------------------------------------------------- --lang everywhere

_CHINESE = re.compile("[\u4e00-\u9fff]")


def test_the_program_takes_lang_for_its_help() -> None:
    done = run("--lang", "zh", "--help")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("用法：callcenter-rules [选项] 命令 [参数]...")
    assert "--lang [en|zh]  各命令的输出和提示信息的语言" in done.stdout
    english = run("--lang", "en", "--help")
    assert english.returncode == 0
    assert "--lang [en|zh]  Language of every command's output and messages" in english.stdout


@pytest.mark.parametrize(
    "args",
    [
        ["assess", str(EXAMPLES / "regional_capital_shortfall.json"), "--as-of", DAY],
        [str(EXAMPLES / "regional_capital_shortfall.json"), "--as-of", DAY],
        ["plan", str(EXAMPLES / "regional_capital_shortfall.json"), "--as-of", DAY],
        ["checklist", str(EXAMPLES / "regional_capital_shortfall.json"), "--as-of", DAY],
        ["rules"],
        ["parameters"],
    ],
    ids=lambda args: Path(args[0]).name,
)
def test_the_program_s_lang_applies_to_every_command_and_the_command_s_own_wins(
    args: list[str],
) -> None:
    chinese = run("--lang", "zh", *args)
    assert chinese.returncode in (0, 4), chinese.stderr
    assert _CHINESE.search(chinese.stdout)
    english = run("--lang", "zh", *args, "--lang", "en")
    assert english.returncode == chinese.returncode
    assert english.stdout == run(*args, "--lang", "en").stdout
    assert english.stdout != chinese.stdout


def test_the_program_s_lang_applies_to_batch(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(_profile_lines(3)) + "\n", encoding="utf-8")
    done = run("--lang", "zh", "batch", str(source), "-o", str(tmp_path / "out.jsonl"))
    assert done.returncode == 0, done.stderr
    assert _CHINESE.search(done.stderr), done.stderr
    english = run("--lang", "en", "batch", str(source), "-o", str(tmp_path / "en.jsonl"))
    assert not _CHINESE.search(english.stderr), english.stderr


def test_schema_takes_lang() -> None:
    from callcenter_rules.schema import committed_schema

    done = run("schema", "profile", "--lang", "zh")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == committed_schema("profile")
    refused = run("--lang", "en", "schema", "bogus", "--lang", "zh")
    assert refused.returncode == 2
    assert (
        "错误：参数 {profile|assessment|plan|licence} 的值无效：“bogus”不是可选值之一"
        in refused.stderr
    )
    help_zh = run("schema", "--help", "--lang", "zh")
    assert "--lang [en|zh]" in help_zh.stdout
    assert "提示信息的语言" in help_zh.stdout


def test_the_options_commands_share_read_the_same_everywhere() -> None:
    # Declared once: every command with one of these options gives it the same English
    # and Chinese help, the same type and the same metavar (serve included).
    from callcenter_rules.cli import HELP_ZH, cli

    shared = {"as_of", "fmt", "workers", "config_file", "policy", "param", "rule_pack"}
    seen: dict[str, list[tuple[object, ...]]] = {}
    for name, command in cli.commands.items():
        for param in command.params:
            if param.name in shared:
                help_zh = HELP_ZH[f"{name}.{param.name}"]
                said = (name, param.help, help_zh, type(param.type), param.metavar)
                seen.setdefault(param.name, []).append(said)
    assert {"workers", "config_file", "policy", "param", "rule_pack"} <= {
        param.name for param in cli.commands["serve"].params
    }
    for option, found in seen.items():
        assert len({said[1:] for said in found}) == 1, (option, found)


def test_every_option_of_the_program_and_its_commands_has_chinese_help() -> None:
    import click

    from callcenter_rules.cli import HELP_ZH, cli

    missing = []
    for name, command in [("callcenter-rules", cli), *cli.commands.items()]:
        ctx = click.Context(command, **cli.context_settings)  # as the program builds it
        for param in command.get_params(ctx):
            if param is command.get_help_option(ctx) or param.name == "version":
                continue
            if f"{name}.{param.name}" not in HELP_ZH:
                missing.append(f"{name}.{param.name}")
    assert missing == []
    assert "lang" in {param.name for param in cli.params}
    assert "lang" in {param.name for param in cli.commands["schema"].params}
