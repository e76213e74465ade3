"""The generated client retries 429, 5xx and dropped connections within its bounds, and walks pages.

Unit-level behaviour runs against httpx.MockTransport as the httpx client's transport, with the
policy's sleep and clock replaced by a fake that records each wait, so no test really waits.
Dropped, reset and refused connections run over real loopback sockets; pagination runs over the
bundled mock.
"""

from __future__ import annotations

import asyncio
import email.utils
import json
import socket
import struct
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from spirii_chargebox_client import AuthenticatedClient, Client, RetryPolicy
from spirii_chargebox_client.api.chargeboxes import create_charge_box, get_charge_box
from spirii_chargebox_client.api.chargeboxes.list_charge_boxes import (
    aiter_charge_boxes,
    iter_charge_boxes,
)
from spirii_chargebox_client.errors import (
    BadRequest,
    RepeatedPageCursor,
    ServerError,
    UnexpectedStatus,
)
from spirii_chargebox_client.models import ChargeBox, CreateChargeBoxRequest, ErrorBody

from mock.server import DEFAULT_API_KEY, ChargeBoxStore, create_app
from mock.serving import serving
from spec import load_spec

BASE_URL = "http://spirii.test"
KEY = "test-key"
NEW_CHARGE_BOX = CreateChargeBoxRequest(serial_number="SN-000001", location_id=123, model_id=1234)


class FakeTime:
    """A monotonic clock that moves only when the client waits (or the scripted server works)."""

    def __init__(self) -> None:
        self.now = 0.0
        self.waits: list[float] = []

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)
        self.now += seconds

    async def async_sleep(self, seconds: float) -> None:
        self.sleep(seconds)

    def policy(self, **bounds: Any) -> RetryPolicy:
        """A RetryPolicy with the given bounds (the defaults otherwise) that waits on this clock."""
        return RetryPolicy(
            sleep=self.sleep, async_sleep=self.async_sleep, clock=self.monotonic, **bounds
        )


class Script:
    """A server that gives its answers in order, one per request; an exception is raised instead
    (a connection failure). Each request takes `seconds_per_request` on the fake clock."""

    def __init__(
        self, *answers: httpx.Response | Exception, time: FakeTime, seconds_per_request: float = 0
    ) -> None:
        self._answers = list(answers)
        self._time = time
        self._seconds_per_request = seconds_per_request
        self.requests: list[httpx.Request] = []
        self.sent_at: list[float] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        self.sent_at.append(self._time.now)
        self._time.now += self._seconds_per_request
        if not self._answers:
            pytest.fail(f"request {len(self.requests)} was sent, the script has no answer for it")
        answer = self._answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer


def _charge_box_json(chargebox_id: int) -> dict[str, Any]:
    value = load_spec()["components"]["examples"]["VendorChargeBox"]["value"]
    chargebox: dict[str, Any] = json.loads(json.dumps(value))  # a deep copy
    chargebox["id"] = chargebox_id
    return chargebox


def _charge_box(chargebox_id: int, status: int = 200) -> httpx.Response:
    return httpx.Response(status, json=_charge_box_json(chargebox_id))


def _error(status: int, retry_after: str | None = None) -> httpx.Response:
    headers = {} if retry_after is None else {"Retry-After": retry_after}
    body = {"error": {"code": f"status_{status}", "message": "scripted"}}
    return httpx.Response(status, json=body, headers=headers)


def _page(ids: range, next_cursor: str | None) -> httpx.Response:
    data = [_charge_box_json(chargebox_id) for chargebox_id in ids]
    return httpx.Response(200, json={"data": data, "nextPageCursor": next_cursor})


def _client(script: Script, retry: RetryPolicy | None, **options: Any) -> AuthenticatedClient:
    """A client whose httpx transport is the script, retrying as `retry` says."""
    transport = httpx.MockTransport(script)
    return AuthenticatedClient(
        base_url=BASE_URL, token=KEY, retry=retry, httpx_args={"transport": transport}, **options
    )


