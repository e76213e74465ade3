"""Runs import statements each as the first import of its package in a process, cheaply: one
process (a zygote) imports the client's dependencies once, then forks a child per statement.

A circular import inside the package (before 4.0.0, types -> errors -> models -> types) depends
only on which of the package's own modules are already imported when a statement runs. Each child
starts with none of them, as a fresh `python -c "import X"` would; it only skips importing httpx
and attrs again, which no module of the package can be in a cycle with. The zygote refuses to run
if the package itself got imported before the fork, which would spoil that.

This module's own source is the zygote's program, run with `python -c` so that, as for
`python -c "import X"`, the working folder is first on sys.path. It imports nothing but the
standard library at the top, so any Python under test can run it.
"""

from __future__ import annotations

import importlib
import json
import os
import pkgutil
import subprocess
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

# The client's dependencies (generated/pyproject.toml). One missing here costs time, not meaning.
CLIENT_DEPENDENCIES = ("httpx", "attrs")


def public_modules(package: Path) -> list[str]:
    """The package in the folder `package` and every module in it whose name has no leading
    underscore, found on disk: importing one to list it would spoil the check of its first import.
    """
    names = [package.name]

    def walk(folder: Path, prefix: str) -> None:
        for module in pkgutil.iter_modules([str(folder)], prefix):
            last = module.name.rpartition(".")[2]
            if last.startswith("_"):
                continue  # private, and so is everything under it
            names.append(module.name)
            if module.ispkg:
                walk(folder / last, f"{module.name}.")

    walk(package, f"{package.name}.")
    return sorted(names)


def first_imports(
    python: Path, package: str, statements: Sequence[str], cwd: Path
) -> dict[str, str]:
    """Each statement, run by `python` from `cwd` as the first import of `package` in a process
    (a child of the zygote), with what went wrong: its traceback, or "" when it ran."""
    request = {"package": package, "preload": CLIENT_DEPENDENCIES, "statements": list(statements)}
    ran = subprocess.run(  # noqa: S603
        [str(python), "-c", Path(__file__).read_text(encoding="utf-8")],
        input=json.dumps(request),
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert ran.returncode == 0, f"the zygote of {python} failed:\n{ran.stderr}"
    failures: dict[str, str] = json.loads(ran.stdout)
    return failures


def _zygote() -> None:
    """Read the request from stdin, preload the dependencies, run each statement in a child and
    write each statement's failure ("" when it ran) to stdout as JSON."""
    request = json.load(sys.stdin)
    for dependency in request["preload"]:
        importlib.import_module(dependency)
    package = request["package"]
    early = [name for name in sys.modules if name.partition(".")[0] == package]
    if early:
        sys.exit(f"{package} was imported before the statements were run: {early}")
    failures = {statement: _in_a_child(statement) for statement in request["statements"]}
    json.dump(failures, sys.stdout)


def _in_a_child(statement: str) -> str:
    """Run `statement` in a child forked from this process; its traceback, or "" when it ran."""
    reading, writing = os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    child = os.fork()
    if child == 0:
        os.close(reading)
        os.dup2(2, 1)  # what the statement prints must not garble the zygote's report
        try:
            exec(statement, {"__name__": "__main__"})  # noqa: S102
        except BaseException:
            with os.fdopen(writing, "w", encoding="utf-8") as report:
                report.write(traceback.format_exc())
            os._exit(1)
        os._exit(0)
    os.close(writing)
    with os.fdopen(reading, encoding="utf-8") as report:
        failure = report.read()
    _, status = os.waitpid(child, 0)
    code = os.waitstatus_to_exitcode(status)
    if code != 0 and not failure:
        failure = f"the child exited with {code}"
    return failure


if __name__ == "__main__":
    _zygote()
