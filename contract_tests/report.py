"""The guard's ledger of a run, its verdict (the exit code) and the summary a person reads.

Per operation: requests sent and the status codes seen (so a reader sees whether the 201 path
was exercised); every failure with the check that caught it and a reproducing curl; open-enum
warnings; requests withheld and transient answers; in live mode, the ids of the charge boxes the
run created. The API key never appears.

Exit codes (the public interface): 0 the server conforms; 1 drift; 3 the guard's own error (not a
verdict on the server); 4 cannot check (unreachable, key refused, bad settings);
75 inconclusive: an operation was never answered with success (every answer 429, 5xx, 401/403).
"""

from __future__ import annotations

import json
import re
import threading
import time
import warnings
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import hypothesis
import requests
from schemathesis import Case

from contract_tests.account import AccountWalk
from contract_tests.checks import GuardWarning, ProvisionalWarning
from contract_tests.target import Target
from contract_tests.traffic import SAFE_METHODS, Gate, remote_control_paths
from spec import HTTP_METHODS, load_spec

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


EXIT_CONFORMS = 0
EXIT_DRIFT = 1
EXIT_GUARD_ERROR = 3
EXIT_CANNOT_CHECK = 4
EXIT_INCONCLUSIVE = 75  # EX_TEMPFAIL: try again later
# Raised by the tools, not by a check: a verdict about the guard's generation, never the server's.
_GUARD_ERRORS: tuple[type[BaseException], ...] = (
    hypothesis.errors.Flaky,
    hypothesis.errors.FailedHealthCheck,
    hypothesis.errors.Unsatisfiable,
    hypothesis.errors.InvalidArgument,
)
# The server went away mid-run: nothing is judged on it (the run is inconclusive, not drift).
_UNREACHABLE: tuple[type[BaseException], ...] = (requests.ConnectionError, requests.Timeout)


def kind_of(error: BaseException) -> str:
    """ "drift" (a check failed), "unreachable", or "guard" (the guard's or its tools' error)."""
    leaves = failures_in(error)
    if any(isinstance(leaf, AssertionError) for leaf in leaves):
        return "drift"
    if leaves and all(isinstance(leaf, _UNREACHABLE) for leaf in leaves):
        return "unreachable"
    return "guard"


@dataclass
class Failure:
    """One failing test: which checks caught what, and how to reproduce it."""

    test: str
    kind: str  # see kind_of
    checks: list[str]
    details: list[str]
    curls: list[str]
    seconds: float  # from the start of the run to this failure: the time to detection


