"""The nightly job as other teams' CI runs it: `python -m contract_tests` against a drifted and a
faithful server (the NestJS personality, a populated account, read-only), handed the previous
night's report, inside GitHub Actions' variables. What a person sees: the job summary, the
annotations, the JUnit messages; and for a run that could not even start, a report that says why.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from contract_tests.__main__ import junit_path
from contract_tests.record import Checked, Finding, RunRecord
from contract_tests.render import headline, junit, markdown, workflow_commands
from drift.catalog import DRIFT_API_KEY, DRIFTS, CatalogRun
from drift.runner import ROOT, GuardVerdict, run_guard, run_guard_at
from mock.serving import serving


def _run(name: str) -> CatalogRun:
    drift = next(drift for drift in DRIFTS if drift.name.startswith(name))
    return CatalogRun(drift, "rfc9110", writes=False)


DRIFTED = _run("a late page")
FAITHFUL = _run("a populated account")


def _night(run: CatalogRun, tmp_path: Path, previous: Path | None) -> tuple[GuardVerdict, str]:
    """One night's run, with the job's variables; (its verdict, the job summary it wrote)."""
    step_summary = tmp_path / f"step-summary-{len(list(tmp_path.iterdir()))}.md"
    environment = {"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(step_summary)}
    if previous is not None:
        environment["SPIRII_PREVIOUS_REPORT"] = str(previous)
    verdict = run_guard(run.app(), DRIFT_API_KEY, allow_writes=False, environment=environment)
    return verdict, step_summary.read_text(encoding="utf-8")


# The three nights are one fixture, and a fixture is a worker's own: the tests that read it run on
# one worker, or each worker that ran one would run all three nights again.
NIGHTS = pytest.mark.xdist_group("nights")


@pytest.fixture(scope="module")
def nights(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[GuardVerdict, str]]:
    """Three nights: drift appears, is still there, is gone."""
    tmp_path = tmp_path_factory.mktemp("nights")
    first = _night(DRIFTED, tmp_path, None)
    report = tmp_path / "first.json"
    shutil.copy(first[0].reports_dir / "contract-summary.json", report)
    second = _night(DRIFTED, tmp_path, report)
    third = _night(FAITHFUL, tmp_path, report)
    return [first, second, third]


@NIGHTS
def test_the_night_drift_appears(nights: list[tuple[GuardVerdict, str]]) -> None:
    verdict, page = nights[0]
    assert verdict.exit_code == 1, verdict.explain()
    headline = verdict.summary["headline"]
    assert headline[0].startswith("DRIFT (exit 1)")
    assert "1. GET /v2/chargeboxes at $.data[49].isOnline" in "\n".join(headline)
    assert page.startswith("## Spirii drift guard: DRIFT (exit 1)")
    assert "| `GET /v2/chargeboxes` `$.data[49].isOnline` |" in page
    assert 'curl -X GET -H "Authorization: Bearer $SPIRII_API_KEY"' in page
    assert "::error title=Spirii drift: GET /v2/chargeboxes::" in verdict.stdout
    junit = ET.parse(verdict.reports_dir / "contract-junit.xml").getroot()  # noqa: S314
    (failure,) = junit.iter("failure")
    assert "GET /v2/chargeboxes at $.data[49].isOnline" in failure.get("message", "")
    properties = {p.get("name"): p.get("value") for p in junit.iter("property")}
    assert properties["spirii.verdict"] == "drift"
    for text in (page, verdict.stdout, verdict.stderr):
        assert DRIFT_API_KEY not in text


@NIGHTS
def test_the_next_night_says_since_when(nights: list[tuple[GuardVerdict, str]]) -> None:
    first_seen = nights[0][0].summary["started_at"]
    verdict, page = nights[1]
    assert verdict.exit_code == 1
    # The late page's drift, and where the walk's sample fetches that charge box, the same.
    findings = verdict.summary["findings"]
    assert any(f["where"] == "$.data[49].isOnline" for f in findings), findings
    assert {(f["new"], f["since"]) for f in findings} == {(False, first_seen)}
    assert f"every run since {first_seen}" in page
    junit = ET.parse(verdict.reports_dir / "contract-junit.xml").getroot()  # noqa: S314
    (failure,) = junit.iter("failure")
    assert f"seen in every run since {first_seen}" in failure.get("message", "")


@NIGHTS
def test_the_night_it_is_fixed(nights: list[tuple[GuardVerdict, str]]) -> None:
    verdict, page = nights[2]
    assert verdict.exit_code == 0, verdict.explain()
    assert page.startswith("## Spirii drift guard: CONFORMS (exit 0)")
    assert "No longer seen since the previous run:" in page
    assert "GET /v2/chargeboxes at $.data[49].isOnline" in page
    assert "::error" not in verdict.stdout


def test_a_run_that_cannot_start_still_reports_why(tmp_path: Path) -> None:
    step_summary = tmp_path / "step-summary.md"
    key = "k" * 7  # refused: too short to mask safely
    completed = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "contract_tests", f"--junitxml={tmp_path / 'junit.xml'}"],
        cwd=tmp_path,
        env={
            "PATH": "/usr/bin:/bin",
            "PYTHONPATH": f"{ROOT / 'generated'}:{ROOT}",
            "SPIRII_BASE_URL": "https://sandbox.api.spirii.com",
            "SPIRII_API_KEY": key,
            "GITHUB_ACTIONS": "true",
            "GITHUB_STEP_SUMMARY": str(step_summary),
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 4, completed.stderr
    reason = "SPIRII_API_KEY must be at least 8 characters long"
    record = json.loads((tmp_path / "reports" / "contract-summary.json").read_text())
    assert record["headline"] == [f"CANNOT CHECK (exit 4): {reason}"]
    assert reason in step_summary.read_text()
    assert (
        f"::error title=Spirii drift guard: cannot check::CANNOT CHECK (exit 4): {reason} "
        "(nothing was tested)"
    ) in completed.stdout
    junit = ET.parse(tmp_path / "junit.xml").getroot()  # noqa: S314
    (error,) = junit.iter("error")
    assert reason in error.get("message", "")


_SANDBOX = Checked(url="https://sandbox.api.spirii.com", live=True, writes=False, seed=1)


def test_inconclusive_is_a_warning_and_a_skipped_case(tmp_path: Path) -> None:
    record = RunRecord(
        verdict="inconclusive",
        exit_code=75,
        started_at="2026-11-25T03:17:00+00:00",
        target=_SANDBOX,
        declared=["GET /v2/chargeboxes"],
        statuses={"GET /v2/chargeboxes": {429: 40}},
        never_succeeded=["GET /v2/chargeboxes"],
    )
    first = headline(record)[0]
    assert first == (
        "INCONCLUSIVE (exit 75): not checked, as never answered with success: "
        "GET /v2/chargeboxes; try again later"
    )
    assert workflow_commands(record) == [
        f"::warning title=Spirii drift guard: inconclusive::{first}"
    ]
    junit(tmp_path / "junit.xml", record)
    root = ET.parse(tmp_path / "junit.xml").getroot()  # noqa: S314
    (skipped,) = root.iter("skipped")
    assert skipped.get("message") == first
    assert "GET /v2/chargeboxes     40  429: 40" in (skipped.text or "")


def test_workflow_commands_escape_what_would_end_them() -> None:
    record = RunRecord(
        verdict="guard error",
        exit_code=3,
        started_at="2026-11-25T03:17:00+00:00",
        unfinished="100% broken\nsecond line",
    )
    assert workflow_commands(record) == [
        "::error title=Spirii drift guard: guard error::GUARD ERROR (exit 3): 100%25 broken"
        "%0Asecond line: the guard itself failed: no verdict on the server (tell the kit's "
        "owners) (not drift: report it to the kit's owners, with the reports)"
    ]


_LATE_PAGE = Finding(
    fingerprint="response_schema_conformance GET /v2/chargeboxes $.data[*].isOnline",
    title='"true" is not of type "boolean"',
    check="response_schema_conformance",
    operation="GET /v2/chargeboxes",
    where="$.data[49].isOnline",
    tests=["test_account_reads_back"],
    reproduce='curl -X GET -H "Authorization: Bearer $SPIRII_API_KEY" '
    "'https://sandbox.api.spirii.com/v2/chargeboxes?limit=100&nextPageCursor=MjAw'",
    since="2026-11-24T03:17:00+00:00",
    new=False,
)


def test_every_view_of_a_drift_is_drawn_from_the_record(tmp_path: Path) -> None:
    """No first screen's text goes in: the markdown, JUnit and annotations draw the data."""
    record = RunRecord(
        verdict="drift",
        exit_code=1,
        started_at="2026-11-25T03:17:00+00:00",
        target=_SANDBOX,
        findings=[_LATE_PAGE],
    )
    page = markdown(record)
    assert page.startswith("## Spirii drift guard: DRIFT (exit 1)")
    assert (
        '| 1 | "true" is not of type "boolean" | `GET /v2/chargeboxes` `$.data[49].isOnline` '
        "| response_schema_conformance | every run since 2026-11-24T03:17:00+00:00 |"
    ) in page
    assert f"```sh\n{_LATE_PAGE.reproduce}\n```" in page
    (command,) = workflow_commands(record)
    assert command.startswith(
        "::error title=Spirii drift: GET /v2/chargeboxes::GET /v2/chargeboxes at "
        '$.data[49].isOnline: "true" is not of type "boolean" (seen in every run since '
    )
    suite = ET.Element("testsuite", name="pytest", tests="1")
    case = ET.SubElement(suite, "testcase", name="test_account_reads_back")
    ET.SubElement(case, "failure", message="FailureGroup")
    ET.ElementTree(suite).write(tmp_path / "junit.xml")
    junit(tmp_path / "junit.xml", record)
    (failure,) = ET.parse(tmp_path / "junit.xml").getroot().iter("failure")  # noqa: S314
    assert failure.get("message", "").startswith(
        'GET /v2/chargeboxes at $.data[49].isOnline: "true" is not of type "boolean"'
    )
    assert _LATE_PAGE.reproduce in failure.get("message", "")


