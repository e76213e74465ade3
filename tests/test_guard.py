"""The guard is proven, not claimed: on every honest server personality it applies to, each entry
of the catalog gets its verdict: a drift fails with the check that should catch it, a change the
guard must tolerate passes, and a server it cannot check is called inconclusive."""

from __future__ import annotations

import json
from functools import cache

import pytest

from contract_tests.schema import default_seed
from drift.account import populated_store
from drift.catalog import (
    ACCOUNT,
    DRIFT_API_KEY,
    DRIFTS,
    REAL_FRAMEWORK_MISSING,
    RUNS,
    STANDING_WARNINGS,
    CatalogRun,
    Drift,
    selected_runs,
)
from drift.readme_table import RESULTS
from drift.rewriting import Exchange
from drift.runner import CATALOG_EXAMPLES, GuardVerdict, run_guard
from mock.server import create_app


def _verdict(run: CatalogRun) -> GuardVerdict:
    """The real guard's verdict on one catalog run (once per test worker), also written to
    reports/drift-catalog/ for the README's table (drift/readme_table.py)."""
    return _verdict_of(run.label)


@cache
def _verdict_of(label: str) -> GuardVerdict:
    run = next(run for run in RUNS if run.label == label)
    verdict = run.verdict()
    entry = {
        "name": run.drift.name,
        "personality": run.personality,
        "writes": run.writes,
        "expected_exit": run.drift.expected_exit,
        "caught_by": run.drift.caught_by,
        "checks": sorted(verdict.checks),
        "exit_code": verdict.exit_code,
        "seconds": verdict.seconds_to_detect or round(verdict.wall_seconds, 2),
    }
    record = {
        "seed": default_seed(),
        "examples": CATALOG_EXAMPLES,
        "order": RUNS.index(run),
        "entry": entry,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{RUNS.index(run):03d}.json").write_text(json.dumps(record, indent=2) + "\n")
    return verdict


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


def _runs(expected_exit: int) -> list[CatalogRun]:
    """`make test`'s runs of the catalog, or under `make catalog` all of them."""
    return [run for run in selected_runs() if run.drift.expected_exit == expected_exit]


def _label(run: CatalogRun) -> str:
    return run.label


@pytest.mark.parametrize("run", _runs(1), ids=_label)
def test_the_guard_catches_the_drift(run: CatalogRun) -> None:
    verdict = _verdict(run)
    assert verdict.exit_code == 1, verdict.explain()
    assert run.drift.caught_by in verdict.checks, verdict.explain()
    assert run.drift.caught_by in verdict.stdout  # named in the report a person reads


@pytest.mark.parametrize("run", _runs(0), ids=_label)
def test_the_guard_passes_the_honest_server(run: CatalogRun) -> None:
    verdict = _verdict(run)
    assert verdict.exit_code == 0, verdict.explain()
    standing = STANDING_WARNINGS.get(run.personality)
    warnings = [w for w in verdict.warnings if standing is None or standing not in w]
    assert bool(warnings) == run.drift.warns, warnings
    blips = verdict.summary["blips"]
    assert bool(blips) == run.drift.transient, blips
    assert all(blip["recovered"] for blip in blips), blips


@pytest.mark.parametrize("run", _runs(75), ids=_label)
def test_the_guard_says_when_it_checked_nothing(run: CatalogRun) -> None:
    verdict = _verdict(run)
    assert verdict.exit_code == 75, verdict.explain()
    assert verdict.checks == frozenset(), verdict.explain()
    assert "INCONCLUSIVE: never answered with success" in verdict.stdout


def test_the_real_framework_is_in_the_catalog() -> None:
    """NestJS on Express and on Fastify, run for real, are personalities where node runs; the
    empty 200 of their void DELETE is a warning (DELETE is provisional), never drift."""
    if REAL_FRAMEWORK_MISSING:
        pytest.skip(REAL_FRAMEWORK_MISSING)
    for personality, standing in STANDING_WARNINGS.items():
        label = f"no drift: the server as it is [{personality}, writes]"
        verdict = _verdict(next(run for run in RUNS if run.label == label))
        assert verdict.exit_code == 0, verdict.explain()
        assert any(standing in warning for warning in verdict.warnings), verdict.warnings


def _bad_pages(box: dict[str, object]) -> dict[str, object]:
    """Drift on the first page (charge box 5) and on the last (charge box 250)."""
    if box["id"] == 5:
        return box | {"isOnline": "yes"}
    return box | {"serialNumber": 12345} if box["id"] == LATE_ID else box


LATE_ID = 250


def _fetched_model_id_as_text(exchange: Exchange) -> None:
    fetch = exchange.method == "GET" and exchange.path.startswith("/v2/chargeboxes/")
    if fetch and exchange.status == 200 and isinstance(exchange.body, dict):
        exchange.body["model"]["id"] = str(exchange.body["model"]["id"])


def test_one_bad_page_does_not_blind_the_walk() -> None:
    """Drift on page 1 does not stop the walk: page 3's drift is found too, and the sampled ids
    are still fetched and checked."""
    drift = Drift(
        "", None, chargebox=_bad_pages, exchange=_fetched_model_id_as_text, account=ACCOUNT
    )
    verdict = run_guard(drift.app(DRIFT_API_KEY), DRIFT_API_KEY, allow_writes=False)
    assert verdict.exit_code == 1, verdict.explain()
    account = verdict.summary["account"]
    assert (account["pages"], account["complete"], account["fetched"]) == (3, True, 20)
    walk = [f for f in verdict.summary["failures"] if f["test"] == "test_account_reads_back"]
    seen = {(c["operation"], c["where"]) for f in walk for c in f["changes"]}
    assert ("GET /v2/chargeboxes", "$.data[4].isOnline") in seen, seen
    assert ("GET /v2/chargeboxes", f"$.data[{LATE_ID - 201}].serialNumber") in seen, seen
    assert ("GET /v2/chargeboxes/{id}", "$.model.id") in seen, seen
    assert all(f["curls"] for f in walk), "a drift without a reproducing curl"
