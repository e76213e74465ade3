"""The real guard paces a real server: run as `make contract` runs it, against the bundled mock on
loopback with SPIRII_CONTRACT_PACE=1 (so that it is paced as Spirii is), its reads arrive spaced
at their pace, only safe methods on a read-only run, a writes run still creates and cleans up,
and the server saw exactly what the summary says was sent.

The limits themselves (600 reads, 120 writes and 30 resets or reboots a minute, spaced at 90%)
are proven on the gate over simulated minutes, in tests/test_pacing.py; this run lasts seconds,
and is judged in windows of seconds.
"""

from __future__ import annotations

import pytest

from contract_tests.permission import SAFE_METHODS
from drift.account import populated_store
from drift.recording import Recorder
from drift.runner import run_guard_at
from mock.server import create_app
from mock.serving import serving
from tests.test_pacing import READS_PER_MINUTE, assert_paced

KEY = "sk-test-pacing-3a9e71c4"
# The account walk (a read of the list, twenty fetches by id) and the models list, so that every
# read is answered and the run is conclusive: 31 reads, a few seconds at their pace. With
# writes, the plain create and the clean-up's delete too.
SELECTED = "test_account_reads_back or models"
WITH_WRITES = (
    f"{SELECTED} or test_a_plain_create_is_accepted or test_what_the_run_created_is_deleted"
)
# Windows a run of a few seconds spans, where a burst would show (unpaced, the loopback server
# gets dozens of reads a second).
WINDOWS = (1, 2)
# Arrival times on a loaded two-core machine: a request held up more than one interval (0.11 s)
# lands beside the next. Exact spacing is proven on the gate itself (tests/test_pacing.py).
ARRIVAL_JITTER = 2


@pytest.mark.parametrize("writes", [False, True], ids=["read-only", "writes"])
def test_a_paced_run_spaces_its_reads_and_reports_what_it_sent(writes: bool) -> None:
    recorder = Recorder(create_app(api_key=KEY, store=populated_store(30)))
    selected = WITH_WRITES if writes else SELECTED
    with serving(recorder) as base_url:
        verdict = run_guard_at(
            base_url,
            KEY,
            allow_writes=writes,
            examples=1,
            environment={"SPIRII_CONTRACT_PACE": "1", "PYTEST_ADDOPTS": f"-k '{selected}'"},
        )
    assert verdict.exit_code == 0, verdict.explain()
    assert verdict.summary["account"]["fetched"] == 20, "the walk did not run as meant"
    assert recorder.methods() == verdict.summary["sent"], "the server saw other than was sent"
    if writes:
        assert recorder.created, "the run created nothing: its writes went unpaced or unsent"
        assert recorder.methods()["DELETE"] == len(recorder.created)
    else:
        assert set(recorder.methods()) <= SAFE_METHODS
    assert_paced(
        recorder.times(SAFE_METHODS), READS_PER_MINUTE, "reads", WINDOWS, jitter=ARRIVAL_JITTER
    )
