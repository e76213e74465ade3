"""What the generated client hands out is unambiguous: timestamps are aware UTC datetimes whatever
shape the wire used, a body it cannot read raises FieldError with the JSON path of the value, and a
walk across pages survives one odd charge box as the consumer chooses, and resumes from a cursor.

The runtime's timestamps and fields (templates/runtime/models/, which the package ships in
spirii_chargebox_client.models) are tested on their own first, then through the generated models
and list helpers, against the bundled mock serving a populated account.
"""

from __future__ import annotations

import asyncio
import copy
import datetime
import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from spirii_chargebox_client import AuthenticatedClient
from spirii_chargebox_client.api.chargeboxes import list_charge_boxes
from spirii_chargebox_client.api.chargeboxes.list_charge_boxes import (
    aiter_charge_box_pages,
    aiter_charge_boxes,
    iter_charge_box_pages,
    iter_charge_boxes,
)
from spirii_chargebox_client.errors import (
    UnreadableItem,
    UnreadablePage,
    UnreadablePageItem,
)
from spirii_chargebox_client.models import (
    ChargeBox,
    ChargeBoxModel,
    ChargeBoxPage,
    FieldError,
    at_step,
    format_timestamp,
    json_path,
    parse_timestamp,
)
from spirii_chargebox_client.types import UNSET
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from drift.account import populated_store
from mock.server import DEFAULT_API_KEY, create_app
from mock.serving import serving
from spec import load_spec

UTC = datetime.UTC
MOMENT = datetime.datetime(2025, 1, 27, 9, 38, 41, tzinfo=UTC)
ACCOUNT_SIZE = 300
PAGE_SIZE = 100
ODD_POSITION = 150  # in the account: the 51st charge box of the second page


def _vendor_charge_box() -> dict[str, Any]:
    value: dict[str, Any] = load_spec()["components"]["examples"]["VendorChargeBox"]["value"]
    return copy.deepcopy(value)


# Timestamps: parse_timestamp and format_timestamp on their own (runtime/models/timestamps.py).


@pytest.mark.parametrize(
    "wire",
    [
        "2025-01-27 09:38:41",  # the v2 wire: UTC, no offset
        "2025-01-27T09:38:41",
        "2025-01-27T09:38:41Z",
        "2025-01-27T09:38:41+00:00",
        "2025-01-27T11:38:41+02:00",
        "2025-01-27T04:38:41-05:00",
    ],
)
def test_every_wire_shape_of_a_timestamp_parses_to_the_same_aware_utc_moment(wire: str) -> None:
    moment = parse_timestamp(wire)

    assert moment == MOMENT
    assert moment.tzinfo is UTC


def test_fractions_of_a_second_are_kept_when_parsing() -> None:
    moment = parse_timestamp("2025-01-27T09:38:41.250Z")

    assert moment == MOMENT + datetime.timedelta(milliseconds=250)


@pytest.mark.parametrize(
    ("value", "error"),
    [
        (1737970721, TypeError),
        (None, TypeError),
        ("27/01/2025 09:38", ValueError),
        ("", ValueError),
    ],
)
def test_a_value_that_is_not_a_timestamp_is_refused(value: object, error: type[Exception]) -> None:
    with pytest.raises(error):
        parse_timestamp(value)


@pytest.mark.parametrize(
    "moment",
    [
        MOMENT,
        MOMENT.astimezone(datetime.timezone(datetime.timedelta(hours=2))),
        MOMENT.replace(tzinfo=None),  # naive: taken as UTC, as the wire means it
        MOMENT + datetime.timedelta(microseconds=999),
    ],
)
def test_a_timestamp_is_written_in_the_wire_format_in_utc(moment: datetime.datetime) -> None:
    assert format_timestamp(moment) == "2025-01-27 09:38:41"


# Timestamps through the generated models.


@pytest.mark.parametrize(
    "wire", ["2025-01-27 09:38:41", "2025-01-27T09:38:41Z", "2025-01-27T10:38:41+01:00"]
)
def test_every_timestamp_of_a_charge_box_is_aware_utc_and_comparable(wire: str) -> None:
    body = _vendor_charge_box()
    body["createdAt"] = wire
    body["evses"][0]["connectors"][0]["deletedAt"] = wire
    box = ChargeBox.from_dict(body)
    connector_deleted_at = box.evses[0].connectors[0].deleted_at

    assert isinstance(box.model, ChargeBoxModel)
    moments = [box.created_at, box.updated_at, box.model.created_at, connector_deleted_at]
    for moment in moments:
        assert isinstance(moment, datetime.datetime)
        assert moment.tzinfo is UTC
        assert moment < datetime.datetime.now(UTC)  # never a TypeError
    assert box.created_at == MOMENT
    assert box.created_at <= box.updated_at or box.created_at > box.updated_at


