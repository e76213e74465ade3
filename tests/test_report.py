"""The guard's verdict is about the server: drift, the guard's own errors, an unreachable server
and a run that checked nothing each end with their own exit code."""

from __future__ import annotations

import hypothesis.errors
import pytest
import requests

from contract_tests.account import AccountWalk
from contract_tests.checks import CheckFailed
from contract_tests.report import ContractRun
from contract_tests.target import from_environment
from contract_tests.traffic import Gate

LIVE = {"SPIRII_BASE_URL": "https://sandbox.api.spirii.com", "SPIRII_API_KEY": "sk-test-report"}


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
        in (run.summary())
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
