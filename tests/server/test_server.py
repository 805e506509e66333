"""The JSON service (``callcenter-rules serve``): the real server in a subprocess on
127.0.0.1, talked to over HTTP with the standard library's client.

What is checked: every endpoint answers what the command line prints for the same profile
and configuration, byte for byte; every refusal has its status code and a JSON body; bad
input never gives a 500 (a Hypothesis test over bodies and queries); the batch streams one
line per input row, in order; the token, the loopback rule, two workers, and a graceful
stop on SIGTERM.
"""

from __future__ import annotations

import concurrent.futures
import datetime
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from callcenter_rules import Engine, InvalidProfile, Policy
from callcenter_rules.cli import HELP_ZH, cli
from callcenter_rules.schema import SCHEMA_NAMES, committed_schema, render
from callcenter_rules.testing.strategies import invalid_profiles, profiles
from servers import (
    BATCH_LINES,
    DAY,
    EXAMPLES,
    LIMIT,
    OPTIONS,
    TOKEN,
    Server,
    cli_output,
    error_of,
    example_bytes,
    needs_server,
    workers,
)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    folder = tmp_path_factory.mktemp("serve")
    token_file = folder / "token"
    token_file.write_text(TOKEN + "\n", "utf-8")
    running = Server(
        folder, *OPTIONS, "--body-limit", str(LIMIT), "--token-file", str(token_file), token=TOKEN
    )
    yield running
    assert running.stop() == 0, running.output()


# ---------------------------------------------------------------- the command, without a server


def test_the_help_lists_serve_with_its_chinese_help() -> None:
    done = CliRunner().invoke(cli, ["--help"], env={"LANG": ""})
    assert done.exit_code == 0
    assert "serve" in done.output
    command = cli.commands["serve"]
    for param in command.params:
        assert HELP_ZH[f"serve.{param.name}"]
    assert HELP_ZH["serve"]


def test_the_old_module_of_the_serve_command_still_gives_its_names() -> None:
    import callcenter_rules.cli.serve as serve
    import callcenter_rules.serve_cli as old

    assert old.__all__
    for name in old.__all__:
        assert getattr(old, name) is getattr(serve, name), name


def test_the_command_line_does_not_import_the_server() -> None:
    # In a fresh interpreter where the extra cannot be imported: the help works and lists
    # serve; serve says what to install and exits 2.
    blocked = "import sys; sys.modules['starlette'] = sys.modules['uvicorn'] = None; "
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            blocked + "from callcenter_rules.cli import main; sys.exit(main(['--help']))",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "serve" in done.stdout
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            blocked
            + "from callcenter_rules.cli import main; sys.exit(main(['serve', '--lang', 'en']))",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert 'pip install "callcenter-rules[serve]"' in done.stderr
    assert "Traceback" not in done.stderr
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, callcenter_rules.cli; print('starlette' in sys.modules, 'uvicorn' in sys.modules)",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.stdout.split() == ["False", "False"]


@needs_server
@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--host", "0.0.0.0"], "--allow-remote"),
        (["--host", "::"], "not a loopback address"),
        (["--host", "192.0.2.1"], "not a loopback address"),
        (["--token-file", "missing-token"], "cannot read the token file"),
        (["--policy", "no_such_policy=true"], "unknown policy"),
        (["--policy", "in_house_hotline_is_b24"], "NAME=VALUE"),
        (["--param", "capital_minimum.regional=lots"], "capital_minimum.regional"),
        (["--param", "no.such.parameter=1"], "no.such.parameter"),
        (["--rule-pack", "no-such-pack"], "no-such-pack"),
        (["--config", "missing.toml"], "missing.toml"),
        (["--port", "70000"], "70000"),
        (["--workers", "0"], "0"),
        (["--body-limit", "0"], "0"),
    ],
)
def test_bad_options_exit_2_without_starting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], expected: str
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CALLCENTER_RULES_TOKEN", raising=False)
    done = CliRunner().invoke(cli, ["serve", *args, "--lang", "en"], env={"LANG": ""})
    assert done.exit_code == 2, done.output
    assert expected in done.output
    assert "Traceback" not in done.output


@needs_server
def test_a_short_token_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "token").write_text("short\n", "utf-8")
    done = CliRunner().invoke(
        cli, ["serve", "--token-file", str(tmp_path / "token"), "--lang", "en"]
    )
    assert done.exit_code == 2
    assert "16 or more" in done.output
    monkeypatch.setenv(
        "CALLCENTER_RULES_TOKEN", "with spaces inside it, which a header cannot carry"
    )
    done = CliRunner().invoke(cli, ["serve", "--lang", "en"])
    assert done.exit_code == 2
    assert "CALLCENTER_RULES_TOKEN" in done.output


