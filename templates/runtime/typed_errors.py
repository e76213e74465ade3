"""The client's typed errors: SpiriiError, one subclass per kind of answer, and `error_for`, which
reads an answer the consumer asked to unwrap into the error it means.

errors.py.jinja pastes this file into the generated errors.py (the generator writes no module of
our choosing); on its own it is checked by ruff and mypy --strict and unit-tested in
tests/test_client_errors.py. It reads error fields from the raw body, not from the generated
ErrorBody model, so an error is complete even when that model could not parse the body.
"""

import json
from collections.abc import Mapping
from http import HTTPStatus
from types import MappingProxyType
from typing import Any, Protocol

from spirii_chargebox_client.client import retry_after_seconds

_NO_HEADERS: Mapping[str, str] = MappingProxyType({})
# How much of an unreadable body (an HTML page from a gateway) an error's message quotes.
_QUOTED_BODY_CHARACTERS = 200


class SpiriiError(Exception):
    """Base of every error the client raises because of what the server answered.

    Attributes:
        operation: The operation that was answered, e.g. ``"create_charge_box"``.
        status_code: The HTTP status (an ``http.HTTPStatus`` member when it is one).
        headers: The answer's headers.
        content: The answer's body, raw.
        message: For a person: the body's message (a NestJS list joined with "; ", the error
            guide's ``error.message``, or RFC 9457's ``detail``); None when the body has none.
        messages: Every message of the body, one per broken rule (NestJS' list), else
            ``(message,)``; empty when the body has none.
        code: The error guide's machine-readable ``error.code``; None when absent.
        param: The request field at fault (the error guide's ``error.param``); None when absent.
        request_id: The error guide's ``error.request_id``, else the ``X-Request-Id`` header.
        retry_after: Seconds the server asked to wait (``Retry-After``); None when not sent.
    """

    # Class-level defaults: a subclass that skips this __init__ (paging's UnexpectedPageStatus)
    # still has every attribute, and its repr never fails.
    operation: str = ""
    status_code: int = 0
    headers: Mapping[str, str] = _NO_HEADERS
    content: bytes = b""
    message: str | None = None
    messages: tuple[str, ...] = ()
    code: str | None = None
    param: str | None = None
    request_id: str | None = None
    retry_after: float | None = None

    def __init__(
        self,
        *,
        status_code: int,
        content: bytes = b"",
        headers: Mapping[str, str] | None = None,
        operation: str = "",
    ) -> None:
        self.operation = operation
        self.status_code = as_http_status(status_code)
        self.headers = _NO_HEADERS if headers is None else headers
        self.content = content
        fields = _error_fields(content)
        self.messages = fields.messages
        self.message = "; ".join(self.messages) if self.messages else None
        self.code = fields.code
        self.param = fields.param
        self.request_id = fields.request_id or self.headers.get("X-Request-Id") or None
        self.retry_after = retry_after_seconds(self.headers.get("Retry-After", ""))
        super().__init__(self._describe())

    def _describe(self) -> str:
        where = f"{self.operation}: " if self.operation else ""
        text = f"{where}answered {_status_text(self.status_code)}"
        if self.message is not None:
            text += f": {self.message}"
        elif self.content:
            quoted = self.content[:_QUOTED_BODY_CHARACTERS].decode(errors="replace")
            more = "..." if len(self.content) > _QUOTED_BODY_CHARACTERS else ""
            text += f": body {quoted!r}{more}"
        extras = [
            f"{name} {value}"
            for name, value in (
                ("code", self.code),
                ("param", self.param),
                ("request id", self.request_id),
            )
            if value is not None
        ]
        if self.retry_after is not None:
            extras.append(f"retry after {self.retry_after:g} s")
        return f"{text} ({', '.join(extras)})" if extras else text

    def __repr__(self) -> str:
        shown = {
            "operation": self.operation,
            "status_code": int(self.status_code),
            "code": self.code,
            "message": self.message,
            "request_id": self.request_id,
            "retry_after": self.retry_after,
        }
        fields = ", ".join(f"{name}={value!r}" for name, value in shown.items() if value)
        return f"{type(self).__name__}({fields})"


class BadRequest(SpiriiError):
    """400 or 422: the request broke a rule; ``messages`` lists each one. Sending it again as it
    is will fail again."""


class AuthError(SpiriiError):
    """401 or 403: the API key is missing, wrong, or may not do this. The vendor answers either
    for a bad key."""


class NotFound(SpiriiError):
    """404: no such charge box is visible to the key (the body may be empty)."""


class Conflict(SpiriiError):
    """409: the request clashes with what exists (a ``chargeBoxIdentity`` already taken)."""


class RateLimited(SpiriiError):
    """429, after the client's retries: wait ``retry_after`` seconds (when sent) first."""


class ServerError(SpiriiError):
    """5xx, after the client's retries: Spirii's side, or a gateway in front of it, failed."""


class UnexpectedStatus(SpiriiError):
    """A status the operation does not document, and no other class names (e.g. 200 where 201
    was documented). Also raised by every operation when Client.raise_on_unexpected_status is
    True and the status is undocumented; an undocumented error status raises a subclass that is
    also that status' class (``UnexpectedServerError`` for a gateway's 502 is a ServerError)."""

    def __init__(
        self,
        status_code: int,
        content: bytes,
        *,
        headers: Mapping[str, str] | None = None,
        operation: str = "",
    ) -> None:
        super().__init__(
            status_code=status_code, content=content, headers=headers, operation=operation
        )


class UnexpectedBadRequest(BadRequest, UnexpectedStatus):
    """An undocumented 400 or 422."""


class UnexpectedAuthError(AuthError, UnexpectedStatus):
    """An undocumented 401 or 403."""


