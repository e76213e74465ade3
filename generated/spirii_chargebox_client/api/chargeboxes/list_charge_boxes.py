from collections.abc import AsyncIterator, Iterator
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
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
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ChargeBoxPage | ErrorBody]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
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
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ChargeBoxPage | ErrorBody]
    """

    kwargs = _get_kwargs(
        limit=limit,
        next_page_cursor=next_page_cursor,
        previous_page_cursor=previous_page_cursor,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


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
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ChargeBoxPage | ErrorBody
    """

    return sync_detailed(
        client=client,
        limit=limit,
        next_page_cursor=next_page_cursor,
        previous_page_cursor=previous_page_cursor,
    ).parsed


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
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ChargeBoxPage | ErrorBody]
    """

    kwargs = _get_kwargs(
        limit=limit,
        next_page_cursor=next_page_cursor,
        previous_page_cursor=previous_page_cursor,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


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
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ChargeBoxPage | ErrorBody
    """

    return (
        await asyncio_detailed(
            client=client,
            limit=limit,
            next_page_cursor=next_page_cursor,
            previous_page_cursor=previous_page_cursor,
        )
    ).parsed


def iter_charge_boxes(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 25,
) -> Iterator[ChargeBox]:
    """Every ChargeBox of every page, from the first page on, following `nextPageCursor` until
    it is null or empty. One `sync_detailed` call per page, so the client's retry policy covers each
    page; items are yielded as their page arrives.

    Args:
        limit (int | Unset):  Default: 25.

    Raises:
        errors.UnexpectedPageStatus: A page was answered with anything but 200 (after the client's
            retries).
        errors.RepeatedPageCursor: The server sent a cursor it had sent before; following it again
            would never end.
        httpx.TimeoutException: If a page takes longer than Client.timeout.
    """

    yield from errors.walk_pages(
        "list_charge_boxes",
        ChargeBoxPage,
        lambda cursor: sync_detailed(
            client=client,
            limit=limit,
            next_page_cursor=cursor or UNSET,
        ),
    )


async def aiter_charge_boxes(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 25,
) -> AsyncIterator[ChargeBox]:
    """Every ChargeBox of every page, from the first page on, following `nextPageCursor` until
    it is null or empty. One `asyncio_detailed` call per page, so the client's retry policy covers each
    page; items are yielded as their page arrives.

    Args:
        limit (int | Unset):  Default: 25.

    Raises:
        errors.UnexpectedPageStatus: A page was answered with anything but 200 (after the client's
            retries).
        errors.RepeatedPageCursor: The server sent a cursor it had sent before; following it again
            would never end.
        httpx.TimeoutException: If a page takes longer than Client.timeout.
    """

    async for item in errors.awalk_pages(
        "list_charge_boxes",
        ChargeBoxPage,
        lambda cursor: asyncio_detailed(
            client=client,
            limit=limit,
            next_page_cursor=cursor or UNSET,
        ),
    ):
        yield item
