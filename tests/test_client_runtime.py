"""The client's own runtime, templates/runtime/, is what the generated package is built from, and
decides as documented: waits, Retry-After and bounds of retries, and the cursor handling of the
page walk.

The runtime imports only the standard library, httpx, attrs and itself (relatively), never the
package built from it, and the templates paste each module in as it is: the first tests here hold
both rules. Its behaviour is then tested through the generated package, where it ships
(spirii_chargebox_client.client, .api, .errors, .models), never by importing templates.runtime:
the two would be two copies of every class (templates.runtime.errors.SpiriiError is not
spirii_chargebox_client.errors.SpiriiError), and the tests would not be testing what ships.
tests/test_client_resilience.py tests the same behaviour through the generated client's calls.
"""

from __future__ import annotations

import ast
import asyncio
import email.utils
import logging
import os
import random
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from spirii_chargebox_client.api import PageWalk, awalk_pages, walk_pages
from spirii_chargebox_client.client import Attempts, RetryPolicy
from spirii_chargebox_client.errors import (
    AuthError,
    RateLimited,
    RepeatedPageCursor,
    SpiriiError,
    UnexpectedStatus,
)
from spirii_chargebox_client.types import UNSET

ROOT = Path(__file__).resolve().parent.parent
RUNTIME = ROOT / "templates/runtime"
PACKAGE = ROOT / "generated/spirii_chargebox_client"
URL = "http://spirii.test/v2/chargeboxes/7"

# The module the generator writes from each template that pastes in runtime modules (its file
# names are fixed: openapi-python-client writes errors.py from errors.py.jinja, and so on).
PASTED_INTO = {
    "errors.py.jinja": "errors.py",
    "client.py.jinja": "client.py",
    "models_init.py.jinja": "models/__init__.py",
    "api_init.py.jinja": "api/__init__.py",
}
# What a runtime module may import besides the standard library and the runtime itself: what the
# generated package depends on (generated/pyproject.toml).
THIRD_PARTY = frozenset({"httpx", "attrs"})


def _answer(status: int, retry_after: str | bytes | None = None) -> httpx.Response:
    if retry_after is None:
        return httpx.Response(status)
    value = retry_after if isinstance(retry_after, bytes) else retry_after.encode()
    return httpx.Response(status, headers=[(b"Retry-After", value)])


def _get() -> httpx.Request:
    return httpx.Request("GET", URL)


def _highest_jitter(monkeypatch: pytest.MonkeyPatch) -> None:
    """Full jitter always draws the top of its range, so a wait shows its cap."""
    monkeypatch.setattr(random, "uniform", lambda low, high: high)


# The runtime and the package built from it.


def _runtime_modules() -> list[Path]:
    """Every module of the runtime, its folders' __init__.py included."""
    return sorted(RUNTIME.rglob("*.py"))


def _pastes() -> list[tuple[str, str, str]]:
    """(template, runtime module, generated module) for every runtime module a template pastes
    in, in the order each template pastes them."""
    pastes = []
    for template in sorted((ROOT / "templates").glob("*.jinja")):
        for runtime in re.findall(r'\{%-?\s*include\s+"runtime/([^"]+)"', template.read_text()):
            assert template.name in PASTED_INTO, (
                f"{template.name} pastes in runtime/{runtime}: name the module the generator "
                "writes from it in PASTED_INTO"
            )
            pastes.append((template.name, runtime, PASTED_INTO[template.name]))
    return pastes


def test_the_runtime_is_plain_python_for_the_templates_to_paste() -> None:
    # The templates {% include %} these files: Jinja would act on its own syntax inside them.
    for module in _runtime_modules():
        source = module.read_text()
        assert not re.search(r"\{[{%#]", source), f"{module.name} holds Jinja syntax"


def _absolute_imports(node: ast.Import | ast.ImportFrom) -> list[str]:
    """The modules an `import` or `from ... import` statement names."""
    if isinstance(node, ast.ImportFrom):
        return [node.module or ""]
    return [alias.name for alias in node.names]


