"""The guard's own checks: drifts that schemathesis' built-in checks do not name or cannot see.

Per response, each is a schemathesis check `(ctx, response, case)`; across a run, the workflow's
checks take the guard's HTTP client and the ids the run created. Each returns None when it has
nothing to say, or raises `CheckFailed` carrying its own name (as schemathesis' failures carry
theirs in `checks`), naming the field, the value seen and what the contract expects; open enums
only warn. Which fields they look at is read from openapi.yaml, not listed here.
"""

from __future__ import annotations

import datetime
import functools
import importlib
import re
import warnings
from collections.abc import Callable, Iterator
from dataclasses import replace
from functools import cache, wraps
from types import ModuleType
from typing import Any, ParamSpec

import httpx
import requests
import schemathesis
from schemathesis import Case, CheckContext, Response
from spirii_chargebox_client import Client
from spirii_chargebox_client.errors import FieldError

from contract_tests.paths import COLLECTION, id_segment
from contract_tests.record import ROOT_PATH, Change, field_path
from contract_tests.session import TargetSession, json_of, list_pages
from contract_tests.settings import settings
from spec import HTTP_METHODS, load_spec, shown

WIRE_TIMESTAMP = "YYYY-MM-DD HH:MM:SS"
_TIMESTAMP_REF = "#/components/schemas/Timestamp"


P = ParamSpec("P")


class GuardWarning(UserWarning):
    """Not drift: something a person should look at, listed in the run's summary. `where` is the
    field it is about (`$.data[14].connectors[0].standard`), "" when it is not about one; the
    summary lists warnings that differ only in the item once."""

    def __init__(self, message: str, where: str = "") -> None:
        super().__init__(message)
        self.where = where


class OpenEnumWarning(GuardWarning):
    """A server sent a value outside the known list of an open enum: new, not wrong."""


class ProvisionalWarning(GuardWarning):
    """An operation openapi.yaml marks provisional answered off its guessed shape: evidence."""


class UnpublishedValidationWarning(GuardWarning):
    """A server enforces (or skips) a rule for request bodies the vendor never published: a valid
    body refused, or a body only openapi.yaml's guess forbids accepted. Evidence, not drift."""


class UndocumentedMethodWarning(GuardWarning):
    """A server accepts or advertises a method openapi.yaml does not describe on a path."""


class OffContract(AssertionError):
    """What a check raises: the message, and as data the field it is about (`$.createdAt`, ""
    when not one field) and, for a check no single case stands for, the operation."""

    def __init__(self, message: str, *, where: str = "", operation: str = "") -> None:
        super().__init__(message)
        self.where, self.operation = where, operation


class CheckFailed(OffContract):
    """A guard check found drift. `checks` names the check, as in schemathesis' own failures."""

    def __init__(self, check: str, message: str, *, where: str = "", operation: str = "") -> None:
        super().__init__(message, where=where, operation=operation)
        self.checks = (check,)


class Findings(AssertionError):
    """Every drift a pass over many answers found (a walk of the list, the clean-up): one bad
    answer does not hide the next. `exceptions` holds each failure, as an exception group's."""

    def __init__(self, what: str, found: list[BaseException]) -> None:
        super().__init__(f"{what}: {len(found)} answer(s) off the contract")
        self.exceptions = tuple(found)


def failures_in(error: BaseException) -> list[BaseException]:
    """The individual check failures inside what a check or a test raised."""
    inner = getattr(error, "exceptions", None)
    if isinstance(inner, tuple):
        return [leaf for sub in inner for leaf in failures_in(sub)]
    return [error]


def check_name(failure: BaseException) -> str:
    """The name of the check that raised `failure`, as schemathesis.toml and this module name it.

    Schemathesis' failures carry it in `checks`; a custom check's failure keeps what the check
    raised in `exception`, and the guard's checks raise `CheckFailed`, which carries it too.
    """
    raised = getattr(failure, "exception", failure)
    names: tuple[str, ...] = getattr(raised, "checks", ()) or getattr(failure, "checks", ())
    return names[0] if names else type(failure).__name__


def where_of(failure: BaseException) -> str:
    """The field a failure is about (`$.data[49].isOnline`), "" when it is not about one: the
    schema failure's `instance_path`, or the `where` the guard's check gave."""
    instance_path = getattr(failure, "instance_path", None)
    if instance_path is not None:
        return functools.reduce(field_path, instance_path, ROOT_PATH)
    where: str = getattr(getattr(failure, "exception", failure), "where", "")
    return where


