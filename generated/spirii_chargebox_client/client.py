import ssl
from collections.abc import Sequence
from typing import Any, Self

import httpx
from attrs import define, evolve, field

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

from attrs import validators

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
        method_allowed = request.method in _IDEMPOTENT_METHODS or (self.retry_post and request.method == "POST")
        return method_allowed and can_resend(request)

    def wait_before_retry(self, attempt: int, elapsed: float, response: httpx.Response | None) -> float | None:
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


"""What a generated client checks, sends and shows about its own settings: refusing a base URL or
an API key that cannot work when the client is built, the headers every request carries (the
User-Agent, the key), request and response hooks that work in the sync and the async client alike,
and a repr that never shows the key.

client.py.jinja pastes this file into the generated client.py below runtime/retry.py, as it is
(the generator writes no module of our choosing; both sit at the package's top, so `.errors`
names the same module in both places). On its own it is checked by ruff and mypy --strict; its
behaviour is unit-tested through the generated package in tests/test_client_setup.py.
"""

import urllib.parse
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import attrs
import httpx

from .errors import ConfigurationError

RequestHook = Callable[[httpx.Request], object]
"""Called with every request, each retry included, just before it is sent."""

ResponseHook = Callable[[httpx.Response], object]
"""Called with every answer, each retried one included, as soon as its headers arrived (before the
body is read: `status_code`, `headers`, `request` are there, `content` and `elapsed` are not)."""

# Header names whose values a repr never shows (compared lower-case), besides the client's own
# auth_header_name.
_SECRET_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie", "x-api-key"})
_REDACTED = "<redacted>"


def check_base_url(base_url: object, operation_roots: Sequence[str]) -> None:
    """Raise ConfigurationError, saying what to pass instead, for a base URL no request can go to:
    one without an http(s) scheme and a host, or one ending in a path every operation's own path
    starts with (`https://api.spirii.com/v2`: each request would go to `/v2/v2/...` and answer
    404, which reads as a missing charge box). `operation_roots` are those first path segments,
    from the spec (`/v2`)."""
    if isinstance(base_url, httpx.URL):
        base_url = str(base_url)
    if not isinstance(base_url, str):
        raise ConfigurationError(f"base_url must be a str such as 'https://api.spirii.com', got {base_url!r}")
    parts = urllib.parse.urlsplit(base_url)
    if base_url != base_url.strip() or parts.scheme not in {"http", "https"} or not parts.netloc:
        bare = base_url.strip()
        suggestion = f"'https://{bare}'" if "://" not in bare and bare else "'https://api.spirii.com'"
        raise ConfigurationError(
            f"base_url {base_url!r} is not an http(s) URL with a host: pass the scheme and host,"
            f" e.g. {suggestion} (production: 'https://api.spirii.com', sandbox:"
            " 'https://sandbox.api.spirii.com')"
        )
    path = parts.path.rstrip("/")
    for root in operation_roots:
        if path.endswith(root):
            without = urllib.parse.urlunsplit(parts._replace(path=path[: -len(root)]))
            raise ConfigurationError(
                f"base_url {base_url!r} ends in {root!r}, which every operation's path already"
                f" starts with ({root}/chargeboxes): requests would go to {root}{root}/... and"
                f" be answered 404. Pass {without!r}"
            )


def check_token(token: object) -> None:
    """Raise ConfigurationError, saying what to pass instead, for an API key no request can carry:
    empty (every request would be refused, or not even sent), or with whitespace or a character
    an HTTP header cannot hold (a newline read from a file)."""
    if not isinstance(token, str) or not token.strip():
        raise ConfigurationError(
            f"token is {token!r}: pass the API key Spirii issued, e.g."
            " token=os.environ['SPIRII_API_KEY'] (for the bundled mock: 'spirii-mock-key')"
        )
    if token != token.strip():
        raise ConfigurationError(
            "token starts or ends with whitespace (a newline read from a file or an environment"
            " variable?): pass token.strip()"
        )
    if not all("!" <= character <= "~" for character in token):
        raise ConfigurationError(
            "token holds a character an HTTP header cannot carry (a space, a control character or"
            " one outside ASCII): pass the API key exactly as Spirii issued it"
        )


def request_headers(user_agent: str, headers: Mapping[str, str], auth: tuple[str, str] | None = None) -> httpx.Headers:
    """The headers every request of a client carries: `User-Agent` (which `headers` may
    override), `headers`, and the `auth` header (name, value) last, so nothing overrides it."""
    built = httpx.Headers({"User-Agent": user_agent})
    built.update(headers)
    if auth is not None:
        built[auth[0]] = auth[1]
    return built


