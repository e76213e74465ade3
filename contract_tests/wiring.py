"""How the guard's schemathesis run is put together for a target: config, cases, workflow."""

from __future__ import annotations

import threading
import time
import tomllib
from pathlib import Path
from typing import Any

import httpx
import hypothesis
import schemathesis
from schemathesis import Case, Response
from schemathesis.generation.stateful.state_machine import APIStateMachine
from schemathesis.schemas import BaseSchema

from contract_tests.report import ContractRun
from contract_tests.spec import load_spec
from contract_tests.target import Target

CONFIG_PATH = Path(__file__).resolve().parent / "schemathesis.toml"
# The vendor allows 120 writes a minute; live runs stay just under it.
LIVE_WRITE_INTERVAL_SECONDS = 60 / 110
# The list is walked at the vendor's default page size, so page boundaries are crossed even on
# a small account; the walk stops after this many pages on a very large one.
LIST_PAGE_SIZE = 25
MAX_LIST_PAGES = 400


def load_schema(target: Target) -> BaseSchema:
    """openapi.yaml as a schemathesis schema, configured by schemathesis.toml and the target."""
    with CONFIG_PATH.open("rb") as config_file:
        settings: dict[str, Any] = tomllib.load(config_file)
    settings["seed"] = target.seed
    if target.examples is not None:
        settings.setdefault("generation", {})["max-examples"] = target.examples
    config = schemathesis.Config.from_dict(settings)
    schema: BaseSchema = schemathesis.openapi.from_dict(load_spec(), config=config)
    schema.config.update(headers=target.headers)
    return schema if target.allow_writes else schema.exclude(method="POST")


class _WritePacer:
    """Spaces live writes so a run never trips the vendor's write rate limit."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._last = 0.0

    def wait(self) -> None:
        with self._lock:
            pause = self._last + LIVE_WRITE_INTERVAL_SECONDS - time.monotonic()
            if pause > 0:
                time.sleep(pause)
            self._last = time.monotonic()


_pacer = _WritePacer()


# A cursor is valid only when the server issued it: a generated one is not valid data, so it is
# dropped from valid cases (the workflow follows real cursors instead).
_CURSORS = ("nextPageCursor", "previousPageCursor")


def prepare(case: Case[Any], target: Target) -> None:
    """Adjust a case for the target before it is sent.

    Valid cases lose generated cursors. Live writes are paced, and valid create bodies use the
    real location and model when the environment names them. Invalid cases are left alone:
    they must still be rejected.
    """
    positive = case.meta is not None and case.meta.generation.mode.is_positive
    if positive and isinstance(case.query, dict):
        for cursor in _CURSORS:
            case.query.pop(cursor, None)
    if not target.is_live or case.method.upper() != "POST":
        return
    if target.is_rate_limited:
        _pacer.wait()
    if positive and isinstance(case.body, dict):
        if target.location_id is not None:
            case.body["locationId"] = target.location_id
        if target.model_id is not None:
            case.body["modelId"] = target.model_id


def target_client(target: Target, base_url: str) -> httpx.Client:
    """An httpx client for the guard's own requests to the target (fetches, list walks)."""
    return httpx.Client(base_url=base_url, headers=target.headers, timeout=30)


def unreachable_reason(target: Target, base_url: str) -> str | None:
    """Why the guard cannot check this server at all (unreachable, key refused), or None.

    One read before the run, so a wrong URL or key is reported as what it is, not as a
    hundred "valid data rejected" failures.
    """
    try:
        with target_client(target, base_url) as client:
            answer = client.get("/v2/chargeboxes", params={"limit": 1})
    except httpx.HTTPError as error:
        return f"{base_url} cannot be reached: {type(error).__name__}: {error}"
    if answer.status_code in (401, 403):
        return (
            f"{base_url} refused SPIRII_API_KEY ({answer.status_code} on GET /v2/chargeboxes): "
            "check the key and its permissions; nothing was tested"
        )
    return None


def _listed_ids(client: httpx.Client) -> list[int]:
    """Every charge-box id the list shows, walking forward page by page."""
    ids: list[int] = []
    cursor: str | None = None
    for _ in range(MAX_LIST_PAGES):
        params: dict[str, str | int] = {"limit": LIST_PAGE_SIZE}
        if cursor:
            params["nextPageCursor"] = cursor
        page = client.get("/v2/chargeboxes", params=params)
        if page.status_code != 200:
            raise AssertionError(
                "created_charge_box_is_listed: listing page "
                f"{len(ids) // LIST_PAGE_SIZE + 1} answered {page.status_code}, expected 200"
            )
        body = page.json()
        ids.extend(box["id"] for box in body["data"])
        cursor = body.get("nextPageCursor")
        if not cursor:
            break
    return ids


def check_created_are_fetchable(client: httpx.Client, created: list[int]) -> None:
    """Drift: a created charge box that cannot be fetched by its id."""
    for chargebox_id in created:
        fetched = client.get(f"/v2/chargeboxes/{chargebox_id}")
        if fetched.status_code != 200 or fetched.json().get("id") != chargebox_id:
            raise AssertionError(
                f"created_charge_box_is_fetchable: charge box {chargebox_id} was created (201) "
                f"but GET /v2/chargeboxes/{chargebox_id} answered {fetched.status_code}"
            )


def check_created_are_listed(client: httpx.Client, created: list[int]) -> None:
    """Drift: the list loses or repeats charge boxes (a broken cursor, an off-by-one page
    boundary): every created one must show up exactly once, walking forward page by page."""
    listed = _listed_ids(client)
    repeated = sorted({i for i in listed if listed.count(i) > 1})
    missing = [i for i in created if i not in listed]
    if repeated or missing:
        raise AssertionError(
            "created_charge_box_is_listed: walking GET /v2/chargeboxes page by page "
            f"(limit {LIST_PAGE_SIZE}) showed {len(listed)} charge boxes; created but not "
            f"listed: {missing}; listed more than once: {repeated}"
        )


def workflow_machine(
    schema: BaseSchema, target: Target, base_url: str, run: ContractRun
) -> type[APIStateMachine]:
    """The create -> fetch state machine, sending to `base_url` and recording to `run`.

    After each scenario, every charge box it created must be fetchable by its id.
    """
    base = schema.as_state_machine()

    @hypothesis.seed(target.seed)
    class Workflow(base):  # type: ignore[valid-type, misc]
        def __init__(self) -> None:
            super().__init__()
            self.created: list[int] = []

        def get_call_kwargs(self, case: Case[Any]) -> dict[str, Any]:
            return {"base_url": base_url}

        def before_call(self, case: Case[Any]) -> None:
            prepare(case, target)

        def after_call(self, response: Response, case: Case[Any]) -> None:
            super().after_call(response, case)
            run.record(case, response)
            if case.method.upper() == "POST" and response.status_code == 201:
                self.created.append(response.json()["id"])

        def teardown(self) -> None:
            if self.created:
                with target_client(target, base_url) as client:
                    check_created_are_fetchable(client, self.created)
            super().teardown()

    return Workflow
