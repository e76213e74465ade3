"""`make stability`: consecutive guard runs against long-lived servers, state kept between runs (as
on a sandbox), with and without writes, over several seeds, at schemathesis.toml's example
budget. Every run must conform: any other verdict is a false alarm. Prints one line a run and
the count.

Two servers, each run STABILITY_RUNS times (default 24): the bundled mock holding a few charge
boxes, and the real NestJS (on Express, drift/framework.py) holding a populated account of 300
varied charge boxes.
"""

from __future__ import annotations

import itertools
import os
import sys
from collections.abc import Callable

from starlette.types import ASGIApp

from contract_tests.schema import file_settings
from drift.account import populated, populated_store
from drift.framework import nestjs_express
from drift.runner import run_guard_at
from mock.server import ChargeBoxStore, create_app
from mock.serving import serving

API_KEY = "stability-key"
SEEDS = (20250127, 1, 2, 3, 4, 5)
SERVERS: dict[str, Callable[[], ASGIApp]] = {
    "mock": lambda: create_app(api_key=API_KEY, store=populated_store(5)),
    "nestjs (express), populated": lambda: populated(nestjs_express)(API_KEY, ChargeBoxStore()),
}


def main() -> int:
    """Run the guard STABILITY_RUNS times in a row against each server; exit 1 on a false alarm."""
    runs = int(os.environ.get("STABILITY_RUNS", "24"))
    examples: int = file_settings()["generation"]["max-examples"]
    alarms = 0
    for name, server in SERVERS.items():
        plan = itertools.islice(itertools.cycle(itertools.product(SEEDS, (True, False))), runs)
        with serving(server()) as base_url:
            for number, (seed, writes) in enumerate(plan, start=1):
                verdict = run_guard_at(
                    base_url, API_KEY, seed=seed, examples=examples, allow_writes=writes
                )
                alarms += verdict.exit_code != 0
                mode = "writes" if writes else "read-only"
                print(
                    f"{name}: run {number:>2}: seed {seed:>8}, {mode:<9} exit {verdict.exit_code} "
                    f"checks {sorted(verdict.checks) or '-'} ({verdict.wall_seconds:.1f} s)",
                    flush=True,
                )
    total = runs * len(SERVERS)
    print(f"false alarms: {alarms} of {total} runs ({runs} against each long-lived server)")
    return 1 if alarms else 0


if __name__ == "__main__":
    sys.exit(main())
