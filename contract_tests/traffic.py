"""Every request of a run passes through one gate: what may be sent, how fast, what is sent again.

Schemathesis' cases, its own probes (ignored_auth's requests without a key) and the guard's own
reads (the list walk, fetches by id) all go through `Gate.send`:
- Safety. Against a live target without SPIRII_ALLOW_WRITES=1 only GET, HEAD and OPTIONS leave
  the machine; with it, a create (`POST /v2/chargeboxes`) too, and a DELETE, PUT, PATCH or POST
  to a charge box only when this run created it. Remote control (the operations openapi.yaml
  marks `x-remote-control`: reset, reboot) acts on real hardware: it is sent only to the one
  charge box SPIRII_REMOTE_CONTROL_CHARGEBOX_ID names, with SPIRII_ALLOW_REMOTE_CONTROL=1, and
  never to another, created or not. Anything else is withheld (never sent) and listed in the
  summary. The bundled mock is probed with every method.
- Pace. Against a remote target, reads stay under the vendor's 600 a minute, writes under its
  120 and remote control under its 30, counting every request of the run.
- Transient answers. A 429 is waited out (`Retry-After`, else `X-RateLimit-Reset`) and sent
  again; a 5xx or a dropped connection is sent again after a backoff. Only the last answer is
  judged, so a blip is listed, not reported as drift, while a 500 that comes back every time
  still is.
- Time. The run has a wall-time budget (SPIRII_CONTRACT_BUDGET_SECONDS). A wait that would end
  past it is not waited, and once it is spent nothing more is sent (`OutOfTime`), except the
  clean-up of what the run created, which gets a grace period of its own: a throttled vendor
  gets a verdict (inconclusive) in bounded time, and is still cleaned up after.
"""

from __future__ import annotations

import re
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any, TypeVar

import requests
from schemathesis import Case, Response
from schemathesis.schemas import BaseSchema
from spirii_chargebox_client.client import retry_after_seconds

from contract_tests.settings import settings
from contract_tests.target import Target, configured
from spec import operations, template_of

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
COLLECTION = "/v2/chargeboxes"
_CHARGEBOX_PATH = re.compile(r"^/v2/chargeboxes/(?P<id>[^/]+)(/.*)?$")

R = TypeVar("R")


class Withheld(Exception):
    """A request the gate did not send, because it could change what the run did not create."""


class OutOfTime(Exception):
    """A request the gate did not send, because the run's time budget is spent."""


def id_segment(value: object) -> str | None:
    """A charge box's wire `id` as it goes in a path, whatever its wire type (`42`, `"42"`,
    `42.0`); None for what cannot name one (absent, null, a bool, an object, an empty string)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, str) and value.strip() and "/" not in value:
        return value.strip()
    return None


@dataclass(frozen=True)
class Blip:
    """A transient answer that a later attempt of the same request got past (or did not)."""

    request: str
    seen: str
    attempts: int
    recovered: bool


@cache
def remote_control_paths() -> frozenset[str]:
    """The spec's paths of operations marked `x-remote-control`: they act on real hardware."""
    return frozenset(
        path for _, path, operation in operations() if operation.get("x-remote-control")
    )


def may_exercise(target: Target, method: str, template: str) -> bool:
    """The read-only rule, in one place: whether a run with `target`'s settings sends `method` on
    the spec's path `template` at all (which charge boxes it may touch is `Gate.admits`').

    The bundled mock gets everything. A live target gets GET, HEAD and OPTIONS; with
    SPIRII_ALLOW_WRITES=1 the rest, but DELETE when SPIRII_KEEP_CREATED=1 (what the run created
    stays); remote control only with SPIRII_ALLOW_REMOTE_CONTROL=1 and its charge box.
    """
    method = method.upper()
    if not target.is_live or method in SAFE_METHODS:
        return True
    if template in remote_control_paths():
        return target.remote_control_id is not None
    if method == "DELETE":
        return target.allow_writes and not target.keep_created
    return target.allow_writes


def _template(path: str) -> str:
    """The spec's path an actual path belongs to (`/v2/chargeboxes/{id}`), else the path itself."""
    return template_of(path) or path


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
        # No window is 30 years long: a value that large is a moment, not a duration.
        return max(0.0, value - time.time()) if value > 1e9 else value
    return None


