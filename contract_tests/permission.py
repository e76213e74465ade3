"""Safety: what a run may send to its target at all, and which charge boxes it may touch.

Against a live target without SPIRII_ALLOW_WRITES=1 only GET, HEAD and OPTIONS leave the
machine; with it, a create (`POST /v2/chargeboxes`) too, and a DELETE, PUT, PATCH or POST to a
charge box only when this run created it. Remote control (the operations openapi.yaml marks
`x-remote-control`: reset, reboot) acts on real hardware: it is sent only to the one charge box
SPIRII_REMOTE_CONTROL_CHARGEBOX_ID names, with SPIRII_ALLOW_REMOTE_CONTROL=1, and never to
another, created or not. Anything else is withheld (never sent) and listed in the summary. The
bundled mock is probed with every method.
"""

from __future__ import annotations

from collections.abc import Collection

from contract_tests.paths import COLLECTION, chargebox_of, remote_control_paths, spec_path
from contract_tests.target import Target

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class Withheld(Exception):
    """A request the gate did not send, because it could change what the run did not create."""


def may_exercise(target: Target, method: str, template: str) -> bool:
    """The read-only rule, in one place: whether a run with `target`'s settings sends `method` on
    the spec's path `template` at all (which charge boxes it may touch is `admits`').

    The bundled mock gets everything. A live target gets GET, HEAD and OPTIONS; with
    SPIRII_ALLOW_WRITES=1 the rest, but DELETE when SPIRII_KEEP_CREATED=1 (what the run created
    stays); remote control only with SPIRII_ALLOW_REMOTE_CONTROL=1 and its charge box.
    """
    method = method.upper()
    if not target.is_live or method in SAFE_METHODS:
        return True
    if template in remote_control_paths():
        return target.remote_control_id is not None
    if method == "DELETE":
        return target.allow_writes and not target.keep_created
    return target.allow_writes


def admits(target: Target, method: str, path: str, created: Collection[str]) -> bool:
    """Whether `method` on the actual `path` may be sent to `target`: its settings allow the kind
    of request (`may_exercise`), and it reaches only a charge box the run may touch (one of
    `created`, the path segments of those the run created; for remote control, the named one)."""
    method, template = method.upper(), spec_path(path)
    if not may_exercise(target, method, template):
        return False
    if not target.is_live or method in SAFE_METHODS:
        return True
    chargebox = chargebox_of(path)
    if template in remote_control_paths():
        return method == "POST" and chargebox == str(target.remote_control_id)
    if path == COLLECTION:
        return method == "POST"
    return chargebox is not None and chargebox in created
