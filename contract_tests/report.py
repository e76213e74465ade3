"""The guard's ledger of a run, and the summary a person reads at its end.

Per operation: cases sent and the status codes seen (so a reader sees whether the 201 path was
exercised); every failure with the check that caught it and a reproducing curl; open-enum
warnings; in live mode, the ids of the charge boxes the run created. The API key never appears.
"""

from __future__ import annotations

import json
import re
import threading
import time
import warnings
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from schemathesis import Case, Response

from contract_tests.checks import OpenEnumWarning
from contract_tests.target import Target

REPORTS_DIR = "reports"
_REDACTED = "[redacted]"
_CURL = re.compile(r"^\s*(curl .+)$", re.MULTILINE)


def check_name(failure: BaseException) -> str:
    """The name of the check that raised `failure`, as schemathesis.toml and checks.py name it.

    Schemathesis' failures carry it in `checks`; a custom check's failure keeps what the check
    raised in `exception`, and the guard's checks raise `CheckFailed`, which carries it too.
    """
    raised = getattr(failure, "exception", failure)
    names: tuple[str, ...] = getattr(raised, "checks", ()) or getattr(failure, "checks", ())
    return names[0] if names else type(failure).__name__


def failures_in(error: BaseException) -> list[BaseException]:
    """The individual check failures inside what a test raised."""
    if isinstance(error, BaseExceptionGroup):
        return [leaf for sub in error.exceptions for leaf in failures_in(sub)]
    return [error]


@dataclass
class Failure:
    """One failing test: which checks caught what, and how to reproduce it."""

    test: str
    checks: list[str]
    details: list[str]
    curls: list[str]
    seconds: float  # from the start of the run to this failure: the time to detection


@dataclass
class ContractRun:
    """Everything a run saw. Safe to record into from several threads."""

    target: Target
    seed: int
    base_url: str = ""
    statuses: dict[str, Counter[int]] = field(default_factory=lambda: defaultdict(Counter))
    created_ids: list[int] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    started: float = field(default_factory=time.monotonic)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def record(self, case: Case[Any], response: Response) -> None:
        """Count one exchange; remember a created charge box's id."""
        operation = f"{case.method.upper()} {case.operation.path}"
        with self._lock:
            self.statuses[operation][response.status_code] += 1
            if case.method.upper() == "POST" and response.status_code == 201:
                created = response.json()
                if isinstance(created, dict) and "id" in created:
                    self.created_ids.append(created["id"])

    def record_failure(self, test: str, error: BaseException) -> None:
        """Keep what a failing test raised: each check's name and message, and the curl lines."""
        failures = failures_in(error)
        checks = [check_name(failure) for failure in failures]
        details = [
            f"{check_name(failure)}: {self.redact(str(getattr(failure, 'message', failure)))}"
            for failure in failures
        ]
        with self._lock:
            self.failures.append(
                Failure(
                    test=test,
                    checks=list(dict.fromkeys(checks)),
                    details=details,
                    curls=_CURL.findall(self.redact(str(error))),
                    seconds=round(time.monotonic() - self.started, 2),
                )
            )

    @contextmanager
    def recording_warnings(self) -> Iterator[None]:
        """Keep the open-enum warnings raised inside the block, and pass them on to pytest."""
        with warnings.catch_warnings(record=True) as seen:
            warnings.simplefilter("always", OpenEnumWarning)
            yield
        with self._lock:
            self.warnings += [self.redact(str(w.message)) for w in seen]
        for warning in seen:
            warnings.warn_explicit(
                warning.message, warning.category, warning.filename, warning.lineno
            )

    def redact(self, text: str) -> str:
        """`text` with the API key replaced: nothing the kit prints may carry it."""
        key = self.target.api_key
        return text.replace(key, _REDACTED) if key else text

    def summary(self) -> str:
        """The report a person reads: what ran, what it saw, what failed and how to reproduce."""
        mode = "live" if self.target.is_live else "bundled mock"
        lines = [f"target: {self.base_url or self.target.base_url} ({mode}), seed {self.seed}"]
        if self.target.is_live and not self.target.allow_writes:
            lines.append(
                "writes SKIPPED: POST /v2/chargeboxes and the create -> fetch -> list workflow "
                "did not run (set SPIRII_ALLOW_WRITES=1 to run them)"
            )
        lines.append("")
        lines.append("operation                       cases  status codes seen")
        for operation in sorted(self.statuses):
            seen = self.statuses[operation]
            codes = ", ".join(f"{code}: {count}" for code, count in sorted(seen.items()))
            lines.append(f"{operation:<31} {sum(seen.values()):>5}  {codes}")
        if self.target.is_live and self.created_ids:
            ids = ", ".join(str(i) for i in self.created_ids)
            lines += ["", f"charge boxes this run created ({len(self.created_ids)}): {ids}"]
        if self.warnings:
            lines += ["", f"warnings ({len(set(self.warnings))}, not failures):"]
            lines += [f"  - {w}" for w in sorted(set(self.warnings))]
        if not self.statuses:
            lines += ["", "NOTHING WAS TESTED: no request reached the server"]
        lines += ["", f"failures: {len(self.failures)}" if self.failures else "failures: none"]
        for failure in self.failures:
            lines.append(f"  {failure.test} (after {failure.seconds:.1f} s)")
            lines.append(f"    caught by: {', '.join(failure.checks)}")
            for detail in failure.details[:6]:
                first, *more = detail.strip().splitlines() or [""]
                lines.append(f"    - {first}")
                lines += [f"      {line.strip()}" for line in more[:3] if line.strip()]
            lines += [f"    reproduce: {curl}" for curl in failure.curls[:2]]
        return "\n".join(lines)

    def write(self, directory: Path) -> None:
        """Write contract-summary.md (for people) and contract-summary.json (for tools)."""
        directory.mkdir(parents=True, exist_ok=True)
        summary = f"# Spirii contract run\n\n```\n{self.summary()}\n```\n"
        (directory / "contract-summary.md").write_text(summary, encoding="utf-8")
        record = {
            "target": {"live": self.target.is_live, "seed": self.seed},
            "statuses": {op: dict(seen) for op, seen in self.statuses.items()},
            "created_ids": self.created_ids,
            "warnings": sorted(set(self.warnings)),
            "failures": [asdict(failure) for failure in self.failures],
        }
        (directory / "contract-summary.json").write_text(json.dumps(record, indent=2) + "\n")
