import datetime
import time
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.charge_box import ChargeBox
from ...models.error_body import ErrorBody
from ...types import Response


def _get_kwargs(
    id: int,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": "/v2/chargeboxes/{id}".format(
            id=quote(str(id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | ChargeBox | ErrorBody | None:
    if response.status_code == 200:
        response_200 = ChargeBox.from_dict(response.json())

        return response_200

    if response.status_code == 204:
        response_204 = cast(Any, None)
        return response_204

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
                operation="delete_charge_box",
            )
        )
    else:
        return None


def _build_response(
    *,
    client: AuthenticatedClient | Client,
    response: httpx.Response,
    elapsed: datetime.timedelta = datetime.timedelta(),
) -> Response[Any | ChargeBox | ErrorBody]:
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
            operation="delete_charge_box",
            elapsed=elapsed,
        )
    return Response(
        status_code=response.status_code,
        content=response.content,
        headers=response.headers,
        parsed=parsed,
        operation="delete_charge_box",
        documented=response.status_code
        in (
            200,
            204,
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
) -> Response[Any | ChargeBox | ErrorBody]:
    """Soft-delete a charge box.

     Soft-deletes the charge box: it is kept, its `deletedAt` and its connectors' `deletedAt`
    are set, and it is offline from then on.

    Not published by the vendor: everything but the operation and the words "soft delete"
    (developer.spirii.com changelog). This contract's guesses, each of which a faithful
    server may answer otherwise:
    - The answer: 200 with the deleted charge box (NestJS answers a DELETE 200 unless the
      handler says otherwise), or 204 without content (RFC 9110 §9.3.5); both are accepted.
      A handler that returns what its ORM gives back (TypeORM's `{"affected": 1, ...}`) or
      nothing would send another 200 body; that is why the operation is provisional.
    - Afterwards: fetching it answers 200 with `deletedAt` set, and the list keeps it, with
      `deletedAt` set. The API already sends soft-deleted connectors, with their
      `deletedAt`, inside charge boxes, and a charge box's own `deletedAt` would otherwise
      always be null. The other plausible reading is a fetch that answers 404 and a list
      that leaves it out (an ORM's default scope).
    - Deleting it again answers as the first time did, `deletedAt` unchanged (DELETE is
      idempotent, RFC 9110 §9.2.2); 404 is the other plausible reading.
    - Its `chargeBoxIdentity` stays taken: a create with it is still a conflict (409).

    Args:
        id (int): A whole-number identifier (at least 1, at most 2^53-1).

    Raises:
        errors.UnexpectedStatus: If the server answers a status this operation does not document
            and Client.raise_on_unexpected_status is True.
        errors.NoAnswer: If no answer came (refused, dropped, timed out: also the httpx exception
            it was, e.g. httpx.ConnectError, httpx.TimeoutException), after the retries.

    Returns:
        Response[Any | ChargeBox | ErrorBody]: Whatever the server answered: its
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
        raise errors.no_answer(error, "delete_charge_box") from error
    elapsed = datetime.timedelta(seconds=time.monotonic() - started)

    return _build_response(client=client, response=response, elapsed=elapsed)


def sync(
    id: int,
    *,
    client: AuthenticatedClient,
) -> Any | ChargeBox | ErrorBody | None:
    """Soft-delete a charge box.

     Soft-deletes the charge box: it is kept, its `deletedAt` and its connectors' `deletedAt`
    are set, and it is offline from then on.

    Not published by the vendor: everything but the operation and the words "soft delete"
    (developer.spirii.com changelog). This contract's guesses, each of which a faithful
    server may answer otherwise:
    - The answer: 200 with the deleted charge box (NestJS answers a DELETE 200 unless the
      handler says otherwise), or 204 without content (RFC 9110 §9.3.5); both are accepted.
      A handler that returns what its ORM gives back (TypeORM's `{"affected": 1, ...}`) or
      nothing would send another 200 body; that is why the operation is provisional.
    - Afterwards: fetching it answers 200 with `deletedAt` set, and the list keeps it, with
      `deletedAt` set. The API already sends soft-deleted connectors, with their
      `deletedAt`, inside charge boxes, and a charge box's own `deletedAt` would otherwise
      always be null. The other plausible reading is a fetch that answers 404 and a list
      that leaves it out (an ORM's default scope).
    - Deleting it again answers as the first time did, `deletedAt` unchanged (DELETE is
      idempotent, RFC 9110 §9.2.2); 404 is the other plausible reading.
    - Its `chargeBoxIdentity` stays taken: a create with it is still a conflict (409).

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
        Any | ChargeBox | ErrorBody | None: The body of a documented status, parsed
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
) -> Response[Any | ChargeBox | ErrorBody]:
    """Soft-delete a charge box.

     Soft-deletes the charge box: it is kept, its `deletedAt` and its connectors' `deletedAt`
    are set, and it is offline from then on.

    Not published by the vendor: everything but the operation and the words "soft delete"
    (developer.spirii.com changelog). This contract's guesses, each of which a faithful
    server may answer otherwise:
    - The answer: 200 with the deleted charge box (NestJS answers a DELETE 200 unless the
      handler says otherwise), or 204 without content (RFC 9110 §9.3.5); both are accepted.
      A handler that returns what its ORM gives back (TypeORM's `{"affected": 1, ...}`) or
      nothing would send another 200 body; that is why the operation is provisional.
    - Afterwards: fetching it answers 200 with `deletedAt` set, and the list keeps it, with
      `deletedAt` set. The API already sends soft-deleted connectors, with their
      `deletedAt`, inside charge boxes, and a charge box's own `deletedAt` would otherwise
      always be null. The other plausible reading is a fetch that answers 404 and a list
      that leaves it out (an ORM's default scope).
    - Deleting it again answers as the first time did, `deletedAt` unchanged (DELETE is
      idempotent, RFC 9110 §9.2.2); 404 is the other plausible reading.
    - Its `chargeBoxIdentity` stays taken: a create with it is still a conflict (409).

    Args:
        id (int): A whole-number identifier (at least 1, at most 2^53-1).

    Raises:
        errors.UnexpectedStatus: If the server answers a status this operation does not document
            and Client.raise_on_unexpected_status is True.
        errors.NoAnswer: If no answer came (refused, dropped, timed out: also the httpx exception
            it was, e.g. httpx.ConnectError, httpx.TimeoutException), after the retries.

    Returns:
        Response[Any | ChargeBox | ErrorBody]: Whatever the server answered: its
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
        raise errors.no_answer(error, "delete_charge_box") from error
    elapsed = datetime.timedelta(seconds=time.monotonic() - started)

    return _build_response(client=client, response=response, elapsed=elapsed)


async def asyncio(
    id: int,
    *,
    client: AuthenticatedClient,
) -> Any | ChargeBox | ErrorBody | None:
    """Soft-delete a charge box.

     Soft-deletes the charge box: it is kept, its `deletedAt` and its connectors' `deletedAt`
    are set, and it is offline from then on.

    Not published by the vendor: everything but the operation and the words "soft delete"
    (developer.spirii.com changelog). This contract's guesses, each of which a faithful
    server may answer otherwise:
    - The answer: 200 with the deleted charge box (NestJS answers a DELETE 200 unless the
      handler says otherwise), or 204 without content (RFC 9110 §9.3.5); both are accepted.
      A handler that returns what its ORM gives back (TypeORM's `{"affected": 1, ...}`) or
      nothing would send another 200 body; that is why the operation is provisional.
    - Afterwards: fetching it answers 200 with `deletedAt` set, and the list keeps it, with
      `deletedAt` set. The API already sends soft-deleted connectors, with their
      `deletedAt`, inside charge boxes, and a charge box's own `deletedAt` would otherwise
      always be null. The other plausible reading is a fetch that answers 404 and a list
      that leaves it out (an ORM's default scope).
    - Deleting it again answers as the first time did, `deletedAt` unchanged (DELETE is
      idempotent, RFC 9110 §9.2.2); 404 is the other plausible reading.
    - Its `chargeBoxIdentity` stays taken: a create with it is still a conflict (409).

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
        Any | ChargeBox | ErrorBody | None: The body of a documented status, parsed
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
