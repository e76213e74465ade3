"""What a benchmark hands back (tables, commands, notes, raw data) and how results are written."""

from __future__ import annotations

import json
import os
import platform
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Table:
    """One Markdown table: a caption, a header row and rows of cells already formatted."""

    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass
class Section:
    """The results of one benchmark: its verdict first, then the tables that back it."""

    key: str  # its name in results.json
    title: str
    verdict: list[str]  # lines of the paragraph a reader sees first: targets met or not, why
    commands: list[str]  # exact commands and parameters, so anyone can rerun them
    tables: list[Table] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)  # raw samples and summaries


def seconds(value: float | None) -> str:
    """A duration for a table cell."""
    return "—" if value is None else f"{value:.2f} s"


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    """numerator / denominator, or None when either is missing or the denominator is 0."""
    if numerator is None or not denominator:
        return None
    return numerator / denominator


def times(value: float | None) -> str:
    """A ratio for a table cell, e.g. `1.43x`."""
    return "—" if value is None else f"{value:.2f}x"


def _version(command: list[str]) -> str:
    if shutil.which(command[0]) is None:
        return "not installed"
    completed = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    return completed.stdout.strip() or completed.stderr.strip()


def _cpu_model() -> str:
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                return line.partition(":")[2].strip()
    return platform.processor() or "unknown"


def _working_tree() -> str:
    """The commit measured, and how many files outside bench/ differ from it."""
    head = _version(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"])
    status = subprocess.run(  # noqa: S603
        ["git", "-C", str(ROOT), "status", "--porcelain"],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    ).stdout.splitlines()
    changed = [line for line in status if not line[3:].startswith("bench/")]
    return f"{head} + {len(changed)} uncommitted change(s) outside bench/" if changed else head


def machine() -> dict[str, Any]:
    """What the numbers were measured on."""
    return {
        "nproc": os.cpu_count(),
        "cpus_usable": len(os.sched_getaffinity(0)),
        "cpu": _cpu_model(),
        "load_average_at_start": [round(load, 2) for load in os.getloadavg()],
        "os": platform.platform(),
        "working_tree": _working_tree(),
        "python": sys.version.split()[0],
        "python_executable": sys.executable,
        "node": _version(["node", "--version"]),
        "schemathesis": metadata.version("schemathesis"),
        "hypothesis": metadata.version("hypothesis"),
        "pytest": metadata.version("pytest"),
        "httpx": metadata.version("httpx"),
        "uvicorn": metadata.version("uvicorn"),
        "PYTHONDONTWRITEBYTECODE": os.environ.get("PYTHONDONTWRITEBYTECODE", ""),
    }


def _markdown_table(table: Table) -> list[str]:
    lines = [f"**{table.caption}**", ""]
    lines.append("| " + " | ".join(table.header) + " |")
    lines.append("|" + "|".join("---" for _ in table.header) + "|")
    lines += [
        "| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in table.rows
    ]
    return [*lines, ""]


def render_markdown(
    sections: list[Section], host: dict[str, Any], total_seconds: float, smoke: bool
) -> str:
    """The whole of results.md."""
    finished = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = ["# Benchmarks of the contract kit", ""]
    if smoke:
        lines += ["**SMOKE RUN (BENCH_QUICK or BENCH_ONLY): too few repetitions to compare.**", ""]
    lines += [
        f"Written by `python -m bench` (`make bench`), finished {finished}; the whole run took "
        f"{total_seconds / 60:.1f} min. Benchmarks ran one after the other, never two at once; "
        "where a benchmark compares two things, they were measured side by side in the same "
        "run (interleaved where the table says so). Times are medians.",
        "",
        "| machine | |",
        "|---|---|",
    ]
    lines += [f"| {name} | {value} |" for name, value in host.items()]
    lines.append("")
    for section in sections:
        lines += [f"## {section.title}", "", *section.verdict, ""]
        lines += ["Commands and parameters:", "", "```", *section.commands, "```", ""]
        for table in section.tables:
            lines += _markdown_table(table)
        if section.notes:
            lines += ["Notes:", ""]
            lines += [f"- {note}" for note in section.notes]
            lines.append("")
    return "\n".join(lines)


def write(
    directory: Path,
    stem: str,
    sections: list[Section],
    host: dict[str, Any],
    total_seconds: float,
    smoke: bool,
) -> tuple[Path, Path]:
    """Write `<stem>.md` and `<stem>.json` into `directory`; return their paths."""
    markdown_path = directory / f"{stem}.md"
    json_path = directory / f"{stem}.json"
    markdown_path.write_text(render_markdown(sections, host, total_seconds, smoke), "utf-8")
    record = {
        "smoke": smoke,
        "total_seconds": round(total_seconds, 1),
        "machine": host,
        "benchmarks": {
            section.key: {"title": section.title, "commands": section.commands, **section.data}
            for section in sections
        },
    }
    json_path.write_text(json.dumps(record, indent=2) + "\n", "utf-8")
    return markdown_path, json_path