class UnexpectedNotFound(NotFound, UnexpectedStatus):
    """An undocumented 404 (a wrong base URL behind a gateway answers one)."""


class UnexpectedConflict(Conflict, UnexpectedStatus):
    """An undocumented 409."""


class UnexpectedRateLimited(RateLimited, UnexpectedStatus):
    """An undocumented 429 (a gateway's own limit)."""


class UnexpectedServerError(ServerError, UnexpectedStatus):
    """An undocumented 5xx: a gateway's 502, 503, 504, or a 520 outside http.HTTPStatus."""


class UnreadableResponse(SpiriiError, ValueError):
    """A success status whose body could not be read as the documented model: the server sent
    something the contract does not allow. ``path`` is the JSON path of the field that broke
    (``$`` for the body as a whole), ``error`` the parse failure (also ``__cause__``).

    A ValueError too, as the parse failures ``sync`` raised before were."""

    path: str = "$"

    def __init__(
        self,
        *,
        status_code: int,
        content: bytes = b"",
        headers: Mapping[str, str] | None = None,
        operation: str = "",
        error: Exception,
    ) -> None:
        self.error = error
        path = getattr(error, "path", None)
        self.path = path if isinstance(path, str) and path else "$"
        super().__init__(
            status_code=status_code, content=content, headers=headers, operation=operation
        )
        self.__cause__ = error

    def _describe(self) -> str:
        where = f"{self.operation}: " if self.operation else ""
        return (
            f"{where}the {_status_text(self.status_code)} answer could not be read at "
            f"{self.path}: {type(self.error).__name__}: {self.error}"
        )


class Answer(Protocol):
    """What error_for reads of an answer: the generated Response has these."""

    @property
    def operation(self) -> str: ...
    @property
    def status_code(self) -> int: ...
    @property
    def headers(self) -> Mapping[str, str]: ...
    @property
    def content(self) -> bytes: ...
    @property
    def parsed(self) -> object: ...
    @property
    def parse_error(self) -> Exception | None: ...


# The class of each error status. Anything else is UnexpectedStatus.
_ERRORS_BY_STATUS: dict[int, tuple[type[SpiriiError], type[UnexpectedStatus]]] = {
    400: (BadRequest, UnexpectedBadRequest),
    422: (BadRequest, UnexpectedBadRequest),
    401: (AuthError, UnexpectedAuthError),
    403: (AuthError, UnexpectedAuthError),
    404: (NotFound, UnexpectedNotFound),
    409: (Conflict, UnexpectedConflict),
    429: (RateLimited, UnexpectedRateLimited),
}


def error_for(answer: Answer) -> SpiriiError:
    """The error an answer that is not the operation's success means.

    A documented status is one the operation's parser recognised: it parsed, or failed to parse,
    the body. An error status is its class whatever its body (an empty 404 is NotFound, an HTML
    500 a ServerError); an undocumented one is also an UnexpectedStatus. A success status whose
    body could not be read is UnreadableResponse.
    """
    status = int(answer.status_code)
    documented = answer.parsed is not None or answer.parse_error is not None
    context: dict[str, Any] = {
        "status_code": answer.status_code,
        "content": answer.content,
        "headers": answer.headers,
        "operation": answer.operation,
    }
    if 200 <= status < 300 and answer.parse_error is not None:
        return UnreadableResponse(error=answer.parse_error, **context)
    documented_class, undocumented_class = _ERRORS_BY_STATUS.get(
        status,
        (ServerError, UnexpectedServerError)
        if 500 <= status < 600
        else (UnexpectedStatus, UnexpectedStatus),
    )
    return (documented_class if documented else undocumented_class)(**context)


class _ErrorFields:
    """The fields of an error body, of whichever shape it came in."""

    def __init__(self) -> None:
        self.messages: tuple[str, ...] = ()
        self.code: str | None = None
        self.param: str | None = None
        self.request_id: str | None = None


def _error_fields(content: bytes) -> _ErrorFields:
    """Read NestJS' `{"statusCode", "message", "error"}`, the error guide's `{"error": {"code",
    "message", "param", "request_id"}}` and RFC 9457's `{"title", "detail", "errors"}`; nothing
    from a body that is none of them."""
    fields = _ErrorFields()
    try:
        body = json.loads(content) if content else None
    except ValueError:  # not JSON, or not UTF-8
        return fields
    if not isinstance(body, dict):
        return fields
    detail = body.get("error")
    detail = detail if isinstance(detail, dict) else {}
    message = body.get("message", detail.get("message", body.get("detail")))
    problems = body.get("errors")
    if (
        isinstance(problems, list)
        and problems
        and all(
            isinstance(problem, dict) and isinstance(problem.get("detail"), str)
            for problem in problems
        )
    ):
        fields.messages = tuple(problem["detail"] for problem in problems)
    elif isinstance(message, list):
        fields.messages = tuple(str(entry) for entry in message)
    elif isinstance(message, str) and message:
        fields.messages = (message,)
    elif isinstance(body.get("title"), str):
        fields.messages = (body["title"],)
    fields.code = _text(detail.get("code"))
    fields.param = _text(detail.get("param"))
    fields.request_id = _text(detail.get("request_id", body.get("request_id")))
    return fields


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def as_http_status(status_code: int) -> int:
    """The HTTPStatus member of a status code (so `.phrase` works), or the code itself (520).
    Response.status_code is converted by it too."""
    try:
        return HTTPStatus(status_code)
    except ValueError:
        return status_code


def _status_text(status_code: int) -> str:
    return (
        f"{int(status_code)} {status_code.phrase}"
        if isinstance(status_code, HTTPStatus)
        else str(int(status_code))
    )
