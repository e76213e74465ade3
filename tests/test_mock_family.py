"""The bundled mock's models list, soft delete, reset and reboot, answers checked by the spec."""

from __future__ import annotations

from typing import Any

import pytest
from starlette.testclient import TestClient

from mock.server import MODEL_CATALOG, ApiError, ChargeBoxStore, create_app
from tests.test_mock_server import AUTH, KEY, LIST, ONE, _body, _conforming, _create

MODELS = f"{LIST}/models"
RESET, REBOOT = f"{ONE}/reset", f"{ONE}/reboot"


@pytest.fixture
def store() -> ChargeBoxStore:
    return ChargeBoxStore()


@pytest.fixture
def client(store: ChargeBoxStore) -> TestClient:
    return TestClient(create_app(KEY, store=store), headers=AUTH)


# The models list, and the catalog a create must choose from.


def test_models_list_is_the_catalog_each_as_a_charge_box_embeds_it(client: TestClient) -> None:
    models = _conforming(client.get(MODELS), MODELS)["data"]

    assert [model["id"] for model in models] == sorted(MODEL_CATALOG)
    embedded = _create(client, modelId=5678)["model"]
    assert next(model for model in models if model["id"] == 5678) == embedded


def test_models_path_is_not_taken_for_an_id(client: TestClient) -> None:
    """Starlette takes the first route that matches: `models` must not reach `{id}`."""
    response = client.get(MODELS)

    assert response.status_code == 200
    assert "data" in response.json()


def test_models_list_needs_the_key() -> None:
    response = TestClient(create_app(KEY)).get(MODELS)

    assert response.status_code == 401
    assert _conforming(response, MODELS)["error"]["param"] == "Authorization"


@pytest.mark.parametrize("model_id", [1, 9, 2**53 - 1])
def test_create_with_a_model_outside_the_catalog_is_400_naming_model_id(
    client: TestClient, model_id: int
) -> None:
    response = client.post(LIST, json=_body(modelId=model_id))

    assert response.status_code == 400
    error = _conforming(response, LIST, "post")["error"]
    assert error["param"] == "modelId"
    assert "Only select models supported" in error["message"]
    assert f"got {model_id}" in error["message"]
    assert _conforming(client.get(LIST), LIST)["data"] == []


def test_store_refuses_a_model_outside_the_catalog(store: ChargeBoxStore) -> None:
    with pytest.raises(ApiError, match="modelId: Only select models supported") as refused:
        store.create(serial_number="SN", location_id=1, model_id=9)

    assert (refused.value.status, refused.value.param) == (400, "modelId")


# Soft delete.


def test_delete_answers_the_charge_box_with_deleted_at_set(client: TestClient) -> None:
    created = _create(client)

    response = client.delete(f"{LIST}/{created['id']}")

    assert response.status_code == 200
    deleted = _conforming(response, ONE, "delete")
    assert deleted["id"] == created["id"]
    assert deleted["deletedAt"] is not None
    assert deleted["updatedAt"] == deleted["deletedAt"]
    assert deleted["isOnline"] is False
    connectors = [c for evse in deleted["evses"] for c in evse["connectors"]]
    assert {c["deletedAt"] for c in connectors} == {deleted["deletedAt"]}


def test_a_deleted_charge_box_is_still_fetched_and_listed(client: TestClient) -> None:
    kept, gone = _create(client), _create(client)
    deleted = _conforming(client.delete(f"{LIST}/{gone['id']}"), ONE, "delete")

    assert _conforming(client.get(f"{LIST}/{gone['id']}"), ONE) == deleted
    listed = _conforming(client.get(LIST), LIST)["data"]
    assert [box["id"] for box in listed] == [kept["id"], gone["id"]]
    assert listed[0]["deletedAt"] is None
    assert listed[1] == deleted


def test_deleting_again_answers_the_same(client: TestClient) -> None:
    created = _create(client)
    first = _conforming(client.delete(f"{LIST}/{created['id']}"), ONE, "delete")

    second = client.delete(f"{LIST}/{created['id']}")

    assert second.status_code == 200
    assert _conforming(second, ONE, "delete") == first


