"""Benchmarks 1 and 2: the drift guard against the plain schemathesis CLI on the same served
servers (wall time, drifts caught, false alarms), and how soon the guard names each drift."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path
from typing import TypeVar
from xml.etree import ElementTree

from starlette.types import ASGIApp

from bench.results import ROOT, Section, Table, ratio, seconds, times
from drift.catalog import DRIFT_API_KEY, DRIFTS, Drift
from drift.runner import CATALOG_EXAMPLES, run_guard
from mock.server import create_app
from mock.serving import serving

SEED = 20250127
FAITHFUL = "faithful mock"
TIME_TARGET = 1.5  # the guard may cost at most this many times the CLI's wall time
ST = Path(sys.executable).with_name("st")
# Two at a time, as tests/test_guard.py runs the catalog: the machine has two cores.
CATALOG_WORKERS = 2
GUARD, CLI = "guard", "plain CLI"
GUARD_WARM, CLI_WARM = "guard, warm caches", "plain CLI, warm caches"
COLLECT_COLD = "as run_guard runs it (fresh folder)"
COLLECT_PLAIN = "the same with --assert=plain (no assertion rewriting)"
COLLECT_STORAGE = "the same with hypothesis' storage kept"
COLLECT_WARM = "the same with hypothesis' storage and a bytecode cache kept"
# The CLI prints each phase's duration, e.g. " ❌  Coverage (in 1.14s)".
_PHASE_TIME = re.compile(r"(Examples|Coverage|Fuzzing|Stateful) \(in ([0-9.]+)s\)")
_OPERATION_TESTS = "test_operation_conforms"
_WORKFLOW_TEST = "test_create_fetch_list_workflow"
T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True)
class Budget:
    """How much to run: timed rounds on the faithful mock, catalog entries, detection seeds."""

    wall_rounds: int
    startup_rounds: int
    entries: tuple[str, ...]
    detection_seeds: tuple[int, ...]


FULL = Budget(
    wall_rounds=5,
    startup_rounds=3,
    entries=(FAITHFUL, *(drift.name for drift in DRIFTS)),
    detection_seeds=(SEED, SEED + 1, SEED + 2),
)
QUICK = Budget(
    wall_rounds=1,
    startup_rounds=1,
    entries=(
        FAITHFUL,
        "isOnline sent as a string",
        "auth ignored",
        "list loses a charge box at each page boundary",
        "an extra response field",
    ),
    detection_seeds=(SEED,),
)


@dataclass(frozen=True)
class GuardRun:
    """One run of the guard (tests/guard_runner.run_guard), reduced to what is reported."""

    exit_code: int
    checks: tuple[str, ...]  # the checks that failed
    warnings: int
    seconds_to_detect: float | None
    wall_seconds: float
    test_seconds: dict[str, float]  # per pytest test (setup, call, teardown), from its JUnit XML
    requests: int  # exchanges in the guard's summary

    @property
    def outside_tests_seconds(self) -> float:
        """Interpreter start, imports, collection (loading the spec), reports."""
        return self.wall_seconds - sum(self.test_seconds.values())

    @property
    def operation_tests_seconds(self) -> float:
        """Examples, coverage and fuzzing of each operation (the parametrized tests)."""
        return sum(s for name, s in self.test_seconds.items() if name.startswith(_OPERATION_TESTS))

    @property
    def workflow_seconds(self) -> float:
        """The stateful create -> fetch workflow and the walk of the list."""
        return self.test_seconds.get(_WORKFLOW_TEST, 0.0)


@dataclass(frozen=True)
class CliRun:
    """One run of `st run`, reduced to what is reported."""

    exit_code: int
    failures: tuple[str, ...]  # "<code> <title> @ <operation>", from its JSON report
    errors: int
    wall_seconds: float
    phase_seconds: dict[str, float]  # as the CLI prints them
    test_cases: int

    @property
    def outside_tests_seconds(self) -> float:
        """Interpreter start, imports, loading the spec, probing the API, reports."""
        return self.wall_seconds - sum(self.phase_seconds.values())

    @property
    def operation_tests_seconds(self) -> float:
        """The examples, coverage and fuzzing phases."""
        return sum(s for phase, s in self.phase_seconds.items() if phase != "Stateful")

    @property
    def workflow_seconds(self) -> float:
        """The stateful phase."""
        return self.phase_seconds.get("Stateful", 0.0)


def _drift(name: str) -> Drift:
    return next(drift for drift in DRIFTS if drift.name == name)


def served_app(entry: str) -> ASGIApp:
    """The faithful mock, or the catalog's drift of that name."""
    return (
        create_app(api_key=DRIFT_API_KEY) if entry == FAITHFUL else _drift(entry).app(DRIFT_API_KEY)
    )


