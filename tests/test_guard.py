"""The guard is proven, not claimed: it passes the faithful mock, fails every drift of the
catalog with the check that should catch it, and tolerates the changes it must tolerate."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor

import pytest

from contract_tests.schema import default_seed
from drift.account import populated_store
from drift.catalog import DRIFT_API_KEY, DRIFTS, Drift
from drift.readme_table import RESULTS
from drift.runner import CATALOG_EXAMPLES, GuardVerdict, run_guard
from mock.server import create_app


@pytest.fixture(scope="module")
def verdicts() -> dict[str, GuardVerdict]:
    """One guard run per catalog entry, two at a time (the machine has two cores); the results
    go to reports/drift-catalog.json for the README's table (drift/readme_table.py)."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        runs = list(pool.map(lambda d: run_guard(d.app(DRIFT_API_KEY), DRIFT_API_KEY), DRIFTS))
    entries = [
        {
            "name": drift.name,
            "caught_by": drift.caught_by,
            "warns": drift.warns,
            "checks": sorted(verdict.checks),
            "exit_code": verdict.exit_code,
            "seconds_to_detect": verdict.seconds_to_detect,
        }
        for drift, verdict in zip(DRIFTS, runs, strict=True)
    ]
    RESULTS.parent.mkdir(exist_ok=True)
    record = {"seed": default_seed(), "examples": CATALOG_EXAMPLES, "entries": entries}
    RESULTS.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    return {drift.name: verdict for drift, verdict in zip(DRIFTS, runs, strict=True)}


def test_the_faithful_mock_passes_over_http() -> None:
    verdict = run_guard(create_app(api_key=DRIFT_API_KEY), DRIFT_API_KEY)
    assert verdict.exit_code == 0, verdict.explain()
    assert verdict.checks == frozenset()
    statuses = verdict.summary["statuses"]
    assert statuses["POST /v2/chargeboxes"].get("201", 0) > 0, "the 201 path was not exercised"
    assert statuses["GET /v2/chargeboxes/{id}"].get("200", 0) > 0
    assert "Spirii contract summary" in verdict.stdout


def test_live_mode_without_allow_writes_reads_only_and_says_so() -> None:
    # An account with charge boxes in it, so fetching one can succeed.
    app = create_app(api_key=DRIFT_API_KEY, store=populated_store(3))
    verdict = run_guard(app, DRIFT_API_KEY, allow_writes=False)
    assert verdict.exit_code == 0, verdict.explain()
    assert "POST /v2/chargeboxes" not in verdict.summary["statuses"]
    assert verdict.summary["created_ids"] == []
    assert "writes SKIPPED" in verdict.stdout
    assert "GET /v2/chargeboxes" in verdict.summary["statuses"]


def test_the_key_appears_nowhere_in_output_or_reports() -> None:
    """A drifted server makes the guard print failures and curls: none may carry the key."""
    key = "sk-live-RECOGNISABLE-5e3c1b"
    drift = next(d for d in DRIFTS if d.caught_by == "response_schema_conformance")
    verdict = run_guard(drift.app(key), key)
    assert verdict.exit_code == 1, verdict.explain()
    assert "[Filtered]" in verdict.stdout  # the curls are there, redacted
    assert key not in verdict.stdout
    assert key not in verdict.stderr
    reports = list(verdict.reports_dir.rglob("*"))
    assert {path.name for path in reports} >= {"contract-junit.xml", "contract-summary.md"}
    for path in reports:
        assert key not in path.read_text(encoding="utf-8", errors="replace"), path


@pytest.mark.parametrize("drift", [d for d in DRIFTS if d.caught_by], ids=lambda d: d.name)
def test_the_guard_catches_the_drift(drift: Drift, verdicts: dict[str, GuardVerdict]) -> None:
    verdict = verdicts[drift.name]
    assert verdict.exit_code == 1, verdict.explain()
    assert drift.caught_by in verdict.checks, verdict.explain()
    assert drift.caught_by in verdict.stdout  # named in the report a person reads


@pytest.mark.parametrize("drift", [d for d in DRIFTS if not d.caught_by], ids=lambda d: d.name)
def test_the_guard_tolerates_the_change(drift: Drift, verdicts: dict[str, GuardVerdict]) -> None:
    verdict = verdicts[drift.name]
    assert verdict.exit_code == 0, verdict.explain()
    assert bool(verdict.warnings) == drift.warns, verdict.warnings
