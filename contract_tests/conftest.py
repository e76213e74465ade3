"""Wires the drift guard to its target (bundled mock or live Spirii) and prints its report."""

from __future__ import annotations

from collections.abc import Generator, Iterator
from pathlib import Path

import pytest

from contract_tests.report import REPORTS_DIR, ContractRun
from contract_tests.schema import default_seed
from contract_tests.target import Target, TargetError, configured
from contract_tests.traffic import unreachable_reason
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
    config.stash[_RUN_KEY] = ContractRun(target, seed)


def _run(config: pytest.Config) -> ContractRun:
    return config.stash[_RUN_KEY]


@pytest.fixture(scope="session")
def contract_target(request: pytest.FixtureRequest) -> Target:
    """The server under test, as the environment describes it."""
    return _run(request.config).target


@pytest.fixture(scope="session")
def base_url(contract_target: Target) -> Iterator[str]:
    """The target's base URL; for the bundled mock, a fresh mock serving on a loopback port."""
    if contract_target.base_url is not None:
        reason = unreachable_reason(contract_target, contract_target.base_url)
        if reason is not None:
            pytest.exit(f"Spirii contract: {reason}", returncode=pytest.ExitCode.USAGE_ERROR)
        yield contract_target.base_url
        return
    with serving(create_app(api_key=contract_target.api_key)) as url:
        yield url


@pytest.fixture(scope="session")
def contract_run(request: pytest.FixtureRequest, base_url: str) -> ContractRun:
    """The run's ledger: every exchange, created charge box and failure, for the summary."""
    run = _run(request.config)
    run.base_url = base_url
    return run


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    if report.failed and call.excinfo is not None:
        _run(item.config).record_failure(item.name, call.excinfo.value)
    return report


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    run = _run(terminalreporter.config)
    text = run.summary()
    terminalreporter.write_sep("=", "Spirii contract summary")
    terminalreporter.write_line(text)
    run.write(Path(REPORTS_DIR))