@needs_server
def test_the_remote_refusal_speaks_chinese(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CALLCENTER_RULES_TOKEN", raising=False)
    done = CliRunner().invoke(cli, ["serve", "--host", "0.0.0.0", "--lang", "zh"])
    assert done.exit_code == 2
    assert "不是本机回环地址" in done.output


@needs_server
def test_an_address_in_use_exits_1(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        done = subprocess.run(
            [sys.executable, "-m", "callcenter_rules", "serve", "--port", port, "--lang", "en"],
            capture_output=True,
            text=True,
            timeout=60,
            cwd=tmp_path,
            env={k: v for k, v in os.environ.items() if k != "CALLCENTER_RULES_TOKEN"},
        )
    assert done.returncode == 1, done.stderr
    assert "could not start" in done.stderr
    assert "Traceback" not in done.stderr


def test_loopback_addresses() -> None:
    from callcenter_rules.cli.serve import _is_loopback

    for host in ("127.0.0.1", "127.8.9.10", "::1", "[::1]", "localhost"):
        assert _is_loopback(host), host
    for host in ("0.0.0.0", "::", "192.0.2.1", "10.0.0.1", "2001:db8::1"):
        assert not _is_loopback(host), host


# ---------------------------------------------------------------- the same answers as the command line


@needs_server
@pytest.mark.parametrize(
    "example",
    [
        "nationwide_eligible.json",
        "in_house_only.json",
        "regional_capital_shortfall.json",
        "foreign_majority.json",
    ],
)
def test_assess_is_byte_for_byte_the_command_line_json(
    server: Server, tmp_path: Path, example: str
) -> None:
    answer = server.post("/v1/assess", example_bytes(example), as_of=DAY)
    assert answer.status == 200, answer
    assert answer.headers["content-type"] == "application/json"
    assert answer.body == cli_output(
        "assess", str(EXAMPLES / example), "--format", "json", "--as-of", DAY, *OPTIONS
    )
    # The configuration made a difference (a server that ignored it would not match).
    assert answer.body != cli_output(
        "assess", str(EXAMPLES / example), "--format", "json", "--as-of", DAY
    )


@needs_server
def test_assess_with_trace_is_the_explained_json(server: Server) -> None:
    answer = server.post("/v1/assess", example_bytes("in_house_only.json"), as_of=DAY, trace="true")
    assert answer.status == 200
    assert "trace" in answer.json()
    expected = cli_output(
        "assess",
        str(EXAMPLES / "in_house_only.json"),
        "--format",
        "json",
        "--as-of",
        DAY,
        "--explain",
        *OPTIONS,
    )
    assert answer.body == expected


@needs_server
def test_plan_is_byte_for_byte_the_command_line_json(server: Server) -> None:
    for example in ("regional_capital_shortfall.json", "foreign_majority.json"):
        answer = server.post("/v1/plan", example_bytes(example), as_of=DAY)
        assert answer.status == 200
        assert answer.body == cli_output(
            "plan", str(EXAMPLES / example), "--format", "json", "--as-of", DAY, *OPTIONS
        )


HOLDERS = EXAMPLES / "holders"
HOLDER_DAY = "2025-06-01"


def _review_body(with_profile: bool) -> bytes:
    licence = json.loads((HOLDERS / "licence.json").read_text(encoding="utf-8"))
    profile = json.loads((HOLDERS / "profile.json").read_text(encoding="utf-8"))
    body = {"licence": licence, "profile": profile if with_profile else None}
    return json.dumps(body, ensure_ascii=False).encode("utf-8")


@needs_server
@pytest.mark.parametrize("with_profile", [False, True])
def test_review_is_byte_for_byte_the_command_line_json(server: Server, with_profile: bool) -> None:
    answer = server.post("/v1/review", _review_body(with_profile), as_of=HOLDER_DAY)
    assert answer.status == 200, answer
    assert answer.headers["content-type"] == "application/json"
    profile = ["--profile", str(HOLDERS / "profile.json")] if with_profile else []
    command = ["review", str(HOLDERS / "licence.json"), *profile, "--format", "json"]
    assert answer.body == cli_output(*command, "--as-of", HOLDER_DAY, *OPTIONS)
    assert (answer.json()["assessment"] is not None) is with_profile


@needs_server
def test_review_refuses_bad_input_naming_every_bad_field(server: Server) -> None:
    both = server.post(
        "/v1/review", b'{"licence": {"number": "x"}, "profile": {"name": "A"}}', as_of=HOLDER_DAY
    )
    error = error_of(both, 422, "invalid_licence")
    paths = {item["path"] for item in error["errors"]}
    assert {"licence.number", "licence.scopes", "profile.entity_type"} <= paths
    licence = json.loads((HOLDERS / "licence.json").read_text(encoding="utf-8"))
    profile_only = json.dumps({"licence": licence, "profile": {"name": "A"}}).encode()
    error = error_of(server.post("/v1/review", profile_only), 422, "invalid_profile")
    assert "profile.activities" in {item["path"] for item in error["errors"]}
    for body in (b"[]", b"{}", b'{"licence": null}', b'{"licence": {}, "more": 1}'):
        error_of(server.post("/v1/review", body), 422, "invalid_licence")
    good = _review_body(False)
    error = error_of(server.post("/v1/review", good, as_of="2017-08-31"), 422, "unsupported_date")
    assert "2017-09-01" in error["message"]
    error_of(server.post("/v1/review", good, trace="true"), 422, "invalid_query")
    error_of(server.post("/v1/review", b"{"), 400, "invalid_json")
    error_of(
        server.post("/v1/review", good, content_type="text/plain"), 415, "unsupported_media_type"
    )
    chinese = server.post("/v1/review", b"{}", lang="zh")
    assert "licence：为必填项" in chinese.json()["error"]["message_zh"]


@needs_server
def test_as_of_defaults_to_today(server: Server) -> None:
    before = datetime.date.today().isoformat()
    answer = server.post("/v1/assess", example_bytes("nationwide_eligible.json"))
    after = datetime.date.today().isoformat()
    assert answer.status == 200
    assert answer.json()["as_of"] in {before, after}


@needs_server
def test_rules_parameters_and_schemas_are_the_command_lines(server: Server) -> None:
    answer = server.request("GET", "/v1/rules")
    assert answer.status == 200
    assert answer.body == cli_output("rules", "--format", "json", *OPTIONS)
    answer = server.request("GET", "/v1/parameters")
    assert answer.status == 200
    assert answer.body == cli_output("parameters", "--format", "json", *OPTIONS)
    regional = next(p for p in answer.json() if p["name"] == "capital_minimum.regional")
    assert "2000000" in json.dumps(regional)
    for name in SCHEMA_NAMES:
        answer = server.request("GET", f"/v1/schemas/{name}")
        assert answer.status == 200
        # The file shipped in the package, byte for byte.
        assert answer.body.decode("utf-8") == render(committed_schema(name))


@needs_server
def test_healthz_names_the_rules_and_the_configuration(server: Server) -> None:
    answer = server.request("GET", "/healthz")
    assert answer.status == 200
    health = answer.json()
    with Engine(
        policy=Policy(in_house_hotline_is_b24=True),
        parameters={"capital_minimum.regional": "2000000"},
    ) as engine:
        assert health == {
            "status": "ok",
            "version": health["version"],
            "ruleset_hash": engine.ruleset_hash,
            "configuration": engine.configuration,
        }
    from callcenter_rules import __version__

    assert health["version"] == __version__


# ---------------------------------------------------------------- refusals


@needs_server
@pytest.mark.parametrize(
    ("body", "kind"),
    [
        (b"{not json", "invalid_json"),
        (b'{"name": "a", "name": "b"}', "invalid_json"),
        (b'{"registered_capital_cny": NaN}', "invalid_json"),
        (b"", "invalid_json"),
        (b"[" * 100 + b"]" * 100, "invalid_json"),
        (b'{"name": "\xff"}', "invalid_encoding"),
    ],
)
def test_malformed_json_is_400(server: Server, body: bytes, kind: str) -> None:
    for path in ("/v1/assess", "/v1/plan"):
        error_of(server.post(path, body, as_of=DAY), 400, kind)


@needs_server
def test_the_token_is_required(server: Server) -> None:
    for headers in (
        {},
        {"Authorization": f"Bearer {TOKEN}x"},
        {"Authorization": f"Basic {TOKEN}"},
        {"Authorization": "Bearer"},
    ):
        for method, path in (
            ("GET", "/healthz"),
            ("GET", "/v1/rules"),
            ("POST", "/v1/assess"),
            ("GET", "/nowhere"),
        ):
            answer = server.request(
                method,
                path,
                example_bytes("nationwide_eligible.json"),
                {"Content-Type": "application/json", **headers},
                authorised=False,
            )
            error = error_of(answer, 401, "unauthorized")
            assert answer.headers["www-authenticate"].startswith("Bearer")
            assert "Bearer" in error["message"]
    # The scheme is case-insensitive, as HTTP says.
    assert (
        server.request(
            "GET", "/healthz", headers={"Authorization": f"bearer {TOKEN}"}, authorised=False
        ).status
        == 200
    )


@needs_server
def test_unknown_paths_are_404_and_wrong_methods_405(server: Server) -> None:
    error_of(server.request("GET", "/v1/nothing"), 404, "not_found")
    error_of(server.request("GET", "/v1/schemas/nothing"), 404, "not_found")
    answer = server.request("GET", "/v1/assess")
    error_of(answer, 405, "method_not_allowed")
    assert answer.headers["allow"] == "POST"
    error_of(
        server.request("POST", "/healthz", b"{}", {"Content-Type": "application/json"}),
        405,
        "method_not_allowed",
    )
    error_of(server.request("DELETE", "/v1/batch"), 405, "method_not_allowed")


@needs_server
def test_a_body_over_the_limit_is_413(server: Server) -> None:
    profile = example_bytes("nationwide_eligible.json")
    # Exactly at the limit is accepted (JSON allows the spaces).
    at_limit = b" " * (LIMIT - len(profile)) + profile
    assert server.post("/v1/assess", at_limit, as_of=DAY).status == 200
    error_of(server.post("/v1/assess", b" " + at_limit, as_of=DAY), 413, "body_too_large")
    error_of(server.post("/v1/plan", b" " + at_limit, as_of=DAY), 413, "body_too_large")


@needs_server
def test_the_limit_is_checked_while_the_body_arrives(server: Server) -> None:
    # A chunked body that never ends: the answer comes once the limit is passed.
    with socket.create_connection(("127.0.0.1", server.port), timeout=20) as conn:
        conn.sendall(
            b"POST /v1/assess HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            b"Transfer-Encoding: chunked\r\nAuthorization: Bearer " + TOKEN.encode() + b"\r\n\r\n"
        )
        chunk = b" " * 8192
        for _ in range(LIMIT // len(chunk) + 2):
            conn.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        answer = b""
        while b'"body_too_large"' not in answer:
            data = conn.recv(65536)
            assert data, answer
            answer += data
    assert answer.startswith(b"HTTP/1.1 413 "), answer[:200]


@needs_server
@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("/v1/assess", None),
        ("/v1/assess", "text/plain"),
        ("/v1/assess", "application/x-ndjson"),
        ("/v1/assess", "application/json; charset=latin-1"),
        ("/v1/plan", "application/xml"),
        ("/v1/batch", "application/json"),
        ("/v1/batch", None),
    ],
)
def test_a_wrong_content_type_is_415(server: Server, path: str, content_type: str | None) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    error_of(
        server.request("POST", path, example_bytes("nationwide_eligible.json"), headers),
        415,
        "unsupported_media_type",
    )


@needs_server
def test_charset_utf8_and_a_byte_order_mark_are_accepted(server: Server) -> None:
    body = b"\xef\xbb\xbf" + example_bytes("nationwide_eligible.json")
    answer = server.post("/v1/assess", body, "application/json; charset=UTF-8", as_of=DAY)
    assert answer.status == 200


@needs_server
def test_an_invalid_profile_is_422_with_the_errors_of_invalid_profile(server: Server) -> None:
    data = json.loads(example_bytes("nationwide_eligible.json"))
    data["service_provinces"] = ["Beijing", "Atlantis"]
    del data["entity_type"]
    with pytest.raises(InvalidProfile) as raised, Engine() as engine:
        engine.assess(data, as_of=datetime.date(2024, 6, 1))
    for path in ("/v1/assess", "/v1/plan"):
        error = error_of(
            server.post(path, json.dumps(data).encode(), as_of=DAY), 422, "invalid_profile"
        )
        assert error["errors"] == [{"path": p, "message": m} for p, m in raised.value.errors]
        assert error["errors_zh"] == [{"path": p, "message": m} for p, m in raised.value.errors_zh]
        assert error["message"] == str(raised.value)
        assert error["message_zh"] == raised.value.describe("zh")
    answer = server.post("/v1/assess", json.dumps(data).encode(), as_of=DAY, lang="zh")
    assert answer.json()["error"]["message"] == raised.value.describe("zh")
    assert answer.headers["content-language"] == "zh"
    error_of(server.post("/v1/assess", b"[]", as_of=DAY), 422, "invalid_profile")


@needs_server
@pytest.mark.parametrize(
    ("query", "kind", "name"),
    [
        ({"as_of": "2024-13-01"}, "invalid_query", "as_of"),
        ({"as_of": "20240601"}, "invalid_query", "as_of"),
        ({"as_of": "yesterday"}, "invalid_query", "as_of"),
        ({"as_of": "2015-12-31"}, "unsupported_date", "as_of"),
        ({"lang": "fr"}, "invalid_query", "lang"),
        ({"trace": "yes"}, "invalid_query", "trace"),
        ({"asof": DAY}, "invalid_query", "asof"),
    ],
)
def test_a_bad_query_is_422(server: Server, query: dict[str, str], kind: str, name: str) -> None:
    error = error_of(
        server.post("/v1/assess", example_bytes("nationwide_eligible.json"), **query), 422, kind
    )
    assert [item["path"] for item in error["errors"]] == [name]
    assert [item["path"] for item in error["errors_zh"]] == [name]


@needs_server
def test_a_parameter_given_twice_is_422(server: Server) -> None:
    answer = server.request(
        "POST",
        f"/v1/assess?as_of={DAY}&as_of={DAY}",
        example_bytes("nationwide_eligible.json"),
        {"Content-Type": "application/json"},
    )
    error_of(answer, 422, "invalid_query")
    error_of(server.request("GET", "/v1/rules?detail=full"), 422, "invalid_query")


# ---------------------------------------------------------------- the batch


def _batch(server: Server, body: bytes, **query: str) -> list[dict[str, Any]]:
    answer = server.post("/v1/batch", body, "application/x-ndjson", **query)
    assert answer.status == 200, answer
    assert answer.headers["content-type"] == "application/x-ndjson"
    lines = answer.body.split(b"\n")
    assert lines[-1] == b""
    return [json.loads(line) for line in lines[:-1]]


@needs_server
def test_the_batch_gives_one_line_per_row_in_order(server: Server) -> None:
    rows = BATCH_LINES[:40]
    body = (
        b"".join(rows[:10])
        + b"{not json\n\n   \n"
        + b"".join(rows[10:20])
        + b'{"name": "x"}\n'
        + b"".join(rows[20:]).rstrip(b"\n")
    )
    lines = _batch(server, body, as_of=DAY)
    assert [line["row"] for line in lines] == list(range(1, 43))
    assert lines[10]["error"] == {
        "type": "invalid_json",
        "line": 11,
        "errors": [
            {
                "path": "",
                "message": "line 11 is not valid JSON: Expecting property name enclosed in double quotes (line 1, column 2)",
            }
        ],
        "errors_zh": [
            {
                "path": "",
                "message": "第11行不是有效的 JSON：此处应为用双引号括起的字段名（第1行第2列）",
            }
        ],
    }
    assert lines[21]["error"]["type"] == "invalid_profile"
    assert lines[21]["error"]["line"] == 24
    # Each assessment is the one /v1/assess gives for the same profile.
    for line, source in ((lines[0], rows[0]), (lines[14], rows[13]), (lines[39], rows[37])):
        single = server.post("/v1/assess", source, as_of=DAY)
        if single.status == 200:
            assert line["assessment"] == single.json()
        else:
            assert line["error"]["errors"] == single.json()["error"]["errors"]


@needs_server
def test_the_batch_lines_are_the_command_lines(server: Server, tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_bytes(b"".join(BATCH_LINES[:30]) + b"{oops\n")
    output = tmp_path / "out.jsonl"
    done = CliRunner().invoke(
        cli, ["batch", str(source), "-o", str(output), "--as-of", DAY, "--plan", *OPTIONS]
    )
    assert done.exit_code == 0, done.output
    answer = server.post(
        "/v1/batch", source.read_bytes(), "application/jsonl", as_of=DAY, plan="true"
    )
    assert answer.body == output.read_bytes()


@needs_server
def test_the_batch_summary_and_plan(server: Server) -> None:
    lines = _batch(server, b"".join(BATCH_LINES[:5]), as_of=DAY, detail="summary", plan="true")
    assert [line["row"] for line in lines] == [1, 2, 3, 4, 5]
    assert all("plan_options" in line and "status" in line for line in lines)
    lines = _batch(server, b"".join(BATCH_LINES[:3]), as_of=DAY, plan="true")
    assert all(set(line) == {"row", "assessment", "plan"} for line in lines)
    error_of(
        server.post("/v1/batch", b"", "application/x-ndjson", detail="brief"), 422, "invalid_query"
    )
    error_of(
        server.post("/v1/batch", b"", "application/x-ndjson", as_of="2010-01-01"),
        422,
        "unsupported_date",
    )
    assert _batch(server, b"", as_of=DAY) == []


@needs_server
def test_a_line_over_the_limit_is_an_error_line_and_the_batch_goes_on(server: Server) -> None:
    long = b'{"name": "' + b"x" * LIMIT + b'"}\n'
    body = b"\xef\xbb\xbf" + BATCH_LINES[0] + long + b" " * (LIMIT + 5) + b"\n" + BATCH_LINES[1]
    lines = _batch(server, body, as_of=DAY)
    assert [line["row"] for line in lines] == [1, 2, 3]
    assert "assessment" in lines[0]
    assert lines[1]["error"]["type"] == "line_too_long"
    assert lines[1]["error"]["line"] == 2
    # A line of spaces, however long, is blank: skipped, as the command line skips it.
    assert "assessment" in lines[2]
    assert server.request("GET", "/healthz").status == 200


@needs_server
def test_the_batch_streams(server: Server) -> None:
    # The first line of the answer arrives before the request ends.
    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as conn:
        conn.sendall(
            b"POST /v1/batch?as_of=" + DAY.encode() + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\n"
            b"Authorization: Bearer " + TOKEN.encode() + b"\r\n\r\n"
        )
        first = BATCH_LINES[0]
        conn.sendall(b"%x\r\n%s\r\n" % (len(first), first))
        received = b""
        while b'{"row":1,' not in received:
            data = conn.recv(65536)
            assert data, received
            received += data
        assert received.startswith(b"HTTP/1.1 200 ")
        rest = b"".join(BATCH_LINES[1:4])
        conn.sendall(b"%x\r\n%s\r\n0\r\n\r\n" % (len(rest), rest))
        while not received.endswith(b"\r\n0\r\n\r\n"):
            data = conn.recv(65536)
            assert data, received
            received += data
    body = _dechunk(received.split(b"\r\n\r\n", 1)[1])
    assert [json.loads(line)["row"] for line in body.splitlines()] == [1, 2, 3, 4]


def _dechunk(data: bytes) -> bytes:
    out = b""
    while True:
        size_line, data = data.split(b"\r\n", 1)
        size = int(size_line, 16)
        if size == 0:
            return out
        out += data[:size]
        data = data[size + 2 :]


# ---------------------------------------------------------------- OpenAPI


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from _refs(item)


def _resolve(document: dict[str, Any], ref: str) -> Any:
    assert ref.startswith("#/"), ref
    node: Any = document
    for part in ref[2:].split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


@needs_server
def test_the_openapi_document(server: Server) -> None:
    answer = server.request("GET", "/openapi.json")
    assert answer.status == 200
    document = answer.json()
    assert document["openapi"] == "3.1.0"
    assert set(document["paths"]) == {
        "/v1/assess",
        "/v1/plan",
        "/v1/review",
        "/v1/batch",
        "/v1/rules",
        "/v1/parameters",
        "/v1/schemas/{name}",
        "/healthz",
        "/openapi.json",
    }
    for ref in _refs(document):
        _resolve(document, ref)
    statuses = {"200", "401", "404", "405", "500"}
    for item in document["paths"].values():
        for operation in item.values():
            assert statuses <= set(operation["responses"]), operation["operationId"]
    for status in ("400", "413", "415", "422"):
        assert status in document["paths"]["/v1/assess"]["post"]["responses"]
    assert document["security"] == [{"bearer": []}]
    # The shipped schemas, as they are but for their $id and the base of their $refs.
    profile = committed_schema("profile")
    component = document["components"]["schemas"]["Profile"]
    assert component["properties"].keys() == profile["properties"].keys()
    assert component["required"] == profile["required"]
    # The answers validate against the document's schemas.
    root = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "components": document["components"],
    }

    def check(name: str, instance: Any) -> None:
        jsonschema.Draft202012Validator({**root, "$ref": f"#/components/schemas/{name}"}).validate(
            instance
        )

    check(
        "Assessment",
        server.post(
            "/v1/assess", example_bytes("nationwide_eligible.json"), as_of=DAY, trace="true"
        ).json(),
    )
    check(
        "Plan",
        server.post("/v1/plan", example_bytes("regional_capital_shortfall.json"), as_of=DAY).json(),
    )
    check("Profile", json.loads(example_bytes("nationwide_eligible.json")))
    for with_profile in (False, True):
        body = _review_body(with_profile)
        check("ReviewRequest", json.loads(body))
        check("Review", server.post("/v1/review", body, as_of=HOLDER_DAY).json())
    check("Error", server.post("/v1/review", b"{}").json())
    check("Error", server.post("/v1/assess", b"{}", as_of=DAY).json())
    check("Health", server.request("GET", "/healthz").json())
    for line in _batch(server, b"".join(BATCH_LINES[:3]) + b"{\n", as_of=DAY, plan="true"):
        check("BatchLine", line)
    for rule in server.request("GET", "/v1/rules").json():
        check("Rule", rule)
    for parameter in server.request("GET", "/v1/parameters").json():
        check("Parameter", parameter)
    try:
        from openapi_spec_validator import validate
    except ImportError:
        return
    validate(document)


@needs_server
def test_every_batch_line_is_described_by_the_openapi_document(server: Server) -> None:
    # Every shape of line the batch writes (full, with a plan, summary, summary with a
    # plan, each kind of error line) validates against BatchLine, and every field of it is
    # one that BatchLine declares, so that a generated client can read it.
    document = server.request("GET", "/openapi.json").json()
    schemas = document["components"]["schemas"]
    batch_line = schemas["BatchLine"]
    validator = jsonschema.Draft202012Validator(
        {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "components": document["components"],
            "$ref": "#/components/schemas/BatchLine",
        }
    )
    body = (
        b"".join(BATCH_LINES[:4])
        + b"{not json\n"
        + b'{"name": "\xff"}\n'
        + b'{"name": "x"}\n'
        + b'{"name": "'
        + b"x" * LIMIT
        + b'"}\n'
    )
    seen: set[str] = set()
    for query in (
        {},
        {"plan": "true"},
        {"detail": "summary"},
        {"detail": "summary", "plan": "true"},
    ):
        lines = _batch(server, body, as_of=DAY, **query)
        assert [line["row"] for line in lines] == list(range(1, 9))
        for line in lines:
            validator.validate(line)
            assert set(line) <= set(batch_line["properties"]), sorted(line)
            if "error" in line:
                error_fields = batch_line["properties"]["error"]["properties"]
                assert set(line["error"]) <= set(error_fields), line["error"]
                seen.add(line["error"]["type"])
            else:
                seen.add("+".join(sorted(line)))
    assert {"invalid_json", "invalid_encoding", "invalid_profile", "line_too_long"} <= seen
    assert {"assessment+row", "assessment+plan+row"} <= seen
    assert any("plan_options" in kind for kind in seen)
    assert any("status" in kind and "plan_options" not in kind for kind in seen)
    # A batch error line may carry errors_zh, the same errors in Chinese.
    validator.validate(
        {
            "row": 1,
            "error": {
                "type": "invalid_json",
                "line": 1,
                "errors": [{"path": "", "message": "line 1 is not valid JSON"}],
                "errors_zh": [{"path": "", "message": "第1行不是有效的 JSON"}],
            },
        }
    )


def test_a_line_whose_plan_failed_is_described_by_the_openapi_document(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A plan that fails (a defect) leaves the row its assessment and a plan_error; both
    # details' shapes of that line validate against BatchLine.
    from callcenter_rules import batch as batch_module
    from callcenter_rules.server import openapi_document

    def failing(self: Engine, profile: Any, **kwargs: Any) -> Any:
        raise KeyError("unknown placeholder 'amount_cny'")

    monkeypatch.setattr(Engine, "plan", failing)
    components = openapi_document()["components"]
    validator = jsonschema.Draft202012Validator(
        {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "components": components,
            "$ref": "#/components/schemas/BatchLine",
        }
    )
    row = batch_module.Row(1, json.loads(BATCH_LINES[0]), line=1)
    with Engine() as engine:
        for detail in ("full", "summary"):
            job = batch_module.Job(detail=detail, plan=True)
            line = batch_module.record(engine, row, datetime.date.fromisoformat(DAY), job)
            assert "plan_error" in line, line
            assert "plan" not in line, line
            validator.validate(line)


# ---------------------------------------------------------------- no 500 for bad input

_JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=5)
    ),
    max_leaves=20,
)
_BASE = json.loads((EXAMPLES / "nationwide_eligible.json").read_text("utf-8"))
_FIELDS = [*sorted(_BASE), "registered_zone", "violations", "foreign_equity_percent", "unknown"]


