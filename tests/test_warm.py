"""The warm guard (drift/warm.py) is the guard: a run forked from a warm interpreter says what a
run in a fresh one says, each run sees only its own settings, and what a warm interpreter cannot
honour runs cold."""

from __future__ import annotations

from pathlib import Path

from drift.account import populated_store
from drift.catalog import DRIFT_API_KEY, DRIFTS
from drift.runner import ROOT, GuardVerdict, run_guard
from drift.warm import WarmGuard
from mock.server import create_app


def _said(verdict: GuardVerdict) -> tuple[object, ...]:
    """What a run concluded, and what it sent requests to (how many, and which drift was caught
    first, can differ: a server slow under load gets a request sent again)."""
    summary = verdict.summary
    return (
        verdict.exit_code,
        verdict.checks,
        sorted((f["check"], f["operation"], f["where"], f["title"]) for f in summary["findings"]),
        sorted(summary["sent"]),
        sorted(summary["statuses"]),
    )


def test_a_warm_run_says_what_a_cold_run_says() -> None:
    drift = next(d for d in DRIFTS if d.name == "isOnline sent as a string")

    def run(warm: bool) -> GuardVerdict:
        return run_guard(drift.app(DRIFT_API_KEY), DRIFT_API_KEY, warm=warm)

    warm, cold = run(warm=True), run(warm=False)

    assert warm.exit_code == 1, warm.explain()
    assert _said(warm) == _said(cold)


def test_each_warm_run_sees_only_its_own_settings() -> None:
    def run(writes: bool) -> GuardVerdict:
        app = create_app(api_key=DRIFT_API_KEY, store=populated_store(3))
        return run_guard(app, DRIFT_API_KEY, allow_writes=writes)

    writes, read_only = run(True), run(False)

    assert writes.summary["sent"].get("POST", 0) > 0, writes.explain()
    assert "POST" not in read_only.summary["sent"], read_only.explain()
    assert "writes SKIPPED" in read_only.stdout


def test_a_run_that_changes_the_interpreter_runs_cold(tmp_path: Path) -> None:
    warm = WarmGuard()
    planted = {"PYTHONPATH": f"{tmp_path}:{ROOT}"}
    assert warm.run([], planted, tmp_path, timeout=60) is None
