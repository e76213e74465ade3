"""`python -m contract_tests [pytest options]`: run the guard, with the key masked in all it emits.

The last line of defence for the key: the guard runs in a child process whose stdout and
stderr pass through here, and the reports it leaves are rewritten, with every occurrence of
SPIRII_API_KEY replaced, whatever failed (a check, Hypothesis, the guard's own code). The child's
exit code is this command's (see contract_tests/report.py for what each means).
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import BinaryIO

from contract_tests import REPORTS_DIR

MASK = b"[redacted]"


def _masked(chunk: bytes, secrets: list[bytes]) -> bytes:
    for secret in secrets:
        chunk = chunk.replace(secret, MASK)
    return chunk


def _pump(source: BinaryIO, sink: BinaryIO, secrets: list[bytes]) -> None:
    """Copy `source` to `sink` as it arrives, masked; a key split across reads is still caught."""
    keep = max((len(secret) for secret in secrets), default=1) - 1
    pending = b""
    while chunk := source.read1(65536):  # type: ignore[attr-defined]
        pending = _masked(pending + chunk, secrets)
        cut = len(pending) - keep
        if cut > 0:
            sink.write(pending[:cut])
            sink.flush()
            pending = pending[cut:]
    sink.write(_masked(pending, secrets))
    sink.flush()


def mask_reports(directory: Path, secrets: list[bytes]) -> None:
    """Rewrite every file under `directory` with the secrets masked."""
    for path in directory.rglob("*"):
        if path.is_file():
            content = path.read_bytes()
            masked = _masked(content, secrets)
            if masked != content:
                path.write_bytes(masked)


def main() -> int:
    """Run `pytest contract_tests` with this command's arguments; return its exit code."""
    key = os.environ.get("SPIRII_API_KEY", "").strip()
    secrets = [key.encode()] if key else []
    command = [sys.executable, "-m", "pytest", str(Path(__file__).parent), *sys.argv[1:]]
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # noqa: S603
    streams = [(child.stdout, sys.stdout.buffer), (child.stderr, sys.stderr.buffer)]
    pumps = [
        threading.Thread(target=_pump, args=(source, sink, secrets))
        for source, sink in streams
        if source is not None
    ]
    for pump in pumps:
        pump.start()
    code = child.wait()
    for pump in pumps:
        pump.join()
    mask_reports(Path(REPORTS_DIR), secrets)
    for argument in sys.argv[1:]:
        if argument.startswith("--junitxml=") and Path(argument.partition("=")[2]).is_file():
            report = Path(argument.partition("=")[2])
            report.write_bytes(_masked(report.read_bytes(), secrets))
    return code


if __name__ == "__main__":
    sys.exit(main())
