"""A live run changes nothing it did not create, and the key never reaches its output.

A server that records every request it receives is run against by the real guard, as
`make contract` runs it, read-only and with writes; then failing runs with a planted key go
through every failure path we can provoke.
"""

from __future__ import annotations

import json
import re
import socket
from collections.abc import Callable
from pathlib import Path

import pytest
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from contract_tests.target import TargetError, from_environment
from drift.account import populated_store
from drift.catalog import Drift
from drift.recording import Recorder
from drift.rewriting import Exchange
from drift.runner import ROOT, GuardVerdict, run_guard, run_guard_at
from mock.server import create_app
from mock.serving import serving

KEY = "sk-live-PLANTED-5e3c1b9f"
SAFE = {"GET", "HEAD", "OPTIONS"}
_CHARGEBOX = re.compile(r"^/v2/chargeboxes/(?P<id>[^/]+)")

# The plain runs on a populated account, each made once and read by several tests (a run is
# seconds of CPU); a fixture is a worker's own, so the tests that read one run on one worker.
READ_ONLY = pytest.mark.xdist_group("live-safety-read-only")
WRITES = pytest.mark.xdist_group("live-safety-writes")
PlainRun = tuple[Recorder, GuardVerdict]


def _plain_run(*, writes: bool) -> PlainRun:
    """The guard on a populated account of five, with no settings but writes."""
    recorder = Recorder(create_app(api_key=KEY, store=populated_store(5)))
    return recorder, run_guard(recorder, KEY, allow_writes=writes)


@pytest.fixture(scope="module")
def read_only_run() -> PlainRun:
    return _plain_run(writes=False)


@pytest.fixture(scope="module")
def writes_run() -> PlainRun:
    return _plain_run(writes=True)


@READ_ONLY
def test_a_read_only_run_sends_only_safe_methods(read_only_run: PlainRun) -> None:
    recorder, verdict = read_only_run
    assert verdict.exit_code == 0, verdict.explain()
    methods = {method for method, _ in recorder.requests}
    assert methods <= SAFE, sorted(methods - SAFE)
    assert verdict.summary["withheld"], "the coverage phase's probes were not withheld"
    assert verdict.summary["account"]["complete"] is True
    assert verdict.summary["account"]["fetched"] == 5


@WRITES
def test_a_writes_run_changes_only_what_it_created(writes_run: PlainRun) -> None:
    recorder, verdict = writes_run
    assert verdict.exit_code == 0, verdict.explain()
    assert recorder.created, "the run created nothing: the writes path was not exercised"
    changing = [(m, p) for m, p in recorder.requests if m not in SAFE]
    for method, path in changing:
        match = _CHARGEBOX.match(path)
        if path == "/v2/chargeboxes":
            assert method == "POST", (method, path)
        else:
            assert match is not None, (method, path)
            assert match["id"] in recorder.created, f"{method} {path}: not created by the run"
    assert sorted(map(str, verdict.summary["created_ids"])) == sorted(recorder.created)


def _no_key_anywhere(verdict: GuardVerdict) -> None:
    assert KEY not in verdict.stdout
    assert KEY not in verdict.stderr
    for path in verdict.reports_dir.rglob("*"):
        assert KEY not in path.read_text(encoding="utf-8", errors="replace"), path


