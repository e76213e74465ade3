"""The client's own runtime, templates/runtime/, is what the generated package is built from, and
decides as documented: waits, Retry-After and bounds of retries, and the cursor handling of the
page walk.

The runtime imports only the standard library, httpx, attrs and itself (relatively), never the
package built from it, and the templates paste each module in as it is. Its behaviour is tested
through the generated package, where it ships (spirii_chargebox_client.client, .api, .errors,
.models), never by importing templates.runtime: the two would be two copies of every class (templates.runtime.errors.SpiriiError is not
spirii_chargebox_client.errors.SpiriiError), and the tests would not be testing what ships.
tests/test_client_resilience.py tests the same behaviour through the generated client's calls.
"""

from __future__ import annotations

import asyncio
import email.utils
import logging
import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from spirii_chargebox_client.api import PageWalk, awalk_pages, walk_pages
from spirii_chargebox_client.client import Attempts, RetryPolicy
from spirii_chargebox_client.errors import (
    AuthError,
    RateLimited,
    RepeatedPageCursor,
    SpiriiError,
    UnexpectedStatus,
)
from spirii_chargebox_client.types import UNSET

ROOT = Path(__file__).resolve().parent.parent
RUNTIME = ROOT / "templates/runtime"
URL = "http://spirii.test/v2/chargeboxes/7"


def _answer(status: int, retry_after: str | bytes | None = None) -> httpx.Response:
    if retry_after is None:
        return httpx.Response(status)
    value = retry_after if isinstance(retry_after, bytes) else retry_after.encode()
    return httpx.Response(status, headers=[(b"Retry-After", value)])


def _get() -> httpx.Request:
    return httpx.Request("GET", URL)


def _highest_jitter(monkeypatch: pytest.MonkeyPatch) -> None:
    """Full jitter always draws the top of its range, so a wait shows its cap."""
    monkeypatch.setattr(random, "uniform", lambda low, high: high)


# The runtime and the package built from it.


def _runtime_modules() -> list[Path]:
    """Every module of the runtime, its folders' __init__.py included."""
    return sorted(RUNTIME.rglob("*.py"))


def test_the_runtime_is_plain_python_for_the_templates_to_paste() -> None:
    # The templates {% include %} these files: Jinja would act on its own syntax inside them.
    for module in _runtime_modules():
        source = module.read_text()
        assert not re.search(r"\{[{%#]", source), f"{module.name} holds Jinja syntax"


# RetryPolicy.wait_before_retry: how long, and whether at all.


def test_retry_after_in_seconds_is_the_wait_exactly_and_max_delay_does_not_cap_it() -> None:
    policy = RetryPolicy(max_delay=1)

    assert policy.wait_before_retry(1, 0.0, _answer(429, retry_after="3")) == 3.0
    assert policy.wait_before_retry(1, 0.0, _answer(503, retry_after=" 0 ")) == 0.0


def test_retry_after_as_an_http_date_waits_until_then() -> None:
    in_five_seconds = datetime.now(UTC) + timedelta(seconds=5)
    date = email.utils.format_datetime(in_five_seconds, usegmt=True)

    wait = RetryPolicy().wait_before_retry(1, 0.0, _answer(503, retry_after=date))

    assert wait is not None
    assert 3.0 < wait <= 5.0  # the date has whole seconds


def test_retry_after_as_a_date_in_the_past_or_without_zone_means_now() -> None:
    policy = RetryPolicy()

    assert policy.wait_before_retry(1, 0.0, _answer(503, "Wed, 21 Oct 2015 07:28:00 GMT")) == 0.0
    assert policy.wait_before_retry(1, 0.0, _answer(503, "Wed, 21 Oct 2015 07:28:00 -0000")) == 0.0


