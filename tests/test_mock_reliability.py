"""The mock holds over real HTTP: under many parallel creates, and after a corpus of bad input.

The in-process tests (test_mock_server.py) prove the behaviour; these prove it survives a real
server stack (uvicorn, sockets, chunked bodies) the way other teams use `make mock`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any, cast

import httpx
import pytest

from mock.server import create_app
from mock.serving import serving
from tests.test_mock_server import AUTH, BAD_REQUESTS, HUGE, KEY, LIST

_BadRequest = tuple[str, str | None, dict[str, Any], int, str]
WORKERS = 8
CREATES_PER_WORKER = 500
SHARED_EVERY = 10  # one create in ten uses an identity that every worker tries


@pytest.fixture
def mock_url() -> Iterator[str]:
    with serving(create_app(api_key=KEY)) as url:
        yield url


def _walk_ids(client: httpx.Client) -> list[int]:
    ids: list[int] = []
    params: dict[str, Any] = {"limit": 100}
    while True:
        page = client.get(LIST, params=params)
        assert page.status_code == 200, page.text
        body = page.json()
        ids += [box["id"] for box in body["data"]]
        if not body["nextPageCursor"]:
            return ids
        params = {"limit": 100, "nextPageCursor": body["nextPageCursor"]}


def test_parallel_creates_over_http_are_fetchable_listed_once_and_unique(mock_url: str) -> None:
    def create_many(worker: int) -> list[tuple[int, str | None, int | None]]:
        outcomes = []
        with httpx.Client(base_url=mock_url, headers=AUTH, timeout=30) as client:
            for index in range(CREATES_PER_WORKER):
                shared = index % SHARED_EVERY == 0
                identity = f"SHARED-{index}" if shared else None
                body: dict[str, Any] = {"serialNumber": f"SN-{worker}-{index}", "locationId": 1}
                body |= {"modelId": 1234} | ({"chargeBoxIdentity": identity} if identity else {})
                response = client.post(LIST, json=body)
                assert response.status_code in (201, 409), response.text
                created = response.json() if response.status_code == 201 else {}
                outcomes.append((response.status_code, identity, created.get("id")))
        return outcomes

    with ThreadPoolExecutor(WORKERS) as pool:
        outcomes = [o for part in pool.map(create_many, range(WORKERS)) for o in part]

    created_ids = [chargebox_id for _, _, chargebox_id in outcomes if chargebox_id is not None]
    assert len(created_ids) == len(set(created_ids)), "ids are unique"
    shared_wins = Counter(identity for code, identity, _ in outcomes if identity and code == 201)
    assert set(shared_wins.values()) == {1}, "each shared identity is won exactly once"
    assert len(shared_wins) == CREATES_PER_WORKER // SHARED_EVERY
    with httpx.Client(base_url=mock_url, headers=AUTH, timeout=30) as client:
        listed = _walk_ids(client)
        assert sorted(listed) == sorted(created_ids), "every 201 is listed exactly once"
        for chargebox_id in created_ids[:: len(created_ids) // 50]:
            assert client.get(f"{LIST}/{chargebox_id}").status_code == 200


def test_bad_input_over_http_is_a_4xx_json_error_and_the_mock_keeps_serving(
    mock_url: str,
) -> None:
    with httpx.Client(base_url=mock_url, headers=AUTH, timeout=30) as client:
        for case in BAD_REQUESTS:
            method, path, request_args, status, message = cast(_BadRequest, case)
            arguments: dict[str, Any] = {"url": path or LIST, **request_args}
            if not isinstance(arguments.get("content", b""), bytes):
                # The corpus' streamed body is a one-shot iterator the in-process test owns:
                # send a fresh stream of the same bytes, chunked.
                arguments["content"] = iter([HUGE])
            response = client.request(method.upper(), **arguments)
            assert 400 <= response.status_code < 500, (method, arguments["url"], response.text)
            assert response.status_code == status, (method, message, response.text)
            assert response.headers["content-type"].startswith("application/json")
            assert message in response.json()["error"]["message"]
        created = client.post(LIST, json={"serialNumber": "SN", "locationId": 1, "modelId": 1234})
        assert created.status_code == 201
        assert client.get(f"{LIST}/{created.json()['id']}").status_code == 200
