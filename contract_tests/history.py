"""Since when: this run's drift compared with the previous run's report.

A nightly job hands the guard the previous night's `contract-summary.json` through
`SPIRII_PREVIOUS_REPORT`. A drift is known by its fingerprint (the check, the operation and the
field path with list indices dropped, so the same drift in another item of a page is the same
drift: record.fingerprint), and keeps the time it was first seen for as long as every run in
between saw it too. A previous report that is missing or unreadable is said in the summary and
otherwise ignored: it never changes the verdict.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from contract_tests.record import Finding, Previous


def _server(url: str) -> tuple[str, str]:
    """What makes two base URLs the same server: host and path (a port may move between runs
    of a test double; sandbox and production differ by host)."""
    parts = urlsplit(url)
    return parts.hostname or "", parts.path.rstrip("/")


def previous_report(path: str, target_url: str | None = None) -> Previous:
    """The report at `path`; a problem reading it, or a report of another live target than
    `target_url`, is kept as `problem`, not raised."""
    try:
        record: dict[str, Any] = json.loads(Path(path).read_text(encoding="utf-8"))
        findings = [
            Finding(**f) for f in [*record.get("findings", []), *record.get("unverified", [])]
        ]
        other = record.get("target", {}).get("url")
        if target_url and other and _server(other) != _server(target_url):
            return Previous(path=path, problem=f"is of another target, {other}")
        return Previous(
            path=path,
            started_at=str(record.get("started_at", "")),
            verdict=str(record.get("verdict", "")),
            findings={finding.fingerprint: finding for finding in findings},
        )
    except (OSError, ValueError, TypeError, KeyError, AttributeError) as error:
        return Previous(path=path, problem=f"could not be read ({type(error).__name__}: {error})")
