"""Serve an ASGI app on a free port (loopback unless told otherwise) in a background thread, for
tests and the guard."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn
from starlette.types import ASGIApp


@contextmanager
def serving(app: ASGIApp, host: str = "127.0.0.1") -> Iterator[str]:
    """Run `app` on `host` (a port the OS picks) and yield its base URL; stop it on exit.

    Tests serve on loopback only (127.0.0.0/8, ::1); to have the guard pace a server here as it
    paces the vendor's, set SPIRII_CONTRACT_PACE=1.
    """
    # Port 0 lets uvicorn bind and configure the socket itself: a socket handed in from outside
    # answered every request ~40 ms late (Nagle against delayed ACKs).
    # No lifespan: wrappers that buffer an app's messages (tests' recorders, rewriters) would
    # swallow its startup. The real NestJS personality starts node on the first request instead.
    config = uvicorn.Config(
        app, host=host, port=0, log_level="warning", access_log=False, lifespan="off"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError(f"the server on {host} did not start")
        time.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    netloc = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    try:
        yield f"http://{netloc}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