def _junit_test_seconds(junit: Path) -> dict[str, float]:
    if not junit.exists():
        return {}
    tree = ElementTree.parse(junit)  # noqa: S314 (our own pytest's report)
    return {case.get("name", "?"): float(case.get("time", "0")) for case in tree.iter("testcase")}


def guard_run(entry: str, seed: int = SEED, examples: int = CATALOG_EXAMPLES) -> GuardRun:
    """Run the real guard against `entry` served on loopback, as tests/test_guard.py does."""
    verdict = run_guard(served_app(entry), DRIFT_API_KEY, seed=seed, examples=examples)
    statuses: dict[str, dict[str, int]] = verdict.summary.get("statuses", {})
    run = GuardRun(
        exit_code=verdict.exit_code,
        checks=tuple(sorted(verdict.checks)),
        warnings=len(verdict.warnings),
        seconds_to_detect=verdict.seconds_to_detect,
        wall_seconds=verdict.wall_seconds,
        test_seconds=_junit_test_seconds(verdict.reports_dir / "contract-junit.xml"),
        requests=sum(sum(seen.values()) for seen in statuses.values()),
    )
    shutil.rmtree(verdict.reports_dir.parent, ignore_errors=True)  # run_guard's own temp folder
    return run


def cli_command(base_url: str, api_key: str, seed: int, examples: int, report: Path) -> list[str]:
    """The plain CLI with every check and the guard's example budget and seed."""
    return [
        str(ST),
        "run",
        str(ROOT / "openapi.yaml"),
        "--url",
        base_url,
        "-H",
        f"Authorization: Bearer {api_key}",
        "--max-examples",
        str(examples),
        "--seed",
        str(seed),
        "--checks",
        "all",
        "--report",
        "json",
        "--report-json-path",
        str(report),
    ]


def _tool_environment() -> dict[str, str]:
    """This process's environment without the guard's and schemathesis' own settings."""
    prefixes = ("SPIRII_", "PYTEST_", "SCHEMATHESIS_")
    return {key: value for key, value in os.environ.items() if not key.startswith(prefixes)}


def cli_run(entry: str, seed: int = SEED, examples: int = CATALOG_EXAMPLES) -> CliRun:
    """Run `st run` against `entry` served on loopback, from an empty folder (no config found)."""
    workdir = Path(tempfile.mkdtemp(prefix="bench-st-"))
    report = workdir / "st-report.json"
    try:
        with serving(served_app(entry)) as base_url:
            started = time.monotonic()
            completed = subprocess.run(  # noqa: S603 (the venv's own st)
                cli_command(base_url, DRIFT_API_KEY, seed, examples, report),
                cwd=workdir,
                env=_tool_environment(),
                capture_output=True,
                text=True,
                timeout=600,
                check=False,
            )
            wall = time.monotonic() - started
        record = json.loads(report.read_text()) if report.exists() else {}
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return CliRun(
        exit_code=completed.returncode,
        failures=tuple(
            sorted(
                f"{failure['code']} {failure['title']} @ {operation}"
                for failure in record.get("failures", [])
                for operation in failure["operations"]
            )
        ),
        errors=len(record.get("errors", [])),
        wall_seconds=wall,
        phase_seconds={phase: float(s) for phase, s in _PHASE_TIME.findall(completed.stdout)},
        test_cases=int(record.get("test_cases", {}).get("generated", 0)),
    )


