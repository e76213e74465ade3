"""What the client is built with: a repr that never shows the key (issue 17, 5), a base URL or
key that cannot work refused when the client is built (6), and what a consumer sees of each call:
the retry logger, hooks for the sync and the async client, `elapsed` and `request_id` on every
Response, a User-Agent naming the package, `__version__` (7).

The runtime's settings (templates/runtime/settings.py, which the package ships in
spirii_chargebox_client.client) are tested on their own too.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
import spirii_chargebox_client
from spirii_chargebox_client import AuthenticatedClient, Client, RetryPolicy
from spirii_chargebox_client.api.chargeboxes import get_charge_box, list_charge_boxes
from spirii_chargebox_client.client import async_event_hooks, check_base_url, request_headers
from spirii_chargebox_client.errors import ConfigurationError, NotFound, SpiriiError

from spec import load_spec

ROOT = Path(__file__).resolve().parent.parent
SECRET = "sk-live-0123456789abcdef"
VERSION = load_spec()["info"]["version"]
PAGE: dict[str, Any] = {"data": [], "nextPageCursor": None}


def _answering(
    *answers: httpx.Response, seen: list[httpx.Request] | None = None, **options: Any
) -> AuthenticatedClient:
    """A client whose requests get `answers` in turn (the last one again and again)."""
    queue = list(answers)

    def answer(request: httpx.Request) -> httpx.Response:
        if seen is not None:
            seen.append(request)
        response = queue.pop(0) if len(queue) > 1 else queue[0]
        return httpx.Response(
            response.status_code, headers=response.headers, content=response.content
        )

    options.setdefault("retry", None)
    return AuthenticatedClient(
        base_url="http://spirii.test",
        token=SECRET,
        httpx_args={"transport": httpx.MockTransport(answer)},
        **options,
    )


# 5. The token is never shown.


def _reprs(client: AuthenticatedClient) -> list[str]:
    client.get_httpx_client()  # built: upstream wrote the auth header into the client then
    client.get_async_httpx_client()
    evolved = [
        client.with_headers({"X-Tenant": "a"}),
        client.with_cookies({"session": "c00kie"}),
        client.with_timeout(3),
    ]
    return [repr(client), str(client), *map(repr, evolved), *(str(copy) for copy in evolved)]


def test_the_repr_of_a_client_and_of_its_evolved_copies_never_shows_the_token() -> None:
    client = AuthenticatedClient(base_url="https://api.spirii.com", token=SECRET)

    for shown in _reprs(client):
        assert SECRET not in shown
        assert "token=<redacted>" in shown
        assert "base_url='https://api.spirii.com'" in shown


def test_credential_headers_cookies_and_httpx_args_are_not_shown_either() -> None:
    client = AuthenticatedClient(
        base_url="https://api.spirii.com",
        token=SECRET,
        headers={"X-Api-Key": SECRET, "Proxy-Authorization": SECRET, "X-Tenant": "north"},
        cookies={"session": SECRET},
        httpx_args={"proxy": f"http://user:{SECRET}@proxy.example.com"},
    )
    plain = Client(base_url="https://api.spirii.com", headers={"Authorization": SECRET})

    for shown in [*_reprs(client), repr(plain)]:
        assert SECRET not in shown
    assert "'X-Tenant': 'north'" in repr(client)
    assert "httpx_args={'proxy': ...}" in repr(client)


def test_logging_a_client_does_not_leak_the_token(caplog: pytest.LogCaptureFixture) -> None:
    client = AuthenticatedClient(base_url="https://api.spirii.com", token=SECRET)
    client.get_httpx_client()

    with caplog.at_level(logging.ERROR):
        logging.getLogger("consumer").error("calling Spirii with %r", client)

    assert SECRET not in caplog.text
    assert "AuthenticatedClient(" in caplog.text


def test_the_key_still_reaches_the_server_and_the_client_s_own_headers_stay_clean() -> None:
    seen: list[httpx.Request] = []
    client = _answering(httpx.Response(200, json=PAGE), seen=seen, headers={"X-Tenant": "a"})

    list_charge_boxes.sync_detailed(client=client)
    copy = client.with_headers({"X-More": "b"})

    assert seen[0].headers["Authorization"] == f"Bearer {SECRET}"
    assert seen[0].headers["X-Tenant"] == "a"
    assert SECRET not in repr(copy)
    assert copy.get_httpx_client().headers["Authorization"] == f"Bearer {SECRET}"


# 6. Misconfiguration refused when the client is built.


@pytest.mark.parametrize(
    ("token", "says"),
    [
        ("", "pass the API key"),
        ("   ", "pass the API key"),
        (f"{SECRET}\n", "token.strip()"),
        (f" {SECRET}", "token.strip()"),
        ("sk live", "cannot carry"),
        ("sk-ključ", "cannot carry"),
    ],
)
def test_a_key_no_request_can_carry_is_refused_when_the_client_is_built(
    token: str, says: str
) -> None:
    with pytest.raises(ConfigurationError, match=re.escape(says)) as refused:
        AuthenticatedClient(base_url="https://api.spirii.com", token=token)

    assert isinstance(refused.value, SpiriiError)
    assert isinstance(refused.value, ValueError)


@pytest.mark.parametrize(
    ("base_url", "says"),
    [
        ("https://api.spirii.com/v2", "Pass 'https://api.spirii.com'"),
        ("https://api.spirii.com/v2/", "Pass 'https://api.spirii.com'"),
        ("https://gateway.example.com/spirii/v2", "Pass 'https://gateway.example.com/spirii'"),
        ("api.spirii.com", "'https://api.spirii.com'"),
        ("localhost:8080", "'https://localhost:8080'"),
        ("ftp://api.spirii.com", "not an http(s) URL"),
        ("https://", "not an http(s) URL"),
        ("", "not an http(s) URL"),
        (" https://api.spirii.com", "not an http(s) URL"),
    ],
)
@pytest.mark.parametrize(
    "build",
    [
        lambda base_url: Client(base_url=base_url),
        lambda base_url: AuthenticatedClient(base_url=base_url, token=SECRET),
    ],
    ids=["Client", "AuthenticatedClient"],
)
def test_a_base_url_no_request_can_go_to_is_refused_saying_what_to_pass(
    base_url: str, says: str, build: Callable[[str], object]
) -> None:
    with pytest.raises(ConfigurationError) as refused:
        build(base_url)

    assert says in str(refused.value)


@pytest.mark.parametrize(
    "base_url",
    [
        "https://api.spirii.com",
        "https://sandbox.api.spirii.com/",
        "http://127.0.0.1:8080",
        "https://gateway.example.com/spirii",
        "https://gateway.example.com/v20",
    ],
)
def test_a_base_url_that_works_is_accepted(base_url: str) -> None:
    AuthenticatedClient(base_url=base_url, token=SECRET)


def test_the_issue_s_misconfigurations_no_longer_reach_the_network() -> None:
    """Before: LocalProtocolError (an empty key), NotFound (…/v2), UnsupportedProtocol."""
    builds: list[Callable[[], AuthenticatedClient]] = [
        lambda: AuthenticatedClient(base_url="https://api.spirii.com", token=""),
        lambda: AuthenticatedClient(base_url="https://api.spirii.com/v2", token=SECRET),
        lambda: AuthenticatedClient(base_url="api.spirii.com", token=SECRET),
    ]
    for build in builds:
        with pytest.raises(ConfigurationError):
            get_charge_box.sync_detailed(7, client=build())


def test_with_builders_keep_the_checks() -> None:
    client = AuthenticatedClient(base_url="https://api.spirii.com", token=SECRET)

    assert "X-Tenant" in repr(client.with_headers({"X-Tenant": "a"}))


def test_the_operation_path_roots_come_from_the_spec() -> None:
    from spirii_chargebox_client.client import OPERATION_PATH_ROOTS

    roots = {"/" + path.split("/")[1] for path in load_spec()["paths"]}
    assert set(OPERATION_PATH_ROOTS) == roots == {"/v2"}


# 7. Observability.


def test_every_request_names_the_package_and_its_version() -> None:
    seen: list[httpx.Request] = []
    list_charge_boxes.sync_detailed(client=_answering(httpx.Response(200, json=PAGE), seen=seen))

    assert spirii_chargebox_client.__version__ == VERSION
    assert seen[0].headers["User-Agent"] == (
        f"spirii-chargebox-client/{VERSION} python-httpx/{httpx.__version__}"
    )


def test_a_consumer_s_user_agent_wins_whatever_its_case() -> None:
    seen: list[httpx.Request] = []
    client = _answering(
        httpx.Response(200, json=PAGE), seen=seen, headers={"user-agent": "fleet-sync/1.2"}
    )
    list_charge_boxes.sync_detailed(client=client)

    assert seen[0].headers.get_list("User-Agent") == ["fleet-sync/1.2"]


def test_elapsed_and_request_id_are_there_after_a_successful_unwrap() -> None:
    client = _answering(httpx.Response(200, json=PAGE, headers={"X-Request-Id": "req-42"}))

    answer = list_charge_boxes.sync_detailed(client=client)
    page = answer.unwrap()

    assert page.data == []
    assert answer.request_id == "req-42"
    assert answer.elapsed.total_seconds() > 0


def test_elapsed_counts_the_retries_and_their_waits() -> None:
    waits: list[float] = []
    policy = RetryPolicy(sleep=waits.append)
    client = _answering(
        httpx.Response(503, headers={"Retry-After": "0"}),
        httpx.Response(200, json=PAGE),
        retry=policy,
    )

    answer = list_charge_boxes.sync_detailed(client=client)

    assert waits == [0.0]
    assert answer.status_code == 200
    assert answer.elapsed.total_seconds() > 0


def test_an_error_answer_s_request_id_is_the_error_s() -> None:
    body = b'{"error": {"code": "not_found", "message": "no", "request_id": "req_body"}}'
    answer = get_charge_box.sync_detailed(7, client=_answering(httpx.Response(404, content=body)))

    with pytest.raises(NotFound) as failure:
        answer.unwrap()
    assert answer.request_id == failure.value.request_id == "req_body"


def test_a_response_without_a_request_id_says_none() -> None:
    answer = list_charge_boxes.sync_detailed(client=_answering(httpx.Response(200, json=PAGE)))

    assert answer.request_id is None


def _hooked(seen: list[str]) -> dict[str, Any]:
    """on_request and on_response hooks that note what they see in `seen`."""
    return {
        "on_request": [lambda request: seen.append(f"> {request.method} {request.url.path}")],
        "on_response": [lambda response: seen.append(f"< {response.status_code}")],
    }


def test_plain_hooks_see_every_attempt_in_the_sync_client() -> None:
    seen: list[str] = []
    client = _answering(
        httpx.Response(503, headers={"Retry-After": "0"}),
        httpx.Response(200, json=PAGE),
        retry=RetryPolicy(sleep=lambda seconds: None),
        **_hooked(seen),
    )

    list_charge_boxes.sync_detailed(client=client)

    assert seen == ["> GET /v2/chargeboxes", "< 503", "> GET /v2/chargeboxes", "< 200"]


def test_the_same_plain_hooks_work_in_the_async_client() -> None:
    seen: list[str] = []
    client = _answering(httpx.Response(200, json=PAGE), **_hooked(seen))

    async def call() -> int:
        async with client:
            return (await list_charge_boxes.asyncio_detailed(client=client)).status_code

    assert asyncio.run(call()) == 200
    assert seen == ["> GET /v2/chargeboxes", "< 200"]


def test_hooks_given_through_httpx_args_still_run_beside_the_client_s_own() -> None:
    seen: list[str] = []
    client = AuthenticatedClient(
        base_url="http://spirii.test",
        token=SECRET,
        retry=None,
        on_request=[lambda request: seen.append("own")],
        httpx_args={
            "transport": httpx.MockTransport(lambda request: httpx.Response(200, json=PAGE)),
            "event_hooks": {"request": [lambda request: seen.append("httpx_args")]},
        },
    )

    list_charge_boxes.sync_detailed(client=client)

    assert seen == ["httpx_args", "own"]


def test_each_retry_is_logged_on_the_logger_the_readmes_name(
    caplog: pytest.LogCaptureFixture,
) -> None:
    client = _answering(
        httpx.Response(503, headers={"Retry-After": "0"}),
        httpx.Response(200, json=PAGE),
        retry=RetryPolicy(sleep=lambda seconds: None),
    )

    with caplog.at_level(logging.INFO, logger="spirii_chargebox_client"):
        list_charge_boxes.sync_detailed(client=client)

    (record,) = caplog.records
    assert record.name == "spirii_chargebox_client.client"
    assert record.levelno == logging.INFO
    assert record.getMessage() == (
        "GET http://spirii.test/v2/chargeboxes?limit=25: answered 503; "
        "sending again (attempt 2 of 4) in 0.00 s"
    )
    assert SECRET not in caplog.text
    for readme in (ROOT / "docs/client.md", ROOT / "generated/README.md"):
        assert "`spirii_chargebox_client.client`" in readme.read_text(encoding="utf-8")


# request_headers, async_event_hooks and check_base_url on their own (runtime/settings.py).


def test_request_headers_put_the_auth_header_last() -> None:
    headers = request_headers(
        "agent/1", {"authorization": "forged", "X-A": "1"}, ("Authorization", "Bearer k")
    )

    assert headers.get_list("Authorization") == ["Bearer k"]
    assert headers["User-Agent"] == "agent/1"
    assert headers["X-A"] == "1"


def test_async_event_hooks_wrap_plain_functions_and_keep_given_ones() -> None:
    calls: list[object] = []

    async def given(request: object) -> None:
        calls.append(("given", request))

    hooks = async_event_hooks(
        {"request": [given]}, [lambda request: calls.append(("own", request))], []
    )

    async def run() -> None:
        for hook in hooks["request"]:
            await hook("r")

    asyncio.run(run())
    assert calls == [("given", "r"), ("own", "r")]
    assert hooks["response"] == []


def test_an_httpx_url_is_a_base_url_too() -> None:
    check_base_url(httpx.URL("https://api.spirii.com"), ("/v2",))
    with pytest.raises(ConfigurationError, match="ends in '/v2'"):
        check_base_url(httpx.URL("https://api.spirii.com/v2"), ("/v2",))
