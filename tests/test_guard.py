"""The guard is proven, not claimed: on every honest server personality it applies to, each entry
of the catalog gets its verdict: a drift fails with the check that should catch it, a change the
guard must tolerate passes, and a server it cannot check is called inconclusive."""

from __future__ import annotations

import json
from functools import cache

import pytest

from contract_tests.schema import default_seed
from drift.catalog import (
    ACCOUNT,
    DRIFT_API_KEY,
    NO_DRIFT,
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
    _key_appears_nowhere(verdict)
    if run.drift.caught_by == "response_schema_conformance":  # the curls are there, redacted
        assert "[Filtered]" in verdict.stdout or "$SPIRII_API_KEY" in verdict.stdout


@pytest.mark.parametrize("run", _runs(0), ids=_label)
def test_the_guard_passes_the_honest_server(run: CatalogRun) -> None:
    verdict = _verdict(run)
    assert verdict.exit_code == 0, verdict.explain()
    assert verdict.checks == frozenset(), verdict.explain()
    assert "Spirii contract summary" in verdict.stdout
    standing = STANDING_WARNINGS.get(run.personality)
    if standing is not None and run.writes and run.drift.name == NO_DRIFT:
        # the real framework's empty 200 to DELETE, which other entries may rewrite (a 204)
        assert any(standing in warning for warning in verdict.warnings), verdict.warnings
    warnings = [w for w in verdict.warnings if standing is None or standing not in w]
    assert bool(warnings) == run.drift.warns, warnings
    blips = verdict.summary["blips"]
    assert bool(blips) == run.drift.transient, blips
    assert all(blip["recovered"] for blip in blips), blips
    statuses = verdict.summary["statuses"]
    if run.writes:  # the create's 201 and the fetch of what it created were exercised
        assert statuses["POST /v2/chargeboxes"].get("201", 0) > 0, statuses
        assert statuses["GET /v2/chargeboxes/{id}"].get("200", 0) > 0, statuses
    else:  # live mode without SPIRII_ALLOW_WRITES reads only, and says so
        assert "POST /v2/chargeboxes" not in statuses, statuses
        assert verdict.summary["created_ids"] == []
        assert "writes SKIPPED" in verdict.stdout
        assert "GET /v2/chargeboxes" in statuses, statuses


@pytest.mark.parametrize("run", _runs(75), ids=_label)
def test_the_guard_says_when_it_checked_nothing(run: CatalogRun) -> None:
    verdict = _verdict(run)
    assert verdict.exit_code == 75, verdict.explain()
    assert verdict.checks == frozenset(), verdict.explain()
    assert "INCONCLUSIVE: never answered with success" in verdict.stdout


def test_the_real_framework_is_in_the_catalog() -> None:
    """NestJS on Express and on Fastify, run for real, are personalities where node runs, and
    make test runs the honest server on each in both modes; their verdicts, the empty 200 of the
    void DELETE a warning (DELETE is provisional) and never drift, are asserted by
    test_the_guard_passes_the_honest_server."""
    if REAL_FRAMEWORK_MISSING:
        pytest.skip(REAL_FRAMEWORK_MISSING)
    honest = {(run.personality, run.writes) for run in _runs(0) if run.drift.name == NO_DRIFT}
    for personality in STANDING_WARNINGS:
        assert (personality, True) in honest, sorted(honest)


def _key_appears_nowhere(verdict: GuardVerdict) -> None:
    """A drifted server makes the guard print failures and curls: none may carry the key."""
    assert DRIFT_API_KEY not in verdict.stdout
    assert DRIFT_API_KEY not in verdict.stderr
    reports = list(verdict.reports_dir.rglob("*"))
    assert {path.name for path in reports} >= {"contract-junit.xml", "contract-summary.md"}
    for path in reports:
        assert DRIFT_API_KEY not in path.read_text(encoding="utf-8", errors="replace"), path


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
