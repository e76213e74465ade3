"""The guard's own requests to the target (the list walks, fetches by id, the clean-up's
deletes), sent through the run's gate: an HTTP session, the one walk of the list, and the first
read that says whether the target can be checked at all."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import requests

from contract_tests.gate import Gate
from contract_tests.paths import COLLECTION


class TargetSession:
    """The guard's own requests (list walks, fetches by id), sent through the run's gate."""

    def __init__(self, gate: Gate, base_url: str) -> None:
        self._gate, self._base_url = gate, base_url
        self._session = requests.Session()
        self._session.headers.update(gate.target.headers)

    def get(self, path: str, params: Mapping[str, str | int] | None = None) -> requests.Response:
        """GET `path` from the target (30 s timeout), as the gate allows."""
        url = f"{self._base_url}{path}"
        return self._gate.send(
            "GET", path, lambda: self._session.get(url, params=params, timeout=30)
        )

    @property
    def headers(self) -> dict[str, str]:
        """The headers every request of the session carries (the key, as a redacting Secret)."""
        return self._gate.target.headers

    def post(self, path: str, body: Any) -> requests.Response:
        """POST `body` as JSON to `path` (30 s timeout), as the gate allows."""
        url = f"{self._base_url}{path}"
        return self._gate.send("POST", path, lambda: self._session.post(url, json=body, timeout=30))

    def delete(self, path: str) -> requests.Response:
        """DELETE `path` on the target (30 s timeout), as the gate allows."""
        url = f"{self._base_url}{path}"
        return self._gate.send("DELETE", path, lambda: self._session.delete(url, timeout=30))

    def close(self) -> None:
        """Close the connections."""
        self._session.close()


def json_of(response: requests.Response) -> Any:
    """The JSON body of an answer, or None when it has none or it is not JSON."""
    try:
        return response.json()
    except ValueError:
        return None


def list_pages(
    session: TargetSession, page_size: int, max_pages: int
) -> Iterator[tuple[dict[str, Any], requests.Response]]:
    """The list, page by page: (the query sent, its answer), following `nextPageCursor` while a
    200 page names a next one, for at most `max_pages` pages. The last answer may be an error:
    the caller judges it. The one walk of the list; the account walk and the workflow's check
    differ only in page size."""
    cursor: str | None = None
    for _ in range(max_pages):
        query: dict[str, Any] = {"limit": page_size}
        if cursor:
            query["nextPageCursor"] = cursor
        response = session.get(COLLECTION, params=query)
        yield query, response
        page = json_of(response) if response.status_code == 200 else None
        following = page.get("nextPageCursor") if isinstance(page, dict) else None
        if not (isinstance(following, str) and following):
            return
        cursor = following


def unreachable_reason(gate: Gate, base_url: str) -> str | None:
    """Why the guard cannot check this server at all (unreachable, key refused), or None.

    One read before the run, so a wrong URL or key is reported as what it is, not as a
    hundred "valid data rejected" failures.
    """
    session = TargetSession(gate, base_url)
    try:
        answer = session.get(COLLECTION, params={"limit": 1})
    except requests.RequestException as error:
        return f"{base_url} cannot be reached ({_plainly(error)}): check SPIRII_BASE_URL"
    finally:
        session.close()
    if answer.status_code in (401, 403):
        return (
            f"{base_url} refused SPIRII_API_KEY ({answer.status_code} on GET {COLLECTION}): "
            "check the key and its permissions"
        )
    if answer.status_code == 404:
        # The collection every account has: a 404 says the URL is not the API root (a /v2 too
        # many, another host), and a hundred failures would call that drift.
        return (
            f"{base_url} answered 404 for GET {COLLECTION}: SPIRII_BASE_URL must be the API "
            "root, e.g. https://sandbox.api.spirii.com (without /v2)"
        )
    return None


def _plainly(error: requests.RequestException) -> str:
    """What went wrong with a connection, in a few words rather than urllib3's whole chain."""
    text = str(error)
    for marker, said in (
        ("Connection refused", "connection refused"),
        ("Name or service not known", "host name not resolved"),
        ("nodename nor servname", "host name not resolved"),
        ("Temporary failure in name resolution", "host name not resolved"),
        ("CERTIFICATE_VERIFY_FAILED", "TLS certificate not trusted"),
        ("timed out", "timed out"),
    ):
        if marker in text:
            return said
    return f"{type(error).__name__}: {text[:200]}"