def test_a_deleted_charge_box_keeps_its_identity(client: TestClient) -> None:
    created = _create(client, chargeBoxIdentity="DK.SPI.GONE")
    client.delete(f"{LIST}/{created['id']}")

    response = client.post(LIST, json=_body(chargeBoxIdentity="DK.SPI.GONE"))

    assert response.status_code == 409


@pytest.mark.parametrize(
    ("url", "status", "message"),
    [
        (f"{LIST}/999", 404, "id of an existing charge box, got 999"),
        (f"{LIST}/0", 400, "id: expected at least 1, got 0"),
        (f"{LIST}/abc", 400, 'id: expected integer, got "abc"'),
    ],
)
def test_delete_of_an_unknown_or_invalid_id(
    client: TestClient, url: str, status: int, message: str
) -> None:
    response = client.delete(url)

    assert response.status_code == status
    assert message in _conforming(response, ONE, "delete")["error"]["message"]


# Reset and reboot.


def test_a_new_charge_box_is_offline_and_rejects_a_reset(client: TestClient) -> None:
    created = _create(client)

    response = client.post(f"{LIST}/{created['id']}/reset", json={"type": "Hard"})

    assert response.status_code == 201
    answer = _conforming(response, RESET, "post")
    assert answer == {
        "status": "Rejected",
        "error": {"message": f"Charge box {created['id']} is offline"},
    }


@pytest.mark.parametrize("path", ["reset", "reboot"])
def test_an_online_charge_box_accepts(client: TestClient, store: ChargeBoxStore, path: str) -> None:
    created = _create(client)
    assert store.set_online(created["id"]) is not None
    request: dict[str, Any] = {"json": {"type": "Soft"}} if path == "reset" else {}

    response = client.post(f"{LIST}/{created['id']}/{path}", **request)

    assert response.status_code == 201
    assert _conforming(response, f"{ONE}/{path}", "post") == {"status": "Accepted"}
    assert _conforming(client.get(f"{LIST}/{created['id']}"), ONE)["isOnline"] is True


def test_reboot_rejects_when_offline_and_ignores_a_body(client: TestClient) -> None:
    created = _create(client)

    response = client.post(f"{LIST}/{created['id']}/reboot", json={"type": "Hard"})

    assert response.status_code == 201
    assert _conforming(response, REBOOT, "post")["status"] == "Rejected"


def test_a_deleted_charge_box_rejects_a_reset(client: TestClient, store: ChargeBoxStore) -> None:
    created = _create(client)
    store.set_online(created["id"])
    client.delete(f"{LIST}/{created['id']}")

    response = client.post(f"{LIST}/{created['id']}/reset", json={"type": "Soft"})

    assert store.set_online(created["id"]) is not None  # a deleted one does not come back online
    assert _conforming(client.get(f"{LIST}/{created['id']}"), ONE)["isOnline"] is False
    answer = _conforming(response, RESET, "post")
    assert answer["status"] == "Rejected"
    assert "deleted" in answer["error"]["message"]


@pytest.mark.parametrize(
    ("path", "request_args", "status", "message"),
    [
        (RESET, {"json": {"type": "Medium"}}, 400, "type: expected enum"),
        (RESET, {"json": {}}, 400, "type: required, got nothing"),
        (
            RESET,
            {"content": b"", "headers": {"Content-Type": "application/json"}},
            400,
            "got nothing",
        ),
        (RESET, {"json": {"type": "Soft"}, "url": f"{LIST}/999/reset"}, 404, "got 999"),
        (REBOOT, {"url": f"{LIST}/999/reboot"}, 404, "got 999"),
        (REBOOT, {"url": f"{LIST}/0/reboot"}, 400, "id: expected at least 1, got 0"),
    ],
)
def test_bad_reset_and_reboot_requests(
    client: TestClient, path: str, request_args: dict[str, Any], status: int, message: str
) -> None:
    _create(client)
    arguments = {"url": path.replace("{id}", "1"), **request_args}

    response = client.request("POST", **arguments)

    assert response.status_code == status, response.text
    assert message in _conforming(response, path, "post")["error"]["message"]


def test_set_online_of_an_unknown_id_is_none(store: ChargeBoxStore) -> None:
    assert store.set_online(1) is None
    assert store.delete(1) is None
    assert store.reset(1, "Soft") is None
