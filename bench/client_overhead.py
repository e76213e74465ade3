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

from bench.results import Section, Table, ratio, times
from mock.server import create_app
from mock.serving import serving

API_KEY = "bench-client-key"
LOCATION_ID = 123
# Models of the mock's catalog: 5678 has one EVSE with two connectors, 1234 two EVSEs with one.
MODEL_IDS = (5678, 1234)
PAGE_LIMIT = 100
OVERHEAD_TARGET = 0.10  # the client may add at most 10 % to a round trip
# A network round trip to a real API, to put the loopback numbers in proportion.
REMOTE_SECONDS = 0.020
CLIENT, RAW = "generated client", "httpx + json.loads"


@dataclass(frozen=True)
class Budget:
    """Timed iterations per variant (after untimed warm-up ones)."""

    round_trips: int
    parses: int
    warm_up: int


FULL = Budget(round_trips=1500, parses=1000, warm_up=50)
QUICK = Budget(round_trips=100, parses=100, warm_up=10)


class BenchmarkError(RuntimeError):
    """A round trip did not get the answer the benchmark needs: the timing would be meaningless."""


def _create_body(serial: int) -> dict[str, Any]:
    return {
        "serialNumber": f"SN-{serial:06d}",
        "locationId": LOCATION_ID,
        "modelId": MODEL_IDS[serial % len(MODEL_IDS)],
    }


def client_create(client: AuthenticatedClient, serial: int) -> None:
    """Create a charge box with the generated client; it parses the answer into a ChargeBox."""
    body = CreateChargeBoxRequest.from_dict(_create_body(serial))
    answer = create_charge_box.sync_detailed(client=client, body=body)
    if not isinstance(answer.parsed, ChargeBox):
        raise BenchmarkError(f"create: expected 201 and a ChargeBox, got {answer.status_code}")


def raw_create(http: httpx.Client, serial: int) -> None:
    """Create a charge box with httpx and decode the answer with json.loads."""
    answer = http.post("/v2/chargeboxes", json=_create_body(serial))
    created = json.loads(answer.content)
    if answer.status_code != 201 or "id" not in created:
        raise BenchmarkError(f"create: expected 201 and a charge box, got {answer.status_code}")


def client_list(client: AuthenticatedClient) -> None:
    """Fetch the first page with the generated client; it parses it into a ChargeBoxPage."""
    answer = list_charge_boxes.sync_detailed(client=client, limit=PAGE_LIMIT)
    if not isinstance(answer.parsed, ChargeBoxPage) or len(answer.parsed.data) != PAGE_LIMIT:
        raise BenchmarkError(f"list: expected a full page, got {answer.status_code}")


def raw_list(http: httpx.Client) -> None:
    """Fetch the first page with httpx and decode it with json.loads."""
    answer = http.get("/v2/chargeboxes", params={"limit": PAGE_LIMIT})
    page = json.loads(answer.content)
    if answer.status_code != 200 or len(page["data"]) != PAGE_LIMIT:
        raise BenchmarkError(f"list: expected a full page, got {answer.status_code}")


def parse_with_client(page: bytes) -> None:
    """Decode a page and build the client's models from it."""
    ChargeBoxPage.from_dict(json.loads(page))


def parse_raw(page: bytes) -> None:
    """Decode a page only."""
    json.loads(page)


def _interleaved(
    variants: dict[str, Callable[[int], None]], iterations: int, warm_up: int
) -> dict[str, list[float]]:
    """Seconds per call of each variant; the variants alternate, their order flipping each time."""
    for index in range(warm_up):
        for variant in variants.values():
            variant(index)
    samples: dict[str, list[float]] = {name: [] for name in variants}
    names = list(variants)
    for index in range(iterations):
        for name in names if index % 2 == 0 else names[::-1]:
            started = time.perf_counter()
            variants[name](warm_up + index)
            samples[name].append(time.perf_counter() - started)
    return samples


def _micros(value: float | None) -> str:
    return "—" if value is None else f"{value * 1e6:,.0f} µs"


def _row(label: str, samples: dict[str, list[float]]) -> tuple[str, ...]:
    client = statistics.median(samples[CLIENT])
    raw = statistics.median(samples[RAW])
    overhead = ratio(client, raw)
    return (
        label,
        _micros(client),
        _micros(raw),
        _micros(client - raw),
        times(overhead),
        "—" if overhead is None else f"{(overhead - 1) * 100:+.1f} %",
    )


