"""The record of a run, as data: its verdict, every drift a check caught, what it sent and saw.

Pure data on purpose: the guard fills it in (report.py), render.py draws every view of a run from
it (the summary, the markdown, JUnit, annotations, the JSON report), and `python -m
contract_tests` reads it back from the JSON report without importing the guard.

Exit codes (the public interface): 0 the server conforms; 1 drift; 3 the guard's own error (not a
verdict on the server); 4 cannot check (unreachable, key refused, bad settings);
75 inconclusive: an operation was never answered with success (every answer 429, 5xx, 401/403).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

EXIT_CONFORMS = 0
EXIT_DRIFT = 1
EXIT_GUARD_ERROR = 3
EXIT_CANNOT_CHECK = 4
EXIT_INCONCLUSIVE = 75  # EX_TEMPFAIL: try again later
# How the summaries, the JSON report and a CI job name each verdict.
VERDICTS = {
    EXIT_CONFORMS: "conforms",
    EXIT_DRIFT: "drift",
    EXIT_GUARD_ERROR: "guard error",
    EXIT_CANNOT_CHECK: "cannot check",
    EXIT_INCONCLUSIVE: "inconclusive",
}
# The operation an empty account cannot show working: nothing to fetch.
FETCH = "GET /v2/chargeboxes/{id}"

# A list index in a field path (`[49]`): the same drift in another item of a page.
_INDEX = re.compile(r"\[\d+\]")
ROOT_PATH = "$"  # a JSON document's own field path


def field_path(path: str, step: str | int) -> str:
    """The field path one step below `path`: a member (`$.evses`) or a list item (`$.evses[0]`).
    Every field path the guard writes is built with this."""
    return f"{path}[{step}]" if isinstance(step, int) else f"{path}.{step}"


def any_item(where: str) -> str:
    """`where` with every list index made `[*]`: `$.data[49].isOnline` -> `$.data[*].isOnline`."""
    return _INDEX.sub("[*]", where)


def fingerprint(check: str, operation: str, where: str) -> str:
    """What makes two failures the same drift, run after run (see history.py)."""
    return " ".join(part for part in (check, operation, any_item(where)) if part)


@dataclass(frozen=True)
class Change:
    """One drift a check caught, as data, recorded where the case and the answer were known."""

    check: str
    operation: str  # `GET /v2/chargeboxes`
    where: str  # the field, e.g. `$.data[49].isOnline`; "" when not about one field
    title: str  # what changed, in one line
    reproduce: str = ""  # the case's curl, the key as `$SPIRII_API_KEY`; "" when no case was

    @property
    def fingerprint(self) -> str:
        """The same drift in another run, or in another item of a page, has the same one."""
        return fingerprint(self.check, self.operation, self.where)


@dataclass
class Failure:
    """One failing test: which checks caught what, where, and how to reproduce it."""

    test: str
    kind: str  # "drift", "unreachable", "out of time", or "guard" (see report.kind_of)
    checks: list[str]
    details: list[str]  # each failure's check and message, as it said it
    curls: list[str]  # each drift's reproducing curl (its `changes`' `reproduce`)
    seconds: float  # from the start of the run to this failure: the time to detection
    changes: list[Change] = field(default_factory=list)  # each drift in it (kind "drift")


@dataclass
class Finding:
    """One drift, however many tests caught it: what changed, where, since when, how to see it."""

    fingerprint: str
    title: str
    check: str
    operation: str
    where: str
    tests: list[str]
    reproduce: str
    since: str  # ISO 8601, UTC: first seen, as far as the previous reports go
    new: bool | None  # new since the previous run; None: no previous report to compare with


@dataclass(frozen=True)
class Previous:
    """What the previous run said (history.py reads it), as far as this run needs it."""

    path: str
    started_at: str = ""  # ISO 8601, UTC
    verdict: str = ""
    # Every finding as the report holds it: the previous run's, and those it carried unverified.
    findings: dict[str, Finding] = field(default_factory=dict)  # by fingerprint
    problem: str = ""  # why it could not be read; empty when it was

    def since_for(self, mark: str, now: str) -> tuple[str, bool | None]:
        """(first seen, new since the previous run?) for the drift with fingerprint `mark`.

        None for "new?" when there is nothing to compare with.
        """
        if self.problem:
            return now, None
        if mark in self.findings:
            return self.findings[mark].since, False
        return now, True

    def fixed(self, marks: set[str], checked: set[str]) -> list[Finding]:
        """What the previous run found that this run did not see again, among the operations
        this run `checked` (saw answer with success)."""
        return [
            finding
            for mark, finding in self.findings.items()
            if mark not in marks and finding.operation in checked
        ]

    def unverified(self, marks: set[str], checked: set[str]) -> list[Finding]:
        """Earlier drift in operations this run did not see succeed (a read-only night after a
        writes run): neither seen again nor fixed, so carried on with its first-seen time."""
        return [
            finding
            for mark, finding in self.findings.items()
            if mark not in marks and finding.operation not in checked
        ]


@dataclass(frozen=True)
class Warned:
    """A warning the run gave (not drift): its text, and the field it is about, "" if none."""

    text: str
    where: str = ""


@dataclass
class AccountWalk:
    """What the walk read: pages, charge boxes, ids fetched; whether it reached the list's end."""

    pages: int = 0
    chargeboxes: int = 0
    fetched: int = 0
    complete: bool = False
    page_budget: int = 0
    stopped_by: str = ""  # why the walk ended early, other than its budget
    page_size: int = 0  # charge boxes asked for per page