def said(failure: BaseException) -> str:
    """What a failure says, in full: schemathesis' `message`, else the exception's text."""
    return str(getattr(failure, "message", failure)).strip()


def change_of(failure: BaseException) -> Change:
    """The drift `failure` is, as data: as recorded where its case was judged (`witness`), else
    as the failure itself carries it (no case, so no curl)."""
    recorded = getattr(failure, "change", None)
    if isinstance(recorded, Change):
        return recorded
    where = where_of(failure)
    title = said(failure).split("\n")[0]
    operation = getattr(failure, "operation", None) or getattr(
        getattr(failure, "exception", None), "operation", None
    )
    return Change(
        check=check_name(failure),
        operation=operation if isinstance(operation, str) else "",
        where=where,
        title=title.removeprefix(f"{where}: ") if where else title,
    )


# Schemathesis shows the key as [Filtered]; the reader's shell fills it in from the variable.
_FILTERED_KEY = "-H 'Authorization: [Filtered]'"
_KEY_FROM_SHELL = '-H "Authorization: Bearer $SPIRII_API_KEY"'


def witness(
    case: Case[Any], failure: BaseException, headers: dict[str, str], base_url: str
) -> None:
    """Record on `failure` the drift it is, with the curl that reproduces `case` (sent with
    `headers` to `base_url`): the run's ledger takes it from there when the test fails."""
    change = change_of(failure)
    curl = case.as_curl_command(headers=headers, base_url=base_url)
    failure.change = replace(  # type: ignore[attr-defined]
        change,
        operation=change.operation or case.operation.label,
        reproduce=curl.replace(_FILTERED_KEY, _KEY_FROM_SHELL),
    )


def named(check: Callable[P, None]) -> Callable[P, None]:
    """Make every AssertionError `check` raises a `CheckFailed` that carries the check's name."""

    @wraps(check)
    def checked(*args: P.args, **kwargs: P.kwargs) -> None:
        try:
            check(*args, **kwargs)
        except CheckFailed:
            raise
        except OffContract as error:
            raise CheckFailed(
                check.__name__, str(error), where=error.where, operation=error.operation
            ) from error
        except AssertionError as error:
            raise CheckFailed(check.__name__, str(error)) from error

    return checked


def _refs(schema: dict[str, Any]) -> set[str]:
    """The `$ref`s a property uses, directly or as a branch of `anyOf`."""
    branches = [schema, *schema.get("anyOf", [])]
    return {branch["$ref"] for branch in branches if "$ref" in branch}


@cache
def timestamp_fields() -> frozenset[str]:
    """Names of the properties whose values are vendor wire timestamps."""
    schemas = load_spec()["components"]["schemas"]
    return frozenset(
        name
        for schema in schemas.values()
        for name, prop in schema.get("properties", {}).items()
        if _TIMESTAMP_REF in _refs(prop)
    )


@cache
def open_enum_fields() -> dict[str, frozenset[str]]:
    """Property name -> known values, for every property typed by an open enum.

    An open enum is a schema `anyOf: [{$ref: Known...}, {type: string}]`.
    """
    schemas = load_spec()["components"]["schemas"]
    known_lists: dict[str, frozenset[str]] = {}
    for name, schema in schemas.items():
        branches = schema.get("anyOf", [])
        if {"type": "string"} in branches:
            (known_ref,) = (branch["$ref"] for branch in branches if "$ref" in branch)
            known = schemas[known_ref.rsplit("/", 1)[-1]]["enum"]
            known_lists[f"#/components/schemas/{name}"] = frozenset(known)
    uses = [
        (prop_name, next((ref for ref in _refs(prop) if ref in known_lists), None))
        for schema in schemas.values()
        for prop_name, prop in schema.get("properties", {}).items()
    ]
    # The walk knows a value's name, not its schema: a name that is a closed list (or anything
    # else) somewhere, such as EVSE `status` beside a command's open `status`, is left out.
    closed = {prop_name for prop_name, ref in uses if ref is None}
    return {
        prop_name: known_lists[ref]
        for prop_name, ref in uses
        if ref is not None and prop_name not in closed
    }


def _walk(node: Any, path: str = ROOT_PATH) -> Iterator[tuple[str, str, Any]]:
    """(JSON path, key, value) of every object member in a JSON document."""
    if isinstance(node, dict):
        for key, value in node.items():
            member = field_path(path, key)
            yield member, key, value
            yield from _walk(value, member)
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from _walk(item, field_path(path, index))


