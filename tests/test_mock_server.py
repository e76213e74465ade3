"""The bundled mock: auth, behaviour, pagination, bad input and concurrency, checked by the spec."""

from __future__ import annotations

import sys
import threading
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from typing import Any

import httpx
import pytest
import uvicorn
from starlette.testclient import TestClient

from mock.server import (
    API_KEY_ENV,
    DEFAULT_API_KEY,
    MAX_BODY_BYTES,
    ChargeBox,
    ChargeBoxStore,
    create_app,
    main,
)
from spec import component_validator, load_spec, validator

KEY = "test-key"
AUTH = {"Authorization": f"Bearer {KEY}"}
JSON = {"Content-Type": "application/json"}
TEXT = {"Content-Type": "text/plain"}
LIST, ONE = "/v2/chargeboxes", "/v2/chargeboxes/{id}"


def _body(**fields: Any) -> dict[str, Any]:
    """A valid create body, with `fields` changed (a field set to ... is left out)."""
    body = {"serialNumber": "SN-000001", "locationId": 123, "modelId": 1234} | fields
    return {name: value for name, value in body.items() if value is not ...}


def _conforming(response: httpx.Response, path: str | None, method: str = "get") -> Any:
    """The JSON body, once its status is documented for the operation and it matches the spec.

    `path` None means a request outside the spec (routing errors): the body must be an `Error`.
    """
    assert response.headers["content-type"] == "application/json", response.headers
    body = response.json()
    if path is None:
        component_validator("Error").validate(body)
        return body
    responses = load_spec()["paths"][path][method]["responses"]
    status = str(response.status_code)
    assert status in responses, f"{method.upper()} {path} documents no {status}: {body}"
    pointer = f"/paths/{path.replace('/', '~1')}/{method}/responses/{status}"
    pointer = responses[status].get("$ref", f"#{pointer}").removeprefix("#")
    validator(f"{pointer}/content/application~1json/schema").validate(body)
    return body


@pytest.fixture
def client() -> TestClient:
    return TestClient(create_app(KEY), headers=AUTH)


def _create(client: TestClient, **fields: Any) -> dict[str, Any]:
    response = client.post(LIST, json=_body(**fields))
    assert response.status_code == 201, response.text
    chargebox: dict[str, Any] = _conforming(response, LIST, "post")
    return chargebox


def _walk(client: TestClient, limit: int, cursor_name: str, cursor: str | None) -> Iterator[Any]:
    """Every page from `cursor` on, following `cursor_name` until it is null."""
    while True:
        query = {"limit": str(limit)} | ({cursor_name: cursor} if cursor else {})
        page = _conforming(client.get(LIST, params=query), LIST)
        yield page
        cursor = page[cursor_name]
        if cursor is None:
            return


# Auth.

BAD_AUTHORIZATION = [
    pytest.param({}, "got no header", id="missing"),
    pytest.param({"Authorization": f"Basic {KEY}"}, "another scheme", id="basic-scheme"),
    pytest.param({"Authorization": KEY}, "another scheme", id="no-scheme-like-vendor-curl"),
    pytest.param({"Authorization": "Bearer "}, "no key", id="bearer-without-key"),
    pytest.param({"Authorization": "Bearer WRONG-secret"}, "the mock's key", id="wrong-key"),
    pytest.param({"Authorization": "Bearer ключ".encode()}, "the mock's key", id="non-ascii"),
]
OPERATIONS = [
    pytest.param("post", LIST, "/v2/chargeboxes", id="create"),
    pytest.param("get", LIST, "/v2/chargeboxes", id="list"),
    pytest.param("get", ONE, "/v2/chargeboxes/1", id="get"),
]


@pytest.mark.parametrize(("headers", "message"), BAD_AUTHORIZATION)
@pytest.mark.parametrize(("method", "path", "url"), OPERATIONS)
def test_bad_authorization_is_401_with_challenge_and_no_echo(
    headers: dict[str, Any], message: str, method: str, path: str, url: str
) -> None:
    client = TestClient(create_app(KEY))
    # An invalid body too: auth is checked first.
    response = client.request(method, url, headers=headers, content=b"[", params={"limit": "0"})

    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    error = _conforming(response, path, method)["error"]
    assert message in error["message"]
    assert error["param"] == "Authorization"
    assert "secret" not in response.text.lower()
    assert KEY not in response.text


