"""Within the vendor's limits, proven on the real gate and a fake clock: however many requests and
from however many threads (schemathesis and the guard's own walks share one gate), a remote run
never sends more than 600 reads, 120 writes or 30 remote-control requests in a minute, spaces
each kind at 90% of its limit, apart from the others, and counts every request it resends.

Minutes of traffic pass in no time on the fake clock, so each limit is checked over several of
them; tests/test_live_pacing.py proves once, in real time, that the real guard paces a server so.
"""

from __future__ import annotations

import itertools
import math
import threading
from collections import Counter
from collections.abc import Callable, Collection, Mapping
from types import SimpleNamespace
from typing import Any

import pytest

from contract_tests.budget import OutOfTime
from contract_tests.gate import Gate
from contract_tests.paths import COLLECTION
from contract_tests.permission import SAFE_METHODS, Withheld
from contract_tests.target import from_environment
from drift.recording import most_in_window
from tests.conftest import FakeClock

# The vendor's documented limits, and the share of them the guard paces at (guard.toml): the
# test's own statement of them, so a change of the settings is a reviewed change of this test.
READS_PER_MINUTE = 600
WRITES_PER_MINUTE = 120
REMOTE_CONTROL_PER_MINUTE = 30
PACED_SHARE = 0.9
# Windows shorter than a minute, where a burst would show.
SHORT_WINDOWS = (5, 10)

REMOTE = {
    "SPIRII_BASE_URL": "https://sandbox.api.spirii.com",
    "SPIRII_API_KEY": "sk-test-pacing-3a9e71c4",
}
REMOTE_CONTROLLED = "3"
WRITES = {
    "SPIRII_ALLOW_WRITES": "1",
    "SPIRII_ALLOW_REMOTE_CONTROL": "1",
    "SPIRII_REMOTE_CONTROL_CHARGEBOX_ID": REMOTE_CONTROLLED,
}
REMOTE_CONTROL = (f"{COLLECTION}/3/reset", f"{COLLECTION}/3/reboot")


# The vendor's kinds of request, as it counts them against its limits.
def _read(method: str, path: str) -> bool:
    return method in SAFE_METHODS


def _write(method: str, path: str) -> bool:
    return method not in SAFE_METHODS and path not in REMOTE_CONTROL


def _remote_control_kind(method: str, path: str) -> bool:
    return path in REMOTE_CONTROL


def assert_paced(
    times: list[float],
    per_minute: int,
    kind: str,
    windows: Collection[float] = SHORT_WINDOWS,
    jitter: int = 0,
) -> None:
    """At most `per_minute` in any minute, and no more in each of `windows` (seconds) than
    pacing at PACED_SHARE of `per_minute` allows, give or take `jitter` requests (times taken
    where requests arrive, not where they were sent: one held up on the way lands next to the
    one after it)."""
    in_a_minute = most_in_window(times, 60)
    assert in_a_minute <= per_minute, f"{in_a_minute} {kind} in 60 s, limit {per_minute}"
    paced = per_minute * PACED_SHARE
    widest = math.ceil(max(windows) * paced / 60) + 1
    assert len(times) > widest, f"only {len(times)} {kind}: too few for the spacing to show"
    for seconds in windows:
        allowed = math.ceil(seconds * paced / 60) + 1 + jitter
        seen = most_in_window(times, seconds)
        assert seen <= allowed, (
            f"{seen} {kind} in {seconds} s; paced at {paced:.0f}/min allows {allowed}"
        )


def _at_share(times: list[float], per_minute: int, kind: str) -> None:
    """`times` follow each other at PACED_SHARE of `per_minute`, no slower: the gate waits for
    its pace and nothing else."""
    interval = 60 / (per_minute * PACED_SHARE)
    span = times[-1] - times[0]
    assert span == pytest.approx((len(times) - 1) * interval), f"{kind} slower than their pace"


def _answer(status: int, body: Mapping[str, Any] | None = None, **headers: str) -> Any:
    return SimpleNamespace(status_code=status, headers=headers, json=lambda: dict(body or {}))