@dataclass(frozen=True)
class Caches:
    """Caches a later run on a developer's machine would find, kept in one private folder.

    `bytecode`: compiled bytecode may be written and reused (PYTHONPYCACHEPREFIX; this
    environment may forbid it with PYTHONDONTWRITEBYTECODE). `hypothesis`: hypothesis' storage
    (its unicode tables and the constants it mines from local source) outlives the run
    (HYPOTHESIS_STORAGE_DIRECTORY); its example database is emptied first, so no run replays
    another's failures.
    """

    folder: Path
    bytecode: bool = True
    hypothesis: bool = True

    @contextmanager
    def applied(self) -> Iterator[None]:
        """Child processes started inside use these caches."""
        keys = ("PYTHONPYCACHEPREFIX", "PYTHONDONTWRITEBYTECODE", "HYPOTHESIS_STORAGE_DIRECTORY")
        saved = {key: os.environ.get(key) for key in keys}
        if self.bytecode:
            os.environ["PYTHONPYCACHEPREFIX"] = str(self.folder / "bytecode")
            os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
        if self.hypothesis:
            storage = self.folder / "hypothesis"
            shutil.rmtree(storage / "examples", ignore_errors=True)
            os.environ["HYPOTHESIS_STORAGE_DIRECTORY"] = str(storage)
        try:
            yield
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value

    def around(self, measure: Callable[[], T]) -> T:
        """`measure()` with these caches."""
        with self.applied():
            return measure()


def collect_only_seconds(extra_args: tuple[str, ...] = ()) -> float:
    """Wall time of the guard's pytest command stopped after collection: its start-up alone."""
    workdir = Path(tempfile.mkdtemp(prefix="bench-collect-"))
    env = _tool_environment() | {
        "SPIRII_BASE_URL": "http://127.0.0.1:9",  # never contacted: nothing runs
        "SPIRII_API_KEY": DRIFT_API_KEY,
        "SPIRII_ALLOW_WRITES": "1",
        "SPIRII_CONTRACT_SEED": str(SEED),
        "SPIRII_CONTRACT_EXAMPLES": str(CATALOG_EXAMPLES),
    }
    command = [sys.executable, "-m", "pytest", str(ROOT / "contract_tests"), "-p"]
    command += ["no:cacheprovider", "--collect-only", "-q", *extra_args]
    started = time.monotonic()
    completed = subprocess.run(  # noqa: S603 (our own interpreter and suite)
        command, cwd=workdir, env=env, capture_output=True, text=True, timeout=600, check=False
    )
    elapsed = time.monotonic() - started
    shutil.rmtree(workdir, ignore_errors=True)
    if completed.returncode != 0:
        raise RuntimeError(f"{shlex.join(command)} failed:\n{completed.stdout[-2000:]}")
    return elapsed


@dataclass(frozen=True)
class FaithfulTimings:
    """The timed runs on the faithful mock, and the guard's start-up measured alone."""

    runs: dict[str, list[GuardRun | CliRun]]  # GUARD, CLI, GUARD_WARM, CLI_WARM
    startup: dict[str, list[float]]  # COLLECT_*


def _interleaved(runners: dict[str, Callable[[], R]], rounds: int) -> dict[str, list[R]]:
    """One untimed call of each runner, then `rounds` rounds, the order rotating each round.

    The untimed calls warm the OS file cache and fill the kept caches.
    """
    for runner in runners.values():
        runner()
    samples: dict[str, list[R]] = {name: [] for name in runners}
    names = list(runners)
    for index in range(rounds):
        for name in names[index % len(names) :] + names[: index % len(names)]:
            samples[name].append(runners[name]())
    return samples


