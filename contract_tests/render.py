"""Every view of a run, drawn from its one record (record.py): the summary a person reads, the
markdown (reports/contract-summary.md, a CI job's summary page), JUnit, GitHub annotations and
the JSON report. Nothing here reads text back: each view renders the record's data.

Light on purpose: `python -m contract_tests` renders CI's views of a run from its JSON report
without importing the guard.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import asdict
from pathlib import Path
from typing import Any

from contract_tests.record import (
    EXIT_CANNOT_CHECK,
    EXIT_CONFORMS,
    EXIT_DRIFT,
    EXIT_GUARD_ERROR,
    EXIT_INCONCLUSIVE,
    FETCH,
    VERDICTS,
    AccountWalk,
    Finding,
    Previous,
    RunRecord,
    Warned,
    any_item,
)

# What a job's reader does about a verdict that says nothing of the server.
_ADVICE = {
    EXIT_CANNOT_CHECK: "nothing was tested",
    EXIT_GUARD_ERROR: "not drift: report it to the kit's owners, with the reports",
}
# GitHub shows at most 10 error annotations of a step: the tenth says how many more there are.
_ANNOTATIONS = 10


def said(finding: Finding) -> str:
    """The drift in one line: where (the operation, else the test; the field), what changed."""
    operation = finding.operation or (finding.tests[0] if finding.tests else "")
    where = " at ".join(part for part in (operation, finding.where) if part)
    return f"{where}: {finding.title}" if where else finding.title


def since_text(finding: Finding) -> str:
    """`new since the previous run`, `seen since ...`, or `first seen in this run`."""
    if finding.new is None:
        return "first seen in this run (no previous report to compare with)"
    return (
        "NEW since the previous run" if finding.new else f"seen in every run since {finding.since}"
    )


def _finding_line(finding: Finding) -> str:
    line = f"{said(finding)} ({since_text(finding)})"
    return line + (f"; reproduce: {finding.reproduce}" if finding.reproduce else "")


def _compared(previous: Previous) -> str:
    """One line: what this run is compared with, or why not."""
    if previous.problem:
        return f"not compared: the previous report {previous.path} {previous.problem}"
    when = previous.started_at or "(time unknown)"
    return f"compared with the previous run {when}: {previous.verdict or 'unknown'}"


def _grouped(warned: list[Warned]) -> list[str]:
    """Warnings that differ only in the item they were seen in (`$.data[14]...`), once each."""
    places: dict[str, list[str]] = {}
    for warning in sorted(set(warned), key=lambda w: w.text):
        key = warning.text.replace(warning.where, any_item(warning.where), 1)
        places.setdefault(key, []).append(warning.where)
    return [
        key if len(seen) == 1 else f"{key} (at {len(seen)} places, e.g. {seen[0]})"
        for key, seen in places.items()
    ]


def _account(walk: AccountWalk) -> str:
    """The account walk in one line."""
    if walk.complete:
        reach = "the whole list"
    elif walk.stopped_by:
        reach = f"stopped after {walk.pages} pages: {walk.stopped_by}"
    else:
        reach = (
            f"stopped after {walk.pages} pages (the budget, SPIRII_CONTRACT_MAX_PAGES="
            f"{walk.page_budget}): the account has more"
        )
    pages = f"{walk.pages} page{'' if walk.pages == 1 else 's'}"
    return (
        f"account read: {pages} of up to {walk.page_size}, {walk.chargeboxes} "
        f"charge box{'' if walk.chargeboxes == 1 else 'es'}, {walk.fetched} fetched by id; "
        f"{reach}"
    )


def context(record: RunRecord) -> list[str]:
    """The first screen's lines under the verdict: the target, the run, what it is compared
    with, how many warnings."""
    if record.target is None:
        return []
    target = record.target
    mode = "live" if target.live else "bundled mock"
    mode += ", writes" if target.writes else ", read-only"
    lines = [f"target {target.url} ({mode}); run {record.started_at}, seed {target.seed}"]
    if record.previous is not None:
        code = record.exit_code
        compared = code in (EXIT_CONFORMS, EXIT_DRIFT) or record.previous.problem
        lines.append(
            _compared(record.previous)
            if compared
            else "not compared with the previous run: this one "
            + ("checked nothing" if code == EXIT_CANNOT_CHECK else "did not check everything")
        )
    if record.warned:
        count = len(_grouped(record.warned))
        lines.append(f"{count} warning(s), not drift: below, to fix openapi.yaml from")
    return lines


def _verdict_line(record: RunRecord) -> str:
    code = record.exit_code
    if code == EXIT_CANNOT_CHECK:
        return record.cannot_check
    if code == EXIT_DRIFT:
        return f"the server no longer matches openapi.yaml in {len(record.findings)} place(s)"
    if code == EXIT_GUARD_ERROR:
        why = f"{record.unfinished}: " if record.unfinished else ""
        return f"{why}the guard itself failed: no verdict on the server (tell the kit's owners)"
    never = record.never_succeeded
    if code == EXIT_INCONCLUSIVE and record.out_of_time:
        return (
            f"{record.out_of_time}; checked (answered with success): "
            f"{', '.join(record.checked) or 'nothing'}; not checked: "
            f"{', '.join(never) or 'nothing'}; raise SPIRII_CONTRACT_BUDGET_SECONDS or try again "
            "later"
        )
    if code == EXIT_INCONCLUSIVE:
        said_never = ", ".join(never) or "the server went away mid-run"
        walk = record.account
        if walk.complete and not walk.chargeboxes and FETCH in never:
            return (
                f"not checked, as never answered with success: {said_never}; the account has no "
                "charge boxes to fetch: create one, or run with SPIRII_ALLOW_WRITES=1"
            )
        return f"not checked, as never answered with success: {said_never}; try again later"
    return "the server matches openapi.yaml in everything this run checked"


def headline(record: RunRecord) -> list[str]:
    """The first screen: the verdict, what changed, where, since when, how to reproduce."""
    first = f"{record.verdict.upper()} (exit {record.exit_code}): {_verdict_line(record)}"
    lines = [first, *(f"  {line}" for line in context(record))]
    for number, finding in enumerate(record.findings, 1):
        lines += [
            "",
            f"  {number}. {said(finding)}",
            f"     caught by {finding.check}; {since_text(finding)}",
        ]
        if finding.reproduce:
            lines.append(f"     reproduce: {finding.reproduce}")
    if record.fixed:
        lines += ["", "  no longer seen since the previous run:"]
        lines += [f"    - {said(finding)}" for finding in record.fixed]
    if record.unverified:
        lines += ["", "  not checked in this run, so still open from earlier runs:"]
        lines += [
            f"    - {finding.operation}: {finding.title} (since {finding.since})"
            for finding in record.unverified
        ]
    for failure in record.failures:
        if failure.kind != "drift":
            kind = {"guard": "the guard's own error, not drift"}.get(failure.kind, failure.kind)
            lines.append(f"  {failure.test} ({kind}): {(failure.details or [''])[0][:300]}")
    return lines


def details(record: RunRecord) -> list[str]:
    """Below the first screen: what ran, what it saw, warnings, what was held back; for a run
    that ended before its own report, the end of what it printed."""
    if record.target is None:
        return record.log_tail
    target = record.target
    lines = []
    if target.live and not target.writes and not record.cannot_check:
        lines.append(
            "writes SKIPPED: POST /v2/chargeboxes and the create -> fetch -> list workflow "
            "did not run (set SPIRII_ALLOW_WRITES=1 to run them)"
        )
    sent = ", ".join(f"{count} {method}" for method, count in sorted(record.sent.items()))
    lines += [f"requests sent: {sent or 'none'}"]
    rows = {op: seen for op, seen in record.statuses.items() if op in record.declared}
    probes = Counter[int]()
    for operation, seen in record.statuses.items():
        if operation not in record.declared:
            probes.update(seen)
    if probes:  # the coverage phase's methods the spec lacks: one line, not one per path
        rows["methods the spec lacks"] = dict(probes)
    width = max((len(operation) for operation in rows), default=9)
    lines.append(f"{'operation':<{width}}  {'sent':>5}  status codes seen")
    for operation, seen in sorted(rows.items()):
        codes = ", ".join(f"{code}: {count}" for code, count in sorted(seen.items()))
        lines.append(f"{operation:<{width}}  {sum(seen.values()):>5}  {codes}")
    if record.account.pages or record.account.stopped_by:
        lines += ["", _account(record.account)]
    created = record.created_ids
    if created and not target.live:
        lines += ["", f"charge boxes this run created on the mock: {len(created)}"]
    if target.live and created:
        ids = ", ".join(str(i) for i in created)
        lines += ["", f"charge boxes this run created ({len(created)}): {ids}"]
        left = record.not_deleted
        if target.keep_created:
            lines.append("  kept, as SPIRII_KEEP_CREATED=1 asks")
        elif left:
            listed = ", ".join(f"{i} ({why})" if why else i for i, why in left.items())
            lines.append(f"  NOT DELETED at the end of the run ({len(left)}): {listed}")
        else:
            lines.append("  all deleted at the end of the run")
    if record.warned:
        grouped = _grouped(record.warned)
        lines += ["", f"warnings ({len(grouped)}, not failures):"]
        lines += [f"  - {w}" for w in grouped]
    if record.withheld:
        by_method = Counter[str]()
        for label, count in record.withheld.items():
            by_method[label.split(" ", 1)[0]] += count
        held = ", ".join(f"{count} {method}" for method, count in sorted(by_method.items()))
        lines += [
            "",
            f"withheld, never sent (they could change what this run did not create): {held}"
            " (each request in contract-summary.json)",
        ]
    if record.blips:
        lines += ["", f"transient answers, sent again before judging ({len(record.blips)}):"]
        for blip in record.blips[:10]:
            outcome = "then fine" if blip["recovered"] else "every time: judged as answered"
            lines.append(f"  {blip['request']}: {blip['seen']} ({outcome})")
    if record.out_of_time:
        lines += ["", f"OUT OF TIME: {record.out_of_time}; {record.unsent} request(s) not sent"]
    if not record.statuses:
        lines += ["", "NOTHING WAS TESTED: no request reached the server"]
    if record.never_succeeded and not record.cannot_check:
        lines += [
            "",
            "INCONCLUSIVE: never answered with success, so not checked: "
            + ", ".join(record.never_succeeded),
        ]
    if record.cannot_check:
        lines += ["", f"NOTHING WAS CHECKED: {record.cannot_check}"]
    else:
        lines += ["", f"failures: {len(record.failures) or 'none'}"]
    for failure in record.failures:
        kind = {
            "drift": "",
            "guard": " [the guard's own error, not drift]",
            "out of time": " [the run's time budget ran out: not judged]",
        }.get(failure.kind, " [the server could not be reached: not judged]")
        lines.append(f"  {failure.test} (after {failure.seconds:.1f} s){kind}")
        lines.append(f"    caught by: {', '.join(failure.checks)}")
        for detail in failure.details[:6]:
            first, *more = detail.strip().splitlines() or [""]
            lines.append(f"    - {first}")
            lines += [f"      {line.strip()}" for line in more[:3] if line.strip()]
        lines += [f"    reproduce: {curl}" for curl in failure.curls[:2]]
    lines += ["", f"verdict: exit {record.exit_code}"]
    return lines


def summary(record: RunRecord) -> str:
    """The report a person reads: the first screen (`headline`), then the details."""
    return "\n".join([*headline(record), "", "-" * 72, *details(record)])


def json_report(record: RunRecord) -> dict[str, Any]:
    """The JSON report: the record's data (RunRecord.from_json reads it back), and for tools
    that read them, the texts of the first screen and the details and the fixed drift."""
    report = asdict(record)
    report["target"] = asdict(record.target) if record.target is not None else None
    return report | {
        "headline": headline(record),
        "context": context(record),
        "details": details(record),
        "fixed": [said(finding) for finding in record.fixed],
        "fixed_findings": [asdict(finding) for finding in record.fixed],
        "warnings": sorted({warned.text for warned in record.warned}),
        "warned": [asdict(warned) for warned in dict.fromkeys(record.warned)],
    }


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def markdown(record: RunRecord) -> str:
    """The run as markdown: a CI job's summary page and reports/contract-summary.md."""
    first, *rest = headline(record)
    lines = [f"## Spirii drift guard: {first}", ""]
    lines += [f"{line}  " for line in context(record)]
    if record.findings:
        lines += ["", "| # | what changed | where | caught by | since |", "|---|---|---|---|---|"]
    for number, finding in enumerate(record.findings, 1):
        where = " ".join(f"`{part}`" for part in (finding.operation, finding.where) if part)
        since = (
            "first seen in this run"
            if finding.new is None
            else "**new** since the previous run"
            if finding.new
            else f"every run since {finding.since}"
        )
        lines.append(f"| {number} | {_cell(finding.title)} | {where} | {finding.check} | {since} |")
    for number, finding in enumerate(record.findings, 1):
        if finding.reproduce:
            lines += ["", f"Reproduce {number}:", "", "```sh", finding.reproduce, "```"]
    if record.fixed:
        lines += ["", "No longer seen since the previous run:", ""]
        lines += [f"- {_cell(said(finding))}" for finding in record.fixed]
    if record.unverified:
        lines += ["", "Not checked in this run, so still open from earlier runs:", ""]
        lines += [
            f"- `{f.operation}`: {_cell(f.title)} (since {f.since})" for f in record.unverified
        ]
    lines += [
        "",
        "<details><summary>Everything the run saw</summary>",
        "",
        "```text",
        first,
        *rest,
        "",
        *details(record),
        "```",
        "</details>",
        "",
    ]
    return "\n".join(lines)


