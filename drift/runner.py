"""Runs the real drift guard (`python -m contract_tests`, as `make contract` does) in a subprocess
against a server, over HTTP in live mode, and reads its verdict: exit code, failing checks,
warnings, output."""

from __future__ import annotations

import atexit
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from starlette.types import ASGIApp

from drift.warm import WarmGuard
from mock.serving import serving

ROOT = Path(__file__).resolve().parent.parent
# Small enough for a catalog of two dozen servers in CI, large enough to reach every path.
CATALOG_EXAMPLES = 10
# The runs of this process, forked from one interpreter that imported the guard once.
_WARM = WarmGuard()


@dataclass(frozen=True)
class GuardVerdict:
    """What one guard run said about a server."""

    exit_code: int
    checks: frozenset[str]  # names of the checks that failed
    warnings: tuple[str, ...]
    seconds_to_detect: float | None  # from start to the first failure
    wall_seconds: float
    stdout: str
    stderr: str
    summary: dict[str, Any]
    reports_dir: Path
    forked: bool  # from the warm interpreter (drift/warm.py), not started fresh

    def explain(self) -> str:
        """The verdict and the end of the run's output, for a failing assertion's message."""
        return f"exit {self.exit_code}, checks {sorted(self.checks)}\n{self.stdout[-3000:]}"


def run_guard(
    app: ASGIApp,
    api_key: str,
    *,
    seed: int | None = None,
    examples: int = CATALOG_EXAMPLES,
    allow_writes: bool = True,
    environment: Mapping[str, str] | None = None,
    warm: bool = True,
) -> GuardVerdict:
    """Serve `app` on loopback and run the contract suite against it as a live target."""
    with serving(app) as base_url:
        return run_guard_at(
            base_url,
            api_key,
            seed=seed,
            examples=examples,
            allow_writes=allow_writes,
            environment=environment,
            warm=warm,
        )


def run_guard_at(
    base_url: str,
    api_key: str,
    *,
    seed: int | None = None,
    examples: int = CATALOG_EXAMPLES,
    allow_writes: bool = True,
    environment: Mapping[str, str] | None = None,
    warm: bool = True,
) -> GuardVerdict:
    """Run the contract suite against the server at `base_url`, as `make contract` runs it, with
    `environment` added to its own: forked from a warm interpreter (drift/warm.py) when it can be
    and `warm` allows, else in a fresh one (as in production: what a benchmark must time).

    The run works in a fresh folder, so its reports/ are its own; the folder is removed when this
    process exits (the verdict's `reports_dir` is read until then).
    """
    workdir = Path(tempfile.mkdtemp(prefix="guard-"))
    atexit.register(shutil.rmtree, workdir, ignore_errors=True)
    reports = workdir / "reports"
    env = {
        key: value
        for key, value in os.environ.items()
        # GITHUB_: the kit's own CI job must not get a summary or annotations per catalog run.
        if not key.startswith(("SPIRII_", "PYTEST_", "GITHUB_"))
    }
    env |= {
        "SPIRII_BASE_URL": base_url,
        "SPIRII_API_KEY": api_key,
        "SPIRII_ALLOW_WRITES": "1" if allow_writes else "",
        "SPIRII_CONTRACT_EXAMPLES": str(examples),
        # A location of drift/account.py's accounts: the plain create every consumer sends.
        "SPIRII_LOCATION_ID": "1001",
        "PYTHONPATH": str(ROOT),
    }
    env |= environment or {}
    if seed is not None:
        env["SPIRII_CONTRACT_SEED"] = str(seed)
    arguments = [
        "-p",
        "no:cacheprovider",
        "--assert=plain",
        f"--junitxml={reports / 'contract-junit.xml'}",
    ]
    started = time.monotonic()
    ran = _WARM.run(arguments, env, workdir, timeout=600) if warm else None
    completed = ran or subprocess.run(  # noqa: S603
        # as `make contract` runs it: key masked, exit code its verdict
        [sys.executable, "-m", "contract_tests", *arguments],
        cwd=workdir,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    wall = time.monotonic() - started
    summary_path = reports / "contract-summary.json"
    summary: dict[str, Any] = json.loads(summary_path.read_text()) if summary_path.exists() else {}
    failures = summary.get("failures", [])
    return GuardVerdict(
        exit_code=completed.returncode,
        checks=frozenset(check for failure in failures for check in failure["checks"]),
        warnings=tuple(summary.get("warnings", [])),
        seconds_to_detect=min((f["seconds"] for f in failures), default=None),
        wall_seconds=wall,
        stdout=completed.stdout,
        stderr=completed.stderr,
        summary=summary,
        reports_dir=reports,
        forked=ran is not None,
    )
