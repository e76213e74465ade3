"""The built wheel is what other teams get: it installs on every Python it claims, every public
module of it imports first in a fresh process, the README's examples and the consumer example run
from it against the mock, and the consumer's code type-checks against it with mypy --strict, on
each of those Pythons."""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from mock.server import DEFAULT_API_KEY
from tests.conftest import SANDBOX, python_blocks
from tests.first_imports import first_imports, public_modules

ROOT = Path(__file__).resolve().parent.parent
KIT_PYTHON = Path(sys.executable)
PYTHONS = ("3.11", "3.12", "3.13")
PACKAGE = "spirii_chargebox_client"
# Either could put generated/ on mypy's path, where it would read the client instead of the wheel.
NOT_FOR_MYPY = ("MYPYPATH", "PYTHONPATH")


def _interpreter(version: str) -> Path:
    """The newest installed CPython `version` (pyenv's, else one on PATH)."""
    pyenv_root = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"))
    candidates = sorted(
        (pyenv_root / "versions").glob(f"{version}.*/bin/python{version}"),
        key=lambda p: [int(n) for n in re.findall(r"\d+", p.parent.parent.name)],
    )
    found = candidates[-1] if candidates else shutil.which(f"python{version}")
    if found is None:
        pytest.fail(f"Python {version} is not installed: the package claims it (pyenv install)")
    return Path(found)


def _run(*command: str | Path, **options: object) -> subprocess.CompletedProcess[str]:
    completed: subprocess.CompletedProcess[str] = subprocess.run(  # noqa: S603
        [str(part) for part in command],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        **options,  # type: ignore[call-overload]
    )
    assert completed.returncode == 0, f"{command}\n{completed.stdout}\n{completed.stderr}"
    return completed


# The tests of one Python run on one worker, so its venv is made once and shared by them; the
# three Pythons on three workers at once (one after another, they were make test's last minutes).
ON_EACH_PYTHON = [
    pytest.param(version, marks=pytest.mark.xdist_group(f"wheel-{version}")) for version in PYTHONS
]


@pytest.fixture(scope="session")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`make build`'s wheel, built once for the session into a folder of its own (dist/ is
    publish's, whose tests may be rebuilding it meanwhile). The first xdist worker to get here
    builds it, the others wait on the lock and take that one (pytest-xdist's recipe for a fixture
    run once a session); a failed build leaves no wheel, so the next worker tries again."""
    # An xdist worker's basetemp is a folder in the session's, which its workers share.
    shared = tmp_path_factory.getbasetemp()
    if "PYTEST_XDIST_WORKER" in os.environ:
        shared = shared.parent
    dist = shared / "wheel-dist"
    venv = KIT_PYTHON.parent.parent
    with (shared / "wheel-dist.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not list(dist.glob("*.whl")):
            # Never remake the kit's venv, which runs these tests: when pyproject.toml is newer
            # than its stamp (a fresh worktree sharing a venv), make would reinstall it from
            # under them. make unit and make test bring it up to date before pytest starts.
            make = ["make", "--no-print-directory", f"--assume-old={venv}/.installed"]
            _run(*make, f"VENV={venv}", f"DIST={dist}", "build", cwd=ROOT)
    (built,) = dist.glob("spirii_chargebox_client-*-py3-none-any.whl")
    return built


def _readme_program() -> str:
    """The README's first example (create, then fetch), as written."""
    blocks = python_blocks(ROOT / "README.md")
    assert blocks, "the README has its first example"
    return blocks[0]


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """The Python of a fresh venv of `version` with the wheel installed (one venv a version,
    made on first use: the tests only run programs in it, each in a fresh process). The kit's
    pip installs it (--python: pip runs under that Python, so it resolves for it); a pip of the
    venv's own would cost seconds a Python to set up and nothing here needs it."""
    made: dict[str, Path] = {}

    def python_of(version: str) -> Path:
        if version not in made:
            where = tmp_path_factory.mktemp(f"venv-{version}")
            _run(_interpreter(version), "-m", "venv", "--without-pip", where)
            python = where / "bin/python"
            _run(KIT_PYTHON, "-m", "pip", "--python", python, "install", "--quiet", wheel)
            made[version] = python
        return made[version]

    return python_of


