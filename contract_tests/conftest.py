"""Wires the drift guard to its target (bundled mock or live Spirii), sets its verdict (the exit
code, see report.py) and prints its report."""

from __future__ import annotations

from collections.abc import Generator, Iterator
from pathlib import Path

import pytest

from contract_tests import REPORTS_DIR, render
from contract_tests.account import supported_model_id
from contract_tests.ci import write_reports
from contract_tests.gate import run_gate
from contract_tests.history import previous_report
from contract_tests.record import EXIT_CANNOT_CHECK, AccountWalk
from contract_tests.report import ContractRun
from contract_tests.schema import default_seed
from contract_tests.session import TargetSession, unreachable_reason
from contract_tests.settings import settings
from contract_tests.target import Target, TargetError, configured
from mock.server import create_app
from mock.serving import serving

_RUN_KEY = pytest.StashKey[ContractRun]()


def pytest_configure(config: pytest.Config) -> None:
    Path(REPORTS_DIR).mkdir(parents=True, exist_ok=True)
    try:
        target = configured()
    except TargetError as error:
        raise pytest.UsageError(str(error)) from None
    seed = default_seed() if target.seed is None else target.seed
    account = AccountWalk(page_budget=target.max_pages, page_size=settings().walk.page_size)
    previous = (
        previous_report(target.previous_report, target.base_url) if target.previous_report else None
    )
    config.stash[_RUN_KEY] = ContractRun(target, seed, run_gate(), account, previous=previous)


def _run(config: pytest.Config) -> ContractRun:
    return config.stash[_RUN_KEY]


@pytest.fixture(scope="session")
def contract_target(request: pytest.FixtureRequest) -> Target:
    """The server under test, as the environment describes it."""
    return _run(request.config).target


@pytest.fixture(scope="session")
def base_url(request: pytest.FixtureRequest, contract_target: Target) -> Iterator[str]:
    """The target's base URL; for the bundled mock, a fresh mock serving on a loopback port."""
    if contract_target.base_url is not None:
        reason = unreachable_reason(_run(request.config).gate, contract_target.base_url)
        if reason is not None:
            _run(request.config).cannot_check = reason
            pytest.exit(f"Spirii contract: {reason}", returncode=EXIT_CANNOT_CHECK)
        yield contract_target.base_url
        return
    with serving(create_app(api_key=contract_target.api_key)) as url:
        yield url


@pytest.fixture(scope="session")
def contract_run(request: pytest.FixtureRequest, base_url: str) -> ContractRun:
    """The run's ledger: every exchange, created charge box and failure, for the summary."""
    run = _run(request.config)
    run.base_url = base_url
    run.model_id = run.target.model_id
    if run.model_id is None and run.target.allow_writes:
        session = TargetSession(run.gate, base_url)
        try:
            run.model_id = supported_model_id(session)
        finally:
            session.close()
    return run


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    if report.failed and call.excinfo is not None:
        _run(item.config).record_failure(item.name, call.excinfo.value)
    return report


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """The run's verdict replaces pytest's "some test failed" once every test has run; a run that
    did not finish (interrupted, a collection error, no tests) is the guard's own error."""
    run = _run(session.config)
    if exitstatus not in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED, EXIT_CANNOT_CHECK):
        run.unfinished = f"the run did not finish (pytest exit {exitstatus})"
    session.exitstatus = run.exit_code()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    record = _run(terminalreporter.config).record()
    terminalreporter.write_sep("=", "Spirii contract summary")
    terminalreporter.write_line(render.summary(record))
    write_reports(Path(REPORTS_DIR), record)