@dataclass
class Checked:
    """The server a run checked, and how."""

    url: str
    live: bool
    writes: bool
    seed: int
    keep_created: bool = False


@dataclass
class RunRecord:
    """Everything a run's reports say, as data; `target` is None for a run that ended before it
    could write its own report (then `log_tail` says what it printed last)."""

    verdict: str
    exit_code: int
    started_at: str  # ISO 8601, UTC
    target: Checked | None = None
    cannot_check: str = ""  # why nothing could be checked (unreachable, key refused)
    unfinished: str = ""  # why the run stopped before every test ran (the guard's own error)
    findings: list[Finding] = field(default_factory=list)
    fixed: list[Finding] = field(default_factory=list)  # the previous run's, not seen again
    unverified: list[Finding] = field(default_factory=list)  # earlier ones not looked at again
    previous: Previous | None = None
    declared: list[str] = field(default_factory=list)  # openapi.yaml's operations
    statuses: dict[str, dict[int, int]] = field(default_factory=dict)  # operation -> code -> n
    never_succeeded: list[str] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)  # declared operations seen succeeding
    out_of_time: str = ""
    unsent: int = 0  # requests not sent for want of time
    budget_seconds: float = 0.0
    created_ids: list[int | str] = field(default_factory=list)
    deleted_ids: list[int | str] = field(default_factory=list)
    not_deleted: dict[str, str] = field(default_factory=dict)  # id -> why, "" if not tried
    sent: dict[str, int] = field(default_factory=dict)  # method -> requests
    withheld: dict[str, int] = field(default_factory=dict)  # request -> times
    blips: list[dict[str, Any]] = field(default_factory=list)  # ledger.Blip, as data
    account: AccountWalk = field(default_factory=AccountWalk)
    warned: list[Warned] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    log_tail: list[str] = field(default_factory=list)

    @classmethod
    def from_json(cls, report: dict[str, Any]) -> RunRecord:
        """The record a JSON report (render.json_report) holds."""
        target = report.get("target")
        previous = report.get("previous")
        return cls(
            verdict=report["verdict"],
            exit_code=report["exit_code"],
            started_at=report["started_at"],
            target=Checked(**target) if target else None,
            cannot_check=report.get("cannot_check", ""),
            unfinished=report.get("unfinished", ""),
            findings=[Finding(**f) for f in report.get("findings", [])],
            fixed=[Finding(**f) for f in report.get("fixed_findings", [])],
            unverified=[Finding(**f) for f in report.get("unverified", [])],
            previous=(
                Previous(
                    **previous
                    | {"findings": {k: Finding(**f) for k, f in previous["findings"].items()}}
                )
                if previous
                else None
            ),
            declared=report.get("declared", []),
            statuses={
                operation: {int(code): count for code, count in seen.items()}
                for operation, seen in report.get("statuses", {}).items()
            },
            never_succeeded=report.get("never_succeeded", []),
            checked=report.get("checked", []),
            out_of_time=report.get("out_of_time", ""),
            unsent=report.get("unsent", 0),
            budget_seconds=report.get("budget_seconds", 0.0),
            created_ids=report.get("created_ids", []),
            deleted_ids=report.get("deleted_ids", []),
            not_deleted=report.get("not_deleted", {}),
            sent=report.get("sent", {}),
            withheld=report.get("withheld", {}),
            blips=report.get("blips", []),
            account=AccountWalk(**report.get("account", {})),
            warned=[Warned(**w) for w in report.get("warned", [])],
            failures=[
                Failure(**(f | {"changes": [Change(**c) for c in f.get("changes", [])]}))
                for f in report.get("failures", [])
            ],
            log_tail=report.get("log_tail", []),
        )
