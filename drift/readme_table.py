"""Writes the drift catalog's last run into README.md: drift -> check that catches it -> time.

Run by `make catalog` after the catalog tests, which leave reports/drift-catalog.json.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "reports" / "drift-catalog.json"
README = ROOT / "README.md"
START, END = "<!-- drift-catalog:start -->", "<!-- drift-catalog:end -->"


def render(entries: list[dict[str, Any]]) -> str:
    """The Markdown table of one catalog run."""
    rows = [
        "| drift | expected verdict | checks that failed | exit | time to detection |",
        "|---|---|---|---|---|",
    ]
    for entry in entries:
        expected = entry["caught_by"] or (
            "tolerated, with a warning" if entry["warns"] else "tolerated"
        )
        seconds = entry["seconds_to_detect"]
        rows.append(
            f"| {entry['name']} | {expected} | {', '.join(entry['checks']) or '-'} "
            f"| {entry['exit_code']} | {'-' if seconds is None else f'{seconds:.1f} s'} |"
        )
    return "\n".join(rows)


def main() -> None:
    """Replace the table between the README's markers with the last run's."""
    if not RESULTS.exists():
        sys.exit(f"{RESULTS} not found: run `make catalog` (the catalog tests write it)")
    run = json.loads(RESULTS.read_text(encoding="utf-8"))
    table = (
        f"Last run: seed {run['seed']}, {run['examples']} examples per operation "
        f"(`make catalog`).\n\n{render(run['entries'])}"
    )
    readme = README.read_text(encoding="utf-8")
    pattern = re.compile(f"{re.escape(START)}.*?{re.escape(END)}", re.DOTALL)
    if not pattern.search(readme):
        sys.exit(f"README.md has no {START} ... {END} markers")
    README.write_text(pattern.sub(f"{START}\n{table}\n{END}", readme), encoding="utf-8")


if __name__ == "__main__":
    main()
