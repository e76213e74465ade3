"""`make publish` against a real index: a pypiserver on loopback that wants credentials to upload
and none to download, which a fresh venv then installs the client from to run the README's example.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import warnings
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from packaging.version import Version
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from mock.server import DEFAULT_API_KEY
from mock.serving import serving
from publish.__main__ import (
    ALLOW_DIRTY,
    CANNOT_PUBLISH,
    INDEX_URL,
    PASSWORD,
    PUBLISHED,
    REFUSED,
    UPLOAD_URL,
    USERNAME,
    VARIABLES,
    CannotPublish,
    Target,
    client_name,
    decide,
    listed,
    main,
    versions_on_index,
)
from spec import load_spec
from tests.conftest import python_blocks

with warnings.catch_warnings():  # passlib 1.7.4 imports crypt, deprecated since Python 3.11
    warnings.simplefilter("ignore", DeprecationWarning)
    from passlib.apache import HtpasswdFile  # type: ignore[import-untyped]  # no stubs published

# One worker runs the module, one test at a time: `make publish` empties and rebuilds dist/, which
# the other tests read.
pytestmark = pytest.mark.xdist_group("publish")

ROOT = Path(__file__).resolve().parent.parent
KIT_VENV = Path(sys.executable).parent.parent
NAME = client_name()
VERSION = str(load_spec()["info"]["version"])
WHEEL = f"spirii_chargebox_client-{VERSION}-py3-none-any.whl"
SDIST = f"spirii_chargebox_client-{VERSION}.tar.gz"
PUBLISHER = "publisher"
# Distinctive, so finding either in any output means it leaked.
SECRET = "pw-Q7x9Zk2-publish-secret"
WRONG_SECRET = "pw-M4t8Lp3-wrong-secret"
_TIMEOUT_S = 300


@dataclass(frozen=True)
class Index:
    """A running pypiserver: its packages folder and base URL."""

    packages: Path
    url: str

    @property
    def simple(self) -> str:
        return f"{self.url}/simple/"

    def environ(self, password: str = SECRET) -> dict[str, str]:
        """The process environment, minus any real SPIRII_PUBLISH_*, pointed at this index."""
        inherited = {k: v for k, v in os.environ.items() if not k.startswith("SPIRII_PUBLISH_")}
        return {
            **inherited,
            UPLOAD_URL: f"{self.url}/",
            INDEX_URL: self.simple,
            USERNAME: PUBLISHER,
            PASSWORD: password,
            # `make test` runs while the spec is being changed; the refusal has its own test.
            ALLOW_DIRTY: "1",
        }

    def files(self) -> dict[str, bytes]:
        return {path.name: path.read_bytes() for path in sorted(self.packages.iterdir())}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


@contextmanager
def _serving_index(where: Path, files: Mapping[str, bytes] | None = None) -> Iterator[Index]:
    """pypiserver over `where`/packages (holding `files`), uploads for PUBLISHER/SECRET only."""
    packages = where / "packages"
    packages.mkdir(parents=True)
    for filename, content in (files or {}).items():
        (packages / filename).write_bytes(content)
    htpasswd = HtpasswdFile(str(where / "htpasswd"), new=True)
    htpasswd.set_password(PUBLISHER, SECRET)
    htpasswd.save()
    port = _free_port()
    serve = [sys.executable, "-m", "pypiserver", "run", "-i", "127.0.0.1", "-p", str(port)]
    # Only uploads ask for an account; never a redirect to pypi.org for a project it lacks.
    serve += ["-P", str(where / "htpasswd"), "-a", "update", "--disable-fallback", str(packages)]
    log = (where / "pypiserver.log").open("w")
    server = subprocess.Popen(  # noqa: S603
        serve,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    index = Index(packages, f"http://127.0.0.1:{port}")
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{index.url}/health", timeout=1).status_code == httpx.codes.OK:
                    break
            except httpx.TransportError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"pypiserver did not start:\n{(where / 'pypiserver.log').read_text()}")
            time.sleep(0.05)
        yield index
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


def _run(
    command: Sequence[str | Path], env: Mapping[str, str], cwd: Path = ROOT
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603
        [str(part) for part in command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=_TIMEOUT_S,
    )


def _publish(env: Mapping[str, str], cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return _run([sys.executable, "-m", "publish"], {**env, "PYTHONPATH": str(cwd)}, cwd)


def _said(completed: subprocess.CompletedProcess[str]) -> str:
    return completed.stdout + completed.stderr


@pytest.fixture(scope="module")
def published(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[Index, subprocess.CompletedProcess[str]]]:
    """An index `make publish` (check-generated, build, upload) has just published to; dist/ holds
    the build for the module's other tests."""
    with _serving_index(tmp_path_factory.mktemp("index")) as index:
        make = ["make", "--no-print-directory", f"VENV={KIT_VENV}", "publish"]
        yield index, _run(make, index.environ())


