"""Load test of the JSON service (``callcenter-rules serve``): run by hand, never in CI.

    python benchmarks/load_server.py                         # 20,000 requests, concurrency 32, 1 and 2 workers
    python benchmarks/load_server.py --workers 2 --requests 5000

For each worker count: starts the server on a free port of 127.0.0.1 (loopback only), waits
for ``/healthz``, warms it up, then sends a bounded number of ``POST /v1/assess`` requests
with a fixed number in flight (asyncio and aiohttp, ``pip install aiohttp``), the profiles
taken in turn from examples/batch_1000.jsonl (the valid ones: every request must answer 200).
Reports throughput (requests per second), median and 99th-percentile latency and errors
(anything but a 200, or a failed connection), then stops the server with SIGTERM. Each run
is bounded in time too (``--max-seconds``).

The client runs on the same machine as the server and shares its cores: the figures are
what the server does while the client takes its share of the CPU, not what it does alone.

With ``--hostile``, the same well-behaved load runs (by default 3,000 requests, 8 in flight)
while hostile clients hold connections open against the same server: batch uploads that
never read their answer, request heads and bodies sent a little at a time, idle
connections, a head of 1 MiB and an endless body. It reports, besides the well-behaved
figures, the server's resident memory (all its processes: before, at the peak, after) and,
for each kind of hostile client, how many the server closed and how long each stayed open.
Each hostile connection gives up after ``--hold`` seconds; the whole run is bounded by
``--max-seconds``. ``--server-arg`` passes an option to ``serve`` (e.g. shorter timeouts):

    python benchmarks/load_server.py --hostile --workers 1
    python benchmarks/load_server.py --hostile --idle 600 --server-arg=--timeout-header=5

With ``--plan-batches N``, N clients post ``/v1/batch?plan=true`` (the 1,000 rows of
examples/batch_1000.jsonl, reading the answer as it streams, one batch after another) beside
the well-behaved load, to the same server, until it ends; it reports how many rows they
had answered. A plan takes milliseconds, so this shows whether single requests wait behind
the batches' plans (their p99):

    python benchmarks/load_server.py --workers 1 --requests 5000 --plan-batches 2

Writes the figures to benchmarks/results/server-load-<time>.json.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import itertools
import json
import os
import platform
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
RESULTS = HERE / "results"
PROFILES = HERE.parent / "examples" / "batch_1000.jsonl"


def valid_profiles(as_of: datetime.date) -> list[bytes]:
    """The lines of examples/batch_1000.jsonl that are valid profiles (checked here, so
    that every request of the run should answer 200)."""
    from callcenter_rules import Engine, InvalidProfile
    from callcenter_rules.json_input import JSONInputError
    from callcenter_rules.json_input import loads as json_loads

    kept = []
    with Engine() as engine:
        for line in PROFILES.read_bytes().splitlines():
            try:
                engine.assess(json_loads(line.decode("utf-8")), as_of=as_of)
            except (InvalidProfile, JSONInputError, UnicodeDecodeError):
                continue
            kept.append(line)
    return kept


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(
    workers: int, port: int, log: Path, extra: list[str] | None = None
) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "callcenter_rules", "serve", "--host", "127.0.0.1"]
    command += ["--port", str(port), "--workers", str(workers), *(extra or [])]
    environment = {k: v for k, v in os.environ.items() if k != "CALLCENTER_RULES_TOKEN"}
    with log.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=environment)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server exited ({process.returncode}); see {log}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as answer:
                if answer.status == 200:
                    return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit(f"the server did not answer within 60 s; see {log}")


def stop_server(process: subprocess.Popen[bytes]) -> int:
    process.send_signal(signal.SIGTERM)
    try:
        return process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()
        return process.wait()


async def load(
    url: str, bodies: list[bytes], total: int, concurrency: int, max_seconds: float
) -> dict[str, Any]:
    """``total`` POSTs with ``concurrency`` in flight; latencies and errors."""
    import aiohttp

    latencies: list[float] = []
    errors: Counter[str] = Counter()
    numbers = itertools.count()
    headers = {"Content-Type": "application/json"}
    connector = aiohttp.TCPConnector(limit=concurrency)
    timeout = aiohttp.ClientTimeout(total=60)
    started = time.perf_counter()
    stop_at = started + max_seconds
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:

        async def client() -> None:
            while True:
                number = next(numbers)
                if number >= total or time.perf_counter() > stop_at:
                    return
                body = bodies[number % len(bodies)]
                sent = time.perf_counter()
                try:
                    async with session.post(url, data=body, headers=headers) as answer:
                        await answer.read()
                        if answer.status != 200:
                            errors[f"HTTP {answer.status}"] += 1
                except (TimeoutError, aiohttp.ClientError, OSError) as error:
                    errors[type(error).__name__] += 1
                latencies.append(time.perf_counter() - sent)

        await asyncio.gather(*(client() for _ in range(concurrency)))
    elapsed = time.perf_counter() - started
    latencies.sort()
    done = len(latencies)
    return {
        "requests": done,
        "seconds": round(elapsed, 2),
        "requests_per_second": round(done / elapsed, 1),
        "p50_ms": round(statistics.median(latencies) * 1000, 2),
        "p99_ms": round(latencies[min(done - 1, int(done * 0.99))] * 1000, 2),
        "max_ms": round(latencies[-1] * 1000, 2),
        "errors": sum(errors.values()),
        "errors_by_kind": dict(errors),
        "stopped_by_time_limit": done < total,
    }


# ---------------------------------------------------------------- plan batches beside the load


async def plan_batches(
    port: int, as_of: datetime.date, rows: list[int], stop: asyncio.Event
) -> None:
    """``POST /v1/batch?plan=true`` of examples/batch_1000.jsonl, one after another, the
    answer read as it streams, until ``stop`` is set; the rows answered are added to
    ``rows[0]``."""
    import aiohttp

    body = PROFILES.read_bytes()
    url = f"http://127.0.0.1:{port}/v1/batch?as_of={as_of.isoformat()}&plan=true&detail=summary"
    headers = {"Content-Type": "application/x-ndjson"}
    timeout = aiohttp.ClientTimeout(total=None, sock_read=60)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        while not stop.is_set():
            try:
                async with session.post(url, data=body, headers=headers) as answer:
                    async for _line in answer.content:
                        rows[0] += 1
                        if stop.is_set():
                            return
            except (TimeoutError, aiohttp.ClientError, OSError):
                await asyncio.sleep(0.5)


async def load_beside_plans(
    port: int, url: str, bodies: list[bytes], args: argparse.Namespace, as_of: datetime.date
) -> dict[str, Any]:
    """The well-behaved load while ``args.plan_batches`` plan batches stream."""
    stop = asyncio.Event()
    rows = [0]
    batches = [
        asyncio.create_task(plan_batches(port, as_of, rows, stop)) for _ in range(args.plan_batches)
    ]
    await asyncio.sleep(1)  # the batches first
    figures = await load(url, bodies, args.requests, args.concurrency, args.max_seconds)
    stop.set()
    await asyncio.gather(*batches)
    return {**figures, "plan_batches": args.plan_batches, "plan_batch_rows": rows[0]}


# ---------------------------------------------------------------- hostile clients

#: The kinds of hostile client, in the order they are reported.
HOSTILE_KINDS = (
    "non_reading_batch",
    "slow_header",
    "slow_body",
    "idle",
    "huge_header",
    "huge_body",
)


def resident_memory(pid: int) -> int:
    """The resident memory of process ``pid`` and of all its descendants, in bytes (from
    /proc; 0 where it is not there)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(parent, []).append(int(entry.name))
    total = 0
    todo = [pid]
    while todo:
        current = todo.pop()
        todo += children.get(current, [])
        try:
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            continue
    return total


