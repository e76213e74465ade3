"""`python -m contract_tests [pytest options]`: run the guard, with the key masked in all it emits.

The last line of defence for the key: the guard runs in a child process whose stdout and
stderr pass through here, and the reports it leaves are rewritten, with every occurrence of
SPIRII_API_KEY replaced, whatever failed (a check, Hypothesis, the guard's own code). The child's
exit code is this command's (see contract_tests/report.py for what each means). What CI shows
of the run (JUnit, the job summary, annotations) is then made from the masked report (ci.py).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from secrets import token_hex as secrets_token
from typing import IO, BinaryIO, Protocol

from contract_tests import REPORTS_DIR, ci, render
from contract_tests.record import EXIT_GUARD_ERROR, RunRecord
from contract_tests.target import REDACTED

MASK = REDACTED.encode()


def _masked(chunk: bytes, secrets: list[bytes]) -> bytes:
    for secret in secrets:
        chunk = chunk.replace(secret, MASK)
    return chunk


_TAIL = 8192  # bytes of the child's output kept to explain a run that wrote no report


def _pump(source: BinaryIO, sink: BinaryIO, secrets: list[bytes], tail: bytearray) -> None:
    """Copy `source` to `sink` as it arrives, masked; a key split across reads is still caught.
    The end of what was written is kept in `tail`."""
    keep = max((len(secret) for secret in secrets), default=1) - 1
    pending = b""

    def emit(data: bytes) -> None:
        sink.write(data)
        sink.flush()
        tail.extend(data)
        del tail[:-_TAIL]

    while chunk := source.read1(65536):  # type: ignore[attr-defined]
        pending = _masked(pending + chunk, secrets)
        cut = len(pending) - keep
        if cut > 0:
            emit(pending[:cut])
            pending = pending[cut:]
    emit(_masked(pending, secrets))


def junit_path(arguments: list[str]) -> Path | None:
    """Where pytest writes JUnit for these arguments: the last --junitxml/--junit-xml wins."""
    found: Path | None = None
    for index, argument in enumerate(arguments):
        name, equals, value = argument.partition("=")
        if name in ("--junitxml", "--junit-xml"):
            if equals:
                found = Path(value)
            elif index + 1 < len(arguments):
                found = Path(arguments[index + 1])
    return found


class Child(Protocol):
    """The running pytest of a run: its output, and its exit code once it ends."""

    stdout: IO[bytes] | None
    stderr: IO[bytes] | None

    def wait(self) -> int: ...


# Starts pytest with these arguments and this environment, its stdout and stderr piped.
Launch = Callable[[list[str], dict[str, str]], Child]


def _spawn(arguments: list[str], environ: dict[str, str]) -> Child:
    """pytest in a fresh interpreter: how every run of the guard starts (drift/warm.py forks one
    from an interpreter that has imported the guard already, for the kit's own tests)."""
    command = [sys.executable, "-m", "pytest", *arguments]
    return subprocess.Popen(  # noqa: S603
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=environ
    )


def main(launch: Launch = _spawn) -> int:
    """Run `pytest contract_tests` with this command's arguments; return the verdict's code."""
    key = os.environ.get("SPIRII_API_KEY", "").strip()
    secrets = [key.encode()] if key else []
    reports = Path(REPORTS_DIR)
    environ = _set_aside_earlier_report(reports, dict(os.environ))
    junit = junit_path(sys.argv[1:])
    if junit is not None:
        junit.unlink(missing_ok=True)  # nor is an earlier run's JUnit file this one's
    if environ.get("GITHUB_ACTIONS") == "true":
        # Nothing the server sends may act as a workflow command while the child's output passes.
        token = secrets_token()
        print(f"::stop-commands::{token}", flush=True)
    child = launch([str(Path(__file__).parent), *sys.argv[1:]], environ)
    streams = [(child.stdout, sys.stdout.buffer), (child.stderr, sys.stderr.buffer)]
    tail = bytearray()
    pumps = [
        threading.Thread(target=_pump, args=(source, sink, secrets, tail))
        for source, sink in streams
        if source is not None
    ]
    for pump in pumps:
        pump.start()
    try:
        code = child.wait()
    except KeyboardInterrupt:  # the child got the same Ctrl-C: let it finish, then mask
        code = child.wait()
    for pump in pumps:
        pump.join()
    if environ.get("GITHUB_ACTIONS") == "true":
        print(f"::{token}::", flush=True)
    for path in [*reports.rglob("*"), *([junit] if junit else [])]:
        if path.is_file() and not path.is_symlink():
            path.write_bytes(_masked(path.read_bytes(), secrets))
    written = _read(reports / ci.SUMMARY_JSON)
    if written is None and code == 0:
        return code  # nothing was run to judge (--help, --version)
    try:
        record = RunRecord.from_json(json.loads(written)) if written is not None else None
        if record is None or record.exit_code != code:
            said = _masked(bytes(tail), secrets).decode(errors="replace")
            record = ci.ended_early(code, said, record)
            ci.write_reports(reports, record)
        ci.publish(record, junit)
    except Exception as error:  # any error of ours is the guard's, never drift
        print(f"the guard's own error while writing its reports: {error!r}", file=sys.stderr)
        return EXIT_GUARD_ERROR
    # The log's last screen is the report's first: CI shows a log's end, after the tracebacks.
    print("\n".join(["", "=" * 72, *render.headline(record)]), flush=True)
    return record.exit_code


def _set_aside_earlier_report(reports: Path, environ: dict[str, str]) -> dict[str, str]:
    """Move an earlier run's report out of the way, so it is never taken for this run's; a
    SPIRII_PREVIOUS_REPORT naming it follows it to its new place."""
    earlier = reports / ci.SUMMARY_JSON
    if not earlier.is_file():
        return environ
    kept = reports / "previous-contract-summary.json"
    named = environ.get("SPIRII_PREVIOUS_REPORT", "").strip()
    if named and Path(named).resolve() == earlier.resolve():
        environ["SPIRII_PREVIOUS_REPORT"] = str(kept.resolve())
    earlier.replace(kept)
    (reports / ci.SUMMARY_MD).unlink(missing_ok=True)
    return environ


def _read(path: Path) -> bytes | None:
    return path.read_bytes() if path.is_file() else None


if __name__ == "__main__":
    sys.exit(main())
