"""The create -> fetch -> list workflow: schemathesis' state machine over openapi.yaml's links."""

from __future__ import annotations

import contextlib
import itertools
import secrets
from typing import Any

import hypothesis
from schemathesis import Case, Response
from schemathesis.generation.stateful.state_machine import APIStateMachine
from schemathesis.schemas import BaseSchema

from contract_tests.checks import created_charge_box_is_fetchable
from contract_tests.paths import COLLECTION
from contract_tests.report import ContractRun
from contract_tests.schema import prepare
from contract_tests.session import TargetSession

# Fields a server may refuse to see twice (409): made unique per create, see _unique.
_UNIQUE_FIELDS = ("serialNumber", "chargeBoxIdentity")
_IDENTITY_LENGTH = 48


def run_workflow(schema: BaseSchema, base_url: str, run: ContractRun) -> None:
    """Run the workflow with schemathesis.toml's budgets: examples, and steps per scenario."""
    examples = schema.config.generation.max_examples
    if examples is None:
        raise ValueError("schemathesis.toml must set [generation] max-examples")
    workflow = _workflow_machine(schema, base_url, run)
    workflow.run(
        settings=hypothesis.settings(
            workflow.TestCase.settings,
            max_examples=examples,
            stateful_step_count=schema.config.phases.stateful.max_steps,
            database=None,
        )
    )


def _unique(case: Case[Any], suffixes: itertools.count[int], nonce: str) -> None:
    """Give a create's serial number and identity a suffix no other create of any run used.

    Hypothesis replays the choices that led to a step and demands the same draws follow
    (else FlakyStrategyDefinition). The workflow's next steps depend on whether a create was
    answered 201 (its link leads to a fetch) or 409, so a create must not succeed once and
    conflict on a replay, or on the next night's run against the same sandbox.
    """
    if case.method.upper() != "POST" or not isinstance(case.body, dict):
        return
    suffix = f"-{nonce}{next(suffixes)}"
    for name in _UNIQUE_FIELDS:
        value = case.body.get(name)
        if isinstance(value, str) and value.strip():
            # Within the identity's 48 characters (openapi.yaml's pattern): cut, then suffix.
            case.body[name] = value[: max(1, _IDENTITY_LENGTH - len(suffix))] + suffix


def _workflow_machine(schema: BaseSchema, base_url: str, run: ContractRun) -> type[APIStateMachine]:
    """The create -> fetch state machine, sending to `base_url` and recording to `run`.

    After each scenario, every charge box it created must be fetchable by its id.
    """
    base = schema.as_state_machine()
    fetch = schema[f"{COLLECTION}/{{id}}"]["GET"]
    suffixes = itertools.count(1)
    nonce = secrets.token_hex(3)

    @hypothesis.seed(schema.config.seed)
    class Workflow(base):  # type: ignore[valid-type, misc]
        def __init__(self) -> None:
            super().__init__()
            self.created: list[int] = []

        def get_call_kwargs(self, case: Case[Any]) -> dict[str, Any]:
            return {"base_url": base_url}

        def before_call(self, case: Case[Any]) -> None:
            prepare(case, run.target, run.model_id, run.remote_control_id())
            _unique(case, suffixes, nonce)

        def after_call(self, response: Response, case: Case[Any]) -> None:
            super().after_call(response, case)
            if (
                case.method.upper() == "POST"
                and case.operation.path == COLLECTION
                and response.status_code == 201
            ):
                # A 201 without a readable id is drift, for the checks to report; not a crash.
                with contextlib.suppress(ValueError):
                    created = response.json()
                    if isinstance(created, dict) and isinstance(created.get("id"), int):
                        self.created.append(created["id"])

        def validate_response(
            self, response: Response, case: Case[Any], *args: Any, **kwargs: Any
        ) -> None:
            # The same judge as every other answer's: a refused generated create is a warning.
            with run.judging(case, response):
                super().validate_response(response, case, *args, **kwargs)

        def teardown(self) -> None:
            if self.created:
                session = TargetSession(run.gate, base_url)
                try:
                    for chargebox_id in self.created:
                        with run.judging(fetch.Case(path_parameters={"id": chargebox_id})):
                            created_charge_box_is_fetchable(session, chargebox_id)
                finally:
                    session.close()
            super().teardown()

    return Workflow
