"""Benchmarks 1 and 2: the drift guard against the plain schemathesis CLI on the same served
servers (wall time, drifts caught, false alarms), and how soon the guard names each drift."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path
from typing import Any, TypeVar
from xml.etree import ElementTree

from starlette.types import ASGIApp

from contract_tests.schema import default_seed
from drift.catalog import DRIFT_API_KEY, DRIFTS
from drift.runner import CATALOG_EXAMPLES, run_guard
from mock.server import create_app
from mock.serving import serving

ROOT = Path(__file__).resolve().parent.parent
FAITHFUL = "faithful mock"
TIME_TARGET = 1.5  # the guard may cost at most this many times the CLI's wall time
# Two at a time, as tests/test_guard.py runs the catalog: the machine has two cores.
WORKERS = 2
GUARD, CLI = "guard", "plain CLI"
GUARD_WARM, CLI_WARM = "guard, warm caches", "plain CLI, warm caches"
# The CLI prints each phase's duration, e.g. " ❌  Coverage (in 1.14s)".
_PHASE_TIME = re.compile(r"(Examples|Coverage|Fuzzing|Stateful) \(in ([0-9.]+)s\)")
R = TypeVar("R")


@dataclass(frozen=True)
class ToolRun:
    """One run of the guard or of the plain CLI against one served server."""

    exit_code: int
    failures: tuple[str, ...]  # guard: the checks that failed; CLI: "<code> <title> @ <operation>"
    warnings: int  # guard: warnings in its summary (the CLI reports none)
    errors: int  # CLI: errors in its report (the guard reports none)
    wall_seconds: float
    tests_seconds: float  # guard: its pytest tests (JUnit XML); CLI: its phases (as printed)
    workflow_seconds: float  # of those, the stateful part (guard: create, fetch, list walk)
    work: int  # guard: requests in its summary; CLI: test cases in its report
    seconds_to_detect: float | None  # guard: from its start to its first recorded failure


@dataclass(frozen=True)
class Entry:
    """One server of the catalog and what each tool said about it."""

    name: str
    caught_by: str | None  # the check that must fail the guard; None: must be tolerated
    guard_by_seed: dict[int, ToolRun]  # the default seed first; more seeds for drifts only
    cli: ToolRun  # at the default seed


@dataclass(frozen=True)
class GuardBench:
    """Benchmarks 1 and 2: every measured run, and how they were run."""

    commands: list[str]
    parameters: dict[str, int | str]
    seed: int
    time_target: float
    faithful: dict[str, list[ToolRun]]  # GUARD, CLI, GUARD_WARM, CLI_WARM: timed, one at a time
    catalog: list[Entry]  # the faithful mock first


def served_app(entry: str) -> ASGIApp:
    """The faithful mock, or the catalog's drift of that name."""
    if entry == FAITHFUL:
        return create_app(api_key=DRIFT_API_KEY)
    return next(drift for drift in DRIFTS if drift.name == entry).app(DRIFT_API_KEY)


def _settings(entry: str) -> dict[str, Any]:
    """How the catalog runs `entry`: its first mode and its environment (remote control's
    settings, a time budget); the faithful mock with writes."""
    drift = next((drift for drift in DRIFTS if drift.name == entry), None)
    if drift is None:
        return {}
    return {"allow_writes": drift.modes[0], "environment": drift.environment}


