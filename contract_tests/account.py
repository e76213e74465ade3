"""The guard's own tour of the target's account: the read-only walk (every page of the list, and a
sample of the charge boxes found there fetched one by one), which runs on every target, and the
clean-up that deletes what a writes run created.

Fuzzing only reads what its generated requests happen to reach; a drift in one charge box far
down a real account's list is seen only by reading the list to its end.
"""

from __future__ import annotations

from typing import Any

import requests
from schemathesis import Case
from schemathesis.schemas import BaseSchema
from schemathesis.specs.openapi.checks import ignored_auth

from contract_tests.budget import OutOfTime
from contract_tests.checks import (
    Findings,
    failures_in,
    listed_charge_box_matches_fetched,
    witness,
)
from contract_tests.paths import COLLECTION, id_segment
from contract_tests.permission import Withheld
from contract_tests.record import AccountWalk
from contract_tests.report import ContractRun
from contract_tests.session import TargetSession, json_of, list_pages
from contract_tests.settings import settings


def spread(ids: list[str], count: int) -> list[str]:
    """Up to `count` of `ids`, evenly spaced from the first to the last."""
    if len(ids) <= count:
        return list(ids)
    step = (len(ids) - 1) / (count - 1)
    return [ids[round(index * step)] for index in range(count)]


class Judged:
    """The answers of the guard's own requests, checked like any case's: drift is collected, not
    raised at the first one, so a walk reads on and reports everything it saw."""

    def __init__(self, session: TargetSession, base_url: str) -> None:
        self.session, self.base_url = session, base_url
        self.found: list[BaseException] = []

    def check(self, case: Case[Any], response: requests.Response) -> None:
        """Run every configured check on `response` (ignored_auth aside: its probes are the
        fuzzing cases' business, and it would take the session's key for one the case made)."""
        try:
            case.validate_response(response, excluded_checks=[ignored_auth])
        except (AssertionError, BaseExceptionGroup) as error:
            for failure in failures_in(error):
                self.add(case, failure)

    def add(self, case: Case[Any], failure: BaseException) -> None:
        """Keep `failure`, recorded as the drift it is in `case`."""
        witness(case, failure, self.session.headers, self.base_url)
        self.found.append(failure)

    def raise_found(self, what: str) -> None:
        """Raise everything found, if anything was."""
        if self.found:
            raise Findings(what, self.found)


def walk_account(
    schema: BaseSchema, session: TargetSession, base_url: str, walk: AccountWalk
) -> None:
    """Read every page (up to the budget), then fetch a sample. Every answer goes through the same
    checks as any case's, and each fetched charge box must agree with its list entry; a page off
    the contract is reported and the walk reads on, as long as the page still says where the
    next one is. Everything found is raised at the end, together."""
    judged = Judged(session, base_url)
    listed: dict[str, dict[str, Any]] = {}
    try:
        _read_pages(schema, session, walk, judged, listed)
        _fetch_sample(schema, session, walk, judged, listed)
    except OutOfTime:
        walk.stopped_by = walk.stopped_by or "the run's time budget ran out"
    judged.raise_found("the account walk")


def _read_pages(
    schema: BaseSchema,
    session: TargetSession,
    walk: AccountWalk,
    judged: Judged,
    listed: dict[str, dict[str, Any]],
) -> None:
    """Every page of the list into `listed`, each checked, until the end or the page budget."""
    list_operation = schema[COLLECTION]["GET"]
    for query, response in list_pages(session, settings().walk.page_size, walk.page_budget):
        judged.check(list_operation.Case(query=query), response)
        page = json_of(response) if response.status_code == 200 else None
        boxes = page.get("data") if isinstance(page, dict) else None
        if not isinstance(page, dict) or not isinstance(boxes, list):
            walk.stopped_by = f"page {walk.pages + 1} was not a readable 200 page"
            return
        walk.pages += 1
        for box in boxes:
            segment = id_segment(box.get("id")) if isinstance(box, dict) else None
            if segment is not None:
                listed[segment] = box
        walk.chargeboxes = len(listed)
        following = page.get("nextPageCursor")
        walk.complete = not (isinstance(following, str) and following)


def _fetch_sample(
    schema: BaseSchema,
    session: TargetSession,
    walk: AccountWalk,
    judged: Judged,
    listed: dict[str, dict[str, Any]],
) -> None:
    """Fetch a sample of `listed` by id, each checked and compared with its list entry."""
    fetch_operation = schema[f"{COLLECTION}/{{id}}"]["GET"]
    for segment in spread(list(listed), settings().walk.sample_size):
        case = fetch_operation.Case(path_parameters={"id": segment})
        response = session.get(f"{COLLECTION}/{segment}")
        judged.check(case, response)
        if response.status_code == 200:
            walk.fetched += 1
            try:
                listed_charge_box_matches_fetched(listed[segment], json_of(response))
            except AssertionError as failure:
                judged.add(case, failure)


def delete_created(
    schema: BaseSchema, session: TargetSession, base_url: str, run: ContractRun
) -> None:
    """Delete every charge box the run created and has not deleted, whatever each answer looks
    like; each answer is judged like any case's (DELETE is provisional: a shape off the guess is a
    warning). What could not be deleted is listed in the summary; drift is raised at the end."""
    gate = run.gate
    gate.budget.start_cleanup()
    judged = Judged(session, base_url)
    delete_operation = schema[f"{COLLECTION}/{{id}}"]["DELETE"]
    drift: list[BaseException] = []
    for segment in gate.not_deleted():
        case = delete_operation.Case(path_parameters={"id": segment})
        try:
            response = session.delete(f"{COLLECTION}/{segment}")
        except (requests.RequestException, Withheld, OutOfTime) as error:
            gate.undeleted[segment] = f"not answered ({type(error).__name__})"
            continue
        if not 200 <= response.status_code < 300:
            gate.undeleted[segment] = f"answered {response.status_code}"
        try:
            with run.recording_warnings(), run.judging(case):
                judged.check(case, response)
                judged.raise_found("the clean-up")
        except (AssertionError, BaseExceptionGroup) as error:
            drift += failures_in(error)
        judged.found.clear()
    if drift:
        raise Findings("the clean-up", drift)


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
