"""Measures one read-only guard run against a populated account that looks remote, so it is paced
as Spirii is: what was sent, how long it took, and the most reads the server saw in a minute.

`python -m drift.measure_read_only` serves `populated(nestjs_express)` (300 charge boxes) on
loopback and runs the real guard there, paced as for Spirii (SPIRII_CONTRACT_PACE=1), with
schemathesis.toml's example budget.
"""

from __future__ import annotations

import sys
from collections import Counter

from contract_tests.permission import SAFE_METHODS
from contract_tests.schema import file_settings
from contract_tests.settings import settings
from drift.account import populated
from drift.framework import nestjs_express
from drift.recording import Recorder, most_in_window
from drift.runner import run_guard_at
from mock.server import ChargeBoxStore
from mock.serving import serving

ACCOUNT_SIZE = 300
API_KEY = "sk-measure-read-only-7f1d2c"


def main() -> int:
    """Run the measurement once, print it, and exit with the guard's verdict."""
    examples: int = file_settings()["generation"]["max-examples"]
    recorder = Recorder(populated(nestjs_express, ACCOUNT_SIZE)(API_KEY, ChargeBoxStore()))
    with serving(recorder) as base_url:
        verdict = run_guard_at(
            base_url,
            API_KEY,
            allow_writes=False,
            examples=examples,
            environment={"SPIRII_CONTRACT_PACE": "1"},
            warm=False,  # timed as a run in production starts
        )
    account = verdict.summary.get("account", {})
    sent = verdict.summary.get("sent", {})
    received = recorder.methods()
    reads = recorder.times(SAFE_METHODS)

    def by_method(counts: dict[str, int] | Counter[str]) -> str:
        return ", ".join(f"{count} {method}" for method, count in sorted(counts.items()))

    print(f"target: {base_url} ({ACCOUNT_SIZE} charge boxes, nestjs_express), read-only")
    print(f"example budget per operation: {examples} (schemathesis.toml)")
    print(f"requests sent (guard's report): {by_method(sent) or 'none'}")
    print(f"requests received (server): {by_method(received) or 'none'}")
    print(f"pages walked: {account.get('pages')} (whole list: {account.get('complete')})")
    print(f"charge boxes listed: {account.get('chargeboxes')}")
    print(f"ids fetched: {account.get('fetched')}")
    print(f"wall time: {verdict.wall_seconds:.1f} s")
    print(f"verdict: exit {verdict.exit_code}")
    print(
        f"peak reads in any 60 s window: {most_in_window(reads, 60)} "
        f"(server's clock; vendor limit {settings().pacing.reads_per_minute})"
    )
    if verdict.exit_code != 0:
        print(verdict.explain(), file=sys.stderr)
    return verdict.exit_code


if __name__ == "__main__":
    raise SystemExit(main())
