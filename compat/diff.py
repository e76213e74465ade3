"""Which changes between two versions of openapi.yaml break clients generated from the older one.

Breaking means: code written against the old client stops working, or the old client can no
longer read what the new server sends or send what it now requires. Requests and responses are
compared in opposite directions: a request schema may only widen (old clients' requests stay
valid), a response schema may only narrow (old clients still read every answer).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

from spec import operations, resolve

Direction = Literal["request", "response"]


@dataclass(frozen=True)
class Change:
    """One difference between the two specs, and whether it breaks existing clients."""

    breaking: bool
    where: str
    what: str

    def __str__(self) -> str:
        return f"{'BREAKING' if self.breaking else 'compatible'}: {self.where}: {self.what}"


class _Spec:
    """A spec document with `$ref` resolution (local references only, as openapi.yaml uses)."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document

    def resolve(self, node: Any) -> Any:
        return resolve(node, self.document)

    def operations(self) -> dict[tuple[str, str], dict[str, Any]]:
        return {(method, path): op for method, path, op in operations(self.document)}


def _types(schema: dict[str, Any]) -> set[str]:
    declared = schema.get("type")
    types = set(declared) if isinstance(declared, list) else {declared} if declared else set()
    return {"number" if t == "integer" and "number" in types else t for t in types}


def _widens(old: set[str], new: set[str]) -> set[str]:
    """Types `new` accepts that `old` did not (`integer` sits inside `number`)."""
    return {t for t in new - old if not (t == "integer" and "number" in old)}


def _is_open_enum(branches: list[dict[str, Any]]) -> bool:
    return {"type": "string"} in branches


class _Comparison:
    def __init__(self, old: _Spec, new: _Spec) -> None:
        self.old, self.new = old, new
        self._seen: set[tuple[int, int, str]] = set()

    def schemas(
        self,
        old_node: Any,
        new_node: Any,
        where: str,
        direction: Direction,
        open_enum: bool = False,
    ) -> Iterator[Change]:
        old, new = self.old.resolve(old_node), self.new.resolve(new_node)
        key = (id(old), id(new), direction)
        if key in self._seen or not isinstance(old, dict) or not isinstance(new, dict):
            return
        self._seen.add(key)
        yield from self._type_changes(old, new, where, direction)
        yield from self._enum_changes(old, new, where, direction, open_enum)
        yield from self._bound_changes(old, new, where, direction)
        yield from self._property_changes(old, new, where, direction)
        if "items" in old and "items" in new:
            yield from self.schemas(old["items"], new["items"], f"{where}[]", direction)
        yield from self._branch_changes(old, new, where, direction)

    def _type_changes(
        self, old: dict[str, Any], new: dict[str, Any], where: str, direction: Direction
    ) -> Iterator[Change]:
        old_types, new_types = _types(old), _types(new)
        if not old_types or not new_types:
            return
        wider, narrower = _widens(old_types, new_types), _widens(new_types, old_types)
        if direction == "request" and narrower:
            yield Change(True, where, f"no longer accepts {sorted(narrower)} (type narrowed)")
        if direction == "response" and wider:
            yield Change(True, where, f"may now be {sorted(wider)}, which old clients cannot read")
        if direction == "request" and wider:
            yield Change(False, where, f"now also accepts {sorted(wider)}")
        if direction == "response" and narrower:
            yield Change(False, where, f"is never {sorted(narrower)} any more")
        if old.get("format") != new.get("format"):
            old_format, new_format = old.get("format"), new.get("format")
            yield Change(True, where, f"format {old_format!r} became {new_format!r}")

    def _enum_changes(
        self,
        old: dict[str, Any],
        new: dict[str, Any],
        where: str,
        direction: Direction,
        open_enum: bool,
    ) -> Iterator[Change]:
        if "enum" not in old or "enum" not in new:
            return
        removed = [v for v in old["enum"] if v not in new["enum"]]
        added = [v for v in new["enum"] if v not in old["enum"]]
        if removed:
            yield Change(True, where, f"enum values removed: {removed} (clients' enum members go)")
        if added and direction == "response" and not open_enum:
            yield Change(True, where, f"closed enum gained {added}: old clients fail to parse them")
        elif added:
            yield Change(False, where, f"enum values added: {added}")

    def _bound_changes(
        self, old: dict[str, Any], new: dict[str, Any], where: str, direction: Direction
    ) -> Iterator[Change]:
        tighter_if_higher = ("minimum", "exclusiveMinimum", "minLength", "minItems")
        tighter_if_lower = ("maximum", "exclusiveMaximum", "maxLength", "maxItems")
        for keyword in (*tighter_if_higher, *tighter_if_lower):
            before, after = old.get(keyword), new.get(keyword)
            if before == after:
                continue
            if after is None or before is None:
                tighter = before is None
            else:
                tighter = after > before if keyword in tighter_if_higher else after < before
            if direction == "request" and tighter:
                yield Change(True, where, f"{keyword} {before} -> {after} rejects old requests")
            else:
                yield Change(False, where, f"{keyword} {before} -> {after}")
        if old.get("pattern") != new.get("pattern"):
            yield Change(
                True, where, f"pattern changed: {old.get('pattern')!r} -> {new.get('pattern')!r}"
            )

    def _property_changes(
        self, old: dict[str, Any], new: dict[str, Any], where: str, direction: Direction
    ) -> Iterator[Change]:
        old_props, new_props = old.get("properties", {}), new.get("properties", {})
        old_required, new_required = set(old.get("required", [])), set(new.get("required", []))
        for name in old_props.keys() - new_props.keys():
            yield Change(True, f"{where}.{name}", "field removed (or renamed)")
        for name in new_props.keys() - old_props.keys():
            if direction == "request" and name in new_required:
                yield Change(True, f"{where}.{name}", "new required request field")
            else:
                yield Change(False, f"{where}.{name}", "field added")
        for name in old_props.keys() & new_props.keys():
            if direction == "request" and name in new_required - old_required:
                yield Change(True, f"{where}.{name}", "request field became required")
            if direction == "response" and name in old_required - new_required:
                yield Change(True, f"{where}.{name}", "response field is no longer always sent")
            yield from self.schemas(old_props[name], new_props[name], f"{where}.{name}", direction)

    def _branch_changes(
        self, old: dict[str, Any], new: dict[str, Any], where: str, direction: Direction
    ) -> Iterator[Change]:
        old_branches, new_branches = old.get("anyOf", []), new.get("anyOf", [])
        if not old_branches and not new_branches:
            return
        open_enum = _is_open_enum(old_branches) and _is_open_enum(new_branches)
        by_kind_old = {self._branch_key(b, self.old): b for b in old_branches}
        by_kind_new = {self._branch_key(b, self.new): b for b in new_branches}
        for kind in by_kind_old.keys() - by_kind_new.keys():
            change = "narrowed" if direction == "request" else "narrowed (fine for responses)"
            yield Change(direction == "request", where, f"no longer {kind}: {change}")
        for kind in by_kind_new.keys() - by_kind_old.keys():
            yield Change(direction == "response", where, f"may now be {kind}")
        for kind in by_kind_old.keys() & by_kind_new.keys():
            yield from self.schemas(
                by_kind_old[kind], by_kind_new[kind], where, direction, open_enum=open_enum
            )

    @staticmethod
    def _branch_key(branch: dict[str, Any], spec: _Spec) -> str:
        if "$ref" in branch:
            return f"a {branch['$ref'].rsplit('/', 1)[-1]}"
        return f"a {spec.resolve(branch).get('type', 'value')}"