def test_a_base_url_with_v2_is_cannot_check_not_drift() -> None:
    with serving(FAITHFUL.app()) as url:
        verdict = run_guard_at(f"{url}/v2", DRIFT_API_KEY, allow_writes=False)
    assert verdict.exit_code == 4, verdict.explain()
    first = verdict.summary["headline"][0]
    assert first == (
        f"CANNOT CHECK (exit 4): {url}/v2 answered 404 for GET /v2/chargeboxes: SPIRII_BASE_URL "
        "must be the API root, e.g. https://sandbox.api.spirii.com (without /v2)"
    )
    assert first in verdict.stdout.splitlines()[-2:]  # the log ends with the first screen


def _guard_with_plugin(tmp_path: Path, plugin: str, *arguments: str) -> tuple[int, dict[str, Any]]:
    """`python -m contract_tests` on the bundled mock, with a pytest plugin that breaks the run."""
    (tmp_path / "breaking.py").write_text(plugin)
    completed = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "contract_tests", "-p", "breaking", *arguments],
        cwd=tmp_path,
        env={
            "PATH": "/usr/bin:/bin",
            "PYTHONPATH": f"{tmp_path}:{ROOT / 'generated'}:{ROOT}",
            "SPIRII_CONTRACT_EXAMPLES": "1",
        },
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    record = json.loads((tmp_path / "reports" / "contract-summary.json").read_text())
    assert record["exit_code"] == completed.returncode, completed.stdout[-2000:]
    return completed.returncode, record


