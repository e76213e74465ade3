"""The honest personalities (drift/personalities.py) and the populated account (drift/account.py):
each personality answers as the stack it stands for, accepts exactly what openapi.yaml accepts
where that stack can, and every charge box the account serves is a `ChargeBox` of openapi.yaml."""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from starlette.testclient import TestClient

from drift.account import (
    DEFAULT_COUNT,
    SparseIdStore,
    populate,
    populated,
    populated_store,
    vary,
)
from drift.personalities import (
    ID_MAXIMUM,
    PERSONALITIES,
    Personality,
    rfc9110,
)
from mock.server import ChargeBox, ChargeBoxPage, ChargeBoxStore, chargebox_json, models_json
from spec import component_validator, load_spec, resolve, validator

KEY = "test-key"
AUTH = {"Authorization": f"Bearer {KEY}"}
JSON = {"Content-Type": "application/json"}
LIST = "/v2/chargeboxes"
VALID = {"serialNumber": "SN-000001", "locationId": 123, "modelId": 1234}


def _client(personality: Personality, store: ChargeBoxStore | None = None) -> TestClient:
    return TestClient(personality(KEY, ChargeBoxStore() if store is None else store))


def _created(client: TestClient, count: int = 1) -> list[dict[str, Any]]:
    created = []
    for n in range(count):
        answer = client.post(LIST, json=VALID | {"serialNumber": f"SN-{n}"}, headers=AUTH)
        assert answer.status_code == 201, answer.text
        created.append(answer.json())
    return created


def _problem(answer: httpx.Response, status: int) -> dict[str, Any]:
    """An RFC 9457 problem document, once its status and media type are right."""
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"] == "application/json"
    problem: dict[str, Any] = answer.json()
    assert problem["status"] == status
    assert {"type", "title", "detail"} <= set(problem)
    component_validator("Error").validate(problem)
    return problem


# --- rfc9110 -----------------------------------------------------------------------------


def test_rfc9110_creates_fetches_and_lists() -> None:
    client = _client(rfc9110)
    answer = client.post(LIST, json=VALID, headers=AUTH)
    assert answer.status_code == 201
    created = answer.json()
    component_validator("ChargeBox").validate(created)
    assert answer.headers["location"] == f"{LIST}/{created['id']}"
    assert client.get(answer.headers["location"], headers=AUTH).json() == created
    page = client.get(LIST, headers=AUTH)
    assert page.headers["content-type"] == "application/json"
    assert [box["id"] for box in page.json()["data"]] == [created["id"]]


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("PUT", LIST, "GET, HEAD, OPTIONS, POST"),
        ("DELETE", LIST, "GET, HEAD, OPTIONS, POST"),
        ("PATCH", f"{LIST}/1", "DELETE, GET, HEAD, OPTIONS"),
        ("POST", f"{LIST}/1", "DELETE, GET, HEAD, OPTIONS"),
        ("TRACE", f"{LIST}/1", "DELETE, GET, HEAD, OPTIONS"),
        ("DELETE", f"{LIST}/models", "GET, HEAD, OPTIONS"),
        ("GET", f"{LIST}/1/reset", "OPTIONS, POST"),
        ("DELETE", f"{LIST}/1/reboot", "OPTIONS, POST"),
    ],
)
def test_rfc9110_known_method_not_supported_is_405_with_allow(
    method: str, path: str, allow: str
) -> None:
    answer = _client(rfc9110).request(method, path)  # before auth: no key needed
    _problem(answer, 405)
    assert answer.headers["allow"] == allow


@pytest.mark.parametrize("method", ["QUERY", "FOO"])
def test_rfc9110_unrecognised_method_is_501(method: str) -> None:
    _problem(_client(rfc9110).request(method, LIST, headers=AUTH), 501)