def test_right_key_is_accepted_with_any_case_scheme() -> None:
    client = TestClient(create_app(KEY))

    assert client.get(LIST, headers={"Authorization": f"bearer {KEY}"}).status_code == 200


def test_key_comes_from_the_environment_else_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(API_KEY_ENV, raising=False)
    default = TestClient(create_app())
    monkeypatch.setenv(API_KEY_ENV, "from-env")
    from_env = TestClient(create_app())

    assert default.get(LIST, headers={"Authorization": f"Bearer {DEFAULT_API_KEY}"}).is_success
    assert from_env.get(LIST, headers={"Authorization": "Bearer from-env"}).is_success
    assert from_env.get(LIST, headers={"Authorization": f"Bearer {DEFAULT_API_KEY}"}).is_error


# Create and fetch.


def test_create_echoes_the_request_as_a_new_pending_charge_box(client: TestClient) -> None:
    request = _body(chargeBoxIdentity="DK.SPI.000001")

    response = client.post(LIST, json=request)

    assert response.status_code == 201
    chargebox = _conforming(response, LIST, "post")
    component_validator("ChargeBox").validate(chargebox)
    assert chargebox["serialNumber"] == request["serialNumber"]
    assert chargebox["locationId"] == request["locationId"]
    assert chargebox["model"]["id"] == request["modelId"]
    assert chargebox["chargeBoxIdentity"] == request["chargeBoxIdentity"]
    assert chargebox["isOnline"] is False
    assert chargebox["createdAt"] == chargebox["updatedAt"]
    datetime.strptime(chargebox["createdAt"], "%Y-%m-%d %H:%M:%S")  # the vendor's wire format
    assert all(chargebox[name] is None for name in ("firmwareVersion", "customer", "deletedAt"))


def test_evses_and_connectors_come_from_the_model(client: TestClient) -> None:
    zaptec, kempower = _create(client, modelId=1234), _create(client, modelId=5678)
    alfen = _create(client, modelId=2001)

    assert (zaptec["model"]["vendor"], zaptec["model"]["name"]) == ("Zaptec", "HYC_300")
    assert [evse["evseId"] for evse in zaptec["evses"]] == ["DK.SPI.E000001*1", "DK.SPI.E000001*2"]
    assert [c["standard"] for c in kempower["evses"][0]["connectors"]] == [
        "IEC_62196_T2_COMBO",
        "CHADEMO",
    ]
    assert [c["id"] for c in kempower["evses"][0]["connectors"]] == [1, 2]
    assert (alfen["model"]["vendor"], alfen["model"]["name"]) == ("Alfen", "Eve Single Pro-line")
    assert alfen["evses"][0]["connectors"][0]["standard"] == "IEC_62196_T2"
    evses = [evse for box in (zaptec, kempower, alfen) for evse in box["evses"]]
    assert len({evse["uid"] for evse in evses}) == len(evses) == 4
    assert all(e["chargeboxId"] == box["id"] for box in (zaptec, alfen) for e in box["evses"])


def test_create_accepts_a_charset_and_answers_whole_numbers(client: TestClient) -> None:
    response = client.post(
        LIST,
        content=b'{"serialNumber": "SN", "locationId": 123.0, "modelId": 1234}',
        headers={"Content-Type": "application/json; charset=utf-8"},
    )

    assert response.status_code == 201
    assert '"locationId":123,' in response.text


def test_create_echoes_text_json_allows_but_utf_8_cannot_carry(client: TestClient) -> None:
    body = b'{"serialNumber": "\\ud800 \\u00e9", "locationId": 1, "modelId": 1234}'

    response = client.post(LIST, content=body, headers=JSON)

    assert response.status_code == 201
    assert _conforming(response, LIST, "post")["serialNumber"] == "\ud800 é"


@pytest.mark.parametrize("identity", [..., "", "   "], ids=["missing", "empty", "blank"])
def test_identity_is_generated_when_missing_or_blank(client: TestClient, identity: Any) -> None:
    first, second = _create(client, chargeBoxIdentity=identity), _create(client)

    assert first["chargeBoxIdentity"] == "DK.SPI.000001"
    assert second["chargeBoxIdentity"] == "DK.SPI.000002"


def test_generated_identity_avoids_one_a_client_chose(client: TestClient) -> None:
    _create(client, chargeBoxIdentity="DK.SPI.000002")

    generated = _create(client)["chargeBoxIdentity"]

    assert generated.startswith("DK.SPI.000002")
    assert generated != "DK.SPI.000002"


