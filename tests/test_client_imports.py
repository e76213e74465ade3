"""Every public module of the client imports first, in a fresh process (issue 17, 4): before,
`from spirii_chargebox_client.types import UNSET` failed with a circular import (types -> errors
-> models -> types). And what a consumer needs to type a model's fields comes from `models`.

tests/test_wheel.py runs the same check against the installed wheel on every Python it claims.
"""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "generated/spirii_chargebox_client"


def public_modules() -> list[str]:
    """The package and every module in it whose name has no leading underscore."""
    names = ["spirii_chargebox_client"]
    for module in pkgutil.walk_packages([str(PACKAGE)], prefix="spirii_chargebox_client."):
        if not any(part.startswith("_") for part in module.name.split(".")):
            names.append(module.name)
    return sorted(names)


FIRST_IMPORTS = [
    *(f"import {name}" for name in public_modules()),
    "from spirii_chargebox_client.types import UNSET, Unset, Response",
    "from spirii_chargebox_client.errors import SpiriiError, FieldError",
    "from spirii_chargebox_client.models import UNSET, Unset, FieldError, ChargeBox",
    "from spirii_chargebox_client.api.chargeboxes import iter_charge_boxes, get_charge_box",
    "from spirii_chargebox_client.client import retry_after_seconds",  # the guard's import
]


def test_the_list_of_public_modules_is_complete() -> None:
    names = public_modules()
    assert {"spirii_chargebox_client.types", "spirii_chargebox_client.errors"} <= set(names)
    assert "spirii_chargebox_client.api.chargeboxes.list_charge_boxes" in names
    assert len(names) > 30


@pytest.mark.parametrize("statement", FIRST_IMPORTS)
def test_each_public_module_imports_first_in_a_fresh_process(statement: str) -> None:
    ran = subprocess.run(  # noqa: S603
        [sys.executable, "-c", statement],
        cwd=ROOT / "generated",
        capture_output=True,
        text=True,
        check=False,
    )

    assert ran.returncode == 0, ran.stderr


def test_unset_from_models_is_the_one_from_types() -> None:
    from spirii_chargebox_client import models, types

    assert models.UNSET is types.UNSET
    assert models.Unset is types.Unset
