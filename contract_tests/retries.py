"""Transient answers: a 429 is waited out (`Retry-After`, else `X-RateLimit-Reset`) and sent
again; a 5xx or a dropped connection is sent again after a backoff. Only the last answer is
judged, so a blip is listed, not reported as drift, while a 500 that comes back every time still
is. A server that stays transient request after request is given up on (`Patience`), not waited
on for hours.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Mapping
from typing import Any

from spirii_chargebox_client.client import retry_after_seconds

from contract_tests.settings import settings


def _header(answer: object, name: str) -> str | None:
    headers: Mapping[str, Any] = getattr(answer, "headers", {}) or {}
    for key, value in headers.items():
        if key.lower() == name.lower():
            return str(value[0] if isinstance(value, list) and value else value)
    return None


def wait_asked(answer: object) -> float | None:
    """Seconds a 429 asks to wait: `Retry-After` (seconds or a date, read by the client's own
    parser), else `X-RateLimit-Reset`, as Unix seconds (the vendor's guide) or as seconds from
    now (@nestjs/throttler sends `60`)."""
    retry_after = _header(answer, "Retry-After")
    if retry_after is not None:
        return retry_after_seconds(retry_after)
    reset = (_header(answer, "X-RateLimit-Reset") or "").strip()
    if reset.isascii() and reset.isdigit():
        value = float(reset)
        # No window is 30 years long: a value that large is a moment, not a duration. A moment
        # is on the wall clock, which the gate's (monotonic) clock does not tell.
        return max(0.0, value - time.time()) if value > 1e9 else value
    return None


def backoff(number: int, *, rate_limited: bool) -> float:
    """Seconds to wait before sending a request again after its attempt `number` (1, 2, ...)
    met a 5xx or a dropped connection: guard.toml's backoff, doubled each time."""
    retries = settings().retries
    # A test double on loopback is not the vendor: short backoffs, so the catalog runs fast.
    base = retries.backoff_seconds if rate_limited else retries.loopback_backoff_seconds
    return float(base * 2 ** (number - 1))


class Patience:
    """How many requests in a row ran out of attempts still transient: after guard.toml's
    give-up-after, no more waits before sending again, until a request is answered."""

    def __init__(self) -> None:
        self._exhausted_in_a_row = 0
        self._lock = threading.Lock()

    def lasts(self) -> bool:
        """Whether a transient answer is still worth waiting for and sending again."""
        return self._exhausted_in_a_row < settings().retries.give_up_after

    def settled(self, *, recovered: bool) -> None:
        """Count how a request settled: answered, or still transient when it stopped."""
        with self._lock:
            self._exhausted_in_a_row = 0 if recovered else self._exhausted_in_a_row + 1
