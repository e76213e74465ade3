"""Retries of the generated client: RetryPolicy, and the httpx clients whose send() follows it.

client.py.jinja pastes this file into the generated client.py as it is (the generator writes no
module of our choosing; both sit at the package's top, so `.errors` names the same module in both
places). On its own it is checked by ruff and mypy --strict; its behaviour is unit-tested through
the generated package in tests/test_client_runtime.py. Sans-IO: RetryPolicy and Attempts decide,
the sync and async send() only send, close and sleep.
"""

import asyncio
import logging
import random
import time
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
from attrs import define, field, validators

# Re-exported: the drift guard (contract_tests/retries.py) imports it from the client module.
from .errors import retry_after_seconds as retry_after_seconds

# One INFO record per retry (method, URL, what went wrong, the attempt and the wait; never a
# header, which carries the API key). In the generated package its name is
# "spirii_chargebox_client.client": the README tells consumers so.
_logger = logging.getLogger(__name__)

# RFC 9110 idempotent methods: sending one twice has the effect of sending it once.
_IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE"})

# Failures of the connection rather than answers of the server. A connect timeout is among them
# (nothing was sent); a read, write or pool timeout is not: the client's `timeout` is a promise
# about how long a call may wait for the server, and sending again would break it.
_RETRIED_ERRORS = (
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.ReadError,
    httpx.WriteError,
    httpx.RemoteProtocolError,
)

# What proves a request was not processed, so even a POST may be sent again: no connection could
# be made (nothing was sent), or the server answered 429 (RFC 6585: it refused to process it).
_UNSENT_ERRORS = (httpx.ConnectError, httpx.ConnectTimeout)
_NOT_PROCESSED_STATUS = 429


# Why no retry library does the waiting, measured side by side (httpx 0.28.1, CPython 3.11, a GET
# answered 200 in memory, median of 15 rounds): this code and httpx-retries 0.6.0 cost ~3 us a
# request over plain httpx (within the noise), stamina 26.1.0 and tenacity 9.2.1 ~31 us; a loopback
# GET takes ~370 us. httpx-retries retries in a transport, so the environment's proxies are
# bypassed; it also caps Retry-After at its longest backoff and budgets only its sleeps. stamina's
# jitter is added to the backoff, not full, and an attempt may start past its timeout. tenacity
# meets these semantics only with as much glue (Retry-After, POST, the last answer, closing) as the
# decision code below. None makes the case for a dependency of every consumer.
@define(frozen=True)
class RetryPolicy:
    """When and how long to wait before sending a request again.

    A request is retried when the server answers one of ``retry_statuses`` or the connection fails
    (refused, reset, dropped without an answer), if it is idempotent (GET, HEAD, OPTIONS, TRACE,
    PUT, DELETE), or a POST with ``retry_post`` set. Any other request (a POST without it) is
    retried only when it provably was not processed: answered 429 (if 429 is among
    ``retry_statuses``), or a connection that could not be made (refused, a connect timeout:
    nothing was sent). The wait before retry n is random between 0 and
    ``min(max_delay, base_delay * 2 ** (n - 1))`` ("full jitter"), unless the answer carries
    ``Retry-After`` (seconds or an HTTP date): then it is exactly that long.

    Bounds: at most ``max_attempts`` sends in all, and no wait that would start the next attempt
    later than ``max_total_time`` seconds after the first began; instead the last answer is
    returned (or the last connection error raised) at once. A ``Retry-After`` longer than the
    time left therefore ends the retries straight away.

    Attributes:
        max_attempts: Sends of one request in all, the first included (1 disables retries).
        base_delay: Seconds; the cap of the first backoff wait, doubled for each further one.
        max_delay: Seconds; the cap of any one backoff wait (Retry-After is not capped by it).
        max_total_time: Seconds from the first send after which no retry is started.
        retry_statuses: Status codes answered by a retry.
        retry_post: Retry POST after any failure, as an idempotent request. Off by default: a
            POST whose connection dropped before the answer, or that was answered with a 5xx, may
            have created something, and sending it again can create it twice (a 429 or a
            connection never made is retried either way).
        sleep: Waits that many seconds in the sync client (injectable for tests).
        async_sleep: Waits that many seconds in the async client (injectable for tests).
        clock: Monotonic seconds, to measure ``max_total_time`` (injectable for tests).
    """

    max_attempts: int = field(default=4, validator=validators.ge(1))
    base_delay: float = field(default=0.5, validator=validators.ge(0))
    max_delay: float = field(default=8.0, validator=validators.ge(0))
    max_total_time: float = field(default=30.0, validator=validators.ge(0))
    retry_statuses: frozenset[int] = frozenset({429, 500, 502, 503, 504})
    retry_post: bool = False
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False)
    async_sleep: Callable[[float], Awaitable[None]] = field(default=asyncio.sleep, repr=False)
    clock: Callable[[], float] = field(default=time.monotonic, repr=False)

    def allows_retry_of(self, request: httpx.Request) -> bool:
        """Whether `request` may be sent again after any retried failure: its method, and a body
        that can be re-read."""
        method_allowed = request.method in _IDEMPOTENT_METHODS or (
            self.retry_post and request.method == "POST"
        )
        return method_allowed and can_resend(request)

    def wait_before_retry(
        self, attempt: int, elapsed: float, response: httpx.Response | None
    ) -> float | None:
        """Seconds to wait before sending again after `attempt` (1 = the first send) ended with
        `response` (None: a connection error) `elapsed` seconds after the first send; None: stop."""
        if attempt >= self.max_attempts:
            return None
        if response is not None and response.status_code not in self.retry_statuses:
            return None
        wait = _retry_after_seconds(response) if response is not None else None
        if wait is None:
            cap = min(self.max_delay, self.base_delay * 2.0 ** min(attempt - 1, 64))
            # Jitter, not a secret: the random module's generator is what it needs.
            wait = random.uniform(0.0, cap)  # noqa: S311
        if elapsed + wait > self.max_total_time:
            return None
        return wait


