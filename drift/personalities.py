"""Honest servers of Spirii's charge-box API, built from how real stacks behave, not openapi.yaml.

A personality is `(api_key, store) -> ASGI app`: a fresh server over `store`, the mock's
`ChargeBoxStore` or any subclass of it. The data is the mock's: a personality reads and writes only
through the store's `create`, `get`, `page`, `delete` and `reset`, and renders with the mock's
`chargebox_json`, `page_json`, `models_json` and `command_json`. What differs is routing,
validation, auth, errors and success statuses. The drift guard must pass every personality.

- `rfc9110`: a textbook HTTP server: RFC 9110 semantics, RFC 6750 bearer auth, RFC 9457 problems.

The vendor's own stack, NestJS, is not imitated here: drift/framework.py runs the real framework.
"""

from __future__ import annotations

import hmac
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any, ClassVar, TypeVar
from urllib.parse import parse_qsl

from starlette.types import ASGIApp, Receive, Scope, Send

from mock.server import (
    ApiError,
    ChargeBoxStore,
    chargebox_json,
    command_json,
    models_json,
    page_json,
)

Personality = Callable[[str, ChargeBoxStore], ASGIApp]
"""(api_key, store) -> a fresh ASGI app serving `store` to `Authorization: Bearer <api_key>`."""

CHARGEBOXES = "/v2/chargeboxes"
MAX_SAFE_INTEGER = 2**53 - 1  # JavaScript's Number.MAX_SAFE_INTEGER
# The largest id the API can take. The vendor's server is JavaScript, whose numbers are doubles:
# past 2^53 an id does not survive the round trip, so both personalities refuse it (openapi.yaml's
# Id says the same since 3.0.0; before, it allowed 2^63 - 1, which comes back as 2^63).
ID_MAXIMUM = MAX_SAFE_INTEGER

# What a charge point may call itself: OCPP 2.0.1's identity characters, at most 48 (it is a
# segment of the charger's websocket URL); blank means "generate one".
OCPP_IDENTITY = re.compile(r"\s*|[A-Za-z0-9*_=:+|@.-]{1,48}")

Headers = list[tuple[str, str]]
_T = TypeVar("_T")


@dataclass(frozen=True)
class _Request:
    """One HTTP request, read whole (up to a cap) before any decision is made."""

    method: str
    raw_path: str  # as sent: percent-encoded, without the query
    path: str  # percent-decoded
    query: str
    headers: Mapping[str, str]  # lower-case names; a repeated field's values joined with ", "
    body: bytes
    body_over_cap: bool  # more than the cap arrived; `body` holds the first cap + 1 bytes

    @property
    def has_body(self) -> bool:
        """type-is' `hasBody`: a framed body was announced, even an empty one."""
        length = self.headers.get("content-length", "")
        return "transfer-encoding" in self.headers or length.strip().isdigit()

    @property
    def original_url(self) -> str:
        """Express' `req.originalUrl`: the request target as sent, query included."""
        return f"{self.raw_path}?{self.query}" if self.query else self.raw_path


async def _read_request(scope: Scope, receive: Receive, cap: int) -> _Request:
    headers: dict[str, str] = {}
    for name, value in scope["headers"]:
        key, text = name.decode("latin-1").lower(), value.decode("latin-1")
        headers[key] = f"{headers[key]}, {text}" if key in headers else text
    body = bytearray()
    more = True
    while more:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        if len(body) <= cap:
            body += message.get("body", b"")
        more = message.get("more_body", False)
    raw_path = scope.get("raw_path") or scope["path"].encode("utf-8")
    return _Request(
        method=scope["method"],  # case-sensitive, as RFC 9110 and Node's parser have it
        raw_path=raw_path.decode("latin-1"),
        path=scope["path"],
        query=scope["query_string"].decode("latin-1"),
        headers=headers,
        body=bytes(body[: cap + 1]),
        body_over_cap=len(body) > cap,
    )


async def _respond(send: Send, status: int, headers: Headers, body: bytes, *, head: bool) -> None:
    """Send an answer; a HEAD answer carries the headers of the GET answer and no body."""
    if status not in (204, 304):
        headers = [*headers, ("content-length", str(len(body)))]
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(k.encode("latin-1"), v.encode("latin-1")) for k, v in headers],
        }
    )
    await send({"type": "http.response.body", "body": b"" if head or status == 204 else body})


def _media_type(content_type: str) -> tuple[str, dict[str, str]]:
    """`type/subtype` in lower case, and the parameters (names lower-cased, quotes removed)."""
    media_type, *parameters = content_type.split(";")
    params = {}
    for parameter in parameters:
        name, _, value = parameter.partition("=")
        params[name.strip().lower()] = value.strip().strip('"')
    return media_type.strip().lower(), params