def _encoded(value: Any) -> bytes:
    return json.dumps(value, default=str, ensure_ascii=False).encode("utf-8", "surrogatepass")


_BODIES = st.one_of(
    st.binary(max_size=300),
    st.text(max_size=200).map(lambda text: text.encode("utf-8", "surrogatepass")),
    _JSON_VALUES.map(_encoded),
    profiles().map(_encoded),
    invalid_profiles().map(lambda pair: _encoded(pair[0])),
    st.builds(
        lambda field, value: _encoded({**_BASE, field: value}),
        st.sampled_from(_FIELDS),
        _JSON_VALUES,
    ).filter(lambda body: len(body) < LIMIT),
    st.sampled_from(
        [
            b"NaN",
            b"-Infinity",
            b'{"a": 1, "a": 1}',
            b"1e999999",
            b"9" * 5000,
            b"[" * 70 + b"]" * 70,
            b"\xef\xbb\xbf{}",
            b'"\\ud800"',
        ]
    ),
)
_QUERIES = st.fixed_dictionaries(
    {},
    optional={
        "as_of": st.text(max_size=12),
        "lang": st.sampled_from(["en", "zh", "", "EN"]),
        "trace": st.sampled_from(["true", "false", "1"]),
    },
)
_ERROR_TYPES = {
    "invalid_json",
    "invalid_encoding",
    "invalid_profile",
    "invalid_query",
    "unsupported_date",
}