def test_rfc9110_options_lists_the_methods() -> None:
    client = _client(rfc9110)
    for path, allow in [
        (LIST, "GET, HEAD, OPTIONS, POST"),
        (f"{LIST}/models", "GET, HEAD, OPTIONS"),
        (f"{LIST}/1", "DELETE, GET, HEAD, OPTIONS"),
        (f"{LIST}/1/reset", "OPTIONS, POST"),
        (f"{LIST}/1/reboot", "OPTIONS, POST"),
    ]:
        answer = client.options(path)
        assert (answer.status_code, answer.headers["allow"], answer.content) == (204, allow, b"")


def test_rfc9110_missing_or_wrong_key_is_401_with_a_bearer_challenge() -> None:
    client = _client(rfc9110)
    missing = client.get(LIST)
    _problem(missing, 401)
    assert missing.headers["www-authenticate"] == 'Bearer realm="spirii"'
    wrong = client.get(LIST, headers={"Authorization": "Bearer wrong-key"})
    _problem(wrong, 401)
    assert 'error="invalid_token"' in wrong.headers["www-authenticate"]
    assert client.get(LIST, headers={"Authorization": f"bearer {KEY}"}).status_code == 200


def test_rfc9110_invalid_input_is_400_and_names_the_field() -> None:
    client = _client(rfc9110)
    problem = _problem(client.post(LIST, json=VALID | {"locationId": 0}, headers=AUTH), 400)
    assert problem["errors"] == [
        {"pointer": "/locationId", "detail": problem["detail"]},
    ]
    assert "locationId" in problem["detail"]
    assert "limit" in _problem(client.get(LIST, params={"limit": "0"}, headers=AUTH), 400)["detail"]
    assert "id" in _problem(client.get(f"{LIST}/abc", headers=AUTH), 400)["detail"]
    assert _problem(client.post(LIST, content=b"{", headers=AUTH | JSON), 400)
    assert "required" in _problem(client.post(LIST, headers=AUTH), 400)["detail"]


def test_rfc9110_problem_json_only_for_a_client_that_asks_for_it() -> None:
    client = _client(rfc9110)
    asking = client.get(f"{LIST}/9", headers=AUTH | {"Accept": "application/problem+json"})
    assert asking.headers["content-type"] == "application/problem+json"
    assert client.get(f"{LIST}/9", headers=AUTH).headers["content-type"] == "application/json"


def test_rfc9110_content_that_is_not_json_is_415_with_accept() -> None:
    answer = _client(rfc9110).post(
        LIST, content=b"{}", headers=AUTH | {"Content-Type": "text/plain"}
    )
    _problem(answer, 415)
    assert answer.headers["accept"] == "application/json"


def test_rfc9110_unknown_ids_paths_and_taken_identities() -> None:
    client = _client(rfc9110)
    body = VALID | {"chargeBoxIdentity": "DK.SPI.000042"}
    assert client.post(LIST, json=body, headers=AUTH).status_code == 201
    _problem(client.post(LIST, json=body, headers=AUTH), 409)
    _problem(client.get(f"{LIST}/2", headers=AUTH), 404)
    _problem(client.get(f"{LIST}/", headers=AUTH), 404)
    _problem(client.get(f"{LIST}/1/", headers=AUTH), 404)
    _problem(client.get("/V2/CHARGEBOXES", headers=AUTH), 404)


def test_rfc9110_head_is_get_without_the_content() -> None:
    client = _client(rfc9110)
    _created(client)
    for path in (LIST, f"{LIST}/1", f"{LIST}/2"):
        got, head = client.get(path, headers=AUTH), client.head(path, headers=AUTH)
        assert (head.status_code, head.content) == (got.status_code, b"")
        assert head.headers["content-length"] == str(len(got.content))


class _FailingStore(ChargeBoxStore):
    """A store with a bug: listing raises."""

    def page(
        self, limit: int, next_cursor: str | None = None, previous_cursor: str | None = None
    ) -> ChargeBoxPage:
        raise RuntimeError("the database went away")


def test_rfc9110_unhandled_error_is_a_500_problem() -> None:
    _problem(_client(rfc9110, _FailingStore()).get(LIST, headers=AUTH), 500)


# --- both: what openapi.yaml accepts, and where the data comes from ----------------------