@pytest.mark.parametrize("version", ON_EACH_PYTHON)
def test_the_wheel_installs_and_runs_the_readme_examples(
    version: str, wheel: Path, installed: Callable[[str], Path], mock_url: str, tmp_path: Path
) -> None:
    python = installed(version)
    program = _readme_program().replace(SANDBOX, mock_url)
    env = {"PATH": os.environ["PATH"], "SPIRII_API_KEY": DEFAULT_API_KEY}
    # Run from an empty folder so nothing but the installed wheel can be imported.
    ran = _run(python, "-c", program, cwd=tmp_path, env=env)
    # `<identity> <created at>`: the charge box fetched back, its timestamp aware, in UTC.
    assert re.search(r"^\S+ \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\+00:00$", ran.stdout, re.M), ran.stdout
    version_seen = _run(
        python, "-c", "import importlib.metadata as m; print(m.version('spirii-chargebox-client'))"
    )
    assert version_seen.stdout.strip() == wheel.name.split("-")[1]


@pytest.mark.parametrize("version", ON_EACH_PYTHON)
def test_every_public_module_of_the_wheel_imports_first_in_a_fresh_process(
    version: str, installed: Callable[[str], Path], tmp_path: Path
) -> None:
    """Before 4.0.0 `types`, imported first, met a circular import. The modules are the ones the
    venv has, each run in a child of tests/first_imports.py's zygote; tests/test_client_imports.py
    runs the same check from generated/."""
    python = installed(version)
    package = python.parent.parent / f"lib/python{version}/site-packages/{PACKAGE}"
    statements = [f"import {name}" for name in public_modules(package)]
    statements.append(f"from {PACKAGE}.types import UNSET")

    failures = first_imports(python, PACKAGE, statements, cwd=tmp_path)

    assert len(statements) > 30
    assert {statement: failure for statement, failure in failures.items() if failure} == {}


@pytest.mark.parametrize("version", ON_EACH_PYTHON)
def test_a_consumers_code_type_checks_against_the_installed_wheel(
    version: str, installed: Callable[[str], Path], tmp_path: Path
) -> None:
    """The kit's pinned mypy checks for the venv's Python: it reads the wheel from that Python's
    site-packages (--python-executable), from a folder with nothing but the consumer's code and
    no MYPYPATH or PYTHONPATH, so neither generated/ nor the kit can stand in for the wheel."""
    python = installed(version)
    shutil.copy(ROOT / "examples/consumer.py", tmp_path / "consumer.py")
    # The wheel's types are real, not Any: a consumer's type error is caught.
    (tmp_path / "wrong.py").write_text(
        "from spirii_chargebox_client.models import ChargeBox\n\n\n"
        "def serial(box: ChargeBox) -> int:\n    return box.serial_number\n"
    )
    mypy: list[str | Path] = [KIT_PYTHON, "-m", "mypy", "--strict"]
    for_the_venv: list[str | Path] = ["--python-executable", python, "--python-version", version]
    env = {name: value for name, value in os.environ.items() if name not in NOT_FOR_MYPY}

    checked = subprocess.run(  # noqa: S603
        [*mypy, *for_the_venv, "--cache-dir", tmp_path / ".mypy_cache", "consumer.py", "wrong.py"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )

    # consumer.py without a word, wrong.py with exactly its one error.
    assert checked.returncode == 1, checked.stdout + checked.stderr
    assert checked.stdout.splitlines() == [
        'wrong.py:5: error: Incompatible return value type (got "str", expected "int")  '
        "[return-value]",
        "Found 1 error in 1 file (checked 2 source files)",
    ]


@pytest.mark.xdist_group(f"wheel-{PYTHONS[0]}")
def test_the_consumer_example_runs_from_the_wheel_against_the_mock(
    installed: Callable[[str], Path], mock_url: str, tmp_path: Path
) -> None:
    python = installed(PYTHONS[0])
    shutil.copy(ROOT / "examples/consumer.py", tmp_path / "consumer.py")
    env = {
        "PATH": os.environ["PATH"],
        "SPIRII_API_KEY": DEFAULT_API_KEY,
        "SPIRII_BASE_URL": mock_url,
    }

    ran = _run(python, "consumer.py", cwd=tmp_path, env=env)

    lines = ran.stdout.splitlines()
    assert re.fullmatch(r"created \d+ in \d+\.\d{3} s \(request None\)", lines[0])
    assert lines[1] == "DK.EXAMPLE.1 exists already"
    assert re.fullmatch(r"stored \d+ charge boxes, skipped \[\]", lines[2])
