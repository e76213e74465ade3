"""The client package's own README (generated/README.md, from templates/README.md.jinja): every
Python example runs, as written, against the bundled mock."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import python_blocks, run_example

README = Path(__file__).resolve().parent.parent / "generated/README.md"


def _run(block: str, mock_url: str, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    namespace = run_example(README, block, mock_url, monkeypatch)
    for function in [v for v in namespace.values() if asyncio.iscoroutinefunction(v)]:
        namespace[f"{function.__name__}()"] = asyncio.run(function())
    return namespace


def test_the_readme_covers_what_a_consumer_meets() -> None:
    text = README.read_text(encoding="utf-8")
    for heading in ("Install", "A first call", "Errors", "Retries", "Paging", "Timeouts"):
        assert f"\n## {heading}\n" in text
    assert "spirii-mock-key" in text


@pytest.mark.parametrize("index", range(len(python_blocks(README))))
def test_each_python_example_runs_against_the_mock(
    index: int, mock_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    block = python_blocks(README)[index]
    namespace = _run(block, mock_url, monkeypatch)
    printed = capsys.readouterr().out
    if "get_charge_box.sync_detailed(created.id" in block:
        assert namespace["fetched"].id == namespace["created"].id
        assert printed == "DK.SPI.000001 False\n"
    if "except NotFound" in block:
        assert printed.startswith("no such charge box: ")
    if "iter_charge_boxes(" in block:
        assert "SN-000001" in namespace["serial_numbers"]
    if "first_serial_numbers" in block:
        assert isinstance(namespace["first_serial_numbers()"], list)