def test_to_dict_writes_timestamps_back_in_the_wire_format() -> None:
    body = _vendor_charge_box()
    body["createdAt"] = "2025-01-27T10:38:41+01:00"
    written = ChargeBox.from_dict(body).to_dict()

    assert written["createdAt"] == "2025-01-27 09:38:41"
    assert written["updatedAt"] == body["updatedAt"]
    assert written["evses"][0]["connectors"][0].get("deletedAt") == (
        body["evses"][0]["connectors"][0].get("deletedAt")
    )


def test_a_null_timestamp_stays_null() -> None:
    body = _vendor_charge_box() | {"deletedAt": None, "lastConnectionEventAt": None}
    box = ChargeBox.from_dict(body)

    assert (box.deleted_at, box.last_connection_event_at) == (None, None)
    assert box.to_dict()["deletedAt"] is None


# FieldError: json_path and at_step on their own (runtime/models/fields.py).


def test_a_json_path_names_fields_and_list_positions() -> None:
    assert json_path([]) == "$"
    assert json_path(["evses", 1, "status"]) == "$.evses[1].status"


def _read_status(document: dict[str, Any]) -> None:
    """Reads as generated from_dict code does; at_step sets the cause itself (B904 off)."""
    evses = document["evses"]
    try:
        try:
            try:
                raise ValueError("'OCCUPIED' is not a valid EvseStatus")
            except Exception as error:
                raise at_step(error, "status", evses[1], "one of AVAILABLE, CHARGING")  # noqa: B904
        except Exception as error:
            raise at_step(error, 1, evses, "an Evse object")  # noqa: B904
    except Exception as error:
        raise at_step(error, "evses", document, "a list")  # noqa: B904


def test_at_step_turns_a_failure_into_a_field_error_and_extends_its_path() -> None:
    with pytest.raises(FieldError) as failure:
        _read_status({"evses": [{}, {"status": "OCCUPIED"}]})

    assert failure.value.path == "$.evses[1].status"
    assert str(failure.value) == "$.evses[1].status: 'OCCUPIED' is not one of AVAILABLE, CHARGING"
    assert isinstance(failure.value.__cause__, ValueError)


def test_at_step_names_a_missing_field() -> None:
    raised = at_step(KeyError("model"), "model", {}, "a Model object")
    assert isinstance(raised, FieldError)
    assert "'model' is missing, expected a Model object" in str(raised)


def test_at_step_lets_other_errors_through() -> None:
    error = RuntimeError("not about the body")
    assert at_step(error, "model", {}, "a Model object") is error


# FieldError through the generated models.


def test_a_missing_required_field_names_its_path() -> None:
    body = _vendor_charge_box()
    del body["model"]

    with pytest.raises(FieldError) as failure:
        ChargeBox.from_dict(body)

    assert failure.value.path == "$.model"
    assert "'model' is missing" in str(failure.value)
    assert "ChargeBoxModel object" in str(failure.value)
    assert isinstance(failure.value, ValueError)  # `except ValueError` keeps working


def test_an_unknown_evse_status_deep_in_the_list_names_its_path_value_and_the_known_ones() -> None:
    body = _vendor_charge_box()
    body["evses"].append(copy.deepcopy(body["evses"][0]) | {"status": "OCCUPIED"})

    with pytest.raises(FieldError) as failure:
        ChargeBox.from_dict(body)

    assert failure.value.path == "$.evses[1].status"
    message = str(failure.value)
    assert "'OCCUPIED'" in message
    assert "AVAILABLE, BLOCKED, CHARGING" in message


def _set(path: list[str | int], value: object) -> dict[str, Any]:
    body = _vendor_charge_box()
    target: Any = body
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return body


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        (["evses"], 5, "a list"),
        (["evses"], "AVAILABLE", "a list"),
        (["model"], "Spirii One", "a ChargeBoxModel object"),
        (["createdAt"], 1737970721, "a timestamp"),
        (["deletedAt"], "yesterday", "a timestamp"),
        (["customer"], "ACME", "a Customer object or null"),
        (["evses", 0, "connectors"], {"id": 1}, "a list"),
        (["evses", 0, "connectors", 0, "format"], "WIRELESS", "one of SOCKET, CABLE"),
        (["evses", 0, "connectors", 0, "error"], [], "a ConnectorError object or null"),
        (["model", "updatedAt"], "yesterday", "a timestamp"),
    ],
)
def test_a_value_of_the_wrong_type_names_its_path_value_and_expectation(
    path: list[str | int], value: object, expected: str
) -> None:
    with pytest.raises(FieldError) as failure:
        ChargeBox.from_dict(_set(path, value))

    assert failure.value.path == json_path(path)
    assert repr(value) in str(failure.value)
    assert expected in str(failure.value)