@dataclass
class Gate:
    """The one way out of the guard to the target, and its ledger of what was sent."""

    target: Target
    # The charge boxes this run created, as their ids came on the wire (42, or "42" from a
    # drifted server: a run deletes what it created whatever the type), and the path segments
    # of those it deleted.
    created_ids: list[int | str] = field(default_factory=list)
    deleted_ids: set[str] = field(default_factory=set)
    answers: dict[str, Counter[int]] = field(default_factory=lambda: defaultdict(Counter))
    sent: Counter[str] = field(default_factory=Counter)
    withheld: Counter[str] = field(default_factory=Counter)
    blips: list[Blip] = field(default_factory=list)
    # Why the run stopped sending before it was done (its time budget); "" while it is not.
    out_of_time: str = ""
    undeleted: dict[str, str] = field(default_factory=dict)  # id -> why the clean-up failed
    unsent: Counter[str] = field(default_factory=Counter)  # requests not sent for want of time
    started: float = field(default_factory=time.monotonic)
    _deadline: float = 0.0
    _next_send: dict[str, float] = field(default_factory=dict)
    _exhausted_in_a_row: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def __post_init__(self) -> None:
        self._deadline = self.started + self.target.budget_seconds

    def created_segments(self) -> list[str]:
        """The path segments of the charge boxes this run created, in order."""
        return [segment for i in self.created_ids if (segment := id_segment(i)) is not None]

    def not_deleted(self) -> list[str]:
        """What this run created and has not (yet) deleted, as path segments."""
        return [i for i in self.created_segments() if i not in self.deleted_ids]

    def start_cleanup(self) -> None:
        """The clean-up runs whatever time is left: it gets a grace period past the budget."""
        with self._lock:
            grace = settings().time.cleanup_grace_seconds
            self._deadline = max(self._deadline, time.monotonic() + grace)

    def seconds_left(self) -> float:
        """What is left of the run's time budget (the clean-up's grace once it started)."""
        return self._deadline - time.monotonic()

    def _stop(self, label: str, seconds: float) -> None:
        """Record that the run stops sending: `label` would have had to wait `seconds`."""
        with self._lock:
            if not self.out_of_time:
                spent = time.monotonic() - self.started
                waiting = f", {label} asked to wait {seconds:.0f} s more" if seconds > 0 else ""
                self.out_of_time = (
                    f"the time budget ({self.target.budget_seconds:g} s, "
                    f"SPIRII_CONTRACT_BUDGET_SECONDS) ran out after {spent:.0f} s{waiting}"
                )
            # Past the budget nothing is sent but the clean-up, which moves the deadline on.
            self._deadline = min(self._deadline, time.monotonic())

    def _spend(self, label: str, seconds: float) -> None:
        """Wait `seconds` before sending `label`, or stop the run's sending when the wait would
        end past its budget (OutOfTime)."""
        if seconds > self.seconds_left() or (seconds == 0 and self.seconds_left() <= 0):
            self._stop(label, seconds)
            with self._lock:
                self.unsent[label] += 1
            raise OutOfTime(f"{label}: not sent, {self.out_of_time}")
        if seconds > 0:
            time.sleep(seconds)

    def admits(self, method: str, path: str) -> bool:
        """Whether `method` on `path` may be sent to the target: the settings allow the kind of
        request (`may_exercise`), and it reaches only a charge box the run may touch."""
        method = method.upper()
        if not may_exercise(self.target, method, _template(path)):
            return False
        if not self.target.is_live or method in SAFE_METHODS:
            return True
        match = _CHARGEBOX_PATH.match(path)
        if _template(path) in remote_control_paths():
            named = str(self.target.remote_control_id)
            return method == "POST" and match is not None and match["id"] == named
        if path == COLLECTION:
            return method == "POST"
        return match is not None and match["id"] in self.created_segments()

    def send(self, method: str, path: str, attempt: Callable[[], R]) -> R:
        """Send one request (`attempt` sends it once) as the rules above allow; its last answer.

        Raises Withheld, without sending anything, for a request the rules forbid.
        """
        method = method.upper()
        label = f"{method} {path}"
        if not self.admits(method, path):
            with self._lock:
                self.withheld[label] += 1
            raise Withheld(f"{label}: not sent, it could change what this run did not create")
        seen: list[str] = []
        retries = settings().retries
        for number in range(1, retries.attempts + 1):
            self._spend(label, 0.0)
            self._pace(method, path, label)
            with self._lock:
                self.sent[method] += 1
            try:
                answer = attempt()
            except (requests.ConnectionError, requests.Timeout) as error:
                seen.append(type(error).__name__)
                if number == retries.attempts or not self._may_wait():
                    self._note(label, seen, recovered=False)
                    raise
                self._spend(label, self._backoff(number))
                continue
            status = getattr(answer, "status_code", 0)
            with self._lock:
                self.answers[f"{method} {_template(path)}"][status] += 1
            if status not in retries.transient_statuses:
                self._note(label, seen, recovered=True)
                self._remember(method, path, answer)
                return answer
            seen.append(str(status))
            wait = wait_asked(answer) if status == 429 else None
            out_of_patience = (wait or 0) > retries.max_wait_seconds
            if number == retries.attempts or not self._may_wait() or out_of_patience:
                self._note(label, seen, recovered=False)
                return answer
            delay = self._backoff(number) if wait is None else wait
            if delay > self.seconds_left():
                # Waiting would break the budget: judge this answer as it is (a 429 is allowed
                # everywhere), and stop sending after it.
                self._note(label, seen, recovered=False)
                self._stop(label, delay)
                return answer
            self._spend(label, delay)
        raise AssertionError("unreachable: the last attempt returns or raises")

    def _may_wait(self) -> bool:
        return self._exhausted_in_a_row < settings().retries.give_up_after

    def _backoff(self, number: int) -> float:
        retries = settings().retries
        # A test double on loopback is not the vendor: short backoffs, so the catalog runs fast.
        remote = self.target.is_rate_limited
        base = retries.backoff_seconds if remote else retries.loopback_backoff_seconds
        return float(base * 2 ** (number - 1))

    def _note(self, label: str, seen: list[str], *, recovered: bool) -> None:
        """Remember how a request settled: a blip when it met transient answers on the way."""
        with self._lock:
            if seen:
                self.blips.append(Blip(label, ", ".join(seen), len(seen) + recovered, recovered))
            self._exhausted_in_a_row = 0 if recovered else self._exhausted_in_a_row + 1

    def _pace(self, method: str, path: str, label: str) -> None:
        if not self.target.is_rate_limited:
            return
        pacing = settings().pacing
        kind = "read" if method in SAFE_METHODS else "write"
        per_minute = pacing.reads_per_minute if kind == "read" else pacing.writes_per_minute
        if _template(path) in remote_control_paths():
            kind, per_minute = "remote control", pacing.remote_control_per_minute
        interval = 60 / (per_minute * pacing.share)
        with self._lock:
            now = time.monotonic()
            at = max(now, self._next_send.get(kind, now))
            self._next_send[kind] = at + interval
        self._spend(label, at - now)

    def _remember(self, method: str, path: str, answer: object) -> None:
        """Keep the ids of the charge boxes this run created, and of those it deleted.

        Any 2xx to a create counts (a drifted server may answer 200), with the id as it came,
        whatever its type: what the run created is deleted even when its answer was drift.
        """
        status = getattr(answer, "status_code", 0)
        if method == "DELETE" and 200 <= status < 300:
            match = _CHARGEBOX_PATH.match(path)
            if match is not None:
                with self._lock:
                    self.deleted_ids.add(match["id"])
        if method != "POST" or path != COLLECTION or not 200 <= status < 300:
            return
        try:
            body = answer.json()  # type: ignore[attr-defined]
        except ValueError:
            return
        created = body.get("id") if isinstance(body, dict) else None
        if isinstance(created, int | float | str) and id_segment(created) is not None:
            with self._lock:
                self.created_ids.append(int(created) if isinstance(created, float) else created)


