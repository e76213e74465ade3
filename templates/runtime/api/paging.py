"""Walking every page of a cursor-paginated list operation, and the errors that end a walk.

errors.py.jinja pastes this file into the generated errors.py below typed_errors.py, less its
import of that module's names (the generator writes no module of our choosing, and the errors
belong with the package's others); the iter_... / aiter_... helpers that endpoint_module.py.jinja
adds call walk_pages / awalk_pages. On its own it is checked by ruff and mypy --strict and
unit-tested in tests/test_client_runtime.py and tests/test_client_data.py. Sans-IO: PageWalk
decides, the walk functions only fetch and yield.

A page answered with anything but a readable 200 ends the walk with exactly the error the same
answer raises through `unwrap()` (RateLimited with its retry_after, AuthError, ...), marked with
the cursor of the page the walk stopped at (`error.cursor`), so a consumer handles a walk as it
handles one call, and can resume.

The generated helpers hand the walk a PageReader: it reads each page from the raw body, item by
item, so one item the client cannot read ends the walk with an error naming it (on_unreadable=
"raise") or is left out and reported (on_unreadable="skip"), instead of costing the whole page.
"""

import json
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, Literal, Protocol, TypeVar

from spirii_chargebox_client.errors import (
    Answer,
    FieldError,
    SpiriiError,
    UnreadableResponse,
    error_for,
    json_path,
)


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


Item = TypeVar("Item")
Item_co = TypeVar("Item_co", covariant=True)
Page = TypeVar("Page", bound="CursorPage[Any]")


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

    def read(self, answer: Answer, *, cursor: str | None) -> tuple[Page, list[Item]]:
        """The page in the 200 `answer` to the request for the page at `cursor`, and its
        readable items; raises UnreadablePage for a body that is not a page, and
        UnreadablePageItem for an unreadable item unless told to skip it."""
        try:
            body = json.loads(answer.content)
        except ValueError as error:
            not_json = FieldError((), f"the body is not JSON: {error}")
            not_json.__cause__ = error
            raise UnreadablePage(answer, not_json, cursor=cursor) from error
        if not isinstance(body, dict) or not isinstance(body.get("data"), list):
            no_page = FieldError((), "the body is not an object with a `data` list")
            raise UnreadablePage(answer, no_page, cursor=cursor)
        try:
            page = self.read_page(body | {"data": []})
        except FieldError as error:
            raise UnreadablePage(answer, error, cursor=cursor) from error
        items: list[Item] = []
        for index, raw_item in enumerate(body["data"]):
            try:
                items.append(self.read_item(raw_item))
            except FieldError as error:
                unreadable = UnreadableItem(answer.operation, cursor, index, raw_item, error)
                if self.on_unreadable != "skip":
                    raise UnreadablePageItem(unreadable, answer) from error
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

    def page_of(self, answer: Answer) -> CursorPage[Item]:
        """The page in `answer`, the answer to the request for the page at `cursor`. Anything but
        a 200 that reads as a page raises what `unwrap()` raises for the same answer (a 429 is
        RateLimited, a 401 AuthError, ...), marked with `cursor` (SpiriiError.stopped_walk_at);
        with a reader, a 200 it cannot read raises UnreadablePage / UnreadablePageItem."""
        if answer.status_code == 200 and self._reader is not None:
            page, items = self._reader.read(answer, cursor=self.cursor)
            # The page model holds only the items that could be read (all, unless skipping).
            page.data = items
            return page  # type: ignore[no-any-return]
        page = answer.parsed
        if answer.status_code != 200 or not isinstance(page, self._page_type):
            error = error_for(answer)
            error.stopped_walk_at(self.cursor)
            raise error
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
    fetch: Callable[[str | None], Answer],
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
    fetch: Callable[[str | None], Awaitable[Answer]],
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
    fetch: Callable[[str | None], Answer],
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
    fetch: Callable[[str | None], Awaitable[Answer]],
    *,
    cursor: object = None,
    reader: "PageReader[Any, Item] | None" = None,
) -> AsyncIterator[Item]:
    """walk_pages with an async `fetch`: only the await differs."""
    async for page in awalk_page_models(operation, page_type, fetch, cursor=cursor, reader=reader):
        for item in page.data:
            yield item