def test_duplicate_identity_is_409_and_stores_nothing(client: TestClient) -> None:
    _create(client, chargeBoxIdentity="DK.SPI.TAKEN")

    response = client.post(LIST, json=_body(chargeBoxIdentity="DK.SPI.TAKEN"))

    assert response.status_code == 409
    error = _conforming(response, LIST, "post")["error"]
    assert error["param"] == "chargeBoxIdentity"
    assert '"DK.SPI.TAKEN"' in error["message"]
    assert len(_conforming(client.get(LIST), LIST)["data"]) == 1


def test_get_returns_the_created_charge_box_or_404(client: TestClient) -> None:
    created = _create(client)

    assert _conforming(client.get(f"{LIST}/{created['id']}"), ONE) == created
    missing = client.get(f"{LIST}/999")
    assert missing.status_code == 404
    assert "got 999" in _conforming(missing, ONE)["error"]["message"]


def test_an_injected_store_is_the_one_served() -> None:
    store = ChargeBoxStore()
    chargebox = store.create(serial_number="SN-9", location_id=9, model_id=5678)
    client = TestClient(create_app(KEY, store=store), headers=AUTH)

    assert _conforming(client.get(f"{LIST}/{chargebox.id}"), ONE)["serialNumber"] == "SN-9"


# Pagination.


def test_walking_forward_sees_every_charge_box_once_and_backward_the_same_pages(
    client: TestClient,
) -> None:
    created = [_create(client)["id"] for _ in range(60)]

    forward = list(_walk(client, 7, "nextPageCursor", None))
    backward = list(_walk(client, 7, "previousPageCursor", forward[-1]["previousPageCursor"]))

    seen = [chargebox["id"] for page in forward for chargebox in page["data"]]
    assert seen == created
    assert [len(page["data"]) for page in forward] == [7] * 8 + [4]
    assert forward[0]["previousPageCursor"] is None
    assert all(page["nextPageCursor"] and page["previousPageCursor"] for page in forward[1:-1])
    assert backward == forward[-2::-1]


def test_page_size_defaults_to_the_specs_default(client: TestClient) -> None:
    for _ in range(30):
        _create(client)

    first = _conforming(client.get(LIST), LIST)

    assert len(first["data"]) == 25
    rest = _conforming(client.get(LIST, params={"nextPageCursor": first["nextPageCursor"]}), LIST)
    assert [box["id"] for box in rest["data"]] == list(range(26, 31))
    assert rest["nextPageCursor"] is None


def test_an_empty_store_is_one_empty_page(client: TestClient) -> None:
    assert _conforming(client.get(LIST), LIST) == {
        "data": [],
        "nextPageCursor": None,
        "previousPageCursor": None,
    }


# Bad input: a documented 4xx whose message names the problem, and the mock still works after.

