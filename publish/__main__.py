"""`python -m publish` (`make publish`): upload dist/'s client package to the team's package index.

Other teams `pip install spirii-chargebox-client==<info.version>`, so a version, once on the
index, is a promise: this uploads dist/'s wheel and sdist of openapi.yaml's info.version only when
the index does not have that version yet, has nothing newer, and `make compat` agrees that the
change since the newest version there (its `v<version>` tag, refused when missing; compat's
default ref only while the index has no version yet) is
announced by the version number. Then it reads the index again to see the version listed.

Environment (all required; credentials and any userinfo in the URLs are never printed):
  SPIRII_PUBLISH_URL        the upload endpoint (twine's repository URL)
  SPIRII_PUBLISH_INDEX_URL  the PEP 503 simple index consumers install from (http://host/simple/);
                            userinfo in it is how a private index is read
  SPIRII_PUBLISH_USERNAME   the account that uploads (`__token__` with an API token)
  SPIRII_PUBLISH_PASSWORD   its password or token
  SPIRII_PUBLISH_ALLOW_DIRTY  optional: 1 publishes even with uncommitted openapi.yaml or
                            generated/ (refused otherwise: the tag must name what was published)

`python -m publish --check-environment` only checks the variables (make publish runs it before
the build).

Exit codes: 0 published; 1 refused, nothing uploaded (the message says what to do); 4 cannot
publish (a variable missing, the index unreachable, the upload rejected).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import httpx
from packaging.utils import (
    InvalidSdistFilename,
    InvalidWheelFilename,
    NormalizedName,
    canonicalize_name,
    parse_sdist_filename,
    parse_wheel_filename,
)
from packaging.version import Version

from compat import default_ref, git, spec_at
from compat.__main__ import verdict
from spec import SPEC_PATH, load_spec

Spec = dict[str, Any]

PUBLISHED, REFUSED, CANNOT_PUBLISH = 0, 1, 4
UPLOAD_URL = "SPIRII_PUBLISH_URL"
INDEX_URL = "SPIRII_PUBLISH_INDEX_URL"
USERNAME = "SPIRII_PUBLISH_USERNAME"
PASSWORD = "SPIRII_PUBLISH_PASSWORD"  # noqa: S105 (the variable's name, not a password)
VARIABLES = (UPLOAD_URL, INDEX_URL, USERNAME, PASSWORD)
# "1": publish even with uncommitted openapi.yaml or generated/ (the kit's own tests; a dry run).
ALLOW_DIRTY = "SPIRII_PUBLISH_ALLOW_DIRTY"

ROOT = SPEC_PATH.parent
DIST = ROOT / "dist"
CLIENT_PYPROJECT = ROOT / "generated" / "pyproject.toml"
# PEP 691 JSON first; indexes that only speak PEP 503 (pypiserver) answer with HTML.
_SIMPLE_ACCEPT = (
    "application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html;q=0.2, "
    "text/html;q=0.1"
)
_TIMEOUT = httpx.Timeout(30.0)
# Own copies of the guard's two constants (contract_tests/target.py): publishing does not import
# the guard.
MASK = "[redacted]"
_LOOPBACK = frozenset({"localhost", "127.0.0.1", "::1"})
_UPLOAD_TIMEOUT_S = 600


class Refused(Exception):
    """Publishing this would hand consumers something they must not get (exit 1)."""


class CannotPublish(Exception):
    """The environment or the index does not allow publishing now (exit 4)."""


def shown_url(url: str) -> str:
    """`url` without its userinfo, fit to print, however malformed it is."""
    try:
        parts = urlsplit(url)
    except ValueError:
        parts = None
    if parts is not None and "@" in parts.netloc:
        return parts._replace(netloc=parts.netloc.rpartition("@")[2]).geturl()
    return f"{MASK}@{url.rpartition('@')[2]}" if "@" in url else url


@dataclass(frozen=True)
class Target:
    """Where to upload, where consumers install from, and the account that may upload."""

    upload_url: str
    index_url: str
    username: str
    password: str = field(repr=False)

    @classmethod
    def from_environ(cls, environ: Mapping[str, str]) -> Target:
        """The target the SPIRII_PUBLISH_* variables name; CannotPublish naming what is missing."""
        missing = [name for name in VARIABLES if not environ.get(name, "").strip()]
        if missing:
            raise CannotPublish(
                f"set {', '.join(missing)} (.venv/bin/python -m publish --help lists them)"
            )
        for name in (UPLOAD_URL, INDEX_URL):
            try:
                parts = urlsplit(environ[name].strip())
                host = parts.hostname
            except ValueError:
                host = None
            if host is None or parts.scheme not in ("http", "https"):
                raise CannotPublish(f"{name} is not an http(s) URL: {shown_url(environ[name])}")
            if parts.scheme == "http" and host not in _LOOPBACK:
                # The password would cross the network in clear text (basic auth).
                raise CannotPublish(f"{name} must be https:// for a host other than this machine")
        upload, index = environ[UPLOAD_URL].strip(), environ[INDEX_URL].strip()
        if upload.rstrip("/").endswith(("/simple", "+simple")) or upload == index:
            # No index in the README's table takes uploads there: said before any build.
            raise CannotPublish(
                f"{UPLOAD_URL} is the upload URL, not the simple index consumers read "
                f"({shown_url(upload)}): docs/publishing.md lists both"
            )
        return cls(*(environ[name].strip() for name in VARIABLES))

    def masked(self, text: str) -> str:
        """`text` with the password and the URLs' userinfo replaced by [redacted]."""
        secrets = {self.password}
        for url in (self.upload_url, self.index_url):
            userinfo = urlsplit(url).netloc.rpartition("@")[0]
            secrets |= {userinfo, userinfo.partition(":")[2]}
        for secret in sorted(secrets - {""}, key=len, reverse=True):
            text = text.replace(secret, MASK)
        return text


