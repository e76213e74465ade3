"""The guard's verdicts and findings as every report shows them: the exit codes, one drift
(what changed, where, since when, how to reproduce it) and the markdown a person reads.

Light on purpose: `python -m contract_tests` renders CI's views of a run from its JSON report
without importing the guard.

Exit codes (the public interface): 0 the server conforms; 1 drift; 3 the guard's own error (not a
verdict on the server); 4 cannot check (unreachable, key refused, bad settings);
75 inconclusive: an operation was never answered with success (every answer 429, 5xx, 401/403).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
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
# A list index in a field path (`[49]`): the same drift in another item of a page.
_INDEX = re.compile(r"\[\d+\]")


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


@dataclass(frozen=True)
class Warned:
    """A warning the run gave (not drift): its text, and the field it is about, "" if none."""

    text: str
    where: str = ""


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

    def said(self) -> str:
        """The drift in one line: where (the operation, else the test; the field), what changed."""
        operation = self.operation or (self.tests[0] if self.tests else "")
        where = " at ".join(part for part in (operation, self.where) if part)
        return f"{where}: {self.title}" if where else self.title

    def since_text(self) -> str:
        """`new since the previous run`, `seen since ...`, or `first seen in this run`."""
        if self.new is None:
            return "first seen in this run (no previous report to compare with)"
        return "NEW since the previous run" if self.new else f"seen in every run since {self.since}"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def markdown(record: dict[str, Any]) -> str:
    """The JSON report as markdown: a CI job's summary page and reports/contract-summary.md."""
    headline: list[str] = record["headline"]
    lines = [f"## Spirii drift guard: {headline[0]}", ""]
    lines += [f"{line}  " for line in record.get("context", [])]
    findings: list[dict[str, Any]] = record["findings"]
    if findings:
        lines += ["", "| # | what changed | where | caught by | since |", "|---|---|---|---|---|"]
    for number, finding in enumerate(findings, 1):
        where = " ".join(f"`{part}`" for part in (finding["operation"], finding["where"]) if part)
        since = (
            "first seen in this run"
            if finding["new"] is None
            else "**new** since the previous run"
            if finding["new"]
            else f"every run since {finding['since']}"
        )
        lines.append(
            f"| {number} | {_cell(finding['title'])} | {where} | {finding['check']} | {since} |"
        )
    for number, finding in enumerate(findings, 1):
        if finding["reproduce"]:
            lines += ["", f"Reproduce {number}:", "", "```sh", finding["reproduce"], "```"]
    if record["fixed"]:
        lines += ["", "No longer seen since the previous run:", ""]
        lines += [f"- {_cell(title)}" for title in record["fixed"]]
    if record.get("unverified"):
        lines += ["", "Not checked in this run, so still open from earlier runs:", ""]
        lines += [
            f"- `{f['operation']}`: {_cell(f['title'])} (since {f['since']})"
            for f in record["unverified"]
        ]
    lines += [
        "",
        "<details><summary>Everything the run saw</summary>",
        "",
        "```text",
        *headline,
        "",
        *record["details"],
        "```",
        "</details>",
        "",
    ]
    return "\n".join(lines)