DEEP = b"[" * 100_000
READABLE_DEEP = b'{"serialNumber": ' + b"[" * 500 + b"]" * 500 + b', "locationId": 1, "modelId": 1}'
SURROGATE = b'{"serialNumber": "SN", "locationId": 1, "modelId": "\\ud800"}'
HUGE = b'{"serialNumber": "' + b"x" * MAX_BODY_BYTES + b'", "locationId": 1, "modelId": 1}'
BAD_REQUESTS = [
    ("post", LIST, {"content": b'{"serialNumber": ', "headers": JSON}, 400, "got invalid JSON"),
    ("post", LIST, {"content": b'{"serialNumber": "\xff"}', "headers": JSON}, 400, "UTF-8"),
    ("post", LIST, {"content": b'{"locationId": NaN}', "headers": JSON}, 400, "NaN is not JSON"),
    ("post", LIST, {"content": b"[-Infinity]", "headers": JSON}, 400, "-Infinity is not JSON"),
    ("post", LIST, {"content": b"1" * 5000, "headers": JSON}, 400, "got invalid JSON"),
    ("post", LIST, {"content": DEEP, "headers": JSON}, 400, "nesting too deep"),
    ("post", LIST, {"content": READABLE_DEEP, "headers": JSON}, 400, "string, got an array"),
    ("post", LIST, {"content": HUGE, "headers": JSON}, 400, f"at most {MAX_BODY_BYTES} bytes"),
    ("post", LIST, {"content": iter([HUGE]), "headers": JSON}, 400, f"at most {MAX_BODY_BYTES}"),
    ("post", LIST, {"json": _body(), "headers": TEXT}, 400, 'application/json, got "text/plain"'),
    ("post", LIST, {"content": b'{"serialNumber": "SN"}'}, 400, "application/json, got nothing"),
    ("post", LIST, {"content": b"", "headers": JSON}, 400, "expected JSON, got nothing"),
    ("post", LIST, {"json": [_body()]}, 400, "request body: expected object, got an array"),
    ("post", LIST, {"content": b"null", "headers": JSON}, 400, "expected object, got null"),
    ("post", LIST, {"json": "SN"}, 400, 'request body: expected object, got "SN"'),
    ("post", LIST, {"json": _body(serialNumber=42)}, 400, "serialNumber: expected string, got 42"),
    ("post", LIST, {"json": _body(locationId=...)}, 400, "locationId: required, got nothing"),
    ("post", LIST, {"json": _body(locationId=0)}, 400, "locationId: expected at least 1, got 0"),
    ("post", LIST, {"json": _body(locationId=2**53)}, 400, "expected at most 9007199254740991"),
    ("post", LIST, {"json": _body(modelId="1234")}, 400, 'modelId: expected integer, got "1234"'),
    ("post", LIST, {"json": _body(modelId=True)}, 400, "modelId: expected integer, got true"),
    ("post", LIST, {"json": _body(modelId=1.5)}, 400, "modelId: expected integer, got 1.5"),
    ("post", LIST, {"json": _body(modelId="x" * 5000)}, 400, "(5002 chars)"),
    ("post", LIST, {"json": _body(chargeBoxIdentity=7)}, 400, "chargeBoxIdentity: expected string"),
    ("post", LIST, {"content": SURROGATE, "headers": JSON}, 400, 'integer, got "\ud800"'),
    ("get", LIST, {"params": {"limit": "0"}}, 400, "limit: expected at least 1, got 0"),
    ("get", LIST, {"params": {"limit": "101"}}, 400, "limit: expected at most 100, got 101"),
    ("get", LIST, {"params": {"limit": "abc"}}, 400, 'limit: expected integer, got "abc"'),
    ("get", LIST, {"params": {"limit": ""}}, 400, 'limit: expected integer, got ""'),
    ("get", LIST, {"params": {"limit": "2.5"}}, 400, 'limit: expected integer, got "2.5"'),
    ("get", LIST, {"params": {"nextPageCursor": "!!!"}}, 400, "nextPageCursor: expected a cursor"),
    ("get", LIST, {"params": {"nextPageCursor": "My0xMDAw"}}, 400, "from an earlier page"),
    ("get", LIST, {"params": {"nextPageCursor": "OTk5"}}, 400, 'got "OTk5"'),
    ("get", LIST, {"params": {"nextPageCursor": ""}}, 400, "nextPageCursor: expected a cursor"),
    ("get", LIST, {"params": {"previousPageCursor": "é"}}, 400, "previousPageCursor: expected"),
    ("get", LIST, {"params": {"nextPageCursor": "MQ", "previousPageCursor": ""}}, 400, "got both"),
    ("get", ONE, {"url": f"{LIST}/abc"}, 400, 'id: expected integer, got "abc"'),
    ("get", ONE, {"url": f"{LIST}/0"}, 400, "id: expected at least 1, got 0"),
    ("get", ONE, {"url": f"{LIST}/-1"}, 400, "id: expected at least 1, got -1"),
    ("get", ONE, {"url": f"{LIST}/1.5"}, 400, 'id: expected integer, got "1.5"'),
    ("get", ONE, {"url": f"{LIST}/{'9' * 30}"}, 400, "id: expected at most 9007199254740991"),
    ("get", ONE, {"url": f"{LIST}/{'9' * 5000}"}, 400, "(5002 chars)"),
    ("get", ONE, {"url": f"{LIST}/999"}, 404, "id of an existing charge box, got 999"),
    ("get", None, {"url": "/v2/nope"}, 404, 'path: expected a path of the spec, got "/v2/nope"'),
    ("get", None, {"url": f"{LIST}/"}, 404, "path: expected a path of the spec"),
    ("get", None, {"url": f"{LIST}/1/evses"}, 404, "path: expected a path of the spec"),
    ("put", None, {"url": f"{LIST}/1"}, 405, 'GET, DELETE on /v2/chargeboxes/{id}, got "PUT"'),
    ("delete", None, {"url": f"{LIST}/models"}, 405, 'GET on /v2/chargeboxes/models, got "DELETE"'),
    ("post", LIST, {"json": _body(modelId=9)}, 400, "modelId: Only select models supported"),
    ("put", None, {"url": LIST, "json": _body()}, 405, "expected GET, POST on /v2/chargeboxes"),
    ("query", None, {"url": LIST}, 405, 'got "QUERY"'),
]


