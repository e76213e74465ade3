"""A warm guard for the kit's own tests: `python -m contract_tests` run by forking an interpreter
that has imported the guard's modules once, instead of starting a fresh one for each run.

A catalog run spends about a second and a half of its CPU before it sends anything: importing
pytest, schemathesis and Hypothesis, loading pytest's plugins, parsing openapi.yaml, and
schemathesis' one-off warm-up of its coverage phase. `make test` makes dozens of runs on two
cores, so the runner (drift/runner.py) hands each to a warm server, one per test worker, started
on first use:

    runner --(a job: arguments, environment, folder)--> `python -m drift.warm`
        fork: the run, as `python -m contract_tests` (contract_tests/__main__.py: masking,
              reports, verdict), its stdout and stderr to files
            fork: pytest, as __main__ would have started it, with the run's environment

Everything after the imports is the guard's own code, run as a real run runs it. The server only
imports modules; it never imports the guard's tests (`test_contract.py` reads the environment as
it is imported) nor reads the environment itself, so no run sees another's settings.

A run whose PYTHONPATH puts entries in front of the server's (a planted pytest plugin) runs warm:
its fork puts them at the front of sys.path before pytest starts, as a fresh interpreter would,
and gets PYTHONPATH as given. What it imports from them stays in that fork, which ends with the
run; the next run is forked from the server again, which never saw them. A run whose
environment changes the interpreter otherwise runs cold instead: another `PYTHON*` variable, or
an added entry holding a module the server has imported already, or a `sitecustomize`, which a
fork would not see. So does every run when the server cannot start.
"""

from __future__ import annotations

import atexit
import json
import os
import pkgutil
import select
import signal
import subprocess
import sys
import threading
import time
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

ROOT = Path(__file__).resolve().parent.parent
# The guard's modules imported by the server: all but its tests, which read the environment.
_NOT_PRELOADED = ("conftest", "test_")


@dataclass(frozen=True)
class Ran:
    """How a run ended: its exit code (negative: killed by that signal), and its output."""

    returncode: int
    stdout: str
    stderr: str


class _ForkedPytest:
    """pytest started by forking this (warm) interpreter: __main__'s `Child`, without an exec."""

    def __init__(self, arguments: list[str], environ: dict[str, str]) -> None:
        import pytest

        out_read, out_write = os.pipe()
        err_read, err_write = os.pipe()
        sys.stdout.flush()
        sys.stderr.flush()
        self.pid = os.fork()
        if self.pid == 0:  # pytest's process
            code = 3
            try:
                os.close(out_read)
                os.close(err_read)
                os.dup2(out_write, 1)
                os.dup2(err_write, 2)
                os.environ.clear()
                os.environ.update(environ)
                code = int(pytest.main(arguments))
            except Exception:  # as a fresh interpreter ends on it (a plugin that cannot import)
                traceback.print_exc()
                code = 1
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(code)
        os.close(out_write)
        os.close(err_write)
        self.stdout: IO[bytes] | None = os.fdopen(out_read, "rb")
        self.stderr: IO[bytes] | None = os.fdopen(err_read, "rb")

    def wait(self) -> int:
        _, status = os.waitpid(self.pid, 0)
        return os.waitstatus_to_exitcode(status)


