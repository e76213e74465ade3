"""How another team's code uses the client; type-checked with mypy --strict against the wheel."""

from __future__ import annotations

import os

from spirii_chargebox_client import AuthenticatedClient
from spirii_chargebox_client.api.chargeboxes import create_charge_box, list_charge_boxes
from spirii_chargebox_client.models import (
    ChargeBox,
    ChargeBoxPage,
    CreateChargeBoxRequest,
    KnownConnectorStandard,
)
from spirii_chargebox_client.types import UNSET


def register(client: AuthenticatedClient, serial_number: str, location_id: int) -> ChargeBox:
    """Create a charge box of the Zaptec HYC_300 model, failing loudly on any error answer."""
    created = create_charge_box.sync(
        client=client,
        body=CreateChargeBoxRequest(
            serial_number=serial_number, location_id=location_id, model_id=1234
        ),
    )
    if not isinstance(created, ChargeBox):
        raise RuntimeError(f"create failed: {created}")
    return created


def connector_standards(client: AuthenticatedClient) -> dict[str, int]:
    """How many connectors of each standard the account has, walking every page."""
    counts: dict[str, int] = {}
    cursor: str | None = None
    while True:
        page = list_charge_boxes.sync(
            client=client, limit=100, next_page_cursor=cursor if cursor else UNSET
        )
        if not isinstance(page, ChargeBoxPage):
            raise RuntimeError(f"list failed: {page}")
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
        register(spirii, "SN-EXAMPLE-1", location_id=123)
        print(connector_standards(spirii))