class _Server:
    """What the gate sends to: answers every attempt at once, a create with a new id, and notes
    when (on the fake clock) each arrived. `transient` may answer the first request on a path
    instead (a 429 or a 5xx), so that it is sent again."""

    def __init__(self, clock: FakeClock, transient: Callable[[str], Any | None] = lambda _: None):
        self.clock, self._transient = clock, transient
        self.arrivals: list[tuple[float, str, str]] = []
        self._ids = itertools.count(1)
        self._seen: set[str] = set()
        self._lock = threading.Lock()

    def attempt(self, method: str, path: str) -> Callable[[], Any]:
        """What the gate calls to send `method` on `path` once."""

        def answer() -> Any:
            with self._lock:
                self.arrivals.append((self.clock.monotonic(), method, path))
                transient = None if path in self._seen else self._transient(path)
                self._seen.add(path)
                if transient is not None:
                    return transient
                if method == "POST" and path == COLLECTION:
                    return _answer(201, {"id": next(self._ids)})
                return _answer(200)

        return answer

    def times(self, kind: Callable[[str, str], bool]) -> list[float]:
        """Arrival times of the requests of `kind` (by method and path), in order."""
        return sorted(moment for moment, method, path in self.arrivals if kind(method, path))

    def methods(self) -> Counter[str]:
        """How many requests of each method arrived."""
        return Counter(method for _, method, _ in self.arrivals)


def _gate(clock: FakeClock, **environment: str) -> Gate:
    """A gate to the remote target on `clock`, with an hour's budget unless `environment` says."""
    budget = {"SPIRII_CONTRACT_BUDGET_SECONDS": "3600"}
    return Gate(from_environment(REMOTE | budget | environment), clock)


def _reads(gate: Gate, server: _Server, count: int, first: int = 0) -> Callable[[], None]:
    """A job that sends `count` reads, of every safe method, to the collection and to boxes (with
    ids from `first` on)."""

    def job() -> None:
        methods = itertools.cycle(sorted(SAFE_METHODS))
        for number, method in zip(range(first, first + count), methods, strict=False):
            path = COLLECTION if number % 2 else f"{COLLECTION}/{number}"
            gate.send(method, path, server.attempt(method, path))

    return job


def _writes(gate: Gate, server: _Server, creates: int) -> Callable[[], None]:
    """A job that creates `creates` charge boxes, then deletes each: 2 * `creates` writes."""

    def job() -> None:
        created = [
            gate.send("POST", COLLECTION, server.attempt("POST", COLLECTION)).json()["id"]
            for _ in range(creates)
        ]
        for chargebox_id in created:
            path = f"{COLLECTION}/{chargebox_id}"
            gate.send("DELETE", path, server.attempt("DELETE", path))

    return job


def _remote_control(gate: Gate, server: _Server, count: int) -> Callable[[], None]:
    """A job that resets and reboots the named charge box, `count` times in all."""

    def job() -> None:
        for _, path in zip(range(count), itertools.cycle(REMOTE_CONTROL), strict=False):
            gate.send("POST", path, server.attempt("POST", path))

    return job


def test_reads_stay_under_600_a_minute_spaced_at_90_percent_for_minutes() -> None:
    clock = FakeClock()
    gate, server = _gate(clock), _Server(clock)
    _reads(gate, server, 1500)()
    reads = server.times(_read)
    assert len(reads) == 1500
    assert reads[-1] - reads[0] > 150, "fewer minutes than meant: the limit was barely tested"
    assert_paced(reads, READS_PER_MINUTE, "reads")
    _at_share(reads, READS_PER_MINUTE, "reads")


def test_writes_stay_under_120_a_minute_spaced_at_90_percent_for_minutes() -> None:
    clock = FakeClock()
    gate, server = _gate(clock, **WRITES), _Server(clock)
    _writes(gate, server, 200)()
    writes = server.times(_write)
    assert server.methods() == {"POST": 200, "DELETE": 200}
    assert gate.not_deleted() == []
    assert writes[-1] - writes[0] > 180
    assert_paced(writes, WRITES_PER_MINUTE, "writes")
    _at_share(writes, WRITES_PER_MINUTE, "writes")


def test_remote_control_stays_under_30_a_minute_spaced_at_90_percent_for_minutes() -> None:
    clock = FakeClock()
    gate, server = _gate(clock, **WRITES), _Server(clock)
    _remote_control(gate, server, 100)()
    sent = server.times(_remote_control_kind)
    assert len(sent) == 100
    assert sent[-1] - sent[0] > 180
    assert_paced(sent, REMOTE_CONTROL_PER_MINUTE, "resets and reboots")
    _at_share(sent, REMOTE_CONTROL_PER_MINUTE, "resets and reboots")


