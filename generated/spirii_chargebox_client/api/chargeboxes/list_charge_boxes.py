import datetime
import time
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import httpx

from ... import errors
from ...api import PageReader, awalk_page_models, awalk_pages, walk_page_models, walk_pages
from ...client import AuthenticatedClient, Client
from ...models.charge_box import ChargeBox
from ...models.charge_box_page import ChargeBoxPage
from ...models.error_body import ErrorBody
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    limit: int | Unset = 25,
    next_page_cursor: str | Unset = UNSET,
    previous_page_cursor: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["limit"] = limit

    params["nextPageCursor"] = next_page_cursor

    params["previousPageCursor"] = previous_page_cursor

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v2/chargeboxes",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ChargeBoxPage | ErrorBody | None:
    if response.status_code == 200:
        response_200 = ChargeBoxPage.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = ErrorBody.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ErrorBody.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ErrorBody.from_dict(response.json())

        return response_403

    if response.status_code == 422:
        response_422 = ErrorBody.from_dict(response.json())

        return response_422

    if response.status_code == 429:
        response_429 = ErrorBody.from_dict(response.json())

        return response_429

    if response.status_code == 500:
        response_500 = ErrorBody.from_dict(response.json())

        return response_500

    if client.raise_on_unexpected_status:
        raise errors.error_for(
            Response(
                status_code=response.status_code,
                content=response.content,
                headers=response.headers,
                parsed=None,
                operation="list_charge_boxes",
            )
        )
    else:
        return None


def _build_response(
    *,
    client: AuthenticatedClient | Client,
    response: httpx.Response,
    elapsed: datetime.timedelta = datetime.timedelta(),
) -> Response[ChargeBoxPage | ErrorBody]:
    # What parsing an unreadable body raises (FieldError, JSONDecodeError are ValueErrors).
    try:
        parsed = _parse_response(client=client, response=response)
    except (LookupError, TypeError, ValueError, AttributeError, ArithmeticError) as parse_error:
        return Response(
            status_code=response.status_code,
            content=response.content,
            headers=response.headers,
            parsed=None,
            parse_error=parse_error,
            operation="list_charge_boxes",
            elapsed=elapsed,
        )
    return Response(
        status_code=response.status_code,
        content=response.content,
        headers=response.headers,
        parsed=parsed,
        operation="list_charge_boxes",
        documented=response.status_code
        in (
            200,
            400,
            401,
            403,
            422,
            429,
            500,
        ),
        elapsed=elapsed,
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 25,
    next_page_cursor: str | Unset = UNSET,
    previous_page_cursor: str | Unset = UNSET,
) -> Response[ChargeBoxPage | ErrorBody]:
    """List charge boxes, one page at a time.

     Returns one page of the charge boxes the API key may see. Follow `nextPageCursor` (send
    it back as the `nextPageCursor` query parameter) until it is null or empty; every
    charge box appears on exactly one page.

    Args:
        limit (int | Unset):  Default: 25.
        next_page_cursor (str | Unset):
        previous_page_cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server answers a status this operation does not document
            and Client.raise_on_unexpected_status is True.
        errors.NoAnswer: If no answer came (refused, dropped, timed out: also the httpx exception
            it was, e.g. httpx.ConnectError, httpx.TimeoutException), after the retries.

    Returns:
        Response[ChargeBoxPage | ErrorBody]: Whatever the server answered: its
            status_code, headers, content, `parsed` (None for an undocumented status or a body that
            could not be read, see `parse_error`). `.unwrap()` returns the success model or raises
            the errors.SpiriiError subclass the answer means.
    """

    kwargs = _get_kwargs(
        limit=limit,
        next_page_cursor=next_page_cursor,
        previous_page_cursor=previous_page_cursor,
    )

    started = time.monotonic()
    try:
        response = client.get_httpx_client().request(
            **kwargs,
        )
    except httpx.RequestError as error:
        raise errors.no_answer(error, "list_charge_boxes") from error
    elapsed = datetime.timedelta(seconds=time.monotonic() - started)

    return _build_response(client=client, response=response, elapsed=elapsed)


