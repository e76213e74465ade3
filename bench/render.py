"""Turns the benchmarks' data into bench/results.md (tables, the commands and parameters that
produced them, the machine) and bench/results.json (the same data, unformatted)."""

from __future__ import annotations

import dataclasses
import json
import statistics
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.client_overhead import ClientOverhead, Comparison
from bench.generation import Generation
from bench.guard_vs_cli import (
    CLI,
    CLI_WARM,
    FAITHFUL,
    GUARD,
    GUARD_WARM,
    Entry,
    GuardBench,
    ToolRun,
)
from bench.mock_throughput import OURS, PRISM_NAME, MockThroughput

Result = GuardBench | ClientOverhead | MockThroughput | Generation
# The order of the sections in results.md, whatever order the benchmarks ran in.
ORDER = (GuardBench, ClientOverhead, MockThroughput, Generation)


def _median(values: Iterable[float | None]) -> float | None:
    present = [value for value in values if value is not None]
    return statistics.median(present) if present else None


def _s(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f} s"


def _us(value: float) -> str:
    return f"{value * 1e6:,.0f} µs"


def _x(numerator: float | None, denominator: float | None) -> str:
    return "—" if numerator is None or not denominator else f"{numerator / denominator:.2f}x"


def _table(caption: str, header: Sequence[object], rows: Iterable[Sequence[object]]) -> list[str]:
    def line(cells: Sequence[object]) -> str:
        return "| " + " | ".join(str(cell).replace("|", "\\|") for cell in cells) + " |"

    return [f"**{caption}**", "", line(header), "|" + "---|" * len(header), *map(line, rows), ""]


def _heading(title: str, result: Result) -> list[str]:
    parameters = _table("Parameters", ("", "value"), result.parameters.items())
    return [f"## {title}", "", "```", *result.commands, "```", "", *parameters]


def _guard(bench: GuardBench) -> list[str]:
    runs, seed = bench.faithful, bench.seed

    def median_of(variant: str, measure: Callable[[ToolRun], float]) -> float | None:
        return _median(measure(run) for run in runs[variant])

    wall = {variant: median_of(variant, lambda run: run.wall_seconds) for variant in runs}
    same = {GUARD: CLI, CLI: CLI, GUARD_WARM: CLI_WARM, CLI_WARM: CLI_WARM}  # caches alike
    measures: dict[str, Callable[[ToolRun], float]] = {
        "wall time": lambda run: run.wall_seconds,
        "… outside the tests: start, imports, the spec": lambda r: r.wall_seconds - r.tests_seconds,
        "… examples, coverage, fuzzing": lambda r: r.tests_seconds - r.workflow_seconds,
        "… stateful create → fetch (guard: + list walk)": lambda r: r.workflow_seconds,
    }
    timed = [[label, *(_s(median_of(v, how)) for v in runs)] for label, how in measures.items()]
    work = [f"{median_of(v, lambda run: run.work) or 0:.0f}" for v in runs]
    # What the CLI also reports on the faithful mock says nothing about a drift.
    baseline = set(bench.catalog[0].cli.failures)
    new = {e.name: [f for f in e.cli.failures if f not in baseline] for e in bench.catalog[1:]}
    drifts = [e for e in bench.catalog if e.caught_by]
    tolerated = [e for e in bench.catalog if not e.caught_by]

    def count(entries: list[Entry], test: Callable[[Entry, ToolRun], object]) -> int:
        return sum(bool(test(entry, entry.guard_by_seed[seed])) for entry in entries)

    def verdicts(entry: Entry) -> list[str]:
        guard, cli = entry.guard_by_seed[seed], entry.cli
        warned = f"; {guard.warnings} warning(s)" if guard.warnings else ""
        errors = f", {cli.errors} error(s)" if cli.errors else ""
        expected = "passes" if entry.name == FAITHFUL else entry.caught_by or "tolerated"
        failed = f"exit {guard.exit_code}: {', '.join(guard.failures) or 'no failure'}{warned}"
        lacks = "; ".join(new.get(entry.name, cli.failures))
        return [entry.name, expected, failed, f"exit {cli.exit_code}{errors}", lacks]

    return [
        *_heading("1. The drift guard vs the plain schemathesis CLI", bench),
        *_table(
            f"Summary: {len(drifts)} drifts to catch; {len(tolerated)} servers to tolerate (the "
            "faithful mock and the tolerated changes)",
            ("", GUARD, CLI),
            [
                (
                    "drifts failing the run",
                    count(drifts, lambda e, guard: guard.exit_code),
                    count(drifts, lambda e, guard: e.cli.exit_code),
                ),
                (
                    "… naming the drift's check (guard), with a failure the faithful mock lacks",
                    count(drifts, lambda e, guard: e.caught_by in guard.failures),
                    count(drifts, lambda e, guard: e.cli.exit_code and new[e.name]),
                ),
                (
                    "false alarms",
                    count(tolerated, lambda e, guard: guard.exit_code),
                    count(tolerated, lambda e, guard: e.cli.exit_code),
                ),
            ],
        ),
        *_table(
            f"The faithful mock, median of {len(runs[GUARD])} runs per variant, interleaved",
            ("", *runs),
            [
                *timed,
                ["requests (guard) / test cases (CLI)", *work],
                [
                    f"wall time ÷ the CLI's with the same caches (target ≤ {bench.time_target}x)",
                    *(_x(wall[v], wall[same[v]]) for v in runs),
                ],
            ],
        ),
        *_table(
            f"Every catalog entry, seed {seed}",
            (
                "server",
                "expected of the guard",
                GUARD,
                CLI,
                "CLI failures (after row 1: those it lacks)",
            ),
            map(verdicts, bench.catalog),
        ),
    ]