class TargetSession:
    """The guard's own requests (list walks, fetches by id), sent through the run's gate."""

    def __init__(self, gate: Gate, base_url: str) -> None:
        self._gate, self._base_url = gate, base_url
        self._session = requests.Session()
        self._session.headers.update(gate.target.headers)

    def get(self, path: str, params: Mapping[str, str | int] | None = None) -> requests.Response:
        """GET `path` from the target (30 s timeout), as the gate allows."""
        url = f"{self._base_url}{path}"
        return self._gate.send(
            "GET", path, lambda: self._session.get(url, params=params, timeout=30)
        )

    @property
    def headers(self) -> dict[str, str]:
        """The headers every request of the session carries (the key, as a redacting Secret)."""
        return self._gate.target.headers

    def post(self, path: str, body: Any) -> requests.Response:
        """POST `body` as JSON to `path` (30 s timeout), as the gate allows."""
        url = f"{self._base_url}{path}"
        return self._gate.send("POST", path, lambda: self._session.post(url, json=body, timeout=30))

    def delete(self, path: str) -> requests.Response:
        """DELETE `path` on the target (30 s timeout), as the gate allows."""
        url = f"{self._base_url}{path}"
        return self._gate.send("DELETE", path, lambda: self._session.delete(url, timeout=30))

    def close(self) -> None:
        """Close the connections."""
        self._session.close()


