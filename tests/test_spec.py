"""openapi.yaml is a valid, documented contract, faithful to the vendor page it was written from."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema_rs
import pytest
from openapi_spec_validator import validate

from spec import (
    HTTP_METHODS,
    component_validator,
    load_spec,
    operations,
    resolve,
    template_of,
    validator,
)

SEED_PAGE = Path(__file__).resolve().parents[2] / "shared/seeds/000_b95b5dc3687143ff.txt"


def _operations() -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in load_spec()["paths"].items():
        for method, operation in item.items():
            if method in HTTP_METHODS:
                yield path, method, operation


def _media_examples() -> Iterator[tuple[str, str, Any]]:
    """(id, JSON pointer of the schema, example value) for every request and response example."""
    for path, method, operation in _operations():
        base = f"/paths/{path.replace('/', '~1')}/{method}"
        owners = (
            [(f"{base}/requestBody", operation["requestBody"])]
            if "requestBody" in operation
            else []
        )
        owners += [(f"{base}/responses/{code}", r) for code, r in operation["responses"].items()]
        for pointer, owner in owners:
            # A shared response is validated at its component, where its schema lives.
            owner_pointer = owner["$ref"].removeprefix("#") if "$ref" in owner else pointer
            media = resolve(owner).get("content", {}).get("application/json", {})
            for name, example in media.get("examples", {}).items():
                example_id = f"{method} {path} {pointer.rsplit('/', 1)[-1]} {name}"
                schema_pointer = f"{owner_pointer}/content/application~1json/schema"
                yield example_id, schema_pointer, resolve(example)["value"]


def _schema_examples() -> Iterator[tuple[str, str, Any]]:
    """(id, JSON pointer, example) for the `examples` of every component schema and property."""
    for name, schema in load_spec()["components"]["schemas"].items():
        for example in schema.get("examples", []):
            yield name, f"/components/schemas/{name}", example
        for prop, prop_schema in schema.get("properties", {}).items():
            for example in prop_schema.get("examples", []):
                yield f"{name}.{prop}", f"/components/schemas/{name}/properties/{prop}", example


def test_spec_is_valid_openapi_3_1() -> None:
    validate(load_spec())
    assert load_spec()["openapi"].startswith("3.1")


@pytest.mark.parametrize(("path", "method", "operation"), list(_operations()))
def test_every_operation_is_documented_and_declares_bearer_auth(
    path: str, method: str, operation: dict[str, Any]
) -> None:
    for key in ("operationId", "tags", "summary", "description"):
        assert operation.get(key), f"{method.upper()} {path} has no {key}"
    # openapi-python-client ignores root-level security: each operation must declare it.
    assert operation.get("security") == [{"bearerAuth": []}], f"{method.upper()} {path}"


def test_every_schema_and_property_has_a_description() -> None:
    undocumented = [
        f"{name}.{prop}" if prop else name
        for name, schema in load_spec()["components"]["schemas"].items()
        for prop, node in [("", schema), *schema.get("properties", {}).items()]
        if not node.get("description")
    ]
    assert undocumented == []


@pytest.mark.parametrize(("pointer", "example"), [(p, e) for _, p, e in _media_examples()])
def test_every_request_and_response_example_validates(pointer: str, example: Any) -> None:
    errors = [
        f"{list(e.absolute_path)}: {e.message}" for e in validator(pointer).iter_errors(example)
    ]
    assert errors == []


def test_examples_cover_create_fetch_and_list() -> None:
    ids = [example_id for example_id, _, _ in _media_examples()]
    assert any(i.startswith("post /v2/chargeboxes requestBody") for i in ids)
    assert any(i.startswith("post /v2/chargeboxes 201") for i in ids)
    assert any(i.startswith("get /v2/chargeboxes/{id} 200") for i in ids)
    assert any(i.startswith("get /v2/chargeboxes 200") for i in ids)


@pytest.mark.parametrize(("pointer", "example"), [(p, e) for _, p, e in _schema_examples()])
def test_every_schema_example_validates(pointer: str, example: Any) -> None:
    assert list(validator(pointer).iter_errors(example)) == []


@pytest.mark.parametrize(
    "wire_value",
    ["2025-01-27 09:38:41", "1999-12-31 23:59:59", "2024-02-29 00:00:00"],
)
def test_timestamp_accepts_the_vendor_wire_format(wire_value: str) -> None:
    assert component_validator("Timestamp").is_valid(wire_value)


@pytest.mark.parametrize(
    "drifted_value",
    [
        1737970721,
        "1737970721",
        "2025-01-27T09:38:41Z",
        "2025-01-27T09:38:41",
        "2025-01-27 09:38:41+00:00",
        "2025-01-27 09:38:41.123",
        "27/01/2025 09:38",
        "2025-01-27",
        "2025-13-27 09:38:41",
        "",
    ],
)
def test_timestamp_rejects_every_other_shape(drifted_value: object) -> None:
    assert not component_validator("Timestamp").is_valid(drifted_value)


def test_strict_rfc3339_would_reject_the_vendors_own_example() -> None:
    """Why the guard turns format validation off: RFC 3339 `date-time` fails the vendor example."""
    strict = jsonschema_rs.Draft202012Validator({"format": "date-time"}, validate_formats=True)
    assert not strict.is_valid("2025-01-27 09:38:41")
    assert strict.is_valid("2025-01-27T09:38:41Z")


# The vendor page (shared/seeds) lists each field as: name, type, [required], description,
# "Example:", example. These tests hold the spec to that page, field by field.
def _seed_text() -> str:
    if not SEED_PAGE.exists():
        pytest.skip(f"vendor page not found at {SEED_PAGE} (it sits in shared/ beside the repo)")
    return SEED_PAGE.read_text(encoding="utf-8")


def _seed_fields(section: str) -> dict[str, dict[str, Any]]:
    text = _seed_text()
    start = text.index(f"\n{section}\n")
    end = text.index("\nResponse\n", start + 1) if section == "Body" else len(text)
    lines = [line for line in text[start:end].split("\n") if line]
    wire_type = re.compile(r"^(string|number|boolean|object)(\[\]|<[a-z-]+>)?$")
    starts = [i for i in range(len(lines) - 1) if wire_type.match(lines[i + 1])]
    fields: dict[str, dict[str, Any]] = {}
    for first, after in zip(starts, [*starts[1:], len(lines)], strict=True):
        name, kind, *rest = lines[first:after]
        required = bool(rest) and rest[0] == "required"
        rest = rest[1:] if required else rest
        example = json.loads(rest[rest.index("Example:") + 1]) if "Example:" in rest else None
        fields[name] = {"kind": kind, "required": required, "text": rest[0], "example": example}
    return fields


def _seed_json_blocks() -> list[Any]:
    text = _seed_text()
    request_start = text.index("--data '") + len("--data '")
    request_end = text.index("'\n{", request_start)
    response = text[request_end + 2 : text.index("\n\nAuthorizations")]
    return [json.loads(text[request_start:request_end]), json.loads(response)]


@pytest.mark.parametrize(
    ("section", "schema_name"),
    [("Body", "CreateChargeBoxRequest"), ("Response", "ChargeBox")],
)
def test_every_field_of_the_vendor_page_is_in_the_spec(section: str, schema_name: str) -> None:
    schema = load_spec()["components"]["schemas"][schema_name]
    fields = _seed_fields(section)
    assert set(fields) == set(schema["properties"])
    assert {n for n, f in fields.items() if f["required"]} == set(schema["required"])
    for name, field in fields.items():
        prop = schema["properties"][name]
        description = " ".join(prop["description"].split())
        assert description.startswith(field["text"].rstrip(".")), name
        if field["example"] is not None:
            assert prop.get("examples") == [field["example"]], name


def test_spec_examples_are_the_vendor_pages_examples_verbatim() -> None:
    request, response = _seed_json_blocks()
    spec = load_spec()
    create = spec["paths"]["/v2/chargeboxes"]["post"]
    assert create["requestBody"]["content"]["application/json"]["examples"]["vendor"]["value"] == (
        request
    )
    assert spec["components"]["examples"]["VendorChargeBox"]["value"] == response


def _response_schemas() -> set[str]:
    """Names of the component schemas a success answer can carry, nested ones included."""
    names: set[str] = set()
    pending = [
        resolve(response)["content"]["application/json"]["schema"]
        for _, _, operation in operations()
        for code, response in operation["responses"].items()
        if code.startswith("2") and "content" in resolve(response)
    ]
    while pending:
        node = pending.pop()
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.rsplit("/", 1)[-1] not in names:
                names.add(ref.rsplit("/", 1)[-1])
                pending.append(resolve(node))
            pending += [value for key, value in node.items() if key != "$ref"]
        elif isinstance(node, list):
            pending += node
    return names


def _admits_null(schema: dict[str, Any]) -> bool:
    declared = schema.get("type")
    types = declared if isinstance(declared, list) else [declared]
    return "null" in types or {"type": "null"} in schema.get("anyOf", [])


def test_every_optional_field_of_an_answer_is_nullable() -> None:
    """The departures table's promise: optional means optional and nullable (real accounts send
    `maxAmperage: null`); a required field is never null."""
    schemas = load_spec()["components"]["schemas"]
    answered = _response_schemas()
    assert {"ChargeBox", "Connector", "ChargeBoxModel", "Evse"} <= answered
    optional_not_nullable = [
        f"{name}.{prop}"
        for name in sorted(answered)
        for prop, node in schemas[name].get("properties", {}).items()
        if prop not in schemas[name].get("required", []) and not _admits_null(node)
    ]
    required_nullable = [
        f"{name}.{prop}"
        for name in sorted(answered)
        for prop, node in schemas[name].get("properties", {}).items()
        if prop in schemas[name].get("required", []) and _admits_null(node)
    ]
    assert optional_not_nullable == []
    assert required_nullable == []


@pytest.mark.parametrize(
    ("path", "template"),
    [
        ("/v2/chargeboxes", "/v2/chargeboxes"),
        ("/v2/chargeboxes/models", "/v2/chargeboxes/models"),  # literal before `{id}`
        ("/v2/chargeboxes/42", "/v2/chargeboxes/{id}"),
        ("/v2/chargeboxes/42/reboot", "/v2/chargeboxes/{id}/reboot"),
        ("/v2/chargeboxes/42/unknown", None),
        ("/prefix/v2/chargeboxes/42", None),
    ],
)
def test_an_actual_path_belongs_to_one_template(path: str, template: str | None) -> None:
    assert template_of(path) == template
