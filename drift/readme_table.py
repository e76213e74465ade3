"""Writes the drift catalog's last run into docs/maintainers.md: entry x personality -> verdict
and time.

Run by `make catalog` after the catalog tests, which leave one file per run in
reports/drift-catalog/ (the tests run in parallel workers, so no one of them sees every run).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "reports" / "drift-catalog"
README = ROOT / "docs" / "maintainers.md"  # the page that holds the catalog's table
START, END = "<!-- drift-catalog:start -->", "<!-- drift-catalog:end -->"


def _cell(entry: dict[str, Any]) -> str:
    seen = entry["exit_code"]
    outcome = {0: "passed", 1: "caught", 75: "inconclusive"}.get(seen, f"exit {seen}")
    if seen != entry["expected_exit"]:
        outcome = f"**WRONG: {outcome}**"
    return f"{outcome}, {entry['seconds']:.1f} s"


def render(entries: list[dict[str, Any]]) -> str:
    """The Markdown table of one catalog run: an entry and mode a row, a personality a column."""
    personalities = list(dict.fromkeys(entry["personality"] for entry in entries))
    rows: dict[tuple[str, bool], dict[str, dict[str, Any]]] = {}
    for entry in entries:
        rows.setdefault((entry["name"], entry["writes"]), {})[entry["personality"]] = entry
    lines = [
        "| entry | mode | expected | " + " | ".join(personalities) + " |",
        "|---|---|---|" + "---|" * len(personalities),
    ]
    for (name, writes), by_personality in rows.items():
        first = next(iter(by_personality.values()))
        expected = {0: "pass", 75: "inconclusive"}.get(
            first["expected_exit"], f"caught by {first['caught_by']}"
        )
        cells = [_cell(by_personality[p]) if p in by_personality else "-" for p in personalities]
        mode = "writes" if writes else "read-only"
        lines.append(f"| {name} | {mode} | {expected} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    """Replace the table between the README's markers with the last run's."""
    files = sorted(RESULTS.glob("*.json"))
    if not files:
        sys.exit(f"nothing in {RESULTS}: run `make catalog` (the catalog tests write it)")
    results = [json.loads(path.read_text(encoding="utf-8")) for path in files]
    results.sort(key=lambda result: result["order"])
    run = {
        "seed": results[0]["seed"],
        "examples": results[0]["examples"],
        "entries": [result["entry"] for result in results],
    }
    table = (
        f"Last run: seed {run['seed']}, {run['examples']} examples per operation (`make catalog`); "
        "each cell: the verdict and the time to it (to the first failure for a drift, the whole "
        f"run otherwise).\n\n{render(run['entries'])}"
    )
    readme = README.read_text(encoding="utf-8")
    pattern = re.compile(f"{re.escape(START)}.*?{re.escape(END)}", re.DOTALL)
    if not pattern.search(readme):
        sys.exit(f"{README.relative_to(ROOT)} has no {START} ... {END} markers")
    README.write_text(pattern.sub(f"{START}\n{table}\n{END}", readme), encoding="utf-8")


if __name__ == "__main__":
    main()