def _detection(bench: GuardBench) -> list[str]:
    drifts = [entry for entry in bench.catalog if entry.caught_by]
    seeds = sorted({seed for entry in drifts for seed in entry.guard_by_seed})
    medians = {
        e.name: _median(r.seconds_to_detect for r in e.guard_by_seed.values()) for e in drifts
    }
    found = {name: median for name, median in medians.items() if median is not None}
    slowest = max(found, key=lambda name: found[name], default="—")
    missed = [
        f"{e.name} (seed {s})"
        for e in drifts
        for s, r in e.guard_by_seed.items()
        if r.seconds_to_detect is None
    ]
    rows = [
        [
            entry.name,
            entry.caught_by,
            *(
                _s(entry.guard_by_seed[s].seconds_to_detect) if s in entry.guard_by_seed else "—"
                for s in seeds
            ),
            _s(medians[entry.name]),
            _s(_median(run.wall_seconds for run in entry.guard_by_seed.values())),
        ]
        for entry in drifts
    ]
    return [
        "## 2. Time to detect: how soon the guard records its first failure",
        "",
        *_table(
            f"Over the {len(drifts)} drifts",
            ("", "value"),
            [
                ("median of the per-drift medians", _s(_median(found.values()))),
                ("fastest drift (its median)", _s(min(found.values(), default=None))),
                (f"slowest drift (its median): {slowest}", _s(max(found.values(), default=None))),
                ("runs that recorded no failure", "; ".join(missed) or "none"),
            ],
        ),
        *_table(
            "Seconds from the run's start to its first recorded failure, per seed "
            "(GuardVerdict.seconds_to_detect of §1's catalog runs, and of the same on more seeds)",
            (
                "drift",
                "caught by",
                *(f"seed {seed}" for seed in seeds),
                "median",
                "guard wall (median)",
            ),
            rows,
        ),
    ]


def _client(bench: ClientOverhead) -> list[str]:
    header = ("", "generated client", "httpx + json.loads", "difference", "ratio", "overhead")

    def row(label: str, compared: Comparison) -> tuple[str, ...]:
        client, raw = compared.client_seconds, compared.raw_seconds
        percent = f"{(client / raw - 1) * 100:+.1f} %"
        return (label, _us(client), _us(raw), _us(client - raw), _x(client, raw), percent)

    per_box = (bench.parse.client_seconds - bench.parse.raw_seconds) / bench.charge_boxes
    return [
        *_heading("3. Client overhead: the generated client vs raw httpx + json.loads", bench),
        *_table(
            "Round trips against the bundled mock, median per call "
            f"(target: overhead ≤ {bench.overhead_target:.0%})",
            header,
            [
                row("create (POST /v2/chargeboxes)", bench.create),
                row(f"list (GET, limit {bench.charge_boxes})", bench.list_page),
            ],
        ),
        *_table(
            f"Parsing one page: {bench.page_bytes:,} bytes, {bench.charge_boxes} charge boxes, "
            f"{bench.evses} EVSEs, {bench.connectors} connectors (median per parse)",
            header,
            [
                row("from_dict(json.loads(page)) vs json.loads(page)", bench.parse),
                ("… per charge box", "", "", _us(per_box), "", ""),
            ],
        ),
    ]


