"""What a finished run leaves for the CI job around it, all from the one JSON report.

- JUnit: the suite carries the verdict as properties, each failing test's message says what
  changed, where, since when and how to reproduce it, and a run that checked nothing (cannot
  check, inconclusive) still shows as one test case, not as "0 tests".
- GitHub Actions: the markdown summary is appended to `$GITHUB_STEP_SUMMARY` when it is set,
  and each finding or verdict becomes an annotation when `GITHUB_ACTIONS=true`.
- A run that ended before it could write its report (bad settings) gets one, saying why.

The exit code is untouched: it is the public interface (contract_tests/report.py).
"""

from __future__ import annotations

import json
import os
import sys
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from contract_tests.findings import (
    EXIT_CANNOT_CHECK,
    EXIT_GUARD_ERROR,
    EXIT_INCONCLUSIVE,
    VERDICTS,
    Finding,
    markdown,
)

# What a job's reader does about a verdict that says nothing of the server.
_ADVICE = {
    EXIT_CANNOT_CHECK: "nothing was tested",
    EXIT_GUARD_ERROR: "not drift: report it to the kit's owners, with the reports",
}
# GitHub shows at most 10 error annotations of a step: the tenth says how many more there are.
_ANNOTATIONS = 10
SUMMARY_JSON = "contract-summary.json"
SUMMARY_MD = "contract-summary.md"


def ended_early(
    code: int, output_tail: str, written: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The report of a run that wrote none, or one its exit code contradicts (`written`).

    Only "cannot check" (4: bad settings) is a verdict such a run can give; anything else is the
    guard's own error, never drift: a crash exits 1, as drift does.
    """
    lines = [line for line in output_tail.splitlines() if line.strip()]
    reason = next(
        (line.removeprefix("ERROR: ") for line in reversed(lines) if "ERROR" in line),
        lines[-1] if lines else "",
    )
    if code == EXIT_CANNOT_CHECK and written is None:
        verdict, said = EXIT_CANNOT_CHECK, reason or "the run ended before it wrote a report"
    else:
        verdict = EXIT_GUARD_ERROR
        how = f"killed by signal {-code}" if code < 0 else f"exit {code}"
        report = f", though its report says exit {written.get('exit_code')}" if written else ""
        said = f"the run ended ({how}{report}) before a verdict on the server: {reason}"
    name = VERDICTS[verdict]
    return {
        "verdict": name,
        "exit_code": verdict,
        "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "headline": [f"{name.upper()} (exit {verdict}): {said.rstrip(': ')}"],
        "findings": [],
        "fixed": [],
        "details": lines[-20:],
    }


def write_reports(directory: Path, record: dict[str, Any]) -> None:
    """Write the JSON and markdown reports of `record`."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / SUMMARY_JSON).write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    (directory / SUMMARY_MD).write_text(markdown(record), encoding="utf-8")


def _finding_line(finding: Finding) -> str:
    line = f"{finding.said()} ({finding.since_text()})"
    return line + (f"; reproduce: {finding.reproduce}" if finding.reproduce else "")


def enrich_junit(path: Path, record: dict[str, Any]) -> None:
    """Put the report's first screen into the JUnit file pytest wrote (or a new one)."""
    findings = [Finding(**finding) for finding in record["findings"]]
    tree = ET.parse(path) if path.is_file() else None  # noqa: S314 (our own pytest's file)
    root = tree.getroot() if tree is not None else ET.Element("testsuites")
    suite = root if root.tag == "testsuite" else root.find("testsuite")
    if suite is None:
        suite = ET.SubElement(root, "testsuite", name="spirii-contract", tests="0")
    properties = suite.find("properties")
    if properties is None:
        properties = ET.Element("properties")
        suite.insert(0, properties)
    for case_properties in suite.iter("properties"):  # Hypothesis' statistics: kilobytes of base64
        for prop in list(case_properties):
            if prop.get("name", "").startswith("hypothesis-statistics"):
                case_properties.remove(prop)
    for name in ("verdict", "exit_code", "started_at"):
        ET.SubElement(properties, "property", name=f"spirii.{name}", value=str(record[name]))
    for case in suite.iter("testcase"):
        failure = case.find("failure")
        mine = [f for f in findings if case.get("name") in f.tests]
        if failure is not None and mine:
            failure.set("message", "; ".join(_finding_line(f) for f in mine))
            failure.text = "\n".join(record["headline"]) + "\n\n" + (failure.text or "")
    if record["exit_code"] in (EXIT_CANNOT_CHECK, EXIT_INCONCLUSIVE, EXIT_GUARD_ERROR):
        case = ET.SubElement(suite, "testcase", classname="contract_tests", name="verdict")
        tag = "skipped" if record["exit_code"] == EXIT_INCONCLUSIVE else "error"
        ET.SubElement(case, tag, message=record["headline"][0]).text = "\n".join(
            [*record["headline"], "", *record["details"]]
        )
        suite.set("tests", str(int(suite.get("tests", "0")) + 1))
        key = "skipped" if tag == "skipped" else "errors"
        suite.set(key, str(int(suite.get(key, "0")) + 1))
    path.parent.mkdir(parents=True, exist_ok=True)
    ET.ElementTree(root).write(path, encoding="utf-8", xml_declaration=True)


def _escape(text: str) -> str:
    """A workflow command's data, escaped as the runner expects."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _title(text: str) -> str:
    """A workflow command's property value: its data escapes, and also `:` and `,`."""
    return _escape(text).replace(":", "%3A").replace(",", "%2C")


def workflow_commands(record: dict[str, Any]) -> list[str]:
    """GitHub workflow commands: one error per drift, one line for a run that judged nothing."""
    code, headline = record["exit_code"], record["headline"][0]
    if code == EXIT_INCONCLUSIVE:
        return [f"::warning title=Spirii drift guard: inconclusive::{_escape(headline)}"]
    if code in (EXIT_CANNOT_CHECK, EXIT_GUARD_ERROR) or code not in VERDICTS:
        verdict = VERDICTS.get(code, "guard error")
        advice = _ADVICE.get(code, _ADVICE[EXIT_GUARD_ERROR])
        return [f"::error title=Spirii drift guard: {verdict}::{_escape(f'{headline} ({advice})')}"]
    findings = [Finding(**finding) for finding in record["findings"]]
    shown, more = findings[: _ANNOTATIONS - 1], findings[_ANNOTATIONS - 1 :]
    commands = [
        f"::error title=Spirii drift: {_title(f.operation)}::{_escape(_finding_line(f))}"
        for f in (findings if len(findings) <= _ANNOTATIONS else shown)
    ]
    if len(findings) > _ANNOTATIONS:
        commands.append(
            f"::error title=Spirii drift: {len(more)} more::{len(more)} more drifts: "
            "the job summary lists every one"
        )
    return commands


def publish(record: dict[str, Any], junit: Path | None) -> None:
    """Everything CI gets from a finished run: JUnit, the step summary, annotations."""
    if junit is not None:
        enrich_junit(junit, record)
    step_summary = os.environ.get("GITHUB_STEP_SUMMARY", "")
    if step_summary:
        with open(step_summary, "a", encoding="utf-8") as page:
            page.write(markdown(record) + "\n")
    if os.environ.get("GITHUB_ACTIONS") == "true":
        for line in workflow_commands(record):
            print(line, file=sys.stdout, flush=True)
