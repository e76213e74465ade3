"""The guard's verdict is about the server: drift, the guard's own errors, an unreachable server
and a run that checked nothing each end with their own exit code. The report's first screen says
what changed, where, since when (against the previous run's report) and how to reproduce it."""

from __future__ import annotations

import datetime
import json
import warnings
from pathlib import Path
from typing import Any

import hypothesis.errors
import pytest
import requests
import urllib3
from schemathesis.specs.openapi.checks import response_schema_conformance

from contract_tests import render
from contract_tests.account import Judged
from contract_tests.checks import (
    CheckFailed,
    Findings,
    OpenEnumWarning,
    plain_create_is_accepted,
    timestamps_follow_wire_format,
    witness,
)
from contract_tests.gate import Gate
from contract_tests.history import previous_report
from contract_tests.paths import COLLECTION
from contract_tests.record import ROOT_PATH, AccountWalk, Previous, field_path
from contract_tests.report import ContractRun
from contract_tests.schema import load_schema
from contract_tests.session import TargetSession
from contract_tests.target import from_environment

LIVE = {"SPIRII_BASE_URL": "https://sandbox.api.spirii.com", "SPIRII_API_KEY": "sk-test-report"}
TARGET = from_environment(LIVE)
SCHEMA = load_schema(TARGET, Gate(TARGET))
LIST = SCHEMA[COLLECTION]["GET"]
FETCH = SCHEMA[f"{COLLECTION}/{{id}}"]["GET"]


def _run(
    succeeded: tuple[str, ...] = (
        "GET /v2/chargeboxes",
        "GET /v2/chargeboxes/models",
        "GET /v2/chargeboxes/{id}",
    ),
) -> ContractRun:
    target = from_environment(LIVE)
    gate = Gate(target)
    for operation in succeeded:
        gate.answers[operation][200] += 1
    return ContractRun(target, 1, gate, AccountWalk(page_budget=1))


def test_a_run_that_saw_every_operation_succeed_conforms() -> None:
    assert _run().exit_code() == 0


def test_an_operation_never_seen_succeeding_is_inconclusive() -> None:
    run = _run(succeeded=("GET /v2/chargeboxes", "GET /v2/chargeboxes/models"))
    run.gate.answers["GET /v2/chargeboxes/{id}"][429] += 3
    assert run.never_succeeded() == ["GET /v2/chargeboxes/{id}"]
    assert run.exit_code() == 75
    assert (
        "INCONCLUSIVE: never answered with success, so not checked: GET /v2/chargeboxes/{id}"
        in (render.summary(run.record()))
    )


@pytest.mark.parametrize(
    ("raised", "kind", "code"),
    [
        (CheckFailed("timestamps_follow_wire_format", "createdAt: got 1"), "drift", 1),
        (hypothesis.errors.FlakyStrategyDefinition("Inconsistent data generation"), "guard", 3),
        (hypothesis.errors.FailedHealthCheck("too slow"), "guard", 3),
        (KeyError("id"), "guard", 3),
        (requests.ConnectionError("reset"), "unreachable", 75),
    ],
    ids=["check", "flaky", "health-check", "own-bug", "connection"],
)
def test_each_failure_counts_as_what_it_is(raised: BaseException, kind: str, code: int) -> None:
    run = _run()
    run.record_failure("test_operation_conforms", raised)
    assert run.failures[0].kind == kind
    assert run.exit_code() == code


def test_drift_wins_over_the_guards_own_error() -> None:
    run = _run()
    run.record_failure("a", hypothesis.errors.FlakyStrategyDefinition("flaky"))
    run.record_failure("b", ExceptionGroup("checks", [CheckFailed("x", "drift")]))
    assert run.exit_code() == 1
    assert run.failures[1].checks == ["x"]


def _drift(run: ContractRun, where: str = "$.data[49].isOnline") -> None:
    """A drift the account walk saw on a late page: the field as data, the curl from the case."""
    failure = CheckFailed(
        "response_schema_conformance", f'{where}: "true" is not of type boolean', where=where
    )
    case = LIST.Case(query={"limit": 100, "nextPageCursor": "MjAw"})
    witness(case, failure, TARGET.headers, TARGET.base_url or "")
    run.record_failure("test_account_reads_back", failure)