def junit(path: Path, record: RunRecord) -> None:
    """Put the report's first screen into the JUnit file pytest wrote (or a new one): the
    suite carries the verdict as properties, each failing test's message says what changed,
    where, since when and how to reproduce it, and a run that checked nothing (cannot check,
    inconclusive) still shows as one test case, not as "0 tests"."""
    first_screen = headline(record)
    tree = ET.parse(path) if path.is_file() else None  # noqa: S314 (our own pytest's file)
    root = tree.getroot() if tree is not None else ET.Element("testsuites")
    suite = root if root.tag == "testsuite" else root.find("testsuite")
    if suite is None:
        suite = ET.SubElement(root, "testsuite", name="spirii-contract", tests="0")
    properties = suite.find("properties")
    if properties is None:
        properties = ET.Element("properties")
        suite.insert(0, properties)
    for case_properties in suite.iter("properties"):  # Hypothesis' statistics: kilobytes of base64
        for prop in list(case_properties):
            if prop.get("name", "").startswith("hypothesis-statistics"):
                case_properties.remove(prop)
    verdict = {
        "verdict": record.verdict,
        "exit_code": str(record.exit_code),
        "started_at": record.started_at,
    }
    for name, value in verdict.items():
        ET.SubElement(properties, "property", name=f"spirii.{name}", value=value)
    for case in suite.iter("testcase"):
        failure = case.find("failure")
        mine = [f for f in record.findings if case.get("name") in f.tests]
        if failure is not None and mine:
            failure.set("message", "; ".join(_finding_line(f) for f in mine))
            failure.text = "\n".join(first_screen) + "\n\n" + (failure.text or "")
    if record.exit_code in (EXIT_CANNOT_CHECK, EXIT_INCONCLUSIVE, EXIT_GUARD_ERROR):
        case = ET.SubElement(suite, "testcase", classname="contract_tests", name="verdict")
        tag = "skipped" if record.exit_code == EXIT_INCONCLUSIVE else "error"
        ET.SubElement(case, tag, message=first_screen[0]).text = "\n".join(
            [*first_screen, "", *details(record)]
        )
        suite.set("tests", str(int(suite.get("tests", "0")) + 1))
        key = "skipped" if tag == "skipped" else "errors"
        suite.set(key, str(int(suite.get(key, "0")) + 1))
    path.parent.mkdir(parents=True, exist_ok=True)
    ET.ElementTree(root).write(path, encoding="utf-8", xml_declaration=True)


