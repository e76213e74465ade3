"""Benchmark 5: how long the Makefile's generator command takes, and whether regenerating the
client is reproducible (byte-identical trees), without touching generated/."""

from __future__ import annotations

import hashlib
import os
import re
import shlex
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAKEFILE = ROOT / "Makefile"


@dataclass(frozen=True)
class Regeneration:
    """One run of the generator into a fresh folder."""

    seconds: float
    exit_code: int
    files: int
    digest: str  # SHA-256 of the tree: relative paths and bytes
    output: str  # what the generator printed, kept only when it failed


@dataclass(frozen=True)
class Generation:
    """Benchmark 5: every regeneration, and how they were run."""

    commands: list[str]
    parameters: dict[str, int | str]
    runs: list[Regeneration]


def generator_command() -> list[str]:
    """The Makefile's GENERATOR variable, read from the Makefile so the two cannot disagree."""
    text = MAKEFILE.read_text().replace("\\\n", " ")
    match = re.search(r"^GENERATOR\s*:=\s*(.+)$", text, re.MULTILINE)
    if match is None:
        raise RuntimeError(f"{MAKEFILE}: expected a `GENERATOR :=` line, found none")
    return shlex.split(match.group(1))


def tree_digest(root: Path) -> tuple[str, int]:
    """SHA-256 over every file's relative path and bytes, in path order; and the file count."""
    digest = hashlib.sha256()
    files = sorted(path for path in root.rglob("*") if path.is_file())
    for path in files:
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest(), len(files)


def regenerate() -> Regeneration:
    """Run the generator into a fresh temporary folder, as `make generate` does, and hash it."""
    # The Makefile's PATH: the venv's bin first, so the generator's hooks run the pinned ruff.
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    with tempfile.TemporaryDirectory(prefix="bench-generate-") as scratch:
        output = Path(scratch) / "generated"
        started = time.monotonic()
        completed = subprocess.run(  # noqa: S603 (the Makefile's own command)
            [*generator_command(), "--output-path", str(output)],
            cwd=ROOT,
            env=os.environ | {"PATH": path},
            capture_output=True,
            text=True,
            check=False,
        )
        elapsed = time.monotonic() - started
        digest, files = tree_digest(output) if output.exists() else ("(nothing generated)", 0)
    printed = "" if completed.returncode == 0 else (completed.stdout + completed.stderr).strip()
    return Regeneration(elapsed, completed.returncode, files, digest, printed[-2000:])


def run(quick: bool) -> Generation:
    """Benchmark 5."""
    runs = [regenerate() for _ in range(2 if quick else 3)]
    venv_bin = str(Path(sys.executable).parent).replace(f"{ROOT}/", "")
    command = shlex.join([*generator_command(), "--output-path", "<tmp>/generated"])
    return Generation(
        commands=[
            f"PATH={venv_bin}:$PATH {command}",
        ],
        parameters={
            "regenerations": len(runs),
            "command": "GENERATOR, read from the Makefile, run from the repository root",
            "output": "a fresh temporary folder each time; generated/ is not touched",
            "tree SHA-256": "over sorted relative paths and file bytes",
        },
        runs=runs,
    )
