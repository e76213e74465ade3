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
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from bench.results import ROOT, Section, Table, ratio, times

PRISM_VERSION = "5.16.0"
PRISM_DIR = ROOT / "bench" / ".prism"
PRISM = PRISM_DIR / "node_modules" / ".bin" / "prism"
API_KEY = "bench-load-key"
CONCURRENCY = 32
START_TIMEOUT_SECONDS = 60
OURS, PRISM_NAME = "bundled mock", f"Prism {PRISM_VERSION}"
CREATE, FETCH = "create (POST /v2/chargeboxes)", "fetch (GET /v2/chargeboxes/{id})"
MODEL_IDS = (5678, 1234)


@dataclass(frozen=True)
class Budget:
    """Requests per operation per round; rounds per server; untimed warm-up requests."""

    requests: int
    rounds: int
    warm_up: int


FULL = Budget(requests=2000, rounds=3, warm_up=200)
QUICK = Budget(requests=200, rounds=1, warm_up=100)


@dataclass(frozen=True)
class Operation:
    """One kind of request of the load, built from a running index."""

    name: str
    method: str
    path: Callable[[int], str]
    body: Callable[[int], dict[str, Any] | None]


OPERATIONS = (
    Operation(
        CREATE,
        "POST",
        lambda _: "/v2/chargeboxes",
        lambda i: {
            "serialNumber": f"SN-{i:06d}",
            "locationId": 123,
            "modelId": MODEL_IDS[i % len(MODEL_IDS)],
        },
    ),
    # Ids of charge boxes the create load made (on Prism any id gets the spec's example).
    Operation(FETCH, "GET", lambda i: f"/v2/chargeboxes/{1 + i % 100}", lambda _: None),
)


