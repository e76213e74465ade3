"""Honest servers of Spirii's charge-box API, built from how real stacks behave, not openapi.yaml.

A personality is `(api_key, store) -> ASGI app`: a fresh server over `store`, the mock's
`ChargeBoxStore` or any subclass of it. The data is the mock's: a personality reads and writes only
through the store's `create`, `get`, `page`, `delete` and `reset`, and renders with the mock's
`chargebox_json`, `page_json`, `models_json` and `command_json`. What differs is routing,
validation, auth, errors and success statuses. The drift guard must pass every personality.

- `nestjs`: NestJS 11 on Express 5 and Node 22, with their defaults (the vendor's operation ids are
  the ones NestJS' Swagger module writes; see shared/reference/vendor-stack-and-live-testing.md).
- `rfc9110`: a textbook HTTP server: RFC 9110 semantics, RFC 6750 bearer auth, RFC 9457 problems.
"""

from __future__ import annotations

import codecs
import contextlib
import hmac
import json
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from http import HTTPStatus
from typing import Any, ClassVar, TypeVar
from urllib.parse import parse_qsl, unquote

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


# --- NestJS on Express ----------------------------------------------------------------------

# Node 22's http.METHODS (llhttp 9.2 learned QUERY; Node 22.2 exposes it). Node's parser refuses
# any other method before Express sees the request.
NODE_HTTP_METHODS = frozenset(
    {
        *("ACL", "BIND", "CHECKOUT", "CONNECT", "COPY", "DELETE", "GET", "HEAD", "LINK", "LOCK"),
        *("M-SEARCH", "MERGE", "MKACTIVITY", "MKCALENDAR", "MKCOL", "MOVE", "NOTIFY", "OPTIONS"),
        *("PATCH", "POST", "PROPFIND", "PROPPATCH", "PURGE", "PUT", "QUERY", "REBIND", "REPORT"),
        *("SEARCH", "SOURCE", "SUBSCRIBE", "TRACE", "UNBIND", "UNLINK", "UNLOCK", "UNSUBSCRIBE"),
    }
)
EXPRESS_BODY_LIMIT = 100 * 1024  # body-parser's default `limit: '100kb'`
_JS_WHITESPACE = "\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
_JS_WHITESPACE += "\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
_JS_DECIMAL = re.compile(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?")
_JS_RADIX = {"0x": 16, "0o": 8, "0b": 2}
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_UNDEFINED = object()  # a DTO property the request did not carry


class _NestException(Exception):
    """What Nest's exception filter sends: a status and its JSON body."""

    def __init__(self, status: int, body: dict[str, Any]) -> None:
        super().__init__(body.get("message"))
        self.status, self.body = status, body


def _http_exception(status: int, message: str | list[str]) -> _NestException:
    """`new BadRequestException(message)` & co. of @nestjs/common: `error` is the reason phrase."""
    phrase = HTTPStatus(status).phrase
    return _NestException(status, {"statusCode": status, "message": message, "error": phrase})


def _http_error(status: int, message: str) -> _NestException:
    """An `http-errors` error from Express middleware (body-parser's 413, 415): Nest's
    BaseExceptionFilter.handleUnknownError sends its status and message, and no `error`."""
    return _NestException(status, {"statusCode": status, "message": message})


def _js_number_value(value: float | int) -> float | int:
    """A number as JavaScript holds it: an IEEE double, printed as JSON.stringify prints it."""
    if isinstance(value, int) and abs(value) <= MAX_SAFE_INTEGER:
        return value
    double = float(value)
    if math.isfinite(double) and double.is_integer() and abs(double) < 1e21:
        # JavaScript prints the shortest digits that round-trip, then zeros: 2**63 -> ...776000.
        return int(Decimal(repr(double)))
    return double


def _javascript(document: Any) -> Any:
    if isinstance(document, dict):
        return {key: _javascript(value) for key, value in document.items()}
    if isinstance(document, list):
        return [_javascript(item) for item in document]
    if isinstance(document, int | float) and not isinstance(document, bool):
        return _js_number_value(document)
    return document


def express_json(document: Any) -> bytes:
    """Express' `res.json`: JSON.stringify in UTF-8; numbers as JavaScript prints them, a lone
    surrogate as a `\\uXXXX` escape (JSON.stringify is well-formed since ES2019)."""
    text = json.dumps(_javascript(document), ensure_ascii=False, separators=(",", ":"))
    return _LONE_SURROGATE.sub(lambda match: f"\\u{ord(match.group()):04x}", text).encode("utf-8")


def _js_integer_text(value: float | int) -> str:
    """A whole number as a JavaScript template literal shows it (`Charge box ${id} not found`)."""
    number = _js_number_value(value)
    return str(number) if isinstance(number, int) else repr(number)


def _js_number_of_string(text: str) -> float:
    """JavaScript's `Number(text)`, which class-transformer's `@Type(() => Number)` applies."""
    stripped = text.strip(_JS_WHITESPACE)
    if not stripped:
        return 0.0
    if stripped in ("Infinity", "+Infinity", "-Infinity"):
        return -math.inf if stripped.startswith("-") else math.inf
    radix = _JS_RADIX.get(stripped[:2].lower())
    digits = "0123456789abcdef"[: radix or 10]
    if radix is not None and len(stripped) > 2 and all(c in digits for c in stripped[2:].lower()):
        return float(int(stripped[2:], radix))
    return float(stripped) if _JS_DECIMAL.fullmatch(stripped) else math.nan


def _js_json_int(text: str) -> float | int:
    double = float(text)  # JSON.parse reads every number as a double
    return int(text) if abs(double) <= MAX_SAFE_INTEGER else double


def _reject_constant(constant: str) -> Any:
    raise ValueError(f"{constant} is not JSON")


def _syntax_error(text: str, position: int) -> _NestException:
    """body-parser's SyntaxError, which Nest turns into a 400 carrying its message. The wording
    is V8's (Node 20 and later) in outline; it changes between Node versions."""
    if position >= len(text):
        return _http_exception(400, "Unexpected end of JSON input")
    excerpt = text if len(text) <= 30 else f"{text[:30]}..."
    return _http_exception(
        400, f"Unexpected token '{text[position]}', \"{excerpt}\" is not valid JSON"
    )


def _json_parse(text: str) -> Any:
    """JSON.parse behind body-parser's `strict` check: only an object or an array at the top."""
    if not text:
        return {}  # body-parser's "special-case empty json body"
    first = re.match(r"[ \t\n\r]*([^ \t\n\r])", text)
    if first is None:
        raise _syntax_error(text, len(text))
    if first.group(1) not in "{[":
        raise _syntax_error(text, first.start(1))
    try:
        return json.loads(text, parse_int=_js_json_int, parse_constant=_reject_constant)
    except json.JSONDecodeError as error:
        raise _syntax_error(text, error.pos) from error
    except (ValueError, RecursionError) as error:
        raise _syntax_error(text, 0) from error


def _decoded_body(request: _Request, charset: str) -> str:
    if request.body_over_cap:
        raise _http_error(413, "request entity too large")
    try:
        codec = codecs.lookup(charset)
    except LookupError:
        raise _http_error(415, f'unsupported charset "{charset.upper()}"') from None
    # iconv-lite, under body-parser, replaces undecodable bytes and strips a byte-order mark.
    return request.body.decode(codec.name, errors="replace").removeprefix("\ufeff")


def _body_parser(request: _Request) -> Any:
    """The body as Express' body-parser leaves it (json, then urlencoded, as Nest registers them);
    `_UNDEFINED` when neither parser claims the request."""
    if not request.has_body:
        return _UNDEFINED
    media_type, params = _media_type(request.headers.get("content-type", ""))
    charset = params.get("charset", "utf-8").lower()
    if media_type == "application/json":
        if not charset.startswith("utf-"):
            raise _http_error(415, f'unsupported charset "{charset.upper()}"')
        return _json_parse(_decoded_body(request, charset))
    if media_type == "application/x-www-form-urlencoded":
        if charset not in ("utf-8", "iso-8859-1"):
            raise _http_error(415, f'unsupported charset "{charset.upper()}"')
        # qs' bracket syntax (a[b]=c) is left out: no field of the create body is nested.
        return _query_values(_decoded_body(request, charset))
    return _UNDEFINED


def _query_values(text: str) -> dict[str, str | list[str]]:
    """Node's querystring.parse (Express 5's "simple" query parser): a repeated key is an array."""
    values: dict[str, str | list[str]] = {}
    for key, value in parse_qsl(text, keep_blank_values=True):
        seen = values.get(key)
        if seen is None:
            values[key] = value
        else:
            values[key] = [*seen, value] if isinstance(seen, list) else [seen, value]
    return values


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_int(value: Any) -> bool:
    """class-validator's @IsInt(): a number and Number.isInteger."""
    return _is_number(value) and math.isfinite(value) and float(value).is_integer()


def _min_max_messages(name: str, value: Any, minimum: int, maximum: int | None) -> list[str]:
    messages = []
    if maximum is not None and not (_is_number(value) and value <= maximum):
        messages.append(f"{name} must not be greater than {maximum}")
    if not (_is_number(value) and value >= minimum):
        messages.append(f"{name} must not be less than {minimum}")
    return messages


def _validate_create(body: Any) -> dict[str, Any]:
    """Nest's ValidationPipe on the create DTO; 400 with one message per broken constraint.

    ```ts
    class CreateChargeBoxDto {
      @IsString() serialNumber: string;
      @IsNotEmpty() @IsInt() @Min(1) @Max(Number.MAX_SAFE_INTEGER) locationId: number;
      @IsNotEmpty() @IsInt() @Min(1) @Max(Number.MAX_SAFE_INTEGER) modelId: number;
      // Not the common @IsOptional(), which lets null through where openapi.yaml wants a string.
      @ValidateIf((dto) => dto.chargeBoxIdentity !== undefined) @IsString()
      chargeBoxIdentity?: string;
    }
    ```
    class-validator reports properties in declaration order, and each property's constraints from
    the decorator nearest to it outwards. Without the @Max, a JavaScript number would take
    2^63 - 1 in and give 2^63 back (see `ID_MAXIMUM`).
    A body that is not an object (an array) validates as an object without properties.
    """
    fields: Mapping[str, Any] = body if isinstance(body, dict) else {}
    messages = []
    if not isinstance(fields.get("serialNumber"), str):
        messages.append("serialNumber must be a string")
    for name in ("locationId", "modelId"):
        value = fields.get(name, _UNDEFINED)
        messages += _min_max_messages(name, value, 1, ID_MAXIMUM)
        if not _is_int(value):
            messages.append(f"{name} must be an integer number")
        if value is _UNDEFINED or value is None or value == "":
            messages.append(f"{name} should not be empty")
    if "chargeBoxIdentity" in fields and not isinstance(fields["chargeBoxIdentity"], str):
        messages.append("chargeBoxIdentity must be a string")
    if messages:
        raise _http_exception(400, messages)
    return dict(fields)


RESET_TYPES = ("Hard", "Soft")


def _validate_reset(body: Any) -> str:
    """Nest's ValidationPipe on the reset DTO: `class ResetChargeBoxDto { @IsEnum(ResetType)
    type: ResetType; }`, with `enum ResetType { Hard = 'Hard', Soft = 'Soft' }`."""
    fields: Mapping[str, Any] = body if isinstance(body, dict) else {}
    reset_type = fields.get("type")
    if reset_type not in RESET_TYPES:
        raise _http_exception(
            400, [f"type must be one of the following values: {', '.join(RESET_TYPES)}"]
        )
    return str(reset_type)


def _validate_list_query(
    query: Mapping[str, str | list[str]],
) -> tuple[int, str | None, str | None]:
    """Nest's ValidationPipe (transform: true) on the list's query DTO.

    ```ts
    class ListChargeBoxesQuery {
      @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) limit?: number = 25;
      @IsOptional() @IsString() nextPageCursor?: string;
      @IsOptional() @IsString() previousPageCursor?: string;
    }
    ```
    `@Type(() => Number)` is JavaScript's `Number()`, which is lenient: ` 7`, `7.0`, `0x7`
    and `7e0` are all 7.
    """
    messages = []
    limit: Any = 25
    if "limit" in query:
        text = query["limit"]
        limit = (
            [_js_number_of_string(item) for item in text]
            if isinstance(text, list)
            else _js_number_of_string(text)
        )
        messages += _min_max_messages("limit", limit, 1, 100)
        if not _is_int(limit):
            messages.append("limit must be an integer number")
    cursors: list[str | None] = []
    for name in ("nextPageCursor", "previousPageCursor"):
        cursor = query.get(name)
        if isinstance(cursor, list):
            messages.append(f"{name} must be a string")
        cursors.append(cursor if isinstance(cursor, str) else None)
    if messages:
        raise _http_exception(400, messages)
    return int(limit), cursors[0], cursors[1]


def _decode_param(text: str) -> str:
    """Express' decode_param: decodeURIComponent, whose URIError Nest answers with a 400."""
    if not re.search(r"%(?![0-9A-Fa-f]{2})", text):
        with contextlib.suppress(UnicodeDecodeError):
            return unquote(text, errors="strict")
    raise _http_exception(400, f"Failed to decode param '{text}'")


def _parse_int_pipe(text: str) -> int:
    """Nest's ParseIntPipe: `/^-?\\d+$/` and finite, then parseInt(text, 10), a double."""
    message = "Validation failed (numeric string is expected)"
    if not re.fullmatch(r"-?[0-9]+", text) or not math.isfinite(float(text)):
        raise _http_exception(400, message)
    number = _js_number_value(int(text))
    return number if isinstance(number, int) else int(number)


_NestHandler = Callable[["_NestExpressApp", _Request, tuple[str, ...], Any], tuple[int, Any]]


class _NestExpressApp:
    """The vendor's controller on NestJS 11 + Express 5, in the order they handle a request:

    1. Node's HTTP parser: a method outside http.METHODS gets a bare 400 and a closed connection.
    2. Express middleware, registered by Nest before any route: body-parser. Malformed JSON is a
       400 (Nest maps its SyntaxError) even on a path or method that has no route, without a key.
    3. Express' router: case-insensitive, a trailing slash optional (non-strict), HEAD served by
       the GET route. A method with no route on a path, OPTIONS included, falls through to Nest's
       catch-all not-found handler: 404 `Cannot PUT /v2/chargeboxes/1`, before any guard runs. (Nest
       registers that handler with `use`, so Express' automatic OPTIONS answer never happens; with
       `app.enableCors()` the cors middleware would answer OPTIONS 204 first, without `Allow`.)
    4. The guard: a missing or wrong key is 403 `Forbidden resource`.
    5. Pipes: ValidationPipe on the body or query DTO, ParseIntPipe on the path id (400s).
    6. The handler; an HttpException it throws is sent as is, anything else is a 500.
    """

    def __init__(self, api_key: str, store: ChargeBoxStore) -> None:
        self._api_key, self._store = api_key.encode("latin-1"), store

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        request = await _read_request(scope, receive, EXPRESS_BODY_LIMIT)
        if request.method not in NODE_HTTP_METHODS:
            await _respond(send, 400, [("connection", "close")], b"", head=False)
            return
        try:
            status, document = self._handle(request)
        except _NestException as exception:
            status, document = exception.status, exception.body
        except Exception:
            status, document = 500, {"statusCode": 500, "message": "Internal server error"}
        headers = [("content-type", "application/json; charset=utf-8")]
        await _respond(send, status, headers, express_json(document), head=request.method == "HEAD")

    def _handle(self, request: _Request) -> tuple[int, Any]:
        body = _body_parser(request)
        routed = self._route(request)
        if routed is None:
            raise _http_exception(404, f"Cannot {request.method} {request.original_url}")
        handler, params = routed
        self._guard(request)
        return handler(self, request, params, body)

    def _route(self, request: _Request) -> tuple[_NestHandler, tuple[str, ...]] | None:
        method = "GET" if request.method == "HEAD" else request.method
        for route_method, pattern, handler in _NEST_ROUTES:
            match = pattern.fullmatch(request.raw_path)
            if match is not None and route_method == method:
                return handler, tuple(_decode_param(param) for param in match.groups())
        return None

    def _guard(self, request: _Request) -> None:
        """The API-key guard of NestJS' authentication guide:
        `const [type, token] = request.headers.authorization?.split(' ') ?? [];`
        then `type === 'Bearer'` and the token is the key; `false` becomes a 403."""
        type_, *rest = request.headers.get("authorization", "").split(" ")
        token = rest[0].encode("latin-1") if rest else b""
        if type_ != "Bearer" or not hmac.compare_digest(token, self._api_key):
            raise _http_exception(403, "Forbidden resource")

    def _create(self, request: _Request, params: tuple[str, ...], body: Any) -> tuple[int, Any]:
        dto = _validate_create({} if body is _UNDEFINED else body)
        identity = dto.get("chargeBoxIdentity")
        chargebox = _service(
            lambda: self._store.create(
                serial_number=dto["serialNumber"],
                location_id=int(dto["locationId"]),
                model_id=int(dto["modelId"]),
                identity=identity,
            )
        )
        return 201, chargebox_json(chargebox)

    def _list(self, request: _Request, params: tuple[str, ...], body: Any) -> tuple[int, Any]:
        limit, next_cursor, previous_cursor = _validate_list_query(_query_values(request.query))
        page = _service(lambda: self._store.page(limit, next_cursor, previous_cursor))
        return 200, page_json(page)

    def _fetch(self, request: _Request, params: tuple[str, ...], body: Any) -> tuple[int, Any]:
        chargebox_id = _parse_int_pipe(params[0])
        chargebox = _service(lambda: self._store.get(chargebox_id))
        if chargebox is None:
            raise _nest_not_found(chargebox_id)
        return 200, chargebox_json(chargebox)

    def _models(self, request: _Request, params: tuple[str, ...], body: Any) -> tuple[int, Any]:
        return 200, models_json()

    def _delete(self, request: _Request, params: tuple[str, ...], body: Any) -> tuple[int, Any]:
        """`@Delete(':id')`: a handler returning the soft-deleted entity is answered 200."""
        chargebox_id = _parse_int_pipe(params[0])
        chargebox = _service(lambda: self._store.delete(chargebox_id))
        if chargebox is None:
            raise _nest_not_found(chargebox_id)
        return 200, chargebox_json(chargebox)

    def _reset(self, request: _Request, params: tuple[str, ...], body: Any) -> tuple[int, Any]:
        """`@Post(':id/reset')` without `@HttpCode`: Nest answers a POST 201."""
        chargebox_id = _parse_int_pipe(params[0])
        reset_type = _validate_reset({} if body is _UNDEFINED else body)
        return 201, self._command(chargebox_id, reset_type)

    def _reboot(self, request: _Request, params: tuple[str, ...], body: Any) -> tuple[int, Any]:
        """`@Post(':id/reboot')`: no DTO, so a body is ignored; a reboot is a soft reset."""
        return 201, self._command(_parse_int_pipe(params[0]), "Soft")

    def _command(self, chargebox_id: int, reset_type: str) -> dict[str, Any]:
        result = _service(lambda: self._store.reset(chargebox_id, reset_type))
        if result is None:
            raise _nest_not_found(chargebox_id)
        return command_json(result)


def _nest_not_found(chargebox_id: int) -> _NestException:
    return _http_exception(404, f"Charge box {_js_integer_text(chargebox_id)} not found")


def _service(call: Callable[[], _T]) -> _T:
    """The vendor's service layer: a refusal of the store (a bad cursor, a taken identity) becomes
    the HttpException of its status (`throw new ConflictException(...)`)."""
    try:
        return call()
    except ApiError as error:
        raise _http_exception(error.status, error.message) from error


# Registration order of the controller's handlers; Express tries them in this order. `models`
# comes before `:id`, as it must in the vendor's controller: after it, ParseIntPipe would answer
# `GET /v2/chargeboxes/models` with a 400. `DELETE /v2/chargeboxes/models` does reach `:id` (400).
_NEST_ROUTES: tuple[tuple[str, re.Pattern[str], _NestHandler], ...] = (
    ("POST", re.compile(r"/v2/chargeboxes/?", re.IGNORECASE), _NestExpressApp._create),
    ("GET", re.compile(r"/v2/chargeboxes/?", re.IGNORECASE), _NestExpressApp._list),
    ("GET", re.compile(r"/v2/chargeboxes/models/?", re.IGNORECASE), _NestExpressApp._models),
    ("GET", re.compile(r"/v2/chargeboxes/([^/]+?)/?", re.IGNORECASE), _NestExpressApp._fetch),
    ("DELETE", re.compile(r"/v2/chargeboxes/([^/]+?)/?", re.IGNORECASE), _NestExpressApp._delete),
    (
        "POST",
        re.compile(r"/v2/chargeboxes/([^/]+?)/reset/?", re.IGNORECASE),
        _NestExpressApp._reset,
    ),
    (
        "POST",
        re.compile(r"/v2/chargeboxes/([^/]+?)/reboot/?", re.IGNORECASE),
        _NestExpressApp._reboot,
    ),
)


def nestjs(api_key: str, store: ChargeBoxStore) -> ASGIApp:
    """The vendor's stack as NestJS 11 + Express 5 answer by default (see `_NestExpressApp`).

    Errors are `{"statusCode", "message", "error"}`; numbers are JavaScript doubles, so an id
    above 2^53 comes back rounded.
    """
    return _NestExpressApp(api_key, store)


# --- a textbook server (RFC 9110) -----------------------------------------------------------

RFC9110_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE"})
KNOWN_METHODS = RFC9110_METHODS | {"PATCH"}  # RFC 5789
TEXTBOOK_BODY_LIMIT = 1024 * 1024
_PHRASES = {413: "Content Too Large"}  # RFC 9110's names where Python's are older
_CHALLENGE = 'Bearer realm="spirii"'


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
    identity = document.get("chargeBoxIdentity", "")
    if not isinstance(identity, str):
        detail = f"chargeBoxIdentity: expected a string, got {_shown(identity)}"
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


PERSONALITIES: Mapping[str, Personality] = {"nestjs": nestjs, "rfc9110": rfc9110}
"""Every honest personality, by name."""
