import datetime
import time
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.command_result import CommandResult
from ...models.error_body import ErrorBody
from ...types import Response


def _get_kwargs(
    id: int,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v2/chargeboxes/{id}/reboot".format(
            id=quote(str(id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CommandResult | ErrorBody | None:
    if response.status_code == 200:
        response_200 = CommandResult.from_dict(response.json())

        return response_200

    if response.status_code == 201:
        response_201 = CommandResult.from_dict(response.json())

        return response_201

    if response.status_code == 400:
        response_400 = ErrorBody.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ErrorBody.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ErrorBody.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = ErrorBody.from_dict(response.json())

        return response_404

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
                operation="reboot_charge_box",
            )
        )
    else:
        return None


def _build_response(
    *,
    client: AuthenticatedClient | Client,
    response: httpx.Response,
    elapsed: datetime.timedelta = datetime.timedelta(),
) -> Response[CommandResult | ErrorBody]:
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
            operation="reboot_charge_box",
            elapsed=elapsed,
        )
    return Response(
        status_code=response.status_code,
        content=response.content,
        headers=response.headers,
        parsed=parsed,
        operation="reboot_charge_box",
        documented=response.status_code
        in (
            200,
            201,
            400,
            401,
            403,
            404,
            429,
            500,
        ),
        elapsed=elapsed,
    )


def sync_detailed(
    id: int,
    *,
    client: AuthenticatedClient,
) -> Response[CommandResult | ErrorBody]:
    """Reboot a charge box (a soft reset).

     Asks the charge box to reboot, which the vendor defines as a soft reset: the same as
    `resetChargeBox` with `{"type": "Soft"}`, with the same answer. Acts on real hardware;
    remote control is limited to 30 requests a minute.

    No request body. The vendor publishes the `{"type": "Hard" | "Soft"}` body beside both
    operations, but a reboot is a soft reset by definition, so a `type` could only repeat
    the path or contradict it. A server that reads no body ignores one that is sent (NestJS
    does), so leaving it out is safe either way; a server that required `type` here would
    show up as a 400 to a valid request. Not published by the vendor: the success status,
    200 or 201 as for `resetChargeBox`.

    Args:
        id (int): A whole-number identifier (at least 1, at most 2^53-1).

    Raises:
        errors.UnexpectedStatus: If the server answers a status this operation does not document
            and Client.raise_on_unexpected_status is True.
        errors.NoAnswer: If no answer came (refused, dropped, timed out: also the httpx exception
            it was, e.g. httpx.ConnectError, httpx.TimeoutException), after the retries.

    Returns:
        Response[CommandResult | ErrorBody]: Whatever the server answered: its
            status_code, headers, content, `parsed` (None for an undocumented status or a body that
            could not be read, see `parse_error`). `.unwrap()` returns the success model or raises
            the errors.SpiriiError subclass the answer means.
    """

    kwargs = _get_kwargs(
        id=id,
    )

    started = time.monotonic()
    try:
        response = client.get_httpx_client().request(
            **kwargs,
        )
    except httpx.RequestError as error:
        raise errors.no_answer(error, "reboot_charge_box") from error
    elapsed = datetime.timedelta(seconds=time.monotonic() - started)

    return _build_response(client=client, response=response, elapsed=elapsed)


def sync(
    id: int,
    *,
    client: AuthenticatedClient,
) -> CommandResult | ErrorBody | None:
    """Reboot a charge box (a soft reset).

     Asks the charge box to reboot, which the vendor defines as a soft reset: the same as
    `resetChargeBox` with `{"type": "Soft"}`, with the same answer. Acts on real hardware;
    remote control is limited to 30 requests a minute.

    No request body. The vendor publishes the `{"type": "Hard" | "Soft"}` body beside both
    operations, but a reboot is a soft reset by definition, so a `type` could only repeat
    the path or contradict it. A server that reads no body ignores one that is sent (NestJS
    does), so leaving it out is safe either way; a server that required `type` here would
    show up as a 400 to a valid request. Not published by the vendor: the success status,
    200 or 201 as for `resetChargeBox`.

    Args:
        id (int): A whole-number identifier (at least 1, at most 2^53-1).

    Raises:
        errors.UnexpectedStatus: If the server answers a status this operation does not document
            and Client.raise_on_unexpected_status is True.
        errors.SpiriiError: If the body of a documented status cannot be read:
            errors.UnreadableResponse for a success status (naming the field), else the status'
            class (errors.NotFound for an empty 404, errors.ServerError for an HTML 500).
        errors.NoAnswer: If no answer came (refused, dropped, timed out: also the httpx exception
            it was, e.g. httpx.ConnectError, httpx.TimeoutException), after the retries.

    Returns:
        CommandResult | ErrorBody | None: The body of a documented status, parsed
            (an error status gives the error model); None when the status is not one this
            operation documents (e.g. a gateway's 502, or 200 where 201 is documented). Use
            sync_detailed(...).unwrap() to get the success model or a typed error instead.
    """

    response = sync_detailed(
        id=id,
        client=client,
    )
    if response.parse_error is not None:
        raise errors.error_for(response)
    return response.parsed