def client_name() -> str:
    """The client's distribution name, as generated/pyproject.toml declares it."""
    with CLIENT_PYPROJECT.open("rb") as pyproject:
        name: str = tomllib.load(pyproject)["project"]["name"]
    return name


def _release(filename: str) -> tuple[NormalizedName, Version] | None:
    """(project, version) of a wheel's or sdist's file name; None for any other file."""
    try:
        if filename.endswith(".whl"):
            project, version, _, _ = parse_wheel_filename(filename)
            return project, version
        return parse_sdist_filename(filename)
    except (InvalidWheelFilename, InvalidSdistFilename):
        return None


def versions_in(filenames: Iterable[str], name: str) -> set[Version]:
    """The versions of `name` among an index's file names."""
    releases = (_release(filename) for filename in filenames)
    return {r[1] for r in releases if r is not None and r[0] == canonicalize_name(name)}


class _Anchors(HTMLParser):
    """The hrefs of a PEP 503 page's links."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.hrefs += [value for key, value in attrs if key == "href" and value]


def _filenames(response: httpx.Response) -> list[str]:
    if response.headers.get("content-type", "").startswith("application/vnd.pypi.simple.v1+json"):
        return [str(file["filename"]) for file in response.json()["files"]]
    anchors = _Anchors()
    anchors.feed(response.text)
    return [unquote(urlsplit(href).path.rpartition("/")[2]) for href in anchors.hrefs]


def versions_on_index(target: Target, name: str) -> set[Version]:
    """The versions of `name` the index lists (none when it answers 404)."""
    project_url = f"{target.index_url.rstrip('/')}/{canonicalize_name(name)}/"
    try:
        response = httpx.get(
            project_url,
            headers={"Accept": _SIMPLE_ACCEPT},
            follow_redirects=True,
            timeout=_TIMEOUT,
        )
    except (httpx.HTTPError, httpx.InvalidURL) as error:
        raise CannotPublish(
            f"cannot read {shown_url(project_url)} ({INDEX_URL}): "
            f"{target.masked(str(error)) or type(error).__name__}"
        ) from None
    if response.status_code == httpx.codes.NOT_FOUND:
        # No such project yet, if the index itself answers: else the URL is wrong, and "none
        # there" would let a version it has through.
        _index_answers(target)
        return set()
    if response.status_code != httpx.codes.OK:
        raise CannotPublish(
            f"{shown_url(project_url)} ({INDEX_URL}) answered {response.status_code}, "
            "not a simple index page"
        )
    return versions_in(_filenames(response), name)


def _index_answers(target: Target) -> None:
    """CannotPublish unless SPIRII_PUBLISH_INDEX_URL answers as an index root does (200)."""
    status: int | str
    try:
        status = httpx.get(target.index_url, follow_redirects=True, timeout=_TIMEOUT).status_code
    except (httpx.HTTPError, httpx.InvalidURL) as error:
        status = type(error).__name__
    if status != httpx.codes.OK:
        raise CannotPublish(
            f"{shown_url(target.index_url)} ({INDEX_URL}) answered {status}: is it the simple "
            "index (docs/publishing.md)?"
        )


def listed(
    target: Target, name: str, version: Version, waits: Sequence[float] = (1.0, 2.0, 4.0)
) -> bool:
    """Whether the index lists `version`, asked again after each of `waits` seconds: indexes
    that cache their simple pages (Nexus, Artifactory) list an upload late."""
    for wait in (0.0, *waits):
        time.sleep(wait)
        if version in versions_on_index(target, name):
            return True
    return False


def distributions(dist: Path, name: str, version: Version) -> list[Path]:
    """dist/'s wheel and sdist of `name` `version`; Refused unless there is exactly one of each."""
    ours = [
        path
        for path in sorted(dist.iterdir() if dist.is_dir() else [])
        if _release(path.name) == (canonicalize_name(name), version)
    ]
    wheels = [path for path in ours if path.suffix == ".whl"]
    sdists = [path for path in ours if path.suffix != ".whl"]
    if len(wheels) != 1 or len(sdists) != 1:
        raise Refused(
            f"{dist} holds {len(wheels)} wheel(s) and {len(sdists)} sdist(s) of {name} {version}, "
            "not one of each: run `make build` (`make publish` does)"
        )
    return [*wheels, *sdists]