def run(quick: bool) -> list[Section]:
    """Benchmark 3."""
    budget = QUICK if quick else FULL
    with (
        serving(create_app(api_key=API_KEY)) as base_url,
        AuthenticatedClient(base_url=base_url, token=API_KEY) as client,
        httpx.Client(base_url=base_url, headers={"Authorization": f"Bearer {API_KEY}"}) as http,
    ):
        for serial in range(PAGE_LIMIT):  # a full first page for the list round trips
            raw_create(http, serial)
        serials = iter(range(PAGE_LIMIT, 10**9))
        creates = _interleaved(
            {
                CLIENT: lambda _: client_create(client, next(serials)),
                RAW: lambda _: raw_create(http, next(serials)),
            },
            budget.round_trips,
            budget.warm_up,
        )
        lists = _interleaved(
            {CLIENT: lambda _: client_list(client), RAW: lambda _: raw_list(http)},
            budget.round_trips,
            budget.warm_up,
        )
        page = http.get("/v2/chargeboxes", params={"limit": PAGE_LIMIT}).content
    parses = _interleaved(
        {CLIENT: lambda _: parse_with_client(page), RAW: lambda _: parse_raw(page)},
        budget.parses,
        budget.warm_up,
    )
    medians = {
        name: {variant: statistics.median(s) for variant, s in samples.items()}
        for name, samples in (("create", creates), ("list", lists), ("parse", parses))
    }
    create_overhead = ratio(medians["create"][CLIENT], medians["create"][RAW])
    list_overhead = ratio(medians["list"][CLIENT], medians["list"][RAW])
    parse_ratio = ratio(medians["parse"][CLIENT], medians["parse"][RAW])
    list_extra = medians["list"][CLIENT] - medians["list"][RAW]
    parse_extra = medians["parse"][CLIENT] - medians["parse"][RAW]
    boxes = json.loads(page)["data"]
    connectors = sum(len(evse["connectors"]) for box in boxes for evse in box["evses"])
    evses = sum(len(box["evses"]) for box in boxes)

    def verdict_of(value: float | None) -> str:
        met = value is not None and value - 1 <= OVERHEAD_TARGET
        return f"{times(value)} ({'met' if met else 'NOT met'})"

    header = ("", CLIENT, RAW, "difference", "ratio", "overhead")
    return [
        Section(
            key="client_overhead",
            title="3. Client overhead: the generated client vs raw httpx + json.loads",
            verdict=[
                f"Round-trip overhead target ≤ {OVERHEAD_TARGET:.0%}: create "
                f"**{verdict_of(create_overhead)}**, list of {PAGE_LIMIT} "
                f"**{verdict_of(list_overhead)}**. Parsing a {PAGE_LIMIT}-item page into "
                f"models costs **{times(parse_ratio)}** json.loads alone ({_micros(parse_extra)} "
                f"on top, {_micros(parse_extra / PAGE_LIMIT)} per charge box).",
                f"The list round trip's extra {_micros(list_extra)} is that parse "
                f"({_micros(parse_extra)}): building the typed models, not the transport. It "
                "weighs so much only because a loopback round trip to this mock is short: "
                f"were the server {REMOTE_SECONDS * 1000:.0f} ms further away, the same extra "
                f"would be a {list_extra / (medians['list'][RAW] + REMOTE_SECONDS):.0%} "
                "overhead.",
            ],
            commands=[
                "server: mock.serving.serving(create_app(api_key=...)) "
                "(uvicorn on 127.0.0.1, a thread of the benchmark process)",
                f"client: create_charge_box.sync_detailed(client=AuthenticatedClient(base_url, "
                f"token), body=CreateChargeBoxRequest(...)); list_charge_boxes.sync_detailed("
                f"client=..., limit={PAGE_LIMIT})",
                "raw: httpx.Client(base_url, headers={'Authorization': 'Bearer ...'}): "
                f"json.loads(post('/v2/chargeboxes', json=...).content); json.loads(get("
                f"'/v2/chargeboxes', params={{'limit': {PAGE_LIMIT}}}).content)",
                "parse: ChargeBoxPage.from_dict(json.loads(raw)) vs json.loads(raw)",
                f"# {budget.round_trips} timed calls per variant and operation "
                f"({budget.warm_up} untimed first), alternating client/raw, order flipping "
                f"each iteration; {budget.parses} timed parses each; one keep-alive connection "
                f"per variant; create bodies alternate models {MODEL_IDS}",
            ],
            tables=[
                Table(
                    "Round trips against the bundled mock (median per call)",
                    header,
                    (
                        _row("create (POST /v2/chargeboxes)", creates),
                        _row(f"list (GET, limit {PAGE_LIMIT})", lists),
                    ),
                ),
                Table(
                    f"Parsing one page: {len(page):,} bytes, {len(boxes)} charge boxes, "
                    f"{evses} EVSEs, {connectors} connectors (median per parse)",
                    header,
                    (_row("ChargeBoxPage.from_dict(json.loads(raw)) vs json.loads(raw)", parses),),
                ),
            ],
            notes=[
                "The mock and the client share one process (serving() runs uvicorn in a "
                "thread), as in the kit's own tests: a round trip's time includes the mock's "
                "work (request validation against openapi.yaml, rendering), which is the same "
                "for both variants and makes the ratio a round-trip ratio, not a CPU ratio.",
                "The client is used as a consumer gets it: AuthenticatedClient with its "
                "defaults (including whatever transport, e.g. retries, it builds).",
            ],
            data={
                "target_overhead": OVERHEAD_TARGET,
                "create_ratio": create_overhead,
                "list_ratio": list_overhead,
                "parse_ratio": parse_ratio,
                "page_bytes": len(page),
                "median_seconds": medians,
                "iterations": {"round_trips": budget.round_trips, "parses": budget.parses},
            },
        )
    ]