def _imports_outside_the_runtime(module: Path) -> list[str]:
    """The imports of `module` that are neither the standard library, httpx, attrs, nor a
    relative import of another runtime module, as `line N: import ...`."""
    folder = module.relative_to(RUNTIME).parent.parts
    offending = []
    for node in ast.walk(ast.parse(module.read_text(), str(module))):
        if isinstance(node, ast.ImportFrom) and node.level > 0:
            if node.level - 1 > len(folder):
                offending.append(f"line {node.lineno}: {ast.unparse(node)} (above the runtime)")
                continue
            base = RUNTIME.joinpath(*folder[: len(folder) - (node.level - 1)])
            targets = [node.module] if node.module else [alias.name for alias in node.names]
            for target in targets:
                path = base.joinpath(*target.split("."))
                if not (path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()):
                    offending.append(f"line {node.lineno}: {ast.unparse(node)} (no such module)")
            continue
        if not isinstance(node, ast.Import | ast.ImportFrom):
            continue
        for name in _absolute_imports(node):
            top = name.split(".")[0]
            if top not in sys.stdlib_module_names and top not in THIRD_PARTY:
                offending.append(f"line {node.lineno}: {ast.unparse(node)}")
    return offending


def test_the_runtime_imports_only_the_standard_library_httpx_attrs_and_itself() -> None:
    """Never the generated package: it is built from the runtime, not the other way round."""
    offending = {
        str(module.relative_to(ROOT)): imports
        for module in _runtime_modules()
        if (imports := _imports_outside_the_runtime(module))
    }

    assert offending == {}, (
        "the runtime may import the standard library, httpx, attrs and its own modules "
        "(relatively: `.errors`, `..errors`), nothing else, least of all spirii_chargebox_client"
    )


def test_the_runtime_imports_on_its_own_without_the_generated_package() -> None:
    # A fresh interpreter where importing spirii_chargebox_client fails (and generated/ is not on
    # its path): every runtime module still imports, relative imports and all.
    script = (
        "import importlib, pkgutil, sys\n"
        "sys.modules['spirii_chargebox_client'] = None\n"
        "import templates.runtime as runtime\n"
        "for found in pkgutil.walk_packages(runtime.__path__, 'templates.runtime.'):\n"
        "    print(importlib.import_module(found.name).__name__)\n"
    )
    ran = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={name: value for name, value in os.environ.items() if name != "PYTHONPATH"},
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )

    assert ran.returncode == 0, ran.stderr
    expected = {
        ".".join(("templates", "runtime", *module.relative_to(RUNTIME).with_suffix("").parts))
        for module in _runtime_modules()
        if module != RUNTIME / "__init__.py"
    }
    assert set(ran.stdout.split()) == {name.removesuffix(".__init__") for name in expected}


def test_every_runtime_module_is_pasted_once_into_the_module_of_its_folder() -> None:
    """A runtime module sits in the folder of the generated module it is pasted into (models/
    for models/__init__.py), so its relative imports name the same modules there and here."""
    pastes = _pastes()
    pasted = sorted(runtime for _, runtime, _ in pastes)
    modules = sorted(
        str(module.relative_to(RUNTIME))
        for module in _runtime_modules()
        if module.name != "__init__.py"
    )

    assert pasted == modules, "every runtime module is pasted in by exactly one template"
    for template, runtime, generated in pastes:
        assert Path(runtime).parent == Path(generated).parent, (
            f"{template} pastes runtime/{runtime} into {generated}: move it to "
            f"runtime/{Path(generated).parent / Path(runtime).name}"
        )


def _import_bindings(statements: list[ast.stmt]) -> set[tuple[int, str, str, str | None]]:
    """Every name the import statements among `statements` bind: (level, module, name, as)."""
    bindings = set()
    for statement in statements:
        if isinstance(statement, ast.Import):
            bindings |= {(0, "", alias.name, alias.asname) for alias in statement.names}
        elif isinstance(statement, ast.ImportFrom):
            bindings |= {
                (statement.level, statement.module or "", alias.name, alias.asname)
                for alias in statement.names
            }
    return bindings


def _is_import(statement: ast.stmt) -> bool:
    return isinstance(statement, ast.Import | ast.ImportFrom)


