"""Contains shared errors types that can be raised from API functions"""

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
        super().__init__(status_code=status_code, content=content, headers=headers, operation=operation)
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
        (ServerError, UnexpectedServerError) if 500 <= status < 600 else (UnexpectedStatus, UnexpectedStatus),
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


"""Walking every page of a cursor-paginated list operation, and the errors that end a walk.

errors.py.jinja pastes this file into the generated errors.py below upstream's UnexpectedStatus,
less the import of that class (the generator writes no module of our choosing, and the errors
belong with the package's others); the iter_... / aiter_... helpers that endpoint_module.py.jinja
adds call walk_pages / awalk_pages. On its own it is checked by ruff and mypy --strict and
unit-tested in tests/test_client_runtime.py and tests/test_client_data.py. Sans-IO: PageWalk
decides, the walk functions only fetch and yield.

The generated helpers hand the walk a PageReader: it reads each page from the raw body, item by
item, so one item the client cannot read ends the walk with an error naming it (on_unreadable=
"raise") or is left out and reported (on_unreadable="skip"), instead of costing the whole page.
"""

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, Literal, Protocol, TypeVar

from spirii_chargebox_client.models import FieldError, json_path


class UnexpectedPageStatus(UnexpectedStatus):
    """Raised by a list operation's iter_... / aiter_... helper when a page is answered with
    anything but 200 (after the client's retries): the walk across pages cannot go on."""

    def __init__(self, status_code: int, content: bytes, *, operation: str, cursor: str | None) -> None:
        self.status_code = status_code
        self.content = content
        self.operation = operation
        self.cursor = cursor

        page = "the first page" if cursor is None else f"the page after cursor {cursor!r}"
        # Not UnexpectedStatus's message: this one names the operation and the page.
        Exception.__init__(
            self,
            f"{operation}: {page} was answered {status_code}, expected 200\n\n"
            f"Response content:\n{content.decode(errors='ignore')}",
        )


