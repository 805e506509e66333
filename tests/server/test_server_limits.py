"""The JSON service's bounds on what a client can hold (docs/server.md, "Limits"): the real
server in a subprocess on 127.0.0.1, talked to with raw sockets, with short bounds.

What is checked: an idle connection, a request head or body sent in part (or a little at a
time) is closed within its bound, token or not; a batch whose input stops is answered up
to there and cut off; a client that leaves its answer unread is dropped; a batch reads
only so much ahead; batches and connections over their limits are answered 503 in JSON in
both languages with Retry-After; malformed HTTP and an oversized head are answered in
JSON; a client that goes away mid-body costs one log line at most, never a traceback; the
worker processes do not inherit the token.
"""

from __future__ import annotations

import json
import secrets
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_server import _dechunk

from servers import BATCH_LINES, DAY, ROOT, Server, needs_server, workers

#: Short bounds, so that the tests wait a second or two rather than the defaults' 10-30.
SHORT = [
    "--timeout-header",
    "1",
    "--timeout-keep-alive",
    "1",
    "--timeout-body",
    "1.5",
    "--limit-batches",
    "1",
    "--max-header-size",
    "4096",
]
#: How long a test waits for the server to close a connection: far over every bound above,
#: so that a slow machine does not fail the test, far under the defaults (10 s, 30 s), so
#: that a server that ignored the options would.
PATIENCE = 8.0


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    running = Server(tmp_path_factory.mktemp("limits"), *SHORT)
    yield running
    assert running.stop() == 0, running.output()


def _connect(server: Server) -> socket.socket:
    return socket.create_connection(("127.0.0.1", server.port), timeout=PATIENCE)


def _until_closed(conn: socket.socket) -> tuple[bytes, float]:
    """Everything the server sends until it closes the connection, and how long that took
    (a failure if it is still open after `PATIENCE`)."""
    started = time.monotonic()
    received = b""
    while True:
        try:
            data = conn.recv(65536)
        except TimeoutError:
            raise AssertionError(f"still open after {PATIENCE} s: {received[:300]!r}") from None
        except ConnectionResetError:
            data = b""
        if not data:
            return received, time.monotonic() - started
        received += data


def _json_error(answer: bytes, status: int, kind: str) -> dict[str, Any]:
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 %d " % status), answer[:300]
    assert b"content-type: application/json" in head.lower(), head
    error = json.loads(body)["error"]
    assert error["type"] == kind, error
    assert error["message"]
    assert error["message_zh"]
    return dict(error)


# ---------------------------------------------------------------- connections that hang


@needs_server
def test_an_idle_connection_is_closed(server: Server) -> None:
    with _connect(server) as conn:
        answer, _ = _until_closed(conn)
    assert answer == b""


@needs_server
def test_an_idle_connection_after_an_answer_is_closed(server: Server) -> None:
    with _connect(server) as conn:
        conn.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        answer, _ = _until_closed(conn)
    assert answer.startswith(b"HTTP/1.1 200 ")
    # Then a head sent in part after an answer: closed too.
    with _connect(server) as conn:
        conn.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\nGET /healthz HTTP/1.1\r\n")
        answer, _ = _until_closed(conn)
    assert answer.startswith(b"HTTP/1.1 200 ")
    assert b"HTTP/1.1 408 " in answer


@needs_server
def test_a_half_sent_head_is_408_and_closed(server: Server) -> None:
    with _connect(server) as conn:
        conn.sendall(b"POST /v1/assess HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: applic")
        answer, _ = _until_closed(conn)
    error = _json_error(answer, 408, "request_timeout")
    assert "--timeout-header" in error["message"]
    assert "请求头" in error["message_zh"]


@needs_server
def test_a_head_sent_a_little_at_a_time_is_closed(server: Server) -> None:
    # Each piece comes well within the bound, but the head as a whole does not.
    answer = None
    with _connect(server) as conn:
        conn.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        conn.settimeout(0.2)
        started = time.monotonic()
        while answer is None and time.monotonic() - started < PATIENCE:
            try:
                answer = conn.recv(65536)
            except TimeoutError:
                try:
                    conn.sendall(b"X-Slow: 1\r\n")
                except OSError:
                    answer = b""
            except ConnectionResetError:
                answer = b""
    assert answer is not None, f"still open after {PATIENCE} s"
    assert answer == b"" or answer.startswith(b"HTTP/1.1 408 "), answer


@needs_server
def test_a_half_sent_body_is_408_and_closed(server: Server) -> None:
    for path in ("/v1/assess", "/v1/plan"):
        with _connect(server) as conn:
            conn.sendall(
                f"POST {path}?as_of={DAY} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n"
                '{"name": '.encode()
            )
            answer, _ = _until_closed(conn)
        error = _json_error(answer, 408, "request_timeout")
        assert "--timeout-body" in error["message"]


