"""The nightly drift guard's workflow step, run as GitHub's runner runs it (`bash -eo pipefail`,
its env, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files), against servers built the vendor's way:
each exit code of the public interface must become the job state and `verdict` output the
workflow's header promises. actionlint (make lint) checks the file's syntax; this checks its logic.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from drift.catalog import DRIFT_API_KEY, DRIFTS, CatalogRun
from drift.rewriting import Exchange, Rewriting
from drift.runner import ROOT
from mock.serving import serving

WORKFLOW = ROOT / ".github" / "workflows" / "drift-guard.yml"
# One worker runs the module, one step at a time: each step runs the guard in the repository, as
# CI does, and a run starting there sets aside the reports/contract-summary.json of one finishing.
pytestmark = pytest.mark.xdist_group("repository-reports")


def _guard_step() -> dict[str, str]:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    (step,) = [s for s in workflow["jobs"]["drift-guard"]["steps"] if s.get("id") == "guard"]
    assert step.get("shell") == "bash"
    return {"run": step["run"], **{name: "" for name in step["env"]}}


@dataclass(frozen=True)
class Job:
    """What the step left: its exit code, its outputs, the job summary, what it printed."""

    exit_code: int
    outputs: dict[str, str]
    step_summary: str
    log: str


def _run_step(base_url: str, api_key: str, tmp_path: Path) -> Job:
    step = _guard_step()
    output, summary = tmp_path / "output", tmp_path / "summary.md"
    env = {name: value for name, value in os.environ.items() if not name.startswith("SPIRII_")}
    env |= {name: "" for name in step if name != "run"}  # as the workflow sets them, then:
    env |= {
        "SPIRII_BASE_URL": base_url,
        "SPIRII_API_KEY": api_key,
        "SPIRII_CONTRACT_EXAMPLES": "10",
        "GITHUB_ACTIONS": "true",
        "GITHUB_OUTPUT": str(output),
        "GITHUB_STEP_SUMMARY": str(summary),
    }
    completed = subprocess.run(  # noqa: S603
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],  # noqa: S607
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    outputs = dict(line.split("=", 1) for line in output.read_text().splitlines() if "=" in line)
    return Job(
        completed.returncode,
        outputs,
        summary.read_text() if summary.exists() else "",
        completed.stdout + completed.stderr,
    )


def _catalog(name: str) -> CatalogRun:
    """The catalog's textbook server of that name (the step runs read-only, whatever its mode)."""
    drift = next(drift for drift in DRIFTS if drift.name.startswith(name))
    return CatalogRun(drift, "rfc9110", writes=False)


def _asks_no_wait(exchange: Exchange) -> None:
    if exchange.status == 429:
        exchange.response_headers["retry-after"] = "0"


@pytest.fixture
def server(request: pytest.FixtureRequest) -> Iterator[str]:
    app = _catalog(request.param).app()
    if request.param == "every answer 429":
        # Its Retry-After: 1 is waited out, twice for each of the first five requests, before the
        # guard gives up: ten seconds of a worker. Here only the verdict's way into the job state
        # is tested; the catalog runs the entry as it is, waits and all.
        app = Rewriting(app, None, [_asks_no_wait])
    with serving(app) as url:
        yield url


@pytest.mark.parametrize(
    ("server", "job_exit", "verdict", "heading"),
    [
        ("a late page", 1, "drift", "## Spirii drift guard: DRIFT (exit 1)"),
        ("a populated account", 0, "conforms", "## Spirii drift guard: CONFORMS (exit 0)"),
        ("every answer 429", 0, "inconclusive", "## Spirii drift guard: INCONCLUSIVE (exit 75)"),
    ],
    indirect=["server"],
    ids=["drifted", "faithful", "rate-limited"],
)
def test_each_verdict_becomes_the_job_state_the_workflow_promises(
    server: str, job_exit: int, verdict: str, heading: str, tmp_path: Path
) -> None:
    job = _run_step(server, DRIFT_API_KEY, tmp_path)
    assert job.exit_code == job_exit, job.log[-3000:]
    assert job.outputs["verdict"] == verdict
    assert job.step_summary.startswith(heading), job.step_summary[:500]
    if verdict == "inconclusive":
        assert "::warning title=Spirii drift guard: inconclusive::" in job.log
    assert DRIFT_API_KEY not in job.log + job.step_summary


def test_a_refused_key_is_cannot_check(tmp_path: Path) -> None:
    with serving(_catalog("a populated account").app()) as url:
        job = _run_step(url, "not-the-key-of-this-account", tmp_path)
    assert job.exit_code == 4, job.log[-3000:]
    assert job.outputs == {"verdict": "cannot-check", "exit-code": "4"}
    assert "::error title=Spirii drift guard: cannot check::" in job.log
    assert job.step_summary.startswith("## Spirii drift guard: CANNOT CHECK (exit 4)")


def test_the_readmes_gitlab_job_runs_the_guard_and_keeps_what_it_writes() -> None:
    """The README's .gitlab-ci.yml job, parsed: it calls the entry CI calls, keeps the files that
    entry writes, and lets exactly the inconclusive verdict pass with a warning."""
    blocks = re.findall(r"```yaml\n(.*?)```", (ROOT / "docs/ci.md").read_text(), re.DOTALL)
    (job,) = [yaml.safe_load(block)["drift-guard"] for block in blocks if "drift-guard:" in block]
    script = "\n".join(job["script"])
    assert "contract_tests/run" in script
    assert "make contract" not in script.replace("Not `make contract`", "")
    assert (ROOT / "contract_tests" / "run").stat().st_mode & 0o111, "run is not executable"
    run = (ROOT / "contract_tests" / "run").read_text()
    assert job["artifacts"]["reports"]["junit"] in run  # reports/contract-junit.xml
    assert job["artifacts"]["paths"] == ["reports/"]
    assert job["allow_failure"] == {"exit_codes": [75]}
    assert {rule["if"] for rule in job["rules"]} >= {'$CI_PIPELINE_SOURCE == "schedule"'}
