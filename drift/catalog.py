"""The drift catalog: deliberately broken (and deliberately changed but fine) variants of honest
servers, each declared in a few lines, with the guard's expected verdict.

An entry is applied to each server personality it names (the bundled mock, a textbook RFC 9110
server, the real NestJS on Express and on Fastify; drift/personalities.py, drift/framework.py),
optionally holding a populated account (drift/account.py), and is a rewrite of every charge box
sent, of whole exchanges (status, headers, body; drift/rewriting.py), of the request's headers,
or a throttle. The catalog tests run the real guard and assert the verdict, in two sizes:

- `RUNS` (`make catalog`, and CI's catalog job; it writes the table in docs/maintainers.md): every
  entry on every personality it names, in every mode; an entry that only rewrites charge boxes
  on one of them.
- `TEST_RUNS` (`make test`): the honest baselines and the throttle (`Drift.everywhere`: what a
  framework itself answers decides their verdict) on every personality; every other entry, a
  change laid over whatever the server answers, once, on each personality in turn.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from starlette.types import ASGIApp

from drift.account import populated
from drift.framework import REAL_NESTJS, real_nestjs, stop_node
from drift.nestjs_build import unavailable_reason
from drift.personalities import PERSONALITIES as HONEST_SERVERS
from drift.personalities import Personality
from drift.rewriting import (
    ChargeBoxRewrite,
    Exchange,
    ExchangeRewrite,
    RequestHeaders,
    Rewriting,
)
from drift.runner import GuardVerdict, run_guard
from mock.server import ChargeBoxStore, create_app


def _bundled_mock(api_key: str, store: ChargeBoxStore) -> ASGIApp:
    return create_app(api_key=api_key, store=store)


# Why the real-framework personalities cannot run on this machine (no node), or None.
REAL_FRAMEWORK_MISSING = unavailable_reason()
# Warnings an honest personality gives on every writes run that leaves DELETE be: the real NestJS
# answers its void DELETE handler with an empty 200, off openapi.yaml's provisional guess (the
# charge box, or 204). Evidence to fix the guess from, never drift.
STANDING_WARNINGS: Mapping[str, str] = {
    name: "DELETE /v2/chargeboxes/{id} is provisional in openapi.yaml" for name in REAL_NESTJS
}
# Every honest server the catalog's entries are applied to: ours, our images of the vendor's
# stack, and the vendor's real framework (NestJS on Express and on Fastify) where node runs.
PERSONALITIES: Mapping[str, Personality] = {
    "mock": _bundled_mock,
    **HONEST_SERVERS,
    **({} if REAL_FRAMEWORK_MISSING else REAL_NESTJS),
}


@dataclass(frozen=True)
class Drift:
    """A variant of an honest server and what the guard must say about it.

    `caught_by`: the check that must fail the run; None for a change the guard must tolerate.
    `warns`: a tolerated change that must still be reported as a warning.
    `inconclusive`: the guard must say it could not check (exit 75), not pass or fail.
    `transient`: answers that a retry gets past: the run passes and lists them.
    `account`: charge boxes the account holds before the run (varied, drift/account.py).
    `modes`: SPIRII_ALLOW_WRITES for each run of the entry (True: with writes).
    `throttle`: requests a route takes from one client in 60 s, then 429 until the window ends,
    as @nestjs/throttler does (the real one on the real framework, an image of it elsewhere).
    `everywhere`: `make test` runs it on every personality too (see `TEST_RUNS`).
    """

    name: str
    caught_by: str | None
    chargebox: ChargeBoxRewrite | None = None
    exchange: ExchangeRewrite | None = None
    request_headers: Callable[[dict[str, str]], dict[str, str]] | None = None
    throttle: int | None = None
    warns: bool = False
    inconclusive: bool = False
    transient: bool = False
    account: int = 0
    modes: tuple[bool, ...] = (True,)
    environment: Mapping[str, str] = field(default_factory=dict)  # added to the guard's
    personalities: tuple[str, ...] = tuple(PERSONALITIES)
    everywhere: bool = False
    notes: str = field(default="", compare=False)

    @property
    def shape_only(self) -> bool:
        """Whether the entry only rewrites the charge boxes a server sends: the same change on
        any personality, so one run proves it (`RUNS` spreads such entries over them all)."""
        others = (self.exchange, self.request_headers, self.throttle, self.environment or None)
        return self.chargebox is not None and all(knob is None for knob in others)

    @property
    def expected_exit(self) -> int:
        """The exit code the guard must end with."""
        if self.inconclusive:
            return 75
        return 0 if self.caught_by is None else 1

    def app(self, api_key: str, personality: str = "mock") -> ASGIApp:
        """The honest server `personality` with this drift applied."""
        server = PERSONALITIES[personality]
        rewrites = [self.exchange] if self.exchange is not None else []
        if self.throttle is not None and personality in REAL_NESTJS:
            server = real_nestjs(personality.rsplit("_", 1)[-1], throttle_limit=self.throttle)
        elif self.throttle is not None:
            rewrites.append(_throttler(self.throttle))
        if self.account:
            server = populated(server, count=self.account)
        app: ASGIApp = server(api_key, ChargeBoxStore())
        if self.chargebox is not None or rewrites:
            app = Rewriting(app, self.chargebox, rewrites)
        if self.request_headers is not None:
            app = RequestHeaders(app, self.request_headers)
        return app


# --- the rewrites the catalog is made of -------------------------------------------------


def _first_connector(box: dict[str, Any]) -> dict[str, Any]:
    connector: dict[str, Any] = box["evses"][0]["connectors"][0]
    return connector


def _set_connector(field_name: str, value: Any) -> ChargeBoxRewrite:
    def rewrite(box: dict[str, Any]) -> dict[str, Any]:
        _first_connector(box)[field_name] = value
        return box

    return rewrite


def _without(field_name: str) -> ChargeBoxRewrite:
    return lambda box: {k: v for k, v in box.items() if k != field_name}


def _answer_with(status: int, when: Callable[[Exchange], bool]) -> ExchangeRewrite:
    def rewrite(exchange: Exchange) -> None:
        if when(exchange):
            exchange.status = status

    return rewrite


def _is_create(exchange: Exchange) -> bool:
    return exchange.method == "POST" and exchange.path == "/v2/chargeboxes"


def _is_list(exchange: Exchange) -> bool:
    return exchange.method == "GET" and exchange.path == "/v2/chargeboxes"


def _text_plain(exchange: Exchange) -> None:
    if exchange.status // 100 == 2:
        exchange.response_headers["content-type"] = "text/plain; charset=utf-8"


def _server_error_on_large_pages(exchange: Exchange) -> None:
    limit = next((p[6:] for p in exchange.query.split("&") if p.startswith("limit=")), "25")
    if _is_list(exchange) and limit.isdigit() and int(limit) > 50:
        exchange.status = 500
        exchange.body = {"error": {"message": "internal error"}}


def _accept_invalid_limits(exchange: Exchange) -> None:
    if _is_list(exchange) and exchange.status == 400 and "limit" in exchange.query:
        exchange.status = 200
        exchange.body = {"data": [], "nextPageCursor": None, "previousPageCursor": None}


def _reject_large_pages(exchange: Exchange) -> None:
    limit = next((p[6:] for p in exchange.query.split("&") if p.startswith("limit=")), "25")
    if _is_list(exchange) and limit.isdigit() and int(limit) > 50:
        exchange.status = 400
        exchange.body = {"error": {"message": "limit: at most 50"}}


def _ignore_auth(headers: dict[str, str]) -> dict[str, str]:
    return headers | {"authorization": f"Bearer {DRIFT_API_KEY}"}


def _fetch_not_found(exchange: Exchange) -> None:
    if exchange.method == "GET" and re.fullmatch(r"/v2/chargeboxes/[0-9]+", exchange.path):
        exchange.status = 404
        exchange.body = {"error": {"message": "not found"}}


def _query_value(exchange: Exchange, name: str) -> str | None:
    return next(
        (value for key, value in parse_qsl(exchange.query) if key == name),
        None,
    )


def _losing_pages(exchange: Exchange) -> None:
    """Off by one at page boundaries: the first charge box of every later page is lost."""
    later = _query_value(exchange, "nextPageCursor")
    if _is_list(exchange) and exchange.status == 200 and later and exchange.body["data"]:
        exchange.body["data"].pop(0)


def _repeating_pages(exchange: Exchange) -> None:
    """Every later page starts again with the last charge box of the page before it."""
    if not (_is_list(exchange) and exchange.status == 200):
        return
    last_of: dict[str, Any] = exchange.memory.setdefault("last of the page before", {})
    later = _query_value(exchange, "nextPageCursor")
    data = exchange.body["data"]
    following = exchange.body.get("nextPageCursor")
    if following and data:
        last_of[following] = json.loads(json.dumps(data[-1]))
    if later in last_of:
        data.insert(0, last_of[later])


def _throttler(limit: int) -> ExchangeRewrite:
    """@nestjs/throttler's image: `limit` requests a route from one client in a 60 s window,
    then 429 with `Retry-After: 60` (seconds until the window ends, as X-RateLimit-Reset is)."""

    def rewrite(exchange: Exchange) -> None:
        counts: dict[str, int] = exchange.memory.setdefault("throttled", {})
        route = f"{exchange.method} {re.sub(r'/[0-9]+', '/:id', exchange.path)}"
        counts[route] = counts.get(route, 0) + 1
        if counts[route] > limit:
            _throttled(exchange)
            exchange.response_headers["retry-after"] = "60"
            return
        exchange.response_headers |= {
            "x-ratelimit-limit": str(limit),
            "x-ratelimit-remaining": str(limit - counts[route]),
            "x-ratelimit-reset": "60",
        }

    return rewrite


# The populated account of the real-use entries, and the charge box far down its list.
ACCOUNT = 300
LATE_CHARGEBOX = 250


def _existing(box: Any) -> bool:
    """A charge box the account held before the run (the store counts ids from 1)."""
    return isinstance(box, dict) and isinstance(box.get("id"), int) and box["id"] <= ACCOUNT


def _late_chargebox_drifts(box: dict[str, Any]) -> dict[str, Any]:
    return box | {"isOnline": "true"} if box["id"] == LATE_CHARGEBOX else box


def _fetch_only_model_id_as_text(exchange: Exchange) -> None:
    fetch = exchange.method == "GET" and exchange.path.startswith("/v2/chargeboxes/")
    if fetch and exchange.status == 200 and _existing(exchange.body):
        exchange.body["model"]["id"] = str(exchange.body["model"]["id"])


def _list_only_other_serial(exchange: Exchange) -> None:
    if _is_list(exchange) and exchange.status == 200:
        for box in exchange.body["data"]:
            if _existing(box):
                box["serialNumber"] += "-LISTED"


def _throttled(exchange: Exchange) -> None:
    """@nestjs/throttler's answer, to everything."""
    exchange.status = 429
    exchange.response_headers |= {"retry-after": "1", "content-type": "application/json"}
    exchange.body = {"statusCode": 429, "message": "ThrottlerException: Too Many Requests"}