@needs_server
def test_a_half_sent_head_is_closed_without_the_token(tmp_path: Path) -> None:
    token = secrets.token_urlsafe(24)
    token_server = Server(tmp_path, *SHORT, env={"CALLCENTER_RULES_TOKEN": token}, token=token)
    try:
        with _connect(token_server) as conn:
            conn.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            answer, _ = _until_closed(conn)
        _json_error(answer, 408, "request_timeout")
        with _connect(token_server) as conn:
            answer, _ = _until_closed(conn)
        assert answer == b""
    finally:
        assert token_server.stop() == 0, token_server.output()


# ---------------------------------------------------------------- the batch


def _batch_head(query: str = f"as_of={DAY}") -> bytes:
    return (
        f"POST /v1/batch?{query} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        "Content-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\n\r\n"
    ).encode()


def _chunk(data: bytes) -> bytes:
    return b"%x\r\n%s\r\n" % (len(data), data)


@needs_server
def test_a_batch_whose_input_stops_is_answered_then_cut_off(server: Server) -> None:
    with _connect(server) as conn:
        conn.sendall(_batch_head() + _chunk(b"".join(BATCH_LINES[:5])))
        answer, _ = _until_closed(conn)
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200 ")
    # Every row sent is answered, and the chunked answer has no end: the client can tell
    # that it was cut off.
    assert not body.endswith(b"0\r\n\r\n")
    lines = _dechunk(body + b"0\r\n\r\n").splitlines()
    assert [json.loads(line)["row"] for line in lines] == [1, 2, 3, 4, 5]
    assert "the answer is cut off" in server.output()


@needs_server
def test_a_second_batch_over_the_limit_is_503(server: Server) -> None:
    with _connect(server) as first:
        first.sendall(_batch_head() + _chunk(BATCH_LINES[0]))
        received = b""
        while b'{"row":1,' not in received:
            data = first.recv(65536)
            assert data, received
            received += data
        for lang in ("en", "zh"):
            answer = server.post("/v1/batch", BATCH_LINES[1], "application/x-ndjson", lang=lang)
            assert answer.status == 503
            assert answer.headers["retry-after"].isdigit()
            error = answer.json()["error"]
            assert error["type"] == "server_busy"
            assert "--limit-batches" in error["message_zh"]
            if lang == "zh":
                assert error["message"] == error["message_zh"]
            else:
                assert "--limit-batches" in error["message"]
        first.sendall(b"0\r\n\r\n")
        _until_closed(first)
    # The slot is free again.
    answer = server.post("/v1/batch", BATCH_LINES[1], "application/x-ndjson", as_of=DAY)
    assert answer.status == 200, answer


#: A batch's input must average this many bytes a second (of the server's waiting) once
#: the server has waited --timeout-body for it: far more than one row every 0.3 s, far
#: less than loopback carries.
MIN_RATE = 100_000


@pytest.fixture(scope="module")
def rate_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    running = Server(
        tmp_path_factory.mktemp("rate"),
        *SHORT,
        "--batch-min-rate",
        str(MIN_RATE),
        "--batch-read-ahead",
        "65536",
    )
    yield running
    assert running.stop() == 0, running.output()


@needs_server
def test_a_batch_that_trickles_is_cut_off_and_frees_its_slot(rate_server: Server) -> None:
    # One row every 0.3 s: each well within --timeout-body (1.5 s), so only the rate can
    # end it; without a bound it would hold the only batch slot (--limit-batches 1) for as
    # long as it went on.
    received = b""
    sent = 0
    closed = False
    with _connect(rate_server) as conn:
        conn.sendall(_batch_head())
        deadline = time.monotonic() + PATIENCE
        due = time.monotonic()
        while not closed and time.monotonic() < deadline:
            if time.monotonic() >= due:
                try:
                    conn.sendall(_chunk(BATCH_LINES[sent % len(BATCH_LINES)]))
                except OSError:
                    break
                sent += 1
                due += 0.3
            conn.settimeout(max(0.01, due - time.monotonic()))
            try:
                data = conn.recv(65536)
                closed = not data
                received += data
            except TimeoutError:
                pass
            except ConnectionResetError:
                closed = True
        conn.settimeout(PATIENCE)
        rest, _ = _until_closed(conn)
        received += rest
    assert time.monotonic() < deadline, f"still open after {PATIENCE} s, {sent} rows sent"
    head, _, body = received.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200 "), received[:300]
    # The rows the server read are answered, in order; the chunked answer has no end.
    assert not body.endswith(b"0\r\n\r\n")
    rows = [json.loads(line)["row"] for line in _dechunk(body + b"0\r\n\r\n").splitlines()]
    assert rows == list(range(1, len(rows) + 1))
    assert 1 <= len(rows) <= sent
    log = rate_server.output()
    assert "--batch-min-rate" in log
    assert "the answer is cut off" in log
    assert "no input for" not in log
    # The slot is free again.
    answer = rate_server.post("/v1/batch", BATCH_LINES[1], "application/x-ndjson", as_of=DAY)
    assert answer.status == 200, answer