def sync_event_hooks(
    given: Mapping[str, Iterable[Callable[..., Any]]] | None,
    on_request: Iterable[RequestHook],
    on_response: Iterable[ResponseHook],
) -> dict[str, list[Callable[..., Any]]]:
    """httpx.Client's `event_hooks`: those `given` in httpx_args, then the client's own."""
    given = given or {}
    return {
        "request": [*given.get("request", ()), *on_request],
        "response": [*given.get("response", ()), *on_response],
    }


def async_event_hooks(
    given: Mapping[str, Iterable[Callable[..., Any]]] | None,
    on_request: Iterable[RequestHook],
    on_response: Iterable[ResponseHook],
) -> dict[str, list[Callable[..., Any]]]:
    """httpx.AsyncClient's `event_hooks`: those `given` in httpx_args as they are (httpx awaits
    them), then the client's own plain functions, each wrapped in a coroutine function that
    calls it, so one hook serves both clients."""
    given = given or {}
    return {
        "request": [*given.get("request", ()), *map(_awaitable, on_request)],
        "response": [*given.get("response", ()), *map(_awaitable, on_response)],
    }


def _awaitable(hook: Callable[[Any], object]) -> Callable[[Any], Any]:
    async def call(event: Any) -> None:
        hook(event)

    return call


def client_repr(client: attrs.AttrsInstance, auth_header_name: str | None = None) -> str:
    """A client's repr with every setting it was built with, under the names its constructor
    takes, but never a secret: the token, the values of the auth header and of other
    credential headers, cookies, and what httpx_args holds (a proxy URL may carry a password)
    are shown as redacted or by key only; a repr ends up in logs."""
    secret_headers = _SECRET_HEADERS | {(auth_header_name or "").lower()}
    shown: list[str] = []
    for attribute in attrs.fields(type(client)):
        if not attribute.init:
            continue
        name = attribute.alias or attribute.name
        value = getattr(client, attribute.name)
        if name == "token":
            text = _REDACTED
        elif name == "headers":
            text = repr(
                {
                    header: _REDACTED if header.lower() in secret_headers else content
                    for header, content in value.items()
                }
            )
        elif name == "cookies":
            text = repr(dict.fromkeys(value, _REDACTED))
        elif name == "httpx_args":
            text = "{" + ", ".join(f"{key!r}: ..." for key in value) + "}"
        else:
            text = repr(value)
        shown.append(f"{name}={text}")
    return f"{type(client).__name__}({', '.join(shown)})"


USER_AGENT = f"spirii-chargebox-client/4.0.0 python-httpx/{httpx.__version__}"
"""Sent as the `User-Agent` of every request (`headers` may set another)."""

OPERATION_PATH_ROOTS: tuple[str, ...] = ("/v2",)
"""The first path segment of every operation's path: a base URL must not end in one."""


def _check_base_url(client: object, attribute: object, base_url: str) -> None:
    check_base_url(base_url, OPERATION_PATH_ROOTS)


def _check_token(client: object, attribute: object, token: str) -> None:
    check_token(token)


# Each phase of a request (connect, each read, each write, a pool wait) may take this long, so a
# call to a server that stops answering fails with httpx.TimeoutException instead of hanging.
# Connecting gets less: a host that does not answer a TCP handshake in 10 s will not.
DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=10.0)