def _mock(bench: MockThroughput) -> list[str]:
    rps = {
        (load.server, load.operation): statistics.median(load.requests_per_second)
        for load in bench.loads
    }
    rows = [
        (
            load.operation,
            load.server,
            f"{rps[(load.server, load.operation)]:,.0f}",
            _x(rps[(OURS, load.operation)], rps.get((PRISM_NAME, load.operation)))
            if load.server == OURS
            else "",
            f"{load.p50_seconds * 1000:.1f} ms",
            f"{load.p99_seconds * 1000:.1f} ms",
            f"{load.non_2xx_or_failed} of {load.requests}",
            ", ".join(f"{status}: {count}" for status, count in load.statuses.items()),
            f"{load.generator_cpu_share:.0%}",
        )
        for load in sorted(bench.loads, key=lambda load: load.operation)
    ]
    header = ("operation", "server", "requests/s", "÷ Prism's", "p50", "p99", "non-2xx or failed")
    return [
        *_heading("4. Mock throughput: the bundled mock vs Stoplight Prism", bench),
        *_table(
            "Per operation and server: requests/s, median of rounds; latency percentiles over "
            "every request of every round",
            (*header, "statuses (0: no answer)", "load generator CPU"),
            rows,
        ),
    ]


def _generation(bench: Generation) -> list[str]:
    failed = [f"run {n}: {run.output}" for n, run in enumerate(bench.runs, 1) if run.output]
    return [
        *_heading("5. Generation: the client from openapi.yaml", bench),
        *_table(
            "Each regeneration",
            ("run", "seconds", "exit", "files", "tree SHA-256"),
            [
                *(
                    (n, _s(r.seconds), r.exit_code, r.files, r.digest[:16])
                    for n, r in enumerate(bench.runs, 1)
                ),
                ("median", _s(_median(run.seconds for run in bench.runs)), "", "", ""),
                ("distinct trees", "", "", "", len({run.digest for run in bench.runs})),
            ],
        ),
        *(["Generator output of failed runs:", "", "```", *failed, "```", ""] if failed else []),
    ]


def _sections(result: Result) -> list[str]:
    match result:
        case GuardBench():
            return _guard(result) + _detection(result)
        case ClientOverhead():
            return _client(result)
        case MockThroughput():
            return _mock(result)
        case Generation():
            return _generation(result)


def write(
    directory: Path,
    stem: str,
    results: dict[str, Result],
    host: dict[str, Any],
    seconds: float,
    smoke: bool,
) -> tuple[Path, Path]:
    """Write `<stem>.md` (tables) and `<stem>.json` (the data) into `directory`; their paths."""
    finished = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    banner = "**SMOKE RUN (BENCH_QUICK or BENCH_ONLY): too few repetitions to compare.**"
    lines = ["# Benchmarks of the contract kit", "", *([banner, ""] if smoke else [])]
    lines += [
        "Numbers only: what they mean, and what was decided on them, is in "
        "[ANALYSIS.md](ANALYSIS.md).",
        "",
        f"Written by `python -m bench` (`make bench`), finished {finished}, in "
        f"{seconds / 60:.1f} min. The benchmarks ran one after another; what a benchmark "
        "compares ran in the same run. Times are medians unless a table says otherwise.",
        "",
        *_table("Machine", ("", "value"), host.items()),
    ]
    for result in sorted(results.values(), key=lambda result: ORDER.index(type(result))):
        lines += _sections(result)
    markdown_path, json_path = directory / f"{stem}.md", directory / f"{stem}.json"
    markdown_path.write_text("\n".join(lines), "utf-8")
    benchmarks = {name: dataclasses.asdict(result) for name, result in results.items()}
    record = {"smoke": smoke, "total_seconds": round(seconds, 1), "machine": host}
    json_path.write_text(json.dumps(record | {"benchmarks": benchmarks}, indent=2) + "\n", "utf-8")
    return markdown_path, json_path