CREATE_BODIES = [
    VALID,
    VALID | {"locationId": ID_MAXIMUM},
    VALID | {"chargeBoxIdentity": "DK.SPI.7"},
    VALID | {"chargeBoxIdentity": ""},
    VALID | {"serialNumber": ""},
    VALID | {"locationId": 7.0},
    VALID | {"operatorId": 9},
    {"serialNumber": "SN"},
    VALID | {"serialNumber": None},
    VALID | {"serialNumber": ["SN"]},
    VALID | {"locationId": -1},
    VALID | {"locationId": True},
    VALID | {"modelId": 12.5},
    VALID | {"modelId": {"id": 1}},
    VALID | {"chargeBoxIdentity": None},
    VALID | {"chargeBoxIdentity": ["DK"]},
]


@pytest.mark.parametrize("name", sorted(PERSONALITIES))
@pytest.mark.parametrize("body", CREATE_BODIES, ids=repr)
def test_create_accepts_exactly_the_bodies_openapi_yaml_accepts(
    name: str, body: dict[str, Any]
) -> None:
    valid = component_validator("CreateChargeBoxRequest").is_valid(body)
    answer = _client(PERSONALITIES[name]).post(LIST, json=body, headers=AUTH)
    assert answer.status_code == (201 if valid else 400), answer.text


@pytest.mark.parametrize("name", sorted(PERSONALITIES))
@pytest.mark.parametrize("field", ["locationId", "modelId"])
def test_ids_past_2_53_are_refused_as_openapi_yaml_says(name: str, field: str) -> None:
    """A JavaScript server cannot hold an id past 2^53 - 1 (see ID_MAXIMUM), and openapi.yaml's
    Id says so: the personalities refuse what the spec calls invalid."""
    body = VALID | {field: 2**63 - 1}
    assert not component_validator("CreateChargeBoxRequest").is_valid(body)
    assert component_validator("CreateChargeBoxRequest").is_valid(VALID | {field: ID_MAXIMUM})
    client = _client(PERSONALITIES[name])
    assert client.post(LIST, json=body, headers=AUTH).status_code == 400
    assert client.get(f"{LIST}/{2**63 - 1}", headers=AUTH).status_code in (400, 404)


@pytest.mark.parametrize("name", sorted(PERSONALITIES))
@pytest.mark.parametrize("limit", ["1", "25", "100", "0", "101", "-1", "abc", "1.5", "", "true"])
def test_list_accepts_exactly_the_limits_openapi_yaml_accepts(name: str, limit: str) -> None:
    valid = limit.isdigit() and 1 <= int(limit) <= 100
    answer = _client(PERSONALITIES[name]).get(LIST, params={"limit": limit}, headers=AUTH)
    assert answer.status_code == (200 if valid else 400), answer.text


class _MarkingStore(ChargeBoxStore):
    """A store whose reads change what they return: only a personality that reads through
    `get` and `page` shows the change."""

    def get(self, chargebox_id: int) -> ChargeBox | None:
        chargebox = super().get(chargebox_id)
        return None if chargebox is None else self._marked(chargebox)

    def page(
        self, limit: int, next_cursor: str | None = None, previous_cursor: str | None = None
    ) -> ChargeBoxPage:
        page = super().page(limit, next_cursor, previous_cursor)
        return ChargeBoxPage(
            tuple(map(self._marked, page.chargeboxes)), page.next_cursor, page.previous_cursor
        )

    @staticmethod
    def _marked(chargebox: ChargeBox) -> ChargeBox:
        return ChargeBox(**{**vars(chargebox), "serial_number": "MARKED"})


@pytest.mark.parametrize("name", sorted(PERSONALITIES))
def test_personality_reads_through_the_store(name: str) -> None:
    client = _client(PERSONALITIES[name], _MarkingStore())
    (created,) = _created(client)
    assert created["serialNumber"] == "SN-0"
    assert client.get(f"{LIST}/{created['id']}", headers=AUTH).json()["serialNumber"] == "MARKED"
    assert client.get(LIST, headers=AUTH).json()["data"][0]["serialNumber"] == "MARKED"


