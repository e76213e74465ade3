"""`make compat` classifies spec changes as a client would feel them: before/after pairs."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from compat.__main__ import verdict
from compat.diff import compare
from spec import load_spec

Spec = dict[str, Any]


def _schemas(spec: Spec) -> dict[str, Any]:
    schemas: dict[str, Any] = spec["components"]["schemas"]
    return schemas


def _list_op(spec: Spec) -> dict[str, Any]:
    operation: dict[str, Any] = spec["paths"]["/v2/chargeboxes"]["get"]
    return operation


def _drop_field(spec: Spec) -> None:
    del _schemas(spec)["ChargeBox"]["properties"]["firmwareVersion"]


def _require_identity(spec: Spec) -> None:
    _schemas(spec)["CreateChargeBoxRequest"]["required"].append("chargeBoxIdentity")


def _narrow_limit(spec: Spec) -> None:
    _list_op(spec)["parameters"][0]["schema"]["maximum"] = 50


def _serial_as_integer(spec: Spec) -> None:
    _schemas(spec)["CreateChargeBoxRequest"]["properties"]["serialNumber"]["type"] = "integer"


def _drop_status_value(spec: Spec) -> None:
    _schemas(spec)["EvseStatus"]["enum"].remove("PLANNED")


def _add_status_value(spec: Spec) -> None:
    _schemas(spec)["EvseStatus"]["enum"].append("PARKED")


def _created_is_200(spec: Spec) -> None:
    responses = spec["paths"]["/v2/chargeboxes"]["post"]["responses"]
    responses["200"] = responses.pop("201")


def _remove_fetch(spec: Spec) -> None:
    del spec["paths"]["/v2/chargeboxes/{id}"]


def _optional_serial_in_response(spec: Spec) -> None:
    _schemas(spec)["ChargeBox"]["required"].remove("serialNumber")


def _timestamp_format(spec: Spec) -> None:
    _schemas(spec)["Timestamp"]["pattern"] = "^[0-9]+$"


def _add_response_field(spec: Spec) -> None:
    _schemas(spec)["ChargeBox"]["properties"]["operatorId"] = {"type": "integer"}


def _add_optional_request_field(spec: Spec) -> None:
    _schemas(spec)["CreateChargeBoxRequest"]["properties"]["note"] = {"type": "string"}


def _add_known_standard(spec: Spec) -> None:
    _schemas(spec)["KnownConnectorStandard"]["enum"].append("NACS")


def _widen_limit(spec: Spec) -> None:
    _list_op(spec)["parameters"][0]["schema"]["maximum"] = 500


def _add_operation(spec: Spec) -> None:
    spec["paths"]["/v2/evses"] = {
        "get": {"operationId": "listEvses", "responses": {"200": {"description": "EVSEs"}}}
    }


def _add_optional_query(spec: Spec) -> None:
    _list_op(spec)["parameters"].append(
        {"name": "locationIds", "in": "query", "required": False, "schema": {"type": "string"}}
    )


def _describe_better(spec: Spec) -> None:
    _schemas(spec)["ChargeBox"]["description"] += " Now with more words."


BREAKING: list[Callable[[Spec], None]] = [
    _drop_field,
    _require_identity,
    _narrow_limit,
    _serial_as_integer,
    _drop_status_value,
    _add_status_value,
    _created_is_200,
    _remove_fetch,
    _optional_serial_in_response,
    _timestamp_format,
]
COMPATIBLE: list[Callable[[Spec], None]] = [
    _add_response_field,
    _add_optional_request_field,
    _add_known_standard,
    _widen_limit,
    _add_operation,
    _add_optional_query,
    _describe_better,
]


def _changed(mutate: Callable[[Spec], None], version: str | None = None) -> Spec:
    spec = copy.deepcopy(load_spec())
    mutate(spec)
    if version:
        spec["info"]["version"] = version
    return spec


def test_an_unchanged_spec_has_no_changes() -> None:
    assert compare(load_spec(), copy.deepcopy(load_spec())) == []


@pytest.mark.parametrize("mutate", BREAKING, ids=lambda m: m.__name__.strip("_"))
def test_a_breaking_change_is_called_breaking(mutate: Callable[[Spec], None]) -> None:
    changes = compare(load_spec(), _changed(mutate))
    assert any(change.breaking for change in changes), changes


@pytest.mark.parametrize("mutate", COMPATIBLE, ids=lambda m: m.__name__.strip("_"))
def test_a_compatible_change_is_not_called_breaking(mutate: Callable[[Spec], None]) -> None:
    changes = compare(load_spec(), _changed(mutate))
    assert not any(change.breaking for change in changes), changes


def _major() -> int:
    return int(load_spec()["info"]["version"].split(".")[0])


def test_breaking_without_a_major_bump_fails_and_with_one_passes() -> None:
    code, lines = verdict(load_spec(), _changed(_drop_field, version=f"{_major()}.1.0"))
    assert code == 1
    assert any(".firmwareVersion: field removed" in line and "BREAKING" in line for line in lines)
    assert f"set info.version to {_major() + 1}.0.0" in lines[-1]
    assert verdict(load_spec(), _changed(_drop_field, version=f"{_major() + 1}.0.0"))[0] == 0


def test_compatible_changes_pass_without_a_major_bump() -> None:
    minor = f"{_major()}.1.0"
    assert verdict(load_spec(), _changed(_add_response_field, version=minor))[0] == 0
