"""Contains some shared types for properties"""

import datetime
from collections.abc import Mapping, MutableMapping
from typing import IO, TYPE_CHECKING, Any, BinaryIO, Generic, Literal, TypeVar, overload

from attrs import define, field

from .errors import as_http_status, error_for, request_id_of

if TYPE_CHECKING:
    from .models.error_body import ErrorBody


class Unset:
    """The type of UNSET, the value of an optional field that was not sent (None is `null`)."""

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "UNSET"


UNSET: Unset = Unset()

# The types that `httpx.Client(files=)` can accept, copied from that library.
FileContent = IO[bytes] | bytes | str
FileTypes = (
    # (filename, file (or bytes), content_type)
    tuple[str | None, FileContent, str | None]
    # (filename, file (or bytes), content_type, headers)
    | tuple[str | None, FileContent, str | None, Mapping[str, str]]
)
RequestFiles = list[tuple[str, FileTypes]]


@define
class File:
    """Contains information for file uploads"""

    payload: BinaryIO
    file_name: str | None = None
    mime_type: str | None = None

    def to_tuple(self) -> FileTypes:
        """Return a tuple representation that httpx will accept for multipart/form-data"""
        return self.file_name, self.payload, self.mime_type


T = TypeVar("T")
Success = TypeVar("Success")


@define
class Response(Generic[T]):
    """A response from an endpoint, whatever the server answered.

    Attributes:
        status_code: The HTTP status: an http.HTTPStatus member when the code is one, else the
            code itself (e.g. 520).
        content: The body, raw.
        headers: The answer's headers.
        parsed: The body as the model the operation documents for this status; None when the
            status is undocumented or the body could not be read (see parse_error).
        parse_error: Why the body could not be read (e.g. a ValueError naming the field); None
            when it was read, or when the status is undocumented.
        operation: The operation's name, e.g. "create_charge_box".
        documented: Whether the operation documents this status.
        elapsed: How long the call took, from the first send to the answer read, retries and
            their waits included.
        request_id: The id the server gave this answer (an error body's ``error.request_id``,
            else the ``X-Request-Id`` header); None when it sent none. Keep the Response to log
            it after ``unwrap()``: ``answer = get_charge_box.sync_detailed(...)``,
            ``box = answer.unwrap()``, then ``answer.request_id``, ``answer.elapsed``.
    """

    status_code: int = field(converter=as_http_status)
    content: bytes
    headers: MutableMapping[str, str]
    parsed: T | None
    parse_error: Exception | None = field(default=None, kw_only=True)
    operation: str = field(default="", kw_only=True)
    documented: bool = field(default=False, kw_only=True)
    elapsed: datetime.timedelta = field(factory=datetime.timedelta, kw_only=True)

    @property
    def request_id(self) -> str | None:
        """The id the server gave this answer; see the class docstring."""
        return request_id_of(self.status_code, self.headers, self.content)

    @overload
    def unwrap(self: "Response[Success | ErrorBody]") -> Success: ...

    @overload
    def unwrap(self: "Response[Success]") -> Success: ...

    def unwrap(self) -> Any:
        """The success model, or raise the errors.SpiriiError subclass the answer means.

        Raises:
            errors.BadRequest: 400 or 422.
            errors.AuthError: 401 or 403.
            errors.NotFound: 404.
            errors.Conflict: 409.
            errors.RateLimited: 429 (see its retry_after).
            errors.ServerError: 5xx.
            errors.UnexpectedStatus: a status the operation does not document (an undocumented
                error status raises a subclass that is also the class above, e.g.
                UnexpectedServerError for a gateway's 502).
            errors.UnreadableResponse: a success status whose body could not be read; names the
                JSON path of the field that broke.
        """
        readable = self.parse_error is None and (self.parsed is not None or self.documented)
        if 200 <= self.status_code < 300 and readable:
            return self.parsed  # None only for a documented answer without a body (a 204)
        raise error_for(self)


__all__ = ["UNSET", "File", "FileTypes", "RequestFiles", "Response", "Unset"]