@needs_server
@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.function_scoped_fixture,
        HealthCheck.data_too_large,
    ],
)
@given(body=_BODIES, query=_QUERIES, path=st.sampled_from(["/v1/assess", "/v1/plan"]))
def test_bad_input_never_gives_a_500(
    server: Server, body: bytes, query: dict[str, str], path: str
) -> None:
    if path == "/v1/plan":
        query.pop("trace", None)
    answer = server.post(path, body, **query)
    assert answer.status in {200, 400, 422}, answer
    data = answer.json()
    if answer.status != 200:
        assert data["error"]["type"] in _ERROR_TYPES
        assert data["error"]["message"]
        assert data["error"]["message_zh"]


@needs_server
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.function_scoped_fixture,
        HealthCheck.data_too_large,
    ],
)
@given(
    rows=st.lists(_BODIES.map(lambda body: body.replace(b"\n", b" ")), max_size=8),
    separator=st.sampled_from([b"\n", b"\r\n"]),
)
def test_a_bad_batch_row_is_an_error_line(
    server: Server, rows: list[bytes], separator: bytes
) -> None:
    body = separator.join(rows)
    expected = 0
    for number, raw in enumerate(body.split(b"\n"), start=1):
        if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        expected += bool(raw.strip())
    lines = _batch(server, body, as_of=DAY)
    assert [line["row"] for line in lines] == list(range(1, expected + 1))
    for line in lines:
        assert "assessment" in line or line["error"]["type"] in {
            "invalid_json",
            "invalid_encoding",
            "invalid_profile",
        }, line


