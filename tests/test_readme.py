"""The README's client examples run, as written, against the bundled mock."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from mock.server import DEFAULT_API_KEY, create_app
from mock.serving import serving

README = Path(__file__).resolve().parent.parent / "README.md"
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
    return namespace


def test_readme_has_a_sync_and_an_async_example() -> None:
    blocks = _python_blocks()
    assert any("async def" in block for block in blocks)
    assert any("async def" not in block for block in blocks)


def test_the_sync_example_creates_and_fetches(
    mock_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (block,) = [b for b in _python_blocks() if "async def" not in b and "sync(" in b]
    namespace = _run(block, mock_url, monkeypatch)
    assert namespace["fetched"].id == namespace["created"].id
    # Timestamps are aware UTC datetimes: printed with their +00:00.
    assert re.fullmatch(r"\S+ \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\+00:00\n", capsys.readouterr().out)


def test_the_async_example_lists(mock_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    blocks = [b for b in _python_blocks() if "async def" in b]
    for block in blocks:
        namespace = _run(block, mock_url, monkeypatch)
        functions = [v for k, v in namespace.items() if asyncio.iscoroutinefunction(v)]
        for function in functions:
            result = asyncio.run(function(DEFAULT_API_KEY))
            assert isinstance(result, list)
