"""Benchmark 5: how long the Makefile's generator command takes, and whether regenerating the
client is reproducible (byte-identical trees), without touching generated/."""

from __future__ import annotations

import hashlib
import os
import re
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench.results import ROOT, Section, Table, seconds

MAKEFILE = ROOT / "Makefile"
# What check-generated leaves out of its comparison.
_IGNORED_PARTS = ("__pycache__",)
_IGNORED_SUFFIXES = (".egg-info",)


@dataclass(frozen=True)
class Generation:
    """One regeneration into a fresh folder."""

    seconds: float
    digest: str  # of the whole tree: relative paths and bytes
    files: int
    exit_code: int
    output: str  # what the generator printed, kept when it failed


def generator_command() -> list[str]:
    """The Makefile's GENERATOR variable, read from the Makefile so the two cannot disagree."""
    text = MAKEFILE.read_text().replace("\\\n", " ")
    match = re.search(r"^GENERATOR\s*:=\s*(.+)$", text, re.MULTILINE)
    if match is None:
        raise RuntimeError(f"{MAKEFILE}: expected a `GENERATOR :=` line, found none")
    return shlex.split(match.group(1))


def _kept(path: Path, root: Path) -> bool:
    parts = path.relative_to(root).parts
    return path.is_file() and not any(
        part in _IGNORED_PARTS or part.endswith(_IGNORED_SUFFIXES) for part in parts
    )


def tree_digest(root: Path) -> tuple[str, int]:
    """SHA-256 over every file's relative path and bytes, in path order; and the file count."""
    digest = hashlib.sha256()
    files = sorted(path for path in root.rglob("*") if _kept(path, root))
    for path in files:
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest(), len(files)


def _environment() -> dict[str, str]:
    """The Makefile's PATH: the venv's bin first, so the generator's hooks run the pinned ruff."""
    venv_bin = str(Path(sys.executable).parent)
    return os.environ | {"PATH": f"{venv_bin}{os.pathsep}{os.environ.get('PATH', '')}"}


def generate_once() -> Generation:
    """Run the generator into a fresh temporary folder, as `make generate` does, and hash it."""
    with tempfile.TemporaryDirectory(prefix="bench-generate-") as scratch:
        output = Path(scratch) / "generated"
        started = time.monotonic()
        completed = subprocess.run(  # noqa: S603 (the Makefile's own command)
            [*generator_command(), "--output-path", str(output)],
            cwd=ROOT,
            env=_environment(),
            capture_output=True,
            text=True,
            check=False,
        )
        elapsed = time.monotonic() - started
        digest, files = tree_digest(output) if output.exists() else ("(nothing generated)", 0)
    printed = "" if completed.returncode == 0 else (completed.stdout + completed.stderr).strip()
    return Generation(elapsed, digest, files, completed.returncode, printed)


def run(quick: bool) -> list[Section]:
    """Benchmark 5."""
    runs = [generate_once() for _ in range(2 if quick else 3)]
    digests = {run.digest for run in runs}
    identical = len(digests) == 1 and all(run.exit_code == 0 for run in runs)
    committed, committed_files = tree_digest(ROOT / "generated")
    median = statistics.median(run.seconds for run in runs)
    matches_committed = identical and committed in digests
    command = shlex.join([*generator_command(), "--output-path", "<tmp>/generated"])
    return [
        Section(
            key="generation",
            title="5. Generation: the client from openapi.yaml",
            verdict=[
                f"The generator takes **{seconds(median)}** (median of {len(runs)}); the "
                f"{len(runs)} regenerations are "
                f"**{'byte-identical' if identical else 'NOT identical'}** "
                f"({runs[0].files} files each), and "
                f"{'match' if matches_committed else 'do NOT match'} generated/ as it is on disk "
                f"({committed_files} files)"
                + (
                    "."
                    if matches_committed
                    else ": someone is changing the spec, templates or "
                    "generated/, or `make generate` has not been run since."
                )
            ],
            commands=[
                f"PATH={Path(sys.executable).parent.relative_to(ROOT)}:$PATH {command}",
                "# GENERATOR read from the Makefile; run from the repository root into a fresh "
                "temporary folder each time (generated/ is not touched); `make generate` then "
                "replaces generated/ with it",
                "# digest: SHA-256 over sorted relative paths and file bytes, leaving out "
                "__pycache__ and *.egg-info like check-generated",
            ],
            tables=[
                Table(
                    "Each regeneration",
                    ("run", "seconds", "exit", "files", "tree SHA-256"),
                    (
                        *(
                            (
                                str(n),
                                seconds(r.seconds),
                                str(r.exit_code),
                                str(r.files),
                                r.digest[:16],
                            )
                            for n, r in enumerate(runs, start=1)
                        ),
                        ("generated/ on disk", "", "", str(committed_files), committed[:16]),
                    ),
                )
            ],
            notes=[
                *(f"Run {n} failed: {r.output[-600:]}" for n, r in enumerate(runs, 1) if r.output),
                "`make generate` adds only make's own start and a copy of the tree; the venv "
                "check of its prerequisite is a timestamp comparison.",
            ],
            data={
                "seconds": [r.seconds for r in runs],
                "median_seconds": median,
                "digests": [r.digest for r in runs],
                "identical": identical,
                "generated_on_disk_digest": committed,
                "matches_generated_on_disk": matches_committed,
                "command": command,
            },
        )
    ]
