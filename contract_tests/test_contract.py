"""The drift guard: every operation of openapi.yaml, and the create -> fetch -> list workflow,
property-tested against the target server (see target.py). A failure here is drift."""

from __future__ import annotations

from typing import Any

import pytest
from schemathesis import Case

from contract_tests import checks
from contract_tests.report import ContractRun
from contract_tests.schema import load_schema, prepare
from contract_tests.target import configured
from contract_tests.traffic import target_client
from contract_tests.workflow import run_workflow

TARGET = configured()
schema = load_schema(TARGET)


@schema.parametrize()
def test_operation_conforms(case: Case[Any], base_url: str, contract_run: ContractRun) -> None:
    """Each generated request, valid or not, gets an answer the contract allows."""
    prepare(case, TARGET)
    response = case.call(base_url=base_url)
    contract_run.record(case, response)
    with contract_run.recording_warnings():
        case.validate_response(response)


def test_create_fetch_list_workflow(base_url: str, contract_run: ContractRun) -> None:
    """Chains of create -> fetch by id, then one walk of the list: every charge box the run
    created can be fetched and is listed exactly once."""
    if not TARGET.allow_writes:
        pytest.skip("live target without SPIRII_ALLOW_WRITES=1: the workflow creates charge boxes")
    with contract_run.recording_warnings():
        run_workflow(schema, TARGET, base_url, contract_run)
    with target_client(TARGET, base_url) as client:
        checks.created_charge_box_is_listed(client, contract_run.created_ids)
