"""A walk across pages raises exactly what `unwrap()` raises for the same answer, with where it
stopped (issue 17, 2), and everything the client raises, walks and no answer included, is a
SpiriiError, while `except httpx.TransportError` keeps working (issue 17, 3).

Pages are answered by httpx.MockTransport scripts through the generated client; refused
connections and timeouts over real loopback sockets.
"""

from __future__ import annotations

import asyncio
import inspect
import json
import socket
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from spirii_chargebox_client import AuthenticatedClient, errors
from spirii_chargebox_client.api.chargeboxes import (
    aiter_charge_boxes,
    get_charge_box,
    iter_charge_box_pages,
    iter_charge_boxes,
    list_charge_boxes,
)
from spirii_chargebox_client.errors import (
    AuthError,
    NoAnswer,
    RateLimited,
    RepeatedPageCursor,
    ServerError,
    SpiriiError,
    UnreadablePage,
    UnreadablePageItem,
    UnreadableResponse,
)

from spec import load_spec

KEY = "walk-key"


def _charge_box(charge_box_id: int) -> dict[str, Any]:
    value: dict[str, Any] = load_spec()["components"]["examples"]["VendorChargeBox"]["value"]
    copy: dict[str, Any] = json.loads(json.dumps(value))
    return copy | {"id": charge_box_id}


def _page(ids: list[int], next_cursor: str | None) -> httpx.Response:
    boxes = [_charge_box(charge_box_id) for charge_box_id in ids]
    return httpx.Response(200, json={"data": boxes, "nextPageCursor": next_cursor})


def _client(answer: Callable[[httpx.Request], httpx.Response]) -> AuthenticatedClient:
    return AuthenticatedClient(
        base_url="http://spirii.test",
        token=KEY,
        retry=None,
        httpx_args={"transport": httpx.MockTransport(answer)},
    )


def _second_page_answers(
    failure: Callable[[], httpx.Response],
) -> Callable[[httpx.Request], httpx.Response]:
    """The first page, then `failure()` for the page after cursor "c1"."""

    def answer(request: httpx.Request) -> httpx.Response:
        return _page([1, 2], "c1") if "nextPageCursor" not in request.url.params else failure()

    return answer


# Built afresh for each request: an httpx.Response is read once.
FAILED_PAGES: dict[str, Callable[[], httpx.Response]] = {
    "429 with Retry-After": lambda: httpx.Response(
        429, json={"statusCode": 429, "message": "slow down"}, headers={"Retry-After": "7"}
    ),
    "401": lambda: httpx.Response(401, json={"statusCode": 401, "message": "Unauthorized"}),
    "403 empty": lambda: httpx.Response(403),
    "503 html": lambda: httpx.Response(
        503, content=b"<html>busy</html>", headers={"X-Request-Id": "r-9"}
    ),
    "502 gateway (undocumented)": lambda: httpx.Response(502, content=b"Bad Gateway"),
    "404 empty": lambda: httpx.Response(404, content=b"Not Found"),
}


@pytest.mark.parametrize("failure", FAILED_PAGES.values(), ids=FAILED_PAGES)
def test_a_walk_raises_exactly_what_unwrap_raises_for_the_same_answer(
    failure: Callable[[], httpx.Response],
) -> None:
    client = _client(_second_page_answers(failure))
    with pytest.raises(SpiriiError) as unwrapped:
        list_charge_boxes.sync_detailed(client=client, next_page_cursor="c1").unwrap()

    seen: list[int] = []
    with pytest.raises(SpiriiError) as walked:
        seen.extend(box.id for box in iter_charge_boxes(client=client))

    assert seen == [1, 2]
    expected, error = unwrapped.value, walked.value
    assert type(error) is type(expected)
    for attribute in ("status_code", "headers", "content", "message", "request_id", "retry_after"):
        assert getattr(error, attribute) == getattr(expected, attribute), attribute
    assert error.cursor == "c1"
    assert error.page == "the page after cursor 'c1'"
    assert str(error).startswith("list_charge_boxes: the page after cursor 'c1' was answered")


def test_a_rate_limited_page_says_how_long_to_wait_and_where_to_resume() -> None:
    client = _client(_second_page_answers(FAILED_PAGES["429 with Retry-After"]))

    with pytest.raises(RateLimited) as failure:
        list(iter_charge_boxes(client=client))

    assert failure.value.retry_after == 7.0
    assert failure.value.headers["Retry-After"] == "7"
    assert "retry after 7 s" in str(failure.value)
    resumed = _client(lambda request: _page([3], None))
    assert [box.id for box in iter_charge_boxes(client=resumed, cursor=failure.value.cursor)] == [3]


def test_a_refused_key_on_the_first_page_is_an_auth_error_at_the_first_page() -> None:
    client = _client(lambda request: FAILED_PAGES["401"]())

    with pytest.raises(AuthError) as failure:
        next(iter_charge_box_pages(client=client))

    assert failure.value.cursor is None
    assert str(failure.value).startswith("list_charge_boxes: the first page was answered 401")


