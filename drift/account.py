"""A populated Spirii account for the personalities to serve: hundreds of charge boxes, varied as
a real account's are (shared/reference/vendor-stack-and-live-testing.md, "What the vendor documents
about live use"), and every one of them within openapi.yaml's `ChargeBox`.

- `populate(store)` fills any store through its `create`; `populated_store()` is a filled one.
- `populated(personality)` is the personality serving such an account: it fills the store it is
  given, then varies each of those charge boxes' JSON, deterministically by id, on every read.
- `SparseIdStore` gives ids as an account sees them: large, increasing, with gaps.
"""

from __future__ import annotations

import dataclasses
import json
import random
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from drift.personalities import Personality
from mock.server import WIRE_TIME_FORMAT, ChargeBox, ChargeBoxPage, ChargeBoxStore

DEFAULT_COUNT = 300
DEFAULT_SEED = 20250127

# (model id, share of the account), every id from the mock's MODEL_CATALOG: 1234 is AC with two
# EVSEs, 5678 DC with a CCS and a CHAdeMO cable on one EVSE, the others one-EVSE 11 kW AC models.
_MODEL_MIX = ((1234, 35), (5678, 25), (2001, 20), (2002, 12), (3003, 8))
_IDENTITY_PREFIX = {1234: "ZAP", 5678: "KEM"}
_LOCATIONS = tuple(range(1001, 1001 + 48 * 7, 7))

# The account is seen at a fixed moment, so its timestamps do not depend on when a test runs.
_ACCOUNT_OPENED = datetime(2021, 3, 1, tzinfo=UTC)
_SEEN_AT = datetime(2025, 6, 2, 12, 0, tzinfo=UTC)

# OCPP 1.6 ChargePointErrorCode values other than NoError.
_OCPP16_FAULTS = (
    *("ConnectorLockFailure", "EVCommunicationError", "GroundFailure", "HighTemperature"),
    *("InternalError", "LocalListConflict", "OtherError", "OverCurrentFailure", "OverVoltage"),
    *("PowerMeterFailure", "PowerSwitchFailure", "ReaderFailure", "ResetFailure", "UnderVoltage"),
    "WeakSignal",
)
# Codes outside the OCPP 1.6 list, as chargers on OCPP 2.x report them. OCPP 2.0.1 reports faults
# as monitored variables (NotifyEvent); these are its standardized fault variable names. Spirii
# publishes no list of what it passes on, so they stand for "a code the 1.6 list lacks".
_OCPP2_FAULTS = ("Problem", "Tripped", "Overload", "Fallback")
_ERROR_INFO = ("NO_VOLTAGE_L2_L3", "Lock motor timeout", "RCD tripped", "Temperature 92C")
_VENDOR_ERROR_CODES = ("134217728", "0x2003", "E-17", "PM-TIMEOUT")


def populate(
    store: ChargeBoxStore, count: int = DEFAULT_COUNT, seed: int = DEFAULT_SEED
) -> tuple[int, ...]:
    """Create `count` charge boxes in `store` through its `create`; return their ids.

    Models, locations and serial numbers spread as `seed` draws them; about one in seven is
    created without an identity (left out, empty or blank), so the store generates one. The
    identities given are derived from `seed`: populating one store twice with one seed is a 409.
    """
    rng = random.Random(seed)  # noqa: S311 (repeatable test data, not a secret)
    models = [model_id for model_id, _ in _MODEL_MIX]
    shares = [share for _, share in _MODEL_MIX]
    ids = []
    for index in range(1, count + 1):
        model_id = rng.choices(models, shares)[0]
        prefix = _IDENTITY_PREFIX.get(model_id, "GEN")
        identity: str | None = f"{prefix}{seed % 10_000:04d}{index:06d}"
        if rng.random() < 0.15:
            identity = rng.choice((None, "", "   "))
        chargebox = store.create(
            serial_number=f"{prefix}{rng.randrange(10**8):08d}",
            location_id=rng.choice(_LOCATIONS),
            model_id=model_id,
            identity=identity,
        )
        ids.append(chargebox.id)
    return tuple(ids)


