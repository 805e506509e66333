"""The JSON service's real server for the tests: a subprocess on 127.0.0.1
(`Server`), the bundled examples and the helpers the service's and the command line's tests
share."""

from __future__ import annotations

import http.client
import importlib.util
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import urlencode

import pytest
from click.testing import CliRunner

from callcenter_rules.cli import cli

ROOT = Path(__file__).parents[1]
EXAMPLES = ROOT / "examples"
DAY = "2024-06-01"
#: The configuration of the module's server: not the default, so that a server that
#: ignored it would answer differently from the command line given the same options.
OPTIONS = [
    "--policy",
    "in_house_hotline_is_b24=true",
    "--param",
    "capital_minimum.regional=2000000",
]
LIMIT = 100_000
TOKEN = secrets.token_urlsafe(24)
BATCH_LINES = (EXAMPLES / "batch_1000.jsonl").read_bytes().splitlines(keepends=True)

HAS_SERVER = all(importlib.util.find_spec(name) for name in ("starlette", "uvicorn"))
needs_server = pytest.mark.skipif(
    not HAS_SERVER,
    reason='the serve extra is not installed (pip install "callcenter-rules[serve]")',
)


class Answer(NamedTuple):
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Server:
    """``callcenter-rules serve`` in a subprocess, on a free loopback port."""

    def __init__(
        self, folder: Path, *args: str, token: str | None = None, env: dict[str, str] | None = None
    ) -> None:
        self.port = free_port()
        self.token = token
        self.log = folder / f"serve-{self.port}.log"
        environment = {k: v for k, v in os.environ.items() if k != "CALLCENTER_RULES_TOKEN"}
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "callcenter_rules",
                    "serve",
                    "--port",
                    str(self.port),
                    *args,
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
                env={**environment, **(env or {})},
                cwd=folder,
            )
        self._wait_until_up()

    def _wait_until_up(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(
                    f"the server exited ({self.process.returncode}):\n{self.output()}"
                )
            try:
                if self.request("GET", "/healthz").status == 200:
                    return
            except OSError:
                time.sleep(0.1)
        self.process.kill()
        raise AssertionError(f"the server did not answer within {timeout} s:\n{self.output()}")

    def output(self) -> str:
        return self.log.read_text("utf-8", "replace")

    def connection(self, timeout: float = 60) -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
        *,
        authorised: bool = True,
    ) -> Answer:
        sent = dict(headers or {})
        if authorised and self.token is not None:
            sent.setdefault("Authorization", f"Bearer {self.token}")
        connection = self.connection()
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            return Answer(
                response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
            )
        finally:
            connection.close()

    def post(
        self, path: str, body: bytes, content_type: str = "application/json", **query: str
    ) -> Answer:
        target = f"{path}?{urlencode(query)}" if query else path
        return self.request("POST", target, body, {"Content-Type": content_type})

    def stop(self, timeout: float = 30) -> int:
        """SIGTERM, then the exit code (killed, and a failure, if it does not exit)."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise AssertionError(f"the server did not stop on SIGTERM:\n{self.output()}") from None


def cli_output(*args: str) -> bytes:
    """What the command line prints on standard output."""
    done = CliRunner().invoke(cli, list(args), env={"LANG": "", "LC_ALL": "", "LC_MESSAGES": ""})
    assert done.exit_code in {0, 3, 4}, done.output
    return done.stdout_bytes


def example_bytes(name: str) -> bytes:
    return (EXAMPLES / name).read_bytes()


def error_of(answer: Answer, status: int, kind: str) -> dict[str, Any]:
    assert answer.status == status, answer
    assert answer.headers["content-type"].startswith("application/json")
    error = answer.json()["error"]
    assert error["type"] == kind, error
    assert error["message"]
    assert error["message_zh"]
    return dict(error)


def workers(server: Server) -> list[int]:
    """The worker processes of a server started with --workers."""
    return [
        pid
        for pid in children(server.process.pid)
        if b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes()
    ]


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def form_items(profile: dict[str, Any], **controls: str) -> list[tuple[str, str]]:
    """A profile as the web page's form posts it: a list as repeated fields, a boolean as
    ``true``/``false``, violations as ``violations`` and rows of ``violation_*``; then
    ``controls`` (``lang``, ``as_of``)."""
    items: list[tuple[str, str]] = []
    for name, value in profile.items():
        if name == "violations":
            if value is None:
                items.append(("violations", "unknown"))
            elif not value:
                items.append(("violations", "none"))
            else:
                items.append(("violations", "listed"))
                for row in value:
                    items += [("violation_party", row["party"]), ("violation_date", row["date"])]
                    items.append(("violation_description", row.get("description", "")))
        elif isinstance(value, list):
            items += [(name, str(item)) for item in value]
        elif isinstance(value, bool):
            items.append((name, "true" if value else "false"))
        elif value is None:
            items.append((name, ""))
        else:
            items.append((name, str(value)))
    return items + list(controls.items())


def form_body(items: list[tuple[str, str]]) -> bytes:
    return urlencode(items).encode()
