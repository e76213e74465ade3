"""Schemathesis sends through the gate: its transport, wrapped, so that its cases, workflow steps
and the probes of its checks (ignored_auth's requests without a key) pass where the guard's own
requests pass."""

from __future__ import annotations

from typing import Any

from schemathesis import Case, Response
from schemathesis.schemas import BaseSchema

from contract_tests.gate import Gate


class _GatedTransport:
    """Schemathesis' transport, with every send (cases, workflow steps, probes) through the gate."""

    def __init__(self, inner: Any, gate: Gate) -> None:
        self._inner, self._gate = inner, gate

    def send(self, case: Case[Any], **kwargs: Any) -> Response:
        response: Response = self._gate.send(
            case.method, case.formatted_path, lambda: self._inner.send(case, **kwargs)
        )
        return response

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


def gated(schema: BaseSchema, gate: Gate) -> BaseSchema:
    """`schema`, sending everything through `gate`.

    Schemathesis looks its transport up on the schema for every case and every probe of its
    checks, so the schema's `transport` is the one place they all pass.
    """
    transport = _GatedTransport(schema.transport, gate)
    schema.__class__ = type(
        f"Gated{type(schema).__name__}",
        (type(schema),),
        {"transport": property(lambda _: transport)},
    )
    return schema
