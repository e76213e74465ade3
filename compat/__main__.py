"""Compare openapi.yaml with its version at a git ref and fail on an unannounced breaking change.

Usage: python -m compat [REF]. REF defaults to the last release tag (v*), else origin/main,
else HEAD~1. Exit 1 when a breaking change arrives without a major bump of info.version.
"""

from __future__ import annotations

import sys
from typing import Any

from compat import default_ref, spec_at
from compat.diff import compare
from spec import load_spec


def major(version: str) -> int:
    """The major number of a version like 2.0.0."""
    return int(version.split(".", 1)[0])


def verdict(old: dict[str, Any], new: dict[str, Any]) -> tuple[int, list[str]]:
    """(exit code, report lines) for the change from `old` to `new`."""
    changes = compare(old, new)
    old_version, new_version = str(old["info"]["version"]), str(new["info"]["version"])
    breaking = [c for c in changes if c.breaking]
    lines = [f"info.version {old_version} -> {new_version}: {len(changes)} change(s)"]
    lines += [f"  {change}" for change in sorted(changes, key=lambda c: (not c.breaking, c.where))]
    if breaking and major(new_version) <= major(old_version):
        lines.append(
            f"FAIL: {len(breaking)} breaking change(s) without a major version bump: "
            f"set info.version to {major(old_version) + 1}.0.0 and record it in CHANGELOG.md"
        )
        return 1, lines
    lines.append("OK: no breaking change" if not breaking else "OK: breaking, with a major bump")
    return 0, lines


def main(argv: list[str]) -> int:
    """Run the comparison against argv[0] (or the default ref) and print the report."""
    ref = argv[0] if argv else default_ref()
    if ref is None:
        print("compat: no earlier version to compare with (no tag, origin/main or HEAD~1)")
        return 0
    old_spec = spec_at(ref)
    if old_spec is None:
        print(f"compat: {ref} has no openapi.yaml: nothing to compare")
        return 0
    print(f"compat: openapi.yaml against {ref}")
    code, lines = verdict(old_spec, load_spec())
    print("\n".join(lines))
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