def _json_body(response: Response) -> Any:
    """The JSON body of a JSON response, else None (other checks report a wrong content type)."""
    if "json" not in (response.headers.get("content-type") or [""])[0]:
        return None
    try:
        return response.json()
    except (ValueError, UnicodeDecodeError):
        return None


@schemathesis.check
@named
def timestamps_follow_wire_format(ctx: CheckContext, response: Response, case: Case[Any]) -> None:
    """Drift: a timestamp in another shape than the vendor's `YYYY-MM-DD HH:MM:SS`.

    Catches an epoch number, RFC 3339 with `T` or an offset, `27/01/2025 09:38`, ... while
    accepting the vendor's own example, which plain `format: date-time` rejects.
    """
    wire = re.compile(load_spec()["components"]["schemas"]["Timestamp"]["pattern"])
    drifted = [
        (path, value)
        for path, key, value in _walk(_json_body(response))
        if key in timestamp_fields()
        and value is not None
        and not (isinstance(value, str) and wire.match(value))
    ]
    if drifted:
        raise OffContract(
            f"timestamps not in the vendor wire format {WIRE_TIMESTAMP} (UTC, no offset): "
            + "; ".join(f"{path}: got {shown(value)}" for path, value in drifted),
            where=drifted[0][0],
        )


@cache
def _api_module(operation_id: str) -> ModuleType:
    snake = re.sub(r"(?<!^)(?=[A-Z])", "_", operation_id).lower()
    return importlib.import_module(f"spirii_chargebox_client.api.chargeboxes.{snake}")


def _lost(sent: Any, read_back: Any, path: str) -> Iterator[tuple[str, str]]:
    """(field, what happened to it) for what the wire document `sent` has that the client's
    `read_back` lost or changed."""
    if isinstance(sent, dict) and isinstance(read_back, dict):
        for key, value in sent.items():
            member = field_path(path, key)
            if key not in read_back:
                yield member, f"{member} was dropped"
            else:
                yield from _lost(value, read_back[key], member)
    elif isinstance(sent, list) and isinstance(read_back, list) and len(sent) == len(read_back):
        for index, (item, again) in enumerate(zip(sent, read_back, strict=True)):
            yield from _lost(item, again, field_path(path, index))
    elif sent != read_back and not _same_moment(sent, read_back):
        yield path, f"{path} was {shown(sent)}, the client gives back {shown(read_back)}"


def _same_moment(sent: Any, read_back: Any) -> bool:
    if not (isinstance(sent, str) and isinstance(read_back, str)):
        return False
    try:
        return datetime.datetime.fromisoformat(sent) == datetime.datetime.fromisoformat(read_back)
    except ValueError:
        return False


@schemathesis.check
@named
def generated_client_can_read(ctx: CheckContext, response: Response, case: Case[Any]) -> None:
    """Drift: a documented response that the generated client cannot parse, or parses lossily.

    This is the drift that breaks other teams: the body goes through the same parser a
    consumer's `sync_detailed` uses, then back through `to_dict`, and every wire field must
    come back with its value.
    """
    operation_id = case.operation.definition.raw.get("operationId")
    body = _json_body(response)
    if operation_id is None or body is None:
        return
    wire = httpx.Response(response.status_code, headers={"content-type": "application/json"})
    wire._content = response.content  # the exact bytes, not a re-encoding
    module = _api_module(operation_id)
    try:
        parsed = module._parse_response(client=Client(base_url="http://unused"), response=wire)
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise OffContract(
            f"spirii_chargebox_client cannot read this {response.status_code} response of "
            f"{operation_id}: {type(error).__name__}: {error}",
            where=error.path if isinstance(error, FieldError) else "",
        ) from error
    if parsed is None:
        return  # an undocumented status: status_code_conformance reports it
    lost = list(_lost(body, parsed.to_dict(), ROOT_PATH))
    if lost:
        raise OffContract(
            f"spirii_chargebox_client reads this {response.status_code} response of "
            f"{operation_id} but loses data: " + "; ".join(said for _, said in lost),
            where=lost[0][0],
        )


