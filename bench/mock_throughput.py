"""Benchmark 4: requests per second and latency of the bundled mock and of Stoplight Prism's mock,
both serving openapi.yaml on loopback, one after the other, under the same concurrent load."""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import re
import shlex
import socket
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
PRISM_VERSION = "5.16.0"
PRISM_DIR = ROOT / "bench" / ".prism"
PRISM = PRISM_DIR / "node_modules" / ".bin" / "prism"
PRISM_PACKAGE = f"@stoplight/prism-cli@{PRISM_VERSION}"
PRISM_INSTALL = [
    "npm",
    "install",
    "--prefix",
    str(PRISM_DIR),
    PRISM_PACKAGE,
    "--no-audit",
    "--no-fund",
]
API_KEY = "bench-load-key"
CONCURRENCY = 32
START_TIMEOUT_SECONDS = 60
OURS, PRISM_NAME = "bundled mock", f"Prism {PRISM_VERSION}"
CREATE, FETCH = "create (POST /v2/chargeboxes)", "fetch (GET /v2/chargeboxes/{id})"
MODEL_IDS = (5678, 1234)
_CONTENT_LENGTH = re.compile(rb"\r\ncontent-length:[ \t]*([0-9]+)", re.IGNORECASE)


@dataclass(frozen=True)
class Budget:
    """Requests per operation per round; rounds per server; untimed warm-up requests."""

    requests: int
    rounds: int
    warm_up: int


@dataclass(frozen=True)
class Load:
    """One operation against one server, over every timed round."""

    server: str
    operation: str
    requests_per_second: list[float]  # each round's
    p50_seconds: float  # over every request of every round
    p99_seconds: float
    requests: int
    non_2xx_or_failed: int  # answers outside 2xx, and requests that got no answer
    statuses: dict[int, int]  # 0: no answer
    generator_cpu_share: float  # median over rounds of the load generator's CPU ÷ wall time


@dataclass(frozen=True)
class MockThroughput:
    """Benchmark 4: every load, and how they were run."""

    commands: list[str]
    parameters: dict[str, int | str]
    loads: list[Load]


def _request(operation: str, index: int, port: int) -> bytes:
    """One HTTP/1.1 request of the load: a valid create, or a fetch of ids 1..100 (those the
    create load made; on Prism any id gets the spec's example)."""
    headers = (
        f"Host: 127.0.0.1:{port}\r\nAuthorization: Bearer {API_KEY}\r\nAccept: application/json"
    )
    if operation == FETCH:
        return f"GET /v2/chargeboxes/{1 + index % 100} HTTP/1.1\r\n{headers}\r\n\r\n".encode()
    model = MODEL_IDS[index % len(MODEL_IDS)]
    body = json.dumps({"serialNumber": f"SN-{index:06d}", "locationId": 123, "modelId": model})
    headers += f"\r\nContent-Type: application/json\r\nContent-Length: {len(body)}"
    return f"POST /v2/chargeboxes HTTP/1.1\r\n{headers}\r\n\r\n{body}".encode()