async def sample_memory(pid: int, peak: list[int], every: float = 0.25) -> None:
    """Keep the largest `resident_memory` of ``pid`` in ``peak[0]`` until cancelled."""
    while True:
        peak[0] = max(peak[0], resident_memory(pid))
        await asyncio.sleep(every)


def _chunk(data: bytes) -> bytes:
    return b"%x\r\n%s\r\n" % (len(data), data)


async def hostile(kind: str, port: int, hold: float, rows: bytes, limit_mib: int) -> dict[str, Any]:
    """One hostile client of ``kind``: what it sent, whether the server closed the
    connection and after how long (it gives up after ``hold`` seconds), and the status line
    of any answer."""
    opened = time.monotonic()
    give_up = opened + hold
    try:
        reader, writer = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", port), 10)
    except (OSError, TimeoutError) as error:
        return {"kind": kind, "connected": False, "error": type(error).__name__}
    sent = 0
    closed_after: float | None = None

    async def send(data: bytes, stall: float = 3.0) -> bool:
        """Write ``data``; False once the server has closed, or stopped reading for
        ``stall`` seconds."""
        nonlocal sent, closed_after
        try:
            writer.write(data)
            await asyncio.wait_for(writer.drain(), stall)
        except TimeoutError:
            return False
        except OSError:
            closed_after = closed_after or time.monotonic() - opened
            return False
        sent += len(data)
        return True

    async def trickle(piece: bytes, every: float = 2.0) -> None:
        while time.monotonic() < give_up:
            await asyncio.sleep(every)
            if not await send(piece):
                return

    head = "POST {} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: {}\r\n"
    task = None
    if kind == "non_reading_batch":
        await send(head.format("/v1/batch", "application/x-ndjson").encode())
        await send(b"Transfer-Encoding: chunked\r\n\r\n")
        piece = _chunk(rows)
        while sent < limit_mib << 20 and time.monotonic() < give_up:
            if not await send(piece):
                break
        # Held open, never read: a blank line now and then shows when the server closes.
        while closed_after is None and time.monotonic() < give_up:
            await asyncio.sleep(1)
            await send(_chunk(b"\n"), stall=1.0)
        writer.transport.abort()
        return {"kind": kind, "sent": sent, "closed_after": closed_after, "status": None}
    if kind == "slow_header":
        await send(b"POST /v1/assess HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        task = asyncio.create_task(trickle(b"X-Slow: 1\r\n"))
    elif kind == "slow_body":
        await send(head.format("/v1/assess", "application/json").encode())
        await send(b'Content-Length: 100000\r\n\r\n{"name": ')
        task = asyncio.create_task(trickle(b" "))
    elif kind == "huge_header":
        await send(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ")
        for _ in range(16):
            if not await send(b"a" * 65536):
                break
        await send(b"\r\n\r\n")
    elif kind == "huge_body":
        await send(head.format("/v1/assess", "application/json").encode())
        await send(b"Transfer-Encoding: chunked\r\n\r\n")
        piece = _chunk(b" " * 65536)
        for _ in range(256):
            if not await send(piece):
                break
    answer = b""
    while time.monotonic() < give_up:
        try:
            data = await asyncio.wait_for(reader.read(65536), give_up - time.monotonic())
        except TimeoutError:
            break
        except OSError:
            data = b""
        if not data:
            closed_after = closed_after or time.monotonic() - opened
            break
        answer += data[: max(0, 200 - len(answer))]
    if task is not None:
        task.cancel()
    writer.transport.abort()
    status = answer.split(b"\r\n", 1)[0].decode("latin-1") if answer else None
    return {"kind": kind, "sent": sent, "closed_after": closed_after, "status": status}


def hostile_figures(results: list[dict[str, Any]], hold: float) -> dict[str, Any]:
    """Per kind of hostile client: how many, how many connected, how many the server
    closed before they gave up, the median and longest time they stayed open, and the
    answers they had."""
    figures: dict[str, Any] = {}
    for kind in HOSTILE_KINDS:
        mine = [r for r in results if r["kind"] == kind]
        if not mine:
            continue
        connected = [r for r in mine if r.get("connected", True)]
        closed = sorted(r["closed_after"] for r in connected if r["closed_after"] is not None)
        figures[kind] = {
            "clients": len(mine),
            "connected": len(connected),
            "closed_by_server": len(closed),
            "open_seconds_median": round(statistics.median(closed), 1) if closed else None,
            "open_seconds_max": round(closed[-1], 1) if closed else None,
            "still_open_after_hold": len(connected) - len(closed),
            "hold_seconds": hold,
            "statuses": dict(Counter(r["status"] for r in connected if r["status"])),
            "mib_sent_median": round(statistics.median(r["sent"] for r in connected) / (1 << 20), 2)
            if connected
            else 0,
        }
    return figures


async def hostile_run(
    pid: int, port: int, url: str, bodies: list[bytes], args: argparse.Namespace
) -> dict[str, Any]:
    """The well-behaved load while the hostile clients run, and the server's memory."""
    rows = b"".join(PROFILES.read_bytes().splitlines(keepends=True)[:200])
    counts = {
        "non_reading_batch": args.non_reading,
        "slow_header": args.slow,
        "slow_body": args.slow,
        "idle": args.idle,
        "huge_header": args.huge,
        "huge_body": args.huge,
    }
    peak = [0]
    before = resident_memory(pid)
    sampler = asyncio.create_task(sample_memory(pid, peak))
    clients = [
        asyncio.create_task(hostile(kind, port, args.hold, rows, args.non_reading_mib))
        for kind, count in counts.items()
        for _ in range(count)
    ]
    await asyncio.sleep(1)  # the hostile clients first
    figures = await load(url, bodies, args.requests, args.concurrency, args.max_seconds)
    results = await asyncio.gather(*clients)
    sampler.cancel()
    await asyncio.sleep(3)
    return {
        **figures,
        "rss_mib": {
            "before": round(before / (1 << 20), 1),
            "peak": round(peak[0] / (1 << 20), 1),
            "after": round(resident_memory(pid) / (1 << 20), 1),
        },
        "hostile": hostile_figures(list(results), args.hold),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", help="worker counts to run, e.g. 1,2 (default 1,2; 1 hostile)")
    parser.add_argument("--requests", type=int, help="default 20,000 (3,000 with --hostile)")
    parser.add_argument("--concurrency", type=int, help="default 32 (8 with --hostile)")
    parser.add_argument("--warmup", type=int, default=500)
    parser.add_argument("--as-of", default="2024-06-01")
    parser.add_argument("--max-seconds", type=float, default=300, help="time limit per run")
    parser.add_argument("--hostile", action="store_true", help="with hostile clients (above)")
    parser.add_argument("--hold", type=float, default=60, help="hostile: seconds each holds on")
    parser.add_argument("--non-reading", type=int, default=8, help="hostile: batch uploads")
    parser.add_argument("--non-reading-mib", type=int, default=100, help="hostile: MiB each sends")
    parser.add_argument("--slow", type=int, default=50, help="hostile: slow heads, slow bodies")
    parser.add_argument("--idle", type=int, default=200, help="hostile: idle connections")
    parser.add_argument("--huge", type=int, default=10, help="hostile: huge heads, huge bodies")
    parser.add_argument(
        "--plan-batches",
        type=int,
        default=0,
        help="plan batches (/v1/batch?plan=true) streaming beside the load (default 0)",
    )
    parser.add_argument(
        "--server-arg", action="append", default=[], help="an option for serve (repeatable)"
    )
    args = parser.parse_args()
    args.workers = args.workers or ("1" if args.hostile else "1,2")
    args.requests = args.requests or (3000 if args.hostile else 20_000)
    args.concurrency = args.concurrency or (8 if args.hostile else 32)
    try:
        import aiohttp
    except ImportError:
        raise SystemExit("the load test needs aiohttp: pip install aiohttp") from None
    as_of = datetime.date.fromisoformat(args.as_of)
    bodies = valid_profiles(as_of)
    print(f"{len(bodies)} valid profiles of examples/batch_1000.jsonl, as_of {as_of}")
    RESULTS.mkdir(exist_ok=True)
    runs = []
    for workers in (int(w) for w in args.workers.split(",")):
        port = free_port()
        log = RESULTS / f"server-load-{workers}.log"
        process = start_server(workers, port, log, args.server_arg)
        url = f"http://127.0.0.1:{port}/v1/assess?as_of={as_of.isoformat()}"
        try:
            asyncio.run(load(url, bodies, args.warmup, args.concurrency, 60))
            if args.hostile:
                figures = asyncio.run(hostile_run(process.pid, port, url, bodies, args))
            elif args.plan_batches:
                figures = asyncio.run(load_beside_plans(port, url, bodies, args, as_of))
            else:
                figures = asyncio.run(
                    load(url, bodies, args.requests, args.concurrency, args.max_seconds)
                )
        finally:
            exit_code = stop_server(process)
        server_log = log.read_text("utf-8", "replace").splitlines()
        log.unlink(missing_ok=True)
        figures = {"workers": workers, "concurrency": args.concurrency, **figures}
        figures["server_arguments"] = args.server_arg
        figures["server_log_lines"] = len(server_log)
        figures["server_exit_code"] = exit_code
        runs.append(figures)
        print(
            f"workers {workers}: {figures['requests']} requests in {figures['seconds']} s = "
            f"{figures['requests_per_second']} req/s; p50 {figures['p50_ms']} ms, "
            f"p99 {figures['p99_ms']} ms, max {figures['max_ms']} ms; errors {figures['errors']}"
            + (f" {figures['errors_by_kind']}" if figures["errors"] else "")
        )
        if args.plan_batches:
            print(
                f"  beside {args.plan_batches} plan batches, which answered "
                f"{figures['plan_batch_rows']} rows"
            )
        if args.hostile:
            print(f"  server memory (MiB): {figures['rss_mib']}; log lines {len(server_log)}")
            for kind, found in figures["hostile"].items():
                print(f"  {kind}: {found}")
    import starlette
    import uvicorn

    try:
        import httptools

        http = f"httptools {httptools.__version__}"
    except ImportError:
        http = "h11"
    record = {
        "when": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "stack": {
            "starlette": starlette.__version__,
            "uvicorn": uvicorn.__version__,
            "http": http,
            "client": f"aiohttp {aiohttp.__version__}",
        },
        "note": "client and server on the same machine, sharing its cores; loopback only",
        "hostile": args.hostile,
        "plan_batches": args.plan_batches,
        "runs": runs,
    }
    stamp = datetime.datetime.now().strftime("%Y%m%dT%H%M%S")
    out = RESULTS / f"server-load-{stamp}.json"
    out.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    print(f"written to {out}")
    if not args.hostile and any(run["errors"] or run["server_exit_code"] != 0 for run in runs):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
