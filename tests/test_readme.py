"""The README's client examples run, as written, against the bundled mock."""

from __future__ import annotations

import asyncio
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

from mock.server import DEFAULT_API_KEY
from tests.conftest import python_blocks, run_example

README = Path(__file__).resolve().parent.parent / "README.md"


def _run(block: str, mock_url: str, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    return run_example(README, block, mock_url, monkeypatch)


def test_readme_has_a_sync_and_an_async_example() -> None:
    blocks = python_blocks(README)
    assert any("async def" in block for block in blocks)
    assert any("async def" not in block for block in blocks)


def test_the_sync_example_creates_and_fetches(
    mock_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    block = python_blocks(README)[0]  # the example at the top, which the publish test runs too
    namespace = _run(block, mock_url, monkeypatch)
    assert namespace["fetched"].id == namespace["created"].id
    # Timestamps are aware UTC datetimes: printed with their +00:00.
    assert re.fullmatch(r"\S+ \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\+00:00\n", capsys.readouterr().out)


def test_the_async_example_lists(mock_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    blocks = [b for b in python_blocks(README) if "async def" in b]
    for block in blocks:
        namespace = _run(block, mock_url, monkeypatch)
        functions = [v for k, v in namespace.items() if asyncio.iscoroutinefunction(v)]
        for function in functions:
            result = asyncio.run(function(DEFAULT_API_KEY))
            assert isinstance(result, list)


def test_make_help_lists_every_target_and_the_readmes_commands_are_targets() -> None:
    makefile = (README.parent / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([a-z][a-z-]*):", makefile, re.MULTILINE))
    shown = subprocess.run(
        ["make", "--no-print-directory", "help"],  # noqa: S607
        cwd=README.parent,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    listed = {line.split()[0] for line in shown.splitlines() if line.strip()}
    assert listed == targets, f"without a ## help line: {sorted(targets - listed)}"
    two = README.read_text().split("## The two commands", 1)[1].split("\n## ", 1)[0]
    commands = set(re.findall(r"^\| `make ([a-z-]+)` \|", two, re.MULTILINE))
    assert commands == {"contract", "test"}
    assert commands <= targets
