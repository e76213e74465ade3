"""Every public module of the client imports first, in a fresh process (issue 17, 4): before,
`from spirii_chargebox_client.types import UNSET` failed with a circular import (types -> errors
-> models -> types). And what a consumer needs to type a model's fields comes from `models`.

tests/test_wheel.py runs the same check against the installed wheel on every Python it claims.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.first_imports import first_imports, public_modules

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "generated/spirii_chargebox_client"

FIRST_IMPORTS = [
    *(f"import {name}" for name in public_modules(PACKAGE)),
    "from spirii_chargebox_client.types import UNSET, Unset, Response",
    "from spirii_chargebox_client.errors import SpiriiError, FieldError",
    "from spirii_chargebox_client.models import UNSET, Unset, FieldError, ChargeBox",
    "from spirii_chargebox_client.api.chargeboxes import iter_charge_boxes, get_charge_box",
    "from spirii_chargebox_client.client import retry_after_seconds",  # the guard's import
]


def test_the_list_of_public_modules_is_complete() -> None:
    names = public_modules(PACKAGE)
    assert {"spirii_chargebox_client.types", "spirii_chargebox_client.errors"} <= set(names)
    assert "spirii_chargebox_client.api.chargeboxes.list_charge_boxes" in names
    assert len(names) > 30


@pytest.fixture(scope="module")
def first_import_failures() -> dict[str, str]:
    """What went wrong in each of FIRST_IMPORTS, run first in a process, from generated/."""
    return first_imports(Path(sys.executable), PACKAGE.name, FIRST_IMPORTS, cwd=PACKAGE.parent)


# One worker runs them all, so the statements share one zygote.
@pytest.mark.xdist_group("client-imports")
@pytest.mark.parametrize("statement", FIRST_IMPORTS)
def test_each_public_module_imports_first_in_a_fresh_process(
    statement: str, first_import_failures: dict[str, str]
) -> None:
    failure = first_import_failures[statement]

    assert failure == "", failure


def test_a_circular_import_is_caught_whichever_module_ran_before(tmp_path: Path) -> None:
    """The check itself, on a planted package whose cycle breaks only when `errors` is imported
    first, as 4.0.0's did: each statement runs in a fresh child, not after the ones before it."""
    planted = tmp_path / "cyclic"
    planted.mkdir()
    (planted / "__init__.py").write_text("")
    (planted / "types.py").write_text("from cyclic.errors import Error\n\nUNSET = object()\n")
    (planted / "errors.py").write_text("import cyclic.types\n\n\nclass Error(Exception): ...\n")

    failures = first_imports(
        Path(sys.executable), "cyclic", ["import cyclic.types", "import cyclic.errors"], tmp_path
    )

    assert failures["import cyclic.types"] == ""
    assert "circular import" in failures["import cyclic.errors"], failures


def test_unset_from_models_is_the_one_from_types() -> None:
    from spirii_chargebox_client import models, types

    assert models.UNSET is types.UNSET
    assert models.Unset is types.Unset
