"""Since when: this run's drift compared with the previous run's report.

A nightly job hands the guard the previous night's `contract-summary.json` through
`SPIRII_PREVIOUS_REPORT`. A drift is known by its fingerprint (the check, the operation and the
field path with list indices dropped, so the same drift in another item of a page is the same
drift), and keeps the time it was first seen for as long as every run in between saw it too.
A previous report that is missing or unreadable is said in the summary and otherwise ignored: it
never changes the verdict.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from contract_tests.findings import Finding


def _server(url: str) -> tuple[str, str]:
    """What makes two base URLs the same server: host and path (a port may move between runs
    of a test double; sandbox and production differ by host)."""
    parts = urlsplit(url)
    return parts.hostname or "", parts.path.rstrip("/")


@dataclass(frozen=True)
class Previous:
    """What the previous run said, as far as this run needs it."""

    path: str
    started_at: str = ""  # ISO 8601, UTC
    verdict: str = ""
    since: dict[str, str] = field(default_factory=dict)  # fingerprint -> first seen
    titles: dict[str, str] = field(default_factory=dict)  # fingerprint -> what changed
    operations: dict[str, str] = field(default_factory=dict)  # fingerprint -> operation
    # Every finding as the report holds it: the previous run's, and those it carried unverified.
    findings: dict[str, dict[str, Any]] = field(default_factory=dict)
    problem: str = ""  # why it could not be read; empty when it was

    @classmethod
    def load(cls, path: str, target_url: str | None = None) -> Previous:
        """The report at `path`; a problem reading it, or a report of another live target than
        `target_url`, is kept as `problem`, not raised."""
        try:
            record: dict[str, Any] = json.loads(Path(path).read_text(encoding="utf-8"))
            findings = [*record.get("findings", []), *record.get("unverified", [])]
            other = record.get("target", {}).get("url")
            if target_url and other and _server(other) != _server(target_url):
                return cls(path=path, problem=f"is of another target, {other}")
            return cls(
                path=path,
                started_at=str(record.get("started_at", "")),
                verdict=str(record.get("verdict", "")),
                since={f["fingerprint"]: f["since"] for f in findings},
                titles={f["fingerprint"]: Finding(**f).said() for f in findings},
                operations={f["fingerprint"]: f["operation"] for f in findings},
                findings={f["fingerprint"]: f for f in findings},
            )
        except (OSError, ValueError, TypeError, KeyError, AttributeError) as error:
            return cls(path=path, problem=f"could not be read ({type(error).__name__}: {error})")

    def since_for(self, mark: str, now: str) -> tuple[str, bool | None]:
        """(first seen, new since the previous run?) for the drift with fingerprint `mark`.

        None for "new?" when there is nothing to compare with.
        """
        if self.problem:
            return now, None
        if mark in self.since:
            return self.since[mark], False
        return now, True

    def fixed(self, marks: set[str], checked: set[str]) -> list[str]:
        """What the previous run found that this run did not see again, among the operations
        this run `checked` (saw answer with success)."""
        return [
            self.titles[mark]
            for mark in self.since
            if mark not in marks and self.operations.get(mark) in checked
        ]

    def unverified(self, marks: set[str], checked: set[str]) -> list[dict[str, Any]]:
        """Earlier drift in operations this run did not see succeed (a read-only night after a
        writes run): neither seen again nor fixed, so carried on with its first-seen time."""
        return [
            finding
            for mark, finding in self.findings.items()
            if mark not in marks and self.operations.get(mark) not in checked
        ]

    def describe(self) -> str:
        """One line: what this run is compared with, or why not."""
        if self.problem:
            return f"not compared: the previous report {self.path} {self.problem}"
        when = self.started_at or "(time unknown)"
        return f"compared with the previous run {when}: {self.verdict or 'unknown'}"
