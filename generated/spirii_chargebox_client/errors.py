"""Everything the client raises, under one base: ``except SpiriiError`` catches all of it.

    SpiriiError                      everything the client raises
    ├── BadRequest                   400, 422: `messages` lists each broken rule
    ├── AuthError                    401, 403: the key is missing, wrong or may not do this
    ├── NotFound                     404
    ├── Conflict                     409
    ├── RateLimited                  429, after the retries: `retry_after`
    ├── ServerError                  5xx, after the retries
    ├── UnexpectedStatus             a status the operation does not document; an error status
    │                                is also its class above: UnexpectedBadRequest,
    │                                UnexpectedAuthError, UnexpectedNotFound, UnexpectedConflict,
    │                                UnexpectedRateLimited, UnexpectedServerError
    ├── FieldError (ValueError)      a value off the contract (from_dict): `path`, `problem`
    │   └── UnreadableResponse       a success answer whose body is off the contract
    │       ├── UnreadablePage       a walk's 200 page that is no page at all
    │       └── UnreadablePageItem   one item of a walk's page (on_unreadable="raise")
    ├── RepeatedPageCursor           a walk whose server sent a cursor twice
    ├── NoAnswer                     no answer (refused, dropped, timed out), after the retries;
    │   (httpx.RequestError)         also the httpx exception it was: httpx.ConnectError,
    │                                httpx.ReadTimeout, ... (`except httpx.TransportError` works)
    └── ConfigurationError           a client built with a base URL or key that cannot work
        (ValueError)                 (raised when it is built, not at the first request)

An error that ends a page walk (iter_... / aiter_...) is the one the same answer raises through
``Response.unwrap()``, with ``cursor``: the page it stopped at, to resume from.
"""

"""The client's errors: SpiriiError, the one base of everything the client raises; a subclass
per kind of answer, FieldError for a value off the contract, NoAnswer for no answer at all,
ConfigurationError for a client that cannot work, the errors that end a page walk
(RepeatedPageCursor, UnreadablePage, UnreadablePageItem); and `error_for`, which reads an answer
the consumer asked to unwrap into the error it means.

errors.py.jinja pastes this file into the generated errors.py as it is (the generator writes no
module of our choosing; this one has that module's name, so the other runtime modules' `.errors`
and `..errors` name it here and there alike) and draws the whole tree in that module's docstring;
on its own it is checked by ruff and mypy --strict, and its behaviour is unit-tested through the
generated package in tests/test_client_errors.py. It reads error fields from the raw body, not
from the generated ErrorBody model, so an error is complete even when that model could not parse
the body. It imports nothing of the package or of the runtime: every other module may import it.
"""

import email.utils
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from http import HTTPStatus
from types import MappingProxyType
from typing import Any, Literal, Protocol, cast

import httpx

_NO_HEADERS: Mapping[str, str] = MappingProxyType({})
# How much of an unreadable body (an HTML page from a gateway) an error's message quotes.
_QUOTED_BODY_CHARACTERS = 200


def retry_after_seconds(value: str) -> float | None:
    """The seconds a Retry-After value asks to wait (delay-seconds, or an HTTP-date: the time
    until then, 0 if past); None if empty or unreadable. The retries' wait and the typed errors'
    `retry_after`."""
    value = value.strip()
    if not value:
        return None
    if value.isascii() and value.isdigit():
        return float(value)
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:  # "-0000": UTC by RFC 5322
        moment = moment.replace(tzinfo=UTC)
    return max(0.0, (moment - datetime.now(UTC)).total_seconds())


