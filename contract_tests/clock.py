"""The time the gate reads and waits on: the machine's own in a run, a fake one in tests, so that
minutes of pacing and budgets are proven in no time."""

from __future__ import annotations

import time
from typing import Protocol


class Clock(Protocol):
    """Where the gate reads the time (monotonic seconds) and waits."""

    def monotonic(self) -> float:
        """Seconds on a clock that never goes back."""
        ...

    def sleep(self, seconds: float) -> None:
        """Wait `seconds`."""
        ...


class SystemClock:
    """The machine's own clock."""

    def monotonic(self) -> float:
        """`time.monotonic()`."""
        return time.monotonic()

    def sleep(self, seconds: float) -> None:
        """`time.sleep(seconds)`."""
        time.sleep(seconds)


SYSTEM_CLOCK = SystemClock()