def sync(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 25,
    next_page_cursor: str | Unset = UNSET,
    previous_page_cursor: str | Unset = UNSET,
) -> ChargeBoxPage | ErrorBody | None:
    """List charge boxes, one page at a time.

     Returns one page of the charge boxes the API key may see. Follow `nextPageCursor` (send
    it back as the `nextPageCursor` query parameter) until it is null or empty; every
    charge box appears on exactly one page.

    Args:
        limit (int | Unset):  Default: 25.
        next_page_cursor (str | Unset):
        previous_page_cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server answers a status this operation does not document
            and Client.raise_on_unexpected_status is True.
        errors.SpiriiError: If the body of a documented status cannot be read:
            errors.UnreadableResponse for a success status (naming the field), else the status'
            class (errors.NotFound for an empty 404, errors.ServerError for an HTML 500).
        errors.NoAnswer: If no answer came (refused, dropped, timed out: also the httpx exception
            it was, e.g. httpx.ConnectError, httpx.TimeoutException), after the retries.

    Returns:
        ChargeBoxPage | ErrorBody | None: The body of a documented status, parsed
            (an error status gives the error model); None when the status is not one this
            operation documents (e.g. a gateway's 502, or 200 where 201 is documented). Use
            sync_detailed(...).unwrap() to get the success model or a typed error instead.
    """

    response = sync_detailed(
        client=client,
        limit=limit,
        next_page_cursor=next_page_cursor,
        previous_page_cursor=previous_page_cursor,
    )
    if response.parse_error is not None:
        raise errors.error_for(response)
    return response.parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 25,
    next_page_cursor: str | Unset = UNSET,
    previous_page_cursor: str | Unset = UNSET,
) -> Response[ChargeBoxPage | ErrorBody]:
    """List charge boxes, one page at a time.

     Returns one page of the charge boxes the API key may see. Follow `nextPageCursor` (send
    it back as the `nextPageCursor` query parameter) until it is null or empty; every
    charge box appears on exactly one page.

    Args:
        limit (int | Unset):  Default: 25.
        next_page_cursor (str | Unset):
        previous_page_cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server answers a status this operation does not document
            and Client.raise_on_unexpected_status is True.
        errors.NoAnswer: If no answer came (refused, dropped, timed out: also the httpx exception
            it was, e.g. httpx.ConnectError, httpx.TimeoutException), after the retries.

    Returns:
        Response[ChargeBoxPage | ErrorBody]: Whatever the server answered: its
            status_code, headers, content, `parsed` (None for an undocumented status or a body that
            could not be read, see `parse_error`). `.unwrap()` returns the success model or raises
            the errors.SpiriiError subclass the answer means.
    """

    kwargs = _get_kwargs(
        limit=limit,
        next_page_cursor=next_page_cursor,
        previous_page_cursor=previous_page_cursor,
    )

    started = time.monotonic()
    try:
        response = await client.get_async_httpx_client().request(**kwargs)
    except httpx.RequestError as error:
        raise errors.no_answer(error, "list_charge_boxes") from error
    elapsed = datetime.timedelta(seconds=time.monotonic() - started)

    return _build_response(client=client, response=response, elapsed=elapsed)


async def asyncio(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 25,
    next_page_cursor: str | Unset = UNSET,
    previous_page_cursor: str | Unset = UNSET,
) -> ChargeBoxPage | ErrorBody | None:
    """List charge boxes, one page at a time.

     Returns one page of the charge boxes the API key may see. Follow `nextPageCursor` (send
    it back as the `nextPageCursor` query parameter) until it is null or empty; every
    charge box appears on exactly one page.

    Args:
        limit (int | Unset):  Default: 25.
        next_page_cursor (str | Unset):
        previous_page_cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server answers a status this operation does not document
            and Client.raise_on_unexpected_status is True.
        errors.SpiriiError: If the body of a documented status cannot be read:
            errors.UnreadableResponse for a success status (naming the field), else the status'
            class (errors.NotFound for an empty 404, errors.ServerError for an HTML 500).
        errors.NoAnswer: If no answer came (refused, dropped, timed out: also the httpx exception
            it was, e.g. httpx.ConnectError, httpx.TimeoutException), after the retries.

    Returns:
        ChargeBoxPage | ErrorBody | None: The body of a documented status, parsed
            (an error status gives the error model); None when the status is not one this
            operation documents (e.g. a gateway's 502, or 200 where 201 is documented). Use
            sync_detailed(...).unwrap() to get the success model or a typed error instead.
    """

    response = await asyncio_detailed(
        client=client,
        limit=limit,
        next_page_cursor=next_page_cursor,
        previous_page_cursor=previous_page_cursor,
    )
    if response.parse_error is not None:
        raise errors.error_for(response)
    return response.parsed


