"""Every request of a run passes through one gate: what may be sent, how fast, what is sent again.

Schemathesis' cases, its own probes (ignored_auth's requests without a key) and the guard's own
reads (the list walk, fetches by id) all go through `Gate.send`, which applies each rule in
turn; each rule is written down, and kept, in a module of its own:
- Safety (permission.py): without the settings for it, nothing that could change what the run
  did not create is sent; it is withheld and listed.
- Pace (pacing.py): against a remote target, each kind of request stays under its share of the
  vendor's limit.
- Transient answers (retries.py): a 429, a 5xx or a dropped connection is sent again before
  anything is judged.
- Time (budget.py): nothing is sent past the run's time budget but the clean-up.
What went through, and what the run created and deleted, is kept in its ledger (ledger.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import TypeVar

import requests

from contract_tests.budget import Budget, OutOfTime
from contract_tests.clock import SYSTEM_CLOCK, Clock
from contract_tests.ledger import Ledger
from contract_tests.pacing import Pacer
from contract_tests.permission import Withheld, admits
from contract_tests.retries import Patience, backoff, wait_asked
from contract_tests.settings import settings
from contract_tests.target import Target, configured

R = TypeVar("R")


@dataclass
class Gate(Ledger):
    """The one way out of the guard to the target. It is the run's ledger too (the report reads
    what went through from the gate); its waits are on `clock`, the machine's but in tests."""

    target: Target
    clock: Clock = SYSTEM_CLOCK
    budget: Budget = field(init=False)
    _pacer: Pacer = field(init=False, repr=False)
    _patience: Patience = field(default_factory=Patience, init=False, repr=False)

    def __post_init__(self) -> None:
        self.budget = Budget(self.target.budget_seconds, self.clock)
        self._pacer = Pacer(self.clock, paced=self.target.is_rate_limited)

    def send(self, method: str, path: str, attempt: Callable[[], R]) -> R:
        """Send one request (`attempt` sends it once) as the rules allow; its last answer.

        Raises Withheld, without sending anything, for a request the rules forbid, and
        OutOfTime, without sending it, for one the time budget leaves no room for.
        """
        method = method.upper()
        label = f"{method} {path}"
        if not admits(self.target, method, path, self.created_segments()):
            self.count_withheld(label)
            raise Withheld(f"{label}: not sent, it could change what this run did not create")
        seen: list[str] = []
        retries = settings().retries
        for number in range(1, retries.attempts + 1):
            self._wait(label, 0.0)  # once the budget is spent, nothing is sent, paced or not
            self._wait(label, self._pacer.wait_before(method, path))
            self.count_sent(method)
            try:
                answer = attempt()
            except (requests.ConnectionError, requests.Timeout) as error:
                seen.append(type(error).__name__)
                if number == retries.attempts or not self._patience.lasts():
                    self._settle(label, seen, recovered=False)
                    raise
                self._wait(label, backoff(number, rate_limited=self.target.is_rate_limited))
                continue
            status = getattr(answer, "status_code", 0)
            self.count_answer(method, path, status)
            if status not in retries.transient_statuses:
                self._settle(label, seen, recovered=True)
                self.remember(method, path, answer)
                return answer
            seen.append(str(status))
            wait = wait_asked(answer) if status == 429 else None
            out_of_patience = (wait or 0) > retries.max_wait_seconds
            if number == retries.attempts or not self._patience.lasts() or out_of_patience:
                self._settle(label, seen, recovered=False)
                return answer
            rate_limited = self.target.is_rate_limited
            delay = backoff(number, rate_limited=rate_limited) if wait is None else wait
            if delay > self.budget.seconds_left():
                # Waiting would break the budget: judge this answer as it is (a 429 is allowed
                # everywhere), and stop sending after it.
                self._settle(label, seen, recovered=False)
                self.note_out_of_time(self.budget.end(label, delay))
                return answer
            self._wait(label, delay)
        raise AssertionError("unreachable: the last attempt returns or raises")

    def _wait(self, label: str, seconds: float) -> None:
        """Wait `seconds` before sending `label`, or end the run's sending when the wait would
        end past its budget (OutOfTime)."""
        if not self.budget.allows(seconds):
            self.note_out_of_time(self.budget.end(label, seconds))
            self.count_unsent(label)
            raise OutOfTime(f"{label}: not sent, {self.out_of_time}")
        if seconds > 0:
            self.clock.sleep(seconds)

    def _settle(self, label: str, seen: list[str], *, recovered: bool) -> None:
        """Remember how a request settled: a blip when it met transient answers on the way."""
        self.note_blip(label, seen, recovered=recovered)
        self._patience.settled(recovered=recovered)


@cache
def run_gate() -> Gate:
    """This run's gate, for the run's target (one per process, as the run is)."""
    return Gate(configured())