def _load(
    port: int, operation: str, count: int, offset: int
) -> tuple[float, float, list[tuple[float, int]]]:
    """`count` requests over `CONCURRENCY` keep-alive connections, one request in flight on each:
    the load's wall and CPU seconds, and each request's latency and status (0: no answer).

    HTTP/1.1 by hand on asyncio streams: httpx's async client needs so much CPU per request that
    it, not the server, set the pace (tried: 100 % CPU at about 350 requests/s).
    """
    samples: list[tuple[float, int]] = []
    indices = itertools.count(offset)

    async def connection() -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        while (index := next(indices)) < offset + count:
            started = time.perf_counter()
            writer.write(_request(operation, index, port))
            try:
                head = await reader.readuntil(b"\r\n\r\n")
                length = _CONTENT_LENGTH.search(head)
                if length is None:
                    raise ConnectionError("an answer without Content-Length")
                await reader.readexactly(int(length.group(1)))
                samples.append((time.perf_counter() - started, int(head[9:12])))
            except (ConnectionError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
                samples.append((time.perf_counter() - started, 0))
                writer.close()
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.close()

    async def connections() -> None:
        await asyncio.gather(*(connection() for _ in range(CONCURRENCY)))

    cpu, started = time.process_time(), time.perf_counter()
    asyncio.run(connections())
    return time.perf_counter() - started, time.process_time() - cpu, samples


@contextmanager
def _running(command: list[str], env: dict[str, str], port: int) -> Iterator[None]:
    """Start a server process, yield once it answers, stop it on exit."""
    process = subprocess.Popen(  # noqa: S603 (our own mock, or the pinned Prism)
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        started = time.monotonic()
        while process.poll() is None and time.monotonic() - started < START_TIMEOUT_SECONDS:
            try:
                headers = {"Authorization": f"Bearer {API_KEY}"}
                httpx.get(f"http://127.0.0.1:{port}/v2/chargeboxes/1", headers=headers, timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        else:
            raise RuntimeError(f"{shlex.join(command)}: no answer (exit {process.returncode})")
        yield
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def _ensure_prism() -> str | None:
    """Install the pinned Prism into bench/.prism if missing; the reason when it cannot be."""
    if PRISM.exists():
        return None
    try:
        completed = subprocess.run(PRISM_INSTALL, capture_output=True, text=True, check=False)  # noqa: S603
    except FileNotFoundError:
        return "npm is not installed"
    if completed.returncode != 0 or not PRISM.exists():
        return f"npm install failed: {completed.stderr.strip()[-500:]}"
    return None


def _measure(
    server: str, command: list[str], env: dict[str, str], port: int, budget: Budget
) -> list[Load]:
    """Start the server, warm it up, then load each operation `budget.rounds` times."""
    requests = budget.requests
    offsets = itertools.count(0, requests)
    loads: list[Load] = []
    with _running(command, env, port):
        for operation in (CREATE, FETCH):
            _load(port, operation, budget.warm_up, next(offsets))
        timed = [
            (op, _load(port, op, requests, next(offsets)))
            for _ in range(budget.rounds)
            for op in (CREATE, FETCH)
        ]
    for operation in (CREATE, FETCH):
        runs = [result for op, result in timed if op == operation]
        samples = list(itertools.chain.from_iterable(samples for _, _, samples in runs))
        latencies = sorted(latency for latency, _ in samples)
        statuses = Counter(status for _, status in samples)
        quantiles = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0.0] * 99
        loads.append(
            Load(
                server=server,
                operation=operation,
                requests_per_second=[requests / wall for wall, _, _ in runs],
                p50_seconds=quantiles[49],
                p99_seconds=quantiles[98],
                requests=requests * len(runs),
                non_2xx_or_failed=sum(n for status, n in statuses.items() if status // 100 != 2),
                statuses=dict(sorted(statuses.items())),
                generator_cpu_share=statistics.median(cpu / wall for wall, cpu, _ in runs),
            )
        )
    return loads


def run(quick: bool) -> MockThroughput:
    """Benchmark 4: the bundled mock, then Prism (installed with npm if missing), each alone."""
    budget = Budget(200, 1, 100) if quick else Budget(2000, 3, 200)
    with socket.socket() as probe:  # a free port, for one server at a time
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    prism = [str(PRISM), "mock", "openapi.yaml", "-p", str(port), "-h", "127.0.0.1"]
    ours_env = os.environ | {"PORT": str(port), "SPIRII_MOCK_API_KEY": API_KEY}
    servers = {
        OURS: ([sys.executable, "-m", "mock"], ours_env),
        PRISM_NAME: (prism, dict(os.environ)),
    }
    skipped = _ensure_prism()
    loads = [
        load
        for server, (command, env) in servers.items()
        if server == OURS or skipped is None
        for load in _measure(server, command, env, port, budget)
    ]
    return MockThroughput(
        commands=[
            "PORT=<port> SPIRII_MOCK_API_KEY=<key> python -m mock",
            shlex.join(prism).replace(f"{ROOT}/", "").replace(str(port), "<port>"),
            shlex.join(PRISM_INSTALL).replace(f"{ROOT}/", "") + "  # once",
            "# load: HTTP/1.1 on asyncio streams (bench/mock_throughput.py), keep-alive "
            "connections with one request in flight on each, 'Authorization: Bearer <key>'",
            "# the servers run one after the other, each alone, stdout and stderr to /dev/null",
        ],
        parameters={
            "connections": CONCURRENCY,
            "requests per operation per round": budget.requests,
            "timed rounds per server": budget.rounds,
            "untimed warm-up requests per operation": budget.warm_up,
            "Prism": f"not measured: {skipped}" if skipped else "measured",
        },
        loads=loads,
    )
