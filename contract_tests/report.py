"""The guard's ledger of a run and its verdict (the exit code), kept as data: `record()` is
what every view of the run is drawn from (render.py).

Per operation: requests sent and the status codes seen (so a reader sees whether the 201 path
was exercised); every drift, as the check that caught it recorded it where it judged the case
(the check, the operation, the field, the case's curl); open-enum warnings; requests withheld and
transient answers; in live mode, the ids of the charge boxes the run created. The API key never
appears.

The exit codes (the public interface) are in record.py.
"""

from __future__ import annotations

import threading
import time
import warnings
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

import hypothesis
import requests
from schemathesis import Case

from contract_tests.budget import OutOfTime
from contract_tests.checks import (
    GuardWarning,
    ProvisionalWarning,
    UnpublishedValidationWarning,
    change_of,
    check_name,
    failures_in,
    said,
    where_of,
    witness,
)
from contract_tests.gate import Gate
from contract_tests.permission import may_exercise
from contract_tests.record import (
    EXIT_CANNOT_CHECK,
    EXIT_CONFORMS,
    EXIT_DRIFT,
    EXIT_GUARD_ERROR,
    EXIT_INCONCLUSIVE,
    VERDICTS,
    AccountWalk,
    Change,
    Checked,
    Failure,
    Finding,
    Previous,
    RunRecord,
    Warned,
)
from contract_tests.target import REDACTED, Target
from spec import operations, published_validator

# Raised by the tools, not by a check: a verdict about the guard's generation, never the server's.
_GUARD_ERRORS: tuple[type[BaseException], ...] = (
    hypothesis.errors.Flaky,
    hypothesis.errors.FailedHealthCheck,
    hypothesis.errors.Unsatisfiable,
    hypothesis.errors.InvalidArgument,
)
# The server went away mid-run, or the run's time ran out: nothing is judged on it (the run is
# inconclusive, not drift).
_UNREACHABLE: tuple[type[BaseException], ...] = (requests.ConnectionError, requests.Timeout)
# Checks that are not about an answer's guessed shape: they judge a provisional operation too.
# A 5xx is a server error whatever the shape (the vendor: "Spirii-side error"), and a key that is
# not enforced is drift on any operation.
_NOT_ABOUT_SHAPE = frozenset({"not_a_server_error", "ignored_auth"})
# What a server says when it refuses a valid body with business rules nobody published.
_REFUSED = (400, 422)


def kind_of(error: BaseException) -> str:
    """ "drift" (a check failed), "unreachable", "out of time", or "guard" (the guard's or its
    tools' error)."""
    leaves = failures_in(error)
    if any(isinstance(leaf, AssertionError) for leaf in leaves):
        return "drift"
    if leaves and all(isinstance(leaf, OutOfTime) for leaf in leaves):
        return "out of time"
    if leaves and all(isinstance(leaf, _UNREACHABLE) for leaf in leaves):
        return "unreachable"
    return "guard"


def _server_message(response: Any) -> str:
    """What a refusal says, in a line: NestJS' `message` (its list joined), else the body."""
    try:
        body = response.json()
    except (AttributeError, ValueError):
        body = None
    message = body.get("message") if isinstance(body, dict) else None
    detail = body.get("error") if isinstance(body, dict) else None
    if message is None and isinstance(detail, dict):  # the error guide's {"error": {...}}
        message = detail.get("message")
    if isinstance(message, list):
        message = "; ".join(str(part) for part in message)
    text = message if isinstance(message, str) else getattr(response, "text", "") or ""
    text = " ".join(text.split())
    return f"'{text[:200]}'" if text else "no message"