def can_resend(request: httpx.Request) -> bool:
    """Whether `request`'s body can be sent again: a streamed body can be sent only once; JSON
    bodies (all this API has) are bytes."""
    return isinstance(request.stream, httpx.ByteStream)


def not_processed(outcome: "httpx.Response | Exception") -> bool:
    """Whether `outcome` proves the server did not process the request: a 429, or a connection
    that was never made. Any request, a POST included, may then be sent again."""
    if isinstance(outcome, httpx.Response):
        return outcome.status_code == _NOT_PROCESSED_STATUS
    return isinstance(outcome, _UNSENT_ERRORS)


def _retry_after_seconds(response: httpx.Response) -> float | None:
    """The wait a Retry-After header asks for (delay-seconds or HTTP-date); None if absent or
    unreadable."""
    return retry_after_seconds(response.headers.get("Retry-After", ""))


class Attempts:
    """The sends of one request under a policy: after each, whether to send again and how long to
    wait first. One per request, shared logic of the sync and async send()."""

    def __init__(self, policy: RetryPolicy | None, request: httpx.Request) -> None:
        self.policy = _SEND_ONCE if policy is None else policy
        self._request = request
        self._any_failure = self.policy.allows_retry_of(request)
        self._unprocessed_only = not self._any_failure and can_resend(request)
        self._attempt = 1
        self._started = self.policy.clock()

    def wait_after(self, outcome: httpx.Response | Exception) -> float | None:
        """Seconds to wait before sending again after the attempt that ended in `outcome` (the
        server's answer, or a connection error); None: that attempt was the last."""
        if not (self._any_failure or (self._unprocessed_only and not_processed(outcome))):
            return None
        response = outcome if isinstance(outcome, httpx.Response) else None
        elapsed = self.policy.clock() - self._started
        wait = self.policy.wait_before_retry(self._attempt, elapsed, response)
        if wait is None:
            return None
        self._attempt += 1
        # The URL and method only: headers carry the API key.
        _logger.info(
            "%s %s: %s; sending again (attempt %d of %d) in %.2f s",
            self._request.method,
            self._request.url,
            repr(outcome) if response is None else f"answered {response.status_code}",
            self._attempt,
            self.policy.max_attempts,
            wait,
        )
        return wait


# What a request that may not be retried (or a client with retry=None) is sent under.
_SEND_ONCE = RetryPolicy(max_attempts=1)


# Retrying in send() rather than in a transport keeps httpx's own choice of transport: a transport
# passed to httpx.Client turns off the proxies httpx reads from the environment (HTTPS_PROXY,
# NO_PROXY) and bypasses `proxy` and `mounts`.
class RetryingHttpxClient(httpx.Client):
    """An httpx.Client whose send() sends a request again as `retry` allows (None: once).

    Everything else is httpx's own: transports, proxies (explicit or from the environment),
    mounts, auth and event hooks, which see every attempt.
    """

    def __init__(self, *, retry: RetryPolicy | None, **httpx_args: Any) -> None:
        super().__init__(**httpx_args)
        self._retry_policy = retry

    def send(self, request: httpx.Request, **options: Any) -> httpx.Response:
        attempts = Attempts(self._retry_policy, request)
        while True:
            try:
                response = super().send(request, **options)
            except _RETRIED_ERRORS as error:
                wait = attempts.wait_after(error)
                if wait is None:
                    raise
            else:
                wait = attempts.wait_after(response)
                if wait is None:
                    return response
                response.close()
            attempts.policy.sleep(wait)


class AsyncRetryingHttpxClient(httpx.AsyncClient):
    """RetryingHttpxClient's async twin: only the awaits differ."""

    def __init__(self, *, retry: RetryPolicy | None, **httpx_args: Any) -> None:
        super().__init__(**httpx_args)
        self._retry_policy = retry

    async def send(self, request: httpx.Request, **options: Any) -> httpx.Response:
        attempts = Attempts(self._retry_policy, request)
        while True:
            try:
                response = await super().send(request, **options)
            except _RETRIED_ERRORS as error:
                wait = attempts.wait_after(error)
                if wait is None:
                    raise
            else:
                wait = attempts.wait_after(response)
                if wait is None:
                    return response
                await response.aclose()
            await attempts.policy.async_sleep(wait)
