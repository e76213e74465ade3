"""`python -m bench`: run the benchmarks one after the other, write bench/results.md and .json.

BENCH_QUICK=1 runs each with few repetitions, BENCH_ONLY=guard,client,mock,generation a subset;
either writes bench/results-smoke.md and .json instead (git-ignored), never the real results.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

from bench import client_overhead, generation, guard_vs_cli, mock_throughput
from bench.results import Section, machine, write

BENCH_DIR = Path(__file__).resolve().parent
# In the order they run; results are shown in the order of their titles.
BENCHMARKS: dict[str, Callable[[bool], list[Section]]] = {
    "generation": generation.run,
    "client": client_overhead.run,
    "mock": mock_throughput.run,
    "guard": guard_vs_cli.run,
}


def _selected() -> list[str]:
    wanted = [name.strip() for name in os.environ.get("BENCH_ONLY", "").split(",") if name.strip()]
    unknown = sorted(set(wanted) - set(BENCHMARKS))
    if unknown:
        raise SystemExit(f"BENCH_ONLY: expected some of {', '.join(BENCHMARKS)}, got {unknown}")
    return wanted or list(BENCHMARKS)


def main() -> None:
    """Run the selected benchmarks and write their results."""
    quick = os.environ.get("BENCH_QUICK", "") == "1"
    selected = _selected()
    smoke = quick or len(selected) < len(BENCHMARKS)
    host = machine()
    started = time.monotonic()
    sections: list[Section] = []
    for name in selected:
        print(f"bench: {name} ...", file=sys.stderr, flush=True)
        began = time.monotonic()
        sections += BENCHMARKS[name](quick)
        print(f"bench: {name} took {time.monotonic() - began:.0f} s", file=sys.stderr, flush=True)
    sections.sort(key=lambda section: section.title)
    total = time.monotonic() - started
    stem = "results-smoke" if smoke else "results"
    paths = write(BENCH_DIR, stem, sections, host, total, smoke)
    print(f"bench: {total / 60:.1f} min; wrote {', '.join(str(p) for p in paths)}", file=sys.stderr)


if __name__ == "__main__":
    main()