_GATEWAY_PAGE = b"<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>"


def _transient_blips(exchange: Exchange) -> None:
    """The first time some requests are seen, a gateway's 503 page or a 429 to wait out."""
    seen: set[str] = exchange.memory.setdefault("seen", set())
    request = f"{exchange.method} {exchange.path}?{exchange.query}"
    if request in seen:
        return
    seen.add(request)
    number = len(seen)
    if number % 7 == 3:
        exchange.status, exchange.body, exchange.raw = 503, None, _GATEWAY_PAGE
        exchange.response_headers["content-type"] = "text/html"
    elif number % 11 == 5:
        _throttled(exchange)
        exchange.response_headers["retry-after"] = "0"


def _writes_forbidden(exchange: Exchange) -> None:
    """A key that may read but not write: a NestJS guard refusing every create."""
    if _is_create(exchange):
        exchange.status = 403
        exchange.body = {"statusCode": 403, "message": "Forbidden resource", "error": "Forbidden"}


def _models_vendor_renamed(exchange: Exchange) -> None:
    if exchange.path == "/v2/chargeboxes/models" and exchange.status == 200:
        for model in exchange.body["data"]:
            model["manufacturer"] = model.pop("vendor")


def _delete_fails(exchange: Exchange) -> None:
    if exchange.method == "DELETE" and exchange.status // 100 == 2:
        exchange.status, exchange.body = 500, {"statusCode": 500, "message": "Internal error"}


