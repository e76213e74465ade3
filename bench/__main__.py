"""`python -m bench`: run the benchmarks one after the other, write bench/results.md and .json.

BENCH_QUICK=1 runs each with few repetitions, BENCH_ONLY=guard,client,mock,generation a subset;
either writes bench/results-smoke.md and .json instead (git-ignored), never the real results.
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys
import time
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any

from bench import client_overhead, generation, guard_vs_cli, mock_throughput, render

BENCH_DIR = Path(__file__).resolve().parent
PACKAGES = (
    "schemathesis",
    "hypothesis",
    "pytest",
    "httpx",
    "uvicorn",
)  # their versions shape results
# In the order they run; results.md shows them in render.ORDER.
BENCHMARKS: dict[str, Callable[[bool], render.Result]] = {
    "generation": generation.run,
    "client": client_overhead.run,
    "mock": mock_throughput.run,
    "guard": guard_vs_cli.run,
}


def _output(*command: str) -> str:
    try:
        completed = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    except FileNotFoundError:
        return "not installed"
    return completed.stdout.strip() or completed.stderr.strip()


def machine() -> dict[str, Any]:
    """What the numbers were measured on, and the commit (with changes outside bench/)."""
    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    cpus = [line.partition(":")[2].strip() for line in cpuinfo.splitlines() if "model name" in line]
    status = _output("git", "-C", str(BENCH_DIR.parent), "status", "--porcelain").splitlines()
    changed = len([line for line in status if not line[3:].startswith("bench/")])
    head = _output("git", "-C", str(BENCH_DIR.parent), "rev-parse", "--short", "HEAD")
    return {
        "nproc": os.cpu_count(),
        "cpus_usable": len(os.sched_getaffinity(0)),
        "cpu": cpus[0] if cpus else platform.processor() or "unknown",
        "load_average_at_start": [round(load, 2) for load in os.getloadavg()],
        "os": platform.platform(),
        "working_tree": f"{head} + {changed} uncommitted change(s) outside bench/",
        "python": sys.version.split()[0],
        "python_executable": sys.executable,
        "node": _output("node", "--version"),
        **{name: metadata.version(name) for name in PACKAGES},
        "PYTHONDONTWRITEBYTECODE": os.environ.get("PYTHONDONTWRITEBYTECODE", ""),
    }


def main() -> None:
    """Run the selected benchmarks and write their results."""
    quick = os.environ.get("BENCH_QUICK", "") == "1"
    wanted = {name.strip() for name in os.environ.get("BENCH_ONLY", "").split(",")} - {""}
    if wanted - set(BENCHMARKS):
        raise SystemExit(f"BENCH_ONLY: expected some of {', '.join(BENCHMARKS)}, got {wanted}")
    selected = [name for name in BENCHMARKS if name in wanted] or list(BENCHMARKS)
    smoke = quick or len(selected) < len(BENCHMARKS)
    host, started = machine(), time.monotonic()
    results: dict[str, render.Result] = {}
    for name in selected:
        print(f"bench: {name} ...", file=sys.stderr, flush=True)
        began = time.monotonic()
        results[name] = BENCHMARKS[name](quick)
        print(f"bench: {name} took {time.monotonic() - began:.0f} s", file=sys.stderr, flush=True)
    total = time.monotonic() - started
    stem = "results-smoke" if smoke else "results"
    paths = render.write(BENCH_DIR, stem, results, host, total, smoke)
    print(f"bench: {total / 60:.1f} min; wrote {', '.join(map(str, paths))}", file=sys.stderr)


if __name__ == "__main__":
    main()
