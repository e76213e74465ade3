"""Contains methods for accessing the API, and the walk across the pages of a list operation"""

"""Walking every page of a cursor-paginated list operation: PageWalk decides, PageReader reads a
page item by item, walk_pages / walk_page_models and their async twins fetch and yield (sans-IO).

api_init.py.jinja pastes this file into the generated api/__init__.py, the package the operations
live in, as it is: it sits in runtime/api/ as that module sits in api/, so `..errors` names the
same module in both places. The iter_... / aiter_... helpers that endpoint_module.py.jinja adds
import the walk from there. On its own it is checked by ruff and mypy --strict, and its behaviour
is unit-tested through the generated package in tests/test_client_runtime.py and
tests/test_client_data.py.

A page answered with anything but a readable 200 ends the walk with exactly the error the same
answer raises through `unwrap()` (RateLimited with its retry_after, AuthError, ...), marked with
the cursor of the page the walk stopped at (`error.cursor`), so a consumer handles a walk as it
handles one call, and can resume. The errors only a walk raises (RepeatedPageCursor,
UnreadablePage, UnreadablePageItem) are in runtime/errors.py, with the package's others.

The generated helpers hand the walk a PageReader: it reads each page from the raw body, item by
item, so one item the client cannot read ends the walk with an error naming it (on_unreadable=
"raise") or is left out and reported (on_unreadable="skip"), instead of costing the whole page.
"""

import json
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from ..errors import (
    Answer,
    FieldError,
    OnUnreadable,
    RepeatedPageCursor,
    UnreadableItem,
    UnreadablePage,
    UnreadablePageItem,
    error_for,
)

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
