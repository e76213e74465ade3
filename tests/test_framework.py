"""The real NestJS app (drift/framework.py, drift/nestjs/) on Express and on Fastify: what the
framework itself answers, recorded here as facts, and charge boxes that are openapi.yaml's.

Each expectation below was read off the running framework, not derived from its documentation:
when a version bump changes one, the framework is right and the fact is updated.
"""

from __future__ import annotations

import base64
import contextlib
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from spirii_chargebox_client import AuthenticatedClient
from spirii_chargebox_client.api.chargeboxes import get_charge_box
from spirii_chargebox_client.models import ChargeBox
from starlette.types import ASGIApp

from drift.account import SparseIdStore, populate
from drift.framework import (
    ADAPTERS,
    REAL_NESTJS,
    NestJSProxy,
    real_nestjs,
    stop_node,
)
from drift.nestjs_build import ensure_built, unavailable_reason
from drift.rewriting import RequestHeaders, Rewriting
from mock.server import ChargeBoxStore, chargebox_json, models_json
from mock.serving import serving
from spec import component_validator

pytestmark = pytest.mark.skipif(
    unavailable_reason() is not None, reason=unavailable_reason() or "node is available"
)

KEY = "framework-test-key"
AUTH = {"Authorization": f"Bearer {KEY}"}
JSON = {"Content-Type": "application/json"}
LIST = "/v2/chargeboxes"
VALID = {"serialNumber": "SN-000001", "locationId": 123, "modelId": 1234}
NEST_JSON = "application/json; charset=utf-8"
# class-validator's messages for `{}`: properties in declaration order, each property's rules
# from the decorator nearest to it outwards.
EMPTY_BODY_MESSAGES = [
    "serialNumber should not be empty",
    "serialNumber must be a string",
    "locationId must not be greater than 9007199254740991",
    "locationId must not be less than 1",
    "locationId must be an integer number",
    "modelId must not be greater than 9007199254740991",
    "modelId must not be less than 1",
    "modelId must be an integer number",
]
# The request body limits of the adapters' body parsers, as Nest leaves them.
BODY_LIMIT = {"express": 100 * 1024, "fastify": 1024 * 1024}
TOO_LARGE = {
    "express": {"statusCode": 413, "message": "request entity too large"},
    "fastify": {"statusCode": 413, "message": "Request body is too large"},
}
MALFORMED_JSON = {
    "express": {
        "message": "Unexpected end of JSON input",
        "error": "Bad Request",
        "statusCode": 400,
    },
    "fastify": {
        "statusCode": 400,
        "message": "Body is not valid JSON but content-type is set to 'application/json'",
    },
}


@pytest.fixture(scope="module", params=ADAPTERS)
def adapter(request: pytest.FixtureRequest) -> str:
    """Each test runs on both adapters; the module's apps are built once."""
    ensure_built()
    name: str = request.param
    return name


@contextlib.contextmanager
def _serving(app: ASGIApp) -> Iterator[httpx.Client]:
    """A client of the real app behind mock.serving's uvicorn; node stopped afterwards."""
    assert isinstance(app, NestJSProxy)
    try:
        with serving(app) as url, httpx.Client(base_url=url, timeout=30) as client:
            yield client
    finally:
        app.stop()


@pytest.fixture(scope="module")
def client(adapter: str) -> Iterator[httpx.Client]:
    """The app on `adapter`, empty at first, shared by the module's tests of that adapter."""
    with _serving(REAL_NESTJS[f"nestjs_{adapter}"](KEY, ChargeBoxStore())) as client:
        yield client


def _nest_error(answer: httpx.Response, status: int) -> dict[str, Any]:
    """A NestJS error answer, once its status and media type are Nest's and the spec's `Error`
    accepts its body."""
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"] == NEST_JSON
    body: dict[str, Any] = answer.json()
    component_validator("Error").validate(body)
    return body


def _created(client: httpx.Client, **fields: Any) -> dict[str, Any]:
    answer = client.post(LIST, json=VALID | fields, headers=AUTH)
    assert answer.status_code == 201, answer.text
    chargebox: dict[str, Any] = answer.json()
    return chargebox


def _json_of_size(size: int) -> bytes:
    body = b'{"x":"' + b"a" * (size - 8) + b'"}'
    assert len(body) == size
    return body


def test_a_runs_node_stops_through_the_wrappers_around_it() -> None:
    proxy = NestJSProxy("express", KEY, ChargeBoxStore())
    wrapped = RequestHeaders(Rewriting(proxy, None, []), lambda headers: headers)
    node = proxy.start()
    assert node.process.poll() is None

    stop_node(wrapped)

    assert node.process.wait(timeout=10) is not None
    stop_node(ChargeBoxStore())  # a server without node: nothing to stop