def _media_schema(spec: _Spec, owner: Any) -> Any:
    content = spec.resolve(owner).get("content", {}) if owner is not None else {}
    return content.get("application/json", {}).get("schema")


def compare(old_document: dict[str, Any], new_document: dict[str, Any]) -> list[Change]:
    """Every difference that matters to a client, breaking or not."""
    old, new = _Spec(old_document), _Spec(new_document)
    comparison = _Comparison(old, new)
    old_ops, new_ops = old.operations(), new.operations()
    changes: list[Change] = []
    for method, path in old_ops.keys() - new_ops.keys():
        changes.append(Change(True, f"{method} {path}", "operation removed"))
    for method, path in new_ops.keys() - old_ops.keys():
        changes.append(Change(False, f"{method} {path}", "operation added"))
    for key in sorted(old_ops.keys() & new_ops.keys()):
        changes += _operation_changes(comparison, f"{key[0]} {key[1]}", old_ops[key], new_ops[key])
    return changes


def _operation_changes(
    comparison: _Comparison, where: str, old_op: dict[str, Any], new_op: dict[str, Any]
) -> Iterator[Change]:
    old, new = comparison.old, comparison.new
    if old_op.get("operationId") != new_op.get("operationId"):
        ids = f"{old_op.get('operationId')!r} -> {new_op.get('operationId')!r}"
        yield Change(True, where, f"operationId renamed {ids}: the client's function is renamed")
    old_params = {(p["in"], p["name"]): p for p in map(old.resolve, old_op.get("parameters", []))}
    new_params = {(p["in"], p["name"]): p for p in map(new.resolve, new_op.get("parameters", []))}
    for location, name in old_params.keys() - new_params.keys():
        yield Change(True, f"{where} {location} {name}", "parameter removed")
    for key in new_params.keys() - old_params.keys():
        required = new_params[key].get("required", False)
        yield Change(
            required,
            f"{where} {key[0]} {key[1]}",
            "parameter added" + (" (required)" if required else ""),
        )
    for key in old_params.keys() & new_params.keys():
        param_where = f"{where} {key[0]} {key[1]}"
        if new_params[key].get("required") and not old_params[key].get("required"):
            yield Change(True, param_where, "parameter became required")
        yield from comparison.schemas(
            old_params[key].get("schema"), new_params[key].get("schema"), param_where, "request"
        )
    old_body, new_body = old_op.get("requestBody"), new_op.get("requestBody")
    if new_body is not None and old_body is None and new.resolve(new_body).get("required"):
        yield Change(True, f"{where} body", "a required request body was added")
    if old_body is not None and new_body is not None:
        yield from comparison.schemas(
            _media_schema(old, old_body), _media_schema(new, new_body), f"{where} body", "request"
        )
    old_responses, new_responses = old_op.get("responses", {}), new_op.get("responses", {})
    for status in old_responses.keys() - new_responses.keys():
        yield Change(True, f"{where} {status}", "response status removed (status code changed)")
    for status in new_responses.keys() - old_responses.keys():
        yield Change(False, f"{where} {status}", "response status added")
    for status in old_responses.keys() & new_responses.keys():
        old_schema = _media_schema(old, old_responses[status])
        new_schema = _media_schema(new, new_responses[status])
        if old_schema is not None and new_schema is not None:
            yield from comparison.schemas(old_schema, new_schema, f"{where} {status}", "response")