def test_make_publish_uploads_the_built_client(
    published: tuple[Index, subprocess.CompletedProcess[str]],
) -> None:
    index, completed = published
    assert completed.returncode == PUBLISHED, _said(completed)
    assert index.files() == {name: (ROOT / "dist" / name).read_bytes() for name in (SDIST, WHEEL)}
    assert f"published {NAME} {VERSION} to {index.simple}" in completed.stdout
    assert f"git tag v{VERSION} && git push origin v{VERSION}" in completed.stdout
    assert f"pip install --index-url {index.simple} '{NAME}=={VERSION}'" in completed.stdout
    assert SECRET not in completed.stdout
    assert SECRET not in completed.stderr


def test_the_same_version_again_is_refused(
    published: tuple[Index, subprocess.CompletedProcess[str]],
) -> None:
    index, _ = published
    before = index.files()
    again = _publish(index.environ())
    assert again.returncode == REFUSED, _said(again)
    assert f"{NAME} {VERSION} is already on the index" in again.stderr
    assert "nothing uploaded" in again.stderr
    assert index.files() == before
    assert SECRET not in _said(again)


def test_a_version_lower_than_the_indexs_newest_is_refused(
    published: tuple[Index, subprocess.CompletedProcess[str]], tmp_path: Path
) -> None:
    newer = {"spirii_chargebox_client-99.0.0-py3-none-any.whl": b""}
    with _serving_index(tmp_path, newer) as index:
        refused = _publish(index.environ())
        assert refused.returncode == REFUSED, _said(refused)
        assert f"{VERSION} is lower than 99.0.0, the newest on the index" in refused.stderr
        assert index.files() == newer


def test_refused_credentials_cannot_publish_and_are_not_printed(
    published: tuple[Index, subprocess.CompletedProcess[str]], tmp_path: Path
) -> None:
    with _serving_index(tmp_path) as index:
        rejected = _publish(index.environ(password=WRONG_SECRET))
        assert rejected.returncode == CANNOT_PUBLISH, _said(rejected)
        assert "refused the credentials (403)" in rejected.stderr
        assert WRONG_SECRET not in _said(rejected)
        assert SECRET not in _said(rejected)
        assert index.files() == {}


def test_the_simple_index_as_the_upload_url_is_said_to_be_that(
    published: tuple[Index, subprocess.CompletedProcess[str]], tmp_path: Path
) -> None:
    with _serving_index(tmp_path) as index:
        environ = {**index.environ(), UPLOAD_URL: index.simple}
        rejected = _publish(environ)
        assert rejected.returncode == CANNOT_PUBLISH, _said(rejected)
        assert "is the upload URL, not the simple index consumers read" in rejected.stderr
        assert index.files() == {}


def test_make_publish_names_a_missing_variable_before_it_builds(tmp_path: Path) -> None:
    environ = Index(tmp_path, "http://127.0.0.1:9").environ()
    del environ[UPLOAD_URL]
    made = _run(["make", "--no-print-directory", f"VENV={KIT_VENV}", "publish"], environ)
    assert made.returncode == 2, _said(made)  # make's own code for a failed recipe
    assert f"cannot publish: set {UPLOAD_URL} " in made.stderr
    assert "Successfully built" not in made.stdout + made.stderr


@pytest.mark.parametrize("variable", VARIABLES)
def test_a_missing_variable_is_named(variable: str, capsys: pytest.CaptureFixture[str]) -> None:
    index = Index(Path("unused"), "http://127.0.0.1:9")
    environ = {k: v for k, v in index.environ().items() if k != variable}
    assert main([], environ) == CANNOT_PUBLISH
    said = capsys.readouterr()
    assert f"cannot publish: set {variable} " in said.err
    assert SECRET not in said.out + said.err


def test_an_unreachable_index_cannot_publish(
    published: tuple[Index, subprocess.CompletedProcess[str]],
    capsys: pytest.CaptureFixture[str],
) -> None:
    index, _ = published
    port = _free_port()  # nothing listens there
    gone = f"http://{PUBLISHER}:{SECRET}@127.0.0.1:{port}"
    environ = {**index.environ(), UPLOAD_URL: f"{gone}/", INDEX_URL: f"{gone}/simple/"}
    assert main([], environ) == CANNOT_PUBLISH
    said = capsys.readouterr()
    assert f"cannot read http://127.0.0.1:{port}/simple/{NAME}/" in said.err
    assert SECRET not in said.out + said.err


