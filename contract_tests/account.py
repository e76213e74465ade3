"""The guard's own tour of the target's account: the read-only walk (every page of the list, and a
sample of the charge boxes found there fetched one by one), which runs on every target, and the
clean-up that deletes what a writes run created.

Fuzzing only reads what its generated requests happen to reach; a drift in one charge box far
down a real account's list is seen only by reading the list to its end.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from schemathesis import Case
from schemathesis.schemas import BaseSchema
from schemathesis.specs.openapi.checks import ignored_auth

from contract_tests.checks import listed_charge_box_matches_fetched
from contract_tests.traffic import COLLECTION, Gate, TargetSession

PAGE_SIZE = 100  # the vendor's largest page: fewest requests under its read limit
SAMPLE_SIZE = 20  # charge boxes fetched by id, spread over the whole list


@dataclass
class AccountWalk:
    """What the walk read: pages, charge boxes, ids fetched; whether it reached the list's end."""

    pages: int = 0
    chargeboxes: int = 0
    fetched: int = 0
    complete: bool = False
    page_budget: int = 0
    stopped_by: str = ""  # why the walk ended early, other than its budget

    def summary(self) -> str:
        """One line for the run's report."""
        if self.complete:
            reach = "the whole list"
        elif self.stopped_by:
            reach = f"stopped after {self.pages} pages: {self.stopped_by}"
        else:
            reach = (
                f"stopped after {self.pages} pages (the budget, SPIRII_CONTRACT_MAX_PAGES="
                f"{self.page_budget}): the account has more"
            )
        pages = f"{self.pages} page{'' if self.pages == 1 else 's'}"
        return (
            f"account read: {pages} of up to {PAGE_SIZE}, {self.chargeboxes} charge "
            f"box{'' if self.chargeboxes == 1 else 'es'}, {self.fetched} fetched by id; {reach}"
        )


def spread(ids: list[int], count: int) -> list[int]:
    """Up to `count` of `ids`, evenly spaced from the first to the last."""
    if len(ids) <= count:
        return list(ids)
    step = (len(ids) - 1) / (count - 1)
    return [ids[round(index * step)] for index in range(count)]


def _read(case: Case[Any], session: TargetSession, path: str, query: dict[str, Any]) -> Any:
    """The answer's JSON body when it is a 200, else None; either way, checked like any case's."""
    response = session.get(path, params=query)
    # Every configured check but ignored_auth, whose probes are the fuzzing cases' business: it
    # takes the key the session adds for one the case generated.
    case.validate_response(response, excluded_checks=[ignored_auth])
    return response.json() if response.status_code == 200 else None


def walk_account(schema: BaseSchema, session: TargetSession, walk: AccountWalk) -> None:
    """Read every page (up to the budget), then fetch a sample; every answer goes through the
    same checks as any case's, and each fetched charge box must agree with its list entry."""
    list_operation = schema[COLLECTION]["GET"]
    listed: dict[int, dict[str, Any]] = {}
    cursor: str | None = None
    while walk.pages < walk.page_budget:
        query: dict[str, Any] = {"limit": PAGE_SIZE}
        if cursor:
            query["nextPageCursor"] = cursor
        page = _read(list_operation.Case(query=query), session, COLLECTION, query)
        if page is None:
            walk.stopped_by = f"page {walk.pages + 1} was not answered 200"
            break
        walk.pages += 1
        for box in page["data"]:
            listed[box["id"]] = box
        walk.chargeboxes = len(listed)
        cursor = page.get("nextPageCursor")
        if not cursor:
            walk.complete = True
            break
    fetch_operation = schema[f"{COLLECTION}/{{id}}"]["GET"]
    for chargebox_id in spread(list(listed), SAMPLE_SIZE):
        case = fetch_operation.Case(path_parameters={"id": chargebox_id})
        fetched = _read(case, session, f"{COLLECTION}/{chargebox_id}", {})
        if fetched is not None:
            walk.fetched += 1
            listed_charge_box_matches_fetched(listed[chargebox_id], fetched)


def delete_created(schema: BaseSchema, session: TargetSession, gate: Gate) -> None:
    """Delete every charge box the run created and has not deleted, checking each answer."""
    delete_operation = schema[f"{COLLECTION}/{{id}}"]["DELETE"]
    for chargebox_id in [i for i in gate.created_ids if i not in gate.deleted_ids]:
        case = delete_operation.Case(path_parameters={"id": chargebox_id})
        response = session.delete(f"{COLLECTION}/{chargebox_id}")
        case.validate_response(response, excluded_checks=[ignored_auth])


def supported_model_id(session: TargetSession) -> int | None:
    """A model the server supports for creates: the first of its models list, or None."""
    answer = session.get(f"{COLLECTION}/models")
    if answer.status_code != 200:
        return None
    body = answer.json()
    models = body.get("data") if isinstance(body, dict) else None
    first = models[0] if isinstance(models, list) and models else None
    model_id = first.get("id") if isinstance(first, dict) else None
    return model_id if isinstance(model_id, int) else None