# The policy and its defaults.


def test_retries_are_on_by_default_with_the_documented_bounds() -> None:
    policy = AuthenticatedClient(base_url=BASE_URL, token=KEY).retry

    assert policy == RetryPolicy()
    assert (policy.max_attempts, policy.base_delay, policy.max_delay, policy.max_total_time) == (
        4,
        0.5,
        8.0,
        30.0,
    )
    assert policy.retry_statuses == {429, 500, 502, 503, 504}
    assert policy.retry_post is False
    assert Client(base_url=BASE_URL).retry == policy


@pytest.mark.parametrize(
    ("bound", "value"),
    [("max_attempts", 0), ("base_delay", -1), ("max_delay", -1), ("max_total_time", -1)],
)
def test_a_policy_refuses_a_bound_that_cannot_hold(bound: str, value: float) -> None:
    bounds: dict[str, Any] = {bound: value}
    with pytest.raises(ValueError, match=bound):
        RetryPolicy(**bounds)


# Retry-After.


def test_a_429_with_retry_after_waits_that_long_then_succeeds() -> None:
    time = FakeTime()
    script = Script(_error(429, retry_after="3"), _charge_box(7), time=time)

    with _client(script, time.policy()) as client:
        chargebox = get_charge_box.sync(7, client=client)

    assert isinstance(chargebox, ChargeBox)
    assert chargebox.id == 7
    assert time.waits == [3.0]
    assert len(script.requests) == 2


def test_retry_after_as_an_http_date_is_honoured() -> None:
    time = FakeTime()
    in_five_seconds = datetime.now(UTC) + timedelta(seconds=5)
    retry_after = email.utils.format_datetime(in_five_seconds, usegmt=True)
    script = Script(_error(503, retry_after=retry_after), _charge_box(7), time=time)

    with _client(script, time.policy()) as client:
        response = get_charge_box.sync_detailed(7, client=client)

    assert response.status_code == 200
    (wait,) = time.waits
    assert 3.0 < wait <= 5.0  # the date has whole seconds


def test_an_unreadable_retry_after_falls_back_to_backoff() -> None:
    time = FakeTime()
    script = Script(_error(429, retry_after="soon"), _charge_box(7), time=time)

    with _client(script, time.policy()) as client:
        response = get_charge_box.sync_detailed(7, client=client)

    assert response.status_code == 200
    (wait,) = time.waits
    assert 0.0 <= wait <= 0.5


def test_a_retry_after_beyond_the_total_time_returns_the_429_at_once() -> None:
    time = FakeTime()
    script = Script(_error(429, retry_after="60"), time=time)

    with _client(script, time.policy()) as client:
        response = get_charge_box.sync_detailed(7, client=client)

    assert response.status_code == 429
    assert isinstance(response.parsed, ErrorBody)
    assert response.headers["Retry-After"] == "60"
    assert time.waits == []
    assert len(script.requests) == 1


def test_retry_after_waits_stop_when_the_next_would_overrun_the_total_time() -> None:
    time = FakeTime()
    answers = [_error(429, retry_after="4") for _ in range(3)]
    script = Script(*answers, _charge_box(7), time=time)

    with _client(script, time.policy(max_attempts=10, max_total_time=10)) as client:
        response = get_charge_box.sync_detailed(7, client=client)

    # 0 s, 4 s, 8 s: a third wait of 4 s would start the fourth attempt at 12 s.
    assert response.status_code == 429
    assert time.waits == [4.0, 4.0]
    assert script.sent_at == [0.0, 4.0, 8.0]


# Backoff on 5xx.


def test_a_503_twice_is_retried_with_jittered_growing_waits_and_succeeds_on_the_third() -> None:
    time = FakeTime()
    script = Script(_error(503), _error(503), _charge_box(7), time=time)

    with _client(script, time.policy()) as client:
        chargebox = get_charge_box.sync(7, client=client)

    assert isinstance(chargebox, ChargeBox)
    assert len(script.requests) == 3
    first, second = time.waits
    assert 0.0 <= first <= 0.5
    assert 0.0 <= second <= 1.0


