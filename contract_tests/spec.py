"""The contract, loaded once: openapi.yaml as data, and JSON Schema validators for its parts."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SPEC_PATH = Path(__file__).resolve().parent.parent / "openapi.yaml"
SPEC_URI = "urn:spirii:openapi"


@cache
def load_spec() -> dict[str, Any]:
    """Return openapi.yaml as a dict (cached: treat it as read-only)."""
    with SPEC_PATH.open(encoding="utf-8") as spec_file:
        spec: dict[str, Any] = yaml.safe_load(spec_file)
    return spec


@cache
def _registry() -> Registry[Any]:
    resource: Resource[Any] = Resource.from_contents(load_spec(), default_specification=DRAFT202012)
    registry: Registry[Any] = Registry().with_resource(SPEC_URI, resource)
    return registry


def validator(pointer: str) -> Draft202012Validator:
    """A validator for the schema at JSON pointer `pointer` in openapi.yaml, `$ref`s resolved in it.

    Formats are not asserted: `pattern` carries the wire rules (see `Timestamp`).
    """
    return Draft202012Validator({"$ref": f"{SPEC_URI}#{pointer}"}, registry=_registry())


def component_validator(name: str) -> Draft202012Validator:
    """A validator for `#/components/schemas/<name>`."""
    return validator(f"/components/schemas/{name}")