def test_the_first_screen_says_what_changed_where_and_how_to_reproduce() -> None:
    run = _run()
    _drift(run)
    first, target, _, change, caught, reproduce = render.headline(run.record())
    assert first.startswith("DRIFT (exit 1)")
    assert "read-only" in target
    assert change == (
        '  1. GET /v2/chargeboxes at $.data[49].isOnline: "true" is not of type boolean'
    )
    assert "response_schema_conformance" in caught
    assert "first seen in this run" in caught
    # The reader's shell fills the key in; the report never holds it.
    assert reproduce.endswith(
        """curl -X GET -H "Authorization: Bearer $SPIRII_API_KEY" """
        """'https://sandbox.api.spirii.com/v2/chargeboxes?limit=100&nextPageCursor=MjAw'"""
    )
    assert render.summary(run.record()).startswith("\n".join(render.headline(run.record())))


def test_the_same_drift_in_another_item_is_the_same_finding() -> None:
    run = _run()
    _drift(run, "$.data[49].isOnline")
    _drift(run, "$.data[3].isOnline")
    (finding,) = run.findings()
    assert finding.fingerprint == (
        "response_schema_conformance GET /v2/chargeboxes $.data[*].isOnline"
    )
    assert finding.tests == ["test_account_reads_back"]


def _previous(tmp_path: Path, run: ContractRun) -> Previous:
    path = tmp_path / "previous.json"
    path.write_text(json.dumps(render.json_report(run.record())))
    return previous_report(str(path))


def test_a_drift_seen_last_night_keeps_the_time_it_was_first_seen(tmp_path: Path) -> None:
    last_night = _run()
    last_night.started_at = "2026-11-24T03:17:00+00:00"
    _drift(last_night)
    tonight = _run()
    tonight.previous = _previous(tmp_path, last_night)
    _drift(tonight, "$.data[7].isOnline")
    (finding,) = tonight.findings()
    assert (finding.new, finding.since) == (False, "2026-11-24T03:17:00+00:00")
    assert "compared with the previous run 2026-11-24T03:17:00+00:00: drift" in render.summary(
        tonight.record()
    )
    assert "seen in every run since 2026-11-24T03:17:00+00:00" in render.summary(tonight.record())


def test_a_new_drift_and_a_fixed_one_are_told_apart(tmp_path: Path) -> None:
    last_night = _run()
    _drift(last_night)
    tonight = _run()
    tonight.previous = _previous(tmp_path, last_night)
    failure = CheckFailed(
        "timestamps_follow_wire_format", "$.createdAt: got 1737970721", where="$.createdAt"
    )
    witness(FETCH.Case(path_parameters={"id": 7}), failure, TARGET.headers, "")
    tonight.record_failure("test_operation_conforms[GET /v2/chargeboxes/{id}]", failure)
    (finding,) = tonight.findings()
    assert (finding.new, finding.since) == (True, tonight.started_at)
    assert "NEW since the previous run" in render.summary(tonight.record())
    assert finding.operation == "GET /v2/chargeboxes/{id}"  # from the case
    assert [render.said(finding) for finding in tonight.fixed()] == [
        'GET /v2/chargeboxes at $.data[49].isOnline: "true" is not of type boolean'
    ]


@pytest.mark.parametrize("content", ["{not json", '{"findings": [{"no": "fingerprint"}]}', None])
def test_an_unreadable_previous_report_is_said_and_changes_no_verdict(
    tmp_path: Path, content: str | None
) -> None:
    path = tmp_path / "previous.json"
    if content is not None:
        path.write_text(content)
    run = _run()
    run.previous = previous_report(str(path))
    _drift(run)
    assert run.exit_code() == 1
    assert run.findings()[0].new is None
    assert f"the previous report {path} could not be read" in render.summary(run.record())


def test_a_run_that_could_not_check_says_nothing_was_fixed(tmp_path: Path) -> None:
    last_night = _run()
    _drift(last_night)
    tonight = _run(succeeded=("GET /v2/chargeboxes",))  # the rest never answered: inconclusive
    tonight.previous = _previous(tmp_path, last_night)
    assert tonight.exit_code() == 75
    assert tonight.fixed() == []
    assert "not compared with the previous run: this one did not check everything" in (
        render.summary(tonight.record())
    )
    tonight.cannot_check = "key refused"
    assert (tonight.exit_code(), tonight.fixed()) == (4, [])