def _run_job(job: dict[str, Any]) -> int:
    """Fork the run `job` describes; its pid (the run's process group)."""
    from contract_tests import __main__ as guard

    pid = os.fork()
    if pid:
        return pid
    code = 3
    try:  # the run's process, as `python -m contract_tests` in job["cwd"]
        os.setpgid(0, 0)
        os.chdir(job["cwd"])
        os.environ.clear()
        os.environ.update(job["env"])
        sys.path[:0] = job["path"]  # where PYTHONPATH's added entries are in a fresh interpreter
        for fd, path, flags in (
            (0, os.devnull, os.O_RDONLY),
            (1, job["stdout"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC),
            (2, job["stderr"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC),
        ):
            os.dup2(os.open(path, flags, 0o600), fd)
        sys.argv = ["contract_tests", *job["arguments"]]
        code = guard.main(launch=_ForkedPytest)
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def serve() -> None:
    """The server: import the guard and say on stdout what it imported (it is ready), then run
    each job read from stdin, one at a time, and say when it started (its pid) and how it ended;
    exit when stdin closes."""
    sys.path[:0] = [str(ROOT / "generated"), str(ROOT)]
    from schemathesis.specs.openapi.coverage._schema import _invalid_enum_candidates

    import contract_tests
    from spec import load_spec

    for module in pkgutil.iter_modules(contract_tests.__path__, "contract_tests."):
        if not module.name.rpartition(".")[2].startswith(_NOT_PRELOADED):
            __import__(module.name)
    # What every run's collection does first, the same each time: schemathesis imports its
    # OpenAPI schema classes when the first schema is loaded, and openapi.yaml is parsed (cached
    # for the process; a run that changes it changes its own fork's copy).
    __import__("schemathesis.specs.openapi.schemas")
    load_spec()
    _invalid_enum_candidates()  # cached for the process: 0.8 s of every cold run's collection
    imported = sorted({name.partition(".")[0] for name in sys.modules})
    print(json.dumps({"imported": imported}), flush=True)  # ready
    for line in sys.stdin:
        pid = _run_job(json.loads(line))
        print(json.dumps({"pid": pid}), flush=True)
        _, status = os.waitpid(pid, 0)
        print(json.dumps({"returncode": os.waitstatus_to_exitcode(status)}), flush=True)


class WarmGuard:
    """The runner's side: one server per process, started on first use, stopped at exit."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._server: subprocess.Popen[str] | None = None
        self._unread = b""  # what the server said past the last line read
        self._broken = False
        self._imported: frozenset[str] = frozenset()  # the server's top-level modules

    def run(
        self, arguments: list[str], env: dict[str, str], cwd: Path, timeout: float
    ) -> Ran | None:
        """Run the guard warm; None when it cannot (the caller runs it cold)."""
        added = _added_entries(env)
        if added is None:
            return None
        with self._lock:
            server = self._started()
            if server is None or server.stdin is None or _shadows(added, self._imported):
                return None
            output = [cwd / "guard.stdout", cwd / "guard.stderr"]
            job = {"arguments": arguments, "env": env, "cwd": str(cwd), "path": added}
            job |= {"stdout": str(output[0]), "stderr": str(output[1])}
            server.stdin.write(json.dumps(job) + "\n")
            server.stdin.flush()
            pid = self._said(server, "pid", timeout=60)
            said = self._said(server, "returncode", timeout=timeout)
            if said is None and pid is not None:  # too long: stop the run, as subprocess would
                os.killpg(pid, signal.SIGKILL)
                said = self._said(server, "returncode", timeout=60)
            if said is None:
                self._stop()
                raise subprocess.TimeoutExpired(["drift.warm", *arguments], timeout)
        ran = Ran(said, *(path.read_text(errors="replace") for path in output))
        for path in output:
            path.unlink()
        return ran

    def _started(self) -> subprocess.Popen[str] | None:
        if self._server is not None and self._server.poll() is None:
            return self._server
        if self._broken:
            return None
        self._unread = b""
        self._server = subprocess.Popen(
            [sys.executable, "-m", "drift.warm"],
            cwd=ROOT,
            env=_server_environ(),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        imported = self._said(self._server, "imported", timeout=120)
        if imported is None:
            self._stop()
            self._broken = True
            return None
        self._imported = frozenset(imported)
        atexit.register(self._stop)
        return self._server

    def _said(self, server: subprocess.Popen[str], key: str, timeout: float) -> Any:
        """The value of `key` in the server's next line, or None when none came in time (read
        from the pipe itself: a buffered reader may hold a line select() cannot see)."""
        if server.stdout is None:
            return None
        deadline = time.monotonic() + timeout
        while b"\n" not in self._unread:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([server.stdout], [], [], left)[0]:
                return None
            chunk = os.read(server.stdout.fileno(), 65536)
            if not chunk:
                return None
            self._unread += chunk
        line, _, self._unread = self._unread.partition(b"\n")
        return json.loads(line).get(key)

    def _stop(self) -> None:
        if self._server is not None:
            self._server.kill()
            self._server.wait()
            self._server = None


def _server_environ() -> dict[str, str]:
    """The server's environment: this process's, less any run's settings."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("SPIRII_", "PYTEST"))}
    return environ | {"PYTHONPATH": str(ROOT)}


def _interpreter(environ: dict[str, str]) -> dict[str, str]:
    """The variables that shape an interpreter as it starts, which a forked run cannot change."""
    return {name: value for name, value in environ.items() if name.startswith("PYTHON")}


def _added_entries(env: dict[str, str]) -> list[str] | None:
    """The entries `env`'s PYTHONPATH puts in front of the server's (absolute paths; none when it
    is the server's), or None when `env` shapes the interpreter otherwise."""
    asked, own = _interpreter(env), _interpreter(_server_environ())
    path, own_path = asked.pop("PYTHONPATH", ""), own.pop("PYTHONPATH")
    if asked != own:
        return None
    if path == own_path:
        return []
    if not path.endswith(os.pathsep + own_path):
        return None
    entries = path.removesuffix(os.pathsep + own_path).split(os.pathsep)
    # Relative entries are read from the folder an interpreter starts in, not the server's.
    return entries if all(os.path.isabs(entry) for entry in entries) else None


def _shadows(entries: list[str], imported: frozenset[str]) -> bool:
    """Whether a fresh interpreter would import a module of `entries` that a fork cannot: one the
    server imported already (the fork has it), or site's hooks (run as an interpreter starts)."""
    planted = {module.name for module in pkgutil.iter_modules(entries)}
    return not planted.isdisjoint(imported | {"sitecustomize", "usercustomize"})


if __name__ == "__main__":
    serve()
