"""The generated client reads what the vendor sends and writes what the vendor expects."""

from __future__ import annotations

import datetime
import json
from typing import Any

import httpx
import pytest
from spirii_chargebox_client import AuthenticatedClient
from spirii_chargebox_client.api.chargeboxes import (
    create_charge_box,
    get_charge_box,
    list_charge_boxes,
)
from spirii_chargebox_client.models import (
    ChargeBox,
    ChargeBoxPage,
    ConnectorError,
    ConnectorFormat,
    CreateChargeBoxRequest,
    Customer,
    ErrorBody,
    ErrorDetail,
    EvseStatus,
    KnownConnectorErrorCode,
    KnownConnectorStandard,
    KnownPowerType,
)
from spirii_chargebox_client.types import UNSET

from spec import load_spec

WIRE_TIME = datetime.datetime(2025, 1, 27, 9, 38, 41, tzinfo=datetime.UTC)


def _vendor_charge_box() -> dict[str, Any]:
    value: dict[str, Any] = load_spec()["components"]["examples"]["VendorChargeBox"]["value"]
    copy: dict[str, Any] = json.loads(json.dumps(value))  # a deep copy a test may change
    return copy


def _vendor_request() -> dict[str, Any]:
    create = load_spec()["paths"]["/v2/chargeboxes"]["post"]
    value: dict[str, Any] = create["requestBody"]["content"]["application/json"]["examples"][
        "vendor"
    ]["value"]
    return value


def test_vendor_response_parses_into_typed_models() -> None:
    box = ChargeBox.from_dict(_vendor_charge_box())

    assert (box.id, box.charge_box_identity, box.serial_number) == (
        123456,
        "DK.SPI.000001",
        "SN-000001",
    )
    assert box.is_online is True
    assert box.location_id == 123
    assert box.created_at == WIRE_TIME
    assert box.updated_at == WIRE_TIME
    assert box.last_connection_event_at == WIRE_TIME
    assert box.deleted_at == WIRE_TIME
    assert box.firmware_version == "FM-000001"
    assert isinstance(box.customer, Customer)
    assert box.customer.id == 123456

    evse = box.evses[0]
    assert (evse.uid, evse.evse_id, evse.chargebox_id) == (123456, "DK.12343*1", 123)
    assert evse.status is EvseStatus.CHARGING
    connector = evse.connectors[0]
    assert connector.standard is KnownConnectorStandard.CHADEMO
    assert connector.format_ is ConnectorFormat.SOCKET
    assert connector.power_type is KnownPowerType.DC
    assert (connector.max_electric_power, connector.max_amperage, connector.max_voltage) == (
        22,
        32,
        400,
    )
    assert connector.tariff_ids == ["58652fe8-d840-4aa4-bb4f-3ebd944df9d6"]
    assert connector.deleted_at == WIRE_TIME
    error = connector.error
    assert isinstance(error, ConnectorError)
    assert error.error_code is KnownConnectorErrorCode.UNDERVOLTAGE
    assert error.info == "NO_VOLTAGE_L2_L3"
    assert error.vendor_error_code == "134217728"

    model = box.model
    assert (model.id, model.vendor, model.name) == (123456, "Zaptec", "HYC_300")
    assert model.plug_and_charge_validated is True
    assert model.firmware_management_validated is True
    assert model.created_at == WIRE_TIME
    assert model.description == "Latest and greatest from Zaptec"


def test_vendor_response_survives_a_round_trip_timestamps_included() -> None:
    wire = _vendor_charge_box()
    again = ChargeBox.from_dict(ChargeBox.from_dict(wire).to_dict())
    assert again == ChargeBox.from_dict(wire)
    # The client writes timestamps back in the v2 wire's own spelling.
    assert ChargeBox.from_dict(wire).to_dict()["createdAt"] == "2025-01-27 09:38:41"


def test_request_model_serialises_to_exactly_the_vendor_request() -> None:
    body = CreateChargeBoxRequest(
        serial_number="SN-000001",
        location_id=123,
        model_id=1234,
        charge_box_identity="DK.SPI.000001",
    )
    assert body.to_dict() == _vendor_request()
    assert json.dumps(body.to_dict()) == json.dumps(_vendor_request())


def test_request_without_identity_leaves_the_field_out() -> None:
    body = CreateChargeBoxRequest(serial_number="SN-1", location_id=1, model_id=2)
    assert body.to_dict() == {"serialNumber": "SN-1", "locationId": 1, "modelId": 2}


