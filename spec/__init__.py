"""The one reader of openapi.yaml: the contract as data, `$ref`s resolved, JSON Schema validators.

Everything else in the kit (mock, guard, compat, tests) reads the contract through here.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import IO, Any

import yaml
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SPEC_PATH = Path(__file__).resolve().parent.parent / "openapi.yaml"
SPEC_URI = "urn:spirii:openapi"
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_SHOWN_CHARS = 40


def operations(
    document: Mapping[str, Any] | None = None,
) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(METHOD, path, operation) of every operation of `document` (openapi.yaml by default)."""
    for path, item in (load_spec() if document is None else document).get("paths", {}).items():
        for method, operation in item.items():
            if method in HTTP_METHODS:
                yield method.upper(), path, operation


# libyaml's parser where PyYAML was built with it (its wheels are): the same documents as the
# pure-Python SafeLoader, read ten times faster, which every guard run and test process pays.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_spec(text: str | IO[str]) -> dict[str, Any]:
    """An openapi.yaml document, from its text or an open file."""
    spec: dict[str, Any] = yaml.load(text, Loader=_LOADER)  # noqa: S506 (a safe loader)
    return spec


@cache
def load_spec() -> dict[str, Any]:
    """Return openapi.yaml as a dict (cached: treat it as read-only)."""
    with SPEC_PATH.open(encoding="utf-8") as spec_file:
        return parse_spec(spec_file)


@cache
def _path_templates() -> tuple[tuple[re.Pattern[str], str], ...]:
    """openapi.yaml's paths as patterns, literal ones (`/models`) before templated ones (`{id}`),
    so a literal path is never taken for an id."""
    paths = sorted(load_spec()["paths"], key=lambda path: (path.count("{"), path))
    return tuple(
        (re.compile(re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(path))), path) for path in paths
    )


def template_of(path: str) -> str | None:
    """The path of openapi.yaml an actual path belongs to (`/v2/chargeboxes/42` ->
    `/v2/chargeboxes/{id}`), or None when it belongs to none."""
    return next(
        (template for pattern, template in _path_templates() if pattern.fullmatch(path)), None
    )


def _registry_of(document: Mapping[str, Any]) -> Registry[Any]:
    resource: Resource[Any] = Resource.from_contents(document, default_specification=DRAFT202012)
    registry: Registry[Any] = Registry().with_resource(SPEC_URI, resource)
    return registry


@cache
def _registry() -> Registry[Any]:
    return _registry_of(load_spec())


def resolve(node: Any, document: Mapping[str, Any] | None = None) -> Any:
    """Follow `node`'s local `$ref`s to the node they name, in `document` (default openapi.yaml)."""
    resolver = (_registry() if document is None else _registry_of(document)).resolver()
    seen: set[str] = set()
    while isinstance(node, Mapping) and "$ref" in node:
        ref = node["$ref"]
        if ref in seen:
            raise ValueError(f"circular $ref {ref}")
        seen.add(ref)
        node = resolver.lookup(f"{SPEC_URI}{ref}").contents
    return node


def validator(pointer: str) -> Draft202012Validator:
    """A validator for the schema at JSON pointer `pointer` in openapi.yaml, `$ref`s resolved in it.

    Formats are not asserted: `pattern` carries the wire rules (see `Timestamp`).
    """
    return Draft202012Validator({"$ref": f"{SPEC_URI}#{pointer}"}, registry=_registry())


def _published(node: Any) -> Any:
    """`node` without the keywords it lists in `x-unpublished-keywords`, all the way down."""
    if isinstance(node, list):
        return [_published(item) for item in node]
    if not isinstance(node, dict):
        return node
    guessed = set(node.get("x-unpublished-keywords", ()))
    return {key: _published(value) for key, value in node.items() if key not in guessed}


@cache
def published_validator(name: str) -> Draft202012Validator:
    """A validator for `#/components/schemas/<name>` as the vendor published it: without the
    constraints openapi.yaml guessed and marks `x-unpublished-keywords` (a min length, the
    characters of an identity), which a faithful server need not enforce."""
    document = _published(load_spec())
    return Draft202012Validator(
        {"$ref": f"{SPEC_URI}#/components/schemas/{name}"}, registry=_registry_of(document)
    )


def component_validator(name: str) -> Draft202012Validator:
    """A validator for `#/components/schemas/<name>`."""
    return validator(f"/components/schemas/{name}")


def shown(value: Any, limit: int = _SHOWN_CHARS) -> str:
    """A wire value as a message quotes it: JSON cut short; containers by kind (they nest deep)."""
    if isinstance(value, dict | list):
        return "an object" if isinstance(value, dict) else "an array"
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else f"{text[:limit]}… ({len(text)} chars)"