def compat_ref(newest: Version | None) -> str | None:
    """The git ref to compare with: the newest indexed version's tag; compat's default only when
    the index has no version yet. Refused when that tag is missing: compared with anything else,
    a breaking change could pass."""
    if newest is None:
        return default_ref()
    if git("rev-parse", "--verify", "--quiet", f"refs/tags/v{newest}") is None:
        raise Refused(
            f"the index has {newest}, and this repository has no tag v{newest} to compare "
            f"openapi.yaml with: tag the commit {newest} was published from "
            f"(git tag v{newest} <commit>), then publish again"
        )
    return f"v{newest}"


_REDO = "then `make generate`, commit, and `make publish` again"


def version_refusal(name: str, version: Version, on_index: set[Version]) -> str | None:
    """Why `version` may not go onto an index that holds `on_index`, or None."""
    if version in on_index:
        return (
            f"{name} {version} is already on the index, and a version is never published twice: "
            f"raise info.version in openapi.yaml (and record it in CHANGELOG.md), {_REDO}"
        )
    newest = max(on_index, default=None)
    if newest is not None and version < newest:
        return (
            f"{name} {version} is lower than {newest}, the newest on the index, which pip "
            f"would keep choosing: set info.version in openapi.yaml above {newest}, {_REDO}"
        )
    return None


def compat_refusal(old_spec: Spec | None, new_spec: Spec) -> tuple[str | None, list[str]]:
    """(why not, or None; compat's report) for `new_spec` replacing `old_spec`, the contract
    last published (None: nothing to compare with)."""
    if old_spec is None:
        return None, []
    code, lines = verdict(old_spec, new_spec)
    if code != 0:
        return (
            f"openapi.yaml breaks clients of {old_spec['info']['version']} without the major "
            f"bump compat asks for (above): fix info.version, {_REDO}",
            lines,
        )
    return None, lines


def decide(
    name: str, version: Version, on_index: set[Version], old_spec: Spec | None, new_spec: Spec
) -> tuple[str | None, list[str]]:
    """(why not, or None to publish; compat's report): the version's rules, then compat's."""
    why_not = version_refusal(name, version, on_index)
    return (why_not, []) if why_not else compat_refusal(old_spec, new_spec)