@schemathesis.check
@named
def created_charge_box_echoes_request(
    ctx: CheckContext, response: Response, case: Case[Any]
) -> None:
    """Drift: the charge box created is not the one asked for.

    `serialNumber`, `locationId`, `modelId` (as `model.id`) and a given `chargeBoxIdentity`
    come back as sent; a missing or blank identity comes back generated and non-empty.
    """
    if case.method.upper() != "POST" or case.operation.path != COLLECTION:
        return
    if response.status_code != 201:
        return
    sent, created = case.body, _json_body(response)
    if not isinstance(sent, dict) or not isinstance(created, dict):
        return
    model = created.get("model")
    echoed = {
        "serialNumber": created.get("serialNumber"),
        "locationId": created.get("locationId"),
        "modelId": model.get("id") if isinstance(model, dict) else None,
    }
    wanted_identity = sent.get("chargeBoxIdentity")
    if isinstance(wanted_identity, str) and wanted_identity.strip():
        echoed["chargeBoxIdentity"] = created.get("chargeBoxIdentity")
    mismatches = [
        f"{field}: sent {shown(sent.get(field))}, created {shown(value)}"
        for field, value in echoed.items()
        if value != sent.get(field)
    ]
    identity = created.get("chargeBoxIdentity")
    if "chargeBoxIdentity" not in echoed and not (isinstance(identity, str) and identity.strip()):
        mismatches.append(f"chargeBoxIdentity: none sent, created {shown(identity)}")
    if mismatches:
        raise AssertionError(
            "the charge box created is not the one asked for: " + "; ".join(mismatches)
        )


# A page member that looks like a cursor by its name: the documented ones, renamed or added to.
_CURSOR_LIKE = re.compile(r"cursor|^next|continuation|page_?token", re.IGNORECASE)


@cache
def _default_page_size() -> int:
    parameters = load_spec()["paths"][COLLECTION]["get"].get("parameters", [])
    limit = next(p for p in parameters if p.get("name") == "limit")
    size: int = limit["schema"]["default"]
    return size


@schemathesis.check
@named
def list_pages_lead_on(ctx: CheckContext, response: Response, case: Case[Any]) -> None:
    """Drift: a full page of the list without `nextPageCursor`, beside another cursor-like field
    (`cursor`, `next`): the list goes on under another name, and a client following
    `nextPageCursor`, as documented, stops after this page and sees a truncated account.

    A full last page with no cursor at all is fine (an account of exactly that many)."""
    if case.method.upper() != "GET" or case.operation.path != COLLECTION:
        return
    page = _json_body(response)
    if response.status_code != 200 or not isinstance(page, dict):
        return
    boxes, following = page.get("data"), page.get("nextPageCursor")
    limit = (case.query or {}).get("limit", _default_page_size())
    if not isinstance(boxes, list) or len(boxes) != limit or following:
        return
    others = {
        key: value
        for key, value in page.items()
        if key not in ("nextPageCursor", "previousPageCursor")
        and _CURSOR_LIKE.search(key)
        and isinstance(value, str | int)
        and not isinstance(value, bool)
        and str(value)
    }
    if others:
        named_fields = ", ".join(f"{key} = {shown(value)}" for key, value in others.items())
        where = field_path(ROOT_PATH, "nextPageCursor")
        raise OffContract(
            f"{where}: a full page of {limit} with no nextPageCursor, but {named_fields}: "
            "the list goes on under another name; a client following nextPageCursor stops here",
            where=where,
        )


@schemathesis.check
@named
def open_enum_values_are_known(ctx: CheckContext, response: Response, case: Case[Any]) -> None:
    """Not a failure: warns when an open enum (connector `standard`, `powerType`, `errorCode`)
    carries a value outside its known list, so a person can add it to openapi.yaml."""
    known = open_enum_fields()
    for path, key, value in _walk(_json_body(response)):
        if key in known and isinstance(value, str) and value not in known[key]:
            warnings.warn(
                OpenEnumWarning(
                    f"{path} = {value!r} is not in the known list of {key}; an open enum, so "
                    "not drift: add it to openapi.yaml if it is here to stay",
                    where=path,
                ),
                stacklevel=2,
            )


# The operation a walk of the whole list is about: no one case of it stands for the walk.
_LIST = f"GET {COLLECTION}"


def _listed_ids(client: TargetSession) -> list[str]:
    """Every charge-box id the list shows (as path segments), walking forward page by page."""
    ids: list[str] = []
    walk = settings().workflow
    for number, (_, answer) in enumerate(
        list_pages(client, walk.list_page_size, walk.max_list_pages), 1
    ):
        page = json_of(answer)
        boxes = page.get("data") if isinstance(page, dict) else None
        if answer.status_code != 200 or not isinstance(boxes, list):
            raise OffContract(
                f"listing page {number} answered {answer.status_code} without a list of charge "
                "boxes, expected 200 and a page",
                operation=_LIST,
            )
        ids.extend(
            str(id_segment(box.get("id") if isinstance(box, dict) else None)) for box in boxes
        )
    return ids