def _delete_answers_no_content(exchange: Exchange) -> None:
    if exchange.method == "DELETE" and exchange.status == 200:
        exchange.status, exchange.body, exchange.raw = 204, None, b""
        exchange.response_headers.pop("content-type", None)


def _command_without_status(exchange: Exchange) -> None:
    answered = exchange.status // 100 == 2 and isinstance(exchange.body, dict)
    if exchange.path.endswith(("/reset", "/reboot")) and answered:
        exchange.body.pop("status", None)


def _null_measurements(box: dict[str, Any]) -> dict[str, Any]:
    """What real accounts send for a measurement a charger never reported."""
    for evse in box["evses"]:
        for connector in evse["connectors"]:
            connector |= {"maxAmperage": None, "maxVoltage": None, "maxElectricPower": None}
    return box


def _cursor_renamed(exchange: Exchange) -> None:
    """The list's cursor under another name: a client following nextPageCursor stops early."""
    if _is_list(exchange) and exchange.status == 200:
        exchange.body["cursor"] = exchange.body.pop("nextPageCursor", None)


def _with_total(exchange: Exchange) -> None:
    if _is_list(exchange) and exchange.status == 200:
        exchange.body["total"] = len(exchange.body["data"])


def _refuse_create(exchange: Exchange, message: str) -> None:
    """A create answered as NestJS' ValidationPipe or a service's BadRequestException does."""
    exchange.status = 400
    exchange.response_headers["content-type"] = "application/json; charset=utf-8"
    exchange.body = {"message": [message], "error": "Bad Request", "statusCode": 400}