class _EchoingKey:
    """A server that sends the Authorization header it got back as a created charge box's
    `createdAt`: the failure report quotes the value it saw, key and all."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = dict(scope.get("headers", []))
        echoed = headers.get(b"authorization", b"").decode("latin-1")
        chunks: list[bytes] = []
        start: dict[str, object] = {}

        async def buffer(message: Message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
            else:
                chunks.append(message.get("body", b""))

        await self.app(scope, receive, buffer)
        body = b"".join(chunks)
        if start.get("status") == 201:
            document = json.loads(body) | {"createdAt": echoed}
            body = json.dumps(document).encode()
        raw_headers = [(k, v) for k, v in start["headers"] if k != b"content-length"]  # type: ignore[attr-defined]
        raw_headers.append((b"content-length", str(len(body)).encode()))
        await send({**start, "headers": raw_headers})
        await send({"type": "http.response.body", "body": body})


def test_the_key_is_masked_when_the_server_echoes_it_into_a_failure() -> None:
    verdict = run_guard(_EchoingKey(create_app(api_key=KEY)), KEY)
    assert verdict.exit_code == 1, verdict.explain()
    assert "[redacted]" in verdict.stdout  # the echoed key was there, and was masked
    _no_key_anywhere(verdict)


def test_the_key_is_masked_when_the_server_cannot_be_reached() -> None:
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    verdict = run_guard_at(f"http://127.0.0.1:{port}", KEY)
    assert verdict.exit_code == 4, verdict.explain()
    assert "cannot be reached" in verdict.stdout + verdict.stderr
    _no_key_anywhere(verdict)


@pytest.mark.parametrize("status", [401, 403])
def test_a_refused_key_cannot_check_and_says_so(status: int) -> None:
    async def refusing(scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": status, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    verdict = run_guard(refusing, KEY)
    assert verdict.exit_code == 4, verdict.explain()
    _no_key_anywhere(verdict)


def test_a_key_too_short_to_mask_safely_is_refused() -> None:
    """Masking a one-letter key would mask ordinary words and break the JSON report."""
    with pytest.raises(TargetError, match="at least 8 characters"):
        from_environment(
            {"SPIRII_BASE_URL": "https://sandbox.api.spirii.com", "SPIRII_API_KEY": "k"}
        )


# Planted into the guard's own process by a pytest plugin: failures that are not the server's,
# each carrying the key in its message the way a traceback or a strategy's repr would.
_CRASHES = {
    "a crash of the guard's own code": (
        "contract_tests.account",
        "walk_account",
        'RuntimeError(f\'walk broke with headers={{"Authorization": "Bearer {key}"}}\')',
    ),
    "a Hypothesis error": (
        "contract_tests.workflow",
        "_unique",
        "hypothesis.errors.FlakyStrategyDefinition("
        'f\'Inconsistent data generation: headers={{"Authorization": "Bearer {key}"}}\')',
    ),
}


@pytest.mark.parametrize("crash", sorted(_CRASHES))
def test_the_key_is_masked_when_the_guard_itself_fails(crash: str, tmp_path: Path) -> None:
    module, function, error = _CRASHES[crash]
    (tmp_path / "planted_crash.py").write_text(
        "import os\nimport hypothesis.errors\nimport " + module + "\n\n"
        "def _crash(*args, **kwargs):\n"
        "    key = os.environ['SPIRII_API_KEY']\n"
        f"    raise {error}\n\n"
        "def pytest_configure(config):\n"
        f"    {module}.{function} = _crash\n",
        encoding="utf-8",
    )
    environment = {"PYTHONPATH": f"{tmp_path}:{ROOT}", "PYTEST_ADDOPTS": "-p planted_crash"}
    with serving(create_app(api_key=KEY, store=populated_store(5))) as base_url:
        verdict = run_guard_at(base_url, KEY, environment=environment)
    assert verdict.exit_code == 3, verdict.explain()  # the guard's own error, not drift
    assert "the guard's own error, not drift" in verdict.stdout
    assert "Bearer [redacted]" in verdict.stdout + verdict.stderr
    _no_key_anywhere(verdict)


_REMOTE_CONTROL = re.compile(r"^/v2/chargeboxes/(?P<id>[^/]+)/(reset|reboot)$")


def _remote_controlled(recorder: Recorder) -> set[str]:
    """The ids that a reset or reboot reached."""
    return {
        match["id"]
        for method, path in recorder.requests
        if method == "POST" and (match := _REMOTE_CONTROL.match(path))
    }


@pytest.mark.parametrize(
    "plain_run",
    [
        pytest.param("read_only_run", marks=READ_ONLY, id="read-only"),
        pytest.param("writes_run", marks=WRITES, id="writes"),
    ],
)
def test_without_the_remote_control_settings_no_reset_or_reboot_is_sent(
    plain_run: str, request: pytest.FixtureRequest
) -> None:
    recorder, verdict = request.getfixturevalue(plain_run)
    assert verdict.exit_code == 0, verdict.explain()
    assert _remote_controlled(recorder) == set()


def test_with_the_remote_control_settings_only_the_named_charge_box_is_reset() -> None:
    store = populated_store(5)
    store.set_online(3, online=True)  # so that it accepts, as a connected charger does
    recorder = Recorder(create_app(api_key=KEY, store=store))
    environment = {"SPIRII_ALLOW_REMOTE_CONTROL": "1", "SPIRII_REMOTE_CONTROL_CHARGEBOX_ID": "3"}
    verdict = run_guard(recorder, KEY, allow_writes=True, environment=environment)
    assert verdict.exit_code == 0, verdict.explain()
    assert _remote_controlled(recorder) == {"3"}


@pytest.mark.parametrize(
    "keep",
    [
        pytest.param(False, marks=WRITES, id="clean-up"),
        pytest.param(True, id="SPIRII_KEEP_CREATED"),
    ],
)
def test_a_writes_run_deletes_what_it_created_and_nothing_else(
    keep: bool, request: pytest.FixtureRequest
) -> None:
    if keep:
        recorder = Recorder(create_app(api_key=KEY, store=populated_store(5)))
        environment = {"SPIRII_KEEP_CREATED": "1"}
        verdict = run_guard(recorder, KEY, allow_writes=True, environment=environment)
    else:
        recorder, verdict = request.getfixturevalue("writes_run")
    assert verdict.exit_code == 0, verdict.explain()
    deleted = {path.rsplit("/", 1)[1] for method, path in recorder.requests if method == "DELETE"}
    assert recorder.created, "the run created nothing"
    assert deleted == (set() if keep else recorder.created)


def _delete_answers(status: int, body: bytes) -> Callable[[Exchange], None]:
    def rewrite(exchange: Exchange) -> None:
        if exchange.method == "DELETE" and exchange.status // 100 == 2:
            exchange.status, exchange.body, exchange.raw = status, None, body
            exchange.response_headers.pop("content-type", None)

    return rewrite


# On a populated account (the boxes the run did not create must be left alone).
_CLEAN_UPS = {
    # A NestJS void handler: provisional, so a warning, and every box is still deleted.
    "an empty 200": (Drift("", None, exchange=_delete_answers(200, b""), account=30), 0, set()),
    # Every DELETE fails a check: drift, but the clean-up tries every box and lists them all.
    "a 500 each time": (
        Drift("", None, exchange=_delete_answers(500, b"Internal error"), account=30),
        1,
        {"answered 500"},
    ),
    # Ids that come back as strings are drift, and still tracked and deleted.
    "ids as strings": (
        Drift("", None, chargebox=lambda box: box | {"id": str(box["id"])}, account=30),
        1,
        set(),
    ),
}


@pytest.mark.parametrize("case", sorted(_CLEAN_UPS))
def test_the_clean_up_deletes_everything_it_created_whatever_the_answers(case: str) -> None:
    drift, exit_code, reasons = _CLEAN_UPS[case]
    recorder = Recorder(drift.app(KEY))
    verdict = run_guard(recorder, KEY, allow_writes=True)
    assert verdict.exit_code == exit_code, verdict.explain()
    deleted = [path.rsplit("/", 1)[1] for method, path in recorder.requests if method == "DELETE"]
    assert recorder.created, "the run created nothing"
    assert recorder.created <= set(deleted), "a charge box the run created was never deleted"
    assert set(deleted) <= recorder.created, "a DELETE reached a charge box the run did not create"
    assert sorted(map(str, verdict.summary["created_ids"])) == sorted(recorder.created)
    not_deleted = verdict.summary["not_deleted"]
    assert set(not_deleted.values()) == reasons
    if reasons:
        assert set(not_deleted) == recorder.created
        assert f"NOT DELETED at the end of the run ({len(recorder.created)})" in verdict.stdout
    else:
        assert "all deleted at the end of the run" in verdict.stdout
