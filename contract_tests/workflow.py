"""The create -> fetch -> list workflow: schemathesis' state machine over openapi.yaml's links."""

from __future__ import annotations

from typing import Any

import hypothesis
from schemathesis import Case, Response
from schemathesis.generation.stateful.state_machine import APIStateMachine
from schemathesis.schemas import BaseSchema

from contract_tests.checks import created_charge_box_is_fetchable
from contract_tests.report import ContractRun
from contract_tests.schema import prepare
from contract_tests.target import Target
from contract_tests.traffic import target_client


def run_workflow(schema: BaseSchema, target: Target, base_url: str, run: ContractRun) -> None:
    """Run the workflow with schemathesis.toml's budgets: examples, and steps per scenario."""
    examples = schema.config.generation.max_examples
    if examples is None:
        raise ValueError("schemathesis.toml must set [generation] max-examples")
    workflow = _workflow_machine(schema, target, base_url, run)
    workflow.run(
        settings=hypothesis.settings(
            workflow.TestCase.settings,
            max_examples=examples,
            stateful_step_count=schema.config.phases.stateful.max_steps,
            database=None,
        )
    )


def _workflow_machine(
    schema: BaseSchema, target: Target, base_url: str, run: ContractRun
) -> type[APIStateMachine]:
    """The create -> fetch state machine, sending to `base_url` and recording to `run`.

    After each scenario, every charge box it created must be fetchable by its id.
    """
    base = schema.as_state_machine()

    @hypothesis.seed(schema.config.seed)
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
                    created_charge_box_is_fetchable(client, self.created)
            super().teardown()

    return Workflow