@pytest.mark.parametrize("template", sorted(PASTED_INTO))
def test_the_generated_module_holds_the_runtime_it_pastes_in_verbatim(template: str) -> None:
    """Compared as syntax trees: the generator's post-hooks (ruff) reformat the module and merge
    its imports, so every name the runtime imports must be bound alike, and every other statement
    of a runtime module must follow the one before it, unchanged."""
    generated = PACKAGE / PASTED_INTO[template]
    package_body = ast.parse(generated.read_text(), str(generated)).body
    package_bindings = _import_bindings(package_body)
    package_statements = [ast.dump(s) for s in package_body if not _is_import(s)]
    found_at = 0
    for _, runtime, _ in (paste for paste in _pastes() if paste[0] == template):
        module = RUNTIME / runtime
        body = ast.parse(module.read_text(), str(module)).body
        stale = "; or generated/ is stale: run `make generate`"
        missing = _import_bindings(body) - package_bindings
        assert not missing, f"{generated.name} lacks runtime/{runtime}'s imports {missing}{stale}"
        statements = [ast.dump(s) for s in body if not _is_import(s)]
        for start in range(found_at, len(package_statements) - len(statements) + 1):
            if package_statements[start : start + len(statements)] == statements:
                found_at = start + len(statements)
                break
        else:
            first_edit = next(
                (s for s in body if not _is_import(s) and ast.dump(s) not in package_statements),
                None,
            )
            where = f", first at line {first_edit.lineno}" if first_edit else " (order)"
            pytest.fail(f"{template} changes runtime/{runtime} as it pastes it in{where}{stale}")


def test_no_test_imports_the_runtime_itself() -> None:
    """The tests use the runtime as the package ships it: one copy of each class at test time."""
    importers = []
    for test_module in sorted((ROOT / "tests").glob("*.py")):
        for node in ast.walk(ast.parse(test_module.read_text(), str(test_module))):
            if not isinstance(node, ast.Import | ast.ImportFrom):
                continue
            names = _absolute_imports(node)
            if any(name == "templates" or name.startswith("templates.") for name in names):
                importers.append(f"{test_module.name}:{node.lineno}")

    assert importers == [], "import the runtime from spirii_chargebox_client instead"


# RetryPolicy.wait_before_retry: how long, and whether at all.


def test_retry_after_in_seconds_is_the_wait_exactly_and_max_delay_does_not_cap_it() -> None:
    policy = RetryPolicy(max_delay=1)

    assert policy.wait_before_retry(1, 0.0, _answer(429, retry_after="3")) == 3.0
    assert policy.wait_before_retry(1, 0.0, _answer(503, retry_after=" 0 ")) == 0.0


def test_retry_after_as_an_http_date_waits_until_then() -> None:
    in_five_seconds = datetime.now(UTC) + timedelta(seconds=5)
    date = email.utils.format_datetime(in_five_seconds, usegmt=True)

    wait = RetryPolicy().wait_before_retry(1, 0.0, _answer(503, retry_after=date))

    assert wait is not None
    assert 3.0 < wait <= 5.0  # the date has whole seconds


def test_retry_after_as_a_date_in_the_past_or_without_zone_means_now() -> None:
    policy = RetryPolicy()

    assert policy.wait_before_retry(1, 0.0, _answer(503, "Wed, 21 Oct 2015 07:28:00 GMT")) == 0.0
    assert policy.wait_before_retry(1, 0.0, _answer(503, "Wed, 21 Oct 2015 07:28:00 -0000")) == 0.0