@named
def created_charge_box_is_fetchable(client: TargetSession, chargebox_id: int) -> None:
    """Drift: a created charge box that cannot be fetched by its id."""
    fetched = client.get(f"{COLLECTION}/{chargebox_id}")
    body = json_of(fetched)
    if fetched.status_code != 200 or not isinstance(body, dict) or body.get("id") != chargebox_id:
        raise AssertionError(
            f"charge box {chargebox_id} was created (201) but GET {COLLECTION}/{chargebox_id} "
            f"answered {fetched.status_code} with {shown(body)}"
        )


@named
def plain_create_is_accepted(answer: requests.Response, sent: dict[str, Any]) -> None:
    """Drift: a create the kit knows is good (the configured location and model, a plain serial
    number, no identity) is refused. A refused generated body is only a warning (the vendor
    validates more than it publishes); this one breaks every consumer's create."""
    if not 200 <= answer.status_code < 300 and answer.status_code not in (401, 403, 429):
        raise AssertionError(
            f"POST {COLLECTION} refused a plain create ({shown(sent)}) with "
            f"{answer.status_code}: {answer.text[:200]}"
        )


@named
def created_charge_box_is_listed(client: TargetSession, created: list[str]) -> None:
    """Drift: the list loses or repeats charge boxes (a broken cursor, an off-by-one page
    boundary): every created one must show up exactly once, walking forward page by page."""
    if not created:
        return  # nothing to look for: walking the list would check nothing of this run's
    listed = _listed_ids(client)
    repeated = sorted({i for i in listed if listed.count(i) > 1})
    missing = [i for i in created if i not in listed]
    if repeated or missing:
        raise OffContract(
            f"walking {_LIST} page by page "
            f"(limit {settings().workflow.list_page_size}) showed {len(listed)} charge boxes; "
            "created but not "
            f"listed: {missing}; listed more than once: {repeated}",
            operation=_LIST,
        )


@schemathesis.check
@named
def undocumented_methods_are_refused(
    ctx: CheckContext, response: Response, case: Case[Any]
) -> None:
    """Not a failure: warns when a method openapi.yaml does not declare on a path is answered 2xx
    (HEAD and OPTIONS aside, which frameworks answer themselves), or is advertised in `Allow`.

    What the vendor answers there was never documented (NestJS 404, RFC 9110 405 or 501), so no
    answer is drift; a success means the spec may be missing an operation the vendor has.
    """
    item = load_spec()["paths"].get(case.operation.path, {})
    declared = {method.upper() for method in item if method in HTTP_METHODS}
    method = case.method.upper()
    if method not in declared and method not in ("HEAD", "OPTIONS") and response.status_code < 300:
        warnings.warn(
            f"{method} {case.operation.path} answered {response.status_code}: openapi.yaml does "
            "not describe it; describe it if the vendor has it",
            UndocumentedMethodWarning,
            stacklevel=2,
        )
    allow = (response.headers.get("allow") or [""])[0]
    advertised = {m.strip().upper() for m in allow.split(",") if m.strip()}
    extra = sorted(advertised - declared - {"HEAD", "OPTIONS"})
    if extra:
        warnings.warn(
            f"{case.operation.path} advertises {', '.join(extra)} in Allow: openapi.yaml does not "
            "describe it; describe it if the vendor has it",
            UndocumentedMethodWarning,
            stacklevel=2,
        )


def _differences(listed: Any, fetched: Any, path: str) -> Iterator[tuple[str, str]]:
    """(field, how the two differ) for each field the list and the fetch disagree on."""
    if isinstance(listed, dict) and isinstance(fetched, dict):
        for key in sorted(set(listed) | set(fetched)):
            if key not in settings().walk.volatile_fields:
                yield from _differences(listed.get(key), fetched.get(key), field_path(path, key))
    elif isinstance(listed, list) and isinstance(fetched, list) and len(listed) == len(fetched):
        for index, (one, other) in enumerate(zip(listed, fetched, strict=True)):
            yield from _differences(one, other, field_path(path, index))
    elif listed != fetched:
        yield path, f"{path}: the list says {shown(listed)}, the charge box says {shown(fetched)}"


@named
def listed_charge_box_matches_fetched(listed: dict[str, Any], fetched: Any) -> None:
    """Drift: `GET /v2/chargeboxes/{id}` tells another story than the list's entry for that id
    (fields that change on their own, such as `isOnline`, aside)."""
    differences = list(_differences(listed, fetched, ROOT_PATH))
    if differences:
        raise OffContract(
            f"charge box {listed.get('id')}: " + "; ".join(said for _, said in differences[:5]),
            where=differences[0][0],
        )
