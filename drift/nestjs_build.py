"""Installs and builds the real NestJS app (drift/nestjs) that drift/framework.py runs: `npm ci` and
`tsc`, each only when its inputs changed, and says why it cannot where node is missing or too old.

Standard library only, so `make nestjs` runs it with any Python 3.11+ while the kit's virtual
environment is still being installed beside it (`make test` does both at once: `npm ci` is
network and disk, pip's install one busy core).

- `unavailable_reason()`: why the real app cannot run here (no node 20.19+ or npm), or None.
- `ensure_built()`: the app's entry point, installed and built.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path

NESTJS_DIR = Path(__file__).resolve().parent / "nestjs"
# Nest 12 ships ES modules only, and @nestjs/throttler is CommonJS that requires them: that needs
# require(esm), which Node has without a flag since 20.19.
MINIMUM_NODE = (20, 19)
_NPM_STAMP = ".spirii-package-lock.sha256"  # inside node_modules: `npm ci` deletes it with them
_BUILD_STAMP = ".spirii-build.sha256"  # inside dist/


class FrameworkError(RuntimeError):
    """The real NestJS app could not be installed, built or started; the message says which step
    and ends with the tool's own last lines."""


@functools.cache
def unavailable_reason() -> str | None:
    """Why the real NestJS personalities cannot run on this machine, or None when they can."""
    node, npm = shutil.which("node"), shutil.which("npm")
    wanted = ".".join(map(str, MINIMUM_NODE))
    advice = (
        f"node {wanted}+ and npm are needed for the real NestJS personalities: install "
        f"Node.js {wanted} or later, which brings npm"
    )
    if node is None or npm is None:
        missing = " and ".join(name for name, path in (("node", node), ("npm", npm)) if not path)
        return f"{advice} ({missing} not on PATH)"
    version = subprocess.run(  # noqa: S603 (the node found on PATH, no input)
        [node, "--version"], capture_output=True, text=True, check=False, timeout=30
    ).stdout.strip()
    found = re.fullmatch(r"v([0-9]+)\.([0-9]+)\..*", version)
    if found is None or (int(found[1]), int(found[2])) < MINIMUM_NODE:
        return f"{advice} (found node {version or 'of unknown version'})"
    return None


def node_path() -> str:
    """The node that runs the app: the one on PATH, checked."""
    reason = unavailable_reason()
    node = shutil.which("node")
    if reason is not None or node is None:
        raise FrameworkError(reason)
    return node


def _digest(*paths: Path) -> str:
    digest = hashlib.sha256()
    for path in paths:
        digest.update(f"{path.relative_to(NESTJS_DIR)}\0".encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


@contextlib.contextmanager
def _build_lock() -> Iterator[None]:
    """One installer and builder at a time, across processes (pytest-xdist workers) and threads.

    The lock file lives outside the work tree: npm ci deletes node_modules, and nothing of ours
    that git should ignore may appear in drift/nestjs.
    """
    where = hashlib.sha256(str(NESTJS_DIR).encode()).hexdigest()[:16]
    path = Path(tempfile.gettempdir()) / f"spirii-nestjs-build-{where}.lock"
    with path.open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _run_step(what: str, command: list[str], environment: Mapping[str, str]) -> None:
    """Run a build step with its output kept aside; on failure say which, with its last lines."""
    completed = subprocess.run(  # noqa: S603 (npm and tsc of this project, fixed arguments)
        command,
        cwd=NESTJS_DIR,
        env=dict(environment),
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    if completed.returncode != 0:
        output = (completed.stdout + completed.stderr).strip().splitlines()
        tail = "\n".join(output[-20:]) or "(no output)"
        raise FrameworkError(
            f"{what} in {NESTJS_DIR} failed (exit {completed.returncode}):\n{tail}"
        )


def ensure_built() -> Path:
    """Install (npm ci) and compile (tsc) the real app when its inputs changed; its entry point.

    `npm ci` runs when node_modules lacks a stamp of the current package-lock.json, `tsc` when
    dist/ lacks a stamp of the current sources, tsconfig.json and lockfile. Both stamps are
    content hashes, so a checkout that changes a file always rebuilds and one that does not never
    does. Safe to call from several processes at once.
    """
    node = node_path()
    npm = shutil.which("npm") or "npm"
    lockfile = NESTJS_DIR / "package-lock.json"
    node_modules, dist = NESTJS_DIR / "node_modules", NESTJS_DIR / "dist"
    # npm and its scripts find `node` on PATH: the one this module checked comes first.
    path = f"{Path(node).parent}{os.pathsep}{os.environ.get('PATH', os.defpath)}"
    environment = os.environ | {"PATH": path}
    with _build_lock():
        installed = _digest(lockfile)
        npm_stamp = node_modules / _NPM_STAMP
        if not npm_stamp.is_file() or npm_stamp.read_text() != installed:
            _run_step(
                "npm ci",
                [npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"],
                environment,
            )
            npm_stamp.write_text(installed)
        sources = sorted((NESTJS_DIR / "src").glob("*.ts"))
        built = _digest(*sources, NESTJS_DIR / "tsconfig.json", lockfile)
        build_stamp = dist / _BUILD_STAMP
        if not build_stamp.is_file() or build_stamp.read_text() != built:
            # From scratch: a source that was removed must not leave its old output behind.
            shutil.rmtree(dist, ignore_errors=True)
            tsc = str(node_modules / "typescript" / "bin" / "tsc")
            _run_step("tsc", [node, tsc, "-p", "tsconfig.json"], environment)
            build_stamp.write_text(built)
    return dist / "main.js"


def main() -> int:
    """`python -m drift.nestjs_build`: install and build the app now (make test does it first, so no
    guard run waits on `npm ci`); on a machine without node, say why it is skipped."""
    reason = unavailable_reason()
    if reason is not None:
        print(f"the real NestJS personalities are skipped: {reason}")
        return 0
    print(f"the real NestJS app is built: {ensure_built()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