def populated_store(count: int = DEFAULT_COUNT, seed: int = DEFAULT_SEED) -> ChargeBoxStore:
    """A mock store holding a populated account's `count` charge boxes (see `populate`)."""
    store = ChargeBoxStore()
    populate(store, count, seed)
    return store


def populated(
    personality: Personality, count: int = DEFAULT_COUNT, seed: int = DEFAULT_SEED
) -> Personality:
    """`personality` serving a populated account: the store it is given is first filled with
    `count` charge boxes (`populate`), and each of those is sent varied (`vary`) on every read,
    list page or fetch alike. Charge boxes created later are sent as the personality renders them:
    new, "Pending", never connected."""

    def serve(api_key: str, store: ChargeBoxStore) -> ASGIApp:
        history = frozenset(populate(store, count, seed))
        return _AccountHistory(personality(api_key, store), history, seed)

    return serve


def _wire(moment: datetime) -> str:
    return moment.strftime(WIRE_TIME_FORMAT)


def _between(rng: random.Random, start: datetime, end: datetime = _SEEN_AT) -> datetime:
    seconds = rng.uniform(0, max(0.0, (end - start).total_seconds()))
    return (start + timedelta(seconds=seconds)).replace(microsecond=0)


def _optional(
    target: dict[str, Any], name: str, value: Any, rng: random.Random, *, null: float, absent: float
) -> None:
    """Set an optional field: `value`, or null with odds `null`, or left out with odds `absent`."""
    roll = rng.random()
    if roll < absent:
        target.pop(name, None)
    elif roll < absent + null:
        target[name] = None
    else:
        target[name] = value


def _evse_status(state: str, rng: random.Random) -> str:
    """An EVSE status from openapi.yaml's closed list that fits the charge box's state."""
    if state == "deleted":
        return "REMOVED"
    if state == "never_connected":
        return rng.choice(("PLANNED", "UNKNOWN"))
    if state == "offline":
        return rng.choices(("UNKNOWN", "INOPERATIVE", "OUTOFORDER"), (50, 25, 25))[0]
    statuses = ("AVAILABLE", "CHARGING", "BLOCKED", "RESERVED", "OUTOFORDER", "INOPERATIVE")
    return rng.choices(statuses, (55, 25, 6, 4, 6, 4))[0]


def _connector_error(status: str, rng: random.Random) -> dict[str, Any] | None:
    """The connector's last StatusNotification error: a fault on an out-of-order EVSE; elsewhere
    mostly none, sometimes an explicit NoError, now and then a stale fault."""
    roll = rng.random()
    if status != "OUTOFORDER" and roll < 0.8:
        return None
    if status != "OUTOFORDER" and roll < 0.93:
        code = "NoError"
    else:
        code = rng.choice(_OCPP2_FAULTS if rng.random() < 0.3 else _OCPP16_FAULTS)
    error: dict[str, Any] = {"errorCode": code}
    _optional(error, "info", rng.choice(_ERROR_INFO), rng, null=0.3, absent=0.2)
    _optional(error, "vendorErrorCode", rng.choice(_VENDOR_ERROR_CODES), rng, null=0.3, absent=0.2)
    return error