def test_a_persistent_503_gives_up_after_max_attempts_and_returns_the_503() -> None:
    time = FakeTime()
    script = Script(*(_error(503) for _ in range(4)), time=time)

    with _client(script, time.policy()) as client:
        response = get_charge_box.sync_detailed(7, client=client)

    assert response.status_code == 503
    assert len(script.requests) == 4
    assert len(time.waits) == 3
    assert all(0.0 <= wait <= cap for wait, cap in zip(time.waits, [0.5, 1.0, 2.0], strict=True))


def test_a_persistent_503_raises_unexpected_status_when_the_client_asks_for_it() -> None:
    time = FakeTime()
    script = Script(*(_error(503) for _ in range(4)), time=time)

    with (
        _client(script, time.policy(), raise_on_unexpected_status=True) as client,
        pytest.raises(UnexpectedStatus, match="503"),
    ):
        get_charge_box.sync(7, client=client)
    assert len(script.requests) == 4


def test_no_attempt_starts_after_the_total_time() -> None:
    time = FakeTime()
    # A slow server: every answer takes 3 s, and it never recovers.
    script = Script(*(_error(500) for _ in range(20)), time=time, seconds_per_request=3)
    policy = time.policy(max_attempts=20, base_delay=8, max_delay=8, max_total_time=10)

    with _client(script, policy) as client:
        response = get_charge_box.sync_detailed(7, client=client)

    assert response.status_code == 500
    assert max(script.sent_at) <= 10
    assert len(script.requests) <= 4  # each attempt alone takes 3 of the 10 seconds


@pytest.mark.parametrize("status", [400, 401, 403, 404, 501])
def test_an_answer_that_a_retry_cannot_change_is_returned_at_once(status: int) -> None:
    time = FakeTime()
    script = Script(_error(status), time=time)

    with _client(script, time.policy()) as client:
        response = get_charge_box.sync_detailed(7, client=client)

    assert response.status_code == status
    assert len(script.requests) == 1


def test_retry_none_sends_every_request_once() -> None:
    time = FakeTime()
    script = Script(_error(503), time=time)

    with _client(script, None) as client:
        response = get_charge_box.sync_detailed(7, client=client)

    assert response.status_code == 503
    assert len(script.requests) == 1


# Connection failures.


def test_a_connection_error_on_a_get_is_retried() -> None:
    time = FakeTime()
    script = Script(httpx.ConnectError("refused"), _charge_box(7), time=time)

    with _client(script, time.policy()) as client:
        response = get_charge_box.sync_detailed(7, client=client)

    assert response.status_code == 200
    assert len(time.waits) == 1


def test_a_persistent_connection_error_is_raised_after_max_attempts() -> None:
    time = FakeTime()
    script = Script(*(httpx.ConnectError("refused") for _ in range(4)), time=time)

    with _client(script, time.policy()) as client, pytest.raises(httpx.ConnectError):
        get_charge_box.sync_detailed(7, client=client)
    assert len(script.requests) == 4


def test_a_timeout_is_not_retried() -> None:
    time = FakeTime()
    script = Script(httpx.ReadTimeout("slow"), time=time)

    with _client(script, time.policy()) as client, pytest.raises(httpx.ReadTimeout):
        get_charge_box.sync_detailed(7, client=client)
    assert len(script.requests) == 1


# POST.


# A 429 and a connection never made are retried for POST too (tests/test_client_creates.py): the
# request was not processed. Anything else may have created something.
@pytest.mark.parametrize(
    "failure", [_error(503), _error(500), httpx.ReadError("reset"), httpx.WriteError("broken")]
)
def test_a_post_is_not_retried_by_default(failure: httpx.Response | Exception) -> None:
    time = FakeTime()
    script = Script(failure, time=time)

    with _client(script, time.policy()) as client:
        if isinstance(failure, Exception):
            with pytest.raises(type(failure)):
                create_charge_box.sync_detailed(client=client, body=NEW_CHARGE_BOX)
        else:
            response = create_charge_box.sync_detailed(client=client, body=NEW_CHARGE_BOX)
            assert response.status_code == failure.status_code
    assert len(script.requests) == 1
    assert time.waits == []