def test_a_previous_report_of_another_target_is_not_compared(tmp_path: Path) -> None:
    last_night = _run()
    last_night.base_url = "https://api.spirii.com"
    _drift(last_night)
    path = tmp_path / "previous.json"
    path.write_text(json.dumps(render.json_report(last_night.record())))
    tonight = _run()
    tonight.previous = previous_report(str(path), "https://sandbox.api.spirii.com")
    _drift(tonight)
    assert tonight.findings()[0].new is None
    assert "is of another target, https://api.spirii.com" in render.summary(tonight.record())


def test_an_empty_account_says_what_to_do_not_to_wait() -> None:
    run = _run(succeeded=("GET /v2/chargeboxes", "GET /v2/chargeboxes/models"))
    run.account.complete, run.account.pages = True, 1
    first = render.headline(run.record())[0]
    assert first.startswith("INCONCLUSIVE (exit 75)")
    assert "the account has no charge boxes to fetch: create one, or run with" in first
    assert "try again later" not in first


def test_two_drifts_in_one_failing_test_are_two_findings() -> None:
    run = _run()
    run.record_failure(
        "test_operation_conforms[GET /v2/chargeboxes]",
        ExceptionGroup(
            "checks",
            [
                CheckFailed("timestamps_follow_wire_format", "$.data[3].createdAt: got 1"),
                CheckFailed("status_code_conformance", "Received: 418"),
            ],
        ),
    )
    assert [f.check for f in run.findings()] == [
        "timestamps_follow_wire_format",
        "status_code_conformance",
    ]


def _post_drift() -> CheckFailed:
    return CheckFailed(
        "response_schema_conformance",
        "$.status: 'x' is not of type integer",
        where="$.status",
        operation="POST /v2/chargeboxes",
    )


def test_drift_in_an_operation_this_run_never_saw_succeed_is_not_called_fixed(
    tmp_path: Path,
) -> None:
    last_night = _run()  # a writes run that saw POST drift
    last_night.record_failure("test_operation_conforms[POST /v2/chargeboxes]", _post_drift())
    last_night.started_at = "2026-11-24T03:17:00+00:00"
    tonight = _run()  # read-only: POST never answered with success
    tonight.previous = _previous(tmp_path, last_night)
    assert tonight.exit_code() == 0
    assert tonight.fixed() == []
    (carried,) = tonight.unverified()  # neither seen again nor fixed: still open, since then
    assert (carried.operation, carried.since) == (
        "POST /v2/chargeboxes",
        "2026-11-24T03:17:00+00:00",
    )
    assert "still open from earlier runs" in render.markdown(tonight.record())
    writes_night = _run()
    writes_night.previous = _previous(tmp_path, tonight)
    writes_night.record_failure("test_operation_conforms[POST /v2/chargeboxes]", _post_drift())
    (finding,) = writes_night.findings()
    assert (finding.new, finding.since) == (False, "2026-11-24T03:17:00+00:00")
    tonight.gate.answers["POST /v2/chargeboxes"][201] += 1
    assert [render.said(finding) for finding in tonight.fixed()] == [
        "POST /v2/chargeboxes at $.status: 'x' is not of type integer"
    ]


def _answer(status: int, body: object, url: str) -> requests.Response:
    """An answer as the target would give it to `url`, never sent over a network."""
    answer = requests.Response()
    answer.status_code = status
    answer._content = json.dumps(body).encode()
    answer.raw = urllib3.HTTPResponse(headers={"content-type": "application/json"}, status=status)
    answer.headers.update(answer.raw.headers)
    answer.url = url
    answer.request = requests.Request("GET", url, headers=TARGET.headers).prepare()
    answer.elapsed = datetime.timedelta(seconds=0.1)
    return answer


_KEY_FROM_SHELL = '-H "Authorization: Bearer $SPIRII_API_KEY"'