def iter_charge_boxes(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 25,
    cursor: None | str | Unset = UNSET,
    on_unreadable: errors.OnUnreadable = "raise",
    on_skip: Callable[[errors.UnreadableItem], None] | None = None,
) -> Iterator[ChargeBox]:
    """Every ChargeBox of every page, from the first page (or the page at `cursor`) on, following `nextPageCursor` until
    it is null or empty. One `sync_detailed` call per page, so the client's retry policy covers each
    page; each page is read item by item from its raw body, and yielded as it arrives.

    Args:
        limit (int | Unset):  Default: 25.
        cursor (None | str | Unset): Resume after the page whose `next_page_cursor` this is. None,
            "" or UNSET (the default) start from the first page, so check a kept cursor first: a
            last page's is null or empty.
        on_unreadable ("raise" | "skip"): What to do with a ChargeBox the client cannot read
            (a missing required field, an unknown closed-enum value, a wrong type): "raise" (the
            default) ends the walk with errors.UnreadablePageItem; "skip" leaves it out of its page,
            calls `on_skip` and goes on.
        on_skip (Callable[[errors.UnreadableItem], None] | None): Called with each item skipped
            (its page cursor, position, id, JSON and FieldError) when on_unreadable is "skip".

    Raises:
        errors.SpiriiError: A page was answered with anything but 200 (after the client's retries):
            exactly what `sync_detailed(...).unwrap()` raises for that answer (errors.RateLimited with
            its retry_after, errors.AuthError, errors.ServerError, ...), its `cursor` the page the
            walk stopped at: pass it back as `cursor=` to resume there.
        errors.RepeatedPageCursor: The server sent a cursor it had sent before; following it again
            would never end.
        errors.UnreadablePageItem: A ChargeBox could not be read and on_unreadable is "raise"
            (an UnreadableResponse; its message names the item's id and the field's JSON path).
        errors.UnreadablePage: A 200 page's body is not a ChargeBoxPage at all
            (an UnreadableResponse).
        errors.NoAnswer: A page got no answer (refused, dropped, timed out; also the httpx
            exception it was), after the client's retries.
    """

    yield from walk_pages(
        "list_charge_boxes",
        ChargeBoxPage,
        lambda page_cursor: sync_detailed(
            client=client,
            limit=limit,
            next_page_cursor=page_cursor or UNSET,
        ),
        cursor=cursor,
        reader=PageReader(
            ChargeBoxPage.from_dict,
            ChargeBox.from_dict,
            on_unreadable,
            on_skip,
        ),
    )


async def aiter_charge_boxes(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 25,
    cursor: None | str | Unset = UNSET,
    on_unreadable: errors.OnUnreadable = "raise",
    on_skip: Callable[[errors.UnreadableItem], None] | None = None,
) -> AsyncIterator[ChargeBox]:
    """Every ChargeBox of every page, from the first page (or the page at `cursor`) on, following `nextPageCursor` until
    it is null or empty. One `asyncio_detailed` call per page, so the client's retry policy covers each
    page; each page is read item by item from its raw body, and yielded as it arrives.

    Args:
        limit (int | Unset):  Default: 25.
        cursor (None | str | Unset): Resume after the page whose `next_page_cursor` this is. None,
            "" or UNSET (the default) start from the first page, so check a kept cursor first: a
            last page's is null or empty.
        on_unreadable ("raise" | "skip"): What to do with a ChargeBox the client cannot read
            (a missing required field, an unknown closed-enum value, a wrong type): "raise" (the
            default) ends the walk with errors.UnreadablePageItem; "skip" leaves it out of its page,
            calls `on_skip` and goes on.
        on_skip (Callable[[errors.UnreadableItem], None] | None): Called with each item skipped
            (its page cursor, position, id, JSON and FieldError) when on_unreadable is "skip".

    Raises:
        errors.SpiriiError: A page was answered with anything but 200 (after the client's retries):
            exactly what `asyncio_detailed(...).unwrap()` raises for that answer (errors.RateLimited with
            its retry_after, errors.AuthError, errors.ServerError, ...), its `cursor` the page the
            walk stopped at: pass it back as `cursor=` to resume there.
        errors.RepeatedPageCursor: The server sent a cursor it had sent before; following it again
            would never end.
        errors.UnreadablePageItem: A ChargeBox could not be read and on_unreadable is "raise"
            (an UnreadableResponse; its message names the item's id and the field's JSON path).
        errors.UnreadablePage: A 200 page's body is not a ChargeBoxPage at all
            (an UnreadableResponse).
        errors.NoAnswer: A page got no answer (refused, dropped, timed out; also the httpx
            exception it was), after the client's retries.
    """

    async for item in awalk_pages(
        "list_charge_boxes",
        ChargeBoxPage,
        lambda page_cursor: asyncio_detailed(
            client=client,
            limit=limit,
            next_page_cursor=page_cursor or UNSET,
        ),
        cursor=cursor,
        reader=PageReader(
            ChargeBoxPage.from_dict,
            ChargeBox.from_dict,
            on_unreadable,
            on_skip,
        ),
    ):
        yield item


