"""Contains shared errors types that can be raised from API functions"""


class UnexpectedStatus(Exception):
    """Raised by api functions when the response status an undocumented status and Client.raise_on_unexpected_status is True"""

    def __init__(self, status_code: int, content: bytes):
        self.status_code = status_code
        self.content = content

        super().__init__(
            f"Unexpected status code: {status_code}\n\nResponse content:\n{content.decode(errors='ignore')}"
        )


class UnexpectedPageStatus(UnexpectedStatus):
    """Raised by a list operation's iter_… / aiter_… helper when a page is answered with anything but 200
    (after the client's retries): the walk across pages cannot go on."""

    def __init__(self, status_code: int, content: bytes, *, operation: str, cursor: str | None):
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
    """Raised by a list operation's iter_… / aiter_… helper when the server sends a page cursor it
    sent before: following it again would walk the same pages forever."""

    def __init__(self, *, operation: str, cursor: str):
        self.operation = operation
        self.cursor = cursor

        super().__init__(
            f"{operation}: nextPageCursor {cursor!r} was sent a second time, expected a cursor not seen"
            " before (every item appears on exactly one page)"
        )


__all__ = ["RepeatedPageCursor", "UnexpectedPageStatus", "UnexpectedStatus"]
