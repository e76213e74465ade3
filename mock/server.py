"""The bundled mock of Spirii's charge-box API: requests checked by openapi.yaml, state in memory.

What a request may be (path, method, content type, parameters, body) is read from openapi.yaml, so
the mock cannot silently disagree with it; only what the spec cannot express is written here: auth,
ids, the model catalog, identity conflicts, pagination, soft deletes, what an offline charge box
answers a reset. Run: `python -m mock`.
"""

from __future__ import annotations

import base64
import contextlib
import dataclasses
import functools
import hmac
import itertools
import json
import os
import re
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, NamedTuple, NoReturn

import uvicorn
from jsonschema import ValidationError
from jsonschema.exceptions import best_match
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from spec import HTTP_METHODS, load_spec, resolve, shown, validator

DEFAULT_API_KEY = "spirii-mock-key"
API_KEY_ENV = "SPIRII_MOCK_API_KEY"
MAX_BODY_BYTES = 1024 * 1024
AUTO_IDENTITY_PREFIX = "DK.SPI."
WIRE_TIME_FORMAT = "%Y-%m-%d %H:%M:%S"
CATALOG_TIME = datetime(2024, 6, 3, 8, 0, 0, tzinfo=UTC)
_CHALLENGE = {"WWW-Authenticate": "Bearer"}
_validator = functools.cache(validator)


@dataclass(eq=False)
class ApiError(Exception):
    """An error answer: its status, the fields of the spec's `ErrorDetail`, extra headers."""

    status: int
    code: str
    message: str
    param: str | None = None
    error_type: str = "invalid_request_error"
    headers: Mapping[str, str] | None = None

    def __post_init__(self) -> None:
        super().__init__(self.message)


class Connector(NamedTuple):
    """A connector of a model. Fields carry their wire names, so a connector renders as itself."""

    standard: str
    format: str
    powerType: str
    maxElectricPower: float  # kW
    maxAmperage: float  # A
    maxVoltage: float  # V


@dataclass(frozen=True)
class Model:
    """A charge-box model: its catalog facts, and the connectors of each of its EVSEs."""

    id: int
    vendor: str
    name: str
    evses: tuple[tuple[Connector, ...], ...]
    description: str | None = None
    plug_and_charge_validated: bool = False
    firmware_management_validated: bool = False


_TYPE_2 = Connector("IEC_62196_T2", "SOCKET", "AC_3_PHASE", 22, 32, 400)
_CCS = Connector("IEC_62196_T2_COMBO", "CABLE", "DC", 150, 375, 1000)
_CHADEMO = Connector("CHADEMO", "CABLE", "DC", 50, 125, 500)
_TYPE_2_11KW = Connector("IEC_62196_T2", "SOCKET", "AC_3_PHASE", 11, 16, 400)
MODEL_CATALOG: Mapping[int, Model] = {
    model.id: model
    for model in (
        Model(
            1234, "Zaptec", "HYC_300", ((_TYPE_2,), (_TYPE_2,)), "Latest and greatest", True, True
        ),
        Model(5678, "Kempower", "T-Series 150", ((_CCS, _CHADEMO),), "DC fast charger", True, True),
        Model(
            2001, "Alfen", "Eve Single Pro-line", ((_TYPE_2_11KW,),), "11 kW wallbox", False, True
        ),
        Model(2002, "ABB", "Terra AC W11", ((_TYPE_2_11KW,),), None, False, True),
        Model(3003, "Easee", "Charge", ((_TYPE_2_11KW,),), "Home and business", False, False),
    )
}
"""The validated models (`GET /v2/chargeboxes/models`), by id; a create names one of them."""


def model_for(model_id: int) -> Model:
    """The catalog model with this id; any other id is a 400 naming `modelId`."""
    model = MODEL_CATALOG.get(model_id)
    if model is None:
        known = ", ".join(str(known_id) for known_id in MODEL_CATALOG)
        message = (
            f"modelId: Only select models supported, expected one of {known} "
            f"(GET /v2/chargeboxes/models), got {model_id}"
        )
        raise ApiError(400, "unsupported_model", message, "modelId")
    return model