def vary(chargebox: dict[str, Any], seed: int = DEFAULT_SEED) -> dict[str, Any]:
    """One charge box of the account as it stands: the same for the same `seed` and id, different
    between ids, always within openapi.yaml's `ChargeBox`.

    Online (most), offline, never connected ("Pending") or soft-deleted; created over the last
    years, with updates and connection events after that; EVSE statuses to match; connectors with
    no error, NoError, OCPP 1.6 faults or codes outside the 1.6 list; tariffs or none; now and then
    a connector that was added and later soft-deleted; optional fields present, null or left out.
    The model, EVSE and connector layout and every identifier stay as stored.
    """
    rng = random.Random(f"{seed}:{chargebox['id']}")  # noqa: S311 (repeatable test data)
    box: dict[str, Any] = json.loads(json.dumps(chargebox))
    state = rng.choices(("online", "offline", "never_connected", "deleted"), (70, 14, 10, 6))[0]
    created = _between(rng, _ACCOUNT_OPENED, _SEEN_AT - timedelta(days=30))
    deleted = _between(rng, created) if state == "deleted" else None
    updated = deleted or _between(rng, created)
    box |= {"createdAt": _wire(created), "updatedAt": _wire(updated), "isOnline": state == "online"}
    # A charge box that never connected never reported a firmware version or a connection.
    connected = state != "never_connected"
    firmware = f"{rng.randint(1, 4)}.{rng.randint(0, 20)}.{rng.randint(0, 9)}"
    _optional(box, "firmwareVersion", firmware if connected else None, rng, null=0.15, absent=0.1)
    customer = {"id": 500 + box["locationId"] % 37}
    _optional(box, "customer", customer, rng, null=0.2, absent=0.15)
    last_event = _wire(
        _between(rng, updated if state == "online" else created, deleted or _SEEN_AT)
    )
    _optional(
        box, "lastConnectionEventAt", last_event if connected else None, rng, null=0, absent=0.1
    )
    if deleted is None:
        _optional(box, "deletedAt", None, rng, null=0.7, absent=0.3)
    else:
        box["deletedAt"] = _wire(deleted)
    for evse in box["evses"]:
        evse["status"] = _evse_status(state, rng)
        if rng.random() < 0.1:
            evse.pop("chargeboxId", None)  # optional in the contract
        for connector in evse["connectors"]:
            count = rng.choice((0, 1, 1, 2))
            tariffs = [str(uuid.UUID(int=rng.getrandbits(128), version=4)) for _ in range(count)]
            _optional(connector, "tariffIds", tariffs, rng, null=0, absent=0.1)
            connector["error"] = _connector_error(evse["status"], rng)
            if connector["error"] is None and rng.random() < 0.1:
                del connector["error"]
            if deleted is not None:
                connector["deletedAt"] = box["deletedAt"]
            else:
                _optional(connector, "deletedAt", None, rng, null=0.9, absent=0.1)
        if deleted is None and rng.random() < 0.08:
            removed_at = _wire(_between(rng, created))
            removed = evse["connectors"][0] | {
                "error": None,
                "tariffIds": [],
                "deletedAt": removed_at,
            }
            evse["connectors"].append(removed | {"id": len(evse["connectors"]) + 1})
    return box


async def _no_body() -> Message:
    return {"type": "http.request", "body": b"", "more_body": False}


async def _buffered(
    app: ASGIApp, scope: Scope, receive: Receive
) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
    start: dict[str, Any] = {}
    chunks: list[bytes] = []

    async def keep(message: Message) -> None:
        if message["type"] == "http.response.start":
            start.update(message)
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await app(scope, receive, keep)
    return start["status"], list(start.get("headers", [])), b"".join(chunks)


def _is_json_success(status: int, headers: list[tuple[bytes, bytes]]) -> bool:
    content_type = next((v for k, v in headers if k.lower() == b"content-type"), b"")
    return 200 <= status < 300 and b"json" in content_type


def _with_length(headers: list[tuple[bytes, bytes]], length: int) -> list[tuple[bytes, bytes]]:
    kept = [(k, v) for k, v in headers if k.lower() != b"content-length"]
    return [*kept, (b"content-length", str(length).encode("ascii"))]