def _escape(text: str) -> str:
    """A workflow command's data, escaped as the runner expects."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _title(text: str) -> str:
    """A workflow command's property value: its data escapes, and also `:` and `,`."""
    return _escape(text).replace(":", "%3A").replace(",", "%2C")


def workflow_commands(record: RunRecord) -> list[str]:
    """GitHub workflow commands: one error per drift, one line for a run that judged nothing."""
    code, first = record.exit_code, headline(record)[0]
    if code == EXIT_INCONCLUSIVE:
        return [f"::warning title=Spirii drift guard: inconclusive::{_escape(first)}"]
    if code in (EXIT_CANNOT_CHECK, EXIT_GUARD_ERROR) or code not in VERDICTS:
        verdict = VERDICTS.get(code, "guard error")
        advice = _ADVICE.get(code, _ADVICE[EXIT_GUARD_ERROR])
        return [f"::error title=Spirii drift guard: {verdict}::{_escape(f'{first} ({advice})')}"]
    findings = record.findings
    shown = findings if len(findings) <= _ANNOTATIONS else findings[: _ANNOTATIONS - 1]
    commands = [
        f"::error title=Spirii drift: {_title(f.operation)}::{_escape(_finding_line(f))}"
        for f in shown
    ]
    if len(findings) > _ANNOTATIONS:
        more = len(findings) - len(shown)
        commands.append(
            f"::error title=Spirii drift: {more} more::{more} more drifts: "
            "the job summary lists every one"
        )
    return commands