def test_a_guard_that_crashes_is_a_guard_error_not_drift(tmp_path: Path) -> None:
    crash = "import os\n\ndef pytest_sessionstart(session):\n    os._exit(1)\n"
    code, record = _guard_with_plugin(tmp_path, crash)
    assert code == 3
    assert record["headline"][0].startswith("GUARD ERROR (exit 3): the run ended (exit 1)")


def test_an_interrupted_run_is_a_guard_error_not_inconclusive(tmp_path: Path) -> None:
    interrupt = "def pytest_collection_finish(session):\n    raise KeyboardInterrupt\n"
    code, record = _guard_with_plugin(tmp_path, interrupt)
    assert code == 3
    assert "the run did not finish (pytest exit 2)" in record["headline"][0]


def test_the_last_junit_option_is_the_one_masked_and_enriched(tmp_path: Path) -> None:
    arguments = ["--junitxml=first.xml", "--junit-xml", "second.xml"]
    assert junit_path(arguments) == Path("second.xml")
    assert junit_path(["--junitxml=only.xml"]) == Path("only.xml")
    assert junit_path(["-x"]) is None


def test_more_drifts_than_github_shows_end_in_one_annotation_that_says_so() -> None:
    record = RunRecord(verdict="drift", exit_code=1, started_at="", findings=[_LATE_PAGE] * 12)
    commands = workflow_commands(record)
    assert len(commands) == 10
    assert commands[-1].endswith("::3 more drifts: the job summary lists every one")
    assert commands[0].startswith("::error title=Spirii drift: GET /v2/chargeboxes::")
