"""The charge-box API on the real NestJS, on Express and on Fastify: two personalities whose
errors, routing and limits are what the vendor's framework does, not what we think it does.

drift/personalities.py imitates NestJS in Python; an imitation is a guess. Here a small Nest app
(drift/nestjs/: a controller, class-validator DTOs, ParseIntPipe, an API-key guard and
@nestjs/throttler, everything else the framework's defaults) runs in a node process, and the
personality is a transparent reverse proxy to it, so the catalog can wrap it in the same ASGI
middlewares as any other personality.

Installing and building the app is drift/nestjs_build.py's job.

- `real_nestjs(adapter, ...)`, `nestjs_express`, `nestjs_fastify`: the personalities.

Unlike the Python personalities, the app keeps its own state: the store's charge boxes are copied
into it when it starts (as a seed file), and what happens afterwards stays in node.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import weakref
from collections.abc import Mapping
from pathlib import Path
from typing import IO, Any

import httpx
from starlette.types import ASGIApp, Receive, Scope, Send

from drift.nestjs_build import NESTJS_DIR, FrameworkError, ensure_built, node_path
from drift.personalities import Personality
from mock.server import MODEL_CATALOG, ChargeBoxStore, chargebox_json, model_json

ADAPTERS = ("express", "fastify")
# High enough that no test or guard run is throttled; a test of the throttler asks for less.
DEFAULT_THROTTLE_LIMIT = 100_000
DEFAULT_THROTTLE_TTL_SECONDS = 60
START_TIMEOUT_SECONDS = 20.0
# Below Node's default keep-alive timeout (5 s): a pooled connection the server has just closed
# would fail the next request sent on it.
_KEEPALIVE_EXPIRY_SECONDS = 2.0
_REQUEST_TIMEOUT_SECONDS = 30.0
_READY_LINE = re.compile(rb"^listening on http://127\.0\.0\.1:([0-9]+)$", re.MULTILINE)
# Connection-specific fields (RFC 9110 §7.6.1), which a proxy forwards in neither direction.
_HOP_BY_HOP = frozenset(
    {
        *(b"connection", b"keep-alive", b"proxy-connection", b"te", b"trailer"),
        *(b"transfer-encoding", b"upgrade"),
    }
)
# And node's Date: the ASGI server in front sends its own (two would disagree), as nginx
# replaces an upstream's.
_NOT_FORWARDED_BACK = _HOP_BY_HOP | {b"date"}


def seed_document(store: ChargeBoxStore) -> dict[str, Any]:
    """What the app starts with: the mock's model catalog (with each model's connectors, which a
    new charge box is given) and every charge box of `store`, as the mock renders it."""
    models = [
        {
            "model": model_json(model),
            "evses": [[connector._asdict() for connector in evse] for evse in model.evses],
        }
        for model in sorted(MODEL_CATALOG.values(), key=lambda model: model.id)
    ]
    # One page holding everything, through `page`: the one read every store, a subclass that
    # renumbers ids included, answers as the API would list it.
    chargeboxes = store.page(sys.maxsize).chargeboxes
    return {"models": models, "chargeboxes": [chargebox_json(box) for box in chargeboxes]}


class _NodeApp:
    """One node process serving the app on a loopback port the OS chose, and a client for it."""

    def __init__(
        self, adapter: str, api_key: str, seed: dict[str, Any], limit: int, ttl_seconds: int
    ) -> None:
        main = ensure_built()
        self.workdir = Path(tempfile.mkdtemp(prefix=f"spirii-nestjs-{adapter}-"))
        seed_path = self.workdir / "seed.json"
        seed_path.write_text(json.dumps(seed), encoding="utf-8")
        self.log_path = self.workdir / "node.log"
        environment = {
            "PATH": os.environ.get("PATH", ""),
            "NO_COLOR": "1",  # Nest's logger writes plain lines to the log file
            "SPIRII_NEST_ADAPTER": adapter,
            "SPIRII_NEST_PORT": "0",
            "SPIRII_NEST_API_KEY": api_key,
            "SPIRII_NEST_SEED": str(seed_path),
            "SPIRII_NEST_THROTTLE_LIMIT": str(limit),
            "SPIRII_NEST_THROTTLE_TTL_MS": str(ttl_seconds * 1000),
            "SPIRII_NEST_EXIT_WITH_PARENT": "1",
        }
        started = time.monotonic()
        # Output to a file, not a pipe: nobody reads a pipe once the app is up, and a full one
        # would stall the server on its next log line.
        with self.log_path.open("wb") as log:
            self.process: subprocess.Popen[bytes] = subprocess.Popen(  # noqa: S603 (our app)
                [node_path(), str(main)],
                cwd=NESTJS_DIR,
                env=environment,
                stdin=subprocess.PIPE,  # held open while we live; see main.ts
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        # Synchronous httpx, in a worker thread: Fastify answers a body over its limit 413 and
        # closes the connection before reading the rest, and node's close then resets it. A
        # blocking socket still reads the 413 that arrived first; asyncio's transport closes
        # itself on the failed write, and the async client loses the answer (2 times in 3).
        self.client = httpx.Client(
            timeout=_REQUEST_TIMEOUT_SECONDS,
            limits=httpx.Limits(keepalive_expiry=_KEEPALIVE_EXPIRY_SECONDS),
            trust_env=False,  # loopback, never through a proxy from the environment
        )
        # httpx's own defaults (User-Agent, Accept, Accept-Encoding) would change the request.
        self.client.headers.clear()
        try:
            self.port = self._wait_until_ready(started + START_TIMEOUT_SECONDS)
        except BaseException:
            self.stop()
            raise
        self.startup_seconds = time.monotonic() - started

    @property
    def base_url(self) -> str:
        """Where the app answers."""
        return f"http://127.0.0.1:{self.port}"

    def log(self) -> str:
        """What node has written so far, its last 40 lines."""
        with contextlib.suppress(OSError):
            lines = self.log_path.read_text(encoding="utf-8", errors="replace").splitlines()
            return "\n".join(lines[-40:])
        return "(no log)"

    def _wait_until_ready(self, deadline: float) -> int:
        while True:
            with contextlib.suppress(OSError):
                ready = _READY_LINE.search(self.log_path.read_bytes())
                if ready is not None:
                    return int(ready[1])
            if self.process.poll() is not None:
                message = f"the NestJS app exited with {self.process.returncode} while starting"
                raise FrameworkError(f"{message}:\n{self.log()}")
            if time.monotonic() > deadline:
                message = f"the NestJS app did not start within {START_TIMEOUT_SECONDS:g} s"
                raise FrameworkError(f"{message}:\n{self.log()}")
            time.sleep(0.01)

    def exchange(
        self, method: str, target: str, headers: list[tuple[bytes, bytes]], body: bytes
    ) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
        """Send one request to node as given; its status, headers and body as node sent them."""
        request = self.client.build_request(
            method,
            httpx.URL(self.base_url).copy_with(raw_path=target.encode("ascii")),
            headers=headers,
            content=body,
        )
        try:
            response = self.client.send(request, stream=True)
        except httpx.TransportError as error:
            if self.process.poll() is not None:
                raise FrameworkError(f"the NestJS app has exited:\n{self.log()}") from error
            raise
        try:
            # Raw: byte for byte what node sent, compressed or not.
            content = b"".join(response.iter_raw())
        finally:
            response.close()
        return response.status_code, list(response.headers.raw), content

    def stop(self) -> None:
        """End the process (it exits by itself when its stdin closes) and remove its files."""
        self.client.close()
        stdin: IO[bytes] | None = self.process.stdin
        if stdin is not None:
            with contextlib.suppress(OSError):
                stdin.close()
        for end in (None, self.process.terminate, self.process.kill):
            if end is not None:
                with contextlib.suppress(OSError):
                    end()
            try:
                self.process.wait(timeout=3)
                break
            except subprocess.TimeoutExpired:
                continue
        shutil.rmtree(self.workdir, ignore_errors=True)


def _checked(adapter: str) -> str:
    if adapter not in ADAPTERS:
        raise ValueError(f"adapter: expected one of {', '.join(ADAPTERS)}, got {adapter!r}")
    return adapter


def _forwardable(
    headers: list[tuple[bytes, bytes]], drop: frozenset[bytes]
) -> list[tuple[bytes, bytes]]:
    """Headers less `drop` and those the Connection field names as connection-specific."""
    named = {
        token.strip().lower()
        for name, value in headers
        if name.lower() == b"connection"
        for token in value.split(b",")
    }
    return [(name, value) for name, value in headers if name.lower() not in drop | named]


def _request_target(scope: Scope) -> str:
    raw_path: bytes = scope.get("raw_path") or scope["path"].encode("utf-8")
    query: bytes = scope["query_string"]
    target = raw_path + b"?" + query if query else raw_path
    # httpx takes a target in ASCII only: a raw byte outside it is sent percent-encoded.
    return re.sub(rb"[^\x21-\x7e]", lambda byte: b"%%%02X" % byte[0][0], target).decode("ascii")


async def _request_body(receive: Receive) -> bytes:
    body = bytearray()
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        body += message.get("body", b"")
        if not message.get("more_body", False):
            break
    return bytes(body)


class NestJSProxy:
    """The ASGI face of a real NestJS app: every request forwarded as it came (method, target,
    headers, body), every answer sent back as node sent it, less what is connection-specific.

    The node process starts on the ASGI lifespan's startup, or on the first request when the
    server runs no lifespan (mock/serving.py's `serving` does not), and stops on the lifespan's
    shutdown, on `stop()`, when this object is collected, or at interpreter exit; node also exits
    by itself when this process dies, however it dies (its stdin closes).
    """

    def __init__(
        self,
        adapter: str,
        api_key: str,
        store: ChargeBoxStore,
        *,
        throttle_limit: int = DEFAULT_THROTTLE_LIMIT,
        throttle_ttl_seconds: int = DEFAULT_THROTTLE_TTL_SECONDS,
    ) -> None:
        self.adapter, self._api_key, self._store = _checked(adapter), api_key, store
        self._limit, self._ttl_seconds = throttle_limit, throttle_ttl_seconds
        self._starting = threading.Lock()
        self._node: _NodeApp | None = None
        self._stopper: weakref.finalize[Any, Any] | None = None

    def start(self) -> _NodeApp:
        """Start node, seeded with the store's charge boxes as they are now (once; idempotent)."""
        with self._starting:
            if self._node is None:
                node = _NodeApp(
                    self.adapter,
                    self._api_key,
                    seed_document(self._store),
                    self._limit,
                    self._ttl_seconds,
                )
                # Holds the node app, not this proxy, so this proxy can still be collected.
                self._stopper = weakref.finalize(self, node.stop)
                self._node = node
            return self._node

    def stop(self) -> None:
        """Stop node; a later request starts a new one, seeded afresh from the store."""
        with self._starting:
            if self._stopper is not None:
                self._stopper()
            self._node, self._stopper = None, None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
        elif scope["type"] == "http":
            await self._proxy(scope, receive, send)

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                try:
                    await asyncio.to_thread(self.start)
                except Exception as error:
                    await send({"type": "lifespan.startup.failed", "message": str(error)})
                    return
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await asyncio.to_thread(self.stop)
                await send({"type": "lifespan.shutdown.complete"})
                return

    async def _proxy(self, scope: Scope, receive: Receive, send: Send) -> None:
        body = await _request_body(receive)
        headers = _forwardable(list(scope["headers"]), _HOP_BY_HOP)
        target = _request_target(scope)

        def exchange() -> tuple[int, list[tuple[bytes, bytes]], bytes]:
            return self.start().exchange(scope["method"], target, headers, body)

        status, answer_headers, content = await asyncio.to_thread(exchange)
        lowered = [(name.lower(), value) for name, value in answer_headers]
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": _forwardable(lowered, _NOT_FORWARDED_BACK),
            }
        )
        await send({"type": "http.response.body", "body": content})