@needs_server
def test_a_batch_is_not_cut_off_for_the_time_its_rows_take(rate_server: Server) -> None:
    # Plans for 300 rows take seconds, far over --timeout-body, and the input as a whole
    # comes slower than MIN_RATE: but the client sent it at once, and the server waited for
    # it hardly at all (its read-ahead full, it was busy with the rows it had).
    rows = b"".join(BATCH_LINES[:300])
    assert len(rows) < MIN_RATE * 2
    cut_before = rate_server.output().count("the answer is cut off")
    with _connect(rate_server) as conn:
        conn.sendall(_batch_head(f"as_of={DAY}&plan=true&detail=summary") + _chunk(rows))
        conn.sendall(b"0\r\n\r\n")
        received = b""
        while not received.endswith(b"\r\n0\r\n\r\n"):
            data = conn.recv(65536)
            assert data, received[-300:]
            received += data
    lines = _dechunk(received.partition(b"\r\n\r\n")[2]).splitlines()
    assert [json.loads(line)["row"] for line in lines] == list(range(1, 301))
    assert rate_server.output().count("the answer is cut off") == cut_before


#: A profile whose plan is slow (some 0.15 s on a 2-core machine; most take a few ms):
#: four activities, five provinces, a capital of 1 yuan.
SLOW_PLAN = json.dumps(
    {
        "name": "Acme Call Co., Ltd.",
        "service_provinces": ["  Fujian ", "上海市", "jiangsu", "Jilin", "Guizhou"],
        "registered_capital_cny": 1,
        "registered_province": "henan",
        "number_resources": ["96", "95"],
        "activities": ["telemarketing", "outbound_calling", "seat_rental", "cloud_call_center"],
        "entity_type": "other",
    },
    ensure_ascii=False,
).encode()


@needs_server
def test_a_plan_batch_lets_other_requests_through(server: Server) -> None:
    # Sixteen slow plans, sent at once: a batch of seconds. Once its first line has come,
    # a single assessment and /healthz from other clients are answered before the batch
    # ends; they take their turns between its rows, not after the lot.
    rows = 16
    profile = (ROOT / "examples" / "regional_capital_shortfall.json").read_bytes()
    with _connect(server) as conn:
        conn.sendall(
            _batch_head(f"as_of={DAY}&plan=true&detail=summary")
            + _chunk((SLOW_PLAN + b"\n") * rows)
            + b"0\r\n\r\n"
        )
        received = b""
        while b'{"row":1,' not in received:
            data = conn.recv(65536)
            assert data, received
            received += data
        assert server.request("GET", "/healthz").status == 200
        assessed = server.post("/v1/assess", profile, as_of=DAY)
        assert assessed.status == 200, assessed
        assert assessed.json()["status"]
        # What the batch has answered by now (written before those answers): not the end.
        conn.setblocking(False)
        try:
            while data := conn.recv(65536):
                received += data
        except BlockingIOError:
            pass
        assert not received.endswith(b"\r\n0\r\n\r\n")
        answered = received.count(b'{"row":')
        assert answered < rows, answered
        conn.settimeout(PATIENCE)
        while not received.endswith(b"\r\n0\r\n\r\n"):
            data = conn.recv(65536)
            assert data, received[-300:]
            received += data
    lines = _dechunk(received.partition(b"\r\n\r\n")[2]).splitlines()
    assert [json.loads(line)["row"] for line in lines] == list(range(1, rows + 1))
    assert all("plan_options" in json.loads(line) for line in lines)


def _unread_batch(
    server: Server, limit_mib: int, send_timeout: float = 3
) -> tuple[socket.socket, int]:
    """A batch upload that never reads its answer: the connection, left open, and the
    bytes the server took before it stopped reading (a send waiting ``send_timeout``
    seconds) or closed the connection."""
    rows = b"".join(BATCH_LINES) * 4
    piece = _chunk(rows)
    sent = 0
    conn = socket.socket()
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4096)
    conn.connect(("127.0.0.1", server.port))
    conn.settimeout(send_timeout)
    conn.sendall(_batch_head())
    while sent < limit_mib << 20:
        try:
            sent += conn.send(piece)
        except OSError:
            break
    return conn, sent


