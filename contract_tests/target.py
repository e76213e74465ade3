"""Which server the drift guard checks, read from the environment (the kit's public interface).

- `SPIRII_BASE_URL` unset: the bundled mock, started by the suite on a free loopback port.
- `SPIRII_BASE_URL` set: that server, with `SPIRII_API_KEY`. Writes (creating charge boxes)
  run only with `SPIRII_ALLOW_WRITES=1`; `SPIRII_LOCATION_ID` / `SPIRII_MODEL_ID` make generated
  create bodies use a real location and model. A writes run deletes what it created at its end,
  unless `SPIRII_KEEP_CREATED=1`. Reset and reboot (real hardware) reach a live target only with
  `SPIRII_ALLOW_REMOTE_CONTROL=1`, and only the charge box `SPIRII_REMOTE_CONTROL_CHARGEBOX_ID`.
- `SPIRII_PREVIOUS_REPORT` names the previous run's contract-summary.json: the report then says
  which drift is new and since when the rest has been seen (history.py).
- `SPIRII_CONTRACT_SEED` fixes the run's randomness and `SPIRII_CONTRACT_EXAMPLES` is the
  example budget per operation; unset, schemathesis.toml's `seed` and `max-examples` hold.
- `SPIRII_CONTRACT_BUDGET_SECONDS` is the run's wall time (default 600): past it nothing more is
  sent but the clean-up, and the run is inconclusive, saying what it did and did not check.
- `SPIRII_CONTRACT_PACE=1` paces requests under the vendor's limits even on this machine's
  loopback (for tests, and for a vendor reached through a local proxy); a remote server always is.

The environment is read once per run (`configured`); the bundled mock gets a key made up for
the run, so no key of the kit's is ever a constant.
"""

from __future__ import annotations

import ipaddress
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from urllib.parse import urlsplit

from contract_tests.settings import settings

_SHORTEST_KEY = 8
# What the kit prints wherever a secret (an API key, a publish password) would have been.
REDACTED = "[redacted]"


class Secret(str):
    """A string that never shows itself in a repr: a traceback, a strategy's repr, a report."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"'{REDACTED}'"


class TargetError(ValueError):
    """The environment does not describe a target the guard can check."""


@dataclass(frozen=True)
class Target:
    """A server to check and how to talk to it. The key is kept out of `repr`."""

    base_url: str | None  # None: the bundled mock, whose URL is known once it runs
    api_key: str = field(repr=False)
    allow_writes: bool
    seed: int | None  # None: schemathesis.toml's
    examples: int | None  # None: schemathesis.toml's
    max_pages: int  # of the list, read whole by the account walk (account.py)
    location_id: int | None = None
    model_id: int | None = None
    # The one charge box reset/reboot may act on (SPIRII_ALLOW_REMOTE_CONTROL=1 and
    # SPIRII_REMOTE_CONTROL_CHARGEBOX_ID); None: no remote control reaches a live target.
    remote_control_id: int | None = None
    keep_created: bool = False  # SPIRII_KEEP_CREATED=1: leave what the run created in place
    # SPIRII_PREVIOUS_REPORT: the previous run's contract-summary.json, for "since when"
    previous_report: str | None = None
    budget_seconds: float = 600.0  # SPIRII_CONTRACT_BUDGET_SECONDS (default: guard.toml's)
    force_pacing: bool = False  # SPIRII_CONTRACT_PACE=1: paced on loopback too

    @property
    def is_live(self) -> bool:
        """True when the target is a server the kit does not run itself."""
        return self.base_url is not None

    @property
    def headers(self) -> dict[str, str]:
        """The headers every request to the target carries: its key, as a bearer token."""
        return {"Authorization": Secret(f"Bearer {self.api_key}")}

    @property
    def is_rate_limited(self) -> bool:
        """True for a remote live server, or with SPIRII_CONTRACT_PACE=1: requests are paced
        under the vendor's limits there.

        A server on this machine's loopback is a test double, not the vendor.
        """
        host = urlsplit(self.base_url).hostname if self.base_url else None
        return host is not None and (self.force_pacing or not is_loopback(host))


def is_loopback(host: str) -> bool:
    """Whether `host` is this machine's loopback: `localhost`, 127.0.0.0/8 or ::1."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _integer(env: Mapping[str, str], name: str) -> int | None:
    text = env.get(name, "").strip()
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        raise TargetError(f"{name} must be a whole number, got {text!r}") from None