def test_an_index_that_speaks_pep_691_is_read_as_json() -> None:
    """pypiserver only speaks PEP 503 HTML; PyPI, devpi and others answer JSON when asked."""
    files = ["spirii_chargebox_client-2.0.0.tar.gz", WHEEL, "other-9.0.0.tar.gz"]
    files += ["spirii_chargebox_client-9.0.0-py3.11.egg"]  # no installer picks an egg

    async def project(request: Request) -> Response:
        if "application/vnd.pypi.simple.v1+json" not in request.headers.get("accept", ""):
            return PlainTextResponse("ask for JSON", status_code=406)
        listing = [{"filename": name, "url": f"/f/{name}", "hashes": {}} for name in files]
        return JSONResponse(
            {"meta": {"api-version": "1.1"}, "name": NAME, "files": listing},
            media_type="application/vnd.pypi.simple.v1+json",
        )

    async def root(request: Request) -> Response:
        return PlainTextResponse("the index")

    routes = [Route("/simple/", root), Route(f"/simple/{NAME}/", project)]
    with serving(Starlette(routes=routes)) as url:
        target = Target(f"{url}/", f"{url}/simple/", PUBLISHER, SECRET)
        assert versions_on_index(target, NAME) == {Version("2.0.0"), Version(VERSION)}
        assert versions_on_index(target, "not-published-yet") == set()
        # A 404 from a URL that is no index is not "no versions": that would let any through.
        with pytest.raises(CannotPublish, match="answered 404: is it the simple index"):
            versions_on_index(replace(target, index_url=f"{url}/empty/"), NAME)