class SpiriiError(Exception):
    """Base of everything the client raises: an answer it did not expect, a body it cannot read,
    no answer at all, a page walk that cannot go on, a client built with settings that cannot
    work. One `except SpiriiError` catches all of it.

    Attributes:
        operation: The operation that was called, e.g. ``"create_charge_box"`` ("" when none was).
        status_code: The HTTP status (an ``http.HTTPStatus`` member when it is one); 0 when there
            was no answer.
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
        cursor: On an error that ended a page walk (iter_... / aiter_...), the cursor of the page
            it stopped at, None for the first page: pass it back as ``cursor=`` to resume there.
        page: On an error that ended a page walk, that page in words ("the first page"); None
            for an error outside a walk.
    """

    # Class-level defaults: a subclass that skips this __init__ (FieldError, NoAnswer) still has
    # every attribute, and its repr never fails.
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
    cursor: str | None = None
    page: str | None = None

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

    def stopped_walk_at(self, cursor: str | None) -> None:
        """Mark this error as the one that ended a page walk at the page `cursor` names (None:
        the first page); its message says so from then on."""
        self.cursor = cursor
        self.page = page_named(cursor)

    def _where(self) -> str:
        return f"{self.operation}: " if self.operation else ""

    def _describe(self) -> str:
        answered = "answered" if self.page is None else f"{self.page} was answered"
        text = f"{self._where()}{answered} {_status_text(self.status_code)}"
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

    def __str__(self) -> str:
        # Computed when shown, not when raised: a walk marks where it stopped after the error was
        # made, and a FieldError's path grows as it propagates out of nested models.
        return self._describe()

    def _shown_fields(self) -> dict[str, object]:
        return {
            "operation": self.operation,
            "status_code": int(self.status_code),
            "code": self.code,
            "message": self.message,
            "request_id": self.request_id,
            "retry_after": self.retry_after,
            "cursor": self.cursor,
        }

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={value!r}" for name, value in self._shown_fields().items() if value)
        return f"{type(self).__name__}({fields})"


def page_named(cursor: str | None) -> str:
    """The page a walk asked for with `cursor`, in words."""
    return "the first page" if cursor is None else f"the page after cursor {cursor!r}"


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
        super().__init__(status_code=status_code, content=content, headers=headers, operation=operation)


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


PathSegment = str | int
"""A step of a JSON path: an object's field name, or a list's index."""


def json_path(segments: Sequence[PathSegment]) -> str:
    """`segments` written as a JSON path from the document's root: `$.evses[1].status`."""
    return "$" + "".join(f"[{step}]" if isinstance(step, int) else f".{step}" for step in segments)


class FieldError(SpiriiError, ValueError):
    """A body the client cannot read: `path` is the JSON path, from the document's root, of the
    value that does not fit (`$.evses[1].status`), `problem` says what was seen and what was
    expected. What a model's from_dict raises; a ValueError, so code that caught from_dict's
    ValueError still does."""

    def __init__(self, segments: Sequence[PathSegment], problem: str) -> None:
        ValueError.__init__(self, problem)
        self.segments: tuple[PathSegment, ...] = tuple(segments)
        self.problem = problem

    @property
    def path(self) -> str:
        """The JSON path of the value that does not fit, `$` for the document itself."""
        return json_path(self.segments)

    def _describe(self) -> str:
        return f"{self.path}: {self.problem}"

    def _shown_fields(self) -> dict[str, object]:
        return {**super()._shown_fields(), "path": self.path, "problem": self.problem}


class UnreadableResponse(FieldError):
    """A success status whose body could not be read as the documented model: the server sent
    something the contract does not allow. ``path`` is the JSON path of the field that broke
    (``$`` for the body as a whole), ``error`` the parse failure (also ``__cause__``).

    A FieldError (so a ValueError, as the parse failures ``sync`` raised before were) that also
    carries the answer's status, headers and body. A page walk raises its subclasses
    UnreadablePage and UnreadablePageItem, so ``except UnreadableResponse`` catches an
    unreadable answer whether it came from ``unwrap()`` or a walk."""

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
        # A parser other than from_dict may name the path as text (a `path` str attribute).
        foreign_path = None if isinstance(error, FieldError) else getattr(error, "path", None)
        self._foreign_path = foreign_path if isinstance(foreign_path, str) else None
        if isinstance(error, FieldError):
            segments, problem = error.segments, error.problem
        else:
            segments, problem = (), f"{type(error).__name__}: {error}"
        self.segments = segments
        self.problem = problem
        SpiriiError.__init__(self, status_code=status_code, content=content, headers=headers, operation=operation)
        self.__cause__ = error

    @property
    def path(self) -> str:
        """The JSON path of the value that does not fit, `$` for the body as a whole."""
        return self._foreign_path or json_path(self.segments)

    def _describe(self) -> str:
        return (
            f"{self._where()}the {_status_text(self.status_code)} answer could not be read at "
            f"{self.path}: {type(self.error).__name__}: {self.error}"
        )


