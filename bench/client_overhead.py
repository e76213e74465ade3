"""Benchmark 3: what the generated client costs over raw httpx + json.loads, per round trip
against the bundled mock and per parse of a full 100-item page."""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
from spirii_chargebox_client import AuthenticatedClient
from spirii_chargebox_client.api.chargeboxes import create_charge_box, list_charge_boxes
from spirii_chargebox_client.models import ChargeBox, ChargeBoxPage, CreateChargeBoxRequest

from mock.server import create_app
from mock.serving import serving

API_KEY = "bench-client-key"
LOCATION_ID = 123
# Models of the mock's catalog: 5678 has one EVSE with two connectors, 1234 two EVSEs with one.
MODEL_IDS = (5678, 1234)
PAGE_LIMIT = 100
OVERHEAD_TARGET = 0.10  # the client may add at most 10 % to a round trip


@dataclass(frozen=True)
class Comparison:
    """Median seconds per call of the generated client and of httpx + json.loads."""

    client_seconds: float
    raw_seconds: float
    calls: int  # timed calls of each, interleaved


@dataclass(frozen=True)
class ClientOverhead:
    """Benchmark 3: the three comparisons, the page parsed, and how they were run."""

    commands: list[str]
    parameters: dict[str, int | str]
    overhead_target: float
    create: Comparison
    list_page: Comparison
    parse: Comparison
    page_bytes: int
    charge_boxes: int
    evses: int
    connectors: int


def _expect(answered: bool, status: int, operation: str) -> None:
    """Stop when a call did not get the answer it needs: its timing would be meaningless."""
    if not answered:
        raise RuntimeError(f"{operation}: the mock answered {status}, not the answer expected")


def _compare(
    client: Callable[[], object], raw: Callable[[], object], calls: int, warm_up: int
) -> Comparison:
    """Time both, alternating, the order flipping each iteration so neither always goes first."""
    for _ in range(warm_up):
        client()
        raw()
    samples: tuple[list[float], list[float]] = ([], [])
    for index in range(calls):
        for slot in (0, 1) if index % 2 == 0 else (1, 0):
            started = time.perf_counter()
            (client, raw)[slot]()
            samples[slot].append(time.perf_counter() - started)
    return Comparison(statistics.median(samples[0]), statistics.median(samples[1]), calls)


def run(quick: bool) -> ClientOverhead:
    """Benchmark 3: round trips against the bundled mock served in this process, then parses."""
    round_trips, parses, warm_up = (100, 100, 10) if quick else (1500, 1000, 50)
    serials = iter(range(10**9))

    def body() -> dict[str, Any]:
        serial = next(serials)
        model = MODEL_IDS[serial % len(MODEL_IDS)]
        return {"serialNumber": f"SN-{serial:06d}", "locationId": LOCATION_ID, "modelId": model}

    def client_create() -> None:
        request = CreateChargeBoxRequest.from_dict(body())
        answer = create_charge_box.sync_detailed(client=client, body=request)
        _expect(isinstance(answer.parsed, ChargeBox), answer.status_code, "create")

    def raw_create() -> None:
        answer = http.post("/v2/chargeboxes", json=body())
        created = json.loads(answer.content)
        _expect(answer.status_code == 201 and "id" in created, answer.status_code, "create")

    def client_list() -> None:
        answer = list_charge_boxes.sync_detailed(client=client, limit=PAGE_LIMIT)
        full = isinstance(answer.parsed, ChargeBoxPage) and len(answer.parsed.data) == PAGE_LIMIT
        _expect(full, answer.status_code, "list")

    def raw_list() -> None:
        answer = http.get("/v2/chargeboxes", params={"limit": PAGE_LIMIT})
        page = json.loads(answer.content)
        _expect(len(page.get("data", ())) == PAGE_LIMIT, answer.status_code, "list")

    with (
        serving(create_app(api_key=API_KEY)) as base_url,
        AuthenticatedClient(base_url=base_url, token=API_KEY) as client,
        httpx.Client(base_url=base_url, headers={"Authorization": f"Bearer {API_KEY}"}) as http,
    ):
        for _ in range(PAGE_LIMIT):  # a full first page for the list round trips
            raw_create()
        create = _compare(client_create, raw_create, round_trips, warm_up)
        list_page = _compare(client_list, raw_list, round_trips, warm_up)
        page = http.get("/v2/chargeboxes", params={"limit": PAGE_LIMIT}).content
    parse = _compare(
        lambda: ChargeBoxPage.from_dict(json.loads(page)), lambda: json.loads(page), parses, warm_up
    )
    boxes = json.loads(page)["data"]
    return ClientOverhead(
        commands=[
            "server: mock.serving.serving(mock.server.create_app(api_key=...)) "
            "(uvicorn on 127.0.0.1, a thread of the benchmark process)",
            "client: create_charge_box.sync_detailed(client=AuthenticatedClient(base_url, "
            "token), body=CreateChargeBoxRequest(...)); "
            f"list_charge_boxes.sync_detailed(client=..., limit={PAGE_LIMIT})",
            "raw: httpx.Client(base_url, headers={'Authorization': 'Bearer ...'}): "
            "json.loads(post('/v2/chargeboxes', json=...).content); "
            f"json.loads(get('/v2/chargeboxes', params={{'limit': {PAGE_LIMIT}}}).content)",
            "parse: ChargeBoxPage.from_dict(json.loads(page)) vs json.loads(page)",
            "# client and raw calls alternate, the order flipping each iteration; one keep-alive "
            f"connection per variant; create bodies alternate models {MODEL_IDS}",
        ],
        parameters={
            "timed round trips per variant and operation": round_trips,
            "timed parses per variant": parses,
            "untimed warm-up calls per variant, first": warm_up,
        },
        overhead_target=OVERHEAD_TARGET,
        create=create,
        list_page=list_page,
        parse=parse,
        page_bytes=len(page),
        charge_boxes=len(boxes),
        evses=sum(len(box["evses"]) for box in boxes),
        connectors=sum(len(evse["connectors"]) for box in boxes for evse in box["evses"]),
    )