@pytest.mark.parametrize(
    ("field", "value"),
    [("standard", "NACS"), ("powerType", "AC_4_PHASE"), ("error", {"errorCode": "OCPP201Fault"})],
)
def test_a_new_value_in_an_open_enum_reaches_the_consumer_as_a_string(
    field: str, value: Any
) -> None:
    wire = _vendor_charge_box()
    wire["evses"][0]["connectors"][0][field] = value
    connector = ChargeBox.from_dict(wire).evses[0].connectors[0]
    seen = {
        "standard": connector.standard,
        "powerType": connector.power_type,
        "error": getattr(connector.error, "error_code", None),
    }[field]
    expected = value["errorCode"] if isinstance(value, dict) else value
    assert seen == expected
    assert type(seen) is str


@pytest.mark.parametrize(("field", "value"), [("status", "PARKED"), ("format", "WIRELESS")])
def test_a_new_value_in_a_closed_enum_is_an_error_for_the_consumer(field: str, value: str) -> None:
    """Closed enums are drift when they change: the client fails loudly, and the guard first."""
    wire = _vendor_charge_box()
    target = wire["evses"][0] if field == "status" else wire["evses"][0]["connectors"][0]
    target[field] = value
    with pytest.raises(ValueError, match=value):
        ChargeBox.from_dict(wire)


def test_an_unknown_field_is_kept_not_lost() -> None:
    wire = _vendor_charge_box() | {"operatorId": 7}
    box = ChargeBox.from_dict(wire)
    assert box.additional_properties == {"operatorId": 7}
    assert box.to_dict()["operatorId"] == 7


def test_optional_fields_may_be_absent_or_null() -> None:
    wire = _vendor_charge_box()
    for field in ("firmwareVersion", "customer", "lastConnectionEventAt"):
        del wire[field]
    wire["deletedAt"] = None
    box = ChargeBox.from_dict(wire)
    assert box.firmware_version is UNSET
    assert box.customer is UNSET
    assert box.deleted_at is None


def test_a_page_parses() -> None:
    value = load_spec()["components"]["examples"]["VendorChargeBoxPage"]["value"]
    page = ChargeBoxPage.from_dict(value)
    assert [box.id for box in page.data] == [123456]
    assert page.next_page_cursor == "My0xMDAw"
    last = ChargeBoxPage.from_dict({"data": [], "nextPageCursor": None})
    assert last.next_page_cursor is None
    assert last.previous_page_cursor is UNSET


class _Recorder:
    """An httpx transport that records requests and answers from a script."""

    def __init__(self, status: int, body: Any) -> None:
        self.status, self.body = status, body
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return httpx.Response(self.status, json=self.body)


def _client(recorder: _Recorder) -> AuthenticatedClient:
    return AuthenticatedClient(
        base_url="https://sandbox.api.spirii.com",
        token="k-123",
        httpx_args={"transport": httpx.MockTransport(recorder)},
    )


def test_authenticated_client_sends_a_bearer_key_and_the_vendor_body() -> None:
    recorder = _Recorder(201, _vendor_charge_box())
    body = CreateChargeBoxRequest.from_dict(_vendor_request())
    created = create_charge_box.sync(client=_client(recorder), body=body)

    assert isinstance(created, ChargeBox)
    (request,) = recorder.requests
    assert request.headers["Authorization"] == "Bearer k-123"
    assert request.headers["Content-Type"] == "application/json"
    assert (request.method, request.url.path) == ("POST", "/v2/chargeboxes")
    assert json.loads(request.content) == _vendor_request()


def test_list_sends_its_query_and_reads_the_page() -> None:
    recorder = _Recorder(200, {"data": [_vendor_charge_box()], "nextPageCursor": "abc"})
    page = list_charge_boxes.sync(client=_client(recorder), limit=100, next_page_cursor="xyz")

    assert isinstance(page, ChargeBoxPage)
    assert page.next_page_cursor == "abc"
    assert dict(recorder.requests[0].url.params) == {"limit": "100", "nextPageCursor": "xyz"}


def test_a_documented_error_parses_into_the_error_model() -> None:
    recorder = _Recorder(404, {"error": {"code": "not_found", "message": "no charge box 9"}})
    response = get_charge_box.sync_detailed(9, client=_client(recorder))

    assert response.status_code == 404
    assert isinstance(response.parsed, ErrorBody)
    assert isinstance(response.parsed.error, ErrorDetail)
    assert response.parsed.error.code == "not_found"