@dataclass(frozen=True)
class LoadResult:
    """What one bounded load against one operation measured."""

    requests: int
    seconds: float
    latencies: list[float]
    statuses: Counter[int]
    transport_errors: int
    generator_cpu_seconds: float  # CPU the load generator itself used

    @property
    def per_second(self) -> float:
        """Completed requests per second."""
        return self.requests / self.seconds

    @property
    def non_2xx(self) -> int:
        """Answers outside 2xx, and requests that got no answer."""
        bad = sum(count for status, count in self.statuses.items() if status // 100 != 2)
        return bad + self.transport_errors


_CONTENT_LENGTH = re.compile(rb"\r\ncontent-length:[ \t]*([0-9]+)", re.IGNORECASE)


def _request_bytes(operation: Operation, index: int, port: int) -> bytes:
    body = operation.body(index)
    payload = b"" if body is None else json.dumps(body).encode()
    lines = [
        f"{operation.method} {operation.path(index)} HTTP/1.1",
        f"Host: 127.0.0.1:{port}",
        f"Authorization: Bearer {API_KEY}",
        "Accept: application/json",
    ]
    if body is not None:
        lines += ["Content-Type: application/json", f"Content-Length: {len(payload)}"]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + payload


async def _exchange(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes
) -> int:
    """Send one request on a kept-alive connection and read its whole answer; its status."""
    writer.write(request)
    head = await reader.readuntil(b"\r\n\r\n")
    length = _CONTENT_LENGTH.search(head)
    if length is None:
        raise ConnectionError("an answer without Content-Length")
    await reader.readexactly(int(length.group(1)))
    return int(head[9:12])


async def _load(port: int, operation: Operation, count: int, offset: int) -> LoadResult:
    """`count` requests over `CONCURRENCY` keep-alive connections, one request in flight on each.

    HTTP/1.1 by hand on asyncio streams: httpx's async client needs so much CPU per request that
    it, not the server, set the pace (tried: 100 % CPU at about 350 requests/s).
    """
    latencies: list[float] = []
    statuses: Counter[int] = Counter()
    errors = 0
    indices = itertools.count(offset)

    async def connection() -> None:
        nonlocal errors
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        while (index := next(indices)) < offset + count:
            started = time.perf_counter()
            try:
                status = await _exchange(reader, writer, _request_bytes(operation, index, port))
            except (ConnectionError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
                errors += 1
                writer.close()
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
                continue
            latencies.append(time.perf_counter() - started)
            statuses[status] += 1
        writer.close()

    cpu_started, started = time.process_time(), time.perf_counter()
    await asyncio.gather(*(connection() for _ in range(CONCURRENCY)))
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    return LoadResult(count, elapsed, latencies, statuses, errors, cpu)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _wait_until_serving(base_url: str, process: subprocess.Popen[bytes]) -> float:
    """Seconds until the server answers a read; fails if it exits or takes too long."""
    started = time.monotonic()
    headers = {"Authorization": f"Bearer {API_KEY}"}
    while time.monotonic() - started < START_TIMEOUT_SECONDS:
        if process.poll() is not None:
            raise RuntimeError(f"the server at {base_url} exited with {process.returncode}")
        try:
            httpx.get(f"{base_url}/v2/chargeboxes/1", headers=headers, timeout=1)
            return time.monotonic() - started
        except httpx.TransportError:
            time.sleep(0.1)
    raise RuntimeError(f"the server at {base_url} did not answer in {START_TIMEOUT_SECONDS} s")


@contextmanager
def _running(command: list[str], env: dict[str, str], base_url: str) -> Iterator[float]:
    """Start a server process, yield its start-up seconds once it answers, stop it on exit."""
    process = subprocess.Popen(  # noqa: S603 (our own mock, or the pinned Prism)
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        yield _wait_until_serving(base_url, process)
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
    install = [
        "npm",
        "install",
        "--prefix",
        str(PRISM_DIR),
        f"@stoplight/prism-cli@{PRISM_VERSION}",
    ]
    try:
        completed = subprocess.run(  # noqa: S603
            [*install, "--no-audit", "--no-fund"], capture_output=True, text=True, check=False
        )
    except FileNotFoundError:
        return "npm is not installed"
    if completed.returncode != 0 or not PRISM.exists():
        return f"npm install failed: {completed.stderr.strip()[-500:]}"
    return None


def _server_commands(port: int) -> dict[str, tuple[list[str], dict[str, str]]]:
    ours_env = os.environ | {"PORT": str(port), "SPIRII_MOCK_API_KEY": API_KEY}
    prism = [str(PRISM), "mock", "openapi.yaml", "-p", str(port), "-h", "127.0.0.1"]
    return {
        OURS: ([sys.executable, "-m", "mock.server"], ours_env),
        PRISM_NAME: (prism, dict(os.environ)),
    }


@dataclass(frozen=True)
class ServerResults:
    """Every round of every operation against one server, and its start-up time."""

    start_seconds: float
    rounds: dict[str, list[LoadResult]]


def _measure(command: list[str], env: dict[str, str], port: int, budget: Budget) -> ServerResults:
    base_url = f"http://127.0.0.1:{port}"
    offset = itertools.count(0, budget.requests)
    with _running(command, env, base_url) as start_seconds:
        for operation in OPERATIONS:
            asyncio.run(_load(port, operation, budget.warm_up, next(offset)))
        rounds: dict[str, list[LoadResult]] = {operation.name: [] for operation in OPERATIONS}
        for _ in range(budget.rounds):
            for operation in OPERATIONS:
                load = _load(port, operation, budget.requests, next(offset))
                rounds[operation.name].append(asyncio.run(load))
    return ServerResults(start_seconds, rounds)


def _millis(value: float) -> str:
    return f"{value * 1000:.1f} ms"


def _summary(results: list[LoadResult]) -> dict[str, Any]:
    latencies = sorted(itertools.chain.from_iterable(r.latencies for r in results))
    statuses: Counter[int] = Counter()
    for result in results:
        statuses.update(result.statuses)
    quantiles = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0.0] * 99
    return {
        "requests_per_second": statistics.median(r.per_second for r in results),
        "p50_seconds": quantiles[49],
        "p99_seconds": quantiles[98],
        "statuses": {str(status): count for status, count in sorted(statuses.items())},
        "non_2xx_or_failed": sum(r.non_2xx for r in results),
        "requests": sum(r.requests for r in results),
        "generator_cpu_share": statistics.median(
            r.generator_cpu_seconds / r.seconds for r in results
        ),
    }


def run(quick: bool) -> list[Section]:
    """Benchmark 4."""
    budget = QUICK if quick else FULL
    port = _free_port()
    commands = _server_commands(port)
    skipped = _ensure_prism()
    results = {
        name: _measure(command, env, port, budget)
        for name, (command, env) in commands.items()
        if name == OURS or skipped is None
    }
    summaries = {
        (server, op): _summary(res.rounds[op])
        for server, res in results.items()
        for op in res.rounds
    }
    rows: list[tuple[str, ...]] = []
    for operation in OPERATIONS:
        for server in results:
            s = summaries[(server, operation.name)]
            rows.append(
                (
                    operation.name,
                    server,
                    f"{s['requests_per_second']:,.0f}",
                    _millis(s["p50_seconds"]),
                    _millis(s["p99_seconds"]),
                    f"{s['non_2xx_or_failed']} of {s['requests']}",
                    ", ".join(f"{code}: {n}" for code, n in s["statuses"].items()),
                    f"{s['generator_cpu_share']:.0%}",
                )
            )
    ratios = {
        operation.name: ratio(
            summaries[(OURS, operation.name)]["requests_per_second"],
            summaries[(PRISM_NAME, operation.name)]["requests_per_second"],
        )
        if PRISM_NAME in results
        else None
        for operation in OPERATIONS
    }
    verdict = (
        [f"Prism was not measured: {skipped}."]
        if skipped
        else [
            f"Throughput of the bundled mock ÷ Prism's: create **{times(ratios[CREATE])}**, "
            f"fetch **{times(ratios[FETCH])}** (medians of {budget.rounds} rounds of "
            f"{budget.requests:,} requests, {CONCURRENCY} in flight)."
        ]
    )
    return [
        Section(
            key="mock_throughput",
            title="4. Mock throughput: the bundled mock vs Stoplight Prism",
            verdict=verdict,
            commands=[
                f"PORT=<port> SPIRII_MOCK_API_KEY=<key> {Path(sys.executable).name} -m mock.server",
                shlex.join(commands[PRISM_NAME][0])
                .replace(str(ROOT) + "/", "")
                .replace(str(port), "<port>"),
                f"npm install --prefix bench/.prism @stoplight/prism-cli@{PRISM_VERSION} "
                "--no-audit --no-fund  # once",
                f"# load: HTTP/1.1 on asyncio streams (bench/mock_throughput.py), {CONCURRENCY} "
                f"keep-alive connections with one request in flight on each, "
                f"{budget.requests:,} per operation per round, "
                f"{budget.rounds} round(s) per server after {budget.warm_up} warm-up requests "
                "per operation; "
                "every request carries 'Authorization: Bearer <key>'; create bodies are valid "
                f"(models {MODEL_IDS} alternating, no chargeBoxIdentity); fetch ids 1..100",
                "# the servers run one after the other, each alone, stdout/stderr to /dev/null",
            ],
            tables=[
                Table(
                    "Per operation and server (requests/s: median of rounds; latency "
                    "percentiles over every request of every round)",
                    (
                        "operation",
                        "server",
                        "requests/s",
                        "p50",
                        "p99",
                        "non-2xx or failed",
                        "statuses",
                        "load generator CPU",
                    ),
                    tuple(rows),
                ),
                Table(
                    "Start-up (process start to first answer)",
                    ("server", "seconds"),
                    tuple((name, f"{res.start_seconds:.2f} s") for name, res in results.items()),
                ),
            ],
            notes=[
                "Prism checks that a request carries a bearer token but not which one; the "
                "bundled mock checks the key. Prism answers every valid request with the spec's "
                "example (static mode) and keeps no state; the bundled mock stores every "
                "created charge box and renders it from the store.",
                "Both log every request by default (uvicorn's access log; Prism at level "
                "'info', which also validates its own responses and logs each violation: it "
                "flags the spec's `YYYY-MM-DD HH:MM:SS` timestamps as not `date-time`, like "
                "the plain CLI does). Both logs went to /dev/null.",
                "Client and server share the machine's cores. 'load generator CPU' is the "
                "benchmark process's CPU time over the round's wall time: near 100 % means the "
                "load generator, not the server, set the pace, and the server's real capacity "
                "is higher than shown.",
                f"Prism {PRISM_VERSION} declares node >= 24.18 and warns at install; it ran on "
                "the node shown in the machine table.",
            ],
            data={
                "concurrency": CONCURRENCY,
                "requests_per_round": budget.requests,
                "rounds": budget.rounds,
                "ratio_ours_to_prism": ratios,
                "prism_skipped": skipped,
                "start_seconds": {name: res.start_seconds for name, res in results.items()},
                "summaries": {f"{server} / {op}": s for (server, op), s in summaries.items()},
                "requests_per_second_samples": {
                    f"{server} / {op}": [r.per_second for r in res.rounds[op]]
                    for server, res in results.items()
                    for op in res.rounds
                },
            },
        )
    ]