class RepeatedPageCursor(Exception):
    """Raised by a list operation's iter_... / aiter_... helper when the server sends a page
    cursor it sent before: following it again would walk the same pages forever."""

    def __init__(self, *, operation: str, cursor: str) -> None:
        self.operation = operation
        self.cursor = cursor

        super().__init__(
            f"{operation}: nextPageCursor {cursor!r} was sent a second time, expected a cursor"
            " not seen before (every item appears on exactly one page)"
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


def _page_named(cursor: str | None) -> str:
    return "the first page" if cursor is None else f"the page after cursor {cursor!r}"


class UnreadablePageItem(FieldError):
    """Raised by a walk with on_unreadable="raise" (the default) for a list item the client
    cannot read. A FieldError (so a ValueError) whose `path` is from the page's root; `unreadable`
    names the operation, page, position and id."""

    def __init__(self, unreadable: UnreadableItem) -> None:
        super().__init__(("data", unreadable.index, *unreadable.error.segments), unreadable.error.problem)
        self.unreadable = unreadable

    def __str__(self) -> str:
        unreadable = self.unreadable
        item = f"item {unreadable.index}"
        if unreadable.item_id is not None:
            item += f" (id {unreadable.item_id!r})"
        return (
            f"{unreadable.operation}: {item} of {_page_named(unreadable.cursor)} cannot be read:"
            f" {self.path}: {self.problem}"
        )


class UnreadablePage(FieldError):
    """Raised by a walk when a 200 page's body is not a page at all (not JSON, no `data` list,
    or a page field that does not fit): no item of it can be trusted."""

    def __init__(self, segments: Sequence[str | int], problem: str, *, operation: str, cursor: str | None) -> None:
        super().__init__(segments, problem)
        self.operation = operation
        self.cursor = cursor

    def __str__(self) -> str:
        return f"{self.operation}: {_page_named(self.cursor)} cannot be read: {self.path}: {self.problem}"


Item = TypeVar("Item")
Item_co = TypeVar("Item_co", covariant=True)
Page = TypeVar("Page", bound="CursorPage[Any]")


class PageAnswer(Protocol):
    """What a walk reads of the generated Response to one page request."""

    @property
    def status_code(self) -> int: ...

    @property
    def content(self) -> bytes: ...

    @property
    def parsed(self) -> object: ...


class CursorPage(Protocol[Item_co]):
    """A page of a cursor-paginated list (the generated model of its 200 answer)."""

    @property
    def data(self) -> Sequence[Item_co]: ...

    @property
    def next_page_cursor(self) -> object:
        """The cursor of the next page: a non-empty str, or None, "" or UNSET on the last."""
        ...


@dataclass(frozen=True)
class PageReader(Generic[Page, Item]):
    """How a walk reads a 200 page from its raw body: the page's own fields with `read_page` (the
    page model's from_dict, given the body with an empty `data`), then each item of `data` with
    `read_item` (the item model's from_dict), so one unreadable item is one item, not a page."""

    read_page: Callable[[dict[str, Any]], Page]
    read_item: Callable[[Any], Item]
    on_unreadable: OnUnreadable = "raise"
    on_skip: Callable[[UnreadableItem], None] | None = None

    def read(self, content: bytes, *, operation: str, cursor: str | None) -> tuple[Page, list[Item]]:
        """The page in `content` and its readable items; raises UnreadablePage for a body that is
        not a page, and UnreadablePageItem for an unreadable item unless told to skip it."""
        try:
            body = json.loads(content)
        except ValueError as error:
            raise UnreadablePage((), f"the body is not JSON: {error}", operation=operation, cursor=cursor) from error
        if not isinstance(body, dict) or not isinstance(body.get("data"), list):
            raise UnreadablePage(
                (),
                "the body is not an object with a `data` list",
                operation=operation,
                cursor=cursor,
            )
        try:
            page = self.read_page(body | {"data": []})
        except FieldError as error:
            raise UnreadablePage(error.segments, error.problem, operation=operation, cursor=cursor) from error
        items: list[Item] = []
        for index, raw_item in enumerate(body["data"]):
            try:
                items.append(self.read_item(raw_item))
            except FieldError as error:
                unreadable = UnreadableItem(operation, cursor, index, raw_item, error)
                if self.on_unreadable != "skip":
                    raise UnreadablePageItem(unreadable) from error
                if self.on_skip is not None:
                    self.on_skip(unreadable)
        return page, items


def start_cursor(cursor: object) -> str | None:
    """The cursor a walk starts from: a non-empty str resumes after the page that sent it as its
    nextPageCursor; None, "" or UNSET (what a page's next_page_cursor may be) start from the
    first page."""
    return cursor if isinstance(cursor, str) and cursor else None


class PageWalk(Generic[Item]):
    """Where a walk across the pages of one list operation stands, and the checks that end it.

    The caller asks for the page at `cursor` (None: the first page), hands the answer to
    `page_of`, uses the page's items, then hands the page's `next_page_cursor` to `follow`; until
    `finished`. With a `reader`, a page is read from the answer's raw body (PageReader); without
    one, it is the answer's `parsed` model.
    """

    def __init__(
        self,
        operation: str,
        page_type: type[CursorPage[Item]],
        *,
        cursor: object = None,
        reader: "PageReader[Any, Item] | None" = None,
    ) -> None:
        self.operation = operation
        self.cursor: str | None = start_cursor(cursor)
        self.finished = False
        self._page_type = page_type
        self._reader = reader
        self._followed: set[str] = set() if self.cursor is None else {self.cursor}

    def page_of(self, answer: PageAnswer) -> CursorPage[Item]:
        """The page in `answer`, the answer to the request for the page at `cursor`; raises
        UnexpectedPageStatus for anything but a 200 that reads as a page (with a reader:
        UnreadablePage / UnreadablePageItem for a 200 whose body it cannot read)."""
        if answer.status_code == 200 and self._reader is not None:
            page, items = self._reader.read(answer.content, operation=self.operation, cursor=self.cursor)
            # The page model holds only the items that could be read (all, unless skipping).
            page.data = items
            return page  # type: ignore[no-any-return]
        page = answer.parsed
        if answer.status_code != 200 or not isinstance(page, self._page_type):
            raise UnexpectedPageStatus(
                int(answer.status_code),
                answer.content,
                operation=self.operation,
                cursor=self.cursor,
            )
        return page

    def follow(self, next_cursor: object) -> None:
        """Move on to the page after the one read last, whose nextPageCursor is `next_cursor`: a
        missing, null or empty one finishes the walk; raises RepeatedPageCursor for one followed
        before."""
        if not isinstance(next_cursor, str) or not next_cursor:
            self.finished = True
        elif next_cursor in self._followed:
            raise RepeatedPageCursor(operation=self.operation, cursor=next_cursor)
        else:
            self._followed.add(next_cursor)
            self.cursor = next_cursor


def walk_page_models(
    operation: str,
    page_type: type[Page],
    fetch: Callable[[str | None], PageAnswer],
    *,
    cursor: object = None,
    reader: "PageReader[Page, Any] | None" = None,
) -> Iterator[Page]:
    """Every page of `operation` from the one at `cursor` (None: the first) on; `fetch(cursor)`
    asks for the page at `cursor`."""
    walk: PageWalk[Any] = PageWalk(operation, page_type, cursor=cursor, reader=reader)
    while not walk.finished:
        page: Page = walk.page_of(fetch(walk.cursor))  # type: ignore[assignment]
        yield page
        walk.follow(page.next_page_cursor)


async def awalk_page_models(
    operation: str,
    page_type: type[Page],
    fetch: Callable[[str | None], Awaitable[PageAnswer]],
    *,
    cursor: object = None,
    reader: "PageReader[Page, Any] | None" = None,
) -> AsyncIterator[Page]:
    """walk_page_models with an async `fetch`: only the await differs."""
    walk: PageWalk[Any] = PageWalk(operation, page_type, cursor=cursor, reader=reader)
    while not walk.finished:
        page: Page = walk.page_of(await fetch(walk.cursor))  # type: ignore[assignment]
        yield page
        walk.follow(page.next_page_cursor)


def walk_pages(
    operation: str,
    page_type: type[CursorPage[Item]],
    fetch: Callable[[str | None], PageAnswer],
    *,
    cursor: object = None,
    reader: "PageReader[Any, Item] | None" = None,
) -> Iterator[Item]:
    """Every item of every page of `operation`, page by page, from the page at `cursor` (None:
    the first) on; `fetch(cursor)` asks for the page at `cursor`."""
    for page in walk_page_models(operation, page_type, fetch, cursor=cursor, reader=reader):
        yield from page.data


async def awalk_pages(
    operation: str,
    page_type: type[CursorPage[Item]],
    fetch: Callable[[str | None], Awaitable[PageAnswer]],
    *,
    cursor: object = None,
    reader: "PageReader[Any, Item] | None" = None,
) -> AsyncIterator[Item]:
    """walk_pages with an async `fetch`: only the await differs."""
    async for page in awalk_page_models(operation, page_type, fetch, cursor=cursor, reader=reader):
        for item in page.data:
            yield item


__all__ = [
    "AuthError",
    "BadRequest",
    "Conflict",
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
    "UnexpectedPageStatus",
    "UnexpectedRateLimited",
    "UnexpectedServerError",
    "UnexpectedStatus",
    "UnreadableItem",
    "UnreadablePage",
    "UnreadablePageItem",
    "UnreadableResponse",
]