class NoAnswer(SpiriiError, httpx.RequestError):
    """The request got no answer the client could read: the connection was refused, dropped or
    reset, a phase timed out, or the body could not be decoded (after the retries, where they
    apply). Also the httpx exception it was: a refused connection is both a NoAnswer and an
    httpx.ConnectError, a timeout both a NoAnswer and an httpx.TimeoutException, so
    ``except httpx.TransportError`` keeps working. ``error`` is httpx's exception (also
    ``__cause__``); ``status_code`` is 0."""

    def __init__(self, error: httpx.RequestError, *, operation: str = "") -> None:
        self.error = error
        self.operation = operation
        try:
            request: httpx.Request | None = error.request
        except RuntimeError:  # httpx raises it for an error made without a request
            request = None
        self.method = request.method if request is not None else None
        self.url = str(request.url) if request is not None else None
        httpx.RequestError.__init__(self, str(error), request=request)

    def _describe(self) -> str:
        to = f" to {self.method} {self.url}" if self.method is not None else ""
        return f"{self._where()}no answer{to}: {type(self.error).__name__}: {self.error}"

    def _shown_fields(self) -> dict[str, object]:
        return {"operation": self.operation, "url": self.url, "error": self.error}


_NO_ANSWER_CLASSES: dict[type[httpx.RequestError], type[NoAnswer]] = {}


def no_answer(error: httpx.RequestError, operation: str) -> NoAnswer:
    """`error`, httpx's exception for a request that got no answer, as the NoAnswer that is also
    its httpx class (one class per httpx class, made once, named as httpx names it)."""
    if isinstance(error, NoAnswer):
        return error
    kind = type(error)
    both = _NO_ANSWER_CLASSES.get(kind)
    if both is None:
        both = cast(
            type[NoAnswer],
            type(
                kind.__name__,
                (NoAnswer, kind),
                {
                    "__module__": __name__,
                    "__doc__": f"A NoAnswer that is also {kind.__module__}.{kind.__qualname__}.",
                },
            ),
        )
        _NO_ANSWER_CLASSES[kind] = both
    return both(error, operation=operation)


class ConfigurationError(SpiriiError, ValueError):
    """A client built with settings that cannot work (an empty API key, a base URL without a
    scheme or with the operations' `/v2` in it): raised when the client is built, before any
    request, saying what to pass instead."""

    def __init__(self, problem: str) -> None:
        ValueError.__init__(self, problem)
        self.problem = problem

    def _describe(self) -> str:
        return self.problem

    def _shown_fields(self) -> dict[str, object]:
        return {"problem": self.problem}


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
        (ServerError, UnexpectedServerError) if 500 <= status < 600 else (UnexpectedStatus, UnexpectedStatus),
    )
    return (documented_class if documented else undocumented_class)(**context)


def request_id_of(status_code: int, headers: Mapping[str, str], content: bytes) -> str | None:
    """The id the server gave an answer, as its error would carry it: an error body's
    ``error.request_id`` (read only from an error status: a success body is not parsed twice),
    else the ``X-Request-Id`` header; None when it sent neither."""
    from_body = _error_fields(content).request_id if int(status_code) >= 400 else None
    return from_body or headers.get("X-Request-Id") or None


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
        and all(isinstance(problem, dict) and isinstance(problem.get("detail"), str) for problem in problems)
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
    return f"{int(status_code)} {status_code.phrase}" if isinstance(status_code, HTTPStatus) else str(int(status_code))