def test_the_async_walk_raises_the_same_typed_error() -> None:
    client = _client(_second_page_answers(FAILED_PAGES["503 html"]))

    async def walk() -> list[int]:
        return [box.id async for box in aiter_charge_boxes(client=client)]

    with pytest.raises(ServerError) as failure:
        asyncio.run(walk())
    assert (failure.value.cursor, failure.value.request_id) == ("c1", "r-9")


# One base for everything the client raises.


def _exception_classes() -> list[type[BaseException]]:
    return [
        value
        for name in errors.__all__
        if inspect.isclass(value := getattr(errors, name)) and issubclass(value, BaseException)
    ]


@pytest.mark.parametrize("error_class", _exception_classes(), ids=lambda c: c.__name__)
def test_every_error_class_the_client_exports_is_a_spirii_error(
    error_class: type[BaseException],
) -> None:
    assert issubclass(error_class, SpiriiError)


def test_the_walk_s_own_errors_are_spirii_errors_and_unreadable_responses() -> None:
    assert issubclass(RepeatedPageCursor, SpiriiError)
    assert issubclass(UnreadablePage, UnreadableResponse)
    assert issubclass(UnreadablePageItem, UnreadableResponse)
    odd = _charge_box(2) | {"isOnline": "no"}
    client = _client(
        lambda request: httpx.Response(
            200, json={"data": [_charge_box(1), odd], "nextPageCursor": None}
        )
    )
    with pytest.raises(SpiriiError) as failure:
        list(iter_charge_boxes(client=client))
    assert isinstance(failure.value, UnreadablePageItem)
    assert failure.value.status_code == 200


@pytest.fixture
def closed_port() -> int:
    """A loopback port nothing listens on."""
    with socket.create_server(("127.0.0.1", 0)) as probe:
        port: int = probe.getsockname()[1]
    return port


def test_a_refused_connection_is_a_spirii_error_and_still_the_httpx_error(
    closed_port: int,
) -> None:
    client = AuthenticatedClient(base_url=f"http://127.0.0.1:{closed_port}", token=KEY, retry=None)

    with pytest.raises(SpiriiError) as failure:
        get_charge_box.sync_detailed(7, client=client)

    error = failure.value
    assert isinstance(error, NoAnswer)
    assert isinstance(error, httpx.ConnectError)
    assert isinstance(error, httpx.TransportError)
    assert type(error).__name__ == "ConnectError"
    assert error.operation == "get_charge_box"
    assert error.status_code == 0
    assert isinstance(error.__cause__, httpx.ConnectError)
    assert str(error).startswith(
        f"get_charge_box: no answer to GET http://127.0.0.1:{closed_port}/v2/chargeboxes/7: "
        "ConnectError: "
    )
    assert error.request.url.path == "/v2/chargeboxes/7"


def test_except_httpx_transport_error_keeps_catching_no_answer(closed_port: int) -> None:
    client = AuthenticatedClient(base_url=f"http://127.0.0.1:{closed_port}", token=KEY, retry=None)

    with pytest.raises(httpx.TransportError):
        get_charge_box.sync_detailed(7, client=client)


def test_a_timeout_is_a_no_answer_and_an_httpx_timeout() -> None:
    def slow(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("timed out", request=request)

    with pytest.raises(httpx.TimeoutException) as failure:
        get_charge_box.sync_detailed(7, client=_client(slow))

    assert isinstance(failure.value, NoAnswer)
    assert isinstance(failure.value, httpx.ReadTimeout)


def test_a_walk_without_an_answer_raises_no_answer(closed_port: int) -> None:
    client = AuthenticatedClient(base_url=f"http://127.0.0.1:{closed_port}", token=KEY, retry=None)

    async def walk() -> list[int]:
        async with client:
            return [box.id async for box in aiter_charge_boxes(client=client)]

    with pytest.raises(NoAnswer):
        list(iter_charge_boxes(client=client))
    with pytest.raises(httpx.ConnectError):
        asyncio.run(walk())


def test_the_readme_catch_all_catches_every_failure_of_a_walk(closed_port: int) -> None:
    """What the package README's catch-all promises: one `except SpiriiError`."""
    failures: list[Callable[[], object]] = [
        lambda: list(iter_charge_boxes(client=_client(lambda r: FAILED_PAGES["401"]()))),
        lambda: list(iter_charge_boxes(client=_client(lambda r: _page([1], "c0")), cursor="c0")),
        lambda: list(iter_charge_boxes(client=_client(lambda r: httpx.Response(200)))),
        lambda: list(
            iter_charge_boxes(
                client=AuthenticatedClient(
                    base_url=f"http://127.0.0.1:{closed_port}", token=KEY, retry=None
                )
            )
        ),
        lambda: get_charge_box.sync_detailed(
            1, client=_client(lambda r: FAILED_PAGES["404 empty"]())
        ).unwrap(),
    ]
    caught: list[str] = []
    for failure in failures:
        try:
            failure()
        except SpiriiError as error:
            caught.append(type(error).__name__)

    assert caught == [
        "AuthError",
        "RepeatedPageCursor",
        "UnreadablePage",
        "ConnectError",
        "NotFound",
    ]