def stop_node(app: object) -> None:
    """Stop the node process of the NestJS app `app` serves, through any wrappers (their `app`),
    if it has one: a catalog run's server is done with when its run is. Without this, node lived
    on until the proxy happened to be collected: a test worker held dozens of idle apps."""
    while app is not None and not isinstance(app, NestJSProxy):
        app = getattr(app, "app", None)
    if app is not None:
        app.stop()


def real_nestjs(
    adapter: str,
    *,
    throttle_limit: int = DEFAULT_THROTTLE_LIMIT,
    throttle_ttl_seconds: int = DEFAULT_THROTTLE_TTL_SECONDS,
) -> Personality:
    """The real NestJS app on `adapter` (express or fastify), @nestjs/throttler allowing
    `throttle_limit` requests per `throttle_ttl_seconds` from one client to one route."""
    _checked(adapter)

    def serve(api_key: str, store: ChargeBoxStore) -> ASGIApp:
        return NestJSProxy(
            adapter,
            api_key,
            store,
            throttle_limit=throttle_limit,
            throttle_ttl_seconds=throttle_ttl_seconds,
        )

    return serve


nestjs_express = real_nestjs("express")
nestjs_fastify = real_nestjs("fastify")

REAL_NESTJS: Mapping[str, Personality] = {
    "nestjs_express": nestjs_express,
    "nestjs_fastify": nestjs_fastify,
}
"""The real NestJS personalities, by name."""
