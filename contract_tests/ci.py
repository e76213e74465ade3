"""What a finished run leaves for the CI job around it, all from the run's one record.

- The reports: `contract-summary.json` (for tools and the next run) and `.md` (for people).
- JUnit, enriched; on GitHub Actions, the markdown appended to `$GITHUB_STEP_SUMMARY` when it is
  set, and each finding or verdict as an annotation when `GITHUB_ACTIONS=true` (render.py draws
  them).
- A run that ended before it could write its report (bad settings) gets one, saying why.

The exit code is untouched: it is the public interface (contract_tests/record.py).
"""

from __future__ import annotations

import json
import os
import sys
from datetime import UTC, datetime
from pathlib import Path

from contract_tests import render
from contract_tests.record import EXIT_CANNOT_CHECK, EXIT_GUARD_ERROR, VERDICTS, RunRecord

SUMMARY_JSON = "contract-summary.json"
SUMMARY_MD = "contract-summary.md"


def ended_early(code: int, output_tail: str, written: RunRecord | None = None) -> RunRecord:
    """The record of a run that wrote none, or one its exit code contradicts (`written`).

    Only "cannot check" (4: bad settings) is a verdict such a run can give; anything else is the
    guard's own error, never drift: a crash exits 1, as drift does.
    """
    lines = [line for line in output_tail.splitlines() if line.strip()]
    reason = next(
        (line.removeprefix("ERROR: ") for line in reversed(lines) if "ERROR" in line),
        lines[-1] if lines else "",
    )
    started_at = datetime.now(UTC).isoformat(timespec="seconds")
    if code == EXIT_CANNOT_CHECK and written is None:
        cannot_check = reason or "the run ended before it wrote a report"
        return RunRecord(
            verdict=VERDICTS[EXIT_CANNOT_CHECK],
            exit_code=EXIT_CANNOT_CHECK,
            started_at=started_at,
            cannot_check=cannot_check,
            log_tail=lines[-20:],
        )
    how = f"killed by signal {-code}" if code < 0 else f"exit {code}"
    report = f", though its report says exit {written.exit_code}" if written else ""
    return RunRecord(
        verdict=VERDICTS[EXIT_GUARD_ERROR],
        exit_code=EXIT_GUARD_ERROR,
        started_at=started_at,
        unfinished=f"the run ended ({how}{report}) before a verdict on the server"
        + (f": {reason}" if reason else ""),
        log_tail=lines[-20:],
    )


def write_reports(directory: Path, record: RunRecord) -> None:
    """Write the JSON and markdown reports of `record`."""
    directory.mkdir(parents=True, exist_ok=True)
    report = json.dumps(render.json_report(record), indent=2)
    (directory / SUMMARY_JSON).write_text(report + "\n", encoding="utf-8")
    (directory / SUMMARY_MD).write_text(render.markdown(record), encoding="utf-8")


def publish(record: RunRecord, junit: Path | None) -> None:
    """Everything CI gets from a finished run: JUnit, the step summary, annotations."""
    if junit is not None:
        render.junit(junit, record)
    step_summary = os.environ.get("GITHUB_STEP_SUMMARY", "")
    if step_summary:
        with open(step_summary, "a", encoding="utf-8") as page:
            page.write(render.markdown(record) + "\n")
    if os.environ.get("GITHUB_ACTIONS") == "true":
        for line in render.workflow_commands(record):
            print(line, file=sys.stdout, flush=True)
