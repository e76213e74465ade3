"""Pace: against a remote target, reads stay under the vendor's 600 a minute, writes under its
120 and remote control under its 30, counting every request of the run.

Each kind is paced on its own at guard.toml's share of its limit: a request takes the next free
slot of its kind, one interval after the last one taken, and waits for it. A slot is taken
whether or not the request is then sent, so a resend after a transient answer is paced too.
"""

from __future__ import annotations

import threading

from contract_tests.clock import Clock
from contract_tests.paths import remote_control_paths, spec_path
from contract_tests.permission import SAFE_METHODS
from contract_tests.settings import settings


def _kind_of(method: str, path: str) -> str:
    """The vendor's kind of a request, as it counts them: a read, a write, or remote control."""
    if spec_path(path) in remote_control_paths():
        return "remote control"
    return "read" if method.upper() in SAFE_METHODS else "write"


def _interval(kind: str) -> float:
    """Seconds between two requests of `kind`, at guard.toml's share of the vendor's limit."""
    pacing = settings().pacing
    per_minute = {
        "read": pacing.reads_per_minute,
        "write": pacing.writes_per_minute,
        "remote control": pacing.remote_control_per_minute,
    }[kind]
    return 60 / (per_minute * pacing.share)


class Pacer:
    """The next free slot of each kind of request, on `clock`; no waits when not `paced` (a
    server on this machine, unless SPIRII_CONTRACT_PACE=1)."""

    def __init__(self, clock: Clock, *, paced: bool) -> None:
        self._clock, self._paced = clock, paced
        self._next_slot: dict[str, float] = {}
        self._lock = threading.Lock()

    def wait_before(self, method: str, path: str) -> float:
        """Seconds to wait before sending `method` on `path`: its kind's next slot is taken."""
        if not self._paced:
            return 0.0
        kind = _kind_of(method, path)
        with self._lock:
            now = self._clock.monotonic()
            slot = max(now, self._next_slot.get(kind, now))
            self._next_slot[kind] = slot + _interval(kind)
        return slot - now
