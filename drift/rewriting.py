"""Wrappers that change what an honest server answers, for the drift catalog: the answer's
charge boxes or the whole exchange (status, headers, body) rewritten before it leaves, or the
request's headers before the server sees them. Any ASGI app can be wrapped: the mock, a Python
personality, or the proxy to the real NestJS."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

ChargeBoxRewrite = Callable[[dict[str, Any]], dict[str, Any]]


@dataclass
class Exchange:
    """One request and its answer, as a rewrite sees and changes it."""

    method: str
    path: str
    query: str
    headers: dict[str, str]
    status: int
    response_headers: dict[str, str]
    body: Any  # the decoded JSON body, or None when the answer was not JSON
    raw: bytes  # the body as sent, when `body` is None
    memory: dict[str, Any]  # what rewrites of this server remember between its exchanges


ExchangeRewrite = Callable[[Exchange], None]


def _chargeboxes_in(path: str, status: int, body: Any) -> list[dict[str, Any]]:
    if status // 100 != 2 or not isinstance(body, dict):
        return []
    if path == "/v2/chargeboxes" and isinstance(body.get("data"), list):
        return [box for box in body["data"] if isinstance(box, dict)]
    return [body] if "serialNumber" in body else []


class Rewriting:
    """Buffers each answer of the mock and lets the drift rewrite it before it leaves."""

    def __init__(
        self, app: ASGIApp, chargebox: ChargeBoxRewrite | None, exchanges: list[ExchangeRewrite]
    ) -> None:
        self.app, self.chargebox, self.exchanges = app, chargebox, exchanges
        self.memory: dict[str, Any] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start: dict[str, Any] = {}
        chunks: list[bytes] = []

        async def buffer(message: Message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        await self.app(scope, receive, buffer)
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in start["headers"]}
        raw = b"".join(chunks)
        is_json = "json" in headers.get("content-type", "")
        exchange = Exchange(
            method=scope["method"],
            path=scope["path"],
            query=scope["query_string"].decode("latin-1"),
            headers={k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]},
            status=start["status"],
            response_headers=headers,
            body=json.loads(raw) if is_json and raw else None,
            raw=raw,
            memory=self.memory,
        )
        if self.chargebox is not None:
            boxes = _chargeboxes_in(exchange.path, exchange.status, exchange.body)
            for box in boxes:
                rewritten = self.chargebox(json.loads(json.dumps(box)))
                box.clear()
                box.update(rewritten)
        for rewrite in self.exchanges:
            rewrite(exchange)
        body = exchange.raw if exchange.body is None else json.dumps(exchange.body).encode()
        exchange.response_headers["content-length"] = str(len(body))
        await send(
            {
                "type": "http.response.start",
                "status": exchange.status,
                "headers": [
                    (k.encode("latin-1"), v.encode("latin-1"))
                    for k, v in exchange.response_headers.items()
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


class RequestHeaders:
    """Changes the request headers before the mock sees them."""

    def __init__(self, app: ASGIApp, rewrite: Callable[[dict[str, str]], dict[str, str]]) -> None:
        self.app, self.rewrite = app, rewrite

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
            new = self.rewrite(headers)
            scope = dict(scope)
            scope["headers"] = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in new.items()]
        await self.app(scope, receive, send)
