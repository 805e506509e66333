"""One configuration, every door: the same policy and parameter overrides give the same
assessments through the Python API, ``assess`` on the command line, ``batch`` with one and
with two workers, and the JSON service; and a configuration file is read or refused as
documented."""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from callcenter_rules import Engine, Policy
from callcenter_rules.batch import run_batch
from callcenter_rules.cli import cli
from callcenter_rules.config import Config, ConfigError
from callcenter_rules.testing.strategies import profiles
from servers import Server

from conftest import BASE_PROFILE

DAY = datetime.date(2024, 6, 1)
#: Configurations that change answers: a stricter reading of the in-house hotline, a higher
#: regional minimum (a value and a dated entry), and both.
CONFIGURATIONS = {
    "default": "",
    "policy": "[policy]\nin_house_hotline_is_b24 = true\n",
    "parameter": '[parameters]\n"capital_minimum.regional" = "2000000"\n',
    "both": (
        "[policy]\nin_house_hotline_is_b24 = true\n"
        '[parameters]\n"capital_minimum.regional" = {"2020-01-01" = "5000000"}\n'
    ),
}
ENV = {"LANG": "", "LC_ALL": "", "LC_MESSAGES": ""}


class Door:
    """One configuration file, and a server started with it."""

    def __init__(self, folder: Path, text: str) -> None:
        self.folder = folder
        self.file = folder / "config.toml"
        self.file.write_text(text, "utf-8")
        self.config = Config.from_file(self.file)
        self.server = Server(folder, "--config", str(self.file))


@pytest.fixture(scope="module")
def doors(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Door]]:
    opened: dict[str, Door] = {}
    try:
        for name, text in CONFIGURATIONS.items():
            opened[name] = Door(tmp_path_factory.mktemp(name), text)
        yield opened
    finally:
        for door in opened.values():
            door.server.stop()


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


@pytest.mark.parametrize("which", sorted(CONFIGURATIONS))
@settings(
    max_examples=2,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(batch=st.lists(profiles(), min_size=6, max_size=12))
def test_the_same_configuration_gives_the_same_answers_through_every_door(
    doors: dict[str, Door], batch: list[dict[str, Any]], which: str, tmp_path: Path
) -> None:
    door = doors[which]
    folder = tmp_path / f"run-{len(list(tmp_path.iterdir()))}"
    folder.mkdir()
    source = folder / "in.jsonl"
    # As a file holds them: amounts (Decimal) as decimal strings.
    batch = [json.loads(json.dumps(p, ensure_ascii=False, default=str)) for p in batch]
    source.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in batch), "utf-8")

    # The Python API.
    with door.config.engine() as engine:
        expected = [engine.assess(profile, as_of=DAY).to_dict() for profile in batch]
    assert all(e["audit"]["configuration"] == engine.configuration for e in expected)

    # batch, with one and with two workers, through the command line and the Python API.
    for workers in (1, 2):
        output = folder / f"cli-{workers}.jsonl"
        done = CliRunner().invoke(
            cli,
            ["batch", str(source), "-o", str(output), "--as-of", DAY.isoformat(),
             "--workers", str(workers), "--config", str(door.file)],
            env=ENV,
        )  # fmt: skip
        assert done.exit_code == 0, done.output
        assert [line["assessment"] for line in _lines(output)] == expected
    api_output = folder / "api.jsonl"
    run_batch(source, api_output, as_of=DAY, workers=2, config=door.config)
    assert [line["assessment"] for line in _lines(api_output)] == expected

    # assess on the command line, for the first profile.
    first = folder / "first.json"
    first.write_text(json.dumps(batch[0], ensure_ascii=False), "utf-8")
    done = CliRunner().invoke(
        cli,
        ["assess", str(first), "--format", "json", "--as-of", DAY.isoformat(),
         "--config", str(door.file)],
        env=ENV,
    )  # fmt: skip
    assert done.exit_code in {0, 3, 4}, done.output
    assert json.loads(done.stdout) == expected[0]

    # The service: /v1/assess and /v1/batch.
    answer = door.server.post("/v1/assess", first.read_bytes(), as_of=DAY.isoformat())
    assert answer.status == 200, answer
    assert answer.json() == expected[0]
    answer = door.server.post(
        "/v1/batch", source.read_bytes(), "application/x-ndjson", as_of=DAY.isoformat()
    )
    assert answer.status == 200, answer
    served = [json.loads(line) for line in answer.body.decode("utf-8").splitlines()]
    assert [line["assessment"] for line in served] == expected