@define
class Client:
    """A class for keeping track of data related to the API

    The following are accepted as keyword arguments and will be used to construct httpx Clients internally:

        ``base_url``: The base URL for the API, all requests are made to a relative path to this URL:
        ``https://api.spirii.com`` or ``https://sandbox.api.spirii.com`` (without ``/v2``: every
        operation's path starts with it). One without an http(s) scheme and host, or ending in
        ``/v2``, raises errors.ConfigurationError when the client is built.

        ``cookies``: A dictionary of cookies to be sent with every request

        ``headers``: A dictionary of headers to be sent with every request (besides ``User-Agent:
        spirii-chargebox-client/<version> python-httpx/<version>``, which it may override)

        ``timeout``: How long each phase of a request may take: an httpx.Timeout, or seconds for
        every phase; None waits forever. Default DEFAULT_TIMEOUT: 10 s to connect, 30 s for each
        read, write and pool wait. API functions raise httpx.TimeoutException if it is exceeded
        (a connect timeout is retried, see RetryPolicy; a read timeout is not).

        ``verify_ssl``: Whether or not to verify the SSL certificate of the API server. This should be True in production,
        but can be set to False for testing purposes.

        ``follow_redirects``: Whether or not to follow redirects. Default value is False.

        ``httpx_args``: A dictionary of additional arguments to be passed to the ``httpx.Client`` and ``httpx.AsyncClient`` constructor
        (its ``event_hooks`` go to both as they are: httpx awaits an async client's hooks, so pass
        plain functions as ``on_request`` / ``on_response`` instead).


    Attributes:
        raise_on_unexpected_status: Whether or not to raise an errors.UnexpectedStatus if the API returns a
            status code that was not documented in the source OpenAPI document. Can also be provided as a keyword
            argument to the constructor.
        retry: When to send a request again after a 429, a 5xx or a dropped connection (see RetryPolicy);
            None sends every request once. It shapes the httpx clients this client builds, not one given to
            set_httpx_client or set_async_httpx_client.
        on_request: Functions called with every request (httpx.Request), each retry included, just before it
            is sent; plain functions, for the sync and the async client alike.
        on_response: Functions called with every answer (httpx.Response), each retried one included, once its
            headers arrived (before the body is read); plain functions, for both clients.
    """

    raise_on_unexpected_status: bool = field(default=False, kw_only=True)
    retry: RetryPolicy | None = field(factory=RetryPolicy, kw_only=True)
    on_request: Sequence[RequestHook] = field(default=(), kw_only=True)
    on_response: Sequence[ResponseHook] = field(default=(), kw_only=True)
    _base_url: str = field(alias="base_url", validator=_check_base_url)
    _cookies: dict[str, str] = field(factory=dict, kw_only=True, alias="cookies")
    _headers: dict[str, str] = field(factory=dict, kw_only=True, alias="headers")
    _timeout: httpx.Timeout | float | None = field(default=DEFAULT_TIMEOUT, kw_only=True, alias="timeout")
    _verify_ssl: str | bool | ssl.SSLContext = field(default=True, kw_only=True, alias="verify_ssl")
    _follow_redirects: bool = field(default=False, kw_only=True, alias="follow_redirects")
    _httpx_args: dict[str, Any] = field(factory=dict, kw_only=True, alias="httpx_args")
    _client: httpx.Client | None = field(default=None, init=False)
    _async_client: httpx.AsyncClient | None = field(default=None, init=False)

    # evolve() builds the new client through __init__, so it starts without httpx clients of its
    # own (they are init=False) and builds them on first use; this client is left untouched.
    def with_headers(self, headers: dict[str, str]) -> "Client":
        """A new client matching this one with additional headers; this one is unchanged."""
        return evolve(self, headers={**self._headers, **headers})

    def with_cookies(self, cookies: dict[str, str]) -> "Client":
        """A new client matching this one with additional cookies; this one is unchanged."""
        return evolve(self, cookies={**self._cookies, **cookies})

    def with_timeout(self, timeout: httpx.Timeout | float | None) -> "Client":
        """A new client matching this one with another timeout (see ``timeout``); this one is
        unchanged."""
        return evolve(self, timeout=timeout)

    def __repr__(self) -> str:
        # Every setting but the secrets (runtime/settings.py): a repr ends up in logs.
        return client_repr(self)

    def set_httpx_client(self, client: httpx.Client) -> Self:
        """Manually set the underlying httpx.Client

        **NOTE**: This will override any other settings on the client, including cookies, headers, and timeout.
        """
        self._client = client
        return self

    def get_httpx_client(self) -> httpx.Client:
        """Get the underlying httpx.Client, constructing a new one if not previously set"""
        if self._client is None:
            httpx_args = dict(self._httpx_args)
            self._client = RetryingHttpxClient(
                retry=self.retry,
                base_url=self._base_url,
                cookies=self._cookies,
                headers=request_headers(USER_AGENT, self._headers),
                timeout=self._timeout,
                verify=self._verify_ssl,
                follow_redirects=self._follow_redirects,
                event_hooks=sync_event_hooks(httpx_args.pop("event_hooks", None), self.on_request, self.on_response),
                **httpx_args,
            )
        return self._client

    def __enter__(self) -> Self:
        """Enter a context manager for self.client—you cannot enter twice (see httpx docs)"""
        self.get_httpx_client().__enter__()
        return self

    def __exit__(self, *args: Any, **kwargs: Any) -> None:
        """Exit a context manager for internal httpx.Client (see httpx docs)"""
        self.get_httpx_client().__exit__(*args, **kwargs)

    def set_async_httpx_client(self, async_client: httpx.AsyncClient) -> Self:
        """Manually set the underlying httpx.AsyncClient

        **NOTE**: This will override any other settings on the client, including cookies, headers, and timeout.
        """
        self._async_client = async_client
        return self

    def get_async_httpx_client(self) -> httpx.AsyncClient:
        """Get the underlying httpx.AsyncClient, constructing a new one if not previously set"""
        if self._async_client is None:
            httpx_args = dict(self._httpx_args)
            self._async_client = AsyncRetryingHttpxClient(
                retry=self.retry,
                base_url=self._base_url,
                cookies=self._cookies,
                headers=request_headers(USER_AGENT, self._headers),
                timeout=self._timeout,
                verify=self._verify_ssl,
                follow_redirects=self._follow_redirects,
                event_hooks=async_event_hooks(httpx_args.pop("event_hooks", None), self.on_request, self.on_response),
                **httpx_args,
            )
        return self._async_client

    async def __aenter__(self) -> Self:
        """Enter a context manager for underlying httpx.AsyncClient—you cannot enter twice (see httpx docs)"""
        await self.get_async_httpx_client().__aenter__()
        return self

    async def __aexit__(self, *args: Any, **kwargs: Any) -> None:
        """Exit a context manager for underlying httpx.AsyncClient (see httpx docs)"""
        await self.get_async_httpx_client().__aexit__(*args, **kwargs)