def _refuse_lowercase_serials(exchange: Exchange) -> None:
    """A business rule the vendor never published: serial numbers in upper case only."""
    if _is_create(exchange) and exchange.status == 201:
        serial = exchange.body["serialNumber"]
        if serial != serial.upper():
            _refuse_create(exchange, "serialNumber must be uppercase")


def _refuse_every_create(exchange: Exchange) -> None:
    if _is_create(exchange) and exchange.status == 201:
        _refuse_create(exchange, "modelId is not available for this location")


# Remote control reaches a live target only for the one charge box named: here, one of the
# account's (drift/account.py), offline, so it answers Rejected.
_REMOTE_CONTROL = {"SPIRII_ALLOW_REMOTE_CONTROL": "1", "SPIRII_REMOTE_CONTROL_CHARGEBOX_ID": "3"}

DRIFT_API_KEY = "drift-catalog-key"
# The honest server as it is: every personality's baseline.
NO_DRIFT = "no drift: the server as it is"

DRIFTS: tuple[Drift, ...] = (
    # Types change
    Drift(
        "isOnline sent as a string",
        "response_schema_conformance",
        chargebox=lambda box: box | {"isOnline": str(box["isOnline"]).lower()},
    ),
    Drift(
        "id sent as a string",
        "response_schema_conformance",
        chargebox=lambda box: box | {"id": str(box["id"])},
    ),
    Drift(
        "maxAmperage as a string deep in evses[].connectors[]",
        "response_schema_conformance",
        chargebox=_set_connector("maxAmperage", "32"),
    ),
    # Required fields go missing, null appears
    Drift(
        "serialNumber missing", "response_schema_conformance", chargebox=_without("serialNumber")
    ),
    Drift(
        "connector standard missing",
        "response_schema_conformance",
        chargebox=lambda box: (_first_connector(box).pop("standard"), box)[1],
    ),
    Drift(
        "null serialNumber",
        "response_schema_conformance",
        chargebox=lambda box: box | {"serialNumber": None},
    ),
    # Timestamps change shape
    Drift(
        "createdAt as an epoch number",
        "timestamps_follow_wire_format",
        chargebox=lambda box: box | {"createdAt": 1737970721},
    ),
    Drift(
        "updatedAt as 27/01/2025 09:38",
        "timestamps_follow_wire_format",
        chargebox=lambda box: box | {"updatedAt": "27/01/2025 09:38"},
    ),
    Drift(
        "createdAt as RFC 3339 with T and Z",
        "timestamps_follow_wire_format",
        chargebox=lambda box: box | {"createdAt": "2025-01-27T09:38:41Z"},
    ),
    # Enums
    Drift(
        "EVSE status outside the closed list",
        "response_schema_conformance",
        chargebox=lambda box: (box["evses"][0].update(status="PARKED"), box)[1],
    ),
    Drift(
        "connector format outside the closed list",
        "generated_client_can_read",
        chargebox=_set_connector("format", "WIRELESS"),
    ),
    # Statuses and content types
    Drift(
        "create answers 200 instead of 201",
        "status_code_conformance",
        exchange=_answer_with(200, lambda e: _is_create(e) and e.status == 201),
    ),
    Drift("responses sent as text/plain", "content_type_conformance", exchange=_text_plain),
    Drift(
        "500 on a valid page size above 50",
        "not_a_server_error",
        exchange=_server_error_on_large_pages,
    ),
    # Validation
    Drift("invalid limit accepted", "negative_data_rejection", exchange=_accept_invalid_limits),
    Drift(
        "valid page size above 50 rejected",
        "positive_data_acceptance",
        exchange=_reject_large_pages,
    ),
    Drift("auth ignored", "ignored_auth", request_headers=_ignore_auth),
    # Behaviour
    Drift(
        "created charge box echoes another serialNumber",
        "created_charge_box_echoes_request",
        exchange=lambda e: (
            e.body.update(serialNumber="SN-OTHER") if _is_create(e) and e.status == 201 else None
        ),
    ),
    Drift(
        "created charge box cannot be fetched",
        "created_charge_box_is_fetchable",
        exchange=_fetch_not_found,
    ),
    Drift(
        "list loses a charge box at each page boundary",
        "created_charge_box_is_listed",
        exchange=_losing_pages,
    ),
    Drift(
        "list repeats a charge box across pages",
        "created_charge_box_is_listed",
        exchange=_repeating_pages,
    ),
    # Drift seen only in an account's existing data: read-only runs must catch it
    Drift(
        "a late page: charge box 250 of 300 sends isOnline as a string",
        "response_schema_conformance",
        chargebox=_late_chargebox_drifts,
        account=ACCOUNT,
        modes=(False,),
    ),
    Drift(
        "only GET /v2/chargeboxes/{id}: existing charge boxes' model.id as a string",
        "response_schema_conformance",
        exchange=_fetch_only_model_id_as_text,
        account=ACCOUNT,
        modes=(False,),
    ),
    Drift(
        "only the list: existing charge boxes listed with another serialNumber",
        "listed_charge_box_matches_fetched",
        exchange=_list_only_other_serial,
        account=ACCOUNT,
        modes=(False,),
    ),
    # The rest of the family: delete, reset and reboot, the models list
    Drift("delete answers 500", "not_a_server_error", exchange=_delete_fails),
    Drift(
        "reset and reboot answer without a status",
        "response_schema_conformance",
        exchange=_command_without_status,
        account=5,
        environment=_REMOTE_CONTROL,
    ),
    # A real account pages on, and the create every consumer sends
    Drift(
        "the list's cursor renamed: a full page with `cursor`, no nextPageCursor",
        "list_pages_lead_on",
        exchange=_cursor_renamed,
        account=ACCOUNT,
        modes=(False,),
    ),
    Drift(
        "every create refused with 400, the plain one too",
        "plain_create_is_accepted",
        exchange=_refuse_every_create,
    ),
    # Nothing can be checked: the guard must say so, not pass
    Drift("every answer 429", None, exchange=_throttled, inconclusive=True),
    Drift(
        "throttled: 15 requests a route in a 60 s window, a 20 s budget",
        None,
        throttle=15,
        inconclusive=True,
        environment={"SPIRII_CONTRACT_BUDGET_SECONDS": "20"},
        everywhere=True,  # the real @nestjs/throttler on the real framework
    ),
    Drift(
        "a key that may read but not write (403 on create)",
        None,
        exchange=_writes_forbidden,
        inconclusive=True,
    ),
    # Changes the guard must tolerate
    Drift(NO_DRIFT, None, everywhere=True),
    Drift(
        "a populated account: 300 varied charge boxes",
        None,
        warns=True,
        account=ACCOUNT,
        modes=(False, True),
        everywhere=True,
    ),
    Drift(
        "transient answers: a gateway's 503 page, a 429 to wait out",
        None,
        exchange=_transient_blips,
        transient=True,
    ),
    Drift(
        "the models list (provisional) renames vendor to manufacturer",
        None,
        warns=True,
        exchange=_models_vendor_renamed,
    ),
    Drift("delete answers 204 without a body", None, exchange=_delete_answers_no_content),
    Drift(
        "reset and reboot on the one charge box remote control may touch",
        None,
        warns=True,  # the account's OCPP 2.x error codes (open enum)
        account=5,
        environment=_REMOTE_CONTROL,
    ),
    Drift("an extra response field", None, chargebox=lambda box: box | {"operatorId": 42}),
    Drift(
        "connector measurements null (maxAmperage, maxVoltage, maxElectricPower)",
        None,
        chargebox=_null_measurements,
    ),
    Drift(
        "a full last page, and a count beside the cursors",
        None,
        warns=True,  # the account's OCPP 2.x error codes (open enum)
        exchange=_with_total,
        account=100,
        modes=(False,),
    ),
    Drift(
        "creates refused by a rule the vendor never published (upper-case serial numbers)",
        None,
        warns=True,
        exchange=_refuse_lowercase_serials,
    ),
    Drift(
        "a new value in an open enum (standard NACS)",
        None,
        warns=True,
        chargebox=_set_connector("standard", "NACS"),
    ),
    Drift(
        "an optional field left out (firmwareVersion, customer)",
        None,
        chargebox=lambda box: {
            k: v for k, v in box.items() if k not in ("firmwareVersion", "customer")
        },
    ),
)