@dataclass
class ContractRun:
    """Everything a run saw. Safe to record into from several threads."""

    target: Target
    seed: int
    gate: Gate
    account: AccountWalk
    base_url: str = ""
    model_id: int | None = None  # for valid creates: SPIRII_MODEL_ID, else the server's first
    failures: list[Failure] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    started: float = field(default_factory=time.monotonic)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def statuses(self) -> dict[str, Counter[int]]:
        """Per operation (`GET /v2/chargeboxes/{id}`), the status codes of every answer."""
        return self.gate.answers

    @property
    def created_ids(self) -> list[int]:
        """The charge boxes this run created, in order."""
        return self.gate.created_ids

    def remote_control_id(self) -> int | None:
        """The charge box reset and reboot act on: on a live target only the one named by
        SPIRII_REMOTE_CONTROL_CHARGEBOX_ID; on the bundled mock, one the run created."""
        if self.target.is_live:
            return self.target.remote_control_id
        return self.created_ids[0] if self.created_ids else None

    def never_succeeded(self) -> list[str]:
        """The operations the run meant to check that no answer showed working (no 2xx)."""
        meant = [
            f"{method.upper()} {path}"
            for path, item in load_spec()["paths"].items()
            for method in item
            if method in HTTP_METHODS and self._meant(method.upper(), path)
        ]
        return [
            operation
            for operation in meant
            if not any(200 <= code < 300 for code in self.statuses.get(operation, {}))
        ]

    def _meant(self, method: str, path: str) -> bool:
        """Whether the settings let the run exercise `method` on `path` at all."""
        target = self.target
        if not target.is_live or method in SAFE_METHODS:
            return True
        if path in remote_control_paths():
            return target.remote_control_id is not None
        if method == "DELETE":  # only what the run created, deleted at its end
            return target.allow_writes and not target.keep_created
        return target.allow_writes

    @contextmanager
    def provisional(self, case: Case[Any]) -> Iterator[None]:
        """Failures of an operation openapi.yaml marks `x-provisional` become warnings with the
        evidence: its shape is the spec's guess, to be fixed from what the server sent."""
        if not case.operation.definition.raw.get("x-provisional"):
            yield
            return
        try:
            yield
        except (AssertionError, BaseExceptionGroup) as error:
            found = "; ".join(
                f"{check_name(failure)}: {str(getattr(failure, 'message', failure)).strip()}"
                for failure in failures_in(error)
            )
            warnings.warn(
                f"{case.method.upper()} {case.operation.path} is provisional in openapi.yaml, so "
                f"not drift; fix the spec from this evidence: {self.redact(found)[:600]}",
                ProvisionalWarning,
                stacklevel=2,
            )

    def exit_code(self) -> int:
        """The verdict: drift over the guard's own errors over inconclusive over conforms."""
        kinds = {failure.kind for failure in self.failures}
        if "drift" in kinds:
            return EXIT_DRIFT
        if "guard" in kinds:
            return EXIT_GUARD_ERROR
        if "unreachable" in kinds or self.never_succeeded():
            return EXIT_INCONCLUSIVE
        return EXIT_CONFORMS

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
                    kind=kind_of(error),
                    checks=list(dict.fromkeys(checks)),
                    details=details,
                    curls=_CURL.findall(self.redact(str(error))),
                    seconds=round(time.monotonic() - self.started, 2),
                )
            )

    @contextmanager
    def recording_warnings(self) -> Iterator[None]:
        """Keep the guard's warnings raised inside the block, and pass them on to pytest."""
        with warnings.catch_warnings(record=True) as seen:
            warnings.simplefilter("always", GuardWarning)
            yield
        with self._lock:
            self.warnings += [
                self.redact(str(w.message)) for w in seen if issubclass(w.category, GuardWarning)
            ]
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
        sent = ", ".join(f"{count} {method}" for method, count in sorted(self.gate.sent.items()))
        lines += ["", f"requests sent: {sent or 'none'}"]
        lines.append("operation                       sent   status codes seen")
        for operation in sorted(self.statuses):
            seen = self.statuses[operation]
            codes = ", ".join(f"{code}: {count}" for code, count in sorted(seen.items()))
            lines.append(f"{operation:<31} {sum(seen.values()):>5}  {codes}")
        if self.account.pages or self.account.stopped_by:
            lines += ["", self.account.summary()]
        if self.target.is_live and self.created_ids:
            ids = ", ".join(str(i) for i in self.created_ids)
            lines += ["", f"charge boxes this run created ({len(self.created_ids)}): {ids}"]
            left = [i for i in self.created_ids if i not in self.gate.deleted_ids]
            if self.target.keep_created:
                lines.append("  kept, as SPIRII_KEEP_CREATED=1 asks")
            elif left:
                lines.append(f"  NOT DELETED at the end of the run: {', '.join(map(str, left))}")
            else:
                lines.append("  all deleted at the end of the run")
        if self.warnings:
            lines += ["", f"warnings ({len(set(self.warnings))}, not failures):"]
            lines += [f"  - {w}" for w in sorted(set(self.warnings))]
        if self.gate.withheld:
            lines += ["", "withheld (never sent: they could change what this run did not create):"]
            lines += [f"  {label}: {n}" for label, n in sorted(self.gate.withheld.items())]
        if self.gate.blips:
            lines += ["", f"transient answers, sent again before judging ({len(self.gate.blips)}):"]
            for blip in self.gate.blips[:10]:
                outcome = "then fine" if blip.recovered else "every time: judged as answered"
                lines.append(f"  {blip.request}: {blip.seen} ({outcome})")
        if not self.statuses:
            lines += ["", "NOTHING WAS TESTED: no request reached the server"]
        never = self.never_succeeded()
        if never:
            lines += [
                "",
                "INCONCLUSIVE: never answered with success, so not checked: " + ", ".join(never),
            ]
        lines += ["", f"failures: {len(self.failures)}" if self.failures else "failures: none"]
        for failure in self.failures:
            kind = {"drift": "", "guard": " [the guard's own error, not drift]"}.get(
                failure.kind, " [the server could not be reached: not judged]"
            )
            lines.append(f"  {failure.test} (after {failure.seconds:.1f} s){kind}")
            lines.append(f"    caught by: {', '.join(failure.checks)}")
            for detail in failure.details[:6]:
                first, *more = detail.strip().splitlines() or [""]
                lines.append(f"    - {first}")
                lines += [f"      {line.strip()}" for line in more[:3] if line.strip()]
            lines += [f"    reproduce: {curl}" for curl in failure.curls[:2]]
        lines += ["", f"verdict: exit {self.exit_code()}"]
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
            "deleted_ids": sorted(self.gate.deleted_ids),
            "exit_code": self.exit_code(),
            "never_succeeded": self.never_succeeded(),
            "sent": dict(self.gate.sent),
            "withheld": dict(self.gate.withheld),
            "blips": [asdict(blip) for blip in self.gate.blips],
            "account": asdict(self.account),
            "warnings": sorted(set(self.warnings)),
            "failures": [asdict(failure) for failure in self.failures],
        }
        (directory / "contract-summary.json").write_text(json.dumps(record, indent=2) + "\n")