async def asyncio_detailed(
    id: int,
    *,
    client: AuthenticatedClient,
) -> Response[CommandResult | ErrorBody]:
    """Reboot a charge box (a soft reset).

     Asks the charge box to reboot, which the vendor defines as a soft reset: the same as
    `resetChargeBox` with `{"type": "Soft"}`, with the same answer. Acts on real hardware;
    remote control is limited to 30 requests a minute.

    No request body. The vendor publishes the `{"type": "Hard" | "Soft"}` body beside both
    operations, but a reboot is a soft reset by definition, so a `type` could only repeat
    the path or contradict it. A server that reads no body ignores one that is sent (NestJS
    does), so leaving it out is safe either way; a server that required `type` here would
    show up as a 400 to a valid request. Not published by the vendor: the success status,
    200 or 201 as for `resetChargeBox`.

    Args:
        id (int): A whole-number identifier (at least 1, at most 2^53-1).

    Raises:
        errors.UnexpectedStatus: If the server answers a status this operation does not document
            and Client.raise_on_unexpected_status is True.
        errors.NoAnswer: If no answer came (refused, dropped, timed out: also the httpx exception
            it was, e.g. httpx.ConnectError, httpx.TimeoutException), after the retries.

    Returns:
        Response[CommandResult | ErrorBody]: Whatever the server answered: its
            status_code, headers, content, `parsed` (None for an undocumented status or a body that
            could not be read, see `parse_error`). `.unwrap()` returns the success model or raises
            the errors.SpiriiError subclass the answer means.
    """

    kwargs = _get_kwargs(
        id=id,
    )

    started = time.monotonic()
    try:
        response = await client.get_async_httpx_client().request(**kwargs)
    except httpx.RequestError as error:
        raise errors.no_answer(error, "reboot_charge_box") from error
    elapsed = datetime.timedelta(seconds=time.monotonic() - started)

    return _build_response(client=client, response=response, elapsed=elapsed)


async def asyncio(
    id: int,
    *,
    client: AuthenticatedClient,
) -> CommandResult | ErrorBody | None:
    """Reboot a charge box (a soft reset).

     Asks the charge box to reboot, which the vendor defines as a soft reset: the same as
    `resetChargeBox` with `{"type": "Soft"}`, with the same answer. Acts on real hardware;
    remote control is limited to 30 requests a minute.

    No request body. The vendor publishes the `{"type": "Hard" | "Soft"}` body beside both
    operations, but a reboot is a soft reset by definition, so a `type` could only repeat
    the path or contradict it. A server that reads no body ignores one that is sent (NestJS
    does), so leaving it out is safe either way; a server that required `type` here would
    show up as a 400 to a valid request. Not published by the vendor: the success status,
    200 or 201 as for `resetChargeBox`.

    Args:
        id (int): A whole-number identifier (at least 1, at most 2^53-1).

    Raises:
        errors.UnexpectedStatus: If the server answers a status this operation does not document
            and Client.raise_on_unexpected_status is True.
        errors.SpiriiError: If the body of a documented status cannot be read:
            errors.UnreadableResponse for a success status (naming the field), else the status'
            class (errors.NotFound for an empty 404, errors.ServerError for an HTML 500).
        errors.NoAnswer: If no answer came (refused, dropped, timed out: also the httpx exception
            it was, e.g. httpx.ConnectError, httpx.TimeoutException), after the retries.

    Returns:
        CommandResult | ErrorBody | None: The body of a documented status, parsed
            (an error status gives the error model); None when the status is not one this
            operation documents (e.g. a gateway's 502, or 200 where 201 is documented). Use
            sync_detailed(...).unwrap() to get the success model or a typed error instead.
    """

    response = await asyncio_detailed(
        id=id,
        client=client,
    )
    if response.parse_error is not None:
        raise errors.error_for(response)
    return response.parsed