# "٣" is a digit to str.isdigit(), but not one that Retry-After may use.
@pytest.mark.parametrize("unreadable", ["soon", "-1", "1.5", "٣".encode(), ""])
def test_an_unreadable_retry_after_falls_back_to_backoff(
    unreadable: str | bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    _highest_jitter(monkeypatch)

    assert RetryPolicy().wait_before_retry(1, 0.0, _answer(429, unreadable)) == 0.5


def test_backoff_caps_double_from_base_delay_up_to_max_delay(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _highest_jitter(monkeypatch)
    policy = RetryPolicy(max_attempts=100, max_total_time=10_000)

    caps = [policy.wait_before_retry(attempt, 0.0, _answer(503)) for attempt in range(1, 8)]

    assert caps == [0.5, 1.0, 2.0, 4.0, 8.0, 8.0, 8.0]
    assert policy.wait_before_retry(99, 0.0, None) == 8.0  # no overflow far out


def test_backoff_is_full_jitter_between_zero_and_the_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    ranges: list[tuple[float, float]] = []

    def uniform(low: float, high: float) -> float:
        ranges.append((low, high))
        return low

    monkeypatch.setattr(random, "uniform", uniform)
    policy = RetryPolicy(base_delay=0.25, max_delay=0.75)

    waits = [policy.wait_before_retry(attempt, 0.0, None) for attempt in (1, 2, 3)]

    assert waits == [0.0, 0.0, 0.0]
    assert ranges == [(0.0, 0.25), (0.0, 0.5), (0.0, 0.75)]


@pytest.mark.parametrize("status", [200, 201, 400, 401, 404, 409, 501])
def test_an_answer_a_retry_cannot_change_stops_at_once(status: int) -> None:
    assert RetryPolicy().wait_before_retry(1, 0.0, _answer(status, retry_after="1")) is None


def test_retry_statuses_say_which_answers_are_retried() -> None:
    policy = RetryPolicy(retry_statuses=frozenset({418}))

    assert policy.wait_before_retry(1, 0.0, _answer(418, retry_after="1")) == 1.0
    assert policy.wait_before_retry(1, 0.0, _answer(503, retry_after="1")) is None


def test_max_attempts_counts_the_first_send() -> None:
    policy = RetryPolicy(max_attempts=3)

    assert policy.wait_before_retry(2, 0.0, _answer(503, retry_after="1")) == 1.0
    assert policy.wait_before_retry(3, 0.0, _answer(503, retry_after="1")) is None
    assert RetryPolicy(max_attempts=1).wait_before_retry(1, 0.0, None) is None


def test_no_wait_may_start_an_attempt_after_the_total_time() -> None:
    policy = RetryPolicy(max_attempts=10, max_total_time=10)

    assert policy.wait_before_retry(1, 6.0, _answer(429, retry_after="4")) == 4.0
    assert policy.wait_before_retry(1, 6.5, _answer(429, retry_after="4")) is None
    assert policy.wait_before_retry(1, 0.0, _answer(429, retry_after="60")) is None


# RetryPolicy.allows_retry_of: which requests may be sent twice.


@pytest.mark.parametrize("method", ["GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE"])
def test_idempotent_requests_may_be_retried(method: str) -> None:
    assert RetryPolicy().allows_retry_of(httpx.Request(method, URL, content=b"{}"))


@pytest.mark.parametrize("method", ["POST", "PATCH"])
def test_post_and_patch_are_not_retried_by_default(method: str) -> None:
    assert not RetryPolicy().allows_retry_of(httpx.Request(method, URL, json={}))


def test_retry_post_opts_post_in_but_not_patch() -> None:
    policy = RetryPolicy(retry_post=True)

    assert policy.allows_retry_of(httpx.Request("POST", URL, json={}))
    assert not policy.allows_retry_of(httpx.Request("PATCH", URL, json={}))


def test_a_streamed_body_is_never_retried() -> None:
    request = httpx.Request("PUT", URL, content=iter([b"{}"]))

    assert not RetryPolicy().allows_retry_of(request)


# Attempts: the state one send() keeps, sync or async.


class FakeClock:
    """Monotonic seconds that move only when a test says so."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_attempts_wait_until_max_attempts_then_stop() -> None:
    clock = FakeClock()
    attempts = Attempts(RetryPolicy(max_attempts=3, clock=clock), _get())

    waits = [attempts.wait_after(_answer(503, retry_after="2")) for _ in range(3)]

    assert waits == [2.0, 2.0, None]


def test_attempts_measure_the_total_time_from_the_first_send() -> None:
    clock = FakeClock()
    clock.now = 100.0  # the clock's zero is not the first send
    attempts = Attempts(RetryPolicy(max_attempts=10, max_total_time=5, clock=clock), _get())

    clock.now += 3  # a slow first answer
    assert attempts.wait_after(_answer(503, retry_after="1")) == 1.0
    clock.now += 1.5  # the wait, then a fast second answer
    assert attempts.wait_after(_answer(503, retry_after="1")) is None


def test_attempts_retry_a_connection_error_like_a_retried_status() -> None:
    attempts = Attempts(RetryPolicy(max_attempts=2, max_delay=0), _get())

    assert attempts.wait_after(httpx.ConnectError("refused")) == 0.0
    assert attempts.wait_after(httpx.ConnectError("refused")) is None


def test_attempts_send_once_without_a_policy_or_for_a_request_it_refuses() -> None:
    no_policy = Attempts(None, _get())
    post = Attempts(RetryPolicy(), httpx.Request("POST", URL, json={}))

    assert no_policy.wait_after(_answer(503, retry_after="1")) is None
    assert post.wait_after(_answer(503, retry_after="1")) is None
    assert post.wait_after(httpx.ReadError("reset")) is None


@pytest.mark.parametrize(
    "unprocessed", [_answer(429, retry_after="1"), httpx.ConnectError("refused")], ids=repr
)
def test_attempts_send_a_post_again_only_when_it_was_not_processed(
    unprocessed: httpx.Response | Exception,
) -> None:
    """A 429 refused the POST, a connection never made never sent it: both safe to repeat."""
    post = Attempts(RetryPolicy(max_delay=0), httpx.Request("POST", URL, json={}))

    assert post.wait_after(unprocessed) is not None
    assert post.wait_after(_answer(503)) is None
    assert post.wait_after(httpx.ConnectTimeout("slow")) is not None
    streamed = Attempts(RetryPolicy(), httpx.Request("POST", URL, content=iter([b"{}"])))
    assert streamed.wait_after(unprocessed) is None  # a streamed body cannot be sent again


def test_attempts_log_each_retry_without_the_headers(caplog: pytest.LogCaptureFixture) -> None:
    request = httpx.Request("GET", URL, headers={"Authorization": "Bearer secret-key"})
    attempts = Attempts(RetryPolicy(max_delay=0), request)

    with caplog.at_level(logging.INFO, logger="spirii_chargebox_client.client"):
        attempts.wait_after(_answer(429, retry_after="2"))
        attempts.wait_after(httpx.ReadError("reset"))

    assert caplog.messages == [
        f"GET {URL}: answered 429; sending again (attempt 2 of 4) in 2.00 s",
        f"GET {URL}: ReadError('reset'); sending again (attempt 3 of 4) in 0.00 s",
    ]
    assert "secret-key" not in caplog.text


# The page walk.


@dataclass
class Page:
    """A page as the generated model has it: items and the next page's cursor."""

    data: list[int]
    next_page_cursor: object = None


@dataclass
class Answer:
    """A generated Response to a page request, as much as the walk reads."""

    parsed: object
    status_code: int = 200
    content: bytes = b"{}"
    headers: dict[str, str] = field(default_factory=dict)
    operation: str = "list_numbers"
    parse_error: Exception | None = None


@dataclass
class Server:
    """Answers page requests from a script keyed by cursor, recording the cursors asked for."""

    pages: dict[str | None, Answer]
    asked: list[str | None] = field(default_factory=list)

    def fetch(self, cursor: str | None) -> Answer:
        self.asked.append(cursor)
        if len(self.asked) > 2 * len(self.pages):
            pytest.fail(f"the walk goes on and on: cursors asked for {self.asked}")
        return self.pages[cursor]

    async def afetch(self, cursor: str | None) -> Answer:
        return self.fetch(cursor)


def _walk(server: Server) -> list[int]:
    return list(walk_pages("list_numbers", Page, server.fetch))


def _awalk(server: Server) -> list[int]:
    async def walk() -> list[int]:
        return [item async for item in awalk_pages("list_numbers", Page, server.afetch)]

    return asyncio.run(walk())


Walker = Callable[[Server], list[int]]


@pytest.fixture(params=[_walk, _awalk], ids=["sync", "async"])
def walk_all(request: pytest.FixtureRequest) -> Walker:
    """walk_pages or awalk_pages, run to the end: the two share PageWalk."""
    walker: Walker = request.param
    return walker


@pytest.mark.parametrize("last_cursor", [None, "", UNSET])
def test_the_walk_follows_cursors_from_the_first_page_to_the_last(
    walk_all: Walker, last_cursor: object
) -> None:
    server = Server(
        {
            None: Answer(Page([1, 2], "c1")),
            "c1": Answer(Page([3], "c2")),
            "c2": Answer(Page([4, 5], last_cursor)),
        }
    )

    assert walk_all(server) == [1, 2, 3, 4, 5]
    assert server.asked == [None, "c1", "c2"]


def test_a_page_that_is_not_a_200_page_ends_the_walk_naming_the_cursor(walk_all: Walker) -> None:
    server = Server({None: Answer(Page([1], "c1")), "c1": Answer(None, 503, b"busy")})

    with pytest.raises(UnexpectedStatus) as failure:
        walk_all(server)

    assert (failure.value.status_code, failure.value.cursor) == (503, "c1")
    assert failure.value.operation == "list_numbers"
    assert str(failure.value) == (
        "list_numbers: the page after cursor 'c1' was answered 503 Service Unavailable: body 'busy'"
    )


@pytest.mark.parametrize(
    ("status", "headers", "error_class"),
    [(429, {"Retry-After": "7"}, RateLimited), (401, {}, AuthError)],
)
def test_a_page_s_error_is_what_unwrap_raises_for_it_with_the_cursor(
    walk_all: Walker, status: int, headers: dict[str, str], error_class: type[SpiriiError]
) -> None:
    """A documented error answer (it parsed) raises its status' class, headers and all."""
    answer = Answer({"error": {}}, status, b'{"message": "no"}', headers)
    server = Server({None: Answer(Page([1], "c1")), "c1": answer})

    with pytest.raises(error_class) as failure:
        walk_all(server)

    assert type(failure.value) is error_class
    assert failure.value.cursor == "c1"
    assert failure.value.headers == headers
    assert failure.value.message == "no"
    assert "the page after cursor 'c1' was answered" in str(failure.value)


def test_a_repeated_cursor_ends_the_walk_after_that_page_s_items() -> None:
    server = Server(
        {
            None: Answer(Page([1], "c1")),
            "c1": Answer(Page([2], "c2")),
            "c2": Answer(Page([3], "c1")),
        }
    )
    items: list[int] = []

    with pytest.raises(RepeatedPageCursor) as failure:
        items.extend(walk_pages("list_numbers", Page, server.fetch))

    assert items == [1, 2, 3]
    assert server.asked == [None, "c1", "c2"]
    assert failure.value.cursor == "c1"
    assert "list_numbers: nextPageCursor 'c1' was sent a second time" in str(failure.value)


def test_both_walks_stop_on_a_repeated_cursor(walk_all: Walker) -> None:
    server = Server({None: Answer(Page([1], "c1")), "c1": Answer(Page([2], "c1"))})

    with pytest.raises(RepeatedPageCursor):
        walk_all(server)


def test_page_walk_reads_a_page_only_from_a_200_that_parsed_as_one() -> None:
    walk = PageWalk("list_numbers", Page)

    assert walk.page_of(Answer(Page([1]))) == Page([1])
    for answer in (Answer(Page([1]), 203), Answer({"data": []}), Answer(None, 200)):
        with pytest.raises(UnexpectedStatus, match="the first page was answered"):
            walk.page_of(answer)


def test_page_walk_state_moves_only_on_follow() -> None:
    walk = PageWalk("list_numbers", Page)
    assert (walk.cursor, walk.finished) == (None, False)

    walk.follow("c1")
    assert (walk.cursor, walk.finished) == ("c1", False)

    walk.follow(None)
    assert (walk.cursor, walk.finished) == ("c1", True)


def test_every_error_a_walk_raises_is_a_spirii_error() -> None:
    error = RepeatedPageCursor(operation="list_numbers", cursor="c1")

    assert isinstance(error, SpiriiError)
    assert error.cursor == "c1"
    assert str(error).startswith("list_numbers: nextPageCursor 'c1' was sent a second time")