def _sent_until_closed(conn: socket.socket, limit: int) -> int:
    """Send spaces until the server closes the connection: how many were sent."""
    sent = 0
    try:
        while sent < limit:
            conn.sendall(b" " * 65536)
            sent += 65536
    except OSError:
        return sent
    raise AssertionError(f"still open after {sent} bytes")


@needs_server
def test_a_batch_reads_only_so_much_ahead(tmp_path: Path) -> None:
    small = Server(tmp_path, "--batch-read-ahead", "65536", "--timeout-body", "60")
    try:
        # With the read-ahead at 64 KiB the server takes the read-ahead, a line, what its
        # socket buffers hold and the rows it answered before the answer filled them: some
        # megabytes, not the 40 MiB offered.
        conn, sent = _unread_batch(small, 40)
        conn.close()
        assert sent < 16 << 20, sent
        # A body refused (413) is dropped as it comes, but only for a while: the
        # connection is closed long before the 10 s of the head timeout.
        with _connect(small) as conn:
            conn.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 65536)
            conn.sendall(
                b"POST /v1/assess HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                b"Content-Type: application/json\r\nContent-Length: 104857600\r\n\r\n"
            )
            assert _sent_until_closed(conn, 100 << 20) < 40 << 20
    finally:
        assert small.stop() == 0, small.output()


@needs_server
def test_a_client_that_does_not_read_its_answer_is_dropped(tmp_path: Path) -> None:
    # The client never stops sending (a thread sends until the connection fails), so that
    # the server can only stop for the unread answer, not for input that stopped coming;
    # a small read-ahead keeps the server's backlog of rows to assess short, so that its
    # answer fills the buffers soon even on a slow machine.
    small = Server(tmp_path, *SHORT, "--batch-read-ahead", "65536")
    try:
        conn = socket.socket()
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        conn.connect(("127.0.0.1", small.port))
        conn.settimeout(4 * PATIENCE)
        stopped = threading.Event()
        piece = _chunk(b"".join(BATCH_LINES) * 4)

        def send_for_ever() -> None:
            try:
                conn.sendall(_batch_head())
                while not stopped.is_set():
                    conn.sendall(piece)
            except OSError:
                pass

        sender = threading.Thread(target=send_for_ever, daemon=True)
        sender.start()
        try:
            deadline = time.monotonic() + 2 * PATIENCE
            while "left its answer unread" not in small.output():
                assert time.monotonic() < deadline, small.output()
                time.sleep(0.2)
            assert "no input for" not in small.output()
        finally:
            stopped.set()
            conn.close()
            sender.join(PATIENCE)
    finally:
        assert small.stop() == 0, small.output()


# ---------------------------------------------------------------- connections


@needs_server
def test_a_connection_over_the_limit_is_503_in_json(tmp_path: Path) -> None:
    small = Server(tmp_path, "--limit-concurrency", "2")
    try:
        held = [_connect(small), _connect(small)]
        time.sleep(0.2)
        for lang in ("en", "zh"):
            answer = small.request("GET", f"/healthz?lang={lang}")
            assert answer.status == 503
            assert answer.headers["retry-after"] == "1"
            error = answer.json()["error"]
            assert error["type"] == "server_busy"
            assert "--limit-concurrency" in error["message"]
            assert (error["message"] == error["message_zh"]) is (lang == "zh")
        for conn in held:
            conn.close()
        time.sleep(0.2)
        assert small.request("GET", "/healthz").status == 200
    finally:
        assert small.stop() == 0, small.output()


@needs_server
def test_malformed_http_and_an_oversized_head_are_answered_in_json(server: Server) -> None:
    with _connect(server) as conn:
        conn.sendall(b"GET /healthz HTTP/1.1\r\nno colon here\r\n\r\n")
        answer, _ = _until_closed(conn)
    _json_error(answer, 400, "invalid_http")
    with _connect(server) as conn:
        conn.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + b"a" * 8192)
        answer, _ = _until_closed(conn)
    error = _json_error(answer, 431, "header_too_large")
    assert "4096" in error["message"]


def _head(size: int) -> bytes:
    """A request head of exactly ``size`` bytes, its blank line included."""
    start = b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Pad: "
    return start + b"a" * (size - len(start) - 4) + b"\r\n\r\n"


