"""openapi.yaml as the guard tests it: schemathesis.toml's settings, the environment's overrides,
and the changes a generated case gets before it is sent to the target."""

from __future__ import annotations

import secrets
import tomllib
from functools import cache
from pathlib import Path
from typing import Any

import schemathesis
from schemathesis import Case
from schemathesis.schemas import BaseSchema

from contract_tests.gate import Gate
from contract_tests.paths import COLLECTION, remote_control_paths
from contract_tests.target import Target
from contract_tests.transport import gated
from spec import load_spec

CONFIG_PATH = Path(__file__).resolve().parent / "schemathesis.toml"
# A cursor is valid only when the server issued it: a generated one is not valid data, so it is
# dropped from valid cases (the workflow follows real cursors instead).
_CURSORS = ("nextPageCursor", "previousPageCursor")


@cache
def file_settings() -> dict[str, Any]:
    """schemathesis.toml as data (cached: treat it as read-only)."""
    with CONFIG_PATH.open("rb") as config_file:
        return tomllib.load(config_file)


def default_seed() -> int:
    """The run's seed when SPIRII_CONTRACT_SEED does not set one."""
    seed: int = file_settings()["seed"]
    return seed


def load_schema(target: Target, gate: Gate) -> BaseSchema:
    """openapi.yaml as a schemathesis schema, configured by schemathesis.toml and the target,
    sending through `gate`."""
    settings = {**file_settings(), "generation": dict(file_settings()["generation"])}
    if target.seed is not None:
        settings["seed"] = target.seed
    if target.examples is not None:
        settings["generation"]["max-examples"] = target.examples
    config = schemathesis.Config.from_dict(settings)
    schema: BaseSchema = schemathesis.openapi.from_dict(load_spec(), config=config)
    schema.config.update(headers=target.headers)
    return gated(schema if target.allow_writes else schema.exclude(method="POST"), gate)


def plain_create(target: Target, model_id: int | None) -> dict[str, Any] | None:
    """The create body every consumer sends, which no server may refuse: a known location and
    model, a plain serial number unique to this run, no identity (the server generates one).
    None when the location is not known: SPIRII_LOCATION_ID unset on a live target (on the
    bundled mock, the spec's example location)."""
    location_id = target.location_id
    if location_id is None and not target.is_live:
        location_id = load_spec()["components"]["schemas"]["CreateChargeBoxRequest"]["properties"][
            "locationId"
        ]["examples"][0]
    if location_id is None or model_id is None:
        return None
    return {
        "serialNumber": f"SN-CONTRACT-{secrets.token_hex(4).upper()}",
        "locationId": location_id,
        "modelId": model_id,
    }


def prepare(
    case: Case[Any], target: Target, model_id: int | None, remote_control_id: int | str | None
) -> None:
    """Adjust a case for the target before it is sent.

    Valid cases lose generated cursors, valid reset/reboot cases act on `remote_control_id` (see
    ContractRun.remote_control_id), and valid create bodies use a model the server supports
    (`model_id`: SPIRII_MODEL_ID, else one from its models list; "only select models") and the
    real location when SPIRII_LOCATION_ID names it. Invalid cases are left alone: they must
    still be rejected.
    """
    positive = case.meta is not None and case.meta.generation.mode.is_positive
    remote = remote_control_id
    if positive and remote is not None and case.operation.path in remote_control_paths():
        case.path_parameters = {**(case.path_parameters or {}), "id": remote}
    if positive and isinstance(case.query, dict):
        for cursor in _CURSORS:
            case.query.pop(cursor, None)
    if case.method.upper() != "POST" or not positive or not isinstance(case.body, dict):
        return
    if case.operation.path == COLLECTION:
        if target.location_id is not None:
            case.body["locationId"] = target.location_id
        if model_id is not None:
            case.body["modelId"] = model_id