def json_of(response: requests.Response) -> Any:
    """The JSON body of an answer, or None when it has none or it is not JSON."""
    try:
        return response.json()
    except ValueError:
        return None


def list_pages(
    session: TargetSession, page_size: int, max_pages: int
) -> Iterator[tuple[dict[str, Any], requests.Response]]:
    """The list, page by page: (the query sent, its answer), following `nextPageCursor` while a
    200 page names a next one, for at most `max_pages` pages. The last answer may be an error:
    the caller judges it. The one walk of the list; the account walk and the workflow's check
    differ only in page size."""
    cursor: str | None = None
    for _ in range(max_pages):
        query: dict[str, Any] = {"limit": page_size}
        if cursor:
            query["nextPageCursor"] = cursor
        response = session.get(COLLECTION, params=query)
        yield query, response
        page = json_of(response) if response.status_code == 200 else None
        following = page.get("nextPageCursor") if isinstance(page, dict) else None
        if not (isinstance(following, str) and following):
            return
        cursor = following


def unreachable_reason(gate: Gate, base_url: str) -> str | None:
    """Why the guard cannot check this server at all (unreachable, key refused), or None.

    One read before the run, so a wrong URL or key is reported as what it is, not as a
    hundred "valid data rejected" failures.
    """
    session = TargetSession(gate, base_url)
    try:
        answer = session.get(COLLECTION, params={"limit": 1})
    except requests.RequestException as error:
        return f"{base_url} cannot be reached ({_plainly(error)}): check SPIRII_BASE_URL"
    finally:
        session.close()
    if answer.status_code in (401, 403):
        return (
            f"{base_url} refused SPIRII_API_KEY ({answer.status_code} on GET {COLLECTION}): "
            "check the key and its permissions"
        )
    if answer.status_code == 404:
        # The collection every account has: a 404 says the URL is not the API root (a /v2 too
        # many, another host), and a hundred failures would call that drift.
        return (
            f"{base_url} answered 404 for GET {COLLECTION}: SPIRII_BASE_URL must be the API "
            "root, e.g. https://sandbox.api.spirii.com (without /v2)"
        )
    return None


def _plainly(error: requests.RequestException) -> str:
    """What went wrong with a connection, in a few words rather than urllib3's whole chain."""
    text = str(error)
    for marker, said in (
        ("Connection refused", "connection refused"),
        ("Name or service not known", "host name not resolved"),
        ("nodename nor servname", "host name not resolved"),
        ("Temporary failure in name resolution", "host name not resolved"),
        ("CERTIFICATE_VERIFY_FAILED", "TLS certificate not trusted"),
        ("timed out", "timed out"),
    ):
        if marker in text:
            return said
    return f"{type(error).__name__}: {text[:200]}"


@cache
def run_gate() -> Gate:
    """This run's gate, for the run's target (one per process, as the run is)."""
    return Gate(configured())


class _GatedTransport:
    """Schemathesis' transport, with every send (cases, workflow steps, probes) through the gate."""

    def __init__(self, inner: Any, gate: Gate) -> None:
        self._inner, self._gate = inner, gate

    def send(self, case: Case[Any], **kwargs: Any) -> Response:
        response: Response = self._gate.send(
            case.method, case.formatted_path, lambda: self._inner.send(case, **kwargs)
        )
        return response

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


def gated(schema: BaseSchema, gate: Gate) -> BaseSchema:
    """`schema`, sending everything through `gate`.

    Schemathesis looks its transport up on the schema for every case and every probe of its
    checks, so the schema's `transport` is the one place they all pass.
    """
    transport = _GatedTransport(schema.transport, gate)
    schema.__class__ = type(
        f"Gated{type(schema).__name__}",
        (type(schema),),
        {"transport": property(lambda _: transport)},
    )
    return schema