def test_a_post_is_retried_with_the_same_body_when_opted_in() -> None:
    time = FakeTime()
    script = Script(_error(503), httpx.ConnectError("reset"), _charge_box(9, 201), time=time)

    with _client(script, time.policy(retry_post=True)) as client:
        created = create_charge_box.sync(client=client, body=NEW_CHARGE_BOX)

    assert isinstance(created, ChargeBox)
    assert len(script.requests) == 3
    bodies = {request.content for request in script.requests}
    assert bodies == {json.dumps(NEW_CHARGE_BOX.to_dict(), separators=(",", ":")).encode()}


# The async client.


def test_the_async_client_retries_within_the_same_bounds() -> None:
    time = FakeTime()
    script = Script(_error(429, retry_after="2"), _error(503), _charge_box(7), time=time)

    async def fetch() -> ChargeBox | ErrorBody | None:
        async with _client(script, time.policy()) as client:
            return await get_charge_box.asyncio(7, client=client)

    chargebox = asyncio.run(fetch())

    assert isinstance(chargebox, ChargeBox)
    assert len(script.requests) == 3
    assert time.waits[0] == 2.0
    assert 0.0 <= time.waits[1] <= 1.0


def test_the_async_client_does_not_retry_a_post_by_default() -> None:
    time = FakeTime()
    script = Script(_error(503), time=time)

    async def create() -> int:
        async with _client(script, time.policy()) as client:
            response = await create_charge_box.asyncio_detailed(client=client, body=NEW_CHARGE_BOX)
            return response.status_code

    assert asyncio.run(create()) == 503
    assert len(script.requests) == 1


# Over real sockets: a server that drops or resets connections, and one that is not there.


@contextmanager
def _flaky_server(*failures: str) -> Iterator[tuple[str, list[bytes]]]:
    """A bare HTTP/1.1 server on loopback, one connection per request: connection n reads the
    request, then ends as `failures[n]` says ("drop": closed without an answer, "reset": TCP
    reset); once the failures are used up, it answers 200 with a charge box. Yields the base URL
    and the requests it read."""
    body = json.dumps(_charge_box_json(7)).encode()
    answer = (
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n"
        + f"Content-Length: {len(body)}\r\n\r\n".encode()
        + body
    )
    requests: list[bytes] = []
    stop = threading.Event()
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.05)

    def serve() -> None:
        endings = iter(failures)
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                continue
            with connection:
                connection.settimeout(5)
                requests.append(_read_request(connection))
                ending = next(endings, "answer")
                if ending == "reset":
                    linger_zero = struct.pack("ii", 1, 0)
                    connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, linger_zero)
                elif ending == "answer":
                    connection.sendall(answer)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}", requests
    finally:
        stop.set()
        thread.join(timeout=5)
        listener.close()


def _read_request(connection: socket.socket) -> bytes:
    received = b""
    while b"\r\n\r\n" not in received:
        chunk = connection.recv(65536)
        if not chunk:
            return received
        received += chunk
    head, _, body = received.partition(b"\r\n\r\n")
    lengths = [line for line in head.lower().split(b"\r\n") if line.startswith(b"content-length:")]
    length = int(lengths[0].split(b":")[1]) if lengths else 0
    while len(body) < length:
        chunk = connection.recv(65536)
        if not chunk:
            break
        body += chunk
    return head + b"\r\n\r\n" + body


