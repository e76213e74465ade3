"""Time: the run has a wall-time budget (SPIRII_CONTRACT_BUDGET_SECONDS). A wait that would end
past it is not waited, and once it is spent nothing more is sent (`OutOfTime`), except the
clean-up of what the run created, which gets a grace period of its own: a throttled vendor gets a
verdict (inconclusive) in bounded time, and is still cleaned up after.
"""

from __future__ import annotations

import threading

from contract_tests.clock import Clock
from contract_tests.settings import settings


class OutOfTime(Exception):
    """A request the gate did not send, because the run's time budget is spent."""


class Budget:
    """The run's `seconds` of wall time on `clock`, from now: what is left of them, the end of
    the sending, and the clean-up's grace past it."""

    def __init__(self, seconds: float, clock: Clock) -> None:
        self.seconds, self._clock = seconds, clock
        self.started = clock.monotonic()
        self._deadline = self.started + seconds
        self._lock = threading.Lock()

    def seconds_left(self) -> float:
        """What is left of the budget (of the clean-up's grace once it started)."""
        return self._deadline - self._clock.monotonic()

    def allows(self, wait: float) -> bool:
        """Whether a request may be sent after waiting `wait` seconds: time is left, and the
        wait ends before it runs out."""
        left = self.seconds_left()
        return left > 0 and wait <= left

    def end(self, label: str, wait: float) -> str:
        """End the sending now (only the clean-up's grace opens it again); why, in words:
        `label` would have had to wait `wait` seconds."""
        with self._lock:
            now = self._clock.monotonic()
            self._deadline = min(self._deadline, now)
        waiting = f", {label} asked to wait {wait:.0f} s more" if wait > 0 else ""
        return (
            f"the time budget ({self.seconds:g} s, SPIRII_CONTRACT_BUDGET_SECONDS) ran out "
            f"after {now - self.started:.0f} s{waiting}"
        )

    def start_cleanup(self) -> None:
        """The clean-up runs whatever time is left: it gets guard.toml's grace past the budget."""
        grace = settings().time.cleanup_grace_seconds
        with self._lock:
            self._deadline = max(self._deadline, self._clock.monotonic() + grace)
