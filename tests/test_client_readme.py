"""The client package's own README (generated/README.md, from templates/README.md.jinja): every
Python example runs, as written, against the bundled mock."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from mock.server import DEFAULT_API_KEY, create_app
from mock.serving import serving

README = Path(__file__).resolve().parent.parent / "generated/README.md"
SANDBOX = "https://sandbox.api.spirii.com"


def _python_blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.DOTALL)


@pytest.fixture(scope="module")
def mock_url() -> Iterator[str]:
    with serving(create_app(api_key=DEFAULT_API_KEY)) as url:
        yield url


def _run(block: str, mock_url: str, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    assert SANDBOX in block, "README examples talk to the sandbox, which the test redirects"
    monkeypatch.setenv("SPIRII_API_KEY", DEFAULT_API_KEY)
    namespace: dict[str, Any] = {}
    exec(compile(block.replace(SANDBOX, mock_url), str(README), "exec"), namespace)  # noqa: S102
    for function in [v for v in namespace.values() if asyncio.iscoroutinefunction(v)]:
        namespace[f"{function.__name__}()"] = asyncio.run(function())
    return namespace


def test_the_readme_covers_what_a_consumer_meets() -> None:
    text = README.read_text(encoding="utf-8")
    for heading in ("Install", "A first call", "Errors", "Retries", "Paging", "Timeouts"):
        assert f"\n## {heading}\n" in text
    assert "spirii-mock-key" in text


@pytest.mark.parametrize("index", range(len(_python_blocks())))
def test_each_python_example_runs_against_the_mock(
    index: int, mock_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    block = _python_blocks()[index]
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
