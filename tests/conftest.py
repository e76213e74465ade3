"""What the README tests share: the bundled mock to run examples against, and how to run one."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from mock.server import DEFAULT_API_KEY, create_app
from mock.serving import serving

SANDBOX = "https://sandbox.api.spirii.com"


def python_blocks(readme: Path) -> list[str]:
    """The ```python blocks of a README, in order."""
    return re.findall(r"```python\n(.*?)```", readme.read_text(encoding="utf-8"), re.DOTALL)


@pytest.fixture(scope="module")
def mock_url() -> Iterator[str]:
    """The bundled mock, serving with its default key, for a module's examples."""
    with serving(create_app(api_key=DEFAULT_API_KEY)) as url:
        yield url


def run_example(
    readme: Path, block: str, mock_url: str, monkeypatch: pytest.MonkeyPatch
) -> dict[str, Any]:
    """Run one README example as written, its sandbox URL pointed at the mock; its namespace."""
    assert SANDBOX in block, "README examples talk to the sandbox, which the test redirects"
    monkeypatch.setenv("SPIRII_API_KEY", DEFAULT_API_KEY)
    monkeypatch.delenv("SPIRII_BASE_URL", raising=False)  # examples default to the sandbox URL
    namespace: dict[str, Any] = {}
    exec(compile(block.replace(SANDBOX, mock_url), str(readme), "exec"), namespace)  # noqa: S102
    return namespace