@dataclass(frozen=True)
class ChargeBox:
    """A stored charge box."""

    id: int
    charge_box_identity: str
    serial_number: str
    location_id: int
    model: Model
    evse_uids: tuple[int, ...]  # one per EVSE of the model, in its order
    created_at: datetime
    updated_at: datetime
    is_online: bool = False
    deleted_at: datetime | None = None


class CommandResult(NamedTuple):
    """A charge box's answer to a remote command: `Accepted`, or `Rejected` and why."""

    status: str
    error_message: str | None = None


@dataclass(frozen=True)
class ChargeBoxPage:
    """One page of charge boxes, and the cursors of its neighbours (None at either end)."""

    chargeboxes: tuple[ChargeBox, ...]
    next_cursor: str | None
    previous_cursor: str | None


class ChargeBoxStore:
    """Charge boxes in memory, safe to share between threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._chargeboxes: list[ChargeBox] = []
        self._identities: set[str] = set()
        self._evse_uids = itertools.count(1)

    def create(
        self, *, serial_number: str, location_id: int, model_id: int, identity: str | None = None
    ) -> ChargeBox:
        """Store a new charge box; a missing or blank identity is generated, a taken one is 409."""
        model = model_for(model_id)
        wanted = identity if identity and identity.strip() else None
        with self._lock:
            if wanted is not None and wanted in self._identities:
                message = f"chargeBoxIdentity: expected an unused one, got {shown(wanted)}"
                raise ApiError(409, "duplicate_identity", message, "chargeBoxIdentity")
            # Ids count from 1 and a delete keeps the row: a charge box's id is its index plus one.
            chargebox_id = len(self._chargeboxes) + 1
            now = datetime.now(UTC)
            chargebox = ChargeBox(
                id=chargebox_id,
                charge_box_identity=wanted or self._free_identity(chargebox_id),
                serial_number=serial_number,
                location_id=location_id,
                model=model,
                evse_uids=tuple(next(self._evse_uids) for _ in model.evses),
                created_at=now,
                updated_at=now,
            )
            self._chargeboxes.append(chargebox)
            self._identities.add(chargebox.charge_box_identity)
        return chargebox

    def get(self, chargebox_id: int) -> ChargeBox | None:
        """The charge box with this id, or None."""
        with self._lock:
            if 1 <= chargebox_id <= len(self._chargeboxes):
                return self._chargeboxes[chargebox_id - 1]
            return None

    def delete(self, chargebox_id: int) -> ChargeBox | None:
        """Soft-delete: set `deleted_at` and take it offline; None for an unknown id.

        The charge box stays: `get` and `page` still give it, its identity stays taken. Deleting
        it again changes nothing (openapi.yaml's `deleteChargeBox` says why, and that it guesses).
        """
        with self._lock:
            chargebox = self._stored(chargebox_id)
            if chargebox is None or chargebox.deleted_at is not None:
                return chargebox
            now = datetime.now(UTC)
            deleted = dataclasses.replace(
                chargebox, deleted_at=now, updated_at=now, is_online=False
            )
            self._chargeboxes[chargebox_id - 1] = deleted
        return deleted

    def set_online(self, chargebox_id: int, online: bool = True) -> ChargeBox | None:
        """Mark the charge box connected (or not), as when it connects; None for an unknown id.

        The API has no such operation (a charger connects by itself): tests use it to reach an
        online charge box. A soft-deleted one stays offline.
        """
        with self._lock:
            chargebox = self._stored(chargebox_id)
            if chargebox is None or chargebox.deleted_at is not None:
                return chargebox
            changed = dataclasses.replace(chargebox, is_online=online)
            self._chargeboxes[chargebox_id - 1] = changed
        return changed

    def reset(self, chargebox_id: int, reset_type: str) -> CommandResult | None:
        """Ask the charge box to reset (`Hard` or `Soft`; a reboot is `Soft`); None for an
        unknown id. Only an online charge box can be reached: any other is `Rejected`; the type
        does not change the answer. Reads through `get`, so a subclass' ids hold here too."""
        chargebox = self.get(chargebox_id)
        if chargebox is None:
            return None
        if chargebox.deleted_at is not None:
            return CommandResult("Rejected", f"Charge box {chargebox.id} is deleted")
        if not chargebox.is_online:
            return CommandResult("Rejected", f"Charge box {chargebox.id} is offline")
        return CommandResult("Accepted")

    def _stored(self, chargebox_id: int) -> ChargeBox | None:
        return (
            self._chargeboxes[chargebox_id - 1]
            if 1 <= chargebox_id <= len(self._chargeboxes)
            else None
        )

    def page(
        self, limit: int, next_cursor: str | None = None, previous_cursor: str | None = None
    ) -> ChargeBoxPage:
        """Up to `limit` charge boxes in id order, from the start or from a page's cursor;
        soft-deleted ones included."""
        if next_cursor is not None and previous_cursor is not None:
            message = "nextPageCursor, previousPageCursor: expected at most one, got both"
            raise ApiError(400, "invalid_cursor", message)
        with self._lock:
            if previous_cursor is not None:
                end = self._position("previousPageCursor", previous_cursor) - 1
                start = max(0, end - limit)
            else:
                start = 0 if next_cursor is None else self._position("nextPageCursor", next_cursor)
                end = start + limit
            chargeboxes = tuple(self._chargeboxes[start:end])
            more_after = end < len(self._chargeboxes)
        return ChargeBoxPage(
            chargeboxes,
            next_cursor=_cursor(chargeboxes[-1].id) if chargeboxes and more_after else None,
            previous_cursor=_cursor(chargeboxes[0].id) if chargeboxes and start > 0 else None,
        )

    def _free_identity(self, chargebox_id: int) -> str:
        base = f"{AUTO_IDENTITY_PREFIX}{chargebox_id:06d}"
        # A client may already have chosen the identity this id would be given.
        candidates = itertools.chain([base], (f"{base}-{n}" for n in itertools.count(2)))
        return next(c for c in candidates if c not in self._identities)

    def _position(self, param: str, cursor: str) -> int:
        """The id a cursor points at; only a cursor this store could have issued passes."""
        with contextlib.suppress(ValueError):
            chargebox_id = int(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
            if _cursor(chargebox_id) == cursor and 1 <= chargebox_id <= len(self._chargeboxes):
                return chargebox_id
        message = f"{param}: expected a cursor from an earlier page, got {shown(cursor)}"
        raise ApiError(400, "invalid_cursor", message, param)


def _cursor(chargebox_id: int) -> str:
    # No "=" padding: the cursor survives being pasted into a query string unescaped.
    return base64.urlsafe_b64encode(str(chargebox_id).encode()).decode().rstrip("=")


def _wire_time(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime(WIRE_TIME_FORMAT)


def model_json(model: Model) -> dict[str, Any]:
    """A model as the spec's `ChargeBoxModel`: a charge box's `model`, a models list item."""
    return {
        "id": model.id,
        "vendor": model.vendor,
        "name": model.name,
        "plugAndChargeValidated": model.plug_and_charge_validated,
        "firmwareManagementValidated": model.firmware_management_validated,
        "updatedAt": _wire_time(CATALOG_TIME),
        "createdAt": _wire_time(CATALOG_TIME),
        "description": model.description,
    }


def models_json() -> dict[str, Any]:
    """The catalog as the spec's `ChargeBoxModelList`, in id order."""
    return {"data": [model_json(MODEL_CATALOG[model_id]) for model_id in sorted(MODEL_CATALOG)]}


def command_json(result: CommandResult) -> dict[str, Any]:
    """A command's answer as the spec's `CommandResult`; `error` only when rejected."""
    if result.error_message is None:
        return {"status": result.status}
    return {"status": result.status, "error": {"message": result.error_message}}


def chargebox_json(chargebox: ChargeBox) -> dict[str, Any]:
    """A stored charge box as the spec's `ChargeBox`; optional fields are sent as null."""
    model = chargebox.model
    # A soft delete cascades to the connectors, as the vendor shows deleted connectors.
    deleted_at = None if chargebox.deleted_at is None else _wire_time(chargebox.deleted_at)
    evses = [
        {
            "uid": uid,
            "evseId": f"{AUTO_IDENTITY_PREFIX}E{chargebox.id:06d}*{number}",
            "chargeboxId": chargebox.id,
            "status": "UNKNOWN",  # OCPI's "no status information": it has never connected
            "connectors": [
                {"id": n, **c._asdict(), "tariffIds": [], "error": None, "deletedAt": deleted_at}
                for n, c in enumerate(connectors, start=1)
            ],
        }
        for number, (uid, connectors) in enumerate(
            zip(chargebox.evse_uids, model.evses, strict=True), start=1
        )
    ]
    return {
        "id": chargebox.id,
        "chargeBoxIdentity": chargebox.charge_box_identity,
        "serialNumber": chargebox.serial_number,
        "isOnline": chargebox.is_online,
        "locationId": chargebox.location_id,
        "updatedAt": _wire_time(chargebox.updated_at),
        "createdAt": _wire_time(chargebox.created_at),
        "evses": evses,
        "model": model_json(model),
        "firmwareVersion": None,
        "customer": None,
        "lastConnectionEventAt": None,
        "deletedAt": deleted_at,
    }


class _JsonResponse(JSONResponse):
    """Answers' JSON, in ASCII: a lone surrogate (JSON allows `\\ud800`) cannot be sent as UTF-8."""

    def render(self, content: Any) -> bytes:
        return json.dumps(content, allow_nan=False, separators=(",", ":")).encode("ascii")


def page_json(page: ChargeBoxPage) -> dict[str, Any]:
    """A page as the spec's `ChargeBoxPage`."""
    return {
        "data": [chargebox_json(chargebox) for chargebox in page.chargeboxes],
        "nextPageCursor": page.next_cursor,
        "previousPageCursor": page.previous_cursor,
    }


async def _error_response(request: Request, exc: Exception) -> Response:
    """Any exception as the spec's `Error` body, routing misses and mock bugs included."""
    if isinstance(exc, ApiError):
        error = exc
    elif isinstance(exc, HTTPException):  # the router's "no such path"; 405 is _PathApp's
        message = f"path: expected a path of the spec, got {shown(request.url.path)}"
        error = ApiError(404, "not_found", message)
    else:
        error = ApiError(500, "internal_error", "the mock failed (a bug)", None, "api_error")
    detail = {"type": error.error_type, "code": error.code, "message": error.message}
    if error.param is not None:
        detail["param"] = error.param
    return _JsonResponse({"error": detail}, status_code=error.status, headers=error.headers)


def _authenticate(request: Request, api_key: bytes) -> None:
    """Accept `Authorization: Bearer <api_key>` only; the presented key is never repeated."""
    header = request.headers.get("authorization")
    scheme, _, credentials = (header or "").partition(" ")
    if scheme.lower() != "bearer" or not credentials.strip():
        seen = "no header" if header is None else "another scheme or no key"
        code, message = "missing_api_key", f"Authorization: expected 'Bearer <key>', got {seen}"
    # Starlette decodes headers as latin-1: encoding back gives the bytes the client sent.
    elif not hmac.compare_digest(credentials.strip().encode("latin-1"), api_key):
        code, message = "invalid_api_key", "Authorization: expected the mock's key, got another"
    else:
        return
    raise ApiError(401, code, message, "Authorization", "authentication_error", _CHALLENGE)


def _check(pointer: str, instance: Any, where: str | None) -> None:
    """Validate against the spec's schema at `pointer`; a 400 names field, value and rule."""
    error: ValidationError | None = best_match(_validator(pointer).iter_errors(instance))
    if error is None:
        return
    keyword = str(error.validator)
    expected: Any = error.validator_value
    seen: Any = error.instance
    field = ".".join(str(token) for token in [where, *error.absolute_path] if token is not None)
    if keyword == "required":
        missing = next(name for name in expected if name not in seen)
        field = f"{field}.{missing}" if field else missing
        raise ApiError(400, "missing_required", f"{field}: required, got nothing", field)
    if keyword == "type":
        wanted = " or ".join(expected) if isinstance(expected, list) else expected
    elif keyword in {"minimum", "maximum"}:
        wanted = f"at {'least' if keyword == 'minimum' else 'most'} {expected}"
    else:
        wanted = f"{keyword} {shown(expected)}"
    message = f"{field or 'request body'}: expected {wanted}, got {shown(seen)}"
    raise ApiError(400, f"invalid_{keyword}", message, field or None)


def _parameters(pointer: str, operation: Mapping[str, Any], request: Request) -> dict[str, Any]:
    """The operation's parameters (integers parsed from text, defaults filled), spec-checked."""
    values = {}
    for index, declared in enumerate(operation.get("parameters", [])):
        # A shared parameter (`$ref: '#/components/parameters/...'`) is checked where it lives.
        at = declared["$ref"][1:] if "$ref" in declared else f"{pointer}/parameters/{index}"
        parameter = resolve(declared)
        name, schema = parameter["name"], resolve(parameter["schema"])
        source = request.path_params if parameter["in"] == "path" else request.query_params
        text = source.get(name)
        if text is None:
            if parameter.get("required"):
                raise ApiError(400, "missing_required", f"{name}: required, got nothing", name)
            if "default" in schema:
                values[name] = schema["default"]
            continue
        value = text
        if schema.get("type") == "integer" and re.fullmatch(r"-?[0-9]+", text):
            # int() refuses past Python's digit limit; _check then names the text as too long.
            with contextlib.suppress(ValueError):
                value = int(text)
        _check(f"{at}/schema", value, name)
        values[name] = value
    return values


def _reject_constant(constant: str) -> NoReturn:
    raise ValueError(f"{constant} is not JSON")


async def _body(pointer: str, operation: Mapping[str, Any], request: Request) -> Any:
    """The JSON body, at most MAX_BODY_BYTES, checked by the spec's schema."""
    content = operation["requestBody"]["content"]
    media_type = request.headers.get("content-type", "").partition(";")[0].strip().lower()
    if media_type not in content:
        seen = shown(media_type) if media_type else "nothing"
        message = f"Content-Type: expected {' or '.join(content)}, got {seen}"
        raise ApiError(400, "unsupported_media_type", message, "Content-Type")
    body = bytearray()
    # Content-Length may be absent (chunked) or lie: count what actually arrives.
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY_BYTES:
            message = f"request body: expected at most {MAX_BODY_BYTES} bytes, got more"
            raise ApiError(400, "body_too_large", message)
    if not body:
        raise ApiError(400, "missing_body", "request body: expected JSON, got nothing")
    try:
        document = json.loads(body.decode("utf-8"), parse_constant=_reject_constant)
    except UnicodeDecodeError as exc:
        message = f"request body: expected UTF-8, got an invalid byte at offset {exc.start}"
        raise ApiError(400, "invalid_encoding", message) from exc
    except RecursionError as exc:
        message = "request body: expected JSON, got nesting too deep to read"
        raise ApiError(400, "invalid_json", message) from exc
    except ValueError as exc:
        message = f"request body: expected JSON, got invalid JSON ({exc})"
        raise ApiError(400, "invalid_json", message) from exc
    _check(f"{pointer}/requestBody/content/{media_type.replace('/', '~1')}/schema", document, None)
    return document


def _create_chargebox(store: ChargeBoxStore, parameters: dict[str, Any], body: Any) -> Response:
    chargebox = store.create(
        serial_number=body["serialNumber"],
        # JSON Schema counts 1.0 as an integer; the answer must carry 1.
        location_id=int(body["locationId"]),
        model_id=int(body["modelId"]),
        identity=body.get("chargeBoxIdentity"),
    )
    return _JsonResponse(chargebox_json(chargebox), status_code=201)


def _list_chargeboxes(store: ChargeBoxStore, parameters: dict[str, Any], body: Any) -> Response:
    cursors = parameters.get("nextPageCursor"), parameters.get("previousPageCursor")
    return _JsonResponse(page_json(store.page(parameters["limit"], *cursors)))


def _not_found(chargebox_id: int) -> ApiError:
    message = f"id: expected the id of an existing charge box, got {chargebox_id}"
    return ApiError(404, "not_found", message, "id")


def _get_chargebox(store: ChargeBoxStore, parameters: dict[str, Any], body: Any) -> Response:
    chargebox = store.get(parameters["id"])
    if chargebox is None:
        raise _not_found(parameters["id"])
    return _JsonResponse(chargebox_json(chargebox))


def _list_models(store: ChargeBoxStore, parameters: dict[str, Any], body: Any) -> Response:
    return _JsonResponse(models_json())


def _delete_chargebox(store: ChargeBoxStore, parameters: dict[str, Any], body: Any) -> Response:
    # 200 with the charge box, not 204: NestJS' default for DELETE, and it shows `deletedAt`.
    chargebox = store.delete(parameters["id"])
    if chargebox is None:
        raise _not_found(parameters["id"])
    return _JsonResponse(chargebox_json(chargebox))


def _command(store: ChargeBoxStore, chargebox_id: int, reset_type: str) -> Response:
    result = store.reset(chargebox_id, reset_type)
    if result is None:
        raise _not_found(chargebox_id)
    # 201: what the vendor's NestJS answers a POST without @HttpCode; openapi.yaml accepts 200 too.
    return _JsonResponse(command_json(result), status_code=201)


def _reset_chargebox(store: ChargeBoxStore, parameters: dict[str, Any], body: Any) -> Response:
    return _command(store, parameters["id"], body["type"])


def _reboot_chargebox(store: ChargeBoxStore, parameters: dict[str, Any], body: Any) -> Response:
    return _command(store, parameters["id"], "Soft")  # the vendor's reboot is a soft reset


BEHAVIOURS: Mapping[str, Callable[[ChargeBoxStore, dict[str, Any], Any], Response]] = {
    "createChargeBox": _create_chargebox,
    "listChargeBoxes": _list_chargeboxes,
    "getChargeBox": _get_chargebox,
    "listChargeBoxModels": _list_models,
    "deleteChargeBox": _delete_chargebox,
    "resetChargeBox": _reset_chargebox,
    "rebootChargeBox": _reboot_chargebox,
}


class _PathApp:
    """The ASGI app of one spec path: its documented methods, and 405 with `Allow` for others.

    A class, not an endpoint function, so Starlette neither adds HEAD nor answers 405 itself.
    """

    def __init__(self, path: str, store: ChargeBoxStore, api_key: bytes) -> None:
        self._path, self._store, self._api_key = path, store, api_key
        item = load_spec()["paths"][path]
        self._operations = {m.upper(): item[m] for m in HTTP_METHODS if m in item}
        # A KeyError at startup, naming it, when the spec gains an operation the mock lacks.
        self._behaviours = {m: BEHAVIOURS[o["operationId"]] for m, o in self._operations.items()}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        operation = self._operations.get(request.method)
        if operation is None:
            allow = ", ".join(self._operations)
            message = f"method: expected {allow} on {self._path}, got {shown(request.method)}"
            raise ApiError(405, "method_not_allowed", message, headers={"Allow": allow})
        if operation.get("security", load_spec().get("security")):
            _authenticate(request, self._api_key)
        pointer = f"/paths/{self._path.replace('/', '~1')}/{request.method.lower()}"
        parameters = _parameters(pointer, operation, request)
        body = await _body(pointer, operation, request) if "requestBody" in operation else None
        response = self._behaviours[request.method](self._store, parameters, body)
        await response(scope, receive, send)


def create_app(api_key: str | None = None, *, store: ChargeBoxStore | None = None) -> Starlette:
    """The mock as an ASGI app; the key defaults to $SPIRII_MOCK_API_KEY, else DEFAULT_API_KEY."""
    key = api_key if api_key is not None else os.environ.get(API_KEY_ENV) or DEFAULT_API_KEY
    chargebox_store = ChargeBoxStore() if store is None else store
    # Fixed paths before templated ones, whatever their order in the spec: Starlette takes the
    # first match, and `/v2/chargeboxes/{id}` would otherwise take `/v2/chargeboxes/models`.
    paths = sorted(load_spec()["paths"], key=lambda path: path.count("{"))
    routes = [Route(path, _PathApp(path, chargebox_store, key.encode("utf-8"))) for path in paths]
    handlers = {ApiError: _error_response, HTTPException: _error_response}
    app = Starlette(routes=routes, exception_handlers={**handlers, Exception: _error_response})
    # A trailing slash is an unknown path (404), not a redirect the spec does not document.
    app.router.redirect_slashes = False
    return app


def main() -> None:
    """Serve the mock on http://127.0.0.1:$PORT (default 8080) until interrupted."""
    port = os.environ.get("PORT", "8080")
    if not re.fullmatch(r"[0-9]{1,5}", port):
        raise SystemExit(f"PORT: expected a port number, got {port!r}")
    key = f"from {API_KEY_ENV}" if os.environ.get(API_KEY_ENV) else repr(DEFAULT_API_KEY)
    print(f"Spirii charge-box mock on http://127.0.0.1:{port}, API key {key} (set {API_KEY_ENV})")
    uvicorn.run(create_app(), host="127.0.0.1", port=int(port))