# --- what the framework answers ---------------------------------------------------------------


def test_a_body_failing_validation_is_400_with_one_message_per_broken_rule(
    client: httpx.Client,
) -> None:
    body = _nest_error(client.post(LIST, json={}, headers=AUTH), 400)

    assert body == {"message": EMPTY_BODY_MESSAGES, "error": "Bad Request", "statusCode": 400}


@pytest.mark.parametrize("method", ["PUT", "PATCH", "TRACE"])
def test_a_method_without_a_route_is_404_naming_it(client: httpx.Client, method: str) -> None:
    body = _nest_error(client.request(method, LIST, headers=AUTH), 404)

    assert body == {"message": f"Cannot {method} {LIST}", "error": "Not Found", "statusCode": 404}


def test_the_404_repeats_the_request_target_query_included(client: httpx.Client) -> None:
    body = _nest_error(client.put(f"{LIST}/1?limit=%207", headers=AUTH), 404)

    assert body["message"] == f"Cannot PUT {LIST}/1?limit=%207"


def test_options_is_an_unrouted_method_404_without_allow(client: httpx.Client) -> None:
    answer = client.options(LIST, headers=AUTH)

    assert _nest_error(answer, 404)["message"] == f"Cannot OPTIONS {LIST}"
    assert "allow" not in answer.headers


def test_head_is_answered_by_the_get_route_without_a_body(client: httpx.Client) -> None:
    fetched = client.get(f"{LIST}/models", headers=AUTH)
    answer = client.head(f"{LIST}/models", headers=AUTH)

    assert (answer.status_code, answer.content) == (200, b"")
    assert answer.headers["content-type"] == NEST_JSON
    assert answer.headers["content-length"] == str(len(fetched.content))


def test_head_passes_the_guard_too(client: httpx.Client) -> None:
    answer = client.head(f"{LIST}/models")

    assert (answer.status_code, answer.content) == (403, b"")


def test_no_key_is_the_guards_403(client: httpx.Client) -> None:
    body = _nest_error(client.get(LIST), 403)

    assert body == {"message": "Forbidden resource", "error": "Forbidden", "statusCode": 403}


@pytest.mark.parametrize("header", ["Bearer not-the-key", f"Basic {KEY}", "Bearer", ""])
def test_a_wrong_key_is_401_without_a_challenge(client: httpx.Client, header: str) -> None:
    answer = client.get(LIST, headers={"Authorization": header})

    assert _nest_error(answer, 401) == {"message": "Unauthorized", "statusCode": 401}
    assert "www-authenticate" not in answer.headers


@pytest.mark.parametrize("chargebox_id", ["abc", "1.5", "-"])
def test_parse_int_pipe_refuses_what_is_not_a_whole_number(
    client: httpx.Client, chargebox_id: str
) -> None:
    body = _nest_error(client.get(f"{LIST}/{chargebox_id}", headers=AUTH), 400)

    assert body == {
        "message": "Validation failed (numeric string is expected)",
        "error": "Bad Request",
        "statusCode": 400,
    }


@pytest.mark.parametrize(
    ("chargebox_id", "seen_as"),
    [("1e3", 1000), ("0x10", 16), ("%20", 0), ("9007199254740993", 9007199254740992)],
)
def test_the_global_validation_pipe_makes_the_id_a_number_before_parse_int_pipe(
    client: httpx.Client, chargebox_id: str, seen_as: int
) -> None:
    # ValidationPipe({transform: true}) runs first and converts a `number` path parameter with
    # JavaScript's unary plus; ParseIntPipe then checks the number's digits, not the text sent.
    # Past 2^53 the id is a double, rounded.
    body = _nest_error(client.get(f"{LIST}/{chargebox_id}", headers=AUTH), 404)

    assert body["message"] == f"Charge box {seen_as} not found"


def test_malformed_json_is_400_from_the_body_parser_before_the_guard(
    client: httpx.Client, adapter: str
) -> None:
    answer = client.post(LIST, content=b'{"serialNumber":', headers=JSON)  # no key

    assert _nest_error(answer, 400) == MALFORMED_JSON[adapter]


def test_an_empty_json_body_is_400(client: httpx.Client, adapter: str) -> None:
    body = _nest_error(client.post(LIST, content=b"", headers=AUTH | JSON), 400)

    if adapter == "fastify":
        message = "Body cannot be empty when content-type is set to 'application/json'"
        assert body == {"statusCode": 400, "message": message}
    else:  # body-parser reads an empty JSON body as {}: the DTO's validation answers
        assert body["message"] == EMPTY_BODY_MESSAGES