@pytest.mark.parametrize(
    ("failures", "seen_as"),
    [
        (("drop",), "RemoteProtocolError"),
        (("reset",), "ReadError"),
        (("drop", "reset"), "both"),
    ],
)
def test_a_get_over_a_dropped_connection_is_sent_again(
    failures: tuple[str, ...], seen_as: str, caplog: pytest.LogCaptureFixture
) -> None:
    time = FakeTime()
    with (
        _flaky_server(*failures) as (base_url, requests),
        AuthenticatedClient(base_url=base_url, token=KEY, retry=time.policy()) as client,
        caplog.at_level("INFO", logger="spirii_chargebox_client.client"),
    ):
        chargebox = get_charge_box.sync(7, client=client)

    assert isinstance(chargebox, ChargeBox)
    assert len(requests) == len(failures) + 1
    assert all(request.startswith(b"GET /v2/chargeboxes/7 ") for request in requests)
    assert len(time.waits) == len(failures)
    logged = caplog.text
    for error in ("RemoteProtocolError", "ReadError") if seen_as == "both" else (seen_as,):
        assert error in logged
    assert KEY not in logged


def test_the_async_client_sends_a_get_again_over_a_dropped_connection() -> None:
    time = FakeTime()

    async def fetch(base_url: str) -> ChargeBox | ErrorBody | None:
        async with AuthenticatedClient(base_url=base_url, token=KEY, retry=time.policy()) as client:
            return await get_charge_box.asyncio(7, client=client)

    with _flaky_server("drop", "reset") as (base_url, requests):
        chargebox = asyncio.run(fetch(base_url))

    assert isinstance(chargebox, ChargeBox)
    assert len(requests) == 3


def test_a_post_over_a_dropped_connection_is_not_sent_again() -> None:
    time = FakeTime()
    with (
        _flaky_server("drop") as (base_url, requests),
        AuthenticatedClient(base_url=base_url, token=KEY, retry=time.policy()) as client,
        pytest.raises(httpx.RemoteProtocolError),
    ):
        create_charge_box.sync_detailed(client=client, body=NEW_CHARGE_BOX)
    assert len(requests) == 1
    assert time.waits == []


def test_retries_keep_the_proxy_httpx_reads_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Retrying in a transport passed to httpx.Client would turn these proxies off.
    for name in ("HTTPS_PROXY", "ALL_PROXY", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)
    time = FakeTime()
    with _flaky_server("drop") as (proxy_url, requests):
        monkeypatch.setenv("HTTP_PROXY", proxy_url)
        with AuthenticatedClient(base_url=BASE_URL, token=KEY, retry=time.policy()) as client:
            chargebox = get_charge_box.sync(7, client=client)

    assert isinstance(chargebox, ChargeBox)
    assert [request.split(b" ")[1] for request in requests] == [
        f"{BASE_URL}/v2/chargeboxes/7".encode()
    ] * 2


def test_a_refused_connection_is_tried_max_attempts_times_then_raised() -> None:
    with socket.create_server(("127.0.0.1", 0)) as probe:
        port = probe.getsockname()[1]  # closed on leaving: nothing listens there any more
    time = FakeTime()

    with (
        AuthenticatedClient(
            base_url=f"http://127.0.0.1:{port}", token=KEY, retry=time.policy(max_attempts=3)
        ) as client,
        pytest.raises(httpx.ConnectError),
    ):
        get_charge_box.sync_detailed(7, client=client)
    assert len(time.waits) == 2


# Walking every page.


@pytest.fixture(scope="module")
def mock_with_130_charge_boxes() -> Iterator[str]:
    store = ChargeBoxStore()
    for number in range(1, 131):
        store.create(serial_number=f"SN-{number:06d}", location_id=123, model_id=1234)
    with serving(create_app(DEFAULT_API_KEY, store=store)) as url:
        yield url


def test_iter_charge_boxes_yields_every_charge_box_once(mock_with_130_charge_boxes: str) -> None:
    pages: list[httpx.Request] = []
    with AuthenticatedClient(
        base_url=mock_with_130_charge_boxes,
        token=DEFAULT_API_KEY,
        httpx_args={"event_hooks": {"request": [pages.append]}},
    ) as client:
        ids = [chargebox.id for chargebox in iter_charge_boxes(client=client, limit=25)]

    assert sorted(ids) == list(range(1, 131))
    assert len(ids) == len(set(ids))
    assert len(pages) == 6  # 5 full pages of 25 and one of 5
    assert all(page.url.params["limit"] == "25" for page in pages)


