"""What a consumer's code sees when Spirii, or a gateway in front of it, answers something odd:
every answer reaches `_detailed` as a Response, and `unwrap()` turns it into the success model or
a typed error carrying status, headers, body fields and Retry-After.

Odd shapes run through the generated client over httpx.MockTransport; the honest personalities
(NestJS, a textbook RFC 9110 server) over loopback. The runtime's errors
(templates/runtime/errors.py, which the package ships as spirii_chargebox_client.errors) are also
tested on their own here.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Iterator
from http import HTTPStatus
from typing import Any

import httpx
import pytest
from spirii_chargebox_client import AuthenticatedClient, Client, errors
from spirii_chargebox_client.api.chargeboxes import (
    create_charge_box,
    get_charge_box,
    list_charge_boxes,
)
from spirii_chargebox_client.client import DEFAULT_TIMEOUT
from spirii_chargebox_client.errors import (
    AuthError,
    BadRequest,
    Conflict,
    NotFound,
    RateLimited,
    ServerError,
    SpiriiError,
    UnexpectedServerError,
    UnexpectedStatus,
    UnreadableResponse,
)
from spirii_chargebox_client.models import ChargeBox, CreateChargeBoxRequest, ErrorBody
from spirii_chargebox_client.types import UNSET, Response

from drift.framework import nestjs_express
from drift.nestjs_build import unavailable_reason
from drift.personalities import rfc9110
from mock.server import ChargeBoxStore, create_app
from mock.serving import serving

BASE_URL = "http://spirii.test"
KEY = "spirii-test-key"
NEW_CHARGE_BOX = CreateChargeBoxRequest(serial_number="SN-000001", location_id=123, model_id=1234)
NESTJS_400: dict[str, Any] = {
    "statusCode": 400,
    "message": ["serialNumber must be a string", "locationId must not be less than 1"],
    "error": "Bad Request",
}
HTML_500 = b"<html><body><h1>500 Internal Server Error</h1></body></html>"


@pytest.fixture(scope="module")
def charge_box_json() -> dict[str, Any]:
    """A charge box as the bundled mock answers it."""
    store = ChargeBoxStore()
    with serving(create_app(api_key=KEY, store=store)) as url:
        client = AuthenticatedClient(base_url=url, token=KEY)
        answer = client.get_httpx_client().post("/v2/chargeboxes", json=NEW_CHARGE_BOX.to_dict())
    document: dict[str, Any] = answer.json()
    return document


def _client_answering(
    status: int, body: bytes = b"", headers: dict[str, str] | None = None, **options: Any
) -> AuthenticatedClient:
    """A client whose every request is answered `status` with `body` (no retries)."""

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, content=body, headers=headers)

    return AuthenticatedClient(
        base_url=BASE_URL,
        token=KEY,
        retry=None,
        httpx_args={"transport": httpx.MockTransport(answer)},
        **options,
    )


def _json(document: object) -> bytes:
    return json.dumps(document).encode()


def _get(client: AuthenticatedClient) -> Response[ChargeBox | ErrorBody]:
    return get_charge_box.sync_detailed(7, client=client)


# Every answer reaches the consumer: status, headers, raw content, parsed or parse_error.

ODD_ANSWERS: dict[str, tuple[int, bytes, dict[str, str], type[SpiriiError]]] = {
    "nestjs 400": (400, _json(NESTJS_400), {}, BadRequest),
    "html 500": (500, HTML_500, {"Content-Type": "text/html"}, ServerError),
    "plain-text 500": (500, b"Internal Server Error", {"Content-Type": "text/plain"}, ServerError),
    "empty 404": (404, b"", {}, NotFound),
    "json null 404": (404, b"null", {"Content-Type": "application/json"}, NotFound),
    "520 outside HTTPStatus": (520, b"origin error", {}, UnexpectedServerError),
    "undocumented 502": (502, b"<html>Bad Gateway</html>", {}, UnexpectedServerError),
    "429": (
        429,
        _json({"statusCode": 429, "message": "slow down"}),
        {"Retry-After": "7"},
        RateLimited,
    ),
}


@pytest.mark.parametrize(
    ("status", "body", "headers", "error_class"), ODD_ANSWERS.values(), ids=ODD_ANSWERS
)
def test_every_answer_reaches_the_consumer_and_unwraps_to_its_typed_error(
    status: int, body: bytes, headers: dict[str, str], error_class: type[SpiriiError]
) -> None:
    response = _get(_client_answering(status, body, headers))

    assert response.status_code == status
    assert isinstance(response.status_code, int)
    assert response.content == body
    assert response.operation == "get_charge_box"
    if response.parsed is None:
        # Undocumented (nothing tried) or documented but unreadable (the failure is kept).
        assert response.parse_error is not None or status in {502, 520}
    with pytest.raises(error_class) as raised:
        response.unwrap()
    error = raised.value
    assert type(error) is error_class
    assert (error.status_code, error.content, error.operation) == (status, body, "get_charge_box")
    assert "object at 0x" not in repr(error)
    assert str(status) in str(error)
    assert str(error).startswith("get_charge_box: answered")


def test_a_known_status_keeps_its_phrase_and_an_unknown_one_is_a_plain_int() -> None:
    known = _get(_client_answering(404))
    unknown = _get(_client_answering(520, b"origin error"))

    assert known.status_code is HTTPStatus.NOT_FOUND
    assert known.status_code.phrase == "Not Found"
    assert unknown.status_code == 520
    assert not isinstance(unknown.status_code, HTTPStatus)
    assert unknown.parsed is None
    assert unknown.parse_error is None


def test_a_nestjs_400_carries_every_message() -> None:
    response = _get(_client_answering(400, _json(NESTJS_400)))

    assert isinstance(response.parsed, ErrorBody)
    with pytest.raises(BadRequest) as raised:
        response.unwrap()
    assert raised.value.messages == tuple(NESTJS_400["message"])
    assert raised.value.message == (
        "serialNumber must be a string; locationId must not be less than 1"
    )
    assert str(raised.value) == (
        "get_charge_box: answered 400 Bad Request: serialNumber must be a string; "
        "locationId must not be less than 1"
    )


def test_the_error_guide_s_fields_and_request_id_reach_the_error() -> None:
    body = {
        "error": {
            "type": "invalid_request",
            "code": "chargebox_identity_taken",
            "message": "DK.SPI.000001 exists",
            "param": "chargeBoxIdentity",
            "request_id": "req_123",
        }
    }
    client = _client_answering(409, _json(body))
    response = create_charge_box.sync_detailed(client=client, body=NEW_CHARGE_BOX)

    with pytest.raises(Conflict) as raised:
        response.unwrap()
    error = raised.value
    assert (error.code, error.message, error.param, error.request_id) == (
        "chargebox_identity_taken",
        "DK.SPI.000001 exists",
        "chargeBoxIdentity",
        "req_123",
    )
    assert repr(error) == (
        "Conflict(operation='create_charge_box', status_code=409, "
        "code='chargebox_identity_taken', message='DK.SPI.000001 exists', request_id='req_123')"
    )


def test_a_request_id_header_is_kept_when_the_body_has_none() -> None:
    response = _get(_client_answering(500, HTML_500, {"X-Request-Id": "abc-1"}))

    with pytest.raises(ServerError) as raised:
        response.unwrap()
    assert raised.value.request_id == "abc-1"
    assert raised.value.headers["x-request-id"] == "abc-1"
    assert raised.value.message is None
    assert "<html>" in str(raised.value)


def test_a_429_says_how_long_to_wait() -> None:
    response = _get(_client_answering(429, b"", {"Retry-After": "7"}))

    with pytest.raises(RateLimited) as raised:
        response.unwrap()
    assert raised.value.retry_after == 7.0
    assert "retry after 7 s" in str(raised.value)


def test_an_undocumented_gateway_error_is_both_unexpected_and_a_server_error() -> None:
    with pytest.raises(SpiriiError) as raised:
        _get(_client_answering(502, b"Bad Gateway")).unwrap()

    assert isinstance(raised.value, ServerError)
    assert isinstance(raised.value, UnexpectedStatus)


def test_sync_returns_none_for_an_undocumented_status_and_unwrap_raises() -> None:
    # 200 where create documents 201: sync's None is what the docstring promises.
    client = _client_answering(200, b"{}")

    assert create_charge_box.sync(client=client, body=NEW_CHARGE_BOX) is None
    with pytest.raises(UnexpectedStatus) as raised:
        create_charge_box.sync_detailed(client=client, body=NEW_CHARGE_BOX).unwrap()
    assert type(raised.value) is UnexpectedStatus
    assert raised.value.status_code == 200


def test_raise_on_unexpected_status_raises_the_typed_error_with_headers() -> None:
    client = _client_answering(
        503, b"maintenance", {"Retry-After": "30"}, raise_on_unexpected_status=True
    )

    with pytest.raises(UnexpectedStatus) as raised:
        _get(client)
    assert isinstance(raised.value, ServerError)
    assert raised.value.retry_after == 30.0
    assert raised.value.headers["retry-after"] == "30"


def test_a_success_body_that_cannot_be_read_is_kept_and_named_on_unwrap(
    charge_box_json: dict[str, Any],
) -> None:
    broken = {**charge_box_json, "evses": [{**charge_box_json["evses"][0], "status": "Melting"}]}
    client = _client_answering(200, _json(broken))

    response = _get(client)
    assert response.parsed is None
    assert isinstance(response.parse_error, ValueError)
    with pytest.raises(UnreadableResponse) as raised:
        response.unwrap()
    error = raised.value
    assert error.operation == "get_charge_box"
    assert error.status_code == 200
    assert error.error is response.parse_error
    assert error.__cause__ is response.parse_error
    assert error.path.startswith("$")
    assert str(error).startswith(
        f"get_charge_box: the 200 OK answer could not be read at {error.path}"
    )
    # sync cannot return the model: it raises the same error, still a ValueError as before.
    with pytest.raises(ValueError, match="could not be read"):
        get_charge_box.sync(7, client=client)


def test_a_success_body_that_is_not_json_is_unreadable_at_the_root() -> None:
    with pytest.raises(UnreadableResponse) as raised:
        _get(_client_answering(200, b"<html>login</html>")).unwrap()
    assert raised.value.path == "$"


def test_a_parse_failure_s_path_names_the_field() -> None:
    class FieldFailure(ValueError):
        path = "$.evses[0].status"

    answer: Response[ChargeBox] = Response(
        status_code=200,
        content=b"{}",
        headers={},
        parsed=None,
        parse_error=FieldFailure("'Melting' is not a valid EvseStatus"),
        operation="get_charge_box",
    )
    with pytest.raises(UnreadableResponse) as raised:
        answer.unwrap()
    assert raised.value.path == "$.evses[0].status"
    assert "at $.evses[0].status: FieldFailure: 'Melting'" in str(raised.value)


def test_sync_raises_the_typed_error_for_an_error_body_it_cannot_read() -> None:
    with pytest.raises(NotFound):
        get_charge_box.sync(7, client=_client_answering(404))


def test_sync_still_returns_the_error_model_for_a_readable_error_body() -> None:
    parsed = get_charge_box.sync(7, client=_client_answering(400, _json(NESTJS_400)))

    assert isinstance(parsed, ErrorBody)
    assert parsed.message == NESTJS_400["message"]


def test_unwrap_returns_the_success_model(charge_box_json: dict[str, Any]) -> None:
    box = _get(_client_answering(200, _json(charge_box_json))).unwrap()

    assert isinstance(box, ChargeBox)
    assert box.serial_number == "SN-000001"


def test_the_async_variant_reaches_the_consumer_too() -> None:
    client = _client_answering(500, HTML_500)

    response = asyncio.run(get_charge_box.asyncio_detailed(7, client=client))
    assert response.status_code == 500
    with pytest.raises(ServerError):
        response.unwrap()
    with pytest.raises(ServerError):
        asyncio.run(get_charge_box.asyncio(7, client=client))


def test_a_list_answered_with_an_empty_403_is_an_auth_error() -> None:
    response = list_charge_boxes.sync_detailed(client=_client_answering(403))

    with pytest.raises(AuthError):
        response.unwrap()


def test_the_old_unexpected_status_constructor_still_works() -> None:
    error = UnexpectedStatus(418, b"teapot")

    assert isinstance(error, SpiriiError)
    assert (error.status_code, error.content, error.headers) == (418, b"teapot", {})
    assert str(error) == "answered 418 I'm a Teapot: body 'teapot'"


def test_unset_has_a_readable_repr() -> None:
    assert repr(UNSET) == "UNSET"
    assert "object at 0x" not in repr(ErrorBody())


# The honest personalities: what their error answers unwrap to.

PERSONALITIES: dict[str, Callable[[str, ChargeBoxStore], Any]] = {
    "rfc9110": rfc9110,
    # The vendor's real framework, where node runs (drift/framework.py).
    **({} if unavailable_reason() else {"nestjs_express": nestjs_express}),
}


@pytest.fixture(params=PERSONALITIES, scope="module")
def personality_url(request: pytest.FixtureRequest) -> Iterator[str]:
    with serving(PERSONALITIES[request.param](KEY, ChargeBoxStore())) as url:
        yield url


def test_a_personality_s_400_is_a_bad_request_naming_the_field(personality_url: str) -> None:
    client = AuthenticatedClient(base_url=personality_url, token=KEY)
    invalid = CreateChargeBoxRequest(serial_number="SN-1", location_id=0, model_id=1234)

    with pytest.raises(BadRequest) as raised:
        create_charge_box.sync_detailed(client=client, body=invalid).unwrap()
    assert raised.value.status_code == 400
    assert any("locationId" in message for message in raised.value.messages)


def test_a_personality_s_refused_key_is_an_auth_error(personality_url: str) -> None:
    client = AuthenticatedClient(base_url=personality_url, token="not-the-key")

    with pytest.raises(AuthError) as raised:
        get_charge_box.sync_detailed(7, client=client).unwrap()
    assert raised.value.status_code in {401, 403}
    assert raised.value.message


def test_a_personality_s_404_is_not_found(personality_url: str) -> None:
    client = AuthenticatedClient(base_url=personality_url, token=KEY)

    with pytest.raises(NotFound) as raised:
        get_charge_box.sync_detailed(987654, client=client).unwrap()
    assert raised.value.message
    assert "987654" in raised.value.message


def test_a_personality_s_created_charge_box_unwraps(personality_url: str) -> None:
    client = AuthenticatedClient(base_url=personality_url, token=KEY)

    created = create_charge_box.sync_detailed(client=client, body=NEW_CHARGE_BOX).unwrap()
    assert get_charge_box.sync_detailed(created.id, client=client).unwrap().id == created.id


# Timeouts and the with_... builders.


def test_the_default_timeout_is_finite() -> None:
    timeout = Client(base_url=BASE_URL).get_httpx_client().timeout

    assert timeout == DEFAULT_TIMEOUT == httpx.Timeout(30.0, connect=10.0)


def test_a_timeout_may_be_a_number_of_seconds_or_none() -> None:
    assert Client(base_url=BASE_URL, timeout=5).get_httpx_client().timeout == httpx.Timeout(5)
    assert Client(base_url=BASE_URL, timeout=None).get_httpx_client().timeout == httpx.Timeout(None)


def test_with_builders_leave_the_original_client_as_it_was() -> None:
    original = AuthenticatedClient(base_url=BASE_URL, token=KEY)
    httpx_client = original.get_httpx_client()
    async_client = original.get_async_httpx_client()
    before = (dict(httpx_client.headers), dict(httpx_client.cookies), httpx_client.timeout)

    tuned = original.with_headers({"X-Tenant": "a"}).with_cookies({"c": "1"}).with_timeout(2.5)

    assert (dict(httpx_client.headers), dict(httpx_client.cookies), httpx_client.timeout) == before
    assert "x-tenant" not in async_client.headers
    assert original.get_httpx_client() is httpx_client
    built = tuned.get_httpx_client()
    assert built is not httpx_client
    assert built.headers["X-Tenant"] == "a"
    assert built.headers["Authorization"] == f"Bearer {KEY}"
    assert built.cookies["c"] == "1"
    assert built.timeout == httpx.Timeout(2.5)


# errors.py on its own (templates/runtime/errors.py).


@pytest.mark.parametrize(
    ("status", "documented", "error_class"),
    [
        (400, True, errors.BadRequest),
        (422, True, errors.BadRequest),
        (401, True, errors.AuthError),
        (403, True, errors.AuthError),
        (404, True, errors.NotFound),
        (409, True, errors.Conflict),
        (429, True, errors.RateLimited),
        (500, True, errors.ServerError),
        (404, False, errors.UnexpectedNotFound),
        (503, False, errors.UnexpectedServerError),
        (418, False, errors.UnexpectedStatus),
        (302, False, errors.UnexpectedStatus),
    ],
)
def test_error_for_picks_the_class_by_status_and_documentation(
    status: int, documented: bool, error_class: type[errors.SpiriiError]
) -> None:
    answer: Response[ErrorBody] = Response(
        status_code=status,
        content=b"",
        headers={},
        parsed=ErrorBody() if documented else None,
        operation="get_charge_box",
    )

    assert type(errors.error_for(answer)) is error_class


@pytest.mark.parametrize(
    ("body", "messages"),
    [
        (b'{"message": "one"}', ("one",)),
        (b'{"message": ["one", "two"]}', ("one", "two")),
        (b'{"error": {"message": "guide"}}', ("guide",)),
        (b'{"title": "Not Found", "detail": "id: no charge box 7"}', ("id: no charge box 7",)),
        (b'{"detail": "a; b", "errors": [{"detail": "a"}, {"detail": "b"}]}', ("a", "b")),
        (b'{"title": "Bad Request"}', ("Bad Request",)),
        (b"[1, 2]", ()),
        (b"\xff\xfe", ()),
        (b"", ()),
    ],
)
def test_messages_are_read_from_each_known_error_shape(
    body: bytes, messages: tuple[str, ...]
) -> None:
    error = errors.SpiriiError(status_code=400, content=body)

    assert error.messages == messages
    assert error.message == ("; ".join(messages) if messages else None)


def test_retry_after_as_a_date_is_read_as_seconds_from_now() -> None:
    error = errors.SpiriiError(
        status_code=429, headers={"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"}
    )

    assert error.retry_after == 0.0
