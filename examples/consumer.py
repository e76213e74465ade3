"""How another team's code uses the client; type-checked with mypy --strict against the wheel.

It keeps every charge box of the account in SQLite (a walk that skips what it cannot read and
resumes after a rate limit), fetches each again concurrently, and creates charge boxes with every
failure handled. `tests/test_wheel.py` type-checks it on each Python the package claims and runs it
against the bundled mock.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sqlite3
import time

from spirii_chargebox_client import AuthenticatedClient
from spirii_chargebox_client.api.chargeboxes import (
    create_charge_box,
    get_charge_box,
    iter_charge_boxes,
)
from spirii_chargebox_client.errors import (
    AuthError,
    BadRequest,
    Conflict,
    NoAnswer,
    NotFound,
    RateLimited,
    SpiriiError,
    UnreadableItem,
    UnreadableResponse,
)
from spirii_chargebox_client.models import (
    ChargeBox,
    Connector,
    CreateChargeBoxRequest,
    KnownConnectorStandard,
    Unset,
)

logger = logging.getLogger("consumer")

# How often a walk may resume after a rate limit before it gives up.
MAX_RESUMES = 3


def store_all(client: AuthenticatedClient, database: sqlite3.Connection) -> list[int]:
    """Every charge box of the account into `database`; the ids it could not read, left out.

    A rate limit mid-walk waits as long as the server asked, then resumes at the page it stopped
    at (`error.cursor`): what was stored stays stored.
    """
    database.execute(
        "CREATE TABLE IF NOT EXISTS charge_box"
        " (id INTEGER PRIMARY KEY, identity TEXT, serial TEXT, location_id INTEGER, online INTEGER)"
    )
    skipped: list[UnreadableItem] = []
    cursor: str | None = None
    for _ in range(MAX_RESUMES + 1):
        try:
            for box in iter_charge_boxes(
                client=client,
                limit=100,
                cursor=cursor,
                on_unreadable="skip",
                on_skip=skipped.append,
            ):
                database.execute(
                    "INSERT OR REPLACE INTO charge_box VALUES (?, ?, ?, ?, ?)",
                    (
                        box.id,
                        box.charge_box_identity,
                        box.serial_number,
                        box.location_id,
                        box.is_online,
                    ),
                )
            break
        except RateLimited as error:
            logger.warning("rate limited at %s; resuming there", error.page)
            time.sleep(error.retry_after if error.retry_after is not None else 1.0)
            cursor = error.cursor
    else:
        raise RuntimeError(f"still rate limited after {MAX_RESUMES} resumes")
    database.commit()
    for item in skipped:
        logger.warning("left out charge box %r: %s: %s", item.item_id, item.path, item.error)
    return [item.item_id for item in skipped if isinstance(item.item_id, int)]


async def fetch_each(client: AuthenticatedClient, ids: list[int]) -> dict[int, ChargeBox | None]:
    """Each charge box again, concurrently; None for one that is gone."""

    async def fetch(charge_box_id: int) -> ChargeBox | None:
        try:
            answer = await get_charge_box.asyncio_detailed(charge_box_id, client=client)
            return answer.unwrap()
        except NotFound:
            return None

    boxes = await asyncio.gather(*(fetch(charge_box_id) for charge_box_id in ids))
    return dict(zip(ids, boxes, strict=True))


def register_once(client: AuthenticatedClient, serial_number: str, identity: str) -> str:
    """Create a charge box; what happened, in words, for a log line, whatever failed."""
    request = CreateChargeBoxRequest(
        serial_number=serial_number,
        location_id=123,
        model_id=1234,
        charge_box_identity=identity,
    )
    try:
        answer = create_charge_box.sync_detailed(client=client, body=request)
        created = answer.unwrap()
    except Conflict:
        return f"{identity} exists already"
    except BadRequest as error:
        return f"refused: {'; '.join(error.messages)}"
    except AuthError as error:
        return f"the key may not create charge boxes ({error.status_code})"
    except RateLimited as error:
        wait = error.retry_after if error.retry_after is not None else 60.0
        return f"rate limited; try again in {wait:g} s"
    except UnreadableResponse as error:
        return f"Spirii answered {error.status_code} with a body broken at {error.path}"
    except NoAnswer as error:
        return f"no answer (the create may or may not have happened): {error}"
    except SpiriiError as error:
        return f"{error.status_code} {error.message or ''} (request {error.request_id})"
    took = answer.elapsed.total_seconds()
    return f"created {created.id} in {took:.3f} s (request {answer.request_id})"


def max_power_kw(connector: Connector) -> float | None:
    """A connector's maximum power: None when the charger never reported it (absent or null)."""
    power = connector.max_electric_power
    return None if isinstance(power, Unset) else power


def standard_name(connector: Connector) -> str:
    """A connector's standard as text: a known one's value, or a value the client does not know
    yet as it came (the list is open)."""
    standard = connector.standard
    return standard.value if isinstance(standard, KnownConnectorStandard) else standard


def main() -> None:
    """Run each part against SPIRII_BASE_URL with SPIRII_API_KEY, printing what happened."""
    with AuthenticatedClient(
        base_url=os.environ.get("SPIRII_BASE_URL", "https://sandbox.api.spirii.com"),
        token=os.environ["SPIRII_API_KEY"],
    ) as client:
        print(register_once(client, "SN-EXAMPLE-1", "DK.EXAMPLE.1"))
        print(register_once(client, "SN-EXAMPLE-2", "DK.EXAMPLE.1"))
        with sqlite3.connect(":memory:") as database:
            skipped = store_all(client, database)
            ids = [row[0] for row in database.execute("SELECT id FROM charge_box ORDER BY id")]
        print(f"stored {len(ids)} charge boxes, skipped {skipped}")

    async def fetch_all() -> dict[int, ChargeBox | None]:
        async with AuthenticatedClient(
            base_url=os.environ.get("SPIRII_BASE_URL", "https://sandbox.api.spirii.com"),
            token=os.environ["SPIRII_API_KEY"],
        ) as async_client:
            return await fetch_each(async_client, ids)

    fetched = asyncio.run(fetch_all())
    for charge_box_id, box in fetched.items():
        if box is not None:
            connectors = [c for evse in box.evses for c in evse.connectors]
            powers = [max_power_kw(c) for c in connectors]
            print(charge_box_id, [standard_name(c) for c in connectors], powers)


if __name__ == "__main__":
    main()