def test_aiter_charge_boxes_yields_every_charge_box_once(mock_with_130_charge_boxes: str) -> None:
    async def walk() -> list[int]:
        async with AuthenticatedClient(
            base_url=mock_with_130_charge_boxes, token=DEFAULT_API_KEY
        ) as client:
            return [chargebox.id async for chargebox in aiter_charge_boxes(client=client, limit=25)]

    ids = asyncio.run(walk())

    assert sorted(ids) == list(range(1, 131))
    assert len(ids) == len(set(ids))


def test_a_page_that_fails_for_a_moment_is_retried_and_the_walk_goes_on() -> None:
    time = FakeTime()
    script = Script(_page(range(1, 3), "c1"), _error(503), _page(range(3, 5), None), time=time)

    with _client(script, time.policy()) as client:
        ids = [chargebox.id for chargebox in iter_charge_boxes(client=client, limit=2)]

    assert ids == [1, 2, 3, 4]
    assert len(time.waits) == 1
    cursors = [request.url.params.get("nextPageCursor") for request in script.requests]
    assert cursors == [None, "c1", "c1"]


def test_an_empty_cursor_ends_the_walk() -> None:
    time = FakeTime()
    script = Script(_page(range(1, 3), "c1"), _page(range(3, 4), ""), time=time)

    with _client(script, time.policy()) as client:
        ids = [chargebox.id for chargebox in iter_charge_boxes(client=client, limit=2)]

    assert ids == [1, 2, 3]


def test_a_page_answered_with_an_error_stops_the_walk_naming_status_and_cursor() -> None:
    time = FakeTime()
    script = Script(_page(range(1, 3), "c1"), _error(400), time=time)
    ids: list[int] = []

    with _client(script, time.policy()) as client, pytest.raises(BadRequest) as failure:
        ids.extend(chargebox.id for chargebox in iter_charge_boxes(client=client, limit=2))

    assert ids == [1, 2]
    assert (failure.value.status_code, failure.value.cursor) == (400, "c1")
    assert "list_charge_boxes: the page after cursor 'c1' was answered 400" in str(failure.value)
    assert b"status_400" in failure.value.content


def test_a_page_that_stays_unavailable_stops_the_walk_after_the_retries() -> None:
    time = FakeTime()
    script = Script(*(_error(503) for _ in range(4)), time=time)

    with _client(script, time.policy()) as client, pytest.raises(ServerError) as failure:
        list(iter_charge_boxes(client=client))

    assert (failure.value.status_code, failure.value.cursor) == (503, None)
    assert "the first page" in str(failure.value)
    assert len(script.requests) == 4


def test_a_repeated_cursor_stops_the_walk_instead_of_looping() -> None:
    time = FakeTime()
    script = Script(
        _page(range(1, 3), "c1"), _page(range(3, 5), "c2"), _page(range(5, 7), "c1"), time=time
    )
    ids: list[int] = []

    with _client(script, time.policy()) as client, pytest.raises(RepeatedPageCursor) as failure:
        ids.extend(chargebox.id for chargebox in iter_charge_boxes(client=client, limit=2))

    assert ids == [1, 2, 3, 4, 5, 6]
    assert failure.value.cursor == "c1"
    assert "nextPageCursor 'c1' was sent a second time" in str(failure.value)


def test_aiter_charge_boxes_stops_on_a_repeated_cursor_too() -> None:
    time = FakeTime()
    script = Script(_page(range(1, 3), "c1"), _page(range(3, 5), "c1"), time=time)

    async def walk() -> list[int]:
        async with _client(script, time.policy()) as client:
            return [chargebox.id async for chargebox in aiter_charge_boxes(client=client)]

    with pytest.raises(RepeatedPageCursor):
        asyncio.run(walk())