def test_a_body_past_the_parsers_limit_is_413(client: httpx.Client, adapter: str) -> None:
    limit = BODY_LIMIT[adapter]
    headers = AUTH | JSON

    at_limit = client.post(LIST, content=_json_of_size(limit), headers=headers)
    past_limit = client.post(LIST, content=_json_of_size(limit + 1), headers=headers)

    assert _nest_error(at_limit, 400)["message"] == EMPTY_BODY_MESSAGES
    assert _nest_error(past_limit, 413) == TOO_LARGE[adapter]


def test_a_body_no_parser_reads_is_ignored_by_express_and_415_on_fastify(
    client: httpx.Client, adapter: str
) -> None:
    xml = {"Content-Type": "application/xml"}

    with_key = client.post(LIST, content=b"<chargebox/>", headers=AUTH | xml)
    without_key = client.post(LIST, content=b"<chargebox/>", headers=xml)

    if adapter == "fastify":  # its content-type parsers run before Nest's guard
        unsupported = {"statusCode": 415, "message": "Unsupported Media Type"}
        assert _nest_error(with_key, 415) == unsupported
        assert _nest_error(without_key, 415) == unsupported
    else:  # no parser claims it: the DTO sees no body at all
        assert _nest_error(with_key, 400)["message"] == EMPTY_BODY_MESSAGES
        assert _nest_error(without_key, 403)["message"] == "Forbidden resource"


@pytest.mark.parametrize("path", ["/V2/chargeboxes/models", f"{LIST}/models/"])
def test_express_routes_ignore_case_and_a_trailing_slash_fastify_does_not(
    client: httpx.Client, adapter: str, path: str
) -> None:
    answer = client.get(path, headers=AUTH)

    if adapter == "fastify":
        assert _nest_error(answer, 404)["message"] == f"Cannot GET {path}"
    else:
        assert (answer.status_code, answer.json()) == (200, models_json())


def test_a_path_that_does_not_percent_decode_is_400(client: httpx.Client, adapter: str) -> None:
    body = _nest_error(client.get(f"{LIST}/%zz", headers=AUTH), 400)

    if adapter == "fastify":  # Fastify's own error, with its code
        assert body == {
            "statusCode": 400,
            "code": "FST_ERR_BAD_URL",
            "error": "Bad Request",
            "message": "'/v2/chargeboxes/%zz' is not a valid url component",
        }
    else:
        assert body == {
            "message": "Failed to decode param '%zz'",
            "error": "Bad Request",
            "statusCode": 400,
        }


def test_a_method_node_does_not_know_is_400_before_nest(client: httpx.Client, adapter: str) -> None:
    answer = client.request("FOO", LIST, headers=AUTH)

    assert answer.status_code == 400
    if adapter == "fastify":  # Fastify answers the parser's error itself
        expected = {"error": "Bad Request", "message": "Client Error", "statusCode": 400}
        assert answer.json() == expected
    else:  # Node's own answer: no body at all
        assert answer.content == b""


def test_delete_returning_nothing_is_200_with_an_empty_body(client: httpx.Client) -> None:
    chargebox = _created(client)

    answer = client.delete(f"{LIST}/{chargebox['id']}", headers=AUTH)

    assert (answer.status_code, answer.content) == (200, b"")
    assert answer.headers["content-length"] == "0"
    assert "content-type" not in answer.headers


def test_delete_of_an_unknown_id_is_404(client: httpx.Client) -> None:
    body = _nest_error(client.delete(f"{LIST}/999999", headers=AUTH), 404)

    assert body == {
        "message": "Charge box 999999 not found",
        "error": "Not Found",
        "statusCode": 404,
    }


def test_the_throttler_announces_the_limit_and_seconds_until_reset(client: httpx.Client) -> None:
    first = client.get(f"{LIST}/models", headers=AUTH)
    second = client.get(f"{LIST}/models", headers=AUTH)

    assert first.headers["x-ratelimit-limit"] == "100000"
    remaining = int(first.headers["x-ratelimit-remaining"])
    assert int(second.headers["x-ratelimit-remaining"]) == remaining - 1
    # Seconds until the window ends (the TTL, 60 s, rounded up), not a Unix time.
    assert 0 < int(first.headers["x-ratelimit-reset"]) <= 60


