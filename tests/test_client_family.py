"""The generated client calls the models list, delete, reset and reboot against the bundled mock."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from spirii_chargebox_client import AuthenticatedClient, errors
from spirii_chargebox_client.api.chargeboxes import (
    create_charge_box,
    delete_charge_box,
    get_charge_box,
    list_charge_box_models,
    reboot_charge_box,
    reset_charge_box,
)
from spirii_chargebox_client.errors import BadRequest, NotFound
from spirii_chargebox_client.models import (
    ChargeBox,
    ChargeBoxModelList,
    CommandResult,
    CreateChargeBoxRequest,
    KnownCommandStatus,
    ResetRequest,
    ResetType,
)

from drift.personalities import rfc9110
from mock.server import MODEL_CATALOG, ChargeBoxStore, create_app
from mock.serving import serving

KEY = "spirii-test-key"


@pytest.fixture
def store() -> ChargeBoxStore:
    return ChargeBoxStore()


@pytest.fixture
def client(store: ChargeBoxStore) -> Iterator[AuthenticatedClient]:
    with serving(create_app(api_key=KEY, store=store)) as url:
        yield AuthenticatedClient(base_url=url, token=KEY)


def _created(client: AuthenticatedClient, model_id: int = 1234) -> ChargeBox:
    body = CreateChargeBoxRequest(serial_number="SN-1", location_id=123, model_id=model_id)
    return create_charge_box.sync_detailed(client=client, body=body).unwrap()


def test_list_models_reads_the_catalog(client: AuthenticatedClient) -> None:
    models = list_charge_box_models.sync_detailed(client=client).unwrap()

    assert isinstance(models, ChargeBoxModelList)
    assert [model.id for model in models.data] == sorted(MODEL_CATALOG)
    zaptec = next(model for model in models.data if model.id == 1234)
    assert (zaptec.vendor, zaptec.name, zaptec.plug_and_charge_validated) == (
        "Zaptec",
        "HYC_300",
        True,
    )


def test_create_with_an_unlisted_model_raises_bad_request_naming_model_id(
    client: AuthenticatedClient,
) -> None:
    with pytest.raises(BadRequest) as refused:
        _created(client, model_id=9)

    assert refused.value.param == "modelId"


def test_delete_returns_the_charge_box_with_deleted_at(client: AuthenticatedClient) -> None:
    created = _created(client)

    deleted = delete_charge_box.sync_detailed(created.id, client=client).unwrap()

    assert isinstance(deleted, ChargeBox)
    assert deleted.deleted_at is not None
    fetched = get_charge_box.sync_detailed(created.id, client=client).unwrap()
    assert fetched.deleted_at == deleted.deleted_at
    with pytest.raises(NotFound):
        delete_charge_box.sync_detailed(999, client=client).unwrap()


def test_delete_answered_204_reaches_the_consumer_as_a_status() -> None:
    """A server that answers the delete 204 (the RFC 9110 personality) is read, not crashed on."""
    with serving(rfc9110(KEY, ChargeBoxStore())) as url:
        client = AuthenticatedClient(base_url=url, token=KEY)
        created = _created(client)
        answer = delete_charge_box.sync_detailed(created.id, client=client)

    assert (answer.status_code, answer.parsed, answer.parse_error) == (204, None, None)


def test_reset_and_reboot_answer_rejected_offline_and_accepted_online(
    client: AuthenticatedClient, store: ChargeBoxStore
) -> None:
    created = _created(client)
    hard = ResetRequest(type_=ResetType.HARD)

    rejected = reset_charge_box.sync_detailed(created.id, client=client, body=hard).unwrap()
    store.set_online(created.id)
    accepted = reset_charge_box.sync_detailed(created.id, client=client, body=hard).unwrap()
    rebooted = reboot_charge_box.sync_detailed(created.id, client=client).unwrap()

    assert isinstance(rejected, CommandResult)
    assert rejected.status == KnownCommandStatus.REJECTED
    assert "offline" in rejected.error.message  # type: ignore[union-attr]
    assert accepted.status == rebooted.status == KnownCommandStatus.ACCEPTED
    with pytest.raises(NotFound):
        reboot_charge_box.sync_detailed(999, client=client).unwrap()


def test_a_documented_204_unwraps_to_none_and_an_undocumented_one_raises() -> None:
    """unwrap() returns DELETE's documented 204 (no body) as None; a 204 the operation does not
    document (fetching one) is still an UnexpectedStatus."""
    with serving(rfc9110(KEY, ChargeBoxStore())) as url:
        client = AuthenticatedClient(base_url=url, token=KEY)
        created = _created(client)
        assert delete_charge_box.sync_detailed(created.id, client=client).unwrap() is None

    def no_content(request: httpx.Request) -> httpx.Response:
        return httpx.Response(204)

    client = AuthenticatedClient(base_url="http://test", token=KEY)
    client.set_httpx_client(
        httpx.Client(base_url="http://test", transport=httpx.MockTransport(no_content))
    )
    with pytest.raises(errors.UnexpectedStatus):
        get_charge_box.sync_detailed(1, client=client).unwrap()