def iter_charge_box_pages(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 25,
    cursor: None | str | Unset = UNSET,
    on_unreadable: errors.OnUnreadable = "raise",
    on_skip: Callable[[errors.UnreadableItem], None] | None = None,
) -> Iterator[ChargeBoxPage]:
    """Every page, as a ChargeBoxPage, from the first page (or the page at `cursor`) on, following `nextPageCursor` until
    it is null or empty. One `sync_detailed` call per page, so the client's retry policy covers each
    page; each page is read item by item from its raw body, and yielded as it arrives.

    Args:
        limit (int | Unset):  Default: 25.
        cursor (None | str | Unset): Resume after the page whose `next_page_cursor` this is. None,
            "" or UNSET (the default) start from the first page, so check a kept cursor first: a
            last page's is null or empty.
        on_unreadable ("raise" | "skip"): What to do with a ChargeBox the client cannot read
            (a missing required field, an unknown closed-enum value, a wrong type): "raise" (the
            default) ends the walk with errors.UnreadablePageItem; "skip" leaves it out of its page,
            calls `on_skip` and goes on.
        on_skip (Callable[[errors.UnreadableItem], None] | None): Called with each item skipped
            (its page cursor, position, id, JSON and FieldError) when on_unreadable is "skip".

    Raises:
        errors.SpiriiError: A page was answered with anything but 200 (after the client's retries):
            exactly what `sync_detailed(...).unwrap()` raises for that answer (errors.RateLimited with
            its retry_after, errors.AuthError, errors.ServerError, ...), its `cursor` the page the
            walk stopped at: pass it back as `cursor=` to resume there.
        errors.RepeatedPageCursor: The server sent a cursor it had sent before; following it again
            would never end.
        errors.UnreadablePageItem: A ChargeBox could not be read and on_unreadable is "raise"
            (an UnreadableResponse; its message names the item's id and the field's JSON path).
        errors.UnreadablePage: A 200 page's body is not a ChargeBoxPage at all
            (an UnreadableResponse).
        errors.NoAnswer: A page got no answer (refused, dropped, timed out; also the httpx
            exception it was), after the client's retries.
    """

    yield from walk_page_models(
        "list_charge_boxes",
        ChargeBoxPage,
        lambda page_cursor: sync_detailed(
            client=client,
            limit=limit,
            next_page_cursor=page_cursor or UNSET,
        ),
        cursor=cursor,
        reader=PageReader(
            ChargeBoxPage.from_dict,
            ChargeBox.from_dict,
            on_unreadable,
            on_skip,
        ),
    )


async def aiter_charge_box_pages(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 25,
    cursor: None | str | Unset = UNSET,
    on_unreadable: errors.OnUnreadable = "raise",
    on_skip: Callable[[errors.UnreadableItem], None] | None = None,
) -> AsyncIterator[ChargeBoxPage]:
    """Every page, as a ChargeBoxPage, from the first page (or the page at `cursor`) on, following `nextPageCursor` until
    it is null or empty. One `asyncio_detailed` call per page, so the client's retry policy covers each
    page; each page is read item by item from its raw body, and yielded as it arrives.

    Args:
        limit (int | Unset):  Default: 25.
        cursor (None | str | Unset): Resume after the page whose `next_page_cursor` this is. None,
            "" or UNSET (the default) start from the first page, so check a kept cursor first: a
            last page's is null or empty.
        on_unreadable ("raise" | "skip"): What to do with a ChargeBox the client cannot read
            (a missing required field, an unknown closed-enum value, a wrong type): "raise" (the
            default) ends the walk with errors.UnreadablePageItem; "skip" leaves it out of its page,
            calls `on_skip` and goes on.
        on_skip (Callable[[errors.UnreadableItem], None] | None): Called with each item skipped
            (its page cursor, position, id, JSON and FieldError) when on_unreadable is "skip".

    Raises:
        errors.SpiriiError: A page was answered with anything but 200 (after the client's retries):
            exactly what `asyncio_detailed(...).unwrap()` raises for that answer (errors.RateLimited with
            its retry_after, errors.AuthError, errors.ServerError, ...), its `cursor` the page the
            walk stopped at: pass it back as `cursor=` to resume there.
        errors.RepeatedPageCursor: The server sent a cursor it had sent before; following it again
            would never end.
        errors.UnreadablePageItem: A ChargeBox could not be read and on_unreadable is "raise"
            (an UnreadableResponse; its message names the item's id and the field's JSON path).
        errors.UnreadablePage: A 200 page's body is not a ChargeBoxPage at all
            (an UnreadableResponse).
        errors.NoAnswer: A page got no answer (refused, dropped, timed out; also the httpx
            exception it was), after the client's retries.
    """

    async for page in awalk_page_models(
        "list_charge_boxes",
        ChargeBoxPage,
        lambda page_cursor: asyncio_detailed(
            client=client,
            limit=limit,
            next_page_cursor=page_cursor or UNSET,
        ),
        cursor=cursor,
        reader=PageReader(
            ChargeBoxPage.from_dict,
            ChargeBox.from_dict,
            on_unreadable,
            on_skip,
        ),
    ):
        yield page
