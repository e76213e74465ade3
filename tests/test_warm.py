"""The warm guard (drift/warm.py) is the guard: a run forked from a warm interpreter says what a
run in a fresh one says, each run sees only its own settings (a planted plugin too), and what a
warm interpreter cannot honour runs cold."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from drift.account import populated_store
from drift.catalog import DRIFT_API_KEY, DRIFTS
from drift.runner import ROOT, GuardVerdict, run_guard, run_guard_at
from drift.warm import WarmGuard
from mock.server import create_app

# Nothing listens there, and nothing is sent: each planted module below ends its run first.
UNREACHABLE = "http://127.0.0.1:9"


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
        # One example an operation: what is asserted is which requests each run may send.
        return run_guard(app, DRIFT_API_KEY, allow_writes=writes, examples=1)

    writes, read_only = run(True), run(False)

    assert writes.summary["sent"].get("POST", 0) > 0, writes.explain()
    assert "POST" not in read_only.summary["sent"], read_only.explain()
    assert "writes SKIPPED" in read_only.stdout


def test_a_plugin_planted_in_front_of_the_path_is_seen_by_a_warm_run_and_no_other(
    tmp_path: Path,
) -> None:
    (tmp_path / "planted.py").write_text(
        "import os\nimport pytest\n\n"
        "def pytest_configure(config):\n"
        "    pytest.exit(f\"planted plugin loaded, PYTHONPATH={os.environ['PYTHONPATH']}\")\n",
        encoding="utf-8",
    )

    def run(pythonpath: str) -> GuardVerdict:
        environment = {"PYTHONPATH": pythonpath, "PYTEST_ADDOPTS": "-p planted"}
        return run_guard_at(UNREACHABLE, DRIFT_API_KEY, environment=environment)

    planted, next_run = run(f"{tmp_path}:{ROOT}"), run(str(ROOT))

    assert planted.forked, planted.explain()
    said = planted.stdout + planted.stderr
    assert f"planted plugin loaded, PYTHONPATH={tmp_path}:{ROOT}" in said, said[-3000:]
    # Forked from the same server, the next run has neither the path nor the module: both ended
    # with the planted run's own fork.
    assert next_run.forked, next_run.explain()
    assert "No module named 'planted'" in next_run.stdout + next_run.stderr, next_run.explain()


@pytest.mark.parametrize("module", ["sitecustomize", "json"])
def test_a_planted_module_a_fork_would_not_see_runs_cold(module: str, tmp_path: Path) -> None:
    """sitecustomize runs as an interpreter starts; json is imported by the warm server already.
    A fresh interpreter imports the planted one, which says so and ends the run there."""
    (tmp_path / f"{module}.py").write_text(
        f"import os\nprint('planted {module} imported', flush=True)\nos._exit(0)\n",
        encoding="utf-8",
    )
    environment = {"PYTHONPATH": f"{tmp_path}:{ROOT}"}
    verdict = run_guard_at(UNREACHABLE, DRIFT_API_KEY, environment=environment)
    assert not verdict.forked
    assert f"planted {module} imported" in verdict.stdout, verdict.explain()


def test_a_run_that_changes_the_interpreter_runs_cold(tmp_path: Path) -> None:
    warm = WarmGuard()  # never started: each of these is refused before it would be
    interpreter = {name: value for name, value in os.environ.items() if name.startswith("PYTHON")}
    for changed in (
        {"PYTHONPATH": str(ROOT), "PYTHONHASHSEED": "4242"},  # another PYTHON* variable
        {"PYTHONPATH": f"{ROOT}:{tmp_path}"},  # an entry behind the server's
        {"PYTHONPATH": f"planted:{ROOT}"},  # a relative entry: read from where a run starts
        {"PYTHONPATH": str(tmp_path)},  # without the server's
    ):
        assert warm.run([], interpreter | changed, tmp_path, timeout=60) is None, changed