def _timed_on_faithful_mock(budget: Budget) -> FaithfulTimings:
    """Each tool against a fresh faithful mock, one run at a time, without and with caches;
    then the guard's start-up alone, one cache at a time."""
    folder = Path(tempfile.mkdtemp(prefix="bench-caches-"))
    warm = Caches(folder)
    tools: dict[str, Callable[[], GuardRun | CliRun]] = {
        GUARD: lambda: guard_run(FAITHFUL),
        CLI: lambda: cli_run(FAITHFUL),
        GUARD_WARM: lambda: warm.around(lambda: guard_run(FAITHFUL)),
        CLI_WARM: lambda: warm.around(lambda: cli_run(FAITHFUL)),
    }
    try:
        runs = _interleaved(tools, budget.wall_rounds)
        startup = _interleaved(
            {
                COLLECT_COLD: lambda: collect_only_seconds(),
                COLLECT_PLAIN: lambda: collect_only_seconds(("--assert=plain",)),
                COLLECT_STORAGE: lambda: Caches(folder, bytecode=False).around(
                    collect_only_seconds
                ),
                COLLECT_WARM: lambda: warm.around(collect_only_seconds),
            },
            budget.startup_rounds,
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return FaithfulTimings(runs, startup)


@dataclass(frozen=True)
class CatalogRuns:
    """Every tool's verdict on every catalog entry, and the guard's extra detection seeds."""

    guard: dict[tuple[str, int], GuardRun]  # (entry, seed) -> run
    cli: dict[str, CliRun]


def _catalog_runs(budget: Budget) -> CatalogRuns:
    """All catalog runs, two at a time, each tool and its served server in a worker process."""
    caught = [e for e in budget.entries if e != FAITHFUL and _drift(e).caught_by]
    guard_jobs = [(entry, SEED) for entry in budget.entries]
    guard_jobs += [(e, seed) for seed in budget.detection_seeds if seed != SEED for e in caught]
    with ProcessPoolExecutor(CATALOG_WORKERS, mp_context=get_context("spawn")) as pool:
        guard_futures: dict[tuple[str, int], Future[GuardRun]] = {
            (entry, seed): pool.submit(guard_run, entry, seed) for entry, seed in guard_jobs
        }
        cli_futures = {entry: pool.submit(cli_run, entry) for entry in budget.entries}
        return CatalogRuns(
            guard={job: future.result() for job, future in guard_futures.items()},
            cli={entry: future.result() for entry, future in cli_futures.items()},
        )


def _median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def _display(command: list[str]) -> str:
    return shlex.join(command).replace(f"{ROOT}/", "")


def _wall_table(samples: dict[str, list[GuardRun | CliRun]]) -> Table:
    """Where each tool's time goes on the faithful mock (medians)."""
    walls = {name: _median([run.wall_seconds for run in runs]) for name, runs in samples.items()}
    same_caches_cli = {GUARD: CLI, CLI: CLI, GUARD_WARM: CLI_WARM, CLI_WARM: CLI_WARM}
    rows: list[tuple[str, ...]] = []
    measures: list[tuple[str, Callable[[GuardRun | CliRun], float]]] = [
        ("wall time", lambda run: run.wall_seconds),
        (
            "… outside the tests: start, imports, loading the spec",
            lambda run: run.outside_tests_seconds,
        ),
        ("… examples + coverage + fuzzing per operation", lambda run: run.operation_tests_seconds),
        ("… stateful create → fetch (guard: + list walk)", lambda run: run.workflow_seconds),
    ]
    for label, measure in measures:
        rows.append((label, *(seconds(_median([measure(r) for r in samples[n]])) for n in samples)))
    rows.append(
        (
            "requests (guard summary) / test cases (CLI report)",
            *(str(int(statistics.median([_work(r) for r in samples[n]]))) for n in samples),
        )
    )
    rows.append(
        (
            "wall time ÷ the CLI's with the same caches",
            *(times(ratio(walls[n], walls[same_caches_cli[n]])) for n in samples),
        )
    )
    return Table(
        f"The faithful mock, median of {len(samples[CLI])} runs per tool, interleaved",
        ("", *samples),
        tuple(rows),
    )


def _work(run: GuardRun | CliRun) -> int:
    return run.requests if isinstance(run, GuardRun) else run.test_cases


def _expected(entry: str) -> str:
    if entry == FAITHFUL:
        return "passes"
    drift = _drift(entry)
    if drift.caught_by is None:
        return "tolerated" + (" (warns)" if drift.warns else "")
    return drift.caught_by


def guard_vs_cli_section(timings: FaithfulTimings, catalog: CatalogRuns, budget: Budget) -> Section:
    """Benchmark 1's results."""
    samples = timings.runs
    startup = {name: _median(values) for name, values in timings.startup.items()}
    rewriting = _difference(startup[COLLECT_COLD], startup[COLLECT_PLAIN])
    storage = _difference(startup[COLLECT_COLD], startup[COLLECT_STORAGE])
    guard = {entry: catalog.guard[(entry, SEED)] for entry in budget.entries}
    cli = catalog.cli
    drifts = [e for e in budget.entries if e != FAITHFUL and _drift(e).caught_by]
    harmless = [e for e in budget.entries if e == FAITHFUL or not _drift(e).caught_by]
    baseline = set(cli[FAITHFUL].failures)
    baseline_operations = {failure.partition(" @ ")[2] for failure in baseline}
    new_kinds = {e: [f for f in cli[e].failures if f not in baseline] for e in budget.entries}
    guard_caught = [e for e in drifts if guard[e].exit_code != 0]
    guard_named = [e for e in drifts if _drift(e).caught_by in guard[e].checks]
    cli_caught = [e for e in drifts if cli[e].exit_code != 0]
    cli_distinct = [e for e in drifts if cli[e].exit_code != 0 and new_kinds[e]]
    guard_alarms = [e for e in harmless if guard[e].exit_code != 0]
    cli_alarms = [e for e in harmless if cli[e].exit_code != 0]
    warn_mismatch = [
        e for e in harmless if e != FAITHFUL and bool(guard[e].warnings) != _drift(e).warns
    ]

    walls = {name: _median([run.wall_seconds for run in runs]) for name, runs in samples.items()}
    cold_ratio = ratio(walls[GUARD], walls[CLI])
    warm_ratio = ratio(walls[GUARD_WARM], walls[CLI_WARM])
    more_by_exit = len(guard_caught) > len(cli_caught)
    more_by_signal = len(guard_caught) > len(cli_distinct)

    def median_of(variant: str, measure: Callable[[GuardRun | CliRun], float]) -> float | None:
        return _median([measure(run) for run in samples[variant]])

    def testing(run: GuardRun | CliRun) -> float:
        return run.wall_seconds - run.outside_tests_seconds

    def outside(run: GuardRun | CliRun) -> float:
        return run.outside_tests_seconds

    no_bytecode = bool(os.environ.get("PYTHONDONTWRITEBYTECODE"))
    n = len(drifts)
    verdict = [
        f"- **Drifts caught** (of {n}): guard **{len(guard_caught)}** (naming the expected check: "
        f"{len(guard_named)}); plain CLI **{len(cli_caught)}** by exit code, but only "
        f"**{len(cli_distinct)}** with a failure the faithful mock does not also produce.",
        f"- **False alarms** (of {len(harmless)}: the faithful mock and the tolerated changes): "
        f"guard **{len(guard_alarms)}**, plain CLI **{len(cli_alarms)}**. The CLI fails the "
        "faithful mock itself, so its exit code cannot tell a drifted server from a good one.",
        f"- **Target 'catches strictly more'**: by exit code alone "
        f"{'met' if more_by_exit else 'NOT met'} ({len(guard_caught)} vs {len(cli_caught)}); "
        f"counting only failures that are not also raised on the faithful mock "
        f"{'met' if more_by_signal else 'NOT met'} ({len(guard_caught)} vs {len(cli_distinct)}).",
        f"- **Wall time on the faithful mock** (median of {len(samples[CLI])}), target ≤ "
        f"{TIME_TARGET}x. As run_guard runs it (a fresh folder"
        + (", and this environment's PYTHONDONTWRITEBYTECODE=1" if no_bytecode else "")
        + f"): guard {seconds(walls[GUARD])}, plain CLI {seconds(walls[CLI])}: "
        f"**{times(cold_ratio)}, {_met(cold_ratio)}**. With warm caches for both tools "
        f"(hypothesis' storage and bytecode kept, as on a developer's second run): "
        f"{seconds(walls[GUARD_WARM])} vs {seconds(walls[CLI_WARM])}: "
        f"**{times(warm_ratio)}, {_met(warm_ratio)}**.",
        f"- **Why, from a fresh folder: start-up.** Outside its tests the guard spends "
        f"{seconds(median_of(GUARD, outside))} against the CLI's "
        f"{seconds(median_of(CLI, outside))}; the tests themselves take "
        f"{seconds(median_of(GUARD, testing))} against the CLI's phases' "
        f"{seconds(median_of(CLI, testing))}. The guard's start-up alone (its command with "
        f"`--collect-only`) is {seconds(startup[COLLECT_COLD])}, of which "
        f"**{seconds(rewriting)} is pytest rewriting asserts** in every imported module of "
        "its plugins' packages (schemathesis, hypothesis, anyio)"
        + (
            ", work it would cache in `__pycache__` but is not allowed to here"
            if no_bytecode
            else ""
        )
        + f", and **{seconds(storage)} is hypothesis rebuilding its storage** (unicode tables, "
        "constants mined from the source) in the fresh folder. The CLI rebuilds that storage "
        "too, inside its phases (its cold minus its warm run: "
        f"{seconds(_difference(walls[CLI], walls[CLI_WARM]))}); only the guard pays for "
        "assertion rewriting.",
        f"- **Why, with warm caches: start-up and more work.** The guard still starts in "
        f"{seconds(startup[COLLECT_WARM])} (`--collect-only`: pytest, its plugins, collection "
        "= openapi.yaml into a schemathesis schema and importing the generated client) against "
        f"the CLI's {seconds(median_of(CLI_WARM, outside))} outside its phases, and its tests "
        f"take {seconds(median_of(GUARD_WARM, testing))} against "
        f"{seconds(median_of(CLI_WARM, testing))}: it sends "
        f"{int(statistics.median(_work(r) for r in samples[GUARD_WARM]))} requests to the "
        f"CLI's {int(statistics.median(_work(r) for r in samples[CLI_WARM]))} test cases (the "
        "CLI stops testing an operation in a phase at its first failure, and on the faithful "
        f"mock it fails {len(baseline_operations)} operations: "
        f"{', '.join(sorted(baseline_operations))}), walks the list after the workflow, "
        "and runs its own checks (wire timestamps, the generated client parsing every "
        "answer) on each response.",
    ]
    catalog_rows = tuple(
        (
            entry,
            _expected(entry),
            f"exit {guard[entry].exit_code}: {', '.join(guard[entry].checks) or 'no failure'}"
            + (f"; {guard[entry].warnings} warning(s)" if guard[entry].warnings else ""),
            f"exit {cli[entry].exit_code}"
            + (f", {cli[entry].errors} error(s)" if cli[entry].errors else ""),
            "; ".join(new_kinds[entry]) if entry != FAITHFUL else "; ".join(cli[entry].failures),
        )
        for entry in budget.entries
    )
    summary_rows = (
        (
            f"drifts failing the run (exit ≠ 0), of {n}",
            str(len(guard_caught)),
            str(len(cli_caught)),
        ),
        (
            "… naming the expected check (guard) / with a failure the faithful mock lacks (CLI)",
            str(len(guard_named)),
            str(len(cli_distinct)),
        ),
        (
            "false alarm on the faithful mock",
            _yes(FAITHFUL in guard_alarms),
            _yes(FAITHFUL in cli_alarms),
        ),
        (
            f"false alarms on tolerated changes, of {len(harmless) - 1}",
            str(len([e for e in guard_alarms if e != FAITHFUL])),
            str(len([e for e in cli_alarms if e != FAITHFUL])),
        ),
        (
            f"wall time on the faithful mock, fresh folder (median of {len(samples[CLI])})",
            seconds(walls[GUARD]),
            seconds(walls[CLI]),
        ),
        ("… guard ÷ CLI", times(cold_ratio), ""),
        ("wall time with warm caches", seconds(walls[GUARD_WARM]), seconds(walls[CLI_WARM])),
        ("… guard ÷ CLI", times(warm_ratio), ""),
    )
    notes = [
        "Both tools get the same served app per entry (`mock.serving.serving`, "
        "uvicorn on 127.0.0.1 in the process that starts the tool), the same seed "
        f"({SEED}) and the same example budget ({CATALOG_EXAMPLES} per operation, "
        "`drift.runner.CATALOG_EXAMPLES`). The CLI runs from an empty temporary folder so "
        "it finds no schemathesis.toml: it is the tool as shipped, with `--checks all`.",
        "The CLI's failures on the faithful mock (its baseline, last column of the first row) "
        "are the reason it cannot gate: strict RFC 3339 `date-time` rejects the vendor's "
        "`2025-01-27 09:38:41` (ST108 on every operation; the guard turns format validation "
        "off and checks the `pattern` instead), and it sends generated `nextPageCursor` and "
        "`previousPageCursor` values, which the server rightly rejects (ST202; the guard drops "
        "generated cursors from valid cases and follows real ones).",
        "'Failure the faithful mock lacks' compares (code, title, operation) with the CLI's "
        "failures on the faithful mock. A drift that only changes which value breaks the "
        "schema (e.g. a string `isOnline`) shows up as the same 'ST108 Response violates "
        "schema' the faithful mock already gets: a reader might spot it in the details, a CI "
        "exit code cannot.",
        "The catalog runs (every entry, each tool) ran two at a time in worker processes; the "
        "timed runs on the faithful mock ran alone.",
        "'warm caches': the same run with PYTHONDONTWRITEBYTECODE unset, PYTHONPYCACHEPREFIX "
        "and HYPOTHESIS_STORAGE_DIRECTORY pointing at a private folder (nothing is written "
        "into the venv or the repo) that one untimed run filled; hypothesis' example database "
        "in it is emptied before every run, so the CLI does not replay earlier failures. "
        "That is what a run costs on a developer's machine after the first; `make contract` "
        "in a fresh CI container pays the cold price. The CLI does not go through pytest: it "
        "loads the bytecode pip compiled at install time, so only hypothesis' storage "
        "matters to it.",
        "Where the guard's start-up goes is measured by difference (each variant of the "
        "`--collect-only` command alone, interleaved): assertion rewriting = fresh folder "
        "minus `--assert=plain`; hypothesis' storage = fresh folder minus storage kept.",
    ]
    if warn_mismatch:
        notes.append(f"Tolerated entries whose warnings differ from the catalog: {warn_mismatch}")
    return Section(
        key="guard_vs_cli",
        title="1. The drift guard vs the plain schemathesis CLI",
        verdict=verdict,
        commands=[
            "# the guard (tests/guard_runner.run_guard), from a fresh temporary folder:",
            "SPIRII_BASE_URL=<server> SPIRII_API_KEY=<key> SPIRII_ALLOW_WRITES=1 "
            f"SPIRII_CONTRACT_SEED={SEED} SPIRII_CONTRACT_EXAMPLES={CATALOG_EXAMPLES} "
            f"{Path(sys.executable).name} -m pytest contract_tests -p no:cacheprovider "
            "--junitxml=reports/contract-junit.xml",
            "# the plain CLI, from an empty temporary folder:",
            _display(
                cli_command(
                    "<server>", "<key>", SEED, CATALOG_EXAMPLES, Path("<tmp>/st-report.json")
                )
            ),
            "# <server>: the faithful mock or a drift/catalog.py entry, "
            "served by mock.serving.serving on 127.0.0.1; <key>: DRIFT_API_KEY",
            f"# timed: 1 untimed round, then {budget.wall_rounds} rounds of "
            f"[{', '.join(samples)}], order rotating; then 1 + "
            f"{len(timings.startup[COLLECT_COLD])} rounds of the guard's command with "
            "`--collect-only -q` in the variants of the start-up table",
            f"# catalog: {len(budget.entries)} entries x 2 tools, {CATALOG_WORKERS} at a time "
            "(fresh folders, caches as the environment gives them)",
        ],
        tables=[
            Table("Summary", ("", "guard", "plain CLI"), summary_rows),
            _wall_table(samples),
            Table(
                f"The guard's start-up alone: its pytest command with `--collect-only -q` "
                f"(median of {len(timings.startup[COLLECT_COLD])})",
                ("variant", "seconds"),
                tuple((name, seconds(value)) for name, value in startup.items()),
            ),
            Table(
                f"Every catalog entry (seed {SEED})",
                (
                    "server",
                    "expected of the guard",
                    "guard",
                    "plain CLI",
                    "CLI failures the faithful mock lacks (first row: its own)",
                ),
                catalog_rows,
            ),
        ],
        notes=notes,
        data={
            "drifts": n,
            "guard_caught": len(guard_caught),
            "guard_named_expected_check": len(guard_named),
            "cli_caught_by_exit_code": len(cli_caught),
            "cli_caught_with_new_failure": len(cli_distinct),
            "guard_false_alarms": guard_alarms,
            "cli_false_alarms": cli_alarms,
            "wall_seconds_median": walls,
            "wall_ratio_guard_to_cli": cold_ratio,
            "wall_ratio_guard_to_cli_warm_caches": warm_ratio,
            "time_target": TIME_TARGET,
            "wall_samples": {
                name: [run.wall_seconds for run in runs] for name, runs in samples.items()
            },
            "collect_only_seconds_median": startup,
            "collect_only_samples": timings.startup,
            "catalog": {
                entry: {
                    "expected": _expected(entry),
                    "guard_exit": guard[entry].exit_code,
                    "guard_checks": list(guard[entry].checks),
                    "guard_warnings": guard[entry].warnings,
                    "cli_exit": cli[entry].exit_code,
                    "cli_failures": list(cli[entry].failures),
                }
                for entry in budget.entries
            },
        },
    )


def detection_section(catalog: CatalogRuns, budget: Budget) -> Section:
    """Benchmark 2's results."""
    drifts = [e for e in budget.entries if e != FAITHFUL and _drift(e).caught_by]
    rows: list[tuple[str, ...]] = []
    medians: dict[str, float | None] = {}
    for entry in drifts:
        runs = [catalog.guard[(entry, seed)] for seed in budget.detection_seeds]
        detected = [r.seconds_to_detect for r in runs if r.seconds_to_detect is not None]
        medians[entry] = _median(detected)
        rows.append(
            (
                entry,
                _expected(entry),
                *(seconds(r.seconds_to_detect) for r in runs),
                seconds(medians[entry]),
                seconds(_median([r.wall_seconds for r in runs])),
            )
        )
    found = [m for m in medians.values() if m is not None]
    missed = [
        (e, s)
        for e in drifts
        for s in budget.detection_seeds
        if catalog.guard[(e, s)].seconds_to_detect is None
    ]
    slowest = max(medians, key=lambda e: medians[e] or 0.0) if found else None
    verdict = [
        f"Median time to detect over the {len(drifts)} drifts: **{seconds(_median(found))}** "
        f"(fastest {seconds(min(found) if found else None)}, slowest "
        f"{seconds(max(found) if found else None)}: {slowest}). Runs that recorded no failure: "
        f"{len(missed)}" + (f" ({missed})" if missed else "") + ".",
    ]
    return Section(
        key="time_to_detect",
        title="2. Time to detect: how soon the guard records its first failure",
        verdict=verdict,
        commands=[
            "drift.runner.run_guard(drift.app(DRIFT_API_KEY), DRIFT_API_KEY, "
            f"seed=<seed>, examples={CATALOG_EXAMPLES}).seconds_to_detect",
            f"# seeds {', '.join(str(s) for s in budget.detection_seeds)}; "
            f"{CATALOG_WORKERS} runs at a time",
        ],
        tables=[
            Table(
                "Seconds from the run's start to its first recorded failure, per seed",
                (
                    "drift",
                    "caught by",
                    *(f"seed {s}" for s in budget.detection_seeds),
                    "median",
                    "guard wall (median)",
                ),
                tuple(rows),
            )
        ],
        notes=[
            "`seconds_to_detect` counts from the guard's `pytest_configure` (the ContractRun's "
            "start: after the interpreter and pytest have started, before the test module is "
            "collected) to the moment the first failing test is reported, so it includes "
            "collection and every test that ran before the failing one (operations first, the "
            "workflow last). It leaves out the interpreter's and pytest's own start before "
            "`pytest_configure`.",
            "A failure is recorded when its test finishes, after hypothesis has shrunk it: "
            "shrinking is part of the time to detect.",
            f"Measured {CATALOG_WORKERS} runs at a time on {os.cpu_count()} cores, like the "
            "catalog runs of benchmark 1 (the seed-"
            f"{SEED} column is those very runs).",
        ],
        data={
            "seeds": list(budget.detection_seeds),
            "median_seconds": _median(found),
            "per_drift_median_seconds": medians,
            "samples": {
                entry: [catalog.guard[(entry, s)].seconds_to_detect for s in budget.detection_seeds]
                for entry in drifts
            },
        },
    )


def _met(value: float | None) -> str:
    return "met" if value is not None and value <= TIME_TARGET else "NOT met"


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


def _difference(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else a - b


def run(quick: bool) -> list[Section]:
    """Benchmarks 1 and 2."""
    budget = QUICK if quick else FULL
    timings = _timed_on_faithful_mock(budget)
    catalog = _catalog_runs(budget)
    return [guard_vs_cli_section(timings, catalog, budget), detection_section(catalog, budget)]