def upload(target: Target, files: Sequence[Path]) -> None:
    """Upload `files` with twine, credentials in its environment; CannotPublish when rejected."""
    environ = {
        **os.environ,
        "TWINE_USERNAME": target.username,
        "TWINE_PASSWORD": target.password,
        "TWINE_REPOSITORY_URL": shown_url(target.upload_url),
        # Never prompt, never read (or unlock) a desktop keyring.
        "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring",
    }
    command = [sys.executable, "-m", "twine", "--no-color", "upload", "--non-interactive"]
    try:
        completed = subprocess.run(  # noqa: S603
            [*command, "--disable-progress-bar", *(str(path) for path in files)],
            env=environ,
            capture_output=True,
            text=True,
            check=False,
            timeout=_UPLOAD_TIMEOUT_S,
        )
    except subprocess.TimeoutExpired:
        raise CannotPublish(f"twine did not finish within {_UPLOAD_TIMEOUT_S} s") from None
    said = target.masked(completed.stdout + completed.stderr).rstrip()
    # twine's "Retry with the --verbose option" cannot be followed through make: what went
    # wrong is said below instead.
    said = "\n".join(line for line in said.splitlines() if "--verbose" not in line)
    if said:
        print(said, file=sys.stderr)
    if completed.returncode == 0:
        return
    status = re.search(r"HTTPError: (\d{3})", said)
    where = f"{shown_url(target.upload_url)} ({UPLOAD_URL})"
    if status and status[1] in ("401", "403"):
        raise CannotPublish(
            f"{where} refused the credentials ({status[1]}): check {USERNAME} and {PASSWORD}"
        )
    if status and status[1] == "405":
        raise CannotPublish(
            f"{where} answered 405: it takes no uploads; {UPLOAD_URL} is the upload URL, not the "
            "/simple/ index (docs/publishing.md lists both for common indexes)"
        )
    answer = f"answered {status[1]}" if status else "could not be reached or rejected the upload"
    raise CannotPublish(f"{where} {answer} (twine's output above)")


def publish(environ: Mapping[str, str]) -> None:
    """Publish dist/'s client to the index `environ` names, or raise why not."""
    target = Target.from_environ(environ)
    name, version = client_name(), Version(str(load_spec()["info"]["version"]))
    files = distributions(DIST, name, version)
    index = shown_url(target.index_url)
    on_index = versions_on_index(target, name)
    shown = ", ".join(str(v) for v in sorted(on_index)) or "none yet"
    print(f"{index} has {name}: {shown}")
    why_not = version_refusal(name, version, on_index)  # before compat_ref asks for a tag
    if why_not:
        raise Refused(why_not)
    ref = compat_ref(max(on_index, default=None))
    old_spec = spec_at(ref) if ref else None
    if old_spec is None:
        print(f"compat: no earlier openapi.yaml to compare with ({ref or 'no v* tag, no history'})")
    why_not, lines = compat_refusal(old_spec, load_spec())
    if lines:
        print(f"compat: openapi.yaml against {ref}", *lines, sep="\n")
    if why_not:
        raise Refused(why_not)
    uncommitted = git("status", "--porcelain", "--", "openapi.yaml", "generated")
    if uncommitted != "" and environ.get(ALLOW_DIRTY) != "1":
        said = uncommitted.rstrip() if uncommitted else "(git status failed: not a git checkout?)"
        raise Refused(
            "openapi.yaml or generated/ has changes not committed: commit them first, so the "
            f"tag v{version} names exactly what consumers install\n{said}"
        )
    print(f"uploading {', '.join(path.name for path in files)} to {shown_url(target.upload_url)}")
    upload(target, files)
    if not listed(target, name, version):
        raise CannotPublish(
            f"uploaded, but {index} does not list {name} {version}: is {INDEX_URL} the index "
            f"{UPLOAD_URL} uploads to?"
        )
    print(f"published {name} {version} to {index}")
    print(f"consumers install it with: pip install --index-url {index} '{name}=={version}'")
    print("  (an index without PyPI's packages: the client README's Install says how)")
    tag = f"v{version}"
    print(f"tag it, so the next compat compares with it: git tag {tag} && git push origin {tag}")


def main(argv: Sequence[str], environ: Mapping[str, str]) -> int:
    """Run `publish`; the exit code (0 published, 1 refused, 4 cannot publish)."""
    if list(argv) not in ([], ["--check-environment"]):
        print(__doc__)
        return PUBLISHED if argv[0] in ("-h", "--help") else CANNOT_PUBLISH
    try:
        if argv:  # before a build: a missing variable is said at once
            Target.from_environ(environ)
        else:
            publish(environ)
    except Refused as refusal:
        print(f"publish: refused, nothing uploaded: {refusal}", file=sys.stderr)
        return REFUSED
    except CannotPublish as failure:
        print(f"publish: cannot publish: {failure}", file=sys.stderr)
        return CANNOT_PUBLISH
    except Exception as error:  # not a refusal: nothing was judged about the version
        said = shown_url(str(error)) if "@" in str(error) else str(error)
        print(
            f"publish: cannot publish, unexpected {type(error).__name__}: {said}", file=sys.stderr
        )
        return CANNOT_PUBLISH
    return PUBLISHED


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:], os.environ))
