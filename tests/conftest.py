"""What the tests share: the bundled mock to run README examples against, and how to run one; a
fake clock for the guard's gate, on which minutes of pacing and budgets pass in no time."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from mock.server import DEFAULT_API_KEY, create_app
from mock.serving import serving

SANDBOX = "https://sandbox.api.spirii.com"


def python_blocks(readme: Path) -> list[str]:
    """The ```python blocks of a README, in order."""
    return re.findall(r"```python\n(.*?)```", readme.read_text(encoding="utf-8"), re.DOTALL)


@pytest.fixture(scope="module")
def mock_url() -> Iterator[str]:
    """The bundled mock, serving with its default key, for a module's examples."""
    with serving(create_app(api_key=DEFAULT_API_KEY)) as url:
        yield url


def run_example(
    readme: Path, block: str, mock_url: str, monkeypatch: pytest.MonkeyPatch
) -> dict[str, Any]:
    """Run one README example as written, its sandbox URL pointed at the mock; its namespace."""
    assert SANDBOX in block, "README examples talk to the sandbox, which the test redirects"
    monkeypatch.setenv("SPIRII_API_KEY", DEFAULT_API_KEY)
    monkeypatch.delenv("SPIRII_BASE_URL", raising=False)  # examples default to the sandbox URL
    namespace: dict[str, Any] = {}
    exec(compile(block.replace(SANDBOX, mock_url), str(readme), "exec"), namespace)  # noqa: S102
    return namespace


class FakeClock:
    """A clock for the gate (contract_tests/clock.py) on which time passes only in sleeps, and at
    once. Threads that share it (`together`) see it pass only when every one of them sleeps, and
    then to the earliest wake-up: their requests are ordered in time as a real clock would order
    them, with no time spent between sleeps."""

    def __init__(self, now: float = 1000.0) -> None:
        self._now = now
        self._awake = 1  # threads using the clock, not asleep: at first, the test's own
        self._wake_ups: list[float] = []
        self._changed = threading.Condition()
        self.slept: list[float] = []  # every wait asked, in order

    def monotonic(self) -> float:
        """The fake time, in seconds."""
        with self._changed:
            return self._now

    def sleep(self, seconds: float) -> None:
        """Wait `seconds` of fake time: until every other thread sleeps too, and no one's wake-up
        comes before this one's."""
        with self._changed:
            self.slept.append(seconds)
            wake_up = self._now + seconds
            self._wake_ups.append(wake_up)
            self._awake -= 1
            self._pass_time()
            while self._now < wake_up:
                self._changed.wait()
            self._wake_ups.remove(wake_up)
            self._awake += 1

    def together(self, *jobs: Callable[[], None]) -> None:
        """Run `jobs` at once, a thread each, on this clock; return when all are done, raising
        the first error one of them raised. The caller counts as asleep meanwhile."""
        errors: list[BaseException] = []

        def run(job: Callable[[], None]) -> None:
            try:
                job()
            except BaseException as error:
                errors.append(error)  # raised again in the caller's thread, for the test
            finally:
                with self._changed:
                    self._awake -= 1
                    self._pass_time()

        with self._changed:
            self._awake += len(jobs) - 1
        threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        with self._changed:
            self._awake += 1
        if errors:
            raise errors[0]

    def _pass_time(self) -> None:
        """When every thread sleeps, move on to the earliest wake-up and wake who it is due."""
        if self._awake == 0 and self._wake_ups:
            self._now = max(self._now, min(self._wake_ups))
            self._changed.notify_all()