@dataclass(frozen=True)
class CatalogRun:
    """One run of the catalog: an entry, on one personality, in one mode."""

    drift: Drift
    personality: str
    writes: bool

    @property
    def label(self) -> str:
        """How tests and tables name the run."""
        mode = "writes" if self.writes else "read-only"
        return f"{self.drift.name} [{self.personality}, {mode}]"

    def app(self) -> ASGIApp:
        """The server of this run, keyed with DRIFT_API_KEY."""
        return self.drift.app(DRIFT_API_KEY, self.personality)

    def verdict(self) -> GuardVerdict:
        """Serve this run's server and run the real guard against it."""
        app = self.app()
        try:
            return run_guard(
                app, DRIFT_API_KEY, allow_writes=self.writes, environment=self.drift.environment
            )
        finally:
            stop_node(app)


def _runs(*, every_personality: bool) -> tuple[CatalogRun, ...]:
    """The catalog's runs (see the module's docstring): each entry on every personality it names,
    in every mode, or on one of them, the next one's turn each time. A shape-only entry's turn
    is the same in both sizes, so `TEST_RUNS` is a part of `RUNS`."""
    runs, turns = [], {True: 0, False: 0}  # an entry's turn, counted apart for shape-only ones
    for drift in DRIFTS:
        personalities = drift.personalities
        if drift.shape_only or not (every_personality or drift.everywhere):
            turn = turns[drift.shape_only]
            personalities = (personalities[turn % len(personalities)],)
            turns[drift.shape_only] += 1
        runs += [
            CatalogRun(drift, personality, writes)
            for personality in personalities
            for writes in drift.modes
        ]
    return tuple(runs)


RUNS: tuple[CatalogRun, ...] = _runs(every_personality=True)
TEST_RUNS: tuple[CatalogRun, ...] = _runs(every_personality=False)
# Set to 1 by `make catalog`: the catalog tests run `RUNS`, not `TEST_RUNS`.
FULL_CATALOG = "KIT_FULL_CATALOG"


def selected_runs() -> tuple[CatalogRun, ...]:
    """The runs the catalog tests assert: `RUNS` under `make catalog`, else `TEST_RUNS`."""
    return RUNS if os.environ.get(FULL_CATALOG) == "1" else TEST_RUNS