def guard_run(entry: str, seed: int) -> ToolRun:
    """The real guard against `entry` served on loopback, as tests/test_guard.py runs it, but in a
    fresh interpreter each time, as in production (the tests' warm guard would flatter it)."""
    verdict = run_guard(
        served_app(entry),
        DRIFT_API_KEY,
        seed=seed,
        examples=CATALOG_EXAMPLES,
        warm=False,
        **_settings(entry),
    )
    junit = verdict.reports_dir / "contract-junit.xml"
    cases = ElementTree.parse(junit).iter("testcase") if junit.exists() else ()  # noqa: S314
    tests = {case.get("name", "?"): float(case.get("time", "0")) for case in cases}
    shutil.rmtree(verdict.reports_dir.parent, ignore_errors=True)  # run_guard's own temp folder
    statuses: dict[str, dict[str, int]] = verdict.summary.get("statuses", {})
    return ToolRun(
        exit_code=verdict.exit_code,
        failures=tuple(sorted(verdict.checks)),
        warnings=len(verdict.warnings),
        errors=0,
        wall_seconds=verdict.wall_seconds,
        tests_seconds=sum(tests.values()),
        workflow_seconds=tests.get("test_create_fetch_list_workflow", 0.0),
        work=sum(sum(seen.values()) for seen in statuses.values()),
        seconds_to_detect=verdict.seconds_to_detect,
    )


def cli_command(base_url: str, seed: int | str, report: Path | str) -> list[str]:
    """The plain CLI with every check, and the guard's example budget and seed."""
    return [
        *(str(Path(sys.executable).with_name("st")), "run", str(ROOT / "openapi.yaml")),
        *("--url", base_url, "-H", f"Authorization: Bearer {DRIFT_API_KEY}"),
        *("--max-examples", str(CATALOG_EXAMPLES), "--seed", str(seed), "--checks", "all"),
        *("--report", "json", "--report-json-path", str(report)),
    ]


def cli_run(entry: str, seed: int) -> ToolRun:
    """`st run` against `entry` served on loopback, from an empty folder so that it finds no
    schemathesis.toml: the tool as shipped."""
    # Without the guard's and schemathesis' own settings from this process's environment.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SPIRII_", "SCHEMATHESIS_"))}
    with tempfile.TemporaryDirectory(prefix="bench-st-") as workdir:
        report = Path(workdir) / "st-report.json"
        with serving(served_app(entry)) as base_url:
            started = time.monotonic()
            completed = subprocess.run(  # noqa: S603 (the venv's own st)
                cli_command(base_url, seed, report),
                cwd=workdir,
                env=env,
                capture_output=True,
                text=True,
                timeout=600,
                check=False,
            )
            wall = time.monotonic() - started
        record = json.loads(report.read_text()) if report.exists() else {}
    phases = {phase: float(s) for phase, s in _PHASE_TIME.findall(completed.stdout)}
    failures = (
        f"{failure['code']} {failure['title']} @ {operation}"
        for failure in record.get("failures", [])
        for operation in failure["operations"]
    )
    return ToolRun(
        exit_code=completed.returncode,
        failures=tuple(sorted(failures)),
        warnings=0,
        errors=len(record.get("errors", [])),
        wall_seconds=wall,
        tests_seconds=sum(phases.values()),
        workflow_seconds=phases.get("Stateful", 0.0),
        work=int(record.get("test_cases", {}).get("generated", 0)),
        seconds_to_detect=None,
    )


def _warm(folder: Path, measure: Callable[[], R]) -> R:
    """`measure()`, its child processes keeping bytecode and hypothesis' storage in `folder`.

    That is what a developer's second run finds; a fresh CI container finds neither. The
    example database is emptied first so no run replays another's failures, and nothing is
    written into the venv or the repository.
    """
    saved = dict(os.environ)
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    os.environ["PYTHONPYCACHEPREFIX"] = str(folder / "bytecode")
    os.environ["HYPOTHESIS_STORAGE_DIRECTORY"] = str(folder / "hypothesis")
    shutil.rmtree(folder / "hypothesis" / "examples", ignore_errors=True)
    try:
        return measure()
    finally:
        os.environ.clear()
        os.environ.update(saved)


def _interleaved(runners: dict[str, Callable[[], R]], rounds: int) -> dict[str, list[R]]:
    """One untimed call of each runner (to warm the OS file cache and fill the kept caches),
    then `rounds` rounds, the order rotating each round."""
    for runner in runners.values():
        runner()
    samples: dict[str, list[R]] = {name: [] for name in runners}
    names = list(runners)
    for index in range(rounds):
        for name in names[index % len(names) :] + names[: index % len(names)]:
            samples[name].append(runners[name]())
    return samples