@pytest.mark.parametrize(
    ("method", "path", "request_args", "status", "message"),
    [pytest.param(*case, id=f"{case[0]} {case[4][:50]}") for case in BAD_REQUESTS],
)
def test_bad_input_is_a_documented_4xx_naming_the_problem(
    client: TestClient,
    method: str,
    path: str | None,
    request_args: dict[str, Any],
    status: int,
    message: str,
) -> None:
    arguments = {"url": path or LIST} | request_args

    response = client.request(method.upper(), **arguments)

    assert response.status_code == status, response.text
    assert message in _conforming(response, path, method)["error"]["message"]
    assert len(response.text) < 500, "the value seen is cut short"
    if status == 405:
        assert response.headers["allow"] in {"GET", "GET, POST", "GET, DELETE"}
    assert _create(client)["id"] == 1
    assert _conforming(client.get(LIST), LIST)["data"][0]["id"] == 1


def test_head_is_not_a_documented_method(client: TestClient) -> None:
    response = client.head(LIST)

    assert response.status_code == 405
    assert response.headers["allow"] == "GET, POST"


def test_an_unexpected_failure_is_still_a_json_500() -> None:
    class BrokenStore(ChargeBoxStore):
        def get(self, chargebox_id: int) -> ChargeBox | None:
            raise RuntimeError("secret internals")

    client = TestClient(create_app(KEY, store=BrokenStore()), raise_server_exceptions=False)

    response = client.get(f"{LIST}/1", headers=AUTH)

    assert response.status_code == 500
    assert _conforming(response, ONE)["error"]["code"] == "internal_error"
    assert "secret internals" not in response.text


# Concurrency.


@pytest.fixture
def frequent_thread_switches() -> Iterator[None]:
    """Switch threads every microsecond, so that a missing lock shows up as a race, not luck."""
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    yield
    sys.setswitchinterval(interval)


@pytest.mark.usefixtures("frequent_thread_switches")
def test_concurrent_creates_get_unique_ids_and_one_winner_per_identity() -> None:
    app = create_app(KEY)
    start = threading.Barrier(8)

    def create_fifty(thread: int) -> list[tuple[int, str | None, int | None]]:
        client = TestClient(app, headers=AUTH)
        start.wait()
        outcomes = []
        for index in range(50):
            # One identity in ten is tried by all eight threads, one in ten is left to the mock.
            identity = {0: f"SHARED-{index}", 5: None}.get(index % 10, f"T{thread}-{index}")
            response = client.post(LIST, json=_body(chargeBoxIdentity=identity or ...))
            created = response.json() if response.status_code == 201 else {}
            outcomes.append((response.status_code, identity, created.get("id")))
        return outcomes

    with ThreadPoolExecutor(8) as pool:
        outcomes = [outcome for part in pool.map(create_fifty, range(8)) for outcome in part]

    ids = [chargebox_id for status, _, chargebox_id in outcomes if chargebox_id is not None]
    assert sorted(ids) == list(range(1, 8 * 50 - 5 * 7 + 1))
    wins = Counter(identity for status, identity, _ in outcomes if status == 201)
    assert all(wins[f"SHARED-{index}"] == 1 for index in range(0, 50, 10))
    assert Counter(status for status, _, _ in outcomes) == {201: len(ids), 409: 5 * 7}
    pages = _walk(TestClient(app, headers=AUTH), 100, "nextPageCursor", None)
    identities = {box["chargeBoxIdentity"] for page in pages for box in page["data"]}
    assert len(identities) == len(ids)


# The entry point.


def test_main_serves_on_localhost_and_never_prints_a_custom_key(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    served: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: served.update(options))
    monkeypatch.setenv("PORT", "9123")
    monkeypatch.setenv(API_KEY_ENV, "custom-key-value")

    main()

    printed = capsys.readouterr().out
    assert "http://127.0.0.1:9123" in printed
    assert API_KEY_ENV in printed
    assert "custom-key-value" not in printed
    assert served == {"host": "127.0.0.1", "port": 9123}


def test_main_rejects_a_bad_port(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PORT", "eighty")

    with pytest.raises(SystemExit, match="PORT: expected a port number"):
        main()