def _published_allows(case: Case[Any]) -> bool:
    """Whether the case's body is valid by what the vendor published (openapi.yaml's request
    schema without the constraints it marks `x-unpublished-keywords`)."""
    media = case.operation.definition.raw.get("requestBody", {}).get("content", {})
    schema = media.get("application/json", {}).get("schema", {})
    ref = schema.get("$ref", "")
    if not ref.startswith("#/components/schemas/"):
        return False
    return published_validator(ref.rsplit("/", 1)[-1]).is_valid(case.body)


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
    warnings: list[Warned] = field(default_factory=list)
    previous: Previous | None = None  # SPIRII_PREVIOUS_REPORT: what "since when" compares with
    cannot_check: str = ""  # why nothing could be checked (unreachable, key refused)
    unfinished: str = ""  # why the run stopped before every test ran (the guard's own error)
    started: float = field(default_factory=time.monotonic)
    started_at: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def statuses(self) -> dict[str, Counter[int]]:
        """Per operation (`GET /v2/chargeboxes/{id}`), the status codes of every answer."""
        return self.gate.answers

    @property
    def created_ids(self) -> list[int | str]:
        """The charge boxes this run created, in order, their ids as the wire gave them."""
        return self.gate.created_ids

    def remote_control_id(self) -> int | str | None:
        """The charge box reset and reboot act on: on a live target only the one named by
        SPIRII_REMOTE_CONTROL_CHARGEBOX_ID; on the bundled mock, one the run created."""
        if self.target.is_live:
            return self.target.remote_control_id
        return self.created_ids[0] if self.created_ids else None

    def never_succeeded(self) -> list[str]:
        """The operations the run meant to check that no answer showed working (no 2xx)."""
        succeeded = self.succeeded()
        return [
            f"{method} {path}"
            for method, path, _ in operations()
            if may_exercise(self.target, method, path) and f"{method} {path}" not in succeeded
        ]

    def succeeded(self) -> set[str]:
        """The operations some answer showed working (a 2xx)."""
        return {
            operation
            for operation, seen in self.statuses.items()
            if any(200 <= code < 300 for code in seen)
        }

    @contextmanager
    def judging(self, case: Case[Any], response: Any = None) -> Iterator[None]:
        """Where a check's verdict on `case` is known: each drift is recorded as data on the
        failure (`checks.witness`: the check, the operation, the field, the case's curl), and
        failures about what the vendor never promised become warnings with the evidence.

        - An operation marked `x-provisional` (its shape is the spec's guess): every check but
          those in `_NOT_ABOUT_SHAPE`.
        - An operation marked `x-unpublished-validation` (the vendor refuses with "a message
          describing the issue" by rules it never published): a valid body refused with 400 or
          422 (the kit's own known-good create is judged by `plain_create_is_accepted`
          instead), and an invalid body accepted when only a constraint openapi.yaml guessed
          (`x-unpublished-keywords`) forbade it.
        """
        try:
            yield
        except (AssertionError, BaseExceptionGroup) as error:
            failures = failures_in(error)
            drift = [failure for failure in failures if not self._warned(case, response, failure)]
            for failure in drift:
                if isinstance(failure, AssertionError):
                    witness(case, failure, self.target.headers, self.base_url)
            if len(drift) == len(failures):
                raise
            if drift:
                raise BaseExceptionGroup(str(error), drift) from None

    def _warned(self, case: Case[Any], response: Any, failure: BaseException) -> bool:
        """Whether `failure` is about a guess (then it is warned about here), not drift."""
        raw = case.operation.definition.raw
        check = check_name(failure)
        operation = f"{case.method.upper()} {case.operation.path}"
        if raw.get("x-provisional") and check not in _NOT_ABOUT_SHAPE:
            evidence = self.redact(f"{check}: {said(failure)}")[:600]
            warnings.warn(
                ProvisionalWarning(
                    f"{operation} is provisional in openapi.yaml, so not drift; fix the spec from "
                    f"this evidence: {evidence}",
                    where=where_of(failure),
                ),
                stacklevel=3,
            )
            return True
        if not raw.get("x-unpublished-validation"):
            return False
        status = getattr(response, "status_code", None)
        if check == "positive_data_acceptance" and status in _REFUSED:
            message = _server_message(response)
            warnings.warn(
                UnpublishedValidationWarning(
                    f"{operation} refused a body valid by openapi.yaml with {status} ({message}); "
                    "the vendor validates more than it publishes, so not drift: tighten "
                    "openapi.yaml from it if it holds"
                ),
                stacklevel=3,
            )
            return True
        if check == "negative_data_rejection" and _published_allows(case):
            warnings.warn(
                UnpublishedValidationWarning(
                    f"{operation} accepted a body that only a constraint openapi.yaml guessed "
                    "(x-unpublished-keywords) forbids; not drift: loosen openapi.yaml if it holds"
                ),
                stacklevel=3,
            )
            return True
        return False

    def exit_code(self) -> int:
        """The verdict: drift over the guard's own errors over inconclusive over conforms."""
        kinds = {failure.kind for failure in self.failures}
        if self.cannot_check:
            return EXIT_CANNOT_CHECK
        if "drift" in kinds:
            return EXIT_DRIFT
        if "guard" in kinds or self.unfinished:
            return EXIT_GUARD_ERROR
        if kinds & {"unreachable", "out of time"} or self.gate.out_of_time:
            return EXIT_INCONCLUSIVE
        if self.never_succeeded():
            return EXIT_INCONCLUSIVE
        return EXIT_CONFORMS

    def record_failure(self, test: str, error: BaseException) -> None:
        """Keep what a failing test raised: each check's name and message, and each drift as the
        check recorded it (`judging`, `checks.witness`) or as its failure carries it."""
        failures = failures_in(error)
        details = [f"{check_name(failure)}: {self.redact(said(failure))}" for failure in failures]
        changes: list[Change] = []
        for failure in failures:
            if isinstance(failure, AssertionError):
                change = change_of(failure)
                change = replace(
                    change, title=self.redact(change.title), reproduce=self.redact(change.reproduce)
                )
                if change not in changes:
                    changes.append(change)
        with self._lock:
            self.failures.append(
                Failure(
                    test=test,
                    kind=kind_of(error),
                    checks=list(dict.fromkeys(check_name(failure) for failure in failures)),
                    details=details,
                    curls=list(dict.fromkeys(c.reproduce for c in changes if c.reproduce)),
                    seconds=round(time.monotonic() - self.started, 2),
                    changes=changes,
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
                Warned(self.redact(str(w.message)), getattr(w.message, "where", ""))
                for w in seen
                if issubclass(w.category, GuardWarning)
            ]
        for warning in seen:
            warnings.warn_explicit(
                warning.message, warning.category, warning.filename, warning.lineno
            )

    def redact(self, text: str) -> str:
        """`text` with the API key replaced: nothing the kit prints may carry it."""
        key = self.target.api_key
        return text.replace(key, REDACTED) if key else text

    def findings(self) -> list[Finding]:
        """The run's drift, one entry per fingerprint, in the order it was first caught."""
        grouped: dict[str, list[tuple[Change, Failure]]] = {}
        for failure in self.failures:
            if failure.kind == "drift":
                for change in failure.changes:
                    grouped.setdefault(change.fingerprint, []).append((change, failure))
        findings = []
        for mark, seen in grouped.items():
            first = seen[0][0]
            since, new = (
                self.previous.since_for(mark, self.started_at)
                if self.previous is not None
                else (self.started_at, None)
            )
            findings.append(
                Finding(
                    fingerprint=mark,
                    title=first.title,
                    check=first.check,
                    operation=first.operation,
                    where=first.where,
                    tests=list(dict.fromkeys(failure.test for _, failure in seen)),
                    reproduce=next((c.reproduce for c, _ in seen if c.reproduce), ""),
                    since=since,
                    new=new,
                )
            )
        return findings

    def fixed(self) -> list[Finding]:
        """What the previous run found and this one did not see again, where this run checked:
        a run that could not check, or an operation it never saw succeed, is no evidence that
        drift went away."""
        if self.previous is None or self.exit_code() not in (EXIT_CONFORMS, EXIT_DRIFT):
            return []
        return self.previous.fixed(self._marks(), self._checked())

    def unverified(self) -> list[Finding]:
        """Earlier drift this run could not look at again, carried on to the next report."""
        if self.previous is None or self.previous.problem:
            return []
        return self.previous.unverified(self._marks(), self._checked())

    def _marks(self) -> set[str]:
        return {finding.fingerprint for finding in self.findings()}

    def _checked(self) -> set[str]:
        """The operations this run saw answer with success (a run with no verdict: none)."""
        if self.exit_code() not in (EXIT_CONFORMS, EXIT_DRIFT):
            return set()
        return self.succeeded()

    def record(self) -> RunRecord:
        """The run as data: what every view of it (render.py) and the JSON report are made of."""
        code = self.exit_code()
        declared = [f"{method} {path}" for method, path, _ in operations()]
        return RunRecord(
            verdict=VERDICTS[code],
            exit_code=code,
            started_at=self.started_at,
            target=Checked(
                url=self.base_url or self.target.base_url or "",
                live=self.target.is_live,
                writes=self.target.allow_writes,
                seed=self.seed,
                keep_created=self.target.keep_created,
            ),
            cannot_check=self.cannot_check,
            unfinished=self.unfinished,
            findings=self.findings(),
            fixed=self.fixed(),
            unverified=self.unverified(),
            previous=self.previous,
            declared=declared,
            statuses={operation: dict(seen) for operation, seen in self.statuses.items()},
            never_succeeded=self.never_succeeded(),
            checked=sorted(self.succeeded() & set(declared)),
            out_of_time=self.gate.out_of_time,
            unsent=sum(self.gate.unsent.values()),
            budget_seconds=self.target.budget_seconds,
            created_ids=list(self.created_ids),
            deleted_ids=[i for i in self.created_ids if str(i) in self.gate.deleted_ids],
            not_deleted={i: self.gate.undeleted.get(i, "") for i in self.gate.not_deleted()},
            sent=dict(self.gate.sent),
            withheld=dict(self.gate.withheld),
            blips=[asdict(blip) for blip in self.gate.blips],
            account=self.account,
            warned=list(self.warnings),
            failures=list(self.failures),
        )