def test_a_schemathesis_checks_drift_is_recorded_from_its_case() -> None:
    run = _run()
    run.base_url = "https://sandbox.api.spirii.com"
    case = LIST.Case(query={"limit": 100, "nextPageCursor": "MjAw"})
    answer = _answer(200, {"data": [{"isOnline": "true"}]}, f"{run.base_url}/v2/chargeboxes")
    with pytest.raises(BaseExceptionGroup) as raised, run.judging(case, answer):
        case.validate_response(answer, checks=[response_schema_conformance])
    run.record_failure("test_operation_conforms[GET /v2/chargeboxes]", raised.value)
    wrong_type = next(f for f in run.findings() if f.where == "$.data[0].isOnline")
    assert (wrong_type.check, wrong_type.operation) == (
        "response_schema_conformance",
        "GET /v2/chargeboxes",
    )
    assert wrong_type.reproduce == (
        f"curl -X GET {_KEY_FROM_SHELL} "
        "'https://sandbox.api.spirii.com/v2/chargeboxes?limit=100&nextPageCursor=MjAw'"
    )
    assert "sk-test-report" not in json.dumps(render.json_report(run.record()))


def test_a_refused_plain_create_reproduces_with_its_body() -> None:
    run = _run()
    run.base_url = "https://sandbox.api.spirii.com"
    body: dict[str, Any] = {"serialNumber": "SN-1", "locationId": 1001, "modelId": 2}
    refused = _answer(400, {"message": "no"}, f"{run.base_url}/v2/chargeboxes")
    with (
        pytest.raises(CheckFailed) as raised,
        run.judging(SCHEMA[COLLECTION]["POST"].Case(body=body)),
    ):
        plain_create_is_accepted(refused, body)
    run.record_failure("test_a_plain_create_is_accepted", raised.value)
    (finding,) = run.findings()
    assert (finding.check, finding.operation) == (
        "plain_create_is_accepted",
        "POST /v2/chargeboxes",
    )
    assert finding.reproduce == (
        f"curl -X POST {_KEY_FROM_SHELL} -H 'Content-Type: application/json' -d "
        """'{"serialNumber": "SN-1", "locationId": 1001, "modelId": 2}' """
        "https://sandbox.api.spirii.com/v2/chargeboxes"
    )


def test_the_account_walks_drift_reproduces_with_the_fetched_id() -> None:
    """The guard's own requests: the curl is built from the case, with the real id."""
    run = _run()
    base_url = "https://sandbox.api.spirii.com"
    judged = Judged(TargetSession(run.gate, base_url), base_url)
    case = FETCH.Case(path_parameters={"id": "4711"})
    judged.check(case, _answer(200, {"id": "4711"}, f"{base_url}/v2/chargeboxes/4711"))
    with pytest.raises(Findings) as raised:
        judged.raise_found("the account walk")
    run.record_failure("test_account_reads_back", raised.value)
    assert run.findings()
    for finding in run.findings():
        assert finding.operation == "GET /v2/chargeboxes/{id}"
        assert finding.reproduce == (
            f"curl -X GET {_KEY_FROM_SHELL} https://sandbox.api.spirii.com/v2/chargeboxes/4711"
        )
    assert any(f.where == "$.id" for f in run.findings())


def test_a_custom_checks_field_is_data_not_read_from_its_message() -> None:
    run = _run()
    case = FETCH.Case(path_parameters={"id": 7})
    answer = _answer(200, {"id": 7, "createdAt": 1737970721}, f"{TARGET.base_url}/v2/chargeboxes/7")
    with pytest.raises(BaseExceptionGroup) as raised, run.judging(case, answer):
        case.validate_response(answer, checks=[timestamps_follow_wire_format])
    run.record_failure("test_operation_conforms[GET /v2/chargeboxes/{id}]", raised.value)
    (finding,) = run.findings()
    assert (finding.check, finding.where) == ("timestamps_follow_wire_format", "$.createdAt")
    assert "/v2/chargeboxes/7" in finding.reproduce


def _warn_each(places: list[str]) -> None:
    for where in places:
        warnings.warn(OpenEnumWarning(f"{where} = 'X' is new", where=where), stacklevel=1)


def test_warnings_in_other_items_are_grouped_by_their_field() -> None:
    run = _run()
    seen = [f"$.data[{index}].connectors[0].standard" for index in (3, 14)]
    with pytest.warns(OpenEnumWarning), run.recording_warnings():
        _warn_each(seen)
    assert (
        "$.data[*].connectors[*].standard = 'X' is new (at 2 places, e.g. "
        "$.data[14].connectors[0].standard)"
    ) in render.summary(run.record())


def test_every_field_path_is_built_one_step_at_a_time() -> None:
    path = field_path(field_path(field_path(ROOT_PATH, "data"), 49), "isOnline")
    assert path == "$.data[49].isOnline"
