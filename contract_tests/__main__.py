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
from pathlib import Path
from typing import BinaryIO

from contract_tests import REPORTS_DIR, ci

MASK = b"[redacted]"


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


def main() -> int:
    """Run `pytest contract_tests` with this command's arguments; return its exit code."""
    key = os.environ.get("SPIRII_API_KEY", "").strip()
    secrets = [key.encode()] if key else []
    reports = Path(REPORTS_DIR)
    before = _read(reports / ci.SUMMARY_JSON)  # a report left by an earlier run is not this one's
    junit = next(
        (Path(arg.partition("=")[2]) for arg in sys.argv[1:] if arg.startswith("--junitxml=")),
        None,
    )
    if junit is not None:
        junit.unlink(missing_ok=True)  # nor is its JUnit file
    command = [sys.executable, "-m", "pytest", str(Path(__file__).parent), *sys.argv[1:]]
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # noqa: S603
    streams = [(child.stdout, sys.stdout.buffer), (child.stderr, sys.stderr.buffer)]
    tail = bytearray()
    pumps = [
        threading.Thread(target=_pump, args=(source, sink, secrets, tail))
        for source, sink in streams
        if source is not None
    ]
    for pump in pumps:
        pump.start()
    code = child.wait()
    for pump in pumps:
        pump.join()
    for path in [*reports.rglob("*"), *([junit] if junit else [])]:
        if path.is_file():
            path.write_bytes(_masked(path.read_bytes(), secrets))
    written = _read(reports / ci.SUMMARY_JSON)
    if written is None or written == before:
        record = ci.ended_early(code, _masked(bytes(tail), secrets).decode(errors="replace"))
        ci.write_reports(reports, record)
    else:
        record = json.loads(written)
    ci.publish(record, junit)
    # The log's last screen is the report's first: CI shows a log's end, after the tracebacks.
    print("\n".join(["", "=" * 72, *record["headline"]]), flush=True)
    return code


def _read(path: Path) -> bytes | None:
    return path.read_bytes() if path.is_file() else None


if __name__ == "__main__":
    sys.exit(main())