# --- the populated account ---------------------------------------------------------------


def _account(client: TestClient) -> Iterator[dict[str, Any]]:
    """Every charge box of the account, walking the list forward a full page at a time."""
    cursor = None
    while True:
        params: dict[str, str | int] = {"limit": 100}
        if cursor:
            params["nextPageCursor"] = cursor
        page = client.get(LIST, params=params, headers=AUTH)
        assert page.status_code == 200, page.text
        component_validator("ChargeBoxPage").validate(page.json())
        yield from page.json()["data"]
        cursor = page.json()["nextPageCursor"]
        if not cursor:
            return


@pytest.mark.parametrize("store_type", [ChargeBoxStore, SparseIdStore])
@pytest.mark.parametrize("name", sorted(PERSONALITIES))
def test_every_chargebox_the_account_serves_is_a_spec_chargebox(
    name: str, store_type: type[ChargeBoxStore]
) -> None:
    client = _client(populated(PERSONALITIES[name]), store_type())
    listed = list(_account(client))
    assert len(listed) == DEFAULT_COUNT
    for chargebox in listed:
        component_validator("ChargeBox").validate(chargebox)
        fetched = client.get(f"{LIST}/{chargebox['id']}", headers=AUTH)
        assert fetched.json() == chargebox


def test_the_account_is_varied_as_a_real_one_is() -> None:
    listed = list(_account(_client(populated(rfc9110))))
    evses = [evse for box in listed for evse in box["evses"]]
    connectors = [connector for evse in evses for connector in evse["connectors"]]
    power_types = Counter(connector["powerType"] for connector in connectors)
    assert power_types["DC"]
    assert power_types["AC_3_PHASE"]
    assert {len(box["evses"]) for box in listed} >= {1, 2}
    assert Counter(box["isOnline"] for box in listed).keys() == {True, False}
    schemas = load_spec()["components"]["schemas"]
    assert {evse["status"] for evse in evses} == set(schemas["EvseStatus"]["enum"])
    codes = {c["error"]["errorCode"] for c in connectors if c.get("error")}
    known = set(schemas["KnownConnectorErrorCode"]["enum"])
    assert codes & known, "no OCPP 1.6 error code"
    assert codes - known, "no error code outside the OCPP 1.6 list"
    assert any(c["deletedAt"] for c in connectors if c.get("deletedAt")), (
        "no soft-deleted connector"
    )
    assert any(box.get("deletedAt") for box in listed), "no soft-deleted charge box"
    for field in ("firmwareVersion", "customer", "lastConnectionEventAt", "deletedAt"):
        shapes = Counter(
            "absent" if field not in box else "null" if box[field] is None else "set"
            for box in listed
        )
        expected = {"absent", "null"} | ({"set"} if field != "deletedAt" else set())
        assert expected <= shapes.keys(), (field, shapes)
    assert any("error" not in c for c in connectors)
    assert any("error" in c and c["error"] is None for c in connectors)


def test_variation_is_fixed_by_seed_and_id() -> None:
    store = ChargeBoxStore()
    stored = store.create(serial_number="SN", location_id=1001, model_id=1234)
    chargebox = chargebox_json(stored)
    assert vary(chargebox, seed=1) == vary(chargebox, seed=1)
    assert chargebox == chargebox_json(stored), "vary changed its argument"
    assert any(vary(chargebox, seed=s) != vary(chargebox, seed=1) for s in range(2, 6))
    for key in ("id", "chargeBoxIdentity", "serialNumber", "locationId", "model"):
        assert vary(chargebox, seed=1)[key] == chargebox[key]


def test_chargeboxes_created_later_are_new_and_pending() -> None:
    client = _client(populated(rfc9110, count=5))
    (created,) = _created(client)
    assert created["id"] == 6
    fetched = client.get(f"{LIST}/6", headers=AUTH).json()
    assert fetched == created
    assert fetched["isOnline"] is False
    assert {evse["status"] for evse in fetched["evses"]} == {"UNKNOWN"}