# ---------------------------------------------------------------- workers and stopping


@needs_server
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="counts worker processes in /proc")
def test_two_workers_each_with_an_engine(tmp_path: Path) -> None:
    token = secrets.token_hex(16)
    server = Server(tmp_path, "--workers", "2", env={"CALLCENTER_RULES_TOKEN": token}, token=token)
    try:
        assert len(workers(server)) == 2
        expected = cli_output(
            "assess", str(EXAMPLES / "in_house_only.json"), "--format", "json", "--as-of", DAY
        )
        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            answers = list(
                pool.map(
                    lambda _: server.post(
                        "/v1/assess", example_bytes("in_house_only.json"), as_of=DAY
                    ),
                    range(40),
                )
            )
        assert {answer.status for answer in answers} == {200}
        assert {answer.body for answer in answers} == {expected}
        # The batch lines are the command line's, byte for byte.
        source = tmp_path / "in.jsonl"
        source.write_bytes(b"".join(BATCH_LINES[:30]) + b"{oops\n\n" + BATCH_LINES[30])
        for flags, query in (
            ([], {}),
            (["--plan"], {"plan": "true"}),
            (["--detail", "summary"], {"detail": "summary"}),
        ):
            output = tmp_path / "out.jsonl"
            done = CliRunner().invoke(
                cli,
                ["batch", str(source), "-o", str(output), "--as-of", DAY, "--overwrite", *flags],
            )
            assert done.exit_code == 0, done.output
            answer = server.post(
                "/v1/batch", source.read_bytes(), "application/jsonl", as_of=DAY, **query
            )
            assert answer.status == 200
            assert answer.body == output.read_bytes()
        # The token from the environment is required.
        assert server.request("GET", "/healthz", authorised=False).status == 401
    finally:
        assert server.stop() == 0, server.output()


@needs_server
def test_sigterm_answers_the_request_in_flight_then_exits_0(tmp_path: Path) -> None:
    server = Server(tmp_path)
    rows = BATCH_LINES[:200]
    connection = server.connection()
    connection.request(
        "POST",
        f"/v1/batch?as_of={DAY}&plan=true",
        body=b"".join(rows),
        headers={"Content-Type": "application/x-ndjson"},
    )
    response = connection.getresponse()
    assert response.status == 200
    first = response.readline()
    assert json.loads(first)["row"] == 1
    server.process.send_signal(signal.SIGTERM)
    rest = response.read()
    connection.close()
    lines = [first, *rest.splitlines()]
    assert [json.loads(line)["row"] for line in lines] == list(range(1, 201))
    assert server.process.wait(timeout=30) == 0, server.output()
    assert "Shutting down" in server.output()
