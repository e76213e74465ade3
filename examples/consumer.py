"""How another team's code uses the client; type-checked with mypy --strict against the wheel."""

from __future__ import annotations

import os

from spirii_chargebox_client import AuthenticatedClient
from spirii_chargebox_client.api.chargeboxes import (
    create_charge_box,
    get_charge_box,
    list_charge_boxes,
)
from spirii_chargebox_client.errors import (
    Conflict,
    NotFound,
    RateLimited,
    SpiriiError,
    UnreadableResponse,
)
from spirii_chargebox_client.models import (
    ChargeBox,
    CreateChargeBoxRequest,
    KnownConnectorStandard,
)
from spirii_chargebox_client.types import UNSET


def register(client: AuthenticatedClient, serial_number: str, location_id: int) -> ChargeBox:
    """Create a charge box of the Zaptec HYC_300 model; a typed error on any other answer."""
    return create_charge_box.sync_detailed(
        client=client,
        body=CreateChargeBoxRequest(
            serial_number=serial_number, location_id=location_id, model_id=1234
        ),
    ).unwrap()


def find(client: AuthenticatedClient, charge_box_id: int) -> ChargeBox | None:
    """The charge box, or None if the key sees none with this id."""
    try:
        return get_charge_box.sync_detailed(charge_box_id, client=client).unwrap()
    except NotFound:
        return None


def register_once(client: AuthenticatedClient, serial_number: str, identity: str) -> str:
    """What happened, in words, for a log line: every failure names status and request id."""
    try:
        created = create_charge_box.sync_detailed(
            client=client,
            body=CreateChargeBoxRequest(
                serial_number=serial_number,
                location_id=123,
                model_id=1234,
                charge_box_identity=identity,
            ),
        ).unwrap()
    except Conflict:
        return f"{identity} exists already"
    except RateLimited as error:
        wait = error.retry_after if error.retry_after is not None else 60.0
        return f"rate limited; try again in {wait:g} s"
    except UnreadableResponse as error:
        return f"Spirii answered {error.status_code} with a body broken at {error.path}"
    except SpiriiError as error:
        return f"{error.status_code} {error.message or ''} (request {error.request_id})"
    return f"created {created.id}"


def connector_standards(client: AuthenticatedClient) -> dict[str, int]:
    """How many connectors of each standard the account has, walking every page."""
    counts: dict[str, int] = {}
    cursor: str | None = None
    while True:
        page = list_charge_boxes.sync_detailed(
            client=client, limit=100, next_page_cursor=cursor if cursor else UNSET
        ).unwrap()
        for box in page.data:
            for evse in box.evses:
                for connector in evse.connectors:
                    standard = connector.standard
                    name = (
                        standard.value if isinstance(standard, KnownConnectorStandard) else standard
                    )
                    counts[name] = counts.get(name, 0) + 1
        next_cursor = page.next_page_cursor
        if not isinstance(next_cursor, str) or not next_cursor:
            return counts
        cursor = next_cursor


if __name__ == "__main__":
    with AuthenticatedClient(
        base_url=os.environ.get("SPIRII_BASE_URL", "https://sandbox.api.spirii.com"),
        token=os.environ["SPIRII_API_KEY"],
    ) as spirii:
        box = register(spirii, "SN-EXAMPLE-1", location_id=123)
        print(find(spirii, box.id))
        print(register_once(spirii, "SN-EXAMPLE-2", box.charge_box_identity))
        print(connector_standards(spirii))