@pytest.mark.parametrize("name", sorted(PERSONALITIES))
def test_head_on_the_account_announces_the_varied_length(name: str) -> None:
    client = _client(populated(PERSONALITIES[name], count=30))
    for path in (LIST, f"{LIST}/3"):
        got, head = client.get(path, headers=AUTH), client.head(path, headers=AUTH)
        assert head.content == b""
        assert head.headers["content-length"] == str(len(got.content))


def test_populated_store_and_populate() -> None:
    store = populated_store(count=40, seed=7)
    assert len(store.page(100).chargeboxes) == 40
    identities = [box.charge_box_identity for box in store.page(100).chargeboxes]
    assert len(set(identities)) == 40
    assert any(identity.startswith("DK.SPI.") for identity in identities), "none generated"
    assert {box.model.id for box in store.page(100).chargeboxes} >= {1234, 5678}
    assert populate(ChargeBoxStore(), count=3, seed=7) == (1, 2, 3)


def test_sparse_id_store_gives_large_increasing_ids_with_gaps() -> None:
    store = SparseIdStore()
    ids = [store.create(serial_number=f"SN{n}", location_id=1, model_id=1234).id for n in range(9)]
    assert ids == sorted(ids)
    assert ids[0] > 100_000
    assert {b - a for a, b in itertools.pairwise(ids)} == {1, 4}
    for chargebox_id in ids:
        found = store.get(chargebox_id)
        assert found is not None
        assert found.id == chargebox_id
        assert min(found.evse_uids) > 200_000
    assert store.get(ids[0] + 1) is None
    assert store.get(1) is None
    first = store.page(4)
    assert [box.id for box in first.chargeboxes] == ids[:4]
    assert first.next_cursor is not None
    assert [box.id for box in store.page(4, first.next_cursor).chargeboxes] == ids[4:8]


# --- the models list, soft delete, reset and reboot, on both personalities --------------------

# What each honest stack answers a success with: NestJS' defaults (200 for DELETE, 201 for POST),
# and RFC 9110's (204 for a delete without representation, 200 for a command that creates nothing).
_SUCCESS = {"rfc9110": {"delete": 204, "command": 200}}


def _as_documented(answer: httpx.Response, path: str, method: str) -> Any:
    """The JSON body (None when there is none), once openapi.yaml documents the status for the
    operation and the body matches its schema."""
    responses = load_spec()["paths"][path][method]["responses"]
    status = str(answer.status_code)
    assert status in responses, f"{method.upper()} {path} documents no {status}: {answer.text}"
    pointer = responses[status].get(
        "$ref", f"#/paths/{path.replace('/', '~1')}/{method}/responses/{status}"
    )
    content = resolve({"$ref": pointer}).get("content")
    if content is None:
        assert answer.content == b""
        return None
    body = answer.json()
    validator(f"{pointer[1:]}/content/application~1json/schema").validate(body)
    return body


@pytest.mark.parametrize("name", sorted(PERSONALITIES))
def test_models_list_is_the_mock_catalog(name: str) -> None:
    answer = _client(PERSONALITIES[name]).get(f"{LIST}/models", headers=AUTH)

    assert answer.status_code == 200
    assert _as_documented(answer, f"{LIST}/models", "get") == models_json()


@pytest.mark.parametrize("name", sorted(PERSONALITIES))
def test_models_list_needs_the_key(name: str) -> None:
    answer = _client(PERSONALITIES[name]).get(f"{LIST}/models")

    assert answer.status_code in (401, 403)


@pytest.mark.parametrize("name", sorted(PERSONALITIES))
def test_create_with_a_model_outside_the_catalog_is_400(name: str) -> None:
    answer = _client(PERSONALITIES[name]).post(LIST, json=VALID | {"modelId": 9}, headers=AUTH)

    assert answer.status_code == 400
    assert "Only select models supported" in answer.text
    assert "modelId" in answer.text


