"""`make stability`: consecutive guard runs against one long-lived server, state kept between runs
(as on a sandbox), with and without writes, over several seeds. Every run must conform: any other
verdict is a false alarm. Prints one line a run and the count.

STABILITY_RUNS (default 24) sets how many; the server is the bundled mock holding a few charge
boxes before the first run.
"""

from __future__ import annotations

import itertools
import os
import sys

from drift.account import populated_store
from drift.runner import run_guard_at
from mock.server import create_app
from mock.serving import serving

API_KEY = "stability-key"
SEEDS = (20250127, 1, 2, 3, 4, 5)


def main() -> int:
    """Run the guard STABILITY_RUNS times in a row; exit 1 on any false alarm."""
    runs = int(os.environ.get("STABILITY_RUNS", "24"))
    store = populated_store(5)
    plan = itertools.islice(itertools.cycle(itertools.product(SEEDS, (True, False))), runs)
    alarms = 0
    with serving(create_app(api_key=API_KEY, store=store)) as base_url:
        for number, (seed, writes) in enumerate(plan, start=1):
            verdict = run_guard_at(base_url, API_KEY, seed=seed, allow_writes=writes)
            alarms += verdict.exit_code != 0
            mode = "writes" if writes else "read-only"
            print(
                f"run {number:>2}: seed {seed:>8}, {mode:<9} exit {verdict.exit_code} "
                f"checks {sorted(verdict.checks) or '-'} ({verdict.wall_seconds:.1f} s)",
                flush=True,
            )
    print(f"false alarms: {alarms} of {runs} runs against one long-lived server")
    return 1 if alarms else 0


if __name__ == "__main__":
    sys.exit(main())
