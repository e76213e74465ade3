"""How the guard's own requests reach the target: its HTTP client, write pacing, a first probe."""

from __future__ import annotations

import threading
import time

import httpx

from contract_tests.target import Target

# The vendor allows 120 writes a minute; live runs stay just under it.
LIVE_WRITE_INTERVAL_SECONDS = 60 / 110


class _WritePacer:
    """Spaces live writes so a run never trips the vendor's write rate limit."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._last = 0.0

    def wait(self) -> None:
        with self._lock:
            pause = self._last + LIVE_WRITE_INTERVAL_SECONDS - time.monotonic()
            if pause > 0:
                time.sleep(pause)
            self._last = time.monotonic()


pace_write = _WritePacer().wait


def target_client(target: Target, base_url: str) -> httpx.Client:
    """An httpx client for the guard's own requests to the target (fetches, list walks)."""
    return httpx.Client(base_url=base_url, headers=target.headers, timeout=30)


def unreachable_reason(target: Target, base_url: str) -> str | None:
    """Why the guard cannot check this server at all (unreachable, key refused), or None.

    One read before the run, so a wrong URL or key is reported as what it is, not as a
    hundred "valid data rejected" failures.
    """
    try:
        with target_client(target, base_url) as client:
            answer = client.get("/v2/chargeboxes", params={"limit": 1})
    except httpx.HTTPError as error:
        return f"{base_url} cannot be reached: {type(error).__name__}: {error}"
    if answer.status_code in (401, 403):
        return (
            f"{base_url} refused SPIRII_API_KEY ({answer.status_code} on GET /v2/chargeboxes): "
            "check the key and its permissions; nothing was tested"
        )
    return None
