"""Within the vendor's limits: against a remote server the real guard never sends more than 600
reads or 120 writes in a minute, and spaces them at 90% of those limits.

The bundled mock, wrapped in a recorder, is served on loopback with SPIRII_CONTRACT_PACE=1, so
the guard paces it as it paces Spirii; every limit is judged from when requests arrived.
"""

from __future__ import annotations

import math

from contract_tests.permission import SAFE_METHODS
from drift.account import populated_store
from drift.recording import Recorder, most_in_window
from drift.runner import GuardVerdict, run_guard_at
from mock.server import create_app
from mock.serving import serving

KEY = "sk-test-pacing-3a9e71c4"
# The vendor's documented limits, and the share of them the guard paces at (guard.toml): the
# test's own statement of them, so a change of the settings is a reviewed change of this test.
READS_PER_MINUTE = 600
WRITES_PER_MINUTE = 120
PACED_SHARE = 0.9
# Windows shorter than a run, where a burst would show: a run is well under a minute.
SHORT_WINDOWS = (5, 10)


def _run(*, allow_writes: bool, examples: int) -> tuple[Recorder, GuardVerdict]:
    recorder = Recorder(create_app(api_key=KEY, store=populated_store(30)))
    with serving(recorder) as base_url:
        verdict = run_guard_at(
            base_url,
            KEY,
            allow_writes=allow_writes,
            examples=examples,
            environment={"SPIRII_CONTRACT_PACE": "1"},
        )
    return recorder, verdict


def _assert_paced(times: list[float], per_minute: int, kind: str) -> None:
    """At most `per_minute` in any minute, and no more in a short window than pacing allows."""
    in_a_minute = most_in_window(times, 60)
    assert in_a_minute <= per_minute, f"{in_a_minute} {kind} in 60 s, limit {per_minute}"
    paced = per_minute * PACED_SHARE
    widest = math.ceil(max(SHORT_WINDOWS) * paced / 60) + 1
    assert len(times) > widest, f"only {len(times)} {kind}: too few for the spacing to show"
    for seconds in SHORT_WINDOWS:
        allowed = math.ceil(seconds * paced / 60) + 1
        seen = most_in_window(times, seconds)
        assert seen <= allowed, (
            f"{seen} {kind} in {seconds} s; paced at {paced:.0f}/min allows {allowed}"
        )


def test_a_read_only_run_paces_its_reads() -> None:
    recorder, verdict = _run(allow_writes=False, examples=2)
    assert verdict.exit_code == 0, verdict.explain()
    assert recorder.methods() == verdict.summary["sent"], "the server saw other than was sent"
    assert set(recorder.methods()) <= SAFE_METHODS
    _assert_paced(recorder.times(SAFE_METHODS), READS_PER_MINUTE, "reads")


def test_a_writes_run_paces_reads_and_writes_apart() -> None:
    recorder, verdict = _run(allow_writes=True, examples=1)
    assert verdict.exit_code == 0, verdict.explain()
    assert recorder.methods() == verdict.summary["sent"], "the server saw other than was sent"
    writes = recorder.times(set(recorder.methods()) - SAFE_METHODS)
    assert recorder.methods()["POST"], "the run created nothing: the write limit went untested"
    _assert_paced(writes, WRITES_PER_MINUTE, "writes")
    _assert_paced(recorder.times(SAFE_METHODS), READS_PER_MINUTE, "reads")