@pytest.mark.parametrize(
    ("url", "said"),
    [
        ("reader:s3cret@idx.example.com/simple/", "is not an http(s) URL: [redacted]@idx"),
        ("https:/reader:s3cret@idx.example.com/simple/", "is not an http(s) URL: [redacted]@idx"),
        ("https://[::1", "is not an http(s) URL"),
        ("http://reader:s3cret@idx.example.com/simple/", "must be https:// for a host other"),
    ],
)
def test_a_malformed_or_clear_text_index_url_is_refused_without_its_password(
    url: str, said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    environ = {**Index(Path("unused"), "http://127.0.0.1:9").environ(), INDEX_URL: url}
    assert main([], environ) == CANNOT_PUBLISH
    err = capsys.readouterr().err
    assert said in err
    assert "s3cret" not in err


def test_a_published_version_without_its_tag_is_refused(tmp_path: Path) -> None:
    kit = _scratch_kit(tmp_path)
    _git(kit, "tag", "-d", f"v{VERSION}")
    patch = f"{Version(VERSION).major}.{Version(VERSION).minor}.{Version(VERSION).micro + 1}"
    (kit / "dist").mkdir()
    for built in (WHEEL, SDIST):
        shutil.copy(ROOT / "dist" / built, kit / "dist" / built.replace(VERSION, patch))
    spec = load_spec()
    (kit / "openapi.yaml").write_text(
        yaml.safe_dump({**spec, "info": {**spec["info"], "version": patch}}, sort_keys=False)
    )
    _git(kit, "commit", "--quiet", "-am", patch)
    with _serving_index(tmp_path / "index", {WHEEL: b""}) as index:
        refused = _publish(_without_git(index.environ()), kit)
        assert refused.returncode == REFUSED, _said(refused)
        assert f"has no tag v{VERSION} to compare openapi.yaml with" in refused.stderr
        assert index.files() == {WHEEL: b""}


def _spec(version: str, *paths: str) -> dict[str, Any]:
    ok = {"200": {"description": "OK"}}
    return {
        "openapi": "3.1.0",
        "info": {"title": "Charge boxes", "version": version},
        "paths": {
            path: {"get": {"operationId": path.strip("/"), "responses": ok}} for path in paths
        },
    }


def test_a_breaking_change_without_a_major_bump_is_refused() -> None:
    old = _spec("3.0.0", "/v2/chargeboxes", "/v2/evses")
    on_index = {Version("3.0.0")}
    why_not, lines = decide(NAME, Version("3.1.0"), on_index, old, _spec("3.1.0", "/v2/evses"))
    assert why_not is not None
    assert "breaks clients of 3.0.0 without the major bump" in why_not
    assert any("BREAKING: GET /v2/chargeboxes: operation removed" in line for line in lines)
    assert "set info.version to 4.0.0" in lines[-1]
    bumped = decide(NAME, Version("4.0.0"), on_index, old, _spec("4.0.0", "/v2/evses"))
    assert bumped[0] is None
    added = _spec("3.1.0", "/v2/chargeboxes", "/v2/evses", "/v2/locations")
    assert decide(NAME, Version("3.1.0"), on_index, old, added)[0] is None


def test_a_version_the_index_has_or_exceeds_is_refused_before_compat() -> None:
    spec = _spec("3.0.0", "/v2/chargeboxes")
    again, _ = decide(NAME, Version("3.0.0"), {Version("3.0.0")}, spec, spec)
    older, _ = decide(NAME, Version("3.0.0"), {Version("3.1.0")}, spec, spec)
    assert again is not None
    assert "already on the index" in again
    assert older is not None
    assert "is lower than 3.1.0" in older
    assert decide(NAME, Version("3.0.0"), set(), None, spec) == (None, [])


def _without_git(env: Mapping[str, str]) -> dict[str, str]:
    """`env` without GIT_* (a hook's GIT_DIR would point git at the kit's own repository)."""
    return {k: v for k, v in env.items() if not k.startswith("GIT_")}


def _git(repo: Path, *args: str) -> None:
    """git in the scratch repository, whatever the user's git config says about identity,
    signing and hooks."""
    config = [
        "user.name=publish test",
        "user.email=publish@test.invalid",
        "core.hooksPath=/dev/null",
    ]
    config += ["commit.gpgSign=false", "tag.gpgSign=false"]
    command = ["git", *(arg for item in config for arg in ("-c", item)), *args]
    subprocess.run(command, cwd=repo, env=_without_git(os.environ), check=True, capture_output=True)  # noqa: S603


def _scratch_kit(tmp_path: Path) -> Path:
    """A repository of its own with the kit's spec, compat and publish: openapi.yaml and the
    client's pyproject committed as v<VERSION>, and tagged so."""
    kit = tmp_path / "kit"
    for package in ("spec", "compat", "publish"):
        shutil.copytree(ROOT / package, kit / package, ignore=shutil.ignore_patterns("__pycache__"))
    (kit / "generated").mkdir()
    shutil.copy(ROOT / "generated/pyproject.toml", kit / "generated/pyproject.toml")
    shutil.copy(ROOT / "openapi.yaml", kit / "openapi.yaml")
    _git(kit, "init", "--quiet")
    _git(kit, "add", "openapi.yaml", "generated/pyproject.toml")
    _git(kit, "commit", "--quiet", "-m", f"{VERSION}")
    _git(kit, "tag", f"v{VERSION}")
    return kit


def test_compat_compares_with_the_tag_of_the_newest_version_on_the_index(
    published: tuple[Index, subprocess.CompletedProcess[str]], tmp_path: Path
) -> None:
    """End to end in a scratch repository: v<VERSION> is on the index and tagged; HEAD drops an
    operation as a minor release and carries an rc tag, which compat's own default (the nearest
    v* tag) would compare with and pass."""
    kit = _scratch_kit(tmp_path)
    minor = f"{Version(VERSION).major}.{Version(VERSION).minor + 1}.0"
    spec = load_spec()
    changed = {**spec, "info": {**spec["info"], "version": minor}}
    changed["paths"] = {p: item for p, item in spec["paths"].items() if p != "/v2/chargeboxes/{id}"}
    (kit / "openapi.yaml").write_text(yaml.safe_dump(changed, sort_keys=False))
    _git(kit, "commit", "--quiet", "-am", f"{minor} rc1")
    _git(kit, "tag", f"v{minor}-rc1")
    (kit / "dist").mkdir()
    for built in (WHEEL, SDIST):  # only the names matter: compat refuses before any upload
        shutil.copy(ROOT / "dist" / built, kit / "dist" / built.replace(VERSION, minor))
    with _serving_index(tmp_path / "index", {WHEEL: b""}) as index:
        refused = _publish(_without_git(index.environ()), kit)
        assert refused.returncode == REFUSED, _said(refused)
        assert f"compat: openapi.yaml against v{VERSION}" in refused.stdout
        assert "BREAKING: GET /v2/chargeboxes/{id}: operation removed" in refused.stdout
        assert f"breaks clients of {VERSION} without the major bump" in refused.stderr
        assert index.files() == {WHEEL: b""}


def test_a_fresh_venv_installs_the_client_from_the_index_and_runs_the_readme_example(
    published: tuple[Index, subprocess.CompletedProcess[str]], mock_url: str, tmp_path: Path
) -> None:
    index, _ = published
    venv = tmp_path / "venv"
    python = venv / "bin/python"
    path_only = {"PATH": os.environ["PATH"]}
    assert _run([sys.executable, "-m", "venv", venv], path_only).returncode == 0
    # --isolated: no pip config or PIP_* variable (this machine adds indexes and find-links), so
    # the local index is the only place the client can come from; the report says where it did.
    report = tmp_path / "report.json"
    pinned = f"{NAME}=={VERSION}"
    pip: list[str | Path] = [python, "-m", "pip"]
    isolated = [*pip, "--isolated", "install", "--no-deps", "--quiet", "--report", report]
    from_index = _run([*isolated, "--index-url", index.simple, pinned], path_only)
    assert from_index.returncode == 0, _said(from_index)
    (installed,) = json.loads(report.read_text())["install"]
    assert installed["metadata"]["version"] == VERSION
    assert installed["download_info"]["url"] == f"{index.url}/packages/{WHEEL}"
    uploaded = hashlib.sha256((index.packages / WHEEL).read_bytes()).hexdigest()
    assert installed["download_info"]["archive_info"]["hashes"]["sha256"] == uploaded
    # Its dependencies as a consumer gets them: pip as this machine configures it.
    as_configured = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    deps = _run([*pip, "install", "--quiet", pinned], as_configured, tmp_path)
    assert deps.returncode == 0, _said(deps)

    example = python_blocks(ROOT / "README.md")[0]
    workdir = tmp_path / "consumer"  # an empty folder: nothing but the venv's client to import
    workdir.mkdir()
    # As the README says to run it against the mock: the example itself, unchanged.
    env = {**path_only, "SPIRII_API_KEY": DEFAULT_API_KEY, "SPIRII_BASE_URL": mock_url}
    ran = _run([python, "-I", "-c", example], env, workdir)
    assert ran.returncode == 0, _said(ran)
    assert re.fullmatch(r"\S+ \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\+00:00\n", ran.stdout), ran.stdout
    where = _run(
        [python, "-I", "-c", "import spirii_chargebox_client as c; print(c.__file__)"], env, workdir
    )
    assert Path(where.stdout.strip()).is_relative_to(venv), where.stdout


def test_uncommitted_changes_are_refused(tmp_path: Path) -> None:
    """The tag to make after publishing must name what consumers install."""
    kit = _scratch_kit(tmp_path)
    patch = f"{Version(VERSION).major}.{Version(VERSION).minor}.{Version(VERSION).micro + 1}"
    spec = load_spec()
    (kit / "openapi.yaml").write_text(
        yaml.safe_dump({**spec, "info": {**spec["info"], "version": patch}}, sort_keys=False)
    )
    (kit / "dist").mkdir()
    for built in (WHEEL, SDIST):
        shutil.copy(ROOT / "dist" / built, kit / "dist" / built.replace(VERSION, patch))
    with _serving_index(tmp_path / "index", {WHEEL: b""}) as index:
        environ = {k: v for k, v in index.environ().items() if k != ALLOW_DIRTY}
        refused = _publish(_without_git(environ), kit)
        assert refused.returncode == REFUSED, _said(refused)
        assert "openapi.yaml or generated/ has changes not committed" in refused.stderr
        assert "M openapi.yaml" in refused.stderr
        assert index.files() == {WHEEL: b""}


def test_an_index_that_lists_an_upload_late_is_asked_again() -> None:
    """Nexus and Artifactory cache their simple pages: the check after an upload waits."""
    asked: list[int] = []

    async def root(request: Request) -> Response:
        return PlainTextResponse("the index")

    async def project(request: Request) -> Response:
        asked.append(1)
        names = [WHEEL] if len(asked) >= 3 else []
        links = "".join(f'<a href="/f/{name}">{name}</a>' for name in names)
        return HTMLResponse(f"<html><body>{links}</body></html>")

    routes = [Route("/simple/", root), Route(f"/simple/{NAME}/", project)]
    with serving(Starlette(routes=routes)) as url:
        target = Target(f"{url}/", f"{url}/simple/", PUBLISHER, SECRET)
        assert listed(target, NAME, Version(VERSION), waits=(0.0, 0.0, 0.0))
        assert len(asked) == 3
        asked.clear()
        assert not listed(target, NAME, Version(VERSION), waits=(0.0,))
