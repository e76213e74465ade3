"""The drift guard: every operation of openapi.yaml, and the create -> fetch -> list workflow,
property-tested against the target server (see target.py). A failure here is drift."""

from __future__ import annotations

from typing import Any

import hypothesis
import pytest
from schemathesis import Case

from contract_tests import checks  # noqa: F401  (registers the guard's own checks)
from contract_tests.report import ContractRun
from contract_tests.target import from_environment
from contract_tests.wiring import (
    check_created_are_listed,
    load_schema,
    prepare,
    target_client,
    workflow_machine,
)

TARGET = from_environment()
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
    workflow = workflow_machine(schema, TARGET, base_url, contract_run)
    with contract_run.recording_warnings():
        workflow.run(
            settings=hypothesis.settings(
                workflow.TestCase.settings,
                max_examples=TARGET.examples or schema.config.generation.max_examples or 25,
                stateful_step_count=schema.config.phases.stateful.max_steps or 6,
                database=None,
            )
        )
    with target_client(TARGET, base_url) as client:
        check_created_are_listed(client, contract_run.created_ids)