class RepeatedPageCursor(SpiriiError):
    """Raised by a list operation's iter_... / aiter_... helper when the server sends a page
    cursor it sent before: following it again would walk the same pages forever."""

    def __init__(self, *, operation: str, cursor: str) -> None:
        self.operation = operation
        self.cursor = cursor
        Exception.__init__(self, cursor)

    def _describe(self) -> str:
        return (
            f"{self._where()}nextPageCursor {self.cursor!r} was sent a second time, expected a"
            " cursor not seen before (every item appears on exactly one page)"
        )


OnUnreadable = Literal["raise", "skip"]
"""What a walk does with a list item the client cannot read: end the walk with
UnreadablePageItem ("raise"), or leave the item out, report it to `on_skip` and go on ("skip")."""


@dataclass(frozen=True)
class UnreadableItem:
    """A list item the client could not read, as a walk with on_unreadable="skip" reports it to
    `on_skip` (and an UnreadablePageItem carries it)."""

    operation: str
    """The list operation, e.g. "list_charge_boxes"."""
    cursor: str | None
    """The cursor of the item's page (None: the first page)."""
    index: int
    """The item's position on its page."""
    item: object
    """The item's JSON, as the server sent it."""
    error: FieldError
    """Why it could not be read; its path is from the item's root."""

    @property
    def item_id(self) -> object:
        """The item's `id` as sent, or None when it has none."""
        return self.item.get("id") if isinstance(self.item, Mapping) else None

    @property
    def path(self) -> str:
        """The JSON path, from the page's root, of the value that could not be read:
        `$.data[3].evses[1].status`."""
        return json_path(("data", self.index, *self.error.segments))


class UnreadablePage(UnreadableResponse):
    """Raised by a walk when a 200 page's body is not a page at all (not JSON, no `data` list,
    or a page field that does not fit): no item of it can be trusted. The UnreadableResponse
    that `unwrap()` raises for the same answer, with where the walk stopped."""

    def __init__(self, answer: Answer, error: Exception, *, cursor: str | None) -> None:
        self.stopped_walk_at(cursor)
        super().__init__(
            status_code=answer.status_code,
            content=answer.content,
            headers=answer.headers,
            operation=answer.operation,
            error=error,
        )

    def _describe(self) -> str:
        return f"{self._where()}{self.page} cannot be read: {self.path}: {self.problem}"


class UnreadablePageItem(UnreadableResponse):
    """Raised by a walk with on_unreadable="raise" (the default) for a list item the client
    cannot read. An UnreadableResponse (so a FieldError and a ValueError) whose `path` is from
    the page's root; `unreadable` names the operation, page, position and id."""

    def __init__(self, unreadable: UnreadableItem, answer: Answer | None = None) -> None:
        self.unreadable = unreadable
        self.stopped_walk_at(unreadable.cursor)
        super().__init__(
            status_code=200 if answer is None else answer.status_code,
            content=b"" if answer is None else answer.content,
            headers=None if answer is None else answer.headers,
            operation=unreadable.operation,
            error=unreadable.error,
        )
        self.segments = ("data", unreadable.index, *unreadable.error.segments)

    def _describe(self) -> str:
        unreadable = self.unreadable
        item = f"item {unreadable.index}"
        if unreadable.item_id is not None:
            item += f" (id {unreadable.item_id!r})"
        return f"{self._where()}{item} of {self.page} cannot be read: {self.path}: {self.problem}"


__all__ = [
    "AuthError",
    "BadRequest",
    "ConfigurationError",
    "Conflict",
    "FieldError",
    "NoAnswer",
    "NotFound",
    "OnUnreadable",
    "RateLimited",
    "RepeatedPageCursor",
    "ServerError",
    "SpiriiError",
    "UnexpectedAuthError",
    "UnexpectedBadRequest",
    "UnexpectedConflict",
    "UnexpectedNotFound",
    "UnexpectedRateLimited",
    "UnexpectedServerError",
    "UnexpectedStatus",
    "UnreadableItem",
    "UnreadablePage",
    "UnreadablePageItem",
    "UnreadableResponse",
]
