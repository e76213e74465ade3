"""What a generated client checks, sends and shows about its own settings: refusing a base URL or
an API key that cannot work when the client is built, the headers every request carries (the
User-Agent, the key), request and response hooks that work in the sync and the async client alike,
and a repr that never shows the key.

client.py.jinja pastes this file into the generated client.py below runtime/retry.py, as it is
(the generator writes no module of our choosing; both sit at the package's top, so `.errors`
names the same module in both places). On its own it is checked by ruff and mypy --strict; its
behaviour is unit-tested through the generated package in tests/test_client_setup.py.
"""

import urllib.parse
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import attrs
import httpx

from .errors import ConfigurationError

RequestHook = Callable[[httpx.Request], object]
"""Called with every request, each retry included, just before it is sent."""

ResponseHook = Callable[[httpx.Response], object]
"""Called with every answer, each retried one included, as soon as its headers arrived (before the
body is read: `status_code`, `headers`, `request` are there, `content` and `elapsed` are not)."""

# Header names whose values a repr never shows (compared lower-case), besides the client's own
# auth_header_name.
_SECRET_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie", "x-api-key"})
_REDACTED = "<redacted>"


def check_base_url(base_url: object, operation_roots: Sequence[str]) -> None:
    """Raise ConfigurationError, saying what to pass instead, for a base URL no request can go to:
    one without an http(s) scheme and a host, or one ending in a path every operation's own path
    starts with (`https://api.spirii.com/v2`: each request would go to `/v2/v2/...` and answer
    404, which reads as a missing charge box). `operation_roots` are those first path segments,
    from the spec (`/v2`)."""
    if isinstance(base_url, httpx.URL):
        base_url = str(base_url)
    if not isinstance(base_url, str):
        raise ConfigurationError(
            f"base_url must be a str such as 'https://api.spirii.com', got {base_url!r}"
        )
    parts = urllib.parse.urlsplit(base_url)
    if base_url != base_url.strip() or parts.scheme not in {"http", "https"} or not parts.netloc:
        bare = base_url.strip()
        suggestion = (
            f"'https://{bare}'" if "://" not in bare and bare else "'https://api.spirii.com'"
        )
        raise ConfigurationError(
            f"base_url {base_url!r} is not an http(s) URL with a host: pass the scheme and host,"
            f" e.g. {suggestion} (production: 'https://api.spirii.com', sandbox:"
            " 'https://sandbox.api.spirii.com')"
        )
    path = parts.path.rstrip("/")
    for root in operation_roots:
        if path.endswith(root):
            without = urllib.parse.urlunsplit(parts._replace(path=path[: -len(root)]))
            raise ConfigurationError(
                f"base_url {base_url!r} ends in {root!r}, which every operation's path already"
                f" starts with ({root}/chargeboxes): requests would go to {root}{root}/... and"
                f" be answered 404. Pass {without!r}"
            )


def check_token(token: object) -> None:
    """Raise ConfigurationError, saying what to pass instead, for an API key no request can carry:
    empty (every request would be refused, or not even sent), or with whitespace or a character
    an HTTP header cannot hold (a newline read from a file)."""
    if not isinstance(token, str) or not token.strip():
        raise ConfigurationError(
            f"token is {token!r}: pass the API key Spirii issued, e.g."
            " token=os.environ['SPIRII_API_KEY'] (for the bundled mock: 'spirii-mock-key')"
        )
    if token != token.strip():
        raise ConfigurationError(
            "token starts or ends with whitespace (a newline read from a file or an environment"
            " variable?): pass token.strip()"
        )
    if not all("!" <= character <= "~" for character in token):
        raise ConfigurationError(
            "token holds a character an HTTP header cannot carry (a space, a control character or"
            " one outside ASCII): pass the API key exactly as Spirii issued it"
        )


def request_headers(
    user_agent: str, headers: Mapping[str, str], auth: tuple[str, str] | None = None
) -> httpx.Headers:
    """The headers every request of a client carries: `User-Agent` (which `headers` may
    override), `headers`, and the `auth` header (name, value) last, so nothing overrides it."""
    built = httpx.Headers({"User-Agent": user_agent})
    built.update(headers)
    if auth is not None:
        built[auth[0]] = auth[1]
    return built


def sync_event_hooks(
    given: Mapping[str, Iterable[Callable[..., Any]]] | None,
    on_request: Iterable[RequestHook],
    on_response: Iterable[ResponseHook],
) -> dict[str, list[Callable[..., Any]]]:
    """httpx.Client's `event_hooks`: those `given` in httpx_args, then the client's own."""
    given = given or {}
    return {
        "request": [*given.get("request", ()), *on_request],
        "response": [*given.get("response", ()), *on_response],
    }


def async_event_hooks(
    given: Mapping[str, Iterable[Callable[..., Any]]] | None,
    on_request: Iterable[RequestHook],
    on_response: Iterable[ResponseHook],
) -> dict[str, list[Callable[..., Any]]]:
    """httpx.AsyncClient's `event_hooks`: those `given` in httpx_args as they are (httpx awaits
    them), then the client's own plain functions, each wrapped in a coroutine function that
    calls it, so one hook serves both clients."""
    given = given or {}
    return {
        "request": [*given.get("request", ()), *map(_awaitable, on_request)],
        "response": [*given.get("response", ()), *map(_awaitable, on_response)],
    }


def _awaitable(hook: Callable[[Any], object]) -> Callable[[Any], Any]:
    async def call(event: Any) -> None:
        hook(event)

    return call


def client_repr(client: attrs.AttrsInstance, auth_header_name: str | None = None) -> str:
    """A client's repr with every setting it was built with, under the names its constructor
    takes, but never a secret: the token, the values of the auth header and of other
    credential headers, cookies, and what httpx_args holds (a proxy URL may carry a password)
    are shown as redacted or by key only; a repr ends up in logs."""
    secret_headers = _SECRET_HEADERS | {(auth_header_name or "").lower()}
    shown: list[str] = []
    for attribute in attrs.fields(type(client)):
        if not attribute.init:
            continue
        name = attribute.alias or attribute.name
        value = getattr(client, attribute.name)
        if name == "token":
            text = _REDACTED
        elif name == "headers":
            text = repr(
                {
                    header: _REDACTED if header.lower() in secret_headers else content
                    for header, content in value.items()
                }
            )
        elif name == "cookies":
            text = repr(dict.fromkeys(value, _REDACTED))
        elif name == "httpx_args":
            text = "{" + ", ".join(f"{key!r}: ..." for key in value) + "}"
        else:
            text = repr(value)
        shown.append(f"{name}={text}")
    return f"{type(client).__name__}({', '.join(shown)})"
