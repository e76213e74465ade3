"""Creates (and the other POSTs) are sent again exactly when the request provably was not processed
(issue 17, 8): a 429 (the server refused it) after its Retry-After, as a GET is, and a connection
that could not be made (nothing was sent). After anything else a create may have happened, so it
stays unretried unless RetryPolicy(retry_post=True) (tests/test_client_resilience.py).
"""

from __future__ import annotations

import asyncio
import json
import socket
from typing import Any

import httpx
import pytest
from spirii_chargebox_client import AuthenticatedClient, RetryPolicy
from spirii_chargebox_client.api.chargeboxes import create_charge_box, reboot_charge_box
from spirii_chargebox_client.errors import NoAnswer
from spirii_chargebox_client.models import ChargeBox, CommandResult, CreateChargeBoxRequest

from spec import load_spec

KEY = "create-key"
NEW_CHARGE_BOX = CreateChargeBoxRequest(serial_number="SN-000001", location_id=123, model_id=1234)


def _created() -> httpx.Response:
    value: dict[str, Any] = load_spec()["components"]["examples"]["VendorChargeBox"]["value"]
    return httpx.Response(201, json=value)


class Script:
    """Answers requests in order; an exception is raised instead of answering."""

    def __init__(self, *outcomes: httpx.Response | Exception) -> None:
        self.outcomes = list(outcomes)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        outcome = self.outcomes.pop(0)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome


def _client(script: Script, waits: list[float], **policy: Any) -> AuthenticatedClient:
    async def async_sleep(seconds: float) -> None:
        waits.append(seconds)

    return AuthenticatedClient(
        base_url="http://spirii.test",
        token=KEY,
        retry=RetryPolicy(sleep=waits.append, async_sleep=async_sleep, **policy),
        httpx_args={"transport": httpx.MockTransport(script)},
    )


def test_a_create_answered_429_is_sent_again_after_retry_after() -> None:
    waits: list[float] = []
    script = Script(httpx.Response(429, headers={"Retry-After": "3"}), _created())

    created = create_charge_box.sync_detailed(
        client=_client(script, waits), body=NEW_CHARGE_BOX
    ).unwrap()

    assert isinstance(created, ChargeBox)
    assert waits == [3.0]
    assert [request.method for request in script.requests] == ["POST", "POST"]
    assert script.requests[0].content == script.requests[1].content


def test_a_create_whose_connection_was_refused_is_sent_again() -> None:
    waits: list[float] = []
    script = Script(httpx.ConnectError("refused"), httpx.ConnectTimeout("no handshake"), _created())

    created = create_charge_box.sync_detailed(
        client=_client(script, waits, max_delay=0), body=NEW_CHARGE_BOX
    ).unwrap()

    assert isinstance(created, ChargeBox)
    assert len(script.requests) == 3
    assert waits == [0.0, 0.0]


def test_a_429_on_a_remote_command_is_retried_too() -> None:
    waits: list[float] = []
    script = Script(
        httpx.Response(429, headers={"Retry-After": "1"}),
        httpx.Response(200, json={"status": "Accepted"}),
    )

    result = reboot_charge_box.sync_detailed(7, client=_client(script, waits)).unwrap()

    assert isinstance(result, CommandResult)
    assert waits == [1.0]


def test_the_async_client_sends_a_rate_limited_create_again() -> None:
    waits: list[float] = []
    script = Script(httpx.Response(429, headers={"Retry-After": "2"}), _created())

    async def create() -> ChargeBox:
        async with _client(script, waits) as client:
            answer = await create_charge_box.asyncio_detailed(client=client, body=NEW_CHARGE_BOX)
            return answer.unwrap()

    assert isinstance(asyncio.run(create()), ChargeBox)
    assert waits == [2.0]


@pytest.mark.parametrize(
    "failure",
    [
        httpx.Response(503, headers={"Retry-After": "1"}),
        httpx.Response(500),
        httpx.ReadError("reset after the body was sent"),
        httpx.RemoteProtocolError("dropped without an answer"),
    ],
    ids=["503", "500", "read error", "dropped"],
)
def test_other_create_failures_stay_unretried(failure: httpx.Response | Exception) -> None:
    waits: list[float] = []
    script = Script(failure)

    if isinstance(failure, Exception):
        with pytest.raises(NoAnswer):
            create_charge_box.sync_detailed(client=_client(script, waits), body=NEW_CHARGE_BOX)
    else:
        answer = create_charge_box.sync_detailed(client=_client(script, waits), body=NEW_CHARGE_BOX)
        assert answer.status_code == failure.status_code
    assert len(script.requests) == 1
    assert waits == []


def test_a_429_is_not_retried_when_the_policy_leaves_429_out_or_retries_are_off() -> None:
    waits: list[float] = []
    script = Script(httpx.Response(429, headers={"Retry-After": "1"}))
    client = _client(script, waits, retry_statuses=frozenset({503}))

    assert create_charge_box.sync_detailed(client=client, body=NEW_CHARGE_BOX).status_code == 429
    assert waits == []
    off = Script(httpx.Response(429, headers={"Retry-After": "1"}))
    client = AuthenticatedClient(
        base_url="http://spirii.test",
        token=KEY,
        retry=None,
        httpx_args={"transport": httpx.MockTransport(off)},
    )
    assert create_charge_box.sync_detailed(client=client, body=NEW_CHARGE_BOX).status_code == 429
    assert len(off.requests) == 1


def test_a_create_to_a_port_nothing_listens_on_is_tried_max_attempts_times() -> None:
    with socket.create_server(("127.0.0.1", 0)) as probe:
        port = probe.getsockname()[1]  # closed on leaving: connections are refused
    waits: list[float] = []
    client = AuthenticatedClient(
        base_url=f"http://127.0.0.1:{port}",
        token=KEY,
        retry=RetryPolicy(max_attempts=3, max_delay=0, sleep=waits.append),
    )

    with pytest.raises(httpx.ConnectError):
        create_charge_box.sync_detailed(client=client, body=NEW_CHARGE_BOX)
    assert waits == [0.0, 0.0]


def test_the_body_sent_again_is_the_same_json() -> None:
    waits: list[float] = []
    script = Script(httpx.Response(429, headers={"Retry-After": "0"}), _created())

    create_charge_box.sync_detailed(client=_client(script, waits), body=NEW_CHARGE_BOX)

    assert [json.loads(request.content) for request in script.requests] == [
        NEW_CHARGE_BOX.to_dict()
    ] * 2