class _AccountHistory:
    """Sends a personality's GET and HEAD answers with the account's charge boxes varied."""

    def __init__(self, app: ASGIApp, history: frozenset[int], seed: int) -> None:
        self.app, self._history, self._seed = app, history, seed

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        status, headers, body = await _buffered(self.app, scope, receive)
        if _is_json_success(status, headers):
            if scope["method"] == "HEAD":
                # A HEAD answer has no body to vary; its length is that of the varied GET answer.
                _, _, shown = await _buffered(self.app, {**scope, "method": "GET"}, _no_body)
                varied = self._varied(shown)
                if varied is not None:
                    headers = _with_length(headers, len(varied))
            elif (varied := self._varied(body)) is not None:
                body, headers = varied, _with_length(headers, len(varied))
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    def _varied(self, raw: bytes) -> bytes | None:
        """The answer with the account's charge boxes varied; None when it holds none of them."""
        try:
            document = json.loads(raw)
        except ValueError:
            return None
        page = document.get("data") if isinstance(document, dict) else None
        chargeboxes = page if isinstance(page, list) else [document]
        changed = False
        for index, chargebox in enumerate(chargeboxes):
            if isinstance(chargebox, dict) and chargebox.get("id") in self._history:
                chargeboxes[index] = vary(chargebox, self._seed)
                changed = True
        if not changed:
            return None
        if page is None:
            document = chargeboxes[0]
        return json.dumps(document, separators=(",", ":")).encode("ascii")


class SparseIdStore(ChargeBoxStore):
    """Ids as a real account sees them: six digits and up, increasing, with gaps (other
    operators' charge boxes and deleted rows share the sequence); EVSE uids likewise. The mock's
    store counts both from 1 without a gap, which hides a client or guard that guesses ids.
    """

    FIRST_ID = 104_729
    FIRST_EVSE_UID = 200_003

    def create(
        self, *, serial_number: str, location_id: int, model_id: int, identity: str | None = None
    ) -> ChargeBox:
        """Store a charge box as the mock does; it is returned under its account id."""
        return self._shown(
            super().create(
                serial_number=serial_number,
                location_id=location_id,
                model_id=model_id,
                identity=identity,
            )
        )

    def get(self, chargebox_id: int) -> ChargeBox | None:
        """The charge box with this account id, or None."""
        position = self._position_of(chargebox_id)
        chargebox = None if position is None else super().get(position)
        return None if chargebox is None else self._shown(chargebox)

    def delete(self, chargebox_id: int) -> ChargeBox | None:
        """Soft-delete the charge box with this account id, as the mock does."""
        position = self._position_of(chargebox_id)
        chargebox = None if position is None else super().delete(position)
        return None if chargebox is None else self._shown(chargebox)

    def set_online(self, chargebox_id: int, online: bool = True) -> ChargeBox | None:
        """Mark the charge box with this account id connected (or not), as the mock does."""
        position = self._position_of(chargebox_id)
        chargebox = None if position is None else super().set_online(position, online)
        return None if chargebox is None else self._shown(chargebox)

    def page(
        self, limit: int, next_cursor: str | None = None, previous_cursor: str | None = None
    ) -> ChargeBoxPage:
        """A page as the mock's store cuts it, its charge boxes under their account ids."""
        page = super().page(limit, next_cursor, previous_cursor)
        chargeboxes = tuple(self._shown(chargebox) for chargebox in page.chargeboxes)
        return dataclasses.replace(page, chargeboxes=chargeboxes)

    def _position_of(self, chargebox_id: int) -> int | None:
        position = (chargebox_id - self.FIRST_ID) // 3
        return position if position >= 1 and self._account_id(position) == chargebox_id else None

    def _account_id(self, position: int) -> int:
        # Steps of 4, 4 and 1 in turn: increasing, so id order stays creation order.
        return self.FIRST_ID + 3 * position + position % 3

    def _shown(self, chargebox: ChargeBox) -> ChargeBox:
        uids = tuple(self.FIRST_EVSE_UID + 5 * uid for uid in chargebox.evse_uids)
        return dataclasses.replace(chargebox, id=self._account_id(chargebox.id), evse_uids=uids)