@define
class AuthenticatedClient:
    """A Client which has been authenticated for use on secured endpoints

    The following are accepted as keyword arguments and will be used to construct httpx Clients internally:

        ``base_url``: The base URL for the API, all requests are made to a relative path to this URL:
        ``https://api.spirii.com`` or ``https://sandbox.api.spirii.com`` (without ``/v2``: every
        operation's path starts with it). One without an http(s) scheme and host, or ending in
        ``/v2``, raises errors.ConfigurationError when the client is built.

        ``cookies``: A dictionary of cookies to be sent with every request

        ``headers``: A dictionary of headers to be sent with every request (besides ``User-Agent:
        spirii-chargebox-client/<version> python-httpx/<version>``, which it may override)

        ``timeout``: How long each phase of a request may take: an httpx.Timeout, or seconds for
        every phase; None waits forever. Default DEFAULT_TIMEOUT: 10 s to connect, 30 s for each
        read, write and pool wait. API functions raise httpx.TimeoutException if it is exceeded
        (a connect timeout is retried, see RetryPolicy; a read timeout is not).

        ``verify_ssl``: Whether or not to verify the SSL certificate of the API server. This should be True in production,
        but can be set to False for testing purposes.

        ``follow_redirects``: Whether or not to follow redirects. Default value is False.

        ``httpx_args``: A dictionary of additional arguments to be passed to the ``httpx.Client`` and ``httpx.AsyncClient`` constructor
        (its ``event_hooks`` go to both as they are: httpx awaits an async client's hooks, so pass
        plain functions as ``on_request`` / ``on_response`` instead).


    Attributes:
        raise_on_unexpected_status: Whether or not to raise an errors.UnexpectedStatus if the API returns a
            status code that was not documented in the source OpenAPI document. Can also be provided as a keyword
            argument to the constructor.
        retry: When to send a request again after a 429, a 5xx or a dropped connection (see RetryPolicy);
            None sends every request once. It shapes the httpx clients this client builds, not one given to
            set_httpx_client or set_async_httpx_client.
        on_request: Functions called with every request (httpx.Request), each retry included, just before it
            is sent; plain functions, for the sync and the async client alike.
        on_response: Functions called with every answer (httpx.Response), each retried one included, once its
            headers arrived (before the body is read); plain functions, for both clients.
        token: The API key, sent as `Authorization: Bearer <token>`; never shown by repr
        prefix: The prefix to use for the Authorization header
        auth_header_name: The name of the Authorization header
    """

    raise_on_unexpected_status: bool = field(default=False, kw_only=True)
    retry: RetryPolicy | None = field(factory=RetryPolicy, kw_only=True)
    on_request: Sequence[RequestHook] = field(default=(), kw_only=True)
    on_response: Sequence[ResponseHook] = field(default=(), kw_only=True)
    _base_url: str = field(alias="base_url", validator=_check_base_url)
    _cookies: dict[str, str] = field(factory=dict, kw_only=True, alias="cookies")
    _headers: dict[str, str] = field(factory=dict, kw_only=True, alias="headers")
    _timeout: httpx.Timeout | float | None = field(default=DEFAULT_TIMEOUT, kw_only=True, alias="timeout")
    _verify_ssl: str | bool | ssl.SSLContext = field(default=True, kw_only=True, alias="verify_ssl")
    _follow_redirects: bool = field(default=False, kw_only=True, alias="follow_redirects")
    _httpx_args: dict[str, Any] = field(factory=dict, kw_only=True, alias="httpx_args")
    _client: httpx.Client | None = field(default=None, init=False)
    _async_client: httpx.AsyncClient | None = field(default=None, init=False)

    token: str = field(validator=_check_token)
    prefix: str = "Bearer"
    auth_header_name: str = "Authorization"

    # evolve() builds the new client through __init__, so it starts without httpx clients of its
    # own (they are init=False) and builds them on first use; this client is left untouched.
    def with_headers(self, headers: dict[str, str]) -> "AuthenticatedClient":
        """A new client matching this one with additional headers; this one is unchanged."""
        return evolve(self, headers={**self._headers, **headers})

    def with_cookies(self, cookies: dict[str, str]) -> "AuthenticatedClient":
        """A new client matching this one with additional cookies; this one is unchanged."""
        return evolve(self, cookies={**self._cookies, **cookies})

    def with_timeout(self, timeout: httpx.Timeout | float | None) -> "AuthenticatedClient":
        """A new client matching this one with another timeout (see ``timeout``); this one is
        unchanged."""
        return evolve(self, timeout=timeout)

    def __repr__(self) -> str:
        # Every setting but the secrets (runtime/settings.py): a repr ends up in logs.
        return client_repr(self, self.auth_header_name)

    def set_httpx_client(self, client: httpx.Client) -> Self:
        """Manually set the underlying httpx.Client

        **NOTE**: This will override any other settings on the client, including cookies, headers, and timeout.
        """
        self._client = client
        return self

    def get_httpx_client(self) -> httpx.Client:
        """Get the underlying httpx.Client, constructing a new one if not previously set"""
        if self._client is None:
            httpx_args = dict(self._httpx_args)
            self._client = RetryingHttpxClient(
                retry=self.retry,
                base_url=self._base_url,
                cookies=self._cookies,
                headers=request_headers(
                    USER_AGENT,
                    self._headers,
                    (self.auth_header_name, f"{self.prefix} {self.token}" if self.prefix else self.token),
                ),
                timeout=self._timeout,
                verify=self._verify_ssl,
                follow_redirects=self._follow_redirects,
                event_hooks=sync_event_hooks(httpx_args.pop("event_hooks", None), self.on_request, self.on_response),
                **httpx_args,
            )
        return self._client

    def __enter__(self) -> Self:
        """Enter a context manager for self.client—you cannot enter twice (see httpx docs)"""
        self.get_httpx_client().__enter__()
        return self

    def __exit__(self, *args: Any, **kwargs: Any) -> None:
        """Exit a context manager for internal httpx.Client (see httpx docs)"""
        self.get_httpx_client().__exit__(*args, **kwargs)

    def set_async_httpx_client(self, async_client: httpx.AsyncClient) -> Self:
        """Manually set the underlying httpx.AsyncClient

        **NOTE**: This will override any other settings on the client, including cookies, headers, and timeout.
        """
        self._async_client = async_client
        return self

    def get_async_httpx_client(self) -> httpx.AsyncClient:
        """Get the underlying httpx.AsyncClient, constructing a new one if not previously set"""
        if self._async_client is None:
            httpx_args = dict(self._httpx_args)
            self._async_client = AsyncRetryingHttpxClient(
                retry=self.retry,
                base_url=self._base_url,
                cookies=self._cookies,
                headers=request_headers(
                    USER_AGENT,
                    self._headers,
                    (self.auth_header_name, f"{self.prefix} {self.token}" if self.prefix else self.token),
                ),
                timeout=self._timeout,
                verify=self._verify_ssl,
                follow_redirects=self._follow_redirects,
                event_hooks=async_event_hooks(httpx_args.pop("event_hooks", None), self.on_request, self.on_response),
                **httpx_args,
            )
        return self._async_client

    async def __aenter__(self) -> Self:
        """Enter a context manager for underlying httpx.AsyncClient—you cannot enter twice (see httpx docs)"""
        await self.get_async_httpx_client().__aenter__()
        return self

    async def __aexit__(self, *args: Any, **kwargs: Any) -> None:
        """Exit a context manager for underlying httpx.AsyncClient (see httpx docs)"""
        await self.get_async_httpx_client().__aexit__(*args, **kwargs)