@pytest.mark.parametrize("name", sorted(PERSONALITIES))
def test_delete_is_soft_and_the_charge_box_stays_visible(name: str) -> None:
    client = _client(PERSONALITIES[name])
    kept, gone = _created(client, 2)

    answer = client.delete(f"{LIST}/{gone['id']}", headers=AUTH)

    assert answer.status_code == _SUCCESS[name]["delete"]
    body = _as_documented(answer, f"{LIST}/{{id}}", "delete")
    fetched = client.get(f"{LIST}/{gone['id']}", headers=AUTH).json()
    assert fetched["deletedAt"] is not None
    assert fetched["isOnline"] is False
    assert body is None or body == fetched
    listed = client.get(LIST, headers=AUTH).json()["data"]
    assert [box["id"] for box in listed] == [kept["id"], gone["id"]]
    assert listed[1] == fetched
    again = client.delete(f"{LIST}/{gone['id']}", headers=AUTH)
    assert (again.status_code, again.content) == (answer.status_code, answer.content)


@pytest.mark.parametrize("name", sorted(PERSONALITIES))
@pytest.mark.parametrize(("method", "suffix"), [("DELETE", ""), ("POST", "/reboot")])
def test_an_unknown_id_is_404_and_an_invalid_one_400(name: str, method: str, suffix: str) -> None:
    client = _client(PERSONALITIES[name])

    assert client.request(method, f"{LIST}/999{suffix}", headers=AUTH).status_code == 404
    assert client.request(method, f"{LIST}/abc{suffix}", headers=AUTH).status_code == 400


@pytest.mark.parametrize("name", sorted(PERSONALITIES))
@pytest.mark.parametrize(
    ("path", "body"), [("reset", {"type": "Hard"}), ("reset", {"type": "Soft"}), ("reboot", None)]
)
def test_reset_and_reboot_reject_offline_and_accept_online(
    name: str, path: str, body: dict[str, str] | None
) -> None:
    store = ChargeBoxStore()
    client = _client(PERSONALITIES[name], store)
    (created,) = _created(client)
    url, operation = f"{LIST}/{created['id']}/{path}", f"{LIST}/{{id}}/{path}"

    offline = client.post(url, json=body, headers=AUTH)
    store.set_online(created["id"])
    online = client.post(url, json=body, headers=AUTH)

    assert offline.status_code == online.status_code == _SUCCESS[name]["command"]
    rejected = _as_documented(offline, operation, "post")
    assert rejected["status"] == "Rejected"
    assert "offline" in rejected["error"]["message"]
    assert _as_documented(online, operation, "post") == {"status": "Accepted"}


@pytest.mark.parametrize("name", sorted(PERSONALITIES))
@pytest.mark.parametrize("body", [{}, {"type": "Medium"}, {"type": "soft"}, {"type": None}])
def test_reset_type_must_be_hard_or_soft(name: str, body: dict[str, Any]) -> None:
    client = _client(PERSONALITIES[name])
    (created,) = _created(client)

    answer = client.post(f"{LIST}/{created['id']}/reset", json=body, headers=AUTH)

    assert answer.status_code == 400, answer.text
    assert "type" in answer.text


@pytest.mark.parametrize("name", sorted(PERSONALITIES))
def test_sparse_ids_reach_delete_reset_and_set_online(name: str) -> None:
    store = SparseIdStore()
    client = _client(PERSONALITIES[name], store)
    first, second = _created(client, 2)

    assert store.set_online(second["id"]) is not None
    accepted = client.post(f"{LIST}/{second['id']}/reboot", headers=AUTH).json()
    rejected = client.post(f"{LIST}/{first['id']}/reboot", headers=AUTH).json()
    deleted = client.delete(f"{LIST}/{first['id']}", headers=AUTH)

    assert accepted == {"status": "Accepted"}
    assert rejected["error"]["message"] == f"Charge box {first['id']} is offline"
    assert deleted.status_code == _SUCCESS[name]["delete"]
    assert client.get(f"{LIST}/{first['id']}", headers=AUTH).json()["deletedAt"] is not None
    assert store.delete(first["id"] + 1) is None
