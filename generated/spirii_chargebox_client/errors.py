"""Contains shared errors types that can be raised from API functions"""


class UnexpectedStatus(Exception):
    """Raised by api functions when the response status an undocumented status and Client.raise_on_unexpected_status is True"""

    def __init__(self, status_code: int, content: bytes):
        self.status_code = status_code
        self.content = content

        super().__init__(
            f"Unexpected status code: {status_code}\n\nResponse content:\n{content.decode(errors='ignore')}"
        )


"""Walking every page of a cursor-paginated list operation, and the errors that end a walk.

errors.py.jinja pastes this file into the generated errors.py below upstream's UnexpectedStatus,
less the import of that class (the generator writes no module of our choosing, and the errors
belong with the package's others); the iter_... / aiter_... helpers that endpoint_module.py.jinja
adds call walk_pages / awalk_pages. On its own it is checked by ruff and mypy --strict and
unit-tested in tests/test_client_runtime.py. Sans-IO: PageWalk decides, walk_pages and awalk_pages
only fetch and yield.
"""

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Sequence
from typing import Generic, Protocol, TypeVar


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


Item = TypeVar("Item")
Item_co = TypeVar("Item_co", covariant=True)


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


class PageWalk(Generic[Item]):
    """Where a walk across the pages of one list operation stands, and the checks that end it.

    The caller asks for the page at `cursor` (None: the first page), hands the answer to
    `page_of`, uses the page's items, then hands the page's `next_page_cursor` to `follow`; until
    `finished`.
    """

    def __init__(self, operation: str, page_type: type[CursorPage[Item]]) -> None:
        self.operation = operation
        self.cursor: str | None = None
        self.finished = False
        self._page_type = page_type
        self._followed: set[str] = set()

    def page_of(self, answer: PageAnswer) -> CursorPage[Item]:
        """The page in `answer`, the answer to the request for the page at `cursor`; raises
        UnexpectedPageStatus for anything but a 200 that parsed as a page."""
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


def walk_pages(
    operation: str,
    page_type: type[CursorPage[Item]],
    fetch: Callable[[str | None], PageAnswer],
) -> Iterator[Item]:
    """Every item of every page of `operation`, page by page; `fetch(cursor)` asks for the page
    at `cursor` (None: the first)."""
    walk = PageWalk(operation, page_type)
    while not walk.finished:
        page = walk.page_of(fetch(walk.cursor))
        yield from page.data
        walk.follow(page.next_page_cursor)


async def awalk_pages(
    operation: str,
    page_type: type[CursorPage[Item]],
    fetch: Callable[[str | None], Awaitable[PageAnswer]],
) -> AsyncIterator[Item]:
    """walk_pages with an async `fetch`: only the await differs."""
    walk = PageWalk(operation, page_type)
    while not walk.finished:
        page = walk.page_of(await fetch(walk.cursor))
        for item in page.data:
            yield item
        walk.follow(page.next_page_cursor)


__all__ = ["RepeatedPageCursor", "UnexpectedPageStatus", "UnexpectedStatus"]