def test_a_body_that_is_not_an_object_fails_at_the_root() -> None:
    with pytest.raises(FieldError) as failure:
        ChargeBox.from_dict([_vendor_charge_box()])  # type: ignore[arg-type]

    assert failure.value.path == "$"
    assert "is not a ChargeBox object" in str(failure.value)


def test_the_guard_s_parser_stays_strict_about_a_page_with_one_odd_item() -> None:
    odd = _vendor_charge_box()
    del odd["model"]
    body = {"data": [_vendor_charge_box(), odd], "nextPageCursor": None}
    answer = httpx.Response(200, json=body)

    with pytest.raises(FieldError) as failure:
        list_charge_boxes._parse_response(client=_client("http://spirii.test"), response=answer)

    assert failure.value.path == "$.data[1].model"


# The page walk against a populated account with one odd charge box.


def _client(base_url: str, **options: Any) -> AuthenticatedClient:
    return AuthenticatedClient(base_url=base_url, token=DEFAULT_API_KEY, retry=None, **options)


class OneOddChargeBox:
    """The mock, but every list page sends the charge box `odd_id` without its `model`."""

    def __init__(self, app: ASGIApp, odd_id: int) -> None:
        self.app, self.odd_id = app, odd_id

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] != "/v2/chargeboxes":
            await self.app(scope, receive, send)
            return
        start: dict[str, Any] = {}
        chunks: list[bytes] = []

        async def keep(message: Message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
            else:
                chunks.append(message.get("body", b""))

        await self.app(scope, receive, keep)
        body = b"".join(chunks)
        if start["status"] == 200:
            page = json.loads(body)
            for chargebox in page["data"]:
                if chargebox["id"] == self.odd_id:
                    del chargebox["model"]
            body = json.dumps(page).encode()
        headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
        headers.append((b"content-length", str(len(body)).encode()))
        await send({"type": "http.response.start", "status": start["status"], "headers": headers})
        await send({"type": "http.response.body", "body": body})


@pytest.fixture(scope="module")
def account_ids() -> list[int]:
    """The ids of the populated account, in list order."""
    store = populated_store(ACCOUNT_SIZE)
    ids: list[int] = []
    cursor: str | None = None
    while True:
        page = store.page(PAGE_SIZE, cursor)
        ids.extend(chargebox.id for chargebox in page.chargeboxes)
        cursor = page.next_cursor
        if not cursor:
            return ids


@pytest.fixture(scope="module")
def account(account_ids: list[int]) -> Iterator[str]:
    """The mock serving the populated account, every charge box readable."""
    with serving(create_app(DEFAULT_API_KEY, store=populated_store(ACCOUNT_SIZE))) as url:
        yield url


@pytest.fixture(scope="module")
def odd_account(account_ids: list[int]) -> Iterator[str]:
    """The populated account with one charge box the client cannot read."""
    app = create_app(DEFAULT_API_KEY, store=populated_store(ACCOUNT_SIZE))
    with serving(OneOddChargeBox(app, account_ids[ODD_POSITION])) as url:
        yield url


def test_a_walk_raises_naming_the_odd_charge_box_and_its_field_by_default(
    odd_account: str, account_ids: list[int]
) -> None:
    seen: list[int] = []
    with _client(odd_account) as client, pytest.raises(UnreadablePageItem) as failure:
        seen.extend(box.id for box in iter_charge_boxes(client=client, limit=PAGE_SIZE))

    odd_id = account_ids[ODD_POSITION]
    assert seen == account_ids[:PAGE_SIZE]  # the first page, then the walk stops
    error = failure.value
    assert isinstance(error, FieldError)
    assert isinstance(error, ValueError)
    assert error.path == "$.data[50].model"
    assert error.unreadable.item_id == odd_id
    assert f"(id {odd_id})" in str(error)
    assert "$.data[50].model" in str(error)
    assert str(error).startswith("list_charge_boxes: item 50")


def test_a_walk_told_to_skip_leaves_out_the_odd_charge_box_reports_it_and_goes_on(
    odd_account: str, account_ids: list[int]
) -> None:
    skipped: list[UnreadableItem] = []
    with _client(odd_account) as client:
        ids = [
            box.id
            for box in iter_charge_boxes(
                client=client, limit=PAGE_SIZE, on_unreadable="skip", on_skip=skipped.append
            )
        ]

    odd_id = account_ids[ODD_POSITION]
    assert ids == [i for i in account_ids if i != odd_id]
    [unreadable] = skipped
    assert (unreadable.item_id, unreadable.index, unreadable.path) == (
        odd_id,
        50,
        "$.data[50].model",
    )
    assert unreadable.operation == "list_charge_boxes"
    assert unreadable.cursor is not None  # the second page
    assert unreadable.error.path == "$.model"
    assert isinstance(unreadable.item, dict)
    assert "model" not in unreadable.item


def test_a_walk_may_skip_without_a_callback(odd_account: str) -> None:
    with _client(odd_account) as client:
        boxes = list(iter_charge_boxes(client=client, limit=PAGE_SIZE, on_unreadable="skip"))

    assert len(boxes) == ACCOUNT_SIZE - 1


def test_the_async_walk_skips_and_raises_alike(odd_account: str, account_ids: list[int]) -> None:
    skipped: list[UnreadableItem] = []

    async def walk(**options: Any) -> list[int]:
        async with _client(odd_account) as client:
            return [
                box.id
                async for box in aiter_charge_boxes(client=client, limit=PAGE_SIZE, **options)
            ]

    ids = asyncio.run(walk(on_unreadable="skip", on_skip=skipped.append))
    assert len(ids) == ACCOUNT_SIZE - 1
    assert [item.item_id for item in skipped] == [account_ids[ODD_POSITION]]
    with pytest.raises(UnreadablePageItem, match=r"\$\.data\[50\]\.model"):
        asyncio.run(walk())


def test_pages_are_yielded_whole_with_their_cursors(account: str, account_ids: list[int]) -> None:
    with _client(account) as client:
        pages = list(iter_charge_box_pages(client=client, limit=PAGE_SIZE))

    assert all(isinstance(page, ChargeBoxPage) for page in pages)
    assert [len(page.data) for page in pages] == [100, 100, 100]
    assert [box.id for page in pages for box in page.data] == account_ids
    assert all(isinstance(page.next_page_cursor, str) for page in pages[:-1])
    assert not pages[-1].next_page_cursor


def test_a_walk_resumes_from_a_kept_page_cursor(account: str, account_ids: list[int]) -> None:
    with _client(account) as client:
        first = next(iter_charge_box_pages(client=client, limit=PAGE_SIZE))
        kept = first.next_page_cursor  # None | str | Unset, passed on as it is typed
        rest = [box.id for box in iter_charge_boxes(client=client, limit=PAGE_SIZE, cursor=kept)]
        later_pages = list(iter_charge_box_pages(client=client, limit=PAGE_SIZE, cursor=kept))

    assert rest == account_ids[PAGE_SIZE:]
    assert [box.id for page in later_pages for box in page.data] == account_ids[PAGE_SIZE:]


@pytest.mark.parametrize("cursor", [None, UNSET, ""])
def test_no_cursor_starts_from_the_first_page(
    account: str, account_ids: list[int], cursor: str | None
) -> None:
    with _client(account) as client:
        first = next(iter_charge_boxes(client=client, limit=PAGE_SIZE, cursor=cursor))

    assert first.id == account_ids[0]


def test_async_pages_skip_the_odd_charge_box_from_its_page(
    odd_account: str, account_ids: list[int]
) -> None:
    async def walk() -> list[ChargeBoxPage]:
        async with _client(odd_account) as client:
            return [
                page
                async for page in aiter_charge_box_pages(
                    client=client, limit=PAGE_SIZE, on_unreadable="skip"
                )
            ]

    pages = asyncio.run(walk())

    assert [len(page.data) for page in pages] == [100, 99, 100]
    assert account_ids[ODD_POSITION] not in {box.id for box in pages[1].data}


def _answering(content: bytes) -> AuthenticatedClient:
    transport = httpx.MockTransport(lambda request: httpx.Response(200, content=content))
    return _client("http://spirii.test", httpx_args={"transport": transport})


@pytest.mark.parametrize(
    ("content", "path"),
    [
        (b"<html>busy</html>", "$"),
        (b'{"items": []}', "$"),
        (b'{"data": {}}', "$"),
    ],
)
def test_a_200_that_is_no_page_at_all_ends_the_walk_whatever_the_choice(
    content: bytes, path: str
) -> None:
    with _answering(content) as client, pytest.raises(UnreadablePage) as failure:
        list(iter_charge_boxes(client=client, on_unreadable="skip"))

    assert failure.value.path == path
    assert str(failure.value).startswith("list_charge_boxes: the first page cannot be read")
