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


def start_server(workers: int, port: int, log: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "callcenter_rules", "serve", "--host", "127.0.0.1"]
    command += ["--port", str(port), "--workers", str(workers)]
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", default="1,2", help="worker counts to run, e.g. 1,2")
    parser.add_argument("--requests", type=int, default=20_000)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--warmup", type=int, default=500)
    parser.add_argument("--as-of", default="2024-06-01")
    parser.add_argument("--max-seconds", type=float, default=300, help="time limit per run")
    args = parser.parse_args()
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
        process = start_server(workers, port, log)
        url = f"http://127.0.0.1:{port}/v1/assess?as_of={as_of.isoformat()}"
        try:
            asyncio.run(load(url, bodies, args.warmup, args.concurrency, 60))
            figures = asyncio.run(
                load(url, bodies, args.requests, args.concurrency, args.max_seconds)
            )
        finally:
            exit_code = stop_server(process)
        log.unlink(missing_ok=True)
        figures = {"workers": workers, "concurrency": args.concurrency, **figures}
        figures["server_exit_code"] = exit_code
        runs.append(figures)
        print(
            f"workers {workers}: {figures['requests']} requests in {figures['seconds']} s = "
            f"{figures['requests_per_second']} req/s; p50 {figures['p50_ms']} ms, "
            f"p99 {figures['p99_ms']} ms, max {figures['max_ms']} ms; errors {figures['errors']}"
            + (f" {figures['errors_by_kind']}" if figures["errors"] else "")
        )
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
        "runs": runs,
    }
    stamp = datetime.datetime.now().strftime("%Y%m%dT%H%M%S")
    out = RESULTS / f"server-load-{stamp}.json"
    out.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    print(f"written to {out}")
    if any(run["errors"] or run["server_exit_code"] != 0 for run in runs):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
