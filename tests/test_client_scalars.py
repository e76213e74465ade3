"""Every scalar the client reads is checked against the type the spec declares (issue 17, 1): a
wrong one raises FieldError with its JSON path, unwrap() turns it into UnreadableResponse, and a
walk skips or raises it, instead of handing a consumer a `'false'` typed as bool.

Checked by the exact JSON type (templates/runtime/models/fields.py): a bool is never an integer, an
integer-valued float is not an integer, a `number` takes an int or a float but not a bool, a
nullable field takes null and a required one does not.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from spirii_chargebox_client import AuthenticatedClient
from spirii_chargebox_client.api.chargeboxes import create_charge_box, iter_charge_boxes
from spirii_chargebox_client.errors import (
    UnreadableItem,
    UnreadablePageItem,
    UnreadableResponse,
    json_path,
)
from spirii_chargebox_client.models import (
    ChargeBox,
    ChargeBoxPage,
    CreateChargeBoxRequest,
    ErrorBody,
    FieldError,
)

from spec import load_spec, resolve

NEW_CHARGE_BOX = CreateChargeBoxRequest(serial_number="SN-000001", location_id=123, model_id=1234)


def _vendor_charge_box() -> dict[str, Any]:
    value: dict[str, Any] = load_spec()["components"]["examples"]["VendorChargeBox"]["value"]
    return copy.deepcopy(value)


def _set(document: dict[str, Any], path: tuple[str | int, ...], value: object) -> dict[str, Any]:
    changed = copy.deepcopy(document)
    target: Any = changed
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return changed


def _scalars(document: object, path: tuple[str | int, ...] = ()) -> Iterator[tuple[Any, object]]:
    """Every scalar of a JSON document, with its path."""
    if isinstance(document, dict):
        for key, value in document.items():
            yield from _scalars(value, (*path, key))
    elif isinstance(document, list):
        for index, value in enumerate(document):
            yield from _scalars(value, (*path, index))
    elif document is not None:
        yield path, document


def _declared(path: tuple[str | int, ...]) -> str:
    """The JSON type openapi.yaml declares for the value at `path` of a charge box."""
    schema: Any = resolve(load_spec()["components"]["schemas"]["ChargeBox"])
    for step in path:
        # A nullable object is `anyOf: [{$ref}, {type: null}]`: follow the object.
        branches = [resolve(branch) for branch in schema.get("anyOf", [schema])]
        schema = next(branch for branch in branches if branch.get("type") != "null")
        schema = resolve(schema["items"] if isinstance(step, int) else schema["properties"][step])
    branches = [resolve(branch) for branch in schema.get("anyOf", [schema])]
    types = {kind for branch in branches for kind in _types(branch)} - {"null"}
    (declared,) = types
    return declared


def _types(schema: dict[str, Any]) -> list[str]:
    kind = schema.get("type", "string")  # an open enum's anyOf of enum and pattern: strings
    return kind if isinstance(kind, list) else [kind]


# Values of another JSON type than the one the spec declares for each scalar.
_WRONG: dict[str, tuple[object, ...]] = {
    "boolean": ("true", 1),
    "integer": ("1", True, 1.5, 1.0),
    "number": ("1.5", True),
    "string": (1, True, 1.5),
}
WRONG_SCALARS = [
    (path, wrong) for path, _ in _scalars(_vendor_charge_box()) for wrong in _WRONG[_declared(path)]
]


def test_the_sweep_covers_every_kind_of_scalar() -> None:
    kinds = {_declared(path) for path, _ in _scalars(_vendor_charge_box())}
    assert kinds == {"boolean", "integer", "number", "string"}
    assert len(WRONG_SCALARS) > 60


@pytest.mark.parametrize(("path", "wrong"), WRONG_SCALARS, ids=repr)
def test_every_scalar_of_a_charge_box_refuses_a_value_of_another_type(
    path: tuple[str | int, ...], wrong: object
) -> None:
    with pytest.raises(FieldError) as failure:
        ChargeBox.from_dict(_set(_vendor_charge_box(), path, wrong))

    assert failure.value.path == json_path(path)
    assert repr(wrong) in str(failure.value)


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("isOnline", "false", "a boolean"),  # truthy, and typed bool
        ("id", "42", "an integer"),
        ("id", 4.5, "an integer"),
        ("id", 42.0, "an integer"),  # an integer-valued float is not an int: the spec says integer
        ("id", True, "an integer"),  # a bool is not an int
        ("locationId", None, "an integer"),  # required, not nullable
        ("serialNumber", 12345, "a string"),
    ],
)
def test_the_issue_s_wrong_scalars_are_refused_naming_field_value_and_type(
    field: str, value: object, expected: str
) -> None:
    with pytest.raises(FieldError) as failure:
        ChargeBox.from_dict(_vendor_charge_box() | {field: value})

    assert failure.value.path == f"$.{field}"
    assert str(failure.value) == f"$.{field}: {value!r} is not {expected}"
    assert isinstance(failure.value, ValueError)


CONNECTOR = ("evses", 0, "connectors", 0)


@pytest.mark.parametrize("power", [22, 22.5, None])
def test_a_number_takes_an_int_a_float_and_where_nullable_null(power: object) -> None:
    box = ChargeBox.from_dict(_set(_vendor_charge_box(), (*CONNECTOR, "maxElectricPower"), power))

    assert box.evses[0].connectors[0].max_electric_power == power


@pytest.mark.parametrize("power", [True, False, "22"])
def test_a_number_refuses_a_bool_and_a_string(power: object) -> None:
    with pytest.raises(FieldError, match=r"is not a number or null"):
        ChargeBox.from_dict(_set(_vendor_charge_box(), (*CONNECTOR, "maxElectricPower"), power))


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("firmwareVersion",), None),
        (("evses", 0, "chargeboxId"), None),
        (("model", "plugAndChargeValidated"), None),
        (("model", "description"), None),
        ((*CONNECTOR, "tariffIds"), None),
    ],
)
def test_a_nullable_field_takes_null(path: tuple[str | int, ...], value: object) -> None:
    box = ChargeBox.from_dict(_set(_vendor_charge_box(), path, value))

    assert box.to_dict() == _set(_vendor_charge_box(), path, value) | {
        "createdAt": box.to_dict()["createdAt"]
    }


def test_a_list_of_strings_names_the_item_of_the_wrong_type() -> None:
    ids = ["58652fe8-d840-4aa4-bb4f-3ebd944df9d6", 7]

    with pytest.raises(FieldError) as failure:
        ChargeBox.from_dict(_set(_vendor_charge_box(), (*CONNECTOR, "tariffIds"), ids))

    assert failure.value.path == "$.evses[0].connectors[0].tariffIds[1]"
    assert "7 is not a string" in str(failure.value)


@pytest.mark.parametrize(
    ("document", "path"),
    [
        ({"data": [], "nextPageCursor": 5}, "$.nextPageCursor"),
        ({"data": [], "previousPageCursor": False}, "$.previousPageCursor"),
    ],
)
def test_a_page_s_own_scalars_are_checked(document: dict[str, Any], path: str) -> None:
    with pytest.raises(FieldError) as failure:
        ChargeBoxPage.from_dict(document)

    assert failure.value.path == path


def test_an_error_body_s_open_shapes_are_checked_too() -> None:
    assert ErrorBody.from_dict({"message": ["a", "b"]}).message == ["a", "b"]
    assert ErrorBody.from_dict({"message": "a"}).message == "a"
    with pytest.raises(FieldError, match=r"\$\.message\[1\]: 2 is not a string"):
        ErrorBody.from_dict({"message": ["a", 2]})
    with pytest.raises(FieldError, match=r"\$\.message: 3 is not"):
        ErrorBody.from_dict({"message": 3})


def test_a_created_charge_box_with_a_wrong_scalar_unwraps_to_unreadable_response() -> None:
    created = _vendor_charge_box() | {"isOnline": "yes"}
    transport = httpx.MockTransport(lambda request: httpx.Response(201, json=created))
    client = AuthenticatedClient(
        base_url="http://spirii.test",
        token="k",
        retry=None,
        httpx_args={"transport": transport},
    )

    response = create_charge_box.sync_detailed(client=client, body=NEW_CHARGE_BOX)
    with pytest.raises(UnreadableResponse) as failure:
        response.unwrap()

    assert failure.value.path == "$.isOnline"
    assert failure.value.status_code == 201
    assert "'yes' is not a boolean" in str(failure.value)


def _page_client(boxes: list[dict[str, Any]]) -> AuthenticatedClient:
    body = json.dumps({"data": boxes, "nextPageCursor": None}).encode()
    transport = httpx.MockTransport(lambda request: httpx.Response(200, content=body))
    return AuthenticatedClient(
        base_url="http://spirii.test", token="k", retry=None, httpx_args={"transport": transport}
    )


def test_a_walk_skips_or_raises_a_charge_box_with_a_wrong_scalar() -> None:
    good = _vendor_charge_box()
    odd = _vendor_charge_box() | {"id": 7, "locationId": "123"}
    client = _page_client([good, odd, good | {"id": 8}])

    skipped: list[UnreadableItem] = []
    ids = [
        box.id
        for box in iter_charge_boxes(client=client, on_unreadable="skip", on_skip=skipped.append)
    ]
    assert ids == [good["id"], 8]
    assert [(item.item_id, item.path) for item in skipped] == [(7, "$.data[1].locationId")]

    with pytest.raises(UnreadablePageItem) as failure:
        list(iter_charge_boxes(client=client))
    assert failure.value.path == "$.data[1].locationId"
    assert "'123' is not an integer" in str(failure.value)
