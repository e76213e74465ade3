"""`make compat`: is a change to openapi.yaml breaking for clients generated from an earlier one?

The git side lives here (the refs to compare with, openapi.yaml at a ref), shared by
`make compat` and `make publish`.
"""

from __future__ import annotations

import subprocess
from typing import Any

from spec import SPEC_PATH, parse_spec


def git(*args: str) -> str | None:
    """What `git args...` prints in the kit's repository; None when it fails."""
    completed = subprocess.run(  # noqa: S603
        ["git", *args],  # noqa: S607
        cwd=SPEC_PATH.parent,
        capture_output=True,
        text=True,
        check=False,
    )
    return completed.stdout if completed.returncode == 0 else None


def default_ref() -> str | None:
    """The last release tag, else origin/main, else HEAD~1 (None in a repo with one commit)."""
    tag = git("describe", "--tags", "--abbrev=0", "--match", "v*")
    if tag:
        return tag.strip()
    for ref in ("origin/main", "HEAD~1"):
        if git("rev-parse", "--verify", "--quiet", ref) is not None:
            return ref
    return None


def spec_at(ref: str) -> dict[str, Any] | None:
    """openapi.yaml as it is at git `ref` (None when it has none)."""
    text = git("show", f"{ref}:openapi.yaml")
    if text is None:
        return None
    return parse_spec(text)
