"""The client package's own README (generated/README.md, from templates/README.md.jinja): every
Python example runs, as written, against the bundled mock."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import python_blocks, run_example

# One worker runs the module, on one mock: the examples build on each other, as a reader's
# session does (the first creates the charge box the walks then read).
pytestmark = pytest.mark.xdist_group("client-readme")
README = Path(__file__).resolve().parent.parent / "generated/README.md"


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
    # A SPIRII_BASE_URL set for a live run must not lead the examples off the mock.
    monkeypatch.delenv("SPIRII_BASE_URL", raising=False)
    namespace = run_example(README, block, mock_url, monkeypatch)
    printed = capsys.readouterr().out
    assert printed, "an example shows whoever pastes it that it worked"
    if "get_charge_box.sync_detailed(created.id" in block:
        assert namespace["fetched"].id == namespace["created"].id
        assert printed == "DK.SPI.000001 False\n"
    if "except NotFound" in block:
        assert printed.startswith("no such charge box: ")
    if "iter_charge_boxes(" in block:
        assert "SN-000001" in namespace["serial_numbers"]
    if "asyncio.run(first_serial_numbers())" in block:
        assert "'SN-000001'" in printed
