"""Servers that watch the guard: a recorder of every request a server receives, and when.

Everything here serves on loopback; a run that must be paced as Spirii is sets
SPIRII_CONTRACT_PACE=1 (contract_tests/target.py) instead of looking remote."""

from __future__ import annotations

import bisect
import json
import time
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

from starlette.types import ASGIApp, Message, Receive, Scope, Send


@dataclass
class Recorder:
    """Wraps an app; keeps the arrival time (monotonic seconds), method and path of every request,
    and the ids of the charge boxes its creates answered."""

    app: ASGIApp
    arrivals: list[tuple[float, str, str]] = field(default_factory=list)
    created: set[str] = field(default_factory=set)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        self.arrivals.append((time.monotonic(), scope["method"], scope["path"]))
        status = 0
        body = b""

        async def recording(message: Message) -> None:
            nonlocal status, body
            if message["type"] == "http.response.start":
                status = message["status"]
            elif message["type"] == "http.response.body":
                body += message.get("body", b"")
            await send(message)

        await self.app(scope, receive, recording)
        if scope["method"] == "POST" and scope["path"] == "/v2/chargeboxes" and status == 201:
            self.created.add(str(json.loads(body)["id"]))

    @property
    def requests(self) -> list[tuple[str, str]]:
        """(method, path) of every request, in arrival order."""
        return [(method, path) for _, method, path in self.arrivals]

    def times(self, methods: Collection[str]) -> list[float]:
        """Arrival times of the requests with one of `methods`, earliest first."""
        return sorted(moment for moment, method, _ in self.arrivals if method in methods)

    def methods(self) -> Counter[str]:
        """How many requests of each method arrived."""
        return Counter(method for _, method, _ in self.arrivals)


def most_in_window(times: Sequence[float], seconds: float) -> int:
    """The most of `times` (sorted) that fall within any `seconds`-long window, ends included."""
    return max(
        (bisect.bisect_right(times, start + seconds) - index for index, start in enumerate(times)),
        default=0,
    )