def test_threads_sharing_the_gate_keep_every_limit_and_each_kind_its_own_pace() -> None:
    clock = FakeClock()
    gate, server = _gate(clock, **WRITES), _Server(clock)
    clock.together(
        *(_reads(gate, server, 400) for _ in range(3)),
        *(_writes(gate, server, 60) for _ in range(2)),
        _remote_control(gate, server, 60),
    )
    reads, writes = server.times(_read), server.times(_write)
    remote_control = server.times(_remote_control_kind)
    assert (len(reads), len(writes), len(remote_control)) == (1200, 240, 60)
    assert server.methods() == gate.sent, "the server saw other than the gate says was sent"
    for times, per_minute, kind in (
        (reads, READS_PER_MINUTE, "reads"),
        (writes, WRITES_PER_MINUTE, "writes"),
        (remote_control, REMOTE_CONTROL_PER_MINUTE, "resets and reboots"),
    ):
        assert_paced(times, per_minute, kind)
        _at_share(times, per_minute, kind)
    # Each kind at its own pace, side by side: the run lasts as long as its slowest kind, not
    # as long as all of them one after the other.
    assert clock.monotonic() == max(reads[-1], writes[-1], remote_control[-1])


def _first_answer(path: str) -> Any | None:
    """To the first read of a charge box: a 503 when its id ends in 0, a 429 asking a second's
    wait when it ends in 4."""
    number = int(path.rsplit("/", 1)[1]) if path != COLLECTION else 1
    if number % 10 == 0:
        return _answer(503)
    return _answer(429, None, **{"Retry-After": "1"}) if number % 10 == 4 else None


def test_a_request_sent_again_is_counted_and_paced_like_any() -> None:
    clock = FakeClock()
    gate, server = _gate(clock), _Server(clock, _first_answer)
    # Threads enough to keep every read slot taken while some of them wait to send again: a
    # resend that skipped its slot would show as one read too many.
    clock.together(*(_reads(gate, server, 300, first=1000 * n) for n in range(8)))
    reads = server.times(_read)
    # Every other read is of a charge box, all with even ids: two in five end in 0 or 4.
    resent = 8 * 300 // 2 * 2 // 5
    assert len(reads) == 8 * 300 + resent, "not every transient answer was sent again"
    assert server.methods() == gate.sent, "the server saw other than the gate says was sent"
    assert len(gate.blips) == resent
    assert all(blip.recovered for blip in gate.blips)
    assert {1.0, 2.0} <= set(clock.slept), "no Retry-After, or no backoff, was waited out"
    assert_paced(reads, READS_PER_MINUTE, "reads, resends included")


def test_a_read_only_gate_sends_only_safe_methods() -> None:
    clock = FakeClock()
    gate, server = _gate(clock), _Server(clock)
    unsafe = ["POST", "PUT", "PATCH", "DELETE"]
    paths = [COLLECTION, f"{COLLECTION}/1", *REMOTE_CONTROL]
    for method, path in itertools.product([*sorted(SAFE_METHODS), *unsafe], paths):
        try:
            gate.send(method, path, server.attempt(method, path))
        except Withheld:
            assert method not in SAFE_METHODS
    assert set(server.methods()) == SAFE_METHODS
    assert server.methods() == gate.sent
    assert sum(gate.withheld.values()) == len(unsafe) * len(paths)


def test_paced_sending_stops_at_the_budget_and_the_clean_up_within_its_grace() -> None:
    clock = FakeClock()
    gate = _gate(clock, SPIRII_CONTRACT_BUDGET_SECONDS="240", **WRITES)
    server = _Server(clock)
    started = clock.monotonic()
    for _ in range(1000):  # more than 240 s of creates, paced
        try:
            gate.send("POST", COLLECTION, server.attempt("POST", COLLECTION))
        except OutOfTime:
            break
    creates = server.times(_write)
    # Sent while the budget lasted, and stopped only when the next would have been past it.
    interval = 60 / (WRITES_PER_MINUTE * PACED_SHARE)
    assert creates[-1] - started <= 240 < creates[-1] + interval - started
    _at_share(creates, WRITES_PER_MINUTE, "writes")
    assert "SPIRII_CONTRACT_BUDGET_SECONDS" in gate.out_of_time
    assert sum(gate.unsent.values()) == 1
    gate.budget.start_cleanup()
    cleanup_started = clock.monotonic()
    for segment in gate.not_deleted():
        path = f"{COLLECTION}/{segment}"
        try:
            gate.send("DELETE", path, server.attempt("DELETE", path))
        except OutOfTime:
            gate.undeleted[segment] = "not answered"
    deletes = server.times(lambda method, _: method == "DELETE")
    assert_paced(creates + deletes, WRITES_PER_MINUTE, "writes")
    # guard.toml's 180 s grace: three minutes at 108 writes a minute, then the run ends.
    assert deletes[-1] - cleanup_started <= 180
    assert 300 < len(deletes) < len(creates)
    assert set(gate.undeleted) == set(gate.not_deleted())