@pytest.fixture(scope="module")
def throttled(adapter: str) -> Iterator[httpx.Client]:
    """The app on `adapter` allowing two requests a minute from one client to one route."""
    personality = real_nestjs(adapter, throttle_limit=2, throttle_ttl_seconds=60)
    with _serving(personality(KEY, ChargeBoxStore())) as client:
        yield client


def test_past_the_limit_the_throttler_answers_429_with_retry_after(
    throttled: httpx.Client,
) -> None:
    # Requests without a key stop at the key guard, before the throttler counts them.
    refused = [throttled.get(LIST).status_code for _ in range(3)]
    allowed = [throttled.get(LIST, headers=AUTH).status_code for _ in range(2)]

    answer = throttled.get(LIST, headers=AUTH)

    assert (refused, allowed) == ([403, 403, 403], [200, 200])
    assert answer.status_code == 429
    assert answer.headers["content-type"] == NEST_JSON
    assert answer.json() == {"statusCode": 429, "message": "ThrottlerException: Too Many Requests"}
    component_validator("Error").validate(answer.json())
    # Seconds: the block lasts the TTL; the 429 carries no X-RateLimit-* headers.
    assert answer.headers["retry-after"] == "60"
    assert not [name for name in answer.headers if name.startswith("x-ratelimit")]
    # The limit is per route: another one still answers.
    assert throttled.get(f"{LIST}/models", headers=AUTH).status_code == 200


# --- the charge boxes are openapi.yaml's --------------------------------------------------------


def test_create_fetch_list_delete_round_trip_within_the_spec(client: httpx.Client) -> None:
    created = _created(client, chargeBoxIdentity="RT-0001", modelId=5678)
    fetched = client.get(f"{LIST}/{created['id']}", headers=AUTH)
    listed = _listed(client)
    deleted = client.delete(f"{LIST}/{created['id']}", headers=AUTH)
    after = client.get(f"{LIST}/{created['id']}", headers=AUTH)

    component_validator("ChargeBox").validate(created)
    assert (created["chargeBoxIdentity"], created["isOnline"], created["deletedAt"]) == (
        "RT-0001",
        False,
        None,
    )
    assert [len(evse["connectors"]) for evse in created["evses"]] == [2]  # CCS and CHAdeMO
    assert fetched.status_code == 200
    assert fetched.json() == created
    assert created in listed
    assert deleted.status_code == 200
    component_validator("ChargeBox").validate(after.json())
    assert after.json()["deletedAt"] is not None
    assert {c["deletedAt"] for e in after.json()["evses"] for c in e["connectors"]} == {
        after.json()["deletedAt"]
    }


def _listed(client: httpx.Client, limit: int = 100) -> list[dict[str, Any]]:
    """Every charge box, page by page, each page checked against the spec's `ChargeBoxPage`."""
    chargeboxes: list[dict[str, Any]] = []
    params: dict[str, str | int] = {"limit": limit}
    while True:
        answer = client.get(LIST, params=params, headers=AUTH)
        assert answer.status_code == 200, answer.text
        page = answer.json()
        component_validator("ChargeBoxPage").validate(page)
        chargeboxes += page["data"]
        if page["nextPageCursor"] is None:
            return chargeboxes
        params = {"limit": limit, "nextPageCursor": page["nextPageCursor"]}


def test_pages_link_both_ways_and_refuse_cursors_not_issued(client: httpx.Client) -> None:
    for n in range(3):
        _created(client, serialNumber=f"PAGE-{n}")
    first = client.get(LIST, params={"limit": 2}, headers=AUTH).json()
    second = client.get(
        LIST, params={"limit": 2, "nextPageCursor": first["nextPageCursor"]}, headers=AUTH
    ).json()
    back = client.get(
        LIST, params={"limit": 2, "previousPageCursor": second["previousPageCursor"]}, headers=AUTH
    ).json()
    garbled = client.get(LIST, params={"nextPageCursor": "not-a-cursor"}, headers=AUTH)
    past_end = base64.urlsafe_b64encode(b"999999").decode().rstrip("=")
    unissued = client.get(LIST, params={"nextPageCursor": past_end}, headers=AUTH)

    assert first["previousPageCursor"] is None
    assert back["data"] == first["data"]
    assert second["data"][0]["id"] == first["data"][-1]["id"] + 1
    for answer in (garbled, unissued):
        assert _nest_error(answer, 400)["message"] == (
            "nextPageCursor must be a cursor from an earlier page"
        )


def test_models_are_the_mocks_catalog(client: httpx.Client) -> None:
    answer = client.get(f"{LIST}/models", headers=AUTH)

    component_validator("ChargeBoxModelList").validate(answer.json())
    assert answer.json() == models_json()