def _budget(env: Mapping[str, str]) -> float:
    text = env.get("SPIRII_CONTRACT_BUDGET_SECONDS", "").strip()
    if not text:
        return settings().time.budget_seconds
    try:
        seconds = float(text)
    except ValueError:
        seconds = 0.0
    if not seconds > 0 or seconds == float("inf"):
        raise TargetError(
            f"SPIRII_CONTRACT_BUDGET_SECONDS must be a number of seconds above 0, got {text!r}"
        )
    return seconds


def _flag(env: Mapping[str, str], name: str) -> bool:
    """A `1` / unset switch; anything else is refused, so a typo does not silently mean off."""
    text = env.get(name, "").strip()
    if text not in ("", "0", "1"):
        raise TargetError(f"{name} must be 1 (on) or unset, got {text!r}")
    return text == "1"


def from_environment(env: Mapping[str, str] = os.environ) -> Target:
    """Read the target from `env`, failing with the variable's name when a value is unusable."""
    budget, force_pacing = _budget(env), _flag(env, "SPIRII_CONTRACT_PACE")
    seed = _integer(env, "SPIRII_CONTRACT_SEED")
    examples = _integer(env, "SPIRII_CONTRACT_EXAMPLES")
    if examples is not None and examples < 1:
        raise TargetError(f"SPIRII_CONTRACT_EXAMPLES must be at least 1, got {examples}")
    max_pages = _integer(env, "SPIRII_CONTRACT_MAX_PAGES")
    if max_pages is not None and max_pages < 1:
        raise TargetError(f"SPIRII_CONTRACT_MAX_PAGES must be at least 1, got {max_pages}")
    pages = settings().walk.max_pages if max_pages is None else max_pages
    previous = env.get("SPIRII_PREVIOUS_REPORT", "").strip() or None
    base_url = env.get("SPIRII_BASE_URL", "").strip().rstrip("/")
    if not base_url:
        return Target(
            base_url=None,
            api_key=secrets.token_urlsafe(16),
            allow_writes=True,
            seed=seed,
            examples=examples,
            max_pages=pages,
            previous_report=previous,
            budget_seconds=budget,
            force_pacing=force_pacing,
        )
    if not base_url.startswith(("http://", "https://")):
        raise TargetError(f"SPIRII_BASE_URL must start with http:// or https://, got {base_url!r}")
    api_key = env.get("SPIRII_API_KEY", "")
    if not api_key:
        raise TargetError(
            f"SPIRII_API_KEY is empty or unset, and a live target ({base_url}) needs it "
            "(in CI: the secret SPIRII_API_KEY)"
        )
    if len(api_key) < _SHORTEST_KEY:
        # The key is masked wherever it appears in output: a key this short would mask ordinary
        # words and break the JSON report, and is not a real key either.
        raise TargetError(f"SPIRII_API_KEY must be at least {_SHORTEST_KEY} characters long")
    return Target(
        base_url=base_url,
        api_key=api_key,
        allow_writes=env.get("SPIRII_ALLOW_WRITES", "") == "1",
        seed=seed,
        examples=examples,
        max_pages=pages,
        location_id=_integer(env, "SPIRII_LOCATION_ID"),
        model_id=_integer(env, "SPIRII_MODEL_ID"),
        remote_control_id=_remote_control_id(env),
        keep_created=env.get("SPIRII_KEEP_CREATED", "") == "1",
        previous_report=previous,
        budget_seconds=budget,
        force_pacing=force_pacing,
    )


def _remote_control_id(env: Mapping[str, str]) -> int | None:
    """The charge box a live run may reset and reboot: both settings, or neither."""
    allowed = env.get("SPIRII_ALLOW_REMOTE_CONTROL", "") == "1"
    chargebox_id = _integer(env, "SPIRII_REMOTE_CONTROL_CHARGEBOX_ID")
    if allowed and chargebox_id is None:
        raise TargetError(
            "SPIRII_ALLOW_REMOTE_CONTROL=1 needs SPIRII_REMOTE_CONTROL_CHARGEBOX_ID: the one "
            "charge box the run may reset and reboot"
        )
    return chargebox_id if allowed else None


@cache
def configured() -> Target:
    """The run's target, read once from this process' environment."""
    return from_environment(os.environ)
