"""Create a charge box and fetch it back: the first example of the kit's README."""

import os

from spirii_chargebox_client import AuthenticatedClient
from spirii_chargebox_client.api.chargeboxes import create_charge_box, get_charge_box
from spirii_chargebox_client.models import CreateChargeBoxRequest

base_url = os.environ.get("SPIRII_BASE_URL", "https://sandbox.api.spirii.com")
with AuthenticatedClient(base_url=base_url, token=os.environ["SPIRII_API_KEY"]) as client:
    request = CreateChargeBoxRequest(serial_number="SN-000001", location_id=123, model_id=1234)
    # unwrap(): the ChargeBox, typed, or a typed errors.SpiriiError (BadRequest, AuthError, ...).
    created = create_charge_box.sync_detailed(client=client, body=request).unwrap()
    fetched = get_charge_box.sync_detailed(created.id, client=client).unwrap()
    # Prints e.g. `DK.SPI.000042 2026-11-24 09:38:41+00:00`: timestamps are aware, in UTC.
    print(fetched.charge_box_identity, fetched.created_at)