def test_the_configurations_differ_where_the_law_lets_them(doors: dict[str, Door]) -> None:
    # Without this, the property above could pass with every door ignoring the file.
    hotline = {
        **BASE_PROFILE,
        "registered_capital_cny": "1500000",
        "registered_province": "Sichuan",
        "service_provinces": ["Sichuan"],
        "activities": ["in_house_hotline"],
    }
    regional = {**hotline, "activities": ["inbound_customer_service"]}
    answers = {}
    for name, door in doors.items():
        with door.config.engine() as engine:
            answers[name] = (
                engine.assess(hotline, as_of=DAY).status.value,
                engine.assess(regional, as_of=DAY).status.value,
            )
    assert answers["default"] == ("not_required", "eligible")
    assert answers["policy"][0] != "not_required"
    assert answers["parameter"] == ("not_required", "ineligible")
    assert answers["both"][1] == "ineligible"


def test_a_configuration_file_is_read_as_documented(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text(CONFIGURATIONS["both"], "utf-8")
    config = Config.from_file(path)
    assert config.policy == Policy(in_house_hotline_is_b24=True)
    assert config.parameters == {"capital_minimum.regional": {"2020-01-01": "5000000"}}
    assert config.rule_packs == ()
    with config.engine() as engine, Engine(policy=config.policy) as plain:
        assert engine.ruleset_hash != plain.ruleset_hash


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("rule_pack = ['x']\n", "rule_pack"),
        ("[policy]\nin_house_hotline_is_b24 = 'maybe'\n", "in_house_hotline_is_b24"),
        ("[policy]\nno_such = true\n", "no_such"),
        ('[parameters]\n"capital_minimum.regional" = "lots"\n', "capital_minimum.regional"),
        ('[parameters]\n"capital_minimum.regionl" = "1"\n', "capital_minimum.regional"),
        ("rule_packs = ['no-such-pack']\n", "no-such-pack"),
        ("not toml at all [\n", "TOML"),
    ],
)
def test_a_bad_configuration_is_refused_naming_the_entry(
    tmp_path: Path, text: str, says: str
) -> None:
    path = tmp_path / "c.toml"
    path.write_text(text, "utf-8")
    with pytest.raises(ConfigError) as caught:
        Config.from_file(path).check()
    assert says in str(caught.value)
    assert caught.value.message_zh
    assert caught.value.message_zh != str(caught.value)
    # The command line refuses it the same way, with exit code 2 and nothing written.
    output = tmp_path / "out.jsonl"
    source = tmp_path / "in.jsonl"
    source.write_text("{}\n", "utf-8")
    done = CliRunner().invoke(
        cli,
        ["batch", str(source), "-o", str(output), "--as-of", DAY.isoformat(),
         "--config", str(path)],
        env=ENV,
    )  # fmt: skip
    assert done.exit_code == 2, done.output
    assert says in done.output
    assert not output.exists()


@pytest.mark.parametrize("given", ["B11,B21", "[B11, B21]", "B11;B21", "['B11', 'B21']"])
def test_a_list_of_codes_can_be_given_as_text(given: str) -> None:
    config = Config().with_options(parameters=(f"foreign_equity.capped_services={given}",))
    with config.engine() as engine:
        assert engine.parameters.value("foreign_equity.capped_services", DAY) == ("B11", "B21")


@pytest.mark.parametrize("given", ["", "[]", "b11", "B11,,B21", "B 11"])
def test_a_list_of_codes_that_is_not_one_is_refused(given: str) -> None:
    config = Config().with_options(parameters=(f"foreign_equity.capped_services={given}",))
    with pytest.raises(ConfigError, match=r"foreign_equity\.capped_services"):
        config.check()


def test_an_audit_record_cannot_change_the_engine_s_configuration() -> None:
    with Engine(policy=Policy(in_house_hotline_is_b24=True)) as engine:
        first = engine.assess(BASE_PROFILE, as_of=DAY).to_dict()
        first["audit"]["configuration"]["policy"]["in_house_hotline_is_b24"] = False
        again = engine.assess(BASE_PROFILE, as_of=DAY)
        assert again.audit.configuration["policy"] == {"in_house_hotline_is_b24": True}
        assert engine.configuration["policy"] == {"in_house_hotline_is_b24": True}


