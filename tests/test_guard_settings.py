"""The guard's own rules, one by one and without a server: what counts as this machine, the time
budget and pacing switches, how long a 429 asks to wait, and the gate giving up in bounded time."""

from __future__ import annotations

import email.utils
import time
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import Any

import pytest

from contract_tests.budget import OutOfTime
from contract_tests.checks import CheckFailed, list_pages_lead_on
from contract_tests.gate import Gate
from contract_tests.paths import id_segment
from contract_tests.retries import wait_asked
from contract_tests.settings import SettingsError, parse, settings
from contract_tests.target import (
    Target,
    TargetError,
    from_environment,
    is_loopback,
)
from tests.conftest import FakeClock

LIVE = {"SPIRII_BASE_URL": "http://127.0.0.2:8080", "SPIRII_API_KEY": "sk-settings-1234"}


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1", "127.0.0.2", "127.255.0.9", "::1"])
def test_every_loopback_address_is_this_machine(host: str) -> None:
    assert is_loopback(host)


@pytest.mark.parametrize("host", ["10.0.0.1", "192.168.1.5", "api.spirii.com", "::2"])
def test_other_hosts_are_remote(host: str) -> None:
    assert not is_loopback(host)


def test_a_loopback_target_is_paced_only_when_asked() -> None:
    assert not from_environment(LIVE).is_rate_limited
    assert from_environment(LIVE | {"SPIRII_CONTRACT_PACE": "1"}).is_rate_limited
    remote = LIVE | {"SPIRII_BASE_URL": "https://sandbox.api.spirii.com"}
    assert from_environment(remote).is_rate_limited


def test_the_time_budget_defaults_to_ten_minutes_and_is_checked() -> None:
    assert from_environment(LIVE).budget_seconds == settings().time.budget_seconds == 600
    assert from_environment(LIVE | {"SPIRII_CONTRACT_BUDGET_SECONDS": "90"}).budget_seconds == 90
    for bad in ("0", "-5", "ten", "inf", "nan"):
        with pytest.raises(TargetError, match="SPIRII_CONTRACT_BUDGET_SECONDS"):
            from_environment(LIVE | {"SPIRII_CONTRACT_BUDGET_SECONDS": bad})
    with pytest.raises(TargetError, match="SPIRII_CONTRACT_PACE"):
        from_environment(LIVE | {"SPIRII_CONTRACT_PACE": "yes"})


def _answer(status: int, **headers: str) -> Any:
    return SimpleNamespace(status_code=status, headers=headers, json=dict)


def test_a_429_says_how_long_to_wait_in_every_form_servers_use() -> None:
    soon = datetime.now(UTC) + timedelta(seconds=30)
    assert wait_asked(_answer(429, **{"Retry-After": "7"})) == 7
    # RFC 5322's "-0000" (a date whose zone is unknown): crashed the guard's own parser once.
    minus_zero = email.utils.format_datetime(soon.replace(tzinfo=None))
    assert minus_zero.endswith("-0000")
    assert 25 < (wait_asked(_answer(429, **{"Retry-After": minus_zero})) or 0) <= 30
    assert wait_asked(_answer(429, **{"Retry-After": "soon"})) is None
    # @nestjs/throttler: seconds until the window ends; the vendor's guide: Unix seconds.
    assert wait_asked(_answer(429, **{"X-RateLimit-Reset": "60"})) == 60
    unix = str(int(time.time()) + 40)
    assert 35 < (wait_asked(_answer(429, **{"X-RateLimit-Reset": unix})) or 0) <= 40


@pytest.mark.parametrize(
    ("wire", "segment"),
    [(42, "42"), ("42", "42"), (42.0, "42"), ("CB-7", "CB-7"), (True, None), (None, None)],
)
def test_a_created_id_is_tracked_whatever_its_wire_type(wire: object, segment: str | None) -> None:
    assert id_segment(wire) == segment


def _gate(budget: float, clock: FakeClock) -> Gate:
    target = from_environment(LIVE | {"SPIRII_CONTRACT_BUDGET_SECONDS": str(budget)})
    assert isinstance(target, Target)
    return Gate(target, clock)


def test_a_wait_past_the_budget_ends_the_sending_at_once() -> None:
    clock = FakeClock()
    gate = _gate(5, clock)
    sent: list[str] = []

    def throttled() -> Any:
        sent.append("GET")
        return _answer(429, **{"Retry-After": "60"})

    started = clock.monotonic()
    answer = gate.send("GET", "/v2/chargeboxes", throttled)
    assert answer.status_code == 429  # judged as answered: a 429 is allowed everywhere
    assert clock.slept == [], "the gate waited although the wait breaks the budget"
    assert clock.monotonic() == started
    assert "ran out" in gate.out_of_time
    with pytest.raises(OutOfTime):
        gate.send("GET", "/v2/chargeboxes", throttled)
    assert sent == ["GET"]
    # The clean-up still runs, in a grace period of its own.
    gate.budget.start_cleanup()
    assert gate.send("GET", "/v2/chargeboxes", lambda: _answer(200)).status_code == 200


def _page(limit: int, boxes: int, **extra: Any) -> tuple[Any, Any]:
    body = {"data": [{"id": i} for i in range(boxes)], "previousPageCursor": None, **extra}
    response = SimpleNamespace(
        status_code=200, headers={"content-type": ["application/json"]}, json=lambda: body
    )
    case = SimpleNamespace(
        method="GET", operation=SimpleNamespace(path="/v2/chargeboxes"), query={"limit": limit}
    )
    return response, case


@pytest.mark.parametrize(
    ("boxes", "extra"),
    [(100, {"nextPageCursor": "MjAw"}), (100, {"nextPageCursor": None}), (40, {"cursor": "x"})],
    ids=["a cursor", "a full last page", "a short page"],
)
def test_a_page_that_ends_the_list_is_not_truncation(boxes: int, extra: dict[str, Any]) -> None:
    response, case = _page(100, boxes, **extra)
    list_pages_lead_on(None, response, case)  # type: ignore[arg-type]


@pytest.mark.parametrize("renamed", ["cursor", "next", "nextCursor"])
def test_a_full_page_with_the_cursor_under_another_name_is_truncation(renamed: str) -> None:
    response, case = _page(100, 100, **{"nextPageCursor": None, renamed: "MjAw"})
    with pytest.raises(CheckFailed, match=renamed) as failure:
        list_pages_lead_on(None, response, case)  # type: ignore[arg-type]
    assert failure.value.checks == ("list_pages_lead_on",)


def test_guard_toml_refuses_a_typo_a_wrong_type_and_a_missing_key() -> None:
    document = {name: dict(vars(section).items()) for name, section in vars(settings()).items()}
    as_toml = {
        name: {
            key.replace("_", "-"): list(v) if isinstance(v, tuple) else v for key, v in s.items()
        }
        for name, s in document.items()
    }
    assert parse(as_toml) == settings()
    typo = as_toml | {"pacing": as_toml["pacing"] | {"reads-per-minut": 600}}
    with pytest.raises(SettingsError, match="reads-per-minut"):
        parse(typo)
    wrong = as_toml | {"retries": as_toml["retries"] | {"attempts": "3"}}
    with pytest.raises(SettingsError, match="attempts"):
        parse(wrong)
    missing = as_toml | {"time": {"budget-seconds": 600.0}}
    with pytest.raises(SettingsError, match="cleanup-grace-seconds"):
        parse(missing)
    flag = as_toml | {"retries": as_toml["retries"] | {"transient-statuses": [429, True]}}
    with pytest.raises(SettingsError, match="transient-statuses"):
        parse(flag)