@needs_server
def test_an_oversized_head_is_431_however_it_arrives(server: Server) -> None:
    # Whole, in one send (64 KiB, sixteen times the limit): h11 alone checks only a head
    # that is still incomplete, and took this one.
    with _connect(server) as conn:
        conn.sendall(_head(65536))
        answer, _ = _until_closed(conn)
    error = _json_error(answer, 431, "header_too_large")
    assert "4096" in error["message"]
    assert "--max-header-size" in error["message_zh"]
    # In two parts, each under the limit, the second completing it.
    with _connect(server) as conn:
        head = _head(6000)
        conn.sendall(head[:3000])
        time.sleep(0.3)
        conn.sendall(head[3000:])
        answer, _ = _until_closed(conn)
    _json_error(answer, 431, "header_too_large")
    # One byte over the limit is over it; a head of the limit itself is answered.
    with _connect(server) as conn:
        conn.sendall(_head(4097))
        answer, _ = _until_closed(conn)
    _json_error(answer, 431, "header_too_large")
    with _connect(server) as conn:
        conn.sendall(_head(4096))
        answer, _ = _until_closed(conn)
    assert answer.startswith(b"HTTP/1.1 200 "), answer[:300]


@needs_server
def test_the_limit_errors_are_in_the_openapi_document(server: Server) -> None:
    import jsonschema

    document = server.request("GET", "/openapi.json").json()
    for item in document["paths"].values():
        for operation in item.values():
            assert {"400", "408", "431", "503"} <= set(operation["responses"])
    error = document["components"]["schemas"]["Error"]
    kinds = error["properties"]["error"]["properties"]["type"]["enum"]
    assert {"invalid_http", "request_timeout", "header_too_large", "server_busy"} <= set(kinds)
    with _connect(server) as conn:
        conn.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        answer, _ = _until_closed(conn)
    jsonschema.Draft202012Validator(
        {"components": document["components"], "$ref": "#/components/schemas/Error"}
    ).validate(json.loads(answer.partition(b"\r\n\r\n")[2]))


# ---------------------------------------------------------------- the log


@needs_server
def test_a_client_gone_mid_body_is_one_log_line(server: Server) -> None:
    for path in ("/v1/assess", "/v1/plan"):
        before = server.output().count("\n")
        with _connect(server) as conn:
            conn.sendall(
                f"POST {path}?as_of={DAY} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n"
                '{"name": '.encode()
            )
            time.sleep(0.3)
        deadline = time.monotonic() + PATIENCE
        while not _lines_after(server, before):
            assert time.monotonic() < deadline, server.output()
            time.sleep(0.1)
        time.sleep(0.5)
        new = _lines_after(server, before)
        assert len(new) == 1, new
        assert "closed the connection before its request body arrived" in new[0]
        assert path in new[0]
    assert "Traceback" not in server.output()


def _lines_after(server: Server, count: int) -> list[str]:
    """The lines of the server's log after its first ``count`` line ends."""
    return [line for line in server.output().split("\n")[count:] if line]


# ---------------------------------------------------------------- the line too long, in Chinese


def test_a_line_too_long_says_so_in_chinese() -> None:
    from callcenter_rules.model import zh_of
    from callcenter_rules.server.stream import _Splitter

    (row,) = _Splitter(10).feed(b'{"name": "' + b"x" * 20 + b'"}\n')
    assert not isinstance(row, tuple)
    assert row.problem is not None
    kind, message = row.problem
    assert kind == "line_too_long"
    assert "longer than 10 bytes" in message
    assert zh_of(message) == "第1行超过 10 字节（服务器的 --body-limit）"


# ---------------------------------------------------------------- options and workers


def test_the_command_defaults_are_the_servers() -> None:
    import attrs

    from callcenter_rules.cli.serve import DEFAULT_LIMITS
    from callcenter_rules.server import Limits

    assert attrs.asdict(Limits()) == DEFAULT_LIMITS
    with pytest.raises(ValueError, match="timeout_header"):
        Limits(timeout_header=0)


@needs_server
@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="reads /proc/PID/environ")
def test_the_workers_do_not_inherit_the_token(tmp_path: Path) -> None:
    token = secrets.token_urlsafe(24)
    two = Server(tmp_path, "--workers", "2", env={"CALLCENTER_RULES_TOKEN": token}, token=token)
    try:
        found = workers(two)
        assert len(found) == 2
        for pid in found:
            environment = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
            assert not any(token.encode() in item for item in environment)
            assert not any(item.startswith(b"CALLCENTER_RULES_TOKEN=") for item in environment)
        # The workers still require the token (they have its digest).
        assert two.request("GET", "/healthz", authorised=False).status == 401
        assert two.request("GET", "/healthz").status == 200
    finally:
        assert two.stop() == 0, two.output()