def test_the_same_values_written_differently_are_one_configuration(tmp_path: Path) -> None:
    # A batch started with --param and resumed with a file giving the same value as a
    # number is the same batch: the configuration is recorded in one canonical form.
    as_text = Config().with_options(
        parameters=("capital_minimum.regional=2000000.00", "foreign_equity.capped_services=B11,B21")
    )
    path = tmp_path / "c.toml"
    path.write_text(
        '[parameters]\n"capital_minimum.regional" = 2000000\n'
        '"foreign_equity.capped_services" = ["B11", "B21"]\n',
        "utf-8",
    )
    as_numbers = Config.from_file(path)
    with as_text.engine() as one, as_numbers.engine() as two:
        assert one.configuration == two.configuration
        assert one.configuration["parameters"] == {
            "capital_minimum.regional": "2000000",
            "foreign_equity.capped_services": ["B11", "B21"],
        }
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps(BASE_PROFILE) + "\n", "utf-8")
    output = tmp_path / "out.jsonl"
    run_batch(source, output, as_of=DAY, config=as_text)
    source.write_text(json.dumps(BASE_PROFILE) + "\n", "utf-8")
    summary = run_batch(source, output, as_of=DAY, config=as_numbers, resume=True)
    assert summary.skipped == 1
    assert summary.rows == 0


# ---------------------------------------------------------------- amounts, read one way


@pytest.mark.parametrize("given", ["2,000,000", "2_000_000", "2000000.00", " 2000000 "])
def test_a_parameter_amount_is_read_as_a_profile_amount(tmp_path: Path, given: str) -> None:
    path = tmp_path / "c.toml"
    path.write_text(f'[parameters]\n"capital_minimum.regional" = "{given}"\n', "utf-8")
    configs = [
        Config().with_options(parameters=(f"capital_minimum.regional={given}",)),
        Config.from_file(path),
        Config(parameters={"capital_minimum.regional": given}),
    ]
    for config in configs:
        with config.check().engine() as engine:
            assert engine.configuration["parameters"] == {"capital_minimum.regional": "2000000"}
    with Engine(parameters={"capital_minimum.regional": given}) as engine:
        assert engine.parameters.value("capital_minimum.regional", DAY) == 2_000_000


@pytest.mark.parametrize(
    ("name", "given"),
    [("capital_minimum.regional", "-1"), ("capital_minimum.regional", -1),
     ("violation_record.lookback", "-1"), ("violation_record.lookback", -1)],
)  # fmt: skip
def test_a_negative_parameter_is_refused_as_negative(name: str, given: Any) -> None:
    with pytest.raises(ValueError, match="must not be negative") as caught:
        Engine(parameters={name: given})
    assert "whole number" not in str(caught.value)
    assert "不能为负数" in caught.value.message_zh  # type: ignore[attr-defined]
    done = CliRunner().invoke(
        cli, ["parameters", "--param", f"{name}={given}", "--lang", "zh"], env=ENV
    )
    assert done.exit_code == 2
    assert "不能为负数" in done.output


def test_a_misplaced_separator_in_a_parameter_says_where(tmp_path: Path) -> None:
    done = CliRunner().invoke(
        cli, ["parameters", "--param", "capital_minimum.regional=2,00,000"], env=ENV
    )
    assert done.exit_code == 2
    assert "misplaced separator" in done.output


# ---------------------------------------------------------------- files that cannot be read


@pytest.mark.parametrize(
    ("target", "reason_zh"), [("missing.toml", "没有这个文件或目录"), (".", "这是一个目录")]
)
def test_a_config_file_that_cannot_be_read_is_said_in_chinese(
    tmp_path: Path, target: str, reason_zh: str
) -> None:
    path = tmp_path / target
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps(BASE_PROFILE) + "\n", "utf-8")
    for command in (
        ["batch", str(source), "-o", str(tmp_path / "out.jsonl")],
        ["assess", str(tmp_path / "none.json")],
    ):
        done = CliRunner().invoke(cli, [*command, "--lang", "zh", "--config", str(path)], env=ENV)
        assert done.exit_code == 2
        assert f"错误：无法读取配置文件 {path}：{reason_zh}" in done.output


def test_a_config_file_that_is_not_utf8_is_said_in_both_languages(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_bytes(b"rule_packs = ['\xff']\n")
    with pytest.raises(ConfigError, match="not UTF-8") as caught:
        Config.from_file(path)
    assert "不是 UTF-8 文本" in caught.value.message_zh


def test_a_token_file_that_cannot_be_read_is_said_in_chinese(tmp_path: Path) -> None:
    done = CliRunner().invoke(
        cli, ["serve", "--lang", "zh", "--token-file", str(tmp_path / "missing")], env=ENV
    )
    assert done.exit_code == 2, done.output
    assert f"无法读取令牌文件 {tmp_path / 'missing'}：没有这个文件或目录" in done.output
