"""The API's paths as the guard names them: the charge box collection, a charge box's segment in
a path, the spec's path an actual one belongs to, and the paths that reach real hardware."""

from __future__ import annotations

import re
from functools import cache

from spec import operations, template_of

COLLECTION = "/v2/chargeboxes"
_CHARGEBOX_PATH = re.compile(r"^/v2/chargeboxes/(?P<id>[^/]+)(/.*)?$")


def id_segment(value: object) -> str | None:
    """A charge box's wire `id` as it goes in a path, whatever its wire type (`42`, `"42"`,
    `42.0`); None for what cannot name one (absent, null, a bool, an object, an empty string)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, str) and value.strip() and "/" not in value:
        return value.strip()
    return None


def chargebox_of(path: str) -> str | None:
    """The charge box segment an actual path reaches (`/v2/chargeboxes/42/reset` -> `42`), or
    None when it reaches none (the collection itself, another path)."""
    match = _CHARGEBOX_PATH.match(path)
    return None if match is None else match["id"]


def spec_path(path: str) -> str:
    """The spec's path an actual path belongs to (`/v2/chargeboxes/{id}`), else the path itself."""
    return template_of(path) or path


@cache
def remote_control_paths() -> frozenset[str]:
    """The spec's paths of operations marked `x-remote-control`: they act on real hardware."""
    return frozenset(
        path for _, path, operation in operations() if operation.get("x-remote-control")
    )