# --- a textbook server (RFC 9110) -----------------------------------------------------------

RFC9110_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE"})
KNOWN_METHODS = RFC9110_METHODS | {"PATCH"}  # RFC 5789
TEXTBOOK_BODY_LIMIT = 1024 * 1024
_PHRASES = {413: "Content Too Large"}  # RFC 9110's names where Python's are older
_CHALLENGE = 'Bearer realm="spirii"'
RESET_TYPES = ("Hard", "Soft")


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _reject_constant(constant: str) -> Any:
    raise ValueError(f"{constant} is not JSON")


class _Problem(Exception):
    """An RFC 9457 problem: status, detail, extra headers, and per-field `errors`."""

    def __init__(
        self,
        status: int,
        detail: str,
        headers: Headers | None = None,
        errors: list[dict[str, str]] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status, self.detail, self.headers, self.errors = status, detail, headers or [], errors


def _problem_document(problem: _Problem) -> dict[str, Any]:
    title = _PHRASES.get(problem.status, HTTPStatus(problem.status).phrase)
    document: dict[str, Any] = {
        "type": "about:blank",
        "title": title,
        "status": problem.status,
        "detail": problem.detail,
    }
    if problem.errors:
        document["errors"] = problem.errors
    return document


def _accepts_problem_json(accept: str) -> bool:
    """Whether the client asked for `application/problem+json` by name (q above 0)."""
    for media_range in accept.split(","):
        media_type, params = _media_type(media_range)
        if media_type == "application/problem+json" and params.get("q", "1") not in ("0", "0.0"):
            return True
    return False


def _shown(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else f"{text[:40]}… ({len(text)} chars)"


def _textbook_id(value: Any, pointer: str) -> dict[str, str] | None:
    whole = isinstance(value, int) or (isinstance(value, float) and value.is_integer())
    if _is_number(value) and whole and 1 <= value <= ID_MAXIMUM:
        return None
    detail = f"{pointer[1:]}: expected an integer from 1 to {ID_MAXIMUM}, got {_shown(value)}"
    return {"pointer": pointer, "detail": detail}


def _textbook_json_object(request: _Request) -> dict[str, Any]:
    """A required body: JSON in UTF-8, an object.

    No content at all is a 400 (the body is required); content in another media type is 415.
    """
    if not request.body:
        raise _Problem(400, "request body: required, got nothing")
    media_type, params = _media_type(request.headers.get("content-type", ""))
    if media_type != "application/json" or params.get("charset", "utf-8").lower() != "utf-8":
        seen = request.headers.get("content-type", "no Content-Type")
        raise _Problem(
            415,
            f"Content-Type: expected application/json, got {seen}",
            [("accept", "application/json")],
        )
    if request.body_over_cap:
        raise _Problem(413, f"request body: expected at most {TEXTBOOK_BODY_LIMIT} bytes, got more")
    try:
        document = json.loads(request.body.decode("utf-8"), parse_constant=_reject_constant)
    except (ValueError, RecursionError) as error:
        raise _Problem(400, f"request body: expected a JSON document ({error})") from error
    if not isinstance(document, dict):
        raise _Problem(400, f"request body: expected a JSON object, got {_shown(document)}")
    return document


def _textbook_create_body(request: _Request) -> dict[str, Any]:
    """The create body: a JSON object, fields as the server's model declares them."""
    document = _textbook_json_object(request)
    errors = []
    if document.get("serialNumber") == "":
        errors.append({"pointer": "/serialNumber", "detail": "serialNumber: must not be empty"})
    if not isinstance(document.get("serialNumber"), str):
        got = _shown(document["serialNumber"]) if "serialNumber" in document else "nothing"
        errors.append(
            {"pointer": "/serialNumber", "detail": f"serialNumber: expected a string, got {got}"}
        )
    for name in ("locationId", "modelId"):
        if name not in document:
            errors.append({"pointer": f"/{name}", "detail": f"{name}: required, got nothing"})
        elif (field_error := _textbook_id(document[name], f"/{name}")) is not None:
            errors.append(field_error)
    identity = document.get("chargeBoxIdentity")
    if identity is not None and not isinstance(identity, str):
        detail = f"chargeBoxIdentity: expected a string or null, got {_shown(identity)}"
        errors.append({"pointer": "/chargeBoxIdentity", "detail": detail})
    elif isinstance(identity, str) and not OCPP_IDENTITY.fullmatch(identity):
        detail = f"chargeBoxIdentity: not an OCPP charge point identity, got {_shown(identity)}"
        errors.append({"pointer": "/chargeBoxIdentity", "detail": detail})
    if errors:
        raise _Problem(400, "; ".join(error["detail"] for error in errors), errors=errors)
    return document


def _textbook_reset_type(request: _Request) -> str:
    """The reset body: a JSON object whose `type` is `Hard` or `Soft`."""
    reset_type = _textbook_json_object(request).get("type")
    if reset_type not in RESET_TYPES:
        got = "nothing" if reset_type is None else _shown(reset_type)
        detail = f"type: expected one of {', '.join(RESET_TYPES)}, got {got}"
        raise _Problem(400, detail, errors=[{"pointer": "/type", "detail": detail}])
    return str(reset_type)


def _textbook_query(request: _Request) -> tuple[int, str | None, str | None]:
    query: dict[str, list[str]] = {}
    for key, value in parse_qsl(request.query, keep_blank_values=True):
        query.setdefault(key, []).append(value)
    for name, values in query.items():
        if name in ("limit", "nextPageCursor", "previousPageCursor") and len(values) > 1:
            raise _Problem(400, f"{name}: expected one value, got {len(values)}")
    limit_text = query.get("limit", ["25"])[0]
    if not re.fullmatch(r"[0-9]{1,3}", limit_text) or not 1 <= int(limit_text) <= 100:
        raise _Problem(400, f"limit: expected an integer from 1 to 100, got {_shown(limit_text)}")
    cursors = [query.get(name, [None])[0] for name in ("nextPageCursor", "previousPageCursor")]
    return int(limit_text), cursors[0], cursors[1]


class _TextbookApp:
    """A server written from RFC 9110, in the order it decides:

    1. A method it does not recognise at all (QUERY, FOO): 501 (RFC 9110 §15.6.2).
    2. A path that names no resource (a trailing slash, other case): 404.
    3. A method the resource does not support: 405 with `Allow` (§15.5.6); OPTIONS: 204 with
       `Allow` (§9.3.7), no key needed; HEAD is GET without the content (§9.3.2).
    4. A missing key: 401 `WWW-Authenticate: Bearer realm=...`; a wrong one: the same with
       `error="invalid_token"` (RFC 6750 §3).
    5. The request itself: 415 with `Accept` for content that is not JSON (§15.5.16), 413 past
       1 MiB, 400 for a missing body, invalid JSON, fields, parameters (ids up to `ID_MAXIMUM`).
    6. The resource's state: 404 for an id that names no charge box, 409 for a taken identity.
    7. Success: 201 with `Location` for a create; 204 for a delete (no representation, §9.3.5);
       200 for a reset or reboot (it creates nothing, so not 201).

    Errors are RFC 9457 problem details (`type`, `title`, `status`, `detail`, and `errors` for
    fields). Sent as `application/problem+json` only to a client that asks for it by name; as
    `application/json` otherwise, the media type openapi.yaml documents for every error, so
    that the guard's content-type check does not call the RFC's own media type drift.
    """

    _ALLOW: ClassVar[Mapping[str, str]] = {
        "collection": "GET, HEAD, OPTIONS, POST",
        "models": "GET, HEAD, OPTIONS",
        "chargebox": "DELETE, GET, HEAD, OPTIONS",
        "reset": "OPTIONS, POST",
        "reboot": "OPTIONS, POST",
    }

    def __init__(self, api_key: str, store: ChargeBoxStore) -> None:
        self._api_key, self._store = api_key.encode("latin-1"), store

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        request = await _read_request(scope, receive, TEXTBOOK_BODY_LIMIT)
        try:
            status, headers, document = self._handle(request)
        except _Problem as problem:
            status, headers, document = problem.status, problem.headers, _problem_document(problem)
            problem_json = _accepts_problem_json(request.headers.get("accept", ""))
            media_type = "application/problem+json" if problem_json else "application/json"
            headers = [*headers, ("content-type", media_type)]
        except Exception:
            document = _problem_document(_Problem(500, "the server failed to answer this request"))
            status, headers = 500, [("content-type", "application/json")]
        else:
            if document is not None:
                headers = [*headers, ("content-type", "application/json")]
        body = b"" if document is None else json.dumps(document).encode("ascii")
        await _respond(send, status, headers, body, head=request.method == "HEAD")

    def _handle(self, request: _Request) -> tuple[int, Headers, Any]:
        if request.method not in KNOWN_METHODS:
            raise _Problem(
                501, f"method: {_shown(request.method)} is not implemented by this server"
            )
        resource, id_text = self._resource(request.path)
        allow = self._ALLOW[resource]
        if request.method == "OPTIONS":
            return 204, [("allow", allow)], None
        method = "GET" if request.method == "HEAD" else request.method
        if method not in allow.split(", "):
            detail = f"method: expected one of {allow} on {request.path}, got {request.method}"
            raise _Problem(405, detail, [("allow", allow)])
        self._authenticate(request)
        if resource == "collection":
            return self._create(request) if method == "POST" else self._list(request)
        if resource == "models":
            return 200, [], models_json()
        as_sent = request.raw_path.split("/")[3]
        chargebox_id = _textbook_chargebox_id(id_text, as_sent)
        if resource == "reset":
            return self._command(chargebox_id, _textbook_reset_type(request))
        if resource == "reboot":
            return self._command(chargebox_id, "Soft")  # no body is read: a reboot is a soft reset
        if method == "DELETE":
            return self._delete(chargebox_id)
        return self._fetch(chargebox_id)

    @staticmethod
    def _resource(path: str) -> tuple[str, str]:
        if path == CHARGEBOXES:
            return "collection", ""
        if path == f"{CHARGEBOXES}/models":
            return "models", ""
        match = re.fullmatch(r"/v2/chargeboxes/([^/]+)(/reset|/reboot)?", path)
        if match is None:
            raise _Problem(404, f"path: no resource at {_shown(path)}")
        return (match.group(2) or "/chargebox")[1:], match.group(1)

    def _authenticate(self, request: _Request) -> None:
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip(" "):
            detail = "Authorization: expected 'Bearer <key>', got none"
            raise _Problem(401, detail, [("www-authenticate", _CHALLENGE)])
        if not hmac.compare_digest(token.strip(" ").encode("latin-1"), self._api_key):
            challenge = f'{_CHALLENGE}, error="invalid_token"'
            detail = "Authorization: the key is not valid"
            raise _Problem(401, detail, [("www-authenticate", challenge)])

    def _create(self, request: _Request) -> tuple[int, Headers, Any]:
        body = _textbook_create_body(request)
        chargebox = _textbook_store(
            lambda: self._store.create(
                serial_number=body["serialNumber"],
                location_id=int(body["locationId"]),
                model_id=int(body["modelId"]),
                identity=body.get("chargeBoxIdentity"),
            )
        )
        location = [("location", f"{CHARGEBOXES}/{chargebox.id}")]  # RFC 9110 §15.3.2
        return 201, location, chargebox_json(chargebox)

    def _list(self, request: _Request) -> tuple[int, Headers, Any]:
        limit, next_cursor, previous_cursor = _textbook_query(request)
        page = _textbook_store(lambda: self._store.page(limit, next_cursor, previous_cursor))
        return 200, [], page_json(page)

    def _fetch(self, chargebox_id: int) -> tuple[int, Headers, Any]:
        chargebox = _textbook_store(lambda: self._store.get(chargebox_id))
        if chargebox is None:
            raise _Problem(404, f"id: no charge box {chargebox_id}")
        return 200, [], chargebox_json(chargebox)

    def _delete(self, chargebox_id: int) -> tuple[int, Headers, Any]:
        chargebox = _textbook_store(lambda: self._store.delete(chargebox_id))
        if chargebox is None:
            raise _Problem(404, f"id: no charge box {chargebox_id}")
        return 204, [], None

    def _command(self, chargebox_id: int, reset_type: str) -> tuple[int, Headers, Any]:
        result = _textbook_store(lambda: self._store.reset(chargebox_id, reset_type))
        if result is None:
            raise _Problem(404, f"id: no charge box {chargebox_id}")
        return 200, [], command_json(result)


def _textbook_chargebox_id(text: str, as_sent: str) -> int:
    if not re.fullmatch(r"[0-9]{1,16}", text) or not 1 <= int(text) <= ID_MAXIMUM:
        detail = f"id: expected an integer from 1 to {ID_MAXIMUM}, got {_shown(as_sent)}"
        raise _Problem(400, detail)
    return int(text)


def _textbook_store(call: Callable[[], _T]) -> _T:
    try:
        return call()
    except ApiError as error:
        raise _Problem(error.status, error.message) from error


def rfc9110(api_key: str, store: ChargeBoxStore) -> ASGIApp:
    """A textbook HTTP server of the same API (see `_TextbookApp`)."""
    return _TextbookApp(api_key, store)


PERSONALITIES: Mapping[str, Personality] = {"rfc9110": rfc9110}
"""The honest personalities written in Python, by name. The vendor's own stack runs for real in
drift/framework.py (NestJS on Express and on Fastify): an imitation of it here was a guess that
differed from the framework (OPTIONS, a void DELETE, the throttler's headers), so it is gone."""