# "٣" is a digit to str.isdigit(), but not one that Retry-After may use.
@pytest.mark.parametrize("unreadable", ["soon", "-1", "1.5", "٣".encode(), ""])
def test_an_unreadable_retry_after_falls_back_to_backoff(
    unreadable: str | bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    _highest_jitter(monkeypatch)

    assert RetryPolicy().wait_before_retry(1, 0.0, _answer(429, unreadable)) == 0.5


def test_backoff_caps_double_from_base_delay_up_to_max_delay(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _highest_jitter(monkeypatch)
    policy = RetryPolicy(max_attempts=100, max_total_time=10_000)

    caps = [policy.wait_before_retry(attempt, 0.0, _answer(503)) for attempt in range(1, 8)]

    assert caps == [0.5, 1.0, 2.0, 4.0, 8.0, 8.0, 8.0]
    assert policy.wait_before_retry(99, 0.0, None) == 8.0  # no overflow far out


def test_backoff_is_full_jitter_between_zero_and_the_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    ranges: list[tuple[float, float]] = []

    def uniform(low: float, high: float) -> float:
        ranges.append((low, high))
        return low

    monkeypatch.setattr(random, "uniform", uniform)
    policy = RetryPolicy(base_delay=0.25, max_delay=0.75)

    waits = [policy.wait_before_retry(attempt, 0.0, None) for attempt in (1, 2, 3)]

    assert waits == [0.0, 0.0, 0.0]
    assert ranges == [(0.0, 0.25), (0.0, 0.5), (0.0, 0.75)]


@pytest.mark.parametrize("status", [200, 201, 400, 401, 404, 409, 501])
def test_an_answer_a_retry_cannot_change_stops_at_once(status: int) -> None:
    assert RetryPolicy().wait_before_retry(1, 0.0, _answer(status, retry_after="1")) is None


def test_retry_statuses_say_which_answers_are_retried() -> None:
    policy = RetryPolicy(retry_statuses=frozenset({418}))

    assert policy.wait_before_retry(1, 0.0, _answer(418, retry_after="1")) == 1.0
    assert policy.wait_before_retry(1, 0.0, _answer(503, retry_after="1")) is None


def test_max_attempts_counts_the_first_send() -> None:
    policy = RetryPolicy(max_attempts=3)

    assert policy.wait_before_retry(2, 0.0, _answer(503, retry_after="1")) == 1.0
    assert policy.wait_before_retry(3, 0.0, _answer(503, retry_after="1")) is None
    assert RetryPolicy(max_attempts=1).wait_before_retry(1, 0.0, None) is None


def test_no_wait_may_start_an_attempt_after_the_total_time() -> None:
    policy = RetryPolicy(max_attempts=10, max_total_time=10)

    assert policy.wait_before_retry(1, 6.0, _answer(429, retry_after="4")) == 4.0
    assert policy.wait_before_retry(1, 6.5, _answer(429, retry_after="4")) is None
    assert policy.wait_before_retry(1, 0.0, _answer(429, retry_after="60")) is None


# RetryPolicy.allows_retry_of: which requests may be sent twice.


@pytest.mark.parametrize("method", ["GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE"])
def test_idempotent_requests_may_be_retried(method: str) -> None:
    assert RetryPolicy().allows_retry_of(httpx.Request(method, URL, content=b"{}"))


@pytest.mark.parametrize("method", ["POST", "PATCH"])
def test_post_and_patch_are_not_retried_by_default(method: str) -> None:
    assert not RetryPolicy().allows_retry_of(httpx.Request(method, URL, json={}))


def test_retry_post_opts_post_in_but_not_patch() -> None:
    policy = RetryPolicy(retry_post=True)

    assert policy.allows_retry_of(httpx.Request("POST", URL, json={}))
    assert not policy.allows_retry_of(httpx.Request("PATCH", URL, json={}))


def test_a_streamed_body_is_never_retried() -> None:
    request = httpx.Request("PUT", URL, content=iter([b"{}"]))

    assert not RetryPolicy().allows_retry_of(request)


# Attempts: the state one send() keeps, sync or async.


class FakeClock:
    """Monotonic seconds that move only when a test says so."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_attempts_wait_until_max_attempts_then_stop() -> None:
    clock = FakeClock()
    attempts = Attempts(RetryPolicy(max_attempts=3, clock=clock), _get())

    waits = [attempts.wait_after(_answer(503, retry_after="2")) for _ in range(3)]

    assert waits == [2.0, 2.0, None]


def test_attempts_measure_the_total_time_from_the_first_send() -> None:
    clock = FakeClock()
    clock.now = 100.0  # the clock's zero is not the first send
    attempts = Attempts(RetryPolicy(max_attempts=10, max_total_time=5, clock=clock), _get())

    clock.now += 3  # a slow first answer
    assert attempts.wait_after(_answer(503, retry_after="1")) == 1.0
    clock.now += 1.5  # the wait, then a fast second answer
    assert attempts.wait_after(_answer(503, retry_after="1")) is None


def test_attempts_retry_a_connection_error_like_a_retried_status() -> None:
    attempts = Attempts(RetryPolicy(max_attempts=2, max_delay=0), _get())

    assert attempts.wait_after(httpx.ConnectError("refused")) == 0.0
    assert attempts.wait_after(httpx.ConnectError("refused")) is None


def test_attempts_send_once_without_a_policy_or_for_a_request_it_refuses() -> None:
    no_policy = Attempts(None, _get())
    post = Attempts(RetryPolicy(), httpx.Request("POST", URL, json={}))

    assert no_policy.wait_after(_answer(503, retry_after="1")) is None
    assert post.wait_after(_answer(503, retry_after="1")) is None
    assert post.wait_after(httpx.ReadError("reset")) is None


@pytest.mark.parametrize(
    "unprocessed", [_answer(429, retry_after="1"), httpx.ConnectError("refused")], ids=repr
)
def test_attempts_send_a_post_again_only_when_it_was_not_processed(
    unprocessed: httpx.Response | Exception,
) -> None:
    """A 429 refused the POST, a connection never made never sent it: both safe to repeat."""
    post = Attempts(RetryPolicy(max_delay=0), httpx.Request("POST", URL, json={}))

    assert post.wait_after(unprocessed) is not None
    assert post.wait_after(_answer(503)) is None
    assert post.wait_after(httpx.ConnectTimeout("slow")) is not None
    streamed = Attempts(RetryPolicy(), httpx.Request("POST", URL, content=iter([b"{}"])))
    assert streamed.wait_after(unprocessed) is None  # a streamed body cannot be sent again


def test_attempts_log_each_retry_without_the_headers(caplog: pytest.LogCaptureFixture) -> None:
    request = httpx.Request("GET", URL, headers={"Authorization": "Bearer secret-key"})
    attempts = Attempts(RetryPolicy(max_delay=0), request)

    with caplog.at_level(logging.INFO, logger="spirii_chargebox_client.client"):
        attempts.wait_after(_answer(429, retry_after="2"))
        attempts.wait_after(httpx.ReadError("reset"))

    assert caplog.messages == [
        f"GET {URL}: answered 429; sending again (attempt 2 of 4) in 2.00 s",
        f"GET {URL}: ReadError('reset'); sending again (attempt 3 of 4) in 0.00 s",
    ]
    assert "secret-key" not in caplog.text


# The page walk.


@dataclass
class Page:
    """A page as the generated model has it: items and the next page's cursor."""

    data: list[int]
    next_page_cursor: object = None


@dataclass
class Answer:
    """A generated Response to a page request, as much as the walk reads."""

    parsed: object
    status_code: int = 200
    content: bytes = b"{}"
    headers: dict[str, str] = field(default_factory=dict)
    operation: str = "list_numbers"
    parse_error: Exception | None = None


@dataclass
class Server:
    """Answers page requests from a script keyed by cursor, recording the cursors asked for."""

    pages: dict[str | None, Answer]
    asked: list[str | None] = field(default_factory=list)

    def fetch(self, cursor: str | None) -> Answer:
        self.asked.append(cursor)
        if len(self.asked) > 2 * len(self.pages):
            pytest.fail(f"the walk goes on and on: cursors asked for {self.asked}")
        return self.pages[cursor]

    async def afetch(self, cursor: str | None) -> Answer:
        return self.fetch(cursor)


def _walk(server: Server) -> list[int]:
    return list(walk_pages("list_numbers", Page, server.fetch))


def _awalk(server: Server) -> list[int]:
    async def walk() -> list[int]:
        return [item async for item in awalk_pages("list_numbers", Page, server.afetch)]

    return asyncio.run(walk())


Walker = Callable[[Server], list[int]]


@pytest.fixture(params=[_walk, _awalk], ids=["sync", "async"])
def walk_all(request: pytest.FixtureRequest) -> Walker:
    """walk_pages or awalk_pages, run to the end: the two share PageWalk."""
    walker: Walker = request.param
    return walker


@pytest.mark.parametrize("last_cursor", [None, "", UNSET])
def test_the_walk_follows_cursors_from_the_first_page_to_the_last(
    walk_all: Walker, last_cursor: object
) -> None:
    server = Server(
        {
            None: Answer(Page([1, 2], "c1")),
            "c1": Answer(Page([3], "c2")),
            "c2": Answer(Page([4, 5], last_cursor)),
        }
    )

    assert walk_all(server) == [1, 2, 3, 4, 5]
    assert server.asked == [None, "c1", "c2"]


def test_a_page_that_is_not_a_200_page_ends_the_walk_naming_the_cursor(walk_all: Walker) -> None:
    server = Server({None: Answer(Page([1], "c1")), "c1": Answer(None, 503, b"busy")})

    with pytest.raises(UnexpectedStatus) as failure:
        walk_all(server)

    assert (failure.value.status_code, failure.value.cursor) == (503, "c1")
    assert failure.value.operation == "list_numbers"
    assert str(failure.value) == (
        "list_numbers: the page after cursor 'c1' was answered 503 Service Unavailable: body 'busy'"
    )


@pytest.mark.parametrize(
    ("status", "headers", "error_class"),
    [(429, {"Retry-After": "7"}, RateLimited), (401, {}, AuthError)],
)
def test_a_page_s_error_is_what_unwrap_raises_for_it_with_the_cursor(
    walk_all: Walker, status: int, headers: dict[str, str], error_class: type[SpiriiError]
) -> None:
    """A documented error answer (it parsed) raises its status' class, headers and all."""
    answer = Answer({"error": {}}, status, b'{"message": "no"}', headers)
    server = Server({None: Answer(Page([1], "c1")), "c1": answer})

    with pytest.raises(error_class) as failure:
        walk_all(server)

    assert type(failure.value) is error_class
    assert failure.value.cursor == "c1"
    assert failure.value.headers == headers
    assert failure.value.message == "no"
    assert "the page after cursor 'c1' was answered" in str(failure.value)


def test_a_repeated_cursor_ends_the_walk_after_that_page_s_items() -> None:
    server = Server(
        {
            None: Answer(Page([1], "c1")),
            "c1": Answer(Page([2], "c2")),
            "c2": Answer(Page([3], "c1")),
        }
    )
    items: list[int] = []

    with pytest.raises(RepeatedPageCursor) as failure:
        items.extend(walk_pages("list_numbers", Page, server.fetch))

    assert items == [1, 2, 3]
    assert server.asked == [None, "c1", "c2"]
    assert failure.value.cursor == "c1"
    assert "list_numbers: nextPageCursor 'c1' was sent a second time" in str(failure.value)


def test_both_walks_stop_on_a_repeated_cursor(walk_all: Walker) -> None:
    server = Server({None: Answer(Page([1], "c1")), "c1": Answer(Page([2], "c1"))})

    with pytest.raises(RepeatedPageCursor):
        walk_all(server)


def test_page_walk_reads_a_page_only_from_a_200_that_parsed_as_one() -> None:
    walk = PageWalk("list_numbers", Page)

    assert walk.page_of(Answer(Page([1]))) == Page([1])
    for answer in (Answer(Page([1]), 203), Answer({"data": []}), Answer(None, 200)):
        with pytest.raises(UnexpectedStatus, match="the first page was answered"):
            walk.page_of(answer)


def test_page_walk_state_moves_only_on_follow() -> None:
    walk = PageWalk("list_numbers", Page)
    assert (walk.cursor, walk.finished) == (None, False)

    walk.follow("c1")
    assert (walk.cursor, walk.finished) == ("c1", False)

    walk.follow(None)
    assert (walk.cursor, walk.finished) == ("c1", True)


def test_every_error_a_walk_raises_is_a_spirii_error() -> None:
    error = RepeatedPageCursor(operation="list_numbers", cursor="c1")

    assert isinstance(error, SpiriiError)
    assert error.cursor == "c1"
    assert str(error).startswith("list_numbers: nextPageCursor 'c1' was sent a second time")