def _catalog(entries: dict[str, str | None], seeds: list[int]) -> list[Entry]:
    """Both tools on every entry, the guard on every seed for drifts, in worker processes so
    that each served server has an interpreter of its own."""
    jobs = [(n, s) for n, caught_by in entries.items() for s in (seeds if caught_by else seeds[:1])]
    with ProcessPoolExecutor(WORKERS, mp_context=get_context("spawn")) as pool:
        guard = {job: pool.submit(guard_run, *job) for job in jobs}
        cli = {name: pool.submit(cli_run, name, seeds[0]) for name in entries}
        return [
            Entry(
                name,
                caught_by,
                {s: guard[(n, s)].result() for n, s in jobs if n == name},
                cli[name].result(),
            )
            for name, caught_by in entries.items()
        ]


def run(quick: bool) -> GuardBench:
    """Benchmarks 1 and 2: each tool alone on the faithful mock, timed, without and with kept
    caches; then the catalog. Quick: one round, and a sample of the catalog."""
    rounds, seed = (1 if quick else 5), default_seed()
    seeds = [seed] if quick else [seed, seed + 1, seed + 2]
    with tempfile.TemporaryDirectory(prefix="bench-caches-") as scratch:
        folder = Path(scratch)
        runners: dict[str, Callable[[], ToolRun]] = {
            GUARD: lambda: guard_run(FAITHFUL, seed),
            CLI: lambda: cli_run(FAITHFUL, seed),
            GUARD_WARM: lambda: _warm(folder, lambda: guard_run(FAITHFUL, seed)),
            CLI_WARM: lambda: _warm(folder, lambda: cli_run(FAITHFUL, seed)),
        }
        faithful = _interleaved(runners, rounds)
    # Drifts to catch and changes to tolerate; what the guard must call inconclusive (75) is not a
    # comparison with the CLI, which has no such verdict: the catalog tests prove those.
    caught = [drift for drift in DRIFTS if drift.caught_by]
    tolerated = [drift for drift in DRIFTS if drift.expected_exit == 0]
    chosen = [*caught[:1], *caught[-1:], *tolerated[:1]] if quick else [*caught, *tolerated]
    entries = {FAITHFUL: None} | {drift.name: drift.caught_by for drift in chosen}
    return GuardBench(
        commands=[
            "# the guard: `make contract`'s command, run from a fresh temporary folder by",
            f"drift.runner.run_guard(<app>, <key>, seed=<seed>, examples={CATALOG_EXAMPLES})",
            "# the plain CLI, from an empty temporary folder:",
            shlex.join(cli_command("<server>", "<seed>", "<tmp>/st-report.json"))
            .replace(f"{ROOT}/", "")
            .replace(DRIFT_API_KEY, "<key>"),
            "# <app>: the faithful mock or a drift/catalog.py entry, served by "
            "mock.serving.serving on 127.0.0.1 (<server>) in the process that starts the tool; "
            "<key>: drift.catalog.DRIFT_API_KEY",
            "# warm caches: PYTHONDONTWRITEBYTECODE unset, PYTHONPYCACHEPREFIX and "
            "HYPOTHESIS_STORAGE_DIRECTORY in a private temporary folder that an untimed run "
            "filled; hypothesis' example database emptied before each run",
        ],
        parameters={
            "seed (contract_tests.schema.default_seed())": seed,
            "more seeds, for time to detect": ", ".join(map(str, seeds[1:])) or "none",
            "timed rounds on the faithful mock after an untimed one, order rotating": rounds,
            "catalog entries, the faithful mock included": len(entries),
            "catalog runs at a time, each in a worker process": WORKERS,
        },
        seed=seed,
        time_target=TIME_TARGET,
        faithful=faithful,
        catalog=_catalog(entries, seeds),
    )