@pytest.mark.parametrize("identity", [None, "", "   "])
def test_a_missing_or_blank_identity_is_generated(
    client: httpx.Client, identity: str | None
) -> None:
    fields = {} if identity is None else {"chargeBoxIdentity": identity}

    chargebox = _created(client, **fields)

    assert chargebox["chargeBoxIdentity"] == f"DK.SPI.{chargebox['id']:06d}"


def test_an_identity_outside_the_ocpp_characters_is_400(client: httpx.Client) -> None:
    answer = client.post(LIST, json=VALID | {"chargeBoxIdentity": "a b"}, headers=AUTH)

    assert _nest_error(answer, 400)["message"] == [
        r"chargeBoxIdentity must match /^[A-Za-z0-9*\-_=:+|@.]{1,48}$/ regular expression"
    ]


def test_a_taken_identity_is_409_and_an_unknown_model_400(client: httpx.Client) -> None:
    _created(client, chargeBoxIdentity="TAKEN-1")

    taken = client.post(LIST, json=VALID | {"chargeBoxIdentity": "TAKEN-1"}, headers=AUTH)
    unknown = client.post(LIST, json=VALID | {"modelId": 9}, headers=AUTH)

    assert _nest_error(taken, 409) == {
        "message": "chargeBoxIdentity TAKEN-1 is already in use",
        "error": "Conflict",
        "statusCode": 409,
    }
    assert _nest_error(unknown, 400)["message"].startswith("modelId must be one of the models")


@pytest.mark.parametrize("command", ["reset", "reboot"])
def test_a_command_to_an_offline_charge_box_is_201_rejected(
    client: httpx.Client, command: str
) -> None:
    chargebox = _created(client)
    body = {"type": "Hard"} if command == "reset" else None

    answer = client.post(f"{LIST}/{chargebox['id']}/{command}", json=body, headers=AUTH)

    assert answer.status_code == 201, answer.text
    component_validator("CommandResult").validate(answer.json())
    assert answer.json() == {
        "status": "Rejected",
        "error": {"message": f"Charge box {chargebox['id']} is offline"},
    }


def test_the_generated_client_reads_a_created_charge_box(client: httpx.Client) -> None:
    created = _created(client)
    spirii = AuthenticatedClient(base_url=str(client.base_url), token=KEY)

    chargebox = get_charge_box.sync(created["id"], client=spirii)

    assert isinstance(chargebox, ChargeBox)
    assert (chargebox.id, chargebox.serial_number) == (created["id"], created["serialNumber"])


# --- a populated account ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def account(adapter: str) -> Iterator[tuple[ChargeBoxStore, httpx.Client]]:
    """The app on `adapter` holding an account of 40 charge boxes with sparse ids, two online."""
    store = SparseIdStore()
    ids = populate(store, count=40)
    for chargebox_id in ids[:2]:
        store.set_online(chargebox_id)
    with _serving(real_nestjs(adapter)(KEY, store)) as client:
        yield store, client


def test_a_seeded_account_is_served_back_unchanged(
    account: tuple[ChargeBoxStore, httpx.Client],
) -> None:
    store, client = account
    expected = [chargebox_json(box) for box in store.page(1000).chargeboxes]

    listed = _listed(client, limit=7)
    fetched = client.get(f"{LIST}/{expected[-1]['id']}", headers=AUTH).json()

    # Charge boxes created by other tests come after the account's.
    assert listed[: len(expected)] == expected
    assert fetched == expected[-1]


def test_ids_and_evse_uids_continue_after_the_seeded_ones(
    account: tuple[ChargeBoxStore, httpx.Client],
) -> None:
    store, client = account
    seeded = [chargebox_json(box) for box in store.page(1000).chargeboxes]

    created = _created(client, chargeBoxIdentity="AFTER-SEED")

    assert created["id"] == max(box["id"] for box in seeded) + 1
    highest_uid = max(evse["uid"] for box in seeded for evse in box["evses"])
    assert [evse["uid"] for evse in created["evses"]] == [highest_uid + 1, highest_uid + 2]


def test_an_online_seeded_charge_box_accepts_a_reset(
    account: tuple[ChargeBoxStore, httpx.Client],
) -> None:
    store, client = account
    online = next(box for box in store.page(1000).chargeboxes if box.is_online)

    answer = client.post(f"{LIST}/{online.id}/reset", json={"type": "Soft"}, headers=AUTH)

    assert (answer.status_code, answer.json()) == (201, {"status": "Accepted"})
