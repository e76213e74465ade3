"""`make check-generated` is a real golden-record check: it fails, naming the file, on a hand
edit of generated/, and passes once `make generate` has run again."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = Path(sys.executable).parent.parent


def _make(target: str, workdir: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603
        ["make", "--no-print-directory", f"VENV={VENV}", target],  # noqa: S607
        cwd=workdir,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def test_check_generated_catches_a_hand_edit_and_make_generate_repairs_it(tmp_path: Path) -> None:
    # copy2 keeps modification times, so make sees the kit's venv as up to date.
    for name in ("Makefile", "pyproject.toml", "openapi.yaml", "openapi-python-client.yaml"):
        shutil.copy2(ROOT / name, tmp_path / name)
    for folder in ("generated", "templates"):
        shutil.copytree(ROOT / folder, tmp_path / folder, copy_function=shutil.copy2)
    fresh = _make("check-generated", tmp_path)
    assert fresh.returncode == 0, fresh.stdout + fresh.stderr

    edited = tmp_path / "generated/spirii_chargebox_client/models/charge_box.py"
    edited.write_text(edited.read_text() + "\n# a hand edit\n")
    (tmp_path / "generated/spirii_chargebox_client/stray.py").write_text("x = 1\n")
    failed = _make("check-generated", tmp_path)
    assert failed.returncode != 0
    assert "models/charge_box.py" in failed.stdout + failed.stderr
    assert "stray.py" in failed.stdout + failed.stderr

    regenerated = _make("generate", tmp_path)
    assert regenerated.returncode == 0, regenerated.stdout + regenerated.stderr
    repaired = _make("check-generated", tmp_path)
    assert repaired.returncode == 0, repaired.stdout + repaired.stderr
